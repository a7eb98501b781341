//! Chinese rule text → [`Rule`].
//!
//! Reads the 评分标准 / 指标说明 text of a rubric row. The canonical readings
//! printed by jixiao (see each kind's docs) parse back to the same rule.
//! Anything subjective (视情扣分) or not understood becomes
//! [`Rule::Manual`] with the reason: never a guess shown as certain. When a
//! sign or bound is inferred rather than written, a note says so.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::clauses::{clauses, prepare, strip_definitions};
use super::manual;
use super::tokens::{
    Num, before, cn_number, from_percent, has_comparator, numbers, points_after, points_in,
    points_with_max, threshold_value,
};
use super::{
    Band, Bands, Bound, BySign, CompareAmounts, CountDeduction, Direction, LinearDeduction,
    Proportional, Rule, StepRounding,
};
use crate::metrics::MetricUnit;

pub use super::manual::full_marks_if_not_applicable;

/// What the text says.
#[derive(Debug, Clone, PartialEq)]
pub enum Parse {
    /// A rule, with notes on anything inferred.
    Rule { rule: Rule, notes: Vec<String> },
    /// The text defines the metric (a formula) but states no scoring standard.
    NoStandard,
    /// Subjective or not understood.
    Manual { reason: String },
}

impl Parse {
    pub(super) fn rule(rule: Rule, notes: Vec<String>) -> Parse {
        Parse::Rule { rule, notes }
    }

    pub(super) fn manual(reason: impl Into<String>) -> Parse {
        Parse::Manual {
            reason: reason.into(),
        }
    }

    /// The rule, manual when there is none.
    pub fn into_rule(self) -> (Rule, Vec<String>) {
        match self {
            Parse::Rule { rule, notes } => (rule, notes),
            Parse::NoStandard => (
                Rule::Manual {
                    reason: "未写评分标准".to_string(),
                },
                Vec::new(),
            ),
            Parse::Manual { reason } => (Rule::Manual { reason }, Vec::new()),
        }
    }
}

/// Parses a rule text for a row worth `max` points whose metric has `unit`.
///
/// ```
/// use jixiao::rules::parse::{parse_rule, Parse};
/// use jixiao::metrics::MetricUnit;
/// use rust_decimal_macros::dec;
/// let p = parse_rule("80%及以上计满分，60%及以上计3分，40%及以上计2分，40%以下的计1分。", dec!(4), MetricUnit::Percent);
/// let Parse::Rule { rule, .. } = p else { panic!() };
/// assert_eq!(rule.reading(MetricUnit::Percent), "分档计分：≥80%计4分；≥60%计3分；≥40%计2分；<40%计1分");
/// ```
pub fn parse_rule(text: &str, max: Decimal, unit: MetricUnit) -> Parse {
    // "不涉及…得满分" is handled with the metric (see `full_marks_if_not_applicable`).
    let t = manual::without_not_applicable(&prepare(text));
    if t.is_empty() {
        return Parse::NoStandard;
    }
    if let Some(p) = manual::recognise(&t) {
        return p;
    }
    let standard = strip_definitions(&t);
    if standard.is_empty() {
        return Parse::NoStandard;
    }
    let s = standard.as_str();
    if s.contains("结余") && s.contains("上年结转") {
        return compare(s, max);
    }
    if let Some(p) = by_sign(s, max) {
        return p;
    }
    if let Some(p) = proportional(s, unit) {
        return p;
    }
    if is_count(s) {
        return count(s);
    }
    if s.contains('每') && s.contains('扣') {
        return linear(s, max, unit);
    }
    bands(s, max, unit)
}

fn compare(s: &str, max: Decimal) -> Parse {
    let (mut none, mut within, mut over) = (None, None, None);
    for clause in clauses(s) {
        let p = points_with_max(&clause, Some(max));
        if clause.contains("无结余") || clause.contains("没有结余") {
            none = p;
        } else if clause.contains("不超过上年结转")
            || clause.contains("未超过上年结转")
            || clause.contains("不高于上年结转")
        {
            within = p;
        } else if clause.contains("超过上年结转") || clause.contains("高于上年结转") {
            over = p;
        }
    }
    match (none, within, over) {
        (Some(n), Some(w), Some(o)) => Parse::rule(
            Rule::Compare(CompareAmounts {
                none: n,
                within: w,
                over: o,
            }),
            Vec::new(),
        ),
        _ => Parse::manual(
            "结余比较规则不完整（需写明无结余、不超过上年结转、超过上年结转三种情形的得分）",
        ),
    }
}

fn by_sign(s: &str, max: Decimal) -> Option<Parse> {
    let pos = |c: &str| {
        ["大于0", ">0", "高于0", "增加", "上升"]
            .iter()
            .any(|w| c.contains(w))
    };
    let zero = |c: &str| ["等于0", "=0", "持平"].iter().any(|w| c.contains(w));
    let neg = |c: &str| {
        ["小于0", "<0", "低于0", "下降", "减少"]
            .iter()
            .any(|w| c.contains(w))
    };
    let cl = clauses(s);
    if cl.iter().any(|c| c.contains('每')) {
        return None;
    }
    let find = |f: &dyn Fn(&str) -> bool| {
        cl.iter()
            .find(|c| f(c) && points_in(c).is_some())
            .and_then(|c| points_with_max(c, Some(max)))
    };
    let (p, z, n) = (find(&pos), find(&zero), find(&neg));
    let mut notes = Vec::new();
    let rule = match (p, z, n) {
        (Some(p), Some(z), Some(n)) => BySign {
            positive: p,
            zero: z,
            negative: n,
        },
        (Some(p), Some(z), None) => {
            notes.push("未写明小于0的情形，按等于0计分（推断）".to_string());
            BySign {
                positive: p,
                zero: z,
                negative: z,
            }
        }
        _ => return None,
    };
    Some(Parse::rule(Rule::BySign(rule), notes))
}

fn proportional(s: &str, unit: MetricUnit) -> Option<Parse> {
    let words = [
        "按比例计分",
        "按执行比率计分",
        "按比例得分",
        "同比例扣减",
        "按比例扣减",
        "按完成比例计分",
        "×分值",
        "*分值",
        "得分=指标实际完成值",
        "得分系数",
    ];
    if !words.iter().any(|w| s.contains(w)) {
        return None;
    }
    let lower_is_better = s.contains("越低越好") || s.contains("按超支比例");
    // A target other than 100%: "÷90%" in the canonical form.
    let mut notes = Vec::new();
    let target = s
        .find('÷')
        .and_then(|_| numbers(s).into_iter().find(|n| n.percent))
        .map_or(Decimal::ONE, |n| threshold_value(&n, unit, &mut notes));
    Some(Parse::rule(
        Rule::Proportional(Proportional {
            target,
            lower_is_better,
        }),
        notes,
    ))
}

fn is_count(s: &str) -> bool {
    let words = [
        "每出现",
        "每发现",
        "每有一",
        "每少一",
        "有一次",
        "有一项",
        "每一项",
        "每一例",
        "每一次",
        "每例",
        "每项",
        "每次",
        "每个",
        "一天扣",
        "每天扣",
        "每逾期",
    ];
    s.contains('扣') && words.iter().any(|w| s.contains(w)) && !s.contains("百分点")
}

fn count(s: &str) -> Parse {
    let from = s.find('每').unwrap_or(0);
    let Some(i) = s[from..].find('扣').map(|i| i + from) else {
        return Parse::manual("未找到扣分数");
    };
    match numbers(&s[i..]).first() {
        Some(n) if !n.percent => {
            Parse::rule(Rule::Count(CountDeduction { per: n.value }), Vec::new())
        }
        _ => Parse::manual("未能识别每次扣分的分数"),
    }
}

fn linear(s: &str, max: Decimal, unit: MetricUnit) -> Parse {
    let mut notes = Vec::new();
    let Some(every) = s.find('每') else {
        return Parse::manual("未能识别扣分规则");
    };
    let tail = &s[every..];
    let Some(k) = tail.find('扣') else {
        return Parse::manual("未能识别扣分规则");
    };
    let step_text = &tail[..k];
    // The side is named in the clause that holds "每": "超过100%的部分每1个百分点".
    let clause_start = s[..every]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, ';' | ',' | '。' | ':'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let side_text = &s[clause_start..every + k];
    let Some(deduct) = numbers(&tail[k..])
        .first()
        .filter(|n| !n.percent)
        .map(|n| n.value)
    else {
        return Parse::manual("未能识别每档扣分的分数");
    };
    let direction = if ["偏离", "偏差"].iter().any(|w| side_text.contains(w)) {
        Direction::Both
    } else if ["超过", "高于", "增加", "上升", "提高", "超出"]
        .iter()
        .any(|w| side_text.contains(w))
    {
        Direction::Above
    } else if ["低于", "减少", "降低", "下降", "不足", "少"]
        .iter()
        .any(|w| side_text.contains(w))
    {
        Direction::Below
    } else {
        return Parse::manual("未能识别扣分方向（超过还是低于）");
    };
    // Step size and a threshold written inside "每低于100%一个百分点".
    let nums = numbers(step_text);
    let (mut step, mut inner_threshold) = (dec!(0.01), None);
    if let Some(pp) = step_text.find("百分点") {
        let lead = &step_text[..pp];
        let n_before: Vec<&Num> = nums.iter().filter(|n| n.end <= pp).collect();
        let count_text = lead.trim_end_matches('个');
        let last = n_before
            .last()
            .filter(|n| n.end == count_text.len() || lead[n.end..].starts_with('个'));
        step = match last {
            Some(n) if !n.percent => from_percent(n.value),
            _ => {
                let cn = lead
                    .char_indices()
                    .rev()
                    .find_map(|(i, _)| cn_number(&lead[i..]));
                from_percent(cn.unwrap_or(Decimal::ONE))
            }
        };
        inner_threshold = nums.iter().find(|n| n.percent && n.end <= pp).copied();
    } else if let Some(n) = nums.iter().find(|n| n.percent) {
        // "每低于5%扣2分": a step of 5 percentage points.
        step = n.value;
    }
    let rounding = if s.contains("不足一档按比例") {
        StepRounding::Exact
    } else if s.contains("不足一档按一档") || s.contains("不足一个百分点按一个百分点")
    {
        StepRounding::Ceil
    } else if s.contains("不足一档不扣") || s.contains("不足一个百分点不扣") || step > dec!(0.01)
    {
        StepRounding::Floor
    } else {
        StepRounding::Exact
    };
    // The threshold: inside the step text, else "以X为标准", else a comparison before "每".
    let head = &s[..every];
    let mut full = None;
    let threshold = if let Some(n) = inner_threshold {
        n.value
    } else if let Some(i) = head
        .find("以")
        .filter(|i| head[*i..].contains("为标准") || head[*i..].contains("为基准"))
    {
        let n = numbers(&head[i..]).first().copied();
        let compared = numbers(head)
            .into_iter()
            .any(|m| points_after(head, &m).is_none() && has_comparator(head, &m));
        if let (Some(n), false) = (n, compared) {
            let shown = &head[i + n.start..i + n.end];
            notes.push(format!(
                "原文只写“以{shown}为标准”，未写比较符号，按“{}{shown}”理解（推断）",
                direction.good_side()
            ));
        }
        n.map_or(Decimal::ONE, |n| threshold_value(&n, unit, &mut notes))
    } else if let Some(n) = numbers(head)
        .into_iter()
        .find(|n| points_after(head, n).is_none())
    {
        if !has_comparator(head, &n) {
            let sign = direction.good_side();
            notes.push(format!(
                "原文在“{}”前缺少比较符号，按“{sign}{}”理解（推断）",
                &head[n.start..n.end],
                &head[n.start..n.end]
            ));
        }
        threshold_value(&n, unit, &mut notes)
    } else {
        let t = if unit == MetricUnit::Percent {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
        notes.push(format!(
            "未写明标准值，按{}计（推断）",
            super::show_threshold(t, unit)
        ));
        t
    };
    if let Some(p) = points_with_max(head, Some(max))
        && p != max
        && p != Decimal::MAX
    {
        full = Some(p);
    }
    Parse::rule(
        Rule::Linear(LinearDeduction {
            threshold,
            direction,
            step,
            deduct,
            rounding,
            full,
        }),
        notes,
    )
}

/// One band's condition from its clause.
fn condition(
    clause: &str,
    unit: MetricUnit,
    notes: &mut Vec<String>,
) -> Option<(Option<Bound>, Option<Bound>)> {
    let nums: Vec<Num> = numbers(clause)
        .into_iter()
        .filter(|n| points_after(clause, n).is_none())
        .collect();
    let as_value = |n: &Num, notes: &mut Vec<String>, pct_hint: bool| {
        if pct_hint && !n.percent && unit == MetricUnit::Percent {
            from_percent(n.value)
        } else {
            threshold_value(n, unit, notes)
        }
    };
    // Canonical interval: [a,b) (a,b] …
    if let Some(open) = clause.find(['[', '('])
        && let Some(close) = clause[open..].find([']', ')']).map(|c| c + open)
        && clause[open..close].contains(',')
    {
        let inner = &clause[open + 1..close];
        let ns = numbers(inner);
        if ns.len() == 2 {
            let pct = ns.iter().any(|n| n.percent);
            let (a, b) = (as_value(&ns[0], notes, pct), as_value(&ns[1], notes, pct));
            return Some((
                Some(Bound {
                    value: a,
                    inclusive: clause[open..].starts_with('['),
                }),
                Some(Bound {
                    value: b,
                    inclusive: clause[close..].starts_with(']'),
                }),
            ));
        }
    }
    // Ranges: 80%(含)-90%, 0-10%(含), 80%至90%
    for w in nums.windows(2) {
        let gap = &clause[w[0].end..w[1].start];
        let gap_core = gap.replace("(含)", "");
        if ["-", "至", "到"].contains(&gap_core.as_str()) {
            let pct = w.iter().any(|n| n.percent);
            let lower_incl = gap.starts_with("(含)");
            let upper_incl = clause[w[1].end..].starts_with("(含)");
            if !lower_incl && !upper_incl {
                notes.push(format!(
                    "区间“{}”未写明端点是否含，按含下限、不含上限理解（推断）",
                    &clause[w[0].start..w[1].end]
                ));
            }
            return Some((
                Some(Bound {
                    value: as_value(&w[0], notes, pct),
                    inclusive: lower_incl || !upper_incl,
                }),
                Some(Bound {
                    value: as_value(&w[1], notes, pct),
                    inclusive: upper_incl,
                }),
            ));
        }
    }
    for n in &nums {
        let lead = before(clause, n.start, 4);
        let after = &clause[n.end..];
        let after = after
            .strip_prefix("(含)")
            .map_or(after, |a| if a.starts_with("以") { a } else { after });
        let v = as_value(n, notes, false);
        let ends = |ws: &[&str]| ws.iter().any(|w| lead.ends_with(w));
        let starts = |ws: &[&str]| ws.iter().any(|w| after.starts_with(w));
        let bound = if ends(&[
            "≥",
            "不低于",
            "不少于",
            "达到",
            "达",
            "大于等于",
            "大于或等于",
        ]) || starts(&["及以上", "以上", "(含)以上"])
        {
            (Some(Bound::inclusive(v)), None)
        } else if ends(&["≤", "不超过", "不高于", "小于等于", "小于或等于", "不大于"])
            || starts(&["及以下", "以内", "(含)以下"])
        {
            (None, Some(Bound::inclusive(v)))
        } else if ends(&[">", "大于", "高于", "超过", "超出"]) {
            (Some(Bound::exclusive(v)), None)
        } else if ends(&["<", "小于", "低于", "不足", "不到", "未达到", "未达"])
            || starts(&["以下"])
        {
            (None, Some(Bound::exclusive(v)))
        } else if ends(&["=", "等于", "为"]) {
            (Some(Bound::inclusive(v)), Some(Bound::inclusive(v)))
        } else {
            continue;
        };
        return Some(bound);
    }
    None
}

fn bands(s: &str, max: Decimal, unit: MetricUnit) -> Parse {
    let mut notes = Vec::new();
    let mut list = Vec::new();
    let mut unconditioned = 0;
    for clause in clauses(s.trim_start_matches("分档计分:")) {
        let Some(points) = points_with_max(&clause, Some(max)) else {
            continue;
        };
        match condition(&clause, unit, &mut notes) {
            Some((lower, upper)) => list.push(Band {
                lower,
                upper,
                points,
            }),
            None => unconditioned += 1,
        }
    }
    if list.is_empty() {
        return if unconditioned >= 2 {
            Parse::manual("按评价要点逐项打分，需人工判断")
        } else {
            Parse::manual("未能识别评分标准")
        };
    }
    if unconditioned > 0 {
        notes.push(format!("有{unconditioned}处得分未写明条件，已忽略"));
    }
    Parse::rule(Rule::Bands(Bands { bands: list }), notes)
}

#[cfg(test)]
mod tests;

//! Linear deduction from a threshold (每超过/每低于一个百分点扣N分).
//!
//! ## What it reads
//! Full marks on the good side of a threshold, or within a range
//! (`98%-102%之间的得满分`); on the bad side, a deduction per step (one
//! percentage point unless stated), floor 0 (扣完为止), and optionally 0
//! beyond a cut-off (`低于85%的不得分`). The bad side is above, below, or both
//! (deviation either way, from the range's ends). A text is linear when it
//! says 每…扣 and is not a count (每出现一个…扣) nor per item (每少1个项目),
//! and its step is not measured from a named reference (序时进度). The
//! threshold is the one inside the step (每低于100%一个百分点), else the
//! full-marks clause, else `以X为标准`; a missing comparison sign or
//! threshold is inferred with a note. How a partial step counts is always
//! named: 按比例 (the default for one point), 不扣 (the default, inferred, for
//! wider steps) or 按一档扣, as written (`不足1个百分点的按1个百分点扣`).
//!
//! ## Wordings seen
//! - 云溪区 (seed 002, 财政供养人员控制率): "以100%为标准。在职人员控制率≦100%，计5分；
//!   每超过一个百分点扣0.5分，扣完为止。"
//! - 云溪区 (seed 002, 三公经费变动率): "“三公经费”变动率≦0,计5分；“三公经费”＞0，
//!   每超过一个百分点扣0.5分，扣完为止。"
//! - 云溪区 (seed 002, 三公经费控制率): "以100%为标准。三公经费控制率≦100%，计6分；
//!   每超过一个百分点扣1分，扣完为止。"
//! - 云溪区 (seed 002, 政府采购执行率): "政府采购执行率等于100%的，得3分；每减少一个百分点，
//!   扣0.2分，扣完为止。"
//! - 云溪区 (seed 002, 公务卡刷卡率): "公务卡刷卡率达50％以上的，得3分。每减少一个百分点，
//!   扣0.2分，扣完为止。"
//! - 云溪区 (seed 002, 固定资产利用率): "每低于100%一个百分点扣0.1分，扣完为止。"
//! - issue 3 (sign lost in publication): "以100%为标准。在职人员控制率100%，计5分；
//!   每超过一个百分点扣0.5分，扣完为止。" (read as ≤100%, with a note)
//! - issue 3 (whole steps): "执行率100%得10分，每低于5%扣2分"
//! - (test wording, both sides): "预算完成率为100%的，计3分；每偏离100%一个百分点扣0.1分，扣完为止。"
//!
//! - issue 7: "公用经费控制率在98%-102%之间的得满分，每偏离1个百分点扣0.3分";
//!   "资金到位率100%得满分，每降低1个百分点扣0.2分，低于85%的不得分"; "每超过1个
//!   百分点扣1分（不足1个百分点的按1个百分点扣）"
//!
//! ## Canonical form
//! `线性扣分：≤100%计满分；超过100%的部分每1个百分点扣0.5分（不足1个百分点按比例扣），扣完为止`
//! (`低于…的部分`, `偏离…的部分` for the other sides; `[98%,102%]计满分；超出该区间的部分…`
//! for a range; `（不足1个百分点不扣）`, `（不足1个百分点按1个百分点扣）`, `（不足一档…）`
//! for the partial-step convention; `；<85%计0分` for a cut-off)
//!
//! ## Example
//! 三公经费变动率 80.55% with "≤0 满分，每超过一个百分点扣0.5分" on 5 points:
//! 80.55 × 0.5 = 40.275 > 5, so 0.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use super::bands::{Bound, interval};
use super::clauses::{Clause, is_standard};
use super::tokens::{
    Cond, Num, Points, award, cn_number, condition, from_percent, numbers, threshold_value,
};
use super::{
    Claim, Rule, RuleInput, Step, pts, round_score, scale_opt, scale_points, show_threshold,
    show_value, uncovered,
};
use crate::base::checked::{self, Checked, OutOfRange};
use crate::metrics::MetricUnit;

/// Which side of the threshold loses points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Above,
    Below,
    Both,
}

impl Direction {
    /// The comparison that keeps full marks: `≤` when going above loses points.
    pub fn good_side(self) -> &'static str {
        match self {
            Direction::Above => "≤",
            Direction::Below => "≥",
            Direction::Both => "=",
        }
    }

    /// The word for the losing side: 超过, 低于, 偏离.
    pub fn bad_side(self) -> &'static str {
        match self {
            Direction::Above => "超过",
            Direction::Below => "低于",
            Direction::Both => "偏离",
        }
    }
}

/// How a partial step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepRounding {
    /// In proportion: half a point over deducts half the amount.
    Exact,
    /// Only whole steps count (不足一档不扣).
    Floor,
    /// A started step counts whole (不足一档按一档扣).
    Ceil,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinearDeduction {
    /// The threshold; the lower edge when full marks span a range.
    pub threshold: Decimal,
    /// The upper edge when full marks span a range (`98%-102%之间的得满分`).
    pub threshold_high: Option<Decimal>,
    pub direction: Direction,
    /// Size of one step in the metric's unit (0.01 = one percentage point).
    pub step: Decimal,
    /// Points deducted per step.
    pub deduct: Decimal,
    pub rounding: StepRounding,
    /// Points on the good side when not the row's 分值.
    pub full: Option<Decimal>,
    /// Beyond this bound on the losing side the score is 0
    /// (`低于85%的不得分`).
    pub cutoff: Option<Bound>,
}

impl LinearDeduction {
    /// Full marks on the good side of `threshold`, `deduct` points per
    /// `step` beyond it, partial steps in proportion.
    pub fn new(threshold: Decimal, direction: Direction, step: Decimal, deduct: Decimal) -> Self {
        LinearDeduction {
            threshold,
            threshold_high: None,
            direction,
            step,
            deduct,
            rounding: StepRounding::Exact,
            full: None,
            cutoff: None,
        }
    }
}

/// The per-step deduction clause: "每超过一个百分点扣0.5分".
#[derive(Debug, Clone)]
struct Deduction {
    direction: Direction,
    step: Decimal,
    deduct: Decimal,
    /// A threshold written in the clause ("每低于100%一个百分点",
    /// "超过100%的部分每…", "“三公经费”>0，每超过…").
    threshold: Option<Decimal>,
    /// A partial-step convention in brackets after the amount.
    rounding: Option<StepRounding>,
    /// The clause gives a range's side ("超出该区间的部分").
    range_side: bool,
    /// The far end of a band the deduction is limited to
    /// ("80%≤满意度<90%，每降低1个百分点扣0.2分"): a cut-off clause must
    /// say what lies beyond it.
    band_end: Option<Decimal>,
}

/// Reads "每超过/每低于/每偏离…扣N分" with its full-marks clause, its
/// cut-off (低于85%的不得分), its partial-step convention and 以X为标准.
/// `None` when no clause deducts per step.
pub(crate) fn recognise(clauses: &[Clause], max: Decimal, unit: MetricUnit) -> Option<Claim> {
    let candidates: Vec<usize> = (0..clauses.len())
        .filter(|i| is_deduction_clause(&clauses[*i]))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let mut notes = Vec::new();
    let mut parts: Vec<(usize, String)> = Vec::new();
    // One deduction clause (two with opposite sides and the same rate read as
    // deviation either way).
    let read: Vec<(usize, Deduction)> = candidates
        .iter()
        .filter_map(|i| deduction(&clauses[*i], unit, &mut notes).map(|d| (*i, d)))
        .collect();
    let (ded_idx, mut ded) = match read.as_slice() {
        [one] => one.clone(),
        [a, b]
            if a.1.direction != b.1.direction
                && a.1.direction != Direction::Both
                && b.1.direction != Direction::Both
                && a.1.step == b.1.step
                && a.1.deduct == b.1.deduct
                && a.1.threshold == b.1.threshold =>
        {
            parts.push((b.0, "（与上一句合为偏离扣分）".to_string()));
            let mut both = a.1.clone();
            both.direction = Direction::Both;
            (a.0, both)
        }
        // Unreadable: claim nothing, so the clause is quoted as not understood.
        _ => return None,
    };
    // The full-marks clause and cut-offs.
    let mut threshold = ded.threshold;
    let mut threshold_high = None;
    let mut full = None;
    let mut cutoff = None;
    let mut full_part = None;
    let mut bare_note = None;
    let mut equal_only = false;
    for (i, c) in clauses.iter().enumerate() {
        if i == ded_idx || !c.scored() || parts.iter().any(|(j, _)| *j == i) {
            continue;
        }
        if let Some(r) = convention(&c.text) {
            if ded.rounding.is_none_or(|x| x == r) {
                ded.rounding = Some(r);
                parts.push((i, rounding_text(r, ded.step, unit).to_string()));
            }
            continue;
        }
        let Some(a) = award(&c.text, &c.nums) else {
            continue;
        };
        let mut local = Vec::new();
        let Ok(cond) = condition(&c.text, &c.nums, &a.used, unit, &mut local) else {
            continue;
        };
        let points = a.points.on(max);
        match (cond, a.points) {
            // Zero points on the losing side: a cut-off.
            (Cond::Interval { lower, upper, .. }, Points::Fixed(p))
                if p.is_zero() && cutoff.is_none() =>
            {
                let side = match (lower, upper) {
                    (None, Some(u)) if ded.direction == Direction::Below => Some(u),
                    (Some(l), None) if ded.direction == Direction::Above => Some(l),
                    _ => None,
                };
                if let Some(b) = side {
                    cutoff = Some(b);
                    notes.extend(local);
                    parts.push((i, format!("{}计0分", interval(lower, upper, unit))));
                }
            }
            (cond, _) if full_part.is_none() && points.is_some_and(|p| p > Decimal::ZERO) => {
                let (lo, hi) = match cond {
                    Cond::Interval { lower, upper, .. } => match (lower, upper, ded.direction) {
                        (Some(l), Some(u), _) if l.value == u.value => {
                            equal_only = true;
                            (l.value, None)
                        }
                        (Some(l), Some(u), _) => (l.value, Some(u.value)),
                        (None, Some(u), Direction::Above) => (u.value, None),
                        (Some(l), None, Direction::Below) => (l.value, None),
                        _ => continue,
                    },
                    Cond::Bare(n) => {
                        let v = threshold_value(&n, unit, &mut local);
                        bare_note = Some(c.text[n.start..n.end].to_string());
                        (v, None)
                    }
                    Cond::Nothing => continue,
                };
                if threshold.is_some_and(|t| t != lo && hi.is_none()) {
                    continue;
                }
                threshold = Some(lo);
                threshold_high = hi;
                // Whether a range of full marks includes its ends does not
                // change a deduction measured from them.
                if hi.is_some() {
                    local.retain(|n| !n.starts_with("区间“"));
                }
                notes.extend(local);
                full = points.filter(|p| *p != max);
                full_part = Some(i);
                parts.push((i, String::new()));
            }
            _ => {}
        }
    }
    // The threshold: in the deduction clause, else the full-marks clause,
    // else "以X为标准", else 100% (rates) or 0, inferred.
    let standard = clauses
        .iter()
        .enumerate()
        .find(|(_, c)| is_standard(&c.text))
        .and_then(|(i, c)| c.nums.first().map(|n| (i, *n)));
    let good = ded.direction.good_side();
    match (threshold, standard, bare_note) {
        // "以100%为标准。控制率100%，计5分": the standard names the number.
        (None | Some(_), Some((i, n)), Some(_)) | (None, Some((i, n)), None)
            if threshold.is_none_or(|t| t == threshold_value(&n, unit, &mut Vec::new())) =>
        {
            let shown = &clauses[i].text[n.start..n.end];
            notes.push(format!(
                "原文只写“以{shown}为标准”，未写比较符号，按“{good}{shown}”理解（推断）"
            ));
            threshold = Some(threshold_value(&n, unit, &mut notes));
        }
        (_, _, Some(shown)) => notes.push(format!(
            "原文在“{shown}”前缺少比较符号，按“{good}{shown}”理解（推断）"
        )),
        _ => {}
    }
    if equal_only && ded.direction != Direction::Both {
        let t = threshold
            .map(|t| show_threshold(t, unit))
            .unwrap_or_default();
        notes.push(format!("原文只写“={t}”计满分，按“{good}{t}”理解（推断）"));
    }
    let threshold = threshold.unwrap_or_else(|| {
        let t = if unit == MetricUnit::Percent {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
        notes.push(format!(
            "未写明标准值，按{}计（推断）",
            show_threshold(t, unit)
        ));
        t
    });
    if ded.range_side && threshold_high.is_none() {
        return None;
    }
    // A deduction limited to a band needs the cut-off at its far end.
    if let Some(end) = ded.band_end
        && cutoff.is_none_or(|c| c.value != end)
    {
        return None;
    }
    // A cut-off on the good side of the threshold contradicts the deduction.
    if let Some(c) = cutoff {
        let beyond = match ded.direction {
            Direction::Below => c.value <= threshold,
            _ => c.value >= threshold_high.unwrap_or(threshold),
        };
        if !beyond {
            cutoff = None;
            parts.retain(|(_, p)| !p.ends_with("计0分"));
        }
    }
    let rounding = ded.rounding.unwrap_or_else(|| {
        if unit == MetricUnit::Percent && ded.step > dec!(0.01) {
            notes.push("未写明不足一档如何扣分，按不足一档不扣理解（推断）".to_string());
            StepRounding::Floor
        } else {
            StepRounding::Exact
        }
    });
    let rule = LinearDeduction {
        threshold,
        threshold_high,
        direction: ded.direction,
        step: ded.step,
        deduct: ded.deduct,
        rounding,
        full,
        cutoff,
    };
    let deduction_text = rule.deduction_text(unit);
    parts.push((ded_idx, deduction_text));
    if let Some(i) = full_part
        && let Some(p) = parts.iter_mut().find(|(j, _)| *j == i)
    {
        p.1 = rule.full_text(unit);
    }
    Some(Claim::rule(Rule::Linear(rule), notes, parts))
}

/// Words that deduct per item, not per step of a rate (count.rs reads them).
fn is_deduction_clause(c: &Clause) -> bool {
    let s = &c.text;
    c.scored()
        && s.find('每').is_some_and(|e| s[e..].contains('扣'))
        && !super::count::is_per_item(s)
}

/// Reads a deduction clause; `None` when any of its numbers is not
/// accounted for.
fn deduction(c: &Clause, unit: MetricUnit, notes: &mut Vec<String>) -> Option<Deduction> {
    let s = c.text.as_str();
    let every = s.find('每')?;
    let k = every + s[every..].find('扣')?;
    let mut used = vec![false; c.nums.len()];
    // The amount: the number right after 扣, followed by 分.
    let (d_idx, d) = c.nums.iter().enumerate().find(|(_, n)| n.start >= k)?;
    if d.percent || !s[d.end..].starts_with('分') || !s[k + '扣'.len_utf8()..d.start].is_empty() {
        return None;
    }
    used[d_idx] = true;
    // A bracketed convention after the amount: "(不足1个百分点的按1个百分点扣)".
    let tail = &s[d.end + '分'.len_utf8()..];
    let mut rounding = None;
    if let Some(open) = tail.find("(不足")
        && let Some(close) = tail[open..].find(')')
    {
        let inner = &tail[open..open + close + 1];
        rounding = Some(convention(inner)?);
        let offset = d.end + '分'.len_utf8() + open;
        for (i, n) in c.nums.iter().enumerate() {
            if n.start >= offset && n.end <= offset + inner.len() {
                used[i] = true;
            }
        }
        if !tail[..open].is_empty() || !tail[open + close + 1..].is_empty() {
            return None;
        }
    } else if !tail.is_empty() {
        return None;
    }
    let step_text = &s[every + '每'.len_utf8()..k];
    let head = &s[..every];
    // A step measured from a named reference ("每低于序时进度5个百分点",
    // "较上年每增加…") has a threshold jixiao does not know.
    if !names_no_reference(step_text)
        || ["序时", "上年", "计划", "目标值", "平均", "同期"]
            .iter()
            .any(|w| head.contains(w))
    {
        return None;
    }
    let direction = side_of(step_text).or_else(|| side_of(head))?;
    // Step size and a threshold written inside "每低于100%一个百分点".
    let step_start = every + '每'.len_utf8();
    let in_step: Vec<usize> = (0..c.nums.len())
        .filter(|i| c.nums[*i].start >= step_start && c.nums[*i].end <= k)
        .collect();
    let mut step = dec!(0.01);
    let mut threshold = None;
    let pp = step_text.find("百分点").or_else(|| step_text.find("个点"));
    match pp {
        Some(pp) => {
            let pp_abs = step_start + pp;
            let lead = &s[step_start..pp_abs];
            let count_text = lead.trim_end_matches('个');
            for &i in &in_step {
                let n = &c.nums[i];
                if n.end > pp_abs {
                    return None;
                }
                if n.percent {
                    threshold = Some(n.value);
                } else if n.end - step_start == count_text.len() {
                    step = from_percent(n.value);
                } else {
                    return None;
                }
                used[i] = true;
            }
            if !in_step.iter().any(|i| !c.nums[*i].percent)
                && let Some(cn) = lead
                    .char_indices()
                    .rev()
                    .find_map(|(i, _)| cn_number(&lead[i..]))
            {
                step = from_percent(cn);
            }
        }
        None => {
            // "每少1个项目", "每超编1人": per item, not per step of a rate.
            if in_step.iter().any(|i| {
                let after = &s[c.nums[*i].end..];
                !c.nums[*i].percent
                    && ["个", "项", "人", "次", "家", "件", "天", "例", "名"]
                        .iter()
                        .any(|u| after.starts_with(u))
            }) || ["个项目", "个单位", "项", "人", "次"]
                .iter()
                .any(|u| step_text.contains(u) && !step_text.contains("百分点"))
            {
                return None;
            }
            // "每低于5%扣2分": a step of 5 percentage points.
            match in_step.as_slice() {
                [] => {}
                [i] => {
                    let n = &c.nums[*i];
                    step = if n.percent || unit != MetricUnit::Percent {
                        n.value
                    } else {
                        from_percent(n.value)
                    };
                    used[*i] = true;
                }
                _ => return None,
            }
        }
    }
    // A condition before 每: "超过100%的部分", "“三公经费”>0", "低于95%的".
    let head_nums: Vec<Num> = numbers(head);
    let mut range_side = false;
    let mut band_end = None;
    if !head_nums.is_empty() {
        let mut local = Vec::new();
        let t = match condition(head, &head_nums, &[], unit, &mut local).ok()? {
            Cond::Interval {
                lower: Some(l),
                upper: Some(u),
                ..
            } if l.value < u.value && direction != Direction::Both => {
                let (t, end) = match direction {
                    Direction::Below => (u.value, l.value),
                    _ => (l.value, u.value),
                };
                band_end = Some(end);
                t
            }
            Cond::Interval {
                lower: Some(l),
                upper: None,
                ..
            } if direction != Direction::Below => l.value,
            Cond::Interval {
                lower: None,
                upper: Some(u),
                ..
            } if direction != Direction::Above => u.value,
            Cond::Bare(n) if direction == Direction::Both => threshold_value(&n, unit, &mut local),
            _ => return None,
        };
        if threshold.is_some_and(|x| x != t) {
            return None;
        }
        threshold = Some(t);
        notes.extend(local);
        for (i, n) in c.nums.iter().enumerate() {
            if n.end <= every {
                used[i] = true;
            }
        }
    } else if head.contains("区间") {
        range_side = true;
    }
    if used.iter().any(|u| !u) || step <= Decimal::ZERO {
        return None;
    }
    Some(Deduction {
        direction,
        step,
        deduct: d.value,
        threshold,
        rounding,
        range_side,
        band_end,
    })
}

/// Whether the step text holds only a side word, numbers and the step
/// unit: "超过一个百分点", "低于100%一个百分点", "下降1%".
fn names_no_reference(step_text: &str) -> bool {
    let mut rest = step_text.to_string();
    for w in [
        "个百分点",
        "百分点",
        "个点",
        "超过",
        "超出",
        "超支",
        "高出",
        "高于",
        "增加",
        "上升",
        "提高",
        "增长",
        "低于",
        "减少",
        "降低",
        "下降",
        "不足",
        "偏离",
        "偏差",
        "相差",
        "超",
        "多",
        "少",
        "低",
        "减",
        "的",
        ",",
        "%",
        ".",
        "-",
        "一",
        "两",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
    ] {
        rest = rest.replace(w, "");
    }
    rest.chars().all(|c| c.is_ascii_digit())
}

/// The losing side a text names: 偏离 (both), 超过 (above), 低于 (below).
fn side_of(t: &str) -> Option<Direction> {
    if ["偏离", "偏差", "相差", "区间"]
        .iter()
        .any(|w| t.contains(w))
    {
        Some(Direction::Both)
    } else if [
        "超", "高于", "高出", "增加", "上升", "提高", "增长", "多", "升", "增",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        Some(Direction::Above)
    } else if [
        "低于", "减少", "降低", "下降", "不足", "少", "低", "减", "降",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        Some(Direction::Below)
    } else {
        None
    }
}

/// A partial-step convention: "不足1个百分点的按1个百分点扣" (Ceil), "不足一个
/// 百分点不扣" (Floor), "不足一档按比例扣" (Exact). `None` for any other text.
pub(super) fn convention(s: &str) -> Option<StepRounding> {
    let s = s.trim_start_matches('(').trim_end_matches(')');
    let s = [
        "超过部分",
        "超出部分",
        "低于部分",
        "偏离部分",
        "差额",
        "其中",
    ]
    .iter()
    .find_map(|p| s.strip_prefix(p))
    .unwrap_or(s)
    .trim_start_matches(',');
    let rest = s.strip_prefix("不足").or_else(|| s.strip_prefix("不满"))?;
    let unit_words = ["1个百分点", "一个百分点", "1%", "一档", "1档", "一个点"];
    let rest = unit_words
        .iter()
        .find_map(|w| rest.strip_prefix(w))?
        .trim_start_matches("的")
        .trim_start_matches(',')
        .trim_start_matches("部分")
        .trim_start_matches(',');
    let exact = [
        "按比例扣",
        "按比例计算",
        "按实际比例扣",
        "按比例扣分",
        "按比例",
    ];
    let floor = ["不予扣分", "不扣分", "不扣", "不计", "免扣"];
    let ceil_heads = [
        "按1个百分点",
        "按一个百分点",
        "按1%",
        "按一档",
        "按1档",
        "按一个点",
    ];
    let done = |r: &str| r.is_empty() || ["扣", "扣分", "计", "计算", "计扣", "扣除"].contains(&r);
    if let Some(w) = exact.iter().find(|w| rest.starts_with(*w)) {
        return done(rest[w.len()..].trim_start_matches('分')).then_some(StepRounding::Exact);
    }
    if let Some(w) = floor.iter().find(|w| rest.starts_with(*w)) {
        return rest[w.len()..]
            .trim_start_matches('分')
            .is_empty()
            .then_some(StepRounding::Floor);
    }
    if let Some(w) = ceil_heads.iter().find(|w| rest.starts_with(*w)) {
        return done(&rest[w.len()..]).then_some(StepRounding::Ceil);
    }
    None
}

/// The convention as the reading names it.
fn rounding_text(r: StepRounding, step: Decimal, unit: MetricUnit) -> &'static str {
    let point = unit == MetricUnit::Percent && step == dec!(0.01);
    match (r, point) {
        (StepRounding::Exact, true) => "（不足1个百分点按比例扣）",
        (StepRounding::Floor, true) => "（不足1个百分点不扣）",
        (StepRounding::Ceil, true) => "（不足1个百分点按1个百分点扣）",
        (StepRounding::Exact, false) => "（不足一档按比例扣）",
        (StepRounding::Floor, false) => "（不足一档不扣）",
        (StepRounding::Ceil, false) => "（不足一档按一档扣）",
    }
}

impl LinearDeduction {
    fn high(&self) -> Decimal {
        self.threshold_high.unwrap_or(self.threshold)
    }

    /// `≤100%计满分`, `[98%,102%]计满分`.
    fn full_text(&self, unit: MetricUnit) -> String {
        let full = self
            .full
            .map_or("满分".to_string(), |p| format!("{}分", pts(p)));
        let cond = match self.threshold_high {
            Some(hi) => interval(
                Some(Bound::inclusive(self.threshold)),
                Some(Bound::inclusive(hi)),
                unit,
            ),
            None => format!(
                "{}{}",
                self.direction.good_side(),
                show_threshold(self.threshold, unit)
            ),
        };
        format!("{cond}计{full}")
    }

    /// `超过100%的部分每1个百分点扣0.5分（不足1个百分点按比例扣）`.
    fn deduction_text(&self, unit: MetricUnit) -> String {
        let side = match (self.threshold_high, self.direction) {
            (Some(_), Direction::Both) => "超出该区间".to_string(),
            (Some(hi), Direction::Above) => format!("超过{}", show_threshold(hi, unit)),
            _ => format!(
                "{}{}",
                self.direction.bad_side(),
                show_threshold(self.threshold, unit)
            ),
        };
        let step = match unit {
            MetricUnit::Percent => format!(
                "{}个百分点",
                crate::base::format::num(self.step * Decimal::ONE_HUNDRED)
            ),
            _ => crate::base::format::num(self.step),
        };
        format!(
            "{side}的部分每{step}扣{}分{}",
            pts(self.deduct),
            rounding_text(self.rounding, self.step, unit)
        )
    }

    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>, unit: MetricUnit) -> fmt::Result {
        write!(
            f,
            "线性扣分：{}；{}，扣完为止",
            self.full_text(unit),
            self.deduction_text(unit)
        )?;
        if let Some(c) = self.cutoff {
            let (lower, upper) = match self.direction {
                Direction::Below => (None, Some(c)),
                _ => (Some(c), None),
            };
            write!(f, "；{}计0分", interval(lower, upper, unit))?;
        }
        Ok(())
    }

    /// How far the value is on the losing side (0 on the good side).
    fn excess(&self, v: Decimal) -> Checked {
        let (lo, hi) = (self.threshold, self.high());
        Ok(match self.direction {
            Direction::Above => checked::sub(v, hi)?.max(Decimal::ZERO),
            Direction::Below => checked::sub(lo, v)?.max(Decimal::ZERO),
            Direction::Both if v < lo => checked::sub(lo, v)?,
            Direction::Both if v > hi => checked::sub(v, hi)?,
            Direction::Both => Decimal::ZERO,
        })
    }

    pub(super) fn evaluate(&self, input: &RuleInput, max: Decimal) -> Result<Step, OutOfRange> {
        let full = self.full.unwrap_or(max);
        let v = input.value;
        let shown = show_value(v, input.unit);
        // A range with one losing side says nothing of the other.
        if let Some(hi) = self.threshold_high {
            let t = |x| show_threshold(x, input.unit);
            match self.direction {
                Direction::Above if v < self.threshold => {
                    return Ok(uncovered(&format!("低于{}", t(self.threshold)), &shown));
                }
                Direction::Below if v > hi => {
                    return Ok(uncovered(&format!("高于{}", t(hi)), &shown));
                }
                _ => {}
            }
        }
        if let Some(c) = self.cutoff {
            let beyond = match self.direction {
                Direction::Below => c.above(v),
                _ => c.below(v),
            };
            if beyond {
                let (lower, upper) = match self.direction {
                    Direction::Below => (None, Some(c)),
                    _ => (Some(c), None),
                };
                return Ok(Step::Score(
                    Decimal::ZERO,
                    format!("{shown}{}，计0分", interval(lower, upper, input.unit)),
                ));
            }
        }
        let excess = self.excess(v)?;
        if excess.is_zero() {
            let cond = self.full_text(input.unit);
            let cond = cond.split("计").next().unwrap_or_default();
            let at = if self.threshold_high.is_some() {
                format!("在{cond}内")
            } else {
                cond.to_string()
            };
            return Ok(Step::Score(full, format!("{shown}{at}，计{}分", pts(full))));
        }
        let raw_steps = if self.step.is_zero() {
            excess
        } else {
            checked::div(excess, self.step)?
        };
        let steps = match self.rounding {
            StepRounding::Exact => raw_steps,
            StepRounding::Floor => raw_steps.floor(),
            StepRounding::Ceil => raw_steps.ceil(),
        };
        let deduction = checked::mul(self.deduct, steps)?;
        let side = match (self.threshold_high, self.direction) {
            (Some(_), Direction::Both) => "超出区间".to_string(),
            (Some(hi), Direction::Above) => format!("超过{}", show_threshold(hi, input.unit)),
            _ => format!(
                "{}{}",
                self.direction.bad_side(),
                show_threshold(self.threshold, input.unit)
            ),
        };
        let amount = match input.unit {
            MetricUnit::Percent => format!(
                "{}个百分点",
                crate::base::format::num(crate::base::format::round_half_up(
                    checked::mul(excess, Decimal::ONE_HUNDRED)?,
                    2
                ))
            ),
            _ => crate::base::format::num(excess),
        };
        let raw = checked::sub(full, deduction)?;
        let detail = if raw <= Decimal::ZERO {
            format!(
                "{shown}{side}共{amount}，扣{}分，扣完为止",
                crate::base::format::score(deduction)
            )
        } else {
            // The deduction shown is what the written score leaves of full
            // marks, so that the two always add up (issue 7: 109.99% must not
            // say 扣5分 and score 0.01).
            let written = checked::sub(full, round_score(raw, max))?;
            format!(
                "{shown}{side}共{amount}，扣{}分",
                crate::base::format::num(written)
            )
        };
        Ok(Step::Score(raw, detail))
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<LinearDeduction, OutOfRange> {
        Ok(LinearDeduction {
            deduct: scale_points(self.deduct, factor)?,
            full: scale_opt(self.full, factor)?,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Outcome, Rule, RuleInput};
    use super::*;
    use rust_decimal_macros::dec;

    fn rule(
        threshold: Decimal,
        direction: Direction,
        step: Decimal,
        deduct: Decimal,
        rounding: StepRounding,
    ) -> Rule {
        Rule::Linear(LinearDeduction {
            rounding,
            ..LinearDeduction::new(threshold, direction, step, deduct)
        })
    }

    fn outcome(rule: &Rule, v: Decimal, max: Decimal) -> Outcome {
        rule.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            max,
        )
    }

    fn score(rule: &Rule, v: Decimal, max: Decimal) -> Decimal {
        outcome(rule, v, max).score().expect("scored")
    }

    fn detail(rule: &Rule, v: Decimal, max: Decimal) -> String {
        match outcome(rule, v, max) {
            Outcome::Scored(e) => e.detail,
            other => panic!("{other:?}"),
        }
    }

    /// 云溪 在职人员控制率: ≤100% 5分，每超过一个百分点扣0.5分.
    #[test]
    fn above_threshold_per_point() {
        let r = rule(
            dec!(1),
            Direction::Above,
            dec!(0.01),
            dec!(0.5),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(1), dec!(5)), dec!(5));
        assert_eq!(score(&r, dec!(0.9), dec!(5)), dec!(5));
        assert_eq!(score(&r, dec!(1.01), dec!(5)), dec!(4.5));
        assert_eq!(score(&r, dec!(1.015), dec!(5)), dec!(4.25));
        assert_eq!(score(&r, dec!(1.1), dec!(5)), dec!(0));
        assert_eq!(score(&r, dec!(1.5), dec!(5)), dec!(0), "floor at 0");
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "线性扣分：≤100%计满分；超过100%的部分每1个百分点扣0.5分（不足1个百分点按比例扣），扣完为止"
        );
    }

    /// Issue 7: the deduction shown and the written score add up to full marks.
    #[test]
    fn displayed_deduction_agrees_with_the_score() {
        let r = rule(
            dec!(1),
            Direction::Above,
            dec!(0.01),
            dec!(0.5),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(1.0999), dec!(5)), dec!(0.005));
        assert_eq!(
            detail(&r, dec!(1.0999), dec!(5)),
            "109.99%超过100%共9.99个百分点，扣4.99分"
        );
        assert_eq!(super::super::round_score(dec!(0.005), dec!(5)), dec!(0.01));
    }

    /// 云溪 三公经费变动率 ≤0 5分 with 桃江's 80.55%.
    #[test]
    fn sangong_change_taojiang_value() {
        let r = rule(
            dec!(0),
            Direction::Above,
            dec!(0.01),
            dec!(0.5),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(0.805531), dec!(5)), dec!(0));
        assert_eq!(
            detail(&r, dec!(0.805531), dec!(5)),
            "80.55%超过0共80.55个百分点，扣40.28分，扣完为止"
        );
    }

    /// 云溪 固定资产利用率: 每低于100%一个百分点扣0.1分.
    #[test]
    fn below_threshold() {
        let r = rule(
            dec!(1),
            Direction::Below,
            dec!(0.01),
            dec!(0.1),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(1), dec!(3)), dec!(3));
        assert_eq!(score(&r, dec!(0.99), dec!(3)), dec!(2.9));
        assert_eq!(score(&r, dec!(0.5), dec!(3)), dec!(0));
    }

    #[test]
    fn both_sides_and_whole_steps() {
        let r = rule(
            dec!(1),
            Direction::Both,
            dec!(0.01),
            dec!(0.1),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(1.05), dec!(3)), dec!(2.5));
        assert_eq!(score(&r, dec!(0.95), dec!(3)), dec!(2.5));
        assert_eq!(score(&r, dec!(6.941), dec!(3)), dec!(0));
        // 每低于5%扣2分: whole steps only.
        let r = rule(
            dec!(1),
            Direction::Below,
            dec!(0.05),
            dec!(2),
            StepRounding::Floor,
        );
        assert_eq!(score(&r, dec!(0.96), dec!(10)), dec!(10));
        assert_eq!(score(&r, dec!(0.95), dec!(10)), dec!(8));
        assert_eq!(score(&r, dec!(0.91), dec!(10)), dec!(8));
        assert_eq!(score(&r, dec!(0.90), dec!(10)), dec!(6));
        let r = rule(
            dec!(1),
            Direction::Below,
            dec!(0.05),
            dec!(2),
            StepRounding::Ceil,
        );
        assert_eq!(score(&r, dec!(0.96), dec!(10)), dec!(8));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "线性扣分：≥100%计满分；低于100%的部分每5个百分点扣2分（不足一档按一档扣），扣完为止"
        );
    }

    fn read(t: &str) -> Rule {
        recognise(&standard(t), dec!(3), MetricUnit::Percent)
            .expect("linear")
            .rule
            .expect("a rule")
    }

    #[test]
    fn recognises_per_step_deductions() {
        assert_eq!(
            read("每低于100%一个百分点扣0.1分，扣完为止。"),
            rule(
                dec!(1),
                Direction::Below,
                dec!(0.01),
                dec!(0.1),
                StepRounding::Exact
            )
        );
        assert!(
            recognise(
                &standard("≥90%计3分；低于90%不得分"),
                dec!(3),
                MetricUnit::Percent
            )
            .is_none()
        );
    }

    #[test]
    fn conventions() {
        for (text, want) in [
            ("不足1个百分点的按1个百分点扣", Some(StepRounding::Ceil)),
            ("不足一个百分点按一个百分点计算", Some(StepRounding::Ceil)),
            ("不足1个百分点的,按1个百分点扣", Some(StepRounding::Ceil)),
            ("不足1个百分点的不扣分", Some(StepRounding::Floor)),
            ("不足一档不扣", Some(StepRounding::Floor)),
            ("不足一个百分点的按比例扣分", Some(StepRounding::Exact)),
            ("(不足一档按比例扣)", Some(StepRounding::Exact)),
            ("不足1个百分点的四舍五入", None),
            ("不足85%的不得分", None),
        ] {
            assert_eq!(convention(text), want, "{text}");
        }
    }

    #[test]
    fn range_of_full_marks_cutoff_and_convention() {
        let r = read("公用经费控制率在98%-102%之间的得满分，每偏离1个百分点扣0.3分");
        assert_eq!(score(&r, dec!(1), dec!(3)), dec!(3));
        assert_eq!(score(&r, dec!(1.03), dec!(3)), dec!(2.7));
        assert_eq!(score(&r, dec!(0.96), dec!(3)), dec!(2.4));
        let r = read("资金到位率100%得满分，每降低1个百分点扣0.2分，低于85%的不得分");
        assert_eq!(score(&r, dec!(0.86), dec!(3)), dec!(0.2));
        assert_eq!(score(&r, dec!(0.85), dec!(3)), dec!(0));
        assert_eq!(score(&r, dec!(0.8499), dec!(3)), dec!(0));
        let r = read("≤100%得满分，每超过1个百分点扣1分（不足1个百分点的按1个百分点扣）");
        assert_eq!(score(&r, dec!(1.001), dec!(3)), dec!(2));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "线性扣分：≤100%计满分；超过100%的部分每1个百分点扣1分（不足1个百分点按1个百分点扣），扣完为止"
        );
    }
}

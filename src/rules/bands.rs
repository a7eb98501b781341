//! Bands (分档): each interval of the value earns fixed points.
//!
//! ## What it reads
//! A value and a list of intervals with their points; the first interval
//! that holds the value decides. A value in no interval scores 0. Every
//! clause that gives points must say for which values (`≥90%`, `80%（含）-90%`,
//! `低于60%`); a clause with points but no condition is ignored with a note,
//! and a text where no clause has a condition is manual. The fallback kind:
//! tried after every other.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002, 重点支出安排率): "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；
//!   70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。"
//!   (含 after the lower number: the lower bound is inclusive)
//! - 云溪区 (seed 002, 预算调整率): "预算调整率=0，计3分；0-10%（含），计2分；10-20%（含），
//!   计1分；20-30%（含），计0.5分；大于30%不得分。"
//!   (含 after the upper number: the upper bound is inclusive)
//! - 云溪区 (seed 002, 满意度): "95%（含）以上计5分；85%（含）-95%，计3分；75%（含）-85%，
//!   计1分；低于75%计0分。"
//! - 云溪区 (seed 002, 项目表 服务对象满意度): "满意率达90%（含）以上的得8分，80%（含）-90%得6分，
//!   70%（含）-80%得4分，60%（含）-70%得2分，60%以下不得分。"
//! - 桃江县 (seed 004, 重点支出安排率): "80%及以上计满分，60%及以上计3分，40%及以上计2分，
//!   40%以下的计1分。" (after the definition sentence, which is dropped)
//! - (test wordings): "不低于90%的计4分；80%（含）至90%计2分；不足80%不得分。";
//!   full-width "满意度９５％（含）以上计５分；…"
//!
//! ## Canonical form
//! `分档计分：≥90%计5分；[80%,90%)计4分；=0计3分；(0,10%]计2分；<60%计0分`
//!
//! ## Example
//! 85% with the 云溪 重点支出 bands falls in `[80%,90%)` and scores 4.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::Parse;
use super::clauses::clauses;
use super::tokens::{
    Num, before, from_percent, numbers, points_after, points_with_max, threshold_value,
};
use super::{Rule, RuleInput, pts, scale_points, show_threshold, show_value};
use crate::base::checked::OutOfRange;
use crate::metrics::MetricUnit;

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

impl Bound {
    pub fn inclusive(value: Decimal) -> Self {
        Bound {
            value,
            inclusive: true,
        }
    }

    pub fn exclusive(value: Decimal) -> Self {
        Bound {
            value,
            inclusive: false,
        }
    }
}

/// An interval and its points; a missing bound is unbounded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub points: Decimal,
}

impl Band {
    pub fn contains(&self, v: Decimal) -> bool {
        let above = self.lower.is_none_or(|b| {
            if b.inclusive {
                v >= b.value
            } else {
                v > b.value
            }
        });
        let below = self.upper.is_none_or(|b| {
            if b.inclusive {
                v <= b.value
            } else {
                v < b.value
            }
        });
        above && below
    }

    /// `≥90%`, `[80%,90%)`, `=0`, `<60%`.
    pub fn interval(&self, unit: MetricUnit) -> String {
        let t = |b: &Bound| show_threshold(b.value, unit);
        match (&self.lower, &self.upper) {
            (Some(l), Some(u)) if l.value == u.value && l.inclusive && u.inclusive => {
                format!("={}", t(l))
            }
            (Some(l), Some(u)) => format!(
                "{}{},{}{}",
                if l.inclusive { '[' } else { '(' },
                t(l),
                t(u),
                if u.inclusive { ']' } else { ')' }
            ),
            (Some(l), None) => format!("{}{}", if l.inclusive { "≥" } else { ">" }, t(l)),
            (None, Some(u)) => format!("{}{}", if u.inclusive { "≤" } else { "<" }, t(u)),
            (None, None) => "任意值".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    pub bands: Vec<Band>,
}

/// Reads every clause with points as a band; the fallback, so it always
/// claims the text (manual when no clause has a condition).
pub(crate) fn recognise(s: &str, max: Decimal, unit: MetricUnit) -> Option<Parse> {
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
        return Some(if unconditioned >= 2 {
            Parse::manual("按评价要点逐项打分，需人工判断")
        } else {
            Parse::manual("未能识别评分标准")
        });
    }
    if unconditioned > 0 {
        notes.push(format!("有{unconditioned}处得分未写明条件，已忽略"));
    }
    Some(Parse::rule(Rule::Bands(Bands { bands: list }), notes))
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

impl Bands {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>, unit: MetricUnit) -> fmt::Result {
        let parts: Vec<String> = self
            .bands
            .iter()
            .map(|b| format!("{}计{}分", b.interval(unit), pts(b.points)))
            .collect();
        write!(f, "分档计分：{}", parts.join("；"))
    }

    pub(super) fn evaluate(&self, input: &RuleInput) -> (Decimal, String) {
        let shown = show_value(input.value, input.unit);
        match self.bands.iter().find(|b| b.contains(input.value)) {
            Some(b) => (
                b.points,
                format!(
                    "{shown}属于{}档，计{}分",
                    b.interval(input.unit),
                    pts(b.points)
                ),
            ),
            None => (Decimal::ZERO, format!("{shown}不在任何一档，计0分")),
        }
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<Bands, OutOfRange> {
        Ok(Bands {
            bands: self
                .bands
                .iter()
                .map(|b| {
                    Ok(Band {
                        points: scale_points(b.points, factor)?,
                        ..b.clone()
                    })
                })
                .collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Rule, RuleInput};
    use super::*;
    use rust_decimal_macros::dec;

    fn score(rule: &Rule, v: Decimal) -> Decimal {
        rule.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            dec!(5),
        )
        .expect("not manual")
        .expect("in range")
        .score
    }

    /// 云溪 重点支出安排率: ≥90% 5; [80%,90%) 4; [70%,80%) 3; [60%,70%) 2; <60% 0.
    fn yunxi_key() -> Rule {
        let band = |lo: Option<Decimal>, hi: Option<Decimal>, p: Decimal| Band {
            lower: lo.map(Bound::inclusive),
            upper: hi.map(Bound::exclusive),
            points: p,
        };
        Rule::Bands(Bands {
            bands: vec![
                band(Some(dec!(0.9)), None, dec!(5)),
                band(Some(dec!(0.8)), Some(dec!(0.9)), dec!(4)),
                band(Some(dec!(0.7)), Some(dec!(0.8)), dec!(3)),
                band(Some(dec!(0.6)), Some(dec!(0.7)), dec!(2)),
                band(None, Some(dec!(0.6)), dec!(0)),
            ],
        })
    }

    #[test]
    fn inclusive_lower_bound() {
        let r = yunxi_key();
        assert_eq!(score(&r, dec!(0.9)), dec!(5));
        assert_eq!(score(&r, dec!(0.8999)), dec!(4));
        assert_eq!(score(&r, dec!(0.8)), dec!(4));
        assert_eq!(score(&r, dec!(0.7999)), dec!(3));
        assert_eq!(score(&r, dec!(0.6)), dec!(2));
        assert_eq!(score(&r, dec!(0.5999)), dec!(0));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "分档计分：≥90%计5分；[80%,90%)计4分；[70%,80%)计3分；[60%,70%)计2分；<60%计0分"
        );
    }

    /// 云溪 预算调整率: =0 3; (0,10%] 2; (10%,20%] 1; (20%,30%] 0.5; >30% 0.
    #[test]
    fn inclusive_upper_bound_and_equality() {
        let band = |lo: Decimal, hi: Decimal, p: Decimal| Band {
            lower: Some(Bound::exclusive(lo)),
            upper: Some(Bound::inclusive(hi)),
            points: p,
        };
        let r = Rule::Bands(Bands {
            bands: vec![
                Band {
                    lower: Some(Bound::inclusive(dec!(0))),
                    upper: Some(Bound::inclusive(dec!(0))),
                    points: dec!(3),
                },
                band(dec!(0), dec!(0.1), dec!(2)),
                band(dec!(0.1), dec!(0.2), dec!(1)),
                band(dec!(0.2), dec!(0.3), dec!(0.5)),
                Band {
                    lower: Some(Bound::exclusive(dec!(0.3))),
                    upper: None,
                    points: dec!(0),
                },
            ],
        });
        assert_eq!(score(&r, dec!(0)), dec!(3));
        assert_eq!(score(&r, dec!(0.0001)), dec!(2));
        assert_eq!(score(&r, dec!(0.1)), dec!(2));
        assert_eq!(score(&r, dec!(0.1001)), dec!(1));
        assert_eq!(score(&r, dec!(0.3)), dec!(0.5));
        assert_eq!(score(&r, dec!(0.3001)), dec!(0));
        assert_eq!(
            score(&r, dec!(-0.05)),
            dec!(0),
            "no band holds a negative rate"
        );
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "分档计分：=0计3分；(0,10%]计2分；(10%,20%]计1分；(20%,30%]计0.5分；>30%计0分"
        );
    }

    #[test]
    fn explanation_names_the_band() {
        let e = yunxi_key()
            .evaluate(
                &RuleInput {
                    value: dec!(0.85),
                    reference: None,
                    unit: MetricUnit::Percent,
                },
                dec!(5),
            )
            .expect("not manual")
            .expect("in range");
        assert_eq!(e.detail, "85.00%属于[80%,90%)档，计4分");
    }

    #[test]
    fn recognises_conditions_with_points_and_claims_the_rest() {
        let read = |t: &str| recognise(&standard(t), dec!(5), MetricUnit::Percent);
        let Some(Parse::Rule { rule, notes }) = read(
            "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。",
        ) else {
            panic!("not bands")
        };
        assert_eq!(rule, yunxi_key());
        assert!(notes.is_empty(), "{notes:?}");
        assert!(matches!(
            read("根据项目资金的实际到位率计算得分（3分）"),
            Some(Parse::Manual { .. })
        ));
    }
}

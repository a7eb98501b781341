//! Proportional scoring: the score is the share of the target reached.
//!
//! ## What it reads
//! A rate; the score is `分值 × 实际值 ÷ 目标值`, at most 分值. For
//! lower-is-better indicators the ratio is reversed (`分值 × 目标值 ÷ 实际值`).
//! A text is proportional when it says so in words (按比例计分, 同比例扣减,
//! ×分值, 得分=指标实际完成值…); the target is 100% unless the text names
//! another (`÷90%`, `执行率/95%×分值`). Two more clauses may go with it: full
//! marks from a threshold (`执行率≥95%得满分；低于95%的按执行率×分值计分`) and
//! no points below a cut-off (`执行率低于70%的不得分；70%以上按比例得分`). A
//! condition on the formula clause must be exactly what those leave, else
//! the text is manual (`70%以上按比例得分` alone says nothing below 70%).
//!
//! ## Wordings seen
//! - 桃江县 (seed 004, 预算完成率): "预算完成率=（预算完成数/预算数）×100%。按比例计分。"
//! - 桃江县 (seed 004, 投资评审执行率): "…×100%；按执行比率计分。"
//! - 赣州经开区 (seed 000, 政府采购执行率): "政府采购执行率100%，得分=指标实际完成值×2"
//! - 云溪区 (seed 002, 项目表 产出数量): "完成绩效目标100%得5分，未完成100%的同比例扣减。"
//!
//! - issue 7 and corpus.rs: "执行率低于70%的不得分；70%以上按比例得分"; "执行率≥95%
//!   得满分；低于95%的按执行率×分值计分"; "按完成比例计算得分，满分为止" (wanglu.net
//!   一般公共预算支出管理考核表); "预算执行率×分值" (重庆 自评表)
//!
//! ## Canonical form
//! `按比例计分：得分=分值×实际值÷100%，最高为分值`
//! (`按比例计分：≥95%计满分；<70%计0分；其余得分=分值×实际值÷100%，最高为分值`)
//! (lower is better: `按比例计分（越低越好）：得分=分值×100%÷实际值，最高为分值`)
//!
//! ## Example
//! 92.5% on a 5-point row gives 4.625, written as 4.63.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::bands::{Bound, interval};
use super::clauses::Clause;
use super::tokens::{Cond, Points, award, before, condition, numbers, threshold_value};
use super::{Claim, Rule, RuleInput, Step, pts, round_score, show_threshold, show_value};
use crate::base::checked::{self, Checked, OutOfRange};
use crate::metrics::MetricUnit;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proportional {
    /// The value that earns full marks (1 = 100%).
    pub target: Decimal,
    pub lower_is_better: bool,
    /// Full marks from this bound up (`执行率≥95%得满分；低于95%的按执行率×分值计分`).
    pub full_from: Option<Bound>,
    /// No points below this bound (`执行率低于70%的不得分；70%以上按比例得分`).
    pub zero_below: Option<Bound>,
}

impl Proportional {
    /// `分值 × 实际值 ÷ 100%`, at most 分值.
    pub fn of_target() -> Proportional {
        Proportional {
            target: Decimal::ONE,
            lower_is_better: false,
            full_from: None,
            zero_below: None,
        }
    }
}

/// Words that ask for proportional scoring.
const WORDS: [&str; 28] = [
    "按比例计分",
    "按比例得分",
    "比例计分",
    "比例得分",
    "按执行率计算",
    "按执行率得分",
    "乘以分值",
    "×满分",
    "得分=",
    "按完成率计算",
    "按比例计算得分",
    "按比例计算",
    "按执行比率计分",
    "按执行率计分",
    "同比例扣减",
    "按比例扣减",
    "按比例扣分",
    "按完成比例",
    "按实际完成比例",
    "按执行比例",
    "按完成率计分",
    "×分值",
    "分值×",
    "×权重",
    "得分=指标实际完成值",
    "得分系数",
    "按执行率×",
    "率×",
];

/// The canonical headers, removed before the clause is read.
const HEADERS: [&str; 2] = ["按比例计分(越低越好):", "按比例计分:"];

fn is_formula(t: &str) -> bool {
    WORDS.iter().any(|w| t.contains(w))
}

/// Reads "按比例计分" and its variants, with a full-marks threshold
/// (`≥95%得满分`) and a cut-off (`低于70%的不得分`) when written.
pub(crate) fn recognise(clauses: &[Clause], max: Decimal, unit: MetricUnit) -> Option<Claim> {
    if !clauses.iter().any(|c| c.scored() && is_formula(&c.text)) {
        return None;
    }
    let lower_is_better = clauses
        .iter()
        .any(|c| c.text.contains("越低越好") || c.text.contains("按超支比例"));
    let mut notes = Vec::new();
    let mut parts = Vec::new();
    let mut target = Decimal::ONE;
    // The formula clause and the condition written on it.
    type Bounds = (Option<Bound>, Option<Bound>);
    let mut formula: Option<(usize, Option<Bounds>)> = None;
    let mut full_from = None;
    let mut zero_below = None;
    for (i, c) in clauses.iter().enumerate() {
        if !c.scored() {
            continue;
        }
        let text = HEADERS
            .iter()
            .find_map(|h| c.text.strip_prefix(h))
            .unwrap_or(&c.text);
        let nums = numbers(text);
        if is_formula(text) {
            if formula.is_some() {
                continue;
            }
            let Some(at) = WORDS.iter().filter_map(|w| text.find(w)).min() else {
                continue;
            };
            // Numbers of the formula: ÷90% (target), ×2 (分值 written out), ×100%.
            let mut skip = Vec::new();
            let mut unknown = false;
            for (j, n) in nums.iter().enumerate() {
                if n.start < at {
                    continue;
                }
                let lead = before(text, n.start, 1);
                if (lead == "÷" || lead == "/") && n.percent {
                    target = n.value;
                } else if !(lead == "×" && !n.percent && n.value == max
                    || n.percent && n.value == Decimal::ONE)
                {
                    unknown = true;
                }
                skip.push(j);
            }
            if unknown {
                continue;
            }
            let mut local = Vec::new();
            let cond = match condition(text, &nums, &skip, unit, &mut local) {
                Ok(Cond::Nothing) => None,
                // "未完成100%的同比例扣减": the target itself.
                Ok(Cond::Bare(n)) if threshold_value(&n, unit, &mut local) == target => None,
                Ok(Cond::Interval { lower, upper, .. }) => Some((lower, upper)),
                _ => continue,
            };
            notes.extend(local);
            formula = Some((i, cond));
            parts.push((i, String::new()));
            continue;
        }
        let Some(a) = award(text, &nums) else {
            continue;
        };
        if let Points::Share(_) = a.points {
            continue;
        }
        let mut local = Vec::new();
        let Ok(cond) = condition(text, &nums, &a.used, unit, &mut local) else {
            continue;
        };
        let points = a.points.on(max);
        let part = match (cond, points) {
            // "执行率100%得满分", "完成绩效目标100%得5分": what the formula gives anyway.
            (Cond::Bare(n), Some(p))
                if p == max && threshold_value(&n, unit, &mut local) == target =>
            {
                format!(
                    "={}计满分（与按比例计分一致）",
                    show_threshold(target, unit)
                )
            }
            (
                Cond::Interval {
                    lower: Some(l),
                    upper: Some(u),
                    ..
                },
                Some(p),
            ) if p == max && l.value == u.value && l.value == target => {
                format!(
                    "={}计满分（与按比例计分一致）",
                    show_threshold(target, unit)
                )
            }
            (
                Cond::Interval {
                    lower: Some(l),
                    upper: None,
                    ..
                },
                Some(p),
            ) if p == max && full_from.is_none() && !lower_is_better => {
                full_from = Some(l);
                format!("{}计满分", interval(Some(l), None, unit))
            }
            (
                Cond::Interval {
                    lower: None,
                    upper: Some(u),
                    ..
                },
                Some(p),
            ) if p.is_zero() && zero_below.is_none() && !lower_is_better => {
                zero_below = Some(u);
                format!("{}计0分", interval(None, Some(u), unit))
            }
            _ => continue,
        };
        notes.extend(local);
        parts.push((i, part));
    }
    let (formula_idx, cond) = formula?;
    // A condition on the formula clause must be what the other clauses leave:
    // "70%以上按比例得分" after "低于70%的不得分", "低于95%的按…" after "≥95%得满分".
    if let Some((lower, upper)) = cond {
        let fits = match (lower, upper) {
            (Some(l), None) => zero_below.is_some_and(|z| z.value == l.value),
            (None, Some(u)) => full_from.is_some_and(|f| f.value == u.value),
            (Some(l), Some(u)) => {
                zero_below.is_some_and(|z| z.value == l.value)
                    && full_from.is_some_and(|f| f.value == u.value)
            }
            (None, None) => true,
        };
        if !fits {
            parts.retain(|(j, _)| *j != formula_idx);
        }
    }
    let rule = Proportional {
        target,
        lower_is_better,
        full_from,
        zero_below,
    };
    if let Some(p) = parts.iter_mut().find(|(j, _)| *j == formula_idx) {
        p.1 = rule.formula(unit);
    }
    Some(Claim::rule(Rule::Proportional(rule), notes, parts))
}

impl Proportional {
    /// `得分=分值×实际值÷100%`.
    fn formula(&self, unit: MetricUnit) -> String {
        let t = show_threshold(self.target, unit);
        if self.lower_is_better {
            format!("得分=分值×{t}÷实际值")
        } else {
            format!("得分=分值×实际值÷{t}")
        }
    }

    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>, unit: MetricUnit) -> fmt::Result {
        let head = if self.lower_is_better {
            "按比例计分（越低越好）："
        } else {
            "按比例计分："
        };
        let mut extra = String::new();
        if let Some(b) = self.full_from {
            extra.push_str(&format!("{}计满分；", interval(Some(b), None, unit)));
        }
        if let Some(b) = self.zero_below {
            extra.push_str(&format!("{}计0分；", interval(None, Some(b), unit)));
        }
        let rest = if extra.is_empty() { "" } else { "其余" };
        write!(f, "{head}{extra}{rest}{}，最高为分值", self.formula(unit))
    }

    /// The share of full marks: `实际值 ÷ 目标值` (reversed when lower is
    /// better) within `[0, 1]`. Values past the target need no division,
    /// so a tiny value or target is not out of range when the share is 1.
    fn share(&self, v: Decimal) -> Checked {
        let t = self.target;
        let positive_target = t > Decimal::ZERO;
        if self.lower_is_better {
            if v <= Decimal::ZERO || v <= t {
                Ok(Decimal::ONE)
            } else {
                Ok(checked::div(t, v)?.min(Decimal::ONE))
            }
        } else if t.is_zero() || positive_target && v >= t {
            Ok(Decimal::ONE)
        } else if positive_target && v <= Decimal::ZERO {
            Ok(Decimal::ZERO)
        } else {
            Ok(checked::div(v, t)?.clamp(Decimal::ZERO, Decimal::ONE))
        }
    }

    pub(super) fn evaluate(&self, input: &RuleInput, max: Decimal) -> Result<Step, OutOfRange> {
        let v = input.value;
        let shown = show_value(v, input.unit);
        if let Some(b) = self.full_from
            && b.below(v)
        {
            let at = interval(Some(b), None, input.unit);
            return Ok(Step::Score(max, format!("{shown}{at}，计满分")));
        }
        if let Some(b) = self.zero_below
            && b.above(v)
        {
            let at = interval(None, Some(b), input.unit);
            return Ok(Step::Score(Decimal::ZERO, format!("{shown}{at}，计0分")));
        }
        let share = self.share(v)?;
        let score = checked::mul(max, share)?;
        let t = show_threshold(self.target, input.unit);
        let detail = if share == Decimal::ONE {
            if self.lower_is_better {
                format!("{shown}未超过{t}，计满分")
            } else {
                format!("{shown}已达{t}，计满分")
            }
        } else {
            format!(
                "{shown}，按比例计{}×{}={}分",
                pts(max),
                crate::base::format::pct(share),
                crate::base::format::num(round_score(score, max))
            )
        };
        Ok(Step::Score(score, detail))
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Rule, RuleInput};
    use super::*;
    use rust_decimal_macros::dec;

    fn score(rule: &Rule, v: Decimal, max: Decimal) -> Decimal {
        rule.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            max,
        )
        .score()
        .expect("scored")
    }

    #[test]
    fn share_of_target_capped_at_max() {
        let r = Rule::Proportional(Proportional::of_target());
        assert_eq!(score(&r, dec!(0.925), dec!(5)), dec!(4.625));
        assert_eq!(score(&r, dec!(1), dec!(5)), dec!(5));
        assert_eq!(score(&r, dec!(6.9414), dec!(2)), dec!(2));
        assert_eq!(score(&r, dec!(0), dec!(5)), dec!(0));
        assert_eq!(score(&r, dec!(-0.2), dec!(5)), dec!(0));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "按比例计分：得分=分值×实际值÷100%，最高为分值"
        );
    }

    #[test]
    fn lower_is_better_reverses() {
        let r = Rule::Proportional(Proportional {
            lower_is_better: true,
            ..Proportional::of_target()
        });
        assert_eq!(score(&r, dec!(1.25), dec!(5)), dec!(4));
        assert_eq!(score(&r, dec!(0.8), dec!(5)), dec!(5));
        assert_eq!(score(&r, dec!(0), dec!(5)), dec!(5));
    }

    fn read(t: &str, max: Decimal) -> Option<(Rule, usize)> {
        let clauses = standard(t);
        let claim = recognise(&clauses, max, MetricUnit::Percent)?;
        let scored = clauses.iter().filter(|c| c.scored()).count();
        Some((claim.rule.unwrap(), scored - claim.parts.len()))
    }

    #[test]
    fn recognises_its_words_only() {
        let full = Some((Rule::Proportional(Proportional::of_target()), 0));
        assert_eq!(
            read(
                "预算完成率=（预算完成数/预算数）×100%。按比例计分。",
                dec!(5)
            ),
            full
        );
        assert_eq!(
            read("完成绩效目标100%得5分，未完成100%的同比例扣减。", dec!(5)),
            full
        );
        assert_eq!(read("≥90%计5分；低于90%不得分", dec!(5)), None);
    }

    #[test]
    fn cut_off_then_proportional() {
        let (r, left) = read("执行率低于70%的不得分；70%以上按比例得分", dec!(10)).unwrap();
        assert_eq!(left, 0);
        assert_eq!(score(&r, dec!(0.65), dec!(10)), dec!(0));
        assert_eq!(score(&r, dec!(0.7), dec!(10)), dec!(7));
        assert_eq!(score(&r, dec!(0.8), dec!(10)), dec!(8));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "按比例计分：<70%计0分；其余得分=分值×实际值÷100%，最高为分值"
        );
    }

    #[test]
    fn full_above_threshold_then_proportional() {
        let (r, left) = read("执行率≥95%得满分；低于95%的按执行率×分值计分", dec!(10)).unwrap();
        assert_eq!(left, 0);
        assert_eq!(score(&r, dec!(0.96), dec!(10)), dec!(10));
        assert_eq!(score(&r, dec!(0.95), dec!(10)), dec!(10));
        assert_eq!(score(&r, dec!(0.94), dec!(10)), dec!(9.4));
        // "70%以上按比例得分" with nothing said below 70%: not consumed.
        let (_, left) = read("70%以上按比例得分", dec!(10)).unwrap();
        assert_eq!(left, 1);
    }
}

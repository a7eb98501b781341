//! Proportional scoring: the score is the share of the target reached.
//!
//! ## What it reads
//! A rate; the score is `分值 × 实际值 ÷ 目标值`, at most 分值. For
//! lower-is-better indicators the ratio is reversed (`分值 × 目标值 ÷ 实际值`).
//! A text is proportional when it says so in words (按比例计分, 同比例扣减,
//! ×分值, 得分=指标实际完成值…); the target is 100% unless the canonical
//! form names another (`÷90%`).
//!
//! ## Wordings seen
//! - 桃江县 (seed 004, 预算完成率): "预算完成率=（预算完成数/预算数）×100%。按比例计分。"
//! - 桃江县 (seed 004, 投资评审执行率): "…×100%；按执行比率计分。"
//! - 赣州经开区 (seed 000, 政府采购执行率): "政府采购执行率100%，得分=指标实际完成值×2"
//! - 云溪区 (seed 002, 项目表 产出数量): "完成绩效目标100%得5分，未完成100%的同比例扣减。"
//!
//! ## Canonical form
//! `按比例计分：得分=分值×实际值÷100%，最高为分值`
//! (lower is better: `按比例计分（越低越好）：得分=分值×100%÷实际值，最高为分值`)
//!
//! ## Example
//! 92.5% on a 5-point row gives 4.625, written as 4.63.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::Parse;
use super::tokens::{numbers, threshold_value};
use super::{Rule, RuleInput, pts, show_threshold, show_value};
use crate::base::checked::{self, Checked, OutOfRange};
use crate::metrics::MetricUnit;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proportional {
    /// The value that earns full marks (1 = 100%).
    pub target: Decimal,
    pub lower_is_better: bool,
}

/// Words that ask for proportional scoring.
const WORDS: [&str; 10] = [
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

/// Reads "按比例计分" and its variants; the words alone decide.
pub(crate) fn recognise(s: &str, _max: Decimal, unit: MetricUnit) -> Option<Parse> {
    if !WORDS.iter().any(|w| s.contains(w)) {
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

impl Proportional {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>, unit: MetricUnit) -> fmt::Result {
        let t = show_threshold(self.target, unit);
        if self.lower_is_better {
            write!(
                f,
                "按比例计分（越低越好）：得分=分值×{t}÷实际值，最高为分值"
            )
        } else {
            write!(f, "按比例计分：得分=分值×实际值÷{t}，最高为分值")
        }
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

    pub(super) fn evaluate(
        &self,
        input: &RuleInput,
        max: Decimal,
    ) -> Result<(Decimal, String), OutOfRange> {
        let v = input.value;
        let share = self.share(v)?;
        let score = checked::mul(max, share)?;
        let shown = show_value(v, input.unit);
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
                crate::base::format::score(score)
            )
        };
        Ok((score, detail))
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
        .expect("not manual")
        .expect("in range")
        .score
    }

    #[test]
    fn share_of_target_capped_at_max() {
        let r = Rule::Proportional(Proportional {
            target: dec!(1),
            lower_is_better: false,
        });
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
            target: dec!(1),
            lower_is_better: true,
        });
        assert_eq!(score(&r, dec!(1.25), dec!(5)), dec!(4));
        assert_eq!(score(&r, dec!(0.8), dec!(5)), dec!(5));
        assert_eq!(score(&r, dec!(0), dec!(5)), dec!(5));
    }

    #[test]
    fn recognises_its_words_only() {
        let read = |t: &str| recognise(&standard(t), dec!(5), MetricUnit::Percent);
        let full = Some(Parse::rule(
            Rule::Proportional(Proportional {
                target: dec!(1),
                lower_is_better: false,
            }),
            Vec::new(),
        ));
        assert_eq!(
            read("预算完成率=（预算完成数/预算数）×100%。按比例计分。"),
            full
        );
        assert_eq!(
            read("完成绩效目标100%得5分，未完成100%的同比例扣减。"),
            full
        );
        assert_eq!(read("≥90%计5分；低于90%不得分"), None);
    }
}

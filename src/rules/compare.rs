//! Comparison of two amounts: this year's balance against last year's carry-over.
//!
//! ## What it reads
//! An amount (结转结余总额) and a reference (上年结转结余): one score when the
//! amount is zero, one when it does not exceed the reference, one when it does.
//! A text is a comparison when it names both 结余 and 上年结转; all three
//! cases must be given points, else the row is manual.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002, 资金结余): "无结余，3分；有结余，但不超过上年结转，2分；结余超过上年结转，不得分。"
//! - corpus.rs: "结转结余资金为0的得2分，有结余但未超过上年结转的得1分，超过上年结转的不得分"
//!
//! ## Canonical form
//! `结余比较：无结余计3分；结余不超过上年结转计2分；结余超过上年结转计0分`
//!
//! ## Example
//! 结余 50 万元, 上年结转 80 万元 → 2 points.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
use super::tokens::award;
use super::{Claim, Rule, RuleInput, Step, pts, scale_points, show_value};
use crate::base::checked::{self, OutOfRange};
use crate::metrics::MetricUnit;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareAmounts {
    /// No balance at all.
    pub none: Decimal,
    /// A balance not above the reference.
    pub within: Decimal,
    /// A balance above the reference.
    pub over: Decimal,
}

/// Reads the three cases of a text naming both 结余 and 上年结转.
pub(crate) fn recognise(clauses: &[Clause], max: Decimal, _unit: MetricUnit) -> Option<Claim> {
    let all = |w: &str| clauses.iter().any(|c| c.text.contains(w));
    if !(all("结余") && all("上年结转")) {
        return None;
    }
    let (mut none, mut within, mut over) = (None, None, None);
    let mut parts = Vec::new();
    for (i, clause) in clauses.iter().enumerate() {
        let c = clause.text.as_str();
        let Some(a) = award(c, &clause.nums) else {
            continue;
        };
        // "结余为0的": the one number a case may hold besides the points.
        let zero_case = c.contains("为0") || c.contains("等于0") || c.contains("=0");
        let extra = clause.nums.len() - a.used.len();
        if extra > usize::from(zero_case) {
            continue;
        }
        let Some(p) = a.points.on(max) else {
            continue;
        };
        let (slot, case) =
            if c.contains("无结余") || c.contains("没有结余") || zero_case && extra == 1 {
                (&mut none, "无结余")
            } else if c.contains("不超过上年结转")
                || c.contains("未超过上年结转")
                || c.contains("不高于上年结转")
            {
                (&mut within, "结余不超过上年结转")
            } else if c.contains("超过上年结转") || c.contains("高于上年结转") {
                (&mut over, "结余超过上年结转")
            } else {
                continue;
            };
        if slot.is_none() {
            *slot = Some(p);
            parts.push((i, format!("{case}计{}分", pts(p))));
        }
    }
    Some(match (none, within, over) {
        (Some(n), Some(w), Some(o)) => Claim::rule(
            Rule::Compare(CompareAmounts {
                none: n,
                within: w,
                over: o,
            }),
            Vec::new(),
            parts,
        ),
        _ => Claim::manual(
            "结余比较规则不完整（需写明无结余、不超过上年结转、超过上年结转三种情形的得分）",
        ),
    })
}

impl CompareAmounts {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "结余比较：无结余计{}分；结余不超过上年结转计{}分；结余超过上年结转计{}分",
            pts(self.none),
            pts(self.within),
            pts(self.over)
        )
    }

    /// `MissingReference` when the reference amount is not known.
    pub(super) fn evaluate(&self, input: &RuleInput) -> Result<Step, OutOfRange> {
        let v = input.value;
        let shown = show_value(v, input.unit);
        if v <= Decimal::ZERO {
            return Ok(Step::Score(
                self.none,
                format!("无结余，计{}分", pts(self.none)),
            ));
        }
        let Some(reference) = input.reference else {
            return Ok(Step::MissingReference);
        };
        let reference = checked::in_range(reference)?;
        let r = show_value(reference, input.unit);
        Ok(if v <= reference {
            Step::Score(
                self.within,
                format!("结余{shown}不超过上年结转{r}，计{}分", pts(self.within)),
            )
        } else {
            Step::Score(
                self.over,
                format!("结余{shown}超过上年结转{r}，计{}分", pts(self.over)),
            )
        })
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<CompareAmounts, OutOfRange> {
        Ok(CompareAmounts {
            none: scale_points(self.none, factor)?,
            within: scale_points(self.within, factor)?,
            over: scale_points(self.over, factor)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Outcome, Rule, RuleInput};
    use super::*;
    use crate::metrics::MetricUnit;
    use rust_decimal_macros::dec;

    #[test]
    fn yunxi_balance_rule() {
        let r = Rule::Compare(CompareAmounts {
            none: dec!(3),
            within: dec!(2),
            over: dec!(0),
        });
        let eval = |v, reference| {
            r.evaluate(
                &RuleInput {
                    value: v,
                    reference,
                    unit: MetricUnit::Amount,
                },
                dec!(3),
            )
        };
        assert_eq!(eval(dec!(0), Some(dec!(80))).score(), Some(dec!(3)));
        assert_eq!(eval(dec!(50), Some(dec!(80))).score(), Some(dec!(2)));
        assert_eq!(eval(dec!(80), Some(dec!(80))).score(), Some(dec!(2)));
        assert_eq!(eval(dec!(80.01), Some(dec!(80))).score(), Some(dec!(0)));
        assert_eq!(
            eval(dec!(50), None),
            Outcome::MissingReference,
            "no reference, no score"
        );
        assert_eq!(eval(dec!(0), None).score(), Some(dec!(3)));
    }

    fn read(t: &str) -> Option<Result<Rule, String>> {
        recognise(&standard(t), dec!(3), MetricUnit::Amount).map(|c| c.rule)
    }

    #[test]
    fn recognises_all_three_cases_or_none() {
        assert_eq!(
            read("无结余，3分；有结余，但不超过上年结转，2分；结余超过上年结转，不得分。"),
            Some(Ok(Rule::Compare(CompareAmounts {
                none: dec!(3),
                within: dec!(2),
                over: dec!(0)
            })))
        );
        assert!(matches!(
            read("无结余，3分；结余超过上年结转，不得分。"),
            Some(Err(_))
        ));
        assert_eq!(read("无结余，3分"), None);
    }
}

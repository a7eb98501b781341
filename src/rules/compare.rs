//! Comparison of two amounts: this year's balance against last year's carry-over.
//!
//! ## What it reads
//! An amount (结转结余总额) and a reference (上年结转结余): one score when the
//! amount is zero, one when it does not exceed the reference, one when it does.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002): "无结余，3分；有结余，但不超过上年结转，2分；结余超过上年结转，不得分。"
//!
//! ## Canonical form
//! `结余比较：无结余计3分；结余不超过上年结转计2分；结余超过上年结转计0分`
//!
//! ## Example
//! 结余 50 万元, 上年结转 80 万元 → 2 points.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{RuleInput, pts, show_value};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareAmounts {
    /// No balance at all.
    pub none: Decimal,
    /// A balance not above the reference.
    pub within: Decimal,
    /// A balance above the reference.
    pub over: Decimal,
}

impl CompareAmounts {
    /// `None` when the reference amount is not known.
    pub(super) fn evaluate(&self, input: &RuleInput) -> Option<(Decimal, String)> {
        let v = input.value;
        let shown = show_value(v, input.unit);
        if v <= Decimal::ZERO {
            return Some((self.none, format!("无结余，计{}分", pts(self.none))));
        }
        let reference = input.reference?;
        let r = show_value(reference, input.unit);
        Some(if v <= reference {
            (
                self.within,
                format!("结余{shown}不超过上年结转{r}，计{}分", pts(self.within)),
            )
        } else {
            (
                self.over,
                format!("结余{shown}超过上年结转{r}，计{}分", pts(self.over)),
            )
        })
    }

    pub(super) fn scaled(&self, factor: Decimal) -> CompareAmounts {
        CompareAmounts {
            none: (self.none * factor).normalize(),
            within: (self.within * factor).normalize(),
            over: (self.over * factor).normalize(),
        }
    }

    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "结余比较：无结余计{}分；结余不超过上年结转计{}分；结余超过上年结转计{}分",
            pts(self.none),
            pts(self.within),
            pts(self.over)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Rule, RuleInput};
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
            .map(|e| e.score)
        };
        assert_eq!(eval(dec!(0), Some(dec!(80))), Some(dec!(3)));
        assert_eq!(eval(dec!(50), Some(dec!(80))), Some(dec!(2)));
        assert_eq!(eval(dec!(80), Some(dec!(80))), Some(dec!(2)));
        assert_eq!(eval(dec!(80.01), Some(dec!(80))), Some(dec!(0)));
        assert_eq!(eval(dec!(50), None), None, "no reference, no score");
        assert_eq!(eval(dec!(0), None), Some(dec!(3)));
    }
}

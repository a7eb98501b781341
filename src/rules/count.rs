//! Count deduction: points off for each occurrence (每出现一个…扣N分).
//!
//! ## What it reads
//! A count (e.g. 未按进度下达的专项数); full marks less `N × count`, floor 0.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002): "每出现一个专项未按进度完成资金下达扣0.5分，扣完为止。"
//! - 云溪区 (seed 002): "以上情况每出现一例不符合要求的扣1分，扣完为止。"
//! - 隆化县 (seed 001): "有一次未按要求完成的，扣1分，扣完为止。"
//!
//! ## Canonical form
//! `计数扣分：每出现1个扣0.5分，扣完为止`
//!
//! ## Example
//! 2 late projects on a 3-point row: 3 − 2 × 0.5 = 2.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{RuleInput, pts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountDeduction {
    /// Points deducted per occurrence.
    pub per: Decimal,
}

impl CountDeduction {
    pub(super) fn evaluate(&self, input: &RuleInput, max: Decimal) -> (Decimal, String) {
        let n = input.value.max(Decimal::ZERO);
        let deduction = self.per * n;
        let mut detail = format!(
            "出现{}个，扣{}分",
            crate::base::format::num(n),
            crate::base::format::score(deduction)
        );
        if deduction >= max && !n.is_zero() {
            detail.push_str("，扣完为止");
        }
        (max - deduction, detail)
    }

    pub(super) fn scaled(&self, factor: Decimal) -> CountDeduction {
        CountDeduction {
            per: (self.per * factor).normalize(),
        }
    }

    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "计数扣分：每出现1个扣{}分，扣完为止", pts(self.per))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Rule, RuleInput};
    use super::*;
    use crate::metrics::MetricUnit;
    use rust_decimal_macros::dec;

    #[test]
    fn deducts_per_occurrence_with_floor() {
        let r = Rule::Count(CountDeduction { per: dec!(0.5) });
        let score = |n| {
            r.evaluate(
                &RuleInput {
                    value: n,
                    reference: None,
                    unit: MetricUnit::Count,
                },
                dec!(3),
            )
            .unwrap()
            .score
        };
        assert_eq!(score(dec!(0)), dec!(3));
        assert_eq!(score(dec!(1)), dec!(2.5));
        assert_eq!(score(dec!(6)), dec!(0));
        assert_eq!(score(dec!(7)), dec!(0));
        assert_eq!(
            r.reading(MetricUnit::Count),
            "计数扣分：每出现1个扣0.5分，扣完为止"
        );
    }
}

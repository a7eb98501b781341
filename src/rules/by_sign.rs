//! By sign: points for a value above, at or below zero.
//!
//! ## What it reads
//! A change rate; one score for > 0, one for = 0, one for < 0.
//!
//! ## Wordings seen
//! - 桃江县 (seed 004): "大于0的计0分，等于0的计3分，小于0的计4分。" (on a
//!   3-point row: 4 is capped at 3, with a warning)
//! - 赣州经开区 (seed 000): "一般性支出变动率大于0，自评得分0分；人均公用经费变动率等于0，自评得分3分"
//!
//! ## Canonical form
//! `按正负计分：>0计0分；=0计3分；<0计4分`
//!
//! ## Example
//! 三公经费变动率 80.55% → `80.55% ＞ 0，按规则计0分`.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{RuleInput, pts, show_value};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BySign {
    pub positive: Decimal,
    pub zero: Decimal,
    pub negative: Decimal,
}

impl BySign {
    pub(super) fn evaluate(&self, input: &RuleInput) -> (Decimal, String) {
        let shown = show_value(input.value, input.unit);
        let (points, sign) = match input.value.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => (self.positive, "＞"),
            std::cmp::Ordering::Equal => (self.zero, "＝"),
            std::cmp::Ordering::Less => (self.negative, "＜"),
        };
        (
            points,
            format!("{shown} {sign} 0，按规则计{}分", pts(points)),
        )
    }

    pub(super) fn scaled(&self, factor: Decimal) -> BySign {
        BySign {
            positive: (self.positive * factor).normalize(),
            zero: (self.zero * factor).normalize(),
            negative: (self.negative * factor).normalize(),
        }
    }

    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "按正负计分：>0计{}分；=0计{}分；<0计{}分",
            pts(self.positive),
            pts(self.zero),
            pts(self.negative)
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
    fn taojiang_sign_rule_with_cap() {
        let r = Rule::BySign(BySign {
            positive: dec!(0),
            zero: dec!(3),
            negative: dec!(4),
        });
        let eval = |v| {
            r.evaluate(
                &RuleInput {
                    value: v,
                    reference: None,
                    unit: MetricUnit::Percent,
                },
                dec!(3),
            )
            .unwrap()
        };
        let e = eval(dec!(0.805531));
        assert_eq!(e.score, dec!(0));
        assert_eq!(e.detail, "80.55% ＞ 0，按规则计0分");
        assert_eq!(eval(dec!(0)).score, dec!(3));
        assert_eq!(eval(dec!(0.0001)).score, dec!(0));
        let below = eval(dec!(-0.0001));
        assert_eq!(below.score, dec!(3));
        assert_eq!(below.capped_from, Some(dec!(4)));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "按正负计分：>0计0分；=0计3分；<0计4分"
        );
    }
}

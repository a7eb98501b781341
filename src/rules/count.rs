//! Count deduction: points off for each occurrence (每出现一个…扣N分).
//!
//! ## What it reads
//! A count (e.g. 未按进度下达的专项数); full marks less `N × count`, floor 0.
//! A text is a count when it deducts (扣) per item, case, time or day
//! (每出现, 每发现, 有一次, 每项, 每天…) and never speaks of 百分点.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002, 支付进度): "春节前下达全部专项资金的50%；6月底前所有专项资金指标全部下达完。
//!   每出现一个专项未按进度完成资金下达扣0.5分，扣完为止。"
//! - 云溪区 (seed 002): "以上情况每出现一例不符合要求的扣1分，扣完为止。"
//! - 隆化县 (seed 001): "有一次未按要求完成的，扣1分，扣完为止。"
//! - 隆化县 (seed 001): "逾期报送一天扣0.5分，扣完为止。"
//!
//! ## Canonical form
//! `计数扣分：每出现1个扣0.5分，扣完为止`
//!
//! ## Example
//! 2 late projects on a 3-point row: 3 − 2 × 0.5 = 2.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::Parse;
use super::tokens::numbers;
use super::{Rule, RuleInput, pts, scale_points};
use crate::base::checked::{self, OutOfRange};
use crate::metrics::MetricUnit;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountDeduction {
    /// Points deducted per occurrence.
    pub per: Decimal,
}

/// Words that deduct per occurrence rather than per percentage point.
const PER_ITEM: [&str; 16] = [
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

/// Reads "每出现一个…扣N分": a deduction per item, never per 百分点.
pub(crate) fn recognise(s: &str, _max: Decimal, _unit: MetricUnit) -> Option<Parse> {
    if !(s.contains('扣') && PER_ITEM.iter().any(|w| s.contains(w)) && !s.contains("百分点")) {
        return None;
    }
    let from = s.find('每').unwrap_or(0);
    let Some(i) = s[from..].find('扣').map(|i| i + from) else {
        return Some(Parse::manual("未找到扣分数"));
    };
    Some(match numbers(&s[i..]).first() {
        Some(n) if !n.percent => {
            Parse::rule(Rule::Count(CountDeduction { per: n.value }), Vec::new())
        }
        _ => Parse::manual("未能识别每次扣分的分数"),
    })
}

impl CountDeduction {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "计数扣分：每出现1个扣{}分，扣完为止", pts(self.per))
    }

    pub(super) fn evaluate(
        &self,
        input: &RuleInput,
        max: Decimal,
    ) -> Result<(Decimal, String), OutOfRange> {
        let n = input.value.max(Decimal::ZERO);
        let deduction = checked::mul(self.per, n)?;
        let mut detail = format!(
            "出现{}个，扣{}分",
            crate::base::format::num(n),
            crate::base::format::score(deduction)
        );
        if deduction >= max && !n.is_zero() {
            detail.push_str("，扣完为止");
        }
        Ok((checked::sub(max, deduction)?, detail))
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<CountDeduction, OutOfRange> {
        Ok(CountDeduction {
            per: scale_points(self.per, factor)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
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
            .expect("not manual")
            .expect("in range")
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

    #[test]
    fn recognises_per_item_deductions_only() {
        let read = |t: &str| recognise(&standard(t), dec!(3), MetricUnit::Count);
        assert_eq!(
            read("每出现一个专项未按进度完成资金下达扣0.5分，扣完为止。"),
            Some(Parse::rule(
                Rule::Count(CountDeduction { per: dec!(0.5) }),
                Vec::new()
            ))
        );
        assert_eq!(
            read("有一次未按要求完成的，扣1分，扣完为止。"),
            Some(Parse::rule(
                Rule::Count(CountDeduction { per: dec!(1) }),
                Vec::new()
            ))
        );
        assert_eq!(read("每超过一个百分点扣0.5分，扣完为止"), None);
    }
}

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

use super::clauses::Clause;
use super::{Claim, Rule, RuleInput, Step, pts, scale_points};
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

/// Whether a clause deducts per item, case, time or day.
pub(super) fn is_per_item(s: &str) -> bool {
    s.contains('扣') && PER_ITEM.iter().any(|w| s.contains(w)) && !s.contains("百分点")
}

/// Reads "每出现一个…扣N分": one clause deducting per item, never per 百分点.
pub(crate) fn recognise(clauses: &[Clause], _max: Decimal, _unit: MetricUnit) -> Option<Claim> {
    let found: Vec<usize> = (0..clauses.len())
        .filter(|i| clauses[*i].scored() && is_per_item(&clauses[*i].text))
        .collect();
    let &[i] = found.as_slice() else {
        return if found.is_empty() {
            None
        } else {
            Some(Claim::manual("计数扣分规则有多条扣分标准，需人工判断"))
        };
    };
    let c = &clauses[i];
    let s = c.text.as_str();
    let from = s.find('每').unwrap_or(0);
    let Some(k) = s[from..].find('扣').map(|k| k + from) else {
        return Some(Claim::manual("未找到扣分数"));
    };
    let Some((d_idx, d)) = c.nums.iter().enumerate().find(|(_, n)| n.start >= k) else {
        return Some(Claim::manual("未能识别每次扣分的分数"));
    };
    if d.percent || !s[d.end..].starts_with('分') {
        return Some(Claim::manual("未能识别每次扣分的分数"));
    }
    // "每出现1个" is the one other number the clause may hold.
    let others = c
        .nums
        .iter()
        .enumerate()
        .filter(|(j, n)| {
            *j != d_idx
                && !(n.value == Decimal::ONE
                    && ["个", "项", "次", "例", "天", "处", "件"]
                        .iter()
                        .any(|u| s[n.end..].starts_with(u)))
        })
        .count();
    let rule = CountDeduction { per: d.value };
    let parts = if others == 0 {
        vec![(i, format!("每出现1个扣{}分", pts(d.value)))]
    } else {
        Vec::new()
    };
    Some(Claim::rule(Rule::Count(rule), Vec::new(), parts))
}

impl CountDeduction {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "计数扣分：每出现1个扣{}分，扣完为止", pts(self.per))
    }

    pub(super) fn evaluate(&self, input: &RuleInput, max: Decimal) -> Result<Step, OutOfRange> {
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
        Ok(Step::Score(checked::sub(max, deduction)?, detail))
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
            .score()
            .expect("scored")
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

    fn read(t: &str) -> Option<(Result<Rule, String>, usize)> {
        recognise(&standard(t), dec!(3), MetricUnit::Count).map(|c| (c.rule, c.parts.len()))
    }

    #[test]
    fn recognises_per_item_deductions_only() {
        assert_eq!(
            read("每出现一个专项未按进度完成资金下达扣0.5分，扣完为止。"),
            Some((Ok(Rule::Count(CountDeduction { per: dec!(0.5) })), 1))
        );
        assert_eq!(
            read("有一次未按要求完成的，扣1分，扣完为止。"),
            Some((Ok(Rule::Count(CountDeduction { per: dec!(1) })), 1))
        );
        assert_eq!(read("每超过一个百分点扣0.5分，扣完为止"), None);
    }
}

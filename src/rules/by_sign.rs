//! By sign: points for a value above, at or below zero.
//!
//! ## What it reads
//! A change rate; one score for > 0, one for = 0, one for < 0. A text is
//! by sign when one clause gives points for a rise (大于0, 增加, 上升…) and one
//! for no change (等于0, 持平), and no clause deducts per step (每…). When the
//! < 0 case is not written, it scores as = 0 (with a note).
//!
//! ## Wordings seen
//! - 桃江县 (seed 004, 三公经费变动率): "…×100%。大于0的计0分，等于0的计3分，小于0的计4分。"
//!   (on a 3-point row: 4 is capped at 3, with a warning)
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

use super::Parse;
use super::clauses::clauses;
use super::tokens::{points_in, points_with_max};
use super::{Rule, RuleInput, pts, scale_points, show_value};
use crate::base::checked::OutOfRange;
use crate::metrics::MetricUnit;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BySign {
    pub positive: Decimal,
    pub zero: Decimal,
    pub negative: Decimal,
}

/// Reads "大于0的计0分，等于0的计3分，小于0的计4分"; leaves any 每 text to linear.
pub(crate) fn recognise(s: &str, max: Decimal, _unit: MetricUnit) -> Option<Parse> {
    let pos = |c: &str| {
        ["大于0", ">0", "高于0", "增加", "上升"]
            .iter()
            .any(|w| c.contains(w))
    };
    let zero = |c: &str| ["等于0", "=0", "持平"].iter().any(|w| c.contains(w));
    let neg = |c: &str| {
        ["小于0", "<0", "低于0", "下降", "减少"]
            .iter()
            .any(|w| c.contains(w))
    };
    let cl = clauses(s);
    if cl.iter().any(|c| c.contains('每')) {
        return None;
    }
    let find = |f: &dyn Fn(&str) -> bool| {
        cl.iter()
            .find(|c| f(c) && points_in(c).is_some())
            .and_then(|c| points_with_max(c, Some(max)))
    };
    let (p, z, n) = (find(&pos), find(&zero), find(&neg));
    let mut notes = Vec::new();
    let rule = match (p, z, n) {
        (Some(p), Some(z), Some(n)) => BySign {
            positive: p,
            zero: z,
            negative: n,
        },
        (Some(p), Some(z), None) => {
            notes.push("未写明小于0的情形，按等于0计分（推断）".to_string());
            BySign {
                positive: p,
                zero: z,
                negative: z,
            }
        }
        _ => return None,
    };
    Some(Parse::rule(Rule::BySign(rule), notes))
}

impl BySign {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "按正负计分：>0计{}分；=0计{}分；<0计{}分",
            pts(self.positive),
            pts(self.zero),
            pts(self.negative)
        )
    }

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

    pub(super) fn scaled(&self, factor: Decimal) -> Result<BySign, OutOfRange> {
        Ok(BySign {
            positive: scale_points(self.positive, factor)?,
            zero: scale_points(self.zero, factor)?,
            negative: scale_points(self.negative, factor)?,
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
            .expect("not manual")
            .expect("in range")
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

    #[test]
    fn recognises_three_signs_and_leaves_steps_to_linear() {
        let read = |t: &str| recognise(&standard(t), dec!(3), MetricUnit::Percent);
        assert_eq!(
            read("大于0的计0分，等于0的计3分，小于0的计4分。"),
            Some(Parse::rule(
                Rule::BySign(BySign {
                    positive: dec!(0),
                    zero: dec!(3),
                    negative: dec!(4)
                }),
                Vec::new()
            ))
        );
        assert_eq!(
            read("“三公经费”变动率≦0,计5分；“三公经费”＞0，每超过一个百分点扣0.5分，扣完为止。"),
            None
        );
    }
}

//! Deduction by the overspend ratio: "未完成的，按超支比例扣减".
//!
//! ## What it reads
//! A text giving full marks when costs stay within the target and saying
//! otherwise the points are cut by the overspend ratio (按超支比例扣减). The
//! value is the overspend ratio `(实际支出 − 计划) ÷ 计划` (0 when within
//! plan); the score is `分值 × (1 − ratio)`, floor 0. Read only for the 项目
//! family (src/family/xiangmu.rs).
//!
//! ## Wordings seen
//! - 岳阳市云溪区 附件4-2 (seed 002): "项目产出成本按绩效目标控制得3分，未完成的，按超支比例扣减。"
//!
//! ## Canonical form
//! `超支扣减：支出不超过计划得3分，超支按超支比例扣减`

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::{Role, prepare, split};
use super::pts;
use crate::base::checked::{self, OutOfRange};
use crate::base::format::pct;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overspend {
    pub points: Decimal,
}

/// Reads "…得N分，…按超支比例扣减": every scoring clause either gives the
/// points (N = 分值) or says 按超支比例扣减.
pub fn read(text: &str, max: Decimal) -> Option<Overspend> {
    let t = prepare(text);
    let clauses = split(&t, max);
    let mut deducts = false;
    for c in clauses.iter().filter(|c| c.role == Role::Scored) {
        let s = c.text.as_str();
        if s.contains("超支比例扣") {
            deducts = true;
            if !c.nums.is_empty() {
                return None;
            }
        } else {
            let [n] = c.nums.as_slice() else {
                return None;
            };
            if n.percent || n.value != max || !s[n.end..].starts_with('分') || s.contains('扣') {
                return None;
            }
        }
    }
    deducts.then_some(Overspend { points: max })
}

impl Overspend {
    pub fn reading(&self) -> String {
        format!(
            "超支扣减：支出不超过计划得{}分，超支按超支比例扣减",
            pts(self.points)
        )
    }

    /// `points × (1 − ratio)`, floor 0; `ratio` ≤ 0 is within plan.
    pub fn score(&self, ratio: Decimal) -> Result<(Decimal, String), OutOfRange> {
        if ratio <= Decimal::ZERO {
            return Ok((self.points, format!("未超支，计{}分", pts(self.points))));
        }
        let off = checked::mul(self.points, ratio.min(Decimal::ONE))?;
        let score = checked::sub(self.points, off)?.max(Decimal::ZERO);
        Ok((
            score,
            format!(
                "超支比例{}，扣{}分，计{}分",
                pct(ratio),
                crate::base::format::num(super::round_score(off, self.points)),
                crate::base::format::num(super::round_score(score, self.points))
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_and_deducts_by_ratio() {
        let r = read(
            "项目产出成本按绩效目标控制得3分，未完成的，按超支比例扣减。",
            dec!(3),
        )
        .unwrap();
        assert_eq!(r.score(dec!(0)).unwrap().0, dec!(3));
        assert_eq!(r.score(dec!(-0.13)).unwrap().0, dec!(3));
        assert_eq!(r.score(dec!(0.1)).unwrap().0, dec!(2.7));
        assert_eq!(r.score(dec!(1.5)).unwrap().0, dec!(0));
        assert_eq!(
            read(
                "项目产出成本按绩效目标控制得5分，未完成的，按超支比例扣减。",
                dec!(3)
            ),
            None
        );
    }
}

//! Per day late: "逾期报送一天扣0.5分，扣完为止".
//!
//! ## What it reads
//! A clause deducting per day (一天扣, 每天扣, 每逾期一天扣) inside a part
//! worth fixed points ([`super::sub_rules`]): the value is a number of days
//! late bound to the clause; the part's points less `N × days`, floor 0.
//!
//! ## Wordings seen
//! - 隆化县 (seed 001): "按时向县财政局报送绩效自评报告的，得5分，逾期报送一天扣0.5分，扣完为止"
//! - 隆化县 (seed 001): "报送监控材料不全的不得分，逾期报送一天扣0.5分，扣完为止"
//!
//! ## Canonical form
//! `逾期扣分：逾期报送每天扣0.5分，扣完为止`

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
use super::pts;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerDayLate {
    /// The clause as written (`逾期报送一天扣0.5分`), bound to a number of days.
    pub subject: String,
    pub per: Decimal,
}

const DAY: [&str; 5] = ["一天扣", "每天扣", "1天扣", "每日扣", "一日扣"];

/// Reads a clause deducting per day late; its one number with 分 is the
/// deduction.
pub(crate) fn read(c: &Clause) -> Option<PerDayLate> {
    let s = c.text.as_str();
    if !s.contains("逾期") && !s.contains("延迟") && !s.contains("推迟") {
        return None;
    }
    let at = DAY.iter().filter_map(|w| s.find(w)).min()?;
    // The day word is not a digit: no number starts at `at` itself.
    let n = c.sole_points_after(at)?;
    // "1天扣": the only other number a clause may hold.
    let others = c
        .nums
        .iter()
        .filter(|m| {
            m.start != n.start && !(m.value == Decimal::ONE && s[m.end..].starts_with('天'))
        })
        .count();
    (others == 0 && !n.percent).then(|| PerDayLate {
        subject: s[..n.end].trim_end_matches([',', '，']).to_string() + "分",
        per: n.value,
    })
}

impl PerDayLate {
    pub fn reading(&self) -> String {
        format!("逾期扣分：每逾期一天扣{}分，扣完为止", pts(self.per))
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_days_late() {
        let c = standard("逾期报送一天扣0.5分，扣完为止");
        let r = read(&c[0]).unwrap();
        assert_eq!(r.per, dec!(0.5));
        assert_eq!(r.subject, "逾期报送一天扣0.5分");
        assert_eq!(read(&standard("每出现一个扣0.5分")[0]), None);
    }
}

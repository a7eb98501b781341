//! Bonus points: "…的，加2分，否则不得分".
//!
//! ## What it reads
//! A clause "<condition>（的），加N分", optionally followed by "否则不得分".
//! Inside one row of several sub-rules ([`super::sub_rules`]) the bonus is
//! one part of the row's points (隆化县's 管理范围: 4 points by ratio plus 2
//! for a 部门整体 target): the value is a yes/no fact bound to the condition.
//!
//! ## Wordings seen
//! - 隆化县 (seed 001): "按照要求设置部门整体支出绩效目标的，加2分，否则不得分"
//! - 隆化县 (seed 001): "开展部门整体支出绩效监控的（1—6月份绩效运行监控报告），加2分，否则不得分"
//!
//! ## Canonical form
//! `加分：按照要求设置部门整体支出绩效目标的加2分，否则不得分`

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
use super::pts;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bonus {
    pub condition: String,
    pub points: Decimal,
}

/// Reads "<condition>（的），加N分": the one number of the clause follows 加
/// and is followed by 分.
pub(crate) fn read(c: &Clause) -> Option<Bonus> {
    let s = c.text.as_str();
    // The points: the number after 加 and before 分. Any other number is
    // part of the condition ("1-6月份") and never gives points.
    let n = c.sole_points_after(0)?;
    if n.percent || !s[..n.start].ends_with('加') {
        return None;
    }
    if s[n.end..].trim_start_matches('分').chars().count() > 2 {
        return None;
    }
    let head = s[..n.start]
        .trim_end_matches('加')
        .trim_end_matches([',', '，'])
        .trim_end_matches('的')
        .trim_end_matches([',', '，']);
    (!head.is_empty()).then(|| Bonus {
        condition: head.to_string(),
        points: n.value,
    })
}

impl Bonus {
    pub fn reading(&self) -> String {
        format!(
            "加分：{}的加{}分，否则不得分",
            self.condition,
            pts(self.points)
        )
    }

    pub fn score(&self, yes: bool) -> (Decimal, String) {
        if yes {
            (
                self.points,
                format!("{}：是，加{}分", self.condition, pts(self.points)),
            )
        } else {
            (
                Decimal::ZERO,
                format!(
                    "{}：否，不加分（本项{}分）",
                    self.condition,
                    pts(self.points)
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_bonus_with_condition() {
        let c = standard("按照要求设置部门整体支出绩效目标的，加2分，否则不得分");
        assert_eq!(c.len(), 2, "{c:?}");
        let b = read(&c[0]).unwrap();
        assert_eq!(b.condition, "按照要求设置部门整体支出绩效目标");
        assert_eq!(b.points, dec!(2));
        let c =
            standard("开展部门整体支出绩效监控的（1—6月份绩效运行监控报告），加2分，否则不得分");
        let b = read(&c[0]).unwrap();
        assert_eq!(b.points, dec!(2));
        assert_eq!(
            b.condition,
            "开展部门整体支出绩效监控的(1-6月份绩效运行监控报告)"
        );
        assert_eq!(read(&standard("得2分")[0]), None);
    }
}

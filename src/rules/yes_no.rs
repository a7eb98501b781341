//! Yes/no: points when a condition holds (成立预算绩效管理领导小组得2分).
//!
//! ## What it reads
//! One clause "<condition>（的），得N分" with no deduction after it, and
//! optionally the clause after it saying the other side gives nothing
//! ("否则不得分", "未开展的不得分"). The value is a yes/no fact (是/否) that
//! the family binds to the condition; 是 gives N points, 否 gives 0. Read
//! only inside [`super::sub_rules`] (the 考核 family): a 部门整体 rubric never
//! sees it.
//!
//! ## Wordings seen
//! - 隆化县 (seed 001): "成立预算绩效管理领导小组得2分"
//! - 隆化县 (seed 001): "部门明确专职人员的，得1分"
//! - 隆化县 (seed 001): "开展部门整体支出绩效自评的，得3分，未开展的不得分"
//!
//! ## Canonical form
//! `是否：部门明确专职人员，是得1分，否得0分`

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
use super::pts;
use super::tokens::{Points, award};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YesNo {
    /// The condition as written (`部门明确专职人员`).
    pub condition: String,
    pub points: Decimal,
}

/// The condition of a clause "<condition>（的），得N分": the text before the
/// points, without its trailing 的 and commas; `None` when the clause gives
/// no fixed points, deducts, adds or counts per item.
pub(crate) fn condition_award(c: &Clause) -> Option<(String, Decimal)> {
    let s = c.text.as_str();
    // 加 before a number is a bonus (bonus.rs); "参加会议" is not.
    let bonus = s.match_indices('加').any(|(i, _)| {
        s[i + '加'.len_utf8()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五半".contains(c))
    });
    if bonus || s.contains('扣') || s.contains('每') || s.contains('/') {
        return None;
    }
    let a = award(s, &c.nums)?;
    let Points::Fixed(points) = a.points else {
        return None;
    };
    if points.is_zero() || a.used.len() != 1 || c.nums.len() != 1 {
        return None;
    }
    let n = c.nums[a.used[0]];
    let head = &s[..n.start];
    let head = head
        .trim_end_matches(['得', '计', '给'])
        .trim_end_matches([',', '，'])
        .trim_end_matches('的')
        .trim_end_matches([',', '，']);
    // "另计1分", "再加1分": points on top of something, not a yes/no.
    if ["另", "再", "额外", "加", "可"]
        .iter()
        .any(|w| head.ends_with(w))
    {
        return None;
    }
    Some((head.to_string(), points))
}

/// Whether a clause says the other side gives nothing: "否则不得分",
/// "未开展的不得分", "否则不得分".
pub(crate) fn is_otherwise_zero(c: &Clause) -> bool {
    let s = c.text.trim_end_matches(['。', ',']);
    c.nums.is_empty()
        && s.ends_with("不得分")
        && (s.starts_with("否则") || s.starts_with('未') || s.starts_with("没有"))
        && s.chars().count() <= 12
}

impl YesNo {
    pub fn reading(&self) -> String {
        format!(
            "是否：{}，是得{}分，否得0分",
            self.condition,
            pts(self.points)
        )
    }

    /// 是 (a non-zero value) gives the points, 否 gives 0.
    pub fn score(&self, yes: bool) -> (Decimal, String) {
        if yes {
            (
                self.points,
                format!("{}：是，得{}分", self.condition, pts(self.points)),
            )
        } else {
            (
                Decimal::ZERO,
                format!(
                    "{}：否，不得分（本项{}分）",
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
    fn reads_condition_and_points() {
        let c = standard("部门明确专职人员的，得1分");
        assert_eq!(
            condition_award(&c[0]),
            Some(("部门明确专职人员".to_string(), dec!(1)))
        );
        let c = standard("成立预算绩效管理领导小组得2分");
        assert_eq!(
            condition_award(&c[0]),
            Some(("成立预算绩效管理领导小组".to_string(), dec!(2)))
        );
        let c = standard("开展部门整体支出绩效自评的，得3分，未开展的不得分");
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(is_otherwise_zero(&c[1]));
        let c = standard("每发现一个问题，扣1分");
        assert_eq!(condition_award(&c[0]), None);
    }

    #[test]
    fn scores_both_sides() {
        let r = YesNo {
            condition: "成立领导小组".into(),
            points: dec!(2),
        };
        assert_eq!(r.score(true).0, dec!(2));
        assert_eq!(r.score(false).0, dec!(0));
        assert_eq!(r.reading(), "是否：成立领导小组，是得2分，否得0分");
    }
}

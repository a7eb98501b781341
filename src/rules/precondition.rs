//! Preconditions: "报送材料不全的不得分".
//!
//! ## What it reads
//! A clause "<failing condition>的不得分" inside a part worth fixed points
//! ([`super::sub_rules`]): when the condition holds (a yes/no fact bound to
//! it), the part scores 0 whatever else it says; otherwise it does not
//! change the part. The family binds the condition to a yes/no fact; when
//! jixiao has no such fact the row is manual (never assumed to pass).
//!
//! ## Wordings seen
//! - 隆化县 (seed 001): "报送监控材料不全的不得分"
//!
//! ## Canonical form
//! `前提：报送监控材料不全的，本项不得分`

use serde::Serialize;

use super::clauses::Clause;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Precondition {
    /// The failing condition (`报送监控材料不全`).
    pub condition: String,
}

/// Reads "<condition>的不得分" (no number, not "否则").
pub(crate) fn read(c: &Clause) -> Option<Precondition> {
    let s = c.text.trim_end_matches('。');
    if !c.nums.is_empty() || s.starts_with("否则") {
        return None;
    }
    let head = s
        .strip_suffix("不得分")
        .or_else(|| s.strip_suffix("不计分"))?
        .trim_end_matches([',', '，'])
        .trim_end_matches('的')
        .trim_end_matches([',', '，'])
        .trim_end_matches('者');
    (head.chars().count() >= 2).then(|| Precondition {
        condition: head.to_string(),
    })
}

impl Precondition {
    pub fn reading(&self) -> String {
        format!("前提：{}的，本项不得分", self.condition)
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::*;

    #[test]
    fn reads_failing_condition() {
        let c = standard("报送监控材料不全的不得分");
        assert_eq!(
            read(&c[0]),
            Some(Precondition {
                condition: "报送监控材料不全".into()
            })
        );
        assert_eq!(read(&standard("否则不得分")[0]), None);
        assert_eq!(read(&standard("低于60%不得分")[0]), None);
    }
}

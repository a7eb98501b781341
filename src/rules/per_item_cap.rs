//! Per item with a cap: "每项1分，本项最高得3分".
//!
//! ## What it reads
//! A clause "<what is counted>（的），每项N分" (每个, 每条, 每份 likewise),
//! with the cap "最高得M分" in the same clause or the next. The value is a
//! count bound to the subject; the score is `min(N × count, M)`. Without a
//! written cap the row's 分值 (or the part's share of it) caps it. Read
//! inside [`super::sub_rules`] only.
//!
//! ## Wordings seen
//! - 隆化县 (seed 001): "制定指导本部门预算绩效管理工作具体办法或操作细则的，每项1分，本项最高得3分"
//!
//! ## Canonical form
//! `按项计分：制定指导本部门预算绩效管理工作具体办法或操作细则，每项1分，最高3分`

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
use super::pts;
use crate::base::checked::{self, OutOfRange};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerItemCap {
    pub subject: String,
    pub per: Decimal,
    /// The cap; `None` when the text writes none (the row's 分值 caps it).
    pub cap: Option<Decimal>,
}

const PER: [&str; 4] = ["每项", "每个", "每条", "每份"];

/// Reads "<subject>的，每项N分" (no 扣): the subject and N, and the cap when
/// this clause writes it.
pub(crate) fn read(c: &Clause) -> Option<PerItemCap> {
    let s = c.text.as_str();
    if s.contains('扣') {
        return None;
    }
    let at = PER.iter().filter_map(|w| s.find(w)).min()?;
    let after = at + PER[0].len();
    let per = c.nums.iter().find(|n| n.start == after)?;
    if per.percent || !s[per.end..].starts_with('分') {
        return None;
    }
    let cap = read_cap(&s[per.end..], c, per.end);
    let others = c
        .nums
        .iter()
        .filter(|n| n.start != per.start && Some(n.value) != cap.map(|(v, _)| v))
        .count();
    if others > 0 {
        return None;
    }
    let subject = s[..at]
        .trim_end_matches([',', '，'])
        .trim_end_matches('的')
        .trim_end_matches([',', '，']);
    (!subject.is_empty()).then(|| PerItemCap {
        subject: subject.to_string(),
        per: per.value,
        cap: cap.map(|(v, _)| v),
    })
}

/// "最高得M分" / "最多得M分" / "最高M分" in `tail` (a suffix of the clause
/// starting at byte `offset`).
fn read_cap(tail: &str, c: &Clause, offset: usize) -> Option<(Decimal, usize)> {
    let at = tail.find("最高").or_else(|| tail.find("最多"))? + offset;
    let n = c.nums.iter().find(|n| n.start > at)?;
    let between = &c.text[at..n.start];
    (between.chars().count() <= 4 && c.text[n.end..].starts_with('分') && !n.percent)
        .then_some((n.value, n.start))
}

/// The cap written alone in the next clause: "本项最高得3分".
pub(crate) fn read_cap_clause(c: &Clause) -> Option<Decimal> {
    let [n] = c.nums.as_slice() else {
        return None;
    };
    let s = c.text.as_str();
    let head = &s[..n.start];
    ((head.contains("最高") || head.contains("最多"))
        && !head.contains('扣')
        && s[n.end..].starts_with('分')
        && head.chars().count() <= 6)
        .then_some(n.value)
}

impl PerItemCap {
    pub fn reading(&self) -> String {
        match self.cap {
            Some(cap) => format!(
                "按项计分：{}，每项{}分，最高{}分",
                self.subject,
                pts(self.per),
                pts(cap)
            ),
            None => format!("按项计分：{}，每项{}分", self.subject, pts(self.per)),
        }
    }

    /// The points for `count` items, at most the cap.
    pub fn score(&self, count: Decimal) -> Result<(Decimal, String), OutOfRange> {
        let n = count.max(Decimal::ZERO);
        let raw = checked::mul(self.per, n)?;
        let score = self.cap.map_or(raw, |c| raw.min(c));
        let mut detail = format!(
            "{}{}项，每项{}分",
            self.subject,
            crate::base::format::num(n),
            pts(self.per)
        );
        if raw > score {
            detail.push_str(&format!(
                "，合计{}分超过上限，按最高{}分计",
                pts(raw),
                pts(score)
            ));
        } else {
            detail.push_str(&format!("，计{}分", pts(score)));
        }
        Ok((score, detail))
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_per_item_and_cap() {
        let c =
            standard("制定指导本部门预算绩效管理工作具体办法或操作细则的，每项1分，本项最高得3分");
        let r = read(&c[0]).unwrap();
        assert_eq!(
            r.subject,
            "制定指导本部门预算绩效管理工作具体办法或操作细则"
        );
        assert_eq!(r.per, dec!(1));
        let cap = r.cap.or_else(|| c.get(1).and_then(read_cap_clause));
        assert_eq!(cap, Some(dec!(3)), "{c:?}");
    }

    #[test]
    fn caps_the_count() {
        let r = PerItemCap {
            subject: "制度办法".into(),
            per: dec!(1),
            cap: Some(dec!(3)),
        };
        assert_eq!(r.score(dec!(2)).unwrap().0, dec!(2));
        assert_eq!(r.score(dec!(3)).unwrap().0, dec!(3));
        assert_eq!(r.score(dec!(4)).unwrap().0, dec!(3));
        assert_eq!(r.reading(), "按项计分：制度办法，每项1分，最高3分");
    }
}

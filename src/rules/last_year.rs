//! Comparison with last year (较上年下降/持平/上升): points by the direction
//! of a change rate.
//!
//! ## What it reads
//! A change rate (变动率, this year against last year); one score when it
//! fell (< 0), one when it stayed level (= 0), one when it rose (> 0). A text
//! is a last-year comparison when a scoring clause says 较上年/比上年/与上年
//! and clauses give points for 下降/减少, 持平/不变, 上升/增加. A case the
//! text does not give is manual when it occurs ("评分标准未规定较上年持平的
//! 情形"), and a negated word (未增加) is not read. The row's metric must be a
//! change rate (rubric/build.rs): on any other metric the comparison needs
//! last year's value, which jixiao does not have, and the row is manual.
//!
//! ## Wordings seen
//! - (issue 7, 三公经费 rows in the style of 湖南 county rubrics):
//!   "公务接待费较上年下降的得满分，持平的得一半分，上升的不得分"
//! - (written in the style of the 云溪/桃江 tables): "“三公经费”较上年减少的
//!   得3分，与上年持平的得2分，比上年增加的不得分"
//! - "较上年下降或持平的得满分，上升的不得分" (two cases in one clause)
//!
//! ## Canonical form
//! `较上年比较：下降计3分；持平计1.5分；上升计0分`
//!
//! ## Example
//! 三公经费变动率 −7.69% on "较上年下降的得满分…" (3 points) → 下降, 3 points.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
use super::tokens::{Points, award, before};
use super::{Claim, Rule, RuleInput, Step, pts, scale_opt, show_value, uncovered};
use crate::base::checked::OutOfRange;
use crate::metrics::MetricUnit;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastYear {
    /// Points when the value fell (change rate < 0).
    pub down: Option<Decimal>,
    /// Points when it stayed level (= 0).
    pub flat: Option<Decimal>,
    /// Points when it rose (> 0).
    pub up: Option<Decimal>,
}

/// Words that compare with last year.
const LAST_YEAR: [&str; 5] = ["较上年", "比上年", "与上年", "同比", "较上一年"];

/// The three directions: (canonical word, words).
const DIRECTIONS: [(&str, &[&str]); 3] = [
    ("下降", &["下降", "减少", "降低", "压减", "缩减"]),
    ("持平", &["持平", "不变", "相同", "相等", "一致"]),
    ("上升", &["上升", "增加", "增长", "提高", "上涨"]),
];

/// Reads "较上年下降的得满分，持平的得一半分，上升的不得分".
pub(crate) fn recognise(clauses: &[Clause], max: Decimal, _unit: MetricUnit) -> Option<Claim> {
    if !clauses
        .iter()
        .any(|c| c.scored() && LAST_YEAR.iter().any(|w| c.text.contains(w)))
    {
        return None;
    }
    let mut found: [Option<Decimal>; 3] = [None; 3];
    let mut parts = Vec::new();
    for (i, c) in clauses.iter().enumerate() {
        if !c.scored() {
            continue;
        }
        let Some(a) = award(&c.text, &c.nums) else {
            continue;
        };
        // Only the points may be numbers: "下降5%以上" is not read.
        if c.nums.len() != a.used.len() {
            continue;
        }
        // (direction, negated) for every direction word of the clause.
        let said: Vec<(usize, bool)> = DIRECTIONS
            .iter()
            .enumerate()
            .flat_map(|(k, (_, words))| {
                words.iter().flat_map(move |w| {
                    c.text.match_indices(w).map(move |(at, _)| {
                        let lead = before(&c.text, at, 2);
                        (
                            k,
                            lead.ends_with('未') || lead.ends_with('不') || lead == "没有",
                        )
                    })
                })
            })
            .collect();
        let catch_all = ["否则", "其他", "其余", "其它"]
            .iter()
            .any(|w| c.text.starts_with(w));
        let dirs: Vec<usize> = match said.as_slice() {
            // "否则不计分": every direction no clause before gave.
            [] if catch_all && i > 0 => (0..3).filter(|k| found[*k].is_none()).collect(),
            // "未压减的" is level or up; "未增加的" is down or level.
            [(k, true)] if *k != 1 => vec![1, 2 - k],
            s if s.iter().all(|(_, neg)| !neg) => {
                let mut d: Vec<usize> = s.iter().map(|(k, _)| *k).collect();
                d.sort_unstable();
                d.dedup();
                d
            }
            _ => continue,
        };
        if dirs.is_empty() || dirs.iter().any(|k| found[*k].is_some()) {
            continue;
        }
        let Some(p) = a.points.on(max) else {
            continue;
        };
        let said = match a.points {
            Points::Fixed(_) => String::new(),
            other => format!("（{}）", other.said()),
        };
        for k in &dirs {
            found[*k] = Some(p);
        }
        let names: Vec<&str> = dirs.iter().map(|k| DIRECTIONS[*k].0).collect();
        parts.push((i, format!("{}计{}分{said}", names.join("或"), pts(p))));
    }
    if found.iter().filter(|f| f.is_some()).count() < 2 {
        return None;
    }
    let [down, flat, up] = found;
    Some(Claim::rule(
        Rule::LastYear(LastYear { down, flat, up }),
        Vec::new(),
        parts,
    ))
}

impl LastYear {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = DIRECTIONS
            .iter()
            .zip([self.down, self.flat, self.up])
            .filter_map(|((word, _), p)| p.map(|p| format!("{word}计{}分", pts(p))))
            .collect();
        write!(f, "较上年比较：{}", parts.join("；"))
    }

    /// On a change rate: < 0 fell, = 0 level, > 0 rose.
    pub(super) fn evaluate(&self, input: &RuleInput) -> Step {
        let shown = show_value(input.value, input.unit);
        let (points, word) = match input.value.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Less => (self.down, "下降"),
            std::cmp::Ordering::Equal => (self.flat, "持平"),
            std::cmp::Ordering::Greater => (self.up, "上升"),
        };
        match points {
            Some(p) => Step::Score(p, format!("较上年{word}（变动率{shown}），计{}分", pts(p))),
            None => uncovered(&format!("较上年{word}"), &shown),
        }
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<LastYear, OutOfRange> {
        Ok(LastYear {
            down: scale_opt(self.down, factor)?,
            flat: scale_opt(self.flat, factor)?,
            up: scale_opt(self.up, factor)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Outcome, RuleInput};
    use super::*;
    use rust_decimal_macros::dec;

    fn read(t: &str) -> Option<Rule> {
        recognise(&standard(t), dec!(3), MetricUnit::Percent).map(|c| c.rule.unwrap())
    }

    fn score(r: &Rule, v: Decimal) -> Outcome {
        r.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            dec!(3),
        )
    }

    #[test]
    fn down_flat_up() {
        let r = read("公务接待费较上年下降的得满分，持平的得一半分，上升的不得分").unwrap();
        assert_eq!(score(&r, dec!(-0.0001)).score(), Some(dec!(3)));
        assert_eq!(score(&r, dec!(0)).score(), Some(dec!(1.5)));
        assert_eq!(score(&r, dec!(0.0001)).score(), Some(dec!(0)));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "较上年比较：下降计3分；持平计1.5分；上升计0分"
        );
    }

    #[test]
    fn two_cases_in_one_clause_and_missing_case() {
        let r = read("较上年下降或持平的得满分，上升的不得分").unwrap();
        assert_eq!(score(&r, dec!(0)).score(), Some(dec!(3)));
        let r = read("较上年下降的得3分，上升的不得分").unwrap();
        assert!(matches!(score(&r, dec!(0)), Outcome::Manual { .. }));
        let r = read("一般性支出较上年未增加的得满分，增加的不得分").unwrap();
        assert_eq!(score(&r, dec!(0)).score(), Some(dec!(3)));
        assert_eq!(score(&r, dec!(-0.1)).score(), Some(dec!(3)));
        assert_eq!(score(&r, dec!(0.1)).score(), Some(dec!(0)));
    }
}

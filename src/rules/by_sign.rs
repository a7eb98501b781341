//! By sign: points for a value above, at or below zero.
//!
//! ## What it reads
//! A change rate; one score for > 0, one for = 0, one for < 0. A text is
//! by sign when one clause gives points for a rise (大于0, 增加, 上升…) and one
//! for no change (等于0), and no clause deducts per step (每…). A case the
//! text does not write is manual when it occurs ("评分标准未规定小于0的情形"):
//! it is no longer inferred (issue 7). 下降/持平/上升 wordings are last_year.rs.
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

use super::clauses::Clause;
use super::tokens::{award, before};
use super::{Claim, Rule, RuleInput, Step, pts, scale_opt, show_value, uncovered};
use crate::base::checked::OutOfRange;
use crate::metrics::MetricUnit;

/// Points for a value above, at and below 0; a case the text does not
/// give is `None` (manual when it occurs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BySign {
    pub positive: Option<Decimal>,
    pub zero: Option<Decimal>,
    pub negative: Option<Decimal>,
}

/// The three cases and their words.
const CASES: [(&str, [&str; 3]); 3] = [
    (">0", ["大于0", ">0", "高于0"]),
    ("=0", ["等于0", "=0", "为0"]),
    ("<0", ["小于0", "<0", "低于0"]),
];

/// Reads "大于0的计0分，等于0的计3分，小于0的计4分"; leaves any 每 text to
/// linear. Every scoring clause must be one case with its points.
pub(crate) fn recognise(clauses: &[Clause], max: Decimal, _unit: MetricUnit) -> Option<Claim> {
    if clauses.iter().any(|c| c.scored() && c.text.contains('每')) {
        return None;
    }
    let mut found: [Option<Decimal>; 3] = [None; 3];
    let mut parts = Vec::new();
    for (i, c) in clauses.iter().enumerate() {
        if !c.scored() {
            continue;
        }
        let cases: Vec<(usize, usize)> = CASES
            .iter()
            .enumerate()
            .filter_map(|(k, (_, words))| {
                words
                    .iter()
                    .find_map(|w| c.text.find(w).map(|at| at + w.len() - 1))
                    .filter(|zero_at| {
                        !c.text[zero_at + 1..]
                            .starts_with(|ch: char| ch.is_ascii_digit() || ch == '.')
                    })
                    .map(|zero_at| (k, zero_at))
            })
            .collect();
        let [(k, zero_at)] = cases.as_slice() else {
            continue;
        };
        let Some(a) = award(&c.text, &c.nums) else {
            continue;
        };
        // Only the 0 of the case and the points: any other number is not read.
        let others = c
            .nums
            .iter()
            .enumerate()
            .filter(|(j, n)| !a.used.contains(j) && n.start != *zero_at)
            .count();
        if others > 0 || found[*k].is_some() || before(&c.text, *zero_at, 1) == "≤" {
            continue;
        }
        let Some(p) = a.points.on(max) else {
            continue;
        };
        found[*k] = Some(p);
        parts.push((i, format!("{}计{}分", CASES[*k].0, pts(p))));
    }
    if found.iter().filter(|f| f.is_some()).count() < 2 {
        return None;
    }
    let [positive, zero, negative] = found;
    Some(Claim::rule(
        Rule::BySign(BySign {
            positive,
            zero,
            negative,
        }),
        Vec::new(),
        parts,
    ))
}

impl BySign {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = CASES
            .iter()
            .zip([self.positive, self.zero, self.negative])
            .filter_map(|((case, _), p)| p.map(|p| format!("{case}计{}分", pts(p))))
            .collect();
        write!(f, "按正负计分：{}", parts.join("；"))
    }

    pub(super) fn evaluate(&self, input: &RuleInput) -> Step {
        let shown = show_value(input.value, input.unit);
        let (points, sign, case) = match input.value.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => (self.positive, "＞", "大于0"),
            std::cmp::Ordering::Equal => (self.zero, "＝", "等于0"),
            std::cmp::Ordering::Less => (self.negative, "＜", "小于0"),
        };
        match points {
            Some(p) => Step::Score(p, format!("{shown} {sign} 0，按规则计{}分", pts(p))),
            None => uncovered(case, &shown),
        }
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<BySign, OutOfRange> {
        Ok(BySign {
            positive: scale_opt(self.positive, factor)?,
            zero: scale_opt(self.zero, factor)?,
            negative: scale_opt(self.negative, factor)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Outcome, Rule, RuleInput};
    use super::*;
    use crate::metrics::MetricUnit;
    use rust_decimal_macros::dec;

    #[test]
    fn taojiang_sign_rule_with_cap() {
        let r = Rule::BySign(BySign {
            positive: Some(dec!(0)),
            zero: Some(dec!(3)),
            negative: Some(dec!(4)),
        });
        let eval = |v| match r.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            dec!(3),
        ) {
            Outcome::Scored(e) => e,
            other => panic!("{other:?}"),
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

    fn read(t: &str) -> Option<Rule> {
        recognise(&standard(t), dec!(3), MetricUnit::Percent).map(|c| c.rule.unwrap())
    }

    #[test]
    fn recognises_signs_and_leaves_steps_to_linear() {
        assert_eq!(
            read("大于0的计0分，等于0的计3分，小于0的计4分。"),
            Some(Rule::BySign(BySign {
                positive: Some(dec!(0)),
                zero: Some(dec!(3)),
                negative: Some(dec!(4))
            }))
        );
        assert_eq!(
            read("“三公经费”变动率≦0,计5分；“三公经费”＞0，每超过一个百分点扣0.5分，扣完为止。"),
            None
        );
    }

    #[test]
    fn an_unwritten_case_is_manual() {
        let r = read("大于0的计0分，等于0的计3分").unwrap();
        let out = r.evaluate(
            &RuleInput {
                value: dec!(-0.1),
                reference: None,
                unit: MetricUnit::Percent,
            },
            dec!(3),
        );
        assert_eq!(
            out,
            Outcome::Manual {
                reason: "评分标准未规定小于0的情形（实际值-10.00%）".to_string()
            }
        );
    }
}

//! Ratio of two counts times points (开展绩效监控的项目数/项目总数×3分).
//!
//! ## What it reads
//! A clause writing the score as a quotient of two named quantities times a
//! number of points (or 分值): `A/B×N分`, `(A÷B)×N分`, `得分=A/B×分值`. The
//! value it applies to is the ratio A÷B; the score is `N × A÷B`, at most N
//! (and at most 分值). jixiao has facts for few such counts, so a row is
//! scored by this rule only when its name matches a metric of the catalogue
//! (rubric/build.rs); otherwise it is manual, naming A and B. The names may
//! hold numbers of their own (`1-6月`): they are part of a name, never a
//! threshold.
//!
//! ## Wordings seen
//! - 隆化县 style (seed 001 family, 预算绩效管理工作考核; written for issue 7):
//!   "1-6月开展绩效监控的项目数/项目总数×3分"
//! - "设置绩效目标的项目数/项目总数×4分"
//! - "得分=已公开项目数÷应公开项目数×分值"
//!
//! ## Canonical form
//! `比例计分：得分=（开展绩效监控的项目数÷项目总数）×3分`
//!
//! ## Example
//! 18 of 24 projects monitored (75%) on 3 points → 2.25.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
use super::tokens::Num;
use super::{Claim, Rule, RuleInput, Step, pts, round_score, scale_points, show_value};
use crate::base::checked::{self, OutOfRange};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountRatio {
    pub numerator: String,
    pub denominator: String,
    /// Points for a ratio of 100%.
    pub points: Decimal,
}

/// Reads one clause `A/B×N分`; every other scoring clause stays unconsumed.
pub(crate) fn recognise(
    clauses: &[Clause],
    max: Decimal,
    _unit: crate::metrics::MetricUnit,
) -> Option<Claim> {
    let (i, rule) = clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.scored())
        .find_map(|(i, c)| read(&c.text, &c.nums, max).map(|r| (i, r)))?;
    let part = format!(
        "得分=（{}÷{}）×{}分",
        rule.numerator,
        rule.denominator,
        pts(rule.points)
    );
    Some(Claim::rule(
        Rule::CountRatio(rule),
        Vec::new(),
        vec![(i, part)],
    ))
}

fn read(text: &str, nums: &[Num], max: Decimal) -> Option<CountRatio> {
    let t = text.trim_start_matches("比例计分:");
    let offset = text.len() - t.len();
    let t = t.strip_prefix("得分=").unwrap_or(t);
    let offset = offset + (text.len() - offset - t.len());
    let times = t.rfind('×')?;
    let (ratio, points) = (&t[..times], &t[times + '×'.len_utf8()..]);
    let points = points.trim_end_matches("计算").trim_end_matches("计分");
    let points = if points == "分值" || points == "分值分" {
        max
    } else {
        let p = points.strip_suffix('分')?;
        let n = nums
            .iter()
            .find(|n| n.start == offset + times + '×'.len_utf8())?;
        if n.percent || p.len() != n.end - n.start {
            return None;
        }
        n.value
    };
    let ratio = ratio
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(ratio);
    let (a, b) = ratio.split_once(['/', '÷'])?;
    let name = |s: &str| {
        !s.is_empty()
            && !s.contains(['/', '÷', '×', '(', ')', '=', '%'])
            && s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    };
    (name(a) && name(b)).then(|| CountRatio {
        numerator: a.to_string(),
        denominator: b.to_string(),
        points,
    })
}

impl CountRatio {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "比例计分：得分=（{}÷{}）×{}分",
            self.numerator,
            self.denominator,
            pts(self.points)
        )
    }

    /// The value is the ratio A÷B; at most 100% of the points.
    pub(super) fn evaluate(&self, input: &RuleInput) -> Result<Step, OutOfRange> {
        let share = input.value.clamp(Decimal::ZERO, Decimal::ONE);
        let score = checked::mul(self.points, share)?;
        Ok(Step::Score(
            score,
            format!(
                "{}÷{}={}，计{}×{}={}分",
                self.numerator,
                self.denominator,
                show_value(input.value, input.unit),
                pts(self.points),
                crate::base::format::pct(share),
                crate::base::format::num(round_score(score, self.points))
            ),
        ))
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<CountRatio, OutOfRange> {
        Ok(CountRatio {
            points: scale_points(self.points, factor)?,
            ..self.clone()
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

    fn parse(t: &str) -> Option<Rule> {
        recognise(&standard(t), dec!(3), MetricUnit::Percent).map(|c| c.rule.unwrap())
    }

    #[test]
    fn ratio_of_counts() {
        let r = parse("1—6月开展绩效监控的项目数/项目总数×3分").unwrap();
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "比例计分：得分=（1-6月开展绩效监控的项目数÷项目总数）×3分"
        );
        let score = |v| {
            r.evaluate(
                &RuleInput {
                    value: v,
                    reference: None,
                    unit: MetricUnit::Percent,
                },
                dec!(3),
            )
            .score()
        };
        assert_eq!(score(dec!(0.75)), Some(dec!(2.25)));
        assert_eq!(score(dec!(1.2)), Some(dec!(3)));
        assert_eq!(parse(&r.reading(MetricUnit::Percent)), Some(r.clone()));
        assert!(parse("得分=已公开项目数÷应公开项目数×分值").is_some());
        assert_eq!(parse("预算完成率=(预算完成数/预算数)×100%"), None);
    }
}

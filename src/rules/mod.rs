//! Scoring rules: the kinds of DESIGN §2.3, one per file.
//!
//! Every rule evaluates a metric value to a score in `[0, 分值]` and prints a
//! canonical Chinese reading (its `Display`). The reading is written next to
//! each score so that a person can check how jixiao understood the rule.
//! Thresholds are kept in the metric's own unit: rates as fractions (0.9 = 90%).
//!
//! Each kind's file holds its struct, its recogniser (Chinese text → rule),
//! its canonical reading, its evaluation and its tests; `parse.rs` tries the
//! recognisers in priority order. Text handling shared by all kinds lives in
//! `clauses.rs` (text → clauses) and `tokens.rs` (numbers, points,
//! comparison words).

pub mod bands;
pub mod by_sign;
pub mod compare;
pub mod count;
pub mod linear;
pub mod manual;
pub mod parse;
pub mod proportional;

mod clauses;
mod tokens;

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

pub use bands::{Band, Bands, Bound};
pub use by_sign::BySign;
pub use compare::CompareAmounts;
pub use count::CountDeduction;
pub use linear::{Direction, LinearDeduction, StepRounding};
pub use proportional::Proportional;

use crate::metrics::MetricUnit;

/// Errors of rule handling that stop a command.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A value given on the command line is not a number.
    #[error("无法识别数值「{0}」：请写成 85%、0.85 或 -3.2% 这样的形式")]
    BadValue(String),
}

/// A scoring rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    Proportional(Proportional),
    Bands(Bands),
    Linear(LinearDeduction),
    BySign(BySign),
    Compare(CompareAmounts),
    Count(CountDeduction),
    /// 人工评分: the rule is subjective or was not understood.
    Manual {
        reason: String,
    },
}

/// The value a rule is applied to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleInput {
    pub value: Decimal,
    /// The amount compared with ([`CompareAmounts`]).
    pub reference: Option<Decimal>,
    pub unit: MetricUnit,
}

/// The outcome of applying a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Within `[0, max]`.
    pub score: Decimal,
    /// Why, in Chinese: `80.55% ＞ 0，按规则计0分`.
    pub detail: String,
    /// The score the rule gave before it was capped at 分值, if it was.
    pub capped_from: Option<Decimal>,
}

impl Rule {
    /// The stable ASCII name of the kind (`bands`, `linear`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Proportional(_) => "proportional",
            Rule::Bands(_) => "bands",
            Rule::Linear(_) => "linear",
            Rule::BySign(_) => "by_sign",
            Rule::Compare(_) => "compare",
            Rule::Count(_) => "count",
            Rule::Manual { .. } => "manual",
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self, Rule::Manual { .. })
    }

    /// Applies the rule; `None` for manual rules. The score is clamped to `[0, max]`.
    pub fn evaluate(&self, input: &RuleInput, max: Decimal) -> Option<Evaluation> {
        let (raw, detail) = match self {
            Rule::Proportional(r) => r.evaluate(input, max),
            Rule::Bands(r) => r.evaluate(input),
            Rule::Linear(r) => r.evaluate(input, max),
            Rule::BySign(r) => r.evaluate(input),
            Rule::Compare(r) => r.evaluate(input)?,
            Rule::Count(r) => r.evaluate(input, max),
            Rule::Manual { .. } => return None,
        };
        let score = raw.max(Decimal::ZERO).min(max);
        Some(Evaluation {
            score,
            detail,
            capped_from: (raw > max).then_some(raw),
        })
    }

    /// The same rule with every point value multiplied by `factor`, for
    /// applying a rule written for one 分值 to a row with another.
    #[must_use]
    pub fn scaled(&self, factor: Decimal) -> Rule {
        match self {
            Rule::Proportional(r) => Rule::Proportional(r.clone()),
            Rule::Bands(r) => Rule::Bands(r.scaled(factor)),
            Rule::Linear(r) => Rule::Linear(r.scaled(factor)),
            Rule::BySign(r) => Rule::BySign(r.scaled(factor)),
            Rule::Compare(r) => Rule::Compare(r.scaled(factor)),
            Rule::Count(r) => Rule::Count(r.scaled(factor)),
            Rule::Manual { reason } => Rule::Manual {
                reason: reason.clone(),
            },
        }
    }

    /// The most points any outcome of the rule gives (`None`: the row's 分值).
    pub fn top_points(&self) -> Option<Decimal> {
        match self {
            Rule::Bands(r) => r.bands.iter().map(|b| b.points).max(),
            Rule::BySign(r) => Some(r.positive.max(r.zero).max(r.negative)),
            Rule::Compare(r) => Some(r.none.max(r.within).max(r.over)),
            Rule::Linear(r) => r.full,
            _ => None,
        }
    }

    /// The unit of thresholds the reading shows (rates as percentages).
    pub fn reading(&self, unit: MetricUnit) -> String {
        Reading { rule: self, unit }.to_string()
    }
}

/// A rule shown with the unit of the metric it applies to.
pub struct Reading<'a> {
    pub rule: &'a Rule,
    pub unit: MetricUnit,
}

impl fmt::Display for Reading<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            Rule::Proportional(r) => r.fmt_reading(f, self.unit),
            Rule::Bands(r) => r.fmt_reading(f, self.unit),
            Rule::Linear(r) => r.fmt_reading(f, self.unit),
            Rule::BySign(r) => r.fmt_reading(f),
            Rule::Compare(r) => r.fmt_reading(f),
            Rule::Count(r) => r.fmt_reading(f),
            Rule::Manual { reason } => manual::fmt_reading(reason, f),
        }
    }
}

/// A threshold in the metric's unit: `90%` for rates, `3` for counts.
pub(crate) fn show_threshold(v: Decimal, unit: MetricUnit) -> String {
    match unit {
        MetricUnit::Percent => {
            if v.is_zero() {
                "0".to_string()
            } else {
                crate::base::format::pct_short(v)
            }
        }
        MetricUnit::Amount | MetricUnit::Count => crate::base::format::num(v),
    }
}

/// A value in the metric's unit with full precision: `80.55%`.
pub(crate) fn show_value(v: Decimal, unit: MetricUnit) -> String {
    unit.show(v)
}

/// Points as written in readings: `0.5`, `4`.
pub(crate) fn pts(v: Decimal) -> String {
    crate::base::format::num(v)
}

#[cfg(test)]
mod tests;

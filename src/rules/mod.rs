//! Scoring rules: the kinds of DESIGN §2.3, one per file.
//!
//! Every rule evaluates a metric value to a score in `[0, 分值]` and prints a
//! canonical Chinese reading (its `Display`). The reading is written next to
//! each score so that a person can check how jixiao understood the rule.
//! Thresholds are kept in the metric's own unit: rates as fractions (0.9 = 90%).
//!
//! Each kind's file holds its struct, its recogniser (Chinese text → rule),
//! its canonical reading, its evaluation and its tests; `RECOGNISERS` below
//! lists the recognisers in priority order, each with why it stands there,
//! and `parse.rs` offers a text to them in that order. Text handling shared by all kinds lives in
//! `clauses.rs` (text → clauses) and `tokens.rs` (numbers, points,
//! comparison words).
//!
//! Evaluation never panics: values, 分值 and the rule's own numbers beyond
//! [`checked::LIMIT`](crate::base::checked::LIMIT), and any step that would
//! leave it, make [`Rule::evaluate`] answer [`OutOfRange`] (shown as
//! "无法计算：数值超出可计算范围").

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

use crate::base::checked::{self, OutOfRange};
use crate::metrics::MetricUnit;

/// What the text says.
#[derive(Debug, Clone, PartialEq)]
pub enum Parse {
    /// A rule, with notes on anything inferred.
    Rule { rule: Rule, notes: Vec<String> },
    /// The text defines the metric (a formula) but states no scoring standard.
    NoStandard,
    /// Subjective or not understood.
    Manual { reason: String },
}

impl Parse {
    pub(super) fn rule(rule: Rule, notes: Vec<String>) -> Parse {
        Parse::Rule { rule, notes }
    }

    pub(super) fn manual(reason: impl Into<String>) -> Parse {
        Parse::Manual {
            reason: reason.into(),
        }
    }

    /// The rule, manual when there is none.
    pub fn into_rule(self) -> (Rule, Vec<String>) {
        match self {
            Parse::Rule { rule, notes } => (rule, notes),
            Parse::NoStandard => (
                Rule::Manual {
                    reason: "未写评分标准".to_string(),
                },
                Vec::new(),
            ),
            Parse::Manual { reason } => (Rule::Manual { reason }, Vec::new()),
        }
    }
}

/// A kind's recogniser: given the scoring sentences, the row's 分值 and the
/// metric's unit, `Some` when the text is of its kind (a rule, or manual
/// with the reason the kind could not complete it), `None` to let the next
/// kind try.
pub(crate) type Recogniser = fn(&str, Decimal, MetricUnit) -> Option<Parse>;

/// The recognisers in priority order; the first that claims a text decides.
///
/// What the seed wordings pin (tests.rs): count before linear, and every kind
/// before bands. compare, by_sign and proportional claim disjoint seed texts;
/// their order among themselves settles mixed texts, as each line says.
pub(crate) const RECOGNISERS: [Recogniser; 6] = [
    // 结余 vs 上年结转 compares two amounts; linear would read "超过…每…扣" against 100%.
    compare::recognise,
    // Before bands, which reads 大于0/等于0/小于0 as intervals; never competes on 每 texts.
    by_sign::recognise,
    // 按比例/同比例扣减 decide alone; count and linear would claim "每项…按比例扣减" and fail.
    proportional::recognise,
    // "每出现一个…扣0.5分" has linear's 每…扣 but counts items (linear: 未能识别扣分方向).
    count::recognise,
    // Before bands, which would read "≤100%计5分；每超过…扣" as one band, dropping the deduction.
    linear::recognise,
    // The fallback: claims every text; manual when no clause has both a condition and points.
    bands::recognise,
];

/// Errors of rule handling that stop a command.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A value given on the command line is not a number.
    #[error("无法识别数值「{0}」：请写成 85%、0.85 或 -3.2% 这样的形式")]
    BadValue(String),
    /// `--max` is not a number of points jixiao can compute with.
    #[error("分值「{0}」无效：请写一个不小于0的数（如 5 或 2.5），且不超过10的18次方")]
    BadMax(String),
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

    /// Applies the rule; `None` for manual rules and for a comparison whose
    /// reference amount is not known. The score is clamped to `[0, max]`.
    ///
    /// # Errors
    /// `Some(Err(OutOfRange))` when the value, `max` or a number of the rule
    /// lies beyond [`checked::LIMIT`], or a step of the evaluation would.
    pub fn evaluate(
        &self,
        input: &RuleInput,
        max: Decimal,
    ) -> Option<Result<Evaluation, OutOfRange>> {
        if self.is_manual() {
            return None;
        }
        // Checked once here, so that no kind shows (×100) or compares a
        // number that no budget can have (see `base::checked`).
        let in_range = [input.value, max]
            .into_iter()
            .chain(self.numbers())
            .try_for_each(|d| checked::in_range(d).map(drop));
        if let Err(e) = in_range {
            return Some(Err(e));
        }
        let outcome = match self {
            Rule::Proportional(r) => r.evaluate(input, max),
            Rule::Bands(r) => Ok(r.evaluate(input)),
            Rule::Linear(r) => r.evaluate(input, max),
            Rule::BySign(r) => Ok(r.evaluate(input)),
            Rule::Compare(r) => r.evaluate(input)?,
            Rule::Count(r) => r.evaluate(input, max),
            Rule::Manual { .. } => return None,
        };
        Some(outcome.map(|(raw, detail)| Evaluation {
            score: raw.max(Decimal::ZERO).min(max),
            detail,
            capped_from: (raw > max).then_some(raw),
        }))
    }

    /// Every number the rule holds: thresholds, steps, points.
    fn numbers(&self) -> Vec<Decimal> {
        match self {
            Rule::Proportional(r) => vec![r.target],
            Rule::Bands(r) => r
                .bands
                .iter()
                .flat_map(|b| {
                    [b.lower.map(|l| l.value), b.upper.map(|u| u.value)]
                        .into_iter()
                        .flatten()
                        .chain([b.points])
                })
                .collect(),
            Rule::Linear(r) => [r.threshold, r.step, r.deduct]
                .into_iter()
                .chain(r.full)
                .collect(),
            Rule::BySign(r) => vec![r.positive, r.zero, r.negative],
            Rule::Compare(r) => vec![r.none, r.within, r.over],
            Rule::Count(r) => vec![r.per],
            Rule::Manual { .. } => Vec::new(),
        }
    }

    /// The same rule with every point value multiplied by `factor`, for
    /// applying a rule written for one 分值 to a row with another. A rule
    /// whose points would leave [`checked::LIMIT`] becomes manual.
    #[must_use]
    pub fn scaled(&self, factor: Decimal) -> Rule {
        let scaled = match self {
            Rule::Proportional(r) => Ok(Rule::Proportional(r.clone())),
            Rule::Bands(r) => r.scaled(factor).map(Rule::Bands),
            Rule::Linear(r) => r.scaled(factor).map(Rule::Linear),
            Rule::BySign(r) => r.scaled(factor).map(Rule::BySign),
            Rule::Compare(r) => r.scaled(factor).map(Rule::Compare),
            Rule::Count(r) => r.scaled(factor).map(Rule::Count),
            Rule::Manual { reason } => Ok(Rule::Manual {
                reason: reason.clone(),
            }),
        };
        scaled.unwrap_or_else(|e| Rule::Manual {
            reason: format!("按分值折算规则时{e}"),
        })
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

/// A point value multiplied by a scaling factor, within range.
pub(crate) fn scale_points(points: Decimal, factor: Decimal) -> checked::Checked {
    checked::mul(points, factor).map(|p| p.normalize())
}

#[cfg(test)]
mod tests;

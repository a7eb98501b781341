//! Scoring rules: the kinds of DESIGN §2.3, one per file.
//!
//! Every rule evaluates a metric value to a score in `[0, 分值]` and prints a
//! canonical Chinese reading (its `Display`). The reading is written next to
//! each score so that a person can check how jixiao understood the rule.
//! Thresholds are kept in the metric's own unit: rates as fractions (0.9 = 90%).
//!
//! Each kind's file holds its struct, its recogniser (clauses → rule), its
//! canonical reading, its evaluation and its tests; `RECOGNISERS` below
//! lists the recognisers in priority order, each with why it stands there,
//! and `parse.rs` offers a text to them in that order. Text handling shared
//! by all kinds lives in `clauses.rs` (text → clauses with their roles) and
//! `tokens.rs` (numbers, points, comparison words, conditions).
//!
//! Never confidently wrong (DESIGN §2.5, issue 7): a reading is accepted
//! only when every clause that carries a score is consumed by it; a value
//! the text does not settle (a 视情 side, a case no clause covers) is
//! [`Outcome::Manual`], never a guessed 0.
//!
//! Evaluation never panics: values, 分值 and the rule's own numbers beyond
//! [`checked::LIMIT`](crate::base::checked::LIMIT), and any step that would
//! leave it, make [`Rule::evaluate`] answer [`Outcome::OutOfRange`] (shown as
//! "无法计算：数值超出可计算范围").

pub mod bands;
pub mod bonus;
pub mod by_sign;
pub mod compare;
pub mod count;
pub mod count_ratio;
pub mod last_year;
pub mod linear;
pub mod manual;
pub mod overspend;
pub mod parse;
pub mod per_day;
pub mod per_item_cap;
pub mod precondition;
pub mod proportional;
pub mod rate_points;
pub mod sub_rules;
pub mod yes_no;

mod clauses;
mod tokens;

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

pub use bands::{Band, Bands, Bound};
pub use by_sign::BySign;
pub use compare::CompareAmounts;
pub use count::CountDeduction;
pub use count_ratio::CountRatio;
pub use last_year::LastYear;
pub use linear::{Direction, LinearDeduction, StepRounding};
pub use proportional::Proportional;

use crate::base::checked::{self, OutOfRange};
use crate::metrics::MetricUnit;
use clauses::Clause;

/// What the text says.
#[derive(Debug, Clone, PartialEq)]
pub enum Parse {
    /// A rule, with notes on anything inferred, and which clause of the
    /// text gave which part of it.
    Rule {
        rule: Rule,
        notes: Vec<String>,
        clauses: Vec<ClauseUse>,
    },
    /// The text defines the metric (a formula) but states no scoring standard.
    NoStandard,
    /// Subjective or not understood.
    Manual { reason: String },
}

/// One clause of a rule text and what the reading took from it, so that a
/// reviewer can check the reading clause by clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseUse {
    /// The clause as read (after normalisation).
    pub clause: String,
    /// What it gave: `≥90%计5分`, `最低0分`, `（不计分）`.
    pub part: String,
}

impl Parse {
    pub(super) fn manual(reason: impl Into<String>) -> Parse {
        Parse::Manual {
            reason: reason.into(),
        }
    }

    /// The rule and its notes, manual when there is none.
    pub fn into_rule(self) -> (Rule, Vec<String>) {
        match self {
            Parse::Rule { rule, notes, .. } => (rule, notes),
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

/// What a kind's recogniser made of the clauses of a text: a rule (or the
/// reason the kind cannot complete one), and the part each clause it
/// consumed gave. parse.rs accepts the rule only when every scoring clause
/// is among `parts`.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub rule: Result<Rule, String>,
    pub notes: Vec<String>,
    /// (clause index, what it gave).
    pub parts: Vec<(usize, String)>,
}

impl Claim {
    pub(crate) fn rule(rule: Rule, notes: Vec<String>, parts: Vec<(usize, String)>) -> Claim {
        Claim {
            rule: Ok(rule),
            notes,
            parts,
        }
    }

    pub(crate) fn manual(reason: impl Into<String>) -> Claim {
        Claim {
            rule: Err(reason.into()),
            notes: Vec::new(),
            parts: Vec::new(),
        }
    }
}

/// A kind's recogniser: given the clauses of a text, the row's 分值 and the
/// metric's unit, `Some` when the text is of its kind (a rule with the
/// clauses it consumed, or manual with the reason the kind could not
/// complete it), `None` to let the next kind try.
pub(crate) type Recogniser = fn(&[Clause], Decimal, MetricUnit) -> Option<Claim>;

/// The recognisers in priority order. The first whose rule consumes every
/// scoring clause decides; a kind that recognises its own words but cannot
/// complete the rule (a `Claim` with a manual reason) decides too.
///
/// What the seed wordings pin (tests.rs): count before linear, and every kind
/// before bands. The others claim disjoint words; their order settles mixed
/// texts, as each line says.
pub(crate) const RECOGNISERS: [Recogniser; 8] = [
    // 结余 vs 上年结转 compares two amounts; linear would read "超过…每…扣" against 100%.
    compare::recognise,
    // 较上年下降/持平/上升: before by_sign, whose 下降/上升 words it shares.
    last_year::recognise,
    // Before bands, which reads 大于0/等于0/小于0 as intervals; never competes on 每 texts.
    by_sign::recognise,
    // "项目数/项目总数×3分": before proportional, which would claim its ×.
    count_ratio::recognise,
    // 按比例/同比例扣减 decide alone; count and linear would claim "每项…按比例扣减" and fail.
    proportional::recognise,
    // "每出现一个…扣0.5分" has linear's 每…扣 but counts items.
    count::recognise,
    // Before bands, which cannot read "每超过…扣" and would leave it unconsumed.
    linear::recognise,
    // The fallback: conditions with points.
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
    LastYear(LastYear),
    Compare(CompareAmounts),
    Count(CountDeduction),
    CountRatio(CountRatio),
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

/// A score the rule gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Within `[0, max]`, not rounded (see [`round_score`]).
    pub score: Decimal,
    /// Why, in Chinese: `80.55% ＞ 0，按规则计0分`.
    pub detail: String,
    /// The score the rule gave before it was capped at 分值, if it was.
    pub capped_from: Option<Decimal>,
}

/// The outcome of applying a rule to a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The text settles the score.
    Scored(Evaluation),
    /// A person must score it: the rule is manual, or the text leaves this
    /// value to judgement (视情扣分 on that side) or does not say what it
    /// scores ("评分标准未规定低于90%的情形").
    Manual { reason: String },
    /// A comparison whose reference amount is not known.
    MissingReference,
    /// The value, 分值 or a number of the rule lies beyond
    /// [`checked::LIMIT`], or a step of the evaluation would.
    OutOfRange,
}

impl Outcome {
    /// The score, when the text settles it.
    pub fn score(&self) -> Option<Decimal> {
        match self {
            Outcome::Scored(e) => Some(e.score),
            _ => None,
        }
    }
}

/// What a kind's evaluation found, before clamping to `[0, 分值]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    Score(Decimal, String),
    Manual(String),
    MissingReference,
}

/// "评分标准未规定低于90%的情形（实际值85.00%）".
pub(crate) fn uncovered(case: &str, shown: &str) -> Step {
    Step::Manual(format!("评分标准未规定{case}的情形（实际值{shown}）"))
}

impl Rule {
    /// The stable ASCII name of the kind (`bands`, `linear`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Proportional(_) => "proportional",
            Rule::Bands(_) => "bands",
            Rule::Linear(_) => "linear",
            Rule::BySign(_) => "by_sign",
            Rule::LastYear(_) => "last_year",
            Rule::Compare(_) => "compare",
            Rule::Count(_) => "count",
            Rule::CountRatio(_) => "count_ratio",
            Rule::Manual { .. } => "manual",
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self, Rule::Manual { .. })
    }

    /// Whether the rule compares with last year and so needs a change rate
    /// (变动率) as its value.
    pub fn needs_change_rate(&self) -> bool {
        matches!(self, Rule::LastYear(_))
    }

    /// Applies the rule. A score is clamped to `[0, max]`.
    pub fn evaluate(&self, input: &RuleInput, max: Decimal) -> Outcome {
        // Checked once here, so that no kind shows (×100) or compares a
        // number that no budget can have (see `base::checked`).
        let in_range = [input.value, max]
            .into_iter()
            .chain(self.numbers())
            .try_for_each(|d| checked::in_range(d).map(drop));
        if in_range.is_err() {
            return Outcome::OutOfRange;
        }
        let step = match self {
            Rule::Proportional(r) => r.evaluate(input, max),
            Rule::Bands(r) => Ok(r.evaluate(input)),
            Rule::Linear(r) => r.evaluate(input, max),
            Rule::BySign(r) => Ok(r.evaluate(input)),
            Rule::LastYear(r) => Ok(r.evaluate(input)),
            Rule::Compare(r) => r.evaluate(input),
            Rule::Count(r) => r.evaluate(input, max),
            Rule::CountRatio(r) => r.evaluate(input),
            Rule::Manual { reason } => Ok(Step::Manual(reason.clone())),
        };
        match step {
            Err(OutOfRange) => Outcome::OutOfRange,
            Ok(Step::Manual(reason)) => Outcome::Manual { reason },
            Ok(Step::MissingReference) => Outcome::MissingReference,
            Ok(Step::Score(raw, detail)) => Outcome::Scored(Evaluation {
                score: raw.max(Decimal::ZERO).min(max),
                detail,
                capped_from: (raw > max).then_some(raw),
            }),
        }
    }

    /// Every number the rule holds: thresholds, steps, points.
    fn numbers(&self) -> Vec<Decimal> {
        let bound = |b: &Option<Bound>| b.map(|b| b.value);
        match self {
            Rule::Proportional(r) => [Some(r.target), bound(&r.full_from), bound(&r.zero_below)]
                .into_iter()
                .flatten()
                .collect(),
            Rule::Bands(r) => r
                .bands
                .iter()
                .flat_map(|b| [bound(&b.lower), bound(&b.upper), Some(b.points)])
                .flatten()
                .collect(),
            Rule::Linear(r) => [
                Some(r.threshold),
                r.threshold_high,
                Some(r.step),
                Some(r.deduct),
                r.full,
                bound(&r.cutoff),
            ]
            .into_iter()
            .flatten()
            .collect(),
            Rule::BySign(r) => [r.positive, r.zero, r.negative]
                .into_iter()
                .flatten()
                .collect(),
            Rule::LastYear(r) => [r.down, r.flat, r.up].into_iter().flatten().collect(),
            Rule::Compare(r) => vec![r.none, r.within, r.over],
            Rule::Count(r) => vec![r.per],
            Rule::CountRatio(r) => vec![r.points],
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
            Rule::LastYear(r) => r.scaled(factor).map(Rule::LastYear),
            Rule::Compare(r) => r.scaled(factor).map(Rule::Compare),
            Rule::Count(r) => r.scaled(factor).map(Rule::Count),
            Rule::CountRatio(r) => r.scaled(factor).map(Rule::CountRatio),
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
            Rule::BySign(r) => [r.positive, r.zero, r.negative].into_iter().flatten().max(),
            Rule::LastYear(r) => [r.down, r.flat, r.up].into_iter().flatten().max(),
            Rule::Compare(r) => Some(r.none.max(r.within).max(r.over)),
            Rule::Linear(r) => r.full,
            Rule::CountRatio(r) => Some(r.points),
            _ => None,
        }
    }

    /// The unit of thresholds the reading shows (rates as percentages).
    pub fn reading(&self, unit: MetricUnit) -> String {
        Reading { rule: self, unit }.to_string()
    }
}

/// A score as written: rounded half-up to 2 decimals, but never above 分值.
/// 分值 6.88839 with full marks gives 6.88, not 6.89 (issue 7): when
/// rounding would exceed 分值, the score is rounded down instead.
pub fn round_score(score: Decimal, max: Decimal) -> Decimal {
    let rounded = crate::base::format::round_half_up(score, 2);
    if rounded > max {
        score
            .min(max)
            .round_dp_with_strategy(2, RoundingStrategy::ToZero)
            .normalize()
    } else {
        rounded
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
            Rule::LastYear(r) => r.fmt_reading(f),
            Rule::Compare(r) => r.fmt_reading(f),
            Rule::Count(r) => r.fmt_reading(f),
            Rule::CountRatio(r) => r.fmt_reading(f),
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

/// An optional point value scaled.
pub(crate) fn scale_opt(
    points: Option<Decimal>,
    factor: Decimal,
) -> Result<Option<Decimal>, OutOfRange> {
    points.map(|p| scale_points(p, factor)).transpose()
}

#[cfg(test)]
mod corpus;
#[cfg(test)]
mod tests;

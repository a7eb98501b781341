//! Chinese rule text → [`Rule`]: which kind reads it.
//!
//! Reads the 评分标准 / 指标说明 text of a rubric row. The text is prepared
//! (`clauses.rs`), set aside as manual when a person must judge it
//! (`manual.rs`), stripped of the sentences that only define the metric, and
//! then offered to the recognisers of the kinds in `RECOGNISERS` order (rules/mod.rs): the
//! first that claims it decides. Each kind's file documents the wordings it
//! reads and its canonical form; the canonical readings printed by jixiao
//! parse back to the same rule. Anything not understood becomes
//! [`Rule::Manual`] with the reason: never a guess shown as certain. When a
//! sign or bound is inferred rather than written, a note says so.

use rust_decimal::Decimal;

pub use super::Parse;
use super::clauses::{prepare, strip_definitions};
use super::{RECOGNISERS, manual, tokens};
use crate::metrics::MetricUnit;

pub use super::manual::full_marks_if_not_applicable;

/// Parses a rule text for a row worth `max` points whose metric has `unit`.
///
/// ```
/// use jixiao::rules::parse::{parse_rule, Parse};
/// use jixiao::metrics::MetricUnit;
/// use rust_decimal_macros::dec;
/// let p = parse_rule("80%及以上计满分，60%及以上计3分，40%及以上计2分，40%以下的计1分。", dec!(4), MetricUnit::Percent);
/// let Parse::Rule { rule, .. } = p else { panic!() };
/// assert_eq!(rule.reading(MetricUnit::Percent), "分档计分：≥80%计4分；≥60%计3分；≥40%计2分；<40%计1分");
/// ```
pub fn parse_rule(text: &str, max: Decimal, unit: MetricUnit) -> Parse {
    // "不涉及…得满分" is applied with the metric (see `full_marks_if_not_applicable`).
    let t = manual::without_not_applicable(&prepare(text));
    if t.is_empty() {
        return Parse::NoStandard;
    }
    if let Some(p) = manual::recognise(&t) {
        return p;
    }
    // Recognisers read only numbers jixiao computes with (see `tokens.rs`).
    if tokens::has_out_of_range_number(&t) {
        return Parse::manual("评分标准中的数值超出可计算范围");
    }
    let standard = strip_definitions(&t);
    if standard.is_empty() {
        return Parse::NoStandard;
    }
    RECOGNISERS
        .iter()
        .find_map(|recognise| recognise(&standard, max, unit))
        .unwrap_or_else(|| Parse::manual("未能识别评分标准"))
}

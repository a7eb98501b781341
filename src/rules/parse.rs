//! Chinese rule text → [`Rule`]: which kind reads it, and whole-text accounting.
//!
//! Reads the 评分标准 / 指标说明 text of a rubric row. The text is prepared
//! and cut into clauses (`clauses.rs`), set aside as manual when the rubric
//! says so or it is a yes/no judgement (`manual.rs`), and then offered to the
//! recognisers of the kinds in `RECOGNISERS` order (rules/mod.rs).
//!
//! **Whole-text accounting** (issue 7): a kind's reading is accepted only
//! when it consumes every clause that carries a score (a number with 分,
//! 得满分, 不得分, 扣, 加…). A clause no kind consumes makes the row manual,
//! and the reason quotes it: "未能理解：「…」". So an unread clause can never
//! be silently dropped from a confident score. The accepted reading lists
//! which clause gave which part ([`super::ClauseUse`]).
//!
//! Each kind's file documents the wordings it reads and its canonical form;
//! the canonical readings printed by jixiao parse back to the same rule.
//! When a sign or bound is inferred rather than written, a note says so.

use rust_decimal::Decimal;

pub use super::Parse;
use super::clauses::{Clause, MAX_CHARS, Role, foreign_digit, is_standard, prepare, split};
use super::tokens::{award, subjective};
use super::{ClauseUse, RECOGNISERS, manual, tokens};
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
/// // A clause no kind reads makes the whole text manual, quoting it.
/// let p = parse_rule("≥90%计5分；低于90%不得分；获得表彰的加1分", dec!(5), MetricUnit::Percent);
/// assert_eq!(p, Parse::Manual { reason: "未能理解：「获得表彰的加1分」".to_string() });
/// ```
pub fn parse_rule(text: &str, max: Decimal, unit: MetricUnit) -> Parse {
    // Counted before anything else, so that the work done on any text is
    // linear in its length and bounded by MAX_CHARS beyond this point.
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return Parse::manual(format!(
            "评分标准过长（{chars}字，超过{MAX_CHARS}字），需人工判断"
        ));
    }
    let t = prepare(text);
    if let Some(d) = foreign_digit(&t) {
        return Parse::manual(format!("评分标准含无法识别的数字「{d}」，需人工判断"));
    }
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
    let clauses = split(&t, max);
    if !clauses.iter().any(Clause::scored) {
        return Parse::NoStandard;
    }
    // The first unconsumed clause of the claim that left the fewest.
    let mut best: Option<(usize, usize)> = None;
    for recognise in RECOGNISERS {
        let Some(claim) = recognise(&clauses, max, unit) else {
            continue;
        };
        let rule = match claim.rule {
            Ok(rule) => rule,
            Err(reason) => return Parse::manual(reason),
        };
        let unconsumed: Vec<usize> = (0..clauses.len())
            .filter(|i| clauses[*i].scored() && !claim.parts.iter().any(|(j, _)| j == i))
            .collect();
        if unconsumed.is_empty() {
            return Parse::Rule {
                rule,
                notes: claim.notes,
                clauses: uses(&clauses, &claim.parts),
            };
        }
        if best.is_none_or(|(n, _)| unconsumed.len() < n) {
            best = Some((unconsumed.len(), unconsumed[0]));
        }
    }
    Parse::manual(not_understood(&clauses, best.map(|(_, i)| i)))
}

/// Why no kind could read the text: subjective, a checklist, a condition
/// on data jixiao lacks, or the first clause not understood.
fn not_understood(clauses: &[Clause], unconsumed: Option<usize>) -> String {
    if let Some(word) = clauses
        .iter()
        .filter(|c| c.scored())
        .find_map(|c| subjective(&c.text))
    {
        return format!("评分标准含“{word}”，需人工判断");
    }
    let scored: Vec<&Clause> = clauses.iter().filter(|c| c.scored()).collect();
    // Points for conditions in words only, one per item: a checklist.
    let unconditioned = scored
        .iter()
        .filter(|c| award(&c.text, &c.nums).is_some_and(|a| a.used.len() == c.nums.len()))
        .count();
    if unconditioned >= 2 {
        return "按评价要点逐项打分，需人工判断".to_string();
    }
    let Some(clause) = unconsumed
        .and_then(|i| clauses.get(i))
        .or_else(|| scored.first().copied())
    else {
        return "未能识别评分标准".to_string();
    };
    let text = &clause.text;
    if let Some(piece) = text.split(',').find(|p| needs_other_data(p)) {
        let condition = ["并且", "且", "同时", "并"]
            .iter()
            .find_map(|w| piece.strip_prefix(w))
            .unwrap_or(piece)
            .trim_end_matches('的');
        return format!(
            "评分条件「{}」需要 jixiao 没有的数据，需人工判断",
            quoted(condition)
        );
    }
    // Points under a condition in words only ("目标设置科学合理，得2分").
    let qualitative = award(text, &clause.nums).is_some_and(|a| a.used.len() == clause.nums.len());
    if qualitative {
        return format!("定性评分标准，需人工判断：「{}」", quoted(text));
    }
    format!("未能理解：「{}」", quoted(text))
}

/// A clause quoted in a reason: at most 60 characters.
fn quoted(text: &str) -> String {
    let s = shown(text);
    if s.chars().count() > 60 {
        let head: String = s.chars().take(58).collect();
        format!("{head}…")
    } else {
        s
    }
}

/// A condition comparing with last year or another period.
fn needs_other_data(piece: &str) -> bool {
    ["上年", "同比", "环比", "上一年", "往年"]
        .iter()
        .any(|w| piece.contains(w))
}

/// A clause as quoted to a person: Chinese punctuation back.
fn shown(text: &str) -> String {
    text.replace(',', "，")
        .replace(';', "；")
        .replace("(含)", "（含）")
        .replace("(不含)", "（不含）")
}

/// What every clause gave, for the reviewer.
fn uses(clauses: &[Clause], parts: &[(usize, String)]) -> Vec<ClauseUse> {
    clauses
        .iter()
        .enumerate()
        .map(|(i, c)| ClauseUse {
            clause: shown(&c.text),
            part: parts
                .iter()
                .find(|(j, _)| *j == i)
                .map(|(_, p)| p.clone())
                .unwrap_or_else(|| {
                    match c.role {
                        Role::Floor => "得分在0与分值之间（各类规则均如此）",
                        Role::NotApplicable => "不涉及时计满分（按数据是否适用判断）",
                        _ if is_standard(&c.text) => "标准值",
                        Role::Neutral | Role::Scored => "（不计分：定义或说明）",
                    }
                    .to_string()
                }),
        })
        .collect()
}

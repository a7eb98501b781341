//! A rule text → its scoring sentences → clauses.
//!
//! [`prepare`] gives every symbol one spelling (NFKC, `≦` as `≤`, dashes as
//! `-`, checklist markers `①②` as `；`); [`strip_definitions`] drops the
//! sentences that only define the metric (`X率=(a/b)×100%`); [`clauses`]
//! cuts what is left into the pieces a recogniser reads, one score each.
//! Nothing here decides which kind a text is (see `parse.rs`).

use super::tokens::points_in;
use crate::base::text::normalize_text;

/// NFKC, one spelling per symbol, checklist markers turned into separators.
pub(super) fn prepare(text: &str) -> String {
    let circled: String = text
        .chars()
        .map(|c| {
            if ('\u{2460}'..='\u{2473}').contains(&c) {
                '；'
            } else {
                c
            }
        })
        .collect();
    let t = normalize_text(&circled)
        .replace([' ', '“', '”', '"', '\'', '‘', '’'], "")
        .replace("<=", "≤")
        .replace(">=", "≥")
        .replace("=<", "≤")
        .replace("=>", "≥")
        .replace(['≦', '≯'], "≤")
        .replace(['≧', '≮'], "≥")
        .replace(['~', '～', '—', '–', '―', '〜'], "-")
        .replace("（含）", "(含)")
        .replace("含本数", "含");
    t.trim_matches(|c: char| c == '；' || c == ';' || c == '。' || c.is_whitespace())
        .to_string()
}

/// Drops sentences that only define the metric (`X率=(a/b)×100%`) or its terms.
pub(super) fn strip_definitions(t: &str) -> String {
    let kept: Vec<&str> = t
        .split(['。', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter(|s| has_scoring_words(s))
        .collect();
    kept.join("。")
}

/// Whether a sentence says how to score, not only what the metric is.
fn has_scoring_words(s: &str) -> bool {
    let words = [
        "满分",
        "不得分",
        "不计分",
        "扣",
        "按比例",
        "比率计分",
        "比例扣减",
        "×分值",
        "*分值",
        "得分=",
        "为标准",
        "为基准",
    ];
    words.iter().any(|w| s.contains(w))
        || points_in(s).is_some()
        || s.starts_with("分档计分")
        || s.starts_with("按正负计分")
}

/// Clauses: split at ；; and at ， when a piece already holds points.
pub(super) fn clauses(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split(['；', ';', '。', '\n']) {
        let mut acc = String::new();
        for piece in part.split(['，', ',', '、']) {
            if !acc.is_empty() {
                acc.push(',');
            }
            acc.push_str(piece);
            if points_in(piece).is_some() || piece.contains('扣') {
                out.push(std::mem::take(&mut acc));
            }
        }
        if !acc.trim().is_empty() {
            out.push(acc);
        }
    }
    out.into_iter()
        .map(|c| c.trim_matches(',').to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The scoring sentences of a text, as the recognisers receive them.
#[cfg(test)]
pub(super) fn standard(text: &str) -> String {
    strip_definitions(&prepare(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepare_gives_one_spelling() {
        assert_eq!(prepare("≦100％；"), "≤100%");
        assert_eq!(prepare("80%（含）—90%"), "80%(含)-90%");
        assert_eq!(prepare("①甲，1分；②乙，1分"), "甲,1分;;乙,1分");
    }

    #[test]
    fn definitions_are_dropped() {
        assert_eq!(
            strip_definitions("预算完成率=(预算完成数/预算数)×100%。按比例计分"),
            "按比例计分"
        );
    }

    #[test]
    fn clauses_end_where_points_are_given() {
        assert_eq!(
            clauses("95%(含)以上计5分;85%(含)-95%,计3分,低于85%计0分"),
            ["95%(含)以上计5分", "85%(含)-95%,计3分", "低于85%计0分"]
        );
    }
}

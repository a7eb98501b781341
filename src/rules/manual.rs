//! Manual (人工评分): texts that need a person, and items that may not apply.
//!
//! ## What it reads
//! A whole rule text, before any kind is tried. It is manual when the rubric
//! says so (`人工评分`) or when it is a yes/no judgement (是得2分，否不得分).
//! A subjective text (视情扣分, 酌情扣分…) is manual unless a kind can score
//! its clear side and leave only the subjective side to a person (bands.rs:
//! "≤100%的得满分，大于100%的视情况扣分" scores 95% and is manual at 105%).
//! A text with a scoring clause no kind reads is manual, quoting the clause
//! (parse.rs). The department's own 自评得分 is then kept and flagged as not
//! verified (DESIGN §2.5). A clause giving full marks when the item does not
//! apply (不涉及…得满分) is not a scoring clause: it is applied with the
//! metric ([`full_marks_if_not_applicable`]).
//!
//! ## Wordings seen
//! - 桃江县 (seed 004): "在职人员控制率=（在职人员数/编制数）×100%。大于1的视情况扣分。"
//! - 桃江县 (seed 004): "预算调整率=（…/预算数）×100%。无调整的计满分，有调整的视情扣分。"
//! - 桃江县 (seed 004): "控制较好的计满分，控制不好的视情扣分。"
//! - 云溪区 (seed 002): "完成绩效目标设定的经济效益得8分，未完成的，按完成情况酌情扣分。"
//! - (test wording): "是否建立内部控制制度，是得2分，否不得分。"
//! - (test wording): "每减少一个百分点扣0.2分；不涉及政府采购的得满分"
//!
//! Texts that are manual because no kind understands them (云溪区 seed 002's
//! checklist "①已制定或具有预算资金管理办法…，1分；②…，1分；③…，1分" and
//! "根据项目资金的实际到位率计算得分（3分）") are refused by the kinds' own
//! recognisers, not here.
//!
//! ## Canonical form
//! `人工评分（评分标准含“视情”，需人工判断）`; a 计分规则 cell saying
//! `人工评分` or `人工评分（理由）` is read back as manual with that reason.
//!
//! ## Example
//! "控制较好的计满分，控制不好的视情扣分" → `人工评分（评分标准含“视情”，需人工判断）`;
//! the row keeps the department's 自评得分, marked 自评（未核验）.

use std::fmt;

use super::Parse;
use super::clauses::{NOT_APPLICABLE, prepare};

/// Manual when the (prepared) text says so or is a yes/no judgement; `None`
/// lets the kinds try. Subjective words (视情扣分) are judged clause by
/// clause: a kind may score the clear side of a text and leave only the
/// subjective side to a person (bands.rs); a text no kind can read whole is
/// manual with the subjective word as its reason (parse.rs).
pub(crate) fn recognise(t: &str) -> Option<Parse> {
    if let Some(rest) = t.strip_prefix("人工评分") {
        let reason = rest.trim_start_matches('(').trim_end_matches(')');
        return Some(Parse::manual(if reason.is_empty() {
            "评分表指定人工评分"
        } else {
            reason
        }));
    }
    if (t.contains("是得") || t.contains("是的得") || t.contains("是计")) && t.contains('否')
    {
        return Some(Parse::manual("是/否判断项，需人工判断"));
    }
    None
}

fn is_not_applicable_clause(clause: &str) -> bool {
    NOT_APPLICABLE.iter().any(|w| clause.contains(w)) && clause.contains("满分")
}

/// Whether the text gives full marks when the item does not apply
/// (`不涉及政府采购的得满分`).
///
/// ```
/// use jixiao::rules::parse::full_marks_if_not_applicable;
/// assert!(full_marks_if_not_applicable("每减少一个百分点扣0.2分；不涉及政府采购的得满分"));
/// assert!(!full_marks_if_not_applicable("按比例计分"));
/// ```
pub fn full_marks_if_not_applicable(text: &str) -> bool {
    // A text beyond the length jixiao reads is manual as a whole.
    if text.chars().count() > super::clauses::MAX_CHARS {
        return false;
    }
    prepare(text)
        .split([';', '。', '\n', ','])
        .any(is_not_applicable_clause)
}

/// The canonical form: `人工评分（理由）`.
pub(super) fn fmt_reading(reason: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "人工评分（{reason}）")
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_rule;
    use super::*;
    use crate::metrics::MetricUnit;
    use rust_decimal_macros::dec;

    fn reason(text: &str) -> Option<String> {
        match parse_rule(text, dec!(3), MetricUnit::Percent) {
            Parse::Manual { reason } => Some(reason),
            _ => None,
        }
    }

    #[test]
    fn subjective_words_make_it_manual() {
        assert_eq!(
            reason("控制较好的计满分，控制不好的视情扣分。").as_deref(),
            Some("评分标准含“视情”，需人工判断")
        );
        assert_eq!(
            reason("是否建立内部控制制度，是得2分，否不得分。").as_deref(),
            Some("是/否判断项，需人工判断")
        );
        assert_eq!(reason("每超过一个百分点扣0.5分，扣完为止"), None);
    }

    #[test]
    fn canonical_form_reads_back() {
        assert_eq!(
            reason("人工评分（评分标准含“视情”，需人工判断）").as_deref(),
            Some("评分标准含视情,需人工判断")
        );
        assert_eq!(reason("人工评分").as_deref(), Some("评分表指定人工评分"));
    }

    #[test]
    fn not_applicable_clauses_are_set_aside() {
        assert!(full_marks_if_not_applicable(
            "每减少一个百分点扣0.2分，不涉及政府采购的得满分"
        ));
        assert_eq!(
            reason("政府采购执行率100%的得3分，每减少一个百分点扣0.2分；不涉及政府采购的得满分"),
            None
        );
    }
}

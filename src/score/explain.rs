//! Every sentence a person reads about a scored row, rendered from typed data.
//!
//! The 计算说明 cell, the rule reading, the row's warnings and the grade label
//! are assembled here and only here, so the same fact is always said the
//! same way (issue 6). Snapshot tests pin the results.

use rust_decimal::Decimal;

use super::{Finding, Origin, Scorecard, ScoredRow};
use crate::base::format::{round_half_up, score};
use crate::base::{Warning, WarningKind};
use crate::metrics::MetricUnit;
use crate::rubric::RubricRow;

/// 分值 as written in a sentence: never rounded above itself (6.88839 → 6.88).
fn max_shown(row: &ScoredRow) -> String {
    crate::base::format::num(crate::rules::round_score(row.max, row.max))
}

/// The 三级指标 cell: the name, and a sub-point's own text under it.
pub fn display_name(row: &ScoredRow) -> String {
    match &row.sub_point {
        Some(p) if !p.is_empty() => format!("{}\n{p}", row.name),
        _ => row.name.clone(),
    }
}

/// How jixiao read a row's rule, with what it inferred:
/// `分档计分：≥90%计5分；…（注：…）`.
pub fn reading(row: &RubricRow, unit: MetricUnit) -> String {
    let reading = row.rule.reading(unit);
    if row.rule_notes.is_empty() {
        reading
    } else {
        format!("{reading}（注：{}）", row.rule_notes.join("；"))
    }
}

/// The 计算说明 sentence of a row.
pub fn explanation(row: &ScoredRow) -> String {
    let self_note = row
        .self_score
        .map(|s| format!("（自评{}分）", score(s)))
        .unwrap_or_default();
    // The metric's name as the profile gives it (set for every non-manual
    // row), with its basis: `重点支出安排率（年初预算）`.
    let name = row.metric_label();
    match &row.finding {
        Finding::Manual { reason } => match (row.self_score, row.score) {
            // A self-score outside [0, 分值] is a data error: not counted.
            (Some(s), None) => format!(
                "人工评分项（{reason}）：单位自评{}分，超出分值范围（0–{}分），属数据错误，未采用，待评价人员填写得分",
                score(s),
                max_shown(row)
            ),
            (Some(s), _) => format!(
                "人工评分项（{reason}）：采用单位自评得分{}分，未核验",
                score(s)
            ),
            (None, _) => format!("人工评分项（{reason}）：待评价人员填写得分"),
        },
        Finding::Evaluated {
            detail,
            capped_from,
            default_scaled,
            fallback,
            implausible,
            readings,
            ..
        } => {
            let mut text = format!("{} {detail}", name);
            if let Some(raw) = capped_from {
                text.push_str(&format!(
                    "；规则给出{}分，超过分值，按{}分计",
                    score(*raw),
                    max_shown(row)
                ));
            }
            if *default_scaled {
                text.push_str("；按默认规则（评分表未写评分标准），仅供参考");
            }
            if let Some(note) = fallback {
                text.push_str(&format!("；{note}"));
            }
            for why in implausible {
                text.push_str(&format!("；数值存疑，仅供参考：{why}"));
            }
            if !readings.is_empty() {
                text.push_str(&format!("；取数说明：{}", readings.join("；")));
            }
            text + &self_note
        }
        Finding::Composed {
            detail,
            capped_from,
            ..
        } => {
            let mut text = detail.clone();
            if let Some(raw) = capped_from {
                text.push_str(&format!(
                    "；各分项合计{}分，超过分值，按{}分计",
                    score(*raw),
                    max_shown(row)
                ));
            }
            text + &self_note
        }
        Finding::NotApplicableFull { reason, .. } => format!(
            "{}不适用：{reason}；按评分标准“不涉及的得满分”计{}分{self_note}",
            name,
            max_shown(row)
        ),
        Finding::MissingReference { .. } => {
            format!("{}：缺少比较所需的上年数，无法评分{self_note}", name)
        }
        Finding::NotComputable {
            reason: Some(reason),
            ..
        } => format!("{}无法计算：{reason}{self_note}", name),
        Finding::NotComputable { reason: None, .. } => format!("{}无法计算{self_note}", name),
        Finding::OutOfRange { cells, .. } if cells.is_empty() => {
            format!("{name}无法计算：数值超出可计算范围{self_note}")
        }
        Finding::OutOfRange { cells, .. } => format!(
            "{name}无法计算：数值超出可计算范围（{}）{self_note}",
            cells.join("、")
        ),
    }
}

/// The 计算说明 cell: the explanation, then how the rule was read (manual
/// rules have no reading to show; a rule that leaves this value to a person
/// shows its reading, so the reviewer sees which case is not covered).
pub fn with_reading(row: &ScoredRow) -> String {
    if row.rule_kind == "manual" {
        row.explanation.clone()
    } else {
        format!("{}\n规则理解：{}", row.explanation, row.reading)
    }
}

/// What a row raises: a self-score outside [0, 分值] (a data error), a
/// rule capped at 分值, a self-score that differs from the score computed
/// by the rubric's own rule (核算 rows only: a 参考 score is not certain
/// enough to call a self-score wrong). `label` is the indicator's name
/// without its points suffix.
pub fn row_warnings(row: &ScoredRow, label: &str) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Some(s) = row.self_score
        && (s > row.max || s < Decimal::ZERO)
    {
        let counted = if matches!(row.finding, Finding::Manual { .. }) {
            "，未采用，该项待评"
        } else {
            ""
        };
        out.push(Warning::new(
            WarningKind::SelfScoreAboveMax,
            format!(
                "「{label}」自评{}分，超出分值范围（0–{}分），属数据错误{counted}",
                score(s),
                max_shown(row)
            ),
        ));
    }
    let evaluated = match &row.finding {
        Finding::Evaluated {
            detail,
            capped_from,
            ..
        }
        | Finding::Composed {
            detail,
            capped_from,
            ..
        } => Some((detail, capped_from)),
        _ => None,
    };
    if let Some((detail, capped_from)) = evaluated {
        if let Some(raw) = capped_from {
            out.push(Warning::new(
                WarningKind::ScoreCapped,
                format!(
                    "「{label}」的评分规则给出{}分，超过该项分值{}分，已按分值计",
                    score(*raw),
                    max_shown(row)
                ),
            ));
        }
        if let (Some(s), Some(computed)) = (row.self_score, row.score)
            && row.origin == Origin::Computed
            && round_half_up(s, 2) != computed
        {
            out.push(Warning::new(
                WarningKind::SelfScoreDiffers,
                format!(
                    "「{label}」自评{}分，按规则计算应为{}分（{detail}）",
                    score(s),
                    score(computed)
                ),
            ));
        }
    }
    out
}

/// The warning listing the rows still 待评.
pub fn pending_rows(rows: &[&ScoredRow]) -> String {
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    format!(
        "以下{}项未能得分，等级为暂定：{}",
        names.len(),
        names.join("、")
    )
}

/// The warning listing the rows scored by the default rule (参考).
pub fn reference_rows(rows: &[&ScoredRow], adopted: bool) -> String {
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    if adopted {
        format!(
            "以下{}项评分表未写评分标准，按默认规则计算（配置文件已采用默认规则）：{}",
            names.len(),
            names.join("、")
        )
    } else {
        format!(
            "以下{}项评分表未写评分标准，按默认规则计算，仅供参考，等级为暂定（如确认采用默认规则，可在配置文件中设 adopt-default-rules = true）：{}",
            names.len(),
            names.join("、")
        )
    }
}

/// The warning listing the rows whose value is on a basis other than the
/// stated one, or implausible (参考 whatever the configuration).
pub fn doubtful_rows(rows: &[&ScoredRow]) -> String {
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    format!(
        "以下{}项的指标值未按规定口径计算或数值存疑（见各项计算说明），仅供参考，等级为暂定：{}",
        names.len(),
        names.join("、")
    )
}

/// `良好` or `良好（暂定）`.
pub fn grade_label(card: &Scorecard) -> String {
    if card.provisional {
        format!("{}（暂定）", card.grade)
    } else {
        card.grade.clone()
    }
}

/// `优秀` or `差–优秀`: the grades at both ends of a range.
pub fn grade_range(low: &str, high: &str) -> String {
    if low == high {
        low.to_string()
    } else {
        format!("{low}–{high}")
    }
}

/// The headline (DESIGN §2.5): a certain total and grade, or a provisional
/// one with what makes it so. The workbook's 结论 formula builds the same
/// sentence (`report::scored`), so they must change together.
///
/// - `总分 92.95 分，优秀`
/// - `暂定：51 分，另有 45 分待评，可能 51–96 分（差–优秀）`
/// - `暂定：92.95 分，优秀（其中参考 3 分、自评未核验 66 分尚未核实）`
///   (each part only when above 0; none: `含未经核算的评分项`)
///
/// and when the points do not add up to 100,
/// `；满分 80 分，按得分率 90.00% 定级`.
pub fn headline(card: &Scorecard) -> String {
    let t = score(card.total);
    let split = &card.split;
    let mut out = if split.pending_max > Decimal::ZERO {
        format!(
            "暂定：{t} 分，另有 {} 分待评，可能 {t}–{} 分（{}）",
            score(split.pending_max),
            score(card.best_total),
            grade_range(&card.grade, &card.best_grade)
        )
    } else if card.provisional {
        let mut parts = Vec::new();
        if round_half_up(split.reference, 2) > Decimal::ZERO {
            parts.push(format!("参考 {} 分", score(split.reference)));
        }
        if round_half_up(split.self_unverified, 2) > Decimal::ZERO {
            parts.push(format!("自评未核验 {} 分", score(split.self_unverified)));
        }
        let why = if parts.is_empty() {
            "含未经核算的评分项".to_string()
        } else {
            format!("其中{}尚未核实", parts.join("、"))
        };
        format!("暂定：{t} 分，{}（{why}）", card.grade)
    } else {
        format!("总分 {t} 分，{}", card.grade)
    };
    if card.max_total != Decimal::ONE_HUNDRED && !card.max_total.is_zero() {
        out.push_str(&format!(
            "；满分 {} 分，按得分率 {} 定级",
            score(card.max_total),
            crate::base::format::pct(card.total / card.max_total)
        ));
    }
    out
}

/// What makes a 汇总 row's grade provisional: its range when rows are 待评
/// (`暂定：另有 45 分待评，可能 51–96 分（差–优秀）`), else
/// `暂定：含未核实的参考分或自评分`.
pub fn provisional_note(total: Decimal, pending: Decimal, grade: &str, best: &str) -> String {
    if pending > Decimal::ZERO {
        let high = crate::base::checked::add(total, pending).unwrap_or(total);
        format!(
            "暂定：另有 {} 分待评，可能 {}–{} 分（{}）",
            score(pending),
            score(total),
            score(high),
            grade_range(grade, best)
        )
    } else {
        "暂定：含未核实的参考分或自评分".to_string()
    }
}

/// A 汇总 row read back from reviewed workbooks:
/// `审核 3 项，总分较核算 +2.5 分（原 61.48 分）`.
pub fn review_note(rows: usize, before: Decimal, after: Decimal) -> String {
    format!(
        "审核 {rows} 项，总分较核算 {} 分（原 {} 分）",
        signed(crate::base::checked::sub(after, before).unwrap_or_default()),
        score(before)
    )
}

/// A change with its sign: `+1`, `-0.5`, `0`.
pub fn signed(d: Decimal) -> String {
    let d = round_half_up(d, 2);
    if d > Decimal::ZERO {
        format!("+{}", score(d))
    } else {
        score(d)
    }
}

/// What a person did to one row, for the 问题清单 of an aggregate:
/// `审核得分 4 分（核算 3 分，+1 分）`, `核算得分由 3 分改为 2.5 分（-0.5 分）`,
/// `待评项由审核给 4 分`, `审核时清空了得分（原 3 分）`.
pub fn review_change(
    column: &str,
    written: Option<Decimal>,
    now: Option<Decimal>,
    in_place: bool,
) -> String {
    match (written, now) {
        (Some(w), Some(n)) if in_place => format!(
            "{column}由 {} 分改为 {} 分（{} 分）",
            score(w),
            score(n),
            signed(crate::base::checked::sub(n, w).unwrap_or_default())
        ),
        (Some(w), Some(n)) => format!(
            "{column} {} 分（核算 {} 分，{} 分）",
            score(n),
            score(w),
            signed(crate::base::checked::sub(n, w).unwrap_or_default())
        ),
        (None, Some(n)) => format!("待评项由审核给 {} 分（{column}）", score(n)),
        (Some(w), None) => format!("审核时清空了得分（原 {} 分），改为待评", score(w)),
        (None, None) => "待评".to_string(),
    }
}

/// The split by origin: `核算 23.95 分，参考 3 分，自评未核验 66 分，待评
/// 0 分` (审核 only when a reviewer's points are in).
pub fn split_text(split: &super::OriginSplit) -> String {
    let mut out = format!(
        "核算 {} 分，参考 {} 分，自评未核验 {} 分",
        score(split.computed),
        score(split.reference),
        score(split.self_unverified)
    );
    if split.reviewed > Decimal::ZERO {
        out.push_str(&format!("，审核 {} 分", score(split.reviewed)));
    }
    out.push_str(&format!("，待评 {} 分", score(split.pending_max)));
    out
}

/// `单位自评总分 99 分，差异 6.05 分` and the like use this: a difference
/// of two totals, `—` when it cannot be computed.
pub fn difference(a: Decimal, b: Decimal) -> String {
    crate::base::checked::sub(a, b).map_or_else(|_| "—".to_string(), score)
}

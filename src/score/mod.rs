//! The scorecard: rubric + metrics + self-scores → scores, explanations, grade.
//!
//! Pure: no files are read or written here.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::format::round_half_up;
use crate::config::GradeScale;
use crate::facts::Facts;
use crate::metrics::{MetricValue, Metrics, catalog};
use crate::rubric::{Rubric, RubricRow, RuleOrigin};
use crate::rules::RuleInput;

/// How a row got (or did not get) its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Computed by its rule.
    Scored,
    /// Manual row; the department's self-score is kept, not verified.
    SelfScoreKept,
    /// Manual row without any score yet.
    Unscored,
    /// The metric could not be computed.
    NotComputable,
}

/// One scored rubric row.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub sub_point: Option<String>,
    /// The rubric's own 评分标准 text.
    pub standard: String,
    pub max: Decimal,
    /// Rounded half-up to 2 decimals.
    pub score: Option<Decimal>,
    pub self_score: Option<Decimal>,
    pub metric: Option<String>,
    /// The metric's value as shown (`80.55%`).
    pub metric_value: Option<String>,
    pub rule_kind: String,
    /// The canonical reading of the rule.
    pub reading: String,
    pub explanation: String,
    pub status: RowStatus,
    pub origin: RuleOrigin,
    #[serde(skip)]
    pub source_row: Option<u32>,
}

impl ScoredRow {
    /// The 三级指标 cell: the name, and a sub-point's own text under it.
    pub fn display_name(&self) -> String {
        match &self.sub_point {
            Some(p) if !p.is_empty() => format!("{}\n{p}", self.name),
            _ => self.name.clone(),
        }
    }

    /// The 计算说明 cell: the explanation, then how the rule was read.
    pub fn explanation_with_reading(&self) -> String {
        if self.rule_kind == "manual" {
            self.explanation.clone()
        } else {
            format!("{}\n规则理解：{}", self.explanation, self.reading)
        }
    }
}

/// Points and score of one 一级指标.
#[derive(Debug, Clone, Serialize)]
pub struct Subtotal {
    pub name: String,
    pub max: Decimal,
    pub score: Decimal,
}

/// A department's scored rubric.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub department: String,
    pub year: Option<i32>,
    pub file: String,
    pub rubric: String,
    pub rubric_title: String,
    pub rows: Vec<ScoredRow>,
    pub subtotals: Vec<Subtotal>,
    pub max_total: Decimal,
    pub total: Decimal,
    pub self_total: Option<Decimal>,
    pub grade: String,
    /// Some quantitative row could not be computed, or a manual row has no score.
    pub provisional: bool,
    pub grade_scale: String,
    pub warnings: Vec<String>,
}

impl Scorecard {
    /// `良好` or `良好（暂定）`.
    pub fn grade_label(&self) -> String {
        if self.provisional {
            format!("{}（暂定）", self.grade)
        } else {
            self.grade.clone()
        }
    }
}

fn score_row(row: &RubricRow, metrics: &Metrics, warnings: &mut Vec<String>) -> ScoredRow {
    let metric_spec = row.metric.map(catalog::spec);
    let unit = metric_spec.map_or(crate::metrics::MetricUnit::Percent, |m| m.unit);
    let mut out = ScoredRow {
        level1: row.level1.clone(),
        level2: row.level2.clone(),
        name: row.name.clone(),
        sub_point: row.sub_point.clone(),
        standard: row.standard.clone(),
        max: row.max,
        score: None,
        self_score: row.self_score,
        metric: metric_spec.map(|m| m.name.to_string()),
        metric_value: row.metric.map(|id| metrics.display(id)),
        rule_kind: row.rule.kind().to_string(),
        reading: if row.rule_notes.is_empty() {
            row.rule.reading(unit)
        } else {
            format!(
                "{}（注：{}）",
                row.rule.reading(unit),
                row.rule_notes.join("；")
            )
        },
        explanation: String::new(),
        status: RowStatus::Unscored,
        origin: row.origin,
        source_row: row.source_row,
    };
    let self_note = row
        .self_score
        .map(|s| format!("（自评{}分）", crate::base::format::score(s)))
        .unwrap_or_default();
    let label = crate::base::name::bare_name(&row.name);
    if let Some(s) = row.self_score
        && s > row.max
    {
        warnings.push(format!(
            "「{label}」自评{}分，超过分值{}分",
            crate::base::format::score(s),
            crate::base::format::score(row.max)
        ));
    }
    let (Some(metric), false) = (row.metric, row.rule.is_manual()) else {
        let reason = match &row.rule {
            crate::rules::Rule::Manual { reason } => reason.clone(),
            _ => "未对应到可计算的指标".to_string(),
        };
        match row.self_score {
            Some(s) => {
                out.score = Some(round_half_up(s.min(row.max).max(Decimal::ZERO), 2));
                out.status = RowStatus::SelfScoreKept;
                out.explanation = format!(
                    "人工评分项（{reason}）：采用单位自评得分{}分，未核验",
                    crate::base::format::score(s)
                );
            }
            None => {
                out.explanation = format!("人工评分项（{reason}）：待评价人员填写得分");
            }
        }
        return out;
    };
    let name = catalog::spec(metric).name;
    match metrics.get(metric) {
        Some(MetricValue::Computed {
            value, reference, ..
        }) => {
            let input = RuleInput {
                value: *value,
                reference: *reference,
                unit,
            };
            let Some(eval) = row.rule.evaluate(&input, row.max) else {
                out.status = RowStatus::NotComputable;
                out.explanation = format!("{name}：缺少比较所需的上年数，无法评分{self_note}");
                return out;
            };
            let eval = match eval {
                Ok(eval) => eval,
                Err(out_of_range) => {
                    out.status = RowStatus::NotComputable;
                    out.explanation = format!("{name}无法计算：{out_of_range}{self_note}");
                    return out;
                }
            };
            let score = round_half_up(eval.score, 2);
            out.score = Some(score);
            out.status = RowStatus::Scored;
            let mut text = format!("{name} {}", eval.detail);
            if let Some(raw) = eval.capped_from {
                text.push_str(&format!(
                    "；规则给出{}分，超过分值，按{}分计",
                    crate::base::format::score(raw),
                    crate::base::format::score(row.max)
                ));
                warnings.push(format!(
                    "「{label}」的评分规则给出{}分，超过该项分值{}分，已按分值计",
                    crate::base::format::score(raw),
                    crate::base::format::score(row.max)
                ));
            }
            if row.origin == RuleOrigin::DefaultScaled {
                text.push_str("；评分表未写评分标准，按默认规则折算");
            }
            text.push_str(&self_note);
            out.explanation = text;
            if let Some(s) = row.self_score
                && round_half_up(s, 2) != score
            {
                warnings.push(format!(
                    "「{label}」自评{}分，按规则计算应为{}分（{}）",
                    crate::base::format::score(s),
                    crate::base::format::score(score),
                    eval.detail
                ));
            }
        }
        Some(MetricValue::NotComputable {
            reason,
            not_applicable: true,
            ..
        }) if row.full_if_not_applicable => {
            out.score = Some(row.max);
            out.status = RowStatus::Scored;
            out.explanation = format!(
                "{name}不适用：{reason}；按评分标准“不涉及的得满分”计{}分{self_note}",
                crate::base::format::score(row.max)
            );
        }
        Some(MetricValue::NotComputable { reason, .. }) => {
            out.status = RowStatus::NotComputable;
            out.explanation = format!("{name}无法计算：{reason}{self_note}");
        }
        None => {
            out.status = RowStatus::NotComputable;
            out.explanation = format!("{name}无法计算{self_note}");
        }
    }
    out
}

/// Scores every row of a rubric.
pub fn score(rubric: &Rubric, facts: &Facts, metrics: &Metrics, grades: &GradeScale) -> Scorecard {
    let mut warnings: Vec<String> = facts.warnings.clone();
    warnings.extend(metrics.warnings.iter().cloned());
    let rows: Vec<ScoredRow> = rubric
        .rows
        .iter()
        .map(|r| score_row(r, metrics, &mut warnings))
        .collect();
    let subtotals: Vec<Subtotal> = rubric
        .level1_totals()
        .into_iter()
        .map(|(name, max)| Subtotal {
            score: rows
                .iter()
                .filter(|r| r.level1 == name)
                .filter_map(|r| r.score)
                .sum(),
            name,
            max,
        })
        .collect();
    let total: Decimal = rows
        .iter()
        .filter_map(|r| r.score)
        .sum::<Decimal>()
        .normalize();
    let self_total = rows.iter().any(|r| r.self_score.is_some()).then(|| {
        rows.iter()
            .filter_map(|r| r.self_score)
            .sum::<Decimal>()
            .normalize()
    });
    let missing: Vec<&str> = rows
        .iter()
        .filter(|r| matches!(r.status, RowStatus::NotComputable | RowStatus::Unscored))
        .map(|r| r.name.as_str())
        .collect();
    if !missing.is_empty() {
        warnings.push(format!(
            "以下{}项未能得分，等级为暂定：{}",
            missing.len(),
            missing.join("、")
        ));
    }
    Scorecard {
        department: facts
            .department
            .clone()
            .unwrap_or_else(|| "（未填写单位名称）".to_string()),
        year: facts.year,
        file: facts.file.clone(),
        rubric: rubric.source.clone(),
        rubric_title: rubric.title.clone(),
        grade: grades.grade(total).to_string(),
        provisional: !missing.is_empty(),
        grade_scale: grades.describe(),
        max_total: rubric.total_points().normalize(),
        rows,
        subtotals,
        total,
        self_total,
        warnings,
    }
}

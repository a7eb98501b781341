//! The scorecard: rubric + metrics + self-scores → typed rows, totals, grade.
//!
//! Pure: no files are read or written here. Every row carries its stable
//! [`RowKey`], its [`Origin`] (DESIGN §2.5) and a typed [`Finding`]; all the
//! Chinese text a person reads about a row is rendered from those in
//! [`explain`], and nowhere else.

pub mod explain;
pub mod summary;

pub use summary::OriginSplit;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::base::checked;
use crate::base::name::bare_name;
use crate::base::{Warning, WarningKind};
use crate::config::GradeScale;
use crate::facts::Facts;
use crate::metrics::{MetricId, MetricUnit, MetricValue, Metrics, catalog};
use crate::rubric::{RowKey, Rubric, RubricRow, RuleOrigin};
use crate::rules::{Outcome, Rule, RuleInput, round_score};

/// What a score row is, and how far it may be trusted (DESIGN §2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// 核算: computed from the department's data by the rubric's own rule.
    Computed,
    /// 参考: computed, but by a rule or basis the rubric did not state (the
    /// default rule on a formula-only row; a metric on another basis than
    /// its stated one), or on a value flagged implausible.
    Reference,
    /// 自评（未核验）: a manual row keeping the department's own 自评得分.
    SelfUnverified,
    /// 审核: a reviewer's score read back from a scored workbook.
    Reviewed,
    /// 待评: nothing to score it with yet.
    Pending,
}

impl Origin {
    /// The word shown in sheets: `核算`, `参考`, `自评（未核验）`, `审核`, `待评`.
    pub fn label(self) -> &'static str {
        match self {
            Origin::Computed => "核算",
            Origin::Reference => "参考",
            Origin::SelfUnverified => "自评（未核验）",
            Origin::Reviewed => "审核",
            Origin::Pending => "待评",
        }
    }

    /// Whether a score of this origin counts as certain.
    pub fn is_certain(self) -> bool {
        matches!(self, Origin::Computed | Origin::Reviewed)
    }
}

/// What scoring a row found: the typed source of its 计算说明.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// The rule scored the metric's value.
    Evaluated {
        metric: MetricId,
        /// The rule's own account: `80.55% ＞ 0，按规则计0分`.
        detail: String,
        /// What the rule gave before it was capped at 分值, if it was.
        capped_from: Option<Decimal>,
        /// The rubric stated no standard: the default rule, scaled.
        default_scaled: bool,
        /// The value is not on the metric's stated basis, which had no
        /// figures: the note saying which basis was used and why.
        #[serde(skip_serializing_if = "Option::is_none")]
        fallback: Option<String>,
        /// Why the value is implausible (its `Implausible` warnings).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        implausible: Vec<String>,
        /// How input cells were taken where that is worth saying ("服务对象满意度：
        /// 单元格为常规数字 0.97，按比例理解为 97%"; issue 8).
        #[serde(skip_serializing_if = "Vec::is_empty", default)]
        readings: Vec<String>,
    },
    /// The input does not apply and the standard gives full marks for that.
    NotApplicableFull { metric: MetricId, reason: String },
    /// A comparison rule without the amount it compares with.
    MissingReference { metric: MetricId },
    /// The metric could not be computed (`reason` says why).
    NotComputable {
        metric: MetricId,
        reason: Option<String>,
    },
    /// A value too large to compute with; `cells` are the metric's inputs.
    OutOfRange {
        metric: MetricId,
        cells: Vec<String>,
    },
    /// Scored by a person: subjective, not understood, or without a metric.
    Manual { reason: String },
    /// Several sub-rules of the row scored from the family's facts (the 考核
    /// family, DESIGN §2.6): `detail` says what each part gave.
    Composed {
        detail: String,
        /// What the parts gave before the sum was capped at 分值, if it was.
        capped_from: Option<Decimal>,
        /// The cells of the facts the sub-rules read (for the 问题清单).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        cells: Vec<String>,
    },
}

/// A row scored outside the metric catalogue (a family's own rules): the
/// score, what was found, the rule's reading and its kind.
#[derive(Debug, Clone)]
pub struct RowOverride {
    pub score: Option<Decimal>,
    pub finding: Finding,
    pub reading: String,
    pub kind: &'static str,
}

/// Scores a row of a family other than 部门整体, or `None` to score it by
/// its metric.
pub type RowScorer<'a> = &'a dyn Fn(&RubricRow) -> Option<RowOverride>;

/// One scored rubric row.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredRow {
    pub key: RowKey,
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
    pub origin: Origin,
    /// The metric's Chinese name.
    pub metric: Option<String>,
    /// The budget basis (口径) its value is on: `年初预算`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<&'static str>,
    /// The metric's value as shown (`80.55%`).
    pub metric_value: Option<String>,
    pub rule_kind: &'static str,
    /// The canonical reading of the rule.
    pub reading: String,
    /// Which clause of the rule text gave which part of the reading.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<crate::rules::ClauseUse>,
    /// The 计算说明 sentence, rendered from `finding` by [`explain`].
    pub explanation: String,
    pub finding: Finding,
    /// Where the row's rule came from.
    pub rule_origin: RuleOrigin,
    #[serde(skip)]
    pub source_row: Option<u32>,
    /// The cells `self_score` was read from, as the 问题清单 names them:
    /// `评分表!F12` in the department's workbook (several, `、`-separated,
    /// when sub-points were summed), `「评分表.xlsx」评分表!F12` in a
    /// rubric file; none when unknown (set by the pipeline, which knows
    /// where self-scores were taken from).
    #[serde(skip)]
    pub self_score_cells: Option<String>,
}

impl ScoredRow {
    /// The 三级指标 cell: the name, and a sub-point's own text under it.
    pub fn display_name(&self) -> String {
        explain::display_name(self)
    }

    /// The 计算说明 cell: the explanation, then how the rule was read.
    pub fn explanation_with_reading(&self) -> String {
        explain::with_reading(self)
    }

    /// The metric's name with its basis: `重点支出安排率（年初预算）`.
    pub fn metric_label(&self) -> String {
        let name = self.metric.as_deref().unwrap_or_default();
        match self.basis {
            Some(b) => format!("{name}（{b}）"),
            None => name.to_string(),
        }
    }

    /// 参考 only because the rubric states no standard (the default rule):
    /// what `adopt-default-rules` adopts. A fallback basis or an
    /// implausible value stays provisional whatever the configuration.
    pub fn reference_by_default_rule_only(&self) -> bool {
        matches!(
            &self.finding,
            Finding::Evaluated { default_scaled: true, fallback: None, implausible, .. }
                if implausible.is_empty()
        )
    }

    /// 参考 because of the value's basis or plausibility (not the rule).
    pub fn doubtful_value(&self) -> bool {
        matches!(
            &self.finding,
            Finding::Evaluated { fallback, implausible, .. }
                if fallback.is_some() || !implausible.is_empty()
        )
    }
}

/// Points and score of one 一级指标.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// The grade of `grade_basis`.
    pub grade: String,
    /// Some row is not certain (参考 — unless the configuration adopts the
    /// default rules —, 自评（未核验） or 待评): the grade is provisional
    /// (DESIGN §2.5).
    pub provisional: bool,
    /// What the grade is taken on: the total, or when the rubric's points do
    /// not add up to 100, the total's share of them × 100 (DESIGN §2.4).
    pub grade_basis: Decimal,
    /// Points by origin; `pending_max` is the 分值 of the rows still 待评.
    pub split: OriginSplit,
    /// The total if every 待评 row got full marks, and its grade: the top of
    /// a provisional grade's range.
    pub best_total: Decimal,
    pub best_grade: String,
    /// The headline sentence: `总分 92.95 分，优秀`, or for a provisional
    /// grade its range (`暂定：51 分，另有 45 分待评，可能 51–96 分（差–优秀）`).
    pub headline: String,
    pub grade_scale: String,
    pub warnings: Vec<Warning>,
    /// The grade bands the grade was taken on (for the workbook's formulas).
    #[serde(skip)]
    pub scale: GradeScale,
}

impl Scorecard {
    /// `良好` or `良好（暂定）`.
    pub fn grade_label(&self) -> String {
        explain::grade_label(self)
    }

    /// The row with this key.
    pub fn row(&self, key: &RowKey) -> Option<&ScoredRow> {
        self.rows.iter().find(|r| &r.key == key)
    }
}

/// Scores one row. `self_score` is the department's 自评得分 for this row.
fn score_row(
    index: usize,
    row: &RubricRow,
    self_score: Option<Decimal>,
    metrics: &Metrics,
    warnings: &mut Vec<Warning>,
    custom: RowScorer<'_>,
) -> ScoredRow {
    let metric_spec = row.metric.map(catalog::spec);
    let unit = metric_spec.map_or(MetricUnit::Percent, |m| m.unit);
    let over = custom(row);
    let (score, finding) = match &over {
        Some(o) => (o.score.map(|s| round_score(s, row.max)), o.finding.clone()),
        None => evaluate_row(row, metrics, unit),
    };
    // A self-score outside [0, 分值] is a data error: shown, flagged, never
    // counted (issue 7: not silently capped).
    let valid_self = self_score.filter(|s| *s >= Decimal::ZERO && *s <= row.max);
    let origin = match &finding {
        Finding::Evaluated {
            default_scaled,
            fallback,
            implausible,
            ..
        } if *default_scaled || fallback.is_some() || !implausible.is_empty() => Origin::Reference,
        Finding::Evaluated { .. }
        | Finding::NotApplicableFull { .. }
        | Finding::Composed { .. } => Origin::Computed,
        Finding::Manual { .. } if valid_self.is_some() => Origin::SelfUnverified,
        _ => Origin::Pending,
    };
    let score = match (&finding, valid_self) {
        (Finding::Manual { .. }, Some(s)) => Some(round_score(s, row.max)),
        _ => score,
    };
    let mut out = ScoredRow {
        key: row.key.clone(),
        level1: row.level1.clone(),
        level2: row.level2.clone(),
        name: row.name.clone(),
        sub_point: row.sub_point.clone(),
        standard: row.standard.clone(),
        max: row.max,
        score,
        self_score,
        origin,
        metric: if over.is_some() {
            None
        } else {
            row.metric.map(|id| metrics.name(id).to_string())
        },
        basis: if over.is_some() {
            None
        } else {
            row.metric
                .and_then(|id| metrics.basis(id))
                .map(crate::metrics::Basis::label)
        },
        metric_value: if over.is_some() {
            None
        } else {
            row.metric.map(|id| metrics.display(id))
        },
        rule_kind: over.as_ref().map_or_else(|| row.rule.kind(), |o| o.kind),
        reading: over
            .as_ref()
            .map_or_else(|| explain::reading(row, unit), |o| o.reading.clone()),
        clauses: row.rule_clauses.clone(),
        explanation: String::new(),
        finding,
        rule_origin: row.origin,
        source_row: row.source_row,
        self_score_cells: None,
    };
    out.explanation = explain::explanation(&out);
    warnings.extend(
        explain::row_warnings(&out, &bare_name(&row.name))
            .into_iter()
            .map(|w| w.about_row(index)),
    );
    out
}

/// The score a row's rule gives (before any self-score), and what was found.
fn evaluate_row(
    row: &RubricRow,
    metrics: &Metrics,
    unit: MetricUnit,
) -> (Option<Decimal>, Finding) {
    let (Some(metric), false) = (row.metric, row.rule.is_manual()) else {
        let reason = match &row.rule {
            Rule::Manual { reason } => reason.clone(),
            _ => "未对应到可计算的指标".to_string(),
        };
        return (None, Finding::Manual { reason });
    };
    match metrics.get(metric) {
        Some(MetricValue::Computed {
            value,
            reference,
            trace,
        }) => {
            let input = RuleInput {
                value: *value,
                reference: *reference,
                unit,
            };
            match row.rule.evaluate(&input, row.max) {
                Outcome::Scored(eval) => (
                    Some(round_score(eval.score, row.max)),
                    Finding::Evaluated {
                        metric,
                        detail: eval.detail,
                        capped_from: eval.capped_from,
                        default_scaled: row.origin == RuleOrigin::DefaultScaled,
                        fallback: trace.fallback.as_ref().map(|f| f.note(trace.basis)),
                        implausible: trace.implausible.clone(),
                        readings: trace.notes.clone(),
                    },
                ),
                // The text leaves this value to a person (视情 side, a case
                // it does not cover).
                Outcome::Manual { reason } => (None, Finding::Manual { reason }),
                Outcome::OutOfRange => (
                    None,
                    Finding::OutOfRange {
                        metric,
                        cells: trace
                            .inputs
                            .iter()
                            .filter_map(|i| i.source.clone())
                            .collect(),
                    },
                ),
                Outcome::MissingReference => (None, Finding::MissingReference { metric }),
            }
        }
        Some(MetricValue::NotComputable {
            reason,
            not_applicable: true,
            ..
        }) if row.full_if_not_applicable => (
            Some(round_score(row.max, row.max)),
            Finding::NotApplicableFull {
                metric,
                reason: reason.clone(),
            },
        ),
        Some(MetricValue::NotComputable { reason, .. }) => (
            None,
            Finding::NotComputable {
                metric,
                reason: Some(reason.clone()),
            },
        ),
        None => (
            None,
            Finding::NotComputable {
                metric,
                reason: None,
            },
        ),
    }
}

/// Scores every row of a rubric. `self_scores` holds the department's
/// 自评得分, one entry per rubric row (see [`crate::rubric::matching`]).
/// Rows scored by the default rule (参考) keep the grade provisional; see
/// [`score_adopting`] for a configuration that adopts the default rules.
pub fn score(
    rubric: &Rubric,
    self_scores: &[Option<Decimal>],
    facts: &Facts,
    metrics: &Metrics,
    grades: &GradeScale,
) -> Scorecard {
    score_adopting(rubric, self_scores, facts, metrics, grades, false)
}

/// [`score`], with `adopt_default_rules` saying whether the configuration
/// adopts the default rules (`[score] adopt-default-rules = true`): then
/// rows scored by them (still shown as 参考) do not make the grade
/// provisional.
pub fn score_adopting(
    rubric: &Rubric,
    self_scores: &[Option<Decimal>],
    facts: &Facts,
    metrics: &Metrics,
    grades: &GradeScale,
    adopt_default_rules: bool,
) -> Scorecard {
    score_with(
        rubric,
        self_scores,
        facts,
        metrics,
        grades,
        adopt_default_rules,
        &|_| None,
    )
}

/// [`score_adopting`], with the rows `custom` scores (a family's own
/// rules) taken from it.
pub fn score_with(
    rubric: &Rubric,
    self_scores: &[Option<Decimal>],
    facts: &Facts,
    metrics: &Metrics,
    grades: &GradeScale,
    adopt_default_rules: bool,
    custom: RowScorer<'_>,
) -> Scorecard {
    let mut warnings: Vec<Warning> = facts.warnings.clone();
    warnings.extend(metrics.warnings.iter().cloned());
    let rows: Vec<ScoredRow> = rubric
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            score_row(
                i,
                r,
                self_scores.get(i).copied().flatten(),
                metrics,
                &mut warnings,
                custom,
            )
        })
        .collect();
    // Scores lie in [0, 分值] and a rubric's 分值 are bounded when it is
    // read, so these sums stay in range; `checked` keeps that a checked fact.
    let sum =
        |scores: &mut dyn Iterator<Item = Decimal>| checked::sum(scores).unwrap_or(Decimal::ZERO);
    let subtotals: Vec<Subtotal> = rubric
        .level1_totals()
        .into_iter()
        .map(|(name, max)| Subtotal {
            score: sum(&mut rows
                .iter()
                .filter(|r| r.level1 == name)
                .filter_map(|r| r.score)),
            name,
            max,
        })
        .collect();
    let total = sum(&mut rows.iter().filter_map(|r| r.score)).normalize();
    let self_total = rows
        .iter()
        .any(|r| r.self_score.is_some())
        .then(|| checked::sum(rows.iter().filter_map(|r| r.self_score)).ok())
        .flatten()
        .map(|d| d.normalize());
    let pending: Vec<&ScoredRow> = rows
        .iter()
        .filter(|r| r.origin == Origin::Pending)
        .collect();
    if !pending.is_empty() {
        warnings.push(Warning::new(
            WarningKind::Unscored,
            explain::pending_rows(&pending),
        ));
    }
    let by_default_rule: Vec<&ScoredRow> = rows
        .iter()
        .filter(|r| {
            r.origin == Origin::Reference
                && matches!(
                    r.finding,
                    Finding::Evaluated {
                        default_scaled: true,
                        ..
                    }
                )
        })
        .collect();
    if !by_default_rule.is_empty() {
        warnings.push(Warning::new(
            WarningKind::Reference,
            explain::reference_rows(&by_default_rule, adopt_default_rules),
        ));
    }
    let doubtful: Vec<&ScoredRow> = rows
        .iter()
        .filter(|r| r.origin == Origin::Reference && r.doubtful_value())
        .collect();
    if !doubtful.is_empty() {
        warnings.push(Warning::new(
            WarningKind::Reference,
            explain::doubtful_rows(&doubtful),
        ));
    }
    let max_total = rubric.total_points().normalize();
    let grade_basis = grade_basis(total, max_total);
    let mut card = Scorecard {
        department: facts
            .department
            .clone()
            .unwrap_or_else(|| "（未填写单位名称）".to_string()),
        year: facts.year,
        file: facts.file.clone(),
        rubric: rubric.source.clone(),
        rubric_title: rubric.title.clone(),
        grade: grades.grade(grade_basis).to_string(),
        provisional: rows.iter().any(|r| {
            let adopted = r.origin == Origin::Reference
                && adopt_default_rules
                && r.reference_by_default_rule_only();
            !(r.origin.is_certain() || adopted)
        }),
        grade_basis,
        split: OriginSplit::default(),
        best_total: total,
        best_grade: String::new(),
        headline: String::new(),
        grade_scale: grades.describe(),
        scale: grades.clone(),
        max_total,
        rows,
        subtotals,
        total,
        self_total,
        warnings,
    };
    card.split = OriginSplit::of(&card);
    card.best_total = checked::add(total, card.split.pending_max).unwrap_or(total);
    card.best_grade = grades
        .grade(grade_basis_of(card.best_total, max_total))
        .to_string();
    card.headline = explain::headline(&card);
    card
}

/// What a total is graded on: itself when the points add up to 100, else
/// its share of `max_total` × 100, to 6 decimals (what the workbook's
/// formula computes: `ROUND(总分*100/满分,6)`).
pub fn grade_basis_of(total: Decimal, max_total: Decimal) -> Decimal {
    if max_total == Decimal::ONE_HUNDRED || max_total.is_zero() {
        return total;
    }
    checked::mul(total, Decimal::ONE_HUNDRED)
        .and_then(|x| checked::div(x, max_total))
        .map_or(total, |x| x.round_dp(6))
}

fn grade_basis(total: Decimal, max_total: Decimal) -> Decimal {
    grade_basis_of(total, max_total)
}

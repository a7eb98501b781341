//! The rubric (评分表): indicators, points, and the rule that scores each.
//!
//! A rubric is either the built-in default ([`default::default_rubric`]) or
//! read from a workbook ([`read`]). Rows keep their 一级/二级 names so the
//! scorecard can subtotal them.

pub mod build;
pub mod default;
pub mod matching;
pub mod read;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::Warning;
use crate::metrics::MetricId;
use crate::rules::Rule;

pub use read::RubricError;

/// Where a row's rule came from, shown in the explanation when it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleOrigin {
    /// Part of the built-in default rubric.
    BuiltIn,
    /// Written in the row's own scoring text.
    Text,
    /// A 计分规则 column or the config.
    Explicit,
    /// The row defines the metric but no standard: the default rule, scaled.
    DefaultScaled,
    /// Subjective or not understood.
    Manual,
}

/// A rubric row's stable identity: the rubric sheet and the zero-based row
/// it was read from (for the built-in rubric, its position). Scorecard rows,
/// a 汇总 matrix and a read-back of reviewers' edits all hold on to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct RowKey {
    pub sheet: String,
    pub row: u32,
}

impl std::fmt::Display for RowKey {
    /// `评分表!12`: the sheet and the row number as Excel shows it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}!{}", self.sheet, self.row + 1)
    }
}

/// Where a rubric came from, which decides where self-scores are taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RubricSource {
    /// The built-in default rubric.
    BuiltIn,
    /// The department workbook's own 评分表 sheet (its 自评得分 included).
    Department,
    /// A rubric file (`--rubric`), shared by every department it scores.
    File,
}

/// One scoring row.
#[derive(Debug, Clone, Serialize)]
pub struct RubricRow {
    pub key: RowKey,
    pub level1: String,
    pub level2: String,
    /// The 三级指标 (or the indicator name when the rubric has fewer levels).
    pub name: String,
    /// A sub-point's own text when one indicator is split over several rows.
    pub sub_point: Option<String>,
    /// 评分标准 / 指标说明 as written.
    pub standard: String,
    /// 分值.
    pub max: Decimal,
    pub metric: Option<MetricId>,
    pub rule: Rule,
    pub origin: RuleOrigin,
    /// What was inferred when reading the rule text (shown with the reading).
    pub rule_notes: Vec<String>,
    /// Which clause of the rule text gave which part of the reading (empty
    /// for built-in, default and manual rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rule_clauses: Vec<crate::rules::ClauseUse>,
    /// The text gives full marks when the item does not apply (不涉及的得满分).
    pub full_if_not_applicable: bool,
    /// 自评得分 typed by the department, when known.
    pub self_score: Option<Decimal>,
    /// Zero-based row in the rubric sheet, when read from a workbook.
    pub source_row: Option<u32>,
    /// The zero-based column `self_score` was read from: with `key.sheet`
    /// and `source_row`, the cell a department's self-score is in.
    #[serde(skip)]
    pub self_score_col: Option<u16>,
}

/// The header of the rubric sheet jixiao writes (`jixiao template`). A rubric
/// with exactly this header is scored into jixiao's own layout (with
/// subtotals and 指标值); any other layout is kept as it was.
pub const TEMPLATE_HEADERS: [&str; 6] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "分值",
    "评分标准",
    "自评得分",
];

/// The title line of that sheet (the default rubric's title).
pub const TEMPLATE_TITLE: &str = "部门整体支出绩效评价评分表";

/// The sheet a rubric was read from, kept so the scored 评分表 can keep its
/// rows, columns, merged cells and texts.
#[derive(Debug, Clone)]
pub struct RubricLayout {
    pub sheet: crate::grid::Sheet,
    pub columns: read::Columns,
    pub header_row: u32,
    pub first_data_row: u32,
    /// 合计/总分 rows.
    pub total_rows: Vec<u32>,
}

/// A whole rubric.
#[derive(Debug, Clone, Serialize)]
pub struct Rubric {
    pub title: String,
    /// Where it came from, for the summary sheet: `内置默认评分表` or a file name.
    pub source: String,
    pub rows: Vec<RubricRow>,
    pub provenance: RubricSource,
    /// What reading the rubric found worth a look (points that do not add
    /// up, rules above their 分值); shown on every scorecard it scores.
    pub warnings: Vec<Warning>,
    /// The source sheet, for rubrics read from a workbook.
    #[serde(skip)]
    pub layout: Option<RubricLayout>,
    /// The family it belongs to (DESIGN §2.6): set by `--family` or detected
    /// from its indicator names (`family::detect`, called by the pipeline and
    /// the commands once the rubric is read: `rubric` does not know the
    /// families' data).
    pub family: crate::profile::family::Family,
}

impl Rubric {
    /// 一级指标 names in order of first appearance, with their total points.
    pub fn level1_totals(&self) -> Vec<(String, Decimal)> {
        let mut out: Vec<(String, Decimal)> = Vec::new();
        for row in &self.rows {
            match out.iter_mut().find(|(n, _)| *n == row.level1) {
                Some((_, total)) => *total += row.max,
                None => out.push((row.level1.clone(), row.max)),
            }
        }
        out
    }

    pub fn total_points(&self) -> Decimal {
        self.rows.iter().map(|r| r.max).sum()
    }
}

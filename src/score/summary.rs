//! What a 汇总 keeps of each department: a compact, typed record folded from
//! its scorecard, so that a batch of 10,000 departments does not hold every
//! scorecard's full detail (issue 9).
//!
//! Pure: the batch builds these, `report::summary` writes them.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Finding, Origin, Scorecard, ScoredRow, Subtotal};
use crate::base::checked;
use crate::base::format::round_half_up;
use crate::base::{Warning, WarningKind};
use crate::metrics::Metrics;
use crate::rubric::RowKey;

/// Points by origin (DESIGN §2.5): what a total may claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginSplit {
    /// 核算 points.
    pub computed: Decimal,
    /// 参考 points.
    pub reference: Decimal,
    /// 自评（未核验） points.
    pub self_unverified: Decimal,
    /// 审核 points.
    pub reviewed: Decimal,
    /// 分值 of the rows still 待评.
    pub pending_max: Decimal,
}

impl OriginSplit {
    /// The split of a scorecard's rows.
    pub fn of(card: &Scorecard) -> OriginSplit {
        let mut split = OriginSplit::default();
        for row in &card.rows {
            let score = row.score.unwrap_or_default();
            let slot = match row.origin {
                Origin::Computed => &mut split.computed,
                Origin::Reference => &mut split.reference,
                Origin::SelfUnverified => &mut split.self_unverified,
                Origin::Reviewed => &mut split.reviewed,
                Origin::Pending => {
                    split.pending_max =
                        checked::add(split.pending_max, row.max).unwrap_or(split.pending_max);
                    continue;
                }
            };
            *slot = checked::add(*slot, score).unwrap_or(*slot);
        }
        split
    }
}

/// One indicator of one department, for the indicator × department matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorScore {
    pub key: RowKey,
    pub level1: String,
    pub name: String,
    pub max: Decimal,
    pub score: Option<Decimal>,
    pub origin: Origin,
    /// The metric's value as shown (`80.55%`).
    pub metric_value: Option<String>,
}

/// What the bureau sends back for 整改: a deduction, a flag, an implausible
/// value or an inflated self-score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// `deduction` for a row that lost points, else the warning's kind.
    pub kind: ProblemKind,
    /// The indicator concerned, when there is one.
    pub indicator: Option<String>,
    pub explanation: String,
    /// The cell concerned (`三公经费!C7`), when there is one.
    pub source: Option<String>,
}

/// What kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A computed row scored below its 分值.
    Deduction,
    /// A metric that could not be computed.
    NotComputable,
    /// One of the scorecard's warnings.
    Warning(WarningKind),
    /// A person filled or changed a score in a scored workbook (read back
    /// by `aggregate`).
    Reviewed,
}

impl ProblemKind {
    /// The word shown in the 问题清单.
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::Deduction => "扣分",
            ProblemKind::Reviewed => "审核改分",
            ProblemKind::NotComputable => "无法计算",
            ProblemKind::Warning(kind) => match kind {
                WarningKind::FactConflict => "数据不一致",
                WarningKind::Assumed => "推断取值",
                WarningKind::Implausible => "数值异常",
                WarningKind::Rubric => "评分表",
                WarningKind::SelfScoreAboveMax => "自评超分值",
                WarningKind::ScoreCapped => "规则封顶",
                WarningKind::SelfScoreDiffers => "自评与核算不一致",
                WarningKind::Unscored => "未能得分",
                WarningKind::Reference => "参考评分",
                WarningKind::WrongYear => "年度不符",
            },
        }
    }
}

/// Everything the 汇总 shows of one department.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeptSummary {
    /// The input file, as found (relative to the folder given).
    pub file: String,
    pub department: String,
    pub year: Option<i32>,
    pub subtotals: Vec<Subtotal>,
    pub total: Decimal,
    pub max_total: Decimal,
    pub grade: String,
    pub provisional: bool,
    pub split: OriginSplit,
    pub self_total: Option<Decimal>,
    pub warnings: usize,
    pub indicators: Vec<IndicatorScore>,
    pub problems: Vec<Problem>,
    /// Another department of the batch has the same name.
    pub duplicate_name: bool,
    /// The scored workbook written for it (file name in the output folder).
    pub output: Option<String>,
    /// Last year's result of the department of the same name, when last
    /// year's 汇总.json was given or found.
    #[serde(default)]
    pub previous: Option<PreviousYear>,
    /// The grade if every 待评 row got full marks (the top of a provisional
    /// grade's range), when some row is 待评.
    #[serde(default)]
    pub best_grade: Option<String>,
    /// Read back from a reviewed workbook (`aggregate`): jixiao's total as
    /// it wrote it, before any person's edit.
    #[serde(default)]
    pub before_review: Option<Decimal>,
}

/// A department's total and grade in last year's 汇总.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousYear {
    pub total: Decimal,
    pub grade: String,
}

/// What is read of last year's `汇总.json`: the departments' names, totals,
/// grades and 审核 points (the rest of the file is ignored).
#[derive(Debug, Deserialize)]
struct PreviousFile {
    departments: Vec<PreviousDept>,
}

#[derive(Debug, Deserialize)]
struct PreviousDept {
    department: String,
    total: Decimal,
    grade: String,
    #[serde(default)]
    split: Option<PreviousSplit>,
}

#[derive(Debug, Deserialize)]
struct PreviousSplit {
    #[serde(default)]
    reviewed: Decimal,
}

/// Last year's results, as [`previous_results`] reads them.
#[derive(Debug, Clone, Default)]
pub struct PreviousResults {
    /// By department name; names that appear twice are left out (no guess).
    pub by_name: Vec<(String, PreviousYear)>,
    /// How many departments had 审核 points (scores a reviewer changed):
    /// none in what `batch` writes, possibly some in what `aggregate`
    /// writes after review.
    pub reviewed: usize,
}

/// Last year's results by department name, from the text of its 汇总.json.
///
/// # Errors
/// A message when the text is not a jixiao 汇总.json.
pub fn previous_results(json: &str) -> Result<PreviousResults, String> {
    let file: PreviousFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let counts = name_counts(file.departments.iter().map(|d| d.department.as_str()));
    Ok(PreviousResults {
        by_name: file
            .departments
            .iter()
            .filter(|d| counts.get(d.department.as_str()) == Some(&1))
            .map(|d| {
                (
                    d.department.clone(),
                    PreviousYear {
                        total: d.total,
                        grade: d.grade.clone(),
                    },
                )
            })
            .collect(),
        reviewed: file
            .departments
            .iter()
            .filter(|d| d.split.as_ref().is_some_and(|s| !s.reviewed.is_zero()))
            .count(),
    })
}

impl DeptSummary {
    /// Folds a scorecard into what the 汇总 keeps; each 扣分 or 无法计算
    /// problem names the cells its metric was computed from: `sources`,
    /// by row, as [`rows_sources`] gives them (the scored workbook's record
    /// keeps the same).
    pub fn of(card: &Scorecard, file: &str, sources: &[Option<String>]) -> DeptSummary {
        let mut problems: Vec<Problem> = Vec::new();
        for (row, source) in card.rows.iter().zip(sources) {
            let lost = matches!(row.origin, Origin::Computed | Origin::Reference)
                && row.score.is_some_and(|s| s < row.max);
            let kind = match &row.finding {
                _ if lost => Some(ProblemKind::Deduction),
                Finding::NotComputable { .. }
                | Finding::OutOfRange { .. }
                | Finding::MissingReference { .. } => Some(ProblemKind::NotComputable),
                _ => None,
            };
            if let Some(kind) = kind {
                problems.push(Problem {
                    kind,
                    indicator: Some(row.name.clone()),
                    explanation: row.explanation.clone(),
                    source: source.clone(),
                });
            }
        }
        let cells: Vec<RowCells<'_>> = card
            .rows
            .iter()
            .zip(sources)
            .map(|(r, s)| RowCells {
                name: &r.name,
                origin: r.origin,
                sources: s.as_deref(),
                self_score: r.self_score_cells.as_deref(),
            })
            .collect();
        for w in &card.warnings {
            let mut problem = problem_of(w);
            if problem.source.is_none() {
                problem.source = warning_sources(w, &cells);
            }
            problems.push(problem);
        }
        DeptSummary {
            file: file.to_string(),
            department: card.department.clone(),
            year: card.year,
            subtotals: card.subtotals.clone(),
            total: card.total,
            max_total: card.max_total,
            grade: card.grade.clone(),
            provisional: card.provisional,
            split: OriginSplit::of(card),
            self_total: card.self_total,
            warnings: card.warnings.len(),
            indicators: card
                .rows
                .iter()
                .map(|r| IndicatorScore {
                    key: r.key.clone(),
                    level1: r.level1.clone(),
                    name: r.name.clone(),
                    max: r.max,
                    score: r.score,
                    origin: r.origin,
                    metric_value: r.metric_value.clone(),
                })
                .collect(),
            problems,
            duplicate_name: false,
            output: None,
            previous: None,
            best_grade: (card.split.pending_max > Decimal::ZERO).then(|| card.best_grade.clone()),
            before_review: None,
        }
    }

    /// This year's total minus last year's, when last year's is known.
    pub fn change(&self) -> Option<Decimal> {
        self.previous
            .as_ref()
            .and_then(|p| checked::sub(self.total, p.total).ok())
    }

    /// What departments are ranked by: what their grade is read from, the
    /// total itself when 满分 is 100, else 得分率 (总分÷满分×100, 6
    /// decimals), so that rank order and grades never contradict each
    /// other when departments have different 满分.
    pub fn rank_basis(&self) -> Decimal {
        super::grade_basis_of(self.total, self.max_total)
    }

    /// Self-assessed total minus computed total, when both exist.
    pub fn self_difference(&self) -> Option<Decimal> {
        self.self_total
            .and_then(|s| checked::sub(s, self.total).ok())
    }

    /// 得分率 as the 汇总 shows it: what departments are ranked by when
    /// their 满分 differ ([`DeptSummary::rank_basis`], 总分÷满分×100 to 6
    /// decimals) rounded half-up to 2 decimals, as a share (`0.875` shown
    /// `87.50%`); none without a 满分 (a rate of nothing). The totals chart
    /// plots the same value ([`DeptSummary::plotted`]).
    pub fn shown_rate(&self) -> Option<Decimal> {
        if self.max_total.is_zero() {
            return None;
        }
        checked::div(round_half_up(self.rank_basis(), 2), Decimal::ONE_HUNDRED).ok()
    }

    /// What the 汇总's totals chart plots of a department, exactly as its
    /// cell in the 汇总 sheet holds it: the 得分率 when departments have
    /// different 满分 (`by_rate`: they are then ranked by it), else the 总分
    /// to 2 decimals.
    pub fn plotted(&self, by_rate: bool) -> Option<Decimal> {
        if by_rate {
            self.shown_rate()
        } else {
            Some(round_half_up(self.total, 2))
        }
    }
}

/// The cells a row's metric was computed from (`预算执行!C5、预算执行!D5`),
/// as sheet 指标计算 lists them, or the cells of the facts a family's own
/// rules read; none for a row scored by a person.
pub fn row_sources(row: &ScoredRow, metrics: Option<&Metrics>) -> Option<String> {
    let id = match &row.finding {
        Finding::Evaluated { metric, .. }
        | Finding::NotApplicableFull { metric, .. }
        | Finding::MissingReference { metric }
        | Finding::NotComputable { metric, .. } => *metric,
        Finding::OutOfRange { cells, .. } | Finding::Composed { cells, .. } => {
            return (!cells.is_empty()).then(|| cells.join("、"));
        }
        Finding::Manual { .. } => return None,
    };
    let trace = metrics?.get(id)?.trace();
    let mut cells: Vec<&str> = Vec::new();
    for cell in trace.inputs.iter().filter_map(|i| i.source.as_deref()) {
        if !cell.is_empty() && !cells.contains(&cell) {
            cells.push(cell);
        }
    }
    (!cells.is_empty()).then(|| cells.join("、"))
}

/// What the 问题清单 needs of a scored row to name the cells behind a
/// warning about it: `batch` takes it from the scorecard, `aggregate` from
/// a scored workbook's record.
#[derive(Debug, Clone, Copy)]
pub struct RowCells<'a> {
    pub name: &'a str,
    /// The origin jixiao gave the row (before any review).
    pub origin: Origin,
    /// The cells its metric was computed from ([`row_sources`]).
    pub sources: Option<&'a str>,
    /// The cells its 自评得分 was read from
    /// ([`ScoredRow::self_score_cells`]).
    pub self_score: Option<&'a str>,
}

/// The cells behind a warning that has no cell of its own:
/// - 自评与核算不一致: the cells of the row's metric, then those of its
///   自评得分 (the department's figure being questioned);
/// - 自评超分值: the cells of its 自评得分 (the value that is wrong);
/// - 参考评分: the cells the listed rows' scores were computed from.
///
/// The row is found by the name the message begins with (`「预算完成率」
/// 自评…`, as `explain::row_warnings` writes it), or the rows by the names
/// it lists; none when that is not certain (two rows of one name). Other
/// warnings about several rows get none: 未能得分 lists rows that have no
/// score to trace (a person's rows; rows whose metric could not be
/// computed are each listed as 无法计算 with their cells).
pub fn warning_sources(w: &Warning, rows: &[RowCells<'_>]) -> Option<String> {
    match w.kind {
        WarningKind::SelfScoreDiffers => {
            let row = about_row(w, rows)?;
            join_cells([row.sources, row.self_score].into_iter().flatten())
        }
        WarningKind::SelfScoreAboveMax => about_row(w, rows)?.self_score.map(str::to_string),
        WarningKind::Reference => listed_rows_sources(rows, &w.message),
        _ => None,
    }
}

/// The row a warning about one row is about: the one it names by index
/// ([`Warning::row`]), or, for a warning read back from a workbook written
/// before the index was kept, the one row whose name the message begins
/// with (`「名称」自评…`).
fn about_row<'a, 'b>(w: &Warning, rows: &'b [RowCells<'a>]) -> Option<&'b RowCells<'a>> {
    if let Some(index) = w.row {
        return rows.get(index);
    }
    let named_in = |r: &&RowCells<'_>| {
        w.message
            .strip_prefix('「')
            .and_then(|m| m.strip_prefix(crate::base::name::bare_name(r.name).as_str()))
            .is_some_and(|m| m.starts_with("」自评"))
    };
    let mut named = rows.iter().filter(named_in);
    let row = named.next()?;
    named.next().is_none().then_some(row)
}

/// The cells of the 参考 rows a 参考评分 warning lists (`以下2项…：甲、乙`, as
/// `explain::reference_rows` and `explain::doubtful_rows` write it), in row
/// order, each once. None unless the names listed are exactly `N` rows'
/// and each listed name stands for every 参考 row of that name (rows of one
/// name listed fewer times than they occur cannot be told apart).
fn listed_rows_sources(rows: &[RowCells<'_>], message: &str) -> Option<String> {
    let count: usize = message
        .strip_prefix("以下")?
        .split_once('项')?
        .0
        .parse()
        .ok()?;
    let candidates: Vec<&RowCells<'_>> = rows
        .iter()
        .filter(|r| r.origin == Origin::Reference)
        .collect();
    let mut rest = message.split_once('：')?.1;
    let mut listed: Vec<&str> = Vec::new();
    while !rest.is_empty() {
        // The longest row name here that the list goes on from.
        let name = candidates
            .iter()
            .map(|r| r.name)
            .filter(|n| {
                !n.is_empty()
                    && rest
                        .strip_prefix(n)
                        .is_some_and(|after| after.is_empty() || after.starts_with('、'))
            })
            .max_by_key(|n| n.len())?;
        listed.push(name);
        rest = &rest[name.len()..];
        rest = rest.strip_prefix('、').unwrap_or(rest);
    }
    let times = |n: &str, names: &mut dyn Iterator<Item = &str>| names.filter(|x| *x == n).count();
    let certain = listed.len() == count
        && listed.iter().all(|n| {
            times(n, &mut listed.iter().copied())
                == times(n, &mut candidates.iter().map(|r| r.name))
        });
    if !certain {
        return None;
    }
    join_cells(
        candidates
            .iter()
            .filter(|r| listed.contains(&r.name))
            .filter_map(|r| r.sources),
    )
}

/// Cell lists (`预算执行!D4、预算执行!C4`) joined, each cell once, in order.
/// A list is cut at the `、` that end a cell (`sheet!C4`), so that a sheet
/// named `收入、支出` stays whole.
fn join_cells<'a>(lists: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut cells: Vec<String> = Vec::new();
    for list in lists {
        let mut cell = String::new();
        for piece in list.split('、') {
            if !cell.is_empty() {
                cell.push('、');
            }
            cell.push_str(piece);
            if piece.contains('!') {
                let done = std::mem::take(&mut cell);
                if !cells.contains(&done) {
                    cells.push(done);
                }
            }
        }
        if !cell.is_empty() && !cells.contains(&cell) {
            cells.push(cell);
        }
    }
    (!cells.is_empty()).then(|| cells.join("、"))
}

/// Each row's [`row_sources`], in the scorecard's order.
pub fn rows_sources(card: &Scorecard, metrics: Option<&Metrics>) -> Vec<Option<String>> {
    card.rows.iter().map(|r| row_sources(r, metrics)).collect()
}

fn problem_of(w: &Warning) -> Problem {
    Problem {
        kind: ProblemKind::Warning(w.kind),
        indicator: None,
        explanation: w.message.clone(),
        source: w.at.as_ref().map(crate::base::Location::cell),
    }
}

/// How many times each name occurs (looked up, never iterated: the order
/// of a hash map never reaches an output).
fn name_counts<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut counts = HashMap::new();
    for n in names {
        *counts.entry(n).or_insert(0) += 1;
    }
    counts
}

/// The rank order of a 汇总: the grade basis (highest first, see
/// [`DeptSummary::rank_basis`]), then department name, then file.
pub fn rank_order(a: &DeptSummary, b: &DeptSummary) -> Ordering {
    rank_cmp(
        (a.rank_basis(), &a.department, &a.file),
        (b.rank_basis(), &b.department, &b.file),
    )
}

/// [`rank_order`] on (rank basis, department name, file).
pub fn rank_cmp(a: (Decimal, &str, &str), b: (Decimal, &str, &str)) -> Ordering {
    b.0.cmp(&a.0)
        .then_with(|| a.1.cmp(b.1))
        .then_with(|| a.2.cmp(b.2))
}

/// The bulk of a department's record: its indicators and its problems. A
/// large batch keeps them out of memory (in a spill file) while it runs and
/// reads them back one department at a time to write the 汇总.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeptDetail {
    pub indicators: Vec<IndicatorScore>,
    pub problems: Vec<Problem>,
}

impl DeptSummary {
    /// Moves the indicators and problems out, leaving the compact record.
    pub fn take_detail(&mut self) -> DeptDetail {
        DeptDetail {
            indicators: std::mem::take(&mut self.indicators),
            problems: std::mem::take(&mut self.problems),
        }
    }
}

/// Where the 汇总 writers find each department's [`DeptDetail`].
pub trait Details {
    /// The indicators of `dept`.
    ///
    /// # Errors
    /// When a spill file cannot be read back (a message in Chinese).
    fn indicators(&self, dept: &DeptSummary) -> Result<Vec<IndicatorScore>, String>;

    /// The problems of `dept`.
    ///
    /// # Errors
    /// As [`Details::indicators`].
    fn problems(&self, dept: &DeptSummary) -> Result<Vec<Problem>, String>;

    /// Both.
    ///
    /// # Errors
    /// As [`Details::indicators`].
    fn detail(&self, dept: &DeptSummary) -> Result<DeptDetail, String> {
        Ok(DeptDetail {
            indicators: self.indicators(dept)?,
            problems: self.problems(dept)?,
        })
    }
}

/// Details kept in the department records themselves.
pub struct InLine;

impl Details for InLine {
    fn indicators(&self, dept: &DeptSummary) -> Result<Vec<IndicatorScore>, String> {
        Ok(dept.indicators.clone())
    }

    fn problems(&self, dept: &DeptSummary) -> Result<Vec<Problem>, String> {
        Ok(dept.problems.clone())
    }
}

/// A file that could not be scored, and why (in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub file: String,
    pub reason: String,
}

/// A whole batch, ready to be written as a 汇总.
#[derive(Debug, Clone, Serialize)]
pub struct BatchSummary {
    /// The rubric every department was scored with (or "各部门自带或内置默认评分表").
    pub rubric: String,
    pub year: Option<i32>,
    /// The grade bands, described (`优秀≥90，良好≥80，中≥60，差<60`).
    pub grade_scale: String,
    /// The grade labels from best to worst, for the distribution.
    pub grade_labels: Vec<String>,
    /// Departments in a deterministic order: by rank basis (the total, or
    /// 得分率 when 满分 is not 100; highest first), then department name,
    /// then file.
    pub departments: Vec<DeptSummary>,
    pub failures: Vec<Failure>,
    /// A large batch's departments, kept on disk in rank order instead of
    /// in `departments` (which is then empty).
    #[serde(skip)]
    pub ranked: Option<Arc<dyn RankedDepts>>,
}

/// Departments kept out of memory, in rank order, with what the 汇总 needs
/// of all of them at once gathered beforehand.
pub trait RankedDepts: Send + Sync + std::fmt::Debug {
    /// How many departments.
    fn len(&self) -> usize;

    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The department at `index` of the rank order, without its details.
    ///
    /// # Errors
    /// When it cannot be read back (a message in Chinese).
    fn get(&self, index: usize) -> Result<DeptSummary, String>;

    /// The rank of each department, in order.
    fn ranks(&self) -> Vec<usize>;

    /// What the 汇总's columns and distribution need of every department.
    fn facts(&self) -> &DeptFacts;

    /// Attaches last year's results to the departments of the same name (a
    /// name shared by two departments this year gets none: no guess).
    fn attach_previous(&mut self, previous: &[(String, PreviousYear)]);

    /// Keeps the first error met while reading; the 汇总 writers check it.
    fn fail(&self, message: String);

    /// The first error met while reading, if any.
    fn error(&self) -> Option<String>;
}

/// What the 汇总 needs of every department before it writes any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeptFacts {
    /// The 一级指标 names of every department, first seen first (rank order).
    pub subtotals: Vec<String>,
    /// Some department has reviewed points.
    pub reviewed: bool,
    /// How many departments have last year's result.
    pub previous: usize,
    /// Grade → (departments, of which provisional).
    pub grades: std::collections::BTreeMap<String, (usize, usize)>,
    /// Provisional departments.
    pub provisional: usize,
    /// The distinct 满分 of the departments.
    pub maxima: std::collections::BTreeSet<Decimal>,
}

impl DeptFacts {
    /// Departments have different 满分, so they are ranked by 得分率
    /// rather than by 总分.
    pub fn mixed_maxima(&self) -> bool {
        self.maxima.len() > 1
    }

    /// Adds a department (in rank order).
    pub fn add(&mut self, d: &DeptSummary) {
        for s in &d.subtotals {
            if !self.subtotals.contains(&s.name) {
                self.subtotals.push(s.name.clone());
            }
        }
        self.reviewed |= !d.split.reviewed.is_zero();
        self.previous += usize::from(d.previous.is_some());
        if !self.maxima.contains(&d.max_total) {
            self.maxima.insert(d.max_total);
        }
        let entry = self.grades.entry(d.grade.clone()).or_default();
        entry.0 += 1;
        if d.provisional {
            entry.1 += 1;
            self.provisional += 1;
        }
    }
}

impl BatchSummary {
    /// Attaches last year's results to the departments of the same name
    /// (a name shared by two departments this year gets none: no guess).
    pub fn attach_previous(&mut self, previous: &[(String, PreviousYear)]) {
        if let Some(ranked) = self.ranked.as_mut().and_then(Arc::get_mut) {
            ranked.attach_previous(previous);
        }
        let counts = name_counts(self.departments.iter().map(|d| d.department.as_str()));
        let last: HashMap<&str, &PreviousYear> = previous
            .iter()
            .rev()
            .map(|(n, p)| (n.as_str(), p))
            .collect();
        let found: Vec<Option<Option<PreviousYear>>> = self
            .departments
            .iter()
            .map(|d| {
                (counts.get(d.department.as_str()) == Some(&1))
                    .then(|| last.get(d.department.as_str()).map(|p| (*p).clone()))
            })
            .collect();
        for (d, found) in self.departments.iter_mut().zip(found) {
            if let Some(previous) = found {
                d.previous = previous;
            }
        }
    }

    /// How many departments.
    pub fn department_count(&self) -> usize {
        self.ranked
            .as_ref()
            .map_or(self.departments.len(), |r| r.len())
    }

    /// The departments in rank order, each read back from disk when the
    /// batch keeps them there. A department that cannot be read ends the
    /// iteration; the error is kept for [`BatchSummary::read_error`].
    pub fn depts(&self) -> Box<dyn Iterator<Item = Cow<'_, DeptSummary>> + '_> {
        match &self.ranked {
            None => Box::new(self.departments.iter().map(Cow::Borrowed)),
            Some(r) => Box::new((0..r.len()).map_while(move |i| match r.get(i) {
                Ok(d) => Some(Cow::Owned(d)),
                Err(e) => {
                    r.fail(e);
                    None
                }
            })),
        }
    }

    /// The first error met reading the departments back from disk.
    pub fn read_error(&self) -> Option<String> {
        self.ranked.as_ref().and_then(|r| r.error())
    }

    /// What the 汇总's columns and distribution need of every department.
    pub fn facts(&self) -> Cow<'_, DeptFacts> {
        match &self.ranked {
            Some(r) => Cow::Borrowed(r.facts()),
            None => {
                let mut facts = DeptFacts::default();
                for d in &self.departments {
                    facts.add(d);
                }
                Cow::Owned(facts)
            }
        }
    }

    /// Puts the departments in rank order and flags duplicate names.
    pub fn finish(&mut self) {
        self.departments.sort_by(rank_order);
        let counts = name_counts(self.departments.iter().map(|d| d.department.as_str()));
        let duplicate: Vec<bool> = self
            .departments
            .iter()
            .map(|d| counts.get(d.department.as_str()).is_some_and(|n| *n > 1))
            .collect();
        for (d, dup) in self.departments.iter_mut().zip(duplicate) {
            d.duplicate_name = dup;
        }
        self.failures.sort_by(|a, b| a.file.cmp(&b.file));
    }

    /// The rank of each department in order: equal rank bases share a
    /// rank and the next rank skips (1, 2, 2, 4).
    pub fn ranks(&self) -> Vec<usize> {
        if let Some(r) = &self.ranked {
            return r.ranks();
        }
        ranks_of(self.departments.iter().map(DeptSummary::rank_basis))
    }

    /// How many departments got each grade, best first (labels of the scale).
    pub fn distribution(&self) -> Vec<(String, usize)> {
        let facts = self.facts();
        self.grade_labels
            .iter()
            .map(|g| (g.clone(), facts.grades.get(g).map_or(0, |c| c.0)))
            .collect()
    }
}

/// The rank of each of `totals` (rank bases, in rank order): equal ones
/// share a rank and the next rank skips (1, 2, 2, 4).
pub fn ranks_of(totals: impl Iterator<Item = Decimal>) -> Vec<usize> {
    let mut ranks: Vec<usize> = Vec::new();
    let mut last: Option<Decimal> = None;
    for (i, total) in totals.enumerate() {
        let rank = match (last, ranks.last()) {
            (Some(t), Some(r)) if t == total => *r,
            _ => i + 1,
        };
        ranks.push(rank);
        last = Some(total);
    }
    ranks
}

impl BatchSummary {
    #[cfg(test)]
    fn ranks_in_memory(&self) -> Vec<usize> {
        let mut ranks = Vec::with_capacity(self.departments.len());
        for (i, d) in self.departments.iter().enumerate() {
            let rank = match i.checked_sub(1) {
                Some(prev) if self.departments[prev].rank_basis() == d.rank_basis() => ranks[prev],
                _ => i + 1,
            };
            ranks.push(rank);
        }
        ranks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn dept(name: &str, file: &str, total: Decimal, grade: &str) -> DeptSummary {
        DeptSummary {
            file: file.into(),
            department: name.into(),
            year: Some(2024),
            subtotals: Vec::new(),
            total,
            max_total: dec!(100),
            grade: grade.into(),
            provisional: false,
            split: OriginSplit::default(),
            self_total: None,
            warnings: 0,
            indicators: Vec::new(),
            problems: Vec::new(),
            duplicate_name: false,
            output: None,
            previous: None,
            best_grade: None,
            before_review: None,
        }
    }

    #[test]
    fn mixed_maxima_rank_by_the_share_the_grade_uses() {
        // 宁国 52.50 of 60 → 52.5×100÷60 = 87.5 (良好), 文旅 64.13 of 100 →
        // 64.13 (中): 宁国 ranks first although its total is lower.
        let mut ningguo = dept(
            "宁国市医疗保障局",
            "满分60分_宁国.xlsx",
            dec!(52.50),
            "良好",
        );
        ningguo.max_total = dec!(60);
        let wenlv = dept("示例县文化旅游广电局", "wenlv.xlsx", dec!(64.13), "中");
        // 45 of 60 → 75 ties 75 of 100: they share rank 3, by name.
        let mut tie = dept("乙局", "b.xlsx", dec!(45), "中");
        tie.max_total = dec!(60);
        let hundred = dept("甲局", "a.xlsx", dec!(75), "中");
        assert_eq!(ningguo.rank_basis(), dec!(87.5));
        assert_eq!(wenlv.rank_basis(), dec!(64.13));
        assert_eq!(tie.rank_basis(), dec!(75));
        let mut b = BatchSummary {
            rubric: String::new(),
            year: None,
            grade_scale: String::new(),
            grade_labels: vec!["优秀".into(), "良好".into(), "中".into(), "差".into()],
            departments: vec![wenlv, hundred, tie, ningguo],
            failures: Vec::new(),
            ranked: None,
        };
        b.finish();
        let order: Vec<&str> = b.departments.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            order,
            ["满分60分_宁国.xlsx", "b.xlsx", "a.xlsx", "wenlv.xlsx"]
        );
        assert_eq!(b.ranks(), [1, 2, 2, 4]);
        assert_eq!(b.ranks_in_memory(), b.ranks());
        assert!(b.facts().mixed_maxima());
        // Every 满分 100 (or every the same): not mixed.
        b.departments.retain(|d| d.max_total == dec!(100));
        assert!(!b.facts().mixed_maxima());
    }

    fn cells<'a>(
        name: &'a str,
        origin: Origin,
        sources: Option<&'a str>,
        self_score: Option<&'a str>,
    ) -> RowCells<'a> {
        RowCells {
            name,
            origin,
            sources,
            self_score,
        }
    }

    /// A self-score that differs names the metric's cells, then the cell
    /// the department typed its score in; one above 分值 that cell only.
    #[test]
    fn self_score_warnings_name_the_self_score_cell() {
        use crate::base::{Warning, WarningKind};
        let rows = [
            cells(
                "预算完成率（3分）",
                Origin::Computed,
                Some("预算执行!D4、预算执行!C4"),
                Some("评分表!F8"),
            ),
            cells("宣传工作", Origin::SelfUnverified, None, Some("评分表!F9")),
            cells("组织保障", Origin::Computed, None, Some("评分表!E3")),
        ];
        let differs = |m: &str| Warning::new(WarningKind::SelfScoreDiffers, m.to_string());
        assert_eq!(
            warning_sources(
                &differs("「预算完成率」自评3分，按规则计算应为2.92分（…）"),
                &rows
            )
            .as_deref(),
            Some("预算执行!D4、预算执行!C4、评分表!F8")
        );
        // A family's row has no metric cells: its self-score cell alone.
        assert_eq!(
            warning_sources(&differs("「组织保障」自评3分，按规则计算应为2分"), &rows).as_deref(),
            Some("评分表!E3")
        );
        let above = Warning::new(
            WarningKind::SelfScoreAboveMax,
            "「宣传工作」自评12分，超出分值范围（0–10分），属数据错误".to_string(),
        );
        assert_eq!(warning_sources(&above, &rows).as_deref(), Some("评分表!F9"));
        // Two rows of one name: by the name alone (a warning read back from
        // an older workbook) which one is not certain, so none; by the row
        // index the warning carries, that row's cells.
        let twice = [
            rows[2],
            cells("组织保障", Origin::Computed, None, Some("评分表!E4")),
        ];
        let both = differs("「组织保障」自评3分，按规则计算应为2分");
        assert_eq!(warning_sources(&both, &twice), None);
        assert_eq!(
            warning_sources(&both.clone().about_row(1), &twice).as_deref(),
            Some("评分表!E4")
        );
        assert_eq!(
            warning_sources(&both.clone().about_row(0), &twice).as_deref(),
            Some("评分表!E3")
        );
        // An index beyond the rows (a damaged record) gives nothing.
        assert_eq!(warning_sources(&both.about_row(2), &twice), None);
        // Other warnings about a row get nothing from here.
        let other = Warning::new(WarningKind::ScoreCapped, "「组织保障」的评分规则…");
        assert_eq!(warning_sources(&other, &rows), None);
    }

    /// A 参考评分 warning names the cells the rows it lists were computed
    /// from, in row order, each once; none when the list cannot be matched
    /// to rows with certainty.
    #[test]
    fn reference_warnings_name_the_listed_rows_cells() {
        use crate::base::{Warning, WarningKind};
        let rows = [
            cells(
                "预算完成率",
                Origin::Reference,
                Some("预算执行!D4、预算执行!C4"),
                None,
            ),
            cells(
                "预算调整率",
                Origin::Computed,
                Some("其他财务数据!B4"),
                None,
            ),
            cells(
                "结转结余率",
                Origin::Reference,
                Some("其他财务数据!B5、预算执行!C4"),
                None,
            ),
            cells(
                "服务对象满意度",
                Origin::Reference,
                Some("收入、支出!B9"),
                None,
            ),
            cells("满意度", Origin::Reference, None, None),
        ];
        let reference = |m: &str| Warning::new(WarningKind::Reference, m.to_string());
        let by_default = |names: &str, n: usize| {
            reference(&format!(
                "以下{n}项评分表未写评分标准，按默认规则计算，仅供参考，等级为暂定（如确认采用默认规则，可在配置文件中设 adopt-default-rules = true）：{names}"
            ))
        };
        assert_eq!(
            warning_sources(
                &by_default("预算完成率、结转结余率、服务对象满意度", 3),
                &rows
            )
            .as_deref(),
            Some("预算执行!D4、预算执行!C4、其他财务数据!B5、收入、支出!B9")
        );
        let doubtful = reference(
            "以下1项的指标值未按规定口径计算或数值存疑（见各项计算说明），仅供参考，等级为暂定：预算完成率",
        );
        assert_eq!(
            warning_sources(&doubtful, &rows).as_deref(),
            Some("预算执行!D4、预算执行!C4")
        );
        // A listed row without cells adds none; 满意度 is not taken for the
        // end of 服务对象满意度.
        assert_eq!(warning_sources(&by_default("满意度", 1), &rows), None);
        // A 核算 row is not one the warning lists; a count that does not
        // match, or a name of no 参考 row: none.
        assert_eq!(warning_sources(&by_default("预算调整率", 1), &rows), None);
        assert_eq!(warning_sources(&by_default("预算完成率", 2), &rows), None);
        assert_eq!(warning_sources(&by_default("无此指标", 1), &rows), None);
        // Two 参考 rows of one name, one listed: which one is not certain.
        let twice = [rows[0], rows[0]];
        assert_eq!(warning_sources(&by_default("预算完成率", 1), &twice), None);
        assert_eq!(
            warning_sources(&by_default("预算完成率、预算完成率", 2), &twice).as_deref(),
            Some("预算执行!D4、预算执行!C4")
        );
    }

    #[test]
    fn ranks_share_ties_and_skip() {
        let mut b = BatchSummary {
            rubric: String::new(),
            year: None,
            grade_scale: String::new(),
            grade_labels: vec!["优秀".into(), "良好".into(), "中".into(), "差".into()],
            departments: vec![
                dept("丙局", "c.xlsx", dec!(85), "良好"),
                dept("甲局", "a.xlsx", dec!(92.5), "优秀"),
                dept("乙局", "b.xlsx", dec!(85), "良好"),
                dept("甲局", "d.xlsx", dec!(60), "中"),
            ],
            failures: vec![
                Failure {
                    file: "z.xlsx".into(),
                    reason: "坏".into(),
                },
                Failure {
                    file: "y.xlsx".into(),
                    reason: "坏".into(),
                },
            ],
            ranked: None,
        };
        b.finish();
        let order: Vec<&str> = b.departments.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(order, ["a.xlsx", "c.xlsx", "b.xlsx", "d.xlsx"]);
        assert_eq!(b.ranks(), [1, 2, 2, 4]);
        assert_eq!(b.ranks_in_memory(), b.ranks());
        assert_eq!(ranks_of([dec!(5), dec!(5), dec!(5)].into_iter()), [1, 1, 1]);
        assert_eq!(
            ranks_of([dec!(9), dec!(8), dec!(8), dec!(7)].into_iter()),
            [1, 2, 2, 4]
        );
        assert!(ranks_of(std::iter::empty()).is_empty());
        let facts = b.facts();
        assert_eq!(facts.grades.get("良好"), Some(&(2, 0)));
        assert!(!facts.reviewed && facts.previous == 0);
        let dup: Vec<bool> = b.departments.iter().map(|d| d.duplicate_name).collect();
        assert_eq!(dup, [true, false, false, true]);
        assert_eq!(
            b.distribution(),
            [
                ("优秀".to_string(), 1),
                ("良好".to_string(), 2),
                ("中".to_string(), 1),
                ("差".to_string(), 0)
            ]
        );
        assert_eq!(b.failures[0].file, "y.xlsx");
    }
}

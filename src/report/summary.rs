//! The batch's 汇总 workbook `汇总.xlsx` (issue 9, DESIGN §3): sheets 汇总,
//! 指标得分明细, 等级分布 (with charts), 问题清单 and 未能评分.
//!
//! A pure function of the [`BatchSummary`]: the caller writes the bytes
//! atomically. The same summary gives byte-identical bytes.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartType, Color, Format, Workbook,
    Worksheet, XlsxError, worksheet_range_absolute,
};

use super::style::{
    FONT, Styles, column_width, new_workbook, print_setup, text_width, wrapped_height,
};
use crate::base::checked;
use crate::base::format::{num, round_half_up};
use crate::rubric::RowKey;
use crate::score::summary::{
    BatchSummary, DeptDetail, DeptSummary, Details, InLine, IndicatorScore, rank_cmp,
};

/// Sheet names, in workbook order.
pub const SHEET_SUMMARY: &str = "汇总";
pub const SHEET_INDICATORS: &str = "指标得分明细";
pub const SHEET_DISTRIBUTION: &str = "等级分布";
pub const SHEET_PROBLEMS: &str = "问题清单";
pub const SHEET_FAILURES: &str = "未能评分";

/// The 汇总 sheet's header row; its departments follow, in rank order.
const SUMMARY_HEADER: u32 = 2;
/// The 汇总 sheet's first department row.
const SUMMARY_FIRST_ROW: u32 = SUMMARY_HEADER + 1;

/// Excel's last column index and last row index.
const MAX_COL: usize = 16_383;
const MAX_ROW: usize = 1_048_575;

/// How many rows of the streamed sheets (汇总 first, then 问题清单) get a
/// set height. rust_xlsxwriter keeps each set height in memory, about 325
/// bytes a row, until the workbook is saved, even for a streamed sheet: the
/// budget bounds that at about 5 MB however many departments there are.
/// 1,000 generated departments need 13,751 such rows (all 1,000 of the
/// 汇总 and 12,750 of the 12,751 problems).
pub(crate) const ROW_HEIGHT_BUDGET: usize = 16_384;

/// The row heights still allowed by [`ROW_HEIGHT_BUDGET`], and the first
/// row of the sheet being written that needed one and did not get it.
pub(crate) struct RowHeights {
    left: usize,
    unfitted: Option<u32>,
}

impl RowHeights {
    pub(crate) fn new(budget: usize) -> RowHeights {
        RowHeights {
            left: budget,
            unfitted: None,
        }
    }

    /// Sets row `r` to `height` when it is taller than one line (a
    /// one-line row keeps the sheet's default height) and the budget
    /// allows; otherwise remembers the sheet's first row left without one.
    fn set(&mut self, ws: &mut Worksheet, r: u32, height: f64) -> Result<(), XlsxError> {
        if height <= wrapped_height(&[]) {
            return Ok(());
        }
        if self.left == 0 {
            self.unfitted.get_or_insert(r);
            return Ok(());
        }
        self.left -= 1;
        ws.set_row_height(r, height)?;
        Ok(())
    }

    /// Ends a streamed sheet whose last row (columns `0..=last`) is `r - 1`.
    ///
    /// When rows needed a height beyond the budget, a note in row `r` says
    /// from which row on: Excel fits such rows to their text by itself,
    /// LibreOffice does not (docs/性能.md).
    ///
    /// Then a blank, unformatted cell in the next row (nothing shows,
    /// nothing prints). rust_xlsxwriter 0.102 writes the last row of a
    /// constant-memory sheet a second time, as an empty `<row>` element,
    /// when that row has a set height; Excel repairs a sheet with a row
    /// listed twice ("发现不可读取的内容"). With a row after it that has no
    /// set height, every row is written once.
    fn end_sheet(
        &mut self,
        ws: &mut Worksheet,
        mut r: u32,
        last: u16,
        s: &Styles,
    ) -> Result<(), XlsxError> {
        if let Some(first) = self.unfitted.take() {
            let text = format!(
                "注：条目较多，为控制内存，第{}行起未设行高。Excel 打开时会自动调整；如在其他软件中显示不全，请选中这些行设为自动调整行高（LibreOffice：最佳行高）后再打印。",
                first + 1
            );
            ws.set_row_height(r, 32)?;
            banner(ws, r, last, &text, &s.subtitle.clone().set_text_wrap())?;
            r += 1;
        }
        ws.write_blank(r, 0, &Format::new())?;
        Ok(())
    }
}

/// One cell of the 汇总 table, shared by the sheet and the CSV.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Int(i64),
    /// A score or points: shown with 2 decimals.
    Score(Decimal),
    /// A share (0.875): shown as a percentage with 2 decimals (87.50%).
    Percent(Decimal),
    Text(String),
    Blank,
}

/// How a column of the 汇总 table is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Left-aligned, wrapping text (部门, 备注).
    Text,
    /// Short centred text or integers (等级, 排名, 暂定).
    Center,
    /// Scores, 2 decimals.
    Score,
    /// Percentages, 2 decimals (得分率).
    Percent,
}

/// The 汇总 table: one row per department, in rank order.
#[cfg(test)]
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Vec<(String, Kind)>,
    pub rows: Vec<Vec<Value>>,
}

fn rounded(d: Decimal) -> Value {
    Value::Score(round_half_up(d, 2))
}

fn opt_score(d: Option<Decimal>) -> Value {
    d.map_or(Value::Blank, rounded)
}

fn count(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `良好` or `良好（暂定）`, as the scored workbook shows a grade.
fn grade_label(d: &DeptSummary) -> String {
    if d.provisional {
        format!("{}（暂定）", d.grade)
    } else {
        d.grade.clone()
    }
}

/// 备注: same name as another department, a total out of other than 100,
/// the data file and the scored workbook.
fn remark(d: &DeptSummary) -> String {
    let mut parts = Vec::new();
    if d.duplicate_name {
        parts.push("与其他部门同名".to_string());
    }
    if d.max_total != Decimal::ONE_HUNDRED {
        parts.push(format!("满分{}分", num(d.max_total)));
    }
    if let Some(before) = d.before_review {
        parts.push(crate::score::explain::review_note(
            d.indicators
                .iter()
                .filter(|i| i.origin == crate::score::Origin::Reviewed)
                .count(),
            before,
            d.total,
        ));
    }
    if d.provisional {
        parts.push(crate::score::explain::provisional_note(
            d.total,
            d.split.pending_max,
            &d.grade,
            d.best_grade.as_deref().unwrap_or(&d.grade),
        ));
    }
    parts.push(format!("数据文件：{}", d.file));
    if let Some(out) = &d.output {
        parts.push(format!("评分结果：{out}"));
    }
    parts.join("；")
}

/// 差异 as shown: the shown 自评总分 minus the shown 核算总分, so that the
/// three columns agree to the cent.
fn shown_difference(d: &DeptSummary) -> Option<Decimal> {
    let own = round_half_up(d.self_total?, 2);
    checked::sub(own, round_half_up(d.total, 2)).ok()
}

/// Which optional columns the 汇总 table has.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    subtotals: Vec<String>,
    /// 审核 only when some department has reviewed points.
    reviewed: bool,
    /// Last year's columns only when last year's 汇总 was given or found.
    previous: bool,
    /// 得分率 only when departments have different 满分 (they are then
    /// ranked by it, and the totals chart plots it).
    rate: bool,
}

/// The 汇总 table's columns (sheet 汇总 and `汇总.csv`).
///
/// Columns: 序号, 部门, 年度, one per 一级指标, 总分, 得分率 only when
/// departments have different 满分, 等级, 排名, 暂定, the split by origin (核算, 参考, 审核 only when some department has reviewed
/// points, 自评未核验, 待评分值), 提示数, 自评总分, 核算总分, 差异, 备注.
pub(crate) fn summary_columns(summary: &BatchSummary) -> (Vec<(String, Kind)>, Layout) {
    let facts = summary.facts();
    let layout = Layout {
        subtotals: facts.subtotals.clone(),
        reviewed: facts.reviewed,
        previous: facts.previous > 0,
        rate: facts.mixed_maxima(),
    };
    let mut columns: Vec<(String, Kind)> = vec![
        ("序号".into(), Kind::Center),
        ("部门".into(), Kind::Text),
        ("年度".into(), Kind::Center),
    ];
    columns.extend(layout.subtotals.iter().map(|n| (n.clone(), Kind::Score)));
    columns.push(("总分".into(), Kind::Score));
    if layout.rate {
        columns.push((RATE.into(), Kind::Percent));
    }
    for (h, k) in [
        ("等级", Kind::Center),
        ("排名", Kind::Center),
        ("暂定", Kind::Center),
        ("核算", Kind::Score),
        ("参考", Kind::Score),
    ] {
        columns.push((h.into(), k));
    }
    if layout.reviewed {
        columns.push(("审核".into(), Kind::Score));
    }
    for (h, k) in [
        ("自评未核验", Kind::Score),
        ("待评分值", Kind::Score),
        ("提示数", Kind::Center),
        ("自评总分", Kind::Score),
        ("核算总分", Kind::Score),
        ("差异", Kind::Score),
    ] {
        columns.push((h.into(), k));
    }
    if layout.previous {
        columns.push(("上年总分".into(), Kind::Score));
        columns.push(("上年等级".into(), Kind::Center));
        columns.push(("较上年".into(), Kind::Score));
    }
    columns.push(("备注".into(), Kind::Text));
    (columns, layout)
}

/// Row `i` (rank order, 0-based) of the 汇总 table, with its rank.
pub(crate) fn summary_row(d: &DeptSummary, i: usize, rank: usize, layout: &Layout) -> Vec<Value> {
    let mut row = vec![
        count(i + 1),
        Value::Text(d.department.clone()),
        d.year.map_or(Value::Blank, |y| Value::Int(i64::from(y))),
    ];
    row.extend(layout.subtotals.iter().map(|name| {
        d.subtotals
            .iter()
            .find(|s| &s.name == name)
            .map_or(Value::Blank, |s| rounded(s.score))
    }));
    row.push(rounded(d.total));
    if layout.rate {
        row.push(d.shown_rate().map_or(Value::Blank, Value::Percent));
    }
    row.extend([
        Value::Text(grade_label(d)),
        count(rank),
        Value::Text(if d.provisional { "是" } else { "否" }.into()),
        rounded(d.split.computed),
        rounded(d.split.reference),
    ]);
    if layout.reviewed {
        row.push(rounded(d.split.reviewed));
    }
    row.extend([
        rounded(d.split.self_unverified),
        rounded(d.split.pending_max),
        count(d.warnings),
        opt_score(d.self_total),
        rounded(d.total),
        opt_score(shown_difference(d)),
    ]);
    if layout.previous {
        let last = d.previous.as_ref();
        row.extend([
            opt_score(last.map(|p| p.total)),
            last.map_or(Value::Blank, |p| Value::Text(p.grade.clone())),
            opt_score(d.change()),
        ]);
    }
    row.push(Value::Text(remark(d)));
    row
}

/// The rows of the 汇总 table, made one at a time (a large batch never
/// holds the whole table).
pub(crate) fn summary_rows<'a>(
    summary: &'a BatchSummary,
    layout: &'a Layout,
) -> impl Iterator<Item = Vec<Value>> + 'a {
    summary
        .depts()
        .zip(summary.ranks())
        .enumerate()
        .map(move |(i, (d, rank))| summary_row(&d, i, rank, layout))
}

/// The whole 汇总 table.
#[cfg(test)]
pub(crate) fn summary_table(summary: &BatchSummary) -> Table {
    let (columns, layout) = summary_columns(summary);
    let rows = summary_rows(summary, &layout).collect();
    Table { columns, rows }
}

/// The header of the 得分率 column.
const RATE: &str = "得分率";

/// The note when departments have different 满分 (sheet 汇总's subtitle,
/// `汇总.json`): they are ranked as they are graded.
pub(crate) const RANKED_BY_RATE: &str =
    "各部门满分不同，排名按得分率（总分÷满分×100，与定级口径一致）";

/// `2024年度部门整体支出绩效评价汇总表`, or without the year.
fn title(summary: &BatchSummary, what: &str) -> String {
    match summary.year {
        Some(y) => format!("{y}年度部门整体支出绩效评价{what}"),
        None => format!("部门整体支出绩效评价{what}"),
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row_at(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// A title or note over columns `0..=last` (a single cell when `last` is 0).
fn banner(ws: &mut Worksheet, r: u32, last: u16, text: &str, f: &Format) -> Result<(), XlsxError> {
    if last > 0 {
        ws.merge_range(r, 0, r, last, text, f)?;
    } else {
        ws.write_string_with_format(r, 0, text, f)?;
    }
    Ok(())
}

/// A share as a percentage with 2 decimals: `0.875` → `87.50%`.
pub(crate) fn percent(d: Decimal) -> String {
    let shown = checked::mul(d, Decimal::ONE_HUNDRED).unwrap_or(d);
    format!("{:.2}%", round_half_up(shown, 2))
}

/// Writes one [`Value`] with the format of its column kind.
fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: &Value,
    kind: Kind,
    s: &Styles,
) -> Result<(), XlsxError> {
    let f = match kind {
        Kind::Text => &s.text,
        Kind::Center => &s.center,
        Kind::Score => &s.score,
        Kind::Percent => &s.percent,
    };
    match v {
        Value::Int(n) => ws.write_number_with_format(r, c, *n as f64, f)?,
        Value::Score(d) | Value::Percent(d) => ws.write_with_format(r, c, *d, f)?,
        Value::Text(t) => ws.write_string_with_format(r, c, t, f)?,
        Value::Blank => ws.write_blank(r, c, f)?,
    };
    Ok(())
}

/// Builds `汇总.xlsx` in memory, the departments' details in their records.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter (only for out-of-range writes).
pub fn build_summary(summary: &BatchSummary) -> Result<Vec<u8>, XlsxError> {
    let stats = DetailStats::of(summary, &InLine).map_err(detail_error)?;
    let raw = summary_workbook(summary, &InLine, &stats, None)?.save_to_buffer()?;
    with_totals_cache(&raw, summary)
}

/// A saved `汇总.xlsx` with its totals chart's cached values
/// ([`super::chart_cache`]).
///
/// # Errors
/// [`XlsxError`] when `raw` is not the zip rust_xlsxwriter saved.
pub fn with_totals_cache(raw: &[u8], summary: &BatchSummary) -> Result<Vec<u8>, XlsxError> {
    let out = super::chart_cache::add_totals_cache(
        Cursor::new(raw),
        Cursor::new(Vec::new()),
        summary,
        super::style::ZIP_LEVEL,
    )
    .map_err(|e| detail_error(e.to_string()))?;
    match summary.read_error() {
        Some(e) => Err(detail_error(e)),
        None => Ok(out.into_inner()),
    }
}

fn detail_error(message: String) -> XlsxError {
    XlsxError::IoError(std::io::Error::other(message))
}

/// The `汇总.xlsx` workbook, ready to be saved: each department's details
/// read from `details` one at a time, the matrix's columns and the 问题清单's
/// widths from `stats`. The large sheets (汇总, 指标得分明细, 问题清单) are
/// written row by row in rust_xlsxwriter's constant-memory mode, their rows
/// in temporary files in `tempdir` (the system's when `None`); 等级分布
/// stays in memory so that its grade chart carries cached values (its size
/// does not grow with the departments).
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter, or when a detail cannot be read.
pub fn summary_workbook(
    summary: &BatchSummary,
    details: &dyn Details,
    stats: &DetailStats,
    tempdir: Option<&Path>,
) -> Result<Workbook, XlsxError> {
    summary_workbook_within(summary, details, stats, tempdir, ROW_HEIGHT_BUDGET)
}

/// [`summary_workbook`] with `budget` rows of set height.
pub(crate) fn summary_workbook_within(
    summary: &BatchSummary,
    details: &dyn Details,
    stats: &DetailStats,
    tempdir: Option<&Path>,
    budget: usize,
) -> Result<Workbook, XlsxError> {
    let mut wb = new_workbook(&title(summary, "汇总表"))?;
    if let Some(dir) = tempdir {
        wb.set_tempdir(dir)?;
    }
    let styles = Styles::new();
    let mut heights = RowHeights::new(budget);
    summary_sheet(&mut wb, summary, &styles, &mut heights)?;
    indicators_sheet(&mut wb, summary, details, stats, &styles)?;
    distribution_sheet(&mut wb, summary, &styles)?;
    problems_sheet(&mut wb, summary, details, stats, &styles, &mut heights)?;
    failures_sheet(&mut wb, summary, &styles)?;
    match summary.read_error() {
        Some(e) => Err(detail_error(e)),
        None => Ok(wb),
    }
}

/// Sheet 汇总: one row per department in rank order.
fn summary_sheet(
    wb: &mut Workbook,
    summary: &BatchSummary,
    s: &Styles,
    heights: &mut RowHeights,
) -> Result<(), XlsxError> {
    let (columns, layout) = summary_columns(summary);
    let last = col(columns.len() - 1);
    let ws = wb
        .add_worksheet_with_constant_memory()?
        .set_name(SHEET_SUMMARY)?;
    ws.set_row_height(0, 30)?;
    banner(ws, 0, last, &title(summary, "汇总表"), &s.title)?;
    let mut sub = format!(
        "评分表：{}　　等级标准：{}　　已评分{}个部门，未能评分{}个文件　　差异＝自评总分－核算总分",
        summary.rubric,
        summary.grade_scale,
        summary.department_count(),
        summary.failures.len()
    );
    if summary.facts().mixed_maxima() {
        sub.push_str("　　");
        sub.push_str(RANKED_BY_RATE);
    }
    banner(ws, 1, last, &sub, &s.subtitle)?;
    const HEADER: u32 = SUMMARY_HEADER;
    for (c, (h, _)) in columns.iter().enumerate() {
        ws.write_string_with_format(HEADER, col(c), h, &s.header)?;
    }
    // Column widths from the widest content; 部门 and 备注 wrap beyond.
    let mut widths: Vec<f64> = columns.iter().map(|(h, _)| text_width(h)).collect();
    for row in summary_rows(summary, &layout) {
        for (c, v) in row.iter().enumerate() {
            let w = match v {
                Value::Text(t) => text_width(t),
                Value::Int(n) => text_width(&n.to_string()),
                Value::Score(d) => text_width(&format!("{d:.2}")),
                Value::Percent(d) => text_width(&percent(*d)),
                Value::Blank => 0.0,
            };
            widths[c] = widths[c].max(w);
        }
    }
    let widths: Vec<f64> = widths
        .iter()
        .zip(&columns)
        .map(|(w, (_, kind))| {
            let (min, max) = match kind {
                Kind::Text => (12.0, 46.0),
                Kind::Center => (6.0, 16.0),
                Kind::Score | Kind::Percent => (8.0, 12.0),
            };
            column_width((*w, min, max))
        })
        .collect();
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    // 部门 and 备注 wrap: a row gets the height of its wrapped text while
    // the budget lasts (LibreOffice does not fit rows on opening).
    for (i, row) in summary_rows(summary, &layout).enumerate() {
        let r = HEADER + 1 + row_at(i);
        let mut wrapped: Vec<(&str, f64)> = Vec::new();
        for (c, (v, (_, kind))) in row.iter().zip(&columns).enumerate() {
            write_value(ws, r, col(c), v, *kind, s)?;
            if let (Value::Text(t), Kind::Text) = (v, kind) {
                wrapped.push((t, widths[c]));
            }
        }
        heights.set(ws, r, wrapped_height(&wrapped))?;
    }
    let last_row = HEADER + row_at(summary.department_count());
    heights.end_sheet(ws, last_row + 1, last, s)?;
    ws.autofilter(HEADER, 0, last_row, last)?;
    ws.set_freeze_panes(HEADER + 1, 2)?;
    print_setup(ws, (HEADER, HEADER))?;
    Ok(())
}

/// One column pair of the indicator matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorColumn {
    pub level1: String,
    pub name: String,
    /// The 分值 when every department that has the indicator agrees.
    pub max: Option<Decimal>,
}

/// Whether every department gave the same 分值 so far.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Agree {
    Same(Decimal),
    Differ,
}

impl Agree {
    fn with(agree: Option<Agree>, max: Decimal) -> Agree {
        match agree {
            None => Agree::Same(max),
            Some(Agree::Same(m)) if m == max => Agree::Same(m),
            Some(_) => Agree::Differ,
        }
    }

    fn max(agree: Option<Agree>) -> Option<Decimal> {
        match agree {
            Some(Agree::Same(m)) => Some(m),
            _ => None,
        }
    }
}

/// A department's place in the rank order (see [`rank_order`]).
#[derive(Debug, Clone)]
struct RankKey {
    basis: Decimal,
    department: String,
    file: String,
}

impl RankKey {
    fn of(d: &DeptSummary) -> RankKey {
        RankKey {
            basis: d.rank_basis(),
            department: d.department.clone(),
            file: d.file.clone(),
        }
    }

    /// Ranked before `other`.
    fn before(&self, other: &RankKey) -> bool {
        rank_cmp(
            (self.basis, &self.department, &self.file),
            (other.basis, &other.department, &other.file),
        )
        .is_lt()
    }
}

/// Where a union column was first seen in rank order, and its 一级指标.
#[derive(Debug, Clone)]
struct FirstSeen {
    at: RankKey,
    position: usize,
    level1: String,
    agree: Option<Agree>,
}

/// What the detail sheets need to know of every department before their
/// first row is written: the columns of the indicator matrix and the count
/// and column widths of the 问题清单. Departments are added one at a time,
/// in any order, with the same result: a batch adds each as it arrives and
/// keeps only this.
#[derive(Debug, Clone)]
pub struct DetailStats {
    departments: usize,
    /// The rubric row keys (sorted) of the first department added.
    keys: Vec<RowKey>,
    /// Every department added so far has exactly `keys`.
    same_keys: bool,
    /// The best-ranked department so far, with its indicators' (一级指标,
    /// name) in key order: the matrix's column names when keys are shared.
    best: Option<(RankKey, Vec<(String, String)>)>,
    /// The 分值 agreement of each key position.
    key_max: Vec<Option<Agree>>,
    /// Otherwise the columns are the union of (name, occurrence within the
    /// department), first seen first in rank order.
    union: BTreeMap<(String, usize), FirstSeen>,
    pub(crate) problems: usize,
    /// (widest content, min, max) of the 问题清单's columns.
    problem_widths: [(f64, f64, f64); 7],
}

impl Default for DetailStats {
    fn default() -> DetailStats {
        DetailStats {
            departments: 0,
            keys: Vec::new(),
            same_keys: true,
            best: None,
            key_max: Vec::new(),
            union: BTreeMap::new(),
            problems: 0,
            problem_widths: [
                (4.0, 6.0, 7.0),
                (0.0, 12.0, 24.0),
                (0.0, 12.0, 24.0),
                (0.0, 8.0, 14.0),
                (0.0, 40.0, 60.0),
                (0.0, 12.0, 18.0),
                (0.0, 12.0, 30.0),
            ],
        }
    }
}

impl DetailStats {
    /// The stats of a whole summary.
    ///
    /// # Errors
    /// When a detail cannot be read.
    pub fn of(summary: &BatchSummary, details: &dyn Details) -> Result<DetailStats, String> {
        let mut stats = DetailStats::default();
        for d in summary.depts() {
            stats.add(&d, &details.detail(&d)?);
        }
        summary.read_error().map_or(Ok(stats), Err)
    }

    /// Adds one department.
    pub fn add(&mut self, d: &DeptSummary, detail: &DeptDetail) {
        let sorted = sorted(&detail.indicators);
        let keys: Vec<RowKey> = sorted.iter().map(|i| i.key.clone()).collect();
        if self.departments == 0 {
            self.keys = keys;
        } else if self.same_keys && keys != self.keys {
            self.same_keys = false;
        }
        self.departments += 1;
        let at = RankKey::of(d);
        if self.same_keys {
            self.key_max.resize(sorted.len(), None);
            for (agree, i) in self.key_max.iter_mut().zip(&sorted) {
                *agree = Some(Agree::with(*agree, i.max));
            }
            if self.best.as_ref().is_none_or(|(b, _)| at.before(b)) {
                let names = sorted
                    .iter()
                    .map(|i| (i.level1.clone(), i.name.clone()))
                    .collect();
                self.best = Some((at.clone(), names));
            }
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (position, i) in detail.indicators.iter().enumerate() {
            let n = seen.entry(i.name.as_str()).or_insert(0);
            let key = (i.name.clone(), *n);
            *n += 1;
            match self.union.get_mut(&key) {
                Some(first) => {
                    if at.before(&first.at) {
                        first.at = at.clone();
                        first.position = position;
                        first.level1.clone_from(&i.level1);
                    }
                    first.agree = Some(Agree::with(first.agree, i.max));
                }
                None => {
                    self.union.insert(
                        key,
                        FirstSeen {
                            at: at.clone(),
                            position,
                            level1: i.level1.clone(),
                            agree: Some(Agree::Same(i.max)),
                        },
                    );
                }
            }
        }
        for p in &detail.problems {
            self.problems += 1;
            let indicator = p.indicator.as_deref().unwrap_or("");
            let source = p.source.as_deref().unwrap_or("");
            for (w, t) in self.problem_widths.iter_mut().zip([
                "",
                d.department.as_str(),
                indicator,
                p.kind.label(),
                &p.explanation,
                source,
                &d.file,
            ]) {
                w.0 = w.0.max(text_width(t));
            }
        }
    }

    /// Columns by rubric row key when every department has the same rubric
    /// rows; otherwise the union of indicator names, first seen first in
    /// rank order (a name that occurs twice in one rubric, as sub-points
    /// do, gets two columns).
    fn matrix(&self) -> Matrix {
        if self.departments > 0 && self.same_keys {
            let names = self.best.as_ref().map_or(&[][..], |(_, n)| n.as_slice());
            let columns = names
                .iter()
                .zip(&self.key_max)
                .map(|((level1, name), agree)| IndicatorColumn {
                    level1: level1.clone(),
                    name: name.clone(),
                    max: Agree::max(*agree),
                })
                .collect();
            return Matrix {
                columns,
                by_name: None,
            };
        }
        let mut order: Vec<(&(String, usize), &FirstSeen)> = self.union.iter().collect();
        order.sort_by(|(_, a), (_, b)| {
            if a.at.before(&b.at) {
                std::cmp::Ordering::Less
            } else if b.at.before(&a.at) {
                std::cmp::Ordering::Greater
            } else {
                a.position.cmp(&b.position)
            }
        });
        let by_name = order
            .iter()
            .enumerate()
            .map(|(c, (key, _))| ((*key).clone(), c))
            .collect();
        let columns = order
            .into_iter()
            .map(|((name, _), first)| IndicatorColumn {
                level1: first.level1.clone(),
                name: name.clone(),
                max: Agree::max(first.agree),
            })
            .collect();
        Matrix {
            columns,
            by_name: Some(by_name),
        }
    }
}

/// The matrix's columns, and how a department's indicators are placed:
/// in key order, or by (name, occurrence).
struct Matrix {
    columns: Vec<IndicatorColumn>,
    by_name: Option<BTreeMap<(String, usize), usize>>,
}

impl Matrix {
    /// A department's indicator (if any) under each column.
    fn cells<'a>(&self, indicators: &'a [IndicatorScore]) -> Vec<Option<&'a IndicatorScore>> {
        match &self.by_name {
            None => sorted(indicators).into_iter().map(Some).collect(),
            Some(by_name) => {
                let mut out = vec![None; self.columns.len()];
                let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
                for i in indicators {
                    let n = seen.entry(i.name.as_str()).or_insert(0);
                    if let Some(c) = by_name.get(&(i.name.clone(), *n)) {
                        out[*c] = Some(i);
                    }
                    *n += 1;
                }
                out
            }
        }
    }
}

/// Indicators in rubric row key order.
fn sorted(indicators: &[IndicatorScore]) -> Vec<&IndicatorScore> {
    let mut v: Vec<&IndicatorScore> = indicators.iter().collect();
    v.sort_by(|a, b| a.key.cmp(&b.key));
    v
}

/// The whole matrix of a summary whose details are in its records.
#[cfg(test)]
struct MatrixView<'a> {
    columns: Vec<IndicatorColumn>,
    cells: Vec<Vec<Option<&'a IndicatorScore>>>,
}

#[cfg(test)]
fn matrix(summary: &BatchSummary) -> MatrixView<'_> {
    let m = DetailStats::of(summary, &InLine)
        .expect("details in line")
        .matrix();
    let cells = summary
        .departments
        .iter()
        .map(|d| m.cells(&d.indicators))
        .collect();
    MatrixView {
        columns: m.columns,
        cells,
    }
}

/// Sheet 指标得分明细: department × indicator, each indicator with two
/// columns, 得分 and 指标值.
fn indicators_sheet(
    wb: &mut Workbook,
    summary: &BatchSummary,
    details: &dyn Details,
    stats: &DetailStats,
    s: &Styles,
) -> Result<(), XlsxError> {
    let matrix = stats.matrix();
    let mut columns = matrix.columns.clone();
    let room = (MAX_COL - 1) / 2;
    let cut = columns.len() > room;
    columns.truncate(room);
    let last = col(1 + 2 * columns.len());
    let uncertain = s
        .score
        .clone()
        .set_italic()
        .set_font_color(Color::RGB(0x0080_8080));
    let ws = wb
        .add_worksheet_with_constant_memory()?
        .set_name(SHEET_INDICATORS)?;
    ws.set_row_height(0, 30)?;
    banner(ws, 0, last, &title(summary, "指标得分明细"), &s.title)?;
    let mut note =
        "每项指标两列：得分与指标值。灰色斜体为参考分或自评（未核验）分，得分空白为待评。"
            .to_string();
    if cut {
        note.push_str(&format!("指标过多，仅列出前{room}项。"));
    }
    banner(ws, 1, last, &note, &s.subtitle)?;
    // Header: 一级指标 / 指标（分值） / 得分 | 指标值, written row by row.
    const H1: u32 = 2;
    const H3: u32 = 4;
    ws.merge_range(H1, 0, H3, 0, "序号", &s.header)?;
    ws.merge_range(H1, 1, H3, 1, "部门", &s.header)?;
    let mut start = 0;
    for c in 0..columns.len() {
        let end_of_run = c + 1 == columns.len() || columns[c + 1].level1 != columns[c].level1;
        if end_of_run {
            let (first, last) = (col(2 + 2 * start), col(3 + 2 * c));
            ws.merge_range(H1, first, H1, last, &columns[c].level1, &s.header)?;
            start = c + 1;
        }
    }
    for (c, ic) in columns.iter().enumerate() {
        let first = col(2 + 2 * c);
        let name = match ic.max {
            Some(m) => format!("{}（{}分）", ic.name, num(m)),
            None => ic.name.clone(),
        };
        ws.merge_range(H1 + 1, first, H1 + 1, first + 1, &name, &s.header)?;
        ws.set_column_width(first, 8)?;
        ws.set_column_width(first + 1, 10)?;
        let lines = (text_width(&name) / 17.0).ceil().max(1.0);
        if lines > 1.0 {
            // Leave room for long names over the two columns.
            ws.set_row_height(H1 + 1, (lines * 14.0 + 4.0).min(60.0))?;
        }
    }
    for c in 0..columns.len() {
        let first = col(2 + 2 * c);
        ws.write_string_with_format(H3, first, "得分", &s.header)?;
        ws.write_string_with_format(H3, first + 1, "指标值", &s.header)?;
    }
    let mut dept_width: f64 = 8.0;
    for (i, d) in summary.depts().enumerate() {
        let indicators = details.indicators(&d).map_err(detail_error)?;
        let row = matrix.cells(&indicators);
        let r = H3 + 1 + row_at(i);
        ws.write_number_with_format(r, 0, (i + 1) as f64, &s.center)?;
        ws.write_string_with_format(r, 1, &d.department, &s.text)?;
        dept_width = dept_width.max(text_width(&d.department));
        for (c, cell) in row.iter().take(columns.len()).enumerate() {
            let first = col(2 + 2 * c);
            match cell {
                Some(ind) => {
                    let f = if ind.origin.is_certain() {
                        &s.score
                    } else {
                        &uncertain
                    };
                    match ind.score {
                        Some(v) => ws.write_with_format(r, first, round_half_up(v, 2), f)?,
                        None => ws.write_blank(r, first, f)?,
                    };
                    match &ind.metric_value {
                        Some(v) => ws.write_string_with_format(r, first + 1, v, &s.center)?,
                        None => ws.write_blank(r, first + 1, &s.center)?,
                    };
                }
                None => {
                    ws.write_blank(r, first, &s.score)?;
                    ws.write_blank(r, first + 1, &s.center)?;
                }
            }
        }
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, column_width((dept_width, 12.0, 30.0)))?;
    let last_row = H3 + row_at(summary.department_count());
    ws.autofilter(H3, 0, last_row, last)?;
    ws.set_freeze_panes(H3 + 1, 2)?;
    print_setup(ws, (H1, H3))?;
    ws.set_repeat_columns(0, 1)?;
    // About 130 width units fit an A4 landscape page: spread wide matrices
    // over several pages rather than shrink them unreadably.
    let total_width = 6.0 + column_width((dept_width, 12.0, 30.0)) + 18.0 * columns.len() as f64;
    let pages = (total_width / 130.0).ceil().clamp(1.0, 100.0) as u16;
    ws.set_print_fit_to_pages(pages, 0);
    Ok(())
}

fn chart_font() -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT);
    f
}

/// Sheet 等级分布: counts per grade with a column chart, and every
/// department's total (rank order) as a bar chart over the 汇总 sheet.
fn distribution_sheet(
    wb: &mut Workbook,
    summary: &BatchSummary,
    s: &Styles,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(SHEET_DISTRIBUTION)?;
    let font = chart_font();
    let mut bold = chart_font();
    bold.set_bold();
    ws.set_row_height(0, 30)?;
    banner(ws, 0, 3, &title(summary, "等级分布"), &s.title)?;
    banner(
        ws,
        1,
        3,
        &format!("等级标准：{}", summary.grade_scale),
        &s.subtitle,
    )?;
    const HEADER: u32 = 2;
    for (c, h) in ["等级", "部门数", "占比", "其中暂定"].iter().enumerate() {
        ws.write_string_with_format(HEADER, col(c), *h, &s.header)?;
    }
    let n = summary.department_count();
    let facts = summary.facts();
    let share = |k: usize| {
        if n == 0 { 0.0 } else { k as f64 / n as f64 }
    };
    let dist = summary.distribution();
    let mut r = HEADER + 1;
    for (grade, k) in &dist {
        let provisional = facts.grades.get(grade).map_or(0, |c| c.1);
        ws.write_string_with_format(r, 0, grade, &s.center)?;
        ws.write_number_with_format(r, 1, *k as f64, &s.center)?;
        ws.write_number_with_format(r, 2, share(*k), &s.percent)?;
        ws.write_number_with_format(r, 3, provisional as f64, &s.center)?;
        r += 1;
    }
    let counted: usize = dist.iter().map(|(_, k)| k).sum();
    ws.write_string_with_format(r, 0, "合计", &s.subtotal_text)?;
    ws.write_number_with_format(r, 1, counted as f64, &s.subtotal_text)?;
    ws.write_number_with_format(
        r,
        2,
        share(counted),
        &s.subtotal_text.clone().set_num_format("0.00%"),
    )?;
    ws.write_number_with_format(r, 3, facts.provisional as f64, &s.subtotal_text)?;
    if !dist.is_empty() {
        let (first, last) = (HEADER + 1, HEADER + row_at(dist.len()));
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name("部门数")
            .set_categories((SHEET_DISTRIBUTION, first, 0, last, 0))
            .set_values((SHEET_DISTRIBUTION, first, 1, last, 1))
            .set_data_label(ChartDataLabel::new().show_value().set_font(&font));
        chart.title().set_name("等级分布（部门数）").set_font(&bold);
        chart.legend().set_hidden();
        chart.x_axis().set_font(&font);
        chart
            .y_axis()
            .set_font(&font)
            .set_num_format("0")
            .set_min(0);
        chart.set_width(480).set_height(288);
        ws.insert_chart(HEADER, 5, &chart)?;
    }
    // Every department's total, rank order, as a bar chart over the 汇总
    // sheet's 部门 and 总分 columns (already in rank order): a copy of them
    // here would hold a row per department in memory until the workbook is
    // saved (this sheet is not streamed, for the grade chart's cached
    // values). The 汇总 sheet is streamed, so rust_xlsxwriter cannot cache
    // its cells in the chart: the ranges are written as `(汇总!$B$4:$B$n)`,
    // which it leaves uncached, and report::chart_cache gives the saved file
    // a string reference for the names and the cached values.
    //
    // When departments have different 满分 they are ranked by 得分率, and
    // the chart plots the 汇总 sheet's 得分率 column instead: raw totals
    // out of 60 and out of 100 would be neither comparable nor in order.
    let by_rate = facts.mixed_maxima();
    let t0 = (r + 3).max(HEADER + 17);
    banner(
        ws,
        t0,
        3,
        &if by_rate {
            format!(
                "各部门得分率（各部门满分不同，得分率＝总分÷满分×100%，按得分率从高到低）见右图，数据取自「{SHEET_SUMMARY}」表"
            )
        } else {
            format!("各部门总分（按总分从高到低）见右图，数据取自「{SHEET_SUMMARY}」表")
        },
        &s.subtitle.clone().set_bold(),
    )?;
    if n > 0 {
        let (columns, _) = summary_columns(summary);
        let plotted = if by_rate { RATE } else { "总分" };
        let total = col(columns.iter().position(|(h, _)| h == plotted).unwrap_or(0));
        let (series, title, format) = if by_rate {
            (RATE, "各部门得分率", "0.00%")
        } else {
            ("总分", "各部门总分", "0.00")
        };
        let (first, last) = (SUMMARY_FIRST_ROW, SUMMARY_FIRST_ROW - 1 + row_at(n));
        let uncached = |c: u16| {
            format!(
                "=({})",
                worksheet_range_absolute(SHEET_SUMMARY, first, c, last, c)
            )
        };
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name(series)
            .set_categories(uncached(1).as_str())
            .set_values(uncached(total).as_str())
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format(format)
                    .set_font(&font),
            );
        chart.title().set_name(title).set_font(&bold);
        chart.legend().set_hidden();
        // In a bar chart the y axis holds the categories: reversed, the
        // highest total is at the top; crossing at the last category keeps
        // the value axis at the bottom.
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max)
            .set_font(&font);
        chart.x_axis().set_min(0).set_font(&font);
        if by_rate {
            chart
                .x_axis()
                .set_name("得分率（总分÷满分×100%）")
                .set_name_font(&font)
                .set_num_format("0%");
        }
        let height = (80 + 20 * n).clamp(288, 8_000);
        chart
            .set_width(560)
            .set_height(u32::try_from(height).unwrap_or(8_000));
        ws.insert_chart(t0, 5, &chart)?;
    }
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, column_width((12.0, 12.0, 30.0)))?;
    ws.set_column_width(2, 10)?;
    ws.set_column_width(3, 12)?;
    print_setup(ws, (HEADER, HEADER))?;
    Ok(())
}

/// Sheet 问题清单: every department's problems, department order.
fn problems_sheet(
    wb: &mut Workbook,
    summary: &BatchSummary,
    details: &dyn Details,
    stats: &DetailStats,
    s: &Styles,
    heights: &mut RowHeights,
) -> Result<(), XlsxError> {
    const HEADERS: [&str; 7] = [
        "序号",
        "部门",
        "指标",
        "类别",
        "说明",
        "来源单元格",
        "数据文件",
    ];
    const LAST: u16 = 6;
    const HEADER: u32 = 2;
    let total = stats.problems;
    let room = MAX_ROW - HEADER as usize - 2;
    let ws = wb
        .add_worksheet_with_constant_memory()?
        .set_name(SHEET_PROBLEMS)?;
    ws.set_row_height(0, 30)?;
    banner(ws, 0, LAST, &title(summary, "问题清单"), &s.title)?;
    let mut sub = format!(
        "共{total}条：扣分、无法计算的指标、数据不一致、数值异常、自评超分值等，按汇总表部门顺序排列，供整改反馈"
    );
    if total > room {
        sub.push_str(&format!("（条目过多，仅列出前{room}条）"));
    }
    banner(ws, 1, LAST, &sub, &s.subtitle)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER, col(c), *h, &s.header)?;
    }
    let widths = stats.problem_widths;
    let wrap = |c: usize| column_width(widths[c]);
    // Explanations wrap: a row gets the height of its wrapped text while the
    // budget the 汇总 sheet left lasts. Every row's height would stay in
    // memory until the workbook is saved: 42 MB more at the peak for the
    // 137,498 problems of 10,000 generated departments (docs/性能.md).
    let mut r = HEADER + 1;
    let mut i = 0;
    'departments: for d in summary.depts() {
        for p in details.problems(&d).map_err(detail_error)? {
            if i == room {
                break 'departments;
            }
            let indicator = p.indicator.as_deref().unwrap_or("");
            let source = p.source.as_deref().unwrap_or("");
            ws.write_number_with_format(r, 0, (i + 1) as f64, &s.center)?;
            ws.write_string_with_format(r, 1, &d.department, &s.text)?;
            ws.write_string_with_format(r, 2, indicator, &s.text)?;
            ws.write_string_with_format(r, 3, p.kind.label(), &s.center)?;
            ws.write_string_with_format(r, 4, &p.explanation, &s.text)?;
            ws.write_string_with_format(r, 5, source, &s.text)?;
            ws.write_string_with_format(r, 6, &d.file, &s.text)?;
            let height = wrapped_height(&[
                (&d.department, wrap(1)),
                (indicator, wrap(2)),
                (&p.explanation, wrap(4)),
                (source, wrap(5)),
                (&d.file, wrap(6)),
            ]);
            heights.set(ws, r, height)?;
            r += 1;
            i += 1;
        }
    }
    if total == 0 {
        ws.merge_range(r, 0, r, LAST, "无", &s.center)?;
        r += 1;
    }
    heights.end_sheet(ws, r, LAST, s)?;
    super::style::fit_columns(ws, &widths)?;
    ws.autofilter(HEADER, 0, r - 1, LAST)?;
    ws.set_freeze_panes(HEADER + 1, 0)?;
    print_setup(ws, (HEADER, HEADER))?;
    Ok(())
}

/// Sheet 未能评分: the files that failed and why; "无" when none did.
fn failures_sheet(wb: &mut Workbook, summary: &BatchSummary, s: &Styles) -> Result<(), XlsxError> {
    const HEADER: u32 = 2;
    let ws = wb.add_worksheet().set_name(SHEET_FAILURES)?;
    ws.set_row_height(0, 30)?;
    banner(ws, 0, 2, "未能评分的文件", &s.title)?;
    banner(
        ws,
        1,
        2,
        &format!(
            "共{}个文件未能评分；其余部门的评分不受影响",
            summary.failures.len()
        ),
        &s.subtitle,
    )?;
    for (c, h) in ["序号", "文件", "原因"].iter().enumerate() {
        ws.write_string_with_format(HEADER, col(c), *h, &s.header)?;
    }
    let mut widths: [(f64, f64, f64); 3] = [(4.0, 6.0, 7.0), (0.0, 20.0, 50.0), (0.0, 40.0, 80.0)];
    let mut r = HEADER + 1;
    for (i, f) in summary.failures.iter().enumerate() {
        ws.write_number_with_format(r, 0, (i + 1) as f64, &s.center)?;
        ws.write_string_with_format(r, 1, &f.file, &s.text)?;
        ws.write_string_with_format(r, 2, &f.reason, &s.text)?;
        widths[1].0 = widths[1].0.max(text_width(&f.file));
        widths[2].0 = widths[2].0.max(text_width(&f.reason));
        r += 1;
    }
    ws.autofilter(HEADER, 0, (r - 1).max(HEADER), 2)?;
    if summary.failures.is_empty() {
        ws.merge_range(r, 0, r, 2, "无", &s.center)?;
    }
    super::style::fit_columns(ws, &widths)?;
    ws.set_freeze_panes(HEADER + 1, 0)?;
    print_setup(ws, (HEADER, HEADER))?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::base::WarningKind;
    use crate::rubric::RowKey;
    use crate::score::summary::{Failure, OriginSplit, Problem, ProblemKind};
    use crate::score::{Origin, Subtotal};
    use calamine::{Data, Reader, Xlsx};
    use rust_decimal_macros::dec;
    use std::io::{Cursor, Read};

    fn indicator(
        row: u32,
        level1: &str,
        name: &str,
        max: Decimal,
        score: Option<Decimal>,
        origin: Origin,
        value: Option<&str>,
    ) -> IndicatorScore {
        IndicatorScore {
            key: RowKey {
                sheet: "评分表".into(),
                row,
            },
            level1: level1.into(),
            name: name.into(),
            max,
            score,
            origin,
            metric_value: value.map(str::to_string),
        }
    }

    fn sub(name: &str, max: Decimal, score: Decimal) -> Subtotal {
        Subtotal {
            name: name.into(),
            max,
            score,
        }
    }

    /// Three indicators of a shared rubric.
    fn indicators(scores: [Option<Decimal>; 3], origins: [Origin; 3]) -> Vec<IndicatorScore> {
        vec![
            indicator(
                3,
                "投入",
                "在职人员控制率",
                dec!(5),
                scores[0],
                origins[0],
                Some("94.74%"),
            ),
            indicator(
                4,
                "过程",
                "预算完成率",
                dec!(10),
                scores[1],
                origins[1],
                Some("101.20%"),
            ),
            indicator(
                5,
                "效果",
                "服务对象满意度",
                dec!(10),
                scores[2],
                origins[2],
                None,
            ),
        ]
    }

    fn dept(name: &str, file: &str, total: Decimal, grade: &str) -> DeptSummary {
        use Origin::{Computed, SelfUnverified};
        DeptSummary {
            file: file.into(),
            department: name.into(),
            year: Some(2024),
            subtotals: vec![
                sub("投入", dec!(20), dec!(18)),
                sub("过程", dec!(30), dec!(27.5)),
                sub("效果", dec!(50), total - dec!(45.5)),
            ],
            total,
            max_total: dec!(100),
            grade: grade.into(),
            provisional: false,
            split: OriginSplit {
                computed: total - dec!(10),
                reference: dec!(0),
                self_unverified: dec!(10),
                reviewed: dec!(0),
                pending_max: dec!(0),
            },
            self_total: None,
            warnings: 0,
            indicators: indicators(
                [Some(dec!(5)), Some(dec!(9.5)), Some(dec!(10))],
                [Computed, Computed, SelfUnverified],
            ),
            problems: Vec::new(),
            duplicate_name: false,
            output: Some(format!("{}_评分.xlsx", file.trim_end_matches(".xlsx"))),
            previous: None,
            best_grade: None,
            before_review: None,
        }
    }

    fn problem(
        kind: ProblemKind,
        indicator: Option<&str>,
        text: &str,
        source: Option<&str>,
    ) -> Problem {
        Problem {
            kind,
            indicator: indicator.map(str::to_string),
            explanation: text.into(),
            source: source.map(str::to_string),
        }
    }

    /// Four departments (a tie at 85, two named 甲局, one provisional, one
    /// lacking a 一级指标) and one failure.
    pub(crate) fn sample() -> BatchSummary {
        let mut a = dept("甲局", "a.xlsx", dec!(92.5), "优秀");
        a.self_total = Some(dec!(95));
        a.warnings = 1;
        a.problems = vec![
            problem(
                ProblemKind::Deduction,
                Some("预算完成率"),
                "预算完成率 101.20%，按规则计9.5分",
                None,
            ),
            problem(
                ProblemKind::Warning(WarningKind::Implausible),
                None,
                "支付进度 1%，年末数值异常，请核对",
                Some("其他财务数据!B9"),
            ),
        ];
        let mut b = dept("乙局", "b.xlsx", dec!(85), "良好");
        b.provisional = true;
        b.split.pending_max = dec!(10);
        b.self_total = Some(dec!(80.255));
        let c = dept("丙局, \"直属\"", "c.xlsx", dec!(85), "良好");
        let mut d = dept("甲局", "sub/d.xlsx", dec!(58), "差");
        d.subtotals.retain(|s| s.name != "过程");
        d.indicators[2].origin = Origin::Pending;
        d.indicators[2].score = None;
        d.max_total = dec!(90);
        d.warnings = 2;
        d.problems = vec![problem(
            ProblemKind::NotComputable,
            Some("在职人员控制率"),
            "无法计算：编制数为0（基本情况!B3）",
            Some("基本情况!B3"),
        )];
        let mut summary = BatchSummary {
            rubric: "2024评分表.xlsx".into(),
            year: Some(2024),
            grade_scale: "优秀≥90，良好≥80，中≥60，差<60".into(),
            grade_labels: vec!["优秀".into(), "良好".into(), "中".into(), "差".into()],
            departments: vec![d, c, b, a],
            failures: vec![Failure {
                file: "坏/e.xlsx".into(),
                reason: "文件损坏，无法读取".into(),
            }],
            ranked: None,
        };
        summary.finish();
        summary
    }

    fn text(d: &Data) -> String {
        match d {
            Data::Empty => String::new(),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            other => other.to_string(),
        }
    }

    fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        let range = wb.worksheet_range(name).unwrap();
        // Absolute positions: pad the rows and columns before the range.
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![String::new(); c0 as usize];
            cells.extend(row.iter().map(text));
            rows.push(cells);
        }
        rows
    }

    fn column(rows: &[Vec<String>], header_row: usize, name: &str) -> usize {
        rows[header_row]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[header_row]))
    }

    fn part(bytes: &[u8], name: &str) -> Option<String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        Some(s)
    }

    #[test]
    fn mixed_maxima_are_said_to_rank_by_share() {
        // sample(): 甲局 (sub/d.xlsx) has 满分 90, the others 100.
        let mixed = sample();
        let bytes = build_summary(&mixed).unwrap();
        let rows = sheet(&bytes, SHEET_SUMMARY);
        assert!(
            rows[1][0]
                .ends_with("　　各部门满分不同，排名按得分率（总分÷满分×100，与定级口径一致）"),
            "{}",
            rows[1][0]
        );
        let dist = sheet(&bytes, SHEET_DISTRIBUTION);
        assert!(
            dist.iter().any(|r| r[0]
                == "各部门得分率（各部门满分不同，得分率＝总分÷满分×100%，按得分率从高到低）见右图，数据取自「汇总」表"),
            "{dist:?}"
        );
        let json = crate::report::export::summary_json(&mixed);
        assert!(
            json.contains(
                "\"ranked_by\": \"各部门满分不同，排名按得分率（总分÷满分×100，与定级口径一致）\""
            ),
            "{json}"
        );
        // Every 满分 100: no note, nothing else changes.
        let mut same = sample();
        same.departments[3].max_total = dec!(100);
        let bytes = build_summary(&same).unwrap();
        let rows = sheet(&bytes, SHEET_SUMMARY);
        assert!(
            rows[1][0].ends_with("差异＝自评总分－核算总分"),
            "{}",
            rows[1][0]
        );
        let dist = sheet(&bytes, SHEET_DISTRIBUTION);
        assert!(
            dist.iter()
                .any(|r| r[0].starts_with("各部门总分（按总分从高到低）")),
            "{dist:?}"
        );
        assert!(!crate::report::export::summary_json(&same).contains("ranked_by"));
    }

    /// Departments with different 满分 are ranked by 得分率: the 汇总 sheet
    /// shows it next to 总分, and the totals chart plots it (not the raw
    /// totals, which would be neither in rank order nor comparable), its
    /// cached values exactly those of the cells. With equal 满分 neither the
    /// column nor the chart changes (see the test above this one and
    /// `distribution_sheet_has_counts_and_two_charts_on_its_ranges`).
    #[test]
    fn mixed_maxima_chart_plots_the_score_rate_column() {
        // 乙局 (b.xlsx) gets 57 of 60 = 95.00%: first, although 57 is below
        // 92.5 and 85; 甲局 (sub/d.xlsx) 58 of 90 = 64.44%.
        let mut mixed = sample();
        let b = mixed
            .departments
            .iter_mut()
            .find(|d| d.file == "b.xlsx")
            .unwrap();
        b.total = dec!(57);
        b.max_total = dec!(60);
        b.grade = "优秀".into();
        (b.provisional, b.split.pending_max) = (false, Decimal::ZERO);
        mixed.finish();
        let bytes = build_summary(&mixed).unwrap();
        let rows = sheet(&bytes, SHEET_SUMMARY);
        let (dept, total, rate) = (
            column(&rows, 2, "部门"),
            column(&rows, 2, "总分"),
            column(&rows, 2, "得分率"),
        );
        assert_eq!((dept, total, rate), (1, 6, 7));
        let body = &rows[3..7];
        let shown: Vec<(&str, &str, &str)> = body
            .iter()
            .map(|r| (r[dept].as_str(), r[total].as_str(), r[rate].as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("乙局", "57", "0.95"),
                ("甲局", "92.5", "0.925"),
                ("丙局, \"直属\"", "85", "0.85"),
                ("甲局", "58", "0.6444"),
            ]
        );
        // Shown as a percentage.
        let xml = part(&bytes, "xl/styles.xml").unwrap();
        assert!(xml.contains(r#"formatCode="0.00%""#), "{xml}");
        let chart = part(&bytes, "xl/charts/chart2.xml").expect("bar chart");
        assert!(chart.contains("<a:t>各部门得分率</a:t>"), "{chart}");
        assert!(chart.contains("<c:tx><c:v>得分率</c:v></c:tx>"), "{chart}");
        assert!(
            chart.contains("<a:t>得分率（总分÷满分×100%）</a:t>"),
            "{chart}"
        );
        assert!(!chart.contains("总分</c:v>"), "{chart}");
        // The 得分率 column, cached exactly as its cells hold it.
        let cached: String = body
            .iter()
            .enumerate()
            .map(|(i, r)| format!("<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", r[rate]))
            .collect();
        assert!(
            chart.contains(&format!(
                "<c:val><c:numRef><c:f>汇总!$H$4:$H$7</c:f><c:numCache><c:formatCode>0.00%</c:formatCode><c:ptCount val=\"4\"/>{cached}</c:numCache></c:numRef></c:val>"
            )),
            "{chart}"
        );
        assert!(chart.contains("<c:f>汇总!$B$4:$B$7</c:f><c:strCache>"));
        // The CSV and 汇总.json say the same.
        let csv = crate::report::export::summary_csv(&mixed);
        let mut lines = csv.lines();
        assert!(
            lines.next().unwrap().contains(",总分,得分率,等级,排名,"),
            "{csv}"
        );
        assert!(
            lines.next().unwrap().contains(",57.00,95.00%,优秀,1,"),
            "{csv}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&crate::report::export::summary_json(&mixed)).unwrap();
        let bases: Vec<&str> = json["departments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["grade_basis"].as_str().unwrap())
            .collect();
        assert_eq!(bases, ["95", "92.5", "85", "64.444444"]);
        // Every 满分 equal: no 得分率 anywhere, the chart plots 总分.
        let mut same = sample();
        same.departments[3].max_total = dec!(100);
        let bytes = build_summary(&same).unwrap();
        assert!(!sheet(&bytes, SHEET_SUMMARY)[2].contains(&"得分率".to_string()));
        let chart = part(&bytes, "xl/charts/chart2.xml").unwrap();
        assert!(!chart.contains("得分率"), "{chart}");
        assert!(chart.contains("<a:t>各部门总分</a:t>"), "{chart}");
        assert!(!crate::report::export::summary_csv(&same).contains("得分率"));
        assert!(!crate::report::export::summary_json(&same).contains("grade_basis"));
    }

    #[test]
    fn summary_sheet_has_ranked_rows() {
        let s = sample();
        let bytes = build_summary(&s).unwrap();
        let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
        assert_eq!(
            wb.sheet_names(),
            ["汇总", "指标得分明细", "等级分布", "问题清单", "未能评分"]
        );
        let rows = sheet(&bytes, SHEET_SUMMARY);
        assert_eq!(rows[0][0], "2024年度部门整体支出绩效评价汇总表");
        assert!(
            rows[1][0].contains("评分表：2024评分表.xlsx"),
            "{}",
            rows[1][0]
        );
        assert!(rows[1][0].contains("优秀≥90"), "{}", rows[1][0]);
        // sample() mixes 满分 90 and 100: 得分率 follows 总分.
        assert_eq!(
            rows[2],
            [
                "序号",
                "部门",
                "年度",
                "投入",
                "过程",
                "效果",
                "总分",
                "得分率",
                "等级",
                "排名",
                "暂定",
                "核算",
                "参考",
                "自评未核验",
                "待评分值",
                "提示数",
                "自评总分",
                "核算总分",
                "差异",
                "备注"
            ]
        );
        let data = &rows[3..];
        assert_eq!(data.len(), 4);
        let col = |n| column(&rows, 2, n);
        let names: Vec<&str> = data.iter().map(|r| r[col("部门")].as_str()).collect();
        assert_eq!(names, ["甲局", "丙局, \"直属\"", "乙局", "甲局"]);
        let ranks: Vec<&str> = data.iter().map(|r| r[col("排名")].as_str()).collect();
        assert_eq!(ranks, ["1", "2", "2", "4"]);
        let totals: Vec<&str> = data.iter().map(|r| r[col("总分")].as_str()).collect();
        assert_eq!(totals, ["92.5", "85", "85", "58"]);
        assert_eq!(data[2][col("等级")], "良好（暂定）");
        assert_eq!(data[2][col("暂定")], "是");
        assert_eq!(data[2][col("待评分值")], "10");
        assert_eq!(data[0][col("暂定")], "否");
        // Difference: shown self − shown computed (80.26 − 85, not
        // 80.255 − 85 rounded to −4.75).
        assert_eq!(data[0][col("差异")], "2.5");
        assert_eq!(data[2][col("差异")], "-4.74");
        assert_eq!(data[1][col("差异")], "");
        // A department without 过程 leaves it blank.
        assert_eq!(data[3][col("过程")], "");
        assert_eq!(data[3][col("投入")], "18");
        assert!(data[0][col("备注")].contains("与其他部门同名"));
        assert!(data[0][col("备注")].contains("数据文件：a.xlsx"));
        assert!(data[3][col("备注")].contains("满分90分"));
        assert!(!data[1][col("备注")].contains("同名"));
        assert_eq!(data[3][col("提示数")], "2");
    }

    #[test]
    fn summary_sheet_is_filtered_frozen_and_printable() {
        let bytes = build_summary(&sample()).unwrap();
        let xml = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
        // Through column T: sample() mixes 满分, so it has 得分率.
        assert!(xml.contains(r#"<autoFilter ref="A3:T7"/>"#), "{xml}");
        assert!(xml.contains(r#"topLeftCell="C4""#), "{xml}");
        assert!(xml.contains(r#"orientation="landscape""#));
        assert!(xml.contains(r#"paperSize="9""#));
        let workbook = part(&bytes, "xl/workbook.xml").unwrap();
        assert!(workbook.contains("汇总!$3:$3"), "{workbook}");
        let styles = part(&bytes, "xl/styles.xml").unwrap();
        assert!(styles.contains("宋体"));
    }

    /// The data rows (1-based, as in the sheet XML) of `sheet` with a set
    /// height, and the text of the sheet's last row.
    fn heights_and_last(bytes: &[u8], n: usize, first: u32) -> (Vec<u32>, String) {
        let xml = part(bytes, &format!("xl/worksheets/sheet{n}.xml")).unwrap();
        let set = xml
            .split("<row r=\"")
            .skip(1)
            .filter(|row| row.split('>').next().unwrap().contains(" ht=\""))
            .filter_map(|row| row.split('"').next()?.parse().ok())
            .filter(|r| *r >= first)
            .collect();
        let name = [SHEET_SUMMARY, "", "", SHEET_PROBLEMS][n - 1];
        let rows = sheet(bytes, name);
        let last = rows
            .iter()
            .rev()
            .map(|r| r.join(""))
            .find(|t| !t.is_empty());
        (set, last.unwrap())
    }

    /// Each sheet lists each row once (rust_xlsxwriter repeats a streamed
    /// sheet's last row when it has a height; Excel then repairs the file).
    fn assert_rows_listed_once(bytes: &[u8]) {
        for n in 1..=5 {
            let xml = part(bytes, &format!("xl/worksheets/sheet{n}.xml")).unwrap();
            let rows: Vec<u32> = xml
                .split("<row r=\"")
                .skip(1)
                .filter_map(|row| row.split('"').next()?.parse().ok())
                .collect();
            assert!(
                rows.windows(2).all(|w| w[0] < w[1]),
                "sheet{n}: rows out of order or repeated: {rows:?}"
            );
        }
    }

    fn with_budget(summary: &BatchSummary, budget: usize) -> Vec<u8> {
        let stats = DetailStats::of(summary, &InLine).unwrap();
        summary_workbook_within(summary, &InLine, &stats, None, budget)
            .unwrap()
            .save_to_buffer()
            .unwrap()
    }

    /// Wrapped rows get their height while the budget lasts, the 汇总 sheet
    /// first; a sheet whose rows ran out gets a note naming the first row
    /// left without one.
    #[test]
    fn row_heights_stop_at_the_budget_with_a_note() {
        let mut s = sample();
        // A long explanation wraps in 问题清单 (widest column 60).
        s.departments[3].problems[0].explanation = "长".repeat(80);
        s.finish();
        let full = build_summary(&s).unwrap();
        assert_rows_listed_once(&full);
        // 汇总: data rows 4–7 all wrap: 甲局's 备注 (55 width units in a
        // 46-wide column), 丙局's name (12 units, the widest in its 14-wide
        // column: a line holds 92% of the width), 乙局's 暂定 note, 甲局
        // (sub/d.xlsx)'s 备注 (73 units).
        let (summary_rows, last) = heights_and_last(&full, 1, 4);
        assert_eq!(summary_rows, [4, 5, 6, 7]);
        assert!(!last.contains("未设行高"), "{last}");
        // 问题清单: row 4 is one line (every text narrower than its
        // column) and keeps the default height; row 5's source cell is the
        // widest of its column; row 6 has the 80-character explanation.
        let (problem_rows, last) = heights_and_last(&full, 4, 4);
        assert_eq!(problem_rows, [5, 6]);
        assert!(!last.contains("未设行高"), "{last}");
        // Room for the 汇总 and one problem.
        let bytes = with_budget(&s, 5);
        assert_rows_listed_once(&bytes);
        assert_eq!(heights_and_last(&bytes, 1, 4).0, [4, 5, 6, 7]);
        let (rows, last) = heights_and_last(&bytes, 4, 4);
        // Row 5 and the note under the three problems (row 7).
        assert_eq!(rows, [5, 7]);
        assert!(
            last.starts_with("注：条目较多，为控制内存，第6行起未设行高"),
            "{last}"
        );
        // None at all: both sheets say where it stopped.
        let bytes = with_budget(&s, 0);
        assert_rows_listed_once(&bytes);
        let (rows, last) = heights_and_last(&bytes, 1, 4);
        assert!(rows.iter().all(|r| *r > 7), "only the note's row: {rows:?}");
        assert!(
            last.starts_with("注：条目较多，为控制内存，第4行起未设行高"),
            "{last}"
        );
        let (_, last) = heights_and_last(&bytes, 4, 4);
        assert!(
            last.starts_with("注：条目较多，为控制内存，第5行起未设行高"),
            "{last}"
        );
        // The budget changes nothing else: same cells, same values.
        assert_eq!(
            sheet(&full, SHEET_PROBLEMS)[..6],
            sheet(&bytes, SHEET_PROBLEMS)[..6]
        );
    }

    #[test]
    fn indicator_matrix_pairs_score_and_value() {
        let bytes = build_summary(&sample()).unwrap();
        let rows = sheet(&bytes, SHEET_INDICATORS);
        assert_eq!(rows[2][2], "投入");
        assert_eq!(rows[2][4], "过程");
        assert_eq!(rows[3][2], "在职人员控制率（5分）");
        assert_eq!(rows[3][6], "服务对象满意度（10分）");
        assert_eq!(
            rows[4][2..8],
            ["得分", "指标值", "得分", "指标值", "得分", "指标值"]
        );
        let first = &rows[5];
        assert_eq!(first[1], "甲局");
        assert_eq!(first[2..8], ["5", "94.74%", "9.5", "101.20%", "10", ""]);
        // The last department's 满意度 is 待评: blank score.
        let last = &rows[8];
        assert_eq!(last[6], "");
        assert_eq!(rows.len(), 9);
    }

    #[test]
    fn indicator_matrix_unions_names_across_rubrics() {
        let mut s = sample();
        let other = &mut s.departments[1];
        other.indicators = vec![
            indicator(
                10,
                "产出",
                "实际完成率",
                dec!(8),
                Some(dec!(8)),
                Origin::Computed,
                Some("100.00%"),
            ),
            indicator(
                11,
                "过程",
                "预算完成率",
                dec!(6),
                Some(dec!(6)),
                Origin::Reference,
                None,
            ),
        ];
        let m = matrix(&s);
        let names: Vec<&str> = m.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "在职人员控制率",
                "预算完成率",
                "服务对象满意度",
                "实际完成率"
            ]
        );
        // 预算完成率 has 10 and 6 分: no agreed 分值.
        assert_eq!(m.columns[1].max, None);
        assert_eq!(m.columns[0].max, Some(dec!(5)));
        assert!(m.cells[1][0].is_none());
        assert_eq!(m.cells[1][3].unwrap().name, "实际完成率");
        assert_eq!(m.cells[1][1].unwrap().max, dec!(6));
        build_summary(&s).unwrap();
    }

    #[test]
    fn distribution_sheet_has_counts_and_two_charts_on_its_ranges() {
        // Every 满分 100 (the usual case; mixed 满分 are tested below).
        let mut s = sample();
        s.departments[3].max_total = dec!(100);
        let bytes = build_summary(&s).unwrap();
        let rows = sheet(&bytes, SHEET_DISTRIBUTION);
        assert_eq!(rows[2][..4], ["等级", "部门数", "占比", "其中暂定"]);
        let counts: Vec<(&str, &str)> = rows[3..7]
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        assert_eq!(
            counts,
            [("优秀", "1"), ("良好", "2"), ("中", "0"), ("差", "1")]
        );
        assert_eq!(rows[4][3], "1");
        assert_eq!(rows[7][..2], ["合计", "4"]);
        // No per-department rows here: a batch of 10,000 would hold them all
        // in memory. The bar chart reads the 汇总 sheet's 部门 and 总分
        // columns, whose rows are the departments in rank order.
        assert!(
            !rows.iter().any(|r| r.first().is_some_and(|c| c == "排名")),
            "{rows:?}"
        );
        let summary = sheet(&bytes, SHEET_SUMMARY);
        let header = 2;
        let (dept, total) = (
            column(&summary, header, "部门"),
            column(&summary, header, "总分"),
        );
        assert_eq!((dept, total), (1, 6));
        let totals: Vec<&str> = summary[header + 1..header + 5]
            .iter()
            .map(|r| r[total].as_str())
            .collect();
        assert_eq!(totals, ["92.5", "85", "85", "58"]);

        let grades = part(&bytes, "xl/charts/chart1.xml").expect("column chart");
        assert!(grades.contains("<c:barDir val=\"col\"/>"));
        assert!(grades.contains("<c:f>等级分布!$A$4:$A$7</c:f>"), "{grades}");
        assert!(grades.contains("<c:f>等级分布!$B$4:$B$7</c:f>"));
        // The grade table is in memory: its chart has cached values.
        assert!(grades.contains("<c:v>2</c:v>"), "{grades}");
        let totals_chart = part(&bytes, "xl/charts/chart2.xml").expect("bar chart");
        assert!(totals_chart.contains("<c:barDir val=\"bar\"/>"));
        let shown: Vec<&str> = summary[header + 1..header + 5]
            .iter()
            .map(|r| r[dept].as_str())
            .collect();
        assert_eq!(shown, ["甲局", "丙局, \"直属\"", "乙局", "甲局"]);
        // Names as a string reference and totals as a number reference,
        // each with the values the 汇总 sheet shows, in rank order
        // (report::chart_cache; rust_xlsxwriter cannot cache a streamed
        // sheet's cells).
        let names = "<c:pt idx=\"0\"><c:v>甲局</c:v></c:pt><c:pt idx=\"1\"><c:v>丙局, &quot;直属&quot;</c:v></c:pt><c:pt idx=\"2\"><c:v>乙局</c:v></c:pt><c:pt idx=\"3\"><c:v>甲局</c:v></c:pt>";
        assert!(
            totals_chart.contains(&format!(
                "<c:cat><c:strRef><c:f>汇总!$B$4:$B$7</c:f><c:strCache><c:ptCount val=\"4\"/>{names}</c:strCache></c:strRef></c:cat>"
            )),
            "{totals_chart}"
        );
        let values = "<c:pt idx=\"0\"><c:v>92.5</c:v></c:pt><c:pt idx=\"1\"><c:v>85</c:v></c:pt><c:pt idx=\"2\"><c:v>85</c:v></c:pt><c:pt idx=\"3\"><c:v>58</c:v></c:pt>";
        assert!(
            totals_chart.contains(&format!(
                "<c:val><c:numRef><c:f>汇总!$G$4:$G$7</c:f><c:numCache><c:formatCode>0.00</c:formatCode><c:ptCount val=\"4\"/>{values}</c:numCache></c:numRef></c:val>"
            )),
            "{totals_chart}"
        );
        // Every other part as rust_xlsxwriter wrote it.
        let stats = DetailStats::of(&s, &InLine).unwrap();
        let raw = summary_workbook(&s, &InLine, &stats, None)
            .unwrap()
            .save_to_buffer()
            .unwrap();
        let names = |b: &[u8]| {
            let z = zip::ZipArchive::new(Cursor::new(b)).unwrap();
            z.file_names()
                .map(|n| n.unwrap().to_string())
                .collect::<Vec<String>>()
        };
        assert_eq!(names(&raw), names(&bytes));
        for name in names(&raw) {
            if name != "xl/charts/chart2.xml" {
                assert_eq!(part(&raw, &name), part(&bytes, &name), "{name}");
            }
        }
        let drawing = part(&bytes, "xl/drawings/drawing1.xml").unwrap();
        assert_eq!(drawing.matches("<c:chart ").count(), 2);
    }

    #[test]
    fn problems_list_every_department_in_order() {
        let bytes = build_summary(&sample()).unwrap();
        let rows = sheet(&bytes, SHEET_PROBLEMS);
        assert_eq!(
            rows[2],
            [
                "序号",
                "部门",
                "指标",
                "类别",
                "说明",
                "来源单元格",
                "数据文件"
            ]
        );
        let data = &rows[3..];
        assert_eq!(data.len(), 3);
        assert_eq!(data[0][..4], ["1", "甲局", "预算完成率", "扣分"]);
        assert_eq!(data[1][3], "数值异常");
        assert_eq!(data[1][5], "其他财务数据!B9");
        assert_eq!(data[1][6], "a.xlsx");
        assert_eq!(data[2][..4], ["3", "甲局", "在职人员控制率", "无法计算"]);
        assert_eq!(data[2][6], "sub/d.xlsx");
        assert!(rows[1][0].starts_with("共3条"));
    }

    #[test]
    fn failures_are_listed_or_none() {
        let mut s = sample();
        let bytes = build_summary(&s).unwrap();
        let rows = sheet(&bytes, SHEET_FAILURES);
        assert_eq!(rows[2], ["序号", "文件", "原因"]);
        assert_eq!(rows[3], ["1", "坏/e.xlsx", "文件损坏，无法读取"]);
        assert_eq!(rows.len(), 4);
        // Filtered like the other sheets: header and rows.
        let xml = part(&bytes, "xl/worksheets/sheet5.xml").unwrap();
        assert!(xml.contains(r#"<autoFilter ref="A3:C4"/>"#), "{xml}");

        s.failures.clear();
        let bytes = build_summary(&s).unwrap();
        let rows = sheet(&bytes, SHEET_FAILURES);
        assert_eq!(rows[3][0], "无");
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn an_empty_batch_still_gives_every_sheet() {
        let mut s = sample();
        s.departments.clear();
        s.year = None;
        let bytes = build_summary(&s).unwrap();
        let rows = sheet(&bytes, SHEET_SUMMARY);
        assert_eq!(rows[0][0], "部门整体支出绩效评价汇总表");
        assert_eq!(rows.len(), 3);
        assert_eq!(sheet(&bytes, SHEET_PROBLEMS)[3][0], "无");
        // The distribution chart remains; no department, no bar chart.
        assert!(part(&bytes, "xl/charts/chart1.xml").is_some());
        assert!(part(&bytes, "xl/charts/chart2.xml").is_none());
    }

    #[test]
    fn reviewed_points_get_a_column_only_when_present() {
        let mut s = sample();
        let plain = summary_table(&s);
        assert!(!plain.columns.iter().any(|(h, _)| h == "审核"));
        s.departments[0].split.reviewed = dec!(3);
        let t = summary_table(&s);
        let at = t.columns.iter().position(|(h, _)| h == "审核").unwrap();
        assert_eq!(t.columns[at - 1].0, "参考");
        assert_eq!(t.rows[0][at], Value::Score(dec!(3)));
    }

    #[test]
    fn same_summary_same_bytes() {
        let s = sample();
        let a = build_summary(&s).unwrap();
        let b = build_summary(&s.clone()).unwrap();
        assert!(a == b, "two builds differ");
        let core = part(&a, "docProps/core.xml").unwrap();
        assert!(core.contains("2024-01-01T00:00:00Z"), "{core}");
    }
}

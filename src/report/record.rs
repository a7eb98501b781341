//! The hidden sheet `_jixiao` of a scored workbook: what jixiao wrote, so
//! that a read-back (`jixiao aggregate`) can tell a person's edit from
//! jixiao's own value (DESIGN §3, issue 10).
//!
//! Layout (zero-based rows and columns, all fixed):
//! - rows 0.. [`META`]: a label in column A, its value in column B;
//! - row [`ROWS_HEADER`]: the header of the row table ([`ROW_HEADERS`]),
//!   then one row per scored rubric row, in scorecard order;
//! - after one blank row, the warnings table ([`WARNING_HEADERS`]).
//!
//! Two columns of the row table are live formulas over the 评分表 sheet:
//! the row's current score (审核得分 when a number is there, else the score
//! column) and its current origin (审核 when a person changed or filled the
//! score). Every total, the grade and the headline are formulas over them.
//! This module writes the sheet; `readback` reads it, by these constants.

use rust_decimal::Decimal;
use rust_xlsxwriter::utility::quote_sheet_name;
use rust_xlsxwriter::{Formula, Workbook, XlsxError};

use crate::base::cell_ref::{cell_name, col_name};
use crate::base::format::{num, round_half_up};
use crate::config::GradeScale;
use crate::score::{Finding, Scorecard};

/// The sheet's name.
pub const SHEET: &str = "_jixiao";
/// The value of the 格式 row: changes when the layout below changes in a
/// way an older reader cannot read. A column added at the end of the row
/// table (来源单元格, 自评得分单元格) does not change it: older workbooks
/// without it read as rows without those cells.
pub const FORMAT: &str = "jixiao-scored/1";

/// Meta rows: label (column A); the value is in column B.
pub const META: [&str; 17] = [
    "格式",
    "jixiao 版本",
    "单位名称",
    "评价年度",
    "数据文件",
    "评分表",
    "评分表标题",
    "得分工作表",
    "核算得分列",
    "审核得分列",
    "自评得分列",
    "指标名称列",
    "分值列",
    "满分",
    "等级下限",
    "等级名称",
    "说明",
];

/// Index of a meta label in [`META`] (its row).
pub fn meta_row(label: &str) -> Option<u32> {
    META.iter()
        .position(|m| *m == label)
        .and_then(|i| u32::try_from(i).ok())
}

/// The row of the row table's header.
pub const ROWS_HEADER: u32 = META.len() as u32 + 1;

/// Columns of the row table.
pub const ROW_HEADERS: [&str; 19] = [
    "工作表",
    "行号",
    "评分表行",
    "一级指标",
    "二级指标",
    "指标",
    "名称单元格",
    "分值",
    "来源",
    "来源代码",
    "写入得分",
    "自评得分",
    "指标值",
    "结论",
    "计算说明",
    "当前得分",
    "当前来源",
    "来源单元格",
    "自评得分单元格",
];

/// Column indexes of the row table, by meaning.
pub mod col {
    pub const KEY_SHEET: u16 = 0;
    pub const KEY_ROW: u16 = 1;
    pub const SHOWN_ROW: u16 = 2;
    pub const LEVEL1: u16 = 3;
    pub const LEVEL2: u16 = 4;
    pub const NAME: u16 = 5;
    pub const NAME_SHOWN: u16 = 6;
    pub const MAX: u16 = 7;
    pub const ORIGIN: u16 = 8;
    pub const ORIGIN_CODE: u16 = 9;
    pub const WRITTEN: u16 = 10;
    pub const SELF_SCORE: u16 = 11;
    pub const METRIC_VALUE: u16 = 12;
    pub const FINDING: u16 = 13;
    pub const EXPLANATION: u16 = 14;
    pub const CURRENT: u16 = 15;
    pub const CURRENT_ORIGIN: u16 = 16;
    /// The cells the row's metric was computed from (for the 问题清单;
    /// absent in workbooks written before it was kept).
    pub const SOURCES: u16 = 17;
    /// The cells the row's 自评得分 was read from (absent in workbooks
    /// written before it was kept).
    pub const SELF_SCORE_CELLS: u16 = 18;
}

/// Columns of the warnings table.
/// 所指行 is the position (1 for the first) among the rows above of the row
/// a warning about one row is about (absent in workbooks written before it
/// was kept).
pub const WARNING_HEADERS: [&str; 4] = ["提示类别", "提示", "单元格", "所指行"];

/// The origin a row gets once a person filled or changed its score.
pub const REVIEWED: &str = "审核";
/// The origin of a row without a score.
pub const PENDING: &str = "待评";

/// Where the scored 评分表 sheet shows each scorecard row, and which
/// columns hold what (zero-based, in the written sheet).
#[derive(Debug, Clone)]
pub struct Placement {
    /// The sheet's name (`评分表`).
    pub sheet: String,
    /// jixiao's score: 核算得分, or the rubric's empty score column.
    pub score_col: u16,
    /// The reviewer's 审核得分, when the sheet has one.
    pub review_col: Option<u16>,
    /// The department's 自评得分, when kept apart from the score column.
    pub self_col: Option<u16>,
    pub name_col: u16,
    pub max_col: u16,
    /// The 合计/总分 row (zero-based).
    pub total_row: u32,
    /// The rubric's merged ranges (`A28:A31`) left out or cut because they
    /// overlapped another or reached below the rubric's last row.
    pub merges_changed: Vec<String>,
    /// The scorecard rows shown, in scorecard order.
    pub rows: Vec<PlacedRow>,
}

/// One scorecard row as shown in the 评分表 sheet.
#[derive(Debug, Clone)]
pub struct PlacedRow {
    /// Index in the scorecard's rows.
    pub index: usize,
    /// Zero-based row in the 评分表 sheet.
    pub row: u32,
    /// The text written in the name cell (empty under a merged name).
    pub name_shown: String,
}

/// Absolute ranges of the record's live columns, for formulas elsewhere.
#[derive(Debug, Clone)]
pub struct Ranges {
    /// `_jixiao!$P$20:$P$60`: every row's current score.
    pub current: String,
    /// Every row's current origin (核算, 参考, 自评（未核验）, 审核, 待评).
    pub origin: String,
    /// Every row's 分值.
    pub max: String,
    /// Every row's 一级指标.
    pub level1: String,
    /// Number of rows.
    pub count: usize,
}

/// A score as a formula result: 2 decimals, half-up.
pub fn result(d: Decimal) -> String {
    num(round_half_up(d, 2))
}

fn finding_code(f: &Finding) -> &'static str {
    match f {
        Finding::Evaluated { .. } => "evaluated",
        Finding::NotApplicableFull { .. } => "not_applicable_full",
        Finding::MissingReference { .. } => "missing_reference",
        Finding::NotComputable { .. } => "not_computable",
        Finding::OutOfRange { .. } => "out_of_range",
        Finding::Manual { .. } => "manual",
        Finding::Composed { .. } => "composed",
    }
}

fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn abs_range(c: u16, first: u32, last: u32) -> String {
    format!(
        "{}!${}${}:${}${}",
        quote_sheet_name(SHEET),
        col_name(c),
        first + 1,
        col_name(c),
        last + 1
    )
}

/// The ranges of a record of `count` rows (what [`write`] returns).
pub fn ranges(count: usize) -> Ranges {
    let first = ROWS_HEADER + 1;
    let last = first + u32::try_from(count.max(1) - 1).unwrap_or(0);
    Ranges {
        current: abs_range(col::CURRENT, first, last),
        origin: abs_range(col::CURRENT_ORIGIN, first, last),
        max: abs_range(col::MAX, first, last),
        level1: abs_range(col::LEVEL1, first, last),
        count,
    }
}

/// Writes the hidden sheet. Returns the ranges other formulas use.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn write(
    wb: &mut Workbook,
    card: &Scorecard,
    sources: &[Option<String>],
    grades: &GradeScale,
    at: &Placement,
) -> Result<Ranges, XlsxError> {
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.set_hidden(true);
    ws.set_formula_result_default("");
    let letter = |c: Option<u16>| c.map(col_name).unwrap_or_default();
    let meta: [String; 17] = [
        FORMAT.to_string(),
        env!("CARGO_PKG_VERSION").to_string(),
        card.department.clone(),
        card.year.map(|y| y.to_string()).unwrap_or_default(),
        card.file.clone(),
        card.rubric.clone(),
        card.rubric_title.clone(),
        at.sheet.clone(),
        letter(Some(at.score_col)),
        letter(at.review_col),
        letter(at.self_col),
        letter(Some(at.name_col)),
        letter(Some(at.max_col)),
        num(card.max_total),
        grades
            .bands
            .iter()
            .map(|(b, _)| num(*b))
            .collect::<Vec<_>>()
            .join("|"),
        grades.labels().join("|"),
        "jixiao 读回审核结果所用的记录，请勿修改".to_string(),
    ];
    for (r, (label, value)) in META.iter().zip(meta).enumerate() {
        let r = u32::try_from(r).unwrap_or(0);
        ws.write_string(r, 0, *label)?;
        ws.write_string(r, 1, value)?;
    }
    for (c, h) in ROW_HEADERS.iter().enumerate() {
        ws.write_string(ROWS_HEADER, u16::try_from(c).unwrap_or(0), *h)?;
    }
    let sheet = quote_sheet_name(&at.sheet);
    let first = ROWS_HEADER + 1;
    let placed_rows = at
        .rows
        .iter()
        .filter_map(|p| card.rows.get(p.index).map(|row| (row, p)));
    for (i, (row, placed)) in placed_rows.enumerate() {
        let r = first + u32::try_from(i).unwrap_or(0);
        ws.write_string(r, col::KEY_SHEET, &row.key.sheet)?;
        ws.write_number(r, col::KEY_ROW, f64::from(row.key.row))?;
        ws.write_number(r, col::SHOWN_ROW, f64::from(placed.row + 1))?;
        ws.write_string(r, col::LEVEL1, &row.level1)?;
        ws.write_string(r, col::LEVEL2, &row.level2)?;
        ws.write_string(r, col::NAME, &row.name)?;
        ws.write_string(r, col::NAME_SHOWN, &placed.name_shown)?;
        ws.write(r, col::MAX, row.max)?;
        ws.write_string(r, col::ORIGIN, row.origin.label())?;
        ws.write_string(r, col::ORIGIN_CODE, code(&row.origin))?;
        if let Some(s) = row.score {
            ws.write(r, col::WRITTEN, round_half_up(s, 2))?;
        }
        if let Some(s) = row.self_score {
            ws.write(r, col::SELF_SCORE, s)?;
        }
        if let Some(v) = &row.metric_value {
            ws.write_string(r, col::METRIC_VALUE, v)?;
        }
        ws.write_string(r, col::FINDING, finding_code(&row.finding))?;
        ws.write_string(r, col::EXPLANATION, &row.explanation)?;
        if let Some(Some(cells)) = sources.get(placed.index) {
            ws.write_string(r, col::SOURCES, cells)?;
        }
        if let Some(cells) = &row.self_score_cells {
            ws.write_string(r, col::SELF_SCORE_CELLS, cells)?;
        }
        let score = format!("{sheet}!{}", cell_name(placed.row, at.score_col));
        let written = cell_name(r, col::WRITTEN);
        let own = cell_name(r, col::ORIGIN);
        let (current, origin) = match at.review_col {
            Some(v) => {
                let review = format!("{sheet}!{}", cell_name(placed.row, v));
                (
                    format!("=IF(ISNUMBER({review}),{review},IF(ISNUMBER({score}),{score},\"\"))"),
                    format!(
                        "=IF(ISNUMBER({review}),\"{REVIEWED}\",IF(ISNUMBER({score}),IF(AND(ISNUMBER({written}),ROUND({score}-{written},2)=0),{own},\"{REVIEWED}\"),\"{PENDING}\"))"
                    ),
                )
            }
            None => (
                format!("=IF(ISNUMBER({score}),{score},\"\")"),
                format!(
                    "=IF(ISNUMBER({score}),IF(AND(ISNUMBER({written}),ROUND({score}-{written},2)=0),{own},\"{REVIEWED}\"),\"{PENDING}\")"
                ),
            ),
        };
        let cached = row.score.map(result).unwrap_or_default();
        ws.write_formula(r, col::CURRENT, Formula::new(current).set_result(cached))?;
        ws.write_formula(
            r,
            col::CURRENT_ORIGIN,
            Formula::new(origin).set_result(row.origin.label()),
        )?;
    }
    let count = at.rows.len();
    let last = first + u32::try_from(count.max(1) - 1).unwrap_or(0);
    let mut r = last + 2;
    for (c, h) in WARNING_HEADERS.iter().enumerate() {
        ws.write_string(r, u16::try_from(c).unwrap_or(0), *h)?;
    }
    // A row's position here, from its index in the scorecard.
    let position = |index: usize| {
        at.rows
            .iter()
            .filter(|p| card.rows.get(p.index).is_some())
            .position(|p| p.index == index)
    };
    for w in &card.warnings {
        r += 1;
        ws.write_string(r, 0, code(&w.kind))?;
        ws.write_string(r, 1, &w.message)?;
        if let Some(at) = &w.at {
            ws.write_string(r, 2, at.cell())?;
        }
        if let Some(p) = w.row.and_then(position) {
            ws.write_number(r, 3, f64::from(u32::try_from(p + 1).unwrap_or(0)))?;
        }
    }
    ws.set_column_width(col::NAME, 20)?;
    ws.set_column_width(col::EXPLANATION, 30)?;
    Ok(ranges(count))
}

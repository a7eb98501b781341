//! Reading jixiao's own scored workbooks back (`jixiao aggregate`, issue 10),
//! reviewers' edits included, whether the file was saved by Excel, WPS or
//! LibreOffice (xlsx or ods).
//!
//! The hidden `_jixiao` record ([`crate::report::record`]) says where each
//! row is, what jixiao wrote and how it was scored. A row's score is then:
//! the 审核得分 a person typed (origin 审核); else the score column, which
//! counts as 审核 when a person changed it; else 待评. Totals, the split by
//! origin and the grade are computed again with the record's grade bands.
//! A workbook without a record, or whose rows no longer match it, is not
//! guessed at: it is an error naming why.
//!
//! Like `grid`, this stage reads files; it writes none.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::base::checked;
use crate::base::format::round_half_up;
use crate::base::number::{Parsed, parse_text};
use crate::base::text::normalize_text;
use crate::base::{Warning, WarningKind};
use crate::config::GradeScale;
use crate::grid::{CellValue, GridError, Sheet, Workbook, read_workbook};
use crate::report::record::{self, col};
use crate::rubric::RowKey;
use crate::score::summary::{DeptSummary, IndicatorScore, Problem, ProblemKind, RowCells};
use crate::score::{Origin, OriginSplit, Subtotal, explain, grade_basis_of};

/// Why a workbook could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadbackError {
    /// The file could not be opened or parsed.
    #[error("{0}")]
    Unreadable(#[from] GridError),
    /// No `_jixiao` record: not a workbook jixiao scored.
    #[error(
        "不是 jixiao 生成的评分结果（没有隐藏的“_jixiao”记录表），无法汇总：请先用 jixiao score 或 jixiao batch 评分"
    )]
    NotJixiao,
    /// A record of another layout version.
    #[error("评分结果的记录格式「{found}」不是本版本 jixiao 所能读取的，请用生成它的版本汇总")]
    Format { found: String },
    /// The record or the 评分表 was changed beyond recognition.
    #[error("评分结果已被改动，无法识别：{0}")]
    Unrecognised(String),
    /// A score cell holds something that is not a score for its row.
    #[error("「{name}」（评分表第{row}行）的{column}「{value}」{why}")]
    BadScore {
        name: String,
        row: u32,
        column: String,
        value: String,
        why: &'static str,
    },
}

/// A department read back: what the 汇总 needs, with the reviewed rows.
#[derive(Debug, Clone)]
pub struct ReadBack {
    pub summary: DeptSummary,
    /// The department's rubric: the record's 评分表 name (for the 汇总 title).
    pub rubric: String,
    /// The grade bands the workbook was scored with.
    pub scale: GradeScale,
}

/// One record row, as written by jixiao.
struct RecordRow {
    key: RowKey,
    /// Zero-based row in the 评分表 sheet.
    row: u32,
    level1: String,
    name: String,
    name_shown: String,
    max: Decimal,
    origin: Origin,
    written: Option<Decimal>,
    self_score: Option<Decimal>,
    metric_value: Option<String>,
    finding: String,
    explanation: String,
    /// The cells behind the row's metric (empty in older workbooks).
    sources: Option<String>,
    /// The cells its 自评得分 was read from (empty in older workbooks).
    self_score_cells: Option<String>,
}

fn number(v: &CellValue) -> Option<Decimal> {
    match v {
        CellValue::Number(d) => Some(*d),
        CellValue::Text(t) => match parse_text(t) {
            Parsed::Number { value, .. } => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// A column letter (`H`) → zero-based index.
fn column_index(letter: &str) -> Option<u16> {
    let letter = letter.trim();
    if letter.is_empty() || !letter.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    letter
        .bytes()
        .try_fold(0u32, |n, b| {
            n.checked_mul(26)?.checked_add(u32::from(b - b'A' + 1))
        })
        .and_then(|n| u16::try_from(n.checked_sub(1)?).ok())
}

fn text(v: &CellValue) -> String {
    match v {
        CellValue::Number(d) => crate::base::format::num(*d),
        other => other.display(),
    }
}

/// Text compared without whitespace or line-break differences (a spreadsheet
/// program may write `\r\n` for `\n`).
fn same_text(a: &str, b: &str) -> bool {
    let squash = |s: &str| -> String {
        normalize_text(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    squash(a) == squash(b)
}

struct Meta<'a> {
    sheet: &'a Sheet,
}

impl Meta<'_> {
    fn get(&self, label: &str) -> Option<String> {
        (0..self.sheet.row_count().min(record::ROWS_HEADER + 5))
            .find(|r| self.sheet.get(*r, 0).display() == label)
            .map(|r| text(self.sheet.get(r, 1)))
    }

    fn require(&self, label: &str) -> Result<String, ReadbackError> {
        self.get(label)
            .ok_or_else(|| ReadbackError::Unrecognised(format!("记录表缺少「{label}」")))
    }
}

fn origin_of(code: &str) -> Option<Origin> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

fn warning_kind(code: &str) -> Option<WarningKind> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

/// The record's grade bands (`90|80|60` and `优秀|良好|中|差`).
fn scale(meta: &Meta<'_>) -> Result<GradeScale, ReadbackError> {
    let bad = || ReadbackError::Unrecognised("记录表中的等级标准无法读取".to_string());
    let lowers: Vec<Decimal> = meta
        .require("等级下限")?
        .split('|')
        .map(|x| x.trim().parse::<Decimal>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let labels: Vec<String> = meta
        .require("等级名称")?
        .split('|')
        .map(str::to_string)
        .collect();
    if labels.len() != lowers.len() + 1 {
        return Err(bad());
    }
    Ok(GradeScale {
        bands: lowers.into_iter().zip(labels.iter().cloned()).collect(),
        lowest: labels.last().cloned().unwrap_or_default(),
    })
}

fn record_rows(sheet: &Sheet) -> Result<(Vec<RecordRow>, u32), ReadbackError> {
    let header = (0..sheet.row_count())
        .find(|r| sheet.get(*r, 0).display() == record::ROW_HEADERS[0])
        .ok_or_else(|| ReadbackError::Unrecognised("记录表缺少各行的记录".to_string()))?;
    let mut rows = Vec::new();
    let mut r = header + 1;
    while !sheet.get(r, col::KEY_SHEET).is_empty() {
        let cell = |c: u16| sheet.get(r, c);
        let bad = |what: &str| {
            ReadbackError::Unrecognised(format!("记录表第{}行的{what}无法读取", r + 1))
        };
        let shown = number(cell(col::SHOWN_ROW))
            .and_then(|d| d.to_u32())
            .filter(|n| *n > 0)
            .ok_or_else(|| bad("评分表行"))?;
        let key_row = number(cell(col::KEY_ROW))
            .and_then(|d| d.to_u32())
            .ok_or_else(|| bad("行号"))?;
        rows.push(RecordRow {
            key: RowKey {
                sheet: text(cell(col::KEY_SHEET)),
                row: key_row,
            },
            row: shown - 1,
            level1: text(cell(col::LEVEL1)),
            name: text(cell(col::NAME)),
            name_shown: text(cell(col::NAME_SHOWN)),
            max: number(cell(col::MAX)).ok_or_else(|| bad("分值"))?,
            origin: origin_of(&text(cell(col::ORIGIN_CODE))).ok_or_else(|| bad("来源"))?,
            written: number(cell(col::WRITTEN)),
            self_score: number(cell(col::SELF_SCORE)),
            metric_value: Some(text(cell(col::METRIC_VALUE))).filter(|t| !t.is_empty()),
            finding: text(cell(col::FINDING)),
            explanation: text(cell(col::EXPLANATION)),
            sources: Some(text(cell(col::SOURCES))).filter(|t| !t.is_empty()),
            self_score_cells: Some(text(cell(col::SELF_SCORE_CELLS))).filter(|t| !t.is_empty()),
        });
        r += 1;
    }
    if rows.is_empty() {
        return Err(ReadbackError::Unrecognised(
            "记录表没有任何指标行".to_string(),
        ));
    }
    Ok((rows, r))
}

/// The warnings table below the rows, each with its cell (`三公经费!C7`) when
/// it has one.
fn warnings(sheet: &Sheet, after: u32) -> Vec<(Warning, Option<String>)> {
    let Some(header) = (after..sheet.row_count().min(after + 3))
        .find(|r| sheet.get(*r, 0).display() == record::WARNING_HEADERS[0])
    else {
        return Vec::new();
    };
    ((header + 1)..sheet.row_count())
        .map_while(|r| {
            let kind = warning_kind(&sheet.get(r, 0).display())?;
            Some((r, kind))
        })
        .map(|(r, kind)| {
            let cell = Some(sheet.get(r, 2).display()).filter(|c| !c.is_empty());
            let mut w = Warning::new(kind, sheet.get(r, 1).display());
            // The row it is about, by position among the record's rows
            // (absent in older workbooks: found by name then).
            if let Some(p) = record_position(sheet.get(r, 3)) {
                w = w.about_row(p);
            }
            (w, cell)
        })
        .collect()
}

/// A 所指行 cell: a whole number from 1, as an index from 0.
fn record_position(v: &CellValue) -> Option<usize> {
    let n = number(v)?;
    if n.fract() != Decimal::ZERO || n < Decimal::ONE {
        return None;
    }
    usize::try_from(n.to_u64()?).ok()?.checked_sub(1)
}

/// A score cell of a row: a number, blank, or an error naming the cell.
fn score_cell(
    sheet: &Sheet,
    row: &RecordRow,
    c: u16,
    column: &str,
) -> Result<Option<Decimal>, ReadbackError> {
    let v = sheet.get(row.row, c);
    if v.is_empty() {
        return Ok(None);
    }
    let bad = |why| ReadbackError::BadScore {
        name: row.name.clone(),
        row: row.row + 1,
        column: column.to_string(),
        value: text(v),
        why,
    };
    let d = number(v).ok_or_else(|| bad("不是数字"))?;
    if d < Decimal::ZERO || d > row.max {
        return Err(bad("超出该项分值范围"));
    }
    Ok(Some(d))
}

/// Reads a scored workbook back. `rel` is how the 汇总 names the file.
///
/// # Errors
/// [`ReadbackError`] when the file cannot be read, was not made by jixiao,
/// or was edited beyond recognition.
pub fn read(path: &Path, rel: &str) -> Result<ReadBack, ReadbackError> {
    let wb = read_workbook(path)?;
    from_workbook(&wb, rel)
}

/// [`read`] on a workbook already in memory.
///
/// # Errors
/// See [`read`].
pub fn from_workbook(wb: &Workbook, rel: &str) -> Result<ReadBack, ReadbackError> {
    let rec = wb.sheet(record::SHEET).ok_or(ReadbackError::NotJixiao)?;
    let meta = Meta { sheet: rec };
    let format = meta.require("格式")?;
    if format != record::FORMAT {
        return Err(ReadbackError::Format { found: format });
    }
    let sheet_name = meta.require("得分工作表")?;
    let sheet = wb
        .sheet(&sheet_name)
        .ok_or_else(|| ReadbackError::Unrecognised(format!("找不到「{sheet_name}」工作表")))?;
    let column = |label: &str| -> Result<Option<u16>, ReadbackError> {
        let v = meta.require(label)?;
        if v.trim().is_empty() {
            return Ok(None);
        }
        column_index(&v)
            .map(Some)
            .ok_or_else(|| ReadbackError::Unrecognised(format!("记录表中的「{label}」无法读取")))
    };
    let missing = |label: &str| ReadbackError::Unrecognised(format!("记录表缺少「{label}」"));
    let score_col = column("核算得分列")?.ok_or_else(|| missing("核算得分列"))?;
    let review_col = column("审核得分列")?;
    let name_col = column("指标名称列")?.ok_or_else(|| missing("指标名称列"))?;
    let max_col = column("分值列")?.ok_or_else(|| missing("分值列"))?;
    let header = |c: u16| {
        // The header text of a column, for messages: the first text above
        // the first data row that is not a title.
        (0..sheet.row_count().min(40))
            .map(|r| sheet.shown(r, c).display())
            .find(|t| t.contains("得分"))
            .map_or_else(
                || "得分".to_string(),
                |t| normalize_text(&t).replace(char::is_whitespace, ""),
            )
    };
    let (score_name, review_name) = (header(score_col), review_col.map(header));
    let scale = scale(&meta)?;
    let (rows, after) = record_rows(rec)?;
    let mut indicators = Vec::new();
    let mut problems = Vec::new();
    let mut split = OriginSplit::default();
    let mut subtotals: Vec<Subtotal> = Vec::new();
    let (mut total, mut before, mut max_total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut self_total: Option<Decimal> = None;
    let mut reviewed_any = false;
    for row in &rows {
        // The row must still be where the record says, with its name and 分值.
        let name_here = sheet.get(row.row, name_col).display();
        let max_here = number(sheet.get(row.row, max_col));
        if !same_text(&name_here, &row.name_shown) || max_here != Some(row.max) {
            return Err(ReadbackError::Unrecognised(format!(
                "评分表第{}行应为「{}」（分值{}），现为「{}」（分值{}）：表格的行已被增删或移动，无法对应各行得分",
                row.row + 1,
                row.name,
                crate::base::format::num(row.max),
                name_here.trim(),
                max_here.map_or_else(|| "空".to_string(), crate::base::format::num)
            )));
        }
        let review = match review_col {
            Some(c) => score_cell(sheet, row, c, review_name.as_deref().unwrap_or("审核得分"))?,
            None => None,
        };
        let scored = score_cell(sheet, row, score_col, &score_name)?;
        let written = row.written.map(|w| round_half_up(w, 2));
        let (score, origin, change) = match (review, scored) {
            (Some(v), _) => (
                Some(v),
                Origin::Reviewed,
                (written != Some(round_half_up(v, 2))).then(|| {
                    explain::review_change(
                        review_name.as_deref().unwrap_or("审核得分"),
                        written,
                        Some(v),
                        false,
                    )
                }),
            ),
            (None, Some(s)) if written == Some(round_half_up(s, 2)) => (written, row.origin, None),
            (None, Some(s)) => (
                Some(s),
                Origin::Reviewed,
                Some(explain::review_change(&score_name, written, Some(s), true)),
            ),
            (None, None) if written.is_some() => (
                None,
                Origin::Pending,
                Some(explain::review_change(&score_name, written, None, true)),
            ),
            (None, None) => (None, Origin::Pending, None),
        };
        let score = score.map(|s| round_half_up(s, 2));
        reviewed_any |= origin == Origin::Reviewed || change.is_some();
        let add = |a: Decimal, b: Decimal| checked::add(a, b).unwrap_or(a);
        total = add(total, score.unwrap_or_default());
        before = add(before, written.unwrap_or_default());
        max_total = add(max_total, row.max);
        if let Some(s) = row.self_score {
            self_total = Some(add(self_total.unwrap_or_default(), s));
        }
        match origin {
            Origin::Computed => split.computed = add(split.computed, score.unwrap_or_default()),
            Origin::Reference => split.reference = add(split.reference, score.unwrap_or_default()),
            Origin::SelfUnverified => {
                split.self_unverified = add(split.self_unverified, score.unwrap_or_default());
            }
            Origin::Reviewed => split.reviewed = add(split.reviewed, score.unwrap_or_default()),
            Origin::Pending => split.pending_max = add(split.pending_max, row.max),
        }
        match subtotals.iter_mut().find(|s| s.name == row.level1) {
            Some(s) => {
                s.max = add(s.max, row.max);
                s.score = add(s.score, score.unwrap_or_default());
            }
            None => subtotals.push(Subtotal {
                name: row.level1.clone(),
                max: row.max,
                score: score.unwrap_or_default(),
            }),
        }
        if let Some(text) = change {
            let cell = match (review, review_col) {
                (Some(_), Some(c)) => c,
                _ => score_col,
            };
            problems.push(Problem {
                kind: ProblemKind::Reviewed,
                indicator: Some(row.name.clone()),
                explanation: text,
                source: Some(format!(
                    "{sheet_name}!{}",
                    crate::base::cell_ref::cell_name(row.row, cell)
                )),
            });
        } else if origin != Origin::Reviewed {
            // The deductions and gaps jixiao found, as `batch` lists them.
            let lost = matches!(origin, Origin::Computed | Origin::Reference)
                && score.is_some_and(|s| s < row.max);
            let kind = if lost {
                Some(ProblemKind::Deduction)
            } else if matches!(
                row.finding.as_str(),
                "not_computable" | "out_of_range" | "missing_reference"
            ) {
                Some(ProblemKind::NotComputable)
            } else {
                None
            };
            if let Some(kind) = kind {
                problems.push(Problem {
                    kind,
                    indicator: Some(row.name.clone()),
                    explanation: row.explanation.clone(),
                    source: row.sources.clone(),
                });
            }
        }
        indicators.push(IndicatorScore {
            key: row.key.clone(),
            level1: row.level1.clone(),
            name: row.name.clone(),
            max: row.max,
            score,
            origin,
            metric_value: row.metric_value.clone(),
        });
    }
    let warnings = warnings(rec, after);
    let cells: Vec<RowCells<'_>> = rows
        .iter()
        .map(|r| RowCells {
            name: &r.name,
            origin: r.origin,
            sources: r.sources.as_deref(),
            self_score: r.self_score_cells.as_deref(),
        })
        .collect();
    problems.extend(warnings.iter().map(|(w, cell)| {
        Problem {
            kind: ProblemKind::Warning(w.kind),
            indicator: None,
            explanation: w.message.clone(),
            // As `batch` gives them (`DeptSummary::of`), from the origins and
            // cells jixiao wrote.
            source: cell
                .clone()
                .or_else(|| crate::score::summary::warning_sources(w, &cells)),
        }
    }));
    let basis = grade_basis_of(total, max_total);
    let best = checked::add(total, split.pending_max).unwrap_or(total);
    let year = meta
        .get("评价年度")
        .and_then(|y| y.trim().parse::<i32>().ok());
    let department = meta.require("单位名称")?;
    let summary = DeptSummary {
        file: meta.get("数据文件").unwrap_or_default(),
        department,
        year,
        subtotals,
        total: total.normalize(),
        max_total: max_total.normalize(),
        grade: scale.grade(basis).to_string(),
        provisional: indicators.iter().any(|i| !i.origin.is_certain()),
        split,
        self_total: self_total.map(|d| d.normalize()),
        warnings: warnings.len(),
        indicators,
        problems,
        duplicate_name: false,
        output: Some(rel.to_string()),
        previous: None,
        best_grade: (best > total)
            .then(|| scale.grade(grade_basis_of(best, max_total)).to_string()),
        before_review: reviewed_any.then_some(before.normalize()),
    };
    Ok(ReadBack {
        summary,
        rubric: meta.get("评分表").unwrap_or_default(),
        scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("H"), Some(7));
        assert_eq!(column_index("AA"), Some(26));
        assert_eq!(column_index(""), None);
        assert_eq!(column_index("h"), None);
    }

    #[test]
    fn a_workbook_without_a_record_is_not_jixiaos() {
        let wb = Workbook {
            file_name: "某局.xlsx".into(),
            sheets: vec![Sheet::new("评分表")],
            ..Workbook::default()
        };
        let err = from_workbook(&wb, "某局.xlsx").unwrap_err();
        assert!(
            err.to_string().starts_with("不是 jixiao 生成的评分结果"),
            "{err}"
        );
    }
}

//! Reading a rubric table from a worksheet: header detection by labels,
//! merged 一级/二级 names carried down, points, self-scores.
//!
//! This reader knows the *shape* of a 评分表; turning its text into rules is
//! the job of `rules` and the rubric builder.

use rust_decimal::Decimal;

use crate::base::Location;
use crate::base::checked;
use crate::base::name::split_name;
use crate::base::number::{Parsed, parse_text};
use crate::base::text::{cut, normalize_label};
use crate::grid::{CellValue, GridError, Sheet, Workbook};
use crate::profile::{HeaderLabels, Profile};

/// Why a rubric could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    /// The rubric file itself could not be read.
    #[error("评分表无法读取：{0}")]
    Unreadable(#[from] GridError),
    /// No row looks like a header with 指标 and 分值 columns.
    #[error(
        "在「{file}」中找不到评分表的表头：需要有“三级指标”（或“指标名称”）和“分值”（或“权重”）等列名"
    )]
    HeaderNotFound { file: String },
    /// The header was found but no row has points.
    #[error(
        "「{file}」的「{sheet}」表中表头下没有任何带分值的指标行：请在「分值」列填写各指标的分值（数字）"
    )]
    NoRows { file: String, sheet: String },
    /// A 分值 that is not a positive number of sane size (issue 11).
    #[error("{at}的分值「{value}」无效：分值应为大于0、不超过{MAX_POINTS}的数，请核对该行")]
    BadPoints { at: Location, value: Decimal },
    /// A 分值 or score too large to compute with (issue 6).
    #[error("{at}的{what}「{value}」超出可计算范围，请核对该单元格")]
    ValueOutOfRange {
        at: Location,
        what: &'static str,
        value: Decimal,
    },
}

/// Columns of a rubric table (zero-based), found by their header labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub level1: Option<u16>,
    pub level2: Option<u16>,
    pub level3: Option<u16>,
    pub content: Option<u16>,
    pub standard: Option<u16>,
    pub rule: Option<u16>,
    pub max: Option<u16>,
    pub self_score: Option<u16>,
    pub review: Option<u16>,
    pub reason: Option<u16>,
}

impl Columns {
    fn count(&self) -> usize {
        [
            self.level1,
            self.level2,
            self.level3,
            self.content,
            self.standard,
            self.rule,
            self.max,
            self.self_score,
            self.review,
            self.reason,
        ]
        .iter()
        .filter(|c| c.is_some())
        .count()
    }
}

/// One row of a rubric table as written.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub row: u32,
    /// Points written in the 一级/二级 cells: `投入（20分）`.
    pub level1_points: Option<Decimal>,
    pub level2_points: Option<Decimal>,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub content: String,
    pub standard: String,
    pub rule_text: Option<String>,
    pub max: Option<Decimal>,
    pub self_score: Option<Decimal>,
    pub review: Option<Decimal>,
    /// A 合计/总分 row.
    pub is_total: bool,
}

/// A rubric table found in a sheet.
#[derive(Debug, Clone)]
pub struct RubricTable {
    pub sheet: String,
    pub header_row: u32,
    /// First row after the header (a header may span two rows).
    pub first_data_row: u32,
    pub columns: Columns,
    pub rows: Vec<TableRow>,
}

/// Classifies the header labels of one row by the profile's header labels.
fn columns_of_row(sheet: &Sheet, row: u32, headers: &HeaderLabels) -> Columns {
    let mut cols = Columns::default();
    let mut standard_rank = usize::MAX;
    // 指标说明 and the like rank after every standard column.
    let fallback_rank = headers.standard.len();
    for c in 0..sheet.col_count() {
        // Merged header cells show their text in every covered column; only
        // the first column of a merged range counts.
        if sheet.merged_at(row, c).is_some_and(|m| m.first_col != c) {
            continue;
        }
        if !matches!(sheet.shown(row, c), CellValue::Text(_)) {
            continue;
        }
        let l = sheet.shown_label(row, c);
        let standard = headers.standard.position(l).or_else(|| {
            headers
                .standard_or_content
                .matches(l)
                .then_some(fallback_rank)
        });
        if l.starts_with("一级") {
            cols.level1.get_or_insert(c);
        } else if l.starts_with("二级") {
            cols.level2.get_or_insert(c);
        } else if l.starts_with("三级") || headers.level3.matches(l) {
            cols.level3.get_or_insert(c);
        } else if headers.rule.matches(l) {
            cols.rule = Some(c);
        } else if let Some(rank) = standard {
            // 指标说明 is the standard only when nothing better is there.
            if rank < standard_rank {
                if let Some(prev) = cols.standard
                    && standard_rank == fallback_rank
                {
                    cols.content.get_or_insert(prev);
                }
                standard_rank = rank;
                cols.standard = Some(c);
            } else if rank == fallback_rank {
                cols.content.get_or_insert(c);
            }
        } else if headers.content.matches(l) {
            cols.content.get_or_insert(c);
        } else if headers.max.matches(l) {
            // Several 分值 columns (one per level): the last is the finest.
            cols.max = Some(c);
        } else if headers.review.matches(l) {
            cols.review.get_or_insert(c);
        } else if headers.self_score.matches(l) {
            cols.self_score.get_or_insert(c);
        } else if headers.reason.matches(l) {
            cols.reason.get_or_insert(c);
        }
    }
    // With both 指标解释 and 指标说明, 解释 is the definition and 说明 the standard.
    cols
}

/// Finds the header row: the row among the first 30 with the most rubric
/// column labels, which must include a name and a points or score column.
fn find_header(sheet: &Sheet, headers: &HeaderLabels) -> Option<(u32, Columns)> {
    let mut best: Option<(u32, Columns)> = None;
    for r in 0..sheet.row_count().min(30) {
        let cols = columns_of_row(sheet, r, headers);
        let named = cols.level3.is_some() || cols.level2.is_some() || cols.level1.is_some();
        if !named || (cols.max.is_none() && cols.self_score.is_none()) || cols.count() < 2 {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b)| cols.count() > b.count()) {
            best = Some((r, cols));
        }
    }
    best
}

fn number_at(sheet: &Sheet, row: u32, col: Option<u16>) -> Option<Decimal> {
    let c = col?;
    match sheet.get(row, c) {
        CellValue::Number(d) => Some(*d),
        CellValue::Text(t) => match parse_text(t) {
            Parsed::Number { value, .. } => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// The largest 分值 of one rubric row.
const MAX_POINTS: Decimal = Decimal::ONE_THOUSAND;

/// The longest text kept from a rubric cell; longer ones are cut with a note.
const MAX_TEXT: usize = 10_000;

fn text_at(sheet: &Sheet, row: u32, col: Option<u16>) -> String {
    col.map(|c| cut(sheet.shown(row, c).display().trim(), MAX_TEXT))
        .unwrap_or_default()
}

/// Reads the rubric table of a sheet, recognising its header by the
/// profile's header labels.
///
/// # Errors
/// [`RubricError::HeaderNotFound`] when no header row is recognised.
pub fn read_table(
    wb: &Workbook,
    sheet: &Sheet,
    profile: &Profile,
) -> Result<RubricTable, RubricError> {
    let (header_row, columns) =
        find_header(sheet, profile.headers()).ok_or_else(|| RubricError::HeaderNotFound {
            file: wb.file_name.clone(),
        })?;
    // A header merged down over two rows pushes the data one row further.
    let first_data_row = (0..sheet.col_count())
        .filter_map(|c| sheet.merged_at(header_row, c))
        .map(|m| m.last_row + 1)
        .max()
        .unwrap_or(header_row + 1)
        .max(header_row + 1);
    let mut rows = Vec::new();
    let (mut level1, mut level2, mut name) = (String::new(), String::new(), String::new());
    for r in first_data_row..sheet.row_count() {
        let l1 = text_at(sheet, r, columns.level1);
        let l2 = text_at(sheet, r, columns.level2);
        let l3 = text_at(sheet, r, columns.level3);
        let first_text = (0..sheet.col_count())
            .find(|c| sheet.text(r, *c).is_some())
            .map_or("", |c| sheet.label(r, c));
        let l1_label = normalize_label(&l1);
        let is_total = ["合计", "总分", "总计", "总得分"]
            .iter()
            .any(|t| first_text.starts_with(t) || l1_label.starts_with(t));
        if !l1.is_empty() {
            if l1 != level1 {
                level2.clear();
                name.clear();
            }
            level1 = l1;
        }
        if !l2.is_empty() {
            if l2 != level2 {
                name.clear();
            }
            level2 = l2;
        }
        if !l3.is_empty() {
            name = l3;
        }
        let checked_at = |col: Option<u16>, what: &'static str| {
            let value = number_at(sheet, r, col);
            match (value, col) {
                (Some(v), Some(c)) if checked::in_range(v).is_err() => {
                    Err(RubricError::ValueOutOfRange {
                        at: wb.location(sheet, r, c),
                        what,
                        value: v,
                    })
                }
                _ => Ok(value),
            }
        };
        if number_at(sheet, r, columns.max).is_none()
            && number_at(sheet, r, columns.self_score).is_none()
            && !is_total
        {
            continue;
        }
        // Only the rows kept are checked: a stray number under a 备注 row
        // does not make the whole rubric unreadable.
        let max = checked_at(columns.max, "分值")?;
        if let (Some(v), Some(c)) = (max, columns.max)
            && !is_total
            && (v <= Decimal::ZERO || v > MAX_POINTS)
        {
            return Err(RubricError::BadPoints {
                at: wb.location(sheet, r, c),
                value: v,
            });
        }
        let self_score = checked_at(columns.self_score, "自评得分")?;
        let review = checked_at(columns.review, "审核得分")?;
        let standard = text_at(sheet, r, columns.standard);
        let content = text_at(sheet, r, columns.content);
        // Without a 三级 column the finest level present names the row.
        let row_name = if name.is_empty() {
            if level2.is_empty() {
                level1.clone()
            } else {
                level2.clone()
            }
        } else {
            name.clone()
        };
        let (level1_name, level1_points) = split_name(&level1);
        let (level2_name, level2_points) = split_name(&level2);
        rows.push(TableRow {
            row: r,
            level1_points,
            level2_points,
            level1: level1_name,
            level2: level2_name,
            name: row_name,
            content,
            standard,
            rule_text: columns
                .rule
                .map(|c| sheet.shown(r, c).display().trim().to_string())
                .filter(|t| !t.is_empty()),
            max,
            self_score,
            review,
            is_total,
        });
    }
    if rows.iter().all(|r| r.is_total || r.max.is_none()) {
        return Err(RubricError::NoRows {
            file: wb.file_name.clone(),
            sheet: sheet.name.clone(),
        });
    }
    Ok(RubricTable {
        sheet: sheet.name.clone(),
        header_row,
        first_data_row,
        columns,
        rows,
    })
}

/// The rubric table of a workbook: a sheet named like 评分表 first, then any
/// sheet with a rubric header. `None` when the workbook carries none.
pub fn find_table(wb: &Workbook, profile: &Profile) -> Option<RubricTable> {
    rubric_sheets(wb).find_map(|s| read_table(wb, s, profile).ok())
}

/// Sheets named like a rubric (评分表, 指标体系).
pub fn rubric_sheets(wb: &Workbook) -> impl Iterator<Item = &Sheet> {
    wb.sheets
        .iter()
        .filter(|s| s.name.contains("评分") || s.name.contains("指标体系"))
}

/// The rubric table of a rubric file: a sheet named like a rubric first,
/// then any sheet with a rubric header.
///
/// # Errors
/// [`RubricError::HeaderNotFound`] or [`RubricError::NoRows`] from the first sheet tried.
pub fn table_of_rubric_file(wb: &Workbook, profile: &Profile) -> Result<RubricTable, RubricError> {
    let named = rubric_sheets(wb);
    let others = wb
        .sheets
        .iter()
        .filter(|s| !s.name.contains("评分") && !s.name.contains("指标体系"));
    let mut first_error = None;
    for sheet in named.chain(others) {
        match read_table(wb, sheet, profile) {
            Ok(t) => return Ok(t),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(RubricError::HeaderNotFound {
        file: wb.file_name.clone(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::MergedRange;
    use rust_decimal_macros::dec;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    /// The 桃江 shape: a merged name over sub-point rows, each with points.
    #[test]
    fn merged_names_and_sub_points() {
        let mut s = Sheet::new("评分表");
        s.set(0, 0, text("桃江县2019年度部门整体支出绩效评价指标及评分表"));
        for (c, h) in [
            "一级\n指标",
            "二级\n指标",
            "三级\n指标",
            "指标内容",
            "指标说明",
            "分值",
            "自评得分",
            "审核得分",
        ]
        .iter()
        .enumerate()
        {
            s.set(2, u16::try_from(c).unwrap(), text(h));
        }
        s.set(3, 0, text("投入\n（20分）"));
        s.set(3, 1, text("设定目标（10分）"));
        s.set(3, 2, text("绩效目标合理性（5分）"));
        s.set(3, 3, text("部门设立的整体绩效目标依据是否充分"));
        s.merged.push(MergedRange {
            first_row: 3,
            first_col: 0,
            last_row: 5,
            last_col: 0,
        });
        s.merged.push(MergedRange {
            first_row: 3,
            first_col: 1,
            last_row: 5,
            last_col: 1,
        });
        s.merged.push(MergedRange {
            first_row: 3,
            first_col: 2,
            last_row: 4,
            last_col: 2,
        });
        s.set(3, 4, text("1、是否设立年度绩效目标"));
        s.set(3, 5, CellValue::Number(dec!(2)));
        s.set(3, 6, CellValue::Number(dec!(2)));
        s.set(4, 4, text("2、是否符合国家法律法规"));
        s.set(4, 5, CellValue::Number(dec!(1)));
        s.set(4, 6, text("1"));
        s.set(5, 2, text("在职人员控制率（3分）"));
        s.set(5, 4, text("在职人员控制率=（在职人员数/编制数）×100%。"));
        s.set(5, 5, CellValue::Number(dec!(3)));
        s.set(6, 0, text("总  分"));
        s.set(6, 5, CellValue::Number(dec!(100)));
        let wb = Workbook {
            file_name: "桃江.xlsx".into(),
            sheets: vec![s.clone()],
            ..Workbook::default()
        };
        let t = read_table(&wb, &s, &Profile::builtin()).unwrap();
        assert_eq!(t.header_row, 2);
        assert_eq!(t.columns.standard, Some(4));
        assert_eq!(t.columns.content, Some(3));
        assert_eq!(t.columns.review, Some(7));
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[0].level1, "投入");
        assert_eq!(t.rows[0].level2, "设定目标");
        assert_eq!(t.rows[1].name, "绩效目标合理性（5分）");
        assert_eq!(t.rows[1].max, Some(dec!(1)));
        assert_eq!(t.rows[1].self_score, Some(dec!(1)));
        assert_eq!(t.rows[2].level1, "投入");
        assert_eq!(t.rows[2].name, "在职人员控制率（3分）");
        assert!(t.rows[3].is_total);
    }

    /// Header labels a user's profile adds: a new standard column still
    /// outranks 指标说明, which then holds the content.
    #[test]
    fn header_labels_from_a_user_profile() {
        let mut profile = Profile::builtin();
        profile
            .extend_from_str(
                "[header]\nstandard = [\"评分要点\"]\nmax = [\"满分\"]\n",
                std::path::Path::new("别名.toml"),
            )
            .unwrap();
        let mut s = Sheet::new("评分表");
        for (c, h) in ["指标名称", "指标说明", "评分要点", "满分"]
            .iter()
            .enumerate()
        {
            s.set(0, u16::try_from(c).unwrap(), text(h));
        }
        s.set(1, 0, text("预算执行率"));
        s.set(1, 1, text("全年执行数÷全年预算数"));
        s.set(1, 2, text("按比例计分"));
        s.set(1, 3, CellValue::Number(dec!(5)));
        let wb = Workbook {
            file_name: "本地.xlsx".into(),
            sheets: vec![s.clone()],
            ..Workbook::default()
        };
        let t = read_table(&wb, &s, &profile).unwrap();
        assert_eq!(t.columns.standard, Some(2));
        assert_eq!(t.columns.content, Some(1));
        assert_eq!(t.columns.max, Some(3));
        assert_eq!(t.rows[0].max, Some(dec!(5)));
        // Without the profile there is no 分值 column, hence no header.
        assert!(read_table(&wb, &s, &Profile::builtin()).is_err());
    }

    #[test]
    fn no_header_is_an_error() {
        let s = Sheet::new("空");
        let wb = Workbook {
            file_name: "x.xlsx".into(),
            sheets: vec![s.clone()],
            ..Workbook::default()
        };
        let err = read_table(&wb, &s, &Profile::builtin()).unwrap_err();
        assert!(err.to_string().contains("找不到评分表的表头"), "{err}");
    }
}

//! The standard department template (DESIGN §2.1) and the rubric workbook.
//!
//! `jixiao template` writes them blank; the sample generator fills them with
//! figures through [`TemplateValues`], so both share one layout.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::style::{Styles, new_workbook, print_setup, text_width};
use crate::profile::{Profile, TemplateLayout, TemplateSheet};
use crate::rubric::Rubric;

/// rust_xlsxwriter's default zip compression level.
const DEFAULT_ZIP_LEVEL: u8 = 6;

/// A value to put in a template cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(Decimal),
    /// A rate written as a percentage cell (0.92 shows as 92.00%).
    Percent(Decimal),
    Text(String),
}

/// Figures for a filled template: by label for fields, by row label for tables.
#[derive(Debug, Clone, Default)]
pub struct TemplateValues {
    /// Field label (as in the template) → value.
    pub fields: IndexMap<String, Value>,
    /// (sheet, row label) → one value per column (`None` leaves it blank).
    pub tables: IndexMap<(String, String), Vec<Option<Decimal>>>,
    /// Replaces a sheet's unit line, e.g. `("预算执行", "单位：元")`.
    pub units: IndexMap<String, String>,
    /// Write 三公经费 as the official wide 决算 table (two-level header, one row).
    pub sangong_wide: bool,
    /// 自评得分 by indicator name, written into the 评分表 sheet.
    pub self_scores: IndexMap<String, Decimal>,
    /// Lines of a 说明 sheet (where the figures come from).
    pub notes: Vec<String>,
}

/// Writes a locality's own rubric layout into a sheet.
pub type RubricWriter<'a> = &'a dyn Fn(&mut Worksheet) -> Result<(), XlsxError>;

/// What goes into the department workbook's 评分表 sheet.
pub enum RubricSheet<'a> {
    /// A rubric in jixiao's layout, with `TemplateValues::self_scores`.
    Standard(&'a Rubric),
    /// A locality's own layout, written by the caller.
    Custom(RubricWriter<'a>),
}

/// Builds the department workbook: the profile's template sheets, the rubric
/// as sheet 评分表, and a 说明 sheet when notes are given.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn department_workbook(
    profile: &Profile,
    values: &TemplateValues,
    rubric: &RubricSheet<'_>,
) -> Result<Vec<u8>, XlsxError> {
    department_workbook_from(profile.template(), values, rubric)
}

/// [`department_workbook`] with the template's sheets given, so that a
/// generator can write the labels in other wordings (the keys of `values`
/// then use the same wordings).
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn department_workbook_from(
    template: &[TemplateSheet],
    values: &TemplateValues,
    rubric: &RubricSheet<'_>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = new_workbook("部门整体支出绩效评价数据")?;
    // The library's default compression: these files are the template
    // users fill and the committed samples.
    wb.set_zip_compression_level(DEFAULT_ZIP_LEVEL);
    let s = Styles::new();
    for sheet in template {
        let name = sheet.name.as_str();
        let ws = wb.add_worksheet().set_name(name)?;
        ws.merge_range(0, 0, 0, 4, name, &s.title)?;
        let unit = values
            .units
            .get(name)
            .map(String::as_str)
            .or(sheet.unit.as_deref());
        if let Some(unit) = unit {
            ws.write_string_with_format(1, 0, unit, &s.subtitle)?;
        }
        match &sheet.layout {
            TemplateLayout::Fields(labels) => write_fields(ws, labels, values, &s)?,
            TemplateLayout::Table { rows, cols } if name == "三公经费" && values.sangong_wide =>
            {
                write_wide_sangong(ws, rows, cols, values, &s)?;
            }
            TemplateLayout::Table { rows, cols } => write_table(ws, name, rows, cols, values, &s)?,
        }
        print_setup(ws, (0, 0))?;
    }
    match rubric {
        RubricSheet::Standard(r) => rubric_sheet(&mut wb, r, &values.self_scores, &s)?,
        RubricSheet::Custom(write) => write(wb.add_worksheet().set_name("评分表")?)?,
    }
    if !values.notes.is_empty() {
        let ws = wb.add_worksheet().set_name("说明")?;
        ws.set_column_width(0, 100)?;
        for (i, line) in values.notes.iter().enumerate() {
            ws.write_string_with_format(u32::try_from(i).unwrap_or(0), 0, line, &s.note)?;
        }
    }
    wb.save_to_buffer()
}

fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<&Value>,
    s: &Styles,
) -> Result<(), XlsxError> {
    match v {
        Some(Value::Number(d)) => ws.write_with_format(r, c, *d, &s.number)?,
        Some(Value::Percent(d)) => ws.write_with_format(r, c, *d, &s.percent)?,
        Some(Value::Text(t)) => ws.write_string_with_format(r, c, t, &s.text)?,
        None => ws.write_blank(r, c, &s.text)?,
    };
    Ok(())
}

fn write_fields(
    ws: &mut Worksheet,
    labels: &[String],
    values: &TemplateValues,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(2, 0, "项目", &s.header)?;
    ws.write_string_with_format(2, 1, "数值", &s.header)?;
    let mut width: f64 = 12.0;
    for (i, label) in labels.iter().enumerate() {
        let r = 3 + u32::try_from(i).unwrap_or(0);
        ws.write_string_with_format(r, 0, label, &s.text)?;
        write_value(ws, r, 1, values.fields.get(label), s)?;
        width = width.max(text_width(label));
    }
    ws.set_column_width(0, width + 2.0)?;
    ws.set_column_width(1, 18)?;
    Ok(())
}

fn write_table(
    ws: &mut Worksheet,
    sheet: &str,
    rows: &[String],
    cols: &[String],
    values: &TemplateValues,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(2, 0, "项目", &s.header)?;
    for (j, col) in cols.iter().enumerate() {
        ws.write_string_with_format(2, 1 + u16::try_from(j).unwrap_or(0), col, &s.header)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = 3 + u32::try_from(i).unwrap_or(0);
        ws.write_string_with_format(r, 0, row, &s.text)?;
        let figures = values.tables.get(&(sheet.to_string(), row.clone()));
        for j in 0..cols.len() {
            let v = figures
                .and_then(|f| f.get(j).copied().flatten())
                .map(Value::Number);
            write_value(ws, r, 1 + u16::try_from(j).unwrap_or(0), v.as_ref(), s)?;
        }
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_range_width(1, u16::try_from(cols.len()).unwrap_or(1), 14)?;
    Ok(())
}

/// The official wide 三公 layout: items as merged headers over 预算数/决算数,
/// a 栏次 row, then one data row (this year's figures only).
fn write_wide_sangong(
    ws: &mut Worksheet,
    rows: &[String],
    cols: &[String],
    values: &TemplateValues,
    s: &Styles,
) -> Result<(), XlsxError> {
    // Items shown in the wide table: 合计, 因公出国, 公务用车购置及运行费, 公务接待费.
    let items: Vec<&str> = rows
        .iter()
        .map(String::as_str)
        .filter(|r| !r.starts_with("其中") && *r != "公务用车运行费")
        .collect();
    for (k, item) in items.iter().enumerate() {
        let c = u16::try_from(k * 2).unwrap_or(0);
        ws.merge_range(2, c, 2, c + 1, item, &s.header)?;
        ws.write_string_with_format(3, c, "预算数", &s.header)?;
        ws.write_string_with_format(3, c + 1, "决算数", &s.header)?;
        ws.write_with_format(4, c, u32::from(c) + 1, &s.center)?;
        ws.write_with_format(4, c + 1, u32::from(c) + 2, &s.center)?;
        let figures = values
            .tables
            .get(&("三公经费".to_string(), (*item).to_string()));
        for (j, target) in [c, c + 1].into_iter().enumerate() {
            let v = figures
                .and_then(|f| f.get(j).copied().flatten())
                .map(Value::Number);
            write_value(ws, 5, target, v.as_ref(), s)?;
        }
    }
    let last = u16::try_from(items.len() * 2).unwrap_or(0);
    ws.write_string_with_format(4, last, "栏次", &s.center)?;
    ws.set_column_range_width(0, last, 13)?;
    // Last year's figures sit in a small long table below (决算 tables give only this year).
    ws.write_string_with_format(8, 0, "项目", &s.header)?;
    ws.write_string_with_format(8, 1, &cols[2], &s.header)?;
    ws.write_string_with_format(8, 2, &cols[3], &s.header)?;
    ws.write_string_with_format(9, 0, "“三公”经费合计", &s.text)?;
    let figures = values
        .tables
        .get(&("三公经费".to_string(), "合计".to_string()));
    for (j, c) in [(2usize, 1u16), (3, 2)] {
        let v = figures
            .and_then(|f| f.get(j).copied().flatten())
            .map(Value::Number);
        write_value(ws, 9, c, v.as_ref(), s)?;
    }
    Ok(())
}

/// Sheet 评分表: the rubric with a 自评得分 column for the department.
fn rubric_sheet(
    wb: &mut Workbook,
    rubric: &Rubric,
    self_scores: &IndexMap<String, Decimal>,
    s: &Styles,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("评分表")?;
    write_rubric(ws, rubric, self_scores, s)
}

/// Writes a rubric as a sheet (also used for the standalone 默认评分表.xlsx).
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn write_rubric(
    ws: &mut Worksheet,
    rubric: &Rubric,
    self_scores: &IndexMap<String, Decimal>,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.merge_range(0, 0, 0, 5, &rubric.title, &s.title)?;
    for (c, h) in crate::rubric::TEMPLATE_HEADERS.iter().enumerate() {
        ws.write_string_with_format(1, u16::try_from(c).unwrap_or(0), *h, &s.header)?;
    }
    let totals = rubric.level1_totals();
    let mut r = 2;
    for row in &rubric.rows {
        let l1 = totals
            .iter()
            .find(|(n, _)| *n == row.level1)
            .map_or(Decimal::ZERO, |(_, t)| *t);
        ws.write_string_with_format(
            r,
            0,
            format!("{}（{}分）", row.level1, crate::base::format::num(l1)),
            &s.center,
        )?;
        ws.write_string_with_format(r, 1, &row.level2, &s.center)?;
        ws.write_string_with_format(r, 2, &row.name, &s.text)?;
        ws.write_with_format(r, 3, row.max, &s.center)?;
        ws.write_string_with_format(r, 4, &row.standard, &s.text)?;
        match self_scores.get(&row.name) {
            Some(v) => ws.write_with_format(r, 5, *v, &s.score)?,
            None => ws.write_blank(r, 5, &s.score)?,
        };
        r += 1;
    }
    ws.write_string_with_format(r, 0, "合计", &s.subtotal_text)?;
    ws.write_blank(r, 1, &s.subtotal_text)?;
    ws.write_blank(r, 2, &s.subtotal_text)?;
    ws.write_with_format(r, 3, rubric.total_points(), &s.subtotal_score)?;
    ws.write_blank(r, 4, &s.subtotal_text)?;
    ws.write_blank(r, 5, &s.subtotal_text)?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 22)?;
    ws.set_column_width(3, 7)?;
    ws.set_column_width(4, 60)?;
    ws.set_column_width(5, 10)?;
    print_setup(ws, (1, 1))?;
    Ok(())
}

/// The standalone rubric workbook written by `jixiao template`.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn rubric_workbook(rubric: &Rubric) -> Result<Vec<u8>, XlsxError> {
    let mut wb = new_workbook(&rubric.title)?;
    wb.set_zip_compression_level(DEFAULT_ZIP_LEVEL);
    let s = Styles::new();
    let ws = wb.add_worksheet().set_name("评分表")?;
    write_rubric(ws, rubric, &IndexMap::new(), &s)?;
    wb.save_to_buffer()
}

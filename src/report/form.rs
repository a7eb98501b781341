//! What makes a scored 评分表 an official form (issue 10), shared by
//! jixiao's own layout and a locality's: score cells that accept only a
//! score, cells a person fills shaded, merged cells cut at page breaks, the
//! note and signature lines under the table, and the print setup.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Worksheet, XlsxError,
};

use super::paging::split_at;
use super::style::Styles;

/// Lets a score cell take only a number from 0 to the row's 分值, with a
/// message in Chinese.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn validate_score(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    max: Decimal,
) -> Result<(), XlsxError> {
    let max_f = max.to_f64().unwrap_or(0.0);
    let shown = crate::base::format::num(max);
    let v = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, max_f))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("得分超出范围")?
        .set_error_message(format!(
            "本项分值为{shown}分，请输入 0 到 {shown} 之间的数字。"
        ))?
        .set_input_title("得分")?
        .set_input_message(format!("请输入 0 到 {shown} 之间的数字"))?;
    ws.add_data_validation(row, col, row, col, &v)?;
    Ok(())
}

/// A merged range written in pieces cut at the page breaks, each piece
/// with the text (a piece of one cell is written as a cell).
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
#[allow(clippy::too_many_arguments)]
pub fn merge_split(
    ws: &mut Worksheet,
    (first_row, first_col): (u32, u16),
    (last_row, last_col): (u32, u16),
    text: &str,
    f: &Format,
    breaks: &[u32],
) -> Result<(), XlsxError> {
    for (a, b) in split_at(first_row, last_row, breaks) {
        if a == b && first_col == last_col {
            ws.write_string_with_format(a, first_col, text, f)?;
        } else {
            ws.merge_range(a, first_col, b, last_col, text, f)?;
        }
    }
    Ok(())
}

/// The note on shading and live totals, then the signature lines (as on
/// the seed forms: 填报人, 单位负责人（签字）, （盖章）, and the reviewer's).
/// Returns the row after them.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn closing_lines(
    ws: &mut Worksheet,
    row: u32,
    last_col: u16,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let lines: [(&str, f64); 3] = [
        (
            "注：浅黄色单元格为需人工填写的得分（待评项及审核得分），只能填写 0 至该项分值之间的数字；填写或修改任一得分后，合计、等级和评分汇总随之更新。",
            30.0,
        ),
        (
            "填报人：　　　　　　　　　　单位负责人（签字）：　　　　　　　　　　（盖章）　　　　　　　　　　填报日期：　　　　年　　月　　日",
            30.0,
        ),
        (
            "审核人（签字）：　　　　　　　　　　复核人（签字）：　　　　　　　　　　　　　　　　　　　　　　审核日期：　　　　年　　月　　日",
            30.0,
        ),
    ];
    let mut r = row;
    for (i, (text, height)) in lines.iter().enumerate() {
        let f = if i == 0 { &s.small } else { &s.subtitle };
        if last_col > 0 {
            ws.merge_range(r, 0, r, last_col, text, f)?;
        } else {
            ws.write_string_with_format(r, 0, *text, f)?;
        }
        ws.set_row_height(r, *height)?;
        r += 1;
    }
    Ok(r)
}

/// Print setup of a 评分表: A4 landscape at an explicit scale (Excel
/// ignores manual page breaks under "fit to page"), the header rows
/// repeated, the page breaks, 第 N 页 共 M 页.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn print_form(
    ws: &mut Worksheet,
    header_rows: (u32, u32),
    scale: u16,
    breaks: &[u32],
) -> Result<(), XlsxError> {
    super::style::print_setup(ws, header_rows)?;
    ws.set_print_scale(scale);
    if !breaks.is_empty() {
        ws.set_page_breaks(breaks)?;
    }
    Ok(())
}
/// The 审核得分 total over `review` (a range of the review column): empty
/// until a reviewer fills a score; then every row counts with its 审核得分
/// where one is filled and its score (`score`, the same rows) elsewhere.
pub fn review_total(review: &str, score: &str) -> String {
    format!("=IF(COUNT({review})=0,\"\",SUMPRODUCT(1-ISNUMBER({review}),{score})+SUM({review}))")
}

//! Every cell format and the print setup of jixiao's workbooks, in one place.
//!
//! Official forms are printed and stamped: 宋体, thin borders, A4 landscape,
//! header rows repeated on every page, page numbers in the footer.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

pub const FONT: &str = "宋体";

/// The formats used by every sheet.
pub struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub text: Format,
    pub center: Format,
    pub score: Format,
    pub percent: Format,
    pub number: Format,
    pub subtotal_text: Format,
    pub subtotal_score: Format,
    pub note: Format,
    /// A wrapping note in a smaller font (under a form's table).
    pub small: Format,
    /// A score a person fills (待评 score, 审核得分): shaded.
    pub input: Format,
    /// Amounts: thousands separators.
    pub amount: Format,
}

impl Styles {
    pub fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(10.5);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let bold = cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0x00F2_F2F2));
        Styles {
            title: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone().set_align(FormatAlign::VerticalCenter),
            header: bold.clone().set_align(FormatAlign::Center),
            text: cell.clone(),
            center: cell.clone().set_align(FormatAlign::Center),
            score: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00"),
            percent: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00%"),
            number: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0.00##"),
            subtotal_text: bold.clone().set_align(FormatAlign::Center),
            subtotal_score: bold.set_align(FormatAlign::Center).set_num_format("0.00"),
            input: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00")
                .set_background_color(Color::RGB(0x00FF_F2CC)),
            amount: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0.00"),
            small: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_font_size(9),
            note: base.set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Self::new()
    }
}

/// The zip compression of the workbooks jixiao computes (scored workbooks,
/// 汇总): level 3 instead of rust_xlsxwriter's default 6 made a scored
/// workbook about 2.5 % larger and saving it about a sixth faster
/// (docs/性能.md). The template and the sample workbooks keep the default.
pub const ZIP_LEVEL: u8 = 3;

/// A new workbook with fixed document properties, so identical input gives
/// byte-identical output (NOTES-ecosystem §2.5), compressed at [`ZIP_LEVEL`].
///
/// # Errors
/// Never in practice: the fixed date is valid.
pub fn new_workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(title)
        .set_author("jixiao")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 1)?);
    wb.set_properties(&props);
    wb.set_zip_compression_level(ZIP_LEVEL);
    Ok(wb)
}

/// A4 landscape, one page wide, header rows repeated, page numbers.
///
/// # Errors
/// When `header_rows` is outside the sheet.
pub fn print_setup(ws: &mut Worksheet, header_rows: (u32, u32)) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页 共 &N 页");
    ws.set_repeat_rows(header_rows.0, header_rows.1)?;
    Ok(())
}

/// Display width of a text in Excel column units: CJK and full-width
/// characters count 2, others 1 (rust_xlsxwriter's autofit counts CJK as
/// ~1, which cuts Chinese labels off: NOTES-ecosystem §2.4).
pub fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|line| {
            line.chars()
                .map(|c| if is_wide(c) { 2.0 } else { 1.1 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

fn is_wide(c: char) -> bool {
    // × ÷, general punctuation (“” …), letter-like symbols, arrows, maths
    // (≤ ≥), enclosed numbers (①): drawn full width by CJK fonts.
    matches!(c as u32,
        0x00D7 | 0x00F7 | 0x2010..=0x2BFF | 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Row height (points) that shows every line of wrapped texts in columns
/// of the given widths: 宋体 10.5 needs about 14 points a line, the CJK
/// fonts LibreOffice substitutes on Linux (Noto Sans CJK) about 15.2; 16
/// keeps both unclipped.
pub fn wrapped_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            text.lines()
                // Lines break before a full line's width (no line may start
                // with "，" and the like): count 92% of the width.
                .map(|l| {
                    (text_width(l) / ((width - 1.0) * 0.92).max(1.0))
                        .ceil()
                        .max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 16.0 + 4.0).max(18.0)
}

/// The width a column gets: content plus margin, within `[min, max]`.
pub fn column_width((content, min, max): (f64, f64, f64)) -> f64 {
    (content + 2.0).clamp(min, max)
}

/// Sets column widths from the widest text of each column, within
/// `[min, max]`; wider text wraps.
///
/// # Errors
/// When a column is outside the sheet.
pub fn fit_columns(ws: &mut Worksheet, widths: &[(f64, f64, f64)]) -> Result<(), XlsxError> {
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(col).unwrap_or(u16::MAX), column_width(*w))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double() {
        assert!((text_width("在职人员控制率") - 14.0).abs() < f64::EPSILON);
        assert!(text_width("ABC") < 4.0);
        assert!((text_width("短\n较长的一行") - 10.0).abs() < f64::EPSILON);
    }
}

//! Opening .xlsx, .xls and .ods files with calamine.
//!
//! The format is detected from the first bytes, not from the extension
//! (calamine matches extensions case-sensitively, and government systems save
//! HTML or XML under a `.xls` name: NOTES-ecosystem §1.2). Parsing runs under
//! `catch_unwind` because a corrupt file can make calamine panic (§1.7).

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use calamine::{
    Data, DataRef, Reader, SheetType, Sheets, Xls, XlsError, Xlsx, XlsxError,
    open_workbook_auto_from_rs,
};

use super::limits::{Merge, XlsxScan};
use super::{CellValue, MergedRange, NumFormat, Sheet, Workbook};
use crate::base::number::decimal_from_f64;

/// Cells beyond these limits are ignored (stray far cells, NOTES-ecosystem §1.7).
const MAX_ROWS: u32 = 20_000;
const MAX_COLS: u32 = 500;

/// Why a workbook could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GridError {
    /// The file does not exist or cannot be opened.
    #[error("无法打开文件「{path}」：{}", crate::base::os_error::describe(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An HTML page, an XML spreadsheet, or CSV or plain text saved with an
    /// Excel extension.
    #[error(
        "文件「{path}」实为{kind}格式，并非真正的 Excel 文件：请在 Excel 或 WPS 中打开后“另存为” .xlsx 再试"
    )]
    DisguisedFormat { path: PathBuf, kind: &'static str },
    /// Password-protected workbook.
    #[error("文件「{path}」设有打开密码，无法读取：请在 Excel 或 WPS 中取消密码后另存再试")]
    Encrypted { path: PathBuf },
    /// A file of no bytes at all (a copy or download cut short, an empty
    /// placeholder).
    #[error("文件「{path}」是空文件（0 字节），可能是复制或下载时中断：请报送单位重新发送")]
    Empty { path: PathBuf },
    /// A file of zero bytes only: what an interrupted copy or a crash while
    /// saving often leaves on Windows (the size is kept, the data is not).
    #[error(
        "文件「{path}」的内容全是空字节（{size} 字节均为 0），可能是复制、下载或保存时中断：请报送单位重新发送"
    )]
    Zeroed { path: PathBuf, size: usize },
    /// Not a spreadsheet format jixiao knows.
    #[error("文件「{path}」不是可识别的电子表格（支持 .xlsx、.xls、.ods）")]
    UnknownFormat { path: PathBuf },
    /// calamine failed or panicked on the content.
    /// Refused before parsing (issue 11): not a regular file, too large, a
    /// sheet reaching beyond the limits.
    #[error("无法读取「{path}」：{refusal}")]
    Refused {
        path: PathBuf,
        refusal: super::limits::Refusal,
    },
    #[error(
        "文件「{path}」已损坏或格式异常，无法读取：请在 Excel 或 WPS 中打开后另存，或请报送单位重新导出（{}）",
        corrupt_detail(detail)
    )]
    Corrupt { path: PathBuf, detail: String },
}

/// What a caught panic of the reader is reported as.
const PARSER_GAVE_UP: &str = "文件内容结构异常，读取中途无法继续";

/// The reader's detail of a corrupt file: the common ones in Chinese, any
/// other kept as 技术信息 for whoever looks into the file.
fn corrupt_detail(detail: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            "Cannot detect file format",
            "无法识别文件格式，文件可能不完整",
        ),
        ("Invalid sector shift", "文件结构已损坏"),
        ("invalid Zip archive", "压缩结构已损坏，文件可能不完整"),
        ("unexpected end of file", "文件不完整"),
        ("UnexpectedEof", "文件不完整"),
    ];
    if detail == PARSER_GAVE_UP {
        return detail.to_string();
    }
    match KNOWN.iter().find(|(en, _)| detail.contains(en)) {
        Some((_, zh)) => (*zh).to_string(),
        None => format!("技术信息：{detail}"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Zip,
    Cfb,
}

/// Reads every worksheet of a workbook file.
///
/// # Errors
/// [`GridError::Io`], [`GridError::Empty`], [`GridError::Zeroed`],
/// [`GridError::DisguisedFormat`],
/// [`GridError::Encrypted`], [`GridError::UnknownFormat`] or
/// [`GridError::Corrupt`].
pub fn read_workbook(path: &Path) -> Result<Workbook, GridError> {
    let refused = |refusal| GridError::Refused {
        path: path.to_path_buf(),
        refusal,
    };
    // Only regular files: a FIFO would block `read` forever.
    super::limits::check_file(path).map_err(refused)?;
    let bytes = std::fs::read(path).map_err(|source| GridError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    workbook_from_bytes(path, &bytes)
}

/// [`read_workbook`] of a file's bytes already read (`path` names it in
/// messages and in the result).
///
/// # Errors
/// As [`read_workbook`], except [`GridError::Io`].
pub fn workbook_from_bytes(path: &Path, bytes: &[u8]) -> Result<Workbook, GridError> {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let format = sniff(path, bytes)?;
    // Sizes are checked before calamine sees the file; the same read gives
    // the .ods and .xls number formats calamine does not expose.
    let refused = |refusal| GridError::Refused {
        path: path.to_path_buf(),
        refusal,
    };
    let (file_formats, scan, stored) = if format == Format::Zip {
        // One read of the zip's directory for both checks; a zip that
        // cannot be read is reported by the parser.
        match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut zip) => {
                let mut scan = super::limits::check_zip(&mut zip).map_err(refused)?;
                let inflated = std::mem::take(&mut scan.inflated);
                let stored = with_parts_stored(&mut zip, &inflated, bytes.len());
                drop(inflated);
                (
                    super::ods::inspect(&mut zip, MAX_ROWS, MAX_COLS).map_err(refused)?,
                    scan,
                    stored,
                )
            }
            Err(_) => (Vec::new(), XlsxScan::default(), None),
        }
    } else {
        (
            super::xls::inspect(bytes, MAX_ROWS, MAX_COLS).map_err(refused)?,
            XlsxScan::default(),
            None,
        )
    };
    let source = stored.as_deref().unwrap_or(bytes);
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        parse(path, source, format, file_formats, &scan)
    }));
    let mut wb = match parsed {
        Ok(result) => result?,
        // The reader gave up half-way on malformed content. Its own words
        // depend on the build (an overflow in a debug build is a slice out
        // of range in a release one) and mean nothing to a user; the quiet
        // panic hook shows them with JIXIAO_DEBUG.
        Err(_) => {
            return Err(GridError::Corrupt {
                path: path.to_path_buf(),
                detail: PARSER_GAVE_UP.to_string(),
            });
        }
    };
    wb.path = path.to_path_buf();
    wb.file_name = file_name;
    Ok(wb)
}

/// The zip again, with the parts the size check decompressed (sheets and
/// shared strings, read whole) stored uncompressed, every other part copied
/// as it was: calamine then reads the very same XML without inflating it a
/// second time (issue 9: the check's decompression was 5% of a batch
/// worker's work). `None` when there is nothing to store or anything about
/// the copy fails: calamine reads the original then.
fn with_parts_stored(
    zip: &mut super::limits::Zip<'_>,
    inflated: &[(usize, Vec<u8>)],
    size: usize,
) -> Option<Vec<u8>> {
    use std::io::Write;
    if inflated.is_empty() {
        return None;
    }
    let extra: usize = inflated.iter().map(|(_, xml)| xml.len()).sum();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(
        size.saturating_add(extra).saturating_add(4096),
    )));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut parts = inflated.iter().peekable();
    for i in 0..zip.len() {
        if let Some((_, xml)) = parts.next_if(|(k, _)| *k == i) {
            let name = zip.by_index_raw(i).ok()?.name().ok()?.into_owned();
            out.start_file(name, stored).ok()?;
            out.write_all(xml).ok()?;
        } else {
            out.raw_copy_file(zip.by_index_raw(i).ok()?).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

fn sniff(path: &Path, bytes: &[u8]) -> Result<Format, GridError> {
    const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Format::Zip);
    }
    if bytes.starts_with(&CFB) {
        return Ok(Format::Cfb);
    }
    if bytes.is_empty() {
        return Err(GridError::Empty {
            path: path.to_path_buf(),
        });
    }
    if bytes.iter().all(|b| *b == 0) {
        return Err(GridError::Zeroed {
            path: path.to_path_buf(),
            size: bytes.len(),
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let kind = if head.starts_with("<html")
        || head.starts_with("<!doctype html")
        || head.contains("<table")
    {
        Some("网页（HTML）")
    } else if head.starts_with("<?xml") || head.starts_with("mime-version") {
        Some("XML 或 MHT")
    } else if looks_like_text_table(bytes) {
        Some("CSV 或纯文本")
    } else {
        None
    };
    match kind {
        Some(kind) => Err(GridError::DisguisedFormat {
            path: path.to_path_buf(),
            kind,
        }),
        None => Err(GridError::UnknownFormat {
            path: path.to_path_buf(),
        }),
    }
}

/// How much of a file [`looks_like_text_table`] looks at.
const TEXT_HEAD_BYTES: usize = 8192;

/// Whether a file (one that is neither zip nor OLE) begins as a table saved
/// as text: CSV or tab-separated text in UTF-8 (with or without a BOM),
/// GBK, or UTF-16 with a BOM (Excel's "Unicode 文本"), as many government
/// systems export their "xls". Its first bytes must be text throughout (no
/// NUL or other control character but tab and line breaks, every byte
/// sequence valid in the encoding) and hold a comma, a tab or a line break:
/// random binary bytes essentially never pass (a control byte turns up
/// within a few dozen of them).
fn looks_like_text_table(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(TEXT_HEAD_BYTES)];
    // The head may end inside a character when the file goes on.
    let cut = head.len() < bytes.len();
    let text: Option<String> = if let Some(rest) = head.strip_prefix(b"\xFF\xFE") {
        utf16_text(rest, cut, u16::from_le_bytes)
    } else if let Some(rest) = head.strip_prefix(b"\xFE\xFF") {
        utf16_text(rest, cut, u16::from_be_bytes)
    } else {
        let rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match std::str::from_utf8(rest) {
            Ok(s) => Some(s.to_string()),
            Err(e) if cut && e.error_len().is_none() => {
                Some(String::from_utf8_lossy(&rest[..e.valid_up_to()]).into_owned())
            }
            // Not UTF-8: GBK's byte pairs stand for its Chinese characters;
            // only the ASCII part is looked at further.
            Err(_) => plausible_gbk(rest, cut).then(|| {
                rest.iter()
                    .filter(|b| b.is_ascii())
                    .map(|&b| char::from(b))
                    .collect()
            }),
        }
    };
    let Some(text) = text else {
        return false;
    };
    let is_text = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    text.chars().any(|c| !c.is_whitespace())
        && text.chars().all(is_text)
        && text.contains([',', '\t', '\n', '\r', '，'])
}

/// UTF-16 text after its byte-order mark; `None` when it is not valid.
fn utf16_text(bytes: &[u8], cut: bool, unit: fn([u8; 2]) -> u16) -> Option<String> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut decoded = char::decode_utf16(units).peekable();
    let mut text = String::with_capacity(bytes.len());
    while let Some(c) = decoded.next() {
        match c {
            Ok(c) => text.push(c),
            // A surrogate pair cut at the end of the head.
            Err(_) if cut && decoded.peek().is_none() => {}
            Err(_) => return None,
        }
    }
    Some(text)
}

/// Whether every byte above ASCII is part of a valid GBK pair (a first
/// byte 0x81–0xFE, a second 0x40–0xFE but 0x7F), and there is at least one.
fn plausible_gbk(bytes: &[u8], cut: bool) -> bool {
    let mut any = false;
    let mut it = bytes.iter();
    while let Some(&b) = it.next() {
        if b.is_ascii() {
            continue;
        }
        if !(0x81..=0xFE).contains(&b) {
            return false;
        }
        match it.next() {
            Some(&t) if (0x40..=0xFE).contains(&t) && t != 0x7F => any = true,
            // The first byte of a pair cut at the end of the head.
            None if cut => break,
            _ => return false,
        }
    }
    any
}

fn parse(
    path: &Path,
    bytes: &[u8],
    format: Format,
    file_formats: super::numfmt::SheetFormats,
    scan: &XlsxScan,
) -> Result<Workbook, GridError> {
    let corrupt = |detail: String| GridError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let encrypted = || GridError::Encrypted {
        path: path.to_path_buf(),
    };
    let mut sheets: Sheets<Cursor<&[u8]>> = match format {
        Format::Zip => open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
            let text = e.to_string();
            if text.contains("password") {
                encrypted()
            } else {
                corrupt(text)
            }
        })?,
        Format::Cfb => match Xls::new(Cursor::new(bytes)) {
            Ok(x) => Sheets::Xls(x),
            Err(XlsError::Password) => return Err(encrypted()),
            // An encrypted .xlsx is a CFB container too.
            Err(e) => match Xlsx::new(Cursor::new(bytes)) {
                Err(XlsxError::Password) => return Err(encrypted()),
                _ => return Err(corrupt(e.to_string())),
            },
        },
    };
    let metadata = sheets.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for meta in metadata {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let mut sheet = Sheet::new(meta.name.clone());
        match &mut sheets {
            Sheets::Xlsx(x) => read_xlsx_sheet(x, &mut sheet)
                .map_err(|e| corrupt(format!("工作表「{}」：{e}", meta.name)))?,
            other => {
                let range = other
                    .worksheet_range(&meta.name)
                    .map_err(|e| corrupt(format!("工作表「{}」：{e}", meta.name)))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, data) in range.used_cells() {
                    let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
                    let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
                    put(&mut sheet, row, col, data.clone());
                }
            }
        }
        // .ods and .xls formats come from `file_formats` (calamine gives
        // their numbers bare and exposes styles for .xlsx only).
        if let Some((_, cells)) = file_formats.iter().find(|(name, _)| *name == meta.name) {
            for &((row, col), format) in cells {
                if matches!(sheet.get(row, col), CellValue::Number(_)) {
                    sheet.set_format(row, col, format);
                }
            }
        }
        let scanned = scan
            .merges
            .iter()
            .find(|(name, _)| *name == meta.name)
            .map(|(_, merges)| merges.as_slice());
        sheet.merged = merged_ranges(&mut sheets, &meta.name, scanned)
            .map_err(|e| corrupt(format!("工作表「{}」合并单元格：{e}", meta.name)))?;
        out.push(sheet);
    }
    Ok(Workbook {
        path: PathBuf::new(),
        file_name: String::new(),
        sheets: out,
    })
}

/// Stores one cell read from the file (cells beyond the limits and empty
/// ones are left out); whether it was stored.
fn put(sheet: &mut Sheet, row: u32, col: u32, data: Data) -> bool {
    if row >= MAX_ROWS || col >= MAX_COLS {
        return false;
    }
    let value = convert(data);
    if value.is_empty() {
        // A later empty copy of a cell (a file may list a cell twice, and
        // the last one counts) empties it.
        if !sheet.get(row, col as u16).is_empty() {
            sheet.set(row, col as u16, CellValue::Empty);
            sheet.set_format(row, col as u16, NumFormat::General);
        }
        return false;
    }
    sheet.set(row, col as u16, value);
    true
}

/// An .xlsx sheet's values and number formats, in one pass over its XML
/// (calamine's cell reader gives each cell with its style id). Only the
/// cells are kept: no grid up to the far corner is allocated.
fn read_xlsx_sheet(x: &mut Xlsx<Cursor<&[u8]>>, sheet: &mut Sheet) -> Result<(), XlsxError> {
    let mut reader = match x.worksheet_cells_reader(&sheet.name) {
        Ok(reader) => reader,
        // A chart or dialog sheet listed as a worksheet: nothing to read.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(e),
    };
    // Each style of the palette is classified once.
    let mut classes: Vec<Option<NumFormat>> = vec![None; reader.styles().len()];
    while let Some((cell, style_id)) = reader.next_cell_with_style_id()? {
        let (row, col) = cell.get_position();
        let numeric = matches!(cell.get_value(), DataRef::Int(_) | DataRef::Float(_));
        let data = Data::from(cell.get_value().clone());
        if !put(sheet, row, col, data) {
            continue;
        }
        if !numeric || style_id == 0 {
            // A cell listed again as text or unformatted loses the format
            // of its earlier copy.
            sheet.set_format(row, col as u16, NumFormat::General);
            continue;
        }
        let Some(slot) = classes.get_mut(style_id) else {
            continue;
        };
        let class = match slot {
            Some(class) => *class,
            None => {
                let class = reader
                    .styles()
                    .get(style_id)
                    .and_then(|s| s.number_format.as_ref())
                    .map_or(NumFormat::General, |f| {
                        NumFormat::classify(f.format_id, &f.format_code)
                    });
                *slot = Some(class);
                class
            }
        };
        sheet.set_format(row, col as u16, class);
    }
    Ok(())
}

fn merged_ranges(
    sheets: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    scanned: Option<&[Merge]>,
) -> Result<Vec<MergedRange>, String> {
    let dims: Vec<Merge> = match (scanned, sheets) {
        // The size check already read them from the sheet's XML.
        (Some(merges), _) => merges.to_vec(),
        (None, Sheets::Xlsx(x)) => x
            .merge_cells_by_sheet_name(name)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect(),
        (None, Sheets::Xls(x)) => x
            .merge_cells_by_sheet_name(name)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect(),
        // calamine 0.38 has no merge API for ODS or XLSB (NOTES-ecosystem §1.4).
        (None, Sheets::Ods(_) | Sheets::Xlsb(_)) => Vec::new(),
    };
    Ok(dims
        .into_iter()
        .filter(|(start, _)| start.0 < MAX_ROWS && start.1 < MAX_COLS)
        .map(|(start, end)| MergedRange {
            first_row: start.0,
            first_col: start.1 as u16,
            last_row: end.0.min(MAX_ROWS),
            last_col: end.1.min(MAX_COLS) as u16,
        })
        .collect())
}

fn convert(data: Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::Int(i) => CellValue::Number(i.into()),
        Data::Float(f) => decimal_from_f64(f).map_or(CellValue::Empty, CellValue::Number),
        Data::String(s) => CellValue::Text(s),
        Data::Bool(b) => CellValue::Bool(b),
        Data::DateTime(dt) => CellValue::Text(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Text(s),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// What calamine's own three passes give for a sheet: cells, number
    /// formats (the old way: range, then styles), merged ranges.
    fn by_calamine(bytes: &[u8]) -> Vec<Sheet> {
        let mut x: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        for name in x.sheet_names() {
            let range = x.worksheet_range(&name).unwrap();
            let styles = x.worksheet_style(&name).unwrap();
            let mut sheet = Sheet::new(name.clone());
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                let (row, col) = (r0 + r as u32, c0 + c as u32);
                let numeric = matches!(data, Data::Int(_) | Data::Float(_));
                if put(&mut sheet, row, col, data.clone())
                    && numeric
                    && let Some(format) = styles
                        .get((row, col))
                        .and_then(|s| s.number_format.as_ref())
                {
                    let class = NumFormat::classify(format.format_id, &format.format_code);
                    sheet.set_format(row, col as u16, class);
                }
            }
            sheet.merged = x
                .merge_cells_by_sheet_name(&name)
                .unwrap()
                .into_iter()
                .map(|d| MergedRange {
                    first_row: d.start.0,
                    first_col: d.start.1 as u16,
                    last_row: d.end.0,
                    last_col: d.end.1 as u16,
                })
                .collect();
            out.push(sheet);
        }
        out
    }

    fn same(path: &Path, bytes: &[u8]) {
        let ours = workbook_from_bytes(path, bytes).unwrap();
        let theirs = by_calamine(bytes);
        assert_eq!(ours.sheets.len(), theirs.len(), "{}", path.display());
        for (a, b) in ours.sheets.iter().zip(&theirs) {
            let what = format!("{} / {}", path.display(), a.name);
            assert_eq!(a.name, b.name, "{what}");
            assert_eq!(
                a.cells().collect::<Vec<_>>(),
                b.cells().collect::<Vec<_>>(),
                "{what}"
            );
            assert_eq!(a.formats, b.formats, "{what}");
            assert_eq!(a.merged, b.merged, "{what}");
        }
    }

    /// One pass over each sheet (values with their style ids, merged ranges
    /// from the size check) reads exactly what calamine's range, style and
    /// merge passes read: every shipped workbook and rubric, and a workbook
    /// of percent, accounting and text formats with merges.
    #[test]
    fn one_pass_reads_what_three_passes_read() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_workbooks");
        let mut files = Vec::new();
        for dir in [root.clone(), root.join("rubrics")] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "xlsx") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() >= 8, "{files:?}");
        for path in &files {
            same(path, &std::fs::read(path).unwrap());
        }
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("基本情况").unwrap();
        let pct = rust_xlsxwriter::Format::new().set_num_format("0.00%");
        let acct = rust_xlsxwriter::Format::new().set_num_format("#,##0.00;(#,##0.00)");
        let lit = rust_xlsxwriter::Format::new().set_num_format("0.00\"%\"");
        ws.merge_range(0, 0, 0, 3, "部门基本情况", &rust_xlsxwriter::Format::new())
            .unwrap();
        ws.write_string(1, 0, "支付进度").unwrap();
        ws.write_number_with_format(1, 1, 1.01, &pct).unwrap();
        ws.write_number_with_format(2, 1, -35.6, &acct).unwrap();
        ws.write_number_with_format(3, 1, 95.5, &lit).unwrap();
        ws.write_string_with_format(4, 1, "文字", &pct).unwrap();
        ws.write_number(5, 2, 7.0).unwrap();
        ws.merge_range(6, 1, 9, 2, "", &rust_xlsxwriter::Format::new())
            .unwrap();
        wb.add_worksheet().set_name("空表").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        same(Path::new("格式.xlsx"), &bytes);
        let read = workbook_from_bytes(Path::new("格式.xlsx"), &bytes).unwrap();
        let sheet = &read.sheets[0];
        assert_eq!(sheet.format(1, 1), NumFormat::Percent);
        assert_eq!(sheet.merged.len(), 2);
    }

    /// The sample workbooks are read through the copy whose sheets are
    /// stored as the size check decompressed them (so the test above
    /// compares that copy's reading with calamine's own of the original);
    /// a part whose CRC does not match is not kept, and calamine, reading
    /// the original, reports the file as corrupt as before.
    #[test]
    fn sheets_decompressed_by_the_check_are_not_decompressed_again() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_workbooks")
            .join("示例县统计局2023.xlsx");
        let bytes = std::fs::read(&path).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let scan = super::super::limits::check_zip(&mut zip).unwrap();
        let names: Vec<String> = scan
            .inflated
            .iter()
            .map(|(i, _)| zip.by_index_raw(*i).unwrap().name().unwrap().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("xl/worksheets/")),
            "{names:?}"
        );
        assert!(
            names.iter().any(|n| n == "xl/sharedStrings.xml"),
            "{names:?}"
        );
        let stored = with_parts_stored(&mut zip, &scan.inflated, bytes.len()).unwrap();
        let mut copy = zip::ZipArchive::new(Cursor::new(&stored[..])).unwrap();
        assert_eq!(copy.len(), zip.len());
        for (i, xml) in &scan.inflated {
            let mut part = copy.by_index(*i).unwrap();
            assert_eq!(part.compression(), zip::CompressionMethod::Stored);
            let mut read = Vec::new();
            std::io::Read::read_to_end(&mut part, &mut read).unwrap();
            assert_eq!(&read, xml);
        }
        // The first sheet's stored CRC no longer matches its data: calamine
        // would read it without a word (it stops at the sheet's end tag);
        // the check refuses it, naming the sheet.
        let (i, _) = scan.inflated[0];
        let (start, size) = {
            let part = zip.by_index_raw(i).unwrap();
            (part.data_start().unwrap(), part.compressed_size())
        };
        let mut bad = bytes.clone();
        let at = usize::try_from(start + size / 2).unwrap();
        bad[at] ^= 0x01;
        let refused = workbook_from_bytes(&path, &bad).unwrap_err().to_string();
        assert!(
            refused.contains("工作表「基本情况」的数据已损坏（文件内部的校验和不符"),
            "{refused}"
        );
    }

    /// A workbook whose first sheet's XML is `patch`ed.
    fn patched(bytes: &[u8], patch: impl Fn(&str) -> String) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut member = zip.by_index(i).unwrap();
            let name = member.name().unwrap().into_owned();
            let mut data = Vec::new();
            member.read_to_end(&mut data).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                data = patch(&String::from_utf8(data).unwrap()).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// A cell listed twice counts as its last copy, value and format: a
    /// percent number listed again as text is text without the format, and
    /// a value listed again blank is blank.
    #[test]
    fn a_cell_listed_twice_is_its_last_copy() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let pct = rust_xlsxwriter::Format::new().set_num_format("0.00%");
        ws.write_number_with_format(0, 0, 0.5, &pct).unwrap();
        ws.write_number_with_format(0, 1, 0.25, &pct).unwrap();
        ws.write_number(0, 2, 7.0).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let bytes = patched(&bytes, |xml| {
            xml.replace(
                "</row>",
                r#"<c r="A1" t="inlineStr"><is><t>文字</t></is></c><c r="B1"><v>3</v></c><c r="C1" t="inlineStr"><is><t> </t></is></c></row>"#,
            )
        });
        let read = workbook_from_bytes(Path::new("重复.xlsx"), &bytes).unwrap();
        let sheet = &read.sheets[0];
        assert_eq!(sheet.get(0, 0), &CellValue::Text("文字".to_string()));
        assert_eq!(sheet.format(0, 0), NumFormat::General);
        assert_eq!(sheet.get(0, 1), &CellValue::Number(3.into()));
        assert_eq!(sheet.format(0, 1), NumFormat::General);
        assert!(sheet.get(0, 2).is_empty());
    }

    /// Why `bytes` named `name` cannot be read, as the user reads it.
    fn refusal(name: &str, bytes: &[u8]) -> GridError {
        match workbook_from_bytes(Path::new(name), bytes) {
            Ok(_) => panic!("{name} was read as a workbook"),
            Err(e) => e,
        }
    }

    /// A 0-byte file says so, and what probably happened, not that it is
    /// not a spreadsheet.
    #[test]
    fn an_empty_file_is_named_as_such() {
        let err = refusal("某局.xlsx", b"");
        assert!(matches!(err, GridError::Empty { .. }), "{err:?}");
        insta::assert_snapshot!(err.to_string(), @"文件「某局.xlsx」是空文件（0 字节），可能是复制或下载时中断：请报送单位重新发送");
        let err = refusal("某局.xlsx", &[0; 4096]);
        assert!(matches!(err, GridError::Zeroed { .. }), "{err:?}");
        insta::assert_snapshot!(err.to_string(), @"文件「某局.xlsx」的内容全是空字节（4096 字节均为 0），可能是复制、下载或保存时中断：请报送单位重新发送");
        // A file of one blank line is not empty: not a table either.
        assert!(matches!(
            refusal("某局.xlsx", b"\n"),
            GridError::UnknownFormat { .. }
        ));
    }

    /// A table saved as text under an Excel name (UTF-8 with or without a
    /// BOM, GBK, UTF-16 with a BOM; commas or tabs) is named as text.
    #[test]
    fn text_tables_renamed_as_excel_are_named_as_text() {
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(
            "编制数\t38\r\n在职人数\t40\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend("编制数\t38\r\n".encode_utf16().flat_map(u16::to_be_bytes));
        // "编制数,38\r\n在职人数,40" in GBK.
        let gbk = b"\xb1\xe0\xd6\xc6\xca\xfd,38\r\n\xd4\xda\xd6\xb0\xc8\xcb\xca\xfd,40".to_vec();
        // A long GBK file whose first 8 KB end inside a character.
        let mut long_gbk = b"a".to_vec();
        while long_gbk.len() < 3 * TEXT_HEAD_BYTES {
            long_gbk.extend_from_slice(b"\xb1\xe0\xd6\xc6\xca\xfd,38\n");
        }
        let mut long_utf8 = b"a".to_vec();
        while long_utf8.len() < 3 * TEXT_HEAD_BYTES {
            long_utf8.extend_from_slice("编制数,38\n".as_bytes());
        }
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("逗号.xlsx", "编制数,38\n在职人数,40\n".as_bytes().to_vec()),
            ("带BOM.xls", "\u{feff}编制数,38\r\n".as_bytes().to_vec()),
            (
                "制表符.xls",
                "项目\t金额\n基本支出\t1234.5\n".as_bytes().to_vec(),
            ),
            ("一行.xlsx", b"bianzhi,38".to_vec()),
            ("GBK.xls", gbk),
            ("长GBK.xls", long_gbk),
            ("长UTF8.xls", long_utf8),
            ("UTF16.xls", utf16le),
            ("UTF16BE.xls", utf16be),
        ];
        for (name, bytes) in cases {
            match refusal(name, &bytes) {
                GridError::DisguisedFormat { kind, .. } => {
                    assert_eq!(kind, "CSV 或纯文本", "{name}")
                }
                other => panic!("{name}: {other:?}"),
            }
        }
        insta::assert_snapshot!(
            refusal("导出.xls", "编制数,38\n".as_bytes()).to_string(),
            @"文件「导出.xls」实为CSV 或纯文本格式，并非真正的 Excel 文件：请在 Excel 或 WPS 中打开后“另存为” .xlsx 再试"
        );
    }

    /// Binary content is never taken for text: random bytes (with or
    /// without NULs), text with a control byte, invalid GBK, the beginning
    /// of a real workbook (a zip) and of an OLE file.
    #[test]
    fn binary_content_is_never_named_as_text() {
        let is_text = |e: &GridError| matches!(e, GridError::DisguisedFormat { kind, .. } if *kind == "CSV 或纯文本");
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for round in 0..500 {
            let mut bytes: Vec<u8> = (0..1024)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                })
                .collect();
            if round % 2 == 0 {
                // No NUL at all: still binary.
                for b in &mut bytes {
                    *b = (*b).max(1);
                }
            }
            let err = refusal("乱码.xlsx", &bytes);
            assert!(!is_text(&err), "round {round}: {err:?}");
        }
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(
            refusal("乱码.xlsx", &noise),
            GridError::UnknownFormat { .. }
        ));
        for bytes in [
            b"\xb1\xe0\xd6\xc6,38\x01\n".to_vec(),
            b"\xb1\xe0\xd6\x20,38\n".to_vec(),
            b"\x80\x80,38\n".to_vec(),
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00".to_vec(),
        ] {
            let err = refusal("乱码.xlsx", &bytes);
            assert!(
                matches!(err, GridError::UnknownFormat { .. }),
                "{bytes:?}: {err:?}"
            );
        }
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet()
            .write_string(0, 0, "编制数,38\n")
            .unwrap();
        let real = wb.save_to_buffer().unwrap();
        for len in [4, 100, real.len() / 2] {
            let err = refusal("截断.xlsx", &real[..len]);
            assert!(!is_text(&err), "{len}: {err:?}");
        }
        let ole = [
            0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, b'a', b',', b'\n',
        ];
        let err = refusal("旧.xls", &ole);
        assert!(!is_text(&err), "{err:?}");
    }
}

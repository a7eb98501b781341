//! Bounded reading: what a file must look like before calamine sees it.
//!
//! Some workbooks make calamine allocate the whole grid (a stray cell at
//! XFD1048576: 549 GB) or a whole giant string, and the process aborts —
//! no `catch_unwind` can stop that (NOTES-ecosystem §1.7, issue 11). So an
//! .xlsx is checked first, from its zip directory and a byte scan of its
//! sheet XML, against limits sized far above real department workbooks.
//! Batch worker processes stay the second line of defence.

use std::io::{Cursor, Read};
use std::path::Path;

/// The largest sheet jixiao reads: far above any department workbook.
pub const MAX_ROWS: u64 = 200_000;
pub const MAX_COLS: u64 = 1_000;
/// The most cells of a sheet's grid (rows × columns up to its far corner):
/// calamine allocates all of them, about 32 bytes each.
pub const MAX_CELLS: u64 = 4_000_000;
/// The largest file and the most XML (uncompressed) jixiao reads.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
pub const MAX_XML_BYTES: u64 = 50 * 1024 * 1024;
/// The most members a workbook zip may have.
pub const MAX_MEMBERS: usize = 10_000;

/// Why a file is refused before it is parsed, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a regular file: a folder, a pipe, a device.
    NotAFile(&'static str),
    TooLarge {
        what: String,
        limit: String,
    },
    /// A part of the file's structure is damaged, so its size cannot be
    /// checked (and the reader would be trusted with it blind).
    Malformed(&'static str),
    /// A sheet reaches beyond the row or column limit.
    SheetTooLarge {
        sheet: String,
        cell: String,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotAFile(kind) => write!(f, "这是{kind}，不是表格文件"),
            Refusal::Malformed(what) => write!(
                f,
                "文件的{what}已损坏，无法安全读取：请在 Excel 或 WPS 中打开后另存，或请报送单位重新导出"
            ),
            Refusal::TooLarge { what, limit } => {
                write!(
                    f,
                    "{what}超过 jixiao 可读取的上限（{limit}），请检查文件是否正确"
                )
            }
            Refusal::SheetTooLarge { sheet, cell } => write!(
                f,
                "工作表「{sheet}」的数据一直延伸到 {cell}，超过可读取的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列、共 {MAX_CELLS} 个单元格）：请删除表格以外多余的单元格后另存"
            ),
        }
    }
}

/// Only regular files of a sane size are opened.
///
/// # Errors
/// [`Refusal::NotAFile`] or [`Refusal::TooLarge`]; `Ok` when the path
/// cannot be inspected (opening it will then report the OS error).
pub fn check_file(path: &Path) -> Result<(), Refusal> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(Refusal::NotAFile("一个文件夹"));
    }
    if !kind.is_file() {
        return Err(Refusal::NotAFile("管道或设备文件"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge {
            what: "文件大小".to_string(),
            limit: "100 MB".to_string(),
        });
    }
    Ok(())
}

/// Checks an .xlsx (zip) before parsing: member count, uncompressed sizes,
/// and for each sheet its declared dimension and every cell reference.
///
/// # Errors
/// A [`Refusal`] naming the sheet; `Ok` when the zip cannot be read (the
/// parser then reports the file as corrupt).
pub fn check_xlsx(bytes: &[u8]) -> Result<(), Refusal> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_MEMBERS {
        return Err(Refusal::TooLarge {
            what: format!("文件内部的部件数（{}）", zip.len()),
            limit: format!("{MAX_MEMBERS} 个"),
        });
    }
    let names = sheet_names(&mut zip);
    for i in 0..zip.len() {
        let Ok(mut member) = zip.by_index(i) else {
            continue;
        };
        let Ok(name) = member.name().map(std::borrow::Cow::into_owned) else {
            continue;
        };
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        if member.size() > MAX_XML_BYTES {
            return Err(Refusal::TooLarge {
                what: format!("文件内部的「{name}」解压后的大小"),
                limit: "50 MB".to_string(),
            });
        }
        // Sheets and shared strings are read through a limit whatever the
        // directory declares (a 1 MB file may hold a 1 GB string).
        let is_sheet = name.starts_with("xl/worksheets/");
        if !is_sheet && name != "xl/sharedStrings.xml" {
            continue;
        }
        // Read at most the limit, whatever the directory declared.
        let mut xml = Vec::new();
        let read = (&mut member)
            .take(MAX_XML_BYTES + 1)
            .read_to_end(&mut xml)
            .unwrap_or(0);
        if read as u64 > MAX_XML_BYTES {
            return Err(Refusal::TooLarge {
                what: format!("文件内部的「{name}」解压后的大小"),
                limit: "50 MB".to_string(),
            });
        }
        if !is_sheet {
            continue;
        }
        if let Some(cell) = farthest_cell(&xml) {
            let sheet = names
                .iter()
                .find(|(target, _)| name.ends_with(target.as_str()))
                .map_or_else(|| name.clone(), |(_, n)| n.clone());
            return Err(Refusal::SheetTooLarge { sheet, cell });
        }
    }
    Ok(())
}

/// The far corner of a sheet (its declared `<dimension ref="…">` and every
/// cell's `<c r="…">`), when the grid up to it is beyond the limits: calamine
/// allocates that whole grid. (Whole-column ranges in formatting or
/// validation are not cells and are not counted.)
fn farthest_cell(xml: &[u8]) -> Option<String> {
    let (mut rows, mut cols) = (0u64, 0u64);
    for marker in [&b"<dimension ref=\""[..], &b"<c r=\""[..]] {
        let mut rest = xml;
        while let Some(i) = rest.windows(marker.len()).position(|w| w == marker) {
            let value = rest
                .get(i.saturating_add(marker.len())..)
                .unwrap_or_default();
            let end = value.iter().position(|b| *b == b'"').unwrap_or(value.len());
            for part in value[..end].split(|b| *b == b':') {
                if let Some((row, col)) = parse_ref(part) {
                    rows = rows.max(row);
                    cols = cols.max(col);
                }
            }
            rest = &value[end..];
        }
    }
    let too_big = rows > MAX_ROWS || cols > MAX_COLS || rows.saturating_mul(cols) > MAX_CELLS;
    too_big.then(|| {
        crate::base::cell_ref::cell_name(
            // Shown within Excel's grid (XFD1048576 at most).
            u32::try_from(rows.saturating_sub(1).min(1_048_575)).unwrap_or(0),
            u16::try_from(cols.saturating_sub(1).min(16_383)).unwrap_or(0),
        )
    })
}

/// `XFD1048576` → (1048576, 16384), one-based; `None` when not a reference.
/// Longer references than Excel's saturate (`A99999999` is far beyond the
/// limits, not ignored: calamine would read it).
fn parse_ref(text: &[u8]) -> Option<(u64, u64)> {
    let letters = text.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let (col, row) = text.split_at(letters);
    if col.is_empty() || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = col.iter().fold(0u64, |acc, b| {
        acc.saturating_mul(26)
            .saturating_add(u64::from(b.saturating_sub(b'A')).saturating_add(1))
    });
    let row = row.iter().fold(0u64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(b.saturating_sub(b'0')))
    });
    Some((row, col))
}

/// (target file name such as `sheet2.xml`, sheet name) of each sheet, from
/// `xl/workbook.xml` and its relationships; empty when they cannot be read.
fn sheet_names(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<(String, String)> {
    let mut read = |name: &str| -> String {
        let mut text = String::new();
        if let Ok(member) = zip.by_name(name) {
            let _ = member.take(MAX_XML_BYTES).read_to_string(&mut text);
        }
        text
    };
    let workbook = read("xl/workbook.xml");
    let rels = read("xl/_rels/workbook.xml.rels");
    let targets: Vec<(String, String)> = tags(&rels, "<Relationship ")
        .filter_map(|t| Some((attr(t, "Id")?, attr(t, "Target")?)))
        .collect();
    tags(&workbook, "<sheet ")
        .filter_map(|t| {
            let name = attr(t, "name")?;
            let id = attr(t, "r:id")?;
            let target = targets.iter().find(|(i, _)| *i == id)?.1.clone();
            let file = target.rsplit('/').next().unwrap_or(&target).to_string();
            Some((file, name))
        })
        .collect()
}

fn tags<'a>(xml: &'a str, open: &'a str) -> impl Iterator<Item = &'a str> {
    xml.split(open)
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(""))
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let padded = format!(" {tag}");
    let start = padded.find(&key)?.checked_add(key.len())?;
    let len = padded.get(start..)?.find('"')?;
    Some(padded.get(start..start.checked_add(len)?)?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(parse_ref(b"A1"), Some((1, 1)));
        assert_eq!(parse_ref(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(parse_ref(b"ALL100000"), Some((100_000, 1_000)));
        assert_eq!(parse_ref(b"1"), None);
        assert_eq!(parse_ref(b"rId1"), None);
        // Longer than Excel's: far beyond the limits, not ignored.
        assert_eq!(parse_ref(b"A99999999"), Some((99_999_999, 1)));
        assert!(parse_ref(b"AAAAAAAAAAAAAAAAAAAA1").is_some_and(|(_, c)| c == u64::MAX));
        assert!(farthest_cell(br#"<c r="A99999999">"#).is_some());
    }

    #[test]
    fn farthest_cells() {
        let ok = br#"<dimension ref="A1:H40"/><row r="1"><c r="A1"/></row>"#;
        assert_eq!(farthest_cell(ok), None);
        let far = br#"<dimension ref="A1:XFD1048576"/>"#;
        assert_eq!(farthest_cell(far), Some("XFD1048576".to_string()));
        // Issue 11: A1 and ALL100000 in a 13 KB file would be a 3 GB grid.
        let cell = br#"<row r="100000"><c r="ALL100000" s="1"><v>1</v></c></row>"#;
        assert_eq!(farthest_cell(cell), Some("ALL100000".to_string()));
        let tall = br#"<row r="150000"><c r="T150000"><v>1</v></c></row>"#;
        assert_eq!(farthest_cell(tall), None, "150,000 × 20 is a real table");
    }

    #[test]
    fn sheet_of_a_stray_cell_is_named() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().set_name("基本情况").unwrap();
        let ws = wb.add_worksheet().set_name("三公经费").unwrap();
        ws.write_number(0, 0, 1.0).unwrap();
        ws.write_number(1_048_575, 16_383, 1.0).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let refusal = check_xlsx(&bytes).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "工作表「三公经费」的数据一直延伸到 XFD1048576，超过可读取的范围（最多 200000 行、1000 列、共 4000000 个单元格）：请删除表格以外多余的单元格后另存"
        );
        let mut fine = rust_xlsxwriter::Workbook::new();
        fine.add_worksheet().write_number(99, 99, 1.0).unwrap();
        assert_eq!(check_xlsx(&fine.save_to_buffer().unwrap()), Ok(()));
    }

    #[test]
    fn folders_and_pipes_are_not_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(check_file(dir.path()), Err(Refusal::NotAFile("一个文件夹")));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("管道.xlsx");
            let status = std::process::Command::new("mkfifo").arg(&fifo).status();
            if status.is_ok_and(|s| s.success()) {
                assert_eq!(check_file(&fifo), Err(Refusal::NotAFile("管道或设备文件")));
            }
        }
    }
}

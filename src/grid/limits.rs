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

/// A workbook's zip container, read from memory.
pub(super) type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

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
    /// A part's data does not match its checksum: what is read from it
    /// may differ from what was saved (`what` names the sheet or part).
    Damaged(String),
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
            Refusal::Damaged(what) => write!(
                f,
                "{what}已损坏（文件内部的校验和不符，常见于复制或传输中断、磁盘错误），读出的数字可能与原表不同，jixiao 不读取它：请报送单位重新发送，或在 Excel 或 WPS 中打开、核对后另存"
            ),
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

/// What the size check of an .xlsx saw on the way: each sheet's merged
/// ranges (the `<mergeCell ref="…">` of its XML), so that the reader need
/// not parse the sheet a second time for them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct XlsxScan {
    /// (sheet name, merged ranges as zero-based (first, last) corners).
    /// A sheet missing here was not matched to its name; the reader then
    /// asks calamine.
    pub merges: Vec<(String, Vec<Merge>)>,
    /// The sheets and shared strings as the check decompressed them, by
    /// their index in the zip: the reader hands them to calamine as they
    /// are rather than decompress them again ([`super::read`]). Empty when
    /// any of them could not be read whole (calamine then reads the file
    /// itself and reports what is wrong) or their sum is beyond
    /// [`MAX_KEPT_XML_BYTES`].
    pub inflated: Vec<(usize, Vec<u8>)>,
}

/// The most decompressed XML a check keeps for the reader; a larger file
/// is decompressed again by calamine (memory before speed).
pub const MAX_KEPT_XML_BYTES: usize = 32 * 1024 * 1024;

/// One merged range: zero-based (row, column) of its first and last cell.
pub type Merge = ((u32, u32), (u32, u32));

/// Checks an .xlsx (zip) before parsing: member count, uncompressed sizes,
/// and for each sheet its declared dimension and every cell reference.
/// The same pass collects each sheet's merged ranges.
///
/// # Errors
/// A [`Refusal`] naming the sheet; `Ok` when the zip cannot be read (the
/// parser then reports the file as corrupt).
pub fn check_xlsx(bytes: &[u8]) -> Result<XlsxScan, Refusal> {
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(mut zip) => check_zip(&mut zip),
        Err(_) => Ok(XlsxScan::default()),
    }
}

/// [`check_xlsx`] of a zip already opened (its directory read once for
/// every check of the file).
///
/// # Errors
/// As [`check_xlsx`].
pub(super) fn check_zip(zip: &mut Zip<'_>) -> Result<XlsxScan, Refusal> {
    let mut scan = XlsxScan::default();
    if zip.len() > MAX_MEMBERS {
        return Err(Refusal::TooLarge {
            what: format!("文件内部的部件数（{}）", zip.len()),
            limit: format!("{MAX_MEMBERS} 个"),
        });
    }
    let names = sheet_names(zip);
    let mut xml = Vec::new();
    let mut kept = Kept::default();
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
        xml.clear();
        let read = (&mut member).take(MAX_XML_BYTES + 1).read_to_end(&mut xml);
        // The zip reader checks the part's CRC at its end. A mismatch is a
        // damaged part that calamine may read without a word (it stops at
        // the sheet's end tag and never sees the checksum): refused. Other
        // errors are left to calamine to report; nothing is kept then.
        if let Err(e) = &read
            && e.kind() == std::io::ErrorKind::InvalidData
            && e.to_string() == "Invalid checksum"
        {
            let sheet = names.iter().find(|(path, _)| *path == name);
            return Err(Refusal::Damaged(match sheet {
                Some((_, n)) => format!("工作表「{n}」的数据"),
                None => format!("文件内部的「{name}」"),
            }));
        }
        let whole = read.is_ok();
        if read.unwrap_or(0) as u64 > MAX_XML_BYTES {
            return Err(Refusal::TooLarge {
                what: format!("文件内部的「{name}」解压后的大小"),
                limit: "50 MB".to_string(),
            });
        }
        drop(member);
        if !is_sheet {
            kept.keep(i, &mut xml, whole);
            continue;
        }
        let sheet = names
            .iter()
            .find(|(path, _)| *path == name)
            .map(|(_, n)| n.clone());
        let found = scan_sheet(&xml);
        if let Some(cell) = found.too_far() {
            return Err(Refusal::SheetTooLarge {
                sheet: sheet.unwrap_or(name),
                cell,
            });
        }
        if let Some(sheet) = sheet {
            scan.merges.push((sheet, found.merges));
        }
        kept.keep(i, &mut xml, whole);
    }
    scan.inflated = kept.parts();
    Ok(scan)
}

/// The parts a check keeps for the reader ([`XlsxScan::inflated`]): all of
/// them, or none once one was not read whole or their sum passed
/// [`MAX_KEPT_XML_BYTES`].
#[derive(Default)]
struct Kept {
    parts: Vec<(usize, Vec<u8>)>,
    total: usize,
    given_up: bool,
}

impl Kept {
    /// Keeps part `index` (taking `xml`, left empty for the next part).
    fn keep(&mut self, index: usize, xml: &mut Vec<u8>, whole: bool) {
        let total = self.total.saturating_add(xml.len());
        if self.given_up || !whole || total > MAX_KEPT_XML_BYTES {
            self.given_up = true;
            self.parts = Vec::new();
            return;
        }
        self.total = total;
        self.parts.push((index, std::mem::take(xml)));
    }

    fn parts(self) -> Vec<(usize, Vec<u8>)> {
        if self.given_up {
            Vec::new()
        } else {
            self.parts
        }
    }
}

/// What one pass over a sheet's XML found.
#[derive(Debug, Default)]
struct SheetScan {
    /// The far corner (one-based rows and columns) of the declared
    /// `<dimension ref="…">` and of every cell's `<c r="…">` (not of the
    /// merged ranges).
    rows: u64,
    cols: u64,
    merges: Vec<Merge>,
}

impl SheetScan {
    /// The far corner, when the grid up to it is beyond the limits:
    /// calamine allocates that whole grid.
    fn too_far(&self) -> Option<String> {
        let (rows, cols) = (self.rows, self.cols);
        let too_big = rows > MAX_ROWS || cols > MAX_COLS || rows.saturating_mul(cols) > MAX_CELLS;
        too_big.then(|| {
            crate::base::cell_ref::cell_name(
                // Shown within Excel's grid (XFD1048576 at most).
                u32::try_from(rows.saturating_sub(1).min(1_048_575)).unwrap_or(0),
                u16::try_from(cols.saturating_sub(1).min(16_383)).unwrap_or(0),
            )
        })
    }
}

/// One pass over a sheet's XML: every tag whose local name (after any
/// `x:` prefix, as calamine reads it) is `c`, `dimension` or `mergeCell`,
/// with its `r` or `ref` attribute wherever it stands among the others.
/// Only cells and the declared dimension make the sheet's extent: a merged
/// range over a whole row or column (`A200:XFD200`) holds no cells and is
/// clamped by the reader. Comments and CDATA sections are skipped, and a
/// `>` inside a quoted attribute value does not end a tag. (Whole-column
/// ranges in formatting or validation are not cells and are not counted.)
fn scan_sheet(xml: &[u8]) -> SheetScan {
    let mut scan = SheetScan::default();
    let mut at = 0usize;
    while let Some(found) = xml.get(at..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let tag = xml
            .get(at.saturating_add(found).saturating_add(1)..)
            .unwrap_or_default();
        let after = |len: usize| {
            at.saturating_add(found)
                .saturating_add(1)
                .saturating_add(len)
        };
        let skipped = [(&b"!--"[..], &b"-->"[..]), (b"![CDATA[", b"]]>")]
            .iter()
            .find(|(open, _)| tag.starts_with(open))
            .map(|(_, close)| {
                memchr::memmem::find(tag, close)
                    .map_or(tag.len(), |i| i.saturating_add(close.len()))
            });
        if let Some(len) = skipped {
            at = after(len);
            continue;
        }
        let end = tag_end(tag);
        at = after(end);
        let tag = &tag[..end];
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let (name, body) = tag.split_at(name_len);
        let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        let key: &[u8] = match local {
            b"c" => b"r",
            b"dimension" | b"mergeCell" => b"ref",
            _ => continue,
        };
        let Some(value) = attribute(body, key) else {
            continue;
        };
        let mut corners = value.split(|b| *b == b':').map(parse_ref);
        let first = corners.next().flatten();
        let last = corners.next().flatten().or(first);
        if local == b"mergeCell" {
            if let (Some(a), Some(b)) = (first, last) {
                let zero = |(r, c): (u64, u64)| {
                    (
                        u32::try_from(r.saturating_sub(1)).unwrap_or(u32::MAX),
                        u32::try_from(c.saturating_sub(1)).unwrap_or(u32::MAX),
                    )
                };
                scan.merges.push((zero(a), zero(b)));
            }
            continue;
        }
        for (row, col) in [first, last].into_iter().flatten() {
            scan.rows = scan.rows.max(row);
            scan.cols = scan.cols.max(col);
        }
    }
    scan
}

/// Where a tag that starts at `tag` (just after its `<`) ends: its `>`,
/// outside quoted attribute values; the end of the text when it has none.
fn tag_end(tag: &[u8]) -> usize {
    let mut quote = None;
    for (i, b) in tag.iter().enumerate() {
        match (quote, *b) {
            (None, b'"' | b'\'') => quote = Some(*b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i,
            _ => {}
        }
    }
    tag.len()
}

/// The value of attribute `key` in a tag's body (`r="A1" s="3"`), with
/// either quote and spaces around `=`; `None` when it is not there.
fn attribute<'a>(body: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut rest = body;
    loop {
        let skip = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[skip..];
        let name_len = rest
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'=')?;
        let (name, after) = rest.split_at(name_len);
        let eq = after.iter().position(|b| !b.is_ascii_whitespace())?;
        let after = after.get(eq..)?.strip_prefix(b"=")?;
        let q = after.iter().position(|b| !b.is_ascii_whitespace())?;
        let after = after.get(q..)?;
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value = after.get(1..)?;
        let end = memchr::memchr(quote, value)?;
        if name == key {
            return Some(&value[..end]);
        }
        rest = value.get(end.saturating_add(1)..)?;
    }
}

#[cfg(test)]
fn farthest_cell(xml: &[u8]) -> Option<String> {
    scan_sheet(xml).too_far()
}

/// `XFD1048576` → (1048576, 16384), one-based; `None` when not a reference.
/// Longer references than Excel's saturate (`A99999999` is far beyond the
/// limits, not ignored: calamine would read it).
fn parse_ref(text: &[u8]) -> Option<(u64, u64)> {
    // Lower-case letters too: calamine reads `a1` as `A1`.
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = text.split_at(letters);
    if col.is_empty() || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = col.iter().fold(0u64, |acc, b| {
        acc.saturating_mul(26).saturating_add(
            u64::from(b.to_ascii_uppercase().saturating_sub(b'A')).saturating_add(1),
        )
    });
    let row = row.iter().fold(0u64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(b.saturating_sub(b'0')))
    });
    Some((row, col))
}

/// (member path such as `xl/worksheets/sheet2.xml`, sheet name) of each
/// sheet, from `xl/workbook.xml` and its relationships; empty when they
/// cannot be read.
fn sheet_names(zip: &mut Zip<'_>) -> Vec<(String, String)> {
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
            let target = &targets.iter().find(|(i, _)| *i == id)?.1;
            // Relative to xl/, or absolute within the package.
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((path, name))
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
        assert_eq!(parse_ref(b"R1C1"), None);
        assert_eq!(parse_ref(b"xfd1048576"), Some((1_048_576, 16_384)));
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
        assert!(check_xlsx(&fine.save_to_buffer().unwrap()).is_ok());
    }

    /// The reference is found wherever the attribute stands, with either
    /// quote, spaces around `=`, and a namespace prefix on the element
    /// (calamine reads all of these; a check that missed them would let a
    /// far cell through).
    #[test]
    fn references_in_any_spelling() {
        for xml in [
            &br#"<c s="1" t="n" r="XFD1048576"><v>1</v></c>"#[..],
            br#"<c r = 'XFD1048576'/>"#,
            br#"<x:c r="XFD1048576"><x:v>1</x:v></x:c>"#,
            br#"<x:dimension ref="A1:XFD1048576"/>"#,
            b"<c\n\tr=\"XFD1048576\">",
            br#"<c t="a>b" r="XFD1048576"/>"#,
            br#"<c r="xfd1048576"/>"#,
        ] {
            assert_eq!(
                farthest_cell(xml),
                Some("XFD1048576".to_string()),
                "{}",
                String::from_utf8_lossy(xml)
            );
        }
        // Other elements and attributes are not cells.
        for xml in [
            &br#"<col min="1" max="16384"/><cfRule ref="A1:XFD1048576"/>"#[..],
            br#"<c rr="XFD1048576"/><cols r="XFD1048576"/>"#,
            br#"<conditionalFormatting sqref="A1:XFD1048576"/>"#,
            // Not elements: a comment and a CDATA section.
            br#"<!-- <c r="XFD1048576"/> --><c r="A1"/>"#,
            br#"<is><t><![CDATA[<c r="XFD1048576"/>]]></t></is>"#,
            // Merged ranges over a whole row or column hold no cells.
            br#"<mergeCell ref="A200:XFD200"/><mergeCell ref="Z1:Z1048576"/>"#,
        ] {
            assert_eq!(farthest_cell(xml), None, "{}", String::from_utf8_lossy(xml));
        }
    }

    /// The merged ranges are read in the same pass, zero-based, in the
    /// sheet's own order; a one-cell range is its own corner.
    #[test]
    fn merged_ranges_of_the_scan() {
        let xml = br#"<sheetData/><mergeCells count="3"><mergeCell ref="A1:H1"/><x:mergeCell ref='B3:C5'/><mergeCell ref="D7"/></mergeCells>"#;
        assert_eq!(
            scan_sheet(xml).merges,
            vec![((0, 0), (0, 7)), ((2, 1), (4, 2)), ((6, 3), (6, 3))]
        );
        // Lower case, a whole row (kept: the reader clamps it), and one in
        // a comment (not a merge).
        let xml = br#"<mergeCell ref="a1:h1"/><mergeCell ref="A200:XFD200"/><!-- <mergeCell ref="B2:C3"/> -->"#;
        assert_eq!(
            scan_sheet(xml).merges,
            vec![((0, 0), (0, 7)), ((199, 0), (199, 16_383))]
        );
        // Through the zip, under each sheet's own name (sheet1.xml is not
        // mistaken for sheet11.xml).
        let mut wb = rust_xlsxwriter::Workbook::new();
        for i in 1..=11 {
            let ws = wb.add_worksheet().set_name(format!("表{i}")).unwrap();
            if i == 1 || i == 11 {
                ws.merge_range(0, 0, 0, i, "标题", &rust_xlsxwriter::Format::new())
                    .unwrap();
            }
        }
        let scan = check_xlsx(&wb.save_to_buffer().unwrap()).unwrap();
        let of = |name: &str| {
            scan.merges
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, m)| m.clone())
        };
        assert_eq!(of("表1"), Some(vec![((0, 0), (0, 1))]));
        assert_eq!(of("表11"), Some(vec![((0, 0), (0, 11))]));
        assert_eq!(of("表2"), Some(vec![]));
        assert_eq!(scan.merges.len(), 11);
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

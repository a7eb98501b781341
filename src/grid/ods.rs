//! The percentage cells of an .ods, from its `content.xml` (issue 8).
//!
//! calamine gives an ODS cell of `office:value-type="percentage"` as its bare
//! value (1.01 for a cell shown 101%) and exposes no styles for ODS, so the
//! positions of such cells are read here, streaming and bounded. Positions
//! count repeated rows and cells as calamine does (each repeat is a row or a
//! column; covered cells of a merge count as cells).

use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::NumFormat;
use super::limits::{MAX_CELLS, MAX_COLS, MAX_ROWS, MAX_XML_BYTES, Refusal};
use super::numfmt::SheetFormats;

/// Checks an .ods before calamine reads it and returns its percentage
/// cells, in one pass over `content.xml` (issues 8 and 11).
///
/// The check: a few bytes of `table:number-rows-repeated` or
/// `number-columns-repeated` over a cell with a value expand to millions of
/// cells in calamine (a 1 KB file: 10 million cells, 17 s and 800 MB). The
/// far corner of each table counts only cells with a value, as calamine
/// does (the trailing empty rows every LibreOffice file has are not cells).
/// The content is read through the XML limit whatever the zip declares.
/// A zip without `content.xml` (an .xlsx) gives no cells.
///
/// # Errors
/// [`Refusal::TooLarge`] or [`Refusal::SheetTooLarge`] naming the sheet.
pub(super) fn inspect(
    zip: &mut super::limits::Zip<'_>,
    max_rows: u32,
    max_cols: u32,
) -> Result<SheetFormats, Refusal> {
    let Ok(member) = zip.by_name("content.xml") else {
        return Ok(Vec::new());
    };
    let cells = scan(
        BufReader::new(member.take(MAX_XML_BYTES + 1)),
        max_rows,
        max_cols,
    )?;
    Ok(cells.unwrap_or_default())
}

/// The table being walked: its name, next row, and far corner of values.
struct Table {
    name: String,
    next_row: u32,
    far_row: u64,
    far_col: u64,
}

/// The row being walked: next column, repeats, the percentage columns and
/// the column after its last value.
struct Row {
    next_col: u32,
    repeat: u32,
    percent: Vec<u16>,
    far_col: u64,
}

/// Walks the tables of a content.xml: `Ok(None)` on malformed XML (calamine
/// then reports the file itself).
fn scan<R: std::io::BufRead>(
    input: R,
    max_rows: u32,
    max_cols: u32,
) -> Result<Option<SheetFormats>, Refusal> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut out: SheetFormats = Vec::new();
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    // Depth of nested tables (a table inside a cell is not a sheet).
    let mut nested = 0u32;
    loop {
        let Ok(event) = reader.read_event_into(&mut buf) else {
            // Cut off at the limit, or malformed.
            return if reader.buffer_position() >= MAX_XML_BYTES {
                Err(content_too_large())
            } else {
                Ok(None)
            };
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                // A repeat beyond u32 saturates: it is far beyond the limits,
                // never read as 1.
                let repeat = |key: &str| {
                    attr(e, key)
                        .and_then(|v| v.parse::<u64>().ok())
                        .map_or(1, |v| u32::try_from(v).unwrap_or(u32::MAX))
                        .max(1)
                };
                match e.name().as_ref() {
                    "table:table" if table.is_some() => {
                        nested = nested.saturating_add(u32::from(!empty));
                    }
                    "table:table" if !empty => {
                        table = Some(Table {
                            name: attr(e, "table:name").unwrap_or_default(),
                            next_row: 0,
                            far_row: 0,
                            far_col: 0,
                        });
                    }
                    "table:table-row" if nested == 0 => {
                        let n = repeat("table:number-rows-repeated");
                        if empty {
                            if let Some(t) = table.as_mut() {
                                t.next_row = t.next_row.saturating_add(n);
                            }
                        } else {
                            row = Some(Row {
                                next_col: 0,
                                repeat: n,
                                percent: Vec::new(),
                                far_col: 0,
                            });
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if nested == 0 => {
                        if let Some(r) = row.as_mut() {
                            let n = repeat("table:number-columns-repeated");
                            let value_type = attr(e, "office:value-type");
                            if value_type.as_deref() == Some("percentage") {
                                let end = r.next_col.saturating_add(n).min(max_cols);
                                r.percent.extend(
                                    (r.next_col..end).filter_map(|c| u16::try_from(c).ok()),
                                );
                            }
                            r.next_col = r.next_col.saturating_add(n);
                            if value_type.is_some() {
                                r.far_col = u64::from(r.next_col);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table" if nested > 0 => nested = nested.saturating_sub(1),
                "table:table" => {
                    if let Some(t) = table.take()
                        && !out.iter().any(|(n, _)| *n == t.name)
                    {
                        out.push((t.name, Vec::new()));
                    }
                }
                "table:table-row" if nested == 0 => {
                    if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                        if !r.percent.is_empty() {
                            let last = t.next_row.saturating_add(r.repeat).min(max_rows);
                            let cells = (t.next_row..last).flat_map(|rr| {
                                r.percent
                                    .iter()
                                    .map(move |c| ((rr, *c), NumFormat::Percent))
                            });
                            push_cells(&mut out, &t.name, cells);
                        }
                        t.next_row = t.next_row.saturating_add(r.repeat);
                        if r.far_col > 0 {
                            t.far_row = u64::from(t.next_row);
                            t.far_col = t.far_col.max(r.far_col);
                            if let Some(refusal) = too_large(&t.name, t.far_row, t.far_col) {
                                return Err(refusal);
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if reader.buffer_position() > MAX_XML_BYTES {
        return Err(content_too_large());
    }
    Ok(Some(out))
}

/// A table whose values reach beyond the limits, named by its far corner
/// (shown within Excel's grid, XFD1048576 at most).
fn too_large(name: &str, rows: u64, cols: u64) -> Option<Refusal> {
    (rows > MAX_ROWS || cols > MAX_COLS || rows.saturating_mul(cols) > MAX_CELLS).then(|| {
        Refusal::SheetTooLarge {
            sheet: name.to_string(),
            cell: crate::base::cell_ref::cell_name(
                u32::try_from(rows.saturating_sub(1).min(1_048_575)).unwrap_or(0),
                u16::try_from(cols.saturating_sub(1).min(16_383)).unwrap_or(0),
            ),
        }
    })
}

fn content_too_large() -> Refusal {
    Refusal::TooLarge {
        what: "文件内部的「content.xml」解压后的大小".to_string(),
        limit: "50 MB".to_string(),
    }
}

fn push_cells(
    out: &mut SheetFormats,
    name: &str,
    cells: impl Iterator<Item = ((u32, u16), NumFormat)>,
) {
    match out.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1.extend(cells),
        None => out.push((name.to_string(), cells.collect())),
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(std::borrow::Cow::into_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn cells(xml: &str) -> SheetFormats {
        scan(xml.as_bytes(), 20_000, 500).unwrap().unwrap()
    }

    /// The check alone, as `inspect` makes it before calamine reads a file.
    fn check_extent(bytes: &[u8]) -> Result<(), Refusal> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        inspect(&mut zip, 20_000, 500).map(drop)
    }

    #[test]
    fn percentage_cells_with_repeats() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="其他财务数据">
 <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>实际支付进度</text:p></table:table-cell>
  <table:table-cell table:number-columns-repeated="2"/>
  <table:table-cell office:value-type="percentage" office:value="1.01"><text:p>101.00%</text:p></table:table-cell>
 </table:table-row>
 <table:table-row table:number-rows-repeated="2">
  <table:covered-table-cell/>
  <table:table-cell office:value-type="percentage" office:value="0.5"/>
 </table:table-row>
 <table:table-row><table:table-cell office:value-type="float" office:value="3"/></table:table-row>
</table:table>
<table:table table:name="空表"><table:table-row><table:table-cell/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        assert_eq!(
            cells(xml),
            vec![
                (
                    "其他财务数据".to_string(),
                    [(2, 3), (3, 1), (4, 1)]
                        .map(|c| (c, NumFormat::Percent))
                        .to_vec()
                ),
                ("空表".to_string(), vec![]),
            ]
        );
    }

    fn ods(content: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", opts).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn table(rows_repeated: u64, cols_repeated: u64, value: bool) -> String {
        let value = if value {
            r#" office:value-type="float" office:value="1""#
        } else {
            ""
        };
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="基本情况"><table:table-row><table:table-cell office:value-type="string"><text:p>编制数</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows_repeated}"><table:table-cell table:number-columns-repeated="{cols_repeated}"{value}/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    /// A 1 KB file that calamine would expand to 10 million cells is
    /// refused, naming the sheet and the far corner; the empty repeated rows
    /// and columns every LibreOffice file ends with are not cells.
    #[test]
    fn extents_of_repeated_values_are_bounded() {
        match check_extent(&ods(&table(10_000, 1_000, true))) {
            Err(Refusal::SheetTooLarge { sheet, cell }) => {
                assert_eq!(sheet, "基本情况");
                assert_eq!(cell, "ALL10001");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            check_extent(&ods(&table(1_048_575, 16_384, true))),
            Err(Refusal::SheetTooLarge { .. })
        ));
        // Just inside: 199,999 value rows below the label, one column.
        assert_eq!(check_extent(&ods(&table(199_999, 1, true))), Ok(()));
        assert!(check_extent(&ods(&table(200_000, 1, true))).is_err());
        // Empty repeats, however many, are fine.
        assert_eq!(check_extent(&ods(&table(1_048_575, 16_384, false))), Ok(()));
    }

    #[test]
    fn repeats_are_bounded() {
        // Within the size limits (a larger grid is refused before this),
        // beyond the rows and columns jixiao reads.
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000">
<table:table-cell office:value-type="percentage" office:value="1" table:number-columns-repeated="100"/>
</table:table-row></table:table>"#;
        let found = scan(xml.as_bytes(), 3, 2).unwrap().unwrap();
        let cells: Vec<(u32, u16)> = found[0].1.iter().map(|(c, _)| *c).collect();
        assert_eq!(cells, vec![(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]);
    }
}

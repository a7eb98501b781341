//! The percentage cells of an .ods, from its `content.xml` (issue 8).
//!
//! calamine gives an ODS cell of `office:value-type="percentage"` as its bare
//! value (1.01 for a cell shown 101%) and exposes no styles for ODS, so the
//! positions of such cells are read here, streaming and bounded. Positions
//! count repeated rows and cells as calamine does (each repeat is a row or a
//! column; covered cells of a merge count as cells).

use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::NumFormat;
use super::limits::{MAX_CELLS, MAX_COLS, MAX_ROWS, MAX_XML_BYTES, Refusal};
use super::numfmt::SheetFormats;

/// The cells marked as percentages, per table name; empty when the content
/// cannot be read (calamine then reports the file itself).
pub(super) fn percent_cells(bytes: &[u8], max_rows: u32, max_cols: u32) -> SheetFormats {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Ok(member) = zip.by_name("content.xml") else {
        return Vec::new();
    };
    scan(
        BufReader::new(member.take(MAX_XML_BYTES)),
        max_rows,
        max_cols,
    )
    .unwrap_or_default()
}

/// Walks the tables of a content.xml; `None` on malformed XML.
fn scan<R: std::io::BufRead>(input: R, max_rows: u32, max_cols: u32) -> Option<SheetFormats> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut out: SheetFormats = Vec::new();
    // Inside a table: its row counter; inside a row: its column counter, how
    // often it repeats and the percentage columns seen.
    let mut table: Option<(String, u32)> = None;
    let mut row: Option<(u32, u32, Vec<u16>)> = None;
    // Depth of nested tables (a table inside a cell is not a sheet).
    let mut nested = 0u32;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" if table.is_some() => {
                        nested = nested.saturating_add(u32::from(!empty))
                    }
                    "table:table" if !empty => {
                        let name = attr(e, "table:name").unwrap_or_default();
                        table = Some((name, 0));
                    }
                    "table:table-row" if nested == 0 && table.is_some() => {
                        let repeat = attr(e, "table:number-rows-repeated")
                            .and_then(|v| v.parse::<u32>().ok())
                            .unwrap_or(1)
                            .max(1);
                        if empty {
                            if let Some((_, r)) = table.as_mut() {
                                *r = r.saturating_add(repeat);
                            }
                        } else {
                            row = Some((0, repeat, Vec::new()));
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if nested == 0 => {
                        if let Some((col, _, percent)) = row.as_mut() {
                            let repeat = attr(e, "table:number-columns-repeated")
                                .and_then(|v| v.parse::<u32>().ok())
                                .unwrap_or(1)
                                .max(1);
                            if attr(e, "office:value-type").as_deref() == Some("percentage") {
                                let end = col.saturating_add(repeat).min(max_cols);
                                percent.extend((*col..end).filter_map(|c| u16::try_from(c).ok()));
                            }
                            *col = col.saturating_add(repeat);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table" if nested > 0 => nested = nested.saturating_sub(1),
                "table:table" => {
                    if let Some((name, _)) = table.take()
                        && !out.iter().any(|(n, _)| *n == name)
                    {
                        out.push((name, Vec::new()));
                    }
                }
                "table:table-row" if nested == 0 => {
                    if let (Some((name, first)), Some((_, repeat, percent))) =
                        (table.as_mut(), row.take())
                    {
                        if !percent.is_empty() {
                            let last = first.saturating_add(repeat).min(max_rows);
                            let cells = (*first..last).flat_map(|r| {
                                percent.iter().map(move |c| ((r, *c), NumFormat::Percent))
                            });
                            push_cells(&mut out, name, cells);
                        }
                        *first = first.saturating_add(repeat);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

/// Refuses an .ods whose content would make calamine build a grid beyond
/// the limits (issue 11): a few bytes of `table:number-rows-repeated` or
/// `number-columns-repeated` over a cell with a value expand to millions of
/// cells (a 1 KB file: 10 million cells, 17 s and 800 MB). The far corner
/// of each table counts only cells with a value, as calamine does (the
/// trailing empty rows every LibreOffice file has are not cells). The
/// content is read through the XML limit whatever the zip declares.
///
/// # Errors
/// [`Refusal::TooLarge`] or [`Refusal::SheetTooLarge`] naming the sheet.
pub(super) fn check_extent(bytes: &[u8]) -> Result<(), Refusal> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(member) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut input = BufReader::new(member.take(MAX_XML_BYTES + 1));
    let mut reader = Reader::from_reader(&mut input);
    let mut buf = Vec::new();
    // The table being read: its name, next row, far corner of values.
    let mut table: Option<(String, u64, u64, u64)> = None;
    // The row being read: next column, repeats, far column of values.
    let mut row: Option<(u64, u64, u64)> = None;
    let mut nested = 0u32;
    let too_large = |name: &str, rows: u64, cols: u64| {
        (rows > MAX_ROWS || cols > MAX_COLS || rows.saturating_mul(cols) > MAX_CELLS).then(|| {
            Refusal::SheetTooLarge {
                sheet: name.to_string(),
                // Shown within Excel's grid (XFD1048576 at most).
                cell: crate::base::cell_ref::cell_name(
                    u32::try_from(rows.saturating_sub(1).min(1_048_575)).unwrap_or(0),
                    u16::try_from(cols.saturating_sub(1).min(16_383)).unwrap_or(0),
                ),
            }
        })
    };
    loop {
        let Ok(event) = reader.read_event_into(&mut buf) else {
            // Cut off at the limit, or malformed (calamine then reports
            // the file itself).
            return if reader.buffer_position() >= MAX_XML_BYTES {
                Err(content_too_large())
            } else {
                Ok(())
            };
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let repeat = |key: &str| {
                    attr(e, key)
                        .and_then(|v| v.parse::<u64>().ok())
                        .unwrap_or(1)
                        .max(1)
                };
                match e.name().as_ref() {
                    "table:table" if table.is_some() => {
                        nested = nested.saturating_add(u32::from(!empty))
                    }
                    "table:table" if !empty => {
                        table = Some((attr(e, "table:name").unwrap_or_default(), 0, 0, 0));
                    }
                    "table:table-row" if nested == 0 => {
                        let n = repeat("table:number-rows-repeated");
                        if empty {
                            if let Some(t) = table.as_mut() {
                                t.1 = t.1.saturating_add(n);
                            }
                        } else {
                            row = Some((0, n, 0));
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if nested == 0 => {
                        if let Some((col, _, far)) = row.as_mut() {
                            let n = repeat("table:number-columns-repeated");
                            *col = col.saturating_add(n);
                            if attr(e, "office:value-type").is_some() {
                                *far = *col;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table" if nested > 0 => nested = nested.saturating_sub(1),
                "table:table" => table = None,
                "table:table-row" if nested == 0 => {
                    if let (Some(t), Some((_, n, far))) = (table.as_mut(), row.take()) {
                        t.1 = t.1.saturating_add(n);
                        if far > 0 {
                            t.2 = t.1;
                            t.3 = t.3.max(far);
                            if let Some(refusal) = too_large(&t.0, t.2, t.3) {
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
    Ok(())
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

    fn cells(xml: &str) -> SheetFormats {
        scan(xml.as_bytes(), 20_000, 500).unwrap()
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
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576">
<table:table-cell office:value-type="percentage" office:value="1" table:number-columns-repeated="16384"/>
</table:table-row></table:table>"#;
        let found = scan(xml.as_bytes(), 3, 2).unwrap();
        let cells: Vec<(u32, u16)> = found[0].1.iter().map(|(c, _)| *c).collect();
        assert_eq!(cells, vec![(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]);
    }
}

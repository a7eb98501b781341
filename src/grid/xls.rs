//! The number formats of an .xls (BIFF8) workbook's numeric cells (issue 8).
//!
//! calamine reads BIFF but keeps formats to itself (it only uses them to
//! tell dates), so the `Workbook` stream is walked here, for a few record
//! types only: FORMAT (custom format codes), XF (each style's format id),
//! BOUNDSHEET8 (where each worksheet's records start, and its name), and in
//! each worksheet NUMBER, RK, MULRK and FORMULA (a cell's XF index). Older
//! BIFF5/7 files (a `Book` stream) and encrypted ones give no formats.
//! Every read is bounds-checked: a malformed record ends the walk. The
//! same read checks the sheets' sizes before calamine sees the file
//! ([`inspect`]).

use std::io::{Cursor, Read};

use super::NumFormat;
use super::limits::{MAX_CELLS, MAX_COLS, MAX_FILE_BYTES, MAX_ROWS, Refusal};
use super::numfmt::SheetFormats;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const DIMENSIONS: u16 = 0x0200;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const BOOLERR: u16 = 0x0205;
const LABELSST: u16 = 0x00FD;
/// BIFF8 in a BOF record's version field.
const BIFF8: u16 = 0x0600;

/// Checks an .xls before calamine reads it and returns the number formats
/// of its numeric cells, from one read of its workbook stream.
///
/// The check refuses what would make calamine reserve or build a grid
/// beyond the limits (issue 11): calamine reserves room for every cell of a
/// sheet's DIMENSIONS record (a forged one asks for terabytes and aborts
/// the process) and builds the grid from the first to the last cell.
///
/// # Errors
/// [`Refusal::Malformed`] for a compound file that cannot be inspected,
/// [`Refusal::SheetTooLarge`] naming the sheet and its far corner.
pub(super) fn inspect(bytes: &[u8], max_rows: u32, max_cols: u32) -> Result<SheetFormats, Refusal> {
    // calamine reads compound files more leniently than the `cfb` crate;
    // one that `cfb` cannot open cannot be inspected, so it is not handed
    // to calamine either (a fuzzed file of this kind made it reserve 26 GB
    // and abort). Truncated and damaged .xls files end here.
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| Refusal::Malformed("复合文档结构"))?;
    // BIFF8 keeps its records in `Workbook`, BIFF5/7 in `Book`; an
    // encrypted .xlsx has neither (its password is reported later).
    let stream = match file.open_stream("/Workbook") {
        Ok(s) => s,
        Err(_) => match file.open_stream("/Book") {
            Ok(s) => s,
            Err(_) => return Ok(Vec::new()),
        },
    };
    let mut data = Vec::new();
    if stream.take(MAX_FILE_BYTES).read_to_end(&mut data).is_err() {
        return Err(Refusal::Malformed("工作簿数据流"));
    }
    for (offset, name) in sheet_offsets(&data) {
        if let Some(cell) = sheet_beyond_limits(&data, offset) {
            return Err(Refusal::SheetTooLarge { sheet: name, cell });
        }
    }
    Ok(walk(&data, max_rows, max_cols))
}

/// Every sheet's offset and name from the BOUNDSHEET records, in any BIFF
/// version calamine reads (names of other versions than BIFF8 are shown by
/// their position).
fn sheet_offsets(data: &[u8]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((typ, body)) = record(data, pos) {
        match typ {
            BOUNDSHEET => {
                if let Some(offset) = u32_at(body, 0) {
                    let name = body
                        .get(6)
                        .and_then(|cch| body.get(7..).and_then(|b| string_chars(b, (*cch).into())))
                        .unwrap_or_else(|| format!("第{}个工作表", out.len().saturating_add(1)));
                    out.push((usize::try_from(offset).unwrap_or(usize::MAX), name));
                }
            }
            EOF => break,
            _ => {}
        }
        pos = next(pos, body);
    }
    out
}

/// The far corner of a worksheet substream when its DIMENSIONS or its
/// cells reach beyond the limits, read as calamine reads them.
fn sheet_beyond_limits(data: &[u8], offset: usize) -> Option<String> {
    let beyond = |rows: u64, cols: u64| {
        rows > MAX_ROWS || cols > MAX_COLS || rows.saturating_mul(cols) > MAX_CELLS
    };
    let corner = |row: u64, col: u64| {
        crate::base::cell_ref::cell_name(
            u32::try_from(row.min(1_048_575)).unwrap_or(0),
            u16::try_from(col.min(16_383)).unwrap_or(0),
        )
    };
    // First and last row and column of the cells.
    let mut span: Option<(u64, u64, u64, u64)> = None;
    let mut see = |row: u16, col: u16| {
        let (r, c) = (u64::from(row), u64::from(col));
        span = Some(match span {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    };
    for (typ, body) in sheet_records(data, offset) {
        match typ {
            DIMENSIONS => {
                // As calamine reads it: u16 fields in the old 10-byte form.
                let (rf, rl, cf, cl) = match body.len() {
                    10 => (
                        u64::from(u16_at(body, 0)?),
                        u64::from(u16_at(body, 2)?),
                        u64::from(u16_at(body, 4)?),
                        u64::from(u16_at(body, 6)?),
                    ),
                    14 | 16 => (
                        u64::from(u32_at(body, 0)?),
                        u64::from(u32_at(body, 4)?),
                        u64::from(u16_at(body, 8)?),
                        u64::from(u16_at(body, 10)?),
                    ),
                    _ => (0, 0, 0, 0),
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    // calamine computes last − first + 1 of each, unchecked.
                    if rl <= rf || beyond(rl.saturating_sub(rf), cl.saturating_sub(cf)) {
                        return Some(corner(rl.saturating_sub(1), cl.saturating_sub(1)));
                    }
                }
            }
            NUMBER | RK | FORMULA | LABEL | RSTRING | BOOLERR | LABELSST => {
                if let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) {
                    see(r, c);
                }
            }
            MULRK => {
                if let (Some(r), Some(first)) = (u16_at(body, 0), u16_at(body, 2)) {
                    see(r, first);
                    let last = body
                        .len()
                        .checked_sub(2)
                        .and_then(|at| u16_at(body, at))
                        .unwrap_or(first);
                    see(r, last);
                }
            }
            _ => {}
        }
    }
    let (r0, r1, c0, c1) = span?;
    beyond(
        r1.saturating_sub(r0).saturating_add(1),
        c1.saturating_sub(c0).saturating_add(1),
    )
    .then(|| corner(r1, c1))
}

/// The records of the worksheet substream at `offset` that are the
/// sheet's own, up to its EOF: its BOF and EOF and the records of an
/// embedded chart (its own BOF … EOF inside) are left out.
fn sheet_records(data: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = offset;
    let mut depth = 0u32;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            let (typ, body) = record(data, pos)?;
            pos = next(pos, body);
            match typ {
                BOF => depth = depth.saturating_add(1),
                EOF => depth = depth.saturating_sub(1),
                _ => {}
            }
            done = depth == 0;
            if depth == 1 && typ != BOF && typ != EOF {
                return Some((typ, body));
            }
        }
        None
    })
}

/// One record: (type, body).
fn record(data: &[u8], pos: usize) -> Option<(u16, &[u8])> {
    let start = pos.checked_add(4)?;
    let head = data.get(pos..start)?;
    let typ = u16::from_le_bytes([head[0], head[1]]);
    let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
    let body = data.get(start..start.checked_add(len)?)?;
    Some((typ, body))
}

/// Where the record after the one at `pos` starts (past the end on
/// overflow, which ends any walk).
fn next(pos: usize, body: &[u8]) -> usize {
    pos.saturating_add(4).saturating_add(body.len())
}

fn u16_at(body: &[u8], at: usize) -> Option<u16> {
    let b = body.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(body: &[u8], at: usize) -> Option<u32> {
    let b = body.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The characters of a BIFF8 string after its length: a flags byte, then
/// optional rich-text and extended headers, then 8- or 16-bit characters.
fn string_chars(body: &[u8], cch: usize) -> Option<String> {
    let flags = *body.first()?;
    let mut at: usize = 1;
    if flags & 0x08 != 0 {
        at = at.checked_add(2)?;
    }
    if flags & 0x04 != 0 {
        at = at.checked_add(4)?;
    }
    if flags & 0x01 != 0 {
        let raw = body.get(at..at.checked_add(cch.checked_mul(2)?)?)?;
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(
            body.get(at..at.checked_add(cch)?)?
                .iter()
                .map(|b| char::from(*b))
                .collect(),
        )
    }
}

/// The globals substream: each XF's format class inputs (custom codes and
/// XF format ids) and every worksheet's offset and name; `None` when the
/// stream is not BIFF8 or is encrypted.
#[allow(clippy::type_complexity)]
fn globals(data: &[u8]) -> Option<((Vec<(u16, String)>, Vec<u16>), Vec<(usize, String)>)> {
    let mut custom: Vec<(u16, String)> = Vec::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut pos = 0;
    match record(data, 0) {
        Some((BOF, body)) if u16_at(body, 0) == Some(BIFF8) => {}
        _ => return None,
    }
    while let Some((typ, body)) = record(data, pos) {
        match typ {
            FILEPASS => return None,
            FORMAT => {
                if let (Some(id), Some(cch)) = (u16_at(body, 0), u16_at(body, 2))
                    && let Some(code) = body.get(4..).and_then(|b| string_chars(b, cch.into()))
                {
                    custom.push((id, code));
                }
            }
            XF => xf_formats.push(u16_at(body, 2).unwrap_or(0)),
            BOUNDSHEET => {
                let sheet_type = body.get(5).copied();
                if let (Some(offset), Some(0), Some(cch)) =
                    (u32_at(body, 0), sheet_type, body.get(6))
                    && let Some(name) = body.get(7..).and_then(|b| string_chars(b, (*cch).into()))
                {
                    sheets.push((offset as usize, name));
                }
            }
            EOF => break,
            _ => {}
        }
        pos = next(pos, body);
    }
    Some(((custom, xf_formats), sheets))
}

fn walk(data: &[u8], max_rows: u32, max_cols: u32) -> SheetFormats {
    let Some(((custom, xf_formats), sheets)) = globals(data) else {
        return Vec::new();
    };
    let classes: Vec<NumFormat> = xf_formats
        .iter()
        .map(|id| {
            let code = custom
                .iter()
                .find(|(i, _)| i == id)
                .map_or("", |(_, c)| c.as_str());
            NumFormat::classify(Some(u32::from(*id)), code)
        })
        .collect();
    sheets
        .into_iter()
        .map(|(offset, name)| {
            (
                name,
                sheet_cells(data, offset, &classes, max_rows, max_cols),
            )
        })
        .collect()
}

/// The non-general cells of the worksheet substream at `offset`.
fn sheet_cells(
    data: &[u8],
    offset: usize,
    classes: &[NumFormat],
    max_rows: u32,
    max_cols: u32,
) -> Vec<((u32, u16), NumFormat)> {
    let mut out = Vec::new();
    let mut push = |row: u16, col: u16, xf: u16| {
        let class = classes
            .get(usize::from(xf))
            .copied()
            .unwrap_or(NumFormat::General);
        if class != NumFormat::General && u32::from(row) < max_rows && u32::from(col) < max_cols {
            out.push(((u32::from(row), col), class));
        }
    };
    for (typ, body) in sheet_records(data, offset) {
        match typ {
            NUMBER | RK | FORMULA => {
                if let (Some(r), Some(c), Some(xf)) =
                    (u16_at(body, 0), u16_at(body, 2), u16_at(body, 4))
                {
                    push(r, c, xf);
                }
            }
            MULRK => {
                if let (Some(r), Some(first)) = (u16_at(body, 0), u16_at(body, 2)) {
                    let entries = body.len().saturating_sub(6) / 6;
                    for i in 0..entries {
                        let at = i.checked_mul(6).and_then(|o| o.checked_add(4));
                        if let (Some(xf), Ok(step)) =
                            (at.and_then(|at| u16_at(body, at)), u16::try_from(i))
                        {
                            push(r, first.saturating_add(step), xf);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|(k, _)| *k);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((body.len() as u16).to_le_bytes());
        out.extend(body);
        out
    }

    fn xf(format: u16) -> Vec<u8> {
        let mut body = vec![0u8; 20];
        body[2..4].copy_from_slice(&format.to_le_bytes());
        rec(XF, &body)
    }

    fn cell(typ: u16, row: u16, col: u16, xf: u16) -> Vec<u8> {
        let mut body = Vec::new();
        for v in [row, col, xf] {
            body.extend(v.to_le_bytes());
        }
        body.extend([0u8; 8]);
        rec(typ, &body)
    }

    /// A globals substream (formats, XFs, one sheet) and the sheet.
    fn stream() -> Vec<u8> {
        let bof = rec(BOF, &[0x00, 0x06, 0x05, 0x00]);
        let mut globals = bof.clone();
        // A custom percent format 0.0% (id 176), 16-bit characters.
        let mut format = 176u16.to_le_bytes().to_vec();
        format.extend(4u16.to_le_bytes());
        format.push(0x01);
        for ch in "0.0%".encode_utf16() {
            format.extend(ch.to_le_bytes());
        }
        globals.extend(rec(FORMAT, &format));
        // XF 0 General, 1 built-in 0.00%, 2 custom 0.0%, 3 a date.
        for id in [0, 10, 176, 14] {
            globals.extend(xf(id));
        }
        let name: Vec<u8> = "财务".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let boundsheet_len = 4 + 8 + name.len();
        let eof = rec(EOF, &[]);
        let offset = (globals.len() + boundsheet_len + eof.len()) as u32;
        let mut bs = offset.to_le_bytes().to_vec();
        bs.extend([0, 0, 2, 0x01]);
        bs.extend(&name);
        globals.extend(rec(BOUNDSHEET, &bs));
        globals.extend(&eof);
        assert_eq!(globals.len() as u32, offset);
        let mut sheet = bof;
        sheet.extend(cell(NUMBER, 11, 1, 1));
        sheet.extend(cell(RK, 3, 0, 0));
        sheet.extend(cell(FORMULA, 4, 2, 3));
        // MULRK: row 5, columns 1..=2 with XF 2 and 0.
        let mut mulrk = 5u16.to_le_bytes().to_vec();
        mulrk.extend(1u16.to_le_bytes());
        for x in [2u16, 0] {
            mulrk.extend(x.to_le_bytes());
            mulrk.extend([0u8; 4]);
        }
        mulrk.extend(2u16.to_le_bytes());
        sheet.extend(rec(MULRK, &mulrk));
        sheet.extend(rec(EOF, &[]));
        globals.extend(sheet);
        globals
    }

    #[test]
    fn formats_of_numeric_cells() {
        let found = walk(&stream(), 20_000, 500);
        assert_eq!(
            found,
            vec![(
                "财务".to_string(),
                vec![
                    ((4, 2), NumFormat::Date),
                    ((5, 1), NumFormat::Percent),
                    ((11, 1), NumFormat::Percent),
                ]
            )]
        );
    }

    #[test]
    fn truncated_or_foreign_streams_give_nothing() {
        let data = stream();
        for cut in [0, 3, 10, 40, data.len() - 5] {
            // A stream cut anywhere ends the walk without a panic.
            let _ = walk(&data[..cut], 20_000, 500);
        }
        assert!(walk(b"not a biff stream", 20_000, 500).is_empty());
        assert!(
            inspect(b"not a compound file", 20_000, 500)
                .unwrap_or_default()
                .is_empty()
        );
    }

    /// The stream of [`stream`] with extra records in its sheet, before
    /// the sheet's EOF.
    fn stream_with(extra: &[Vec<u8>]) -> Vec<u8> {
        let mut data = stream();
        let eof = rec(EOF, &[]);
        data.truncate(data.len() - eof.len());
        for r in extra {
            data.extend(r);
        }
        data.extend(eof);
        data
    }

    fn dimensions(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut body = rf.to_le_bytes().to_vec();
        body.extend(rl.to_le_bytes());
        body.extend(cf.to_le_bytes());
        body.extend(cl.to_le_bytes());
        body.extend([0, 0]);
        rec(DIMENSIONS, &body)
    }

    fn first_sheet(data: &[u8]) -> usize {
        globals(data).unwrap().1[0].0
    }

    /// A forged DIMENSIONS (calamine reserves rows × columns cells) and a
    /// stray far cell are refused; a real sheet's are not.
    #[test]
    fn dimensions_and_far_cells_are_bounded() {
        let ok = stream_with(&[dimensions(0, 40, 0, 12)]);
        assert_eq!(sheet_beyond_limits(&ok, first_sheet(&ok)), None);
        let forged = stream_with(&[dimensions(0, u32::MAX, 0, 256)]);
        assert_eq!(
            sheet_beyond_limits(&forged, first_sheet(&forged)).as_deref(),
            Some("IV1048576")
        );
        // Last before first: calamine's subtraction would wrap.
        let upside_down = stream_with(&[dimensions(100, 5, 0, 3)]);
        assert!(sheet_beyond_limits(&upside_down, first_sheet(&upside_down)).is_some());
        // A1 … IV65536 through cells: 16.7 million cells.
        let far = stream_with(&[cell(NUMBER, 65_535, 255, 0)]);
        assert_eq!(
            sheet_beyond_limits(&far, first_sheet(&far)).as_deref(),
            Some("IV65536")
        );
        // The sheet's first cell is A4 (row 3): rows 3…15627 are 15,625
        // rows × 256 columns = 4,000,000 cells, at the limit, read.
        let edge = stream_with(&[cell(NUMBER, 15_627, 255, 0)]);
        assert_eq!(sheet_beyond_limits(&edge, first_sheet(&edge)), None);
        let over = stream_with(&[cell(NUMBER, 15_628, 255, 0)]);
        assert!(sheet_beyond_limits(&over, first_sheet(&over)).is_some());
    }

    #[test]
    fn rows_beyond_the_limit_are_dropped() {
        let found = walk(&stream(), 6, 500);
        assert_eq!(
            found[0].1,
            vec![((4, 2), NumFormat::Date), ((5, 1), NumFormat::Percent)]
        );
    }
}

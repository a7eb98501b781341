//! Any spreadsheet as absolute cells plus merged ranges.
//!
//! `grid` is the only stage that opens input files ([`read::read_workbook`]).
//! Everything after it works on [`Workbook`] values, so it is pure and testable.

pub mod limits;
pub mod numfmt;
mod ods;
pub mod read;
mod xls;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::base::Location;
use crate::base::text::normalize_label;

pub use numfmt::NumFormat;
pub use read::{GridError, read_workbook, workbook_from_bytes};

/// One cell's content, already converted: numbers are `Decimal`.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Number(Decimal),
    Text(String),
    Bool(bool),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as it would be shown, for labels and messages.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Number(d) => d.normalize().to_string(),
            CellValue::Text(t) => t.clone(),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// A merged region, zero-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedRange {
    pub first_row: u32,
    pub first_col: u16,
    pub last_row: u32,
    pub last_col: u16,
}

impl MergedRange {
    pub fn contains(&self, row: u32, col: u16) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One worksheet: cells at absolute positions (row 0 is Excel's row 1).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    rows: Vec<Vec<CellValue>>,
    pub merged: Vec<MergedRange>,
    /// Column widths in Excel character units, where the reader could get them.
    pub col_widths: Vec<(u16, f64)>,
    /// The number format class of the numeric cells whose format is not
    /// [`NumFormat::General`], sorted by (row, col): sparse, since most cells
    /// are general (issue 8).
    formats: Vec<((u32, u16), NumFormat)>,
    /// Every text cell's normalised label, built once on first use: label
    /// lookups are the hottest path of extraction (issue 6).
    labels: OnceLock<LabelIndex>,
}

/// Normalised labels of a sheet's text cells, row by row (empty for
/// non-text cells).
#[derive(Debug, Clone, Default)]
struct LabelIndex {
    rows: Vec<Vec<Box<str>>>,
    /// The cells of each non-empty label, row by row (looked up, never
    /// iterated: a hash map's order never reaches an output).
    cells: HashMap<Box<str>, Vec<(u32, u16)>>,
    /// The cells whose label starts with an ASCII digit (`2023年决算数`),
    /// row by row.
    digit_led: Vec<(u32, u16)>,
}

impl LabelIndex {
    fn of(rows: &[Vec<CellValue>]) -> LabelIndex {
        let rows: Vec<Vec<Box<str>>> = rows
            .iter()
            .map(|line| {
                line.iter()
                    .map(|v| match v {
                        CellValue::Text(t) if !t.trim().is_empty() => {
                            normalize_label(t.trim()).into_boxed_str()
                        }
                        _ => Box::default(),
                    })
                    .collect()
            })
            .collect();
        let mut cells: HashMap<Box<str>, Vec<(u32, u16)>> = HashMap::new();
        let mut digit_led = Vec::new();
        for (r, line) in rows.iter().enumerate() {
            for (c, label) in line.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
                let at = (
                    u32::try_from(r).unwrap_or(u32::MAX),
                    u16::try_from(c).unwrap_or(u16::MAX),
                );
                cells.entry(label.clone()).or_default().push(at);
                if label.starts_with(|ch: char| ch.is_ascii_digit()) {
                    digit_led.push(at);
                }
            }
        }
        LabelIndex {
            rows,
            cells,
            digit_led,
        }
    }
}

static EMPTY: CellValue = CellValue::Empty;

impl Sheet {
    pub fn new(name: impl Into<String>) -> Self {
        Sheet {
            name: name.into(),
            ..Sheet::default()
        }
    }

    /// Sets one cell, growing the sheet as needed.
    pub fn set(&mut self, row: u32, col: u16, value: CellValue) {
        let (r, c) = (row as usize, usize::from(col));
        if self.rows.len() <= r {
            self.rows.resize(r.saturating_add(1), Vec::new());
        }
        let line = &mut self.rows[r];
        if line.len() <= c {
            line.resize(c.saturating_add(1), CellValue::Empty);
        }
        line[c] = value;
        self.labels = OnceLock::new();
    }

    /// Records the number format of a cell (a general one is not stored).
    pub fn set_format(&mut self, row: u32, col: u16, format: NumFormat) {
        let key = (row, col);
        match self.formats.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) if format == NumFormat::General => {
                self.formats.remove(i);
            }
            Ok(i) => self.formats[i].1 = format,
            Err(_) if format == NumFormat::General => {}
            Err(i) => self.formats.insert(i, (key, format)),
        }
    }

    /// The number format class of a cell: [`NumFormat::General`] unless the
    /// file gave it another (only numeric cells carry one).
    pub fn format(&self, row: u32, col: u16) -> NumFormat {
        self.formats
            .binary_search_by_key(&(row, col), |(k, _)| *k)
            .map_or(NumFormat::General, |i| self.formats[i].1)
    }

    pub fn get(&self, row: u32, col: u16) -> &CellValue {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(usize::from(col)))
            .unwrap_or(&EMPTY)
    }

    pub fn row_count(&self) -> u32 {
        u32::try_from(self.rows.len()).unwrap_or(u32::MAX)
    }

    pub fn col_count(&self) -> u16 {
        let widest = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        u16::try_from(widest).unwrap_or(u16::MAX)
    }

    /// The cells of one row as stored (empty past its last cell).
    pub fn row(&self, row: u32) -> &[CellValue] {
        self.rows.get(row as usize).map_or(&[], Vec::as_slice)
    }

    /// The text of a cell, trimmed; `None` for numbers and empty cells.
    pub fn text(&self, row: u32, col: u16) -> Option<&str> {
        match self.get(row, col) {
            CellValue::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        }
    }

    /// The merged range that covers a cell, if any.
    pub fn merged_at(&self, row: u32, col: u16) -> Option<&MergedRange> {
        self.merged.iter().find(|m| m.contains(row, col))
    }

    /// The value shown at a cell: for a cell inside a merged range, the
    /// range's top-left value (calamine leaves the others empty).
    pub fn shown(&self, row: u32, col: u16) -> &CellValue {
        match self.merged_at(row, col) {
            Some(m) => self.get(m.first_row, m.first_col),
            None => self.get(row, col),
        }
    }

    /// Normalised label of a cell (see [`normalize_label`]), empty for
    /// non-text. Every cell is normalised once per sheet, on first use.
    pub fn label(&self, row: u32, col: u16) -> &str {
        self.label_index()
            .rows
            .get(row as usize)
            .and_then(|r| r.get(usize::from(col)))
            .map_or("", |l| l)
    }

    fn label_index(&self) -> &LabelIndex {
        self.labels.get_or_init(|| LabelIndex::of(&self.rows))
    }

    /// The text cells whose [`Sheet::label`] is `label`, row by row; none
    /// for an empty label.
    pub fn cells_labelled(&self, label: &str) -> &[(u32, u16)] {
        self.label_index()
            .cells
            .get(label)
            .map_or(&[], Vec::as_slice)
    }

    /// The text cells whose [`Sheet::label`] starts with an ASCII digit
    /// (a year: `2023年决算数`), row by row.
    pub fn digit_led_cells(&self) -> &[(u32, u16)] {
        &self.label_index().digit_led
    }

    /// The label of the cell shown at a position ([`Sheet::shown`]): for a
    /// cell inside a merged range, the range's top-left label.
    pub fn shown_label(&self, row: u32, col: u16) -> &str {
        match self.merged_at(row, col) {
            Some(m) => self.label(m.first_row, m.first_col),
            None => self.label(row, col),
        }
    }

    /// Every non-empty cell, row by row.
    pub fn cells(&self) -> impl Iterator<Item = (u32, u16, &CellValue)> {
        self.rows.iter().enumerate().flat_map(|(r, line)| {
            line.iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(move |(c, v)| {
                    (
                        u32::try_from(r).unwrap_or(u32::MAX),
                        u16::try_from(c).unwrap_or(u16::MAX),
                        v,
                    )
                })
        })
    }
}

/// A whole workbook as read from one file.
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    pub path: PathBuf,
    /// The file name shown in messages.
    pub file_name: String,
    /// Worksheets in order. For ODS, `merged` is always empty: calamine
    /// cannot report ODS merges (NOTES-ecosystem §1.4).
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }

    pub fn location(&self, sheet: &Sheet, row: u32, col: u16) -> Location {
        Location {
            file: self.file_name.clone(),
            sheet: sheet.name.clone(),
            row,
            col,
        }
    }
}

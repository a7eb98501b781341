//! Where a value was read: file, sheet and zero-based cell position.

use std::fmt;

use serde::Serialize;

use super::cell_ref::cell_name;

/// Where a value was read: file, sheet and zero-based cell position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub col: u16,
}

impl Location {
    /// The short form shown next to a value: `三公经费!C7`.
    pub fn cell(&self) -> String {
        format!("{}!{}", self.sheet, cell_name(self.row, self.col))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "「{}」{}", self.file, self.cell())
    }
}

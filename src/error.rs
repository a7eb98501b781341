//! Locations of cells in input files, and the top-level error type.
//!
//! Every stage has its own typed error (`GridError`, `RubricError`, `ReportError`);
//! this module wraps them and maps them to the exit codes of DESIGN §3a.
//! Messages are Chinese sentences a finance officer can act on.

use std::fmt;

use serde::Serialize;

use crate::grid::cell_ref::cell_name;

/// Where a value was read: file, sheet and zero-based cell position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// How a command ended, as the process exit code users and schedulers rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: everything was scored.
    Success,
    /// 1: some department could not be scored (the others were written).
    Failure,
    /// 2: bad usage, unreadable configuration or rubric.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// Errors that stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Grid(#[from] crate::grid::GridError),
    #[error(transparent)]
    Rubric(#[from] crate::rubric::RubricError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    #[error(transparent)]
    Rule(#[from] crate::rules::RuleError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

impl Error {
    /// The exit status this error leads to (DESIGN §3a).
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            // The department workbook itself could not be read or scored.
            Error::Grid(_) => ExitStatus::Failure,
            Error::Report(e) if e.is_department_failure() => ExitStatus::Failure,
            _ => ExitStatus::Error,
        }
    }
}

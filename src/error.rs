//! The top-level error type and the exit codes.
//!
//! Every stage has its own typed error (`GridError`, `RubricError`, `ReportError`);
//! this module wraps them and maps them to the exit codes of DESIGN §3a.
//! Messages are Chinese sentences a finance officer can act on.

/// How a command ended, as the process exit code users and schedulers rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: everything was scored.
    Success,
    /// 1: some department could not be scored (the others were written).
    Failure,
    /// 2: bad usage, unreadable configuration or rubric.
    Error,
    /// 130: stopped by Ctrl-C or SIGTERM before it was done (128 + SIGINT,
    /// what shells report for a command ended by Ctrl-C).
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

/// Bad usage found after the command line was parsed: a missing output
/// folder, `{year}` without a year, an input that does not exist (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(String);

impl UsageError {
    pub fn new(message: String) -> UsageError {
        UsageError(message)
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
    #[error(transparent)]
    Department(#[from] crate::pipeline::DeptError),
    #[error(transparent)]
    Usage(#[from] UsageError),
    #[error(transparent)]
    Profile(#[from] crate::profile::ProfileError),
}

impl Error {
    /// For `batch` and `aggregate`, whose departments' failures are listed
    /// rather than returned: a write error that stops the run is about the
    /// run's own outputs (output folder, 汇总, 运行记录, log), so the run
    /// could not be done (exit 2), not one department (exit 1).
    pub fn of_run_outputs(self) -> Error {
        match self {
            Error::Report(e) if e.is_department_failure() => {
                Error::Report(crate::report::ReportError::BatchOutput(Box::new(e)))
            }
            other => other,
        }
    }

    /// The exit status this error leads to (DESIGN §3a).
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            // The department workbook itself could not be read or scored.
            Error::Grid(_) | Error::Department(_) => ExitStatus::Failure,
            Error::Report(e) if e.is_department_failure() => ExitStatus::Failure,
            _ => ExitStatus::Error,
        }
    }
}

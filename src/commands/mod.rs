//! One file per subcommand: resolve the arguments, run the pipeline, hand
//! the result to `report`. Commands return what to print; only `main` prints.

pub mod aggregate;
pub mod batch;
pub mod check;
pub mod console;
pub mod inputs;
pub mod rule;
pub mod score;
pub mod template;
pub mod worker;

use crate::error::ExitStatus;

/// What a command produced: its exit status and the text for the terminal.
#[derive(Debug, Default)]
pub struct Outcome {
    pub status: Option<ExitStatus>,
    /// Machine-readable or primary output.
    pub stdout: String,
    /// Progress, summaries and warnings for the person at the terminal.
    pub stderr: String,
}

impl Outcome {
    pub fn exit_status(&self) -> ExitStatus {
        self.status.unwrap_or(ExitStatus::Success)
    }
}

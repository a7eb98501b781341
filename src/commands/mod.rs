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

/// The family `--family` names, if given.
///
/// # Errors
/// A name jixiao does not know (exit 2).
pub fn family_arg(arg: Option<&str>) -> Result<Option<crate::family::Family>, crate::error::Error> {
    arg.map(|a| {
        crate::family::Family::from_arg(a).ok_or_else(|| {
            crate::error::UsageError::new(format!(
                "未知的评分表类型「{a}」：可选 部门整体、考核、项目"
            ))
            .into()
        })
    })
    .transpose()
}

/// A shared rubric file (`--rubric`) takes the family `--family` gave
/// (its own detected family otherwise). Without a file, each department's
/// rubric is chosen with `settings.family` (see
/// [`crate::pipeline::department_rubric`]).
pub fn with_family(
    rubric: Option<crate::rubric::Rubric>,
    family: Option<crate::family::Family>,
) -> Option<crate::rubric::Rubric> {
    rubric.map(|mut r| {
        r.family = family.unwrap_or_else(|| crate::family::detect(&r.rows));
        r
    })
}

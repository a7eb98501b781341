//! One file per subcommand: resolve the arguments, run the pipeline, hand
//! the result to `report`. Commands return what to print; only `main` prints.

pub mod aggregate;
pub mod batch;
pub mod check;
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
            crate::error::UsageError::new(format!("未知的评分表类型「{a}」：可选 部门整体、考核"))
                .into()
        })
    })
    .transpose()
}

/// The shared rubric given the family: a rubric file takes the family
/// given (its own detected family otherwise); without a file, `--family
/// 考核` gives that family's default rubric.
///
/// # Errors
/// When the family's built-in rubric cannot be built (a build defect).
pub fn with_family(
    rubric: Option<crate::rubric::Rubric>,
    family: Option<crate::family::Family>,
) -> Result<Option<crate::rubric::Rubric>, crate::error::Error> {
    use crate::family::Family;
    match (rubric, family) {
        (Some(mut r), Some(f)) => {
            r.family = f;
            Ok(Some(r))
        }
        (None, Some(Family::Kaohe)) => {
            crate::family::kaohe::default_rubric()
                .map(Some)
                .map_err(|e| {
                    crate::error::UsageError::new(format!("内置考核评分表无法读取：{e}")).into()
                })
        }
        (r, _) => Ok(r),
    }
}

//! The one integration-test binary: runs the real `jixiao` in temp folders.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// Helpers: temp workdirs, running the binary, reading outputs with calamine.
mod util;

/// `jixiao aggregate`: scored workbooks read back into a 汇总 (issue 10).
mod aggregate;
/// The budget basis of each metric and plausibility warnings (issue 8).
mod basis;
/// `jixiao batch` and `jixiao <文件夹>` (issue 9).
mod batch;
/// A 50-department smoke run of the batch benchmark (issue 9).
mod bench;
/// `jixiao check` and `jixiao template`.
mod check;
/// Unreadable inputs, overwrite protection, exit codes and Chinese messages.
mod errors;
/// The 考核 family (issue 12): samples, --family, rule kinds at their boundaries.
mod family;
/// The scored workbook as a living form: columns, record, formulas, print (issue 10).
mod form;
/// Broken and hostile inputs: messages, exit codes, no panic (issue 11).
mod hostile;
/// The no-command form and the wait for a key (issue 13).
mod launch;
/// A corpus of department workbooks in the layouts of real published tables (issue 8).
mod layouts;
/// jixiao's outputs recalculated, edited and printed by LibreOffice (issue 10).
mod libreoffice;
/// Number formats: cells read as the user sees them (issue 8).
mod numfmt;
/// LibreOffice headless with a recalculating profile and test macros.
mod office;
/// Numbers at the limits of `Decimal`: messages, never a panic (issue 6).
mod overflow;
/// Label profiles: `--profile` and `profile =` in jixiao.toml (issue 6).
mod profile;
/// Scoring with the seed localities' rubrics (issue 3).
mod rubrics;
/// `jixiao rule`.
mod rule;
/// `jixiao score` on the sample departments with the default rubric (issue 2).
mod score;
/// insta snapshots of what users read: 评分表 explanations, check, rule, errors.
mod snapshots;

//! `jixiao template`: the blank department template and the default rubric.

use std::fmt::Write as _;

use super::Outcome;
use crate::cli::TemplateArgs;
use crate::error::Error;
use crate::profile::Profile;
use crate::report::ReportError;
use crate::report::atomic::{check_output, write_atomic, write_new};
use crate::report::template::{RubricSheet, TemplateValues, department_workbook, rubric_workbook};
use crate::rubric::default::default_rubric;

pub const TEMPLATE_FILE: &str = "部门数据模板.xlsx";
pub const RUBRIC_FILE: &str = "默认评分表.xlsx";

/// Runs `jixiao template`.
///
/// # Errors
/// When the folder cannot be created or a file exists without `--force`.
pub fn run(args: &TemplateArgs) -> Result<Outcome, Error> {
    std::fs::create_dir_all(&args.out).map_err(|source| ReportError::Io {
        path: args.out.clone(),
        source,
    })?;
    let rubric = default_rubric();
    let files = [
        (
            TEMPLATE_FILE,
            department_workbook(
                &Profile::builtin(),
                &TemplateValues::default(),
                &RubricSheet::Standard(&rubric),
            ),
        ),
        (RUBRIC_FILE, rubric_workbook(&rubric)),
    ];
    for (name, _) in &files {
        check_output(&args.out.join(name), &[], args.force)?;
    }
    let mut err = String::new();
    for (name, bytes) in files {
        let path = args.out.join(name);
        let bytes = bytes.map_err(ReportError::from)?;
        if args.force {
            write_atomic(&path, &bytes)?;
        } else {
            write_new(&path, &bytes)?;
        }
        let _ = writeln!(err, "已生成「{}」", path.display());
    }
    let _ = writeln!(
        err,
        "请在《{TEMPLATE_FILE}》中填写本部门数据（金额单位见各表表头），然后运行：jixiao score <文件>"
    );
    Ok(Outcome {
        stderr: err,
        ..Outcome::default()
    })
}

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
    match super::family_arg(args.family.as_deref())? {
        Some(crate::family::Family::Kaohe) => return run_kaohe(args),
        Some(crate::family::Family::Xiangmu) => return run_xiangmu(args),
        _ => {}
    }
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
    let closing = format!(
        "请在《{TEMPLATE_FILE}》中填写本部门数据（金额单位见各表表头），然后运行：jixiao score <文件>"
    );
    write_files(args, files, &closing)
}

pub const KAOHE_TEMPLATE_FILE: &str = "考核数据模板.xlsx";
pub const KAOHE_RUBRIC_FILE: &str = "考核评分表.xlsx";

/// `jixiao template --family 考核`: the 考核 data template (sheet 考核数据
/// and the 评分表 to fill 自评得分 in) and the 考核 default rubric.
fn run_kaohe(args: &TemplateArgs) -> Result<Outcome, Error> {
    let usage = |e: String| crate::error::UsageError::new(format!("内置考核评分表无法读取：{e}"));
    let spec = crate::family::kaohe_spec().map_err(usage)?;
    let rubric = crate::family::kaohe::default_rubric().map_err(usage)?;
    let files = [
        (
            KAOHE_TEMPLATE_FILE,
            crate::report::template::department_workbook_from(
                &[crate::family::kaohe::template_sheet(spec)],
                &TemplateValues::default(),
                &RubricSheet::Standard(&rubric),
            ),
        ),
        (KAOHE_RUBRIC_FILE, rubric_workbook(&rubric)),
    ];
    let closing = format!(
        "请在《{KAOHE_TEMPLATE_FILE}》的“{}”工作表中填写各项数量、金额（万元）和是/否，在“评分表”工作表中填写自评得分，然后运行：jixiao score <文件>",
        spec.data_sheet
    );
    write_files(args, files, &closing)
}

pub const XIANGMU_TEMPLATE_FILE: &str = "项目数据模板.xlsx";
pub const XIANGMU_RUBRIC_FILE: &str = "项目支出评分表.xlsx";

/// `jixiao template --family 项目`: the project data template (项目信息,
/// 项目资金, 绩效目标, and the 评分表 to fill 自评得分 in) and the 附件4-2
/// rubric.
fn run_xiangmu(args: &TemplateArgs) -> Result<Outcome, Error> {
    let usage = |e: String| crate::error::UsageError::new(format!("内置项目评分表无法读取：{e}"));
    let spec = crate::family::xiangmu::spec().map_err(usage)?;
    let rubric = crate::family::xiangmu::default_rubric().map_err(usage)?;
    let files = [
        (
            XIANGMU_TEMPLATE_FILE,
            crate::report::template::department_workbook_from(
                &crate::family::xiangmu::template_sheets(spec),
                &TemplateValues::default(),
                &RubricSheet::Standard(&rubric),
            ),
        ),
        (XIANGMU_RUBRIC_FILE, rubric_workbook(&rubric)),
    ];
    let closing = format!(
        "请在《{XIANGMU_TEMPLATE_FILE}》中填写项目信息、项目资金（万元）和绩效目标，在“评分表”工作表中填写定性指标的自评得分，然后运行：jixiao score <文件>"
    );
    write_files(args, files, &closing)
}

/// The workbooks of one template, each a file name and its bytes.
type Files = [(&'static str, Result<Vec<u8>, rust_xlsxwriter::XlsxError>); 2];

/// Writes a template's workbooks into `--out` (none when one exists
/// without `--force`), then says what was written and what to do next.
fn write_files(args: &TemplateArgs, files: Files, closing: &str) -> Result<Outcome, Error> {
    std::fs::create_dir_all(&args.out).map_err(|source| ReportError::Io {
        path: args.out.clone(),
        source,
    })?;
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
    let _ = writeln!(err, "{closing}");
    Ok(Outcome {
        stderr: err,
        ..Outcome::default()
    })
}

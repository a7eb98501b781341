//! `jixiao aggregate`: scored workbooks, as reviewers left them, → one
//! ranked 汇总 (xlsx, csv, json), the same files `batch` writes (issue 10).
//!
//! Every .xlsx, .xls and .ods found is read back through its hidden record
//! (`readback`); 审核得分 and edited scores count as 审核, totals and grades
//! are computed again. A file that is not a jixiao scored workbook, or was
//! edited beyond recognition, is listed under 未能评分 with the reason.

use std::fmt::Write as _;
use std::path::Path;

use super::Outcome;
use super::batch::{SUMMARY_CSV, SUMMARY_JSON, SUMMARY_XLSX};
use crate::batch::discover::{discover_with, is_workbook};
use crate::cli::AggregateArgs;
use crate::config::GradeScale;
use crate::error::{Error, ExitStatus, UsageError};
use crate::readback;
use crate::report::ReportError;
use crate::report::atomic::write_atomic;
use crate::report::export::{summary_csv, summary_json};
use crate::report::summary::build_summary;
use crate::score::summary::{BatchSummary, Failure};

/// A relative path with `/` separators, the same on every system.
fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Runs `jixiao aggregate`.
///
/// # Errors
/// Bad usage (no input, no `--out`, an input that does not exist) or an
/// output folder that cannot be written. Files that cannot be read back are
/// listed, not errors (exit 1).
pub fn run(args: &AggregateArgs) -> Result<Outcome, Error> {
    run_aggregate(args).map_err(Error::of_run_outputs)
}

fn run_aggregate(args: &AggregateArgs) -> Result<Outcome, Error> {
    if args.inputs.is_empty() {
        return Err(UsageError::new(
            "没有指定要汇总的文件夹或文件：请写出已评分的评分表所在的文件夹".to_string(),
        )
        .into());
    }
    let Some(out) = &args.out else {
        return Err(
            UsageError::new("没有指定输出文件夹：请加 --out <输出文件夹>".to_string()).into(),
        );
    };
    let discovered = discover_with(&args.inputs, Some(out), is_workbook)
        .map_err(|e| UsageError::new(e.to_string()))?;
    let found = discovered.found;
    crate::report::create_output_folder(out)?;
    let mut departments = Vec::new();
    // Folders that could not be read are listed with the files.
    let mut failures = discovered.failures;
    let mut rubrics: Vec<String> = Vec::new();
    let mut scales: Vec<GradeScale> = Vec::new();
    for f in &found {
        let rel = slash(&f.rel);
        match readback::read(&f.path, &rel) {
            Ok(back) => {
                if !rubrics.contains(&back.rubric) {
                    rubrics.push(back.rubric.clone());
                }
                if !scales.contains(&back.scale) {
                    scales.push(back.scale.clone());
                }
                departments.push(back.summary);
            }
            Err(e) => failures.push(Failure {
                file: rel,
                reason: e.to_string(),
            }),
        }
    }
    let scale = scales.first().cloned().unwrap_or_default();
    let years: Vec<i32> = departments.iter().filter_map(|d| d.year).collect();
    let year = args.year.or_else(|| {
        years
            .first()
            .copied()
            .filter(|y| years.iter().all(|x| x == y))
    });
    let rubric = match rubrics.as_slice() {
        [one] => one.clone(),
        _ => "各单位评分表".to_string(),
    };
    let mut grade_scale = scale.describe();
    if scales.len() > 1 {
        grade_scale.push_str("（各单位评分表的等级标准不尽相同，以各自评分表为准）");
    }
    let mut summary = BatchSummary {
        rubric,
        year,
        grade_scale,
        grade_labels: scale.labels(),
        departments,
        failures,
        ranked: None,
    };
    summary.finish();
    let xlsx = build_summary(&summary).map_err(ReportError::from)?;
    for (name, bytes) in [
        (SUMMARY_XLSX, xlsx),
        (SUMMARY_CSV, summary_csv(&summary).into_bytes()),
        (SUMMARY_JSON, summary_json(&summary).into_bytes()),
    ] {
        write_atomic(&out.join(name), &bytes)?;
    }
    let reviewed = summary
        .departments
        .iter()
        .filter(|d| d.before_review.is_some())
        .count();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "汇总完成：找到 {} 个文件，汇总 {} 个单位（其中 {reviewed} 个单位有审核改分），未能汇总 {} 个",
        found.len(),
        summary.departments.len(),
        summary.failures.len()
    );
    let _ = writeln!(
        report,
        "汇总：「{}」（另有 {SUMMARY_CSV}、{SUMMARY_JSON}）",
        out.join(SUMMARY_XLSX).display()
    );
    if found.is_empty() {
        let _ = writeln!(report, "未找到任何 .xlsx、.xls 或 .ods 文件。");
    }
    if !summary.failures.is_empty() {
        let _ = writeln!(report, "未能汇总的文件：");
        for f in &summary.failures {
            let _ = writeln!(
                report,
                "  · {}：{}",
                crate::base::text::printable(&f.file),
                crate::base::text::printable(&f.reason)
            );
        }
    }
    Ok(Outcome {
        status: Some(if summary.failures.is_empty() && !found.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        }),
        stdout: String::new(),
        stderr: report,
    })
}

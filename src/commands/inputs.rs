//! `jixiao <文件或文件夹>` without a command: what double-clicking
//! jixiao.exe (no argument) or dropping a workbook or a folder onto it does
//! (issue 13). One file is scored beside itself, anything else is batched
//! into `<文件夹>_评分结果` beside the first input; no input prints a short
//! help for people who do not use a terminal.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::{BatchArgs, ScoreArgs};
use crate::error::Error;

/// The short help shown when jixiao.exe is double-clicked (no argument).
pub const SHORT_HELP: &str = "\
jixiao：部门整体支出绩效评价自动评分工具

使用方法：
  · 为一个单位评分：把部门数据表（.xlsx、.xls 或 .ods）拖到 jixiao.exe 的图标上松开。
    评分结果《<文件名>_评分.xlsx》写在该文件旁边（同一文件夹）。
    已有同名的评分结果时不覆盖，另存为《<文件名>_评分(2).xlsx》、《<文件名>_评分(3).xlsx》……
  · 批量评分：把整个文件夹拖到 jixiao.exe 上。
    结果写在该文件夹旁边的“<文件夹名>_评分结果”文件夹中：各单位的评分表和《汇总.xlsx》。
  · 在命令行中同样可用：jixiao 某局2024.xlsx 或 jixiao 2024部门数据

生成空白的部门数据模板：在命令行中运行 jixiao template --out 模板
查看全部命令和选项：在命令行中运行 jixiao --help
";

/// Runs the no-command form.
///
/// # Errors
/// Those of `score` and `batch`.
pub fn run(inputs: &[PathBuf]) -> Result<Outcome, Error> {
    match inputs {
        [] => Ok(Outcome {
            stdout: SHORT_HELP.to_string(),
            ..Outcome::default()
        }),
        [file] if file.is_file() => super::score::run(&ScoreArgs {
            input: file.clone(),
            rubric: None,
            family: None,
            config: None,
            profile: None,
            out: Some(free_output(file)),
            json: false,
            force: false,
        }),
        _ => super::batch::run(&BatchArgs {
            inputs: inputs.to_vec(),
            out: super::batch::default_out(inputs),
            rubric: None,
            family: None,
            jobs: None,
            config: None,
            year: None,
            profile: None,
            previous: None,
            quiet: false,
        }),
    }
}

// Most numbered names tried before giving the plain name back (and with it
// `score`'s "already exists" error); `batch` skips exactly these names.
use crate::batch::discover::MAX_NUMBERED;

/// `某局_评分.xlsx` beside the input, or the first free `某局_评分(2).xlsx`,
/// `(3)`, …: a file dropped a second time (after its data was corrected)
/// must not stop on "already exists" — the user cannot add `--force` by
/// dragging — nor replace a scored workbook a reviewer may have filled in.
pub fn free_output(input: &Path) -> PathBuf {
    let plain = super::score::default_output(input);
    if !plain.exists() {
        return plain;
    }
    let stem = plain
        .file_stem()
        .map_or_else(|| "输出_评分".into(), |s| s.to_string_lossy().into_owned());
    (2..=MAX_NUMBERED)
        .map(|n| plain.with_file_name(format!("{stem}({n}).xlsx")))
        .find(|p| !p.exists())
        .unwrap_or(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_never_replace_a_scored_workbook() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("某局 2024.xlsx");
        assert_eq!(free_output(&input), dir.path().join("某局 2024_评分.xlsx"));
        std::fs::write(dir.path().join("某局 2024_评分.xlsx"), b"x").unwrap();
        assert_eq!(
            free_output(&input),
            dir.path().join("某局 2024_评分(2).xlsx")
        );
        std::fs::write(dir.path().join("某局 2024_评分(2).xlsx"), b"x").unwrap();
        assert_eq!(
            free_output(&input),
            dir.path().join("某局 2024_评分(3).xlsx")
        );
    }
}

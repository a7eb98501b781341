//! Re-running a year into the same output folder: the scored workbooks the
//! previous run wrote and this one did not write again (a department that
//! withdrew, renamed its file, or whose file now fails) would otherwise stay
//! beside this year's results, and `jixiao aggregate` would count them.
//!
//! Only files the previous run's own `运行记录.json` lists as its outputs are
//! touched, and only scored workbooks (`…_评分.xlsx`) inside the output folder:
//! nothing else in the folder is ever removed.

use std::path::{Component, Path};

use serde::Deserialize;
use serde::de::IgnoredAny;

/// The part of a run manifest read back: its outputs, relative to the
/// output folder. Everything else is skipped without being kept.
#[derive(Deserialize)]
struct PreviousManifest {
    #[serde(default)]
    outputs: Vec<String>,
    #[serde(flatten)]
    _rest: std::collections::HashMap<String, IgnoredAny>,
}

/// The scored workbooks listed by the manifest at `manifest` (the previous
/// run's), sorted; empty when there is none or it cannot be read (a manifest
/// that cannot be read names nothing to remove).
pub fn previous_outputs(manifest: &Path) -> Vec<String> {
    let Ok(file) = std::fs::File::open(manifest) else {
        return Vec::new();
    };
    let read: Result<PreviousManifest, _> = serde_json::from_reader(std::io::BufReader::new(file));
    let mut outputs: Vec<String> = read
        .map(|m| m.outputs)
        .unwrap_or_default()
        .into_iter()
        .filter(|o| is_scored_workbook(o))
        .collect();
    outputs.sort();
    outputs.dedup();
    outputs
}

/// A relative path inside the output folder naming a scored workbook.
fn is_scored_workbook(rel: &str) -> bool {
    let path = Path::new(rel);
    rel.ends_with("_评分.xlsx")
        && path.components().count() > 0
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Of `previous` (sorted), those this run did not write: `written` are this
/// run's outputs, in any order.
pub fn not_written_again(
    mut previous: Vec<String>,
    written: impl IntoIterator<Item = String>,
) -> Vec<String> {
    let mut again = vec![false; previous.len()];
    for w in written {
        if let Ok(i) = previous.binary_search(&w) {
            again[i] = true;
        }
    }
    let mut flags = again.into_iter();
    previous.retain(|_| !flags.next().unwrap_or(false));
    previous
}

/// Removes `stale` from `out`; returns those removed and, for those that
/// could not be, the reason in Chinese. A file already gone is neither.
pub fn remove(out: &Path, stale: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let mut removed = Vec::new();
    let mut failed = Vec::new();
    for rel in stale {
        match std::fs::remove_file(out.join(rel)) {
            Ok(()) => removed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => failed.push((rel.clone(), crate::base::os_error::describe(&e))),
        }
    }
    (removed, failed)
}

/// The lines the run's report gives to what was removed (nothing when
/// nothing was): a count and the first few names.
pub fn report(removed: &[String], failed: &[(String, String)]) -> Vec<String> {
    const SHOWN: usize = 5;
    let list = |names: &[String]| {
        let shown: Vec<String> = names
            .iter()
            .take(SHOWN)
            .map(|n| crate::base::text::printable(n))
            .collect();
        let more = if names.len() > SHOWN {
            format!(" 等{}个", names.len())
        } else {
            String::new()
        };
        format!("{}{more}", shown.join("、"))
    };
    let mut lines = Vec::new();
    if !removed.is_empty() {
        lines.push(format!(
            "已删除上次运行留下、本次未再生成的评分结果 {} 个（其数据文件已不在输入中或本次未能评分）：{}",
            removed.len(),
            list(removed)
        ));
    }
    if !failed.is_empty() {
        lines.push(format!(
            "上次运行留下的评分结果有 {} 个未能删除，请手工删除，以免汇总时被计入：{}",
            failed.len(),
            list(
                &failed
                    .iter()
                    .map(|(f, why)| format!("{f}（{why}）"))
                    .collect::<Vec<_>>()
            )
        ));
    }
    lines
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn only_scored_workbooks_inside_the_folder_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("运行记录.json");
        std::fs::write(
            &manifest,
            r#"{"version":"0.1.0","inputs":[{"file":"甲.xlsx","sha256":"ab"}],
               "outputs":["汇总.xlsx","汇总.csv","乙_评分.xlsx","子目录/甲_评分.xlsx",
                          "../外面_评分.xlsx","/etc/x_评分.xlsx","甲.xlsx","运行日志.txt",
                          "乙_评分.xlsx"]}"#,
        )
        .unwrap();
        assert_eq!(
            previous_outputs(&manifest),
            strings(&["乙_评分.xlsx", "子目录/甲_评分.xlsx"])
        );
    }

    #[test]
    fn no_manifest_or_a_broken_one_names_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("运行记录.json");
        assert!(previous_outputs(&manifest).is_empty());
        std::fs::write(&manifest, r#"{"outputs":["甲_评分.xlsx""#).unwrap();
        assert!(previous_outputs(&manifest).is_empty());
        std::fs::write(&manifest, r#"{"outputs":"甲_评分.xlsx"}"#).unwrap();
        assert!(previous_outputs(&manifest).is_empty());
    }

    #[test]
    fn what_this_run_wrote_again_stays() {
        let previous = strings(&["丙_评分.xlsx", "乙_评分.xlsx", "甲_评分.xlsx"]);
        let mut previous = previous;
        previous.sort();
        let written = strings(&["甲_评分.xlsx", "丁_评分.xlsx", "丙_评分.xlsx"]);
        assert_eq!(
            not_written_again(previous, written),
            strings(&["乙_评分.xlsx"])
        );
    }

    #[test]
    fn removes_and_reports() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("子目录")).unwrap();
        std::fs::write(dir.path().join("子目录/乙_评分.xlsx"), b"x").unwrap();
        let (removed, failed) = remove(
            dir.path(),
            &strings(&["子目录/乙_评分.xlsx", "已不在_评分.xlsx"]),
        );
        assert_eq!(removed, strings(&["子目录/乙_评分.xlsx"]));
        assert!(failed.is_empty());
        assert!(!dir.path().join("子目录/乙_评分.xlsx").exists());
        let names: Vec<String> = (1..=7).map(|i| format!("{i}_评分.xlsx")).collect();
        assert_eq!(
            report(&names, &[]),
            vec![
                "已删除上次运行留下、本次未再生成的评分结果 7 个（其数据文件已不在输入中或本次未能评分）：1_评分.xlsx、2_评分.xlsx、3_评分.xlsx、4_评分.xlsx、5_评分.xlsx 等7个"
                    .to_string()
            ]
        );
        assert!(report(&[], &[]).is_empty());
    }
}

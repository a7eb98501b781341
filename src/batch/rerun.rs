//! Re-running a year into the same output folder: the scored workbooks the
//! previous run wrote and this one did not write again (a department that
//! withdrew, renamed its file, or whose file now fails) would otherwise stay
//! beside this year's results, and `jixiao aggregate` would count them.
//!
//! Removal is conservative; a scored workbook goes only when all hold:
//! - the previous run's own `运行记录.json` lists it as its output, and that
//!   run had the same input folders as this one (two batches sharing one
//!   output folder never remove each other's results);
//! - it is a scored workbook (`…_评分.xlsx`) inside the output folder, not
//!   reached through a link;
//! - this run did not write it again (names compared as the file system
//!   may: without case, NFC), and it is not under a folder or link this run
//!   could not read (its departments were not looked at);
//! - nobody changed it since the previous run finished (a reviewer's edits
//!   are never removed).
//!
//! Whatever is kept for one of these reasons is said in the run's report.

use std::path::{Component, Path};
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde::de::IgnoredAny;
use unicode_normalization::UnicodeNormalization;

/// The part of a run manifest read back. Everything else is skipped
/// without being kept.
#[derive(Deserialize)]
struct PreviousManifest {
    #[serde(default)]
    outputs: Vec<String>,
    #[serde(default)]
    input_roots: Option<Vec<String>>,
    /// Stale outputs a run kept to look at again (`Stale::unread`,
    /// `Removal::failed`).
    #[serde(default)]
    kept_outputs: Vec<String>,
    #[serde(default)]
    finished: Option<String>,
    #[serde(flatten)]
    _rest: std::collections::HashMap<String, IgnoredAny>,
}

/// What the previous run left, as its manifest says.
#[derive(Debug, Default)]
pub struct Previous {
    /// Its scored workbooks, sorted.
    outputs: Vec<String>,
    /// Its input folders; `None` when written by a version that did not
    /// record them.
    roots: Option<Vec<String>>,
    finished: Option<SystemTime>,
}

/// The previous run's manifest at `manifest`; nothing when there is none
/// or it cannot be read (a manifest that cannot be read names nothing to
/// remove).
pub fn previous(manifest: &Path) -> Previous {
    let Ok(file) = std::fs::File::open(manifest) else {
        return Previous::default();
    };
    let Ok(read) = serde_json::from_reader::<_, PreviousManifest>(std::io::BufReader::new(file))
    else {
        return Previous::default();
    };
    let mut outputs: Vec<String> = read
        .outputs
        .into_iter()
        .chain(read.kept_outputs)
        .filter(|o| is_scored_workbook(o))
        .collect();
    outputs.sort();
    outputs.dedup();
    Previous {
        outputs,
        roots: read.input_roots,
        finished: read
            .finished
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(SystemTime::from),
    }
}

impl Previous {
    /// When the previous run finished, if its manifest says.
    pub fn finished(&self) -> Option<SystemTime> {
        self.finished
    }
}

/// The input folders of a run as its manifest records them: absolute
/// where they can be resolved, so that `数据` and `./数据` are the same.
pub fn roots(inputs: &[std::path::PathBuf]) -> Vec<String> {
    let mut roots: Vec<String> = inputs
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// A relative path inside the output folder naming a scored workbook.
fn is_scored_workbook(rel: &str) -> bool {
    let path = Path::new(rel);
    rel.ends_with("_评分.xlsx")
        && path.components().count() > 0
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// A name as a case-insensitive, normalising file system (Windows, macOS)
/// compares it.
fn key(rel: &str) -> String {
    rel.nfc().collect::<String>().to_lowercase()
}

/// What to remove, and what is kept and why.
#[derive(Debug, Default, PartialEq)]
pub struct Stale {
    pub remove: Vec<String>,
    /// Listed by a run on other input folders (or by an older version).
    pub other_inputs: usize,
    /// Under a folder or link this run could not read: looked at again by
    /// the next run.
    pub unread: Vec<String>,
}

/// Of the previous run's outputs, those to remove: not `written` again by
/// this run (on `roots`), and not under one of `unread` (relative folder
/// or file paths, as the 未能评分 list shows them).
pub fn stale(
    previous: &Previous,
    roots: &[String],
    written: impl IntoIterator<Item = String>,
    unread: &[String],
) -> Stale {
    if previous.outputs.is_empty() {
        return Stale::default();
    }
    if previous.roots.as_deref() != Some(roots) {
        return Stale {
            other_inputs: previous.outputs.len(),
            ..Stale::default()
        };
    }
    let mut keys: Vec<String> = written.into_iter().map(|w| key(&w)).collect();
    keys.sort();
    let unread: Vec<String> = unread
        .iter()
        .map(|u| key(u.trim_end_matches('/')))
        .collect();
    let mut out = Stale::default();
    for o in &previous.outputs {
        let k = key(o);
        if keys.binary_search(&k).is_ok() {
            continue;
        }
        // `乡镇/x_评分.xlsx` is under `乡镇`; a linked workbook `甲.xlsx`
        // that could not be read had the output `甲_评分.xlsx`.
        let under = unread.iter().any(|u| {
            k.strip_prefix(u.as_str())
                .is_some_and(|r| r.starts_with('/'))
                || u.rsplit_once('.')
                    .is_some_and(|(stem, _)| k == format!("{stem}_评分.xlsx"))
        });
        if under {
            out.unread.push(o.clone());
        } else {
            out.remove.push(o.clone());
        }
    }
    out
}

/// What came of removing.
#[derive(Debug, Default, PartialEq)]
pub struct Removal {
    pub removed: Vec<String>,
    /// Could not be removed, with the reason in Chinese.
    pub failed: Vec<(String, String)>,
    /// Changed since the previous run finished (or reached through a link):
    /// kept.
    pub kept: Vec<String>,
}

/// Removes `stale` from `out`, but none reached through a link and none
/// changed after `finished`. A file already gone is in no list.
pub fn remove(out: &Path, stale: &[String], finished: Option<SystemTime>) -> Removal {
    let mut r = Removal::default();
    for rel in stale {
        let path = out.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let unchanged = match (meta.modified(), finished) {
            // A second of slack for file systems that keep coarse times.
            (Ok(m), Some(f)) => m <= f + Duration::from_secs(1),
            _ => false,
        };
        if !meta.is_file() || through_link(out, rel) || !unchanged {
            r.kept.push(rel.clone());
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => r.removed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => r
                .failed
                .push((rel.clone(), crate::base::os_error::describe(&e))),
        }
    }
    r
}

/// Whether a folder on the way from `out` to `rel` is a link (it could lead
/// out of the output folder).
fn through_link(out: &Path, rel: &str) -> bool {
    let mut at = out.to_path_buf();
    let parts: Vec<_> = Path::new(rel).components().collect();
    for c in parts.iter().take(parts.len().saturating_sub(1)) {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if !m.file_type().is_symlink() => {}
            _ => return true,
        }
    }
    false
}

/// What the next run looks at again besides this run's outputs: those
/// under a folder it could not read, and those it could not remove.
pub fn kept_for_next_run(stale: &Stale, removal: &Removal) -> Vec<String> {
    let mut kept: Vec<String> = stale
        .unread
        .iter()
        .cloned()
        .chain(removal.failed.iter().map(|(f, _)| f.clone()))
        .collect();
    kept.sort();
    kept
}

/// The lines the run's report gives to what was removed or kept (nothing
/// when there is nothing to say): counts and the first few names.
pub fn report(stale: &Stale, removal: &Removal) -> Vec<String> {
    const SHOWN: usize = 5;
    let list = |names: &[String]| {
        let (shown, left_out) = crate::base::text::first_few(names, SHOWN, |n| {
            crate::base::text::one_line(n, '\u{FFFD}')
        });
        if left_out {
            format!("{shown} 等{}个", names.len())
        } else {
            shown
        }
    };
    let mut lines = Vec::new();
    if !removal.removed.is_empty() {
        lines.push(format!(
            "已删除上次运行留下、本次未再生成的评分结果 {} 个（其数据文件已不在输入中或本次未能评分）：{}",
            removal.removed.len(),
            list(&removal.removed)
        ));
    }
    if !removal.failed.is_empty() {
        lines.push(format!(
            "上次运行留下的评分结果有 {} 个未能删除，请手工删除，以免汇总时被计入：{}",
            removal.failed.len(),
            list(
                &removal
                    .failed
                    .iter()
                    .map(|(f, why)| format!("{f}（{why}）"))
                    .collect::<Vec<_>>()
            )
        ));
    }
    if !removal.kept.is_empty() {
        lines.push(format!(
            "上次运行留下、本次未再生成的评分结果有 {} 个在上次运行后被改动过（或位于链接的文件夹中），未删除；如不再需要请手工删除：{}",
            removal.kept.len(),
            list(&removal.kept)
        ));
    }
    if !stale.unread.is_empty() {
        lines.push(format!(
            "有 {} 个上次的评分结果位于本次无法读取的文件夹中，未删除",
            stale.unread.len()
        ));
    }
    if stale.other_inputs > 0 {
        lines.push(format!(
            "输出文件夹中有上次运行（输入文件夹与本次不同）的评分结果 {} 个，未删除；如果它们已过时，请手工删除，以免汇总时被计入",
            stale.other_inputs
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

    fn previous_of(outputs: &[&str], roots: &[&str]) -> Previous {
        let mut outputs = strings(outputs);
        outputs.sort();
        Previous {
            outputs,
            roots: Some(strings(roots)),
            finished: None,
        }
    }

    #[test]
    fn only_scored_workbooks_inside_the_folder_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("运行记录.json");
        std::fs::write(
            &manifest,
            r#"{"version":"0.1.0","finished":"2026-11-23T20:00:00+08:00",
               "input_roots":["/数据"],"inputs":[{"file":"甲.xlsx","sha256":"ab"}],
               "outputs":["汇总.xlsx","汇总.csv","乙_评分.xlsx","子目录/甲_评分.xlsx",
                          "../外面_评分.xlsx","/etc/x_评分.xlsx","甲.xlsx","运行日志.txt",
                          "乙_评分.xlsx"]}"#,
        )
        .unwrap();
        let p = previous(&manifest);
        assert_eq!(p.outputs, strings(&["乙_评分.xlsx", "子目录/甲_评分.xlsx"]));
        assert_eq!(p.roots, Some(strings(&["/数据"])));
        assert_eq!(
            p.finished,
            Some(SystemTime::from(
                chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap()
            ))
        );
    }

    #[test]
    fn no_manifest_or_a_broken_one_names_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("运行记录.json");
        assert!(previous(&manifest).outputs.is_empty());
        std::fs::write(&manifest, r#"{"outputs":["甲_评分.xlsx""#).unwrap();
        assert!(previous(&manifest).outputs.is_empty());
        std::fs::write(&manifest, r#"{"outputs":"甲_评分.xlsx"}"#).unwrap();
        assert!(previous(&manifest).outputs.is_empty());
    }

    /// Written again (even in another case or normalisation: the same file
    /// on Windows and macOS), under a folder not read, or from a run on
    /// other inputs: not removed.
    #[test]
    fn what_may_still_be_wanted_stays() {
        let p = previous_of(
            &[
                "A局_评分.xlsx",
                "乙_评分.xlsx",
                "丙_评分.xlsx",
                "锁/丁_评分.xlsx",
                "链接_评分.xlsx",
                "e\u{301}局_评分.xlsx",
            ],
            &["/数据"],
        );
        let written = strings(&["a局_评分.xlsx", "丙_评分.xlsx", "\u{e9}局_评分.xlsx"]);
        let s = stale(
            &p,
            &strings(&["/数据"]),
            written.clone(),
            &strings(&["锁/", "链接.xlsx"]),
        );
        assert_eq!(s.remove, strings(&["乙_评分.xlsx"]));
        assert_eq!(s.unread, strings(&["链接_评分.xlsx", "锁/丁_评分.xlsx"]));
        assert_eq!(
            kept_for_next_run(&s, &Removal::default()),
            strings(&["链接_评分.xlsx", "锁/丁_评分.xlsx"])
        );
        let other = stale(&p, &strings(&["/别的"]), written, &[]);
        assert_eq!(
            other,
            Stale {
                remove: Vec::new(),
                other_inputs: 6,
                unread: Vec::new()
            }
        );
        let older = Previous {
            roots: None,
            ..previous_of(&["乙_评分.xlsx"], &[])
        };
        assert_eq!(
            stale(&older, &strings(&["/数据"]), Vec::new(), &[]).other_inputs,
            1
        );
    }

    #[test]
    fn removes_only_unchanged_files_not_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("结果");
        std::fs::create_dir_all(out.join("子目录")).unwrap();
        std::fs::write(out.join("子目录/乙_评分.xlsx"), b"x").unwrap();
        std::fs::write(out.join("改过_评分.xlsx"), b"x").unwrap();
        let finished = SystemTime::now();
        // Edited by a reviewer after the run.
        let later = std::fs::File::options()
            .write(true)
            .open(out.join("改过_评分.xlsx"))
            .unwrap();
        later
            .set_modified(finished + Duration::from_secs(60))
            .unwrap();
        #[cfg(unix)]
        {
            let archive = dir.path().join("存档");
            std::fs::create_dir(&archive).unwrap();
            std::fs::write(archive.join("丙_评分.xlsx"), b"x").unwrap();
            std::os::unix::fs::symlink(&archive, out.join("链接")).unwrap();
        }
        let r = remove(
            &out,
            &strings(&[
                "子目录/乙_评分.xlsx",
                "已不在_评分.xlsx",
                "改过_评分.xlsx",
                "链接/丙_评分.xlsx",
            ]),
            Some(finished + Duration::from_secs(5)),
        );
        assert_eq!(r.removed, strings(&["子目录/乙_评分.xlsx"]));
        assert!(r.failed.is_empty());
        assert!(!out.join("子目录/乙_评分.xlsx").exists());
        assert!(out.join("改过_评分.xlsx").exists());
        #[cfg(unix)]
        {
            assert_eq!(r.kept, strings(&["改过_评分.xlsx", "链接/丙_评分.xlsx"]));
            assert!(dir.path().join("存档/丙_评分.xlsx").exists());
        }
        // Without the previous run's time nothing is known unchanged.
        std::fs::write(out.join("丁_评分.xlsx"), b"x").unwrap();
        let r = remove(&out, &strings(&["丁_评分.xlsx"]), None);
        assert_eq!(r.kept, strings(&["丁_评分.xlsx"]));
    }

    #[test]
    fn reports_counts_and_first_names() {
        let names: Vec<String> = (1..=7).map(|i| format!("{i}_评分.xlsx")).collect();
        let removal = Removal {
            removed: names,
            ..Removal::default()
        };
        assert_eq!(
            report(&Stale::default(), &removal),
            vec![
                "已删除上次运行留下、本次未再生成的评分结果 7 个（其数据文件已不在输入中或本次未能评分）：1_评分.xlsx、2_评分.xlsx、3_评分.xlsx、4_评分.xlsx、5_评分.xlsx 等7个"
                    .to_string()
            ]
        );
        assert!(report(&Stale::default(), &Removal::default()).is_empty());
        let kept = Stale {
            other_inputs: 3,
            ..Stale::default()
        };
        assert_eq!(report(&kept, &Removal::default()).len(), 1);
    }
}

//! Atomic writes: a temp file in the target folder, then a rename, so a
//! reader never sees half a file and an interrupted run leaves the old one.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::ReportError;

/// Refuses output paths that are one of the inputs, or that exist (unless `force`).
///
/// # Errors
/// [`ReportError::OverwritesInput`], [`ReportError::OutputExists`].
pub fn check_output(path: &Path, inputs: &[&Path], force: bool) -> Result<(), ReportError> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(out) = canon(path)
        && inputs.iter().any(|i| canon(i).as_ref() == Some(&out))
    {
        return Err(ReportError::OverwritesInput {
            path: path.to_path_buf(),
        });
    }
    if path.exists() && !force {
        return Err(ReportError::OutputExists {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temp file in the same folder,
/// replacing what was there (`--force`, and a batch re-run).
///
/// # Errors
/// [`ReportError::Io`] when the folder is not writable.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    write_atomic_with(path, |tmp| {
        let mut f = create_new(tmp).map_err(|source| io_error(path, source))?;
        f.write_all(bytes).map_err(|source| io_error(path, source))
    })
}

/// Writes `bytes` to `path` only if nothing is there, atomically: of two
/// runs racing for the same output, one wins and the other gets
/// [`ReportError::OutputExists`] (issue 11). The file is linked into place,
/// which never replaces an existing file.
///
/// # Errors
/// [`ReportError::OutputExists`], or [`ReportError::Io`].
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let tmp = temp_beside(path);
    let written = create_new(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .map_err(|source| io_error(path, source));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(ReportError::OutputExists {
            path: path.to_path_buf(),
        }),
        // A file system without hard links (FAT on a USB stick): check and
        // write, the best that can be done there.
        Err(_) if path.exists() => Err(ReportError::OutputExists {
            path: path.to_path_buf(),
        }),
        Err(_) => write_atomic(path, bytes),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> ReportError {
    ReportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates a file that must not exist yet (never someone else's file).
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// A fresh temp path beside `path` (process id and a counter: unique within
/// and across runs). Stale temp files that a killed run left for the same
/// target are removed first.
pub(crate) fn temp_beside(path: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let name = temp_stem(&name);
    remove_stale(&dir, name);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// The most bytes of the target's name a temp name keeps: with the dot,
/// the process id and counter (at most 10 and 20 digits) and `.tmp`, a
/// temp name stays within the 255 bytes most file systems allow whenever
/// the target's name does.
const TEMP_STEM_BYTES: usize = 200;

/// The target's name as its temp names begin (after the dot): the whole
/// name, or its first [`TEMP_STEM_BYTES`] bytes cut at a character
/// boundary. Stale temp files are found by this same prefix.
fn temp_stem(name: &str) -> &str {
    if name.len() <= TEMP_STEM_BYTES {
        return name;
    }
    let mut end = TEMP_STEM_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Removes `.<name>.<pid>…tmp` files older than ten minutes: left by a run
/// that was killed while writing `name`. Each folder is listed once per
/// process (a batch writes thousands of files into one folder: listing it
/// for each would cost the square of their number); the stale temp files
/// found then are removed as their targets are written.
fn remove_stale(dir: &Path, name: &str) {
    static STALE: Mutex<Option<HashMap<PathBuf, Vec<String>>>> = Mutex::new(None);
    let Ok(mut stale) = STALE.lock() else {
        return;
    };
    let found = stale
        .get_or_insert_with(HashMap::new)
        .entry(dir.to_path_buf())
        .or_insert_with(|| stale_in(dir));
    if found.is_empty() {
        return;
    }
    let prefix = format!(".{name}.");
    found.retain(|file| {
        if file.starts_with(&prefix) {
            let _ = std::fs::remove_file(dir.join(file));
            false
        } else {
            true
        }
    });
}

/// Removes the hidden files a batch keeps in its output folder while it
/// runs (`.jixiao-汇总明细.<pid>.tmp` and the like) that a killed run left
/// behind: those older than ten minutes.
pub fn remove_stale_batch_files(dir: &Path) {
    for file in stale_in(dir) {
        if file.starts_with(".jixiao-") {
            let _ = std::fs::remove_file(dir.join(file));
        }
    }
}

/// The hidden `.tmp` files of a folder older than ten minutes.
fn stale_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            if !(file.starts_with('.') && file.ends_with(".tmp")) {
                return None;
            }
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Duration::from_secs(600));
            old.then_some(file)
        })
        .collect()
}

/// Writes `path` through a temp file in the same folder, which `write`
/// creates and fills (for outputs written as a stream, too large to hold
/// in memory); the temp file is synced to disk, then renamed over `path`.
///
/// # Errors
/// What `write` returns, or [`ReportError::Io`].
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), ReportError>,
) -> Result<(), ReportError> {
    stage_with(path, write)?.commit()
}

/// A file written and synced beside its target but not yet in its place:
/// [`Staged::commit`] renames it over the target; dropped uncommitted, the
/// temp file is removed and the target left as it was. A batch stages its
/// 汇总 files and puts them in place together, or not at all when it is
/// interrupted meanwhile.
#[must_use = "a staged file is removed unless committed"]
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

/// The first half of [`write_atomic_with`]: `write` fills a temp file
/// beside `path`, which is synced to disk.
///
/// # Errors
/// What `write` returns, or [`ReportError::Io`]; the temp file is removed.
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), ReportError>,
) -> Result<Staged, ReportError> {
    let staged = Staged {
        tmp: temp_beside(path),
        path: path.to_path_buf(),
        committed: false,
    };
    write(&staged.tmp)?;
    sync(&staged.tmp).map_err(|source| io_error(path, source))?;
    Ok(staged)
}

impl Staged {
    /// Puts the file in its place.
    ///
    /// # Errors
    /// [`ReportError::Io`] when it cannot be renamed (the temp file is removed).
    pub fn commit(mut self) -> Result<(), ReportError> {
        std::fs::rename(&self.tmp, &self.path).map_err(|source| io_error(&self.path, source))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes the temp files that process `pid` made for `path` (with
/// [`temp_beside`]): a batch's worker stopped in the middle of writing a
/// scored workbook leaves its temp file, which no one else would remove
/// for ten minutes.
pub fn remove_temps_of(path: &Path, pid: u32) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name() else {
        return;
    };
    let prefix = format!(".{}.{pid}.", temp_stem(&name.to_string_lossy()));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix) && file.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// As [`write_atomic`] but without syncing to disk: a reader still never
/// sees half a file and an interrupted run leaves the old one, but the
/// data reaches the disk only with the system's writeback or a later
/// [`sync_file`]. A batch's workers write the scored workbooks so, and the
/// batch syncs them in a thread of its own while the workers go on (a sync
/// costs about as much time as reading the file, mostly waiting).
///
/// # Errors
/// [`ReportError::Io`] when the folder is not writable.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let tmp = temp_beside(path);
    let result = create_new(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|source| io_error(path, source))
}

/// Syncs to disk a file written with [`write_replacing`].
///
/// # Errors
/// [`ReportError::Io`] when the file cannot be opened or synced.
pub fn sync_file(path: &Path) -> Result<(), ReportError> {
    sync(path).map_err(|source| io_error(path, source))
}

/// Syncs a closed file to disk. Windows flushes only through a handle with
/// write access (FlushFileBuffers fails with "access denied" on a
/// read-only one, which broke `batch` and `--force` there; issue 13).
fn sync(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(cfg!(windows))
        .open(path)
        .and_then(|f| f.sync_all())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_inputs_or_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("某局.xlsx");
        std::fs::write(&input, b"data").unwrap();
        let err = check_output(&input, &[input.as_path()], true).unwrap_err();
        assert!(err.to_string().contains("就是输入文件"), "{err}");
        let out = dir.path().join("某局_评分.xlsx");
        check_output(&out, &[input.as_path()], false).unwrap();
        write_atomic(&out, b"one").unwrap();
        let err = check_output(&out, &[input.as_path()], false).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        check_output(&out, &[input.as_path()], true).unwrap();
        write_atomic(&out, b"two").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert_eq!(std::fs::read(&input).unwrap(), b"data");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    /// Without --force, the write itself refuses an existing file: two
    /// racing runs cannot both write.
    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("某局_评分.xlsx");
        write_new(&out, b"first").unwrap();
        let err = write_new(&out, b"second").unwrap_err();
        assert!(matches!(err, ReportError::OutputExists { .. }), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"first");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["某局_评分.xlsx"]);
    }

    /// A 78-character Chinese name: `…_评分.xlsx` is 246 bytes, legal,
    /// but `.<name>.<pid>.<n>.tmp` would pass 255.
    #[test]
    fn a_long_legal_name_gets_a_short_enough_temp_name() {
        let dir = tempfile::tempdir().unwrap();
        let stem = "长".repeat(78);
        let name = format!("{stem}_评分.xlsx");
        assert_eq!(name.len(), 78 * 3 + 12);
        let out = dir.path().join(&name);
        let tmp = temp_beside(&out);
        let tmp_name = tmp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(tmp_name.len() <= 255, "{}", tmp_name.len());
        // 200 bytes cut to a character boundary: 66 whole characters.
        assert!(tmp_name.starts_with(&format!(".{}.", "长".repeat(66))));
        write_atomic(&out, b"one").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        let again = dir.path().join(format!("{stem}_另.xlsx"));
        write_new(&again, b"two").unwrap();
        write_replacing(&dir.path().join(format!("{stem}_三.xlsx")), b"3").unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                format!("{stem}_三.xlsx"),
                format!("{stem}_另.xlsx"),
                name.clone()
            ]
        );
        // A killed run's temp file for it is found by the cut name.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let stale = file_in(&sub, &format!(".{}.999.0.tmp", temp_stem(&name)), true);
        write_atomic(&sub.join(&name), b"x").unwrap();
        assert!(!stale.exists());
    }

    #[test]
    fn stale_temp_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".某局_评分.xlsx.999.0.tmp");
        std::fs::write(&stale, b"half").unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        write_atomic(&dir.path().join("某局_评分.xlsx"), b"x").unwrap();
        assert!(!stale.exists());
    }

    /// A file in `dir`, an hour old when `aged`.
    fn file_in(dir: &Path, name: &str, aged: bool) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, b"x").unwrap();
        if aged {
            let old = std::time::SystemTime::now() - Duration::from_secs(3600);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        path
    }

    /// A killed batch's hidden files go at the next batch; a running
    /// batch's (young) files and the scored workbooks' temp files stay.
    #[test]
    fn a_killed_batch_leaves_nothing_behind_for_long() {
        let dir = tempfile::tempdir().unwrap();
        let make = |name: &str, aged: bool| file_in(dir.path(), name, aged);
        let stale = make(".jixiao-汇总明细.999.tmp", true);
        let young = make(".jixiao-汇总记录.998.tmp", false);
        let other = make(".某局_评分.xlsx.999.0.tmp", true);
        remove_stale_batch_files(dir.path());
        assert!(!stale.exists());
        assert!(young.exists());
        assert!(other.exists());
    }

    /// The folder is listed once: stale temp files of every target in it
    /// go as their targets are written; a young temp file (a run still
    /// writing) and other files stay.
    #[test]
    fn stale_temp_files_of_many_targets_go_with_one_listing() {
        let dir = tempfile::tempdir().unwrap();
        let make = |name: &str, aged: bool| file_in(dir.path(), name, aged);
        let a = make(".甲局_评分.xlsx.999.0.tmp", true);
        let b = make(".乙局_评分.xlsx.999.1.tmp", true);
        let young = make(".丙局_评分.xlsx.998.0.tmp", false);
        let other = make("丁局.tmp", true);
        write_atomic(&dir.path().join("甲局_评分.xlsx"), b"x").unwrap();
        assert!(!a.exists());
        assert!(b.exists(), "乙局 is not written yet");
        write_atomic(&dir.path().join("乙局_评分.xlsx"), b"x").unwrap();
        write_atomic(&dir.path().join("丙局_评分.xlsx"), b"x").unwrap();
        assert!(!b.exists());
        assert!(young.exists());
        assert!(other.exists());
    }

    /// A staged file is in place only once committed; dropped, it leaves
    /// neither a temp file nor a change to the target.
    #[test]
    fn staged_files_go_in_place_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("汇总.csv");
        std::fs::write(&out, b"old").unwrap();
        let write = |text: &'static [u8]| {
            move |tmp: &Path| std::fs::write(tmp, text).map_err(|e| io_error(tmp, e))
        };
        let staged = stage_with(&out, write(b"new")).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        drop(staged);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["汇总.csv"]);
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        stage_with(&out, write(b"new")).unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Only the given process's temp files of the given target go.
    #[test]
    fn temps_of_one_process_and_target_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let make = |name: &str| file_in(dir.path(), name, false);
        let mine = make(".某局_评分.xlsx.4242.7.tmp");
        let other_pid = make(".某局_评分.xlsx.4243.0.tmp");
        let other_target = make(".某局二_评分.xlsx.4242.8.tmp");
        let target = make("某局_评分.xlsx");
        remove_temps_of(&dir.path().join("某局_评分.xlsx"), 4242);
        assert!(!mine.exists());
        assert!(other_pid.exists());
        assert!(other_target.exists());
        assert!(target.exists());
    }
}

//! Which files a batch scores: every .xlsx/.xls/.ods under the folders
//! given (recursively, following links to files and folders) and the files
//! given by name, in a stable order, each file once.
//!
//! Skipped: Office lock files (`~$某局.xlsx`), hidden files and folders
//! (`.…`), jixiao's own outputs (`…_评分.xlsx`, `…_评分(2).xlsx`,
//! `汇总.xlsx`: listed in [`Discovered::skipped`]) and the output folder
//! itself when it lies inside an input folder. A folder below an input
//! folder that cannot be read is a failure of its own, not the end of the
//! run.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use super::slash;
use crate::base::os_error::describe;
use crate::score::summary::Failure;

/// One department workbook to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The path shown in the 汇总 and used to place the output: relative to
    /// the folder it was found in, or the file name. When several inputs
    /// are given, each folder's files have the folder's name in front; when
    /// two inputs would show the same path (`部门数据/2024` and `补报/2024`,
    /// or a folder's `x.xlsx` and a file `x.xlsx` given by name), those
    /// inputs show as many of their parent folders as tell them apart
    /// (`部门数据/2024/…`, `补报/2024/…`).
    pub rel: PathBuf,
}

/// What a batch is to score, and what it is not.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The workbooks, sorted by `rel`; a file reached twice (overlapping
    /// inputs, links) is here once, as the first input reached it.
    pub found: Vec<Found>,
    /// Folders below an input folder and linked workbooks that could not be
    /// read, each with its reason: their files are not scored.
    pub failures: Vec<Failure>,
    /// jixiao's own outputs skipped by name, shown as `rel` is, sorted.
    pub skipped: Vec<String>,
}

/// Why discovery could not start.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("找不到「{}」：请检查路径是否正确", path.display())]
    Missing { path: PathBuf },
    #[error("无法读取文件夹「{}」：{}", path.display(), crate::base::os_error::describe(source))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "输出文件夹「{}」就是要评分的文件夹：评分结果不能与部门数据写在同一处，请另选输出文件夹（可以是其中的子文件夹）",
        path.display()
    )]
    OutIsInput { path: PathBuf },
}

const EXTENSIONS: [&str; 3] = ["xlsx", "xls", "ods"];

/// Whether a file name is one jixiao scores in a folder.
pub fn is_candidate(name: &str) -> bool {
    if name.starts_with("~$") || name.starts_with('.') {
        return false;
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str()) && !is_own_output_stem(stem)
}

/// Whether a file name (without its extension) is one jixiao writes:
/// `汇总`, `…_评分` (`batch`, `score`) or `…_评分(N)` with N from 2 to 999,
/// the numbered names `jixiao <文件>` saves beside an existing scored
/// workbook (`commands::inputs::free_output`).
fn is_own_output_stem(stem: &str) -> bool {
    if stem == "汇总" || stem.ends_with("_评分") {
        return true;
    }
    let Some(numbered) = stem.strip_suffix(')') else {
        return false;
    };
    let Some((scored, n)) = numbered.rsplit_once('(') else {
        return false;
    };
    scored.ends_with("_评分")
        && !n.starts_with('0')
        && n.bytes().all(|b| b.is_ascii_digit())
        && n.parse::<u32>()
            .is_ok_and(|n| (2..=MAX_NUMBERED).contains(&n))
}

/// The highest N of the `…_评分(N).xlsx` that `jixiao <文件>` writes when
/// the plain name is taken (`commands::inputs`): jixiao's own outputs.
pub const MAX_NUMBERED: u32 = 999;

/// Whether a file name is a workbook `aggregate` reads back: any .xlsx,
/// .xls or .ods (scored workbooks included) but lock files, hidden files and
/// a 汇总.
pub fn is_workbook(name: &str) -> bool {
    if name.starts_with("~$") || name.starts_with('.') {
        return false;
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str()) && stem != "汇总"
}

/// Every workbook under `inputs`, sorted by `rel`, each file once.
///
/// # Errors
/// [`DiscoverError`] when an input does not exist, an input folder cannot
/// be read or is the output folder `skip`.
pub fn discover(inputs: &[PathBuf], skip: Option<&Path>) -> Result<Discovered, DiscoverError> {
    discover_with(inputs, skip, is_candidate)
}

/// [`discover`] with another test of the file names found in folders.
///
/// # Errors
/// [`DiscoverError`] when an input does not exist, an input folder cannot
/// be read or is the output folder `skip`.
pub fn discover_with(
    inputs: &[PathBuf],
    skip: Option<&Path>,
    accept: fn(&str) -> bool,
) -> Result<Discovered, DiscoverError> {
    let skip = skip.and_then(|s| std::fs::canonicalize(s).ok());
    let is_dir: Vec<bool> = inputs.iter().map(|p| p.is_dir()).collect();
    // Every input is checked before any folder is read.
    for (input, dir) in inputs.iter().zip(&is_dir) {
        if *dir {
            if skip.is_some() && std::fs::canonicalize(input).ok() == skip {
                return Err(DiscoverError::OutIsInput {
                    path: input.clone(),
                });
            }
        } else if !input.is_file() {
            return Err(DiscoverError::Missing {
                path: input.clone(),
            });
        }
    }
    let mut walker = Walker {
        skip: skip.as_deref(),
        accept,
        visited: HashSet::new(),
        hits: Vec::new(),
    };
    for (i, (input, dir)) in inputs.iter().zip(&is_dir).enumerate() {
        if *dir {
            walker.walk(i, input, Path::new(""), true)?;
        } else {
            walker.hits.push(Hit {
                input: i,
                within: input.file_name().map(PathBuf::from).unwrap_or_default(),
                path: input.clone(),
                kind: Kind::Score,
            });
        }
    }
    let hits = once_each(walker.hits);
    let roots: Vec<Vec<OsString>> = inputs
        .iter()
        .zip(&is_dir)
        .map(|(p, dir)| root_names(p, *dir))
        .collect();
    let depth = prefix_depths(&roots, &is_dir, &hits);
    let mut out = Discovered::default();
    for h in hits {
        let rel = shown(&roots[h.input], depth[h.input], &h.within);
        match h.kind {
            Kind::Score => out.found.push(Found { path: h.path, rel }),
            Kind::Skipped => out.skipped.push(slash(&rel)),
            Kind::FailedFolder(reason) => out.failures.push(Failure {
                file: format!("{}/", slash(&rel)),
                reason,
            }),
            Kind::FailedFile(reason) => out.failures.push(Failure {
                file: slash(&rel),
                reason,
            }),
        }
    }
    out.found
        .sort_by(|a, b| a.rel.cmp(&b.rel).then_with(|| a.path.cmp(&b.path)));
    out.skipped.sort();
    out.failures.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// What a name met in a walk is.
enum Kind {
    Score,
    /// One of jixiao's own outputs.
    Skipped,
    FailedFolder(String),
    FailedFile(String),
}

/// A name met, relative to its input (`within`).
struct Hit {
    input: usize,
    within: PathBuf,
    path: PathBuf,
    kind: Kind,
}

struct Walker<'a> {
    skip: Option<&'a Path>,
    accept: fn(&str) -> bool,
    /// The folders walked, resolved: a link back up (a loop) or a folder
    /// reached again through another input or link is walked once.
    visited: HashSet<PathBuf>,
    hits: Vec<Hit>,
}

impl Walker<'_> {
    fn walk(
        &mut self,
        input: usize,
        dir: &Path,
        within: &Path,
        top: bool,
    ) -> Result<(), DiscoverError> {
        if let Ok(canonical) = std::fs::canonicalize(dir)
            && (Some(canonical.as_path()) == self.skip || !self.visited.insert(canonical))
        {
            return Ok(());
        }
        let listing = match read_dir(dir) {
            Ok(listing) => listing,
            Err(source) if top => {
                return Err(DiscoverError::Unreadable {
                    path: dir.to_path_buf(),
                    source,
                });
            }
            Err(e) => {
                self.hits.push(Hit {
                    input,
                    within: within.to_path_buf(),
                    path: dir.to_path_buf(),
                    kind: Kind::FailedFolder(format!(
                        "无法读取这个文件夹，其中的文件都未评分：{}",
                        describe(&e)
                    )),
                });
                return Ok(());
            }
        };
        let mut entries: Vec<_> = listing.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let file_name = entry.file_name();
            let name = file_name.to_string_lossy().into_owned();
            let path = entry.path();
            let Ok(mut kind) = entry.file_type() else {
                continue;
            };
            // A link counts as what it points to.
            if kind.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(target) => kind = target.file_type(),
                    Err(e) => {
                        // Whatever its name: a link to a folder of
                        // departments (a share not mounted) must not pass
                        // unsaid, nor let a re-run remove its results.
                        let why = if (self.accept)(&name) {
                            format!(
                                "这是一个链接（快捷方式），它指向的文件无法读取：{}",
                                describe(&e)
                            )
                        } else {
                            format!(
                                "这是一个链接（快捷方式），它指向的文件夹或文件无法读取：{}；如果它指向的是部门数据文件夹，其中的文件本次都未评分",
                                describe(&e)
                            )
                        };
                        if !name.starts_with('.') {
                            self.hits.push(Hit {
                                input,
                                within: within.join(&file_name),
                                path,
                                kind: Kind::FailedFile(why),
                            });
                        }
                        continue;
                    }
                }
            }
            if kind.is_dir() {
                if !name.starts_with('.') {
                    self.walk(input, &path, &within.join(&file_name), false)?;
                }
            } else if kind.is_file() {
                let kind = if (self.accept)(&name) {
                    Kind::Score
                } else if is_own_output(&name) {
                    Kind::Skipped
                } else {
                    continue;
                };
                self.hits.push(Hit {
                    input,
                    within: within.join(&file_name),
                    path,
                    kind,
                });
            }
        }
        Ok(())
    }
}

/// `std::fs::read_dir`, which unit tests can make fail for chosen folders
/// (the tests run as root in CI, where permissions deny nothing).
fn read_dir(dir: &Path) -> std::io::Result<std::fs::ReadDir> {
    #[cfg(test)]
    if tests::DENIED.with(|d| d.borrow().iter().any(|p| dir.ends_with(p))) {
        return Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
    }
    std::fs::read_dir(dir)
}

/// Whether a file name is one of jixiao's own outputs a batch skips.
fn is_own_output(name: &str) -> bool {
    if name.starts_with("~$") || name.starts_with('.') {
        return false;
    }
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) && is_own_output_stem(stem)
    })
}

/// The hits with each file once: the first to reach it (inputs in order,
/// each folder in name order) keeps it. Paths that cannot be resolved are
/// different files, not one (under Wine, canonicalising a path longer than
/// 260 characters fails, and every file of such a folder was dropped as a
/// duplicate of the first; issue 13). A skipped output given by name as
/// well is scored, not skipped.
fn once_each(hits: Vec<Hit>) -> Vec<Hit> {
    let id = |h: &Hit| std::fs::canonicalize(&h.path).unwrap_or_else(|_| h.path.clone());
    let mut scored = HashSet::new();
    let keep: Vec<bool> = hits
        .iter()
        .map(|h| !matches!(h.kind, Kind::Score) || scored.insert(id(h)))
        .collect();
    let mut skipped = HashSet::new();
    hits.into_iter()
        .zip(keep)
        .filter(|(h, keep)| {
            *keep
                && (!matches!(h.kind, Kind::Skipped) || {
                    let id = id(h);
                    !scored.contains(&id) && skipped.insert(id)
                })
        })
        .map(|(h, _)| h)
        .collect()
}

/// The names of the folders above an input's files, outermost first: the
/// folder itself for a folder, the one holding it for a file.
fn root_names(input: &Path, is_dir: bool) -> Vec<OsString> {
    let absolute = std::path::absolute(input).unwrap_or_else(|_| input.to_path_buf());
    let mut names: Vec<OsString> = Vec::new();
    for c in absolute.components() {
        match c {
            Component::Normal(name) => names.push(name.to_os_string()),
            Component::ParentDir => {
                names.pop();
            }
            _ => {}
        }
    }
    if !is_dir {
        names.pop();
    }
    names
}

/// A hit's `rel`: the last `depth` names of its input's folders, then its
/// path within the input.
fn shown(root: &[OsString], depth: usize, within: &Path) -> PathBuf {
    let mut rel: PathBuf = root[root.len().saturating_sub(depth)..].iter().collect();
    rel.push(within);
    rel
}

/// How many of each input's folder names its hits show: one for folders
/// when several folders are given, none otherwise; then one more for every
/// input whose hits would show the same as another input's (without regard
/// to case), until none do or the names run out.
fn prefix_depths(roots: &[Vec<OsString>], is_dir: &[bool], hits: &[Hit]) -> Vec<usize> {
    let folders = is_dir.iter().filter(|d| **d).count();
    let mut depth: Vec<usize> = roots
        .iter()
        .zip(is_dir)
        .map(|(root, dir)| usize::from(*dir && folders > 1).min(root.len()))
        .collect();
    loop {
        let mut owner: HashMap<String, usize> = HashMap::with_capacity(hits.len());
        let mut grow = BTreeSet::new();
        for h in hits {
            let key = slash(&shown(&roots[h.input], depth[h.input], &h.within)).to_lowercase();
            let first = *owner.entry(key).or_insert(h.input);
            if first != h.input {
                grow.insert(first);
                grow.insert(h.input);
            }
        }
        grow.retain(|i| depth[*i] < roots[*i].len());
        if grow.is_empty() {
            return depth;
        }
        for i in grow {
            depth[i] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Folders whose reading fails with "permission denied" (by the end
        /// of their path), for this test thread.
        pub(super) static DENIED: std::cell::RefCell<Vec<PathBuf>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    fn make(root: &Path, files: &[&str]) {
        for p in files {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, b"x").unwrap();
        }
    }

    fn rels(found: &[Found]) -> Vec<String> {
        found.iter().map(|f| slash(&f.rel)).collect()
    }

    #[test]
    fn candidates() {
        assert!(is_candidate("某局2024.xlsx"));
        assert!(is_candidate("某局2024.XLSX"));
        assert!(is_candidate("某局.xls"));
        assert!(is_candidate("某局.ods"));
        assert!(!is_candidate("~$某局2024.xlsx"));
        assert!(!is_candidate(".某局.xlsx"));
        assert!(!is_candidate("某局2024_评分.xlsx"));
        // The numbered names `jixiao <文件>` saves (commands::inputs).
        assert!(!is_candidate("某局2024_评分(2).xlsx"));
        assert!(!is_candidate("某局2024_评分(999).xlsx"));
        // Only those: a department's own name with a number is scored.
        assert!(is_candidate("某局2024_评分(1).xlsx"));
        assert!(is_candidate("某局2024_评分(02).xlsx"));
        assert!(is_candidate("某局2024_评分(1000).xlsx"));
        assert!(is_candidate("某局2024_评分(二).xlsx"));
        assert!(is_candidate("某局2024_评分().xlsx"));
        assert!(is_candidate("某局(2).xlsx"));
        assert!(is_candidate("某局_评分说明(2).xlsx"));
        assert!(!is_candidate("汇总.xlsx"));
        assert!(!is_candidate("说明.docx"));
        assert!(!is_candidate("xlsx"));
    }

    #[test]
    fn walks_recursively_in_order_and_skips_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("2024");
        for p in [
            "b局.xlsx",
            "a局.xls",
            "子目录/c局.ods",
            "~$b局.xlsx",
            ".隐藏/d局.xlsx",
            "a局_评分.xlsx",
            "结果/e局.xlsx",
            "readme.txt",
        ] {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, b"x").unwrap();
        }
        let found = discover(std::slice::from_ref(&root), Some(&root.join("结果"))).unwrap();
        assert_eq!(
            rels(&found.found),
            ["a局.xls", "b局.xlsx", "子目录/c局.ods"]
        );
        // jixiao's own output is named, the rest is not.
        assert_eq!(found.skipped, ["a局_评分.xlsx"]);
        assert!(found.failures.is_empty());
        let missing = discover(&[root.join("没有")], None).unwrap_err();
        assert!(missing.to_string().starts_with("找不到「"), "{missing}");
    }

    /// Overlapping inputs (a folder and its subfolder, a file given by name
    /// and its folder, one folder twice) score each file once, under the
    /// first input that reached it.
    #[test]
    fn overlapping_inputs_give_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let b4 = dir.path().join("b4");
        make(&b4, &["a.xlsx", "sub/b.xlsx", "z.xlsx"]);
        let found = discover(&[b4.clone(), b4.join("sub")], None).unwrap();
        assert_eq!(
            rels(&found.found),
            ["b4/a.xlsx", "b4/sub/b.xlsx", "b4/z.xlsx"]
        );
        let found = discover(&[b4.join("sub"), b4.clone()], None).unwrap();
        assert_eq!(rels(&found.found), ["b4/a.xlsx", "b4/z.xlsx", "sub/b.xlsx"]);
        let found = discover(&[b4.clone(), b4.join("z.xlsx"), b4.clone()], None).unwrap();
        assert_eq!(
            rels(&found.found),
            ["b4/a.xlsx", "b4/sub/b.xlsx", "b4/z.xlsx"]
        );
        let found = discover(&[b4.join("z.xlsx"), b4.clone()], None).unwrap();
        assert_eq!(rels(&found.found), ["a.xlsx", "sub/b.xlsx", "z.xlsx"]);
        assert_eq!(found.found[2].path, b4.join("z.xlsx"));
    }

    /// Inputs that would show the same path show more of theirs.
    #[test]
    fn inputs_that_would_show_the_same_path_show_their_parents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        make(
            root,
            &[
                "部门数据/2024/教育局.xlsx",
                "部门数据/2024/卫健委.xlsx",
                "补报/2024/教育局.xlsx",
                "文件夹/x.xlsx",
                "other/X.xlsx",
            ],
        );
        let found = discover(&[root.join("部门数据/2024"), root.join("补报/2024")], None).unwrap();
        assert_eq!(
            rels(&found.found),
            [
                "补报/2024/教育局.xlsx",
                "部门数据/2024/卫健委.xlsx",
                "部门数据/2024/教育局.xlsx"
            ]
        );
        // A folder and a file given by name, names differing only in case.
        let found = discover(&[root.join("文件夹"), root.join("other/X.xlsx")], None).unwrap();
        assert_eq!(rels(&found.found), ["other/X.xlsx", "文件夹/x.xlsx"]);
        // No clash: as before, the folder's files without its name.
        let found = discover(
            &[root.join("文件夹"), root.join("补报/2024/教育局.xlsx")],
            None,
        )
        .unwrap();
        assert_eq!(rels(&found.found), ["x.xlsx", "教育局.xlsx"]);
    }

    #[test]
    fn the_output_folder_cannot_be_an_input_folder() {
        let dir = tempfile::tempdir().unwrap();
        let same = dir.path().join("same");
        make(&same, &["a.xlsx"]);
        let e = discover(std::slice::from_ref(&same), Some(&same.join("."))).unwrap_err();
        assert!(matches!(e, DiscoverError::OutIsInput { .. }), "{e}");
        assert!(e.to_string().starts_with("输出文件夹「"), "{e}");
        // Inside it is fine: the output folder is skipped.
        make(&same, &["结果/a_评分.xlsx", "结果/b.xlsx"]);
        let found = discover(std::slice::from_ref(&same), Some(&same.join("结果"))).unwrap();
        assert_eq!(rels(&found.found), ["a.xlsx"]);
    }

    /// A folder that cannot be read is a failure of its own; the input
    /// folder itself unreadable stops discovery.
    #[test]
    fn an_unreadable_subfolder_is_listed_and_the_rest_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in2");
        make(&root, &["a.xlsx", "锁/b.xlsx", "锁/深/c.xlsx", "z/d.xlsx"]);
        DENIED.with(|d| d.borrow_mut().push(PathBuf::from("in2/锁")));
        let found = discover(std::slice::from_ref(&root), None).unwrap();
        assert_eq!(rels(&found.found), ["a.xlsx", "z/d.xlsx"]);
        assert_eq!(found.failures.len(), 1);
        assert_eq!(found.failures[0].file, "锁/");
        assert!(
            found.failures[0].reason.contains("没有访问权限"),
            "{:?}",
            found.failures
        );
        DENIED.with(|d| d.borrow_mut().push(PathBuf::from("in2")));
        let e = discover(std::slice::from_ref(&root), None).unwrap_err();
        assert!(matches!(e, DiscoverError::Unreadable { .. }), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_once_and_loops_end() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("数据");
        let elsewhere = dir.path().join("别处");
        make(&root, &["a.xlsx"]);
        make(&elsewhere, &["b.xlsx", "子/c.xlsx"]);
        symlink(elsewhere.join("b.xlsx"), root.join("链接b.xlsx")).unwrap();
        symlink(&elsewhere, root.join("链接文件夹")).unwrap();
        // A link back up, a link to a file already there, a broken link.
        symlink(&root, root.join("环")).unwrap();
        symlink(root.join("a.xlsx"), root.join("重复a.xlsx")).unwrap();
        symlink(root.join("没有.xlsx"), root.join("断开.xlsx")).unwrap();
        let found = discover(std::slice::from_ref(&root), None).unwrap();
        assert_eq!(
            rels(&found.found),
            ["a.xlsx", "链接b.xlsx", "链接文件夹/子/c.xlsx"]
        );
        assert_eq!(found.failures.len(), 1, "{:?}", found.failures);
        assert_eq!(found.failures[0].file, "断开.xlsx");
    }

    #[test]
    fn own_outputs_are_listed_as_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("数据");
        make(
            &root,
            &[
                "a.xlsx",
                "a_评分.xlsx",
                "a_评分(2).xlsx",
                "子/汇总.xlsx",
                "~$a.xlsx",
                "说明.txt",
            ],
        );
        let found = discover(std::slice::from_ref(&root), None).unwrap();
        assert_eq!(rels(&found.found), ["a.xlsx"]);
        assert_eq!(
            found.skipped,
            ["a_评分(2).xlsx", "a_评分.xlsx", "子/汇总.xlsx"]
        );
        // Given by name, a scored workbook is scored, not skipped.
        let found = discover(&[root.clone(), root.join("a_评分.xlsx")], None).unwrap();
        assert_eq!(rels(&found.found), ["a.xlsx", "a_评分.xlsx"]);
        assert_eq!(found.skipped, ["a_评分(2).xlsx", "子/汇总.xlsx"]);
    }
}

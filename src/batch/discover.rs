//! Which files a batch scores: every .xlsx/.xls/.ods under the folders
//! given (recursively) and the files given by name, in a stable order.
//!
//! Skipped: Office lock files (`~$某局.xlsx`), hidden files and folders
//! (`.…`), jixiao's own outputs (`…_评分.xlsx`, `汇总.xlsx`) and the output
//! folder itself when it lies inside an input folder.

use std::path::{Path, PathBuf};

/// One department workbook to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The path shown in the 汇总 and used to place the output: relative to
    /// the folder it was found in (with that folder's name in front when
    /// several folders were given), or the file name.
    pub rel: PathBuf,
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
            .is_ok_and(|n| (2..=crate::commands::inputs::MAX_NUMBERED).contains(&n))
}

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

/// Every workbook under `inputs`, sorted by `rel`, without duplicates.
///
/// # Errors
/// [`DiscoverError`] when an input does not exist or a folder cannot be read.
pub fn discover(inputs: &[PathBuf], skip: Option<&Path>) -> Result<Vec<Found>, DiscoverError> {
    discover_with(inputs, skip, is_candidate)
}

/// [`discover`] with another test of the file names found in folders.
///
/// # Errors
/// [`DiscoverError`] when an input does not exist or a folder cannot be read.
pub fn discover_with(
    inputs: &[PathBuf],
    skip: Option<&Path>,
    accept: fn(&str) -> bool,
) -> Result<Vec<Found>, DiscoverError> {
    let folders = inputs.iter().filter(|p| p.is_dir()).count();
    let skip = skip.and_then(|s| std::fs::canonicalize(s).ok());
    let mut found = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let prefix = if folders > 1 {
                input.file_name().map(PathBuf::from).unwrap_or_default()
            } else {
                PathBuf::new()
            };
            walk(input, &prefix, skip.as_deref(), accept, &mut found)?;
        } else if input.is_file() {
            let rel = input.file_name().map(PathBuf::from).unwrap_or_default();
            found.push(Found {
                path: input.clone(),
                rel,
            });
        } else {
            return Err(DiscoverError::Missing {
                path: input.clone(),
            });
        }
    }
    found.sort_by(|a, b| a.rel.cmp(&b.rel).then_with(|| a.path.cmp(&b.path)));
    found.dedup_by(|a, b| same_file(&a.path, &b.path));
    Ok(found)
}

/// Two paths to one file. Paths that cannot be resolved are different
/// files, not one (under Wine, canonicalising a path longer than 260
/// characters fails, and every file of such a folder was dropped as a
/// duplicate of the first; issue 13).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

fn walk(
    dir: &Path,
    rel: &Path,
    skip: Option<&Path>,
    accept: fn(&str) -> bool,
    out: &mut Vec<Found>,
) -> Result<(), DiscoverError> {
    if let Some(skip) = skip
        && std::fs::canonicalize(dir).ok().as_deref() == Some(skip)
    {
        return Ok(());
    }
    let unreadable = |source| DiscoverError::Unreadable {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !name.starts_with('.') {
                walk(&path, &rel.join(&name), skip, accept, out)?;
            }
        } else if kind.is_file() && accept(&name) {
            out.push(Found {
                path,
                rel: rel.join(&name),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let rels: Vec<String> = found
            .iter()
            .map(|f| f.rel.to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(rels, ["a局.xls", "b局.xlsx", "子目录/c局.ods"]);
        let missing = discover(&[root.join("没有")], None).unwrap_err();
        assert!(missing.to_string().starts_with("找不到「"), "{missing}");
    }
}

//! One department of a batch: read, score, write its scored workbook, and
//! fold what the 汇总 needs. The same code runs in a worker process and,
//! for tests, in-process.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::grid::workbook_from_bytes;
use crate::pipeline;
use crate::report::atomic::write_replacing;
use crate::report::scored::{ScoredReport, build};
use crate::rubric::Rubric;
use crate::rubric::build::RuleCache;
use crate::score::summary::{DeptSummary, rows_sources};

/// What to score and where to write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Position in the batch: results are put back in this order.
    pub index: usize,
    #[serde(with = "raw_path")]
    pub path: PathBuf,
    /// Shown in the 汇总 (`子目录/某局2024.xlsx`).
    pub rel: String,
    /// The scored workbook to write.
    #[serde(with = "raw_path")]
    pub output: PathBuf,
    /// `output` relative to the output folder, shown in the 汇总.
    pub output_rel: String,
}

/// What came of one job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Done {
    pub index: usize,
    /// SHA-256 of the input file, for the run manifest.
    pub sha256: Option<String>,
    pub millis: u64,
    pub result: Result<DeptSummary, String>,
}

/// Scores one department and writes its workbook. Never panics on the
/// department's data: a failure is the `Err` of `result`, in Chinese.
/// `cache` keeps the rules read from 评分表 sheets for the next job.
pub fn run(job: &Job, shared: Option<&Rubric>, settings: &Settings, cache: &mut RuleCache) -> Done {
    let start = Instant::now();
    // Only a regular file of a sane size is read (a FIFO would block); the
    // file is read once, for its hash and for scoring.
    if let Err(refusal) = crate::grid::limits::check_file(&job.path) {
        return Done {
            index: job.index,
            sha256: None,
            millis: 0,
            result: Err(crate::grid::GridError::Refused {
                path: job.path.clone(),
                refusal,
            }
            .to_string()),
        };
    }
    let bytes = std::fs::read(&job.path);
    let sha256 = bytes.as_deref().ok().map(sha256_hex);
    let result = match bytes {
        Ok(bytes) => score_and_write(job, &bytes, shared, settings, cache),
        Err(source) => Err(crate::grid::GridError::Io {
            path: job.path.clone(),
            source,
        }
        .to_string()),
    };
    Done {
        index: job.index,
        sha256,
        millis: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
        result,
    }
}

fn score_and_write(
    job: &Job,
    bytes: &[u8],
    shared: Option<&Rubric>,
    settings: &Settings,
    cache: &mut RuleCache,
) -> Result<DeptSummary, String> {
    let wb = workbook_from_bytes(&job.path, bytes).map_err(|e| e.to_string())?;
    let own;
    let rubric = match shared {
        Some(r) => r,
        None => {
            own = pipeline::department_rubric_cached(&wb, settings, cache);
            &own
        }
    };
    let scored = pipeline::score_one(&wb, rubric, settings)
        .and_then(pipeline::Scored::require_data)
        .map_err(|e| e.to_string())?;
    let data = scored.data_lines();
    // Once, for the workbook's record and for the 汇总's problems.
    let sources = rows_sources(&scored.card, Some(&scored.metrics));
    let bytes = build(&ScoredReport {
        card: &scored.card,
        metrics: &scored.metrics,
        facts: &scored.facts,
        rubric,
        data: &data,
        sources: &sources,
    })
    .map_err(|e| format!("生成评分结果失败：{}", crate::report::describe_xlsx(&e)))?;
    if let Some(dir) = job.output.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "无法创建输出文件夹「{}」：{}",
                dir.display(),
                crate::base::os_error::describe(&e)
            )
        })?;
    }
    // Synced to disk once for the whole batch, at its end.
    write_replacing(&job.output, &bytes).map_err(|e| e.to_string())?;
    let mut summary = DeptSummary::of(&scored.card, &job.rel, &sources);
    summary.output = Some(job.output_rel.clone());
    Ok(summary)
}

/// The SHA-256 of a file in hex, `None` when it cannot be read.
pub fn sha256_of(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Some(hex(&hasher.finalize()))
}

/// The SHA-256 of bytes in hex.
fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A path sent to a worker as the system's own units (bytes on Unix, UTF-16
/// on Windows), so that a file name that is not valid Unicode (a GBK name
/// unpacked from a zip made on Windows) is still scored: serde's own form
/// for paths accepts only Unicode.
mod raw_path {
    use std::path::{Path, PathBuf};

    use serde::{Deserialize, Deserializer, Serializer};

    #[cfg(unix)]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        use std::os::unix::ffi::OsStrExt;
        s.collect_seq(path.as_os_str().as_bytes())
    }

    #[cfg(unix)]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        use std::os::unix::ffi::OsStringExt;
        Ok(PathBuf::from(std::ffi::OsString::from_vec(
            Vec::<u8>::deserialize(d)?,
        )))
    }

    #[cfg(windows)]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        use std::os::windows::ffi::OsStrExt;
        s.collect_seq(path.as_os_str().encode_wide())
    }

    #[cfg(windows)]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        use std::os::windows::ffi::OsStringExt;
        Ok(PathBuf::from(std::ffi::OsString::from_wide(
            &Vec::<u16>::deserialize(d)?,
        )))
    }

    #[cfg(not(any(unix, windows)))]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(path, s)
    }

    #[cfg(not(any(unix, windows)))]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        PathBuf::deserialize(d)
    }
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    /// A job whose file name is GBK bytes (not UTF-8) goes to a worker and
    /// comes back the same.
    #[test]
    fn paths_that_are_not_unicode_are_sent_as_they_are() {
        let name = std::ffi::OsStr::from_bytes(b"/tmp/\xb2\xe2\xca\xd4.xlsx");
        let job = Job {
            index: 1,
            path: PathBuf::from(name),
            rel: "测试.xlsx".to_string(),
            output: PathBuf::from("/tmp/输出/测试_评分.xlsx"),
            output_rel: "测试_评分.xlsx".to_string(),
        };
        let line = serde_json::to_string(&job).unwrap();
        assert!(!line.contains('\n'));
        let back: Job = serde_json::from_str(&line).unwrap();
        assert_eq!(back, job);
    }
}

//! The finance bureau's batch: discover the workbooks, score them in
//! parallel in isolated workers, fold the results in a deterministic order.
//!
//! ```text
//! inputs ─discover→ jobs ─(rayon × worker processes)→ Done per job ─fold→ BatchSummary
//! ```
//!
//! Results are put back by job index, so the order never depends on thread
//! timing; one file's failure is one `Failure` row, never the end of the run.

pub mod discover;
pub mod interrupt;
pub mod job;
pub mod progress;
pub mod records;
pub mod rerun;
pub mod worker;

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Settings;
use crate::rubric::Rubric;
use crate::rubric::build::RuleCache;
use crate::score::summary::{BatchSummary, Failure};
use discover::Found;
use job::{Done, Job};
use progress::Progress;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use worker::{Reply, WorkerSpec};

/// How the departments are scored.
pub enum Executor<'a> {
    /// In worker processes (what the command line uses).
    Workers(WorkerSpec),
    /// In this process, for tests and embedding: a calamine abort would end
    /// the whole run.
    InProcess {
        rubric: Option<&'a Rubric>,
        settings: &'a Settings,
    },
}

/// The jobs for the files found: each output mirrors the input's place
/// under the output folder, as `<名称>_评分.xlsx`.
///
/// Two inputs never share an output: when their `<名称>_评分.xlsx` would be
/// one file (`某局.xlsx` and `某局.xls` in one folder; compared without
/// regard to case, as Windows and macOS do), each of them keeps its
/// extension in the name, `某局(xlsx)_评分.xlsx` and `某局(xls)_评分.xlsx`;
/// should that name be taken too, a number follows the extension
/// (`某局(xlsx-2)_评分.xlsx`). The names depend only on `found` (its order
/// included), never on timing.
pub fn plan(found: &[Found], out_dir: &Path) -> Vec<Job> {
    found
        .iter()
        .zip(output_names(found))
        .enumerate()
        .map(|(index, (f, output_rel))| Job {
            index,
            path: f.path.clone(),
            rel: slash(&f.rel),
            output: out_dir.join(&output_rel),
            output_rel: slash(&output_rel),
        })
        .collect()
}

/// Each file's scored workbook relative to the output folder, all distinct
/// without regard to case (see [`plan`]).
fn output_names(found: &[Found]) -> Vec<PathBuf> {
    let key = |p: &Path| slash(p).to_lowercase();
    let plain: Vec<PathBuf> = found.iter().map(|f| scored_name(&f.rel, None)).collect();
    let mut count: HashMap<String, usize> = HashMap::with_capacity(plain.len());
    for p in &plain {
        *count.entry(key(p)).or_default() += 1;
    }
    let unique = |p: &Path| count.get(&key(p)).is_some_and(|n| *n == 1);
    // The plain names nobody else wants are kept; the others take the
    // first free name with the extension (and a number) in it.
    let mut taken: HashSet<String> = plain.iter().filter(|p| unique(p)).map(|p| key(p)).collect();
    plain
        .iter()
        .zip(found)
        .map(|(p, f)| {
            if unique(p) {
                return p.clone();
            }
            let ext = f
                .rel
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            (1..)
                .map(|n| {
                    let tag = match (ext.is_empty(), n) {
                        (true, n) => n.to_string(),
                        (false, 1) => ext.clone(),
                        (false, n) => format!("{ext}-{n}"),
                    };
                    scored_name(&f.rel, Some(&tag))
                })
                .find(|c| taken.insert(key(c)))
                .unwrap_or_else(|| p.clone())
        })
        .collect()
}

/// `<名称>_评分.xlsx` (or `<名称>(<tag>)_评分.xlsx`) beside `rel`.
fn scored_name(rel: &Path, tag: Option<&str>) -> PathBuf {
    let stem = rel
        .file_stem()
        .map_or_else(|| "输出".into(), |s| s.to_string_lossy().into_owned());
    match tag {
        Some(tag) => rel.with_file_name(format!("{stem}({tag})_评分.xlsx")),
        None => rel.with_file_name(format!("{stem}_评分.xlsx")),
    }
}

/// A relative path with `/` separators, the same on every system.
fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Scores every job with `threads` in parallel; the results come back in
/// job order.
pub fn run(
    jobs: &[Job],
    threads: usize,
    executor: &Executor<'_>,
    progress: &Progress,
) -> Vec<Done> {
    let mut done = Vec::with_capacity(jobs.len());
    let never = AtomicBool::new(false);
    run_with(jobs, threads, executor, progress, &never, |d| done.push(d));
    done.sort_by_key(|d| d.index);
    done
}

/// Scores every job with `threads` in parallel and hands each result to
/// `sink` on the calling thread as soon as it is ready, in whatever order
/// the jobs finish (each [`Done`] carries its job's index). A batch folds
/// the results as they come, so it never holds them all. Worker processes
/// are driven by one thread each ([`worker::drive`]); every one has exited
/// (and been waited for) when this returns.
///
/// Once `stop` is set (Ctrl-C, see [`interrupt`]), no job is started any
/// more and the workers are stopped in the middle of theirs, leaving no
/// temp file; the jobs not finished get no result.
pub fn run_with(
    jobs: &[Job],
    threads: usize,
    executor: &Executor<'_>,
    progress: &Progress,
    stop: &AtomicBool,
    mut sink: impl FnMut(Done),
) {
    let threads = threads.max(1);
    // Replies are parsed and handed on by the calling thread, so that the
    // threads driving the workers send the next job at once.
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Reply)>();
    // The next job not yet taken by a worker's driver.
    let next = AtomicUsize::new(0);
    let next = &next;
    std::thread::scope(|scope| {
        match executor {
            // One thread per worker process, each keeping its worker busy.
            Executor::Workers(spec) => {
                let drivers = threads.min(jobs.len());
                for _ in 0..drivers {
                    let tx = tx.clone();
                    scope.spawn(move || {
                        worker::drive(
                            spec,
                            jobs,
                            next,
                            drivers,
                            stop,
                            |job| progress.started(&job.rel),
                            |i, reply| {
                                let _ = tx.send((i, reply));
                            },
                        );
                    });
                }
                drop(tx);
            }
            Executor::InProcess { rubric, settings } => {
                let one = |job: &Job| -> Reply {
                    progress.started(&job.rel);
                    Reply::Done(Box::new(
                        catch_unwind(AssertUnwindSafe(|| {
                            job::run(job, *rubric, settings, &mut RuleCache::default())
                        }))
                        .unwrap_or_else(|_| {
                            worker::failed(job, "评分时出现内部错误，已跳过该文件".to_string())
                        }),
                    ))
                };
                scope.spawn(move || {
                    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                        Ok(rayon_pool) => rayon_pool.install(|| {
                            jobs.par_iter().with_max_len(1).enumerate().for_each_with(
                                tx,
                                |tx, (i, job)| {
                                    if !stop.load(Ordering::SeqCst) {
                                        let _ = tx.send((i, one(job)));
                                    }
                                },
                            );
                        }),
                        // No threads to be had: score one by one rather than not at all.
                        Err(_) => {
                            for (i, job) in jobs.iter().enumerate() {
                                if stop.load(Ordering::SeqCst) {
                                    break;
                                }
                                let _ = tx.send((i, one(job)));
                            }
                        }
                    }
                });
            }
        }
        for (i, reply) in rx {
            let Some(job) = jobs.get(i) else { continue };
            let done = reply.parse(job);
            progress.finished(&job.rel, done.result.as_ref().err().map(String::as_str));
            sink(done);
        }
    });
    // Every worker was stopped and waited for as its driver ended.
}

/// An empty 汇总 for a batch, to which departments and failures are added.
pub fn new_summary(rubric: &str, year: Option<i32>, settings: &Settings) -> BatchSummary {
    BatchSummary {
        rubric: rubric.to_string(),
        year,
        grade_scale: settings.grades.describe(),
        grade_labels: settings.grades.labels(),
        departments: Vec::new(),
        failures: Vec::new(),
        ranked: None,
    }
}

/// Folds the results into a 汇总, in rank order.
pub fn fold(
    jobs: &[Job],
    done: Vec<Done>,
    rubric: &str,
    year: Option<i32>,
    settings: &Settings,
) -> BatchSummary {
    let mut summary = new_summary(rubric, year, settings);
    for d in done {
        match d.result {
            Ok(dept) => summary.departments.push(dept),
            Err(reason) => summary.failures.push(Failure {
                file: jobs
                    .get(d.index)
                    .map_or_else(String::new, |j| j.rel.clone()),
                reason,
            }),
        }
    }
    summary.finish();
    summary
}

/// The default output folder of `jixiao <目录>`: `<目录>_评分结果` beside it.
pub fn default_out_dir(input: &Path) -> PathBuf {
    // `.` or `..` name no folder: the folder they stand for does, and the
    // results go beside it, not inside it.
    let input = match input.file_name() {
        Some(_) => input.to_path_buf(),
        None => std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf()),
    };
    let name = input
        .file_name()
        .map_or_else(|| "评分".into(), |n| n.to_string_lossy().into_owned());
    input.with_file_name(format!("{name}_评分结果"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn found(rels: &[&str]) -> Vec<Found> {
        rels.iter()
            .map(|r| Found {
                path: PathBuf::from("/数据").join(r),
                rel: PathBuf::from(r),
            })
            .collect()
    }

    fn outputs(rels: &[&str]) -> Vec<String> {
        plan(&found(rels), Path::new("/结果"))
            .into_iter()
            .map(|j| j.output_rel)
            .collect()
    }

    #[test]
    fn outputs_that_would_clash_keep_the_extension() {
        assert_eq!(
            outputs(&[
                "某局.ods",
                "某局.xls",
                "某局.xlsx",
                "子/某局.xlsx",
                "乙局.xlsx"
            ]),
            [
                "某局(ods)_评分.xlsx",
                "某局(xls)_评分.xlsx",
                "某局(xlsx)_评分.xlsx",
                "子/某局_评分.xlsx",
                "乙局_评分.xlsx",
            ]
        );
        // Names that differ only in case are one file on Windows and macOS.
        assert_eq!(
            outputs(&["某局.XLSX", "某局.xlsx", "A局.xlsx", "a局.xlsx"]),
            [
                "某局(XLSX)_评分.xlsx",
                "某局(xlsx-2)_评分.xlsx",
                "A局(xlsx)_评分.xlsx",
                "a局(xlsx-2)_评分.xlsx",
            ]
        );
        // A department named like a renamed output keeps its plain name;
        // the renamed one moves on.
        assert_eq!(
            outputs(&["某局(xls).xlsx", "某局.xls", "某局.xlsx"]),
            [
                "某局(xls)_评分.xlsx",
                "某局(xls-2)_评分.xlsx",
                "某局(xlsx)_评分.xlsx",
            ]
        );
        let jobs = plan(&found(&["某局.xls", "某局.xlsx"]), Path::new("/结果"));
        assert_eq!(jobs[0].output, Path::new("/结果/某局(xls)_评分.xlsx"));
        assert_eq!(jobs[1].rel, "某局.xlsx");
    }

    /// `jixiao .` (or `..`) writes beside the folder it stands for, not
    /// into a `评分_评分结果` inside it (the review of issue 9's third round).
    #[test]
    fn results_go_beside_the_folder_even_for_dot() {
        let dir = tempfile::tempdir().unwrap();
        let year = dir.path().join("2024");
        std::fs::create_dir_all(year.join("乡镇")).unwrap();
        let real = std::fs::canonicalize(&year).unwrap();
        assert_eq!(
            default_out_dir(&year.join("乡镇").join("..")),
            real.with_file_name("2024_评分结果")
        );
        assert_eq!(default_out_dir(&year), dir.path().join("2024_评分结果"));
    }
}

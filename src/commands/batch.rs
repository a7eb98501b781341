//! `jixiao batch`: a folder of departments → scored workbooks, one ranked
//! 汇总 (xlsx, csv, json), a run manifest and a log, in one output folder.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::Outcome;
use crate::batch::discover::{Discovered, discover};
use crate::batch::progress::Progress;
use crate::batch::records::{ManifestInputs, Record, Records};
use crate::batch::rerun;
use crate::batch::worker::{PeakMemory, WorkerSpec, peak_memory};
use crate::batch::{self, Executor};
use crate::cli::BatchArgs;
use crate::config::Settings;
use crate::error::{Error, ExitStatus, UsageError};
use crate::report::ReportError;
use crate::report::atomic::{Staged, stage_with, sync_file, temp_beside, write_atomic_with};
use crate::report::chart_cache::add_totals_cache_file;
use crate::report::export::{write_summary_csv, write_summary_json_with};
use crate::report::ranked::{RankedBuilder, RankedFile};
use crate::report::style::ZIP_LEVEL;
use crate::report::summary::{DetailStats, summary_workbook};
use crate::rubric;
use crate::score::summary::{Failure, RankedDepts as _};

/// The files a batch writes besides the scored workbooks.
pub const SUMMARY_XLSX: &str = "汇总.xlsx";
pub const SUMMARY_CSV: &str = "汇总.csv";
pub const SUMMARY_JSON: &str = "汇总.json";
pub const MANIFEST: &str = "运行记录.json";
pub const LOG: &str = "运行日志.txt";

const DEFAULT_TIMEOUT_SECONDS: u64 = 120;
const DEFAULT_MEMORY_MB: u64 = 2048;

/// Everything a batch needs, resolved from the flags and the config.
struct Plan {
    inputs: Vec<PathBuf>,
    out: PathBuf,
    rubric: Option<PathBuf>,
    year: Option<i32>,
    jobs: usize,
    timeout: Duration,
    memory_mb: u64,
    /// Last year's 汇总.json, when given, and whether by `--previous`.
    previous: Option<(PathBuf, Given)>,
}

/// Where last year's 汇总.json was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Given {
    /// `--previous`: it must be there and readable.
    Flag,
    /// The config's `previous`: may not exist yet (the first year of a
    /// scheduled run), but one that is there must be readable.
    Config,
}

fn resolve(args: &BatchArgs, settings: &Settings) -> Result<Plan, Error> {
    let cfg = &settings.batch;
    let year = args.year.or(cfg.year);
    let from_config = |template: &str| {
        cfg.path(template, year).ok_or_else(|| {
            let placeholders: Vec<&str> = ["{year}", "{prev_year}"]
                .into_iter()
                .filter(|p| template.contains(p))
                .collect();
            UsageError::new(format!(
                "配置文件中的路径「{template}」含 {}，请用 --year 指定年度，或在 [batch] 中写 year = 2024",
                placeholders.join(" 和 ")
            ))
        })
    };
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        cfg.inputs
            .iter()
            .map(|t| from_config(t))
            .collect::<Result<_, _>>()?
    } else {
        args.inputs.clone()
    };
    if inputs.is_empty() {
        return Err(UsageError::new(
            "没有指定要评分的文件夹或文件：请写在命令行上，或在配置文件 [batch] 中写 input"
                .to_string(),
        )
        .into());
    }
    let out = match (&args.out, &cfg.out) {
        (Some(out), _) => out.clone(),
        (None, Some(t)) => from_config(t)?,
        (None, None) => {
            return Err(UsageError::new(
                "没有指定输出文件夹：请加 --out <输出文件夹>，或在配置文件 [batch] 中写 out"
                    .to_string(),
            )
            .into());
        }
    };
    let rubric = match (&args.rubric, &cfg.rubric) {
        (Some(r), _) => Some(r.clone()),
        (None, Some(t)) => Some(from_config(t)?),
        (None, None) => None,
    };
    let previous = match (&args.previous, &cfg.previous) {
        (Some(p), _) => Some((p.clone(), Given::Flag)),
        (None, Some(t)) => Some((from_config(t)?, Given::Config)),
        (None, None) => None,
    };
    let jobs = args
        .jobs
        .or(cfg.jobs)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    Ok(Plan {
        inputs,
        out,
        rubric,
        year,
        jobs,
        timeout: Duration::from_secs(
            cfg.timeout_seconds
                .unwrap_or(DEFAULT_TIMEOUT_SECONDS)
                .max(1),
        ),
        memory_mb: cfg.memory_mb.unwrap_or(DEFAULT_MEMORY_MB).max(64),
        previous,
    })
}

/// `运行记录.json`: what ran, on what, with what result.
#[derive(Serialize)]
struct Manifest<'a> {
    version: &'static str,
    started: String,
    finished: String,
    seconds: f64,
    rubric: Option<String>,
    config: Option<String>,
    year: Option<i32>,
    jobs: usize,
    found: usize,
    scored: usize,
    failed: usize,
    /// The input folders, absolute: a re-run removes the previous run's
    /// stale outputs only when they are the same (`batch::rerun`).
    input_roots: Vec<String>,
    /// Stale scored workbooks left for the next run to look at again (under
    /// a folder not read, or not removable this time).
    kept_outputs: Vec<String>,
    inputs: ManifestInputs<'a>,
    outputs: Outputs<'a>,
    /// Peak memory of the batch process and of its largest worker (Unix).
    peak_memory: Option<PeakMemory>,
}

/// Runs `jixiao batch`.
///
/// # Errors
/// Bad usage, an unreadable config, profile or rubric (exit 2); an output
/// folder that cannot be written. Departments that fail are listed, not
/// errors (exit 1).
pub fn run(args: &BatchArgs) -> Result<Outcome, Error> {
    run_batch(args).map_err(Error::of_run_outputs)
}

fn run_batch(args: &BatchArgs) -> Result<Outcome, Error> {
    let family = super::family_arg(args.family.as_deref())?;
    let mut settings = match &args.config {
        Some(p) => crate::config::load(p)?,
        None => Settings::default(),
    };
    if let Some(p) = &args.profile {
        settings.profile.extend_from_file(p)?;
    }
    let plan = resolve(args, &settings)?;
    // The rubric is read once here, so a bad rubric stops the run before
    // any department is scored (exit 2); each worker then reads it once.
    let shared = plan
        .rubric
        .as_deref()
        .map(|p| rubric::build::load(p, &settings))
        .transpose()?;
    settings.family = family.or(settings.family);
    let shared = super::with_family(shared, family);
    check_previous(&plan)?;
    let Discovered {
        found,
        failures: unread,
        skipped,
    } = discover(&plan.inputs, Some(&plan.out)).map_err(|e| UsageError::new(e.to_string()))?;
    if found.is_empty() {
        // An empty or unmounted input folder must not replace last run's
        // results with an empty 汇总.
        let mut said = format!(
            "未找到任何 .xlsx、.xls 或 .ods 文件（输入：{}）。未写入汇总；输出文件夹「{}」中已有的结果未改动。\n",
            plan.inputs
                .iter()
                .map(|p| format!("「{}」", p.display()))
                .collect::<Vec<_>>()
                .join("、"),
            plan.out.display()
        );
        for f in &unread {
            said.push_str(&format!(
                "  · {}：{}\n",
                crate::base::text::one_line(&f.file, '\u{FFFD}'),
                crate::base::text::one_line(&f.reason, ' ')
            ));
        }
        return Ok(Outcome {
            status: Some(ExitStatus::Failure),
            stdout: String::new(),
            stderr: said,
        });
    }
    // From here on, Ctrl-C (or SIGTERM) stops the batch cleanly: see
    // `interrupted`. Before, it ends the process, with nothing yet written.
    let stop = batch::interrupt::install();
    crate::report::create_output_folder(&plan.out)?;
    // What a killed run left in the output folder goes now.
    crate::report::atomic::remove_stale_batch_files(&plan.out);
    let started = chrono::Local::now();
    let clock = Instant::now();
    let jobs = batch::plan(&found, &plan.out);
    drop(found);
    let exe = std::env::current_exe().map_err(|source| ReportError::Io {
        path: PathBuf::from("jixiao"),
        source,
    })?;
    let executor = Executor::Workers(WorkerSpec {
        exe,
        config: args.config.clone(),
        profile: args.profile.clone(),
        rubric: plan.rubric.clone(),
        family: args.family.clone(),
        memory_mb: plan.memory_mb,
        timeout: plan.timeout,
    });
    let progress = Progress::new(jobs.len(), args.quiet);
    let rubric_name = shared.as_ref().map_or_else(
        || "各单位自带评分表或内置默认评分表".to_string(),
        |r| r.source.clone(),
    );
    // Each result is folded as it arrives: the compact record is kept, the
    // indicators and problems go to a spill file in the output folder and
    // into the few figures the 汇总's detail sheets need beforehand.
    let mut summary = batch::new_summary(&rubric_name, plan.year, &settings);
    // Folders that could not be read are not scored, as a broken file is not.
    let unread_files: Vec<String> = unread.iter().map(|f| f.file.clone()).collect();
    summary.failures.extend(unread);
    let mut stats = DetailStats::default();
    let spill_error = |source| ReportError::Io {
        path: plan.out.clone(),
        source,
    };
    let mut spill_failed: Option<std::io::Error> = None;
    // The compact records too go to disk; memory keeps what ranking needs.
    let mut ranked = RankedBuilder::create(&plan.out).map_err(spill_error)?;
    // One key per department at most: no room doubled by growth.
    ranked.reserve(jobs.len());
    let mut records = Records::create(&plan.out, jobs.len()).map_err(spill_error)?;
    let mut records_failed: Option<std::io::Error> = None;
    // Workers write the scored workbooks without syncing them; this thread
    // syncs each as its result arrives, off the workers' path, and the
    // batch waits for it before the 汇总 and the manifest say they exist.
    let (to_sync, synced) = std::sync::mpsc::channel::<PathBuf>();
    let syncer = std::thread::spawn(move || {
        let mut first_error = None;
        for path in synced {
            if let Err(e) = sync_file(&path)
                && first_error.is_none()
            {
                first_error = Some(e);
            }
        }
        first_error
    });
    // Scored workbooks written by this run, for the message of a stopped one.
    let mut written_now = 0usize;
    batch::run_with(&jobs, plan.jobs, &executor, &progress, stop, |d| {
        let file = jobs.get(d.index).map(|j| j.rel.clone()).unwrap_or_default();
        let result = match d.result {
            Ok(mut dept) => {
                written_now += 1;
                flag_wrong_year(&mut dept, plan.year);
                let output = dept.output.clone();
                if let Some(o) = &output {
                    let _ = to_sync.send(plan.out.join(o));
                }
                let detail = dept.take_detail();
                stats.add(&dept, &detail);
                if spill_failed.is_none()
                    && let Err(e) = ranked.push(&dept, &detail)
                {
                    spill_failed = Some(e);
                }
                Ok(output)
            }
            Err(reason) => {
                summary.failures.push(Failure {
                    file: file.clone(),
                    reason: reason.clone(),
                });
                Err(reason)
            }
        };
        let record = Record {
            file,
            sha256: d.sha256,
            millis: d.millis,
            result,
        };
        if records_failed.is_none()
            && let Err(e) = records.push(d.index, &record)
        {
            records_failed = Some(e);
        }
    });
    progress.finish();
    if stop.load(Ordering::SeqCst) {
        // The workbooks written so far are kept: synced like the others.
        drop(to_sync);
        let _ = syncer.join();
        return Ok(interrupted(&plan.out, written_now));
    }
    // The jobs' paths are not needed to write the 汇总: free them first.
    let found = jobs.len();
    drop(jobs);
    if let Some(e) = spill_failed {
        return Err(spill_error(e).into());
    }
    if let Some(e) = records_failed {
        return Err(spill_error(e).into());
    }
    records.finish().map_err(spill_error)?;
    let mut ranked = ranked.finish().map_err(spill_error)?;
    summary.finish();
    let previous_note = attach_previous(&mut ranked, &plan);
    // Also where the 汇总 writers find each department's details.
    let spill = std::sync::Arc::new(ranked);
    summary.ranked = Some(spill.clone());
    drop(to_sync);
    if let Some(e) = syncer.join().ok().flatten() {
        return Err(e.into());
    }
    // The workbook on this thread, the CSV and the JSON on another: each
    // reads the spill on its own, and the cores are free by now.
    let stream = |tmp: &Path| {
        std::fs::File::create(tmp)
            .map(|f| std::io::BufWriter::with_capacity(256 * 1024, f))
            .map_err(|source| ReportError::Io {
                path: tmp.to_path_buf(),
                source,
            })
    };
    let io = |name: &str| {
        let path = plan.out.join(name);
        move |source| ReportError::Io { path, source }
    };
    // The three are staged, then put in place together: a Ctrl-C meanwhile
    // leaves the previous run's 汇总 (and its 运行记录) as they were.
    let staged = std::thread::scope(|scope| -> Result<[Staged; 3], ReportError> {
        let text = scope.spawn(|| -> Result<[Staged; 2], ReportError> {
            let csv = stage_with(&plan.out.join(SUMMARY_CSV), |tmp| {
                write_summary_csv(&summary, stream(tmp)?).map_err(io(SUMMARY_CSV))
            })?;
            let json = stage_with(&plan.out.join(SUMMARY_JSON), |tmp| {
                write_summary_json_with(&summary, &*spill, stream(tmp)?).map_err(io(SUMMARY_JSON))
            })?;
            Ok([csv, json])
        });
        let xlsx = stage_with(&plan.out.join(SUMMARY_XLSX), |tmp| {
            // Saved first as rust_xlsxwriter writes it, then copied with the
            // totals chart's cached values (report::chart_cache).
            let raw = temp_beside(&plan.out.join(SUMMARY_XLSX));
            let result = summary_workbook(&summary, &*spill, &stats, Some(&plan.out))
                .and_then(|mut wb| wb.save(&raw))
                .map_err(ReportError::from)
                .and_then(|()| {
                    let shown = plan.out.join(SUMMARY_XLSX);
                    add_totals_cache_file((&raw, tmp, &shown), &summary, ZIP_LEVEL)
                });
            let _ = std::fs::remove_file(&raw);
            result
        });
        let text = text.join().unwrap_or_else(|_| {
            Err(ReportError::Io {
                path: plan.out.join(SUMMARY_JSON),
                source: std::io::Error::other("汇总.json 写入线程意外中止"),
            })
        });
        let [csv, json] = text?;
        Ok([xlsx?, csv, json])
    })?;
    if stop.load(Ordering::SeqCst) {
        // Dropped uncommitted: removed.
        drop(staged);
        return Ok(interrupted(&plan.out, written_now));
    }
    for file in staged {
        file.commit()?;
    }
    drop(spill);
    // The previous run's scored workbooks this run did not write again go:
    // this year's folder holds this year's results only.
    let roots = rerun::roots(&plan.inputs);
    let previous = rerun::previous(&plan.out.join(MANIFEST));
    let stale = rerun::stale(
        &previous,
        &roots,
        summary.depts().filter_map(|d| d.into_owned().output),
        &unread_files,
    );
    let removal = rerun::remove(&plan.out, &stale.remove, previous.finished());
    drop(previous);
    let written = [SUMMARY_XLSX, SUMMARY_CSV, SUMMARY_JSON];
    let finished = chrono::Local::now();
    let scored = summary.department_count();
    let failed = summary.failures.len();
    let manifest = Manifest {
        version: env!("CARGO_PKG_VERSION"),
        started: started.to_rfc3339(),
        finished: finished.to_rfc3339(),
        seconds: clock.elapsed().as_secs_f64(),
        rubric: plan.rubric.as_ref().map(|p| p.display().to_string()),
        config: args.config.as_ref().map(|p| p.display().to_string()),
        year: plan.year,
        jobs: plan.jobs,
        found,
        scored,
        failed,
        input_roots: roots,
        kept_outputs: rerun::kept_for_next_run(&stale, &removal),
        inputs: records.manifest_inputs(),
        outputs: Outputs {
            written: &written,
            summary: &summary,
        },
        peak_memory: peak_memory(),
    };
    let mut report = String::new();
    let _ = writeln!(
        report,
        "批量评分完成：找到 {} 个部门数据文件，评分 {scored} 个，未能评分 {failed} 个，用时 {:.1} 秒",
        found,
        clock.elapsed().as_secs_f64()
    );
    let _ = writeln!(
        report,
        "汇总：「{}」（另有 {SUMMARY_CSV}、{SUMMARY_JSON}、{MANIFEST}）",
        plan.out.join(SUMMARY_XLSX).display()
    );
    if let Some(note) = previous_note {
        let _ = writeln!(report, "{note}");
    }
    for line in rerun::report(&stale, &removal) {
        let _ = writeln!(report, "{line}");
    }
    if let Some(note) = skipped_note(&skipped) {
        let _ = writeln!(report, "{note}");
    }
    if failed > 0 {
        let _ = writeln!(report, "未能评分的文件：");
        for f in &summary.failures {
            let _ = writeln!(
                report,
                "  · {}：{}",
                crate::base::text::one_line(&f.file, '\u{FFFD}'),
                crate::base::text::one_line(&f.reason, ' ')
            );
        }
    }
    write_atomic_with(&plan.out.join(LOG), |tmp| {
        let report = format!("{report}{}", skipped_list(&skipped));
        write_log(&started.to_rfc3339(), &records, &report, stream(tmp)?).map_err(io(LOG))
    })?;
    write_atomic_with(&plan.out.join(MANIFEST), |tmp| {
        let mut w = stream(tmp)?;
        serde_json::to_writer_pretty(&mut w, &manifest)
            .map_err(std::io::Error::other)
            .and_then(|()| w.write_all(b"\n"))
            .and_then(|()| w.flush())
            .map_err(io(MANIFEST))
    })?;
    Ok(Outcome {
        status: Some(if failed > 0 || !removal.failed.is_empty() {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }),
        stdout: String::new(),
        stderr: report,
    })
}

/// What a batch stopped by Ctrl-C or SIGTERM says (exit 130). It wrote no
/// 汇总 and no 运行记录.json (a 汇总 of the departments scored so far would
/// look complete), and left no temporary file; the scored workbooks it
/// wrote are complete and stay. The previous run's 汇总, 运行记录.json and
/// 运行日志.txt, if any, stay as they were, describing that run.
fn interrupted(out: &Path, written: usize) -> Outcome {
    let done = if written > 0 {
        format!(
            "已评分 {written} 个单位的评分工作簿保留在「{}」，未生成汇总",
            out.display()
        )
    } else {
        "尚未评分任何单位，未生成汇总".to_string()
    };
    let previous = if out.join(SUMMARY_XLSX).exists() {
        format!("（文件夹中原有的{SUMMARY_XLSX}等仍是上次运行的结果）")
    } else {
        String::new()
    };
    Outcome {
        status: Some(ExitStatus::Interrupted),
        stdout: String::new(),
        stderr: format!("已中断：{done}{previous}；重新运行即可完成\n"),
    }
}

/// A department whose data is of another year than the run's `--year`
/// (last year's workbook sent again) gets a problem row for the 问题清单:
/// its scores stand, the bureau asks for the right file.
fn flag_wrong_year(dept: &mut crate::score::summary::DeptSummary, year: Option<i32>) {
    use crate::score::summary::{Problem, ProblemKind};
    if let (Some(want), Some(have)) = (year, dept.year)
        && want != have
    {
        dept.problems.push(Problem {
            kind: ProblemKind::Warning(crate::base::WarningKind::WrongYear),
            indicator: None,
            explanation: format!(
                "数据文件的年度为{have}年，与本次评价的{want}年度不符：请核实是否报送了其他年度的数据"
            ),
            source: None,
        });
        dept.warnings += 1;
    }
}

/// How many of the files skipped as jixiao's outputs the screen names.
const SKIPPED_SHOWN: usize = 5;

/// The files skipped as jixiao's own outputs, for the screen: how many,
/// and the first few.
fn skipped_note(skipped: &[String]) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let (names, left_out) = crate::base::text::first_few(skipped, SKIPPED_SHOWN, |f| {
        format!("「{}」", crate::base::text::one_line(f, '\u{FFFD}'))
    });
    let more = if left_out {
        format!("等 {} 个（全部列在{LOG}中）", skipped.len())
    } else {
        String::new()
    };
    Some(format!(
        "跳过 jixiao 生成的评分结果或汇总 {} 个（不评分）：{names}{more}",
        skipped.len()
    ))
}

/// The whole list of [`skipped_note`] for the log, when the screen shows
/// only the first few.
fn skipped_list(skipped: &[String]) -> String {
    if skipped.len() <= SKIPPED_SHOWN {
        return String::new();
    }
    let mut text = String::from("跳过的 jixiao 生成的文件：\n");
    for f in skipped {
        let _ = writeln!(text, "  · {}", crate::base::text::one_line(f, '\u{FFFD}'));
    }
    text
}

/// `运行日志.txt`: one line per file, then the report shown on screen.
fn write_log<W: std::io::Write>(
    started: &str,
    records: &Records,
    report: &str,
    mut w: W,
) -> std::io::Result<()> {
    writeln!(
        w,
        "jixiao {} 批量评分，开始于 {started}",
        env!("CARGO_PKG_VERSION")
    )?;
    records.for_each(|r| r.write_log_line(&mut w))?;
    w.write_all(report.as_bytes())?;
    w.flush()
}

/// The manifest's `outputs`: the 汇总 files, each department's scored
/// workbook in rank order, then the log.
struct Outputs<'a> {
    written: &'a [&'static str],
    summary: &'a crate::score::summary::BatchSummary,
}

impl Serialize for Outputs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for name in self.written {
            seq.serialize_element(name)?;
        }
        for d in self.summary.depts() {
            if let Some(o) = &d.output {
                seq.serialize_element(o)?;
            }
        }
        if let Some(e) = self.summary.read_error() {
            return Err(serde::ser::Error::custom(e));
        }
        seq.serialize_element(LOG)?;
        seq.end()
    }
}

/// Last year's 汇总.json: the one given, else the output folder's path with
/// the year one less (`结果/2024` → `结果/2023/汇总.json`) when it exists.
fn previous_file(plan: &Plan) -> Option<(PathBuf, Option<Given>)> {
    if let Some((p, given)) = &plan.previous {
        return Some((p.clone(), Some(*given)));
    }
    let year = plan.year?;
    let out = plan.out.to_string_lossy();
    let this = year.to_string();
    if !out.contains(&this) {
        return None;
    }
    let last = PathBuf::from(out.replace(&this, &(year - 1).to_string())).join(SUMMARY_JSON);
    last.is_file().then_some((last, None))
}

/// Last year's results read from `path`, or why they cannot be, in Chinese.
fn read_previous(path: &Path) -> Result<crate::score::summary::PreviousResults, String> {
    let text = crate::base::os_error::read_text(path, 512 * 1024 * 1024).map_err(|e| {
        format!(
            "上年汇总「{}」无法读取：{}",
            path.display(),
            crate::base::os_error::describe(&e)
        )
    })?;
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        return Err(format!(
            "上年汇总「{}」内容不完整或已损坏（第 {} 行第 {} 列），可能是复制时中断或被其他程序改过",
            path.display(),
            e.line(),
            e.column()
        ));
    }
    crate::score::summary::previous_results(&text).map_err(|_| {
        format!(
            "「{}」不是 jixiao 批量评分生成的汇总.json（缺少各部门的总分和等级）",
            path.display()
        )
    })
}

/// Before any department is scored: last year's 汇总 named by `--previous`
/// must be there and readable, and one named by the config must be readable
/// when it is there (exit 2): a comparison asked for is not silently left
/// out of an unattended run.
fn check_previous(plan: &Plan) -> Result<(), Error> {
    let Some((path, given)) = &plan.previous else {
        return Ok(());
    };
    if *given == Given::Config && !path.exists() {
        return Ok(());
    }
    read_previous(path)
        .map(drop)
        .map_err(|why| UsageError::new(format!("{why}。请改正或去掉上年汇总的设置后再运行")).into())
}

/// Adds last year's totals and grades; returns the sentence saying where
/// they came from (or why they could not be read).
fn attach_previous(ranked: &mut RankedFile, plan: &Plan) -> Option<String> {
    let (path, given) = previous_file(plan)?;
    if given == Some(Given::Config) && !path.exists() {
        return Some(format!(
            "配置的上年汇总「{}」不存在，未加上年对比",
            path.display()
        ));
    }
    match read_previous(&path) {
        Ok(previous) => {
            ranked.attach_previous(&previous.by_name);
            let matched = ranked.facts().previous;
            Some(format!(
                "上年结果取自「{}」，按单位名称对上 {matched} 个单位{}",
                path.display(),
                previous_reviews(previous.reviewed, given.is_none())
            ))
        }
        Err(why) => Some(format!("{why}，未加上年对比")),
    }
}

/// What the 上年 sentence says of last year's reviews: a 汇总 written by
/// `batch` holds no reviewer's changes, and one found on its own (not
/// named by `--previous` or the config) may be that rather than the
/// reviewed result `aggregate` wrote elsewhere; the bureau is told which.
fn previous_reviews(reviewed: usize, found: bool) -> String {
    match (reviewed, found) {
        (0, true) => "；该汇总中没有审核改过的得分（是批量评分的结果，或审核未改分）。上年结果如经审核改分，请用 --previous 或配置中的 previous 指定审核后 jixiao aggregate 生成的汇总.json".to_string(),
        (0, false) => "；该汇总中没有审核改过的得分".to_string(),
        (n, _) => format!("（其中 {n} 个单位含审核改分）"),
    }
}

/// The output folder of `jixiao <文件夹>` when none is given.
pub fn default_out(inputs: &[PathBuf]) -> Option<PathBuf> {
    inputs.first().map(|p| batch::default_out_dir(Path::new(p)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A batch stopped before any department was scored says so, and says
    /// whose the 汇总 left in the folder is.
    #[test]
    fn an_interrupted_batch_says_what_it_left() {
        let dir = tempfile::tempdir().unwrap();
        let text = |n| {
            let said = interrupted(dir.path(), n);
            assert_eq!(said.exit_status().code(), 130);
            said.stderr
                .replace(&dir.path().display().to_string(), "[OUT]")
        };
        insta::assert_snapshot!(text(0), @"已中断：尚未评分任何单位，未生成汇总；重新运行即可完成");
        std::fs::write(dir.path().join(SUMMARY_XLSX), b"last run").unwrap();
        insta::assert_snapshot!(text(3), @"已中断：已评分 3 个单位的评分工作簿保留在「[OUT]」，未生成汇总（文件夹中原有的汇总.xlsx等仍是上次运行的结果）；重新运行即可完成");
    }
}

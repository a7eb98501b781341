//! Isolated worker processes: jixiao re-executes itself as `jixiao
//! __worker …` and scores the files it is sent, one JSON line in, one out.
//!
//! Some corrupt workbooks make calamine abort the whole process on a giant
//! allocation (NOTES-ecosystem §1.7), which no `catch_unwind` can stop. In a
//! worker that costs one file: the worker dies (or runs past its time
//! limit and is killed), its current file is marked failed, and a fresh
//! worker takes the next file. Workers are reused across files, so the
//! rubric and settings are read once per worker, not once per file, and
//! each has the next file queued while it works on one.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::job::{Done, Job};
use crate::config::Settings;
use crate::rubric::Rubric;

/// How to start a worker and what limits it runs under.
#[derive(Debug, Clone)]
pub struct WorkerSpec {
    /// The jixiao executable (normally `std::env::current_exe()`).
    pub exe: PathBuf,
    /// What the worker needs to load its settings and rubric.
    pub config: Option<PathBuf>,
    pub profile: Option<PathBuf>,
    pub rubric: Option<PathBuf>,
    /// `--family`, passed on as given.
    pub family: Option<String>,
    /// Address-space limit per worker (Unix), in MiB.
    pub memory_mb: u64,
    /// Time limit per file.
    pub timeout: Duration,
}

impl WorkerSpec {
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.exe);
        cmd.arg("__worker")
            .arg("--memory-mb")
            .arg(self.memory_mb.to_string());
        for (flag, value) in [
            ("--config", &self.config),
            ("--profile", &self.profile),
            ("--rubric", &self.rubric),
        ] {
            if let Some(v) = value {
                cmd.arg(flag).arg(v);
            }
        }
        if let Some(f) = &self.family {
            cmd.arg("--family").arg(f);
        }
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        cmd
    }
}

/// Why a worker gave no answer for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// It exited or aborted (out of memory, a crash in a reader).
    Died,
    /// It ran past the time limit and was stopped.
    TimedOut,
}

/// How often a driver waiting for a worker looks whether the batch was
/// asked to stop.
const STOP_POLL: Duration = Duration::from_millis(50);

/// One running worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<String>,
}

impl Worker {
    fn spawn(spec: &WorkerSpec) -> std::io::Result<Worker> {
        let mut child = spec.command().spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("无法连接处理进程的输入"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("无法连接处理进程的输出"))?;
        let (tx, replies) = channel();
        // The reader thread ends when the worker closes its stdout (exits).
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            replies,
        })
    }

    /// Sends a job (its JSON line); the worker starts it when it has
    /// answered the ones sent before.
    fn send(&mut self, line: &str) -> Result<(), Lost> {
        writeln!(self.stdin, "{line}").map_err(|_| Lost::Died)?;
        self.stdin.flush().map_err(|_| Lost::Died)
    }

    /// Waits up to `timeout` for the next reply line, left unparsed: the
    /// batch parses it off the path between one job and the next. `None`
    /// when `stop` was set meanwhile.
    fn reply(&mut self, timeout: Duration, stop: &AtomicBool) -> Result<Option<String>, Lost> {
        let start = Instant::now();
        loop {
            let left = timeout.saturating_sub(start.elapsed());
            match self.replies.recv_timeout(left.min(STOP_POLL)) {
                // Anything but a JSON object is a worker gone wrong.
                Ok(reply) if reply.starts_with('{') && reply.ends_with('}') => {
                    return Ok(Some(reply));
                }
                Ok(_) | Err(RecvTimeoutError::Disconnected) => return Err(Lost::Died),
                Err(RecvTimeoutError::Timeout) if stop.load(Ordering::SeqCst) => return Ok(None),
                Err(RecvTimeoutError::Timeout) if left <= STOP_POLL => {
                    return Err(Lost::TimedOut);
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    /// Stops the worker (at once, wherever it is), waits for it, and
    /// removes the temp files it was writing for `outputs`: it leaves
    /// nothing half-written behind. Returns the reply lines it had written
    /// that were not read yet, in order: those jobs are done (a worker
    /// answers once the workbook is in place).
    fn stop<'a>(mut self, outputs: impl IntoIterator<Item = &'a Path>) -> Vec<String> {
        let pid = self.child.id();
        let _ = self.child.kill();
        let _ = self.child.wait();
        for output in outputs {
            crate::report::atomic::remove_temps_of(output, pid);
        }
        // The worker has ended: the reader thread forwards what was left
        // in the pipe, then ends. Bounded, should anything else hold the
        // pipe open.
        let until = Instant::now() + Duration::from_secs(2);
        let mut left = Vec::new();
        while let Ok(line) = self
            .replies
            .recv_timeout(until.saturating_duration_since(Instant::now()))
        {
            left.push(line);
        }
        left
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Jobs sent to a worker ahead of the one it is working on: it starts the
/// next as soon as it has answered, without waiting for the batch to read
/// the answer and send another (issue 9).
const AHEAD: usize = 1;

/// Drives one worker process through jobs taken in turn from `jobs` (the
/// shared `next` index hands each job to exactly one of the `drivers`),
/// keeping one job queued behind the one in progress while more jobs are
/// left than there are drivers (so that a small batch still spreads over
/// every worker). Each result goes to `sink` with its job's position in
/// `jobs`; `started` is told when a worker starts a job.
///
/// A worker that dies or runs past the time limit fails its current job
/// only: it is stopped, and the jobs queued behind it (which it had not
/// started) go to a fresh worker. The time limit of a job runs from when
/// the worker could start it: when it was sent, or when the worker
/// answered the job before it. A worker stopped this way leaves no temp
/// file of its current job.
///
/// Once `stop` is set (Ctrl-C), no more jobs are taken and the worker is
/// stopped at once; the jobs it had answered get their result (also an
/// answer not yet read when it was stopped), the others none.
pub fn drive(
    spec: &WorkerSpec,
    jobs: &[Job],
    next: &AtomicUsize,
    drivers: usize,
    stop: &AtomicBool,
    mut started: impl FnMut(&Job),
    mut sink: impl FnMut(usize, Reply),
) {
    /// A job taken by this driver.
    struct Queued {
        index: usize,
        line: String,
        /// Sent to the current worker.
        sent: bool,
        /// `started` was told.
        announced: bool,
    }
    let mut worker: Option<Worker> = None;
    let mut queue: VecDeque<Queued> = VecDeque::new();
    let mut front_since = Instant::now();
    // The outputs of the jobs sent to the current worker.
    let sent = |queue: &VecDeque<Queued>| -> Vec<&Path> {
        queue
            .iter()
            .filter(|q| q.sent)
            .filter_map(|q| jobs.get(q.index))
            .map(|job| job.output.as_path())
            .collect()
    };
    loop {
        if stop.load(Ordering::SeqCst) {
            if let Some(w) = worker.take() {
                // Jobs answered before the worker was stopped are done and
                // count; the rest get no result.
                for line in w.stop(sent(&queue)) {
                    let Some(q) = queue.pop_front().filter(|q| q.sent) else {
                        break;
                    };
                    if !(line.starts_with('{') && line.ends_with('}')) {
                        break;
                    }
                    sink(q.index, Reply::Line(line));
                }
            }
            break;
        }
        while queue.len() <= AHEAD {
            let left = jobs.len().saturating_sub(next.load(Ordering::Relaxed));
            if !queue.is_empty() && left < drivers {
                break;
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                break;
            };
            match serde_json::to_string(job) {
                Ok(line) => queue.push_back(Queued {
                    index: i,
                    line,
                    sent: false,
                    announced: false,
                }),
                // Cannot happen with the paths of `Job` (sent as raw
                // bytes); fails this job only if it ever does.
                Err(_) => sink(
                    i,
                    Reply::Done(Box::new(failed(
                        job,
                        "无法把该文件交给处理进程（文件路径无法编码），已跳过该文件".to_string(),
                    ))),
                ),
            }
        }
        let Some(front) = queue.front().map(|q| q.index) else {
            if next.load(Ordering::Relaxed) >= jobs.len() {
                break;
            }
            continue;
        };
        let w = match worker.as_mut() {
            Some(w) => w,
            None => match Worker::spawn(spec) {
                Ok(w) => {
                    front_since = Instant::now();
                    worker.insert(w)
                }
                Err(e) => {
                    // Every queued job fails the same way; the next ones
                    // try a new worker again.
                    let reason =
                        format!("无法启动处理进程：{}", crate::base::os_error::describe(&e));
                    for q in queue.drain(..) {
                        if let Some(job) = jobs.get(q.index) {
                            sink(q.index, Reply::Done(Box::new(failed(job, reason.clone()))));
                        }
                    }
                    continue;
                }
            },
        };
        for q in &mut queue {
            if q.sent {
                continue;
            }
            // A worker that cannot take it has died: its answer (or its
            // end) for the front job is read below all the same.
            if w.send(&q.line).is_err() {
                break;
            }
            q.sent = true;
        }
        if let Some(q) = queue.front_mut()
            && !q.announced
        {
            q.announced = true;
            if let Some(job) = jobs.get(q.index) {
                started(job);
            }
        }
        let result = match w.reply(spec.timeout.saturating_sub(front_since.elapsed()), stop) {
            Ok(Some(line)) => Ok(line),
            // The worker is stopped at the top of the loop.
            Ok(None) => continue,
            Err(lost) => Err(lost),
        };
        if result.is_err()
            && let Some(w) = worker.take()
        {
            // Stopped (killed) here; what it had queued is resent.
            w.stop(sent(&queue));
        }
        queue.pop_front();
        let Some(job) = jobs.get(front) else { continue };
        match result {
            Ok(line) => {
                front_since = Instant::now();
                sink(front, Reply::Line(line));
            }
            Err(lost) => {
                for q in &mut queue {
                    q.sent = false;
                }
                sink(
                    front,
                    Reply::Done(Box::new(failed(job, lost_reason(lost, spec.timeout)))),
                );
            }
        }
    }
}

/// What came back for a job: a worker's reply line still to be parsed, or
/// a result already made (a lost worker, or in-process scoring).
pub enum Reply {
    Line(String),
    Done(Box<Done>),
}

impl Reply {
    /// The job's result; a reply that does not parse fails the job as a
    /// lost worker would.
    pub fn parse(self, job: &Job) -> Done {
        match self {
            Reply::Done(done) => *done,
            // An answer for another job is a worker gone wrong too.
            Reply::Line(line) => match serde_json::from_str::<Done>(&line) {
                Ok(done) if done.index == job.index => done,
                _ => failed(job, lost_reason(Lost::Died, Duration::ZERO)),
            },
        }
    }
}

fn lost_reason(lost: Lost, timeout: Duration) -> String {
    match lost {
        Lost::Died => {
            "读取时处理进程意外退出（文件可能已损坏、过大或含异常内容），已跳过该文件".to_string()
        }
        Lost::TimedOut => format!(
            "处理超过 {} 秒仍未完成，已中止（文件可能过大或含异常内容）",
            timeout.as_secs()
        ),
    }
}

/// A job that produced no result.
pub fn failed(job: &Job, reason: String) -> Done {
    Done {
        index: job.index,
        sha256: super::job::sha256_of(&job.path),
        millis: 0,
        result: Err(reason),
    }
}

/// The worker side: limits itself, then answers one JSON line per job on
/// stdin until stdin closes.
///
/// # Errors
/// When stdout is closed (the batch is gone).
pub fn serve(rubric: Option<&Rubric>, settings: &Settings, memory_mb: u64) -> std::io::Result<()> {
    limit_memory(memory_mb);
    super::interrupt::ignore_in_worker();
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    let mut cache = crate::rubric::build::RuleCache::default();
    for line in stdin.lock().lines() {
        let line = line?;
        let Ok(job) = serde_json::from_str::<Job>(&line) else {
            continue;
        };
        let done = super::job::run(&job, rubric, settings, &mut cache);
        let reply = serde_json::to_string(&done).map_err(std::io::Error::other)?;
        writeln!(stdout, "{reply}")?;
        stdout.flush()?;
    }
    Ok(())
}

/// Caps the worker's address space so that a giant allocation fails (and
/// the worker dies) instead of exhausting the machine.
fn limit_memory(memory_mb: u64) {
    #[cfg(unix)]
    {
        let bytes = memory_mb.saturating_mul(1024 * 1024);
        let _ = rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes);
    }
    #[cfg(not(unix))]
    let _ = memory_mb;
}

/// Peak resident memory of this process and of the largest worker it has
/// waited for (every worker, once the pool is dropped), in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeakMemory {
    pub main_kb: u64,
    pub worker_kb: u64,
}

/// [`PeakMemory`] from `getrusage` (Unix); `None` elsewhere.
pub fn peak_memory() -> Option<PeakMemory> {
    #[cfg(unix)]
    {
        fn max_rss_kb(who: libc::c_int) -> Option<u64> {
            // SAFETY: getrusage only writes into the struct it is given.
            let usage = unsafe {
                let mut usage: libc::rusage = std::mem::zeroed();
                (libc::getrusage(who, &raw mut usage) == 0).then_some(usage)
            }?;
            let max = u64::try_from(usage.ru_maxrss).ok()?;
            // Bytes on macOS, KiB elsewhere.
            Some(if cfg!(target_os = "macos") {
                max / 1024
            } else {
                max
            })
        }
        Some(PeakMemory {
            main_kb: max_rss_kb(libc::RUSAGE_SELF)?,
            worker_kb: max_rss_kb(libc::RUSAGE_CHILDREN)?,
        })
    }
    #[cfg(not(unix))]
    None
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A stand-in worker: a shell script that behaves badly.
    fn script(dir: &std::path::Path, body: &str) -> PathBuf {
        let path = dir.join("worker.sh");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn job(dir: &std::path::Path, index: usize) -> Job {
        Job {
            index,
            path: dir.join(format!("某局{index}.xlsx")),
            rel: format!("某局{index}.xlsx"),
            output: dir.join(format!("某局{index}_评分.xlsx")),
            output_rel: format!("某局{index}_评分.xlsx"),
        }
    }

    fn spec(exe: PathBuf, timeout: Duration) -> WorkerSpec {
        WorkerSpec {
            exe,
            config: None,
            profile: None,
            rubric: None,
            family: None,
            memory_mb: 256,
            timeout,
        }
    }

    /// Runs `n` jobs through one driver; each job's result, in job order,
    /// and how many results each job got.
    fn run_all(spec: &WorkerSpec, dir: &std::path::Path, n: usize) -> Vec<Result<String, String>> {
        let jobs: Vec<Job> = (0..n).map(|i| job(dir, i)).collect();
        let next = AtomicUsize::new(0);
        let mut results: Vec<Vec<Result<String, String>>> = vec![Vec::new(); n];
        drive(
            spec,
            &jobs,
            &next,
            1,
            &AtomicBool::new(false),
            |_| {},
            |i, reply| {
                let done = reply.parse(&jobs[i]);
                results[i].push(done.result.map(|_| String::new()));
            },
        );
        results
            .into_iter()
            .map(|mut r| {
                assert_eq!(r.len(), 1, "one result per job");
                r.remove(0)
            })
            .collect()
    }

    /// Answers the job line in `$line`: a failed job with the reason "好"
    /// (enough for the batch to tell it from a lost worker), under the
    /// job's own index.
    const ANSWER: &str = r#"i=$(printf '%s' "$line" | sed 's/^{"index":\([0-9]*\).*/\1/'); echo "{\"index\":$i,\"sha256\":null,\"millis\":0,\"result\":{\"Err\":\"好\"}}""#;

    /// A worker that dies (as calamine's abort kills it) costs its file
    /// only; the file queued behind it goes to a fresh worker.
    #[test]
    fn a_dying_worker_fails_its_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(dir.path(), "read line; kill -ABRT $$");
        let results = run_all(&spec(exe, Duration::from_secs(10)), dir.path(), 2);
        for r in results {
            assert!(r.unwrap_err().contains("处理进程意外退出"));
        }
        // Answers the first job, dies on the second: the third, queued
        // behind it, is answered by the next worker.
        let exe = script(
            dir.path(),
            &format!("read line; {ANSWER}; read line; kill -ABRT $$"),
        );
        let results = run_all(&spec(exe, Duration::from_secs(10)), dir.path(), 3);
        assert_eq!(results[0], Err("好".to_string()));
        assert!(
            results[1]
                .as_ref()
                .unwrap_err()
                .contains("处理进程意外退出")
        );
        assert_eq!(results[2], Err("好".to_string()));
    }

    /// An answer that names another job is a worker gone wrong: the job
    /// fails as if the worker had died, never credited with another's result.
    #[test]
    fn an_answer_for_another_job_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(
            dir.path(),
            r#"while read line; do echo '{"index":99,"sha256":null,"millis":0,"result":{"Err":"好"}}'; done"#,
        );
        let results = run_all(&spec(exe, Duration::from_secs(10)), dir.path(), 2);
        for r in results {
            assert!(r.unwrap_err().contains("处理进程意外退出"));
        }
    }

    /// A batch of as many files as workers gives each worker one: no
    /// driver queues a second job while another driver has none.
    #[test]
    fn a_small_batch_spreads_over_every_worker() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(
            dir.path(),
            &format!("while read line; do sleep 0.3; {ANSWER}; done"),
        );
        let spec = spec(exe, Duration::from_secs(10));
        let jobs: Vec<Job> = (0..3).map(|i| job(dir.path(), i)).collect();
        let next = AtomicUsize::new(0);
        let no_stop = AtomicBool::new(false);
        let counts: Vec<usize> = std::thread::scope(|scope| {
            let drivers: Vec<_> = (0..3)
                .map(|_| {
                    scope.spawn(|| {
                        let mut n = 0;
                        drive(&spec, &jobs, &next, 3, &no_stop, |_| {}, |_, _| n += 1);
                        n
                    })
                })
                .collect();
            drivers.into_iter().map(|d| d.join().unwrap()).collect()
        });
        assert_eq!(counts.iter().sum::<usize>(), 3);
        assert!(counts.iter().all(|n| *n == 1), "{counts:?}");
    }

    /// Jobs are queued ahead: every one is answered once, in any number.
    #[test]
    fn every_job_is_answered_once() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(dir.path(), &format!("while read line; do {ANSWER}; done"));
        let results = run_all(&spec(exe, Duration::from_secs(10)), dir.path(), 7);
        assert_eq!(results, vec![Err("好".to_string()); 7]);
    }

    /// A worker that hangs is stopped at the time limit, which runs from
    /// when it could start the job (not from when the job was queued).
    #[test]
    fn a_hanging_worker_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(dir.path(), "read line; sleep 30");
        let start = std::time::Instant::now();
        let results = run_all(&spec(exe, Duration::from_secs(1)), dir.path(), 1);
        assert!(start.elapsed() < Duration::from_secs(10));
        assert!(
            results[0]
                .as_ref()
                .unwrap_err()
                .contains("处理超过 1 秒仍未完成")
        );
        // Two jobs of 1.8 s each under a 3 s limit: the second was queued
        // at once, but its limit runs from the first one's answer, so both
        // finish (counted from when it was queued, the second would be
        // stopped at 3 s).
        let exe = script(
            dir.path(),
            &format!("while read line; do sleep 1.8; {ANSWER}; done"),
        );
        let results = run_all(&spec(exe, Duration::from_secs(3)), dir.path(), 2);
        assert_eq!(results, vec![Err("好".to_string()); 2]);
    }

    /// A script line that creates, beside job 0's output, the temp file a
    /// worker writing it would have (`.<name>.<pid>.<n>.tmp`).
    const HALF_WRITTEN: &str = r#"touch "$(dirname "$0")/.某局0_评分.xlsx.$$.0.tmp""#;

    fn temps(dir: &std::path::Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    /// Once the batch is asked to stop, a worker in the middle of a job is
    /// stopped at once, its half-written output goes, and no job gets a
    /// result (neither the one in progress nor those never started).
    #[test]
    fn a_stop_ends_the_worker_and_its_temp_file_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(dir.path(), &format!("read line; {HALF_WRITTEN}; sleep 30"));
        let spec = spec(exe, Duration::from_secs(60));
        let jobs: Vec<Job> = (0..3).map(|i| job(dir.path(), i)).collect();
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let mut results = 0;
        let start = Instant::now();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                // Until the worker has begun writing.
                while temps(dir.path()).is_empty() {
                    assert!(start.elapsed() < Duration::from_secs(20));
                    std::thread::sleep(Duration::from_millis(10));
                }
                stop.store(true, Ordering::SeqCst);
            });
            drive(&spec, &jobs, &next, 1, &stop, |_| {}, |_, _| results += 1);
        });
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(results, 0);
        assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
        // A stop set before any job: nothing is started at all.
        let started = AtomicUsize::new(0);
        drive(
            &spec,
            &jobs,
            &AtomicUsize::new(0),
            1,
            &AtomicBool::new(true),
            |_| {
                started.fetch_add(1, Ordering::SeqCst);
            },
            |_, _| results += 1,
        );
        assert_eq!((started.into_inner(), results), (0, 0));
    }

    /// A worker stopped after it answered jobs whose answers were not read
    /// yet gives those answers all the same: their workbooks are written.
    #[test]
    fn a_stopped_worker_gives_the_answers_it_had_written() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(
            dir.path(),
            &format!(
                r#"read line; {ANSWER}; read line; {ANSWER}; touch "$(dirname "$0")/answered"; sleep 30"#
            ),
        );
        let spec = spec(exe, Duration::from_secs(60));
        let jobs: Vec<Job> = (0..2).map(|i| job(dir.path(), i)).collect();
        let mut w = Worker::spawn(&spec).unwrap();
        for job in &jobs {
            w.send(&serde_json::to_string(job).unwrap()).unwrap();
        }
        let start = Instant::now();
        while !dir.path().join("answered").exists() {
            assert!(start.elapsed() < Duration::from_secs(20));
            std::thread::sleep(Duration::from_millis(10));
        }
        let left = w.stop(jobs.iter().map(|j| j.output.as_path()));
        assert!(start.elapsed() < Duration::from_secs(10));
        assert_eq!(left.len(), 2, "{left:?}");
        for (i, line) in left.into_iter().enumerate() {
            let done = Reply::Line(line).parse(&jobs[i]);
            assert_eq!(done.result.err().as_deref(), Some("好"));
        }
    }

    /// A worker stopped at the time limit leaves no temp file either.
    #[test]
    fn a_timed_out_worker_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(dir.path(), &format!("read line; {HALF_WRITTEN}; sleep 30"));
        let results = run_all(&spec(exe, Duration::from_secs(1)), dir.path(), 1);
        assert!(results[0].as_ref().unwrap_err().contains("处理超过 1 秒"));
        assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    }
}

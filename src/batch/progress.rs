//! Progress of a batch on the terminal: a bar with counts, the current file
//! and the elapsed time when stderr is a terminal, one plain line per file
//! otherwise (logs, schedulers), nothing with `--quiet`. Besides `main.rs`,
//! the only place that prints.
#![allow(clippy::print_stderr)]

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// How progress is shown.
pub enum Progress {
    Bar(ProgressBar),
    Lines { total: usize, done: AtomicUsize },
    Quiet,
}

impl Progress {
    /// A bar on a terminal, lines otherwise, or nothing.
    pub fn new(total: usize, quiet: bool) -> Progress {
        if quiet {
            return Progress::Quiet;
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} 已用 {elapsed_precise}  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            Progress::Bar(bar)
        } else {
            Progress::Lines {
                total,
                done: AtomicUsize::new(0),
            }
        }
    }

    /// A file has been taken up.
    pub fn started(&self, rel: &str) {
        if let Progress::Bar(bar) = self {
            bar.set_message(crate::base::text::printable(rel));
        }
    }

    /// A file is done; `failure` is the reason when it failed.
    pub fn finished(&self, rel: &str, failure: Option<&str>) {
        match self {
            Progress::Bar(bar) => {
                if let Some(why) = failure {
                    bar.println(format!(
                        "未能评分：{}：{}",
                        crate::base::text::printable(rel),
                        crate::base::text::printable(why)
                    ));
                }
                bar.inc(1);
            }
            Progress::Lines { total, done } => {
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                let rel = crate::base::text::printable(rel);
                match failure {
                    None => eprintln!("[{n}/{total}] {rel}"),
                    Some(why) => eprintln!(
                        "[{n}/{total}] {rel}：未能评分：{}",
                        crate::base::text::printable(why)
                    ),
                }
            }
            Progress::Quiet => {}
        }
    }

    /// The run is over.
    pub fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

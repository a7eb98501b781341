//! The `jixiao` binary: parse the command line, run, print, exit 0/1/2.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use jixiao::base::text::printable;
use jixiao::cli::Cli;
use jixiao::commands::console::{self, Console};

/// Set this to see a panic's details (for developers).
const DEBUG_ENV: &str = "JIXIAO_DEBUG";

/// Writes to stderr, ignoring a closed pipe (`eprint!` would panic).
fn to_stderr(text: &str) {
    let _ = std::io::stderr().write_all(printable(text).as_bytes());
}

fn main() -> ExitCode {
    // UTF-8 console output for the run (Windows); restored when it drops.
    let console = Console::open();
    let (code, no_command) = run();
    // Double-clicked or dropped onto in Explorer: keep the window open.
    if console.should_pause(no_command) {
        to_stderr(console::PAUSE_PROMPT);
        console::wait_for_key();
    }
    code
}

/// Parses and runs; also says whether no command was given (the form
/// Explorer starts: a double-click or a drop).
fn run() -> (ExitCode, bool) {
    // Panics the library catches (a reader that fails on one workbook) are
    // outcomes, not crashes: print nothing for them. One that escapes is
    // reported below in one Chinese line; details only with JIXIAO_DEBUG.
    let debug = std::env::var_os(DEBUG_ENV).is_some();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if debug {
            default_hook(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = std::io::stdout().write_all(e.render().to_string().as_bytes());
            return (ExitCode::SUCCESS, false);
        }
        Err(e) => {
            to_stderr(&jixiao::cli::describe_usage_error(&e));
            return (ExitCode::from(2), false);
        }
    };
    let no_command = cli.command.is_none();
    let code = match catch_unwind(AssertUnwindSafe(|| jixiao::run(&cli))) {
        Ok(Ok(outcome)) => {
            // A closed pipe (e.g. `| head`) is not an error.
            let _ = std::io::stdout().write_all(printable(&outcome.stdout).as_bytes());
            to_stderr(&outcome.stderr);
            ExitCode::from(outcome.exit_status().code())
        }
        Ok(Err(e)) => {
            to_stderr(&format!("错误：{e}\n"));
            ExitCode::from(e.exit_status().code())
        }
        Err(_) => {
            to_stderr(&format!(
                "错误：jixiao 内部错误，已停止。请把所用文件和命令反馈给开发者（设置环境变量 {DEBUG_ENV}=1 可显示详细信息）。\n"
            ));
            ExitCode::from(2)
        }
    };
    (code, no_command)
}

//! The `jixiao` binary: parse the command line, run, print, exit 0/1/2.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use jixiao::cli::Cli;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!(
                "错误：命令行参数有误。运行 jixiao --help 查看用法。\n{}",
                e.render()
            );
            return ExitCode::from(2);
        }
    };
    match jixiao::run(&cli) {
        Ok(outcome) => {
            // A closed pipe (e.g. `| head`) is not an error.
            let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
            eprint!("{}", outcome.stderr);
            ExitCode::from(outcome.exit_status().code())
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(e.exit_status().code())
        }
    }
}

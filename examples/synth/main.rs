//! Generates N varied department workbooks for the batch benchmark
//! (`bench/run.sh`, docs/性能.md):
//!
//! ```text
//! cargo run --release --example synth -- --departments N --out DIR
//! ```
//!
//! writes `DIR/部门00001.xlsx` … `部门NNNNN.xlsx`: the four sample
//! departments in turn, figures scaled by the department's number, with
//! the label wordings, money units (万元/元) and 三公经费 layouts (long or
//! wide) varied (see `departments::synth_workbook`). The same N always
//! gives byte-identical files; every one of them scores.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::path::PathBuf;

#[path = "../departments/mod.rs"]
mod departments;

const USAGE: &str = "usage: synth --departments N --out DIR";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut count = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--departments", Some(n)) => match n.parse::<usize>() {
                Ok(n) if n > 0 => count = Some(n),
                _ => {
                    eprintln!("--departments N: N must be a whole number ≥ 1, got {n:?}\n{USAGE}");
                    std::process::exit(2)
                }
            },
            ("--out", Some(dir)) => out = Some(PathBuf::from(dir)),
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2)
            }
        }
    }
    let (Some(count), Some(out)) = (count, out) else {
        eprintln!("{USAGE}");
        std::process::exit(2)
    };
    departments::write_synth(count, &out)?;
    println!("{count} departments in {}", out.display());
    Ok(())
}

//! Rebuilds `sample_workbooks/`: four department workbooks in the standard
//! template and the seed localities' rubrics.
//!
//! Run with `cargo run --example make_samples`. Figures from the seed
//! documents are marked as such in each workbook's 说明 sheet; the others
//! are plausible values chosen for the sample, and are said to be.
//!
//! `cargo run --release --example make_samples -- --bench N DIR` instead
//! writes N workbooks `DIR/基准单位001.xlsx`… for timing runs (see
//! `docs/benchmark.md`): the four samples in turn, their figures scaled by a
//! fixed formula of the index, so the same N always gives the same files.
// A developer tool over fixed sample figures: a bad constant may panic.
#![allow(clippy::expect_used, clippy::unwrap_used)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::path::Path;

use jixiao::rubric::default::default_rubric;

#[path = "../departments/mod.rs"]
mod departments;

use departments::{rubrics, sample_workbook, write_bench};

/// Writes `sample_workbooks/`.
fn samples() -> Result<(), Box<dyn Error>> {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_workbooks");
    std::fs::create_dir_all(out.join("rubrics"))?;
    let rubric = default_rubric();
    for sample in departments::bases() {
        let bytes = sample_workbook(&sample, &rubric)?;
        std::fs::write(out.join(sample.file), bytes)?;
        println!("sample_workbooks/{}", sample.file);
    }
    for (name, bytes) in rubrics::all()? {
        std::fs::write(out.join("rubrics").join(&name), bytes)?;
        println!("sample_workbooks/rubrics/{name}");
    }
    // The 考核 family (seed 001): its rubric and two departments.
    let (departments, (name, bytes)) = departments::kaohe::all()?;
    std::fs::write(out.join("rubrics").join(&name), bytes)?;
    println!("sample_workbooks/rubrics/{name}");
    for (name, bytes) in departments {
        std::fs::write(out.join(&name), bytes)?;
        println!("sample_workbooks/{name}");
    }
    // The 项目 family (seed 002): the 附件4-2 rubric and the 云溪 project.
    let name = departments::xiangmu::RUBRIC_FILE;
    std::fs::write(
        out.join("rubrics").join(name),
        departments::xiangmu::rubric_workbook()?,
    )?;
    println!("sample_workbooks/rubrics/{name}");
    let name = departments::xiangmu::FILE;
    std::fs::write(out.join(name), departments::xiangmu::project_workbook()?)?;
    println!("sample_workbooks/{name}");
    Ok(())
}

/// Writes `count` bench workbooks `基准单位001.xlsx`… into `dir`.
fn bench(count: usize, dir: &Path) -> Result<(), Box<dyn Error>> {
    write_bench(count, dir)?;
    println!("{count} bench workbooks in {}", dir.display());
    Ok(())
}

const USAGE: &str = "usage: make_samples                 rebuild sample_workbooks/
       make_samples --bench N DIR   write N bench workbooks into DIR";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => samples(),
        [flag, count, dir] if flag == "--bench" => match count.parse::<usize>() {
            Ok(count) if count > 0 => bench(count, Path::new(dir)),
            _ => {
                eprintln!("--bench N: N must be a whole number ≥ 1, got {count:?}\n{USAGE}");
                std::process::exit(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2)
        }
    }
}

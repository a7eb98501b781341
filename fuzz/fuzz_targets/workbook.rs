//! Fuzz target for the whole `score` pipeline from workbook bytes (issue 11):
//! bytes → file → grid (with its limits) → facts → metrics → rubric →
//! scorecard → scored workbook. Seeded with the sample workbooks (see
//! fuzz/README.md); libFuzzer mutates their zip members and XML.
//! Checked: no panic in jixiao's code (a panic inside a dependency, which
//! jixiao catches by design and reports as a corrupt file, is not a crash:
//! calamine panics on some malformed .xls, NOTES-ecosystem §1.7); no
//! department fails with an internal error; every score is within [0, 分值].

#![no_main]

use jixiao::config::Settings;
use jixiao::grid::read_workbook;
use jixiao::pipeline::{department_rubric, score_one};
use jixiao::report::scored::{ScoredReport, build};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic, even a caught one. Keep that
        // for panics in jixiao's own code; a dependency's panic is caught by
        // `grid` and becomes GridError::Corrupt.
        // libfuzzer-sys's own hook aborts: drop it, keep the standard one
        // for printing.
        drop(std::panic::take_hook());
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            default(info);
            let in_dependency = info
                .location()
                .is_some_and(|l| l.file().contains(".cargo/registry"));
            if !in_dependency {
                std::process::abort();
            }
        }));
    },
    |data: &[u8]| {
    thread_local! {
        static SETTINGS: Settings = Settings::default();
        static DIR: tempfile::TempDir = tempfile::tempdir().expect("temp dir");
    }
    let path = DIR.with(|d| d.path().join("某局.xlsx"));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(wb) = read_workbook(&path) else {
        return;
    };
    SETTINGS.with(|settings| {
        let rubric = department_rubric(&wb, settings);
        let scored = match score_one(&wb, &rubric, settings) {
            Ok(scored) => scored,
            Err(e @ jixiao::pipeline::DeptError::Internal { .. }) => panic!("{e}"),
            Err(_) => return,
        };
        for row in &scored.card.rows {
            if let Some(score) = row.score {
                assert!(score >= Decimal::ZERO && score <= row.max, "{}", row.name);
            }
        }
        let data = scored.data_lines();
        let _ = build(&ScoredReport {
            card: &scored.card,
            metrics: &scored.metrics,
            facts: &scored.facts,
            rubric: &rubric,
            data: &data,
        });
    });
    }
);

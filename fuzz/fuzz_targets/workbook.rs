//! Fuzz target for the whole `score` pipeline from workbook bytes (issue 11):
//! bytes → file → grid (with its limits) → facts → metrics → rubric →
//! scorecard → scored workbook. Seeded with the sample workbooks (see
//! fuzz/README.md); libFuzzer mutates their zip members and XML.
//! Checked: no panic; every score is within [0, 分值].

#![no_main]

use jixiao::config::Settings;
use jixiao::grid::read_workbook;
use jixiao::pipeline::{department_rubric, score_one};
use jixiao::report::scored::{ScoredReport, build};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
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
        let Ok(scored) = score_one(&wb, &rubric, settings) else {
            return;
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
});

//! jixiao scores a department's 部门整体支出绩效评价 from its own budget
//! workbook.
//!
//! Data flows one way (DESIGN §4):
//!
//! ```text
//! file ─grid→ cells ─facts→ labelled values ─metrics→ rates with traces
//!                                                        │
//! rubric workbook or default ─rubric/rules→ rows+rules ──┴─score→ scorecard ─report→ .xlsx / JSON
//! ```
//!
//! Only [`grid`] reads files and only [`report`] writes them; every stage in
//! between is a pure function.

pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod facts;
pub mod fmt;
pub mod grid;
pub mod metrics;
pub mod report;
pub mod rubric;
pub mod rules;
pub mod score;

use cli::{Cli, Command};
pub use error::{Error, ExitStatus};

/// Runs a parsed command line.
///
/// # Errors
/// Any error that stops the command; its [`Error::exit_status`] gives the exit code.
pub fn run(cli: &Cli) -> Result<commands::Outcome, Error> {
    match &cli.command {
        Command::Score(a) => commands::score::run(a),
        Command::Check(a) => commands::check::run(a),
        Command::Template(a) => commands::template::run(a),
        Command::Rule(a) => commands::rule::run(a),
    }
}

/// The docs list every metric and every default-rubric row (they must not drift).
#[cfg(test)]
mod doc_tests {
    #[test]
    fn metric_catalogue_is_documented() {
        let doc = include_str!("../docs/指标目录.md");
        for m in crate::metrics::METRICS {
            assert!(
                doc.contains(&format!("`{}`", m.key)),
                "docs/指标目录.md lacks {}",
                m.key
            );
            assert!(doc.contains(m.name), "docs/指标目录.md lacks {}", m.name);
        }
    }

    #[test]
    fn default_rubric_is_documented() {
        let doc = include_str!("../docs/默认评分表.md");
        for row in crate::rubric::default::default_rubric().rows {
            let line = format!(
                "| {} | {} | {} | {} |",
                row.level1, row.level2, row.name, row.max
            );
            assert!(doc.contains(&line), "docs/默认评分表.md lacks {line}");
        }
    }
}

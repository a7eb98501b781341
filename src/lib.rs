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

pub mod base;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod facts;
pub mod family;
// Readers of untrusted bytes: no arithmetic that can overflow or panic
// (issue 11); tests are exempt.
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod grid;
pub mod metrics;
pub mod pipeline;
pub mod profile;
pub mod readback;
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
        Some(Command::Score(a)) => commands::score::run(a),
        Some(Command::Batch(a)) => commands::batch::run(a),
        Some(Command::Aggregate(a)) => commands::aggregate::run(a),
        Some(Command::Check(a)) => commands::check::run(a),
        Some(Command::Template(a)) => commands::template::run(a),
        Some(Command::Rule(a)) => commands::rule::run(a),
        Some(Command::Worker(a)) => commands::worker::run(a),
        None => commands::inputs::run(&cli.inputs),
    }
}

/// Data flows one way (DESIGN §4): a module may import only from modules
/// at its own rank or below. The ranks are the pipeline's order; `base` is
/// the leaf. A strict order between top-level modules also rules out import
/// cycles between them (issue 6).
#[cfg(test)]
mod layering {
    use std::path::Path;

    /// Top-level modules in data-flow order, with what each may import.
    const RANKS: &[(&str, u8)] = &[
        ("base", 0),
        ("profile", 1),
        ("grid", 2),
        ("facts", 3),
        ("metrics", 4),
        ("rules", 5),
        ("config", 6),
        ("rubric", 7),
        ("family", 7),
        ("score", 8),
        ("report", 9),
        // Reads scored workbooks back (it opens files, as `grid` does).
        ("readback", 10),
        ("pipeline", 11),
        ("batch", 12),
        ("error", 13),
        ("cli", 14),
        ("commands", 15),
        ("lib", 16),
    ];

    fn rank(module: &str) -> Option<u8> {
        RANKS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
    }

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    fn ident(text: &str) -> String {
        text.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    }

    /// Every `crate::x` a file names, outside comments.
    fn imports(text: &str) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(i) = rest.find("crate::") {
                let after = &rest[i + "crate::".len()..];
                if let Some(group) = after.strip_prefix('{') {
                    // `use crate::{grid::Sheet, score::Scorecard};`
                    let inner = group.split('}').next().unwrap_or("");
                    for part in inner.split(',') {
                        found.push((n + 1, ident(part.trim())));
                    }
                } else {
                    let name = ident(after);
                    if !name.is_empty() {
                        found.push((n + 1, name));
                    }
                }
                rest = after;
            }
        }
        found
    }

    #[test]
    fn no_import_runs_against_the_data_flow() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files.sort();
        assert!(files.len() > 20, "found only {} files", files.len());
        let mut wrong = Vec::new();
        for file in &files {
            let rel = file.strip_prefix(&src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = top.trim_end_matches(".rs");
            if module == "main" {
                continue;
            }
            let Some(own) = rank(module) else {
                wrong.push(format!("{}: module `{module}` has no rank", rel.display()));
                continue;
            };
            let text = std::fs::read_to_string(file).unwrap();
            for (line, target) in imports(&text) {
                match rank(&target) {
                    Some(r) if r <= own => {}
                    Some(_) => wrong.push(format!(
                        "{}:{line}: `{module}` imports `{target}`, a later stage",
                        rel.display()
                    )),
                    None => wrong.push(format!(
                        "{}:{line}: `{target}` (after `crate::`) is not a ranked module",
                        rel.display()
                    )),
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "imports against the flow:\n{}",
            wrong.join("\n")
        );
    }
}

/// The docs list every metric and every default-rubric row (they must not drift).
#[cfg(test)]
mod doc_tests {
    #[test]
    fn metric_catalogue_is_documented() {
        let doc = include_str!("../docs/指标目录.md");
        let profile = crate::profile::Profile::builtin();
        for m in crate::metrics::METRICS {
            assert!(
                doc.contains(&format!("`{}`", m.key)),
                "docs/指标目录.md lacks {}",
                m.key
            );
            let name = &profile.metric(m.key).expect("named in the profile").name;
            assert!(doc.contains(name.as_str()), "docs/指标目录.md lacks {name}");
        }
    }

    /// Every metric's basis choices are in docs/指标目录.md's table: its
    /// config key and each basis it allows, quoted as the config writes it.
    #[test]
    fn metric_bases_are_documented() {
        let doc = include_str!("../docs/指标目录.md");
        for m in crate::metrics::METRICS {
            let bases = crate::metrics::basis::allowed(m.id);
            if bases.len() < 2 {
                continue;
            }
            let line = doc
                .lines()
                .find(|l| l.contains(&format!("`[metrics.{}]`", m.key)))
                .unwrap_or_else(|| panic!("docs/指标目录.md lacks [metrics.{}]", m.key));
            for b in bases {
                assert!(
                    line.contains(&format!("\"{}\"", b.label())),
                    "{}: {line}",
                    m.key
                );
            }
        }
    }

    #[test]
    fn profile_codes_are_documented() {
        let doc = include_str!("../docs/标签配置.md");
        for spec in crate::profile::Profile::builtin().facts() {
            let code = serde_json::to_value(spec.id).unwrap();
            let line = format!("| `{}` | {} |", code.as_str().unwrap(), spec.name);
            assert!(doc.contains(&line), "docs/标签配置.md lacks {line}");
        }
        for role in [
            "level3",
            "content",
            "standard",
            "standard-or-content",
            "rule",
            "max",
            "self-score",
            "review",
            "reason",
        ] {
            assert!(
                doc.contains(&format!("| `{role}` |")),
                "docs/标签配置.md lacks {role}"
            );
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

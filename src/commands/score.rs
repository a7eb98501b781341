//! `jixiao score`: one department, end to end.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::ScoreArgs;
use crate::config::Settings;
use crate::error::{Error, ExitStatus};
use crate::grid::{Workbook, read_workbook};
use crate::pipeline;
use crate::report::atomic::{check_output, write_atomic, write_new};
use crate::report::scored::{ScoredReport, build};
use crate::rubric::{self, Rubric};
use crate::score::{Scorecard, explain};

/// `某局2024.xlsx` → `某局2024_评分.xlsx` beside it.
pub fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "输出".into(), |s| s.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}_评分.xlsx"))
}

/// Everything one scoring run produced, for `score` and for tests.
pub struct ScoredFile {
    pub card: Scorecard,
    pub bytes: Vec<u8>,
}

/// The rubric given with `--rubric`, read once.
///
/// # Errors
/// When the rubric file cannot be read or holds no rubric.
pub fn load_rubric(path: Option<&Path>, settings: &Settings) -> Result<Option<Rubric>, Error> {
    Ok(path.map(|p| rubric::build::load(p, settings)).transpose()?)
}

/// Scores and renders one department (no file is written). Without a
/// rubric, the department's own 评分表 or the default is used.
///
/// # Errors
/// When the department cannot be scored or rendered.
pub fn score_workbook(
    wb: &Workbook,
    rubric: Option<&Rubric>,
    settings: &Settings,
) -> Result<ScoredFile, Error> {
    let own;
    let rubric = match rubric {
        Some(r) => r,
        None => {
            own = pipeline::department_rubric(wb, settings);
            &own
        }
    };
    let scored = pipeline::score_one(wb, rubric, settings)?.require_data()?;
    let data = scored.data_lines();
    let bytes = build(&ScoredReport {
        card: &scored.card,
        metrics: &scored.metrics,
        facts: &scored.facts,
        rubric,
        data: &data,
        sources: &crate::score::summary::rows_sources(&scored.card, Some(&scored.metrics)),
    })
    .map_err(crate::report::ReportError::from)?;
    Ok(ScoredFile {
        card: scored.card,
        bytes,
    })
}

/// Runs `jixiao score`.
///
/// # Errors
/// See [`score_workbook`]; also when the input cannot be read or the
/// output cannot be written.
pub fn run(args: &ScoreArgs) -> Result<Outcome, Error> {
    let family = super::family_arg(args.family.as_deref())?;
    let out_path = args
        .out
        .clone()
        .unwrap_or_else(|| default_output(&args.input));
    let mut inputs = vec![args.input.as_path()];
    if let Some(r) = &args.rubric {
        inputs.push(r.as_path());
    }
    let mut settings = match &args.config {
        Some(p) => crate::config::load(p)?,
        None => Settings::default(),
    };
    // `--profile` adds to the config's `profile =`.
    if let Some(p) = &args.profile {
        settings.profile.extend_from_file(p)?;
    }
    check_output(&out_path, &inputs, args.force)?;
    // The department first, then the rubric: an unreadable input is this
    // department's failure (exit 1) whatever the rubric (as before issue 6).
    let wb = read_workbook(&args.input)?;
    settings.family = family.or(settings.family);
    let rubric = super::with_family(load_rubric(args.rubric.as_deref(), &settings)?, family);
    let scored = score_workbook(&wb, rubric.as_ref(), &settings)?;
    // Without --force the write itself refuses an existing file, so two
    // runs racing for the same output cannot both write it.
    if args.force {
        write_atomic(&out_path, &scored.bytes)?;
    } else {
        write_new(&out_path, &scored.bytes)?;
    }
    let card = &scored.card;
    let mut err = String::new();
    let _ = writeln!(
        err,
        "已生成「{}」\n{}：{}\n得分构成：{}（满分 {} 分）",
        out_path.display(),
        card.department,
        card.headline,
        explain::split_text(&card.split),
        crate::base::format::score(card.max_total),
    );
    if let Some(s) = card.self_total {
        let _ = writeln!(
            err,
            "单位自评总分 {} 分，差异 {} 分",
            crate::base::format::score(s),
            explain::difference(s, card.total)
        );
    }
    if !card.warnings.is_empty() {
        let _ = writeln!(err, "提示（{} 条）：", card.warnings.len());
        for w in &card.warnings {
            let _ = writeln!(err, "  · {w}");
        }
    }
    let stdout = if args.json {
        serde_json::to_string_pretty(card).unwrap_or_default() + "\n"
    } else {
        String::new()
    };
    Ok(Outcome {
        status: Some(ExitStatus::Success),
        stdout,
        stderr: err,
    })
}

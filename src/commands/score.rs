//! `jixiao score`: one department, end to end.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::ScoreArgs;
use crate::config::Settings;
use crate::error::{Error, ExitStatus};
use crate::facts::extract;
use crate::grid::read_workbook;
use crate::metrics::evaluate;
use crate::report::atomic::{check_output, write_atomic};
use crate::report::scored::{ScoredReport, build};
use crate::rubric::matching;
use crate::rubric::{self, Rubric};
use crate::score::{Scorecard, score};

/// `某局2024.xlsx` → `某局2024_评分.xlsx` beside it.
pub fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "输出".into(), |s| s.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}_评分.xlsx"))
}

/// Everything one scoring run produced, for `score` and for tests.
pub struct Scored {
    pub card: Scorecard,
    pub bytes: Vec<u8>,
}

/// Reads, scores and renders one department (no file is written).
///
/// # Errors
/// When the department workbook or the rubric cannot be read.
pub fn score_department(
    input: &Path,
    rubric_path: Option<&Path>,
    settings: &Settings,
) -> Result<Scored, Error> {
    let wb = read_workbook(input)?;
    let (rubric, notes) = choose_rubric(&wb, rubric_path, settings)?;
    let facts = extract(&wb, &settings.profile);
    let metrics = evaluate(&facts, &settings.profile);
    let mut card = score(&rubric, &facts, &metrics, &settings.grades);
    card.warnings.splice(0..0, notes);
    let bytes = build(&ScoredReport {
        card: &card,
        metrics: &metrics,
        facts: &facts,
        rubric: &rubric,
    })
    .map_err(crate::report::ReportError::from)?;
    Ok(Scored { card, bytes })
}

/// The rubric, in order: `--rubric`, the workbook's own 评分表 sheet, the
/// built-in default. With `--rubric`, the department's own 评分表 (when it
/// carries 自评得分) supplies the self-scores instead of the rubric file's.
fn choose_rubric(
    wb: &crate::grid::Workbook,
    rubric_path: Option<&Path>,
    settings: &Settings,
) -> Result<(Rubric, Vec<String>), Error> {
    let Some(path) = rubric_path else {
        if let Some(found) = rubric::build::from_department(wb, settings) {
            return Ok(found);
        }
        let mut notes = Vec::new();
        if let Some(sheet) = rubric::read::rubric_sheets(wb).next()
            && let Err(e) = rubric::read::read_table(wb, sheet, &settings.profile)
        {
            notes.push(format!(
                "部门数据中的「{}」工作表未能作为评分表读取（{e}），已改用内置默认评分表",
                sheet.name
            ));
        }
        return Ok((rubric::build::default_with(settings), notes));
    };
    let (mut rubric, mut notes) = rubric::build::load(path, settings)?;
    let own = rubric::read::find_table(wb, &settings.profile)
        .filter(|t| t.rows.iter().any(|r| r.self_score.is_some()));
    if let Some(table) = own {
        for row in &mut rubric.rows {
            row.self_score = None;
        }
        let unplaced = matching::attach_self_scores(&mut rubric, &table, &settings.profile);
        notes.push(format!("自评得分取自部门数据中的「{}」工作表", table.sheet));
        if !unplaced.is_empty() {
            notes.push(format!(
                "部门评分表中以下指标在所用评分表里没有对应行，其自评得分未采用：{}",
                unplaced.join("、")
            ));
        }
    } else if rubric.rows.iter().any(|r| r.self_score.is_some()) {
        notes.push(format!("自评得分取自评分表文件「{}」", rubric.source));
    }
    Ok((rubric, notes))
}

/// Runs `jixiao score`.
///
/// # Errors
/// See [`score_department`]; also when the output cannot be written.
pub fn run(args: &ScoreArgs) -> Result<Outcome, Error> {
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
    let scored = score_department(&args.input, args.rubric.as_deref(), &settings)?;
    write_atomic(&out_path, &scored.bytes)?;
    let card = &scored.card;
    let mut err = String::new();
    let _ = writeln!(
        err,
        "已生成「{}」\n{}：总分 {} 分（满分 {}），等级 {}",
        out_path.display(),
        card.department,
        crate::base::format::score(card.total),
        crate::base::format::score(card.max_total),
        card.grade_label()
    );
    if let Some(s) = card.self_total {
        let _ = writeln!(
            err,
            "单位自评总分 {} 分，差异 {} 分",
            crate::base::format::score(s),
            crate::base::format::score(s - card.total)
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

//! `jixiao check`: lists every fact found (value, unit, source cell) and every
//! one missing with the labels tried. Writes nothing.

use std::fmt::Write as _;

use super::Outcome;
use crate::base::Warning;
use crate::cli::CheckArgs;
use crate::config::Settings;
use crate::error::Error;
use crate::facts::{FactOutcome, FactView};
use crate::grid::read_workbook;
use crate::metrics::{METRICS, MetricValue};
use crate::pipeline::{self, Scored};

/// Runs `jixiao check`.
///
/// # Errors
/// When the label profile or the workbook cannot be read.
pub fn run(args: &CheckArgs) -> Result<Outcome, Error> {
    let family = super::family_arg(args.family.as_deref())?;
    // As `score` reads them: the configuration's profile and family, the
    // flags adding to or overriding them.
    let mut settings = match &args.config {
        Some(p) => crate::config::load(p)?,
        None => Settings::default(),
    };
    if let Some(p) = &args.profile {
        settings.profile.extend_from_file(p)?;
    }
    settings.family = family.or(settings.family);
    let wb = read_workbook(&args.input)?;
    let rubric = pipeline::department_rubric(&wb, &settings);
    let scored = pipeline::score_one(&wb, &rubric, &settings)?;
    // The list is printed either way: it shows what was tried.
    let no_data = scored.ensure_data().err();
    if let (Some(family_facts), Ok(spec)) = (&scored.family_facts, crate::family::kaohe_spec()) {
        return Ok(family_check(
            &wb.file_name,
            &scored,
            family_facts,
            spec,
            no_data,
        ));
    }
    if let (Some(project), Ok(spec)) = (&scored.project, crate::family::xiangmu::spec()) {
        return Ok(project_check(
            &wb.file_name,
            &scored,
            project,
            spec,
            no_data,
        ));
    }
    let Scored { facts, metrics, .. } = scored;
    let mut out = String::new();
    let _ = writeln!(out, "文件：{}", wb.file_name);
    let _ = writeln!(
        out,
        "单位名称：{}",
        facts.department.as_deref().unwrap_or("（未找到）")
    );
    let _ = writeln!(
        out,
        "评价年度：{}",
        facts
            .year
            .map_or("（未找到）".to_string(), |y| y.to_string())
    );
    let found = facts
        .items
        .values()
        .filter(|o| matches!(o, FactOutcome::Found(_)))
        .count();
    let _ = writeln!(
        out,
        "\n一、读取到的数据（{found}/{} 项）",
        settings.profile.facts().len()
    );
    let mut missing = Vec::new();
    for spec in settings.profile.facts() {
        let Some(outcome) = facts.items.get(&spec.id) else {
            continue;
        };
        let FactView {
            shown,
            source,
            converted,
            note,
        } = outcome.view(spec.kind);
        if let FactOutcome::Found(_) = outcome {
            let conv = if converted == shown {
                String::new()
            } else {
                format!("（折合 {converted}）")
            };
            let note = if note.is_empty() {
                String::new()
            } else {
                format!("  注：{note}")
            };
            let _ = writeln!(out, "  {}：{shown}{conv}  来源 {source}{note}", spec.name);
        } else {
            missing.push((spec.name.as_str(), source, note));
        }
    }
    let _ = writeln!(out, "\n二、缺少或无法使用的数据（{} 项）", missing.len());
    for (name, source, note) in &missing {
        let at = if source.is_empty() {
            String::new()
        } else {
            format!("（{source}）")
        };
        let _ = writeln!(out, "  {name}{at}：{note}");
    }
    let _ = writeln!(out, "\n三、可计算的指标");
    for spec in METRICS {
        let label = metrics.label(spec.id);
        match metrics.get(spec.id) {
            Some(MetricValue::Computed { trace, .. }) => {
                let mut notes = Vec::new();
                if let Some(f) = &trace.fallback {
                    notes.push(format!("参考：{}", f.note(trace.basis)));
                }
                if !trace.implausible.is_empty() {
                    notes.push("数值存疑，见提示".to_string());
                }
                let notes = if notes.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", notes.join("；"))
                };
                let _ = writeln!(out, "  {label}：{}{notes}", metrics.display(spec.id));
            }
            Some(MetricValue::NotComputable { reason, .. }) => {
                let _ = writeln!(out, "  {label}：无法计算（{reason}）");
            }
            None => {}
        }
    }
    let warnings: Vec<&Warning> = facts.warnings.iter().chain(&metrics.warnings).collect();
    if !warnings.is_empty() {
        let _ = writeln!(out, "\n四、提示");
        for w in warnings {
            let _ = writeln!(out, "  · {w}");
        }
    }
    let misses = crate::facts::near::near_misses(&wb, &settings.profile, &facts);
    if !misses.is_empty() {
        let _ = writeln!(
            out,
            "\n五、相近的标签（可能是未识别的写法：如确为该项，把所示两行加入标签配置文件，用 --profile 指定，见 docs/标签配置.md）"
        );
        for m in &misses {
            let _ = writeln!(
                out,
                "  {} ← {}「{}」（与「{}」相近）",
                facts.name(m.fact),
                m.at.cell(),
                crate::base::text::cut(&m.text, 40),
                m.like
            );
            for line in m.profile_lines().lines() {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    Ok(finish(out, no_data))
}

/// `check` for a family with its own facts (考核): every fact with its
/// value and cell, or why it is missing, and how each row would be scored.
fn family_check(
    file: &str,
    scored: &Scored,
    family_facts: &crate::family::facts::FamilyFacts,
    spec: &crate::family::Spec,
    no_data: Option<crate::pipeline::DeptError>,
) -> Outcome {
    use crate::family::facts::FamilyOutcome;
    let mut out = String::new();
    let _ = writeln!(out, "文件：{file}");
    let _ = writeln!(out, "评分表类型：{}", spec.name);
    let _ = writeln!(
        out,
        "单位名称：{}",
        scored.facts.department.as_deref().unwrap_or("（未找到）")
    );
    let _ = writeln!(
        out,
        "评价年度：{}",
        scored
            .facts
            .year
            .map_or("（未找到）".to_string(), |y| y.to_string())
    );
    let found = family_facts
        .items
        .values()
        .filter(|o| matches!(o, FamilyOutcome::Found(_)))
        .count();
    let _ = writeln!(out, "\n一、读取到的数据（{found}/{} 项）", spec.facts.len());
    let mut missing = Vec::new();
    for f in &spec.facts {
        match family_facts.items.get(&f.code) {
            Some(FamilyOutcome::Found(v)) => {
                let _ = writeln!(out, "  {}：{}  来源 {}", f.name, v.shown, v.source);
            }
            _ => missing.push(family_facts.why_missing(&f.code, &f.name)),
        }
    }
    let _ = writeln!(out, "\n二、缺少或无法使用的数据（{} 项）", missing.len());
    for m in &missing {
        let _ = writeln!(out, "  {m}");
    }
    rows_section(&mut out, &scored.card, |row| &row.level1);
    finish(out, no_data)
}

/// `check` for a 项目 workbook: the project's information, its funds, its
/// targets, and how each row would be scored.
fn project_check(
    file: &str,
    scored: &Scored,
    project: &crate::family::xiangmu::ProjectData,
    spec: &crate::family::xiangmu::XiangmuSpec,
    no_data: Option<crate::pipeline::DeptError>,
) -> Outcome {
    let mut out = String::new();
    let _ = writeln!(out, "文件：{file}");
    let _ = writeln!(out, "评分表类型：{}", spec.name);
    for label in &spec.info {
        let _ = writeln!(
            out,
            "{label}：{}",
            project.info(label).unwrap_or("（未找到）")
        );
    }
    let _ = writeln!(out, "\n一、项目资金（万元）");
    if project.funds.is_empty() {
        let _ = writeln!(
            out,
            "  （未找到：需要表头含“{}”的表格）",
            spec.funds_columns.join("”“")
        );
    }
    for ((column, row), a) in &project.funds {
        let _ = writeln!(
            out,
            "  {row} {column}：{}  来源 {}",
            crate::base::format::num(a.value),
            a.source
        );
    }
    let _ = writeln!(out, "\n二、绩效目标（{} 项）", project.targets.len());
    for t in &project.targets {
        let _ = writeln!(
            out,
            "  {}/{}：指标值“{}”，实际完成值“{}”  来源 {}",
            t.level2, t.name, t.target, t.actual, t.source
        );
    }
    rows_section(&mut out, &scored.card, |row| &row.level2);
    finish(out, no_data)
}

/// 三、各项评分: each row with its score, origin and explanation, named by
/// the level `group` gives.
fn rows_section(
    out: &mut String,
    card: &crate::score::Scorecard,
    group: impl Fn(&crate::score::ScoredRow) -> &String,
) {
    let _ = writeln!(out, "\n三、各项评分");
    for row in &card.rows {
        let score = row
            .score
            .map_or_else(|| "—".to_string(), crate::base::format::score);
        let _ = writeln!(
            out,
            "  {}/{}（{}分）：{} 分〔{}〕 {}",
            group(row),
            row.name,
            crate::base::format::num(row.max),
            score,
            row.origin.label(),
            row.explanation
        );
    }
}

/// The listing, and exit 1 with 未读取到任何部门数据 when nothing was read
/// (the listing still shows what was tried).
fn finish(out: String, no_data: Option<crate::pipeline::DeptError>) -> Outcome {
    match no_data {
        Some(e) => Outcome {
            status: Some(crate::error::ExitStatus::Failure),
            stdout: out,
            stderr: format!("错误：{e}\n"),
        },
        None => Outcome {
            stdout: out,
            ..Outcome::default()
        },
    }
}

//! `jixiao rule`: how jixiao reads a rule text, and the score for a value.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use super::Outcome;
use crate::base::number::{Parsed, parse_text};
use crate::cli::RuleArgs;
use crate::error::{Error, ExitStatus};
use crate::metrics::MetricUnit;
use crate::rules::parse::{Parse, parse_rule};
use crate::rules::{ClauseUse, Outcome as RuleOutcome, Rule, RuleError, RuleInput, round_score};

#[derive(Serialize)]
struct RuleJson {
    kind: String,
    reading: String,
    score: Option<Decimal>,
    manual: bool,
    notes: Vec<String>,
    detail: Option<String>,
    /// How `--value` was taken (`按百分数理解：85 即 85%`).
    value: Option<String>,
    /// Which clause of the text gave which part of the reading.
    clauses: Vec<ClauseUse>,
}

fn number(raw: &str) -> Result<(Decimal, bool), RuleError> {
    match parse_text(raw) {
        Parsed::Number { value, percent, .. } => Ok((value, percent)),
        _ => Err(RuleError::BadValue(raw.to_string())),
    }
}

/// The unit a rule text talks in: rates unless it counts occurrences.
fn unit_of(text: &str, rule: &Rule) -> MetricUnit {
    match rule {
        Rule::Count(_) => MetricUnit::Count,
        Rule::Compare(_) => MetricUnit::Amount,
        Rule::LastYear(_) | Rule::CountRatio(_) | Rule::BySign(_) => MetricUnit::Percent,
        _ if text.contains('%')
            || text.contains('％')
            || text.contains("百分点")
            || text.contains("比例")
            || text.contains('率') =>
        {
            MetricUnit::Percent
        }
        Rule::Manual { .. } => MetricUnit::Percent,
        _ => MetricUnit::Count,
    }
}

/// `--value` as a data cell is read (DESIGN §2.2): for a rate, a bare
/// number above 1 is a percentage (85 means 85%), one within ±1 a ratio
/// (0.85 means 85%); also says how a value without `%` was taken.
fn value_for(raw: &str, unit: MetricUnit) -> Result<(Decimal, Option<String>), RuleError> {
    let (v, percent) = number(raw)?;
    let shown = crate::base::format::num;
    Ok(match unit {
        MetricUnit::Percent if percent => (v, None),
        MetricUnit::Percent if v.abs() > Decimal::ONE => (
            v / Decimal::ONE_HUNDRED,
            Some(format!("按百分数理解：{} 即 {}%", shown(v), shown(v))),
        ),
        MetricUnit::Percent => (
            v,
            Some(format!(
                "按比值理解：{} 即 {}%",
                shown(v),
                shown(v * Decimal::ONE_HUNDRED)
            )),
        ),
        MetricUnit::Count => (v, Some(format!("按个数理解：{}", shown(v)))),
        MetricUnit::Amount => (v, Some(format!("按金额理解：{}元", shown(v)))),
    })
}

/// Runs `jixiao rule`.
///
/// # Errors
/// [`RuleError::BadMax`] when `--max` is not a number of points,
/// [`RuleError::BadValue`] when `--value` is not a number.
pub fn run(args: &RuleArgs) -> Result<Outcome, Error> {
    let bad_max = || RuleError::BadMax(args.max.clone());
    let (max, _) = number(&args.max).map_err(|_| bad_max())?;
    if max < Decimal::ZERO || crate::base::checked::in_range(max).is_err() {
        return Err(bad_max().into());
    }
    let first = parse_rule(&args.text, max, MetricUnit::Percent);
    let parsed = match &first {
        Parse::Rule { rule, .. } if unit_of(&args.text, rule) != MetricUnit::Percent => {
            parse_rule(&args.text, max, unit_of(&args.text, rule))
        }
        _ => first,
    };
    let clauses = match &parsed {
        Parse::Rule { clauses, .. } => clauses.clone(),
        _ => Vec::new(),
    };
    let (rule, notes) = parsed.into_rule();
    let unit = unit_of(&args.text, &rule);
    let reading = rule.reading(unit);
    let mut evaluation = None;
    let mut taken = None;
    if let Some(raw) = &args.value {
        let (v, how) = value_for(raw, unit)?;
        taken = how;
        let input = RuleInput {
            value: v,
            reference: None,
            unit,
        };
        evaluation = Some(rule.evaluate(&input, max));
    }
    if args.json {
        let detail = evaluation.as_ref().map(|e| match e {
            RuleOutcome::Scored(e) => e.detail.clone(),
            RuleOutcome::Manual { reason } => format!("人工评分：{reason}"),
            RuleOutcome::MissingReference => "缺少比较所需的上年结转数".to_string(),
            RuleOutcome::OutOfRange => "无法计算：数值超出可计算范围".to_string(),
        });
        let json = RuleJson {
            kind: rule.kind().to_string(),
            reading,
            score: evaluation
                .as_ref()
                .and_then(RuleOutcome::score)
                .map(|s| round_score(s, max)),
            manual: rule.is_manual(),
            notes,
            detail,
            value: taken,
            clauses,
        };
        return Ok(Outcome {
            status: Some(ExitStatus::Success),
            stdout: serde_json::to_string_pretty(&json).unwrap_or_default() + "\n",
            stderr: String::new(),
        });
    }
    let mut out = String::new();
    let _ = writeln!(out, "规则原文：{}", args.text.trim());
    let _ = writeln!(out, "理解为：{reading}");
    let _ = writeln!(
        out,
        "类型：{}　分值：{}",
        rule.kind(),
        crate::base::format::num(max)
    );
    for n in &notes {
        let _ = writeln!(out, "注：{n}");
    }
    if !clauses.is_empty() {
        let _ = writeln!(out, "逐句：");
        for c in &clauses {
            let _ = writeln!(out, "　「{}」→ {}", c.clause, c.part);
        }
    }
    if let Some(raw) = &args.value {
        let at = match &taken {
            Some(how) => format!("代入 {raw}（{how}）"),
            None => format!("代入 {raw}"),
        };
        match evaluation {
            Some(RuleOutcome::Scored(e)) => {
                let _ = writeln!(
                    out,
                    "{at}：得分 {} 分（{}）",
                    crate::base::format::num(round_score(e.score, max)),
                    e.detail
                );
            }
            Some(RuleOutcome::OutOfRange) => {
                let _ = writeln!(out, "{at}：无法计算：数值超出可计算范围");
            }
            Some(RuleOutcome::Manual { reason }) => {
                let _ = writeln!(out, "{at}：人工评分，无法自动计算（{reason}）");
            }
            Some(RuleOutcome::MissingReference) | None => {
                let _ = writeln!(
                    out,
                    "{at}：该规则需要上年结转数等比较数据，无法用单个数值试算"
                );
            }
        }
    }
    Ok(Outcome {
        status: Some(ExitStatus::Success),
        stdout: out,
        stderr: String::new(),
    })
}

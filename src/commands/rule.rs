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
use crate::rules::{Rule, RuleError, RuleInput};

#[derive(Serialize)]
struct RuleJson {
    kind: String,
    reading: String,
    score: Option<Decimal>,
    manual: bool,
    notes: Vec<String>,
    detail: Option<String>,
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
        _ if text.contains('%')
            || text.contains('％')
            || text.contains("百分点")
            || text.contains("比例") =>
        {
            MetricUnit::Percent
        }
        Rule::Manual { .. } => MetricUnit::Percent,
        _ => MetricUnit::Count,
    }
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
    let (rule, notes) = match &first {
        Parse::Rule { rule, .. } if unit_of(&args.text, rule) != MetricUnit::Percent => {
            parse_rule(&args.text, max, unit_of(&args.text, rule)).into_rule()
        }
        _ => first.clone().into_rule(),
    };
    let unit = unit_of(&args.text, &rule);
    let reading = rule.reading(unit);
    let mut evaluation = None;
    if let Some(raw) = &args.value {
        let (v, _) = number(raw)?;
        let input = RuleInput {
            value: v,
            reference: None,
            unit,
        };
        evaluation = rule.evaluate(&input, max);
    }
    if args.json {
        let json = RuleJson {
            kind: rule.kind().to_string(),
            reading,
            score: evaluation
                .as_ref()
                .and_then(|e| e.as_ref().ok())
                .map(|e| crate::base::format::round_half_up(e.score, 2)),
            manual: rule.is_manual(),
            notes,
            detail: evaluation.map(|e| e.map_or_else(|e| format!("无法计算：{e}"), |e| e.detail)),
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
    if let Some(raw) = &args.value {
        match evaluation {
            Some(Ok(e)) => {
                let _ = writeln!(
                    out,
                    "代入 {raw}：得分 {} 分（{}）",
                    crate::base::format::score(e.score),
                    e.detail
                );
            }
            Some(Err(e)) => {
                let _ = writeln!(out, "代入 {raw}：无法计算：{e}");
            }
            None if rule.is_manual() => {
                let _ = writeln!(out, "代入 {raw}：人工评分，无法自动计算");
            }
            None => {
                let _ = writeln!(
                    out,
                    "代入 {raw}：该规则需要上年结转数等比较数据，无法用单个数值试算"
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

//! The 考核 family: its default rubric, and each row scored from its facts.
//!
//! A row's text is read by [`sub_rules::read`] (strict: every scoring
//! clause understood, or the row is manual quoting the clause). Each part
//! names what it needs in the words of the text; [`bind`] finds the fact
//! of `kaohe.toml` whose phrase is the longest found in those words (only
//! facts whose `within` matches the row's 一级指标 take part). Words that
//! name no fact, or two facts equally, make the row manual: never a guess.

use rust_decimal::Decimal;

use super::facts::FamilyFacts;
use super::{Family, FamilyFact, FamilyFactKind, Spec, kaohe_spec};
use crate::rubric::{Rubric, RubricRow};
use crate::rules::Outcome;
use crate::rules::sub_rules::{self, Need, NeedKind, SubRules, Value};

/// The 考核 family's default rubric (the 隆化县 table, seed 001).
///
/// # Errors
/// When the built-in spec does not parse (a build defect, tested).
pub fn default_rubric() -> Result<Rubric, String> {
    let spec = kaohe_spec()?;
    Ok(super::built_in_rubric(
        Family::Kaohe,
        &spec.id,
        &spec.title,
        &spec.rows,
        "按考核分项规则计分",
    ))
}

/// The family's data sheet as a template: 单位名称, 评价年度, then every fact
/// by the label the spec writes first.
pub fn template_sheet(spec: &Spec) -> crate::profile::TemplateSheet {
    let labels = ["单位名称".to_string(), "评价年度".to_string()]
        .into_iter()
        .chain(spec.facts.iter().map(|f| f.name.clone()))
        .collect();
    crate::profile::TemplateSheet {
        name: spec.data_sheet.clone(),
        unit: Some(spec.unit.clone()),
        layout: crate::profile::TemplateLayout::Fields(labels),
    }
}

/// How a 考核 row was scored.
#[derive(Debug, Clone, PartialEq)]
pub enum RowResult {
    Scored {
        score: Decimal,
        detail: String,
        capped_from: Option<Decimal>,
        reading: String,
        /// The cells of the facts the row's rules read (`考核数据!B11`),
        /// in the rules' order, each once.
        cells: Vec<String>,
    },
    /// A person scores it; `reading` when the text was read but the data
    /// do not settle it.
    Manual {
        reason: String,
        reading: Option<String>,
    },
}

/// A fact bound to a part's words, and whether its words name the fact's
/// opposite (a yes/no fact read through a `negative` phrase).
#[derive(Debug, Clone, Copy)]
struct Binding<'a> {
    fact: &'a FamilyFact,
    negated: bool,
}

/// The fact a part's words name, in a row whose path is `context`.
fn bind<'a>(spec: &'a Spec, need: &Need, context: &str) -> Result<Binding<'a>, String> {
    for text in &need.texts {
        let t = sub_rules::normalize(text);
        let mut best: Option<(usize, Binding<'a>)> = None;
        let mut tie = false;
        for fact in &spec.facts {
            if !fact.within.is_empty() && !fact.within.iter().any(|w| context.contains(w.as_str()))
            {
                continue;
            }
            let phrases = fact
                .phrases
                .iter()
                .map(|p| (p, false))
                .chain(fact.negative.iter().map(|p| (p, true)));
            for (p, negated) in phrases {
                let p = sub_rules::normalize(p);
                if p.is_empty() || !t.contains(&p) {
                    continue;
                }
                let len = p.chars().count();
                match &best {
                    Some((l, b)) if len == *l && b.fact.code != fact.code => tie = true,
                    Some((l, _)) if len <= *l => {}
                    _ => {
                        best = Some((len, Binding { fact, negated }));
                        tie = false;
                    }
                }
            }
        }
        if tie {
            return Err(format!("「{text}」可对应多项数据，需人工判断"));
        }
        if let Some((_, b)) = best {
            let fits = match need.kind {
                NeedKind::YesNo => b.fact.kind == FamilyFactKind::Yesno,
                NeedKind::Quantity => b.fact.kind != FamilyFactKind::Yesno,
            };
            return if fits {
                Ok(b)
            } else {
                Err(format!(
                    "「{text}」对应的数据「{}」类型不符，需人工判断",
                    b.fact.name
                ))
            };
        }
    }
    Err(format!(
        "jixiao 没有「{}」的数据项，需人工判断",
        need.texts.first().map_or("", String::as_str)
    ))
}

/// Scores one row of a 考核 rubric from the family's facts.
pub fn score_row(row: &RubricRow, spec: &Spec, facts: &FamilyFacts) -> RowResult {
    let rules: SubRules = match sub_rules::read(&row.standard, row.max) {
        Ok(r) => r,
        Err(reason) => {
            return RowResult::Manual {
                reason,
                reading: None,
            };
        }
    };
    let mut reading = rules.reading();
    match rules.parts_max() {
        Some(parts_max) if parts_max != row.max => reading.push_str(&format!(
            "（注：各分项合计{}分，分值{}分）",
            crate::base::format::num(parts_max),
            crate::base::format::num(row.max)
        )),
        Some(_) => {}
        None => {
            return RowResult::Manual {
                reason: "评分标准中的分数超出可计算范围".to_string(),
                reading: Some(reading),
            };
        }
    }
    let context = format!("{}/{}/{}", row.level1, row.level2, row.name);
    let mut bound = Vec::new();
    for need in rules.needs() {
        match bind(spec, &need, &context) {
            Ok(b) => bound.push((need.key, b)),
            Err(reason) => {
                return RowResult::Manual {
                    reason,
                    reading: Some(reading),
                };
            }
        }
    }
    let get = |key: &str| -> Result<Value, String> {
        let Some((_, b)) = bound.iter().find(|(k, _)| k == key) else {
            return Err(format!("缺少「{key}」的数据"));
        };
        let Some(v) = facts.value(&b.fact.code) else {
            return Err(facts.why_missing(&b.fact.code, &b.fact.name));
        };
        let value = if b.negated {
            Decimal::ONE - v.value
        } else {
            v.value
        };
        Ok(Value {
            name: b.fact.name.clone(),
            value,
            shown: format!("{}（{}）", v.shown, v.source),
        })
    };
    match rules.evaluate(&get, row.max) {
        Outcome::Scored(e) => {
            let mut cells: Vec<String> = Vec::new();
            for (_, b) in &bound {
                if let Some(v) = facts.value(&b.fact.code)
                    && !v.source.is_empty()
                    && !cells.contains(&v.source)
                {
                    cells.push(v.source.clone());
                }
            }
            RowResult::Scored {
                score: e.score,
                detail: e.detail,
                capped_from: e.capped_from,
                reading,
                cells,
            }
        }
        Outcome::Manual { reason } => RowResult::Manual {
            reason,
            reading: Some(reading),
        },
        Outcome::OutOfRange => RowResult::Manual {
            reason: "数值超出可计算范围".to_string(),
            reading: Some(reading),
        },
        Outcome::MissingReference => RowResult::Manual {
            reason: "缺少比较所需的数据".to_string(),
            reading: Some(reading),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part of every computable row of the default rubric names
    /// exactly one fact of the spec (in its own 一级指标).
    #[test]
    fn default_rubric_rows_bind_to_facts() {
        let spec = kaohe_spec().unwrap();
        let rubric = default_rubric().unwrap();
        let mut read = 0;
        for row in &rubric.rows {
            let Ok(rules) = sub_rules::read(&row.standard, row.max) else {
                continue;
            };
            read += 1;
            assert_eq!(rules.parts_max(), Some(row.max), "{}", row.name);
            let context = format!("{}//{}", row.level1, row.name);
            for need in rules.needs() {
                let b = bind(spec, &need, &context);
                assert!(b.is_ok(), "{} {}: {:?}", row.level1, row.name, b.err());
            }
        }
        assert_eq!(
            read, 16,
            "two rows are manual (指标体系建设, 事前 结果应用)"
        );
    }
}

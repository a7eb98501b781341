//! Rubric families (DESIGN §2.6): what kind of evaluation a rubric is.
//!
//! A family is data: a profile of facts (names, kinds, labels and the words
//! of rule texts that name them), its data template sheet, a default rubric
//! and a grade scale. `部门整体支出` is today's family, described by the
//! built-in profile and metric catalogue and scored as before; the 考核
//! family (部门预算绩效管理工作考核, seed 001) is described by
//! `kaohe.toml` and scored by [`score_row`]: each row's text read as
//! several sub-rules ([`crate::rules::sub_rules`]), each part bound to a
//! fact of the family's data sheet.
//!
//! A family is chosen by `--family` or detected from the rubric's indicator
//! names ([`detect`]).

pub mod facts;
pub mod kaohe;
pub mod xiangmu;

use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::profile::family::Family;

/// One value of a family's data as the 指标计算 sheet lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLine {
    pub name: String,
    pub shown: String,
    pub source: String,
    pub note: String,
}

/// The 考核 facts as listed: each fact with its value and cell, or why not.
pub fn kaohe_lines(spec: &Spec, facts: &facts::FamilyFacts) -> Vec<DataLine> {
    spec.facts
        .iter()
        .map(|f| match facts.value(&f.code) {
            Some(v) => DataLine {
                name: f.name.clone(),
                shown: v.shown.clone(),
                source: v.source.clone(),
                note: String::new(),
            },
            None => DataLine {
                name: f.name.clone(),
                shown: String::new(),
                source: String::new(),
                note: facts.why_missing(&f.code, &f.name),
            },
        })
        .collect()
}

/// A project's funds and targets as listed.
pub fn project_lines(data: &xiangmu::ProjectData) -> Vec<DataLine> {
    let mut out: Vec<DataLine> = data
        .funds
        .iter()
        .map(|((column, row), a)| DataLine {
            name: format!("{row}·{column}"),
            shown: format!("{}万元", crate::base::format::num(a.value)),
            source: a.source.clone(),
            note: String::new(),
        })
        .collect();
    out.extend(data.targets.iter().map(|t| DataLine {
        name: format!("{}·{}", t.level2, t.name),
        shown: format!("指标值：{}；实际完成值：{}", t.target, t.actual),
        source: format!("{}、{}", t.source, t.actual_source),
        note: String::new(),
    }));
    out
}

/// One fact of a family's profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyFact {
    pub code: String,
    pub name: String,
    pub kind: FamilyFactKind,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub negative: Vec<String>,
    #[serde(default)]
    pub within: Vec<String>,
}

/// What a family fact measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FamilyFactKind {
    Count,
    /// 万元, as written in the data sheet.
    Amount,
    /// 是/否.
    Yesno,
}

/// One row of a family's default rubric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecRow {
    pub level1: String,
    #[serde(default)]
    pub level2: String,
    pub name: String,
    pub max: Decimal,
    pub standard: String,
}

/// A family as data (`kaohe.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Spec {
    pub id: String,
    pub name: String,
    pub title: String,
    pub data_sheet: String,
    pub unit: String,
    pub indicators: Vec<String>,
    #[serde(rename = "fact")]
    pub facts: Vec<FamilyFact>,
    #[serde(rename = "row")]
    pub rows: Vec<SpecRow>,
}

/// A family's default rubric from its rows: every row is scored by the
/// family's own rules (`reason` shows until they have), none by a metric.
pub(crate) fn built_in_rubric(
    family: Family,
    id: &str,
    title: &str,
    rows: &[SpecRow],
    reason: &str,
) -> crate::rubric::Rubric {
    use crate::rubric::{RowKey, Rubric, RubricRow, RubricSource, RuleOrigin};
    let sheet = format!("内置{id}评分表");
    Rubric {
        title: title.to_string(),
        source: sheet.clone(),
        provenance: RubricSource::BuiltIn,
        warnings: Vec::new(),
        layout: None,
        family,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| RubricRow {
                key: RowKey {
                    sheet: sheet.clone(),
                    row: u32::try_from(i).unwrap_or(u32::MAX),
                },
                level1: r.level1.clone(),
                level2: r.level2.clone(),
                name: r.name.clone(),
                sub_point: None,
                standard: r.standard.clone(),
                max: r.max,
                metric: None,
                rule: crate::rules::Rule::Manual {
                    reason: reason.to_string(),
                },
                origin: RuleOrigin::Text,
                rule_notes: Vec::new(),
                rule_clauses: Vec::new(),
                full_if_not_applicable: false,
                self_score: None,
                source_row: None,
                self_score_col: None,
            })
            .collect(),
    }
}

impl Spec {
    pub fn fact(&self, code: &str) -> Option<&FamilyFact> {
        self.facts.iter().find(|f| f.code == code)
    }
}

/// The 考核 family's spec, parsed once. Its TOML is part of the binary and
/// a test parses it, so a failure here is a build defect; it is still
/// reported rather than panicking.
pub fn kaohe_spec() -> Result<&'static Spec, String> {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    SPEC.get_or_init(|| {
        toml::from_str::<Spec>(include_str!("kaohe.toml")).map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The family a rubric's rows belong to: 项目 or 考核 when at least half of
/// its rows carry that family's indicator names (as 一级, 二级 or 三级指标)
/// and fewer than a quarter are matched to a 部门整体 metric; otherwise
/// 部门整体.
pub fn detect(rows: &[crate::rubric::RubricRow]) -> Family {
    let matched = rows.iter().filter(|r| r.metric.is_some()).count();
    if rows.is_empty() || matched * 4 >= rows.len() {
        return Family::Department;
    }
    let share = |indicators: &[String]| {
        let named = |s: &str| {
            let s = crate::base::name::bare_name(s);
            indicators.iter().any(|i| s.contains(i.as_str()))
        };
        rows.iter()
            .filter(|r| named(&r.name) || named(&r.level1) || named(&r.level2))
            .count()
    };
    let xiangmu = xiangmu::spec().map_or(0, |s| share(&s.indicators));
    let kaohe = kaohe_spec().map_or(0, |s| share(&s.indicators));
    if xiangmu * 2 >= rows.len() && xiangmu >= kaohe {
        Family::Xiangmu
    } else if kaohe * 2 >= rows.len() {
        Family::Kaohe
    } else {
        Family::Department
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kaohe_spec_parses_and_adds_up() {
        let spec = kaohe_spec().unwrap();
        assert_eq!(spec.rows.len(), 18);
        let total: Decimal = spec.rows.iter().map(|r| r.max).sum();
        assert_eq!(total, Decimal::ONE_HUNDRED);
        let mut codes: Vec<&str> = spec.facts.iter().map(|f| f.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), spec.facts.len(), "codes are unique");
    }
}

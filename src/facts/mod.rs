//! Facts: the department's numbers, each with the cell it came from.
//!
//! Extraction finds values by their labels (DESIGN §2.1), never by fixed
//! cells. A fact that cannot be found is not an error: it is reported as
//! missing with the labels tried, and the metrics that need it say so.

pub mod extract;
pub mod near;
mod tables;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::number::MoneyUnit;
use crate::base::{Location, Warning};
use crate::profile::Profile;
pub use crate::profile::{FactId, FactKind, FactSpec};
pub use extract::extract;

/// A value found in the workbook.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// Money in 元, rates as fractions (0.8), counts as they are.
    pub value: Decimal,
    /// The number as written in the cell (before unit conversion).
    pub raw: Decimal,
    /// For money: the unit of the table it came from.
    pub unit: Option<MoneyUnit>,
    pub source: Location,
    /// How the value was interpreted, when that is worth saying.
    pub note: Option<String>,
}

impl Fact {
    /// The value as written with its unit, e.g. `3908.9432万元`, `38`, `80%`.
    pub fn display(&self, kind: FactKind) -> String {
        match (kind, self.unit) {
            (FactKind::Money, Some(u)) => {
                format!("{}{}", crate::base::format::num(self.raw), u.label())
            }
            (FactKind::Ratio, _) => crate::base::format::pct(self.value),
            _ => crate::base::format::num(self.raw),
        }
    }
}

/// What extraction found for one fact.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FactOutcome {
    Found(Fact),
    /// The label is there but its value cell is empty.
    Blank {
        label_at: Location,
    },
    /// The cell says the item does not apply (`单位不需填列`).
    NotApplicable {
        at: Location,
        text: String,
    },
    /// The cell holds text that is not a number.
    Invalid {
        at: Location,
        text: String,
    },
    /// Two or more cells give different values: none is used (issue 8).
    Conflict {
        found: Vec<Fact>,
    },
    /// No label matched; `tried` lists the labels searched for.
    Missing {
        tried: Vec<String>,
    },
}

/// A fact as `check` and the 指标计算 sheet list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactView {
    /// The value as written, with its unit (`3908.9432万元`), or the text found.
    pub shown: String,
    /// The cell it came from, or where its label was found.
    pub source: String,
    /// The value after unit conversion (`39089432元`).
    pub converted: String,
    /// How it was interpreted, or why it cannot be used.
    pub note: String,
}

impl FactOutcome {
    /// How the outcome is listed for a fact of `kind`.
    pub fn view(&self, kind: FactKind) -> FactView {
        let view = |shown: String, source: String, converted: String, note: String| FactView {
            shown,
            source,
            converted,
            note,
        };
        match self {
            FactOutcome::Found(f) => {
                let converted = match kind {
                    FactKind::Money => format!("{}元", crate::base::format::num(f.value)),
                    _ => f.display(kind),
                };
                view(
                    f.display(kind),
                    f.source.cell(),
                    converted,
                    f.note.clone().unwrap_or_default(),
                )
            }
            FactOutcome::Blank { label_at } => view(
                String::new(),
                label_at.cell(),
                String::new(),
                "找到标签，但数值为空".into(),
            ),
            FactOutcome::NotApplicable { at, text } => {
                view(text.clone(), at.cell(), String::new(), "不适用".into())
            }
            FactOutcome::Invalid { at, text } => {
                view(text.clone(), at.cell(), String::new(), "不是数字".into())
            }
            FactOutcome::Conflict { found } => view(
                found
                    .iter()
                    .map(|f| f.display(kind))
                    .collect::<Vec<_>>()
                    .join(" / "),
                found
                    .iter()
                    .map(|f| f.source.cell())
                    .collect::<Vec<_>>()
                    .join("、"),
                String::new(),
                "多处取值不一致，未采用".into(),
            ),
            FactOutcome::Missing { tried } => view(
                String::new(),
                String::new(),
                String::new(),
                format!("未找到，已尝试：{}", tried.join("、")),
            ),
        }
    }
}

/// What a fact is called and what it measures, from the profile it was
/// extracted with, so that later stages can name it without the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactInfo {
    pub name: String,
    pub kind: FactKind,
}

/// Everything extracted from one department workbook.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {
    pub file: String,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub items: IndexMap<FactId, FactOutcome>,
    /// Conflicts, implausible values and interpretations worth a look.
    pub warnings: Vec<Warning>,
    /// Every fact of the profile (found or not), in the profile's order.
    #[serde(skip)]
    pub info: IndexMap<FactId, FactInfo>,
}

impl Facts {
    /// No values yet, with the names and kinds of the profile's facts.
    pub fn new(file: impl Into<String>, profile: &Profile) -> Facts {
        Facts {
            file: file.into(),
            info: profile
                .facts()
                .iter()
                .map(|s| {
                    let info = FactInfo {
                        name: s.name.clone(),
                        kind: s.kind,
                    };
                    (s.id, info)
                })
                .collect(),
            ..Facts::default()
        }
    }

    /// The Chinese name of a fact (empty for a fact the profile lacks).
    pub fn name(&self, id: FactId) -> &str {
        self.info.get(&id).map_or("", |i| i.name.as_str())
    }

    /// What kind of quantity a fact is.
    pub fn kind(&self, id: FactId) -> FactKind {
        self.info.get(&id).map_or(FactKind::Count, |i| i.kind)
    }

    /// The fact's value, if found.
    pub fn get(&self, id: FactId) -> Option<&Fact> {
        match self.items.get(&id) {
            Some(FactOutcome::Found(f)) => Some(f),
            _ => None,
        }
    }

    /// Why a fact has no value, in Chinese, for "无法计算" reasons.
    pub fn why_missing(&self, id: FactId) -> String {
        let name = self.name(id);
        match self.items.get(&id) {
            Some(FactOutcome::Blank { label_at }) => {
                format!("「{name}」未填写（{}）", label_at.cell())
            }
            Some(FactOutcome::NotApplicable { at, text }) => {
                format!("「{name}」标注为“{text}”（{}）", at.cell())
            }
            Some(FactOutcome::Invalid { at, text }) => {
                format!("「{name}」不是数字：“{text}”（{}）", at.cell())
            }
            Some(FactOutcome::Conflict { found }) => format!(
                "「{name}」有 {} 处取值不一致（{}），请删去或改正多余的一处",
                found.len(),
                found
                    .iter()
                    .map(|f| format!("{}={}", f.source.cell(), f.display(self.kind(id))))
                    .collect::<Vec<_>>()
                    .join("，")
            ),
            _ => format!("缺少「{name}」"),
        }
    }
}

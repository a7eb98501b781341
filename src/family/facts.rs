//! A family's facts, read from a workbook by their labels.
//!
//! Every sheet is searched for a text cell whose label is one of a fact's
//! labels; its value is the first filled cell to its right (within three
//! columns). Counts and amounts are numbers (a count must be a whole number
//! ≥ 0); yes/no facts are 是/否 (有/无, 已/未, √/×, 1/0). Two cells giving
//! different values are a conflict: neither is used.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{FamilyFactKind, Spec};
use crate::base::text::normalize_label;
use crate::grid::{CellValue, Workbook};

/// One fact's value, with the cell it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyValue {
    pub value: Decimal,
    /// As shown: `9`, `4949.74万元`, `是`.
    pub shown: String,
    /// `考核数据!B5`.
    pub source: String,
}

/// What was found for one fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FamilyOutcome {
    Found(FamilyValue),
    /// The label is there, its value is not.
    Blank {
        at: String,
    },
    /// The value cannot be read as this kind of fact.
    Invalid {
        at: String,
        text: String,
    },
    Conflict {
        found: Vec<FamilyValue>,
    },
    Missing,
}

/// The facts of a family, by code, in the spec's order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FamilyFacts {
    pub items: IndexMap<String, FamilyOutcome>,
}

impl FamilyFacts {
    pub fn value(&self, code: &str) -> Option<&FamilyValue> {
        match self.items.get(code) {
            Some(FamilyOutcome::Found(v)) => Some(v),
            _ => None,
        }
    }

    /// Whether any fact was read (a value, even an invalid or conflicting one).
    pub fn any_read(&self) -> bool {
        self.items.values().any(|o| {
            matches!(
                o,
                FamilyOutcome::Found(_)
                    | FamilyOutcome::Invalid { .. }
                    | FamilyOutcome::Conflict { .. }
            )
        })
    }

    /// Why a fact has no value, in Chinese.
    pub fn why_missing(&self, code: &str, name: &str) -> String {
        match self.items.get(code) {
            Some(FamilyOutcome::Blank { at }) => format!("「{name}」未填写（{at}）"),
            Some(FamilyOutcome::Invalid { at, text }) => {
                format!("「{name}」无法识别：“{text}”（{at}）")
            }
            Some(FamilyOutcome::Conflict { found }) => format!(
                "「{name}」有 {} 处取值不一致（{}），未采用",
                found.len(),
                found
                    .iter()
                    .map(|v| format!("{}={}", v.source, v.shown))
                    .collect::<Vec<_>>()
                    .join("，")
            ),
            _ => format!("缺少「{name}」"),
        }
    }
}

/// One label found: its value, or where it was and the text that could not
/// be read (`None`: nothing filled in).
type Hit = Result<FamilyValue, (String, Option<String>)>;

/// Reads every fact of `spec` from the workbook.
pub fn read(wb: &Workbook, spec: &Spec) -> FamilyFacts {
    let mut out = FamilyFacts::default();
    let labels: Vec<(usize, Vec<String>)> = spec
        .facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut l: Vec<String> = std::iter::once(&f.name)
                .chain(&f.labels)
                .map(|s| normalize_label(s))
                .collect();
            l.dedup();
            (i, l)
        })
        .collect();
    let mut found: Vec<Vec<Hit>> = vec![Vec::new(); spec.facts.len()];
    for sheet in &wb.sheets {
        for (r, c, v) in sheet.cells() {
            let CellValue::Text(t) = v else { continue };
            let n = normalize_label(t);
            let Some((i, _)) = labels.iter().find(|(_, l)| l.contains(&n)) else {
                continue;
            };
            let fact = &spec.facts[*i];
            let value = (1..=3u16)
                .filter_map(|d| c.checked_add(d))
                .map(|cc| (cc, sheet.get(r, cc)))
                .find(|(_, v)| !v.is_empty());
            let at = |cc: u16| wb.location(sheet, r, cc).cell();
            found[*i].push(match value {
                None => Err((at(c), None)),
                Some((cc, v)) => match parse(v, fact.kind) {
                    Some((value, shown)) => Ok(FamilyValue {
                        value,
                        shown,
                        source: at(cc),
                    }),
                    None => Err((at(cc), Some(v.display()))),
                },
            });
        }
    }
    for (fact, hits) in spec.facts.iter().zip(found) {
        let ok: Vec<FamilyValue> = hits
            .iter()
            .filter_map(|h| h.as_ref().ok().cloned())
            .collect();
        let outcome = if let Some(first) = ok.first() {
            if ok.iter().all(|v| v.value == first.value) {
                FamilyOutcome::Found(first.clone())
            } else {
                FamilyOutcome::Conflict { found: ok }
            }
        } else if let Some(Err((at, Some(text)))) =
            hits.iter().find(|h| matches!(h, Err((_, Some(_)))))
        {
            FamilyOutcome::Invalid {
                at: at.clone(),
                text: text.clone(),
            }
        } else if let Some(Err((at, None))) = hits.first() {
            FamilyOutcome::Blank { at: at.clone() }
        } else {
            FamilyOutcome::Missing
        };
        out.items.insert(fact.code.clone(), outcome);
    }
    out
}

/// A cell as a fact of `kind`: the value and how it is shown.
fn parse(v: &CellValue, kind: FamilyFactKind) -> Option<(Decimal, String)> {
    let number = match v {
        CellValue::Number(d) => Some(*d),
        CellValue::Text(t) => {
            let t = crate::base::text::normalize_text(t);
            let t = t
                .trim_end_matches("万元")
                .trim_end_matches(['个', '项', '天', '次']);
            t.trim().parse::<Decimal>().ok()
        }
        _ => None,
    };
    match kind {
        FamilyFactKind::Yesno => {
            let yes = match v {
                CellValue::Bool(b) => Some(*b),
                CellValue::Number(d) if *d == Decimal::ONE => Some(true),
                CellValue::Number(d) if d.is_zero() => Some(false),
                CellValue::Text(t) => {
                    let t = normalize_label(t);
                    match t.as_str() {
                        "是" | "有" | "已" | "已开展" | "已设置" | "已公开" | "已成立"
                        | "已明确" | "齐全" | "√" | "Y" | "y" | "yes" | "1" => Some(true),
                        "否" | "无" | "未" | "未开展" | "未设置" | "未公开" | "未成立"
                        | "未明确" | "不全" | "×" | "N" | "n" | "no" | "0" => Some(false),
                        _ => None,
                    }
                }
                _ => None,
            }?;
            Some((
                if yes { Decimal::ONE } else { Decimal::ZERO },
                if yes { "是" } else { "否" }.to_string(),
            ))
        }
        FamilyFactKind::Count => {
            let n = number?;
            (n >= Decimal::ZERO && n.fract().is_zero())
                .then(|| (n.normalize(), crate::base::format::num(n)))
        }
        FamilyFactKind::Amount => {
            let n = number?;
            (n >= Decimal::ZERO).then(|| (n, format!("{}万元", crate::base::format::num(n))))
        }
    }
}

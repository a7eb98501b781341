//! Profile files as written: the built-in TOML (every field) and a user's
//! TOML (label variants only), parsed with serde and checked once.
//!
//! Unknown keys are errors (`deny_unknown_fields`) so that a typo is not
//! silently ignored; every error in a user's file names its line.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use super::{
    FactId, FactKind, FactSpec, HeaderLabels, Labels, Locator, MetricNames, Profile, ProfileError,
    TableSpec, TemplateLayout, TemplateSheet,
};

/// The built-in profile: every fact, header role, metric and template sheet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BuiltinFile {
    name_labels: Vec<String>,
    year_labels: Vec<String>,
    fact: IndexMap<FactId, FactEntry>,
    table: IndexMap<String, TableEntry>,
    header: HeaderEntries,
    metric: IndexMap<String, MetricEntry>,
    template: Vec<TemplateEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactEntry {
    name: String,
    kind: FactKind,
    sheets: Vec<String>,
    labels: Option<Vec<String>>,
    rows: Option<Vec<String>>,
    cols: Option<Vec<String>>,
    table: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableEntry {
    name: String,
    titles: Vec<String>,
    rows: Vec<String>,
}

/// Header labels by role; in a user's file every role is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
struct HeaderEntries {
    level3: Vec<String>,
    content: Vec<String>,
    standard: Vec<String>,
    standard_or_content: Vec<String>,
    rule: Vec<String>,
    max: Vec<String>,
    self_score: Vec<String>,
    review: Vec<String>,
    reason: Vec<String>,
}

impl HeaderEntries {
    /// Each role's entries with the labels they extend.
    fn roles(self, h: &mut HeaderLabels) -> [(Vec<String>, &mut Labels); 9] {
        [
            (self.level3, &mut h.level3),
            (self.content, &mut h.content),
            (self.standard, &mut h.standard),
            (self.standard_or_content, &mut h.standard_or_content),
            (self.rule, &mut h.rule),
            (self.max, &mut h.max),
            (self.self_score, &mut h.self_score),
            (self.review, &mut h.review),
            (self.reason, &mut h.reason),
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateEntry {
    sheet: String,
    unit: Option<String>,
    fields: Option<Vec<String>>,
    rows: Option<Vec<String>>,
    cols: Option<Vec<String>>,
}

/// A user's profile: label variants to add, nothing else.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
struct UserFile {
    name_labels: Vec<String>,
    year_labels: Vec<String>,
    fact: IndexMap<Spanned<String>, UserFact>,
    header: HeaderEntries,
    metric: IndexMap<Spanned<String>, UserMetric>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct UserFact {
    labels: Vec<String>,
    rows: Vec<String>,
    cols: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserMetric {
    aliases: Vec<String>,
}

/// Parses and checks the built-in profile.
pub(super) fn parse_builtin(text: &str) -> Result<Profile, String> {
    let file: BuiltinFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        format!("line {line}: {}", e.message())
    })?;
    let tables: Vec<TableSpec> = file
        .table
        .into_iter()
        .map(|(key, t)| TableSpec {
            key,
            name: t.name,
            titles: t.titles,
            rows: Labels::new(t.rows),
        })
        .collect();
    let mut facts = Vec::new();
    for (id, f) in file.fact {
        let table = match f.table {
            Some(key) => Some(
                tables
                    .iter()
                    .position(|t| t.key == key)
                    .ok_or_else(|| format!("{id:?}: unknown table {key}"))?,
            ),
            None => None,
        };
        if table.is_some() && f.rows.is_none() {
            return Err(format!("{id:?}: only a table fact can name a table"));
        }
        let locator = match (f.labels, f.rows, f.cols) {
            (Some(labels), None, None) if !labels.is_empty() => Locator::Field(Labels::new(labels)),
            (None, Some(rows), Some(cols)) if !rows.is_empty() && !cols.is_empty() => {
                Locator::Table {
                    rows: Labels::new(rows),
                    cols: Labels::new(cols),
                }
            }
            _ => return Err(format!("{id:?}: needs labels, or rows and cols")),
        };
        facts.push(FactSpec {
            id,
            name: f.name,
            kind: f.kind,
            sheets: f.sheets,
            locator,
            table,
        });
    }
    // Where each FactId's spec sits, by discriminant: every id is described,
    // so `Profile::fact` is a plain index.
    let mut position = Vec::with_capacity(FactId::ALL.len());
    for id in FactId::ALL {
        match facts.iter().position(|f| f.id == id) {
            Some(i) => position.push(i),
            None => return Err(format!("{id:?} is not described")),
        }
    }
    let mut headers = HeaderLabels::default();
    for (labels, role) in file.header.roles(&mut headers) {
        *role = Labels::new(labels);
    }
    let metrics = file
        .metric
        .into_iter()
        .map(|(key, m)| MetricNames {
            key,
            names: Labels::new(std::iter::once(m.name.clone()).chain(m.aliases)),
            name: m.name,
        })
        .collect();
    let mut template = Vec::new();
    for t in file.template {
        let layout = match (t.fields, t.rows, t.cols) {
            (Some(fields), None, None) => TemplateLayout::Fields(fields),
            (None, Some(rows), Some(cols)) => TemplateLayout::Table { rows, cols },
            _ => {
                return Err(format!(
                    "template {}: needs fields, or rows and cols",
                    t.sheet
                ));
            }
        };
        template.push(TemplateSheet {
            name: t.sheet,
            unit: t.unit,
            layout,
        });
    }
    Ok(Profile {
        facts,
        position,
        name_labels: Labels::new(file.name_labels),
        year_labels: Labels::new(file.year_labels),
        headers,
        metrics,
        template,
        tables,
    })
}

/// Adds a user's label variants to a profile; the profile is unchanged on error.
pub(super) fn extend(profile: &mut Profile, text: &str, path: &Path) -> Result<(), ProfileError> {
    let file: UserFile = toml::from_str(text).map_err(|e| ProfileError::Syntax {
        path: path.to_path_buf(),
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: crate::base::toml_zh::translate(e.message()),
    })?;
    let mut next = profile.clone();
    next.name_labels.extend(file.name_labels);
    next.year_labels.extend(file.year_labels);
    for (code, add) in file.fact {
        let line = line_of(text, code.span().start);
        let code = code.into_inner();
        let spec = FactId::from_code(&code)
            .and_then(|id| next.facts.iter_mut().find(|f| f.id == id))
            .ok_or_else(|| ProfileError::UnknownFact {
                path: path.to_path_buf(),
                line,
                code: code.clone(),
            })?;
        let name = spec.name.clone();
        let wrong = |hint| ProfileError::WrongLocator {
            path: path.to_path_buf(),
            line,
            code: code.clone(),
            name,
            hint,
        };
        match &mut spec.locator {
            Locator::Field(labels) => {
                if !add.rows.is_empty() || !add.cols.is_empty() {
                    return Err(wrong(
                        "是单个数据（标签在左、数值在右），请用 labels 添加标签写法，不能用 rows/cols",
                    ));
                }
                labels.extend(add.labels);
            }
            Locator::Table { rows, cols } => {
                if !add.labels.is_empty() {
                    return Err(wrong(
                        "是表格中行与列交叉处的数据，请用 rows（行名）或 cols（列名）添加写法，不能用 labels",
                    ));
                }
                rows.extend(add.rows);
                cols.extend(add.cols);
            }
        }
    }
    for (labels, role) in file.header.roles(&mut next.headers) {
        role.extend(labels);
    }
    for (code, add) in file.metric {
        let line = line_of(text, code.span().start);
        let code = code.into_inner();
        let metric = next
            .metrics
            .iter_mut()
            .find(|m| m.key == code)
            .ok_or_else(|| ProfileError::UnknownMetric {
                path: path.to_path_buf(),
                line,
                code: code.clone(),
            })?;
        metric.names.extend(add.aliases);
    }
    *profile = next;
    Ok(())
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

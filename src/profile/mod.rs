//! The label profile: every label jixiao recognises, as data (DESIGN §2.1, §4).
//!
//! A [`Profile`] holds the facts jixiao reads (name, kind, sheet hints and
//! the labels of each), the labels of a department's name and year, the
//! labels of a rubric's header columns, the names rubrics give each metric,
//! and the layout of the standard department template. It is built from the
//! built-in TOML ([`Profile::builtin`]) and extended with a user's TOML
//! ([`Profile::extend_from_file`]), then passed down the pipeline as a value:
//! no stage consults a global list of aliases.
//!
//! Labels are normalised once, when the profile is built ([`Labels`]), so a
//! lookup compares strings and never normalises an alias again.
//!
//! This module imports only `base`: metrics are named here by their stable
//! code (`staff_control_rate`), which `metrics` resolves to its own ids.

pub mod family;
mod file;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::text::normalize_label;

/// What kind of quantity a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// An amount of money; converted to 元 using the table's unit.
    Money,
    /// A count of people, tasks or items.
    Count,
    /// A rate; `80%`, `0.8` and `80` all mean 0.8.
    Ratio,
}

/// Every fact the metrics use. The snake_case names are the codes used in
/// profile files (`staff_actual`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactId {
    StaffAuthorized,
    StaffActual,
    StaffActualPrev,
    Satisfaction,
    TotalInitialBudget,
    TotalBudget,
    TotalExecuted,
    PublicInitialBudget,
    PublicBudget,
    PublicExecuted,
    PublicExecutedPrev,
    ProjectInitialBudget,
    ProjectBudget,
    KeyProjectInitialBudget,
    KeyProjectBudget,
    BudgetAdjustment,
    CarryoverTotal,
    CarryoverPrev,
    ProcurementBudget,
    ProcurementActual,
    FixedAssetsTotal,
    FixedAssetsInUse,
    PaymentPlanned,
    PaymentActual,
    GeneralExpense,
    GeneralExpensePrev,
    CardDue,
    CardActual,
    LateSpecialFunds,
    SangongBudget,
    SangongActual,
    SangongBudgetPrev,
    SangongActualPrev,
    PlannedTasks,
    CompletedTasks,
    TimelyTasks,
    QualityTasks,
    KeyTasksAssigned,
    KeyTasksDone,
}

impl FactId {
    /// Every fact; a profile must describe each exactly once.
    pub const ALL: [FactId; 39] = [
        FactId::StaffAuthorized,
        FactId::StaffActual,
        FactId::StaffActualPrev,
        FactId::Satisfaction,
        FactId::TotalInitialBudget,
        FactId::TotalBudget,
        FactId::TotalExecuted,
        FactId::PublicInitialBudget,
        FactId::PublicBudget,
        FactId::PublicExecuted,
        FactId::PublicExecutedPrev,
        FactId::ProjectInitialBudget,
        FactId::ProjectBudget,
        FactId::KeyProjectInitialBudget,
        FactId::KeyProjectBudget,
        FactId::BudgetAdjustment,
        FactId::CarryoverTotal,
        FactId::CarryoverPrev,
        FactId::ProcurementBudget,
        FactId::ProcurementActual,
        FactId::FixedAssetsTotal,
        FactId::FixedAssetsInUse,
        FactId::PaymentPlanned,
        FactId::PaymentActual,
        FactId::GeneralExpense,
        FactId::GeneralExpensePrev,
        FactId::CardDue,
        FactId::CardActual,
        FactId::LateSpecialFunds,
        FactId::SangongBudget,
        FactId::SangongActual,
        FactId::SangongBudgetPrev,
        FactId::SangongActualPrev,
        FactId::PlannedTasks,
        FactId::CompletedTasks,
        FactId::TimelyTasks,
        FactId::QualityTasks,
        FactId::KeyTasksAssigned,
        FactId::KeyTasksDone,
    ];

    /// The code of a fact in profile files (`staff_actual`).
    ///
    /// ```
    /// use jixiao::profile::FactId;
    /// assert_eq!(FactId::from_code("staff_actual"), Some(FactId::StaffActual));
    /// assert_eq!(FactId::from_code("staff"), None);
    /// assert_eq!(FactId::StaffActual.code(), "staff_actual");
    /// ```
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The fact a code names (`staff_actual`).
    pub fn from_code(code: &str) -> Option<FactId> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            code.into_deserializer();
        FactId::deserialize(de).ok()
    }
}

/// A list of label variants, each kept as written and normalised once.
///
/// The first label is the one the standard template writes (for facts) or
/// the metric's own name (for metrics).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    written: Vec<String>,
    normalized: Vec<String>,
}

impl Labels {
    /// The labels as listed, duplicates included.
    pub fn new<S: Into<String>>(labels: impl IntoIterator<Item = S>) -> Labels {
        let mut out = Labels::default();
        for label in labels {
            let label = label.into();
            out.normalized.push(normalize_label(&label));
            out.written.push(label);
        }
        out
    }

    /// Appends labels whose normalised form is not there yet.
    pub fn extend<S: Into<String>>(&mut self, labels: impl IntoIterator<Item = S>) {
        for label in labels {
            let label = label.into();
            let n = normalize_label(&label);
            if !n.is_empty() && !self.normalized.contains(&n) {
                self.normalized.push(n);
                self.written.push(label);
            }
        }
    }

    /// The labels as written (for messages: "已尝试：…").
    pub fn written(&self) -> &[String] {
        &self.written
    }

    /// The labels as compared ([`normalize_label`]).
    pub fn normalized(&self) -> &[String] {
        &self.normalized
    }

    pub fn len(&self) -> usize {
        self.written.len()
    }

    pub fn is_empty(&self) -> bool {
        self.written.is_empty()
    }

    /// Whether an already normalised label is one of these.
    pub fn matches(&self, normalized: &str) -> bool {
        !normalized.is_empty() && self.normalized.iter().any(|a| a == normalized)
    }

    /// The index of an already normalised label.
    pub fn position(&self, normalized: &str) -> Option<usize> {
        if normalized.is_empty() {
            return None;
        }
        self.normalized.iter().position(|a| a == normalized)
    }
}

/// How a fact is found in a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locator {
    /// A label cell with its value to the right (or below).
    Field(Labels),
    /// The crossing of a row label and a column header, in a long table or
    /// in a wide table with a two-level header.
    Table { rows: Labels, cols: Labels },
}

/// One fact of the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactSpec {
    pub id: FactId,
    /// The Chinese name shown to users.
    pub name: String,
    pub kind: FactKind,
    /// Fragments of sheet names searched first (and only, for tables, when
    /// such a sheet exists).
    pub sheets: Vec<String>,
    pub locator: Locator,
    /// The kind of table the fact belongs to (an index into
    /// [`Profile::tables`]): its row labels are read only in a table of that
    /// kind, recognised by its title or its rows (issue 8).
    pub table: Option<usize>,
}

/// A kind of table recognised by its content, wherever it sits: the
/// 三公经费 table by rows such as 因公出国（境）费, the budget table by
/// 基本支出/项目支出.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpec {
    /// Stable ASCII key (`sangong`, `budget`).
    pub key: String,
    /// The Chinese name shown in messages.
    pub name: String,
    /// Fragments of a title (or of a sheet name) naming the table.
    pub titles: Vec<String>,
    /// Row (or header) labels only this table has; two of them identify it.
    pub rows: Labels,
}

/// The labels of a rubric's header columns, by the column's role.
///
/// 一级/二级/三级 headers are also recognised by their prefix (in `rubric`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderLabels {
    /// 三级指标 (or the indicator name).
    pub level3: Labels,
    /// 指标内容: what the indicator means.
    pub content: Labels,
    /// 评分标准, best first: among several, the earliest listed wins.
    pub standard: Labels,
    /// 指标说明: the standard when no `standard` column is there, otherwise
    /// the content.
    pub standard_or_content: Labels,
    /// 计分规则: an explicit rule.
    pub rule: Labels,
    /// 分值.
    pub max: Labels,
    /// 自评得分.
    pub self_score: Labels,
    /// 审核得分.
    pub review: Labels,
    /// 扣分原因 / 计算说明.
    pub reason: Labels,
}

/// What rubrics call one metric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricNames {
    /// The metric's stable code (`staff_control_rate`).
    pub key: String,
    /// Its Chinese name, as shown to users.
    pub name: String,
    /// The name followed by its aliases.
    pub names: Labels,
}

/// One sheet of the standard department template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSheet {
    pub name: String,
    /// The unit line under the title (`单位：万元`).
    pub unit: Option<String>,
    pub layout: TemplateLayout,
}

/// What a template sheet holds, with the labels exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateLayout {
    /// Label | value rows.
    Fields(Vec<String>),
    /// Row labels × column headers.
    Table {
        rows: Vec<String>,
        cols: Vec<String>,
    },
}

/// Why a profile file cannot be used (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(
        "无法读取标签配置文件「{path}」：{}",
        crate::base::os_error::describe(source)
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A TOML syntax error or an unknown key (`deny_unknown_fields`).
    #[error("标签配置文件「{path}」格式有误（第{line}行）：{message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "标签配置文件「{path}」第{line}行：「{code}」不是已知的数据项代码（可用代码见 docs/标签配置.md）"
    )]
    UnknownFact {
        path: PathBuf,
        line: usize,
        code: String,
    },
    #[error(
        "标签配置文件「{path}」第{line}行：「{code}」不是已知的指标代码（可用代码见 docs/指标目录.md）"
    )]
    UnknownMetric {
        path: PathBuf,
        line: usize,
        code: String,
    },
    /// Row or column labels for a field, or field labels for a table cell.
    #[error("标签配置文件「{path}」第{line}行：「{code}」（{name}）{hint}")]
    WrongLocator {
        path: PathBuf,
        line: usize,
        code: String,
        name: String,
        hint: &'static str,
    },
}

/// Every label jixiao recognises; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    facts: Vec<FactSpec>,
    /// `position[id as usize]` is the index of `id`'s spec in `facts`.
    position: Vec<usize>,
    name_labels: Labels,
    year_labels: Labels,
    headers: HeaderLabels,
    metrics: Vec<MetricNames>,
    template: Vec<TemplateSheet>,
    tables: Vec<TableSpec>,
}

impl Profile {
    /// The built-in profile (`src/profile/builtin.toml`).
    ///
    /// # Panics
    /// Never in a released build: a test parses the embedded file.
    pub fn builtin() -> Profile {
        file::parse_builtin(include_str!("builtin.toml"))
            .unwrap_or_else(|e| panic!("the built-in profile is invalid: {e}"))
    }

    /// The built-in profile extended with a user's file.
    ///
    /// # Errors
    /// See [`Profile::extend_from_file`].
    pub fn with_user_file(path: &Path) -> Result<Profile, ProfileError> {
        let mut profile = Profile::builtin();
        profile.extend_from_file(path)?;
        Ok(profile)
    }

    /// Adds the label variants of a user's profile file: each is appended
    /// after the labels already known, duplicates ignored.
    ///
    /// # Errors
    /// [`ProfileError`] when the file cannot be read, is not valid TOML, has
    /// an unknown key, or names a fact or metric code that does not exist;
    /// the message names the file and the line.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<(), ProfileError> {
        let text = crate::base::os_error::read_text(path, 1024 * 1024).map_err(|source| {
            ProfileError::Io {
                path: path.to_path_buf(),
                source,
            }
        })?;
        self.extend_from_str(&text, path)
    }

    /// As [`Profile::extend_from_file`], with the file's text given;
    /// `path` is only used in messages. Nothing changes on error.
    ///
    /// # Errors
    /// See [`Profile::extend_from_file`].
    pub fn extend_from_str(&mut self, text: &str, path: &Path) -> Result<(), ProfileError> {
        file::extend(self, text, path)
    }

    /// Every fact, in the order `jixiao check` lists them.
    pub fn facts(&self) -> &[FactSpec] {
        &self.facts
    }

    /// The spec of a fact. A profile describes every [`FactId`] (checked
    /// when it is built, and for the built-in profile by a test).
    pub fn fact(&self, id: FactId) -> &FactSpec {
        &self.facts[self.position[id as usize]]
    }

    /// The kinds of table recognised by their content.
    pub fn tables(&self) -> &[TableSpec] {
        &self.tables
    }

    /// Labels of the department's name (a text field).
    pub fn name_labels(&self) -> &Labels {
        &self.name_labels
    }

    /// Labels of the evaluation year (a text field).
    pub fn year_labels(&self) -> &Labels {
        &self.year_labels
    }

    /// Labels of a rubric's header columns.
    pub fn headers(&self) -> &HeaderLabels {
        &self.headers
    }

    /// Every metric's names, in catalogue order.
    pub fn metrics(&self) -> &[MetricNames] {
        &self.metrics
    }

    /// The names of the metric with this code.
    pub fn metric(&self, key: &str) -> Option<&MetricNames> {
        self.metrics.iter().find(|m| m.key == key)
    }

    /// The standard department template, sheet by sheet.
    pub fn template(&self) -> &[TemplateSheet] {
        &self.template
    }
}

#[cfg(test)]
mod tests;

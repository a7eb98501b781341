//! Metrics: the 指标 of DESIGN §2.2, computed from facts with exact decimals.
//!
//! Every value carries a trace (formula, inputs, source cells). A missing
//! fact or a zero denominator gives [`MetricValue::NotComputable`] with the
//! reason: never a silent 0.

pub mod basis;
pub mod catalog;
pub mod eval;
pub mod plausible;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

pub use basis::{Bases, Basis};
pub use catalog::{METRICS, MetricId, MetricSpec, MetricUnit};
pub use eval::{evaluate, evaluate_on};

/// One input of a computation, as shown on the 指标计算 sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    pub name: String,
    /// The value as written, with its unit: `3908.9432万元`.
    pub value: String,
    /// The cell it came from: `预算执行!D3`.
    pub source: Option<String>,
}

/// How a metric was (or could not be) computed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trace {
    pub formula: String,
    /// The budget basis the value is on (口径); `None` for a metric without
    /// one (counts, given values).
    pub basis: Option<Basis>,
    /// Set when the value is not on the stated basis, which had no figures:
    /// what was stated and why another basis was used. The value is then
    /// only a reference (参考).
    pub fallback: Option<Fallback>,
    pub inputs: Vec<Input>,
    pub notes: Vec<String>,
    /// Why the value is implausible (each also a warning of kind
    /// `Implausible`): a value so flagged is never stated with confidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub implausible: Vec<String>,
    /// The facts read, in order (for the plausibility checks).
    #[serde(skip)]
    pub facts: Vec<crate::profile::FactId>,
}

/// A metric computed on another basis than the stated one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fallback {
    /// The basis stated (by DESIGN §2.2 or the configuration).
    pub stated: Basis,
    /// Why it could not be used: the missing figures.
    pub reason: String,
}

impl Fallback {
    /// `未取得年初预算数（「…」未找到），改按全年预算计算，仅供参考`.
    pub fn note(&self, used: Option<Basis>) -> String {
        format!(
            "未取得{}数据（{}），改按{}计算，仅供参考",
            self.stated.label(),
            self.reason,
            used.map_or("其他口径", Basis::label)
        )
    }
}

/// A metric's result.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MetricValue {
    Computed {
        value: Decimal,
        /// The amount compared with, for comparison rules (上年结转结余).
        reference: Option<Decimal>,
        trace: Trace,
    },
    NotComputable {
        reason: String,
        /// Some input is marked not applicable (单位不需填列, 不适用).
        not_applicable: bool,
        trace: Trace,
    },
}

impl MetricValue {
    pub fn trace(&self) -> &Trace {
        match self {
            MetricValue::Computed { trace, .. } | MetricValue::NotComputable { trace, .. } => trace,
        }
    }

    pub fn value(&self) -> Option<Decimal> {
        match self {
            MetricValue::Computed { value, .. } => Some(*value),
            MetricValue::NotComputable { .. } => None,
        }
    }
}

/// All metrics of one department, in catalogue order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metrics {
    pub items: IndexMap<MetricId, MetricValue>,
    pub warnings: Vec<crate::base::Warning>,
    /// Each metric's Chinese name, from the profile it was evaluated with.
    #[serde(skip)]
    pub names: IndexMap<MetricId, String>,
}

impl Metrics {
    /// The metric's Chinese name (its code when the profile lacks it).
    pub fn name(&self, id: MetricId) -> &str {
        self.names
            .get(&id)
            .map_or_else(|| catalog::spec(id).key, String::as_str)
    }

    pub fn get(&self, id: MetricId) -> Option<&MetricValue> {
        self.items.get(&id)
    }

    /// The basis a metric's value is (or would be) on.
    pub fn basis(&self, id: MetricId) -> Option<Basis> {
        self.items.get(&id).and_then(|v| v.trace().basis)
    }

    /// The name with its basis, as every metric row and explanation shows
    /// it: `重点支出安排率（年初预算）`; the bare name for a metric without one.
    pub fn label(&self, id: MetricId) -> String {
        match self.basis(id) {
            Some(b) => format!("{}（{}）", self.name(id), b.label()),
            None => self.name(id).to_string(),
        }
    }

    /// Why the metric's value is implausible (empty when it is not).
    pub fn implausible(&self, id: MetricId) -> &[String] {
        self.items
            .get(&id)
            .map_or(&[], |v| v.trace().implausible.as_slice())
    }

    /// The value as shown: `80.55%`, `3`, `12.5万元`, or `无法计算`.
    pub fn display(&self, id: MetricId) -> String {
        match self.items.get(&id) {
            Some(MetricValue::Computed { value, .. }) => catalog::spec(id).unit.show(*value),
            _ => "无法计算".to_string(),
        }
    }
}

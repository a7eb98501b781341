//! Metrics: the 指标 of DESIGN §2.2, computed from facts with exact decimals.
//!
//! Every value carries a trace (formula, inputs, source cells). A missing
//! fact or a zero denominator gives [`MetricValue::NotComputable`] with the
//! reason: never a silent 0.

pub mod catalog;
pub mod eval;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

pub use catalog::{METRICS, MetricId, MetricSpec, MetricUnit};
pub use eval::evaluate;

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
    pub inputs: Vec<Input>,
    pub notes: Vec<String>,
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

    /// The value as shown: `80.55%`, `3`, `12.5万元`, or `无法计算`.
    pub fn display(&self, id: MetricId) -> String {
        match self.items.get(&id) {
            Some(MetricValue::Computed { value, .. }) => catalog::spec(id).unit.show(*value),
            _ => "无法计算".to_string(),
        }
    }
}

//! The metric catalogue: id, stable code, formula and unit.
//!
//! Formulas follow 财预〔2013〕53号 附件2 as quoted in the 宁国市 rubric
//! (seed 003; NOTES-domain §1.1). Rates are fractions (0.8 = 80%).
//!
//! The Chinese names and the names rubrics use are data: they live in the
//! profile (`src/profile/builtin.toml`), keyed by each metric's code.

use rust_decimal::Decimal;
use serde::Serialize;

/// What a metric's value measures, for display and rule units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MetricUnit {
    Percent,
    /// Money in 元.
    Amount,
    Count,
}

impl MetricUnit {
    pub fn show(self, v: Decimal) -> String {
        match self {
            MetricUnit::Percent => crate::base::format::pct(v),
            MetricUnit::Amount => format!(
                "{}元",
                crate::base::format::num(crate::base::format::round_half_up(v, 2))
            ),
            MetricUnit::Count => crate::base::format::num(v),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricId {
    StaffControlRate,
    SangongChangeRate,
    KeyExpenditureRate,
    BudgetCompletionRate,
    BudgetAdjustmentRate,
    PaymentProgressRate,
    CarryoverRate,
    PublicExpenseControlRate,
    SangongControlRate,
    ProcurementRate,
    FixedAssetUtilization,
    PerCapitaPublicExpenseChange,
    GeneralExpenseChange,
    OfficialCardRate,
    ActualCompletionRate,
    TimelyCompletionRate,
    QualityRate,
    KeyWorkRate,
    Satisfaction,
    FundBalance,
    LateSpecialFunds,
}

/// One metric of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct MetricSpec {
    pub id: MetricId,
    /// Stable ASCII id used in config, profiles and the 指标计算 sheet.
    pub key: &'static str,
    pub formula: &'static str,
    pub unit: MetricUnit,
}

macro_rules! metric {
    ($id:ident, $key:expr, $formula:expr, $unit:ident) => {
        MetricSpec {
            id: MetricId::$id,
            key: $key,
            formula: $formula,
            unit: MetricUnit::$unit,
        }
    };
}

/// The catalogue, in the order of the 指标计算 sheet.
pub static METRICS: &[MetricSpec] = &[
    metric!(
        StaffControlRate,
        "staff_control_rate",
        "在职人员数 ÷ 编制数 × 100%",
        Percent
    ),
    metric!(
        SangongChangeRate,
        "sangong_change_rate",
        "（本年“三公经费”预算数 − 上年预算数）÷ 上年预算数 × 100%",
        Percent
    ),
    metric!(
        KeyExpenditureRate,
        "key_expenditure_rate",
        "重点项目支出年初预算数 ÷ 项目支出年初预算数 × 100%",
        Percent
    ),
    metric!(
        BudgetCompletionRate,
        "budget_completion_rate",
        "支出合计全年执行数 ÷ 全年预算数 × 100%",
        Percent
    ),
    metric!(
        BudgetAdjustmentRate,
        "budget_adjustment_rate",
        "预算调整数 ÷ 年初预算数 × 100%",
        Percent
    ),
    metric!(
        PaymentProgressRate,
        "payment_progress_rate",
        "实际支付进度 ÷ 既定支付进度 × 100%",
        Percent
    ),
    metric!(
        CarryoverRate,
        "carryover_rate",
        "结转结余总额 ÷ 全年预算数 × 100%",
        Percent
    ),
    metric!(
        PublicExpenseControlRate,
        "public_expense_control_rate",
        "公用经费全年执行数 ÷ 公用经费年初预算数 × 100%",
        Percent
    ),
    metric!(
        SangongControlRate,
        "sangong_control_rate",
        "本年“三公经费”决算数 ÷ 本年预算数 × 100%",
        Percent
    ),
    metric!(
        ProcurementRate,
        "procurement_rate",
        "实际政府采购金额 ÷ 政府采购预算数 × 100%",
        Percent
    ),
    metric!(
        FixedAssetUtilization,
        "fixed_asset_utilization",
        "在用固定资产总额 ÷ 固定资产总额 × 100%",
        Percent
    ),
    metric!(
        PerCapitaPublicExpenseChange,
        "per_capita_public_expense_change",
        "（本年公用经费 ÷ 在职人数 − 上年公用经费 ÷ 上年在职人数）÷ 上年人均 × 100%",
        Percent
    ),
    metric!(
        GeneralExpenseChange,
        "general_expense_change",
        "（一般性支出本年数 − 上年数）÷ 上年数 × 100%",
        Percent
    ),
    metric!(
        OfficialCardRate,
        "official_card_rate",
        "公务卡实际结算金额 ÷ 应结算金额 × 100%",
        Percent
    ),
    metric!(
        ActualCompletionRate,
        "actual_completion_rate",
        "实际完成工作数 ÷ 计划工作数 × 100%",
        Percent
    ),
    metric!(
        TimelyCompletionRate,
        "timely_completion_rate",
        "及时完成工作数 ÷ 计划工作数 × 100%",
        Percent
    ),
    metric!(
        QualityRate,
        "quality_rate",
        "质量达标工作数 ÷ 计划工作数 × 100%",
        Percent
    ),
    metric!(
        KeyWorkRate,
        "key_work_rate",
        "重点工作办结数 ÷ 重点工作交办数 × 100%",
        Percent
    ),
    metric!(Satisfaction, "satisfaction", "按填报值", Percent),
    metric!(
        FundBalance,
        "fund_balance",
        "结转结余总额，与上年结转结余比较",
        Amount
    ),
    metric!(
        LateSpecialFunds,
        "late_special_funds",
        "未按进度完成资金下达的专项个数",
        Count
    ),
];

/// The spec of a metric. [`METRICS`] lists every [`MetricId`] in
/// declaration order, so the id is the index (a test checks it).
pub fn spec(id: MetricId) -> &'static MetricSpec {
    &METRICS[id as usize]
}

/// The metric a stable key names (`staff_control_rate`).
pub fn by_key(key: &str) -> Option<&'static MetricSpec> {
    METRICS.iter().find(|m| m.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completeness is a test, not an `expect`: every id indexes its own
    /// spec, and the last variant is the last entry (new metrics go at the
    /// end of both the enum and the catalogue).
    #[test]
    fn catalogue_is_indexed_by_id() {
        for (i, m) in METRICS.iter().enumerate() {
            assert_eq!(m.id as usize, i, "{} is out of place", m.key);
            assert_eq!(spec(m.id).key, m.key);
        }
        assert_eq!(MetricId::LateSpecialFunds as usize + 1, METRICS.len());
    }

    /// The profile names every metric, in catalogue order (matching a
    /// rubric row tries the metrics in this order).
    #[test]
    fn builtin_profile_names_every_metric_in_catalogue_order() {
        let profile = crate::profile::Profile::builtin();
        let named: Vec<&str> = profile.metrics().iter().map(|m| m.key.as_str()).collect();
        let ours: Vec<&str> = METRICS.iter().map(|m| m.key).collect();
        assert_eq!(named, ours);
    }
}

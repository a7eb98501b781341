//! The metric catalogue: id, Chinese name, the names rubrics use, formula.
//!
//! Formulas follow 财预〔2013〕53号 附件2 as quoted in the 宁国市 rubric
//! (seed 003; NOTES-domain §1.1). Rates are fractions (0.8 = 80%).

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
    /// Stable ASCII id used in config and the 指标计算 sheet.
    pub key: &'static str,
    pub name: &'static str,
    /// Other names rubrics give it (compared after label normalisation).
    pub aliases: &'static [&'static str],
    pub formula: &'static str,
    pub unit: MetricUnit,
}

macro_rules! metric {
    ($id:ident, $key:expr, $name:expr, [$($alias:expr),* $(,)?], $formula:expr, $unit:ident) => {
        MetricSpec {
            id: MetricId::$id,
            key: $key,
            name: $name,
            aliases: &[$($alias),*],
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
        "在职人员控制率",
        [
            "财政供养人员控制率",
            "在职(包括聘用)人员控制率",
            "人员控制率",
            "在职人员控制"
        ],
        "在职人员数 ÷ 编制数 × 100%",
        Percent
    ),
    metric!(
        SangongChangeRate,
        "sangong_change_rate",
        "“三公经费”变动率",
        ["三公经费变动率", "三公经费变动"],
        "（本年“三公经费”预算数 − 上年预算数）÷ 上年预算数 × 100%",
        Percent
    ),
    metric!(
        KeyExpenditureRate,
        "key_expenditure_rate",
        "重点支出安排率",
        ["重点支出安排", "重点项目支出安排率"],
        "重点项目支出 ÷ 项目支出 × 100%（全年预算数）",
        Percent
    ),
    metric!(
        BudgetCompletionRate,
        "budget_completion_rate",
        "预算完成率",
        ["预算执行率", "预算完成", "部门预算执行率", "预算执行"],
        "支出合计全年执行数 ÷ 全年预算数 × 100%",
        Percent
    ),
    metric!(
        BudgetAdjustmentRate,
        "budget_adjustment_rate",
        "预算调整率",
        ["预算调整", "预算控制率"],
        "预算调整数 ÷ 年初预算数 × 100%",
        Percent
    ),
    metric!(
        PaymentProgressRate,
        "payment_progress_rate",
        "支付进度率",
        ["支付进度", "支出进度率"],
        "实际支付进度 ÷ 既定支付进度 × 100%",
        Percent
    ),
    metric!(
        CarryoverRate,
        "carryover_rate",
        "结转结余率",
        ["结转结余", "结余结转率"],
        "结转结余总额 ÷ 全年预算数 × 100%",
        Percent
    ),
    metric!(
        PublicExpenseControlRate,
        "public_expense_control_rate",
        "公用经费控制率",
        ["公用经费控制"],
        "公用经费全年执行数 ÷ 公用经费全年预算数 × 100%",
        Percent
    ),
    metric!(
        SangongControlRate,
        "sangong_control_rate",
        "“三公经费”控制率",
        ["三公经费控制率", "三公经费控制"],
        "本年“三公经费”决算数 ÷ 本年预算数 × 100%",
        Percent
    ),
    metric!(
        ProcurementRate,
        "procurement_rate",
        "政府采购执行率",
        ["政府采购执行"],
        "实际政府采购金额 ÷ 政府采购预算数 × 100%",
        Percent
    ),
    metric!(
        FixedAssetUtilization,
        "fixed_asset_utilization",
        "固定资产利用率",
        ["固定资产利用"],
        "在用固定资产总额 ÷ 固定资产总额 × 100%",
        Percent
    ),
    metric!(
        PerCapitaPublicExpenseChange,
        "per_capita_public_expense_change",
        "人均公用经费变动率",
        ["人均公用经费变动"],
        "（本年公用经费 ÷ 在职人数 − 上年公用经费 ÷ 上年在职人数）÷ 上年人均 × 100%",
        Percent
    ),
    metric!(
        GeneralExpenseChange,
        "general_expense_change",
        "一般性支出变动率",
        ["一般性支出变动"],
        "（一般性支出本年数 − 上年数）÷ 上年数 × 100%",
        Percent
    ),
    metric!(
        OfficialCardRate,
        "official_card_rate",
        "公务卡结算率",
        ["公务卡刷卡率", "公务卡使用率"],
        "公务卡实际结算金额 ÷ 应结算金额 × 100%",
        Percent
    ),
    metric!(
        ActualCompletionRate,
        "actual_completion_rate",
        "实际完成率",
        ["总体工作完成率", "工作完成率"],
        "实际完成工作数 ÷ 计划工作数 × 100%",
        Percent
    ),
    metric!(
        TimelyCompletionRate,
        "timely_completion_rate",
        "完成及时率",
        ["及时完成率"],
        "及时完成工作数 ÷ 计划工作数 × 100%",
        Percent
    ),
    metric!(
        QualityRate,
        "quality_rate",
        "质量达标率",
        ["质量达标"],
        "质量达标工作数 ÷ 计划工作数 × 100%",
        Percent
    ),
    metric!(
        KeyWorkRate,
        "key_work_rate",
        "重点工作办结率",
        ["重点工作完成率", "重点工作办结"],
        "重点工作办结数 ÷ 重点工作交办数 × 100%",
        Percent
    ),
    metric!(
        Satisfaction,
        "satisfaction",
        "服务对象满意度",
        [
            "社会公众或服务对象满意度",
            "满意度",
            "群众满意度",
            "服务满意度",
            "参保对象满意度"
        ],
        "按填报值",
        Percent
    ),
    metric!(
        FundBalance,
        "fund_balance",
        "资金结余",
        ["结余资金", "资金结余情况"],
        "结转结余总额，与上年结转结余比较",
        Amount
    ),
    metric!(
        LateSpecialFunds,
        "late_special_funds",
        "未按进度下达专项数",
        ["专项资金下达进度"],
        "未按进度完成资金下达的专项个数",
        Count
    ),
];

/// The spec of a metric.
pub fn spec(id: MetricId) -> &'static MetricSpec {
    METRICS
        .iter()
        .find(|m| m.id == id)
        .expect("every MetricId has a spec in METRICS")
}

/// The metric a stable key names (`staff_control_rate`).
pub fn by_key(key: &str) -> Option<&'static MetricSpec> {
    METRICS.iter().find(|m| m.key == key)
}

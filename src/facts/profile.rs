//! The built-in profile: every fact jixiao reads, with the labels it accepts.
//!
//! This is the one place where label aliases live (DESIGN §2.1). The first
//! alias of each list is the label the standard template writes. Aliases come
//! from NOTES-domain §4 (决算 tables, 三公 layouts, staff tables) and the seeds.

use serde::Serialize;

/// What kind of quantity a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FactKind {
    /// An amount of money; converted to 元 using the table's unit.
    Money,
    /// A count of people, tasks or items.
    Count,
    /// A rate; `80%`, `0.8` and `80` all mean 0.8.
    Ratio,
}

/// Every fact the metrics use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactId {
    StaffAuthorized,
    StaffActual,
    StaffActualPrev,
    Satisfaction,
    TotalInitialBudget,
    TotalBudget,
    TotalExecuted,
    PublicBudget,
    PublicExecuted,
    PublicExecutedPrev,
    ProjectBudget,
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

/// How a fact is found in a sheet.
#[derive(Debug, Clone, Copy)]
pub enum Locator {
    /// A label cell with its value to the right (or below).
    Field(&'static [&'static str]),
    /// The crossing of a row label and a column header, in a long table or
    /// in a wide table with a two-level header.
    Table {
        rows: &'static [&'static str],
        cols: &'static [&'static str],
    },
}

/// One fact of the profile.
#[derive(Debug, Clone, Copy)]
pub struct FactSpec {
    pub id: FactId,
    /// The Chinese name shown to users.
    pub name: &'static str,
    pub kind: FactKind,
    /// Fragments of sheet names searched first (and only, for tables, when
    /// such a sheet exists).
    pub sheets: &'static [&'static str],
    pub locator: Locator,
}

// Sheet hints.
const BASIC: &[&str] = &["基本情况", "基本数字", "人员", "机构"];
const BUDGET: &[&str] = &["预算执行", "收入支出", "支出决算", "预算"];
const OTHER: &[&str] = &["其他财务", "财务数据"];
const SANGONG: &[&str] = &["三公"];
const WORK: &[&str] = &["履职"];

// Rows of the 预算执行 table.
const R_TOTAL: &[&str] = &[
    "支出合计",
    "合计",
    "年度资金总额",
    "支出总计",
    "本年支出合计",
    "总计",
];
const R_PUBLIC: &[&str] = &["公用经费", "日常公用经费", "商品和服务支出"];
const R_PROJECT: &[&str] = &[
    "项目支出",
    "专项支出",
    "项目支出总额",
    "专项支出总额",
    "项目总支出",
];
const R_KEY: &[&str] = &["重点项目支出", "重点支出", "重点项目支出总额"];
// Columns of the 预算执行 table.
const C_INITIAL: &[&str] = &["年初预算数", "年初预算", "年初预算数(A)", "年初预算数A"];
const C_BUDGET: &[&str] = &[
    "全年预算数",
    "调整后预算数",
    "全年(调整)预算数",
    "全年预算",
    "预算数",
    "本年预算数",
];
const C_EXECUTED: &[&str] = &[
    "全年执行数",
    "全年执行数(B)",
    "全年执行数B",
    "执行数",
    "本年执行数",
    "决算数",
    "实际支出数",
    "本年支出",
];
const C_EXECUTED_PREV: &[&str] = &["上年执行数", "上年决算数", "上年支出数", "上年实际支出"];
// Rows and columns of the 三公 table.
const R_SANGONG_TOTAL: &[&str] = &[
    "合计",
    "三公经费合计",
    "三公经费",
    "三公经费支出",
    "三公经费合计数",
    "支出合计",
];
const C_SG_BUDGET: &[&str] = &[
    "本年预算数",
    "预算数",
    "年初预算数",
    "本年预算",
    "本年度预算数",
];
const C_SG_ACTUAL: &[&str] = &[
    "本年决算数",
    "决算数",
    "执行数",
    "本年执行数",
    "本年实际支出数",
    "本年度",
];
const C_SG_BUDGET_PREV: &[&str] = &["上年预算数", "上年度预算数", "上年预算"];
const C_SG_ACTUAL_PREV: &[&str] = &["上年决算数", "上年执行数", "上年度决算数", "上年度"];

macro_rules! field {
    ($id:ident, $name:expr, $kind:ident, $sheets:expr, [$($alias:expr),+ $(,)?]) => {
        FactSpec {
            id: FactId::$id,
            name: $name,
            kind: FactKind::$kind,
            sheets: $sheets,
            locator: Locator::Field(&[$($alias),+]),
        }
    };
}

macro_rules! table {
    ($id:ident, $name:expr, $sheets:expr, $rows:expr, $cols:expr) => {
        FactSpec {
            id: FactId::$id,
            name: $name,
            kind: FactKind::Money,
            sheets: $sheets,
            locator: Locator::Table {
                rows: $rows,
                cols: $cols,
            },
        }
    };
}

/// The built-in profile, in the order `jixiao check` lists facts.
pub static FACTS: &[FactSpec] = &[
    field!(
        StaffAuthorized,
        "编制数",
        Count,
        BASIC,
        ["编制数", "人员编制", "编制人数", "核定编制数", "编制数合计"]
    ),
    field!(
        StaffActual,
        "在职人员数",
        Count,
        BASIC,
        [
            "在职人员数",
            "在职人数",
            "实有在职人数",
            "在职人员",
            "在职(包括聘用)人员数",
            "实有在职人员数",
            "年末在职人数"
        ]
    ),
    field!(
        StaffActualPrev,
        "上年在职人员数",
        Count,
        BASIC,
        ["上年在职人员数", "上年在职人数", "上年实有在职人数"]
    ),
    field!(
        Satisfaction,
        "服务对象满意度",
        Ratio,
        BASIC,
        [
            "服务对象满意度",
            "社会公众或服务对象满意度",
            "满意度",
            "群众满意度"
        ]
    ),
    table!(
        TotalInitialBudget,
        "支出合计·年初预算数",
        BUDGET,
        R_TOTAL,
        C_INITIAL
    ),
    table!(
        TotalBudget,
        "支出合计·全年预算数",
        BUDGET,
        R_TOTAL,
        C_BUDGET
    ),
    table!(
        TotalExecuted,
        "支出合计·全年执行数",
        BUDGET,
        R_TOTAL,
        C_EXECUTED
    ),
    table!(
        PublicBudget,
        "公用经费·全年预算数",
        BUDGET,
        R_PUBLIC,
        C_BUDGET
    ),
    table!(
        PublicExecuted,
        "公用经费·全年执行数",
        BUDGET,
        R_PUBLIC,
        C_EXECUTED
    ),
    table!(
        PublicExecutedPrev,
        "公用经费·上年执行数",
        BUDGET,
        R_PUBLIC,
        C_EXECUTED_PREV
    ),
    table!(
        ProjectBudget,
        "项目支出·全年预算数",
        BUDGET,
        R_PROJECT,
        C_BUDGET
    ),
    table!(
        KeyProjectBudget,
        "重点项目支出·全年预算数",
        BUDGET,
        R_KEY,
        C_BUDGET
    ),
    field!(
        BudgetAdjustment,
        "预算调整数",
        Money,
        OTHER,
        [
            "预算调整数(不含政策性调整)",
            "预算调整数",
            "预算调整金额",
            "预算调剂金额"
        ]
    ),
    field!(
        CarryoverTotal,
        "结转结余总额",
        Money,
        OTHER,
        ["结转结余总额", "年末结转和结余", "结转结余", "年末结转结余"]
    ),
    field!(
        CarryoverPrev,
        "上年结转结余",
        Money,
        OTHER,
        ["上年结转结余", "年初结转和结余", "上年结转", "年初结转结余"]
    ),
    field!(
        ProcurementBudget,
        "政府采购预算数",
        Money,
        OTHER,
        ["政府采购预算数", "政府采购预算"]
    ),
    field!(
        ProcurementActual,
        "实际政府采购金额",
        Money,
        OTHER,
        ["实际政府采购金额", "政府采购实际金额", "政府采购执行数"]
    ),
    field!(
        FixedAssetsTotal,
        "固定资产总额",
        Money,
        OTHER,
        ["固定资产总额", "所有固定资产总额", "固定资产原值"]
    ),
    field!(
        FixedAssetsInUse,
        "在用固定资产总额",
        Money,
        OTHER,
        ["在用固定资产总额", "实际在用固定资产总额"]
    ),
    field!(
        PaymentPlanned,
        "既定支付进度",
        Ratio,
        OTHER,
        ["既定支付进度", "序时支付进度"]
    ),
    field!(
        PaymentActual,
        "实际支付进度",
        Ratio,
        OTHER,
        ["实际支付进度"]
    ),
    field!(
        GeneralExpense,
        "一般性支出本年数",
        Money,
        OTHER,
        ["一般性支出本年数", "本年一般性支出"]
    ),
    field!(
        GeneralExpensePrev,
        "一般性支出上年数",
        Money,
        OTHER,
        ["一般性支出上年数", "上年一般性支出"]
    ),
    field!(
        CardDue,
        "公务卡应结算金额",
        Money,
        OTHER,
        ["公务卡应结算金额", "应使用公务卡结算金额"]
    ),
    field!(
        CardActual,
        "公务卡实际结算金额",
        Money,
        OTHER,
        ["公务卡实际结算金额", "公务卡结算金额", "公务卡刷卡金额"]
    ),
    field!(
        LateSpecialFunds,
        "未按进度下达专项数",
        Count,
        OTHER,
        [
            "未按进度下达专项数",
            "未按进度下达专项资金数",
            "未按进度完成资金下达的专项数"
        ]
    ),
    table!(
        SangongBudget,
        "三公经费·本年预算数",
        SANGONG,
        R_SANGONG_TOTAL,
        C_SG_BUDGET
    ),
    table!(
        SangongActual,
        "三公经费·本年决算数",
        SANGONG,
        R_SANGONG_TOTAL,
        C_SG_ACTUAL
    ),
    table!(
        SangongBudgetPrev,
        "三公经费·上年预算数",
        SANGONG,
        R_SANGONG_TOTAL,
        C_SG_BUDGET_PREV
    ),
    table!(
        SangongActualPrev,
        "三公经费·上年决算数",
        SANGONG,
        R_SANGONG_TOTAL,
        C_SG_ACTUAL_PREV
    ),
    field!(
        PlannedTasks,
        "计划工作数",
        Count,
        WORK,
        ["计划工作数", "计划工作任务数"]
    ),
    field!(
        CompletedTasks,
        "实际完成工作数",
        Count,
        WORK,
        ["实际完成工作数", "实际完成工作任务数"]
    ),
    field!(
        TimelyTasks,
        "及时完成工作数",
        Count,
        WORK,
        ["及时完成工作数", "及时完成实际工作数"]
    ),
    field!(
        QualityTasks,
        "质量达标工作数",
        Count,
        WORK,
        ["质量达标工作数", "质量达标实际工作数"]
    ),
    field!(
        KeyTasksAssigned,
        "重点工作交办数",
        Count,
        WORK,
        ["重点工作交办数", "交办或下达数", "重点工作下达数"]
    ),
    field!(
        KeyTasksDone,
        "重点工作办结数",
        Count,
        WORK,
        ["重点工作办结数", "重点工作实际完成数"]
    ),
];

/// Labels of the department's name and evaluation year (text fields).
pub const NAME_LABELS: &[&str] = &["单位名称", "部门名称", "评价单位", "被评价单位", "单位"];
pub const YEAR_LABELS: &[&str] = &["评价年度", "年度", "预算年度"];

/// The spec of a fact.
pub fn spec(id: FactId) -> &'static FactSpec {
    FACTS
        .iter()
        .find(|s| s.id == id)
        .expect("every FactId has a spec in FACTS")
}

/// One sheet of the standard template (DESIGN §2.1).
pub struct TemplateSheet {
    pub name: &'static str,
    pub unit: Option<&'static str>,
    pub layout: TemplateLayout,
}

pub enum TemplateLayout {
    /// Label | value rows.
    Fields(&'static [&'static str]),
    /// Row labels × column headers.
    Table {
        rows: &'static [&'static str],
        cols: &'static [&'static str],
    },
}

/// The standard department template, exactly as `jixiao template` writes it.
pub static TEMPLATE: &[TemplateSheet] = &[
    TemplateSheet {
        name: "基本情况",
        unit: None,
        layout: TemplateLayout::Fields(&[
            "单位名称",
            "评价年度",
            "编制数（人）",
            "在职人员数（人）",
            "上年在职人员数（人）",
            "服务对象满意度",
        ]),
    },
    TemplateSheet {
        name: "预算执行",
        unit: Some("单位：万元"),
        layout: TemplateLayout::Table {
            rows: &[
                "支出合计",
                "基本支出",
                "其中：人员经费",
                "其中：公用经费",
                "项目支出",
                "其中：重点项目支出",
            ],
            cols: &["年初预算数", "全年预算数", "全年执行数", "上年执行数"],
        },
    },
    TemplateSheet {
        name: "其他财务数据",
        unit: Some("单位：万元（进度、比率填百分数）"),
        layout: TemplateLayout::Fields(&[
            "预算调整数（不含政策性调整）",
            "结转结余总额",
            "上年结转结余",
            "政府采购预算数",
            "实际政府采购金额",
            "固定资产总额",
            "在用固定资产总额",
            "既定支付进度",
            "实际支付进度",
            "一般性支出本年数",
            "一般性支出上年数",
            "公务卡应结算金额",
            "公务卡实际结算金额",
            "未按进度下达专项数（个）",
        ]),
    },
    TemplateSheet {
        name: "三公经费",
        unit: Some("单位：元"),
        layout: TemplateLayout::Table {
            rows: &[
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "其中：公务用车购置费",
                "公务用车运行费",
                "公务接待费",
            ],
            cols: &["本年预算数", "本年决算数", "上年预算数", "上年决算数"],
        },
    },
    TemplateSheet {
        name: "履职情况",
        unit: None,
        layout: TemplateLayout::Fields(&[
            "计划工作数",
            "实际完成工作数",
            "及时完成工作数",
            "质量达标工作数",
            "重点工作交办数",
            "重点工作办结数",
        ]),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::text::normalize_label;

    #[test]
    fn every_fact_has_one_spec() {
        for (i, a) in FACTS.iter().enumerate() {
            for b in &FACTS[i + 1..] {
                assert_ne!(a.id, b.id, "{} listed twice", a.name);
            }
        }
    }

    /// The template writes labels the profile reads back.
    #[test]
    fn template_labels_are_known_aliases() {
        let known = |label: &str| {
            let l = normalize_label(label);
            FACTS.iter().any(|s| match s.locator {
                Locator::Field(a) => a.iter().any(|x| normalize_label(x) == l),
                Locator::Table { rows, cols } => {
                    rows.iter().chain(cols).any(|x| normalize_label(x) == l)
                }
            }) || NAME_LABELS.contains(&l.as_str())
                || YEAR_LABELS.contains(&l.as_str())
        };
        for sheet in TEMPLATE {
            let labels: Vec<&str> = match sheet.layout {
                TemplateLayout::Fields(f) => f.to_vec(),
                TemplateLayout::Table { rows, cols } => rows.iter().chain(cols).copied().collect(),
            };
            for label in labels {
                // Rows the metrics do not use (人员经费, 因公出国…) are informative.
                if [
                    "基本支出",
                    "其中：人员经费",
                    "因公出国（境）费",
                    "公务用车购置及运行费",
                    "其中：公务用车购置费",
                    "公务用车运行费",
                    "公务接待费",
                ]
                .contains(&label)
                {
                    continue;
                }
                assert!(known(label), "template label {label} is not an alias");
            }
        }
    }
}

//! Plausibility checks (DESIGN §2.2, issue 8 class 5): values that are
//! possible to compute but implausible for their metric, each flagged with
//! the cells involved.
//!
//! A flagged value is not stated with confidence: each check adds a warning
//! of kind [`WarningKind::Implausible`] and records its message on the trace
//! of every metric it makes doubtful ([`super::Trace::implausible`]); the
//! scorecard then shows such a row as 参考 with the reason (docs/指标目录.md).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::catalog::MetricId;
use super::{MetricValue, Metrics};
use crate::base::format::pct;
use crate::base::{Location, Warning, WarningKind};
use crate::facts::{FactId, FactKind, FactOutcome, Facts};

/// 预算完成率 above this (150%) is implausible: the budget is usually the
/// 年初预算 without the year's 追加 (the 宁国 sample's 694%).
pub const COMPLETION_HIGH: Decimal = dec!(1.5);
/// 预算完成率 below this (30%) is implausible: figures from different
/// tables or units.
pub const COMPLETION_LOW: Decimal = dec!(0.3);
/// 实际支付进度 below this (10%) at year end is implausible.
pub const PAYMENT_LOW: Decimal = dec!(0.1);
/// 在职人员控制率 outside [50%, 150%] is implausible (NOTES-domain §4.4:
/// 在职 counted with retirees, or 编制 written as a headcount).
pub const STAFF_LOW: Decimal = dec!(0.5);
pub const STAFF_HIGH: Decimal = dec!(1.5);

/// Runs every check over the evaluated metrics.
pub fn check(facts: &Facts, metrics: &mut Metrics) {
    negative_facts(facts, metrics);
    budget_completion(facts, metrics);
    payment_progress(facts, metrics);
    staff(facts, metrics);
    key_over_project(facts, metrics);
}

/// Adds the warning, and its message to the trace of each affected metric
/// that has a value.
fn flag(metrics: &mut Metrics, affected: &[MetricId], message: String, at: Option<Location>) {
    for id in affected {
        if let Some(MetricValue::Computed { trace, .. }) = metrics.items.get_mut(id) {
            trace.implausible.push(message.clone());
        }
    }
    let mut warning = Warning::new(WarningKind::Implausible, message);
    if let Some(at) = at {
        warning = warning.at(at);
    }
    metrics.warnings.push(warning);
}

/// The computed value of a metric with the facts it read.
fn computed(metrics: &Metrics, id: MetricId) -> Option<(Decimal, Vec<FactId>)> {
    match metrics.get(id) {
        Some(MetricValue::Computed { value, trace, .. }) => Some((*value, trace.facts.clone())),
        _ => None,
    }
}

/// `「支出合计·全年预算数」（3908.9432万元，预算执行!C4）`.
fn cite(facts: &Facts, id: FactId) -> String {
    match facts.get(id) {
        Some(f) => format!(
            "「{}」（{}，{}）",
            facts.name(id),
            f.display(facts.kind(id)),
            f.source.cell()
        ),
        None => format!("「{}」", facts.name(id)),
    }
}

fn at(facts: &Facts, id: FactId) -> Option<Location> {
    facts.get(id).map(|f| f.source.clone())
}

/// Any amount or count below 0: every metric that reads it is doubtful.
fn negative_facts(facts: &Facts, metrics: &mut Metrics) {
    for (id, outcome) in &facts.items {
        let FactOutcome::Found(f) = outcome else {
            continue;
        };
        if !matches!(facts.kind(*id), FactKind::Money | FactKind::Count) || f.value >= Decimal::ZERO
        {
            continue;
        }
        let affected: Vec<MetricId> = metrics
            .items
            .iter()
            .filter(|(_, v)| v.trace().facts.contains(id))
            .map(|(m, _)| *m)
            .collect();
        let what = if facts.kind(*id) == FactKind::Money {
            "金额"
        } else {
            "人数、个数"
        };
        flag(
            metrics,
            &affected,
            format!(
                "{}为负数，明显异常：{what}不应为负，请核对",
                cite(facts, *id)
            ),
            Some(f.source.clone()),
        );
    }
}

/// 预算完成率 above 150% or below 30%.
fn budget_completion(facts: &Facts, metrics: &mut Metrics) {
    let id = MetricId::BudgetCompletionRate;
    let Some((v, read)) = computed(metrics, id) else {
        return;
    };
    let [Some(spent), Some(budget)] = [read.first().copied(), read.get(1).copied()] else {
        return;
    };
    let cells = format!("{}与{}", cite(facts, spent), cite(facts, budget));
    let message = if v > COMPLETION_HIGH {
        format!(
            "{}为 {}，超过 150%，年初预算数可能未含追加：请核对{cells}",
            metrics.label(id),
            pct(v)
        )
    } else if v < COMPLETION_LOW {
        format!(
            "{}为 {}，低于 30%，明显偏低：请核对{cells}是否取自同一张表、同一金额单位",
            metrics.label(id),
            pct(v)
        )
    } else {
        return;
    };
    let at = at(facts, budget);
    flag(metrics, &[id], message, at);
}

/// 实际支付进度 below 10% at year end.
fn payment_progress(facts: &Facts, metrics: &mut Metrics) {
    let Some(f) = facts.get(FactId::PaymentActual) else {
        return;
    };
    if f.value >= PAYMENT_LOW {
        return;
    }
    flag(
        metrics,
        &[MetricId::PaymentProgressRate],
        format!(
            "{}低于 10%，年末支付进度明显偏低：请核对是否填错（如 95% 写成 0.95%）或填了年中某一时点的进度",
            cite(facts, FactId::PaymentActual)
        ),
        Some(f.source.clone()),
    );
}

/// 在职人员数 far from 编制数.
fn staff(facts: &Facts, metrics: &mut Metrics) {
    let id = MetricId::StaffControlRate;
    let Some((v, _)) = computed(metrics, id) else {
        return;
    };
    if (STAFF_LOW..=STAFF_HIGH).contains(&v) {
        return;
    }
    let message = format!(
        "{}为 {}（{}、{}），明显异常：请核对「在职人员数」是否误含离退休人员、「编制数」是否为实有人数",
        metrics.label(id),
        pct(v),
        cite(facts, FactId::StaffActual),
        cite(facts, FactId::StaffAuthorized)
    );
    // The 在职人员数 cell is the one to look at first.
    let at = at(facts, FactId::StaffActual);
    flag(metrics, &[id], message, at);
}

/// 重点项目支出 larger than 项目支出 (on the basis the rate used).
fn key_over_project(facts: &Facts, metrics: &mut Metrics) {
    let id = MetricId::KeyExpenditureRate;
    let Some((v, read)) = computed(metrics, id) else {
        return;
    };
    let [Some(key), Some(all)] = [read.first().copied(), read.get(1).copied()] else {
        return;
    };
    if v <= Decimal::ONE {
        return;
    }
    let message = format!(
        "{}大于{}，{}为 {}，明显异常：重点项目支出是项目支出的一部分，请核对这两行",
        cite(facts, key),
        cite(facts, all),
        metrics.label(id),
        pct(v)
    );
    let at = at(facts, key);
    flag(metrics, &[id], message, at);
}

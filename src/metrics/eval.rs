//! Evaluation of the catalogue over one department's facts.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::catalog::{METRICS, MetricId};
use super::{Input, MetricValue, Metrics, Trace};
use crate::base::checked;
use crate::base::{Warning, WarningKind};
use crate::facts::{FactId, FactOutcome, Facts};
use crate::profile::Profile;

/// Computes every metric of the catalogue; the profile names them.
pub fn evaluate(facts: &Facts, profile: &Profile) -> Metrics {
    let mut metrics = Metrics::default();
    for m in METRICS {
        if let Some(names) = profile.metric(m.key) {
            metrics.names.insert(m.id, names.name.clone());
        }
        let mut trace = Trace {
            formula: m.formula.to_string(),
            ..Trace::default()
        };
        let result = compute(m.id, facts, &mut trace);
        let value = match result {
            Ok((value, reference)) => MetricValue::Computed {
                value,
                reference,
                trace,
            },
            Err(why) => MetricValue::NotComputable {
                reason: why.reason,
                not_applicable: why.not_applicable,
                trace,
            },
        };
        metrics.items.insert(m.id, value);
    }
    if let Some(v) = metrics
        .get(MetricId::StaffControlRate)
        .and_then(MetricValue::value)
        && (v < dec!(0.5) || v > dec!(1.5))
    {
        let mut warning = Warning::new(
            WarningKind::Implausible,
            format!(
                "在职人员控制率为 {}，明显异常：请核对「在职人员数」是否误含离退休人员、「编制数」是否为实有人数",
                crate::base::format::pct(v)
            ),
        );
        // The 在职人员数 cell is the one to look at first.
        if let Some(f) = facts.get(FactId::StaffActual) {
            warning = warning.at(f.source.clone());
        }
        metrics.warnings.push(warning);
    }
    metrics
}

/// Why a metric has no value.
struct Why {
    reason: String,
    /// An input is marked not applicable rather than missing.
    not_applicable: bool,
}

impl From<String> for Why {
    fn from(reason: String) -> Self {
        Why {
            reason,
            not_applicable: false,
        }
    }
}

type Outcome = Result<(Decimal, Option<Decimal>), Why>;

/// An input or a result outside what jixiao computes with (issue 6):
/// "数值超出可计算范围（预算执行!C4、预算执行!D4）", naming the input cells.
fn out_of_range(trace: &Trace) -> Why {
    let cells: Vec<&str> = trace
        .inputs
        .iter()
        .filter_map(|i| i.source.as_deref())
        .collect();
    format!("{}（{}）", checked::OutOfRange, cells.join("、")).into()
}

/// Reads a fact into the trace; `Err` with the reason when it has no value.
fn fact(facts: &Facts, id: FactId, trace: &mut Trace) -> Result<Decimal, Why> {
    let name = facts.name(id);
    match facts.get(id) {
        Some(f) => {
            trace.inputs.push(Input {
                name: name.to_string(),
                value: f.display(facts.kind(id)),
                source: Some(f.source.cell()),
            });
            if let Some(note) = &f.note {
                trace.notes.push(format!("{name}：{note}"));
            }
            checked::in_range(f.value)
                .map_err(|_| Why::from(format!("{}（{}）", checked::OutOfRange, f.source.cell())))
        }
        None => Err(Why {
            reason: facts.why_missing(id),
            not_applicable: matches!(
                facts.items.get(&id),
                Some(FactOutcome::NotApplicable { .. })
            ),
        }),
    }
}

/// Reads all facts first so the trace lists everything that is present and
/// the reason names everything that is missing.
fn facts_all<const N: usize>(
    facts: &Facts,
    ids: [FactId; N],
    trace: &mut Trace,
) -> Result<[Decimal; N], Why> {
    let mut values = [Decimal::ZERO; N];
    let mut missing = Vec::new();
    let mut not_applicable = false;
    for (slot, id) in values.iter_mut().zip(ids) {
        match fact(facts, id, trace) {
            Ok(v) => *slot = v,
            Err(why) => {
                not_applicable |= why.not_applicable;
                missing.push(why.reason);
            }
        }
    }
    if missing.is_empty() {
        Ok(values)
    } else {
        Err(Why {
            reason: missing.join("；"),
            not_applicable,
        })
    }
}

fn ratio(facts: &Facts, num: FactId, den: FactId, trace: &mut Trace) -> Outcome {
    let [n, d] = facts_all(facts, [num, den], trace)?;
    if d.is_zero() {
        return Err(format!("分母「{}」为0，无法计算", facts.name(den)).into());
    }
    let rate = checked::div(n, d).map_err(|_| out_of_range(trace))?;
    Ok((rate, None))
}

/// (current − previous) ÷ previous; both zero is no change (0%).
fn change(current: Decimal, previous: Decimal, what: &str, trace: &mut Trace) -> Outcome {
    if previous.is_zero() {
        if current.is_zero() {
            trace
                .notes
                .push(format!("本年与上年{what}均为0，变动率按0%计"));
            return Ok((Decimal::ZERO, None));
        }
        return Err(format!("上年{what}为0而本年不为0，变动率无法计算").into());
    }
    let rate = checked::sub(current, previous)
        .and_then(|diff| checked::div(diff, previous))
        .map_err(|_| out_of_range(trace))?;
    Ok((rate, None))
}

fn compute(id: MetricId, facts: &Facts, trace: &mut Trace) -> Outcome {
    use FactId as F;
    match id {
        MetricId::StaffControlRate => ratio(facts, F::StaffActual, F::StaffAuthorized, trace),
        MetricId::SangongChangeRate => {
            let [cur, prev] = facts_all(facts, [F::SangongBudget, F::SangongBudgetPrev], trace)?;
            change(cur, prev, "“三公经费”预算数", trace)
        }
        MetricId::KeyExpenditureRate => ratio(facts, F::KeyProjectBudget, F::ProjectBudget, trace),
        MetricId::BudgetCompletionRate => ratio(facts, F::TotalExecuted, F::TotalBudget, trace),
        MetricId::BudgetAdjustmentRate => {
            ratio(facts, F::BudgetAdjustment, F::TotalInitialBudget, trace)
        }
        MetricId::PaymentProgressRate => ratio(facts, F::PaymentActual, F::PaymentPlanned, trace),
        MetricId::CarryoverRate => ratio(facts, F::CarryoverTotal, F::TotalBudget, trace),
        MetricId::PublicExpenseControlRate => {
            ratio(facts, F::PublicExecuted, F::PublicBudget, trace)
        }
        MetricId::SangongControlRate => ratio(facts, F::SangongActual, F::SangongBudget, trace),
        MetricId::ProcurementRate => {
            ratio(facts, F::ProcurementActual, F::ProcurementBudget, trace)
        }
        MetricId::FixedAssetUtilization => {
            ratio(facts, F::FixedAssetsInUse, F::FixedAssetsTotal, trace)
        }
        MetricId::PerCapitaPublicExpenseChange => {
            let [cur, staff, prev, staff_prev] = facts_all(
                facts,
                [
                    F::PublicExecuted,
                    F::StaffActual,
                    F::PublicExecutedPrev,
                    F::StaffActualPrev,
                ],
                trace,
            )?;
            if staff.is_zero() || staff_prev.is_zero() {
                return Err("在职人员数为0，人均公用经费无法计算".to_string().into());
            }
            let per_head =
                checked::div(cur, staff).and_then(|c| Ok((c, checked::div(prev, staff_prev)?)));
            let (cur, prev) = per_head.map_err(|_| out_of_range(trace))?;
            change(cur, prev, "人均公用经费", trace)
        }
        MetricId::GeneralExpenseChange => {
            let [cur, prev] = facts_all(facts, [F::GeneralExpense, F::GeneralExpensePrev], trace)?;
            change(cur, prev, "一般性支出", trace)
        }
        MetricId::OfficialCardRate => ratio(facts, F::CardActual, F::CardDue, trace),
        MetricId::ActualCompletionRate => ratio(facts, F::CompletedTasks, F::PlannedTasks, trace),
        MetricId::TimelyCompletionRate => ratio(facts, F::TimelyTasks, F::PlannedTasks, trace),
        MetricId::QualityRate => ratio(facts, F::QualityTasks, F::PlannedTasks, trace),
        MetricId::KeyWorkRate => ratio(facts, F::KeyTasksDone, F::KeyTasksAssigned, trace),
        MetricId::Satisfaction => fact(facts, F::Satisfaction, trace).map(|v| (v, None)),
        MetricId::FundBalance => {
            let [balance, prev] = facts_all(facts, [F::CarryoverTotal, F::CarryoverPrev], trace)?;
            Ok((balance, Some(prev)))
        }
        MetricId::LateSpecialFunds => fact(facts, F::LateSpecialFunds, trace).map(|v| (v, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Location;
    use crate::base::number::MoneyUnit;
    use crate::facts::Fact;
    use rust_decimal_macros::dec;

    fn facts(values: &[(FactId, Decimal)]) -> Facts {
        let mut f = Facts::new("t.xlsx", &Profile::builtin());
        for (i, (id, v)) in values.iter().enumerate() {
            let unit =
                matches!(f.kind(*id), crate::facts::FactKind::Money).then_some(MoneyUnit::Yuan);
            f.items.insert(
                *id,
                FactOutcome::Found(Fact {
                    value: *v,
                    raw: *v,
                    unit,
                    source: Location {
                        file: "t.xlsx".into(),
                        sheet: "表".into(),
                        row: u32::try_from(i).unwrap(),
                        col: 1,
                    },
                    note: None,
                }),
            );
        }
        f
    }

    fn eval(facts: &Facts) -> Metrics {
        evaluate(facts, &Profile::builtin())
    }

    fn value(m: &Metrics, id: MetricId) -> Decimal {
        m.get(id)
            .and_then(MetricValue::value)
            .unwrap_or_else(|| panic!("{id:?}: {:?}", m.get(id)))
    }

    fn reason(m: &Metrics, id: MetricId) -> String {
        match m.get(id) {
            Some(MetricValue::NotComputable { reason, .. }) => reason.clone(),
            other => panic!("{id:?} should not compute: {other:?}"),
        }
    }

    use FactId as F;
    use MetricId as M;

    /// Every ratio metric: value, zero denominator, missing numerator.
    #[test]
    fn ratios_with_zero_and_missing_denominators() {
        let cases = [
            (M::StaffControlRate, F::StaffActual, F::StaffAuthorized),
            (M::KeyExpenditureRate, F::KeyProjectBudget, F::ProjectBudget),
            (M::BudgetCompletionRate, F::TotalExecuted, F::TotalBudget),
            (
                M::BudgetAdjustmentRate,
                F::BudgetAdjustment,
                F::TotalInitialBudget,
            ),
            (M::PaymentProgressRate, F::PaymentActual, F::PaymentPlanned),
            (M::CarryoverRate, F::CarryoverTotal, F::TotalBudget),
            (
                M::PublicExpenseControlRate,
                F::PublicExecuted,
                F::PublicBudget,
            ),
            (M::SangongControlRate, F::SangongActual, F::SangongBudget),
            (
                M::ProcurementRate,
                F::ProcurementActual,
                F::ProcurementBudget,
            ),
            (
                M::FixedAssetUtilization,
                F::FixedAssetsInUse,
                F::FixedAssetsTotal,
            ),
            (M::OfficialCardRate, F::CardActual, F::CardDue),
            (M::ActualCompletionRate, F::CompletedTasks, F::PlannedTasks),
            (M::TimelyCompletionRate, F::TimelyTasks, F::PlannedTasks),
            (M::QualityRate, F::QualityTasks, F::PlannedTasks),
            (M::KeyWorkRate, F::KeyTasksDone, F::KeyTasksAssigned),
        ];
        for (metric, num, den) in cases {
            let m = eval(&facts(&[(num, dec!(37)), (den, dec!(40))]));
            assert_eq!(value(&m, metric), dec!(0.925), "{metric:?}");
            let trace = m.get(metric).unwrap().trace();
            assert_eq!(trace.inputs.len(), 2, "{metric:?}");
            assert!(trace.inputs[0].source.is_some());

            let m = eval(&facts(&[(num, dec!(37)), (den, dec!(0))]));
            assert!(reason(&m, metric).contains("为0"), "{metric:?}");

            let m = eval(&facts(&[(den, dec!(40))]));
            assert!(
                reason(&m, metric).contains(Profile::builtin().fact(num).name.as_str()),
                "{metric:?}"
            );
        }
    }

    /// 桃江 2019: 三公 98701 vs 54666 元 → 80.55% (seed 004).
    #[test]
    fn sangong_change_taojiang() {
        let m = eval(&facts(&[
            (F::SangongBudget, dec!(98701)),
            (F::SangongBudgetPrev, dec!(54666)),
        ]));
        assert_eq!(
            crate::base::format::pct(value(&m, M::SangongChangeRate)),
            "80.55%"
        );
    }

    #[test]
    fn changes_with_zero_last_year() {
        let m = eval(&facts(&[
            (F::SangongBudget, dec!(0)),
            (F::SangongBudgetPrev, dec!(0)),
        ]));
        assert_eq!(value(&m, M::SangongChangeRate), dec!(0));
        let m = eval(&facts(&[
            (F::SangongBudget, dec!(5)),
            (F::SangongBudgetPrev, dec!(0)),
        ]));
        assert!(reason(&m, M::SangongChangeRate).contains("上年"));
        let m = eval(&facts(&[
            (F::GeneralExpense, dec!(90)),
            (F::GeneralExpensePrev, dec!(100)),
        ]));
        assert_eq!(value(&m, M::GeneralExpenseChange), dec!(-0.1));
        let m = eval(&facts(&[
            (F::GeneralExpense, dec!(0)),
            (F::GeneralExpensePrev, dec!(0)),
        ]));
        assert_eq!(value(&m, M::GeneralExpenseChange), dec!(0));
    }

    #[test]
    fn per_capita_public_expense() {
        let m = eval(&facts(&[
            (F::PublicExecuted, dec!(110)),
            (F::StaffActual, dec!(10)),
            (F::PublicExecutedPrev, dec!(100)),
            (F::StaffActualPrev, dec!(10)),
        ]));
        assert_eq!(value(&m, M::PerCapitaPublicExpenseChange), dec!(0.1));
        let m = eval(&facts(&[
            (F::PublicExecuted, dec!(110)),
            (F::StaffActual, dec!(0)),
            (F::PublicExecutedPrev, dec!(100)),
            (F::StaffActualPrev, dec!(10)),
        ]));
        assert!(reason(&m, M::PerCapitaPublicExpenseChange).contains("为0"));
    }

    #[test]
    fn given_values_and_comparisons() {
        let m = eval(&facts(&[
            (F::Satisfaction, dec!(0.92)),
            (F::CarryoverTotal, dec!(50)),
            (F::CarryoverPrev, dec!(80)),
            (F::LateSpecialFunds, dec!(2)),
        ]));
        assert_eq!(value(&m, M::Satisfaction), dec!(0.92));
        assert!(
            matches!(m.get(M::FundBalance), Some(MetricValue::Computed { value, reference: Some(r), .. }) if *value == dec!(50) && *r == dec!(80))
        );
        assert_eq!(value(&m, M::LateSpecialFunds), dec!(2));
        assert!(reason(&eval(&facts(&[])), M::Satisfaction).contains("服务对象满意度"));
    }

    /// 宁国 2020: 27133.4828 / 3908.9432 → 694.14% (seed 003).
    #[test]
    fn budget_completion_ningguo() {
        let m = eval(&facts(&[
            (F::TotalExecuted, dec!(271334828)),
            (F::TotalBudget, dec!(39089432)),
        ]));
        assert_eq!(
            crate::base::format::pct(value(&m, M::BudgetCompletionRate)),
            "694.14%"
        );
    }

    #[test]
    fn implausible_staff_rate_is_flagged() {
        let m = eval(&facts(&[
            (F::StaffActual, dec!(113)),
            (F::StaffAuthorized, dec!(205)),
        ]));
        assert!(m.warnings.is_empty(), "55% is plausible");
        let m = eval(&facts(&[
            (F::StaffActual, dec!(190)),
            (F::StaffAuthorized, dec!(113)),
        ]));
        assert!(m.warnings[0].message.contains("离退休"));
        let m = eval(&facts(&[
            (F::StaffActual, dec!(40)),
            (F::StaffAuthorized, dec!(100)),
        ]));
        assert_eq!(m.warnings.len(), 1);
    }

    /// Issue 6: an 编制数 of 1e-28, a value of 7.9e27 or an amount past the
    /// limit is "无法计算：数值超出可计算范围（cell）", never a panic.
    #[test]
    fn absurd_magnitudes_are_not_computable() {
        let m = eval(&facts(&[
            (F::StaffActual, dec!(45)),
            (F::StaffAuthorized, dec!(1e-28)),
        ]));
        assert_eq!(
            reason(&m, M::StaffControlRate),
            "数值超出可计算范围（表!B1、表!B2）"
        );
        let m = eval(&facts(&[
            (F::TotalExecuted, dec!(7.9e27)),
            (F::TotalBudget, dec!(100)),
        ]));
        assert_eq!(
            reason(&m, M::BudgetCompletionRate),
            "数值超出可计算范围（表!B1）"
        );
        let m = eval(&facts(&[
            (F::SangongBudget, Decimal::MAX),
            (F::SangongBudgetPrev, Decimal::MIN),
        ]));
        assert!(reason(&m, M::SangongChangeRate).starts_with("数值超出可计算范围"));
        let m = eval(&facts(&[
            (F::PublicExecuted, dec!(1e18)),
            (F::StaffActual, dec!(1e-20)),
            (F::PublicExecutedPrev, dec!(1)),
            (F::StaffActualPrev, dec!(1)),
        ]));
        assert!(
            reason(&m, M::PerCapitaPublicExpenseChange).starts_with("数值超出可计算范围"),
            "{}",
            reason(&m, M::PerCapitaPublicExpenseChange)
        );
    }

    proptest::proptest! {
        /// Any input value a Decimal can hold computes or is not computable:
        /// never a panic, whatever the magnitude and scale.
        #[test]
        fn any_decimal_inputs_never_panic(
            a in proptest::num::i128::ANY,
            b in proptest::num::i128::ANY,
            sa in 0u32..=28,
            sb in 0u32..=28,
        ) {
            let clamp = |m: i128, s: u32| {
                let m = m % 79_228_162_514_264_337_593_543_950_335;
                Decimal::from_i128_with_scale(m, s)
            };
            let (x, y) = (clamp(a, sa), clamp(b, sb));
            let all: Vec<(FactId, Decimal)> = [
                F::StaffActual, F::StaffAuthorized, F::SangongBudget, F::SangongBudgetPrev,
                F::PublicExecuted, F::StaffActualPrev, F::PublicExecutedPrev, F::GeneralExpense,
                F::GeneralExpensePrev, F::TotalExecuted, F::TotalBudget,
            ]
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, if i % 2 == 0 { x } else { y }))
            .collect();
            let m = eval(&facts(&all));
            for v in m.items.values() {
                if let Some(v) = v.value() {
                    proptest::prop_assert!(checked::in_range(v).is_ok());
                }
            }
        }
    }
}

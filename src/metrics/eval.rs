//! Evaluation of the catalogue over one department's facts.

use rust_decimal::Decimal;

use super::basis::{self, Bases, Basis};
use super::catalog::{self, METRICS, MetricId};
use super::{Fallback, Input, MetricValue, Metrics, Trace};
use crate::base::checked;
use crate::facts::{FactId, FactOutcome, Facts};
use crate::profile::Profile;

/// Computes every metric of the catalogue on its stated basis; the profile
/// names them.
pub fn evaluate(facts: &Facts, profile: &Profile) -> Metrics {
    evaluate_on(facts, profile, &Bases::default())
}

/// Computes every metric of the catalogue on the bases chosen (DESIGN
/// §2.2), falling back to another basis when the chosen one has no
/// figures, then flags implausible values ([`super::plausible`]).
pub fn evaluate_on(facts: &Facts, profile: &Profile, bases: &Bases) -> Metrics {
    let mut metrics = Metrics::default();
    for m in METRICS {
        if let Some(names) = profile.metric(m.key) {
            metrics.names.insert(m.id, names.name.clone());
        }
        let stated = bases.of(m.id);
        let (mut result, mut trace) = run(m.id, facts, stated);
        if let (Err(why), Some(stated)) = (&result, stated)
            && let Some(other) = fallback_basis(m.id, stated, facts)
        {
            let (again, mut other_trace) = run(m.id, facts, Some(other));
            if again.is_ok() {
                other_trace.fallback = Some(Fallback {
                    stated,
                    reason: why.reason.clone(),
                });
                result = again;
                trace = other_trace;
            }
        }
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
    super::plausible::check(facts, &mut metrics);
    metrics
}

/// Computes one metric on one basis, with a fresh trace.
fn run(id: MetricId, facts: &Facts, basis: Option<Basis>) -> (Outcome, Trace) {
    let formula = basis
        .and_then(|b| basis::variant(id, b))
        .map_or(catalog::spec(id).formula, |(_, f)| f);
    let mut trace = Trace {
        formula: formula.to_string(),
        basis,
        ..Trace::default()
    };
    let result = compute(id, facts, basis, &mut trace);
    (result, trace)
}

/// The basis to fall back to when `stated` lacks figures: another basis
/// the metric allows, whose figures are all there, while some figure of
/// `stated` is absent (not found or left blank). A figure that is there
/// but unusable (不适用, text, in conflict) is not replaced: its reason
/// stands.
fn fallback_basis(id: MetricId, stated: Basis, facts: &Facts) -> Option<Basis> {
    let (own, _) = basis::variant(id, stated)?;
    let absent = own.iter().any(|f| {
        matches!(
            facts.items.get(f),
            None | Some(FactOutcome::Missing { .. } | FactOutcome::Blank { .. })
        )
    });
    if !absent {
        return None;
    }
    basis::allowed(id).iter().copied().find(|b| {
        *b != stated
            && basis::variant(id, *b)
                .is_some_and(|(fs, _)| fs.iter().all(|f| facts.get(*f).is_some()))
    })
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
    trace.facts.push(id);
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

/// The facts a basis variant reads, or `default` (the stated basis's).
fn on<const N: usize>(variant: Option<&[FactId]>, default: [FactId; N]) -> [FactId; N] {
    variant
        .and_then(|v| <[FactId; N]>::try_from(v).ok())
        .unwrap_or(default)
}

fn compute(id: MetricId, facts: &Facts, basis: Option<Basis>, trace: &mut Trace) -> Outcome {
    use FactId as F;
    let variant = basis.and_then(|b| basis::variant(id, b)).map(|(f, _)| f);
    match id {
        MetricId::StaffControlRate => ratio(facts, F::StaffActual, F::StaffAuthorized, trace),
        MetricId::SangongChangeRate => {
            let ids = on(variant, [F::SangongBudget, F::SangongBudgetPrev]);
            let [cur, prev] = facts_all(facts, ids, trace)?;
            let what = if basis == Some(Basis::Final) {
                "“三公经费”决算数"
            } else {
                "“三公经费”预算数"
            };
            change(cur, prev, what, trace)
        }
        MetricId::KeyExpenditureRate => {
            let [key, all] = on(
                variant,
                [F::KeyProjectInitialBudget, F::ProjectInitialBudget],
            );
            ratio(facts, key, all, trace)
        }
        MetricId::BudgetCompletionRate => {
            let [budget] = on(variant, [F::TotalBudget]);
            ratio(facts, F::TotalExecuted, budget, trace)
        }
        MetricId::BudgetAdjustmentRate => {
            let [budget] = on(variant, [F::TotalInitialBudget]);
            ratio(facts, F::BudgetAdjustment, budget, trace)
        }
        MetricId::PaymentProgressRate => ratio(facts, F::PaymentActual, F::PaymentPlanned, trace),
        MetricId::CarryoverRate => {
            let [budget] = on(variant, [F::TotalBudget]);
            ratio(facts, F::CarryoverTotal, budget, trace)
        }
        MetricId::PublicExpenseControlRate => {
            let [budget] = on(variant, [F::PublicInitialBudget]);
            ratio(facts, F::PublicExecuted, budget, trace)
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
            (
                M::KeyExpenditureRate,
                F::KeyProjectInitialBudget,
                F::ProjectInitialBudget,
            ),
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
                F::PublicInitialBudget,
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
        assert_eq!(
            m.warnings[0].message,
            "在职人员控制率为 168.14%（「在职人员数」（190，表!B1）、「编制数」（113，表!B2）），明显异常：请核对「在职人员数」是否误含离退休人员、「编制数」是否为实有人数"
        );
        assert_eq!(implausible(&m, M::StaffControlRate).len(), 1);
        let m = eval(&facts(&[
            (F::StaffActual, dec!(40)),
            (F::StaffAuthorized, dec!(100)),
        ]));
        assert_eq!(m.warnings.len(), 1);
        // The bounds themselves are plausible: 50% and 150%; 49.99% and
        // 150.01% are not.
        for (actual, flagged) in [
            (dec!(5000), false),
            (dec!(15000), false),
            (dec!(4999), true),
            (dec!(15001), true),
        ] {
            let m = eval(&facts(&[
                (F::StaffActual, actual),
                (F::StaffAuthorized, dec!(10000)),
            ]));
            assert_eq!(!m.warnings.is_empty(), flagged, "{actual}");
        }
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

    fn eval_on(facts: &Facts, bases: &Bases) -> Metrics {
        evaluate_on(facts, &Profile::builtin(), bases)
    }

    fn trace(m: &Metrics, id: MetricId) -> &Trace {
        m.get(id).unwrap().trace()
    }

    /// DESIGN §2.2: 重点支出安排率 and 公用经费控制率 on 年初预算, 预算完成率
    /// and 结转结余率 on 全年预算, 预算调整率 on 年初预算 — each with distinct
    /// 年初 and 全年 figures so that the basis shows in the value.
    #[test]
    fn each_metric_on_its_stated_basis() {
        let f = facts(&[
            (F::KeyProjectInitialBudget, dec!(245)),
            (F::ProjectInitialBudget, dec!(260)),
            (F::KeyProjectBudget, dec!(249)),
            (F::ProjectBudget, dec!(270)),
            (F::PublicInitialBudget, dec!(900000)),
            (F::PublicBudget, dec!(1000000)),
            (F::PublicExecuted, dec!(1150000)),
            (F::TotalInitialBudget, dec!(780)),
            (F::TotalBudget, dec!(790)),
            (F::TotalExecuted, dec!(784)),
            (F::BudgetAdjustment, dec!(10)),
            (F::CarryoverTotal, dec!(6)),
        ]);
        let m = eval(&f);
        // 245 ÷ 260 = 94.23% (not 249 ÷ 270 = 92.22%).
        assert_eq!(
            crate::base::format::pct(value(&m, M::KeyExpenditureRate)),
            "94.23%"
        );
        assert_eq!(m.label(M::KeyExpenditureRate), "重点支出安排率（年初预算）");
        // 1150000 ÷ 900000 = 127.78%: the 追加 of 100000 does not hide the overrun.
        assert_eq!(
            crate::base::format::pct(value(&m, M::PublicExpenseControlRate)),
            "127.78%"
        );
        assert_eq!(
            m.label(M::PublicExpenseControlRate),
            "公用经费控制率（年初预算）"
        );
        // 784 ÷ 790 = 99.24%.
        assert_eq!(
            crate::base::format::pct(value(&m, M::BudgetCompletionRate)),
            "99.24%"
        );
        assert_eq!(m.label(M::BudgetCompletionRate), "预算完成率（全年预算）");
        // 10 ÷ 780 = 1.28%; 6 ÷ 790 = 0.76%.
        assert_eq!(
            crate::base::format::pct(value(&m, M::BudgetAdjustmentRate)),
            "1.28%"
        );
        assert_eq!(
            crate::base::format::pct(value(&m, M::CarryoverRate)),
            "0.76%"
        );
        assert_eq!(m.label(M::CarryoverRate), "结转结余率（全年预算）");
        assert_eq!(m.label(M::StaffControlRate), "在职人员控制率");
        assert_eq!(m.label(M::SangongChangeRate), "“三公经费”变动率（预算数）");
        assert_eq!(
            m.label(M::GeneralExpenseChange),
            "一般性支出变动率（执行数）"
        );
        assert_eq!(m.label(M::ProcurementRate), "政府采购执行率（年初预算）");
        for id in [M::KeyExpenditureRate, M::BudgetCompletionRate] {
            assert!(trace(&m, id).fallback.is_none());
            assert!(trace(&m, id).implausible.is_empty());
        }
        assert_eq!(
            trace(&m, M::KeyExpenditureRate).formula,
            "重点项目支出年初预算数 ÷ 项目支出年初预算数 × 100%"
        );

        // A locality's choice (config): 全年 for 重点支出安排率 and 公用经费控制率,
        // 年初 for 预算完成率.
        let mut bases = Bases::default();
        bases
            .choose(M::KeyExpenditureRate, Basis::FullYearBudget)
            .unwrap();
        bases
            .choose(M::PublicExpenseControlRate, Basis::FullYearBudget)
            .unwrap();
        bases
            .choose(M::BudgetCompletionRate, Basis::InitialBudget)
            .unwrap();
        let m = eval_on(&f, &bases);
        // 249 ÷ 270 = 92.22%; 1150000 ÷ 1000000 = 115%; 784 ÷ 780 = 100.51%.
        assert_eq!(
            crate::base::format::pct(value(&m, M::KeyExpenditureRate)),
            "92.22%"
        );
        assert_eq!(m.label(M::KeyExpenditureRate), "重点支出安排率（全年预算）");
        assert_eq!(value(&m, M::PublicExpenseControlRate), dec!(1.15));
        assert_eq!(
            crate::base::format::pct(value(&m, M::BudgetCompletionRate)),
            "100.51%"
        );
        assert_eq!(
            trace(&m, M::BudgetCompletionRate).formula,
            "支出合计全年执行数 ÷ 年初预算数 × 100%"
        );
        assert!(trace(&m, M::KeyExpenditureRate).fallback.is_none());
    }

    /// The stated basis has no figures but another has: computed on the
    /// other one, with the fallback recorded (the score row is then 参考).
    #[test]
    fn missing_stated_basis_falls_back_with_a_note() {
        // 重点支出安排率 with only 全年 figures: 249 ÷ 270 = 92.22%.
        let m = eval(&facts(&[
            (F::KeyProjectBudget, dec!(249)),
            (F::ProjectBudget, dec!(270)),
        ]));
        assert_eq!(
            crate::base::format::pct(value(&m, M::KeyExpenditureRate)),
            "92.22%"
        );
        let t = trace(&m, M::KeyExpenditureRate);
        assert_eq!(t.basis, Some(Basis::FullYearBudget));
        let fb = t.fallback.as_ref().unwrap();
        assert_eq!(fb.stated, Basis::InitialBudget);
        assert_eq!(
            fb.note(t.basis),
            "未取得年初预算数据（缺少「重点项目支出·年初预算数」；缺少「项目支出·年初预算数」），改按全年预算计算，仅供参考"
        );
        assert_eq!(m.label(M::KeyExpenditureRate), "重点支出安排率（全年预算）");

        // 三公 变动率 with 上年决算 but no 上年预算: on 决算数, 5.12 vs 5.8 万元
        // → (51200 − 58000) ÷ 58000 = −11.72%.
        let m = eval(&facts(&[
            (F::SangongBudget, dec!(60000)),
            (F::SangongActual, dec!(51200)),
            (F::SangongActualPrev, dec!(58000)),
        ]));
        assert_eq!(
            crate::base::format::pct(value(&m, M::SangongChangeRate)),
            "-11.72%"
        );
        let t = trace(&m, M::SangongChangeRate);
        assert_eq!(t.basis, Some(Basis::Final));
        assert_eq!(
            t.fallback.as_ref().unwrap().note(t.basis),
            "未取得预算数数据（缺少「三公经费·上年预算数」），改按决算数计算，仅供参考"
        );
        // The control rate has one basis: 51200 ÷ 60000, no fallback.
        assert!(trace(&m, M::SangongControlRate).fallback.is_none());

        // Neither basis complete: 无法计算 with the stated basis's reason.
        let m = eval(&facts(&[(F::KeyProjectBudget, dec!(249))]));
        assert!(reason(&m, M::KeyExpenditureRate).contains("重点项目支出·年初预算数"));
        assert_eq!(
            trace(&m, M::KeyExpenditureRate).basis,
            Some(Basis::InitialBudget)
        );
    }

    /// A stated figure that is there but 不适用 is not replaced by another
    /// basis: the row may score full marks for 不适用.
    #[test]
    fn not_applicable_is_not_a_missing_basis() {
        let mut f = facts(&[
            (F::KeyProjectBudget, dec!(249)),
            (F::ProjectBudget, dec!(270)),
            (F::ProjectInitialBudget, dec!(260)),
        ]);
        f.items.insert(
            F::KeyProjectInitialBudget,
            FactOutcome::NotApplicable {
                at: Location {
                    file: "t.xlsx".into(),
                    sheet: "表".into(),
                    row: 9,
                    col: 1,
                },
                text: "单位不需填列".into(),
            },
        );
        let m = eval(&f);
        assert!(matches!(
            m.get(M::KeyExpenditureRate),
            Some(MetricValue::NotComputable {
                not_applicable: true,
                ..
            })
        ));
    }

    /// The messages of the plausibility checks, each naming its cells.
    fn implausible(m: &Metrics, id: MetricId) -> Vec<String> {
        m.implausible(id).to_vec()
    }

    /// 预算完成率 bounds: 150% and 30% themselves are plausible.
    #[test]
    fn budget_completion_bounds() {
        let at = |spent: Decimal| {
            eval(&facts(&[
                (F::TotalExecuted, spent),
                (F::TotalBudget, dec!(10000)),
            ]))
        };
        assert!(implausible(&at(dec!(14999)), M::BudgetCompletionRate).is_empty());
        assert!(implausible(&at(dec!(15000)), M::BudgetCompletionRate).is_empty());
        let m = at(dec!(15001));
        assert_eq!(
            implausible(&m, M::BudgetCompletionRate),
            [
                "预算完成率（全年预算）为 150.01%，超过 150%，年初预算数可能未含追加：请核对「支出合计·全年执行数」（15001元，表!B1）与「支出合计·全年预算数」（10000元，表!B2）"
            ]
        );
        assert_eq!(m.warnings.len(), 1);
        assert_eq!(m.warnings[0].kind, crate::base::WarningKind::Implausible);
        assert_eq!(m.warnings[0].at.as_ref().unwrap().cell(), "表!B2");
        assert!(implausible(&at(dec!(3000)), M::BudgetCompletionRate).is_empty());
        assert_eq!(
            implausible(&at(dec!(2999)), M::BudgetCompletionRate),
            [
                "预算完成率（全年预算）为 29.99%，低于 30%，明显偏低：请核对「支出合计·全年执行数」（2999元，表!B1）与「支出合计·全年预算数」（10000元，表!B2）是否取自同一张表、同一金额单位"
            ]
        );
    }

    /// 宁国 2020 (seed 003): 694.14% is flagged.
    #[test]
    fn ningguo_694_is_flagged() {
        let m = eval(&facts(&[
            (F::TotalExecuted, dec!(271334828)),
            (F::TotalBudget, dec!(39089432)),
        ]));
        let why = implausible(&m, M::BudgetCompletionRate);
        assert_eq!(why.len(), 1);
        assert!(
            why[0]
                .starts_with("预算完成率（全年预算）为 694.14%，超过 150%，年初预算数可能未含追加")
        );
    }

    /// 实际支付进度 below 10% at year end; 10% is plausible.
    #[test]
    fn payment_progress_bound() {
        let at = |actual: Decimal| {
            eval(&facts(&[
                (F::PaymentActual, actual),
                (F::PaymentPlanned, dec!(0.9)),
            ]))
        };
        assert!(implausible(&at(dec!(0.1)), M::PaymentProgressRate).is_empty());
        let m = at(dec!(0.0999));
        assert_eq!(
            implausible(&m, M::PaymentProgressRate),
            [
                "「实际支付进度」（9.99%，表!B1）低于 10%，年末支付进度明显偏低：请核对是否填错（如 95% 写成 0.95%）或填了年中某一时点的进度"
            ]
        );
        assert_eq!(m.warnings[0].at.as_ref().unwrap().cell(), "表!B1");
    }

    /// A negative amount or count makes every metric that reads it doubtful.
    #[test]
    fn negative_amounts_and_counts() {
        let m = eval(&facts(&[
            (F::PublicExecuted, dec!(-110)),
            (F::PublicInitialBudget, dec!(100)),
            (F::StaffActual, dec!(10)),
            (F::PublicExecutedPrev, dec!(100)),
            (F::StaffActualPrev, dec!(10)),
            (F::PlannedTasks, dec!(-3)),
            (F::CompletedTasks, dec!(3)),
        ]));
        let money =
            "「公用经费·全年执行数」（-110元，表!B1）为负数，明显异常：金额不应为负，请核对";
        assert_eq!(implausible(&m, M::PublicExpenseControlRate), [money]);
        assert_eq!(implausible(&m, M::PerCapitaPublicExpenseChange), [money]);
        let count = "「计划工作数」（-3，表!B6）为负数，明显异常：人数、个数不应为负，请核对";
        assert_eq!(implausible(&m, M::ActualCompletionRate), [count]);
        assert_eq!(m.warnings.len(), 2, "{:?}", m.warnings);
        assert_eq!(m.warnings[0].at.as_ref().unwrap().cell(), "表!B1");
        assert!(implausible(&m, M::StaffControlRate).is_empty());
    }

    /// 重点项目支出 above 项目支出, on the basis the rate used.
    #[test]
    fn key_above_project() {
        let m = eval(&facts(&[
            (F::KeyProjectInitialBudget, dec!(300)),
            (F::ProjectInitialBudget, dec!(300)),
        ]));
        assert!(
            implausible(&m, M::KeyExpenditureRate).is_empty(),
            "equal is plausible"
        );
        let m = eval(&facts(&[
            (F::KeyProjectInitialBudget, dec!(301)),
            (F::ProjectInitialBudget, dec!(300)),
        ]));
        assert_eq!(
            implausible(&m, M::KeyExpenditureRate),
            [
                "「重点项目支出·年初预算数」（301元，表!B1）大于「项目支出·年初预算数」（300元，表!B2），重点支出安排率（年初预算）为 100.33%，明显异常：重点项目支出是项目支出的一部分，请核对这两行"
            ]
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

//! The budget basis (口径) of each metric (DESIGN §2.2).
//!
//! 财预〔2013〕53号 附件2 (quoted in the 宁国 and 桃江 seeds) defines each
//! rate on a particular budget figure: 重点支出安排率 and 公用经费控制率 on
//! the budget as arranged (年初预算: a mid-year 追加 must not hide an
//! overrun), 预算完成率 and 结转结余率 on the budget after additions (全年预算),
//! the 三公 rates on 预算数. A locality may choose another basis per metric in
//! the configuration (`[metrics.key_expenditure_rate] basis = "全年预算"`);
//! when the chosen basis has no figures but another has, the metric is
//! computed on the other one and marked as a fallback (参考).

use indexmap::IndexMap;
use serde::Serialize;

use super::catalog::MetricId;
use crate::profile::FactId;

/// The figures a metric is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 年初预算: the budget as approved at the start of the year.
    InitialBudget,
    /// 全年预算: the budget after the year's additions and adjustments.
    FullYearBudget,
    /// 预算数 (三公经费).
    Budget,
    /// 决算数 (三公经费).
    Final,
    /// 执行数: amounts actually spent.
    Executed,
}

impl Basis {
    /// The word shown after a metric's name: `年初预算`.
    pub fn label(self) -> &'static str {
        match self {
            Basis::InitialBudget => "年初预算",
            Basis::FullYearBudget => "全年预算",
            Basis::Budget => "预算数",
            Basis::Final => "决算数",
            Basis::Executed => "执行数",
        }
    }

    /// The basis a configuration value names (`"全年预算"`, `"调整后预算"`…).
    pub fn from_label(text: &str) -> Option<Basis> {
        let t = crate::base::text::normalize_label(text);
        match t.as_str() {
            "年初预算" | "年初预算数" => Some(Basis::InitialBudget),
            "全年预算" | "全年预算数" | "调整后预算" | "调整后预算数" => {
                Some(Basis::FullYearBudget)
            }
            "预算数" | "预算" => Some(Basis::Budget),
            "决算数" | "决算" => Some(Basis::Final),
            "执行数" | "执行" => Some(Basis::Executed),
            _ => None,
        }
    }
}

/// The bases a metric may be computed on, its stated (default) basis first.
/// Empty for metrics on counts or given values, which have no basis.
pub fn allowed(id: MetricId) -> &'static [Basis] {
    use Basis as B;
    use MetricId as M;
    match id {
        M::SangongChangeRate => &[B::Budget, B::Final],
        M::KeyExpenditureRate | M::BudgetAdjustmentRate | M::PublicExpenseControlRate => {
            &[B::InitialBudget, B::FullYearBudget]
        }
        M::BudgetCompletionRate | M::CarryoverRate => &[B::FullYearBudget, B::InitialBudget],
        M::SangongControlRate => &[B::Budget],
        M::ProcurementRate => &[B::InitialBudget],
        M::PerCapitaPublicExpenseChange | M::GeneralExpenseChange => &[B::Executed],
        _ => &[],
    }
}

/// The facts of a metric that change with its basis, and its formula on
/// that basis. `None` for a basis the metric does not allow, or a metric
/// with a single basis (its formula is the catalogue's).
pub fn variant(id: MetricId, basis: Basis) -> Option<(&'static [FactId], &'static str)> {
    use Basis as B;
    use FactId as F;
    use MetricId as M;
    Some(match (id, basis) {
        (M::SangongChangeRate, B::Budget) => (
            &[F::SangongBudget, F::SangongBudgetPrev],
            "（本年“三公经费”预算数 − 上年预算数）÷ 上年预算数 × 100%",
        ),
        (M::SangongChangeRate, B::Final) => (
            &[F::SangongActual, F::SangongActualPrev],
            "（本年“三公经费”决算数 − 上年决算数）÷ 上年决算数 × 100%",
        ),
        (M::KeyExpenditureRate, B::InitialBudget) => (
            &[F::KeyProjectInitialBudget, F::ProjectInitialBudget],
            "重点项目支出年初预算数 ÷ 项目支出年初预算数 × 100%",
        ),
        (M::KeyExpenditureRate, B::FullYearBudget) => (
            &[F::KeyProjectBudget, F::ProjectBudget],
            "重点项目支出全年预算数 ÷ 项目支出全年预算数 × 100%",
        ),
        (M::BudgetCompletionRate, B::FullYearBudget) => {
            (&[F::TotalBudget], "支出合计全年执行数 ÷ 全年预算数 × 100%")
        }
        (M::BudgetCompletionRate, B::InitialBudget) => (
            &[F::TotalInitialBudget],
            "支出合计全年执行数 ÷ 年初预算数 × 100%",
        ),
        (M::BudgetAdjustmentRate, B::InitialBudget) => {
            (&[F::TotalInitialBudget], "预算调整数 ÷ 年初预算数 × 100%")
        }
        (M::BudgetAdjustmentRate, B::FullYearBudget) => {
            (&[F::TotalBudget], "预算调整数 ÷ 全年预算数 × 100%")
        }
        (M::CarryoverRate, B::FullYearBudget) => {
            (&[F::TotalBudget], "结转结余总额 ÷ 全年预算数 × 100%")
        }
        (M::CarryoverRate, B::InitialBudget) => {
            (&[F::TotalInitialBudget], "结转结余总额 ÷ 年初预算数 × 100%")
        }
        (M::PublicExpenseControlRate, B::InitialBudget) => (
            &[F::PublicInitialBudget],
            "公用经费全年执行数 ÷ 公用经费年初预算数 × 100%",
        ),
        (M::PublicExpenseControlRate, B::FullYearBudget) => (
            &[F::PublicBudget],
            "公用经费全年执行数 ÷ 公用经费全年预算数 × 100%",
        ),
        _ => return None,
    })
}

/// The bases a metric allows, as written in a configuration:
/// `"年初预算"、"全年预算"`.
pub fn allowed_text(id: MetricId) -> String {
    let ok = allowed(id);
    if ok.is_empty() {
        "（该指标不区分口径）".to_string()
    } else {
        ok.iter()
            .map(|b| format!("\"{}\"", b.label()))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The basis chosen for each metric whose configuration names one; the
/// others are on their stated basis ([`allowed`]`[0]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bases {
    chosen: IndexMap<MetricId, Basis>,
}

/// A basis a metric does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAllowed {
    /// The bases it allows, as written in a configuration: `"年初预算"、"全年预算"`.
    pub allowed: String,
}

impl Bases {
    /// The basis `id` is computed on; `None` for a metric without one.
    pub fn of(&self, id: MetricId) -> Option<Basis> {
        self.chosen
            .get(&id)
            .copied()
            .or_else(|| allowed(id).first().copied())
    }

    /// Chooses `basis` for `id`.
    ///
    /// # Errors
    /// [`NotAllowed`] when the metric cannot be computed on that basis.
    pub fn choose(&mut self, id: MetricId, basis: Basis) -> Result<(), NotAllowed> {
        let ok = allowed(id);
        if ok.contains(&basis) {
            self.chosen.insert(id, basis);
            Ok(())
        } else {
            Err(NotAllowed {
                allowed: allowed_text(id),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::METRICS;

    /// Every metric with two bases has a variant (facts and formula) for
    /// each; the stated basis is DESIGN §2.2's.
    #[test]
    fn every_allowed_basis_has_its_facts_and_formula() {
        for m in METRICS {
            let bases = allowed(m.id);
            if bases.len() > 1 {
                for b in bases {
                    assert!(variant(m.id, *b).is_some(), "{} on {b:?}", m.key);
                }
                assert_eq!(
                    variant(m.id, bases[0]).map(|v| v.1),
                    Some(m.formula),
                    "{}: the catalogue's formula is the stated basis's",
                    m.key
                );
            }
        }
        assert_eq!(
            Bases::default().of(MetricId::KeyExpenditureRate),
            Some(Basis::InitialBudget)
        );
        assert_eq!(
            Bases::default().of(MetricId::BudgetCompletionRate),
            Some(Basis::FullYearBudget)
        );
        assert_eq!(Bases::default().of(MetricId::StaffControlRate), None);
    }

    #[test]
    fn choosing_a_basis_is_checked() {
        let mut b = Bases::default();
        b.choose(MetricId::KeyExpenditureRate, Basis::FullYearBudget)
            .unwrap();
        assert_eq!(
            b.of(MetricId::KeyExpenditureRate),
            Some(Basis::FullYearBudget)
        );
        let e = b
            .choose(MetricId::KeyExpenditureRate, Basis::Final)
            .unwrap_err();
        assert_eq!(e.allowed, "\"年初预算\"、\"全年预算\"");
        let e = b
            .choose(MetricId::StaffControlRate, Basis::Budget)
            .unwrap_err();
        assert!(e.allowed.contains("不区分口径"));
        assert_eq!(
            Basis::from_label("调整后预算数"),
            Some(Basis::FullYearBudget)
        );
        assert_eq!(Basis::from_label("年初预算"), Some(Basis::InitialBudget));
        assert_eq!(Basis::from_label("随便"), None);
    }
}

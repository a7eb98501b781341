//! Matching rubric rows to metrics, and the department's self-scores to rows.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::Rubric;
use super::read::RubricTable;
use crate::base::checked;
use crate::base::name::{bare_name, comparable};
use crate::base::text::normalize_label;
use crate::metrics::{METRICS, MetricId};

/// The metric a rubric row's name refers to, by name or alias.
///
/// ```
/// use jixiao::rubric::matching::metric_for_name;
/// use jixiao::metrics::MetricId;
/// assert_eq!(metric_for_name("财政供养人员\n控制率"), Some(MetricId::StaffControlRate));
/// assert_eq!(metric_for_name("预算执行率（3分）"), Some(MetricId::BudgetCompletionRate));
/// assert_eq!(metric_for_name("经济效益"), None);
/// ```
pub fn metric_for_name(name: &str) -> Option<MetricId> {
    /// Every metric's name and aliases, normalised once.
    static NAMES: LazyLock<Vec<(MetricId, Vec<String>)>> = LazyLock::new(|| {
        METRICS
            .iter()
            .map(|m| {
                let names = std::iter::once(m.name)
                    .chain(m.aliases.iter().copied())
                    .map(normalize_label)
                    .collect();
                (m.id, names)
            })
            .collect()
    });
    let n = comparable(name);
    if n.is_empty() {
        return None;
    }
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&n))
        .or_else(|| {
            // "在职人员控制率（含聘用）" and the like: the longest alias inside the name.
            NAMES
                .iter()
                .filter_map(|entry| {
                    entry
                        .1
                        .iter()
                        .filter(|a| a.chars().count() >= 4 && n.contains(a.as_str()))
                        .map(|a| a.chars().count())
                        .max()
                        .map(|len| (len, entry))
                })
                .max_by_key(|(len, _)| *len)
                .map(|(_, entry)| entry)
        })
        .map(|(id, _)| *id)
}

/// Whether two rubric names mean the same indicator.
pub fn same_indicator(a: &str, b: &str) -> bool {
    let (ca, cb) = (comparable(a), comparable(b));
    ca == cb || matches!((metric_for_name(a), metric_for_name(b)), (Some(x), Some(y)) if x == y)
}

/// The 自评得分 of a department's own 评分表, placed on the rows of another
/// rubric by indicator name, one entry per rubric row. The rubric itself is
/// not touched: a rubric shared by a whole batch must not carry one
/// department's self-scores. An indicator split into sub-points gets its
/// scores one to one when both sides have the same number of rows, their sum
/// when the rubric has one row. Also returns the names that could not be placed.
pub fn self_scores_from(
    rubric: &Rubric,
    table: &RubricTable,
) -> (Vec<Option<Decimal>>, Vec<String>) {
    let mut groups: Vec<(String, Vec<Decimal>)> = Vec::new();
    for row in table.rows.iter().filter(|r| !r.is_total) {
        let Some(score) = row.self_score else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|(n, _)| comparable(n) == comparable(&row.name))
        {
            Some((_, scores)) => scores.push(score),
            None => groups.push((row.name.clone(), vec![score])),
        }
    }
    let mut placed = vec![None; rubric.rows.len()];
    let mut unplaced = Vec::new();
    for (name, scores) in groups {
        let targets: Vec<usize> = (0..rubric.rows.len())
            .filter(|i| same_indicator(&rubric.rows[*i].name, &name))
            .collect();
        if targets.len() == scores.len() {
            for (i, s) in targets.into_iter().zip(scores) {
                placed[i] = Some(s);
            }
        } else if targets.len() == 1
            && let Ok(total) = checked::sum(scores)
        {
            placed[targets[0]] = Some(total);
        } else {
            unplaced.push(bare_name(&name));
        }
    }
    (placed, unplaced)
}

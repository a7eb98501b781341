//! Matching rubric rows to metrics, and the department's self-scores to rows.

use rust_decimal::Decimal;

use super::Rubric;
use super::read::RubricTable;
use crate::base::name::{bare_name, comparable};
use crate::metrics::{MetricId, catalog};
use crate::profile::Profile;

/// The metric a rubric row's name refers to, by the names and aliases the
/// profile gives each metric (normalised when the profile was built).
///
/// ```
/// use jixiao::profile::Profile;
/// use jixiao::rubric::matching::metric_for_name;
/// use jixiao::metrics::MetricId;
/// let profile = Profile::builtin();
/// assert_eq!(metric_for_name("财政供养人员\n控制率", &profile), Some(MetricId::StaffControlRate));
/// assert_eq!(metric_for_name("预算执行率（3分）", &profile), Some(MetricId::BudgetCompletionRate));
/// assert_eq!(metric_for_name("经济效益", &profile), None);
/// ```
pub fn metric_for_name(name: &str, profile: &Profile) -> Option<MetricId> {
    let n = comparable(name);
    if n.is_empty() {
        return None;
    }
    let metrics = profile.metrics();
    metrics
        .iter()
        .find(|m| m.names.normalized().contains(&n))
        .or_else(|| {
            // "在职人员控制率（含聘用）" and the like: the longest alias inside the name.
            metrics
                .iter()
                .filter_map(|m| {
                    m.names
                        .normalized()
                        .iter()
                        .filter(|a| a.chars().count() >= 4 && n.contains(a.as_str()))
                        .map(|a| a.chars().count())
                        .max()
                        .map(|len| (len, m))
                })
                .max_by_key(|(len, _)| *len)
                .map(|(_, m)| m)
        })
        .and_then(|m| catalog::by_key(&m.key))
        .map(|spec| spec.id)
}

/// Whether two rubric names mean the same indicator.
pub fn same_indicator(a: &str, b: &str, profile: &Profile) -> bool {
    let (ca, cb) = (comparable(a), comparable(b));
    ca == cb
        || matches!(
            (metric_for_name(a, profile), metric_for_name(b, profile)),
            (Some(x), Some(y)) if x == y
        )
}

/// Copies the 自评得分 of a department's own 评分表 onto the rubric's rows,
/// matched by indicator name. An indicator split into sub-points gets its
/// scores one to one when both sides have the same number of rows, their sum
/// when the rubric has one row. Returns the names that could not be placed.
pub fn attach_self_scores(
    rubric: &mut Rubric,
    table: &RubricTable,
    profile: &Profile,
) -> Vec<String> {
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
    let mut unplaced = Vec::new();
    for (name, scores) in groups {
        let targets: Vec<usize> = (0..rubric.rows.len())
            .filter(|i| same_indicator(&rubric.rows[*i].name, &name, profile))
            .collect();
        if targets.len() == scores.len() {
            for (i, s) in targets.into_iter().zip(scores) {
                rubric.rows[i].self_score = Some(s);
            }
        } else if targets.len() == 1 {
            rubric.rows[targets[0]].self_score = Some(scores.iter().sum());
        } else {
            unplaced.push(bare_name(&name));
        }
    }
    unplaced
}

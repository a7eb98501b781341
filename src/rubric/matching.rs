//! Matching rubric rows to metrics, and the department's self-scores to rows.

use rust_decimal::Decimal;

use super::Rubric;
use super::read::RubricTable;
use crate::base::checked;
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

/// An indicator as compared: its [`comparable`] name and the metric it
/// names, worked out once per name.
struct Indicator {
    name: String,
    metric: Option<MetricId>,
}

impl Indicator {
    fn of(name: &str, profile: &Profile) -> Indicator {
        Indicator {
            name: comparable(name),
            metric: metric_for_name(name, profile),
        }
    }

    /// Whether two rubric names mean the same indicator: the same name, or
    /// the same metric.
    fn same(&self, other: &Indicator) -> bool {
        self.name == other.name || (self.metric.is_some() && self.metric == other.metric)
    }
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
    profile: &Profile,
) -> (Vec<Option<Decimal>>, Vec<String>) {
    // (name as written, comparable name, scores), in order of appearance.
    let mut groups: Vec<(String, String, Vec<Decimal>)> = Vec::new();
    for row in table.rows.iter().filter(|r| !r.is_total) {
        let Some(score) = row.self_score else {
            continue;
        };
        let key = comparable(&row.name);
        match groups.iter_mut().find(|(_, k, _)| *k == key) {
            Some((_, _, scores)) => scores.push(score),
            None => groups.push((row.name.clone(), key, vec![score])),
        }
    }
    let rows: Vec<Indicator> = rubric
        .rows
        .iter()
        .map(|r| Indicator::of(&r.name, profile))
        .collect();
    let mut placed = vec![None; rubric.rows.len()];
    let mut unplaced = Vec::new();
    for (name, _, scores) in groups {
        let this = Indicator::of(&name, profile);
        let targets: Vec<usize> = (0..rows.len()).filter(|i| rows[*i].same(&this)).collect();
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

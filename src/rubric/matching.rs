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
/// rubric, one entry per rubric row. A self-score belongs to one rubric row
/// (issue 7): it is placed only on a row of the same indicator (same name
/// or same metric) **and the same 分值**, so a 5-point 经济效益 score is
/// never borrowed by a 15-point 经济/社会/生态效益 row. An indicator split
/// into sub-points gets its scores one to one when both sides have the
/// same number of rows with the same 分值, their sum when the rubric has one
/// row whose 分值 is the sum of theirs. The rubric itself is not touched: a
/// rubric shared by a whole batch must not carry one department's
/// self-scores. Also returns, per rubric row, the table rows (zero-based
/// sheet rows) its score was taken from (several when summed), and the
/// indicators that could not be placed, each with the reason
/// (`经济效益（分值5分，所用评分表为15分）`).
pub fn self_scores_from(
    rubric: &Rubric,
    table: &RubricTable,
    profile: &Profile,
) -> (Vec<Option<Decimal>>, Vec<Vec<u32>>, Vec<String>) {
    // (name as written, comparable name, (score, 分值, sheet row)), in order
    // of appearance.
    type Group = (String, String, Vec<(Decimal, Option<Decimal>, u32)>);
    let mut groups: Vec<Group> = Vec::new();
    for row in table.rows.iter().filter(|r| !r.is_total) {
        let Some(score) = row.self_score else {
            continue;
        };
        let key = comparable(&row.name);
        let entry = (score, row.max, row.row);
        match groups.iter_mut().find(|(_, k, _)| *k == key) {
            Some((_, _, scores)) => scores.push(entry),
            None => groups.push((row.name.clone(), key, vec![entry])),
        }
    }
    let rows: Vec<Indicator> = rubric
        .rows
        .iter()
        .map(|r| Indicator::of(&r.name, profile))
        .collect();
    let mut placed = vec![None; rubric.rows.len()];
    let mut from: Vec<Vec<u32>> = vec![Vec::new(); rubric.rows.len()];
    let mut unplaced = Vec::new();
    let pts = crate::base::format::num;
    for (name, _, scores) in groups {
        let this = Indicator::of(&name, profile);
        let targets: Vec<usize> = (0..rows.len()).filter(|i| rows[*i].same(&this)).collect();
        let same_points = |i: usize, max: Option<Decimal>| max == Some(rubric.rows[i].max);
        let source_total = scores
            .iter()
            .map(|(_, m, _)| *m)
            .collect::<Option<Vec<Decimal>>>()
            .and_then(|ms| checked::sum(ms).ok());
        if targets.is_empty() {
            unplaced.push(format!("{}（所用评分表中没有该指标）", bare_name(&name)));
        } else if targets.len() == scores.len()
            && targets
                .iter()
                .zip(&scores)
                .all(|(i, (_, m, _))| same_points(*i, *m))
        {
            for (i, (s, _, r)) in targets.into_iter().zip(scores) {
                placed[i] = Some(s);
                from[i] = vec![r];
            }
        } else if let [target] = targets.as_slice()
            && source_total == Some(rubric.rows[*target].max)
            && let Ok(total) = checked::sum(scores.iter().map(|(s, _, _)| *s))
        {
            placed[*target] = Some(total);
            from[*target] = scores.iter().map(|(_, _, r)| *r).collect();
        } else {
            let theirs =
                source_total.map_or_else(|| "未写".to_string(), |t| format!("{}分", pts(t)));
            let ours: Vec<String> = targets
                .iter()
                .map(|i| format!("{}分", pts(rubric.rows[*i].max)))
                .collect();
            unplaced.push(format!(
                "{}（分值{theirs}，所用评分表为{}）",
                bare_name(&name),
                ours.join("、")
            ));
        }
    }
    (placed, from, unplaced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::default::default_rubric;
    use crate::rubric::read::{Columns, TableRow};
    use rust_decimal_macros::dec;

    fn table(rows: &[(&str, Decimal, Decimal)]) -> RubricTable {
        RubricTable {
            sheet: "评分表".to_string(),
            header_row: 0,
            first_data_row: 1,
            columns: Columns::default(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (name, max, score))| TableRow {
                    row: u32::try_from(i).unwrap() + 1,
                    level1_points: None,
                    level2_points: None,
                    level1: String::new(),
                    level2: String::new(),
                    name: (*name).to_string(),
                    content: String::new(),
                    standard: String::new(),
                    rule_text: None,
                    max: Some(*max),
                    self_score: Some(*score),
                    review: None,
                    is_total: false,
                })
                .collect(),
        }
    }

    /// Issue 7: a self-score is placed only on a row with the same 分值.
    #[test]
    fn self_scores_need_the_same_points() {
        let rubric = default_rubric();
        let profile = Profile::builtin();
        let at = |name: &str| rubric.rows.iter().position(|r| r.name == name).unwrap();
        // The default 经济效益 row is worth 5; 在职人员控制率 4.
        let (placed, from, unplaced) = self_scores_from(
            &rubric,
            &table(&[
                ("经济效益", dec!(5), dec!(5)),
                ("在职人员控制率", dec!(3), dec!(3)),
            ]),
            &profile,
        );
        assert_eq!(placed[at("经济效益")], Some(dec!(5)));
        assert_eq!(placed[at("在职人员控制率")], None);
        assert_eq!(unplaced, ["在职人员控制率（分值3分，所用评分表为4分）"]);
        // Each placed score names the table row it was taken from.
        assert_eq!(from[at("经济效益")], [1]);
        assert!(from[at("在职人员控制率")].is_empty());
        // Sub-points whose 分值 add up to the row's are summed, and name
        // every row summed.
        let (placed, from, unplaced) = self_scores_from(
            &rubric,
            &table(&[
                ("绩效目标合理性", dec!(2), dec!(2)),
                ("绩效目标合理性", dec!(2), dec!(1.5)),
            ]),
            &profile,
        );
        assert_eq!(placed[at("绩效目标合理性")], Some(dec!(3.5)));
        assert_eq!(from[at("绩效目标合理性")], [1, 2]);
        assert!(unplaced.is_empty());
    }
}

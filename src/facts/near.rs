//! Near misses (issue 8): for a fact not found, the cells whose text looks
//! like one of its labels ("实有人员" ~ 实有人数), with the profile line that
//! would map them, so that a user can fix a miss in a minute.
//!
//! Likeness of two normalised labels is the larger of the Dice coefficient
//! of their character bigrams and the share of characters they have in
//! common (of the longer one), with at least two characters in common; it
//! must reach [`LIKENESS`] (1 is equal). A
//! cell whose label is already a label of some fact, a table's telling row
//! or a name/year label is never proposed.

use std::collections::HashSet;

use super::{FactOutcome, Facts};
use crate::base::Location;
use crate::grid::{CellValue, Workbook};
use crate::profile::{FactId, Locator, Profile};

/// How alike a cell's label and a known label must be.
const LIKENESS: f64 = 0.5;
/// Longer texts are notes or titles, not labels.
const MAX_LABEL_CHARS: usize = 24;
/// Proposals per fact.
const MAX_PER_FACT: usize = 2;

/// One cell that may be an unrecognised way of writing a fact's label.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    pub fact: FactId,
    pub at: Location,
    /// The cell's text as written.
    pub text: String,
    /// The known label it resembles.
    pub like: String,
    /// `labels`, `rows` or `cols`: where the text would go in a profile.
    pub key: &'static str,
}

impl NearMiss {
    /// The profile lines that would map the cell (docs/标签配置.md).
    pub fn profile_lines(&self) -> String {
        let text = self.text.trim().replace('\\', "\\\\").replace('"', "\\\"");
        format!("[fact.{}]\n{} = [\"{text}\"]", self.fact.code(), self.key)
    }
}

/// Near misses of every fact that was not found at all.
pub fn near_misses(wb: &Workbook, profile: &Profile, facts: &Facts) -> Vec<NearMiss> {
    let missing: Vec<FactId> = profile
        .facts()
        .iter()
        .map(|s| s.id)
        .filter(|id| matches!(facts.items.get(id), Some(FactOutcome::Missing { .. })))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let known = known_labels(profile);
    // Every short text cell of the data sheets, once.
    let mut cells: Vec<(Location, String, String)> = Vec::new();
    for sheet in wb.sheets.iter().filter(|s| {
        !s.name.contains("评分") && !s.name.contains("指标") && !s.name.starts_with('_')
    }) {
        for (r, c, v) in sheet.cells() {
            let CellValue::Text(t) = v else { continue };
            let label = sheet.label(r, c);
            if label.is_empty()
                || label.chars().count() > MAX_LABEL_CHARS
                || known.contains(label)
                || label
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ch.is_ascii_punctuation())
            {
                continue;
            }
            cells.push((
                wb.location(sheet, r, c),
                t.trim().to_string(),
                label.to_string(),
            ));
        }
    }
    let mut out = Vec::new();
    for id in missing {
        let spec = profile.fact(id);
        let groups: Vec<(&'static str, &[String], &[String])> = match &spec.locator {
            Locator::Field(l) => vec![("labels", l.normalized(), l.written())],
            Locator::Table { rows, cols } => vec![
                ("rows", rows.normalized(), rows.written()),
                ("cols", cols.normalized(), cols.written()),
            ],
        };
        let mut best: Vec<(f64, NearMiss)> = Vec::new();
        for (at, text, label) in &cells {
            for (key, normalized, written) in &groups {
                if let Some((score, i)) = normalized
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (likeness(label, n), i))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    && score >= LIKENESS
                {
                    best.push((
                        score,
                        NearMiss {
                            fact: id,
                            at: at.clone(),
                            text: text.clone(),
                            like: written.get(i).cloned().unwrap_or_default(),
                            key,
                        },
                    ));
                }
            }
        }
        // Most alike first; ties in sheet order.
        best.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut seen: HashSet<String> = HashSet::new();
        for (_, m) in best {
            if seen.len() == MAX_PER_FACT {
                break;
            }
            if seen.insert(m.at.cell()) {
                out.push(m);
            }
        }
    }
    out
}

/// Every normalised label the profile already knows.
fn known_labels(profile: &Profile) -> HashSet<String> {
    let mut known: HashSet<String> = HashSet::new();
    for spec in profile.facts() {
        match &spec.locator {
            Locator::Field(l) => known.extend(l.normalized().iter().cloned()),
            Locator::Table { rows, cols } => {
                known.extend(rows.normalized().iter().cloned());
                known.extend(cols.normalized().iter().cloned());
            }
        }
    }
    for t in profile.tables() {
        known.extend(t.rows.normalized().iter().cloned());
    }
    known.extend(profile.name_labels().normalized().iter().cloned());
    known.extend(profile.year_labels().normalized().iter().cloned());
    known
}

/// How alike two labels are, from 0 to 1 (see the module documentation).
fn likeness(a: &str, b: &str) -> f64 {
    let mut rest: Vec<char> = b.chars().collect();
    let longer = rest.len().max(a.chars().count());
    let mut common = 0usize;
    for ch in a.chars() {
        if let Some(p) = rest.iter().position(|x| *x == ch) {
            rest.swap_remove(p);
            common = common.saturating_add(1);
        }
    }
    if common < 2 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let shared = common as f64 / longer as f64;
    shared.max(dice(a, b))
}

/// Dice coefficient of the character bigrams of two labels; labels of one
/// character are alike only when equal.
fn dice(a: &str, b: &str) -> f64 {
    let bigrams = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let mut rest = y.clone();
    let mut common = 0usize;
    for g in &x {
        if let Some(p) = rest.iter().position(|h| h == g) {
            rest.swap_remove(p);
            common = common.saturating_add(1);
        }
    }
    // Counts of bigrams are small (labels are short): exact in f64.
    #[allow(clippy::cast_precision_loss)]
    let score = common.saturating_mul(2) as f64 / x.len().saturating_add(y.len()) as f64;
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::extract;
    use crate::grid::Sheet;
    use rust_decimal_macros::dec;

    #[test]
    fn dice_values() {
        assert!((dice("实有人员", "实有人数") - 2.0 / 3.0).abs() < 1e-9);
        assert!((dice("编制数", "编制数") - 1.0).abs() < 1e-9);
        assert!(dice("公务接待费", "编制数") < 1e-9);
        assert!(dice("数", "数") > 0.99);
        assert!((likeness("实有人员", "实有在职人员数") - 4.0 / 7.0).abs() < 1e-9);
        assert!(likeness("人员", "公务接待费") < 1e-9);
        assert!(likeness("备注", "编制数") < 1e-9);
    }

    #[test]
    fn an_unknown_way_of_writing_is_proposed_with_its_profile_lines() {
        let mut s = Sheet::new("基本情况");
        s.set(0, 0, CellValue::Text("编制数".into()));
        s.set(0, 1, CellValue::Number(dec!(20)));
        s.set(1, 0, CellValue::Text("实有人员（人）".into()));
        s.set(1, 1, CellValue::Number(dec!(18)));
        s.set(2, 0, CellValue::Text("备注".into()));
        let wb = Workbook {
            file_name: "近似.xlsx".into(),
            sheets: vec![s],
            ..Workbook::default()
        };
        let profile = Profile::builtin();
        let facts = extract(&wb, &profile);
        let misses = near_misses(&wb, &profile, &facts);
        let staff: Vec<&NearMiss> = misses
            .iter()
            .filter(|m| m.fact == FactId::StaffActual)
            .collect();
        assert_eq!(staff.len(), 1, "{misses:?}");
        assert_eq!(staff[0].at.cell(), "基本情况!A2");
        assert_eq!(staff[0].like, "实有在职人员数");
        assert_eq!(
            staff[0].profile_lines(),
            "[fact.staff_actual]\nlabels = [\"实有人员（人）\"]"
        );
        // A label jixiao knows is never proposed, and 编制数 was found.
        assert!(misses.iter().all(|m| m.text != "编制数"));
        assert!(misses.iter().all(|m| m.fact != FactId::StaffAuthorized));
    }
}

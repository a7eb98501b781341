//! The 汇总 for other systems: `汇总.csv` (the 汇总 sheet's columns, UTF-8
//! with a BOM so that Excel reads the Chinese right) and `汇总.json`.

use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use super::summary::{Value, percent, summary_columns, summary_rows};
use crate::score::summary::{BatchSummary, DeptSummary, Details, Failure, InLine};

/// The byte order mark Excel needs to read a CSV as UTF-8.
pub const BOM: char = '\u{FEFF}';

/// One CSV field, quoted when it holds a comma, a quote or a line break.
/// Text that Excel would take for a formula (`=`, `+`, `-`, `@` first) is
/// prefixed with `'`: names come from input files.
fn field(v: &Value) -> String {
    match v {
        Value::Int(n) => n.to_string(),
        Value::Score(d) => format!("{d:.2}"),
        Value::Percent(d) => percent(*d),
        Value::Blank => String::new(),
        Value::Text(t) => {
            let t = if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{t}")
            } else {
                t.clone()
            };
            if t.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", t.replace('"', "\"\""))
            } else {
                t
            }
        }
    }
}

/// `汇总.csv`: a BOM, the header and one line per department, in rank
/// order; the same columns as sheet 汇总. Lines end in `\n`.
pub fn summary_csv(summary: &BatchSummary) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_summary_csv(summary, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`summary_csv`] written line by line into `w`.
///
/// # Errors
/// When `w` fails.
pub fn write_summary_csv<W: Write>(summary: &BatchSummary, mut w: W) -> std::io::Result<()> {
    let (columns, layout) = summary_columns(summary);
    let header: Vec<String> = columns
        .iter()
        .map(|(h, _)| field(&Value::Text(h.clone())))
        .collect();
    writeln!(w, "{BOM}{}", header.join(","))?;
    for row in summary_rows(summary, &layout) {
        let line: Vec<String> = row.iter().map(field).collect();
        w.write_all(line.join(",").as_bytes())?;
        w.write_all(b"\n")?;
    }
    if let Some(e) = summary.read_error() {
        return Err(std::io::Error::other(e));
    }
    w.flush()
}

/// A department with its rank, for `汇总.json`.
#[derive(Serialize)]
struct RankedDept<'a> {
    rank: usize,
    #[serde(flatten)]
    dept: &'a DeptSummary,
    /// 自评总分 − 核算总分, when the department self-scored.
    self_difference: Option<Decimal>,
    /// Only when departments have different 满分: what they are ranked by,
    /// 总分÷满分×100 to 6 decimals (the 汇总's 得分率, unrounded).
    #[serde(skip_serializing_if = "Option::is_none")]
    grade_basis: Option<Decimal>,
}

#[derive(Serialize)]
struct GradeCount {
    grade: String,
    count: usize,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    rubric: &'a str,
    year: Option<i32>,
    grade_scale: &'a str,
    grade_labels: &'a [String],
    department_count: usize,
    failure_count: usize,
    /// Only when departments have different 满分: they are ranked by 得分率.
    #[serde(skip_serializing_if = "Option::is_none")]
    ranked_by: Option<&'a str>,
    distribution: Vec<GradeCount>,
    departments: Departments<'a>,
    failures: &'a [Failure],
}

/// The departments of `汇总.json`, each with its details fetched (and
/// dropped) as it is written.
struct Departments<'a> {
    summary: &'a BatchSummary,
    details: &'a dyn Details,
}

impl Serialize for Departments<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.summary.department_count()))?;
        let by_rate = self.summary.facts().mixed_maxima();
        for (d, rank) in self.summary.depts().zip(self.summary.ranks()) {
            let detail = self.details.detail(&d).map_err(S::Error::custom)?;
            let dept = DeptSummary {
                indicators: detail.indicators,
                problems: detail.problems,
                ..d.into_owned()
            };
            seq.serialize_element(&RankedDept {
                rank,
                dept: &dept,
                self_difference: dept.self_difference(),
                grade_basis: by_rate.then(|| dept.rank_basis().normalize()),
            })?;
        }
        if let Some(e) = self.summary.read_error() {
            return Err(S::Error::custom(e));
        }
        seq.end()
    }
}

/// `汇总.json`: the batch with each department's rank (ties equal), the
/// grade distribution and the failures; pretty-printed, ending in a newline.
pub fn summary_json(summary: &BatchSummary) -> String {
    let mut out = Vec::new();
    // Serialising these types into memory cannot fail: every map key is a
    // string and a Vec accepts every write.
    let _ = write_summary_json(summary, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`summary_json`] streamed into `w`, for a batch large enough that the
/// text is better not held in memory (about 12 KB a department).
///
/// # Errors
/// When `w` fails.
pub fn write_summary_json<W: Write>(summary: &BatchSummary, w: W) -> std::io::Result<()> {
    write_summary_json_with(summary, &InLine, w)
}

/// [`write_summary_json`] with each department's indicators and problems
/// read from `details` (a batch's spill file) one department at a time.
///
/// # Errors
/// When `w` fails or a detail cannot be read.
pub fn write_summary_json_with<W: Write>(
    summary: &BatchSummary,
    details: &dyn Details,
    mut w: W,
) -> std::io::Result<()> {
    let json = SummaryJson {
        rubric: &summary.rubric,
        year: summary.year,
        grade_scale: &summary.grade_scale,
        grade_labels: &summary.grade_labels,
        department_count: summary.department_count(),
        failure_count: summary.failures.len(),
        ranked_by: summary
            .facts()
            .mixed_maxima()
            .then_some(super::summary::RANKED_BY_RATE),
        distribution: summary
            .distribution()
            .into_iter()
            .map(|(grade, count)| GradeCount { grade, count })
            .collect(),
        departments: Departments { summary, details },
        failures: &summary.failures,
    };
    serde_json::to_writer_pretty(&mut w, &json)?;
    w.write_all(b"\n")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::summary::tests::sample;

    #[test]
    fn csv_has_bom_chinese_header_and_quoting() {
        let csv = summary_csv(&sample());
        assert!(csv.starts_with('\u{FEFF}'));
        assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        let mut lines = csv.trim_start_matches(BOM).lines();
        // sample() mixes 满分 90 and 100: the sheet's 得分率 column too.
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("序号,部门,年度,投入,过程,效果,总分,得分率,等级,排名,暂定")
        );
        assert_eq!(csv.lines().count(), 5);
        // A name with a comma and quotes is quoted, quotes doubled.
        assert!(csv.contains("\"丙局, \"\"直属\"\"\""), "{csv}");
        insta::assert_snapshot!(csv);
    }

    #[test]
    fn csv_text_is_not_taken_for_a_formula() {
        assert_eq!(field(&Value::Text("=1+1".into())), "'=1+1");
        assert_eq!(field(&Value::Text("-某局".into())), "'-某局");
        assert_eq!(field(&Value::Score(Decimal::new(-475, 2))), "-4.75");
        assert_eq!(field(&Value::Text("a\nb".into())), "\"a\nb\"");
    }

    #[test]
    fn json_has_ranked_departments_and_failures() {
        let text = summary_json(&sample());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let depts = v["departments"].as_array().unwrap();
        assert_eq!(depts.len(), 4);
        let ranks: Vec<u64> = depts.iter().map(|d| d["rank"].as_u64().unwrap()).collect();
        assert_eq!(ranks, [1, 2, 2, 4]);
        assert_eq!(depts[0]["department"], "甲局");
        assert_eq!(depts[0]["total"], "92.5");
        assert_eq!(depts[0]["self_difference"], "2.5");
        assert_eq!(depts[0]["duplicate_name"], true);
        assert_eq!(depts[2]["provisional"], true);
        assert_eq!(depts[2]["split"]["pending_max"], "10");
        assert_eq!(depts[0]["problems"][1]["kind"]["warning"], "implausible");
        assert_eq!(v["distribution"][1]["grade"], "良好");
        assert_eq!(v["distribution"][1]["count"], 2);
        assert_eq!(v["failures"][0]["file"], "坏/e.xlsx");
        assert_eq!(v["failure_count"], 1);
        assert_eq!(v["year"], 2024);
        assert!(text.ends_with("}\n"));
        let mut streamed = Vec::new();
        write_summary_json(&sample(), &mut streamed).unwrap();
        assert_eq!(streamed, text.as_bytes());
    }
}

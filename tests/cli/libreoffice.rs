//! jixiao's outputs opened by a real spreadsheet application (issue 10):
//! LibreOffice recalculates every formula on load, and each value must equal
//! the one jixiao cached (to the cent); an edited score makes the total and
//! the grade follow; the printed form paginates without splitting an
//! indicator group.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

use crate::office::Office;
use crate::util::Workdir;

/// Every formula cell of every sheet: (sheet, row, col, formula).
fn formulas(path: &Path) -> Vec<(String, u32, u32, String)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let names = wb.sheet_names().clone();
    let mut out = Vec::new();
    for name in names {
        let f = wb.worksheet_formula(&name).unwrap();
        let (r0, c0) = f.start().unwrap_or((0, 0));
        for (r, c, text) in f.used_cells() {
            if !text.is_empty() {
                out.push((name.clone(), r0 + r as u32, c0 + c as u32, text.clone()));
            }
        }
    }
    out
}

/// A cell's value as text for comparison: numbers to the cent.
fn value_at(
    wb: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    r: u32,
    c: u32,
) -> String {
    let range = wb.worksheet_range(sheet).unwrap();
    match range.get_value((r, c)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) => format!("{:.2}", (f * 100.0).round() / 100.0 + 0.0),
        Some(Data::Int(i)) => format!("{i}.00"),
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Compares every formula's cached value in `original` with LibreOffice's
/// recalculated value in `recalculated`. Returns the number of formulas.
pub fn assert_same_values(original: &Path, recalculated: &Path) -> usize {
    let list = formulas(original);
    let mut a = open_workbook_auto(original).unwrap();
    let mut b = open_workbook_auto(recalculated).unwrap();
    let mut wrong = Vec::new();
    for (sheet, r, c, f) in &list {
        let cached = value_at(&mut a, sheet, *r, *c);
        let computed = value_at(&mut b, sheet, *r, *c);
        if cached != computed {
            wrong.push(format!(
                "{sheet}!R{}C{} ={f}\n  jixiao:      {cached:?}\n  LibreOffice: {computed:?}",
                r + 1,
                c + 1
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}: {} of {} formulas differ:\n{}",
        original.display(),
        wrong.len(),
        list.len(),
        wrong.join("\n")
    );
    list.len()
}

const SAMPLES: [&str; 4] = [
    "宁国市医疗保障局2020.xlsx",
    "桃江县医疗保障局2019.xlsx",
    "示例县文化旅游广电局2023.xlsx",
    "示例县统计局2023.xlsx",
];

const RUBRICS: [&str; 4] = [
    "宁国市部门整体支出绩效目标自评表.xlsx",
    "岳阳市云溪区部门整体支出绩效评价评分表.xlsx",
    "桃江县2019部门整体支出绩效评价评分表.xlsx",
    "赣州经开区部门整体支出绩效评价评分表.xlsx",
];

/// Every sample with its own rubric and with each seed rubric.
fn scored_workbooks(w: &Workdir) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (i, sample) in SAMPLES.iter().enumerate() {
        let input = w.sample(sample);
        let own = w.path(&format!("s{i}_own.xlsx"));
        w.ok(&[
            "score",
            input.to_str().unwrap(),
            "--out",
            own.to_str().unwrap(),
        ]);
        out.push(own);
        for (j, rubric) in RUBRICS.iter().enumerate() {
            let r = w.sample(&format!("rubrics/{rubric}"));
            let o = w.path(&format!("s{i}_r{j}.xlsx"));
            w.ok(&[
                "score",
                input.to_str().unwrap(),
                "--rubric",
                r.to_str().unwrap(),
                "--out",
                o.to_str().unwrap(),
            ]);
            out.push(o);
        }
    }
    // A rubric of 80 points with a 待评 row: graded on the share, 暂定 range.
    let input = w.sample(SAMPLES[3]);
    let r = crate::form::rubric_of_80(w);
    let o = w.path("s3_80.xlsx");
    w.ok(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        r.to_str().unwrap(),
        "--out",
        o.to_str().unwrap(),
    ]);
    out.push(o);
    out
}

/// Every scored workbook (4 samples × own and 4 seed rubrics, and a rubric
/// of 80 points): LibreOffice's
/// recalculated value of every formula equals jixiao's cached value.
#[test]
#[allow(clippy::print_stderr)]
fn scored_workbooks_recalculate_to_the_cached_values() {
    let Some(office) = Office::start("scored_workbooks_recalculate_to_the_cached_values") else {
        return;
    };
    let w = Workdir::new();
    let mut files = scored_workbooks(&w);
    // A canary with a wrong cached value: it must come back recalculated,
    // or the comparison below would prove nothing.
    let canary = w.path("canary.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_number(0, 0, 2.0).unwrap();
    ws.write_formula(
        0,
        1,
        rust_xlsxwriter::Formula::new("=A1*2").set_result("99"),
    )
    .unwrap();
    wb.save(&canary).unwrap();
    files.push(canary);
    let started = std::time::Instant::now();
    let recalculated = office.convert(
        &files,
        "xlsx:Calc MS Excel 2007 XML",
        "xlsx",
        &w.path("recalc"),
    );
    let seconds = started.elapsed().as_secs_f64();
    let canary = recalculated.last().unwrap();
    let mut c = open_workbook_auto(canary).unwrap();
    assert_eq!(
        value_at(&mut c, "Sheet1", 0, 1),
        "4.00",
        "LibreOffice did not recalculate"
    );
    files.pop();
    let mut total = 0;
    for (a, b) in files.iter().zip(&recalculated) {
        total += assert_same_values(a, b);
    }
    eprintln!(
        "{} workbooks, {total} formulas recalculated by LibreOffice in {seconds:.1} s: all equal jixiao's cached values",
        files.len()
    );
    assert!(total > 20 * 50, "only {total} formulas");
}

/// One row of the record: (评分表 row, origin, 分值, written score).
type RecordRow = (u32, String, f64, Option<f64>);

/// The record's rows, its score column and its review column.
fn record(path: &Path) -> (Vec<RecordRow>, String, String) {
    let rows = crate::util::read_sheet(path, "_jixiao");
    let meta = |label: &str| {
        rows.iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].clone())
            .unwrap()
    };
    let h = rows.iter().position(|r| r[0] == "工作表").unwrap();
    let col = |name: &str| rows[h].iter().position(|c| c == name).unwrap();
    let body = rows[h + 1..]
        .iter()
        .take_while(|r| !r[0].is_empty())
        .map(|r| {
            (
                r[col("评分表行")].parse().unwrap(),
                r[col("来源")].clone(),
                r[col("分值")].parse().unwrap(),
                r[col("写入得分")].parse().ok(),
            )
        })
        .collect();
    (body, meta("核算得分列"), meta("审核得分列"))
}

/// The value right of a label in sheet 评分汇总.
fn summary_value(path: &Path, label: &str) -> String {
    let rows = crate::util::read_sheet(path, "评分汇总");
    rows.iter()
        .find(|r| r[0] == label)
        .map(|r| r[if label == "总分" { 2 } else { 1 }].clone())
        .unwrap_or_else(|| panic!("no {label} in 评分汇总"))
}

fn grade(total: f64) -> &'static str {
    match total {
        t if t >= 90.0 => "优秀",
        t if t >= 80.0 => "良好",
        t if t >= 60.0 => "中",
        _ => "差",
    }
}

/// The story: a reviewer types the missing manual scores into
/// 审核得分 and LibreOffice recalculates; the total, the grade and the
/// headline follow. Then every row reviewed: the grade is final.
#[test]
fn edited_scores_make_total_and_grade_follow() {
    let Some(office) = Office::start("edited_scores_make_total_and_grade_follow") else {
        return;
    };
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    let rubric = w.sample("rubrics/桃江县2019部门整体支出绩效评价评分表.xlsx");
    let scored = w.path("scored.xlsx");
    let json = w.ok(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--out",
        scored.to_str().unwrap(),
        "--json",
    ]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let total: f64 = card["total"].as_str().unwrap().parse().unwrap();
    let (rows, score_col, review_col) = record(&scored);
    assert_eq!(
        summary_value(&scored, "评价等级"),
        format!("{}（暂定）", grade(total))
    );
    // 1. The reviewer fills every 待评 row with full marks.
    let pending: Vec<_> = rows.iter().filter(|r| r.1 == "待评").collect();
    assert!(pending.len() > 5, "{} pending rows", pending.len());
    let edits: Vec<String> = pending
        .iter()
        .map(|(r, _, max, _)| format!("评分表!{review_col}{r}={max}"))
        .collect();
    let filled = w.path("filled.xlsx");
    office.edit(&scored, &filled, "Calc MS Excel 2007 XML", &edits.join(";"));
    let added: f64 = pending.iter().map(|r| r.2).sum();
    let expected = total + added;
    let shown: f64 = summary_value(&filled, "总分").parse().unwrap();
    assert!((shown - expected).abs() < 0.005, "{shown} vs {expected}");
    assert_eq!(
        summary_value(&filled, "评价等级"),
        format!("{}（暂定）", grade(expected)),
        "自评 rows are still unverified"
    );
    let headline = summary_value(&filled, "结论");
    assert!(headline.starts_with("暂定："), "{headline}");
    assert!(!headline.contains("待评"), "{headline}");
    assert!(
        summary_value(&filled, "得分构成").contains(&format!("审核 {added} 分")),
        "{}",
        summary_value(&filled, "得分构成")
    );
    // 2. Every row reviewed (the 核算 ones accepted as they are, one 核算
    //    score corrected in place): final, no 暂定.
    let mut edits: Vec<String> = rows
        .iter()
        .map(|(r, _, max, written)| format!("评分表!{review_col}{r}={}", written.unwrap_or(*max)))
        .collect();
    let computed = rows
        .iter()
        .find(|r| r.1 == "核算" && r.3.is_some_and(|s| s > 0.0))
        .expect("a computed row with points");
    edits.retain(|e| !e.starts_with(&format!("评分表!{review_col}{}=", computed.0)));
    edits.push(format!("评分表!{score_col}{}=0", computed.0));
    let reviewed = w.path("reviewed.xlsx");
    office.edit(
        &scored,
        &reviewed,
        "Calc MS Excel 2007 XML",
        &edits.join(";"),
    );
    let expected: f64 = rows
        .iter()
        .map(|r| {
            if r.0 == computed.0 {
                0.0
            } else {
                r.3.unwrap_or(r.2)
            }
        })
        .sum();
    let expected = (expected * 100.0).round() / 100.0;
    let shown: f64 = summary_value(&reviewed, "总分").parse().unwrap();
    assert!((shown - expected).abs() < 0.005, "{shown} vs {expected}");
    assert_eq!(summary_value(&reviewed, "评价等级"), grade(expected));
    assert_eq!(
        summary_value(&reviewed, "结论"),
        format!("总分 {expected} 分，{}", grade(expected))
    );
    // The 评分表 shows the same: 审核得分's total and the grade under it.
    let sheet = crate::util::read_sheet(&reviewed, "评分表");
    assert!(
        sheet
            .iter()
            .flatten()
            .any(|c| c == &format!("等级：{}", grade(expected))),
        "grade line in 评分表"
    );
}

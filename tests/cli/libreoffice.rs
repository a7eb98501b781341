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

/// Every output kind — scored workbooks (4 samples × own and 4 seed
/// rubrics, and a rubric of 80 points), a batch's and an aggregate's 汇总,
/// the templates: LibreOffice's
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
    let canary_at = files.len() - 1;
    // The other output kinds: a batch's 汇总, an aggregate's 汇总 and the
    // blank templates.
    std::fs::create_dir(w.path("部门")).unwrap();
    for s in SAMPLES {
        std::fs::rename(w.sample(s), w.path(&format!("部门/{s}"))).unwrap();
    }
    w.ok(&["batch", "部门", "--out", "结果", "--quiet"]);
    w.ok(&["aggregate", "结果", "--out", "汇总"]);
    w.ok(&["template", "--out", "模板"]);
    files.push(w.path("结果/汇总.xlsx"));
    std::fs::copy(w.path("汇总/汇总.xlsx"), w.path("汇总/汇总2.xlsx")).unwrap();
    files.push(w.path("汇总/汇总2.xlsx"));
    let mut templates: Vec<PathBuf> = std::fs::read_dir(w.path("模板"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    templates.sort();
    files.extend(templates);
    let started = std::time::Instant::now();
    let recalculated = office.convert(
        &files,
        "xlsx:Calc MS Excel 2007 XML",
        "xlsx",
        &w.path("recalc"),
    );
    let seconds = started.elapsed().as_secs_f64();
    let mut c = open_workbook_auto(&recalculated[canary_at]).unwrap();
    assert_eq!(
        value_at(&mut c, "Sheet1", 0, 1),
        "4.00",
        "LibreOffice did not recalculate"
    );
    let mut total = 0;
    for (i, (a, b)) in files.iter().zip(&recalculated).enumerate() {
        if i != canary_at {
            total += assert_same_values(a, b);
        }
    }
    eprintln!(
        "{} workbooks, {total} formulas recalculated by LibreOffice in {seconds:.1} s: all equal jixiao's cached values",
        files.len() - 1
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

/// The issue's story: a reviewer types the missing manual scores into
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
            .any(|c| c.starts_with(&format!("等级：{}（", grade(expected)))),
        "grade line in 评分表"
    );
}

fn score_to(w: &Workdir, sample: &str, rubric: Option<&str>, out: &Path) -> serde_json::Value {
    let input = w.sample(sample);
    let mut args = vec![
        "score".to_string(),
        input.to_str().unwrap().to_string(),
        "--out".to_string(),
        out.to_str().unwrap().to_string(),
        "--json".to_string(),
    ];
    if let Some(r) = rubric {
        args.push("--rubric".into());
        args.push(
            w.sample(&format!("rubrics/{r}"))
                .to_str()
                .unwrap()
                .to_string(),
        );
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    serde_json::from_str(&w.ok(&args)).unwrap()
}

fn dec(v: &serde_json::Value) -> f64 {
    v.as_str()
        .map_or_else(|| v.as_f64().unwrap(), |s| s.parse().unwrap())
}

/// The issue's round trip: score → a reviewer edits in LibreOffice and
/// saves as xlsx or ods → `aggregate` → the 汇总 shows the reviewed totals,
/// marks the reviewed rows with their change, and lists a workbook edited
/// beyond recognition and one with a non-number score, with the reasons.
#[test]
fn aggregate_reads_reviews_saved_by_libreoffice_as_xlsx_and_ods() {
    let Some(office) =
        Office::start("aggregate_reads_reviews_saved_by_libreoffice_as_xlsx_and_ods")
    else {
        return;
    };
    let w = Workdir::new();
    let back = w.path("收回");
    std::fs::create_dir(&back).unwrap();
    let excel = "Calc MS Excel 2007 XML";
    // A: 桃江's rubric on 统计局: the reviewer fills every 待评 row with full
    //    marks and lowers one computed row in 审核得分; saved as xlsx.
    let a = w.path("a.xlsx");
    let card_a = score_to(&w, "示例县统计局2023.xlsx", Some(RUBRICS[2]), &a);
    let (rows, score_col, review_col) = record(&a);
    let pending: Vec<_> = rows.iter().filter(|r| r.1 == "待评").collect();
    let lowered = rows
        .iter()
        .find(|r| r.1 == "核算" && r.3.is_some_and(|s| s >= 1.0))
        .unwrap();
    let mut edits: Vec<String> = pending
        .iter()
        .map(|r| format!("评分表!{review_col}{}={}", r.0, r.2))
        .collect();
    edits.push(format!(
        "评分表!{review_col}{}={}",
        lowered.0,
        lowered.3.unwrap() - 1.0
    ));
    office.edit(&a, &back.join("统计局_审核.xlsx"), excel, &edits.join(";"));
    let expected_a = dec(&card_a["total"]) + pending.iter().map(|r| r.2).sum::<f64>() - 1.0;
    // B: 桃江's own rubric: a computed score corrected in place (核算得分);
    //    saved as ods.
    let b = w.path("b.xlsx");
    let card_b = score_to(&w, "桃江县医疗保障局2019.xlsx", None, &b);
    let (rows_b, score_b, _) = record(&b);
    let fixed = rows_b
        .iter()
        .find(|r| r.1 == "核算" && r.3 == Some(0.0))
        .unwrap();
    office.edit(
        &b,
        &back.join("桃江_审核.ods"),
        "calc8",
        &format!("评分表!{score_b}{}=2", fixed.0),
    );
    let expected_b = dec(&card_b["total"]) + 2.0;
    // C: jixiao's own layout, untouched but saved by LibreOffice as ods.
    let c = w.path("c.xlsx");
    let card_c = score_to(&w, "示例县文化旅游广电局2023.xlsx", None, &c);
    office.edit(&c, &back.join("文化_未改.ods"), "calc8", "");
    // D: a row's name overwritten; E: a word typed as a score.
    let d = w.path("d.xlsx");
    score_to(&w, "宁国市医疗保障局2020.xlsx", None, &d);
    let (rows_d, _, _) = record(&d);
    office.edit(
        &d,
        &back.join("宁国_乱改.xlsx"),
        excel,
        &format!("评分表!C{}='别的指标", rows_d[2].0),
    );
    let e = w.path("e.xlsx");
    score_to(&w, "示例县统计局2023.xlsx", None, &e);
    let (rows_e, _, review_e) = record(&e);
    office.edit(
        &e,
        &back.join("统计局_文字.xlsx"),
        excel,
        &format!("评分表!{review_e}{}='好", rows_e[0].0),
    );
    let out = w.run(&["aggregate", "收回", "--out", "汇总"]);
    assert_eq!(out.status.code(), Some(1), "{}", crate::util::stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path("汇总/汇总.json")).unwrap()).unwrap();
    let dept = |file: &str| {
        json["departments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["output"] == file)
            .unwrap_or_else(|| panic!("no {file} in {json:#}"))
            .clone()
    };
    let da = dept("统计局_审核.xlsx");
    assert!(
        (dec(&da["total"]) - expected_a).abs() < 0.005,
        "{} vs {expected_a}",
        da["total"]
    );
    assert_eq!(da["before_review"], card_a["total"]);
    assert!(dec(&da["split"]["reviewed"]) > 0.0);
    assert!(
        dec(&da["split"]["pending_max"]).abs() < 1e-9,
        "no row left 待评"
    );
    let reviewed: Vec<&serde_json::Value> = da["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "reviewed")
        .collect();
    assert_eq!(reviewed.len(), pending.len() + 1);
    assert!(
        reviewed
            .iter()
            .any(|p| p["explanation"].as_str().unwrap().contains("（核算 ")
                && p["explanation"].as_str().unwrap().contains("，-1 分）")),
        "{reviewed:#?}"
    );
    let db = dept("桃江_审核.ods");
    assert!(
        (dec(&db["total"]) - expected_b).abs() < 0.005,
        "{} vs {expected_b}",
        db["total"]
    );
    assert!(
        db["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "reviewed"
                && p["explanation"]
                    .as_str()
                    .unwrap()
                    .contains("由 0 分改为 2 分（+2 分）")),
        "{:#}",
        db["problems"]
    );
    let dc = dept("文化_未改.ods");
    assert_eq!(dc["total"], card_c["total"]);
    assert_eq!(dc["before_review"], serde_json::Value::Null);
    let failures = json["failures"].as_array().unwrap();
    let reason = |file: &str| {
        failures
            .iter()
            .find(|f| f["file"] == file)
            .unwrap_or_else(|| panic!("{file} not listed: {failures:#?}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        reason("宁国_乱改.xlsx").contains("表格的行已被增删或移动"),
        "{}",
        reason("宁国_乱改.xlsx")
    );
    assert!(
        reason("统计局_文字.xlsx").contains("「好」不是数字"),
        "{}",
        reason("统计局_文字.xlsx")
    );
    // The 汇总 workbook marks the reviewed rows in 问题清单.
    let problems = crate::util::read_sheet(&w.path("汇总/汇总.xlsx"), "问题清单");
    assert!(problems.iter().any(|r| r.iter().any(|c| c == "审核改分")));
    let summary = crate::util::read_sheet(&w.path("汇总/汇总.xlsx"), "汇总");
    assert!(
        summary
            .iter()
            .flatten()
            .any(|c| c.contains("审核") && c.contains("总分较核算")),
        "{summary:#?}"
    );
    let _ = score_col;
}

/// The XML of a sheet (zero-based index) of an .xlsx file.
fn sheet_part(path: &Path, sheet_index: usize) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{}.xml", sheet_index + 1))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The manual page breaks jixiao wrote into a sheet (zero-based rows that
/// start a page).
fn manual_breaks(path: &Path, sheet_index: usize) -> Vec<u32> {
    sheet_part(path, sheet_index)
        .split("<brk id=\"")
        .skip(1)
        .filter_map(|x| x.split('"').next()?.parse().ok())
        .collect()
}

fn pdf_pages(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.matches("/Type/Page").count() - text.matches("/Type/Pages").count()
}

/// Printed by LibreOffice: each 评分表 breaks exactly where jixiao put its
/// page breaks (LibreOffice adds none: every page holds what jixiao planned),
/// no merged cell of the table spans a break, and the PDF has the pages of
/// the printed sheets.
#[test]
#[allow(clippy::print_stderr)]
fn printed_forms_keep_merged_indicator_cells_on_one_page() {
    let test = "printed_forms_keep_merged_indicator_cells_on_one_page";
    let Some(office) = Office::start(test) else {
        return;
    };
    if office.calibri_metrics(test).is_none() {
        return;
    }
    let w = Workdir::new();
    let mut files = Vec::new();
    for (i, sample) in SAMPLES.iter().enumerate() {
        let o = w.path(&format!("s{i}_own.xlsx"));
        score_to(&w, sample, None, &o);
        files.push(o);
    }
    for (j, rubric) in RUBRICS.iter().enumerate() {
        let o = w.path(&format!("s3_r{j}.xlsx"));
        score_to(&w, SAMPLES[3], Some(rubric), &o);
        files.push(o);
    }
    let jobs: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .map(|f| (f.clone(), f.with_extension("pdf")))
        .collect();
    let started = std::time::Instant::now();
    let reports = office.breaks(&jobs);
    let seconds = started.elapsed().as_secs_f64();
    let mut summary = Vec::new();
    for ((xlsx, pdf), sheets) in jobs.iter().zip(&reports) {
        let form = &sheets[0];
        let planned = manual_breaks(xlsx, 0);
        assert!(
            planned.iter().all(|b| *b <= form.last),
            "{}: a break below the form",
            xlsx.display()
        );
        assert_eq!(
            form.breaks,
            planned,
            "{}: LibreOffice's page breaks differ from jixiao's",
            xlsx.display()
        );
        for (r0, _, r1, _) in crate::util::merged(xlsx, "评分表") {
            assert!(
                !form.breaks.iter().any(|b| *b > r0 && *b <= r1),
                "{}: merged cell rows {}–{} cut by a page break at row {} ({:?})",
                xlsx.display(),
                r0 + 1,
                r1 + 1,
                form.breaks.iter().find(|b| **b > r0 && **b <= r1).unwrap() + 1,
                form.breaks
            );
        }
        // The printed sheets: all but the hidden record.
        let printed: u32 = sheets
            .iter()
            .filter(|s| s.name != "_jixiao")
            .map(|s| s.pages)
            .sum();
        assert_eq!(
            pdf_pages(pdf),
            printed as usize,
            "{}: {sheets:?}",
            pdf.display()
        );
        summary.push(format!(
            "{}: 评分表 {} 页, PDF {} 页",
            xlsx.file_name().unwrap().to_string_lossy(),
            form.pages,
            pdf_pages(pdf)
        ));
    }
    // The scored sample of docs/ (43 rows, long standards wrapped): its
    // 评分表 on 5 pages, as planned (explanations now name each metric's
    // basis, issue 8, and still fit).
    assert_eq!(reports[3][0].pages, 5, "{:?}", reports[3][0]);
    eprintln!(
        "{} workbooks printed by LibreOffice in {seconds:.1} s:\n  {}",
        jobs.len(),
        summary.join("\n  ")
    );
}

/// (row number, height) of each `<row>` with a set height in a sheet part.
fn row_heights(path: &Path, sheet_index: usize) -> Vec<(u32, f64)> {
    let xml = sheet_part(path, sheet_index);
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next()?.to_string())
    };
    xml.split("<row ")
        .skip(1)
        .filter_map(|row| {
            let tag = format!(" {}", row.split('>').next()?);
            let tag = tag.as_str();
            if attr(tag, "customHeight").is_some_and(|c| c == "false" || c == "0") {
                return None;
            }
            Some((
                attr(tag, "r")?.parse().ok()?,
                attr(tag, "ht")?.parse().ok()?,
            ))
        })
        .collect()
}

/// The chart part whose XML contains `title`.
fn chart_part(path: &Path, title: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().starts_with("xl/charts/chart") {
            let mut xml = String::new();
            f.read_to_string(&mut xml).unwrap();
            if xml.contains(title) {
                return xml;
            }
        }
    }
    panic!("{}: no chart titled {title}", path.display())
}

/// LibreOffice does not fit a row without a set height to its wrapped text
/// on opening (7.4 keeps it one line high): the 汇总 and 问题清单 rows of a
/// batch carry their heights, and LibreOffice, opening and saving the 汇总,
/// keeps every one of them — a wrapped explanation prints in full. Its
/// totals chart names the departments, read from the 汇总 sheet.
#[test]
fn libreoffice_keeps_the_wrapped_rows_of_the_batch_summary() {
    let Some(office) = Office::start("libreoffice_keeps_the_wrapped_rows_of_the_batch_summary")
    else {
        return;
    };
    let w = Workdir::new();
    std::fs::create_dir(w.path("部门")).unwrap();
    for s in SAMPLES {
        std::fs::rename(w.sample(s), w.path(&format!("部门/{s}"))).unwrap();
    }
    w.ok(&["batch", "部门", "--out", "结果", "--quiet"]);
    let ours = w.path("结果/汇总.xlsx");
    let saved = office.convert(
        std::slice::from_ref(&ours),
        "xlsx:Calc MS Excel 2007 XML",
        "xlsx",
        &w.path("另存"),
    );
    // The totals chart, as LibreOffice read it from the cells and saved it
    // again: the 汇总 sheet's 部门 as names (a string reference), first the
    // best-ranked, as in the cache jixiao wrote.
    let summary = crate::util::read_sheet(&ours, "汇总");
    let first = &summary[3][1];
    for file in [&ours, &saved[0]] {
        let chart = chart_part(file, "各部门总分");
        let expected = format!(
            "<c:cat><c:strRef><c:f>汇总!$B$4:$B${}</c:f><c:strCache><c:ptCount val=\"{}\"/><c:pt idx=\"0\"><c:v>{first}</c:v></c:pt>",
            summary.len(),
            summary.len() - 3
        );
        assert!(chart.contains(&expected), "{}: {chart}", file.display());
    }
    for (sheet, name) in [(0, "汇总"), (3, "问题清单")] {
        let set = row_heights(&ours, sheet);
        let kept = row_heights(&saved[0], sheet);
        let wrapped: Vec<_> = set.iter().filter(|(r, h)| *r > 3 && *h >= 36.0).collect();
        assert!(!wrapped.is_empty(), "{name}: no wrapped row in {set:?}");
        for (r, h) in &set {
            let k = kept.iter().find(|(kr, _)| kr == r).map(|(_, kh)| *kh);
            assert!(
                k.is_some_and(|k| (k - h).abs() < 0.1),
                "{name} row {r}: jixiao set {h} pt, LibreOffice kept {k:?}"
            );
        }
    }
}

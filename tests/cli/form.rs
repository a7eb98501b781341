//! The scored workbook as a living official form (issue 10): columns keep
//! their meaning, a hidden record of what jixiao wrote, live formulas, an
//! honest headline, print setup.

use std::path::{Path, PathBuf};

use calamine::{Reader, SheetVisible, open_workbook_auto};

use crate::util::{Workdir, read_sheet, row_starting, write_workbook};

/// The meta value of the hidden record for a label.
fn meta(rows: &[Vec<String>], label: &str) -> String {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c == label))
        .unwrap_or_else(|| panic!("no meta row {label}"))[1]
        .clone()
}

/// The record's row table: header row index and rows under it.
fn record_rows(rows: &[Vec<String>]) -> (Vec<String>, Vec<Vec<String>>) {
    let h = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "工作表"))
        .expect("row table header");
    let body = rows[h + 1..]
        .iter()
        .take_while(|r| r.first().is_some_and(|c| !c.is_empty()))
        .cloned()
        .collect();
    (rows[h].clone(), body)
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn score(w: &Workdir, input: &Path, extra: &[&str]) -> (PathBuf, serde_json::Value) {
    let mut args = vec![
        "score",
        input.to_str().unwrap(),
        "--out",
        "out.xlsx",
        "--json",
    ];
    args.extend_from_slice(extra);
    let json = w.ok(&args);
    (w.path("out.xlsx"), serde_json::from_str(&json).unwrap())
}

/// 桃江's own rubric: the record is hidden and names the department, the
/// data file, the rubric and every row's key, origin, 分值 and written score.
#[test]
fn hidden_record_of_what_jixiao_wrote() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let (out, card) = score(&w, &input, &[]);
    let wb = open_workbook_auto(&out).unwrap();
    let hidden = wb
        .sheets_metadata()
        .iter()
        .find(|s| s.name == "_jixiao")
        .expect("record sheet");
    assert_eq!(hidden.visible, SheetVisible::Hidden);
    let rec = read_sheet(&out, "_jixiao");
    assert_eq!(meta(&rec, "格式"), "jixiao-scored/1");
    assert_eq!(meta(&rec, "单位名称"), "桃江县医疗保障局");
    assert_eq!(meta(&rec, "数据文件"), "桃江县医疗保障局2019.xlsx");
    assert!(meta(&rec, "评分表").contains("桃江县医疗保障局2019.xlsx"));
    assert_eq!(meta(&rec, "核算得分列"), "H");
    assert_eq!(meta(&rec, "审核得分列"), "I");
    assert_eq!(meta(&rec, "自评得分列"), "G");
    let (header, rows) = record_rows(&rec);
    let card_rows = card["rows"].as_array().unwrap();
    assert_eq!(rows.len(), card_rows.len());
    for (r, c) in rows.iter().zip(card_rows) {
        assert_eq!(
            r[col(&header, "工作表")],
            c["key"]["sheet"].as_str().unwrap()
        );
        assert_eq!(
            r[col(&header, "行号")],
            c["key"]["row"].as_u64().unwrap().to_string()
        );
        assert_eq!(r[col(&header, "分值")], c["max"].as_str().unwrap());
        assert_eq!(
            r[col(&header, "来源代码")],
            c["origin"].as_str().unwrap(),
            "{r:?}"
        );
        let written = c["score"].as_str().unwrap_or("");
        assert_eq!(r[col(&header, "写入得分")], written);
        assert_eq!(r[col(&header, "当前得分")], written, "cached current score");
    }
    // The 三公 row: written 0 at its row in 评分表, where the sheet shows it.
    let sheet = read_sheet(&out, "评分表");
    let sangong = rows
        .iter()
        .find(|r| r[col(&header, "指标")] == "“三公经费”变动率")
        .unwrap();
    let at: usize = sangong[col(&header, "评分表行")].parse().unwrap();
    assert_eq!(sheet[at - 1][7], "0");
    assert_eq!(sangong[col(&header, "来源")], "核算");
}

/// A department without self-scores, scored with 云溪's rubric whose
/// 自评得分 column is empty: jixiao's score goes into that column and no
/// 核算得分 column is added.
#[test]
fn empty_score_column_takes_jixiaos_score() {
    let w = Workdir::new();
    let input = w.path("某局2024.xlsx");
    write_workbook(
        &input,
        &[(
            "基本情况",
            &[
                (0, 0, "单位名称"),
                (0, 1, "某局"),
                (1, 0, "编制数（人）"),
                (1, 1, "20"),
                (2, 0, "在职人员数（人）"),
                (2, 1, "18"),
            ],
        )],
    );
    let rubric = w.sample("rubrics/岳阳市云溪区部门整体支出绩效评价评分表.xlsx");
    let (out, _) = score(&w, &input, &["--rubric", rubric.to_str().unwrap()]);
    let rows = read_sheet(&out, "评分表");
    assert_eq!(rows[1][5], "自评得分");
    assert!(!rows[1].iter().any(|h| h == "核算得分"), "{:?}", rows[1]);
    let staff = row_starting(&rows, 2, "财政供养人员");
    assert_eq!(staff[5], "5", "在职人员控制率 90% scores full marks");
    let rec = read_sheet(&out, "_jixiao");
    assert_eq!(meta(&rec, "核算得分列"), "F");
    assert_eq!(meta(&rec, "自评得分列"), "");
}

/// A rubric file used for another department shows this department's
/// self-scores, never the file's own, and names this department.
#[test]
fn shared_rubric_shows_this_departments_self_scores() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    let rubric = w.sample("rubrics/桃江县2019部门整体支出绩效评价评分表.xlsx");
    let (out, card) = score(&w, &input, &["--rubric", rubric.to_str().unwrap()]);
    let rows = read_sheet(&out, "评分表");
    assert!(rows[1][0].contains("示例县统计局"), "{:?}", rows[1]);
    let card_rows = card["rows"].as_array().unwrap();
    let sangong = card_rows
        .iter()
        .find(|r| r["name"] == "“三公经费”变动率")
        .unwrap();
    let shown = row_starting(&rows, 2, "“三公经费”变动率");
    assert_eq!(shown[6], sangong["self_score"].as_str().unwrap_or(""));
}

/// A rubric of 80 points with a row nobody can score yet: graded on the
/// share of 80, provisional, and the headline says both (DESIGN §2.4, §2.5).
pub fn rubric_of_80(w: &Workdir) -> PathBuf {
    let path = w.path("八十分评分表.xlsx");
    write_workbook(
        &path,
        &[(
            "评分表",
            &[
                (0, 0, "一级指标"),
                (0, 1, "三级指标"),
                (0, 2, "分值"),
                (0, 3, "评分标准"),
                (1, 0, "投入"),
                (1, 1, "在职人员控制率"),
                (1, 2, "40"),
                (1, 3, "在职人员控制率≤100%计40分，每超过一个百分点扣1分。"),
                (2, 0, "过程"),
                (2, 1, "预算完成率"),
                (2, 2, "20"),
                (2, 3, "预算完成率=（预算完成数/预算数）×100%。按比例计分。"),
                (3, 0, "效果"),
                (3, 1, "宣传工作"),
                (3, 2, "20"),
                (3, 3, "视情况打分"),
            ],
        )],
    );
    path
}

#[test]
fn total_other_than_100_is_graded_on_its_share() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    let rubric = rubric_of_80(&w);
    let (out, card) = score(&w, &input, &["--rubric", rubric.to_str().unwrap()]);
    assert_eq!(card["max_total"], "80");
    let total: f64 = card["total"].as_str().unwrap().parse().unwrap();
    let basis: f64 = card["grade_basis"].as_str().unwrap().parse().unwrap();
    assert!((basis - total * 100.0 / 80.0).abs() < 1e-6, "{basis}");
    assert_eq!(card["provisional"], true);
    let headline = card["headline"].as_str().unwrap();
    let t = card["total"].as_str().unwrap();
    assert!(
        headline.starts_with(&format!("暂定：{t} 分，另有 20 分待评，可能 {t}–"))
            && headline.contains("；满分 80 分，按得分率 "),
        "{headline}"
    );
    let summary = read_sheet(&out, "评分汇总");
    let all: Vec<&String> = summary.iter().flatten().collect();
    assert!(all.iter().any(|c| c.as_str() == headline), "{summary:#?}");
    assert!(
        all.iter().any(|c| c.contains("满分不是100分时，按得分率")),
        "{summary:#?}"
    );
}

/// The printed sheets carry no file name, no tool name and no English code
/// (they are in sheet 说明); numbers in 指标计算 have thousands separators.
#[test]
fn printed_sheets_carry_no_file_tool_or_code() {
    let w = Workdir::new();
    for (sample, rubric) in [
        ("示例县统计局2023.xlsx", None),
        ("桃江县医疗保障局2019.xlsx", None),
        ("宁国市医疗保障局2020.xlsx", None),
        (
            "示例县文化旅游广电局2023.xlsx",
            Some("rubrics/桃江县2019部门整体支出绩效评价评分表.xlsx"),
        ),
    ] {
        let input = w.sample(sample);
        let r = rubric.map(|r| w.sample(r));
        let mut extra = vec!["--force"];
        if let Some(r) = &r {
            extra.extend(["--rubric", r.to_str().unwrap()]);
        }
        let (out, _) = score(&w, &input, &extra);
        for sheet in ["评分表", "指标计算", "评分汇总"] {
            for row in read_sheet(&out, sheet) {
                for cell in row {
                    let lower = cell.to_lowercase();
                    let code = cell
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .any(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()));
                    assert!(
                        !lower.contains("jixiao") && !lower.contains(".xls") && !code,
                        "{sample} {sheet}: {cell}"
                    );
                }
            }
        }
        let notes = read_sheet(&out, "说明");
        let all: Vec<&String> = notes.iter().flatten().collect();
        assert!(all.iter().any(|c| c.as_str() == sample), "{notes:?}");
        assert!(
            all.iter().any(|c| c.as_str() == "staff_control_rate"),
            "{notes:?}"
        );
        assert!(all.iter().any(|c| c.starts_with("jixiao ")), "{notes:?}");
    }
    let metrics = read_sheet(&w.path("out.xlsx"), "指标计算");
    let grouped = |c: &str| {
        let b = c.as_bytes();
        (1..b.len().saturating_sub(3)).any(|i| {
            b[i] == b','
                && b[i - 1].is_ascii_digit()
                && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
        })
    };
    assert!(metrics.iter().flatten().any(|c| grouped(c)), "{metrics:#?}");
}

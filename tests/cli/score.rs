use crate::util::{Workdir, formula_at, read_sheet, row_named, row_starting, stderr};

// Columns of the 评分表 sheet (both jixiao's layout and the seed rubrics).
const NAME: usize = 2;
const SCORE: usize = 7;

fn score_sample(w: &Workdir, name: &str) -> std::path::PathBuf {
    let input = w.sample(name);
    w.ok(&["score", input.to_str().unwrap()]);
    let stem = name.trim_end_matches(".xlsx");
    let out = w.path(&format!("{stem}_评分.xlsx"));
    assert!(out.exists(), "{} not written", out.display());
    out
}

/// 桃江 2019 (seed 004): 三公经费变动率 80.55% and the rule's score for it.
/// The workbook carries 桃江's own rubric, so the output keeps its layout:
/// 核算得分 (column H) is inserted before 审核得分 (I, left to the
/// reviewer) and 计算说明 is added at the right (J).
#[test]
fn taojiang_sangong_change_rate() {
    let w = Workdir::new();
    let out = score_sample(&w, "桃江县医疗保障局2019.xlsx");
    let rows = read_sheet(&out, "评分表");
    let row = row_starting(&rows, NAME, "“三公经费”变动率");
    assert_eq!(row[5], "3", "分值");
    assert_eq!(row[6], "3", "自评得分 kept");
    assert_eq!(row[7], "0", "核算得分 filled");
    assert_eq!(row[8], "", "审核得分 left to the reviewer");
    assert!(
        row[9].contains("“三公经费”变动率（预算数） 80.55% ＞ 0，按规则计0分（自评3分）"),
        "{}",
        row[9]
    );
    assert!(
        row[9].contains("规则理解：按正负计分：>0计0分；=0计3分；<0计4分"),
        "{}",
        row[9]
    );
    // The 指标计算 sheet shows the inputs and their cells.
    let metrics = read_sheet(&out, "指标计算");
    let m = row_named(&metrics, 1, "“三公经费”变动率（预算数）");
    assert!(
        m[3].contains("98,701元") && m[3].contains("54,666元"),
        "{m:?}"
    );
    assert!(
        m[4].contains("三公经费!B4") && m[4].contains("三公经费!D4"),
        "{m:?}"
    );
    let v: f64 = m[5].parse().unwrap();
    assert!((v - 0.805_528_1).abs() < 1e-6, "{v}");
    // The self-score difference and the capped rule are warnings on the summary.
    let summary = read_sheet(&out, "评分汇总");
    let all: Vec<&String> = summary.iter().flatten().collect();
    assert!(
        all.iter()
            .any(|c| c.contains("「“三公经费”变动率」自评3分，按规则计算应为0分")),
        "{summary:#?}"
    );
    assert!(
        all.iter().any(|c| c.contains("最高给4分，超过该项分值3分")),
        "{summary:#?}"
    );
}

/// 宁国 2020 (seed 003): 预算完成率 694.14%, scored and explained as such.
/// 宁国's rubric gives formulas only, so the default rule applies, scaled.
#[test]
fn ningguo_budget_completion_rate() {
    let w = Workdir::new();
    let out = score_sample(&w, "宁国市医疗保障局2020.xlsx");
    let rows = read_sheet(&out, "评分表");
    assert_eq!(rows[6][7], "核算得分");
    assert_eq!(rows[6][8], "计算说明");
    let row = row_named(&rows, NAME, "预算完成率");
    assert_eq!(row[6], "3", "the department's 得分 column is kept");
    assert_eq!(row[7], "0");
    assert!(
        row[8].contains("预算完成率（全年预算） 694.14%偏离100%共594.14个百分点"),
        "{}",
        row[8]
    );
    // Issue 8: 694.14% is implausible and said so, with both cells.
    assert!(
        row[8].contains("数值存疑，仅供参考：预算完成率（全年预算）为 694.14%，超过 150%，年初预算数可能未含追加：请核对「支出合计·全年执行数」（27133.4828万元，预算执行!D4）与「支出合计·全年预算数」（3908.9432万元，预算执行!C4）"),
        "{}",
        row[8]
    );
    assert!(
        row[8].contains("按默认规则（评分表未写评分标准），仅供参考"),
        "{}",
        row[8]
    );
    // 三公 came from the wide 决算 layout in 万元.
    let metrics = read_sheet(&out, "指标计算");
    let control = row_named(&metrics, 1, "“三公经费”控制率（预算数）");
    assert!(
        control[3].contains("5.12万元") && control[3].contains("6万元"),
        "{control:?}"
    );
}

/// The total is a formula over the subtotals, with its computed result cached.
#[test]
fn totals_are_formulas_with_results() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    let json = w.ok(&["score", input.to_str().unwrap(), "--json"]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let out = w.path("示例县统计局2023_评分.xlsx");
    let rows = read_sheet(&out, "评分表");
    let (r, total) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r[0] == "合计")
        .unwrap();
    let total_score: f64 = total[SCORE].parse().unwrap();
    assert!((total_score - card["total"].as_str().unwrap().parse::<f64>().unwrap()).abs() < 1e-9);
    let formula = formula_at(&out, "评分表", u32::try_from(r).unwrap(), SCORE as u32);
    assert!(
        formula.starts_with('H') && formula.contains('+'),
        "total formula: {formula}"
    );
    let (sr, sub) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r[0] == "投入 小计")
        .unwrap();
    assert_eq!(
        formula_at(&out, "评分表", u32::try_from(sr).unwrap(), SCORE as u32),
        "SUM(H4:H8)"
    );
    assert!(!sub[SCORE].is_empty());
    assert_eq!(card["grade"], "优秀");
    // Its qualitative rows keep unverified self-scores: 暂定 (DESIGN §2.5).
    assert_eq!(card["provisional"], true);
    assert!(
        card["headline"].as_str().unwrap().starts_with("暂定："),
        "{}",
        card["headline"]
    );
}

#[test]
fn poor_department_grades_low_and_flags_inflated_self_scores() {
    let w = Workdir::new();
    let input = w.sample("示例县文化旅游广电局2023.xlsx");
    let json = w.ok(&["score", input.to_str().unwrap(), "--json"]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let grade = card["grade"].as_str().unwrap();
    assert!(grade == "中" || grade == "差", "{grade}");
    let total: f64 = card["total"].as_str().unwrap().parse().unwrap();
    assert!(total < 80.0, "{total}");
    assert_eq!(card["self_total"], "100");
    let warnings = card["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["message"]
            .as_str()
            .unwrap()
            .contains("在职人员控制率」自评4分，按规则计算应为0分")),
        "{warnings:#?}"
    );
}

/// The same input scored twice gives byte-identical files.
#[test]
fn output_is_deterministic() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    w.ok(&["score", input.to_str().unwrap(), "--out", "a.xlsx"]);
    w.ok(&["score", input.to_str().unwrap(), "--out", "b.xlsx"]);
    let (a, b) = (
        std::fs::read(w.path("a.xlsx")).unwrap(),
        std::fs::read(w.path("b.xlsx")).unwrap(),
    );
    assert!(a.len() > 5000);
    assert_eq!(a, b);
}

#[test]
fn json_lists_every_row() {
    let w = Workdir::new();
    let input = w.sample("宁国市医疗保障局2020.xlsx");
    let json = w.ok(&["score", input.to_str().unwrap(), "--json"]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(card["department"], "宁国市医疗保障局");
    assert_eq!(card["year"], 2020);
    let rows = card["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 29);
    let row = rows.iter().find(|r| r["name"] == "预算完成率").unwrap();
    for key in [
        "max",
        "score",
        "self_score",
        "metric_value",
        "reading",
        "explanation",
    ] {
        assert!(!row[key].is_null(), "{key} missing: {row}");
    }
    assert_eq!(row["metric_value"], "694.14%");
}

#[test]
fn summary_is_printed_in_chinese() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let out = w.run(&["score", input.to_str().unwrap()]);
    let err = stderr(&out);
    // The headline states the split by origin (DESIGN §2.5): 桃江's
    // qualitative rows keep unverified self-scores, so the grade is 暂定.
    assert!(
        err.contains("已生成")
            && err.contains(
                "桃江县医疗保障局：暂定：92.95 分，优秀（其中参考 3 分、自评未核验 65 分尚未核实）"
            )
            && err.contains(
                "得分构成：核算 24.95 分，参考 3 分，自评未核验 65 分，待评 0 分（满分 100 分）"
            ),
        "{err}"
    );
}

/// Issue 6: every row has a stable key and one origin (DESIGN §2.5). 宁国's
/// rubric states formulas only, so its computed rows are 参考 (the default
/// rule, scaled), never 核算; its qualitative rows keep the self-score
/// unverified. The 优秀 sample's own rubric states its rules: 核算.
#[test]
fn rows_carry_keys_and_origins() {
    let w = Workdir::new();
    let origins = |name: &str| -> Vec<(String, String, String)> {
        let input = w.sample(name);
        let out = w.run(&["score", input.to_str().unwrap(), "--json", "--force"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        card["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    format!(
                        "{}!{}",
                        r["key"]["sheet"].as_str().unwrap(),
                        r["key"]["row"]
                    ),
                    r["name"].as_str().unwrap().to_string(),
                    r["origin"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let ningguo = origins("宁国市医疗保障局2020.xlsx");
    let count =
        |rows: &[(String, String, String)], o: &str| rows.iter().filter(|r| r.2 == o).count();
    assert_eq!(count(&ningguo, "reference"), 16);
    assert_eq!(count(&ningguo, "self_unverified"), 13);
    assert_eq!(count(&ningguo, "computed"), 0);
    let completion = ningguo.iter().find(|r| r.1 == "预算完成率").unwrap();
    assert_eq!(completion.2, "reference");
    let excellent = origins("示例县文化旅游广电局2023.xlsx");
    assert_eq!(count(&excellent, "computed"), 16);
    assert_eq!(count(&excellent, "self_unverified"), 13);
    // Keys are unique within a card.
    for rows in [&ningguo, &excellent] {
        let mut keys: Vec<&String> = rows.iter().map(|r| &r.0).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), rows.len());
    }
}

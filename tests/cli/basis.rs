//! The budget basis of each metric and plausibility warnings (issue 8,
//! classes 4 and 5), through the real binary on workbooks built here.
//!
//! Expected values are computed by hand in the comments.

use std::path::{Path, PathBuf};

use crate::util::{Workdir, read_sheet, write_workbook};

/// A rubric of three rows (一级指标, 三级指标, 分值, 评分标准).
fn rubric(path: &Path) {
    write_workbook(
        path,
        &[(
            "评分表",
            &[
                (0, 0, "一级指标"),
                (0, 1, "三级指标"),
                (0, 2, "分值"),
                (0, 3, "评分标准"),
                (1, 0, "投入"),
                (1, 1, "重点支出安排率"),
                (1, 2, "5"),
                (1, 3, "≥90%计5分；80%（含）-90%计4分；低于80%不得分"),
                (2, 0, "过程"),
                (2, 1, "预算完成率"),
                (2, 2, "5"),
                (2, 3, "≥95%计5分；低于95%不得分"),
                (3, 0, "过程"),
                (3, 1, "支付进度率"),
                (3, 2, "5"),
                (3, 3, "≥95%计5分；低于95%不得分"),
                (4, 0, "投入"),
                (4, 1, "在职人员控制率"),
                (4, 2, "5"),
                (4, 3, "≥50%计5分；低于50%不得分"),
            ],
        )],
    );
}

/// A department whose 预算执行 table has no 年初预算数 column: 重点支出安排率
/// can only be computed on 全年预算 (540 ÷ 600 = 90%).
fn without_initial_budget(path: &Path) {
    write_workbook(
        path,
        &[
            (
                "基本情况",
                &[
                    (0, 0, "单位名称"),
                    (0, 1, "测试局甲"),
                    (1, 0, "评价年度"),
                    (1, 1, "2024"),
                    (2, 0, "编制数"),
                    (2, 1, "20"),
                    (3, 0, "在职人员数"),
                    (3, 1, "19"),
                ],
            ),
            (
                "预算执行",
                &[
                    (0, 0, "单位：万元"),
                    (1, 0, "项目"),
                    (1, 1, "全年预算数"),
                    (1, 2, "全年执行数"),
                    (2, 0, "支出合计"),
                    (2, 1, "1000"),
                    (2, 2, "980"),
                    (3, 0, "项目支出"),
                    (3, 1, "600"),
                    (3, 2, "590"),
                    (4, 0, "其中：重点项目支出"),
                    (4, 1, "540"),
                    (4, 2, "530"),
                ],
            ),
            (
                "其他财务数据",
                &[
                    (0, 0, "既定支付进度"),
                    (0, 1, "90%"),
                    (1, 0, "实际支付进度"),
                    (1, 1, "95%"),
                ],
            ),
        ],
    );
}

/// A department with every implausibility: 预算完成率 1500.1 ÷ 1000 =
/// 150.01%, 实际支付进度 9.99%, 在职 40 of 编制 100 (40%), 重点项目支出 650 of
/// 项目支出 600 (108.33%), 公务卡应结算金额 −5万元. Its 三公 figures are
/// plausible: 8000 ÷ 10000 = 80%, (10000 − 9000) ÷ 9000 = 11.11%.
fn implausible(path: &Path) {
    write_workbook(
        path,
        &[
            (
                "基本情况",
                &[
                    (0, 0, "单位名称"),
                    (0, 1, "测试局乙"),
                    (1, 0, "评价年度"),
                    (1, 1, "2024"),
                    (2, 0, "编制数"),
                    (2, 1, "100"),
                    (3, 0, "在职人员数"),
                    (3, 1, "40"),
                ],
            ),
            (
                "预算执行",
                &[
                    (0, 0, "单位：万元"),
                    (1, 0, "项目"),
                    (1, 1, "年初预算数"),
                    (1, 2, "全年预算数"),
                    (1, 3, "全年执行数"),
                    (2, 0, "支出合计"),
                    (2, 1, "1000"),
                    (2, 2, "1000"),
                    (2, 3, "1500.1"),
                    (3, 0, "项目支出"),
                    (3, 1, "600"),
                    (3, 2, "600"),
                    (3, 3, "590"),
                    (4, 0, "其中：重点项目支出"),
                    (4, 1, "650"),
                    (4, 2, "650"),
                    (4, 3, "600"),
                ],
            ),
            (
                "其他财务数据",
                &[
                    (0, 0, "单位：万元"),
                    (1, 0, "既定支付进度"),
                    (1, 1, "90%"),
                    (2, 0, "实际支付进度"),
                    (2, 1, "9.99%"),
                    (3, 0, "公务卡应结算金额"),
                    (3, 1, "-5"),
                    (4, 0, "公务卡实际结算金额"),
                    (4, 1, "3"),
                ],
            ),
            (
                "三公经费",
                &[
                    (0, 0, "单位：元"),
                    (1, 0, "项目"),
                    (1, 1, "本年预算数"),
                    (1, 2, "本年决算数"),
                    (1, 3, "上年预算数"),
                    (2, 0, "合计"),
                    (2, 1, "10000"),
                    (2, 2, "8000"),
                    (2, 3, "9000"),
                ],
            ),
        ],
    );
}

fn score_json(w: &Workdir, input: &Path, rubric: &Path, config: Option<&str>) -> serde_json::Value {
    let mut args: Vec<String> = [
        "score",
        input.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--out",
        w.path("out.xlsx").to_str().unwrap(),
        "--force",
        "--json",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    if let Some(text) = config {
        std::fs::write(w.path("jixiao.toml"), text).unwrap();
        args.push("--config".into());
        args.push(w.path("jixiao.toml").to_str().unwrap().into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    serde_json::from_str(&w.ok(&args)).unwrap()
}

fn row<'a>(card: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// The name, origin, score and explanation of every row, one line each.
fn rows_text(card: &serde_json::Value) -> String {
    let mut out = String::new();
    for r in card["rows"].as_array().unwrap() {
        out.push_str(&format!(
            "{}｜{}｜{}分｜{}\n",
            r["name"].as_str().unwrap(),
            r["origin"].as_str().unwrap(),
            r["score"],
            r["explanation"].as_str().unwrap()
        ));
    }
    out.push_str(&format!("结论：{}\n", card["headline"].as_str().unwrap()));
    out
}

fn setup(w: &Workdir, make: fn(&Path), name: &str) -> (PathBuf, PathBuf) {
    let input = w.path(name);
    make(&input);
    let r = w.path("评分表.xlsx");
    rubric(&r);
    (input, r)
}

/// The stated basis (年初预算) is missing, 全年预算 is there: 重点支出安排率 is
/// computed on 全年 (540 ÷ 600 = 90% → 5分) as 参考 with a note, and the
/// grade is provisional even when the configuration adopts the default
/// rules; choosing 全年预算 in the configuration makes it 核算.
#[test]
fn fallback_basis_is_reference() {
    let w = Workdir::new();
    let (input, r) = setup(&w, without_initial_budget, "测试局甲2024.xlsx");
    let card = score_json(&w, &input, &r, None);
    let key = row(&card, "重点支出安排率");
    assert_eq!(key["origin"], "reference");
    assert_eq!(key["score"], "5");
    assert_eq!(key["basis"], "全年预算");
    assert_eq!(
        key["explanation"],
        "重点支出安排率（全年预算） 90.00%属于≥90%档，计5分；未取得年初预算数据（缺少「重点项目支出·年初预算数」；缺少「项目支出·年初预算数」），改按全年预算计算，仅供参考"
    );
    // 预算完成率 on its stated basis (全年): 980 ÷ 1000 = 98% → 5分, 核算.
    let done = row(&card, "预算完成率");
    assert_eq!(done["origin"], "computed");
    assert_eq!(done["basis"], "全年预算");
    assert_eq!(card["provisional"], true);
    assert!(
        card["headline"]
            .as_str()
            .unwrap()
            .starts_with("暂定：20 分，优秀（其中参考 5 分尚未核实）"),
        "{}",
        card["headline"]
    );
    assert!(card["warnings"].as_array().unwrap().iter().any(|w| {
        w["kind"] == "reference"
            && w["message"]
                == "以下1项的指标值未按规定口径计算或数值存疑（见各项计算说明），仅供参考，等级为暂定：重点支出安排率"
    }));

    // Adopting the default rules does not adopt another basis.
    let adopted = score_json(
        &w,
        &input,
        &r,
        Some("[score]\nadopt-default-rules = true\n"),
    );
    assert_eq!(row(&adopted, "重点支出安排率")["origin"], "reference");
    assert_eq!(adopted["provisional"], true);

    // The locality states 全年预算: the same value is 核算.
    let chosen = score_json(
        &w,
        &input,
        &r,
        Some("[metrics.key_expenditure_rate]\nbasis = \"全年预算\"\n"),
    );
    let key = row(&chosen, "重点支出安排率");
    assert_eq!(key["origin"], "computed");
    assert_eq!(
        key["explanation"],
        "重点支出安排率（全年预算） 90.00%属于≥90%档，计5分"
    );
    assert_eq!(chosen["provisional"], false);
    assert_eq!(
        chosen["headline"],
        "总分 20 分，优秀；满分 20 分，按得分率 100.00% 定级"
    );
}

/// A basis the metric does not allow is a configuration error (exit 2)
/// naming the line and the allowed bases.
#[test]
fn a_basis_the_metric_does_not_allow_is_an_error() {
    let w = Workdir::new();
    let (input, r) = setup(&w, without_initial_budget, "测试局甲2024.xlsx");
    std::fs::write(
        w.path("jixiao.toml"),
        "[metrics.budget_completion_rate]\nbasis = \"决算数\"\n",
    )
    .unwrap();
    let out = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        r.to_str().unwrap(),
        "--config",
        w.path("jixiao.toml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = crate::util::stderr(&out);
    assert!(
        err.contains(
            "第2行：指标「预算完成率」的 basis = \"决算数\" 不可用，该指标可选的口径为：\"全年预算\"、\"年初预算\""
        ),
        "{err}"
    );
}

/// Every implausibility in `check`, in the explanations (each such row 参考)
/// and in the batch 汇总's 问题清单.
#[test]
fn implausible_values_are_flagged_everywhere() {
    let w = Workdir::new();
    let (input, r) = setup(&w, implausible, "测试局乙2024.xlsx");
    let check = w.ok(&["check", input.to_str().unwrap()]);
    insta::assert_snapshot!("basis_check_implausible", check);

    let card = score_json(&w, &input, &r, None);
    for name in [
        "重点支出安排率",
        "预算完成率",
        "支付进度率",
        "在职人员控制率",
    ] {
        assert_eq!(row(&card, name)["origin"], "reference", "{name}");
    }
    insta::assert_snapshot!("basis_explanations_implausible", rows_text(&card));

    // The 汇总's 问题清单 lists each as 数值异常 with its cell.
    std::fs::create_dir(w.path("单位")).unwrap();
    std::fs::copy(&input, w.path("单位/测试局乙2024.xlsx")).unwrap();
    w.ok(&[
        "batch",
        w.path("单位").to_str().unwrap(),
        "--rubric",
        r.to_str().unwrap(),
        "--out",
        w.path("结果").to_str().unwrap(),
        "--jobs",
        "1",
        "--quiet",
    ]);
    let problems = read_sheet(&w.path("结果/汇总.xlsx"), "问题清单");
    let flagged: Vec<String> = problems
        .iter()
        .filter(|row| row.iter().any(|c| c == "数值异常"))
        .map(|row| row.join("｜"))
        .collect();
    insta::assert_snapshot!("basis_problems_implausible", flagged.join("\n"));
    assert_eq!(flagged.len(), 5, "{flagged:?}");
}

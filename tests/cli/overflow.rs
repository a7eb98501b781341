//! Issue 6: numbers at the limits of `Decimal` in a department workbook, a
//! rubric or on the command line give a clear message or 无法计算, never a
//! panic (exit 101).

use crate::util::{Workdir, one_row_rubric, stderr, write_workbook};

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        )
    })
}

fn row<'a>(card: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn absurd_department_values_are_not_computable() {
    let w = Workdir::new();
    let input = w.path("巨大数值局2023.xlsx");
    write_workbook(
        &input,
        &[
            (
                "基本情况",
                &[
                    (0, 0, "单位名称"),
                    (0, 1, "巨大数值局"),
                    (1, 0, "编制数（人）"),
                    (1, 1, "0.0000000000000000000000000001"),
                    (2, 0, "在职人员数（人）"),
                    (2, 1, "45"),
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
                    (2, 1, "100"),
                    (2, 2, "7900000000000000000000000000"),
                ],
            ),
        ],
    );
    let out = w.run(&["score", input.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card = json(&out);
    let staff = row(&card, "在职人员控制率");
    assert_eq!(staff["origin"], "pending");
    assert_eq!(
        staff["explanation"],
        "在职人员控制率无法计算：数值超出可计算范围（基本情况!B3、基本情况!B2）"
    );
    let completion = row(&card, "预算完成率");
    assert_eq!(
        completion["explanation"],
        "预算完成率（全年预算）无法计算：数值超出可计算范围（预算执行!C3）"
    );
}

#[test]
fn rubric_points_beyond_range_are_a_clear_error() {
    let w = Workdir::new();
    let rubric = w.path("超大分值评分表.xlsx");
    one_row_rubric(
        &rubric,
        "79,228,162,514,264,337,593,543,950,335",
        "在职人员控制率≤100%，计5分",
    );
    let input = w.sample("示例县统计局2023.xlsx");
    let out = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--out",
        "out.xlsx",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "错误：「超大分值评分表.xlsx」评分表!C2的分值「79228162514264337593543950335」超出可计算范围，请核对该单元格"
    );
    assert!(!w.path("out.xlsx").exists());
}

#[test]
fn rule_values_at_the_limits_of_decimal() {
    let w = Workdir::new();
    let text = "每超过一个百分点扣0.5分，扣完为止";
    let out = w.run(&[
        "rule",
        text,
        "--max",
        "5",
        "--value",
        "79228162514264337593543950335",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "代入 79228162514264337593543950335（按百分数理解：79228162514264337593543950335 即 79228162514264337593543950335%）：无法计算：数值超出可计算范围"
        ),
        "{stdout}"
    );
    let out = w.run(&["rule", text, "--max", "79228162514264337593543950335"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "错误：分值「79228162514264337593543950335」无效：请写一个不小于0的数（如 5 或 2.5），且不超过10的18次方"
    );
    let out = w.run(&["rule", text, "--max", "792281625142643375935439503350"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Issue 11: a negative or absurd 分值 is an error naming the row (exit 2);
/// a rule text longer than a cell can hold is cut for display, never a
/// failed run.
#[test]
fn rubric_points_must_be_sane_and_long_texts_are_cut() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    let rubric = |name: &str, points: &str, standard: &str| {
        let path = w.path(name);
        one_row_rubric(&path, points, standard);
        path
    };
    let negative = rubric("负分值.xlsx", "-5", "在职人员控制率≤100%，计5分");
    let out = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        negative.to_str().unwrap(),
        "--out",
        "a.xlsx",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "错误：「负分值.xlsx」评分表!C2的分值「-5」无效：分值应为大于0、不超过1000的数，请核对该行"
    );
    // 17 characters × 1,900 = 32,300: near what one cell can hold.
    let long = "在职人员控制率≤100%，计5分。".repeat(1_900);
    let long_rubric = rubric("长文本.xlsx", "5", &long);
    let out = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        long_rubric.to_str().unwrap(),
        "--out",
        "b.xlsx",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let standard = card["rows"][0]["standard"].as_str().unwrap();
    assert!(
        standard.ends_with("（原文共32300字，已截断）"),
        "{standard:.80}"
    );
}

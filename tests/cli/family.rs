//! The 考核 family (issue 12, seed 001): the 隆化 samples, `--family`, and
//! rows of every new rule kind at, just below and just above their
//! boundaries. Expected scores are computed by hand in each comment.

use serde_json::Value;

use crate::util::{Workdir, stderr, write_workbook};

/// Full-marks data: every count as in a department that does everything.
const FULL: [(&str, &str); 29] = [
    ("是否成立预算绩效管理领导小组", "是"),
    ("是否明确专职人员", "是"),
    ("制定的预算绩效管理办法或操作细则项数", "3"),
    ("未按要求报送材料或参加会议培训的次数", "0"),
    ("须开展事前绩效评估的项目数", "4"),
    ("已开展事前绩效评估的项目数", "4"),
    ("项目总数", "10"),
    ("设置绩效目标的项目数", "10"),
    ("是否设置部门整体支出绩效目标", "是"),
    ("设置绩效目标的项目支出金额", "800"),
    ("项目支出总额", "800"),
    ("绩效目标质量方面被提出的问题数", "0"),
    ("开展1-6月绩效监控的项目数", "10"),
    ("是否开展部门整体支出绩效监控", "是"),
    ("绩效监控材料是否齐全", "是"),
    ("绩效监控材料逾期报送天数", "0"),
    ("部门自行监控发现问题未及时整改数", "0"),
    ("财政监控抽查发现问题数", "0"),
    ("财政重点监控发现问题未整改到位数", "0"),
    ("开展绩效自评的项目数", "10"),
    ("是否开展部门整体支出绩效自评", "是"),
    ("发现绩效自评结果不真实的个数", "0"),
    ("绩效自评报告逾期报送天数", "0"),
    ("自评和重点评价发现问题未及时整改数", "0"),
    ("是否将评价结果应用于预算申报、改进管理和完善政策", "是"),
    ("非涉密项目总数", "10"),
    ("公开绩效目标的项目数", "10"),
    ("是否公开部门整体绩效目标", "是"),
    ("公开自评结果的项目数", "10"),
];

/// Scores a department whose 考核数据 are FULL with `changes` applied
/// (a value "" leaves the label out), against the built-in 考核 rubric.
fn score_with(changes: &[(&str, &str)]) -> Value {
    let w = Workdir::new();
    let mut labels: Vec<(String, String)> = vec![
        ("单位名称".into(), "测试局".into()),
        ("评价年度".into(), "2023".into()),
    ];
    for (l, v) in FULL {
        let v = changes
            .iter()
            .find(|(k, _)| *k == l)
            .map_or(v, |(_, nv)| *nv);
        if !v.is_empty() {
            labels.push((l.to_string(), v.to_string()));
        }
    }
    let cells: Vec<(u32, u16, &str)> = labels
        .iter()
        .enumerate()
        .flat_map(|(i, (l, v))| {
            let r = u32::try_from(i).unwrap();
            [(r, 0, l.as_str()), (r, 1, v.as_str())]
        })
        .collect();
    let path = w.path("测试局.xlsx");
    write_workbook(&path, &[("考核数据", &cells)]);
    let out = w.ok(&[
        "score",
        path.to_str().unwrap(),
        "--family",
        "考核",
        "--json",
    ]);
    serde_json::from_str(&out).unwrap()
}

/// The row `name` under the 一级指标 `level1`.
fn row<'a>(card: &'a Value, level1: &str, name: &str) -> &'a Value {
    card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["level1"] == level1 && r["name"] == name)
        .unwrap_or_else(|| panic!("no row {level1}/{name}"))
}

fn score_of(card: &Value, level1: &str, name: &str) -> Option<f64> {
    row(card, level1, name)["score"]
        .as_str()
        .map(|s| s.parse().unwrap())
        .or_else(|| row(card, level1, name)["score"].as_f64())
}

#[test]
fn full_data_scores_every_computable_row_in_full() {
    let card = score_with(&[]);
    // 16 rows computed in full (100 − 5 − 6 = 89); 指标体系建设 and 事前
    // 结果应用 have no rule jixiao can compute and no self-score: 待评.
    assert_eq!(card["total"], "89");
    assert_eq!(row(&card, "基础工作", "指标体系建设")["origin"], "pending");
    assert_eq!(row(&card, "事前绩效评估", "结果应用")["origin"], "pending");
    assert_eq!(card["provisional"], true);
}

/// Ratio of counts × points: 已开展/须开展 × 4分, at 100%, below, above, and 0/0.
#[test]
fn ratio_of_counts_at_its_boundaries() {
    let at = |done: &str, required: &str| {
        let c = score_with(&[
            ("已开展事前绩效评估的项目数", done),
            ("须开展事前绩效评估的项目数", required),
        ]);
        (
            score_of(&c, "事前绩效评估", "评估范围"),
            row(&c, "事前绩效评估", "评估范围").clone(),
        )
    };
    // 4/4 × 4 = 4.
    assert_eq!(at("4", "4").0, Some(4.0));
    // 3/4 × 4 = 3.
    assert_eq!(at("3", "4").0, Some(3.0));
    // 5/4 is more than all: at most 100%, 4.
    let (s, r) = at("5", "4");
    assert_eq!(s, Some(4.0));
    assert!(
        r["explanation"].as_str().unwrap().contains("按100%计"),
        "{r}"
    );
    // 0 required: no ratio, the row waits for a person.
    let (s, r) = at("0", "0");
    assert_eq!(s, None);
    assert!(
        r["explanation"].as_str().unwrap().contains("无法计算比例"),
        "{r}"
    );
    // Amounts: 760/800 × 4 = 3.8.
    let c = score_with(&[("设置绩效目标的项目支出金额", "760")]);
    assert_eq!(score_of(&c, "绩效目标管理", "资金规模"), Some(3.8));
}

/// Ratio plus bonus: 设置目标项目数/项目总数×4分 + 加2分否则不得分.
#[test]
fn bonus_adds_only_when_yes() {
    // 10/10×4 + 2 = 6.
    let c = score_with(&[]);
    assert_eq!(score_of(&c, "绩效目标管理", "管理范围"), Some(6.0));
    // 9/10×4 + 2 = 3.6 + 2 = 5.6.
    let c = score_with(&[("设置绩效目标的项目数", "9")]);
    assert_eq!(score_of(&c, "绩效目标管理", "管理范围"), Some(5.6));
    // 10/10×4 + 0 = 4.
    let c = score_with(&[("是否设置部门整体支出绩效目标", "否")]);
    assert_eq!(score_of(&c, "绩效目标管理", "管理范围"), Some(4.0));
    // The answer missing: the row waits, naming it.
    let c = score_with(&[("是否设置部门整体支出绩效目标", "")]);
    let r = row(&c, "绩效目标管理", "管理范围");
    assert_eq!(r["origin"], "pending");
    assert!(
        r["explanation"]
            .as_str()
            .unwrap()
            .contains("是否设置部门整体支出绩效目标"),
        "{r}"
    );
}

/// Per item with a cap: 每项1分，本项最高得3分.
#[test]
fn per_item_is_capped() {
    let at = |n: &str| {
        score_of(
            &score_with(&[("制定的预算绩效管理办法或操作细则项数", n)]),
            "基础工作",
            "制度建设",
        )
    };
    assert_eq!(at("2"), Some(2.0)); // 2 × 1
    assert_eq!(at("3"), Some(3.0)); // 3 × 1, at the cap
    assert_eq!(at("4"), Some(3.0)); // 4 × 1 = 4, capped at 3
    assert_eq!(at("0"), Some(0.0));
}

/// Per day late: 得5分，逾期报送一天扣0.5分，扣完为止.
#[test]
fn days_late_deduct_until_nothing_is_left() {
    let at = |days: &str| {
        score_of(
            &score_with(&[("绩效自评报告逾期报送天数", days)]),
            "绩效评价管理",
            "结果反馈",
        )
    };
    assert_eq!(at("0"), Some(5.0));
    assert_eq!(at("1"), Some(4.5)); // 5 − 0.5
    assert_eq!(at("9"), Some(0.5)); // 5 − 4.5
    assert_eq!(at("10"), Some(0.0)); // 5 − 5
    assert_eq!(at("11"), Some(0.0)); // 5 − 5.5, floor 0
    // Days are bound by the row's 一级指标: the 监控 row is untouched.
    let c = score_with(&[("绩效自评报告逾期报送天数", "3")]);
    assert_eq!(score_of(&c, "绩效监控管理", "结果反馈"), Some(5.0));
}

/// Precondition: 报送监控材料不全的不得分, with days late after it.
#[test]
fn precondition_zeroes_the_part() {
    let at = |complete: &str, days: &str| {
        let c = score_with(&[
            ("绩效监控材料是否齐全", complete),
            ("绩效监控材料逾期报送天数", days),
        ]);
        row(&c, "绩效监控管理", "结果反馈").clone()
    };
    let num = |r: &Value| r["score"].as_str().map(|s| s.parse::<f64>().unwrap());
    assert_eq!(num(&at("是", "0")), Some(5.0));
    assert_eq!(num(&at("是", "2")), Some(4.0)); // 5 − 2 × 0.5
    let r = at("否", "0");
    assert_eq!(num(&r), Some(0.0)); // 不全: 0 whatever the days
    assert!(
        r["explanation"].as_str().unwrap().contains("不全的不得分"),
        "{r}"
    );
    // Not answered: never assumed complete.
    let r = at("", "0");
    assert_eq!(r["origin"], "pending", "{r}");
}

/// Yes/no: 成立领导小组得2分；明确专职人员的，得1分.
#[test]
fn yes_no_parts_add_up() {
    let at = |group: &str, staff: &str| {
        score_of(
            &score_with(&[
                ("是否成立预算绩效管理领导小组", group),
                ("是否明确专职人员", staff),
            ]),
            "基础工作",
            "组织保障",
        )
    };
    assert_eq!(at("是", "是"), Some(3.0));
    assert_eq!(at("是", "否"), Some(2.0));
    assert_eq!(at("否", "是"), Some(1.0));
    assert_eq!(at("否", "否"), Some(0.0));
    // 有/无 and 1/0 are yes/no too.
    assert_eq!(at("有", "1"), Some(3.0));
}

/// Several sub-rules in one row: 4 (less 1 per 未整改) + 4 (less 1 per 抽查问题)
/// + 2 (less 1 per 重点监控未整改), each floored at 0.
#[test]
fn sub_rules_add_up_to_the_row() {
    let at = |own: &str, spot: &str, key: &str| {
        score_of(
            &score_with(&[
                ("部门自行监控发现问题未及时整改数", own),
                ("财政监控抽查发现问题数", spot),
                ("财政重点监控发现问题未整改到位数", key),
            ]),
            "绩效监控管理",
            "结果应用",
        )
    };
    assert_eq!(at("0", "0", "0"), Some(10.0));
    assert_eq!(at("1", "0", "0"), Some(9.0)); // 3 + 4 + 2
    assert_eq!(at("4", "0", "0"), Some(6.0)); // 0 + 4 + 2
    assert_eq!(at("5", "0", "0"), Some(6.0)); // the first part floors at 0
    assert_eq!(at("0", "3", "1"), Some(6.0)); // 4 + (4 − 3) + (2 − 1)
    assert_eq!(at("5", "5", "3"), Some(0.0));
    // Count deduction: 得5分，有一次未按要求完成的，扣1分，扣完为止.
    let m = |n: &str| {
        score_of(
            &score_with(&[("未按要求报送材料或参加会议培训的次数", n)]),
            "基础工作",
            "材料报送等",
        )
    };
    assert_eq!(m("4"), Some(1.0));
    assert_eq!(m("5"), Some(0.0));
    assert_eq!(m("6"), Some(0.0));
}

/// The strict reader: a clause not understood, or words naming no fact,
/// make the row manual (here 待评) and the explanation says which.
#[test]
fn unread_or_unbound_rows_are_manual() {
    let w = Workdir::new();
    let path = w.path("规则.xlsx");
    write_workbook(
        &path,
        &[
            (
                "评分表",
                &[
                    (0, 0, "一级指标"),
                    (0, 1, "二级指标"),
                    (0, 2, "分值"),
                    (0, 3, "评分标准"),
                    (1, 0, "基础工作"),
                    (1, 1, "组织保障"),
                    (1, 2, "3"),
                    (
                        1,
                        3,
                        "成立预算绩效管理领导小组得2分；获得省级表彰的另计1分。",
                    ),
                    (2, 0, "绩效目标管理"),
                    (2, 1, "资金规模"),
                    (2, 2, "4"),
                    (2, 3, "设置绩效目标的项目支出金额/部门专项资金总量×4分。"),
                    (3, 0, "基础工作"),
                    (3, 1, "制度建设"),
                    (3, 2, "3"),
                    (
                        3,
                        3,
                        "制定指导本部门预算绩效管理工作具体办法或操作细则的，每项1分，本项最高得3分。",
                    ),
                ],
            ),
            (
                "考核数据",
                &[
                    (0, 0, "单位名称"),
                    (0, 1, "测试局"),
                    (1, 0, "是否成立预算绩效管理领导小组"),
                    (1, 1, "是"),
                    (2, 0, "设置绩效目标的项目支出金额"),
                    (2, 1, "100"),
                    (3, 0, "制定的预算绩效管理办法或操作细则项数"),
                    (3, 1, "2"),
                ],
            ),
        ],
    );
    // Detected as 考核 from its indicator names (no --family).
    let out = w.ok(&["score", path.to_str().unwrap(), "--json"]);
    let card: Value = serde_json::from_str(&out).unwrap();
    let r = row(&card, "基础工作", "组织保障");
    assert_eq!(r["origin"], "pending");
    assert!(
        r["explanation"]
            .as_str()
            .unwrap()
            .contains("未能理解：「获得省级表彰的另计1分」"),
        "{r}"
    );
    let r = row(&card, "绩效目标管理", "资金规模");
    assert_eq!(r["origin"], "pending");
    assert!(
        r["explanation"]
            .as_str()
            .unwrap()
            .contains("没有「部门专项资金总量」的数据项"),
        "{r}"
    );
    assert_eq!(score_of(&card, "基础工作", "制度建设"), Some(2.0));
}

/// Seed 001: the 隆化 sample reproduces the reported 98, every row
/// explained: 16 rows computed in full (89) and the two rows jixiao cannot
/// compute keep the department's self-scores (指标体系建设 3, 事前 结果应用 6).
#[test]
fn longhua_sample_scores_the_seeds_98() {
    let w = Workdir::new();
    let input = w.sample("隆化县医疗保障局2023_考核.xlsx");
    let out = w.run(&["score", input.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let card: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["department"], "隆化县医疗保障局");
    assert_eq!(card["total"], "98");
    assert_eq!(card["self_total"], "98");
    let rows = card["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 18);
    let computed = rows.iter().filter(|r| r["origin"] == "computed").count();
    assert_eq!(computed, 16);
    for r in rows {
        assert!(!r["explanation"].as_str().unwrap().is_empty(), "{r}");
        // Computed rows agree with the seed's self-scores.
        if r["origin"] == "computed" {
            assert_eq!(r["score"], r["self_score"], "{r}");
        }
    }
    assert_eq!(score_of(&card, "基础工作", "指标体系建设"), Some(3.0));
    assert_eq!(
        row(&card, "基础工作", "指标体系建设")["origin"],
        "self_unverified"
    );
    assert_eq!(score_of(&card, "事前绩效评估", "结果应用"), Some(6.0));
}

/// The weaker sample: 2+1+4+3 + 3+4 + 5.2+3.2+3 + 2.25+3.5+7 + 5.7+5+0+4 +
/// 7.5+2 = 65.35 (指标体系建设 4 and 事前 结果应用 4 are its self-scores).
#[test]
fn weaker_sample_scores_lower() {
    let w = Workdir::new();
    let input = w.sample("示例县农业农村局2023_考核.xlsx");
    let out = w.run(&["score", input.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let card: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["total"], "65.35");
    assert_eq!(score_of(&card, "绩效监控管理", "管理范围"), Some(2.25));
    assert_eq!(score_of(&card, "绩效评价管理", "结果反馈"), Some(0.0));
}

/// The sample rubric file scores the sample's data the same way.
#[test]
fn sample_rubric_file_is_detected_as_kaohe() {
    let w = Workdir::new();
    let input = w.sample("示例县农业农村局2023_考核.xlsx");
    let rubric = w.sample("rubrics/隆化县部门预算绩效管理工作考核评分表.xlsx");
    let out = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let card: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Self-scores come from the department's own 评分表: the same 65.35.
    assert_eq!(card["total"], "65.35");
}

#[test]
fn template_writes_the_kaohe_files_and_bad_family_is_usage() {
    let w = Workdir::new();
    w.ok(&["template", "--family", "考核", "--out", "模板"]);
    assert!(w.path("模板/考核数据模板.xlsx").is_file());
    assert!(w.path("模板/考核评分表.xlsx").is_file());
    // The blank template is not scored (nothing filled in).
    let out = w.run(&["score", "模板/考核数据模板.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = w.run(&["score", "模板/考核数据模板.xlsx", "--family", "项目管理"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("未知的评分表类型「项目管理」"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_lists_the_family_facts() {
    let w = Workdir::new();
    let input = w.sample("示例县农业农村局2023_考核.xlsx");
    let out = w.ok(&["check", input.to_str().unwrap()]);
    assert!(
        out.contains("评分表类型：部门预算绩效管理工作考核"),
        "{out}"
    );
    assert!(out.contains("一、读取到的数据（29/29 项）"), "{out}");
    assert!(
        out.contains("绩效自评报告逾期报送天数：12  来源 考核数据!B28"),
        "{out}"
    );
}

#[test]
fn batch_scores_every_family() {
    // One folder holding departments of all three families: each is scored
    // by its own family, and the 汇总 lists them all.
    let w = Workdir::new();
    std::fs::create_dir(w.path("考核")).unwrap();
    for name in [
        "隆化县医疗保障局2023_考核.xlsx",
        "示例县农业农村局2023_考核.xlsx",
        "2019年健康扶贫兜底资金_项目自评.xlsx",
        "示例县统计局2023.xlsx",
    ] {
        std::fs::copy(w.sample(name), w.path(&format!("考核/{name}"))).unwrap();
    }
    let out = w.run(&["batch", "考核", "--out", "结果", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(w.path("结果/汇总.json")).unwrap()).unwrap();
    let totals: Vec<String> = summary["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}={}", d["department"].as_str().unwrap(), d["total"]))
        .collect();
    assert!(
        totals
            .iter()
            .any(|t| t.starts_with("隆化县医疗保障局=") && t.contains("98")),
        "{totals:?}"
    );
    assert!(totals.iter().any(|t| t.contains("65.35")), "{totals:?}");
    assert!(
        totals
            .iter()
            .any(|t| t.starts_with("2019年健康扶贫兜底资金=") && t.contains("97")),
        "{totals:?}"
    );
    assert_eq!(totals.len(), 4, "{totals:?}");
}

// ---------------------------------------------------------------------------
// The 项目 family (seed 002, 岳阳市云溪区 附件3-2 / 4-2).
// ---------------------------------------------------------------------------

/// A project planned at 100 万元, with `arrived` and `spent`, and `targets`
/// (二级指标, 指标内容, 指标值, 实际完成值), scored with `--family 项目`.
fn project(arrived: &str, spent: &str, targets: &[(&str, &str, &str, &str)]) -> Value {
    let w = Workdir::new();
    let mut t: Vec<(u32, u16, &str)> = vec![
        (0, 0, "二级指标"),
        (0, 1, "指标内容"),
        (0, 2, "指标（目标）值"),
        (0, 3, "实际完成值"),
    ];
    for (i, (l2, name, goal, actual)) in targets.iter().enumerate() {
        let r = u32::try_from(i).unwrap() + 1;
        t.extend([(r, 0, *l2), (r, 1, *name), (r, 2, *goal), (r, 3, *actual)]);
    }
    let path = w.path("项目.xlsx");
    write_workbook(
        &path,
        &[
            ("项目信息", &[(0, 0, "项目名称"), (0, 1, "测试项目")]),
            (
                "项目资金",
                &[
                    (0, 0, "项目"),
                    (0, 1, "计划安排资金"),
                    (0, 2, "实际到位资金"),
                    (0, 3, "实际支出"),
                    (1, 0, "合计"),
                    (1, 1, "100"),
                    (1, 2, arrived),
                    (1, 3, spent),
                ],
            ),
            ("绩效目标", &t),
        ],
    );
    let out = w.ok(&[
        "score",
        path.to_str().unwrap(),
        "--family",
        "项目",
        "--json",
    ]);
    serde_json::from_str(&out).unwrap()
}

fn p_score(card: &Value, name: &str) -> Option<f64> {
    let r = card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"));
    r["score"].as_str().map(|s| s.parse().unwrap())
}

const MET: [(&str, &str, &str, &str); 3] = [
    ("数量指标", "参保率", "100%", "100%"),
    ("数量指标", "补偿率", "统筹地区补偿率达到85%以上", "85%"),
    ("服务对象满意度指标", "满意度", "80%", "85%"),
];

/// 到位率 × 3分 and 按超支比例扣减 at and around 100%.
#[test]
fn project_funds_rows_at_their_boundaries() {
    let c = project("100", "100", &MET);
    assert_eq!(p_score(&c, "到位率"), Some(3.0)); // 100/100 × 3
    assert_eq!(p_score(&c, "产出成本"), Some(3.0)); // no overspend
    let c = project("90", "110", &MET);
    assert_eq!(p_score(&c, "到位率"), Some(2.7)); // 90% × 3
    assert_eq!(p_score(&c, "产出成本"), Some(2.7)); // 3 × (1 − 10%)
    let c = project("110", "90", &MET);
    assert_eq!(p_score(&c, "到位率"), Some(3.0)); // 110% counts as 100%
    assert_eq!(p_score(&c, "产出成本"), Some(3.0));
    assert_eq!(c["department"], "测试项目");
}

/// Targets judged by direction; 同比例扣减 on the share met; 满意度 bands.
#[test]
fn project_targets_and_satisfaction_at_their_boundaries() {
    let c = project("100", "100", &MET);
    assert_eq!(p_score(&c, "产出数量"), Some(5.0)); // 2 of 2 met
    assert_eq!(p_score(&c, "服务对象满意度"), Some(6.0)); // 85% in [80%, 90%)
    let c = project(
        "100",
        "100",
        &[
            ("数量指标", "参保率", "100%", "100%"),
            ("数量指标", "补偿率", "≥85%", "84.9%"),
            ("服务对象满意度指标", "满意度", "80%", "90%"),
        ],
    );
    assert_eq!(p_score(&c, "产出数量"), Some(2.5)); // 1 of 2: 5 × 50%
    assert_eq!(p_score(&c, "服务对象满意度"), Some(8.0)); // 90% (含) → 8
    let sat = |v: &str| {
        p_score(
            &project("100", "100", &[("服务对象满意度指标", "满意度", "80%", v)]),
            "服务对象满意度",
        )
    };
    assert_eq!(sat("89.9%"), Some(6.0));
    assert_eq!(sat("80%"), Some(6.0));
    assert_eq!(sat("79.9%"), Some(4.0));
    assert_eq!(sat("59%"), Some(0.0));
    // A target that is not a number cannot be judged: 产出质量 waits.
    let c = project(
        "100",
        "100",
        &[(
            "质量指标",
            "资金到位情况",
            "按实际支出拨付",
            "已全部拨付到位",
        )],
    );
    assert_eq!(p_score(&c, "产出质量"), None);
}

/// Seed 002: the 云溪 project. Computed: 到位率 3, 产出数量 5, 产出成本 3,
/// 满意度 6; the other 18 rows keep the seed's self-scores (80). Total 97,
/// the seed's 综合得分 — whose own self-scores add up to 96 because it
/// wrote 4 for 产出数量, where both quantity targets are met.
#[test]
fn yunxi_project_scores_the_seeds_97() {
    let w = Workdir::new();
    let input = w.sample("2019年健康扶贫兜底资金_项目自评.xlsx");
    let out = w.run(&["score", input.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let card: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["department"], "2019年健康扶贫兜底资金");
    assert_eq!(card["total"], "97");
    assert_eq!(card["self_total"], "96");
    assert_eq!(card["grade"], "优秀");
    for (name, score) in [
        ("到位率", 3.0),
        ("产出数量", 5.0),
        ("产出成本", 3.0),
        ("服务对象满意度", 6.0),
    ] {
        assert_eq!(p_score(&card, name), Some(score), "{name}");
    }
    let computed = card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["origin"] == "computed")
        .count();
    assert_eq!(computed, 4);
    let warnings = card["warnings"].to_string();
    assert!(
        warnings.contains("「产出数量」自评4分，按规则计算应为5分"),
        "{warnings}"
    );
}

#[test]
fn template_writes_the_project_files() {
    let w = Workdir::new();
    w.ok(&["template", "--family", "项目", "--out", "模板"]);
    assert!(w.path("模板/项目数据模板.xlsx").is_file());
    assert!(w.path("模板/项目支出评分表.xlsx").is_file());
}

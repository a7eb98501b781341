use crate::util::{Workdir, merged, read_sheet, row_named, row_starting, stderr, write_workbook};

fn rubric(w: &Workdir, name: &str) -> String {
    w.sample(&format!("rubrics/{name}"))
        .to_str()
        .unwrap()
        .to_string()
}

fn score_with(
    w: &Workdir,
    dept: &str,
    rubric_file: &str,
) -> (std::path::PathBuf, serde_json::Value) {
    let input = w.sample(dept);
    let r = rubric(w, rubric_file);
    let json = w.ok(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        &r,
        "--out",
        "out.xlsx",
        "--json",
    ]);
    (w.path("out.xlsx"), serde_json::from_str(&json).unwrap())
}

/// 桃江 sample × 桃江 rubric: 三公经费变动率 → 0, self-score 3 flagged; the
/// sub-point rows and merged cells of the rubric are kept.
#[test]
fn taojiang_with_taojiang_rubric() {
    let w = Workdir::new();
    let (out, card) = score_with(
        &w,
        "桃江县医疗保障局2019.xlsx",
        "桃江县2019部门整体支出绩效评价评分表.xlsx",
    );
    let rows = read_sheet(&out, "评分表");
    let row = row_starting(&rows, 2, "“三公经费”变动率");
    // 自评得分 G kept, 核算得分 H inserted, 审核得分 I left to the reviewer.
    assert_eq!(rows[2][7], "核算得分");
    assert_eq!(rows[2][8], "审核得分");
    assert_eq!((row[6].as_str(), row[7].as_str()), ("3", "0"));
    assert_eq!(row[8], "", "审核得分 is the reviewer's");
    assert!(
        row[9].contains("80.55% ＞ 0，按规则计0分（自评3分）"),
        "{}",
        row[9]
    );
    let warnings = card["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| {
        w["message"]
            .as_str()
            .unwrap()
            .contains("「“三公经费”变动率」自评3分，按规则计算应为0分")
    }));
    // 绩效目标合理性: four sub-point rows under one merged name (rows 4–7).
    let m = merged(&out, "评分表");
    assert!(m.contains(&(3, 2, 6, 2)), "{m:?}");
    assert!(m.contains(&(3, 0, 13, 0)), "投入 spans its rows: {m:?}");
    assert_eq!(
        rows[4][4],
        "2、是否符合国家法律法规、国民经济和社会发展总体规划；"
    );
    assert_eq!(rows[4][7], "1");
    assert!(rows[4][9].contains("人工评分项"), "{}", rows[4][9]);
    // Subjective wording stays manual, with the department's score kept unverified.
    let staff = row_starting(&rows, 2, "在职人员控制率");
    assert!(
        staff[9].contains("视情") && staff[9].contains("未核验"),
        "{}",
        staff[9]
    );
    // 投资评审执行率 is proportional but not a metric jixiao computes.
    let invest = row_starting(&rows, 2, "投资评审执行率");
    assert!(invest[9].contains("不在指标目录中"), "{}", invest[9]);
    // The total row is a SUM over 核算得分 with its result; 审核得分's
    // total stays empty until a reviewer fills one.
    let total = row_starting(&rows, 0, "总  分");
    assert_eq!(total[7], card["total"].as_str().unwrap());
    assert_eq!(total[8], "");
}

/// 宁国 sample × 宁国 rubric: formulas only, so the default rule applies and
/// 694.14% is flagged against the self-scored full marks.
#[test]
fn ningguo_with_ningguo_rubric() {
    let w = Workdir::new();
    let (out, card) = score_with(
        &w,
        "宁国市医疗保障局2020.xlsx",
        "宁国市部门整体支出绩效目标自评表.xlsx",
    );
    let rows = read_sheet(&out, "评分表");
    let row = row_named(&rows, 2, "预算完成率");
    assert_eq!((row[6].as_str(), row[7].as_str()), ("3", "0"));
    assert!(
        row[8].contains("694.14%") && row[8].contains("按默认规则（评分表未写评分标准）"),
        "{}",
        row[8]
    );
    // The execution table above the header is kept as it was.
    assert_eq!(rows[3][0], "年度资金总额");
    assert_eq!(rows[3][3], "27133.4828");
    // The default rule is not the rubric's: no discrepancy is stated as
    // certain, the rows are 参考 and the grade is provisional (issue 7).
    let warnings = card["warnings"].as_array().unwrap();
    let says = |w: &serde_json::Value, s: &str| w["message"].as_str().unwrap().contains(s);
    assert!(!warnings.iter().any(|w| says(w, "按规则计算应为")));
    assert!(
        warnings
            .iter()
            .any(|w| w["kind"] == "reference" && says(w, "预算完成率"))
    );
    assert_eq!(card["provisional"], true);
    let rows = card["rows"].as_array().unwrap();
    let completion = rows.iter().find(|r| r["name"] == "预算完成率").unwrap();
    assert_eq!(completion["origin"], "reference");
}

/// 云溪 rubric: 资金结余 comparison, 支付进度 count and 满意度 bands.
#[test]
fn yunxi_rubric_comparison_count_and_bands() {
    let w = Workdir::new();
    let r = "岳阳市云溪区部门整体支出绩效评价评分表.xlsx";
    // Columns: 三级指标 2, 评分标准 3, 分值 4, 自评得分 5, 核算得分 6
    // (inserted), 扣分原因和其他说明 7.
    let (out, _) = score_with(&w, "示例县文化旅游广电局2023.xlsx", r);
    let rows = read_sheet(&out, "评分表");
    assert_eq!(rows[1][6], "核算得分");
    let balance = row_named(&rows, 2, "资金结余");
    assert_eq!(balance[6], "0");
    assert!(
        balance[7].contains("结余1764000元超过上年结转1200000元，计0分"),
        "{}",
        balance[7]
    );
    let late = row_named(&rows, 2, "支付进度");
    assert_eq!(late[6], "1.5");
    assert!(late[7].contains("出现3个，扣1.5分"), "{}", late[7]);
    let sat = row_named(&rows, 2, "社会公众或服务对象满意度");
    assert_eq!(sat[6], "1");
    assert!(
        sat[7].contains("78.00%属于[75%,85%)档，计1分"),
        "{}",
        sat[7]
    );
    let staff = row_starting(&rows, 2, "财政供养人员");
    assert_eq!(staff[6], "0");

    let w = Workdir::new();
    let (out, _) = score_with(&w, "示例县统计局2023.xlsx", r);
    let rows = read_sheet(&out, "评分表");
    assert_eq!(row_named(&rows, 2, "资金结余")[6], "2");
    assert_eq!(row_named(&rows, 2, "支付进度")[6], "3");
    assert_eq!(row_named(&rows, 2, "社会公众或服务对象满意度")[6], "5");
    // 15 points merged over the three 效益 rows are counted once.
    let m = merged(&out, "评分表");
    let eco = rows.iter().position(|r| r[2] == "经济效益").unwrap() as u32;
    assert!(m.contains(&(eco, 4, eco + 2, 4)), "{m:?}");
}

/// 赣州-style rubric: sign rules on change rates, and an inferred case noted.
#[test]
fn ganzhou_rubric_sign_rules() {
    let w = Workdir::new();
    let (out, card) = score_with(
        &w,
        "示例县统计局2023.xlsx",
        "赣州经开区部门整体支出绩效评价评分表.xlsx",
    );
    let rows = read_sheet(&out, "评分表");
    // Columns: 分值 3, 评分标准 4, 自评得分 5, 核算得分 6 (added), 计算说明 7 (added).
    let general = row_named(&rows, 2, "一般性支出变动率");
    assert_eq!(general[6], "4");
    assert!(
        general[7].contains("-4.74% ＜ 0，按规则计4分"),
        "{}",
        general[7]
    );
    // Only >0 and =0 are written: 0.00% scores, a negative rate would be
    // manual (issue 7: no inferred case).
    let adjust = row_named(&rows, 2, "预算调整率");
    assert_eq!(adjust[6], "6");
    assert!(
        adjust[7].contains("按正负计分：>0计5分；=0计6分"),
        "{}",
        adjust[7]
    );
    let proc = row_named(&rows, 2, "政府采购执行率");
    assert_eq!(proc[6], "2");
    assert_eq!(card["max_total"], "100");
}

/// Points that do not add up are reported with the rows; a 计分规则 column wins
/// over the text.
#[test]
fn point_checks_and_explicit_rules() {
    let w = Workdir::new();
    let path = w.path("自定评分表.xlsx");
    write_workbook(
        &path,
        &[(
            "评分表",
            &[
                (0, 0, "一级指标"),
                (0, 1, "三级指标"),
                (0, 2, "分值"),
                (0, 3, "评分标准"),
                (0, 4, "计分规则"),
                (1, 0, "投入（20分）"),
                (1, 1, "在职人员控制率"),
                (1, 2, "8"),
                (1, 3, "在职人员控制率≤100%计8分，每超过一个百分点扣1分。"),
                (2, 1, "重点支出安排率"),
                (2, 2, "10"),
                (2, 3, "按比例计分"),
                (2, 4, "分档计分：≥95%计10分；[60%,95%)计5分；<60%计0分"),
            ],
        )],
    );
    let input = w.sample("示例县统计局2023.xlsx");
    let json = w.ok(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        path.to_str().unwrap(),
        "--json",
    ]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let warnings: Vec<&str> = card["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("「投入」标明20分，但其下各行（第2–3行）分值合计18分")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("各行分值合计18分，不是100分")),
        "{warnings:#?}"
    );
    let key = card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "重点支出安排率")
        .unwrap();
    assert_eq!(key["rule_origin"], "explicit");
    assert_eq!(key["score"], "5", "92.19% falls in [60%,95%): {key}");
}

#[test]
fn unreadable_rubric_exits_2() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    let bad = w.path("评分表.xlsx");
    write_workbook(&bad, &[("Sheet1", &[(0, 0, "随便写点什么")])]);
    let out = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("找不到评分表的表头"),
        "{}",
        stderr(&out)
    );
    assert!(!w.path("示例县统计局2023_评分.xlsx").exists());
}

/// The config can turn formula-only rows manual and override a row's rule.
#[test]
fn config_switch_and_overrides() {
    let w = Workdir::new();
    let input = w.sample("宁国市医疗保障局2020.xlsx");
    std::fs::write(
        w.path("jixiao.toml"),
        "[score]\ndefault-rule-for-formula-only = false\n\n[[indicator]]\nname = \"政府采购执行率\"\nrule = \"政府采购执行率≥70%计2分，低于70%不得分\"\n",
    )
    .unwrap();
    let json = w.ok(&[
        "score",
        input.to_str().unwrap(),
        "--config",
        "jixiao.toml",
        "--json",
    ]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = |name: &str| {
        card["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
            .clone()
    };
    let completion = row("预算完成率");
    assert_eq!(completion["rule_kind"], "manual");
    assert_eq!(completion["score"], "3", "self-score kept, unverified");
    assert!(
        completion["explanation"]
            .as_str()
            .unwrap()
            .contains("未核验")
    );
    let procurement = row("政府采购执行率");
    assert_eq!(procurement["rule_origin"], "explicit");
    assert_eq!(procurement["score"], "2", "75% ≥ 70%");
}

#[test]
fn bad_config_exits_2_with_the_line() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    std::fs::write(w.path("jixiao.toml"), "[score]\ndefault-rule = false\n").unwrap();
    let out = w.run(&["score", input.to_str().unwrap(), "--config", "jixiao.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("配置文件「jixiao.toml」格式有误（第2行）"),
        "{err}"
    );
}

/// Each sample department can be scored against each sample rubric.
#[test]
fn every_sample_with_every_rubric() {
    let depts = [
        "桃江县医疗保障局2019.xlsx",
        "宁国市医疗保障局2020.xlsx",
        "示例县统计局2023.xlsx",
        "示例县文化旅游广电局2023.xlsx",
    ];
    let rubrics = [
        "桃江县2019部门整体支出绩效评价评分表.xlsx",
        "宁国市部门整体支出绩效目标自评表.xlsx",
        "岳阳市云溪区部门整体支出绩效评价评分表.xlsx",
        "赣州经开区部门整体支出绩效评价评分表.xlsx",
    ];
    let w = Workdir::new();
    for d in depts {
        let input = w.sample(d);
        for r in rubrics {
            let rp = rubric(&w, r);
            let json = w.ok(&[
                "score",
                input.to_str().unwrap(),
                "--rubric",
                &rp,
                "--out",
                "x.xlsx",
                "--force",
                "--json",
            ]);
            let card: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(card["max_total"], "100", "{d} × {r}");
            let rows = read_sheet(&w.path("x.xlsx"), "评分表");
            assert!(rows.len() > 20, "{d} × {r}");
        }
    }
}

/// "不涉及…得满分": an item marked 单位不需填列 gets full marks, and says why.
#[test]
fn not_applicable_gets_full_marks_when_the_rubric_says_so() {
    let w = Workdir::new();
    let path = w.path("某局2024.xlsx");
    write_workbook(
        &path,
        &[
            (
                "基本情况",
                &[
                    (0, 0, "单位名称"),
                    (0, 1, "某局"),
                    (1, 0, "评价年度"),
                    (1, 1, "2024"),
                ],
            ),
            (
                "其他财务数据",
                &[
                    (0, 0, "政府采购预算数"),
                    (0, 1, "单位不需填列"),
                    (1, 0, "实际政府采购金额"),
                    (1, 1, "单位不需填列"),
                ],
            ),
            (
                "评分表",
                &[
                    (0, 0, "三级指标"),
                    (0, 1, "评分标准"),
                    (0, 2, "分值"),
                    (1, 0, "政府采购执行率"),
                    (
                        1,
                        1,
                        "政府采购执行率等于100%的，得3分；每减少一个百分点，扣0.2分，扣完为止；不涉及政府采购的得满分。",
                    ),
                    (1, 2, "3"),
                    (2, 0, "固定资产利用率"),
                    (2, 1, "每低于100%一个百分点扣0.1分，扣完为止。"),
                    (2, 2, "3"),
                ],
            ),
        ],
    );
    let json = w.ok(&["score", path.to_str().unwrap(), "--json"]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = card["rows"].as_array().unwrap();
    let proc = rows.iter().find(|r| r["name"] == "政府采购执行率").unwrap();
    assert_eq!(proc["score"], "3");
    assert!(
        proc["explanation"]
            .as_str()
            .unwrap()
            .contains("不涉及的得满分"),
        "{proc}"
    );
    assert_eq!(
        proc["reading"],
        "线性扣分：≥100%计满分；低于100%的部分每1个百分点扣0.2分（不足1个百分点按比例扣），扣完为止（注：原文只写“=100%”计满分，按“≥100%”理解（推断））"
    );
    // Without that sentence a missing input stays "无法计算" and the grade is provisional.
    let assets = rows.iter().find(|r| r["name"] == "固定资产利用率").unwrap();
    assert!(assets["score"].is_null());
    assert_eq!(card["provisional"], true);
}

/// Issue 7: a value no clause of the standard covers is manual, naming the
/// case, and the row still shows how its rule was read, clause by clause.
#[test]
fn issue_7_uncovered_value_is_manual_not_zero() {
    let w = Workdir::new();
    let path = w.path("某局2024.xlsx");
    write_workbook(
        &path,
        &[
            (
                "基本情况",
                &[
                    (0, 0, "单位名称"),
                    (0, 1, "某局"),
                    (1, 0, "评价年度"),
                    (1, 1, "2024"),
                ],
            ),
            (
                "其他财务数据",
                &[
                    (0, 0, "政府采购预算数"),
                    (0, 1, "100"),
                    (1, 0, "实际政府采购金额"),
                    (1, 1, "75"),
                ],
            ),
            (
                "评分表",
                &[
                    (0, 0, "三级指标"),
                    (0, 1, "评分标准"),
                    (0, 2, "分值"),
                    (1, 0, "政府采购执行率"),
                    (1, 1, "在90%（含）至100%（含）之间得满分"),
                    (1, 2, "3"),
                ],
            ),
        ],
    );
    let json = w.ok(&["score", path.to_str().unwrap(), "--json"]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = card["rows"].as_array().unwrap();
    let proc = rows.iter().find(|r| r["name"] == "政府采购执行率").unwrap();
    assert!(proc["score"].is_null(), "{proc}");
    assert_eq!(proc["origin"], "pending");
    assert!(
        proc["explanation"]
            .as_str()
            .unwrap()
            .contains("评分标准未规定低于90%的情形（实际值75.00%）"),
        "{proc}"
    );
    assert_eq!(proc["reading"], "分档计分：[90%,100%]计3分");
    assert_eq!(proc["clauses"][0]["part"], "[90%,100%]计3分（满分）");
    assert_eq!(card["provisional"], true);
}

/// Issue 7: `[score] adopt-default-rules = true` adopts the default rules:
/// their rows stay 参考 but no longer count against a final grade (here the
/// unverified self-scores still do).
#[test]
fn issue_7_adopting_default_rules() {
    let w = Workdir::new();
    let input = w.sample("宁国市医疗保障局2020.xlsx");
    let score = |config: Option<&str>| -> serde_json::Value {
        let mut args = vec![
            "score".to_string(),
            input.to_str().unwrap().to_string(),
            "--out".to_string(),
            "x.xlsx".to_string(),
            "--force".to_string(),
            "--json".to_string(),
        ];
        if let Some(text) = config {
            std::fs::write(w.path("jixiao.toml"), text).unwrap();
            args.push("--config".to_string());
            args.push(w.path("jixiao.toml").to_str().unwrap().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        serde_json::from_str(&w.ok(&args)).unwrap()
    };
    let origin_of = |card: &serde_json::Value, name: &str| {
        card["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["origin"]
            .clone()
    };
    let plain = score(None);
    assert_eq!(plain["provisional"], true);
    assert_eq!(origin_of(&plain, "预算完成率"), "reference");
    let adopted = score(Some("[score]\nadopt-default-rules = true\n"));
    assert_eq!(origin_of(&adopted, "预算完成率"), "reference");
    // 宁国's qualitative rows keep the department's self-scores, unverified:
    // those alone keep the grade provisional (DESIGN §2.5), adopted or not.
    assert_eq!(adopted["provisional"], true, "{}", adopted["warnings"]);
    assert!(adopted["warnings"].as_array().unwrap().iter().any(|w| {
        w["kind"] == "reference"
            && w["message"]
                .as_str()
                .unwrap()
                .contains("配置文件已采用默认规则")
    }));
}

/// A rubric whose merged ranges overlap (WPS writes such files; Excel
/// refuses them) or reach below its last row into the rows jixiao adds
/// (total, verdict): the scored workbook is still written, the first range
/// of two overlapping ones kept, and the 说明 sheet says which were changed.
#[test]
fn overlapping_and_overhanging_merges_are_left_out() {
    use std::io::{Read, Write};
    let w = Workdir::new();
    let plain = w.path("plain.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("评分表").unwrap();
        let f = rust_xlsxwriter::Format::new();
        ws.merge_range(0, 0, 0, 1, "部门整体支出绩效评价评分表", &f)
            .unwrap();
        for (c, h) in ["一级指标", "三级指标", "分值", "评分标准"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        ws.write_string(2, 0, "投入").unwrap();
        ws.write_string(2, 1, "在职人员控制率").unwrap();
        ws.write_number(2, 2, 5).unwrap();
        ws.write_string(2, 3, "在职人员控制率≤100%，计5分").unwrap();
        // 合计 merged over its row and three empty rows below (A4:A7).
        ws.merge_range(3, 0, 6, 0, "合计", &f).unwrap();
        ws.write_number(3, 2, 5).unwrap();
        wb.save(&plain).unwrap();
    }
    // Add B1:D1, which overlaps A1:B1: rust_xlsxwriter refuses to write it.
    let rubric = w.path("重叠合并评分表.xlsx");
    {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
        let mut out = zip::ZipWriter::new(std::fs::File::create(&rubric).unwrap());
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let name = part.name().unwrap().to_string();
            let mut text = Vec::new();
            part.read_to_end(&mut text).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let xml = String::from_utf8(text).unwrap();
                assert!(xml.contains("<mergeCells count=\"2\">"), "{xml}");
                text = xml
                    .replace(
                        "<mergeCells count=\"2\">",
                        "<mergeCells count=\"3\"><mergeCell ref=\"B1:D1\"/>",
                    )
                    .into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&text).unwrap();
        }
        out.finish().unwrap();
    }
    let input = w.sample("示例县统计局2023.xlsx");
    let run = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
        "--out",
        "out.xlsx",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out = w.path("out.xlsx");
    let m = merged(&out, "评分表");
    assert!(
        m.contains(&(0, 0, 0, 1)),
        "the first of the two is kept: {m:?}"
    );
    assert!(!m.contains(&(0, 1, 0, 3)), "{m:?}");
    assert!(!m.iter().any(|r| r.0 == 3 && r.2 > 3), "A4:A7 cut: {m:?}");
    let rows = read_sheet(&out, "评分表");
    assert_eq!(rows[3][0], "合计");
    let notes = read_sheet(&out, "说明");
    let note = row_named(&notes, 0, "合并单元格");
    assert_eq!(
        note[1],
        "评分表原有的合并区域 B1:D1、A4:A7 与其他合并区域重叠或延伸到表格之外（Excel 不接受这样的文件），已取消或截短，单元格内容不变"
    );
}

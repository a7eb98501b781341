//! `jixiao aggregate` (issue 10): scored workbooks read back into the same
//! 汇总 as `batch`; files jixiao did not make are listed with the reason.
//! Round trips through LibreOffice (reviewers' edits saved as xlsx and ods)
//! are in `libreoffice.rs`.

use crate::util::{Workdir, read_sheet, stderr};

const SAMPLES: [&str; 4] = [
    "宁国市医疗保障局2020.xlsx",
    "桃江县医疗保障局2019.xlsx",
    "示例县文化旅游广电局2023.xlsx",
    "示例县统计局2023.xlsx",
];

fn json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Without any review, the aggregate of a batch's scored workbooks is the
/// batch's own 汇总 (but for where each workbook is).
#[test]
fn unreviewed_workbooks_give_the_batch_summary() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("部门")).unwrap();
    for s in SAMPLES {
        std::fs::rename(w.sample(s), w.path(&format!("部门/{s}"))).unwrap();
    }
    w.ok(&["batch", "部门", "--out", "结果", "--quiet"]);
    let out = w.run(&["aggregate", "结果", "--out", "汇总"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("汇总 4 个单位（其中 0 个单位有审核改分），未能汇总 0 个"),
        "{}",
        stderr(&out)
    );
    let batch = json(&w.path("结果/汇总.json"));
    let agg = json(&w.path("汇总/汇总.json"));
    let (a, b) = (
        batch["departments"].as_array().unwrap(),
        agg["departments"].as_array().unwrap(),
    );
    assert_eq!(a.len(), 4);
    for (x, y) in a.iter().zip(b) {
        for (k, v) in x.as_object().unwrap() {
            if k != "output" {
                assert_eq!(v, &y[k], "{} {k}", x["department"]);
            }
        }
        assert_eq!(y["before_review"], serde_json::Value::Null);
    }
    // The source cells read back from the record are those `batch` gave,
    // the self-score's cell and a 参考评分's listed rows' cells included
    // (checked by hand: 桃江 评分表!G15 holds 预算完成率's 自评得分 2;
    // 服务对象满意度 is read from 基本情况!B9).
    let source = |v: &serde_json::Value, dept: &str, start: &str| -> String {
        v["departments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["department"] == dept)
            .unwrap()["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["explanation"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("{dept}: no problem {start}"))["source"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    for v in [&batch, &agg] {
        assert_eq!(
            source(v, "桃江县医疗保障局", "「预算完成率」自评2分"),
            "预算执行!D4、预算执行!C4、评分表!G15"
        );
        assert_eq!(
            source(v, "桃江县医疗保障局", "以下1项评分表未写评分标准"),
            "基本情况!B9"
        );
    }
    assert!(w.path("汇总/汇总.xlsx").is_file() && w.path("汇总/汇总.csv").is_file());
}

/// A department workbook, an empty file and a 汇总 next to scored ones:
/// the first two are listed under 未能评分 with the reason, the 汇总 is
/// skipped, exit code 1.
#[test]
fn files_not_made_by_jixiao_are_listed_with_the_reason() {
    let w = Workdir::new();
    let input = w.sample(SAMPLES[3]);
    std::fs::create_dir(w.path("收回")).unwrap();
    w.ok(&[
        "score",
        input.to_str().unwrap(),
        "--out",
        "收回/统计局_评分.xlsx",
    ]);
    std::fs::copy(&input, w.path("收回/原始数据.xlsx")).unwrap();
    std::fs::write(w.path("收回/空.xlsx"), b"").unwrap();
    std::fs::write(w.path("收回/汇总.xlsx"), b"").unwrap();
    let out = w.run(&["aggregate", "收回", "--out", "汇总"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let failures = read_sheet(&w.path("汇总/汇总.xlsx"), "未能评分");
    let text: Vec<String> = failures.iter().map(|r| r.join("|")).collect();
    assert!(
        text.iter().any(|r| r.contains("原始数据.xlsx")
            && r.contains("不是 jixiao 生成的评分结果（没有隐藏的“_jixiao”记录表）")),
        "{text:#?}"
    );
    assert!(text.iter().any(|r| r.contains("空.xlsx")), "{text:#?}");
    assert!(!text.iter().any(|r| r.contains("汇总.xlsx")), "{text:#?}");
    let agg = json(&w.path("汇总/汇总.json"));
    assert_eq!(agg["departments"][0]["department"], "示例县统计局");
}

#[test]
fn usage_errors_exit_2() {
    let w = Workdir::new();
    let out = w.run(&["aggregate", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有指定输出文件夹"),
        "{}",
        stderr(&out)
    );
    let out = w.run(&["aggregate", "没有", "--out", "汇总"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("找不到「没有」"), "{}", stderr(&out));
}

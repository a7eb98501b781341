use crate::util::{Workdir, stderr};

#[test]
fn reading_and_score_for_a_value() {
    let w = Workdir::new();
    let out = w.ok(&[
        "rule",
        "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；低于80%不得分",
        "--max",
        "5",
        "--value",
        "85%",
    ]);
    assert!(
        out.contains("理解为：分档计分：≥90%计5分；[80%,90%)计4分；<80%计0分"),
        "{out}"
    );
    assert!(
        out.contains("代入 85%：得分 4 分（85.00%属于[80%,90%)档，计4分）"),
        "{out}"
    );
}

#[test]
fn json_output() {
    let w = Workdir::new();
    let out = w.ok(&[
        "rule",
        "每超过一个百分点扣0.5分，扣完为止；≤100%计5分",
        "--max",
        "5",
        "--value",
        "102%",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "linear");
    assert_eq!(v["score"], "4");
    assert_eq!(v["manual"], false);
    assert_eq!(
        v["reading"],
        "线性扣分：≤100%计满分；超过100%的部分每1个百分点扣0.5分（不足1个百分点按比例扣），扣完为止"
    );
    assert_eq!(
        v["clauses"][0]["part"],
        "超过100%的部分每1个百分点扣0.5分（不足1个百分点按比例扣）"
    );
    let out = w.ok(&[
        "rule",
        "控制较好的计满分，控制不好的视情扣分",
        "--max",
        "2",
        "--value",
        "90%",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["manual"], true);
    assert!(v["score"].is_null());
}

/// Issue 7: `--value 85` on a percentage rule is 85%, as a data cell would
/// be read, and the output says so; 0.85 is a ratio.
#[test]
fn bare_values_follow_the_data_cell_convention() {
    let w = Workdir::new();
    let text = "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；低于80%不得分";
    let out = w.ok(&["rule", text, "--max", "5", "--value", "85"]);
    assert!(
        out.contains("代入 85（按百分数理解：85 即 85%）：得分 4 分"),
        "{out}"
    );
    let out = w.ok(&["rule", text, "--max", "5", "--value", "0.95"]);
    assert!(
        out.contains("代入 0.95（按比值理解：0.95 即 95%）：得分 5 分"),
        "{out}"
    );
    let out = w.ok(&["rule", text, "--max", "5", "--value", "85", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["score"], "4");
    assert_eq!(v["value"], "按百分数理解：85 即 85%");
}

#[test]
fn counts_and_negative_values() {
    let w = Workdir::new();
    let out = w.ok(&[
        "rule",
        "每出现一个专项未按进度完成资金下达扣0.5分，扣完为止",
        "--max",
        "3",
        "--value",
        "2",
    ]);
    assert!(out.contains("得分 2 分"), "{out}");
    let out = w.ok(&[
        "rule",
        "大于0的计0分，等于0的计3分，小于0的计4分",
        "--max",
        "3",
        "--value",
        "-3.2%",
    ]);
    assert!(
        out.contains("得分 3 分") && out.contains("按规则计4分"),
        "{out}"
    );
}

#[test]
fn bad_value_is_explained() {
    let w = Workdir::new();
    let out = w.run(&["rule", "按比例计分", "--max", "5", "--value", "很多"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("无法识别数值「很多」"),
        "{}",
        stderr(&out)
    );
}

use std::path::PathBuf;

use crate::util::{Workdir, write_workbook};

/// A department whose staff count is labelled 实有人数（人）, a variant the
/// built-in profile does not accept, with its own 评分表 whose indicator
/// name and self-score column are unknown variants too.
fn workbook_with_unknown_labels(w: &Workdir) -> PathBuf {
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
                    (2, 0, "编制数"),
                    (2, 1, "20"),
                    (3, 0, "实有人数（人）"),
                    (3, 1, "18"),
                ],
            ),
            (
                "评分表",
                &[
                    (0, 0, "三级指标"),
                    (0, 1, "分值"),
                    (0, 2, "评分标准"),
                    (0, 3, "单位自评"),
                    (1, 0, "人员编制执行率"),
                    (1, 1, "5"),
                    (1, 2, "按比例计分"),
                    (1, 3, "4"),
                ],
            ),
        ],
    );
    path
}

const STAFF_PROFILE: &str = "# 本地在职人数写作“实有人数（人）”\n\
    [fact.staff_actual]\n\
    labels = [\"实有人数（人）\"]\n";

#[test]
fn check_finds_a_label_variant_only_with_the_profile() {
    let w = Workdir::new();
    let input = workbook_with_unknown_labels(&w);
    let input = input.to_str().unwrap();
    let out = w.ok(&["check", input]);
    assert!(
        out.contains("在职人员数：未找到，已尝试：在职人员数、在职人数、实有在职人数"),
        "{out}"
    );
    assert!(
        out.contains("在职人员控制率：无法计算（缺少「在职人员数」）"),
        "{out}"
    );

    std::fs::write(w.path("别名.toml"), STAFF_PROFILE).unwrap();
    let out = w.ok(&["check", input, "--profile", "别名.toml"]);
    assert!(out.contains("在职人员数：18  来源 基本情况!B4"), "{out}");
    assert!(out.contains("在职人员控制率：90.00%"), "{out}");
    assert!(!out.contains("\n  在职人员数：未找到"), "{out}");

    // The bureau's configuration names the profile: `check --config` reads
    // the department's file as `score --config` and `batch` do.
    std::fs::create_dir(w.path("配置")).unwrap();
    std::fs::write(w.path("配置/别名.toml"), STAFF_PROFILE).unwrap();
    std::fs::write(w.path("配置/jixiao.toml"), "profile = \"别名.toml\"\n").unwrap();
    let out = w.ok(&["check", input, "--config", "配置/jixiao.toml"]);
    assert!(out.contains("在职人员数：18  来源 基本情况!B4"), "{out}");
    assert!(out.contains("在职人员控制率：90.00%"), "{out}");
}

#[test]
fn config_profile_extends_facts_headers_and_metric_names_for_score() {
    let w = Workdir::new();
    let input = workbook_with_unknown_labels(&w);
    let input = input.to_str().unwrap();
    let row = |json: &str| -> serde_json::Value {
        let card: serde_json::Value = serde_json::from_str(json).unwrap();
        card["rows"][0].clone()
    };

    let plain = row(&w.ok(&["score", input, "--out", "无配置.xlsx", "--json"]));
    assert_eq!(plain["name"], "人员编制执行率");
    assert!(plain["metric"].is_null(), "{plain}");
    assert!(plain["self_score"].is_null(), "{plain}");

    // The profile sits beside the config, not in the working directory.
    std::fs::create_dir(w.path("配置")).unwrap();
    std::fs::write(
        w.path("配置/别名.toml"),
        format!(
            "{STAFF_PROFILE}\n\
             [header]\n\
             self-score = [\"单位自评\"]\n\n\
             [metric.staff_control_rate]\n\
             aliases = [\"人员编制执行率\"]\n"
        ),
    )
    .unwrap();
    std::fs::write(w.path("配置/jixiao.toml"), "profile = \"别名.toml\"\n").unwrap();
    let scored = row(&w.ok(&[
        "score",
        input,
        "--config",
        "配置/jixiao.toml",
        "--out",
        "有配置.xlsx",
        "--json",
    ]));
    assert_eq!(scored["metric"], "在职人员控制率", "{scored}");
    assert_eq!(scored["metric_value"], "90.00%", "{scored}");
    assert_eq!(scored["score"], "4.5", "{scored}");
    assert_eq!(scored["self_score"], "4", "{scored}");
}

/// `--profile` adds to the profile that the config names.
#[test]
fn config_and_command_line_profiles_both_apply() {
    let w = Workdir::new();
    let input = workbook_with_unknown_labels(&w);
    std::fs::write(
        w.path("指标.toml"),
        "[metric.staff_control_rate]\naliases = [\"人员编制执行率\"]\n",
    )
    .unwrap();
    std::fs::write(w.path("jixiao.toml"), "profile = \"指标.toml\"\n").unwrap();
    std::fs::write(w.path("别名.toml"), STAFF_PROFILE).unwrap();
    let json = w.ok(&[
        "score",
        input.to_str().unwrap(),
        "--config",
        "jixiao.toml",
        "--profile",
        "别名.toml",
        "--json",
    ]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(card["rows"][0]["metric_value"], "90.00%", "{json}");
}

use crate::util::{Workdir, stderr};

#[test]
fn html_saved_as_xls_is_explained() {
    let w = Workdir::new();
    let path = w.path("导出.xls");
    std::fs::write(
        &path,
        "<html><body><table><tr><td>编制数</td><td>38</td></tr></table></body></html>",
    )
    .unwrap();
    let out = w.run(&["score", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("导出.xls") && err.contains("网页（HTML）") && err.contains("另存为"),
        "{err}"
    );
}

#[test]
fn truncated_and_missing_files() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let bytes = std::fs::read(&input).unwrap();
    let broken = w.path("损坏.xlsx");
    std::fs::write(&broken, &bytes[..3000]).unwrap();
    let out = w.run(&["score", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("已损坏"), "{}", stderr(&out));
    let out = w.run(&["check", "不存在.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("无法打开文件「不存在.xlsx」"),
        "{}",
        stderr(&out)
    );
    let text = w.path("文本.xlsx");
    std::fs::write(&text, "编制数,38\n").unwrap();
    let out = w.run(&["check", text.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("实为CSV 或纯文本格式"),
        "{}",
        stderr(&out)
    );
}

/// The format comes from the content, not the extension's case.
#[test]
fn upper_case_extension_is_read() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let upper = w.path("TAOJIANG.XLSX");
    std::fs::rename(&input, &upper).unwrap();
    w.ok(&["score", upper.to_str().unwrap(), "--out", "out.xlsx"]);
}

#[test]
fn never_overwrites_input_or_existing_output() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let before = std::fs::read(&input).unwrap();
    let out = w.run(&[
        "score",
        input.to_str().unwrap(),
        "--out",
        input.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("就是输入文件"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    w.ok(&["score", input.to_str().unwrap()]);
    let out = w.run(&["score", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("已存在") && stderr(&out).contains("--force"),
        "{}",
        stderr(&out)
    );
    w.ok(&["score", input.to_str().unwrap(), "--force"]);
}

#[test]
fn bad_usage_exits_2_in_chinese() {
    let w = Workdir::new();
    let out = w.run(&["score"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("缺少必需的参数：<输入文件>"),
        "{}",
        stderr(&out)
    );
    let help = w.ok(&["score", "--help"]);
    assert!(
        help.contains("用法：") && help.contains("评分表文件"),
        "{help}"
    );
}

/// A label profile that cannot be used stops the command with exit 2, and
/// the message names the file and the line.
#[test]
fn bad_profile_exits_2_naming_file_and_line() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let input = input.to_str().unwrap();
    std::fs::write(
        w.path("别名.toml"),
        "[fact.staff_actual]\nlabels = [\"实有人数\"]\nlable = [\"实有人数（人）\"]\n",
    )
    .unwrap();
    let out = w.run(&["check", input, "--profile", "别名.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("错误：标签配置文件「别名.toml」格式有误（第3行）")
            && err.contains("lable"),
        "{err}"
    );

    std::fs::write(
        w.path("别名.toml"),
        "# 在职人数\n[fact.staff_actul]\nlabels = [\"实有人数\"]\n",
    )
    .unwrap();
    std::fs::write(w.path("jixiao.toml"), "profile = \"别名.toml\"\n").unwrap();
    let out = w.run(&["score", input, "--config", "jixiao.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "错误：标签配置文件「别名.toml」第2行：「staff_actul」不是已知的数据项代码（可用代码见 docs/标签配置.md）\n"
    );
    assert!(!w.path("桃江县医疗保障局2019_评分.xlsx").exists());

    let out = w.run(&["check", input, "--profile", "无此文件.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("无法读取标签配置文件「无此文件.toml」"),
        "{}",
        stderr(&out)
    );
}

/// The same department saved as .xls and .ods (by LibreOffice,
/// tests/fixtures/make_fixtures.sh) scores exactly as the .xlsx.
#[test]
fn xls_and_ods_score_like_xlsx() {
    let w = Workdir::new();
    let xlsx = w.sample("宁国市医疗保障局2020.xlsx");
    let reference: serde_json::Value = serde_json::from_str(&w.ok(&[
        "score",
        xlsx.to_str().unwrap(),
        "--out",
        "ref.xlsx",
        "--json",
    ]))
    .unwrap();
    for ext in ["xls", "ods"] {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/ningguo.{ext}"));
        let input = w.path(&format!("宁国.{ext}"));
        std::fs::copy(&src, &input).unwrap();
        let card: serde_json::Value =
            serde_json::from_str(&w.ok(&["score", input.to_str().unwrap(), "--json"])).unwrap();
        assert_eq!(card["total"], reference["total"], "{ext}");
        let rows = card["rows"].as_array().unwrap();
        let value =
            |name: &str| rows.iter().find(|r| r["name"] == name).unwrap()["metric_value"].clone();
        assert_eq!(value("预算完成率"), "694.14%", "{ext}");
        assert_eq!(value("“三公经费”控制率"), "85.33%", "{ext}");
        assert!(w.path("宁国_评分.xlsx").exists());
        std::fs::remove_file(w.path("宁国_评分.xlsx")).unwrap();
    }
}

/// A password-protected workbook is named as such, whatever its extension.
#[test]
fn encrypted_workbook_is_explained() {
    let w = Workdir::new();
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encrypted.xlsx");
    for name in ["加密.xlsx", "加密.XLS"] {
        let input = w.path(name);
        std::fs::copy(&src, &input).unwrap();
        let out = w.run(&["score", input.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            stderr(&out).contains("设有打开密码"),
            "{name}: {}",
            stderr(&out)
        );
    }
}

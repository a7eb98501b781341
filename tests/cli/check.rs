use crate::util::{Workdir, write_workbook};

#[test]
fn check_lists_every_fact_with_its_cell() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let out = w.ok(&["check", input.to_str().unwrap()]);
    assert!(out.contains("编制数：38  来源 基本情况!B6"), "{out}");
    assert!(
        out.contains("三公经费·本年预算数：98701元  来源 三公经费!B4"),
        "{out}"
    );
    assert!(
        out.contains("支出合计·全年执行数：2163.36万元（折合 21633600元）  来源 预算执行!D4"),
        "{out}"
    );
    assert!(out.contains("读取到的数据（39/39 项）"), "{out}");
    // check writes nothing.
    let files: Vec<_> = std::fs::read_dir(w.dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn check_names_missing_facts_and_labels_tried() {
    let w = Workdir::new();
    let path = w.path("残缺.xlsx");
    write_workbook(
        &path,
        &[(
            "基本情况",
            &[
                (0, 0, "单位名称"),
                (0, 1, "某局"),
                (1, 0, "编制数"),
                (1, 1, "20"),
            ],
        )],
    );
    let out = w.ok(&["check", path.to_str().unwrap()]);
    assert!(out.contains("编制数：20  来源 基本情况!B2"), "{out}");
    assert!(
        out.contains("在职人员数：未找到，已尝试：在职人员数、在职人数、实有在职人数"),
        "{out}"
    );
    assert!(
        out.contains("在职人员控制率：无法计算（缺少「在职人员数」）"),
        "{out}"
    );
}

#[test]
fn template_writes_blank_workbooks_that_check_reads() {
    let w = Workdir::new();
    w.ok(&["template", "--out", "模板"]);
    let t = w.path("模板/部门数据模板.xlsx");
    assert!(t.exists() && w.path("模板/默认评分表.xlsx").exists());
    // An unfilled template: the labels and what is missing are listed,
    // and the run ends with 未读取到任何部门数据, exit 1 (issue 8).
    let run = w.run(&["check", t.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = crate::util::stderr(&run);
    assert!(
        err.contains("未读取到任何部门数据：找到 39 个数据标签，但都没有填写数值"),
        "{err}"
    );
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(
        out.contains("编制数（基本情况!B6）：找到标签，但数值为空"),
        "{out}"
    );
    // A second run refuses to overwrite.
    let again = w.run(&["template", "--out", "模板"]);
    assert_eq!(again.status.code(), Some(2));
    w.ok(&["template", "--out", "模板", "--force"]);
}

/// Copies every sheet of a sample, values only, under other sheet names.
fn copy_renamed(
    from: &std::path::Path,
    to: &std::path::Path,
    name: impl Fn(usize, &str) -> String,
) {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut src = open_workbook_auto(from).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for (i, sheet) in src.sheet_names().iter().enumerate() {
        let range = src.worksheet_range(sheet).unwrap();
        let ws = out.add_worksheet().set_name(name(i, sheet)).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r0 + r as u32, (c0 + c as u32) as u16);
            match v {
                Data::Float(f) => ws.write_number(r, c, *f).unwrap(),
                Data::Int(n) => ws.write_number(r, c, *n as f64).unwrap(),
                Data::String(t) => ws.write_string(r, c, t).unwrap(),
                _ => ws,
            };
        }
    }
    out.save(to).unwrap();
}

/// Issue 8: our template's content on Sheet1…Sheet5 gives the same 三公
/// and budget figures as the named sheets.
#[test]
fn sheets_named_sheet1_to_sheet5_are_read_by_their_content() {
    let w = Workdir::new();
    let named = w.sample("示例县统计局2023.xlsx");
    let plain = w.path("统计局数据.xlsx");
    copy_renamed(&named, &plain, |i, _| format!("Sheet{}", i + 1));
    let out = w.ok(&["check", plain.to_str().unwrap()]);
    for line in [
        "三公经费·本年预算数：42000元  来源 Sheet4!B4",
        "三公经费·本年决算数：39800元  来源 Sheet4!C4",
        "三公经费·上年预算数：45000元  来源 Sheet4!D4",
        "三公经费·上年决算数：44100元  来源 Sheet4!E4",
        "支出合计·全年预算数：790万元（折合 7900000元）  来源 Sheet2!C4",
        "“三公经费”变动率（预算数）：-6.67%",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    assert!(!out.contains("不一致"), "{out}");
}

/// Issue 8: a label written differently is listed with the profile lines
/// that would map it, and those lines work.
#[test]
fn check_shows_near_misses_with_profile_lines() {
    let w = Workdir::new();
    let path = w.path("近似.xlsx");
    write_workbook(
        &path,
        &[(
            "基本情况",
            &[
                (0, 0, "单位名称"),
                (0, 1, "某局"),
                (1, 0, "编制数"),
                (1, 1, "20"),
                (2, 0, "实有人员（人）"),
                (2, 1, "18"),
                (3, 0, "满意率"),
                (3, 1, "0.9"),
            ],
        )],
    );
    let out = w.ok(&["check", path.to_str().unwrap()]);
    let near = &out[out.find("五、").expect("a near-miss section")..];
    insta::assert_snapshot!("check_near_misses", near);
    let profile = w.path("别名.toml");
    std::fs::write(
        &profile,
        "[fact.staff_actual]\nlabels = [\"实有人员（人）\"]\n",
    )
    .unwrap();
    let out = w.ok(&[
        "check",
        path.to_str().unwrap(),
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert!(out.contains("在职人员数：18  来源 基本情况!B3"), "{out}");
}

/// Issue 8: jixiao's own outputs are refused as input, with exit 1.
#[test]
fn own_outputs_are_refused_as_department_data() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    w.ok(&["score", input.to_str().unwrap(), "--out", "已评分.xlsx"]);
    for cmd in ["score", "check"] {
        let run = w.run(&[cmd, "已评分.xlsx"]);
        assert_eq!(run.status.code(), Some(1), "{cmd}");
        let err = crate::util::stderr(&run);
        assert!(
            err.contains("「已评分.xlsx」是 jixiao 生成的评分结果，不是部门数据表，不能再次评分"),
            "{err}"
        );
    }
}

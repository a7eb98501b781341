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
    let out = w.ok(&["check", t.to_str().unwrap()]);
    assert!(
        out.contains("编制数（基本情况!B6）：找到标签，但数值为空"),
        "{out}"
    );
    // A second run refuses to overwrite.
    let again = w.run(&["template", "--out", "模板"]);
    assert_eq!(again.status.code(), Some(2));
    w.ok(&["template", "--out", "模板", "--force"]);
}

//! `jixiao batch` and `jixiao <文件夹>` (issue 9): a folder of departments
//! with broken files among them gives one ranked 汇总, a 未能评分 row for
//! each bad file, exit code 1, and the good departments' scored workbooks.

use std::path::{Path, PathBuf};

use crate::util::{Workdir, read_sheet, stderr, write_workbook};

const SAMPLES: [&str; 4] = [
    "宁国市医疗保障局2020.xlsx",
    "桃江县医疗保障局2019.xlsx",
    "示例县文化旅游广电局2023.xlsx",
    "示例县统计局2023.xlsx",
];

/// The samples in `部门/` and `部门/乡镇/`, plus broken files:
/// - `损坏.xlsx`: a truncated workbook (calamine reports an error);
/// - `巨大.xlsx`: cells at A1 and XFD1048576 (calamine would allocate the
///   whole grid and abort the process: refused before parsing);
/// - `空表.xlsx`: a workbook with no data at all (not ranked as a 差
///   department: listed as not scored);
/// - `~$锁定.xlsx`, `.隐藏.xlsx`, `说明.txt`, `旧_评分.xlsx`: skipped.
fn department_folder(w: &Workdir) -> PathBuf {
    let root = w.path("部门");
    std::fs::create_dir_all(root.join("乡镇")).unwrap();
    for (i, name) in SAMPLES.iter().enumerate() {
        let src = w.sample(name);
        let dst = if i % 2 == 0 {
            root.join(name)
        } else {
            root.join("乡镇").join(name)
        };
        std::fs::rename(src, dst).unwrap();
    }
    let good = std::fs::read(root.join(SAMPLES[0])).unwrap();
    std::fs::write(root.join("损坏.xlsx"), &good[..good.len() / 3]).unwrap();
    let mut huge = rust_xlsxwriter::Workbook::new();
    let ws = huge.add_worksheet();
    ws.write_string(0, 0, "编制数").unwrap();
    ws.write_number(1_048_575, 16_383, 1.0).unwrap();
    huge.save(root.join("巨大.xlsx")).unwrap();
    write_workbook(&root.join("空表.xlsx"), &[("Sheet1", &[])]);
    for skipped in ["~$锁定.xlsx", ".隐藏.xlsx", "旧_评分.xlsx"] {
        std::fs::write(root.join(skipped), &good).unwrap();
    }
    std::fs::write(root.join("说明.txt"), "不是表格").unwrap();
    root
}

fn column(rows: &[Vec<String>], header_row: usize, name: &str) -> usize {
    rows[header_row]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[header_row]))
}

fn header_row(rows: &[Vec<String>]) -> usize {
    rows.iter()
        .position(|r| r.first().is_some_and(|c| c == "序号"))
        .expect("a header row starting with 序号")
}

#[test]
fn batch_scores_a_folder_and_lists_the_broken_files() {
    let w = Workdir::new();
    let root = department_folder(&w);
    let out = w.path("结果");
    let run = w.run(&[
        "batch",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains("找到 7 个部门数据文件，评分 4 个，未能评分 3 个"),
        "{err}"
    );
    // Every good department has its scored workbook, mirroring the folders.
    for (i, name) in SAMPLES.iter().enumerate() {
        let stem = name.trim_end_matches(".xlsx");
        let scored = if i % 2 == 0 {
            out.join(format!("{stem}_评分.xlsx"))
        } else {
            out.join("乡镇").join(format!("{stem}_评分.xlsx"))
        };
        assert!(scored.exists(), "{} missing", scored.display());
    }
    // The 汇总: the 4 departments, ranked by total.
    let rows = read_sheet(&out.join("汇总.xlsx"), "汇总");
    let h = header_row(&rows);
    let (dept, total, rank) = (
        column(&rows, h, "部门"),
        column(&rows, h, "总分"),
        column(&rows, h, "排名"),
    );
    let body: Vec<&Vec<String>> = rows[h + 1..]
        .iter()
        .filter(|r| !r[dept].is_empty())
        .collect();
    assert_eq!(body.len(), 4, "{body:#?}");
    let totals: Vec<f64> = body.iter().map(|r| r[total].parse().unwrap()).collect();
    assert!(totals.windows(2).all(|p| p[0] >= p[1]), "{totals:?}");
    assert_eq!(body[0][rank], "1");
    let taojiang = body
        .iter()
        .find(|r| r[dept] == "桃江县医疗保障局")
        .expect("桃江 in the 汇总");
    assert_eq!(taojiang[total], "92.95");
    // The three bad files are listed with their reasons.
    let failed = read_sheet(&out.join("汇总.xlsx"), "未能评分");
    let text = failed.concat().join("|");
    assert!(text.contains("损坏.xlsx"), "{text}");
    // 巨大.xlsx would make calamine allocate the whole grid and abort: it is
    // refused before parsing (a dying worker is tested in batch::worker).
    assert!(
        text.contains("巨大.xlsx|无法读取") && text.contains("XFD1048576"),
        "{text}"
    );
    assert!(
        text.contains("空表.xlsx") && text.contains("未读取到任何部门数据"),
        "{text}"
    );
    for file in ["汇总.csv", "汇总.json", "运行记录.json", "运行日志.txt"] {
        assert!(out.join(file).exists(), "{file} missing");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("运行记录.json")).unwrap()).unwrap();
    assert_eq!(manifest["found"], 7);
    assert_eq!(manifest["failed"], 3);
    let first = &manifest["inputs"][0];
    assert_eq!(first["sha256"].as_str().map(str::len), Some(64));
    // Inputs are never touched.
    assert!(root.join("~$锁定.xlsx").exists());
}

fn summary_bytes(w: &Workdir, root: &Path, out: &str, jobs: &str) -> Vec<Vec<u8>> {
    let out = w.path(out);
    let run = w.run(&[
        "batch",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--jobs",
        jobs,
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    ["汇总.xlsx", "汇总.csv", "汇总.json"]
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect()
}

#[test]
fn jobs_one_and_two_give_identical_summaries() {
    let w = Workdir::new();
    let root = department_folder(&w);
    let one = summary_bytes(&w, &root, "一", "1");
    let two = summary_bytes(&w, &root, "二", "2");
    assert!(one == two, "汇总 differs between --jobs 1 and --jobs 2");
    // The CSV opens in Excel with its Chinese headers: UTF-8 with a BOM.
    assert!(one[1].starts_with("\u{FEFF}".as_bytes()));
    assert!(String::from_utf8_lossy(&one[1]).contains("部门"));
    // Real charts in the workbook's parts.
    let xlsx = &one[0];
    assert!(
        xlsx.windows(b"xl/charts/chart1.xml".len())
            .any(|w| w == b"xl/charts/chart1.xml"),
        "no chart part in 汇总.xlsx"
    );
}

#[test]
fn folder_without_a_command_batches_beside_it() {
    let w = Workdir::new();
    let root = w.path("2024");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::rename(w.sample(SAMPLES[2]), root.join(SAMPLES[2])).unwrap();
    let run = w.run(&[root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out = w.path("2024_评分结果");
    assert!(out.join("汇总.xlsx").exists());
    assert!(out.join("示例县文化旅游广电局2023_评分.xlsx").exists());
    // A second run replaces that year's outputs.
    let again = w.run(&[root.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn batch_from_a_config_with_year() {
    let w = Workdir::new();
    let inputs = w.path("数据/2023");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::rename(w.sample(SAMPLES[3]), inputs.join(SAMPLES[3])).unwrap();
    std::fs::write(
        w.path("jixiao.toml"),
        "[batch]\ninput = \"数据/{year}\"\nout = \"结果/{year}\"\njobs = 1\n",
    )
    .unwrap();
    let cfg = w.path("jixiao.toml");
    let run = w.run(&["batch", "--config", cfg.to_str().unwrap(), "--year", "2023"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(w.path("结果/2023/汇总.xlsx").exists());
    // Without a year, {year} cannot be filled: a usage error naming it.
    let run = w.run(&["batch", "--config", cfg.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("{year}"), "{}", stderr(&run));
    // A path holding only {prev_year} is named as such.
    std::fs::write(
        &cfg,
        "[batch]\ninput = \"数据/2023\"\nout = \"结果/x\"\nprevious = \"结果/{prev_year}/汇总.json\"\n",
    )
    .unwrap();
    let run = w.run(&["batch", "--config", cfg.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("含 {prev_year}，请用 --year 指定年度"),
        "{}",
        stderr(&run)
    );
    // Unknown keys are errors naming the line.
    std::fs::write(&cfg, "[batch]\ninput = \"数据\"\nthreads = 2\n").unwrap();
    let run = w.run(&["batch", "--config", cfg.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("第3行"), "{}", stderr(&run));
}

#[test]
fn batch_usage_errors() {
    let w = Workdir::new();
    let run = w.run(&["batch", "没有这个文件夹", "--out", "结果"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("找不到「没有这个文件夹」"),
        "{}",
        stderr(&run)
    );
    let run = w.run(&["batch", "."]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--out"), "{}", stderr(&run));
}

/// Last year's 汇总.json beside this year's output is found by the year in
/// the path: the 汇总 gains 上年总分, 上年等级 and 较上年.
#[test]
fn last_year_is_compared_when_found() {
    let w = Workdir::new();
    let inputs = w.path("数据");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), inputs.join(SAMPLES[1])).unwrap();
    let dir = inputs.to_str().unwrap();
    for year in ["2023", "2024"] {
        let out = w.path(&format!("结果/{year}"));
        let run = w.run(&[
            "batch",
            dir,
            "--out",
            out.to_str().unwrap(),
            "--year",
            year,
            "--quiet",
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        if year == "2024" {
            // Found on its own, a 汇总 with no reviewer's change is said
            // to be possibly not the reviewed result.
            assert!(
                stderr(&run).contains(
                    "按单位名称对上 1 个单位；该汇总中没有审核改过的得分（是批量评分的结果，或审核未改分）。上年结果如经审核改分，请用 --previous"
                ),
                "{}",
                stderr(&run)
            );
        }
    }
    // A 汇总 holding a reviewer's change (what `aggregate` writes after a
    // review) is said to hold it.
    let json = std::fs::read_to_string(w.path("结果/2023/汇总.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["departments"][0]["split"]["reviewed"] = serde_json::json!("2");
    let reviewed = w.path("审核后2023.json");
    std::fs::write(&reviewed, value.to_string()).unwrap();
    let run = w.run(&[
        "batch",
        dir,
        "--out",
        w.path("结果/2024b").to_str().unwrap(),
        "--year",
        "2024",
        "--previous",
        reviewed.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("按单位名称对上 1 个单位（其中 1 个单位含审核改分）"),
        "{}",
        stderr(&run)
    );
    let rows = read_sheet(&w.path("结果/2024/汇总.xlsx"), "汇总");
    let h = header_row(&rows);
    let row = &rows[h + 1];
    assert_eq!(row[column(&rows, h, "上年总分")], "92.95");
    assert_eq!(row[column(&rows, h, "上年等级")], "优秀");
    assert_eq!(row[column(&rows, h, "较上年")], "0");
    // The first year has no comparison columns.
    let first = read_sheet(&w.path("结果/2023/汇总.xlsx"), "汇总");
    assert!(!first[header_row(&first)].iter().any(|c| c == "上年总分"));
}

/// A file whose name is not valid UTF-8 (a GBK name, as unpacked on Linux
/// from a zip made on Windows) is scored like any other: its path goes to
/// the worker as the system's bytes (the review of issue 9's second round
/// found it timed out instead).
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_unicode_is_scored() {
    use std::os::unix::ffi::OsStrExt;
    let w = Workdir::new();
    let root = w.path("乱码");
    std::fs::create_dir_all(&root).unwrap();
    // 测试.xlsx in GBK.
    let gbk = std::ffi::OsStr::from_bytes(b"\xb2\xe2\xca\xd4.xlsx");
    std::fs::rename(w.sample(SAMPLES[2]), root.join(gbk)).unwrap();
    std::fs::rename(w.sample(SAMPLES[3]), root.join(SAMPLES[3])).unwrap();
    let out = w.path("结果");
    let run = w.run(&[
        "batch",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(err.contains("评分 2 个，未能评分 0 个"), "{err}");
    assert_eq!(crate::util::count_files(&out, "_评分.xlsx"), 2);
}

/// Re-running into the same folder (the same year): the scored workbooks of
/// departments no longer among the inputs, or whose file now fails, go
/// (the review of issue 9's third round found them kept, and `aggregate`
/// counting them); everything else in the folder stays. An input folder
/// found empty leaves last run's results as they were.
#[test]
fn a_rerun_removes_what_it_did_not_write_again() {
    let w = Workdir::new();
    let inputs = w.path("数据");
    std::fs::create_dir_all(inputs.join("乡镇")).unwrap();
    std::fs::rename(w.sample(SAMPLES[0]), inputs.join(SAMPLES[0])).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), inputs.join("乡镇").join(SAMPLES[1])).unwrap();
    std::fs::rename(w.sample(SAMPLES[3]), inputs.join(SAMPLES[3])).unwrap();
    let out = w.path("结果");
    let batch = |w: &Workdir| {
        w.run(&[
            "batch",
            inputs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
    };
    let first = batch(&w);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let ningguo = out.join("宁国市医疗保障局2020_评分.xlsx");
    let taojiang = out.join("乡镇/桃江县医疗保障局2019_评分.xlsx");
    let tongji = out.join("示例县统计局2023_评分.xlsx");
    for f in [&ningguo, &taojiang, &tongji] {
        assert!(f.exists(), "{}", f.display());
    }
    // Something of the user's own in the output folder, named like ours
    // but never listed by a run: never touched.
    std::fs::write(out.join("手工_评分.xlsx"), b"mine").unwrap();
    // One department withdraws, another sends a broken file.
    std::fs::remove_file(inputs.join("乡镇").join(SAMPLES[1])).unwrap();
    std::fs::write(inputs.join(SAMPLES[3]), b"not a workbook").unwrap();
    let second = batch(&w);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(ningguo.exists());
    assert!(!taojiang.exists());
    assert!(!tongji.exists());
    assert!(out.join("手工_评分.xlsx").exists());
    let said = stderr(&second);
    assert!(
        said.contains("已删除上次运行留下、本次未再生成的评分结果 2 个"),
        "{said}"
    );
    assert!(
        said.contains("乡镇/桃江县医疗保障局2019_评分.xlsx"),
        "{said}"
    );
    let log = std::fs::read_to_string(out.join("运行日志.txt")).unwrap();
    assert!(log.contains("已删除上次运行留下"), "{log}");
    // Only what this run wrote is counted again by aggregate.
    let agg = w.run(&[
        "aggregate",
        out.to_str().unwrap(),
        "--out",
        w.path("复核").to_str().unwrap(),
    ]);
    assert!(stderr(&agg).contains("1 个单位"), "{}", stderr(&agg));

    // The input folder found empty (an unmounted share): nothing written,
    // nothing removed, exit 1.
    let before = std::fs::read(out.join("汇总.json")).unwrap();
    std::fs::remove_dir_all(&inputs).unwrap();
    std::fs::create_dir_all(&inputs).unwrap();
    let empty = batch(&w);
    assert_eq!(empty.status.code(), Some(1), "{}", stderr(&empty));
    assert!(stderr(&empty).contains("未写入汇总"), "{}", stderr(&empty));
    assert_eq!(std::fs::read(out.join("汇总.json")).unwrap(), before);
    assert!(ningguo.exists());
}

/// Last year's 汇总 named by `--previous` must be readable (exit 2 before
/// any scoring); one named by the config may not exist yet (the first year
/// of a scheduled run: a note), but a broken one stops the run; one found
/// by the year in the path and broken gives a note saying what is wrong.
#[test]
fn last_years_file_when_missing_or_broken() {
    let w = Workdir::new();
    let inputs = w.path("数据");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), inputs.join(SAMPLES[1])).unwrap();
    let out = w.path("结果/2024");
    let (dir, out) = (inputs.to_str().unwrap(), out.to_str().unwrap());
    let cfg = w.path("jixiao.toml");
    std::fs::write(
        &cfg,
        "[batch]\ninput = \"数据\"\nout = \"结果/{year}\"\nprevious = \"结果/{prev_year}/汇总.json\"\n",
    )
    .unwrap();
    let cfg = cfg.to_str().unwrap();
    let expect = |args: &[&str], code: i32, said: &str| {
        let run = w.run(args);
        assert_eq!(run.status.code(), Some(code), "{}", stderr(&run));
        assert!(stderr(&run).contains(said), "{}", stderr(&run));
    };
    let previous = |name: &str, text: &str| {
        std::fs::write(w.path(name), text).unwrap();
        w.path(name).to_str().unwrap().to_string()
    };
    // Named by --previous: missing, cut short, or another program's JSON.
    let given = |file: &str, said: &str| {
        expect(
            &["batch", dir, "--out", out, "--previous", file, "--quiet"],
            2,
            said,
        );
    };
    given("没有.json", "上年汇总「没有.json」无法读取");
    assert!(!w.path("结果/2024/汇总.xlsx").exists());
    let cut = previous("截断.json", r#"{"departments": [{"department": "甲""#);
    given(&cut, "内容不完整或已损坏（第 1 行");
    let other = previous("别的.json", r#"{"name": "别的程序"}"#);
    given(&other, "不是 jixiao 批量评分生成的汇总.json");
    // From the config: not there yet is a note; broken stops the run.
    let configured = ["batch", "--config", cfg, "--year", "2024", "--quiet"];
    expect(&configured, 0, "不存在，未加上年对比");
    std::fs::create_dir_all(w.path("结果/2023")).unwrap();
    std::fs::write(w.path("结果/2023/汇总.json"), "{").unwrap();
    expect(&configured, 2, "内容不完整或已损坏");
    // Found by the year in the path (nothing configured) and broken: a note.
    expect(
        &["batch", dir, "--out", out, "--year", "2024", "--quiet"],
        0,
        "内容不完整或已损坏（第 1 行第 1 列），可能是复制时中断或被其他程序改过，未加上年对比",
    );
}

/// With `--year`, a department whose data is of another year (last year's
/// workbook sent again) gets a 年度不符 row in the 问题清单; its scores stand
/// (the review of issue 9's third round found nothing said).
#[test]
fn data_of_another_year_is_listed() {
    let w = Workdir::new();
    let inputs = w.path("数据");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), inputs.join(SAMPLES[1])).unwrap();
    std::fs::rename(w.sample(SAMPLES[3]), inputs.join(SAMPLES[3])).unwrap();
    let out = w.path("结果");
    let run = w.run(&[
        "batch",
        inputs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--year",
        "2023",
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let rows = read_sheet(&out.join("汇总.xlsx"), "问题清单");
    let h = header_row(&rows);
    let kind = column(&rows, h, "类别");
    let wrong: Vec<&Vec<String>> = rows[h + 1..]
        .iter()
        .filter(|r| r[kind] == "年度不符")
        .collect();
    assert_eq!(wrong.len(), 1, "{rows:?}");
    assert_eq!(wrong[0][column(&rows, h, "部门")], "桃江县医疗保障局");
    assert_eq!(
        wrong[0][column(&rows, h, "说明")],
        "数据文件的年度为2019年，与本次评价的2023年度不符：请核实是否报送了其他年度的数据"
    );
    // The score is the one the sample always gets.
    let summary = read_sheet(&out.join("汇总.xlsx"), "汇总");
    let sh = header_row(&summary);
    let taojiang = summary[sh + 1..]
        .iter()
        .find(|r| r[column(&summary, sh, "部门")] == "桃江县医疗保障局")
        .unwrap();
    assert_eq!(taojiang[column(&summary, sh, "总分")], "92.95");
}

/// The batch's own outputs cannot be written: exit 2 (the batch could not
/// run), not 1 (which says some files were not scored). One department's
/// workbook that cannot be written is still that department's failure.
#[test]
fn output_folder_failures_exit_2_department_failures_exit_1() {
    let w = Workdir::new();
    let root = w.path("部门");
    std::fs::create_dir(&root).unwrap();
    std::fs::rename(w.sample(SAMPLES[3]), root.join(SAMPLES[3])).unwrap();
    // --out an existing file: said to be a file, not a folder.
    std::fs::write(w.path("afile"), b"x").unwrap();
    let run = w.run(&["batch", "部门", "--out", "afile", "--quiet"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert_eq!(
        stderr(&run).trim(),
        "错误：输出文件夹「afile」是一个已存在的文件，不是文件夹：请用 --out 指定一个文件夹"
    );
    // 汇总.xlsx cannot be written (a folder stands in its place).
    std::fs::create_dir_all(w.path("结果/汇总.xlsx")).unwrap();
    let run = w.run(&["batch", "部门", "--out", "结果", "--quiet"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("汇总.xlsx"), "{}", stderr(&run));
    // A department's own workbook cannot be written: listed, exit 1.
    let stem = SAMPLES[3].trim_end_matches(".xlsx");
    std::fs::create_dir_all(w.path(&format!("结果2/{stem}_评分.xlsx"))).unwrap();
    let run = w.run(&["batch", "部门", "--out", "结果2", "--quiet"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let rows = read_sheet(&w.path("结果2/汇总.xlsx"), "未能评分");
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == SAMPLES[3])),
        "{rows:?}"
    );
}

/// Each 扣分 row of the 问题清单 names the cells its metric was computed
/// from, as sheet 指标计算 does; a 自评与核算不一致 row those cells, then
/// the cell of the department's self-score. Checked by hand in
/// 示例县统计局2023.xlsx: 预算执行!D4 is 支出合计's 全年执行数 (784), C4 its
/// 全年预算数 (790); 784 ÷ 790 = 99.24%; 评分表!F8 is 预算完成率's 自评得分
/// (3).
#[test]
fn problems_name_the_source_cells_of_their_metric() {
    let (rows, h) = problems_of_one(SAMPLES[3]);
    let (kind, source) = (column(&rows, h, "类别"), column(&rows, h, "来源单元格"));
    let indicator = column(&rows, h, "指标");
    let deduction = rows[h + 1..]
        .iter()
        .find(|r| r[kind] == "扣分" && r[indicator] == "预算完成率")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(deduction[source], "预算执行!D4、预算执行!C4");
    let differs = rows[h + 1..]
        .iter()
        .find(|r| r[kind] == "自评与核算不一致")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(differs[source], "预算执行!D4、预算执行!C4、评分表!F8");
    for r in &rows[h + 1..] {
        if r[kind] == "扣分" {
            assert!(!r[source].is_empty(), "{r:?}");
        }
    }
}

/// A 参考评分 row of the 问题清单 names the cells the rows it lists were
/// computed from. 桃江县医疗保障局2019.xlsx has one such row, 服务对象满意度
/// (no standard in its rubric: the default rule), read from 基本情况!B9
/// (92%), as its own 扣分 row says.
#[test]
fn reference_problems_name_the_cells_of_the_rows_they_list() {
    let (rows, h) = problems_of_one(SAMPLES[1]);
    let (kind, source) = (column(&rows, h, "类别"), column(&rows, h, "来源单元格"));
    let (indicator, text) = (column(&rows, h, "指标"), column(&rows, h, "说明"));
    let reference: Vec<&Vec<String>> = rows[h + 1..]
        .iter()
        .filter(|r| r[kind] == "参考评分")
        .collect();
    assert_eq!(reference.len(), 1, "{rows:?}");
    assert!(
        reference[0][text].ends_with("：服务对象满意度"),
        "{:?}",
        reference[0]
    );
    assert_eq!(reference[0][source], "基本情况!B9");
    let deduction = rows[h + 1..]
        .iter()
        .find(|r| r[kind] == "扣分" && r[indicator] == "服务对象满意度")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(deduction[source], "基本情况!B9");
}

/// A 考核 department (a family's own rules): each 扣分 row names the cells
/// of the 考核数据 its sub-rules read, and a 自评与核算不一致 row those
/// cells then its self-score's cell, also for the indicator names that
/// occur twice (管理范围, 结果反馈, 结果应用). `aggregate` reads the same
/// back from the scored workbook. Checked by hand in
/// 示例县农业农村局2023_考核.xlsx: 评估范围 is 考核数据!B11 (3 项已评估) ÷
/// B10 (4 项须评估); 评分表!E9 holds the first 管理范围's 自评得分 (6),
/// E12 the second's (4), E14 and E18 those of the two 结果应用 (8, 5).
#[test]
fn family_problems_name_their_cells_even_for_repeated_names() {
    let sample = "示例县农业农村局2023_考核.xlsx";
    let w = Workdir::new();
    std::fs::create_dir(w.path("部门")).unwrap();
    std::fs::rename(w.sample(sample), w.path(&format!("部门/{sample}"))).unwrap();
    w.ok(&["batch", "部门", "--out", "结果", "--quiet"]);
    w.ok(&["aggregate", "结果", "--out", "汇总"]);
    for summary in ["结果/汇总.xlsx", "汇总/汇总.xlsx"] {
        let rows = read_sheet(&w.path(summary), "问题清单");
        let h = header_row(&rows);
        let (kind, source) = (column(&rows, h, "类别"), column(&rows, h, "来源单元格"));
        let (indicator, text) = (column(&rows, h, "指标"), column(&rows, h, "说明"));
        let deduction = |name: &str| -> Vec<&str> {
            rows[h + 1..]
                .iter()
                .filter(|r| r[kind] == "扣分" && r[indicator] == name)
                .map(|r| r[source].as_str())
                .collect()
        };
        assert_eq!(
            deduction("评估范围"),
            ["考核数据!B11、考核数据!B10"],
            "{summary}"
        );
        for r in &rows[h + 1..] {
            if r[kind] == "扣分" {
                assert!(r[source].starts_with("考核数据!B"), "{summary} {r:?}");
            }
        }
        let differs = |name: &str| -> Vec<&str> {
            rows[h + 1..]
                .iter()
                .filter(|r| {
                    r[kind] == "自评与核算不一致" && r[text].starts_with(&format!("「{name}」"))
                })
                .map(|r| r[source].as_str())
                .collect()
        };
        assert_eq!(
            differs("管理范围"),
            [
                "考核数据!B13、考核数据!B12、考核数据!B14、评分表!E9",
                "考核数据!B18、考核数据!B12、考核数据!B19、评分表!E12"
            ],
            "{summary}"
        );
        let applied = differs("结果应用");
        assert_eq!(applied.len(), 2, "{summary} {applied:?}");
        assert!(
            applied[0].ends_with("、评分表!E14"),
            "{summary} {applied:?}"
        );
        assert!(
            applied[1].ends_with("、评分表!E18"),
            "{summary} {applied:?}"
        );
    }
}

/// The 问题清单 of a batch of one sample, and its header row.
fn problems_of_one(sample: &str) -> (Vec<Vec<String>>, usize) {
    let w = Workdir::new();
    let root = w.path("部门");
    std::fs::create_dir(&root).unwrap();
    std::fs::rename(w.sample(sample), root.join(sample)).unwrap();
    w.run(&["batch", "部门", "--out", "结果", "--quiet"]);
    let rows = read_sheet(&w.path("结果/汇总.xlsx"), "问题清单");
    let h = header_row(&rows);
    (rows, h)
}

/// Every cell of every sheet of a workbook, as text.
fn all_text(path: &Path) -> String {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    for name in wb.sheet_names() {
        if let Ok(range) = wb.worksheet_range(&name) {
            for cell in range.used_cells() {
                text.push_str(&cell.2.to_string());
                text.push('|');
            }
        }
    }
    text
}

/// Runs a batch on `inputs` and checks that every 汇总 row's 评分结果 is a
/// file of its own holding that row's department. Returns stderr.
fn batch_outputs_match(w: &Workdir, inputs: &[&str], out: &str, rows: usize) -> String {
    let mut args = vec!["batch"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--out", out, "--quiet", "--jobs", "2"]);
    let run = w.run(&args);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    let sheet = read_sheet(&w.path(out).join("汇总.xlsx"), "汇总");
    let h = header_row(&sheet);
    let (dept, note) = (column(&sheet, h, "部门"), column(&sheet, h, "备注"));
    let body: Vec<&Vec<String>> = sheet[h + 1..]
        .iter()
        .filter(|r| !r[dept].is_empty())
        .collect();
    assert_eq!(body.len(), rows, "{body:#?}");
    let mut outputs = Vec::new();
    for row in body {
        let output = row[note]
            .split('；')
            .find_map(|p| p.strip_prefix("评分结果："))
            .unwrap_or_else(|| panic!("no 评分结果 in {}", row[note]));
        let path = w.path(out).join(output);
        assert!(
            all_text(&path).contains(&row[dept]),
            "{output} does not hold {}",
            row[dept]
        );
        outputs.push(output.to_lowercase());
    }
    outputs.sort();
    outputs.dedup();
    assert_eq!(outputs.len(), rows, "{outputs:?}");
    err
}

/// One name in several forms (`某局.xlsx`, `某局.xls`, `某局.XLSX`), and two
/// input folders of one name (`部门数据/2024`, `补报/2024`): each department
/// has its own scored workbook, and the 汇总 points at it (the review of
/// the batch found one overwritten and two rows linking one file).
#[test]
fn inputs_never_share_a_scored_workbook() {
    let w = Workdir::new();
    let one = w.path("一处");
    std::fs::create_dir_all(&one).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), one.join("某局.xlsx")).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("ningguo.xls"), one.join("某局.xls")).unwrap();
    let mut rows = 2;
    if cfg!(target_os = "linux") {
        // Names that differ in case only: one file on Windows and macOS.
        std::fs::rename(w.sample(SAMPLES[3]), one.join("某局.XLSX")).unwrap();
        rows = 3;
    }
    batch_outputs_match(&w, &["一处"], "结果1", rows);
    assert!(w.path("结果1/某局(xls)_评分.xlsx").exists());
    // Every one of them keeps its extension: none is "the" 某局_评分.xlsx.
    assert!(!w.path("结果1/某局_评分.xlsx").exists());

    for (folder, sample) in [("部门数据/2024", SAMPLES[0]), ("补报/2024", SAMPLES[2])] {
        std::fs::create_dir_all(w.path(folder)).unwrap();
        std::fs::rename(w.sample(sample), w.path(folder).join("教育局.xlsx")).unwrap();
    }
    batch_outputs_match(&w, &["部门数据/2024", "补报/2024"], "结果2", 2);
    assert!(w.path("结果2/部门数据/2024/教育局_评分.xlsx").exists());
    assert!(w.path("结果2/补报/2024/教育局_评分.xlsx").exists());
    // A folder's file and a file of the same name given by name.
    std::fs::rename(w.sample(SAMPLES[3]), w.path("教育局.xlsx")).unwrap();
    batch_outputs_match(&w, &["补报/2024", "教育局.xlsx"], "结果3", 2);
}

/// A folder and its own subfolder: each file scored once.
#[test]
fn overlapping_inputs_score_each_file_once() {
    let w = Workdir::new();
    let b4 = w.path("b4");
    std::fs::create_dir_all(b4.join("sub")).unwrap();
    std::fs::rename(w.sample(SAMPLES[0]), b4.join("a.xlsx")).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), b4.join("sub/b.xlsx")).unwrap();
    std::fs::rename(w.sample(SAMPLES[2]), b4.join("z.xlsx")).unwrap();
    let err = batch_outputs_match(&w, &["b4", "b4/sub"], "o", 3);
    assert!(err.contains("找到 3 个部门数据文件"), "{err}");
}

/// `--out` the input folder itself is refused before anything is written;
/// a folder inside it is fine.
#[test]
fn the_output_folder_cannot_be_the_input_folder() {
    let w = Workdir::new();
    let same = w.path("same");
    std::fs::create_dir_all(&same).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), same.join("某局.xlsx")).unwrap();
    let run = w.run(&["batch", "same", "--out", "same", "--quiet"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(
        err.contains("输出文件夹「same」就是要评分的文件夹"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&same).unwrap().count(), 1);
    let run = w.run(&["batch", "same", "--out", "same/结果", "--quiet"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(same.join("结果/某局_评分.xlsx").exists());
}

/// jixiao's own outputs (`…_评分.xlsx`, the `…_评分(2).xlsx` that
/// `jixiao <文件>` saves beside it, `汇总.xlsx`) are skipped, and the run says
/// which: the first five on screen, all in the log.
#[test]
fn own_outputs_are_skipped_and_named() {
    let w = Workdir::new();
    let root = w.path("数据");
    std::fs::create_dir_all(&root).unwrap();
    let input = root.join("某局.xlsx");
    std::fs::rename(w.sample(SAMPLES[1]), &input).unwrap();
    // What `jixiao <文件>` makes when dropped twice.
    for _ in 0..2 {
        let run = w.run(&[input.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
    assert!(root.join("某局_评分(2).xlsx").exists());
    let run = w.run(&["batch", "数据", "--out", "结果", "--quiet"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(err.contains("找到 1 个部门数据文件"), "{err}");
    assert!(
        err.contains("跳过 jixiao 生成的评分结果或汇总 2 个（不评分）：「某局_评分(2).xlsx」、「某局_评分.xlsx」"),
        "{err}"
    );
    // Many: five named on screen, every one in the log.
    let scored = std::fs::read(root.join("某局_评分.xlsx")).unwrap();
    for n in 3..=7 {
        std::fs::write(root.join(format!("某局_评分({n}).xlsx")), &scored).unwrap();
    }
    std::fs::write(root.join("汇总.xlsx"), &scored).unwrap();
    let run = w.run(&["batch", "数据", "--out", "结果", "--quiet"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(
        err.contains("跳过 jixiao 生成的评分结果或汇总 8 个"),
        "{err}"
    );
    assert!(err.contains("等 8 个（全部列在运行日志.txt中）"), "{err}");
    assert!(!err.contains("「汇总.xlsx」"), "{err}");
    let log = std::fs::read_to_string(w.path("结果/运行日志.txt")).unwrap();
    assert!(log.contains("  · 汇总.xlsx\n"), "{log}");
    assert!(log.contains("  · 某局_评分(7).xlsx\n"), "{log}");
}

/// Links to workbooks and to folders are followed (they were skipped
/// silently); a link that leads nowhere is listed as not scored.
#[cfg(unix)]
#[test]
fn links_are_scored_and_broken_ones_listed() {
    use std::os::unix::fs::symlink;
    let w = Workdir::new();
    let root = w.path("数据");
    let elsewhere = w.path("别处");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(elsewhere.join("子")).unwrap();
    std::fs::rename(w.sample(SAMPLES[0]), root.join("甲.xlsx")).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), elsewhere.join("乙.xlsx")).unwrap();
    std::fs::rename(w.sample(SAMPLES[2]), elsewhere.join("子/丙.xlsx")).unwrap();
    symlink(elsewhere.join("乙.xlsx"), root.join("乙.xlsx")).unwrap();
    symlink(elsewhere.join("子"), root.join("子")).unwrap();
    symlink(&root, root.join("回到上层")).unwrap();
    symlink(root.join("不存在.xlsx"), root.join("断开.xlsx")).unwrap();
    let run = w.run(&["batch", "数据", "--out", "结果", "--quiet"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("找到 3 个部门数据文件，评分 3 个，未能评分 1 个"),
        "{err}"
    );
    assert!(err.contains("断开.xlsx：这是一个链接"), "{err}");
    assert!(w.path("结果/子/丙_评分.xlsx").exists());
    let failed = read_sheet(&w.path("结果/汇总.xlsx"), "未能评分")
        .concat()
        .join("|");
    assert!(failed.contains("断开.xlsx"), "{failed}");
}

/// A subfolder nobody may read is listed as not scored; the rest is
/// scored. Permissions deny root nothing, so as root (as in CI) this test
/// checks nothing and says so: discovery's unit test
/// `an_unreadable_subfolder_is_listed_and_the_rest_found` covers the walk,
/// and `links_are_scored_and_broken_ones_listed` the way such failures
/// reach the 汇总.
#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_does_not_stop_the_batch() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workdir::new();
    let root = w.path("in2");
    std::fs::create_dir_all(root.join("锁")).unwrap();
    std::fs::rename(w.sample(SAMPLES[0]), root.join("甲.xlsx")).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), root.join("锁/乙.xlsx")).unwrap();
    std::fs::set_permissions(root.join("锁"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(root.join("锁")).is_ok() {
        // Running as root: nothing to check here (see above).
        return;
    }
    let run = w.run(&["batch", "in2", "--out", "结果", "--quiet"]);
    std::fs::set_permissions(root.join("锁"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("评分 1 个，未能评分 1 个"), "{err}");
    assert!(err.contains("锁/：无法读取这个文件夹"), "{err}");
}

/// What a re-run must never remove (the review of the re-run removal):
/// results of another batch sharing the output folder, and results of a
/// folder link that no longer resolves (an unmounted share: said, exit 1).
#[cfg(unix)]
#[test]
fn a_rerun_keeps_what_it_cannot_know_is_stale() {
    let w = Workdir::new();
    let (a, b, share) = (w.path("县直"), w.path("乡镇"), w.path("共享"));
    for d in [&a, &b, &share] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::rename(w.sample(SAMPLES[0]), a.join(SAMPLES[0])).unwrap();
    std::fs::rename(w.sample(SAMPLES[3]), b.join(SAMPLES[3])).unwrap();
    std::fs::rename(w.sample(SAMPLES[1]), share.join(SAMPLES[1])).unwrap();
    std::os::unix::fs::symlink(&share, a.join("链接")).unwrap();
    let out = w.path("结果");
    let batch = |input: &Path| {
        w.run(&[
            "batch",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
    };
    let first = batch(&a);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let linked = out.join("链接/桃江县医疗保障局2019_评分.xlsx");
    assert!(linked.exists());
    // The share goes away: its department is not silently dropped, and
    // its result stays.
    std::fs::rename(&share, w.path("共享-已卸载")).unwrap();
    let second = batch(&a);
    let said = stderr(&second);
    assert_eq!(second.status.code(), Some(1), "{said}");
    assert!(
        said.contains("链接：这是一个链接（快捷方式），它指向的文件夹或文件无法读取"),
        "{said}"
    );
    assert!(
        said.contains("有 1 个上次的评分结果位于本次无法读取的文件夹中，未删除"),
        "{said}"
    );
    assert!(linked.exists());
    // The share is back without that department: the kept result, listed
    // for the next run by the last one, goes now.
    std::fs::rename(w.path("共享-已卸载"), &share).unwrap();
    std::fs::remove_file(share.join(SAMPLES[1])).unwrap();
    let third = batch(&a);
    let said = stderr(&third);
    assert_eq!(third.status.code(), Some(0), "{said}");
    assert!(
        said.contains("已删除上次运行留下、本次未再生成的评分结果 1 个"),
        "{said}"
    );
    assert!(!linked.exists());
    // Another batch into the same folder removes nothing of the first's.
    let other = batch(&b);
    let said = stderr(&other);
    assert_eq!(other.status.code(), Some(0), "{said}");
    assert!(out.join("宁国市医疗保障局2020_评分.xlsx").exists());
    assert!(
        said.contains("输出文件夹中有上次运行（输入文件夹与本次不同）的评分结果 1 个，未删除"),
        "{said}"
    );
}

/// A file name with a line break (possible on Linux and macOS) stays on one
/// line of the on-screen failure list and of the log.
#[cfg(unix)]
#[test]
fn a_line_break_in_a_file_name_stays_on_one_line() {
    let w = Workdir::new();
    let root = w.path("部门");
    std::fs::create_dir(&root).unwrap();
    std::fs::rename(w.sample(SAMPLES[0]), root.join(SAMPLES[0])).unwrap();
    std::fs::write(root.join("坏\n文件.xlsx"), b"not a workbook").unwrap();
    let out = w.path("结果");
    let run = w.run(&[
        "batch",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let said = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert!(
        said.lines()
            .any(|l| l.starts_with("  · 坏\u{FFFD}文件.xlsx：")),
        "{said}"
    );
    let log = std::fs::read_to_string(out.join("运行日志.txt")).unwrap();
    assert!(
        log.lines()
            .any(|l| l.starts_with("坏\u{FFFD}文件.xlsx\t未能评分")),
        "{log}"
    );
}

/// A 0-byte file and a CSV (GBK, as many systems export their "xls")
/// renamed .xlsx are each listed in 未能评分 with their own reason, not as
/// "not a spreadsheet"; a department beside them is scored.
#[test]
fn empty_and_text_files_get_their_own_reasons() {
    let w = Workdir::new();
    let root = w.path("部门");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::rename(w.sample(SAMPLES[3]), root.join(SAMPLES[3])).unwrap();
    std::fs::write(root.join("空文件.xlsx"), b"").unwrap();
    // "编制数,38\r\n在职人数,40\r\n" in GBK.
    std::fs::write(
        root.join("导出.xlsx"),
        b"\xb1\xe0\xd6\xc6\xca\xfd,38\r\n\xd4\xda\xd6\xb0\xc8\xcb\xca\xfd,40\r\n",
    )
    .unwrap();
    let out = w.path("结果");
    let run = w.run(&[
        "batch",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("汇总.json")).unwrap()).unwrap();
    let failures: Vec<(String, String)> = summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        failures,
        [
            (
                "导出.xlsx".to_string(),
                format!(
                    "文件「{}」实为CSV 或纯文本格式，并非真正的 Excel 文件：请在 Excel 或 WPS 中打开后“另存为” .xlsx 再试",
                    root.join("导出.xlsx").display()
                )
            ),
            (
                "空文件.xlsx".to_string(),
                format!(
                    "文件「{}」是空文件（0 字节），可能是复制或下载时中断：请报送单位重新发送",
                    root.join("空文件.xlsx").display()
                )
            ),
        ]
    );
    // The same rows in the 汇总's 未能评分 sheet.
    let text = read_sheet(&out.join("汇总.xlsx"), "未能评分")
        .concat()
        .join("|");
    assert!(
        text.contains("导出.xlsx|") && text.contains("实为CSV 或纯文本格式"),
        "{text}"
    );
    assert!(
        text.contains("空文件.xlsx|") && text.contains("是空文件（0 字节）"),
        "{text}"
    );
    assert_eq!(summary["departments"].as_array().map(Vec::len), Some(1));
}

/// Every file under `dir`, relative, as text.
#[cfg(unix)]
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// Starts `jixiao batch` over `departments` generated departments, waits
/// until it has written a scored workbook, sends it `signal`, and checks
/// what a stopped batch leaves: exit 130, one 已中断 line, no 汇总, 运行记录
/// or 运行日志 of this run, no temp file, and complete scored workbooks
/// only. Returns its stderr.
#[cfg(unix)]
fn interrupt_a_batch(
    w: &Workdir,
    departments: usize,
    signal: &str,
    extra: &[&str],
    before: &[(&str, &[u8])],
) -> String {
    use std::time::{Duration, Instant};
    let input = w.path("部门");
    crate::bench::departments::write_synth(departments, &input).unwrap();
    let out = w.path("结果");
    std::fs::create_dir_all(&out).unwrap();
    for (name, bytes) in before {
        std::fs::write(out.join(name), bytes).unwrap();
    }
    // stderr to a file: a pipe nobody reads would fill up and stall it.
    let err_path = w.path("stderr.txt");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jixiao"))
        .args([
            "batch",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--jobs", "2"])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let scored = || {
        files_under(&out)
            .into_iter()
            .filter(|f| f.ends_with("_评分.xlsx"))
            .count()
    };
    let start = Instant::now();
    while scored() == 0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before any workbook was seen"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no workbook after 120 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    let err = std::fs::read_to_string(&err_path).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    let files = files_under(&out);
    let workbooks: Vec<&String> = files.iter().filter(|f| f.ends_with("_评分.xlsx")).collect();
    assert!(
        workbooks.len() < departments,
        "the batch finished before the signal: use more departments"
    );
    let last = err.lines().last().unwrap_or_default();
    let n: usize = last
        .strip_prefix("已中断：已评分 ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        last.contains(&format!(
            "的评分工作簿保留在「{}」，未生成汇总",
            out.display()
        )) && last.ends_with("；重新运行即可完成"),
        "{err}"
    );
    assert_eq!(err.matches("已中断").count(), 1, "{err}");
    // Counted from the answers, also those written but not yet read when
    // the workers were stopped: only a worker stopped between putting a
    // workbook in place and answering (one per worker, 2 here) is not.
    assert!(
        n <= workbooks.len() && workbooks.len() <= n + 2,
        "{n} vs {}",
        workbooks.len()
    );
    // No 汇总, 运行记录 or 运行日志 of this run, no temp or spill file.
    let others: Vec<&String> = files
        .iter()
        .filter(|f| !f.ends_with("_评分.xlsx") && !before.iter().any(|(b, _)| f == b))
        .collect();
    assert!(others.is_empty(), "{others:?}");
    for (name, bytes) in before {
        assert_eq!(&std::fs::read(out.join(name)).unwrap(), bytes, "{name}");
    }
    // Every scored workbook left is complete.
    for f in workbooks {
        let rows = read_sheet(&out.join(f), "评分表");
        assert!(rows.len() > 10, "{f}: {rows:?}");
    }
    err
}

/// Ctrl-C during a batch (issue: interrupting left hidden temp files and
/// said nothing): it stops at once, writes no 汇总 and says so.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_batch_cleanly() {
    let w = Workdir::new();
    let err = interrupt_a_batch(&w, 400, "-INT", &[], &[]);
    pin_interrupted("batch_interrupted", &w, err.lines().last().unwrap());
}

/// Pins the 已中断 line, the number of departments scored left out.
#[cfg(unix)]
fn pin_interrupted(name: &str, w: &Workdir, line: &str) {
    crate::snapshots::redacting_temp(w, || {
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(r"已评分 \d+ 个", "已评分 [N] 个");
        settings.bind(|| insta::assert_snapshot!(name, line));
    });
}

/// SIGTERM (a scheduler stopping the run) does the same, with --quiet
/// too; the previous run's 汇总 and 运行记录 stay as they were.
#[cfg(unix)]
#[test]
fn sigterm_stops_a_quiet_batch_and_keeps_the_previous_summary() {
    let w = Workdir::new();
    let err = interrupt_a_batch(
        &w,
        400,
        "-TERM",
        &["--quiet"],
        &[
            ("汇总.xlsx", b"last run".as_slice()),
            ("运行记录.json", b"{}".as_slice()),
        ],
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    pin_interrupted("batch_interrupted_keeps_previous", &w, &err);
}

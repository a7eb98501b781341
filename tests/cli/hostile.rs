//! Issue 11: broken and hostile inputs, generated here (nothing big is
//! committed). Each gives its documented exit code and a Chinese message
//! naming what is wrong, with no panic (101) or abort (a signal), within
//! 10 seconds and 1 GB of memory, and no stray or partial output; then
//! `batch` over all the bad department files plus the good samples scores
//! the good ones and lists every bad one.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::{Workdir, one_row_rubric as rubric, read_sheet, write_workbook};

/// One hostile case: the command, the exit code, words the message holds.
struct Case {
    name: &'static str,
    args: Vec<String>,
    code: i32,
    words: Vec<&'static str>,
}

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

/// Runs jixiao under a 1 GB address-space limit (Unix), timed.
fn run_limited(w: &Workdir, args: &[String]) -> (Option<i32>, String, String, Duration) {
    let bin = assert_cmd::cargo::cargo_bin("jixiao");
    let start = Instant::now();
    let mut cmd = if cfg!(unix) {
        let mut c = std::process::Command::new("sh");
        c.arg("-c")
            .arg("ulimit -v 1048576; exec \"$0\" \"$@\"")
            .arg(&bin)
            .args(args);
        c
    } else {
        let mut c = std::process::Command::new(&bin);
        c.args(args);
        c
    };
    let out = cmd
        .current_dir(w.dir.path())
        .env_remove("JIXIAO_DEBUG")
        .output()
        .expect("jixiao runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

fn zip_of(path: &Path, members: &[(&str, &[u8])]) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A minimal .xlsx whose one sheet has the given `<sheetData>` body and an
/// optional shared-strings part.
fn xlsx(path: &Path, sheet_data: &str, shared: Option<&[u8]>) {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="基本情况" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wb_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut members: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(shared) = shared {
        members.push(("xl/sharedStrings.xml", shared));
    }
    zip_of(path, &members);
}

/// The bad department files, each with the words its reason must hold.
fn bad_departments(dir: &Path, good: &[u8]) -> Vec<(PathBuf, Vec<&'static str>)> {
    let mut out: Vec<(PathBuf, Vec<&'static str>)> = Vec::new();
    let mut add = |name: &str, words: Vec<&'static str>| {
        out.push((dir.join(name), words));
    };
    std::fs::write(dir.join("空文件.xlsx"), b"").unwrap();
    add("空文件.xlsx", vec!["空文件.xlsx", "0 字节"]);
    let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.join("乱码.xlsx"), &noise).unwrap();
    add("乱码.xlsx", vec!["乱码.xlsx", "不是可识别的电子表格"]);
    std::fs::write(dir.join("文本.xlsx"), "编制数,38\n在职人数,40\n").unwrap();
    add("文本.xlsx", vec!["文本.xlsx", "CSV 或纯文本", "另存为"]);
    std::fs::write(
        dir.join("网页.xls"),
        "<html><body><table><tr><td>编制数</td><td>38</td></tr></table></body></html>",
    )
    .unwrap();
    add("网页.xls", vec!["网页.xls", "网页（HTML）", "另存为"]);
    std::fs::write(
        dir.join("旧XML.xls"),
        "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>",
    )
    .unwrap();
    add("旧XML.xls", vec!["旧XML.xls", "XML"]);
    std::fs::write(dir.join("截断.xlsx"), &good[..good.len() / 3]).unwrap();
    add("截断.xlsx", vec!["截断.xlsx", "已损坏"]);
    std::fs::write(dir.join("只有开头.xlsx"), &good[..100]).unwrap();
    add("只有开头.xlsx", vec!["只有开头.xlsx", "已损坏"]);
    zip_of(
        &dir.join("空压缩包.xlsx"),
        &[("说明.txt", "不是表格".as_bytes())],
    );
    add("空压缩包.xlsx", vec!["空压缩包.xlsx", "已损坏"]);
    xlsx(
        &dir.join("远处单元格.xlsx"),
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>编制数</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        None,
    );
    add("远处单元格.xlsx", vec!["基本情况", "XFD1048576"]);
    xlsx(
        &dir.join("大网格.xlsx"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="100000"><c r="ALL100000"><v>1</v></c></row>"#,
        None,
    );
    add("大网格.xlsx", vec!["基本情况", "ALL100000"]);
    // A reference longer than Excel's: calamine reads it (and aborted on
    // the grid it implies); the size check used to ignore it.
    xlsx(
        &dir.join("超长引用.xlsx"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="99999999"><c r="A99999999"><v>1</v></c></row>"#,
        None,
    );
    add("超长引用.xlsx", vec!["基本情况", "超过可读取的范围"]);
    xlsx(
        &dir.join("虚报尺寸.xlsx"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        None,
    );
    // Rewrite its dimension to claim the whole sheet.
    {
        let sheet = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;
        let bytes = std::fs::read(dir.join("虚报尺寸.xlsx")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut members: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..zip.len() {
            use std::io::Read;
            let mut m = zip.by_index(i).unwrap();
            let name = m.name().unwrap().to_string();
            let mut data = Vec::new();
            m.read_to_end(&mut data).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                data = sheet.as_bytes().to_vec();
            }
            members.push((name, data));
        }
        let refs: Vec<(&str, &[u8])> = members
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        zip_of(&dir.join("虚报尺寸.xlsx"), &refs);
    }
    add("虚报尺寸.xlsx", vec!["基本情况", "XFD1048576"]);
    // 60 MB of one string: a few dozen KB compressed.
    let mut shared = b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>".to_vec();
    shared.extend(std::iter::repeat_n(b'A', 60 * 1024 * 1024));
    shared.extend_from_slice(b"</t></si></sst>");
    xlsx(
        &dir.join("巨大字符串.xlsx"),
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        Some(&shared),
    );
    add("巨大字符串.xlsx", vec!["sharedStrings", "50 MB"]);
    std::fs::create_dir_all(dir.join("假文件.xlsx")).unwrap();
    let encrypted = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encrypted.xlsx");
    std::fs::copy(encrypted, dir.join("加密.xlsx")).unwrap();
    add("加密.xlsx", vec!["加密.xlsx", "密码"]);
    write_workbook(&dir.join("空表.xlsx"), &[("Sheet1", &[])]);
    add("空表.xlsx", vec!["空表.xlsx", "未读取到任何部门数据"]);
    write_workbook(
        &dir.join("无关内容.xlsx"),
        &[("会议记录", &[(0, 0, "今天开会"), (1, 0, "讨论了三件事")])],
    );
    add(
        "无关内容.xlsx",
        vec!["无关内容.xlsx", "未读取到任何部门数据"],
    );
    // .ods: a few bytes of repeats over a value expand to 10 million cells.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="基本情况"><table:table-row><table:table-cell office:value-type="string"><text:p>编制数</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="10000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(
        &dir.join("重复行.ods"),
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
            ),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ],
    );
    add("重复行.ods", vec!["基本情况", "ALL10001"]);
    // .xls: the 宁国 fixture with each sheet's DIMENSIONS claiming 4 billion
    // rows (calamine reserves room for all of them).
    {
        use std::io::{Read, Write};
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ningguo.xls");
        let target = dir.join("虚报尺寸.xls");
        std::fs::copy(&fixture, &target).unwrap();
        let mut file = cfb::open_rw(&target).unwrap();
        let mut data = Vec::new();
        file.open_stream("/Workbook")
            .unwrap()
            .read_to_end(&mut data)
            .unwrap();
        let mut pos = 0;
        let mut forged = 0;
        while pos + 4 <= data.len() {
            let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
            let len = usize::from(u16::from_le_bytes([data[pos + 2], data[pos + 3]]));
            if typ == 0x0200 && len == 14 {
                data[pos + 8..pos + 12].copy_from_slice(&u32::MAX.to_le_bytes());
                forged += 1;
            }
            pos += 4 + len;
        }
        assert!(forged > 0, "the fixture has DIMENSIONS records");
        let mut stream = file.create_stream("/Workbook").unwrap();
        stream.write_all(&data).unwrap();
        stream.flush().unwrap();
    }
    add("虚报尺寸.xls", vec!["虚报尺寸.xls", "超过可读取的范围"]);
    // Found by the workbook fuzz target (issue 11): a mutated .xls on which
    // calamine panics in its defined-name parser (an overflow in debug, a
    // slice out of range in release); caught and reported as corrupt.
    let fuzzed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-xls-name-overflow.xls");
    std::fs::copy(fuzzed, dir.join("模糊测试.xls")).unwrap();
    add("模糊测试.xls", vec!["模糊测试.xls", "已损坏"]);
    // Also found by fuzzing: a sector chain that calamine's own compound-file
    // reader slices out of range.
    let fuzzed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-xls-cfb-chain.xls");
    std::fs::copy(fuzzed, dir.join("模糊测试2.xls")).unwrap();
    add("模糊测试2.xls", vec!["模糊测试2.xls", "已损坏"]);
    // Found by fuzzing too: a compound file with a FAT longer than the file
    // and a DIMENSIONS of 41 million rows. calamine read it (the `cfb`
    // crate does not) and reserved 26 GB: it aborted the process.
    let fuzzed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-xls-lenient-fat.xls");
    std::fs::copy(fuzzed, dir.join("模糊测试3.xls")).unwrap();
    add("模糊测试3.xls", vec!["模糊测试3.xls", "复合文档结构已损坏"]);
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend(std::iter::repeat_n(0u8, 2000));
    std::fs::write(dir.join("坏旧格式.xls"), &cfb).unwrap();
    add("坏旧格式.xls", vec!["坏旧格式.xls"]);
    out
}

#[test]
fn hostile_inputs_give_clear_messages_and_batch_survives_them() {
    let w = Workdir::new();
    let bad_dir = w.path("各单位");
    std::fs::create_dir_all(&bad_dir).unwrap();
    let good_sample = w.sample("示例县统计局2023.xlsx");
    let good = std::fs::read(&good_sample).unwrap();
    let bad = bad_departments(&bad_dir, &good);
    let mut cases: Vec<Case> = Vec::new();
    for (path, words) in &bad {
        cases.push(Case {
            name: "bad department",
            args: vec![
                "score".into(),
                s(path),
                "--out".into(),
                s(&w.path("不应生成.xlsx")),
            ],
            code: 1,
            words: words.clone(),
        });
    }
    let score = |extra: &[String]| -> Vec<String> {
        let mut a = vec!["score".to_string(), s(&good_sample)];
        a.extend_from_slice(extra);
        a
    };
    cases.push(Case {
        name: "folder as input",
        args: vec!["score".into(), s(&bad_dir.join("假文件.xlsx"))],
        code: 1,
        words: vec!["假文件.xlsx", "文件夹"],
    });
    cases.push(Case {
        name: "missing input",
        args: vec!["check".into(), "不存在.xlsx".into()],
        code: 1,
        words: vec!["不存在.xlsx", "不存在"],
    });
    #[cfg(unix)]
    {
        let fifo = w.path("管道.xlsx");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|st| st.success())
        {
            cases.push(Case {
                name: "fifo input",
                args: vec!["check".into(), s(&fifo)],
                code: 1,
                words: vec!["管道.xlsx", "管道或设备"],
            });
            let fifo_cfg = w.path("管道.toml");
            std::process::Command::new("mkfifo")
                .arg(&fifo_cfg)
                .status()
                .unwrap();
            cases.push(Case {
                name: "fifo config",
                args: score(&[
                    "--config".into(),
                    s(&fifo_cfg),
                    "--out".into(),
                    "c1.xlsx".into(),
                ]),
                code: 2,
                words: vec!["管道.toml", "不是普通文件"],
            });
            let fifo_rubric = w.path("管道评分表.xlsx");
            std::process::Command::new("mkfifo")
                .arg(&fifo_rubric)
                .status()
                .unwrap();
            cases.push(Case {
                name: "fifo rubric",
                args: score(&[
                    "--rubric".into(),
                    s(&fifo_rubric),
                    "--out".into(),
                    "c2.xlsx".into(),
                ]),
                code: 2,
                words: vec!["管道评分表.xlsx", "管道或设备"],
            });
        }
    }
    for (file, points, standard, words) in [
        (
            "负分值.xlsx",
            "-5",
            "≤100%计5分",
            vec!["负分值.xlsx", "评分表!C2", "-5"],
        ),
        (
            "零分值.xlsx",
            "0",
            "≤100%计5分",
            vec!["零分值.xlsx", "评分表!C2"],
        ),
        (
            "千分.xlsx",
            "1000.5",
            "≤100%计5分",
            vec!["千分.xlsx", "评分表!C2"],
        ),
        (
            "超大分值.xlsx",
            "79,228,162,514,264,337,593,543,950,335",
            "≤100%计5分",
            vec!["超大分值.xlsx", "评分表!C2", "超出可计算范围"],
        ),
    ] {
        let path = w.path(file);
        rubric(&path, points, standard);
        cases.push(Case {
            name: "bad rubric points",
            args: score(&[
                "--rubric".into(),
                s(&path),
                "--out".into(),
                format!("{file}.out.xlsx"),
            ]),
            code: 2,
            words,
        });
    }
    let no_header = w.path("无表头.xlsx");
    write_workbook(
        &no_header,
        &[("评分表", &[(0, 0, "随便写的"), (1, 0, "内容")])],
    );
    cases.push(Case {
        name: "rubric without header",
        args: score(&[
            "--rubric".into(),
            s(&no_header),
            "--out".into(),
            "r1.xlsx".into(),
        ]),
        code: 2,
        words: vec!["无表头.xlsx", "找不到评分表的表头"],
    });
    let no_rows = w.path("无指标行.xlsx");
    write_workbook(
        &no_rows,
        &[(
            "评分表",
            &[(0, 0, "三级指标"), (0, 1, "分值"), (0, 2, "评分标准")],
        )],
    );
    cases.push(Case {
        name: "rubric without rows",
        args: score(&[
            "--rubric".into(),
            s(&no_rows),
            "--out".into(),
            "r2.xlsx".into(),
        ]),
        code: 2,
        words: vec!["无指标行.xlsx", "没有任何带分值的指标行"],
    });
    cases.push(Case {
        name: "missing rubric",
        args: score(&[
            "--rubric".into(),
            "没有的评分表.xlsx".into(),
            "--out".into(),
            "r3.xlsx".into(),
        ]),
        code: 2,
        words: vec!["没有的评分表.xlsx"],
    });
    let long_rule = w.path("超长规则.xlsx");
    rubric(
        &long_rule,
        "5",
        &"在职人员控制率≤100%，计5分。".repeat(1_900),
    );
    cases.push(Case {
        name: "rule text near the cell limit",
        args: score(&[
            "--rubric".into(),
            s(&long_rule),
            "--out".into(),
            "r4.xlsx".into(),
        ]),
        code: 0,
        words: vec!["已生成"],
    });
    for (file, text, words) in [
        (
            "未知键.toml",
            "[score]\nnot-a-key = 1\n",
            vec!["未知键.toml", "第2行"],
        ),
        ("坏语法.toml", "[score\n", vec!["坏语法.toml", "第1行"]),
        (
            "坏等级.toml",
            "[grade]\npreset = \"abc\"\n",
            vec!["坏等级.toml", "abc"],
        ),
        (
            "坏指标.toml",
            "[[indicator]]\nname = \"预算完成率\"\nmetric = \"no_such\"\n",
            vec!["坏指标.toml", "no_such"],
        ),
    ] {
        let path = w.path(file);
        std::fs::write(&path, text).unwrap();
        cases.push(Case {
            name: "bad config",
            args: score(&[
                "--config".into(),
                s(&path),
                "--out".into(),
                format!("{file}.xlsx"),
            ]),
            code: 2,
            words,
        });
    }
    let bad_profile = w.path("坏别名.toml");
    std::fs::write(&bad_profile, "[fact.no_such_fact]\nlabels = [\"x\"]\n").unwrap();
    cases.push(Case {
        name: "bad profile",
        args: vec![
            "check".into(),
            s(&good_sample),
            "--profile".into(),
            s(&bad_profile),
        ],
        code: 2,
        words: vec!["坏别名.toml", "no_such_fact"],
    });
    cases.push(Case {
        name: "output is the input",
        args: score(&["--out".into(), s(&good_sample), "--force".into()]),
        code: 2,
        words: vec!["就是输入文件"],
    });
    std::fs::write(w.path("已存在.xlsx"), b"keep").unwrap();
    cases.push(Case {
        name: "output exists",
        args: score(&["--out".into(), s(&w.path("已存在.xlsx"))]),
        code: 2,
        words: vec!["已存在", "--force"],
    });
    for (max, value, code) in [("-1", "85%", 2), ("5", "很多", 2), ("abc", "1", 2)] {
        cases.push(Case {
            name: "bad rule arguments",
            args: vec![
                "rule".into(),
                "≥90%计5分".into(),
                format!("--max={max}"),
                format!("--value={value}"),
            ],
            code,
            words: vec!["「"],
        });
    }
    // Department values at the limits: scored, the metric 无法计算.
    let huge = w.path("巨大数值.xlsx");
    write_workbook(
        &huge,
        &[
            (
                "基本情况",
                &[
                    (0, 0, "单位名称"),
                    (0, 1, "\u{1b}[2J某局\u{0}"),
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
    cases.push(Case {
        name: "values at the limits of Decimal, control characters in the name",
        args: vec![
            "score".into(),
            s(&huge),
            "--out".into(),
            "limits.xlsx".into(),
        ],
        code: 0,
        words: vec!["已生成", "�[2J某局�"],
    });
    let injection = w.path("公式注入.xlsx");
    write_workbook(
        &injection,
        &[(
            "基本情况",
            &[
                (0, 0, "单位名称"),
                (0, 1, "=cmd|' /C calc'!A0"),
                (1, 0, "编制数（人）"),
                (1, 1, "40"),
                (2, 0, "在职人员数（人）"),
                (2, 1, "38"),
            ],
        )],
    );
    cases.push(Case {
        name: "formula injection in a name",
        args: vec![
            "score".into(),
            s(&injection),
            "--out".into(),
            "inj.xlsx".into(),
        ],
        code: 0,
        words: vec!["已生成"],
    });

    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    // Every message a refused input gets, pinned: a changed sentence is a
    // reviewed diff (issue 11).
    let mut messages = String::new();
    for case in &cases {
        let (code, stdout, stderr, took) = run_limited(&w, &case.args);
        if case.code != 0 {
            let shown: Vec<String> = case
                .args
                .iter()
                .map(|a| {
                    Path::new(a)
                        .file_name()
                        .map_or_else(|| a.clone(), |n| n.to_string_lossy().into_owned())
                })
                .collect();
            messages.push_str(&format!(
                "## {} — jixiao {} → exit {}\n{}\n",
                case.name,
                shown.join(" "),
                code.map_or("signal".to_string(), |c| c.to_string()),
                stderr.trim_end()
            ));
        }
        let text = format!("{stdout}{stderr}");
        let ok = code == Some(case.code)
            && case.words.iter().all(|word| text.contains(word))
            && !text.contains("panicked")
            && !text.contains('\u{1b}')
            && took < Duration::from_secs(10);
        if !ok {
            failures.push(format!(
                "{} {:?}: exit {code:?} (want {}), {took:?}\n{text}",
                case.name, case.args, case.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
    crate::snapshots::redacting_temp(&w, || {
        insta::assert_snapshot!("hostile_messages", messages);
    });
    // No stray or partial output from the failed runs.
    assert!(!w.path("不应生成.xlsx").exists());
    let leftovers: Vec<String> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(std::fs::read(w.path("已存在.xlsx")).unwrap(), b"keep");
    // Formula injection stays text in the output.
    let rows = read_sheet(&w.path("inj.xlsx"), "评分汇总");
    assert!(rows.concat().iter().any(|c| c == "=cmd|' /C calc'!A0"));

    // Batch over all bad department files plus two good samples.
    std::fs::copy(&good_sample, bad_dir.join("示例县统计局2023.xlsx")).unwrap();
    std::fs::copy(
        w.sample("桃江县医疗保障局2019.xlsx"),
        bad_dir.join("桃江县医疗保障局2019.xlsx"),
    )
    .unwrap();
    let out = w.path("批量结果");
    let (code, _, stderr, took) = run_limited(
        &w,
        &[
            "batch".into(),
            s(&bad_dir),
            "--out".into(),
            s(&out),
            "--quiet".into(),
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(took < Duration::from_secs(60), "{took:?}");
    let failed = read_sheet(&out.join("汇总.xlsx"), "未能评分")
        .concat()
        .join("|");
    for (path, _) in &bad {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            failed.contains(name.as_ref()),
            "{name} not listed: {failed}"
        );
    }
    assert!(out.join("示例县统计局2023_评分.xlsx").exists());
    assert!(out.join("桃江县医疗保障局2019_评分.xlsx").exists());
}

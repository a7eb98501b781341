//! Rebuilds `sample_workbooks/`: four department workbooks in the standard
//! template and the seed localities' rubrics.
//!
//! Run with `cargo run --example make_samples`. Figures from the seed
//! documents are marked as such in each workbook's 说明 sheet; the others
//! are plausible values chosen for the sample, and are said to be.
//!
//! `cargo run --release --example make_samples -- --bench N DIR` instead
//! writes N workbooks `DIR/基准单位001.xlsx`… for timing runs (see
//! `docs/benchmark.md`): the four samples in turn, their figures scaled by a
//! fixed formula of the index, so the same N always gives the same files.
// A developer tool over fixed sample figures: a bad constant may panic.
#![allow(clippy::expect_used, clippy::unwrap_used)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::path::Path;

use indexmap::IndexMap;
use jixiao::profile::{Profile, TemplateLayout};
use jixiao::report::template::{RubricSheet, TemplateValues, Value, department_workbook};
use jixiao::rubric::Rubric;
use jixiao::rubric::default::default_rubric;
use rust_decimal::Decimal;

mod rubrics;

fn d(s: &str) -> Decimal {
    s.parse().expect("sample figures are valid decimals")
}

fn n(s: &str) -> Value {
    Value::Number(d(s))
}

fn pct(s: &str) -> Value {
    Value::Percent(d(s))
}

fn row(values: &[&str]) -> Vec<Option<Decimal>> {
    values
        .iter()
        .map(|v| if v.is_empty() { None } else { Some(d(v)) })
        .collect()
}

struct Sample {
    file: &'static str,
    values: TemplateValues,
    /// The locality's own rubric, filled in by the department (None: the default rubric).
    rubric: Option<rubrics::Sheet>,
}

fn fields(pairs: &[(&str, Value)]) -> IndexMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

fn tables(rows: &[(&str, &str, &[&str])]) -> IndexMap<(String, String), Vec<Option<Decimal>>> {
    rows.iter()
        .map(|(sheet, label, v)| (((*sheet).to_string(), (*label).to_string()), row(v)))
        .collect()
}

/// Self-scores: every default-rubric row at full marks except those listed.
fn self_scores(except: &[(&str, &str)]) -> IndexMap<String, Decimal> {
    default_rubric()
        .rows
        .iter()
        .map(|r| {
            let v = except
                .iter()
                .find(|(n, _)| *n == r.name)
                .map_or(r.max, |(_, v)| d(v));
            (r.name.clone(), v)
        })
        .collect()
}

/// The field labels of a template sheet laid out as fields.
fn template_fields(sheet_name: &str) -> Vec<&'static str> {
    /// The built-in profile, whose template the samples fill.
    static PROFILE: std::sync::LazyLock<Profile> = std::sync::LazyLock::new(Profile::builtin);
    PROFILE
        .template()
        .iter()
        .find_map(|sheet| match &sheet.layout {
            TemplateLayout::Fields(labels) if sheet.name == sheet_name => {
                Some(labels.iter().map(String::as_str).collect())
            }
            _ => None,
        })
        .expect("the template has this fields sheet")
}

/// The 其他财务数据 fields of the template, in its order, with sample values.
fn other_fields(v: [&str; 14]) -> Vec<(&'static str, Value)> {
    let labels = template_fields("其他财务数据");
    assert_eq!(
        labels.len(),
        v.len(),
        "one sample value per 其他财务数据 field"
    );
    labels
        .iter()
        .zip(v)
        .map(|(l, v)| {
            (
                *l,
                if l.contains("进度") && !l.contains("专项") {
                    pct(v)
                } else {
                    n(v)
                },
            )
        })
        .collect()
}

fn taojiang() -> Sample {
    let mut f = vec![
        ("单位名称", Value::Text("桃江县医疗保障局".into())),
        ("评价年度", n("2019")),
        ("编制数（人）", n("38")),
        ("在职人员数（人）", n("37")),
        ("上年在职人员数（人）", n("30")),
        ("服务对象满意度", pct("0.92")),
    ];
    f.extend(other_fields([
        "0", "54.58", "30", "25", "23.8", "186.4", "180.2", "1", "0.9754", "120.5", "98.3", "45.2",
        "43.9", "0",
    ]));
    f.extend([
        ("计划工作数", n("10")),
        ("实际完成工作数", n("10")),
        ("及时完成工作数", n("10")),
        ("质量达标工作数", n("10")),
        ("重点工作交办数", n("4")),
        ("重点工作办结数", n("4")),
    ]);
    Sample {
        rubric: Some(rubrics::taojiang()),
        file: "桃江县医疗保障局2019.xlsx",
        values: TemplateValues {
            fields: fields(&f),
            tables: tables(&[
                ("预算执行", "支出合计", &["2217.94", "2217.94", "2163.36", "1320.1"]),
                ("预算执行", "基本支出", &["758.65", "758.65", "742.3", "520.1"]),
                ("预算执行", "其中：人员经费", &["612.4", "612.4", "608.85", "430"]),
                ("预算执行", "其中：公用经费", &["146.25", "146.25", "133.45", "90.1"]),
                ("预算执行", "项目支出", &["1459.29", "1459.29", "1421.06", "800"]),
                ("预算执行", "其中：重点项目支出", &["969.83", "969.83", "960.12", ""]),
                ("三公经费", "合计", &["98701", "98701", "54666", "54666"]),
                ("三公经费", "因公出国（境）费", &["0", "0", "0", "0"]),
                ("三公经费", "公务用车购置及运行费", &["0", "0", "0", "0"]),
                ("三公经费", "公务接待费", &["98701", "98701", "54666", "54666"]),
            ]),
            self_scores: IndexMap::new(),
            notes: vec![
                "本文件为 jixiao 示例数据，由 cargo run --example make_samples 生成。".into(),
                "取自桃江县医疗保障局2019年度部门整体支出绩效评价报告（种子文档004）的数据：编制数38人、在职人数37人；“三公经费”本年98701元、上年54666元（均为公务接待费）；基本支出计划758.65万元；项目支出1459.29万元，其中医保基金项目969.83万元（作为重点项目支出）；“评分表”工作表为该县评分表原样（含分项评价要点和自评得分：社会效益4分，其余满分，合计99分）。".into(),
                "报告未给出的数据（执行数、上年数、结转结余、政府采购、固定资产、支付进度、一般性支出、公务卡、工作任务数、满意度、上年在职人数）为示例填写的合理数值，并非该单位真实数据。".into(),
            ],
            ..TemplateValues::default()
        },
    }
}

fn ningguo() -> Sample {
    let mut f = vec![
        ("单位名称", Value::Text("宁国市医疗保障局".into())),
        ("评价年度", n("2020")),
        ("编制数（人）", n("22")),
        ("在职人员数（人）", n("21")),
        ("上年在职人员数（人）", n("20")),
        ("服务对象满意度", pct("0.93")),
    ];
    f.extend(other_fields([
        "120", "15.2", "20", "30", "22.5", "95", "95", "0.9", "0.92", "32.6", "33.1", "18.4",
        "18.4", "0",
    ]));
    f.extend([
        ("计划工作数", n("12")),
        ("实际完成工作数", n("12")),
        ("及时完成工作数", n("12")),
        ("质量达标工作数", n("12")),
        ("重点工作交办数", n("5")),
        ("重点工作办结数", n("5")),
    ]);
    Sample {
        rubric: Some(rubrics::ningguo()),
        file: "宁国市医疗保障局2020.xlsx",
        values: TemplateValues {
            fields: fields(&f),
            tables: tables(&[
                ("预算执行", "支出合计", &["3908.9432", "3908.9432", "27133.4828", "25012.3"]),
                ("预算执行", "基本支出", &["260.4932", "260.4932", "288.0028", "250.6"]),
                ("预算执行", "其中：人员经费", &["210.3", "210.3", "231.5", "205.2"]),
                ("预算执行", "其中：公用经费", &["50.1932", "50.1932", "56.5028", "45.4"]),
                ("预算执行", "项目支出", &["3648.45", "3648.45", "26845.48", "24761.7"]),
                ("预算执行", "其中：重点项目支出", &["3400", "3400", "26500", ""]),
                ("三公经费", "合计", &["6", "5.12", "6.5", "5.8"]),
                ("三公经费", "因公出国（境）费", &["0", "0"]),
                ("三公经费", "公务用车购置及运行费", &["3.5", "3.1"]),
                ("三公经费", "公务接待费", &["2.5", "2.02"]),
            ]),
            units: [("三公经费".to_string(), "单位：万元".to_string())].into_iter().collect(),
            sangong_wide: true,
            self_scores: IndexMap::new(),
            notes: vec![
                "本文件为 jixiao 示例数据，由 cargo run --example make_samples 生成。".into(),
                "取自宁国市医保局部门整体支出绩效目标自评表（种子文档003）的数据：年初预算数3908.9432万元、全年执行数27133.4828万元；基本支出260.4932/288.0028万元；专项（项目）支出3648.45/26845.48万元；“评分表”工作表为该市自评表原样（只列公式、未写评分标准；自评得分：政府采购执行率1.5分、满意度4.8分，其余满分，合计99.3分）。".into(),
                "自评表只给出年初预算数，本示例将全年预算数按年初预算数填写，故预算完成率为694.14%。“三公经费”表按部门决算的宽表格式（两级表头、一行数据）填写。".into(),
                "其余数据（人员、三公经费金额、结转结余、政府采购、固定资产、支付进度、工作任务数、满意度等）为示例填写的合理数值，并非该单位真实数据。".into(),
            ],
        },
    }
}

fn excellent() -> Sample {
    let mut f = vec![
        ("单位名称", Value::Text("示例县统计局".into())),
        ("评价年度", n("2023")),
        ("编制数（人）", n("20")),
        ("在职人员数（人）", n("18")),
        ("上年在职人员数（人）", n("18")),
        ("服务对象满意度", pct("0.97")),
    ];
    f.extend(other_fields([
        "0", "6.2", "8", "40", "40", "210", "210", "1", "1.01", "36.2", "38", "22", "22", "0",
    ]));
    f.extend([
        ("计划工作数", n("24")),
        ("实际完成工作数", n("24")),
        ("及时完成工作数", n("24")),
        ("质量达标工作数", n("24")),
        ("重点工作交办数", n("6")),
        ("重点工作办结数", n("6")),
    ]);
    Sample {
        rubric: None,
        file: "示例县统计局2023.xlsx",
        values: TemplateValues {
            fields: fields(&f),
            tables: tables(&[
                ("预算执行", "支出合计", &["780", "790", "784", "760"]),
                ("预算执行", "基本支出", &["520", "520", "517", "505"]),
                ("预算执行", "其中：人员经费", &["440", "440", "439", "430"]),
                ("预算执行", "其中：公用经费", &["80", "80", "78", "76"]),
                ("预算执行", "项目支出", &["260", "270", "267", "255"]),
                ("预算执行", "其中：重点项目支出", &["245", "249", "247", ""]),
                ("三公经费", "合计", &["42000", "39800", "45000", "44100"]),
                ("三公经费", "因公出国（境）费", &["0", "0", "0", "0"]),
                ("三公经费", "公务用车购置及运行费", &["30000", "28900", "32000", "31500"]),
                ("三公经费", "其中：公务用车购置费", &["0", "0", "0", "0"]),
                ("三公经费", "公务用车运行费", &["30000", "28900", "32000", "31500"]),
                ("三公经费", "公务接待费", &["12000", "10900", "13000", "12600"]),
            ]),
            self_scores: self_scores(&[("社会效益", "4.5"), ("生态效益", "4")]),
            notes: vec![
                "本文件为 jixiao 示例数据，由 cargo run --example make_samples 生成。".into(),
                "“示例县统计局”为虚构单位，全部数据为示例填写的合理数值，用于演示评为“优秀”的情形。".into(),
            ],
            ..TemplateValues::default()
        },
    }
}

fn poor() -> Sample {
    let mut f = vec![
        ("单位名称", Value::Text("示例县文化旅游广电局".into())),
        ("评价年度", n("2023")),
        ("编制数（人）", n("40")),
        ("在职人员数（人）", n("45")),
        ("上年在职人员数（人）", n("43")),
        ("服务对象满意度", pct("0.78")),
    ];
    f.extend(other_fields([
        "3430000", "1764000", "1200000", "900000", "540000", "5200000", "4420000", "0.9", "0.72",
        "1250000", "1100000", "600000", "420000", "3",
    ]));
    f.extend([
        ("计划工作数", n("24")),
        ("实际完成工作数", n("18")),
        ("及时完成工作数", n("15")),
        ("质量达标工作数", n("16")),
        ("重点工作交办数", n("8")),
        ("重点工作办结数", n("6")),
    ]);
    Sample {
        rubric: None,
        file: "示例县文化旅游广电局2023.xlsx",
        values: TemplateValues {
            fields: fields(&f),
            tables: tables(&[
                ("预算执行", "支出合计", &["9800000", "12600000", "9828000", "10150000"]),
                ("预算执行", "基本支出", &["5100000", "5300000", "5420000", "5010000"]),
                ("预算执行", "其中：人员经费", &["4200000", "4300000", "4270000", "4080000"]),
                ("预算执行", "其中：公用经费", &["900000", "1000000", "1150000", "930000"]),
                ("预算执行", "项目支出", &["4700000", "7300000", "4408000", "5140000"]),
                ("预算执行", "其中：重点项目支出", &["2585000", "4015000", "2424000", ""]),
                ("三公经费", "合计", &["230000", "248400", "200000", "205000"]),
                ("三公经费", "因公出国（境）费", &["0", "0", "0", "0"]),
                ("三公经费", "公务用车购置及运行费", &["150000", "171000", "130000", "136000"]),
                ("三公经费", "公务接待费", &["80000", "77400", "70000", "69000"]),
            ]),
            units: [
                ("预算执行".to_string(), "单位：元".to_string()),
                ("其他财务数据".to_string(), "单位：元（进度、比率填百分数）".to_string()),
            ]
            .into_iter()
            .collect(),
            self_scores: self_scores(&[]),
            notes: vec![
                "本文件为 jixiao 示例数据，由 cargo run --example make_samples 生成。".into(),
                "“示例县文化旅游广电局”为虚构单位，全部数据为示例填写的合理数值，用于演示执行不力、评为“差”的情形；其自评得分全部填满分，用于演示自评与核算差异的提示。金额单位为元。".into(),
            ],
            ..TemplateValues::default()
        },
    }
}

/// The department workbook of a sample's figures, with the sample's own
/// rubric sheet or else the default rubric.
fn workbook(
    own_rubric: Option<&rubrics::Sheet>,
    values: &TemplateValues,
    default: &Rubric,
) -> Result<Vec<u8>, Box<dyn Error>> {
    Ok(match own_rubric {
        Some(sheet) => {
            let write = |ws: &mut rust_xlsxwriter::Worksheet| rubrics::write_into(ws, sheet);
            department_workbook(&Profile::builtin(), values, &RubricSheet::Custom(&write))?
        }
        None => department_workbook(&Profile::builtin(), values, &RubricSheet::Standard(default))?,
    })
}

/// Writes `sample_workbooks/`.
fn samples() -> Result<(), Box<dyn Error>> {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_workbooks");
    std::fs::create_dir_all(out.join("rubrics"))?;
    let rubric = default_rubric();
    for sample in [taojiang(), ningguo(), excellent(), poor()] {
        let bytes = workbook(sample.rubric.as_ref(), &sample.values, &rubric)?;
        std::fs::write(out.join(sample.file), bytes)?;
        println!("sample_workbooks/{}", sample.file);
    }
    for (name, bytes) in rubrics::all()? {
        std::fs::write(out.join("rubrics").join(&name), bytes)?;
        println!("sample_workbooks/rubrics/{name}");
    }
    Ok(())
}

/// Multipliers for bench workbook `i` (1-based); the same `i` always gives
/// the same figures.
struct Scale {
    /// Every amount: 0.50 to 1.50.
    amount: Decimal,
    /// Also the 全年执行数 and 本年决算数 columns: 0.95 to 1.05, so the
    /// rates (completion, change of 三公经费) differ between workbooks.
    spent: Decimal,
    /// Staff counts (编制数, 在职人员数): 1 to 3.
    people: Decimal,
    /// Work counts (履职情况): 1 to 4.
    work: Decimal,
}

impl Scale {
    fn of(i: usize) -> Self {
        let step = |mul: usize, modulo: usize| i64::try_from(i * mul % modulo).unwrap_or(0);
        Self {
            amount: Decimal::new(50 + step(37, 101), 2),
            spent: Decimal::new(95 + step(13, 11), 2),
            people: Decimal::from(1 + step(1, 3)),
            work: Decimal::from(1 + step(7, 4)),
        }
    }
}

/// A sample's figures renamed to `name` and scaled for bench workbook `i`.
fn bench_values(base: &TemplateValues, i: usize, name: &str) -> TemplateValues {
    let scale = Scale::of(i);
    let work = template_fields("履职情况");
    let from = match base.fields.get("单位名称") {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let fields = base
        .fields
        .iter()
        .map(|(label, v)| {
            let v = match v {
                Value::Text(_) if label == "单位名称" => Value::Text(name.to_string()),
                // Years, rates and the count of late special funds stay as they are.
                Value::Number(_) if label == "评价年度" || label.ends_with("（个）") => {
                    v.clone()
                }
                Value::Number(x) if label.ends_with("（人）") => Value::Number(x * scale.people),
                Value::Number(x) if work.contains(&label.as_str()) => Value::Number(x * scale.work),
                Value::Number(x) => Value::Number(x * scale.amount),
                _ => v.clone(),
            };
            (label.clone(), v)
        })
        .collect();
    let tables = base
        .tables
        .iter()
        .map(|((sheet, label), row)| {
            // 全年执行数 of 预算执行, 本年决算数 of 三公经费.
            let spent_col = if sheet == "预算执行" { 2 } else { 1 };
            let row = row
                .iter()
                .enumerate()
                .map(|(c, x)| {
                    x.map(|x| {
                        let x = x * scale.amount;
                        if c == spent_col { x * scale.spent } else { x }
                    })
                })
                .collect();
            ((sheet.clone(), label.clone()), row)
        })
        .collect();
    TemplateValues {
        fields,
        tables,
        notes: vec![
            "本文件为 jixiao 基准测试数据，由 cargo run --release --example make_samples -- --bench N DIR 生成，并非真实数据。".into(),
            format!(
                "数值由示例单位“{from}”按序号 {i} 缩放而得：金额×{}，全年执行数和“三公经费”本年决算数再×{}，人数×{}，工作数×{}。",
                scale.amount, scale.spent, scale.people, scale.work
            ),
        ],
        ..base.clone()
    }
}

/// Writes `count` bench workbooks `基准单位001.xlsx`… into `dir`.
fn bench(count: usize, dir: &Path) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    let rubric = default_rubric();
    let bases = [taojiang(), ningguo(), excellent(), poor()];
    for i in 1..=count {
        let base = &bases[(i - 1) % bases.len()];
        let name = format!("基准单位{i:03}");
        let values = bench_values(&base.values, i, &name);
        let bytes = workbook(base.rubric.as_ref(), &values, &rubric)?;
        std::fs::write(dir.join(format!("{name}.xlsx")), bytes)?;
    }
    println!("{count} bench workbooks in {}", dir.display());
    Ok(())
}

const USAGE: &str = "usage: make_samples                 rebuild sample_workbooks/
       make_samples --bench N DIR   write N bench workbooks into DIR";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => samples(),
        [flag, count, dir] if flag == "--bench" => match count.parse::<usize>() {
            Ok(count) if count > 0 => bench(count, Path::new(dir)),
            _ => {
                eprintln!("--bench N: N must be a whole number ≥ 1, got {count:?}\n{USAGE}");
                std::process::exit(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2)
        }
    }
}

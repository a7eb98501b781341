//! Department workbooks in the standard template, shared by the examples
//! `make_samples` (the four sample departments, and `--bench N` for the
//! per-workbook timing of docs/benchmark.md) and `synth` (N varied
//! departments for the batch benchmark, docs/性能.md), and by the batch
//! smoke test. Each of them uses part of it.
// Generator code over fixed sample figures: a bad constant may panic.
#![allow(clippy::expect_used, clippy::unwrap_used)]
#![allow(dead_code)]

use std::error::Error;
use std::path::Path;

use indexmap::IndexMap;
use jixiao::profile::{Profile, TemplateLayout, TemplateSheet};
use jixiao::report::template::{
    RubricSheet, TemplateValues, Value, department_workbook, department_workbook_from,
};
use jixiao::rubric::Rubric;
use jixiao::rubric::default::default_rubric;
use rust_decimal::Decimal;

/// A workbook whose creation time is fixed, so that regenerating the
/// samples gives the same bytes.
pub fn fixed_workbook() -> Result<rust_xlsxwriter::Workbook, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1)?),
    );
    Ok(wb)
}

/// The cell formats of the generated rubric sheets: (body text, title,
/// bordered cell, header cell).
fn formats() -> (
    rust_xlsxwriter::Format,
    rust_xlsxwriter::Format,
    rust_xlsxwriter::Format,
    rust_xlsxwriter::Format,
) {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let base = Format::new().set_font_name("宋体").set_font_size(10.5);
    let title = base
        .clone()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let head = cell.clone().set_bold().set_align(FormatAlign::Center);
    (base, title, cell, head)
}

pub mod kaohe;
pub mod rubrics;
pub mod xiangmu;

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

pub struct Sample {
    pub file: &'static str,
    pub values: TemplateValues,
    /// The locality's own rubric, filled in by the department (None: the default rubric).
    pub rubric: Option<rubrics::Sheet>,
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

/// The four sample departments, in the order the bench workbooks take them.
pub fn bases() -> [Sample; 4] {
    [taojiang(), ningguo(), excellent(), poor()]
}

/// A sample's workbook: its figures with its own rubric sheet or else the
/// default rubric.
pub fn sample_workbook(sample: &Sample, default: &Rubric) -> Result<Vec<u8>, Box<dyn Error>> {
    workbook(sample.rubric.as_ref(), &sample.values, default)
}

/// Writes `count` bench workbooks `基准单位001.xlsx`… into `dir`.
pub fn write_bench(count: usize, dir: &Path) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    let rubric = default_rubric();
    let bases = bases();
    for i in 1..=count {
        let base = &bases[(i - 1) % bases.len()];
        let name = format!("基准单位{i:03}");
        let values = bench_values(&base.values, i, &name);
        let bytes = workbook(base.rubric.as_ref(), &values, &rubric)?;
        std::fs::write(dir.join(format!("{name}.xlsx")), bytes)?;
    }
    Ok(())
}

/// Label wordings a department may use instead of the template's, all of
/// them aliases the built-in profile knows (`src/profile/builtin.toml`):
/// (sheet, template label, other wording). Two sets besides the template's
/// own wording.
const WORDINGS: [&[(&str, &str, &str)]; 2] = [
    &[
        ("基本情况", "单位名称", "部门名称"),
        ("基本情况", "评价年度", "预算年度"),
        ("基本情况", "编制数（人）", "人员编制"),
        ("基本情况", "在职人员数（人）", "在职人数"),
        ("基本情况", "上年在职人员数（人）", "上年在职人数"),
        ("基本情况", "服务对象满意度", "满意度"),
        ("预算执行", "支出合计", "本年支出合计"),
        ("预算执行", "项目支出", "专项支出"),
        ("预算执行", "年初预算数", "年初预算"),
        ("预算执行", "全年预算数", "调整后预算数"),
        ("预算执行", "全年执行数", "本年执行数"),
        ("其他财务数据", "结转结余总额", "年末结转和结余"),
        ("其他财务数据", "上年结转结余", "年初结转和结余"),
        ("其他财务数据", "政府采购预算数", "政府采购预算"),
        ("其他财务数据", "实际政府采购金额", "政府采购实际金额"),
        ("其他财务数据", "既定支付进度", "序时支付进度"),
        ("其他财务数据", "公务卡实际结算金额", "公务卡结算金额"),
        ("履职情况", "计划工作数", "计划工作任务数"),
        ("履职情况", "实际完成工作数", "实际完成工作任务数"),
        ("履职情况", "重点工作交办数", "重点工作下达数"),
    ],
    &[
        ("基本情况", "单位名称", "被评价单位"),
        ("基本情况", "编制数（人）", "核定编制数"),
        ("基本情况", "在职人员数（人）", "实有在职人数"),
        ("基本情况", "服务对象满意度", "社会公众或服务对象满意度"),
        ("预算执行", "支出合计", "支出总计"),
        ("预算执行", "年初预算数", "年初预算数(A)"),
        ("预算执行", "全年预算数", "全年(调整)预算数"),
        ("预算执行", "全年执行数", "全年执行数(B)"),
        ("其他财务数据", "预算调整数（不含政策性调整）", "预算调整数"),
        ("其他财务数据", "固定资产总额", "固定资产原值"),
        ("其他财务数据", "一般性支出本年数", "本年一般性支出"),
        ("其他财务数据", "一般性支出上年数", "上年一般性支出"),
        ("其他财务数据", "公务卡应结算金额", "应使用公务卡结算金额"),
        ("履职情况", "及时完成工作数", "及时完成实际工作数"),
        ("履职情况", "质量达标工作数", "质量达标实际工作数"),
        ("履职情况", "重点工作办结数", "重点工作实际完成数"),
    ],
];

/// The template with one set of other wordings, and the figures keyed by
/// them. `wording` 0 is the template's own.
fn reworded(
    template: &[TemplateSheet],
    values: TemplateValues,
    wording: usize,
) -> (Vec<TemplateSheet>, TemplateValues) {
    let Some(set) = wording.checked_sub(1).and_then(|w| WORDINGS.get(w)) else {
        return (template.to_vec(), values);
    };
    let other = |sheet: &str, label: &str| {
        set.iter()
            .find(|(s, from, _)| *s == sheet && *from == label)
            .map_or_else(|| label.to_string(), |(_, _, to)| (*to).to_string())
    };
    let template = template
        .iter()
        .map(|sheet| {
            let name = sheet.name.as_str();
            let layout = match &sheet.layout {
                TemplateLayout::Fields(labels) => {
                    TemplateLayout::Fields(labels.iter().map(|l| other(name, l)).collect())
                }
                TemplateLayout::Table { rows, cols } => TemplateLayout::Table {
                    rows: rows.iter().map(|l| other(name, l)).collect(),
                    cols: cols.iter().map(|l| other(name, l)).collect(),
                },
            };
            TemplateSheet {
                layout,
                ..sheet.clone()
            }
        })
        .collect();
    let sheet_of = |label: &str| {
        template_sheets()
            .iter()
            .find(|s| match &s.layout {
                TemplateLayout::Fields(labels) => labels.iter().any(|l| l == label),
                TemplateLayout::Table { .. } => false,
            })
            .map_or_else(String::new, |s| s.name.clone())
    };
    let fields = values
        .fields
        .into_iter()
        .map(|(label, v)| (other(&sheet_of(&label), &label), v))
        .collect();
    let tables = values
        .tables
        .into_iter()
        .map(|((sheet, label), v)| {
            let label = other(&sheet, &label);
            ((sheet, label), v)
        })
        .collect();
    let values = TemplateValues {
        fields,
        tables,
        ..values
    };
    (template, values)
}

/// The built-in profile's template sheets.
fn template_sheets() -> &'static [TemplateSheet] {
    static PROFILE: std::sync::LazyLock<Profile> = std::sync::LazyLock::new(Profile::builtin);
    PROFILE.template()
}

/// The money unit of a sheet, as written in its unit line.
fn unit_of<'a>(values: &'a TemplateValues, sheet: &str) -> &'a str {
    values
        .units
        .get(sheet)
        .map(String::as_str)
        .or_else(|| {
            template_sheets()
                .iter()
                .find(|s| s.name == sheet)
                .and_then(|s| s.unit.as_deref())
        })
        .unwrap_or("")
}

/// The same amounts in the other money unit (万元 ↔ 元) on 预算执行,
/// 其他财务数据 and 三公经费: the figures change, the facts in 元 do not.
fn other_units(mut values: TemplateValues) -> TemplateValues {
    let ten_thousand = Decimal::from(10_000);
    for sheet in ["预算执行", "其他财务数据", "三公经费"] {
        let unit = unit_of(&values, sheet).to_string();
        let (factor, new_unit) = if unit.contains("万元") {
            (ten_thousand, unit.replace("万元", "元"))
        } else if unit.contains('元') {
            (Decimal::ONE / ten_thousand, unit.replace('元', "万元"))
        } else {
            continue;
        };
        values.units.insert(sheet.to_string(), new_unit);
        for ((s, _), row) in &mut values.tables {
            if s == sheet {
                for x in row.iter_mut().flatten() {
                    *x *= factor;
                }
            }
        }
        if sheet == "其他财务数据" {
            let labels = template_fields(sheet);
            for (label, v) in &mut values.fields {
                if let Value::Number(x) = v
                    && labels.contains(&label.as_str())
                    && !label.ends_with("（个）")
                {
                    *x *= factor;
                }
            }
        }
    }
    values
}

/// Places and kinds of department for the synthetic names.
const PLACES: [&str; 12] = [
    "东城区",
    "西河县",
    "南山市",
    "北湖县",
    "青石县",
    "白沙区",
    "金川县",
    "云溪县",
    "长乐市",
    "安平县",
    "新丰县",
    "临江区",
];
const KINDS: [&str; 10] = [
    "财政局",
    "教育局",
    "卫生健康委员会",
    "农业农村局",
    "自然资源和规划局",
    "市场监督管理局",
    "医疗保障局",
    "文化旅游广电局",
    "统计局",
    "民政局",
];

/// Synthetic department `i` (1-based) of the batch benchmark: its file name
/// and workbook. The same `i` always gives the same bytes.
///
/// It takes the sample departments in turn and scales their figures as the
/// bench workbooks do, then varies, with period 4 × 3, 4 × 2 × 3 and
/// 4 × 2 × 2 × 3 departments: the label wordings (the template's or one of
/// two sets of aliases), the money units (万元 ↔ 元) and the layout of
/// 三公经费 (long table ↔ the official wide table).
///
/// # Errors
/// From rust_xlsxwriter.
pub fn synth_workbook(i: usize, default: &Rubric) -> Result<(String, Vec<u8>), Box<dyn Error>> {
    static BASES: std::sync::LazyLock<[Sample; 4]> = std::sync::LazyLock::new(bases);
    let base = &BASES[(i - 1) % BASES.len()];
    let variant = (i - 1) / BASES.len();
    let name = format!(
        "{}{}{i:05}",
        PLACES[variant % PLACES.len()],
        KINDS[i % KINDS.len()]
    );
    let mut values = bench_values(&base.values, i, &name);
    values.notes[0] = "本文件为 jixiao 批量评分基准测试数据，由 cargo run --release --example synth -- --departments N --out DIR 生成，并非真实数据。".into();
    if (variant / 3) % 2 == 1 {
        values = other_units(values);
    }
    if (variant / 6) % 2 == 1 {
        values.sangong_wide = !values.sangong_wide;
    }
    let (template, values) = reworded(template_sheets(), values, variant % 3);
    let bytes = match base.rubric.as_ref() {
        Some(sheet) => {
            let write = |ws: &mut rust_xlsxwriter::Worksheet| rubrics::write_into(ws, sheet);
            department_workbook_from(&template, &values, &RubricSheet::Custom(&write))?
        }
        None => department_workbook_from(&template, &values, &RubricSheet::Standard(default))?,
    };
    Ok((format!("部门{i:05}.xlsx"), bytes))
}

/// Writes synthetic departments `1..=count` into `dir`.
///
/// # Errors
/// When `dir` cannot be written.
pub fn write_synth(count: usize, dir: &Path) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    let rubric = default_rubric();
    for i in 1..=count {
        let (file, bytes) = synth_workbook(i, &rubric)?;
        std::fs::write(dir.join(file), bytes)?;
    }
    Ok(())
}

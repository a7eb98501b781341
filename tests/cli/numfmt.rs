//! Cells read as the user sees them (issue 8, class 1): a number formatted as
//! a percentage is the percentage shown, in .xlsx, and in the .ods and .xls
//! LibreOffice makes of it; a bare number in a rate field says how it was
//! taken; accounting negatives are negative.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::office::Office;
use crate::util::Workdir;

/// A rate cell: (label, value, number format; empty for General).
type Rate<'a> = (&'a str, f64, &'a str);

/// A department workbook with 基本情况 and 其他财务数据, the rates written as
/// numbers with the given formats, and a money cell written as text.
fn department(path: &Path, rates: &[Rate<'_>], money_text: &str) {
    let mut wb = Workbook::new();
    let basic = wb.add_worksheet().set_name("基本情况").unwrap();
    basic.write_string(0, 0, "单位名称").unwrap();
    basic.write_string(0, 1, "示例县格式局").unwrap();
    basic.write_string(1, 0, "评价年度").unwrap();
    basic.write_number(1, 1, 2023).unwrap();
    let other = wb.add_worksheet().set_name("其他财务数据").unwrap();
    other.write_string(0, 0, "单位：万元").unwrap();
    for (i, (label, value, code)) in rates.iter().enumerate() {
        let row = 1 + i as u32;
        other.write_string(row, 0, *label).unwrap();
        if code.is_empty() {
            other.write_number(row, 1, *value).unwrap();
        } else {
            let format = Format::new().set_num_format(*code);
            other
                .write_number_with_format(row, 1, *value, &format)
                .unwrap();
        }
    }
    let row = 1 + rates.len() as u32;
    other.write_string(row, 0, "一般性支出本年数").unwrap();
    other.write_string(row, 1, money_text).unwrap();
    wb.save(path).unwrap();
}

/// The `check` line of a fact (`  实际支付进度：101.00%  来源 …`).
fn fact_line<'a>(out: &'a str, name: &str) -> &'a str {
    let prefix = format!("  {name}：");
    out.lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no line for {name} in:\n{out}"))
}

/// The three rates of the first workbook: percent formats (built-in 10 and
/// a custom one with a red negative section) and a General number.
const RATES: [Rate<'static>; 3] = [
    ("既定支付进度", 0.95, ""),
    ("实际支付进度", 1.01, "0.00%"),
    ("服务对象满意度", 0.955, "#,##0.0%;[Red]-#,##0.0%"),
];

/// What `check` must say of [`RATES`] and of the money cell "（35.60）",
/// whatever the file format.
fn assert_rates_read(out: &str) {
    assert_eq!(
        fact_line(out, "实际支付进度"),
        "  实际支付进度：101.00%  来源 其他财务数据!B3",
        "1.01 formatted 0.00% is shown 101.00%"
    );
    assert_eq!(
        fact_line(out, "服务对象满意度"),
        "  服务对象满意度：95.50%  来源 其他财务数据!B4"
    );
    assert_eq!(
        fact_line(out, "既定支付进度"),
        "  既定支付进度：95.00%  来源 其他财务数据!B2  注：单元格为常规数字 0.95，按比例理解为 95%"
    );
    assert_eq!(
        fact_line(out, "一般性支出本年数"),
        "  一般性支出本年数：-35.6万元（折合 -356000元）  来源 其他财务数据!B5"
    );
    // 支付进度率 = 101% / 95%.
    assert!(out.lines().any(|l| l == "  支付进度率：106.32%"), "{out}");
}

#[test]
fn percent_formats_in_xlsx_are_the_percentage_shown() {
    let w = Workdir::new();
    let input = w.path("格式局.xlsx");
    department(&input, &RATES, "（35.60）");
    let out = w.ok(&["check", input.to_str().unwrap()]);
    assert_rates_read(&out);
}

#[test]
fn literal_percent_signs_and_numbers_as_text() {
    let w = Workdir::new();
    let input = w.path("格式局.xlsx");
    department(
        &input,
        &[
            // `0.0"%"` shows 98.5 as "98.5%": the number is in points.
            ("既定支付进度", 98.5, "0.0\"%\""),
            // A percent format whose only % is escaped is the same.
            ("实际支付进度", 0.9, "0.00\\%"),
            // More than 1 in General: percent points, said in the note.
            ("服务对象满意度", 96.5, "General"),
        ],
        "(1,234.50)",
    );
    let out = w.ok(&["check", input.to_str().unwrap()]);
    assert_eq!(
        fact_line(&out, "既定支付进度"),
        "  既定支付进度：98.50%  来源 其他财务数据!B2"
    );
    assert_eq!(
        fact_line(&out, "实际支付进度"),
        "  实际支付进度：0.90%  来源 其他财务数据!B3",
        "0.9 shown as 0.90% is 0.9%"
    );
    assert_eq!(
        fact_line(&out, "服务对象满意度"),
        "  服务对象满意度：96.50%  来源 其他财务数据!B4  注：单元格为常规数字 96.5，按百分数理解为 96.5%"
    );
    assert_eq!(
        fact_line(&out, "一般性支出本年数"),
        "  一般性支出本年数：-1234.5万元（折合 -12345000元）  来源 其他财务数据!B5"
    );

    // Rates typed as text without %: the note says so.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("基本情况").unwrap();
    ws.write_string(0, 0, "服务对象满意度").unwrap();
    ws.write_string(0, 1, "0.88").unwrap();
    let text = w.path("文字.xlsx");
    wb.save(&text).unwrap();
    let out = w.ok(&["check", text.to_str().unwrap()]);
    assert_eq!(
        fact_line(&out, "服务对象满意度"),
        "  服务对象满意度：88.00%  来源 基本情况!B1  注：单元格为不带 % 的数字 0.88，按比例理解为 88%"
    );
}

/// The same workbook saved by LibreOffice as .ods and .xls reads the same.
#[test]
fn percent_formats_in_ods_and_xls_made_by_libreoffice() {
    let Some(office) = Office::start("percent_formats_in_ods_and_xls_made_by_libreoffice") else {
        return;
    };
    let w = Workdir::new();
    let input = w.path("格式局.xlsx");
    department(&input, &RATES, "（35.60）");
    for (to, ext) in [("ods", "ods"), ("xls:MS Excel 97", "xls")] {
        let made = office.convert(
            std::slice::from_ref(&input),
            to,
            ext,
            &w.path(&format!("由{ext}")),
        );
        let out = w.ok(&["check", made[0].to_str().unwrap()]);
        assert_rates_read(&out);
    }
}

/// The 优秀 sample paid ahead of schedule: 1.01 formatted 0.00% is 101%, and
/// its 支付进度率 row has full marks (it had 0 when read as 1.01%).
#[test]
fn statistics_sample_pays_ahead_of_schedule() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    let out = w.ok(&["check", input.to_str().unwrap()]);
    assert_eq!(
        fact_line(&out, "实际支付进度"),
        "  实际支付进度：101.00%  来源 其他财务数据!B12"
    );
    let json = w.ok(&["score", input.to_str().unwrap(), "--json"]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "支付进度率")
        .unwrap();
    assert_eq!(row["score"], "2", "{row}");
    assert_eq!(row["max"], "2", "{row}");
    assert_eq!(row["metric_value"], "101.00%", "{row}");
}

/// The score row's 计算说明 says how a bare rate was taken, as `check` does
/// (issue 8: "check and the explanation say how it was taken").
#[test]
fn explanations_say_how_a_bare_rate_was_taken() {
    let w = Workdir::new();
    let input = w.path("格式局.xlsx");
    department(&input, &RATES, "（35.60）");
    let json = w.ok(&["score", input.to_str().unwrap(), "--json"]);
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "支付进度率")
        .unwrap();
    let text = row["explanation"].as_str().unwrap();
    assert!(
        text.contains("取数说明：既定支付进度：单元格为常规数字 0.95，按比例理解为 95%"),
        "{text}"
    );
    // The formatted cell needs no note.
    assert!(!text.contains("实际支付进度：单元格"), "{text}");
}

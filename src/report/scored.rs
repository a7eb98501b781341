//! The scored workbook `<输入名>_评分.xlsx`: sheets 评分表, 指标计算, 评分汇总.
//!
//! Every formula is written with its computed result: without one, readers
//! that do not recalculate show 0 (NOTES-ecosystem §2.3).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, Workbook, Worksheet, XlsxError};

use super::record::{self, PlacedRow, Placement};
use super::style::{
    Styles, column_width, fit_columns, new_workbook, print_setup, text_width, wrapped_height,
};
use super::verdict::Cells;
use crate::base::cell_ref::cell_name;
use crate::facts::{FactView, Facts};
use crate::metrics::{METRICS, MetricValue, Metrics};
use crate::score::Scorecard;

/// Everything the scored workbook shows.
pub struct ScoredReport<'a> {
    pub card: &'a Scorecard,
    pub metrics: &'a Metrics,
    pub facts: &'a Facts,
    pub rubric: &'a crate::rubric::Rubric,
}

/// Builds the scored workbook in memory.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter (only for out-of-range writes).
pub fn build(report: &ScoredReport<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = new_workbook("部门整体支出绩效评价评分表")?;
    let styles = Styles::new();
    let cells = Cells::of(report.card);
    let placement = match &report.rubric.layout {
        Some(layout) => super::layout::write(&mut wb, report.card, layout, &styles, &cells)?,
        None => scores_sheet(&mut wb, report.card, &styles, &cells)?,
    };
    metrics_sheet(&mut wb, report, &styles)?;
    let ranges = record::ranges(placement.rows.len());
    super::verdict::write(&mut wb, report.card, &styles, &ranges, &placement)?;
    record::write(&mut wb, report.card, &report.card.scale, &placement)?;
    wb.save_to_buffer()
}

fn dec_result(d: Decimal) -> String {
    crate::base::format::num(crate::base::format::round_half_up(d, 2))
}

fn title_of(card: &Scorecard) -> String {
    match card.year {
        Some(y) => format!("{}{}年度部门整体支出绩效评价评分表", card.department, y),
        None => format!("{}部门整体支出绩效评价评分表", card.department),
    }
}

/// Merges a run of equal names in one column (or writes a single cell).
fn merge_run(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    col: u16,
    text: &str,
    f: &rust_xlsxwriter::Format,
) -> Result<(), XlsxError> {
    if last > first {
        ws.merge_range(first, col, last, col, text, f)?;
    } else {
        ws.write_string_with_format(first, col, text, f)?;
    }
    Ok(())
}

/// The 审核得分 total over `review` (a range of the review column): empty
/// until a reviewer fills a score; then every row counts with its 审核得分
/// where one is filled and its score (`score`, the same rows) elsewhere.
pub fn review_total(review: &str, score: &str) -> String {
    format!("=IF(COUNT({review})=0,\"\",SUMPRODUCT(1-ISNUMBER({review}),{score})+SUM({review}))")
}

/// Columns of jixiao's own 评分表 layout.
const HEADERS: [&str; 10] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "分值",
    "评分标准",
    "指标值",
    "自评得分",
    "核算得分",
    "审核得分",
    "计算说明",
];
const COL_MAX: u16 = 3;
const COL_SELF: u16 = 6;
const COL_SCORE: u16 = 7;
const COL_REVIEW: u16 = 8;
const COL_EXPLANATION: u16 = 9;
const LAST: u16 = 9;

/// Sheet 评分表 in jixiao's own layout. Returns where each row is.
fn scores_sheet(
    wb: &mut Workbook,
    card: &Scorecard,
    s: &Styles,
    cells: &Cells,
) -> Result<Placement, XlsxError> {
    let ws = wb.add_worksheet().set_name("评分表")?;
    // Formulas whose result is "" (an empty 审核得分 total) store it as such.
    ws.set_formula_result_default("");
    ws.set_row_height(0, 32)?;
    ws.merge_range(0, 0, 0, LAST, &title_of(card), &s.title)?;
    let sub = format!(
        "评价单位（盖章）：{}　　评价年度：{}",
        card.department,
        card.year.map_or("未填写".to_string(), |y| y.to_string()),
    );
    ws.merge_range(1, 0, 1, LAST, &sub, &s.subtitle)?;
    ws.set_row_height(1, 22)?;
    // (widest content, min, max) per column.
    let mut widths: Vec<(f64, f64, f64)> = vec![
        (0.0, 8.0, 10.0),
        (0.0, 9.0, 12.0),
        (0.0, 12.0, 22.0),
        (0.0, 6.0, 7.0),
        (0.0, 30.0, 40.0),
        (0.0, 10.0, 12.0),
        (0.0, 8.0, 9.0),
        (0.0, 8.0, 9.0),
        (0.0, 8.0, 9.0),
        (0.0, 30.0, 46.0),
    ];
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &s.header)?;
    }
    ws.set_row_height(2, 20)?;
    for row in &card.rows {
        widths[2].0 = widths[2].0.max(text_width(&row.display_name()));
        widths[4].0 = widths[4].0.max(text_width(&row.standard));
        widths[9].0 = widths[9].0.max(text_width(&row.explanation_with_reading()));
    }
    let col_w = |c: usize| column_width(widths[c]);
    let mut r: u32 = 3;
    let mut subtotal_rows = Vec::new();
    let mut placed = Vec::new();
    for sub in &card.subtotals {
        let rows: Vec<(usize, &crate::score::ScoredRow)> = card
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.level1 == sub.name)
            .collect();
        let first = r;
        for (index, row) in &rows {
            let name = row.display_name();
            let explanation = row.explanation_with_reading();
            ws.write_string_with_format(r, 2, &name, &s.text)?;
            ws.write_with_format(r, COL_MAX, row.max, &s.center)?;
            ws.write_string_with_format(r, 4, &row.standard, &s.text)?;
            ws.write_string_with_format(
                r,
                5,
                row.metric_value.as_deref().unwrap_or(""),
                &s.center,
            )?;
            match row.self_score {
                Some(v) => ws.write_with_format(r, COL_SELF, v, &s.score)?,
                None => ws.write_blank(r, COL_SELF, &s.score)?,
            };
            match row.score {
                Some(v) => ws.write_with_format(r, COL_SCORE, v, &s.score)?,
                None => ws.write_blank(r, COL_SCORE, &s.score)?,
            };
            ws.write_blank(r, COL_REVIEW, &s.score)?;
            ws.write_string_with_format(r, COL_EXPLANATION, &explanation, &s.text)?;
            let height = wrapped_height(&[
                (&name, col_w(2)),
                (&row.standard, col_w(4)),
                (&explanation, col_w(9)),
            ]);
            ws.set_row_height(r, height)?;
            placed.push(PlacedRow {
                index: *index,
                row: r,
                name_shown: name,
            });
            r += 1;
        }
        let last = r - 1;
        merge_run(ws, first, last, 0, &sub.name, &s.center)?;
        // 二级 names: merge each run of equal names.
        let mut start = first;
        for i in 0..rows.len() {
            let end_of_run = i + 1 == rows.len() || rows[i + 1].1.level2 != rows[i].1.level2;
            if end_of_run {
                let row_at = first + u32::try_from(i).unwrap_or(0);
                merge_run(ws, start, row_at, 1, &rows[i].1.level2, &s.center)?;
                start = row_at + 1;
            }
        }
        // Subtotal row.
        ws.merge_range(r, 0, r, 2, &format!("{} 小计", sub.name), &s.subtotal_text)?;
        let range = |c: u16| format!("{}:{}", cell_name(first, c), cell_name(last, c));
        let sum = |c: u16, v: Decimal| {
            Formula::new(format!("=SUM({})", range(c))).set_result(dec_result(v))
        };
        ws.write_formula_with_format(r, COL_MAX, sum(COL_MAX, sub.max), &s.subtotal_score)?;
        ws.write_blank(r, 4, &s.subtotal_text)?;
        ws.write_blank(r, 5, &s.subtotal_text)?;
        let self_sum: Option<Decimal> = rows
            .iter()
            .any(|(_, x)| x.self_score.is_some())
            .then(|| rows.iter().filter_map(|(_, x)| x.self_score).sum());
        match self_sum {
            Some(v) => {
                ws.write_formula_with_format(r, COL_SELF, sum(COL_SELF, v), &s.subtotal_score)?
            }
            None => ws.write_blank(r, COL_SELF, &s.subtotal_score)?,
        };
        ws.write_formula_with_format(r, COL_SCORE, sum(COL_SCORE, sub.score), &s.subtotal_score)?;
        ws.write_formula_with_format(
            r,
            COL_REVIEW,
            Formula::new(review_total(&range(COL_REVIEW), &range(COL_SCORE))).set_result(""),
            &s.subtotal_score,
        )?;
        ws.write_blank(r, COL_EXPLANATION, &s.subtotal_text)?;
        subtotal_rows.push(r);
        r += 1;
    }
    // Total row: the sum of the subtotal rows.
    let subtotal_cells =
        |c: u16| -> Vec<String> { subtotal_rows.iter().map(|sr| cell_name(*sr, c)).collect() };
    let sum_of = |c: u16, v: Decimal| {
        let f = if subtotal_rows.is_empty() {
            "=0".to_string()
        } else {
            format!("={}", subtotal_cells(c).join("+"))
        };
        Formula::new(f).set_result(dec_result(v))
    };
    ws.merge_range(r, 0, r, 2, "合计", &s.subtotal_text)?;
    ws.write_formula_with_format(
        r,
        COL_MAX,
        sum_of(COL_MAX, card.max_total),
        &s.subtotal_score,
    )?;
    ws.write_blank(r, 4, &s.subtotal_text)?;
    ws.write_blank(r, 5, &s.subtotal_text)?;
    match card.self_total {
        Some(v) => {
            ws.write_formula_with_format(r, COL_SELF, sum_of(COL_SELF, v), &s.subtotal_score)?
        }
        None => ws.write_blank(r, COL_SELF, &s.subtotal_score)?,
    };
    ws.write_formula_with_format(
        r,
        COL_SCORE,
        sum_of(COL_SCORE, card.total),
        &s.subtotal_score,
    )?;
    // Each group counts with its 审核得分 subtotal once a reviewer filled
    // one, else with its 核算得分 subtotal.
    let review = if subtotal_rows.is_empty() {
        "=\"\"".to_string()
    } else {
        let parts: Vec<String> = subtotal_rows
            .iter()
            .map(|sr| {
                let (v, h) = (cell_name(*sr, COL_REVIEW), cell_name(*sr, COL_SCORE));
                format!("IF(ISNUMBER({v}),{v},{h})")
            })
            .collect();
        format!(
            "=IF(COUNT({})=0,\"\",{})",
            subtotal_cells(COL_REVIEW).join(","),
            parts.join("+")
        )
    };
    ws.write_formula_with_format(
        r,
        COL_REVIEW,
        Formula::new(review).set_result(""),
        &s.subtotal_score,
    )?;
    ws.write_string_with_format(
        r,
        COL_EXPLANATION,
        format!("等级标准：{}", card.grade_scale),
        &s.subtotal_text,
    )?;
    let total_row = r;
    r += 1;
    let verdicts = [
        (
            "评价等级",
            cells.grade_cell(),
            card.grade_label(),
            &s.subtotal_text,
        ),
        (
            "结论",
            cells.headline_cell(),
            card.headline.clone(),
            &s.text,
        ),
        (
            "得分构成",
            cells.split_cell(),
            crate::score::explain::split_text(&card.split),
            &s.text,
        ),
    ];
    for (label, cell, value, f) in verdicts {
        ws.merge_range(r, 0, r, 2, label, &s.subtotal_text)?;
        ws.merge_range(r, 3, r, LAST, "", f)?;
        ws.write_formula_with_format(r, 3, Formula::new(format!("={cell}")).set_result(value), f)?;
        ws.set_row_height(r, 20)?;
        r += 1;
    }
    r += 1;
    ws.merge_range(
        r,
        0,
        r,
        LAST,
        "填报人：　　　　　　　　单位负责人（签字）：　　　　　　　　（盖章）　　　　　　　　填报日期：　　　　年　　月　　日",
        &s.subtitle,
    )?;
    ws.set_row_height(r, 28)?;
    fit_columns(ws, &widths)?;
    ws.set_freeze_panes(3, 0)?;
    print_setup(ws, (2, 2))?;
    Ok(Placement {
        sheet: "评分表".to_string(),
        score_col: COL_SCORE,
        review_col: Some(COL_REVIEW),
        self_col: Some(COL_SELF),
        name_col: 2,
        max_col: COL_MAX,
        total_row,
        rows: placed,
    })
}

/// Sheet 指标计算: every metric with formula, inputs, sources and result;
/// below it, every fact read from the workbook.
fn metrics_sheet(
    wb: &mut Workbook,
    report: &ScoredReport<'_>,
    s: &Styles,
) -> Result<(), XlsxError> {
    const HEADERS: [&str; 8] = [
        "序号",
        "指标",
        "计算公式",
        "输入数据",
        "来源单元格",
        "计算结果",
        "说明",
        "指标代码",
    ];
    let ws = wb.add_worksheet().set_name("指标计算")?;
    ws.merge_range(
        0,
        0,
        0,
        7,
        &format!("{} 指标计算过程", report.card.department),
        &s.title,
    )?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &s.header)?;
    }
    let mut widths = vec![
        (4.0, 5.0, 6.0),
        (0.0, 14.0, 20.0),
        (0.0, 24.0, 40.0),
        (0.0, 24.0, 40.0),
        (0.0, 14.0, 20.0),
        (0.0, 12.0, 14.0),
        (0.0, 20.0, 40.0),
        (0.0, 10.0, 30.0),
    ];
    let mut r = 2;
    for (i, spec) in METRICS.iter().enumerate() {
        let Some(value) = report.metrics.get(spec.id) else {
            continue;
        };
        let trace = value.trace();
        let inputs: Vec<String> = trace
            .inputs
            .iter()
            .map(|x| format!("{}＝{}", x.name, x.value))
            .collect();
        let sources: Vec<String> = trace
            .inputs
            .iter()
            .map(|x| x.source.clone().unwrap_or_default())
            .collect();
        ws.write_with_format(r, 0, u32::try_from(i + 1).unwrap_or(0), &s.center)?;
        let name = report.metrics.name(spec.id);
        ws.write_string_with_format(r, 1, name, &s.text)?;
        ws.write_string_with_format(r, 2, spec.formula, &s.text)?;
        ws.write_string_with_format(r, 3, inputs.join("\n"), &s.text)?;
        ws.write_string_with_format(r, 4, sources.join("\n"), &s.text)?;
        let mut notes = trace.notes.clone();
        match value {
            MetricValue::Computed { value, .. } => match spec.unit {
                crate::metrics::MetricUnit::Percent => {
                    ws.write_with_format(r, 5, *value, &s.percent)?
                }
                _ => ws.write_with_format(r, 5, *value, &s.number)?,
            },
            MetricValue::NotComputable { reason, .. } => {
                notes.insert(0, reason.clone());
                ws.write_string_with_format(r, 5, "无法计算", &s.center)?
            }
        };
        ws.write_string_with_format(r, 6, notes.join("\n"), &s.text)?;
        ws.write_string_with_format(r, 7, spec.key, &s.text)?;
        let height = wrapped_height(&[
            (spec.formula, 30.0),
            (&inputs.join("\n"), 30.0),
            (&notes.join("\n"), 30.0),
        ]);
        ws.set_row_height(r, height)?;
        widths[1].0 = f64::max(widths[1].0, text_width(name));
        widths[2].0 = f64::max(widths[2].0, text_width(spec.formula));
        widths[3].0 = f64::max(widths[3].0, text_width(&inputs.join("\n")));
        widths[6].0 = f64::max(widths[6].0, text_width(&notes.join("\n")));
        r += 1;
    }
    r += 1;
    ws.merge_range(
        r,
        0,
        r,
        7,
        "原始数据（从部门数据文件中按标签读取）",
        &s.subtitle,
    )?;
    r += 1;
    for (c, h) in [
        "序号",
        "数据项",
        "数值",
        "",
        "来源单元格",
        "换算后数值",
        "说明",
        "",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
    r += 1;
    for (i, (id, info)) in report.facts.info.iter().enumerate() {
        let Some(outcome) = report.facts.items.get(id) else {
            continue;
        };
        ws.write_with_format(r, 0, u32::try_from(i + 1).unwrap_or(0), &s.center)?;
        ws.write_string_with_format(r, 1, &info.name, &s.text)?;
        let FactView {
            shown,
            source,
            converted,
            note,
        } = outcome.view(info.kind);
        ws.write_string_with_format(r, 2, &shown, &s.text)?;
        ws.write_blank(r, 3, &s.text)?;
        ws.write_string_with_format(r, 4, &source, &s.text)?;
        ws.write_string_with_format(r, 5, &converted, &s.text)?;
        ws.write_string_with_format(r, 6, &note, &s.text)?;
        ws.write_blank(r, 7, &s.text)?;
        r += 1;
    }
    fit_columns(ws, &widths)?;
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, (1, 1))?;
    Ok(())
}

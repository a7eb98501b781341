//! The scored workbook `<输入名>_评分.xlsx`: sheets 评分表, 指标计算, 评分汇总.
//!
//! Every formula is written with its computed result: without one, readers
//! that do not recalculate show 0 (NOTES-ecosystem §2.3).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, Workbook, XlsxError};

use super::record::{self, PlacedRow, Placement};
use super::style::{
    Styles, column_width, fit_columns, new_workbook, print_setup, text_width, wrapped_height,
};
use super::verdict::Cells;
use super::{form, paging};
use crate::base::cell_ref::cell_name;
use crate::facts::{FactView, Facts};
use crate::metrics::{METRICS, MetricValue, Metrics};
use crate::score::Scorecard;

/// The sheet with the files, the tool and the metrics' codes.
pub const NOTES_SHEET: &str = "说明";

/// Everything the scored workbook shows.
pub struct ScoredReport<'a> {
    pub card: &'a Scorecard,
    pub metrics: &'a Metrics,
    pub facts: &'a Facts,
    pub rubric: &'a crate::rubric::Rubric,
    /// A family's own data (考核 facts, a project's funds and targets),
    /// listed after the 部门整体 facts.
    pub data: &'a [crate::family::DataLine],
    /// Each scorecard row's source cells
    /// ([`crate::score::summary::rows_sources`]), kept in the record.
    pub sources: &'a [Option<String>],
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
    notes_sheet(&mut wb, report, &placement, &styles)?;
    record::write(
        &mut wb,
        report.card,
        report.sources,
        &report.card.scale,
        &placement,
    )?;
    wb.save_to_buffer()
}

fn dec_result(d: Decimal) -> String {
    crate::base::format::num(crate::base::format::round_half_up(d, 2))
}

fn title_of(card: &Scorecard) -> String {
    // A family's built-in rubric (考核, 项目) is titled by its own name.
    let family_titles = [
        crate::family::kaohe_spec().ok().map(|s| s.title.as_str()),
        crate::family::xiangmu::spec()
            .ok()
            .map(|s| s.title.as_str()),
    ];
    if family_titles.contains(&Some(card.rubric_title.as_str())) {
        return match card.year {
            Some(y) => format!("{}{}年度{}", card.department, y, card.rubric_title),
            None => format!("{}{}", card.department, card.rubric_title),
        };
    }
    match card.year {
        Some(y) => format!("{}{}年度部门整体支出绩效评价评分表", card.department, y),
        None => format!("{}部门整体支出绩效评价评分表", card.department),
    }
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

/// One 一级 group of jixiao's own layout, laid out before it is written.
struct Group<'a> {
    name: &'a str,
    max: Decimal,
    score: Decimal,
    /// (index in the scorecard, row, texts, height).
    rows: Vec<(usize, &'a crate::score::ScoredRow, String, String, f64)>,
}

/// Sheet 评分表 in jixiao's own layout. Returns where each row is.
fn scores_sheet(
    wb: &mut Workbook,
    card: &Scorecard,
    s: &Styles,
    cells: &Cells,
) -> Result<Placement, XlsxError> {
    const HEADER: u32 = 2;
    const FIRST: u32 = 3;
    let ws = wb.add_worksheet().set_name("评分表")?;
    // Formulas whose result is "" (an empty 审核得分 total) store it as such.
    ws.set_formula_result_default("");
    // (widest content, min, max) per column.
    let mut widths: Vec<(f64, f64, f64)> = vec![
        (0.0, 8.0, 10.0),
        (0.0, 9.0, 12.0),
        (0.0, 12.0, 20.0),
        (0.0, 7.0, 8.0),
        (0.0, 28.0, 36.0),
        (0.0, 10.0, 11.0),
        (0.0, 8.0, 9.0),
        (0.0, 8.0, 9.0),
        (0.0, 8.0, 9.0),
        (0.0, 30.0, 40.0),
    ];
    for row in &card.rows {
        widths[2].0 = widths[2].0.max(text_width(&row.display_name()));
        widths[4].0 = widths[4].0.max(text_width(&row.standard));
        widths[9].0 = widths[9].0.max(text_width(&row.explanation_with_reading()));
    }
    let col_w = |c: usize| column_width(widths[c]);
    // Lay every row out first: the page breaks depend on the heights.
    let groups: Vec<Group<'_>> = card
        .subtotals
        .iter()
        .map(|sub| Group {
            name: &sub.name,
            max: sub.max,
            score: sub.score,
            rows: card
                .rows
                .iter()
                .enumerate()
                .filter(|(_, row)| row.level1 == sub.name)
                .map(|(i, row)| {
                    let name = row.display_name();
                    let explanation = row.explanation_with_reading();
                    let height = wrapped_height(&[
                        (&name, col_w(2)),
                        (&row.standard, col_w(4)),
                        (&explanation, col_w(9)),
                    ]);
                    (i, row, name, explanation, height)
                })
                .collect(),
        })
        .collect();
    let mut heights: Vec<(u32, f64)> = vec![(0, 32.0), (1, 22.0), (HEADER, 20.0)];
    let mut blocks = Vec::new();
    let mut r = FIRST;
    for g in &groups {
        let first = r;
        let mut parts = Vec::new();
        let mut start = r;
        for (i, (_, row, _, _, h)) in g.rows.iter().enumerate() {
            heights.push((r, *h));
            let end = i + 1 == g.rows.len() || g.rows[i + 1].1.level2 != row.level2;
            if end {
                // The subtotal row stays with the group's last part.
                let last = if i + 1 == g.rows.len() { r + 1 } else { r };
                parts.push(paging::Block::rows(start, last));
                start = r + 1;
            }
            r += 1;
        }
        heights.push((r, 20.0));
        blocks.push(paging::Block {
            first,
            last: r,
            parts,
        });
        r += 1;
    }
    // The total, the verdict lines, the note and the signatures: kept with
    // the last group.
    let total_row = r;
    let tail_first = r;
    let scale_text = format!("等级标准：{}", card.grade_scale);
    heights.push((r, wrapped_height(&[(&scale_text, col_w(9))])));
    for i in 1..=3 {
        heights.push((r + i, 20.0));
    }
    let closing = r + 4;
    for i in 0..3 {
        heights.push((closing + i, 30.0));
    }
    let tail = paging::Block::rows(tail_first, closing + 2);
    match blocks.last_mut() {
        Some(last) => {
            last.last = tail.last;
            last.parts.push(tail);
        }
        None => blocks.push(tail),
    }
    let height_of = |row: u32| {
        heights
            .iter()
            .find(|(hr, _)| *hr == row)
            .map_or(15.0, |(_, h)| *h)
    };
    let col_widths: Vec<f64> = (0..widths.len()).map(col_w).collect();
    let scale = paging::scale_for(&col_widths);
    let pages = paging::Pages {
        height: &height_of,
        first_page: height_of(0) + height_of(1) + height_of(HEADER),
        repeated: height_of(HEADER),
        scale,
    };
    let breaks = pages.breaks(&blocks);
    // Now write.
    for (row, h) in &heights {
        ws.set_row_height(*row, *h)?;
    }
    ws.merge_range(0, 0, 0, LAST, &title_of(card), &s.title)?;
    let sub = format!(
        "评价单位（盖章）：{}　　评价年度：{}",
        card.department,
        card.year.map_or("未填写".to_string(), |y| y.to_string()),
    );
    ws.merge_range(1, 0, 1, LAST, &sub, &s.subtitle)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER, c as u16, *h, &s.header)?;
    }
    let mut r = FIRST;
    let mut subtotal_rows = Vec::new();
    let mut placed = Vec::new();
    for g in &groups {
        let first = r;
        for (index, row, name, explanation, _) in &g.rows {
            ws.write_string_with_format(r, 2, name, &s.text)?;
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
                None => ws.write_blank(r, COL_SCORE, &s.input)?,
            };
            ws.write_blank(r, COL_REVIEW, &s.input)?;
            for c in [COL_SCORE, COL_REVIEW] {
                form::validate_score(ws, r, c, row.max)?;
            }
            ws.write_string_with_format(r, COL_EXPLANATION, explanation, &s.text)?;
            placed.push(PlacedRow {
                index: *index,
                row: r,
                name_shown: name.clone(),
            });
            r += 1;
        }
        let last = r - 1;
        form::merge_split(ws, (first, 0), (last, 0), g.name, &s.center, &breaks)?;
        // 二级 names: merge each run of equal names.
        let mut start = first;
        for i in 0..g.rows.len() {
            let end_of_run = i + 1 == g.rows.len() || g.rows[i + 1].1.level2 != g.rows[i].1.level2;
            if end_of_run {
                let row_at = first + u32::try_from(i).unwrap_or(0);
                form::merge_split(
                    ws,
                    (start, 1),
                    (row_at, 1),
                    &g.rows[i].1.level2,
                    &s.center,
                    &breaks,
                )?;
                start = row_at + 1;
            }
        }
        // Subtotal row.
        ws.merge_range(r, 0, r, 2, &format!("{} 小计", g.name), &s.subtotal_text)?;
        let range = |c: u16| format!("{}:{}", cell_name(first, c), cell_name(last, c));
        let sum = |c: u16, v: Decimal| {
            Formula::new(format!("=SUM({})", range(c))).set_result(dec_result(v))
        };
        ws.write_formula_with_format(r, COL_MAX, sum(COL_MAX, g.max), &s.subtotal_score)?;
        ws.write_blank(r, 4, &s.subtotal_text)?;
        ws.write_blank(r, 5, &s.subtotal_text)?;
        let self_sum: Option<Decimal> = g
            .rows
            .iter()
            .any(|x| x.1.self_score.is_some())
            .then(|| g.rows.iter().filter_map(|x| x.1.self_score).sum());
        match self_sum {
            Some(v) => {
                ws.write_formula_with_format(r, COL_SELF, sum(COL_SELF, v), &s.subtotal_score)?
            }
            None => ws.write_blank(r, COL_SELF, &s.subtotal_score)?,
        };
        ws.write_formula_with_format(r, COL_SCORE, sum(COL_SCORE, g.score), &s.subtotal_score)?;
        ws.write_formula_with_format(
            r,
            COL_REVIEW,
            Formula::new(super::form::review_total(
                &range(COL_REVIEW),
                &range(COL_SCORE),
            ))
            .set_result(""),
            &s.subtotal_score,
        )?;
        ws.write_blank(r, COL_EXPLANATION, &s.subtotal_text)?;
        subtotal_rows.push(r);
        r += 1;
    }
    debug_assert_eq!(r, total_row);
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
    ws.write_string_with_format(r, COL_EXPLANATION, &scale_text, &s.subtotal_text)?;
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
        r += 1;
    }
    debug_assert_eq!(r, closing);
    form::closing_lines(ws, r, LAST, s)?;
    fit_columns(ws, &widths)?;
    ws.set_freeze_panes(FIRST, 0)?;
    form::print_form(ws, (HEADER, HEADER), scale, &breaks)?;
    Ok(Placement {
        sheet: "评分表".to_string(),
        score_col: COL_SCORE,
        review_col: Some(COL_REVIEW),
        self_col: Some(COL_SELF),
        name_col: 2,
        max_col: COL_MAX,
        total_row,
        merges_changed: Vec::new(),
        rows: placed,
    })
}

/// Sheet 指标计算: every metric with formula, inputs, sources and result;
/// below it, every fact read from the workbook. Amounts carry thousands
/// separators; the metrics' codes are in sheet 说明, not on the printed page.
fn metrics_sheet(
    wb: &mut Workbook,
    report: &ScoredReport<'_>,
    s: &Styles,
) -> Result<(), XlsxError> {
    const HEADERS: [&str; 7] = [
        "序号",
        "指标",
        "计算公式",
        "输入数据",
        "来源单元格",
        "计算结果",
        "说明",
    ];
    const LAST: u16 = 6;
    let grouped = crate::base::format::grouped;
    let ws = wb.add_worksheet().set_name("指标计算")?;
    ws.merge_range(
        0,
        0,
        0,
        LAST,
        &format!("{}指标计算过程", report.card.department),
        &s.title,
    )?;
    ws.set_row_height(0, 32)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &s.header)?;
    }
    ws.set_row_height(1, 20)?;
    // (widest content, min, max) per column.
    let mut widths = vec![
        (4.0, 5.0, 6.0),
        (0.0, 14.0, 20.0),
        (0.0, 24.0, 36.0),
        (0.0, 24.0, 36.0),
        (0.0, 14.0, 18.0),
        (0.0, 11.0, 12.0),
        (0.0, 20.0, 36.0),
    ];
    struct Line {
        name: String,
        formula: String,
        inputs: String,
        sources: String,
        value: Option<(rust_decimal::Decimal, crate::metrics::MetricUnit)>,
        notes: String,
    }
    let mut lines = Vec::new();
    for spec in METRICS {
        let Some(value) = report.metrics.get(spec.id) else {
            continue;
        };
        let trace = value.trace();
        let inputs: Vec<String> = trace
            .inputs
            .iter()
            .map(|x| grouped(&format!("{}＝{}", x.name, x.value)))
            .collect();
        let sources: Vec<String> = trace
            .inputs
            .iter()
            .map(|x| x.source.clone().unwrap_or_default())
            .collect();
        let mut notes = trace.notes.clone();
        if let Some(f) = &trace.fallback {
            notes.insert(0, f.note(trace.basis));
        }
        notes.extend(trace.implausible.iter().map(|w| format!("数值存疑：{w}")));
        let value = match value {
            MetricValue::Computed { value, .. } => Some((*value, spec.unit)),
            MetricValue::NotComputable { reason, .. } => {
                notes.insert(0, reason.clone());
                None
            }
        };
        let line = Line {
            name: report.metrics.label(spec.id),
            formula: trace.formula.clone(),
            inputs: inputs.join("\n"),
            sources: sources.join("\n"),
            value,
            notes: notes.join("\n"),
        };
        widths[1].0 = f64::max(widths[1].0, text_width(&line.name));
        widths[2].0 = f64::max(widths[2].0, text_width(&line.formula));
        widths[3].0 = f64::max(widths[3].0, text_width(&line.inputs));
        widths[4].0 = f64::max(widths[4].0, text_width(&line.sources));
        widths[6].0 = f64::max(widths[6].0, text_width(&line.notes));
        lines.push(line);
    }
    let col_w = |c: usize| column_width(widths[c]);
    let mut r = 2;
    for (i, line) in lines.iter().enumerate() {
        ws.write_with_format(r, 0, u32::try_from(i + 1).unwrap_or(0), &s.center)?;
        ws.write_string_with_format(r, 1, &line.name, &s.text)?;
        ws.write_string_with_format(r, 2, &line.formula, &s.text)?;
        ws.write_string_with_format(r, 3, &line.inputs, &s.text)?;
        ws.write_string_with_format(r, 4, &line.sources, &s.text)?;
        match line.value {
            Some((v, crate::metrics::MetricUnit::Percent)) => {
                ws.write_with_format(r, 5, v, &s.percent)?
            }
            Some((v, _)) => ws.write_with_format(r, 5, v, &s.number)?,
            None => ws.write_string_with_format(r, 5, "无法计算", &s.center)?,
        };
        ws.write_string_with_format(r, 6, &line.notes, &s.text)?;
        let height = wrapped_height(&[
            (&line.name, col_w(1)),
            (&line.formula, col_w(2)),
            (&line.inputs, col_w(3)),
            (&line.sources, col_w(4)),
            (&line.notes, col_w(6)),
        ]);
        ws.set_row_height(r, height)?;
        r += 1;
    }
    r += 1;
    ws.merge_range(
        r,
        0,
        r,
        LAST,
        "原始数据（从部门数据表中按标签读取）",
        &s.subtitle,
    )?;
    r += 1;
    for (c, h) in [
        "序号",
        "数据项",
        "数值",
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
        let (shown, converted) = (grouped(&shown), grouped(&converted));
        ws.write_string_with_format(r, 2, &shown, &s.text)?;
        ws.write_string_with_format(r, 3, &source, &s.text)?;
        ws.write_string_with_format(r, 4, &converted, &s.text)?;
        ws.merge_range(r, 5, r, LAST, &note, &s.text)?;
        let height = wrapped_height(&[
            (&info.name, col_w(1)),
            (&shown, col_w(2)),
            (&note, col_w(5) + col_w(6)),
        ]);
        ws.set_row_height(r, height)?;
        r += 1;
    }
    for (i, line) in report.data.iter().enumerate() {
        ws.write_with_format(r, 0, u32::try_from(i + 1).unwrap_or(0), &s.center)?;
        ws.write_string_with_format(r, 1, &line.name, &s.text)?;
        ws.write_string_with_format(r, 2, &line.shown, &s.text)?;
        ws.write_string_with_format(r, 3, &line.source, &s.text)?;
        ws.write_string_with_format(r, 4, "", &s.text)?;
        ws.merge_range(r, 5, r, LAST, &line.note, &s.text)?;
        let height = wrapped_height(&[
            (&line.name, col_w(1)),
            (&line.shown, col_w(2)),
            (&line.note, col_w(5) + col_w(6)),
        ]);
        ws.set_row_height(r, height)?;
        r += 1;
    }
    fit_columns(ws, &widths)?;
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, (1, 1))?;
    Ok(())
}

/// Sheet 说明: what a printed form must not carry — the files, the tool
/// and its version, the metrics' codes — and how to read the workbook.
fn notes_sheet(
    wb: &mut Workbook,
    report: &ScoredReport<'_>,
    placement: &Placement,
    s: &Styles,
) -> Result<(), XlsxError> {
    let card = report.card;
    let ws = wb.add_worksheet().set_name(NOTES_SHEET)?;
    ws.merge_range(
        0,
        0,
        0,
        2,
        &format!("{}评分结果说明", card.department),
        &s.title,
    )?;
    ws.set_row_height(0, 32)?;
    let rows = [
        ("单位名称", card.department.clone()),
        ("部门数据文件", card.file.clone()),
        ("评分表", card.rubric.clone()),
        ("等级标准", card.grade_scale.clone()),
        (
            "生成工具",
            format!("jixiao {}（部门整体支出绩效评价自动评分工具）", env!("CARGO_PKG_VERSION")),
        ),
        (
            "各列含义",
            "自评得分：单位自评；核算得分：按评分表规则由部门数据计算的得分（或单位尚未自评时写入评分表原有的得分列）；审核得分：审核人员填写，填写后以审核得分为准；计算说明：指标值、输入数据和评分规则的理解".to_string(),
        ),
        (
            "得分来源",
            "核算：按评分表规则计算；参考：评分表未写评分标准，按默认规则计算；自评（未核验）：人工评分项采用单位自评得分；审核：审核人员填写或修改；待评：尚无得分。只有核算和审核的得分是确定的，其余存在时等级为暂定".to_string(),
        ),
        (
            "审核与汇总",
            "审核人员在“审核得分”列填写得分（或直接修改核算得分），合计、等级和评分汇总自动更新；保存后（.xlsx 或 .ods 均可）交回财政部门，用 jixiao aggregate 汇总。请勿删除或移动评分表的行，也不要修改隐藏的“_jixiao”工作表".to_string(),
        ),
    ];
    let merges = (!placement.merges_changed.is_empty()).then(|| {
        (
            "合并单元格",
            format!(
                "评分表原有的合并区域 {} 与其他合并区域重叠或延伸到表格之外（Excel 不接受这样的文件），已取消或截短，单元格内容不变",
                placement.merges_changed.join("、")
            ),
        )
    });
    let mut r = 1;
    for (k, v) in rows.into_iter().chain(merges) {
        ws.write_string_with_format(r, 0, k, &s.header)?;
        ws.merge_range(r, 1, r, 2, &v, &s.text)?;
        ws.set_row_height(r, wrapped_height(&[(&v, 88.0)]))?;
        r += 1;
    }
    r += 1;
    for (c, h) in ["指标", "指标代码（配置文件中使用）", "计算公式"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
    r += 1;
    for spec in METRICS {
        if report.metrics.get(spec.id).is_none() {
            continue;
        }
        ws.write_string_with_format(r, 0, report.metrics.name(spec.id), &s.text)?;
        ws.write_string_with_format(r, 1, spec.key, &s.text)?;
        ws.write_string_with_format(r, 2, spec.formula, &s.text)?;
        r += 1;
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 60)?;
    print_setup(ws, (0, 0))?;
    Ok(())
}

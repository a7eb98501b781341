//! The scored 评分表 in the rubric's own layout.
//!
//! The rubric sheet is copied as it was — rows, columns, merged cells and
//! texts — and its columns keep their meaning (DESIGN §3):
//! - the department's 自评得分 is never overwritten (it is rewritten from the
//!   scorecard, so a shared rubric file never shows another department's
//!   self-scores);
//! - jixiao's score goes into a 核算得分 column inserted after 自评得分 (or
//!   before 审核得分), or into the rubric's score column when this
//!   department has no self-scores there;
//! - 审核得分 is left empty for the reviewer;
//! - the explanation goes into 扣分原因 when present, else into a 计算说明
//!   column added at the right.
//!
//! The total row's scores are formulas with their computed results.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, Workbook, Worksheet, XlsxError};

use super::record::{PlacedRow, Placement};
use super::style::{Styles, text_width, wrapped_height};
use super::verdict::Cells;
use crate::base::cell_ref::cell_name;
use crate::grid::{CellValue, MergedRange};
use crate::rubric::RubricLayout;
use crate::score::Scorecard;

/// The header of the column jixiao inserts for its score.
pub const SCORE_HEADER: &str = "核算得分";
/// The header of the explanation column jixiao adds when the rubric has none.
pub const EXPLANATION_HEADER: &str = "计算说明";

/// Where jixiao writes in a copied rubric (columns of the written sheet).
struct Targets {
    /// A column inserted for 核算得分: source columns at or right of it
    /// move one to the right.
    inserted: Option<u16>,
    score: u16,
    review: Option<u16>,
    /// 自评得分, when it is not the score column.
    self_col: Option<u16>,
    explanation: u16,
    /// The explanation column was added at the right.
    explanation_added: bool,
    /// Used width of the source sheet.
    width: u16,
    last_col: u16,
}

impl Targets {
    /// The written column of a source column.
    fn out(&self, c: u16) -> u16 {
        match self.inserted {
            Some(i) if c >= i => c + 1,
            _ => c,
        }
    }

    /// The source column shown in a written column, if any.
    fn source(&self, c: u16) -> Option<u16> {
        if self.explanation_added && c == self.explanation {
            return None;
        }
        match self.inserted {
            Some(i) if c == i => None,
            Some(i) if c > i => Some(c - 1),
            _ => Some(c),
        }
    }
}

fn targets(layout: &RubricLayout, card: &Scorecard) -> Targets {
    let sheet = &layout.sheet;
    let width = (0..sheet.row_count())
        .map(|r| {
            (0..sheet.col_count())
                .rev()
                .find(|c| !sheet.get(r, *c).is_empty())
                .map_or(0, |c| c + 1)
        })
        .max()
        .unwrap_or(0);
    let cols = &layout.columns;
    let no_self_scores = card.rows.iter().all(|r| r.self_score.is_none());
    let (inserted, score_src) = match cols.self_score {
        // The department scores itself and its score column is empty:
        // jixiao's score goes there.
        Some(c) if no_self_scores => (None, Some(c)),
        _ => {
            let at = cols
                .self_score
                .map(|c| c + 1)
                .or(cols.review)
                .or(cols.max.map(|c| c + 1))
                .unwrap_or(width)
                .min(width);
            (Some(at), None)
        }
    };
    let mut t = Targets {
        inserted,
        score: 0,
        review: None,
        self_col: None,
        explanation: 0,
        explanation_added: false,
        width,
        last_col: 0,
    };
    t.score = match (inserted, score_src) {
        (_, Some(c)) => t.out(c),
        (Some(i), None) => i,
        (None, None) => 0,
    };
    t.review = cols.review.map(|c| t.out(c));
    t.self_col = match score_src {
        Some(_) => None,
        None => cols.self_score.map(|c| t.out(c)),
    };
    let out_width = width + u16::from(inserted.is_some());
    match cols.reason {
        Some(c) => t.explanation = t.out(c),
        None => {
            t.explanation = out_width;
            t.explanation_added = true;
        }
    }
    t.last_col = out_width.saturating_sub(1).max(t.explanation).max(t.score);
    t
}

/// The merged ranges of the written sheet: the source's, moved with their
/// columns; those above the header that reached the table's right edge are
/// stretched to the new right edge, so titles span the table.
fn merges(layout: &RubricLayout, t: &Targets) -> Vec<MergedRange> {
    let right = t.out(t.width.saturating_sub(1));
    layout
        .sheet
        .merged
        .iter()
        .map(|m| {
            let mut out = MergedRange {
                first_row: m.first_row,
                first_col: t.out(m.first_col),
                last_row: m.last_row,
                last_col: t.out(m.last_col),
            };
            if m.last_row < layout.header_row && out.last_col >= right {
                out.last_col = t.last_col;
            }
            out
        })
        .collect()
}

/// A title or note line above the header: `评价单位（盖章）：…` and
/// `单位名称：…` name the department scored (a shared rubric file names its
/// own); the title names it when it does not already.
fn above_header_text(text: &str, r: u32, is_title: bool, card: &Scorecard) -> String {
    let t = text.trim();
    for label in ["评价单位", "单位名称", "被评价单位"] {
        if t.starts_with(label)
            && let Some(i) = t.find(['：', ':'])
        {
            let colon = t[i..].chars().next().map_or(1, char::len_utf8);
            return format!("{}{}", &t[..i + colon], card.department);
        }
    }
    if is_title && r == 0 && !t.contains(&card.department) {
        return format!("{t}（{}）", card.department);
    }
    text.to_string()
}

/// Writes sheet 评分表 in the rubric's layout. Returns where each row is.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn write(
    wb: &mut Workbook,
    card: &Scorecard,
    layout: &RubricLayout,
    s: &Styles,
    cells: &Cells,
) -> Result<Placement, XlsxError> {
    let sheet = &layout.sheet;
    let t = targets(layout, card);
    let merged = merges(layout, &t);
    let ws = wb.add_worksheet().set_name("评分表")?;
    // Formulas whose result is "" (an empty 审核得分 total) store it as such.
    ws.set_formula_result_default("");
    let last_row = sheet.row_count().saturating_sub(1);
    let header_end = layout
        .first_data_row
        .saturating_sub(1)
        .max(layout.header_row);
    let merged_at = |r: u32, c: u16| merged.iter().find(|m| m.contains(r, c));
    // A title: a wide merge in the first row, or the first row's only text.
    let title_row = |r: u32| {
        r == 0
            && (0..sheet.col_count())
                .filter(|c| !sheet.get(0, *c).is_empty())
                .count()
                == 1
    };
    let format_at = |r: u32, c: u16| {
        if r < layout.header_row {
            if title_row(r) { &s.title } else { &s.subtitle }
        } else if r <= header_end {
            &s.header
        } else if matches!(sheet.get(r, c), CellValue::Number(_)) {
            &s.score
        } else {
            &s.text
        }
    };
    let scored: Vec<(usize, u32)> = card
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.source_row.map(|sr| (i, sr)))
        .collect();
    // Borders over the whole table.
    for r in layout.header_row..=last_row {
        for c in 0..=t.last_col {
            if merged_at(r, c).is_none() {
                let f = t.source(c).map_or(&s.text, |sc| format_at(r, sc));
                ws.write_blank(r, c, f)?;
            }
        }
    }
    // The rubric's own cells, then its merged ranges.
    let write_cell =
        |ws: &mut Worksheet, r: u32, sc: u16, v: &CellValue| -> Result<(), XlsxError> {
            let f = format_at(r, sc);
            let c = t.out(sc);
            match v {
                CellValue::Number(d) => ws.write_with_format(r, c, *d, f)?,
                other if r < layout.header_row => ws.write_string_with_format(
                    r,
                    c,
                    above_header_text(&other.display(), r, title_row(r), card),
                    f,
                )?,
                other => ws.write_string_with_format(r, c, other.display(), f)?,
            };
            Ok(())
        };
    for (r, c, v) in sheet.cells() {
        if sheet
            .merged_at(r, c)
            .is_some_and(|m| (m.first_row, m.first_col) != (r, c))
        {
            continue;
        }
        write_cell(ws, r, c, v)?;
    }
    for (m, out) in sheet.merged.iter().zip(&merged) {
        let f = format_at(m.first_row, m.first_col);
        ws.merge_range(
            out.first_row,
            out.first_col,
            out.last_row,
            out.last_col,
            "",
            f,
        )?;
        write_cell(
            ws,
            m.first_row,
            m.first_col,
            sheet.get(m.first_row, m.first_col),
        )?;
    }
    // A title alone in its row spans the table.
    if title_row(0)
        && merged_at(0, 0).is_none()
        && let Some(c) = (0..sheet.col_count()).find(|c| !sheet.get(0, *c).is_empty())
        && c == 0
        && t.last_col > 0
    {
        let text = above_header_text(&sheet.get(0, 0).display(), 0, true, card);
        ws.merge_range(0, 0, 0, t.last_col, &text, &s.title)?;
    }
    // Headers of the columns jixiao adds, over every header row not
    // covered by a rubric merge.
    let mut added: Vec<(u16, &str)> = Vec::new();
    if let Some(i) = t.inserted {
        added.push((i, SCORE_HEADER));
    }
    if t.explanation_added {
        added.push((t.explanation, EXPLANATION_HEADER));
    }
    for (c, name) in &added {
        let free: Vec<u32> = (layout.header_row..=header_end)
            .filter(|r| merged_at(*r, *c).is_none())
            .collect();
        match (free.first(), free.last()) {
            (Some(a), Some(b)) if b > a && free.len() == (b - a + 1) as usize => {
                ws.merge_range(*a, *c, *b, *c, name, &s.header)?;
            }
            (Some(a), _) => {
                ws.write_string_with_format(*a, *c, *name, &s.header)?;
            }
            _ => {}
        }
    }
    // Column widths from the texts (calamine does not report the source widths).
    let mut widths: Vec<f64> = (0..=t.last_col)
        .map(|c| match t.source(c) {
            Some(sc) => (layout.first_data_row..=last_row)
                .map(|r| sheet.shown(r, sc).display())
                .map(|x| x.lines().map(text_width).fold(0.0, f64::max))
                .fold(6.0, f64::max)
                .min(48.0),
            None => 9.0,
        })
        .collect();
    widths[usize::from(t.explanation)] = 44.0;
    widths[usize::from(t.score)] = widths[usize::from(t.score)].max(9.0);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(0), w + 2.0)?;
    }
    // Scores, the department's self-scores, empty review cells, explanations.
    let mut explanations: Vec<(u32, String)> = Vec::new();
    for (i, r) in &scored {
        let row = &card.rows[*i];
        match row.score {
            Some(v) => ws.write_with_format(*r, t.score, v, &s.score)?,
            None => ws.write_blank(*r, t.score, &s.score)?,
        };
        if let Some(c) = t.self_col {
            match row.self_score {
                Some(v) => ws.write_with_format(*r, c, v, &s.score)?,
                None => ws.write_blank(*r, c, &s.score)?,
            };
        }
        if let Some(c) = t.review {
            ws.write_blank(*r, c, &s.score)?;
        }
        let ours = row.explanation_with_reading();
        let text = match sheet.text(*r, layout.columns.reason.unwrap_or(u16::MAX)) {
            Some(own) if !t.explanation_added => format!("{own}\n{ours}"),
            _ => ours,
        };
        ws.write_string_with_format(*r, t.explanation, &text, &s.text)?;
        explanations.push((*r, text));
    }
    // Row heights: titles, header rows, data rows.
    for r in 0..layout.header_row {
        ws.set_row_height(r, if title_row(r) { 32.0 } else { 22.0 })?;
    }
    let shown = |r: u32, c: u16| -> String {
        if c == t.explanation
            && let Some((_, x)) = explanations.iter().find(|(er, _)| *er == r)
        {
            return x.clone();
        }
        t.source(c)
            .map(|sc| sheet.get(r, sc).display())
            .unwrap_or_default()
    };
    let span_width = |m: &MergedRange| -> f64 {
        (m.first_col..=m.last_col)
            .map(|c| widths[usize::from(c)] + 2.0)
            .sum()
    };
    let header_rows = header_end - layout.header_row + 1;
    let mut header_need: f64 = 0.0;
    for c in 0..=t.last_col {
        let text = shown(layout.header_row, c);
        let text = if text.is_empty() {
            added
                .iter()
                .find(|(ac, _)| *ac == c)
                .map(|(_, n)| (*n).to_string())
                .unwrap_or_default()
        } else {
            text
        };
        let w = merged_at(layout.header_row, c).map_or(widths[usize::from(c)] + 2.0, span_width);
        header_need = header_need.max(wrapped_height(&[(&text, w)]));
    }
    for r in layout.header_row..=header_end {
        let own: Vec<(String, f64)> = (0..=t.last_col)
            .filter(|c| merged_at(r, *c).is_none_or(|m| m.first_row == m.last_row))
            .map(|c| {
                let w = merged_at(r, c).map_or(widths[usize::from(c)] + 2.0, span_width);
                (shown(r, c), w)
            })
            .collect();
        let refs: Vec<(&str, f64)> = own.iter().map(|(x, w)| (x.as_str(), *w)).collect();
        let per_row = header_need / f64::from(header_rows);
        ws.set_row_height(r, wrapped_height(&refs).max(per_row))?;
    }
    for r in layout.first_data_row..=last_row {
        let cells: Vec<(String, f64)> = (0..=t.last_col)
            .filter(|c| merged_at(r, *c).is_none_or(|m| m.first_row == m.last_row))
            .map(|c| {
                let w = merged_at(r, c).map_or(widths[usize::from(c)] + 2.0, span_width);
                (shown(r, c), w)
            })
            .collect();
        let refs: Vec<(&str, f64)> = cells.iter().map(|(x, w)| (x.as_str(), *w)).collect();
        ws.set_row_height(r, wrapped_height(&refs))?;
    }
    // The total row: formulas over the scored rows.
    let rows: Vec<u32> = scored.iter().map(|(_, r)| *r).collect();
    let (first, last) = (
        rows.iter().min().copied().unwrap_or(0),
        rows.iter().max().copied().unwrap_or(0),
    );
    let max_col = layout.columns.max.map_or(t.score, |c| t.out(c));
    let total_row = match layout.total_rows.iter().copied().find(|r| *r > last) {
        Some(r) => r,
        None => {
            let r = last_row + 1;
            match max_col {
                0 => {}
                1 => {
                    ws.write_string_with_format(r, 0, "合计", &s.subtotal_text)?;
                }
                _ => {
                    ws.merge_range(r, 0, r, max_col - 1, "合计", &s.subtotal_text)?;
                }
            }
            let sum: Decimal = card.rows.iter().map(|x| x.max).sum();
            ws.write_formula_with_format(
                r,
                max_col,
                Formula::new(format!(
                    "=SUM({}:{})",
                    cell_name(first, max_col),
                    cell_name(last, max_col)
                ))
                .set_result(super::record::result(sum)),
                &s.subtotal_score,
            )?;
            r
        }
    };
    let range = |c: u16| format!("{}:{}", cell_name(first, c), cell_name(last, c));
    ws.write_formula_with_format(
        total_row,
        t.score,
        Formula::new(format!("=SUM({})", range(t.score)))
            .set_result(super::record::result(card.total)),
        &s.subtotal_score,
    )?;
    if let Some(c) = t.self_col {
        match card.self_total {
            Some(v) => ws.write_formula_with_format(
                total_row,
                c,
                Formula::new(format!("=SUM({})", range(c))).set_result(super::record::result(v)),
                &s.subtotal_score,
            )?,
            None => ws.write_blank(total_row, c, &s.subtotal_score)?,
        };
    }
    if let Some(v) = t.review {
        ws.write_formula_with_format(
            total_row,
            v,
            Formula::new(super::scored::review_total(&range(v), &range(t.score))).set_result(""),
            &s.subtotal_score,
        )?;
    }
    ws.write_formula_with_format(
        total_row,
        t.explanation,
        Formula::new(format!(
            "=\"等级：\"&{}&\"（{}）\"",
            cells.grade_cell(),
            card.grade_scale.replace('"', "\"\"")
        ))
        .set_result(format!(
            "等级：{}（{}）",
            card.grade_label(),
            card.grade_scale
        )),
        &s.subtotal_text,
    )?;
    // The headline and the split under the table, as formulas.
    let mut r = total_row.max(last_row) + 1;
    for (cell, value) in [
        (cells.headline_cell(), format!("结论：{}", card.headline)),
        (
            cells.split_cell(),
            format!(
                "得分构成：{}",
                crate::score::explain::split_text(&card.split)
            ),
        ),
    ] {
        let label = value.split('：').next().unwrap_or_default().to_string();
        ws.merge_range(r, 0, r, t.last_col, "", &s.subtitle)?;
        ws.write_formula_with_format(
            r,
            0,
            Formula::new(format!("=\"{label}：\"&{cell}")).set_result(value),
            &s.subtitle,
        )?;
        ws.set_row_height(r, 20)?;
        r += 1;
    }
    r += 1;
    ws.merge_range(
        r,
        0,
        r,
        t.last_col,
        "填报人：　　　　　　　　单位负责人（签字）：　　　　　　　　（盖章）　　　　　　　　填报日期：　　　　年　　月　　日",
        &s.subtitle,
    )?;
    r += 1;
    ws.set_row_height(r - 1, 28)?;
    let _ = r;
    ws.set_freeze_panes(layout.first_data_row, 0)?;
    super::style::print_setup(ws, (layout.header_row, header_end))?;
    let name_src = layout
        .columns
        .level3
        .or(layout.columns.level2)
        .or(layout.columns.level1)
        .unwrap_or(0);
    Ok(Placement {
        sheet: "评分表".to_string(),
        score_col: t.score,
        review_col: t.review,
        self_col: t.self_col,
        name_col: t.out(name_src),
        max_col,
        total_row,
        rows: scored
            .iter()
            .map(|(i, r)| PlacedRow {
                index: *i,
                row: *r,
                name_shown: sheet.get(*r, name_src).display(),
            })
            .collect(),
    })
}

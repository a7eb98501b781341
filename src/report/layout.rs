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
use super::{form, paging};
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

/// The merged ranges of the written sheet, each with its source range:
/// the source's, moved with their columns; those above the header that
/// reached the table's right edge are stretched to the new right edge, so
/// titles span the table.
///
/// Rows below the source's last row with content are jixiao's (total,
/// verdict, signatures): a range reaching into them is cut at that row. A
/// range that overlaps one kept before it (top to bottom, left to right;
/// Excel refuses such a file, WPS sometimes writes one) is left out, its
/// cells written unmerged. Returns the kept ranges and the source ranges
/// left out or cut, as `A29:I29`.
fn merges(layout: &RubricLayout, t: &Targets) -> (Vec<(MergedRange, MergedRange)>, Vec<String>) {
    let right = t.out(t.width.saturating_sub(1));
    let last_row = layout.sheet.row_count().saturating_sub(1);
    let mut source: Vec<MergedRange> = layout.sheet.merged.clone();
    source.sort_by_key(|m| (m.first_row, m.first_col, m.last_row, m.last_col));
    let mut kept: Vec<(MergedRange, MergedRange)> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    for m in &source {
        let name = format!(
            "{}:{}",
            cell_name(m.first_row, m.first_col),
            cell_name(m.last_row, m.last_col)
        );
        let mut src = *m;
        if src.last_row > last_row {
            changed.push(name.clone());
            src.last_row = last_row;
            if src.first_row > src.last_row
                || (src.first_row == src.last_row && src.first_col == src.last_col)
            {
                continue;
            }
        }
        let mut out = MergedRange {
            first_row: src.first_row,
            first_col: t.out(src.first_col),
            last_row: src.last_row,
            last_col: t.out(src.last_col),
        };
        if src.last_row < layout.header_row && out.last_col >= right {
            out.last_col = t.last_col;
        }
        if kept.iter().any(|(_, k)| overlap(k, &out)) {
            if changed.last() != Some(&name) {
                changed.push(name);
            }
            continue;
        }
        kept.push((src, out));
    }
    (kept, changed)
}

/// Whether two ranges share a cell.
fn overlap(a: &MergedRange, b: &MergedRange) -> bool {
    a.first_row <= b.last_row
        && b.first_row <= a.last_row
        && a.first_col <= b.last_col
        && b.first_col <= a.last_col
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

/// Rows that stay on one page: each 一级 group with its 二级 groups as
/// parts, and their indicators (sub-points together) as parts of those,
/// from the scorecard's rows (their rubric rows); the rows between groups
/// count with the group before.
fn blocks(card: &Scorecard, first_data_row: u32, data_end: u32) -> Vec<paging::Block> {
    let mut rows: Vec<(u32, [&str; 3])> = card
        .rows
        .iter()
        .filter_map(|r| {
            r.source_row
                .map(|sr| (sr, [r.level1.as_str(), r.level2.as_str(), r.name.as_str()]))
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    let mut out: Vec<paging::Block> = Vec::new();
    for (i, (row, keys)) in rows.iter().enumerate() {
        let start = if i == 0 { first_data_row } else { *row };
        let end = rows.get(i + 1).map_or(data_end, |n| n.0 - 1);
        // The first level whose key changes here (3: none).
        let level = (0..3)
            .find(|l| i == 0 || rows[i - 1].1[*l] != keys[*l])
            .unwrap_or(3);
        // Open new blocks from `level` down; extend the open ones above.
        let mut list = &mut out;
        for l in 0..3 {
            if l >= level {
                list.push(paging::Block::rows(start, end));
            }
            let Some(open) = list.last_mut() else { break };
            open.last = end;
            list = &mut open.parts;
        }
    }
    out
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
    let (pairs, merges_changed) = merges(layout, &t);
    let merged: Vec<MergedRange> = pairs.iter().map(|(_, out)| *out).collect();
    let source_merged_at = |r: u32, c: u16| pairs.iter().map(|(m, _)| m).find(|m| m.contains(r, c));
    let ws = wb.add_worksheet().set_name("评分表")?;
    // Formulas whose result is "" (an empty 审核得分 total) store it as such.
    ws.set_formula_result_default("");
    let last_row = sheet.row_count().saturating_sub(1);
    let header_end = layout
        .first_data_row
        .saturating_sub(1)
        .max(layout.header_row);
    let merged_at = |r: u32, c: u16| merged.iter().find(|m| m.contains(r, c));
    // A title: the first row's only text.
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
        } else if let CellValue::Number(d) = sheet.get(r, c) {
            if d.abs() >= Decimal::ONE_THOUSAND {
                &s.amount
            } else {
                &s.score
            }
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
    let data_end = scored.iter().map(|(_, r)| *r).max().unwrap_or(last_row);
    // Column widths from the texts (calamine does not report the source
    // widths); long texts wrap.
    let mut widths: Vec<f64> = (0..=t.last_col)
        .map(|c| match t.source(c) {
            Some(sc) => (layout.first_data_row..=last_row)
                .map(|r| sheet.shown(r, sc).display())
                .map(|x| x.lines().map(text_width).fold(0.0, f64::max))
                .fold(6.0, f64::max)
                .min(36.0),
            None => 9.0,
        })
        .collect();
    widths[usize::from(t.explanation)] = 40.0;
    widths[usize::from(t.score)] = widths[usize::from(t.score)].max(9.0);
    let col_widths: Vec<f64> = widths.iter().map(|w| w + 2.0).collect();
    // The explanations, then every row's height: the page breaks need them.
    let explanations: Vec<(u32, String)> = scored
        .iter()
        .map(|(i, r)| {
            let ours = card.rows[*i].explanation_with_reading();
            let text = match sheet.text(*r, layout.columns.reason.unwrap_or(u16::MAX)) {
                Some(own) if !t.explanation_added => format!("{own}\n{ours}"),
                _ => ours,
            };
            (*r, text)
        })
        .collect();
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
            .map(|c| col_widths[usize::from(c)])
            .sum()
    };
    let mut added: Vec<(u16, &str)> = Vec::new();
    if let Some(i) = t.inserted {
        added.push((i, SCORE_HEADER));
    }
    if t.explanation_added {
        added.push((t.explanation, EXPLANATION_HEADER));
    }
    let mut heights: Vec<f64> = Vec::new();
    for r in 0..layout.header_row {
        heights.push(if title_row(r) { 32.0 } else { 22.0 });
    }
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
        let w = merged_at(layout.header_row, c).map_or(col_widths[usize::from(c)], span_width);
        header_need = header_need.max(wrapped_height(&[(&text, w)]));
    }
    let row_need = |r: u32| -> f64 {
        let cells: Vec<(String, f64)> = (0..=t.last_col)
            .filter(|c| merged_at(r, *c).is_none_or(|m| m.first_row == m.last_row))
            .map(|c| {
                let w = merged_at(r, c).map_or(col_widths[usize::from(c)], span_width);
                (shown(r, c), w)
            })
            .collect();
        let refs: Vec<(&str, f64)> = cells.iter().map(|(x, w)| (x.as_str(), *w)).collect();
        wrapped_height(&refs)
    };
    for r in layout.header_row..=header_end {
        heights.push(row_need(r).max(header_need / f64::from(header_rows)));
    }
    for r in layout.first_data_row..=last_row {
        heights.push(row_need(r));
    }
    // The total row (the rubric's, or one added), the verdict lines, the
    // note and the signatures.
    let total_row = layout
        .total_rows
        .iter()
        .copied()
        .find(|r| *r > data_end)
        .unwrap_or(last_row + 1);
    while heights.len() <= total_row as usize {
        heights.push(20.0);
    }
    // The total row's explanation cell holds the grade and the bands.
    let grade_text = format!("等级：{}（{}）", card.grade_label(), card.grade_scale);
    let need = wrapped_height(&[(&grade_text, col_widths[usize::from(t.explanation)])]);
    heights[total_row as usize] = heights[total_row as usize].max(need);
    let verdict_row = total_row.max(last_row) + 1;
    let closing_row = verdict_row + 2;
    while heights.len() < (closing_row + 3) as usize {
        heights.push(if heights.len() >= closing_row as usize {
            30.0
        } else {
            20.0
        });
    }
    let mut groups = blocks(card, layout.first_data_row, data_end);
    let tail = paging::Block::rows(data_end + 1, closing_row + 2);
    match groups.last_mut() {
        Some(last) => {
            last.last = tail.last;
            last.parts.push(tail);
        }
        None => groups.push(tail),
    }
    let height_of = |r: u32| heights.get(r as usize).copied().unwrap_or(15.0);
    let scale = paging::scale_for(&col_widths);
    let pages = paging::Pages {
        height: &height_of,
        first_page: (0..layout.first_data_row).map(height_of).sum(),
        repeated: (layout.header_row..=header_end).map(height_of).sum(),
        scale,
    };
    let breaks = pages.breaks(&groups);
    // Now write: borders over the whole table, then the rubric's own cells.
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(u32::try_from(r).unwrap_or(0), *h)?;
    }
    for r in layout.header_row..=last_row {
        for c in 0..=t.last_col {
            if merged_at(r, c).is_none() {
                let f = t.source(c).map_or(&s.text, |sc| format_at(r, sc));
                ws.write_blank(r, c, f)?;
            }
        }
    }
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
        if source_merged_at(r, c).is_some_and(|m| (m.first_row, m.first_col) != (r, c)) {
            continue;
        }
        write_cell(ws, r, c, v)?;
    }
    for (m, out) in &pairs {
        let f = format_at(m.first_row, m.first_col);
        let value = sheet.get(m.first_row, m.first_col);
        // Merged cells in the table are cut at page breaks; a text repeats
        // in each piece, a number stays in the first.
        let cut: &[u32] = if m.first_row >= layout.first_data_row {
            &breaks
        } else {
            &[]
        };
        for (i, (a, b)) in paging::split_at(out.first_row, out.last_row, cut)
            .into_iter()
            .enumerate()
        {
            if a != b || out.first_col != out.last_col {
                ws.merge_range(a, out.first_col, b, out.last_col, "", f)?;
            }
            match value {
                CellValue::Number(d) if i == 0 => {
                    ws.write_with_format(a, out.first_col, *d, f)?;
                }
                CellValue::Number(_) => {
                    ws.write_blank(a, out.first_col, f)?;
                }
                _ if a == m.first_row => write_cell(ws, a, m.first_col, value)?,
                other => {
                    ws.write_string_with_format(a, out.first_col, other.display(), f)?;
                }
            }
        }
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
    for (c, w) in col_widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(0), *w)?;
    }
    // Scores, the department's self-scores, empty review cells, explanations;
    // cells a person fills are shaded and take only a score.
    for ((i, r), (_, text)) in scored.iter().zip(&explanations) {
        let row = &card.rows[*i];
        match row.score {
            Some(v) => ws.write_with_format(*r, t.score, v, &s.score)?,
            None => ws.write_blank(*r, t.score, &s.input)?,
        };
        form::validate_score(ws, *r, t.score, row.max)?;
        if let Some(c) = t.self_col {
            match row.self_score {
                Some(v) => ws.write_with_format(*r, c, v, &s.score)?,
                None => ws.write_blank(*r, c, &s.score)?,
            };
        }
        if let Some(c) = t.review {
            ws.write_blank(*r, c, &s.input)?;
            form::validate_score(ws, *r, c, row.max)?;
        }
        ws.write_string_with_format(*r, t.explanation, text, &s.text)?;
    }
    // The total row: formulas over the scored rows.
    let (first, last) = (scored.iter().map(|(_, r)| *r).min().unwrap_or(0), data_end);
    let max_col = layout.columns.max.map_or(t.score, |c| t.out(c));
    if !layout.total_rows.contains(&total_row) {
        match max_col {
            0 => {}
            1 => {
                ws.write_string_with_format(total_row, 0, "合计", &s.subtotal_text)?;
            }
            _ => {
                ws.merge_range(
                    total_row,
                    0,
                    total_row,
                    max_col - 1,
                    "合计",
                    &s.subtotal_text,
                )?;
            }
        }
        let sum: Decimal = card.rows.iter().map(|x| x.max).sum();
        ws.write_formula_with_format(
            total_row,
            max_col,
            Formula::new(format!(
                "=SUM({}:{})",
                cell_name(first, max_col),
                cell_name(last, max_col)
            ))
            .set_result(super::record::result(sum)),
            &s.subtotal_score,
        )?;
    }
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
            Formula::new(super::form::review_total(&range(v), &range(t.score))).set_result(""),
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
        .set_result(grade_text),
        &s.subtotal_text,
    )?;
    // The headline and the split under the table, as formulas.
    for (r, (cell, value)) in (verdict_row..).zip([
        (cells.headline_cell(), format!("结论：{}", card.headline)),
        (
            cells.split_cell(),
            format!(
                "得分构成：{}",
                crate::score::explain::split_text(&card.split)
            ),
        ),
    ]) {
        let label = value.split('：').next().unwrap_or_default().to_string();
        ws.merge_range(r, 0, r, t.last_col, "", &s.subtitle)?;
        ws.write_formula_with_format(
            r,
            0,
            Formula::new(format!("=\"{label}：\"&{cell}")).set_result(value),
            &s.subtitle,
        )?;
    }
    form::closing_lines(ws, closing_row, t.last_col, s)?;
    ws.set_freeze_panes(layout.first_data_row, 0)?;
    form::print_form(ws, (layout.header_row, header_end), scale, &breaks)?;
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
        merges_changed,
        rows: scored
            .iter()
            .map(|(i, r)| PlacedRow {
                index: *i,
                row: *r,
                name_shown: name_shown(sheet, *r, name_src, &breaks),
            })
            .collect(),
    })
}

/// The text written in a row's name cell: its own, or under a merged name
/// cut at a page break, the name repeated at the top of the new page.
fn name_shown(sheet: &crate::grid::Sheet, r: u32, c: u16, breaks: &[u32]) -> String {
    match sheet.merged_at(r, c) {
        Some(m)
            if m.first_row != r
                && breaks.contains(&r)
                && !matches!(sheet.get(m.first_row, m.first_col), CellValue::Number(_)) =>
        {
            sheet.get(m.first_row, m.first_col).display()
        }
        _ => sheet.get(r, c).display(),
    }
}

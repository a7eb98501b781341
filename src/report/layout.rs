//! The scored 评分表 in the rubric's own layout.
//!
//! The rubric sheet is copied as it was — rows, columns, merged cells and
//! texts — and only two columns are filled: the score column (审核得分 when
//! the rubric has one, else a 核算得分 column added at the right; the
//! department's 自评得分 is never overwritten) and the explanation column
//! (扣分原因 when present, else a 计算说明 column added at the right).
//! The 合计 row's score becomes a formula with its computed result.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, Workbook, XlsxError};

use super::style::{Styles, print_setup, text_width, wrapped_height};
use crate::base::cell_ref::cell_name;
use crate::grid::CellValue;
use crate::rubric::RubricLayout;
use crate::score::Scorecard;

/// Where jixiao writes in a copied rubric.
struct Targets {
    score: u16,
    explanation: u16,
    /// Columns added at the right, with their header text.
    added: Vec<(u16, &'static str)>,
    last_col: u16,
}

fn targets(layout: &RubricLayout) -> Targets {
    let width = (0..layout.sheet.row_count())
        .map(|r| {
            (0..layout.sheet.col_count())
                .rev()
                .find(|c| !layout.sheet.get(r, *c).is_empty())
                .map_or(0, |c| c + 1)
        })
        .max()
        .unwrap_or(0);
    let mut next = width;
    let mut added = Vec::new();
    let mut add = |name: &'static str| {
        let c = next;
        next += 1;
        added.push((c, name));
        c
    };
    let score = layout.columns.review.unwrap_or_else(|| add("核算得分"));
    let explanation = layout.columns.reason.unwrap_or_else(|| add("计算说明"));
    Targets {
        score,
        explanation,
        added,
        last_col: next.saturating_sub(1).max(width.saturating_sub(1)),
    }
}

/// Writes sheet 评分表 in the rubric's layout. Returns the total's cell.
pub fn write(
    wb: &mut Workbook,
    card: &Scorecard,
    layout: &RubricLayout,
    s: &Styles,
) -> Result<String, XlsxError> {
    let sheet = &layout.sheet;
    let t = targets(layout);
    let ws = wb.add_worksheet().set_name("评分表")?;
    let last_row = sheet.row_count().saturating_sub(1);
    let header_end = layout.first_data_row.saturating_sub(1);
    let format_at = |r: u32, c: u16| {
        if r < layout.header_row {
            let wide = sheet
                .merged_at(r, c)
                .is_some_and(|m| m.last_col > m.first_col + 2);
            if wide && r == 0 {
                &s.title
            } else {
                &s.subtitle
            }
        } else if r <= header_end {
            &s.header
        } else if matches!(sheet.get(r, c), CellValue::Number(_)) {
            &s.score
        } else {
            &s.text
        }
    };
    // Explanations and scores by source row.
    let mut filled: Vec<(u32, Option<Decimal>, String)> = Vec::new();
    for row in &card.rows {
        if let Some(r) = row.source_row {
            filled.push((r, row.score, row.explanation_with_reading()));
        }
    }
    // Borders over the whole table, then the rubric's own cells.
    for r in layout.header_row..=last_row {
        for c in 0..=t.last_col {
            if sheet.merged_at(r, c).is_none() {
                ws.write_blank(r, c, format_at(r, c))?;
            }
        }
    }
    for (r, c, v) in sheet.cells() {
        if sheet
            .merged_at(r, c)
            .is_some_and(|m| (m.first_row, m.first_col) != (r, c))
        {
            continue;
        }
        let f = format_at(r, c);
        match v {
            CellValue::Number(d) => ws.write_with_format(r, c, *d, f)?,
            other => ws.write_string_with_format(r, c, other.display(), f)?,
        };
    }
    for m in &sheet.merged {
        let f = format_at(m.first_row, m.first_col);
        match sheet.get(m.first_row, m.first_col) {
            CellValue::Number(d) => {
                ws.merge_range(m.first_row, m.first_col, m.last_row, m.last_col, "", f)?;
                ws.write_with_format(m.first_row, m.first_col, *d, f)?;
            }
            other => {
                ws.merge_range(
                    m.first_row,
                    m.first_col,
                    m.last_row,
                    m.last_col,
                    &other.display(),
                    f,
                )?;
            }
        }
    }
    for (c, name) in &t.added {
        if header_end > layout.header_row {
            ws.merge_range(layout.header_row, *c, header_end, *c, name, &s.header)?;
        } else {
            ws.write_string_with_format(layout.header_row, *c, *name, &s.header)?;
        }
    }
    // Column widths from the texts (calamine does not report the source widths).
    let mut widths: Vec<f64> = (0..=t.last_col)
        .map(|c| {
            (layout.first_data_row..=last_row)
                .map(|r| sheet.shown(r, c).display())
                .map(|x| x.lines().map(text_width).fold(0.0, f64::max))
                .fold(6.0, f64::max)
                .min(48.0)
        })
        .collect();
    widths[usize::from(t.explanation)] = 44.0;
    widths[usize::from(t.score)] = widths[usize::from(t.score)].max(9.0);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(0), w + 2.0)?;
    }
    // Scores and explanations.
    for (r, score, text) in &filled {
        match score {
            Some(v) => ws.write_with_format(*r, t.score, *v, &s.score)?,
            None => ws.write_blank(*r, t.score, &s.score)?,
        };
        let own = sheet.text(*r, t.explanation).map(str::to_string);
        let text = match own {
            Some(o) if t.explanation < t.last_col || layout.columns.reason.is_some() => {
                format!("{o}\n{text}")
            }
            _ => text.clone(),
        };
        ws.write_string_with_format(*r, t.explanation, &text, &s.text)?;
    }
    // Row heights for wrapped texts.
    for r in layout.first_data_row..=last_row {
        let cells: Vec<(String, f64)> = (0..=t.last_col)
            .filter(|c| {
                sheet
                    .merged_at(r, *c)
                    .is_none_or(|m| m.first_row == m.last_row)
            })
            .map(|c| {
                let text = filled
                    .iter()
                    .find(|(fr, _, _)| *fr == r && c == t.explanation)
                    .map_or_else(|| sheet.get(r, c).display(), |(_, _, x)| x.clone());
                (text, widths[usize::from(c)] + 2.0)
            })
            .collect();
        let refs: Vec<(&str, f64)> = cells.iter().map(|(x, w)| (x.as_str(), *w)).collect();
        ws.set_row_height(r, wrapped_height(&refs))?;
    }
    // The total row: a formula over the scored rows.
    let scored_rows: Vec<u32> = filled.iter().map(|(r, _, _)| *r).collect();
    let (first, last) = (
        scored_rows.iter().min().copied().unwrap_or(0),
        scored_rows.iter().max().copied().unwrap_or(0),
    );
    let result = crate::base::format::num(crate::base::format::round_half_up(card.total, 2));
    let total_row = layout.total_rows.iter().copied().find(|r| *r > last);
    let total_row = match total_row {
        Some(r) => r,
        None => {
            let r = last_row + 1;
            ws.merge_range(
                r,
                0,
                r,
                t.score.saturating_sub(1).max(1),
                "合计",
                &s.subtotal_text,
            )?;
            r
        }
    };
    let sum = format!(
        "=SUM({}:{})",
        cell_name(first, t.score),
        cell_name(last, t.score)
    );
    ws.write_formula_with_format(
        total_row,
        t.score,
        Formula::new(sum).set_result(result),
        &s.subtotal_score,
    )?;
    ws.write_string_with_format(
        total_row,
        t.explanation,
        format!("等级：{}（{}）", card.grade_label(), card.grade_scale),
        &s.subtotal_text,
    )?;
    let total_cell = format!("评分表!{}", cell_name(total_row, t.score));
    let mut r = total_row.max(last_row) + 2;
    ws.merge_range(r, 0, r, t.last_col, &format!("jixiao 核算：总分 {} 分，评价等级 {}。核算得分见“{}”列，计算说明见“{}”列；人工评分项采用自评得分的，已注明未核验。", crate::base::format::score(card.total), card.grade_label(), header_name(layout, &t, t.score), header_name(layout, &t, t.explanation)), &s.subtitle)?;
    r += 2;
    ws.merge_range(r, 0, r, t.last_col, "填报人：　　　　　　　　单位负责人（签章）：　　　　　　　　审核人：　　　　　　　　日期：　　　　年　　月　　日", &s.subtitle)?;
    ws.set_freeze_panes(layout.first_data_row, 0)?;
    print_setup(ws, (layout.header_row, header_end))?;
    Ok(total_cell)
}

fn header_name(layout: &RubricLayout, t: &Targets, col: u16) -> String {
    t.added.iter().find(|(c, _)| *c == col).map_or_else(
        || {
            crate::base::text::normalize_label(
                &layout.sheet.shown(layout.header_row, col).display(),
            )
        },
        |(_, n)| (*n).to_string(),
    )
}

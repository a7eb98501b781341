//! Sheet 评分汇总 of a scored workbook, and the formulas of its figures:
//! subtotals, total, the split by origin, the grade and the headline.
//!
//! Every figure is a formula over the hidden record's live columns (each
//! row's current score and origin, see [`super::record`]) with the value
//! jixiao computed cached, so a reviewer who edits a score in Excel, WPS or
//! LibreOffice sees every figure follow (issue 10). The grade is an IF chain
//! over the grade bands; the headline formula builds the same sentence as
//! `score::explain::headline`, which is its cached value.

use rust_decimal::Decimal;
use rust_xlsxwriter::utility::quote_sheet_name;
use rust_xlsxwriter::{Formula, Workbook, XlsxError};

use super::record::{Placement, Ranges, result};
use super::style::{Styles, print_setup, text_width};
use crate::base::cell_ref::cell_name;
use crate::base::format::round_half_up;
use crate::config::GradeScale;
use crate::score::{Origin, Scorecard, explain};

/// The sheet's name.
pub const SHEET: &str = "评分汇总";

/// Rows (zero-based) of the figures other sheets refer to.
#[derive(Debug, Clone, Copy)]
pub struct Cells {
    /// First subtotal row.
    first_subtotal: u32,
    /// The 总分 row: 分值 in B, score in C.
    total: u32,
    /// 核算, 参考, 自评（未核验）, 审核 and 待评 rows (score in C).
    split: u32,
    /// 评价等级 (B).
    grade: u32,
    /// 结论 (B).
    headline: u32,
    /// 得分构成 (B).
    split_text: u32,
    /// 单位自评总分 (B).
    self_total: u32,
}

impl Cells {
    /// Where the figures of a scorecard are.
    pub fn of(card: &Scorecard) -> Cells {
        let n = u32::try_from(card.subtotals.len()).unwrap_or(0);
        let total = 5 + n;
        Cells {
            first_subtotal: 5,
            total,
            split: total + 3,
            grade: total + 9,
            headline: total + 10,
            split_text: total + 11,
            self_total: total + 13,
        }
    }

    fn at(row: u32, col: u16) -> String {
        format!("{}!{}", quote_sheet_name(SHEET), cell_name(row, col))
    }

    /// `评分汇总!B16`: the grade.
    pub fn grade_cell(&self) -> String {
        Self::at(self.grade, 1)
    }

    /// The headline sentence.
    pub fn headline_cell(&self) -> String {
        Self::at(self.headline, 1)
    }

    /// The split by origin, as a sentence.
    pub fn split_cell(&self) -> String {
        Self::at(self.split_text, 1)
    }
}

/// A text literal inside a formula.
fn lit(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The grade of a total as an IF chain over the bands, on the total's
/// share of `max` × 100 to 6 decimals (what `score::grade_basis_of` does).
pub fn grade_of(total: &str, max: &str, scale: &GradeScale) -> String {
    let basis = format!("ROUND(({total})*100/{max},6)");
    let mut f = lit(&scale.lowest);
    for (lower, label) in scale.bands.iter().rev() {
        f = format!(
            "IF({basis}>={},{},{f})",
            crate::base::format::num(*lower),
            lit(label)
        );
    }
    f
}

fn rounded(cell: &str) -> String {
    format!("ROUND({cell},2)")
}

/// Writes sheet 评分汇总.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter.
pub fn write(
    wb: &mut Workbook,
    card: &Scorecard,
    s: &Styles,
    ranges: &Ranges,
    placement: &Placement,
) -> Result<Cells, XlsxError> {
    let cells = Cells::of(card);
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.set_formula_result_default("");
    let title = match card.year {
        Some(y) => format!("{}{}年度部门整体支出绩效评价评分汇总", card.department, y),
        None => format!("{}部门整体支出绩效评价评分汇总", card.department),
    };
    ws.merge_range(0, 0, 0, 3, &title, &s.title)?;
    ws.set_row_height(0, 32)?;
    let info = [
        ("单位名称", card.department.clone()),
        (
            "评价年度",
            card.year.map_or("未填写".to_string(), |y| y.to_string()),
        ),
    ];
    for (i, (k, v)) in info.iter().enumerate() {
        let r = 1 + u32::try_from(i).unwrap_or(0);
        ws.write_string_with_format(r, 0, *k, &s.header)?;
        ws.merge_range(r, 1, r, 3, v, &s.text)?;
    }
    let header = cells.first_subtotal - 1;
    for (c, h) in ["一级指标", "分值", "得分", "得分率"].iter().enumerate() {
        ws.write_string_with_format(header, c as u16, *h, &s.header)?;
    }
    let rate = |r: u32, score: Decimal, max: Decimal| {
        let value = if max.is_zero() {
            Decimal::ZERO
        } else {
            score / max
        };
        let (b, c) = (cell_name(r, 1), cell_name(r, 2));
        Formula::new(format!("=IF({b}=0,0,{c}/{b})")).set_result(value.round_dp(6).to_string())
    };
    for (r, sub) in (cells.first_subtotal..).zip(&card.subtotals) {
        ws.write_string_with_format(r, 0, &sub.name, &s.center)?;
        ws.write_formula_with_format(
            r,
            1,
            Formula::new(format!(
                "=SUMPRODUCT(--({}={}),{})",
                ranges.level1,
                cell_name(r, 0),
                ranges.max
            ))
            .set_result(result(sub.max)),
            &s.score,
        )?;
        ws.write_formula_with_format(
            r,
            2,
            Formula::new(format!(
                "=SUMPRODUCT(--({}={}),{})",
                ranges.level1,
                cell_name(r, 0),
                ranges.current
            ))
            .set_result(result(sub.score)),
            &s.score,
        )?;
        ws.write_formula_with_format(r, 3, rate(r, sub.score, sub.max), &s.percent)?;
    }
    let t = cells.total;
    let (max_cell, total_cell) = (cell_name(t, 1), cell_name(t, 2));
    ws.write_string_with_format(t, 0, "总分", &s.subtotal_text)?;
    let max_formula = if card.subtotals.is_empty() {
        format!("=SUM({})", ranges.max)
    } else {
        format!(
            "=SUM({}:{})",
            cell_name(cells.first_subtotal, 1),
            cell_name(t - 1, 1)
        )
    };
    ws.write_formula_with_format(
        t,
        1,
        Formula::new(max_formula).set_result(result(card.max_total)),
        &s.subtotal_score,
    )?;
    ws.write_formula_with_format(
        t,
        2,
        Formula::new(format!("=SUM({})", ranges.current)).set_result(result(card.total)),
        &s.subtotal_score,
    )?;
    ws.write_formula_with_format(t, 3, rate(t, card.total, card.max_total), &s.percent)?;
    // The split by origin.
    let head = cells.split - 1;
    ws.write_string_with_format(head, 0, "得分来源", &s.header)?;
    ws.write_string_with_format(head, 1, "分数", &s.header)?;
    ws.merge_range(head, 2, head, 3, "说明", &s.header)?;
    let split = &card.split;
    let origins = [
        (
            Origin::Computed,
            split.computed,
            "按评分表规则由部门数据计算",
        ),
        (
            Origin::Reference,
            split.reference,
            "评分表未写评分标准，按默认规则计算，仅供参考",
        ),
        (
            Origin::SelfUnverified,
            split.self_unverified,
            "人工评分项，采用单位自评得分，尚未核验",
        ),
        (Origin::Reviewed, split.reviewed, "审核人员填写或修改的得分"),
        (
            Origin::Pending,
            split.pending_max,
            "尚无得分的指标（此处为其分值）",
        ),
    ];
    let mut split_cells = Vec::new();
    for (i, (origin, value, note)) in origins.iter().enumerate() {
        let r = cells.split + u32::try_from(i).unwrap_or(0);
        ws.write_string_with_format(r, 0, origin.label(), &s.center)?;
        let sum_range = if *origin == Origin::Pending {
            &ranges.max
        } else {
            &ranges.current
        };
        ws.write_formula_with_format(
            r,
            1,
            Formula::new(format!(
                "=SUMIF({},{},{sum_range})",
                ranges.origin,
                lit(origin.label())
            ))
            .set_result(result(*value)),
            &s.score,
        )?;
        ws.merge_range(r, 2, r, 3, note, &s.text)?;
        split_cells.push(cell_name(r, 1));
    }
    // The grade and the headline.
    let total = total_cell.as_str();
    let max = max_cell.as_str();
    let uncertain = format!(
        "COUNTIF({o},{})+COUNTIF({o},{})+COUNTIF({o},{})",
        lit(Origin::Reference.label()),
        lit(Origin::SelfUnverified.label()),
        lit(Origin::Pending.label()),
        o = ranges.origin
    );
    let pending = split_cells[4].as_str();
    let best = format!("{total}+{pending}");
    let g_low = grade_of(total, max, &card.scale);
    let g_high = grade_of(&best, max, &card.scale);
    let grade = format!("=IF({uncertain}=0,{g_low},{g_low}&\"（暂定）\")");
    let (t, p, hi) = (rounded(total), rounded(pending), rounded(&best));
    let (reference, own) = (
        rounded(split_cells[1].as_str()),
        rounded(split_cells[2].as_str()),
    );
    let range = format!("IF({g_low}={g_high},{g_low},{g_low}&\"–\"&{g_high})");
    let why = format!(
        "IF({reference}+{own}=0,\"含未经核算的评分项\",\"其中\"&IF({reference}>0,\"参考 \"&{reference}&\" 分\",\"\")&IF(AND({reference}>0,{own}>0),\"、\",\"\")&IF({own}>0,\"自评未核验 \"&{own}&\" 分\",\"\")&\"尚未核实\")"
    );
    let mut headline = format!(
        "=IF({p}>0,\"暂定：\"&{t}&\" 分，另有 \"&{p}&\" 分待评，可能 \"&{t}&\"–\"&{hi}&\" 分（\"&{range}&\"）\",IF({uncertain}>0,\"暂定：\"&{t}&\" 分，\"&{g_low}&\"（\"&{why}&\"）\",\"总分 \"&{t}&\" 分，\"&{g_low}))"
    );
    if card.max_total != Decimal::ONE_HUNDRED && !card.max_total.is_zero() {
        headline.push_str(&format!(
            "&\"；满分 \"&{}&\" 分，按得分率 \"&TEXT({total}/{max},\"0.00%\")&\" 定级\"",
            rounded(max)
        ));
    }
    let reviewed = rounded(split_cells[3].as_str());
    let split_formula = format!(
        "=\"核算 \"&{}&\" 分，参考 \"&{reference}&\" 分，自评未核验 \"&{own}&\" 分\"&IF({reviewed}>0,\"，审核 \"&{reviewed}&\" 分\",\"\")&\"，待评 \"&{p}&\" 分\"",
        rounded(split_cells[0].as_str())
    );
    let mut scale_text = card.grade_scale.clone();
    if card.max_total != Decimal::ONE_HUNDRED {
        scale_text.push_str("；满分不是100分时，按得分率（得分÷满分×100）定级");
    }
    let rows: [(&str, u32, Formula); 3] = [
        (
            "评价等级",
            cells.grade,
            Formula::new(grade).set_result(card.grade_label()),
        ),
        (
            "结论",
            cells.headline,
            Formula::new(headline).set_result(&card.headline),
        ),
        (
            "得分构成",
            cells.split_text,
            Formula::new(split_formula).set_result(explain::split_text(&card.split)),
        ),
    ];
    for (label, r, formula) in rows {
        ws.write_string_with_format(r, 0, label, &s.header)?;
        ws.merge_range(r, 1, r, 3, "", &s.text)?;
        ws.write_formula_with_format(r, 1, formula, &s.text)?;
    }
    ws.set_row_height(cells.headline, 32)?;
    ws.set_row_height(cells.split_text, 32)?;
    let r = cells.split_text + 1;
    ws.write_string_with_format(r, 0, "等级标准", &s.header)?;
    ws.merge_range(r, 1, r, 3, &scale_text, &s.text)?;
    let r = cells.self_total;
    ws.write_string_with_format(r, 0, "单位自评总分", &s.header)?;
    ws.write_string_with_format(r + 1, 0, "自评与核算差异", &s.header)?;
    match (card.self_total, placement.self_col) {
        (Some(own), Some(c)) => {
            let sheet = quote_sheet_name(&placement.sheet);
            ws.write_formula_with_format(
                r,
                1,
                Formula::new(format!("={sheet}!{}", cell_name(placement.total_row, c)))
                    .set_result(result(own)),
                &s.score,
            )?;
            let diff = round_half_up(own, 2) - round_half_up(card.total, 2);
            ws.write_formula_with_format(
                r + 1,
                1,
                Formula::new(format!("={}-{total}", cell_name(r, 1))).set_result(result(diff)),
                &s.score,
            )?;
        }
        _ => {
            ws.write_string_with_format(r, 1, "未填报", &s.center)?;
            ws.write_string_with_format(r + 1, 1, "—", &s.center)?;
        }
    }
    ws.merge_range(r, 2, r, 3, "", &s.text)?;
    ws.merge_range(r + 1, 2, r + 1, 3, "差异＝自评总分－总分", &s.text)?;
    // Warnings.
    let mut r = r + 3;
    ws.write_string_with_format(r, 0, "序号", &s.header)?;
    ws.merge_range(
        r,
        1,
        r,
        3,
        &format!("提示与警告（共{}条）", card.warnings.len()),
        &s.header,
    )?;
    r += 1;
    for (i, w) in card.warnings.iter().enumerate() {
        ws.write_with_format(r, 0, u32::try_from(i + 1).unwrap_or(0), &s.center)?;
        let w = w.message.as_str();
        ws.merge_range(r, 1, r, 3, w, &s.text)?;
        let lines = (text_width(w) / 62.0).ceil().max(1.0);
        ws.set_row_height(r, 14.0 * lines + 4.0)?;
        r += 1;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 40)?;
    print_setup(ws, (0, 0))?;
    Ok(cells)
}

//! The 考核 family's samples (seed 001, 隆化县): the rubric as a locality's
//! own table, and two county departments filling sheet 考核数据 and their
//! 自评得分 in it.
//!
//! The rubric rows come from the family's spec (`src/family/kaohe.toml`), so
//! the sample and the built-in rubric cannot drift apart.

use rust_xlsxwriter::{Worksheet, XlsxError};

use jixiao::family::kaohe_spec;

/// The 隆化 table's title.
pub const TITLE: &str = "隆化县县级部门预算绩效管理工作考核评分表";
pub const RUBRIC_FILE: &str = "隆化县部门预算绩效管理工作考核评分表.xlsx";

/// One sample department: its data (label → value, note) and its 自评得分
/// (one per rubric row, in order).
pub struct KaoheSample {
    pub file: &'static str,
    pub name: &'static str,
    pub year: i32,
    pub values: Vec<(&'static str, Cell)>,
    pub self_scores: Vec<f64>,
    pub notes: Vec<&'static str>,
}

#[derive(Clone, Copy)]
pub enum Cell {
    N(f64),
    T(&'static str),
}

use Cell::{N, T};

/// Writes the 隆化 rubric into a sheet, with 自评得分 when given.
pub fn write_rubric(ws: &mut Worksheet, self_scores: Option<&[f64]>) -> Result<(), XlsxError> {
    let spec = kaohe_spec().expect("the built-in 考核 spec parses");
    let (_, title, cell, head) = super::formats();
    ws.merge_range(0, 0, 0, 4, TITLE, &title)?;
    for (c, h) in ["一级指标", "二级指标", "分值", "评分标准", "自评得分"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *h, &head)?;
    }
    let first = 2u32;
    let mut start = 0usize;
    for (i, row) in spec.rows.iter().enumerate() {
        let r = first + i as u32;
        ws.write_string_with_format(r, 1, &row.name, &cell)?;
        ws.write_number_with_format(r, 2, row.max.to_string().parse::<f64>().unwrap(), &cell)?;
        ws.write_string_with_format(r, 3, &row.standard, &cell)?;
        match self_scores.and_then(|s| s.get(i)) {
            Some(v) => ws.write_number_with_format(r, 4, *v, &cell)?,
            None => ws.write_blank(r, 4, &cell)?,
        };
        let last = spec
            .rows
            .get(i + 1)
            .is_none_or(|next| next.level1 != row.level1);
        if last {
            let total: rust_decimal::Decimal = spec.rows[start..=i].iter().map(|r| r.max).sum();
            let text = format!("{}（{}分）", row.level1, total);
            let (r0, r1) = (first + start as u32, r);
            if r1 > r0 {
                ws.merge_range(r0, 0, r1, 0, &text, &cell)?;
            } else {
                ws.write_string_with_format(r0, 0, &text, &cell)?;
            }
            start = i + 1;
        }
    }
    let r = first + spec.rows.len() as u32;
    ws.write_string_with_format(r, 0, "合计", &head)?;
    ws.write_blank(r, 1, &cell)?;
    ws.write_number_with_format(r, 2, 100.0, &cell)?;
    ws.write_blank(r, 3, &cell)?;
    match self_scores {
        Some(s) => ws.write_number_with_format(r, 4, s.iter().sum::<f64>(), &cell)?,
        None => ws.write_blank(r, 4, &cell)?,
    };
    for (c, w) in [16.0, 14.0, 6.0, 70.0, 9.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    Ok(())
}

/// The standalone rubric (no 自评得分).
pub fn rubric_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::fixed_workbook()?;
    write_rubric(wb.add_worksheet().set_name("评分表")?, None)?;
    wb.save_to_buffer()
}

/// A department workbook: sheet 考核数据, sheet 评分表 with its 自评得分, 说明.
pub fn department_workbook(s: &KaoheSample) -> Result<Vec<u8>, XlsxError> {
    let spec = kaohe_spec().expect("the built-in 考核 spec parses");
    let (base, title, cell, head) = super::formats();
    let mut wb = super::fixed_workbook()?;
    let ws = wb.add_worksheet().set_name(&spec.data_sheet)?;
    ws.merge_range(0, 0, 0, 2, "部门预算绩效管理工作考核数据", &title)?;
    ws.write_string_with_format(1, 0, &spec.unit, &base)?;
    for (c, h) in ["项目", "填写值", "说明"].iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
    }
    ws.write_string_with_format(3, 0, "单位名称", &cell)?;
    ws.write_string_with_format(3, 1, s.name, &cell)?;
    ws.write_blank(3, 2, &cell)?;
    ws.write_string_with_format(4, 0, "评价年度", &cell)?;
    ws.write_number_with_format(4, 1, f64::from(s.year), &cell)?;
    ws.write_blank(4, 2, &cell)?;
    for (i, f) in spec.facts.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_string_with_format(r, 0, &f.name, &cell)?;
        match s
            .values
            .iter()
            .find(|(code, _)| *code == f.code)
            .map(|(_, v)| v)
        {
            Some(N(n)) => ws.write_number_with_format(r, 1, *n, &cell)?,
            Some(T(t)) => ws.write_string_with_format(r, 1, *t, &cell)?,
            None => ws.write_blank(r, 1, &cell)?,
        };
        let unit = match f.kind {
            jixiao::family::FamilyFactKind::Amount => "万元",
            jixiao::family::FamilyFactKind::Yesno => "是/否",
            jixiao::family::FamilyFactKind::Count => "个数",
        };
        ws.write_string_with_format(r, 2, unit, &cell)?;
    }
    ws.set_column_width(0, 46)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 10)?;
    write_rubric(wb.add_worksheet().set_name("评分表")?, Some(&s.self_scores))?;
    let ws = wb.add_worksheet().set_name("说明")?;
    ws.set_column_width(0, 100)?;
    for (i, line) in s.notes.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, *line, &base)?;
    }
    wb.save_to_buffer()
}

/// 隆化县医疗保障局 2023 (seed 001): data that reproduce its reported 98.
pub fn longhua() -> KaoheSample {
    KaoheSample {
        file: "隆化县医疗保障局2023_考核.xlsx",
        name: "隆化县医疗保障局",
        year: 2023,
        values: vec![
            ("leading_group", T("是")),
            ("dedicated_staff", T("是")),
            ("rules_count", N(3.0)),
            ("materials_missed", N(0.0)),
            ("prior_required", N(2.0)),
            ("prior_done", N(2.0)),
            ("projects_total", N(9.0)),
            ("target_projects", N(9.0)),
            ("dept_target", T("是")),
            ("target_amount", N(4949.74)),
            ("project_amount", N(4949.74)),
            ("target_issues", N(0.0)),
            ("monitored_projects", N(9.0)),
            ("dept_monitor", T("是")),
            ("monitor_materials_complete", T("是")),
            ("monitor_late_days", N(0.0)),
            ("monitor_unrectified", N(0.0)),
            ("spot_check_issues", N(0.0)),
            ("key_monitor_unrectified", N(0.0)),
            ("selfeval_projects", N(9.0)),
            ("dept_selfeval", T("是")),
            ("untrue_selfeval", N(0.0)),
            ("selfeval_late_days", N(0.0)),
            ("eval_unrectified", N(0.0)),
            ("results_applied", T("是")),
            ("nonsecret_projects", N(9.0)),
            ("public_target_projects", N(9.0)),
            ("dept_target_public", T("是")),
            ("public_result_projects", N(9.0)),
        ],
        // The seed's own 该项得分, row by row; its total is 98.
        self_scores: vec![
            3.0, 3.0, 3.0, 5.0, 4.0, 6.0, 6.0, 4.0, 4.0, 5.0, 5.0, 10.0, 6.0, 5.0, 5.0, 9.0, 10.0,
            5.0,
        ],
        notes: vec![
            "本样例依据种子文件 001《隆化县医疗保障局2023年部门年度项目绩效自评工作情况总结》编制。",
            "取自种子文件：评分表各项的分值与评分标准；项目总数9个（年初7个、追加2个）；预算金额4949.74万元；各项自评得分（合计98分）。",
            "为样例选定（种子未写明，按其“各项均得满分”的表述取值）：设置绩效目标、开展监控、自评和公开的项目数均为9个；设置绩效目标的项目金额等于项目支出总额；须开展和已开展事前绩效评估的项目数均为2个；各项是/否均为“是”，问题数、逾期天数均为0；制度办法3项。",
            "种子文件中“指标体系建设”写“得5分。该项得3分”，而“基础工作”小计又写16分（3+3+3+5=14）；总分98分只有按该项3分才能得到，故自评得分取3分。",
        ],
    }
}

/// 示例县农业农村局 2023: a department that manages less well.
pub fn weaker() -> KaoheSample {
    KaoheSample {
        file: "示例县农业农村局2023_考核.xlsx",
        name: "示例县农业农村局",
        year: 2023,
        values: vec![
            ("leading_group", T("是")),
            ("dedicated_staff", T("否")),
            ("rules_count", N(1.0)),
            ("materials_missed", N(2.0)),
            ("prior_required", N(4.0)),
            ("prior_done", N(3.0)),
            ("projects_total", N(20.0)),
            ("target_projects", N(16.0)),
            ("dept_target", T("是")),
            ("target_amount", N(1520.0)),
            ("project_amount", N(1900.0)),
            ("target_issues", N(1.0)),
            ("monitored_projects", N(15.0)),
            ("dept_monitor", T("否")),
            ("monitor_materials_complete", T("是")),
            ("monitor_late_days", N(3.0)),
            ("monitor_unrectified", N(1.0)),
            ("spot_check_issues", N(2.0)),
            ("key_monitor_unrectified", N(0.0)),
            ("selfeval_projects", N(18.0)),
            ("dept_selfeval", T("是")),
            ("untrue_selfeval", N(0.0)),
            ("selfeval_late_days", N(12.0)),
            ("eval_unrectified", N(1.0)),
            ("results_applied", T("否")),
            ("nonsecret_projects", N(20.0)),
            ("public_target_projects", N(10.0)),
            ("dept_target_public", T("是")),
            ("public_result_projects", N(8.0)),
        ],
        self_scores: vec![
            3.0, 3.0, 4.0, 5.0, 3.0, 4.0, 6.0, 4.0, 3.0, 4.0, 4.0, 8.0, 6.0, 5.0, 0.0, 5.0, 7.5,
            2.0,
        ],
        notes: vec![
            "本样例的全部数据均为示例取值（非种子数据），用于展示考核评分表中各类规则的扣分情况。",
        ],
    }
}

/// A file name and its bytes.
pub type File = (String, Vec<u8>);

/// Every 考核 sample file: the departments, and the rubric (under rubrics/).
pub fn all() -> Result<(Vec<File>, File), XlsxError> {
    let departments = [longhua(), weaker()]
        .iter()
        .map(|s| Ok((s.file.to_string(), department_workbook(s)?)))
        .collect::<Result<Vec<_>, XlsxError>>()?;
    Ok((departments, (RUBRIC_FILE.to_string(), rubric_workbook()?)))
}

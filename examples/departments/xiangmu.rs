//! The 项目 family's sample (seed 002, 岳阳市云溪区): the 2019年健康扶贫兜底资金
//! project, its funds, its target table (附件3-2) and the 附件4-2 rubric with
//! the seed's self-scores.
//!
//! The rubric rows come from the family's spec (`src/family/xiangmu.toml`).

use rust_xlsxwriter::{Worksheet, XlsxError};

use jixiao::family::xiangmu;

pub const FILE: &str = "2019年健康扶贫兜底资金_项目自评.xlsx";
pub const RUBRIC_FILE: &str = "岳阳市云溪区项目支出绩效评价指标体系.xlsx";

/// The seed's 自评得分 of 附件4-2, row by row (they add up to 96; the seed
/// states 97: see the 说明 sheet).
pub const SELF_SCORES: [f64; 22] = [
    4.0, 4.0, 4.0, 3.0, 5.0, 3.0, 2.0, 7.0, 3.0, 1.0, 1.0, 3.0, 4.0, 4.0, 4.0, 3.0, 3.0, 8.0, 8.0,
    8.0, 8.0, 6.0,
];

/// Writes the 附件4-2 rubric (jixiao's template layout), with self-scores when given.
pub fn write_rubric(ws: &mut Worksheet, self_scores: Option<&[f64]>) -> Result<(), XlsxError> {
    let spec = xiangmu::spec().expect("the built-in 项目 spec parses");
    let (_, title, cell, head) = super::formats();
    ws.merge_range(0, 0, 0, 5, "项目支出绩效评价指标体系（附件4-2）", &title)?;
    for (c, h) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "评分标准",
        "自评得分",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *h, &head)?;
    }
    for (i, row) in spec.rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string_with_format(r, 0, &row.level1, &cell)?;
        ws.write_string_with_format(r, 1, &row.level2, &cell)?;
        ws.write_string_with_format(r, 2, &row.name, &cell)?;
        ws.write_number_with_format(r, 3, row.max.to_string().parse::<f64>().unwrap(), &cell)?;
        ws.write_string_with_format(r, 4, &row.standard, &cell)?;
        match self_scores.and_then(|s| s.get(i)) {
            Some(v) => ws.write_number_with_format(r, 5, *v, &cell)?,
            None => ws.write_blank(r, 5, &cell)?,
        };
    }
    let r = 2 + spec.rows.len() as u32;
    ws.write_string_with_format(r, 0, "总分", &head)?;
    ws.write_number_with_format(r, 3, 100.0, &cell)?;
    for (c, w) in [10.0, 10.0, 14.0, 6.0, 70.0, 9.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    Ok(())
}

pub fn rubric_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::fixed_workbook()?;
    write_rubric(wb.add_worksheet().set_name("评分表")?, None)?;
    wb.save_to_buffer()
}

/// The 云溪 project workbook.
pub fn project_workbook() -> Result<Vec<u8>, XlsxError> {
    let (base, title, cell, head) = super::formats();
    let mut wb = super::fixed_workbook()?;

    let ws = wb.add_worksheet().set_name("项目信息")?;
    ws.merge_range(0, 0, 0, 1, "项目基本概况", &title)?;
    let info = [
        ("项目名称", "2019年健康扶贫兜底资金"),
        ("项目单位", "岳阳市云溪区医疗保障事务中心"),
        ("主管部门", "岳阳市云溪区医疗保障局"),
        ("评价年度", "2019"),
        ("项目起止时间", "2019年1月起至2019年12月止"),
    ];
    for (i, (l, v)) in info.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string_with_format(r, 0, *l, &cell)?;
        match v.parse::<f64>() {
            Ok(n) => ws.write_number_with_format(r, 1, n, &cell)?,
            Err(_) => ws.write_string_with_format(r, 1, *v, &cell)?,
        };
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 36)?;

    let ws = wb.add_worksheet().set_name("项目资金")?;
    ws.merge_range(0, 0, 0, 4, "项目资金情况", &title)?;
    ws.write_string_with_format(1, 0, "单位：万元", &base)?;
    for (c, h) in ["项目", "计划安排资金", "实际到位资金", "实际支出", "结余"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
    }
    let funds: [(&str, Option<[f64; 4]>); 6] = [
        ("合计", Some([542.82, 542.82, 472.4, 70.42])),
        ("中央财政", None),
        ("省财政", None),
        ("市财政", None),
        ("区财政", Some([542.82, 542.82, 472.4, 70.42])),
        ("其它", None),
    ];
    for (i, (label, values)) in funds.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string_with_format(r, 0, *label, &cell)?;
        for c in 0..4u16 {
            match values {
                Some(v) => ws.write_number_with_format(r, 1 + c, v[c as usize], &cell)?,
                None => ws.write_blank(r, 1 + c, &cell)?,
            };
        }
    }
    for c in 0..5u16 {
        ws.set_column_width(c, 14)?;
    }

    let ws = wb.add_worksheet().set_name("绩效目标")?;
    ws.merge_range(0, 0, 0, 4, "项目绩效定量目标（指标）及完成情况", &title)?;
    for (c, h) in [
        "一级指标",
        "二级指标",
        "指标内容",
        "指标（目标）值",
        "实际完成值",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *h, &head)?;
    }
    let targets = [
        ("建档立卡人口参保全覆盖", "100%", "100%"),
        ("住院补偿率", "统筹地区补偿率达到85%以上", "85%"),
        ("资金到位情况", "按实际支出拨付", "已全部拨付到位"),
        (
            "备用金周转到位情况",
            "预拨2个月以主的备用金",
            "已完成拨付50万元周转金",
        ),
        ("满意度", "80%", "85%"),
    ];
    for (i, (name, goal, actual)) in targets.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string_with_format(r, 2, *name, &cell)?;
        ws.write_string_with_format(r, 3, *goal, &cell)?;
        ws.write_string_with_format(r, 4, *actual, &cell)?;
    }
    ws.merge_range(2, 0, 5, 0, "项目产出指标", &cell)?;
    ws.merge_range(2, 1, 3, 1, "数量指标", &cell)?;
    ws.merge_range(4, 1, 5, 1, "质量指标", &cell)?;
    ws.write_string_with_format(6, 0, "项目效益指标", &cell)?;
    ws.write_string_with_format(6, 1, "服务对象满意度指标", &cell)?;
    for (c, w) in [14.0, 18.0, 24.0, 28.0, 24.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    write_rubric(wb.add_worksheet().set_name("评分表")?, Some(&SELF_SCORES))?;

    let ws = wb.add_worksheet().set_name("说明")?;
    ws.set_column_width(0, 100)?;
    let notes = [
        "本样例依据种子文件 002（岳阳市云溪区 附件3-2《财政支出绩效评价自评报告》与附件4-2《项目支出绩效评价指标体系》）编制。",
        "取自种子文件：项目名称、单位；计划安排、实际到位 542.82 万元，实际支出 472.4 万元，结余 70.42 万元（均为区财政）；绩效目标表各行；附件4-2 各项分值、评价标准与自评得分。",
        "种子文件的自评得分逐项相加为 96 分，而其“总分”“绩效自评综合得分”写 97 分：差的 1 分在“产出数量”——两项数量指标（参保率100%、补偿率85%对“达到85%以上”）均已达成，按“同比例扣减”应得5分，自评写4分。jixiao 按规则计5分，合计即为 97 分。",
    ];
    for (i, line) in notes.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, *line, &base)?;
    }
    wb.save_to_buffer()
}

//! A corpus of department workbooks in the layouts and labels of real
//! published 部门决算 table sets and self-evaluation reports (issue 8).
//!
//! Every workbook is built here with rust_xlsxwriter in the layout, the
//! labels and the sheet names of one published document of one locality;
//! the source is named above each. Figures are the document's where it
//! gives them; where it does not (its table was not retrieved), the comment
//! says so and the figures are filled in to add up. The expected value of
//! every fact the document contains is computed by hand: money in 元 (a
//! 万元 table's 22.00 is 220000), counts as they are, rates as fractions.
//!
//! The test extracts each workbook with the built-in profile and counts, per
//! layout, the facts expected / read right / read wrong / not read, plus the
//! facts read that the document does not contain (多读, wrong too). Run with
//! `cargo test --test cli layouts -- --nocapture` to see the table.
//!
//! The assertions hold over the whole corpus: no fact read wrong, none read
//! that the document does not contain, and at least 95% of the expected
//! facts read right. (Before tables were recognised by their content, issue
//! 8 class 3, 12 of these facts failed: 三公 合计 rows taken for 支出合计 and
//! back, and 本年/上年 as the rows of a wide 三公 table.)

use std::collections::BTreeMap;
use std::path::Path;

use jixiao::facts::{FactId, FactOutcome, extract};
use jixiao::grid::read_workbook;
use jixiao::profile::Profile;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use rust_xlsxwriter::Format;

/// The layout of one sheet, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layout {
    /// 基本情况: label | value beside each other (several pairs a row too).
    FieldsBeside,
    /// 基本情况: a header row of field names over a row of values.
    HeaderOverValues,
    /// 基本情况: a label and its value in one cell (`在职人员81人`).
    ProseCells,
    /// 三公: items as rows, 预算数/决算数 (or years) as columns.
    SangongLong,
    /// 三公: the official wide 决算 table, one data row under a two-level header.
    SangongWide,
    /// 三公: 本年/上年 (years) as rows, items as columns.
    SangongYearRows,
    /// A budget table (收入支出决算总表 / 支出决算表 / 自评表) in 万元.
    BudgetWan,
    /// A budget table in 元.
    BudgetYuan,
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::FieldsBeside => "基本情况·标签右侧取值",
            Layout::HeaderOverValues => "基本情况·表头行在上",
            Layout::ProseCells => "基本情况·标签与数值同格",
            Layout::SangongLong => "三公·长表",
            Layout::SangongWide => "三公·宽表（决算表）",
            Layout::SangongYearRows => "三公·本年上年为行",
            Layout::BudgetWan => "预算决算表·万元",
            Layout::BudgetYuan => "预算决算表·元",
        }
    }
}

/// A cell: text or number.
#[derive(Debug, Clone, Copy)]
enum V {
    T(&'static str),
    N(f64),
}
use V::{N, T};

struct SheetDef {
    name: &'static str,
    layout: Layout,
    cells: Vec<(u32, u16, V)>,
    /// Merged ranges (first_row, first_col, last_row, last_col); the first
    /// cell's text is written into the range.
    merges: Vec<(u32, u16, u32, u16)>,
}

struct Doc {
    /// The file name (the evaluation year is read from it when no field says).
    file: &'static str,
    sheets: Vec<SheetDef>,
    /// (sheet index, fact, value) for every fact the document contains.
    expect: Vec<(usize, FactId, Decimal)>,
}

fn sheet(
    name: &'static str,
    layout: Layout,
    cells: Vec<(u32, u16, V)>,
    merges: Vec<(u32, u16, u32, u16)>,
) -> SheetDef {
    SheetDef {
        name,
        layout,
        cells,
        merges,
    }
}

/// A row of cells starting at column 0.
fn row(r: u32, values: &[V]) -> Vec<(u32, u16, V)> {
    values
        .iter()
        .enumerate()
        .map(|(c, v)| (r, u16::try_from(c).unwrap(), *v))
        .collect()
}

fn rows(start: u32, lines: &[&[V]]) -> Vec<(u32, u16, V)> {
    lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| row(start + u32::try_from(i).unwrap(), l))
        .collect()
}

fn write(doc: &Doc, path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let plain = Format::new();
    for s in &doc.sheets {
        let ws = wb.add_worksheet().set_name(s.name).unwrap();
        for (r, c, v) in &s.cells {
            if s.merges.iter().any(|m| m.0 == *r && m.1 == *c) {
                continue;
            }
            match v {
                T(t) => ws.write_string(*r, *c, *t).unwrap(),
                N(n) => ws.write_number(*r, *c, *n).unwrap(),
            };
        }
        for (r1, c1, r2, c2) in &s.merges {
            let text = s.cells.iter().find(|(r, c, _)| r == r1 && c == c1).map_or(
                "",
                |(_, _, v)| match v {
                    T(t) => t,
                    N(_) => "",
                },
            );
            ws.merge_range(*r1, *c1, *r2, *c2, text, &plain).unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn corpus() -> Vec<Doc> {
    vec![
        // 1. 岳阳市 2018 部门整体支出绩效自评报告 template, 基本情况 with two
        // label | value pairs a row: "人员编制 21 / 实有人数 21"
        // (http://www.yueyang.gov.cn/cgj/9886/9901/content_1560779.html,
        // NOTES-domain §4.4). 实有人数 is not a built-in label (it counts
        // retirees elsewhere), so 在职人员数 is expected and not read.
        Doc {
            file: "岳阳市城市管理局2018.xlsx",
            sheets: vec![sheet(
                "基本情况",
                Layout::FieldsBeside,
                rows(
                    0,
                    &[
                        &[T("部门整体支出绩效自评基本情况表")],
                        &[
                            T("单位名称"),
                            T("岳阳市城市管理局"),
                            T("评价年度"),
                            T("2018年度"),
                        ],
                        &[T("人员编制"), N(21.0), T("实有人数"), N(21.0)],
                    ],
                ),
                vec![(0, 0, 0, 3)],
            )],
            expect: vec![
                (0, FactId::StaffAuthorized, dec!(21)),
                (0, FactId::StaffActual, dec!(21)),
            ],
        },
        // 2. 盘龙区人大常委会办公室 2017 部门预算说明 (http://pl.kmrd.cn/tzgg/502409.shtml,
        // NOTES-domain §4.4): 机构及人员情况 (单位：人): 项目 | 合计 | 行政单位 |
        // 财政拨款事业单位 | 财政补助事业单位 (参(依)公管理 | 其他); 编制数 34,
        // 在职人数 32, 其中：在岗人数 32, 离退休人数 25, 退休人数 25. And
        // "2017年部门经费预算7464053元，基本支出4566793元，其中工资福利支出
        // 3265013元，商品和服务支出(公用支出)843942元，对个人和家庭补助支出
        // 457838元；项目支出2897260元", as a budget table in 元 with a 2017年
        // column: in 2017 that is 本年预算数.
        Doc {
            file: "盘龙区人大常委会办公室2017.xlsx",
            sheets: vec![
                sheet(
                    "机构及人员情况",
                    Layout::FieldsBeside,
                    rows(
                        0,
                        &[
                            &[T("一、机构及人员情况")],
                            &[T("单位：人")],
                            &[
                                T("项 目"),
                                T("合 计"),
                                T("行政单位"),
                                T("财政拨款事业单位"),
                                T("财政补助事业单位"),
                            ],
                            &[T(""), T(""), T(""), T(""), T("参(依)公管理"), T("其他")],
                            &[T("编制数"), N(34.0), N(34.0)],
                            &[T("在职人数"), N(32.0), N(32.0)],
                            &[T("其中：在岗人数"), N(32.0), N(32.0)],
                            &[T("离退休人数"), N(25.0), N(25.0)],
                            &[T("其中：离休人数")],
                            &[T("退休人数"), N(25.0), N(25.0)],
                        ],
                    ),
                    vec![
                        (2, 0, 3, 0),
                        (2, 1, 3, 1),
                        (2, 2, 3, 2),
                        (2, 3, 3, 3),
                        (2, 4, 2, 5),
                    ],
                ),
                sheet(
                    "部门经费预算",
                    Layout::BudgetYuan,
                    rows(
                        0,
                        &[
                            &[T("二、2017年部门收入预算总体情况")],
                            &[T("单位：元")],
                            &[T("项目"), T("2017年预算数")],
                            &[T("支出合计"), N(7464053.0)],
                            &[T("基本支出"), N(4566793.0)],
                            &[T("其中：工资福利支出"), N(3265013.0)],
                            &[T("商品和服务支出"), N(843942.0)],
                            &[T("对个人和家庭补助支出"), N(457838.0)],
                            &[T("项目支出"), N(2897260.0)],
                        ],
                    ),
                    vec![],
                ),
            ],
            expect: vec![
                (0, FactId::StaffAuthorized, dec!(34)),
                (0, FactId::StaffActual, dec!(32)),
                (1, FactId::TotalBudget, dec!(7464053)),
                (1, FactId::PublicBudget, dec!(843942)),
                (1, FactId::ProjectBudget, dec!(2897260)),
            ],
        },
        // 3. 天水市幼儿园2017年度部门决算公开
        // (http://www.kmxxf.com/jyj/info/1217/105784.htm): "核定人员编制71人，
        // 实际正式教职工62人 … 退休职工28人" laid out as the header row over
        // values of a 基本情况 table (the 决算 table's word for 正式教职工 is
        // 在职人数); "本单位支出为1942.57万元。其中：基本支出1121.09万元 …
        // 项目支出821.48万元" in the 支出决算表 (公开03表) layout.
        // 1942.57万元 = 19425700元.
        Doc {
            file: "天水市幼儿园2017.xlsx",
            sheets: vec![
                sheet(
                    "基本情况",
                    Layout::HeaderOverValues,
                    rows(
                        0,
                        &[
                            &[
                                T("单位名称"),
                                T("核定人员编制（人）"),
                                T("在职人数（人）"),
                                T("退休人数（人）"),
                                T("在园幼儿（名）"),
                            ],
                            &[T("天水市幼儿园"), N(71.0), N(62.0), N(28.0), N(915.0)],
                        ],
                    ),
                    vec![],
                ),
                sheet(
                    "表3 支出决算表",
                    Layout::BudgetWan,
                    rows(
                        0,
                        &[
                            &[T("支出决算表")],
                            &[
                                T("部门：天水市幼儿园"),
                                T(""),
                                T(""),
                                T(""),
                                T("公开03表"),
                                T(""),
                                T("金额单位：万元"),
                            ],
                            &[
                                T("项目"),
                                T("本年支出合计"),
                                T("基本支出"),
                                T("项目支出"),
                                T("上缴上级支出"),
                                T("经营支出"),
                                T("对附属单位补助支出"),
                            ],
                            &[T("栏次"), N(1.0), N(2.0), N(3.0), N(4.0), N(5.0), N(6.0)],
                            &[
                                T("合计"),
                                N(1942.57),
                                N(1121.09),
                                N(821.48),
                                N(0.0),
                                N(0.0),
                                N(0.0),
                            ],
                        ],
                    ),
                    vec![(0, 0, 0, 6)],
                ),
            ],
            expect: vec![
                (0, FactId::StaffAuthorized, dec!(71)),
                (0, FactId::StaffActual, dec!(62)),
                (1, FactId::TotalExecuted, dec!(19425700)),
            ],
        },
        // 4. 双江县人力资源和社会保障局2023年度部门决算 "部门基本情况"
        // (https://www.shuangjiang.gov.cn/info/1207/125188.htm): a header row
        // of year-prefixed field names over values. The figures were not
        // retrieved: filled in. 2023年末 is this year, 2022年末 last year.
        Doc {
            file: "双江县人力资源和社会保障局2023年度.xlsx",
            sheets: vec![sheet(
                "部门基本情况",
                Layout::HeaderOverValues,
                rows(
                    0,
                    &[
                        &[T("二、部门基本情况")],
                        &[
                            T("2023年末编制数（名）"),
                            T("2023年末实有在职人数（人）"),
                            T("2022年末实有在职人数（人）"),
                            T("离退休人员（人）"),
                        ],
                        &[N(45.0), N(41.0), N(43.0), N(20.0)],
                    ],
                ),
                vec![],
            )],
            expect: vec![
                (0, FactId::StaffAuthorized, dec!(45)),
                (0, FactId::StaffActual, dec!(41)),
                (0, FactId::StaffActualPrev, dec!(43)),
            ],
        },
        // 5. 渠县农业综合技术服务中心2024年度单位决算
        // (http://www.quxian.gov.cn/xxgk-show-64159.html): "人员概况：在职人员
        // 81人，专业技术人员57人、管理人员1人，工勤人员23人", one item a cell.
        Doc {
            file: "渠县农业综合技术服务中心2024.xlsx",
            sheets: vec![sheet(
                "单位概况",
                Layout::ProseCells,
                rows(
                    0,
                    &[
                        &[T("第一部分 单位概况")],
                        &[T(
                            "机构职能：负责种植业技术推广、良种良法普及、农业机械装备更新；负责土壤改良与培肥、种子质量检验等相关工作。",
                        )],
                        &[T("人员概况：")],
                        &[
                            T("在职人员81人"),
                            T("专业技术人员57人"),
                            T("管理人员1人"),
                            T("工勤人员23人"),
                        ],
                        &[T("2024年度收、支总计均为1523.26万元。")],
                    ],
                ),
                vec![],
            )],
            expect: vec![(0, FactId::StaffActual, dec!(81))],
        },
        // 6. 西畴县审计局2020年度部门决算 "部门基本情况"
        // (https://www.xczw.gov.cn/zfxxgk/fdzdgknr/czxx/content_26911): label：
        // value lines with a year in front. The figures were not retrieved:
        // filled in.
        Doc {
            file: "西畴县审计局2020.xlsx",
            sheets: vec![sheet(
                "部门基本情况",
                Layout::ProseCells,
                rows(
                    0,
                    &[
                        &[T("二、部门基本情况")],
                        &[T("编制人数：12人")],
                        &[T("2020年末实有在职人数：11人")],
                        &[T("2019年末实有在职人数：12人")],
                        &[T("实有人数15人，其中：在职人员11人，退休人员4人。")],
                    ],
                ),
                vec![],
            )],
            expect: vec![
                (0, FactId::StaffAuthorized, dec!(12)),
                (0, FactId::StaffActual, dec!(11)),
                (0, FactId::StaffActualPrev, dec!(12)),
            ],
        },
        // 7. 施甸县2016年“三公”经费决算情况统计表 (单位：万元), on a sheet named
        // Sheet1 (https://shidian.gov.cn/info/4163/808803.htm): the document's
        // figures. 合计 2706.86万元 = 27068600元; 上年 2911.47万元 = 29114700元.
        Doc {
            file: "施甸县2016.xlsx",
            sheets: vec![sheet(
                "Sheet1",
                Layout::SangongLong,
                [
                    row(0, &[T("施甸县2016年“三公”经费决算情况统计表")]),
                    row(1, &[T("单位：万元")]),
                    row(
                        2,
                        &[
                            T("项目"),
                            T("上年决算数"),
                            T("本年决算数"),
                            T("比上年增、减情况"),
                        ],
                    ),
                    vec![(3, 3, T("增、减金额")), (3, 4, T("增、减幅度"))],
                    rows(
                        4,
                        &[
                            &[T("合计"), N(2911.47), N(2706.86), N(-204.61), T("-7.03%")],
                            &[
                                T("1.因公出国(境)费"),
                                N(13.06),
                                N(10.20),
                                N(-2.86),
                                T("-21.9%"),
                            ],
                            &[
                                T("2.公务接待费"),
                                N(1679.69),
                                N(1590.94),
                                N(-88.75),
                                T("-5.28%"),
                            ],
                            &[
                                T("3.公务用车购置及运行费"),
                                N(1218.72),
                                N(1105.72),
                                N(-113.0),
                                T("-9.27%"),
                            ],
                            &[
                                T("其中：(1)公务用车购置费"),
                                N(14.80),
                                N(0.0),
                                N(-14.8),
                                T("-100%"),
                            ],
                            &[
                                T("(2)公务用车运行费"),
                                N(1203.92),
                                N(1105.72),
                                N(-98.2),
                                T("-8.16%"),
                            ],
                        ],
                    ),
                ]
                .concat(),
                vec![
                    (0, 0, 0, 4),
                    (2, 0, 3, 0),
                    (2, 1, 3, 1),
                    (2, 2, 3, 2),
                    (2, 3, 2, 4),
                ],
            )],
            expect: vec![
                (0, FactId::SangongActual, dec!(27068600)),
                (0, FactId::SangongActualPrev, dec!(29114700)),
            ],
        },
        // 8. 审计署 2010 “三公经费”财政拨款 (新华网 2011-07-11 via
        // http://news.wenweipo.com/2011/07/11/IN1107110096.htm): 2010年预算数
        // 2711.65万元 (因公出国(境)费617, 公务用车购置及运行费1229.65, 公务接待费
        // 865), 2010年决算数 2488.79万元, 2011年预算数 2687.06万元 (617 /
        // 1205.06 / 865), as a long table with year-prefixed columns. In 2010
        // the 2011 budget is next year's and feeds nothing.
        Doc {
            file: "审计署2010.xlsx",
            sheets: vec![sheet(
                "三公经费",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("审计署“三公经费”财政拨款情况表")],
                        &[T("评价年度"), N(2010.0), T("单位：万元")],
                        &[
                            T("项目"),
                            T("2010年预算数"),
                            T("2010年决算数"),
                            T("2011年预算数"),
                        ],
                        &[T("合计"), N(2711.65), N(2488.79), N(2687.06)],
                        &[T("因公出国（境）费"), N(617.0), T(""), N(617.0)],
                        &[T("公务用车购置及运行费"), N(1229.65), T(""), N(1205.06)],
                        &[T("公务接待费"), N(865.0), T(""), N(865.0)],
                    ],
                ),
                vec![],
            )],
            expect: vec![
                (0, FactId::SangongBudget, dec!(27116500)),
                (0, FactId::SangongActual, dec!(24887900)),
            ],
        },
        // 9. 龙泉市 2018 “三公”经费决算 (https://www.longquan.gov.cn/art/2019/6/18/art_1229384720_3701304.html):
        // 决算总额2771万元，比上年下降1.8%；因公出国(境)经费120万元 (+79.1%)，
        // 公务接待费1033万元 (-7.6%)，公务用车购置及运行费1618万元 (-1.2%)，
        // 其中购置费414万元 (+7.5%)、运行费1204万元 (-3.9%); laid out as the
        // 一般公共预算财政拨款“三公”经费支出决算表. 2771万元 = 27710000元.
        Doc {
            file: "龙泉市2018.xlsx",
            sheets: vec![sheet(
                "表7 三公经费支出决算表",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("一般公共预算财政拨款“三公”经费支出决算表")],
                        &[T("单位：万元")],
                        &[T("项目"), T("决算数"), T("比上年增减（%）")],
                        &[T("合计"), N(2771.0), N(-1.8)],
                        &[T("因公出国（境）经费"), N(120.0), N(79.1)],
                        &[T("公务接待费"), N(1033.0), N(-7.6)],
                        &[T("公务用车购置及运行费"), N(1618.0), N(-1.2)],
                        &[T("其中：公务用车购置费"), N(414.0), N(7.5)],
                        &[T("公务用车运行费"), N(1204.0), N(-3.9)],
                    ],
                ),
                vec![(0, 0, 0, 2)],
            )],
            expect: vec![(0, FactId::SangongActual, dec!(27710000))],
        },
        // 10. 上海市嘉定区司法局2017年度一般公共预算财政拨款“三公”经费及机关运行
        // 经费支出决算表 (单位：万元; http://www.021fenlei.com/n133889.htm,
        // NOTES-domain §4.3): 一般公共预算财政拨款“三公”经费 over 合计 | 因公出国
        // (境)费 | 公务用车购置及运行费 (小计 | 公务用车购置费 | 公务用车运行费) |
        // 公务接待费, 预算数 | 决算数 under each, beside 机关运行经费决算数; one
        // data row 22.00 | 8.77 | — | — | 14.00 | 8.47 | — | — | 14.00 | 8.47 |
        // 8.00 | 0.30 | 325.88 (the document leaves the zero cells empty).
        // 22.00万元 = 220000元, 8.77万元 = 87700元.
        Doc {
            file: "嘉定区司法局2017.xlsx",
            sheets: vec![sheet(
                "财政拨款三公经费支出决算表",
                Layout::SangongWide,
                [
                    row(
                        0,
                        &[T(
                            "2017年度一般公共预算财政拨款“三公”经费及机关运行经费支出决算表",
                        )],
                    ),
                    row(1, &[T("单位：万元")]),
                    vec![
                        (2, 0, T("一般公共预算财政拨款“三公”经费")),
                        (2, 12, T("机关运行经费决算数")),
                        (3, 0, T("合计")),
                        (3, 2, T("因公出国（境）费")),
                        (3, 4, T("公务用车购置及运行费")),
                        (3, 10, T("公务接待费")),
                        (4, 4, T("小计")),
                        (4, 6, T("公务用车购置费")),
                        (4, 8, T("公务用车运行费")),
                    ],
                    (0..12u16)
                        .map(|c| (5, c, T(if c % 2 == 0 { "预算数" } else { "决算数" })))
                        .collect(),
                    vec![
                        (6, 0, N(22.00)),
                        (6, 1, N(8.77)),
                        (6, 4, N(14.00)),
                        (6, 5, N(8.47)),
                        (6, 8, N(14.00)),
                        (6, 9, N(8.47)),
                        (6, 10, N(8.00)),
                        (6, 11, N(0.30)),
                        (6, 12, N(325.88)),
                    ],
                ]
                .concat(),
                vec![
                    (0, 0, 0, 12),
                    (2, 0, 2, 11),
                    (2, 12, 5, 12),
                    (3, 0, 4, 1),
                    (3, 2, 4, 3),
                    (3, 4, 3, 9),
                    (3, 10, 4, 11),
                    (4, 4, 4, 5),
                    (4, 6, 4, 7),
                    (4, 8, 4, 9),
                ],
            )],
            expect: vec![
                (0, FactId::SangongBudget, dec!(220000)),
                (0, FactId::SangongActual, dec!(87700)),
            ],
        },
        // 11. 鄂尔多斯 (ordoszxfztz.com) 2022 “三公”经费预算 and 2021 决算
        // (http://ordoszxfztz.com/index.php?c=show&id=73): 2022年预算总计21.8万元
        // (因公出国0, 公务接待11.8, 公务用车运行10); 2021年决算20.12万元 (0 /
        // 12.39 / 7.73); years as rows, items as columns. Evaluation year
        // 2022: 21.8万元 = 218000元 本年预算, 20.12万元 = 201200元 上年决算.
        Doc {
            file: "鄂尔多斯某中心2022年三公经费.xlsx",
            sheets: vec![sheet(
                "“三公”经费",
                Layout::SangongYearRows,
                rows(
                    0,
                    &[
                        &[T("单位：万元")],
                        &[
                            T("项目"),
                            T("合计"),
                            T("因公出国（境）费"),
                            T("公务接待费"),
                            T("公务用车运行费"),
                        ],
                        &[T("2022年预算"), N(21.8), N(0.0), N(11.8), N(10.0)],
                        &[T("2021年决算"), N(20.12), N(0.0), N(12.39), N(7.73)],
                    ],
                ),
                vec![],
            )],
            expect: vec![
                (0, FactId::SangongBudget, dec!(218000)),
                (0, FactId::SangongActualPrev, dec!(201200)),
            ],
        },
        // 12. 红河州数据发展中心2024年度项目支出绩效单位自评报告
        // (https://www.hh.gov.cn/info/11481/1179592.htm): "年初批复预算8个项目
        // 985万元 … 调整预算后项目预算861.46万元 … 实际到位资金334.67万元", as
        // a budget table. 861.46万元 = 8614600元 (项目支出·全年预算数), 985万元
        // = 9850000元 (项目支出·年初预算数).
        Doc {
            file: "红河州数据发展中心2024.xlsx",
            sheets: vec![sheet(
                "预算执行情况",
                Layout::BudgetWan,
                rows(
                    0,
                    &[
                        &[T("单位：万元")],
                        &[
                            T("项目"),
                            T("年初预算数"),
                            T("调整后预算"),
                            T("实际到位资金"),
                        ],
                        &[T("项目支出"), N(985.0), N(861.46), N(334.67)],
                    ],
                ),
                vec![],
            )],
            expect: vec![
                (0, FactId::ProjectBudget, dec!(8614600)),
                (0, FactId::ProjectInitialBudget, dec!(9850000)),
            ],
        },
        // 13. 桃江县医疗保障局 2019 部门整体支出绩效自评报告 (seed 004;
        // http://taojiang.gov.cn/26631/26632/content_2001885.html): "“三公经费”
        // 与年初预算、上年度收支情况对比说明（元）": 指标 | 本年度 | 上年度 | 比上年
        // 增减 | 比上年增减％ | 说明, "“三公经费合  计 98701 54666", pasted into
        // Sheet1 as it is.
        Doc {
            file: "桃江县医疗保障局2019.xlsx",
            sheets: vec![sheet(
                "Sheet1",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("“三公经费”与年初预算、上年度收支情况对比说明（元）")],
                        &[
                            T("指    标"),
                            T("本年度"),
                            T("上年度"),
                            T("比上年增减"),
                            T("比上年增减％"),
                            T("说明"),
                        ],
                        &[
                            T("“三公经费合  计"),
                            N(98701.0),
                            N(54666.0),
                            T("增44035"),
                            T("80%"),
                        ],
                        &[
                            T("其中：1、公务接待费"),
                            N(98701.0),
                            N(54666.0),
                            T("增44035"),
                            T("80%"),
                            T("2019年招待费包括医保局和原医保所，2018年招待费只含医保所"),
                        ],
                        &[T("2、公车运行费")],
                        &[T("3、因公出国境")],
                    ],
                ),
                vec![],
            )],
            expect: vec![
                (0, FactId::SangongActual, dec!(98701)),
                (0, FactId::SangongActualPrev, dec!(54666)),
            ],
        },
        // 14. 梧州 (wzyjsgkpt) 2023 单位预算 (元;
        // http://117.141.250.58:10060/wzyjsgkpt/uploadFile/upload1284/upload20230330/F81E71B98EB0CEC7E44621E17170A7D9.html):
        // 基本支出预算881300.39元 (同比减少166271.4元), 其中人员经费809961.19元,
        // 公用经费71339.2元; 项目支出29700元 (同比减少13900元); "三公"经费支出
        // 预算0元. 支出合计 = 881300.39 + 29700 = 911000.39元 (the document
        // prints this sum as 911000.39). 上年 = 本年 + 减少额.
        Doc {
            file: "梧州某单位2023年单位预算.xlsx",
            sheets: vec![
                sheet(
                    "一般公共预算支出表",
                    Layout::BudgetYuan,
                    rows(
                        0,
                        &[
                            &[T("一般公共预算支出表")],
                            &[T("金额单位：元")],
                            &[T("项目"), T("本年预算数"), T("上年预算数"), T("增减额")],
                            &[T("支出合计"), N(911000.39), N(1091171.79), N(-180171.4)],
                            &[T("基本支出"), N(881300.39), N(1047571.79), N(-166271.4)],
                            &[T("其中：人员经费"), N(809961.19)],
                            &[T("公用经费"), N(71339.2)],
                            &[T("项目支出"), N(29700.0), N(43600.0), N(-13900.0)],
                        ],
                    ),
                    vec![],
                ),
                sheet(
                    "一般公共预算“三公”经费支出表",
                    Layout::BudgetYuan,
                    rows(
                        0,
                        &[
                            &[T("金额单位：元")],
                            &[T("项目"), T("本年预算数")],
                            &[T("合计"), N(0.0)],
                            &[T("因公出国（境）费"), N(0.0)],
                            &[T("公务接待费"), N(0.0)],
                            &[T("公务用车购置及运行费"), N(0.0)],
                        ],
                    ),
                    vec![],
                ),
            ],
            expect: vec![
                (0, FactId::TotalBudget, dec!(911000.39)),
                (0, FactId::PublicBudget, dec!(71339.2)),
                (0, FactId::ProjectBudget, dec!(29700)),
                (1, FactId::SangongBudget, dec!(0)),
            ],
        },
        // 15. 南通市国资委2016 “三公”经费预算表
        // (http://gzw.nantong.gov.cn/ntsgzw/bmyjshsg/content/ae192308-2880-4f59-87b1-2c3334e66205.html,
        // NOTES-domain §4.3): rows 一、“三公”经费合计 / (一)因公出国(境)费
        // ("单位不需填列") / (二)公务接待费 / (三)公务用车费 / 1.公务用车购置费 /
        // 2.公务用车运行维护费 / 二、会议费 / 三、培训费; columns 2016年预算数
        // over 小计 | 其中：一般公共预算安排数. The figures were not retrieved:
        // filled in (万元). 12.50万元 = 125000元.
        Doc {
            file: "南通市国资委2016.xlsx",
            sheets: vec![sheet(
                "三公经费预算表",
                Layout::SangongLong,
                [
                    row(0, &[T("2016年“三公”经费、会议费、培训费预算表")]),
                    row(1, &[T("单位：万元")]),
                    row(2, &[T("项目"), T("2016年预算数")]),
                    vec![(3, 1, T("小计")), (3, 2, T("其中：一般公共预算安排数"))],
                    rows(
                        4,
                        &[
                            &[T("一、“三公”经费合计"), N(12.50), N(12.50)],
                            &[
                                T("（一）因公出国（境）费"),
                                T("单位不需填列"),
                                T("单位不需填列"),
                            ],
                            &[T("（二）公务接待费"), N(4.50), N(4.50)],
                            &[T("（三）公务用车费"), N(8.00), N(8.00)],
                            &[T("1.公务用车购置费"), N(0.0), N(0.0)],
                            &[T("2.公务用车运行维护费"), N(8.00), N(8.00)],
                            &[T("二、会议费"), N(3.00), N(3.00)],
                            &[T("三、培训费"), N(2.00), N(2.00)],
                        ],
                    ),
                ]
                .concat(),
                vec![(0, 0, 0, 2), (2, 0, 3, 0), (2, 1, 2, 2)],
            )],
            expect: vec![(0, FactId::SangongBudget, dec!(125000))],
        },
        // 16. 岳阳县台创园2017年度部门“三公”经费预算情况表 (单位：元;
        // http://yyx.gov.cn/37584/38146/38306/content_1180192.html,
        // NOTES-domain §4.3): columns 2016-执行数 | 2017-预算数, the 执行数
        // column left empty; rows 一、支出合计 250000 / 1、因公出国(境)费用 /
        // 2、公务接待费 150000 / 3、公务用车费 100000 / 其中：(1)公务用车运行
        // 维护费 100000 / (2)公务用车购置 / 二、相关统计数 (团组数 0, 人数 0,
        // 保有量 1, 接待批次 10, 接待人数 500). The empty 上年 column is no fact.
        Doc {
            file: "岳阳县台创园2017.xlsx",
            sheets: vec![sheet(
                "三公经费预算情况表",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("台创园2017年度部门“三公”经费预算情况表")],
                        &[T("单位：元")],
                        &[T("项目"), T("2016-执行数"), T("2017-预算数")],
                        &[T("一、支出合计"), T(""), N(250000.0)],
                        &[T("1、因公出国(境)费用")],
                        &[T("2、公务接待费"), T(""), N(150000.0)],
                        &[T("3、公务用车费"), T(""), N(100000.0)],
                        &[T("其中：(1)公务用车运行维护费"), T(""), N(100000.0)],
                        &[T("(2)公务用车购置")],
                        &[T("二、相关统计数")],
                        &[T("1.因公出国(境)团组数(个)"), T(""), N(0.0)],
                        &[T("2.因公出国(境)人数(人)"), T(""), N(0.0)],
                        &[T("3.公务用车购置数(辆)")],
                        &[T("4.公务用车保有量(辆)"), T(""), N(1.0)],
                        &[T("5.公务接待批次(批)"), T(""), N(10.0)],
                        &[T("6.公务接待人数(人)"), T(""), N(500.0)],
                    ],
                ),
                vec![(0, 0, 0, 2)],
            )],
            expect: vec![(0, FactId::SangongBudget, dec!(250000))],
        },
        // 17. 岳阳县文联2017年度“三公”经费预算表 (表3; https://www.sgf2.com/37584/38146/38352/content_1180752.html,
        // a copy of the 岳阳县 page): "单位名称：岳阳县文联  单位：万元"; columns
        // 2017年预算数合计 | 公共财政预算拨款 | 政府性基金预算拨款 | 国有资本经营预算
        // 拨款; 一、支出合计 4.9 | 0 | 0 | 0; 公务接待费 1.8; 公务用车费 3.1;
        // 公务接待批次 35, 人数 650. 4.9万元 = 49000元.
        Doc {
            file: "岳阳县文联2017.xlsx",
            sheets: vec![sheet(
                "表3",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("岳阳县文联2017年度“三公”经费预算表")],
                        &[
                            T("单位名称：岳阳县文联"),
                            T(""),
                            T(""),
                            T(""),
                            T("单位：万元"),
                        ],
                        &[
                            T("项目"),
                            T("2017年预算数合计"),
                            T("公共财政预算拨款"),
                            T("政府性基金预算拨款"),
                            T("国有资本经营预算拨款"),
                        ],
                        &[T("一、支出合计"), N(4.9), N(0.0), N(0.0), N(0.0)],
                        &[T("1、因公出国(境)费用"), N(0.0)],
                        &[T("2、公务接待费"), N(1.8)],
                        &[T("3、公务用车费"), N(3.1), N(0.0), N(0.0), N(0.0)],
                        &[T("其中：(1)公务用车运行维护费"), N(3.1)],
                        &[T("(2)公务用车购置"), N(0.0)],
                        &[T("二、相关统计数")],
                        &[T("5.公务接待批次(批)"), N(35.0)],
                        &[T("6.公务接待人数(人)"), N(650.0)],
                    ],
                ),
                vec![(0, 0, 0, 4)],
            )],
            expect: vec![(0, FactId::SangongBudget, dec!(49000))],
        },
        // 18. 2015年桂林市司法局部门“三公”经费情况统计表 (单位：万元;
        // http://honghao99.com/html/contentscontent-2015-3-18-781197.html,
        // NOTES-domain §4.3): 项 目 | 本年预算数 | 其中：公共预算财政拨款; 合 计
        // 34.35; 1.因公出国(境)费用 0; 2.公务接待费 1.70; 3.公务用车费 0;
        // 其中：(1)公务用车运行维护费 32.65; (2)公务用车购置 0 (the document's
        // figures as printed). 34.35万元 = 343500元.
        Doc {
            file: "桂林市司法局2015.xlsx",
            sheets: vec![sheet(
                "“三公”经费预算表",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("2015年桂林市司法局部门“三公”经费情况统计表")],
                        &[T(""), T("单位：万元")],
                        &[T("项 目"), T("本年预算数"), T("其中：公共预算财政拨款")],
                        &[T("合 计"), N(34.35), N(34.35)],
                        &[T("1.因公出国(境)费用"), N(0.0), N(0.0)],
                        &[T("2.公务接待费"), N(1.70), N(1.70)],
                        &[T("3.公务用车费"), N(0.0), N(0.0)],
                        &[T("其中：(1)公务用车运行维护费"), N(32.65), N(32.65)],
                        &[T("(2)公务用车购置"), N(0.0), N(0.0)],
                    ],
                ),
                vec![(0, 0, 0, 2)],
            )],
            expect: vec![(0, FactId::SangongBudget, dec!(343500))],
        },
        // 19. 达州市环城公路养护中心 2014年“三公”经费预算财政拨款情况统计表
        // (单位：万元; http://jtj.dazhou.gov.cn/xxgk-show-16182.html): 项 目 |
        // 本年预算数; 合 计 46; 1.因公出国(境)费用 —; 2.公务接待费 8; 3.公务用车费
        // 38; 其中：(1)公务用车运行维护费 38; (2)公务用车购置 —, pasted into
        // Sheet1. 46万元 = 460000元.
        Doc {
            file: "达州市环城公路养护中心2014.xlsx",
            sheets: vec![sheet(
                "Sheet1",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("2014年“三公”经费预算财政拨款情况统计表")],
                        &[T("单位：万元")],
                        &[T("项 目"), T("本年预算数")],
                        &[T("合 计"), N(46.0)],
                        &[T("1.因公出国(境)费用")],
                        &[T("2.公务接待费"), N(8.0)],
                        &[T("3.公务用车费"), N(38.0)],
                        &[T("其中：(1)公务用车运行维护费"), N(38.0)],
                        &[T("(2)公务用车购置")],
                    ],
                ),
                vec![],
            )],
            expect: vec![(0, FactId::SangongBudget, dec!(460000))],
        },
        // 20. 宁国市交通运输局 2013年“三公”经费财政拨款支出决算表 (单位：万元;
        // https://siseiken.net/OpennessContent/show/875326.html): 项目 | 决算数;
        // 合计 60.6; 因公出国(境)费 0; 公务接待费 28.1; 公务用车购置及运行费 32.5;
        // 其中：公务用车运行维护费, 公务用车购置费 left empty. 60.6万元 = 606000元.
        Doc {
            file: "宁国市交通运输局2013.xlsx",
            sheets: vec![sheet(
                "三公经费财政拨款支出决算表",
                Layout::SangongLong,
                rows(
                    0,
                    &[
                        &[T("一、2013年“三公”经费财政拨款支出决算表")],
                        &[T("（单位：万元）")],
                        &[T("项目"), T("决算数")],
                        &[T("合计"), N(60.6)],
                        &[T("因公出国(境)费"), N(0.0)],
                        &[T("公务接待费"), N(28.1)],
                        &[T("公务用车购置及运行费"), N(32.5)],
                        &[T("其中：公务用车运行维护费")],
                        &[T("公务用车购置费")],
                    ],
                ),
                vec![],
            )],
            expect: vec![(0, FactId::SangongActual, dec!(606000))],
        },
        // 21. 大关县天星镇中心卫生院2021年部门决算公开表, 收入支出决算总表 公开01表
        // (金额单位：元; https://wenku.minyifei.cn/archives/p7ymvq4zlrjv2x309rw5.html,
        // NOTES-domain §4.2): two sides of 项目 | 行次 | 金额 with 栏次. The
        // document's income figures; its 年初结转和结余 and 年末结转和结余 are
        // empty, its 支出 side is given only in part, so it contains none of
        // the facts: nothing may be read from it (行次 numbers least of all).
        Doc {
            file: "大关县天星镇中心卫生院2021.xlsx",
            sheets: vec![sheet(
                "收入支出决算总表",
                Layout::BudgetYuan,
                rows(
                    0,
                    &[
                        &[T("收入支出决算总表")],
                        &[
                            T("部门：昭通市大关县天星镇中心卫生院"),
                            T(""),
                            T(""),
                            T(""),
                            T("公开01表"),
                            T("金额单位：元"),
                        ],
                        &[T("收入"), T(""), T(""), T("支出")],
                        &[
                            T("项目"),
                            T("行次"),
                            T("金额"),
                            T("项目（按功能分类）"),
                            T("行次"),
                            T("金额"),
                        ],
                        &[T("栏次"), T(""), N(1.0), T("栏次"), T(""), N(2.0)],
                        &[
                            T("一、一般公共预算财政拨款收入"),
                            N(1.0),
                            N(11122315.04),
                            T("一、一般公共服务支出"),
                            N(31.0),
                        ],
                        &[
                            T("五、事业收入"),
                            N(5.0),
                            N(13628965.89),
                            T("八、社会保障和就业支出"),
                            N(38.0),
                            N(697723.84),
                        ],
                        &[
                            T("八、其他收入"),
                            N(8.0),
                            N(1003618.46),
                            T("九、卫生健康支出"),
                            N(39.0),
                            N(25037565.22),
                        ],
                        &[
                            T("本年收入合计"),
                            N(27.0),
                            N(25754899.39),
                            T("本年支出合计"),
                            N(57.0),
                        ],
                        &[
                            T("使用非财政拨款结余"),
                            N(28.0),
                            T(""),
                            T("结余分配"),
                            N(58.0),
                        ],
                        &[
                            T("年初结转和结余"),
                            N(29.0),
                            T(""),
                            T("年末结转和结余"),
                            N(59.0),
                        ],
                        &[T("总计"), N(30.0), N(25754899.39), T("总计"), N(60.0)],
                    ],
                ),
                vec![(0, 0, 0, 5), (2, 0, 2, 2), (2, 3, 2, 5)],
            )],
            expect: vec![],
        },
    ]
}

#[derive(Default, Clone, Copy)]
struct Counts {
    expected: usize,
    right: usize,
    wrong: usize,
    missed: usize,
    extra: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.expected += o.expected;
        self.right += o.right;
        self.wrong += o.wrong;
        self.missed += o.missed;
        self.extra += o.extra;
    }
}

#[test]
#[allow(clippy::print_stdout)]
fn real_layouts_are_read_right() {
    let dir = tempfile::tempdir().unwrap();
    let profile = Profile::builtin();
    let docs = corpus();
    assert!(docs.len() >= 12);
    // Counted over the corpus and per layout.
    let mut per_layout: BTreeMap<Layout, Counts> = BTreeMap::new();
    let mut lines = Vec::new();
    for doc in &docs {
        let path = dir.path().join(doc.file);
        write(doc, &path);
        let wb = read_workbook(&path).unwrap();
        let facts = extract(&wb, &profile);
        for (sheet, id, want) in &doc.expect {
            let layout = doc.sheets[*sheet].layout;
            let mut c = Counts {
                expected: 1,
                ..Counts::default()
            };
            let verdict = match facts.items.get(id) {
                Some(FactOutcome::Found(f)) if f.value == *want => {
                    c.right = 1;
                    "读对".to_string()
                }
                Some(FactOutcome::Found(f)) => {
                    c.wrong = 1;
                    format!("读错：{}（{}）", f.value, f.source.cell())
                }
                other => {
                    c.missed = 1;
                    match other {
                        Some(FactOutcome::Blank { label_at }) => {
                            format!("未读：标签在 {}，数值为空", label_at.cell())
                        }
                        Some(FactOutcome::Invalid { at, text }) => {
                            format!("未读：{} 不是数字“{text}”", at.cell())
                        }
                        Some(FactOutcome::NotApplicable { at, .. }) => {
                            format!("未读：{} 标注不适用", at.cell())
                        }
                        Some(FactOutcome::Conflict { found }) => format!(
                            "未读：{} 处取值不一致（{}）",
                            found.len(),
                            found
                                .iter()
                                .map(|f| f.source.cell())
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                        _ => "未读：未找到标签".to_string(),
                    }
                }
            };
            if c.right == 0 {
                lines.push(format!("{} {:?} 应为 {want}：{verdict}", doc.file, id));
            }
            per_layout.entry(layout).or_default().add(c);
        }
        // Facts read that the document does not contain.
        for (id, outcome) in &facts.items {
            if doc.expect.iter().any(|(_, e, _)| e == id) {
                continue;
            }
            if let FactOutcome::Found(f) = outcome {
                let layout = doc
                    .sheets
                    .iter()
                    .find(|s| s.name == f.source.sheet)
                    .map_or(Layout::FieldsBeside, |s| s.layout);
                let c = Counts {
                    extra: 1,
                    ..Counts::default()
                };
                lines.push(format!(
                    "{} {:?} 文中没有，却读到 {}（{}）",
                    doc.file,
                    id,
                    f.value,
                    f.source.cell(),
                ));
                per_layout.entry(layout).or_default().add(c);
            }
        }
    }
    let mut total = Counts::default();
    let mut table =
        String::from("| 版式 | 应读 | 读对 | 读错 | 未读 | 多读 |\n|---|---|---|---|---|---|\n");
    for (layout, c) in &per_layout {
        total.add(*c);
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            layout.name(),
            c.expected,
            c.right,
            c.wrong,
            c.missed,
            c.extra
        ));
    }
    table.push_str(&format!(
        "| 合计（{} 个工作簿） | {} | {} | {} | {} | {} |\n",
        docs.len(),
        total.expected,
        total.right,
        total.wrong,
        total.missed,
        total.extra
    ));
    println!("{table}");
    for l in &lines {
        println!("- {l}");
    }
    assert_eq!(total.wrong + total.extra, 0, "{table}\n{lines:#?}");
    assert!(
        total.right * 100 >= total.expected * 95,
        "{} of {} right\n{table}\n{lines:#?}",
        total.right,
        total.expected
    );
}

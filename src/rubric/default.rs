//! The built-in default rubric, used when no rubric is given.
//!
//! Structure: 财政部 部门整体支出绩效评价共性指标体系框架 (财预〔2013〕53号
//! 附件2): 投入 / 过程 / 产出 / 效果. Points: the 宁国市医疗保障局 table
//! (seed 003), which totals 100. Scoring standards: written in the style of
//! the 岳阳市云溪区 参考样表 (seed 002, 附件4-1) and the 桃江县 table (seed 004),
//! scaled to these points. docs/默认评分表.md gives the source of every row.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{RowKey, Rubric, RubricRow, RubricSource, RuleOrigin};
use crate::metrics::MetricId;
use crate::rules::{Band, Bands, Bound, Direction, LinearDeduction, Proportional, Rule};

fn proportional() -> Rule {
    Rule::Proportional(Proportional::of_target())
}

fn linear(threshold: Decimal, direction: Direction, deduct: Decimal) -> Rule {
    Rule::Linear(LinearDeduction::new(
        threshold,
        direction,
        dec!(0.01),
        deduct,
    ))
}

/// `[lo, hi)` bands from a list of (lower bound, points), highest first;
/// the last entry is "below the previous bound".
fn bands_from(lower_bounds: &[(Decimal, Decimal)], below: Decimal) -> Rule {
    let mut bands = Vec::new();
    let mut upper: Option<Decimal> = None;
    for (lo, points) in lower_bounds {
        bands.push(Band::new(
            Some(Bound::inclusive(*lo)),
            upper.map(Bound::exclusive),
            *points,
        ));
        upper = Some(*lo);
    }
    bands.push(Band::new(None, upper.map(Bound::exclusive), below));
    Rule::Bands(Bands::new(bands))
}

fn manual() -> Rule {
    Rule::Manual {
        reason: "定性指标，由评价人员按评价要点打分".to_string(),
    }
}

struct Row {
    level1: &'static str,
    level2: &'static str,
    name: &'static str,
    max: Decimal,
    standard: &'static str,
    metric: Option<MetricId>,
    rule: fn() -> Rule,
}

/// The rows, as printed in the default 评分表.
fn rows() -> Vec<Row> {
    use MetricId as M;
    let q = |level1, level2, name, max, standard, metric, rule| Row {
        level1,
        level2,
        name,
        max,
        standard,
        metric: Some(metric),
        rule,
    };
    let m = |level1, level2, name, max, standard| Row {
        level1,
        level2,
        name,
        max,
        standard,
        metric: None,
        rule: manual,
    };
    vec![
        m(
            "投入",
            "目标设定",
            "绩效目标合理性",
            dec!(4),
            "评价要点：①是否符合国家法律法规、国民经济和社会发展总体规划；②是否符合部门“三定”方案确定的职责；③是否符合部门制定的中长期实施规划。",
        ),
        m(
            "投入",
            "目标设定",
            "绩效指标明确性",
            dec!(4),
            "评价要点：①是否将部门整体绩效目标细化分解为具体工作任务；②是否通过清晰、可衡量的指标值予以体现；③是否与部门年度任务数或计划数相对应；④是否与本年度部门预算资金相匹配。",
        ),
        q(
            "投入",
            "预算配置",
            "在职人员控制率",
            dec!(4),
            "在职人员控制率=（在职人员数/编制数）×100%。以100%为标准，在职人员控制率≤100%，计4分；每超过一个百分点扣0.4分，扣完为止。",
            M::StaffControlRate,
            || linear(Decimal::ONE, Direction::Above, dec!(0.4)),
        ),
        q(
            "投入",
            "预算配置",
            "“三公经费”变动率",
            dec!(4),
            "“三公经费”变动率=[（本年度“三公经费”预算数-上年度“三公经费”预算数）/上年度“三公经费”预算数]×100%。“三公经费”变动率≤0，计4分；大于0的，每超过一个百分点扣0.4分，扣完为止。",
            M::SangongChangeRate,
            || linear(Decimal::ZERO, Direction::Above, dec!(0.4)),
        ),
        q(
            "投入",
            "预算配置",
            "重点支出安排率",
            dec!(4),
            "重点支出安排率=（重点项目支出/项目总支出）×100%。重点支出安排率≥90%，计4分；80%（含）-90%，计3.2分；70%（含）-80%，计2.4分；60%（含）-70%，计1.6分；低于60%不得分。",
            M::KeyExpenditureRate,
            || {
                bands_from(
                    &[
                        (dec!(0.9), dec!(4)),
                        (dec!(0.8), dec!(3.2)),
                        (dec!(0.7), dec!(2.4)),
                        (dec!(0.6), dec!(1.6)),
                    ],
                    dec!(0),
                )
            },
        ),
        q(
            "过程",
            "预算执行",
            "预算完成率",
            dec!(3),
            "预算完成率=（预算完成数/预算数）×100%。预算完成率为100%的，计3分；每偏离100%一个百分点扣0.1分，扣完为止。",
            M::BudgetCompletionRate,
            || linear(Decimal::ONE, Direction::Both, dec!(0.1)),
        ),
        q(
            "过程",
            "预算执行",
            "预算调整率",
            dec!(2),
            "预算调整率=（预算调整数/预算数）×100%。预算调整率=0，计2分；0-10%（含），计1.5分；10%-20%（含），计1分；20%-30%（含），计0.5分；大于30%不得分。",
            M::BudgetAdjustmentRate,
            || {
                Rule::Bands(Bands::new(vec![
                    Band::new(
                        Some(Bound::inclusive(dec!(0))),
                        Some(Bound::inclusive(dec!(0))),
                        dec!(2),
                    ),
                    Band::new(
                        Some(Bound::exclusive(dec!(0))),
                        Some(Bound::inclusive(dec!(0.1))),
                        dec!(1.5),
                    ),
                    Band::new(
                        Some(Bound::exclusive(dec!(0.1))),
                        Some(Bound::inclusive(dec!(0.2))),
                        dec!(1),
                    ),
                    Band::new(
                        Some(Bound::exclusive(dec!(0.2))),
                        Some(Bound::inclusive(dec!(0.3))),
                        dec!(0.5),
                    ),
                    Band::new(Some(Bound::exclusive(dec!(0.3))), None, dec!(0)),
                ]))
            },
        ),
        q(
            "过程",
            "预算执行",
            "支付进度率",
            dec!(2),
            "支付进度率=（实际支付进度/既定支付进度）×100%。支付进度率≥100%，计2分；每低于100%一个百分点扣0.1分，扣完为止。",
            M::PaymentProgressRate,
            || linear(Decimal::ONE, Direction::Below, dec!(0.1)),
        ),
        q(
            "过程",
            "预算执行",
            "结转结余率",
            dec!(2),
            "结转结余率=结转结余总额/支出预算数×100%。结转结余率≤5%，计2分；每超过一个百分点扣0.2分，扣完为止。",
            M::CarryoverRate,
            || linear(dec!(0.05), Direction::Above, dec!(0.2)),
        ),
        q(
            "过程",
            "预算执行",
            "公用经费控制率",
            dec!(2),
            "公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%。以100%为标准，公用经费控制率≤100%，计2分；每超过一个百分点扣0.2分，扣完为止。",
            M::PublicExpenseControlRate,
            || linear(Decimal::ONE, Direction::Above, dec!(0.2)),
        ),
        q(
            "过程",
            "预算执行",
            "“三公经费”控制率",
            dec!(2),
            "“三公经费”控制率=（“三公经费”实际支出数/“三公经费”预算安排数）×100%。以100%为标准，“三公经费”控制率≤100%，计2分；每超过一个百分点扣0.4分，扣完为止。",
            M::SangongControlRate,
            || linear(Decimal::ONE, Direction::Above, dec!(0.4)),
        ),
        q(
            "过程",
            "预算执行",
            "政府采购执行率",
            dec!(2),
            "政府采购执行率=（实际政府采购金额/政府采购预算数）×100%。政府采购执行率等于100%的，得2分；每减少一个百分点，扣0.2分，扣完为止。",
            M::ProcurementRate,
            || linear(Decimal::ONE, Direction::Below, dec!(0.2)),
        ),
        m(
            "过程",
            "预算管理",
            "管理制度健全性",
            dec!(4),
            "评价要点：①是否已制定或具有预算资金管理办法、内部财务管理制度、会计核算制度等管理制度；②相关管理制度是否合法、合规、完整；③相关管理制度是否得到有效执行。",
        ),
        m(
            "过程",
            "预算管理",
            "资金使用合规性",
            dec!(4),
            "评价要点：①是否符合国家财经法规和财务管理制度以及有关专项资金管理办法的规定；②资金拨付是否有完整的审批程序和手续；③重大开支是否经过评估论证；④是否符合部门预算批复的用途；⑤是否存在截留、挤占、挪用、虚列支出等情况。",
        ),
        m(
            "过程",
            "预算管理",
            "预决算信息公开性",
            dec!(3),
            "评价要点：①是否按规定内容公开预决算信息；②是否按规定时限公开预决算信息。",
        ),
        m(
            "过程",
            "预算管理",
            "政府购买服务执行情况",
            dec!(2),
            "评价要点：①项目支出是否有政府购买服务目录规定的项目；②是否严格执行了政府购买服务管理。",
        ),
        m(
            "过程",
            "预算管理",
            "财务信息完善性",
            dec!(2),
            "评价要点：①财务信息资料是否真实；②是否完整；③是否准确。",
        ),
        m(
            "过程",
            "资产管理",
            "资产管理制度健全性",
            dec!(4),
            "评价要点：①是否已制定或具有资产管理制度；②相关资产管理制度是否合法、合规、完整；③相关资产管理制度是否得到有效执行。",
        ),
        m(
            "过程",
            "资产管理",
            "资产管理安全性",
            dec!(3),
            "评价要点：①资产保存是否完整；②资产配置是否合理；③资产处置是否规范；④资产账务管理是否合规，是否账实相符；⑤资产有偿使用及处置收入是否及时足额上缴。",
        ),
        q(
            "过程",
            "资产管理",
            "固定资产利用率",
            dec!(3),
            "固定资产利用率=（实际在用固定资产总额/所有固定资产总额）×100%。每低于100%一个百分点扣0.1分，扣完为止。",
            M::FixedAssetUtilization,
            || linear(Decimal::ONE, Direction::Below, dec!(0.1)),
        ),
        q(
            "产出",
            "职责履行",
            "实际完成率",
            dec!(5),
            "实际完成率=（实际完成工作数/计划工作数）×100%。按比例计分。",
            M::ActualCompletionRate,
            proportional,
        ),
        q(
            "产出",
            "职责履行",
            "完成及时率",
            dec!(3),
            "完成及时率=（及时完成实际工作数/计划工作数）×100%。按比例计分。",
            M::TimelyCompletionRate,
            proportional,
        ),
        q(
            "产出",
            "职责履行",
            "质量达标率",
            dec!(3),
            "质量达标率=（质量达标实际工作数/计划工作数）×100%。按比例计分。",
            M::QualityRate,
            proportional,
        ),
        q(
            "产出",
            "职责履行",
            "重点工作办结率",
            dec!(4),
            "重点工作办结率=（重点工作实际完成数/交办或下达数）×100%。按比例计分。",
            M::KeyWorkRate,
            proportional,
        ),
        m(
            "效果",
            "履职效益",
            "经济效益",
            dec!(5),
            "部门履行职责对经济发展所带来的直接或间接影响。",
        ),
        m(
            "效果",
            "履职效益",
            "社会效益",
            dec!(5),
            "部门履行职责对社会发展所带来的直接或间接影响。",
        ),
        m(
            "效果",
            "履职效益",
            "生态效益",
            dec!(5),
            "部门履行职责对生态环境所带来的直接或间接影响。",
        ),
        q(
            "效果",
            "履职效益",
            "社会公众或服务对象满意度",
            dec!(5),
            "95%（含）以上计5分；85%（含）-95%，计3分；75%（含）-85%，计1分；低于75%计0分。",
            M::Satisfaction,
            || {
                bands_from(
                    &[
                        (dec!(0.95), dec!(5)),
                        (dec!(0.85), dec!(3)),
                        (dec!(0.75), dec!(1)),
                    ],
                    dec!(0),
                )
            },
        ),
        m(
            "效果",
            "评价配合",
            "评价配合情况",
            dec!(5),
            "评价要点：①是否安排专人负责联系协调；②资料准备是否齐全；③资料报送是否及时；④所提供材料是否真实、准确。",
        ),
    ]
}

/// The built-in rubric (100 points).
pub fn default_rubric() -> Rubric {
    Rubric {
        title: super::TEMPLATE_TITLE.to_string(),
        source: "内置默认评分表".to_string(),
        provenance: RubricSource::BuiltIn,
        warnings: Vec::new(),
        layout: None,
        family: crate::profile::family::Family::Department,
        rows: rows()
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let rule = (r.rule)();
                RubricRow {
                    key: RowKey {
                        sheet: "内置默认评分表".to_string(),
                        row: u32::try_from(i).unwrap_or(u32::MAX),
                    },
                    level1: r.level1.to_string(),
                    level2: r.level2.to_string(),
                    name: r.name.to_string(),
                    sub_point: None,
                    standard: r.standard.to_string(),
                    max: r.max,
                    metric: r.metric,
                    origin: if rule.is_manual() {
                        RuleOrigin::Manual
                    } else {
                        RuleOrigin::BuiltIn
                    },
                    rule,
                    rule_notes: Vec::new(),
                    rule_clauses: Vec::new(),
                    full_if_not_applicable: false,
                    self_score: None,
                    source_row: None,
                    self_score_col: None,
                }
            })
            .collect(),
    }
}

/// The default rule for a metric and the points it was written for.
pub fn default_rule(metric: MetricId) -> Option<(Rule, Decimal)> {
    rows()
        .into_iter()
        .find(|r| r.metric == Some(metric))
        .map(|r| ((r.rule)(), r.max))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default rubric's own texts read back as its built-in rules.
    #[test]
    fn default_rubric_texts_parse_to_builtin_rules() {
        for row in default_rubric().rows {
            let unit = row.metric.map_or(crate::metrics::MetricUnit::Percent, |m| {
                crate::metrics::catalog::spec(m).unit
            });
            let (parsed, _) =
                crate::rules::parse::parse_rule(&row.standard, row.max, unit).into_rule();
            if row.rule.is_manual() {
                assert!(parsed.is_manual(), "{}", row.name);
            } else {
                assert_eq!(parsed, row.rule, "{}: {}", row.name, row.standard);
            }
        }
    }

    #[test]
    fn points_follow_ningguo() {
        let r = default_rubric();
        assert_eq!(r.total_points(), dec!(100));
        let totals = r.level1_totals();
        let want = [
            ("投入", dec!(20)),
            ("过程", dec!(40)),
            ("产出", dec!(15)),
            ("效果", dec!(25)),
        ];
        assert_eq!(totals.len(), 4);
        for ((name, pts), (wn, wp)) in totals.iter().zip(want) {
            assert_eq!((name.as_str(), *pts), (wn, wp));
        }
    }

    #[test]
    fn quantitative_rows_have_metrics_and_rules_within_points() {
        for row in default_rubric().rows {
            assert_eq!(row.metric.is_some(), !row.rule.is_manual(), "{}", row.name);
            if let Some(top) = row.rule.top_points() {
                assert!(top <= row.max, "{} gives {top} > {}", row.name, row.max);
            }
        }
    }
}

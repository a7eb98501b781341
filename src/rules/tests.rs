//! Tests across the kinds.
//!
//! Every scoring wording of the five seed rubrics, with the reading jixiao
//! must give and scores at, just below and just above each boundary,
//! worked out by hand from the text; then the properties every rule keeps,
//! for any value `Decimal` can hold.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::parse::{Parse, parse_rule};
use super::{
    Band, Bands, Bound, BySign, CompareAmounts, CountDeduction, Direction, LinearDeduction,
    Outcome, Proportional, Rule, RuleInput, StepRounding,
};
use crate::metrics::MetricUnit;

struct Case {
    /// Where the wording comes from.
    source: &'static str,
    text: &'static str,
    max: Decimal,
    unit: MetricUnit,
    reading: &'static str,
    /// (value, expected score)
    scores: Vec<(Decimal, Decimal)>,
}

const P: MetricUnit = MetricUnit::Percent;

fn cases() -> Vec<Case> {
    vec![
        Case {
            source: "云溪 财政供养人员控制率",
            text: "以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。",
            max: dec!(5),
            unit: P,
            reading: "线性扣分：≤100%计满分；超过100%的部分每1个百分点扣0.5分（不足1个百分点按比例扣），扣完为止",
            scores: vec![
                (dec!(1), dec!(5)),
                (dec!(0.999), dec!(5)),
                (dec!(1.01), dec!(4.5)),
                (dec!(1.1), dec!(0)),
                (dec!(1.2), dec!(0)),
            ],
        },
        Case {
            source: "云溪 三公经费变动率",
            text: "“三公经费”变动率≦0,计5分；\n“三公经费”＞0，每超过一个百分点扣0.5分，扣完为止。",
            max: dec!(5),
            unit: P,
            reading: "线性扣分：≤0计满分；超过0的部分每1个百分点扣0.5分（不足1个百分点按比例扣），扣完为止",
            scores: vec![
                (dec!(0), dec!(5)),
                (dec!(-0.01), dec!(5)),
                (dec!(0.01), dec!(4.5)),
                (dec!(0.805531), dec!(0)),
            ],
        },
        Case {
            source: "云溪 重点支出安排率",
            text: "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。",
            max: dec!(5),
            unit: P,
            reading: "分档计分：≥90%计5分；[80%,90%)计4分；[70%,80%)计3分；[60%,70%)计2分；<60%计0分",
            scores: vec![
                (dec!(0.9), dec!(5)),
                (dec!(0.8999), dec!(4)),
                (dec!(0.8), dec!(4)),
                (dec!(0.7999), dec!(3)),
                (dec!(0.7), dec!(3)),
                (dec!(0.6), dec!(2)),
                (dec!(0.5999), dec!(0)),
            ],
        },
        Case {
            source: "云溪 预算调整率",
            text: "预算调整率=0，计3分；0-10%（含），计2分；10-20%（含），计1分；20-30%（含），计0.5分；大于30%不得分。",
            max: dec!(3),
            unit: P,
            reading: "分档计分：=0计3分；(0,10%]计2分；(10%,20%]计1分；(20%,30%]计0.5分；>30%计0分",
            scores: vec![
                (dec!(0), dec!(3)),
                (dec!(0.0001), dec!(2)),
                (dec!(0.1), dec!(2)),
                (dec!(0.1001), dec!(1)),
                (dec!(0.2), dec!(1)),
                (dec!(0.3), dec!(0.5)),
                (dec!(0.3001), dec!(0)),
            ],
        },
        Case {
            source: "云溪 支付进度",
            text: "春节前下达全部专项资金的50%；6月底前所有专项资金指标全部下达完。\n每出现一个专项未按进度完成资金下达扣0.5分，扣完为止。",
            max: dec!(3),
            unit: MetricUnit::Count,
            reading: "计数扣分：每出现1个扣0.5分，扣完为止",
            scores: vec![
                (dec!(0), dec!(3)),
                (dec!(1), dec!(2.5)),
                (dec!(6), dec!(0)),
                (dec!(7), dec!(0)),
            ],
        },
        Case {
            source: "云溪 资金结余",
            text: "无结余，3分；有结余，但不超过上年结转，2分；结余超过上年结转，不得分。",
            max: dec!(3),
            unit: MetricUnit::Amount,
            reading: "结余比较：无结余计3分；结余不超过上年结转计2分；结余超过上年结转计0分",
            // reference (上年结转) = 100 in `score_of`
            scores: vec![
                (dec!(0), dec!(3)),
                (dec!(100), dec!(2)),
                (dec!(99.99), dec!(2)),
                (dec!(100.01), dec!(0)),
            ],
        },
        Case {
            source: "云溪 三公经费控制率",
            text: "以100%为标准。三公经费控制率≦100%，计6分；\n每超过一个百分点扣1分，扣完为止。",
            max: dec!(6),
            unit: P,
            reading: "线性扣分：≤100%计满分；超过100%的部分每1个百分点扣1分（不足1个百分点按比例扣），扣完为止",
            scores: vec![
                (dec!(1), dec!(6)),
                (dec!(0.99), dec!(6)),
                (dec!(1.01), dec!(5)),
                (dec!(1.06), dec!(0)),
            ],
        },
        Case {
            source: "云溪 政府采购执行率",
            text: "政府采购执行率等于100%的，得3分；\n每减少一个百分点，扣0.2分，扣完为止。",
            max: dec!(3),
            unit: P,
            reading: "线性扣分：≥100%计满分；低于100%的部分每1个百分点扣0.2分（不足1个百分点按比例扣），扣完为止",
            scores: vec![
                (dec!(1), dec!(3)),
                (dec!(0.99), dec!(2.8)),
                (dec!(0.85), dec!(0)),
                (dec!(1.01), dec!(3)),
            ],
        },
        Case {
            source: "云溪 公务卡刷卡率",
            text: "公务卡刷卡率达50％以上的，得3分。\n每减少一个百分点，扣0.2分，扣完为止。",
            max: dec!(3),
            unit: P,
            reading: "线性扣分：≥50%计满分；低于50%的部分每1个百分点扣0.2分（不足1个百分点按比例扣），扣完为止",
            scores: vec![
                (dec!(0.5), dec!(3)),
                (dec!(0.49), dec!(2.8)),
                (dec!(0.51), dec!(3)),
                (dec!(0.3), dec!(0)),
            ],
        },
        Case {
            source: "云溪 固定资产利用率",
            text: "每低于100%一个百分点扣0.1分，扣完为止。",
            max: dec!(3),
            unit: P,
            reading: "线性扣分：≥100%计满分；低于100%的部分每1个百分点扣0.1分（不足1个百分点按比例扣），扣完为止",
            scores: vec![
                (dec!(1), dec!(3)),
                (dec!(0.99), dec!(2.9)),
                (dec!(0.7), dec!(0)),
                (dec!(0.69), dec!(0)),
            ],
        },
        Case {
            source: "云溪 社会公众或服务对象满意度",
            text: "95%（含）以上计5分；\n\n85%（含）-95%，计3分；\n\n75%（含）-85%，计1分；\n\n低于75%计0分。",
            max: dec!(5),
            unit: P,
            reading: "分档计分：≥95%计5分；[85%,95%)计3分；[75%,85%)计1分；<75%计0分",
            scores: vec![
                (dec!(0.95), dec!(5)),
                (dec!(0.9499), dec!(3)),
                (dec!(0.85), dec!(3)),
                (dec!(0.8499), dec!(1)),
                (dec!(0.75), dec!(1)),
                (dec!(0.7499), dec!(0)),
            ],
        },
        Case {
            source: "云溪 项目表 服务对象满意度",
            text: "满意率达90%（含）以上的得8分，80%（含）-90%得6分，70%（含）-80%得4分，60%（含）-70%得2分，60%以下不得分。",
            max: dec!(8),
            unit: P,
            reading: "分档计分：≥90%计8分；[80%,90%)计6分；[70%,80%)计4分；[60%,70%)计2分；<60%计0分",
            scores: vec![
                (dec!(0.9), dec!(8)),
                (dec!(0.8999), dec!(6)),
                (dec!(0.6), dec!(2)),
                (dec!(0.5999), dec!(0)),
            ],
        },
        Case {
            source: "云溪 项目表 产出数量",
            text: "完成绩效目标100%得5分，未完成100%的同比例扣减。",
            max: dec!(5),
            unit: P,
            reading: "按比例计分：得分=分值×实际值÷100%，最高为分值",
            scores: vec![
                (dec!(1), dec!(5)),
                (dec!(0.9), dec!(4.5)),
                (dec!(1.1), dec!(5)),
                (dec!(0), dec!(0)),
            ],
        },
        Case {
            source: "桃江 三公经费变动率",
            text: "“三公经费”变动率=[（本年度“三公经费”总额—上年度“三公经费”总额）/上年度“三公经费”总额]×100%。大于0的计0分，等于0的计3分，小于0的计4分。",
            max: dec!(3),
            unit: P,
            reading: "按正负计分：>0计0分；=0计3分；<0计4分",
            scores: vec![
                (dec!(0.805531), dec!(0)),
                (dec!(0.0001), dec!(0)),
                (dec!(0), dec!(3)),
                (dec!(-0.0001), dec!(3)),
            ],
        },
        Case {
            source: "桃江 重点支出安排率",
            text: "重点支出安排率=（部门年度预算安排的重点项目支出总额/项目总支出总额）×100%。80%及以上计满分，60%及以上计3分，40%及以上计2分，40%以下的计1分。",
            max: dec!(4),
            unit: P,
            reading: "分档计分：≥80%计4分；≥60%计3分；≥40%计2分；<40%计1分",
            scores: vec![
                (dec!(0.8), dec!(4)),
                (dec!(0.7999), dec!(3)),
                (dec!(0.6), dec!(3)),
                (dec!(0.5999), dec!(2)),
                (dec!(0.4), dec!(2)),
                (dec!(0.3999), dec!(1)),
            ],
        },
        Case {
            source: "桃江 预算完成率",
            text: "预算完成率=（预算完成数/预算数）×100%。按比例计分。",
            max: dec!(2),
            unit: P,
            reading: "按比例计分：得分=分值×实际值÷100%，最高为分值",
            scores: vec![
                (dec!(1), dec!(2)),
                (dec!(0.9754), dec!(1.9508)),
                (dec!(6.9414), dec!(2)),
            ],
        },
        Case {
            source: "桃江 投资评审执行率",
            text: "投资评审执行率=实际进行投资评审的项目金额/应执行投资评审的项目金额×100%；按执行比率计分。",
            max: dec!(1),
            unit: P,
            reading: "按比例计分：得分=分值×实际值÷100%，最高为分值",
            scores: vec![(dec!(0.5), dec!(0.5))],
        },
        Case {
            source: "赣州 政府采购执行率",
            text: "政府采购执行率100%，得分=指标实际完成值×2",
            max: dec!(2),
            unit: P,
            reading: "按比例计分：得分=分值×实际值÷100%，最高为分值",
            scores: vec![(dec!(1), dec!(2)), (dec!(0.993), dec!(1.986))],
        },
        Case {
            source: "issue 3: sign lost in publication",
            text: "以100%为标准。在职人员控制率100%，计5分；每超过一个百分点扣0.5分，扣完为止。",
            max: dec!(5),
            unit: P,
            reading: "线性扣分：≤100%计满分；超过100%的部分每1个百分点扣0.5分（不足1个百分点按比例扣），扣完为止",
            scores: vec![(dec!(1), dec!(5)), (dec!(1.02), dec!(4))],
        },
        Case {
            source: "issue 3: stepped whole blocks",
            text: "执行率100%得10分，每低于5%扣2分",
            max: dec!(10),
            unit: P,
            reading: "线性扣分：≥100%计满分；低于100%的部分每5个百分点扣2分（不足一档不扣），扣完为止",
            scores: vec![
                (dec!(1), dec!(10)),
                (dec!(0.96), dec!(10)),
                (dec!(0.95), dec!(8)),
                (dec!(0.9), dec!(6)),
            ],
        },
        Case {
            source: "full-width digits and punctuation",
            text: "满意度９５％（含）以上计５分；８５％（含）－９５％，计３分；低于８５％计０分。",
            max: dec!(5),
            unit: P,
            reading: "分档计分：≥95%计5分；[85%,95%)计3分；<85%计0分",
            scores: vec![
                (dec!(0.95), dec!(5)),
                (dec!(0.9), dec!(3)),
                (dec!(0.8), dec!(0)),
            ],
        },
        Case {
            source: "variants: 不低于 / 不足 / <=",
            text: "不低于90%的计4分；80%（含）至90%计2分；不足80%不得分。",
            max: dec!(4),
            unit: P,
            reading: "分档计分：≥90%计4分；[80%,90%)计2分；<80%计0分",
            scores: vec![
                (dec!(0.9), dec!(4)),
                (dec!(0.85), dec!(2)),
                (dec!(0.7999), dec!(0)),
            ],
        },
        Case {
            source: "deviation both ways",
            text: "预算完成率为100%的，计3分；每偏离100%一个百分点扣0.1分，扣完为止。",
            max: dec!(3),
            unit: P,
            reading: "线性扣分：=100%计满分；偏离100%的部分每1个百分点扣0.1分（不足1个百分点按比例扣），扣完为止",
            scores: vec![
                (dec!(1), dec!(3)),
                (dec!(1.05), dec!(2.5)),
                (dec!(0.95), dec!(2.5)),
                (dec!(6.9414), dec!(0)),
            ],
        },
    ]
}

fn score_of(rule: &Rule, value: Decimal, max: Decimal, unit: MetricUnit) -> Decimal {
    let input = RuleInput {
        value,
        reference: Some(dec!(100)),
        unit,
    };
    rule.evaluate(&input, max)
        .score()
        .unwrap_or_else(|| panic!("not scored: {:?}", rule.evaluate(&input, max)))
}

#[test]
fn seed_wordings_parse_and_score() {
    for case in cases() {
        let Parse::Rule { rule, .. } = parse_rule(case.text, case.max, case.unit) else {
            panic!(
                "{}: not parsed: {:?}",
                case.source,
                parse_rule(case.text, case.max, case.unit)
            );
        };
        assert_eq!(rule.reading(case.unit), case.reading, "{}", case.source);
        for (value, want) in &case.scores {
            assert_eq!(
                score_of(&rule, *value, case.max, case.unit),
                *want,
                "{} at {value}",
                case.source
            );
        }
    }
}

/// Readings parse back to the same rule (the canonical form).
#[test]
fn readings_round_trip() {
    for case in cases() {
        let (rule, _) = parse_rule(case.text, case.max, case.unit).into_rule();
        let again = parse_rule(&rule.reading(case.unit), case.max, case.unit);
        let Parse::Rule { rule: back, .. } = again else {
            panic!("{}: reading not parsed", case.source)
        };
        assert_eq!(back, rule, "{}", case.source);
    }
}

#[test]
fn inferred_bounds_are_noted() {
    let Parse::Rule { notes, .. } = parse_rule(
        "以100%为标准。在职人员控制率100%，计5分；每超过一个百分点扣0.5分",
        dec!(5),
        P,
    ) else {
        panic!()
    };
    assert!(
        notes
            .iter()
            .any(|n| n.contains("推断") && n.contains("≤100%")),
        "{notes:?}"
    );
    let Parse::Rule { notes, .. } = parse_rule("60-70%计2分；70%以上计4分", dec!(4), P)
    else {
        panic!()
    };
    assert!(notes.iter().any(|n| n.contains("推断")), "{notes:?}");
}

#[test]
fn subjective_and_unknown_are_manual() {
    for text in [
        "在职人员控制率=（在职人员数/编制数）×100%。大于1的视情况扣分。",
        "预算调整率=（…/预算数）×100%。无调整的计满分，有调整的视情扣分。",
        "控制较好的计满分，控制不好的视情扣分。",
        "完成绩效目标设定的经济效益得8分，未完成的，按完成情况酌情扣分。",
        "①已制定或具有预算资金管理办法，内部财务管理制度、会计核算制度等管理制度，1分；\n②相关管理制度合法、合规、完整，1分；\n③相关管理制度得到有效执行，1分。",
        "此三项指标可根据部门实际并结合部门整体支出绩效目标设立情况有选择的进行设置，将其细化为相应的个性化指标进行评价评分。",
        "根据项目资金的实际到位率计算得分（3分）",
        "是否建立内部控制制度，是得2分，否不得分。",
    ] {
        assert!(
            matches!(
                parse_rule(text, dec!(3), P),
                Parse::Manual { .. } | Parse::NoStandard
            ),
            "{text}"
        );
    }
}

/// 宁国 gives formulas only: no standard, so the default rule applies.
#[test]
fn formula_only_is_no_standard() {
    for text in [
        "在职人员控制率=(在职人员数/编制数)×100%。 在职人员数:1、单位实际在职人数,以财政部门确定的部门决算编制口径为准,结合工资发放表上的年平均人数。2、聘用人员情况说明 编制数:机构编制部门核定批复的单位的人员编制数。",
        "预算完成率=(预算完成数/预算数)×100%。 预算完成数:单位本年度实际完成的预算数。 预算数:财政部门批复及本年度过程中追加的单位预算数。",
        "公用经费控制率=(实际支出公用经费总额/预算安排公用经费总额)×100%。",
        "",
    ] {
        assert_eq!(parse_rule(text, dec!(3), P), Parse::NoStandard, "{text}");
    }
}

/// Issue 7: full-width digits are read; digits of other scripts make the
/// text manual, never silently dropped.
#[test]
fn digits_of_other_scripts_are_manual() {
    let (rule, _) = parse_rule("执行率≥９０％得满分，低于９０％不得分", dec!(2), P).into_rule();
    assert_eq!(score_of(&rule, dec!(0.95), dec!(2), P), dec!(2));
    for text in [
        "执行率≥٩٠%得满分，低于٩٠%不得分",
        "执行率≥९०%得满分",
        "执行率≥90%得满分，低于90%扣၂分",
    ] {
        let Parse::Manual { reason } = parse_rule(text, dec!(2), P) else {
            panic!("{text}")
        };
        assert!(reason.contains("无法识别的数字"), "{reason}");
    }
}

/// Issue 7: a text beyond 2,000 characters is manual with a reason, and
/// reading one of 200,000 characters returns (the work before the length
/// check is linear: one pass to count).
#[test]
fn overlong_texts_are_manual() {
    let long = "≥90%计5分；80%（含）-90%计4分；".repeat(10_000);
    assert!(long.chars().count() >= 200_000);
    let Parse::Manual { reason } = parse_rule(&long, dec!(5), P) else {
        panic!()
    };
    assert!(reason.contains("评分标准过长"), "{reason}");
    assert!(!super::parse::full_marks_if_not_applicable(&long));
    // Just under the limit is still read, clause by clause.
    let text = "≥90%计5分；".repeat(200);
    assert!(text.chars().count() <= 2000);
    assert!(matches!(parse_rule(&text, dec!(5), P), Parse::Rule { .. }));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, random or rule-like, parses without panicking, and a
        /// parsed rule's score stays within [0, 分值].
        #[test]
        fn never_panics_and_scores_stay_in_range(
            text in prop_oneof![
                ".{0,80}",
                "[0-9%≥≤<>=（）()含以上下计得分扣每超过低于一个百分点，；。-]{0,60}",
            ],
            max in 0u32..20,
            v in -2000i64..2000,
        ) {
            let max = Decimal::from(max);
            if let Parse::Rule { rule, .. } = parse_rule(&text, max, P) {
                let input = RuleInput { value: Decimal::new(v, 3), reference: Some(dec!(1)), unit: P };
                if let Some(score) = rule.evaluate(&input, max).score() {
                    prop_assert!(score >= Decimal::ZERO && score <= max);
                }
            }
        }

        /// Linear rules move the right way: further on the bad side of the
        /// threshold never scores more, whatever the threshold and side.
        #[test]
        fn linear_rules_are_monotone(
            deduct in 1u32..20,
            threshold in 0u32..150,
            above in any::<bool>(),
            a in 0i64..3000,
            b in 0i64..3000,
        ) {
            let text = if above {
                format!("≤{threshold}%计5分；每超过一个百分点扣{}分，扣完为止", Decimal::new(i64::from(deduct), 1))
            } else {
                format!("≥{threshold}%计5分；每低于{threshold}%一个百分点扣{}分，扣完为止", Decimal::new(i64::from(deduct), 1))
            };
            let (rule, _) = parse_rule(&text, dec!(5), P).into_rule();
            prop_assert!(!rule.is_manual(), "{text}");
            let (low, high) = (Decimal::new(a.min(b), 3), Decimal::new(a.max(b), 3));
            let (better, worse) = if above { (low, high) } else { (high, low) };
            prop_assert!(score_of(&rule, better, dec!(5), P) >= score_of(&rule, worse, dec!(5), P), "{text}");
        }

        /// Band rules from the seeds never rise as the value gets worse.
        #[test]
        fn bands_are_monotone(a in 0i64..1200, b in 0i64..1200) {
            let (rule, _) = parse_rule("重点支出安排率≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。", dec!(5), P).into_rule();
            let (low, high) = (Decimal::new(a.min(b), 3), Decimal::new(a.max(b), 3));
            prop_assert!(score_of(&rule, low, dec!(5), P) <= score_of(&rule, high, dec!(5), P));
        }
    }
}

/// The evaluation tests that were in `mod.rs`: one rule of each kind, built
/// by hand.
mod evaluation {
    use super::*;
    use proptest::prelude::*;

    /// Rules of every kind with small numbers (two decimals, below 10).
    pub(super) fn any_rule() -> impl Strategy<Value = Rule> {
        let p = || (0u32..1000).prop_map(|n| Decimal::new(i64::from(n), 2));
        rule_from(p)
    }

    /// Rules of every kind whose numbers are drawn by `p`.
    pub(super) fn rule_from<S: Strategy<Value = Decimal> + 'static>(
        p: impl Fn() -> S,
    ) -> impl Strategy<Value = Rule> {
        prop_oneof![
            (p(), any::<bool>(), p(), p()).prop_map(|(t, lower, f, z)| Rule::Proportional(
                Proportional {
                    target: t.max(dec!(0.01)),
                    lower_is_better: lower,
                    full_from: (f > z).then_some(Bound::inclusive(f)),
                    zero_below: (f > z).then_some(Bound::exclusive(z)),
                }
            )),
            (p(), p(), p(), p()).prop_map(|(a, b, x, y)| Rule::Bands(Bands::new(vec![
                Band::new(Some(Bound::inclusive(a.max(b))), None, x),
                Band::new(
                    Some(Bound::inclusive(a.min(b))),
                    Some(Bound::exclusive(a.max(b))),
                    y
                ),
            ]))),
            (p(), p(), p(), 0u8..3, 0u8..3, p()).prop_map(|(t, step, d, dir, round, c)| {
                Rule::Linear(LinearDeduction {
                    rounding: [StepRounding::Exact, StepRounding::Floor, StepRounding::Ceil]
                        [usize::from(round)],
                    cutoff: Some(Bound::exclusive(c)),
                    threshold_high: (dir == 2).then_some(t + dec!(0.05)),
                    ..LinearDeduction::new(
                        t,
                        [Direction::Above, Direction::Below, Direction::Both][usize::from(dir)],
                        step.max(dec!(0.01)),
                        d,
                    )
                })
            }),
            (p(), p(), p()).prop_map(|(a, b, c)| Rule::BySign(BySign {
                positive: Some(a),
                zero: Some(b),
                negative: (c > a).then_some(c),
            })),
            (p(), p()).prop_map(|(a, b)| Rule::LastYear(super::super::LastYear {
                down: Some(a),
                flat: None,
                up: Some(b),
            })),
            p().prop_map(|points| Rule::CountRatio(super::super::CountRatio {
                numerator: "甲".into(),
                denominator: "乙".into(),
                points,
            })),
            (p(), p(), p()).prop_map(|(a, b, c)| Rule::Compare(CompareAmounts {
                none: a,
                within: b,
                over: c
            })),
            p().prop_map(|per| Rule::Count(CountDeduction { per })),
        ]
    }

    proptest! {
        /// Whatever the rule and the value, the score lies in [0, 分值].
        #[test]
        fn score_is_within_zero_and_max(rule in any_rule(), v in -100_000i64..100_000, r in 0i64..100_000, max in 0u32..2000) {
            let max = Decimal::new(i64::from(max), 2);
            let input = RuleInput { value: Decimal::new(v, 3), reference: Some(Decimal::new(r, 3)), unit: MetricUnit::Percent };
            let out = rule.evaluate(&input, max);
            prop_assert!(out != Outcome::OutOfRange, "ordinary values are in range");
            if let Some(score) = out.score() {
                prop_assert!(score >= Decimal::ZERO && score <= max, "{} → {}", rule.reading(MetricUnit::Percent), score);
            }
        }

        /// Half-up rounding is monotone.
        #[test]
        fn rounding_is_monotone(a in -1_000_000i64..1_000_000, b in -1_000_000i64..1_000_000) {
            let (x, y) = (Decimal::new(a.min(b), 4), Decimal::new(a.max(b), 4));
            prop_assert!(crate::base::format::round_half_up(x, 2) <= crate::base::format::round_half_up(y, 2));
        }
    }

    #[test]
    fn capped_scores_are_reported() {
        let rule = Rule::BySign(BySign {
            positive: Some(dec!(0)),
            zero: Some(dec!(3)),
            negative: Some(dec!(4)),
        });
        let input = RuleInput {
            value: dec!(-0.1),
            reference: None,
            unit: MetricUnit::Percent,
        };
        let Outcome::Scored(e) = rule.evaluate(&input, dec!(3)) else {
            panic!()
        };
        assert_eq!(e.score, dec!(3));
        assert_eq!(e.capped_from, Some(dec!(4)));
    }

    #[test]
    fn scaling_multiplies_points() {
        let rule = Rule::BySign(BySign {
            positive: Some(dec!(0)),
            zero: Some(dec!(5)),
            negative: Some(dec!(5)),
        });
        assert_eq!(rule.scaled(dec!(0.8)).top_points(), Some(dec!(4.0)));
        assert!(matches!(
            Rule::Manual { reason: "x".into() }.evaluate(
                &RuleInput {
                    value: dec!(1),
                    reference: None,
                    unit: MetricUnit::Percent
                },
                dec!(5)
            ),
            Outcome::Manual { .. }
        ));
    }

    /// Issue 7: a rounded score never exceeds 分值.
    #[test]
    fn rounded_scores_never_exceed_max() {
        use super::super::round_score;
        assert_eq!(round_score(dec!(6.88839), dec!(6.88839)), dec!(6.88));
        assert_eq!(round_score(dec!(6.886), dec!(6.88839)), dec!(6.88));
        assert_eq!(round_score(dec!(4.625), dec!(5)), dec!(4.63));
        assert_eq!(round_score(dec!(5), dec!(5)), dec!(5));
    }
}

/// Values up to the limits of `Decimal` (issue 6): evaluation answers
/// `OutOfRange` instead of panicking, and any score it does give is within
/// [0, 分值].
mod limits {
    use super::evaluation::{any_rule, rule_from};
    use super::*;
    use proptest::prelude::*;

    /// Any `Decimal`: every mantissa of 96 bits with every scale 0..=28, and
    /// the edges (0, ±1e-28, the limit, `Decimal::MAX`/`MIN`) more often than
    /// chance would give them.
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            4 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
                .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale)),
            2 => (any::<i64>(), 0u32..=28).prop_map(|(m, scale)| Decimal::new(m, scale)),
            2 => (-100_000i64..100_000).prop_map(|v| Decimal::new(v, 3)),
            1 => prop::sample::select(vec![
                Decimal::ZERO,
                Decimal::MAX,
                Decimal::MIN,
                Decimal::new(1, 28),
                Decimal::new(-1, 28),
                crate::base::checked::LIMIT,
                -crate::base::checked::LIMIT,
                crate::base::checked::LIMIT + Decimal::ONE,
            ]),
        ]
    }

    /// A 分值: ordinary or up to `Decimal::MAX`.
    fn any_max() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0u32..2000).prop_map(|m| Decimal::new(i64::from(m), 2)),
            any_decimal().prop_map(|d| d.abs()),
        ]
    }

    /// A number as a rubric writes it: mostly ordinary, sometimes up to 30
    /// digits on either side of the point.
    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "-?[0-9]{1,3}(\\.[0-9]{1,2})?%?",
            1 => "-?[0-9]{1,30}(\\.[0-9]{1,30})?%?",
        ]
    }

    /// Rule texts of every kind whose numbers run from tiny to 30 digits.
    fn rule_text() -> impl Strategy<Value = String> {
        prop_oneof![
            (number(), number()).prop_map(|(a, b)| format!("每超过{a}个百分点扣{b}分，扣完为止")),
            (number(), number(), number())
                .prop_map(|(a, b, c)| format!("≤{a}计{b}分；每低于{a}一个百分点扣{c}分")),
            (number(), number(), number(), number())
                .prop_map(|(a, b, c, d)| format!("≥{a}计{b}分；{c}(含)-{a}计{d}分；低于{c}不得分")),
            (number(), number())
                .prop_map(|(a, b)| format!("按比例计分：得分=分值×实际值÷{a}，最高为分值{b}")),
            number().prop_map(|a| format!("每出现一个扣{a}分，扣完为止")),
            (number(), number(), number())
                .prop_map(|(a, b, c)| format!("大于0的计{a}分，等于0的计{b}分，小于0的计{c}分")),
            (number(), number(), number()).prop_map(|(a, b, c)| format!(
                "无结余，{a}分；有结余，但不超过上年结转，{b}分；结余超过上年结转，{c}分"
            )),
            "[0-9.%≥≤<>=（）()含以上下计得分扣每超过低于一个百分点，；。-]{0,60}",
        ]
    }

    fn input(value: Decimal, reference: Decimal, unit: MetricUnit) -> RuleInput {
        RuleInput {
            value,
            reference: Some(reference),
            unit,
        }
    }

    const UNITS: [MetricUnit; 3] = [MetricUnit::Percent, MetricUnit::Amount, MetricUnit::Count];

    proptest! {
        /// Hand-built rules with ordinary numbers, any value, reference and 分值.
        #[test]
        fn any_value_never_panics(
            rule in any_rule(),
            v in any_decimal(),
            r in any_decimal(),
            max in any_max(),
            unit in 0usize..3,
        ) {
            if let Some(score) = rule.evaluate(&input(v, r, UNITS[unit]), max).score() {
                prop_assert!(score >= Decimal::ZERO && score <= max, "{rule:?} at {v}");
            }
        }

        /// Hand-built rules whose own numbers are anything `Decimal` holds.
        #[test]
        fn any_rule_numbers_never_panic(
            rule in rule_from(any_decimal),
            v in any_decimal(),
            r in any_decimal(),
            max in any_max(),
            unit in 0usize..3,
        ) {
            if let Some(score) = rule.evaluate(&input(v, r, UNITS[unit]), max).score() {
                prop_assert!(score >= Decimal::ZERO && score <= max, "{rule:?} at {v}");
            }
            if let Rule::Manual { reason } = rule.scaled(v) {
                prop_assert!(reason.contains("超出可计算范围"), "{reason}");
            }
        }

        /// Parsed rules with numbers of any length, any value and 分值:
        /// parsing, reading, scaling and evaluation never panic.
        #[test]
        fn parsed_rules_never_panic(
            text in rule_text(),
            v in any_decimal(),
            r in any_decimal(),
            max in any_max(),
            factor in any_decimal(),
            unit in 0usize..3,
        ) {
            let unit = UNITS[unit];
            let (rule, _) = parse_rule(&text, max, unit).into_rule();
            let _ = rule.reading(unit);
            let _ = rule.scaled(factor).reading(unit);
            if let Some(score) = rule.evaluate(&input(v, r, unit), max).score() {
                prop_assert!(score >= Decimal::ZERO && score <= max, "{text} at {v}");
            }
        }
    }

    /// `jixiao rule "每超过一个百分点扣0.5分，扣完为止" --max 5 --value
    /// 79228162514264337593543950335` panicked with "Multiplication
    /// overflowed" (issue 6).
    #[test]
    fn issue_6_huge_value_or_max_is_out_of_range() {
        let text = "每超过一个百分点扣0.5分，扣完为止";
        let (rule, _) = parse_rule(text, dec!(5), P).into_rule();
        let eval = |v, max| rule.evaluate(&input(v, dec!(1), P), max);
        assert_eq!(eval(Decimal::MAX, dec!(5)), Outcome::OutOfRange);
        assert_eq!(eval(Decimal::MIN, dec!(5)), Outcome::OutOfRange);
        assert_eq!(eval(dec!(1.2), Decimal::MAX), Outcome::OutOfRange);
        assert_eq!(eval(dec!(1.2), dec!(5)).score(), Some(dec!(0)));
    }

    #[test]
    fn huge_figures_in_the_text_are_manual() {
        let p = parse_rule(
            "≥90%计5分；每超过一个百分点扣79228162514264337593543950335分",
            dec!(5),
            P,
        );
        assert_eq!(
            p,
            Parse::Manual {
                reason: "评分标准中的数值超出可计算范围".to_string()
            }
        );
    }

    #[test]
    fn scaling_beyond_the_limit_is_manual() {
        let rule = Rule::Count(CountDeduction { per: dec!(0.5) });
        assert!(!rule.scaled(dec!(1e18)).is_manual());
        assert!(rule.scaled(Decimal::MAX).is_manual());
        assert!(
            rule.scaled(Decimal::MAX)
                .reading(MetricUnit::Count)
                .contains("超出可计算范围")
        );
    }
}

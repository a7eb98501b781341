//! Linear deduction from a threshold (每超过/每低于一个百分点扣N分).
//!
//! ## What it reads
//! Full marks on the good side of a threshold; on the bad side, a deduction
//! per step (one percentage point unless stated), floor 0 (扣完为止). The bad
//! side is above, below, or both (deviation either way). A text is linear
//! when it says 每…扣 and is not a count (每出现一个…扣). The threshold is the
//! one inside the step (每低于100%一个百分点), else `以X为标准`, else the
//! number compared before 每; a missing comparison sign or threshold is
//! inferred with a note.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002, 财政供养人员控制率): "以100%为标准。在职人员控制率≦100%，计5分；
//!   每超过一个百分点扣0.5分，扣完为止。"
//! - 云溪区 (seed 002, 三公经费变动率): "“三公经费”变动率≦0,计5分；“三公经费”＞0，
//!   每超过一个百分点扣0.5分，扣完为止。"
//! - 云溪区 (seed 002, 三公经费控制率): "以100%为标准。三公经费控制率≦100%，计6分；
//!   每超过一个百分点扣1分，扣完为止。"
//! - 云溪区 (seed 002, 政府采购执行率): "政府采购执行率等于100%的，得3分；每减少一个百分点，
//!   扣0.2分，扣完为止。"
//! - 云溪区 (seed 002, 公务卡刷卡率): "公务卡刷卡率达50％以上的，得3分。每减少一个百分点，
//!   扣0.2分，扣完为止。"
//! - 云溪区 (seed 002, 固定资产利用率): "每低于100%一个百分点扣0.1分，扣完为止。"
//! - issue 3 (sign lost in publication): "以100%为标准。在职人员控制率100%，计5分；
//!   每超过一个百分点扣0.5分，扣完为止。" (read as ≤100%, with a note)
//! - issue 3 (whole steps): "执行率100%得10分，每低于5%扣2分"
//! - (test wording, both sides): "预算完成率为100%的，计3分；每偏离100%一个百分点扣0.1分，扣完为止。"
//!
//! ## Canonical form
//! `线性扣分：≤100%计满分；超过100%的部分每1个百分点扣0.5分，扣完为止`
//! (`低于…的部分`, `偏离…的部分` for the other sides; `（不足一档不扣）` or
//! `（不足一档按一档扣）` when only whole steps count)
//!
//! ## Example
//! 三公经费变动率 80.55% with "≤0 满分，每超过一个百分点扣0.5分" on 5 points:
//! 80.55 × 0.5 = 40.275 > 5, so 0.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use super::Parse;
use super::tokens::{
    Num, cn_number, from_percent, has_comparator, numbers, points_after, points_with_max,
    threshold_value,
};
use super::{Rule, RuleInput, pts, scale_points, show_threshold, show_value};
use crate::base::checked::{self, Checked, OutOfRange};
use crate::metrics::MetricUnit;

/// Which side of the threshold loses points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Above,
    Below,
    Both,
}

impl Direction {
    /// The comparison that keeps full marks: `≤` when going above loses points.
    pub fn good_side(self) -> &'static str {
        match self {
            Direction::Above => "≤",
            Direction::Below => "≥",
            Direction::Both => "=",
        }
    }

    /// The word for the losing side: 超过, 低于, 偏离.
    pub fn bad_side(self) -> &'static str {
        match self {
            Direction::Above => "超过",
            Direction::Below => "低于",
            Direction::Both => "偏离",
        }
    }
}

/// How a partial step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepRounding {
    /// In proportion: half a point over deducts half the amount.
    Exact,
    /// Only whole steps count (不足一档不扣).
    Floor,
    /// A started step counts whole (不足一档按一档扣).
    Ceil,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinearDeduction {
    pub threshold: Decimal,
    pub direction: Direction,
    /// Size of one step in the metric's unit (0.01 = one percentage point).
    pub step: Decimal,
    /// Points deducted per step.
    pub deduct: Decimal,
    pub rounding: StepRounding,
    /// Points on the good side when not the row's 分值.
    pub full: Option<Decimal>,
}

/// Reads "每超过/每低于/每减少…扣N分": any 每…扣 text not claimed by a count.
pub(crate) fn recognise(s: &str, max: Decimal, unit: MetricUnit) -> Option<Parse> {
    if !(s.contains('每') && s.contains('扣')) {
        return None;
    }
    let mut notes = Vec::new();
    let Some(every) = s.find('每') else {
        return Some(Parse::manual("未能识别扣分规则"));
    };
    let tail = &s[every..];
    let Some(k) = tail.find('扣') else {
        return Some(Parse::manual("未能识别扣分规则"));
    };
    let step_text = &tail[..k];
    // The side is named in the clause that holds "每": "超过100%的部分每1个百分点".
    let clause_start = s[..every]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, ';' | ',' | '。' | ':'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let side_text = &s[clause_start..every + k];
    let Some(deduct) = numbers(&tail[k..])
        .first()
        .filter(|n| !n.percent)
        .map(|n| n.value)
    else {
        return Some(Parse::manual("未能识别每档扣分的分数"));
    };
    let direction = if ["偏离", "偏差"].iter().any(|w| side_text.contains(w)) {
        Direction::Both
    } else if ["超过", "高于", "增加", "上升", "提高", "超出"]
        .iter()
        .any(|w| side_text.contains(w))
    {
        Direction::Above
    } else if ["低于", "减少", "降低", "下降", "不足", "少"]
        .iter()
        .any(|w| side_text.contains(w))
    {
        Direction::Below
    } else {
        return Some(Parse::manual("未能识别扣分方向（超过还是低于）"));
    };
    // Step size and a threshold written inside "每低于100%一个百分点".
    let nums = numbers(step_text);
    let (mut step, mut inner_threshold) = (dec!(0.01), None);
    if let Some(pp) = step_text.find("百分点") {
        let lead = &step_text[..pp];
        let n_before: Vec<&Num> = nums.iter().filter(|n| n.end <= pp).collect();
        let count_text = lead.trim_end_matches('个');
        let last = n_before
            .last()
            .filter(|n| n.end == count_text.len() || lead[n.end..].starts_with('个'));
        step = match last {
            Some(n) if !n.percent => from_percent(n.value),
            _ => {
                let cn = lead
                    .char_indices()
                    .rev()
                    .find_map(|(i, _)| cn_number(&lead[i..]));
                from_percent(cn.unwrap_or(Decimal::ONE))
            }
        };
        inner_threshold = nums.iter().find(|n| n.percent && n.end <= pp).copied();
    } else if let Some(n) = nums.iter().find(|n| n.percent) {
        // "每低于5%扣2分": a step of 5 percentage points.
        step = n.value;
    }
    let rounding = if s.contains("不足一档按比例") {
        StepRounding::Exact
    } else if s.contains("不足一档按一档") || s.contains("不足一个百分点按一个百分点")
    {
        StepRounding::Ceil
    } else if s.contains("不足一档不扣") || s.contains("不足一个百分点不扣") || step > dec!(0.01)
    {
        StepRounding::Floor
    } else {
        StepRounding::Exact
    };
    // The threshold: inside the step text, else "以X为标准", else a comparison before "每".
    let head = &s[..every];
    let mut full = None;
    let threshold = if let Some(n) = inner_threshold {
        n.value
    } else if let Some(i) = head
        .find("以")
        .filter(|i| head[*i..].contains("为标准") || head[*i..].contains("为基准"))
    {
        let n = numbers(&head[i..]).first().copied();
        let compared = numbers(head)
            .into_iter()
            .any(|m| points_after(head, &m).is_none() && has_comparator(head, &m));
        if let (Some(n), false) = (n, compared) {
            let shown = &head[i + n.start..i + n.end];
            notes.push(format!(
                "原文只写“以{shown}为标准”，未写比较符号，按“{}{shown}”理解（推断）",
                direction.good_side()
            ));
        }
        n.map_or(Decimal::ONE, |n| threshold_value(&n, unit, &mut notes))
    } else if let Some(n) = numbers(head)
        .into_iter()
        .find(|n| points_after(head, n).is_none())
    {
        if !has_comparator(head, &n) {
            let sign = direction.good_side();
            notes.push(format!(
                "原文在“{}”前缺少比较符号，按“{sign}{}”理解（推断）",
                &head[n.start..n.end],
                &head[n.start..n.end]
            ));
        }
        threshold_value(&n, unit, &mut notes)
    } else {
        let t = if unit == MetricUnit::Percent {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
        notes.push(format!(
            "未写明标准值，按{}计（推断）",
            show_threshold(t, unit)
        ));
        t
    };
    if let Some(p) = points_with_max(head, Some(max))
        && p != max
        && p != Decimal::MAX
    {
        full = Some(p);
    }
    Some(Parse::rule(
        Rule::Linear(LinearDeduction {
            threshold,
            direction,
            step,
            deduct,
            rounding,
            full,
        }),
        notes,
    ))
}

impl LinearDeduction {
    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>, unit: MetricUnit) -> fmt::Result {
        let t = show_threshold(self.threshold, unit);
        let full = self
            .full
            .map_or("满分".to_string(), |p| format!("{}分", pts(p)));
        let (good, side) = (self.direction.good_side(), self.direction.bad_side());
        let step = match unit {
            MetricUnit::Percent => format!(
                "{}个百分点",
                crate::base::format::num(self.step * Decimal::ONE_HUNDRED)
            ),
            _ => crate::base::format::num(self.step),
        };
        let rounding = match self.rounding {
            StepRounding::Exact
                if self.step == Decimal::new(1, 2) || unit != MetricUnit::Percent =>
            {
                ""
            }
            StepRounding::Exact => "（不足一档按比例扣）",
            StepRounding::Floor => "（不足一档不扣）",
            StepRounding::Ceil => "（不足一档按一档扣）",
        };
        write!(
            f,
            "线性扣分：{good}{t}计{full}；{side}{t}的部分每{step}扣{}分{rounding}，扣完为止",
            pts(self.deduct)
        )
    }

    fn excess(&self, v: Decimal) -> Checked {
        Ok(match self.direction {
            Direction::Above => checked::sub(v, self.threshold)?.max(Decimal::ZERO),
            Direction::Below => checked::sub(self.threshold, v)?.max(Decimal::ZERO),
            Direction::Both => checked::sub(v, self.threshold)?.abs(),
        })
    }

    pub(super) fn evaluate(
        &self,
        input: &RuleInput,
        max: Decimal,
    ) -> Result<(Decimal, String), OutOfRange> {
        let full = self.full.unwrap_or(max);
        let shown = show_value(input.value, input.unit);
        let excess = self.excess(input.value)?;
        let t = show_threshold(self.threshold, input.unit);
        if excess.is_zero() {
            let good = self.direction.good_side();
            return Ok((full, format!("{shown}{good}{t}，计{}分", pts(full))));
        }
        let raw_steps = if self.step.is_zero() {
            excess
        } else {
            checked::div(excess, self.step)?
        };
        let steps = match self.rounding {
            StepRounding::Exact => raw_steps,
            StepRounding::Floor => raw_steps.floor(),
            StepRounding::Ceil => raw_steps.ceil(),
        };
        let deduction = checked::mul(self.deduct, steps)?;
        let side = self.direction.bad_side();
        let amount = match input.unit {
            MetricUnit::Percent => format!(
                "{}个百分点",
                crate::base::format::num(crate::base::format::round_half_up(
                    checked::mul(excess, Decimal::ONE_HUNDRED)?,
                    2
                ))
            ),
            _ => crate::base::format::num(excess),
        };
        let mut detail = format!(
            "{shown}{side}{t}共{amount}，扣{}分",
            crate::base::format::score(deduction)
        );
        if deduction >= full {
            detail.push_str("，扣完为止");
        }
        Ok((checked::sub(full, deduction)?, detail))
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<LinearDeduction, OutOfRange> {
        Ok(LinearDeduction {
            deduct: scale_points(self.deduct, factor)?,
            full: self.full.map(|f| scale_points(f, factor)).transpose()?,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Rule, RuleInput};
    use super::*;
    use rust_decimal_macros::dec;

    fn rule(
        threshold: Decimal,
        direction: Direction,
        step: Decimal,
        deduct: Decimal,
        rounding: StepRounding,
    ) -> Rule {
        Rule::Linear(LinearDeduction {
            threshold,
            direction,
            step,
            deduct,
            rounding,
            full: None,
        })
    }

    fn score(rule: &Rule, v: Decimal, max: Decimal) -> Decimal {
        rule.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            max,
        )
        .expect("not manual")
        .expect("in range")
        .score
    }

    /// 云溪 在职人员控制率: ≤100% 5分，每超过一个百分点扣0.5分.
    #[test]
    fn above_threshold_per_point() {
        let r = rule(
            dec!(1),
            Direction::Above,
            dec!(0.01),
            dec!(0.5),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(1), dec!(5)), dec!(5));
        assert_eq!(score(&r, dec!(0.9), dec!(5)), dec!(5));
        assert_eq!(score(&r, dec!(1.01), dec!(5)), dec!(4.5));
        assert_eq!(score(&r, dec!(1.015), dec!(5)), dec!(4.25));
        assert_eq!(score(&r, dec!(1.1), dec!(5)), dec!(0));
        assert_eq!(score(&r, dec!(1.5), dec!(5)), dec!(0), "floor at 0");
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "线性扣分：≤100%计满分；超过100%的部分每1个百分点扣0.5分，扣完为止"
        );
    }

    /// 云溪 三公经费变动率 ≤0 5分 with 桃江's 80.55%.
    #[test]
    fn sangong_change_taojiang_value() {
        let r = rule(
            dec!(0),
            Direction::Above,
            dec!(0.01),
            dec!(0.5),
            StepRounding::Exact,
        );
        let e = r
            .evaluate(
                &RuleInput {
                    value: dec!(0.805531),
                    reference: None,
                    unit: MetricUnit::Percent,
                },
                dec!(5),
            )
            .expect("not manual")
            .expect("in range");
        assert_eq!(e.score, dec!(0));
        assert_eq!(e.detail, "80.55%超过0共80.55个百分点，扣40.28分，扣完为止");
    }

    /// 云溪 固定资产利用率: 每低于100%一个百分点扣0.1分.
    #[test]
    fn below_threshold() {
        let r = rule(
            dec!(1),
            Direction::Below,
            dec!(0.01),
            dec!(0.1),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(1), dec!(3)), dec!(3));
        assert_eq!(score(&r, dec!(0.99), dec!(3)), dec!(2.9));
        assert_eq!(score(&r, dec!(0.5), dec!(3)), dec!(0));
    }

    #[test]
    fn both_sides_and_whole_steps() {
        let r = rule(
            dec!(1),
            Direction::Both,
            dec!(0.01),
            dec!(0.1),
            StepRounding::Exact,
        );
        assert_eq!(score(&r, dec!(1.05), dec!(3)), dec!(2.5));
        assert_eq!(score(&r, dec!(0.95), dec!(3)), dec!(2.5));
        assert_eq!(score(&r, dec!(6.941), dec!(3)), dec!(0));
        // 每低于5%扣2分: whole steps only.
        let r = rule(
            dec!(1),
            Direction::Below,
            dec!(0.05),
            dec!(2),
            StepRounding::Floor,
        );
        assert_eq!(score(&r, dec!(0.96), dec!(10)), dec!(10));
        assert_eq!(score(&r, dec!(0.95), dec!(10)), dec!(8));
        assert_eq!(score(&r, dec!(0.91), dec!(10)), dec!(8));
        assert_eq!(score(&r, dec!(0.90), dec!(10)), dec!(6));
        let r = rule(
            dec!(1),
            Direction::Below,
            dec!(0.05),
            dec!(2),
            StepRounding::Ceil,
        );
        assert_eq!(score(&r, dec!(0.96), dec!(10)), dec!(8));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "线性扣分：≥100%计满分；低于100%的部分每5个百分点扣2分（不足一档按一档扣），扣完为止"
        );
    }

    #[test]
    fn recognises_per_step_deductions() {
        let read = |t: &str| recognise(&standard(t), dec!(3), MetricUnit::Percent);
        assert_eq!(
            read("每低于100%一个百分点扣0.1分，扣完为止。"),
            Some(Parse::rule(
                rule(
                    dec!(1),
                    Direction::Below,
                    dec!(0.01),
                    dec!(0.1),
                    StepRounding::Exact
                ),
                Vec::new()
            ))
        );
        assert_eq!(read("≥90%计3分；低于90%不得分"), None);
    }
}

//! Bands (分档): each interval of the value earns fixed points.
//!
//! ## What it reads
//! A value and a list of intervals with their points; the first interval
//! that holds the value decides. Every scoring clause must say for which
//! values (`≥90%`, `80%（含）-90%`, `低于60%`, `85%≤满意度<95%`, `高于3%不高于8%`,
//! `在90%（含）至100%（含）之间`, `否则`, `超过的` after a one-sided band);
//! points may be fixed, 满分, a share of 分值 (`得70%分值`, `得一半分`) or
//! 分值 less a fixed deduction (`扣1分`, `不扣分`). A clause it cannot read
//! is left unconsumed, which makes the text manual (parse.rs). A value in no
//! interval is manual ("评分标准未规定低于90%的情形"), never 0. A subjective
//! clause with a condition (`大于100%的视情况扣分`) is a band left to a person:
//! the other bands still score. The fallback kind: tried after every other.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002, 重点支出安排率): "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；
//!   70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。"
//!   (含 after the lower number: the lower bound is inclusive)
//! - 云溪区 (seed 002, 预算调整率): "预算调整率=0，计3分；0-10%（含），计2分；10-20%（含），
//!   计1分；20-30%（含），计0.5分；大于30%不得分。"
//!   (含 after the upper number: the upper bound is inclusive)
//! - 云溪区 (seed 002, 满意度): "95%（含）以上计5分；85%（含）-95%，计3分；75%（含）-85%，
//!   计1分；低于75%计0分。"
//! - 云溪区 (seed 002, 项目表 服务对象满意度): "满意率达90%（含）以上的得8分，80%（含）-90%得6分，
//!   70%（含）-80%得4分，60%（含）-70%得2分，60%以下不得分。"
//! - 桃江县 (seed 004, 重点支出安排率): "80%及以上计满分，60%及以上计3分，40%及以上计2分，
//!   40%以下的计1分。" (after the definition sentence, which is dropped)
//! - (test wordings): "不低于90%的计4分；80%（含）至90%计2分；不足80%不得分。";
//!   full-width "满意度９５％（含）以上计５分；…"
//! - issue 7: "达到85%（不含）以上的得满分，70%-85%（含）得2分"; "结余率不高于3%的
//!   得满分，高于3%不高于8%的得1分，高于8%的不得分"; "满意度≥95%得满分，85%≤满意度
//!   <95%得70%分值，85%以下不得分"; "在90%（含）至100%（含）之间得满分"; "在职人员
//!   控制率≤100%的得满分，大于100%的视情况扣分"
//! - corpus.rs: "预算完成率≥95%不扣分；90%（含）～95%扣1分…"; "控制率≤100%得1分，
//!   否则不得分"
//!
//! ## Canonical form
//! `分档计分：≥90%计5分；[80%,90%)计4分；=0计3分；(0,10%]计2分；<60%计0分`
//! (`>100%视情扣分` for a side left to a person, `其余计0分` for 否则)
//!
//! ## Example
//! 85% with the 云溪 重点支出 bands falls in `[80%,90%)` and scores 4.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::Clause;
pub use super::tokens::Bound;
use super::tokens::{Cond, Points, award, condition, fixed_deduction, subjective, threshold_value};
use super::{
    Claim, Rule, RuleInput, Step, pts, scale_points, show_threshold, show_value, uncovered,
};
use crate::base::checked::OutOfRange;
use crate::metrics::MetricUnit;

/// An interval and its points; a missing bound is unbounded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub points: Decimal,
    /// The text leaves this interval to a person (`大于100%的视情况扣分`):
    /// the subjective word it used. Its `points` are not used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual: Option<String>,
}

impl Band {
    /// A band with fixed points.
    pub fn new(lower: Option<Bound>, upper: Option<Bound>, points: Decimal) -> Band {
        Band {
            lower,
            upper,
            points,
            manual: None,
        }
    }

    pub fn contains(&self, v: Decimal) -> bool {
        self.lower.is_none_or(|b| b.below(v)) && self.upper.is_none_or(|b| b.above(v))
    }

    /// `≥90%`, `[80%,90%)`, `=0`, `<60%`.
    pub fn interval(&self, unit: MetricUnit) -> String {
        interval(self.lower, self.upper, unit)
    }
}

/// `≥90%`, `[80%,90%)`, `=0`, `<60%` for a pair of bounds.
pub(crate) fn interval(lower: Option<Bound>, upper: Option<Bound>, unit: MetricUnit) -> String {
    let t = |b: &Bound| show_threshold(b.value, unit);
    match (&lower, &upper) {
        (Some(l), Some(u)) if l.value == u.value && l.inclusive && u.inclusive => {
            format!("={}", t(l))
        }
        (Some(l), Some(u)) => format!(
            "{}{},{}{}",
            if l.inclusive { '[' } else { '(' },
            t(l),
            t(u),
            if u.inclusive { ']' } else { ')' }
        ),
        (Some(l), None) => format!("{}{}", if l.inclusive { "≥" } else { ">" }, t(l)),
        (None, Some(u)) => format!("{}{}", if u.inclusive { "≤" } else { "<" }, t(u)),
        (None, None) => "任意值".to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    pub bands: Vec<Band>,
}

/// Reads every scoring clause that gives points under a condition as a
/// band, and a subjective clause with a condition (`大于100%的视情况扣分`) as
/// a band left to a person. Clauses it cannot read stay unconsumed (and so
/// make the text manual). `None` when no clause is a band with points.
pub(crate) fn recognise(clauses: &[Clause], max: Decimal, unit: MetricUnit) -> Option<Claim> {
    let mut notes = Vec::new();
    let mut list: Vec<Band> = Vec::new();
    // (clause, band, how the points were said)
    let mut parts: Vec<(usize, usize, Option<String>)> = Vec::new();
    let mut widen = Vec::new();
    let mut bare: Vec<(usize, String)> = Vec::new();
    let last_scored = clauses.iter().rposition(Clause::scored);
    for (i, c) in clauses.iter().enumerate() {
        if !c.scored() {
            continue;
        }
        let word = subjective(&c.text);
        let (points, said, used) = match word {
            Some(_) => (Decimal::ZERO, None, Vec::new()),
            None => match award(&c.text, &c.nums) {
                Some(a) => {
                    let Some(p) = a.points.on(max) else {
                        continue;
                    };
                    let said = match a.points {
                        Points::Fixed(_) => None,
                        other => Some(other.said()),
                    };
                    (p, said, a.used)
                }
                // "90%（含）～95%扣1分": 分值 less a fixed deduction.
                None => {
                    let Some((d, at)) = fixed_deduction(&c.text, &c.nums) else {
                        continue;
                    };
                    let Ok(p) = crate::base::checked::sub(max, d) else {
                        continue;
                    };
                    if p < Decimal::ZERO {
                        continue;
                    }
                    (p, Some(format!("扣{}分", pts(d))), vec![at])
                }
            },
        };
        let mut local = Vec::new();
        let (lower, upper) = if is_catch_all(&c.text, &c.nums, &used) {
            // "否则不得分", "其他情况得1分": every value no band before
            // holds; only as the last scoring clause.
            if last_scored != Some(i) || list.is_empty() {
                continue;
            }
            (None, None)
        } else {
            match condition(&c.text, &c.nums, &used, unit, &mut local) {
                Ok(Cond::Interval {
                    lower,
                    upper,
                    inferred_upper,
                }) => {
                    if inferred_upper {
                        let note = local.iter().position(|n| n.starts_with("区间“"));
                        widen.push((list.len(), note.map(|k| notes.len() + k)));
                    }
                    (lower, upper)
                }
                // "不超过100%的得2分，超过的不得分": the other side of the band before.
                Ok(Cond::Nothing) => match list.last().and_then(|b| other_side(b, &c.text)) {
                    Some(bounds) => bounds,
                    None => continue,
                },
                // "完成率100%的得满分": a number without a comparison. Settled
                // below, once every band is known.
                Ok(Cond::Bare(n)) => {
                    let v = threshold_value(&n, unit, &mut local);
                    bare.push((list.len(), c.text[n.start..n.end].to_string()));
                    (Some(Bound::inclusive(v)), Some(Bound::inclusive(v)))
                }
                Err(()) => continue,
            }
        };
        notes.extend(local);
        parts.push((i, list.len(), said));
        list.push(Band {
            lower,
            upper,
            points,
            manual: word.map(str::to_string),
        });
    }
    if list.iter().all(|b| b.manual.is_some()) {
        return None;
    }
    // A bare number is the top of the bands when every other band lies
    // below it ("执行率100%得2分，95%（含）以上得1.5分…": read as ≥100%), the
    // bottom when every other lies above it, else "=": a value it does not
    // settle is then in no band, or left to a person, never guessed.
    for (k, shown) in bare {
        let v = list[k].lower.map_or(Decimal::ZERO, |b| b.value);
        let others: Vec<&Band> = list
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, b)| b)
            .collect();
        let below = !others.is_empty()
            && others.iter().all(|b| {
                b.lower.is_none_or(|l| l.value < v) && b.upper.is_none_or(|u| u.value <= v)
                    || b.upper.is_none() && b.lower.is_some_and(|l| l.value < v)
            });
        let above = !others.is_empty()
            && others.iter().all(|b| {
                b.upper.is_none_or(|u| u.value > v) && b.lower.is_none_or(|l| l.value >= v)
                    || b.lower.is_none() && b.upper.is_some_and(|u| u.value > v)
            });
        let (sign, lower, upper) = if below {
            ("≥", Some(Bound::inclusive(v)), None)
        } else if above {
            ("≤", None, Some(Bound::inclusive(v)))
        } else {
            ("=", list[k].lower, list[k].upper)
        };
        list[k].lower = lower;
        list[k].upper = upper;
        notes.push(format!(
            "原文“{shown}”前未写比较符号，按“{sign}{shown}”理解（推断）"
        ));
    }
    // "5-10%得1分；>10%得0分": a range read as 含下限、不含上限 takes its
    // upper end when no other band holds that value.
    for (k, note) in widen {
        if let Some(u) = list[k].upper
            && !list
                .iter()
                .enumerate()
                .any(|(j, b)| j != k && b.contains(u.value))
        {
            list[k].upper = Some(Bound::inclusive(u.value));
            if let Some(n) = note.and_then(|n| notes.get_mut(n)) {
                *n = n.replace(
                    "按含下限、不含上限理解",
                    "上限不在其他档内，按含下限、含上限理解",
                );
            }
        }
    }
    let parts = parts
        .into_iter()
        .map(|(i, k, said)| {
            let text = band_text(&list[k], unit);
            (i, said.map_or(text.clone(), |s| format!("{text}（{s}）")))
        })
        .collect();
    Some(Claim::rule(
        Rule::Bands(Bands { bands: list }),
        notes,
        parts,
    ))
}

/// "超过的", "低于的": the other side of a one-sided band just before.
fn other_side(prev: &Band, text: &str) -> Option<(Option<Bound>, Option<Bound>)> {
    let t = text.trim_start_matches(',');
    let starts = |ws: &[&str]| ws.iter().any(|w| t.starts_with(w));
    match (prev.lower, prev.upper) {
        (None, Some(u))
            if starts(&[
                "超过的",
                "超过",
                "高于的",
                "大于的",
                "超出的",
                "超标的",
                "超支",
            ]) =>
        {
            Some((
                Some(Bound {
                    value: u.value,
                    inclusive: !u.inclusive,
                }),
                None,
            ))
        }
        (Some(l), None)
            if starts(&[
                "低于的",
                "未达到的",
                "未达到",
                "不足的",
                "小于的",
                "达不到的",
            ]) =>
        {
            Some((
                None,
                Some(Bound {
                    value: l.value,
                    inclusive: !l.inclusive,
                }),
            ))
        }
        _ => None,
    }
}

/// Words that give points to every other value: 否则, 其余, 其他情况.
const CATCH_ALL: [&str; 8] = [
    "否则",
    "其余情况",
    "其余",
    "其他情况",
    "其他",
    "其它情况",
    "其它",
    "以外的",
];

/// "否则不得分", "其余计0分": a clause whose only condition is "any other value".
fn is_catch_all(text: &str, nums: &[super::tokens::Num], used: &[usize]) -> bool {
    let t = text.trim_start_matches("分档计分:");
    nums.len() == used.len() && CATCH_ALL.iter().any(|w| t.starts_with(w))
}

/// `≥90%计5分`, `>100%视情扣分`, `其余计0分`.
fn band_text(b: &Band, unit: MetricUnit) -> String {
    let at = match (b.lower, b.upper) {
        (None, None) => "其余".to_string(),
        _ => b.interval(unit),
    };
    match &b.manual {
        Some(word) => format!("{at}{word}扣分"),
        None => format!("{at}计{}分", pts(b.points)),
    }
}

impl Bands {
    /// Bands with fixed points.
    pub fn new(bands: Vec<Band>) -> Bands {
        Bands { bands }
    }

    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>, unit: MetricUnit) -> fmt::Result {
        let parts: Vec<String> = self.bands.iter().map(|b| band_text(b, unit)).collect();
        write!(f, "分档计分：{}", parts.join("；"))
    }

    pub(super) fn evaluate(&self, input: &RuleInput) -> Step {
        let shown = show_value(input.value, input.unit);
        match self.bands.iter().find(|b| b.contains(input.value)) {
            Some(Band {
                manual: Some(word), ..
            }) => Step::Manual(format!(
                "评分标准对该情形规定“{word}扣分”，需人工评分（实际值{shown}）"
            )),
            Some(b) if b.lower.is_none() && b.upper.is_none() => Step::Score(
                b.points,
                format!("{shown}属于其余情形，计{}分", pts(b.points)),
            ),
            Some(b) => Step::Score(
                b.points,
                format!(
                    "{shown}属于{}档，计{}分",
                    b.interval(input.unit),
                    pts(b.points)
                ),
            ),
            None => uncovered(&self.gap(input.value, input.unit), &shown),
        }
    }

    /// The case no band covers around `v`: `低于90%`, `高于100%`, `介于60%与70%之间`.
    fn gap(&self, v: Decimal, unit: MetricUnit) -> String {
        let mut below: Option<Bound> = None;
        let mut above: Option<Bound> = None;
        for b in &self.bands {
            if let Some(u) = b.upper
                && !u.above(v)
                && below.is_none_or(|x| u.value > x.value)
            {
                below = Some(u);
            }
            if let Some(l) = b.lower
                && !l.below(v)
                && above.is_none_or(|x| l.value < x.value)
            {
                above = Some(l);
            }
        }
        let t = |b: Bound| show_threshold(b.value, unit);
        match (below, above) {
            (None, Some(a)) if a.inclusive => format!("低于{}", t(a)),
            (None, Some(a)) => format!("不高于{}", t(a)),
            (Some(b), None) if b.inclusive => format!("高于{}", t(b)),
            (Some(b), None) => format!("不低于{}", t(b)),
            (Some(b), Some(a)) if a.value == b.value => format!("等于{}", t(a)),
            (Some(b), Some(a)) => format!("介于{}与{}之间", t(b), t(a)),
            (None, None) => "该值".to_string(),
        }
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Result<Bands, OutOfRange> {
        Ok(Bands {
            bands: self
                .bands
                .iter()
                .map(|b| {
                    Ok(Band {
                        points: scale_points(b.points, factor)?,
                        ..b.clone()
                    })
                })
                .collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::clauses::standard;
    use super::super::{Outcome, Rule, RuleInput};
    use super::*;
    use rust_decimal_macros::dec;

    fn outcome(rule: &Rule, v: Decimal) -> Outcome {
        rule.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            dec!(5),
        )
    }

    fn score(rule: &Rule, v: Decimal) -> Decimal {
        outcome(rule, v).score().expect("scored")
    }

    /// 云溪 重点支出安排率: ≥90% 5; [80%,90%) 4; [70%,80%) 3; [60%,70%) 2; <60% 0.
    fn yunxi_key() -> Rule {
        let band = |lo: Option<Decimal>, hi: Option<Decimal>, p: Decimal| {
            Band::new(lo.map(Bound::inclusive), hi.map(Bound::exclusive), p)
        };
        Rule::Bands(Bands::new(vec![
            band(Some(dec!(0.9)), None, dec!(5)),
            band(Some(dec!(0.8)), Some(dec!(0.9)), dec!(4)),
            band(Some(dec!(0.7)), Some(dec!(0.8)), dec!(3)),
            band(Some(dec!(0.6)), Some(dec!(0.7)), dec!(2)),
            band(None, Some(dec!(0.6)), dec!(0)),
        ]))
    }

    #[test]
    fn inclusive_lower_bound() {
        let r = yunxi_key();
        assert_eq!(score(&r, dec!(0.9)), dec!(5));
        assert_eq!(score(&r, dec!(0.8999)), dec!(4));
        assert_eq!(score(&r, dec!(0.8)), dec!(4));
        assert_eq!(score(&r, dec!(0.7999)), dec!(3));
        assert_eq!(score(&r, dec!(0.6)), dec!(2));
        assert_eq!(score(&r, dec!(0.5999)), dec!(0));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "分档计分：≥90%计5分；[80%,90%)计4分；[70%,80%)计3分；[60%,70%)计2分；<60%计0分"
        );
    }

    /// 云溪 预算调整率: =0 3; (0,10%] 2; (10%,20%] 1; (20%,30%] 0.5; >30% 0.
    #[test]
    fn inclusive_upper_bound_and_equality() {
        let band = |lo: Decimal, hi: Decimal, p: Decimal| {
            Band::new(Some(Bound::exclusive(lo)), Some(Bound::inclusive(hi)), p)
        };
        let r = Rule::Bands(Bands::new(vec![
            Band::new(
                Some(Bound::inclusive(dec!(0))),
                Some(Bound::inclusive(dec!(0))),
                dec!(3),
            ),
            band(dec!(0), dec!(0.1), dec!(2)),
            band(dec!(0.1), dec!(0.2), dec!(1)),
            band(dec!(0.2), dec!(0.3), dec!(0.5)),
            Band::new(Some(Bound::exclusive(dec!(0.3))), None, dec!(0)),
        ]));
        assert_eq!(score(&r, dec!(0)), dec!(3));
        assert_eq!(score(&r, dec!(0.0001)), dec!(2));
        assert_eq!(score(&r, dec!(0.1)), dec!(2));
        assert_eq!(score(&r, dec!(0.1001)), dec!(1));
        assert_eq!(score(&r, dec!(0.3)), dec!(0.5));
        assert_eq!(score(&r, dec!(0.3001)), dec!(0));
        // No band holds a negative rate, and the text does not say: a person
        // decides (issue 7), never a silent 0.
        assert_eq!(
            outcome(&r, dec!(-0.05)),
            Outcome::Manual {
                reason: "评分标准未规定低于0的情形（实际值-5.00%）".to_string()
            }
        );
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "分档计分：=0计3分；(0,10%]计2分；(10%,20%]计1分；(20%,30%]计0.5分；>30%计0分"
        );
    }

    #[test]
    fn explanation_names_the_band() {
        let Outcome::Scored(e) = outcome(&yunxi_key(), dec!(0.85)) else {
            panic!()
        };
        assert_eq!(e.detail, "85.00%属于[80%,90%)档，计4分");
    }

    fn read(t: &str) -> Option<Claim> {
        recognise(&standard(t), dec!(5), MetricUnit::Percent)
    }

    #[test]
    fn recognises_conditions_with_points() {
        let claim = read(
            "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。",
        )
        .expect("bands");
        assert_eq!(claim.rule, Ok(yunxi_key()));
        assert!(claim.notes.is_empty(), "{:?}", claim.notes);
        assert_eq!(claim.parts.len(), 5);
        // A clause with points but no condition is not consumed.
        let claim = read("≥90%计5分；完成的计3分").expect("bands");
        assert_eq!(claim.parts.len(), 1);
    }

    #[test]
    fn gaps_are_named() {
        let claim = read("在90%（含）至100%（含）之间得满分").expect("bands");
        let rule = claim.rule.unwrap();
        assert_eq!(score(&rule, dec!(0.95)), dec!(5));
        assert_eq!(
            outcome(&rule, dec!(0.85)),
            Outcome::Manual {
                reason: "评分标准未规定低于90%的情形（实际值85.00%）".to_string()
            }
        );
        assert_eq!(
            outcome(&rule, dec!(1.01)),
            Outcome::Manual {
                reason: "评分标准未规定高于100%的情形（实际值101.00%）".to_string()
            }
        );
    }

    #[test]
    fn subjective_side_is_left_to_a_person() {
        let claim = read("在职人员控制率≤100%的得满分，大于100%的视情况扣分").expect("bands");
        let rule = claim.rule.unwrap();
        assert_eq!(score(&rule, dec!(0.95)), dec!(5));
        assert!(matches!(outcome(&rule, dec!(1.05)), Outcome::Manual { .. }));
        assert_eq!(
            rule.reading(MetricUnit::Percent),
            "分档计分：≤100%计5分；>100%视情扣分"
        );
    }
}

//! Several sub-rules inside one row, adding up to the row's points.
//!
//! ## What it reads
//! The 考核 family's rows (隆化县, seed 001) give their points in parts, each
//! on its own quantity: "开展…的项目数量/项目总数×4分；按照要求设置部门整体
//! 支出绩效目标的，加2分，否则不得分". This reader cuts the text into clauses
//! (`clauses.rs`) and reads each scoring clause as one part:
//! - ratio of two counts or amounts × points ([`super::count_ratio`]);
//! - bonus "…的，加N分，否则不得分" ([`super::bonus`]);
//! - per item with a cap "每项1分，本项最高得3分" ([`super::per_item_cap`]);
//! - a part worth fixed points "…的，得5分" followed by deductions per
//!   occurrence ([`super::count`]: "有一次未按要求完成的，扣1分") or per day
//!   late ([`super::per_day`]) and preconditions ([`super::precondition`]:
//!   "报送材料不全的不得分"): the points less the deductions, floor 0, or 0
//!   when a precondition fails;
//! - yes/no "…的，得N分（，否则不得分）" when nothing follows to deduct
//!   ([`super::yes_no`]).
//!
//! Strict (DESIGN §2.5): a text is read only when every clause that carries
//! a score is one of these parts (or a floor such as 扣完为止); otherwise it
//! is manual and the reason quotes the first clause not understood. Each
//! part names the quantity it needs by the words of the text; the family
//! (src/family) binds those words to its facts, and a part whose words name
//! no fact makes the row manual too. The row's score is the sum of its
//! parts, at most 分值.
//!
//! Read only for rubrics of the 考核 family: a 部门整体支出 rubric is read by
//! the kinds of `RECOGNISERS` exactly as before.
//!
//! ## Canonical form
//! `分项计分：①比例计分：得分=（A÷B）×4分；②加分：…的加2分，否则不得分`

use rust_decimal::Decimal;
use serde::Serialize;

use super::bonus::{self, Bonus};
use super::clauses::{Clause, MAX_CHARS, Role, foreign_digit, prepare, split};
use super::count::is_per_item;
use super::count_ratio::{self, CountRatio};
use super::per_day::{self, PerDayLate};
use super::per_item_cap::{self, PerItemCap};
use super::precondition::{self, Precondition};
use super::tokens::subjective;
use super::yes_no::{self, YesNo};
use super::{Evaluation, Outcome, pts};
use crate::base::checked::{self, OutOfRange};
use crate::base::format::{num, pct};

/// A text in the spelling the reader compares (NFKC, one dash, no spaces),
/// for binding the words of a part to a family's phrases.
pub fn normalize(text: &str) -> String {
    prepare(text)
}

/// A row read as parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubRules {
    pub parts: Vec<Part>,
}

/// One part of a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Part {
    Ratio(CountRatio),
    YesNo(YesNo),
    Bonus(Bonus),
    PerItem(PerItemCap),
    Pool(Pool),
}

/// Fixed points less deductions, or 0 when a precondition fails.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pool {
    /// The clause giving the points, as written (`按时向县财政局报送绩效自评报告的,得5分`).
    pub condition: String,
    pub points: Decimal,
    pub deductions: Vec<Deduction>,
    pub preconditions: Vec<Precondition>,
}

/// A deduction inside a [`Pool`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Deduction {
    /// Per occurrence: the clause as written and the points per occurrence.
    Count { subject: String, per: Decimal },
    /// Per day late.
    Days(PerDayLate),
}

/// What a part needs from the department's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedKind {
    /// A count or an amount.
    Quantity,
    /// 是/否.
    YesNo,
}

/// One quantity a row needs: `key` is how evaluation asks for it; `texts`
/// are the words to bind it by, most specific first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub key: String,
    pub texts: Vec<String>,
    pub kind: NeedKind,
}

/// A bound value: the fact's name, its value (是 = 1, 否 = 0) and how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub name: String,
    pub value: Decimal,
    pub shown: String,
}

/// Reads a row's text as parts worth `max` points in all.
///
/// # Errors
/// The reason the row is manual: a clause not understood (quoted), a
/// subjective clause, or no scoring clause at all.
pub fn read(text: &str, max: Decimal) -> Result<SubRules, String> {
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return Err(format!(
            "评分标准过长（{chars}字，超过{MAX_CHARS}字），需人工判断"
        ));
    }
    let t = prepare(text);
    if let Some(d) = foreign_digit(&t) {
        return Err(format!("评分标准含无法识别的数字「{d}」，需人工判断"));
    }
    let clauses = split(&t, max);
    if let Some((c, w)) = clauses
        .iter()
        .find_map(|c| subjective(&c.text).map(|w| (c, w)))
    {
        return Err(format!("评分标准含主观判断（“{w}”）：「{}」", c.text));
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while i < clauses.len() {
        let c = &clauses[i];
        if c.role != Role::Scored {
            i += 1;
            continue;
        }
        if let Some(claim) = count_ratio::recognise(
            std::slice::from_ref(c),
            max,
            crate::metrics::MetricUnit::Percent,
        ) && let Ok(super::Rule::CountRatio(r)) = claim.rule
            && !claim.parts.is_empty()
        {
            parts.push(Part::Ratio(r));
            i += 1;
            continue;
        }
        if let Some(b) = bonus::read(c) {
            parts.push(Part::Bonus(b));
            i += 1 + usize::from(clauses.get(i + 1).is_some_and(yes_no::is_otherwise_zero));
            continue;
        }
        if let Some(mut r) = per_item_cap::read(c) {
            i += 1;
            if r.cap.is_none()
                && let Some(cap) = clauses.get(i).and_then(per_item_cap::read_cap_clause)
            {
                r.cap = Some(cap);
                i += 1;
            }
            if r.cap.is_none() {
                // "本项最高得3分" on a row of 3 points is a floor clause: the
                // row's 分值 is the cap.
                if clauses.get(i).is_some_and(|c| c.role == Role::Floor) {
                    r.cap = Some(max);
                    i += 1;
                }
            }
            parts.push(Part::PerItem(r));
            continue;
        }
        if let Some((condition, points)) = yes_no::condition_award(c) {
            let mut deductions = Vec::new();
            let mut preconditions = Vec::new();
            let mut j = i + 1;
            while let Some(next) = clauses.get(j) {
                if yes_no::is_otherwise_zero(next) {
                    // "未开展的不得分": the other side of a yes/no.
                    break;
                } else if next.role == Role::Floor {
                    j += 1;
                } else if let Some(d) = per_day::read(next) {
                    deductions.push(Deduction::Days(d));
                    j += 1;
                } else if let Some(d) = count_deduction(next) {
                    deductions.push(d);
                    j += 1;
                } else if let Some(p) = precondition::read(next) {
                    preconditions.push(p);
                    j += 1;
                } else {
                    break;
                }
            }
            if deductions.is_empty() && preconditions.is_empty() {
                if condition.is_empty() {
                    return Err(format!("未能理解：「{}」（未写明得分条件）", c.text));
                }
                parts.push(Part::YesNo(YesNo { condition, points }));
                i += 1 + usize::from(clauses.get(i + 1).is_some_and(yes_no::is_otherwise_zero));
            } else {
                parts.push(Part::Pool(Pool {
                    condition: c.text.clone(),
                    points,
                    deductions,
                    preconditions,
                }));
                i = j;
            }
            continue;
        }
        return Err(format!("未能理解：「{}」", c.text));
    }
    if parts.is_empty() {
        return Err("未写评分标准".to_string());
    }
    Ok(SubRules { parts })
}

/// "有一项未及时整改的扣1分", "每发现一个问题，扣1分": the clause and the
/// points per occurrence (its one number with 分 after 扣).
fn count_deduction(c: &Clause) -> Option<Deduction> {
    let s = c.text.as_str();
    if !is_per_item(s) {
        return None;
    }
    let k = s.find('扣')?;
    let n = c.sole_points_after(k)?;
    let others = c
        .nums
        .iter()
        .filter(|m| m.start != n.start && m.value != Decimal::ONE)
        .count();
    (others == 0 && !n.percent).then(|| Deduction::Count {
        subject: s[..n.end].to_string() + "分",
        per: n.value,
    })
}

impl Part {
    /// The most points the part gives.
    pub fn max(&self) -> Decimal {
        match self {
            Part::Ratio(r) => r.points,
            Part::YesNo(r) => r.points,
            Part::Bonus(r) => r.points,
            Part::PerItem(r) => r.cap.unwrap_or(r.per),
            Part::Pool(p) => p.points,
        }
    }

    pub fn reading(&self) -> String {
        match self {
            Part::Ratio(r) => format!(
                "比例计分：得分=（{}÷{}）×{}分",
                r.numerator,
                r.denominator,
                pts(r.points)
            ),
            Part::YesNo(r) => r.reading(),
            Part::Bonus(r) => r.reading(),
            Part::PerItem(r) => r.reading(),
            Part::Pool(p) => {
                let mut s = format!("定额计分：{}", p.condition);
                for pre in &p.preconditions {
                    s.push('，');
                    s.push_str(&pre.reading());
                }
                for d in &p.deductions {
                    s.push('，');
                    match d {
                        Deduction::Count { subject, .. } => s.push_str(subject),
                        Deduction::Days(d) => s.push_str(&format!("每逾期一天扣{}分", pts(d.per))),
                    }
                }
                if !p.deductions.is_empty() {
                    s.push_str("，扣完为止");
                }
                s
            }
        }
    }
}

impl SubRules {
    /// `分项计分：①…；②…` (one part: its own reading).
    pub fn reading(&self) -> String {
        if let [p] = self.parts.as_slice() {
            return p.reading();
        }
        let marks = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩'];
        let items: Vec<String> = self
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mark = marks
                    .get(i)
                    .map_or_else(|| format!("({})", i + 1), char::to_string);
                format!("{mark}{}", p.reading())
            })
            .collect();
        format!("分项计分：{}", items.join("；"))
    }

    /// The sum of the parts' points (`None` beyond the range jixiao
    /// computes in).
    pub fn parts_max(&self) -> Option<Decimal> {
        checked::sum(self.parts.iter().map(Part::max)).ok()
    }

    /// Every quantity the parts need, in order.
    pub fn needs(&self) -> Vec<Need> {
        let need = |key: &str, texts: Vec<String>, kind| Need {
            key: key.to_string(),
            texts,
            kind,
        };
        let mut out = Vec::new();
        for p in &self.parts {
            match p {
                Part::Ratio(r) => {
                    out.push(need(
                        &r.numerator,
                        vec![r.numerator.clone()],
                        NeedKind::Quantity,
                    ));
                    out.push(need(
                        &r.denominator,
                        vec![r.denominator.clone()],
                        NeedKind::Quantity,
                    ));
                }
                Part::YesNo(r) => out.push(need(
                    &r.condition,
                    vec![r.condition.clone()],
                    NeedKind::YesNo,
                )),
                Part::Bonus(r) => out.push(need(
                    &r.condition,
                    vec![r.condition.clone()],
                    NeedKind::YesNo,
                )),
                Part::PerItem(r) => out.push(need(
                    &r.subject,
                    vec![r.subject.clone()],
                    NeedKind::Quantity,
                )),
                Part::Pool(pool) => {
                    for pre in &pool.preconditions {
                        out.push(need(
                            &pre.condition,
                            vec![pre.condition.clone()],
                            NeedKind::YesNo,
                        ));
                    }
                    for d in &pool.deductions {
                        let subject = match d {
                            Deduction::Count { subject, .. } => subject,
                            Deduction::Days(d) => &d.subject,
                        };
                        out.push(need(
                            subject,
                            vec![subject.clone(), format!("{}，{subject}", pool.condition)],
                            NeedKind::Quantity,
                        ));
                    }
                }
            }
        }
        out
    }

    /// The row's score from the bound values: the sum of the parts, at most
    /// `max`. A value `get` lacks makes the row manual, naming it.
    pub fn evaluate(&self, get: &dyn Fn(&str) -> Result<Value, String>, max: Decimal) -> Outcome {
        // As `Rule::evaluate`: no number of the text or 分值 beyond the range
        // jixiao computes in.
        let mut numbers = vec![max];
        for p in &self.parts {
            numbers.push(p.max());
            match p {
                Part::PerItem(r) => numbers.push(r.per),
                Part::Pool(pool) => numbers.extend(pool.deductions.iter().map(|d| match d {
                    Deduction::Count { per, .. } => *per,
                    Deduction::Days(d) => d.per,
                })),
                _ => {}
            }
        }
        if numbers.into_iter().any(|d| checked::in_range(d).is_err()) {
            return Outcome::OutOfRange;
        }
        match self.evaluate_inner(get) {
            Err(OutOfRange) => Outcome::OutOfRange,
            Ok(Err(reason)) => Outcome::Manual { reason },
            Ok(Ok((raw, details))) => Outcome::Scored(Evaluation {
                score: raw.max(Decimal::ZERO).min(max),
                detail: details.join("；"),
                capped_from: (raw > max).then_some(raw),
            }),
        }
    }

    #[allow(clippy::type_complexity)]
    fn evaluate_inner(
        &self,
        get: &dyn Fn(&str) -> Result<Value, String>,
    ) -> Result<Result<(Decimal, Vec<String>), String>, OutOfRange> {
        let fetch = get;
        let mut total = Decimal::ZERO;
        let mut details = Vec::new();
        for p in &self.parts {
            let (score, detail) = match p {
                Part::Ratio(r) => {
                    let (a, b) = match (fetch(&r.numerator), fetch(&r.denominator)) {
                        (Ok(a), Ok(b)) => (a, b),
                        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
                    };
                    if b.value <= Decimal::ZERO {
                        return Ok(Err(format!("「{}」为{}，无法计算比例", b.name, b.shown)));
                    }
                    let ratio = checked::div(a.value, b.value)?;
                    let share = ratio.clamp(Decimal::ZERO, Decimal::ONE);
                    let score = checked::mul(r.points, share)?;
                    let mut d = format!(
                        "{}{}÷{}{}={}，计{}×{}={}分",
                        a.name,
                        a.shown,
                        b.name,
                        b.shown,
                        pct(ratio),
                        pts(r.points),
                        pct(share),
                        num(super::round_score(score, r.points))
                    );
                    if ratio > Decimal::ONE {
                        d.push_str("（比例超过100%，按100%计）");
                    }
                    (score, d)
                }
                Part::YesNo(r) => match fetch(&r.condition) {
                    Ok(v) => r.score(!v.value.is_zero()),
                    Err(e) => return Ok(Err(e)),
                },
                Part::Bonus(r) => match fetch(&r.condition) {
                    Ok(v) => r.score(!v.value.is_zero()),
                    Err(e) => return Ok(Err(e)),
                },
                Part::PerItem(r) => match fetch(&r.subject) {
                    Ok(v) => r.score(v.value)?,
                    Err(e) => return Ok(Err(e)),
                },
                Part::Pool(pool) => {
                    let mut failed = None;
                    for pre in &pool.preconditions {
                        match fetch(&pre.condition) {
                            // The fact is bound with its polarity: 1 means the
                            // failing condition holds.
                            Ok(v) if !v.value.is_zero() && failed.is_none() => {
                                failed = Some(format!(
                                    "{}：{}，按“{}的不得分”计0分（本项{}分）",
                                    v.name,
                                    v.shown,
                                    pre.condition,
                                    pts(pool.points)
                                ));
                            }
                            Ok(_) => {}
                            Err(e) => return Ok(Err(e)),
                        }
                    }
                    if let Some(f) = failed {
                        (Decimal::ZERO, f)
                    } else {
                        let mut off = Decimal::ZERO;
                        let mut said = Vec::new();
                        for d in &pool.deductions {
                            let (key, per, unit) = match d {
                                Deduction::Count { subject, per } => (subject, *per, "个"),
                                Deduction::Days(d) => (&d.subject, d.per, "天"),
                            };
                            let v = match fetch(key) {
                                Ok(v) => v,
                                Err(e) => return Ok(Err(e)),
                            };
                            let n = v.value.max(Decimal::ZERO);
                            let x = checked::mul(per, n)?;
                            off = checked::add(off, x)?;
                            said.push(format!("{}{}{unit}，扣{}分", v.name, num(n), pts(x)));
                        }
                        let score = checked::sub(pool.points, off)?.max(Decimal::ZERO);
                        let mut d = said.join("，");
                        if off > pool.points {
                            d.push_str("，扣完为止");
                        }
                        (
                            score,
                            format!("{d}，计{}分（本项{}分）", pts(score), pts(pool.points)),
                        )
                    }
                }
            };
            total = checked::add(total, score)?;
            details.push(detail);
        }
        Ok(Ok((total, details)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn readings(t: &str, max: Decimal) -> Result<String, String> {
        read(t, max).map(|r| r.reading())
    }

    #[test]
    fn seed_rows_are_read_part_by_part() {
        assert_eq!(
            readings("成立预算绩效管理领导小组得2分；部门明确专职人员的，得1分。", dec!(3)),
            Ok("分项计分：①是否：成立预算绩效管理领导小组，是得2分，否得0分；②是否：部门明确专职人员，是得1分，否得0分".into())
        );
        assert_eq!(
            readings("按照有关要求设置绩效目标的项目数量/县级预算部门项目总数×4分；按照要求设置部门整体支出绩效目标的，加2分，否则不得分。", dec!(6)),
            Ok("分项计分：①比例计分：得分=（按照有关要求设置绩效目标的项目数量÷县级预算部门项目总数）×4分；②加分：按照要求设置部门整体支出绩效目标的加2分，否则不得分".into())
        );
        assert_eq!(
            readings("按时间节点监控并按时向县财政局报送绩效监控材料的，得5分。报送监控材料不全的不得分，逾期报送一天扣0.5分，扣完为止。", dec!(5)),
            Ok("定额计分：按时间节点监控并按时向县财政局报送绩效监控材料的,得5分，前提：报送监控材料不全的，本项不得分，每逾期一天扣0.5分，扣完为止".into())
        );
        let r = read("部门自行监控发现问题及时进行整改的，得4分，有一项未及时整改的扣1分，扣完为止；部门自行监控未发现问题，财政监控抽查中也未发现问题的，得4分；财政开展监控抽查发现问题的，每一项扣1分，扣完为止；对县财政局重点监控发现问题及时整改到位的，得2分；未及时整改到位的，每少一项扣1分，扣完为止。", dec!(10)).unwrap();
        assert_eq!(r.parts.len(), 3, "{r:?}");
        assert_eq!(r.parts_max(), Some(dec!(10)));
        let r = read(
            "制定指导本部门预算绩效管理工作具体办法或操作细则的，每项1分，本项最高得3分。",
            dec!(3),
        )
        .unwrap();
        assert_eq!(
            r.reading(),
            "按项计分：制定指导本部门预算绩效管理工作具体办法或操作细则，每项1分，最高3分"
        );
    }

    #[test]
    fn unread_clauses_make_the_row_manual() {
        assert_eq!(
            readings(
                "借鉴使用市县下发的指标体系；及时上报申报表。得5分。",
                dec!(5)
            ),
            Err("未能理解：「得5分」（未写明得分条件）".into())
        );
        assert_eq!(
            readings("根据年初事前评估工作安排，及时开展事前绩效评估。", dec!(6)),
            Err("未写评分标准".into())
        );
        assert_eq!(
            readings("成立领导小组得2分；工作成效显著的视情加分", dec!(3)),
            Err("评分标准含主观判断（“视情”）：「工作成效显著的视情加分」".into())
        );
        assert_eq!(
            readings("成立领导小组得2分；获得省级表彰的另计1分", dec!(3)),
            Err("未能理解：「获得省级表彰的另计1分」".into())
        );
    }

    #[test]
    fn evaluation_sums_parts_and_never_panics() {
        let yes = |_: &str| {
            Ok(Value {
                name: "x".into(),
                value: dec!(1),
                shown: "是".into(),
            })
        };
        let r = read("成立领导小组得2分；明确专职人员的，得1分", dec!(3)).unwrap();
        assert_eq!(r.evaluate(&yes, dec!(3)).score(), Some(dec!(3)));
        // Parts above 分值 are capped, and say so.
        let Outcome::Scored(e) = r.evaluate(&yes, dec!(2)) else {
            panic!("scored")
        };
        assert_eq!((e.score, e.capped_from), (dec!(2), Some(dec!(3))));
        // Numbers beyond the range jixiao computes in: no panic.
        assert!(read("成立领导小组得9999999999999999999999分", dec!(3)).is_err());
        let r = SubRules {
            parts: vec![Part::YesNo(YesNo {
                condition: "成立领导小组".into(),
                points: dec!(100000000000000000000),
            })],
        };
        assert_eq!(r.evaluate(&yes, dec!(3)), Outcome::OutOfRange);
        let missing = |k: &str| Err(format!("缺少「{k}」"));
        assert_eq!(
            r.evaluate(&missing, dec!(3)),
            Outcome::OutOfRange,
            "range is checked before data"
        );
    }
}

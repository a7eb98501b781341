//! The 项目 family: one project's funds and targets, scored on the 附件4-2
//! indicator system (岳阳市云溪区, seed 002).
//!
//! The workbook holds the funds by source (sheet 项目资金: 计划安排资金,
//! 实际到位资金, 实际支出, 结余 × 合计/中央/省/市/区/其它), the target table
//! (sheet 绩效目标: 一级/二级指标, 指标内容, 指标（目标）值, 实际完成值) and
//! the 评分表 with the self-scores of the qualitative rows. jixiao computes
//! 到位率, 执行率, the completion of the 数量 and 质量 targets (each target
//! judged by its direction: "≥85%", "85%以上", "100%"), the overspend
//! ratio and the 满意度, and scores the rows `xiangmu.toml` binds to them
//! by the row's own rule. A target whose value is not a number ("按实际支出
//! 拨付") cannot be judged: the row that needs it is manual, never a guess.

use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::kaohe::RowResult;
use super::{Family, SpecRow};
use crate::base::checked;
use crate::base::format::{num, pct};
use crate::base::number::{Parsed, parse_text};
use crate::base::text::normalize_label;
use crate::grid::{CellValue, Workbook};
use crate::metrics::MetricUnit;
use crate::rubric::{Rubric, RubricRow};
use crate::rules::parse::{Parse, parse_rule};
use crate::rules::{Outcome, Rule, RuleInput, overspend, rate_points};

/// A rubric row bound to a computed value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bind {
    pub rows: Vec<String>,
    pub metric: String,
}

/// The 项目 family as data (`xiangmu.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct XiangmuSpec {
    pub id: String,
    pub name: String,
    pub title: String,
    pub indicators: Vec<String>,
    pub info_sheet: String,
    pub info: Vec<String>,
    pub funds_sheet: String,
    pub funds_unit: String,
    pub funds_columns: Vec<String>,
    pub funds_rows: Vec<String>,
    pub targets_sheet: String,
    pub targets_columns: Vec<String>,
    pub bind: Vec<Bind>,
    #[serde(rename = "row")]
    pub rows: Vec<SpecRow>,
}

/// The spec, parsed once (a test parses it: a failure is a build defect,
/// still reported rather than a panic).
pub fn spec() -> Result<&'static XiangmuSpec, String> {
    static SPEC: OnceLock<Result<XiangmuSpec, String>> = OnceLock::new();
    SPEC.get_or_init(|| {
        toml::from_str::<XiangmuSpec>(include_str!("xiangmu.toml")).map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The 附件4-2 rubric.
///
/// # Errors
/// When the built-in spec does not parse.
pub fn default_rubric() -> Result<Rubric, String> {
    let spec = spec()?;
    Ok(super::built_in_rubric(
        Family::Xiangmu,
        &spec.id,
        &spec.title,
        &spec.rows,
        "按项目支出指标计分",
    ))
}

/// One amount of the funds table, with its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: Decimal,
    pub source: String,
}

/// One row of the target table.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub actual: String,
    /// The target's cell (`绩效目标!D5`).
    pub source: String,
    /// The result's cell (`绩效目标!E5`).
    pub actual_source: String,
}

/// What a project workbook holds.
#[derive(Debug, Clone, Default)]
pub struct ProjectData {
    /// (column, row) of the funds table → amount (万元).
    pub funds: Vec<((String, String), Amount)>,
    pub targets: Vec<Target>,
    /// 项目名称 etc., as written.
    pub info: Vec<(String, String)>,
}

impl ProjectData {
    pub fn amount(&self, column: &str, row: &str) -> Option<&Amount> {
        self.funds
            .iter()
            .find(|((c, r), _)| c == column && r == row)
            .map(|(_, a)| a)
    }

    pub fn info(&self, label: &str) -> Option<&str> {
        self.info
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
    }

    /// Whether anything was read.
    pub fn any_read(&self) -> bool {
        !self.funds.is_empty() || !self.targets.is_empty()
    }
}

fn cell_text(v: &CellValue) -> String {
    match v {
        CellValue::Number(d) => num(*d),
        other => other.display(),
    }
}

/// Reads the funds, the targets and the project's name from a workbook.
pub fn read(wb: &Workbook, spec: &XiangmuSpec) -> ProjectData {
    let mut out = ProjectData::default();
    let norm = |s: &str| normalize_label(s);
    let fund_cols: Vec<String> = spec.funds_columns.iter().map(|s| norm(s)).collect();
    let fund_rows: Vec<String> = spec.funds_rows.iter().map(|s| norm(s)).collect();
    let info: Vec<String> = spec.info.iter().map(|s| norm(s)).collect();
    let target_cols: Vec<String> = spec.targets_columns.iter().map(|s| norm(s)).collect();
    for sheet in &wb.sheets {
        let at = |r: u32, c: u16| wb.location(sheet, r, c).cell();
        // Fields: label | value.
        for (r, c, v) in sheet.cells() {
            let CellValue::Text(t) = v else { continue };
            let n = norm(t);
            if let Some(i) = info.iter().position(|l| *l == n)
                && out.info(&spec.info[i]).is_none()
                && let Some(c1) = c.checked_add(1)
            {
                let value = cell_text(sheet.get(r, c1));
                if !value.trim().is_empty() {
                    out.info
                        .push((spec.info[i].clone(), value.trim().to_string()));
                }
            }
        }
        // The funds table: a header row naming the fund columns.
        for r in 0..sheet.row_count() {
            let cols: Vec<(usize, u16)> = (0..sheet.col_count())
                .filter_map(|c| {
                    let l = norm(&cell_text(sheet.get(r, c)));
                    fund_cols.iter().position(|f| *f == l).map(|i| (i, c))
                })
                .collect();
            if cols.len() < 2 {
                continue;
            }
            for rr in r + 1..sheet.row_count() {
                let label = (0..sheet.col_count())
                    .map(|c| norm(&cell_text(sheet.get(rr, c))))
                    .find_map(|l| fund_rows.iter().position(|f| *f == l));
                let Some(ri) = label else { continue };
                for &(ci, c) in &cols {
                    let value = match sheet.get(rr, c) {
                        CellValue::Number(d) => Some(*d),
                        CellValue::Text(t) => match parse_text(t) {
                            Parsed::Number {
                                value,
                                percent: false,
                                ..
                            } => Some(value),
                            _ => None,
                        },
                        _ => None,
                    };
                    if let Some(value) = value {
                        out.funds.push((
                            (spec.funds_columns[ci].clone(), spec.funds_rows[ri].clone()),
                            Amount {
                                value,
                                source: at(rr, c),
                            },
                        ));
                    }
                }
            }
            break;
        }
        // The target table: a header row naming 指标（目标）值 and 实际完成值.
        for r in 0..sheet.row_count() {
            let col_of = |i: usize| {
                (0..sheet.col_count())
                    .find(|c| norm(&cell_text(sheet.get(r, *c))) == target_cols[i])
            };
            let (Some(c_name), Some(c_target), Some(c_actual)) = (col_of(2), col_of(3), col_of(4))
            else {
                continue;
            };
            // Without a 二级指标 column (the template's 项目 column), the
            // column left of 指标内容 names the 二级指标.
            let c1 = col_of(0);
            let c2 = col_of(1).or_else(|| c_name.checked_sub(1).filter(|c| Some(*c) != c1));
            let (mut l1, mut l2) = (String::new(), String::new());
            for rr in r + 1..sheet.row_count() {
                let text = |c: Option<u16>| {
                    c.map(|c| cell_text(sheet.shown(rr, c)).trim().to_string())
                        .unwrap_or_default()
                };
                let (a, b) = (text(c1), text(c2));
                if !a.is_empty() {
                    l1 = a;
                }
                if !b.is_empty() {
                    l2 = b;
                }
                let name = text(Some(c_name));
                let target = text(Some(c_target));
                let actual = text(Some(c_actual));
                if name.is_empty() && target.is_empty() && actual.is_empty() {
                    continue;
                }
                out.targets.push(Target {
                    level1: l1.clone(),
                    level2: l2.clone(),
                    name,
                    target,
                    actual,
                    source: at(rr, c_target),
                    actual_source: at(rr, c_actual),
                });
            }
            break;
        }
    }
    out
}

/// How a target is to be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    AtLeast,
    Above,
    AtMost,
    Below,
}

/// A number written in a target or its result: the value (percentages as
/// fractions) and whether it was a percentage.
fn number_in(text: &str) -> Option<(Decimal, bool)> {
    let t = crate::base::text::normalize_text(text).replace([' ', '，', ','], "");
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let rest = &t[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let v: Decimal = rest[..end].parse().ok()?;
    let percent = rest[end..].starts_with('%');
    Some(if percent {
        (v / Decimal::ONE_HUNDRED, true)
    } else {
        (v, false)
    })
}

/// Whether a target is met, with the reading; `Err` when it cannot be judged.
fn judge(t: &Target) -> Result<(bool, String), String> {
    let quote = |s: &str| format!("「{}」（{}）的", t.name, s);
    let Some((goal, goal_pct)) = number_in(&t.target) else {
        return Err(format!(
            "{}指标值“{}”不是数值，需人工判断",
            quote(&t.source),
            t.target
        ));
    };
    let Some((actual, actual_pct)) = number_in(&t.actual) else {
        return Err(format!(
            "{}实际完成值“{}”不是数值，需人工判断",
            quote(&t.source),
            t.actual
        ));
    };
    if goal_pct != actual_pct {
        return Err(format!(
            "{}指标值“{}”与实际完成值“{}”单位不一致，需人工判断",
            quote(&t.source),
            t.target,
            t.actual
        ));
    }
    let s = crate::base::text::normalize_text(&t.target);
    let dir = if s.contains('≤')
        || s.contains("<=")
        || s.contains("以下")
        || s.contains("不超过")
        || s.contains("不高于")
        || s.contains("以内")
    {
        Direction::AtMost
    } else if s.contains('<') || s.contains("低于") {
        Direction::Below
    } else if s.contains('>') && !s.contains(">=") {
        Direction::Above
    } else {
        // ≥, 以上, 不低于, 达到, or a bare value: reach it.
        Direction::AtLeast
    };
    let met = match dir {
        Direction::AtLeast => actual >= goal,
        Direction::Above => actual > goal,
        Direction::AtMost => actual <= goal,
        Direction::Below => actual < goal,
    };
    let show = |v: Decimal, p: bool| if p { pct(v) } else { num(v) };
    let sign = match dir {
        Direction::AtLeast => "≥",
        Direction::Above => "＞",
        Direction::AtMost => "≤",
        Direction::Below => "＜",
    };
    Ok((
        met,
        format!(
            "{}：{}（目标{}{}）{}",
            t.name,
            show(actual, actual_pct),
            sign,
            show(goal, goal_pct),
            if met { "达成" } else { "未达成" }
        ),
    ))
}

/// A computed value: the value, how it was computed and the cells it was
/// computed from.
type Computed = Result<(Decimal, String, Vec<String>), String>;

fn fund<'a>(data: &'a ProjectData, column: &str) -> Result<&'a Amount, String> {
    data.amount(column, "合计")
        .ok_or_else(|| format!("缺少项目资金的「{column}」合计"))
}

/// The value a bound row is scored on.
fn compute(metric: &str, data: &ProjectData) -> Computed {
    match metric {
        "arrival_rate" => {
            let plan = fund(data, "计划安排资金")?;
            let got = fund(data, "实际到位资金")?;
            if plan.value <= Decimal::ZERO {
                return Err("计划安排资金为0，无法计算到位率".into());
            }
            let rate = checked::div(got.value, plan.value)
                .map_err(|_| "数值超出可计算范围".to_string())?;
            Ok((
                rate,
                format!(
                    "到位率=实际到位资金{}万元（{}）÷计划安排资金{}万元（{}）={}",
                    num(got.value),
                    got.source,
                    num(plan.value),
                    plan.source,
                    pct(rate)
                ),
                vec![got.source.clone(), plan.source.clone()],
            ))
        }
        "overspend" => {
            let plan = fund(data, "计划安排资金")?;
            let spent = fund(data, "实际支出")?;
            if plan.value <= Decimal::ZERO {
                return Err("计划安排资金为0，无法计算超支比例".into());
            }
            let over = checked::sub(spent.value, plan.value)
                .and_then(|d| checked::div(d, plan.value))
                .map_err(|_| "数值超出可计算范围".to_string())?;
            Ok((
                over,
                format!(
                    "实际支出{}万元（{}），计划安排资金{}万元（{}），执行率{}",
                    num(spent.value),
                    spent.source,
                    num(plan.value),
                    plan.source,
                    checked::div(spent.value, plan.value)
                        .map(pct)
                        .unwrap_or_default()
                ),
                vec![spent.source.clone(), plan.source.clone()],
            ))
        }
        "quantity" | "quality" => {
            let kind = if metric == "quantity" {
                "数量"
            } else {
                "质量"
            };
            let targets: Vec<&Target> = data
                .targets
                .iter()
                .filter(|t| t.level2.contains(kind) && !t.name.is_empty())
                .collect();
            if targets.is_empty() {
                return Err(format!("绩效目标表中没有填写{kind}指标"));
            }
            let mut met = 0u32;
            let mut said = Vec::new();
            for t in &targets {
                let (ok, s) = judge(t)?;
                met += u32::from(ok);
                said.push(s);
            }
            let total = Decimal::from(u32::try_from(targets.len()).unwrap_or(u32::MAX));
            let rate = checked::div(Decimal::from(met), total)
                .map_err(|_| "数值超出可计算范围".to_string())?;
            Ok((
                rate,
                format!(
                    "{kind}指标{}项中达成{}项，完成率{}（{}）",
                    targets.len(),
                    met,
                    pct(rate),
                    said.join("；")
                ),
                targets
                    .iter()
                    .flat_map(|t| [t.source.clone(), t.actual_source.clone()])
                    .collect(),
            ))
        }
        "satisfaction" => {
            let t = data
                .targets
                .iter()
                .find(|t| t.name.contains("满意") || t.level2.contains("满意"))
                .ok_or_else(|| "绩效目标表中没有满意度指标".to_string())?;
            let (v, p) = number_in(&t.actual)
                .ok_or_else(|| format!("满意度的实际完成值“{}”不是数值，需人工判断", t.actual))?;
            let v = if p || v <= Decimal::ONE {
                v
            } else {
                v / Decimal::ONE_HUNDRED
            };
            Ok((
                v,
                format!("满意度{}（{}）", pct(v), t.actual_source),
                vec![t.actual_source.clone()],
            ))
        }
        other => Err(format!("未知的项目指标「{other}」")),
    }
}

/// Scores one row of a 项目 rubric.
pub fn score_row(row: &RubricRow, spec: &XiangmuSpec, data: &ProjectData) -> RowResult {
    let name = crate::base::name::bare_name(&row.name);
    let name = normalize_label(&name);
    let bound = spec
        .bind
        .iter()
        .find(|b| b.rows.iter().any(|r| normalize_label(r) == name));
    let Some(bind) = bound else {
        let reason = match parse_rule(&row.standard, row.max, MetricUnit::Percent) {
            Parse::Manual { reason } => reason,
            _ => "定性指标，无可核算的数据".to_string(),
        };
        return RowResult::Manual {
            reason,
            reading: None,
        };
    };
    let manual = |reason: String, reading: Option<String>| RowResult::Manual { reason, reading };
    // The row's own rule: the 项目 kinds first, then the common ones.
    let rule = if let Some(r) = rate_points::read(&row.standard, row.max) {
        Reader::Rate(r)
    } else if let Some(r) = overspend::read(&row.standard, row.max) {
        Reader::Over(r)
    } else {
        match parse_rule(&row.standard, row.max, MetricUnit::Percent) {
            Parse::Rule { rule, .. } => Reader::Common(rule),
            Parse::NoStandard => return manual("未写评分标准".into(), None),
            Parse::Manual { reason } => return manual(reason, None),
        }
    };
    let reading = match &rule {
        Reader::Rate(r) => r.reading(),
        Reader::Over(r) => r.reading(),
        Reader::Common(r) => r.reading(MetricUnit::Percent),
    };
    let (value, how, cells) = match compute(&bind.metric, data) {
        Ok(v) => v,
        Err(reason) => return manual(reason, Some(reading)),
    };
    let scored = match &rule {
        Reader::Rate(r) => r.score(value).map(|(s, d)| (s, d, None)),
        Reader::Over(r) => r.score(value).map(|(s, d)| (s, d, None)),
        Reader::Common(r) => {
            match r.evaluate(
                &RuleInput {
                    value,
                    reference: None,
                    unit: MetricUnit::Percent,
                },
                row.max,
            ) {
                Outcome::Scored(e) => Ok((e.score, e.detail, e.capped_from)),
                Outcome::Manual { reason } => return manual(reason, Some(reading)),
                _ => return manual("数值超出可计算范围".into(), Some(reading)),
            }
        }
    };
    match scored {
        Ok((score, detail, capped_from)) => {
            let mut unique: Vec<String> = Vec::new();
            for c in cells {
                if !c.is_empty() && !unique.contains(&c) {
                    unique.push(c);
                }
            }
            RowResult::Scored {
                score: score.max(Decimal::ZERO).min(row.max),
                detail: format!("{how}；{detail}"),
                capped_from,
                reading,
                cells: unique,
            }
        }
        Err(_) => manual("数值超出可计算范围".into(), Some(reading)),
    }
}

enum Reader {
    Rate(rate_points::RatePoints),
    Over(overspend::Overspend),
    Common(Rule),
}

/// The family's data sheets as template sheets: 项目信息 (fields), 项目资金
/// (funds by source), 绩效目标 (the target table's header and the 二级指标
/// of 附件3-2).
pub fn template_sheets(spec: &XiangmuSpec) -> Vec<crate::profile::TemplateSheet> {
    use crate::profile::{TemplateLayout, TemplateSheet};
    vec![
        TemplateSheet {
            name: spec.info_sheet.clone(),
            unit: None,
            layout: TemplateLayout::Fields(spec.info.clone()),
        },
        TemplateSheet {
            name: spec.funds_sheet.clone(),
            unit: Some(spec.funds_unit.clone()),
            layout: TemplateLayout::Table {
                rows: spec.funds_rows.clone(),
                cols: spec.funds_columns.clone(),
            },
        },
        TemplateSheet {
            name: spec.targets_sheet.clone(),
            unit: Some("每个二级指标可插入多行；指标值写明方向，如“≥85%”“100%”".to_string()),
            layout: TemplateLayout::Table {
                rows: [
                    "数量指标",
                    "质量指标",
                    "时效指标",
                    "成本指标",
                    "经济效益指标",
                    "社会效益指标",
                    "生态效益指标",
                    "服务对象满意度指标",
                ]
                .map(String::from)
                .to_vec(),
                cols: spec.targets_columns[2..].to_vec(),
            },
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn target(l2: &str, name: &str, goal: &str, actual: &str) -> Target {
        Target {
            level1: "项目产出指标".into(),
            level2: l2.into(),
            name: name.into(),
            target: goal.into(),
            actual: actual.into(),
            source: "绩效目标!D4".into(),
            actual_source: "绩效目标!E4".into(),
        }
    }

    #[test]
    fn spec_parses_and_adds_up() {
        let s = spec().unwrap();
        assert_eq!(s.rows.len(), 22);
        let total: Decimal = s.rows.iter().map(|r| r.max).sum();
        assert_eq!(total, dec!(100));
    }

    #[test]
    fn targets_are_judged_by_their_direction() {
        let j = |g: &str, a: &str| judge(&target("数量指标", "x", g, a)).map(|r| r.0);
        assert_eq!(j("统筹地区补偿率达到85%以上", "85%"), Ok(true));
        assert_eq!(j("≥85%", "84.9%"), Ok(false));
        assert_eq!(j("100%", "100%"), Ok(true));
        assert_eq!(j("100%", "99%"), Ok(false));
        assert_eq!(j("≤5%", "6%"), Ok(false));
        assert_eq!(j("＞80%", "80%"), Ok(false));
        assert!(j("按实际支出拨付", "已全部拨付到位").is_err());
        assert!(j("100%", "100").is_err(), "units differ");
    }
}

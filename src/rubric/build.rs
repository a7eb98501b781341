//! A rubric table read from a workbook → a [`Rubric`] with a rule per row.
//!
//! Each row's rule comes from, in order: the 计分规则 column (canonical or
//! free text), else the row's own 评分标准 text, else — when the row only
//! defines its metric — the default rubric's rule for that metric scaled to
//! the row's 分值, else manual.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::default::default_rule;
use super::matching::metric_for_name;
use super::read::{
    RubricError, RubricTable, TableRow, read_table, rubric_sheets, table_of_rubric_file,
};
use super::{
    RowKey, Rubric, RubricLayout, RubricRow, RubricSource, RuleOrigin, TEMPLATE_HEADERS,
    TEMPLATE_TITLE,
};
use crate::base::name::bare_name;
use crate::base::{Warning, WarningKind};
use crate::config::{IndicatorOverride, MetricChoice, Settings};
use crate::grid::{Sheet, Workbook, read_workbook};
use crate::metrics::{MetricId, MetricUnit, catalog};
use crate::rules::parse::{Parse, full_marks_if_not_applicable, parse_rule};
use crate::rules::{ClauseUse, Rule};

/// Reads a rubric file (`--rubric`).
///
/// # Errors
/// [`RubricError`] when the file cannot be read or holds no rubric table.
pub fn load(path: &Path, settings: &Settings) -> Result<Rubric, RubricError> {
    let wb = read_workbook(path)?;
    let table = table_of_rubric_file(&wb, &settings.profile)?;
    let sheet = wb.sheet(&table.sheet).cloned().unwrap_or_default();
    Ok(from_table(
        &wb.file_name,
        &table,
        sheet,
        RubricSource::File,
        settings,
    ))
}

/// The rubric a department workbook carries in a sheet named 评分表, if any.
pub fn from_department(wb: &Workbook, settings: &Settings) -> Option<Rubric> {
    from_department_cached(wb, settings, &mut RuleCache::default())
}

/// [`from_department`] reusing the rules already read by `cache` (which
/// must always be used with the same `settings`).
pub fn from_department_cached(
    wb: &Workbook,
    settings: &Settings,
    cache: &mut RuleCache,
) -> Option<Rubric> {
    rubric_sheets(wb)
        .find_map(|s| {
            read_table(wb, s, &settings.profile)
                .ok()
                .map(|t| (t, s.clone()))
        })
        .map(|(t, sheet)| {
            from_table_cached(
                &format!("{}（{}）", wb.file_name, t.sheet),
                &t,
                sheet,
                RubricSource::Department,
                settings,
                cache,
            )
        })
}

/// What a rubric row's rule depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RuleKey {
    name: String,
    standard: String,
    content: String,
    rule_text: Option<String>,
    max: Decimal,
    sub_point: bool,
}

/// A row's rule as read from its wording.
#[derive(Debug, Clone)]
struct ReadRule {
    name: String,
    metric: Option<MetricId>,
    rule: Rule,
    origin: RuleOrigin,
    notes: Vec<String>,
    clauses: Vec<ClauseUse>,
    full_if_not_applicable: bool,
}

/// Rules already read from rubric rows. A batch worker reads department
/// after department whose 评分表 sheets repeat the same wording: reading a
/// rule (the recognisers, the metric's name) is the larger part of building
/// a rubric, and gives the same result for the same row text, 分值 and
/// settings. A cache must be used with one [`Settings`] only.
#[derive(Debug, Default)]
pub struct RuleCache {
    rules: HashMap<RuleKey, ReadRule>,
}

impl RuleCache {
    /// Entries kept at most; the cache starts over beyond (rubrics that
    /// never repeat gain nothing from it).
    const LIMIT: usize = 4_096;

    fn read(
        &mut self,
        r: &TableRow,
        max: Decimal,
        sub_point: bool,
        settings: &Settings,
    ) -> ReadRule {
        let key = RuleKey {
            name: r.name.clone(),
            standard: r.standard.clone(),
            content: r.content.clone(),
            rule_text: r.rule_text.clone(),
            max,
            sub_point,
        };
        if let Some(hit) = self.rules.get(&key) {
            return hit.clone();
        }
        let name = bare_name(&r.name);
        let (metric, rule, origin, notes, clauses) = rule_for(r, &name, max, sub_point, settings);
        let read = ReadRule {
            name,
            metric,
            rule,
            origin,
            notes,
            clauses,
            full_if_not_applicable: full_marks_if_not_applicable(&r.standard)
                || r.rule_text
                    .as_deref()
                    .is_some_and(full_marks_if_not_applicable),
        };
        if self.rules.len() >= Self::LIMIT {
            self.rules.clear();
        }
        self.rules.insert(key, read.clone());
        read
    }
}

/// The built-in default rubric with the config's overrides applied.
pub fn default_with(settings: &Settings) -> Rubric {
    let mut rubric = super::default::default_rubric();
    for row in &mut rubric.rows {
        if let Some(o) = settings.override_for(&row.name) {
            apply_override(row, o);
        }
    }
    rubric
}

/// Applies a `[[indicator]]` of the config to a row: its metric, its rule.
pub fn apply_override(row: &mut RubricRow, o: &IndicatorOverride) {
    match o.metric {
        Some(MetricChoice::Manual) => {
            row.metric = None;
            row.rule = manual("配置文件指定为人工评分");
            row.origin = RuleOrigin::Manual;
            row.rule_notes.clear();
            row.rule_clauses.clear();
            return;
        }
        Some(MetricChoice::Metric(m)) => row.metric = Some(m),
        None => {}
    }
    if let Some(text) = &o.rule {
        let unit = row
            .metric
            .map_or(MetricUnit::Percent, |m| catalog::spec(m).unit);
        match parse_rule(text, row.max, unit) {
            Parse::Rule {
                rule,
                notes,
                clauses,
            } => {
                row.rule = rule;
                row.origin = RuleOrigin::Explicit;
                row.rule_notes = notes;
                row.rule_clauses = clauses;
            }
            other => {
                row.rule = other.into_rule().0;
                row.origin = RuleOrigin::Manual;
                row.rule_notes.clear();
                row.rule_clauses.clear();
            }
        }
    }
    if row.metric.is_none() && !row.rule.is_manual() {
        row.rule = manual("配置文件给出的规则没有对应的指标");
        row.origin = RuleOrigin::Manual;
        row.rule_clauses.clear();
    }
}

fn manual(reason: impl Into<String>) -> Rule {
    Rule::Manual {
        reason: reason.into(),
    }
}

/// Picks the rule of one row, and fixes the metric where the rule needs
/// another kind of value (a count rule on 支付进度 counts late projects).
fn rule_for(
    row: &TableRow,
    name: &str,
    max: Decimal,
    sub_point: bool,
    settings: &Settings,
) -> (
    Option<MetricId>,
    Rule,
    RuleOrigin,
    Vec<String>,
    Vec<ClauseUse>,
) {
    let mut metric = metric_for_name(name, &settings.profile);
    let mut clauses = Vec::new();
    let unit = metric.map_or(MetricUnit::Percent, |m| catalog::spec(m).unit);
    let text = if row.standard.is_empty() {
        row.content.as_str()
    } else {
        row.standard.as_str()
    };
    let (mut rule, mut origin, mut notes) = if let Some(explicit) = &row.rule_text {
        match parse_rule(explicit, max, unit) {
            Parse::Rule {
                rule,
                notes,
                clauses: c,
            } => {
                clauses = c;
                (rule, RuleOrigin::Explicit, notes)
            }
            other => (other.into_rule().0, RuleOrigin::Manual, Vec::new()),
        }
    } else {
        match parse_rule(text, max, unit) {
            Parse::Rule {
                rule,
                notes,
                clauses: c,
            } => {
                clauses = c;
                (rule, RuleOrigin::Text, notes)
            }
            Parse::NoStandard => match metric.and_then(default_rule) {
                Some((rule, written_for))
                    if !sub_point && settings.default_rule_for_formula_only =>
                {
                    // 分值 are bounded when read, so the factor is too; a
                    // failure here still becomes a manual row, not a panic.
                    let factor = crate::base::checked::div(max, written_for);
                    (
                        factor.map_or_else(
                            |e| manual(format!("按分值折算默认规则时{e}")),
                            |f| rule.scaled(f),
                        ),
                        RuleOrigin::DefaultScaled,
                        if written_for == max {
                            Vec::new()
                        } else {
                            vec![format!(
                                "默认规则原为{}分，已按本行{}分折算",
                                crate::base::format::num(written_for),
                                crate::base::format::num(max)
                            )]
                        },
                    )
                }
                _ => (
                    manual("定性指标，评分表未写可计算的评分标准"),
                    RuleOrigin::Manual,
                    Vec::new(),
                ),
            },
            Parse::Manual { reason } => (manual(reason), RuleOrigin::Manual, Vec::new()),
        }
    };
    // The rule decides what kind of value it needs.
    match &rule {
        Rule::Count(c) => {
            let late_funds =
                (text.contains("专项") && text.contains("进度")) || name.contains("支付进度");
            metric = late_funds.then_some(MetricId::LateSpecialFunds);
            if metric.is_none() {
                rule = manual(format!(
                    "需人工统计出现次数（每次扣{}分）",
                    crate::base::format::num(c.per)
                ));
                origin = RuleOrigin::Manual;
            }
        }
        Rule::Compare(_) => metric = Some(MetricId::FundBalance),
        Rule::Manual { .. } => {}
        // 较上年下降/持平/上升 is read on a change rate (变动率); on any
        // other metric it needs last year's value, which jixiao lacks.
        Rule::LastYear(_) if !metric.is_some_and(is_change_rate) => {
            rule = manual(format!(
                "评分条件「较上年增减」需要「{name}」的上年数据，jixiao 无法判断"
            ));
            origin = RuleOrigin::Manual;
            notes.clear();
        }
        // A ratio of counts is scored only on a metric of that name.
        Rule::CountRatio(r)
            if !metric.is_some_and(|m| catalog::spec(m).unit == MetricUnit::Percent) =>
        {
            rule = manual(format!(
                "需人工统计「{}」和「{}」",
                r.numerator, r.denominator
            ));
            origin = RuleOrigin::Manual;
            notes.clear();
        }
        _ => {
            if metric.is_some_and(|m| catalog::spec(m).unit != MetricUnit::Percent) {
                metric = None;
            }
            if metric.is_none() {
                rule = manual(format!("指标「{name}」不在指标目录中，无法自动计算"));
                origin = RuleOrigin::Manual;
                notes.clear();
            }
        }
    }
    if sub_point && !rule.is_manual() && metric.is_none() {
        rule = manual("分项评价要点");
        origin = RuleOrigin::Manual;
    }
    if let (Rule::CountRatio(r), Some(_)) = (&rule, metric) {
        notes.push(format!(
            "「{}÷{}」按本行指标「{name}」的计算值取值",
            r.numerator, r.denominator
        ));
    }
    if rule.is_manual() {
        clauses.clear();
    }
    (metric, rule, origin, notes, clauses)
}

/// Metrics that are changes against last year (变动率): what a
/// 较上年下降/持平/上升 rule reads.
fn is_change_rate(m: MetricId) -> bool {
    matches!(
        m,
        MetricId::SangongChangeRate
            | MetricId::PerCapitaPublicExpenseChange
            | MetricId::GeneralExpenseChange
    )
}

/// Builds a rubric from a table read from `file`; `sheet` is kept as its layout.
pub fn from_table(
    file: &str,
    table: &RubricTable,
    sheet: Sheet,
    provenance: RubricSource,
    settings: &Settings,
) -> Rubric {
    from_table_cached(
        file,
        table,
        sheet,
        provenance,
        settings,
        &mut RuleCache::default(),
    )
}

/// [`from_table`] reusing the rules already read by `cache`.
pub fn from_table_cached(
    file: &str,
    table: &RubricTable,
    sheet: Sheet,
    provenance: RubricSource,
    settings: &Settings,
    cache: &mut RuleCache,
) -> Rubric {
    let mut warnings = Vec::new();
    let data: Vec<&TableRow> = table
        .rows
        .iter()
        .filter(|r| !r.is_total && r.max.is_some())
        .collect();
    let mut rows = Vec::new();
    for (i, r) in data.iter().enumerate() {
        let max = r.max.unwrap_or_default();
        let same = |j: Option<usize>| {
            j.and_then(|j| data.get(j))
                .is_some_and(|o| o.name == r.name && o.level1 == r.level1)
        };
        let sub_point = same(i.checked_sub(1)) || same(Some(i + 1));
        let ReadRule {
            name,
            metric,
            rule,
            origin,
            notes,
            clauses,
            full_if_not_applicable,
        } = cache.read(r, max, sub_point, settings);
        if let Some(top) = rule.top_points()
            && top > max
        {
            warnings.push(Warning::new(
                WarningKind::Rubric,
                format!(
                    "「{name}」（第{}行）的评分规则最高给{}分，超过该项分值{}分，评分时按分值封顶",
                    r.row + 1,
                    crate::base::format::num(top),
                    crate::base::format::num(max)
                ),
            ));
        }
        let mut built = RubricRow {
            key: RowKey {
                sheet: table.sheet.clone(),
                row: r.row,
            },
            level1: r.level1.clone(),
            level2: r.level2.clone(),
            name,
            sub_point: sub_point.then(|| r.standard.clone()),
            standard: if r.standard.is_empty() {
                r.content.clone()
            } else {
                r.standard.clone()
            },
            max,
            metric,
            rule,
            origin,
            rule_notes: notes,
            rule_clauses: clauses,
            full_if_not_applicable,
            self_score: r.self_score,
            source_row: Some(r.row),
            self_score_col: r.self_score.and(table.columns.self_score),
        };
        if let Some(o) = settings.override_for(&built.name) {
            apply_override(&mut built, o);
        }
        rows.push(built);
    }
    let mut rubric = Rubric {
        title: table.sheet.clone(),
        source: file.to_string(),
        rows,
        provenance,
        warnings: Vec::new(),
        layout: (!is_template_layout(&sheet, table.header_row)).then(|| RubricLayout {
            sheet,
            columns: table.columns.clone(),
            header_row: table.header_row,
            first_data_row: table.first_data_row,
            total_rows: table
                .rows
                .iter()
                .filter(|r| r.is_total)
                .map(|r| r.row)
                .collect(),
        }),
        // Detected from the indicator names by the caller
        // (`family::detect`, which knows the families' data).
        family: crate::profile::family::Family::Department,
    };
    warnings.extend(
        check_points(&rubric, table)
            .into_iter()
            .map(|m| Warning::new(WarningKind::Rubric, m)),
    );
    rubric.warnings = warnings;
    rubric
}

/// Whether the sheet is the one `jixiao template` writes: its title line
/// and exactly its header.
fn is_template_layout(sheet: &Sheet, header_row: u32) -> bool {
    let texts: Vec<String> = (0..sheet.col_count())
        .map(|c| sheet.get(header_row, c).display())
        .filter(|t| !t.is_empty())
        .collect();
    header_row == 1 && sheet.get(0, 0).display() == TEMPLATE_TITLE && texts == TEMPLATE_HEADERS
}

/// The points must add up to the stated 一级/二级 subtotals and to the total.
fn check_points(rubric: &Rubric, table: &RubricTable) -> Vec<String> {
    let mut out = Vec::new();
    let rows_of = |pred: &dyn Fn(&TableRow) -> bool| -> Vec<&TableRow> {
        table
            .rows
            .iter()
            .filter(|r| !r.is_total && r.max.is_some() && pred(r))
            .collect()
    };
    let mut seen: Vec<(String, String)> = Vec::new();
    for r in table.rows.iter().filter(|r| !r.is_total) {
        for (level, stated, is_l1) in [
            (&r.level1, r.level1_points, true),
            (&r.level2, r.level2_points, false),
        ] {
            let Some(stated) = stated else { continue };
            let key = (
                r.level1.clone(),
                if is_l1 { String::new() } else { level.clone() },
            );
            if level.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let members = if is_l1 {
                rows_of(&|x: &TableRow| x.level1 == r.level1)
            } else {
                rows_of(&|x: &TableRow| x.level1 == r.level1 && x.level2 == *level)
            };
            let sum: Decimal = members.iter().filter_map(|x| x.max).sum();
            if sum != stated {
                let first = members.first().map_or(0, |x| x.row + 1);
                let last = members.last().map_or(0, |x| x.row + 1);
                out.push(format!(
                    "「{level}」标明{}分，但其下各行（第{first}–{last}行）分值合计{}分",
                    crate::base::format::num(stated),
                    crate::base::format::num(sum)
                ));
            }
        }
    }
    let total = rubric.total_points();
    let stated_total = table.rows.iter().filter(|r| r.is_total).find_map(|r| r.max);
    if let Some(stated) = stated_total
        && stated != total
    {
        out.push(format!(
            "评分表合计行标明{}分，但各行分值合计{}分",
            crate::base::format::num(stated),
            crate::base::format::num(total)
        ));
    } else if stated_total.is_none() && total != Decimal::ONE_HUNDRED {
        out.push(format!(
            "评分表各行分值合计{}分，不是100分",
            crate::base::format::num(total)
        ));
    }
    out
}

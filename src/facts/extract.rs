//! Label-based extraction: fields, long tables and wide two-level-header tables.

use rust_decimal::Decimal;

use super::tables::SheetTables;
use super::{Fact, FactOutcome, Facts};
use crate::base::number::{MoneyUnit, Parsed, parse_text};
use crate::base::text::{normalize_label, year_relative_variants};
use crate::base::{Location, Warning, WarningKind};
use crate::grid::{CellValue, NumFormat, Sheet, Workbook};
use crate::profile::{FactKind, FactSpec, Labels, Locator, Profile};

/// How far above a row label a column header may be.
const HEADER_REACH: u32 = 15;

/// Extracts every fact of a profile from a workbook.
///
/// Sheets that hold a rubric (名称含「评分」) are skipped.
pub fn extract(wb: &Workbook, profile: &Profile) -> Facts {
    let data_sheets: Vec<&Sheet> = wb
        .sheets
        .iter()
        .filter(|s| !s.name.contains("评分") && !s.name.contains("指标"))
        .filter(|s| !looks_like_rubric(s, profile))
        .collect();
    let mut facts = Facts::new(wb.file_name.clone(), profile);
    let known = |l: &str| is_field_label(profile, l);
    facts.department = find_text_field(&data_sheets, profile.name_labels(), &known);
    facts.year =
        find_text_field(&data_sheets, profile.year_labels(), &known).and_then(|y| first_year(&y));
    let stem = wb
        .file_name
        .rsplit_once('.')
        .map_or(wb.file_name.as_str(), |(s, _)| s);
    if facts.department.is_none() {
        let name: String = stem.chars().filter(|c| !c.is_ascii_digit()).collect();
        let name = name
            .trim_end_matches(['年', '度', '_', '-', ' '])
            .to_string();
        if !name.is_empty() {
            facts.warnings.push(Warning::new(
                WarningKind::Assumed,
                format!("未找到「单位名称」，按文件名取为「{name}」"),
            ));
            facts.department = Some(name);
        }
    }
    if facts.year.is_none()
        && let Some(y) = first_year(stem)
    {
        facts.warnings.push(Warning::new(
            WarningKind::Assumed,
            format!("未找到「评价年度」，按文件名取为 {y} 年"),
        ));
        facts.year = Some(y);
    }
    let tables: Vec<SheetTables> = data_sheets
        .iter()
        .map(|s| SheetTables::of(s, profile.tables()))
        .collect();
    let scope = Scope {
        tables: &tables,
        profile,
    };
    let inline: Vec<Vec<InlineField>> = data_sheets.iter().map(|s| inline_fields(s)).collect();
    for spec in profile.facts() {
        let outcome = extract_one(
            wb,
            &data_sheets,
            &scope,
            &inline,
            spec,
            facts.year,
            &mut facts.warnings,
        );
        facts.items.insert(spec.id, outcome);
    }
    facts
}

/// The tables of every data sheet, for facts read only in their own kind
/// of table.
struct Scope<'a> {
    tables: &'a [SheetTables],
    profile: &'a Profile,
}

impl Scope<'_> {
    /// Whether a row of a sheet may hold a value of a fact of table `kind`:
    /// it sits in a table of that kind, or in one of no known kind when the
    /// workbook has no table of that kind anywhere.
    fn admits(&self, sheet: usize, row: u32, kind: Option<usize>) -> bool {
        let Some(kind) = kind else {
            return true;
        };
        match self.tables.get(sheet).and_then(|t| t.block_at(row)) {
            Some(b) if b.kinds.contains(&kind) => true,
            Some(b) if b.kinds.is_empty() => !self.tables.iter().any(|t| t.has_kind(kind)),
            _ => false,
        }
    }

    /// The first row of the block holding a row (the row itself if blank).
    fn block_start(&self, sheet: usize, row: u32) -> u32 {
        self.tables
            .get(sheet)
            .and_then(|t| t.block_at(row))
            .map_or(row, |b| b.first_row)
    }

    /// The name of a fact's kind of table, for messages.
    fn kind_name(&self, kind: Option<usize>) -> Option<&str> {
        kind.and_then(|k| self.profile.tables().get(k))
            .map(|t| t.name.as_str())
    }
}

/// Rows searched for a rubric's header.
const RUBRIC_HEADER_ROWS: u32 = 20;

/// A rubric under another sheet name (Sheet6): a header row near the top
/// with a 分值 column and an indicator or 评分标准 column. Its 满意度 row is
/// an indicator, not the department's 满意度.
fn looks_like_rubric(sheet: &Sheet, profile: &Profile) -> bool {
    let h = profile.headers();
    (0..sheet.row_count().min(RUBRIC_HEADER_ROWS)).any(|r| {
        let labels: Vec<&str> = (0..sheet.row(r).len())
            .filter_map(|c| u16::try_from(c).ok())
            .map(|c| sheet.label(r, c))
            .filter(|l| !l.is_empty())
            .collect();
        labels.iter().any(|l| h.max.matches(l))
            && labels.iter().any(|l| {
                h.level3.matches(l)
                    || h.standard.matches(l)
                    || l.starts_with("一级指标")
                    || l.starts_with("三级指标")
            })
    })
}

/// The first plausible year (1990–2100) written in a text.
fn first_year(text: &str) -> Option<i32> {
    let t = crate::base::text::normalize_text(text);
    let digits: Vec<char> = t.chars().collect();
    digits.windows(4).enumerate().find_map(|(i, w)| {
        let before_ok = i
            .checked_sub(1)
            .and_then(|b| digits.get(b))
            .is_none_or(|c| !c.is_ascii_digit());
        let after_ok = digits
            .get(i.saturating_add(4))
            .is_none_or(|c| !c.is_ascii_digit());
        if before_ok && after_ok && w.iter().all(char::is_ascii_digit) {
            let y: i32 = w.iter().collect::<String>().parse().ok()?;
            (1990..=2100).contains(&y).then_some(y)
        } else {
            None
        }
    })
}

/// Whether a normalised label is one the profile reads as a field (a
/// fact's label, the name's or the year's).
fn is_field_label(profile: &Profile, label: &str) -> bool {
    profile.name_labels().matches(label)
        || profile.year_labels().matches(label)
        || profile
            .facts()
            .iter()
            .any(|f| matches!(&f.locator, Locator::Field(l) if l.matches(label)))
}

/// The text beside a label (or below it, when the label row is a header
/// row of field names: the cell to its right is another known label).
fn find_text_field(
    sheets: &[&Sheet],
    labels: &Labels,
    known: &dyn Fn(&str) -> bool,
) -> Option<String> {
    // A name is short; a pasted essay is cut, not printed whole.
    let shown = |v: &CellValue| crate::base::text::cut(v.display().trim(), 200);
    for sheet in sheets {
        for (r, c, v) in sheet.cells() {
            if matches!(v, CellValue::Text(_)) && labels.matches(sheet.label(r, c)) {
                let right = (c.saturating_add(1)..sheet.col_count())
                    .find(|cc| !sheet.get(r, *cc).is_empty());
                match right {
                    Some(cc) if known(sheet.label(r, cc)) => {
                        if let Some(rr) = (r.saturating_add(1)..r.saturating_add(4))
                            .find(|rr| !sheet.get(*rr, c).is_empty())
                        {
                            return Some(shown(sheet.get(rr, c)));
                        }
                    }
                    Some(cc) => return Some(shown(sheet.get(r, cc))),
                    None => {}
                }
            }
        }
    }
    None
}

/// A value cell found for a fact, before unit handling.
struct Candidate {
    sheet: usize,
    row: u32,
    col: u16,
    parsed: Parsed,
    /// Texts of the label and header cells, searched for a unit.
    context: Vec<String>,
}

fn ordered_sheets<'a>(sheets: &[&'a Sheet], spec: &FactSpec) -> Vec<(usize, &'a Sheet)> {
    let hinted = |s: &Sheet| spec.sheets.iter().any(|h| s.name.contains(h.as_str()));
    let mut first: Vec<(usize, &Sheet)> = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| hinted(s))
        .map(|(i, s)| (i, *s))
        .collect();
    // A table is searched only in its own kind of sheet when one exists:
    // a bare "合计" row means something else elsewhere.
    // A fact of a known kind of table is looked for everywhere: the kind of
    // each table decides, not the sheet's name.
    if first.is_empty() || matches!(spec.locator, Locator::Field(_)) || spec.table.is_some() {
        first.extend(
            sheets
                .iter()
                .enumerate()
                .filter(|(_, s)| !hinted(s))
                .map(|(i, s)| (i, *s)),
        );
    }
    first
}

fn extract_one(
    wb: &Workbook,
    sheets: &[&Sheet],
    scope: &Scope<'_>,
    inline: &[Vec<InlineField>],
    spec: &FactSpec,
    year: Option<i32>,
    warnings: &mut Vec<Warning>,
) -> FactOutcome {
    let mut candidates = Vec::new();
    for (i, sheet) in ordered_sheets(sheets, spec) {
        match &spec.locator {
            Locator::Field(labels) => {
                find_fields(sheet, i, labels, year, &inline[i], &mut candidates)
            }
            Locator::Table { rows, cols } => {
                let within = Within {
                    scope,
                    sheet: i,
                    kind: spec.table,
                };
                find_table(sheet, &within, rows, cols, year, &mut candidates);
            }
        }
    }
    let loc = |c: &Candidate| wb.location(sheets[c.sheet], c.row, c.col);
    let mut found: Vec<Fact> = Vec::new();
    for c in &candidates {
        if let Parsed::Number {
            value,
            percent,
            unit,
        } = &c.parsed
        {
            let sheet = sheets[c.sheet];
            found.push(to_fact(
                spec.kind,
                *value,
                *percent,
                *unit,
                sheet,
                c,
                loc(c),
            ));
        }
    }
    // Two cells with different values: the fact is in conflict, not
    // guessed (issue 8). The same value written twice is no conflict.
    let mut distinct: Vec<Fact> = Vec::new();
    for f in found {
        if distinct.iter().all(|d| d.value != f.value) {
            distinct.push(f);
        }
    }
    if distinct.len() > 1 {
        let listed: Vec<String> = distinct
            .iter()
            .map(|f| format!("{}={}", f.source.cell(), f.display(spec.kind)))
            .collect();
        let within = scope
            .kind_name(spec.table)
            .map(|n| format!("（均在{n}中）"))
            .unwrap_or_default();
        warnings.push(
            Warning::new(
                WarningKind::FactConflict,
                format!(
                    "「{}」有 {} 处取值不一致{within}：{}；未采用任何一处，请删去或改正多余的一处",
                    spec.name,
                    distinct.len(),
                    listed.join("，"),
                ),
            )
            .at(distinct[0].source.clone()),
        );
        return FactOutcome::Conflict { found: distinct };
    }
    if let Some(first) = distinct.pop() {
        return FactOutcome::Found(first);
    }
    match candidates.first() {
        Some(c) => match &c.parsed {
            Parsed::NotApplicable(text) => FactOutcome::NotApplicable {
                at: loc(c),
                text: text.clone(),
            },
            Parsed::Text(text) => FactOutcome::Invalid {
                at: loc(c),
                text: text.clone(),
            },
            _ => FactOutcome::Blank { label_at: loc(c) },
        },
        None => FactOutcome::Missing {
            tried: match &spec.locator {
                Locator::Field(labels) => labels.written().to_vec(),
                Locator::Table { rows, cols } => rows
                    .written()
                    .iter()
                    .take(3)
                    .flat_map(|r| {
                        cols.written()
                            .iter()
                            .take(3)
                            .map(move |c| format!("{r} × {c}"))
                    })
                    .collect(),
            },
        },
    }
}

fn to_fact(
    kind: FactKind,
    raw: Decimal,
    percent: bool,
    unit_in_text: Option<MoneyUnit>,
    sheet: &Sheet,
    c: &Candidate,
    source: Location,
) -> Fact {
    match kind {
        FactKind::Money => {
            let declared = unit_in_text
                .or_else(|| c.context.iter().find_map(|t| MoneyUnit::declared_in(t)))
                .or_else(|| unit_above(sheet, c.row));
            let (unit, note) = match declared {
                Some(u) => (u, None),
                None => (
                    MoneyUnit::Yuan,
                    Some("表中未注明金额单位，按元计".to_string()),
                ),
            };
            Fact {
                // Saturates instead of panicking on 7.9e27 万元; metrics then
                // report the value as out of range, naming this cell.
                value: raw.saturating_mul(unit.factor()),
                raw,
                unit: Some(unit),
                source,
                note,
            }
        }
        FactKind::Ratio => {
            // A number without `%` is ambiguous: say how it was taken.
            let what = if matches!(sheet.get(c.row, c.col), CellValue::Number(_)) {
                "单元格为常规数字"
            } else {
                "单元格为不带 % 的数字"
            };
            let shown = crate::base::format::num(raw);
            let (value, note) = if percent {
                (raw, None)
            } else if raw.abs() > Decimal::ONE {
                let value = raw.checked_div(Decimal::ONE_HUNDRED).unwrap_or(raw);
                let as_pct = crate::base::format::pct_short(value);
                (
                    value,
                    Some(format!("{what} {shown}，按百分数理解为 {as_pct}")),
                )
            } else {
                let as_pct = crate::base::format::pct_short(raw);
                (raw, Some(format!("{what} {shown}，按比例理解为 {as_pct}")))
            };
            Fact {
                value,
                raw,
                unit: None,
                source,
                note,
            }
        }
        FactKind::Count => Fact {
            value: raw,
            raw,
            unit: None,
            source,
            note: None,
        },
    }
}

/// The nearest `单位：万元` / `金额单位：元` declaration at or above a row.
fn unit_above(sheet: &Sheet, row: u32) -> Option<MoneyUnit> {
    (0..=row).rev().find_map(|r| {
        (0..sheet.col_count()).find_map(|c| {
            sheet
                .text(r, c)
                .filter(|t| t.contains("单位"))
                .and_then(MoneyUnit::declared_in)
        })
    })
}

/// A cell as the user sees it: a number formatted as a percentage is the
/// percentage shown (1.01 in `0.00%` is 101%; 95 in `0"%"` is 95%).
fn parse_cell(sheet: &Sheet, row: u32, col: u16) -> Parsed {
    let v = sheet.get(row, col);
    match v {
        CellValue::Empty => Parsed::Blank,
        CellValue::Number(d) => {
            let (value, percent) = match sheet.format(row, col) {
                NumFormat::Percent => (*d, true),
                NumFormat::PercentLiteral => (
                    d.checked_div(Decimal::ONE_HUNDRED)
                        .unwrap_or(*d)
                        .normalize(),
                    true,
                ),
                NumFormat::General | NumFormat::Date | NumFormat::Text => (*d, false),
            };
            Parsed::Number {
                value,
                percent,
                unit: None,
            }
        }
        CellValue::Text(t) => parse_text(t),
        CellValue::Bool(_) | CellValue::Error(_) => Parsed::Text(v.display()),
    }
}

/// Whether a column holds line numbers (a `行次` or `栏次` header above).
fn is_line_number_col(sheet: &Sheet, row: u32, col: u16) -> bool {
    (row.saturating_sub(HEADER_REACH)..row).any(|r| {
        let l = sheet.label(r, col);
        l == "行次" || l == "栏次"
    })
}

/// A text cell that holds a label and its value together (`在职人员81人`,
/// `编制人数：38人`), found once per sheet: the label part normalised, the
/// value part parsed.
struct InlineField {
    row: u32,
    col: u16,
    label: String,
    value: Parsed,
}

/// Every label-and-value cell of a sheet ([`split_inline`]).
fn inline_fields(sheet: &Sheet) -> Vec<InlineField> {
    sheet
        .cells()
        .filter_map(|(row, col, v)| {
            let CellValue::Text(t) = v else { return None };
            let (label, value) = split_inline(t.trim())?;
            let value = parse_text(value);
            if !matches!(value, Parsed::Number { .. }) {
                return None;
            }
            let label = normalize_label(label);
            (!label.is_empty()).then_some(InlineField {
                row,
                col,
                label,
                value,
            })
        })
        .collect()
}

/// Splits a short cell into a label and its value: `label：value`, or a
/// label followed by a number with a unit (`在职人员81人`, `年末结转和结余52.61万元`).
/// A sentence (longer than 40 characters, or with a number inside the
/// label part) is not split: "实有人数11人，其中：在职人员10人" names two things.
fn split_inline(text: &str) -> Option<(&str, &str)> {
    if text.is_empty() || text.chars().count() > 40 {
        return None;
    }
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let (label, value) = match text.find([':', '：']) {
        Some(i) => {
            let colon = text[i..].chars().next()?;
            (&text[..i], text.get(i.saturating_add(colon.len_utf8())..)?)
        }
        None => {
            const UNITS: [&str; 11] = [
                "人次", "人", "名", "个", "户", "万元", "千元", "亿元", "元", "%", "％",
            ];
            let unit = UNITS.iter().find(|u| text.ends_with(**u))?;
            let number = &text[..text.len().saturating_sub(unit.len())];
            let start = number
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_digit(*c) || matches!(c, '.' | ',' | '．' | '，'))
                .last()
                .map(|(i, _)| i)?;
            (&text[..start], &text[start..])
        }
    };
    let label = label.trim();
    let value = value.trim();
    if label.is_empty()
        || value.is_empty()
        || !value.chars().any(is_digit)
        // A year or a line number inside the label: a sentence, not a label.
        || label.chars().skip(4).any(is_digit)
        || label.contains(['，', ',', '。', '；', ';'])
    {
        return None;
    }
    Some((label, value))
}

/// Whether a normalised label cell is one of `labels`, directly or through
/// a year in front of it relative to the evaluation year (`2023年末在职人数`
/// is 在职人数 in 2023, 上年在职人数 in 2024, nothing in any other year).
fn label_matches(labels: &Labels, label: &str, year: Option<i32>) -> bool {
    labels.matches(label)
        || (label.starts_with(|c: char| c.is_ascii_digit())
            && year.is_some_and(|y| {
                year_relative_variants(label, y)
                    .iter()
                    .any(|v| labels.matches(v))
            }))
}

/// The text cells of `sheet` whose label is one of `labels`, row by row:
/// the cells [`label_matches`] (and [`column_label_matches`], the same test)
/// admits, found through the sheet's label index instead of comparing
/// every cell with every label. A year in front (`2023年决算数`) can only
/// match through [`year_relative_variants`], which needs a leading digit.
fn labelled_cells(sheet: &Sheet, labels: &Labels, year: Option<i32>) -> Vec<(u32, u16)> {
    let mut at: Vec<(u32, u16)> = labels
        .normalized()
        .iter()
        .flat_map(|l| sheet.cells_labelled(l).iter().copied())
        .collect();
    if let Some(y) = year {
        at.extend(sheet.digit_led_cells().iter().copied().filter(|(r, c)| {
            year_relative_variants(sheet.label(*r, *c), y)
                .iter()
                .any(|v| labels.matches(v))
        }));
    }
    at.sort_unstable();
    at.dedup();
    at
}

/// The first value cell in the three rows below a cell.
fn value_below(sheet: &Sheet, r: u32, c: u16) -> Option<u32> {
    (r.saturating_add(1)..r.saturating_add(4)).find(|rr| {
        matches!(
            parse_cell(sheet, *rr, c),
            Parsed::Number { .. } | Parsed::NotApplicable(_)
        )
    })
}

/// Label cells with the value to their right, or below them when the label
/// row is a header row of field names over a row of values (`编制数 | 在职人数`
/// over `38 | 37`): a label whose right neighbour is another label takes
/// the value below it, never that label. Cells holding a label and its
/// value together (`在职人员81人`) count too.
fn find_fields(
    sheet: &Sheet,
    index: usize,
    labels: &Labels,
    year: Option<i32>,
    inline: &[InlineField],
    out: &mut Vec<Candidate>,
) {
    let mut hits: Vec<(u32, u16, Option<&InlineField>)> = labelled_cells(sheet, labels, year)
        .into_iter()
        .map(|(r, c)| (r, c, None))
        .collect();
    hits.extend(
        inline
            .iter()
            .filter(|f| label_matches(labels, &f.label, year))
            .map(|f| (f.row, f.col, Some(f))),
    );
    hits.sort_by_key(|(r, c, _)| (*r, *c));
    for (r, c, inline) in hits {
        let label_text = sheet.text(r, c).unwrap_or_default().to_string();
        if let Some(f) = inline {
            out.push(Candidate {
                sheet: index,
                row: r,
                col: c,
                parsed: f.value.clone(),
                context: vec![label_text],
            });
            continue;
        }
        let right = (c.saturating_add(1)..sheet.col_count())
            .filter(|cc| sheet.merged_at(r, *cc).is_none_or(|m| m.first_col == *cc))
            .find(|cc| !sheet.get(r, *cc).is_empty() && !is_line_number_col(sheet, r, *cc));
        let at = match right {
            // The next cell is another label: a header row, the value is below.
            Some(cc) if matches!(parse_cell(sheet, r, cc), Parsed::Text(_)) => {
                Some(value_below(sheet, r, c).map_or((r, cc), |rr| (rr, c)))
            }
            Some(cc) => Some((r, cc)),
            // Nothing to the right: the value is below, and only a value
            // (the next label down is not this label's value).
            None => value_below(sheet, r, c).map(|rr| (rr, c)),
        };
        // No value: the label is blank. The cell beside it may be a 行次
        // number (年末结转和结余 | 59 | —), never this label's value.
        let (row, col) = at.unwrap_or((r, c.saturating_add(1)));
        out.push(Candidate {
            sheet: index,
            row,
            col,
            parsed: if at.is_some() {
                parse_cell(sheet, row, col)
            } else {
                Parsed::Blank
            },
            context: vec![label_text],
        });
    }
}

/// Whether a column header (or a period label standing for one) is one of
/// `cols`, also when it starts with a year: `2017-预算数` is `本年预算数` or
/// `上年预算数` relative to the evaluation year
/// ([`year_relative_variants`], shared with field labels).
fn column_label_matches(label: &str, cols: &Labels, year: Option<i32>) -> bool {
    cols.matches(label)
        || year.is_some_and(|y| {
            year_relative_variants(label, y)
                .iter()
                .any(|v| cols.matches(v))
        })
}

fn header_matches(sheet: &Sheet, r: u32, c: u16, cols: &Labels, year: Option<i32>) -> bool {
    if !matches!(sheet.shown(r, c), CellValue::Text(_)) {
        return false;
    }
    column_label_matches(sheet.shown_label(r, c), cols, year)
}

/// Where a table fact may be read: one sheet, limited to the tables of
/// the fact's kind.
struct Within<'a> {
    scope: &'a Scope<'a>,
    sheet: usize,
    kind: Option<usize>,
}

impl Within<'_> {
    fn admits(&self, row: u32) -> bool {
        self.scope.admits(self.sheet, row, self.kind)
    }

    fn block(&self, row: u32) -> u32 {
        self.scope.block_start(self.sheet, row)
    }
}

fn find_table(
    sheet: &Sheet,
    within: &Within<'_>,
    rows: &Labels,
    cols: &Labels,
    year: Option<i32>,
    out: &mut Vec<Candidate>,
) {
    let index = within.sheet;
    let hits: Vec<(u32, u16)> = labelled_cells(sheet, rows, None)
        .into_iter()
        // A title merged across the table ("三公经费") is not a row label.
        .filter(|(r, c)| {
            sheet
                .merged_at(*r, *c)
                .is_none_or(|m| m.last_col.saturating_sub(m.first_col) < 3)
        })
        .filter(|(r, _)| within.admits(*r))
        .collect();
    // One value per table: the first matching row label of each block wins.
    let mut done: Vec<u32> = Vec::new();
    for (r, c) in hits {
        let block = within.block(r);
        if done.contains(&block) {
            continue;
        }
        if let Some(cand) = long_crossing(sheet, index, r, c, cols, year, block)
            .or_else(|| wide_crossing(sheet, index, r, c, cols, year))
        {
            out.push(cand);
            done.push(block);
        }
    }
    // A table turned on its side: the periods (本年预算数, 2023年决算数) are
    // the rows and the items (合计, 公务接待费) the columns.
    let turned: Vec<(u32, u16)> = labelled_cells(sheet, cols, year)
        .into_iter()
        .filter(|(r, _)| within.admits(*r) && !done.contains(&within.block(*r)))
        .collect();
    for (r, c) in turned {
        let block = within.block(r);
        if done.contains(&block) {
            continue;
        }
        if let Some(cand) = turned_crossing(sheet, index, r, c, rows, block) {
            out.push(cand);
            done.push(block);
        }
    }
}

/// A turned table: period label at (r, c), item header above, a number at
/// the crossing (a text there is a header, not a value).
fn turned_crossing(
    sheet: &Sheet,
    index: usize,
    r: u32,
    c: u16,
    rows: &Labels,
    top: u32,
) -> Option<Candidate> {
    for hr in (r.saturating_sub(HEADER_REACH).max(top)..r).rev() {
        for hc in c.saturating_add(1)..sheet.col_count() {
            if !matches!(sheet.shown(hr, hc), CellValue::Text(_))
                || !rows.matches(sheet.shown_label(hr, hc))
            {
                continue;
            }
            let parsed = parse_cell(sheet, r, hc);
            if !matches!(parsed, Parsed::Number { .. }) {
                return None;
            }
            return Some(Candidate {
                sheet: index,
                row: r,
                col: hc,
                parsed,
                context: vec![
                    sheet.text(r, c).unwrap_or_default().to_string(),
                    sheet.shown(hr, hc).display(),
                ],
            });
        }
    }
    None
}

/// Whether a row label names a period only (本年, 上年度, 2023年), so that
/// with a column's sub-header it makes a column label ("2023年" + "预算数").
fn is_period(label: &str) -> bool {
    let digits = label.chars().take_while(char::is_ascii_digit).count();
    let rest = if digits == 4 {
        label[4..].trim_start_matches(['年', '度'])
    } else {
        ["本年度", "上年度", "本年", "上年", "本期", "上期"]
            .iter()
            .find_map(|p| label.strip_prefix(p))
            .unwrap_or(label)
    };
    rest.len() < label.len() && matches!(rest, "" | "数" | "金额")
}

/// Long layout: row label at (r, c), column header above (not above `top`,
/// the first row of its table), value at the crossing.
fn long_crossing(
    sheet: &Sheet,
    index: usize,
    r: u32,
    c: u16,
    cols: &Labels,
    year: Option<i32>,
    top: u32,
) -> Option<Candidate> {
    for hr in (r.saturating_sub(HEADER_REACH).max(top)..r).rev() {
        for hc in c.saturating_add(1)..sheet.col_count() {
            if header_matches(sheet, hr, hc, cols, year) {
                // A header merged over several columns names its first one.
                let col = sheet
                    .merged_at(hr, hc)
                    .map_or(hc, |m| m.first_col.max(c.saturating_add(1)));
                let label_text = sheet.text(r, c).unwrap_or_default().to_string();
                let header_text = sheet.shown(hr, hc).display();
                return Some(Candidate {
                    sheet: index,
                    row: r,
                    col,
                    parsed: parse_cell(sheet, r, col),
                    context: vec![label_text, header_text],
                });
            }
        }
    }
    None
}

/// Wide layout: the item is a header (often merged over 预算数/决算数), the
/// column is a sub-header below it, and the value is in the first data row.
fn wide_crossing(
    sheet: &Sheet,
    index: usize,
    r: u32,
    c: u16,
    cols: &Labels,
    year: Option<i32>,
) -> Option<Candidate> {
    // Without merge information (ODS), a header spans the empty cells to its right.
    let last_col = sheet.merged_at(r, c).map_or_else(
        || {
            (c.saturating_add(1)..sheet.col_count().min(c.saturating_add(5)))
                .take_while(|cc| sheet.get(r, *cc).is_empty())
                .last()
                .unwrap_or(c)
        },
        |m| m.last_col,
    );
    let first_sub_row = sheet
        .merged_at(r, c)
        .map_or(r, |m| m.last_row)
        .saturating_add(1);
    for sr in first_sub_row..first_sub_row.saturating_add(3) {
        for sc in c..=last_col {
            if !matches!(sheet.shown(sr, sc), CellValue::Text(_))
                || sheet
                    .merged_at(sr, sc)
                    .is_some_and(|m| m.first_row < sr && m.first_row <= r)
            {
                continue;
            }
            // Data rows below the sub-header; rows labelled by period
            // (本年 / 上年 / 2023年) take the period into the column label.
            for dr in sr.saturating_add(1)..sr.saturating_add(6) {
                let is_line_numbers = (0..sheet.col_count()).any(|cc| {
                    let l = sheet.label(dr, cc);
                    l == "栏次" || l == "行次"
                });
                if is_line_numbers || sheet.get(dr, sc).is_empty() {
                    continue;
                }
                let period = (0..c)
                    .rev()
                    .map(|cc| sheet.label(dr, cc))
                    .find(|l| !l.is_empty())
                    .filter(|l| is_period(l));
                let wanted = match period {
                    Some(p) => column_label_matches(
                        &format!("{p}{}", sheet.shown_label(sr, sc)),
                        cols,
                        year,
                    ),
                    None => header_matches(sheet, sr, sc, cols, year),
                };
                if !wanted {
                    continue;
                }
                let header_text = sheet.shown(r, c).display();
                let sub_text = sheet.shown(sr, sc).display();
                return Some(Candidate {
                    sheet: index,
                    row: dr,
                    col: sc,
                    parsed: parse_cell(sheet, dr, sc),
                    context: vec![header_text, sub_text],
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::FactId;
    use crate::grid::MergedRange;
    use rust_decimal_macros::dec;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn workbook(sheets: Vec<Sheet>) -> Workbook {
        Workbook {
            file_name: "测试.xlsx".into(),
            sheets,
            ..Workbook::default()
        }
    }

    fn value(facts: &Facts, id: FactId) -> Decimal {
        facts
            .get(id)
            .unwrap_or_else(|| panic!("{id:?}: {:?}", facts.items.get(&id)))
            .value
    }

    /// The label index finds exactly the cells the cell-by-cell test
    /// admits: every sheet of every shipped workbook, every label list of
    /// the built-in profile, with no year and with the years the samples
    /// are of (so that `2019年决算数` style labels match through a year),
    /// plus a sheet of year-led, duplicated and merged labels.
    #[test]
    fn the_label_index_finds_what_comparing_every_cell_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_workbooks");
        let mut books: Vec<Workbook> = Vec::new();
        for dir in [root.clone(), root.join("rubrics")] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "xlsx") {
                    books.push(crate::grid::read_workbook(&path).unwrap());
                }
            }
        }
        assert!(books.len() >= 8);
        let mut made = Sheet::new("年度");
        for (r, t) in [
            "2019年决算数",
            "2018年决算数",
            "预算数",
            "2019-预算数",
            "预算数",
            "2019",
        ]
        .iter()
        .enumerate()
        {
            made.set(u32::try_from(r).unwrap(), 0, text(t));
            made.set(u32::try_from(r).unwrap(), 2, text(t));
        }
        books.push(workbook(vec![made]));
        let profile = crate::profile::Profile::builtin();
        let mut lists: Vec<&Labels> = Vec::new();
        for spec in profile.facts() {
            match &spec.locator {
                Locator::Field(l) => lists.push(l),
                Locator::Table { rows, cols } => {
                    lists.push(rows);
                    lists.push(cols);
                }
            }
        }
        let mut found = 0;
        for wb in &books {
            for sheet in &wb.sheets {
                for labels in &lists {
                    for year in [None, Some(2019), Some(2020), Some(2023)] {
                        let naive: Vec<(u32, u16)> = sheet
                            .cells()
                            .filter(|(r, c, v)| {
                                matches!(v, CellValue::Text(_))
                                    && label_matches(labels, sheet.label(*r, *c), year)
                            })
                            .map(|(r, c, _)| (r, c))
                            .collect();
                        assert_eq!(
                            labelled_cells(sheet, labels, year),
                            naive,
                            "{} / {} / {year:?}",
                            wb.file_name,
                            sheet.name
                        );
                        found += naive.len();
                    }
                }
            }
        }
        assert!(found > 500, "{found}");
    }

    #[test]
    fn fields_with_units_and_labels_variants() {
        let mut s = Sheet::new("基本情况");
        s.set(0, 0, text("单位名称"));
        s.set(0, 1, text("某县财政局"));
        s.set(1, 0, text("评价年度"));
        s.set(1, 1, text("2024年"));
        s.set(2, 0, text("编制数（人）"));
        s.set(2, 1, CellValue::Number(dec!(38)));
        s.set(3, 0, text("实有在职人数"));
        s.set(3, 2, text("３７人"));
        s.set(4, 0, text("服务对象满意度"));
        s.set(4, 1, text("92%"));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(facts.department.as_deref(), Some("某县财政局"));
        assert_eq!(facts.year, Some(2024));
        assert_eq!(value(&facts, FactId::StaffAuthorized), dec!(38));
        assert_eq!(value(&facts, FactId::StaffActual), dec!(37));
        assert_eq!(
            facts.get(FactId::StaffActual).unwrap().source.cell(),
            "基本情况!C4"
        );
        assert_eq!(value(&facts, FactId::Satisfaction), dec!(0.92));
    }

    /// A numeric cell is read as shown: its number format decides whether
    /// 1.01 is 1.01% or 101%; a bare number says how it was taken.
    #[test]
    fn rates_follow_the_number_format() {
        let mut s = Sheet::new("其他财务数据");
        s.set(0, 0, text("既定支付进度"));
        s.set(0, 1, CellValue::Number(dec!(0.95)));
        s.set(1, 0, text("实际支付进度"));
        s.set(1, 1, CellValue::Number(dec!(1.01)));
        s.set_format(1, 1, NumFormat::Percent);
        s.set(2, 0, text("服务对象满意度"));
        s.set(2, 1, CellValue::Number(dec!(96.5)));
        s.set_format(2, 1, NumFormat::PercentLiteral);
        let facts = extract(&workbook(vec![s.clone()]), &Profile::builtin());
        let paid = facts.get(FactId::PaymentActual).unwrap();
        assert_eq!(
            (paid.value, paid.raw, paid.note.as_deref()),
            (dec!(1.01), dec!(1.01), None)
        );
        let satisfaction = facts.get(FactId::Satisfaction).unwrap();
        assert_eq!(
            (satisfaction.value, satisfaction.note.as_deref()),
            (dec!(0.965), None)
        );
        let planned = facts.get(FactId::PaymentPlanned).unwrap();
        assert_eq!(planned.value, dec!(0.95));
        assert_eq!(
            planned.note.as_deref(),
            Some("单元格为常规数字 0.95，按比例理解为 95%")
        );
        // The same 1.01 without the format is taken as 1.01%, and says so.
        s.set_format(1, 1, NumFormat::General);
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        let paid = facts.get(FactId::PaymentActual).unwrap();
        assert_eq!(paid.value, dec!(0.0101));
        assert_eq!(
            paid.note.as_deref(),
            Some("单元格为常规数字 1.01，按百分数理解为 1.01%")
        );
    }

    #[test]
    fn accounting_negative_money() {
        let mut s = Sheet::new("其他财务数据");
        s.set(0, 0, text("单位：元"));
        s.set(1, 0, text("一般性支出本年数"));
        s.set(1, 1, text("（35.60）"));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::GeneralExpense), dec!(-35.6));
    }

    /// 基本情况 as a header row of field names over a row of values.
    #[test]
    fn values_below_a_header_row_of_labels() {
        let mut s = Sheet::new("基本情况");
        for (c, h) in ["单位名称", "编制数（人）", "在职人数（人）", "离退休人数"]
            .iter()
            .enumerate()
        {
            s.set(2, c as u16, text(h));
        }
        s.set(3, 0, text("某县统计局"));
        s.set(3, 1, CellValue::Number(dec!(38)));
        s.set(3, 2, CellValue::Number(dec!(37)));
        s.set(3, 3, CellValue::Number(dec!(12)));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(facts.department.as_deref(), Some("某县统计局"));
        assert_eq!(value(&facts, FactId::StaffAuthorized), dec!(38));
        let actual = facts.get(FactId::StaffActual).unwrap();
        assert_eq!(actual.value, dec!(37));
        assert_eq!(actual.source.cell(), "基本情况!C4");
    }

    /// A label beside a text that is not a value, with nothing below, is
    /// still the invalid value it was (not a value taken from elsewhere).
    #[test]
    fn text_beside_a_label_without_values_below_stays_invalid() {
        let mut s = Sheet::new("基本情况");
        s.set(0, 0, text("编制数"));
        s.set(0, 1, text("待核定"));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert!(matches!(
            facts.items.get(&FactId::StaffAuthorized),
            Some(FactOutcome::Invalid { .. })
        ));
    }

    /// "2023年末在职人数" is 本年 in 2023, "2022年末在职人数" is 上年, and a
    /// 上年 label never feeds the 本年 fact.
    #[test]
    fn year_prefixed_field_labels() {
        let mut s = Sheet::new("基本情况");
        s.set(0, 0, text("评价年度"));
        s.set(0, 1, text("2023年度"));
        s.set(1, 0, text("2023年度编制数（名）"));
        s.set(1, 1, CellValue::Number(dec!(21)));
        s.set(2, 0, text("2022年末在职人数"));
        s.set(2, 1, CellValue::Number(dec!(19)));
        s.set(3, 0, text("2023年末在职人数（人）"));
        s.set(3, 1, CellValue::Number(dec!(20)));
        s.set(4, 0, text("2021年末在职人数"));
        s.set(4, 1, CellValue::Number(dec!(99)));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::StaffAuthorized), dec!(21));
        assert_eq!(value(&facts, FactId::StaffActual), dec!(20));
        assert_eq!(value(&facts, FactId::StaffActualPrev), dec!(19));
        assert!(
            facts
                .warnings
                .iter()
                .all(|w| w.kind != WarningKind::FactConflict),
            "{:?}",
            facts.warnings
        );
    }

    /// Without an evaluation year a year-prefixed label is not guessed.
    #[test]
    fn year_prefixed_label_without_a_year_is_not_read() {
        let mut s = Sheet::new("基本情况");
        s.set(0, 0, text("2022年末在职人数"));
        s.set(0, 1, CellValue::Number(dec!(19)));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert!(facts.get(FactId::StaffActual).is_none());
        assert!(facts.get(FactId::StaffActualPrev).is_none());
    }

    #[test]
    fn label_and_value_in_one_cell() {
        let mut s = Sheet::new("单位概况");
        s.set(0, 0, text("在职人员81人"));
        s.set(1, 0, text("编制人数：９０名"));
        s.set(2, 0, text("实有人数11人，其中：在职人员10人"));
        s.set(3, 0, text("年末结转和结余：52.61万元"));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        let f = facts.get(FactId::StaffActual).unwrap();
        assert_eq!(f.value, dec!(81));
        assert_eq!(f.source.cell(), "单位概况!A1");
        assert_eq!(value(&facts, FactId::StaffAuthorized), dec!(90));
        assert_eq!(value(&facts, FactId::CarryoverTotal), dec!(526100));
        assert!(facts.warnings.iter().all(|w| !w.message.contains("在职")));
    }

    /// 收入支出决算总表 (公开01表): an empty 年末结转和结余 beside its 行次
    /// number is blank, never 59.
    #[test]
    fn line_number_beside_an_empty_field_is_not_its_value() {
        let mut s = Sheet::new("收入支出决算总表");
        s.set(0, 0, text("项目"));
        s.set(0, 1, text("行次"));
        s.set(0, 2, text("金额"));
        s.set(1, 0, text("年末结转和结余"));
        s.set(1, 1, CellValue::Number(dec!(59)));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert!(matches!(
            facts.items.get(&FactId::CarryoverTotal),
            Some(FactOutcome::Blank { .. })
        ));
    }

    #[test]
    fn inline_split_rules() {
        assert_eq!(split_inline("在职人员81人"), Some(("在职人员", "81人")));
        assert_eq!(split_inline("编制人数：38"), Some(("编制人数", "38")));
        assert_eq!(
            split_inline("2023年末在职人数37人"),
            Some(("2023年末在职人数", "37人"))
        );
        assert_eq!(split_inline("37人"), None);
        assert_eq!(split_inline("表3"), None);
        assert_eq!(split_inline("实有人数11人，其中：在职人员10人"), None);
        assert_eq!(split_inline("单位：万元"), None);
    }

    #[test]
    fn missing_fact_lists_labels_tried() {
        let facts = extract(&workbook(vec![Sheet::new("空表")]), &Profile::builtin());
        match facts.items.get(&FactId::StaffAuthorized) {
            Some(FactOutcome::Missing { tried }) => assert!(tried.contains(&"编制数".to_string())),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_table_in_wan_yuan_skips_line_numbers() {
        let mut s = Sheet::new("预算执行");
        s.set(0, 0, text("单位：万元"));
        s.set(1, 0, text("项目"));
        s.set(1, 1, text("行次"));
        s.set(1, 2, text("全年预算数"));
        s.set(1, 3, text("全年执行数"));
        s.set(2, 0, text("支出合计"));
        s.set(2, 1, CellValue::Number(dec!(1)));
        s.set(2, 2, CellValue::Number(dec!(3908.9432)));
        s.set(2, 3, text("27,133.4828"));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        let f = facts.get(FactId::TotalExecuted).unwrap();
        assert_eq!(f.value, dec!(271334828));
        assert_eq!(f.raw, dec!(27133.4828));
        assert_eq!(f.unit, Some(MoneyUnit::WanYuan));
        assert_eq!(f.source.cell(), "预算执行!D3");
        assert_eq!(value(&facts, FactId::TotalBudget), dec!(39089432));
    }

    /// The official 决算 三公 table: one data row under a two-level header.
    #[test]
    fn wide_sangong_table_with_merged_headers() {
        let mut s = Sheet::new("三公经费决算表");
        s.set(0, 0, text("一般公共预算财政拨款“三公”经费支出决算表"));
        s.set(1, 0, text("单位：元"));
        for (c, h) in [(0, "合计"), (2, "因公出国（境）费"), (4, "公务接待费")] {
            s.set(2, c, text(h));
            s.merged.push(MergedRange {
                first_row: 2,
                first_col: c,
                last_row: 2,
                last_col: c + 1,
            });
            s.set(3, c, text("预算数"));
            s.set(3, c + 1, text("决算数"));
        }
        s.set(4, 0, text("栏次"));
        s.set(4, 1, CellValue::Number(dec!(1)));
        for (c, v) in [
            (0, dec!(98701)),
            (1, dec!(90000)),
            (4, dec!(98701)),
            (5, dec!(90000)),
        ] {
            s.set(5, c, CellValue::Number(v));
        }
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::SangongBudget), dec!(98701));
        let actual = facts.get(FactId::SangongActual).unwrap();
        assert_eq!(actual.value, dec!(90000));
        assert_eq!(actual.source.cell(), "三公经费决算表!B6");
    }

    #[test]
    fn year_prefixed_headers() {
        let mut s = Sheet::new("三公经费");
        s.set(0, 0, text("评价年度"));
        s.set(0, 1, CellValue::Number(dec!(2017)));
        s.set(1, 1, text("2016-执行数"));
        s.set(1, 2, text("2017-预算数"));
        s.set(2, 0, text("一、支出合计"));
        s.set(2, 1, CellValue::Number(dec!(100)));
        s.set(2, 2, CellValue::Number(dec!(80)));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::SangongBudget), dec!(80));
        assert_eq!(value(&facts, FactId::SangongActualPrev), dec!(100));
    }

    #[test]
    fn conflicting_duplicates_are_a_conflict_not_a_guess() {
        let mut a = Sheet::new("基本情况");
        a.set(0, 0, text("编制数"));
        a.set(0, 1, CellValue::Number(dec!(38)));
        let mut b = Sheet::new("基本数字表");
        b.set(3, 0, text("编制数"));
        b.set(3, 1, CellValue::Number(dec!(40)));
        let facts = extract(&workbook(vec![a, b]), &Profile::builtin());
        match facts.items.get(&FactId::StaffAuthorized) {
            Some(FactOutcome::Conflict { found }) => {
                let cells: Vec<String> = found.iter().map(|f| f.source.cell()).collect();
                assert_eq!(cells, ["基本情况!B1", "基本数字表!B4"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            facts.why_missing(FactId::StaffAuthorized),
            "「编制数」有 2 处取值不一致（基本情况!B1=38，基本数字表!B4=40），请删去或改正多余的一处"
        );
        assert!(
            facts
                .warnings
                .iter()
                .any(|w| w.message.contains("基本情况!B1=38") && w.message.contains("未采用")),
            "{:?}",
            facts.warnings
        );
    }

    #[test]
    fn the_same_value_twice_is_no_conflict() {
        let mut a = Sheet::new("基本情况");
        a.set(0, 0, text("编制数"));
        a.set(0, 1, CellValue::Number(dec!(38)));
        let mut b = Sheet::new("基本数字表");
        b.set(3, 0, text("编制数（人）"));
        b.set(3, 1, text("38"));
        let facts = extract(&workbook(vec![a, b]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::StaffAuthorized), dec!(38));
        assert!(
            facts
                .warnings
                .iter()
                .all(|w| w.kind != WarningKind::FactConflict)
        );
    }

    fn num(v: Decimal) -> CellValue {
        CellValue::Number(v)
    }

    /// A long table without a title: a unit line, a header row, and rows
    /// whose column `c` (1…4) holds the row's base value + c.
    fn long_table(name: &str, unit: &str, header: [&str; 5], rows: &[(&str, Decimal)]) -> Sheet {
        let mut s = Sheet::new(name);
        s.set(0, 0, text(unit));
        for (c, h) in (0u16..).zip(header) {
            s.set(1, c, text(h));
        }
        for (r, (label, base)) in (2u32..).zip(rows) {
            s.set(r, 0, text(label));
            for c in 1..=4u16 {
                s.set(r, c, num(*base + Decimal::from(c)));
            }
        }
        s
    }

    /// Our template's content on Sheet1…Sheet5: the 三公 table is found by
    /// its rows, and the budget table's 支出合计 never feeds 三公 (it used to
    /// give a 三公经费变动率 of 58052%).
    #[test]
    fn sheets_without_names_are_recognised_by_their_rows() {
        let budget = long_table(
            "Sheet2",
            "单位：万元",
            [
                "项目",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "上年执行数",
            ],
            &[
                ("支出合计", dec!(780)),
                ("基本支出", dec!(510)),
                ("其中：人员经费", dec!(430)),
                ("其中：公用经费", dec!(80)),
                ("项目支出", dec!(270)),
            ],
        );
        let sangong = long_table(
            "Sheet4",
            "单位：元",
            [
                "项目",
                "本年预算数",
                "本年决算数",
                "上年预算数",
                "上年决算数",
            ],
            &[
                ("合计", dec!(42000)),
                ("因公出国（境）费", dec!(0)),
                ("公务用车购置及运行费", dec!(30000)),
                ("公务接待费", dec!(12000)),
            ],
        );
        let facts = extract(
            &workbook(vec![
                Sheet::new("Sheet1"),
                budget,
                Sheet::new("Sheet3"),
                sangong,
            ]),
            &Profile::builtin(),
        );
        assert_eq!(value(&facts, FactId::SangongBudget), dec!(42001));
        assert_eq!(value(&facts, FactId::SangongActual), dec!(42002));
        assert_eq!(value(&facts, FactId::SangongBudgetPrev), dec!(42003));
        assert_eq!(value(&facts, FactId::SangongActualPrev), dec!(42004));
        // 支出合计 全年预算数 781 万元.
        assert_eq!(value(&facts, FactId::TotalBudget), dec!(7820000));
        assert_eq!(
            facts.get(FactId::TotalBudget).unwrap().source.cell(),
            "Sheet2!C3"
        );
    }

    /// One sheet with the budget table and, below it, the 三公 table with
    /// its own "（一）支出合计" row: each 合计 feeds only its own table's facts.
    #[test]
    fn a_total_row_belongs_to_the_table_it_sits_in() {
        let mut s = Sheet::new("决算报表");
        s.set(0, 0, text("收入支出决算表"));
        s.set(1, 0, text("项目"));
        s.set(1, 1, text("全年预算数"));
        s.set(1, 2, text("全年执行数"));
        s.set(2, 0, text("支出合计"));
        s.set(2, 1, num(dec!(5000)));
        s.set(2, 2, num(dec!(4900)));
        s.set(3, 0, text("项目支出"));
        s.set(3, 1, num(dec!(2000)));
        s.set(3, 2, num(dec!(1900)));
        s.set(5, 0, text("“三公”经费支出情况表"));
        s.set(6, 0, text("项目"));
        s.set(6, 1, text("预算数"));
        s.set(6, 2, text("决算数"));
        s.set(7, 0, text("（一）支出合计"));
        s.set(7, 1, num(dec!(60)));
        s.set(7, 2, num(dec!(55)));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::TotalBudget), dec!(5000));
        assert_eq!(value(&facts, FactId::TotalExecuted), dec!(4900));
        assert_eq!(value(&facts, FactId::SangongBudget), dec!(60));
        assert_eq!(value(&facts, FactId::SangongActual), dec!(55));
        assert!(
            facts
                .warnings
                .iter()
                .all(|w| w.kind != WarningKind::FactConflict)
        );
    }

    /// The official wide table with one row per year under the two-level
    /// header: 本年 and 上年 are told apart by the row labels.
    #[test]
    fn wide_sangong_table_with_year_rows() {
        let mut s = Sheet::new("三公经费");
        s.set(0, 0, text("评价年度"));
        s.set(0, 1, num(dec!(2023)));
        s.set(2, 0, text("年度"));
        for (c, h) in [(1, "合计"), (3, "公务接待费")] {
            s.set(2, c, text(h));
            s.merged.push(MergedRange {
                first_row: 2,
                first_col: c,
                last_row: 2,
                last_col: c + 1,
            });
            s.set(3, c, text("预算数"));
            s.set(3, c + 1, text("决算数"));
        }
        for (r, label, vals) in [
            (4, "2023年", [dec!(42000), dec!(39800)]),
            (5, "2022年", [dec!(45000), dec!(44100)]),
        ] {
            s.set(r, 0, text(label));
            s.set(r, 1, num(vals[0]));
            s.set(r, 2, num(vals[1]));
        }
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::SangongBudget), dec!(42000));
        assert_eq!(value(&facts, FactId::SangongActual), dec!(39800));
        assert_eq!(value(&facts, FactId::SangongBudgetPrev), dec!(45000));
        assert_eq!(value(&facts, FactId::SangongActualPrev), dec!(44100));
        assert_eq!(
            facts.get(FactId::SangongBudgetPrev).unwrap().source.cell(),
            "三公经费!B6"
        );
    }

    /// Periods as rows, items as columns.
    #[test]
    fn turned_sangong_table() {
        let mut s = Sheet::new("Sheet1");
        s.set(0, 0, text("“三公”经费情况"));
        s.set(1, 0, text("项目"));
        for (c, h) in [
            "合计",
            "因公出国（境）费",
            "公务用车购置及运行费",
            "公务接待费",
        ]
        .iter()
        .enumerate()
        {
            s.set(1, c as u16 + 1, text(h));
        }
        for (r, label, total) in [
            (2, "本年预算数", dec!(10)),
            (3, "本年决算数", dec!(9)),
            (4, "上年预算数", dec!(12)),
            (5, "上年决算数", dec!(11)),
        ] {
            s.set(r, 0, text(label));
            s.set(r, 1, num(total));
            s.set(r, 4, num(total - dec!(1)));
        }
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert_eq!(value(&facts, FactId::SangongBudget), dec!(10));
        assert_eq!(value(&facts, FactId::SangongActual), dec!(9));
        assert_eq!(value(&facts, FactId::SangongBudgetPrev), dec!(12));
        assert_eq!(value(&facts, FactId::SangongActualPrev), dec!(11));
    }

    /// A 千元 table: a thousand 元 per unit, never "按元计".
    #[test]
    fn thousand_yuan_tables() {
        let mut s = Sheet::new("预算执行");
        s.set(0, 0, text("金额单位：千元"));
        s.set(1, 0, text("项目"));
        s.set(1, 1, text("全年预算数"));
        s.set(2, 0, text("支出合计"));
        s.set(2, 1, num(dec!(3908.9)));
        s.set(3, 0, text("基本支出"));
        s.set(3, 1, num(dec!(100)));
        s.set(4, 0, text("项目支出"));
        s.set(4, 1, num(dec!(200)));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        let f = facts.get(FactId::TotalBudget).unwrap();
        assert_eq!(f.value, dec!(3908900));
        assert_eq!(f.unit, Some(MoneyUnit::QianYuan));
        assert_eq!(f.note, None);
    }

    #[test]
    fn period_labels() {
        for yes in ["本年", "上年度", "2023年", "2022年度", "2023", "本年数"] {
            assert!(is_period(yes), "{yes}");
        }
        for no in ["合计", "本年预算数", "2023年预算数", "年度", "上年结转"] {
            assert!(!is_period(no), "{no}");
        }
    }

    #[test]
    fn not_applicable_text_is_not_zero() {
        let mut s = Sheet::new("其他财务数据");
        s.set(0, 0, text("政府采购预算数"));
        s.set(0, 1, text("单位不需填列"));
        let facts = extract(&workbook(vec![s]), &Profile::builtin());
        assert!(matches!(
            facts.items.get(&FactId::ProcurementBudget),
            Some(FactOutcome::NotApplicable { .. })
        ));
    }

    #[test]
    fn year_and_name_from_file_name() {
        let mut wb = workbook(vec![Sheet::new("x")]);
        wb.file_name = "桃江县医疗保障局2019.xlsx".into();
        let facts = extract(&wb, &Profile::builtin());
        assert_eq!(facts.year, Some(2019));
        assert_eq!(facts.department.as_deref(), Some("桃江县医疗保障局"));
    }
}

//! One department, end to end: what `score` and `check` call today and
//! `batch` will call for every workbook.
//!
//! The rubric is read once by the caller and passed in by reference: a batch
//! scores every department against the same [`Rubric`] value and never
//! writes one department's self-scores into it (they travel beside it, one
//! entry per row).

use std::panic::{AssertUnwindSafe, catch_unwind};

use rust_decimal::Decimal;

use crate::base::{Location, Warning, WarningKind};
use crate::config::Settings;
use crate::facts::{Facts, extract};
use crate::family::facts::FamilyFacts;
use crate::family::{Family, kaohe, xiangmu};
use crate::grid::Workbook;
use crate::metrics::{Metrics, evaluate_on};
use crate::rubric::{self, Rubric, RubricSource, matching};
use crate::score::{Finding, RowOverride, Scorecard, score_with};

/// Everything scoring one department produced.
#[derive(Debug, Clone)]
pub struct Scored {
    pub facts: Facts,
    pub metrics: Metrics,
    pub card: Scorecard,
    /// The family's own facts, for a rubric of a family other than 部门整体
    /// (DESIGN §2.6).
    pub family_facts: Option<FamilyFacts>,
    /// A 项目 family workbook's funds and targets.
    pub project: Option<xiangmu::ProjectData>,
}

/// Why one department could not be scored. The others of a batch go on.
#[derive(Debug, thiserror::Error)]
pub enum DeptError {
    /// Not one fact label was found and the rubric carries no self-score: this is
    /// not a department workbook, and ranking it at 0 points would be
    /// confidently wrong.
    #[error("「{file}」未读取到任何部门数据{}，未评分", no_data_detail(*.labels_found))]
    NoData { file: String, labels_found: usize },
    /// jixiao's own output given as input: scoring it again would read our
    /// own numbers as the department's.
    #[error(
        "「{file}」是 jixiao 生成的{what}，不是部门数据表，不能再次评分：请改用部门原始数据表；汇总审核后的评分结果请用 jixiao aggregate"
    )]
    OwnOutput { file: String, what: &'static str },
    /// A stage failed on this department's data in a way the code did not
    /// foresee (a bug): caught so that it costs one department, not a batch.
    #[error("「{file}」评分时出现内部错误（{message}），请将该文件反馈给开发者")]
    Internal { file: String, message: String },
}

fn no_data_detail(labels_found: usize) -> String {
    if labels_found == 0 {
        "：没有找到任何数据标签，评分表中也没有自评得分（可运行 jixiao check 查看试过的标签）"
            .into()
    } else {
        format!(
            "：找到 {labels_found} 个数据标签，但都没有填写数值，评分表中也没有自评得分，像是未填写的模板（可运行 jixiao check 查看）"
        )
    }
}

/// What jixiao output a workbook is, if it is one: a scored workbook
/// carries the `_jixiao` record sheet, a batch 汇总 its own sheets.
fn own_output(wb: &Workbook) -> Option<&'static str> {
    if wb.sheet(crate::report::record::SHEET).is_some() {
        Some("评分结果")
    } else if wb.sheet("指标得分明细").is_some() && wb.sheet("问题清单").is_some() {
        Some("批量评分汇总")
    } else {
        None
    }
}

/// The rubric a department is scored with when no rubric file is given:
/// the workbook's own 评分表 sheet, else the built-in default (with a note
/// when a 评分表 sheet was there but could not be read).
pub fn department_rubric(wb: &Workbook, settings: &Settings) -> Rubric {
    department_rubric_cached(wb, settings, &mut rubric::build::RuleCache::default())
}

/// [`department_rubric`] reusing the rules `cache` has already read (a
/// batch worker keeps one for all its departments).
pub fn department_rubric_cached(
    wb: &Workbook,
    settings: &Settings,
    cache: &mut rubric::build::RuleCache,
) -> Rubric {
    if let Some(mut found) = rubric::build::from_department_cached(wb, settings, cache) {
        found.family = settings
            .family
            .unwrap_or_else(|| crate::family::detect(&found.rows));
        return found;
    }
    // `--family 考核`, or a workbook holding the 考核 data sheet, and no
    // rubric: that family's default rubric.
    let kaohe_data = crate::family::kaohe_spec().is_ok_and(|s| wb.sheet(&s.data_sheet).is_some());
    let xiangmu_data = xiangmu::spec().is_ok_and(|s| wb.sheet(&s.funds_sheet).is_some());
    let wanted = settings.family.or(if xiangmu_data {
        Some(Family::Xiangmu)
    } else if kaohe_data {
        Some(Family::Kaohe)
    } else {
        None
    });
    let default = match wanted {
        Some(Family::Kaohe) => kaohe::default_rubric().ok(),
        Some(Family::Xiangmu) => xiangmu::default_rubric().ok(),
        _ => None,
    };
    if let Some(r) = default {
        return r;
    }
    let mut rubric = rubric::build::default_with(settings);
    if let Some(sheet) = rubric::read::rubric_sheets(wb).next()
        && let Err(e) = rubric::read::read_table(wb, sheet, &settings.profile)
    {
        rubric.warnings.push(Warning::new(
            WarningKind::Rubric,
            format!(
                "部门数据中的「{}」工作表未能作为评分表读取（{e}），已改用内置默认评分表",
                sheet.name
            ),
        ));
    }
    rubric
}

/// Scores one department workbook against a rubric.
///
/// # Errors
/// [`DeptError::Internal`] when a stage panics on this workbook.
pub fn score_one(wb: &Workbook, rubric: &Rubric, settings: &Settings) -> Result<Scored, DeptError> {
    if let Some(what) = own_output(wb) {
        return Err(DeptError::OwnOutput {
            file: wb.file_name.clone(),
            what,
        });
    }
    catch_unwind(AssertUnwindSafe(|| score_unchecked(wb, rubric, settings))).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        DeptError::Internal {
            file: wb.file_name.clone(),
            message,
        }
    })
}

impl Scored {
    /// The family's own data as the 指标计算 sheet lists it (empty for 部门整体).
    pub fn data_lines(&self) -> Vec<crate::family::DataLine> {
        let mut out = Vec::new();
        if let (Some(f), Ok(spec)) = (&self.family_facts, crate::family::kaohe_spec()) {
            out.extend(crate::family::kaohe_lines(spec, f));
        }
        if let Some(p) = &self.project {
            out.extend(crate::family::project_lines(p));
        }
        out
    }

    /// The scored department, or [`DeptError::NoData`] when not one fact
    /// label was found and no row has a self-score: what `score` and `batch`
    /// refuse to rank (`check` still lists what is missing).
    ///
    /// # Errors
    /// [`DeptError::NoData`].
    pub fn require_data(self) -> Result<Scored, DeptError> {
        self.ensure_data()?;
        Ok(self)
    }

    /// Whether anything was read: see [`Scored::require_data`].
    ///
    /// # Errors
    /// [`DeptError::NoData`].
    pub fn ensure_data(&self) -> Result<(), DeptError> {
        // A value read counts (a number, 不适用, even a conflict or a text
        // where a number belongs: the department wrote something); labels
        // with nothing filled in are an unfilled template.
        use crate::facts::FactOutcome;
        let read = |o: &&FactOutcome| {
            !matches!(o, FactOutcome::Missing { .. } | FactOutcome::Blank { .. })
        };
        let any_fact = self.facts.items.values().any(|o| read(&o));
        let any_self_score = self.card.rows.iter().any(|r| r.self_score.is_some());
        let any_family_fact = self
            .family_facts
            .as_ref()
            .is_some_and(FamilyFacts::any_read)
            || self
                .project
                .as_ref()
                .is_some_and(xiangmu::ProjectData::any_read);
        if any_fact || any_self_score || any_family_fact {
            Ok(())
        } else {
            Err(DeptError::NoData {
                file: self.card.file.clone(),
                labels_found: self
                    .facts
                    .items
                    .values()
                    .filter(|o| matches!(o, FactOutcome::Blank { .. }))
                    .count(),
            })
        }
    }
}

fn score_unchecked(wb: &Workbook, rubric: &Rubric, settings: &Settings) -> Scored {
    let (self_scores, self_score_cells, notes) = self_scores(wb, rubric, settings);
    let mut facts = extract(wb, &settings.profile);
    if rubric.family != Family::Department {
        // A family with its own data: the 部门整体 facts are not looked
        // for (only the department's name and year are kept), so that the
        // 指标计算 sheet does not list 36 missing budget figures.
        facts.items.clear();
    }
    // A family with its own data reads it and scores its rows from it (no
    // 部门整体 metrics); 部门整体 evaluates the metrics.
    let kaohe = match (rubric.family, crate::family::kaohe_spec()) {
        (Family::Kaohe, Ok(spec)) => Some((spec, crate::family::facts::read(wb, spec))),
        _ => None,
    };
    let xiangmu = match (rubric.family, xiangmu::spec()) {
        (Family::Xiangmu, Ok(spec)) if kaohe.is_none() => Some((spec, xiangmu::read(wb, spec))),
        _ => None,
    };
    let metrics = if kaohe.is_some() || xiangmu.is_some() {
        Metrics::default()
    } else {
        evaluate_on(&facts, &settings.profile, &settings.bases)
    };
    let custom = |row: &rubric::RubricRow| match (&kaohe, &xiangmu) {
        (Some((spec, data)), _) => Some(family_override(kaohe::score_row(row, spec, data))),
        (_, Some((spec, data))) => Some(family_override(xiangmu::score_row(row, spec, data))),
        _ => None,
    };
    let mut card = score_with(
        rubric,
        &self_scores,
        &facts,
        &metrics,
        &settings.grades,
        settings.adopt_default_rules,
        &custom,
    );
    // One scorecard row per rubric row, in order.
    for (row, cells) in card.rows.iter_mut().zip(self_score_cells) {
        row.self_score_cells = cells;
    }
    // A project is named by its 项目名称.
    if let Some(name) = xiangmu.as_ref().and_then(|(_, data)| data.info("项目名称")) {
        card.department = name.to_string();
        // The department's name was not needed after all.
        card.warnings
            .retain(|w| !w.message.starts_with("未找到「单位名称」"));
    }
    let family_facts = kaohe.map(|(_, data)| data);
    let project = xiangmu.map(|(_, data)| data);
    let mut head = rubric.warnings.clone();
    head.extend(notes);
    card.warnings.splice(0..0, head);
    Scored {
        facts,
        metrics,
        card,
        family_facts,
        project,
    }
}

/// A family row's score as the scorecard takes it.
fn family_override(result: kaohe::RowResult) -> RowOverride {
    match result {
        kaohe::RowResult::Scored {
            score,
            detail,
            capped_from,
            reading,
            cells,
        } => RowOverride {
            score: Some(score),
            finding: Finding::Composed {
                detail,
                capped_from,
                cells,
            },
            reading,
            kind: "sub_rules",
        },
        kaohe::RowResult::Manual { reason, reading } => RowOverride {
            score: None,
            finding: Finding::Manual { reason },
            kind: if reading.is_some() {
                "sub_rules"
            } else {
                "manual"
            },
            reading: reading.unwrap_or_default(),
        },
    }
}

/// The department's 自评得分, one per rubric row, with the cells each was
/// read from (see `ScoredRow::self_score_cells`). A rubric file shared by a
/// batch takes them from the department's own 评分表 sheet when it carries
/// any (and otherwise keeps the file's own); a rubric read from the
/// department, or the default, already has them.
fn self_scores(
    wb: &Workbook,
    rubric: &Rubric,
    settings: &Settings,
) -> (Vec<Option<Decimal>>, Vec<Option<String>>, Vec<Warning>) {
    let own: Vec<Option<Decimal>> = rubric.rows.iter().map(|r| r.self_score).collect();
    // Where the rubric's own self-scores are: the department's workbook for
    // its own 评分表 sheet, else a rubric file, named with its file.
    let own_cells = || -> Vec<Option<String>> {
        rubric
            .rows
            .iter()
            .map(|r| {
                let at = Location {
                    file: rubric.source.clone(),
                    sheet: r.key.sheet.clone(),
                    row: r.source_row?,
                    col: r.self_score_col?,
                };
                Some(if rubric.provenance == RubricSource::File {
                    at.to_string()
                } else {
                    at.cell()
                })
            })
            .collect()
    };
    if rubric.provenance != RubricSource::File {
        return (own, own_cells(), Vec::new());
    }
    let note = |m: String| Warning::new(WarningKind::Rubric, m);
    let table = rubric::read::find_table(wb, &settings.profile)
        .filter(|t| t.rows.iter().any(|r| r.self_score.is_some()));
    if let Some(table) = table {
        let (placed, from, unplaced) =
            matching::self_scores_from(rubric, &table, &settings.profile);
        let cells = from
            .iter()
            .map(|rows| {
                let col = table.columns.self_score?;
                let cells: Vec<String> = rows
                    .iter()
                    .map(|row| {
                        Location {
                            file: wb.file_name.clone(),
                            sheet: table.sheet.clone(),
                            row: *row,
                            col,
                        }
                        .cell()
                    })
                    .collect();
                (!cells.is_empty()).then(|| cells.join("、"))
            })
            .collect();
        let mut notes = vec![note(format!(
            "自评得分取自部门数据中的「{}」工作表",
            table.sheet
        ))];
        if !unplaced.is_empty() {
            notes.push(note(format!(
                "部门评分表中以下指标在所用评分表里没有同一指标、同一分值的对应行，其自评得分未采用：{}",
                unplaced.join("、")
            )));
        }
        (placed, cells, notes)
    } else {
        let mut notes = Vec::new();
        // A 评分 sheet that is there but cannot be read: say so, rather than
        // dropping its self-scores in silence.
        if let Some(sheet) = rubric::read::rubric_sheets(wb).next()
            && let Err(e) = rubric::read::read_table(wb, sheet, &settings.profile)
        {
            notes.push(note(format!(
                "部门数据中的「{}」工作表未能作为评分表读取（{e}），其中的自评得分未采用",
                sheet.name
            )));
        }
        if own.iter().any(Option::is_some) {
            notes.push(note(format!("自评得分取自评分表文件「{}」", rubric.source)));
        }
        (own, own_cells(), notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::text::calls;
    use crate::grid::read_workbook;

    fn sample(name: &str) -> Workbook {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_workbooks")
            .join(name);
        read_workbook(&path).unwrap()
    }

    /// Issue 6: labels are normalised once per text cell of the workbook
    /// (plus the aliases of the profile), not once per lookup.
    #[test]
    fn labels_are_normalised_once_per_cell() {
        let settings = Settings::default();
        for name in [
            "桃江县医疗保障局2019.xlsx",
            "宁国市医疗保障局2020.xlsx",
            "示例县文化旅游广电局2023.xlsx",
            "示例县统计局2023.xlsx",
        ] {
            let wb = sample(name);
            let text_cells: usize = wb
                .sheets
                .iter()
                .map(|s| {
                    s.cells()
                        .filter(|(_, _, v)| matches!(v, crate::grid::CellValue::Text(_)))
                        .count()
                })
                .sum();
            let before = calls::count();
            let rubric = department_rubric(&wb, &settings);
            score_one(&wb, &rubric, &settings).unwrap();
            let calls = calls::count() - before;
            assert!(
                calls <= text_cells * 2,
                "{name}: {calls} normalisations for {text_cells} text cells"
            );
        }
    }
    /// The 自评得分 cell of a row, wherever the self-score was taken from.
    fn self_cells(wb: &Workbook, rubric: &Rubric, name: &str) -> Option<String> {
        let card = score_one(wb, rubric, &Settings::default()).unwrap().card;
        let row = card.rows.iter().find(|r| r.name == name).unwrap();
        assert!(row.self_score.is_some(), "{name}");
        row.self_score_cells.clone()
    }

    /// Each self-score names the cell it was read from (checked by hand:
    /// 示例县统计局2023.xlsx 评分表!F8 holds 预算完成率's 3; 示例县文化旅游
    /// 广电局2023.xlsx 评分表!F7 重点支出安排率's 4; the 桃江 rubric file's
    /// 评分表!G13 “三公经费”变动率's 3).
    #[test]
    fn self_scores_name_their_cells() {
        let settings = Settings::default();
        // The department's own rubric sheet.
        let wb = sample("示例县统计局2023.xlsx");
        let own = department_rubric(&wb, &settings);
        assert_eq!(own.provenance, RubricSource::Department);
        assert_eq!(
            self_cells(&wb, &own, "预算完成率").as_deref(),
            Some("评分表!F8")
        );
        // A shared rubric file: the department's own 评分表 sheet.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_workbooks/rubrics/桃江县2019部门整体支出绩效评价评分表.xlsx");
        let shared = rubric::build::load(&path, &settings).unwrap();
        let culture = sample("示例县文化旅游广电局2023.xlsx");
        assert_eq!(
            self_cells(&culture, &shared, "重点支出安排率").as_deref(),
            Some("评分表!F7")
        );
        // A department without a rubric sheet: the rubric file's own
        // self-scores, named with the file they are in.
        let mut bare = sample("示例县统计局2023.xlsx");
        bare.sheets.retain(|s| !s.name.contains("评分"));
        assert_eq!(
            self_cells(&bare, &shared, "“三公经费”变动率").as_deref(),
            Some("「桃江县2019部门整体支出绩效评价评分表.xlsx」评分表!G13")
        );
        // The built-in rubric has no self-scores, hence no cells.
        let default = rubric::build::default_with(&settings);
        let card = score_one(&bare, &default, &settings).unwrap().card;
        assert!(card.rows.iter().all(|r| r.self_score_cells.is_none()));
    }
}

//! Tables recognised by their content, wherever they sit (issue 8).
//!
//! A sheet is cut into *blocks*: runs of non-empty rows, where a run with no
//! number in it (a title, a 单位 line, a header) joins the run below it when
//! at most two blank rows separate them. Each block gets the kinds of table
//! it is ([`crate::profile::TableSpec`]): from a title line at its top naming
//! a kind (the first kind of the profile wins: "“三公”经费支出决算表" is
//! 三公, not 支出决算), else from two or more of its labels that only that
//! kind of table has, else from the sheet's name. A block whose labels
//! identify two kinds at once is *mixed* and read as either.
//!
//! A fact of a kind is read only in a block of that kind — so the 三公
//! table's 合计 never feeds 支出合计, and a budget table's 支出合计 never
//! feeds 三公经费 — or, when the workbook has no block of that kind at all,
//! in a block of no known kind.

use crate::base::text::normalize_label;
use crate::grid::{CellValue, Sheet};
use crate::profile::TableSpec;

/// Rows at the top of a block searched for a title line.
const TITLE_ROWS: u32 = 3;
/// Blank rows that may separate a heading from its table.
const HEADING_GAP: u32 = 2;

/// One block of rows and the kinds of table it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub first_row: u32,
    pub last_row: u32,
    /// Indexes into the profile's tables: empty when unknown, several when
    /// mixed.
    pub kinds: Vec<usize>,
}

/// The blocks of one sheet.
#[derive(Debug, Clone, Default)]
pub(super) struct SheetTables {
    pub blocks: Vec<Block>,
}

impl SheetTables {
    /// Cuts a sheet into blocks and finds each block's kinds.
    pub fn of(sheet: &Sheet, tables: &[TableSpec]) -> SheetTables {
        let rows = sheet.row_count();
        // Raw runs of non-empty rows.
        let mut runs: Vec<(u32, u32, bool)> = Vec::new();
        let mut r = 0;
        while r < rows {
            if row_is_empty(sheet, r) {
                r = r.saturating_add(1);
                continue;
            }
            let start = r;
            let mut numeric = false;
            while r < rows && !row_is_empty(sheet, r) {
                numeric |= row_has_number(sheet, r);
                r = r.saturating_add(1);
            }
            runs.push((start, r.saturating_sub(1), numeric));
        }
        // Number-free runs (headings) join the run below them.
        let mut blocks: Vec<(u32, u32)> = Vec::new();
        let mut pending: Option<u32> = None;
        for (i, &(first, last, numeric)) in runs.iter().enumerate() {
            let start = pending.take().unwrap_or(first);
            let next_close = runs.get(i.saturating_add(1)).is_some_and(|&(next, _, _)| {
                next.saturating_sub(last).saturating_sub(1) <= HEADING_GAP
            });
            if !numeric && next_close {
                pending = Some(start);
            } else {
                blocks.push((start, last));
            }
        }
        let sheet_kind = {
            let name = normalize_label(&sheet.name);
            first_titled(&name, tables)
        };
        SheetTables {
            blocks: blocks
                .into_iter()
                .map(|(first_row, last_row)| Block {
                    first_row,
                    last_row,
                    kinds: kinds_of(sheet, first_row, last_row, tables, sheet_kind),
                })
                .collect(),
        }
    }

    /// The block holding a row, if the row is not blank.
    pub fn block_at(&self, row: u32) -> Option<&Block> {
        self.blocks
            .iter()
            .find(|b| (b.first_row..=b.last_row).contains(&row))
    }

    /// Whether any block of this sheet is of `kind`.
    pub fn has_kind(&self, kind: usize) -> bool {
        self.blocks.iter().any(|b| b.kinds.contains(&kind))
    }
}

fn row_is_empty(sheet: &Sheet, r: u32) -> bool {
    sheet.row(r).iter().all(CellValue::is_empty)
}

fn row_has_number(sheet: &Sheet, r: u32) -> bool {
    sheet
        .row(r)
        .iter()
        .any(|v| matches!(v, CellValue::Number(_)))
}

/// The first kind of the profile whose title fragments a label contains.
fn first_titled(label: &str, tables: &[TableSpec]) -> Option<usize> {
    tables.iter().position(|t| {
        t.titles
            .iter()
            .any(|f| label.contains(normalize_label(f).as_str()))
    })
}

fn kinds_of(
    sheet: &Sheet,
    first: u32,
    last: u32,
    tables: &[TableSpec],
    sheet_kind: Option<usize>,
) -> Vec<usize> {
    // A title line: the only non-empty cell of its row (or a text merged
    // across three columns or more), in the block's first rows, before
    // any number.
    for r in first..=last.min(first.saturating_add(TITLE_ROWS - 1)) {
        if row_has_number(sheet, r) {
            break;
        }
        let texts: Vec<u16> = (0..sheet.row(r).len())
            .filter_map(|c| u16::try_from(c).ok())
            .filter(|&c| !sheet.get(r, c).is_empty())
            .collect();
        let title_cell = match texts.as_slice() {
            [only] => Some(*only),
            _ => texts.iter().copied().find(|&c| {
                sheet.merged_at(r, c).is_some_and(|m| {
                    m.first_col == c && m.last_col.saturating_sub(m.first_col) >= 2
                })
            }),
        };
        if let Some(c) = title_cell
            && let Some(kind) = first_titled(sheet.label(r, c), tables)
        {
            return vec![kind];
        }
    }
    // Labels only one kind of table has.
    let mut seen: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for r in first..=last {
        for c in (0..sheet.row(r).len()).filter_map(|c| u16::try_from(c).ok()) {
            let label = sheet.label(r, c);
            if label.is_empty() {
                continue;
            }
            for (k, t) in tables.iter().enumerate() {
                if let Some(p) = t.rows.position(label)
                    && !seen[k].contains(&p)
                {
                    seen[k].push(p);
                }
            }
        }
    }
    let by_rows: Vec<usize> = (0..tables.len()).filter(|&k| seen[k].len() >= 2).collect();
    if !by_rows.is_empty() {
        return by_rows;
    }
    sheet_kind.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use rust_decimal_macros::dec;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn kind_keys(profile: &Profile, block: &Block) -> Vec<String> {
        block
            .kinds
            .iter()
            .map(|k| profile.tables()[*k].key.clone())
            .collect()
    }

    /// Budget table, a blank row, then a 三公 table on the same sheet with
    /// a title and a unit line separated from it by one blank row.
    #[test]
    fn stacked_tables_get_their_own_kinds() {
        let profile = Profile::builtin();
        let mut s = Sheet::new("Sheet1");
        s.set(0, 0, text("项目"));
        s.set(0, 1, text("全年预算数"));
        s.set(1, 0, text("支出合计"));
        s.set(1, 1, CellValue::Number(dec!(100)));
        s.set(2, 0, text("基本支出"));
        s.set(2, 1, CellValue::Number(dec!(60)));
        s.set(3, 0, text("项目支出"));
        s.set(3, 1, CellValue::Number(dec!(40)));
        s.set(5, 0, text("“三公”经费支出表"));
        s.set(6, 0, text("单位：元"));
        s.set(8, 0, text("项目"));
        s.set(8, 1, text("本年预算数"));
        s.set(9, 0, text("（一）支出合计"));
        s.set(9, 1, CellValue::Number(dec!(9)));
        let t = SheetTables::of(&s, profile.tables());
        assert_eq!(t.blocks.len(), 2, "{:?}", t.blocks);
        assert_eq!(kind_keys(&profile, &t.blocks[0]), ["budget"]);
        assert_eq!(kind_keys(&profile, &t.blocks[1]), ["sangong"]);
        assert_eq!(t.blocks[1].first_row, 5);
        assert_eq!(t.block_at(9).map(|b| b.first_row), Some(5));
        assert_eq!(t.block_at(4), None);
    }

    #[test]
    fn rows_identify_a_table_without_title_and_the_sheet_name_is_last() {
        let profile = Profile::builtin();
        let mut s = Sheet::new("预算执行");
        s.set(0, 0, text("合计"));
        s.set(0, 1, CellValue::Number(dec!(1)));
        s.set(1, 0, text("因公出国（境）费"));
        s.set(1, 1, CellValue::Number(dec!(1)));
        s.set(2, 0, text("公务接待费"));
        s.set(2, 1, CellValue::Number(dec!(1)));
        s.set(4, 0, text("合计"));
        s.set(4, 1, CellValue::Number(dec!(1)));
        let t = SheetTables::of(&s, profile.tables());
        assert_eq!(kind_keys(&profile, &t.blocks[0]), ["sangong"]);
        // No title, no telling rows: the sheet's name.
        assert_eq!(kind_keys(&profile, &t.blocks[1]), ["budget"]);
    }

    #[test]
    fn a_title_naming_both_is_the_first_kind() {
        let profile = Profile::builtin();
        let mut s = Sheet::new("表7");
        s.set(0, 0, text("一般公共预算财政拨款“三公”经费支出决算表"));
        s.set(1, 0, text("合计"));
        s.set(2, 0, CellValue::Number(dec!(5)));
        let t = SheetTables::of(&s, profile.tables());
        assert_eq!(kind_keys(&profile, &t.blocks[0]), ["sangong"]);
    }

    #[test]
    fn one_block_with_both_kinds_of_rows_is_mixed() {
        let profile = Profile::builtin();
        let mut s = Sheet::new("Sheet1");
        for (r, l) in ["基本支出", "项目支出", "公务接待费", "公务用车运行费"]
            .iter()
            .enumerate()
        {
            s.set(r as u32, 0, text(l));
            s.set(r as u32, 1, CellValue::Number(dec!(1)));
        }
        let t = SheetTables::of(&s, profile.tables());
        assert_eq!(kind_keys(&profile, &t.blocks[0]), ["sangong", "budget"]);
    }
}

//! A batch's department records on disk: each compact [`DeptSummary`]
//! (its details are in the spill file) goes to a hidden temporary file in
//! the output folder as its result arrives; memory keeps only what ranking
//! needs (total, name, file, where the record lies), and the 汇总 writers
//! read the records back in rank order, one at a time (issue 9).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use rust_decimal::Decimal;

use super::spill::{RecordFile, Span, Spill};
use crate::score::summary::{
    DeptDetail, DeptFacts, DeptSummary, Details, IndicatorScore, PreviousYear, Problem,
    RankedDepts, rank_cmp, ranks_of,
};

/// What memory keeps of one department: 88 bytes and its name and file
/// in one allocation.
#[derive(Debug)]
struct Key {
    /// The department's rank basis ([`DeptSummary::rank_basis`]).
    basis: Decimal,
    /// The department's name, then its file.
    names: Box<str>,
    /// Where the name ends in `names`.
    split: u32,
    duplicate: bool,
    previous: Option<Box<PreviousYear>>,
    /// The record in the record file.
    record: Span,
    /// Its indicators and problems in the spill file.
    detail: (Span, Span),
}

impl Key {
    fn department(&self) -> &str {
        self.names.get(..self.split as usize).unwrap_or_default()
    }

    fn file(&self) -> &str {
        self.names.get(self.split as usize..).unwrap_or_default()
    }
}

/// The department records of a batch, on disk, while the batch runs; their
/// indicators and problems in a spill file beside.
pub struct RankedBuilder {
    records: RecordFile,
    spill: Spill,
    keys: Vec<Key>,
}

impl RankedBuilder {
    /// A new record file in `dir` (removed when dropped).
    ///
    /// # Errors
    /// When `dir` is not writable.
    pub fn create(dir: &Path) -> std::io::Result<RankedBuilder> {
        Ok(RankedBuilder {
            records: RecordFile::create(dir, "汇总记录")?,
            spill: Spill::create(dir)?,
            keys: Vec::new(),
        })
    }

    /// Room for `n` departments.
    pub fn reserve(&mut self, n: usize) {
        self.keys.reserve_exact(n);
    }

    /// Stores a department (its details taken out beforehand) and its
    /// details.
    ///
    /// # Errors
    /// When a file cannot be written.
    pub fn push(&mut self, dept: &DeptSummary, detail: &DeptDetail) -> std::io::Result<()> {
        let detail = self.spill.push_detail(detail)?;
        let split = u32::try_from(dept.department.len()).map_err(std::io::Error::other)?;
        let record = self.records.append(dept)?;
        self.keys.push(Key {
            basis: dept.rank_basis(),
            names: format!("{}{}", dept.department, dept.file).into_boxed_str(),
            split,
            duplicate: false,
            previous: None,
            record,
            detail,
        });
        Ok(())
    }

    /// Ends writing: the departments in rank order (rank basis, highest
    /// first, then name, then file), duplicate names flagged, ready to be read.
    ///
    /// # Errors
    /// When the buffered end of the file cannot be written or the file
    /// cannot be opened again.
    pub fn finish(self) -> std::io::Result<RankedFile> {
        let RankedBuilder {
            mut records,
            mut spill,
            keys,
        } = self;
        records.finish()?;
        spill.finish()?;
        let mut file = RankedFile {
            spill,
            records,
            keys,
            facts: OnceLock::new(),
            error: Mutex::new(None),
        };
        file.keys.sort_by(|a, b| {
            rank_cmp(
                (a.basis, a.department(), a.file()),
                (b.basis, b.department(), b.file()),
            )
        });
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for k in &file.keys {
            *counts.entry(k.department()).or_insert(0) += 1;
        }
        let duplicate: Vec<bool> = file
            .keys
            .iter()
            .map(|k| counts.get(k.department()).is_some_and(|n| *n > 1))
            .collect();
        for (k, dup) in file.keys.iter_mut().zip(duplicate) {
            k.duplicate = dup;
        }
        Ok(file)
    }
}

/// The department records of a finished batch, in rank order.
pub struct RankedFile {
    /// The departments' indicators and problems.
    spill: Spill,
    /// Their compact records.
    records: RecordFile,
    keys: Vec<Key>,
    facts: OnceLock<DeptFacts>,
    error: Mutex<Option<String>>,
}

impl std::fmt::Debug for RankedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RankedFile")
            .field("departments", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl RankedFile {
    /// Where `dept`'s details lie: its key found by its rank order.
    fn detail_of(&self, dept: &DeptSummary) -> Result<(Span, Span), String> {
        let at = (
            dept.rank_basis(),
            dept.department.as_str(),
            dept.file.as_str(),
        );
        let i = self
            .keys
            .binary_search_by(|k| rank_cmp((k.basis, k.department(), k.file()), at))
            .map_err(|_| format!("汇总明细中没有「{}」", dept.file))?;
        Ok(self.keys[i].detail)
    }
}

impl Details for RankedFile {
    fn indicators(&self, dept: &DeptSummary) -> Result<Vec<IndicatorScore>, String> {
        self.spill.read(self.detail_of(dept)?.0)
    }

    fn problems(&self, dept: &DeptSummary) -> Result<Vec<Problem>, String> {
        self.spill.read(self.detail_of(dept)?.1)
    }
}

impl RankedDepts for RankedFile {
    fn len(&self) -> usize {
        self.keys.len()
    }

    fn get(&self, index: usize) -> Result<DeptSummary, String> {
        let key = self
            .keys
            .get(index)
            .ok_or_else(|| format!("汇总记录中没有第{}个部门", index + 1))?;
        let mut dept: DeptSummary = self.records.read(key.record)?;
        dept.duplicate_name = key.duplicate;
        dept.previous = key.previous.as_deref().cloned();
        Ok(dept)
    }

    fn ranks(&self) -> Vec<usize> {
        ranks_of(self.keys.iter().map(|k| k.basis))
    }

    fn facts(&self) -> &DeptFacts {
        self.facts.get_or_init(|| {
            let mut facts = DeptFacts::default();
            for i in 0..self.keys.len() {
                match self.get(i) {
                    Ok(d) => facts.add(&d),
                    Err(e) => {
                        self.fail(e);
                        break;
                    }
                }
            }
            facts
        })
    }

    fn attach_previous(&mut self, previous: &[(String, PreviousYear)]) {
        let last: HashMap<&str, &PreviousYear> = previous
            .iter()
            .rev()
            .map(|(n, p)| (n.as_str(), p))
            .collect();
        for k in &mut self.keys {
            if !k.duplicate {
                k.previous = last.get(k.department()).map(|p| Box::new((*p).clone()));
            }
        }
        self.facts = OnceLock::new();
    }

    fn fail(&self, message: String) {
        if let Ok(mut slot) = self.error.lock()
            && slot.is_none()
        {
            *slot = Some(message);
        }
    }

    fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::export::{summary_csv, summary_json, write_summary_json_with};
    use crate::report::summary::tests::sample;
    use crate::report::summary::{DetailStats, build_summary, summary_workbook, with_totals_cache};
    use crate::score::summary::{BatchSummary, Details, InLine};
    use rust_decimal_macros::dec;
    use std::sync::Arc;

    /// `whole` with its departments (details taken out) on disk, added in
    /// another order than rank order, and their details in a spill.
    fn on_disk(whole: &BatchSummary, dir: &Path) -> (BatchSummary, Arc<RankedFile>, DetailStats) {
        let mut builder = RankedBuilder::create(dir).unwrap();
        let mut stats = DetailStats::default();
        for d in whole.departments.iter().rev() {
            let mut d = d.clone();
            d.duplicate_name = false;
            let detail = d.take_detail();
            stats.add(&d, &detail);
            builder.push(&d, &detail).unwrap();
        }
        let ranked = Arc::new(builder.finish().unwrap());
        let mut summary = whole.clone();
        summary.departments.clear();
        summary.ranked = Some(ranked.clone());
        (summary, ranked, stats)
    }

    #[test]
    fn departments_on_disk_give_the_same_summary_files() {
        let dir = tempfile::tempdir().unwrap();
        let whole = sample();
        let (summary, spill, stats) = on_disk(&whole, dir.path());
        assert_eq!(summary.department_count(), 4);
        assert!(summary.departments.is_empty());
        // Rank order and duplicate names as the in-memory summary has them.
        let files: Vec<String> = summary.depts().map(|d| d.file.clone()).collect();
        let want: Vec<String> = whole.departments.iter().map(|d| d.file.clone()).collect();
        assert_eq!(files, want);
        let dups: Vec<bool> = summary.depts().map(|d| d.duplicate_name).collect();
        assert!(dups.contains(&true) && dups.contains(&false));
        assert_eq!(
            dups,
            whole
                .departments
                .iter()
                .map(|d| d.duplicate_name)
                .collect::<Vec<_>>()
        );
        assert_eq!(summary.ranks(), whole.ranks());
        assert_eq!(*summary.facts(), *whole.facts());
        assert_eq!(summary.distribution(), whole.distribution());
        {
            let mut wb = summary_workbook(&summary, &*spill, &stats, Some(dir.path())).unwrap();
            let saved = with_totals_cache(&wb.save_to_buffer().unwrap(), &summary).unwrap();
            assert!(saved == build_summary(&whole).unwrap());
        }
        assert_eq!(summary_csv(&summary), summary_csv(&whole));
        let mut json = Vec::new();
        write_summary_json_with(&summary, &*spill, &mut json).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), summary_json(&whole));
        assert!(summary.read_error().is_none());
        // Each department's details are found by its place in rank order.
        for d in &whole.departments {
            assert_eq!(spill.detail(d).unwrap(), InLine.detail(d).unwrap());
        }
        let mut stranger = whole.departments[0].clone();
        stranger.file = "无此文件.xlsx".into();
        assert!(spill.detail(&stranger).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        drop(summary);
        drop(spill);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the record and spill files are removed"
        );
    }

    #[test]
    fn on_disk_mixed_maxima_rank_by_the_share_the_grade_uses() {
        let dir = tempfile::tempdir().unwrap();
        let mut whole = sample();
        // 52.50 of 60 → 87.5 ranks above 85 and 85 of 100, below 92.5.
        whole.departments[3].total = dec!(52.50);
        whole.departments[3].max_total = dec!(60);
        whole.departments[3].grade = "良好".into();
        whole.finish();
        let files: Vec<&str> = whole.departments.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(files, ["a.xlsx", "sub/d.xlsx", "c.xlsx", "b.xlsx"]);
        assert_eq!(whole.ranks(), [1, 2, 3, 3]);
        let (summary, spill, _stats) = on_disk(&whole, dir.path());
        let files: Vec<String> = summary.depts().map(|d| d.file.clone()).collect();
        assert_eq!(files, ["a.xlsx", "sub/d.xlsx", "c.xlsx", "b.xlsx"]);
        assert_eq!(summary.ranks(), [1, 2, 3, 3]);
        for d in &whole.departments {
            assert_eq!(spill.detail(d).unwrap(), InLine.detail(d).unwrap());
        }
        assert_eq!(summary_csv(&summary), summary_csv(&whole));
    }

    #[test]
    fn a_key_keeps_name_and_file_apart() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = RankedBuilder::create(dir.path()).unwrap();
        let mut d = sample().departments[0].clone();
        // A name that ends like a file name begins, and one that is empty.
        d.department = "局a".into();
        d.file = "a.xlsx".into();
        let detail = d.take_detail();
        builder.push(&d, &detail).unwrap();
        let mut e = d.clone();
        e.department = String::new();
        e.file = "局aa.xlsx".into();
        builder.push(&e, &detail).unwrap();
        let ranked = builder.finish().unwrap();
        let names: Vec<(&str, &str)> = ranked
            .keys
            .iter()
            .map(|k| (k.department(), k.file()))
            .collect();
        assert_eq!(names, [("", "局aa.xlsx"), ("局a", "a.xlsx")]);
        assert_eq!(ranked.get(1).unwrap().file, "a.xlsx");
        assert_eq!(ranked.detail(&d).unwrap(), detail);
        assert!(std::mem::size_of::<Key>() <= 88);
    }

    #[test]
    fn last_year_is_attached_on_disk_as_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mut whole = sample();
        let (mut summary, ranked, _stats) = on_disk(&whole, dir.path());
        let names: Vec<String> = whole
            .departments
            .iter()
            .map(|d| d.department.clone())
            .collect();
        let previous: Vec<(String, PreviousYear)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                (
                    n.clone(),
                    PreviousYear {
                        total: dec!(70) + Decimal::from(i),
                        grade: "中".into(),
                    },
                )
            })
            .collect();
        whole.attach_previous(&previous);
        drop(ranked);
        summary.attach_previous(&previous);
        let got: Vec<Option<PreviousYear>> = summary.depts().map(|d| d.previous.clone()).collect();
        let want: Vec<Option<PreviousYear>> = whole
            .departments
            .iter()
            .map(|d| d.previous.clone())
            .collect();
        assert_eq!(got, want);
        // Duplicate names get none; the others do.
        assert!(want.iter().any(Option::is_none) && want.iter().any(Option::is_some));
        assert_eq!(summary.facts().previous, whole.facts().previous);
        assert_eq!(summary_csv(&summary), summary_csv(&whole));
    }

    #[test]
    fn a_record_that_cannot_be_read_back_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let whole = sample();
        let (summary, _spill, _stats) = on_disk(&whole, dir.path());
        let path = dir
            .path()
            .join(format!(".jixiao-汇总记录.{}.tmp", std::process::id()));
        std::fs::write(&path, b"{}").unwrap();
        // Reopen the reader on the truncated file.
        let ranked = summary.ranked.as_ref().unwrap();
        assert!(ranked.get(0).is_err());
        let csv = crate::report::export::write_summary_csv(&summary, Vec::new());
        assert!(
            csv.is_err(),
            "a 汇总 with a department missing is not written"
        );
        assert!(summary.read_error().is_some());
    }
}

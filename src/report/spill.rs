//! The batch's spill file: each department's indicators and problems, kept
//! on disk (a hidden temporary file in the output folder) while the batch
//! runs and read back one department at a time to write the 汇总, so that
//! memory does not grow with their bulk (issue 9).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::score::summary::{DeptDetail, DeptSummary, Details, IndicatorScore, Problem};

/// Where one record lies in a [`RecordFile`]: 12 bytes (packed to 4, so
/// that a batch keeps three of them per department at little cost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
pub struct Span {
    pub offset: u64,
    pub len: u32,
}

/// A hidden file of JSON records in a batch's output folder
/// (`.jixiao-<what>.<pid>.tmp`): appended while the batch runs, read back
/// one record at a time by [`Span`] once finished, removed when dropped
/// (and, if a killed run left it, by the next batch). What the batch keeps
/// of its departments and files lives in these, not in memory (issue 9).
pub struct RecordFile {
    path: PathBuf,
    /// What it holds, for messages (汇总明细, 汇总记录, 运行记录).
    what: &'static str,
    writer: Option<BufWriter<File>>,
    /// Shared by the threads that write the 汇总's files.
    reader: Mutex<Option<File>>,
    end: u64,
}

impl RecordFile {
    /// A new, empty file in `dir`.
    ///
    /// # Errors
    /// When `dir` is not writable.
    pub fn create(dir: &Path, what: &'static str) -> std::io::Result<RecordFile> {
        let path = dir.join(format!(".jixiao-{what}.{}.tmp", std::process::id()));
        let file = File::create(&path)?;
        Ok(RecordFile {
            path,
            what,
            writer: Some(BufWriter::with_capacity(256 * 1024, file)),
            reader: Mutex::new(None),
            end: 0,
        })
    }

    /// The file (for tests that check it is removed).
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a record; where it lies.
    ///
    /// # Errors
    /// When the file cannot be written (or was finished).
    pub fn append<T: Serialize + ?Sized>(&mut self, value: &T) -> std::io::Result<Span> {
        let text = serde_json::to_vec(value).map_err(std::io::Error::other)?;
        let len = u32::try_from(text.len()).map_err(std::io::Error::other)?;
        let what = self.what;
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| std::io::Error::other(format!("{what}临时文件已关闭，无法再写入")))?;
        writer.write_all(&text)?;
        let span = Span {
            offset: self.end,
            len,
        };
        self.end += u64::from(len);
        Ok(span)
    }

    /// Ends writing; the records can then be read back.
    ///
    /// # Errors
    /// When the buffered end of the file cannot be written or the file
    /// cannot be opened again.
    pub fn finish(&mut self) -> std::io::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
        }
        let file = File::open(&self.path)?;
        if let Ok(mut reader) = self.reader.lock() {
            *reader = Some(file);
        }
        Ok(())
    }

    /// The record at `span`, or why it cannot be read back (in Chinese).
    ///
    /// # Errors
    /// When the file was not finished, cannot be read, or holds something
    /// else there.
    pub fn read<T: DeserializeOwned>(&self, span: Span) -> Result<T, String> {
        let what = self.what;
        let mut reader = self
            .reader
            .lock()
            .map_err(|_| format!("{what}临时文件读取中断"))?;
        let file = reader
            .as_mut()
            .ok_or_else(|| format!("{what}临时文件尚未写完"))?;
        let mut buf = vec![0u8; span.len as usize];
        file.seek(SeekFrom::Start(span.offset))
            .and_then(|_| file.read_exact(&mut buf))
            .map_err(|e| {
                format!(
                    "无法读回{what}临时文件「{}」：{}",
                    self.path.display(),
                    crate::base::os_error::describe(&e)
                )
            })?;
        drop(reader);
        serde_json::from_slice(&buf).map_err(|e| {
            format!(
                "{what}临时文件内容有误（第 {} 行第 {} 列）",
                e.line(),
                e.column()
            )
        })
    }
}

impl Drop for RecordFile {
    fn drop(&mut self) {
        self.writer.take();
        if let Ok(mut reader) = self.reader.lock() {
            reader.take();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Indicators and problems by department file, on disk.
pub struct Spill {
    file: RecordFile,
    /// Department file → (indicators, problems).
    index: HashMap<String, (Span, Span)>,
}

impl Spill {
    /// A new spill file in `dir` (removed when the spill is dropped).
    ///
    /// # Errors
    /// When `dir` is not writable.
    pub fn create(dir: &Path) -> std::io::Result<Spill> {
        Ok(Spill {
            file: RecordFile::create(dir, "汇总明细")?,
            index: HashMap::new(),
        })
    }

    /// Stores a department's details under its file.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn push(&mut self, dept: &DeptSummary, detail: &DeptDetail) -> std::io::Result<()> {
        let spans = self.push_detail(detail)?;
        self.index.insert(dept.file.clone(), spans);
        Ok(())
    }

    /// Stores a department's details and says where (for a caller that
    /// keeps the place itself: nothing is added to the index).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub(crate) fn push_detail(&mut self, detail: &DeptDetail) -> std::io::Result<(Span, Span)> {
        let indicators = self.file.append(&detail.indicators)?;
        let problems = self.file.append(&detail.problems)?;
        Ok((indicators, problems))
    }

    /// Ends writing; the details can then be read back.
    ///
    /// # Errors
    /// When the buffered end of the file cannot be written.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.file.finish()
    }

    pub(crate) fn read<T: DeserializeOwned>(&self, span: Span) -> Result<T, String> {
        self.file.read(span)
    }

    fn spans(&self, dept: &DeptSummary) -> Result<(Span, Span), String> {
        self.index
            .get(&dept.file)
            .copied()
            .ok_or_else(|| format!("汇总明细中没有「{}」", dept.file))
    }
}

impl Details for Spill {
    fn indicators(&self, dept: &DeptSummary) -> Result<Vec<IndicatorScore>, String> {
        self.read(self.spans(dept)?.0)
    }

    fn problems(&self, dept: &DeptSummary) -> Result<Vec<Problem>, String> {
        self.read(self.spans(dept)?.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::export::{summary_json, write_summary_json_with};
    use crate::report::summary::tests::sample;
    use crate::report::summary::{DetailStats, build_summary, summary_workbook, with_totals_cache};
    use crate::score::summary::InLine;

    #[test]
    fn details_come_back_as_they_went_in() {
        let dir = tempfile::tempdir().unwrap();
        let mut summary = sample();
        let mut spill = Spill::create(dir.path()).unwrap();
        let kept: Vec<DeptDetail> = summary
            .departments
            .iter()
            .map(|d| InLine.detail(d).unwrap())
            .collect();
        for d in &mut summary.departments {
            let detail = d.take_detail();
            spill.push(d, &detail).unwrap();
        }
        spill.finish().unwrap();
        // Read back out of order.
        for (d, want) in summary.departments.iter().zip(&kept).rev() {
            assert_eq!(&spill.detail(d).unwrap(), want);
        }
        // The 汇总 from the spill, its figures gathered in another order,
        // is the 汇总 of the records with their details in line.
        let mut stats = DetailStats::default();
        for (d, detail) in summary.departments.iter().zip(&kept).rev() {
            stats.add(d, detail);
        }
        let mut wb = summary_workbook(&summary, &spill, &stats, Some(dir.path())).unwrap();
        let mut whole = sample();
        let saved = with_totals_cache(&wb.save_to_buffer().unwrap(), &summary).unwrap();
        assert!(saved == build_summary(&whole).unwrap());
        let mut json = Vec::new();
        write_summary_json_with(&summary, &spill, &mut json).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), summary_json(&whole));
        whole.departments.reverse();
        assert_eq!(
            DetailStats::of(&whole, &InLine).unwrap().problems,
            stats.problems
        );
        let path = spill.file.path().to_path_buf();
        assert!(path.exists());
        drop(spill);
        assert!(!path.exists(), "the spill file is removed");
    }
}

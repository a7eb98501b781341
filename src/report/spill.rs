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

/// Where one record lies in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub(crate) offset: u64,
    pub(crate) len: usize,
}

/// Indicators and problems by department file, on disk.
pub struct Spill {
    path: PathBuf,
    writer: Option<BufWriter<File>>,
    /// Shared by the threads that write the 汇总's files.
    reader: Mutex<Option<File>>,
    /// Department file → (indicators, problems).
    index: HashMap<String, (Span, Span)>,
    end: u64,
}

impl Spill {
    /// A new spill file in `dir` (removed when the spill is dropped).
    ///
    /// # Errors
    /// When `dir` is not writable.
    pub fn create(dir: &Path) -> std::io::Result<Spill> {
        let path = dir.join(format!(".jixiao-汇总明细.{}.tmp", std::process::id()));
        let file = File::create(&path)?;
        Ok(Spill {
            path,
            writer: Some(BufWriter::with_capacity(256 * 1024, file)),
            reader: Mutex::new(None),
            index: HashMap::new(),
            end: 0,
        })
    }

    fn append<T: Serialize + ?Sized>(&mut self, value: &T) -> std::io::Result<Span> {
        let text = serde_json::to_vec(value).map_err(std::io::Error::other)?;
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| std::io::Error::other("汇总明细临时文件已关闭，无法再写入"))?;
        writer.write_all(&text)?;
        let span = Span {
            offset: self.end,
            len: text.len(),
        };
        self.end += text.len() as u64;
        Ok(span)
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
        let indicators = self.append(&detail.indicators)?;
        let problems = self.append(&detail.problems)?;
        Ok((indicators, problems))
    }

    /// Ends writing; the details can then be read back.
    ///
    /// # Errors
    /// When the buffered end of the file cannot be written.
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

    pub(crate) fn read<T: DeserializeOwned>(&self, span: Span) -> Result<T, String> {
        let mut reader = self
            .reader
            .lock()
            .map_err(|_| "汇总明细临时文件读取中断".to_string())?;
        let file = reader
            .as_mut()
            .ok_or_else(|| "汇总明细临时文件尚未写完".to_string())?;
        let mut buf = vec![0u8; span.len];
        file.seek(SeekFrom::Start(span.offset))
            .and_then(|_| file.read_exact(&mut buf))
            .map_err(|e| {
                format!(
                    "无法读回汇总明细临时文件「{}」：{}",
                    self.path.display(),
                    crate::base::os_error::describe(&e)
                )
            })?;
        serde_json::from_slice(&buf).map_err(|e| {
            format!(
                "汇总明细临时文件内容有误（第 {} 行第 {} 列）",
                e.line(),
                e.column()
            )
        })
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

impl Drop for Spill {
    fn drop(&mut self) {
        self.writer.take();
        if let Ok(mut reader) = self.reader.lock() {
            reader.take();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::export::{summary_json, write_summary_json_with};
    use crate::report::summary::tests::sample;
    use crate::report::summary::{DetailStats, build_summary, summary_workbook};
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
        assert!(wb.save_to_buffer().unwrap() == build_summary(&whole).unwrap());
        let mut json = Vec::new();
        write_summary_json_with(&summary, &spill, &mut json).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), summary_json(&whole));
        whole.departments.reverse();
        assert_eq!(
            DetailStats::of(&whole, &InLine).unwrap().problems,
            stats.problems
        );
        let path = spill.path.clone();
        assert!(path.exists());
        drop(spill);
        assert!(!path.exists(), "the spill file is removed");
    }
}

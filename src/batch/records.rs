//! What became of each input file of a batch, for the run manifest and the
//! log: kept in a hidden temporary file in the output folder while the batch
//! runs (one line per file, in the order the results arrive) and read back
//! in job order when the manifest and the log are written, so that memory
//! does not grow with the number of files (issue 9).

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::text::one_line;
use crate::report::spill::{RecordFile, Span};

/// What became of one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The input file, relative to the folder given.
    pub file: String,
    pub sha256: Option<String>,
    pub millis: u64,
    /// The scored workbook written, or why the file failed.
    pub result: Result<Option<String>, String>,
}

/// One input of the manifest (`运行记录.json`).
#[derive(Serialize)]
struct ManifestInput<'a> {
    file: &'a str,
    sha256: Option<&'a str>,
    millis: u64,
    status: &'static str,
    output: Option<&'a str>,
    reason: Option<&'a str>,
}

impl Record {
    fn manifest_input(&self) -> ManifestInput<'_> {
        ManifestInput {
            file: &self.file,
            sha256: self.sha256.as_deref(),
            millis: self.millis,
            status: if self.result.is_ok() {
                "scored"
            } else {
                "failed"
            },
            output: self.result.as_ref().ok().and_then(|o| o.as_deref()),
            reason: self.result.as_ref().err().map(String::as_str),
        }
    }

    /// The record's line of `运行日志.txt`.
    /// Names and reasons come from input files: control characters are
    /// shown as `�` (as on screen), and a line break or tab in them as `�`
    /// in the name and a space in the reason, so that each file keeps one
    /// line of tab-separated fields.
    pub fn write_log_line<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        let file = one_line(&self.file, '\u{FFFD}');
        let millis = self.millis;
        match &self.result {
            Ok(_) => writeln!(w, "{file}\t已评分\t{millis} ms"),
            Err(why) => {
                let why = one_line(why, ' ');
                writeln!(w, "{file}\t未能评分\t{millis} ms\t{why}")
            }
        }
    }
}

/// The records of a batch by job index, on disk.
pub struct Records {
    file: RecordFile,
    /// By job index: 12 bytes a file, nothing else in memory.
    spans: Vec<Option<Span>>,
}

impl Records {
    /// A new record file in `dir` for `jobs` files (removed when dropped).
    ///
    /// # Errors
    /// When `dir` is not writable.
    pub fn create(dir: &Path, jobs: usize) -> std::io::Result<Records> {
        Ok(Records {
            file: RecordFile::create(dir, "运行记录")?,
            spans: vec![None; jobs],
        })
    }

    /// Stores the record of job `index` (an index out of range is ignored).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn push(&mut self, index: usize, record: &Record) -> std::io::Result<()> {
        if index >= self.spans.len() {
            return Ok(());
        }
        self.spans[index] = Some(self.file.append(record)?);
        Ok(())
    }

    /// Ends writing; the records can then be read back.
    ///
    /// # Errors
    /// When the buffered end of the file cannot be written.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.file.finish()
    }

    fn read(&self, span: Span) -> Result<Record, String> {
        self.file.read(span)
    }

    /// Calls `f` with each record in job order (jobs without a result are
    /// skipped).
    ///
    /// # Errors
    /// When the file cannot be read back, or what `f` returns.
    pub fn for_each(
        &self,
        mut f: impl FnMut(&Record) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        for span in self.spans.iter().flatten() {
            f(&self.read(*span).map_err(std::io::Error::other)?)?;
        }
        Ok(())
    }

    /// The manifest's `inputs`, read back one record at a time as they are
    /// serialised.
    pub fn manifest_inputs(&self) -> ManifestInputs<'_> {
        ManifestInputs(self)
    }
}

/// [`Records::manifest_inputs`].
pub struct ManifestInputs<'a>(&'a Records);

impl Serialize for ManifestInputs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let records = self.0;
        let mut seq = s.serialize_seq(Some(records.spans.iter().flatten().count()))?;
        for span in records.spans.iter().flatten() {
            let record = records.read(*span).map_err(S::Error::custom)?;
            seq.serialize_element(&record.manifest_input())?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(i: usize) -> Record {
        Record {
            file: format!("子目录/局{i}.xlsx"),
            sha256: (!i.is_multiple_of(3)).then(|| format!("{i:064x}")),
            millis: i as u64 * 7,
            result: match i % 4 {
                0 => Err(format!("第{i}个文件损坏：\"引号\"\n换行")),
                1 => Ok(None),
                _ => Ok(Some(format!("子目录/局{i}_评分.xlsx"))),
            },
        }
    }

    #[test]
    fn records_come_back_in_job_order_and_serialise_as_a_list_would() {
        let dir = tempfile::tempdir().unwrap();
        let n = 9;
        let mut records = Records::create(dir.path(), n).unwrap();
        // Results arrive out of order; job 5 never gives one.
        for i in [3, 0, 8, 1, 2, 7, 4, 6, 42] {
            records.push(i, &record(i)).unwrap();
        }
        records.finish().unwrap();
        let want: Vec<Record> = (0..n).filter(|i| *i != 5).map(record).collect();
        let mut got = Vec::new();
        records
            .for_each(|r| {
                got.push(r.clone());
                Ok(())
            })
            .unwrap();
        assert_eq!(got, want);
        // The streamed list is the list serialised from memory, byte for byte.
        let in_memory: Vec<ManifestInput<'_>> = want.iter().map(Record::manifest_input).collect();
        assert_eq!(
            serde_json::to_string_pretty(&records.manifest_inputs()).unwrap(),
            serde_json::to_string_pretty(&in_memory).unwrap()
        );
        let text = serde_json::to_string(&records.manifest_inputs()).unwrap();
        assert!(text.contains("\"status\":\"failed\""), "{text}");
        assert!(
            text.contains("\"output\":\"子目录/局2_评分.xlsx\""),
            "{text}"
        );
        let mut log = Vec::new();
        record(4).write_log_line(&mut log).unwrap();
        record(2).write_log_line(&mut log).unwrap();
        assert_eq!(
            String::from_utf8(log).unwrap(),
            "子目录/局4.xlsx\t未能评分\t28 ms\t第4个文件损坏：\"引号\" 换行\n子目录/局2.xlsx\t已评分\t14 ms\n"
        );
        // A name with a line break, a tab or an escape keeps to one line.
        let mut odd = record(1);
        odd.file = "甲\n局\t\u{1b}[2J.xlsx".into();
        let mut log = Vec::new();
        odd.write_log_line(&mut log).unwrap();
        assert_eq!(
            String::from_utf8(log).unwrap(),
            "甲\u{FFFD}局\u{FFFD}\u{FFFD}[2J.xlsx\t已评分\t7 ms\n"
        );
        let path = records.file.path().to_path_buf();
        assert!(path.exists());
        drop(records);
        assert!(!path.exists(), "the record file is removed");
    }

    #[test]
    fn an_empty_batch_has_an_empty_list() {
        let dir = tempfile::tempdir().unwrap();
        let mut records = Records::create(dir.path(), 0).unwrap();
        records.finish().unwrap();
        let empty: Vec<ManifestInput<'_>> = Vec::new();
        assert_eq!(
            serde_json::to_string_pretty(&records.manifest_inputs()).unwrap(),
            serde_json::to_string_pretty(&empty).unwrap()
        );
    }
}

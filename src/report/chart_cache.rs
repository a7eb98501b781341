//! The cached values of the 等级分布 sheet's chart of every department's
//! total, added to the saved `汇总.xlsx`.
//!
//! The chart reads the 汇总 sheet's 部门 and 总分 columns (得分率 when
//! departments have different 满分: they are then ranked by it). That sheet is
//! written row by row (rust_xlsxwriter's constant-memory mode), so
//! rust_xlsxwriter cannot give the chart cached values and, without them,
//! writes the 部门 range as a number reference. A viewer that draws charts
//! from their caches (previews, some phone apps) then shows an empty chart,
//! and a spreadsheet that trusts the reference kind may label the bars
//! 1, 2, 3…. Here the saved file's chart part is rewritten with a string
//! reference for the names and a number reference for the totals (or
//! 得分率), both with the values the 汇总 sheet's cells hold, read again department by department in
//! rank order (memory does not grow with the departments); every other part
//! of the file is copied as it is, compressed bytes and all.

use std::io::{Read, Seek, Write};
use std::path::Path;

use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::ReportError;
use crate::score::summary::{BatchSummary, DeptSummary};

/// How the summary writer marks the chart's two ranges: `<c:f>(汇总!…)</c:f>`
/// (in parentheses, so that rust_xlsxwriter leaves them uncached).
const MARK: &str = "<c:f>(";

/// Copies the workbook `input` to `out`, giving the totals chart cached
/// values from `summary`. A workbook without that chart (no departments) is
/// copied unchanged.
///
/// # Errors
/// When `input` is not a readable zip or writing `out` fails.
pub fn add_totals_cache<R: Read + Seek, W: Write + Seek>(
    input: R,
    out: W,
    summary: &BatchSummary,
    level: u8,
) -> zip::result::ZipResult<W> {
    let mut zip = ZipArchive::new(input)?;
    let mut writer = ZipWriter::new(out);
    for i in 0..zip.len() {
        let is_chart = {
            let entry = zip.by_index_raw(i)?;
            entry.name()?.starts_with("xl/charts/chart")
        };
        if !is_chart {
            writer.raw_copy_file(zip.by_index_raw(i)?)?;
            continue;
        }
        let mut entry = zip.by_index(i)?;
        let mut xml = String::new();
        entry.read_to_string(&mut xml)?;
        if !xml.contains(MARK) {
            drop(entry);
            writer.raw_copy_file(zip.by_index_raw(i)?)?;
            continue;
        }
        let name = entry.name()?.to_string();
        let mut options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(i64::from(level)));
        if let Some(t) = entry.last_modified() {
            options = options.last_modified_time(t);
        }
        drop(entry);
        writer.start_file(name, options)?;
        write_cached(&mut writer, &xml, summary)?;
    }
    writer.finish()
}

/// Writes the chart part `xml` with its `<c:cat>` and `<c:val>` references
/// cached, the values streamed department by department.
fn write_cached(out: &mut impl Write, xml: &str, summary: &BatchSummary) -> std::io::Result<()> {
    let mut rest = xml;
    let by_rate = summary.facts().mixed_maxima();
    for tag in ["c:cat", "c:val"] {
        let Some((start, end)) = span(rest, tag) else {
            continue;
        };
        let Some(f) = formula(&rest[start..end]) else {
            continue;
        };
        out.write_all(&rest.as_bytes()[..start])?;
        if tag == "c:cat" {
            write!(out, "<c:cat><c:strRef><c:f>{f}</c:f><c:strCache>")?;
            points(out, summary, |d| {
                Some(escape(printable(&d.department)).into_owned())
            })?;
            out.write_all(b"</c:strCache></c:strRef></c:cat>")?;
        } else {
            // The number format and values of the plotted cells.
            let format = if by_rate { "0.00%" } else { "0.00" };
            write!(
                out,
                "<c:val><c:numRef><c:f>{f}</c:f><c:numCache><c:formatCode>{format}</c:formatCode>"
            )?;
            points(out, summary, |d| {
                d.plotted(by_rate).map(|v| v.normalize().to_string())
            })?;
            out.write_all(b"</c:numCache></c:numRef></c:val>")?;
        }
        rest = &rest[end..];
    }
    out.write_all(rest.as_bytes())
}

/// The marked formula in `element`, without its parentheses.
fn formula(element: &str) -> Option<&str> {
    let f = &element[element.find(MARK)? + MARK.len()..];
    Some(&f[..f.find(")</c:f>")?])
}

/// The byte range of the first `<tag>…</tag>`.
fn span(xml: &str, tag: &str) -> Option<(usize, usize)> {
    let start = xml.find(&format!("<{tag}>"))?;
    let close = format!("</{tag}>");
    let end = start + xml[start..].find(&close)? + close.len();
    Some((start, end))
}

/// `<c:ptCount val="n"/>` and one `<c:pt>` per department, rank order; a
/// department without a value (a blank cell) has none.
fn points(
    out: &mut impl Write,
    summary: &BatchSummary,
    value: impl Fn(&DeptSummary) -> Option<String>,
) -> std::io::Result<()> {
    write!(out, "<c:ptCount val=\"{}\"/>", summary.department_count())?;
    for (n, d) in summary.depts().enumerate() {
        if let Some(v) = value(&d) {
            write!(out, "<c:pt idx=\"{n}\"><c:v>{v}</c:v></c:pt>")?;
        }
    }
    Ok(())
}

/// Control characters and U+FFFE/U+FFFF, which XML 1.0 does not allow, as
/// spaces.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// [`add_totals_cache`] from the file `raw` into the file `out` (temp
/// files of the summary `shown`, the path errors name).
///
/// # Errors
/// [`ReportError::Io`] naming `shown` when a file cannot be read or
/// written (the system's reason kept: 磁盘空间不足…);
/// [`ReportError::Xlsx`] when a department's record cannot be read back.
pub fn add_totals_cache_file(
    (raw, out, shown): (&Path, &Path, &Path),
    summary: &BatchSummary,
    level: u8,
) -> Result<(), ReportError> {
    let io = |source: std::io::Error| ReportError::Io {
        path: shown.to_path_buf(),
        source,
    };
    let input = std::fs::File::open(raw).map_err(io)?;
    let output = std::fs::File::create(out).map_err(io)?;
    let written = add_totals_cache(
        std::io::BufReader::new(input),
        std::io::BufWriter::with_capacity(256 * 1024, output),
        summary,
        level,
    )
    .map_err(|e| match e {
        zip::result::ZipError::Io(e) => io(e),
        other => ReportError::Xlsx(not_written(&other.to_string())),
    })?;
    written.into_inner().map_err(|e| io(e.into_error()))?;
    read_back(summary)
}

/// The error of a department record that could not be read back while the
/// chart's values were written (the iteration then ended early).
fn read_back(summary: &BatchSummary) -> Result<(), ReportError> {
    match summary.read_error() {
        Some(e) => Err(ReportError::Xlsx(not_written(&e))),
        None => Ok(()),
    }
}

fn not_written(reason: &str) -> rust_xlsxwriter::XlsxError {
    rust_xlsxwriter::XlsxError::IoError(std::io::Error::other(format!(
        "汇总图表的缓存值未能写入：{reason}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_characters_xml_allows() {
        assert_eq!(printable("甲\u{1}局\u{FFFF}\t"), "甲 局 \t");
        assert_eq!(printable("丙局, \"直属\" & <乙>"), "丙局, \"直属\" & <乙>");
    }

    #[test]
    fn a_missing_saved_file_is_reported_under_the_summary_name() {
        let dir = tempfile::tempdir().unwrap();
        let shown = dir.path().join("汇总.xlsx");
        let err = add_totals_cache_file(
            (
                &dir.path().join(".raw.tmp"),
                &dir.path().join(".out.tmp"),
                &shown,
            ),
            &crate::report::summary::tests::sample(),
            3,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("无法写入「{}」：文件或文件夹不存在", shown.display())
        );
    }
}

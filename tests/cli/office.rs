//! LibreOffice, headless, as a real spreadsheet application for the tests
//! (issue 10): recalculation forced on load (a profile with
//! `OOXMLRecalcMode` = 0, NOTES-ecosystem §3), conversions, and Basic macros
//! that edit a cell and report page breaks.
//!
//! Without LibreOffice the tests that need it are skipped with a message,
//! unless `JIXIAO_REQUIRE_LIBREOFFICE` is set (as `.ci/run` does): then
//! its absence fails them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The longest a macro may run (seconds).
const MACRO_SECONDS: u64 = 240;

/// How LibreOffice paginated one sheet for printing.
#[derive(Debug, Clone)]
pub struct SheetPages {
    pub name: String,
    /// Last used row (zero-based).
    pub last: u32,
    pub pages: u32,
    /// Rows (zero-based) that start a page.
    pub breaks: Vec<u32>,
}

/// A LibreOffice installation with a private profile.
pub struct Office {
    exe: PathBuf,
    profile: tempfile::TempDir,
}

const RECALC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// The Basic macros the tests call (library Standard, module Module1).
///
/// - `Edit(in, out, filter, edits)`: opens `in`, applies `edits`
///   (`评分表!I5=3;评分表!H12=;评分表!C5='文字`: a number, empty to clear,
///   or text after `'`), recalculates,
///   stores as `out` with the filter (`Calc MS Excel 2007 XML`, `calc8`).
/// - `Breaks(ins, out, pdfs)`: prints each workbook of `ins` (URLs joined
///   by `|`) to the PDF at the same place in `pdfs`, then writes to `out` a
///   line `#k` and for every sheet a line `name<TAB>last used row<TAB>page
///   count<TAB>break rows…` (zero-based rows that start a page).
const MACROS: &str = r##"Sub Edit(inUrl As String, outUrl As String, filter As String, edits As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden" : args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, "_blank", 0, args())
  parts = Split(edits, ";")
  For i = 0 To UBound(parts)
    If Len(parts(i)) > 0 Then
      eq = InStr(parts(i), "=")
      target = Left(parts(i), eq - 1)
      value = Mid(parts(i), eq + 1)
      bang = InStr(target, "!")
      sh = doc.Sheets.getByName(Left(target, bang - 1))
      cell = sh.getCellRangeByName(Mid(target, bang + 1))
      If Len(value) = 0 Then
        cell.setString("")
      ElseIf Left(value, 1) = "'" Then
        cell.setString(Mid(value, 2))
      Else
        cell.setValue(CDbl(value))
      End If
    End If
  Next i
  doc.calculateAll()
  Dim out(1) As New com.sun.star.beans.PropertyValue
  out(0).Name = "FilterName" : out(0).Value = filter
  out(1).Name = "Overwrite" : out(1).Value = True
  doc.storeToURL(outUrl, out())
  doc.close(True)
End Sub

Sub Breaks(inUrls As String, outPath As String, pdfUrls As String)
  ins = Split(inUrls, "|")
  pdfs = Split(pdfUrls, "|")
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden" : args(0).Value = True
  Dim pdf(0) As New com.sun.star.beans.PropertyValue
  pdf(0).Name = "FilterName" : pdf(0).Value = "calc_pdf_Export"
  f = FreeFile
  Open outPath For Output As #f
  For k = 0 To UBound(ins)
    doc = StarDesktop.loadComponentFromURL(ins(k), "_blank", 0, args())
    doc.calculateAll()
    REM Printing to PDF lays the pages out; the sheets' breaks then say where.
    doc.storeToURL(pdfs(k), pdf())
    Print #f, "#" & k
    For i = 0 To doc.Sheets.Count - 1
      sh = doc.Sheets.getByIndex(i)
      cur = sh.createCursor()
      cur.gotoEndOfUsedArea(False)
      last = cur.getRangeAddress().EndRow
      b = sh.getRowPageBreaks()
      s = sh.Name & Chr(9) & last & Chr(9)
      pages = 1
      rows = ""
      For j = 0 To UBound(b)
        If b(j).Position > 0 And b(j).Position <= last Then
          pages = pages + 1
          rows = rows & Chr(9) & b(j).Position
        End If
      Next j
      Print #f, s & pages & rows
    Next i
    doc.close(True)
  Next k
  Close #f
End Sub
"##;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn find_exe() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A `file://` URL for a path.
pub fn url(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file://");
    for b in abs.to_string_lossy().as_bytes() {
        match b {
            b'/' | b'-' | b'_' | b'.' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => {
                out.push(char::from(*b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A `file://` URL for a file not written yet (its folder exists).
fn url_of_new(path: &Path) -> String {
    let name = url(Path::new(path.file_name().unwrap()));
    format!(
        "{}/{}",
        url(path.parent().unwrap()),
        name.trim_start_matches("file://").trim_start_matches('/')
    )
}

impl Office {
    /// Whether columns are drawn with Calibri's metrics (Calibri itself or
    /// the metric-compatible Carlito), as Excel and WPS draw them: without,
    /// LibreOffice on Linux falls back to a wider font and a printed page
    /// differs. `None` with a message when not and not required.
    #[allow(clippy::print_stderr)]
    pub fn calibri_metrics(&self, test: &str) -> Option<()> {
        let found = Command::new("fc-match")
            .arg("Calibri")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_lowercase())
            .unwrap_or_default();
        if found.contains("carlito") || found.contains("calibri") {
            return Some(());
        }
        assert!(
            std::env::var_os("JIXIAO_REQUIRE_LIBREOFFICE").is_none(),
            "{test}: the Carlito font (fonts-crosextra-carlito) is required but missing"
        );
        eprintln!(
            "skipped {test}: no Calibri-compatible font; install fonts-crosextra-carlito to run it"
        );
        None
    }

    /// LibreOffice with a fresh profile, or `None` (with a message) when it
    /// is not installed and not required.
    #[allow(clippy::print_stderr)]
    pub fn start(test: &str) -> Option<Office> {
        let Some(exe) = find_exe() else {
            assert!(
                std::env::var_os("JIXIAO_REQUIRE_LIBREOFFICE").is_none(),
                "{test}: LibreOffice (soffice) is required (JIXIAO_REQUIRE_LIBREOFFICE is set) but not on PATH"
            );
            eprintln!(
                "skipped {test}: LibreOffice (soffice) is not installed; install libreoffice-calc-nogui to run it"
            );
            return None;
        };
        let profile = tempfile::tempdir().expect("profile dir");
        let user = profile.path().join("user");
        std::fs::create_dir_all(&user).unwrap();
        std::fs::write(user.join("registrymodifications.xcu"), RECALC).unwrap();
        // A new profile's first start writes the default Basic library over
        // whatever is there: start it once, then put the macros in.
        let office = Office { exe, profile };
        let _ = office.command().arg("--terminate_after_init").output();
        let (exe, profile) = (office.exe, office.profile);
        let basic = user.join("basic");
        let standard = basic.join("Standard");
        std::fs::create_dir_all(&standard).unwrap();
        let module = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE script:module PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"module.dtd\">\n<script:module xmlns:script=\"http://openoffice.org/2000/script\" script:name=\"Module1\" script:language=\"StarBasic\">{}</script:module>\n",
            xml_escape(MACROS)
        );
        std::fs::write(standard.join("Module1.xba"), module).unwrap();
        let library = |element: &str| {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE library:library PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"library.dtd\">\n<library:library xmlns:library=\"http://openoffice.org/2000/library\" library:name=\"Standard\" library:readonly=\"false\" library:passwordprotected=\"false\">{element}</library:library>\n"
            )
        };
        std::fs::write(
            standard.join("script.xlb"),
            library("<library:element library:name=\"Module1\"/>"),
        )
        .unwrap();
        std::fs::write(standard.join("dialog.xlb"), library("")).unwrap();
        for (file, lib) in [("script.xlc", "script.xlb"), ("dialog.xlc", "dialog.xlb")] {
            std::fs::write(
                basic.join(file),
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE library:libraries PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"libraries.dtd\">\n<library:libraries xmlns:library=\"http://openoffice.org/2000/library\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><library:library library:name=\"Standard\" xlink:href=\"$(USER)/basic/Standard/{lib}/\" xlink:type=\"simple\" library:link=\"false\"/></library:libraries>\n"
                ),
            )
            .unwrap();
        }
        Some(Office { exe, profile })
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.exe);
        c.arg(format!(
            "-env:UserInstallation={}",
            url(self.profile.path())
        ))
        .arg("--headless")
        .arg("--norestore");
        c
    }

    /// Converts files in one run (`to`: `xlsx:Calc MS Excel 2007 XML`,
    /// `pdf`, `ods`…) into `out`; returns the outputs, which must exist
    /// (soffice exits 0 even when a file fails to load).
    pub fn convert(&self, files: &[PathBuf], to: &str, ext: &str, out: &Path) -> Vec<PathBuf> {
        std::fs::create_dir_all(out).unwrap();
        let status = self
            .command()
            .arg("--convert-to")
            .arg(to)
            .arg("--outdir")
            .arg(out)
            .args(files)
            .output()
            .expect("soffice runs");
        files
            .iter()
            .map(|f| {
                let p = out.join(format!(
                    "{}.{ext}",
                    f.file_stem().unwrap().to_string_lossy()
                ));
                assert!(
                    p.is_file(),
                    "LibreOffice did not write {} ({})",
                    p.display(),
                    String::from_utf8_lossy(&status.stderr)
                );
                p
            })
            .collect()
    }

    /// Runs a macro of module Module1 with string arguments.
    fn call(&self, name: &str, args: &[&str]) {
        let quoted: Vec<String> = args
            .iter()
            .map(|a| format!("\"{}\"", a.replace('"', "\"\"")))
            .collect();
        let mut child = self
            .command()
            .arg(format!(
                "macro:///Standard.Module1.{name}({})",
                quoted.join(",")
            ))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("soffice runs");
        // A Basic error opens a dialog nobody answers in headless mode:
        // never wait for it forever.
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("soffice runs") {
                break status;
            }
            if started.elapsed() > std::time::Duration::from_secs(MACRO_SECONDS) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("macro {name} did not finish within {MACRO_SECONDS} s");
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        };
        assert!(status.success(), "macro {name} failed: {status}");
    }

    /// Edits cells (`评分表!I5=3;评分表!H12=`), recalculates and saves as
    /// `out` (`Calc MS Excel 2007 XML` for xlsx, `calc8` for ods).
    pub fn edit(&self, input: &Path, out: &Path, filter: &str, edits: &str) {
        self.call("Edit", &[&url(input), &url_of_new(out), filter, edits]);
        assert!(out.is_file(), "LibreOffice did not save {}", out.display());
    }

    /// Prints each workbook to its PDF (one LibreOffice run) and returns,
    /// per workbook, the page breaks of each sheet: (sheet, last used row,
    /// pages, rows that start a page), as LibreOffice paginated it.
    pub fn breaks(&self, files: &[(PathBuf, PathBuf)]) -> Vec<Vec<SheetPages>> {
        let report = self.profile.path().join("breaks.txt");
        let _ = std::fs::remove_file(&report);
        let ins: Vec<String> = files.iter().map(|(x, _)| url(x)).collect();
        let pdfs: Vec<String> = files.iter().map(|(_, p)| url_of_new(p)).collect();
        self.call(
            "Breaks",
            &[&ins.join("|"), report.to_str().unwrap(), &pdfs.join("|")],
        );
        for (_, pdf) in files {
            assert!(pdf.is_file(), "LibreOffice did not print {}", pdf.display());
        }
        let text = std::fs::read(&report).expect("breaks report written");
        let mut out: Vec<Vec<SheetPages>> = Vec::new();
        // Basic writes the system's 8-bit encoding: sheet names may be lossy.
        for l in String::from_utf8_lossy(&text).lines() {
            if l.starts_with('#') {
                out.push(Vec::new());
                continue;
            }
            let mut f = l.split('\t');
            let name = f.next().unwrap_or_default().to_string();
            let last = f.next().unwrap_or("0").trim().parse().unwrap_or(0);
            let pages = f.next().unwrap_or("1").trim().parse().unwrap_or(1);
            let rows = f.filter_map(|x| x.trim().parse().ok()).collect();
            if let Some(current) = out.last_mut() {
                current.push(SheetPages {
                    name,
                    last,
                    pages,
                    breaks: rows,
                });
            }
        }
        assert_eq!(out.len(), files.len(), "one report per workbook");
        out
    }
}

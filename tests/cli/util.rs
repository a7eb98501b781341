use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use calamine::{Data, Reader, open_workbook_auto};

/// A temp folder with copies of the sample workbooks (originals never touched).
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Copies `sample_workbooks/<name>` into the workdir.
    pub fn sample(&self, name: &str) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_workbooks")
            .join(name);
        let dst = self.path(Path::new(name).file_name().unwrap().to_str().unwrap());
        std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        dst
    }

    /// Runs `jixiao` with args inside the workdir.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("jixiao")
            .expect("binary built")
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .expect("jixiao runs")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "jixiao {args:?} failed ({:?})\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// How many files in `dir` have names ending with `suffix`.
pub fn count_files(dir: &Path, suffix: &str) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(suffix)
        })
        .count()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A sheet as text, cells as shown by `Data`'s Display.
pub fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).expect("output opens with calamine");
    let range = wb.worksheet_range(sheet).expect("sheet exists");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r1, c1) = range.end().unwrap_or((0, 0));
    (0..=r1)
        .map(|r| {
            (0..=c1)
                .map(|c| {
                    if r < r0 || c < c0 {
                        return String::new();
                    }
                    match range.get_value((r, c)) {
                        Some(Data::Empty) | None => String::new(),
                        Some(Data::Float(f)) => format!("{f}"),
                        Some(other) => other.to_string(),
                    }
                })
                .collect()
        })
        .collect()
}

/// The first row whose column `col` equals `text`.
pub fn row_named<'a>(rows: &'a [Vec<String>], col: usize, text: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r.get(col).is_some_and(|c| c == text))
        .unwrap_or_else(|| panic!("no row with {text:?} in column {col}: {rows:#?}"))
}

/// The formula text of a cell (zero-based), as calamine reads it.
pub fn formula_at(path: &Path, sheet: &str, row: u32, col: u32) -> String {
    let mut wb = open_workbook_auto(path).unwrap();
    let f = wb.worksheet_formula(sheet).unwrap();
    f.get_value((row, col)).cloned().unwrap_or_default()
}

/// Cells of a small test sheet: (row, col, text or number).
pub type Cells<'a> = &'a [(u32, u16, &'a str)];

/// Writes a small workbook: `(sheet, cells)`.
pub fn write_workbook(path: &Path, sheets: &[(&str, Cells<'_>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, cells) in sheets {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        for (r, c, v) in *cells {
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(*r, *c, n).unwrap(),
                Err(_) => ws.write_string(*r, *c, *v).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
}

/// The first row whose column `col` starts with `text` (names may carry "（3分）").
pub fn row_starting<'a>(rows: &'a [Vec<String>], col: usize, text: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r.get(col).is_some_and(|c| c.starts_with(text)))
        .unwrap_or_else(|| panic!("no row starting with {text:?} in column {col}"))
}

/// Merged ranges of a sheet as `(first_row, first_col, last_row, last_col)`.
pub fn merged(path: &Path, sheet: &str) -> Vec<(u32, u32, u32, u32)> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.merge_cells_by_sheet_name(sheet)
        .unwrap()
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect()
}

/// A one-row rubric (在职人员控制率 under 投入) with the given 分值 and 评分标准.
pub fn one_row_rubric(path: &Path, points: &str, standard: &str) {
    write_workbook(
        path,
        &[(
            "评分表",
            &[
                (0, 0, "一级指标"),
                (0, 1, "三级指标"),
                (0, 2, "分值"),
                (0, 3, "评分标准"),
                (1, 0, "投入"),
                (1, 1, "在职人员控制率"),
                (1, 2, points),
                (1, 3, standard),
            ],
        )],
    );
}

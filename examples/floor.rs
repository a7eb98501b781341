//! The *floor* of a batch (issue 9, `docs/性能.md`): what the file formats
//! alone cost. For every workbook in a folder, in one process and one
//! thread, it reads every cell of every sheet with calamine and writes a
//! three-sheet workbook of about the size of jixiao's scored workbook with
//! rust_xlsxwriter, into an output folder. No scoring, no 汇总.
//!
//! ```text
//! cargo run --release --example floor -- IN_DIR OUT_DIR
//! ```
//!
//! The output's shape copies a typical `<名称>_评分.xlsx` of the generated
//! departments (measured on `synth` output: 评分表 496 cells, 指标计算 488,
//! 评分汇总 84; about 480 text cells of which about 410 distinct): sheet 1
//! has 55 rows × 9 columns (5 of them text), sheet 2 61 × 8 (3 text), sheet
//! 3 21 × 4 (2 text), a merged title row on each, jixiao's kind of cell
//! formats (宋体, thin borders, wrapping) and fixed document properties.
//! Text cells take the input's strings in turn (with a pass number after
//! the first pass, so most are distinct); number cells take its numbers.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
};

/// (sheet name, rows, columns, which columns hold text).
const SHEETS: [(&str, u32, u16, &[u16]); 3] = [
    ("评分表", 55, 9, &[0, 1, 2, 4, 8]),
    ("指标计算", 61, 8, &[0, 1, 3]),
    ("评分汇总", 21, 4, &[0, 1]),
];

/// What was read of one input: its text and its numbers, in sheet order.
struct Cells {
    text: Vec<String>,
    numbers: Vec<f64>,
}

fn read(path: &Path) -> Result<Cells, Box<dyn Error>> {
    let bytes = std::fs::read(path)?;
    let mut sheets: Sheets<Cursor<&[u8]>> = open_workbook_auto_from_rs(Cursor::new(&bytes[..]))?;
    let mut cells = Cells {
        text: Vec::new(),
        numbers: Vec::new(),
    };
    for name in sheets.sheet_names() {
        let range = sheets.worksheet_range(&name)?;
        for (_, _, data) in range.used_cells() {
            match data {
                Data::String(s) => cells.text.push(s.clone()),
                Data::Float(f) => cells.numbers.push(*f),
                Data::Int(i) => cells.numbers.push(*i as f64),
                _ => {}
            }
        }
    }
    if cells.text.is_empty() {
        cells.text.push(String::new());
    }
    if cells.numbers.is_empty() {
        cells.numbers.push(0.0);
    }
    Ok(cells)
}

fn write(cells: &Cells, out: &Path) -> Result<(), Box<dyn Error>> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("部门整体支出绩效评价评分表")
            .set_creation_datetime(&date),
    );
    let base = Format::new().set_font_name("宋体").set_font_size(10.5);
    let title = base.clone().set_font_size(16).set_bold();
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let header = cell
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0x00F2_F2F2));
    let score = cell
        .clone()
        .set_align(FormatAlign::Center)
        .set_num_format("0.00");
    let (mut t, mut n) = (0usize, 0usize);
    for (name, rows, cols, text_cols) in SHEETS {
        let ws = wb.add_worksheet().set_name(name)?;
        ws.merge_range(0, 0, 0, cols - 1, name, &title)?;
        for c in 0..cols {
            ws.write_string_with_format(1, c, "表头", &header)?;
            ws.set_column_width(c, if text_cols.contains(&c) { 24 } else { 10 })?;
        }
        for r in 2..rows {
            for c in 0..cols {
                if text_cols.contains(&c) {
                    let pass = t / cells.text.len();
                    let s = &cells.text[t % cells.text.len()];
                    if pass == 0 {
                        ws.write_string_with_format(r, c, s, &cell)?;
                    } else {
                        ws.write_string_with_format(r, c, format!("{s}（{pass}）"), &cell)?;
                    }
                    t += 1;
                } else {
                    let v = cells.numbers[n % cells.numbers.len()];
                    ws.write_number_with_format(r, c, v, &score)?;
                    n += 1;
                }
            }
        }
    }
    std::fs::write(out, wb.save_to_buffer()?)?;
    Ok(())
}

fn inputs(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            inputs(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads every workbook under `input` and writes its floor workbook into
/// `output`; returns how many.
///
/// # Errors
/// When a workbook cannot be read or written.
pub fn run(input: &Path, output: &Path) -> Result<usize, Box<dyn Error>> {
    let mut found = Vec::new();
    inputs(input, &mut found)?;
    found.sort();
    std::fs::create_dir_all(output)?;
    for path in &found {
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let cells = read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        write(&cells, &output.join(format!("{stem}_floor.xlsx")))?;
    }
    Ok(found.len())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: floor IN_DIR OUT_DIR");
        std::process::exit(2)
    };
    let n = run(Path::new(input), Path::new(output))?;
    println!("floor: {n} workbooks read and written");
    Ok(())
}

//! The *floor* of a batch (issue 9, `docs/性能.md`): what the file formats
//! alone cost. For every workbook in a folder, in one process and one
//! thread, it reads every cell of every sheet with calamine and writes a
//! workbook of the shape of jixiao's scored workbook with rust_xlsxwriter,
//! into an output folder. No scoring, no 汇总.
//!
//! ```text
//! cargo run --release --example floor -- IN_DIR OUT_DIR
//! ```
//!
//! The output copies the shape of a typical `<名称>_评分.xlsx` of the
//! generated departments: the average over 200 `synth` departments of each
//! sheet's cells by kind (text, number, formula, formatted blank), merged
//! ranges, data validations and set row heights, measured on the scored
//! workbooks of commit 3a876f7 (see `SHEETS`; about 1,730 cells, 485
//! distinct strings). Four formatted sheets (宋体, thin borders, wrapping,
//! a merged title row) and a hidden unformatted one, fixed document
//! properties, compressed at the scored workbooks' zip level (3). Text
//! cells take the input's strings in turn (with a pass number after the
//! first pass, up to 485 distinct strings, then repeated); number cells
//! take its numbers. Until issue 9's second round the floor had three
//! sheets of 1,068 cells (the scored workbook's shape before the 说明
//! sheet, the score validations and the hidden `_jixiao` record were
//! added) and used the library's default zip level 6.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
};

/// One sheet of the floor workbook: how many cells of each kind, placed
/// row by row in a grid of `cols` columns below a merged title row.
struct Shape {
    name: &'static str,
    cols: u16,
    text: usize,
    numbers: usize,
    formulas: usize,
    blanks: usize,
    merges: u32,
    validations: u32,
    heights: u32,
    /// The hidden record sheet: no cell formats.
    hidden: bool,
}

/// Averages over 200 generated departments' scored workbooks (see the
/// module comment), rounded.
const SHEETS: [Shape; 5] = [
    Shape {
        name: "评分表",
        cols: 10,
        text: 157,
        numbers: 105,
        formulas: 14,
        blanks: 172,
        merges: 30,
        validations: 61,
        heights: 47,
        hidden: false,
    },
    Shape {
        name: "指标计算",
        cols: 7,
        text: 255,
        numbers: 81,
        formulas: 0,
        blanks: 112,
        merges: 41,
        validations: 0,
        heights: 62,
        hidden: false,
    },
    Shape {
        name: "评分汇总",
        cols: 4,
        text: 43,
        numbers: 6,
        formulas: 25,
        blanks: 39,
        merges: 22,
        validations: 0,
        heights: 9,
        hidden: false,
    },
    Shape {
        name: "说明",
        cols: 3,
        text: 83,
        numbers: 0,
        formulas: 0,
        blanks: 10,
        merges: 9,
        validations: 0,
        heights: 9,
        hidden: false,
    },
    Shape {
        name: "_jixiao",
        cols: 17,
        text: 385,
        numbers: 171,
        formulas: 69,
        blanks: 0,
        merges: 0,
        validations: 0,
        heights: 0,
        hidden: true,
    },
];

/// Distinct strings of the scored workbook (the rest repeat).
const DISTINCT: usize = 485;

/// A formula of the length of the scored workbook's totals.
const FORMULA: &str = "=IF(COUNT(H4:H50)=0,\"\",SUMPRODUCT(1-ISNUMBER(H4:H50),G4:G50)+SUM(H4:H50))";

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    Formula,
    Blank,
}

/// The kinds of a sheet's cells, interleaved evenly (each kind spread over
/// the whole sheet, as in a form).
/// The cells written by the merges (the title row's and two-cell ones:
/// text in the first cell, formatted blanks in the others) are not placed
/// again.
fn kinds(shape: &Shape) -> Vec<Kind> {
    let (title_text, title_blanks) = if shape.hidden {
        (0, 0)
    } else {
        (1, usize::from(shape.cols) - 1)
    };
    let merges = shape.merges as usize;
    let counts = [
        (Kind::Text, shape.text.saturating_sub(title_text + merges)),
        (Kind::Number, shape.numbers),
        (Kind::Formula, shape.formulas),
        (
            Kind::Blank,
            shape.blanks.saturating_sub(title_blanks + merges),
        ),
    ];
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let mut placed = [0usize; 4];
    (0..total)
        .map(|i| {
            // The kind furthest behind its share at this point.
            let (k, _) = counts
                .iter()
                .enumerate()
                .filter(|(k, (_, n))| placed[*k] < *n)
                .map(|(k, (_, n))| {
                    (
                        k,
                        (i + 1) as f64 * *n as f64 / total as f64 - placed[k] as f64,
                    )
                })
                .fold((0, f64::MIN), |best, c| if c.1 > best.1 { c } else { best });
            placed[k] += 1;
            counts[k].0
        })
        .collect()
}

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
    // The scored workbooks' compression level (the library's default is 6).
    wb.set_zip_compression_level(jixiao::report::style::ZIP_LEVEL);
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
    let validation = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 5.0))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("得分超出范围")?
        .set_error_message("本项分值为5分，请输入 0 到 5 之间的数字。")?
        .set_input_title("得分")?
        .set_input_message("请输入 0 到 5 之间的数字")?;
    let plain = Format::new();
    let (mut t, mut n) = (0usize, 0usize);
    for shape in &SHEETS {
        let ws = wb.add_worksheet().set_name(shape.name)?;
        let (cell, score) = if shape.hidden {
            ws.set_hidden(true);
            (&plain, &plain)
        } else {
            ws.merge_range(0, 0, 0, shape.cols - 1, shape.name, &title)?;
            for c in 0..shape.cols {
                ws.set_column_width(c, if c % 3 == 1 { 24 } else { 10 })?;
            }
            (&cell, &score)
        };
        let first = u32::from(!shape.hidden);
        let cols = u32::from(shape.cols);
        // The first merges take two cells of a row each, at its start.
        let merged = |r: u32, c: u16| r >= first && r < first + shape.merges && c < 2;
        for r in first..first + shape.merges {
            ws.merge_range(r, 0, r, 1, "合并单元格", &header)?;
        }
        let mut i = 0u32;
        for kind in kinds(shape) {
            let (mut r, mut c);
            loop {
                (r, c) = (first + i / cols, (i % cols) as u16);
                i += 1;
                if !merged(r, c) {
                    break;
                }
            }
            match kind {
                Kind::Text => {
                    // Distinct up to DISTINCT, then repeated.
                    let k = t % DISTINCT;
                    let pass = k / cells.text.len();
                    let s = &cells.text[k % cells.text.len()];
                    if pass == 0 {
                        ws.write_string_with_format(r, c, s, cell)?;
                    } else {
                        ws.write_string_with_format(r, c, format!("{s}（{pass}）"), cell)?;
                    }
                    t += 1;
                }
                Kind::Number => {
                    ws.write_number_with_format(
                        r,
                        c,
                        cells.numbers[n % cells.numbers.len()],
                        score,
                    )?;
                    n += 1;
                }
                Kind::Formula => {
                    ws.write_formula_with_format(r, c, FORMULA, score)?;
                }
                Kind::Blank => {
                    ws.write_blank(r, c, cell)?;
                }
            }
        }
        for r in 0..shape.validations {
            ws.add_data_validation(first + r, 2, first + r, 2, &validation)?;
        }
        for r in 0..shape.heights {
            ws.set_row_height(first + r, 30)?;
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

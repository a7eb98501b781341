//! Writing files: the scored workbook, the template, the batch's 汇总
//! (workbook, CSV, JSON). Only this stage
//! writes, and always atomically (temp file + rename), never over an input.

pub mod atomic;
pub mod chart_cache;
pub mod export;
pub mod form;
pub mod layout;
pub mod paging;
pub mod ranked;
pub mod record;
pub mod scored;
pub mod spill;
pub mod style;
pub mod summary;
pub mod template;
pub mod verdict;

use std::path::PathBuf;

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("生成 Excel 文件失败：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("无法写入「{path}」：{}", crate::base::os_error::describe(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output exists and `--force` was not given.
    #[error(
        "输出文件「{path}」已存在，为避免覆盖已停止：如确需覆盖请加 --force，或用 --out 指定其他文件名"
    )]
    OutputExists { path: PathBuf },
    /// The output path is the input file.
    #[error("输出文件「{path}」就是输入文件，jixiao 不会覆盖原始数据：请用 --out 指定其他文件名")]
    OverwritesInput { path: PathBuf },
}

impl ReportError {
    /// Whether the error is about this department's output (exit 1) rather
    /// than how the command was called (exit 2).
    pub fn is_department_failure(&self) -> bool {
        matches!(self, ReportError::Xlsx(_) | ReportError::Io { .. })
    }
}

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
    #[error("生成 Excel 文件失败：{}", describe_xlsx(.0))]
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
    /// The output folder given is an existing file.
    #[error("输出文件夹「{path}」是一个已存在的文件，不是文件夹：请用 --out 指定一个文件夹")]
    NotAFolder { path: PathBuf },
    /// One of a batch's own outputs (its folder, 汇总, 运行记录, log)
    /// could not be written: the batch could not run (exit 2).
    #[error(transparent)]
    BatchOutput(Box<ReportError>),
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

/// Creates a command's output folder.
///
/// # Errors
/// [`ReportError::NotAFolder`] when the path is an existing file,
/// [`ReportError::Io`] when it cannot be created.
pub fn create_output_folder(dir: &std::path::Path) -> Result<(), ReportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ReportError::NotAFolder {
            path: dir.to_path_buf(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// A rust_xlsxwriter error in Chinese (its own text is English): what a
/// user can act on for the errors an input can cause, else a plain
/// statement that the Excel writer failed.
pub fn describe_xlsx(e: &rust_xlsxwriter::XlsxError) -> String {
    use rust_xlsxwriter::XlsxError as X;
    match e {
        // jixiao's own messages travel as `io::Error::other` (Chinese).
        X::IoError(io) if io.kind() == std::io::ErrorKind::Other && io.get_ref().is_some() => {
            io.to_string()
        }
        X::IoError(io) => crate::base::os_error::describe(io),
        X::TempFileError(path, io) => format!(
            "无法写入临时文件「{}」：{}",
            path.display(),
            crate::base::os_error::describe(io)
        ),
        X::MaxStringLengthExceeded => {
            "有单元格文字超过 Excel 单元格的上限（32767 个字符）".to_string()
        }
        X::RowColumnLimitError | X::RowColumnOrderError => {
            "内容超出 Excel 工作表的行列范围".to_string()
        }
        X::MergeRangeOverlaps(..) | X::MergeRangeSingleCell => {
            "合并单元格区域重叠或无效".to_string()
        }
        _ => "Excel 文件写入组件报告了内部错误，请将输入文件反馈给维护人员".to_string(),
    }
}

//! Operating-system errors in Chinese: users never see "No such file or
//! directory (os error 2)".

use std::io::{Error, ErrorKind};

/// A Chinese sentence for an I/O error, with the OS code for support.
///
/// ```
/// use jixiao::base::os_error::describe;
/// let e = std::io::Error::from(std::io::ErrorKind::NotFound);
/// assert_eq!(describe(&e), "文件或文件夹不存在");
/// ```
pub fn describe(e: &Error) -> String {
    let text = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有访问权限（文件可能正被其他程序打开，或所在位置只读）",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::DirectoryNotEmpty => "文件夹不为空",
        ErrorKind::StorageFull => "磁盘空间不足",
        ErrorKind::ReadOnlyFilesystem => "所在磁盘或位置只读",
        ErrorKind::InvalidFilename => "文件名无效或过长",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::UnexpectedEof => "文件意外结束（可能不完整）",
        ErrorKind::BrokenPipe => "输出管道已关闭",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::FileTooLarge => "文件过大",
        ErrorKind::Unsupported => "不是普通文件（可能是文件夹、管道或设备）",
        // What reading a text file that is not UTF-8 gives (a config saved
        // as GBK by Notepad on an older Windows).
        ErrorKind::InvalidData if e.to_string().contains("UTF-8") => {
            "不是 UTF-8 编码的文本（可能是 GBK/ANSI 编码：请用记事本或 WPS 另存为 UTF-8 编码）"
        }
        _ => "",
    };
    match (text, e.raw_os_error()) {
        ("", Some(code)) => format!("系统错误（代码 {code}）"),
        ("", None) => "系统错误".to_string(),
        (text, _) => text.to_string(),
    }
}

/// Reads a small text file (a config, a profile, last year's 汇总): only a
/// regular file, and only up to `max_bytes` — a FIFO would block forever.
///
/// # Errors
/// The OS error; `Unsupported` for a folder, pipe or device; `FileTooLarge`.
pub fn read_text(path: &std::path::Path, max_bytes: u64) -> Result<String, Error> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::from(ErrorKind::Unsupported));
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(max_bytes.saturating_add(1))
        .read_to_string(&mut text)?;
    if text.len() as u64 > max_bytes {
        return Err(Error::from(ErrorKind::FileTooLarge));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_errors_are_chinese() {
        assert_eq!(
            describe(&Error::from(ErrorKind::PermissionDenied)),
            "没有访问权限（文件可能正被其他程序打开，或所在位置只读）"
        );
        assert_eq!(describe(&Error::from_raw_os_error(2)), "文件或文件夹不存在");
        assert_eq!(describe(&Error::other("x")), "系统错误");
    }
}

//! The console window jixiao runs in (issue 13).
//!
//! On Windows, a user who double-clicks jixiao.exe or drops a file onto it
//! gets a console window of jixiao's own, which closes the moment jixiao
//! exits: the result would flash by unread. Such a window is recognised by
//! being attached to no other process (`GetConsoleProcessList` returns 1;
//! from cmd.exe, PowerShell or a script it is at least 2), and jixiao then
//! waits for a key before exiting.
//!
//! Chinese text: Rust's standard library writes to a Windows console with
//! `WriteConsoleW` (UTF-16), so it reads right whatever the code page; the
//! output code page is set to UTF-8 (65001) for the run anyway, for anything
//! that writes bytes, and restored at exit so the user's cmd.exe session is
//! left as it was. jixiao writes no colour or cursor codes itself; the batch
//! progress bar is drawn by `indicatif` through the `console` crate, which
//! moves the cursor with console API calls on Windows and is replaced by
//! plain lines when stderr is not a terminal.
//!
//! Elsewhere (Linux, macOS) nothing here does anything.

/// `1`: wait for a key after the no-command form as if started by
/// Explorer; `0`: never wait. For tests and for shortcuts that run jixiao in
/// a window of their own.
pub const PAUSE_ENV: &str = "JIXIAO_PAUSE";

/// The prompt shown before waiting.
pub const PAUSE_PROMPT: &str = "\n按任意键关闭此窗口……\n";

/// The console as jixiao found it; restores the output code page on drop.
pub struct Console {
    #[cfg(windows)]
    saved_code_page: Option<u32>,
    alone: bool,
}

impl Console {
    /// Looks at the console and switches its output to UTF-8 for the run.
    pub fn open() -> Console {
        Console {
            #[cfg(windows)]
            saved_code_page: windows::use_utf8_output(),
            alone: windows::console_is_ours_alone(),
        }
    }

    /// Whether to wait for a key before exiting. Only the no-command form
    /// (`no_command`) can come from Explorer — a double-click or a drop —
    /// so a scheduled `jixiao batch …` in a window of its own never waits.
    pub fn should_pause(&self, no_command: bool) -> bool {
        match std::env::var(PAUSE_ENV).as_deref() {
            Ok("0") => false,
            Ok("1") => no_command,
            _ => no_command && self.alone,
        }
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        #[cfg(windows)]
        if let Some(cp) = self.saved_code_page {
            windows::restore_output(cp);
        }
    }
}

/// Waits until a key is pressed (a console), or a line or end of input is
/// read (redirected input).
pub fn wait_for_key() {
    if windows::read_key() {
        return;
    }
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::System::Console::{
        FlushConsoleInputBuffer, GetConsoleMode, GetConsoleOutputCP, GetConsoleProcessList,
        GetStdHandle, INPUT_RECORD, KEY_EVENT, ReadConsoleInputW, STD_INPUT_HANDLE,
        SetConsoleOutputCP,
    };

    const UTF8: u32 = 65001;

    /// Sets the console's output code page to UTF-8; returns the one to
    /// restore, or `None` without a console or when it was UTF-8 already.
    pub fn use_utf8_output() -> Option<u32> {
        // SAFETY: plain calls without pointers; 0 means "no console".
        let old = unsafe { GetConsoleOutputCP() };
        if old == 0 || old == UTF8 {
            return None;
        }
        // SAFETY: as above.
        (unsafe { SetConsoleOutputCP(UTF8) } != 0).then_some(old)
    }

    pub fn restore_output(code_page: u32) {
        // SAFETY: a plain call without pointers.
        unsafe {
            SetConsoleOutputCP(code_page);
        }
    }

    /// True when this process is the only one attached to its console: the
    /// window was created for it (Explorer), not inherited from a shell.
    pub fn console_is_ours_alone() -> bool {
        let mut ids = [0u32; 4];
        // SAFETY: the buffer holds `ids.len()` entries, as the call is told.
        let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), 4) };
        n == 1
    }

    /// Waits for a key press on the console; false when stdin is not a
    /// console (redirected), so the caller reads it instead.
    pub fn read_key() -> bool {
        // SAFETY: the handle comes from GetStdHandle and is only passed back
        // to console calls, which fail cleanly on a non-console handle; the
        // record and the count are valid for writes of one entry.
        unsafe {
            let input = GetStdHandle(STD_INPUT_HANDLE);
            let mut mode = 0;
            if GetConsoleMode(input, &raw mut mode) == 0 {
                return false;
            }
            // Keys pressed while jixiao worked do not count.
            FlushConsoleInputBuffer(input);
            loop {
                let mut record: INPUT_RECORD = std::mem::zeroed();
                let mut read = 0u32;
                if ReadConsoleInputW(input, &raw mut record, 1, &raw mut read) == 0 {
                    return true;
                }
                if read == 1
                    && u32::from(record.EventType) == KEY_EVENT
                    && record.Event.KeyEvent.bKeyDown != 0
                {
                    return true;
                }
            }
        }
    }
}

#[cfg(not(windows))]
mod windows {
    pub fn console_is_ours_alone() -> bool {
        false
    }

    pub fn read_key() -> bool {
        false
    }
}

//! Ctrl-C (SIGINT) and SIGTERM during a batch: the first one asks the batch
//! to stop (it hands out no more files, stops its workers, removes its
//! temporary files and writes no 汇总); a second one ends the process at
//! once, so that a user is never trapped by a batch slow to stop.
//!
//! Workers ignore both signals ([`ignore_in_worker`]): a Ctrl-C at the
//! terminal reaches every process of the group, and a worker dying of it
//! would look like a file that made it crash. The batch stops them itself.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The exit code of a process ended by a second Ctrl-C (128 + SIGINT).
const EXIT_AT_ONCE: i32 = 130;

static STOP: AtomicBool = AtomicBool::new(false);

/// Installs the handler (once per process) and returns the flag it sets.
/// When no handler can be installed, the flag is never set and Ctrl-C
/// ends the process as it would without one.
pub fn install() -> &'static AtomicBool {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let _ = ctrlc::set_handler(|| {
            if STOP.swap(true, Ordering::SeqCst) {
                std::process::exit(EXIT_AT_ONCE);
            }
        });
    });
    &STOP
}

/// Makes a worker process ignore Ctrl-C and SIGTERM: the batch that started
/// it stops it (it also ends when the batch closes its input).
pub fn ignore_in_worker() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" touches no memory
    // of this process; nothing else in a worker handles these signals.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGTERM, libc::SIG_IGN);
    }
    #[cfg(windows)]
    // SAFETY: with no handler routine, this only makes the process ignore
    // Ctrl-C; it has no pointer arguments.
    unsafe {
        windows_sys::Win32::System::Console::SetConsoleCtrlHandler(None, 1);
    }
}

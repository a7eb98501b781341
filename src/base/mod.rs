//! The shared vocabulary of every stage: where a value was read
//! ([`Location`]), how text and labels are made comparable ([`text`]), how a
//! cell's content becomes a number ([`number`]), checked decimal arithmetic
//! ([`checked`]), how numbers are shown to users ([`format`]) and the
//! typed [`Warning`] every stage may raise.
//!
//! This module is the leaf of the crate: it imports nothing from it, so every
//! stage may use it and it can never take part in an import cycle.

pub mod cell_ref;
pub mod checked;
pub mod format;
pub mod name;
pub mod number;
pub mod os_error;
pub mod text;

mod location;
mod warning;

pub use location::Location;
pub use warning::{Warning, WarningKind};

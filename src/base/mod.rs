//! The shared vocabulary of every stage: where a value was read
//! ([`Location`]), how text and labels are made comparable ([`text`]), how a
//! cell's content becomes a number ([`number`]), checked decimal arithmetic
//! ([`checked`]), how numbers are shown to users ([`format`]) and the
//! typed [`Warning`] every stage may raise.
//!
//! This module is the leaf of the crate: it imports nothing from it, so every
//! stage may use it and it can never take part in an import cycle.

#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod cell_ref;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod checked;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod format;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod name;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod number;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod os_error;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod text;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod toml_zh;

#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
mod location;
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
mod warning;

pub use location::Location;
pub use warning::{Warning, WarningKind};

//! Fuzz target for label and text normalisation and the cell number parser
//! (issue 11): any text, no panic; normalising is idempotent for labels;
//! a parsed number is within what `Decimal` holds.

#![no_main]

use jixiao::base::number::{Parsed, parse_text};
use jixiao::base::text::{cut, normalize_label, normalize_text, printable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let label = normalize_label(&text);
    // A normalised label normalises to itself: labels compare stably.
    assert_eq!(normalize_label(&label), label);
    let _ = normalize_text(&text);
    let shown = printable(&text);
    assert!(
        !shown
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    );
    let _ = cut(&text, 16);
    if let Parsed::Number { value, .. } = parse_text(&text) {
        let _ = value.to_string();
    }
});

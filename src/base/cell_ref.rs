//! Zero-based (row, col) ↔ A1 names. Only used for display: code keeps numbers.

/// `cell_name(6, 2)` is `"C7"`.
pub fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), u64::from(row).saturating_add(1))
}

/// `col_name(0)` is `"A"`, `col_name(26)` is `"AA"`.
pub fn col_name(col: u16) -> String {
    let mut n = u32::from(col).saturating_add(1);
    let mut out = Vec::new();
    while let Some(m) = n.checked_sub(1) {
        // 0..26: always a letter.
        let rem = u8::try_from(m.checked_rem(26).unwrap_or(0)).unwrap_or(0);
        out.push(char::from(b'A'.saturating_add(rem)));
        n = m.checked_div(26).unwrap_or(0);
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_a1_style() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
    }
}

//! Zero-based (row, col) ↔ A1 names. Only used for display: code keeps numbers.

/// `cell_name(6, 2)` is `"C7"`.
pub fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// `col_name(0)` is `"A"`, `col_name(26)` is `"AA"`.
pub fn col_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
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

//! Checked decimal arithmetic for values that come from input.
//!
//! `rust_decimal`'s operators panic on overflow ("Multiplication overflowed")
//! and a department workbook, a rubric or a command line can hold any number
//! (7.9e27 in a 万元 table, an 编制数 of 1e-28, a 29-digit 分值). Every
//! operation on such a value goes through this module: an overflow or a
//! magnitude no budget can have becomes [`OutOfRange`], which the stages turn
//! into "无法计算：数值超出可计算范围" instead of a panic (issue 6).

use rust_decimal::Decimal;

/// The largest magnitude jixiao computes with: 10^18 (a million times a
/// province's yearly budget in 元, and far above any count or rate). Anything
/// larger is a typing error or hostile input, never a real figure, and
/// keeping all inputs below it leaves room for the products and quotients of
/// the catalogue (at most two operands deep) inside `Decimal`'s 7.9e28.
pub const LIMIT: Decimal = Decimal::from_parts(0xA764_0000, 0x0DE0_B6B3, 0, false, 0);

/// A value or a result outside what jixiao computes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("数值超出可计算范围")
    }
}

impl std::error::Error for OutOfRange {}

/// The result of a checked step.
pub type Checked = Result<Decimal, OutOfRange>;

/// `d` itself when `|d| ≤ LIMIT`.
///
/// ```
/// use jixiao::base::checked::{in_range, LIMIT};
/// use rust_decimal::Decimal;
/// assert!(in_range(Decimal::ONE).is_ok());
/// assert!(in_range(LIMIT).is_ok());
/// assert!(in_range(LIMIT + Decimal::ONE).is_err());
/// ```
pub fn in_range(d: Decimal) -> Checked {
    if d.abs() <= LIMIT {
        Ok(d)
    } else {
        Err(OutOfRange)
    }
}

/// `a + b`, within range.
pub fn add(a: Decimal, b: Decimal) -> Checked {
    a.checked_add(b).ok_or(OutOfRange).and_then(in_range)
}

/// `a − b`, within range.
pub fn sub(a: Decimal, b: Decimal) -> Checked {
    a.checked_sub(b).ok_or(OutOfRange).and_then(in_range)
}

/// `a × b`, within range.
pub fn mul(a: Decimal, b: Decimal) -> Checked {
    a.checked_mul(b).ok_or(OutOfRange).and_then(in_range)
}

/// `a ÷ b`, within range; dividing by zero is out of range too (callers
/// that can name the zero denominator check it first).
pub fn div(a: Decimal, b: Decimal) -> Checked {
    a.checked_div(b).ok_or(OutOfRange).and_then(in_range)
}

/// The sum of many values, within range.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Checked {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn limit_is_ten_to_the_eighteenth() {
        assert_eq!(LIMIT, dec!(1_000_000_000_000_000_000));
    }

    #[test]
    fn overflow_is_out_of_range_not_a_panic() {
        assert_eq!(mul(Decimal::MAX, dec!(2)), Err(OutOfRange));
        assert_eq!(add(Decimal::MAX, Decimal::MAX), Err(OutOfRange));
        assert_eq!(sub(Decimal::MIN, Decimal::MAX), Err(OutOfRange));
        assert_eq!(div(Decimal::ONE, dec!(1e-28)), Err(OutOfRange));
        assert_eq!(div(Decimal::ONE, Decimal::ZERO), Err(OutOfRange));
        assert_eq!(mul(dec!(7.9e27), dec!(10000)), Err(OutOfRange));
    }

    #[test]
    fn ordinary_values_pass() {
        assert_eq!(div(dec!(45), dec!(40)), Ok(dec!(1.125)));
        assert_eq!(mul(dec!(3908.9432), dec!(10000)), Ok(dec!(39089432)));
        assert_eq!(sum([dec!(1), dec!(2.5)]), Ok(dec!(3.5)));
    }

    #[test]
    fn magnitudes_above_the_limit_are_out_of_range() {
        assert!(in_range(dec!(1e19)).is_err());
        assert!(in_range(dec!(-1e19)).is_err());
        assert!(mul(dec!(1e10), dec!(1e10)).is_err());
    }
}

//! How numbers are shown to users: percentages to 2 decimals, scores rounded
//! half away from zero (四舍五入), never rust_decimal's default banker's rounding.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half away from zero: 2.345 → 2.35, 0.125 → 0.13.
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// A score as written: rounded to 2 decimals, trailing zeros dropped (`3`, `0.75`).
pub fn score(d: Decimal) -> String {
    num(round_half_up(d, 2))
}

/// A plain number without trailing zeros: `3908.9432`, `38`.
pub fn num(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// A rate as a percentage with 2 decimals: 0.805531 → `80.55%`.
pub fn pct(d: Decimal) -> String {
    let p = round_half_up(d * Decimal::ONE_HUNDRED, 2);
    format!("{p:.2}%")
}

/// A threshold as a percentage without trailing zeros: 0.9 → `90%`, 0.005 → `0.5%`.
pub fn pct_short(d: Decimal) -> String {
    format!("{}%", num(d * Decimal::ONE_HUNDRED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn half_up_not_bankers() {
        assert_eq!(round_half_up(dec!(2.345), 2), dec!(2.35));
        assert_eq!(round_half_up(dec!(0.125), 2), dec!(0.13));
        assert_eq!(round_half_up(dec!(-2.345), 2), dec!(-2.35));
        assert_eq!(score(dec!(2.5)), "2.5");
        assert_eq!(score(dec!(3.000)), "3");
    }

    #[test]
    fn percentages() {
        assert_eq!(pct(dec!(0.805531)), "80.55%");
        assert_eq!(pct(dec!(6.94138)), "694.14%");
        assert_eq!(pct(dec!(0)), "0.00%");
        assert_eq!(pct_short(dec!(0.9)), "90%");
        assert_eq!(pct_short(dec!(0.005)), "0.5%");
    }
}

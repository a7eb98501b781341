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
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{:.2}%", round_half_up(p, 2)),
        // Beyond what a Decimal holds: shown as written, never a panic.
        None => format!("{}×100%", num(d)),
    }
}

/// A threshold as a percentage without trailing zeros: 0.9 → `90%`, 0.005 → `0.5%`.
pub fn pct_short(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", num(p)),
        None => format!("{}×100%", num(d)),
    }
}

/// Thousands separators in the numbers of a text: `98701元` → `98,701元`,
/// `3908.9432万元` → `3,908.9432万元`. Years (`2023年`), cell addresses
/// (`C12`) and decimals after the point are left alone.
pub fn grouped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len().saturating_add(8));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before = i.checked_sub(1).and_then(|b| chars.get(b));
        let starts_run = c.is_ascii_digit()
            && before.is_none_or(|p| !(p.is_ascii_alphanumeric() || *p == '.' || *p == ','));
        if !starts_run {
            out.push(c);
            i = i.saturating_add(1);
            continue;
        }
        let end = (i..chars.len())
            .find(|j| !chars[*j].is_ascii_digit())
            .unwrap_or(chars.len());
        let digits: String = chars[i..end].iter().collect();
        let year = digits.len() == 4 && chars.get(end) == Some(&'年');
        if digits.len() > 3 && !year {
            for (k, d) in digits.chars().enumerate() {
                if k > 0 && digits.len().saturating_sub(k).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(d);
            }
        } else {
            out.push_str(&digits);
        }
        i = end;
    }
    out
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
    fn thousands() {
        assert_eq!(grouped("本年＝98701元"), "本年＝98,701元");
        assert_eq!(grouped("3908.9432万元"), "3,908.9432万元");
        assert_eq!(grouped("1234567.12345"), "1,234,567.12345");
        assert_eq!(grouped("2023年度，38人"), "2023年度，38人");
        assert_eq!(grouped("三公经费!C12"), "三公经费!C12");
        assert_eq!(grouped("AB12345"), "AB12345");
        assert_eq!(grouped("80.55%"), "80.55%");
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

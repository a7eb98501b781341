//! The one conversion of a cell's text or number into `Decimal`.
//!
//! calamine gives `Float(f64)` for numbers and `String` for numbers typed as
//! text (`"1,234.50"`, `"80%"`, `"８０％"`, accounting negatives `"(35.60)"`).
//! `Data::as_f64` is never used: it accepts `"inf"` and rejects `"1,234.50"`
//! (NOTES-ecosystem §1.3). How a numeric cell's number format changes its
//! meaning (1.01 in `0.00%` is 101%) is `grid::numfmt`'s and `facts`' part.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use super::text::normalize_text;

/// What a cell's content means as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A number. `percent` is set when the text carried a `%` (already divided by 100).
    Number {
        value: Decimal,
        percent: bool,
        unit: Option<MoneyUnit>,
    },
    /// Empty or a "no data" marker: `—`, `-`, `/`, `无`, `空`, or a lone unit like `（万元）`.
    Blank,
    /// Text saying the item does not apply (`单位不需填列`, `不适用`).
    NotApplicable(String),
    /// Text that is not a number.
    Text(String),
}

/// Money units found in tables: values are converted to 元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum MoneyUnit {
    Yuan,
    /// 千元: some 决算 tables and self-evaluation reports.
    QianYuan,
    WanYuan,
    /// 亿元: large departments' summary tables.
    YiYuan,
}

impl MoneyUnit {
    /// How many 元 one unit holds.
    pub fn factor(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::QianYuan => Decimal::from(1_000),
            MoneyUnit::WanYuan => Decimal::from(10_000),
            MoneyUnit::YiYuan => Decimal::from(100_000_000),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::QianYuan => "千元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }

    /// The unit a text such as `单位：万元` or `金额单位:元` declares.
    pub fn declared_in(text: &str) -> Option<MoneyUnit> {
        let t = normalize_text(text).replace(' ', "");
        if t.contains("万元") {
            Some(MoneyUnit::WanYuan)
        } else if t.contains("千元") {
            Some(MoneyUnit::QianYuan)
        } else if t.contains("亿元") {
            Some(MoneyUnit::YiYuan)
        } else if t.contains("单位:元") || t.contains("(元)") || t == "元" {
            Some(MoneyUnit::Yuan)
        } else {
            None
        }
    }
}

/// Converts an f64 read from a spreadsheet, keeping ~15 significant digits so
/// that `0.1 + 0.2` stored by Excel reads as `0.3`.
pub fn decimal_from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    Decimal::from_f64(x).map(|d| d.normalize())
}

const NOT_APPLICABLE: [&str; 5] = ["不需填列", "不适用", "不涉及", "无需填列", "不填列"];
const BLANK: [&str; 9] = ["", "-", "--", "—", "——", "―", "/", "无", "空"];

/// Parses the text of a cell.
///
/// ```
/// use jixiao::base::number::{parse_text, Parsed};
/// use rust_decimal_macros::dec;
/// assert!(matches!(parse_text("1,234.50"), Parsed::Number { value, .. } if value == dec!(1234.50)));
/// assert!(matches!(parse_text("８０％"), Parsed::Number { value, percent: true, .. } if value == dec!(0.8)));
/// assert_eq!(parse_text("—"), Parsed::Blank);
/// assert!(matches!(parse_text("单位不需填列"), Parsed::NotApplicable(_)));
/// ```
pub fn parse_text(raw: &str) -> Parsed {
    let t: String = normalize_text(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if BLANK.contains(&t.as_str()) {
        return Parsed::Blank;
    }
    if NOT_APPLICABLE.iter().any(|w| t.contains(w)) {
        return Parsed::NotApplicable(raw.trim().to_string());
    }
    // A lone unit such as "（万元）" or "单位：元" is not a value.
    let inner = t.trim_start_matches('(').trim_end_matches(')');
    if ["万元", "千元", "亿元", "元", "人", "名", "个", "%"].contains(&inner)
        || (t.starts_with("单位") && MoneyUnit::declared_in(&t).is_some())
    {
        return Parsed::Blank;
    }
    let mut s = t.as_str();
    let mut unit = None;
    for (suffix, u) in [
        ("万元", Some(MoneyUnit::WanYuan)),
        ("千元", Some(MoneyUnit::QianYuan)),
        ("亿元", Some(MoneyUnit::YiYuan)),
        ("元", Some(MoneyUnit::Yuan)),
    ] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            unit = u;
            break;
        }
    }
    for suffix in [
        "人次", "人", "名", "个", "件", "项", "辆", "次", "户", "批", "分",
    ] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    // Accounting negatives: "(35.60)", "（35.60）" (full-width brackets are
    // ASCII after NFKC), also around a percentage: "(3.2%)".
    let (s, accounting_negative) = match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (s, false),
    };
    let percent = s.ends_with('%');
    let s = s.trim_end_matches('%');
    // The minus sign U+2212 is not folded by NFKC.
    let cleaned: String = s
        .chars()
        .filter(|c| *c != ',')
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let valid = !cleaned.is_empty()
        && cleaned.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit()
                || c == '.'
                || (i == 0 && !accounting_negative && (c == '-' || c == '+'))
        })
        && cleaned.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Parsed::Text(raw.trim().to_string());
    }
    match Decimal::from_str(cleaned.trim_start_matches('+')) {
        Ok(mut value) => {
            if accounting_negative {
                value.set_sign_negative(!value.is_sign_negative());
            }
            if percent {
                // Dividing by 100 only shrinks a Decimal: never fails.
                value = value.checked_div(Decimal::ONE_HUNDRED).unwrap_or(value);
            }
            Parsed::Number {
                value: value.normalize(),
                percent,
                unit,
            }
        }
        Err(_) => Parsed::Text(raw.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn num(raw: &str) -> Decimal {
        match parse_text(raw) {
            Parsed::Number { value, .. } => value,
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn numbers_written_as_text() {
        assert_eq!(num("1,234.50"), dec!(1234.5));
        assert_eq!(num(" 12 "), dec!(12));
        assert_eq!(num("１２"), dec!(12));
        assert_eq!(num("１，２３４．５０"), dec!(1234.5));
        assert_eq!(num("80%"), dec!(0.8));
        assert_eq!(num("８０％"), dec!(0.8));
        assert_eq!(num("-3.2%"), dec!(-0.032));
        assert_eq!(num("38人"), dec!(38));
        assert_eq!(num("3908.9432万元"), dec!(3908.9432));
        assert_eq!(num("+5"), dec!(5));
        // Thousands separators, ASCII or full-width; the U+2212 minus sign.
        assert_eq!(num("１２，３４５"), dec!(12345));
        assert_eq!(num("1,234,567.8"), dec!(1234567.8));
        assert_eq!(num("\u{2212}12.5"), dec!(-12.5));
        assert_eq!(num("－12.5"), dec!(-12.5));
    }

    #[test]
    fn accounting_negatives() {
        assert_eq!(num("(35.60)"), dec!(-35.6));
        assert_eq!(num("（35.60）"), dec!(-35.6));
        assert_eq!(num("(1,234.50)"), dec!(-1234.5));
        assert_eq!(num("（１，２３４．５０）"), dec!(-1234.5));
        assert_eq!(num("(3.2%)"), dec!(-0.032));
        assert_eq!(num("(12.5)万元"), dec!(-12.5));
        // A sign inside the brackets, or brackets around no number, is not a number.
        for raw in ["(-35.60)", "(+5)", "()", "(35.60", "35.60)", "(abc)"] {
            assert!(matches!(parse_text(raw), Parsed::Text(_)), "{raw}");
        }
    }

    #[test]
    fn money_suffix_is_reported() {
        assert!(matches!(
            parse_text("12.5万元"),
            Parsed::Number {
                unit: Some(MoneyUnit::WanYuan),
                ..
            }
        ));
    }

    #[test]
    fn blanks_and_not_applicable() {
        for raw in [
            "",
            "  ",
            "—",
            "——",
            "-",
            "/",
            "无",
            "空",
            "（万元）",
            "(元)",
            "单位：万元",
            "%",
        ] {
            assert_eq!(parse_text(raw), Parsed::Blank, "{raw:?}");
        }
        assert!(matches!(
            parse_text("单位不需填列"),
            Parsed::NotApplicable(_)
        ));
        assert!(matches!(parse_text("不适用"), Parsed::NotApplicable(_)));
    }

    #[test]
    fn rejects_what_as_f64_would_accept() {
        for raw in ["inf", "NaN", "1e3", "abc", "12.3.4", "1-2"] {
            assert!(matches!(parse_text(raw), Parsed::Text(_)), "{raw}");
        }
    }

    #[test]
    fn floats_keep_short_form() {
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(dec!(0.3)));
        assert_eq!(
            decimal_from_f64(33.333333333333336),
            Some(dec!(33.33333333333334))
        );
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(decimal_from_f64(f64::INFINITY), None);
    }

    /// 千元 and 亿元 are units, not 元 (a 千元 table read as 元 would be a
    /// thousand times too small).
    #[test]
    fn thousand_and_hundred_million_yuan() {
        assert_eq!(
            MoneyUnit::declared_in("单位：千元"),
            Some(MoneyUnit::QianYuan)
        );
        assert_eq!(
            MoneyUnit::declared_in("金额单位：亿元"),
            Some(MoneyUnit::YiYuan)
        );
        assert_eq!(MoneyUnit::QianYuan.factor(), dec!(1000));
        assert_eq!(MoneyUnit::YiYuan.factor(), dec!(100000000));
        assert!(matches!(
            parse_text("12.5千元"),
            Parsed::Number { value, unit: Some(MoneyUnit::QianYuan), .. } if value == dec!(12.5)
        ));
        assert!(matches!(
            parse_text("1.2亿元"),
            Parsed::Number { value, unit: Some(MoneyUnit::YiYuan), .. } if value == dec!(1.2)
        ));
        assert_eq!(parse_text("（千元）"), Parsed::Blank);
    }

    #[test]
    fn declared_units() {
        assert_eq!(
            MoneyUnit::declared_in("单位：万元"),
            Some(MoneyUnit::WanYuan)
        );
        assert_eq!(
            MoneyUnit::declared_in("金额单位：元"),
            Some(MoneyUnit::Yuan)
        );
        assert_eq!(MoneyUnit::declared_in("三公经费"), None);
    }
}

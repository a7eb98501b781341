//! What a clause is made of: numbers, points, comparison words.
//!
//! The recognisers of every rule kind read clauses through these functions,
//! so that "90%", "９０％", "计满分" and "扣0.5分" mean the same thing
//! everywhere. Nothing here decides which kind a text is.
//!
//! Numbers from the text are read only within [`checked::LIMIT`]: a longer
//! figure is a typing error, and the dispatch turns a text holding one into
//! a manual rule ([`has_out_of_range_number`]) before any recogniser sees it.
//! So every threshold, step and point value of a parsed rule is at most
//! 10^18 in magnitude, and the readings (which show rates ×100) cannot
//! overflow.

use rust_decimal::Decimal;

use crate::base::checked::{self, OutOfRange};
use crate::metrics::MetricUnit;

/// A number found in the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Num {
    /// Byte position of its first character (a minus sign or a digit).
    pub start: usize,
    /// Byte position after it, after its `%` when it has one.
    pub end: usize,
    /// In the metric's unit: `90%` is 0.9.
    pub value: Decimal,
    pub percent: bool,
}

/// Every number in the text, in order: `-3.2`, `90%` (as 0.9), `０.５` after NFKC.
pub(super) fn numbers(s: &str) -> Vec<Num> {
    scan(s).into_iter().filter_map(Result::ok).collect()
}

/// Whether the text writes a number too large to compute with (above
/// [`checked::LIMIT`], or too long for `Decimal` at all).
pub(super) fn has_out_of_range_number(s: &str) -> bool {
    scan(s).iter().any(Result::is_err)
}

/// The numbers of the text; a figure out of range is `Err`. Runs that are no
/// number at all (`1.2.3`) are skipped.
fn scan(s: &str) -> Vec<Result<Num, OutOfRange>> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let negative = c == '-'
            && chars.get(i + 1).is_some_and(|(_, d)| d.is_ascii_digit())
            && (i == 0 || !chars[i - 1].1.is_ascii_digit() && !matches!(chars[i - 1].1, '%' | ')'));
        if c.is_ascii_digit() || negative {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.') {
                j += 1;
            }
            let end_byte = chars.get(j).map_or(s.len(), |(b, _)| *b);
            let text = s[start..end_byte].trim_end_matches('.');
            let percent = chars.get(j).is_some_and(|(_, c)| *c == '%');
            let end = if percent { end_byte + 1 } else { end_byte };
            match text.parse::<Decimal>() {
                Ok(v) => out.push(checked::in_range(v).map(|v| Num {
                    start,
                    end,
                    value: if percent { from_percent(v) } else { v },
                    percent,
                })),
                // Digits with at most one point that `Decimal` cannot hold.
                Err(_) if text.matches('.').count() <= 1 => out.push(Err(OutOfRange)),
                Err(_) => {}
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Chinese small numbers in "一个百分点", "两个".
pub(super) fn cn_number(s: &str) -> Option<Decimal> {
    let map = [
        ("一", 1),
        ("两", 2),
        ("二", 2),
        ("三", 3),
        ("四", 4),
        ("五", 5),
        ("十", 10),
    ];
    map.iter()
        .find(|(w, _)| s.starts_with(w))
        .map(|(_, n)| Decimal::from(*n))
}

/// The points a clause gives: `计4分` → 4, `计满分` → a marker, `不得分` → 0.
pub(super) fn points_in(s: &str) -> Option<Decimal> {
    points_with_max(s, None)
}

/// The points a clause gives, `计满分` being `max` (`Decimal::MAX` as a
/// marker when `max` is not known).
pub(super) fn points_with_max(s: &str, max: Option<Decimal>) -> Option<Decimal> {
    if s.contains("不得分") || s.contains("不计分") || s.contains("得0分") || s.contains("计0分")
    {
        return Some(Decimal::ZERO);
    }
    if s.contains("满分") {
        return max.or(Some(Decimal::MAX));
    }
    // The last "N分" that is not a deduction (扣N分) nor 分值.
    numbers(s)
        .into_iter()
        .filter(|n| {
            let after = &s[n.end..];
            !n.percent
                && after.starts_with('分')
                && !after.starts_with("分值")
                && !before(s, n.start, 2).contains('扣')
        })
        .map(|n| n.value)
        .next_back()
}

/// Points written right after a number (`5分`): that number is not a threshold.
pub(super) fn points_after(s: &str, n: &Num) -> Option<()> {
    (!n.percent && s[n.end..].starts_with('分')).then_some(())
}

/// The `k` characters before a byte position.
pub(super) fn before(s: &str, pos: usize, k: usize) -> String {
    let head: Vec<char> = s[..pos].chars().collect();
    head[head.len().saturating_sub(k)..].iter().collect()
}

/// Whether a comparison is written next to a number (`≤100%`, `等于100%`, `50%以上`).
pub(super) fn has_comparator(s: &str, n: &Num) -> bool {
    let lead = before(s, n.start, 3);
    let after = &s[n.end..];
    [
        "≤",
        "≥",
        "=",
        "等于",
        "达到",
        "达",
        "不超过",
        "不低于",
        "<",
        ">",
        "以内",
        "低于",
        "高于",
        "为",
    ]
    .iter()
    .any(|w| lead.ends_with(w))
        || ["以上", "及以上", "(含)以上", "以下", "以内"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// The number as a threshold in the metric's unit; bare numbers above 1 on
/// a rate are read as percentages (with a note).
pub(super) fn threshold_value(n: &Num, unit: MetricUnit, notes: &mut Vec<String>) -> Decimal {
    if unit == MetricUnit::Percent && !n.percent && n.value.abs() > Decimal::ONE {
        notes.push(format!(
            "“{}”未带%号，按{}%理解（推断）",
            crate::base::format::num(n.value),
            crate::base::format::num(n.value)
        ));
        from_percent(n.value)
    } else {
        n.value
    }
}

/// A number written in percent, as a fraction: 5 → 0.05.
///
/// The one unchecked operation on numbers of the text: dividing by 100 only
/// shrinks a value, so it can neither overflow nor leave [`checked::LIMIT`].
pub(super) fn from_percent(v: Decimal) -> Decimal {
    v / Decimal::ONE_HUNDRED
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_with_percent_and_sign() {
        let ns = numbers("≥90%计5分；-3.2%以下");
        let values: Vec<_> = ns.iter().map(|n| (n.value, n.percent)).collect();
        assert_eq!(
            values,
            [(dec!(0.9), true), (dec!(5), false), (dec!(-0.032), true)]
        );
        // A minus between two numbers is a range, not a sign.
        let ns = numbers("80%-90%");
        assert_eq!(ns[1].value, dec!(0.9));
    }

    #[test]
    fn figures_beyond_the_limit_are_out_of_range() {
        assert!(!has_out_of_range_number("≥90%计5分"));
        assert!(!has_out_of_range_number("1000000000000000000分"));
        assert!(has_out_of_range_number("1000000000000000001分"));
        assert!(has_out_of_range_number(
            "每超过79228162514264337593543950335%扣1分"
        ));
        assert!(has_out_of_range_number(
            "计792281625142643375935439503350分"
        ));
        assert!(numbers("计792281625142643375935439503350分").is_empty());
        assert!(!has_out_of_range_number("1.2.3"));
    }

    #[test]
    fn points_of_a_clause() {
        assert_eq!(points_in("80%及以上计4分"), Some(dec!(4)));
        assert_eq!(points_in("低于60%不得分"), Some(dec!(0)));
        assert_eq!(points_in("每超过一个百分点扣0.5分"), None);
        assert_eq!(points_with_max("计满分", Some(dec!(3))), Some(dec!(3)));
    }
}

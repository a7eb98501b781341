//! Indicator names as rubrics write them: `投入（20分）` carries its points
//! in a suffix, and two names mean the same indicator when their
//! [`comparable`] forms are equal.

use rust_decimal::Decimal;

use super::number::{Parsed, parse_text};
use super::text::{normalize_label, normalize_text};

/// Points written inside a name: `投入（20分）` → 20.
pub fn stated_points(text: &str) -> Option<Decimal> {
    points_of_compact(&compact(text))
}

/// A name without its points suffix: `投入（20分）` → `投入`.
pub fn bare_name(text: &str) -> String {
    split_name(text).0
}

/// [`bare_name`] and [`stated_points`] of one name, normalised once.
pub fn split_name(text: &str) -> (String, Option<Decimal>) {
    let mut t = compact(text);
    let points = points_of_compact(&t);
    if points.is_some()
        && t.ends_with("分)")
        && let Some(open) = t.rfind('(')
    {
        t.truncate(open);
    }
    (t, points)
}

/// [`normalize_text`] without spaces.
fn compact(text: &str) -> String {
    normalize_text(text).replace(' ', "")
}

/// [`stated_points`] of a [`compact`] text (which compacts to itself).
fn points_of_compact(t: &str) -> Option<Decimal> {
    let end = t.rfind("分)")?;
    let open = t[..end].rfind('(')?;
    match parse_text(t.get(open.saturating_add(1)..end)?) {
        Parsed::Number { value, .. } => Some(value),
        _ => None,
    }
}

/// A name as compared: no points suffix, no quotes, spaces or brackets noise.
///
/// ```
/// use jixiao::base::name::comparable;
/// assert_eq!(comparable("“三公经费”变动率（5分）"), "三公经费变动率");
/// ```
pub fn comparable(name: &str) -> String {
    normalize_label(&bare_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn points_suffix() {
        assert_eq!(stated_points("投入（20分）"), Some(dec!(20)));
        assert_eq!(stated_points("绩效目标合理性\n（5分）"), Some(dec!(5)));
        assert_eq!(stated_points("投入"), None);
        assert_eq!(bare_name("投  入\n（15分）"), "投入");
        assert_eq!(bare_name("预算执行"), "预算执行");
        // Points inside but not as the suffix: the name keeps them.
        assert_eq!(stated_points("投入（20分）说明"), Some(dec!(20)));
        assert_eq!(bare_name("投入（20分）说明"), "投入(20分)说明");
        assert_eq!(bare_name("投入（满分）"), "投入(满分)");
        assert_eq!(
            split_name(" 产出（ 30 分）"),
            ("产出".to_string(), Some(dec!(30)))
        );
    }
}

//! Indicator names as rubrics write them: `投入（20分）` carries its points
//! in a suffix, and two names mean the same indicator when their
//! [`comparable`] forms are equal.

use rust_decimal::Decimal;

use super::number::{Parsed, parse_text};
use super::text::{normalize_label, normalize_text};

/// Points written inside a name: `投入（20分）` → 20.
pub fn stated_points(text: &str) -> Option<Decimal> {
    let t = normalize_text(text).replace(' ', "");
    let end = t.rfind("分)")?;
    let open = t[..end].rfind('(')?;
    match parse_text(t.get(open.saturating_add(1)..end)?) {
        Parsed::Number { value, .. } => Some(value),
        _ => None,
    }
}

/// A name without its points suffix: `投入（20分）` → `投入`.
pub fn bare_name(text: &str) -> String {
    let t = normalize_text(text).replace(' ', "");
    if let Some(open) = t.rfind('(')
        && t.ends_with("分)")
        && stated_points(&t).is_some()
    {
        return t[..open].to_string();
    }
    t
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
    }
}

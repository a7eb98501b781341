//! Grade bands (DESIGN §2.4): lower bound inclusive, labels configurable.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

/// Grades by descending lower bound; below the last bound, `lowest`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeScale {
    pub bands: Vec<(Decimal, String)>,
    pub lowest: String,
}

impl Default for GradeScale {
    /// 优秀 [90,100], 良好 [80,90), 中 [60,80), 差 below 60.
    fn default() -> Self {
        GradeScale {
            bands: vec![
                (dec!(90), "优秀".to_string()),
                (dec!(80), "良好".to_string()),
                (dec!(60), "中".to_string()),
            ],
            lowest: "差".to_string(),
        }
    }
}

impl GradeScale {
    /// The national labels of 财政部预算司: 优/良/中/差 at 90/80/60.
    pub fn national() -> Self {
        GradeScale {
            bands: vec![
                (dec!(90), "优".to_string()),
                (dec!(80), "良".to_string()),
                (dec!(60), "中".to_string()),
            ],
            lowest: "差".to_string(),
        }
    }

    pub fn grade(&self, total: Decimal) -> &str {
        self.bands
            .iter()
            .find(|(lower, _)| total >= *lower)
            .map_or(self.lowest.as_str(), |(_, label)| label.as_str())
    }

    /// Every label, best first: `优秀, 良好, 中, 差`.
    pub fn labels(&self) -> Vec<String> {
        self.bands
            .iter()
            .map(|(_, l)| l.clone())
            .chain(std::iter::once(self.lowest.clone()))
            .collect()
    }

    /// `优秀≥90，良好≥80，中≥60，差<60`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .bands
            .iter()
            .map(|(b, l)| format!("{l}≥{}", crate::base::format::num(*b)))
            .collect();
        if let Some((last, _)) = self.bands.last() {
            parts.push(format!(
                "{}<{}",
                self.lowest,
                crate::base::format::num(*last)
            ));
        }
        parts.join("，")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bounds_are_inclusive() {
        let g = GradeScale::default();
        assert_eq!(g.grade(dec!(100)), "优秀");
        assert_eq!(g.grade(dec!(90)), "优秀");
        assert_eq!(g.grade(dec!(89.99)), "良好");
        assert_eq!(g.grade(dec!(80)), "良好");
        assert_eq!(g.grade(dec!(79.99)), "中");
        assert_eq!(g.grade(dec!(60)), "中");
        assert_eq!(g.grade(dec!(59.99)), "差");
        assert_eq!(g.grade(dec!(0)), "差");
        assert_eq!(GradeScale::national().grade(dec!(85)), "良");
        assert_eq!(g.describe(), "优秀≥90，良好≥80，中≥60，差<60");
    }
}

//! Bands (分档): each interval of the value earns fixed points.
//!
//! ## What it reads
//! A value and a list of intervals with their points; the first interval
//! that holds the value decides. A value in no interval scores 0.
//!
//! ## Wordings seen
//! - 云溪区 (seed 002): "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；…低于60%不得分。"
//!   (含 after the lower number: the lower bound is inclusive)
//! - 云溪区 (seed 002): "预算调整率=0，计3分；0-10%（含），计2分；…大于30%不得分。"
//!   (含 after the upper number: the upper bound is inclusive)
//! - 桃江县 (seed 004): "80%及以上计满分，60%及以上计3分，40%及以上计2分，40%以下的计1分。"
//! - 云溪区 (seed 002): "95%（含）以上计5分；85%（含）-95%，计3分；75%（含）-85%，计1分；低于75%计0分。"
//!
//! ## Canonical form
//! `分档计分：≥90%计5分；[80%,90%)计4分；=0计3分；(0,10%]计2分；<60%计0分`
//!
//! ## Example
//! 85% with the 云溪 重点支出 bands falls in `[80%,90%)` and scores 4.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{RuleInput, pts, show_threshold, show_value};
use crate::metrics::MetricUnit;

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

impl Bound {
    pub fn inclusive(value: Decimal) -> Self {
        Bound {
            value,
            inclusive: true,
        }
    }

    pub fn exclusive(value: Decimal) -> Self {
        Bound {
            value,
            inclusive: false,
        }
    }
}

/// An interval and its points; a missing bound is unbounded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    pub points: Decimal,
}

impl Band {
    pub fn contains(&self, v: Decimal) -> bool {
        let above = self.lower.is_none_or(|b| {
            if b.inclusive {
                v >= b.value
            } else {
                v > b.value
            }
        });
        let below = self.upper.is_none_or(|b| {
            if b.inclusive {
                v <= b.value
            } else {
                v < b.value
            }
        });
        above && below
    }

    /// `≥90%`, `[80%,90%)`, `=0`, `<60%`.
    pub fn interval(&self, unit: MetricUnit) -> String {
        let t = |b: &Bound| show_threshold(b.value, unit);
        match (&self.lower, &self.upper) {
            (Some(l), Some(u)) if l.value == u.value && l.inclusive && u.inclusive => {
                format!("={}", t(l))
            }
            (Some(l), Some(u)) => format!(
                "{}{},{}{}",
                if l.inclusive { '[' } else { '(' },
                t(l),
                t(u),
                if u.inclusive { ']' } else { ')' }
            ),
            (Some(l), None) => format!("{}{}", if l.inclusive { "≥" } else { ">" }, t(l)),
            (None, Some(u)) => format!("{}{}", if u.inclusive { "≤" } else { "<" }, t(u)),
            (None, None) => "任意值".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    pub bands: Vec<Band>,
}

impl Bands {
    pub(super) fn evaluate(&self, input: &RuleInput) -> (Decimal, String) {
        let shown = show_value(input.value, input.unit);
        match self.bands.iter().find(|b| b.contains(input.value)) {
            Some(b) => (
                b.points,
                format!(
                    "{shown}属于{}档，计{}分",
                    b.interval(input.unit),
                    pts(b.points)
                ),
            ),
            None => (Decimal::ZERO, format!("{shown}不在任何一档，计0分")),
        }
    }

    pub(super) fn scaled(&self, factor: Decimal) -> Bands {
        Bands {
            bands: self
                .bands
                .iter()
                .map(|b| Band {
                    points: (b.points * factor).normalize(),
                    ..b.clone()
                })
                .collect(),
        }
    }

    pub(super) fn fmt_reading(&self, f: &mut fmt::Formatter<'_>, unit: MetricUnit) -> fmt::Result {
        let parts: Vec<String> = self
            .bands
            .iter()
            .map(|b| format!("{}计{}分", b.interval(unit), pts(b.points)))
            .collect();
        write!(f, "分档计分：{}", parts.join("；"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Rule, RuleInput};
    use super::*;
    use rust_decimal_macros::dec;

    fn score(rule: &Rule, v: Decimal) -> Decimal {
        rule.evaluate(
            &RuleInput {
                value: v,
                reference: None,
                unit: MetricUnit::Percent,
            },
            dec!(5),
        )
        .unwrap()
        .score
    }

    /// 云溪 重点支出安排率: ≥90% 5; [80%,90%) 4; [70%,80%) 3; [60%,70%) 2; <60% 0.
    fn yunxi_key() -> Rule {
        let band = |lo: Option<Decimal>, hi: Option<Decimal>, p: Decimal| Band {
            lower: lo.map(Bound::inclusive),
            upper: hi.map(Bound::exclusive),
            points: p,
        };
        Rule::Bands(Bands {
            bands: vec![
                band(Some(dec!(0.9)), None, dec!(5)),
                band(Some(dec!(0.8)), Some(dec!(0.9)), dec!(4)),
                band(Some(dec!(0.7)), Some(dec!(0.8)), dec!(3)),
                band(Some(dec!(0.6)), Some(dec!(0.7)), dec!(2)),
                band(None, Some(dec!(0.6)), dec!(0)),
            ],
        })
    }

    #[test]
    fn inclusive_lower_bound() {
        let r = yunxi_key();
        assert_eq!(score(&r, dec!(0.9)), dec!(5));
        assert_eq!(score(&r, dec!(0.8999)), dec!(4));
        assert_eq!(score(&r, dec!(0.8)), dec!(4));
        assert_eq!(score(&r, dec!(0.7999)), dec!(3));
        assert_eq!(score(&r, dec!(0.6)), dec!(2));
        assert_eq!(score(&r, dec!(0.5999)), dec!(0));
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "分档计分：≥90%计5分；[80%,90%)计4分；[70%,80%)计3分；[60%,70%)计2分；<60%计0分"
        );
    }

    /// 云溪 预算调整率: =0 3; (0,10%] 2; (10%,20%] 1; (20%,30%] 0.5; >30% 0.
    #[test]
    fn inclusive_upper_bound_and_equality() {
        let band = |lo: Decimal, hi: Decimal, p: Decimal| Band {
            lower: Some(Bound::exclusive(lo)),
            upper: Some(Bound::inclusive(hi)),
            points: p,
        };
        let r = Rule::Bands(Bands {
            bands: vec![
                Band {
                    lower: Some(Bound::inclusive(dec!(0))),
                    upper: Some(Bound::inclusive(dec!(0))),
                    points: dec!(3),
                },
                band(dec!(0), dec!(0.1), dec!(2)),
                band(dec!(0.1), dec!(0.2), dec!(1)),
                band(dec!(0.2), dec!(0.3), dec!(0.5)),
                Band {
                    lower: Some(Bound::exclusive(dec!(0.3))),
                    upper: None,
                    points: dec!(0),
                },
            ],
        });
        assert_eq!(score(&r, dec!(0)), dec!(3));
        assert_eq!(score(&r, dec!(0.0001)), dec!(2));
        assert_eq!(score(&r, dec!(0.1)), dec!(2));
        assert_eq!(score(&r, dec!(0.1001)), dec!(1));
        assert_eq!(score(&r, dec!(0.3)), dec!(0.5));
        assert_eq!(score(&r, dec!(0.3001)), dec!(0));
        assert_eq!(
            score(&r, dec!(-0.05)),
            dec!(0),
            "no band holds a negative rate"
        );
        assert_eq!(
            r.reading(MetricUnit::Percent),
            "分档计分：=0计3分；(0,10%]计2分；(10%,20%]计1分；(20%,30%]计0.5分；>30%计0分"
        );
    }

    #[test]
    fn explanation_names_the_band() {
        let e = yunxi_key()
            .evaluate(
                &RuleInput {
                    value: dec!(0.85),
                    reference: None,
                    unit: MetricUnit::Percent,
                },
                dec!(5),
            )
            .unwrap();
        assert_eq!(e.detail, "85.00%属于[80%,90%)档，计4分");
    }
}

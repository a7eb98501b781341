//! Points by a rate: "根据项目资金的实际到位率计算得分（3分）".
//!
//! ## What it reads
//! A text saying the score is computed from a named rate (根据…率计算得分,
//! 按…率计分) and nothing else that scores: the score is `分值 × rate`, at
//! most 分值 (a rate above 100% gives full marks, never more). Read only for
//! the 项目 family (src/family/xiangmu.rs), whose row binds the rate (到位率
//! = 实际到位 ÷ 计划到位); a 部门整体 rubric never sees it.
//!
//! ## Wordings seen
//! - 岳阳市云溪区 附件4-2 (seed 002): "根据项目资金的实际到位率计算得分（3分）"
//!
//! ## Canonical form
//! `按比率计分：得分=实际到位率×3分`

use rust_decimal::Decimal;
use serde::Serialize;

use super::clauses::{Role, prepare, split};
use super::pts;
use crate::base::checked::{self, OutOfRange};
use crate::base::format::pct;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatePoints {
    /// The rate as the text names it (`实际到位率`).
    pub rate: String,
    pub points: Decimal,
}

/// Reads "根据…率计算得分（N分）": one scoring clause, its only number the
/// points (equal to 分值 when written).
pub fn read(text: &str, max: Decimal) -> Option<RatePoints> {
    let t = prepare(text);
    let clauses = split(&t, max);
    let scored: Vec<_> = clauses.iter().filter(|c| c.role == Role::Scored).collect();
    let [c] = scored.as_slice() else {
        return None;
    };
    let s = c.text.as_str();
    let start = s
        .find("根据")
        .or_else(|| s.find("按照"))
        .or_else(|| s.find('按'))?;
    let end = s.find("计算得分").or_else(|| s.find("计分"))?;
    let named = &s[start..end];
    let rate_end = named.rfind('率')? + '率'.len_utf8();
    let rate = named[..rate_end]
        .trim_start_matches("根据")
        .trim_start_matches("按照")
        .trim_start_matches('按');
    let rate = rate.strip_prefix("项目资金的").unwrap_or(rate);
    let points = match c.nums.as_slice() {
        [] => max,
        [n] if !n.percent && s[n.end..].starts_with('分') && n.value == max => n.value,
        _ => return None,
    };
    (!rate.is_empty()).then(|| RatePoints {
        rate: rate.to_string(),
        points,
    })
}

impl RatePoints {
    pub fn reading(&self) -> String {
        format!("按比率计分：得分={}×{}分", self.rate, pts(self.points))
    }

    /// `points × min(rate, 100%)`, at least 0.
    pub fn score(&self, rate: Decimal) -> Result<(Decimal, String), OutOfRange> {
        let share = rate.clamp(Decimal::ZERO, Decimal::ONE);
        let score = checked::mul(self.points, share)?;
        let mut d = format!(
            "{}{}，计{}×{}={}分",
            self.rate,
            pct(rate),
            pts(self.points),
            pct(share),
            crate::base::format::num(super::round_score(score, self.points))
        );
        if rate > Decimal::ONE {
            d.push_str("（超过100%，按100%计）");
        }
        Ok((score, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_rate_and_scores_share() {
        let r = read("根据项目资金的实际到位率计算得分（3分）", dec!(3)).unwrap();
        assert_eq!(r.rate, "实际到位率");
        assert_eq!(r.reading(), "按比率计分：得分=实际到位率×3分");
        assert_eq!(r.score(dec!(1)).unwrap().0, dec!(3));
        assert_eq!(r.score(dec!(0.9)).unwrap().0, dec!(2.7));
        assert_eq!(r.score(dec!(1.2)).unwrap().0, dec!(3));
        assert_eq!(
            read("根据项目资金的实际到位率计算得分（5分）", dec!(3)),
            None
        );
        assert_eq!(read("到位率≥90%得3分；低于90%不得分", dec!(3)), None);
    }
}

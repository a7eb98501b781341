//! What a clause is made of: numbers, points, comparison words, conditions.
//!
//! The recognisers of every rule kind read clauses through these functions,
//! so that "90%", "９０％", "计满分", "得70%分值" and "85%（不含）以上" mean
//! the same thing everywhere. Nothing here decides which kind a text is.
//!
//! Every function here is linear in the length of the clause it reads (a
//! look-behind reads a fixed number of characters, never the whole prefix).
//!
//! Numbers from the text are read only within [`checked::LIMIT`]: a longer
//! figure is a typing error, and the dispatch turns a text holding one into
//! a manual rule ([`has_out_of_range_number`]) before any recogniser sees it.
//! So every threshold, step and point value of a parsed rule is at most
//! 10^18 in magnitude, and the readings (which show rates ×100) cannot
//! overflow.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::checked::{self, OutOfRange};
use crate::metrics::MetricUnit;

/// A number found in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Num {
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
/// number at all (`1.2.3`) are skipped. One pass over the characters.
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
        ("六", 6),
        ("七", 7),
        ("八", 8),
        ("九", 9),
        ("十", 10),
    ];
    map.iter()
        .find(|(w, _)| s.starts_with(w))
        .map(|(_, n)| Decimal::from(*n))
}

/// The `k` characters before a byte position (reads `k` characters only).
pub(super) fn before(s: &str, pos: usize, k: usize) -> String {
    let mut tail: Vec<char> = s[..pos].chars().rev().take(k).collect();
    tail.reverse();
    tail.into_iter().collect()
}

/// The number as a threshold in the metric's unit; bare numbers above 1 on
/// a rate are read as percentages (with a note).
pub(super) fn threshold_value(n: &Num, unit: MetricUnit, notes: &mut Vec<String>) -> Decimal {
    if unit == MetricUnit::Percent && !n.percent && n.value.abs() > Decimal::ONE {
        let note = format!(
            "“{}”未带%号，按{}%理解（推断）",
            crate::base::format::num(n.value),
            crate::base::format::num(n.value)
        );
        if !notes.contains(&note) {
            notes.push(note);
        }
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

// ---------------------------------------------------------------------------
// Points

/// The points a clause gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Points {
    /// `计4分`, `不得分` (0).
    Fixed(Decimal),
    /// `得满分`.
    Full,
    /// `得70%分值`, `得一半分`: a share of the row's 分值.
    Share(Decimal),
}

impl Points {
    /// The points on a row worth `max`; `None` when a share of it leaves
    /// the range jixiao computes in.
    pub fn on(self, max: Decimal) -> Option<Decimal> {
        match self {
            Points::Fixed(p) => Some(p),
            Points::Full => Some(max),
            Points::Share(f) => checked::mul(max, f).ok().map(|d| d.normalize()),
        }
    }

    /// As the text said it, for the clause map: `4分`, `满分`, `分值的70%`.
    pub fn said(self) -> String {
        match self {
            Points::Fixed(p) => format!("{}分", crate::base::format::num(p)),
            Points::Full => "满分".to_string(),
            Points::Share(f) => format!("分值的{}", crate::base::format::pct_short(f)),
        }
    }
}

/// The points phrase of a clause, and which of its numbers it used.
#[derive(Debug, Clone)]
pub(super) struct Award {
    pub points: Points,
    /// Indices (into the clause's numbers) the phrase used.
    pub used: Vec<usize>,
}

/// Words saying "no points".
const ZERO_WORDS: [&str; 6] = ["不得分", "不计分", "不给分", "得0分", "计0分", "得分为0"];

/// Words that leave the score to a person's judgement.
pub(super) const SUBJECTIVE: [&str; 9] = [
    "视情",
    "酌情",
    "视具体情况",
    "综合评定",
    "适当扣分",
    "视完成情况",
    "根据实际情况",
    "根据情况",
    "由评价组",
];

/// The subjective word of a clause, if any.
pub(super) fn subjective(s: &str) -> Option<&'static str> {
    SUBJECTIVE.iter().copied().find(|w| s.contains(w))
}

/// The points a clause gives: `计4分`, `计满分`, `不得分`, `得70%分值`,
/// `得一半分`. Deductions (扣N分), bonuses (加N分) and caps (最高N分) are not
/// points given.
pub(super) fn award(s: &str, nums: &[Num]) -> Option<Award> {
    // Two ways of giving points in one clause ("…得满分…不得分") is two
    // clauses run together: not read.
    let fixed = nums.iter().filter(|n| is_points_number(s, n)).count();
    let kinds = usize::from(ZERO_WORDS.iter().any(|w| s.contains(w)) && fixed == 0)
        + usize::from(has_full_marks(s))
        + fixed;
    if kinds > 1 {
        return None;
    }
    if ZERO_WORDS.iter().any(|w| s.contains(w)) {
        // `得0分`/`计0分` hold the number 0: mark it used.
        let used = nums
            .iter()
            .enumerate()
            .filter(|(_, n)| n.value.is_zero() && !n.percent && s[n.end..].starts_with('分'))
            .map(|(i, _)| i)
            .collect();
        return Some(Award {
            points: Points::Fixed(Decimal::ZERO),
            used,
        });
    }
    if let Some(share) = share_of_max(s, nums) {
        return Some(share);
    }
    // "90%以上不扣分": full marks (not the partial-step "不足…不扣分").
    if s.contains("不扣分") && !s.contains("不足") && !s.contains("不满") {
        return Some(Award {
            points: Points::Full,
            used: Vec::new(),
        });
    }
    if has_full_marks(s) {
        return Some(Award {
            points: Points::Full,
            used: Vec::new(),
        });
    }
    // The last "N分" that is not a deduction, bonus or cap.
    let found = nums
        .iter()
        .enumerate()
        .rfind(|(_, n)| is_points_number(s, n))?;
    Some(Award {
        points: Points::Fixed(found.1.value),
        used: vec![found.0],
    })
}

/// "85%-90%扣1分" (no 每): full marks less a fixed deduction; the
/// deduction and the index of its number.
pub(super) fn fixed_deduction(s: &str, nums: &[Num]) -> Option<(Decimal, usize)> {
    if s.contains('每') {
        return None;
    }
    let mut found = nums.iter().enumerate().filter(|(_, n)| {
        !n.percent && s[n.end..].starts_with('分') && before(s, n.start, 1) == "扣"
    });
    let (i, n) = found.next()?;
    found.next().is_none().then_some((n.value, i))
}

/// `满分` as points given (`得满分`), not as a cap (`满分为止`).
fn has_full_marks(s: &str) -> bool {
    s.match_indices("满分").any(|(i, _)| {
        let after = &s[i + "满分".len()..];
        !after.starts_with("为止") && !after.starts_with("为限") && !before(s, i, 2).contains('扣')
    }) || s.contains("全部分值")
        || s.contains("得全分")
}

/// `5分` that gives 5 points: not `扣5分`, `加5分`, `最高5分`, `5分值`.
pub(super) fn is_points_number(s: &str, n: &Num) -> bool {
    let after = &s[n.end..];
    if n.percent || !after.starts_with('分') {
        return false;
    }
    if ["分值", "分钟", "分之", "分别", "分配", "分项"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        return false;
    }
    let lead = before(s, n.start, 3);
    !["扣", "加", "减", "高", "多", "低", "每", "超"]
        .iter()
        .any(|w| lead.contains(w))
}

/// `得70%分值`, `得分值的70%`, `得70%的分值`, `得一半分`, `分值的一半`.
fn share_of_max(s: &str, nums: &[Num]) -> Option<Award> {
    for (i, n) in nums.iter().enumerate() {
        if !n.percent {
            continue;
        }
        let after = &s[n.end..];
        let lead = before(s, n.start, 4);
        let share_after = ["分值", "的分值", "的分", "分", "权重", "的权重"]
            .iter()
            .any(|w| after.starts_with(w))
            && !after.starts_with("分以")
            && !lead.contains('扣');
        let share_before = ["分值的", "分值×", "总分的", "分值*", "权重×", "满分的"]
            .iter()
            .any(|w| lead.ends_with(w));
        if (share_after || share_before) && !lead.contains('扣') {
            return Some(Award {
                points: Points::Share(n.value),
                used: vec![i],
            });
        }
    }
    let half = [
        "一半分",
        "分值的一半",
        "一半的分",
        "得一半",
        "计一半",
        "50%分值",
    ];
    if half.iter().any(|w| s.contains(w)) && !s.contains("扣一半") {
        return Some(Award {
            points: Points::Share(Decimal::new(5, 1)),
            used: Vec::new(),
        });
    }
    None
}

// ---------------------------------------------------------------------------
// Conditions

/// What a clause's condition says about the value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cond {
    /// No number to compare with.
    Nothing,
    /// One number written without a comparison (`执行率100%得满分`).
    Bare(Num),
    /// An interval; a missing end is unbounded. `inferred_upper`: a range
    /// whose ends are not marked 含 (80%-90%) was read as含下限、不含上限,
    /// and its upper end may be widened to meet the next band.
    Interval {
        lower: Option<Bound>,
        upper: Option<Bound>,
        inferred_upper: bool,
    },
}

/// Comparison words before a number, longest first: (word, side, inclusive).
/// `Side::Lower` makes the number a lower bound of the value.
const PREFIX: [(&str, Side, bool); 37] = [
    ("大于或等于", Side::Lower, true),
    ("大于等于", Side::Lower, true),
    ("小于或等于", Side::Upper, true),
    ("小于等于", Side::Upper, true),
    ("高于或等于", Side::Lower, true),
    ("低于或等于", Side::Upper, true),
    ("未达到", Side::Upper, false),
    ("没有达到", Side::Upper, false),
    ("未超过", Side::Upper, true),
    ("不低于", Side::Lower, true),
    ("不少于", Side::Lower, true),
    ("不小于", Side::Lower, true),
    ("不高于", Side::Upper, true),
    ("不超过", Side::Upper, true),
    ("不大于", Side::Upper, true),
    ("不多于", Side::Upper, true),
    ("不超出", Side::Upper, true),
    ("达到", Side::Lower, true),
    ("超过", Side::Lower, false),
    ("超出", Side::Lower, false),
    ("高于", Side::Lower, false),
    ("大于", Side::Lower, false),
    ("多于", Side::Lower, false),
    ("低于", Side::Upper, false),
    ("小于", Side::Upper, false),
    ("少于", Side::Upper, false),
    ("不足", Side::Upper, false),
    ("不到", Side::Upper, false),
    ("未达", Side::Upper, false),
    ("等于", Side::Equal, true),
    ("≥", Side::Lower, true),
    ("≤", Side::Upper, true),
    (">", Side::Lower, false),
    ("<", Side::Upper, false),
    ("=", Side::Equal, true),
    ("达", Side::Lower, true),
    ("为", Side::Equal, true),
];

/// Comparison words after a number, longest first. 以上/以内 include the
/// number itself (含本数); 以下 does not unless 含 is written (the reading
/// shows which, and the docs say so).
const SUFFIX: [(&str, Side, bool); 12] = [
    ("(不含)以上", Side::Lower, false),
    ("(含)以上", Side::Lower, true),
    ("(不含)以下", Side::Upper, false),
    ("(含)以下", Side::Upper, true),
    ("(含)以内", Side::Upper, true),
    ("及以上", Side::Lower, true),
    ("及以下", Side::Upper, true),
    ("以上", Side::Lower, true),
    ("以下", Side::Upper, false),
    ("以内", Side::Upper, true),
    ("(含)", Side::Equal, true),
    ("(不含)", Side::Equal, false),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Lower,
    Upper,
    Equal,
}

/// Words after a number that make it a date, a count or an amount, never a
/// threshold of a rate: `1-6月`, `3天`.
const NOT_A_THRESHOLD: [&str; 13] = [
    "月", "日", "号", "年", "天", "个", "项", "次", "人", "家", "条", "件", "元",
];

/// Words that put a second condition on a clause, which the kinds do not
/// read: the clause is then not understood (or needs data jixiao lacks).
const OTHER_CONDITION: [&str; 14] = [
    "较上年",
    "比上年",
    "与上年",
    "上年",
    "同比",
    "环比",
    "否则",
    "如果",
    "若",
    "除",
    "以外",
    "另",
    "或",
    "其中",
];

/// The condition of a clause: every number not in `skip` must be a bound,
/// else `Err(())` (the clause is not understood).
pub(super) fn condition(
    s: &str,
    nums: &[Num],
    skip: &[usize],
    unit: MetricUnit,
    notes: &mut Vec<String>,
) -> Result<Cond, ()> {
    let candidates: Vec<usize> = (0..nums.len()).filter(|i| !skip.contains(i)).collect();
    let mut used = vec![false; nums.len()];
    let mut lower: Vec<Bound> = Vec::new();
    let mut upper: Vec<Bound> = Vec::new();
    let mut inferred_upper = false;
    let value = |n: &Num, pct_hint: bool, notes: &mut Vec<String>| {
        if pct_hint && !n.percent && unit == MetricUnit::Percent {
            from_percent(n.value)
        } else {
            threshold_value(n, unit, notes)
        }
    };
    // (含85%) / (不含85%) after a bound: a modifier, not a bound of its own.
    let mut modifiers: Vec<(Decimal, bool)> = Vec::new();
    for &i in &candidates {
        let n = &nums[i];
        let lead = before(s, n.start, 3);
        if s[n.end..].starts_with(')') && (lead.ends_with("(含") || lead.ends_with("(不含")) {
            used[i] = true;
            modifiers.push((value(n, false, notes), !lead.ends_with("(不含")));
        }
    }
    // Canonical intervals: [80%,90%), (0,10%].
    for w in candidates.windows(2) {
        let (a, b) = (&nums[w[0]], &nums[w[1]]);
        if used[w[0]] || used[w[1]] || &s[a.end..b.start] != "," {
            continue;
        }
        let open = before(s, a.start, 1);
        let close = s[b.end..].chars().next();
        if !matches!(open.as_str(), "[" | "(") || !matches!(close, Some(']' | ')')) {
            continue;
        }
        let pct = a.percent || b.percent;
        lower.push(Bound {
            value: value(a, pct, notes),
            inclusive: open == "[",
        });
        upper.push(Bound {
            value: value(b, pct, notes),
            inclusive: close == Some(']'),
        });
        used[w[0]] = true;
        used[w[1]] = true;
    }
    // Ranges: 80%(含)-90%, 0-10%(含), 80%至90%, 在90%(含)至100%(含)之间.
    for w in candidates.windows(2) {
        let (a, b) = (&nums[w[0]], &nums[w[1]]);
        if used[w[0]] || used[w[1]] {
            continue;
        }
        let gap = &s[a.end..b.start];
        let (lower_mark, core) = if let Some(rest) = gap.strip_prefix("(含)") {
            (Some(true), rest)
        } else if let Some(rest) = gap.strip_prefix("(不含)") {
            (Some(false), rest)
        } else {
            (None, gap)
        };
        if !["-", "至", "到"].contains(&core) {
            continue;
        }
        let after = &s[b.end..];
        if NOT_A_THRESHOLD.iter().any(|u| after.starts_with(u)) {
            continue;
        }
        let upper_mark = if after.starts_with("(含)") {
            Some(true)
        } else if after.starts_with("(不含)") {
            Some(false)
        } else {
            None
        };
        let (lo_incl, hi_incl) = match (lower_mark, upper_mark) {
            (Some(l), Some(u)) => (l, u),
            (Some(l), None) => (l, !l),
            (None, Some(u)) => (!u, u),
            (None, None) => {
                notes.push(format!(
                    "区间“{}”未写明端点是否含，按含下限、不含上限理解（推断）",
                    &s[a.start..b.end]
                ));
                inferred_upper = true;
                (true, false)
            }
        };
        let pct = a.percent || b.percent;
        lower.push(Bound {
            value: value(a, pct, notes),
            inclusive: lo_incl,
        });
        upper.push(Bound {
            value: value(b, pct, notes),
            inclusive: hi_incl,
        });
        used[w[0]] = true;
        used[w[1]] = true;
    }
    // Single comparisons.
    let mut bare = Vec::new();
    for &i in &candidates {
        if used[i] {
            continue;
        }
        let n = &nums[i];
        let lead = before(s, n.start, 6);
        let after = &s[n.end..];
        let prefix = PREFIX
            .iter()
            .find(|(w, _, _)| lead.ends_with(w))
            .map(|(_, side, incl)| (*side, *incl));
        let suffix = SUFFIX
            .iter()
            .find(|(w, _, _)| after.starts_with(w))
            .map(|(_, side, incl)| (*side, *incl));
        // "85%≤满意度<95%": a symbol after the number, the value on its right.
        let reversed = match after.chars().next() {
            Some('≤') => Some((Side::Lower, true)),
            Some('<') => Some((Side::Lower, false)),
            Some('≥') => Some((Side::Upper, true)),
            Some('>') => Some((Side::Upper, false)),
            _ => None,
        };
        // A written 含 / 不含 decides inclusion whatever word gives the side:
        // "达到85%(不含)以上" is above 85%, 85% itself excluded.
        let marked = if after.starts_with("(含)") {
            Some(true)
        } else if after.starts_with("(不含)") {
            Some(false)
        } else {
            None
        };
        let found = match (prefix, suffix) {
            (Some(p), _) => Some(p),
            (None, Some((Side::Equal, _))) => None,
            (None, Some(s)) => Some(s),
            (None, None) => reversed,
        }
        .map(|(side, incl)| match (side, marked) {
            (Side::Equal, _) | (_, None) => (side, incl),
            (_, Some(m)) => (side, m),
        });
        let Some((side, inclusive)) = found else {
            if NOT_A_THRESHOLD.iter().any(|u| after.starts_with(u)) {
                return Err(());
            }
            bare.push(i);
            continue;
        };
        let v = value(n, false, notes);
        let inclusive = modifiers
            .iter()
            .find(|(m, _)| *m == v)
            .map_or(inclusive, |(_, incl)| *incl);
        match side {
            Side::Lower => lower.push(Bound {
                value: v,
                inclusive,
            }),
            Side::Upper => upper.push(Bound {
                value: v,
                inclusive,
            }),
            Side::Equal => {
                lower.push(Bound::inclusive(v));
                upper.push(Bound::inclusive(v));
            }
        }
        used[i] = true;
    }
    // Whatever is left of the clause must not hold another condition.
    let mut rest = s.to_string();
    for w in [
        "大于或等于",
        "小于或等于",
        "高于或等于",
        "低于或等于",
        "同比例",
    ] {
        rest = rest.replace(w, "");
    }
    if OTHER_CONDITION.iter().any(|w| rest.contains(w)) {
        return Err(());
    }
    let two_sided = !lower.is_empty() && !upper.is_empty();
    if ["且", "并", "同时"].iter().any(|w| rest.contains(w)) && !two_sided {
        return Err(());
    }
    if lower.len() > 1 && !lower.windows(2).all(|w| w[0] == w[1])
        || upper.len() > 1 && !upper.windows(2).all(|w| w[0] == w[1])
    {
        return Err(());
    }
    let (lo, hi) = (lower.first().copied(), upper.first().copied());
    match (lo, hi, bare.as_slice()) {
        (None, None, []) => Ok(Cond::Nothing),
        (None, None, [one]) => Ok(Cond::Bare(nums[*one])),
        (_, _, []) => {
            if let (Some(l), Some(h)) = (lo, hi)
                && (l.value > h.value || l.value == h.value && !(l.inclusive && h.inclusive))
            {
                return Err(());
            }
            Ok(Cond::Interval {
                lower: lo,
                upper: hi,
                inferred_upper,
            })
        }
        _ => Err(()),
    }
}

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

    /// Whether `v` is on the allowed side of this bound taken as a lower end.
    pub fn below(&self, v: Decimal) -> bool {
        if self.inclusive {
            v >= self.value
        } else {
            v > self.value
        }
    }

    /// Whether `v` is on the allowed side of this bound taken as an upper end.
    pub fn above(&self, v: Decimal) -> bool {
        if self.inclusive {
            v <= self.value
        } else {
            v < self.value
        }
    }
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

    fn points(s: &str) -> Option<Points> {
        award(s, &numbers(s)).map(|a| a.points)
    }

    #[test]
    fn points_of_a_clause() {
        assert_eq!(points("80%及以上计4分"), Some(Points::Fixed(dec!(4))));
        assert_eq!(points("低于60%不得分"), Some(Points::Fixed(dec!(0))));
        assert_eq!(points("每超过一个百分点扣0.5分"), None);
        assert_eq!(points("≥95%计满分"), Some(Points::Full));
        assert_eq!(points("得70%分值"), Some(Points::Share(dec!(0.7))));
        assert_eq!(points("得分值的60%"), Some(Points::Share(dec!(0.6))));
        assert_eq!(points("持平的得一半分"), Some(Points::Share(dec!(0.5))));
        assert_eq!(points("按比例得分,满分为止"), None);
        assert_eq!(points("本项最高3分"), None);
        assert_eq!(points("加2分"), None);
    }

    fn cond(s: &str) -> Result<Cond, ()> {
        let nums = numbers(s);
        let skip: Vec<usize> = award(s, &nums).map(|a| a.used).unwrap_or_default();
        condition(s, &nums, &skip, MetricUnit::Percent, &mut Vec::new())
    }

    fn interval(lo: Option<(Decimal, bool)>, hi: Option<(Decimal, bool)>) -> Result<Cond, ()> {
        let b = |(value, inclusive)| Bound { value, inclusive };
        Ok(Cond::Interval {
            lower: lo.map(b),
            upper: hi.map(b),
            inferred_upper: false,
        })
    }

    #[test]
    fn conditions() {
        assert_eq!(cond("≥90%计5分"), interval(Some((dec!(0.9), true)), None));
        assert_eq!(
            cond("达到85%(不含)以上的得满分"),
            interval(Some((dec!(0.85), false)), None)
        );
        assert_eq!(
            cond("70%-85%(含)得2分"),
            interval(Some((dec!(0.7), false)), Some((dec!(0.85), true)))
        );
        assert_eq!(
            cond("高于3%不高于8%的得1分"),
            interval(Some((dec!(0.03), false)), Some((dec!(0.08), true)))
        );
        assert_eq!(
            cond("85%≤满意度<95%得70%分值"),
            interval(Some((dec!(0.85), true)), Some((dec!(0.95), false)))
        );
        assert_eq!(
            cond("在90%(含)至100%(含)之间得满分"),
            interval(Some((dec!(0.9), true)), Some((dec!(1), true)))
        );
        assert_eq!(
            cond("3%以内(含3%)得满分"),
            interval(None, Some((dec!(0.03), true)))
        );
        assert!(matches!(cond("执行率100%得满分"), Ok(Cond::Bare(_))));
        assert_eq!(cond("控制率≤100%,且较上年下降的,得满分"), Err(()));
        assert_eq!(cond("1-6月开展监控的得3分"), Err(()));
        assert_eq!(cond("得3分"), Ok(Cond::Nothing));
    }

    #[test]
    fn look_behind_reads_a_few_characters() {
        assert_eq!(before("甲乙丙丁", "甲乙丙".len(), 2), "乙丙");
        assert_eq!(before("ab", 0, 3), "");
    }
}

//! A rule text → clauses, each with its role: the unit of whole-text accounting.
//!
//! [`prepare`] gives every symbol one spelling (NFKC, so full-width digits
//! become ASCII; `≦` as `≤`, dashes as `-`, checklist markers `①②` as `；`);
//! [`split`] cuts the text into clauses (sentences, `；`, `。`, line breaks,
//! and `，` where a piece already gives a score) and gives each a [`Role`].
//! A reading is accepted only when every [`Role::Scored`] clause is consumed
//! by the kind that reads the text (DESIGN §2.5, issue 7); parse.rs checks
//! that. Nothing here decides which kind a text is.

use rust_decimal::Decimal;

use super::tokens::{Num, before, numbers, subjective};
use crate::base::text::normalize_text;

/// The longest rule text jixiao reads, in characters. Real 评分标准 are a few
/// hundred characters; a longer cell is most likely several cells pasted
/// together, and is left to a person.
pub(crate) const MAX_CHARS: usize = 2000;

/// What a clause does in the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Gives, takes or conditions points (a number with 分, 得满分, 不得分,
    /// 扣, 加, 按比例得分…): a reading must consume it.
    Scored,
    /// 扣完为止, 满分为止, 最高为分值: what every kind does anyway (scores
    /// lie in [0, 分值]).
    Floor,
    /// 不涉及…的得满分: applied with the metric (`full_marks_if_not_applicable`).
    NotApplicable,
    /// Defines the metric, names a standard (以100%为标准) or describes the
    /// work: no points.
    Neutral,
}

/// One clause of a rule text.
#[derive(Debug, Clone)]
pub(crate) struct Clause {
    pub text: String,
    /// Its numbers (byte positions within `text`).
    pub nums: Vec<Num>,
    pub role: Role,
}

impl Clause {
    fn new(text: String, max: Decimal) -> Clause {
        let nums = numbers(&text);
        let role = role_of(&text, &nums, max);
        Clause { text, nums, role }
    }

    pub fn scored(&self) -> bool {
        self.role == Role::Scored
    }

    /// The clause's one number of points (a number followed by 分) starting
    /// at or after byte `at`; `None` when there is none or more than one.
    pub fn sole_points_after(&self, at: usize) -> Option<&Num> {
        let s = self.text.as_str();
        let mut points = self
            .nums
            .iter()
            .filter(|n| n.start >= at && s[n.end..].starts_with('分'));
        let n = points.next()?;
        points.next().is_none().then_some(n)
    }
}

/// NFKC, one spelling per symbol, checklist markers turned into separators.
pub(super) fn prepare(text: &str) -> String {
    // Line breaks separate clauses: kept as `；` before NFKC and space
    // removal would join the lines (issue 7: "…得满分\n…不得分" must not
    // read as one clause).
    let circled: String = text
        .chars()
        .map(|c| {
            if ('\u{2460}'..='\u{2473}').contains(&c)
                || matches!(
                    c,
                    '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}'
                )
            {
                '；'
            } else {
                c
            }
        })
        .collect();
    let t = normalize_text(&circled)
        .replace([' ', '“', '”', '"', '\'', '‘', '’'], "")
        .replace("<=", "≤")
        .replace(">=", "≥")
        .replace("=<", "≤")
        .replace("=>", "≥")
        .replace(['≦', '≯'], "≤")
        .replace(['≧', '≮'], "≥")
        .replace(['~', '～', '—', '–', '―', '〜', '－'], "-")
        .replace('*', "×")
        .replace("不含本数", "不含")
        .replace("含本数", "含")
        .replace("(含)(含)", "(含)");
    t.trim_matches(|c: char| c == '；' || c == ';' || c == '。' || c.is_whitespace())
        .to_string()
}

/// A digit of another script (Arabic-Indic, Devanagari…) left after NFKC:
/// jixiao does not read it, and must not silently drop it.
pub(super) fn foreign_digit(t: &str) -> Option<char> {
    t.chars()
        .find(|c| c.is_numeric() && !c.is_ascii_digit() && *c != '〇')
}

/// The clauses of a prepared text, in order, for a row worth `max` points.
pub(crate) fn split(t: &str, max: Decimal) -> Vec<Clause> {
    let mut out = Vec::new();
    for part in t.split(['；', ';', '。', '\n']) {
        let mut acc = String::new();
        for piece in pieces(part) {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            if (is_definition(piece) || is_standard(piece)) && !carries_score(piece) {
                // A formula or a named standard is never the condition of
                // the clause after it.
                if !acc.is_empty() {
                    out.push(Clause::new(std::mem::take(&mut acc), max));
                }
                out.push(Clause::new(piece.to_string(), max));
                continue;
            }
            if !acc.is_empty() {
                acc.push(',');
            }
            acc.push_str(piece);
            if carries_score(piece) {
                out.push(Clause::new(std::mem::take(&mut acc), max));
            }
        }
        if !acc.is_empty() {
            out.push(Clause::new(acc, max));
        }
    }
    out
}

/// A sentence cut at `，` `,` `、`, except inside brackets: the canonical
/// interval `[80%,90%)` stays whole.
fn pieces(part: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in part.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            '，' | ',' | '、' if depth == 0 => {
                out.push(&part[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&part[start..]);
    out
}

/// `以100%为标准`: names the standard value, read by the kinds that need one.
pub(super) fn is_standard(piece: &str) -> bool {
    piece.contains("为标准") || piece.contains("为基准")
}

/// `X率=(a/b)×100%`: defines the metric.
fn is_definition(piece: &str) -> bool {
    piece.split_once('=').is_some_and(|(lhs, rhs)| {
        !lhs.contains("得分")
            && rhs.chars().any(|c| {
                matches!(c, '/' | '÷' | '×' | '(' | '[') || ('\u{4e00}'..='\u{9fff}').contains(&c)
            })
    })
}

/// Words that give, take or condition points.
const SCORE_WORDS: [&str; 15] = [
    "满分",
    "不得分",
    "不计分",
    "不给分",
    "扣",
    "加分",
    "得分",
    "计分",
    "给分",
    "分值",
    "赋分",
    "权重",
    "一半分",
    "得一半",
    "计一半",
];

/// Whether a piece of text carries a score: a number with 分, 得满分,
/// 不得分, 扣, 加, 按比例得分, 视情…
pub(crate) fn carries_score(s: &str) -> bool {
    // A partial-step convention changes the score: it must be read.
    let convention = (s.contains("不足") || s.contains("不满"))
        && ["百分点", "一档", "1档", "1%", "个点"]
            .iter()
            .any(|w| s.contains(w));
    convention
        || SCORE_WORDS.iter().any(|w| s.contains(w))
        || subjective(s).is_some()
        || numbers(s).iter().any(|n| {
            let after = &s[n.end..];
            after.starts_with('分') && !["分钟", "分之"].iter().any(|w| after.starts_with(w))
        })
        || s.match_indices('加').any(|(i, _)| {
            s[i + '加'.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || "一二三四五半".contains(c))
        })
}

/// Phrases saying scores stay within [0, 分值].
const FLOOR_PHRASES: [&str; 22] = [
    "扣完为止",
    "扣完即止",
    "扣至0分为止",
    "扣至零分为止",
    "扣完本项分值为止",
    "扣完该项分值为止",
    "本项分值扣完为止",
    "该项分值扣完为止",
    "直至扣完",
    "扣满为止",
    "扣分不超过分值",
    "最低为0分",
    "最低0分",
    "最低得0分",
    "最低为零分",
    "满分为止",
    "最高为分值",
    "最高不超过分值",
    "不超过分值",
    "以分值为限",
    "最高得满分",
    "最高为满分",
];

/// Words that say the item may not apply to a department.
pub(super) const NOT_APPLICABLE: [&str; 5] =
    ["不涉及", "不适用", "无此项", "无此类", "单位不需填列"];

fn role_of(s: &str, nums: &[Num], max: Decimal) -> Role {
    if NOT_APPLICABLE.iter().any(|w| s.contains(w)) && s.contains("满分") {
        return Role::NotApplicable;
    }
    if !carries_score(s) {
        return Role::Neutral;
    }
    let mut rest = s.to_string();
    for p in FLOOR_PHRASES {
        rest = rest.replace(p, "");
    }
    if rest
        .trim_matches(|c: char| c == ',' || c == '(' || c == ')')
        .is_empty()
    {
        return Role::Floor;
    }
    // "本项最高得3分" on a 3-point row says nothing new; on a 5-point row it
    // changes the score, and must be read.
    // "最多扣2分" on a 2-point row is 扣完为止 again.
    if nums.len() == 1 && (s.contains("最高") || s.contains("最多")) {
        let n = &nums[0];
        let lead = before(s, n.start, 6);
        let deduction_cap = ["最多扣", "最高扣", "累计扣分不超过", "扣分不超过"]
            .iter()
            .any(|w| lead.ends_with(w));
        if s[n.end..].starts_with('分')
            && (lead.contains("最高") || lead.contains("最多"))
            && n.value >= max
            && (!s.contains('扣') || deduction_cap)
            && s.trim_end_matches('分').ends_with(&s[n.start..n.end])
        {
            return Role::Floor;
        }
    }
    Role::Scored
}

/// The scoring sentences of a text, as the recognisers receive them.
#[cfg(test)]
pub(super) fn standard(text: &str) -> Vec<Clause> {
    split(&prepare(text), Decimal::from(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<(String, Role)> {
        standard(t).into_iter().map(|c| (c.text, c.role)).collect()
    }

    #[test]
    fn prepare_gives_one_spelling() {
        assert_eq!(prepare("≦100％；"), "≤100%");
        assert_eq!(prepare("80%（含）—90%"), "80%(含)-90%");
        assert_eq!(prepare("①甲，1分；②乙，1分"), "甲,1分;;乙,1分");
        assert_eq!(prepare("８５％（不含本数）以上"), "85%(不含)以上");
    }

    #[test]
    fn foreign_digits_are_found() {
        assert_eq!(foreign_digit(&prepare("≥٩٠%计5分")), Some('٩'));
        assert_eq!(foreign_digit(&prepare("≥９０％计５分")), None);
    }

    #[test]
    fn clauses_end_where_points_are_given() {
        assert_eq!(
            texts("95%(含)以上计5分;85%(含)-95%,计3分,低于85%计0分"),
            [
                ("95%(含)以上计5分".to_string(), Role::Scored),
                ("85%(含)-95%,计3分".to_string(), Role::Scored),
                ("低于85%计0分".to_string(), Role::Scored),
            ]
        );
    }

    #[test]
    fn roles() {
        let t = texts(
            "预算完成率=(预算完成数/预算数)×100%。以100%为标准,每超过一个百分点扣0.5分,扣完为止;不涉及的得满分",
        );
        let roles: Vec<Role> = t.iter().map(|(_, r)| *r).collect();
        assert_eq!(
            roles,
            [
                Role::Neutral,
                Role::Neutral,
                Role::Scored,
                Role::Floor,
                Role::NotApplicable
            ],
            "{t:?}"
        );
        assert_eq!(t[1].0, "以100%为标准");
    }
}

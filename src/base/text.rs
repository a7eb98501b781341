//! Label normalisation: the one place where a label cell's text is made comparable.
//!
//! Real workbooks write the same label many ways: full-width characters, stray
//! spaces (`结  转结余率`), quotes (`“三公”经费`), list markers (`一、`, `(1)`),
//! `其中：` prefixes and unit suffixes (`在职人数（人）`). Labels and aliases are
//! compared only after [`normalize_label`].

use unicode_normalization::UnicodeNormalization;

/// Normalises a label: NFKC, no whitespace or quotes, `【】〔〕` as `[]`,
/// leading list markers and `其中:` removed, a trailing colon and trailing
/// unit or points suffixes such as `(人)`, `(名)`, `(单位：人)`, `(万元)`,
/// `(5分)` removed.
///
/// ```
/// use jixiao::base::text::normalize_label;
/// assert_eq!(normalize_label("在职人员数（人）"), "在职人员数");
/// assert_eq!(normalize_label("核定编制（单位：名）："), "核定编制");
/// assert_eq!(normalize_label("其中：公务用车购置费"), "公务用车购置费");
/// assert_eq!(normalize_label("“三公经费” 变动率"), "三公经费变动率");
/// assert_eq!(normalize_label("（一）因公出国（境）费"), "因公出国(境)费");
/// ```
pub fn normalize_label(text: &str) -> String {
    #[cfg(test)]
    calls::COUNT.with(|c| c.set(c.get() + 1));
    let mut s: String = nfkc_chars(text)
        .filter(|c| !c.is_whitespace() && !is_invisible(*c) && !is_quote(*c))
        .map(|c| match c {
            '【' | '〔' | '［' => '[',
            '】' | '〕' | '］' => ']',
            other => other,
        })
        .collect();
    // Removing a space can bring a combining mark next to a letter it did
    // not follow before ("u΅" → "u" + U+0308 U+0301): compose again, so that
    // a normalised label normalises to itself (found by fuzzing, issue 11).
    if s.chars()
        .any(unicode_normalization::char::is_combining_mark)
    {
        s = s.nfc().collect();
    }
    // Markers and suffixes come off as slices of `s`: one copy at the end,
    // none when nothing came off (labels are normalised once per cell of
    // every sheet read).
    let mut t: &str = &s;
    loop {
        let before = t.len();
        t = strip_prefix_marker(t);
        for prefix in ["其中:", "其中", "含:"] {
            if let Some(rest) = t.strip_prefix(prefix)
                && !rest.is_empty()
            {
                t = rest;
            }
        }
        t = strip_unit_suffix(t);
        if let Some(rest) = t.strip_suffix(':')
            && !rest.is_empty()
        {
            t = rest;
        }
        if t.len() == before {
            break;
        }
    }
    if t.len() == s.len() { s } else { t.to_string() }
}

/// How many times [`normalize_label`] ran on this thread, for the tests that
/// keep label normalisation at once per cell (issue 6).
#[cfg(test)]
pub mod calls {
    use std::cell::Cell;

    thread_local! {
        pub(super) static COUNT: Cell<usize> = const { Cell::new(0) };
    }

    /// Calls so far on this thread.
    pub fn count() -> usize {
        COUNT.with(Cell::get)
    }
}

/// Text safe to print on a terminal: control characters (ESC, NUL, …) from
/// a file or a department's name are shown as `�`, never sent raw; line
/// breaks and tabs are kept.
///
/// ```
/// use jixiao::base::text::printable;
/// assert_eq!(printable("某局\u{1b}[2J\u{0}"), "某局�[2J�");
/// assert_eq!(printable("一\n二"), "一\n二");
/// ```
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// The first `shown` of `names` for a one-line list on screen, each as
/// `show` writes it, joined with `、`; and whether some were left out.
///
/// ```
/// use jixiao::base::text::first_few;
/// let names = ["甲", "乙", "丙"].map(String::from);
/// assert_eq!(first_few(&names, 2, |n| format!("「{n}」")), ("「甲」、「乙」".to_string(), true));
/// ```
pub fn first_few(names: &[String], shown: usize, show: impl Fn(&str) -> String) -> (String, bool) {
    let list: Vec<String> = names.iter().take(shown).map(|n| show(n)).collect();
    (list.join("、"), names.len() > shown)
}

/// [`printable`] on one line of a list: line breaks and tabs become
/// `with` too (`�` in a file name, a space in a reason), so that each entry
/// stays one line.
///
/// ```
/// use jixiao::base::text::one_line;
/// assert_eq!(one_line("甲\n乙.xlsx", '\u{FFFD}'), "甲�乙.xlsx");
/// assert_eq!(one_line("无法读取\n（已损坏）", ' '), "无法读取 （已损坏）");
/// ```
pub fn one_line(text: &str, with: char) -> String {
    printable(text).replace(['\n', '\t', '\r'], &with.to_string())
}

/// Text cut to at most `max` characters, saying so: a cell holds at most
/// 32,767 characters and a form is printed, so a 1.2 M-character rule text
/// is shown cut, never a failed run (issue 11).
///
/// ```
/// use jixiao::base::text::cut;
/// assert_eq!(cut("评分标准", 10), "评分标准");
/// assert_eq!(cut("一二三四五六", 4), "一二三四…（原文共6字，已截断）");
/// ```
pub fn cut(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}…（原文共{count}字，已截断）")
}

/// Text with NFKC applied and whitespace collapsed, for rule text and values.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A run of whitespace between two other characters is one space;
    // none at either end.
    let mut space = false;
    for c in nfkc_chars(text).filter(|c| !is_invisible(*c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The characters of `text` in NFKC. Text made only of characters whose
/// NFKC form is known without tables (see [`simple_nfkc`]) is mapped one
/// character at a time; anything else goes through the full algorithm.
fn nfkc_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let simple = text.chars().all(|c| simple_nfkc(c).is_some());
    let (fast, full) = if simple {
        (Some(text.chars().filter_map(simple_nfkc)), None)
    } else {
        (None, Some(text.nfkc()))
    };
    fast.into_iter().flatten().chain(full.into_iter().flatten())
}

/// The NFKC form of a character that is its own one-character NFKC form
/// and never composes with a neighbour of the same kind, or `None`:
/// ASCII, the CJK unified ideographs, common CJK punctuation, quotes and
/// the signs rubrics use (· × ÷ − ≤ ≥ ‰, unchanged), full-width ASCII
/// variants (to ASCII), ①–⑨ (to digits) and the ideographic space (to a
/// space). None of them is a combining mark or the second
/// half of a canonical composition, so a text made only of them is
/// normalised character by character (a test checks each against the
/// full algorithm).
fn simple_nfkc(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{7F}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3001}'..='\u{3002}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{3015}'
        | '\u{00B7}'
        | '\u{00D7}'
        | '\u{00F7}'
        | '\u{2014}'
        | '\u{2018}'..='\u{2019}'
        | '\u{201C}'..='\u{201D}'
        | '\u{2030}'
        | '\u{2212}'
        | '\u{2264}'..='\u{2265}' => Some(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32((c as u32).wrapping_sub(0xFEE0)),
        // ① … ⑨
        '\u{2460}'..='\u{2468}' => {
            char::from_u32((c as u32).wrapping_sub(0x2460).wrapping_add('1' as u32))
        }
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' | '《' | '》'
    )
}

/// The labels a year-prefixed label stands for, relative to the evaluation
/// year: `2023年末在职人数` in 2023 is `在职人数`, `年末在职人数` and
/// `本年在职人数`; `2022年度在职人数` in 2023 is `上年在职人数` (and
/// `上年末在职人数`). Any other year, or no year, gives nothing, so a
/// label about another year never feeds a fact of this one. `label` is
/// already normalised ([`normalize_label`]).
///
/// ```
/// use jixiao::base::text::year_relative_variants;
/// assert!(year_relative_variants("2023年末在职人数", 2023).contains(&"在职人数".to_string()));
/// assert!(year_relative_variants("2022年度在职人数", 2023).contains(&"上年在职人数".to_string()));
/// assert!(!year_relative_variants("2022年度在职人数", 2023).contains(&"在职人数".to_string()));
/// assert!(year_relative_variants("2024年预算数", 2023).is_empty());
/// assert!(year_relative_variants("2023年初预算数", 2023).contains(&"年初预算数".to_string()));
/// assert!(year_relative_variants("在职人数", 2023).is_empty());
/// ```
pub fn year_relative_variants(label: &str, year: i32) -> Vec<String> {
    let digits: String = label.chars().take_while(char::is_ascii_digit).collect();
    let Ok(y) = digits.parse::<i32>() else {
        return Vec::new();
    };
    if digits.len() != 4 || (y != year && Some(y) != year.checked_sub(1)) {
        return Vec::new();
    }
    let rest = label[4..].trim_start_matches(['-', '_', '.', ':']);
    // 年初 belongs to the label (2023年初预算数 is 年初预算数).
    let core = if rest.starts_with("年初") {
        rest
    } else {
        ["年度", "年末", "年底", "年"]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest)
            .trim_start_matches(['-', '_', ':'])
    };
    if core.is_empty() || core.starts_with(|c: char| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if y == year {
        out.push(core.to_string());
        out.push(format!("本年{core}"));
        if rest != core {
            out.push(rest.to_string());
        }
    } else {
        out.push(format!("上年{core}"));
        out.push(format!("上年末{core}"));
    }
    out
}

/// Removes one leading list marker: `一、` `(一)` `1.` `1、` `(1)` `1)`.
fn strip_prefix_marker(s: &str) -> &str {
    const CN_NUM: &str = "一二三四五六七八九十";
    let is_num = |c: char| c.is_ascii_digit() || CN_NUM.contains(c);
    // Most labels start with neither: no need to look further.
    if !s.starts_with(|c: char| c == '(' || is_num(c)) {
        return s;
    }
    let chars: Vec<char> = s.chars().collect();
    // (一) / (1)
    if chars.first() == Some(&'(')
        && let Some(close) = chars.iter().position(|c| *c == ')')
        && close > 1
        && chars[1..close].iter().all(|c| is_num(*c))
        && close.saturating_add(1) < chars.len()
    {
        return skip_chars(s, close.saturating_add(1));
    }
    // 一、 / 1. / 1、 / 1)
    let digits = chars.iter().take_while(|c| is_num(**c)).count();
    if digits > 0
        && digits < 4
        && let Some(sep) = chars.get(digits)
        && matches!(sep, '、' | '.' | ')' | ',' | '．')
        && let Some(next) = chars.get(digits.saturating_add(1))
        && !next.is_ascii_digit()
    {
        return skip_chars(s, digits.saturating_add(1));
    }
    s
}

fn skip_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or("", |(i, _)| &s[i..])
}

/// Removes one trailing `(…)` group that only states a unit or points.
fn strip_unit_suffix(s: &str) -> &str {
    if !s.ends_with(')') {
        return s;
    }
    let Some(open) = s.rfind('(') else { return s };
    if open == 0 {
        return s;
    }
    // `(` and `)` are one byte each.
    let Some(inner) = s.get(open.saturating_add(1)..s.len().saturating_sub(1)) else {
        return s;
    };
    const UNITS: [&str; 25] = [
        "人",
        "名",
        "人数",
        "单位:人",
        "单位:名",
        "单位:个",
        "单位:户",
        "单位:%",
        "万元/%",
        "%/万元",
        "万元",
        "元",
        "个",
        "件",
        "项",
        "%",
        "户",
        "辆",
        "次",
        "批",
        "人次",
        "千元",
        "亿元",
        "单位:万元",
        "单位:元",
    ];
    let is_points = inner.ends_with('分')
        && inner[..inner.len().saturating_sub('分'.len_utf8())]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    if UNITS.contains(&inner) || is_points || inner.is_empty() {
        &s[..open]
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_width_spaces_quotes_and_units() {
        for (raw, want) in [
            ("编制数（人）", "编制数"),
            ("结  转\n结余率", "结转结余率"),
            ("“三公经费”控制率", "三公经费控制率"),
            ("\"三公\"经费合计", "三公经费合计"),
            ("其中：人员经费", "人员经费"),
            ("其中:(1)公务用车购置费", "公务用车购置费"),
            ("1.因公出国(境)费", "因公出国(境)费"),
            ("（二）公务接待费", "公务接待费"),
            ("一、支出合计", "支出合计"),
            ("绩效目标合理性（5分）", "绩效目标合理性"),
            ("预算完成率（2分）", "预算完成率"),
            ("在职(包括聘用)人员控制率", "在职(包括聘用)人员控制率"),
            ("全年执行数（万元）", "全年执行数"),
            ("\u{200B}在职人数\u{FEFF}", "在职人数"),
            ("【备注】", "[备注]"),
            ("ＡＢＣ１２３", "ABC123"),
            ("编制人数（名）", "编制人数"),
            ("实有人数(单位：人)", "实有人数"),
            ("实有在职人数：", "实有在职人数"),
            ("年初预算数（万元/%）", "年初预算数"),
            ("编制数(人数)", "编制数"),
        ] {
            assert_eq!(normalize_label(raw), want, "{raw}");
        }
    }

    /// Regression (fuzz, issue 11): "u΅" normalised twice gave two forms.
    #[test]
    fn normalising_a_label_twice_changes_nothing() {
        let once = normalize_label("u\u{385}");
        assert_eq!(once, "\u{1d8}");
        assert_eq!(normalize_label(&once), once);
    }

    #[test]
    fn keeps_meaningful_brackets_and_numbers() {
        assert_eq!(normalize_label("因公出国（境）费"), "因公出国(境)费");
        assert_eq!(normalize_label("2024-预算数"), "2024-预算数");
        assert_eq!(normalize_label("100%"), "100%");
    }

    #[test]
    fn simple_nfkc_agrees_with_the_full_algorithm() {
        use unicode_normalization::char::canonical_combining_class;
        let mut simple = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(mapped) = simple_nfkc(c) {
                let full: String = c.to_string().nfkc().collect();
                assert_eq!(full, mapped.to_string(), "U+{:04X}", c as u32);
                assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
                simple.push(c);
            }
        }
        // Texts of these characters, the full algorithm and the shortcut.
        let mut seed: u64 = 0x2024;
        for _ in 0..2_000 {
            let text: String = (0..12)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    simple[(seed >> 33) as usize % simple.len()]
                })
                .collect();
            let full: String = text.nfkc().collect();
            assert_eq!(nfkc_chars(&text).collect::<String>(), full, "{text:?}");
        }
        // Other text takes the full algorithm.
        for text in ["ﬁ", "㎡", "e\u{301}", "각", "…", "①２"] {
            let full: String = text.nfkc().collect();
            assert_eq!(nfkc_chars(text).collect::<String>(), full, "{text:?}");
        }
    }

    #[test]
    fn text_normalisation_keeps_single_spaces() {
        assert_eq!(normalize_text("８０％（含）  以上"), "80%(含) 以上");
        assert_eq!(normalize_text("\u{3000} 得\t\n分\u{200b} \u{a0}"), "得 分");
        assert_eq!(normalize_text(" \u{3000}\t"), "");
    }

    proptest::proptest! {
        /// The one-pass collapse of whitespace is the split-and-join it
        /// replaced, on text mixing spaces, tabs, line breaks, ideographic
        /// and no-break spaces, invisible characters and letters.
        #[test]
        fn text_normalisation_is_split_and_join(
            text in "[ \t\n\u{3000}\u{a0}\u{200b}\u{feff}a中１（）]{0,24}"
        ) {
            let mapped: String = nfkc_chars(&text)
                .filter(|c| !is_invisible(*c))
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .collect();
            let joined = mapped
                .split(' ')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(normalize_text(&text), joined);
        }
    }
}

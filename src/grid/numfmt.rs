//! Number formats, classified into what extraction needs (issue 8).
//!
//! A numeric cell is read as the user sees it: 1.01 formatted `0.00%` is
//! shown as 101.00%, so it is 101%, not 1.01%. Only the class of a format
//! matters here, not how it renders.
//!
//! Rules, in order:
//! - built-in ids 9 (`0%`) and 10 (`0.00%`) are [`NumFormat::Percent`];
//!   14–22, 27–36, 45–47 and 50–58 (dates and times, including the East
//!   Asian locale ones) are [`NumFormat::Date`]; 49 (`@`) is
//!   [`NumFormat::Text`]; other built-in ids are [`NumFormat::General`].
//! - a custom code is classified by its **first section** (the one Excel uses
//!   for positive numbers and zero; `0%;[Red]-0%` is percent). Quoted
//!   literals (`"%"`), backslash escapes (`\%`), the characters after `_`
//!   (padding) and `*` (fill), and bracketed parts (`[Red]`, `[$-804]`,
//!   `[>=100]`, but not the elapsed-time `[h]`, `[mm]`, `[ss]`) are set aside
//!   first.
//! - a bare `%` left in the section scales the number by 100:
//!   [`NumFormat::Percent`]. A `%` that is only a literal (`0.00"%"`,
//!   `0.00\%`) does not scale: Excel shows 95 as "95%" and 0.95 as "0.95%",
//!   so the number is in percent points: [`NumFormat::PercentLiteral`].
//! - date and time letters (y m d h s, and `e`/`g` of East Asian eras, or
//!   `上午/下午`) make it a [`NumFormat::Date`]; a section that is only `@`
//!   is [`NumFormat::Text`]; anything else (`0.00`, `#,##0_ `,
//!   `[DBNum1]General`, `0.00E+00`) is [`NumFormat::General`].

/// Cells with a format other than General, per worksheet name, as the .ods
/// and .xls readers find them.
pub(super) type SheetFormats = Vec<(String, Vec<((u32, u16), NumFormat)>)>;

/// What a number format means for reading the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumFormat {
    /// A plain number (`General`, `0.00`, `#,##0`): what is stored is what is meant.
    #[default]
    General,
    /// Scaled by 100 and shown with `%`: 1.01 is shown 101%.
    Percent,
    /// The number shown as is with a literal `%` after it: 95 is shown 95%.
    PercentLiteral,
    /// A date or time.
    Date,
    /// The text format `@`.
    Text,
}

impl NumFormat {
    /// Classifies a format from its built-in id (when the file gives one) and
    /// its code (`General` or empty when there is none).
    pub fn classify(id: Option<u32>, code: &str) -> NumFormat {
        if let Some(id) = id
            && let Some(builtin) = builtin(id)
        {
            return builtin;
        }
        classify_code(code)
    }

    /// Whether the number is shown as a percentage (scaled or not).
    pub fn is_percent(self) -> bool {
        matches!(self, NumFormat::Percent | NumFormat::PercentLiteral)
    }
}

/// The class of a built-in format id; `None` for custom ids (164 and up)
/// and the reserved ones, whose code is then read.
fn builtin(id: u32) -> Option<NumFormat> {
    Some(match id {
        0..=8 | 11..=13 | 37..=44 | 48 => NumFormat::General,
        9 | 10 => NumFormat::Percent,
        14..=22 | 27..=36 | 45..=47 | 50..=58 => NumFormat::Date,
        49 => NumFormat::Text,
        _ => return None,
    })
}

/// Classifies a format code (see the module documentation).
pub fn classify_code(code: &str) -> NumFormat {
    let section = first_section(code);
    let trimmed = section.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("general") {
        return NumFormat::General;
    }
    // `General` inside a longer code (`[DBNum1]General`) is a plain number,
    // and its letters are no date letters.
    let section = if section.to_ascii_lowercase().contains("general") {
        std::borrow::Cow::Owned(
            section
                .replace("General", "0")
                .replace("general", "0")
                .replace("GENERAL", "0"),
        )
    } else {
        std::borrow::Cow::Borrowed(section)
    };
    let mut bare_percent = false;
    let mut literal_percent = false;
    let mut date = false;
    let mut at = false;
    let mut other = false;
    let mut chars = section.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    literal_percent |= q == '%' || q == '％';
                }
            }
            '\\' => {
                if let Some(escaped) = chars.next() {
                    literal_percent |= escaped == '%' || escaped == '％';
                }
            }
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inner: String = chars.by_ref().take_while(|c| *c != ']').collect();
                let lower = inner.to_ascii_lowercase();
                // Elapsed time: [h], [hh], [mm], [ss].
                if !lower.is_empty() && lower.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    date = true;
                }
            }
            '%' => bare_percent = true,
            '@' => at = true,
            'y' | 'Y' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'm' | 'M' | 'e' | 'g' | 'G' => {
                // `e` is an East Asian era year, but `E+`/`e-` is scientific notation.
                let scientific =
                    (ch == 'e' || ch == 'E') && matches!(chars.peek(), Some('+' | '-'));
                if !scientific {
                    date = true;
                }
            }
            'E' => other = true,
            '上' | '下' => date |= matches!(chars.peek(), Some('午')),
            _ => other |= !ch.is_whitespace(),
        }
    }
    if bare_percent {
        NumFormat::Percent
    } else if date {
        NumFormat::Date
    } else if literal_percent {
        NumFormat::PercentLiteral
    } else if at && !other {
        NumFormat::Text
    } else {
        NumFormat::General
    }
}

/// The code up to its first `;` outside quotes and escapes.
fn first_section(code: &str) -> &str {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, ch) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' if !in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => return &code[..i],
            _ => {}
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_ids() {
        assert_eq!(NumFormat::classify(Some(9), "0%"), NumFormat::Percent);
        assert_eq!(NumFormat::classify(Some(10), "0.00%"), NumFormat::Percent);
        // The id wins over a missing or odd code.
        assert_eq!(NumFormat::classify(Some(10), ""), NumFormat::Percent);
        assert_eq!(NumFormat::classify(Some(0), "General"), NumFormat::General);
        assert_eq!(NumFormat::classify(Some(2), "0.00"), NumFormat::General);
        assert_eq!(NumFormat::classify(Some(4), "#,##0.00"), NumFormat::General);
        assert_eq!(NumFormat::classify(Some(14), "m/d/yyyy"), NumFormat::Date);
        assert_eq!(NumFormat::classify(Some(31), ""), NumFormat::Date);
        assert_eq!(NumFormat::classify(Some(49), "@"), NumFormat::Text);
        // Custom ids are read from their code.
        assert_eq!(NumFormat::classify(Some(176), "0.0%"), NumFormat::Percent);
        assert_eq!(NumFormat::classify(Some(177), "0.00_ "), NumFormat::General);
        assert_eq!(NumFormat::classify(None, "0.00%"), NumFormat::Percent);
    }

    #[test]
    fn custom_percent_codes() {
        for code in [
            "0%",
            "0.0%",
            "0.00%",
            "#,##0.00%",
            "0%;[Red]-0%",
            "0.00%_ ",
            "[Red]0.00%",
            "[$-804]0.00%",
            "0.00%;-0.00%;\"-\"",
            "0.00 %",
        ] {
            assert_eq!(classify_code(code), NumFormat::Percent, "{code}");
        }
    }

    #[test]
    fn literal_percent_does_not_scale() {
        for code in ["0.00\"%\"", "0\\%", "#,##0.0\"％\"", "0.00\" %\""] {
            assert_eq!(classify_code(code), NumFormat::PercentLiteral, "{code}");
        }
    }

    #[test]
    fn plain_numbers() {
        for code in [
            "General",
            "GENERAL",
            "",
            "0",
            "0.00",
            "#,##0.00_);[Red](#,##0.00)",
            "#,##0.00_ ;[Red]\\-#,##0.00\\ ",
            "[DBNum1][$-804]General",
            "0.00E+00",
            "##0.0E+0",
            "\"￥\"#,##0.00",
            "0.00\"万元\"",
            "#,##0\"人\"",
            // Only the first section counts.
            "0.00;[Red]0.00%",
            // A `%` after `_` or `*` is padding or fill, not a percent sign.
            "0.00_%",
        ] {
            assert_eq!(classify_code(code), NumFormat::General, "{code}");
        }
    }

    #[test]
    fn dates_times_and_text() {
        for code in [
            "yyyy-mm-dd",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[$-F800]dddd, mmmm dd, yyyy",
            "h:mm:ss",
            "[h]:mm:ss",
            "[mm]",
            "上午/下午h\"时\"mm\"分\"",
            "ge.m.d",
            "m/d/yy;@",
        ] {
            assert_eq!(classify_code(code), NumFormat::Date, "{code}");
        }
        assert_eq!(classify_code("@"), NumFormat::Text);
        assert_eq!(classify_code("\"编号\"@"), NumFormat::Text);
    }

    #[test]
    fn sections_split_outside_quotes() {
        assert_eq!(first_section("0.00\";\"%;0"), "0.00\";\"%");
        assert_eq!(first_section("0\\;0%;0"), "0\\;0%");
        assert_eq!(first_section("0%"), "0%");
    }
}

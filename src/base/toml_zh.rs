//! The TOML reader's messages in Chinese (issue 11): users see only
//! Chinese, and `toml`/serde describe a mistake in English ("invalid type:
//! string \"two\", expected usize").
//!
//! The common messages are rewritten with their details (the key, the value
//! written, what was expected); any other keeps its English detail in
//! brackets after a Chinese sentence, so that nothing is lost.

/// A TOML or serde message in Chinese.
///
/// ```
/// use jixiao::base::toml_zh::translate;
/// assert_eq!(
///     translate("invalid type: string \"two\", expected usize"),
///     "取值类型不对：写的是文字 \"two\"，这里应填非负整数"
/// );
/// assert_eq!(
///     translate("unknown field `foo`, expected one of `profile`, `score`"),
///     "不认识的设置项「foo」，这里可写的有：profile、score（请核对拼写）"
/// );
/// ```
pub fn translate(message: &str) -> String {
    let m = message.trim();
    if let Some(rest) = m.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "取值类型不对：写的是{}，这里应填{}",
            kind(found),
            kind(expected)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "取值不对：写的是{}，这里应填{}",
            kind(found),
            kind(expected)
        );
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let (field, allowed) = match rest.split_once(", expected one of ") {
            Some((f, a)) => (f, Some(ticked_list(a))),
            None => match rest.split_once(", expected ") {
                Some((f, a)) => (f, Some(ticked_list(a))),
                None => (rest.split(',').next().unwrap_or(rest), None),
            },
        };
        let field = untick(field);
        return match allowed {
            Some(a) => format!("不认识的设置项「{field}」，这里可写的有：{a}（请核对拼写）"),
            None => format!("不认识的设置项「{field}」，这里不能写设置项"),
        };
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let allowed = allowed
            .strip_prefix("one of ")
            .map_or_else(|| ticked_list(allowed), ticked_list);
        return format!("「{}」不是可用的取值，可用的有：{allowed}", untick(value));
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("缺少设置项「{}」", untick(rest));
    }
    if let Some(rest) = m.strip_prefix("duplicate key") {
        let key = rest.trim().trim_start_matches(':').trim();
        return if key.is_empty() {
            "同一设置项写了两次".to_string()
        } else {
            format!("设置项「{}」写了两次", untick(key))
        };
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return format!("设置项「{}」写了两次", untick(rest));
    }
    let known: &[(&str, &str)] = &[
        (
            "untagged enum OneOrMany",
            "取值类型不对：这里应填一个路径（如 \"部门数据/{year}\"）或由路径组成的列表（如 [\"部门数据\", \"补报\"]），列表中每一项都要加英文双引号",
        ),
        (
            "unclosed table",
            "表头缺少右方括号“]”（应写成 [batch] 这样）",
        ),
        (
            "unclosed array",
            "列表缺少右方括号“]”（应写成 [\"a\", \"b\"] 这样）",
        ),
        (
            "invalid table header",
            "表头写法不对（应写成 [batch] 这样）",
        ),
        (
            "invalid string",
            "文字的写法不对：文字两边要加英文双引号，如 \"2024评分表.xlsx\"",
        ),
        (
            "invalid basic string",
            "文字的写法不对：文字两边要加英文双引号",
        ),
        ("unterminated", "文字缺少结尾的英文双引号"),
        ("expected `=`", "缺少等号：每行应写成 名称 = 值"),
        ("expected `.`, `=`", "缺少等号：每行应写成 名称 = 值"),
        ("key with no value", "等号后面没有值"),
        ("expected newline", "一行只能写一个设置项"),
        (
            "invalid key",
            "设置项名称写法不对（只能用英文字母、数字、- 和 _）",
        ),
        ("invalid number", "数字写法不对"),
        ("invalid integer", "整数写法不对"),
        ("invalid float", "小数写法不对"),
        ("invalid inline table", "花括号 { } 中的写法不对"),
        (
            "invalid array",
            "列表的写法不对（应写成 [\"a\", \"b\"] 这样）",
        ),
        ("invalid unquoted key", "设置项名称写法不对"),
        ("string values must be quoted", "文字两边要加英文双引号"),
        (
            "escape",
            "文字中的反斜杠 \\ 用法不对：Windows 路径请写成 D:/评分/2024 或 'D:\\评分\\2024'",
        ),
    ];
    for (start, zh) in known {
        if m.starts_with(start) || m.contains(start) {
            return (*zh).to_string();
        }
    }
    format!("写法不对（解析器的原始信息：{m}）")
}

/// A serde description of a value or an expected kind, in Chinese.
fn kind(text: &str) -> String {
    let t = text.trim();
    let with_value =
        |prefix: &str, zh: &str| t.strip_prefix(prefix).map(|v| format!("{zh} {}", v.trim()));
    if let Some(s) = with_value("string ", "文字") {
        return s;
    }
    if let Some(s) = with_value("integer ", "整数") {
        return s;
    }
    if let Some(s) = with_value("floating point ", "小数") {
        return s;
    }
    if let Some(s) = with_value("boolean ", "") {
        return format!("true/false 值{s}");
    }
    match t {
        "usize" | "u8" | "u16" | "u32" | "u64" => "非负整数".into(),
        "isize" | "i8" | "i16" | "i32" | "i64" | "an integer" | "integer" => "整数".into(),
        "f32" | "f64" | "a float" | "float" => "数字".into(),
        "a string" | "string" | "a borrowed string" => "文字（两边加英文双引号）".into(),
        "a boolean" | "boolean" | "bool" => "true 或 false".into(),
        "a sequence" | "sequence" | "an array" | "array" => "列表（如 [\"a\", \"b\"]）".into(),
        "a map" | "map" | "a table" | "table" | "struct" => {
            "一组设置项（[表头] 下的若干行）".into()
        }
        "a date-time" | "datetime" => "日期".into(),
        other => other.trim_matches('`').to_string(),
    }
}

fn untick(text: &str) -> String {
    text.trim().trim_matches('`').to_string()
}

/// "`a`, `b`, `c`" or "`a` or `b`" → "a、b、c".
fn ticked_list(text: &str) -> String {
    text.split([',', ' '])
        .filter(|part| *part != "or")
        .map(untick)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each message as `toml` 1 and serde give it for a real mistake.
    #[test]
    fn real_parser_messages() {
        let cases: &[(&str, &str)] = &[
            (
                "[batch]\njobs = \"two\"\n",
                "取值类型不对：写的是文字 \"two\"，这里应填非负整数",
            ),
            (
                "[batch\njobs = 2\n",
                "表头缺少右方括号“]”（应写成 [batch] 这样）",
            ),
            ("jobs 2\n", "缺少等号：每行应写成 名称 = 值"),
            ("a = \"x\"\na = \"y\"\n", "同一设置项写了两次"),
            (
                "labels = [\"a\"\n",
                "列表缺少右方括号“]”（应写成 [\"a\", \"b\"] 这样）",
            ),
            ("out = 'D:\\x'\nin = \"D:\\y\"\n", "文字中的反斜杠"),
        ];
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Batch {
            jobs: usize,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct File {
            batch: Option<Batch>,
        }
        for (text, want) in cases {
            let message = match toml::from_str::<File>(text) {
                Ok(_) => match toml::from_str::<toml::Table>(text) {
                    Ok(_) => panic!("{text:?} parses"),
                    Err(e) => e.message().to_string(),
                },
                Err(e) => e.message().to_string(),
            };
            let zh = translate(&message);
            assert!(zh.contains(want), "{text:?}: {message:?} → {zh:?}");
        }
    }

    #[test]
    fn unknown_fields_and_variants() {
        assert_eq!(
            translate("unknown field `foo`, there are no fields"),
            "不认识的设置项「foo」，这里不能写设置项"
        );
        assert_eq!(
            translate("unknown variant `monthly`, expected one of `money`, `count`"),
            "「monthly」不是可用的取值，可用的有：money、count"
        );
        assert_eq!(translate("missing field `name`"), "缺少设置项「name」");
        assert_eq!(
            translate("unknown field `default-rule`, expected `a-b` or `c`"),
            "不认识的设置项「default-rule」，这里可写的有：a-b、c（请核对拼写）"
        );
        assert_eq!(
            translate("invalid type: string \"a\", expected a sequence"),
            "取值类型不对：写的是文字 \"a\"，这里应填列表（如 [\"a\", \"b\"]）"
        );
    }

    #[test]
    fn anything_else_keeps_its_detail() {
        assert_eq!(
            translate("something new"),
            "写法不对（解析器的原始信息：something new）"
        );
    }
}

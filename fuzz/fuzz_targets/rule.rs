//! Fuzz target for the rule parser and evaluation (issue 7).
//!
//! Input layout: 36 header bytes, then the rule text (lossy UTF-8).
//! - bytes 0..16: 分值 mantissa (u128, reduced below 10^29: up to 29 digits),
//!   byte 16: its scale (0..=28);
//! - bytes 17..33: value mantissa, byte 33: its scale, byte 34: sign;
//! - byte 35: unit (rate / count / amount) and a template that puts numbers
//!   of up to 29 digits into a rule-shaped text around the fuzzed text.
//!
//! Checked: nothing panics; a score is within [0, 分值] and so is its
//! rounded form; readings parse again without panicking.

#![no_main]

use jixiao::metrics::MetricUnit;
use jixiao::rules::parse::{Parse, parse_rule};
use jixiao::rules::{Outcome, RuleInput, round_score};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

const HEADER: usize = 36;
const LIMIT_29_DIGITS: u128 = 100_000_000_000_000_000_000_000_000_000;

fn decimal(bytes: &[u8], scale: u8, negative: bool) -> Decimal {
    let mut m = [0u8; 16];
    m.copy_from_slice(bytes);
    let mantissa = u128::from_le_bytes(m) % LIMIT_29_DIGITS;
    let mantissa = i128::try_from(mantissa).unwrap_or(0);
    let d =
        Decimal::try_from_i128_with_scale(mantissa, u32::from(scale % 29)).unwrap_or(Decimal::ZERO);
    if negative { -d } else { d }
}

fn text_for(template: u8, fuzzed: &str, a: Decimal, b: Decimal) -> String {
    match template % 10 {
        0 => fuzzed.to_string(),
        1 => format!("≥{a}%计{b}分；每低于{a}%一个百分点扣{b}分{fuzzed}"),
        2 => format!("{a}%（含）-{b}%得{b}分；低于{a}%不得分；{fuzzed}"),
        3 => format!("在{a}%（含）至{b}%（含）之间得满分，每偏离{b}个百分点扣{a}分{fuzzed}"),
        4 => format!("低于{a}%的不得分；{a}%以上按比例得分{fuzzed}"),
        5 => format!("较上年下降的得{a}分，持平的得{b}分，上升的不得分{fuzzed}"),
        6 => format!("{fuzzed}项目数/项目总数×{a}分"),
        7 => format!(
            "≤{a}%得满分，每超过1个百分点扣{b}分（不足1个百分点的按1个百分点扣），超过{b}%不得分{fuzzed}"
        ),
        8 => format!("执行率≥{a}%得满分；低于{a}%的按执行率×分值计分；{fuzzed}"),
        _ => format!("{fuzzed}大于0的计{a}分，等于0的计{b}分，小于0的计{a}分"),
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < HEADER {
        return;
    }
    let (head, rest) = data.split_at(HEADER);
    let max = decimal(&head[0..16], head[16], false);
    let value = decimal(&head[17..33], head[33], head[34] & 1 == 1);
    let unit =
        [MetricUnit::Percent, MetricUnit::Count, MetricUnit::Amount][usize::from(head[35] % 3)];
    let fuzzed = String::from_utf8_lossy(rest);
    let text = text_for(head[35] / 3, &fuzzed, value.abs(), max);
    let parsed = parse_rule(&text, max, unit);
    let Parse::Rule { rule, .. } = parsed else {
        return;
    };
    let reading = rule.reading(unit);
    let _ = parse_rule(&reading, max, unit);
    let _ = rule.scaled(value).reading(unit);
    let input = RuleInput {
        value,
        reference: Some(max),
        unit,
    };
    if let Outcome::Scored(e) = rule.evaluate(&input, max) {
        assert!(
            e.score >= Decimal::ZERO && e.score <= max,
            "{text:?} at {value}: {} not in [0, {max}]",
            e.score
        );
        let written = round_score(e.score, max);
        assert!(
            written >= Decimal::ZERO && written <= max,
            "{text:?} at {value}: written {written} not in [0, {max}]"
        );
    }
});

//! The configuration file exactly as written. Every field is optional;
//! unknown keys are an error so that a typo is not silently ignored.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// A label profile (`别名.toml`) adding label variants to the built-in
    /// ones; relative to the config file's folder.
    pub profile: Option<std::path::PathBuf>,
    pub score: Option<ScoreOptions>,
    pub grade: Option<GradeOptions>,
    /// Per-indicator overrides: `[[indicator]]` tables.
    #[serde(default)]
    pub indicator: Vec<IndicatorOptions>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScoreOptions {
    /// Rows that define a metric but state no scoring standard get the
    /// default rubric's rule, scaled (`true`, the default), or are manual.
    pub default_rule_for_formula_only: Option<bool>,
    /// Adopt the default rules as the rubric's own: rows scored by them stay
    /// 参考 but no longer make the grade provisional (`false` by default).
    pub adopt_default_rules: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GradeOptions {
    /// `default` (优秀/良好/中/差) or `national` (优/良/中/差), both at 90/80/60.
    pub preset: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndicatorOptions {
    /// The rubric row's indicator name (compared after normalisation).
    pub name: String,
    /// A metric code (`late_special_funds`) or `manual`.
    pub metric: Option<String>,
    /// A rule in jixiao's canonical form or in Chinese text.
    pub rule: Option<String>,
}

//! The configuration file exactly as written. Every field is optional;
//! unknown keys are an error so that a typo is not silently ignored.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// A label profile (`别名.toml`) adding label variants to the built-in
    /// ones; relative to the config file's folder.
    pub profile: Option<std::path::PathBuf>,
    pub score: Option<ScoreOptions>,
    /// What `jixiao batch --config` runs: `[batch]`.
    pub batch: Option<BatchOptions>,
    pub grade: Option<GradeOptions>,
    /// Per-indicator overrides: `[[indicator]]` tables.
    #[serde(default)]
    pub indicator: Vec<IndicatorOptions>,
    /// Per-metric choices, by metric code: `[metrics.key_expenditure_rate]`.
    #[serde(default)]
    pub metrics: IndexMap<Spanned<String>, MetricOptions>,
}

/// `[metrics.<code>]`: how one metric is computed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetricOptions {
    /// The budget basis (口径): `"年初预算"`, `"全年预算"`, `"预算数"`,
    /// `"决算数"`, as the metric allows (docs/指标目录.md).
    pub basis: Option<Spanned<String>>,
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

/// `[batch]`: a yearly run from a config file. Paths are relative to the
/// config file's folder and may contain `{year}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BatchOptions {
    /// Input folders or files: one path or a list.
    pub input: Option<OneOrMany>,
    /// The rubric every department is scored with.
    pub rubric: Option<String>,
    /// The output folder.
    pub out: Option<String>,
    /// The evaluation year (`{year}` in paths, the 汇总's title).
    pub year: Option<i32>,
    /// Parallel workers (default: the number of cores).
    pub jobs: Option<usize>,
    /// Time limit per workbook, in seconds (default 120).
    pub timeout_seconds: Option<u64>,
    /// Memory limit per worker, in MiB (default 2048).
    pub memory_mb: Option<u64>,
    /// Last year's 汇总.json (may contain `{year}` and `{prev_year}`).
    pub previous: Option<String>,
}

/// One path or a list of paths.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

//! `jixiao.toml`: options as written ([`options`]) resolved once into the
//! settings the pipeline receives ([`settings`]).

pub mod grades;
pub mod options;
pub mod settings;

pub use grades::GradeScale;
pub use settings::{BatchSettings, IndicatorOverride, MetricChoice, Settings, load};

/// Why a configuration file cannot be used (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "无法读取配置文件「{path}」：{}",
        crate::base::os_error::describe(source)
    )]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("配置文件「{path}」格式有误（第{line}行）：{message}")]
    Syntax {
        path: std::path::PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "配置文件「{path}」中 [grade] preset = \"{preset}\" 不是已知的等级方案（可写 \"default\"：优秀/良好/中/差，或 \"national\"：优/良/中/差）"
    )]
    UnknownPreset {
        path: std::path::PathBuf,
        preset: String,
    },
    #[error(
        "配置文件「{path}」中指标「{name}」的 metric = \"{metric}\" 不是已知的指标代码（可用代码见 docs/指标目录.md，或写 \"manual\" 表示人工评分）"
    )]
    UnknownMetric {
        path: std::path::PathBuf,
        name: String,
        metric: String,
    },
    /// `[metrics.<code>]` names no metric.
    #[error(
        "配置文件「{path}」第{line}行：[metrics.{code}] 中的 {code} 不是已知的指标代码（可用代码见 docs/指标目录.md）"
    )]
    UnknownMetricCode {
        path: std::path::PathBuf,
        line: usize,
        code: String,
    },
    /// A basis the metric cannot be computed on.
    #[error(
        "配置文件「{path}」第{line}行：指标「{metric}」的 basis = \"{basis}\" 不可用，该指标可选的口径为：{allowed}"
    )]
    BadBasis {
        path: std::path::PathBuf,
        line: usize,
        metric: String,
        basis: String,
        allowed: String,
    },
    /// `profile =` holds `{year}`: the profile is read with the config,
    /// before the year of the run is known.
    #[error(
        "配置文件「{path}」中 profile = \"{profile}\" 含 {{year}} 或 {{prev_year}}：标签配置文件在读取配置时就要用到，路径中不能有年度占位符，请写出具体路径（年度占位符可用于 [batch] 的 input、out、rubric、previous）"
    )]
    YearInProfile {
        path: std::path::PathBuf,
        profile: String,
    },
    /// The label profile named by `profile =` cannot be used.
    #[error(transparent)]
    Profile(#[from] crate::profile::ProfileError),
}

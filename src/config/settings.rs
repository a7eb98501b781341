//! Resolved settings: defaults applied, metric codes checked, once.

use std::path::{Path, PathBuf};

use super::ConfigError;
use super::GradeScale;
use super::options::Options;
use crate::base::name::comparable;
use crate::metrics::{Bases, Basis, MetricId, catalog};
use crate::profile::Profile;

/// What an override says about an indicator's metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricChoice {
    Metric(MetricId),
    /// Score the row by hand.
    Manual,
}

/// One `[[indicator]]` of the config.
#[derive(Debug, Clone)]
pub struct IndicatorOverride {
    /// The name as compared ([`comparable`]).
    pub key: String,
    pub metric: Option<MetricChoice>,
    pub rule: Option<String>,
}

/// Settings the pipeline receives.
#[derive(Debug, Clone)]
pub struct Settings {
    pub default_rule_for_formula_only: bool,
    /// The configuration adopts the default rules explicitly
    /// (`[score] adopt-default-rules = true`): rows scored by them do not
    /// make the grade provisional.
    pub adopt_default_rules: bool,
    pub grades: GradeScale,
    pub overrides: Vec<IndicatorOverride>,
    /// The budget basis of each metric (`[metrics.<code>] basis = …`).
    pub bases: Bases,
    /// The labels to recognise: the built-in profile, extended by the file
    /// that `profile =` names.
    pub profile: Profile,
    /// `[batch]` of the config, paths not yet resolved.
    pub batch: BatchSettings,
    /// The config file these settings came from, if any.
    pub source: Option<PathBuf>,
    /// The rubric family `--family` chose (DESIGN §2.6); `None`: detected
    /// from each rubric.
    pub family: Option<crate::profile::family::Family>,
}

/// `[batch]` as written: paths may hold `{year}` and are relative to
/// `base_dir` (the config file's folder).
#[derive(Debug, Clone, Default)]
pub struct BatchSettings {
    pub base_dir: PathBuf,
    pub inputs: Vec<String>,
    pub rubric: Option<String>,
    pub out: Option<String>,
    pub year: Option<i32>,
    pub jobs: Option<usize>,
    pub timeout_seconds: Option<u64>,
    pub memory_mb: Option<u64>,
    pub previous: Option<String>,
}

impl BatchSettings {
    /// A configured path with `{year}` filled in, relative to the config's
    /// folder. `None` when it holds `{year}` and no year is known.
    pub fn path(&self, template: &str, year: Option<i32>) -> Option<PathBuf> {
        let text = match year {
            Some(y) => template
                .replace("{year}", &y.to_string())
                .replace("{prev_year}", &(y - 1).to_string()),
            None if template.contains("{year}") || template.contains("{prev_year}") => {
                return None;
            }
            None => template.to_string(),
        };
        Some(self.base_dir.join(text))
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            default_rule_for_formula_only: true,
            adopt_default_rules: false,
            grades: GradeScale::default(),
            overrides: Vec::new(),
            bases: Bases::default(),
            profile: Profile::builtin(),
            batch: BatchSettings::default(),
            source: None,
            family: None,
        }
    }
}

impl Settings {
    /// The override for a rubric row's name, if any.
    pub fn override_for(&self, name: &str) -> Option<&IndicatorOverride> {
        if self.overrides.is_empty() {
            return None;
        }
        let key = comparable(name);
        self.overrides.iter().find(|o| o.key == key)
    }
}

/// Reads and resolves a configuration file.
///
/// # Errors
/// [`ConfigError`] for an unreadable file, a syntax error or unknown key
/// (with its line), an unknown metric code, or a label profile that
/// cannot be used.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    let text =
        crate::base::os_error::read_text(path, 1024 * 1024).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let options: Options = toml::from_str(&text).map_err(|e| {
        // The TOML reader names no key for a duplicate: its span does.
        let message = match e.span().and_then(|s| text.get(s)) {
            Some(key) if e.message().trim() == "duplicate key" => {
                format!("duplicate key `{}`", key.trim())
            }
            _ => e.message().to_string(),
        };
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line: e.span().map_or(1, |s| line_at(&text, s.start)),
            message: crate::base::toml_zh::translate(&message),
        }
    })?;
    resolve(options, path, &text)
}

/// The line (from 1) of a byte offset in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(1, |t| t.matches('\n').count() + 1)
}

fn resolve(options: Options, path: &Path, text: &str) -> Result<Settings, ConfigError> {
    let mut settings = Settings::default();
    // Relative paths are relative to the config file's folder, not to the
    // working directory (a scheduler's working directory is anywhere).
    let base = path.parent().unwrap_or_else(|| Path::new(""));
    settings.source = Some(path.to_path_buf());
    if let Some(file) = &options.profile {
        let written = file.to_string_lossy();
        if written.contains("{year}") || written.contains("{prev_year}") {
            return Err(ConfigError::YearInProfile {
                path: path.to_path_buf(),
                profile: written.into_owned(),
            });
        }
        settings.profile.extend_from_file(&base.join(file))?;
    }
    if let Some(b) = options.batch {
        settings.batch = BatchSettings {
            base_dir: base.to_path_buf(),
            inputs: b
                .input
                .map(super::options::OneOrMany::into_vec)
                .unwrap_or_default(),
            rubric: b.rubric,
            out: b.out,
            year: b.year,
            jobs: b.jobs,
            timeout_seconds: b.timeout_seconds,
            memory_mb: b.memory_mb,
            previous: b.previous,
        };
    }
    if let Some(score) = options.score {
        if let Some(v) = score.default_rule_for_formula_only {
            settings.default_rule_for_formula_only = v;
        }
        if let Some(v) = score.adopt_default_rules {
            settings.adopt_default_rules = v;
        }
    }
    match options.grade.and_then(|g| g.preset).as_deref() {
        None | Some("default") => {}
        Some("national") => settings.grades = GradeScale::national(),
        Some(other) => {
            return Err(ConfigError::UnknownPreset {
                path: path.to_path_buf(),
                preset: other.to_string(),
            });
        }
    }
    for (code, m) in &options.metrics {
        let spec =
            catalog::by_key(code.get_ref()).ok_or_else(|| ConfigError::UnknownMetricCode {
                path: path.to_path_buf(),
                line: line_at(text, code.span().start),
                code: code.get_ref().clone(),
            })?;
        if let Some(written) = &m.basis {
            let bad = |allowed: String| ConfigError::BadBasis {
                path: path.to_path_buf(),
                line: line_at(text, written.span().start),
                metric: settings
                    .profile
                    .metric(spec.key)
                    .map_or_else(|| spec.key.to_string(), |n| n.name.clone()),
                basis: written.get_ref().clone(),
                allowed,
            };
            let basis = Basis::from_label(written.get_ref())
                .ok_or_else(|| bad(crate::metrics::basis::allowed_text(spec.id)))?;
            settings
                .bases
                .choose(spec.id, basis)
                .map_err(|e| bad(e.allowed))?;
        }
    }
    for ind in options.indicator {
        let metric = match ind.metric.as_deref() {
            None => None,
            Some("manual" | "人工评分") => Some(MetricChoice::Manual),
            Some(code) => Some(MetricChoice::Metric(
                catalog::by_key(code)
                    .ok_or_else(|| ConfigError::UnknownMetric {
                        path: path.to_path_buf(),
                        name: ind.name.clone(),
                        metric: code.to_string(),
                    })?
                    .id,
            )),
        };
        settings.overrides.push(IndicatorOverride {
            key: comparable(&ind.name),
            metric,
            rule: ind.rule,
        });
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Settings, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("jixiao.toml");
        std::fs::write(&p, text).unwrap();
        load(&p)
    }

    #[test]
    fn overrides_and_switch() {
        let s = load_text(
            "[score]\ndefault-rule-for-formula-only = false\n\n[[indicator]]\nname = \"支付进度（3分）\"\nmetric = \"late_special_funds\"\nrule = \"计数扣分：每出现1个扣1分，扣完为止\"\n\n[[indicator]]\nname = \"预算完成率\"\nmetric = \"manual\"\n",
        )
        .unwrap();
        assert!(!s.default_rule_for_formula_only);
        assert!(!s.adopt_default_rules);
        let o = s.override_for("支付进度").unwrap();
        assert_eq!(
            o.metric,
            Some(MetricChoice::Metric(MetricId::LateSpecialFunds))
        );
        assert_eq!(
            s.override_for("预算完成率").unwrap().metric,
            Some(MetricChoice::Manual)
        );
        assert_eq!(s.grades, GradeScale::default());
        let s = load_text("[score]\nadopt-default-rules = true\n").unwrap();
        assert!(s.adopt_default_rules);
        let s = load_text("[grade]\npreset = \"national\"\n").unwrap();
        assert_eq!(s.grades.grade(rust_decimal::Decimal::from(95)), "优");
        let e = load_text("[grade]\npreset = \"fancy\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("fancy") && e.contains("national"), "{e}");
    }

    #[test]
    fn profile_is_relative_to_the_config_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("配置")).unwrap();
        std::fs::write(
            dir.path().join("配置/别名.toml"),
            "[fact.staff_actual]\nlabels = [\"实有人数（人）\"]\n",
        )
        .unwrap();
        let p = dir.path().join("配置/jixiao.toml");
        std::fs::write(&p, "profile = \"别名.toml\"\n").unwrap();
        let s = load(&p).unwrap();
        match &s.profile.fact(crate::profile::FactId::StaffActual).locator {
            crate::profile::Locator::Field(labels) => assert!(labels.matches("实有人数")),
            crate::profile::Locator::Table { .. } => panic!("a field"),
        }
        std::fs::write(&p, "profile = \"无此文件.toml\"\n").unwrap();
        let e = load(&p).unwrap_err().to_string();
        assert!(
            e.contains("无法读取标签配置文件") && e.contains("无此文件.toml"),
            "{e}"
        );
    }

    /// `[metrics.<code>] basis = …`: chosen per metric, checked against
    /// what the metric allows, errors with their line.
    #[test]
    fn basis_per_metric() {
        let s = load_text(
            "[metrics.key_expenditure_rate]\nbasis = \"全年预算\"\n\n[metrics.budget_completion_rate]\nbasis = \"年初预算\"\n",
        )
        .unwrap();
        assert_eq!(
            s.bases.of(MetricId::KeyExpenditureRate),
            Some(Basis::FullYearBudget)
        );
        assert_eq!(
            s.bases.of(MetricId::BudgetCompletionRate),
            Some(Basis::InitialBudget)
        );
        // Not configured: the stated basis.
        assert_eq!(
            s.bases.of(MetricId::PublicExpenseControlRate),
            Some(Basis::InitialBudget)
        );
        let e = load_text("# 口径\n[metrics.key_expenditure_rate]\nbasis = \"决算数\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with(
                "第3行：指标「重点支出安排率」的 basis = \"决算数\" 不可用，该指标可选的口径为：\"年初预算\"、\"全年预算\""
            ),
            "{e}"
        );
        let e = load_text("[metrics.staff_control_rate]\nbasis = \"某口径\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("第2行") && e.contains("不区分口径"), "{e}");
        let e = load_text("\n[metrics.no_such_rate]\nbasis = \"全年预算\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("第2行") && e.contains("no_such_rate") && e.contains("指标代码"),
            "{e}"
        );
        let e = load_text("[metrics.carryover_rate]\nbase = \"全年预算\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("第2行") && e.contains("base"), "{e}");
    }

    /// The example of docs/指标目录.md is a valid configuration.
    #[test]
    fn documented_basis_example_loads() {
        let doc = include_str!("../../docs/指标目录.md");
        let example = doc
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap();
        let s = load_text(example).unwrap();
        assert_eq!(
            s.bases.of(MetricId::KeyExpenditureRate),
            Some(Basis::FullYearBudget)
        );
        assert_eq!(
            s.bases.of(MetricId::BudgetCompletionRate),
            Some(Basis::InitialBudget)
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let e = load_text("[score]\ndefault-rule = true\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("第2行") && e.contains("default-rule"), "{e}");
        let e = load_text("[[indicator]]\nname = \"x\"\nmetric = \"nope\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("nope") && e.contains("指标代码"), "{e}");
    }
}

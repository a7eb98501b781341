//! Parsing, merging and checking profiles: the built-in one and users' files.

use std::path::Path;

use super::*;

fn extended(text: &str) -> Result<Profile, ProfileError> {
    let mut p = Profile::builtin();
    p.extend_from_str(text, Path::new("别名.toml"))?;
    Ok(p)
}

fn field_labels(p: &Profile, id: FactId) -> Vec<String> {
    match &p.fact(id).locator {
        Locator::Field(l) => l.written().to_vec(),
        Locator::Table { .. } => panic!("{id:?} is a table cell"),
    }
}

#[test]
fn builtin_describes_every_fact_once_in_check_order() {
    let p = Profile::builtin();
    assert_eq!(p.facts().len(), FactId::ALL.len());
    for (spec, id) in p.facts().iter().zip(FactId::ALL) {
        assert_eq!(spec.id, id, "facts are listed in FactId order");
        assert!(!spec.name.is_empty() && !spec.sheets.is_empty(), "{id:?}");
    }
    assert_eq!(p.fact(FactId::StaffActual).name, "在职人员数");
    assert_eq!(p.fact(FactId::StaffActual).kind, FactKind::Count);
    assert_eq!(
        field_labels(&p, FactId::StaffActual)[..3],
        ["在职人员数", "在职人数", "实有在职人数"]
    );
    match &p.fact(FactId::SangongBudget).locator {
        Locator::Table { rows, cols } => {
            assert_eq!(rows.written()[0], "合计");
            assert_eq!(cols.written()[0], "本年预算数");
        }
        Locator::Field(_) => panic!("三公 is a table"),
    }
    assert!(p.metric("staff_control_rate").is_some());
    assert_eq!(p.metrics()[0].names.written()[0], "在职人员控制率");
    assert_eq!(p.template().len(), 5);
}

#[test]
fn fact_codes_round_trip() {
    for id in FactId::ALL {
        let code = serde_json::to_value(id).unwrap();
        assert_eq!(FactId::from_code(code.as_str().unwrap()), Some(id));
    }
}

/// Labels that are compared with a cell's normalised label must already be
/// in normal form: normalising them once when the profile is built must
/// not change what they match.
#[test]
fn builtin_labels_are_normalised_forms_or_fact_labels() {
    let p = Profile::builtin();
    let h = p.headers();
    for labels in [
        p.name_labels(),
        p.year_labels(),
        &h.level3,
        &h.content,
        &h.standard,
        &h.standard_or_content,
        &h.rule,
        &h.max,
        &h.self_score,
        &h.review,
        &h.reason,
    ] {
        assert_eq!(labels.written(), labels.normalized());
    }
}

/// The template writes labels the profile reads back.
#[test]
fn template_labels_are_known_aliases() {
    let p = Profile::builtin();
    let known = |label: &str| {
        let l = normalize_label(label);
        p.facts().iter().any(|s| match &s.locator {
            Locator::Field(a) => a.matches(&l),
            Locator::Table { rows, cols } => rows.matches(&l) || cols.matches(&l),
        }) || p.name_labels().matches(&l)
            || p.year_labels().matches(&l)
    };
    for sheet in p.template() {
        let labels: Vec<&String> = match &sheet.layout {
            TemplateLayout::Fields(f) => f.iter().collect(),
            TemplateLayout::Table { rows, cols } => rows.iter().chain(cols).collect(),
        };
        for label in labels {
            // Rows the metrics do not use (人员经费, 因公出国…) are informative.
            if [
                "基本支出",
                "其中：人员经费",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "其中：公务用车购置费",
                "公务用车运行费",
                "公务接待费",
            ]
            .contains(&label.as_str())
            {
                continue;
            }
            assert!(known(label), "template label {label} is not an alias");
        }
    }
}

/// The first label of a field is what the template writes for it.
#[test]
fn first_field_label_is_the_template_label() {
    let p = Profile::builtin();
    let written: Vec<String> = p
        .template()
        .iter()
        .flat_map(|s| match &s.layout {
            TemplateLayout::Fields(f) => f.clone(),
            TemplateLayout::Table { rows, cols } => rows.iter().chain(cols).cloned().collect(),
        })
        .map(|l| normalize_label(&l))
        .collect();
    for spec in p.facts() {
        let firsts = match &spec.locator {
            Locator::Field(l) => vec![&l.normalized()[0]],
            Locator::Table { rows, cols } => vec![&rows.normalized()[0], &cols.normalized()[0]],
        };
        for first in firsts {
            assert!(written.contains(first), "{:?}: {first}", spec.id);
        }
    }
}

#[test]
fn user_labels_are_appended_once() {
    let p = extended(
        "name-labels = [\"填报单位\"]\n\
         [fact.staff_actual]\n\
         labels = [\"实有人数（人）\", \"在职人数（人）\", \"实有人数\"]\n\
         [fact.total_budget]\n\
         rows = [\"支出总额\"]\n\
         cols = [\"调整预算数\"]\n\
         [header]\n\
         self-score = [\"单位自评分\"]\n\
         [metric.staff_control_rate]\n\
         aliases = [\"人员控制情况\", \"人员控制率\"]\n",
    )
    .unwrap();
    let builtin = Profile::builtin();
    let labels = field_labels(&p, FactId::StaffActual);
    let before = field_labels(&builtin, FactId::StaffActual);
    assert_eq!(labels[..before.len()], before[..], "built-in labels first");
    // 在职人数（人） is 在职人数 after normalisation; 实有人数 repeats the new label.
    assert_eq!(labels[before.len()..], ["实有人数（人）"]);
    match &p.fact(FactId::TotalBudget).locator {
        Locator::Table { rows, cols } => {
            assert!(rows.matches("支出总额") && cols.matches("调整预算数"));
        }
        Locator::Field(_) => panic!(),
    }
    assert!(p.name_labels().matches("填报单位"));
    assert!(p.headers().self_score.matches("单位自评分"));
    let m = p.metric("staff_control_rate").unwrap();
    assert_eq!(m.names.written().last().unwrap(), "人员控制情况");
    assert_eq!(
        m.names.len(),
        builtin.metric("staff_control_rate").unwrap().names.len() + 1
    );
    // Nothing else changed.
    assert_eq!(p.template(), builtin.template());
    assert_eq!(extended("").unwrap(), builtin);
}

#[test]
fn unknown_key_names_file_and_line() {
    let e =
        extended("[fact.staff_actual]\nlabels = [\"实有人数\"]\nname = \"人数\"\n").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, ProfileError::Syntax { line: 3, .. }), "{msg}");
    assert!(
        msg.contains("「别名.toml」") && msg.contains("第3行") && msg.contains("name"),
        "{msg}"
    );
    let e = extended("[header]\nscore = [\"得分\"]\n").unwrap_err();
    assert!(matches!(e, ProfileError::Syntax { line: 2, .. }), "{e}");
    let e = extended("[fact.staff_actual\n").unwrap_err();
    assert!(matches!(e, ProfileError::Syntax { line: 1, .. }), "{e}");
}

#[test]
fn unknown_fact_or_metric_code_is_an_error() {
    let mut p = Profile::builtin();
    let e = p
        .extend_from_str(
            "name-labels = [\"填报单位\"]\n\n[fact.staff_actul]\nlabels = [\"实有人数\"]\n",
            Path::new("别名.toml"),
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "标签配置文件「别名.toml」第3行：「staff_actul」不是已知的数据项代码（可用代码见 docs/标签配置.md）"
    );
    assert_eq!(p, Profile::builtin(), "unchanged on error");
    let e = extended("[metric.staff_rate]\naliases = [\"人员控制\"]\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "标签配置文件「别名.toml」第1行：「staff_rate」不是已知的指标代码（可用代码见 docs/指标目录.md）"
    );
}

#[test]
fn labels_must_fit_the_fact() {
    let e = extended("[fact.total_budget]\nlabels = [\"支出总额\"]\n").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("第1行") && msg.contains("支出合计·全年预算数") && msg.contains("rows"),
        "{msg}"
    );
    let e = extended("\n[fact.staff_actual]\nrows = [\"实有人数\"]\n").unwrap_err();
    assert!(
        matches!(e, ProfileError::WrongLocator { line: 2, .. }),
        "{e}"
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let e = Profile::with_user_file(Path::new("/nonexistent/别名.toml")).unwrap_err();
    assert!(e.to_string().contains("无法读取标签配置文件"), "{e}");
}

/// `Profile::fact` indexes by discriminant: `FactId::ALL` is in declaration
/// order and every id finds its own spec.
#[test]
fn fact_lookup_is_total() {
    let p = Profile::builtin();
    for (i, id) in FactId::ALL.iter().enumerate() {
        assert_eq!(*id as usize, i);
        assert_eq!(p.fact(*id).id, *id);
    }
}

//! A 50-department smoke run of the batch benchmark (`bench/run.sh`,
//! docs/性能.md): the generator's workbooks, the floor program, and `jixiao
//! batch` with `--jobs 1` and `--jobs 2`. Nothing is timed.

use crate::util::{Workdir, stderr};

#[path = "../../examples/departments/mod.rs"]
pub(crate) mod departments;
#[allow(dead_code)]
#[path = "../../examples/floor.rs"]
mod floor;

#[test]
fn fifty_generated_departments_through_the_floor_and_the_batch() {
    let w = Workdir::new();
    let input = w.path("部门");
    departments::write_synth(50, &input).unwrap();
    let count = crate::util::count_files;
    assert_eq!(count(&input, ".xlsx"), 50);
    // The same number always gives the same files.
    let again = w.path("again");
    departments::write_synth(3, &again).unwrap();
    for name in ["部门00001.xlsx", "部门00002.xlsx", "部门00003.xlsx"] {
        assert!(
            std::fs::read(input.join(name)).unwrap() == std::fs::read(again.join(name)).unwrap()
        );
    }

    let floor_out = w.path("floor");
    assert_eq!(floor::run(&input, &floor_out).unwrap(), 50);
    assert_eq!(count(&floor_out, "_floor.xlsx"), 50);

    let mut summaries = Vec::new();
    for jobs in ["1", "2"] {
        let out = w.path(&format!("结果{jobs}"));
        let run = w.run(&[
            "batch",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--jobs",
            jobs,
            "--quiet",
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        assert_eq!(count(&out, "_评分.xlsx"), 50);
        let csv = std::fs::read_to_string(out.join("汇总.csv")).unwrap();
        assert_eq!(csv.lines().count(), 1 + 50, "{csv}");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("运行记录.json")).unwrap()).unwrap();
        assert_eq!(manifest["scored"], 50);
        if cfg!(unix) {
            assert!(manifest["peak_memory"]["main_kb"].as_u64().unwrap() > 0);
            assert!(manifest["peak_memory"]["worker_kb"].as_u64().unwrap() > 0);
        }
        // No spill or temporary file is left behind.
        let hidden: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "{hidden:?}");
        summaries.push(
            ["汇总.xlsx", "汇总.csv", "汇总.json"].map(|f| std::fs::read(out.join(f)).unwrap()),
        );
    }
    assert!(
        summaries[0] == summaries[1],
        "汇总 differs between --jobs 1 and 2"
    );
}

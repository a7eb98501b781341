//! What double-clicking jixiao.exe or dropping a file onto it does: the
//! no-command form, and the wait for a key when Explorer started jixiao
//! (issue 13). The same runs under Wine: dist/test-windows.sh.

use assert_cmd::Command;

use crate::util::{Workdir, stderr};

#[test]
fn no_argument_prints_the_short_help() {
    let w = Workdir::new();
    let run = w.run(&[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out = String::from_utf8(run.stdout.clone()).unwrap();
    for part in [
        "拖到 jixiao.exe",
        "_评分.xlsx》写在该文件旁边",
        "_评分结果",
        "jixiao --help",
    ] {
        assert!(out.contains(part), "{part} missing from:\n{out}");
    }
    // Not started by Explorer: nothing waits, nothing on stderr.
    assert!(run.stderr.is_empty(), "{}", stderr(&run));
}

#[test]
fn a_file_dropped_twice_is_scored_beside_it_and_never_replaced() {
    let w = Workdir::new();
    let input = w.sample("桃江县医疗保障局2019.xlsx");
    let first = w.run(&[input.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let scored = w.path("桃江县医疗保障局2019_评分.xlsx");
    assert!(stderr(&first).contains("桃江县医疗保障局2019_评分.xlsx」"));
    let before = std::fs::read(&scored).unwrap();
    let second = w.run(&[input.to_str().unwrap()]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("桃江县医疗保障局2019_评分(2).xlsx」"),
        "{}",
        stderr(&second)
    );
    assert!(w.path("桃江县医疗保障局2019_评分(2).xlsx").is_file());
    assert_eq!(std::fs::read(&scored).unwrap(), before);
}

fn jixiao_paused(w: &Workdir, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("jixiao")
        .unwrap()
        .current_dir(w.dir.path())
        .env("JIXIAO_PAUSE", "1")
        .args(args)
        .write_stdin("\n")
        .output()
        .unwrap()
}

#[test]
fn started_by_explorer_waits_for_a_key_but_a_command_never_does() {
    let w = Workdir::new();
    let input = w.sample("示例县统计局2023.xlsx");
    // The drop form: the result, then the prompt; the line on stdin ends it.
    let dropped = jixiao_paused(&w, &[input.to_str().unwrap()]);
    assert_eq!(dropped.status.code(), Some(0), "{}", stderr(&dropped));
    let err = stderr(&dropped);
    assert!(err.contains("已生成"), "{err}");
    assert!(err.ends_with("按任意键关闭此窗口……\n"), "{err}");
    // An error is kept on screen too.
    let missing = jixiao_paused(&w, &["不存在.xlsx"]);
    assert_ne!(missing.status.code(), Some(0));
    assert!(stderr(&missing).contains("按任意键关闭此窗口"));
    // A command (a script, a scheduled task) never waits.
    let scored = jixiao_paused(&w, &["check", input.to_str().unwrap()]);
    assert_eq!(scored.status.code(), Some(0), "{}", stderr(&scored));
    assert!(!stderr(&scored).contains("按任意键"), "{}", stderr(&scored));
}

//! The `gongwen` command as a user runs it.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn case_dir(name: &str) -> PathBuf {
    let dir = common::doc::scratch_dir().join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn render_writes_the_pdf_next_to_the_input() {
    let dir = case_dir("default-output");
    let input = dir.join("通知.md");
    std::fs::write(&input, "---\n标题: 关于放假的通知\n---\n\n正文。\n").unwrap();
    let out = gongwen().arg("render").arg(&input).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.join("通知.pdf");
    let bytes = std::fs::read(&pdf).expect("PDF next to the input");
    assert!(bytes.starts_with(b"%PDF-"));
    // Substituted roles are announced once each.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("仿宋: 使用替代字体").count(), 1, "{stderr}");
}

#[test]
fn render_honours_the_output_option() {
    let dir = case_dir("output-option");
    let input = dir.join("a.md");
    std::fs::write(&input, "正文。\n").unwrap();
    let target = dir.join("out").join("b.pdf");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let out = gongwen()
        .arg("render")
        .arg(&input)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(target.exists());
    assert!(!dir.join("a.pdf").exists());
}

#[test]
fn document_errors_exit_1_and_leave_no_file() {
    let dir = case_dir("doc-error");
    let input = dir.join("bad.md");
    std::fs::write(&input, "---\n发文机光: 某局\n---\n").unwrap();
    let out = gongwen().arg("render").arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.md:2:1"), "{stderr}");
    assert!(stderr.contains("发文机关"), "{stderr}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the input remains");
}

#[test]
fn output_equal_to_input_is_refused_and_input_untouched() {
    let dir = case_dir("same-path");
    let input = dir.join("doc.md");
    std::fs::write(&input, "正文。\n").unwrap();
    let out = gongwen()
        .arg("render")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "正文。\n");
}

#[test]
fn a_missing_input_is_a_usage_error() {
    let dir = case_dir("missing");
    let out = gongwen()
        .arg("render")
        .arg(dir.join("nowhere.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取文件"));
}

#[test]
fn elements_without_a_layout_yet_are_warned_about() {
    let dir = case_dir("warnings");
    let input = dir.join("w.md");
    std::fs::write(&input, "---\n标题: 测试\n列席: [某局]\n---\n\n正文。\n").unwrap();
    let out = gongwen().arg("render").arg(&input).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("w.md:3:") && stderr.contains("警告") && stderr.contains("列席"),
        "{stderr}"
    );
}

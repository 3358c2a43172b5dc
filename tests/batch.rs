//! `gongwen render` with many inputs: folders, patterns, `--out-dir`, `-j`;
//! and reproducible bytes across processes, for one document and a batch.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn case_dir(name: &str) -> PathBuf {
    let dir = common::doc::scratch_dir().join(format!("batch-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn gongwen(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("render")
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of `samples/` (documents, seals, the attachment file) in `dir`.
fn copy_samples(dir: &Path) -> PathBuf {
    let to = dir.join("samples");
    for folder in ["", "seals", "attachments"] {
        std::fs::create_dir_all(to.join(folder)).unwrap();
        for entry in std::fs::read_dir(Path::new("samples").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let ext = path.extension().and_then(|e| e.to_str());
            if matches!(ext, Some("md" | "svg" | "png")) {
                std::fs::copy(&path, to.join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    to
}

/// The `.pdf` files below `dir`, relative to it, sorted.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                out.push(path.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

#[test]
fn a_folder_renders_into_out_dir_mirroring_paths_and_skipping_bound_attachments() {
    let dir = case_dir("folder");
    let samples = copy_samples(&dir);
    std::fs::create_dir_all(samples.join("sub")).unwrap();
    std::fs::write(
        samples.join("sub/函.md"),
        "---\n标题: 关于商请的函\n---\n\n正文。\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = gongwen(&[&samples, &"--out-dir", &out_dir, &"-j", &"2"]);
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    let found = pdfs(&out_dir);
    let sources = std::fs::read_dir("samples")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    // Every sample, the sub-folder's letter; not the bound attachment file.
    assert_eq!(found.len(), sources + 1, "{found:?}");
    assert!(found.contains(&PathBuf::from("sub/函.pdf")), "{found:?}");
    assert!(
        !found.iter().any(|p| p.starts_with("attachments")),
        "{found:?}"
    );
    assert!(text.contains("跳过 1 个作为附件装订"), "{text}");
    assert!(text.contains("quality-checklist.md"), "{text}");
    let summary = format!("已生成 {} 份，失败 0 份，用时", sources + 1);
    assert!(text.contains(&summary), "{text}");
    // Not a terminal: no progress bar.
    assert!(!text.contains('\r'), "{text:?}");
    // Nothing written next to the sources.
    assert!(pdfs(&samples).is_empty());
}

#[test]
fn one_bad_document_fails_alone_and_sets_the_exit_status() {
    let dir = case_dir("one-bad");
    for name in ["甲", "乙"] {
        std::fs::write(dir.join(format!("{name}.md")), "正文。\n").unwrap();
    }
    std::fs::write(dir.join("坏.md"), "---\n发文机光: 某局\n---\n").unwrap();
    let out = gongwen(&[&dir]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("坏.md:2:1: 错误：未知的前置元数据键"),
        "{text}"
    );
    assert!(text.contains("已生成 2 份，失败 1 份"), "{text}");
    assert!(dir.join("甲.pdf").exists() && dir.join("乙.pdf").exists());
    assert!(!dir.join("坏.pdf").exists());
    // An unreadable input weighs more: exit 2.
    let out = gongwen(&[&dir.join("甲.md"), &dir.join("无此文件.md")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("无法读取文件"), "{}", stderr(&out));
}

#[test]
fn quoted_patterns_are_expanded_here() {
    let dir = case_dir("glob");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    for name in ["a/一.md", "a/b/二.md", "a/说明.txt"] {
        std::fs::write(dir.join(name), "正文。\n").unwrap();
    }
    let out_dir = dir.join("out");
    let pattern = dir.join("a/**/*.md");
    let out = gongwen(&[&pattern, &"--out-dir", &out_dir]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        pdfs(&out_dir),
        [PathBuf::from("b/二.pdf"), PathBuf::from("一.pdf")]
    );
    // A pattern matching nothing is a warning, not a stop.
    let out = gongwen(&[&dir.join("a/*.md"), &dir.join("z/*.md")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("没有与此通配符匹配的 .md 文件"));
    assert!(dir.join("a/一.pdf").exists());
}

#[test]
fn usage_errors_of_a_batch_are_in_chinese() {
    let dir = case_dir("usage");
    for name in ["x/同名.md", "y/同名.md"] {
        std::fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.join(name), "正文。\n").unwrap();
    }
    let (x, y) = (dir.join("x/同名.md"), dir.join("y/同名.md"));
    let out = gongwen(&[&x, &y, &"-o", &dir.join("a.pdf")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("-o 只能用于单个输入文件"),
        "{}",
        stderr(&out)
    );
    // Two files whose PDFs would overwrite each other.
    let out = gongwen(&[&x, &y, &"--out-dir", &dir.join("out")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("输出文件相同"), "{}", stderr(&out));
    assert!(!dir.join("out").exists());
    // An empty folder.
    std::fs::create_dir_all(dir.join("空")).unwrap();
    let out = gongwen(&[&dir.join("空")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有找到要排版的 .md 文件"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_same_input_gives_the_same_bytes_in_separate_processes() {
    let dir = case_dir("reproducible");
    let samples = copy_samples(&dir);
    let source = samples.join("notice-attachments.md");
    let (a, b) = (dir.join("a.pdf"), dir.join("b.pdf"));
    for pdf in [&a, &b] {
        let out = gongwen(&[&source, &"-o", pdf]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let first = std::fs::read(&a).unwrap();
    assert_eq!(first, std::fs::read(&b).unwrap());
    // Two batches, one thread and two: every PDF the same, and the same as
    // the single render.
    let (one, two) = (dir.join("one"), dir.join("two"));
    for (out_dir, jobs) in [(&one, "1"), (&two, "2")] {
        let out = gongwen(&[&samples, &"--out-dir", out_dir, &"-j", &jobs]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let files = pdfs(&one);
    assert!(files.len() >= 7, "{files:?}");
    assert_eq!(files, pdfs(&two));
    for file in &files {
        let bytes = std::fs::read(one.join(file)).unwrap();
        assert_eq!(bytes, std::fs::read(two.join(file)).unwrap(), "{file:?}");
    }
    assert_eq!(
        std::fs::read(one.join("notice-attachments.pdf")).unwrap(),
        first
    );
}

/// The render gate and `--png` apply in a batch as for one document: the
/// document with a 发文字号 in `[]` fails, the other is written with its
/// previews; `--force` renders both.
#[test]
fn a_batch_checks_each_document_and_writes_previews() {
    let dir = common::doc::scratch_dir().join("batch-gate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let good = "---\n标题: 关于开展检查的通知\n发文机关署名: 示例县审计局\n成文日期: 2026-11-20\n---\n\n请认真执行。\n";
    let bad = "---\n发文机关: 示例县审计局\n发文字号: 示审发[2026]3号\n标题: 关于开展检查的通知\n发文机关署名: 示例县审计局\n成文日期: 2026-11-20\n---\n\n请认真执行。\n";
    std::fs::write(dir.join("good.md"), good).unwrap();
    std::fs::write(dir.join("bad.md"), bad).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["render", "--png", "30"])
        .arg(dir.join("good.md"))
        .arg(dir.join("bad.md"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("GW-DOCNO"), "{stderr}");
    assert!(dir.join("good.pdf").exists());
    assert!(dir.join("good-1.png").exists(), "{stderr}");
    assert!(!dir.join("bad.pdf").exists());
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["render", "--force"])
        .arg(dir.join("good.md"))
        .arg(dir.join("bad.md"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("bad.pdf").exists());
}

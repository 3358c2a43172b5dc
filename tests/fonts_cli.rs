//! `gongwen fonts [DOC]`: the face of every role with its file, and the
//! characters of a document that no installed face can draw.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gongwen::FontSearch;
use gongwen::fonts::{CandidateList, FontBook, FontReport, Role};

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn case_dir(name: &str) -> PathBuf {
    let dir = common::doc::scratch_dir().join(format!("fonts-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fonts(dir: &Path, args: &[&str]) -> (Output, String, String) {
    let out = gongwen()
        .arg("fonts")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

/// True when the file starts like a TrueType/OpenType font or collection.
fn is_font_file(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    matches!(
        bytes.get(..4),
        Some(b"ttcf" | b"OTTO" | b"true" | [0, 1, 0, 0])
    )
}

#[test]
fn every_role_is_listed_with_an_existing_font_file() {
    let dir = case_dir("list");
    let (out, stdout, stderr) = fonts(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    for role in Role::ALL {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{}：", role.name())))
            .unwrap_or_else(|| panic!("no line for {}:\n{stdout}", role.name()));
        // `角色：family，style，索引 n，path[（替代字体）]`
        let path = line
            .trim_end_matches("（替代字体）")
            .rsplit('，')
            .next()
            .unwrap();
        assert!(
            Path::new(path).is_file() && is_font_file(Path::new(path)),
            "{}: {path} is not a font file",
            role.name()
        );
        assert!(line.contains("索引 "), "{line}");
    }
}

#[test]
fn a_document_with_undrawable_characters_gets_their_positions_and_exit_1() {
    let dir = case_dir("rare");
    // U+2A6D6 (the last ideograph of CJK Extension B) and an emoji: none of
    // the open faces fonts/install.sh installs has them.
    let md = "---\n标题: 关于检查的通知\n---\n\n正文有一个罕见字𪛖，还有😀和𪛖。\n";
    std::fs::write(dir.join("罕见字.md"), md).unwrap();
    let (out, stdout, stderr) = fonts(&dir, &["罕见字.md"]);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("2 个字符没有任何已安装的字体能显示"),
        "{stdout}"
    );
    // Line 5; columns counted in characters from 1.
    assert!(
        stderr.contains("罕见字.md:5:9: 错误：字符「𪛖」（U+2A6D6）"),
        "{stderr}"
    );
    assert!(stderr.contains("共 2 处"), "{stderr}");
    assert!(
        stderr.contains("罕见字.md:5:13: 错误：字符「😀」（U+1F600）"),
        "{stderr}"
    );
    // The roles that use substitute faces are named.
    let book = FontBook::load(&FontSearch::standard(Vec::new())).unwrap();
    for notice in &book.notices {
        assert!(
            stdout.contains(notice.as_str()),
            "{notice} missing:\n{stdout}"
        );
    }
}

#[test]
fn a_drawable_document_passes_with_exit_0() {
    let dir = case_dir("fine");
    std::fs::write(
        dir.join("通知.md"),
        "---\n标题: 关于放假的通知\n---\n\n正文2026年。\n",
    )
    .unwrap();
    let (out, stdout, stderr) = fonts(&dir, &["通知.md"]);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("通知.md：所有字符均有字体可显示"),
        "{stdout}"
    );
}

#[test]
fn an_unreadable_document_exits_2() {
    let dir = case_dir("missing");
    let (out, _, stderr) = fonts(&dir, &["没有.md"]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("没有.md"), "{stderr}");
}

#[test]
fn roles_without_faces_are_reported_with_the_install_hint() {
    let nowhere = FontSearch {
        font_dirs: Vec::new(),
        use_env: false,
        project_dir: None,
        system: false,
        cache: None,
    };
    let candidates = CandidateList::builtin();
    let (book, missing) = FontBook::discover(&nowhere, &candidates).unwrap();
    // 西文 may fall back to the CJK faces, so it is not counted as missing.
    assert_eq!(missing.len(), Role::ALL.len() - 1);
    let report = FontReport::new(&book, &candidates);
    assert_eq!(report.missing().count(), Role::ALL.len());
    let text = report.to_string();
    assert!(text.contains("仿宋：未找到（候选 仿宋_GB2312、"), "{text}");
    assert!(text.contains("fonts/install.sh"), "{text}");
}

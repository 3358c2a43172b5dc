//! User errors end in a Chinese diagnostic naming file, line and column —
//! never a panic, never a PDF.

mod common;

use common::doc::{render_error, scratch_dir};
use gongwen::{Engine, FontSearch, Severity};

fn single(e: &gongwen::Error) -> &gongwen::Diagnostic {
    assert_eq!(e.diagnostics.len(), 1, "{e}");
    let d = &e.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    d
}

fn line_col(d: &gongwen::Diagnostic) -> (u32, u32) {
    let pos = d.pos.expect("a position");
    (pos.line, pos.column)
}

#[test]
fn bad_yaml_points_at_the_line() {
    let e = render_error(
        "bad-yaml",
        "---\n标题: 关于\n主送机关: [甲, 乙\n---\n\n正文。\n",
    );
    let d = single(&e);
    assert!(d.message.contains("YAML"), "{}", d.message);
    let (line, _) = line_col(d);
    assert!((3..=4).contains(&line), "line {line}: {e}");
    assert!(d.file.ends_with("bad-yaml.md"));
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let e = render_error(
        "unknown-key",
        "---\n标题: 关于\n发文机光: 某局\n---\n\n正文。\n",
    );
    let d = single(&e);
    assert_eq!(line_col(d), (3, 1));
    assert!(d.message.contains("发文机光"), "{}", d.message);
    assert!(d.help.as_deref().unwrap_or("").contains("发文机关"), "{e}");
    let shown = e.to_string();
    assert!(shown.contains("unknown-key.md:3:1"), "{shown}");
    assert!(shown.contains("3 | 发文机光: 某局"), "{shown}");
}

#[test]
fn english_keys_get_suggestions_too() {
    let e = render_error("unknown-en", "---\ntitel: 关于\n---\n");
    let d = single(&e);
    assert_eq!(line_col(d), (2, 1));
    assert!(d.help.as_deref().unwrap_or("").contains("title"), "{e}");
}

#[test]
fn wrong_type_names_key_and_place() {
    let e = render_error("wrong-type", "---\n标题:\n  - 甲\n  - 乙\n---\n");
    let d = single(&e);
    assert!(
        d.message.contains("标题") && d.message.contains("列表"),
        "{}",
        d.message
    );
    assert_eq!(line_col(d).0, 3, "{e}");
}

#[test]
fn impossible_date_is_rejected() {
    let e = render_error("bad-date", "---\n成文日期: 2021-02-29\n---\n");
    let d = single(&e);
    assert_eq!(line_col(d).0, 2);
    assert!(d.message.contains("日期"), "{}", d.message);
}

#[test]
fn a_character_no_font_can_draw_names_itself_and_its_line() {
    // U+13000 EGYPTIAN HIEROGLYPH A001: in none of the candidate faces.
    let md = "---\n标题: 测试\n---\n\n第一段。\n\n第二段有𓀀字。\n";
    let e = render_error("undrawable", md);
    let d = single(&e);
    assert!(
        d.message.contains('𓀀') && d.message.contains("U+13000"),
        "{}",
        d.message
    );
    assert!(d.message.contains("仿宋"), "{}", d.message);
    assert_eq!(line_col(d), (7, 5));
}

#[test]
fn missing_fonts_are_reported_with_the_fix() {
    let empty = scratch_dir().join("no-fonts-here");
    std::fs::create_dir_all(&empty).unwrap();
    let search = FontSearch {
        font_dirs: vec![empty],
        use_env: false,
        project_dir: None,
        system: false,
        cache: None,
    };
    let e = match Engine::new(&search) {
        Ok(_) => panic!("fonts found in an empty folder"),
        Err(e) => e,
    };
    let shown = e.to_string();
    for role in ["小标宋", "仿宋", "黑体", "楷体", "宋体"] {
        assert!(shown.contains(&format!("找不到「{role}」字体")), "{shown}");
    }
    assert!(shown.contains("fonts/install.sh"), "{shown}");
}

#[test]
fn fonts_in_a_font_dir_come_first() {
    // A folder holding (a link to) the Liberation Serif file takes the 西文
    // role over the system's copy: resolution order --font-dir first.
    let dir = scratch_dir().join("font-dir-first");
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("LiberationSerif-Regular.ttf");
    let system =
        std::path::Path::new("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf");
    if !link.exists() {
        std::fs::copy(system, &link).expect("Liberation Serif from fonts/install.sh");
    }
    let engine = Engine::new(&FontSearch::standard(vec![dir.clone()])).unwrap();
    let fonts = engine.fonts();
    let latin = fonts.role(gongwen::fonts::Role::Latin).faces[0];
    assert!(
        fonts.face(latin).path.starts_with(&dir),
        "{:?}",
        fonts.face(latin).path
    );
}

#[test]
fn unsupported_markdown_is_an_error_not_silence() {
    let e = render_error("list", "---\n标题: 测试\n---\n\n- 第一项\n- 第二项\n");
    let d = &e.diagnostics[0];
    assert!(d.message.contains("列表"), "{e}");
    assert_eq!(line_col(d).0, 5);
}

#[test]
fn hostile_input_never_panics() {
    let inputs = [
        "",
        "---",
        "---\n---\n",
        "---\n: :\n---\n",
        "\u{0}\u{1}\u{2}",
        "#",
        "######## 八级",
        "---\n编号: [甲乙]\n---\n",
        "---\n发文机关: [[[]]]\n---\n",
        "**未闭合",
    ];
    for (i, md) in inputs.iter().enumerate() {
        let source = scratch_dir().join(format!("hostile-{i}.md"));
        // Either a PDF or diagnostics; a panic fails the test.
        let _ = common::doc::engine().render(&source, md, &gongwen::PdfOptions::default());
    }
}

#[test]
fn a_special_format_without_a_mark_is_refused_at_its_format_line() {
    let e = render_error(
        "letter",
        "---\n标题: 关于有关事项的函\n版式: 信函\n---\n\n正文。\n",
    );
    let d = single(&e);
    assert_eq!(line_col(d).0, 3);
    assert!(d.message.contains("信函"), "{}", d.message);
    assert!(d.message.contains("发文机关标志"), "{}", d.message);
}

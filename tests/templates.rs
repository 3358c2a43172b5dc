//! Profiles (模板): a local variant read back from the PDF changes exactly
//! what it says and warns about each departure from GB/T 9704; the
//! built-in profiles; `gongwen templates`; `--template` over `模板:`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::gb::*;
use common::pdf::{Glyph, PdfPage, lines_of, page_text, read_pdf, read_pdf_bytes};
use gongwen::{Diagnostic, PdfOptions, Severity};

/// The local variant of the issue: margins 3.4 cm top / 3.1 cm left, line
/// pitch 29.5 pt, `1、` in the third level.
const LOCAL: &str = "\
# 本局公文模板
extends: 文件
天头: 3.4cm
订口: 3.1cm
行距: 29.5pt
编号: [一、, （一）, 1、, （1）]
";

const PARAGRAPH: &str = "为做好有关工作，现将有关事项通知如下。各单位要高度重视，认真组织实施，确保各项任务按时完成，并将落实情况及时报送。对工作中遇到的问题，要加强沟通协调，研究提出解决办法。";

/// A 文件 without a 版头 (no 发文机关): title, 主送, a third-level
/// heading, and enough text to fill page 2.
fn document(template: Option<&str>) -> String {
    let mut md = String::from("---\n标题: 关于开展检查的通知\n主送机关: 各单位\n");
    if let Some(t) = template {
        md.push_str(&format!("模板: {t}\n"));
    }
    md.push_str("---\n\n### 加强组织领导\n\n");
    // One long paragraph: page 2 is a middle page of it, so widow and
    // orphan control (which may leave a page's last line empty where a
    // paragraph ends) cannot shorten it.
    md.push_str(&PARAGRAPH.repeat(16));
    md.push('\n');
    md
}

/// A fresh folder under the test scratch folder.
fn case_dir(name: &str) -> PathBuf {
    let dir = common::doc::scratch_dir().join(format!("templates-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create case folder");
    dir
}

/// Renders `md` written as `dir/name.md` through the library, keeping the
/// warnings.
fn render_in(dir: &Path, name: &str, md: &str) -> (Vec<PdfPage>, Vec<Diagnostic>) {
    let source = dir.join(format!("{name}.md"));
    std::fs::write(&source, md).expect("write source");
    let rendered = common::doc::engine()
        .render_document(&source, md, &PdfOptions::default())
        .unwrap_or_else(|e| panic!("render {name} failed:\n{e}"));
    std::fs::write(dir.join(format!("{name}.pdf")), &rendered.pdf).expect("write pdf");
    (read_pdf_bytes(&rendered.pdf), rendered.warnings)
}

/// The glyph of the page number (below the 版心 of either profile).
fn page_number(page: &PdfPage) -> Vec<&Glyph> {
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| (g.size_pt - 14.0).abs() < 0.01 && g.baseline_mm > 255.0)
        .collect();
    glyphs.sort_by(|a, b| a.x_mm.total_cmp(&b.x_mm));
    glyphs
}

#[test]
fn a_local_profile_changes_exactly_what_it_says_and_warns_per_departure() {
    let dir = case_dir("local");
    let profile = dir.join("本局.yaml");
    std::fs::write(&profile, LOCAL).expect("write profile");
    let (standard, standard_warnings) = render_in(&dir, "standard", &document(None));
    let (local, warnings) = render_in(&dir, "local", &document(Some("本局.yaml")));
    assert!(standard_warnings.is_empty(), "{standard_warnings:?}");

    // One warning per departure, at the profile key, naming the clause.
    let found: Vec<(u32, u32, &str)> = warnings
        .iter()
        .map(|d| {
            let pos = d.pos.expect("a position");
            (pos.line, pos.column, d.message.as_str())
        })
        .collect();
    assert_eq!(
        found,
        [
            (3, 1, "天头 34 mm 超出 GB/T 9704 §5.2.1 规定的 37 ± 1 mm"),
            (4, 1, "订口 31 mm 超出 GB/T 9704 §5.2.1 规定的 28 ± 1 mm"),
            (
                5,
                1,
                "行距 29.5 pt（10.41 mm）排 22 行需 228.95 mm，超出 225 mm 的版心，每面只能排 21 行（GB/T 9704 §5.2.3 规定每面 22 行并撑满版心）"
            ),
            (
                6,
                1,
                "第三层序数 `1、` 不符合 GB/T 9704 §7.3.3 规定的 `1.`（GB/T 15834：阿拉伯数字后用下脚点 `.`，不用顿号）"
            ),
        ]
    );
    for d in &warnings {
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.file, profile, "{d}");
    }

    // Page 2 is all body text: its first line, pitch, edges and count.
    let pitch = 29.5 * MM_PER_PT;
    let lines = body_lines(&local[1]);
    let std_lines = body_lines(&standard[1]);
    assert_eq!(lines.len(), 21, "29.5 pt leaves room for 21 lines");
    assert_eq!(std_lines.len(), 22);
    assert_mm(
        "first line em top",
        em_top(lines[0][0]),
        34.0 + (pitch - SIZE_3) / 2.0,
        0.3,
    );
    assert_mm(
        "standard first line em top",
        em_top(std_lines[0][0]),
        TOP + G / 2.0,
        0.3,
    );
    for pair in lines.windows(2) {
        let step = pair[1][0].baseline_mm - pair[0][0].baseline_mm;
        assert_mm("line pitch", step, pitch, 0.05);
    }
    let left = 31.0;
    let mut justified = 0;
    for line in &lines {
        let x = line[0].x_mm;
        let indented = (x - (left + 2.0 * C)).abs() < 0.3;
        assert!(
            indented || (x - left).abs() < 0.3,
            "line starts at {x:.2} mm"
        );
        let end = right(line[line.len() - 1]);
        assert!(end <= left + 156.0 + 0.3, "line ends at {end:.2} mm");
        justified += usize::from((end - (left + 156.0)).abs() < 0.3);
    }
    assert!(justified >= 10, "lines are justified to the moved 版心");
    // Unchanged: glyph sizes, and the lines themselves (the 版心 keeps its
    // width, so every line breaks where the standard's does).
    assert!(local.iter().flat_map(|p| &p.glyphs).all(|g| {
        [16.0, 22.0, 14.0]
            .iter()
            .any(|s| (g.size_pt - s).abs() < 0.01)
    }));
    let texts = |pages: &[PdfPage]| -> Vec<String> {
        pages
            .iter()
            .flat_map(|p| body_lines(p).into_iter().map(|l| text_of(&l)))
            .collect()
    };
    let mut local_texts = texts(&local);
    assert!(local_texts.iter().any(|t| t.starts_with("1、加强组织领导")));
    for t in &mut local_texts {
        *t = t.replacen("1、加强组织领导", "1.加强组织领导", 1);
    }
    assert_eq!(local_texts, texts(&standard));

    // The page number keeps its place relative to the 版心: 3 mm up, 3 mm right.
    let (n, s) = (page_number(&local[1]), page_number(&standard[1]));
    assert!(!n.is_empty() && n.len() == s.len());
    assert_mm(
        "page number baseline",
        n[0].baseline_mm,
        s[0].baseline_mm - 3.0,
        0.05,
    );
    assert_mm("even page number x", n[0].x_mm, s[0].x_mm + 3.0, 0.05);
    let (n, s) = (page_number(&local[0]), page_number(&standard[0]));
    assert_mm("odd page number x", n[0].x_mm, s[0].x_mm + 3.0, 0.05);

    // The heading number: `1、` where the standard prints `1.`.
    let heading = |pages: &[PdfPage]| {
        lines_of(&pages[0])
            .into_iter()
            .map(|l| text_of(&l))
            .find(|t| t.contains("加强组织领导"))
            .expect("heading line")
    };
    assert!(
        heading(&local).starts_with("1、加强组织领导"),
        "{}",
        heading(&local)
    );
    assert!(
        heading(&standard).starts_with("1.加强组织领导"),
        "{}",
        heading(&standard)
    );
}

#[test]
fn a_bound_attachment_file_numbers_headings_like_its_document() {
    let dir = case_dir("attachment");
    std::fs::write(dir.join("本局.yaml"), LOCAL).expect("write profile");
    std::fs::write(dir.join("方案.md"), "### 工作目标\n\n正文。\n").expect("write attachment");
    let md = "---\n标题: 关于印发方案的通知\n模板: 本局.yaml\n附件: [{名称: 方案, 文件: 方案.md}]\n---\n\n### 总体要求\n\n正文。\n";
    let (pages, _) = render_in(&dir, "doc", md);
    let all: String = pages.iter().map(page_text).collect();
    assert!(all.contains("1、总体要求"), "{all}");
    assert!(
        all.contains("1、工作目标"),
        "the attachment follows the profile: {all}"
    );
}

#[test]
fn the_builtin_profiles_warn_about_nothing() {
    let dir = case_dir("builtins");
    for b in &gongwen::template::BUILTINS {
        for name in [b.name, b.english] {
            let md = format!("---\n标题: 关于开展检查的通知\n模板: {name}\n---\n\n正文。\n");
            let (_, warnings) = render_in(&dir, b.english, &md);
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
        }
    }
}

#[test]
fn heading_faces_come_from_the_profile() {
    let dir = case_dir("faces");
    std::fs::write(dir.join("p.yaml"), "层次字体: [仿宋, 黑体]\n").expect("write profile");
    let md = |t: &str| {
        format!(
            "---\n标题: 关于开展检查的通知\n{t}---\n\n正文。\n\n# 总体要求\n\n## 工作目标\n\n正文。\n"
        )
    };
    let (standard, _) = render_in(&dir, "standard", &md(""));
    let (local, warnings) = render_in(&dir, "local", &md("模板: p.yaml\n"));
    // The font of character `ch` on page 1.
    let font_of = |pages: &[PdfPage], ch: &str| {
        pages[0]
            .glyphs
            .iter()
            .find(|g| g.text == ch)
            .map(|g| g.font.clone())
            .unwrap_or_else(|| panic!("no {ch} on page 1"))
    };
    let body = font_of(&standard, "正");
    let hei = font_of(&standard, "总");
    assert_ne!(body, hei, "standard: level 1 in 黑体");
    assert_ne!(font_of(&standard, "工"), hei, "standard: level 2 in 楷体");
    assert_eq!(font_of(&local, "总"), body, "level 1 now in 仿宋");
    assert_eq!(font_of(&local, "工"), hei, "level 2 now in 黑体");
    let messages: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "第一层标题用 仿宋，不符合 GB/T 9704 §7.3.3 规定的 黑体",
            "第二层标题用 黑体，不符合 GB/T 9704 §7.3.3 规定的 楷体",
        ]
    );
}

#[test]
fn a_broken_profile_is_an_error_at_its_line_and_column() {
    let dir = case_dir("broken");
    std::fs::write(
        dir.join("本局.yaml"),
        "extends: 文件\n天投: 34mm\n订口: -1mm\n",
    )
    .expect("write");
    let source = dir.join("通知.md");
    let md = "---\n标题: 关于开展检查的通知\n模板: 本局.yaml\n---\n\n正文。\n";
    let error = common::doc::engine()
        .render(&source, md, &PdfOptions::default())
        .expect_err("broken profile");
    let text = error.to_string();
    assert!(
        text.contains("本局.yaml:2:1: 错误：未知的模板键 `天投`"),
        "{text}"
    );
    assert!(text.contains("你是不是想写 `天头`？"), "{text}");
    assert!(
        text.contains("本局.yaml:3:5: 错误：`订口` 不能为负数：`-1mm`"),
        "{text}"
    );
    // A profile that is not there: at the 模板 key of the document.
    let md = "---\n标题: 关于开展检查的通知\n模板: 外局.yaml\n---\n\n正文。\n";
    let error = common::doc::engine()
        .render(&source, md, &PdfOptions::default())
        .expect_err("missing profile");
    assert!(
        error
            .to_string()
            .contains("通知.md:3:5: 错误：找不到模板「外局.yaml」"),
        "{error}"
    );
}

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

#[test]
fn templates_lists_the_builtins_with_the_default() {
    let out = gongwen().arg("templates").output().expect("run gongwen");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for b in &gongwen::template::BUILTINS {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(b.name))
            .unwrap_or_else(|| panic!("{} not listed:\n{stdout}", b.name));
        assert!(
            line.contains(b.english) && line.contains(&b.description()),
            "{line}"
        );
        assert_eq!(line.ends_with("（默认）"), b.name == "文件", "{line}");
    }
}

#[test]
fn templates_show_prints_a_profile_a_user_can_copy_and_edit() {
    let out = gongwen()
        .args(["templates", "show", "文件"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let shown = String::from_utf8(out.stdout).expect("utf-8");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/文件.yaml");
    assert_eq!(
        shown,
        std::fs::read_to_string(file).expect("read templates/文件.yaml")
    );

    // Copied, edited and used: the edit is read (a departure warns at it).
    let dir = case_dir("show");
    let edited = shown.replace("天头: 37mm", "天头: 40mm");
    assert_ne!(edited, shown);
    std::fs::write(dir.join("copy.yaml"), &edited).expect("write");
    let line = edited
        .lines()
        .position(|l| l.starts_with("天头:"))
        .expect("天头")
        + 1;
    std::fs::write(dir.join("a.md"), "---\n标题: 测试\n---\n\n正文。\n").expect("write");
    let out = gongwen()
        .current_dir(&dir)
        .args(["render", "a.md", "--template", "copy.yaml"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "copy.yaml:{line}:1: 警告：天头 40 mm 超出 GB/T 9704 §5.2.1"
        )),
        "{stderr}"
    );

    let out = gongwen()
        .args(["templates", "show", "文建"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("你是不是想写 `文件`？"));
}

#[test]
fn the_command_line_template_wins_over_the_front_matter() {
    let dir = case_dir("cli-wins");
    std::fs::write(dir.join("甲.yaml"), "天头: 34mm\n").expect("write");
    std::fs::write(dir.join("乙.yaml"), "订口: 31mm\n").expect("write");
    let md = format!("---\n标题: 关于开展检查的通知\n模板: 甲.yaml\n---\n\n{PARAGRAPH}\n");
    std::fs::write(dir.join("doc.md"), &md).expect("write");

    let run = |args: &[&str]| {
        let out = gongwen()
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        (read_pdf(&dir.join("doc.pdf")), stderr)
    };
    let first_line = |pages: &[PdfPage]| {
        let lines = body_lines(&pages[0]);
        let line = lines
            .into_iter()
            .find(|l| text_of(l).starts_with("为做好"))
            .expect("body line");
        line[0].x_mm
    };
    let (pages, stderr) = run(&["render", "doc.md"]);
    assert!(
        stderr.contains("天头 34 mm") && !stderr.contains("订口 31 mm"),
        "{stderr}"
    );
    assert_mm(
        "模板 甲: left margin kept",
        first_line(&pages),
        LEFT + 2.0 * C,
        0.3,
    );
    let (pages, stderr) = run(&["render", "doc.md", "--template", "乙.yaml"]);
    assert!(stderr.contains("乙.yaml:1:1: 警告：订口 31 mm"), "{stderr}");
    assert!(!stderr.contains("天头"), "{stderr}");
    assert_mm(
        "--template 乙: left margin 31",
        first_line(&pages),
        31.0 + 2.0 * C,
        0.3,
    );
    assert!(page_text(&pages[0]).contains("为做好"));

    // A missing --template is a usage error before anything is written.
    let out = gongwen()
        .current_dir(&dir)
        .args(["render", "doc.md", "-o", "x.pdf", "--template", "丙.yaml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到模板「丙.yaml」"));
    assert!(!dir.join("x.pdf").exists());
}

#[test]
fn a_profile_can_name_the_faces_a_role_tries_first() {
    let dir = case_dir("families");
    // 楷体 from Noto Serif CJK SC (installed by fonts/install.sh) instead
    // of AR PL UKai; a 仿宋 face that is not installed is announced.
    std::fs::write(
        dir.join("p.yaml"),
        "字体: {楷体: Noto Serif CJK SC, 仿宋: [方正仿宋_GBK, Noto Serif CJK SC]}\n",
    )
    .expect("write profile");
    let md = |t: &str| format!("---\n标题: 关于开展检查的通知\n{t}---\n\n## 工作目标\n\n正文。\n");
    let (standard, warnings) = render_in(&dir, "standard", &md(""));
    assert!(warnings.is_empty());
    let (local, warnings) = render_in(&dir, "local", &md("模板: p.yaml\n"));
    let font_of = |pages: &[PdfPage], ch: &str| {
        pages[0]
            .glyphs
            .iter()
            .find(|g| g.text == ch)
            .map(|g| g.font.clone())
            .unwrap_or_else(|| panic!("no {ch} on page 1"))
    };
    assert!(font_of(&standard, "工").contains("UKai"));
    assert!(
        font_of(&local, "工").contains("NotoSerifCJK"),
        "{}",
        font_of(&local, "工")
    );
    let messages: Vec<String> = warnings.iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(
        messages[0],
        "仿宋: 模板指定的字体 方正仿宋_GBK 未找到，使用 Noto Serif CJK SC"
    );
}

//! Regulations in 章 and 条: `## 第一章 总则` is a chapter title, a
//! paragraph starting with `第一条` an article (README, "章和条").

mod common;

use common::doc::{engine, render, scratch_dir};
use common::gb::*;
use common::pdf::Glyph;

fn text(n: usize) -> String {
    "甲乙丙丁戊己庚辛壬癸".chars().cycle().take(n).collect()
}

const REGULATION: &str = "为了规范管理制定本办法。

## 第一章 总则

第一条 为了规范审计项目管理，保证审计工作质量，根据有关规定，结合本局实际，制定本办法。

第二条　本办法适用于本局组织实施的各类审计项目。

## 第二章　附则

第三条本办法自印发之日起施行。
";

fn lines(doc: &common::doc::Rendered) -> Vec<Vec<&Glyph>> {
    body_lines(&doc.pages[0])
        .into_iter()
        .map(|l| {
            l.into_iter()
                .filter(|g| !g.text.trim().is_empty())
                .collect()
        })
        .collect()
}

#[test]
fn a_chapter_title_is_centred_in_heiti_with_a_blank_line_around() {
    let doc = render("regulation-chapter", REGULATION);
    let lines = lines(&doc);
    let texts: Vec<String> = lines.iter().map(|l| text_of(l)).collect();
    let at = texts
        .iter()
        .position(|t| t == "第一章总则")
        .unwrap_or_else(|| panic!("no chapter line in {texts:?}"));
    let chapter = &lines[at];
    let centre = (chapter[0].x_mm + right(chapter[chapter.len() - 1])) / 2.0;
    assert_mm("chapter centre", centre, CENTRE, 0.5);
    assert!(
        chapter.iter().all(|g| g.font.contains("NotoSansCJK")),
        "{}",
        chapter[0].font
    );
    // Not numbered as a heading (no `一、`), and the gap between its two
    // parts is one cell.
    assert_mm(
        "gap after 第一章",
        chapter[3].x_mm - chapter[2].x_mm,
        2.0 * C,
        0.05,
    );
    let above = chapter[0].baseline_mm - lines[at - 1][0].baseline_mm;
    let below = lines[at + 1][0].baseline_mm - chapter[0].baseline_mm;
    assert_mm("pitch from the line above", above, 2.0 * P, 0.05);
    assert_mm("pitch to the line below", below, 2.0 * P, 0.05);
    assert!(texts.contains(&"第二章附则".to_string()), "{texts:?}");
}

#[test]
fn an_article_label_runs_in_heiti_then_the_text_in_fangsong() {
    let doc = render("regulation-article", REGULATION);
    let lines = lines(&doc);
    for label in ["第一条", "第二条", "第三条"] {
        let line = lines
            .iter()
            .find(|l| text_of(l).starts_with(label))
            .unwrap_or_else(|| panic!("no line starting with {label}"));
        assert_mm("label indent", line[0].x_mm, LEFT + 2.0 * C, 0.05);
        for g in &line[..3] {
            assert!(g.font.contains("NotoSansCJK"), "{label}: {}", g.font);
        }
        for g in &line[3..] {
            assert!(g.font.contains("NotoSerifCJK"), "{label}: {}", g.font);
        }
        // One full-width space between the label and the text, whatever
        // the author typed (a space, a full-width space or nothing).
        assert_mm(
            "text after label",
            line[3].x_mm - line[0].x_mm,
            4.0 * C,
            0.05,
        );
    }
}

#[test]
fn a_gap_in_the_articles_is_a_warning_at_its_line() {
    let md = "## 第一章 总则\n\n第一条 甲。\n\n第二条 乙。\n\n第四条 丁。\n\n第四条 戊。\n";
    let path = scratch_dir().join("regulation-gap.md");
    let result = engine()
        .render_document(&path, md, &gongwen::PdfOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<(u32, u32, String)> = result
        .warnings
        .iter()
        .filter_map(|w| w.pos.map(|p| (p.line, p.column, w.message.clone())))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (7, 1));
    assert!(found[0].2.contains("应为第三条"), "{}", found[0].2);
    assert_eq!((found[1].0, found[1].1), (9, 1));
    assert!(found[1].2.contains("重复"), "{}", found[1].2);
}

#[test]
fn articles_in_sequence_give_no_warning() {
    let path = scratch_dir().join("regulation-clean.md");
    let result = engine()
        .render_document(&path, REGULATION, &gongwen::PdfOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
}

#[test]
fn a_long_article_wraps_flush_left_under_the_label() {
    let md = format!("第一条 {}\n", text(60));
    let doc = render("regulation-wrap", &md);
    let lines = lines(&doc);
    assert_eq!(lines.len(), 3);
    assert_mm("second line start", lines[1][0].x_mm, LEFT, 0.05);
    assert_mm(
        "first line justified",
        right(lines[0][lines[0].len() - 1]),
        RIGHT,
        0.3,
    );
}

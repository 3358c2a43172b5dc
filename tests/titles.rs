//! Title line breaking (GB/T 9704 §7.3.1) read back from the PDF.

mod common;

use common::doc::render;
use common::gb::*;
use common::pdf::{Glyph, lines_of};

fn title_lines(title: &str) -> Vec<String> {
    let md = format!("---\n标题: {title}\n---\n\n正文。\n");
    let doc = render(&format!("title-{}", title.chars().count()), &md);
    let lines: Vec<Vec<&Glyph>> = lines_of(&doc.pages[0])
        .into_iter()
        .filter(|l| (l[0].size_pt - 22.0).abs() < 0.01)
        .collect();
    for line in &lines {
        let centre = (line[0].x_mm + right(line[line.len() - 1])) / 2.0;
        assert_mm("title line centre", centre, CENTRE, 0.5);
    }
    lines.iter().map(|l| text_of(l)).collect()
}

#[test]
fn a_book_title_span_is_never_broken() {
    let lines = title_lines("示例县审计局关于印发《审计项目质量控制办法》的通知");
    assert_eq!(
        lines,
        ["示例县审计局关于印发", "《审计项目质量控制办法》的通知"]
    );
}

#[test]
fn joint_organs_stand_on_their_own_line() {
    let lines = title_lines("示例县审计局 示例县财政局关于开展2026年度预算执行情况专项检查的通知");
    assert_eq!(lines[0], "示例县审计局 示例县财政局");
    assert!(lines[1].starts_with("关于"), "{lines:?}");
    assert!(
        lines.iter().all(|l| !l.starts_with("度")),
        "2026年度 stays whole"
    );
}

#[test]
fn two_line_titles_are_trapezoids_without_split_words_or_short_lines() {
    for title in [
        "示例县审计局关于增拨审计信息化建设经费的请示",
        "奈曼旗审计局党组2020年意识形态工作专题报告",
        "关于进一步加强和规范全县政府投资项目审计监督工作的实施意见",
    ] {
        let lines = title_lines(title);
        assert_eq!(lines.concat(), title.replace(' ', ""));
        assert!(lines.len() >= 2, "{lines:?}");
        let counts: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(counts.iter().all(|&c| c >= 3), "{lines:?}");
        if lines.len() == 2 {
            assert!(counts[0] + 1 >= counts[1], "上短下长: {lines:?}");
        }
        for pair in lines.windows(2) {
            let a = pair[0].chars().last().unwrap();
            let b = pair[1].chars().next().unwrap();
            for word in ["审计", "信息", "年度", "意识", "工作", "项目"] {
                assert_ne!(format!("{a}{b}"), word, "{lines:?} splits {word}");
            }
        }
    }
}

#[test]
fn a_line_break_in_the_title_value_forces_a_break() {
    // YAML `|` keeps the line break the author wrote.
    let md = "---\n标题: |\n  示例县审计局\n  关于开展专项检查的通知\n---\n\n正文。\n";
    let doc = render("title-forced", md);
    let lines: Vec<String> = lines_of(&doc.pages[0])
        .into_iter()
        .filter(|l| (l[0].size_pt - 22.0).abs() < 0.01)
        .map(|l| text_of(&l))
        .collect();
    assert_eq!(lines, ["示例县审计局", "关于开展专项检查的通知"]);
}

//! Page breaks on the fixed grid: no widow, no orphan, headings kept with
//! their text. Documents without front matter have 22 body lines on page 1
//! (no 版头, no title); a paragraph's first line holds 26 characters after
//! the 2 字 indent, the others 28.

mod common;

use common::doc::render;
use common::gb::*;

/// `n` characters of text with no punctuation (so no 禁则 moves a break).
fn text(n: usize) -> String {
    "甲乙丙丁戊己庚辛壬癸".chars().cycle().take(n).collect()
}

/// `filler` one-line paragraphs (each starting with `填`), then `rest`.
fn doc(filler: usize, rest: &[String]) -> String {
    let mut parts: Vec<String> = (0..filler)
        .map(|i| format!("填{}", text(5 + i % 3)))
        .collect();
    parts.extend(rest.iter().cloned());
    parts.join("\n\n") + "\n"
}

/// The texts of the body lines of each page.
fn pages_of(name: &str, md: &str) -> Vec<Vec<String>> {
    let doc = render(name, md);
    doc.pages
        .iter()
        .map(|p| body_lines(p).iter().map(|l| text_of(l)).collect())
        .collect()
}

/// A paragraph of `lines` lines: full lines, the last 10 characters.
fn paragraph(lines: usize, mark: char) -> String {
    let mut s = String::from(mark);
    s.push_str(&text(26 - 1 + 28 * (lines - 2) + 10));
    s
}

#[test]
fn no_orphan_first_line_at_a_page_foot() {
    // 21 lines used: a 3-line paragraph would leave its first line alone
    // on line 22; it starts page 2 instead and line 22 stays empty.
    let pages = pages_of("orphan", &doc(21, &[paragraph(3, '段')]));
    assert_eq!(pages[0].len(), 21, "{:?}", pages[0]);
    assert!(pages[0].iter().all(|l| l.starts_with('填')));
    assert_eq!(pages[1].len(), 3);
    assert!(pages[1][0].starts_with('段'));
}

#[test]
fn no_widow_last_line_at_a_page_top() {
    // 18 lines used: a 5-line paragraph would put 4 lines on page 1 and its
    // last alone on page 2; one more line goes over.
    let pages = pages_of("widow", &doc(18, &[paragraph(5, '段')]));
    assert_eq!(pages[0].len(), 21, "{:?}", pages[0]);
    assert!(pages[0][18].starts_with('段'));
    assert_eq!(pages[1].len(), 2);
    assert_eq!(pages[1][1].chars().count(), 10);
}

#[test]
fn two_at_the_foot_and_one_at_the_top_moves_the_paragraph() {
    // Moving one line for the widow would leave an orphan: the paragraph
    // starts page 2 whole.
    let pages = pages_of("widow-orphan", &doc(20, &[paragraph(3, '段')]));
    assert_eq!(pages[0].len(), 20, "{:?}", pages[0]);
    assert_eq!(pages[1].len(), 3);
    assert!(pages[1][0].starts_with('段'));
}

#[test]
fn a_paragraph_that_fits_is_not_moved() {
    let pages = pages_of("fits", &doc(19, &[paragraph(3, '段')]));
    assert_eq!(pages[0].len(), 22);
    assert_eq!(pages.len(), 1);
}

#[test]
fn a_run_in_heading_keeps_a_line_of_its_text() {
    // The heading `一、…。` fills its first line and ends on the second;
    // with two lines left on page 1 only the heading would stand there.
    let heading = format!("# 领{}。", text(27));
    let body = text(60);
    let md = doc(20, &[heading, body]);
    let pages = pages_of("run-in", &md);
    assert_eq!(pages[0].len(), 20, "{:?}", pages[0]);
    assert!(pages[1][0].starts_with("一、领"), "{:?}", pages[1]);
    assert!(pages[1].len() >= 3);
}

#[test]
fn a_run_in_heading_never_stands_alone_at_the_foot() {
    let heading = format!("# 领{}。", text(5));
    let md = doc(21, &[heading, text(60)]);
    let pages = pages_of("run-in-one", &md);
    assert_eq!(pages[0].len(), 21, "{:?}", pages[0]);
    assert!(pages[1][0].starts_with("一、领"));
}

#[test]
fn a_standalone_heading_never_ends_a_page() {
    // The heading would take line 21 with its paragraph's first line on
    // 22 — an orphan; both go over, so the heading never ends page 1.
    let md = doc(20, &["# 标题甲乙".to_string(), paragraph(3, '段')]);
    let pages = pages_of("heading-keep", &md);
    assert_eq!(pages[0].len(), 20, "{:?}", pages[0]);
    assert!(pages[1][0].starts_with("一、标题"));
    assert!(pages[1][1].starts_with('段'));
}

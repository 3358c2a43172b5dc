//! 标点挤压 and 孤字 in body text: documents made for each rule, rendered
//! and read back. Body lines are 28 cells of c = 156/28 mm; the first line
//! of a paragraph is indented two cells, so it holds 26.

mod common;

use common::doc::render;
use common::gb::*;
use common::pdf::Glyph;

/// `n` distinct common characters (no punctuation), always starting at 天.
fn hanzi(n: usize) -> String {
    "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光果珍李柰菜重芥姜"
        .chars()
        .cycle()
        .take(n)
        .collect()
}

fn plain(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n") + "\n"
}

fn all_lines(doc: &common::doc::Rendered) -> Vec<Vec<&Glyph>> {
    doc.pages.iter().flat_map(body_lines).collect()
}

fn last(line: &[&Glyph]) -> f64 {
    right(line[line.len() - 1])
}

/// Whether some glyph follows the one before it by clearly less than a cell.
fn is_squeezed(line: &[&Glyph]) -> bool {
    line.windows(2).any(|w| w[1].x_mm - w[0].x_mm < C - 0.5)
}

#[test]
fn consecutive_marks_take_a_cell_and_a_half() {
    let pairs = ["。”", "）、", "》，", "”。", "：“", "（“"];
    let paragraphs: Vec<String> = pairs.iter().map(|p| format!("天地{p}玄黄")).collect();
    let doc = render("squeeze-pairs", &plain(&paragraphs));
    let lines = all_lines(&doc);
    assert_eq!(lines.len(), pairs.len());
    for (line, pair) in lines.iter().zip(pairs) {
        assert_eq!(text_of(line), format!("天地{pair}玄黄"));
        let before = line[1].x_mm;
        // 地, then the pair in a cell and a half instead of two cells.
        assert_mm(
            &format!("glyph after {pair}"),
            line[4].x_mm - before,
            2.5 * C,
            0.05,
        );
        // The blank half between the marks went: a closing mark keeps its
        // cell's left edge, the mark after it starts half a cell on; of two
        // opening marks the second moves half a cell back onto the first.
        assert_mm(&format!("first of {pair}"), line[2].x_mm - before, C, 0.05);
        assert_mm(
            &format!("second of {pair}"),
            line[3].x_mm - before,
            1.5 * C,
            0.05,
        );
    }
}

#[test]
fn a_short_line_takes_in_the_next_character_by_squeezing() {
    // First line (26 cells): 26 characters with two single commas, then
    // a comma that may not start a line. Without squeezing 黄 would go down
    // with it and leave the line one short, spread wide.
    let first = hanzi(10) + "，" + &hanzi(10) + "，" + &hanzi(4) + "，" + &hanzi(30);
    // Second line (28 cells): the same with 。 after a full line.
    let second = hanzi(26) + &hanzi(10) + "，" + &hanzi(10) + "，" + &hanzi(6) + "。" + &hanzi(20);
    let doc = render("squeeze-absorb", &plain(&[first, second]));
    let lines = all_lines(&doc);
    let texts: Vec<String> = lines.iter().map(|l| text_of(l)).collect();

    assert_eq!(
        texts[0],
        hanzi(10) + "，" + &hanzi(10) + "，" + &hanzi(4) + "，"
    );
    assert_eq!(lines[0].len(), 27);
    assert_mm("first line start", lines[0][0].x_mm, LEFT + 2.0 * C, 0.05);
    assert_mm(
        "squeezed first line right edge",
        last(&lines[0]),
        RIGHT,
        0.3,
    );
    assert!(texts[1].starts_with("天地"), "{}", texts[1]);

    let second_para = texts
        .iter()
        .position(|t| *t == hanzi(26))
        .expect("the second paragraph's first line");
    let line = &lines[second_para + 1];
    assert_eq!(
        text_of(line),
        hanzi(10) + "，" + &hanzi(10) + "，" + &hanzi(6) + "。"
    );
    assert_eq!(line.len(), 29, "a squeezed full line holds 29 characters");
    assert_mm("squeezed line start", line[0].x_mm, LEFT, 0.05);
    assert_mm("squeezed line right edge", last(line), RIGHT, 0.3);
    assert!(texts[second_para + 2].starts_with("天地"));
}

#[test]
fn no_line_starts_with_closing_punctuation_after_squeezing() {
    // Marks in every position around the line ends, alone and in pairs.
    let mut paragraphs = Vec::new();
    for a in [4, 7, 11] {
        for b in 6..=18 {
            paragraphs.push(
                hanzi(a)
                    + "，"
                    + &hanzi(b)
                    + "。”“"
                    + &hanzi(3)
                    + "（"
                    + &hanzi(2)
                    + "）、《"
                    + &hanzi(4)
                    + "》，"
                    + &hanzi(b % 5 + 1)
                    + "：“"
                    + &hanzi(20),
            );
        }
    }
    let doc = render("squeeze-kinsoku", &plain(&paragraphs));
    let lines = all_lines(&doc);
    let mut squeezed = 0;
    for line in &lines {
        let text = text_of(line);
        let first = text.chars().next().unwrap();
        let end = text.chars().last().unwrap();
        assert!(
            !NO_LINE_START.contains(first),
            "line starts with {first}: {text}"
        );
        assert!(!NO_LINE_END.contains(end), "line ends with {end}: {text}");
        assert!(last(line) <= RIGHT + 0.3, "too wide: {text}");
        // Glyph boxes move on by at least half a cell: no mark is set
        // over another.
        for w in line.windows(2) {
            assert!(
                w[1].x_mm - w[0].x_mm > C / 2.0 - 0.05,
                "{}{} overlap in {text}",
                w[0].text,
                w[1].text
            );
        }
        if is_squeezed(line) && last(line) > RIGHT - 1.0 {
            squeezed += 1;
            assert_mm(&format!("right edge of {text}"), last(line), RIGHT, 0.3);
        }
    }
    assert!(squeezed > 10, "only {squeezed} squeezed full lines");
}

#[test]
fn a_lone_last_character_is_pulled_back() {
    let commas = hanzi(5) + "，" + &hanzi(5) + "，" + &hanzi(5) + "，" + &hanzi(5) + "，";
    // 26 cells, then 28 cells with four commas, then 终。 alone.
    let previous = hanzi(26) + &commas + &hanzi(4) + "终。";
    // 26 cells with four commas, 28 without: the first line squeezes to
    // take two more, and the second makes room.
    let earlier = commas.clone() + &hanzi(2) + &hanzi(28) + "终。";
    // No marks to squeeze: the 孤字 stays.
    let none = hanzi(26) + &hanzi(28) + "终。";
    let doc = render("orphan", &plain(&[previous, earlier, none]));
    let texts: Vec<String> = all_lines(&doc).iter().map(|l| text_of(l)).collect();
    let lines = all_lines(&doc);
    assert_eq!(texts.len(), 2 + 2 + 3, "{texts:#?}");
    assert_eq!(texts[1], commas.clone() + &hanzi(4) + "终。");
    assert_mm("pulled-back line right edge", last(&lines[1]), RIGHT, 0.3);
    assert!(texts[3].ends_with("终。") && texts[3].chars().count() == 28);
    assert_mm("second line right edge", last(&lines[3]), RIGHT, 0.3);
    assert_eq!(texts[6], "终。");
}

#[test]
fn lines_without_squeezed_marks_stay_on_exact_cells() {
    // Both lines are exactly full with single marks that squeezing could
    // shrink; the next character does not fit, and nothing is squeezed.
    let text = hanzi(8)
        + "，"
        + &hanzi(8)
        + "，"
        + &hanzi(8)
        + &hanzi(9)
        + "，"
        + &hanzi(9)
        + "，"
        + &hanzi(8)
        + &hanzi(20);
    let doc = render("squeeze-grid", &plain(&[text]));
    let lines = all_lines(&doc);
    assert_eq!(lines[0].len(), 26);
    assert_eq!(lines[1].len(), 28);
    for (n, line) in lines.iter().take(2).enumerate() {
        let start = if n == 0 { LEFT + 2.0 * C } else { LEFT };
        for (k, glyph) in line.iter().enumerate() {
            assert_mm(
                &format!("line {n} glyph {k} {}", glyph.text),
                glyph.x_mm,
                start + k as f64 * C,
                0.02,
            );
        }
    }
}

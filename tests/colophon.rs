//! 版记 (GB/T 9704 §7.4): rules, 主送/抄送/印发 rows and the even-page
//! placement, read back from the PDF and measured in millimetres against
//! GBT9704.md §7, §8, §13.7 and §14 items 11–13.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::doc::{Rendered, render, scratch_dir};
use common::gb::*;
use common::pdf::{FilledRect, Glyph, PdfPage, lines_of, read_pdf_bytes};
use gongwen::template::Profile;

/// 1 字 of the 版记: the 4号 character (A5).
const ZI: f64 = SIZE_4;

/// Ten characters to repeat; no punctuation, so every line holds exactly
/// its 26 (first, indented 2 字) or 28 characters.
const FILL: &str = "公文格式排版测试文字";

/// A paragraph that fills exactly `lines` body lines.
fn paragraph(lines: usize) -> String {
    let chars = 26 + 28 * lines.saturating_sub(1);
    FILL.chars().cycle().take(chars).collect()
}

/// A document without a red header: front matter + one title + paragraphs
/// of the given line counts.
fn document(front: &str, paragraphs: &[usize]) -> String {
    let body: Vec<String> = paragraphs.iter().map(|&n| paragraph(n)).collect();
    format!(
        "---\n标题: 关于版记排版的通知\n{front}---\n\n{}\n",
        body.join("\n\n")
    )
}

const IMPRINT: &str = "抄送: [市委办公室, 市人大常委会办公室]\n印发机关: 某某市人民政府办公室\n印发日期: 2020-12-28\n";

/// The black rules of the 版记: bars across the 版心, thinner than 1 mm,
/// top to bottom.
fn rules_on(page: &PdfPage) -> Vec<&FilledRect> {
    let mut rules: Vec<&FilledRect> = page
        .rects
        .iter()
        .filter(|r| r.width_mm() > 100.0 && r.height_mm() < 1.0)
        .collect();
    rules.sort_by(|a, b| a.y0_mm.total_cmp(&b.y0_mm));
    rules
}

/// Lines of 4号 text inside the 版心 (the 版记 rows; page numbers, also
/// 4号, are below it), top to bottom.
fn colophon_lines(page: &PdfPage) -> Vec<Vec<&Glyph>> {
    lines_of(page)
        .into_iter()
        .filter(|l| l[0].baseline_mm < BOTTOM)
        .filter(|l| l.iter().any(|g| (g.size_pt - 14.0).abs() < 0.01))
        .collect()
}

/// Glyphs below the 版心: the page number.
fn page_number(page: &PdfPage) -> String {
    page.glyphs
        .iter()
        .filter(|g| g.baseline_mm > BOTTOM)
        .map(|g| g.text.as_str())
        .collect::<String>()
        .replace(' ', "")
}

/// Em-box centre of a line of 4号 text.
fn em_centre(line: &[&Glyph]) -> f64 {
    let cjk = line
        .iter()
        .find(|g| g.text.chars().all(|c| c as u32 >= 0x2E80))
        .unwrap_or(&line[0]);
    (em_top(cjk) + em_bottom(cjk)) / 2.0
}

fn assert_rule(what: &str, rule: &FilledRect, thickness: f64) {
    assert_mm(&format!("{what} left"), rule.x0_mm, LEFT, 0.5);
    assert_mm(&format!("{what} right"), rule.x1_mm, RIGHT, 0.5);
    assert_mm(&format!("{what} width"), rule.width_mm(), RIGHT - LEFT, 0.5);
    assert_mm(
        &format!("{what} thickness"),
        rule.height_mm(),
        thickness,
        0.03,
    );
}

#[test]
fn rules_span_the_type_area_with_the_last_on_its_bottom() {
    let doc = render("colophon-rules", &document(IMPRINT, &[3]));
    let page = doc.pages.last().expect("a page");
    let rules = rules_on(page);
    assert_eq!(rules.len(), 3, "top, thin and bottom rule: {rules:?}");
    assert_rule("top rule", rules[0], 0.35);
    assert_rule("thin rule", rules[1], 0.25);
    assert_rule("bottom rule", rules[2], 0.35);
    assert_mm("bottom rule lower edge", rules[2].y1_mm, BOTTOM, 0.1);
    // §13.7: each row one line pitch, the rules stacked between the rows.
    assert_mm(
        "thin rule top",
        rules[1].y0_mm,
        BOTTOM - 0.35 - P - 0.25,
        0.1,
    );
    assert_mm(
        "top rule top",
        rules[0].y0_mm,
        BOTTOM - 0.35 - 2.0 * P - 0.25 - 0.35,
        0.1,
    );
}

#[test]
fn rows_are_4hao_fangsong_centred_between_the_rules() {
    let doc = render("colophon-rows", &document(IMPRINT, &[3]));
    let page = doc.pages.last().expect("a page");
    let rules = rules_on(page);
    let lines = colophon_lines(page);
    assert_eq!(lines.len(), 2, "抄送 row and 印发 row");
    for line in &lines {
        for g in line {
            assert!(
                (g.size_pt - 14.0).abs() < 0.01,
                "{} is {} pt",
                g.text,
                g.size_pt
            );
        }
    }
    // The CJK characters of the 版记 share the body's 仿宋 face.
    let body_font = &doc.pages[0]
        .glyphs
        .iter()
        .find(|g| g.text == "公")
        .expect("body text")
        .font;
    let cc = lines[0].iter().find(|g| g.text == "抄").expect("抄送");
    assert_eq!(&cc.font, body_font, "抄送 face");
    let cc_row = (rules[0].y1_mm + rules[1].y0_mm) / 2.0;
    let imprint_row = (rules[1].y1_mm + rules[2].y0_mm) / 2.0;
    assert_mm("抄送 em centre", em_centre(&lines[0]), cc_row, 0.5);
    assert_mm("印发 em centre", em_centre(&lines[1]), imprint_row, 0.5);
}

#[test]
fn cc_starts_one_character_in_wraps_after_the_colon_and_ends_with_a_full_stop() {
    let organs = [
        "市委办公室",
        "市人大常委会办公室",
        "市政协办公室",
        "市纪委监委",
        "市中级人民法院",
        "市人民检察院",
        "市军分区",
        "各人民团体",
        "各新闻单位。",
    ];
    let front = format!("抄送: [{}]\n", organs.join(", "));
    let doc = render("colophon-cc", &document(&front, &[3]));
    let page = doc.pages.last().expect("a page");
    let lines = colophon_lines(page);
    assert!(lines.len() >= 2, "the list wraps: {} rows", lines.len());
    let first = &lines[0];
    assert_eq!(first[0].text, "抄");
    assert_mm("抄送 left", first[0].x_mm, LEFT + ZI, 0.5);
    assert_eq!(first[2].text, "：");
    let after_colon = first[3].x_mm;
    assert_mm("first organ", after_colon, LEFT + 4.0 * ZI, 0.5);
    // A full first row is justified to 1 字 before the right edge.
    let end = first.last().expect("glyphs");
    assert!(
        right(end) <= RIGHT - ZI + 0.5,
        "抄送 runs into the right gap"
    );
    assert_mm("full 抄送 row right end", right(end), RIGHT - ZI, 0.5);
    for line in &lines[1..] {
        assert_mm("continuation row start", line[0].x_mm, after_colon, 0.5);
        assert!(right(line.last().expect("glyphs")) <= RIGHT - ZI + 0.5);
    }
    let text: String = lines.iter().map(|l| text_of(l)).collect();
    let expected = format!("抄送：{}", organs.join("，"));
    assert_eq!(text, expected, "organs joined by ， and one closing 。");
    assert!(text.ends_with("单位。") && !text.ends_with("。。"));
}

#[test]
fn cc_gets_its_full_stop_and_the_imprint_row_its_gaps() {
    let doc = render("colophon-imprint", &document(IMPRINT, &[3]));
    let page = doc.pages.last().expect("a page");
    let lines = colophon_lines(page);
    assert_eq!(text_of(&lines[0]), "抄送：市委办公室，市人大常委会办公室。");
    let imprint = &lines[1];
    assert_eq!(text_of(imprint), "某某市人民政府办公室2020年12月28日印发");
    assert_mm("印发机关 left", imprint[0].x_mm, LEFT + ZI, 0.5);
    let last = imprint.last().expect("glyphs");
    assert_eq!(last.text, "发");
    assert_mm("印发日期 right end", right(last), RIGHT - ZI, 0.5);
}

#[test]
fn an_imprint_alone_sits_between_two_thick_rules() {
    let front = "印发日期: 2021年3月5日\n";
    let doc = render("colophon-date-only", &document(front, &[3]));
    let page = doc.pages.last().expect("a page");
    let rules = rules_on(page);
    assert_eq!(
        rules.len(),
        2,
        "no thin rule without rows above the 印发 row"
    );
    assert_rule("top rule", rules[0], 0.35);
    assert_rule("bottom rule", rules[1], 0.35);
    assert_mm("bottom rule lower edge", rules[1].y1_mm, BOTTOM, 0.1);
    let lines = colophon_lines(page);
    assert_eq!(lines.len(), 1);
    assert_eq!(text_of(&lines[0]), "2021年3月5日印发");
    let last = lines[0].last().expect("glyphs");
    assert_mm("印发日期 right end", right(last), RIGHT - ZI, 0.5);

    let front = "印发机关: 某某县人民政府办公室\n";
    let doc = render("colophon-printer-only", &document(front, &[3]));
    let page = doc.pages.last().expect("a page");
    let lines = colophon_lines(page);
    assert_eq!(lines.len(), 1);
    assert_eq!(text_of(&lines[0]), "某某县人民政府办公室");
    assert_mm("印发机关 left", lines[0][0].x_mm, LEFT + ZI, 0.5);
    assert_eq!(rules_on(page).len(), 2);
}

#[test]
fn cc_alone_sits_between_two_thick_rules() {
    let front = "抄送: 市委办公室\n";
    let doc = render("colophon-cc-only", &document(front, &[3]));
    let page = doc.pages.last().expect("a page");
    let rules = rules_on(page);
    assert_eq!(rules.len(), 2);
    assert_rule("top rule", rules[0], 0.35);
    assert_rule("bottom rule", rules[1], 0.35);
    assert_mm("bottom rule lower edge", rules[1].y1_mm, BOTTOM, 0.1);
    let lines = colophon_lines(page);
    assert_eq!(lines.len(), 1);
    assert_eq!(text_of(&lines[0]), "抄送：市委办公室。");
}

#[test]
fn recipients_moved_into_the_colophon_stand_above_cc_without_a_rule() {
    let front = format!("主送机关: [各区县人民政府, 市政府各部门]\n主送移至版记: true\n{IMPRINT}");
    let doc = render("colophon-recipients", &document(&front, &[3]));
    // Not under the title any more.
    for page in &doc.pages {
        for line in body_lines(page) {
            assert!(!text_of(&line).contains("各区县"), "主送 still in the body");
        }
    }
    let page = doc.pages.last().expect("a page");
    let lines = colophon_lines(page);
    assert_eq!(lines.len(), 3, "主送, 抄送, 印发");
    assert_eq!(text_of(&lines[0]), "主送：各区县人民政府，市政府各部门。");
    assert_mm("主送 left", lines[0][0].x_mm, LEFT + ZI, 0.5);
    assert!(text_of(&lines[1]).starts_with("抄送："));
    assert_mm(
        "主送 one row above 抄送",
        lines[1][0].baseline_mm - lines[0][0].baseline_mm,
        P,
        0.5,
    );
    let rules = rules_on(page);
    assert_eq!(rules.len(), 3, "top, thin (above 印发) and bottom");
    let (upper, lower) = (em_centre(&lines[0]), em_centre(&lines[1]));
    assert!(
        rules.iter().all(|r| r.y1_mm < upper || r.y0_mm > lower),
        "a rule between 主送 and 抄送"
    );
    assert!(rules[0].y1_mm < upper && rules[1].y0_mm > lower);
}

#[test]
fn no_colophon_without_its_elements() {
    let doc = render("colophon-none", &document("", &[3]));
    assert_eq!(doc.pages.len(), 1);
    assert!(rules_on(&doc.pages[0]).is_empty());
    assert!(colophon_lines(&doc.pages[0]).is_empty());
}

/// Rules and page number of a 版记 page whose number is `number`.
fn assert_colophon_page(doc: &Rendered, index: usize, number: Option<&str>) {
    let page = &doc.pages[index];
    let rules = rules_on(page);
    assert_eq!(rules.len(), 3, "版记 on page {}", index + 1);
    assert_mm("bottom rule lower edge", rules[2].y1_mm, BOTTOM, 0.1);
    match number {
        Some(n) => assert_eq!(page_number(page), format!("—{n}—"), "page {}", index + 1),
        None => assert!(
            page.glyphs.iter().all(|g| g.baseline_mm < BOTTOM),
            "page {} carries a number",
            index + 1
        ),
    }
}

#[test]
fn content_ending_on_page_1_sends_the_colophon_to_numbered_page_2() {
    let doc = render("colophon-odd", &document(IMPRINT, &[3]));
    assert_eq!(doc.pages.len(), 2);
    assert!(rules_on(&doc.pages[0]).is_empty(), "版记 on odd page 1");
    assert!(colophon_lines(&doc.pages[0]).is_empty());
    assert_eq!(page_number(&doc.pages[0]), "—1—");
    assert!(
        body_lines(&doc.pages[1]).is_empty(),
        "page 2 holds only the 版记"
    );
    assert_colophon_page(&doc, 1, Some("2"));
}

/// The body lines of a test document on its first page (under the title).
fn lines_on_page_1() -> usize {
    static COUNT: OnceLock<usize> = OnceLock::new();
    *COUNT.get_or_init(|| {
        let doc = render("colophon-probe", &document("", &[40]));
        body_lines(&doc.pages[0]).len()
    })
}

#[test]
fn an_even_page_with_room_keeps_the_colophon_under_the_text() {
    let lines = lines_on_page_1() + 10;
    let doc = render("colophon-even-room", &document(IMPRINT, &[lines]));
    assert_eq!(doc.pages.len(), 2);
    assert_colophon_page(&doc, 1, Some("2"));
    let page = &doc.pages[1];
    let last = body_lines(page)
        .last()
        .map(|l| em_bottom(l[0]))
        .expect("text");
    assert!(rules_on(page)[0].y0_mm > last, "版记 overlaps the text");
}

#[test]
fn a_full_even_page_costs_a_blank_page_and_neither_is_numbered() {
    let lines = lines_on_page_1() + 22;
    let doc = render("colophon-even-full", &document(IMPRINT, &[lines]));
    let page2 = body_lines(&doc.pages[1]);
    assert_eq!(page2.len(), 22, "page 2 is full");
    assert_mm(
        "page 2 last line",
        em_bottom(page2[21][0]),
        BOTTOM - G / 2.0,
        0.5,
    );
    assert_eq!(doc.pages.len(), 4, "blank page 3, 版记 on page 4");
    assert_eq!(page_number(&doc.pages[1]), "—2—");
    let blank = &doc.pages[2];
    assert!(
        blank.glyphs.is_empty() && blank.rects.is_empty(),
        "page 3 is blank"
    );
    assert_colophon_page(&doc, 3, None);
    assert!(body_lines(&doc.pages[3]).is_empty());
}

/// An engine whose profile lets the 版记 stay on an odd page.
fn render_any_page(name: &str, md: &str) -> Vec<PdfPage> {
    static ENGINE: OnceLock<gongwen::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        gongwen::Engine::new(&gongwen::FontSearch::standard(Vec::new()))
            .expect("fonts")
            .with_profile(Profile {
                colophon_on_even_page: false,
                ..Default::default()
            })
    });
    let source = scratch_dir().join(format!("{name}.md"));
    let bytes = engine
        .render(Path::new(&source), md, &gongwen::PdfOptions::default())
        .unwrap_or_else(|e| panic!("render {name} failed:\n{e}"));
    read_pdf_bytes(&bytes)
}

#[test]
fn without_the_even_page_policy_a_fitting_colophon_stays_on_page_1() {
    let pages = render_any_page("colophon-policy-off", &document(IMPRINT, &[3]));
    assert_eq!(pages.len(), 1);
    let rules = rules_on(&pages[0]);
    assert_eq!(rules.len(), 3);
    assert_mm("bottom rule lower edge", rules[2].y1_mm, BOTTOM, 0.1);
    assert_eq!(page_number(&pages[0]), "—1—");
}

#[test]
fn without_the_even_page_policy_a_full_page_sends_it_to_the_next() {
    let lines = lines_on_page_1();
    let pages = render_any_page("colophon-policy-off-full", &document(IMPRINT, &[lines]));
    assert_eq!(body_lines(&pages[0]).len(), lines);
    assert!(
        rules_on(&pages[0]).is_empty(),
        "版记 over the text of page 1"
    );
    assert_eq!(pages.len(), 2);
    assert_eq!(rules_on(&pages[1]).len(), 3);
    assert_eq!(page_number(&pages[1]), "—2—");
}

#[test]
fn a_long_printer_wraps_clear_of_the_date() {
    let front = "印发机关: 某某省某某市某某县人民政府办公室某某科某某股某某组某某小组\n印发日期: 2020-12-28\n";
    let doc = render("colophon-long-printer", &document(front, &[3]));
    let page = doc.pages.last().expect("a page");
    let lines = colophon_lines(page);
    assert_eq!(lines.len(), 2, "the 印发机关 wraps onto a second row");
    let last = &lines[1];
    assert_eq!(
        last.last().expect("glyphs").text,
        "发",
        "date on the last row"
    );
    let date_left = last
        .iter()
        .find(|g| g.text == "2")
        .expect("date digits")
        .x_mm;
    for line in &lines {
        assert_mm("印发机关 left", line[0].x_mm, LEFT + ZI, 0.5);
    }
    let organ_right = last
        .iter()
        .take_while(|g| g.text != "2")
        .map(|g| right(g))
        .fold(0.0, f64::max);
    assert!(
        organ_right <= date_left - ZI + 0.01,
        "印发机关 runs into the date"
    );
    let rules = rules_on(page);
    assert_eq!(rules.len(), 2);
    assert_mm("bottom rule lower edge", rules[1].y1_mm, BOTTOM, 0.1);
}

#[test]
fn a_colophon_taller_than_a_page_is_an_error() {
    let organs: Vec<String> = (1..=400).map(|i| format!("第{i}号单位")).collect();
    let front = format!("抄送: [{}]\n", organs.join(", "));
    let error = common::doc::render_error("colophon-too-long", &document(&front, &[3]));
    assert!(error.to_string().contains("版记过长"), "{error}");
}

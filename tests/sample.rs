//! The seed report (`samples/naiman-audit-2020.md`) rendered and read back:
//! its geometry against GBT9704.md, in millimetres.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::gb::*;
use common::pdf::{Color, Glyph, PdfPage, lines_of, read_pdf};
use common::raster::{is_dark, is_red, render_page_rgb};

const SAMPLE: &str = "samples/naiman-audit-2020.md";

struct Sample {
    pdf: PathBuf,
    pages: Vec<PdfPage>,
}

/// Render the sample once; the PDF lands next to it in `samples/`.
fn sample() -> &'static Sample {
    static SAMPLE_PDF: OnceLock<Sample> = OnceLock::new();
    SAMPLE_PDF.get_or_init(|| {
        let source = Path::new(SAMPLE);
        let text = std::fs::read_to_string(source).expect("read sample");
        let bytes = common::doc::engine()
            .render(source, &text, &gongwen::PdfOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let pdf = PathBuf::from("samples/naiman-audit-2020.pdf");
        std::fs::write(&pdf, bytes).expect("write sample PDF");
        let pages = read_pdf(&pdf);
        Sample { pdf, pages }
    })
}

fn red() -> Color {
    Color::Cmyk(0.0, 0.8, 0.8, 0.0)
}

fn is_page_number(g: &Glyph) -> bool {
    g.baseline_mm > BOTTOM
}

/// Body-size lines of a page (16 pt, black, not the page number).
fn body_lines(page: &PdfPage) -> Vec<Vec<&Glyph>> {
    lines_of(page)
        .into_iter()
        .filter(|l| {
            l.iter()
                .all(|g| (g.size_pt - 16.0).abs() < 0.01 && !g.fill.approx_eq(&red(), 0.01))
        })
        .filter(|l| !is_page_number(l[0]))
        .collect()
}

fn text_of(line: &[&Glyph]) -> String {
    line.iter().map(|g| g.text.as_str()).collect()
}

#[test]
fn pages_are_a4() {
    let s = sample();
    assert!(s.pages.len() >= 5, "the report runs to several pages");
    for page in &s.pages {
        assert_mm("page width", page.width_mm, PAGE_W, 0.01);
        assert_mm("page height", page.height_mm, PAGE_H, 0.01);
    }
}

#[test]
fn every_glyph_but_page_numbers_is_inside_the_type_area() {
    for (n, page) in sample().pages.iter().enumerate() {
        for g in page.glyphs.iter().filter(|g| !is_page_number(g)) {
            let what = format!("page {} glyph {:?}", n + 1, g.text);
            assert!(g.x_mm >= LEFT - 0.01, "{what} starts at {:.3}", g.x_mm);
            // 16 pt glyphs on a 15.79 pt grid overhang their cell by 0.07 mm.
            assert!(right(g) <= RIGHT + 0.1, "{what} ends at {:.3}", right(g));
            assert!(em_top(g) >= TOP - 0.01, "{what} em top {:.3}", em_top(g));
            assert!(
                em_bottom(g) <= BOTTOM + 0.01,
                "{what} em bottom {:.3}",
                em_bottom(g)
            );
        }
    }
}

#[test]
fn full_pages_hold_22_lines_on_the_grid() {
    let s = sample();
    // Every page but the first and the last is full: 22 lines, or 21 when
    // keeping a heading with its text or avoiding a widow left the last
    // grid line empty (the pitch never changes).
    let full = &s.pages[1..s.pages.len() - 1];
    assert!(!full.is_empty());
    let mut exactly_22 = 0;
    for (n, page) in full.iter().enumerate() {
        let lines = body_lines(page);
        assert!(
            (21..=22).contains(&lines.len()),
            "page {} has {} lines",
            n + 2,
            lines.len()
        );
        exactly_22 += usize::from(lines.len() == 22);
        for (i, line) in lines.iter().enumerate() {
            // §13.3: line i's em box is centred in grid cell i.
            let expected_top = TOP + i as f64 * P + (P - SIZE_3) / 2.0;
            assert_mm(
                &format!("page {} line {} em top", n + 2, i + 1),
                em_top(line[0]),
                expected_top,
                0.05,
            );
        }
    }
    assert!(
        exactly_22 * 2 >= full.len(),
        "most full pages hold 22 lines"
    );
}

#[test]
fn full_lines_hold_28_characters_and_end_at_184() {
    let mut full_lines = 0;
    let mut short_by_rule = 0;
    // Lines of all pages in reading order: a paragraph goes on overleaf.
    let lines: Vec<Vec<&Glyph>> = sample().pages.iter().flat_map(body_lines).collect();
    {
        for (i, line) in lines.iter().enumerate() {
            let last = line[line.len() - 1];
            if right(last) < RIGHT - 1.0 {
                continue; // last line of a paragraph, or signature
            }
            full_lines += 1;
            assert_mm(
                &format!("right edge of {:?}", text_of(line)),
                right(last),
                RIGHT,
                0.3,
            );
            let all_full_width = line
                .iter()
                .all(|g| g.text.chars().all(|c| c as u32 >= 0x2000));
            // A line with squeezed punctuation (标点挤压: a mark set in half
            // a cell, so the next glyph follows closer than a cell) holds
            // more or fewer than 28 characters and still ends at 184.
            let squeezed = line.windows(2).any(|w| w[1].x_mm - w[0].x_mm < C - 0.5);
            if all_full_width && !squeezed && (line[0].x_mm - LEFT).abs() < 0.01 && line.len() != 28
            {
                // A line may be one short only where 禁则 pushed a character
                // over: the next line would otherwise start with closing
                // punctuation, or this one end with opening punctuation.
                let next = lines.get(i + 1).map(|l| text_of(l)).unwrap_or_default();
                let pushed_over = next
                    .chars()
                    .nth(1)
                    .is_some_and(|c| "，。、；：？！”’）》」』〕".contains(c));
                let opening_end = next
                    .chars()
                    .next()
                    .is_some_and(|c| "“‘（《「『〔".contains(c));
                assert!(
                    line.len() == 27 && (pushed_over || opening_end),
                    "{} characters: {:?} / next {:?}",
                    line.len(),
                    text_of(line),
                    next
                );
                short_by_rule += 1;
            }
        }
    }
    assert!(full_lines > 100, "only {full_lines} full lines found");
    assert!(
        short_by_rule < full_lines / 10,
        "{short_by_rule} short lines"
    );
}

#[test]
fn lines_start_flush_left_or_indented_two_characters() {
    let s = sample();
    let last_page = s.pages.len() - 1;
    let mut indented = 0;
    for (n, page) in s.pages.iter().enumerate() {
        let mut lines = body_lines(page);
        if n == 0 {
            lines.remove(0); // 发文字号, centred
        }
        if n == last_page {
            lines.truncate(lines.len() - 2); // 署名 and 成文日期
        }
        for line in lines {
            let x = line[0].x_mm;
            if (x - LEFT).abs() < 0.05 {
                continue;
            }
            indented += 1;
            assert_mm(
                &format!("indent of {:?}", text_of(&line)),
                x,
                LEFT + 2.0 * C,
                0.05,
            );
        }
    }
    assert!(indented > 20, "only {indented} indented lines");
}

#[test]
fn issuer_mark_is_red_centred_with_its_ink_top_at_72mm() {
    let s = sample();
    let page = &s.pages[0];
    let mark: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| g.fill.approx_eq(&red(), 0.01))
        .collect();
    assert_eq!(
        mark.iter().map(|g| g.text.as_str()).collect::<String>(),
        "中共奈曼旗审计局党组文件"
    );
    let image = render_page_rgb(&s.pdf, 1, 600);
    let (x0, y0, x1, _) = image
        .ink_bbox_mm((0.0, 0.0, PAGE_W, 110.0), is_red)
        .expect("red ink in the header");
    assert_mm("mark ink top", y0, 72.0, 0.5);
    assert_mm("mark centre", (x0 + x1) / 2.0, CENTRE, 0.5);
    assert!(
        x0 >= LEFT - 0.01 && x1 <= RIGHT + 0.01,
        "mark {x0:.2}–{x1:.2} inside the 版心"
    );
}

/// The red separator, the 发文字号 line and the mark's em bottom.
fn header(page: &PdfPage) -> (&common::pdf::FilledRect, Vec<&Glyph>, f64) {
    let rule = page
        .rects
        .iter()
        .find(|r| r.fill.approx_eq(&red(), 0.01))
        .expect("a red separator");
    let number = body_lines(page).remove(0);
    let mark_bottom = page
        .glyphs
        .iter()
        .filter(|g| g.fill.approx_eq(&red(), 0.01))
        .map(em_bottom)
        .fold(f64::MIN, f64::max);
    (rule, number, mark_bottom)
}

#[test]
fn doc_number_is_centred_two_lines_below_the_mark() {
    let page = &sample().pages[0];
    let (_, number, mark_bottom) = header(page);
    assert_eq!(text_of(&number), "奈审党发〔2020〕12号");
    assert_mm(
        "发文字号 em top",
        em_top(number[0]),
        mark_bottom + G + 2.0 * P,
        0.5,
    );
    let centre = (number[0].x_mm + right(number[number.len() - 1])) / 2.0;
    assert_mm("发文字号 centre", centre, CENTRE, 0.5);
}

#[test]
fn red_line_spans_the_type_area_4mm_below_the_doc_number() {
    let page = &sample().pages[0];
    let (rule, number, _) = header(page);
    assert_mm("red line left", rule.x0_mm, LEFT, 0.01);
    assert_mm("red line right", rule.x1_mm, RIGHT, 0.01);
    assert_mm("red line top", rule.y0_mm, em_bottom(number[0]) + 4.0, 0.5);
    assert!(rule.height_mm() > 0.2 && rule.height_mm() < 1.2);
}

#[test]
fn title_recipients_and_body_follow_the_line_rules() {
    let page = &sample().pages[0];
    let (rule, _, _) = header(page);
    let lines = lines_of(page);
    let title: Vec<&Vec<&Glyph>> = lines
        .iter()
        .filter(|l| (l[0].size_pt - 22.0).abs() < 0.01)
        .collect();
    assert!(!title.is_empty() && title.len() <= 2);
    let title_text: String = title.iter().map(|l| text_of(l)).collect();
    assert_eq!(title_text, "奈曼旗审计局党组2020年意识形态工作专题报告");
    // 下空二行 below the red line; centred lines.
    assert_mm(
        "title em top",
        em_top(title[0][0]),
        rule.y1_mm + G + 2.0 * P,
        0.5,
    );
    for line in &title {
        let centre = (line[0].x_mm + right(line[line.len() - 1])) / 2.0;
        assert_mm("title line centre", centre, CENTRE, 0.5);
        assert!(
            line.iter()
                .all(|g| g.font.contains("Serif") && g.font.contains("Bold"))
        );
    }
    let last_title = title[title.len() - 1];
    // 主送机关: 下空一行, flush left, ending in ：.
    let body = body_lines(page);
    let recipients = &body[1];
    assert_eq!(
        text_of(recipients),
        "中共奈曼旗委意识形态工作领导小组办公室："
    );
    assert_mm("主送 x", recipients[0].x_mm, LEFT, 0.05);
    assert_mm(
        "主送 em top",
        em_top(recipients[0]),
        em_bottom(last_title[0]) + G + P,
        0.5,
    );
    // 正文 on the next line, indented 2 字, one pitch apart after that.
    let first = &body[2];
    assert_mm("正文 x", first[0].x_mm, LEFT + 2.0 * C, 0.05);
    for pair in body[1..].windows(2) {
        assert_mm(
            "page 1 line pitch",
            pair[1][0].baseline_mm - pair[0][0].baseline_mm,
            P,
            0.05,
        );
    }
    assert!(body.len() >= 7, "page 1 shows 正文");
}

#[test]
fn unsealed_signature_and_date_follow_7_3_5_2() {
    let s = sample();
    let page = &s.pages[s.pages.len() - 1];
    let lines = body_lines(page);
    let n = lines.len();
    let (name, date, text) = (&lines[n - 2], &lines[n - 1], &lines[n - 3]);
    assert_eq!(text_of(name), "中共奈曼旗审计局党组");
    assert_eq!(text_of(date), "2020年12月28日");
    // 署名: one blank line below the text, right gap 2 字.
    assert_mm(
        "署名 em top",
        em_top(name[0]),
        em_top(text[0]) + 2.0 * P,
        0.05,
    );
    assert_mm(
        "署名 right end",
        right(name[name.len() - 1]),
        RIGHT - 2.0 * C,
        0.5,
    );
    // 成文日期: next line, first character 2 字 right of the 署名's.
    assert_mm("date em top", em_top(date[0]), em_top(name[0]) + P, 0.05);
    assert_mm("date start", date[0].x_mm, name[0].x_mm + 2.0 * C, 0.5);
}

#[test]
fn page_numbers_sit_7mm_below_the_type_area_alternating_sides() {
    let s = sample();
    for (n, page) in s.pages.iter().enumerate() {
        let number = n + 1;
        let glyphs: Vec<&Glyph> = page.glyphs.iter().filter(|g| is_page_number(g)).collect();
        let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, format!("— {number} —"));
        assert!(
            glyphs.iter().all(|g| (g.size_pt - 14.0).abs() < 0.01),
            "4号"
        );
        // Measured on the ink: the dashes' stroke centre and the ends.
        let image = render_page_rgb(&s.pdf, number, 600);
        let (x0, y0, x1, y1) = image
            .ink_bbox_mm(
                (LEFT - 5.0, BOTTOM + 2.0, RIGHT + 5.0, BOTTOM + 16.0),
                is_dark,
            )
            .expect("page number ink");
        let dash = image
            .ink_bbox_mm((x0 - 0.1, y0 - 0.1, x0 + 3.0, y1 + 0.1), is_dark)
            .expect("left dash ink");
        assert_mm("dash line", (dash.1 + dash.3) / 2.0, BOTTOM + 7.0, 0.5);
        if number % 2 == 1 {
            assert_mm("odd page number right end", x1, RIGHT - SIZE_4, 0.5);
        } else {
            assert_mm("even page number left start", x0, LEFT + SIZE_4, 0.5);
        }
    }
}

#[test]
fn text_copies_out_as_the_source() {
    let s = sample();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&s.pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by fonts/install.sh");
    let copied: String = String::from_utf8(out.stdout)
        .expect("utf-8")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // The expected text from the Markdown source: every paragraph and
    // heading in order, Markdown markers removed.
    let md = std::fs::read_to_string(SAMPLE).unwrap();
    let body = md.splitn(3, "---\n").nth(2).unwrap();
    let mut expected = String::from("中共奈曼旗审计局党组文件奈审党发〔2020〕12号");
    expected.push_str("奈曼旗审计局党组2020年意识形态工作专题报告");
    expected.push_str("中共奈曼旗委意识形态工作领导小组办公室：");
    for line in body.lines() {
        expected.push_str(line.trim_start_matches('#').trim());
    }
    expected.push_str("中共奈曼旗审计局党组2020年12月28日");
    let without_numbers: String = {
        let mut text = copied.clone();
        for n in (1..=s.pages.len()).rev() {
            text = text.replace(&format!("—{n}—"), "");
        }
        text
    };
    assert_eq!(without_numbers, expected);
}

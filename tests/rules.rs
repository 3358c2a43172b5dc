//! Documents made for one rule each, rendered and read back.

mod common;

use common::doc::render;
use common::gb::*;
use common::pdf::{Color, Glyph};

/// `n` distinct common characters (no punctuation).
fn hanzi(n: usize) -> String {
    "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光果珍李柰菜重芥姜"
        .chars()
        .cycle()
        .take(n)
        .collect()
}

/// A document of the 无版头 kind with one paragraph per entry of `paragraphs`.
fn plain(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n") + "\n"
}

fn all_lines(doc: &common::doc::Rendered) -> Vec<Vec<&Glyph>> {
    doc.pages.iter().flat_map(body_lines).collect()
}

fn assert_no_forbidden_line_ends(lines: &[Vec<&Glyph>]) {
    for line in lines {
        let text = text_of(line);
        let first = text.chars().next().unwrap();
        let last = text.chars().last().unwrap();
        assert!(
            !NO_LINE_START.contains(first),
            "line starts with {first}: {text}"
        );
        assert!(!NO_LINE_END.contains(last), "line ends with {last}: {text}");
    }
}

#[test]
fn closing_punctuation_never_starts_a_line() {
    // The first line holds 26 characters after the indent; a comma would
    // come 27th, so the 26th character goes down with it.
    let doc = render("kinsoku-start", &plain(&[hanzi(26) + "，" + &hanzi(30)]));
    let lines = all_lines(&doc);
    assert_no_forbidden_line_ends(&lines);
    assert_eq!(lines[0].len(), 25);
    assert_eq!(text_of(&lines[1]).chars().nth(1), Some('，'));
    // The short line is justified to the full measure, never beyond.
    assert_mm("justified right edge", right(lines[0][24]), RIGHT, 0.3);
    assert_mm("line start", lines[0][0].x_mm, LEFT + 2.0 * C, 0.05);
}

#[test]
fn opening_punctuation_never_ends_a_line() {
    let doc = render(
        "kinsoku-end",
        &plain(&[hanzi(25) + "（" + &hanzi(4) + "）" + &hanzi(30)]),
    );
    let lines = all_lines(&doc);
    assert_no_forbidden_line_ends(&lines);
    assert_eq!(lines[0].len(), 25);
    assert_eq!(text_of(&lines[1]).chars().next(), Some('（'));
    assert_mm("justified right edge", right(lines[0][24]), RIGHT, 0.3);
}

#[test]
fn dashes_and_ellipses_stay_whole() {
    for (name, mark) in [("dash", "——"), ("ellipsis", "……")] {
        let doc = render(name, &plain(&[hanzi(25) + mark + &hanzi(30)]));
        let lines = all_lines(&doc);
        let holding: Vec<String> = lines
            .iter()
            .map(|l| text_of(l))
            .filter(|t| t.contains(mark.chars().next().unwrap()))
            .collect();
        assert_eq!(holding.len(), 1, "{mark} split across lines: {holding:?}");
        assert!(holding[0].contains(mark));
        assert_mm(
            "first line right edge",
            right(lines[0][lines[0].len() - 1]),
            RIGHT,
            0.3,
        );
    }
}

#[test]
fn numbers_never_split_and_take_half_a_cell_per_digit() {
    let doc = render("number", &plain(&[hanzi(24) + "20201228" + &hanzi(30)]));
    let lines = all_lines(&doc);
    let with_digits: Vec<&Vec<&Glyph>> = lines
        .iter()
        .filter(|l| l.iter().any(|g| g.text.chars().all(|c| c.is_ascii_digit())))
        .collect();
    assert_eq!(with_digits.len(), 1, "the number is split");
    let digits: Vec<&&Glyph> = with_digits[0]
        .iter()
        .filter(|g| g.text.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(digits.len(), 8);
    for pair in digits.windows(2) {
        assert_mm("digit pitch", pair[1].x_mm - pair[0].x_mm, C / 2.0, 0.05);
    }
    assert!(
        digits.iter().all(|g| g.font.contains("LiberationSerif")),
        "{}",
        digits[0].font
    );
    assert_mm(
        "line 1 right edge",
        right(lines[0][lines[0].len() - 1]),
        RIGHT,
        0.3,
    );
}

#[test]
fn a_number_keeps_its_unit() {
    // "2020" would still fit on line 1 (two cells), "年" would not.
    let doc = render("number-unit", &plain(&[hanzi(24) + "2020年" + &hanzi(30)]));
    let lines = all_lines(&doc);
    assert!(
        text_of(&lines[1]).starts_with("2020年"),
        "{}",
        text_of(&lines[1])
    );
    assert_eq!(lines[0].len(), 24);
    assert_mm("line 1 right edge", right(lines[0][23]), RIGHT, 0.3);
}

#[test]
fn a_heading_never_ends_a_page() {
    let mut paragraphs: Vec<String> = (0..21).map(|_| hanzi(10) + "。").collect();
    paragraphs.push("# 总体要求".to_string());
    paragraphs.push(hanzi(10) + "。");
    let doc = render("heading-keep", &plain(&paragraphs));
    let page1 = body_lines(&doc.pages[0]);
    let page2 = body_lines(&doc.pages[1]);
    assert_eq!(page1.len(), 21, "the heading left line 22 empty");
    assert_eq!(text_of(&page2[0]), "一、总体要求");
    assert_eq!(text_of(&page2[1]), hanzi(10) + "。");
    // And without the heading, 22 paragraphs fill page 1 exactly.
    let full: Vec<String> = (0..22).map(|_| hanzi(10) + "。").collect();
    let doc = render("page-full", &plain(&full));
    assert_eq!(doc.pages.len(), 1);
    assert_eq!(body_lines(&doc.pages[0]).len(), 22);
}

#[test]
fn headings_are_numbered_in_their_faces() {
    // With a 标题 in the front matter, a leading `#` is a heading.
    let md = "\
---
标题: 关于加强管理的意见
---

# 总体要求

## 工作目标

### 加强领导。

各单位要高度重视。

#### 细化措施

## （二）已编号的标题

段落。
";
    let doc = render("headings", md);
    let lines = all_lines(&doc);
    let texts: Vec<String> = lines.iter().map(|l| text_of(l)).collect();
    assert_eq!(
        texts,
        [
            "一、总体要求",
            "（一）工作目标",
            "1.加强领导。各单位要高度重视。",
            "（1）细化措施",
            "（二）已编号的标题",
            "段落。",
        ]
    );
    let font = |line: usize, index: usize| lines[line][index].font.clone();
    assert!(
        font(0, 2).contains("NotoSansCJK"),
        "一级 黑体: {}",
        font(0, 2)
    );
    assert!(font(1, 3).contains("UKai"), "二级 楷体: {}", font(1, 3));
    assert!(
        font(2, 2).contains("NotoSerifCJK"),
        "三级 仿宋: {}",
        font(2, 2)
    );
    assert!(
        font(3, 3).contains("NotoSerifCJK"),
        "四级 仿宋: {}",
        font(3, 3)
    );
    for line in &lines {
        assert_mm("heading indent", line[0].x_mm, LEFT + 2.0 * C, 0.05);
    }
}

#[test]
fn numbering_style_comes_from_the_front_matter() {
    let md = "---\n编号: [一、, （一）, 1、, （1）]\n---\n\n### 加强领导\n\n### 2.强化制度\n";
    let doc = render("numbering-style", md);
    let texts: Vec<String> = all_lines(&doc).iter().map(|l| text_of(l)).collect();
    assert_eq!(texts, ["1、加强领导", "2、强化制度"]);
}

#[test]
fn strong_and_emphasis_are_faces_not_fake_bold() {
    let doc = render("inline-faces", "普通**加粗**和*强调*文字。\n");
    let line = &all_lines(&doc)[0];
    assert_eq!(text_of(line), "普通加粗和强调文字。");
    let fonts: Vec<&str> = line.iter().map(|g| g.font.as_str()).collect();
    assert!(fonts[0].contains("NotoSerifCJK"));
    assert!(fonts[2].contains("NotoSansCJK") && fonts[3].contains("NotoSansCJK"));
    assert!(fonts[5].contains("UKai") && fonts[6].contains("UKai"));
    assert!(fonts[7].contains("NotoSerifCJK"));
}

#[test]
fn plain_format_starts_the_title_at_the_top_of_the_type_area() {
    let md = "---\n标题: 关于开展专项检查的通知\n主送机关: 各科室\n---\n\n现将有关事项通知如下。\n";
    let doc = render("plain", md);
    let page = &doc.pages[0];
    let red = Color::Cmyk(0.0, 0.8, 0.8, 0.0);
    assert!(
        page.glyphs.iter().all(|g| !g.fill.approx_eq(&red, 0.01)),
        "no red mark"
    );
    assert!(page.rects.is_empty(), "no red line");
    let title: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| (g.size_pt - 22.0).abs() < 0.01)
        .collect();
    assert_eq!(
        title.iter().map(|g| g.text.as_str()).collect::<String>(),
        "关于开展专项检查的通知"
    );
    assert_mm(
        "title em top",
        em_top(title[0]),
        TOP + (P - SIZE_2) / 2.0,
        0.5,
    );
    let centre = (title[0].x_mm + right(title[title.len() - 1])) / 2.0;
    assert_mm("title centre", centre, CENTRE, 0.5);
    let body = body_lines(page);
    assert_eq!(text_of(&body[0]), "各科室：");
    assert_mm(
        "主送 em top",
        em_top(body[0][0]),
        em_bottom(title[0]) + G + P,
        0.5,
    );
}

#[test]
fn identical_input_gives_identical_bytes() {
    let md = std::fs::read_to_string("samples/naiman-audit-2020.md").unwrap();
    let a = render("same-a", &md);
    let b = render("same-b", &md);
    assert_eq!(a.bytes, b.bytes);
    let text = String::from_utf8_lossy(&a.bytes);
    assert!(!text.contains("CreationDate"), "no timestamp by default");
}

#[test]
fn source_date_epoch_sets_the_creation_date() {
    let md = "正文。\n";
    let options = gongwen::PdfOptions {
        creation_time: Some(1_609_113_600),
        ..Default::default()
    };
    let bytes = common::doc::engine()
        .render(std::path::Path::new("epoch.md"), md, &options)
        .unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let date = info.get(b"CreationDate").unwrap().as_str().unwrap();
    assert!(
        date.starts_with(b"D:20201228"),
        "{}",
        String::from_utf8_lossy(date)
    );
}

#[test]
fn the_pdf_title_is_the_document_title() {
    let md = std::fs::read_to_string("samples/naiman-audit-2020.md").unwrap();
    let rendered = render("metadata", &md);
    let doc = lopdf::Document::load_mem(&rendered.bytes).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let title = doc
        .get_dictionary(info)
        .unwrap()
        .get(b"Title")
        .unwrap()
        .as_str()
        .unwrap();
    // UTF-16BE with a byte-order mark.
    assert_eq!(&title[..2], b"\xFE\xFF");
    let units: Vec<u16> = title[2..]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    assert_eq!(
        String::from_utf16(&units).unwrap(),
        "奈曼旗审计局党组2020年意识形态工作专题报告"
    );
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let md = std::fs::read_to_string("samples/naiman-audit-2020.md").unwrap();
    let rendered = render("subsets", &md);
    let doc = lopdf::Document::load_mem(&rendered.bytes).unwrap();
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let Ok(name) = dict.get(b"BaseFont").and_then(|n| n.as_name()) else {
            continue;
        };
        fonts += 1;
        // A subset's name carries a six-letter tag: ABCDEF+Name.
        let tag = &name[..7.min(name.len())];
        assert!(
            tag.len() == 7 && tag[..6].iter().all(u8::is_ascii_uppercase) && tag[6] == b'+',
            "{} is not a subset",
            String::from_utf8_lossy(name)
        );
    }
    assert!(fonts >= 4, "{fonts} fonts");
    // Whole CJK faces are 10–20 MB each.
    assert!(
        rendered.bytes.len() < 400_000,
        "{} bytes",
        rendered.bytes.len()
    );
}

#[test]
fn a_character_missing_from_a_face_comes_from_the_next_candidate() {
    // 㐀 (U+3400) is not in AR PL UKai (楷体's open face) but is in the next
    // 楷体 candidate, Noto Serif CJK SC: that glyph alone falls back.
    let doc = render("fallback", "普通*强调㐀字*。\n");
    let line = &all_lines(&doc)[0];
    assert_eq!(text_of(line), "普通强调㐀字。");
    assert!(line[2].font.contains("UKai") && line[5].font.contains("UKai"));
    assert!(line[4].font.contains("NotoSerifCJK"), "{}", line[4].font);
    // The fallback glyph still takes exactly one grid cell.
    assert_mm("cell after fallback", line[5].x_mm - line[4].x_mm, C, 0.02);
}

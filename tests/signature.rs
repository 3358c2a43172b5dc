//! 发文机关署名, 成文日期, 印章, 签名章 and 附注 (GB/T 9704 §7.3.5–7.3.6;
//! GBT9704.md §6.3 a–d, §13.8) read back from the PDF and its pixels.

mod common;

use common::doc::{Rendered, render, scratch_dir};
use common::gb::*;
use common::pdf::Glyph;
use common::raster::{is_red, render_page_rgb};

/// A seal of exactly 42 mm: a ring whose outer edge has radius 21 mm.
const SEAL_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" viewBox="0 0 42 42">
<circle cx="21" cy="21" r="20.4" fill="none" stroke="#e60012" stroke-width="1.2"/>
<polygon points="21,15 22.5,19.5 27,19.5 23.4,22.3 24.8,26.7 21,24 17.2,26.7 18.6,22.3 15,19.5 19.5,19.5" fill="#e60012"/>
</svg>"##;

/// A signature stamp 30 × 12 mm.
const STAMP_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="30mm" height="12mm" viewBox="0 0 30 12">
<rect x="0.5" y="0.5" width="29" height="11" fill="none" stroke="#e60012" stroke-width="1"/>
<path d="M4 8 C 8 2, 12 10, 16 4 S 24 9, 27 3" fill="none" stroke="#e60012" stroke-width="1"/>
</svg>"##;

fn write_images() {
    let dir = scratch_dir();
    std::fs::write(dir.join("seal-a.svg"), SEAL_SVG).unwrap();
    std::fs::write(dir.join("seal-b.svg"), SEAL_SVG).unwrap();
    std::fs::write(dir.join("stamp.svg"), STAMP_SVG).unwrap();
}

fn paragraph(n: usize) -> String {
    "各单位要高度重视，认真组织实施，确保各项工作落到实处。".repeat(n)
}

fn last_page(doc: &Rendered) -> (usize, Vec<Vec<&Glyph>>) {
    let n = doc.pages.len();
    (n, body_lines(&doc.pages[n - 1]))
}

fn find<'a>(lines: &'a [Vec<&'a Glyph>], text: &str) -> &'a Vec<&'a Glyph> {
    lines
        .iter()
        .find(|l| text_of(l) == text)
        .unwrap_or_else(|| panic!("no line {text}"))
}

fn centre(line: &[&Glyph]) -> f64 {
    (line[0].x_mm + right(line[line.len() - 1])) / 2.0
}

/// Bounding boxes of the separate stretches of red ink (seals, stamps)
/// below `from_y` on a page, left to right.
fn seal_boxes(doc: &Rendered, page: usize, from_y: f64) -> Vec<(f64, f64, f64, f64)> {
    let image = render_page_rgb(&doc.pdf, page, 200);
    let bottom = BOTTOM + 20.0;
    let step = 0.25;
    let mut boxes = Vec::new();
    let mut start: Option<f64> = None;
    let mut x = LEFT - 5.0;
    while x <= RIGHT + 5.0 {
        let red = image
            .ink_bbox_mm((x, from_y, x + step, bottom), is_red)
            .is_some();
        match (red, start) {
            (true, None) => start = Some(x),
            (false, Some(x0)) => {
                boxes.push(image.ink_bbox_mm((x0, from_y, x, bottom), is_red).unwrap());
                start = None;
            }
            _ => {}
        }
        x += step;
    }
    boxes
}

#[test]
fn a_sealed_single_signature_follows_7_3_5_1() {
    write_images();
    let md = format!(
        "---\n发文机关: 示例县审计局\n标题: 关于开展检查的通知\n发文机关署名: 示例县审计局\n成文日期: 2026-11-20\n印章: seal-a.svg\n附注: 联系人：赵某某\n---\n\n{}\n",
        paragraph(3)
    );
    let doc = render("sealed-single", &md);
    let (n, lines) = last_page(&doc);
    let name = find(&lines, "示例县审计局");
    let date = find(&lines, "2026年11月20日");
    let note = find(&lines, "（联系人：赵某某）");
    let text_bottom = lines
        .iter()
        .filter(|l| text_of(l).starts_with("各单位") || text_of(l).ends_with("。"))
        .map(|l| em_bottom(l[0]))
        .fold(f64::MIN, f64::max);
    // Date: right end 4 字 in; 署名 centred on it, one line above.
    assert_mm(
        "date right end",
        right(date[date.len() - 1]),
        RIGHT - 4.0 * C,
        0.5,
    );
    assert_mm("署名 centred on the date", centre(name), centre(date), 0.5);
    assert_mm(
        "date one line below",
        date[0].baseline_mm - name[0].baseline_mm,
        P,
        0.05,
    );
    // 附注 on the line after the date, 2 字 in.
    assert_mm("附注 x", note[0].x_mm, LEFT + 2.0 * C, 0.05);
    assert_mm(
        "附注 line",
        note[0].baseline_mm - date[0].baseline_mm,
        P,
        0.05,
    );
    // The seal: 42 mm, centred on 署名/date, its top within one line below
    // the text, 署名 and date in its lower half.
    let boxes = seal_boxes(&doc, n, text_bottom + 0.1);
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    let (x0, y0, x1, y1) = boxes[0];
    assert_mm("seal diameter", x1 - x0, 42.0, 0.5);
    assert_mm("seal centre x", (x0 + x1) / 2.0, centre(date), 0.5);
    let gap = y0 - text_bottom;
    assert!(
        (0.0..=P).contains(&gap),
        "seal top {gap:.2} mm below the text"
    );
    let seal_middle = (y0 + y1) / 2.0;
    let text_middle = (em_top(name[0]) + em_bottom(date[0])) / 2.0;
    assert!(
        text_middle > seal_middle,
        "署名/date sit below the seal centre"
    );
    // Multiply blending keeps the text visible under the seal.
    assert!(String::from_utf8_lossy(&doc.bytes).contains("/Multiply"));
}

#[test]
fn joint_seals_stand_side_by_side_without_touching() {
    write_images();
    let md = format!(
        "---\n发文机关: [示例县审计局, 示例县财政局]\n标题: 关于开展检查的通知\n成文日期: 2026-11-25\n印章: [seal-a.svg, seal-b.svg]\n---\n\n{}\n",
        paragraph(3)
    );
    let doc = render("sealed-joint", &md);
    let (n, lines) = last_page(&doc);
    let date = find(&lines, "2026年11月25日");
    let names: Vec<&Vec<&Glyph>> = lines
        .iter()
        .filter(|l| text_of(l).starts_with("示例县") && text_of(l).ends_with('局'))
        .collect();
    // Both names on one line, in issuing order.
    let row = names[0];
    let row_text = text_of(row);
    assert_eq!(row_text, "示例县审计局示例县财政局");
    let boxes = seal_boxes(&doc, n, em_top(row[0]) - 25.0);
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    let (a, b) = (boxes[0], boxes[1]);
    assert!(b.0 - a.2 > 0.5, "seals touch: {a:?} {b:?}");
    assert!(
        a.0 >= LEFT - 0.1 && b.2 <= RIGHT + 0.1,
        "seals inside the 版心"
    );
    // The last seal presses the date; each seal is centred on its name.
    assert_mm(
        "last seal on the date",
        (b.0 + b.2) / 2.0,
        centre(date),
        0.5,
    );
    let first_name_centre = (row[0].x_mm + right(row[5])) / 2.0;
    assert_mm(
        "first seal on its name",
        (a.0 + a.2) / 2.0,
        first_name_centre,
        0.5,
    );
}

#[test]
fn unsealed_joint_names_stack_with_the_date_below() {
    let md = format!(
        "---\n发文机关: [示例县发展和改革委员会, 示例县财政局]\n标题: 关于开展检查的通知\n成文日期: 2026-11-25\n---\n\n{}\n",
        paragraph(2)
    );
    let doc = render("unsealed-joint", &md);
    let (_, lines) = last_page(&doc);
    let first = find(&lines, "示例县发展和改革委员会");
    let second = find(&lines, "示例县财政局");
    let date = find(&lines, "2026年11月25日");
    // 署名 right gap 2 字, names stacked one a line, date first character
    // 2 字 right of the 署名's.
    for name in [first, second] {
        assert_mm(
            "署名 right end",
            right(name[name.len() - 1]),
            RIGHT - 2.0 * C,
            0.5,
        );
    }
    assert_mm(
        "stacked",
        second[0].baseline_mm - first[0].baseline_mm,
        P,
        0.05,
    );
    assert_mm("date start", date[0].x_mm, first[0].x_mm + 2.0 * C, 0.5);
}

#[test]
fn a_date_longer_than_the_name_keeps_its_2_character_gap() {
    // §7.3.5.2: the date takes the 2 字 right gap; the 署名 moves left so
    // the first characters keep their 2 字 offset.
    let md = format!(
        "---\n发文机关署名: 示例县审计局\n成文日期: 2026-11-25\n---\n\n{}\n",
        paragraph(2)
    );
    let doc = render("long-date", &md);
    let (_, lines) = last_page(&doc);
    let name = find(&lines, "示例县审计局");
    let date = find(&lines, "2026年11月25日");
    assert_mm(
        "date right end",
        right(date[date.len() - 1]),
        RIGHT - 2.0 * C,
        0.5,
    );
    assert_mm("署名 start", name[0].x_mm, date[0].x_mm - 2.0 * C, 0.5);
}

#[test]
fn a_signature_stamp_with_title_follows_7_3_5_3() {
    write_images();
    let md = format!(
        "---\n标题: 示例县人民政府令\n签名章: stamp.svg\n签发人职务: 县长\n成文日期: 2026-11-20\n---\n\n{}\n",
        paragraph(2)
    );
    let doc = render("stamp", &md);
    let (n, lines) = last_page(&doc);
    let title = find(&lines, "县长");
    let date = find(&lines, "2026年11月20日");
    let text_bottom = em_bottom(lines[lines.len() - 3][0]);
    let boxes = seal_boxes(&doc, n, text_bottom + 0.1);
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    let (x0, y0, x1, y1) = boxes[0];
    // Stamp: 下空二行, right edge 4 字 in.
    assert_mm("stamp right edge", x1, RIGHT - 4.0 * C, 0.5);
    assert_mm("stamp top", y0, text_bottom + G + 2.0 * P, 0.5);
    // 职务 2 字 left of it, centred on it.
    assert_mm(
        "职务 right end",
        right(title[title.len() - 1]),
        x0 - 2.0 * C,
        0.5,
    );
    let title_middle = (em_top(title[0]) + em_bottom(title[0])) / 2.0;
    assert_mm("职务 centred", title_middle, (y0 + y1) / 2.0, 0.5);
    // Date 下空一行 below the stamp, 4 字 in.
    assert_mm("date em top", em_top(date[0]), y1 + G + P, 0.5);
    assert_mm(
        "date right end",
        right(date[date.len() - 1]),
        RIGHT - 4.0 * C,
        0.5,
    );
}

/// `count` one-line paragraphs in a 无版头 document, then a sealed block.
fn filled(name: &str, count: usize) -> Rendered {
    write_images();
    let mut md = String::from(
        "---\n发文机关署名: 示例县审计局\n成文日期: 2026-11-20\n印章: seal-a.svg\n---\n\n",
    );
    for i in 0..count {
        md.push_str(&format!("第{i}段文字。\n\n"));
    }
    render(name, &md)
}

#[test]
fn a_tight_page_is_tightened_to_keep_the_signature_with_its_text() {
    // 20 lines + 2 blank + 署名 + 日期 = 24 lines: needs 27.0 pt ≥ 26 pt.
    let doc = filled("tighten", 20);
    assert_eq!(doc.pages.len(), 1, "everything stays on page 1");
    let lines = body_lines(&doc.pages[0]);
    assert_eq!(text_of(&lines[lines.len() - 1]), "2026年11月20日");
    let pitch = lines[1][0].baseline_mm - lines[0][0].baseline_mm;
    assert!(
        (26.0 * MM_PER_PT - 0.01..P - 0.5).contains(&pitch),
        "pitch {pitch:.3}"
    );
    for pair in lines[..20].windows(2) {
        assert_mm(
            "even tightened pitch",
            pair[1][0].baseline_mm - pair[0][0].baseline_mm,
            pitch,
            0.02,
        );
    }
    assert!(em_bottom(lines[lines.len() - 1][0]) <= BOTTOM + 0.01);
}

#[test]
fn when_tightening_is_not_enough_the_last_lines_go_along() {
    // 22 lines fill the page; 26 lines would need 24.9 pt < 26 pt.
    let doc = filled("carry", 22);
    assert_eq!(doc.pages.len(), 2);
    let first = body_lines(&doc.pages[0]);
    let second = body_lines(&doc.pages[1]);
    assert_eq!(first.len(), 20, "two lines carried over");
    assert_eq!(text_of(&second[0]), "第20段文字。");
    assert_eq!(text_of(&second[1]), "第21段文字。");
    assert_eq!(text_of(&second[second.len() - 1]), "2026年11月20日");
    // Page 1 keeps the grid pitch; page 2 starts on grid line 1.
    assert_mm(
        "page 1 pitch",
        first[1][0].baseline_mm - first[0][0].baseline_mm,
        P,
        0.02,
    );
    assert_mm(
        "page 2 first line",
        em_top(second[0][0]),
        TOP + (P - SIZE_3) / 2.0,
        0.05,
    );
    for page in &doc.pages {
        let text = common::pdf::page_text(page);
        assert!(!text.contains("此页无正文"));
    }
}

#[test]
fn seal_errors_point_at_the_seal_key() {
    let dir = scratch_dir();
    std::fs::create_dir_all(dir.join("a-folder.png")).unwrap();
    std::fs::write(dir.join("not-image.png"), "hello").unwrap();
    std::fs::write(dir.join("text.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"42mm\" height=\"42mm\"><text>局</text></svg>").unwrap();
    for (file, expect) in [
        ("missing.png", "无法读取图片"),
        ("a-folder.png", "是目录"),
        ("not-image.png", "不是 PNG 或 SVG"),
        ("text.svg", "含有文字"),
    ] {
        let md =
            format!("---\n发文机关署名: 某局\n成文日期: 2026-11-20\n印章: {file}\n---\n\n正文。\n");
        let e = common::doc::render_error(&format!("seal-error-{file}"), &md);
        let d = &e.diagnostics[0];
        assert!(d.message.contains(expect), "{file}: {e}");
        assert_eq!(d.pos.map(|p| p.line), Some(4), "{file}");
    }
    // One seal per signing organ.
    let md = "---\n发文机关署名: [甲局, 乙局]\n印章: seal-a.svg\n---\n\n正文。\n";
    write_images();
    let e = common::doc::render_error("seal-count", md);
    assert!(e.to_string().contains("印章有 1 枚"), "{e}");
}

#[test]
fn png_seals_take_their_size_from_the_file_or_the_setting() {
    let dir = scratch_dir();
    // 248 px at 5906 px/m = 42.0 mm; without pHYs the default is 42 mm.
    std::fs::write(dir.join("seal-dpi.png"), common::png::ring(248, Some(5906))).unwrap();
    std::fs::write(dir.join("seal-plain.png"), common::png::ring(300, None)).unwrap();
    for (name, seal, size, expected) in [
        ("png-dpi", "seal-dpi.png", "", 42.0),
        ("png-plain", "seal-plain.png", "", 42.0),
        ("png-set", "seal-plain.png", "印章尺寸: 50\n", 50.0),
    ] {
        let md = format!(
            "---\n发文机关署名: 示例县审计局\n成文日期: 2026-11-20\n印章: {seal}\n{size}---\n\n{}\n",
            paragraph(2)
        );
        let doc = render(name, &md);
        let (n, lines) = last_page(&doc);
        let date = find(&lines, "2026年11月20日");
        let boxes = seal_boxes(&doc, n, em_top(lines[0][0]));
        assert_eq!(boxes.len(), 1, "{name}: {boxes:?}");
        let (x0, _, x1, _) = boxes[0];
        assert_mm(&format!("{name} diameter"), x1 - x0, expected, 0.6);
        assert_mm(
            &format!("{name} centre"),
            (x0 + x1) / 2.0,
            centre(date),
            0.5,
        );
    }
}

#[test]
fn an_attachment_notice_goes_over_with_the_signature_and_body_lines() {
    // 20 lines + 附件说明 (blank + 2) + sealed block (4) cannot share a page
    // even tightened: the notice stays with the block, and two body lines
    // go along so the new page does not start with the notice.
    write_images();
    let mut md = String::from(
        "---\n附件: [甲办法, 乙名单]\n发文机关署名: 示例县审计局\n成文日期: 2026-11-20\n印章: seal-a.svg\n---\n\n",
    );
    for i in 0..20 {
        md.push_str(&format!("第{i}段文字。\n\n"));
    }
    let doc = render("notice-carry", &md);
    assert_eq!(doc.pages.len(), 2);
    let second = body_lines(&doc.pages[1]);
    let texts: Vec<String> = second.iter().map(|l| text_of(l)).collect();
    assert_eq!(texts[0], "第18段文字。", "{texts:?}");
    assert_eq!(texts[1], "第19段文字。");
    assert_eq!(texts[2], "附件：1.甲办法");
    assert_eq!(texts[texts.len() - 1], "2026年11月20日");
}

//! 版头 elements (GB/T 9704 §7.2; GBT9704.md §5, §13.3–13.5) read back
//! from the PDF.

mod common;

use common::doc::{Rendered, render};
use common::gb::*;
use common::pdf::{Color, Glyph, PdfPage, lines_of};
use common::raster::{is_red, render_page_rgb};

fn red() -> Color {
    Color::Cmyk(0.0, 0.8, 0.8, 0.0)
}

fn black_lines(page: &PdfPage) -> Vec<Vec<&Glyph>> {
    lines_of(page)
        .into_iter()
        .filter(|l| l.iter().all(|g| !g.fill.approx_eq(&red(), 0.01)))
        .filter(|l| l[0].baseline_mm < BOTTOM)
        .collect()
}

fn line_with<'a>(page: &'a PdfPage, text: &str) -> Vec<&'a Glyph> {
    black_lines(page)
        .into_iter()
        .find(|l| text_of(l).contains(text))
        .unwrap_or_else(|| panic!("no line with {text}"))
}

/// Em top of grid line `n` (1-based) for 3号 text (§13.3).
fn grid_top(n: usize) -> f64 {
    TOP + (n - 1) as f64 * P + (P - SIZE_3) / 2.0
}

const BODY: &str = "为做好有关工作，现将有关事项通知如下。\n";

#[test]
fn copy_number_secrecy_and_urgency_stack_at_the_top_left() {
    let md = format!(
        "---\n份号: \"000012\"\n密级: 秘密\n保密期限: 1年\n紧急程度: 特急\n发文机关: 示例县审计局\n发文字号: 示审〔2026〕3号\n标题: 关于开展检查的通知\n---\n\n{BODY}"
    );
    let doc = render("corner", &md);
    let page = &doc.pages[0];
    for (n, text) in [(1, "000012"), (2, "秘密★1年"), (3, "特急")] {
        let line = line_with(page, text);
        assert_eq!(text_of(&line), text);
        assert_mm(&format!("{text} x"), line[0].x_mm, LEFT, 0.05);
        assert_mm(&format!("{text} em top"), em_top(line[0]), grid_top(n), 0.3);
        assert!(
            line[0].font.contains("NotoSansCJK"),
            "黑体: {}",
            line[0].font
        );
    }
}

#[test]
fn without_copy_number_secrecy_takes_line_1_unless_the_profile_reserves_it() {
    let md =
        format!("---\n密级: 机密\n发文机关: 示例县审计局\n标题: 关于开展检查的通知\n---\n\n{BODY}");
    let doc = render("corner-no-copy", &md);
    let line = line_with(&doc.pages[0], "机密");
    assert_eq!(text_of(&line), "机密★");
    assert_mm("密级 em top", em_top(line[0]), grid_top(1), 0.3);

    let profile = gongwen::template::Profile {
        header_reserve_copy_line: true,
        ..Default::default()
    };
    let doc = common::doc::render_with_profile("corner-reserved", &md, profile);
    let line = line_with(&doc.pages[0], "机密");
    assert_mm(
        "密级 em top, line 1 reserved",
        em_top(line[0]),
        grid_top(2),
        0.3,
    );
}

fn red_glyphs(doc: &Rendered) -> Vec<&Glyph> {
    doc.pages[0]
        .glyphs
        .iter()
        .filter(|g| g.fill.approx_eq(&red(), 0.01))
        .collect()
}

#[test]
fn joint_mark_stacks_names_to_a_common_width_with_the_word_centred() {
    let md = format!(
        "---\n发文机关: [示例县审计局, 示例县人民政府办公室]\n发文字号: 示审联〔2026〕2号\n标题: 关于开展检查的通知\n---\n\n{BODY}"
    );
    let doc = render("joint-mark", &md);
    let glyphs = red_glyphs(&doc);
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in &glyphs {
        match lines
            .iter_mut()
            .find(|l| (l[0].baseline_mm - g.baseline_mm).abs() < 0.2)
        {
            Some(line) => line.push(g),
            None => lines.push(vec![g]),
        }
    }
    lines.sort_by(|a, b| a[0].baseline_mm.total_cmp(&b[0].baseline_mm));
    let texts: Vec<String> = lines.iter().map(|l| text_of(l)).collect();
    // 文件 sits between the two name lines, so it is its own line.
    assert_eq!(
        texts,
        ["示例县审计局", "文件", "示例县人民政府办公室"],
        "{texts:?}"
    );
    let (first, word, second) = (&lines[0], &lines[1], &lines[2]);
    // 主办机关 first; both names span the same width (分散对齐).
    assert_mm("names start", first[0].x_mm, second[0].x_mm, 0.3);
    let end = |l: &Vec<&Glyph>| l.iter().map(|g| g.x_mm).fold(f64::MIN, f64::max);
    assert_mm("names end", end(first), end(second), 0.3);
    // 文件 right of the names, centred on the block vertically.
    assert!(word[0].x_mm > end(first) + 1.0);
    let block_middle = (em_top(first[0]) + em_bottom(second[0])) / 2.0;
    let word_middle = (em_top(word[0]) + em_bottom(word[0])) / 2.0;
    assert_mm("文件 vertical centre", word_middle, block_middle, 0.5);
    // Ink top at 72 mm, centred, inside the 版心.
    let image = render_page_rgb(&doc.pdf, 1, 300);
    let (x0, y0, x1, _) = image
        .ink_bbox_mm((0.0, 0.0, PAGE_W, 130.0), is_red)
        .unwrap();
    assert_mm("mark ink top", y0, 72.0, 0.5);
    assert_mm("mark centre", (x0 + x1) / 2.0, CENTRE, 0.5);
    assert!(x0 >= LEFT && x1 <= RIGHT);
}

#[test]
fn a_tall_joint_mark_still_leaves_body_text_on_page_1() {
    let md = format!(
        "---\n发文机关: [示例县审计局, 示例县财政局, 示例县发展和改革委员会, 示例县人民政府办公室]\n发文字号: 示审联〔2026〕9号\n标题: 示例县审计局 示例县财政局 示例县发展和改革委员会 示例县人民政府办公室关于联合开展政府投资项目审计监督工作的通知\n主送机关: [各乡镇人民政府, 县直各单位, 各有关企业]\n---\n\n{BODY}{BODY}{BODY}{BODY}"
    );
    let doc = render("tall-mark", &md);
    let body = line_with(&doc.pages[0], "为做好有关工作");
    assert!(em_bottom(body[0]) <= BOTTOM);
}

#[test]
fn signers_block_sits_right_with_the_doc_number_on_the_last_names_line() {
    let md = format!(
        "---\n发文机关: 示例县审计局\n发文字号: 示审〔2026〕3号\n签发人: [张某某, 李某某, 王某某]\n标题: 关于增拨经费的请示\n---\n\n{BODY}"
    );
    let doc = render("signers", &md);
    let page = &doc.pages[0];
    let first = line_with(page, "签发人");
    let last = line_with(page, "王某某");
    assert_eq!(text_of(&first), "签发人：张某某李某某");
    assert_eq!(text_of(&last), "示审〔2026〕3号王某某");
    // Label in 仿宋, names in 楷体; right gap 1 字.
    assert!(first[0].font.contains("NotoSerifCJK"), "{}", first[0].font);
    assert!(first[4].font.contains("UKai"), "{}", first[4].font);
    assert_mm(
        "签发人 right end",
        right(first[first.len() - 1]),
        RIGHT - C,
        0.5,
    );
    // Continuation names under the first name of the line above.
    assert_mm(
        "second line name",
        last[last.len() - 3].x_mm,
        first[4].x_mm,
        0.05,
    );
    // 发文字号 1 字 from the left on the last names line, one pitch lower.
    assert_mm("发文字号 x", last[0].x_mm, LEFT + C, 0.05);
    assert_mm(
        "names pitch",
        last[0].baseline_mm - first[0].baseline_mm,
        P,
        0.05,
    );
    // Red line 4 mm below that line.
    let rule = page
        .rects
        .iter()
        .find(|r| r.fill.approx_eq(&red(), 0.01))
        .unwrap();
    assert_mm("red line top", rule.y0_mm, em_bottom(last[0]) + 4.0, 0.5);
    // The first 签发人 line 下空二行 below the mark.
    let mark_bottom = red_glyphs(&doc)
        .iter()
        .map(|g| em_bottom(g))
        .fold(f64::MIN, f64::max);
    assert_mm(
        "签发人 em top",
        em_top(first[0]),
        mark_bottom + G + 2.0 * P,
        0.5,
    );
}

#[test]
fn the_red_line_can_carry_a_star() {
    let md = format!(
        "---\n发文机关: 中共示例县委员会\n发文字号: 示发〔2026〕1号\n标题: 关于开展检查的通知\n---\n\n{BODY}"
    );
    let profile = gongwen::template::Profile {
        red_line_star: true,
        ..Default::default()
    };
    let doc = common::doc::render_with_profile("star", &md, profile);
    let (path, pages) = (&doc.pdf, &doc.pages);
    let mut rules: Vec<_> = pages[0]
        .rects
        .iter()
        .filter(|r| r.fill.approx_eq(&red(), 0.01))
        .collect();
    rules.sort_by(|a, b| a.x0_mm.total_cmp(&b.x0_mm));
    assert_eq!(rules.len(), 2, "the line is broken in two");
    assert_mm("left part start", rules[0].x0_mm, LEFT, 0.01);
    assert_mm("right part end", rules[1].x1_mm, RIGHT, 0.01);
    assert!(rules[0].x1_mm < CENTRE - 2.0 && rules[1].x0_mm > CENTRE + 2.0);
    // The star is red ink at the centre of the line.
    let image = render_page_rgb(path, 1, 300);
    let y = rules[0].y0_mm;
    let star = image
        .ink_bbox_mm((CENTRE - 6.0, y - 6.0, CENTRE + 6.0, y + 6.0), is_red)
        .unwrap();
    assert_mm("star centre x", (star.0 + star.2) / 2.0, CENTRE, 0.3);
    assert!(star.3 - star.1 > 3.0, "star height {:.2}", star.3 - star.1);
}

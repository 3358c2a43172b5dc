//! The special formats of GB/T 9704 §10 — 信函, 命令（令）, 纪要
//! (GBT9704.md §10, §13.9, §14 items 3 and 12) read back from the PDF and
//! its pixels.

mod common;

use common::doc::{render, render_error, scratch_dir};
use common::gb::*;
use common::pdf::lines_of;
use common::raster::{is_red, render_page_rgb};

#[path = "formats/support.rs"]
mod support;

use support::*;

// ---------------------------------------------------------------- 信函

fn letter_md(body_paragraphs: usize) -> String {
    let mut md = String::from(
        "---\n版式: 信函\n份号: \"000021\"\n紧急程度: 加急\n发文机关: [示例县审计局, 示例县财政局]\n发文字号: 示审函〔2026〕21号\n标题: 关于商请提供有关资料的函\n主送机关: 示例县统计局\n---\n\n",
    );
    for _ in 0..body_paragraphs {
        md.push_str(&paragraph(3));
        md.push_str("\n\n");
    }
    md
}

#[test]
fn letter_mark_is_the_lead_issuer_alone_30_mm_from_the_paper_top() {
    let doc = render("letter-mark", &letter_md(1));
    let page = &doc.pages[0];
    let text: String = red_glyphs(page).iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "示例县审计局", "主办机关 only, no 文件");
    let first_line = red_rects(page)[0].y0_mm;
    let (x0, y0, x1, _) = mark_ink(&doc, first_line - 0.5);
    assert_mm("mark ink top", y0, 30.0, 0.5);
    assert_mm("mark centre", (x0 + x1) / 2.0, CENTRE, 0.5);
}

#[test]
fn letter_double_lines_are_170_mm_thick_over_thin_and_thin_over_thick() {
    let doc = render("letter-lines", &letter_md(1));
    let page = &doc.pages[0];
    let rects = red_rects(page);
    assert_eq!(rects.len(), 4, "two double lines: {rects:?}");
    for r in &rects {
        assert_mm("line start", r.x0_mm, 21.0, 0.05);
        assert_mm("line end", r.x1_mm, 191.0, 0.05);
        assert_mm("line length", r.width_mm(), 170.0, 0.05);
    }
    // First pair: thick over thin, 4 mm below the mark.
    assert_mm(
        "first pair top",
        rects[0].y0_mm,
        mark_bottom(page) + 4.0,
        0.5,
    );
    assert_mm("upper thick", rects[0].height_mm(), 0.53, 0.02);
    assert_mm("upper thin", rects[1].height_mm(), 0.26, 0.02);
    assert!(rects[1].y0_mm > rects[0].y1_mm, "a white gap between them");
    // Second pair: thin over thick, its lower edge 20 mm above the paper bottom.
    assert_mm("lower thin", rects[2].height_mm(), 0.26, 0.02);
    assert_mm("lower thick", rects[3].height_mm(), 0.53, 0.02);
    assert!(rects[3].y0_mm > rects[2].y1_mm);
    assert_mm("second pair bottom", rects[3].y1_mm, PAGE_H - 20.0, 0.05);
    // The double lines are on page 1 only.
    let doc = render("letter-lines-2", &letter_md(6));
    assert!(doc.pages.len() >= 2);
    assert!(red_rects(&doc.pages[1]).is_empty());
}

#[test]
fn letter_elements_sit_under_the_first_line_and_the_title_two_lines_below() {
    let doc = render("letter-elements", &letter_md(1));
    let page = &doc.pages[0];
    let line_bottom = red_rects(page)[1].y1_mm;
    let first = line_with(page, "000021");
    let copy = part(&first, "000021");
    let number = part(&first, "示审函〔2026〕21号");
    // 份号 at the 版心 left, 7/8 × 3号 below the double line; 黑体.
    assert_mm("份号 x", copy[0].x_mm, LEFT, 0.05);
    assert_mm("份号 em top", em_top(copy[0]), line_bottom + 4.939, 0.3);
    assert!(copy[0].font.contains("NotoSansCJK"), "{}", copy[0].font);
    // 发文字号 on the same row, flush with the 版心 right edge.
    assert_mm(
        "发文字号 right end",
        right(number[number.len() - 1]),
        RIGHT,
        0.5,
    );
    assert_mm(
        "发文字号 baseline",
        number[0].baseline_mm,
        copy[0].baseline_mm,
        0.05,
    );
    // 紧急程度 on the next row.
    let urgency = line_with(page, "加急");
    assert_mm("紧急 x", urgency[0].x_mm, LEFT, 0.05);
    assert_mm(
        "紧急 row",
        urgency[0].baseline_mm - copy[0].baseline_mm,
        P,
        0.05,
    );
    // Title 下空二行 below the last of them.
    let title = lines_of(page)
        .into_iter()
        .find(|l| (l[0].size_pt - 22.0).abs() < 0.01)
        .expect("title");
    assert_mm(
        "title em top",
        em_top(title[0]),
        em_bottom(urgency[0]) + G + 2.0 * P,
        0.5,
    );
    assert_mm("title centre", centre_of(&title), CENTRE, 0.5);
}

#[test]
fn letter_page_1_has_no_page_number_and_page_2_is_numbered_2() {
    let doc = render("letter-pages", &letter_md(6));
    assert!(doc.pages.len() >= 2, "{} pages", doc.pages.len());
    assert_eq!(page_number(&doc.pages[0]), "", "no number on page 1");
    assert_eq!(page_number(&doc.pages[1]), "—2—");
    // The text keeps the normal 版心 on page 1 (A25).
    let lines = black_lines(&doc.pages[0]);
    let last = lines.last().unwrap();
    assert!(em_bottom(last[0]) <= BOTTOM + 0.01);
}

#[test]
fn letter_colophon_has_cc_only_without_rules_at_the_foot_of_the_last_page() {
    let md = "---\n版式: 信函\n发文机关: 示例县审计局\n发文字号: 示审函〔2026〕22号\n标题: 关于商请提供有关资料的函\n主送机关: 示例县统计局\n抄送: [示例县人民政府办公室]\n印发机关: 示例县审计局办公室\n印发日期: 2026-11-18\n---\n\n请于12月1日前提供有关资料。\n";
    let doc = render("letter-colophon", md);
    assert_eq!(doc.pages.len(), 1, "a letter's 版记 stays on its last page");
    let page = &doc.pages[0];
    let black_rules: Vec<_> = page
        .rects
        .iter()
        .filter(|r| !is_red_fill(&r.fill))
        .collect();
    assert!(black_rules.is_empty(), "no 版记 rules: {black_rules:?}");
    let cc = lines_of(page)
        .into_iter()
        .find(|l| text_of(l).starts_with("抄送"))
        .expect("抄送 row");
    assert_eq!(text_of(&cc), "抄送：示例县人民政府办公室。");
    assert!((cc[0].size_pt - 14.0).abs() < 0.01);
    // The row is one line pitch high, its bottom on the 版心 bottom.
    assert_mm(
        "抄送 em bottom",
        em_bottom(cc[0]),
        BOTTOM - (P - SIZE_4) / 2.0,
        0.3,
    );
    assert!(!common::pdf::page_text(page).contains("印发"));
    let warned = warnings("letter-colophon-w", md);
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(
        warned.iter().all(|w| w.contains("信函的版记不含印发")),
        "{warned:?}"
    );
}

// ---------------------------------------------------------------- 命令

/// A signature stamp 30 × 12 mm.
const STAMP_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="30mm" height="12mm" viewBox="0 0 30 12">
<rect x="0.5" y="0.5" width="29" height="11" fill="none" stroke="#e60012" stroke-width="1"/>
<path d="M4 8 C 8 2, 12 10, 16 4 S 24 9, 27 3" fill="none" stroke="#e60012" stroke-width="1"/>
</svg>"##;

fn order_md(extra: &str) -> String {
    std::fs::write(scratch_dir().join("order-stamp.svg"), STAMP_SVG).unwrap();
    format!(
        "---\n版式: 命令\n发文机关: 示例县人民政府\n令号: 3\n签发人职务: 县长\n签名章: order-stamp.svg\n成文日期: 2026-11-28\n{extra}---\n\n{}\n",
        paragraph(2)
    )
}

#[test]
fn order_mark_number_and_text_follow_10_2() {
    let md = order_md("");
    assert!(warnings("order-w", &md).is_empty());
    let doc = render("order", &md);
    let page = &doc.pages[0];
    let text: String = red_glyphs(page).iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "示例县人民政府令");
    let number = line_with(page, "号");
    assert_eq!(text_of(&number), "第3号");
    let (x0, y0, x1, _) = mark_ink(&doc, em_top(number[0]) - 1.0);
    assert_mm("mark ink top", y0, TOP + 20.0, 0.5);
    assert_mm("mark centre", (x0 + x1) / 2.0, CENTRE, 0.5);
    // 令号 centred 下空二行 below the mark; 正文 下空二行 below the 令号.
    assert_mm(
        "令号 em top",
        em_top(number[0]),
        mark_bottom(page) + G + 2.0 * P,
        0.5,
    );
    assert_mm("令号 centre", centre_of(&number), CENTRE, 0.5);
    let body = line_with(page, "各单位要高度重视");
    assert_mm(
        "正文 em top",
        em_top(body[0]),
        em_bottom(number[0]) + G + 2.0 * P,
        0.5,
    );
    assert_mm("正文 indent", body[0].x_mm, LEFT + 2.0 * C, 0.05);
}

#[test]
fn order_closes_with_title_stamp_and_date() {
    let doc = render("order-stamp", &order_md(""));
    let page = &doc.pages[0];
    let lines = black_lines(page);
    let title = line_with(page, "县长");
    let date = line_with(page, "2026年11月28日");
    let at = lines.iter().position(|l| text_of(l) == "县长").unwrap();
    let body_last = &lines[at - 1];
    assert!(
        text_of(body_last).ends_with("处。"),
        "{}",
        text_of(body_last)
    );
    let text_bottom = em_bottom(body_last[0]);
    let image = render_page_rgb(&doc.pdf, 1, 200);
    let (x0, y0, x1, y1) = image
        .ink_bbox_mm((LEFT, text_bottom + 0.1, RIGHT, BOTTOM), is_red)
        .expect("stamp");
    assert_mm("stamp right edge", x1, RIGHT - 4.0 * C, 0.5);
    assert_mm("stamp top", y0, text_bottom + G + 2.0 * P, 0.5);
    assert_mm(
        "职务 right end",
        right(title[title.len() - 1]),
        x0 - 2.0 * C,
        0.5,
    );
    let title_middle = (em_top(title[0]) + em_bottom(title[0])) / 2.0;
    assert_mm(
        "职务 centred on the stamp",
        title_middle,
        (y0 + y1) / 2.0,
        0.5,
    );
    assert_mm("date em top", em_top(date[0]), y1 + G + P, 0.5);
    assert_mm(
        "date right end",
        right(date[date.len() - 1]),
        RIGHT - 4.0 * C,
        0.5,
    );
}

#[test]
fn an_order_with_a_title_puts_it_two_lines_below_the_number() {
    let doc = render(
        "order-title",
        &order_md("标题: 示例县城市生活垃圾分类管理办法\n"),
    );
    let page = &doc.pages[0];
    let number = line_with(page, "第3号");
    let title = lines_of(page)
        .into_iter()
        .find(|l| (l[0].size_pt - 22.0).abs() < 0.01)
        .expect("title");
    assert_mm(
        "title em top",
        em_top(title[0]),
        em_bottom(number[0]) + G + 2.0 * P,
        0.5,
    );
    let body = line_with(page, "各单位要高度重视");
    assert_mm(
        "正文 下空一行 below the title",
        em_top(body[0]),
        em_bottom(title[0]) + G + P,
        0.5,
    );
}

#[test]
fn three_corner_entries_push_an_order_mark_down_with_a_warning() {
    let head = "份号: \"000003\"\n密级: 秘密\n紧急程度: 特急\n";
    let md = order_md(head);
    let warned = warnings("order-corner-w", &md);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("命令标志已下移"), "{warned:?}");
    let doc = render("order-corner", &md);
    let page = &doc.pages[0];
    let urgency = line_with(page, "特急");
    let number = line_with(page, "第3号");
    let (_, y0, _, _) = mark_ink(&doc, em_top(number[0]) - 1.0);
    assert!(y0 > em_bottom(urgency[0]), "mark ink {y0:.2} clears 特急");
    assert_mm("mark ink top", y0, em_bottom(urgency[0]) + 1.0, 0.5);
    // With two entries the mark keeps its 57 mm.
    let md = order_md("份号: \"000003\"\n密级: 秘密\n");
    assert!(warnings("order-corner2-w", &md).is_empty());
    let doc = render("order-corner2", &md);
    let number = line_with(&doc.pages[0], "第3号");
    let (_, y0, _, _) = mark_ink(&doc, em_top(number[0]) - 1.0);
    assert_mm("mark ink top", y0, TOP + 20.0, 0.5);
}

// ---------------------------------------------------------------- 纪要

const MINUTES_HEAD: &str = "版式: 纪要\n发文机关标志: 示例县人民政府常务会议纪要\n发文机关: 示例县人民政府办公室\n发文字号: 第15期\n成文日期: 2026-11-20\n";

#[test]
fn minutes_mark_number_organ_and_date_follow_the_profile() {
    let md = format!("---\n{MINUTES_HEAD}---\n\n{}\n", paragraph(2));
    assert!(warnings("minutes-head-w", &md).is_empty());
    let doc = render("minutes-head", &md);
    let page = &doc.pages[0];
    let text: String = red_glyphs(page).iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "示例县人民政府常务会议纪要");
    let number = line_with(page, "第15期");
    assert_eq!(text_of(&number), "第15期");
    let (x0, y0, x1, _) = mark_ink(&doc, em_top(number[0]) - 1.0);
    assert_mm("mark ink top", y0, TOP + 35.0, 0.5);
    assert_mm("mark centre", (x0 + x1) / 2.0, CENTRE, 0.5);
    // 编号 centred 下空二行 below the mark.
    assert_mm(
        "编号 em top",
        em_top(number[0]),
        mark_bottom(page) + G + 2.0 * P,
        0.5,
    );
    assert_mm("编号 centre", centre_of(&number), CENTRE, 0.5);
    // Organ 1 字 from the left and date 1 字 from the right, 下空一行 below.
    let line = line_with(page, "示例县人民政府办公室");
    let organ = part(&line, "示例县人民政府办公室");
    let date = part(&line, "2026年11月20日");
    assert_mm("organ x", organ[0].x_mm, LEFT + C, 0.05);
    assert_mm(
        "date right end",
        right(date[date.len() - 1]),
        RIGHT - C,
        0.5,
    );
    assert_mm(
        "organ em top",
        em_top(organ[0]),
        em_bottom(number[0]) + G + P,
        0.5,
    );
    // 正文 下空二行 below; no red line, and no signature block after the text.
    let body = line_with(page, "各单位要高度重视");
    assert_mm(
        "正文 em top",
        em_top(body[0]),
        em_bottom(organ[0]) + G + 2.0 * P,
        0.5,
    );
    assert!(red_rects(page).is_empty(), "no red line by default");
    let dates = black_lines(page)
        .iter()
        .filter(|l| text_of(l).contains("2026年11月20日"))
        .count();
    assert_eq!(dates, 1, "the date only once, under the mark");
}

#[test]
fn minutes_lists_have_bold_labels_and_aligned_wrapped_names() {
    let names: Vec<String> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"
        .chars()
        .map(|c| format!("{c}某某"))
        .collect();
    let md = format!(
        "---\n{MINUTES_HEAD}出席: [{}]\n请假: [韩某某（外出学习）]\n列席: [县财政局局长秦某某, 县审计局局长尤某某]\n---\n\n{}\n",
        names.join(", "),
        paragraph(2)
    );
    assert!(warnings("minutes-lists-w", &md).is_empty());
    let doc = render("minutes-lists", &md);
    let page = doc.pages.last().unwrap();
    let lines = black_lines(page);
    let at = lines
        .iter()
        .position(|l| text_of(l).starts_with("出席："))
        .expect("出席 line");
    let body_last = &lines[at - 1];
    let attend = &lines[at];
    let wrapped = &lines[at + 1];
    let leave_at = lines
        .iter()
        .position(|l| text_of(l).starts_with("请假"))
        .expect("请假 line");
    let (before_leave, leave, observe) =
        (&lines[leave_at - 1], &lines[leave_at], &lines[leave_at + 1]);
    assert!(
        text_of(body_last).ends_with("处。"),
        "{}",
        text_of(body_last)
    );
    // 下空一行 below the text, 2 字 in.
    assert_mm(
        "出席 em top",
        em_top(attend[0]),
        em_bottom(body_last[0]) + G + P,
        0.5,
    );
    assert_mm("出席 x", attend[0].x_mm, LEFT + 2.0 * C, 0.05);
    // Label (with its ：) in 黑体, names in 仿宋.
    for g in &attend[..3] {
        assert!(
            g.font.contains("NotoSansCJK"),
            "label {}: {}",
            g.text,
            g.font
        );
    }
    assert!(
        attend[3].font.contains("NotoSerifCJK"),
        "name: {}",
        attend[3].font
    );
    // The wrapped line starts under the first name, after the ：.
    assert_mm("wrapped line x", wrapped[0].x_mm, attend[3].x_mm, 0.05);
    assert_mm(
        "wrapped line pitch",
        wrapped[0].baseline_mm - attend[0].baseline_mm,
        P,
        0.05,
    );
    // Names stay whole: five names (4 字 each with their 、) fill the 23 字
    // after the label; the next line starts with the sixth.
    assert_eq!(
        text_of(attend),
        format!("出席：{}、", names[..5].join("、"))
    );
    assert!(
        text_of(wrapped).starts_with(&names[5]),
        "{}",
        text_of(wrapped)
    );
    // A full line is justified to the right edge.
    assert_mm("full line end", right(attend[attend.len() - 1]), RIGHT, 0.5);
    // Each list on a new line, 出席 → 请假 → 列席.
    assert_eq!(text_of(leave), "请假：韩某某（外出学习）");
    assert_eq!(
        text_of(observe),
        "列席：县财政局局长秦某某、县审计局局长尤某某"
    );
    for (l, name) in [(leave, "请假"), (observe, "列席")] {
        assert_mm(&format!("{name} x"), l[0].x_mm, LEFT + 2.0 * C, 0.05);
        assert!(l[0].font.contains("NotoSansCJK"), "{name}: {}", l[0].font);
    }
    assert_mm(
        "请假 pitch",
        leave[0].baseline_mm - before_leave[0].baseline_mm,
        P,
        0.05,
    );
    assert_mm(
        "列席 pitch",
        observe[0].baseline_mm - leave[0].baseline_mm,
        P,
        0.05,
    );
}

#[test]
fn minutes_practice_elements_can_be_switched_off_and_a_red_line_on() {
    let md = format!("---\n{MINUTES_HEAD}---\n\n{}\n", paragraph(2));
    let profile = gongwen::template::Profile {
        minutes_number: false,
        minutes_organ_date_line: false,
        minutes_red_line: true,
        ..Default::default()
    };
    let (pages, warned) = render_with("minutes-off", &md, profile);
    let page = &pages[0];
    assert!(!common::pdf::page_text(page).contains("第15期"));
    // The red line 4 mm below the mark, then 正文 下空二行 below it.
    let rects = red_rects(page);
    assert_eq!(rects.len(), 1, "{rects:?}");
    assert_mm("red line top", rects[0].y0_mm, mark_bottom(page) + 4.0, 0.5);
    let body = line_with(page, "各单位要高度重视");
    assert_mm(
        "正文 em top",
        em_top(body[0]),
        rects[0].y1_mm + G + 2.0 * P,
        0.5,
    );
    // Organ and date move to an (unsealed) signature block after the text.
    let lines = black_lines(page);
    let n = lines.len();
    assert_eq!(text_of(&lines[n - 2]), "示例县人民政府办公室");
    assert_eq!(text_of(&lines[n - 1]), "2026年11月20日");
    assert_mm(
        "署名 right end",
        right(lines[n - 2][lines[n - 2].len() - 1]),
        RIGHT - 2.0 * C,
        0.5,
    );
    // The 发文字号 the profile leaves out is a warning, not lost in silence.
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("发文字号"), "{warned:?}");
}

#[test]
fn minutes_keep_a_signature_block_only_when_one_is_asked_for() {
    let md = format!(
        "---\n{MINUTES_HEAD}发文机关署名: 示例县人民政府办公室\n附注: 本纪要发至各乡镇\n---\n\n{}\n",
        paragraph(2)
    );
    let doc = render("minutes-signed", &md);
    let lines = black_lines(&doc.pages[0]);
    let n = lines.len();
    assert_eq!(text_of(&lines[n - 3]), "示例县人民政府办公室");
    assert_eq!(text_of(&lines[n - 2]), "2026年11月20日");
    assert_eq!(text_of(&lines[n - 1]), "（本纪要发至各乡镇）");
    // Without 署名 only the 附注 follows the text, on the next line.
    let md = format!(
        "---\n{MINUTES_HEAD}附注: 本纪要发至各乡镇\n---\n\n{}\n",
        paragraph(2)
    );
    let doc = render("minutes-note", &md);
    let lines = black_lines(&doc.pages[0]);
    let n = lines.len();
    assert_eq!(text_of(&lines[n - 1]), "（本纪要发至各乡镇）");
    assert!(text_of(&lines[n - 2]).ends_with("处。"));
    assert_mm(
        "附注 pitch",
        lines[n - 1][0].baseline_mm - lines[n - 2][0].baseline_mm,
        P,
        0.05,
    );
}

// ---------------------------------------------------------------- all three

#[test]
fn every_format_shows_text_on_page_1() {
    let recipients: Vec<String> = (1..=24)
        .map(|i| format!("示例县第{i}工作委员会办公室"))
        .collect();
    let title = "示例县人民政府关于进一步加强和改进全县城乡基层社会治理体系和治理能力现代化建设工作的若干意见";
    for (name, head) in [
        (
            "fit-letter",
            "版式: 信函\n发文机关: 示例县人民政府办公室\n发文字号: 示政办函〔2026〕8号\n",
        ),
        (
            "fit-order",
            "版式: 命令\n发文机关: 示例县人民政府\n令号: 第 3 号\n",
        ),
        ("fit-minutes", MINUTES_HEAD),
    ] {
        let md = format!(
            "---\n{head}标题: {title}\n主送机关: [{}]\n---\n\n{}\n",
            recipients.join(", "),
            paragraph(2)
        );
        let doc = render(name, &md);
        let page1 = common::pdf::page_text(&doc.pages[0]);
        assert!(
            page1.contains("各单位要高度重视"),
            "{name}: no 正文 on page 1"
        );
    }
}

#[test]
fn a_special_format_without_an_issuer_is_an_error() {
    for format in ["信函", "命令", "纪要"] {
        let md = format!("---\n版式: {format}\n标题: 关于有关事项的通知\n---\n\n正文。\n");
        let message = render_error("no-issuer", &md).to_string();
        assert!(message.contains("需要发文机关标志"), "{format}: {message}");
        assert!(
            message.contains(":2:"),
            "{format}: at the 版式 line: {message}"
        );
    }
}

#[test]
fn elements_of_another_format_are_warnings() {
    let md = "---\n发文机关: 示例县审计局\n标题: 关于开展检查的通知\n令号: 第 1 号\n出席: [张某某]\n签发人职务: 局长\n---\n\n正文。\n";
    let warned = warnings("other-format", md);
    assert_eq!(warned.len(), 3, "{warned:?}");
    assert!(warned.iter().any(|w| w.contains("「令号」只用于命令")));
    assert!(warned.iter().any(|w| w.contains("「出席」只用于纪要")));
    assert!(
        warned
            .iter()
            .any(|w| w.contains("「签发人职务」只与签名章"))
    );
}

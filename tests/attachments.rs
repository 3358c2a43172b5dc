//! 附件说明 (GB/T 9704 §7.3.4) and bound attachments (§7.3.7), rendered and
//! read back: positions in millimetres against GBT9704.md §6.2, §6.4, §13.

mod common;

use common::doc::{Rendered, render, render_error, scratch_dir};
use common::gb::*;
use common::pdf::{Glyph, PdfPage};
use gongwen::Severity;

/// The 3号 lines of a page with their text.
fn lines(page: &PdfPage) -> Vec<(String, Vec<&Glyph>)> {
    body_lines(page)
        .into_iter()
        .map(|l| (text_of(&l), l))
        .collect()
}

/// The first 3号 line of `page` whose text starts with `start`.
fn line_starting<'p>(page: &'p PdfPage, start: &str) -> Vec<&'p Glyph> {
    lines(page)
        .into_iter()
        .find(|(t, _)| t.starts_with(start))
        .map(|(_, l)| l)
        .unwrap_or_else(|| panic!("no line starting with {start}: {:?}", texts(page)))
}

fn texts(page: &PdfPage) -> Vec<String> {
    lines(page).into_iter().map(|(t, _)| t).collect()
}

/// The glyph showing `ch` in `line`.
fn glyph<'g>(line: &[&'g Glyph], ch: &str) -> &'g Glyph {
    line.iter()
        .copied()
        .find(|g| g.text == ch)
        .unwrap_or_else(|| panic!("no {ch} in {}", text_of(line)))
}

/// The 2号 glyphs of a page (titles).
fn title_glyphs(page: &PdfPage) -> Vec<&Glyph> {
    page.glyphs
        .iter()
        .filter(|g| (g.size_pt - 22.0).abs() < 0.01)
        .collect()
}

/// The page number as printed (digits of the 4号 line below the 版心).
fn page_number(page: &PdfPage) -> String {
    page.glyphs
        .iter()
        .filter(|g| g.baseline_mm > BOTTOM && (g.size_pt - 14.0).abs() < 0.01)
        .map(|g| g.text.as_str())
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// Em-box top of grid line `n` (1-based) for 3号 text (§13.3).
fn grid_line(n: usize) -> f64 {
    TOP + (n as f64 - 1.0) * P + (P - SIZE_3) / 2.0
}

/// Which grid line a 3号 glyph's em box sits on, if it sits on one.
fn on_grid(g: &Glyph) -> Option<usize> {
    let n = ((em_top(g) - grid_line(1)) / P).round() as usize + 1;
    ((em_top(g) - grid_line(n)).abs() <= 0.5).then_some(n)
}

fn single_error(e: &gongwen::Error) -> &gongwen::Diagnostic {
    assert_eq!(e.diagnostics.len(), 1, "{e}");
    let d = &e.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(d.help.is_some(), "the fix is shown: {e}");
    d
}

fn line_col(d: &gongwen::Diagnostic) -> (u32, u32) {
    let pos = d.pos.expect("a position");
    (pos.line, pos.column)
}

#[test]
fn a_single_attachment_is_noted_one_line_below_the_text_two_characters_in() {
    let md =
        "---\n标题: 关于开展检查的通知\n附件: 检查工作实施方案。\n---\n\n现将有关事项通知如下。\n";
    let doc = render("att-single", md);
    let page = &doc.pages[0];
    let text = line_starting(page, "现将");
    let notice = line_starting(page, "附件");
    // No punctuation after the name (§7.3.4).
    assert_eq!(text_of(&notice), "附件：检查工作实施方案");
    assert_mm("附件 x", notice[0].x_mm, LEFT + 2.0 * C, 0.05);
    assert_mm("name x", glyph(&notice, "检").x_mm, LEFT + 5.0 * C, 0.05);
    // 下空一行: one empty line between the text and the notice.
    assert_mm(
        "附件说明 em top",
        em_top(notice[0]),
        em_top(text[0]) + 2.0 * P,
        0.5,
    );
    assert_eq!(doc.pages.len(), 1, "nothing bound, no attachment page");
}

#[test]
fn several_attachments_are_numbered_with_numbers_and_names_aligned() {
    let md = "---\n标题: 关于开展检查的通知\n附件:\n  - 检查工作实施方案\n  - 某某市安全生产专项检查工作领导小组成员名单及有关单位联系人和联系方式一览表\n  - 检查情况统计表；\n---\n\n现将有关事项通知如下。\n";
    let doc = render("att-several", md);
    let page = &doc.pages[0];
    let all = lines(page);
    let at = all
        .iter()
        .position(|(t, _)| t.starts_with("附件："))
        .expect("附件说明");
    let texts: Vec<&str> = all[at..].iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert_eq!(texts[0], "附件：1.检查工作实施方案");
    assert!(texts[1].starts_with("2.某某市"), "{texts:?}");
    assert!(texts[3] == "3.检查情况统计表", "{texts:?}");
    let first = &all[at].1;
    let second = &all[at + 1].1;
    let wrapped = &all[at + 2].1;
    let third = &all[at + 3].1;
    assert_mm("附件 x", first[0].x_mm, LEFT + 2.0 * C, 0.05);
    // `1.` at 2 + 3 字, `2.` and `3.` under it; names at 6 字 (§13.4).
    let one = glyph(first, "1");
    assert_mm("1. x", one.x_mm, LEFT + 5.0 * C, 0.05);
    assert_mm("2. x", second[0].x_mm, one.x_mm, 0.05);
    assert_mm("3. x", third[0].x_mm, one.x_mm, 0.05);
    let name_x = glyph(first, "检").x_mm;
    assert_mm("name 1 x", name_x, LEFT + 6.0 * C, 0.05);
    assert_mm("name 2 x", glyph(second, "某").x_mm, name_x, 0.05);
    assert_mm("name 3 x", glyph(third, "检").x_mm, name_x, 0.05);
    // The wrapped part of a name goes on under the name, not under the
    // number, not flush left.
    assert_mm("wrapped name x", wrapped[0].x_mm, name_x, 0.05);
    assert!(right(wrapped[0]) > name_x && !text_of(wrapped).starts_with('2'));
    for pair in all[at..].windows(2) {
        assert_mm(
            "next item line",
            em_top(pair[1].1[0]),
            em_top(pair[0].1[0]) + P,
            0.5,
        );
    }
}

#[test]
fn the_blank_line_above_the_notice_survives_a_tightened_page() {
    // 16 lines of text + blank + notice + blank + 署名 + 日期 is one line
    // more than the page holds below the title: the page is tightened.
    let text: Vec<String> = (1..=16).map(|i| format!("第{i}项工作已经完成。")).collect();
    let md = format!(
        "---\n标题: 关于工作情况的报告\n附件: 工作台账\n发文机关署名: 某某局\n成文日期: 2024-03-15\n---\n\n{}\n",
        text.join("\n\n")
    );
    let doc = render("att-tight", &md);
    assert_eq!(doc.pages.len(), 1);
    let page = &doc.pages[0];
    let all = lines(page);
    let pitch = em_top(all[1].1[0]) - em_top(all[0].1[0]);
    assert!(pitch < P - 0.1, "tightened: {pitch:.3} mm");
    let last = line_starting(page, "第16项");
    let notice = line_starting(page, "附件：");
    assert_mm(
        "blank line kept",
        em_top(notice[0]),
        em_top(last[0]) + 2.0 * pitch,
        0.1,
    );
}

/// A 文件-format notice binding two attachments written in the body.
const INLINE: &str = "---
发文机关: 某某市人民政府办公室
发文字号: 某政办发〔2024〕3号
标题: 关于印发工作方案的通知
主送机关: 各区人民政府
附件:
  - 某某市安全生产专项检查工作实施方案
  - 检查情况统计表
---

现将工作方案印发给你们，请认真组织实施。

# 总体要求

坚持问题导向。

<!-- 附件：某某市安全生产专项检查工作实施方案 -->

# 某某市安全生产专项检查工作实施方案

为做好安全生产工作，制定本方案。

# 检查范围

全市各类生产经营单位。

<!-- 附件 -->

统计表正文。
";

fn inline() -> &'static Rendered {
    static DOC: std::sync::OnceLock<Rendered> = std::sync::OnceLock::new();
    DOC.get_or_init(|| render("att-inline", INLINE))
}

#[test]
fn a_bound_attachment_starts_a_new_page_with_its_label_on_line_1() {
    let doc = inline();
    assert_eq!(doc.pages.len(), 3, "main page + one page per attachment");
    // Page 1 has room to spare, yet the attachment turns the page.
    assert!(
        !texts(&doc.pages[0])
            .iter()
            .any(|t| t.contains("制定本方案"))
    );
    let heading = glyph(&line_starting(&doc.pages[0], "一、"), "总");
    for (n, label) in [(1, "附件1"), (2, "附件2")] {
        let page = &doc.pages[n];
        let first = &lines(page)[0];
        assert_eq!(first.0, label);
        let g = first.1[0];
        assert_mm("label x", g.x_mm, LEFT, 0.05);
        assert_mm("label em top (line 1)", em_top(g), grid_line(1), 0.5);
        assert!((g.size_pt - 16.0).abs() < 0.01, "3号: {}", g.size_pt);
        // 黑体, the face of a first-level heading.
        assert_eq!(g.font, heading.font);
        assert!(g.font.contains("NotoSansCJK"), "{}", g.font);
    }
}

#[test]
fn the_attachment_title_is_centred_on_line_3_and_its_text_on_the_grid() {
    let doc = inline();
    let page = &doc.pages[1];
    let title = title_glyphs(page);
    let text: String = title.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "某某市安全生产专项检查工作实施方案");
    let first = title[0];
    assert_mm(
        "title em top (line 3)",
        em_top(first),
        TOP + 2.0 * P + (P - SIZE_2) / 2.0,
        0.5,
    );
    let row: Vec<&Glyph> = title
        .iter()
        .copied()
        .filter(|g| (g.baseline_mm - first.baseline_mm).abs() < 0.2)
        .collect();
    let centre = (row[0].x_mm + right(row[row.len() - 1])) / 2.0;
    assert_mm("title centre", centre, CENTRE, 0.5);
    assert!(title.iter().all(|g| g.font == first.font), "one face");
    let title_bottom = title.iter().map(|g| em_bottom(g)).fold(0.0, f64::max);

    // The text follows 下空一行 on the grid, numbered afresh, as 正文.
    let body: Vec<(String, Vec<&Glyph>)> = lines(page).into_iter().skip(1).collect();
    let texts: Vec<&str> = body.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "为做好安全生产工作，制定本方案。",
            "一、检查范围",
            "全市各类生产经营单位。"
        ]
    );
    let first_line = on_grid(body[0].1[0]).expect("on the grid");
    assert_eq!(first_line, 5, "title on line 3, line 4 empty");
    assert_mm(
        "one blank line below the title",
        em_top(body[0].1[0]),
        title_bottom + G + P,
        1.1,
    );
    for (i, (t, l)) in body.iter().enumerate() {
        assert_eq!(on_grid(l[0]), Some(first_line + i), "{t}");
        assert_mm("2 字 indent", l[0].x_mm, LEFT + 2.0 * C, 0.05);
    }
}

#[test]
fn page_numbers_continue_through_the_attachments() {
    let doc = inline();
    for (i, page) in doc.pages.iter().enumerate() {
        assert_eq!(page_number(page), (i + 1).to_string());
    }
    // An attachment without a heading takes its title from 附件说明.
    let title: String = title_glyphs(&doc.pages[2])
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(title, "检查情况统计表");
}

#[test]
fn a_long_attachment_runs_on_over_pages_numbered_in_sequence() {
    let para = "各单位要按照方案要求认真组织开展自查，发现问题立即整改，确保取得实效。".repeat(4);
    let body = vec![para; 12].join("\n\n");
    let md = format!(
        "---\n标题: 关于开展检查的通知\n附件: 实施方案\n---\n\n正文。\n\n<!-- 附件 -->\n\n{body}\n"
    );
    let doc = render("att-long", &md);
    assert!(doc.pages.len() >= 4, "{} pages", doc.pages.len());
    // One bound attachment of a one-item list: labelled 附件, no number.
    assert_eq!(lines(&doc.pages[1])[0].0, "附件");
    for (i, page) in doc.pages.iter().enumerate() {
        assert_eq!(page_number(page), (i + 1).to_string());
    }
    // Pages after the first attachment page are full pages of the grid.
    let third = lines(&doc.pages[2]);
    assert_eq!(third.len(), 22);
    for (i, (_, l)) in third.iter().enumerate() {
        assert_eq!(on_grid(l[0]), Some(i + 1));
    }
}

#[test]
fn a_file_attachment_keeps_its_own_title_recipients_and_signature() {
    std::fs::write(
        scratch_dir().join("att-file-名单.md"),
        "---\n标题: 专项检查工作领导小组成员名单\n主送机关: 市政府办公室\n发文机关署名: 某某市应急管理局\n成文日期: 2024-03-10\n---\n\n组长：张三\n\n副组长：李四、王五\n",
    )
    .unwrap();
    let md = "---\n标题: 关于开展检查的通知\n附件:\n  - 检查工作实施方案\n  - {名称: 领导小组成员名单, 文件: att-file-名单.md}\n---\n\n现将有关事项通知如下。\n";
    let doc = render("att-file", md);
    assert_eq!(doc.pages.len(), 2, "only the second attachment is bound");
    let page = &doc.pages[1];
    let all = texts(page);
    assert_eq!(all[0], "附件2", "numbered as in 附件说明");
    let title: String = title_glyphs(page).iter().map(|g| g.text.as_str()).collect();
    assert_eq!(title, "专项检查工作领导小组成员名单");
    assert_eq!(
        &all[1..],
        [
            "市政府办公室：",
            "组长：张三",
            "副组长：李四、王五",
            "某某市应急管理局",
            "2024年3月10日"
        ]
    );
    // The unsealed signature rules of the 正文 (§7.3.5.2): 署名 下空一行,
    // right gap 2 字; the date 2 字 right of the 署名.
    let text = line_starting(page, "副组长");
    let name = line_starting(page, "某某市应急");
    let date = line_starting(page, "2024");
    assert_mm(
        "署名 em top",
        em_top(name[0]),
        em_top(text[0]) + 2.0 * P,
        0.5,
    );
    assert_mm(
        "署名 right end",
        right(name[name.len() - 1]),
        RIGHT - 2.0 * C,
        0.5,
    );
    assert_mm("date start", date[0].x_mm, name[0].x_mm + 2.0 * C, 0.5);
    assert_eq!(page_number(page), "2");
}

#[test]
fn a_missing_attachment_file_is_an_error_at_its_key() {
    let md = "---\n标题: 关于开展检查的通知\n附件:\n  - 名单\n  - 名称: 方案\n    文件: att-no-such-file.md\n---\n\n正文。\n";
    let e = render_error("att-missing", md);
    let d = single_error(&e);
    assert_eq!(d.pos.map(|p| p.line), Some(6), "{e}");
    assert!(d.file.ends_with("att-missing.md"), "{e}");
    assert!(d.message.contains("att-no-such-file.md"), "{e}");
}

#[test]
fn errors_in_an_attachment_file_point_into_that_file() {
    std::fs::write(
        scratch_dir().join("att-bad-附件.md"),
        "---\n标题: 名单\n抄报: 某局\n---\n\n正文。\n",
    )
    .unwrap();
    let md = "---\n附件: [{名称: 名单, 文件: att-bad-附件.md}]\n---\n\n正文。\n";
    let e = render_error("att-bad", md);
    let d = single_error(&e);
    assert!(d.file.ends_with("att-bad-附件.md"), "{e}");
    assert_eq!(line_col(d), (3, 1), "{e}");

    // A character no face can draw is reported in the attachment's file.
    std::fs::write(
        scratch_dir().join("att-glyph-附件.md"),
        "---\n标题: 名单\n---\n\n第一段。\n\n象形文字𓀀。\n",
    )
    .unwrap();
    let md = "---\n附件: [{名称: 名单, 文件: att-glyph-附件.md}]\n---\n\n正文。\n";
    let e = render_error("att-glyph", md);
    let d = single_error(&e);
    assert!(d.message.contains("U+13000"), "{e}");
    assert!(d.file.ends_with("att-glyph-附件.md"), "{e}");
    assert_eq!(line_col(d), (7, 5), "{e}");
}

#[test]
fn more_attachments_than_names_is_an_error() {
    let md = "---\n附件: 实施方案\n---\n\n正文。\n\n<!-- 附件 -->\n\n方案。\n\n<!-- 附件 -->\n\n多出来的。\n";
    let e = render_error("att-count", md);
    let d = single_error(&e);
    assert_eq!(line_col(d), (11, 1), "{e}");
    assert!(d.message.contains("只列了 1 个"), "{e}");
    assert!(e.to_string().contains("att-count.md:11:1"), "{e}");
}

#[test]
fn a_bound_attachment_without_an_attachment_list_is_an_error() {
    let md = "---\n标题: 关于开展检查的通知\n---\n\n正文。\n\n<!-- 附件 -->\n\n方案。\n";
    let e = render_error("att-no-list", md);
    let d = single_error(&e);
    assert_eq!(line_col(d), (7, 1), "{e}");
    assert!(d.message.contains("没有 `附件`"), "{e}");
}

#[test]
fn a_marker_name_differing_from_the_list_is_an_error() {
    let md = "---\n附件:\n  - 实施方案\n  - 统计表\n---\n\n正文。\n\n<!-- 附件2：情况统计表 -->\n\n表。\n";
    let e = render_error("att-name", md);
    let d = single_error(&e);
    assert_eq!(line_col(d), (9, 10), "{e}");
    assert!(
        d.message.contains("情况统计表") && d.message.contains("统计表"),
        "{e}"
    );
    assert!(
        d.help.as_deref().unwrap().contains("<!-- 附件：统计表 -->"),
        "{e}"
    );
}

#[test]
fn front_matter_an_attachment_page_cannot_print_is_a_warning() {
    std::fs::write(
        scratch_dir().join("att-warn-附件.md"),
        "---\n标题: 名单\n发文字号: 某发〔2024〕1号\n---\n\n正文。\n",
    )
    .unwrap();
    let md = "---\n附件: [{名称: 名单, 文件: att-warn-附件.md}]\n---\n\n正文。\n";
    let source = scratch_dir().join("att-warn.md");
    let rendered = common::doc::engine()
        .render_document(&source, md, &gongwen::PdfOptions::default())
        .expect("renders");
    let warnings: Vec<_> = rendered
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("att-warn-附件.md"))
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", rendered.warnings);
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert!(warnings[0].message.contains("发文字号"));
    assert_eq!(warnings[0].pos.map(|p| p.line), Some(3));
}

//! Tables (README "Tables / 表格"): GFM tables as 公文 tables, read back
//! from the PDF. Documents without front matter start on grid line 1.

mod common;

use common::doc::{render, render_error, render_with_profile};
use common::gb::*;
use common::pdf::{Color, FilledRect, Glyph, PdfPage, lines_of};
use gongwen::template::{Profile, TableWidth};

/// 0.5 pt in millimetres.
const RULE: f64 = 0.5 * MM_PER_PT;
const BLACK: Color = Color::Cmyk(0.0, 0.0, 0.0, 1.0);

/// A statistics table: a text column and three numeric ones.
const STATS: &str = "| 项目类别 | 计划数 | 完成率 | 金额（万元） |
|---|---|---|---|
| 预算执行审计 | 12 | 100% | 6,215.4 |
| 经济责任审计 | 5 | 86.7% | 830.2 |
| 政府投资审计 | 118 | 7.8% | 15,962.8 |
";

fn is_rule(r: &FilledRect) -> bool {
    r.fill.approx_eq(&BLACK, 1e-3)
        && ((r.height_mm() - RULE).abs() < 0.02 || (r.width_mm() - RULE).abs() < 0.02)
}

/// Horizontal table rules (0.5 pt high), top to bottom.
fn across(page: &PdfPage) -> Vec<&FilledRect> {
    let mut v: Vec<&FilledRect> = page
        .rects
        .iter()
        .filter(|r| is_rule(r) && r.width_mm() > 10.0)
        .collect();
    v.sort_by(|a, b| a.y0_mm.total_cmp(&b.y0_mm));
    v
}

/// Vertical table rules (0.5 pt wide), left to right.
fn down(page: &PdfPage) -> Vec<&FilledRect> {
    let mut v: Vec<&FilledRect> = page
        .rects
        .iter()
        .filter(|r| is_rule(r) && r.height_mm() > 5.0)
        .collect();
    v.sort_by(|a, b| a.x0_mm.total_cmp(&b.x0_mm));
    v
}

fn mid_y(r: &FilledRect) -> f64 {
    (r.y0_mm + r.y1_mm) / 2.0
}

fn mid_x(r: &FilledRect) -> f64 {
    (r.x0_mm + r.x1_mm) / 2.0
}

/// The first glyph whose text is `ch`.
fn find<'p>(page: &'p PdfPage, ch: &str) -> &'p Glyph {
    page.glyphs
        .iter()
        .find(|g| g.text == ch)
        .unwrap_or_else(|| panic!("no glyph {ch:?}"))
}

/// The glyphs of a line of text that contains `needle`.
fn line_with<'p>(page: &'p PdfPage, needle: &str) -> Vec<&'p Glyph> {
    lines_of(page)
        .into_iter()
        .find(|l| text_of(l).contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}"))
}

#[test]
fn a_table_spans_the_type_area_with_half_point_black_rules() {
    let doc = render("table-rules", &format!("统计如下。\n\n{STATS}\n以上。\n"));
    let page = &doc.pages[0];
    let h = across(page);
    let v = down(page);
    // A full grid: top, under the header, under each of the 3 rows.
    assert_eq!(h.len(), 5, "{h:#?}");
    assert_eq!(v.len(), 5, "{v:#?}");
    for r in &h {
        assert_mm("rule thickness", r.height_mm(), RULE, 0.01);
        assert_mm("rule left end", r.x0_mm, LEFT, 0.5);
        assert_mm("rule right end", r.x1_mm, RIGHT, 0.5);
    }
    assert_mm("left rule", mid_x(v[0]), LEFT, 0.5);
    assert_mm("right rule", mid_x(v[4]), RIGHT, 0.5);
    for r in &v {
        assert_mm("column rule thickness", r.width_mm(), RULE, 0.01);
        assert_mm("column rule top", r.y0_mm, mid_y(h[0]), 0.2);
        assert_mm("column rule bottom", r.y1_mm, mid_y(h[4]), 0.2);
    }
}

#[test]
fn the_header_is_heiti_and_the_cells_fangsong_at_the_table_size() {
    let md = format!("正文段落。\n\n# 标题\n\n{STATS}");
    let doc = render("table-faces", &md);
    let page = &doc.pages[0];
    // Reference faces: a level-1 heading is 黑体, a paragraph 仿宋.
    let heiti = &find(page, "一").font;
    let fangsong = &find(page, "正").font;
    assert_ne!(heiti, fangsong);
    let header = line_with(page, "项目类别");
    let cell = line_with(page, "预算执行审计");
    for g in header.iter().filter(|g| g.text != " ") {
        assert_eq!(&g.font, heiti, "header glyph {:?}", g.text);
        assert!((g.size_pt - 14.0).abs() < 0.01, "{g:?}");
    }
    for g in cell
        .iter()
        .filter(|g| "预算执行审计".contains(g.text.as_str()))
    {
        assert_eq!(&g.font, fangsong, "cell glyph {:?}", g.text);
        assert!((g.size_pt - 14.0).abs() < 0.01, "{g:?}");
    }

    // 3号 is a profile setting.
    let profile = Profile {
        table_size: gongwen::units::Pt(16.0),
        ..Profile::default()
    };
    let doc = render_with_profile("table-size-3", &md, profile);
    let cell = line_with(&doc.pages[0], "预算执行审计");
    assert!(cell.iter().all(|g| (g.size_pt - 16.0).abs() < 0.01));
}

#[test]
fn numeric_columns_are_flush_right_and_text_flush_left() {
    let doc = render("table-numbers", STATS);
    let page = &doc.pages[0];
    let v = down(page);
    let rows = ["预算执行审计", "经济责任审计", "政府投资审计"];
    for column in 1..4 {
        let rule = mid_x(v[column + 1]);
        let rights: Vec<f64> = rows
            .iter()
            .map(|r| {
                let line = line_with(page, r);
                let cell: Vec<&&Glyph> = line
                    .iter()
                    .filter(|g| g.x_mm > mid_x(v[column]) && g.x_mm < rule)
                    .collect();
                right(cell.last().expect("a number in the cell"))
            })
            .collect();
        for r in &rights {
            assert_mm("numbers' right edges", *r, rights[0], 0.5);
            // 2 mm of padding before the column's right rule.
            assert_mm("number right edge", *r, rule - 2.0, 0.5);
        }
    }
    for r in rows {
        let line = line_with(page, r);
        assert_mm("text cell left", line[0].x_mm, LEFT + 2.0, 0.5);
    }

    // The delimiter row wins: `:--` keeps numbers flush left.
    let left = STATS.replace("|---|---|---|---|", "|---|:--|---|---|");
    let doc = render("table-numbers-left", &left);
    let page = &doc.pages[0];
    let v = down(page);
    let line = line_with(page, "经济责任审计");
    let five = line.iter().find(|g| g.text == "5").expect("5");
    assert_mm("left-set number", five.x_mm, mid_x(v[1]) + 2.0, 0.5);
}

/// A table of `rows` numbered rows, each two lines tall in one cell.
fn long_table(rows: usize) -> String {
    let mut md = String::from("| 序号 | 单位 | 情况说明 |\n|---|---|---|\n");
    for i in 1..=rows {
        md.push_str(&format!(
            "| {i} | 第{i}单位 | 情况说明情况说明情况说明情况说明情况说明情况说明情况说明情况说明情况说明情况说明情况说明情况说明 |\n"
        ));
    }
    md
}

#[test]
fn a_long_table_repeats_its_header_and_keeps_rows_whole() {
    let doc = render(
        "table-long",
        &format!("前文。\n\n{}\n后文。\n", long_table(30)),
    );
    assert!(doc.pages.len() >= 2);
    let mut seen = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        let lines = lines_of(page);
        let h = across(page);
        if h.is_empty() {
            continue;
        }
        // Every page of the table opens with the header row.
        let header = lines
            .iter()
            .find(|l| l[0].baseline_mm > h[0].y0_mm)
            .expect("a line in the table");
        assert_eq!(text_of(header), "序号单位情况说明", "page {}", n + 1);
        if n > 0 {
            assert_mm("continued table top", mid_y(h[0]), TOP, 0.2);
        }
        assert!(h.last().unwrap().y1_mm <= BOTTOM + 0.2, "page {}", n + 1);
        for l in &lines {
            let t = text_of(l);
            // 序号 and 单位 are centred in the row: one line `N第N单位`.
            if let Some(number) = t
                .split_once('第')
                .and_then(|(_, r)| r.split('单').next())
                .filter(|_| t.contains("单位") && !t.contains("序号"))
            {
                seen.push((number.to_string(), n));
            }
        }
        // Each row's cell of two lines sits between two rules of the page.
        for l in lines.iter().filter(|l| text_of(l).contains("情况说明情况")) {
            let inside = h
                .windows(2)
                .any(|w| l[0].baseline_mm > w[0].y1_mm && l[0].baseline_mm < w[1].y0_mm);
            assert!(inside, "a line outside its row on page {}", n + 1);
        }
    }
    let numbers: Vec<String> = seen.iter().map(|(s, _)| s.clone()).collect();
    let expected: Vec<String> = (1..=30).map(|i| i.to_string()).collect();
    assert_eq!(numbers, expected, "every row once, in order");
    // The pages with table rows: at least two.
    let pages: std::collections::BTreeSet<usize> = seen.iter().map(|(_, p)| *p).collect();
    assert!(pages.len() >= 2, "{pages:?}");
}

#[test]
fn a_table_starts_on_a_grid_line_and_the_text_after_it_returns_to_the_grid() {
    let md = format!("前文一。\n\n前文二。\n\n{STATS}\n后文第一段。\n\n后文第二段。\n");
    let doc = render("table-grid", &md);
    let page = &doc.pages[0];
    let h = across(page);
    // Two paragraphs on lines 1 and 2; the table's top on the grid line
    // between cells 2 and 3.
    assert_mm("table top", mid_y(h[0]), TOP + 2.0 * P, 0.1);
    let bottom = h.last().unwrap().y1_mm;
    let after = body_lines(page)
        .into_iter()
        .filter(|l| text_of(l).starts_with("后文"))
        .collect::<Vec<_>>();
    assert_eq!(after.len(), 2);
    let first = em_top(after[0][0]);
    // The em top of grid cell k is 37 + k·P + g/2; the first cell below
    // the table's last rule.
    let k = ((bottom - TOP) / P).ceil();
    assert_mm("next paragraph em top", first, TOP + k * P + G / 2.0, 0.1);
    assert_mm("body pitch", em_top(after[1][0]) - first, P, 0.05);
}

#[test]
fn a_content_width_table_is_centred() {
    let profile = Profile {
        table_width: TableWidth::Content,
        ..Profile::default()
    };
    let md = "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n";
    let doc = render_with_profile("table-content-width", md, profile);
    let h = across(&doc.pages[0]);
    let width = h[0].width_mm();
    assert!(width < 60.0, "width {width}");
    assert_mm("centre", (h[0].x0_mm + h[0].x1_mm) / 2.0, CENTRE, 0.3);
}

/// A table of 9 columns of long numbers: no portrait page can hold it.
fn wide_table() -> String {
    let mut md = String::from("|");
    for i in 1..=9 {
        md.push_str(&format!(" 第{i}列 |"));
    }
    md.push_str("\n|");
    md.push_str(&"---|".repeat(9));
    for r in 0..3 {
        md.push_str("\n|");
        for c in 0..9 {
            md.push_str(&format!(" {},{:03}.5 |", 10 + r, c));
        }
    }
    md.push('\n');
    md
}

/// The page number glyphs of a page numbered with one digit: export draws
/// them last, `— n —` with its two spaces.
fn page_number(page: &PdfPage) -> Vec<&Glyph> {
    let n = page.glyphs.len();
    let v: Vec<&Glyph> = page.glyphs[n.saturating_sub(5)..].iter().collect();
    assert_eq!(text_of(&v).chars().count(), 5, "{v:?}");
    assert!(text_of(&v).starts_with("— ") && text_of(&v).ends_with(" —"));
    v
}

#[test]
fn a_wide_table_goes_on_a_landscape_page_head_to_the_binding_edge() {
    let md = format!("前文。\n\n{}\n后文。\n", wide_table());
    let doc = render("table-landscape", &md);
    // Page 1: the text before; page 2: the table alone; page 3: after.
    assert_eq!(doc.pages.len(), 3);
    let turned = &doc.pages[1];
    let table: Vec<&Glyph> = turned
        .glyphs
        .iter()
        .filter(|g| g.baseline_mm < BOTTOM)
        .collect();
    assert!(!table.is_empty());
    // Turned a quarter turn counter-clockwise: baselines run up the page.
    for g in &table {
        assert!((g.angle_deg - 90.0).abs() < 0.01, "{g:?}");
    }
    // The header row (第1列 …) is the nearest the left (binding) edge.
    let header_x = find(turned, "列").x_mm;
    let cell_x = table
        .iter()
        .filter(|g| g.text == ",")
        .map(|g| g.x_mm)
        .fold(f64::INFINITY, f64::min);
    assert!(header_x < cell_x, "header {header_x} cells {cell_x}");
    // Its rules: the table's width along the 版心 height (37–262 mm), its
    // top on the 版心 left edge.
    let along: Vec<&FilledRect> = down(turned)
        .into_iter()
        .filter(|r| r.height_mm() > 100.0)
        .collect();
    assert!(!along.is_empty());
    for r in &along {
        assert_mm("turned rule top end", r.y0_mm, TOP, 0.5);
        assert_mm("turned rule bottom end", r.y1_mm, BOTTOM, 0.5);
    }
    assert_mm("table head edge", mid_x(along[0]), LEFT, 0.2);
    // Column 1 at the page foot (the reader's left after turning), column
    // 9 towards the top: the header reads up the page.
    let first = find(turned, "1");
    let ninth = find(turned, "9");
    assert!(first.baseline_mm > 200.0, "{first:?}");
    assert!(ninth.baseline_mm < 80.0, "{ninth:?}");

    // The page number: where and as an even portrait page has it.
    let even = page_number(turned);
    assert_eq!(text_of(&even), "— 2 —");
    for g in &even {
        assert!(g.angle_deg.abs() < 0.01, "upright {g:?}");
    }
    let odd = page_number(&doc.pages[0]);
    assert_mm(
        "page number baseline",
        even[0].baseline_mm,
        odd[0].baseline_mm,
        0.01,
    );
    assert_mm("even page number left", even[0].x_mm, LEFT + SIZE_4, 0.5);
    // The text after the table starts a new portrait page on line 1.
    let after = body_lines(&doc.pages[2]);
    assert_eq!(text_of(&after[0]), "后文。");
    assert_mm("after em top", em_top(after[0][0]), TOP + G / 2.0, 0.1);
}

#[test]
fn the_landscape_marker_turns_a_narrow_table_and_the_number_may_turn_too() {
    let md = format!("前文。\n\n<!-- 横排 -->\n{STATS}");
    let doc = render("table-landscape-marker", &md);
    assert_eq!(doc.pages.len(), 2);
    let g = find(&doc.pages[1], "预");
    assert!((g.angle_deg - 90.0).abs() < 0.01);
    // Full width in landscape: 225 mm along the page.
    let h = down(&doc.pages[1]);
    let long = h.iter().map(|r| r.height_mm()).fold(0.0, f64::max);
    assert_mm("landscape table width", long, 225.0, 0.5);

    // A24 as a profile setting: the number turns with the table, in place.
    let upright = page_number(&doc.pages[1]);
    let profile = Profile {
        landscape_page_number_turned: true,
        ..Profile::default()
    };
    let doc = render_with_profile("table-landscape-number", &md, profile);
    let turned = page_number(&doc.pages[1]);
    assert_eq!(turned.len(), upright.len());
    for g in &turned {
        assert!((g.angle_deg - 90.0).abs() < 0.01, "{g:?}");
    }
    // Turned about the middle of the upright number: the origins stand in
    // one column there, spread along the number's width.
    let (first, last) = (upright[0], upright[upright.len() - 1]);
    let middle = (first.x_mm + right(last)) / 2.0;
    for g in &turned {
        assert_mm("turned number x", g.x_mm, middle, 3.0);
        assert_mm("turned column", g.x_mm, turned[0].x_mm, 0.01);
    }
    let ys = turned.iter().map(|g| g.baseline_mm);
    let mid =
        (ys.clone().fold(f64::INFINITY, f64::min) + ys.fold(f64::NEG_INFINITY, f64::max)) / 2.0;
    assert_mm("turned number y", mid, first.baseline_mm, 3.0);
}

#[test]
fn ragged_and_impossible_tables_are_errors_at_their_line() {
    let e = render_error(
        "table-ragged",
        "正文。\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 | 3 |\n",
    );
    let d = &e.diagnostics[0];
    assert_eq!(d.message, "表格这一行有 3 格，表头有 2 格");
    let pos = d.pos.expect("a position");
    assert_eq!((pos.line, pos.column), (5, 10));
    assert!(e.to_string().contains("table-ragged.md:5:10"), "{e}");

    let mut md = String::from("|");
    for i in 0..40 {
        md.push_str(&format!(" 123456789012{i:02} |"));
    }
    md.push_str("\n|");
    md.push_str(&"---|".repeat(40));
    md.push('\n');
    let e = render_error("table-too-wide", &md);
    let d = &e.diagnostics[0];
    assert!(d.message.starts_with("表格太宽"), "{}", d.message);
    assert_eq!(d.pos.map(|p| p.line), Some(1));
}

#[test]
fn a_row_taller_than_a_page_is_split_and_odd_tables_render() {
    let tall: String = "说明文字".repeat(400);
    let md = format!("| 项目 | 说明 |\n|---|---|\n| 甲 | {tall} |\n| 乙 | 短 |\n");
    let doc = render("table-tall-row", &md);
    assert!(doc.pages.len() >= 2);
    for (n, page) in doc.pages.iter().enumerate() {
        let h = across(page);
        assert!(!h.is_empty(), "page {}", n + 1);
        assert!(h.last().unwrap().y1_mm <= BOTTOM + 0.2, "page {}", n + 1);
        let first = lines_of(page)
            .into_iter()
            .find(|l| l[0].baseline_mm > h[0].y0_mm)
            .expect("a line");
        assert_eq!(text_of(&first), "项目说明", "page {}", n + 1);
    }
    // Odd but valid: header only, empty cells, a cell with a line break.
    let doc = render(
        "table-odd",
        "| 甲 | 乙 |\n|---|---|\n\n正文。\n\n| 甲 | 乙 |\n|---|---|\n|  | 一<br>二 |\n",
    );
    assert_eq!(doc.pages.len(), 1);
    let two = find(&doc.pages[0], "二");
    let one = find(&doc.pages[0], "一");
    assert!(
        two.baseline_mm > one.baseline_mm + 5.0,
        "<br> starts a new line"
    );
}

#[test]
fn a_text_ending_in_a_landscape_table_warns_about_the_lone_closing() {
    let md = format!(
        "---\n发文机关署名: 示例县审计局\n成文日期: 2026-11-27\n---\n\n前文。\n\n{}",
        wide_table()
    );
    let source = common::doc::scratch_dir().join("table-last.md");
    let result = common::doc::engine()
        .render_document(&source, &md, &gongwen::PdfOptions::default())
        .expect("renders");
    assert_eq!(result.warnings.len(), 1, "{:?}", result.warnings);
    let w = &result.warnings[0];
    assert!(w.message.starts_with("正文以横排表格结束"), "{}", w.message);
    assert_eq!(w.pos.map(|p| p.line), Some(8));
    // With a closing sentence after the table there is nothing to say.
    let md = format!("{md}\n特此通报。\n");
    let result = common::doc::engine()
        .render_document(&source, &md, &gongwen::PdfOptions::default())
        .expect("renders");
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
}

#[test]
fn a_table_right_under_the_recipients_clears_them_on_the_grid() {
    let md = format!(
        "---\n标题: 示例县审计局关于审计项目完成情况的通报\n主送机关: 局机关各股室\n---\n\n{STATS}"
    );
    let doc = render("table-after-head", &md);
    let page = &doc.pages[0];
    let recipients = line_with(page, "局机关各股室");
    let top = mid_y(across(page)[0]);
    assert!(
        top > em_bottom(recipients[0]),
        "table top {top} overlaps the 主送"
    );
    let k = (top - TOP) / P;
    assert_mm("table top on a grid line", k, k.round(), 0.01);
    let gap = top - em_bottom(recipients[0]);
    assert!(
        gap < P,
        "no empty line above the table: gap {gap}, top {top}, 主送 bottom {}",
        em_bottom(recipients[0])
    );
}

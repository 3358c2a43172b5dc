//! Helpers of `tests/formats.rs`: finding the marks, lines and rules of
//! a special-format page.

use super::common::doc::{Rendered, scratch_dir};
use super::common::gb::*;
use super::common::pdf::{Color, FilledRect, Glyph, PdfPage, lines_of, read_pdf_bytes};
use super::common::raster::{is_red, render_page_rgb};

pub fn red() -> Color {
    Color::Cmyk(0.0, 0.8, 0.8, 0.0)
}

pub fn is_red_fill(c: &Color) -> bool {
    c.approx_eq(&red(), 0.01)
}

/// Black text lines of a page inside the 版心 (page numbers left out).
pub fn black_lines(page: &PdfPage) -> Vec<Vec<&Glyph>> {
    lines_of(page)
        .into_iter()
        .filter(|l| l.iter().all(|g| !is_red_fill(&g.fill)))
        .filter(|l| l[0].baseline_mm < BOTTOM)
        .collect()
}

pub fn line_with<'a>(page: &'a PdfPage, text: &str) -> Vec<&'a Glyph> {
    black_lines(page)
        .into_iter()
        .find(|l| text_of(l).contains(text))
        .unwrap_or_else(|| panic!("no line with {text}"))
}

/// The glyphs of `text` within a line (the line may hold other text).
pub fn part<'a>(line: &[&'a Glyph], text: &str) -> Vec<&'a Glyph> {
    let n = text.chars().count();
    (0..line.len())
        .find(|&i| line.len() >= i + n && text_of(&line[i..i + n]) == text)
        .map(|i| line[i..i + n].to_vec())
        .unwrap_or_else(|| panic!("no {text} in {}", text_of(line)))
}

pub fn red_glyphs(page: &PdfPage) -> Vec<&Glyph> {
    page.glyphs
        .iter()
        .filter(|g| is_red_fill(&g.fill))
        .collect()
}

/// Em bottom of the (one-line) red mark.
pub fn mark_bottom(page: &PdfPage) -> f64 {
    red_glyphs(page)
        .iter()
        .map(|g| em_bottom(g))
        .fold(f64::MIN, f64::max)
}

pub fn red_rects(page: &PdfPage) -> Vec<&FilledRect> {
    let mut rects: Vec<&FilledRect> = page.rects.iter().filter(|r| is_red_fill(&r.fill)).collect();
    rects.sort_by(|a, b| a.y0_mm.total_cmp(&b.y0_mm));
    rects
}

/// Ink box of the red mark: red pixels of page 1 above `below` mm.
pub fn mark_ink(doc: &Rendered, below: f64) -> (f64, f64, f64, f64) {
    render_page_rgb(&doc.pdf, 1, 300)
        .ink_bbox_mm((0.0, 0.0, PAGE_W, below), is_red)
        .expect("red mark")
}

/// The text of the page number of a page (what lies below the 版心).
pub fn page_number(page: &PdfPage) -> String {
    page.glyphs
        .iter()
        .filter(|g| g.baseline_mm > BOTTOM + 3.0)
        .map(|g| g.text.as_str())
        .collect::<String>()
        .replace(' ', "")
}

pub fn centre_of(line: &[&Glyph]) -> f64 {
    (line[0].x_mm + right(line[line.len() - 1])) / 2.0
}

pub fn paragraph(n: usize) -> String {
    "各单位要高度重视，认真组织实施，确保各项工作落到实处。".repeat(n)
}

/// Warnings of a rendering, as text.
pub fn warnings(name: &str, md: &str) -> Vec<String> {
    let path = scratch_dir().join(format!("{name}.md"));
    super::common::doc::engine()
        .render_document(&path, md, &gongwen::PdfOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect()
}

/// Render with another profile; the pages and the warnings.
pub fn render_with(
    name: &str,
    md: &str,
    profile: gongwen::template::Profile,
) -> (Vec<PdfPage>, Vec<String>) {
    let engine = gongwen::Engine::new(&gongwen::FontSearch::standard(Vec::new()))
        .unwrap()
        .with_profile(profile);
    let path = scratch_dir().join(format!("{name}.md"));
    let rendered = engine
        .render_document(&path, md, &gongwen::PdfOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let warnings = rendered.warnings.iter().map(|w| w.to_string()).collect();
    (read_pdf_bytes(&rendered.pdf), warnings)
}

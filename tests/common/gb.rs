//! Numbers of GB/T 9704-2012 as restated in `GBT9704.md` (model G of §13),
//! in millimetres from the top-left corner of the page.

use super::pdf::Glyph;

pub const PAGE_W: f64 = 210.0;
pub const PAGE_H: f64 = 297.0;
/// 版心 edges (§13.1).
pub const LEFT: f64 = 28.0;
pub const RIGHT: f64 = 184.0;
pub const TOP: f64 = 37.0;
pub const BOTTOM: f64 = 262.0;
pub const CENTRE: f64 = 106.0;
/// Grid line pitch P = 225/22 and character pitch c = 156/28 (§13.2).
pub const P: f64 = 225.0 / 22.0;
pub const C: f64 = 156.0 / 28.0;
pub const MM_PER_PT: f64 = 25.4 / 72.0;
/// 3号 = 16 pt, 2号 = 22 pt, 4号 = 14 pt.
pub const SIZE_3: f64 = 16.0 * MM_PER_PT;
pub const SIZE_2: f64 = 22.0 * MM_PER_PT;
pub const SIZE_4: f64 = 14.0 * MM_PER_PT;
/// The normal gap between body lines, g = P − 3号 (§5 "下空 N 行").
pub const G: f64 = P - SIZE_3;
/// Depth of the ideographic em box below the baseline in the open CJK faces
/// CI installs (Noto CJK: `ideo` baseline at −120/1000 em). Used to find the
/// em box of a glyph from its baseline.
pub const EM_DESCENT: f64 = 0.12;

/// Em-box top of a glyph (from its baseline and size).
pub fn em_top(g: &Glyph) -> f64 {
    g.baseline_mm - (1.0 - EM_DESCENT) * g.size_pt * MM_PER_PT
}

/// Em-box bottom of a glyph.
pub fn em_bottom(g: &Glyph) -> f64 {
    g.baseline_mm + EM_DESCENT * g.size_pt * MM_PER_PT
}

/// Right end of a glyph's advance box.
pub fn right(g: &Glyph) -> f64 {
    g.x_mm + g.width_mm
}

/// Assert `actual` is within `tol` mm of `expected`, naming what is measured.
#[track_caller]
pub fn assert_mm(what: &str, actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: {actual:.3} mm, expected {expected:.3} ± {tol} mm"
    );
}

/// Lines of 3号 text of a page (page numbers below the 版心 left out),
/// top to bottom, each sorted by x.
pub fn body_lines(page: &super::pdf::PdfPage) -> Vec<Vec<&Glyph>> {
    super::pdf::lines_of(page)
        .into_iter()
        .filter(|l| l.iter().all(|g| (g.size_pt - 16.0).abs() < 0.01))
        .filter(|l| l[0].baseline_mm < BOTTOM)
        .collect()
}

/// The text of a line of glyphs.
pub fn text_of(line: &[&Glyph]) -> String {
    line.iter().map(|g| g.text.as_str()).collect()
}

/// Characters a line may not start with (GB/T 15834 practice, DESIGN.md).
pub const NO_LINE_START: &str = "，。、；：？！”’）》」』〕";
/// Characters a line may not end with.
pub const NO_LINE_END: &str = "“‘（《「『〔";

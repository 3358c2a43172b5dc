//! A small, independent PDF reader for checking the geometry of what we write.
//!
//! It parses the file with `lopdf` and interprets the page content streams
//! itself, so it shares no code with the writer under test. Everything it
//! returns is in millimetres with the origin at the top-left corner of the page
//! (MediaBox) and y growing downwards; 1 pt = 25.4/72 mm.
//!
//! Glyphs carry their baseline direction (`angle_deg`, from the text
//! rendering matrix), so turned (landscape) content can be checked.
//! Covered: `q Q cm`, `BT ET Tf Tm Td TD T* TL Tc Tw Tz Ts Tr Tj TJ ' "`,
//! colours (`g G rg RG k K cs CS sc scn SC SCN`, ICCBased by component count),
//! paths (`m l c v y h re`, painted with `f F f* S s B B* b b* n`, clipping
//! `W W*` ignored), `w`, `Do` (Form XObjects are walked recursively with their
//! /Matrix and /Resources; images are ignored). Fonts: Type0 (2-byte codes,
//! /W + /DW of the descendant font), simple fonts (1-byte codes,
//! /FirstChar + /Widths) and Type3 (/FontMatrix); text from /ToUnicode.
//! Not applied: /ActualText spans (krilla writes them as `/Span<</ActualText
//! ..>>BDC` marked content, which is skipped like all marked content).

mod content;
mod document;
mod fonts;
mod geometry;

use std::path::Path;

use lopdf::Document;

use document::read_document;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// Converts points to millimetres.
pub fn pt_to_mm(pt: f64) -> f64 {
    pt * MM_PER_PT
}

/// One page as seen by the reader.
#[derive(Debug, Clone)]
pub struct PdfPage {
    pub width_mm: f64,
    pub height_mm: f64,
    /// Shown glyphs in content-stream order (invisible text, `3 Tr`/`7 Tr`, is left out).
    pub glyphs: Vec<Glyph>,
    /// Filled axis-aligned rectangles (`re` or a closed four-point path, then a fill).
    pub rects: Vec<FilledRect>,
    /// Straight stroked segments (each segment of a stroked path; curves are skipped).
    pub lines: Vec<StrokedLine>,
}

/// One shown glyph.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Text from the font's /ToUnicode CMap (usually one char; may be empty or
    /// several chars). Without a ToUnicode entry, simple fonts fall back to
    /// Latin-1 and Type0 fonts to U+FFFD.
    pub text: String,
    /// Left edge of the glyph origin.
    pub x_mm: f64,
    /// Baseline (glyph origin, including text rise).
    pub baseline_mm: f64,
    /// Advance width from /W (or /Widths) × size × horizontal scale, without
    /// character/word spacing.
    pub width_mm: f64,
    /// Effective size in pt including the text matrix and CTM scale.
    pub size_pt: f64,
    /// Direction of the glyph's baseline on the page, in degrees
    /// counter-clockwise as seen: 0 upright, 90 turned a quarter turn
    /// counter-clockwise (text running up the page), −90 or 270 clockwise.
    pub angle_deg: f64,
    /// Font name: for Type0 fonts the descendant CIDFont's /BaseFont, otherwise
    /// /BaseFont; the `ABCDEF+` subset prefix removed.
    pub font: String,
    /// Fill colour (stroke colour for the stroke-only render modes 1 and 5).
    pub fill: Color,
}

/// A colour as written in the content stream (components 0..=1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Color {
    Gray(f64),
    Rgb(f64, f64, f64),
    Cmyk(f64, f64, f64, f64),
    /// Pattern, Separation, DeviceN, Lab, Indexed, or a component count that
    /// does not fit the colour space.
    Other,
}

impl Color {
    /// True when the colour is within `tol` of `other` component-wise (same kind).
    pub fn approx_eq(&self, other: &Color, tol: f64) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= tol;
        match (self, other) {
            (Color::Gray(a), Color::Gray(b)) => close(*a, *b),
            (Color::Rgb(a, b, c), Color::Rgb(x, y, z)) => {
                close(*a, *x) && close(*b, *y) && close(*c, *z)
            }
            (Color::Cmyk(a, b, c, d), Color::Cmyk(w, x, y, z)) => {
                close(*a, *w) && close(*b, *x) && close(*c, *y) && close(*d, *z)
            }
            (Color::Other, Color::Other) => true,
            _ => false,
        }
    }
}

/// A filled axis-aligned rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct FilledRect {
    pub x0_mm: f64,
    /// Top edge.
    pub y0_mm: f64,
    pub x1_mm: f64,
    /// Bottom edge.
    pub y1_mm: f64,
    pub fill: Color,
}

impl FilledRect {
    pub fn width_mm(&self) -> f64 {
        self.x1_mm - self.x0_mm
    }
    pub fn height_mm(&self) -> f64 {
        self.y1_mm - self.y0_mm
    }
}

/// One straight stroked segment.
#[derive(Debug, Clone, PartialEq)]
pub struct StrokedLine {
    pub x0_mm: f64,
    pub y0_mm: f64,
    pub x1_mm: f64,
    pub y1_mm: f64,
    /// Line width scaled by the CTM (geometric mean of its axes).
    pub width_mm: f64,
    pub stroke: Color,
}

/// Reads every page of the PDF at `path`. Panics with a clear message on failure.
pub fn read_pdf(path: &Path) -> Vec<PdfPage> {
    let doc =
        Document::load(path).unwrap_or_else(|e| panic!("cannot parse PDF {}: {e}", path.display()));
    read_document(&doc, &path.display().to_string())
}

/// Reads every page of a PDF held in memory. Panics with a clear message on failure.
pub fn read_pdf_bytes(bytes: &[u8]) -> Vec<PdfPage> {
    let doc =
        Document::load_mem(bytes).unwrap_or_else(|e| panic!("cannot parse in-memory PDF: {e}"));
    read_document(&doc, "<memory>")
}

/// The glyph texts of a page concatenated in content order (no separators).
pub fn page_text(page: &PdfPage) -> String {
    page.glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// Glyphs grouped into lines by baseline (±0.2 mm of the line's first
/// baseline), lines sorted top to bottom, glyphs in each line sorted by x.
pub fn lines_of(page: &PdfPage) -> Vec<Vec<&Glyph>> {
    let mut sorted: Vec<&Glyph> = page.glyphs.iter().collect();
    sorted.sort_by(|a, b| a.baseline_mm.total_cmp(&b.baseline_mm));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match lines.last_mut() {
            Some(line) if (g.baseline_mm - line[0].baseline_mm).abs() <= 0.2 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x_mm.total_cmp(&b.x_mm));
    }
    lines
}

/// The text of one line as returned by [`lines_of`].
pub fn line_text(line: &[&Glyph]) -> String {
    line.iter().map(|g| g.text.as_str()).collect()
}

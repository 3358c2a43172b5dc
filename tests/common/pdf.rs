//! A small, independent PDF reader for checking the geometry of what we write.
//!
//! It parses the file with `lopdf` and interprets the page content streams
//! itself, so it shares no code with the writer under test. Everything it
//! returns is in millimetres with the origin at the top-left corner of the page
//! (MediaBox) and y growing downwards; 1 pt = 25.4/72 mm.
//!
//! Covered: `q Q cm`, `BT ET Tf Tm Td TD T* TL Tc Tw Tz Ts Tr Tj TJ ' "`,
//! colours (`g G rg RG k K cs CS sc scn SC SCN`, ICCBased by component count),
//! paths (`m l c v y h re`, painted with `f F f* S s B B* b b* n`, clipping
//! `W W*` ignored), `w`, `Do` (Form XObjects are walked recursively with their
//! /Matrix and /Resources; images are ignored). Fonts: Type0 (2-byte codes,
//! /W + /DW of the descendant font), simple fonts (1-byte codes,
//! /FirstChar + /Widths) and Type3 (/FontMatrix); text from /ToUnicode.
//! Not applied: /ActualText spans (krilla writes them as `/Span<</ActualText
//! ..>>BDC` marked content, which is skipped like all marked content).

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

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

// ---------------------------------------------------------------------------
// Document level

fn read_document(doc: &Document, what: &str) -> Vec<PdfPage> {
    if doc.is_encrypted() {
        panic!("{what}: encrypted PDFs are not supported by the test reader");
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        panic!("{what}: the PDF has no pages");
    }
    let mut fonts = FontCache::default();
    pages
        .iter()
        .map(|(&no, &id)| read_page(doc, id, &mut fonts, &format!("{what}, page {no}")))
        .collect()
}

fn read_page(doc: &Document, page_id: ObjectId, fonts: &mut FontCache, what: &str) -> PdfPage {
    let page = doc
        .get_dictionary(page_id)
        .unwrap_or_else(|e| panic!("{what}: page object is not a dictionary: {e}"));
    let media_box = inherited(doc, page, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .map(|a| a.iter().map(|o| num(doc, o)).collect::<Vec<_>>())
        .unwrap_or_else(|| panic!("{what}: no /MediaBox"));
    if media_box.len() != 4 {
        panic!("{what}: malformed /MediaBox {media_box:?}");
    }
    let (llx, lly) = (
        media_box[0].min(media_box[2]),
        media_box[1].min(media_box[3]),
    );
    let (urx, ury) = (
        media_box[0].max(media_box[2]),
        media_box[1].max(media_box[3]),
    );
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());

    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let stream = doc
            .get_object(id)
            .and_then(Object::as_stream)
            .unwrap_or_else(|e| panic!("{what}: content {id:?} is not a stream: {e}"));
        let data = stream
            .get_plain_content()
            .unwrap_or_else(|e| panic!("{what}: cannot decode content stream {id:?}: {e}"));
        content.extend_from_slice(&data);
        content.push(b'\n');
    }

    let mut interp = Interp {
        doc,
        fonts,
        what,
        llx,
        ury,
        out: PdfPage {
            width_mm: pt_to_mm(urx - llx),
            height_mm: pt_to_mm(ury - lly),
            glyphs: Vec::new(),
            rects: Vec::new(),
            lines: Vec::new(),
        },
        gs: GState::default(),
        stack: Vec::new(),
        tm: Mat::IDENTITY,
        tlm: Mat::IDENTITY,
        path: Vec::new(),
        depth: 0,
    };
    interp.run(&content, resources);
    interp.out
}

/// Looks `key` up in a page dictionary or its /Parent chain.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return deref(doc, v);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| deref(doc, p))?
            .as_dict()
            .ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn num(doc: &Document, obj: &Object) -> f64 {
    match deref(doc, obj) {
        Some(Object::Integer(i)) => *i as f64,
        Some(Object::Real(r)) => *r as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn opt_num(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

fn dict_get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

fn name_of(obj: &Object) -> Option<&[u8]> {
    obj.as_name().ok()
}

// ---------------------------------------------------------------------------
// Geometry

/// An affine matrix `[a b c d e f]` in PDF's row-vector convention.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mat {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl Mat {
    const IDENTITY: Mat = Mat {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    fn new(v: [f64; 6]) -> Mat {
        Mat {
            a: v[0],
            b: v[1],
            c: v[2],
            d: v[3],
            e: v[4],
            f: v[5],
        }
    }

    fn translate(x: f64, y: f64) -> Mat {
        Mat {
            e: x,
            f: y,
            ..Mat::IDENTITY
        }
    }

    /// `self × other`: first apply `self`, then `other`.
    fn then(self, o: Mat) -> Mat {
        Mat {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    fn apply(self, x: f64, y: f64) -> (f64, f64) {
        (
            x * self.a + y * self.c + self.e,
            x * self.b + y * self.d + self.f,
        )
    }

    fn x_scale(self) -> f64 {
        self.a.hypot(self.b)
    }

    fn y_scale(self) -> f64 {
        self.c.hypot(self.d)
    }

    fn mean_scale(self) -> f64 {
        (self.a * self.d - self.b * self.c).abs().sqrt()
    }
}

// ---------------------------------------------------------------------------
// Colour

#[derive(Debug, Clone, Copy, PartialEq)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
    Other,
}

impl Space {
    fn initial(self) -> Color {
        match self {
            Space::Gray => Color::Gray(0.0),
            Space::Rgb => Color::Rgb(0.0, 0.0, 0.0),
            Space::Cmyk => Color::Cmyk(0.0, 0.0, 0.0, 1.0),
            Space::Other => Color::Other,
        }
    }

    fn color(self, v: &[f64]) -> Color {
        match (self, v) {
            (Space::Gray, [g]) => Color::Gray(*g),
            (Space::Rgb, [r, g, b]) => Color::Rgb(*r, *g, *b),
            (Space::Cmyk, [c, m, y, k]) => Color::Cmyk(*c, *m, *y, *k),
            _ => Color::Other,
        }
    }
}

// ---------------------------------------------------------------------------
// Fonts

#[derive(Debug)]
struct Font {
    name: String,
    /// Bytes per character code (2 for Type0, 1 otherwise).
    code_len: usize,
    /// Widths in text space units per unit font size (glyph width / 1000).
    widths: HashMap<u32, f64>,
    default_width: f64,
    to_unicode: HashMap<u32, String>,
}

impl Font {
    fn width(&self, code: u32) -> f64 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }

    fn text(&self, code: u32) -> String {
        if let Some(t) = self.to_unicode.get(&code) {
            return t.clone();
        }
        if self.code_len == 1 {
            char::from_u32(code).map(String::from).unwrap_or_default()
        } else {
            "\u{FFFD}".to_string()
        }
    }
}

#[derive(Default)]
struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
}

impl FontCache {
    fn get(&mut self, doc: &Document, obj: &Object, what: &str) -> Rc<Font> {
        if let Object::Reference(id) = obj
            && let Some(f) = self.by_id.get(id)
        {
            return f.clone();
        }
        let dict = deref(doc, obj)
            .and_then(|o| o.as_dict().ok())
            .unwrap_or_else(|| panic!("{what}: font object {obj:?} is not a dictionary"));
        let font = Rc::new(load_font(doc, dict, what));
        if let Object::Reference(id) = obj {
            self.by_id.insert(*id, font.clone());
        }
        font
    }
}

fn strip_subset(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name).into_owned();
    let b = s.as_bytes();
    if b.len() > 7 && b[6] == b'+' && b[..6].iter().all(u8::is_ascii_uppercase) {
        s[7..].to_string()
    } else {
        s
    }
}

fn load_font(doc: &Document, dict: &Dictionary, what: &str) -> Font {
    let subtype = dict_get(doc, dict, b"Subtype")
        .and_then(name_of)
        .unwrap_or(b"");
    let base_font = dict_get(doc, dict, b"BaseFont")
        .and_then(name_of)
        .map(strip_subset)
        .unwrap_or_default();
    let to_unicode = match dict_get(doc, dict, b"ToUnicode") {
        Some(Object::Stream(s)) => {
            let data = s
                .get_plain_content()
                .unwrap_or_else(|e| panic!("{what}: cannot decode /ToUnicode of {base_font}: {e}"));
            parse_to_unicode(&data)
        }
        _ => HashMap::new(),
    };

    if subtype == b"Type0" {
        let descendant = dict_get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .unwrap_or_else(|| panic!("{what}: Type0 font {base_font} has no /DescendantFonts"));
        let name = dict_get(doc, descendant, b"BaseFont")
            .and_then(name_of)
            .map(strip_subset)
            .unwrap_or(base_font);
        let default_width = dict_get(doc, descendant, b"DW")
            .and_then(opt_num)
            .unwrap_or(1000.0)
            / 1000.0;
        let mut widths = HashMap::new();
        if let Some(w) = dict_get(doc, descendant, b"W").and_then(|o| o.as_array().ok()) {
            let mut i = 0;
            while i < w.len() {
                let first = num(doc, &w[i]) as u32;
                match w.get(i + 1).and_then(|o| deref(doc, o)) {
                    Some(Object::Array(list)) => {
                        for (k, v) in list.iter().enumerate() {
                            widths.insert(first + k as u32, num(doc, v) / 1000.0);
                        }
                        i += 2;
                    }
                    Some(last) if i + 2 < w.len() => {
                        let last = num(doc, last) as u32;
                        let width = num(doc, &w[i + 2]) / 1000.0;
                        for c in first..=last {
                            widths.insert(c, width);
                        }
                        i += 3;
                    }
                    _ => panic!("{what}: malformed /W array in font {name}"),
                }
            }
        }
        return Font {
            name,
            code_len: 2,
            widths,
            default_width,
            to_unicode,
        };
    }

    // Simple fonts (Type1, TrueType, Type3).
    let scale = if subtype == b"Type3" {
        dict_get(doc, dict, b"FontMatrix")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| num(doc, o))
            .unwrap_or(0.001)
    } else {
        0.001
    };
    let name = if base_font.is_empty() {
        String::from_utf8_lossy(subtype).into_owned()
    } else {
        base_font
    };
    let first_char = dict_get(doc, dict, b"FirstChar")
        .and_then(opt_num)
        .unwrap_or(0.0) as u32;
    let mut widths = HashMap::new();
    if let Some(w) = dict_get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
        for (k, v) in w.iter().enumerate() {
            widths.insert(first_char + k as u32, num(doc, v) * scale);
        }
    }
    let default_width = dict_get(doc, dict, b"FontDescriptor")
        .and_then(|o| o.as_dict().ok())
        .and_then(|fd| dict_get(doc, fd, b"MissingWidth"))
        .and_then(opt_num)
        .unwrap_or(0.0)
        * scale;
    Font {
        name,
        code_len: 1,
        widths,
        default_width,
        to_unicode,
    }
}

/// Tokens of a CMap file that matter for bfchar/bfrange.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Word(String),
    Open,
    Close,
}

fn cmap_tokens(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                out.push(Tok::Word("<<".into()));
                i += 2;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                out.push(Tok::Word(">>".into()));
                i += 2;
            }
            b'<' => {
                let start = i + 1;
                let end = start
                    + data[start..]
                        .iter()
                        .position(|&b| b == b'>')
                        .unwrap_or(data.len() - start);
                let digits: Vec<u8> = data[start..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let mut bytes = Vec::new();
                for pair in digits.chunks(2) {
                    let s = std::str::from_utf8(pair).unwrap();
                    let v = u8::from_str_radix(s, 16).unwrap();
                    bytes.push(if pair.len() == 1 { v << 4 } else { v });
                }
                out.push(Tok::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings do not occur in the ranges we read; skip them.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !b"<>[]()%/".contains(&data[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1; // a lone '/' or similar
                }
                out.push(Tok::Word(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32)
}

fn utf16be(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                c[0] as u16
            }
        })
        .collect()
}

/// Parses the bfchar and bfrange sections of a ToUnicode CMap.
fn parse_to_unicode(data: &[u8]) -> HashMap<u32, String> {
    let toks = cmap_tokens(data);
    let mut map = HashMap::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) if w == "beginbfchar" => {
                i += 1;
                while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    map.insert(code_of(src), String::from_utf16_lossy(&utf16be(dst)));
                    i += 2;
                }
            }
            Tok::Word(w) if w == "beginbfrange" => {
                i += 1;
                while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1))
                {
                    let (lo, hi) = (code_of(lo), code_of(hi));
                    match toks.get(i + 2) {
                        Some(Tok::Hex(dst)) => {
                            let base = utf16be(dst);
                            for (k, code) in (lo..=hi).enumerate() {
                                let mut units = base.clone();
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(k as u16);
                                }
                                map.insert(code, String::from_utf16_lossy(&units));
                            }
                            i += 3;
                        }
                        Some(Tok::Open) => {
                            i += 3;
                            let mut code = lo;
                            while let Some(Tok::Hex(dst)) = toks.get(i) {
                                if code <= hi {
                                    map.insert(code, String::from_utf16_lossy(&utf16be(dst)));
                                }
                                code += 1;
                                i += 1;
                            }
                            if toks.get(i) == Some(&Tok::Close) {
                                i += 1;
                            }
                        }
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    map
}

// ---------------------------------------------------------------------------
// Content interpretation

#[derive(Clone)]
struct GState {
    ctm: Mat,
    fill: Color,
    stroke: Color,
    fill_space: Space,
    stroke_space: Space,
    line_width: f64,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
    render_mode: i64,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: Mat::IDENTITY,
            fill: Color::Gray(0.0),
            stroke: Color::Gray(0.0),
            fill_space: Space::Gray,
            stroke_space: Space::Gray,
            line_width: 1.0,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        }
    }
}

/// One subpath in page (default user) space.
#[derive(Debug, Default)]
struct Subpath {
    start: (f64, f64),
    /// End point of each segment and whether it is straight.
    segs: Vec<((f64, f64), bool)>,
    closed: bool,
}

impl Subpath {
    fn current(&self) -> (f64, f64) {
        self.segs.last().map(|s| s.0).unwrap_or(self.start)
    }

    /// The rectangle's corners when this subpath is an axis-aligned quadrilateral.
    fn as_rect(&self) -> Option<(f64, f64, f64, f64)> {
        if self.segs.iter().any(|s| !s.1) {
            return None;
        }
        let mut pts = vec![self.start];
        pts.extend(self.segs.iter().map(|s| s.0));
        let same =
            |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs() < 1e-3 && (p.1 - q.1).abs() < 1e-3;
        if pts.len() == 5 && same(pts[0], pts[4]) {
            pts.pop();
        }
        if pts.len() != 4 {
            return None;
        }
        for k in 0..4 {
            let (p, q) = (pts[k], pts[(k + 1) % 4]);
            if (p.0 - q.0).abs() > 1e-3 && (p.1 - q.1).abs() > 1e-3 {
                return None;
            }
        }
        let xs = pts.iter().map(|p| p.0);
        let ys = pts.iter().map(|p| p.1);
        Some((
            xs.clone().fold(f64::INFINITY, f64::min),
            ys.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
            ys.fold(f64::NEG_INFINITY, f64::max),
        ))
    }
}

struct Interp<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    what: &'a str,
    llx: f64,
    ury: f64,
    out: PdfPage,
    gs: GState,
    stack: Vec<GState>,
    tm: Mat,
    tlm: Mat,
    path: Vec<Subpath>,
    depth: usize,
}

impl<'a> Interp<'a> {
    fn to_mm(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (pt_to_mm(x - self.llx), pt_to_mm(self.ury - y))
    }

    fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) {
        let ops = Content::decode(content)
            .unwrap_or_else(|e| panic!("{}: cannot parse content stream: {e}", self.what))
            .operations;
        for op in ops {
            let what = self.what;
            let nums: Vec<f64> = op.operands.iter().filter_map(opt_num).collect();
            let n = |i: usize| -> f64 {
                *nums.get(i).unwrap_or_else(|| {
                    panic!(
                        "{what}: operator {} lacks operand {i}: {:?}",
                        op.operator, op.operands
                    )
                })
            };
            match op.operator.as_str() {
                "q" => self.stack.push(self.gs.clone()),
                "Q" => {
                    if let Some(g) = self.stack.pop() {
                        self.gs = g;
                    }
                }
                "cm" => {
                    let m = Mat::new([n(0), n(1), n(2), n(3), n(4), n(5)]);
                    self.gs.ctm = m.then(self.gs.ctm);
                }
                "w" => self.gs.line_width = n(0),

                // Colour.
                "g" => (self.gs.fill_space, self.gs.fill) = (Space::Gray, Color::Gray(n(0))),
                "G" => (self.gs.stroke_space, self.gs.stroke) = (Space::Gray, Color::Gray(n(0))),
                "rg" => {
                    (self.gs.fill_space, self.gs.fill) = (Space::Rgb, Color::Rgb(n(0), n(1), n(2)))
                }
                "RG" => {
                    (self.gs.stroke_space, self.gs.stroke) =
                        (Space::Rgb, Color::Rgb(n(0), n(1), n(2)))
                }
                "k" => {
                    (self.gs.fill_space, self.gs.fill) =
                        (Space::Cmyk, Color::Cmyk(n(0), n(1), n(2), n(3)))
                }
                "K" => {
                    (self.gs.stroke_space, self.gs.stroke) =
                        (Space::Cmyk, Color::Cmyk(n(0), n(1), n(2), n(3)))
                }
                "cs" | "CS" => {
                    let space = op
                        .operands
                        .first()
                        .and_then(name_of)
                        .map(|nm| self.color_space(nm, resources));
                    let space = space.unwrap_or(Space::Other);
                    if op.operator == "cs" {
                        (self.gs.fill_space, self.gs.fill) = (space, space.initial());
                    } else {
                        (self.gs.stroke_space, self.gs.stroke) = (space, space.initial());
                    }
                }
                "sc" | "scn" => {
                    let pattern = op.operands.iter().any(|o| matches!(o, Object::Name(_)));
                    self.gs.fill = if pattern {
                        Color::Other
                    } else {
                        self.gs.fill_space.color(&nums)
                    };
                }
                "SC" | "SCN" => {
                    let pattern = op.operands.iter().any(|o| matches!(o, Object::Name(_)));
                    self.gs.stroke = if pattern {
                        Color::Other
                    } else {
                        self.gs.stroke_space.color(&nums)
                    };
                }

                // Paths.
                "m" => self.path.push(Subpath {
                    start: self.user(n(0), n(1)),
                    ..Default::default()
                }),
                "l" => {
                    let p = self.user(n(0), n(1));
                    self.segment(p, true);
                }
                "c" => {
                    let p = self.user(n(4), n(5));
                    self.segment(p, false);
                }
                "v" | "y" => {
                    let p = self.user(n(2), n(3));
                    self.segment(p, false);
                }
                "h" => {
                    if let Some(sp) = self.path.last_mut() {
                        sp.closed = true;
                    }
                }
                "re" => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let start = self.user(x, y);
                    let segs = vec![
                        (self.user(x + w, y), true),
                        (self.user(x + w, y + h), true),
                        (self.user(x, y + h), true),
                    ];
                    self.path.push(Subpath {
                        start,
                        segs,
                        closed: true,
                    });
                }
                "f" | "F" | "f*" => self.paint(true, false, false),
                "S" => self.paint(false, true, false),
                "s" => self.paint(false, true, true),
                "B" | "B*" => self.paint(true, true, false),
                "b" | "b*" => self.paint(true, true, true),
                "n" => self.path.clear(),
                "W" | "W*" => {}

                // Text state.
                "BT" => {
                    self.tm = Mat::IDENTITY;
                    self.tlm = Mat::IDENTITY;
                }
                "ET" => {}
                "Tf" => {
                    let name = op
                        .operands
                        .first()
                        .and_then(name_of)
                        .unwrap_or_else(|| panic!("{}: Tf without a font name", self.what));
                    let font_obj = resources
                        .and_then(|r| dict_get(self.doc, r, b"Font"))
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|fonts| fonts.get(name).ok())
                        .unwrap_or_else(|| {
                            panic!(
                                "{}: font /{} not in resources",
                                self.what,
                                String::from_utf8_lossy(name)
                            )
                        });
                    self.gs.font = Some(self.fonts.get(self.doc, font_obj, self.what));
                    self.gs.font_size = n(0);
                }
                "Tc" => self.gs.char_spacing = n(0),
                "Tw" => self.gs.word_spacing = n(0),
                "Tz" => self.gs.h_scale = n(0) / 100.0,
                "TL" => self.gs.leading = n(0),
                "Ts" => self.gs.rise = n(0),
                "Tr" => self.gs.render_mode = n(0) as i64,
                "Td" => self.next_line(n(0), n(1)),
                "TD" => {
                    self.gs.leading = -n(1);
                    self.next_line(n(0), n(1));
                }
                "Tm" => {
                    self.tm = Mat::new([n(0), n(1), n(2), n(3), n(4), n(5)]);
                    self.tlm = self.tm;
                }
                "T*" => self.next_line(0.0, -self.gs.leading),

                // Text showing.
                "Tj" => {
                    if let Some(Object::String(s, _)) = op.operands.first() {
                        self.show(s);
                    }
                }
                "'" => {
                    self.next_line(0.0, -self.gs.leading);
                    if let Some(Object::String(s, _)) = op.operands.first() {
                        self.show(s);
                    }
                }
                "\"" => {
                    self.gs.word_spacing = n(0);
                    self.gs.char_spacing = n(1);
                    self.next_line(0.0, -self.gs.leading);
                    if let Some(Object::String(s, _)) = op.operands.get(2) {
                        self.show(s);
                    }
                }
                "TJ" => {
                    let items = op
                        .operands
                        .first()
                        .and_then(|o| o.as_array().ok())
                        .cloned()
                        .unwrap_or_default();
                    for item in &items {
                        match item {
                            Object::String(s, _) => self.show(s),
                            other => {
                                if let Some(adj) = opt_num(other) {
                                    let tx = -adj / 1000.0 * self.gs.font_size * self.gs.h_scale;
                                    self.tm = Mat::translate(tx, 0.0).then(self.tm);
                                }
                            }
                        }
                    }
                }

                // XObjects.
                "Do" => {
                    if let Some(name) = op.operands.first().and_then(name_of) {
                        self.do_xobject(name, resources);
                    }
                }

                // gs, d, j, J, M, ri, i, sh, BDC/BMC/EMC/MP/DP, BX/EX, d0/d1, BI: no geometry we track.
                _ => {}
            }
        }
    }

    fn user(&self, x: f64, y: f64) -> (f64, f64) {
        self.gs.ctm.apply(x, y)
    }

    fn segment(&mut self, p: (f64, f64), straight: bool) {
        match self.path.last_mut() {
            Some(sp) if !sp.closed => sp.segs.push((p, straight)),
            Some(sp) => {
                // Drawing after `h` starts a new subpath at the closed one's start.
                let start = sp.start;
                self.path.push(Subpath {
                    start,
                    segs: vec![(p, straight)],
                    closed: false,
                });
            }
            None => panic!("{}: path segment without a current point", self.what),
        }
    }

    fn paint(&mut self, fill: bool, stroke: bool, close: bool) {
        let path = std::mem::take(&mut self.path);
        for mut sp in path {
            if close {
                sp.closed = true;
            }
            if fill && let Some((x0, y0, x1, y1)) = sp.as_rect() {
                let (ax, ay) = self.to_mm((x0, y1));
                let (bx, by) = self.to_mm((x1, y0));
                self.out.rects.push(FilledRect {
                    x0_mm: ax,
                    y0_mm: ay,
                    x1_mm: bx,
                    y1_mm: by,
                    fill: self.gs.fill,
                });
            }
            if stroke {
                let width_mm = pt_to_mm(self.gs.line_width * self.gs.ctm.mean_scale());
                let mut from = sp.start;
                let mut segs = sp.segs.clone();
                if sp.closed && segs.last().map(|s| s.0) != Some(sp.start) {
                    segs.push((sp.start, true));
                }
                for (to, straight) in segs {
                    if straight {
                        let (x0, y0) = self.to_mm(from);
                        let (x1, y1) = self.to_mm(to);
                        self.out.lines.push(StrokedLine {
                            x0_mm: x0,
                            y0_mm: y0,
                            x1_mm: x1,
                            y1_mm: y1,
                            width_mm,
                            stroke: self.gs.stroke,
                        });
                    }
                    from = to;
                }
            }
        }
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Mat::translate(tx, ty).then(self.tlm);
        self.tm = self.tlm;
    }

    fn show(&mut self, bytes: &[u8]) {
        let font = self
            .gs
            .font
            .clone()
            .unwrap_or_else(|| panic!("{}: text shown before any Tf", self.what));
        let gs = &self.gs;
        let color = match gs.render_mode {
            1 | 5 => Some(gs.stroke),
            3 | 7 => None,
            _ => Some(gs.fill),
        };
        for chunk in bytes.chunks(font.code_len) {
            let code = code_of(chunk);
            let w0 = font.width(code);
            let trm = Mat::new([
                gs.font_size * gs.h_scale,
                0.0,
                0.0,
                gs.font_size,
                0.0,
                gs.rise,
            ])
            .then(self.tm)
            .then(gs.ctm);
            if let Some(fill) = color {
                let (x_mm, baseline_mm) = self.to_mm(trm.apply(0.0, 0.0));
                self.out.glyphs.push(Glyph {
                    text: font.text(code),
                    x_mm,
                    baseline_mm,
                    width_mm: pt_to_mm(w0 * trm.x_scale()),
                    size_pt: trm.y_scale(),
                    font: font.name.clone(),
                    fill,
                });
            }
            let word = if font.code_len == 1 && code == 32 {
                gs.word_spacing
            } else {
                0.0
            };
            let tx = (w0 * gs.font_size + gs.char_spacing + word) * gs.h_scale;
            self.tm = Mat::translate(tx, 0.0).then(self.tm);
        }
    }

    fn color_space(&self, name: &[u8], resources: Option<&Dictionary>) -> Space {
        match name {
            b"DeviceGray" | b"G" | b"CalGray" => return Space::Gray,
            b"DeviceRGB" | b"RGB" | b"CalRGB" => return Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => return Space::Cmyk,
            b"Pattern" => return Space::Other,
            _ => {}
        }
        let Some(obj) = resources
            .and_then(|r| dict_get(self.doc, r, b"ColorSpace"))
            .and_then(|o| o.as_dict().ok())
            .and_then(|cs| dict_get(self.doc, cs, name))
        else {
            return Space::Other;
        };
        self.color_space_obj(obj)
    }

    fn color_space_obj(&self, obj: &Object) -> Space {
        match obj {
            Object::Name(n) => match n.as_slice() {
                b"DeviceGray" | b"CalGray" => Space::Gray,
                b"DeviceRGB" | b"CalRGB" => Space::Rgb,
                b"DeviceCMYK" => Space::Cmyk,
                _ => Space::Other,
            },
            Object::Array(a) => match a.first().and_then(name_of) {
                Some(b"CalGray") => Space::Gray,
                Some(b"CalRGB") => Space::Rgb,
                Some(b"ICCBased") => {
                    let n = a
                        .get(1)
                        .and_then(|o| deref(self.doc, o))
                        .and_then(|o| o.as_stream().ok())
                        .and_then(|s| dict_get(self.doc, &s.dict, b"N"))
                        .and_then(|o| o.as_i64().ok());
                    match n {
                        Some(1) => Space::Gray,
                        Some(3) => Space::Rgb,
                        Some(4) => Space::Cmyk,
                        _ => Space::Other,
                    }
                }
                _ => Space::Other,
            },
            _ => Space::Other,
        }
    }

    fn do_xobject(&mut self, name: &[u8], resources: Option<&'a Dictionary>) {
        let doc = self.doc;
        let Some(stream) = resources
            .and_then(|r| dict_get(doc, r, b"XObject"))
            .and_then(|o| o.as_dict().ok())
            .and_then(|x| dict_get(doc, x, name))
            .and_then(|o| o.as_stream().ok())
        else {
            panic!(
                "{}: XObject /{} not in resources",
                self.what,
                String::from_utf8_lossy(name)
            );
        };
        if dict_get(doc, &stream.dict, b"Subtype").and_then(name_of) != Some(b"Form") {
            return; // images
        }
        if self.depth >= 32 {
            panic!("{}: Form XObjects nested too deeply (cycle?)", self.what);
        }
        let matrix = dict_get(doc, &stream.dict, b"Matrix")
            .and_then(|o| o.as_array().ok())
            .map(|a| a.iter().map(|o| num(doc, o)).collect::<Vec<_>>())
            .map(|v| Mat::new([v[0], v[1], v[2], v[3], v[4], v[5]]))
            .unwrap_or(Mat::IDENTITY);
        let inner_resources = dict_get(doc, &stream.dict, b"Resources")
            .and_then(|o| o.as_dict().ok())
            .or(resources);
        let data = stream.get_plain_content().unwrap_or_else(|e| {
            panic!(
                "{}: cannot decode Form XObject /{}: {e}",
                self.what,
                String::from_utf8_lossy(name)
            )
        });

        let saved_gs = self.gs.clone();
        let saved_stack = self.stack.len();
        let saved_path = std::mem::take(&mut self.path);
        let (saved_tm, saved_tlm) = (self.tm, self.tlm);
        self.gs.ctm = matrix.then(self.gs.ctm);
        self.depth += 1;
        self.run(&data, inner_resources);
        self.depth -= 1;
        self.stack.truncate(saved_stack);
        self.gs = saved_gs;
        self.path = saved_path;
        (self.tm, self.tlm) = (saved_tm, saved_tlm);
    }
}

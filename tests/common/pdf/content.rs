//! The content-stream interpreter: graphics and text state, colour spaces,
//! operators, path painting, text showing and Form XObjects.

use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

use super::document::{deref, dict_get, name_of, num, opt_num};
use super::fonts::{Font, FontCache, code_of};
use super::geometry::{Mat, Subpath};
use super::{Color, FilledRect, Glyph, PdfPage, StrokedLine, pt_to_mm};

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

pub(super) struct Interp<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    what: &'a str,
    llx: f64,
    ury: f64,
    pub(super) out: PdfPage,
    gs: GState,
    stack: Vec<GState>,
    tm: Mat,
    tlm: Mat,
    path: Vec<Subpath>,
    depth: usize,
}

impl<'a> Interp<'a> {
    /// An interpreter in the initial graphics state that records into `out`;
    /// `llx` and `ury` are the /MediaBox's lower-left x and upper-right y.
    pub(super) fn new(
        doc: &'a Document,
        fonts: &'a mut FontCache,
        what: &'a str,
        llx: f64,
        ury: f64,
        out: PdfPage,
    ) -> Self {
        Interp {
            doc,
            fonts,
            what,
            llx,
            ury,
            out,
            gs: GState::default(),
            stack: Vec::new(),
            tm: Mat::IDENTITY,
            tlm: Mat::IDENTITY,
            path: Vec::new(),
            depth: 0,
        }
    }

    fn to_mm(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (pt_to_mm(x - self.llx), pt_to_mm(self.ury - y))
    }

    pub(super) fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) {
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
                    angle_deg: trm.x_angle_deg(),
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

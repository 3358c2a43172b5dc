//! Page content streams: text runs, rules, the star and images.
//!
//! The page is drawn in layout space: one `1 0 0 -1 0 H cm` at the start
//! makes y grow downwards from the top edge, so layout millimetres go in
//! directly (text matrices flip glyphs upright again with d = −1). Colours
//! are quantised to bytes as before (`byte/255`), CMYK as DeviceCMYK (`k`),
//! RGB as DeviceRGB (`rg`).

use std::collections::BTreeSet;

use pdf_writer::{Content, Name, Rect, Str, TextStr};

use super::compress;
use super::fonts::{FacePlan, cluster_text};
use super::{Failure, svg};
use crate::layout::{ImageBox, Item, Page, Rule, Star, TextRun};
use crate::resources::{ImageAsset, ImageKind};
use crate::template::Color;
use crate::units::Mm;

/// What every page job reads.
pub(super) struct Context<'a> {
    /// Page height in points.
    pub(super) height: f32,
    pub(super) faces: &'a [FacePlan],
    pub(super) images: &'a [ImageAsset],
    /// The layout image index of each image XObject (PNG seals; SVG seals
    /// are drawn as paths).
    pub(super) image_slots: &'a [usize],
}

/// An extended graphics state: multiply blending and constant opacities
/// (in thousandths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(super) struct ExtKey {
    pub(super) multiply: bool,
    pub(super) fill_alpha: Option<u16>,
    pub(super) stroke_alpha: Option<u16>,
}

impl ExtKey {
    pub(super) fn alpha(thousandths: u16) -> f32 {
        f32::from(thousandths) / 1000.0
    }

    /// Opacity 0..=1 in thousandths.
    pub(super) fn quantise(opacity: f32) -> u16 {
        (opacity.clamp(0.0, 1.0) * 1000.0).round() as u16
    }

    /// Its resource name, unique per key.
    pub(super) fn name(&self) -> String {
        let mut name = String::from("G");
        if self.multiply {
            name.push('m');
        }
        if let Some(a) = self.fill_alpha {
            name.push_str(&format!("f{a}"));
        }
        if let Some(a) = self.stroke_alpha {
            name.push_str(&format!("s{a}"));
        }
        name
    }
}

pub(super) fn font_name(face: usize) -> String {
    format!("F{face}")
}

pub(super) fn image_name(slot: usize) -> String {
    format!("I{slot}")
}

pub(super) fn form_name(form: usize) -> String {
    format!("X{form}")
}

/// A transparency group (an SVG group with opacity), drawn with `Do`.
pub(super) struct FormOut {
    /// Its content, deflated.
    pub(super) content: Vec<u8>,
    pub(super) bbox: Rect,
}

/// A finished page: its deflated content and the resources it names.
pub(super) struct PageOut {
    pub(super) content: Vec<u8>,
    /// Indices into the face plans.
    pub(super) fonts: BTreeSet<usize>,
    /// Image XObject slots.
    pub(super) images: BTreeSet<usize>,
    pub(super) ext: BTreeSet<ExtKey>,
    pub(super) forms: Vec<FormOut>,
}

/// A colour as written: quantised to bytes like the krilla path did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Paint {
    Cmyk([u8; 4]),
    Rgb([u8; 3]),
}

impl Paint {
    fn of(color: Color) -> Paint {
        let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        match color {
            Color::Cmyk(c, m, y, k) => Paint::Cmyk([byte(c), byte(m), byte(y), byte(k)]),
            Color::Rgb(r, g, b) => Paint::Rgb([byte(r), byte(g), byte(b)]),
        }
    }

    pub(super) fn fill(self, content: &mut Content) {
        let v = |b: u8| f32::from(b) / 255.0;
        match self {
            Paint::Cmyk([c, m, y, k]) => content.set_fill_cmyk(v(c), v(m), v(y), v(k)),
            Paint::Rgb([r, g, b]) => content.set_fill_rgb(v(r), v(g), v(b)),
        };
    }

    pub(super) fn stroke(self, content: &mut Content) {
        let v = |b: u8| f32::from(b) / 255.0;
        match self {
            Paint::Cmyk([c, m, y, k]) => content.set_stroke_cmyk(v(c), v(m), v(y), v(k)),
            Paint::Rgb([r, g, b]) => content.set_stroke_rgb(v(r), v(g), v(b)),
        };
    }
}

/// Resources a page (and its forms) collects while being drawn.
#[derive(Default)]
pub(super) struct Collected {
    pub(super) fonts: BTreeSet<usize>,
    pub(super) images: BTreeSet<usize>,
    pub(super) ext: BTreeSet<ExtKey>,
    pub(super) forms: Vec<FormOut>,
}

/// Draw one page.
pub(super) fn page(page: &Page, ctx: &Context<'_>) -> Result<PageOut, Failure> {
    let mut writer = PageWriter {
        ctx,
        content: Content::new(),
        res: Collected::default(),
        fill: None,
        text: None,
    };
    writer
        .content
        .transform([1.0, 0.0, 0.0, -1.0, 0.0, ctx.height]);
    writer.items(&page.items)?;
    writer.end_text();
    let content = writer.content.finish().into_vec();
    let res = writer.res;
    Ok(PageOut {
        content: compress::deflate(&content, compress::SMALL),
        fonts: res.fonts,
        images: res.images,
        ext: res.ext,
        forms: res.forms,
    })
}

struct PageWriter<'a> {
    ctx: &'a Context<'a>,
    content: Content,
    res: Collected,
    /// The fill colour last set outside any `q … Q`.
    fill: Option<Paint>,
    /// Inside `BT … ET`: the font and size last set there.
    text: Option<Option<(usize, f32)>>,
}

/// Points from millimetres, rounded to 1/1000 pt (shorter numbers; far
/// below any device's resolution).
fn pt(mm: Mm) -> f32 {
    round(mm.to_pt().0, 1000.0)
}

fn round(v: f32, per: f32) -> f32 {
    (v * per).round() / per
}

/// One piece of a TJ array.
enum Shown {
    Glyphs(Vec<u8>),
    Adjust(f32),
}

impl PageWriter<'_> {
    fn items(&mut self, items: &[Item]) -> Result<(), Failure> {
        for item in items {
            match item {
                Item::Text(run) => self.text_run(run)?,
                Item::Rule(rule) => self.rule(rule),
                Item::Star(star) => self.star(star),
                Item::Image(image) => self.image(image)?,
                Item::Turned(turned) => {
                    // (u, v) → (origin_x + v, origin_y − u) in the page's
                    // y-down space, as the krilla writer turns it.
                    self.end_text();
                    self.content.save_state();
                    self.content.transform([
                        0.0,
                        -1.0,
                        1.0,
                        0.0,
                        pt(turned.origin_x),
                        pt(turned.origin_y),
                    ]);
                    let outer_fill = self.fill;
                    self.items(&turned.items)?;
                    self.end_text();
                    self.content.restore_state();
                    // `Q` brought back the colour set before `q`.
                    self.fill = outer_fill;
                }
            }
        }
        Ok(())
    }

    fn set_fill(&mut self, paint: Paint) {
        if self.fill != Some(paint) {
            paint.fill(&mut self.content);
            self.fill = Some(paint);
        }
    }

    fn end_text(&mut self) {
        if self.text.take().is_some() {
            self.content.end_text();
        }
    }

    fn text_run(&mut self, run: &TextRun) -> Result<(), Failure> {
        let Some(first) = run.glyphs.first() else {
            return Ok(());
        };
        let (index, face) = self
            .ctx
            .faces
            .iter()
            .enumerate()
            .find(|(_, f)| f.id == run.face)
            .ok_or(Failure::Unsupported("字体不在计划中"))?;
        self.res.fonts.insert(index);
        let size = run.size.0;
        let scale = if run.scale_x > 0.0 { run.scale_x } else { 1.0 };
        let origin = pt(first.x);

        // Glyph positions are in page space; inside a condensed run the
        // text matrix scales x, so targets are unscaled about the origin.
        // `pen` follows where the viewer puts the next glyph (text space,
        // points), so rounded adjustments never add up.
        let mut segments: Vec<(Option<&str>, Vec<Shown>)> = vec![(None, Vec::new())];
        let mut pen = 0.0f32;
        for (i, g) in run.glyphs.iter().enumerate() {
            let cid = face
                .remapper
                .get(g.glyph)
                .ok_or(Failure::Unsupported("字形不在子集中"))?;
            let mut pending = None;
            if i > 0 {
                let target = (g.x.to_pt().0 - first.x.to_pt().0) / scale;
                let adjust = round((pen - target) * 1000.0 / size, 100.0);
                if adjust != 0.0 {
                    pen -= adjust * size / 1000.0;
                    pending = Some(adjust);
                }
            }
            // A glyph standing for other text than its ToUnicode entry says
            // is shown inside an /ActualText span with its own text.
            let text = cluster_text(run, i);
            let mapped = face.texts.get(&g.glyph).map_or("", String::as_str);
            let actual = (text != mapped).then_some(text);
            if actual.is_some() || segments.last().is_some_and(|(a, _)| a.is_some()) {
                segments.push((actual, Vec::new()));
            }
            let items = match segments.last_mut() {
                Some((_, items)) => items,
                None => return Err(Failure::Unsupported("文本段缺失")),
            };
            if let Some(adjust) = pending {
                items.push(Shown::Adjust(adjust));
            }
            match items.last_mut() {
                Some(Shown::Glyphs(bytes)) => bytes.extend_from_slice(&cid.to_be_bytes()),
                _ => items.push(Shown::Glyphs(cid.to_be_bytes().to_vec())),
            }
            let width = face.widths.get(usize::from(cid)).copied().unwrap_or(0.0);
            pen += width * size / 1000.0;
        }

        if self.text.is_none() {
            self.content.begin_text();
            self.text = Some(None);
        }
        if self.text != Some(Some((index, size))) {
            self.content
                .set_font(Name(font_name(index).as_bytes()), size);
            self.text = Some(Some((index, size)));
        }
        self.set_fill(Paint::of(run.color));
        self.content
            .set_text_matrix([scale, 0.0, 0.0, -1.0, origin, pt(run.baseline)]);
        for (actual, items) in &segments {
            if items.is_empty() {
                continue;
            }
            if let Some(text) = actual {
                self.content
                    .begin_marked_content_with_properties(Name(b"Span"))
                    .properties()
                    .actual_text(TextStr(text));
            }
            let mut show = self.content.show_positioned();
            let mut array = show.items();
            for item in items {
                match item {
                    Shown::Glyphs(bytes) => array.show(Str(bytes)),
                    Shown::Adjust(amount) => array.adjust(*amount),
                };
            }
            drop(array);
            drop(show);
            if actual.is_some() {
                self.content.end_marked_content();
            }
        }
        Ok(())
    }

    fn rule(&mut self, rule: &Rule) {
        self.end_text();
        self.set_fill(Paint::of(rule.color));
        let (x0, x1) = (pt(rule.x0), pt(rule.x1));
        self.content
            .rect(x0, pt(rule.top), x1 - x0, pt(rule.thickness))
            .fill_nonzero();
    }

    /// A five-pointed star, point up.
    fn star(&mut self, star: &Star) {
        self.end_text();
        self.set_fill(Paint::of(star.color));
        for (i, (x, y)) in star.outline().into_iter().enumerate() {
            let (x, y) = (pt(x), pt(y));
            if i == 0 {
                self.content.move_to(x, y);
            } else {
                self.content.line_to(x, y);
            }
        }
        self.content.close_path().fill_nonzero();
    }

    fn image(&mut self, placed: &ImageBox) -> Result<(), Failure> {
        let Some(asset) = self.ctx.images.get(placed.image) else {
            return Ok(());
        };
        self.end_text();
        let (x, y) = (pt(placed.x), pt(placed.top));
        let (w, h) = (pt(placed.width), pt(placed.height));
        self.content.save_state();
        if placed.multiply {
            let key = ExtKey {
                multiply: true,
                ..ExtKey::default()
            };
            self.content.set_parameters(Name(key.name().as_bytes()));
            self.res.ext.insert(key);
        }
        match &asset.kind {
            ImageKind::Png(_) => {
                let slot = self
                    .ctx
                    .image_slots
                    .iter()
                    .position(|&i| i == placed.image)
                    .ok_or(Failure::Unsupported("图片不在计划中"))?;
                self.res.images.insert(slot);
                // The unit square, its top row at the box's top edge.
                self.content
                    .transform([w, 0.0, 0.0, -h, x, y + h])
                    .x_object(Name(image_name(slot).as_bytes()));
            }
            ImageKind::Svg(tree) => {
                let size = tree.size();
                self.content
                    .transform([w / size.width(), 0.0, 0.0, h / size.height(), x, y]);
                svg::draw_group(&mut self.content, &mut self.res, tree.root());
            }
        }
        self.content.restore_state();
        Ok(())
    }
}

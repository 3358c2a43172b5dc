//! PNG previews (`--png`): the layout drawn directly into pixels with
//! tiny-skia, glyph outlines from skrifa — the same placed items the PDF
//! gets, without reading the PDF back or running any other program.
//!
//! CMYK inks are shown as their naive sRGB complement (the red C0 M80 Y80
//! K0 as rgb(255, 51, 51)), as in PDF/A. Seals are multiplied onto the page
//! as in the PDF.

use std::collections::HashMap;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};
use tiny_skia::{
    BlendMode, FillRule, FilterQuality, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Stroke,
    Transform,
};

use crate::diag::{Diagnostic, Error};
use crate::fonts::{FaceId, FontBook};
use crate::layout::{ImageBox, Item, Layout, Page, Rule, Star, TextRun};
use crate::resources::{ImageAsset, ImageKind};
use crate::template::Color;
use crate::units::Mm;

/// The resolutions a preview may have: below 10 dpi nothing is legible,
/// above 600 dpi one A4 page needs more than 130 MB of pixels.
pub const PNG_DPI_RANGE: std::ops::RangeInclusive<u32> = 10..=600;

/// One PNG per page of `layout` at `dpi` pixels per inch, in page order.
pub fn write_pngs(layout: &Layout, fonts: &FontBook, dpi: u32) -> Result<Vec<Vec<u8>>, Error> {
    if !PNG_DPI_RANGE.contains(&dpi) {
        return Err(fail(format!(
            "PNG 分辨率 {dpi} dpi 超出允许范围 {}–{} dpi",
            PNG_DPI_RANGE.start(),
            PNG_DPI_RANGE.end()
        )));
    }
    let mut painter = Painter {
        fonts,
        faces: HashMap::new(),
        px_per_mm: dpi as f32 / 25.4,
        frame: Transform::identity(),
    };
    let width = painter.px(layout.width).round() as u32;
    let height = painter.px(layout.height).round() as u32;
    layout
        .pages
        .iter()
        .map(|page| {
            let mut pixmap =
                Pixmap::new(width, height).ok_or_else(|| fail("页面尺寸无效".to_string()))?;
            pixmap.fill(tiny_skia::Color::WHITE);
            painter.page(&mut pixmap, page, &layout.images)?;
            encode(&pixmap).map_err(|e| fail(format!("PNG 编码失败：{e}")))
        })
        .collect()
}

/// 8-bit RGB: the paper is opaque, so the alpha channel (and tiny-skia's
/// un-premultiplying) is dropped — half the encoding time of its own RGBA
/// `encode_png`, same size. (png's `Fast` mode saved little more and made
/// the files 2.5 times larger.)
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

fn fail(message: String) -> Error {
    Error::single(Diagnostic::file_error(std::path::Path::new(""), message))
}

struct Painter<'a> {
    fonts: &'a FontBook,
    /// Faces parsed once per document.
    faces: HashMap<FaceId, Option<FontRef<'a>>>,
    px_per_mm: f32,
    /// Pixel space of the items being drawn: the page's, or a turned
    /// group's (a landscape table) inside it.
    frame: Transform,
}

impl<'a> Painter<'a> {
    fn px(&self, mm: Mm) -> f32 {
        mm.0 * self.px_per_mm
    }

    fn page(
        &mut self,
        pixmap: &mut Pixmap,
        page: &Page,
        images: &[ImageAsset],
    ) -> Result<(), Error> {
        self.items(pixmap, &page.items, images)
    }

    fn items(
        &mut self,
        pixmap: &mut Pixmap,
        items: &[Item],
        images: &[ImageAsset],
    ) -> Result<(), Error> {
        for item in items {
            match item {
                Item::Text(run) => self.text(pixmap, run),
                Item::Rule(rule) => self.rule(pixmap, rule),
                Item::Star(star) => self.star(pixmap, star),
                Item::Image(image) => self.image(pixmap, image, images)?,
                Item::Turned(turned) => {
                    // (u, v) → (origin_x + v, origin_y − u), as in the PDF.
                    let outer = self.frame;
                    self.frame = outer.pre_concat(Transform::from_row(
                        0.0,
                        -1.0,
                        1.0,
                        0.0,
                        self.px(turned.origin_x),
                        self.px(turned.origin_y),
                    ));
                    let drawn = self.items(pixmap, &turned.items, images);
                    self.frame = outer;
                    drawn?;
                }
            }
        }
        Ok(())
    }

    fn font(&mut self, id: FaceId) -> Option<FontRef<'a>> {
        let fonts = self.fonts;
        self.faces
            .entry(id)
            .or_insert_with(|| {
                let face = fonts.face(id);
                let bytes: &'a [u8] = face.data.as_ref().as_ref();
                FontRef::from_index(bytes, face.index).ok()
            })
            .clone()
    }

    fn text(&mut self, pixmap: &mut Pixmap, run: &TextRun) {
        let Some(font) = self.font(run.face) else {
            return;
        };
        let outlines = font.outline_glyphs();
        // Points to pixels: 1 pt = 25.4/72 mm.
        let size_px = run.size.0 * 25.4 / 72.0 * self.px_per_mm;
        let scale_x = if run.scale_x > 0.0 { run.scale_x } else { 1.0 };
        let baseline = self.px(run.baseline);
        let mut pen = Pen(PathBuilder::new());
        for glyph in &run.glyphs {
            let Some(outline) = outlines.get(skrifa::GlyphId::new(u32::from(glyph.glyph))) else {
                continue;
            };
            let settings = DrawSettings::unhinted(Size::new(size_px), LocationRef::default());
            let mut one = Pen(PathBuilder::new());
            if outline.draw(settings, &mut one).is_err() {
                continue;
            }
            let Some(path) = one.0.finish() else {
                continue;
            };
            // Font space is y-up; a condensed run squeezes each glyph.
            let placed = Transform::from_row(scale_x, 0.0, 0.0, -1.0, self.px(glyph.x), baseline);
            if let Some(path) = path.transform(placed) {
                pen.0.push_path(&path);
            }
        }
        if let Some(path) = pen.0.finish() {
            pixmap.fill_path(
                &path,
                &paint(run.color),
                FillRule::Winding,
                self.frame,
                None,
            );
        }
    }

    fn rule(&self, pixmap: &mut Pixmap, rule: &Rule) {
        let rect = Rect::from_ltrb(
            self.px(rule.x0),
            self.px(rule.top),
            self.px(rule.x1),
            self.px(rule.top + rule.thickness),
        );
        if let Some(rect) = rect {
            pixmap.fill_rect(rect, &paint(rule.color), self.frame, None);
        }
    }

    fn star(&self, pixmap: &mut Pixmap, star: &Star) {
        let mut builder = PathBuilder::new();
        for (i, (x, y)) in star.outline().into_iter().enumerate() {
            if i == 0 {
                builder.move_to(self.px(x), self.px(y));
            } else {
                builder.line_to(self.px(x), self.px(y));
            }
        }
        builder.close();
        if let Some(path) = builder.finish() {
            pixmap.fill_path(
                &path,
                &paint(star.color),
                FillRule::Winding,
                self.frame,
                None,
            );
        }
    }

    fn image(
        &self,
        pixmap: &mut Pixmap,
        placed: &ImageBox,
        images: &[ImageAsset],
    ) -> Result<(), Error> {
        let Some(asset) = images.get(placed.image) else {
            return Ok(());
        };
        let blend = if placed.multiply {
            BlendMode::Multiply
        } else {
            BlendMode::SourceOver
        };
        let (x, y) = (self.px(placed.x), self.px(placed.top));
        let (w, h) = (self.px(placed.width), self.px(placed.height));
        match &asset.kind {
            ImageKind::Png(data) => {
                let image = Pixmap::decode_png(data).map_err(|e| {
                    Error::single(Diagnostic::file_error(
                        &asset.path,
                        format!("无法解码 PNG 图片：{e}"),
                    ))
                })?;
                let sx = w / image.width().max(1) as f32;
                let sy = h / image.height().max(1) as f32;
                pixmap.draw_pixmap(
                    0,
                    0,
                    image.as_ref(),
                    &PixmapPaint {
                        blend_mode: blend,
                        quality: FilterQuality::Bilinear,
                        ..PixmapPaint::default()
                    },
                    self.frame
                        .pre_concat(Transform::from_row(sx, 0.0, 0.0, sy, x, y)),
                    None,
                );
            }
            ImageKind::Svg(tree) => {
                let size = tree.size();
                let fit = self.frame.pre_concat(Transform::from_row(
                    w / size.width(),
                    0.0,
                    0.0,
                    h / size.height(),
                    x,
                    y,
                ));
                svg_group(pixmap, tree.root(), fit, 1.0, blend);
            }
        }
        Ok(())
    }
}

/// Collects a glyph outline as a tiny-skia path.
struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// A layout colour on screen (CMYK by its naive sRGB complement).
fn paint(color: Color) -> Paint<'static> {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let (r, g, b) = match super::archival::archival_color(color) {
        Color::Rgb(r, g, b) => (byte(r), byte(g), byte(b)),
        Color::Cmyk(..) => (0, 0, 0),
    };
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    paint.anti_alias = true;
    paint
}

/// An SVG seal's paths (solid fills and strokes, as the PDF draws them);
/// group opacity is applied to each path.
fn svg_group(
    pixmap: &mut Pixmap,
    group: &usvg::Group,
    parent: Transform,
    opacity: f32,
    blend: BlendMode,
) {
    let t = group.transform();
    let transform = parent.pre_concat(Transform::from_row(t.sx, t.ky, t.kx, t.sy, t.tx, t.ty));
    let opacity = opacity * group.opacity().get();
    for node in group.children() {
        match node {
            usvg::Node::Group(child) => svg_group(pixmap, child, transform, opacity, blend),
            usvg::Node::Path(path) => svg_path(pixmap, path, transform, opacity, blend),
            usvg::Node::Image(_) | usvg::Node::Text(_) => {}
        }
    }
}

fn svg_path(
    pixmap: &mut Pixmap,
    path: &usvg::Path,
    transform: Transform,
    opacity: f32,
    blend: BlendMode,
) {
    let solid = |p: &usvg::Paint, alpha: f32| -> Option<Paint<'static>> {
        let usvg::Paint::Color(c) = p else {
            return None;
        };
        let mut paint = Paint::default();
        let a = (alpha * opacity).clamp(0.0, 1.0);
        paint.set_color_rgba8(c.red, c.green, c.blue, (a * 255.0).round() as u8);
        paint.anti_alias = true;
        paint.blend_mode = blend;
        Some(paint)
    };
    if let Some(fill) = path.fill()
        && let Some(paint) = solid(fill.paint(), fill.opacity().get())
    {
        let rule = match fill.rule() {
            usvg::FillRule::NonZero => FillRule::Winding,
            usvg::FillRule::EvenOdd => FillRule::EvenOdd,
        };
        pixmap.fill_path(path.data(), &paint, rule, transform, None);
    }
    if let Some(stroke) = path.stroke()
        && let Some(paint) = solid(stroke.paint(), stroke.opacity().get())
    {
        let style = Stroke {
            width: stroke.width().get(),
            ..Stroke::default()
        };
        pixmap.stroke_path(path.data(), &paint, &style, transform, None);
    }
}

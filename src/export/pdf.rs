//! PDF through krilla: fonts embedded as subsets with ToUnicode, so text is
//! searchable and copies out as the source; no timestamps unless asked.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use krilla::color::{cmyk, rgb};
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Paint};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};
use subsetter::GlyphRemapper;

use super::archival;
use super::cff_subset::{self, HintlessFont};
use crate::diag::{Diagnostic, Error};
use crate::fonts::{FaceId, FontBook};
use crate::layout::{Item, Layout, Rule, Star, TextRun};
use crate::template::Color;
use crate::units::{Mm, Pt};

/// Choices that change the PDF but not the layout.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Creation date as seconds since the Unix epoch (`SOURCE_DATE_EPOCH`);
    /// `None` writes no date, so identical input gives identical bytes
    /// (PDF/A then dates the file by its 成文日期).
    pub creation_time: Option<i64>,
    /// Write PDF/A-2b (`--pdfa`), validated by krilla, with the document's
    /// metadata (see `export::archival`).
    pub pdfa: bool,
    /// Which writer serialises the document.
    pub writer: PdfWriter,
}

/// The two PDF writers. Both draw the same pages with the same fonts; the
/// direct one is several times faster, krilla is kept for what needs its
/// validation (PDF/A) and as the reference the direct writer is tested
/// against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfWriter {
    /// gongwen's own writer (src/export/writer/): the hint-free font
    /// subsets embedded as made, streams compressed in parallel. A document
    /// it cannot write (fonts with CFF2 outlines, say) goes through krilla.
    #[default]
    Direct,
    /// krilla.
    Krilla,
}

/// Write a laid-out document as PDF bytes.
pub fn write_pdf(
    layout: &Layout,
    fonts: &FontBook,
    options: &PdfOptions,
) -> Result<Vec<u8>, Error> {
    // PDF/A goes through krilla, whose validator vouches for it.
    if options.writer == PdfWriter::Direct && !options.pdfa {
        match super::writer::write(layout, fonts, options) {
            Ok(pdf) => return Ok(pdf),
            Err(super::writer::Failure::User(error)) => return Err(error),
            Err(super::writer::Failure::Unsupported(_)) => {}
        }
    }
    write_krilla(layout, fonts, options)
}

/// The document through krilla.
fn write_krilla(layout: &Layout, fonts: &FontBook, options: &PdfOptions) -> Result<Vec<u8>, Error> {
    // Should krilla refuse a hint-free subset (it re-subsets it with the
    // same code that made it, so this is not expected), the document is
    // written again from the original faces rather than failing.
    write(layout, fonts, options, true).or_else(|_| write(layout, fonts, options, false))
}

/// A face as krilla gets it, with the map of glyph ids into it when it is a
/// hint-free subset rather than the original face.
struct Embedded {
    font: Font,
    remapper: Option<GlyphRemapper>,
}

pub(super) fn write(
    layout: &Layout,
    fonts: &FontBook,
    options: &PdfOptions,
    strip_hints: bool,
) -> Result<Vec<u8>, Error> {
    let mut settings = SerializeSettings::default();
    let metadata = if options.pdfa {
        settings.configuration = archival::configuration()?;
        archival::metadata(layout, options.creation_time)?
    } else {
        // The ordinary PDF keeps its bytes: title and producer only.
        let mut metadata = Metadata::new().producer("gongwen".to_string());
        if let Some(title) = &layout.title {
            metadata = metadata.title(title.clone());
        }
        if let Some(seconds) = options.creation_time {
            metadata = metadata.creation_date(datetime_from_epoch(seconds));
        }
        metadata
    };
    let mut document = Document::new_with(settings);
    document.set_metadata(metadata);
    let ink = Ink {
        archival: options.pdfa,
    };

    let mut subsets = if strip_hints {
        hintless_subsets(fonts, layout)
    } else {
        HashMap::new()
    };
    let mut embedded: HashMap<FaceId, Embedded> = HashMap::new();
    let width = layout.width.to_pt().0;
    let height = layout.height.to_pt().0;
    for (index, page) in layout.pages.iter().enumerate() {
        let settings =
            PageSettings::from_wh(width, height).ok_or_else(|| internal("页面尺寸无效"))?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        if let Some(location) = archival::page_location(index) {
            surface.set_location(location);
        }
        let mut drawing = Drawing {
            layout,
            fonts,
            subsets: &mut subsets,
            embedded: &mut embedded,
            ink,
        };
        drawing.items(&mut surface, &page.items)?;
        surface.finish();
        pdf_page.finish();
    }
    let used: Vec<(FaceId, Font)> = embedded
        .into_iter()
        .map(|(id, face)| (id, face.font))
        .collect();
    document
        .finish()
        .map_err(|e| archival::explain(e, fonts, &used))
}

/// What drawing a page needs besides the surface.
struct Drawing<'a> {
    layout: &'a Layout,
    fonts: &'a FontBook,
    subsets: &'a mut HashMap<FaceId, HintlessFont>,
    embedded: &'a mut HashMap<FaceId, Embedded>,
    ink: Ink,
}

impl Drawing<'_> {
    /// Draw items in the current coordinate system; a turned group (a
    /// landscape table) is drawn inside its quarter-turn transform.
    fn items(
        &mut self,
        surface: &mut krilla::surface::Surface<'_>,
        items: &[Item],
    ) -> Result<(), Error> {
        let ink = self.ink;
        for item in items {
            match item {
                Item::Rule(rule) => draw_rule(surface, rule, ink)?,
                Item::Star(star) => draw_star(surface, star, ink),
                Item::Image(image) => {
                    super::images::draw(surface, image, &self.layout.images, ink.archival)?
                }
                Item::Turned(turned) => {
                    // (u, v) → (origin_x + v, origin_y − u), in krilla's y-down space.
                    surface.push_transform(&Transform::from_row(
                        0.0,
                        -1.0,
                        1.0,
                        0.0,
                        pt(turned.origin_x),
                        pt(turned.origin_y),
                    ));
                    self.items(surface, &turned.items)?;
                    surface.pop();
                }
                Item::Text(run) => {
                    let face = match self.embedded.entry(run.face) {
                        Entry::Occupied(entry) => entry.into_mut(),
                        Entry::Vacant(entry) => entry.insert(embed(
                            self.fonts,
                            run.face,
                            self.subsets.remove(&run.face),
                        )?),
                    };
                    draw_run(surface, run, face, ink)?;
                }
            }
        }
        Ok(())
    }
}

/// Adds the glyphs of every text run in `items` (turned groups included)
/// to `used`, by face.
fn collect_glyphs(items: &[Item], used: &mut HashMap<FaceId, BTreeSet<u16>>) {
    for item in items {
        match item {
            Item::Text(run) => used
                .entry(run.face)
                .or_default()
                .extend(run.glyphs.iter().map(|g| g.glyph)),
            Item::Turned(turned) => collect_glyphs(&turned.items, used),
            Item::Rule(_) | Item::Star(_) | Item::Image(_) => {}
        }
    }
}

/// Hint-free subsets of the CFF faces `layout` uses, by face; faces that
/// are not CFF or whose subset failed are missing.
fn hintless_subsets(fonts: &FontBook, layout: &Layout) -> HashMap<FaceId, HintlessFont> {
    // A subset needs every glyph of its face up front.
    let mut used: HashMap<FaceId, BTreeSet<u16>> = HashMap::new();
    for page in &layout.pages {
        collect_glyphs(&page.items, &mut used);
    }
    // Faces are independent and one (the body's) has most of the glyphs: it
    // is done here while the others run on their own threads (~1.5 ms of
    // the sample's export). Each result depends only on its face, so the
    // output does not depend on scheduling.
    let mut faces: Vec<(FaceId, BTreeSet<u16>)> = used.into_iter().collect();
    faces.sort_by_key(|(id, glyphs)| (std::cmp::Reverse(glyphs.len()), *id));
    let subset = |(id, glyphs): &(FaceId, BTreeSet<u16>)| {
        let face = fonts.face(*id);
        cff_subset::hintless_subset((*face.data).as_ref(), face.index, glyphs)
    };
    std::thread::scope(|scope| {
        let (first, rest) = match faces.split_first() {
            Some(split) => split,
            None => return HashMap::new(),
        };
        // A face whose thread cannot be started is done here afterwards.
        let others: Vec<_> = rest
            .iter()
            .map(|face| {
                let thread = std::thread::Builder::new().spawn_scoped(scope, move || subset(face));
                (face, thread.ok())
            })
            .collect();
        let mut subsets = HashMap::new();
        if let Some(font) = subset(first) {
            subsets.insert(first.0, font);
        }
        for (face, thread) in others {
            let font = match thread {
                // A thread that panicked leaves its face to krilla unchanged.
                Some(thread) => thread.join().ok().flatten(),
                None => subset(face),
            };
            if let Some(font) = font {
                subsets.insert(face.0, font);
            }
        }
        subsets
    })
}

/// The face `id` for krilla: its hint-free `subset` when there is one, else
/// the face itself.
fn embed(fonts: &FontBook, id: FaceId, subset: Option<HintlessFont>) -> Result<Embedded, Error> {
    let face = fonts.face(id);
    if let Some(subset) = subset
        && let Some(font) = Font::new(subset.data.into(), 0)
    {
        return Ok(Embedded {
            font,
            remapper: Some(subset.remapper),
        });
    }
    let font = Font::new(face.data.clone().into(), face.index).ok_or_else(|| {
        Error::single(Diagnostic::file_error(
            &face.path,
            "无法读取字体文件（文件损坏或格式不受支持）",
        ))
    })?;
    Ok(Embedded {
        font,
        remapper: None,
    })
}

pub(super) fn internal(message: &str) -> Error {
    Error::single(Diagnostic::file_error(std::path::Path::new(""), message))
}

/// How colours are written: as the layout gives them, or for PDF/A.
#[derive(Debug, Clone, Copy)]
struct Ink {
    archival: bool,
}

impl Ink {
    fn fill(self, color: Color) -> Fill {
        fill(if self.archival {
            archival::archival_color(color)
        } else {
            color
        })
    }
}

fn paint(color: Color) -> Paint {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    match color {
        Color::Cmyk(c, m, y, k) => cmyk::Color::new(byte(c), byte(m), byte(y), byte(k)).into(),
        Color::Rgb(r, g, b) => rgb::Color::new(byte(r), byte(g), byte(b)).into(),
    }
}

fn fill(color: Color) -> Fill {
    Fill {
        paint: paint(color),
        opacity: krilla::num::NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn pt(mm: Mm) -> f32 {
    mm.to_pt().0
}

fn draw_rule(
    surface: &mut krilla::surface::Surface<'_>,
    rule: &Rule,
    ink: Ink,
) -> Result<(), Error> {
    let rect = Rect::from_ltrb(
        pt(rule.x0),
        pt(rule.top),
        pt(rule.x1),
        pt(rule.top + rule.thickness),
    )
    .ok_or_else(|| internal("分隔线尺寸无效"))?;
    let mut builder = PathBuilder::new();
    builder.push_rect(rect);
    let Some(path) = builder.finish() else {
        return Ok(());
    };
    surface.set_fill(Some(ink.fill(rule.color)));
    surface.draw_path(&path);
    Ok(())
}

/// A five-pointed star, point up.
fn draw_star(surface: &mut krilla::surface::Surface<'_>, star: &Star, ink: Ink) {
    let mut builder = PathBuilder::new();
    for (i, (x, y)) in star.outline().into_iter().enumerate() {
        if i == 0 {
            builder.move_to(pt(x), pt(y));
        } else {
            builder.line_to(pt(x), pt(y));
        }
    }
    builder.close();
    if let Some(path) = builder.finish() {
        surface.set_fill(Some(ink.fill(star.color)));
        surface.draw_path(&path);
    }
}

fn draw_run(
    surface: &mut krilla::surface::Surface<'_>,
    run: &TextRun,
    face: &Embedded,
    ink: Ink,
) -> Result<(), Error> {
    let Some(first) = run.glyphs.first() else {
        return Ok(());
    };
    let size: Pt = run.size;
    let origin = first.x;
    let scale = if run.scale_x > 0.0 { run.scale_x } else { 1.0 };
    // Glyph positions are in page space; inside a condensed run they are
    // unscaled about the run's origin so krilla's advances add up.
    let glyphs = run
        .glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let advance = match run.glyphs.get(i + 1) {
                Some(next) => (next.x - g.x) / scale,
                None => g.advance,
            };
            // A subset holds every glyph of the layout, so a miss is a bug;
            // it fails this attempt and the original face is used instead.
            let glyph = match &face.remapper {
                Some(remapper) => remapper
                    .get(g.glyph)
                    .ok_or_else(|| internal("字形不在子集中"))?,
                None => g.glyph,
            };
            Ok(KrillaGlyph::new(
                GlyphId::new(u32::from(glyph)),
                advance.to_pt().0 / size.0,
                0.0,
                0.0,
                0.0,
                g.text.clone(),
                None,
            ))
        })
        .collect::<Result<Vec<KrillaGlyph>, Error>>()?;
    surface.set_fill(Some(ink.fill(run.color)));
    surface.set_stroke(None);
    let condensed = (scale - 1.0).abs() > 1e-6;
    if condensed {
        let x0 = pt(origin);
        surface.push_transform(&Transform::from_row(
            scale,
            0.0,
            0.0,
            1.0,
            x0 * (1.0 - scale),
            0.0,
        ));
    }
    surface.draw_glyphs(
        Point::from_xy(pt(origin), pt(run.baseline)),
        &glyphs,
        face.font.clone(),
        &run.text,
        size.0,
        false,
    );
    if condensed {
        surface.pop();
    }
    Ok(())
}

/// A UTC date from Unix seconds.
pub(super) fn datetime_from_epoch(seconds: i64) -> DateTime {
    let (year, month, day, hour, minute, second) = civil_from_epoch(seconds);
    DateTime::new(year)
        .month(month)
        .day(day)
        .hour(hour)
        .minute(minute)
        .second(second)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// (year, month, day, hour, minute, second) in UTC for Unix seconds, by the
/// days-to-civil algorithm of the proleptic Gregorian calendar.
pub(super) fn civil_from_epoch(seconds: i64) -> (u16, u8, u8, u8, u8, u8) {
    let date = crate::model::civil_from_days(seconds.div_euclid(86_400));
    let rem = seconds.rem_euclid(86_400);
    (
        date.year,
        date.month,
        date.day,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
        (rem % 60) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_civil_dates() {
        assert_eq!(civil_from_epoch(0), (1970, 1, 1, 0, 0, 0));
        // 2020-12-28T08:30:15Z
        assert_eq!(civil_from_epoch(1_609_144_215), (2020, 12, 28, 8, 30, 15));
        // a leap day
        assert_eq!(civil_from_epoch(1_582_934_400), (2020, 2, 29, 0, 0, 0));
    }
}

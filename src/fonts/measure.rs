//! Glyph lookup and metrics for layout, with per-glyph fallback in a role.

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};

use super::{FaceId, FontBook, Role};

/// A glyph of a face: its id and advance in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphInfo {
    pub face: FaceId,
    pub glyph: u16,
    /// Horizontal advance as a fraction of the em.
    pub advance_em: f32,
}

struct FaceMetrics<'a> {
    font: FontRef<'a>,
    charmap: skrifa::charmap::Charmap<'a>,
    glyphs: GlyphMetrics<'a>,
    units_per_em: f32,
    /// Depth of the ideographic em box below the baseline, in em.
    em_descent: f32,
}

/// Measures text with the faces of a [`FontBook`].
pub struct Measurer<'a> {
    book: &'a FontBook,
    faces: Vec<Option<FaceMetrics<'a>>>,
}

impl<'a> Measurer<'a> {
    pub(super) fn new(book: &'a FontBook) -> Self {
        let faces = book
            .faces
            .iter()
            .map(|face| {
                let bytes: &'a [u8] = face.data.as_ref().as_ref();
                let font = FontRef::from_index(bytes, face.index).ok()?;
                let units_per_em = f32::from(font.head().ok()?.units_per_em());
                let charmap = font.charmap();
                let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
                let em_descent = ideographic_descent(&font, units_per_em);
                Some(FaceMetrics {
                    font,
                    charmap,
                    glyphs,
                    units_per_em,
                    em_descent,
                })
            })
            .collect();
        Measurer { book, faces }
    }

    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    /// The glyph for `ch` in exactly this face.
    pub fn glyph_in(&self, face: FaceId, ch: char) -> Option<GlyphInfo> {
        let metrics = self.faces.get(usize::from(face.0))?.as_ref()?;
        let gid = metrics.charmap.map(ch)?;
        if gid.to_u32() == 0 {
            return None;
        }
        let advance = metrics.glyphs.advance_width(gid).unwrap_or(0.0);
        Some(GlyphInfo {
            face,
            glyph: u16::try_from(gid.to_u32()).ok()?,
            advance_em: advance / metrics.units_per_em,
        })
    }

    /// The glyph for `ch` in the first face of `role` that has it.
    pub fn glyph(&self, role: Role, ch: char) -> Option<GlyphInfo> {
        self.book
            .role(role)
            .faces
            .iter()
            .find_map(|&face| self.glyph_in(face, ch))
    }

    /// The first face of `role` (its primary face).
    pub fn primary(&self, role: Role) -> Option<FaceId> {
        self.book.role(role).faces.first().copied()
    }

    /// Depth of the ideographic em box below the baseline, in em.
    pub fn em_descent(&self, face: FaceId) -> f32 {
        self.faces
            .get(usize::from(face.0))
            .and_then(|m| m.as_ref())
            .map_or(DEFAULT_EM_DESCENT, |m| m.em_descent)
    }

    /// Vertical ink extent of a glyph, (bottom, top) in em above the baseline.
    pub fn ink_extent(&self, glyph: GlyphInfo) -> Option<(f32, f32)> {
        let metrics = self.faces.get(usize::from(glyph.face.0))?.as_ref()?;
        let bounds = metrics
            .glyphs
            .bounds(GlyphId::new(u32::from(glyph.glyph)))?;
        if bounds.y_max <= bounds.y_min {
            return None;
        }
        Some((
            bounds.y_min / metrics.units_per_em,
            bounds.y_max / metrics.units_per_em,
        ))
    }

    /// The face's PostScript name, for diagnostics.
    pub fn face_name(&self, face: FaceId) -> String {
        self.faces
            .get(usize::from(face.0))
            .and_then(|m| m.as_ref())
            .and_then(|m| {
                m.font
                    .localized_strings(skrifa::string::StringId::POSTSCRIPT_NAME)
                    .english_or_first()
                    .map(|s| s.to_string())
            })
            .unwrap_or_else(|| self.book.face(face).family.clone())
    }
}

/// The ideographic em box of SimSun-class faces sits 0.12–0.141 em below the
/// baseline; 0.12 is the value of the open CJK faces (Noto/Source Han).
const DEFAULT_EM_DESCENT: f32 = 0.12;

/// Where the ideographic em box bottom lies, from the font's own data.
///
/// The BASE table's `ideo` baseline is the authoritative place; failing
/// that, OS/2 typo metrics describe the em box when they add up to one em
/// (as they do in CJK faces). Line metrics (hhea) are never used: they
/// differ wildly between faces.
fn ideographic_descent(font: &FontRef<'_>, units_per_em: f32) -> f32 {
    if let Some(value) = base_ideo_baseline(font) {
        return (-value / units_per_em).clamp(0.0, 0.5);
    }
    if let Ok(os2) = font.os2() {
        let ascender = f32::from(os2.s_typo_ascender());
        let descender = f32::from(os2.s_typo_descender());
        if (ascender - descender - units_per_em).abs() <= units_per_em * 0.01 {
            return (-descender / units_per_em).clamp(0.0, 0.5);
        }
    }
    DEFAULT_EM_DESCENT
}

/// The `ideo` baseline of the horizontal axis of the BASE table, in units.
fn base_ideo_baseline(font: &FontRef<'_>) -> Option<f32> {
    let base = font.base().ok()?;
    let axis = base.horiz_axis()?.ok()?;
    let tags = axis.base_tag_list()?.ok()?;
    let ideo = tags
        .baseline_tags()
        .iter()
        .position(|t| t.get() == skrifa::Tag::new(b"ideo"))?;
    let scripts = axis.base_script_list().ok()?;
    let record = scripts
        .base_script_records()
        .iter()
        .find(|r| r.base_script_tag() == skrifa::Tag::new(b"hani"))
        .or_else(|| scripts.base_script_records().first())?;
    let script = record.base_script(scripts.offset_data()).ok()?;
    let values = script.base_values()?.ok()?;
    let coord = values.base_coords().get(ideo).ok()?;
    Some(f32::from(coord.coordinate()))
}

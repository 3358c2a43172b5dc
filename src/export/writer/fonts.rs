//! Fonts for the direct writer: which glyphs of which face the document
//! uses, their subset programs and the metrics of the font dictionaries.
//!
//! CFF faces are embedded as the hint-free CID-keyed CFF `cff_subset`
//! makes (FontFile3 /CIDFontType0C, CID = new glyph id through the CFF's
//! identity charset); TrueType faces as `subsetter`'s subset (FontFile2,
//! /CIDToGIDMap /Identity). Descriptor metrics come from the face's tables,
//! so no glyph is drawn to measure a bounding box.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pdf_writer::writers::Widths;
use skrifa::raw::TableProvider;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider, Tag};
use subsetter::GlyphRemapper;

use super::Failure;
use super::compress;
use crate::export::cff_subset;
use crate::fonts::{FaceId, FontBook};
use crate::layout::{Item, Layout, TextRun};

/// How a face's outlines are embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FaceKind {
    /// CFF outlines: CIDFontType0 with FontFile3 /CIDFontType0C.
    Cff,
    /// TrueType outlines: CIDFontType2 with FontFile2.
    TrueType,
}

/// One face as the document uses it.
pub(super) struct FacePlan {
    pub(super) id: FaceId,
    pub(super) kind: FaceKind,
    /// The face's glyph ids the document uses, ascending, .notdef first; a
    /// glyph's position here is its CID (and its id in the subset).
    pub(super) glyphs: Vec<u16>,
    pub(super) remapper: GlyphRemapper,
    /// What each used glyph (by its id in the face) stood for where it was
    /// first shown: its ToUnicode entry.
    pub(super) texts: HashMap<u16, String>,
    /// Advance of each CID, in 1/1000 em.
    pub(super) widths: Vec<f32>,
    /// The most common advance (/DW); only the others go into /W.
    pub(super) default_width: f32,
}

/// The faces `layout` shows text in, by ascending [`FaceId`] (so object
/// numbers do not depend on hashing), each with its glyphs and their text.
pub(super) fn plan(layout: &Layout, book: &FontBook) -> Result<Vec<FacePlan>, Failure> {
    let mut used: BTreeMap<FaceId, (BTreeSet<u16>, HashMap<u16, String>)> = BTreeMap::new();
    for page in &layout.pages {
        for item in super::leaves(&page.items) {
            let Item::Text(run) = item else { continue };
            let (glyphs, texts) = used.entry(run.face).or_default();
            for (i, g) in run.glyphs.iter().enumerate() {
                glyphs.insert(g.glyph);
                texts
                    .entry(g.glyph)
                    .or_insert_with(|| cluster_text(run, i).to_string());
            }
        }
    }
    used.into_iter()
        .map(|(id, (mut glyphs, texts))| {
            let face = book.face(id);
            let font = FontRef::from_index((*face.data).as_ref(), face.index)
                .map_err(|_| Failure::Unsupported("无法读取字体"))?;
            let kind = if font.table_data(Tag::new(b"glyf")).is_some() {
                FaceKind::TrueType
            } else if font.table_data(Tag::new(b"CFF ")).is_some() {
                FaceKind::Cff
            } else {
                return Err(Failure::Unsupported("字体轮廓格式不受支持"));
            };
            let count = font
                .maxp()
                .map_err(|_| Failure::Unsupported("字体缺少 maxp 表"))?
                .num_glyphs();
            // subsetter's remapper counts in u16 (.notdef included).
            if glyphs.last().is_some_and(|&g| g >= count) || glyphs.len() >= usize::from(u16::MAX) {
                return Err(Failure::Unsupported("字形编号超出字体范围"));
            }
            glyphs.insert(0);
            let glyphs: Vec<u16> = glyphs.into_iter().collect();
            let remapper = GlyphRemapper::new_from_glyphs(&glyphs);
            let widths =
                advances(&font, &glyphs).ok_or(Failure::Unsupported("字体缺少 hmtx 表"))?;
            let default_width = most_common(&widths);
            Ok(FacePlan {
                id,
                kind,
                glyphs,
                remapper,
                texts,
                widths,
                default_width,
            })
        })
        .collect()
}

/// The text glyph `i` of `run` stands for: its cluster's text for the first
/// glyph of a cluster, nothing for the glyphs after it.
pub(super) fn cluster_text(run: &TextRun, i: usize) -> &str {
    let Some(glyph) = run.glyphs.get(i) else {
        return "";
    };
    if i > 0 && run.glyphs.get(i - 1).is_some_and(|p| p.text == glyph.text) {
        return "";
    }
    run.text.get(glyph.text.clone()).unwrap_or("")
}

/// A face's embedded program and what its dictionaries say about it.
pub(super) struct FontOut {
    /// The font program, deflated.
    pub(super) program: Vec<u8>,
    /// Its length before deflating (FontFile2's /Length1).
    pub(super) raw_len: usize,
    /// Subset tag (`ABCDEF`), from the face and its glyphs.
    pub(super) tag: String,
    pub(super) metrics: Metrics,
}

/// Font descriptor and width values, in 1/1000 em.
pub(super) struct Metrics {
    pub(super) postscript_name: String,
    pub(super) bbox: [f32; 4],
    pub(super) ascent: f32,
    pub(super) descent: f32,
    pub(super) cap_height: f32,
    pub(super) italic_angle: f32,
    pub(super) stem_v: f32,
    pub(super) serif: bool,
    pub(super) fixed_pitch: bool,
}

/// Subset, measure and deflate one face.
pub(super) fn program(book: &FontBook, plan: &FacePlan) -> Result<FontOut, Failure> {
    let face = book.face(plan.id);
    let data = (*face.data).as_ref();
    let font =
        FontRef::from_index(data, face.index).map_err(|_| Failure::Unsupported("无法读取字体"))?;
    let raw = match plan.kind {
        FaceKind::Cff => cff_subset::hintless_cff(&font, data, face.index, &plan.glyphs),
        FaceKind::TrueType => subsetter::subset(data, face.index, &plan.remapper).ok(),
    }
    .ok_or(Failure::Unsupported("无法生成字体子集"))?;
    let metrics = metrics(&font).ok_or(Failure::Unsupported("字体度量表不完整"))?;
    Ok(FontOut {
        program: compress::deflate(&raw, compress::FONT),
        raw_len: raw.len(),
        tag: subset_tag(&metrics.postscript_name, &plan.glyphs),
        metrics,
    })
}

fn metrics(font: &FontRef<'_>) -> Option<Metrics> {
    let head = font.head().ok()?;
    let upem = f32::from(head.units_per_em().max(1));
    let em = |v: f32| v * 1000.0 / upem;
    let hhea = font.hhea().ok()?;
    let os2 = font.os2().ok();
    let (ascent, descent) = match &os2 {
        Some(os2) => (
            f32::from(os2.s_typo_ascender()),
            f32::from(os2.s_typo_descender()),
        ),
        None => (
            f32::from(hhea.ascender().to_i16()),
            f32::from(hhea.descender().to_i16()),
        ),
    };
    let cap_height = os2
        .as_ref()
        .and_then(|os2| os2.s_cap_height())
        .filter(|&h| h > 0)
        .map_or(ascent, f32::from);
    let weight = os2.as_ref().map_or(400, |os2| os2.us_weight_class());
    // Family classes 1–7 are the serif ones (OS/2 sFamilyClass).
    let serif = os2
        .as_ref()
        .is_some_and(|os2| matches!(os2.s_family_class() >> 8, 1..=7));
    let post = font.post().ok();
    let italic_angle = post.as_ref().map_or(0.0, |p| p.italic_angle().to_f32());
    let fixed_pitch = post.as_ref().is_some_and(|p| p.is_fixed_pitch() != 0);

    Some(Metrics {
        postscript_name: postscript_name(font),
        bbox: [
            em(f32::from(head.x_min())),
            em(f32::from(head.y_min())),
            em(f32::from(head.x_max())),
            em(f32::from(head.y_max())),
        ],
        ascent: em(ascent),
        descent: em(descent),
        cap_height: em(cap_height),
        italic_angle,
        // The usual estimate from the weight class (as krilla makes it).
        stem_v: 10.0 + 0.244 * (f32::from(weight) - 50.0),
        serif,
        fixed_pitch,
    })
}

/// The advances of `glyphs` in 1/1000 em, from the face's hmtx.
fn advances(font: &FontRef<'_>, glyphs: &[u16]) -> Option<Vec<f32>> {
    let upem = f32::from(font.head().ok()?.units_per_em().max(1));
    let hmtx = font.table_data(Tag::new(b"hmtx"))?;
    let hmtx = hmtx.as_bytes();
    let long = usize::from(font.hhea().ok()?.number_of_h_metrics());
    if long == 0 {
        return None;
    }
    glyphs
        .iter()
        .map(|&gid| {
            // Glyphs past the long metrics share the last advance.
            let at = 4 * usize::from(gid).min(long - 1);
            let bytes = hmtx.get(at..at + 2)?;
            Some(f32::from(u16::from_be_bytes([bytes[0], bytes[1]])) * 1000.0 / upem)
        })
        .collect()
}

/// The value occurring most often (the smaller one on a tie), 0 if none.
fn most_common(widths: &[f32]) -> f32 {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for w in widths {
        *counts.entry(w.to_bits()).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then_with(|| f32::from_bits(*b.0).total_cmp(&f32::from_bits(*a.0)))
        })
        .map_or(0.0, |(bits, _)| f32::from_bits(*bits))
}

/// The face's PostScript name, reduced to characters a PDF name and a
/// font name may hold.
fn postscript_name(font: &FontRef<'_>) -> String {
    let name: String = font
        .localized_strings(StringId::POSTSCRIPT_NAME)
        .english_or_first()
        .map(|s| s.chars().collect())
        .unwrap_or_default();
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if name.is_empty() {
        "Font".to_string()
    } else {
        name
    }
}

/// Six capitals naming the subset, from its face name and glyphs (FNV-1a),
/// so the same document always gets the same tags.
fn subset_tag(name: &str, glyphs: &[u16]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = name
        .bytes()
        .chain(glyphs.iter().flat_map(|g| g.to_be_bytes()));
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect()
}

/// /W: runs of consecutive CIDs whose advance is not the default.
pub(super) fn write_widths(w: &mut Widths<'_>, widths: &[f32], default: f32) {
    let mut cid = 0;
    while cid < widths.len() {
        if widths[cid] == default {
            cid += 1;
            continue;
        }
        let start = cid;
        while cid < widths.len() && widths[cid] != default {
            cid += 1;
        }
        // CIDs fit u16: the plan refuses more glyphs than that.
        w.consecutive(start as u16, widths[start..cid].iter().copied());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals_and_depend_on_the_glyphs() {
        let a = subset_tag("NotoSerifCJKsc-Regular", &[0, 5, 9]);
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(a, subset_tag("NotoSerifCJKsc-Regular", &[0, 5, 9]));
        assert_ne!(a, subset_tag("NotoSerifCJKsc-Regular", &[0, 5, 10]));
    }
}

//! Hint-free subsets of CFF faces, made before krilla sees them.
//!
//! krilla subsets and compresses every font itself, with no hook in between,
//! so the hints are taken out beforehand: krilla is given a small OpenType
//! font holding only the glyphs the document uses, their charstrings
//! desubroutinized and without hints. It subsets that again (it cannot be
//! told not to) and compresses it once.
//!
//! The font is made by `cff_flatten` when it understands the face (fast: it
//! copies charstring bytes rather than parsing them), else by `subsetter` —
//! the crate krilla uses — followed by `cff_hints::strip_hints`. Anything
//! unexpected in both returns `None`, and the caller embeds the original
//! face as before: a smaller file is never worth a broken font.

use std::collections::BTreeSet;

use skrifa::raw::TableProvider;
use skrifa::{FontRef, Tag};
use subsetter::GlyphRemapper;

use super::{cff_flatten, cff_hints};

const CFF: [u8; 4] = *b"CFF ";
const GLYF: [u8; 4] = *b"glyf";
const HEAD: [u8; 4] = *b"head";
const OS2: [u8; 4] = *b"OS/2";
/// sfnt version of fonts with CFF outlines.
const OTTO: u32 = 0x4f54_544f;

/// A face cut down to the glyphs a document uses, without hints.
pub(crate) struct HintlessFont {
    /// The subset as an OpenType font (index 0).
    pub(crate) data: Vec<u8>,
    /// Glyph ids of the original face → glyph ids in `data`.
    pub(crate) remapper: GlyphRemapper,
}

/// The face `index` of `data` cut down to `glyphs` with its hints removed,
/// or `None` when it is not a CFF face or anything along the way is not as
/// expected.
pub(crate) fn hintless_subset(
    data: &[u8],
    index: u32,
    glyphs: &BTreeSet<u16>,
) -> Option<HintlessFont> {
    let face = FontRef::from_index(data, index).ok()?;
    // TrueType faces carry no Type 2 hints (and subsetter would treat a face
    // with both tables as TrueType); CFF2 is left to krilla.
    if face.table_data(Tag::new(&GLYF)).is_some() || face.table_data(Tag::new(&CFF)).is_none() {
        return None;
    }
    // A glyph the face does not have would make subsetter fail; the
    // remapper's u16 counter panics past 65 535 glyphs (.notdef included).
    let num_glyphs = face.maxp().ok()?.num_glyphs();
    if glyphs.last().is_some_and(|&g| g >= num_glyphs) || glyphs.len() >= usize::from(u16::MAX) {
        return None;
    }
    // Ascending ids, so the subset does not depend on the order glyphs were
    // met in.
    let glyphs: Vec<u16> = glyphs.iter().copied().collect();
    let remapper = GlyphRemapper::new_from_glyphs(&glyphs);
    let order: Vec<u16> = remapper.remapped_gids().collect();
    // krilla reads the typographic ascender/descender, cap height, weight
    // and embedding permissions of OS/2 into the FontDescriptor: the small
    // font carries the face's own, so the PDF describes the font exactly as
    // before. (krilla's own subset drops the table: it costs no bytes.)
    let os2 = face.table_data(Tag::new(&OS2)).map(|t| t.as_bytes());
    let parses = |font: &Vec<u8>| FontRef::new(font).is_ok();
    let data = flat(&face, &order, os2)
        .filter(parses)
        .or_else(|| via_subsetter(data, index, &remapper, os2).filter(parses))?;
    Some(HintlessFont { data, remapper })
}

/// The bare `CFF ` table of a hint-free subset of `glyphs` (ascending,
/// .notdef first; a glyph's new id and CID is its position), for the direct
/// writer to embed as FontFile3 /CIDFontType0C; `None` when neither
/// `cff_flatten` nor `subsetter` + `strip_hints` takes the face. Both write
/// CID-keyed fonts with an identity charset (subsetter converts name-keyed
/// ones).
pub(crate) fn hintless_cff(
    face: &FontRef<'_>,
    data: &[u8],
    index: u32,
    glyphs: &[u16],
) -> Option<Vec<u8>> {
    if let Some(tables) = cff_flatten::subset_tables(face, glyphs)
        && cff_hints::Font::parse(&tables.cff).is_some()
    {
        return Some(tables.cff);
    }
    let remapper = GlyphRemapper::new_from_glyphs(glyphs);
    let subset = subsetter::subset(data, index, &remapper).ok()?;
    let tables = read_tables(&subset)?;
    let (_, cff) = tables.iter().find(|(tag, _)| *tag == CFF)?;
    cff_hints::strip_hints(cff).filter(|cff| cff_hints::Font::parse(cff).is_some())
}

/// The glyphs `order` (new id = position) of a CID-keyed CFF face,
/// flattened by `cff_flatten`, as an OpenType font.
fn flat(face: &FontRef<'_>, order: &[u16], os2: Option<&[u8]>) -> Option<Vec<u8>> {
    let tables = cff_flatten::subset_tables(face, order)?;
    flat_font(face, tables, order.len(), os2)
}

/// The font around a flattened CFF: the face's own head, name and OS/2,
/// hhea and maxp for the new glyph count, post without glyph names (a
/// CFF font's names are in the CFF).
fn flat_font(
    face: &FontRef<'_>,
    tables: cff_flatten::Tables,
    glyphs: usize,
    os2: Option<&[u8]>,
) -> Option<Vec<u8>> {
    let count = u16::try_from(glyphs).ok()?.to_be_bytes();
    let table = |tag: &[u8; 4]| face.table_data(Tag::new(tag)).map(|t| t.as_bytes());
    let mut hhea = table(b"hhea")?.to_vec();
    hhea.get_mut(34..36)?.copy_from_slice(&count);
    let maxp = [0, 0, 0x50, 0, count[0], count[1]];
    let mut post = table(b"post")?.get(..32)?.to_vec();
    post[..4].copy_from_slice(&0x0003_0000_u32.to_be_bytes());
    let mut out = vec![
        (CFF, tables.cff.as_slice()),
        (HEAD, table(b"head")?),
        (*b"hhea", &hhea),
        (*b"hmtx", &tables.hmtx),
        (*b"maxp", &maxp),
        (*b"name", table(b"name")?),
        (*b"post", &post),
    ];
    if let Some(os2) = os2 {
        out.push((OS2, os2));
    }
    write_sfnt(OTTO, out)
}

/// The face subset by `subsetter`, its CFF stripped of hints.
fn via_subsetter(
    data: &[u8],
    index: u32,
    remapper: &GlyphRemapper,
    os2: Option<&[u8]>,
) -> Option<Vec<u8>> {
    let subset = subsetter::subset(data, index, remapper).ok()?;
    let mut tables = read_tables(&subset)?;
    let cff = tables.iter_mut().find(|(tag, _)| *tag == CFF)?;
    let stripped = cff_hints::strip_hints(cff.1)?;
    cff.1 = &stripped;
    // subsetter drops OS/2 (PDF does not need it).
    if !tables.iter().any(|(tag, _)| *tag == OS2)
        && let Some(os2) = os2
    {
        tables.push((OS2, os2));
    }
    write_sfnt(OTTO, tables)
}

/// The tables of a single (non-collection) CFF-flavoured sfnt, in directory
/// order; `None` if a record points outside the data.
fn read_tables(sfnt: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    if u32_at(sfnt, 0)? != OTTO {
        return None;
    }
    let count = usize::from(u16::from_be_bytes(sfnt.get(4..6)?.try_into().ok()?));
    (0..count)
        .map(|k| {
            let record = sfnt.get(12 + 16 * k..12 + 16 * (k + 1))?;
            let tag: [u8; 4] = record.get(..4)?.try_into().ok()?;
            let offset = usize::try_from(u32_at(record, 8)?).ok()?;
            let len = usize::try_from(u32_at(record, 12)?).ok()?;
            Some((tag, sfnt.get(offset..offset.checked_add(len)?)?))
        })
        .collect()
}

/// An sfnt of `tables` as the OpenType spec lays it out: records sorted by
/// tag, tables 4-byte aligned and zero-padded, checksums and the `head`
/// checksum adjustment computed. `None` on duplicate tags, a short `head` or
/// a font over 4 GiB.
fn write_sfnt(version: u32, mut tables: Vec<([u8; 4], &[u8])>) -> Option<Vec<u8>> {
    tables.sort_by_key(|&(tag, _)| tag);
    if tables.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    let count = u16::try_from(tables.len()).ok()?;
    // The binary-search hints of the directory header.
    let entry_selector = count.checked_ilog2().unwrap_or(0) as u16;
    let search_range = (1u16 << entry_selector).checked_mul(16)?;
    let range_shift = count.checked_mul(16)?.saturating_sub(search_range);

    let directory_len = 12 + 16 * tables.len();
    let total = directory_len
        + tables
            .iter()
            .map(|(_, t)| t.len().next_multiple_of(4))
            .sum::<usize>();
    u32::try_from(total).ok()?;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&version.to_be_bytes());
    for value in [count, search_range, entry_selector, range_shift] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = directory_len;
    let mut head_at = None;
    for &(tag, table) in &tables {
        // The head checksum is taken with its adjustment field zeroed.
        let sum = if tag == HEAD {
            head_at = Some(offset);
            checksum(table.get(..8)?).wrapping_add(checksum(table.get(12..)?))
        } else {
            checksum(table)
        };
        out.extend_from_slice(&tag);
        out.extend_from_slice(&sum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(table.len() as u32).to_be_bytes());
        offset += table.len().next_multiple_of(4);
    }
    for &(tag, table) in &tables {
        let start = out.len();
        out.extend_from_slice(table);
        if tag == HEAD {
            out.get_mut(start + 8..start + 12)?.fill(0);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if out.len() != total {
        return None;
    }
    if let Some(at) = head_at {
        let adjustment = 0xb1b0_afba_u32.wrapping_sub(checksum(&out));
        out.get_mut(at + 8..at + 12)?
            .copy_from_slice(&adjustment.to_be_bytes());
    }
    Some(out)
}

/// The OpenType table checksum: the sum of big-endian u32s, the data taken
/// as zero-padded to a multiple of four (so `head` summed in two parts split
/// at a multiple of four gives the same result).
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
#[path = "cff_subset_tests.rs"]
mod tests;

//! Hint-free subsets of the installed faces (run `fonts/install.sh` first),
//! the PDF they end up in, and the sfnt writer on hand-made tables.

use std::path::Path;
use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::ps::cff::CffFontRef;
use skrifa::raw::ps::cs::CommandSink;
use skrifa::raw::types::Fixed;
use skrifa::{GlyphId, MetadataProvider};

use super::*;
use crate::export::PdfOptions;
use crate::fonts::{Face, FontBook, FontSearch};

fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        FontBook::load(&FontSearch::standard(Vec::new()))
            .unwrap_or_else(|e| panic!("字体缺失，请先运行 fonts/install.sh：\n{e}"))
    })
}

fn sample_path() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/naiman-audit-2020.md"
    ))
}

/// Every distinct character of the sample document.
fn sample_text() -> String {
    let text = std::fs::read_to_string(sample_path()).expect("read the sample");
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars.dedup();
    chars.into_iter().collect()
}

fn bytes(face: &Face) -> &[u8] {
    (*face.data).as_ref()
}

fn font_ref(face: &Face) -> FontRef<'_> {
    FontRef::from_index(bytes(face), face.index).expect("face parses")
}

fn is_cff(face: &Face) -> bool {
    font_ref(face).table_data(Tag::new(&CFF)).is_some()
}

/// The glyphs `face` maps the characters of `text` to.
fn glyphs_of(face: &Face, text: &str) -> BTreeSet<u16> {
    let charmap = font_ref(face).charmap();
    text.chars()
        .filter_map(|c| u16::try_from(charmap.map(c)?.to_u32()).ok())
        .collect()
}

fn table(font: &[u8], tag: [u8; 4]) -> &[u8] {
    FontRef::new(font)
        .expect("font parses")
        .table_data(Tag::new(&tag))
        .map_or(&[][..], |d| d.as_bytes())
}

/// Path commands (in exact 16.16 values) and hint calls of a glyph.
#[derive(Default, Debug, PartialEq)]
struct Outline {
    commands: Vec<(char, Vec<Fixed>)>,
    hints: usize,
}

impl Outline {
    fn bbox(&self) -> Option<[Fixed; 4]> {
        let points = self.commands.iter().flat_map(|(_, v)| v.chunks(2));
        points.fold(None, |b, p| {
            let [x0, y0, x1, y1] = b.unwrap_or([p[0], p[1], p[0], p[1]]);
            Some([x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1])])
        })
    }
}

impl CommandSink for Outline {
    fn move_to(&mut self, x: Fixed, y: Fixed) {
        self.commands.push(('M', vec![x, y]));
    }
    fn line_to(&mut self, x: Fixed, y: Fixed) {
        self.commands.push(('L', vec![x, y]));
    }
    fn curve_to(&mut self, a: Fixed, b: Fixed, c: Fixed, d: Fixed, x: Fixed, y: Fixed) {
        self.commands.push(('C', vec![a, b, c, d, x, y]));
    }
    fn close(&mut self) {
        self.commands.push(('Z', vec![]));
    }
    fn hstem(&mut self, _: Fixed, _: Fixed) {
        self.hints += 1;
    }
    fn vstem(&mut self, _: Fixed, _: Fixed) {
        self.hints += 1;
    }
    fn hint_mask(&mut self, _: &[u8]) {
        self.hints += 1;
    }
    fn counter_mask(&mut self, _: &[u8]) {
        self.hints += 1;
    }
}

/// Glyph `gid` of a CFF program, by skrifa: outline and advance width
/// (absolute: skrifa adds the nominal width or gives the default one).
fn outline(cff: &CffFontRef<'_>, gid: u16) -> (Outline, Option<Fixed>) {
    let gid = GlyphId::from(gid);
    let subfont = cff.subfont_index(gid).expect("FDSelect covers it");
    let subfont = cff.subfont(subfont, &[]).expect("subfont");
    let mut outline = Outline::default();
    let width = cff
        .evaluate_charstring(&subfont, gid, &[], &mut outline)
        .expect("charstring evaluates");
    (outline, width)
}

/// The small font of `glyphs` by each path, with the remapper both use.
fn both_paths(
    face: &Face,
    glyphs: &BTreeSet<u16>,
) -> (GlyphRemapper, [(&'static str, Vec<u8>); 2]) {
    let remapper = GlyphRemapper::new_from_glyphs(&glyphs.iter().copied().collect::<Vec<_>>());
    let order: Vec<u16> = remapper.remapped_gids().collect();
    let face_ref = font_ref(face);
    let os2 = face_ref.table_data(Tag::new(&OS2)).map(|t| t.as_bytes());
    let fast = flat(&face_ref, &order, os2).expect("cff_flatten takes the face");
    let slow = via_subsetter(bytes(face), face.index, &remapper, os2).expect("subsetter path");
    (remapper, [("cff_flatten", fast), ("subsetter", slow)])
}

#[test]
fn subsets_keep_every_outline_width_and_box() {
    let text = sample_text();
    let mut faces = 0;
    for (_, face) in book().faces().filter(|(_, f)| is_cff(f)) {
        faces += 1;
        let glyphs = glyphs_of(face, &text);
        let (remapper, paths) = both_paths(face, &glyphs);
        let chosen = hintless_subset(bytes(face), face.index, &glyphs).expect("CFF face subsets");
        assert_eq!(chosen.data, paths[0].1, "the fast path is taken");
        assert_eq!(chosen.remapper, remapper);
        let original = font_ref(face);
        let original_cff =
            CffFontRef::new(table_of(&original, CFF), 0, None).expect("skrifa reads the face");
        let old_metrics = original.glyph_metrics(Size::unscaled(), LocationRef::default());
        let plain = subsetter::subset(bytes(face), face.index, &remapper).unwrap();
        for (path, font) in &paths {
            let stripped_cff = table(font, CFF);
            let stripped = CffFontRef::new(stripped_cff, 0, None).expect("skrifa reads it");
            let small = FontRef::new(font).expect("subset parses");
            let new_metrics = small.glyph_metrics(Size::unscaled(), LocationRef::default());
            assert_eq!(
                stripped.num_glyphs() as usize,
                glyphs.len() + usize::from(!glyphs.contains(&0))
            );
            let mut old_hints = 0;
            for &old in std::iter::once(&0).chain(&glyphs) {
                let new = remapper.get(old).expect("every glyph is mapped");
                let (before, old_width) = outline(&original_cff, old);
                let (after, new_width) = outline(&stripped, new);
                old_hints += before.hints;
                assert_eq!(after.hints, 0, "{path}: glyph {old} keeps hints");
                assert_eq!(
                    before.commands, after.commands,
                    "{path}: glyph {old} outline"
                );
                assert_eq!(before.bbox(), after.bbox(), "{path}: glyph {old} box");
                assert_eq!(old_width, new_width, "{path}: glyph {old} charstring width");
                let (old, new) = (GlyphId::from(old), GlyphId::from(new));
                assert_eq!(
                    old_metrics.advance_width(old),
                    new_metrics.advance_width(new),
                    "{path}: glyph {old} hmtx advance"
                );
                assert_eq!(
                    old_metrics.left_side_bearing(old),
                    new_metrics.left_side_bearing(new),
                    "{path}: glyph {old} hmtx side bearing"
                );
            }
            assert!(old_hints > 0, "{} had hints to strip", face.family);

            // The font program shrank by at least a tenth against the plain
            // subset, and stripping it again changes nothing.
            let plain_cff = table(&plain, CFF);
            assert!(
                stripped_cff.len() * 10 < plain_cff.len() * 9,
                "{path}: {} → {}",
                plain_cff.len(),
                stripped_cff.len()
            );
            assert_eq!(
                cff_hints::strip_hints(stripped_cff).as_deref(),
                Some(stripped_cff),
                "{path}"
            );
        }
    }
    assert!(faces > 0, "need CFF faces");
}

fn table_of<'a>(font: &FontRef<'a>, tag: [u8; 4]) -> &'a [u8] {
    font.table_data(Tag::new(&tag)).expect("table").as_bytes()
}

#[test]
fn subset_is_a_well_formed_font_krilla_takes() {
    let (_, face) = book().faces().find(|(_, f)| is_cff(f)).expect("a CFF face");
    let glyphs = glyphs_of(face, "公文格式一二三Ab1");
    for (path, font) in both_paths(face, &glyphs).1 {
        assert_well_formed(&font);
        let tags: Vec<[u8; 4]> = read_tables(&font)
            .unwrap()
            .iter()
            .map(|(t, _)| *t)
            .collect();
        for tag in [
            CFF, HEAD, OS2, *b"hhea", *b"hmtx", *b"maxp", *b"name", *b"post",
        ] {
            assert!(
                tags.contains(&tag),
                "{path}: {}",
                String::from_utf8_lossy(&tag)
            );
        }
        assert_eq!(table(&font, OS2), table_of(&font_ref(face), OS2), "{path}");

        // krilla takes it, subsets it again and embeds it without hints.
        let font = krilla::text::Font::new(font.into(), 0).expect("krilla reads it");
        let new_glyphs: Vec<krilla::text::KrillaGlyph> = (1..=glyphs.len() as u32)
            .map(|gid| {
                let gid = krilla::text::GlyphId::new(gid);
                krilla::text::KrillaGlyph::new(gid, 1.0, 0.0, 0.0, 0.0, 0..0, None)
            })
            .collect();
        let mut document = krilla::Document::new();
        let settings = krilla::page::PageSettings::from_wh(200.0, 200.0).unwrap();
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let origin = krilla::geom::Point::from_xy(10.0, 100.0);
        surface.draw_glyphs(origin, &new_glyphs, font, "", 10.0, false);
        surface.finish();
        page.finish();
        let pdf = document.finish().expect("krilla writes it");
        assert_eq!(hints_in_pdf(&pdf), (1, 0), "{path}");
    }
    let once = hintless_subset(bytes(face), face.index, &glyphs).unwrap();
    let again = hintless_subset(bytes(face), face.index, &glyphs).unwrap();
    assert_eq!(again.data, once.data, "deterministic");
}

/// Records sorted and in bounds, tables 4-aligned and zero-padded, every
/// checksum right and the whole font summing to the magic number.
fn assert_well_formed(font: &[u8]) {
    assert_eq!(font.len() % 4, 0);
    let tables = read_tables(font).expect("directory reads");
    let count = tables.len();
    let field = |at: usize| u16::from_be_bytes([font[at], font[at + 1]]);
    let selector = count.ilog2() as u16;
    assert_eq!(field(6), 16 << selector, "searchRange");
    assert_eq!(field(8), selector, "entrySelector");
    assert_eq!(usize::from(field(10)), count * 16 - (16 << selector));
    let mut end = 12 + 16 * count;
    for k in 0..count {
        let record = &font[12 + 16 * k..28 + 16 * k];
        let (tag, table) = tables[k];
        if k > 0 {
            assert!(tables[k - 1].0 < tag, "sorted");
        }
        let offset = u32_at(record, 8).unwrap() as usize;
        assert_eq!(offset, end, "packed in order");
        assert_eq!(offset % 4, 0);
        let padded = offset + table.len().next_multiple_of(4);
        assert!(font[offset + table.len()..padded].iter().all(|&b| b == 0));
        end = padded;
        let mut data = table.to_vec();
        if tag == HEAD {
            data[8..12].fill(0);
        }
        assert_eq!(u32_at(record, 4), Some(checksum(&data)), "checksum");
    }
    assert_eq!(end, font.len());
    assert_eq!(checksum(font), 0xb1b0_afba);
}

#[test]
fn sfnt_writer_lays_out_hand_made_tables() {
    let head = [7u8; 54];
    let tables = vec![
        (*b"zzzz", &b"abc"[..]),
        (HEAD, &head[..]),
        (*b"aaaa", &b""[..]),
        (*b"mmmm", &b"12345678"[..]),
        (*b"bbbb", &b"x"[..]),
    ];
    let font = write_sfnt(OTTO, tables.clone()).expect("writes");
    assert_well_formed(&font);
    let read = read_tables(&font).unwrap();
    let mut sorted = tables.clone();
    sorted.sort();
    assert_eq!(read.len(), sorted.len());
    for ((tag, data), (want_tag, want)) in read.iter().zip(&sorted) {
        assert_eq!(tag, want_tag);
        if *tag == HEAD {
            assert_eq!(data[..8], want[..8]);
            assert_eq!(data[12..], want[12..]);
        } else {
            assert_eq!(data, want);
        }
    }
    // Duplicate tags and a head too short for its adjustment are refused.
    assert!(write_sfnt(OTTO, vec![(*b"aaaa", &b""[..]), (*b"aaaa", &b"1"[..])]).is_none());
    assert!(write_sfnt(OTTO, vec![(HEAD, &b"short"[..])]).is_none());
    assert_eq!(checksum(&[1, 2, 3, 4, 5]), 0x0102_0304 + 0x0500_0000);
}

#[test]
fn other_faces_and_bad_input_are_refused() {
    let truetype = book()
        .faces()
        .find(|(_, f)| !is_cff(f))
        .expect("a TrueType face")
        .1;
    let glyphs = glyphs_of(truetype, "Ab1");
    assert!(hintless_subset(bytes(truetype), truetype.index, &glyphs).is_none());

    let (_, face) = book().faces().find(|(_, f)| is_cff(f)).unwrap();
    let beyond = [u16::MAX].into_iter().collect();
    assert!(hintless_subset(bytes(face), face.index, &beyond).is_none());
    assert!(hintless_subset(b"not a font", 0, &glyphs).is_none());
    assert!(hintless_subset(bytes(face), 99, &glyphs).is_none());

    // Damaged small fonts: any answer is fine as long as it is an answer.
    let small = hintless_subset(bytes(face), face.index, &glyphs_of(face, "公文格式一"))
        .unwrap()
        .data;
    let glyphs: BTreeSet<u16> = (0..6).collect();
    let mut seed = 0x9e37_79b9_u32;
    for round in 0..400 {
        let mut font = small.clone();
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let at = seed as usize % font.len();
        if round % 4 == 0 {
            font.truncate(at);
        } else {
            font[at] = (seed >> 24) as u8;
        }
        let _ = read_tables(&font);
        let _ = hintless_subset(&font, 0, &glyphs);
    }
}

#[test]
fn damaged_font_programs_never_panic() {
    // The CFF of a few glyphs keeps this quick in debug builds.
    let (_, face) = book().faces().find(|(_, f)| is_cff(f)).unwrap();
    let remapper = GlyphRemapper::new_from_glyphs_sorted(
        &glyphs_of(face, "公文格式一二三Ab1")
            .into_iter()
            .collect::<Vec<_>>(),
    );
    let plain = subsetter::subset(bytes(face), face.index, &remapper).unwrap();
    let cff = table(&plain, CFF).to_vec();
    assert!(cff_hints::strip_hints(&cff).is_some());
    let mut seed = 0x2545_f491_u32;
    for round in 0..3000 {
        let mut damaged = cff.clone();
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let at = seed as usize % damaged.len();
        if round % 3 == 0 {
            damaged.truncate(at);
        } else {
            damaged[at] = (seed >> 24) as u8;
        }
        let _ = cff_hints::strip_hints(&damaged);
    }
}

/// Hint operators left in the CID-keyed CFF programs of a PDF, and how many
/// programs there are.
fn hints_in_pdf(pdf: &[u8]) -> (usize, usize) {
    let document = lopdf::Document::load_mem(pdf).expect("lopdf loads it");
    let (mut programs, mut hints) = (0, 0);
    for object in document.objects.values() {
        if let lopdf::Object::Stream(stream) = object
            && stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"CIDFontType0C")
        {
            programs += 1;
            let cff = stream.decompressed_content().expect("inflates");
            let font = CffFontRef::new(&cff, 0, None).expect("skrifa reads it");
            for gid in 0..font.num_glyphs() {
                hints += outline(&font, gid as u16).0.hints;
            }
        }
    }
    (programs, hints)
}

#[test]
fn the_sample_embeds_hint_free_programs() {
    let engine = crate::Engine::new(&FontSearch::standard(Vec::new())).expect("fonts load");
    let text = std::fs::read_to_string(sample_path()).unwrap();
    let layout = engine.layout(sample_path(), &text).expect("lays out");
    let options = PdfOptions::default();
    let pdf = crate::export::write_pdf(&layout, engine.fonts(), &options).expect("writes");
    let (programs, hints) = hints_in_pdf(&pdf);
    assert!(programs > 0);
    assert_eq!(hints, 0);
    assert_eq!(
        crate::export::write_pdf(&layout, engine.fonts(), &options).unwrap(),
        pdf,
        "deterministic"
    );

    // The same document from the original faces: hinted, and larger.
    let hinted = super::super::pdf::write(&layout, engine.fonts(), &options, false).unwrap();
    let (hinted_programs, old_hints) = hints_in_pdf(&hinted);
    assert_eq!(hinted_programs, programs);
    assert!(old_hints > 0);
    assert!(pdf.len() < hinted.len(), "{} ≥ {}", pdf.len(), hinted.len());
}

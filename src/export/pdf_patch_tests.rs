//! The pass on PDFs krilla writes with the installed fonts (run
//! `fonts/install.sh` first), and the PDF reader on hand-made files.

use std::sync::OnceLock;

use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::raw::ps::cff::CffFontRef;
use skrifa::raw::ps::cs::CommandSink;
use skrifa::raw::types::Fixed;
use skrifa::{FontRef, MetadataProvider, Tag};

use super::*;
use crate::export::cff_hints::strip_hints;
use crate::fonts::{FontBook, FontSearch};

/// Every distinct character of the sample document.
fn sample_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/naiman-audit-2020.md");
    let text = std::fs::read_to_string(path).expect("read the sample");
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars.dedup();
    chars.into_iter().collect()
}

/// [`krilla_pdf_of`] the sample's characters, made once.
fn krilla_pdf() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| krilla_pdf_of(&sample_text()))
}

/// What krilla writes, before the pass: `text` set in every installed CFF
/// face and in one TrueType face, one line each.
fn krilla_pdf_of(text: &str) -> Vec<u8> {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    let book = BOOK.get_or_init(|| {
        FontBook::load(&FontSearch::standard(Vec::new()))
            .unwrap_or_else(|e| panic!("字体缺失，请先运行 fonts/install.sh：\n{e}"))
    });
    let mut document = Document::new();
    let mut page = document.start_page_with(PageSettings::from_wh(595.0, 842.0).unwrap());
    let mut surface = page.surface();
    let (mut cff_faces, mut truetype_faces) = (0u8, 0u8);
    for (_, face) in book.faces() {
        let data: &[u8] = (*face.data).as_ref();
        let font_ref = FontRef::from_index(data, face.index).expect("face parses");
        let is_cff = font_ref.table_data(Tag::new(b"CFF ")).is_some();
        if !is_cff && truetype_faces > 0 {
            continue;
        }
        let charmap = font_ref.charmap();
        let glyphs: Vec<KrillaGlyph> = text
            .char_indices()
            .filter_map(|(at, c)| {
                let gid = charmap.map(c)?.to_u32();
                let range = at..at + c.len_utf8();
                Some(KrillaGlyph::new(
                    GlyphId::new(gid),
                    1.0,
                    0.0,
                    0.0,
                    0.0,
                    range,
                    None,
                ))
            })
            .collect();
        let font = Font::new(face.data.clone().into(), face.index).expect("krilla font");
        let y = 20.0 + 20.0 * f32::from(cff_faces + truetype_faces);
        surface.draw_glyphs(Point::from_xy(10.0, y), &glyphs, font, text, 10.0, false);
        if is_cff {
            cff_faces += 1;
        } else {
            truetype_faces += 1;
        }
    }
    assert!(
        cff_faces > 0 && truetype_faces > 0,
        "need CFF and TrueType faces"
    );
    surface.finish();
    page.finish();
    document.finish().expect("krilla writes the PDF")
}

fn inflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(data), &mut out)
        .expect("inflates");
    out
}

fn cff_streams(pdf: &[u8]) -> Vec<Stream> {
    let xref = Xref::parse(pdf).expect("xref parses");
    xref.streams(pdf)
        .filter(|s| s.subtype.as_deref() == Some(b"CIDFontType0C".as_slice()))
        .collect()
}

/// Path commands (in exact 16.16 values), hint calls and the ink box.
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

/// Each glyph of a CFF font program: outline and advance width, by skrifa.
fn outlines(cff: &[u8]) -> Vec<(Outline, Option<Fixed>)> {
    let font = CffFontRef::new(cff, 0, None).expect("skrifa reads the CFF");
    (0..font.num_glyphs())
        .map(|gid| {
            let gid = gid.into();
            let subfont = font.subfont_index(gid).expect("FDSelect covers it");
            let subfont = font.subfont(subfont, &[]).expect("subfont");
            let mut outline = Outline::default();
            let width = font
                .evaluate_charstring(&subfont, gid, &[], &mut outline)
                .expect("charstring evaluates");
            (outline, width)
        })
        .collect()
}

#[test]
fn stripped_subsets_keep_outlines_widths_and_boxes() {
    let pdf = krilla_pdf();
    let streams = cff_streams(pdf);
    assert!(!streams.is_empty());
    for stream in streams {
        let cff = inflate(&pdf[stream.data.clone()]);
        let stripped = strip_hints(&cff).expect("krilla's CFF is understood");
        let (before, after) = (outlines(&cff), outlines(&stripped));
        assert_eq!(before.len(), after.len());
        assert!(before.iter().map(|(o, _)| o.hints).sum::<usize>() > 0);
        for (gid, ((old, old_width), (new, new_width))) in before.iter().zip(&after).enumerate() {
            assert_eq!(new.hints, 0, "glyph {gid} keeps hints");
            assert_eq!(old.commands, new.commands, "glyph {gid} outline");
            assert_eq!(old.bbox(), new.bbox(), "glyph {gid} box");
            assert_eq!(old_width, new_width, "glyph {gid} width");
        }
        // The font program itself shrank by at least a tenth.
        assert!(
            stripped.len() * 10 < cff.len() * 9,
            "{} → {}",
            cff.len(),
            stripped.len()
        );
        assert_eq!(
            strip_hints(&stripped).as_ref(),
            Some(&stripped),
            "idempotent"
        );
    }
}

/// Every in-use xref entry points at its `n 0 obj`, startxref at `xref`.
fn assert_xref_consistent(pdf: &[u8]) {
    let xref = Xref::parse(pdf).expect("xref parses");
    assert!(pdf[xref.start..].starts_with(b"xref"));
    for &(number, offset, _) in &xref.objects {
        let header = format!("{number} 0 obj");
        assert!(
            pdf[offset..].starts_with(header.as_bytes()),
            "object {number}"
        );
    }
}

#[test]
fn patched_pdf_is_consistent_and_loads_in_lopdf() {
    let original = krilla_pdf();
    let patched = strip_font_hints(original.to_vec());
    assert!(patched.len() < original.len());
    assert_eq!(
        strip_font_hints(original.to_vec()),
        patched,
        "deterministic"
    );
    assert_xref_consistent(&patched);

    // Same objects; streams other than the CFF fonts byte-identical.
    let old_xref = Xref::parse(original).unwrap();
    let new_xref = Xref::parse(&patched).unwrap();
    assert_eq!(old_xref.objects.len(), new_xref.objects.len());
    let old: Vec<Stream> = old_xref.streams(original).collect();
    let new: Vec<Stream> = new_xref.streams(&patched).collect();
    assert_eq!(old.len(), new.len(), "every stream still ends at endstream");
    let mut replaced = 0;
    for (a, b) in old.iter().zip(&new) {
        if a.subtype.as_deref() == Some(b"CIDFontType0C".as_slice()) {
            replaced += 1;
            assert!(b.data.len() < a.data.len());
        } else {
            assert_eq!(original[a.data.clone()], patched[b.data.clone()]);
        }
    }
    assert!(replaced > 0);

    let document = lopdf::Document::load_mem(&patched).expect("lopdf loads it");
    let mut fonts = 0;
    for object in document.objects.values() {
        if let lopdf::Object::Stream(stream) = object
            && stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"CIDFontType0C")
        {
            let cff = stream.decompressed_content().expect("inflates");
            CffFontRef::new(&cff, 0, None).expect("skrifa reads it");
            fonts += 1;
        }
    }
    assert_eq!(fonts, replaced);
}

#[test]
fn files_it_cannot_read_come_back_unchanged() {
    let original = krilla_pdf();
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"%PDF-1.7\nnot really\n%%EOF".to_vec(),
        original[..original.len() / 2].to_vec(),
        // startxref pointing one byte off.
        {
            let mut pdf = original.to_vec();
            let at = rfind(&pdf, b"startxref").unwrap() + 10;
            let last = at + count_digits(&pdf, at) - 1;
            pdf[last] ^= 1;
            pdf
        },
        // An incremental update.
        {
            let mut pdf = original.to_vec();
            let at = rfind(&pdf, b"trailer\n<<").unwrap() + 10;
            pdf.splice(at..at, b"/Prev 0".iter().copied());
            pdf
        },
    ];
    for pdf in cases {
        assert_eq!(strip_font_hints(pdf.clone()), pdf);
    }
}

#[test]
fn damaged_font_programs_never_panic() {
    // A few glyphs keep this quick in debug builds.
    let pdf = krilla_pdf_of("公文格式一二三Ab1");
    let smallest = cff_streams(&pdf)
        .into_iter()
        .map(|s| inflate(&pdf[s.data]))
        .min_by_key(Vec::len)
        .unwrap();
    assert!(strip_hints(&smallest).is_some());
    let mut seed = 0x2545_f491_u32;
    for round in 0..3000 {
        let mut cff = smallest.clone();
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let at = seed as usize % cff.len();
        if round % 3 == 0 {
            cff.truncate(at);
        } else {
            cff[at] = (seed >> 24) as u8;
        }
        // Any answer is fine as long as it is an answer.
        let _ = strip_hints(&cff);
    }
}

/// A file of `objects` (bodies after `n 0 obj\n`) with its xref table.
fn hand_pdf(objects: &[&[u8]]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (k, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", k + 1).bytes());
        pdf.extend_from_slice(body);
        pdf.extend(b"\nendobj\n");
    }
    let start = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n\r\n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<</Size {}>>\nstartxref\n{start}\n%%EOF",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

#[test]
fn stream_dictionaries_are_read_token_by_token() {
    let pdf = hand_pdf(&[
        b"<< /Type /Catalog >>",
        // Pretty-printed, a string with `>>` and escaped parentheses, nested
        // containers and references around the keys that matter.
        b"<<\n  /Note (a >> \\) (b) c)  /Ref 12 0 R\n  /Arr [1 0 R <41> << /X [ ] >>]\n  \
          /Filter [/FlateDecode] % a comment\n  /Length 5 /Subtype /CIDFontType0C\n>>\n\
          stream\r\nabcde\r\nendstream",
        // Indirect length: not touched.
        b"<</Length 9 0 R/Filter/FlateDecode/Subtype/CIDFontType0C>>\nstream\nabcde\nendstream",
        // Wrong length: not touched.
        b"<</Length 4/Filter/FlateDecode/Subtype/CIDFontType0C>>\nstream\nabcde\nendstream",
        // Parameters to the filter: read, but not plain Flate.
        b"<</Length 5/Filter/FlateDecode/DecodeParms<</Predictor 12>>>>\nstream\nabcde\nendstream",
    ]);
    let xref = Xref::parse(&pdf).expect("xref parses");
    assert_eq!(xref.objects.len(), 5);
    let streams: Vec<Stream> = xref.streams(&pdf).collect();
    assert_eq!(streams.len(), 2, "{streams:?}");
    assert_eq!(
        streams[0].subtype.as_deref(),
        Some(b"CIDFontType0C".as_slice())
    );
    assert!(streams[0].flate_only);
    assert_eq!(&pdf[streams[0].data.clone()], b"abcde");
    assert!(!streams[1].flate_only);

    // Replacing the stream moves every later object and the xref.
    let first = xref.streams(&pdf).next().unwrap();
    let patched =
        replace_streams(&pdf, &xref, vec![(first, b"0123456789ab".to_vec())]).expect("patches");
    assert_xref_consistent(&patched);
    let stream = Xref::parse(&patched)
        .unwrap()
        .streams(&patched)
        .next()
        .unwrap();
    assert_eq!(&patched[stream.data], b"0123456789ab");
    lopdf::Document::load_mem(&patched).expect("lopdf loads it");
}

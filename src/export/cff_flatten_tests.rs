//! Hand-built charstrings and subroutines; every glyph of the installed CFF
//! faces against skrifa's reading of the original.

use skrifa::raw::ps::cff::CffFontRef;
use skrifa::raw::ps::cs::CommandSink;
use skrifa::raw::types::Fixed;

use super::*;
use crate::fonts::{FontBook, FontSearch};

/// A charstring token: an operand (Type 2 number), an operator, raw bytes.
#[derive(Clone, Copy)]
enum T {
    N(i32),
    Op(u8),
    Raw(&'static [u8]),
}
use T::{N, Op, Raw};

const HSTEM: u8 = 1;
const HLINETO: u8 = 6;
const CALLSUBR: u8 = 10;
const RETURN: u8 = 11;
const ENDCHAR: u8 = 14;
const HSTEMHM: u8 = 18;
const HINTMASK: u8 = 19;
const RMOVETO: u8 = 21;
const CALLGSUBR: u8 = 29;

fn cs(tokens: &[T]) -> Vec<u8> {
    let mut out = Vec::new();
    for token in tokens {
        match *token {
            N(v @ -107..=107) => out.push((v + 139) as u8),
            N(v @ 108..=1131) => {
                out.extend([((v - 108) / 256 + 247) as u8, ((v - 108) % 256) as u8])
            }
            N(v @ -1131..=-108) => {
                out.extend([((-v - 108) / 256 + 251) as u8, ((-v - 108) % 256) as u8])
            }
            N(v) => {
                out.push(28);
                out.extend((v as i16).to_be_bytes());
            }
            Op(op) => out.push(op),
            Raw(bytes) => out.extend_from_slice(bytes),
        }
    }
    out
}

/// An INDEX of `items`.
fn index_bytes(items: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    let len = items.iter().map(|i| i.len()).sum();
    cff_hints::write_index(&mut out, items.iter().copied(), len);
    out
}

/// `charstring` flattened with these local and global subroutines.
fn flatten(charstring: &[u8], local: &[&[u8]], global: &[&[u8]]) -> Option<Vec<u8>> {
    let (local, global) = (index_bytes(local), index_bytes(global));
    let local = Subrs::new(Index::parse(&local, 0).unwrap().0);
    let global = Subrs::new(Index::parse(&global, 0).unwrap().0);
    let mut out = vec![0xaa];
    Flattener::new(&mut out, &global, &local).run(charstring)?;
    assert_eq!(out[0], 0xaa, "earlier output is kept");
    Some(out.split_off(1))
}

#[test]
fn subroutines_are_inlined_and_their_hints_dropped() {
    // The width (500) is pushed here and consumed by the hstem in the
    // subroutine; it moves to the rmoveto.
    let local = cs(&[N(10), N(20), Op(HSTEM), Op(RETURN)]);
    let global = cs(&[N(50), Op(HLINETO), Op(RETURN)]);
    let glyph = cs(&[
        N(500),
        N(-107),
        Op(CALLSUBR),
        N(100),
        N(200),
        Op(RMOVETO),
        N(-107),
        Op(CALLGSUBR),
        Op(ENDCHAR),
    ]);
    let expected = cs(&[
        N(500),
        N(100),
        N(200),
        Op(RMOVETO),
        N(50),
        Op(HLINETO),
        Op(ENDCHAR),
    ]);
    assert_eq!(flatten(&glyph, &[&local], &[&global]), Some(expected));
}

#[test]
fn operands_cross_subroutine_boundaries() {
    // The caller pushes the moveto's operands, the subroutine applies it.
    let local = cs(&[Op(RMOVETO), Op(RETURN)]);
    let glyph = cs(&[N(100), N(200), N(-107), Op(CALLSUBR), Op(ENDCHAR)]);
    let expected = cs(&[N(100), N(200), Op(RMOVETO), Op(ENDCHAR)]);
    assert_eq!(flatten(&glyph, &[&local], &[]), Some(expected));
}

#[test]
fn hintmask_in_a_subroutine_skips_its_mask() {
    // Two stems → one mask byte, which must not be read as an operand.
    let local = cs(&[
        Op(HINTMASK),
        Raw(&[0xc0]),
        N(10),
        N(10),
        Op(RMOVETO),
        Op(RETURN),
    ]);
    let glyph = cs(&[
        N(1),
        N(2),
        N(3),
        N(4),
        Op(HSTEMHM),
        N(-107),
        Op(CALLSUBR),
        Op(ENDCHAR),
    ]);
    let expected = cs(&[N(10), N(10), Op(RMOVETO), Op(ENDCHAR)]);
    assert_eq!(flatten(&glyph, &[&local], &[]), Some(expected));
}

#[test]
fn endchar_in_a_subroutine_ends_the_glyph() {
    let global = cs(&[N(5), Op(HLINETO), Op(ENDCHAR)]);
    // What follows the call is never executed.
    let glyph = cs(&[
        N(0),
        N(0),
        Op(RMOVETO),
        N(-107),
        Op(CALLGSUBR),
        Raw(&[0xff]),
    ]);
    let expected = cs(&[N(0), N(0), Op(RMOVETO), N(5), Op(HLINETO), Op(ENDCHAR)]);
    assert_eq!(flatten(&glyph, &[], &[&global]), Some(expected));
}

#[test]
fn the_bias_follows_the_subroutine_count() {
    let items = |n: usize| vec![&b"x"[..]; n];
    for (count, bias) in [
        (0, 107),
        (1239, 107),
        (1240, 1131),
        (33_899, 1131),
        (33_900, 32_768),
    ] {
        let bytes = index_bytes(&items(count));
        let subrs = Subrs::new(Index::parse(&bytes, 0).unwrap().0);
        assert_eq!(subrs.bias, bias, "{count} subroutines");
        assert_eq!(subrs.get(-bias).is_some(), count > 0);
        assert!(subrs.get(count as i32 - bias).is_none());
    }
}

#[test]
fn doubtful_charstrings_are_refused() {
    let recursive = cs(&[N(-107), Op(CALLSUBR), Op(RETURN)]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("return at top level", cs(&[Op(RETURN)])),
        ("no endchar", cs(&[N(0), N(0), Op(RMOVETO)])),
        ("missing subroutine", cs(&[N(5), Op(CALLSUBR), Op(ENDCHAR)])),
        ("call without operand", cs(&[Op(CALLSUBR), Op(ENDCHAR)])),
        (
            "16.16 subroutine number",
            cs(&[Raw(&[255, 0, 0, 0, 0]), Op(CALLSUBR)]),
        ),
        (
            "endless recursion",
            cs(&[N(-107), Op(CALLSUBR), Op(ENDCHAR)]),
        ),
        (
            "arithmetic (add)",
            cs(&[N(1), N(2), Raw(&[12, 10]), Op(ENDCHAR)]),
        ),
        ("dotsection", cs(&[Raw(&[12, 0]), Op(ENDCHAR)])),
        ("seac", cs(&[N(0), N(0), N(0), N(65), N(66), Op(ENDCHAR)])),
        ("line before moveto", cs(&[N(5), Op(HLINETO), Op(ENDCHAR)])),
        (
            "odd stem operands",
            cs(&[
                N(0),
                N(0),
                Op(RMOVETO),
                N(1),
                N(2),
                N(3),
                Op(HSTEM),
                Op(ENDCHAR),
            ]),
        ),
        (
            "mask past the end",
            cs(&[N(1), N(2), Op(HSTEMHM), Op(HINTMASK)]),
        ),
        ("truncated number", vec![28, 1]),
        ("empty", Vec::new()),
    ];
    for (what, glyph) in cases {
        assert_eq!(flatten(&glyph, &[&recursive], &[]), None, "{what}");
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut seed = 0x1234_5678_u32;
    let mut next = || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (seed >> 24) as u8
    };
    for _ in 0..20_000 {
        // Bytes biased toward small numbers and the operators that matter.
        let mut bytes = |len: usize| -> Vec<u8> {
            (0..len)
                .map(|_| match next() % 4 {
                    0 => [1, 10, 11, 14, 19, 21, 29][usize::from(next() % 7)],
                    1 => 32 + next() % 200,
                    _ => next(),
                })
                .collect()
        };
        let glyph = bytes(12);
        let (a, b) = (bytes(6), bytes(6));
        let _ = flatten(&glyph, &[&a, &b], &[&b, &a]);
    }
}

#[test]
fn tables_of_the_new_font() {
    assert_eq!(identity_charset(1), Some(vec![0]));
    assert_eq!(identity_charset(2), Some(vec![2, 0, 1, 0, 0]));
    assert_eq!(identity_charset(300), Some(vec![2, 0, 1, 1, 42]));
    assert_eq!(
        fd_select_format3(&[0, 0, 1, 1, 0]),
        Some(vec![3, 0, 3, 0, 0, 0, 0, 2, 1, 0, 4, 0, 0, 5])
    );
    let format3 = [3, 0, 2, 0, 0, 4, 0, 3, 7, 0, 5];
    let select = FdSelect::parse(&format3, 5).expect("parses");
    let fds: Vec<Option<usize>> = (0..6).map(|g| select.fd(g)).collect();
    assert_eq!(fds, [Some(4), Some(4), Some(4), Some(7), Some(7), None]);
    let format0 = [0, 1, 2, 3];
    assert_eq!(FdSelect::parse(&format0, 3).unwrap().fd(2), Some(3));
    assert!(FdSelect::parse(&format0, 4).is_none(), "too short");
    // Not starting at 0, not increasing, sentinel not the glyph count.
    for bad in [
        [3, 0, 2, 0, 1, 4, 0, 3, 7, 0, 5],
        [3, 0, 2, 0, 0, 4, 0, 0, 7, 0, 5],
        [3, 0, 2, 0, 0, 4, 0, 3, 7, 0, 6],
    ] {
        assert!(FdSelect::parse(&bad, 5).is_none(), "{bad:?}");
    }
}

/// Path commands (in exact 16.16 values) of a glyph, hints left out.
#[derive(Default, PartialEq, Debug)]
struct Path(Vec<(char, [Fixed; 6])>);

impl CommandSink for Path {
    fn move_to(&mut self, x: Fixed, y: Fixed) {
        self.0.push((
            'M',
            [x, y, Fixed::ZERO, Fixed::ZERO, Fixed::ZERO, Fixed::ZERO],
        ));
    }
    fn line_to(&mut self, x: Fixed, y: Fixed) {
        self.0.push((
            'L',
            [x, y, Fixed::ZERO, Fixed::ZERO, Fixed::ZERO, Fixed::ZERO],
        ));
    }
    fn curve_to(&mut self, a: Fixed, b: Fixed, c: Fixed, d: Fixed, x: Fixed, y: Fixed) {
        self.0.push(('C', [a, b, c, d, x, y]));
    }
    fn close(&mut self) {
        self.0.push(('Z', [Fixed::ZERO; 6]));
    }
}

fn glyph(font: &CffFontRef<'_>, gid: u32) -> (Path, Option<Fixed>) {
    let gid = gid.into();
    let subfont = font.subfont(font.subfont_index(gid).unwrap(), &[]).unwrap();
    let mut path = Path::default();
    let width = font
        .evaluate_charstring(&subfont, gid, &[], &mut path)
        .unwrap();
    (path, width)
}

/// A quarter of the glyphs of each installed CFF face (65 535 in a Noto CJK
/// face), spread over the whole face (a different quarter per face), against
/// skrifa's reading of the original: constructs the sample does not use —
/// flex, masks in subroutines, empty glyphs — are met. (All of them take
/// ~20 s in a debug build, and have passed.)
#[test]
fn glyphs_of_the_installed_faces_flatten_exactly() {
    let book = FontBook::load(&FontSearch::standard(Vec::new())).expect("fonts installed");
    let mut faces = 0u16;
    for (_, face) in book.faces() {
        let face_ref = FontRef::from_index((*face.data).as_ref(), face.index).unwrap();
        let Some(cff) = face_ref.table_data(Tag::new(b"CFF ")) else {
            continue;
        };
        faces += 1;
        let original = CffFontRef::new(cff.as_bytes(), 0, None).unwrap();
        let count = u16::try_from(original.num_glyphs()).unwrap();
        // .notdef first, as a subset has it.
        let glyphs: Vec<u16> = std::iter::once(0)
            .chain((1..count).filter(|g| g % 4 == faces % 4))
            .collect();
        let tables = subset_tables(&face_ref, &glyphs).expect("the face flattens");
        let flat = CffFontRef::new(&tables.cff, 0, None).expect("skrifa reads it");
        assert_eq!(flat.num_glyphs() as usize, glyphs.len());
        for (new, &old) in glyphs.iter().enumerate() {
            assert_eq!(
                glyph(&flat, new as u32),
                glyph(&original, u32::from(old)),
                "{} glyph {old}",
                face.family
            );
        }
        assert_eq!(tables.hmtx.len(), 4 * glyphs.len());
    }
    assert!(faces > 0, "need CFF faces");
}

//! Hand-built charstrings, INDEXes and DICTs. The round trip on real font
//! subsets is in `cff_subset_tests.rs`.

use super::*;

/// A charstring token: an operand (Type 2 number), an operator, raw bytes.
#[derive(Clone, Copy)]
enum T {
    N(i32),
    Op(u8),
    Raw(&'static [u8]),
}
use T::{N, Op, Raw};

const HSTEM: u8 = 1;
const VSTEM: u8 = 3;
const VMOVETO: u8 = 4;
const RLINETO: u8 = 5;
const HLINETO: u8 = 6;
const CALLSUBR: u8 = 10;
const ENDCHAR: u8 = 14;
const HSTEMHM: u8 = 18;
const HINTMASK: u8 = 19;
const CNTRMASK: u8 = 20;
const RMOVETO: u8 = 21;
const HMOVETO: u8 = 22;
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

fn strip(charstring: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    strip_charstring(charstring, &mut out).map(|()| out)
}

#[test]
fn width_on_hstem_moves_to_rmoveto() {
    let input = cs(&[
        N(500),
        N(10),
        N(20),
        Op(HSTEM),
        N(100),
        N(200),
        Op(RMOVETO),
        N(50),
        Op(HLINETO),
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
    assert_eq!(strip(&input), Some(expected));
}

#[test]
fn width_moves_to_hmoveto_vmoveto_and_endchar() {
    let hstem = [N(-300), N(10), N(20), Op(HSTEM)];
    for (op, args) in [(HMOVETO, &[N(7)][..]), (VMOVETO, &[N(-7)]), (ENDCHAR, &[])] {
        let mut tokens: Vec<T> = hstem.to_vec();
        tokens.extend(args.iter().copied());
        tokens.push(Op(op));
        if op != ENDCHAR {
            tokens.push(Op(ENDCHAR));
        }
        let mut expected = vec![N(-300)];
        expected.extend(args.iter().copied());
        expected.push(Op(op));
        if op != ENDCHAR {
            expected.push(Op(ENDCHAR));
        }
        assert_eq!(strip(&cs(&tokens)), Some(cs(&expected)), "operator {op}");
    }
}

#[test]
fn even_hint_operands_carry_no_width() {
    let input = cs(&[
        N(10),
        N(20),
        Op(HSTEM),
        N(30),
        N(40),
        Op(VSTEM),
        N(1),
        N(2),
        Op(RMOVETO),
        Op(ENDCHAR),
    ]);
    assert_eq!(
        strip(&input),
        Some(cs(&[N(1), N(2), Op(RMOVETO), Op(ENDCHAR)]))
    );
}

#[test]
fn glyph_without_hints_is_unchanged() {
    let input = cs(&[
        N(500),
        N(1),
        N(2),
        Op(RMOVETO),
        N(3),
        N(4),
        Op(RLINETO),
        Op(ENDCHAR),
    ]);
    assert_eq!(strip(&input), Some(input.clone()));
    let bare = cs(&[Op(ENDCHAR)]);
    assert_eq!(strip(&bare), Some(bare.clone()));
}

/// 6 hstemhm pairs plus 3 implicit vstem pairs before the first hintmask
/// are 9 stems: 2 mask bytes. The mask bytes chosen here would parse as
/// operators or operands if the length were counted wrong.
#[test]
fn hintmask_length_counts_implicit_vstems() {
    let mut tokens = vec![N(321)];
    tokens.extend((0..12).map(|k| N(k * 5 + 1)));
    tokens.push(Op(HSTEMHM));
    tokens.extend((0..6).map(|k| N(k * 7 + 2)));
    tokens.extend([
        Op(HINTMASK),
        Raw(&[0xff, 0x80]),
        N(10),
        N(20),
        Op(RMOVETO),
        Op(HINTMASK),
        Raw(&[ENDCHAR, RMOVETO]),
        N(5),
        N(6),
        Op(RLINETO),
        Op(CNTRMASK),
        Raw(&[28, 0x01]),
        Op(ENDCHAR),
    ]);
    let expected = cs(&[
        N(321),
        N(10),
        N(20),
        Op(RMOVETO),
        N(5),
        N(6),
        Op(RLINETO),
        Op(ENDCHAR),
    ]);
    assert_eq!(strip(&cs(&tokens)), Some(expected));
}

#[test]
fn width_on_hintmask_itself_is_carried() {
    // Width, one implicit vstem: 1 stem, 1 mask byte.
    let input = cs(&[
        N(600),
        N(5),
        N(10),
        Op(HINTMASK),
        Raw(&[0x80]),
        N(1),
        N(2),
        Op(RMOVETO),
        Op(ENDCHAR),
    ]);
    let expected = cs(&[N(600), N(1), N(2), Op(RMOVETO), Op(ENDCHAR)]);
    assert_eq!(strip(&input), Some(expected));
}

#[test]
fn every_number_format_is_copied_whole() {
    // 28 (short), 247–254 (two bytes), 32–246 (one byte), 255 (16.16 fixed).
    let input = cs(&[
        N(2000),
        N(-500),
        N(300),
        Op(HSTEM),
        N(-1000),
        Raw(&[255, 0x00, 0x01, 0x80, 0x00]),
        Op(RMOVETO),
        Op(ENDCHAR),
    ]);
    let expected = cs(&[
        N(2000),
        N(-1000),
        Raw(&[255, 0x00, 0x01, 0x80, 0x00]),
        Op(RMOVETO),
        Op(ENDCHAR),
    ]);
    assert_eq!(strip(&input), Some(expected));
}

#[test]
fn doubtful_charstrings_are_refused() {
    let cases: [(&str, Vec<u8>); 8] = [
        ("callsubr", cs(&[N(0), Op(CALLSUBR), Op(ENDCHAR)])),
        ("callgsubr", cs(&[N(0), Op(CALLGSUBR), Op(ENDCHAR)])),
        ("no endchar", cs(&[N(1), N(2), Op(RMOVETO)])),
        ("bytes after endchar", cs(&[Op(ENDCHAR), N(1)])),
        (
            "truncated mask",
            cs(&[
                N(1),
                N(2),
                N(3),
                N(4),
                N(5),
                N(6),
                N(7),
                N(8),
                N(9),
                N(10),
                N(11),
                N(12),
            ])
            .into_iter()
            .chain(cs(&[
                N(13),
                N(14),
                N(15),
                N(16),
                N(17),
                N(18),
                Op(HINTMASK),
                Raw(&[0]),
            ]))
            .collect(),
        ),
        (
            "odd stem operands after the width",
            cs(&[
                N(1),
                N(2),
                Op(HSTEM),
                N(1),
                N(2),
                N(3),
                Op(HSTEM),
                Op(ENDCHAR),
            ]),
        ),
        (
            "path before moveto",
            cs(&[N(1), N(2), Op(RLINETO), Op(ENDCHAR)]),
        ),
        (
            "stem after hintmask",
            cs(&[
                N(1),
                N(2),
                Op(HINTMASK),
                Raw(&[0x80]),
                N(3),
                N(4),
                Op(HSTEM),
                Op(ENDCHAR),
            ]),
        ),
    ];
    for (what, charstring) in cases {
        assert_eq!(strip(&charstring), None, "{what}");
    }
    let too_many: Vec<T> = (0..49).map(N).chain([Op(RLINETO), Op(ENDCHAR)]).collect();
    assert_eq!(strip(&cs(&too_many)), None, "49 operands");
    assert_eq!(strip(&[12]), None, "lone escape byte");
    assert_eq!(strip(&[28, 1]), None, "truncated number");
}

#[test]
fn index_round_trips_across_offset_sizes() {
    for item_len in [0usize, 3, 100, 300, 70_000] {
        let items: Vec<Vec<u8>> = (0..4u8).map(|k| vec![k; item_len]).collect();
        let data_len = 4 * item_len;
        let mut out = vec![0xaa];
        write_index(&mut out, items.iter().map(Vec::as_slice), data_len);
        assert_eq!(out.len(), 1 + index_len(items.len(), data_len));
        let (parsed, end) = parse_index(&out, 1).expect("parses");
        assert_eq!(end, out.len());
        assert_eq!(parsed, items.iter().map(Vec::as_slice).collect::<Vec<_>>());
    }
    let sizes: Vec<usize> = [0, 0xff, 0x100, 0xffff, 0x1_0000, 0xff_ffff, 0x100_0000]
        .map(off_size)
        .to_vec();
    assert_eq!(sizes, [1, 1, 2, 2, 3, 3, 4]);
    let mut empty = Vec::new();
    write_index(&mut empty, std::iter::empty(), 0);
    assert_eq!(empty, [0, 0]);
    assert_eq!(parse_index(&empty, 0), Some((Vec::new(), 2)));
    // First offset not 1, offSize 0, data past the end.
    for bad in [&[0, 1, 1, 2, 3, 0][..], &[0, 1, 0, 1], &[0, 1, 1, 1, 9, 0]] {
        assert_eq!(parse_index(bad, 0), None, "{bad:?}");
    }
}

#[test]
fn dict_offsets_become_five_byte_integers() {
    // 391 FullName-ish SID, a real (-2.25), then CharStrings 1000.
    let dict = [
        247, 27, 2, // 391 … op 2 (FullName)
        30, 0xe2, 0xa2, 0x5f, 12, 7, // -2.25 FontMatrix-ish (12 7)
        28, 0x03, 0xe8, 17, // 1000 CharStrings
    ];
    let entries = parse_dict(&dict).expect("parses");
    assert_eq!(
        entries.iter().map(|e| e.op).collect::<Vec<_>>(),
        [2, 0x0c07, 17]
    );
    assert_eq!(ints(find(&entries, 17).unwrap()), Some(vec![1000]));
    assert_eq!(ints(find(&entries, 0x0c07).unwrap()), None, "a real");
    let written = write_dict(&entries, |op| (op == 17).then(|| vec![70_000]));
    assert_eq!(&written[..9], &dict[..9]);
    assert_eq!(&written[9..], &[29, 0, 1, 0x11, 0x70, 17]);
    assert!(parse_dict(&[139]).is_none(), "operand without operator");
    assert!(parse_dict(&[255, 17]).is_none(), "reserved byte");
    assert!(
        parse_dict(&[139, 12, 39]).is_none(),
        "undefined escaped operator"
    );
}

#[test]
fn non_cff_input_is_refused() {
    assert_eq!(strip_hints(&[]), None);
    assert_eq!(strip_hints(&[1, 0, 4, 4]), None);
    assert_eq!(strip_hints(b"\x00\x01\x00\x00 not a CFF"), None);
}

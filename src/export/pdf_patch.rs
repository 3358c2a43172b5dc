//! Rewrites finished PDF bytes: replaces the data of chosen streams, fixes
//! their `/Length` and rebuilds the cross-reference table around them.
//!
//! krilla (through pdf-writer) always compresses its font subsets and offers
//! no hook between subsetting and serialization, so the only place to shrink
//! a font program is the finished file. The patch is written for the files
//! pdf-writer produces — one classic `xref` table, direct `/Length`s — and
//! returns the input unchanged for anything else. Objects are found through
//! the xref offsets, never by searching, since stream data may hold any bytes.

use std::io::{Read, Write};
use std::ops::Range;

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

use super::cff_hints;

/// Largest font program inflated for the pass; larger ones are left alone
/// (and a corrupt stream cannot make it allocate without bound).
const MAX_FONT_PROGRAM: u64 = 64 << 20;

/// krilla's deflate level (flate2's default), so the pass does not change
/// how the file is compressed, only what.
const LEVEL: u32 = 6;

/// Strip the hints from every embedded CID-keyed CFF font program of `pdf`.
/// Any font the pass does not fully understand stays as it was; a file it
/// cannot read at all is returned unchanged.
pub(crate) fn strip_font_hints(pdf: Vec<u8>) -> Vec<u8> {
    let Some(xref) = Xref::parse(&pdf) else {
        return pdf;
    };
    let mut replacements = Vec::new();
    for stream in xref.streams(&pdf) {
        if stream.subtype.as_deref() != Some(b"CIDFontType0C".as_slice()) || !stream.flate_only {
            continue;
        }
        let Some(data) = pdf.get(stream.data.clone()) else {
            continue;
        };
        if let Some(new) = shrink_font_program(data) {
            replacements.push((stream, new));
        }
    }
    replace_streams(&pdf, &xref, replacements).unwrap_or(pdf)
}

/// The stripped, recompressed font program, if it is smaller than `data`.
fn shrink_font_program(data: &[u8]) -> Option<Vec<u8>> {
    let mut cff = Vec::with_capacity(data.len() * 2);
    ZlibDecoder::new(data)
        .take(MAX_FONT_PROGRAM + 1)
        .read_to_end(&mut cff)
        .ok()?;
    if cff.len() as u64 > MAX_FONT_PROGRAM {
        return None;
    }
    let stripped = cff_hints::strip_hints(&cff)?;
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len()), Compression::new(LEVEL));
    encoder.write_all(&stripped).ok()?;
    let compressed = encoder.finish().ok()?;
    (compressed.len() < data.len()).then_some(compressed)
}

/// The cross-reference table of a file with a single classic xref section.
struct Xref {
    /// Where the `xref` keyword is.
    start: usize,
    /// In-use entries: object number, offset, and where its 10-digit offset
    /// field is.
    objects: Vec<(u32, usize, usize)>,
    /// The digits after `startxref`.
    startxref: Range<usize>,
}

/// A stream object as far as the pass needs it.
#[derive(Debug)]
struct Stream {
    subtype: Option<Vec<u8>>,
    /// `/Filter /FlateDecode` (or `[/FlateDecode]`) and no `/DecodeParms`.
    flate_only: bool,
    /// The digits of the direct `/Length` value.
    length: Range<usize>,
    data: Range<usize>,
}

impl Xref {
    fn parse(pdf: &[u8]) -> Option<Xref> {
        let tail_start = pdf.len().saturating_sub(1024);
        let keyword = rfind(pdf.get(tail_start..)?, b"startxref")? + tail_start;
        let digits_start = skip_ws(pdf, keyword + b"startxref".len());
        let digits_end = digits_start + count_digits(pdf, digits_start);
        let start = parse_usize(pdf.get(digits_start..digits_end)?)?;
        if !pdf.get(start..)?.starts_with(b"xref") {
            return None;
        }
        let mut at = skip_ws(pdf, start + 4);
        let mut objects = Vec::new();
        while !pdf.get(at..)?.starts_with(b"trailer") {
            let (first, next) = read_usize(pdf, at)?;
            let (count, next) = read_usize(pdf, skip_ws(pdf, next))?;
            at = skip_ws(pdf, next);
            for k in 0..count {
                let entry = pdf.get(at..at + 20)?;
                let offset = parse_usize(&entry[..10])?;
                let kind = entry[17];
                let well_formed = entry[10] == b' '
                    && parse_usize(&entry[11..16]).is_some()
                    && entry[16] == b' '
                    && matches!(&entry[18..], b" \n" | b" \r" | b"\r\n");
                if !well_formed {
                    return None;
                }
                match kind {
                    b'n' => objects.push((u32::try_from(first + k).ok()?, offset, at)),
                    b'f' => {}
                    _ => return None,
                }
                at += 20;
            }
        }
        // An incremental update or a hybrid file has more than this table.
        let trailer = pdf.get(at..keyword)?;
        if find(trailer, b"/Prev").is_some() || find(trailer, b"/XRefStm").is_some() {
            return None;
        }
        Some(Xref {
            start,
            objects,
            startxref: digits_start..digits_end,
        })
    }

    /// Every stream object the table points at whose header parses.
    fn streams<'a>(&'a self, pdf: &'a [u8]) -> impl Iterator<Item = Stream> + 'a {
        self.objects
            .iter()
            .filter_map(move |&(number, offset, _)| parse_stream(pdf, number, offset))
    }
}

/// The stream object `number` at `offset`, or `None` if it is not a stream
/// with a direct `/Length` that ends where `endstream` is.
fn parse_stream(pdf: &[u8], number: u32, offset: usize) -> Option<Stream> {
    let (found, at) = read_usize(pdf, offset)?;
    let (_generation, at) = read_usize(pdf, skip_ws(pdf, at))?;
    let at = skip_ws(pdf, at);
    if found != number as usize || !pdf.get(at..)?.starts_with(b"obj") {
        return None;
    }
    let dict_start = skip_ws(pdf, at + 3);
    if !pdf.get(dict_start..)?.starts_with(b"<<") {
        return None;
    }
    let mut stream = Stream {
        subtype: None,
        flate_only: false,
        length: 0..0,
        data: 0..0,
    };
    let (mut filter_ok, mut parms) = (false, false);
    let mut at = dict_start + 2;
    loop {
        at = skip_ws(pdf, at);
        if pdf.get(at..)?.starts_with(b">>") {
            at += 2;
            break;
        }
        let key_end = skip_value(pdf, at, 0)?;
        let value_start = skip_ws(pdf, key_end);
        let value_end = skip_value(pdf, value_start, 0)?;
        let value = &pdf[value_start..value_end];
        match &pdf[at..key_end] {
            b"/Subtype" => stream.subtype = value.strip_prefix(b"/").map(<[u8]>::to_vec),
            b"/Filter" => filter_ok = matches!(value, b"/FlateDecode" | b"[/FlateDecode]"),
            b"/DecodeParms" => parms = true,
            b"/Length" if value.iter().all(u8::is_ascii_digit) => {
                stream.length = value_start..value_end
            }
            _ => {}
        }
        at = value_end;
    }
    stream.flate_only = filter_ok && !parms;
    let at = skip_ws(pdf, at);
    let rest = pdf.get(at..)?;
    let data_start = at
        + match rest {
            _ if rest.starts_with(b"stream\r\n") => 8,
            _ if rest.starts_with(b"stream\n") => 7,
            _ => return None,
        };
    let data_end = data_start.checked_add(parse_usize(pdf.get(stream.length.clone())?)?)?;
    // A wrong /Length would make the new one wrong too: check it ends where
    // `endstream` begins (after an optional end-of-line).
    let after = pdf.get(data_end..)?;
    let ends_right = [&b"\r\n"[..], b"\n", b"\r", b""]
        .into_iter()
        .any(|eol| after.starts_with(eol) && after[eol.len()..].starts_with(b"endstream"));
    if !ends_right {
        return None;
    }
    stream.data = data_start..data_end;
    Some(stream)
}

/// Apply the new stream data and rebuild the offsets that moved.
fn replace_streams(
    pdf: &[u8],
    xref: &Xref,
    replacements: Vec<(Stream, Vec<u8>)>,
) -> Option<Vec<u8>> {
    if replacements.is_empty() {
        return None;
    }
    // Edits that change lengths: each stream's /Length digits and data.
    let mut edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    for (stream, data) in replacements {
        edits.push((stream.length, data.len().to_string().into_bytes()));
        edits.push((stream.data, data));
    }
    edits.sort_by_key(|(range, _)| range.start);
    if edits.windows(2).any(|w| w[0].0.end > w[1].0.start) {
        return None;
    }
    // Where byte `pos` of the input lands in the output; only valid for
    // positions outside the edits (checked below for object offsets).
    let moved = |pos: usize| -> Option<usize> {
        let mut shifted = pos as isize;
        for (range, bytes) in &edits {
            if range.end <= pos {
                shifted += bytes.len() as isize - range.len() as isize;
            } else if range.start < pos {
                return None;
            }
        }
        usize::try_from(shifted).ok()
    };
    let mut fixed: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    for &(_, offset, field) in &xref.objects {
        let digits = format!("{:010}", moved(offset)?).into_bytes();
        if digits.len() != 10 {
            return None;
        }
        fixed.push((field..field + 10, digits));
    }
    let xref_start = moved(xref.start)?;
    fixed.push((xref.startxref.clone(), xref_start.to_string().into_bytes()));
    if fixed.iter().any(|(range, _)| range.start < xref.start) {
        return None;
    }
    edits.extend(fixed);
    edits.sort_by_key(|(range, _)| range.start);

    let mut out = Vec::with_capacity(pdf.len());
    let mut copied = 0;
    for (range, bytes) in &edits {
        out.extend_from_slice(pdf.get(copied..range.start)?);
        out.extend_from_slice(bytes);
        copied = range.end;
    }
    out.extend_from_slice(pdf.get(copied..)?);
    Some(out)
}

/// The end of the PDF object starting at `at` (after whitespace). Handles
/// what a dictionary value can be: names, numbers, references, keywords,
/// strings, hex strings, arrays and dictionaries.
fn skip_value(pdf: &[u8], at: usize, depth: u32) -> Option<usize> {
    if depth > 32 {
        return None;
    }
    let at = skip_ws(pdf, at);
    let rest = pdf.get(at..)?;
    match *rest.first()? {
        b'<' if rest.get(1) == Some(&b'<') => {
            let mut at = at + 2;
            loop {
                at = skip_ws(pdf, at);
                if pdf.get(at..)?.starts_with(b">>") {
                    return Some(at + 2);
                }
                at = skip_value(pdf, at, depth + 1)?;
            }
        }
        b'<' => Some(at + rest.iter().position(|&b| b == b'>')? + 1),
        b'[' => {
            let mut at = at + 1;
            loop {
                at = skip_ws(pdf, at);
                if *pdf.get(at)? == b']' {
                    return Some(at + 1);
                }
                at = skip_value(pdf, at, depth + 1)?;
            }
        }
        b'(' => {
            let mut nesting = 0usize;
            let mut i = 1;
            loop {
                match *rest.get(i)? {
                    b'\\' => i += 1,
                    b'(' => nesting += 1,
                    b')' if nesting == 0 => return Some(at + i + 1),
                    b')' => nesting -= 1,
                    _ => {}
                }
                i += 1;
            }
        }
        b'/' => Some(at + 1 + regular_len(&rest[1..])),
        b'0'..=b'9' => {
            let end = at + regular_len(rest);
            // An indirect reference `n g R` is three tokens but one value.
            let g_start = skip_ws(pdf, end);
            if g_start > end
                && let Some((_, g_end)) = read_usize(pdf, g_start)
            {
                let r = skip_ws(pdf, g_end);
                if r > g_end
                    && pdf.get(r) == Some(&b'R')
                    && pdf.get(r + 1).is_none_or(|&b| !is_regular(b))
                {
                    return Some(r + 1);
                }
            }
            Some(end)
        }
        b if is_regular(b) => Some(at + regular_len(rest)),
        _ => None,
    }
}

fn is_regular(b: u8) -> bool {
    !matches!(
        b,
        b'\0'
            | b'\t'
            | b'\n'
            | b'\x0c'
            | b'\r'
            | b' '
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

fn regular_len(data: &[u8]) -> usize {
    data.iter()
        .position(|&b| !is_regular(b))
        .unwrap_or(data.len())
}

/// Skip whitespace and comments.
fn skip_ws(pdf: &[u8], mut at: usize) -> usize {
    while let Some(&b) = pdf.get(at) {
        match b {
            b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' => at += 1,
            b'%' => {
                while pdf.get(at).is_some_and(|&b| b != b'\n' && b != b'\r') {
                    at += 1;
                }
            }
            _ => break,
        }
    }
    at
}

fn count_digits(pdf: &[u8], at: usize) -> usize {
    pdf.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_digit()).count()
    })
}

/// An unsigned integer at `at` and where it ends.
fn read_usize(pdf: &[u8], at: usize) -> Option<(usize, usize)> {
    let end = at + count_digits(pdf, at);
    Some((parse_usize(pdf.get(at..end)?)?, end))
}

fn parse_usize(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0, |v, &d| v * 10 + usize::from(d - b'0')),
    )
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
#[path = "pdf_patch_tests.rs"]
mod tests;

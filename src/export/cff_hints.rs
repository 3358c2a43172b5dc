//! Removes stem hints from the desubroutinized CID-keyed CFF `subsetter`
//! writes, and parses and writes the CFFs `cff_flatten` reads and makes.
//!
//! Hints (hstem/vstem/…, hintmask/cntrmask) only help rasterizers snap stems
//! at small pixel sizes; a printed 公文 at 3号 never needs them, yet they are
//! ~15 % of the charstring bytes of the CJK body face. With no subroutines,
//! each charstring is rewritten on its own; the CFF is re-serialized with
//! fresh offsets, so nothing depends on how the subsetter lays it out.
//!
//! Every function returns `None` on anything unexpected; the caller then keeps
//! the font as it was. A smaller font is never worth a broken one.

use std::ops::Range;

pub(super) use super::cff_index::{Index, parse_index};

/// DICT operators that hold offsets (12 xx escapes as `0x0c00 | xx`).
const CHARSET: u16 = 15;
const ENCODING: u16 = 16;
const CHAR_STRINGS: u16 = 17;
const PRIVATE: u16 = 18;
pub(super) const SUBRS: u16 = 19;
const CHARSTRING_TYPE: u16 = 0x0c06;
const SYNTHETIC_BASE: u16 = 0x0c14;
const ROS: u16 = 0x0c1e;
const FD_ARRAY: u16 = 0x0c24;
const FD_SELECT: u16 = 0x0c25;

/// The Type 2 argument stack limit (Type 2 spec, appendix B).
pub(super) const MAX_ARGS: usize = 48;

/// Bytes of the Type 2 number starting with each byte, 0 for operators:
/// a table, because branching on number sizes is most of the pass's own
/// time (the sizes follow no pattern a branch predictor could learn).
pub(super) const NUMBER_LEN: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b {
            28 => 3,
            32..=246 => 1,
            247..=254 => 2,
            255 => 5,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The CFF `cff` with every hint operator removed from its charstrings, or
/// `None` when it is not a CID-keyed Type 2 CFF this pass fully understands.
pub(crate) fn strip_hints(cff: &[u8]) -> Option<Vec<u8>> {
    let font = Font::parse(cff)?;
    let mut charstrings = Vec::with_capacity(cff.len());
    let mut ends = Vec::with_capacity(font.charstrings.len());
    for k in 0..font.charstrings.len() {
        let charstring = font.charstrings.get(k)?;
        strip_charstring(charstring, &mut charstrings)?;
        ends.push(charstrings.len());
    }
    font.write(&charstrings, &ends)
}

/// The parts of a CID-keyed CFF, borrowed from the input.
pub(super) struct Font<'a> {
    /// Header, Name INDEX: copied as they are.
    pub(super) head: &'a [u8],
    pub(super) top: Vec<Entry<'a>>,
    /// String INDEX and Global Subr INDEX, back to back: copied.
    pub(super) strings_and_gsubrs: &'a [u8],
    /// Custom charset data, when the charset operand is an offset.
    pub(super) charset: Option<&'a [u8]>,
    pub(super) fd_select: &'a [u8],
    pub(super) fds: Vec<FontDict<'a>>,
    pub(super) charstrings: Index<'a>,
}

pub(super) struct FontDict<'a> {
    pub(super) dict: Vec<Entry<'a>>,
    pub(super) private: Vec<Entry<'a>>,
    /// The local Subrs INDEX, copied whole (it would only matter to
    /// charstrings that call it, and those make the pass give up).
    pub(super) subrs: Option<&'a [u8]>,
}

/// One DICT entry: operator and its raw operand bytes.
#[derive(Clone, Copy)]
pub(super) struct Entry<'a> {
    pub(super) op: u16,
    pub(super) operands: &'a [u8],
}

impl<'a> Font<'a> {
    pub(super) fn parse(cff: &'a [u8]) -> Option<Font<'a>> {
        if *cff.first()? != 1 {
            return None;
        }
        let header_size = usize::from(*cff.get(2)?);
        let (_, top_start) = Index::parse(cff, header_size)?;
        let (top_dicts, strings_start) = parse_index(cff, top_start)?;
        let [top_dict] = top_dicts.as_slice() else {
            return None;
        };
        let top = parse_dict(top_dict)?;
        let (_, gsubrs_start) = Index::parse(cff, strings_start)?;
        let (_, gsubrs_end) = Index::parse(cff, gsubrs_start)?;

        // CID-keyed, Type 2, no Encoding and no top-level Private DICT
        // (those belong to name-keyed fonts).
        if find(&top, ROS).is_none()
            || [ENCODING, PRIVATE, SYNTHETIC_BASE]
                .iter()
                .any(|&op| find(&top, op).is_some())
        {
            return None;
        }
        if let Some(kind) = find(&top, CHARSTRING_TYPE)
            && ints(kind)? != [2]
        {
            return None;
        }

        let (charstrings, _) = Index::parse(cff, single_offset(&top, CHAR_STRINGS)?)?;
        let glyphs = charstrings.len();
        if glyphs == 0 {
            return None;
        }
        let charset = match find(&top, CHARSET) {
            None => None,
            Some(operands) => match ints(operands)?.as_slice() {
                // 0–2 name predefined charsets, not offsets.
                [0..=2] => None,
                &[offset] => Some(charset_data(cff, usize::try_from(offset).ok()?, glyphs)?),
                _ => return None,
            },
        };
        let fd_select = fd_select_data(cff, single_offset(&top, FD_SELECT)?, glyphs)?;
        let (fd_dicts, _) = parse_index(cff, single_offset(&top, FD_ARRAY)?)?;
        let fds = fd_dicts
            .iter()
            .map(|dict| FontDict::parse(cff, dict))
            .collect::<Option<Vec<_>>>()?;

        Some(Font {
            head: cff.get(..top_start)?,
            top,
            strings_and_gsubrs: cff.get(strings_start..gsubrs_end)?,
            charset,
            fd_select,
            fds,
            charstrings,
        })
    }

    /// Serialize with the new charstrings (`data` cut at `ends`). All DICT
    /// offsets are written as 5-byte integers, so every size is known before
    /// any offset is: one layout pass, then one writing pass.
    pub(super) fn write(&self, data: &[u8], ends: &[usize]) -> Option<Vec<u8>> {
        let placeholder = Layout::default();
        let top_len = self.top_dict(&placeholder).len();
        let mut at = self.head.len() + index_len(1, top_len) + self.strings_and_gsubrs.len();
        let mut layout = Layout::default();
        if let Some(charset) = self.charset {
            layout.charset = at;
            at += charset.len();
        }
        layout.fd_select = at;
        at += self.fd_select.len();
        layout.fd_array = at;
        let fd_lens: usize = self.fds.iter().map(|fd| fd.font_dict(0, 0).len()).sum();
        at += index_len(self.fds.len(), fd_lens);
        for fd in &self.fds {
            let len = fd.private_dict().len();
            layout.privates.push((at, len));
            at += len + fd.subrs.map_or(0, <[u8]>::len);
        }
        layout.char_strings = at;
        let total = at + index_len(ends.len(), data.len());
        // Offsets are written as 32-bit integers.
        if i32::try_from(total).is_err() {
            return None;
        }

        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(self.head);
        write_index(&mut out, [self.top_dict(&layout).as_slice()], top_len);
        out.extend_from_slice(self.strings_and_gsubrs);
        if let Some(charset) = self.charset {
            out.extend_from_slice(charset);
        }
        out.extend_from_slice(self.fd_select);
        let fd_dicts: Vec<Vec<u8>> = self
            .fds
            .iter()
            .zip(&layout.privates)
            .map(|(fd, &(offset, len))| fd.font_dict(offset, len))
            .collect();
        write_index(&mut out, fd_dicts.iter().map(Vec::as_slice), fd_lens);
        for fd in &self.fds {
            out.extend_from_slice(&fd.private_dict());
            out.extend_from_slice(fd.subrs.unwrap_or_default());
        }
        let mut start = 0;
        let items = ends.iter().map(|&end| {
            let item = data.get(start..end).unwrap_or_default();
            start = end;
            item
        });
        write_index(&mut out, items, data.len());
        // A size that disagrees with the layout means an offset is wrong.
        (out.len() == total).then_some(out)
    }

    fn top_dict(&self, layout: &Layout) -> Vec<u8> {
        write_dict(&self.top, |op| match op {
            CHARSET if self.charset.is_some() => Some(vec![layout.charset]),
            CHAR_STRINGS => Some(vec![layout.char_strings]),
            FD_SELECT => Some(vec![layout.fd_select]),
            FD_ARRAY => Some(vec![layout.fd_array]),
            _ => None,
        })
    }
}

/// Where the rewritten structures go (zero while sizes are measured).
#[derive(Default)]
struct Layout {
    charset: usize,
    fd_select: usize,
    fd_array: usize,
    /// (offset, length) of each FD's Private DICT.
    privates: Vec<(usize, usize)>,
    char_strings: usize,
}

impl<'a> FontDict<'a> {
    fn parse(cff: &'a [u8], data: &'a [u8]) -> Option<FontDict<'a>> {
        let dict = parse_dict(data)?;
        let &[len, offset] = ints(find(&dict, PRIVATE)?)?.as_slice() else {
            return None;
        };
        let start = usize::try_from(offset).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        let private = parse_dict(cff.get(start..end)?)?;
        let subrs = match find(&private, SUBRS) {
            None => None,
            Some(operands) => {
                let &[relative] = ints(operands)?.as_slice() else {
                    return None;
                };
                let subrs_start = start.checked_add(usize::try_from(relative).ok()?)?;
                let (_, subrs_end) = Index::parse(cff, subrs_start)?;
                Some(cff.get(subrs_start..subrs_end)?)
            }
        };
        Some(FontDict {
            dict,
            private,
            subrs,
        })
    }

    fn font_dict(&self, private_offset: usize, private_len: usize) -> Vec<u8> {
        write_dict(&self.dict, |op| {
            (op == PRIVATE).then(|| vec![private_len, private_offset])
        })
    }

    /// The Private DICT; its Subrs INDEX is written right after it.
    fn private_dict(&self) -> Vec<u8> {
        // The Subrs offset is relative to the DICT's start, i.e. its length,
        // which the fixed 5-byte operand lets us know before writing it.
        let len = write_dict(&self.private, |op| (op == SUBRS).then(|| vec![0])).len();
        write_dict(&self.private, |op| (op == SUBRS).then(|| vec![len]))
    }
}

/// Rewrite one charstring into `out` without hint operators. A glyph's
/// advance width, when given, is the first operand of the first
/// stack-clearing operator; if that is a dropped hint operator, the width
/// moves to the first operator kept (always a moveto or endchar).
fn strip_charstring(cs: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let mut i = 0;
    // Start offsets of the operands on the stack; the operator follows them.
    let mut args = [0usize; MAX_ARGS];
    let mut n = 0;
    let mut stems = 0usize;
    let mut width_seen = false;
    let mut width: Option<Range<usize>> = None;
    let mut mask_seen = false;
    // Kept bytes are copied in runs, up to each dropped operator: a glyph
    // costs a few copies, not one per operator.
    let mut kept = 0;
    while let Some(&b0) = cs.get(i) {
        let number_len = NUMBER_LEN[usize::from(b0)];
        if number_len > 0 {
            *args.get_mut(n)? = i;
            n += 1;
            i += usize::from(number_len);
            continue;
        }
        let args_start = if n > 0 { args[0] } else { i };
        // The operand that is the width, if this operator carries one.
        let first_arg = args_start..if n > 1 { args[1] } else { i };
        let op = if b0 == 12 {
            i += 2;
            0x0c00 | u16::from(*cs.get(i - 1)?)
        } else {
            i += 1;
            u16::from(b0)
        };
        match op {
            // hstem, vstem, hstemhm, vstemhm: pairs of stem edges; hintmask,
            // cntrmask: operands are an implicit vstemhm (only before the
            // first mask), then the mask: one bit per stem.
            1 | 3 | 18 | 23 | 19 | 20 => {
                let is_mask = op == 19 || op == 20;
                if mask_seen && (!is_mask || n > 0) {
                    return None;
                }
                let mut pairs = n;
                if !width_seen {
                    width_seen = true;
                    if n % 2 == 1 {
                        width = Some(first_arg);
                        pairs -= 1;
                    }
                }
                if pairs % 2 == 1 {
                    return None;
                }
                stems += pairs / 2;
                if is_mask {
                    mask_seen = true;
                    i += stems.div_ceil(8);
                    if i > cs.len() {
                        return None;
                    }
                }
                out.extend_from_slice(cs.get(kept..args_start)?);
                kept = i;
            }
            // rmoveto, hmoveto, vmoveto, endchar: kept, width-capable.
            21 | 22 | 4 | 14 => {
                let expected: &[usize] = match op {
                    21 => &[2],
                    22 | 4 => &[1],
                    // endchar's 4 operands are the deprecated seac form.
                    _ => &[0, 4],
                };
                if !width_seen {
                    // The width, if any, is already in place.
                    width_seen = true;
                    let with_width = n.checked_sub(1).is_some_and(|m| expected.contains(&m));
                    if !expected.contains(&n) && !with_width {
                        return None;
                    }
                } else if !expected.contains(&n) {
                    return None;
                } else if let Some(width) = width.take() {
                    out.extend_from_slice(cs.get(kept..args_start)?);
                    out.extend_from_slice(cs.get(width)?);
                    kept = args_start;
                }
                if op == 14 {
                    out.extend_from_slice(cs.get(kept..i)?);
                    // Anything after endchar is never executed.
                    return (i == cs.len()).then_some(());
                }
            }
            // Path operators: only valid after a moveto, which took the width.
            5..=8 | 24..=27 | 30 | 31 | 0x0c22..=0x0c25 => {
                if !width_seen || width.is_some() {
                    return None;
                }
            }
            // Subroutine calls, return, arithmetic, dotsection, reserved:
            // not in subsetter's output; leave such a font alone.
            _ => return None,
        }
        n = 0;
    }
    // A Type 2 charstring must end with endchar.
    None
}

/// Size of an INDEX of `count` items holding `data_len` bytes in all.
fn index_len(count: usize, data_len: usize) -> usize {
    if count == 0 {
        2
    } else {
        3 + (count + 1) * off_size(data_len + 1) + data_len
    }
}

/// Bytes an INDEX needs per offset to hold `max_offset` (1 to 4).
fn off_size(max_offset: usize) -> usize {
    (usize::BITS - max_offset.leading_zeros())
        .div_ceil(8)
        .clamp(1, 4) as usize
}

/// Write an INDEX of `items`, which hold `data_len` bytes in all.
pub(super) fn write_index<'b>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = &'b [u8]>,
    data_len: usize,
) {
    let items: Vec<&[u8]> = items.into_iter().collect();
    out.extend_from_slice(&(items.len() as u16).to_be_bytes());
    if items.is_empty() {
        return;
    }
    let size = off_size(data_len + 1);
    out.push(size as u8);
    let mut offset = 1usize;
    let push = |out: &mut Vec<u8>, offset: usize| {
        out.extend_from_slice(&offset.to_be_bytes()[size_of::<usize>() - size..]);
    };
    push(out, offset);
    for item in &items {
        offset += item.len();
        push(out, offset);
    }
    for item in items {
        out.extend_from_slice(item);
    }
}

/// Split a DICT into entries; `None` on reserved bytes or a dangling operand.
fn parse_dict(data: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut entries = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < data.len() {
        let b0 = data[i];
        i += match b0 {
            0..=11 | 13..=21 => {
                entries.push(Entry {
                    op: u16::from(b0),
                    operands: &data[start..i],
                });
                start = i + 1;
                1
            }
            12 => {
                // CFF defines escaped operators up to 12 38; a later one
                // might hold an offset this pass would not move.
                let op = *data.get(i + 1).filter(|&&b| b <= 38)?;
                entries.push(Entry {
                    op: 0x0c00 | u16::from(op),
                    operands: &data[start..i],
                });
                start = i + 2;
                2
            }
            28 => 3,
            29 => 5,
            30 => real_len(data.get(i + 1..)?)? + 1,
            32..=246 => 1,
            247..=254 => 2,
            _ => return None,
        };
    }
    (start == data.len() && i == data.len()).then_some(entries)
}

/// Bytes of a real operand's nibbles, up to the one holding the 0xf end.
fn real_len(data: &[u8]) -> Option<usize> {
    let end = data.iter().position(|&b| b >> 4 == 0xf || b & 0xf == 0xf)?;
    Some(end + 1)
}

pub(super) fn find<'a>(dict: &[Entry<'a>], op: u16) -> Option<&'a [u8]> {
    dict.iter().find(|e| e.op == op).map(|e| e.operands)
}

/// The integer operands; `None` if one is a real.
pub(super) fn ints(mut data: &[u8]) -> Option<Vec<i32>> {
    let mut values = Vec::new();
    while let Some(&b0) = data.first() {
        let (value, len) = match b0 {
            28 => (
                i32::from(i16::from_be_bytes([*data.get(1)?, *data.get(2)?])),
                3,
            ),
            29 => (i32::from_be_bytes(data.get(1..5)?.try_into().ok()?), 5),
            32..=246 => (i32::from(b0) - 139, 1),
            247..=250 => (
                (i32::from(b0) - 247) * 256 + i32::from(*data.get(1)?) + 108,
                2,
            ),
            251..=254 => (
                -(i32::from(b0) - 251) * 256 - i32::from(*data.get(1)?) - 108,
                2,
            ),
            _ => return None,
        };
        values.push(value);
        data = data.get(len..)?;
    }
    Some(values)
}

fn single_offset(dict: &[Entry<'_>], op: u16) -> Option<usize> {
    let &[offset] = ints(find(dict, op)?)?.as_slice() else {
        return None;
    };
    usize::try_from(offset).ok()
}

/// Write a DICT, replacing the operands of the operators `replace` names by
/// 5-byte integers (so their size does not depend on their value).
fn write_dict(dict: &[Entry<'_>], replace: impl Fn(u16) -> Option<Vec<usize>>) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in dict {
        match replace(entry.op) {
            Some(values) => {
                for value in values {
                    out.push(29);
                    // Offsets fit: `write` refuses fonts over 2 GiB.
                    out.extend_from_slice(&(value as i32).to_be_bytes());
                }
            }
            None => out.extend_from_slice(entry.operands),
        }
        if entry.op > 0xff {
            out.extend_from_slice(&entry.op.to_be_bytes());
        } else {
            out.push(entry.op as u8);
        }
    }
    out
}

/// The charset data at `start` for a font of `glyphs` glyphs (.notdef is
/// implied, so it names `glyphs - 1`).
fn charset_data(cff: &[u8], start: usize, glyphs: usize) -> Option<&[u8]> {
    let format = *cff.get(start)?;
    let mut at = start + 1;
    let mut covered = 0;
    let len = match format {
        0 => 2 * (glyphs - 1),
        1 | 2 => {
            let range_len = if format == 1 { 3 } else { 4 };
            while covered < glyphs - 1 {
                let n_left = if format == 1 {
                    usize::from(*cff.get(at + 2)?)
                } else {
                    u16_at(cff, at + 2)?
                };
                covered += n_left + 1;
                at += range_len;
            }
            at - start - 1
        }
        _ => return None,
    };
    cff.get(start..start + 1 + len)
}

/// The FDSelect data at `start` (formats 0 and 3, the CFF ones).
fn fd_select_data(cff: &[u8], start: usize, glyphs: usize) -> Option<&[u8]> {
    let len = match *cff.get(start)? {
        0 => glyphs,
        3 => 2 + 3 * u16_at(cff, start + 1)? + 2,
        _ => return None,
    };
    cff.get(start..start + 1 + len)
}

pub(super) fn u16_at(data: &[u8], at: usize) -> Option<usize> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_be_bytes([bytes[0], bytes[1]])))
}

#[cfg(test)]
#[path = "cff_hints_tests.rs"]
mod tests;

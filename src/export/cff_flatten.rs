//! A fast hint-free subset of a CID-keyed CFF face: the used glyphs'
//! charstrings with every subroutine call inlined and every hint dropped, in
//! one pass, as the `CFF ` and `hmtx` tables of a small OpenType font.
//!
//! `subsetter` makes the same kind of font but spends ~10 µs a glyph (it
//! turns each charstring into a program of parsed operands and writes it
//! back), and krilla runs it again on the result, so for the body face that
//! first pass was a third of the export. Here operand bytes are copied as
//! they are, never decoded (except subroutine numbers).
//!
//! It only takes what it fully understands — CID-keyed Type 2 fonts whose
//! charstrings use no arithmetic, storage or seac — and returns `None`
//! otherwise; the caller then goes through `subsetter`.

use skrifa::raw::TableProvider;
use skrifa::{FontRef, Tag};

use super::cff_hints::{self, Entry, FontDict, Index, MAX_ARGS, NUMBER_LEN, SUBRS};

/// Type 2 nesting limit for subroutine calls (Type 2 spec, appendix B).
const MAX_CALL_DEPTH: usize = 10;

/// The `CFF ` table of `glyphs` of the face (its first glyph must be 0,
/// .notdef), with the glyphs numbered in that order, and the font's other
/// tables as krilla reads them.
pub(super) fn subset_tables(face: &FontRef<'_>, glyphs: &[u16]) -> Option<Tables> {
    if glyphs.first() != Some(&0) {
        return None;
    }
    let cff = face.table_data(Tag::new(b"CFF "))?.as_bytes();
    let font = cff_hints::Font::parse(cff)?;
    let fd_select = FdSelect::parse(font.fd_select, font.charstrings.len())?;
    // Local subroutines of each FD, parsed on first use.
    let mut local: Vec<Option<Subrs<'_>>> = (0..font.fds.len()).map(|_| None).collect();
    let strings_end = Index::parse(font.strings_and_gsubrs, 0)?.1;
    let gsubrs = Subrs::new(Index::parse(font.strings_and_gsubrs, strings_end)?.0);

    let mut data = Vec::with_capacity(glyphs.len() * 256);
    let mut ends = Vec::with_capacity(glyphs.len());
    // FD of each new glyph, as an index into the FDs kept.
    let mut new_fds: Vec<u8> = Vec::with_capacity(glyphs.len());
    let mut kept_fds: Vec<usize> = Vec::new();
    for &gid in glyphs {
        let charstring = font.charstrings.get(usize::from(gid))?;
        let fd = fd_select.fd(gid)?;
        let subrs = match local.get_mut(fd)? {
            Some(subrs) => subrs,
            slot => slot.insert(Subrs::new(match font.fds.get(fd)?.subrs {
                Some(index) => Index::parse(index, 0)?.0,
                None => Index::parse(&[0, 0], 0)?.0,
            })),
        };
        Flattener::new(&mut data, &gsubrs, subrs).run(charstring)?;
        ends.push(data.len());
        let kept = match kept_fds.iter().position(|&k| k == fd) {
            Some(k) => k,
            None => {
                kept_fds.push(fd);
                kept_fds.len() - 1
            }
        };
        new_fds.push(u8::try_from(kept).ok()?);
    }

    let strings = font.strings_and_gsubrs.get(..strings_end)?;
    // The Strings INDEX, then an empty Global Subr INDEX.
    let strings_and_gsubrs = [strings, &[0, 0]].concat();
    let charset = identity_charset(glyphs.len())?;
    let fd_select = fd_select_format3(&new_fds)?;
    let fds = kept_fds
        .iter()
        .map(|&fd| {
            let old = font.fds.get(fd)?;
            Some(FontDict {
                dict: old.dict.clone(),
                // No subroutines are left to point at.
                private: old
                    .private
                    .iter()
                    .filter(|e| e.op != SUBRS)
                    .copied()
                    .collect(),
                subrs: None,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let top: Vec<Entry<'_>> = font.top.clone();
    let new = cff_hints::Font {
        head: font.head,
        top,
        strings_and_gsubrs: &strings_and_gsubrs,
        charset: Some(&charset),
        fd_select: &fd_select,
        fds,
        charstrings: Index::parse(&[0, 0], 0)?.0,
    };
    let cff = new.write(&data, &ends)?;
    Some(Tables {
        hmtx: hmtx(face, glyphs)?,
        cff,
    })
}

/// What [`subset_tables`] makes; the caller adds the tables it copies.
pub(super) struct Tables {
    pub(super) cff: Vec<u8>,
    pub(super) hmtx: Vec<u8>,
}

/// Long horizontal metrics for every new glyph (numberOfHMetrics = glyph
/// count), from the face's hmtx.
fn hmtx(face: &FontRef<'_>, glyphs: &[u16]) -> Option<Vec<u8>> {
    let hmtx = face.table_data(Tag::new(b"hmtx"))?.as_bytes();
    let long = usize::from(face.hhea().ok()?.number_of_h_metrics());
    if long == 0 {
        return None;
    }
    let mut out = Vec::with_capacity(glyphs.len() * 4);
    for &gid in glyphs {
        let gid = usize::from(gid);
        let advance_at = 4 * gid.min(long - 1);
        let lsb_at = if gid < long {
            4 * gid + 2
        } else {
            4 * long + 2 * (gid - long)
        };
        out.extend_from_slice(hmtx.get(advance_at..advance_at + 2)?);
        out.extend_from_slice(hmtx.get(lsb_at..lsb_at + 2)?);
    }
    Some(out)
}

/// A charset mapping glyph `g` to CID `g` (format 2, one range), as
/// subsetter writes it: PDF then addresses glyphs by new id.
fn identity_charset(glyphs: usize) -> Option<Vec<u8>> {
    if glyphs < 2 {
        return Some(vec![0]);
    }
    let n_left = u16::try_from(glyphs - 2).ok()?;
    let mut out = vec![2, 0, 1];
    out.extend_from_slice(&n_left.to_be_bytes());
    Some(out)
}

/// FDSelect format 3 for the FD of each glyph.
fn fd_select_format3(fds: &[u8]) -> Option<Vec<u8>> {
    let mut ranges: Vec<(usize, u8)> = Vec::new();
    for (gid, &fd) in fds.iter().enumerate() {
        if ranges.last().is_none_or(|&(_, last)| last != fd) {
            ranges.push((gid, fd));
        }
    }
    let mut out = vec![3];
    out.extend_from_slice(&u16::try_from(ranges.len()).ok()?.to_be_bytes());
    for (first, fd) in ranges {
        out.extend_from_slice(&u16::try_from(first).ok()?.to_be_bytes());
        out.push(fd);
    }
    out.extend_from_slice(&u16::try_from(fds.len()).ok()?.to_be_bytes());
    Some(out)
}

/// The FDSelect of the face, for looking glyphs up.
enum FdSelect<'a> {
    /// One FD index per glyph.
    Format0(&'a [u8]),
    /// (first glyph, FD) ranges, and the sentinel.
    Format3(Vec<(u16, u8)>, u16),
}

impl<'a> FdSelect<'a> {
    fn parse(data: &'a [u8], glyphs: usize) -> Option<FdSelect<'a>> {
        match *data.first()? {
            0 => Some(FdSelect::Format0(data.get(1..1 + glyphs)?)),
            3 => {
                let count = cff_hints::u16_at(data, 1)?;
                let ranges = (0..count)
                    .map(|k| {
                        let at = 3 + 3 * k;
                        Some((cff_hints::u16_at(data, at)? as u16, *data.get(at + 2)?))
                    })
                    .collect::<Option<Vec<_>>>()?;
                let sentinel = cff_hints::u16_at(data, 3 + 3 * count)? as u16;
                // Ranges must start at glyph 0, increase and cover every
                // glyph, or a lookup could give a wrong FD (and width).
                let firsts = ranges.iter().map(|&(first, _)| first).chain([sentinel]);
                let increasing = firsts.clone().zip(firsts.skip(1)).all(|(a, b)| a < b);
                (ranges.first().is_some_and(|&(first, _)| first == 0)
                    && increasing
                    && usize::from(sentinel) == glyphs)
                    .then_some(FdSelect::Format3(ranges, sentinel))
            }
            _ => None,
        }
    }

    fn fd(&self, gid: u16) -> Option<usize> {
        match self {
            FdSelect::Format0(fds) => fds.get(usize::from(gid)).map(|&fd| usize::from(fd)),
            FdSelect::Format3(ranges, sentinel) => {
                if gid >= *sentinel {
                    return None;
                }
                let k = ranges.partition_point(|&(first, _)| first <= gid);
                ranges
                    .get(k.checked_sub(1)?)
                    .map(|&(_, fd)| usize::from(fd))
            }
        }
    }
}

/// A subroutine INDEX and its bias (Type 2 spec, 4.7).
struct Subrs<'a> {
    items: Index<'a>,
    bias: i32,
}

impl<'a> Subrs<'a> {
    fn new(items: Index<'a>) -> Subrs<'a> {
        let bias = match items.len() {
            0..1240 => 107,
            1240..33900 => 1131,
            _ => 32768,
        };
        Subrs { items, bias }
    }

    fn get(&self, number: i32) -> Option<&'a [u8]> {
        let index = usize::try_from(number.checked_add(self.bias)?).ok()?;
        self.items.get(index)
    }
}

/// How a charstring (or subroutine) ended.
enum End {
    Return,
    EndChar,
}

/// Writes one glyph's charstring, subroutines inlined and hints dropped.
/// Operands are tracked by where they start in the output, since a
/// subroutine may consume what its caller pushed.
struct Flattener<'a, 'o> {
    out: &'o mut Vec<u8>,
    gsubrs: &'o Subrs<'a>,
    subrs: &'o Subrs<'a>,
    args: [usize; MAX_ARGS],
    n: usize,
    stems: usize,
    width_seen: bool,
    /// The width operand (at most 5 bytes) of a dropped hint operator, to
    /// be put back before the first operator kept.
    width: Option<([u8; 5], usize)>,
    mask_seen: bool,
}

impl<'a, 'o> Flattener<'a, 'o> {
    fn new(out: &'o mut Vec<u8>, gsubrs: &'o Subrs<'a>, subrs: &'o Subrs<'a>) -> Self {
        Flattener {
            out,
            gsubrs,
            subrs,
            args: [0; MAX_ARGS],
            n: 0,
            stems: 0,
            width_seen: false,
            width: None,
            mask_seen: false,
        }
    }

    /// The flattened glyph; on `None` the output holds partial bytes, and
    /// the caller drops the whole font.
    fn run(mut self, charstring: &'a [u8]) -> Option<()> {
        match self.charstring(charstring, 0)? {
            End::EndChar => Some(()),
            End::Return => None,
        }
    }

    fn charstring(&mut self, cs: &'a [u8], depth: usize) -> Option<End> {
        let mut i = 0;
        while let Some(&b0) = cs.get(i) {
            let number_len = usize::from(NUMBER_LEN[usize::from(b0)]);
            if number_len > 0 {
                *self.args.get_mut(self.n)? = self.out.len();
                self.n += 1;
                self.out.extend_from_slice(cs.get(i..i + number_len)?);
                i += number_len;
                continue;
            }
            let op = if b0 == 12 {
                i += 2;
                0x0c00 | u16::from(*cs.get(i - 1)?)
            } else {
                i += 1;
                u16::from(b0)
            };
            let args_start = if self.n > 0 {
                self.args[0]
            } else {
                self.out.len()
            };
            match op {
                // callsubr, callgsubr: the subroutine number is the top
                // operand; the rest stay on the stack for the callee.
                10 | 29 => {
                    self.n = self.n.checked_sub(1)?;
                    let at = self.args[self.n];
                    let number = integer(self.out.get(at..)?)?;
                    self.out.truncate(at);
                    let subrs = if op == 10 { self.subrs } else { self.gsubrs };
                    if depth >= MAX_CALL_DEPTH {
                        return None;
                    }
                    if let End::EndChar = self.charstring(subrs.get(number)?, depth + 1)? {
                        return Some(End::EndChar);
                    }
                    continue;
                }
                // return
                11 => return (depth > 0).then_some(End::Return),
                // hstem, vstem, hstemhm, vstemhm; hintmask, cntrmask (their
                // operands are an implicit vstemhm, then the mask follows).
                1 | 3 | 18 | 23 | 19 | 20 => {
                    let is_mask = op == 19 || op == 20;
                    if self.mask_seen && (!is_mask || self.n > 0) {
                        return None;
                    }
                    let mut pairs = self.n;
                    if !self.width_seen {
                        self.width_seen = true;
                        if self.n % 2 == 1 {
                            let end = if self.n > 1 {
                                self.args[1]
                            } else {
                                self.out.len()
                            };
                            let bytes = self.out.get(args_start..end)?;
                            let mut width = [0; 5];
                            width.get_mut(..bytes.len())?.copy_from_slice(bytes);
                            self.width = Some((width, bytes.len()));
                            pairs -= 1;
                        }
                    }
                    if pairs % 2 == 1 {
                        return None;
                    }
                    self.stems += pairs / 2;
                    if is_mask {
                        self.mask_seen = true;
                        i += self.stems.div_ceil(8);
                        if i > cs.len() {
                            return None;
                        }
                    }
                    self.out.truncate(args_start);
                }
                // rmoveto, hmoveto, vmoveto, endchar: kept, width-capable.
                21 | 22 | 4 | 14 => {
                    let expected = match op {
                        21 => 2,
                        22 | 4 => 1,
                        // endchar's 4-operand seac form names glyphs by
                        // standard encoding, which a CID font does not have.
                        _ => 0,
                    };
                    if !self.width_seen {
                        self.width_seen = true;
                        if self.n != expected && self.n != expected + 1 {
                            return None;
                        }
                    } else if self.n != expected {
                        return None;
                    } else if let Some((width, len)) = self.width.take() {
                        self.out
                            .splice(args_start..args_start, width.into_iter().take(len));
                    }
                    self.out.push(b0);
                    if op == 14 {
                        return Some(End::EndChar);
                    }
                }
                // Path operators (and flex): only valid after a moveto.
                5..=8 | 24..=27 | 30 | 31 | 0x0c22..=0x0c25 => {
                    if !self.width_seen || self.width.is_some() {
                        return None;
                    }
                    if op > 0xff {
                        self.out.extend_from_slice(&op.to_be_bytes());
                    } else {
                        self.out.push(b0);
                    }
                }
                // Arithmetic, storage, dotsection, reserved: not handled.
                _ => return None,
            }
            self.n = 0;
        }
        // A charstring ends only by return or endchar.
        None
    }
}

/// The integer Type 2 operand at the start of `data` (16.16 numbers are not
/// subroutine numbers).
fn integer(data: &[u8]) -> Option<i32> {
    let b0 = i32::from(*data.first()?);
    let b1 = || data.get(1).map(|&b| i32::from(b));
    match b0 {
        28 => Some(i32::from(i16::from_be_bytes([
            *data.get(1)?,
            *data.get(2)?,
        ]))),
        32..=246 => Some(b0 - 139),
        247..=250 => Some((b0 - 247) * 256 + b1()? + 108),
        251..=254 => Some(-(b0 - 251) * 256 - b1()? - 108),
        _ => None,
    }
}

#[cfg(test)]
#[path = "cff_flatten_tests.rs"]
mod tests;

//! CFF INDEX structures (CFF spec §5), read in place.

use super::cff_hints::u16_at;

/// An INDEX read in place: only its header and last offset are checked up
/// front, each item when it is asked for. A CJK face's CharStrings INDEX has
/// 65 535 items of which a document uses a few hundred; collecting them all
/// was a third of the direct writer's instructions.
#[derive(Clone, Copy)]
pub(super) struct Index<'a> {
    data: &'a [u8],
    count: usize,
    off_size: usize,
    offsets_start: usize,
    /// Offsets count from the byte before the data.
    base: usize,
}

impl<'a> Index<'a> {
    /// The INDEX at `start`, and where it ends.
    pub(super) fn parse(data: &'a [u8], start: usize) -> Option<(Index<'a>, usize)> {
        let count = u16_at(data, start)?;
        if count == 0 {
            let empty = Index {
                data,
                count: 0,
                off_size: 1,
                offsets_start: start + 2,
                base: start + 2,
            };
            return Some((empty, start + 2));
        }
        let off_size = usize::from(*data.get(start + 2)?);
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let offsets_start = start + 3;
        let base = offsets_start + (count + 1) * off_size - 1;
        let index = Index {
            data,
            count,
            off_size,
            offsets_start,
            base,
        };
        if index.offset(0)? != 1 {
            return None;
        }
        let end = base.checked_add(index.offset(count)?)?;
        data.get(..end)?;
        Some((index, end))
    }

    fn offset(&self, k: usize) -> Option<usize> {
        let at = self.offsets_start + k * self.off_size;
        let bytes = self.data.get(at..at + self.off_size)?;
        Some(bytes.iter().fold(0, |v, &b| (v << 8) | usize::from(b)))
    }

    pub(super) fn len(&self) -> usize {
        self.count
    }

    /// Item `k`; `None` past the end or when its offsets are out of order.
    pub(super) fn get(&self, k: usize) -> Option<&'a [u8]> {
        if k >= self.count {
            return None;
        }
        let (from, to) = (self.offset(k)?, self.offset(k + 1)?);
        self.data
            .get(self.base.checked_add(from)?..self.base.checked_add(to)?)
    }
}

/// The items of the INDEX at `start`, and where it ends.
pub(super) fn parse_index(data: &[u8], start: usize) -> Option<(Vec<&[u8]>, usize)> {
    let (index, end) = Index::parse(data, start)?;
    let items = (0..index.len())
        .map(|k| index.get(k))
        .collect::<Option<Vec<_>>>()?;
    Some((items, end))
}

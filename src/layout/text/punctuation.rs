//! 标点挤压: a full-width mark has its ink in one half of its cell and the
//! other half blank. Next to another mark, or when a line is short of room,
//! it may give up the blank half; the ink stays where it was.

use std::ops::Range;

use crate::fonts::Role;
use crate::units::Mm;

use super::{EPS, Piece, is_full_width};

/// Which half of its cell a full-width mark leaves blank; the ink is in the
/// other half, so that half can go when room is short (标点挤压).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Blank {
    /// Opening marks: the ink sits on the right, against what they open.
    Left,
    /// Closing marks and 点号: the ink sits on the left.
    Right,
}

pub(super) fn blank_half(piece: &Piece) -> Option<Blank> {
    // A mark from the Latin face is half-width already.
    if piece.role == Role::Latin || !is_full_width(piece.ch) {
        return None;
    }
    match piece.ch {
        '“' | '‘' | '（' | '《' | '〔' | '「' | '『' | '【' => Some(Blank::Left),
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '”' | '’' | '）' | '》' | '〕' | '」'
        | '』' | '】' => Some(Blank::Right),
        _ => None,
    }
}

/// The squeezed pieces of one line (pieces `range`, trailing spaces left out).
#[derive(Debug, Clone)]
pub(super) struct Squeeze {
    range: Range<usize>,
    half: Vec<bool>,
}

impl Squeeze {
    /// Nothing squeezed: every piece keeps its full room.
    pub(super) fn none(range: Range<usize>) -> Self {
        Squeeze {
            half: vec![false; range.len()],
            range,
        }
    }

    /// Marks next to each other on a line (`。”`, `）、`, `：“`): the blank
    /// half between them goes, so the pair takes a cell and a half. A
    /// closing mark gives up its right half; of two opening marks the
    /// second gives up its left half; `（）` keeps both, its blanks are outside.
    pub(super) fn pairs(pieces: &[Piece], range: Range<usize>) -> Self {
        let mut squeeze = Squeeze::none(range.clone());
        for k in range.start..range.end.saturating_sub(1) {
            let (Some(a), Some(b)) = (blank_half(&pieces[k]), blank_half(&pieces[k + 1])) else {
                continue;
            };
            match (a, b) {
                (Blank::Right, _) => squeeze.half[k - range.start] = true,
                (Blank::Left, Blank::Left) => squeeze.half[k + 1 - range.start] = true,
                (Blank::Left, Blank::Right) => {}
            }
        }
        squeeze
    }

    pub(super) fn is_half(&self, index: usize) -> bool {
        index
            .checked_sub(self.range.start)
            .and_then(|k| self.half.get(k))
            .copied()
            .unwrap_or(false)
    }

    /// The room piece `index` takes on the line.
    pub(super) fn room(&self, pieces: &[Piece], index: usize) -> Mm {
        let width = pieces[index].width;
        if self.is_half(index) {
            width / 2.0
        } else {
            width
        }
    }

    pub(super) fn width(&self, pieces: &[Piece]) -> Mm {
        self.range.clone().map(|i| self.room(pieces, i)).sum()
    }

    /// Marks that could still give up half their room, nearest the line end
    /// first (so the fewest characters leave their grid cells). The first
    /// piece of a line never gives up its left half nor the last its right:
    /// the line keeps its edges at the margins.
    pub(super) fn spare(&self, pieces: &[Piece]) -> Vec<usize> {
        let (first, last) = (self.range.start, self.range.end.saturating_sub(1));
        self.range
            .clone()
            .rev()
            .filter(|&i| !self.is_half(i))
            .filter(|&i| match blank_half(&pieces[i]) {
                // After another mark the pair rule has already taken the
                // blank between them; squeezing the opening mark too would
                // start its glyph box where the previous one starts, and
                // text copied from the PDF would come out of order.
                Some(Blank::Left) => i != first && blank_half(&pieces[i - 1]).is_none(),
                Some(Blank::Right) => i != last,
                None => false,
            })
            .collect()
    }

    /// The narrowest the line can be made.
    pub(super) fn min_width(&self, pieces: &[Piece]) -> Mm {
        let spare: Mm = self
            .spare(pieces)
            .iter()
            .map(|&i| pieces[i].width / 2.0)
            .sum();
        self.width(pieces) - spare
    }

    /// Squeeze the fewest marks that bring the line within `measure`.
    pub(super) fn fit(&mut self, pieces: &[Piece], measure: Mm) {
        let mut width = self.width(pieces);
        for i in self.spare(pieces) {
            if width.0 <= measure.0 + EPS {
                break;
            }
            self.half[i - self.range.start] = true;
            width -= pieces[i].width / 2.0;
        }
    }
}

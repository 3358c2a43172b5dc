//! Break units: the stretches of pieces a line never breaks inside.

use std::ops::Range;

use crate::units::Mm;

use super::{EPS, Piece, is_closing, is_full_width, is_number_unit, is_opening};

/// A stretch of pieces that never breaks inside: one CJK character, a Latin
/// word or number, `——`, `……`, or a space.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub pieces: Range<usize>,
    pub width: Mm,
    pub is_space: bool,
    pub no_start: bool,
    pub no_end: bool,
}

pub(super) fn units(pieces: &[Piece]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let ch = pieces[i].ch;
        let mut end = i + 1;
        if ch == ' ' {
            // one space unit
        } else if !is_full_width(ch) {
            while end < pieces.len() && !is_full_width(pieces[end].ch) && pieces[end].ch != ' ' {
                end += 1;
            }
            // A number keeps its unit: 2020年, 35个, 3.5亿元 never break.
            while pieces[end - 1].ch.is_ascii_digit() || is_number_unit(pieces[end - 1].ch) {
                match pieces.get(end) {
                    Some(p) if is_number_unit(p.ch) => end += 1,
                    _ => break,
                }
            }
        } else if (ch == '—' || ch == '…') && pieces.get(end).is_some_and(|p| p.ch == ch) {
            end += 1;
        }
        let first = pieces[i].ch;
        let last = pieces[end - 1].ch;
        units.push(Unit {
            pieces: i..end,
            width: pieces[i..end].iter().map(|p| p.width).sum(),
            is_space: ch == ' ',
            no_start: is_closing(first),
            no_end: is_opening(last),
        });
        i = end;
    }
    units
}

/// A unit wider than `measure` (a Latin "word" longer than a line: a URL,
/// a hash, garbage) is split into its characters, so that it breaks where
/// the line is full rather than running past the 版心.
pub(super) fn split_overwide(units: Vec<Unit>, pieces: &[Piece], measure: Mm) -> Vec<Unit> {
    if !units.iter().any(|u| u.width.0 > measure.0 + EPS) {
        return units;
    }
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        if unit.width.0 <= measure.0 + EPS || unit.pieces.len() < 2 {
            out.push(unit);
            continue;
        }
        for k in unit.pieces.clone() {
            let ch = pieces[k].ch;
            out.push(Unit {
                pieces: k..k + 1,
                width: pieces[k].width,
                is_space: false,
                no_start: is_closing(ch),
                no_end: is_opening(ch),
            });
        }
    }
    out
}

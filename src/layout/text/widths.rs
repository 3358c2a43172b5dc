//! The narrowest and widest a text can be set: what a table column needs.

use crate::units::Mm;

use super::{Breaker, Piece, natural_width, units};

/// The width of the widest stretch that can never be broken: a Latin word
/// or number with its unit, or CJK characters the 禁则 glue together
/// (`（一）`, `。”`). No line of this text can be narrower.
pub fn min_content_width(pieces: &[Piece]) -> Mm {
    let breaker = Breaker {
        pieces,
        units: units(pieces),
        first: Mm(0.0),
        rest: Mm(0.0),
        squeeze: false,
    };
    let mut widest = Mm(0.0);
    let mut chunk = Mm(0.0);
    for (k, unit) in breaker.units.iter().enumerate() {
        if breaker.can_break(k) {
            chunk = Mm(0.0);
        }
        if !unit.is_space {
            chunk += unit.width;
        }
        widest = widest.max(chunk);
    }
    widest
}

/// The width of the text on one line, with no break.
pub fn max_content_width(pieces: &[Piece]) -> Mm {
    natural_width(pieces)
}

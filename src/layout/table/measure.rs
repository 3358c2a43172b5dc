//! A table's cells shaped, its columns measured and given widths, its
//! cells broken into lines.
//!
//! Column widths follow the content, as browsers do for an automatic
//! table: each column needs at least its widest unbreakable stretch and
//! would like its longest line; room beyond the minimum goes to the columns
//! in proportion to what they would like.

use crate::diag::Error;
use crate::fonts::Role;
use crate::model::{Align, Cell, Run, RunStyle, Table};
use crate::template::{Color, Profile, TableWidth};
use crate::units::Mm;

use super::super::compose::Composer;
use super::super::text::{self, Line, Piece, Span, TextStyle};

/// Where a cell's lines sit between its column's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HAlign {
    Left,
    Centre,
    Right,
}

/// A cell shaped: one list of pieces per paragraph (a `<br>` starts one).
struct Shaped {
    paragraphs: Vec<Vec<Piece>>,
}

/// A cell broken into lines for its column.
#[derive(Debug, Clone)]
pub(super) struct CellLines {
    /// Each line with the pieces it indexes.
    pub lines: Vec<(usize, Line)>,
    pub paragraphs: Vec<Vec<Piece>>,
    pub align: HAlign,
    /// The face of the cell's text (for the baseline of Latin glyphs).
    pub role: Role,
}

/// One row of cells, broken for the columns.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub cells: Vec<CellLines>,
}

impl Row {
    /// Lines of the tallest cell.
    pub fn line_count(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).max().unwrap_or(0)
    }
}

/// A table ready to be placed: column widths and broken rows.
#[derive(Debug, Clone)]
pub(super) struct Measured {
    pub widths: Vec<Mm>,
    pub header: Row,
    pub rows: Vec<Row>,
    /// Set on a landscape page (asked for, or too wide for portrait).
    pub landscape: bool,
    pub style: TextStyle,
}

impl Measured {
    pub fn width(&self) -> Mm {
        self.widths.iter().copied().sum()
    }
}

fn role_of(style: RunStyle, base: Role) -> Role {
    match style {
        RunStyle::Regular => base,
        RunStyle::Strong => Role::HeiTi,
        RunStyle::Emphasis => Role::KaiTi,
    }
}

fn shape_cell(
    composer: &Composer<'_>,
    cell: &Cell,
    base: Role,
    style: TextStyle,
) -> Result<Shaped, Error> {
    let mut paragraphs = Vec::new();
    for runs in &cell.paragraphs {
        let spans: Vec<Span<'_>> = runs
            .iter()
            .map(|r: &Run| Span {
                text: &r.text,
                role: role_of(r.style, base),
                pos: r.pos,
            })
            .collect();
        paragraphs.push(composer.shape(&spans, style)?);
    }
    Ok(Shaped { paragraphs })
}

/// Is the cell's text a number as statistics print it: `12`, `-3.5`,
/// `1,234`, `35%`, `3.5‰`?
pub(super) fn is_number(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['-', '+', '−']).unwrap_or(t);
    let t = t.strip_suffix(['%', '％', '‰']).unwrap_or(t);
    let (whole, fraction) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let whole_ok = match groups.as_slice() {
        [one] => !one.is_empty() && one.chars().all(|c| c.is_ascii_digit()),
        [first, rest @ ..] => {
            (1..=3).contains(&first.len())
                && first.chars().all(|c| c.is_ascii_digit())
                && rest
                    .iter()
                    .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
        }
        [] => false,
    };
    whole_ok && fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

/// A column whose body cells are all numbers (empty cells aside) is set
/// flush right, unless the delimiter row says otherwise.
fn column_aligns(table: &Table) -> (Vec<HAlign>, Vec<HAlign>) {
    let mut head = Vec::new();
    let mut body = Vec::new();
    for (c, align) in table.align.iter().enumerate() {
        let texts: Vec<String> = table
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(Cell::plain)
            .filter(|t| !t.trim().is_empty())
            .collect();
        let numeric = !texts.is_empty() && texts.iter().all(|t| is_number(t));
        let (h, b) = match align {
            Align::Auto if numeric => (HAlign::Centre, HAlign::Right),
            Align::Auto => (HAlign::Centre, HAlign::Left),
            Align::Left => (HAlign::Left, HAlign::Left),
            Align::Centre => (HAlign::Centre, HAlign::Centre),
            Align::Right => (HAlign::Right, HAlign::Right),
        };
        head.push(h);
        body.push(b);
    }
    (head, body)
}

/// Column widths within `room`. Every column gets at least its minimum;
/// short columns (numbers, names) get all they want, and the long ones
/// share what is left equally, up to what they want ("water filling": one
/// cap for all, so no short column wraps to make a long one a little less
/// tall). `full` then spreads the table to `room`, in proportion to the
/// widths; otherwise it stays as wide as its content, centred.
pub(super) fn distribute(min: &[Mm], max: &[Mm], room: Mm, full: bool) -> Vec<Mm> {
    let width = |cap: f32| -> f32 {
        min.iter()
            .zip(max)
            .map(|(a, b)| b.0.min(cap).max(a.0))
            .sum()
    };
    let hi = max.iter().zip(min).map(|(b, a)| b.0.max(a.0)).sum::<f32>();
    let cap = if hi <= room.0 {
        f32::MAX
    } else {
        // Bisection on the cap: width() grows with it.
        let (mut lo, mut up) = (0.0f32, room.0.max(hi));
        for _ in 0..60 {
            let mid = (lo + up) / 2.0;
            if width(mid) > room.0 {
                up = mid;
            } else {
                lo = mid;
            }
        }
        lo
    };
    let widths: Vec<Mm> = min
        .iter()
        .zip(max)
        .map(|(a, b)| Mm(b.0.min(cap).max(a.0)))
        .collect();
    let total: f32 = widths.iter().map(|w| w.0).sum();
    if !full || total >= room.0 || total <= 0.0 {
        return widths;
    }
    let grow = room.0 / total;
    widths.into_iter().map(|w| w * grow).collect()
}

/// Shapes, measures and breaks a table for `portrait` (the 版心 width) or,
/// when it is asked for or cannot fit, `landscape` (the 版心 height).
/// `Err(min)` from the inner result: even landscape is too narrow.
pub(super) fn measure(
    composer: &Composer<'_>,
    table: &Table,
    portrait: Mm,
    landscape: Mm,
) -> Result<Result<Measured, Mm>, Error> {
    let profile = composer.profile;
    let style = TextStyle {
        size: profile.table_size,
        cell: profile.table_size.to_mm(),
        color: Color::BLACK,
    };
    let header: Vec<Shaped> = table
        .header
        .iter()
        .map(|c| shape_cell(composer, c, Role::HeiTi, style))
        .collect::<Result<_, _>>()?;
    let mut rows: Vec<Vec<Shaped>> = Vec::new();
    for row in &table.rows {
        rows.push(
            row.iter()
                .map(|c| shape_cell(composer, c, Role::FangSong, style))
                .collect::<Result<_, _>>()?,
        );
    }
    let columns = table.align.len();
    let pad = profile.table_cell_padding_x * 2.0;
    let mut min = vec![pad; columns];
    let mut max = vec![pad; columns];
    for row in std::iter::once(&header).chain(&rows) {
        for (c, cell) in row.iter().enumerate().take(columns) {
            for p in &cell.paragraphs {
                min[c] = min[c].max(text::min_content_width(p) + pad);
                max[c] = max[c].max(text::max_content_width(p) + pad);
            }
        }
    }
    let narrowest: Mm = min.iter().copied().sum();
    let turn = table.landscape || narrowest.0 > portrait.0 + 0.01;
    let room = if turn { landscape } else { portrait };
    if narrowest.0 > room.0 + 0.01 {
        return Ok(Err(narrowest));
    }
    let widths = distribute(&min, &max, room, profile.table_width == TableWidth::Full);
    let (head_align, body_align) = column_aligns(table);
    let header = break_row(header, &widths, &head_align, Role::HeiTi, profile);
    let rows = rows
        .into_iter()
        .map(|r| break_row(r, &widths, &body_align, Role::FangSong, profile))
        .collect();
    Ok(Ok(Measured {
        widths,
        header,
        rows,
        landscape: turn,
        style,
    }))
}

fn break_row(
    cells: Vec<Shaped>,
    widths: &[Mm],
    aligns: &[HAlign],
    role: Role,
    profile: &Profile,
) -> Row {
    let pad = profile.table_cell_padding_x * 2.0;
    let cells = cells
        .into_iter()
        .zip(widths.iter().zip(aligns))
        .map(|(cell, (&width, &align))| {
            let measure = width - pad;
            let mut lines = Vec::new();
            for (p, pieces) in cell.paragraphs.iter().enumerate() {
                // Left-set text is justified like the body (its last line
                // not); centred and right-set lines keep their width.
                let justify = align == HAlign::Left;
                let broken = text::break_lines(pieces, measure, measure, justify);
                lines.extend(broken.into_iter().map(|l| (p, l)));
            }
            CellLines {
                lines,
                paragraphs: cell.paragraphs,
                align,
                role,
            }
        })
        .collect();
    Row { cells }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_statistics_print_them() {
        for n in ["12", "3.5", "35%", "1,234", "-2", "12,345.67", "0.5‰"] {
            assert!(is_number(n), "{n}");
        }
        for t in ["12人", "1,23", "3.", "", "合计", "2020年", ",123"] {
            assert!(!is_number(t), "{t}");
        }
    }

    #[test]
    fn room_goes_where_it_is_wanted() {
        let close = |w: &[Mm], v: &[f32]| w.iter().zip(v).all(|(a, b)| (a.0 - b).abs() < 1e-2);
        // The short column gets all it wants, the long one the rest.
        let w = distribute(&[Mm(10.0), Mm(10.0)], &[Mm(20.0), Mm(60.0)], Mm(50.0), true);
        assert!(close(&w, &[20.0, 30.0]), "{w:?}");
        // Two long columns share equally, a minimum is kept.
        let w = distribute(
            &[Mm(5.0), Mm(5.0), Mm(30.0)],
            &[Mm(80.0), Mm(90.0), Mm(30.0)],
            Mm(100.0),
            true,
        );
        assert!(close(&w, &[35.0, 35.0, 30.0]), "{w:?}");
        // Content width stays; full width spreads in proportion.
        let w = distribute(&[Mm(10.0)], &[Mm(20.0)], Mm(100.0), false);
        assert!(close(&w, &[20.0]), "{w:?}");
        let w = distribute(
            &[Mm(10.0), Mm(10.0)],
            &[Mm(20.0), Mm(60.0)],
            Mm(160.0),
            true,
        );
        assert!(close(&w, &[40.0, 120.0]), "{w:?}");
    }
}

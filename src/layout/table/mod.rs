//! 表格: GFM tables as 公文 tables on the body flow.
//!
//! A table starts on a grid line and sets its rows at their own heights;
//! the text after it resumes on the next grid line, so the grid of body
//! pages never moves. A table that crosses a page repeats its header row;
//! a row moves to the next page whole unless it is taller than a page. A
//! table too wide for the 版心 (or marked `<!-- 横排 -->`) goes on pages of
//! its own, turned a quarter turn counter-clockwise so that its head faces
//! the binding edge (GB/T 9704 §8, GBT9704.md §9); page numbers stay put.

mod measure;

use crate::diag::{Diagnostic, Error};
use crate::model::{SourcePos, Table};
use crate::template::Color;
use crate::units::Mm;

use super::compose::Composer;
use super::frame::{Item, Rule};
use super::text;

use measure::{HAlign, Measured, Row};

/// A table measured for its page, before it is placed.
pub(super) struct Prepared {
    measured: Measured,
}

/// Measures `table` for a portrait page, or for a landscape one when it
/// asks for it or is too wide; an error when even that is too narrow.
pub(super) fn prepare(composer: &Composer<'_>, table: &Table) -> Result<Prepared, Error> {
    let profile = composer.profile;
    let portrait = profile.body_width;
    let landscape = profile.body_height;
    match measure::measure(composer, table, portrait, landscape)? {
        Ok(measured) => Ok(Prepared { measured }),
        Err(min) => Err(too_wide(composer, table.pos, min, landscape)),
    }
}

fn too_wide(composer: &Composer<'_>, pos: SourcePos, min: Mm, room: Mm) -> Error {
    let message = format!(
        "表格太宽：各列最窄也要 {:.1} mm，横排的版心也只有 {:.1} mm",
        min.0, room.0
    );
    Error::single(
        Diagnostic::error(composer.source.path, composer.source.text, pos, message).with_help(
            "减少列数，缩短不能断开的数字或西文词，或把表格拆成两张；也可在模板中减小「表格字号」",
        ),
    )
}

/// Body lines the start of the table (header and first row) takes, for a
/// heading above it to keep with; none for a landscape table (it starts a
/// page of its own).
pub(super) fn keep_lines(composer: &Composer<'_>, table: &Prepared) -> usize {
    let m = &table.measured;
    if m.landscape {
        return 0;
    }
    let geometry = Geometry::new(composer);
    let mut height = geometry.row_height(m.header.line_count());
    if let Some(first) = m.rows.first() {
        height += geometry.row_height(first.line_count());
    }
    let pitch = composer.profile.line_pitch();
    (height / pitch).ceil().max(1.0) as usize
}

/// Places a prepared table: on the body flow, or on landscape pages.
pub(super) fn place(composer: &mut Composer<'_>, table: &Prepared) {
    let m = &table.measured;
    let profile = composer.profile;
    if m.landscape {
        // The turned frame: its top along the page's left edge (订口), its
        // left edge along the page's foot; the 版心 turns with it.
        let room = profile.body_height;
        let frame = Frame {
            left: profile.page_height - profile.body_bottom() + (room - m.width()) / 2.0,
            top: profile.body_left(),
            bottom: profile.body_right(),
        };
        let pages = paginate(composer, m, &frame, frame.top);
        for part in pages.parts {
            composer.place_landscape(part.items);
        }
        return;
    }
    let frame = Frame {
        left: profile.body_left() + (profile.body_width - m.width()) / 2.0,
        top: profile.body_top(),
        bottom: profile.body_bottom(),
    };
    let start = composer.block_top();
    let pages = paginate(composer, m, &frame, start);
    for (i, part) in pages.parts.into_iter().enumerate() {
        if i > 0 || pages.turn_first {
            composer.new_page();
        }
        composer.place_fixed(part.items, part.top, part.bottom);
    }
}

/// Where a table is set on its pages: its left edge, and the top and
/// bottom of the room on a page.
struct Frame {
    left: Mm,
    top: Mm,
    bottom: Mm,
}

/// Cell padding, type size and line pitch of the table.
struct Geometry {
    pad_y: Mm,
    pad_x: Mm,
    em: Mm,
    pitch: Mm,
    rule: Mm,
}

impl Geometry {
    fn new(composer: &Composer<'_>) -> Geometry {
        let p = composer.profile;
        Geometry {
            pad_y: p.table_cell_padding_y,
            pad_x: p.table_cell_padding_x,
            em: p.table_size.to_mm(),
            pitch: p.table_line_pitch,
            rule: p.table_rule,
        }
    }

    /// A row showing `lines` lines (an empty row is as tall as one line).
    fn row_height(&self, lines: usize) -> Mm {
        self.pad_y * 2.0 + self.em + self.pitch * lines.saturating_sub(1) as f32
    }

    /// How many lines fit in `room`.
    fn lines_in(&self, room: Mm) -> usize {
        let after_first = room - self.pad_y * 2.0 - self.em;
        if after_first.0 < -0.01 {
            return 0;
        }
        (after_first / self.pitch + 1e-3).floor().max(0.0) as usize + 1
    }
}

/// The table on one page: its items and the extent of its rules.
struct Part {
    items: Vec<Item>,
    top: Mm,
    bottom: Mm,
}

struct Pages {
    parts: Vec<Part>,
    /// The table does not start on the current page.
    turn_first: bool,
}

/// Cuts the table into pages: rows whole when they fit, the header row at
/// the top of every page.
fn paginate(composer: &Composer<'_>, m: &Measured, frame: &Frame, start: Mm) -> Pages {
    let g = Geometry::new(composer);
    let header_height = g.row_height(m.header.line_count());
    let fresh = frame.top + header_height;
    let first_row = m.rows.first().map_or(Mm(0.0), |r| {
        // A first row taller than a page starts here with what fits.
        g.row_height(r.line_count()).min(g.row_height(1))
    });
    let turn_first = start.0 + header_height.0 + first_row.0 > frame.bottom.0 + 0.01
        && start.0 > frame.top.0 + 0.01;
    let mut part = Drawing::new(
        composer,
        m,
        frame,
        &g,
        if turn_first { frame.top } else { start },
    );
    let mut parts = Vec::new();
    part.row(&m.header, &vec![0; m.header.cells.len()], usize::MAX, true);
    for row in &m.rows {
        let mut from = vec![0; row.cells.len()];
        loop {
            let left = row
                .cells
                .iter()
                .zip(&from)
                .map(|(c, f)| c.lines.len().saturating_sub(*f))
                .max()
                .unwrap_or(0);
            let height = g.row_height(left);
            if part.y.0 + height.0 <= frame.bottom.0 + 0.01 {
                part.row(row, &from, usize::MAX, from.iter().all(|f| *f == 0));
                break;
            }
            let fits_fresh = height.0 <= (frame.bottom - fresh).0 + 0.01;
            let at_fresh = part.y.0 <= fresh.0 + 0.01;
            let room = g.lines_in(frame.bottom - part.y);
            if (fits_fresh || room == 0) && !at_fresh {
                parts.push(part.finish());
                part = Drawing::new(composer, m, frame, &g, frame.top);
                part.row(&m.header, &vec![0; m.header.cells.len()], usize::MAX, true);
                continue;
            }
            // Taller than a page: what fits here, the rest on the next.
            let take = room.max(1);
            part.row(row, &from, take, false);
            for (f, c) in from.iter_mut().zip(&row.cells) {
                *f = (*f + take).min(c.lines.len());
            }
            parts.push(part.finish());
            part = Drawing::new(composer, m, frame, &g, frame.top);
            part.row(&m.header, &vec![0; m.header.cells.len()], usize::MAX, true);
        }
    }
    parts.push(part.finish());
    Pages { parts, turn_first }
}

/// The table's items on one page, drawn row by row.
struct Drawing<'c> {
    composer: &'c Composer<'c>,
    m: &'c Measured,
    g: &'c Geometry,
    left: Mm,
    top: Mm,
    /// Bottom of the last row drawn.
    y: Mm,
    /// Where horizontal rules go: the top and every row's bottom.
    rules: Vec<Mm>,
    items: Vec<Item>,
}

impl<'c> Drawing<'c> {
    fn new(
        composer: &'c Composer<'c>,
        m: &'c Measured,
        frame: &Frame,
        g: &'c Geometry,
        top: Mm,
    ) -> Self {
        Drawing {
            composer,
            m,
            g,
            left: frame.left,
            top,
            y: top,
            rules: vec![top],
            items: Vec::new(),
        }
    }

    /// Draws at most `take` lines of each cell of `row`, from `from`;
    /// `centre` sets the cells' lines in the middle of the row's height
    /// (a row split across pages hangs from its top instead).
    fn row(&mut self, row: &Row, from: &[usize], take: usize, centre: bool) {
        let g = self.g;
        let shown = |c: usize, n: usize| {
            n.saturating_sub(from.get(c).copied().unwrap_or(0))
                .min(take)
        };
        let lines = row
            .cells
            .iter()
            .enumerate()
            .map(|(c, cell)| shown(c, cell.lines.len()))
            .max()
            .unwrap_or(0);
        let height = g.row_height(lines);
        let style = self.m.style;
        let mut x = self.left;
        for (c, (cell, &width)) in row.cells.iter().zip(&self.m.widths).enumerate() {
            let first = from.get(c).copied().unwrap_or(0);
            let count = shown(c, cell.lines.len());
            let block = g.em + g.pitch * count.saturating_sub(1) as f32;
            let offset = if centre {
                (height - g.pad_y * 2.0 - block) / 2.0
            } else {
                Mm(0.0)
            };
            for (i, (p, line)) in cell.lines.iter().skip(first).take(count).enumerate() {
                let em_top = self.y + g.pad_y + offset + g.pitch * i as f32;
                let room = width - g.pad_x * 2.0;
                let shift = match cell.align {
                    HAlign::Left => Mm(0.0),
                    HAlign::Centre => (room - line.width) / 2.0,
                    HAlign::Right => room - line.width,
                };
                let baseline = self.composer.baseline(cell.role, style, em_top);
                let Some(pieces) = cell.paragraphs.get(*p) else {
                    continue;
                };
                let runs = text::runs_for_line(
                    pieces,
                    line,
                    x + g.pad_x + shift,
                    em_top,
                    style,
                    self.composer.measurer,
                    baseline,
                );
                self.items.extend(runs.into_iter().map(Item::Text));
            }
            x += width;
        }
        self.y += height;
        self.rules.push(self.y);
    }

    /// The page's part with its rules: a full grid of 0.5 pt black lines.
    fn finish(mut self) -> Part {
        let t = self.g.rule;
        let right = self.left + self.m.width();
        for &y in &self.rules {
            self.items.push(Item::Rule(Rule {
                x0: self.left - t / 2.0,
                x1: right + t / 2.0,
                top: y - t / 2.0,
                thickness: t,
                color: Color::BLACK,
            }));
        }
        let mut x = self.left;
        let mut edges = vec![x];
        for &w in &self.m.widths {
            x += w;
            edges.push(x);
        }
        for x in edges {
            self.items.push(Item::Rule(Rule {
                x0: x - t / 2.0,
                x1: x + t / 2.0,
                top: self.top,
                thickness: self.y - self.top,
                color: Color::BLACK,
            }));
        }
        Part {
            items: self.items,
            top: self.top,
            bottom: self.y + t / 2.0,
        }
    }
}

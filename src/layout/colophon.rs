//! 版记: 主送 (when moved here), 抄送, 印发机关 and 印发日期 between rules at
//! the foot of the last page, on an even page when the profile asks
//! (GB/T 9704 §7.4, §7.5; GBT9704.md §13.7, A5, A18, A19).
//!
//! The block is built bottom-up from the 版心 bottom: its last rule's lower
//! edge lies on the 版心 bottom whatever the rows above it hold, so the
//! block is planned whole (rows and rules) before it is placed.
//!
//! A 信函's 版记 has no 印发 row and no rules (§10.1): only its 抄送 (and a
//! moved 主送), the last row ending on the 版心 bottom.

use crate::diag::{Diagnostic, Error};
use crate::fonts::Role;
use crate::model::{Format, Located, Meta, SourcePos};
use crate::template::Color;
use crate::units::Mm;

use super::compose::Composer;
use super::frame::{Item, Rule};
use super::text::{self, Line, Piece, Span, TextStyle};

/// A piece of text on a 版记 row: which shaped part, which line of it, and
/// where the line starts.
struct Segment {
    part: usize,
    line: Line,
    left: Mm,
}

/// One row of the 版记: one body line pitch high (A19).
#[derive(Default)]
struct Row {
    segments: Vec<Segment>,
}

/// The whole 版记, shaped and broken, not yet placed.
struct Block {
    /// Shaped texts the segments point into.
    parts: Vec<Vec<Piece>>,
    /// 主送 and 抄送 rows: no rule between them (§7.4.2).
    upper: Vec<Row>,
    /// 印发机关 / 印发日期 rows, directly above the last rule (§7.4.3).
    lower: Vec<Row>,
    /// Where the block comes from, for the "too long" error.
    pos: SourcePos,
    /// Rules above, between and below the rows (not in a 信函).
    rules: bool,
}

/// Place the 版记 (if the document has one) on the last page.
pub(super) fn place(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    let Some(block) = plan(composer, meta)? else {
        return Ok(());
    };
    let profile = composer.profile;
    let height = block.height(composer);
    if height.0 > profile.body_height.0 + 0.01 {
        // Splitting the 版记 over pages has no rule in the standard; an
        // author with that many organs has to shorten the list.
        return Err(Error::single(
            Diagnostic::error(
                composer.source.path,
                composer.source.text,
                block.pos,
                "版记过长，一页排不下：抄送、主送机关过多",
            )
            .with_help("精简抄送机关，或改用「有关单位」等统称"),
        ));
    }
    let even = if meta.format.value == Format::Letter {
        profile.letter_colophon_on_even_page
    } else {
        profile.colophon_on_even_page
    };
    choose_page(composer, height, even);
    block.emit(composer, height);
    Ok(())
}

/// Turn pages until the current one is where the 版记 belongs.
///
/// With the even-page policy (A18) the 版记 page is the back of the last
/// sheet: content ending on an odd page sends it over; content filling an
/// even page costs a blank sheet, and then neither the blank page nor the
/// 版记 page is numbered (§7.5).
fn choose_page(composer: &mut Composer<'_>, height: Mm, even: bool) {
    let fits = fits_here(composer, height);
    if !even {
        if !fits {
            composer.new_page();
        }
        return;
    }
    let odd = composer.page_number() % 2 == 1;
    if odd && composer.page_is_empty() && composer.page_number() > 1 {
        // An empty odd page after the content's even page already is the
        // blank page before the 版记.
        blank_then_colophon_page(composer, false);
    } else if odd {
        composer.new_page();
    } else if !fits {
        blank_then_colophon_page(composer, true);
    }
}

/// The blank page (made here or already there) and the 版记 page after it,
/// both without a page number.
fn blank_then_colophon_page(composer: &mut Composer<'_>, make_blank: bool) {
    if make_blank {
        composer.new_page();
    }
    composer.current_page().unnumbered = true;
    composer.new_page();
    composer.current_page().unnumbered = true;
}

/// Whether a block of `height` fits between the last text of this page and
/// the 版心 bottom. The free room starts at the top of the next free line's
/// cell, so the top rule never reaches into the lines above it.
fn fits_here(composer: &Composer<'_>, height: Mm) -> bool {
    let profile = composer.profile;
    let top = if composer.page_is_empty() {
        profile.body_top()
    } else {
        let gap = (composer.pitch - profile.body_size.to_mm()).max(Mm(0.0));
        composer.next_em_top - gap / 2.0
    };
    top.0 + height.0 <= profile.body_bottom().0 + 0.01
}

/// 4号 text, its own em as the character cell (it is not on the grid).
fn style(composer: &Composer<'_>) -> TextStyle {
    let size = composer.profile.colophon_size;
    TextStyle {
        size,
        cell: size.to_mm(),
        color: Color::BLACK,
    }
}

/// Shape and break everything the 版记 holds; `None` when it holds nothing.
fn plan(composer: &Composer<'_>, meta: &Meta) -> Result<Option<Block>, Error> {
    let in_colophon = meta
        .recipients_in_colophon
        .as_ref()
        .is_some_and(|f| f.value);
    let recipients: &[Located<String>] = if in_colophon { &meta.recipients } else { &[] };
    let mut block = Block {
        parts: Vec::new(),
        upper: Vec::new(),
        lower: Vec::new(),
        pos: SourcePos::default(),
        rules: meta.format.value != Format::Letter,
    };
    // A letter's 版记 prints no 印发机关/印发日期 (§10.1); layout warns.
    let imprinted = block.rules;
    let first_pos = recipients
        .first()
        .or(meta.cc.first())
        .map(|r| r.pos)
        .or(meta.printer.as_ref().map(|p| p.pos).filter(|_| imprinted))
        .or(meta
            .print_date
            .as_ref()
            .map(|d| d.pos)
            .filter(|_| imprinted));
    let Some(pos) = first_pos else {
        return Ok(None);
    };
    block.pos = pos;
    labelled_list(composer, &mut block, "主送：", recipients)?;
    labelled_list(composer, &mut block, "抄送：", &meta.cc)?;
    if imprinted {
        imprint(composer, &mut block, meta)?;
    }
    if block.upper.is_empty() && block.lower.is_empty() {
        // Every item was blank: nothing to print, so no rules either.
        return Ok(None);
    }
    Ok(Some(block))
}

/// `抄送：甲，乙，丙。` from 1 字 in to 1 字 before the right edge (A5: the
/// 4号 character); wrapped lines start under the first organ, after `：`.
fn labelled_list(
    composer: &Composer<'_>,
    block: &mut Block,
    label: &'static str,
    items: &[Located<String>],
) -> Result<(), Error> {
    // Separators the author may have typed are dropped so they are not
    // doubled; the list is then joined with `，` and closed with `。`.
    let names: Vec<(&str, SourcePos)> = items
        .iter()
        .map(|item| {
            let name = item
                .value
                .trim()
                .trim_end_matches(['，', '、', ',', '；', ';', '：', ':', '。'])
                .trim_end();
            (name, item.pos)
        })
        .filter(|(name, _)| !name.is_empty())
        .collect();
    let Some(&(_, first_pos)) = names.first() else {
        return Ok(());
    };
    let style = style(composer);
    let em = style.size.to_mm();
    let profile = composer.profile;
    let mut spans = Vec::with_capacity(names.len() * 2);
    for (n, &(name, pos)) in names.iter().enumerate() {
        spans.push(Span {
            text: name,
            role: Role::FangSong,
            pos,
        });
        let end = if n + 1 == names.len() { "。" } else { "，" };
        spans.push(Span {
            text: end,
            role: Role::FangSong,
            pos,
        });
    }
    let label_pieces = composer.shape(
        &[Span {
            text: label,
            role: Role::FangSong,
            pos: first_pos,
        }],
        style,
    )?;
    let pieces = composer.shape(&spans, style)?;
    let left = profile.body_left() + em;
    let label_width = text::natural_width(&label_pieces);
    let measure = (profile.body_width - em * 2.0 - label_width).max(em);
    let lines = text::break_lines(&pieces, measure, measure, true);
    let label_line = one_line(&label_pieces);
    let label_part = block.add_part(label_pieces);
    let part = block.add_part(pieces);
    for (n, line) in lines.into_iter().enumerate() {
        let mut row = Row::default();
        if n == 0 {
            row.segments.push(Segment {
                part: label_part,
                line: label_line.clone(),
                left,
            });
        }
        row.segments.push(Segment {
            part,
            line,
            left: left + label_width,
        });
        block.upper.push(row);
    }
    Ok(())
}

/// 印发机关 1 字 from the left, `2020年12月28日印发` ending 1 字 from the
/// right, on the row above the last rule (§7.4.3). A 印发机关 too long to
/// share the row wraps onto rows above, keeping clear of the date.
fn imprint(composer: &Composer<'_>, block: &mut Block, meta: &Meta) -> Result<(), Error> {
    let style = style(composer);
    let em = style.size.to_mm();
    let profile = composer.profile;
    let left = profile.body_left() + em;
    let right = profile.body_right() - em;
    let date = match &meta.print_date {
        Some(date) => {
            let text = format!("{}印发", date.value.to_chinese());
            let pieces = composer.shape(
                &[Span {
                    text: &text,
                    role: Role::FangSong,
                    pos: date.pos,
                }],
                style,
            )?;
            let width = text::natural_width(&pieces);
            let line = one_line(&pieces);
            Some((block.add_part(pieces), line, width))
        }
        None => None,
    };
    let printer = meta
        .printer
        .as_ref()
        .map(|p| (p.value.trim(), p.pos))
        .filter(|(name, _)| !name.is_empty());
    let mut rows: Vec<Row> = Vec::new();
    if let Some((name, pos)) = printer {
        let pieces = composer.shape(
            &[Span {
                text: name,
                role: Role::FangSong,
                pos,
            }],
            style,
        )?;
        // At least 1 字 between the organ and the date.
        let taken = date.as_ref().map_or(Mm(0.0), |(_, _, width)| *width + em);
        let measure = (right - left - taken).max(em);
        let lines = text::break_lines(&pieces, measure, measure, false);
        let part = block.add_part(pieces);
        for line in lines {
            rows.push(Row {
                segments: vec![Segment { part, line, left }],
            });
        }
    }
    if let Some((part, line, width)) = date {
        if rows.is_empty() {
            rows.push(Row::default());
        }
        if let Some(last) = rows.last_mut() {
            last.segments.push(Segment {
                part,
                line,
                left: right - width,
            });
        }
    }
    block.lower = rows;
    Ok(())
}

/// All pieces on one unbroken line at their natural width.
fn one_line(pieces: &[Piece]) -> Line {
    let mut x = Mm(0.0);
    let placed = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let at = (i, x);
            x += piece.width;
            at
        })
        .collect();
    Line { placed, width: x }
}

impl Block {
    fn add_part(&mut self, pieces: Vec<Piece>) -> usize {
        self.parts.push(pieces);
        self.parts.len() - 1
    }

    /// A thin rule separates the 印发 row from the rows above it; there
    /// is none when either group is missing.
    fn has_thin_rule(&self) -> bool {
        self.rules && !self.upper.is_empty() && !self.lower.is_empty()
    }

    /// Thickness of the first and last rules (none in a letter).
    fn thick(&self, composer: &Composer<'_>) -> Mm {
        if self.rules {
            composer.profile.colophon_thick_rule
        } else {
            Mm(0.0)
        }
    }

    /// Top of the first rule to the bottom of the last.
    fn height(&self, composer: &Composer<'_>) -> Mm {
        let profile = composer.profile;
        let rows = (self.upper.len() + self.lower.len()) as f32;
        let thin = if self.has_thin_rule() {
            profile.colophon_thin_rule
        } else {
            Mm(0.0)
        };
        profile.line_pitch() * rows + self.thick(composer) * 2.0 + thin
    }

    /// Place the block on the current page, its last rule's lower edge on
    /// the 版心 bottom.
    fn emit(&self, composer: &mut Composer<'_>, height: Mm) {
        let profile = composer.profile;
        let thick = self.thick(composer);
        let pitch = profile.line_pitch();
        let bottom = profile.body_bottom();
        let mut y = bottom - height;
        if self.rules {
            rule(composer, y, thick);
        }
        y += thick;
        for row in &self.upper {
            self.emit_row(composer, row, y);
            y += pitch;
        }
        if self.has_thin_rule() {
            rule(composer, y, profile.colophon_thin_rule);
            y += profile.colophon_thin_rule;
        }
        for row in &self.lower {
            self.emit_row(composer, row, y);
            y += pitch;
        }
        // Placed from the bottom, not from `y`, so rounding never moves
        // the last rule off the 版心 bottom.
        if self.rules {
            rule(composer, bottom - thick, thick);
        }
        // Nothing may follow the 版记 on its page.
        composer.next_em_top = bottom + pitch;
    }

    /// One row's text, its em box centred in the row.
    fn emit_row(&self, composer: &mut Composer<'_>, row: &Row, row_top: Mm) {
        let style = style(composer);
        let em_top = row_top + (composer.profile.line_pitch() - style.size.to_mm()) / 2.0;
        let baseline = composer.baseline(Role::FangSong, style, em_top);
        for segment in &row.segments {
            let Some(pieces) = self.parts.get(segment.part) else {
                continue;
            };
            let runs = text::runs_for_line(
                pieces,
                &segment.line,
                segment.left,
                em_top,
                style,
                composer.measurer,
                baseline,
            );
            composer.push_runs(runs);
        }
    }
}

/// A black rule across the 版心.
fn rule(composer: &mut Composer<'_>, top: Mm, thickness: Mm) {
    let profile = composer.profile;
    composer.push(Item::Rule(Rule {
        x0: profile.body_left(),
        x1: profile.body_right(),
        top,
        thickness,
        color: Color::BLACK,
    }));
}

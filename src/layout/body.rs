//! 正文: paragraphs and the four heading levels on the grid.

use crate::diag::Error;
use crate::fonts::Role;
use crate::model::{Block, Division, Heading, Run, RunStyle};

use super::compose::Composer;
use super::table;
use super::text::{self, Line, Piece, Span};

fn run_role(style: RunStyle, base: Role) -> Role {
    match style {
        RunStyle::Regular => base,
        RunStyle::Strong => Role::HeiTi,
        RunStyle::Emphasis => Role::KaiTi,
    }
}

fn spans_of<'r>(runs: &'r [Run], base: Role) -> impl Iterator<Item = Span<'r>> {
    runs.iter().map(move |r| Span {
        text: &r.text,
        role: run_role(r.style, base),
        pos: r.pos,
    })
}

/// A block shaped and broken into lines, before it is placed: the block
/// before it must know how many of its lines keep with it.
struct Prepared {
    pieces: Vec<Piece>,
    lines: Vec<Line>,
    kind: Kind,
    /// Lines that stay together at the foot of a page.
    head: usize,
    /// The table of a [`Kind::Table`] block.
    table: Option<table::Prepared>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A paragraph, an article, or a heading with its run-in text.
    Text,
    /// A heading that stands on its own line(s).
    Heading,
    /// A chapter title, centred.
    Chapter,
    /// A table (表格), with rows of its own height.
    Table,
}

pub(super) fn blocks(composer: &mut Composer<'_>, blocks: &[Block]) -> Result<(), Error> {
    let mut prepared = Vec::with_capacity(blocks.len());
    for block in blocks {
        prepared.push(prepare(composer, block)?);
    }
    let style = composer.body_style();
    let indent = composer.profile.char_pitch() * 2.0;
    for (i, block) in prepared.iter().enumerate() {
        // What the next block must bring along to the foot of a page.
        let next = prepared.get(i + 1).map_or(0, |n| match n.kind {
            Kind::Chapter => n.lines.len() + 1,
            Kind::Text | Kind::Heading | Kind::Table => n.head,
        });
        match block.kind {
            Kind::Text => composer.place_kept_lines(
                &block.pieces,
                &block.lines,
                indent,
                style,
                Role::FangSong,
                block.head,
            ),
            Kind::Heading => {
                // A standalone heading never ends a page: it keeps the
                // following lines with it.
                composer.ensure_room(block.lines.len() + next);
                composer.place_body_lines(
                    &block.pieces,
                    &block.lines,
                    indent,
                    style,
                    Role::FangSong,
                );
            }
            Kind::Chapter => chapter(composer, block, next),
            Kind::Table => {
                if let Some(prepared) = &block.table {
                    table::place(composer, prepared);
                }
            }
        }
    }
    Ok(())
}

/// Shapes and breaks one block.
fn prepare(composer: &Composer<'_>, block: &Block) -> Result<Prepared, Error> {
    let style = composer.body_style();
    let width = composer.profile.body_width;
    let first = width - composer.profile.char_pitch() * 2.0;
    if let Block::Table(t) = block {
        let prepared = table::prepare(composer, t)?;
        return Ok(Prepared {
            pieces: Vec::new(),
            lines: Vec::new(),
            kind: Kind::Table,
            head: table::keep_lines(composer, &prepared),
            table: Some(prepared),
        });
    }
    let (spans, kind, heading_len) = match block {
        Block::Paragraph { runs, .. } => (spans_of(runs, Role::FangSong).collect(), Kind::Text, 0),
        Block::Heading(heading) => {
            // The face of each level is the profile's (§7.3.3: 黑体,
            // 楷体, 仿宋, 仿宋; local variants differ).
            let spans = heading_spans(heading, composer.profile.heading_role(heading.level));
            let heading_len = heading.number.chars().count()
                + heading
                    .text
                    .iter()
                    .map(|r| r.text.chars().count())
                    .sum::<usize>();
            let kind = if heading.run_in.is_some() {
                Kind::Text
            } else {
                Kind::Heading
            };
            (spans, kind, heading_len)
        }
        Block::Article(article) => (article_spans(article), Kind::Text, 0),
        Block::Chapter(chapter) => {
            let mut spans = vec![Span {
                text: &chapter.label,
                role: Role::HeiTi,
                pos: chapter.pos,
            }];
            if !chapter.text.is_empty() {
                spans.push(Span {
                    text: "\u{3000}",
                    role: Role::HeiTi,
                    pos: chapter.pos,
                });
            }
            spans.extend(spans_of(&chapter.text, Role::HeiTi));
            (spans, Kind::Chapter, 0)
        }
        // Prepared above.
        Block::Table(_) => (Vec::new(), Kind::Table, 0),
    };
    let pieces = composer.shape(&spans, style)?;
    let lines = match kind {
        Kind::Chapter | Kind::Table => text::break_lines(&pieces, width, width, false),
        Kind::Text | Kind::Heading => text::break_lines(&pieces, first, width, true),
    };
    let head = match kind {
        // No orphan: two lines at least; a run-in heading also keeps one
        // line of its text with it.
        Kind::Text => {
            let heading_ends = heading_len
                .checked_sub(1)
                .and_then(|last| {
                    lines
                        .iter()
                        .position(|l| l.placed.iter().any(|p| p.0 >= last))
                })
                .map_or(0, |line| line + 1);
            (heading_ends + 1).max(2).min(lines.len())
        }
        Kind::Heading | Kind::Chapter | Kind::Table => lines.len(),
    };
    Ok(Prepared {
        pieces,
        lines,
        kind,
        head,
        table: None,
    })
}

/// `第一条` in 黑体, one full-width space, then the article's text in 仿宋.
fn article_spans(article: &Division) -> Vec<Span<'_>> {
    let mut spans = vec![
        Span {
            text: &article.label,
            role: Role::HeiTi,
            pos: article.pos,
        },
        Span {
            text: "\u{3000}",
            role: Role::FangSong,
            pos: article.pos,
        },
    ];
    spans.extend(spans_of(&article.text, Role::FangSong));
    spans
}

/// A chapter title: centred, with a blank line above (unless it opens a
/// page) and below, kept with the start of what follows.
fn chapter(composer: &mut Composer<'_>, block: &Prepared, next: usize) {
    let profile = composer.profile;
    let at_top = |c: &Composer<'_>| c.next_em_top.0 <= profile.grid_em_top(0).0 + 0.01;
    let above = usize::from(!at_top(composer));
    if !composer.fits(above + block.lines.len() + 1 + next) && composer.lines_on_page() > 0 {
        composer.new_page();
    }
    if !at_top(composer) {
        composer.blank_line();
    }
    let style = composer.body_style();
    for line in &block.lines {
        if !composer.fits(1) {
            composer.new_page();
        }
        let left = profile.body_left() + (profile.body_width - line.width) / 2.0;
        composer.place_line(&block.pieces, line, left, style, Role::HeiTi);
    }
    composer.blank_line();
}

fn heading_spans(heading: &Heading, role: Role) -> Vec<Span<'_>> {
    let mut spans = vec![Span {
        text: &heading.number,
        role,
        pos: heading.pos,
    }];
    spans.extend(spans_of(&heading.text, role));
    if let Some(run_in) = &heading.run_in {
        spans.extend(spans_of(run_in, Role::FangSong));
    }
    spans
}

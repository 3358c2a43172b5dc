//! 正文: paragraphs and the four heading levels on the grid.

use crate::diag::Error;
use crate::fonts::Role;
use crate::model::{Block, Heading, Run, RunStyle};

use super::compose::Composer;
use super::text::{self, Span};

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

pub(super) fn blocks(composer: &mut Composer<'_>, blocks: &[Block]) -> Result<(), Error> {
    for (i, block) in blocks.iter().enumerate() {
        let is_last = i + 1 == blocks.len();
        match block {
            Block::Paragraph { runs, .. } => {
                let spans: Vec<Span<'_>> = spans_of(runs, Role::FangSong).collect();
                paragraph(composer, &spans, false)?;
            }
            Block::Heading(heading) => {
                // The face of each level is the profile's (§7.3.3: 黑体,
                // 楷体, 仿宋, 仿宋; local variants differ).
                let spans = heading_spans(heading, composer.profile.heading_role(heading.level));
                // A standalone heading never ends a page: it keeps its
                // following line with it.
                let keep_with_next = heading.run_in.is_none() && !is_last;
                paragraph(composer, &spans, keep_with_next)?;
            }
        }
    }
    Ok(())
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

/// A paragraph: first line indented 2 字, wrapped lines flush left, every
/// line but the last justified to the 版心 width.
fn paragraph(
    composer: &mut Composer<'_>,
    spans: &[Span<'_>],
    keep_with_next: bool,
) -> Result<(), Error> {
    let style = composer.body_style();
    let pieces = composer.shape(spans, style)?;
    if pieces.is_empty() {
        return Ok(());
    }
    let indent = composer.profile.char_pitch() * 2.0;
    let width = composer.profile.body_width;
    let lines = text::break_lines(&pieces, width - indent, width, true);
    if keep_with_next {
        composer.ensure_room(lines.len() + 1);
    }
    composer.place_body_lines(&pieces, &lines, indent, style, Role::FangSong);
    Ok(())
}

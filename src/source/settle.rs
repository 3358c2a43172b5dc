//! Settling the blocks as read: the title taken from a leading `#`, the
//! heading numbers (结构层次序数), run-in headings, chapters and articles.

use crate::model::{Block, Heading, Located, Meta, Run};

use super::markdown::RawBlock;
use super::numbering::{render, typed_number};
use super::regulations;

/// Drops leading blanks, including the full-width spaces authors type to
/// indent a paragraph by hand: layout indents by two characters itself.
pub(super) fn trim_start(runs: &mut Vec<Run>) {
    while let Some(first) = runs.first_mut() {
        let trimmed = first
            .text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        let dropped = first.text.len() - trimmed.len();
        if dropped > 0 {
            strip_prefix_bytes(first, dropped);
        }
        if first.text.is_empty() {
            runs.remove(0);
        } else {
            break;
        }
    }
}

/// Removes the first `len` bytes of a run, moving its position along.
pub(super) fn strip_prefix_bytes(run: &mut Run, len: usize) {
    let Some(rest) = run.text.get(len..) else {
        return;
    };
    let dropped = run.text.get(..len).map_or(0, |s| s.chars().count());
    run.text = rest.to_string();
    run.pos.column = run
        .pos
        .column
        .saturating_add(u32::try_from(dropped).unwrap_or(u32::MAX));
}

fn plain_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// Does the heading end a sentence (`。` `！` `？`), so that it runs into the
/// paragraph after it?
fn ends_sentence(runs: &[Run]) -> bool {
    runs.last()
        .and_then(|r| r.text.trim_end().chars().next_back())
        .is_some_and(|c| matches!(c, '。' | '！' | '？'))
}

/// Settles the title, the heading numbers and the run-ins.
pub(super) fn number_headings(raw: Vec<RawBlock>, meta: &mut Meta) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut counters = [0u32; 4];
    let mut raw = raw.into_iter().peekable();

    if meta.title.is_none()
        && let Some(RawBlock::Heading { level: 1, runs, .. }) = raw.peek()
        && !regulations::is_chapter(runs)
        && let Some(RawBlock::Heading { mut runs, pos, .. }) = raw.next()
    {
        trim_start(&mut runs);
        let pos = runs.first().map_or(pos, |r| r.pos);
        meta.title = Some(Located::new(plain_text(&runs), pos));
    }

    while let Some(block) = raw.next() {
        match block {
            RawBlock::Paragraph { mut runs, pos } => {
                trim_start(&mut runs);
                blocks.push(regulations::paragraph(runs, pos));
            }
            RawBlock::Table(table) => blocks.push(Block::Table(table)),
            RawBlock::Heading {
                level,
                mut runs,
                pos,
            } => {
                trim_start(&mut runs);
                // A chapter of a regulation: no number, no run-in.
                if let Some(chapter) = regulations::chapter(&mut runs) {
                    blocks.push(chapter);
                    continue;
                }
                let index = usize::from(level.saturating_sub(1));
                let typed = runs
                    .first()
                    .and_then(|r| typed_number(&r.text, &meta.numbering));
                let mut typed_text = None;
                let value = match typed {
                    Some(found) => {
                        if let Some(first) = runs.first_mut() {
                            let written = first.text.get(..found.len).unwrap_or_default();
                            typed_text =
                                Some(Located::new(written.trim_end().to_string(), first.pos));
                            strip_prefix_bytes(first, found.len);
                        }
                        trim_start(&mut runs);
                        found.value
                    }
                    None => counters.get(index).map_or(1, |c| c.saturating_add(1)),
                };
                if let Some(counter) = counters.get_mut(index) {
                    *counter = value;
                }
                for deeper in counters.iter_mut().skip(index + 1) {
                    *deeper = 0;
                }
                let number = meta
                    .numbering
                    .get(index)
                    .map(|style| render(style, value))
                    .unwrap_or_default();
                let run_in = if ends_sentence(&runs)
                    && matches!(raw.peek(), Some(RawBlock::Paragraph { .. }))
                {
                    match raw.next() {
                        Some(RawBlock::Paragraph { mut runs, .. }) => {
                            trim_start(&mut runs);
                            Some(runs)
                        }
                        _ => None,
                    }
                } else {
                    None
                };
                blocks.push(Block::Heading(Heading {
                    level,
                    number,
                    typed: typed_text,
                    text: runs,
                    run_in,
                    pos,
                }));
            }
        }
    }
    blocks
}

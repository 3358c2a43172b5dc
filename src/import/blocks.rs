//! Lines → blocks: the lines that belong together (a paragraph hard-wrapped
//! over several lines), with what separates the blocks.
//!
//! Drafts come in two shapes. Pasted from WPS or a web page, each paragraph
//! is one line (blank lines between or not). Copied from a PDF or typed with
//! hard returns, paragraphs are wrapped at a fixed width and a new one starts
//! indented or after a blank line. The second shape is recognised by many
//! long lines of (nearly) the same width.

use super::lines::{indented, is_blank, width};

/// One line of the draft as kept (web residue already removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    /// 1-based line number in the draft.
    pub no: u32,
    /// The text without its line end.
    pub text: String,
}

/// A line of the draft, or the place of lines that were dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    Text(Line),
    Blank,
    Dropped,
}

/// Lines that belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub lines: Vec<Line>,
    /// A blank line separates it from the block before.
    pub blank_before: bool,
}

impl Block {
    /// The line number of the first line.
    pub fn first_no(&self) -> u32 {
        self.lines.first().map_or(0, |l| l.no)
    }

    #[cfg(test)]
    pub fn line_numbers(&self) -> Vec<u32> {
        self.lines.iter().map(|l| l.no).collect()
    }

    /// The lines joined: nothing between Chinese characters, one space
    /// between two Latin words; the spaces around each line are dropped.
    pub fn text(&self) -> String {
        join(self.lines.iter().map(|l| l.text.as_str()))
    }
}

/// Joins hard-wrapped lines into one.
pub(super) fn join<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim_matches(char::is_whitespace);
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(out.chars().next_back()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// How a hard-wrapped draft is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wrap {
    /// The width lines are wrapped at (half-width columns).
    width: usize,
    /// New paragraphs start indented, so an indented line never continues
    /// the one before.
    indents: bool,
}

impl Wrap {
    /// Does a line reach the wrap width (so the paragraph goes on)?
    fn full(&self, text: &str) -> bool {
        width(text.trim_end()) + 4 >= self.width
    }
}

/// Lines shorter than this are not counted when looking for a wrap width:
/// titles, headings and signatures are short in any draft, and nobody
/// wraps body text at fewer than 20 characters.
const LONG_LINE: usize = 40;

/// Finds the wrap width, if the draft is hard-wrapped: at least three long
/// lines and half of all long lines end within 4 columns of one width.
fn detect(items: &[Item]) -> Option<Wrap> {
    let texts: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Text(l) => Some(l.text.as_str()),
            _ => None,
        })
        .collect();
    let widths: Vec<usize> = texts
        .iter()
        .map(|t| width(t.trim_end()))
        .filter(|&w| w >= LONG_LINE)
        .collect();
    let near = |w: usize| widths.iter().filter(|&&v| v <= w && v + 4 >= w).count();
    let (count, wrap) = widths.iter().map(|&w| (near(w), w)).max()?;
    if count < 3 || count * 2 < widths.len() {
        return None;
    }
    let indents = texts.iter().filter(|t| indented(t)).count() >= 2;
    Some(Wrap {
        width: wrap,
        indents,
    })
}

/// Groups the items into blocks.
pub(super) fn blocks(items: Vec<Item>) -> Vec<Block> {
    let wrap = detect(&items);
    let items = bridge_dropped(items, wrap);
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    let mut blank_before = false;
    for item in items {
        let Item::Text(line) = item else {
            open = false;
            blank_before = true;
            continue;
        };
        if is_blank(&line.text) {
            open = false;
            blank_before = true;
            continue;
        }
        let continues = open
            && wrap.is_some_and(|w| {
                !(w.indents && indented(&line.text))
                    && out
                        .last()
                        .and_then(|b| b.lines.last())
                        .is_some_and(|last| w.full(&last.text))
            });
        match out.last_mut() {
            Some(block) if continues => block.lines.push(line),
            _ => out.push(Block {
                lines: vec![line],
                blank_before,
            }),
        }
        open = true;
        blank_before = false;
    }
    out
}

/// A dropped line (a page footer) and the blank lines around it leave one
/// blank line — or none when it interrupted a hard-wrapped paragraph, so
/// that the paragraph is joined across the page break.
fn bridge_dropped(items: Vec<Item>, wrap: Option<Wrap>) -> Vec<Item> {
    let gap = |i: &Item| match i {
        Item::Blank | Item::Dropped => true,
        Item::Text(l) => is_blank(&l.text),
    };
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut iter = items.into_iter().peekable();
    while let Some(item) = iter.next() {
        if !gap(&item) {
            out.push(item);
            continue;
        }
        // The whole run of blank and dropped lines.
        let mut run = vec![item];
        while let Some(next) = iter.next_if(|n| gap(n)) {
            run.push(next);
        }
        if !run.contains(&Item::Dropped) {
            out.extend(run.iter().map(|_| Item::Blank));
            continue;
        }
        let before_full = match out.last() {
            Some(Item::Text(l)) => wrap.is_some_and(|w| w.full(&l.text)),
            _ => false,
        };
        let next_starts = match iter.peek() {
            Some(Item::Text(l)) => wrap.is_some_and(|w| w.indents && indented(&l.text)),
            _ => true,
        };
        if !before_full || next_starts {
            out.push(Item::Blank);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str, dropped: &[usize]) -> Vec<Item> {
        text.lines()
            .enumerate()
            .map(|(i, t)| {
                if dropped.contains(&(i + 1)) {
                    Item::Dropped
                } else {
                    Item::Text(Line {
                        no: u32::try_from(i + 1).unwrap_or(0),
                        text: t.to_string(),
                    })
                }
            })
            .collect()
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks.iter().map(Block::text).collect()
    }

    #[test]
    fn one_paragraph_per_line() {
        let b = blocks(items("标题\n\n第一段。\n第二段。\n\n第三段。", &[]));
        assert_eq!(texts(&b), ["标题", "第一段。", "第二段。", "第三段。"]);
        assert_eq!(
            b.iter().map(|b| b.blank_before).collect::<Vec<_>>(),
            [false, true, false, true]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = [
            "\u{3000}\u{3000}一二三四五六七八九十一二三四五六七八九十",
            "一二三四五六七八九十一二三四五六七八九十一二",
            "完。",
            "\u{3000}\u{3000}一二三四五六七八九十一二三四五六七八九十",
            "一二三四五六七八九十一二三四五六七八九十一二",
            "- 2 -",
            "一二三四五六七八九十一二三四五六七八九十一二",
            "完。",
        ]
        .join("\n");
        let text = text.as_str();
        let b = blocks(items(text, &[6]));
        assert_eq!(b.len(), 2, "{:?}", texts(&b));
        assert!(b[1].text().ends_with("一二完。"));
        assert_eq!(b[1].line_numbers(), [4, 5, 7, 8]);
    }

    #[test]
    fn latin_words_keep_a_space() {
        assert_eq!(join(["the", "word"].into_iter()), "the word");
        assert_eq!(join(["中文", "word"].into_iter()), "中文word");
    }
}

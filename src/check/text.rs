//! Text to lint, character by character, each with where it is in the
//! source file, so that a finding points at the character and a fix can
//! replace exactly its bytes.

use crate::model::{Located, Run, SourcePos};
use crate::source::LineIndex;

/// One character of linted text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ch {
    pub c: char,
    /// Byte offset of the character in the source file, when the character
    /// is written there as it is (not a YAML escape, not a line break the
    /// Markdown parser turned into a space).
    pub offset: Option<usize>,
    pub pos: SourcePos,
}

/// A piece of text: one Markdown block or one front-matter value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Text {
    pub chars: Vec<Ch>,
    /// A front-matter value: a fix must keep the YAML valid.
    pub yaml: bool,
}

impl Text {
    pub fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|ch| ch.c)
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn string(&self, range: std::ops::Range<usize>) -> String {
        self.chars
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|ch| ch.c)
            .collect()
    }

    /// Where character `i` is (the last character's place past the end).
    pub fn pos(&self, i: usize) -> SourcePos {
        self.chars
            .get(i)
            .or(self.chars.last())
            .map(|ch| ch.pos)
            .unwrap_or_default()
    }
}

/// A byte range of the source and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// The source file, with its line index.
pub(crate) struct Src<'a> {
    pub text: &'a str,
    pub index: LineIndex<'a>,
}

impl<'a> Src<'a> {
    pub fn new(text: &'a str) -> Self {
        Src {
            text,
            index: LineIndex::new(text),
        }
    }

    /// The text of Markdown runs (one block), in order. A run never spans a
    /// line, so its n-th character is n columns right of its start.
    pub fn runs(&self, runs: &[Run]) -> Text {
        let mut chars = Vec::new();
        for run in runs {
            let base = self.index.offset(run.pos);
            for (i, (at, c)) in run.text.char_indices().enumerate() {
                let offset = base
                    .map(|b| b + at)
                    .filter(|&o| self.text.get(o..).is_some_and(|s| s.starts_with(c)));
                let column = run
                    .pos
                    .column
                    .saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                chars.push(Ch {
                    c,
                    offset,
                    pos: SourcePos {
                        line: run.pos.line,
                        column,
                    },
                });
            }
        }
        Text { chars, yaml: false }
    }

    /// The text of a front-matter value. The value is matched against the
    /// file from its position on, stepping over what YAML does not keep
    /// (quotes, escapes' backslashes, the indentation of a block scalar);
    /// characters after the first that cannot be matched have no offset.
    pub fn value(&self, value: &Located<String>) -> Text {
        let mut chars = Vec::new();
        let mut at = self.index.offset(value.pos);
        for c in value.value.chars() {
            let found = at.and_then(|start| self.align(start, c));
            at = found.map(|o| o + self.char_len(o));
            let pos = found.map_or(value.pos, |o| self.index.pos(o));
            chars.push(Ch {
                c,
                offset: found,
                pos,
            });
        }
        Text { chars, yaml: true }
    }

    fn char_len(&self, offset: usize) -> usize {
        self.text
            .get(offset..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8)
    }

    /// The offset of `c` at or after `start`, skipping only what YAML drops.
    fn align(&self, start: usize, c: char) -> Option<usize> {
        let rest = self.text.get(start..)?;
        for (i, s) in rest.char_indices() {
            if s == c || (c.is_whitespace() && s.is_whitespace()) {
                return Some(start + i);
            }
            if !(s.is_whitespace() || matches!(s, '"' | '\'' | '\\' | '|' | '>' | '-' | '+')) {
                return None;
            }
        }
        None
    }

    /// An edit replacing characters `range` of `text` by `replacement`, when
    /// they are written in the file as they are, one after another.
    pub fn edit(
        &self,
        text: &Text,
        range: std::ops::Range<usize>,
        replacement: &str,
    ) -> Option<Edit> {
        let chars = text.chars.get(range.clone())?;
        let first = chars.first()?;
        let mut start = first.offset?;
        let original: String = chars.iter().map(|ch| ch.c).collect();
        let mut end = start + original.len();
        if self.text.get(start..end)? != original {
            return None;
        }
        if text.yaml {
            // `\"` in a double-quoted value: the backslash goes with the quote.
            if start > 0 && self.text.as_bytes().get(start - 1) == Some(&b'\\') {
                start -= 1;
            }
            // `''` in a single-quoted value is one quote.
            if original.ends_with('\'') && self.text.as_bytes().get(end) == Some(&b'\'') {
                end += 1;
            }
        }
        Some(Edit {
            start,
            end,
            replacement: replacement.to_string(),
        })
    }
}

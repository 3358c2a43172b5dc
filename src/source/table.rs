//! GFM tables in the body → [`Table`]: header row, body rows, the alignment
//! of each column from the delimiter row, and `<!-- 横排 -->` before a
//! table asking for a landscape page.
//!
//! pulldown-cmark follows GFM and quietly pads a short row with empty cells
//! and drops the cells of a long one. On paper a dropped cell is lost text
//! and a padded one usually a forgotten `|`, so both are errors here, found
//! by counting the cells in the row's own source line.

use pulldown_cmark::Alignment;

use crate::model::{Align, Cell, Run, SourcePos, Table};

/// Words of the comment that asks for a landscape table.
const LANDSCAPE: [&str; 3] = ["横排", "横排表格", "landscape"];

/// Is the inside of this HTML block the landscape marker `<!-- 横排 -->`?
pub(super) fn is_landscape_marker(html: &str) -> bool {
    let Some(inner) = html
        .trim()
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
    else {
        return false;
    };
    let word = inner.trim();
    LANDSCAPE.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A row whose number of cells differs from the header's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ragged {
    pub pos: SourcePos,
    pub found: usize,
    pub expected: usize,
}

/// A table being read, event by event.
pub(super) struct Builder {
    table: Table,
    /// The row being read (the header first).
    row: Vec<Cell>,
    in_head: bool,
    /// Paragraphs of the current cell before a `<br>`.
    pub paragraphs: Vec<Vec<Run>>,
    /// Rows whose source line has the wrong number of cells.
    pub ragged: Vec<Ragged>,
}

impl Builder {
    pub fn new(alignment: &[Alignment], pos: SourcePos, landscape: bool) -> Self {
        let align = alignment
            .iter()
            .map(|a| match a {
                Alignment::None => Align::Auto,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Centre,
                Alignment::Right => Align::Right,
            })
            .collect();
        Builder {
            table: Table {
                header: Vec::new(),
                rows: Vec::new(),
                align,
                landscape,
                pos,
            },
            row: Vec::new(),
            in_head: false,
            paragraphs: Vec::new(),
            ragged: Vec::new(),
        }
    }

    /// A row starts: `line` is its source text, starting at `pos`.
    pub fn start_row(&mut self, head: bool, line: &str, pos: SourcePos) {
        self.in_head = head;
        self.row.clear();
        let expected = self.table.align.len();
        let starts = cell_starts(line);
        if !head && starts.len() != expected {
            // Too many: point at the first cell that would be dropped;
            // too few: at the end of the row, where the cells are missing.
            let at = starts
                .get(expected)
                .copied()
                .unwrap_or_else(|| line.trim_end().len());
            let column = line.get(..at).map_or(0, |s| s.chars().count());
            self.ragged.push(Ragged {
                pos: SourcePos {
                    line: pos.line,
                    column: pos.column + column as u32,
                },
                found: starts.len(),
                expected,
            });
        }
    }

    /// A cell ends with `runs` as its last paragraph.
    pub fn end_cell(&mut self, runs: Vec<Run>, pos: SourcePos) {
        let mut paragraphs = std::mem::take(&mut self.paragraphs);
        paragraphs.push(runs);
        for p in &mut paragraphs {
            super::settle::trim_start(p);
            trim_end(p);
        }
        while paragraphs.len() > 1 && paragraphs.last().is_some_and(Vec::is_empty) {
            paragraphs.pop();
        }
        self.row.push(Cell { paragraphs, pos });
    }

    pub fn end_row(&mut self) {
        let row = std::mem::take(&mut self.row);
        if self.in_head {
            self.table.header = row;
        } else {
            self.table.rows.push(row);
        }
    }

    pub fn finish(self) -> (Table, Vec<Ragged>) {
        (self.table, self.ragged)
    }
}

fn trim_end(runs: &mut Vec<Run>) {
    while let Some(last) = runs.last_mut() {
        let kept = last
            .text
            .trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .len();
        last.text.truncate(kept);
        if last.text.is_empty() {
            runs.pop();
        } else {
            break;
        }
    }
}

/// Byte offsets where the cells of a table row start, split at pipes that
/// are not escaped (GFM splits inside code spans too).
pub(super) fn cell_starts(line: &str) -> Vec<usize> {
    let line = line.trim_end_matches(['\r', '\n']);
    let lead = line.len() - line.trim_start().len();
    let body = line.trim_end();
    let mut pipes = Vec::new();
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => pipes.push(i),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    let mut starts = Vec::new();
    let opens = pipes.first() == Some(&lead);
    if !opens {
        starts.push(lead);
    }
    let closes = pipes.last().is_some_and(|&p| p + 1 == body.len()) && body.len() > lead + 1;
    let inner = if closes {
        &pipes[..pipes.len() - 1]
    } else {
        &pipes[..]
    };
    starts.extend(inner.iter().map(|p| p + 1));
    starts
}

/// Is `line` a GFM delimiter row (`| --- | :-: |`)?
pub(super) fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('-') || !t.contains('|') {
        return false;
    }
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').all(|cell| {
        let c = cell.trim();
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.chars().all(|ch| ch == '-')
    })
}

/// A paragraph that was meant as a table: its first line has pipes and its
/// second is a delimiter row, but the cell counts differ, so Markdown read
/// it as text. Returns (cells in the header, cells in the delimiter row).
pub(super) fn broken_head(paragraph: &str) -> Option<(usize, usize)> {
    let mut lines = paragraph.lines();
    let head = lines.next()?;
    let delimiter = lines.next()?;
    if !head.contains('|') || !is_delimiter_row(delimiter) {
        return None;
    }
    let (h, d) = (cell_starts(head).len(), cell_starts(delimiter).len());
    (h != d).then_some((h, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_counted_from_the_source() {
        assert_eq!(cell_starts("| a | b |"), vec![1, 5]);
        assert_eq!(cell_starts("a | b"), vec![0, 3]);
        assert_eq!(cell_starts("| a \\| x | b"), vec![1, 10]);
        assert_eq!(cell_starts("| a | b | c |\n").len(), 3);
        assert_eq!(cell_starts("|  |").len(), 1);
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter_row("|---|:-:|--:|"));
        assert!(is_delimiter_row("--- | ---"));
        assert!(!is_delimiter_row("| a | b |"));
        assert!(!is_delimiter_row("---"));
        assert_eq!(broken_head("| a | b |\n|---|---|---|\n"), Some((2, 3)));
        assert_eq!(broken_head("| a | b |\n|---|---|\n"), None);
    }

    use crate::model::{Align, Block, Document};
    use crate::source::parse;
    use std::path::Path;

    fn parsed(src: &str) -> Result<Document, Vec<crate::diag::Diagnostic>> {
        parse(Path::new("t.md"), src).map_err(|e| e.diagnostics)
    }

    fn table(doc: &Document) -> &Table {
        doc.body
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("a table")
    }

    #[test]
    fn a_table_becomes_a_typed_block() {
        let src = "正文。\n\n| 类别 | 数量 |\n|:--|--:|\n| **甲** | 12 |\n| 乙<br>丙 | 3.5 |\n";
        let doc = parsed(src).expect("parses");
        let t = table(&doc);
        assert_eq!(t.align, vec![Align::Left, Align::Right]);
        assert_eq!(t.header.len(), 2);
        assert_eq!(t.header[0].plain(), "类别");
        assert_eq!(t.header[0].pos, SourcePos { line: 3, column: 2 });
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0][0].paragraphs[0][0].style,
            crate::model::RunStyle::Strong
        );
        assert_eq!(t.rows[1][0].paragraphs.len(), 2, "<br> starts a new line");
        assert_eq!(t.rows[1][0].plain(), "乙\n丙");
        assert_eq!(t.rows[1][1].plain(), "3.5");
        assert!(!t.landscape);
        assert_eq!(t.pos, SourcePos { line: 3, column: 1 });
    }

    #[test]
    fn ragged_rows_are_errors_at_their_place() {
        let e = parsed("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 |\n").expect_err("errors");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].message, "表格这一行有 3 格，表头有 2 格");
        assert_eq!(
            e[0].pos,
            Some(SourcePos {
                line: 3,
                column: 10
            })
        );
        assert_eq!(e[1].message, "表格这一行有 1 格，表头有 2 格");
        assert_eq!(e[1].pos, Some(SourcePos { line: 4, column: 6 }));
        assert!(e[1].help.as_deref().unwrap_or("").contains("空格子"));
    }

    #[test]
    fn a_head_and_delimiter_that_disagree_are_an_error() {
        let e = parsed("正文。\n\n| a | b |\n|---|---|---|\n| 1 | 2 |\n").expect_err("errors");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("表头有 2 格"), "{}", e[0].message);
        assert_eq!(e[0].pos, Some(SourcePos { line: 4, column: 1 }));
    }

    #[test]
    fn landscape_marks_the_next_table_only() {
        let doc = parsed("<!-- 横排 -->\n| a | b |\n|---|---|\n| 1 | 2 |\n").expect("parses");
        assert!(table(&doc).landscape);
        let e = parsed("<!-- 横排 -->\n\n正文。\n").expect_err("errors");
        assert!(e[0].message.contains("横排"), "{}", e[0].message);
        assert_eq!(e[0].pos, Some(SourcePos { line: 1, column: 1 }));
    }

    #[test]
    fn odd_tables_do_not_panic() {
        for src in [
            "|\n|-|\n",
            "| a |\n|-|\n",
            "| a |\n|:-:|\n| `x|y` |\n",
            "| a \\| b |\n|---|\n| <br> |\n",
            "| ![图](x.png) | b |\n|---|---|\n| 1 | 2 |\n",
            "| [链接](http://x) | **粗** |\n|---|---|\n|  |  |\n",
            "<!-- 横排 -->\n<!-- 横排 -->\n| a |\n|-|\n",
            "- 列表\n\n  | a |\n  |-|\n",
            "| a | b |\n|---|---|\n|\n",
        ] {
            let _ = parsed(src);
        }
    }

    #[test]
    fn the_landscape_marker() {
        assert!(is_landscape_marker("<!-- 横排 -->\n"));
        assert!(is_landscape_marker("<!--landscape-->"));
        assert!(!is_landscape_marker("<!-- 附件 -->"));
    }
}

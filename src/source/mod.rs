//! Source stage: front matter + Markdown → [`crate::model::Document`].
//!
//! A source file is an optional YAML front matter (前置元数据) between `---`
//! lines, then the Markdown body (正文). Every problem becomes a
//! [`Diagnostic`] at a file line and column; all problems found in one run
//! are reported together.

mod front_matter;
mod markdown;
mod markers;
pub(crate) mod numbering;
mod regulations;
mod settle;
mod table;
pub(crate) mod yaml;

pub(crate) use front_matter::{parse_date, suggest};

use std::path::Path;

use crate::diag::{Diagnostic, Error, Severity, line_text};
use crate::model::{Document, Meta, NumberStyle, SourcePos, standard_numbering};

/// Parse a whole source file (YAML front matter + Markdown body).
pub fn parse(file: &Path, source: &str) -> Result<Document, Error> {
    parse_with(file, source, |_| None)
}

/// [`parse`], with heading numbers that follow a profile: once the front
/// matter is read, `numbering` is asked (with what it says: 模板, 版式) for
/// the styles of the heading levels that `编号` does not set; `None` keeps
/// the standard styles. It is asked exactly once, unless the front matter
/// block is not even closed.
pub fn parse_with(
    file: &Path,
    source: &str,
    numbering: impl FnOnce(&Meta) -> Option<[NumberStyle; 4]>,
) -> Result<Document, Error> {
    let mut diags = Vec::new();
    let mut levels_given = 0;
    let index = LineIndex::new(source);
    let mut meta = Meta {
        numbering: standard_numbering(),
        ..Meta::default()
    };
    let split = split_front_matter(source);
    let body_start = match split {
        Split::NoFrontMatter { body_start } => body_start,
        Split::Unterminated => {
            let d = Diagnostic::error(
                file,
                source,
                SourcePos { line: 1, column: 1 },
                "前置元数据没有结束：第 1 行的 `---` 之后找不到结束的 `---` 行",
            )
            .with_help("在前置元数据的最后一行之后单独写一行 `---`，正文从它的下一行开始");
            return Err(Error::single(d));
        }
        Split::Block {
            yaml_start,
            yaml_end,
            first_line,
            body_start,
        } => {
            let yaml_text = source.get(yaml_start..yaml_end).unwrap_or_default();
            match yaml::parse(yaml_text, first_line) {
                Ok(root) => {
                    let (m, d, levels) = front_matter::to_meta(file, source, &root);
                    meta = m;
                    diags.extend(d);
                    levels_given = levels;
                }
                Err(e) => {
                    let help = syntax_help(source, first_line, e.pos, &e.message);
                    diags.push(Diagnostic::error(file, source, e.pos, e.message).with_help(help));
                }
            }
            body_start
        }
    };
    if let Some(defaults) = numbering(&meta) {
        for (slot, style) in meta.numbering.iter_mut().zip(defaults).skip(levels_given) {
            *slot = style;
        }
    }
    let front_matter = matches!(split, Split::Block { .. });
    let (body, attachments) = markdown::parse_body(
        file,
        source,
        body_start,
        front_matter,
        &index,
        &mut meta,
        &mut diags,
    );
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error { diagnostics: diags });
    }
    // Warnings do not stop the run: they travel with the document.
    let warnings = diags
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    Ok(Document {
        meta,
        body,
        attachments,
        warnings,
    })
}

/// The front matter alone, as far as it can be read (errors are dropped):
/// for a quick look at many files, such as which attachment files a batch
/// should not render on their own.
pub fn front_matter(file: &Path, source: &str) -> Meta {
    let Split::Block {
        yaml_start,
        yaml_end,
        first_line,
        ..
    } = split_front_matter(source)
    else {
        return Meta::default();
    };
    let yaml_text = source.get(yaml_start..yaml_end).unwrap_or_default();
    match yaml::parse(yaml_text, first_line) {
        Ok(root) => front_matter::to_meta(file, source, &root).0,
        Err(_) => Meta::default(),
    }
}

/// The fix most likely wanted for a YAML syntax error reported at `pos`;
/// `first_line` is the first line of the front matter block.
fn syntax_help(source: &str, first_line: u32, pos: SourcePos, message: &str) -> String {
    // A full-width colon turns `标题：…` into one long plain scalar; the
    // parser stumbles only on a later line, so look back up the block.
    let full_width = (first_line..=pos.line)
        .find(|&n| line_text(source, n).is_some_and(|t| t.contains('：') && !t.contains(':')));
    if let Some(n) = full_width {
        return format!(
            "第 {n} 行用了全角冒号 `：`；键和值之间要用半角冒号加空格，如 `标题: 关于……的通知`"
        );
    }
    let tab = (pos.line..=pos.line.saturating_add(1))
        .find(|&n| line_text(source, n).is_some_and(|t| t.contains('\t')));
    if let Some(n) = tab {
        return format!("第 {n} 行有制表符（Tab）：缩进只能用空格");
    }
    let line = line_text(source, pos.line).unwrap_or_default();
    let before: String = line
        .chars()
        .take(usize::try_from(pos.column).unwrap_or(0).saturating_sub(1))
        .collect();
    if message.contains("mapping values") && before.contains(": ") {
        return "值里含有「: 」时请给整个值加引号，如 `标题: \"关于: ……\"`".to_string();
    }
    if message.contains("unclosed") {
        return "补上缺少的 `]`、`}` 或引号；值本身以 `[` `{` 或引号开头时请给整个值加引号"
            .to_string();
    }
    "检查缩进（只用空格，同级对齐）和冒号后的空格；值里含有「: 」或以 `[` `{` `*` `&` `!` `#` 开头时请给整个值加引号".to_string()
}

/// Where the front matter and the body lie in the file (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    NoFrontMatter {
        body_start: usize,
    },
    /// The file opens with `---` that is never closed.
    Unterminated,
    Block {
        yaml_start: usize,
        yaml_end: usize,
        /// File line of the first YAML line (2 when the file opens with `---`).
        first_line: u32,
        body_start: usize,
    },
}

/// Finds the front matter: a first line `---`, then YAML up to a line `---`
/// (or `...`, YAML's own end marker). A UTF-8 BOM and CRLF are allowed.
fn split_front_matter(source: &str) -> Split {
    let start = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = LineSpans {
        source,
        offset: start,
    };
    let Some((_, first, after_first)) = lines.next() else {
        return Split::NoFrontMatter { body_start: start };
    };
    if first.trim_end() != "---" {
        return Split::NoFrontMatter { body_start: start };
    }
    for (line_start, text, next) in lines {
        let text = text.trim_end();
        if text == "---" || text == "..." {
            return Split::Block {
                yaml_start: after_first,
                yaml_end: line_start,
                first_line: 2,
                body_start: next,
            };
        }
    }
    Split::Unterminated
}

/// Iterates the lines of `source` from `offset`: (start, text without the
/// line end, start of the next line).
struct LineSpans<'a> {
    source: &'a str,
    offset: usize,
}

impl<'a> Iterator for LineSpans<'a> {
    type Item = (usize, &'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.source.get(self.offset..)?;
        if rest.is_empty() {
            return None;
        }
        let start = self.offset;
        let (text, len) = match rest.find('\n') {
            Some(i) => (rest.get(..i).unwrap_or_default(), i + 1),
            None => (rest, rest.len()),
        };
        self.offset = start + len;
        Some((start, text.trim_end_matches('\r'), self.offset))
    }
}

/// Maps byte offsets of the whole file to 1-based lines and character columns.
pub(crate) struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { source, starts }
    }

    pub(crate) fn pos(&self, offset: usize) -> SourcePos {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = line
            .checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
            .unwrap_or(0);
        let before = self.source.get(start..offset).unwrap_or_default();
        // A BOM is not a column the author can see.
        let before = before.strip_prefix('\u{feff}').unwrap_or(before);
        SourcePos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(before.chars().count() + 1).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of `pos` (the inverse of [`LineIndex::pos`]); `None`
    /// when the line is not in the file or the column past its end.
    pub(crate) fn offset(&self, pos: SourcePos) -> Option<usize> {
        let start = *self
            .starts
            .get(usize::try_from(pos.line).ok()?.checked_sub(1)?)?;
        let line = self.source.get(start..)?;
        let line = line.split('\n').next().unwrap_or_default();
        // The BOM takes no column (see `pos`).
        let skip = if start == 0 && line.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let column = usize::try_from(pos.column).ok()?.checked_sub(1)?;
        let mut chars = line.get(skip..)?.char_indices();
        let within = match chars.nth(column) {
            Some((i, _)) => i,
            None if line.get(skip..)?.chars().count() == column => line.len() - skip,
            None => return None,
        };
        Some(start + skip + within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_bom_and_crlf() {
        let src = "\u{feff}---\r\n标题: x\r\n---\r\n正文\r\n";
        let Split::Block {
            yaml_start,
            yaml_end,
            first_line,
            body_start,
        } = split_front_matter(src)
        else {
            panic!("no block")
        };
        assert_eq!(&src[yaml_start..yaml_end], "标题: x\r\n");
        assert_eq!(first_line, 2);
        assert_eq!(&src[body_start..], "正文\r\n");
    }

    #[test]
    fn no_or_unterminated_front_matter() {
        assert_eq!(
            split_front_matter("正文"),
            Split::NoFrontMatter { body_start: 0 }
        );
        assert_eq!(
            split_front_matter(""),
            Split::NoFrontMatter { body_start: 0 }
        );
        assert_eq!(split_front_matter("---\n标题: x\n"), Split::Unterminated);
        let err = parse(Path::new("a.md"), "---\n标题: x\n").expect_err("unterminated");
        let d = &err.diagnostics[0];
        assert_eq!(d.pos, Some(SourcePos { line: 1, column: 1 }));
        assert!(d.message.contains("前置元数据没有结束"));
    }

    #[test]
    fn empty_front_matter_and_body() {
        let doc = parse(Path::new("a.md"), "---\n---\n").expect("empty");
        assert!(doc.body.is_empty());
        assert_eq!(doc.meta.numbering, standard_numbering());
        let doc = parse(Path::new("a.md"), "").expect("empty file");
        assert!(doc.body.is_empty());
    }

    #[test]
    fn line_index_counts_characters() {
        let src = "\u{feff}ab\n中文x\n";
        let index = LineIndex::new(src);
        assert_eq!(index.pos(3), SourcePos { line: 1, column: 1 });
        assert_eq!(index.pos(4), SourcePos { line: 1, column: 2 });
        let x = src.find('x').expect("x");
        assert_eq!(index.pos(x), SourcePos { line: 2, column: 3 });
        assert_eq!(index.pos(src.len() + 10).line, 3);
        // Inside a multi-byte character: rounds down, never panics.
        assert_eq!(index.pos(7), SourcePos { line: 2, column: 1 });
        // And back: every character's position gives its offset.
        for (offset, _) in src.char_indices().skip(1) {
            assert_eq!(index.offset(index.pos(offset)), Some(offset), "{offset}");
        }
        assert_eq!(index.offset(SourcePos { line: 9, column: 1 }), None);
        assert_eq!(index.offset(SourcePos { line: 1, column: 9 }), None);
    }

    #[test]
    fn yaml_syntax_error_points_at_the_file_line() {
        let src = "---\n标题: x\n主送机关: [a, b\n---\n正文\n";
        let err = parse(Path::new("a.md"), src).expect_err("bad yaml");
        let d = &err.diagnostics[0];
        assert!(d.message.starts_with("前置元数据的 YAML 格式有误"), "{d}");
        let pos = d.pos.expect("pos");
        assert!(pos.line >= 3, "{d}");
        assert!(d.help.is_some());

        let src = "---\n标题: x\n  发文机关: y\n---\n";
        let d = &parse(Path::new("a.md"), src)
            .expect_err("bad indent")
            .diagnostics[0];
        assert_eq!(d.pos.map(|p| p.line), Some(3), "{d}");
    }

    #[test]
    fn full_width_colon_gets_a_hint() {
        let src = "---\n标题：关于开展检查的通知\n---\n";
        let d = &parse(Path::new("a.md"), src)
            .expect_err("scalar")
            .diagnostics[0];
        assert_eq!(d.pos, Some(SourcePos { line: 2, column: 1 }));
        assert!(d.help.as_deref().unwrap_or("").contains("全角冒号"), "{d}");
    }
}

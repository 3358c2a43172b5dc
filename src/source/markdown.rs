//! 正文: the Markdown body → [`Block`]s, with heading numbers (结构层次序数)
//! and the run-in rule applied.
//!
//! Markdown constructs a 公文 cannot express are errors, not silently
//! flattened: an author who wrote a list should learn that it will not print
//! as one.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::Diagnostic;
use crate::model::{Block, BoundAttachment, Heading, Located, Meta, Run, RunStyle, SourcePos};

use super::LineIndex;
use super::markers::{self, Marker};
use super::numbering::{render, typed_number};
use super::regulations;

/// Parses the body, which starts at byte `body_start` of `source`. Sets
/// `meta.title` from a leading `#` heading when the front matter has none.
/// `front_matter` tells whether the file has one (for the wording of help).
/// Returns the 正文 and the attachments written after markers in it.
pub(crate) fn parse_body(
    file: &Path,
    source: &str,
    body_start: usize,
    front_matter: bool,
    index: &LineIndex,
    meta: &mut Meta,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Block>, Vec<BoundAttachment>) {
    let mut reader = Reader {
        file,
        source,
        body_start,
        index,
        diags,
        raw: Vec::new(),
        current: None,
        skip: 0,
        html: None,
        strong: 0,
        emphasis: 0,
        front_matter,
        parts: Vec::new(),
        main: None,
    };
    let body = source.get(body_start..).unwrap_or_default();
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        reader.event(event, range);
    }
    let last = std::mem::take(&mut reader.raw);
    let (main, parts) = match reader.main.take() {
        None => (last, reader.parts),
        Some(main) => {
            let mut parts = reader.parts;
            if let Some(part) = parts.last_mut() {
                part.1 = last;
            }
            (main, parts)
        }
    };
    let blocks = number_headings(main, meta);
    let attachments = markers::bind(file, source, meta, parts, number_headings, diags);
    regulations::check(file, source, &blocks, diags);
    for attachment in &attachments {
        regulations::check(file, source, &attachment.body, diags);
    }
    (blocks, attachments)
}

/// A block as read, before titles, numbers and run-ins are settled.
enum RawBlock {
    Heading {
        level: u8,
        runs: Vec<Run>,
        pos: SourcePos,
    },
    Paragraph {
        runs: Vec<Run>,
        pos: SourcePos,
    },
}

/// The heading or paragraph whose text is being collected.
struct Open {
    /// `Some(level)` for a heading.
    heading: Option<u8>,
    pos: SourcePos,
    runs: Vec<Run>,
    /// A line break was seen; what it becomes depends on the next character.
    pending_break: bool,
}

struct Reader<'a> {
    file: &'a Path,
    source: &'a str,
    body_start: usize,
    index: &'a LineIndex<'a>,
    diags: &'a mut Vec<Diagnostic>,
    raw: Vec<RawBlock>,
    current: Option<Open>,
    /// Depth inside a construct already reported as unsupported.
    skip: usize,
    /// An HTML block being collected: its text and where it starts (byte
    /// offset in the body).
    html: Option<(String, usize)>,
    strong: u32,
    emphasis: u32,
    front_matter: bool,
    /// Attachment markers met so far, each with the blocks after it (the
    /// last one's are still in `raw`).
    parts: Vec<(Marker, Vec<RawBlock>)>,
    /// The 正文 proper, once the first marker has ended it.
    main: Option<Vec<RawBlock>>,
}

impl Reader<'_> {
    fn pos(&self, body_offset: usize) -> SourcePos {
        self.index.pos(self.body_start.saturating_add(body_offset))
    }

    fn error(&mut self, pos: SourcePos, message: &str, help: &str) {
        let d = Diagnostic::error(self.file, self.source, pos, message).with_help(help);
        self.diags.push(d);
    }

    /// Reports an unsupported construct and skips everything inside it.
    fn unsupported(&mut self, range: &Range<usize>, message: &str, help: &str) {
        let pos = self.pos(range.start);
        self.error(pos, message, help);
        self.skip = 1;
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        if self.skip > 0 {
            match event {
                Event::Start(_) => self.skip += 1,
                Event::End(_) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, &range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => {
                let offset = self.content_offset(&range, &text);
                let pos = self.pos(offset);
                self.text(&text, pos);
            }
            Event::Html(text) => {
                if let Some((html, _)) = &mut self.html {
                    html.push_str(&text);
                }
            }
            Event::InlineHtml(text) => {
                if markers::is_marker(&text) {
                    let pos = self.pos(range.start);
                    self.error(
                        pos,
                        "附件标记要单独成行",
                        "把 `<!-- 附件 -->` 这样的标记单独写在一行，前后各空一行",
                    );
                } else if !text.starts_with("<!--") {
                    let message = format!("正文中不支持 HTML 标签 `{}`", text.trim());
                    let pos = self.pos(range.start);
                    self.error(
                        pos,
                        &message,
                        "删掉 HTML 标签；强调请用 `**粗体**`（黑体）或 `*斜体*`（楷体）",
                    );
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(open) = &mut self.current {
                    open.pending_break = true;
                }
            }
            Event::Rule => {
                let help = if self.front_matter || !self.raw.is_empty() {
                    "公文正文不用分隔线，删掉这一行"
                } else {
                    "前置元数据必须从文件的第一行 `---` 开始；否则 `---` 是分隔线，请删掉"
                };
                let pos = self.pos(range.start);
                self.error(pos, "正文中不支持分隔线（`---`、`***`）", help);
            }
            Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {
                // Not enabled in the parser options; nothing to read.
            }
        }
    }

    /// Where the characters of `text` start in the body: after the backticks
    /// of inline code; the event start otherwise.
    fn content_offset(&self, range: &Range<usize>, text: &str) -> usize {
        let span = self
            .source
            .get(
                self.body_start.saturating_add(range.start)
                    ..self.body_start.saturating_add(range.end),
            )
            .unwrap_or_default();
        match span.find(text) {
            Some(i) if !text.is_empty() => range.start + i,
            _ => range.start,
        }
    }

    fn start(&mut self, tag: Tag, range: &Range<usize>) {
        match tag {
            Tag::Paragraph => self.open(None, range),
            Tag::Heading { level, .. } => {
                let level = heading_level(level);
                if level > 4 {
                    let message =
                        format!("公文正文只有四级标题（`#` 到 `####`），这里是第 {level} 级");
                    self.unsupported(
                        range,
                        &message,
                        "结构层次序数只有四层：一、（一）1.（1），请减少 `#` 的个数",
                    );
                } else {
                    self.open(Some(level), range);
                }
            }
            Tag::List(first) => {
                let message = match first {
                    Some(_) => "暂不支持 Markdown 列表：以 `1. ` 开头的行被当成了有序列表",
                    None => "暂不支持 Markdown 列表：以 `-`、`*` 或 `+` 开头的行被当成了无序列表",
                };
                self.unsupported(
                    range,
                    message,
                    "公文正文不用列表。带序号的段落请把序号和文字连写（如 `1.加强组织领导`），或写成 `###` 标题（自动编号）；其余各项写成单独的段落",
                );
            }
            Tag::BlockQuote(_) => self.unsupported(
                range,
                "暂不支持 Markdown 引用块（`>`）",
                "公文正文不用引用块，删掉行首的 `>`",
            ),
            Tag::CodeBlock(CodeBlockKind::Indented) => self.unsupported(
                range,
                "暂不支持代码块：以四个空格或制表符缩进的行被当成了代码块",
                "段落开头不要缩进，首行缩进两字由排版自动完成",
            ),
            Tag::CodeBlock(CodeBlockKind::Fenced(_)) => self.unsupported(
                range,
                "暂不支持代码块（```）",
                "公文正文不用代码块，删掉 ``` 行并把内容写成段落",
            ),
            Tag::HtmlBlock => self.html = Some((String::new(), range.start)),
            Tag::Table(_) => self.unsupported(
                range,
                "表格将在后续版本支持",
                "暂时把表格内容写成段落，或作为附件另行提供",
            ),
            Tag::Image { .. } => self.unsupported(
                range,
                "正文中暂不支持图片",
                "印章图片请写在前置元数据的 `印章` 中；其他图片请作为附件另行提供",
            ),
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            // A link keeps its text; the address has no place on paper.
            Tag::Link { .. } => {}
            Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
            Tag::Item
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.unsupported(
                range,
                "正文中有公文格式无法表达的 Markdown 结构",
                "正文只用标题（`#` 到 `####`）和段落",
            ),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some(open) = self.current.take() {
                    let block = match open.heading {
                        Some(level) => RawBlock::Heading {
                            level,
                            runs: open.runs,
                            pos: open.pos,
                        },
                        None => RawBlock::Paragraph {
                            runs: open.runs,
                            pos: open.pos,
                        },
                    };
                    self.raw.push(block);
                }
                self.strong = 0;
                self.emphasis = 0;
            }
            TagEnd::HtmlBlock => {
                let Some((html, start)) = self.html.take() else {
                    return;
                };
                if !only_comments(&html) {
                    let pos = self.pos(start);
                    self.error(
                        pos,
                        "正文中不支持 HTML",
                        "删掉 HTML 标签；只有注释 `<!-- … -->` 会被忽略，`<!-- 附件 -->` 标出附件",
                    );
                    return;
                }
                let offset = self.body_start.saturating_add(start);
                for marker in markers::in_html(&html, offset, self.index) {
                    self.start_attachment(marker);
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            _ => {}
        }
    }

    /// What follows `marker` is an attachment, up to the next marker.
    fn start_attachment(&mut self, marker: Marker) {
        let before = std::mem::take(&mut self.raw);
        match self.parts.last_mut() {
            Some(part) => part.1 = before,
            None => self.main = Some(before),
        }
        self.parts.push((marker, Vec::new()));
    }

    fn open(&mut self, heading: Option<u8>, range: &Range<usize>) {
        let pos = self.pos(range.start);
        self.current = Some(Open {
            heading,
            pos,
            runs: Vec::new(),
            pending_break: false,
        });
    }

    fn text(&mut self, text: &str, pos: SourcePos) {
        let style = if self.strong > 0 {
            RunStyle::Strong
        } else if self.emphasis > 0 {
            RunStyle::Emphasis
        } else {
            RunStyle::Regular
        };
        let Some(open) = &mut self.current else {
            return;
        };
        if text.is_empty() {
            return;
        }
        if open.pending_break {
            open.pending_break = false;
            // A line break inside a paragraph is only a line end in the
            // source: nothing between Chinese characters, one space between
            // two Latin words.
            if let Some(last) = open.runs.last_mut() {
                let before = last.text.chars().next_back();
                let after = text.chars().next();
                if before.is_some_and(is_ascii_word) && after.is_some_and(is_ascii_word) {
                    last.text.push(' ');
                }
            }
        } else if let Some(last) = open.runs.last_mut() {
            // Text split by the parser (at `&amp;`, `\*` …) stays one run when
            // it is contiguous in the source, so that columns still count.
            let end = last.pos.column as usize + last.text.chars().count();
            if last.style == style && last.pos.line == pos.line && end == pos.column as usize {
                last.text.push_str(text);
                return;
            }
        }
        open.runs.push(Run {
            text: text.to_string(),
            style,
            pos,
        });
    }
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_whitespace() && !c.is_ascii_control()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Does an HTML block hold nothing but comments (`<!-- … -->`)?
fn only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix("<!--") else {
            return false;
        };
        let Some(end) = inner.find("-->") else {
            // An unclosed comment runs to the end of the block.
            return true;
        };
        rest = inner.get(end + 3..).unwrap_or_default().trim_start();
    }
    true
}

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
fn number_headings(raw: Vec<RawBlock>, meta: &mut Meta) -> Vec<Block> {
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

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;

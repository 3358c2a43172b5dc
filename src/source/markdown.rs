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
use crate::model::{Block, BoundAttachment, Meta, Run, RunStyle, SourcePos, Table};

use super::LineIndex;
use super::markers::{self, Marker};
use super::regulations;
use super::settle::number_headings;
use super::table::{self, Builder};

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
        table: None,
        landscape: None,
    };
    let body = source.get(body_start..).unwrap_or_default();
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        reader.event(event, range);
    }
    if let Some(pos) = reader.landscape.take() {
        reader.landscape_alone(pos);
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
pub(super) enum RawBlock {
    Heading {
        level: u8,
        runs: Vec<Run>,
        pos: SourcePos,
    },
    Paragraph {
        runs: Vec<Run>,
        pos: SourcePos,
    },
    Table(Table),
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
    /// The table being read.
    table: Option<Builder>,
    /// Where a `<!-- 横排 -->` waits for its table.
    landscape: Option<SourcePos>,
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
            Event::End(tag) => self.end(tag, &range),
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
                if self.table.is_some() && is_line_break(&text) {
                    // `<br>` in a cell: the cell's text goes on a new line.
                    if let (Some(open), Some(table)) = (&mut self.current, &mut self.table) {
                        table.paragraphs.push(std::mem::take(&mut open.runs));
                        open.pending_break = false;
                    }
                } else if markers::is_marker(&text) {
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
        if let Some(pos) = self.landscape
            && !matches!(tag, Tag::Table(_) | Tag::HtmlBlock)
        {
            self.landscape = None;
            self.landscape_alone(pos);
        }
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
            Tag::Table(alignment) => {
                let pos = self.pos(range.start);
                let landscape = self.landscape.take().is_some();
                self.table = Some(Builder::new(&alignment, pos, landscape));
            }
            Tag::TableHead | Tag::TableRow if self.table.is_some() => {
                let pos = self.pos(range.start);
                let line = self.body_text(range);
                let line = line.lines().next().unwrap_or_default().to_string();
                if let Some(table) = &mut self.table {
                    table.start_row(matches!(tag, Tag::TableHead), &line, pos);
                }
            }
            Tag::TableCell if self.table.is_some() => self.open(None, range),
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

    fn end(&mut self, tag: TagEnd, range: &Range<usize>) {
        match tag {
            TagEnd::TableCell => {
                if let (Some(open), Some(table)) = (self.current.take(), &mut self.table) {
                    table.end_cell(open.runs, open.pos);
                }
                self.strong = 0;
                self.emphasis = 0;
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    table.end_row();
                }
            }
            TagEnd::Table => {
                if let Some(builder) = self.table.take() {
                    let (table, ragged) = builder.finish();
                    for row in &ragged {
                        self.ragged(row);
                    }
                    self.raw.push(RawBlock::Table(table));
                }
            }
            TagEnd::Paragraph => {
                let text = self.body_text(range);
                if let Some((head, delimiter)) = table::broken_head(&text) {
                    let pos = self.pos(range.start);
                    let pos = SourcePos {
                        line: pos.line + 1,
                        column: 1,
                    };
                    let message = format!(
                        "表格的表头有 {head} 格，下面的分隔行有 {delimiter} 格，无法识别为表格"
                    );
                    self.error(
                        pos,
                        &message,
                        "分隔行（`|---|---|`）的格数要与表头相同；每一格写一个 `---`",
                    );
                }
                self.end_block();
            }
            TagEnd::Heading(_) => self.end_block(),
            _ => self.end_other(tag),
        }
    }

    /// The source text of a body range.
    fn body_text(&self, range: &Range<usize>) -> String {
        self.source
            .get(
                self.body_start.saturating_add(range.start)
                    ..self.body_start.saturating_add(range.end),
            )
            .unwrap_or_default()
            .to_string()
    }

    fn ragged(&mut self, row: &table::Ragged) {
        let message = format!("表格这一行有 {} 格，表头有 {} 格", row.found, row.expected);
        let help = if row.found > row.expected {
            "删掉多余的格，或在表头和分隔行中补上这一列；格内的竖线写成 `\\|`"
        } else {
            "补上缺少的格：空格子写成 `|  |`，每行的格数与表头相同"
        };
        self.error(row.pos, &message, help);
    }

    /// `<!-- 横排 -->` with no table right after it.
    fn landscape_alone(&mut self, pos: SourcePos) {
        self.error(
            pos,
            "「横排」标记后面没有紧跟表格",
            "把 `<!-- 横排 -->` 写在表格的前一行；不需要横排就删掉这个标记",
        );
    }

    /// A heading or paragraph ends.
    fn end_block(&mut self) {
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

    fn end_other(&mut self, tag: TagEnd) {
        match tag {
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
                if table::is_landscape_marker(&html) {
                    if let Some(pos) = self.landscape.take() {
                        self.landscape_alone(pos);
                    }
                    self.landscape = Some(self.pos(start));
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

/// `<br>`, `<br/>`, `<br />` (any case): a line break inside a table cell.
fn is_line_break(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    let inner = t
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    inner.trim() == "br"
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

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;

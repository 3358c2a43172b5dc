//! The document model: what a 公文 says, with no I/O and no geometry.
//!
//! The source stage builds it from front matter + Markdown; layout reads it.
//! Every piece of text keeps the place it came from, so that a later stage
//! (a missing glyph, a lint) can point the user at the source line.

use std::path::PathBuf;

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourcePos {
    pub line: u32,
    pub column: u32,
}

/// A string from the front matter, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Located<T> {
    pub value: T,
    pub pos: SourcePos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: SourcePos) -> Self {
        Located { value, pos }
    }
}

/// 版式: which of the formats of GB/T 9704 §7 and §10 the document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// 文件格式: red issuer mark + 文件, 发文字号, red line.
    #[default]
    File,
    /// 信函格式.
    Letter,
    /// 命令（令）格式.
    Order,
    /// 纪要格式.
    Minutes,
    /// 无版头: no red header, the title starts at the top of the 版心.
    Plain,
}

/// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
pub(crate) fn days_from_civil(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (the inverse of [`days_from_civil`]).
pub(crate) fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: u16::try_from(year).unwrap_or(1970),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// A calendar date as a 公文 prints it (Arabic numerals, no zero padding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `2020年12月28日` (GB/T 9704 §7.3.5.4).
    pub fn to_chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// How one heading level is numbered: a prefix, a counter kind and a suffix,
/// e.g. `（` + 一 + `）` or `` + 1 + `、`. (编号)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberStyle {
    pub prefix: String,
    pub counter: Counter,
    pub suffix: String,
}

/// The kind of counter in a heading number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// 一 二 三 … 十一 …
    ChineseNumeral,
    /// 1 2 3 …
    Arabic,
}

/// An attachment named in 附件说明; a bound one carries its own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// 附件名称
    pub name: Located<String>,
    /// The Markdown file bound with the document, printed on pages of its own.
    pub file: Option<Located<PathBuf>>,
}

impl Attachment {
    /// The name as 附件说明 and the attachment's title print it: without a
    /// number the author typed for this item (`1.`) and without trailing
    /// punctuation (§7.3.4: no punctuation after a name).
    pub fn printed_name(&self, number: usize) -> &str {
        let name = self.name.value.trim();
        let digits = number.to_string();
        let name = name
            .strip_prefix(digits.as_str())
            .and_then(|rest| rest.strip_prefix(['.', '．', '、']))
            // `1.5亿元…` is a name that starts with a number, not item 1.
            .filter(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
            .map_or(name, str::trim_start);
        name.trim_end_matches(|c: char| {
            matches!(c, '。' | '；' | '，' | ';' | ',') || c.is_whitespace()
        })
    }
}

/// Everything the front matter can say (DESIGN.md, "Source format").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// 版式 (with where it was written; the default has line 0)
    pub format: Located<Format>,
    /// 份号
    pub copy_number: Option<Located<String>>,
    /// 密级
    pub secrecy: Option<Located<String>>,
    /// 保密期限
    pub secrecy_period: Option<Located<String>>,
    /// 紧急程度
    pub urgency: Option<Located<String>>,
    /// 发文机关 (several for 联合行文, 主办机关 first)
    pub issuers: Vec<Located<String>>,
    /// 发文机关标志 (override of the red mark text)
    pub issuer_mark: Option<Located<String>>,
    /// 发文字号
    pub doc_number: Option<Located<String>>,
    /// 签发人
    pub signers: Vec<Located<String>>,
    /// 标题
    pub title: Option<Located<String>>,
    /// 主送机关
    pub recipients: Vec<Located<String>>,
    /// 附件
    pub attachments: Vec<Attachment>,
    /// 发文机关署名
    pub signature: Vec<Located<String>>,
    /// 成文日期
    pub date: Option<Located<Date>>,
    /// 印章 image paths
    pub seals: Vec<Located<PathBuf>>,
    /// 附注
    pub note: Option<Located<String>>,
    /// 抄送
    pub cc: Vec<Located<String>>,
    /// 印发机关
    pub printer: Option<Located<String>>,
    /// 印发日期
    pub print_date: Option<Located<Date>>,
    /// 出席 (纪要)
    pub attendees: Vec<Located<String>>,
    /// 请假 (纪要)
    pub absentees: Vec<Located<String>>,
    /// 列席 (纪要)
    pub observers: Vec<Located<String>>,
    /// 令号 (命令)
    pub order_number: Option<Located<String>>,
    /// 签发人职务 (命令)
    pub signer_title: Option<Located<String>>,
    /// 签名章 image path (命令)
    pub signature_stamp: Option<Located<PathBuf>>,
    /// 编号: number style per heading level (4 levels)
    pub numbering: [NumberStyle; 4],
    /// 模板: a profile name or path
    pub template: Option<Located<String>>,
    /// 印章尺寸: seal diameter in mm, overriding the image's own size
    pub seal_size: Option<Located<f32>>,
    /// 主送移至版记: print 主送机关 in the 版记 instead of under the title
    pub recipients_in_colophon: Option<Located<bool>>,
}

/// The face a run of text asks for; layout maps it to a font role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunStyle {
    /// The face of the surrounding block.
    #[default]
    Regular,
    /// `**…**` → 黑体
    Strong,
    /// `*…*` → 楷体
    Emphasis,
}

/// A run of text in one style. A run never spans a source line break, so the
/// position of its n-th character is `pos` shifted n columns to the right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: RunStyle,
    pub pos: SourcePos,
}

/// A heading of one of the four levels (结构层次序数 一、（一）1.（1）).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1..=4
    pub level: u8,
    /// The number as printed, e.g. `一、`, `（二）`, `3.`.
    pub number: String,
    /// 序号 as the author typed it (`1、`, `(一)`), with where it was
    /// typed; `None` when the number is the automatic one. The check
    /// compares it with the level's style and the sequence.
    pub typed: Option<Located<String>>,
    /// The heading text after the number.
    pub text: Vec<Run>,
    /// When the heading ends in `。`/`！`/`？` it runs into the following
    /// paragraph, whose text is held here.
    pub run_in: Option<Vec<Run>>,
    pub pos: SourcePos,
}

/// A 章 or 条 of a regulation (办法、规定、规则), with the label the author
/// typed: regulations number their own divisions, so nothing is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// As printed: `第一章`, `第十二条`.
    pub label: String,
    /// The label's number (十二 → 12), for the check of the sequence.
    pub value: u32,
    /// The text after the label (a chapter's name, an article's text).
    pub text: Vec<Run>,
    /// Where the label is.
    pub pos: SourcePos,
}

/// A block of the 正文.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Paragraph {
        runs: Vec<Run>,
        pos: SourcePos,
    },
    /// `第一章　总则`: centred in 黑体 with a blank line above and below.
    Chapter(Division),
    /// `第一条　…`: the label in 黑体 runs into the article's text.
    Article(Division),
    /// A GFM table (表格).
    Table(Table),
}

/// How a column's cells are aligned, from the GFM delimiter row
/// (`:--`, `:-:`, `--:`); `Auto` when it says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// No colon: numbers right, other text left (layout decides).
    #[default]
    Auto,
    Left,
    Centre,
    Right,
}

/// One cell of a table: its text as paragraphs (a `<br>` starts a new
/// one), and where the cell starts in the source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub paragraphs: Vec<Vec<Run>>,
    pub pos: SourcePos,
}

impl Cell {
    /// The cell's text without styles, paragraphs joined by `\n`.
    pub fn plain(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| p.iter().map(|r| r.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// 表格: a header row, body rows of the same number of cells, and the
/// alignment of each column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// 表头: printed in 黑体 and repeated on every page the table crosses.
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    pub align: Vec<Align>,
    /// 横排: the author asked for a landscape page (`<!-- 横排 -->`).
    pub landscape: bool,
    /// Where the header row starts.
    pub pos: SourcePos,
}

/// A whole document: front matter + body.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub body: Vec<Block>,
    /// Attachments bound with the document (附件), in order: from the body's
    /// attachment markers, and (after the resources stage) from files.
    pub attachments: Vec<BoundAttachment>,
    /// What the source stage found odd but printable (a gap in the numbers
    /// of 条); layout passes them on with its own.
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// An attachment printed with the document, on pages of its own (§7.3.7).
#[derive(Debug, Clone, PartialEq)]
pub struct BoundAttachment {
    /// Its own front matter: 标题 (defaulting to the 附件 name), and for a
    /// forwarded document 主送机关, 发文机关署名, 成文日期.
    pub meta: Meta,
    pub body: Vec<Block>,
    /// Where its text came from, for messages.
    pub origin: AttachmentOrigin,
    /// Its item in `Meta::attachments` (0-based): the number on its label.
    pub index: usize,
}

/// Where a bound attachment's text is.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachmentOrigin {
    /// After a marker in the main document's body, at this position.
    Inline(SourcePos),
    /// A file of its own (path as resolved, and its text).
    File { path: PathBuf, text: String },
}

impl Default for NumberStyle {
    fn default() -> Self {
        NumberStyle {
            prefix: String::new(),
            counter: Counter::Arabic,
            suffix: String::new(),
        }
    }
}

/// The standard numbering `[一、, （一）, 1., （1）]` of GB/T 9704 §7.3.3.
pub fn standard_numbering() -> [NumberStyle; 4] {
    let style = |prefix: &str, counter, suffix: &str| NumberStyle {
        prefix: prefix.to_string(),
        counter,
        suffix: suffix.to_string(),
    };
    [
        style("", Counter::ChineseNumeral, "、"),
        style("（", Counter::ChineseNumeral, "）"),
        style("", Counter::Arabic, "."),
        style("（", Counter::Arabic, "）"),
    ]
}

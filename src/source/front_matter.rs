//! 前置元数据: the YAML value tree → [`Meta`], with a Chinese message for
//! every key that is unknown, repeated or of the wrong type.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::{Attachment, Date, Format, Located, Meta, NumberStyle, SourcePos};

use super::numbering::{PatternError, parse_pattern};
use super::yaml::{Kind, Value};

/// A front matter field (DESIGN.md, "Source format").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Format,
    CopyNumber,
    Secrecy,
    SecrecyPeriod,
    Urgency,
    Issuer,
    IssuerMark,
    DocNumber,
    Signers,
    Title,
    Recipients,
    Attachments,
    Signature,
    Date,
    Seal,
    Note,
    Cc,
    Printer,
    PrintDate,
    Attendees,
    Absentees,
    Observers,
    OrderNumber,
    SignerTitle,
    SignatureStamp,
    Numbering,
    Template,
    SealSize,
    RecipientsInColophon,
}

/// Every key with its Chinese and English spelling.
const KEYS: [(Key, &str, &str); 29] = [
    (Key::Format, "版式", "format"),
    (Key::CopyNumber, "份号", "copy_number"),
    (Key::Secrecy, "密级", "secrecy"),
    (Key::SecrecyPeriod, "保密期限", "secrecy_period"),
    (Key::Urgency, "紧急程度", "urgency"),
    (Key::Issuer, "发文机关", "issuer"),
    (Key::IssuerMark, "发文机关标志", "issuer_mark"),
    (Key::DocNumber, "发文字号", "doc_number"),
    (Key::Signers, "签发人", "signers"),
    (Key::Title, "标题", "title"),
    (Key::Recipients, "主送机关", "recipients"),
    (Key::Attachments, "附件", "attachments"),
    (Key::Signature, "发文机关署名", "signature"),
    (Key::Date, "成文日期", "date"),
    (Key::Seal, "印章", "seal"),
    (Key::Note, "附注", "note"),
    (Key::Cc, "抄送", "cc"),
    (Key::Printer, "印发机关", "printer"),
    (Key::PrintDate, "印发日期", "print_date"),
    (Key::Attendees, "出席", "attendees"),
    (Key::Absentees, "请假", "absentees"),
    (Key::Observers, "列席", "observers"),
    (Key::OrderNumber, "令号", "order_number"),
    (Key::SignerTitle, "签发人职务", "signer_title"),
    (Key::SignatureStamp, "签名章", "signature_stamp"),
    (Key::Numbering, "编号", "numbering"),
    (Key::Template, "模板", "template"),
    (Key::SealSize, "印章尺寸", "seal_size"),
    (
        Key::RecipientsInColophon,
        "主送移至版记",
        "recipients_in_colophon",
    ),
];

/// The keys of an item of 附件 written as a map.
const ATTACHMENT_KEYS: [&str; 4] = ["名称", "name", "文件", "file"];

/// The 版式 values, Chinese and English.
const FORMATS: [(Format, &str, &str); 5] = [
    (Format::File, "文件", "file"),
    (Format::Letter, "信函", "letter"),
    (Format::Order, "命令", "order"),
    (Format::Minutes, "纪要", "minutes"),
    (Format::Plain, "无版头", "plain"),
];

/// Converts the front matter to [`Meta`]; every problem found is returned,
/// not only the first, so that one run shows the author all of them. The
/// count is of the heading levels `编号` sets (from the first): the others
/// may take a profile's styles.
pub(crate) fn to_meta(file: &Path, source: &str, root: &Value) -> (Meta, Vec<Diagnostic>, usize) {
    let mut cx = Cx {
        file,
        source,
        diags: Vec::new(),
        numbering_levels: 0,
    };
    let mut meta = Meta {
        numbering: crate::model::standard_numbering(),
        ..Meta::default()
    };
    let entries = match &root.kind {
        Kind::Null => return (meta, cx.diags, 0),
        Kind::Map(entries) => entries,
        Kind::Scalar { text, .. } => {
            let help = if text.contains('：') {
                "键和值之间要用半角冒号加空格，如 `标题: 关于……的通知`，不能用全角冒号 `：`"
            } else {
                "每行写一个「键: 值」，如 `标题: 关于……的通知`"
            };
            cx.error(
                root.pos,
                "前置元数据应为「键: 值」形式的映射，这里是字符串",
                help,
            );
            return (meta, cx.diags, 0);
        }
        other => {
            let message = format!(
                "前置元数据应为「键: 值」形式的映射，这里是{}",
                other.describe()
            );
            cx.error(
                root.pos,
                message,
                "每行写一个「键: 值」，如 `标题: 关于……的通知`",
            );
            return (meta, cx.diags, 0);
        }
    };

    let mut seen: Vec<(Key, &str, SourcePos)> = Vec::new();
    for (key_node, value) in entries {
        let Kind::Scalar { text: name, .. } = &key_node.kind else {
            let message = format!("前置元数据的键应为文字，这里是{}", key_node.kind.describe());
            cx.error(key_node.pos, message, "每行写一个「键: 值」");
            continue;
        };
        let Some(key) = lookup(name) else {
            cx.unknown_key(name, key_node.pos, &all_key_names());
            continue;
        };
        if let Some((_, first, at)) = seen.iter().find(|(k, _, _)| *k == key) {
            let message = format!("重复的键 `{name}`：第 {} 行已经写过 `{first}`", at.line);
            cx.error(
                key_node.pos,
                message,
                "同一个键（中文或英文写法）只能写一次，删掉其中一个",
            );
            continue;
        }
        seen.push((key, name, key_node.pos));
        cx.field(&mut meta, key, name, value);
    }
    (meta, cx.diags, cx.numbering_levels)
}

/// The field a key names, in either spelling.
fn lookup(name: &str) -> Option<Key> {
    KEYS.iter()
        .find(|(_, zh, en)| *zh == name || *en == name)
        .map(|(key, _, _)| *key)
}

fn all_key_names() -> Vec<&'static str> {
    let zh = KEYS.iter().map(|(_, zh, _)| *zh);
    let en = KEYS.iter().map(|(_, _, en)| *en);
    zh.chain(en).collect()
}

/// The known name closest to `name`, when it is close enough to be a slip.
pub(crate) fn suggest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in known {
        let distance = edit_distance(&lower, &candidate.to_lowercase());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let (distance, candidate) = best?;
    let longest = name.chars().count().max(candidate.chars().count());
    // One slip in a two-character key is a typo; more than half the key
    // changed is a different word.
    // Distance 0 is a key written in other letter case (`Title`).
    (candidate != name && distance * 2 <= longest).then_some(candidate)
}

/// Levenshtein distance, counted in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let cost = usize::from(ca != *cb);
            let next = (diagonal + cost)
                .min(up.saturating_add(1))
                .min(left.saturating_add(1));
            diagonal = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = next;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Conversion context: where messages point and where they are collected.
struct Cx<'a> {
    file: &'a Path,
    source: &'a str,
    diags: Vec<Diagnostic>,
    /// How many heading levels `编号` set.
    numbering_levels: usize,
}

impl Cx<'_> {
    fn error(&mut self, pos: SourcePos, message: impl Into<String>, help: impl Into<String>) {
        let d = Diagnostic::error(self.file, self.source, pos, message).with_help(help);
        self.diags.push(d);
    }

    fn unknown_key(&mut self, name: &str, pos: SourcePos, known: &[&str]) {
        let message = format!("未知的前置元数据键 `{name}`");
        let help = match suggest(name, known) {
            Some(s) => format!("你是不是想写 `{s}`？"),
            None => format!("可用的键：{}", known.join("、")),
        };
        self.error(pos, message, help);
    }

    fn wrong_type(&mut self, name: &str, expected: &str, value: &Value) {
        let message = format!("`{name}` 应为{expected}，这里是{}", value.kind.describe());
        let help = match value.kind {
            Kind::Seq(_) => "只写一个值，不要用 `-` 列表",
            Kind::Map(_) => "值里若含有「: 」，请给整个值加引号",
            _ => "在冒号后写上值，或删掉这一行",
        };
        self.error(value.pos, message, help);
    }

    fn field(&mut self, meta: &mut Meta, key: Key, name: &str, v: &Value) {
        match key {
            Key::Format => {
                if let Some(f) = self.format(name, v) {
                    meta.format = Located::new(f, v.pos);
                }
            }
            Key::CopyNumber => meta.copy_number = self.copy_number(name, v),
            Key::Secrecy => meta.secrecy = self.string(name, v),
            Key::SecrecyPeriod => meta.secrecy_period = self.string(name, v),
            Key::Urgency => meta.urgency = self.string(name, v),
            Key::Issuer => meta.issuers = self.strings(name, v),
            Key::IssuerMark => meta.issuer_mark = self.string(name, v),
            Key::DocNumber => meta.doc_number = self.string(name, v),
            Key::Signers => meta.signers = self.strings(name, v),
            Key::Title => meta.title = self.string(name, v),
            Key::Recipients => meta.recipients = self.strings(name, v),
            Key::Attachments => meta.attachments = self.attachments(name, v),
            Key::Signature => meta.signature = self.strings(name, v),
            Key::Date => meta.date = self.date(name, v),
            Key::Seal => meta.seals = self.strings(name, v).into_iter().map(to_path).collect(),
            Key::Note => meta.note = self.string(name, v),
            Key::Cc => meta.cc = self.strings(name, v),
            Key::Printer => meta.printer = self.string(name, v),
            Key::PrintDate => meta.print_date = self.date(name, v),
            Key::Attendees => meta.attendees = self.strings(name, v),
            Key::Absentees => meta.absentees = self.strings(name, v),
            Key::Observers => meta.observers = self.strings(name, v),
            Key::OrderNumber => meta.order_number = self.string(name, v),
            Key::SignerTitle => meta.signer_title = self.string(name, v),
            Key::SignatureStamp => meta.signature_stamp = self.string(name, v).map(to_path),
            Key::Numbering => self.numbering(name, v, &mut meta.numbering),
            Key::Template => meta.template = self.string(name, v),
            Key::SealSize => meta.seal_size = self.millimetres(name, v),
            Key::RecipientsInColophon => meta.recipients_in_colophon = self.flag(name, v),
        }
    }

    /// A length in millimetres: `42`, `42.5` or `42mm`.
    fn millimetres(&mut self, name: &str, v: &Value) -> Option<Located<f32>> {
        let text = self.string(name, v)?;
        let number = text
            .value
            .trim()
            .trim_end_matches("毫米")
            .trim_end_matches("mm")
            .trim();
        match number.parse::<f32>() {
            Ok(mm) if mm > 0.0 && mm <= 100.0 => Some(Located::new(mm, text.pos)),
            _ => {
                let message = format!("`{name}` 应为以毫米计的长度，这里是 `{}`", text.value);
                self.error(
                    text.pos,
                    message,
                    "写成 `42` 或 `42mm`（0 到 100 毫米之间）",
                );
                None
            }
        }
    }

    /// Yes or no: `true`/`false`, `是`/`否`.
    fn flag(&mut self, name: &str, v: &Value) -> Option<Located<bool>> {
        let text = self.string(name, v)?;
        match text.value.trim() {
            "true" | "yes" | "是" => Some(Located::new(true, text.pos)),
            "false" | "no" | "否" => Some(Located::new(false, text.pos)),
            other => {
                let message = format!("`{name}` 应为 是/否（true/false），这里是 `{other}`");
                self.error(text.pos, message, "写成 `是` 或 `否`");
                None
            }
        }
    }

    /// A single string; an empty value (`标题:`) counts as not given.
    fn string(&mut self, name: &str, v: &Value) -> Option<Located<String>> {
        match &v.kind {
            Kind::Null => None,
            Kind::Scalar { text, .. } => Some(Located::new(text.clone(), v.pos)),
            _ => {
                self.wrong_type(name, "字符串", v);
                None
            }
        }
    }

    /// A string or a list of strings (联合行文, several 主送机关 …).
    fn strings(&mut self, name: &str, v: &Value) -> Vec<Located<String>> {
        match &v.kind {
            Kind::Null => Vec::new(),
            Kind::Scalar { text, .. } => vec![Located::new(text.clone(), v.pos)],
            Kind::Seq(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match &item.kind {
                        Kind::Scalar { text, .. } => out.push(Located::new(text.clone(), item.pos)),
                        other => {
                            let message = format!(
                                "`{name}` 的第 {} 项应为字符串，这里是{}",
                                i + 1,
                                other.describe()
                            );
                            self.error(item.pos, message, "列表的每一项写成 `- 文字`");
                        }
                    }
                }
                out
            }
            Kind::Map(_) => {
                self.wrong_type(name, "字符串或字符串列表", v);
                Vec::new()
            }
        }
    }

    fn format(&mut self, name: &str, v: &Value) -> Option<Format> {
        let text = self.string(name, v)?;
        let found = FORMATS
            .iter()
            .find(|(_, zh, en)| *zh == text.value || en.eq_ignore_ascii_case(&text.value));
        if let Some((format, _, _)) = found {
            return Some(*format);
        }
        let message = format!("未知的版式 `{}`", text.value);
        self.error(
            text.pos,
            message,
            "版式可以是：文件、信函、命令、纪要、无版头",
        );
        None
    }

    /// 份号: kept as written; an integer (YAML drops leading zeros) is padded
    /// back to the six digits of GB/T 9704 §7.2.1.
    fn copy_number(&mut self, name: &str, v: &Value) -> Option<Located<String>> {
        match &v.kind {
            Kind::Scalar {
                text,
                integer: true,
            } if text.chars().all(|c| c.is_ascii_digit()) => {
                Some(Located::new(format!("{text:0>6}"), v.pos))
            }
            _ => self.string(name, v),
        }
    }

    fn date(&mut self, name: &str, v: &Value) -> Option<Located<Date>> {
        let Kind::Scalar { text, .. } = &v.kind else {
            if !matches!(v.kind, Kind::Null) {
                self.wrong_type(name, "日期（如 `2020-12-28`）", v);
            }
            return None;
        };
        match parse_date(text) {
            Ok(date) => Some(Located::new(date, v.pos)),
            Err(why) => {
                let message = format!("`{name}` 不是有效的日期：`{text}`（{why}）");
                self.error(v.pos, message, "日期写作 `2020-12-28` 或 `2020年12月28日`");
                None
            }
        }
    }

    fn attachments(&mut self, name: &str, v: &Value) -> Vec<Attachment> {
        let items: &[Value] = match &v.kind {
            Kind::Null => return Vec::new(),
            Kind::Seq(items) => items,
            // A single attachment written without the list dash.
            _ => std::slice::from_ref(v),
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match &item.kind {
                Kind::Scalar { text, .. } => out.push(Attachment {
                    name: Located::new(text.clone(), item.pos),
                    file: None,
                }),
                Kind::Map(entries) => {
                    if let Some(a) = self.attachment_map(item.pos, entries) {
                        out.push(a);
                    }
                }
                other => {
                    let message = format!(
                        "`{name}` 的第 {} 项应为附件名称或「名称、文件」映射，这里是{}",
                        i + 1,
                        other.describe()
                    );
                    self.error(
                        item.pos,
                        message,
                        "写成 `- 附件名称` 或 `- {名称: 附件名称, 文件: 附件.md}`",
                    );
                }
            }
        }
        out
    }

    fn attachment_map(&mut self, pos: SourcePos, entries: &[(Value, Value)]) -> Option<Attachment> {
        let mut name: Option<Located<String>> = None;
        let mut file: Option<Located<PathBuf>> = None;
        for (key, value) in entries {
            let Kind::Scalar { text: k, .. } = &key.kind else {
                let message = format!("附件项的键应为文字，这里是{}", key.kind.describe());
                self.error(key.pos, message, "写成 `名称: …` 和 `文件: …`");
                continue;
            };
            match k.as_str() {
                "名称" | "name" => {
                    if name.is_some() {
                        self.error(
                            key.pos,
                            format!("附件项中重复的键 `{k}`"),
                            "`名称` 只能写一次",
                        );
                    }
                    name = self.string(k, value);
                }
                "文件" | "file" => {
                    if file.is_some() {
                        self.error(
                            key.pos,
                            format!("附件项中重复的键 `{k}`"),
                            "`文件` 只能写一次",
                        );
                    }
                    file = self.string(k, value).map(to_path);
                }
                _ => {
                    let message = format!("附件项中未知的键 `{k}`");
                    let help = match suggest(k, &ATTACHMENT_KEYS) {
                        Some(s) => format!("你是不是想写 `{s}`？"),
                        None => "附件项可以有 `名称` 和 `文件` 两个键".to_string(),
                    };
                    self.error(key.pos, message, help);
                }
            }
        }
        match name {
            Some(name) => Some(Attachment { name, file }),
            None => {
                self.error(
                    pos,
                    "附件项缺少 `名称`",
                    "写成 `{名称: 附件名称, 文件: 附件.md}`",
                );
                None
            }
        }
    }

    /// 编号: 1 to 4 patterns, one per heading level from the first; levels
    /// not given keep the standard style.
    fn numbering(&mut self, name: &str, v: &Value, styles: &mut [NumberStyle; 4]) {
        let Kind::Seq(items) = &v.kind else {
            if !matches!(v.kind, Kind::Null) {
                self.wrong_type(name, "列表（如 `[一、, （一）, 1、, （1）]`）", v);
            }
            return;
        };
        if items.is_empty() {
            let message = format!("`{name}` 至少要写一级的样式");
            self.error(
                v.pos,
                message,
                "写成 `[一、, （一）, 1、, （1）]`，或删掉这一行使用标准编号",
            );
            return;
        }
        self.numbering_levels = items.len().min(styles.len());
        for (i, item) in items.iter().enumerate() {
            let Some(slot) = styles.get_mut(i) else {
                let message = format!("`{name}` 最多四级，这里是第 {} 级", i + 1);
                self.error(item.pos, message, "公文标题只有四个层次：一、（一）1.（1）");
                break;
            };
            let Kind::Scalar { text, .. } = &item.kind else {
                let message = format!(
                    "`{name}` 的第 {} 项应为字符串，这里是{}",
                    i + 1,
                    item.kind.describe()
                );
                self.error(item.pos, message, "每一级写一个样式，如 `（一）`");
                continue;
            };
            match parse_pattern(text) {
                Ok(style) => *slot = style,
                Err(why) => {
                    let reason = match why {
                        PatternError::NoCounter => "其中应有序数 `一` 或 `1`（写第一个序号）",
                        PatternError::SeveralCounters => "其中只能有一个序数",
                        PatternError::Bare => "序数前后应有标点，如 `、` `.` `（）`",
                    };
                    let message = format!("无法识别的编号样式 `{text}`：{reason}");
                    self.error(
                        item.pos,
                        message,
                        "样式如 `一、` `（一）` `1.` `1、` `（1）`",
                    );
                }
            }
        }
    }
}

fn to_path(s: Located<String>) -> Located<PathBuf> {
    Located::new(PathBuf::from(s.value), s.pos)
}

/// Reads `2020-12-28` (also `/` or `.` between the parts) or `2020年12月28日`,
/// with ASCII or full-width digits. The error says what is wrong, in Chinese.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let normal: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            _ => c,
        })
        .collect();
    let parts: Vec<&str> = if let Some(rest) = normal.strip_suffix('日') {
        rest.split(['年', '月']).collect()
    } else {
        normal.split(['-', '/', '.']).collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err("应写成 年-月-日".to_string());
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(y), number(m), number(d)) else {
        return Err("年、月、日应为数字".to_string());
    };
    if y.len() != 4 {
        return Err("年份应为四位数".to_string());
    }
    if !(1..=12).contains(&month) {
        return Err(format!("月份应在 1 到 12 之间，这里是 {month}"));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days).contains(&day) {
        return Err(format!("{year}年{month}月只有 {days} 天"));
    }
    Ok(Date {
        year: u16::try_from(year).map_err(|_| "年份太大".to_string())?,
        month: u8::try_from(month).map_err(|_| "月份应在 1 到 12 之间".to_string())?,
        day: u8::try_from(day).map_err(|_| "日期太大".to_string())?,
    })
}

#[cfg(test)]
#[path = "front_matter_tests.rs"]
mod tests;

//! Blocks → the parts of a 公文: 版头 lines and the title at the top, the
//! 主送机关, the body (headings by their typed numbers, paragraphs), and at
//! the end 附件说明, 署名, 成文日期, 附注 and the 版记 lines.

use super::blocks::{Block, join};
use super::lines::{
    after_label, date, doc_number, ending_date, marks, name_like, sentence_end, signers, trimmed,
    typed_heading,
};

/// A front matter key the import can fill, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key {
    /// 份号
    CopyNumber,
    /// 密级
    Secrecy,
    /// 保密期限
    SecrecyPeriod,
    /// 紧急程度
    Urgency,
    /// 发文机关
    Issuer,
    /// 发文字号
    DocNumber,
    /// 签发人
    Signers,
    /// 标题
    Title,
    /// 主送机关
    Recipients,
    /// 附件 (附件说明)
    Attachments,
    /// 发文机关署名
    Signature,
    /// 成文日期
    Date,
    /// 附注
    Note,
    /// 抄送
    Cc,
    /// 印发机关
    Printer,
    /// 印发日期
    PrintDate,
}

impl Key {
    pub fn name(self) -> &'static str {
        match self {
            Key::CopyNumber => "份号",
            Key::Secrecy => "密级",
            Key::SecrecyPeriod => "保密期限",
            Key::Urgency => "紧急程度",
            Key::Issuer => "发文机关",
            Key::DocNumber => "发文字号",
            Key::Signers => "签发人",
            Key::Title => "标题",
            Key::Recipients => "主送机关",
            Key::Attachments => "附件",
            Key::Signature => "发文机关署名",
            Key::Date => "成文日期",
            Key::Note => "附注",
            Key::Cc => "抄送",
            Key::Printer => "印发机关",
            Key::PrintDate => "印发日期",
        }
    }
}

/// A front matter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    Text(String),
    List(Vec<String>),
}

/// A front matter entry with the draft lines it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Field {
    pub key: Key,
    pub value: Value,
    /// (line number, text as written) of the lines it was read from.
    pub source: Vec<(u32, String)>,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    Heading { level: u8, text: String, line: u32 },
    Paragraph { text: String, line: u32 },
}

/// Something the import could not settle, said to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Doubt {
    /// The draft line it is about; 0 for the draft as a whole.
    pub line: u32,
    pub message: String,
}

/// The draft, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Draft {
    pub fields: Vec<Field>,
    pub body: Vec<Part>,
    /// Third-level numbers are typed `1、` (most of them).
    pub comma_numbers: bool,
    pub doubts: Vec<Doubt>,
}

impl Draft {
    fn field(&mut self, key: Key, value: Value, blocks: &[&Block]) {
        let source = blocks
            .iter()
            .flat_map(|b| b.lines.iter().map(|l| (l.no, l.text.clone())))
            .collect();
        self.fields.push(Field { key, value, source });
    }

    pub fn has(&self, key: Key) -> bool {
        self.fields.iter().any(|f| f.key == key)
    }

    /// None of `keys` is taken yet: a key is written once, so a second
    /// 发文字号 or 抄送 line is left as text rather than lost or doubled.
    fn free(&self, keys: &[Key]) -> bool {
        !keys.iter().any(|&k| self.has(k))
    }
}

/// Reads the blocks of a draft.
pub(super) fn classify(blocks: &[Block]) -> Draft {
    let mut draft = Draft::default();
    let start = head(blocks, &mut draft);
    let end = tail(blocks, start, &mut draft);
    body(blocks.get(start..end).unwrap_or_default(), &mut draft);
    draft.fields.sort_by_key(|f| f.key);
    if !draft.has(Key::Title) {
        draft.doubts.push(Doubt {
            line: 0,
            message: "未识别到标题（应是开头的一两行，末尾不带标点）；请在前置元数据中补上「标题」"
                .to_string(),
        });
    }
    if !draft.has(Key::Date) {
        draft.doubts.push(Doubt {
            line: 0,
            message: "未识别到成文日期（应是文末单独一行的日期），署名也按正文保留；请核对文末"
                .to_string(),
        });
    }
    draft
}

/// Words of a body's first sentence that ends in `：` (`现将有关事项通知如下：`),
/// never of a list of organs.
const BODY_OPENINGS: [&str; 8] = [
    "如下",
    "现将",
    "现就",
    "根据",
    "按照",
    "为了",
    "为做好",
    "经研究",
];

/// The longest title line we take for one.
const TITLE_CHARS: usize = 60;

/// The 版头 lines, the title and the 主送机关; returns the first body block.
fn head(blocks: &[Block], draft: &mut Draft) -> usize {
    let mut i = 0;
    // 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人 (上行文) above the title.
    while let Some(block) = blocks.get(i) {
        let text = block.text();
        let next_is_number = blocks
            .get(i + 1)
            .is_some_and(|b| doc_number(&b.text()) || signers(&b.text()).is_some());
        let marks = marks(&text).map(|m| {
            [
                (Key::CopyNumber, m.copy_number),
                (Key::Secrecy, m.secrecy),
                (Key::SecrecyPeriod, m.secrecy_period),
                (Key::Urgency, m.urgency),
            ]
        });
        let marks = marks.filter(|found| {
            found
                .iter()
                .all(|(key, value)| value.is_none() || draft.free(&[*key]))
        });
        if let Some(found) = marks {
            for (key, value) in found {
                if let Some(value) = value {
                    draft.field(key, Value::Text(value), &[block]);
                }
            }
        } else if let Some(issuer) = text.strip_suffix("文件").filter(|_| next_is_number)
            && name_like(&text, 30)
            && draft.free(&[Key::Issuer])
        {
            draft.field(
                Key::Issuer,
                Value::Text(trimmed(issuer).to_string()),
                &[block],
            );
        } else if doc_number(&text) && draft.free(&[Key::DocNumber]) {
            draft.field(
                Key::DocNumber,
                Value::Text(trimmed(&text).to_string()),
                &[block],
            );
        } else if let Some((before, names)) = signers(&text)
            && (before.is_empty() || doc_number(before) && draft.free(&[Key::DocNumber]))
            && draft.free(&[Key::Signers])
        {
            if !before.is_empty() {
                draft.field(Key::DocNumber, Value::Text(before.to_string()), &[block]);
            }
            draft.field(Key::Signers, Value::List(names), &[block]);
        } else {
            break;
        }
        i += 1;
    }
    // The title: one to three short lines without closing punctuation.
    // A line opening with a dash is a subtitle (`——在…会议上的讲话`).
    let title_like = |b: &Block| {
        let t = b.text();
        b.lines.len() == 1 && name_like(&t, TITLE_CHARS) && !t.starts_with(['—', '-', '－'])
    };
    let recipients_like = |b: &Block| {
        let t = b.text();
        t.ends_with(['：', ':'])
            && t.chars().count() <= 120
            && !BODY_OPENINGS.iter().any(|w| t.contains(w))
            && !t.contains('。')
            && typed_heading(&t).is_none()
    };
    if blocks.get(i).is_some_and(title_like) {
        let mut title = vec![i];
        while title.len() < 3
            && blocks
                .get(i + title.len())
                .is_some_and(|b| !b.blank_before && title_like(b))
        {
            title.push(i + title.len());
        }
        // A title whose second line the author set off by a blank line:
        // only when the 主送机关 follows, so a lone first line of body text
        // is not taken.
        let next = i + title.len();
        if title.len() < 3
            && blocks.get(next).is_some_and(title_like)
            && blocks.get(next + 1).is_some_and(recipients_like)
        {
            title.push(next);
        }
        let parts: Vec<&Block> = title.iter().filter_map(|&k| blocks.get(k)).collect();
        let text: String = parts.iter().map(|b| title_text(&b.text())).collect();
        draft.field(Key::Title, Value::Text(text), &parts);
        i += title.len();
    }
    // 主送机关: a line ending in `：`, maybe wrapped after `，` or `、`.
    let mut k = i;
    while let Some(block) = blocks.get(k) {
        if k > i && block.blank_before {
            break;
        }
        if recipients_like(block) {
            let parts: Vec<&Block> = blocks.get(i..=k).unwrap_or_default().iter().collect();
            let text = join(
                parts
                    .iter()
                    .flat_map(|b| b.lines.iter().map(|l| l.text.as_str())),
            );
            let name = text.trim_end_matches(['：', ':']).trim_end();
            draft.field(Key::Recipients, Value::Text(name.to_string()), &parts);
            return k + 1;
        }
        if !block.text().ends_with(['，', '、', ',']) || k - i >= 2 {
            break;
        }
        k += 1;
    }
    i
}

/// A title line without the spaces web pages put in it
/// (`奈曼旗审计局党组 2020年…`); a space between two Latin words stays.
fn title_text(text: &str) -> String {
    let chars: Vec<char> = trimmed(text).chars().collect();
    let mut out = String::new();
    for (n, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = n.checked_sub(1).and_then(|p| chars.get(p));
            let after = chars.get(n + 1);
            let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(before) && latin(after) && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The end of the draft, read backwards: 版记 lines, 附注, 成文日期, 署名,
/// 附件说明. Returns where the body ends (exclusive).
fn tail(blocks: &[Block], start: usize, draft: &mut Draft) -> usize {
    let mut end = blocks.len();
    let at = |end: usize| {
        end.checked_sub(1)
            .filter(|&j| j >= start)
            .and_then(|j| blocks.get(j))
    };
    // 版记: 抄送 and the 印发 line, in either order at the very end.
    while let Some(block) = at(end) {
        let text = block.text();
        let printed = trimmed(&text)
            .strip_suffix("印发")
            .and_then(ending_date)
            .filter(|_| draft.free(&[Key::Printer, Key::PrintDate]));
        if let Some((printer, _, value)) = printed {
            if !printer.is_empty() {
                draft.field(Key::Printer, Value::Text(printer.to_string()), &[block]);
            }
            draft.field(Key::PrintDate, Value::Text(value), &[block]);
            end -= 1;
        } else if let Some(first) = cc_start(blocks, start, end).filter(|_| draft.free(&[Key::Cc]))
        {
            // `抄送：` and the lines its list wrapped onto.
            let parts: Vec<&Block> = blocks.get(first..end).unwrap_or_default().iter().collect();
            let text = join(
                parts
                    .iter()
                    .flat_map(|b| b.lines.iter().map(|l| l.text.as_str())),
            );
            let cc = after_label(&text, "抄送").unwrap_or_default();
            draft.field(Key::Cc, Value::Text(cc.to_string()), &parts);
            end = first;
        } else {
            break;
        }
    }
    // 附注 below the date: in parentheses (or, unbracketed, one short block).
    let note_end = end;
    let mut note = Vec::new();
    while note.len() < 2
        && let Some(block) = at(end)
        && date(&block.text()).is_none()
        && block.text().chars().count() <= 120
    {
        note.insert(0, block);
        end -= 1;
    }
    let Some(date_block) = at(end).filter(|b| date(&b.text()).is_some()) else {
        return attachments(blocks, start, note_end, draft);
    };
    if !note.is_empty() {
        let text = join(
            note.iter()
                .flat_map(|b| b.lines.iter().map(|l| l.text.as_str())),
        );
        let bracketed = text.starts_with(['（', '(']) && text.ends_with(['）', ')']);
        if !bracketed {
            draft.doubts.push(Doubt {
                line: note.first().map_or(0, |b| b.first_no()),
                message: "成文日期之后的文字按附注处理（附注通常加圆括号）".to_string(),
            });
        }
        draft.field(Key::Note, Value::Text(text), &note);
    }
    if let Some((_, value)) = date(&date_block.text()) {
        draft.field(Key::Date, Value::Text(value), &[date_block]);
    }
    end -= 1;
    // 署名: short lines right above the date (several for 联合行文).
    let mut names: Vec<&Block> = Vec::new();
    while names.len() < 4
        && let Some(block) = at(end)
        && block.lines.len() == 1
        && name_like(&block.text(), 30)
        && after_label(&block.text(), "附件").is_none()
        && !closing(&block.text())
    {
        names.insert(0, block);
        end -= 1;
    }
    if !names.is_empty() {
        let list = names
            .iter()
            .flat_map(|b| {
                trimmed(&b.text())
                    .split("  ")
                    .map(trimmed)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        draft.field(Key::Signature, Value::List(list), &names);
    }
    attachments(blocks, start, end, draft)
}

/// The `抄送：` block that the blocks up to `end` belong to: the last one, or
/// one up to three lines above whose list wraps onto them.
fn cc_start(blocks: &[Block], start: usize, end: usize) -> Option<usize> {
    let lowest = start.max(end.saturating_sub(4));
    (lowest..end).rev().find_map(|k| {
        let block = blocks.get(k)?;
        let wrapped = blocks.get(k + 1..end)?.iter().all(|b| !b.blank_before);
        (after_label(&block.text(), "抄送").is_some() && wrapped).then_some(k)
    })
}

/// The closing words of a body (`特此通知`, `妥否，请批示`), often typed
/// without a full stop: short, but no organ's name.
fn closing(text: &str) -> bool {
    let t = trimmed(text);
    [
        "特此", "此致", "敬礼", "妥否", "当否", "以上", "请予", "请批",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

/// 附件说明 at the end of the body: `附件：1.…` and the items after it.
fn attachments(blocks: &[Block], start: usize, end: usize, draft: &mut Draft) -> usize {
    let mut k = end;
    while k > start {
        let Some(block) = blocks.get(k - 1) else {
            break;
        };
        let text = block.text();
        if let Some(first) = after_label(&text, "附件") {
            let parts: Vec<&Block> = blocks.get(k - 1..end).unwrap_or_default().iter().collect();
            let mut items: Vec<String> = Vec::new();
            if !first.is_empty() {
                items.push(first.to_string());
            }
            for b in parts.iter().skip(1) {
                let t = b.text();
                match items.last_mut() {
                    // A long name wrapped onto a line without a number.
                    Some(last) if !starts_with_item_number(&t) => last.push_str(trimmed(&t)),
                    _ => items.push(trimmed(&t).to_string()),
                }
            }
            draft.field(Key::Attachments, Value::List(items), &parts);
            return k - 1;
        }
        // Only numbered items (or their wrapped lines) may stand between.
        if !starts_with_item_number(&text) && k == end {
            break;
        }
        if text.chars().count() > 80 {
            break;
        }
        k -= 1;
    }
    end
}

/// `1.` `2、` `3．` at the start of an attachment item.
fn starts_with_item_number(text: &str) -> bool {
    let t = trimmed(text);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && t.get(digits..)
            .is_some_and(|r| r.starts_with(['.', '、', '．']))
}

/// Headings by their typed numbers (a run-in heading is split off its
/// paragraph), everything else a paragraph.
fn body(blocks: &[Block], draft: &mut Draft) {
    let (mut comma, mut dot) = (0, 0);
    for block in blocks {
        let text = block.text();
        let line = block.first_no();
        let Some(heading) = typed_heading(&text) else {
            if block.lines.len() == 1 && name_like(&text, 30) && !closing(&text) {
                draft.doubts.push(Doubt {
                    line,
                    message: format!(
                        "未能识别这一行（不像标题、署名或正文句子），按正文段落保留：{text}"
                    ),
                });
            }
            draft.body.push(Part::Paragraph { text, line });
            continue;
        };
        if heading.level == 3 {
            if heading.comma {
                comma += 1;
            } else {
                dot += 1;
            }
        }
        let split =
            sentence_end(&text).filter(|&e| !trimmed(text.get(e..).unwrap_or_default()).is_empty());
        match split.and_then(|e| Some((text.get(..e)?, text.get(e..)?))) {
            Some((head, rest)) => {
                draft.body.push(Part::Heading {
                    level: heading.level,
                    text: head.to_string(),
                    line,
                });
                draft.body.push(Part::Paragraph {
                    text: trimmed(rest).to_string(),
                    line,
                });
            }
            None => draft.body.push(Part::Heading {
                level: heading.level,
                text,
                line,
            }),
        }
    }
    draft.comma_numbers = comma > dot;
}

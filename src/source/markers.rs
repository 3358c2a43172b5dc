//! Attachment markers in the body: `<!-- 附件 -->`, `<!-- 附件2 -->`,
//! `<!-- 附件：名称 -->`. An HTML comment prints as nothing in any other
//! Markdown viewer, so the same file still reads well there. Everything
//! after a marker up to the next one (or the end) is that attachment.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::{AttachmentOrigin, BoundAttachment, Located, Meta, SourcePos};

use super::LineIndex;

/// Words that open a marker; the English one mirrors the front-matter keys.
const KEYWORDS: [&str; 2] = ["附件", "attachment"];

/// A marker as written, with absolute byte offsets into the source.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Marker {
    /// Where `<!--` starts.
    pub pos: SourcePos,
    /// `附件2` → 2, with where the number is.
    pub number: Option<(usize, SourcePos)>,
    /// `附件：名称` → 名称.
    pub name: Option<Located<String>>,
}

/// The syntax of one comment's inside: byte ranges relative to it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Syntax {
    number: Option<(usize, usize)>,
    name: Option<(usize, usize)>,
}

/// Reads the inside of a comment (between `<!--` and `-->`); `None` when it
/// is an ordinary comment.
fn syntax(inner: &str) -> Option<Syntax> {
    let lead = inner.len() - inner.trim_start().len();
    let rest = inner.get(lead..)?;
    let keyword = KEYWORDS.iter().find(|k| {
        rest.get(..k.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(k))
    })?;
    let mut at = lead + keyword.len();
    let after = inner.get(at..)?;
    // `attachment 2` needs a space; `附件 2` is a slip worth accepting.
    at += after.len() - after.trim_start().len();
    let digits: String = inner
        .get(at..)?
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    let number = if digits.is_empty() {
        None
    } else {
        let value: usize = digits
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                _ => c,
            })
            .collect::<String>()
            .parse()
            .unwrap_or(usize::MAX);
        let start = at;
        at += digits.len();
        Some((value, start))
    };
    let tail = inner.get(at..)?;
    let trimmed = tail.trim_start();
    at += tail.len() - trimmed.len();
    if trimmed.trim_end().is_empty() {
        return Some(Syntax { number, name: None });
    }
    let colon = trimmed.chars().next().filter(|c| matches!(c, '：' | ':'))?;
    at += colon.len_utf8();
    let name = inner.get(at..)?;
    let start = at + (name.len() - name.trim_start().len());
    let end = at + name.trim_end().len();
    Some(Syntax {
        number,
        name: (end > start).then_some((start, end)),
    })
}

/// The comments of an HTML block: byte ranges of their insides.
fn comments(html: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = html.get(from..).and_then(|r| r.find("<!--")) {
        let start = from + open + 4;
        let end = html
            .get(start..)
            .and_then(|r| r.find("-->"))
            .map_or(html.len(), |e| start + e);
        found.push((start, end));
        from = end + 3;
    }
    found
}

/// The markers in an HTML block that starts at absolute byte `offset`.
pub(super) fn in_html(html: &str, offset: usize, index: &LineIndex) -> Vec<Marker> {
    let mut markers = Vec::new();
    for (start, end) in comments(html) {
        let Some(syntax) = html.get(start..end).and_then(syntax) else {
            continue;
        };
        let at = |rel: usize| index.pos(offset + start + rel);
        let name = syntax.name.and_then(|(s, e)| {
            let text = html.get(start + s..start + e)?;
            Some(Located::new(text.to_string(), at(s)))
        });
        markers.push(Marker {
            pos: index.pos(offset + start - 4),
            number: syntax.number.map(|(n, s)| (n, at(s))),
            name,
        });
    }
    markers
}

/// Whether an inline comment (`<!-- … -->` inside a paragraph) is a marker.
pub(super) fn is_marker(comment: &str) -> bool {
    comments(comment)
        .first()
        .and_then(|&(s, e)| comment.get(s..e))
        .and_then(syntax)
        .is_some()
}

/// Ties each marked part of the body to its item of the 附件 list
/// (§7.3.7: the label's number and the title match 附件说明). `parts` are
/// the blocks after each marker; `lay_out` turns them into blocks and a
/// title with the numbering of `meta`.
pub(super) fn bind<B>(
    file: &Path,
    source: &str,
    meta: &Meta,
    parts: Vec<(Marker, B)>,
    mut lay_out: impl FnMut(B, &mut Meta) -> Vec<crate::model::Block>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<BoundAttachment> {
    let list = &meta.attachments;
    let mut bound = Vec::new();
    let mut taken: Vec<Option<SourcePos>> = vec![None; list.len()];
    let mut next = 0;
    let mut error = |pos: SourcePos, message: String, help: String| {
        diags.push(Diagnostic::error(file, source, pos, message).with_help(help));
    };
    for (marker, blocks) in parts {
        if list.is_empty() {
            error(
                marker.pos,
                "正文中有附件标记，但前置元数据没有 `附件`（附件说明）".to_string(),
                "在前置元数据中列出附件名称，如 `附件: [附件名称]`；正文中的附件按顺序与之对应"
                    .to_string(),
            );
            // One message says it: every later marker has the same cause.
            break;
        }
        let index = match marker.number {
            Some((n, pos)) => {
                if n == 0 || n > list.len() {
                    error(
                        pos,
                        format!("附件说明只列了 {} 个附件，没有附件{n}", list.len()),
                        "在前置元数据 `附件` 中补上这个附件的名称，或改正标记中的序号".to_string(),
                    );
                    continue;
                }
                n - 1
            }
            None => {
                // A marker without a number takes the next item that no
                // file binds.
                while list.get(next).is_some_and(|a| a.file.is_some()) {
                    next += 1;
                }
                if next >= list.len() {
                    error(
                        marker.pos,
                        format!(
                            "正文中附带的附件多于附件说明：前置元数据 `附件` 只列了 {} 个",
                            list.len()
                        ),
                        "在前置元数据 `附件` 中补上这个附件的名称，或删掉多余的附件标记"
                            .to_string(),
                    );
                    continue;
                }
                next
            }
        };
        let number = index + 1;
        let item = &list[index];
        if let Some(bound_file) = &item.file {
            error(
                marker.pos,
                format!(
                    "附件{number}已由文件 `{}` 提供，正文中不能再写一遍",
                    bound_file.value.display()
                ),
                "删掉这个附件标记及其内容，或删去前置元数据中该附件的 `文件`".to_string(),
            );
            continue;
        }
        if let Some(first) = taken[index] {
            error(
                marker.pos,
                format!("附件{number}在第 {} 行已经标出", first.line),
                "每个附件只标一次；另一个附件请写上它自己的序号".to_string(),
            );
            continue;
        }
        let expected = item.printed_name(number);
        if let Some(name) = &marker.name {
            let written = item_name(&name.value);
            if written != expected {
                error(
                    name.pos,
                    format!(
                        "附件标记的名称「{written}」与附件说明第 {number} 项「{expected}」不一致"
                    ),
                    format!(
                        "附件的标题须与附件说明一致：把标记改为 `<!-- 附件：{expected} -->`，或改正前置元数据 `附件` 的第 {number} 项"
                    ),
                );
                continue;
            }
        }
        taken[index] = Some(marker.pos);
        next = index + 1;
        let mut own = Meta {
            numbering: meta.numbering.clone(),
            ..Meta::default()
        };
        let body = lay_out(blocks, &mut own);
        if own.title.is_none() {
            own.title = Some(Located::new(expected.to_string(), item.name.pos));
        }
        bound.push(BoundAttachment {
            meta: own,
            body,
            origin: AttachmentOrigin::Inline(marker.pos),
            index,
        });
    }
    bound
}

/// A name as a marker writes it, compared like the list's.
fn item_name(name: &str) -> &str {
    name.trim().trim_end_matches(|c: char| {
        matches!(c, '。' | '；' | '，' | ';' | ',') || c.is_whitespace()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(inner: &str) -> Option<(Option<usize>, Option<&str>)> {
        let s = syntax(inner)?;
        Some((s.number.map(|(n, _)| n), s.name.map(|(a, b)| &inner[a..b])))
    }

    #[test]
    fn marker_grammar() {
        assert_eq!(read(" 附件 "), Some((None, None)));
        assert_eq!(read("附件2"), Some((Some(2), None)));
        assert_eq!(read(" 附件１２ "), Some((Some(12), None)));
        assert_eq!(read(" 附件：实施方案 "), Some((None, Some("实施方案"))));
        assert_eq!(read("附件3: 名单"), Some((Some(3), Some("名单"))));
        assert_eq!(read(" Attachment 2: plan "), Some((Some(2), Some("plan"))));
        assert_eq!(read("附件："), Some((None, None)));
    }

    #[test]
    fn ordinary_comments_are_not_markers() {
        assert_eq!(read(" 附件还要补充 "), None);
        assert_eq!(read(" 待办 "), None);
        assert_eq!(read(" attachments are pending "), None);
        assert_eq!(read(""), None);
        assert!(!is_marker("<!-- 注释 -->"));
        assert!(is_marker("<!-- 附件 -->"));
    }

    #[test]
    fn markers_of_an_html_block_point_into_the_source() {
        let source = "正文\n\n<!-- 附件2：名单 -->\n";
        let index = LineIndex::new(source);
        let offset = source.find("<!--").unwrap();
        let markers = in_html(&source[offset..], offset, &index);
        assert_eq!(markers.len(), 1);
        let m = &markers[0];
        assert_eq!(m.pos, SourcePos { line: 3, column: 1 });
        assert_eq!(m.number, Some((2, SourcePos { line: 3, column: 8 })));
        let name = m.name.as_ref().unwrap();
        assert_eq!(name.value, "名单");
        assert_eq!(
            name.pos,
            SourcePos {
                line: 3,
                column: 10
            }
        );
    }
}

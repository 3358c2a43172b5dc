//! The read draft → our source format: YAML front matter + Markdown body.
//!
//! Headings are written with `#` … `####` and the number as typed, so the
//! source stage recognises the number and the run-in rule applies (a heading
//! sentence ending in `。` runs into the paragraph after it). A front matter
//! value that does not show the draft line as written (a date in Chinese
//! numerals, a 发文字号 and 签发人 on one line) carries the line in a comment,
//! so no character of the draft is lost.

use super::classify::{Draft, Field, Key, Part, Value};

/// Writes the Markdown source; `name` is the draft's file name, for the
/// comment on top.
pub(super) fn markdown(draft: &Draft, name: &str) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!(
        "# 由 gongwen import 从 {} 导入，请核对后再排版。\n",
        comment_text(name)
    ));
    // A line split into several keys (发文字号 and 签发人) is quoted once.
    let mut quoted: Vec<u32> = Vec::new();
    for field in &draft.fields {
        let entry = entry(field);
        for (no, text) in &field.source {
            if !shows(&entry, &original(field.key, text)) && !quoted.contains(no) {
                out.push_str(&format!(
                    "# 原文第 {no} 行：{}\n",
                    comment_text(text.trim())
                ));
                quoted.push(*no);
            }
        }
        out.push_str(&entry);
    }
    if draft.comma_numbers {
        out.push_str("# 原文第三层序号写作“1、”，按原文保留（标准写法为“1.”）。\n");
        out.push_str("编号: [一、, （一）, 1、, （1）]\n");
    }
    out.push_str("---\n");
    for part in &draft.body {
        out.push('\n');
        match part {
            Part::Heading { level, text, .. } => {
                for _ in 0..*level {
                    out.push('#');
                }
                out.push(' ');
                out.push_str(&inline(text));
            }
            Part::Paragraph { text, .. } => out.push_str(&paragraph(text)),
        }
        out.push('\n');
    }
    out
}

/// The text of a draft line that the field's entry must show: the 主送机关
/// line without the colon that ends it (layout prints it).
fn original(key: Key, text: &str) -> String {
    let text = text.trim();
    match key {
        Key::Recipients => text.trim_end_matches(['：', ':']).to_string(),
        _ => text.to_string(),
    }
}

/// Does `entry` show every character of `line` as written? Spaces and the
/// marks of YAML syntax do not count; a full-width colon after a label
/// (`抄送：`) is the key's own colon.
fn shows(entry: &str, line: &str) -> bool {
    normalize(entry).contains(&normalize(line))
}

/// The characters of text that carry content, for [`shows`].
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"#-\\\"'[]>*_`".contains(*c))
        .map(|c| if c == '：' { ':' } else { c })
        .collect()
}

/// One front matter entry (`键: 值` or a block list), ending in a newline.
fn entry(field: &Field) -> String {
    let key = field.key.name();
    match &field.value {
        Value::Text(text) => format!("{key}: {}\n", scalar(text)),
        Value::List(items) => match items.as_slice() {
            // One name reads best as the sample writes it: `发文机关署名: 某局`.
            [one] => format!("{key}: {}\n", scalar(one)),
            _ => {
                let mut out = format!("{key}:\n");
                for item in items {
                    out.push_str(&format!("  - {}\n", scalar(item)));
                }
                out
            }
        },
    }
}

/// Text for a YAML comment: YAML allows no control characters anywhere,
/// comments included (a line break would also end the comment early), so
/// they become spaces, as in quoted scalars.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if yaml_printable(c) && c != '\t' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// YAML 1.2's printable characters (§5.1): no C0/C1 controls but tab, line
/// ends and NEL, and not U+FFFE/U+FFFF; nor a byte order mark, which YAML
/// allows only at the start of a stream.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{85}')
        || !(c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{feff}'))
}

/// A YAML scalar: plain when YAML reads it back as the same string, else
/// double-quoted.
fn scalar(text: &str) -> String {
    let first = text.chars().next();
    let plain = first.is_some_and(|c| !"-?:,[]{}#&*!|>'\"%@`".contains(c) && !c.is_whitespace())
        && !text.ends_with(char::is_whitespace)
        && !text.ends_with(':')
        && !text.contains(": ")
        && !text.contains(" #")
        && text.chars().all(|c| yaml_printable(c) && !c.is_control())
        && !looks_typed(text);
    if plain {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || !yaml_printable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Would YAML read the plain scalar as a number, a boolean or null?
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
    ) || text.parse::<f64>().is_ok()
        || text.starts_with("0x")
}

/// Body text with the characters Markdown would read as markup escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // `~` would open a fence (`~~~`) or strike text through; `|` a table.
        if "\\`*_[]<>&#~|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph: [`inline`], and a line start that would begin a list, a
/// quote or a heading underline is escaped too.
fn paragraph(text: &str) -> String {
    let escaped = inline(text);
    if escaped.starts_with(['-', '+', '=']) {
        return format!("\\{escaped}");
    }
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = escaped.get(digits..)
        && rest.starts_with(['.', ')'])
    {
        return format!("{}\\{rest}", escaped.get(..digits).unwrap_or_default());
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("中共奈曼旗审计局党组"), "中共奈曼旗审计局党组");
        assert_eq!(scalar("2020-12-28"), "2020-12-28");
        assert_eq!(scalar("123"), "\"123\"");
        assert_eq!(scalar("关于: 某事"), "\"关于: 某事\"");
        assert_eq!(scalar("[草稿]通知"), "\"[草稿]通知\"");
        assert_eq!(scalar("a\"b"), "a\"b");
        assert_eq!(scalar("#1 \"x\""), "\"#1 \\\"x\\\"\"");
    }

    /// Found by the `import` fuzz target: a control character in a line
    /// quoted as a comment made the front matter unreadable YAML.
    #[test]
    fn control_characters_never_reach_a_comment() {
        assert_eq!(
            comment_text("联系人：李\u{18}DO：123"),
            "联系人：李 DO：123"
        );
        let draft = "关于开展检查的通知\n各股室：\n请认真执行。\n奈曼旗审计局\n二〇二一年一月五日\n（联系人：李\u{18}DO，电话：1234567）\n";
        let imported = crate::import::import_text(std::path::Path::new("d.txt"), draft);
        crate::source::parse(std::path::Path::new("d.md"), &imported.markdown)
            .unwrap_or_else(|e| panic!("{e}\n{}", imported.markdown));
    }

    /// Found by the `import` fuzz target: U+FFFF, which YAML does not allow
    /// even quoted, in a title.
    #[test]
    fn noncharacters_never_reach_the_front_matter() {
        assert_eq!(scalar("标题\u{ffff}"), "\"标题 \"");
        // …and a byte order mark inside the text (also found by it).
        assert_eq!(scalar("\u{feff}"), "\" \"");
        let draft = "￥\u{ffff}\u{ffff}关于开展\u{feff}检查的通知\n各股室：\n请认真执行。\n奈曼旗审计局\n2021年1月5日\n";
        let imported = crate::import::import_text(std::path::Path::new("d.txt"), draft);
        crate::source::parse(std::path::Path::new("d.md"), &imported.markdown)
            .unwrap_or_else(|e| panic!("{e}\n{}", imported.markdown));
    }

    /// Found by the `import` fuzz target: a line of `~` became a code fence.
    #[test]
    fn tildes_and_pipes_are_text() {
        let draft = "关于开展检查的通知\n各股室：\n~~~~~~   2.审计项目计划编制说明\n甲|乙\n~~删除~~\n奈曼旗审计局\n2021年1月5日\n";
        let imported = crate::import::import_text(std::path::Path::new("d.txt"), draft);
        crate::source::parse(std::path::Path::new("d.md"), &imported.markdown)
            .unwrap_or_else(|e| panic!("{e}\n{}", imported.markdown));
        assert!(inline("~~~").eq("\\~\\~\\~"));
        assert!(inline("甲|乙").eq("甲\\|乙"));
    }

    #[test]
    fn markdown_markup_is_escaped() {
        assert_eq!(paragraph("a*b*c"), "a\\*b\\*c");
        assert_eq!(paragraph("- 一项"), "\\- 一项");
        assert_eq!(paragraph("2020) 年"), "2020\\) 年");
        assert_eq!(inline("C#"), "C\\#");
    }

    #[test]
    fn shows_ignores_spaces_and_yaml_marks() {
        assert!(shows("抄送:\n  - 甲，乙。\n", "抄送：甲，乙。"));
        assert!(!shows(
            "成文日期: 2020年12月28日\n",
            "二〇二〇年十二月二十八日"
        ));
    }
}

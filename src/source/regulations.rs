//! Regulations (办法、规定、规则) written in 章 and 条: a heading that
//! starts with `第一章` is a chapter title, a paragraph that starts with
//! `第一条` is an article. The author types the labels (as every regulation
//! is drafted); they are kept as written and their sequence is checked.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::{Block, Division, Run};

use super::numbering::{chinese_numeral, parse_chinese_numeral};
use super::settle::{strip_prefix_bytes, trim_start};

/// Which division a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Chapter,
    Article,
}

impl Kind {
    fn word(self) -> char {
        match self {
            Kind::Chapter => '章',
            Kind::Article => '条',
        }
    }
}

/// A label at the start of a text: its number and its length in bytes.
fn label(text: &str, kind: Kind) -> Option<(u32, usize)> {
    let rest = text.strip_prefix('第')?;
    let digits: usize = rest
        .chars()
        .take_while(|&c| is_numeral_char(c))
        .map(char::len_utf8)
        .sum();
    let value = numeral_value(rest.get(..digits)?)?;
    rest.get(digits..)?.strip_prefix(kind.word())?;
    Some((value, '第'.len_utf8() + digits + kind.word().len_utf8()))
}

fn is_numeral_char(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零'
    )
}

/// 一 … 九百九十九 as regulations write them (一百零一, 一百一十, 一百二十三).
pub(crate) fn numeral_value(text: &str) -> Option<u32> {
    let Some((hundreds, rest)) = text.split_once('百') else {
        return parse_chinese_numeral(text);
    };
    let hundreds = parse_chinese_numeral(hundreds).filter(|h| *h <= 9)?;
    let rest = if rest.is_empty() {
        0
    } else if let Some(ones) = rest.strip_prefix('零') {
        parse_chinese_numeral(ones).filter(|o| *o <= 9)?
    } else {
        // `一百一十`, not the colloquial `一百一` (which means 110 too, but
        // is not how a numbered 条 is written).
        parse_chinese_numeral(rest).filter(|r| *r >= 10 && !rest.starts_with('十'))?
    };
    Some(hundreds * 100 + rest)
}

/// The inverse of [`numeral_value`]: 1..=999 in Chinese numerals.
pub(crate) fn numeral(n: u32) -> String {
    if !(100..1000).contains(&n) {
        return chinese_numeral(n);
    }
    let mut out = chinese_numeral(n / 100);
    out.push('百');
    match n % 100 {
        0 => {}
        r @ 1..=9 => {
            out.push('零');
            out.push_str(&chinese_numeral(r));
        }
        r @ 10..=19 => {
            out.push('一');
            out.push_str(&chinese_numeral(r));
        }
        r => out.push_str(&chinese_numeral(r)),
    }
    out
}

/// Takes the label off the start of `runs` (already trimmed), with the
/// spaces after it, when it is one of `kind`.
fn division(runs: &mut Vec<Run>, kind: Kind) -> Option<Division> {
    let first = runs.first_mut()?;
    let (value, len) = label(&first.text, kind)?;
    let label = first.text.get(..len)?.to_string();
    let pos = first.pos;
    strip_prefix_bytes(first, len);
    trim_start(runs);
    Some(Division {
        label,
        value,
        text: std::mem::take(runs),
        pos,
    })
}

/// Is a heading's text (leading blanks dropped) a chapter title?
pub(super) fn is_chapter(runs: &[Run]) -> bool {
    runs.first().is_some_and(|r| {
        let text = r
            .text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        label(text, Kind::Chapter).is_some()
    })
}

/// A heading of any level whose text starts with `第…章` is a chapter.
pub(super) fn chapter(runs: &mut Vec<Run>) -> Option<Block> {
    division(runs, Kind::Chapter).map(Block::Chapter)
}

/// A paragraph that starts with `第…条` is an article; any other stays a
/// paragraph.
pub(super) fn paragraph(mut runs: Vec<Run>, pos: crate::model::SourcePos) -> Block {
    match division(&mut runs, Kind::Article) {
        Some(article) => Block::Article(article),
        None => Block::Paragraph { runs, pos },
    }
}

/// Warns at each 章 and 条 whose number does not follow the one before
/// (第一条, 第二条, 第四条): 条 run on through the chapters, 章 from 一.
pub(super) fn check(file: &Path, source: &str, blocks: &[Block], diags: &mut Vec<Diagnostic>) {
    let mut last = [0u32; 2];
    for block in blocks {
        let (division, kind) = match block {
            Block::Chapter(d) => (d, Kind::Chapter),
            Block::Article(d) => (d, Kind::Article),
            _ => continue,
        };
        let slot = usize::from(kind == Kind::Article);
        let expected = last[slot].saturating_add(1);
        if division.value != expected {
            let word = kind.word();
            let want = format!("第{}{word}", numeral(expected));
            let message = if division.value == last[slot] {
                format!("{}重复：这里应为{want}", division.label)
            } else {
                format!("{}的序号不连续：这里应为{want}", division.label)
            };
            let help = format!("{word}的序号从第一{word}起依次排列，不跳号、不重号；请改正序号");
            diags.push(
                Diagnostic::error(file, source, division.pos, message)
                    .with_help(help)
                    .warning(),
            );
        }
        // The next is checked against what is written, so that one slip
        // gives one warning, not one for every 条 after it.
        last[slot] = division.value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_to_nine_hundred_ninety_nine() {
        for n in 1..1000 {
            assert_eq!(numeral_value(&numeral(n)), Some(n), "{n}");
        }
        assert_eq!(numeral(101), "一百零一");
        assert_eq!(numeral(110), "一百一十");
        assert_eq!(numeral(123), "一百二十三");
        assert_eq!(numeral_value("一百一"), None);
        assert_eq!(numeral_value("百"), None);
        assert_eq!(numeral_value("一百零"), None);
    }

    #[test]
    fn chapters_are_not_numbered_headings_and_articles_keep_their_text() {
        let md = "# 第一章 总则\n\n## 目标\n\n第一条　为了规范。\n\n第三条规定的情形。\n";
        let doc = crate::source::parse(Path::new("t.md"), md).unwrap_or_else(|e| panic!("{e}"));
        // A leading `# 第一章` is not taken for the title.
        assert_eq!(doc.meta.title, None);
        let Some(Block::Chapter(chapter)) = doc.body.first() else {
            panic!("{:?}", doc.body.first());
        };
        assert_eq!((chapter.label.as_str(), chapter.value), ("第一章", 1));
        assert_eq!(chapter.text[0].text, "总则");
        // The heading after it is the first of its level.
        let Some(Block::Heading(heading)) = doc.body.get(1) else {
            panic!("{:?}", doc.body.get(1));
        };
        assert_eq!(heading.number, "（一）");
        let Some(Block::Article(article)) = doc.body.get(2) else {
            panic!("{:?}", doc.body.get(2));
        };
        assert_eq!(article.text[0].text, "为了规范。");
        assert_eq!(article.text[0].pos.column, 5);
        // 第三条 after 第一条: one warning, at the label.
        assert_eq!(doc.warnings.len(), 1);
        assert_eq!(doc.warnings[0].pos.map(|p| p.line), Some(7));
    }

    #[test]
    fn labels() {
        assert_eq!(label("第一条　为了", Kind::Article), Some((1, 9)));
        assert_eq!(label("第十二条规定", Kind::Article), Some((12, 12)));
        assert_eq!(label("第三章 附则", Kind::Chapter), Some((3, 9)));
        assert_eq!(label("第三章 附则", Kind::Article), None);
        assert_eq!(label("第一批试点", Kind::Article), None);
        assert_eq!(label("第条", Kind::Article), None);
    }
}

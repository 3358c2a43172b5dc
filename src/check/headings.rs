//! 结构层次序数 (GB/T 9704 §7.3.3): the numbers authors type on headings —
//! in sequence, in the form of their level, with nothing added.

use crate::model::{Block, Counter, Heading, NumberStyle};
use crate::source::numbering::{chinese_numeral, parse_chinese_numeral, render};

use super::text::Text;
use super::{Cx, rules};

const LEVEL_NAMES: [&str; 4] = ["第一层", "第二层", "第三层", "第四层"];

fn level_name(level: u8) -> &'static str {
    LEVEL_NAMES
        .get(usize::from(level.saturating_sub(1)))
        .copied()
        .unwrap_or("第四层")
}

/// A typed number taken apart: `（` + 一 + `）`.
struct Typed {
    prefix: String,
    counter: Counter,
    /// Characters of the counter digits within the typed text.
    digits: std::ops::Range<usize>,
    value: u32,
    suffix: String,
}

fn split(typed: &str) -> Option<Typed> {
    let chars: Vec<char> = typed.chars().collect();
    let start = chars
        .iter()
        .position(|&c| c.is_ascii_digit() || is_chinese_digit(c))?;
    let counter = if chars.get(start).is_some_and(char::is_ascii_digit) {
        Counter::Arabic
    } else {
        Counter::ChineseNumeral
    };
    let len = chars
        .get(start..)?
        .iter()
        .take_while(|&&c| match counter {
            Counter::Arabic => c.is_ascii_digit(),
            Counter::ChineseNumeral => is_chinese_digit(c),
        })
        .count();
    let digits: String = chars.get(start..start + len)?.iter().collect();
    let value = match counter {
        Counter::Arabic => digits.parse().ok()?,
        Counter::ChineseNumeral => parse_chinese_numeral(&digits)?,
    };
    Some(Typed {
        prefix: chars.get(..start)?.iter().collect(),
        counter,
        digits: start..start + len,
        value,
        suffix: chars.get(start + len..)?.iter().collect(),
    })
}

fn is_chinese_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Half-width brackets and the full-width dot read as the full-width forms,
/// so that `(一)` is recognised as the second level written with the wrong
/// brackets rather than as a level of its own.
fn normal(s: &str) -> String {
    s.replace('(', "（").replace(')', "）").replace('．', ".")
}

fn same_style(t: &Typed, style: &NumberStyle) -> bool {
    t.counter == style.counter && t.prefix == style.prefix && t.suffix == style.suffix
}

fn same_shape(t: &Typed, style: &NumberStyle) -> bool {
    t.counter == style.counter && normal(&t.prefix) == normal(&style.prefix)
}

/// The heading rules over one body (the 正文, or one bound attachment).
pub(super) fn check(cx: &mut Cx, blocks: &[Block], numbering: &[NumberStyle; 4]) {
    let mut counters = [0u32; 4];
    let mut last_level = 0u8;
    for block in blocks {
        let Block::Heading(h) = block else { continue };
        let index = usize::from(h.level.saturating_sub(1)).min(3);
        let expected = counters.get(index).map_or(1, |c| c + 1);
        if h.level > last_level + 1 {
            skip(cx, h, last_level);
        }
        last_level = h.level;
        match &h.typed {
            Some(typed) => typed_number(cx, h, typed, expected, numbering, index),
            None => untyped(cx, h, numbering, index),
        }
        extra_punctuation(cx, h);
        if let Some(c) = counters.get_mut(index) {
            *c = expected;
        }
        for deeper in counters.iter_mut().skip(index + 1) {
            *deeper = 0;
        }
    }
}

fn skip(cx: &mut Cx, h: &Heading, last: u8) {
    let message = if last == 0 {
        format!(
            "正文的第一个标题是{}（{}），前面没有{}标题；结构层次应从第一层「一、」开始",
            level_name(h.level),
            "#".repeat(usize::from(h.level)),
            level_name(h.level - 1)
        )
    } else {
        format!(
            "{}标题紧接在{}标题之后，跳过了{}（GB/T 9704 §7.3.3 的层次为 一、（一）1.（1））",
            level_name(h.level),
            level_name(last),
            level_name(last + 1)
        )
    };
    let pos = h.typed.as_ref().map_or(h.pos, |t| t.pos);
    cx.report_edits(&rules::HEADING_SKIP, pos, message, None)
        .help = Some("层次较少时可以越级使用序数，但请确认 `#` 的个数是否写对".to_string());
}

fn typed_number(
    cx: &mut Cx,
    h: &Heading,
    typed: &crate::model::Located<String>,
    expected: u32,
    numbering: &[NumberStyle; 4],
    index: usize,
) {
    let text = cx.src().value(typed);
    let text = Text {
        yaml: false,
        ..text
    };
    let Some(t) = split(&typed.value) else { return };
    let Some(style) = numbering.get(index) else {
        return;
    };
    // Written in another level's form: the `#` count or the number is wrong.
    let other = numbering.iter().enumerate().find(|(k, s)| {
        *k != index && (same_style(&t, s) || same_shape(&t, s)) && !same_shape(&t, style)
    });
    if let Some((k, _)) = other {
        let message = format!(
            "序号 `{}` 是{}的写法，而这个标题是{}（`{}`），将印作 `{}`",
            typed.value,
            LEVEL_NAMES.get(k).copied().unwrap_or_default(),
            level_name(h.level),
            "#".repeat(usize::from(h.level)),
            render(style, expected)
        );
        cx.report(&rules::HEADING_LEVEL, &text, 0, message, None)
            .help = Some(format!(
            "若它是{}标题，请写 {} 个 `#`；否则请改用本层的序号 `{}`",
            LEVEL_NAMES.get(k).copied().unwrap_or_default(),
            k + 1,
            render(style, 1)
        ));
        return;
    }
    if t.value != expected {
        let what = if t.value < expected {
            "重号"
        } else {
            "跳号"
        };
        let digits = match t.counter {
            Counter::Arabic => expected.to_string(),
            Counter::ChineseNumeral => chinese_numeral(expected),
        };
        let message = format!(
            "{}标题序号{what}：这里写的是 `{}`，按顺序应为 `{}{digits}{}`",
            level_name(h.level),
            typed.value,
            t.prefix,
            t.suffix
        );
        cx.report(
            &rules::HEADING_SEQUENCE,
            &text,
            t.digits.start,
            message,
            Some((t.digits.clone(), digits)),
        );
    }
    // Same counter kind, other marks: `1、` for `1.`, `(一)` for `（一）`.
    if !same_style(&t, style) && t.counter == style.counter {
        let wanted = render(style, t.value);
        let message = format!(
            "{}标题的序号应写作 `{wanted}`，这里是 `{}`（排版按 `{}` 印出）",
            level_name(h.level),
            typed.value,
            render(style, 1)
        );
        let n = text.len();
        cx.report(
            &rules::HEADING_STYLE,
            &text,
            0,
            message,
            Some((0..n, wanted)),
        )
        .help = Some("若本机关惯用其他写法，可在前置元数据中用 `编号` 设定各层样式".to_string());
    }
}

/// A number the source stage could not recognise (`一.` `1，`) stays in the
/// text and is printed after the automatic number: `一、一.总体要求`.
fn untyped(cx: &mut Cx, h: &Heading, numbering: &[NumberStyle; 4], index: usize) {
    let text = cx.src().runs(&h.text);
    let chars: Vec<char> = text.chars.iter().map(|ch| ch.c).collect();
    let (open, start) = match chars.first() {
        Some('（' | '(') => (1, 1),
        _ => (0, 0),
    };
    let len = chars
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| is_chinese_digit(c) || c.is_ascii_digit())
        .count();
    if len == 0 {
        return;
    }
    let digits: String = chars
        .get(start..start + len)
        .unwrap_or_default()
        .iter()
        .collect();
    let value = if digits.chars().all(|c| c.is_ascii_digit()) {
        digits.parse::<u32>().ok().filter(|_| len <= 2)
    } else {
        parse_chinese_numeral(&digits)
    };
    let Some(value) = value else { return };
    let mut end = start + len;
    if open == 1 && !matches!(chars.get(end), Some('）' | ')')) {
        return;
    }
    end += open;
    let Some(&sep) = chars.get(end) else { return };
    let separator = matches!(
        sep,
        '.' | '．' | '，' | ',' | '：' | ':' | '、' | ' ' | '\u{3000}'
    );
    let next_is_text = chars.get(end + 1).is_some_and(|c| !c.is_ascii_digit());
    if !(separator && next_is_text) {
        return;
    }
    let mut cut = end + 1;
    while matches!(chars.get(cut), Some(' ' | '\u{3000}')) {
        cut += 1;
    }
    let Some(style) = numbering.get(index) else {
        return;
    };
    let wanted = render(style, value);
    let written: String = chars.get(..end + 1).unwrap_or_default().iter().collect();
    let message = format!(
        "无法识别序号 `{}`，它会作为标题文字印在自动序号之后（如 `{}{}`）；{}标题的序号应写作 `{wanted}`",
        written.trim_end(),
        render(style, value),
        written.trim_end(),
        level_name(h.level)
    );
    cx.report(
        &rules::HEADING_NUMBER_FORM,
        &text,
        0,
        message,
        Some((0..cut, wanted)),
    );
}

/// `（一）、` `1.、`: a mark after a recognised number.
fn extra_punctuation(cx: &mut Cx, h: &Heading) {
    let Some(typed) = &h.typed else { return };
    let text = cx.src().runs(&h.text);
    let Some(c) = text.get(0) else { return };
    if !matches!(c, '、' | '，' | ',' | '.' | '．' | '：' | ':' | '。') {
        return;
    }
    let mut end = 1;
    while matches!(text.get(end), Some(' ' | '\u{3000}')) {
        end += 1;
    }
    let message = format!(
        "序号 `{}` 后不再加标点，`{c}` 会原样印出（GB/T 9704 §7.3.3：一、（一）1.（1））",
        typed.value
    );
    cx.report(
        &rules::HEADING_EXTRA_PUNCT,
        &text,
        0,
        message,
        Some((0..end, String::new())),
    );
}

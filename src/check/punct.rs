//! GB/T 15834-2011 标点符号用法 in Chinese text: full-width marks, curly
//! quotes in pairs, `……` and `——`, half-width digits, no 顿号 between
//! quoted items, and dates without zero padding.
//!
//! A half-width mark is Chinese punctuation when a Chinese character (or
//! Chinese mark) stands next to it, spaces aside. Latin-only stretches
//! (`GB/T 9704-2012`, `e.g.`), numbers (`3.5`, `3,000`, `10:30`) and
//! addresses (`https://…`, `a@b.cn`) are left alone.

use super::text::Text;
use super::{Cx, Fix, rules};

/// A Chinese character (汉字, 〇).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '〇')
}

/// A Chinese (full-width) punctuation mark.
fn is_chinese_mark(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// A Chinese numeral digit (一 … 十, 〇): `一—三` is a range.
fn is_han_numeral(c: char) -> bool {
    "一二三四五六七八九十〇".contains(c)
}

fn chinese(c: char) -> bool {
    is_han(c) || is_chinese_mark(c)
}

fn neutral(c: char) -> bool {
    matches!(c, ' ' | '"' | '\'')
}

/// The characters of a text with what each one's neighbours are.
struct Scan<'t> {
    text: &'t Text,
    chars: Vec<char>,
    /// Characters inside an address (URL, e-mail): never touched.
    address: Vec<bool>,
    /// Characters some rule here already took.
    used: Vec<bool>,
}

impl Scan<'_> {
    /// The nearest character before `i` that is not an ASCII space or a
    /// straight quote (which says nothing of the language around it).
    fn before(&self, i: usize) -> Option<char> {
        self.chars
            .get(..i)?
            .iter()
            .rev()
            .find(|&&c| !neutral(c))
            .copied()
    }

    /// The nearest character from `i` on that is not an ASCII space or a
    /// straight quote.
    fn after(&self, i: usize) -> Option<char> {
        self.chars.get(i..)?.iter().find(|&&c| !neutral(c)).copied()
    }

    /// Is the stretch `start..end` set in Chinese text?
    fn in_chinese(&self, start: usize, end: usize) -> bool {
        self.before(start).is_some_and(chinese) || self.after(end).is_some_and(chinese)
    }

    fn free(&self, range: std::ops::Range<usize>) -> bool {
        range.clone().all(|i| {
            !self.used.get(i).copied().unwrap_or(true)
                && !self.address.get(i).copied().unwrap_or(true)
        })
    }

    fn take(&mut self, range: std::ops::Range<usize>) {
        for i in range {
            if let Some(u) = self.used.get_mut(i) {
                *u = true;
            }
        }
    }

    /// The length of the run of `c` (or of any of `set`) from `i`.
    fn run(&self, i: usize, set: &[char]) -> usize {
        self.chars
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| set.contains(c))
            .count()
    }
}

/// Marks URL and e-mail characters.
fn addresses(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if !chars.get(i).is_some_and(|c| c.is_ascii_graphic()) {
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&k| !chars.get(k).is_some_and(|c| c.is_ascii_graphic()))
            .unwrap_or(chars.len());
        let word: String = chars.get(i..end).unwrap_or_default().iter().collect();
        let lower = word.to_ascii_lowercase();
        if lower.contains("://")
            || lower.starts_with("www.")
            || (word.contains('@') && word.contains('.'))
        {
            for m in mask.get_mut(i..end).unwrap_or_default() {
                *m = true;
            }
        }
        i = end;
    }
    mask
}

/// Every punctuation rule over one text.
pub(super) fn check(cx: &mut Cx, text: &Text) {
    let chars: Vec<char> = text.chars.iter().map(|ch| ch.c).collect();
    let mut scan = Scan {
        text,
        address: addresses(&chars),
        used: text
            .chars
            .iter()
            .map(|ch| cx.is_flagged(ch.offset))
            .collect(),
        chars,
    };
    ellipses_and_dashes(cx, &mut scan);
    quotes(cx, &mut scan);
    brackets(cx, &mut scan);
    single_marks(cx, &mut scan);
    digits(cx, &mut scan);
    serial_dun(cx, &mut scan);
    padded_dates(cx, &mut scan);
}

fn ellipses_and_dashes(cx: &mut Cx, scan: &mut Scan) {
    let mut i = 0;
    while i < scan.chars.len() {
        let c = scan.chars.get(i).copied().unwrap_or(' ');
        let (len, rule, right, name) = match c {
            '.' => (scan.run(i, &['.']), &rules::PUNCT_ELLIPSIS, "……", "省略号"),
            '。' => (scan.run(i, &['。']), &rules::PUNCT_ELLIPSIS, "……", "省略号"),
            '…' => (scan.run(i, &['…']), &rules::PUNCT_ELLIPSIS, "……", "省略号"),
            '·' => (scan.run(i, &['·']), &rules::PUNCT_ELLIPSIS, "……", "省略号"),
            '-' => (scan.run(i, &['-']), &rules::PUNCT_DASH, "——", "破折号"),
            '—' => (scan.run(i, &['—']), &rules::PUNCT_DASH, "——", "破折号"),
            '－' => (scan.run(i, &['－']), &rules::PUNCT_DASH, "——", "破折号"),
            _ => (1, &rules::PUNCT_ELLIPSIS, "", ""),
        };
        let wrong = match c {
            '.' | '。' | '·' => len >= 3,
            '…' => len != 2,
            '-' => len >= 2,
            '—' => len != 2,
            '－' => len >= 1,
            _ => false,
        };
        // Between numbers a dash is a connector (5月—6月, 2020-2021), not a
        // 破折号: GB/T 15834 §4.13 allows `—` `-` `～` there.
        let dash = matches!(c, '-' | '—' | '－');
        let numbers = dash
            && (scan
                .before(i)
                .is_some_and(|b| b.is_ascii_digit() || is_han_numeral(b))
                || scan
                    .after(i + len)
                    .is_some_and(|a| a.is_ascii_digit() || is_han_numeral(a)));
        if wrong && !numbers && scan.free(i..i + len) && scan.in_chinese(i, i + len) {
            let written: String = scan
                .chars
                .get(i..i + len)
                .unwrap_or_default()
                .iter()
                .collect();
            let clause = if right == "……" { "4.11" } else { "4.10" };
            let message =
                format!("{name}应写作 `{right}`，这里是 `{written}`（GB/T 15834 §{clause}）");
            scan.take(i..i + len);
            cx.report(
                rule,
                scan.text,
                i,
                message,
                Some((i..i + len, right.to_string())),
            );
        }
        i += len.max(1);
    }
}

/// Straight quotes in Chinese text become curly ones, opening and closing in
/// turn (curly quotes already typed count in the turn).
fn quotes(cx: &mut Cx, scan: &mut Scan) {
    let mut open_double = false;
    let mut open_single = false;
    for i in 0..scan.chars.len() {
        let c = scan.chars.get(i).copied().unwrap_or(' ');
        let (open, left, right) = match c {
            '“' => {
                open_double = true;
                continue;
            }
            '”' => {
                open_double = false;
                continue;
            }
            '‘' => {
                open_single = true;
                continue;
            }
            '’' => {
                open_single = false;
                continue;
            }
            '"' => (&mut open_double, '“', '”'),
            '\'' => (&mut open_single, '‘', '’'),
            _ => continue,
        };
        let apostrophe = c == '\''
            && scan
                .chars
                .get(i.wrapping_sub(1))
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scan
                .chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic());
        let chinese_here = scan.in_chinese(i, i + 1);
        let wanted = if *open { right } else { left };
        *open = !*open;
        if apostrophe || !chinese_here || !scan.free(i..i + 1) {
            continue;
        }
        let kind = if c == '"' { "双引号" } else { "单引号" };
        let message = format!(
            "中文中的{kind}应使用全角弯引号 `{left}{right}`，这里是直引号 `{c}`，应为 `{wanted}`（GB/T 15834 §4.8）"
        );
        scan.take(i..i + 1);
        cx.report(
            &rules::PUNCT_QUOTES,
            scan.text,
            i,
            message,
            Some((i..i + 1, wanted.to_string())),
        );
    }
}

/// Round brackets: a pair with Chinese inside or around becomes `（）`.
fn brackets(cx: &mut Cx, scan: &mut Scan) {
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (i, &c) in scan.chars.iter().enumerate() {
        match c {
            '(' | '（' => stack.push(i),
            ')' | '）' => pairs.push((stack.pop(), Some(i))),
            _ => {}
        }
    }
    pairs.extend(stack.into_iter().map(|o| (Some(o), None)));
    for (open, close) in pairs {
        let half = |i: Option<usize>| i.filter(|&i| matches!(scan.chars.get(i), Some('(' | ')')));
        let halves: Vec<usize> = [half(open), half(close)].into_iter().flatten().collect();
        let Some(&first) = halves.first() else {
            continue;
        };
        let mixed = halves.len() == 1 && open.is_some() && close.is_some();
        let around = |i: usize| scan.in_chinese(i, i + 1);
        let chinese_pair = mixed || open.is_some_and(around) || close.is_some_and(around);
        if !chinese_pair || !halves.iter().all(|&i| scan.free(i..i + 1)) {
            continue;
        }
        // A space typed between Latin text and a half-width bracket has no
        // place beside a full-width one: it goes with the bracket.
        let edits: Option<Vec<_>> = halves
            .iter()
            .map(|&i| {
                let (mut start, mut end) = (i, i + 1);
                let to = if scan.chars.get(i) == Some(&'(') {
                    while start > 0 && scan.chars.get(start - 1) == Some(&' ') {
                        start -= 1;
                    }
                    "（"
                } else {
                    while scan.chars.get(end) == Some(&' ') {
                        end += 1;
                    }
                    "）"
                };
                cx.src().edit(scan.text, start..end, to)
            })
            .collect();
        let from_to = |to_full: bool| -> String {
            let (a, b) = (open.unwrap_or(first), close.unwrap_or(first));
            let inner: String = scan.chars.get(a..=b).unwrap_or_default().iter().collect();
            if to_full {
                inner.replace('(', "（").replace(')', "）")
            } else {
                inner
            }
        };
        let fix = edits.map(|edits| Fix {
            from: from_to(false),
            to: from_to(true),
            edits,
        });
        for &i in &halves {
            scan.take(i..i + 1);
        }
        let message = format!(
            "中文中的括号应使用全角 `（）`，这里是半角 `{}`（GB/T 15834 §4.9）",
            halves
                .iter()
                .filter_map(|&i| scan.chars.get(i))
                .collect::<String>()
        );
        cx.report_edits(&rules::PUNCT_HALFWIDTH, scan.text.pos(first), message, fix);
    }
}

/// `,` `;` `:` `?` `!` and a sentence-ending `.` next to Chinese text.
fn single_marks(cx: &mut Cx, scan: &mut Scan) {
    for i in 0..scan.chars.len() {
        let c = scan.chars.get(i).copied().unwrap_or(' ');
        let prev = scan.chars.get(i.wrapping_sub(1)).copied();
        let next = scan.chars.get(i + 1).copied();
        let digits_around =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let right = match c {
            ',' if !digits_around => '，',
            ';' => '；',
            ':' if !digits_around => '：',
            '?' => '？',
            '!' => '！',
            '.' => {
                // A full stop only after a Chinese character (not a numeral:
                // `一.` is a heading number) at the end of a sentence.
                let after_han = prev.is_some_and(|p| is_han(p) && !is_han_numeral(p));
                let sentence_end = next.is_none_or(|n| n.is_whitespace() || chinese(n));
                if !(after_han && sentence_end) {
                    continue;
                }
                '。'
            }
            _ => continue,
        };
        if !scan.free(i..i + 1) || !scan.in_chinese(i, i + 1) {
            continue;
        }
        // Spaces typed after the half-width mark go with it.
        let mut end = i + 1;
        while scan.chars.get(end) == Some(&' ') && scan.after(end).is_some_and(chinese) {
            end += 1;
        }
        scan.take(i..end);
        let (name, clause) = match right {
            '，' => ("逗号", "4.4"),
            '；' => ("分号", "4.6"),
            '：' => ("冒号", "4.7"),
            '？' => ("问号", "4.2"),
            '！' => ("叹号", "4.3"),
            _ => ("句号", "4.1"),
        };
        let message =
            format!("中文中的{name}应使用全角 `{right}`，这里是半角 `{c}`（GB/T 15834 §{clause}）");
        cx.report(
            &rules::PUNCT_HALFWIDTH,
            scan.text,
            i,
            message,
            Some((i..end, right.to_string())),
        );
    }
}

/// Full-width digits (`２０２０`) become ASCII digits.
fn digits(cx: &mut Cx, scan: &mut Scan) {
    let mut i = 0;
    while i < scan.chars.len() {
        let len = scan
            .chars
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| ('０'..='９').contains(*c) || **c == '．')
            .count();
        let len = (0..len)
            .rev()
            .find(|&k| scan.chars.get(i + k).is_some_and(|c| *c != '．'))
            .map_or(0, |k| k + 1);
        if len == 0 || !scan.free(i..i + len) {
            i += len.max(1);
            continue;
        }
        let written: String = scan
            .chars
            .get(i..i + len)
            .unwrap_or_default()
            .iter()
            .collect();
        let ascii: String = written
            .chars()
            .map(|c| match c {
                '．' => '.',
                _ => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            })
            .collect();
        let message =
            format!("数字应使用半角阿拉伯数字：`{written}` 应写作 `{ascii}`（GB/T 15835）");
        scan.take(i..i + len);
        cx.report(
            &rules::DIGIT_FULLWIDTH,
            scan.text,
            i,
            message,
            Some((i..i + len, ascii)),
        );
        i += len;
    }
}

/// `》、《` and `”、“`: items each in 书名号 or quotes need no 顿号 between
/// them (GB/T 15834 §4.5.3.5).
fn serial_dun(cx: &mut Cx, scan: &mut Scan) {
    for i in 1..scan.chars.len() {
        let (Some(&a), Some('、'), Some(&b)) = (
            scan.chars.get(i - 1),
            scan.chars.get(i),
            scan.chars.get(i + 1),
        ) else {
            continue;
        };
        let kind = match (a, b) {
            ('》', '《') => "书名号",
            ('”', '“') => "引号",
            _ => continue,
        };
        if !scan.free(i..i + 1) {
            continue;
        }
        scan.take(i..i + 1);
        let message = format!(
            "标有{kind}的并列成分之间通常不用顿号：`{a}、{b}` 可写作 `{a}{b}`（GB/T 15834 §4.5.3.5）"
        );
        cx.report(
            &rules::PUNCT_SERIAL,
            scan.text,
            i,
            message,
            Some((i..i + 1, String::new())),
        );
    }
}

/// `2020年01月05日` in the text: months and days are not zero-padded.
fn padded_dates(cx: &mut Cx, scan: &mut Scan) {
    for i in 1..scan.chars.len() {
        let unit = scan.chars.get(i).copied();
        let next_unit = match unit {
            Some('年') => '月',
            Some('月') => '日',
            _ => continue,
        };
        let before_digit = scan.chars.get(i - 1).is_some_and(|c| c.is_ascii_digit());
        let zero = scan.chars.get(i + 1) == Some(&'0');
        let digit = scan
            .chars
            .get(i + 2)
            .is_some_and(|c| ('1'..='9').contains(c));
        let closes = scan.chars.get(i + 3) == Some(&next_unit);
        if !(before_digit && zero && digit && closes && scan.free(i + 1..i + 2)) {
            continue;
        }
        let written: String = scan
            .chars
            .get(i + 1..i + 4)
            .unwrap_or_default()
            .iter()
            .collect();
        let right: String = scan
            .chars
            .get(i + 2..i + 4)
            .unwrap_or_default()
            .iter()
            .collect();
        let digit: String = scan
            .chars
            .get(i + 2..i + 3)
            .unwrap_or_default()
            .iter()
            .collect();
        let message = format!("日期中的月、日不编虚位：`{written}` 应写作 `{right}`");
        scan.take(i + 1..i + 3);
        cx.report(
            &rules::DATE_FORMAT,
            scan.text,
            i + 1,
            message,
            Some((i + 1..i + 3, digit)),
        );
    }
}

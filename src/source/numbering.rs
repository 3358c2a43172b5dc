//! 结构层次序数: heading number styles (编号), Chinese numerals, and the
//! recognition of numbers an author already typed.

use crate::model::{Counter, NumberStyle};

const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 一 … 九十九 as a 公文 writes it (十一, 二十, 二十一). Values outside 1..=99
/// have no customary form in heading numbers; they fall back to Arabic digits
/// rather than failing.
pub(crate) fn chinese_numeral(n: u32) -> String {
    let digit = |d: u32| {
        usize::try_from(d)
            .ok()
            .and_then(|d| d.checked_sub(1))
            .and_then(|i| DIGITS.get(i))
            .copied()
    };
    let (tens, ones) = (n / 10, n % 10);
    let mut out = String::new();
    match (tens, ones) {
        (0, 0) => return n.to_string(),
        (0, _) => {}
        (1, _) => out.push('十'),
        (2..=9, _) => {
            out.extend(digit(tens));
            out.push('十');
        }
        _ => return n.to_string(),
    }
    out.extend(digit(ones));
    out
}

/// Reads a Chinese numeral of 1..=99 (一, 十, 十二, 二十, 三十五).
pub(crate) fn parse_chinese_numeral(text: &str) -> Option<u32> {
    let value = |c: char| {
        DIGITS
            .iter()
            .position(|&d| d == c)
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [d] if *d == '十' => Some(10),
        [d] => value(*d),
        ['十', o] => Some(10 + value(*o)?),
        [t, '十'] => Some(value(*t)? * 10),
        [t, '十', o] => Some(value(*t)? * 10 + value(*o)?),
        _ => None,
    }
}

/// Is `c` one of the characters of a Chinese numeral?
fn is_chinese_digit(c: char) -> bool {
    c == '十' || DIGITS.contains(&c)
}

/// The number `n` printed in `style`, e.g. `（三）`.
pub(crate) fn render(style: &NumberStyle, n: u32) -> String {
    let counter = match style.counter {
        Counter::ChineseNumeral => chinese_numeral(n),
        Counter::Arabic => n.to_string(),
    };
    format!("{}{}{}", style.prefix, counter, style.suffix)
}

/// Why a 编号 pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    /// No `一` and no `1` in the pattern.
    NoCounter,
    /// More than one counter, e.g. `1.1`.
    SeveralCounters,
    /// Only a counter, with nothing around it to tell the levels apart.
    Bare,
}

/// Splits a pattern such as `（一）` or `1、` into prefix, counter and suffix.
/// The counter is written as `一` (Chinese numerals) or `1` (Arabic digits).
pub(crate) fn parse_pattern(pattern: &str) -> Result<NumberStyle, PatternError> {
    let pattern = pattern.trim();
    let mut found: Option<(usize, usize, Counter)> = None;
    for (i, c) in pattern.char_indices() {
        let counter = match c {
            '一' => Counter::ChineseNumeral,
            '1' | '１' => Counter::Arabic,
            _ if is_chinese_digit(c) || c.is_ascii_digit() => {
                // `二、` or `2.` is clearly meant as a counter, but we ask for
                // the first value so that the pattern reads unambiguously.
                return Err(PatternError::NoCounter);
            }
            _ => continue,
        };
        if found.is_some() {
            return Err(PatternError::SeveralCounters);
        }
        found = Some((i, i + c.len_utf8(), counter));
    }
    let (start, end, counter) = found.ok_or(PatternError::NoCounter)?;
    let prefix = pattern.get(..start).unwrap_or_default();
    let suffix = pattern.get(end..).unwrap_or_default();
    if prefix.is_empty() && suffix.is_empty() {
        return Err(PatternError::Bare);
    }
    Ok(NumberStyle {
        prefix: prefix.to_string(),
        counter,
        suffix: suffix.to_string(),
    })
}

/// A number found at the start of a heading: its value and how many bytes of
/// the text it (and the spaces after it) take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TypedNumber {
    pub value: u32,
    pub len: usize,
}

/// Recognises a number the author typed at the start of a heading, in the
/// usual forms of any level (`一、` `（一）` `(一)` `1.` `1、` `1．` `（1）` `(1)`)
/// or in one of the document's own styles (`styles`, from 编号).
pub(crate) fn typed_number(text: &str, styles: &[NumberStyle]) -> Option<TypedNumber> {
    let usual = [
        ("", Counter::ChineseNumeral, "、"),
        ("（", Counter::ChineseNumeral, "）"),
        ("(", Counter::ChineseNumeral, ")"),
        ("", Counter::Arabic, "."),
        ("", Counter::Arabic, "、"),
        ("", Counter::Arabic, "．"),
        ("（", Counter::Arabic, "）"),
        ("(", Counter::Arabic, ")"),
        // Mixed brackets are a common slip when typing on a Chinese IME.
        ("（", Counter::Arabic, ")"),
        ("(", Counter::Arabic, "）"),
        ("（", Counter::ChineseNumeral, ")"),
        ("(", Counter::ChineseNumeral, "）"),
    ];
    let candidates = styles
        .iter()
        .map(|s| (s.prefix.as_str(), s.counter, s.suffix.as_str()))
        .chain(usual);
    for (prefix, counter, suffix) in candidates {
        if let Some(found) = match_number(text, prefix, counter, suffix) {
            return Some(found);
        }
    }
    None
}

fn match_number(text: &str, prefix: &str, counter: Counter, suffix: &str) -> Option<TypedNumber> {
    let rest = text.strip_prefix(prefix)?;
    let digits_len: usize = rest
        .chars()
        .take_while(|&c| match counter {
            Counter::ChineseNumeral => is_chinese_digit(c),
            Counter::Arabic => c.is_ascii_digit(),
        })
        .map(char::len_utf8)
        .sum();
    let digits = rest.get(..digits_len)?;
    let value = match counter {
        Counter::ChineseNumeral => parse_chinese_numeral(digits)?,
        Counter::Arabic if digits.is_empty() || digits.len() > 4 => return None,
        Counter::Arabic => digits.parse().ok()?,
    };
    let after = rest.get(digits_len..)?.strip_prefix(suffix)?;
    if suffix.is_empty() && prefix.is_empty() {
        return None;
    }
    // `1.5亿元` is an amount, not the number 1 followed by `5亿元`.
    if suffix.ends_with('.') && after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let trimmed = after.trim_start_matches([' ', '\t', '\u{3000}']);
    Some(TypedNumber {
        value,
        len: text.len() - trimmed.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::standard_numbering;

    #[test]
    fn chinese_numerals_round_trip() {
        let expected = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
        ];
        for (n, text) in expected {
            assert_eq!(chinese_numeral(n), text);
            assert_eq!(parse_chinese_numeral(text), Some(n));
        }
        for n in 1..=99 {
            assert_eq!(parse_chinese_numeral(&chinese_numeral(n)), Some(n));
        }
        assert_eq!(chinese_numeral(0), "0");
        assert_eq!(chinese_numeral(100), "100");
        assert_eq!(parse_chinese_numeral("十十"), None);
        assert_eq!(parse_chinese_numeral("一一"), None);
        assert_eq!(parse_chinese_numeral(""), None);
    }

    #[test]
    fn patterns_split_into_parts() {
        let style = |p: &str, c, s: &str| NumberStyle {
            prefix: p.into(),
            counter: c,
            suffix: s.into(),
        };
        assert_eq!(
            parse_pattern("一、"),
            Ok(style("", Counter::ChineseNumeral, "、"))
        );
        assert_eq!(
            parse_pattern("（一）"),
            Ok(style("（", Counter::ChineseNumeral, "）"))
        );
        assert_eq!(parse_pattern("1."), Ok(style("", Counter::Arabic, ".")));
        assert_eq!(parse_pattern("1、"), Ok(style("", Counter::Arabic, "、")));
        assert_eq!(
            parse_pattern("（1）"),
            Ok(style("（", Counter::Arabic, "）"))
        );
        assert_eq!(parse_pattern("(1)"), Ok(style("(", Counter::Arabic, ")")));
        assert_eq!(
            parse_pattern("第一章"),
            Ok(style("第", Counter::ChineseNumeral, "章"))
        );
        assert_eq!(parse_pattern("、"), Err(PatternError::NoCounter));
        assert_eq!(parse_pattern("1.1"), Err(PatternError::SeveralCounters));
        assert_eq!(parse_pattern("1"), Err(PatternError::Bare));
        assert_eq!(parse_pattern("2."), Err(PatternError::NoCounter));
    }

    #[test]
    fn render_in_style() {
        let s = standard_numbering();
        assert_eq!(render(&s[0], 12), "十二、");
        assert_eq!(render(&s[1], 3), "（三）");
        assert_eq!(render(&s[2], 4), "4.");
        assert_eq!(render(&s[3], 5), "（5）");
    }

    #[test]
    fn typed_numbers_of_every_level() {
        let s = standard_numbering();
        let cases = [
            ("一、总体要求", 1, "总体要求"),
            ("十二、其他", 12, "其他"),
            ("（三）工作", 3, "工作"),
            ("(三)工作", 3, "工作"),
            ("2.加强", 2, "加强"),
            ("2. 加强", 2, "加强"),
            ("1、加强组织领导。", 1, "加强组织领导。"),
            ("3．加强", 3, "加强"),
            ("（4）落实", 4, "落实"),
            ("(4) 落实", 4, "落实"),
        ];
        for (text, value, rest) in cases {
            let found = typed_number(text, &s).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(found.value, value, "{text}");
            assert_eq!(text.get(found.len..), Some(rest), "{text}");
        }
        assert_eq!(typed_number("1.5亿元资金", &s), None);
        assert_eq!(typed_number("一是加强", &s), None);
        assert_eq!(typed_number("2020年工作", &s), None);
        assert_eq!(typed_number("总体要求", &s), None);
    }

    #[test]
    fn typed_number_in_a_custom_style() {
        let custom = [NumberStyle {
            prefix: "第".into(),
            counter: Counter::ChineseNumeral,
            suffix: "章".into(),
        }];
        let found = typed_number("第三章 附则", &custom);
        assert_eq!(found, Some(TypedNumber { value: 3, len: 10 }));
    }
}

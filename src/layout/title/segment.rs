//! Word segmentation of a 标题, so that it is broken only between words.
//!
//! A compact dictionary written for 公文 titles (`words.txt`, about 2 100
//! words: 文种, organ names and their heads, place suffixes, the verbs and
//! terms of titles) is compiled in and parsed on first use only — a title
//! that fits one line never loads it. The segmentation takes the fewest
//! tokens (a dictionary word or a number with its unit costs 1, an unknown
//! character 1.5), then joins tokens that must not be split:
//!
//! - a run of unknown characters (a proper noun the list does not know:
//!   奈曼, 示例);
//! - a place name: a word or unknown run before a place suffix (奈曼 + 旗);
//! - an organ name: a run of tokens that are not function words, numbers or
//!   punctuation and ends in an organ head (示例县 + 审计局 + 党组);
//! - a number with its unit (`2020年`, `第一季度`, `3.5亿元`).
//!
//! `《…》` and quoted spans are kept whole by the title's own break rules.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The word list, one entry per whitespace-separated token; `@x` lines set
/// the kind of the words after them.
const WORDS: &str = include_str!("words.txt");

/// What a dictionary word does in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// 关于, 的, 印发 …: never inside a name.
    Function,
    /// 局, 委员会, 审计局 …: ends an organ name.
    Organ,
    /// 县, 旗, 自治区 …: ends a place name.
    PlaceSuffix,
    Word,
}

/// The parsed word list.
struct Dictionary {
    words: HashMap<&'static str, Kind>,
    /// Longest entry, in characters.
    longest: usize,
}

impl Dictionary {
    fn parse(text: &'static str) -> Dictionary {
        let mut words = HashMap::with_capacity(2400);
        let mut kind = Kind::Word;
        let mut longest = 1;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            if let Some(tag) = line.trim().strip_prefix('@') {
                kind = match tag {
                    "f" => Kind::Function,
                    "o" => Kind::Organ,
                    "s" => Kind::PlaceSuffix,
                    _ => Kind::Word,
                };
                continue;
            }
            for word in line.split_whitespace() {
                longest = longest.max(word.chars().count());
                words.entry(word).or_insert(kind);
            }
        }
        Dictionary { words, longest }
    }
}

static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();

fn dictionary() -> &'static Dictionary {
    DICTIONARY.get_or_init(|| Dictionary::parse(WORDS))
}

/// Whether the title dictionary has been loaded in this process (it is
/// loaded only when a title needs breaking).
pub(crate) fn loaded() -> bool {
    DICTIONARY.get().is_some()
}

/// Parse the word list afresh (not the shared copy): what a first use
/// costs. Returns the number of words.
pub(crate) fn parse_uncached() -> usize {
    Dictionary::parse(WORDS).words.len()
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Dict(Kind),
    /// A character the dictionary does not know (or a run of them).
    Unknown,
    /// A number, with its unit if any (`2020年`, `第一季度`).
    Number,
    /// Latin letters.
    Latin,
    /// Punctuation or space.
    Mark,
    /// Joined tokens: a place or organ name.
    Name,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    class: Class,
}

/// Single-character words that stand on their own even next to unknown
/// characters.
const PARTICLES: [char; 8] = ['的', '和', '与', '及', '或', '暨', '并', '等'];

/// Units that stay with the number before them.
const UNITS: [&str; 40] = [
    "年度",
    "季度",
    "周年",
    "月份",
    "万元",
    "亿元",
    "小时",
    "公里",
    "平方米",
    "年",
    "月",
    "日",
    "号",
    "届",
    "次",
    "批",
    "期",
    "个",
    "项",
    "条",
    "章",
    "款",
    "名",
    "家",
    "件",
    "轮",
    "版",
    "万",
    "亿",
    "元",
    "%",
    "％",
    "岁",
    "天",
    "户",
    "人",
    "位",
    "类",
    "种",
    "份",
];

const CHINESE_DIGITS: &str = "〇零一二三四五六七八九十百千万两";

/// The end of a number token starting at `i`, if one starts there.
fn number_at(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    let ordinal = chars[j] == '第';
    if ordinal {
        j += 1;
    }
    let mut end = None;
    loop {
        let digits_start = j;
        let ascii = chars.get(j).is_some_and(char::is_ascii_digit);
        if ascii {
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || (".,".contains(chars[j])
                        && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
            {
                j += 1;
            }
        } else {
            while j < chars.len() && CHINESE_DIGITS.contains(chars[j]) {
                j += 1;
            }
        }
        if j == digits_start {
            return end;
        }
        let unit = UNITS.iter().find(|u| {
            let u: Vec<char> = u.chars().collect();
            chars[j..].starts_with(&u)
        });
        match unit {
            Some(u) => j += u.chars().count(),
            // Chinese numerals without 第 or a unit are words (统一, 进一步).
            None if !ascii && !ordinal => return end,
            None => return Some(j),
        }
        end = Some(j);
        // 2020年9月30日 is one token.
        if !chars.get(j).is_some_and(char::is_ascii_digit) {
            return end;
        }
    }
}

/// Where a title may break, by words: `result[i]` tells whether a line may
/// end between characters `i - 1` and `i` (`result[0]` and `result[n]` are
/// true). Loads the dictionary on first use.
pub(super) fn word_boundaries(chars: &[char]) -> Vec<bool> {
    let tokens = join_names(chars, segment(chars, dictionary()));
    let mut boundaries = vec![false; chars.len() + 1];
    boundaries[0] = true;
    boundaries[chars.len()] = true;
    for token in &tokens {
        boundaries[token.start] = true;
    }
    boundaries
}

/// The title split into words, for tests and benchmarks.
pub(crate) fn words(title: &str) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    join_names(&chars, segment(&chars, dictionary()))
        .iter()
        .map(|t| chars[t.start..t.end].iter().collect())
        .collect()
}

/// Fewest-token segmentation (dynamic programming from the end; among equal
/// costs the longer first token wins).
fn segment(chars: &[char], dict: &Dictionary) -> Vec<Token> {
    let n = chars.len();
    // best[i]: cost of segmenting chars[i..], the first token's end and class.
    let mut best = vec![(0.0f32, n, Class::Mark); n + 1];
    let mut key = String::new();
    for i in (0..n).rev() {
        let mut choice = (f32::INFINITY, i + 1, Class::Unknown);
        let mut offer = |end: usize, cost: f32, class: Class| {
            let total = cost + best[end].0;
            if total < choice.0 - 1e-4 || (total < choice.0 + 1e-4 && end > choice.1) {
                choice = (total, end, class);
            }
        };
        let c = chars[i];
        if !c.is_alphanumeric() {
            offer(i + 1, 0.0, Class::Mark);
        } else if c.is_ascii_alphabetic() {
            let mut end = i + 1;
            while end < n && chars[end].is_ascii_alphanumeric() {
                end += 1;
            }
            offer(end, 1.0, Class::Latin);
        } else {
            if let Some(end) = number_at(chars, i) {
                offer(end, 1.0, Class::Number);
            }
            key.clear();
            for (len, &ch) in chars[i..].iter().take(dict.longest).enumerate() {
                key.push(ch);
                if let Some(&kind) = dict.words.get(key.as_str()) {
                    offer(i + len + 1, 1.0, Class::Dict(kind));
                }
            }
            offer(i + 1, 1.5, Class::Unknown);
        }
        best[i] = choice;
    }
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < n {
        let (_, end, class) = best[i];
        tokens.push(Token {
            start: i,
            end,
            class,
        });
        i = end;
    }
    tokens
}

/// Join the tokens that form one name: unknown runs, places, organs.
fn join_names(chars: &[char], tokens: Vec<Token>) -> Vec<Token> {
    // Runs of unknown characters, with the single characters next to them
    // (other than particles): a word the list does not know (所得税 is 所 +
    // 得 + 税, 地下市政 is 地 + 下 + 市 + 政), or a proper noun (奈曼).
    let loose = |t: &Token| {
        t.class == Class::Unknown
            || (t.end - t.start == 1
                && matches!(t.class, Class::Dict(_))
                && !PARTICLES.contains(&chars[t.start]))
    };
    let mut joined: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && loose(&tokens[j]) {
            j += 1;
        }
        if j > i && tokens[i..j].iter().any(|t| t.class == Class::Unknown) {
            joined.push(Token {
                start: tokens[i].start,
                end: tokens[j - 1].end,
                class: Class::Unknown,
            });
            i = j;
        } else {
            joined.push(tokens[i]);
            i += 1;
        }
    }
    // A lone unknown character is a suffix of the word before it (政府 +
    // 性) or, after a function word, a prefix of the word after it.
    let mut i = 0;
    while i < joined.len() {
        let t = joined[i];
        let lone = t.class == Class::Unknown && t.end - t.start == 1;
        let word = |t: &Token| matches!(t.class, Class::Dict(k) if k != Kind::Function);
        if lone && i > 0 && word(&joined[i - 1]) {
            joined[i - 1].end = t.end;
            joined[i - 1].class = Class::Dict(Kind::Word);
            joined.remove(i);
        } else if lone && joined.get(i + 1).is_some_and(word) {
            joined[i + 1].start = t.start;
            joined[i + 1].class = Class::Dict(Kind::Word);
            joined.remove(i);
        } else {
            i += 1;
        }
    }
    // A place suffix takes the word or unknown run before it (奈曼 + 旗).
    let mut places: Vec<Token> = Vec::with_capacity(joined.len());
    for token in joined {
        let suffix = token.class == Class::Dict(Kind::PlaceSuffix);
        match places.last_mut() {
            Some(last)
                if suffix
                    && matches!(
                        last.class,
                        Class::Unknown | Class::Dict(Kind::Word) | Class::Latin
                    ) =>
            {
                last.end = token.end;
                last.class = Class::Name;
            }
            _ => places.push(token),
        }
    }
    // An organ name: the tokens before an organ head up to a function
    // word, number or mark (示例县 审计局 党组).
    let mut out: Vec<Token> = Vec::with_capacity(places.len());
    let mut run_start = 0; // index in `out` where the current run began
    for token in places {
        let in_name = !matches!(
            token.class,
            Class::Dict(Kind::Function) | Class::Number | Class::Mark
        );
        if !in_name {
            out.push(token);
            run_start = out.len();
            continue;
        }
        if token.class == Class::Dict(Kind::Organ) && run_start < out.len() {
            let start = out[run_start].start;
            out.truncate(run_start);
            out.push(Token {
                start,
                end: token.end,
                class: Class::Name,
            });
        } else {
            out.push(token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(title: &str) -> String {
        words(title).join("|")
    }

    #[test]
    fn the_word_list_parses_with_kinds_and_no_duplicates() {
        let dict = Dictionary::parse(WORDS);
        assert!(dict.words.len() > 2000, "{}", dict.words.len());
        let count = WORDS
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .filter(|l| !l.trim_start().starts_with('@'))
            .flat_map(str::split_whitespace)
            .count();
        assert_eq!(count, dict.words.len(), "a word is listed twice");
        assert_eq!(dict.words.get("关于"), Some(&Kind::Function));
        assert_eq!(dict.words.get("审计局"), Some(&Kind::Organ));
        assert_eq!(dict.words.get("旗"), Some(&Kind::PlaceSuffix));
        assert_eq!(dict.words.get("通知"), Some(&Kind::Word));
    }

    #[test]
    fn organ_and_place_names_are_one_unit() {
        assert_eq!(
            split("奈曼旗审计局党组2020年意识形态工作专题报告"),
            "奈曼旗审计局党组|2020年|意识形态工作|专题报告"
        );
        assert_eq!(
            split("示例县审计局关于增拨审计信息化建设经费的请示"),
            "示例县审计局|关于|增拨|审计|信息化建设|经费|的|请示"
        );
        assert_eq!(
            split("关于转发自治区财政厅通知的通知"),
            "关于|转发|自治区财政厅|通知|的|通知"
        );
    }

    #[test]
    fn numbers_keep_their_units() {
        assert_eq!(
            split("关于做好2021年第一季度工作的通知"),
            "关于|做好|2021年|第一季度|工作|的|通知"
        );
        assert_eq!(split("2020年9月30日前"), "2020年9月30日|前");
        assert_eq!(split("进一步统一"), "进一步|统一");
    }

    #[test]
    fn odd_input_segments_without_loss() {
        for title in [
            "",
            "第",
            "第第",
            "2020.",
            "3.5亿元",
            "年年年年",
            "《》",
            "“”的",
            "ABC关于x",
            "а б",
            "关于",
            "的的的的的",
            "局局局",
            "〇〇〇〇年",
            "\u{3000}关于\u{3000}",
        ] {
            let chars: Vec<char> = title.chars().collect();
            assert_eq!(words(title).concat(), title);
            let b = word_boundaries(&chars);
            assert_eq!(b.len(), chars.len() + 1);
            assert!(b[0] && b[chars.len()]);
        }
    }

    #[test]
    #[ignore = "prints segmentations to look at"]
    fn print() {
        for t in std::env::var("TITLES").unwrap_or_default().split(';') {
            println!("{}", split(t));
        }
    }
}

//! Breaking a 标题 into lines (GB/T 9704 §7.3.1): the fewest lines the 版心
//! allows, or one more when its breaks are much better; only between words
//! (never inside a word, an organ or place name, `《…》`, a number with its
//! unit or a dash); among those breaks the arrangement a 文秘 would choose —
//! 梯形 (each line no longer than the one above) or 菱形, 上短下长 for two
//! lines only when no other arrangement fits (an unbreakable `《…》`), no
//! line of one or two characters — preferring breaks at the title's
//! grammar: between organ names, before 关于, before 的 + 文种.
//!
//! Words come from `segment`, whose dictionary is loaded only here, i.e.
//! only for a title that does not fit one line.

use crate::units::Mm;

use super::text::{self, Line, Piece};

mod segment;

pub(crate) use segment::{loaded as dictionary_loaded, parse_uncached as parse_dictionary, words};

/// The 文种 a title ends with, after 的.
const GENRES: [&str; 14] = [
    "通知", "通报", "请示", "报告", "意见", "批复", "函", "复函", "决定", "决议", "公告", "通告",
    "纪要", "议案",
];

/// Cost of a break inside a word: only when the title cannot be set
/// otherwise (a word wider than the line). Below the cost of a line of one
/// or two characters, which is worse still.
const SPLIT_WORD: f32 = 400.0;

/// Cost of a break inside `《…》`: only for a span longer than a line, and
/// then between its words rather than inside one.
const SPLIT_SPAN: f32 = 200.0;

/// Words a line should not end with (关于 | …, … 和 | …).
const DANGLING_ENDS: [&str; 8] = ["关于", "和", "与", "及", "暨", "对", "的", "在"];

/// Most lines a title is arranged in (a longer one is broken greedily).
const MAX_LINES: usize = 4;

/// Break a title set in `pieces` (each piece one character) into lines no
/// wider than `width`.
pub(super) fn title_lines(pieces: &[Piece], width: Mm) -> Vec<Line> {
    let greedy = text::break_lines(pieces, width, width, false);
    if greedy.len() < 2 || greedy.len() > MAX_LINES || pieces.len() > 90 {
        return greedy;
    }
    let chars: Vec<char> = pieces.iter().map(|p| p.ch).collect();
    let allowed = allowed_breaks(&chars);
    let spans = inside_spans(&chars);
    let words = segment::word_boundaries(&chars);
    let widths: Vec<f32> = pieces.iter().map(|p| p.width.0).collect();
    let mut prefix = vec![0.0f32; widths.len() + 1];
    for (i, w) in widths.iter().enumerate() {
        prefix[i + 1] = prefix[i] + w;
    }
    let span = |a: usize, b: usize| prefix[b] - prefix[a];
    let cell = widths.iter().copied().fold(0.0f32, f32::max).max(1e-3);

    // Each break's own cost, once: the search below tries thousands of
    // arrangements of the same few dozen breaks.
    let breaks = Breaks {
        chars: &chars,
        spans: &spans,
        words: &words,
    };
    let cut_costs: Vec<f32> = (0..=chars.len())
        .map(|i| {
            if allowed[i] {
                break_cost(&breaks, i)
            } else {
                0.0
            }
        })
        .collect();
    let plan = Plan {
        allowed: &allowed,
        cut_costs: &cut_costs,
        span: &span,
        width: width.0,
        cell,
    };
    let mut best: Option<(f32, Vec<usize>)> = None;
    for count in greedy.len()..=(greedy.len() + 1).min(MAX_LINES) {
        let mut cuts = Vec::new();
        search(&plan, count, 0, &mut cuts, &mut best);
    }
    let Some((_, cuts)) = best else {
        return greedy;
    };
    let mut lines = Vec::new();
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&pieces.len())) {
        // The space between joint organs is not part of either line: a
        // line is centred on its visible text.
        let blank = |i: usize| pieces[i].ch.is_whitespace();
        let (mut first, mut last) = (start, end);
        while first < last && blank(first) {
            first += 1;
        }
        while last > first && blank(last - 1) {
            last -= 1;
        }
        let mut x = Mm(0.0);
        let mut placed = Vec::new();
        for (index, piece) in pieces.iter().enumerate().take(last).skip(first) {
            placed.push((index, x));
            x += piece.width;
        }
        lines.push(Line { placed, width: x });
        start = end;
    }
    lines
}

/// Whether a break before character `i` falls inside `《…》`, `“…”` or
/// `（…）`: avoided, but allowed (between words) when the span is longer
/// than a line.
fn inside_spans(chars: &[char]) -> Vec<bool> {
    let mut inside = vec![false; chars.len() + 1];
    let mut depth = 0i32;
    for i in 1..chars.len() {
        match chars[i - 1] {
            '《' | '“' | '（' | '「' => depth += 1,
            '》' | '”' | '）' | '」' => depth -= 1,
            _ => {}
        }
        inside[i] = depth > 0;
    }
    inside
}

/// Whether a line may end before character `i` (between `i - 1` and `i`)
/// by the punctuation rules: never before closing or after opening marks,
/// nor inside a Latin word, a number with its unit or a dash.
fn allowed_breaks(chars: &[char]) -> Vec<bool> {
    let mut allowed = vec![false; chars.len() + 1];
    for i in 1..chars.len() {
        let (before, after) = (chars[i - 1], chars[i]);
        let closing = "，。、；：？！”’）》」』〕".contains(after);
        let opening = "“‘（《「『〔".contains(before);
        let latin = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '%';
        let year = |k: usize| k > 0 && chars[k - 1].is_ascii_digit();
        let number_unit = (before.is_ascii_digit() && "年月日号届次个万亿元".contains(after))
            || (before == '年' && after == '度' && year(i - 1));
        let dash = (before == '—' && after == '—') || (before == '…' && after == '…');
        allowed[i] =
            !(closing || opening || (latin(before) && latin(after)) || number_unit || dash);
    }
    allowed
}

/// How much a break before character `i` is wanted (higher is better).
fn grammar_bonus(chars: &[char], i: usize) -> f32 {
    let rest: String = chars[i..].iter().collect();
    let before = chars[i - 1];
    if before == ' ' || before == '\u{3000}' {
        return 3.0; // between the organ names of a joint title
    }
    if rest.starts_with("关于") {
        return 3.0;
    }
    if let Some(genre) = rest.strip_prefix('的')
        && GENRES.contains(&genre)
    {
        return 1.5;
    }
    if "、，".contains(before) {
        return 1.0;
    }
    0.0
}

/// A title's characters and where it may break.
struct Breaks<'a> {
    chars: &'a [char],
    /// Breaks inside `《…》` and other spans (`inside_spans`).
    spans: &'a [bool],
    /// Breaks between words (`segment::word_boundaries`).
    words: &'a [bool],
}

/// Cost of breaking before `i` by the words and grammar around it.
fn break_cost(breaks: &Breaks<'_>, i: usize) -> f32 {
    let chars = breaks.chars;
    let mut cost = -grammar_bonus(chars, i) * 6.0;
    if !breaks.words[i] {
        cost += SPLIT_WORD;
    }
    if breaks.spans[i] {
        cost += SPLIT_SPAN;
    }
    let before: String = chars[i.saturating_sub(2)..i].iter().collect();
    if DANGLING_ENDS.iter().any(|w| before.ends_with(w)) {
        cost += 10.0;
    }
    let rest: String = chars[i..].iter().collect();
    if rest.starts_with(['的', '等']) && grammar_bonus(chars, i) == 0.0 {
        cost += 10.0;
    }
    cost
}

/// What the search for the best arrangement needs.
struct Plan<'a> {
    /// Breaks the punctuation rules allow.
    allowed: &'a [bool],
    /// Each break's cost (`break_cost`).
    cut_costs: &'a [f32],
    /// Width of characters `a..b`, in mm.
    span: &'a dyn Fn(usize, usize) -> f32,
    width: f32,
    /// Width of a full cell, in mm.
    cell: f32,
}

/// Cost of an arrangement of line lengths (in cells) and its breaks.
fn cost(cut_costs: &[f32], cuts: &[usize], lengths: &[f32]) -> f32 {
    let mean = lengths.iter().sum::<f32>() / lengths.len() as f32;
    let mut cost: f32 = lengths.iter().map(|l| (l - mean).powi(2)).sum::<f32>() * 0.5;
    for pair in lengths.windows(2) {
        let growth = pair[1] - pair[0];
        if growth > 0.5 {
            // 上短下长: tolerated in the lower half of a 菱形; for two
            // lines only when nothing else fits (an unbreakable 《…》).
            cost += if lengths.len() == 2 {
                40.0 + growth * 4.0
            } else {
                growth * 4.0
            };
        }
    }
    if lengths.len() >= 3 {
        let (first, last) = (lengths[0], lengths[lengths.len() - 1]);
        if last > first + 0.5 {
            cost += 50.0;
        }
        // A 菱形 closes about as wide as it opens.
        cost += ((first - last).abs() - 4.0).max(0.0) * 4.0;
    }
    if lengths.iter().any(|&l| l < 2.9) {
        cost += 1000.0;
    }
    if lengths.iter().any(|&l| l < 4.9) {
        cost += 25.0;
    }
    for &cut in cuts {
        cost += cut_costs[cut];
    }
    // One line more than the fewest possible is worth it only for much
    // better breaks.
    cost + lengths.len() as f32 * 15.0
}

/// Try every arrangement of `count` lines from character `start` on.
fn search(
    plan: &Plan<'_>,
    count: usize,
    start: usize,
    cuts: &mut Vec<usize>,
    best: &mut Option<(f32, Vec<usize>)>,
) {
    let n = plan.cut_costs.len() - 1;
    let span = plan.span;
    if cuts.len() + 1 == count {
        if span(start, n) > plan.width + 0.01 {
            return;
        }
        let mut lengths = [0.0f32; MAX_LINES + 1];
        let mut from = 0;
        for (line, &to) in cuts.iter().chain(std::iter::once(&n)).enumerate() {
            lengths[line] = span(from, to) / plan.cell;
            from = to;
        }
        let c = cost(plan.cut_costs, cuts, &lengths[..count]);
        if best.as_ref().is_none_or(|(b, _)| c < *b) {
            *best = Some((c, cuts.clone()));
        }
        return;
    }
    for end in start + 1..n {
        if span(start, end) > plan.width + 0.01 {
            break;
        }
        if !plan.allowed[end] {
            continue;
        }
        cuts.push(end);
        search(plan, count, end, cuts, best);
        cuts.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn no_break_inside_book_titles_numbers_or_before_closing_marks() {
        let c = chars("关于印发《审计办法》的通知2020年");
        let allowed = allowed_breaks(&c);
        let spans = inside_spans(&c);
        let at = |s: &str| {
            c.iter()
                .collect::<String>()
                .find(s)
                .map(|b| c.iter().collect::<String>()[..b].chars().count())
                .unwrap()
        };
        assert!(allowed[at("印发")] && !spans[at("印发")]);
        assert!(spans[at("审计")], "inside 《》");
        assert!(spans[at("办法")]);
        assert!(!spans[at("的通知")]);
        assert!(!allowed[at("》")], "before a closing mark");
        assert!(allowed[at("的通知")]);
        assert!(!allowed[at("年")], "number and unit");
    }

    #[test]
    fn two_lines_never_grow_and_prefer_grammar() {
        let c = chars("示例县审计局关于开展专项检查的通知");
        let words = vec![true; c.len() + 1];
        let spans = vec![false; c.len() + 1];
        let breaks = Breaks {
            chars: &c,
            spans: &spans,
            words: &words,
        };
        // 6 | 11 would be 上短下长; the cost avoids it.
        let costs: Vec<f32> = (0..=c.len())
            .map(|i| if i == 0 { 0.0 } else { break_cost(&breaks, i) })
            .collect();
        let up_short = cost(&costs, &[6], &[6.0, 11.0]);
        let balanced = cost(&costs, &[9], &[9.0, 8.0]);
        assert!(up_short > balanced);
        assert!(grammar_bonus(&c, 6) > 0.0, "before 关于");
        assert!(grammar_bonus(&c, 14) > 0.0, "before 的通知");
    }
}

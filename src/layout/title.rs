//! Breaking a 标题 into lines (GB/T 9704 §7.3.1): the fewest lines the 版心
//! allows, or one more when its breaks are much better; never inside `《…》`, a number with its unit or a dash; among the
//! valid breaks the arrangement a 文秘 would choose — 梯形 (each line no
//! longer than the one above) or 菱形, 上短下长 for two lines only when no
//! other arrangement fits (an unbreakable `《…》`), no line of one or two
//! characters — preferring breaks at the title's grammar:
//! between organ names, before 关于, before 的 + 文种.
//!
//! Without a dictionary, a short list of two-character words common in 公文
//! titles marks breaks that would split a word; other breaks between hanzi
//! score neutral, and the grammar breaks and the shape decide.

use crate::units::Mm;

use super::text::{self, Line, Piece};

/// The 文种 a title ends with, after 的.
const GENRES: [&str; 14] = [
    "通知", "通报", "请示", "报告", "意见", "批复", "函", "复函", "决定", "决议", "公告", "通告",
    "纪要", "议案",
];

/// Two-character words frequent in 公文 titles: a break inside one costs.
/// (A light stand-in for dictionary segmentation; each entry is a pair of
/// characters that belong together.)
const WORDS: &str = "审计 信息 息化 建设 经费 工作 管理 专项 检查 预算 执行 情况 意识 形态 质量 控制 \
办法 组织 领导 人民 政府 委员 员会 会议 办公 公室 制度 实施 开展 加强 印发 年度 项目 资金 财政 发展 \
改革 安全 生产 教育 卫生 健康 服务 社会 经济 文化 国家 中央 规定 条例 规划 方案 计划 总结 监督 考核 \
评估 培训 宣传 整改 巡察 纪律 党组 党委 支部 机关 单位 部门 县委 市委 省委 公司 企业 平台 系统 数据 \
网络 建立 健全 推进 落实 做好 增拨 申请 批准 同意 转发 通报 表彰 处理 调整 设立 成立 撤销 任免 补助 \
专题 报告 请示 通知 意见 批复 决定 环境 保护 防控 疫情 应急 事项 问题 整治 治理 乡镇 街道 社区 农村";

/// Break a title set in `pieces` (each piece one character) into lines no
/// wider than `width`.
pub(super) fn title_lines(pieces: &[Piece], width: Mm) -> Vec<Line> {
    let greedy = text::break_lines(pieces, width, width, false);
    if greedy.len() < 2 || greedy.len() > 4 || pieces.len() > 90 {
        return greedy;
    }
    let chars: Vec<char> = pieces.iter().map(|p| p.ch).collect();
    let allowed = allowed_breaks(&chars);
    let widths: Vec<f32> = pieces.iter().map(|p| p.width.0).collect();
    let mut prefix = vec![0.0f32; widths.len() + 1];
    for (i, w) in widths.iter().enumerate() {
        prefix[i + 1] = prefix[i] + w;
    }
    let span = |a: usize, b: usize| prefix[b] - prefix[a];
    let cell = widths.iter().copied().fold(0.0f32, f32::max).max(1e-3);

    let mut best: Option<(f32, Vec<usize>)> = None;
    for count in greedy.len()..=(greedy.len() + 1).min(4) {
        let mut cuts = Vec::new();
        search(
            &chars, &allowed, &span, width.0, cell, count, 0, &mut cuts, &mut best,
        );
    }
    let Some((_, cuts)) = best else {
        return greedy;
    };
    let mut lines = Vec::new();
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&pieces.len())) {
        let mut x = Mm(0.0);
        let mut placed = Vec::new();
        for (index, piece) in pieces.iter().enumerate().take(end).skip(start) {
            placed.push((index, x));
            x += piece.width;
        }
        lines.push(Line { placed, width: x });
        start = end;
    }
    lines
}

/// Whether a line may end before character `i` (between `i - 1` and `i`).
fn allowed_breaks(chars: &[char]) -> Vec<bool> {
    let mut allowed = vec![false; chars.len() + 1];
    let mut depth = 0i32;
    for i in 1..chars.len() {
        let (before, after) = (chars[i - 1], chars[i]);
        match before {
            '《' | '“' | '（' | '「' => depth += 1,
            '》' | '”' | '）' | '」' => depth -= 1,
            _ => {}
        }
        let in_span = depth > 0;
        let closing = "，。、；：？！”’）》」』〕".contains(after);
        let opening = "“‘（《「『〔".contains(before);
        let latin = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '%';
        let year = |k: usize| k > 0 && chars[k - 1].is_ascii_digit();
        let number_unit = (before.is_ascii_digit() && "年月日号届次个万亿元".contains(after))
            || (before == '年' && after == '度' && year(i - 1));
        let dash = (before == '—' && after == '—') || (before == '…' && after == '…');
        allowed[i] = !(in_span
            || closing
            || opening
            || (latin(before) && latin(after))
            || number_unit
            || dash);
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

/// Whether a break before `i` splits one of the listed words.
fn splits_word(chars: &[char], i: usize) -> bool {
    let pair: String = chars[i - 1..=i].iter().collect();
    WORDS.split_whitespace().any(|w| w == pair)
}

/// Cost of an arrangement of line lengths (in cells) and its breaks.
fn cost(chars: &[char], cuts: &[usize], lengths: &[f32]) -> f32 {
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
        cost -= grammar_bonus(chars, cut) * 6.0;
        if splits_word(chars, cut) {
            cost += 12.0;
        }
    }
    // One line more than the fewest possible is worth it only for much
    // better breaks.
    cost + lengths.len() as f32 * 15.0
}

#[allow(clippy::too_many_arguments)]
fn search(
    chars: &[char],
    allowed: &[bool],
    span: &dyn Fn(usize, usize) -> f32,
    width: f32,
    cell: f32,
    count: usize,
    start: usize,
    cuts: &mut Vec<usize>,
    best: &mut Option<(f32, Vec<usize>)>,
) {
    let n = chars.len();
    if cuts.len() + 1 == count {
        if span(start, n) > width + 0.01 {
            return;
        }
        let mut bounds = vec![0];
        bounds.extend(cuts.iter().copied());
        bounds.push(n);
        let lengths: Vec<f32> = bounds.windows(2).map(|w| span(w[0], w[1]) / cell).collect();
        let c = cost(chars, cuts, &lengths);
        if best.as_ref().is_none_or(|(b, _)| c < *b) {
            *best = Some((c, cuts.clone()));
        }
        return;
    }
    for end in start + 1..n {
        if span(start, end) > width + 0.01 {
            break;
        }
        if !allowed[end] {
            continue;
        }
        cuts.push(end);
        search(chars, allowed, span, width, cell, count, end, cuts, best);
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
        let at = |s: &str| {
            c.iter()
                .collect::<String>()
                .find(s)
                .map(|b| c.iter().collect::<String>()[..b].chars().count())
                .unwrap()
        };
        assert!(allowed[at("印发")]);
        assert!(!allowed[at("审计")], "inside 《》");
        assert!(!allowed[at("办法")]);
        assert!(!allowed[at("》")], "before a closing mark");
        assert!(allowed[at("的通知")]);
        assert!(!allowed[at("年")], "number and unit");
    }

    #[test]
    fn two_lines_never_grow_and_prefer_grammar() {
        let c = chars("示例县审计局关于开展专项检查的通知");
        // 6 | 11 would be 上短下长; the cost avoids it.
        let up_short = cost(&c, &[6], &[6.0, 11.0]);
        let balanced = cost(&c, &[9], &[9.0, 8.0]);
        assert!(up_short > balanced);
        assert!(grammar_bonus(&c, 6) > 0.0, "before 关于");
        assert!(grammar_bonus(&c, 14) > 0.0, "before 的通知");
    }
}

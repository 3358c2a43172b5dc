//! Rules on the front matter: 发文字号, 份号/密级/保密期限/紧急程度, 主送机关,
//! 抄送, 附件说明 and the 标题.

use crate::model::{Block, Format, Located, Meta};

use super::text::Text;
use super::{Cx, Fix, dates, rules};

/// Every front-matter rule.
pub(super) fn check(cx: &mut Cx, meta: &Meta) {
    // A 纪要's 发文字号 is its 编号 (`第15期`), not a 发文字号.
    if meta.format.value != Format::Minutes
        && let Some(number) = &meta.doc_number
    {
        doc_number(cx, number);
    }
    dates::check(cx, meta.date.as_ref(), meta.print_date.as_ref());
    header_values(cx, meta);
    for recipient in &meta.recipients {
        recipient_end(cx, recipient);
    }
    for item in &meta.cc {
        cc_item(cx, item);
    }
    for (i, attachment) in meta.attachments.iter().enumerate() {
        attachment_name(cx, &attachment.name, i + 1, meta.attachments.len());
    }
    if let Some(title) = &meta.title {
        title_rules(cx, title);
    }
}

/// The values whose text is printed as written: linted for punctuation.
pub(super) fn lintable_values(meta: &Meta) -> Vec<&Located<String>> {
    let mut out: Vec<&Located<String>> = Vec::new();
    out.extend(&meta.title);
    out.extend(&meta.recipients);
    out.extend(&meta.issuers);
    out.extend(&meta.issuer_mark);
    out.extend(&meta.signature);
    out.extend(&meta.note);
    out.extend(&meta.cc);
    out.extend(&meta.printer);
    out.extend(meta.attachments.iter().map(|a| &a.name));
    out.extend(&meta.attendees);
    out.extend(&meta.absentees);
    out.extend(&meta.observers);
    out.extend(&meta.signer_title);
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The bracket pairs authors type around the year, and the right one.
const OPENERS: [(char, char); 10] = [
    ('〔', '〕'),
    ('[', ']'),
    ('［', '］'),
    ('【', '】'),
    ('(', ')'),
    ('（', '）'),
    ('〈', '〉'),
    ('<', '>'),
    ('{', '}'),
    ('〖', '〗'),
];

/// 发文字号: 机关代字〔年份〕序号号 (GB/T 9704 §7.2.4).
fn doc_number(cx: &mut Cx, value: &Located<String>) {
    let text = cx.src().value(value);
    let chars: Vec<char> = text.chars.iter().map(|ch| ch.c).collect();
    let written = value.value.as_str();
    // The year in brackets: an opener, digits, the matching closer.
    let found = (0..chars.len()).find_map(|i| {
        let (_, close) = OPENERS.iter().find(|(o, _)| chars.get(i) == Some(o))?;
        let digits = chars
            .get(i + 1..)?
            .iter()
            .take_while(|&&c| is_digit(c))
            .count();
        let j = i + 1 + digits;
        (digits > 0 && chars.get(j) == Some(close)).then_some((i, j))
    });
    let Some((open, close)) = found else {
        let message = format!(
            "无法识别发文字号 `{written}` 中用六角括号括起的年份：发文字号由发文机关代字、年份和发文顺序号组成，如 `示审发〔2026〕3号`"
        );
        cx.report(&rules::DOCNO_FORM, &text, 0, message, None).help =
            Some("年份写全四位并用六角括号〔〕括起，序号后加「号」".to_string());
        return;
    };
    if chars.get(open) != Some(&'〔') {
        let year = text.string(open + 1..close);
        let message = format!(
            "发文字号的年份应使用六角括号〔〕，`{}` 应写作 `〔{year}〕`（GB/T 9704 §7.2.4）",
            text.string(open..close + 1)
        );
        let edits = [
            cx.src().edit(&text, open..open + 1, "〔"),
            cx.src().edit(&text, close..close + 1, "〕"),
        ];
        let fix = match edits {
            [Some(a), Some(b)] => Some(Fix {
                from: text.string(open..close + 1),
                to: format!("〔{year}〕"),
                edits: vec![a, b],
            }),
            _ => None,
        };
        cx.report_edits(&rules::DOCNO_BRACKET, text.pos(open), message, fix)
            .help = Some(
            "六角括号可用输入法的符号面板输入，或直接用 `gongwen check --fix` 修改".to_string(),
        );
    }
    let year = text.string(open + 1..close);
    if year.chars().count() != 4 {
        let message =
            format!("发文字号的年份应写全四位：`{year}` 不是完整的年份（GB/T 9704 §7.2.4）");
        cx.report(&rules::DOCNO_YEAR, &text, open + 1, message, None)
            .help = Some("如 `〔2026〕`，不要简写为 `〔26〕`".to_string());
    }
    serial(cx, &text, close + 1, written);
}

/// What follows the year: [第]序号号.
fn serial(cx: &mut Cx, text: &Text, from: usize, written: &str) {
    let mut i = from;
    if text.get(i) == Some('第') {
        let message = format!("发文字号的序号前不加「第」：`{written}`（GB/T 9704 §7.2.4）");
        cx.report(
            &rules::DOCNO_DI,
            text,
            i,
            message,
            Some((i..i + 1, String::new())),
        );
        i += 1;
    }
    let digits = (i..text.len())
        .take_while(|&k| text.get(k).is_some_and(is_digit))
        .count();
    let zeros = (i..i + digits)
        .take_while(|&k| matches!(text.get(k), Some('0' | '０')))
        .count()
        .min(digits.saturating_sub(1));
    if zeros > 0 {
        let number = text.string(i..i + digits);
        let kept = ascii_digits(&text.string(i + zeros..i + digits));
        let message =
            format!("发文字号的序号不编虚位：`{number}` 应写作 `{kept}`（GB/T 9704 §7.2.4）");
        cx.report(
            &rules::DOCNO_ZERO,
            text,
            i,
            message,
            Some((i..i + zeros, String::new())),
        );
    }
    let end = i + digits;
    if digits == 0 || text.string(end..text.len()) != "号" {
        let message = format!("发文字号应以序号加「号」结尾，如 `〔2026〕3号`；这里是 `{written}`");
        let fix = (digits > 0 && end == text.len())
            .then(|| (end - 1..end, format!("{}号", text.string(end - 1..end))));
        cx.report(
            &rules::DOCNO_FORM,
            text,
            end.min(text.len().saturating_sub(1)),
            message,
            fix,
        );
    }
}

/// 份号, 密级, 保密期限, 紧急程度 (GB/T 9704 §7.2.1–§7.2.3).
fn header_values(cx: &mut Cx, meta: &Meta) {
    if let Some(copy) = &meta.copy_number {
        let text = cx.src().value(copy);
        let v = copy.value.trim();
        if !(v.len() == 6 && v.chars().all(|c| c.is_ascii_digit())) {
            let digits = ascii_digits(v);
            let fix = (!digits.is_empty()
                && digits.len() <= 6
                && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| (0..text.len(), format!("{digits:0>6}")));
            let message =
                format!("份号应为 6 位阿拉伯数字，如 `000001`；这里是 `{v}`（GB/T 9704 §7.2.1）");
            cx.report(&rules::COPYNO_VALUE, &text, 0, message, fix);
        }
    }
    if let Some(secrecy) = &meta.secrecy {
        let text = cx.src().value(secrecy);
        let v = secrecy.value.trim();
        let squeezed: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        if !matches!(v, "绝密" | "机密" | "秘密") {
            let (message, fix) = if matches!(squeezed.as_str(), "绝密" | "机密" | "秘密") {
                (
                    format!("密级 `{v}` 中间不加空格"),
                    Some((0..text.len(), squeezed)),
                )
            } else if v.contains('★') {
                (
                    format!(
                        "密级只写 `秘密`、`机密` 或 `绝密`；`{v}` 中的保密期限请写在 `保密期限` 中，排版时自动以 ★ 连接"
                    ),
                    None,
                )
            } else {
                (
                    format!("密级应为 `绝密`、`机密` 或 `秘密`，这里是 `{v}`（GB/T 9704 §7.2.2）"),
                    None,
                )
            };
            cx.report(&rules::SECRECY_VALUE, &text, 0, message, fix);
        }
        if meta.copy_number.is_none() {
            let message = "涉密公文应当标注份号（《党政机关公文处理工作条例》第九条）".to_string();
            cx.report(&rules::COPYNO_MISSING, &text, 0, message, None)
                .help = Some("在前置元数据中加上 `份号: \"000001\"`".to_string());
        }
    }
    if let Some(period) = &meta.secrecy_period {
        secrecy_period(cx, period, meta.secrecy.is_some());
    }
    if let Some(urgency) = &meta.urgency {
        let text = cx.src().value(urgency);
        let v = urgency.value.trim();
        let squeezed: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        if !matches!(v, "特急" | "加急") {
            let (message, fix) = match squeezed.as_str() {
                "特急" | "加急" => (
                    format!("紧急程度 `{v}` 中间不加空格"),
                    Some((0..text.len(), squeezed)),
                ),
                "特提" | "平急" => (
                    format!(
                        "`{v}` 是电报的紧急程度；公文的紧急程度为 `特急` 或 `加急`（GB/T 9704 §7.2.3）"
                    ),
                    None,
                ),
                _ => (
                    format!("紧急程度应为 `特急` 或 `加急`，这里是 `{v}`（GB/T 9704 §7.2.3）"),
                    None,
                ),
            };
            cx.report(&rules::URGENCY_VALUE, &text, 0, message, fix);
        }
    }
}

fn secrecy_period(cx: &mut Cx, period: &Located<String>, has_secrecy: bool) {
    let text = cx.src().value(period);
    let v = period.value.trim();
    if !has_secrecy {
        let message = format!(
            "有保密期限 `{v}` 而没有密级：保密期限标在密级之后（如 `秘密★1年`），不单独标注"
        );
        cx.report(&rules::SECRECY_PERIOD, &text, 0, message, None)
            .help = Some("加上 `密级`，或删掉 `保密期限`".to_string());
    }
    let number = v.strip_suffix("个月").or_else(|| v.strip_suffix('年'));
    let ok = v == "长期"
        || number.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if ok {
        return;
    }
    let unit = if v.ends_with("个月") {
        "个月"
    } else {
        "年"
    };
    let arabic = number
        .and_then(crate::source::numbering::parse_chinese_numeral)
        .map(|n| n.to_string())
        .or_else(|| {
            number
                .map(ascii_digits)
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        });
    let fix = arabic.map(|n| (0..text.len(), format!("{n}{unit}")));
    let message = format!(
        "保密期限用阿拉伯数字标注，如 `1年`、`6个月` 或 `长期`；这里是 `{v}`（GB/T 9704 §7.2.2）"
    );
    cx.report(&rules::SECRECY_PERIOD, &text, 0, message, fix);
}

/// Trailing characters of a value that are in `set`, as a char range.
fn trailing(text: &Text, set: &[char]) -> Option<std::ops::Range<usize>> {
    let n = text.len();
    let kept = (0..n).rev().find(|&i| {
        text.get(i)
            .is_some_and(|c| !set.contains(&c) && !c.is_whitespace())
    })?;
    let start = kept + 1;
    let first = (start..n).find(|&i| text.get(i).is_some_and(|c| set.contains(&c)))?;
    Some(first..n)
}

/// 主送机关: the layout adds the `：`; other trailing marks would print.
fn recipient_end(cx: &mut Cx, value: &Located<String>) {
    let text = cx.src().value(value);
    if let Some(range) = trailing(&text, &['，', '、', '。', '；', ',', ';']) {
        let mark = text.string(range.clone());
        let message = format!(
            "主送机关 `{}` 末尾不加 `{mark}`：多个主送机关之间的顿号、逗号和最后的冒号由排版添加",
            value.value.trim()
        );
        let at = range.start;
        cx.report(
            &rules::RECIPIENT_PUNCT,
            &text,
            at,
            message,
            Some((range, String::new())),
        );
    } else if let Some(range) = trailing(&text, &['：', ':']) {
        let message = format!(
            "主送机关 `{}` 末尾的冒号由排版添加，源文件中不必写",
            value.value.trim()
        );
        let at = range.start;
        cx.report(
            &rules::RECIPIENT_COLON,
            &text,
            at,
            message,
            Some((range, String::new())),
        );
    }
}

/// 抄送: one organ (or one group) an item; the layout joins them with `，`
/// and closes the list with `。` (GB/T 9704 §7.4.2).
fn cc_item(cx: &mut Cx, value: &Located<String>) {
    let text = cx.src().value(value);
    for i in 0..text.len() {
        if matches!(text.get(i), Some('；' | ';')) && i + 1 < text.len() {
            let message = "抄送机关之间用逗号隔开，不用分号（GB/T 9704 §7.4.2）".to_string();
            cx.report(
                &rules::CC_SEPARATOR,
                &text,
                i,
                message,
                Some((i..i + 1, "，".to_string())),
            );
        }
    }
    if let Some(range) = trailing(&text, &['。', '，', '、', '；', ',', ';', '.']) {
        let mark = text.string(range.clone());
        let message = format!(
            "抄送机关 `{}` 后的 `{mark}` 由排版添加（机关之间加逗号，最后加句号），源文件中不必写",
            value.value.trim()
        );
        let at = range.start;
        cx.report(
            &rules::CC_END,
            &text,
            at,
            message,
            Some((range, String::new())),
        );
    }
}

/// 附件说明: no punctuation after a name, and a typed number that agrees
/// with the list (GB/T 9704 §7.3.4).
fn attachment_name(cx: &mut Cx, value: &Located<String>, number: usize, count: usize) {
    let text = cx.src().value(value);
    let digits = (0..text.len())
        .take_while(|&i| text.get(i).is_some_and(|c| c.is_ascii_digit()))
        .count();
    if digits > 0
        && matches!(text.get(digits), Some('.' | '．' | '、'))
        && !text.get(digits + 1).is_some_and(|c| c.is_ascii_digit())
    {
        let typed = text.string(0..digits);
        if typed != number.to_string() {
            let message = format!(
                "附件名称前写的序号 `{}` 与它在附件列表中的位置（第 {number} 项，共 {count} 项）不符，会原样印出",
                text.string(0..digits + 1)
            );
            let end = (digits + 1..text.len())
                .find(|&i| text.get(i).is_some_and(|c| !c.is_whitespace()))
                .unwrap_or(text.len());
            cx.report(
                &rules::ATTACH_NUMBER,
                &text,
                0,
                message,
                Some((0..end, String::new())),
            )
            .help = Some("附件序号由排版按列表顺序自动编排，名称前不必写".to_string());
        }
    }
    if let Some(range) = trailing(&text, &['。', '；', '，', ';', ',', '、', '：', ':', '.']) {
        let mark = text.string(range.clone());
        let message = format!(
            "附件名称后不加标点符号：`{}` 末尾的 `{mark}`（GB/T 9704 §7.3.4）",
            value.value.trim()
        );
        let at = range.start;
        cx.report(
            &rules::ATTACH_PUNCT,
            &text,
            at,
            message,
            Some((range, String::new())),
        );
    }
}

/// The 文种 of GB/T 9704 / 条例 第八条, with 令 for 命令.
const GENRES: [&str; 15] = [
    "决议", "决定", "命令", "令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
    "批复", "议案", "纪要",
];

/// The 文种 a title ends with.
fn genre_at_end(title: &str) -> Option<&'static str> {
    GENRES
        .iter()
        .chain(&["函"])
        .find(|g| title.ends_with(**g))
        .copied()
}

/// 标题: 文种 present and not repeated; no sentence punctuation.
fn title_rules(cx: &mut Cx, value: &Located<String>) {
    let text = cx.src().value(value);
    // What is inside 《》 is a quoted name: its own 文种 and marks are fine.
    let mut depth = 0usize;
    let mut outside = String::new();
    for i in 0..text.len() {
        let Some(c) = text.get(i) else { continue };
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '，' | '。' | '；' | '：' | '！' | '？' => {
                let message = format!(
                    "标题一般不用标点符号（书名号、引号、括号、顿号除外），这里有 `{c}`（GB/T 9704 §7.3.1）"
                );
                let fix = (c == '。' && i + 1 == text.len()).then(|| (i..i + 1, String::new()));
                cx.report(&rules::TITLE_PUNCT, &text, i, message, fix);
            }
            _ => {}
        }
        if depth == 0 && !c.is_whitespace() && c != '》' {
            outside.push(c);
        }
    }
    // `（试行）`, `（草案）` after the 文种 belong to it.
    let core = match outside.strip_suffix('）') {
        Some(rest) => rest
            .rsplit_once('（')
            .map_or(outside.as_str(), |(head, _)| head),
        None => outside.as_str(),
    };
    let end = text.len().saturating_sub(1);
    match genre_at_end(core) {
        Some(genre) => {
            let before = core.strip_suffix(genre).unwrap_or_default();
            let repeated = before.strip_suffix('的').unwrap_or(before).ends_with(genre);
            if repeated {
                let message = format!(
                    "标题中文种重复：`{}` 以「{genre}的{genre}」或「{genre}{genre}」结尾",
                    value.value.trim()
                );
                cx.report(&rules::TITLE_GENRE_REPEAT, &text, end, message, None)
                    .help = Some(format!(
                    "转发、印发类标题只保留一个「{genre}」，如「关于转发……的{genre}」；被转发文件的标题可加书名号"
                ));
            }
        }
        None => {
            let message = format!(
                "标题 `{}` 未以文种结尾：公文标题一般由发文机关、事由和文种组成（如「关于……的通知」）",
                value.value.trim()
            );
            cx.report(&rules::TITLE_GENRE_MISSING, &text, end, message, None).help = Some(
                "文种为决议、决定、命令（令）、公报、公告、通告、意见、通知、通报、报告、请示、批复、议案、函、纪要".to_string(),
            );
        }
    }
}

/// `附件3` in the 正文 when the 附件说明 lists fewer.
pub(super) fn attachment_references(cx: &mut Cx, blocks: &[Block], count: usize) {
    let texts = super::block_texts(cx.src(), blocks);
    for text in texts {
        let chars: Vec<char> = text.chars.iter().map(|ch| ch.c).collect();
        for i in 0..chars.len() {
            if chars.get(i) != Some(&'附') || chars.get(i + 1) != Some(&'件') {
                continue;
            }
            let digits: String = chars
                .get(i + 2..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let Ok(n) = digits.parse::<usize>() else {
                continue;
            };
            if n > count && n > 0 {
                let message = if count == 0 {
                    format!("正文提到附件{n}，但前置元数据中没有 `附件`（附件说明）")
                } else {
                    format!("正文提到附件{n}，但附件说明只列了 {count} 个附件")
                };
                cx.report(&rules::ATTACH_REF, &text, i, message, None).help = Some(
                    "在前置元数据的 `附件` 中列出全部附件的名称，或改正正文中的附件序号"
                        .to_string(),
                );
            }
        }
    }
}

//! What one line of a draft is, read on its own: web-page residue, a date,
//! a typed heading number, a 发文字号 …

use crate::model::Date;
use crate::source::numbering::{parse_chinese_numeral, typed_number};
use crate::source::parse_date;

/// A line is blank when it holds only spaces, including the no-break and
/// full-width spaces that web pages and WPS use for indentation.
pub(super) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// The line without the spaces around it (full-width and no-break too).
pub(super) fn trimmed(text: &str) -> &str {
    text.trim_matches(char::is_whitespace)
}

/// Display width in half-width columns: CJK and full-width forms count two.
pub(super) fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Does the line start with an indentation a paragraph start is marked by
/// (two or more spaces, a tab, or a full-width space)?
pub(super) fn indented(text: &str) -> bool {
    text.starts_with(['\t', '\u{3000}'])
        || text.starts_with("  ")
        || text.starts_with("\u{a0}\u{a0}")
}

/// Labels of web-page metadata lines (`发布日期：2020-12-30`).
const RESIDUE_LABELS: [&str; 20] = [
    "发布日期",
    "发布时间",
    "更新时间",
    "更新日期",
    "浏览次数",
    "浏览量",
    "点击数",
    "点击次数",
    "点击量",
    "阅读次数",
    "访问次数",
    "信息来源",
    "文章来源",
    "来源",
    "作者",
    "责任编辑",
    "编辑",
    "字号",
    "字体",
    "索引号",
];

/// Words of web-page chrome that make up a whole line (`【打印本页】【关闭窗口】`).
const RESIDUE_WORDS: [&str; 22] = [
    "首页",
    "打印",
    "打印本页",
    "打印此页",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "大",
    "中",
    "小",
    "字号",
    "字体",
    "收藏",
    "收藏本页",
    "分享",
    "分享到",
    "返回",
    "返回顶部",
    "返回首页",
    "上一篇",
    "下一篇",
    "扫一扫在手机打开当前页",
];

/// Why a line is not part of the document, if it is not: web-page residue,
/// a page number, a printed rule.
pub(super) fn residue(text: &str) -> Option<&'static str> {
    let t = trimmed(text);
    if t.is_empty() || t.chars().count() > 80 {
        return None;
    }
    if page_number(t) {
        return Some("页码");
    }
    if t.chars().count() >= 3 && t.chars().all(|c| "-—―─━_＿=＝~～·.".contains(c)) {
        return Some("分隔线");
    }
    if breadcrumb(t) {
        return Some("网页导航");
    }
    let tokens: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || "【】[]|｜".contains(c))
        .filter(|s| !s.is_empty())
        .collect();
    let labelled = |token: &str| {
        RESIDUE_LABELS.iter().any(|label| {
            token
                .strip_prefix(label)
                .is_some_and(|rest| rest.starts_with([':', '：']))
        })
    };
    if tokens.first().is_some_and(|first| labelled(first)) {
        return Some("网页信息");
    }
    if !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| RESIDUE_WORDS.contains(t) || labelled(t))
    {
        return Some("网页信息");
    }
    None
}

/// `- 1 -`, `— 2 —`, `－3－`, `第1页`, `第 2 页 共 5 页`, `第1页/共3页`, `3/12`, or a
/// bare page number.
fn page_number(t: &str) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    let dashes = ['-', '—', '－', '–', '―'];
    let inner = compact.trim_matches(&dashes[..]);
    if inner.len() < compact.len() && digits(inner) {
        return compact.starts_with(&dashes[..]) && compact.ends_with(&dashes[..]);
    }
    if digits(&compact) && compact.len() <= 3 {
        return true;
    }
    if let Some((a, b)) = compact.split_once('/')
        && digits(a)
        && digits(b)
    {
        return true;
    }
    let page = |s: &str| {
        s.strip_prefix('第')
            .and_then(|s| s.strip_suffix('页'))
            .is_some_and(|n| digits(n) || parse_chinese_numeral(n).is_some())
    };
    let total = |s: &str| {
        s.strip_prefix('共')
            .and_then(|s| s.strip_suffix('页'))
            .is_some_and(digits)
    };
    let parts: Vec<&str> = compact
        .split([',', '，', '/', '、'])
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [one] => {
            page(one)
                || one.find('共').is_some_and(|i| {
                    page(one.get(..i).unwrap_or_default())
                        && total(one.get(i..).unwrap_or_default())
                })
        }
        [a, b] => page(a) && total(b),
        _ => false,
    }
}

/// `首页 > 政务公开 > 通知公告`, `当前位置：首页 » 新闻`.
fn breadcrumb(t: &str) -> bool {
    let starts = [
        "首页",
        "当前位置",
        "您的位置",
        "您现在的位置",
        "你的位置",
        "位置",
    ];
    starts.iter().any(|s| t.starts_with(s)) && t.contains(['>', '＞', '›', '»', '→', '/'])
}

/// A date on its own (the 成文日期 line): `2020年12月28日`, `2020.12.28`,
/// `2020-12-28`, `2020/12/28`, `二〇二〇年十二月二十八日`. Returns the date and the
/// value to write in the front matter: the text as written when our parser
/// reads it, else `2020年12月28日`.
pub(super) fn date(text: &str) -> Option<(Date, String)> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() || compact.chars().count() > 16 {
        return None;
    }
    if !compact
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && let Some(date) = chinese_date(&compact)
    {
        return Some((date, date.to_chinese()));
    }
    let starts_with_digit = compact
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if !starts_with_digit {
        return None;
    }
    parse_date(&compact).ok().map(|date| (date, compact))
}

/// `二〇二〇年十二月二十八日` (the year digit by digit, month and day as numerals).
fn chinese_date(text: &str) -> Option<Date> {
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let digit = |c: char| match c {
        '〇' | '○' | '零' | 'О' | 'Ｏ' | 'O' | 'o' => Some('0'),
        _ => parse_chinese_numeral(&c.to_string())
            .filter(|&n| n < 10)
            .and_then(|n| char::from_digit(n, 10)),
    };
    let year: String = year.chars().map(digit).collect::<Option<_>>()?;
    let month = parse_chinese_numeral(month)?;
    let day = parse_chinese_numeral(day)?;
    parse_date(&format!("{year}-{month}-{day}")).ok()
}

/// Finds a date that ends `text` (`奈曼旗审计局办公室 2020年12月28日`): the text
/// before it (trimmed) and the date.
pub(super) fn ending_date(text: &str) -> Option<(&str, Date, String)> {
    let t = trimmed(text);
    t.char_indices().find_map(|(i, _)| {
        let (before, after) = t.split_at_checked(i)?;
        let (date, value) = date(after)?;
        Some((trimmed(before), date, value))
    })
}

/// The heading a typed number starts: its level (by the form of the
/// number), and how many bytes the number takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TypedHeading {
    pub level: u8,
    pub len: usize,
    /// A third-level number written `1、` (not `1.`).
    pub comma: bool,
}

/// `一、` → 1, `（一）`/`(一)` → 2, `1.`/`1、`/`1．` → 3, `（1）`/`(1)` → 4.
pub(super) fn typed_heading(text: &str) -> Option<TypedHeading> {
    let found = typed_number(text, &[])?;
    // `2020、2021年…` starts with a year, not with heading number 2020.
    if found.value > 99 {
        return None;
    }
    let mut chars = text.chars();
    let first = chars.next()?;
    let level = match first {
        '（' | '(' => match chars.next()? {
            c if c.is_ascii_digit() => 4,
            _ => 2,
        },
        c if c.is_ascii_digit() => 3,
        _ => 1,
    };
    let number = text.get(..found.len).unwrap_or_default();
    Some(TypedHeading {
        level,
        len: found.len,
        comma: level == 3 && number.contains('、'),
    })
}

/// 发文字号: `奈审发〔2020〕12号` (also with `[]`, `【】`, `（）`, `()` around the
/// year, as drafts often have it).
pub(super) fn doc_number(text: &str) -> bool {
    let t = trimmed(text);
    let Some(open) = t.find(['〔', '[', '【', '（', '(', '［']) else {
        return false;
    };
    let (agency, rest) = t.split_at(open);
    let mut rest = rest.chars();
    rest.next();
    let rest: String = rest.collect();
    let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let Some(after) = rest
        .get(year.len()..)
        .and_then(|r| r.strip_prefix(['〕', ']', '】', '）', ')', '］']))
    else {
        return false;
    };
    let after = after.strip_prefix('第').unwrap_or(after);
    let Some(number) = after.strip_suffix('号') else {
        return false;
    };
    !agency.is_empty()
        && agency.chars().count() <= 12
        && !agency.chars().any(char::is_whitespace)
        && year.len() == 4
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

/// The names after `签发人：` when the line is (or ends with) a 签发人 line:
/// (text before it, names).
pub(super) fn signers(text: &str) -> Option<(&str, Vec<String>)> {
    let t = trimmed(text);
    let i = t.find("签发人")?;
    let (before, rest) = t.split_at(i);
    let names = rest
        .strip_prefix("签发人")?
        .trim_start()
        .strip_prefix([':', '：'])?;
    let names: Vec<String> = names
        .split(|c: char| c.is_whitespace() || "、，,".contains(c))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (!names.is_empty()).then_some((trimmed(before), names))
}

/// The marks above the 版头 (GB/T 9704 §7.2.1–7.2.3) on one line:
/// 份号 `000001`, 密级 `机密★1年`, 紧急程度 `特急`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Marks {
    /// 份号
    pub copy_number: Option<String>,
    /// 密级
    pub secrecy: Option<String>,
    /// 保密期限
    pub secrecy_period: Option<String>,
    /// 紧急程度
    pub urgency: Option<String>,
}

/// Reads a line made only of 份号, 密级 and 紧急程度.
pub(super) fn marks(text: &str) -> Option<Marks> {
    let mut marks = Marks::default();
    for token in trimmed(text)
        .split(char::is_whitespace)
        .filter(|t| !t.is_empty())
    {
        if token.len() == 6 && token.chars().all(|c| c.is_ascii_digit()) {
            marks.copy_number = Some(token.to_string());
        } else if let Some(level) = ["绝密", "机密", "秘密"]
            .iter()
            .find(|l| token.starts_with(**l))
        {
            let rest = token.get(level.len()..).unwrap_or_default();
            let period = rest.strip_prefix(['★', '☆', '*', '＊']).unwrap_or(rest);
            if !period.is_empty()
                && !period
                    .chars()
                    .any(|c| c.is_ascii_digit() || "年月日长期".contains(c))
            {
                return None;
            }
            marks.secrecy = Some(level.to_string());
            marks.secrecy_period = (!period.is_empty()).then(|| period.to_string());
        } else if token == "特急" || token == "加急" {
            marks.urgency = Some(token.to_string());
        } else {
            return None;
        }
    }
    (marks != Marks::default()).then_some(marks)
}

/// The text after a label such as `抄送：` or `附件:`.
pub(super) fn after_label<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let rest = trimmed(text).strip_prefix(label)?.trim_start();
    rest.strip_prefix([':', '：']).map(trimmed)
}

/// Does the text end a sentence or a clause (so it is not a title, a name
/// or a signature)?
pub(super) fn ends_with_punctuation(text: &str) -> bool {
    trimmed(text)
        .chars()
        .next_back()
        .is_some_and(|c| "。，、；：！？,.;:!?…".contains(c))
}

/// A short line without closing punctuation: a title line, an organ's name.
pub(super) fn name_like(text: &str, max_chars: usize) -> bool {
    let t = trimmed(text);
    !t.is_empty()
        && t.chars().count() <= max_chars
        && !ends_with_punctuation(t)
        && !t.contains('。')
        && typed_heading(t).is_none()
        && date(t).is_none()
}

/// Where the heading sentence of a typed-number line ends: after the first
/// `。` `！` `？` outside quotes and brackets (byte offset), if text follows.
pub(super) fn sentence_end(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '“' | '‘' | '《' | '（' | '(' | '「' | '『' | '【' | '〔' => depth += 1,
            '”' | '’' | '》' | '）' | ')' | '」' | '』' | '】' | '〕' => depth -= 1,
            '。' | '！' | '？' if depth <= 0 => return Some(i + c.len_utf8()),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residue_lines() {
        for line in [
            "发布日期:2020-12-30 浏览次数:140",
            "信息来源:暂无来源",
            "首页",
            "来源：奈曼旗人民政府",
            "发布时间：2020-12-30 10:30:00",
            "字号：大 中 小",
            "【字体：大 中 小】",
            "【打印本页】 【关闭窗口】",
            "首页 > 政务公开 > 通知公告",
            "- 1 -",
            "— 2 —",
            "－3－",
            "第1页",
            "第 2 页 共 5 页",
            "第1页/共3页",
            "12",
            "———————————",
        ] {
            assert!(residue(line).is_some(), "{line}");
        }
        for line in [
            "2020年,审计局党组始终坚持",
            "来源于群众，服务于群众。",
            "一、总体要求",
            "中共奈曼旗审计局党组",
            "2020年12月28日",
            "2020",
            "第一条 为了规范管理",
        ] {
            assert_eq!(residue(line), None, "{line}");
        }
    }

    #[test]
    fn dates_in_every_spelling() {
        let d = |y, m, day| Date {
            year: y,
            month: m,
            day,
        };
        let cases = [
            ("2020年12月28日", "2020年12月28日"),
            ("  2020年12月28日", "2020年12月28日"),
            ("2020 年 12 月 28 日", "2020年12月28日"),
            ("2020.12.28", "2020.12.28"),
            ("2020-12-28", "2020-12-28"),
            ("2020/12/28", "2020/12/28"),
            ("二〇二〇年十二月二十八日", "2020年12月28日"),
            ("二○二○年十二月二十八日", "2020年12月28日"),
        ];
        for (text, value) in cases {
            assert_eq!(
                date(text),
                Some((d(2020, 12, 28), value.to_string())),
                "{text}"
            );
        }
        assert_eq!(date("2020年2月30日"), None);
        assert_eq!(date("二〇二〇年十三月一日"), None);
        assert_eq!(date("2020年工作"), None);
        assert_eq!(date("今年十二月二十八日"), None);
        let (before, date, _) = ending_date("奈曼旗审计局办公室    2020年12月28日").unwrap();
        assert_eq!((before, date), ("奈曼旗审计局办公室", d(2020, 12, 28)));
    }

    #[test]
    fn typed_headings_by_form() {
        let level = |t: &str| typed_heading(t).map(|h| (h.level, h.comma));
        assert_eq!(level("一、总体要求"), Some((1, false)));
        assert_eq!(level("（一）巡察整改情况"), Some((2, false)));
        assert_eq!(level("(一)巡察整改情况"), Some((2, false)));
        assert_eq!(level("1.加强领导"), Some((3, false)));
        assert_eq!(level("1、加强领导"), Some((3, true)));
        assert_eq!(level("1．加强领导"), Some((3, false)));
        assert_eq!(level("（1）落实"), Some((4, false)));
        assert_eq!(level("(1)落实"), Some((4, false)));
        assert_eq!(level("2020、2021年"), None);
        assert_eq!(level("一是加强"), None);
        assert_eq!(level("1.5亿元"), None);
    }

    #[test]
    fn marks_above_the_masthead() {
        let m = marks("000001　机密★1年　特急").unwrap();
        assert_eq!(m.copy_number.as_deref(), Some("000001"));
        assert_eq!(m.secrecy.as_deref(), Some("机密"));
        assert_eq!(m.secrecy_period.as_deref(), Some("1年"));
        assert_eq!(m.urgency.as_deref(), Some("特急"));
        assert_eq!(marks("秘密").unwrap().secrecy_period, None);
        assert_eq!(marks("秘密文件的管理"), None);
        assert_eq!(marks("特急通知"), None);
        assert_eq!(marks("2020"), None);
    }

    #[test]
    fn numbers_signers_and_sentences() {
        assert!(doc_number("奈审发〔2020〕12号"));
        assert!(doc_number("奈审发[2020]12号"));
        assert!(doc_number("  奈审发（2020）第12号"));
        assert!(!doc_number("关于奈审发〔2020〕12号文件的说明"));
        assert!(!doc_number("2020年工作"));
        let (before, names) = signers("奈审发〔2020〕12号　　　签发人：张三").unwrap();
        assert_eq!(before, "奈审发〔2020〕12号");
        assert_eq!(names, ["张三"]);
        let (_, names) = signers("签发人: 张三 李四").unwrap();
        assert_eq!(names, ["张三", "李四"]);
        let t = "1、加强组织领导，落实“一岗双责。”要求。一是高度重视。";
        let end = sentence_end(t).unwrap();
        assert_eq!(&t[..end], "1、加强组织领导，落实“一岗双责。”要求。");
        assert_eq!(sentence_end("三、下一步工作"), None);
    }
}

//! The rules of `gongwen check`: a stable id, a severity and what each
//! looks at. Ids never change meaning; a retired rule keeps its id unused.

use crate::diag::Severity;

/// One lint rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, e.g. `GW-DOCNO-BRACKET`.
    pub id: &'static str,
    /// Errors stop `gongwen render` (unless `--force`); warnings are matters
    /// of judgement or of the source only (the print is right regardless).
    pub severity: Severity,
    /// What the rule checks, in Chinese (for the rule list).
    pub what: &'static str,
}

const fn rule(id: &'static str, severity: Severity, what: &'static str) -> Rule {
    Rule { id, severity, what }
}

use Severity::{Error, Warning};

/// The source stage's own message (YAML, unknown key, Markdown …); its
/// severity is the message's.
pub const SOURCE: Rule = rule(
    "GW-SOURCE",
    Error,
    "源文件无法解析（前置元数据、Markdown 结构等）",
);

pub const DOCNO_BRACKET: Rule = rule("GW-DOCNO-BRACKET", Error, "发文字号的年份用六角括号〔〕");
pub const DOCNO_YEAR: Rule = rule("GW-DOCNO-YEAR", Error, "发文字号的年份写全四位");
pub const DOCNO_DI: Rule = rule("GW-DOCNO-DI", Error, "发文字号的序号前不加「第」");
pub const DOCNO_ZERO: Rule = rule(
    "GW-DOCNO-ZERO",
    Error,
    "发文字号的序号不编虚位（1 不写作 01）",
);
pub const DOCNO_FORM: Rule = rule(
    "GW-DOCNO-FORM",
    Error,
    "发文字号由机关代字、〔年份〕、序号和「号」组成",
);

pub const DATE_FORMAT: Rule = rule(
    "GW-DATE-FORMAT",
    Warning,
    "日期用阿拉伯数字、不编虚位（2020年1月5日）",
);
pub const DATE_FUTURE: Rule = rule(
    "GW-DATE-FUTURE",
    Warning,
    "成文日期、印发日期不晚于今天（可用 --max-future-days 放宽）",
);
pub const DATE_ORDER: Rule = rule("GW-DATE-ORDER", Warning, "印发日期不早于成文日期");

pub const HEADING_SEQUENCE: Rule = rule(
    "GW-HEADING-SEQUENCE",
    Error,
    "同级标题序号连续，不跳号、不重号",
);
pub const HEADING_LEVEL: Rule = rule(
    "GW-HEADING-LEVEL",
    Error,
    "所写序号与标题层级（# 的个数）一致",
);
pub const HEADING_EXTRA_PUNCT: Rule = rule(
    "GW-HEADING-EXTRA-PUNCT",
    Error,
    "序号后不再加标点（（一）、 → （一））",
);
pub const HEADING_NUMBER_FORM: Rule = rule(
    "GW-HEADING-NUMBER-FORM",
    Error,
    "序号写法可识别（一. 、1，会被当作正文而重复编号）",
);
pub const HEADING_STYLE: Rule = rule(
    "GW-HEADING-STYLE",
    Warning,
    "所写序号与本级样式一致（1、 → 1.，(一) → （一））",
);
pub const HEADING_SKIP: Rule = rule("GW-HEADING-SKIP", Warning, "标题层级逐级展开，不越级");

pub const PUNCT_HALFWIDTH: Rule = rule(
    "GW-PUNCT-HALFWIDTH",
    Error,
    "中文中的标点用全角（, : ; ( ) ? ! . → ，：；（）？！。）",
);
pub const PUNCT_QUOTES: Rule = rule("GW-PUNCT-QUOTES", Error, "中文中的引号用弯引号“”‘’并成对");
pub const PUNCT_ELLIPSIS: Rule = rule("GW-PUNCT-ELLIPSIS", Error, "省略号写作……（两个 …）");
pub const PUNCT_DASH: Rule = rule("GW-PUNCT-DASH", Error, "破折号写作——（两个 —）");
pub const PUNCT_SERIAL: Rule = rule(
    "GW-PUNCT-SERIAL",
    Warning,
    "并列的书名号、引号之间不用顿号（》、《 → 》《）",
);
pub const DIGIT_FULLWIDTH: Rule = rule(
    "GW-DIGIT-FULLWIDTH",
    Warning,
    "数字用半角阿拉伯数字（１２ → 12）",
);

pub const RECIPIENT_COLON: Rule = rule(
    "GW-RECIPIENT-COLON",
    Warning,
    "主送机关末尾的冒号由排版添加，源文件中不写",
);
pub const RECIPIENT_PUNCT: Rule = rule(
    "GW-RECIPIENT-PUNCT",
    Error,
    "主送机关末尾不加逗号、顿号、句号",
);
pub const CC_END: Rule = rule(
    "GW-CC-END",
    Warning,
    "抄送机关之间的逗号和末尾的句号由排版添加，源文件中不写",
);
pub const CC_SEPARATOR: Rule = rule("GW-CC-SEPARATOR", Error, "抄送机关之间用逗号，不用分号");
pub const ATTACH_PUNCT: Rule = rule("GW-ATTACH-PUNCT", Warning, "附件名称后不加标点");
pub const ATTACH_NUMBER: Rule = rule(
    "GW-ATTACH-NUMBER",
    Error,
    "附件名称前所写序号与其在附件列表中的位置一致",
);
pub const ATTACH_REF: Rule = rule("GW-ATTACH-REF", Warning, "正文提到的附件在附件说明中存在");

pub const SECRECY_VALUE: Rule = rule("GW-SECRECY-VALUE", Error, "密级为绝密、机密或秘密");
pub const SECRECY_PERIOD: Rule = rule(
    "GW-SECRECY-PERIOD",
    Error,
    "保密期限用阿拉伯数字（1年、6个月）或「长期」，且有密级",
);
pub const URGENCY_VALUE: Rule = rule("GW-URGENCY-VALUE", Error, "紧急程度为特急或加急");
pub const COPYNO_VALUE: Rule = rule("GW-COPYNO-VALUE", Error, "份号为 6 位阿拉伯数字（000001）");
pub const COPYNO_MISSING: Rule = rule("GW-COPYNO-MISSING", Warning, "涉密公文标注份号");

pub const TITLE_GENRE_REPEAT: Rule = rule(
    "GW-TITLE-GENRE-REPEAT",
    Warning,
    "标题不重复文种（……的通知的通知）",
);
pub const TITLE_GENRE_MISSING: Rule = rule(
    "GW-TITLE-GENRE-MISSING",
    Warning,
    "标题以文种结尾（通知、报告、请示、函……）",
);
pub const TITLE_PUNCT: Rule = rule(
    "GW-TITLE-PUNCT",
    Warning,
    "标题一般不用标点（书名号、引号、括号、顿号除外）",
);

/// Every rule, in the order of the rule list in README.md.
pub const ALL: [&Rule; 36] = [
    &SOURCE,
    &DOCNO_BRACKET,
    &DOCNO_YEAR,
    &DOCNO_DI,
    &DOCNO_ZERO,
    &DOCNO_FORM,
    &DATE_FORMAT,
    &DATE_FUTURE,
    &DATE_ORDER,
    &HEADING_SEQUENCE,
    &HEADING_LEVEL,
    &HEADING_EXTRA_PUNCT,
    &HEADING_NUMBER_FORM,
    &HEADING_STYLE,
    &HEADING_SKIP,
    &PUNCT_HALFWIDTH,
    &PUNCT_QUOTES,
    &PUNCT_ELLIPSIS,
    &PUNCT_DASH,
    &PUNCT_SERIAL,
    &DIGIT_FULLWIDTH,
    &RECIPIENT_COLON,
    &RECIPIENT_PUNCT,
    &CC_END,
    &CC_SEPARATOR,
    &ATTACH_PUNCT,
    &ATTACH_NUMBER,
    &ATTACH_REF,
    &SECRECY_VALUE,
    &SECRECY_PERIOD,
    &URGENCY_VALUE,
    &COPYNO_VALUE,
    &COPYNO_MISSING,
    &TITLE_GENRE_REPEAT,
    &TITLE_GENRE_MISSING,
    &TITLE_PUNCT,
];

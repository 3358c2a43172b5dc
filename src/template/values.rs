//! Reading the values of a profile: lengths with units, type sizes (号),
//! counts, colours, font roles, heading number styles.
//!
//! Values come from the spanned YAML tree of `source::yaml`, so every bad
//! value is reported at its own line and column, in Chinese.

use crate::fonts::Role;
use crate::model::{NumberStyle, SourcePos};
use crate::source::numbering::{PatternError, parse_pattern};
use crate::source::suggest;
use crate::source::yaml::{Kind, Value};
use crate::units::{Mm, Pt};

use super::Color;

/// A value that cannot be used: where, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bad {
    pub pos: SourcePos,
    pub message: String,
    pub help: String,
}

impl Bad {
    fn new(pos: SourcePos, message: impl Into<String>, help: impl Into<String>) -> Bad {
        Bad {
            pos,
            message: message.into(),
            help: help.into(),
        }
    }
}

pub(super) type Read<T> = Result<T, Bad>;

/// The text of a scalar; anything else is the wrong type.
fn scalar<'v>(name: &str, value: &'v Value, expected: &str, example: &str) -> Read<&'v str> {
    match &value.kind {
        Kind::Scalar { text, .. } => Ok(text.trim()),
        Kind::Null => Err(Bad::new(
            value.pos,
            format!("`{name}` 缺少值"),
            format!("在冒号后写上{expected}，如 `{name}: {example}`；不改这一项就删掉这一行"),
        )),
        other => Err(Bad::new(
            value.pos,
            format!("`{name}` 应为{expected}，这里是{}", other.describe()),
            format!("写成 `{name}: {example}`"),
        )),
    }
}

/// Splits `12.5mm` into the number and what follows it.
fn number_and_unit(text: &str) -> Option<(f64, &str)> {
    let end = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || ((c == '-' || c == '+') && i == 0)))
        .map_or(text.len(), |(i, _)| i);
    let number: f64 = text.get(..end)?.parse().ok()?;
    number
        .is_finite()
        .then(|| (number, text.get(end..).unwrap_or_default().trim()))
}

/// A length as written: its number and unit.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Written {
    Mm(f64),
    Pt(f64),
}

impl Written {
    /// Converted as [`Pt::to_mm`] does, so that `14pt` in a profile gives
    /// exactly the millimetres of `Pt(14.0).to_mm()` in the code.
    fn mm(self) -> Mm {
        match self {
            Written::Mm(mm) => Mm(mm as f32),
            Written::Pt(pt) => Pt(pt as f32).to_mm(),
        }
    }

    fn pt(self) -> Pt {
        match self {
            Written::Mm(mm) => Mm(mm as f32).to_pt(),
            Written::Pt(pt) => Pt(pt as f32),
        }
    }

    fn as_mm(self) -> f64 {
        match self {
            Written::Mm(mm) => mm,
            Written::Pt(pt) => pt * 25.4 / 72.0,
        }
    }
}

/// `37` + `mm` → a length; `None` for an unknown unit.
fn with_unit(number: f64, unit: &str) -> Option<Written> {
    match unit.to_ascii_lowercase().as_str() {
        "mm" | "毫米" => Some(Written::Mm(number)),
        // In f64: `3.7cm` must give exactly the f32 of `37mm`.
        "cm" | "厘米" => Some(Written::Mm(number * 10.0)),
        "pt" | "磅" => Some(Written::Pt(number)),
        _ => None,
    }
}

/// The lowest value a length may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Floor {
    /// Margins and gaps may be 0.
    Zero,
    /// Sizes of things must be more than 0.
    Positive,
}

const LENGTH_HELP: &str = "写成带单位的长度，如 `37mm`、`3.7cm` 或 `29.5pt`";

/// A length with its unit: `37mm`, `3.7cm`, `29.5pt` (or 毫米/厘米/磅).
fn written_length(name: &str, value: &Value, floor: Floor) -> Read<Written> {
    let text = scalar(name, value, "长度", "37mm")?;
    let Some((number, unit)) = number_and_unit(text) else {
        let message = format!("`{name}` 应为长度，这里是 `{text}`");
        return Err(Bad::new(value.pos, message, LENGTH_HELP));
    };
    let Some(written) = with_unit(number, unit) else {
        let message = if unit.is_empty() {
            format!("`{name}` 的长度 `{text}` 缺少单位")
        } else {
            format!("`{name}` 的长度单位 `{unit}` 无法识别")
        };
        return Err(Bad::new(value.pos, message, LENGTH_HELP));
    };
    let mm = written.as_mm();
    if mm < 0.0 {
        let message = format!("`{name}` 不能为负数：`{text}`");
        return Err(Bad::new(value.pos, message, "长度应为 0 或正数"));
    }
    if floor == Floor::Positive && mm == 0.0 {
        let message = format!("`{name}` 应大于 0：`{text}`");
        return Err(Bad::new(value.pos, message, LENGTH_HELP));
    }
    if mm > 1000.0 {
        let message = format!("`{name}` 的长度 `{text}` 超过 1 米，不像是纸面上的尺寸");
        return Err(Bad::new(value.pos, message, LENGTH_HELP));
    }
    Ok(written)
}

pub(super) fn length(name: &str, value: &Value, floor: Floor) -> Read<Mm> {
    written_length(name, value, floor).map(Written::mm)
}

/// A length kept in points (a line pitch the code compares with sizes).
pub(super) fn points(name: &str, value: &Value) -> Read<Pt> {
    written_length(name, value, Floor::Positive).map(Written::pt)
}

/// The Chinese type sizes (号) in points, Word's system (GBT9704.md §2.2).
pub(super) const SIZES: [(&str, &str, f32); 16] = [
    ("初号", "0号", 42.0),
    ("小初", "小初", 36.0),
    ("一号", "1号", 26.0),
    ("小一", "小1", 24.0),
    ("二号", "2号", 22.0),
    ("小二", "小2", 18.0),
    ("三号", "3号", 16.0),
    ("小三", "小3", 15.0),
    ("四号", "4号", 14.0),
    ("小四", "小4", 12.0),
    ("五号", "5号", 10.5),
    ("小五", "小5", 9.0),
    ("六号", "6号", 7.5),
    ("小六", "小6", 6.5),
    ("七号", "7号", 5.5),
    ("八号", "8号", 5.0),
];

/// A type size: a 号 (`三号`, `3号`, `小四`) or a length (`16pt`).
pub(super) fn size(name: &str, value: &Value) -> Read<Pt> {
    let text = scalar(name, value, "字号", "三号")?;
    if let Some((_, _, pt)) = SIZES
        .iter()
        .find(|(zh, digit, _)| *zh == text || *digit == text)
    {
        return Ok(Pt(*pt));
    }
    let help = "写成字号名（如 `三号`、`小四`）或磅数（如 `16pt`）";
    let Some((number, unit)) = number_and_unit(text) else {
        let message = format!("`{name}` 应为字号，这里是 `{text}`");
        return Err(Bad::new(value.pos, message, help));
    };
    let Some(written) = with_unit(number, unit) else {
        let message = if unit.is_empty() {
            format!("`{name}` 的字号 `{text}` 缺少单位")
        } else {
            format!("`{name}` 的字号单位 `{unit}` 无法识别")
        };
        return Err(Bad::new(value.pos, message, help));
    };
    let pt = written.pt();
    if !(pt.0 > 0.0 && pt.0 <= 500.0) {
        let message = format!("`{name}` 应为 0 到 500 磅之间的字号，这里是 `{text}`");
        return Err(Bad::new(value.pos, message, help));
    }
    Ok(pt)
}

/// A line pitch: `网格` (one grid line) or a length.
pub(super) fn pitch(name: &str, value: &Value) -> Read<Option<Mm>> {
    let text = scalar(name, value, "行距", "网格")?;
    if text == "网格" || text.eq_ignore_ascii_case("grid") {
        return Ok(None);
    }
    length(name, value, Floor::Positive)
        .map(Some)
        .map_err(|mut bad| {
            bad.help = "写成 `网格`（版心高度 ÷ 每面行数），或带单位的长度，如 `29.5pt`".into();
            bad
        })
}

/// A count of lines or characters: a whole number from 1 to 200.
pub(super) fn count(name: &str, value: &Value) -> Read<u32> {
    let text = scalar(name, value, "正整数", "22")?;
    match text.parse::<u32>() {
        Ok(n) if (1..=200).contains(&n) => Ok(n),
        _ => Err(Bad::new(
            value.pos,
            format!("`{name}` 应为 1 到 200 之间的整数，这里是 `{text}`"),
            format!("写成 `{name}: 22` 这样的整数"),
        )),
    }
}

/// A proportion greater than 0 and at most 1.
pub(super) fn scale(name: &str, value: &Value) -> Read<f32> {
    let text = scalar(name, value, "比例", "0.6")?;
    match text.parse::<f32>() {
        Ok(x) if x > 0.0 && x <= 1.0 => Ok(x),
        _ => Err(Bad::new(
            value.pos,
            format!("`{name}` 应为大于 0、不超过 1 的比例，这里是 `{text}`"),
            format!("写成 `{name}: 0.6` 这样的小数"),
        )),
    }
}

/// 表格宽度: `通栏` (full) or `内容` (content).
pub(super) fn table_width(name: &str, value: &Value) -> Read<super::TableWidth> {
    let text = scalar(name, value, "通栏/内容", "通栏")?;
    match text {
        "通栏" | "full" => Ok(super::TableWidth::Full),
        "内容" | "content" => Ok(super::TableWidth::Content),
        _ => Err(Bad::new(
            value.pos,
            format!("`{name}` 应为 通栏 或 内容（full/content），这里是 `{text}`"),
            "写成 `通栏`（占满版心宽度）或 `内容`（按内容宽度居中）",
        )),
    }
}

/// Yes or no: `是`/`否`, `true`/`false`.
pub(super) fn flag(name: &str, value: &Value) -> Read<bool> {
    let text = scalar(name, value, "是/否", "否")?;
    match text {
        "是" | "true" | "yes" => Ok(true),
        "否" | "false" | "no" => Ok(false),
        _ => Err(Bad::new(
            value.pos,
            format!("`{name}` 应为 是/否（true/false），这里是 `{text}`"),
            "写成 `是` 或 `否`",
        )),
    }
}

const COLOR_HELP: &str = "写成 CMYK 百分比，如 `C0 M80 Y80 K0`（GB/T 9704 §6.2 的红色），或带引号的 RGB，如 `\"#FF0000\"`";

/// A colour: CMYK percentages (`C0 M80 Y80 K0`, `Y80 M80`) or `#RRGGBB`.
pub(super) fn color(name: &str, value: &Value) -> Read<Color> {
    if matches!(value.kind, Kind::Null) {
        // `红色: #FF0000` unquoted is a YAML comment: the value is empty.
        let message = format!("`{name}` 缺少值");
        let help = "`#` 开头的颜色要加引号，如 `红色: \"#FF0000\"`；或写 CMYK，如 `C0 M80 Y80 K0`";
        return Err(Bad::new(value.pos, message, help));
    }
    let text = scalar(name, value, "颜色", "C0 M80 Y80 K0")?;
    let parsed = match text.strip_prefix('#') {
        Some(hex) => rgb(hex),
        None => cmyk(text),
    };
    parsed.ok_or_else(|| {
        let message = format!("`{name}` 不是可识别的颜色：`{text}`");
        Bad::new(value.pos, message, COLOR_HELP)
    })
}

fn rgb(hex: &str) -> Option<Color> {
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| {
        let byte = u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?;
        Some(f32::from(byte) / 255.0)
    };
    Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?))
}

/// `C0 M80 Y80 K0` in any order, each at most once; a missing ink is 0.
fn cmyk(text: &str) -> Option<Color> {
    let mut inks: [Option<f32>; 4] = [None; 4];
    for token in text.split([' ', ',', '，']).filter(|t| !t.is_empty()) {
        let mut chars = token.chars();
        let letter = chars.next()?.to_ascii_uppercase();
        let slot = inks.get_mut("CMYK".find(letter)?)?;
        let rest = chars.as_str().trim_end_matches('%');
        let percent: f32 = rest.parse().ok()?;
        if slot.is_some() || !(0.0..=100.0).contains(&percent) {
            return None;
        }
        *slot = Some(percent / 100.0);
    }
    if inks.iter().all(Option::is_none) {
        return None;
    }
    let [c, m, y, k] = inks.map(|i| i.unwrap_or(0.0));
    Some(Color::Cmyk(c, m, y, k))
}

/// 字体: `{仿宋: 方正仿宋_GBK, 楷体: [方正楷体_GBK, 楷体]}` — for each role
/// named, the families it tries first. Roles not named keep the base's.
pub(super) fn families(
    name: &str,
    value: &Value,
    slots: &mut Vec<(Role, Vec<String>)>,
) -> Read<()> {
    let entries = match &value.kind {
        Kind::Map(entries) => entries,
        Kind::Null => return Ok(()),
        other => {
            let message = format!(
                "`{name}` 应为映射（字体角色: 字体名称），这里是{}",
                other.describe()
            );
            return Err(Bad::new(
                value.pos,
                message,
                "写成 `字体: {仿宋: 方正仿宋_GBK}`",
            ));
        }
    };
    for (key, item) in entries {
        let role = role(name, key, 0)?;
        let mut names = Vec::new();
        match &item.kind {
            Kind::Scalar { text, .. } => names.push(text.trim().to_string()),
            Kind::Seq(list) => {
                for entry in list {
                    let Kind::Scalar { text, .. } = &entry.kind else {
                        let message = format!(
                            "`{name}` 的字体名称应为字符串，这里是{}",
                            entry.kind.describe()
                        );
                        return Err(Bad::new(entry.pos, message, "每个字体写一个名称"));
                    };
                    names.push(text.trim().to_string());
                }
            }
            other => {
                let message = format!(
                    "`{name}` 的字体名称应为字符串或列表，这里是{}",
                    other.describe()
                );
                return Err(Bad::new(item.pos, message, "写成 `仿宋: 方正仿宋_GBK`"));
            }
        }
        names.retain(|n| !n.is_empty());
        slots.retain(|(r, _)| *r != role);
        slots.push((role, names));
    }
    slots.sort_by_key(|(r, _)| *r);
    Ok(())
}

/// Role names as a profile writes them: Chinese, or English.
const ROLES: [(Role, &str); 6] = [
    (Role::XiaoBiaoSong, "xiaobiaosong"),
    (Role::FangSong, "fangsong"),
    (Role::HeiTi, "heiti"),
    (Role::KaiTi, "kaiti"),
    (Role::SongTi, "songti"),
    (Role::Latin, "latin"),
];

fn role(name: &str, item: &Value, index: usize) -> Read<Role> {
    let Kind::Scalar { text, .. } = &item.kind else {
        let message = format!(
            "`{name}` 的第 {} 项应为字体名称，这里是{}",
            index + 1,
            item.kind.describe()
        );
        return Err(Bad::new(item.pos, message, "每一级写一个字体，如 `楷体`"));
    };
    let text = text.trim();
    if let Some((role, _)) = ROLES
        .iter()
        .find(|(role, en)| role.name() == text || en.eq_ignore_ascii_case(text))
    {
        return Ok(*role);
    }
    let known: Vec<&str> = ROLES
        .iter()
        .map(|(role, _)| role.name())
        .chain(ROLES.iter().map(|(_, en)| *en))
        .collect();
    let message = format!("未知的字体 `{text}`");
    let help = match suggest(text, &known) {
        Some(s) => format!("你是不是想写 `{s}`？字体可以是：小标宋、仿宋、黑体、楷体、宋体、西文"),
        None => "字体可以是：小标宋、仿宋、黑体、楷体、宋体、西文（具体字体在 fonts/candidates.yaml 中选择）".into(),
    };
    Err(Bad::new(item.pos, message, help))
}

/// A list of 1 to 4 items, one per heading level from the first.
fn levels<'v>(name: &str, value: &'v Value, example: &str) -> Read<&'v [Value]> {
    let Kind::Seq(items) = &value.kind else {
        let message = format!("`{name}` 应为列表，这里是{}", value.kind.describe());
        return Err(Bad::new(
            value.pos,
            message,
            format!("写成 `{name}: {example}`"),
        ));
    };
    if items.is_empty() {
        let message = format!("`{name}` 至少要写一级");
        return Err(Bad::new(
            value.pos,
            message,
            format!("写成 `{name}: {example}`"),
        ));
    }
    if let Some(extra) = items.get(4) {
        let message = format!("`{name}` 最多四级，这里有 {} 项", items.len());
        return Err(Bad::new(
            extra.pos,
            message,
            "公文标题只有四个层次：一、（一）1.（1）",
        ));
    }
    Ok(items)
}

/// 层次字体: the levels given replace the base's; the others keep it.
pub(super) fn roles(name: &str, value: &Value, slots: &mut [Role; 4]) -> Read<()> {
    let items = levels(name, value, "[黑体, 楷体, 仿宋, 仿宋]")?;
    for (i, (item, slot)) in items.iter().zip(slots.iter_mut()).enumerate() {
        *slot = role(name, item, i)?;
    }
    Ok(())
}

/// 编号: as the front matter's, the levels given replace the base's.
pub(super) fn numbering(name: &str, value: &Value, slots: &mut [NumberStyle; 4]) -> Read<()> {
    let items = levels(name, value, "[一、, （一）, 1., （1）]")?;
    for (i, (item, slot)) in items.iter().zip(slots.iter_mut()).enumerate() {
        let Kind::Scalar { text, .. } = &item.kind else {
            let message = format!(
                "`{name}` 的第 {} 项应为字符串，这里是{}",
                i + 1,
                item.kind.describe()
            );
            return Err(Bad::new(item.pos, message, "每一级写一个样式，如 `（一）`"));
        };
        *slot = parse_pattern(text).map_err(|why| {
            let reason = match why {
                PatternError::NoCounter => "其中应有序数 `一` 或 `1`（写第一个序号）",
                PatternError::SeveralCounters => "其中只能有一个序数",
                PatternError::Bare => "序数前后应有标点，如 `、` `.` `（）`",
            };
            let message = format!("无法识别的编号样式 `{text}`：{reason}");
            Bad::new(
                item.pos,
                message,
                "样式如 `一、` `（一）` `1.` `1、` `（1）`",
            )
        })?;
    }
    Ok(())
}

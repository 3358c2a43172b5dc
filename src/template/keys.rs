//! The keys of a profile file: each names one field of [`Profile`], in
//! Chinese and English; [`apply`] reads the value written for it.

use crate::source::yaml::Value;

use super::Profile;
use super::values::{
    Floor, Read, color, count, families, flag, length, numbering, pitch, points, roles, scale,
    size, table_width,
};

/// A field of [`Profile`] that a profile file can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    PageWidth,
    PageHeight,
    MarginTop,
    MarginLeft,
    BodyWidth,
    BodyHeight,
    LinesPerPage,
    CharsPerLine,
    LinePitch,
    BodySize,
    TitleSize,
    TitlePitch,
    HeadingRoles,
    FontFamilies,
    Numbering,
    MarkTop,
    MarkSize,
    MarkMinScaleX,
    Red,
    RedLineThickness,
    RedLineGap,
    RedLineStar,
    HeaderReserveCopyLine,
    MinTightenedPitch,
    ColophonOnEvenPage,
    ColophonSize,
    ColophonThickRule,
    ColophonThinRule,
    PageNumberSize,
    PageNumberDrop,
    LetterMarkTop,
    LetterLineDrop,
    LetterLineLength,
    LetterThickLine,
    LetterThinLine,
    LetterLineGap,
    LetterBottomLineRise,
    LetterElementGap,
    LetterColophonOnEvenPage,
    OrderMarkTop,
    MinutesMarkTop,
    MinutesNumber,
    MinutesOrganDateLine,
    MinutesRedLine,
    TableSize,
    TableWidth,
    TableRule,
    TableLinePitch,
    TableCellPaddingX,
    TableCellPaddingY,
    LandscapePageNumberTurned,
}

/// Every field with its Chinese and English key, in the order of
/// `templates/文件.yaml`.
pub(super) const FIELDS: [(Field, &str, &str); 51] = [
    (Field::PageWidth, "纸张宽度", "page_width"),
    (Field::PageHeight, "纸张高度", "page_height"),
    (Field::MarginTop, "天头", "margin_top"),
    (Field::MarginLeft, "订口", "margin_left"),
    (Field::BodyWidth, "版心宽度", "body_width"),
    (Field::BodyHeight, "版心高度", "body_height"),
    (Field::LinesPerPage, "每面行数", "lines_per_page"),
    (Field::CharsPerLine, "每行字数", "chars_per_line"),
    (Field::LinePitch, "行距", "line_pitch"),
    (Field::BodySize, "正文字号", "body_size"),
    (Field::TitleSize, "标题字号", "title_size"),
    (Field::TitlePitch, "标题行距", "title_pitch"),
    (Field::HeadingRoles, "层次字体", "heading_fonts"),
    (Field::FontFamilies, "字体", "fonts"),
    (Field::Numbering, "编号", "numbering"),
    (Field::MarkTop, "标志上边缘", "mark_top"),
    (Field::MarkSize, "标志字号", "mark_size"),
    (Field::MarkMinScaleX, "标志最小宽度比例", "mark_min_scale_x"),
    (Field::Red, "红色", "red"),
    (Field::RedLineThickness, "红线粗细", "red_line_thickness"),
    (Field::RedLineGap, "红线间距", "red_line_gap"),
    (Field::RedLineStar, "红线五角星", "red_line_star"),
    (
        Field::HeaderReserveCopyLine,
        "保留份号行",
        "header_reserve_copy_line",
    ),
    (
        Field::MinTightenedPitch,
        "最小紧缩行距",
        "min_tightened_pitch",
    ),
    (
        Field::ColophonOnEvenPage,
        "版记在偶数页",
        "colophon_on_even_page",
    ),
    (Field::ColophonSize, "版记字号", "colophon_size"),
    (Field::ColophonThickRule, "版记粗线", "colophon_thick_rule"),
    (Field::ColophonThinRule, "版记细线", "colophon_thin_rule"),
    (Field::PageNumberSize, "页码字号", "page_number_size"),
    (Field::PageNumberDrop, "页码距版心", "page_number_drop"),
    (Field::LetterMarkTop, "信函标志上边缘", "letter_mark_top"),
    (Field::LetterLineDrop, "信函红线间距", "letter_line_drop"),
    (
        Field::LetterLineLength,
        "信函红线长度",
        "letter_line_length",
    ),
    (Field::LetterThickLine, "信函粗线", "letter_thick_line"),
    (Field::LetterThinLine, "信函细线", "letter_thin_line"),
    (Field::LetterLineGap, "信函双线间隙", "letter_line_gap"),
    (
        Field::LetterBottomLineRise,
        "信函下红线距底边",
        "letter_bottom_line_rise",
    ),
    (
        Field::LetterElementGap,
        "信函要素间距",
        "letter_element_gap",
    ),
    (
        Field::LetterColophonOnEvenPage,
        "信函版记在偶数页",
        "letter_colophon_on_even_page",
    ),
    (Field::OrderMarkTop, "命令标志上边缘", "order_mark_top"),
    (Field::MinutesMarkTop, "纪要标志上边缘", "minutes_mark_top"),
    (Field::MinutesNumber, "纪要编号", "minutes_number"),
    (
        Field::MinutesOrganDateLine,
        "纪要机关日期行",
        "minutes_organ_date_line",
    ),
    (Field::MinutesRedLine, "纪要红线", "minutes_red_line"),
    (Field::TableSize, "表格字号", "table_size"),
    (Field::TableWidth, "表格宽度", "table_width"),
    (Field::TableRule, "表格线粗细", "table_rule"),
    (Field::TableLinePitch, "表格行距", "table_line_pitch"),
    (
        Field::TableCellPaddingX,
        "表格左右边距",
        "table_cell_padding_x",
    ),
    (
        Field::TableCellPaddingY,
        "表格上下边距",
        "table_cell_padding_y",
    ),
    (
        Field::LandscapePageNumberTurned,
        "横排页码随表格",
        "landscape_page_number_turned",
    ),
];

/// The field a key names, in either spelling (English in any letter case).
pub(super) fn lookup(name: &str) -> Option<Field> {
    FIELDS
        .iter()
        .find(|(_, zh, en)| *zh == name || en.eq_ignore_ascii_case(name))
        .map(|(field, _, _)| *field)
}

/// The Chinese key of a field, for messages.
pub(super) fn chinese(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, _, _)| *f == field)
        .map_or("", |(_, zh, _)| zh)
}

/// Sets `field` of `profile` from `value`; `name` is the key as written.
pub(super) fn apply(profile: &mut Profile, field: Field, name: &str, value: &Value) -> Read<()> {
    let p = profile;
    match field {
        Field::PageWidth => p.page_width = length(name, value, Floor::Positive)?,
        Field::PageHeight => p.page_height = length(name, value, Floor::Positive)?,
        Field::MarginTop => p.margin_top = length(name, value, Floor::Zero)?,
        Field::MarginLeft => p.margin_left = length(name, value, Floor::Zero)?,
        Field::BodyWidth => p.body_width = length(name, value, Floor::Positive)?,
        Field::BodyHeight => p.body_height = length(name, value, Floor::Positive)?,
        Field::LinesPerPage => p.lines_per_page = count(name, value)?,
        Field::CharsPerLine => p.chars_per_line = count(name, value)?,
        Field::LinePitch => p.line_pitch = pitch(name, value)?,
        Field::BodySize => p.body_size = size(name, value)?,
        Field::TitleSize => p.title_size = size(name, value)?,
        Field::TitlePitch => p.title_pitch = pitch(name, value)?,
        Field::HeadingRoles => roles(name, value, &mut p.heading_roles)?,
        Field::FontFamilies => families(name, value, &mut p.font_families)?,
        Field::Numbering => numbering(name, value, &mut p.numbering)?,
        Field::MarkTop => p.mark_top = length(name, value, Floor::Zero)?,
        Field::MarkSize => p.mark_size = size(name, value)?,
        Field::MarkMinScaleX => p.mark_min_scale_x = scale(name, value)?,
        Field::Red => p.red = color(name, value)?,
        Field::RedLineThickness => p.red_line_thickness = length(name, value, Floor::Positive)?,
        Field::RedLineGap => p.red_line_gap = length(name, value, Floor::Zero)?,
        Field::RedLineStar => p.red_line_star = flag(name, value)?,
        Field::HeaderReserveCopyLine => p.header_reserve_copy_line = flag(name, value)?,
        Field::MinTightenedPitch => p.min_tightened_pitch = points(name, value)?,
        Field::ColophonOnEvenPage => p.colophon_on_even_page = flag(name, value)?,
        Field::ColophonSize => p.colophon_size = size(name, value)?,
        Field::ColophonThickRule => p.colophon_thick_rule = length(name, value, Floor::Positive)?,
        Field::ColophonThinRule => p.colophon_thin_rule = length(name, value, Floor::Positive)?,
        Field::PageNumberSize => p.page_number_size = size(name, value)?,
        Field::PageNumberDrop => p.page_number_drop = length(name, value, Floor::Zero)?,
        Field::LetterMarkTop => p.letter_mark_top = length(name, value, Floor::Zero)?,
        Field::LetterLineDrop => p.letter_line_drop = length(name, value, Floor::Zero)?,
        Field::LetterLineLength => p.letter_line_length = length(name, value, Floor::Positive)?,
        Field::LetterThickLine => p.letter_thick_line = length(name, value, Floor::Positive)?,
        Field::LetterThinLine => p.letter_thin_line = length(name, value, Floor::Positive)?,
        Field::LetterLineGap => p.letter_line_gap = length(name, value, Floor::Zero)?,
        Field::LetterBottomLineRise => {
            p.letter_bottom_line_rise = length(name, value, Floor::Zero)?;
        }
        Field::LetterElementGap => p.letter_element_gap = length(name, value, Floor::Zero)?,
        Field::LetterColophonOnEvenPage => p.letter_colophon_on_even_page = flag(name, value)?,
        Field::OrderMarkTop => p.order_mark_top = length(name, value, Floor::Zero)?,
        Field::MinutesMarkTop => p.minutes_mark_top = length(name, value, Floor::Zero)?,
        Field::MinutesNumber => p.minutes_number = flag(name, value)?,
        Field::MinutesOrganDateLine => p.minutes_organ_date_line = flag(name, value)?,
        Field::MinutesRedLine => p.minutes_red_line = flag(name, value)?,
        Field::TableSize => p.table_size = size(name, value)?,
        Field::TableWidth => p.table_width = table_width(name, value)?,
        Field::TableRule => p.table_rule = length(name, value, Floor::Positive)?,
        Field::TableLinePitch => p.table_line_pitch = length(name, value, Floor::Positive)?,
        Field::TableCellPaddingX => p.table_cell_padding_x = length(name, value, Floor::Zero)?,
        Field::TableCellPaddingY => p.table_cell_padding_y = length(name, value, Floor::Zero)?,
        Field::LandscapePageNumberTurned => {
            p.landscape_page_number_turned = flag(name, value)?;
        }
    }
    Ok(())
}

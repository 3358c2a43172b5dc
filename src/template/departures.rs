//! What a profile does that GB/T 9704 does not allow.
//!
//! A local variant is legitimate (offices print with other margins and line
//! pitches), so a departure renders; but the author should know which
//! clause it breaks. Each departure is one warning at the key that makes
//! it. Values that cannot be laid out at all (a 版心 wider than the paper)
//! are errors instead.

use std::path::Path;

use crate::diag::{Diagnostic, Severity};
use crate::fonts::Role;
use crate::model::{Counter, standard_numbering};
use crate::source::numbering::render;
use crate::units::Mm;

use super::keys::Field;
use super::load::{Layered, Site};
use super::values::SIZES;
use super::{Color, Profile};

/// Lengths the standard fixes: field, what it is, standard (mm),
/// tolerance (mm), the clause as the message quotes it. The tolerance is
/// the standard's where it states one (天头, 订口, §6.1 for the 版心), else
/// rounding. Marks are placed from the paper top, where the standard's
/// 版心 puts them: moving the 天头 alone is one departure, not one more for
/// every mark.
const LENGTHS: [(Field, &str, f32, f32, &str); 15] = [
    (
        Field::PageWidth,
        "纸张宽度",
        210.0,
        1.0,
        "§5.1 规定的 A4 纸宽 210 mm",
    ),
    (
        Field::PageHeight,
        "纸张高度",
        297.0,
        1.0,
        "§5.1 规定的 A4 纸高 297 mm",
    ),
    (
        Field::MarginTop,
        "天头",
        37.0,
        1.0,
        "§5.2.1 规定的 37 ± 1 mm",
    ),
    (
        Field::MarginLeft,
        "订口",
        28.0,
        1.0,
        "§5.2.1 规定的 28 ± 1 mm",
    ),
    (
        Field::BodyWidth,
        "版心宽度",
        156.0,
        1.0,
        "§5.2.1、§6.1 规定的 156 ± 1 mm",
    ),
    (
        Field::BodyHeight,
        "版心高度",
        225.0,
        1.0,
        "§5.2.1、§6.1 规定的 225 ± 1 mm",
    ),
    (
        Field::MarkTop,
        "发文机关标志上边缘距纸张上边缘",
        72.0,
        0.5,
        "§7.2.4 规定的 72 mm（版心下 35 mm）",
    ),
    (
        Field::RedLineGap,
        "红色分隔线与发文字号的间距",
        4.0,
        0.5,
        "§7.2.7 规定的 4 mm",
    ),
    (
        Field::PageNumberDrop,
        "页码一字线距版心下边缘",
        7.0,
        0.5,
        "§7.5 规定的 7 mm",
    ),
    (
        Field::LetterMarkTop,
        "信函标志上边缘距纸张上边缘",
        30.0,
        0.5,
        "§10.1 规定的 30 mm",
    ),
    (
        Field::LetterLineDrop,
        "信函第一条红色双线与标志的间距",
        4.0,
        0.5,
        "§10.1 规定的 4 mm",
    ),
    (
        Field::LetterLineLength,
        "信函红色双线长",
        170.0,
        0.5,
        "§10.1 规定的 170 mm",
    ),
    (
        Field::LetterBottomLineRise,
        "信函第二条红色双线距纸张下边缘",
        20.0,
        0.5,
        "§10.1 规定的 20 mm",
    ),
    (
        Field::OrderMarkTop,
        "命令标志上边缘距纸张上边缘",
        57.0,
        0.5,
        "§10.2 规定的 57 mm（版心下 20 mm）",
    ),
    (
        Field::MinutesMarkTop,
        "纪要标志上边缘距纸张上边缘",
        72.0,
        0.5,
        "§10.3 规定的 72 mm（版心下 35 mm）",
    ),
];

/// Sizes the standard fixes: field, name, points, clause.
const SIZES_FIXED: [(Field, &str, f32, &str); 4] = [
    (Field::BodySize, "正文字号", 16.0, "§5.2.2"),
    (Field::TitleSize, "标题字号", 22.0, "§7.3.1"),
    (Field::ColophonSize, "版记字号", 14.0, "§7.4.2、§7.4.3"),
    (Field::PageNumberSize, "页码字号", 14.0, "§7.5"),
];

const LEVELS: [&str; 4] = ["第一层", "第二层", "第三层", "第四层"];

/// One warning per departure from GB/T 9704-2012, in the order of the
/// profile's keys in `文件.yaml`.
pub(super) fn check(layered: &Layered) -> Vec<Diagnostic> {
    let p = &layered.profile;
    let mut out = Vec::new();
    let mut warn = |field: Field, message: String| out.push(at(layered, field, message));

    for (field, name, standard, tolerance, clause) in LENGTHS {
        let value = length_of(p, field);
        if (value.0 - standard).abs() > tolerance + 1e-4 {
            let verb = if clause.contains('±') {
                "超出"
            } else {
                "不符合"
            };
            warn(
                field,
                format!("{name} {} mm {verb} GB/T 9704 {clause}", num(value.0)),
            );
        }
    }
    if p.lines_per_page != 22 {
        let message = format!(
            "每面 {} 行，不符合 GB/T 9704 §5.2.3 规定的每面 22 行",
            p.lines_per_page
        );
        warn(Field::LinesPerPage, message);
    }
    if p.chars_per_line != 28 {
        let message = format!(
            "每行 {} 字，不符合 GB/T 9704 §5.2.3 规定的每行 28 字",
            p.chars_per_line
        );
        warn(Field::CharsPerLine, message);
    }
    if let Some(message) = pitch_departure(p) {
        warn(Field::LinePitch, message);
    }
    for (field, name, standard, clause) in SIZES_FIXED {
        let value = size_of(p, field);
        if (value - standard).abs() > 0.01 {
            let message = format!(
                "{name} {} 不是 GB/T 9704 {clause} 规定的 {}",
                size_name(value),
                size_name(standard)
            );
            warn(field, message);
        }
    }
    let standard_roles = [Role::HeiTi, Role::KaiTi, Role::FangSong, Role::FangSong];
    for ((level, role), standard) in LEVELS.iter().zip(p.heading_roles).zip(standard_roles) {
        if role != standard {
            let message = format!(
                "{level}标题用 {}，不符合 GB/T 9704 §7.3.3 规定的 {}",
                role.name(),
                standard.name()
            );
            warn(Field::HeadingRoles, message);
        }
    }
    for ((level, style), standard) in LEVELS.iter().zip(&p.numbering).zip(standard_numbering()) {
        if *style != standard {
            let written = render(style, 1);
            let expected = render(&standard, 1);
            let why = if style.counter == Counter::Arabic && style.suffix == "、" {
                "（GB/T 15834：阿拉伯数字后用下脚点 `.`，不用顿号）"
            } else {
                ""
            };
            let message =
                format!("{level}序数 `{written}` 不符合 GB/T 9704 §7.3.3 规定的 `{expected}`{why}");
            warn(Field::Numbering, message);
        }
    }
    if !is_standard_red(p.red) {
        let message = format!(
            "红色 {} 不是 GB/T 9704 §6.2 规定的红色油墨 Y80% M80%（C0 M80 Y80 K0）",
            color_name(p.red)
        );
        warn(Field::Red, message);
    }
    for (field, name, standard) in [
        (Field::ColophonThickRule, "版记粗线", 0.35),
        (Field::ColophonThinRule, "版记细线", 0.25),
    ] {
        let value = length_of(p, field);
        if (value.0 - standard).abs() > 0.005 {
            let message = format!(
                "{name} {} mm 不同于 GB/T 9704 §7.4.1 推荐的 {} mm",
                num(value.0),
                num(standard)
            );
            warn(field, message);
        }
    }
    out
}

/// With its own line pitch, 22 lines must still fill the 版心 (§5.2.3,
/// within the 1 mm of §6.1).
fn pitch_departure(p: &Profile) -> Option<String> {
    let pitch = p.line_pitch?;
    let lines = p.lines_per_page as f32;
    let total = pitch * lines;
    let height = p.body_height;
    if (total.0 - height.0).abs() <= 1.0 {
        return None;
    }
    let shown = format!("行距 {} pt（{} mm）", num(pitch.to_pt().0), num(pitch.0));
    let rule = "GB/T 9704 §5.2.3 规定每面 22 行并撑满版心";
    Some(if total.0 > height.0 {
        // The first line sits half a gap below the 版心 top; see
        // `Profile::grid_em_top`.
        let size = p.body_size.to_mm();
        let first = (pitch - size) / 2.0;
        let fit = ((height - first - size) / pitch).floor().max(0.0) as u32 + 1;
        format!(
            "{shown}排 {} 行需 {} mm，超出 {} mm 的版心，每面只能排 {fit} 行（{rule}）",
            p.lines_per_page,
            num(total.0),
            num(height.0)
        )
    } else {
        format!(
            "{shown}排 {} 行只占 {} mm，未撑满 {} mm 的版心（{rule}）",
            p.lines_per_page,
            num(total.0),
            num(height.0)
        )
    })
}

/// Values no layout can honour: each is an error at the key set last.
pub(super) fn validate(layered: &Layered) -> Vec<Diagnostic> {
    let p = &layered.profile;
    let mut out = Vec::new();
    let across = p.margin_left + p.body_width;
    if across.0 > p.page_width.0 + 1e-3 {
        let message = format!(
            "版心超出纸张：订口 {} mm + 版心宽度 {} mm = {} mm，大于纸张宽度 {} mm",
            num(p.margin_left.0),
            num(p.body_width.0),
            num(across.0),
            num(p.page_width.0)
        );
        let fields = [Field::MarginLeft, Field::BodyWidth, Field::PageWidth];
        out.push(error_at(layered, &fields, message, OFF_PAPER_HELP));
    }
    let down = p.margin_top + p.body_height;
    if down.0 > p.page_height.0 + 1e-3 {
        let message = format!(
            "版心超出纸张：天头 {} mm + 版心高度 {} mm = {} mm，大于纸张高度 {} mm",
            num(p.margin_top.0),
            num(p.body_height.0),
            num(down.0),
            num(p.page_height.0)
        );
        let fields = [Field::MarginTop, Field::BodyHeight, Field::PageHeight];
        out.push(error_at(layered, &fields, message, OFF_PAPER_HELP));
    }
    let size = p.body_size.to_mm();
    if p.line_pitch().0 < size.0 - 1e-3 {
        let message = format!(
            "行距 {} mm 小于正文字号 {}（{} mm），各行会互相重叠",
            num(p.line_pitch().0),
            size_name(p.body_size.0),
            num(size.0)
        );
        let fields = [
            Field::LinePitch,
            Field::BodySize,
            Field::BodyHeight,
            Field::LinesPerPage,
        ];
        let help = "加大行距（或版心高度），或减少每面行数、缩小正文字号";
        out.push(error_at(layered, &fields, message, help));
    }
    out
}

fn diagnostic(site: Option<&Site>, severity: Severity, message: String) -> Diagnostic {
    match site {
        Some(site) => Diagnostic {
            severity,
            file: site.file.clone(),
            pos: Some(site.pos),
            message,
            source_line: site.line.clone(),
            help: None,
        },
        None => Diagnostic {
            severity,
            ..Diagnostic::file_error(Path::new(""), message)
        },
    }
}

/// A warning at the key that set `field`.
fn at(layered: &Layered, field: Field, message: String) -> Diagnostic {
    diagnostic(layered.site(field), Severity::Warning, message)
}

fn error_at(layered: &Layered, fields: &[Field], message: String, help: &str) -> Diagnostic {
    let site = layered.latest(fields).map(|(_, site)| site);
    diagnostic(site, Severity::Error, message).with_help(help)
}

const OFF_PAPER_HELP: &str = "调整纸张、天头/订口或版心尺寸，使版心落在纸面之内";

fn length_of(p: &Profile, field: Field) -> Mm {
    match field {
        Field::PageWidth => p.page_width,
        Field::PageHeight => p.page_height,
        Field::MarginTop => p.margin_top,
        Field::MarginLeft => p.margin_left,
        Field::BodyWidth => p.body_width,
        Field::BodyHeight => p.body_height,
        Field::PageNumberDrop => p.page_number_drop,
        Field::MarkTop => p.mark_top,
        Field::RedLineGap => p.red_line_gap,
        Field::LetterMarkTop => p.letter_mark_top,
        Field::LetterLineDrop => p.letter_line_drop,
        Field::LetterLineLength => p.letter_line_length,
        Field::LetterBottomLineRise => p.letter_bottom_line_rise,
        Field::OrderMarkTop => p.order_mark_top,
        Field::MinutesMarkTop => p.minutes_mark_top,
        Field::ColophonThickRule => p.colophon_thick_rule,
        Field::ColophonThinRule => p.colophon_thin_rule,
        _ => Mm(0.0),
    }
}

fn size_of(p: &Profile, field: Field) -> f32 {
    match field {
        Field::BodySize => p.body_size.0,
        Field::TitleSize => p.title_size.0,
        Field::ColophonSize => p.colophon_size.0,
        Field::PageNumberSize => p.page_number_size.0,
        _ => 0.0,
    }
}

fn is_standard_red(color: Color) -> bool {
    let close = |a: f32, b: f32| (a - b).abs() <= 0.005;
    matches!(color, Color::Cmyk(c, m, y, k)
        if close(c, 0.0) && close(m, 0.8) && close(y, 0.8) && close(k, 0.0))
}

/// `C0 M100 Y100 K0` or `#FF0000`, as a profile writes it.
fn color_name(color: Color) -> String {
    match color {
        Color::Cmyk(c, m, y, k) => {
            let pc = |x: f32| num(x * 100.0);
            format!("C{} M{} Y{} K{}", pc(c), pc(m), pc(y), pc(k))
        }
        Color::Rgb(r, g, b) => {
            let byte = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
            format!("#{:02X}{:02X}{:02X}", byte(r), byte(g), byte(b))
        }
    }
}

/// `16 pt（三号）`, or `15.5 pt` for a size with no 号.
fn size_name(pt: f32) -> String {
    match SIZES.iter().find(|(_, _, s)| (s - pt).abs() < 0.01) {
        Some((name, _, _)) => format!("{name}（{} pt）", num(pt)),
        None => format!("{} pt", num(pt)),
    }
}

/// A number as a person writes it: at most two decimals, no trailing zeros.
pub(super) fn num(x: f32) -> String {
    let text = format!("{:.2}", x);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

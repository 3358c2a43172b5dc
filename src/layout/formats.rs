//! The special formats of GB/T 9704 §10 — 信函, 命令（令）, 纪要 — from the
//! red mark down to the first line of 正文 (GBT9704.md §10, §13.9).
//!
//! Each keeps the 版心, grid and mark style of the 文件 format and uses
//! the "下空 N 行" rule of the 版头 (next em top = em bottom + g + N·P).
//! What differs below the text lives elsewhere: 出席/请假/列席 in
//! `attendance.rs`, the letter's 版记 in `colophon.rs`, its unnumbered
//! page 1 in `mod.rs`.

use crate::diag::{Diagnostic, Error};
use crate::fonts::Role;
use crate::model::{Format, Located, Meta, SourcePos};
use crate::template::Profile;
use crate::units::Mm;

use super::SourceFile;
use super::compose::Composer;
use super::frame::{Item, Rule};
use super::header;
use super::masthead::{self, span};
use super::text;

/// The red mark of a special format.
enum Mark {
    Single(String, SourcePos),
    /// Stacked names with the word (`令`, `纪要`) at their right.
    Joint(Vec<Located<String>>, &'static str),
}

/// The mark's text: 发文机关标志 when given; otherwise 信函 prints the
/// 主办机关's name alone (§10.1: a joint letter uses only its mark),
/// 命令 `…令` and 纪要 `…纪要` after the issuer(s).
fn mark_text(meta: &Meta) -> Option<Mark> {
    if let Some(mark) = &meta.issuer_mark {
        return Some(Mark::Single(mark.value.clone(), mark.pos));
    }
    let word = match meta.format.value {
        Format::Letter => {
            let first = meta.issuers.first()?;
            return Some(Mark::Single(first.value.clone(), first.pos));
        }
        Format::Order => "令",
        Format::Minutes => "纪要",
        Format::File | Format::Plain => return None,
    };
    match meta.issuers.as_slice() {
        [] => None,
        [one] => Some(Mark::Single(format!("{}{word}", one.value), one.pos)),
        many => Some(Mark::Joint(many.to_vec(), word)),
    }
}

/// A special format needs a mark: without 发文机关 or 发文机关标志 there is
/// nothing to print at its anchor, so say so at the 版式 line.
pub(super) fn require_mark(meta: &Meta, source: SourceFile<'_>) -> Result<(), Error> {
    let (name, example) = match meta.format.value {
        Format::File | Format::Plain => return Ok(()),
        Format::Letter => ("信函", "发文机关: 示例县人民政府办公室"),
        Format::Order => ("命令", "发文机关标志: 示例县人民政府令"),
        Format::Minutes => ("纪要", "发文机关标志: 示例县人民政府常务会议纪要"),
    };
    if mark_text(meta).is_some() {
        return Ok(());
    }
    Err(Error::single(
        Diagnostic::error(
            source.path,
            source.text,
            meta.format.pos,
            format!("版式「{name}」需要发文机关标志：没有发文机关，也没有发文机关标志"),
        )
        .with_help(format!("加一行 `{example}`")),
    ))
}

/// Lay out everything above the 正文 of a 信函, 命令 or 纪要: the mark, the
/// format's own elements, then 标题 and 主送机关 as a 文件 has them.
pub(super) fn head(composer: &mut Composer<'_>, meta: &Meta, mark_scale: f32) -> Result<(), Error> {
    match meta.format.value {
        Format::Letter => letter(composer, meta, mark_scale),
        Format::Order => order(composer, meta, mark_scale),
        Format::Minutes => minutes(composer, meta, mark_scale),
        Format::File | Format::Plain => Ok(()),
    }
}

/// The mark with its first ink top at `top`; returns its em bottom.
fn mark(composer: &mut Composer<'_>, meta: &Meta, top: Mm, mark_scale: f32) -> Result<Mm, Error> {
    match mark_text(meta) {
        Some(Mark::Single(text, pos)) => {
            masthead::single_mark(composer, &text, pos, top, mark_scale)
        }
        Some(Mark::Joint(names, word)) => {
            masthead::joint_mark(composer, &names, word, top, mark_scale)
        }
        None => Ok(top),
    }
}

/// 3号仿宋 text centred on the 版心 with its em top at `em_top`; returns
/// its em bottom.
fn centred(
    composer: &mut Composer<'_>,
    text: &str,
    pos: SourcePos,
    em_top: Mm,
) -> Result<Mm, Error> {
    let style = composer.body_style();
    let pieces = composer.shape(&[span(text, Role::FangSong, pos)], style)?;
    let left = composer.profile.body_centre() - text::natural_width(&pieces) / 2.0;
    masthead::place_one_line(composer, &pieces, left, em_top, style, Role::FangSong);
    Ok(em_top + composer.profile.body_size.to_mm())
}

/// The first line after the head at `top`: the title (2号, as in 文件) or,
/// without one, 主送机关 or the 正文 itself on that line.
fn title_then_text(composer: &mut Composer<'_>, meta: &Meta, top: Mm) -> Result<(), Error> {
    if meta.title.is_some() {
        header::title(composer, meta, top)?;
    } else {
        composer.next_em_top = top;
    }
    header::recipients(composer, meta)
}

/// 下空 `lines` 行 below an element whose em box ends at `bottom`.
fn below(profile: &Profile, bottom: Mm, lines: f32) -> Mm {
    bottom + profile.line_gap() + profile.line_pitch() * lines
}

/// 信函 (§10.1): the mark 30 mm from the paper top; a red double line
/// (thick over thin) 4 mm below it and another (thin over thick) 20 mm
/// above the paper bottom, both 170 mm, centred on the 版心; under the
/// first, 份号/密级/紧急 at the left and 发文字号 flush right, the first
/// row 7/8 of a 3号 character below the line; the title 下空二行 below the
/// last of them.
fn letter(composer: &mut Composer<'_>, meta: &Meta, mark_scale: f32) -> Result<(), Error> {
    let profile = composer.profile;
    let mark_bottom = mark(composer, meta, profile.letter_mark_top, mark_scale)?;
    let line_bottom = double_line(composer, mark_bottom + profile.letter_line_drop, true);
    let pair = profile.letter_thick_line + profile.letter_line_gap + profile.letter_thin_line;
    let lower_top = profile.page_height - profile.letter_bottom_line_rise - pair;
    double_line(composer, lower_top, false);

    let style = composer.body_style();
    let size = profile.body_size.to_mm();
    let pitch = profile.line_pitch();
    let first_top = line_bottom + profile.letter_element_gap;
    let first_row = masthead::corner_first_line(composer, meta) as f32;
    let mut last_bottom = None;
    for (i, (text, pos, role)) in masthead::corner_entries(meta).iter().enumerate() {
        let pieces = composer.shape(&[span(text, *role, *pos)], style)?;
        let em_top = first_top + pitch * (first_row + i as f32);
        let left = profile.body_left();
        masthead::place_one_line(composer, &pieces, left, em_top, style, *role);
        last_bottom = Some(em_top + size);
    }
    if let Some(number) = &meta.doc_number {
        let pieces = composer.shape(&[span(&number.value, Role::FangSong, number.pos)], style)?;
        let left = profile.body_right() - text::natural_width(&pieces);
        masthead::place_one_line(composer, &pieces, left, first_top, style, Role::FangSong);
        last_bottom = Some(
            last_bottom
                .unwrap_or(first_top + size)
                .max(first_top + size),
        );
    }
    let top = below(profile, last_bottom.unwrap_or(line_bottom), 2.0);
    title_then_text(composer, meta, top)
}

/// A red double line of the letter's length centred on the 版心, thick
/// over thin or thin over thick; returns its lower edge.
fn double_line(composer: &mut Composer<'_>, top: Mm, thick_first: bool) -> Mm {
    let profile = composer.profile;
    let (upper, lower) = if thick_first {
        (profile.letter_thick_line, profile.letter_thin_line)
    } else {
        (profile.letter_thin_line, profile.letter_thick_line)
    };
    let half = profile.letter_line_length / 2.0;
    let centre = profile.body_centre();
    let rule = |top, thickness| {
        Item::Rule(Rule {
            x0: centre - half,
            x1: centre + half,
            top,
            thickness,
            color: profile.red,
        })
    };
    let lower_top = top + upper + profile.letter_line_gap;
    composer.push(rule(top, upper));
    composer.push(rule(lower_top, lower));
    lower_top + lower
}

/// Ink top of a 命令's mark: the profile's anchor (版心 top + 20 mm), or
/// lower when the 份号/密级/紧急 stacked from grid line 1 would reach it
/// (three of them need the third grid line, which the 57 mm mark crosses).
/// The flag says the mark moved.
pub(super) fn order_mark_top(profile: &Profile, meta: &Meta) -> (Mm, bool) {
    let rows = masthead::corner_entries(meta).len() as u32;
    let anchor = profile.order_mark_top;
    if rows == 0 {
        return (anchor, false);
    }
    let reserved = u32::from(meta.copy_number.is_none() && profile.header_reserve_copy_line);
    // 1 mm clear of the last row's em box: ink never touches ink.
    let clear = profile.grid_em_top(reserved + rows - 1) + profile.body_size.to_mm() + Mm(1.0);
    if clear.0 > anchor.0 {
        (clear, true)
    } else {
        (anchor, false)
    }
}

/// 命令 (§10.2): `XX令` with its ink top 20 mm below the 版心 top; the
/// 令号 centred 下空二行 below it; the 正文 (or a title, placed as in a
/// 文件) 下空二行 below the 令号. 签发人职务 + 签名章 close it (§6.3 d).
fn order(composer: &mut Composer<'_>, meta: &Meta, mark_scale: f32) -> Result<(), Error> {
    let profile = composer.profile;
    masthead::corner_block(composer, meta)?;
    let (top, _) = order_mark_top(profile, meta);
    let mut last_bottom = mark(composer, meta, top, mark_scale)?;
    if let Some(number) = &meta.order_number {
        let text = order_number_text(&number.value);
        last_bottom = centred(
            composer,
            &text,
            number.pos,
            below(profile, last_bottom, 2.0),
        )?;
    }
    title_then_text(composer, meta, below(profile, last_bottom, 2.0))
}

/// A bare number `5` is printed `第5号`; anything else as written.
fn order_number_text(value: &str) -> String {
    let value = value.trim();
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()) {
        format!("第{value}号")
    } else {
        value.to_string()
    }
}

/// 纪要 (§10.3): `XX纪要` with its ink top 35 mm below the 版心 top; the
/// practice elements the profile turns on — 纪要编号 centred 下空二行 below
/// the mark, the organ and date line 下空一行 below that, a red line —
/// then the title or 正文 下空二行 below the last of them.
fn minutes(composer: &mut Composer<'_>, meta: &Meta, mark_scale: f32) -> Result<(), Error> {
    let profile = composer.profile;
    // The mark is as low as a 文件's, so the corner block fits as there.
    masthead::corner_block(composer, meta)?;
    let mut last_bottom = mark(composer, meta, profile.minutes_mark_top, mark_scale)?;
    let mut blank = 2.0;
    if profile.minutes_number
        && let Some(number) = &meta.doc_number
    {
        last_bottom = centred(
            composer,
            &number.value,
            number.pos,
            below(profile, last_bottom, 2.0),
        )?;
        blank = 1.0;
    }
    if profile.minutes_organ_date_line
        && let Some(bottom) = organ_and_date(composer, meta, below(profile, last_bottom, blank))?
    {
        last_bottom = bottom;
    }
    if profile.minutes_red_line {
        let line_top = last_bottom + profile.red_line_gap;
        masthead::red_line(composer, line_top);
        last_bottom = line_top + profile.red_line_thickness;
    }
    title_then_text(composer, meta, below(profile, last_bottom, 2.0))
}

/// The issuing organ 1 字 from the left and 成文日期 1 字 from the right on
/// the line at `em_top`; an organ too long to share the line wraps onto
/// lines below, the date on the last of them. Returns the em bottom of
/// the last line, or `None` when there is neither organ nor date.
fn organ_and_date(
    composer: &mut Composer<'_>,
    meta: &Meta,
    em_top: Mm,
) -> Result<Option<Mm>, Error> {
    let profile = composer.profile;
    let style = composer.body_style();
    let cell = profile.char_pitch();
    let left = profile.body_left() + cell;
    let right = profile.body_right() - cell;
    let date = match &meta.date {
        Some(date) => {
            let text = date.value.to_chinese();
            Some(composer.shape(&[span(&text, Role::FangSong, date.pos)], style)?)
        }
        None => None,
    };
    let date_room = date
        .as_deref()
        .map_or(Mm(0.0), |d| text::natural_width(d) + cell);
    let organ = meta
        .issuers
        .iter()
        .map(|i| i.value.trim())
        .filter(|name| !name.is_empty())
        .collect::<Vec<_>>()
        .join("、");
    let mut lines = Vec::new();
    if !organ.is_empty() {
        let pos = meta.issuers.first().map_or(SourcePos::default(), |i| i.pos);
        let pieces = composer.shape(&[span(&organ, Role::FangSong, pos)], style)?;
        let measure = (right - left - date_room).max(cell);
        lines = text::break_lines(&pieces, measure, measure, false);
        let baseline_of =
            |composer: &Composer<'_>, top| composer.baseline(Role::FangSong, style, top);
        for (n, line) in lines.iter().enumerate() {
            let top = em_top + profile.line_pitch() * n as f32;
            let baseline = baseline_of(composer, top);
            let runs =
                text::runs_for_line(&pieces, line, left, top, style, composer.measurer, baseline);
            composer.push_runs(runs);
        }
    }
    let last_top = em_top + profile.line_pitch() * lines.len().saturating_sub(1) as f32;
    if let Some(date) = &date {
        let left = right - text::natural_width(date);
        masthead::place_one_line(composer, date, left, last_top, style, Role::FangSong);
    }
    if lines.is_empty() && date.is_none() {
        return Ok(None);
    }
    Ok(Some(last_top + profile.body_size.to_mm()))
}

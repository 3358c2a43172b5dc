//! 版头 (GB/T 9704 §7.2): 份号, 密级和保密期限, 紧急程度, 发文机关标志
//! (single or joint), 发文字号 or 签发人 with 发文字号, the red separator.
//!
//! Vertical rule for "下空 N 行": B's em top = A's em bottom + g + N·P,
//! with P the grid pitch and g = P − 3号 (GBT9704.md §5, A2).

use crate::diag::Error;
use crate::fonts::Role;
use crate::model::{Located, Meta, SourcePos};
use crate::units::{Mm, Pt};

use super::compose::Composer;
use super::frame::{Item, Rule, Star, TextRun};
use super::text::{self, Piece, Span, TextStyle};

/// Names of the red mark: one line, or the stacked names of a joint issue
/// followed by `文件` at their right.
pub(super) enum MarkText {
    Single(String, SourcePos),
    Joint(Vec<Located<String>>),
}

/// The red mark: the override, 发文机关 + 文件, or stacked joint names.
pub(super) fn mark_text(meta: &Meta) -> Option<MarkText> {
    if let Some(mark) = &meta.issuer_mark {
        return Some(MarkText::Single(mark.value.clone(), mark.pos));
    }
    match meta.issuers.as_slice() {
        [] => None,
        [one] => Some(MarkText::Single(format!("{}文件", one.value), one.pos)),
        many => Some(MarkText::Joint(many.to_vec())),
    }
}

/// Lay out the whole 版头; returns the em top of the title. `mark_scale`
/// (≤ 1) shrinks the mark when page 1 would otherwise show no 正文.
pub(super) fn masthead(
    composer: &mut Composer<'_>,
    meta: &Meta,
    mark: &MarkText,
    mark_scale: f32,
) -> Result<Mm, Error> {
    let profile = composer.profile;
    let pitch = profile.line_pitch();
    let gap = profile.line_gap();
    let size = profile.body_size.to_mm();

    corner_block(composer, meta)?;
    let top = profile.mark_top;
    let mark_bottom = match mark {
        MarkText::Single(text, pos) => single_mark(composer, text, *pos, top, mark_scale)?,
        MarkText::Joint(names) => joint_mark(composer, names, "文件", top, mark_scale)?,
    };

    // 发文字号 (or the 签发人 block) 下空二行 below the mark.
    let first_top = mark_bottom + gap + pitch * 2.0;
    let last_top = if meta.signers.is_empty() {
        if let Some(number) = &meta.doc_number {
            let spans = [span(&number.value, Role::FangSong, number.pos)];
            let style = composer.body_style();
            let pieces = composer.shape(&spans, style)?;
            let width = text::natural_width(&pieces);
            let left = profile.body_centre() - width / 2.0;
            place_one_line(composer, &pieces, left, first_top, style, Role::FangSong);
        }
        first_top
    } else {
        signers(composer, meta, first_top)?
    };

    // 版头分隔线: 4 mm below the 发文字号, the full 版心 width.
    let line_top = last_top + size + profile.red_line_gap;
    red_line(composer, line_top);
    Ok(line_top + profile.red_line_thickness + gap + pitch * 2.0)
}

pub(super) fn span(text: &str, role: Role, pos: SourcePos) -> Span<'_> {
    Span { text, role, pos }
}

/// One line of pieces at `left` with its em box at `em_top`.
pub(super) fn place_one_line(
    composer: &mut Composer<'_>,
    pieces: &[Piece],
    left: Mm,
    em_top: Mm,
    style: TextStyle,
    role: Role,
) {
    let lines = text::break_lines(pieces, Mm(f32::MAX), Mm(f32::MAX), false);
    let baseline = composer.baseline(role, style, em_top);
    for line in &lines {
        let runs = text::runs_for_line(
            pieces,
            line,
            left,
            em_top,
            style,
            composer.measurer,
            baseline,
        );
        composer.push_runs(runs);
    }
}

/// 份号, 密级和保密期限, 紧急程度 as printed, in that order (黑体).
pub(super) fn corner_entries(meta: &Meta) -> Vec<(String, SourcePos, Role)> {
    let mut entries: Vec<(String, SourcePos, Role)> = Vec::new();
    if let Some(copy) = &meta.copy_number {
        entries.push((copy.value.clone(), copy.pos, Role::HeiTi));
    }
    if let Some(secrecy) = &meta.secrecy {
        let mut text = secrecy.value.trim().to_string();
        if !text.contains('★') {
            text.push('★');
            if let Some(period) = &meta.secrecy_period {
                text.push_str(period.value.trim());
            }
        }
        entries.push((text, secrecy.pos, Role::HeiTi));
    }
    if let Some(urgency) = &meta.urgency {
        entries.push((urgency.value.clone(), urgency.pos, Role::HeiTi));
    }
    entries
}

/// Grid line (0-based) of the first corner entry: line 1, or line 2 when
/// the profile keeps line 1 for a missing 份号 (A7).
pub(super) fn corner_first_line(composer: &Composer<'_>, meta: &Meta) -> u32 {
    u32::from(meta.copy_number.is_none() && composer.profile.header_reserve_copy_line)
}

/// 份号, 密级和保密期限, 紧急程度: stacked at the top left of the 版心 from
/// grid line 1, in that order (§7.2.1–7.2.3; A7 decides line 1).
pub(super) fn corner_block(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    let entries = corner_entries(meta);
    let first_line = corner_first_line(composer, meta);
    let style = composer.body_style();
    for (i, (text, pos, role)) in entries.iter().enumerate() {
        let pieces = composer.shape(&[span(text, *role, *pos)], style)?;
        let em_top = composer.profile.grid_em_top(first_line + i as u32);
        let left = composer.profile.body_left();
        place_one_line(composer, &pieces, left, em_top, style, *role);
    }
    Ok(())
}

/// The size and condensing of a red mark that must fit `width`.
fn fit_mark(natural_at_size: Mm, size: Pt, width: Mm, min_scale: f32) -> (Pt, f32) {
    let scale = (width / natural_at_size).min(1.0);
    if scale < min_scale {
        (Pt(size.0 * scale / min_scale), min_scale)
    } else {
        (size, scale)
    }
}

fn mark_style(composer: &Composer<'_>, size: Pt) -> TextStyle {
    TextStyle {
        size,
        cell: size.to_mm(),
        color: composer.profile.red,
    }
}

/// Highest ink of `pieces` above the baseline, in em (0.88 if unknown).
fn ink_top_em(composer: &Composer<'_>, pieces: &[Piece]) -> f32 {
    let top = pieces
        .iter()
        .filter_map(|p| composer.measurer.ink_extent(p.glyph))
        .map(|(_, top)| top)
        .fold(f32::NAN, f32::max);
    if top.is_nan() { 0.88 } else { top }
}

fn mark_descent(composer: &Composer<'_>) -> f32 {
    composer
        .measurer
        .primary(Role::XiaoBiaoSong)
        .map_or(0.12, |f| composer.measurer.em_descent(f))
}

/// Push a condensed run: glyph x positions scaled by `scale` from `left`.
fn push_condensed(
    composer: &mut Composer<'_>,
    pieces: &[Piece],
    left: Mm,
    baseline: Mm,
    style: TextStyle,
    scale: f32,
    spread: Mm,
) {
    let em = style.size.to_mm();
    let descent = mark_descent(composer);
    let em_top = baseline - em * (1.0 - descent);
    let lines = text::break_lines(pieces, Mm(f32::MAX), Mm(f32::MAX), false);
    for line in &lines {
        let mut runs: Vec<TextRun> = text::runs_for_line(
            pieces,
            line,
            Mm(0.0),
            em_top,
            style,
            composer.measurer,
            baseline,
        );
        let mut index = 0.0;
        for run in &mut runs {
            run.scale_x = scale;
            for glyph in &mut run.glyphs {
                glyph.x = left + glyph.x * scale + spread * index;
                index += 1.0;
            }
        }
        composer.push_runs(runs);
    }
}

/// A one-line mark, centred on the 版心, its ink top at `top` (from the
/// page top). Returns its em bottom.
pub(super) fn single_mark(
    composer: &mut Composer<'_>,
    mark: &str,
    pos: SourcePos,
    top: Mm,
    mark_scale: f32,
) -> Result<Mm, Error> {
    let profile = composer.profile;
    let spans = [span(mark, Role::XiaoBiaoSong, pos)];
    let start = Pt(profile.mark_size.0 * mark_scale);
    let natural = text::natural_width(&composer.shape(&spans, mark_style(composer, start))?);
    let (size, scale) = fit_mark(natural, start, profile.body_width, profile.mark_min_scale_x);
    let style = mark_style(composer, size);
    let pieces = composer.shape(&spans, style)?;
    let em = size.to_mm();
    let baseline = top + em * ink_top_em(composer, &pieces);
    let width = text::natural_width(&pieces) * scale;
    let left = profile.body_centre() - width / 2.0;
    push_condensed(composer, &pieces, left, baseline, style, scale, Mm(0.0));
    Ok(baseline + em * mark_descent(composer))
}

/// 联合行文: names stacked (主办机关 first), spread to a common width, and
/// `word` (`文件`, `令`, `纪要`) at their right, centred on the block; the
/// first name's ink top at `top`; the whole fits the 版心.
pub(super) fn joint_mark(
    composer: &mut Composer<'_>,
    names: &[Located<String>],
    word: &str,
    top: Mm,
    mark_scale: f32,
) -> Result<Mm, Error> {
    let profile = composer.profile;
    let count = names.len() as f32;
    // Stacked names must leave page 1 room: the block is at most 3 cm tall.
    let leading = 0.25;
    let tallest = Mm(30.0);
    let fit_height = Pt(tallest.to_pt().0 / (count + leading * (count - 1.0)));
    let start = Pt(profile.mark_size.0.min(fit_height.0) * mark_scale);
    let probe = mark_style(composer, start);
    let mut widest = Mm(0.0);
    for name in names {
        let pieces = composer.shape(&[span(&name.value, Role::XiaoBiaoSong, name.pos)], probe)?;
        widest = widest.max(text::natural_width(&pieces));
    }
    let word_pos = names.first().map_or(SourcePos::default(), |n| n.pos);
    let word_pieces = composer.shape(&[span(word, Role::XiaoBiaoSong, word_pos)], probe)?;
    let gutter = start.to_mm() * 0.5;
    let natural = widest + gutter + text::natural_width(&word_pieces);
    let (size, scale) = fit_mark(natural, start, profile.body_width, profile.mark_min_scale_x);
    let ratio = size.0 / start.0;
    let style = mark_style(composer, size);
    let em = size.to_mm();
    let names_width = widest * ratio * scale;
    let total = natural * ratio * scale;
    let left = profile.body_centre() - total / 2.0;
    let line_pitch = em * (1.0 + leading);

    let mut first_baseline = None;
    let mut last_baseline = Mm(0.0);
    for (i, name) in names.iter().enumerate() {
        let pieces = composer.shape(&[span(&name.value, Role::XiaoBiaoSong, name.pos)], style)?;
        let baseline = match first_baseline {
            Some(first) => first + line_pitch * i as f32,
            None => {
                let b = top + em * ink_top_em(composer, &pieces);
                first_baseline = Some(b);
                b
            }
        };
        // 分散对齐: spread the characters over the common width.
        let own = text::natural_width(&pieces) * scale;
        let gaps = pieces.len().saturating_sub(1).max(1) as f32;
        let spread = if pieces.len() > 1 {
            (names_width - own) / gaps
        } else {
            Mm(0.0)
        };
        let x = if pieces.len() > 1 {
            left
        } else {
            left + (names_width - own) / 2.0
        };
        push_condensed(composer, &pieces, x, baseline, style, scale, spread);
        last_baseline = baseline;
    }
    let first = first_baseline.unwrap_or(top);
    let descent = mark_descent(composer);
    // The word centred on the block of names.
    let block_top = first - em * (1.0 - descent);
    let block_bottom = last_baseline + em * descent;
    let word_top = (block_top + block_bottom) / 2.0 - em / 2.0;
    let word_baseline = word_top + em * (1.0 - descent);
    let word = composer.shape(&[span(word, Role::XiaoBiaoSong, word_pos)], style)?;
    let word_left = left + names_width + gutter * ratio * scale;
    push_condensed(
        composer,
        &word,
        word_left,
        word_baseline,
        style,
        scale,
        Mm(0.0),
    );
    Ok(block_bottom)
}

/// 上行文: `签发人：` (仿宋) and names (楷体), two a line, right gap 1 字,
/// continuation lines under the first name; the 发文字号 on the line of the
/// last name, 1 字 from the left. Returns the em top of that line.
fn signers(composer: &mut Composer<'_>, meta: &Meta, first_top: Mm) -> Result<Mm, Error> {
    let profile = composer.profile;
    let cell = profile.char_pitch();
    let style = composer.body_style();
    let label_pos = meta.signers[0].pos;
    let label = composer.shape(&[span("签发人：", Role::FangSong, label_pos)], style)?;
    let label_width = text::natural_width(&label);
    let mut rows: Vec<Vec<Vec<Piece>>> = Vec::new();
    for pair in meta.signers.chunks(2) {
        let mut row = Vec::new();
        for name in pair {
            row.push(composer.shape(&[span(&name.value, Role::KaiTi, name.pos)], style)?);
        }
        rows.push(row);
    }
    // Column widths so names line up under each other.
    let column = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|p| text::natural_width(p))
            .fold(Mm(0.0), Mm::max)
    };
    let (first_col, second_col) = (column(0), column(1));
    let name_gap = if second_col.0 > 0.0 { cell } else { Mm(0.0) };
    let block_width = label_width + first_col + name_gap + second_col;
    let left = profile.body_right() - cell - block_width;
    let names_left = left + label_width;
    let pitch = profile.line_pitch();
    let mut em_top = first_top;
    for (r, row) in rows.iter().enumerate() {
        em_top = first_top + pitch * r as f32;
        if r == 0 {
            place_one_line(composer, &label, left, em_top, style, Role::FangSong);
        }
        let mut x = names_left;
        for (i, name) in row.iter().enumerate() {
            place_one_line(composer, name, x, em_top, style, Role::KaiTi);
            x += if i == 0 {
                first_col + name_gap
            } else {
                Mm(0.0)
            };
        }
    }
    if let Some(number) = &meta.doc_number {
        let pieces = composer.shape(&[span(&number.value, Role::FangSong, number.pos)], style)?;
        let left = profile.body_left() + cell;
        place_one_line(composer, &pieces, left, em_top, style, Role::FangSong);
    }
    Ok(em_top)
}

/// The red separator, full 版心 width; with the profile's star, broken in
/// the middle by a red ★.
pub(super) fn red_line(composer: &mut Composer<'_>, top: Mm) {
    let profile = composer.profile;
    let thickness = profile.red_line_thickness;
    let rule = |x0, x1| {
        Item::Rule(Rule {
            x0,
            x1,
            top,
            thickness,
            color: profile.red,
        })
    };
    if !profile.red_line_star {
        composer.push(rule(profile.body_left(), profile.body_right()));
        return;
    }
    let radius = Mm(3.0);
    let clearance = Mm(1.5);
    let centre = profile.body_centre();
    composer.push(rule(profile.body_left(), centre - radius - clearance));
    composer.push(rule(centre + radius + clearance, profile.body_right()));
    composer.push(Item::Star(Star {
        centre_x: centre,
        centre_y: top + thickness / 2.0,
        radius,
        color: profile.red,
    }));
}

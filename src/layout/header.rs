//! 版头 and the head of the 主体: 发文机关标志, 发文字号, red separator,
//! 标题, 主送机关 (GB/T 9704 §7.2, §7.3.1–7.3.2; GBT9704.md §13.5).
//!
//! Vertical rule for "下空 N 行": B's em top = A's em bottom + g + N·P,
//! with P the grid pitch and g = P − 3号 (GBT9704.md §5, A2).

use crate::diag::Error;
use crate::fonts::Role;
use crate::model::{Meta, SourcePos};
use crate::template::{Color, Profile};
use crate::units::Mm;

use super::compose::Composer;
use super::frame::{Item, Rule};
use super::text::{self, Span, TextStyle};

/// The text of the red mark: the override, or 发文机关 + 文件.
pub(super) fn mark_text(meta: &Meta) -> Option<(String, SourcePos)> {
    if let Some(mark) = &meta.issuer_mark {
        return Some((mark.value.clone(), mark.pos));
    }
    meta.issuers
        .first()
        .map(|issuer| (format!("{}文件", issuer.value), issuer.pos))
}

/// Em top of the title when there is no red header (无版头): the title's
/// first line sits in the first grid cell of the 版心.
pub(super) fn plain_title_top(profile: &Profile) -> Mm {
    let pitch = profile.line_pitch();
    profile.body_top() + (pitch - profile.title_size.to_mm()) / 2.0
}

/// Lay out mark, 发文字号 and red line; returns the title's em top.
pub(super) fn red_header(
    composer: &mut Composer<'_>,
    meta: &Meta,
    (mark, mark_pos): &(String, SourcePos),
) -> Result<Mm, Error> {
    let profile = composer.profile;
    let pitch = profile.line_pitch();
    let gap = profile.line_gap();

    let mark_bottom = issuer_mark(composer, mark, *mark_pos)?;

    // 发文字号: centred, 下空二行 below the mark.
    let number_top = mark_bottom + gap + pitch * 2.0;
    let style = composer.body_style();
    if let Some(number) = &meta.doc_number {
        let spans = [Span {
            text: &number.value,
            role: Role::FangSong,
            pos: number.pos,
        }];
        centred_line(composer, &spans, style, Role::FangSong, number_top)?;
    }
    let number_bottom = number_top + style.size.to_mm();

    // 版头分隔线: 4 mm below the 发文字号, the full 版心 width.
    let line_top = number_bottom + profile.red_line_gap;
    composer.push(Item::Rule(Rule {
        x0: profile.body_left(),
        x1: profile.body_right(),
        top: line_top,
        thickness: profile.red_line_thickness,
        color: profile.red,
    }));
    let line_bottom = line_top + profile.red_line_thickness;

    // 标题: 下空二行 below the red line.
    Ok(line_bottom + gap + pitch * 2.0)
}

/// The red 发文机关标志, centred, its ink top at the profile's mark top;
/// condensed (then shrunk) to fit the 版心 width. Returns its em bottom.
fn issuer_mark(composer: &mut Composer<'_>, mark: &str, pos: SourcePos) -> Result<Mm, Error> {
    let profile = composer.profile;
    let mut size = profile.mark_size;
    let spans = [Span {
        text: mark,
        role: Role::XiaoBiaoSong,
        pos,
    }];
    let style_at = |size: crate::units::Pt| TextStyle {
        size,
        cell: size.to_mm(),
        color: profile.red,
    };
    let mut pieces = composer.shape(&spans, style_at(size))?;
    let natural = text::natural_width(&pieces);
    let mut scale = (profile.body_width / natural).min(1.0);
    if scale < profile.mark_min_scale_x {
        size = crate::units::Pt(size.0 * scale / profile.mark_min_scale_x);
        scale = profile.mark_min_scale_x;
        pieces = composer.shape(&spans, style_at(size))?;
    }
    let style = style_at(size);
    let em = size.to_mm();
    let ink_top_em = pieces
        .iter()
        .filter_map(|p| composer.measurer.ink_extent(p.glyph))
        .map(|(_, top)| top)
        .fold(f32::NAN, f32::max);
    let ink_top_em = if ink_top_em.is_nan() {
        0.88
    } else {
        ink_top_em
    };
    let baseline = profile.mark_top + em * ink_top_em;
    let face_descent = composer
        .measurer
        .primary(Role::XiaoBiaoSong)
        .map_or(0.12, |f| composer.measurer.em_descent(f));
    let em_top = baseline - em * (1.0 - face_descent);
    let width = text::natural_width(&pieces) * scale;
    let left = profile.body_centre() - width / 2.0;
    let lines = text::break_lines(&pieces, Mm(f32::MAX), Mm(f32::MAX), false);
    for line in &lines {
        let mut runs = text::runs_for_line(
            &pieces,
            line,
            Mm(0.0),
            em_top,
            style,
            composer.measurer,
            baseline,
        );
        for run in &mut runs {
            run.scale_x = scale;
            for glyph in &mut run.glyphs {
                glyph.x = left + glyph.x * scale;
            }
        }
        composer.push_runs(runs);
    }
    Ok(baseline + em * face_descent)
}

/// One line of text centred on the 版心 with its em box at `em_top`.
fn centred_line(
    composer: &mut Composer<'_>,
    spans: &[Span<'_>],
    style: TextStyle,
    main_role: Role,
    em_top: Mm,
) -> Result<(), Error> {
    let pieces = composer.shape(spans, style)?;
    let lines = text::break_lines(&pieces, Mm(f32::MAX), Mm(f32::MAX), false);
    let baseline = composer.baseline(main_role, style, em_top);
    for line in &lines {
        let left = composer.profile.body_centre() - line.width / 2.0;
        let runs = text::runs_for_line(
            &pieces,
            line,
            left,
            em_top,
            style,
            composer.measurer,
            baseline,
        );
        composer.push_runs(runs);
    }
    Ok(())
}

/// Break a title into as few lines as the 版心 allows, as even as possible
/// with the longer lines on top (上长下短), so no line is left with a
/// character or two. (Word-aware shapes come with the typography work.)
fn balanced_title_lines(pieces: &[text::Piece], width: Mm, cell: Mm) -> Vec<text::Line> {
    let greedy = text::break_lines(pieces, width, width, false);
    let count = greedy.len();
    if count < 2 {
        return greedy;
    }
    let total = text::natural_width(pieces);
    let cells = (total / cell / count as f32).ceil();
    let mut measure = cell * cells;
    while measure.0 < width.0 {
        let lines = text::break_lines(pieces, measure, measure, false);
        if lines.len() <= count {
            return lines;
        }
        measure += cell;
    }
    greedy
}

/// 标题 (2号小标宋, centred lines) and 主送机关 (下空一行, flush left,
/// ending in `：`); the body continues on the next line.
pub(super) fn title_and_recipients(
    composer: &mut Composer<'_>,
    meta: &Meta,
    title_top: Mm,
) -> Result<(), Error> {
    let profile = composer.profile;
    let pitch = profile.line_pitch();
    let gap = profile.line_gap();
    let mut last_bottom = None;

    if let Some(title) = &meta.title {
        let style = TextStyle {
            size: profile.title_size,
            cell: profile.title_size.to_mm(),
            color: Color::BLACK,
        };
        let spans = [Span {
            text: &title.value,
            role: Role::XiaoBiaoSong,
            pos: title.pos,
        }];
        let pieces = composer.shape(&spans, style)?;
        let lines = balanced_title_lines(&pieces, profile.body_width, style.cell);
        let mut em_top = title_top;
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                em_top += profile.title_pitch();
            }
            let left = profile.body_centre() - line.width / 2.0;
            let baseline = composer.baseline(Role::XiaoBiaoSong, style, em_top);
            let runs = text::runs_for_line(
                &pieces,
                line,
                left,
                em_top,
                style,
                composer.measurer,
                baseline,
            );
            composer.push_runs(runs);
        }
        last_bottom = Some(em_top + style.size.to_mm());
    }

    // The body (or 主送) starts one blank line below the title.
    // Without a title the body takes the title's line, centred like it.
    composer.next_em_top = match last_bottom {
        Some(bottom) => bottom + gap + pitch,
        None => title_top + (profile.title_size.to_mm() - profile.body_size.to_mm()) / 2.0,
    };

    if !meta.recipients.is_empty() {
        let mut text = meta
            .recipients
            .iter()
            .map(|r| r.value.trim_end_matches(['：', ':']))
            .collect::<Vec<_>>()
            .join("、");
        text.push('：');
        let spans = [Span {
            text: &text,
            role: Role::FangSong,
            pos: meta.recipients[0].pos,
        }];
        let style = composer.body_style();
        let pieces = composer.shape(&spans, style)?;
        let width = profile.body_width;
        let lines = text::break_lines(&pieces, width, width, true);
        composer.place_body_lines(&pieces, &lines, Mm(0.0), style, Role::FangSong);
    }
    Ok(())
}

//! The head of the 主体: 标题 and 主送机关 (GB/T 9704 §7.3.1–7.3.2;
//! GBT9704.md §13.5), below the 版头 or, without one, at the top of the 版心.

use crate::diag::{Diagnostic, Error};
use crate::fonts::Role;
use crate::model::{Format, Meta};
use crate::template::{Color, Profile};
use crate::units::Mm;

use super::compose::Composer;
use super::masthead;
use super::text::{self, Span, TextStyle};
use super::title;

/// Lay out what comes above the title; returns the title's em top.
pub(super) fn head(composer: &mut Composer<'_>, meta: &Meta, mark_scale: f32) -> Result<Mm, Error> {
    match (meta.format.value, masthead::mark_text(meta)) {
        (Format::File, Some(mark)) => masthead::masthead(composer, meta, &mark, mark_scale),
        _ => Ok(plain_title_top(composer.profile)),
    }
}

/// Em top of the title when there is no red header (无版头): the title's
/// first line sits in the first grid cell of the 版心.
pub(super) fn plain_title_top(profile: &Profile) -> Mm {
    let pitch = profile.line_pitch();
    profile.body_top() + (pitch - profile.title_size.to_mm()) / 2.0
}

/// 标题 (2号小标宋, centred lines) and 主送机关 (下空一行, flush left,
/// ending in `：`); the body continues on the next line.
pub(super) fn title_and_recipients(
    composer: &mut Composer<'_>,
    meta: &Meta,
    title_top: Mm,
) -> Result<(), Error> {
    title(composer, meta, title_top)?;
    recipients(composer, meta)
}

/// 标题 with its first em top at `title_top`; what follows starts 下空一行
/// below it.
pub(super) fn title(composer: &mut Composer<'_>, meta: &Meta, title_top: Mm) -> Result<(), Error> {
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
        // A line break written in the 标题 value forces a break there;
        // each part is then broken by the title rules only if too long.
        let mut em_top = title_top;
        let mut first = true;
        let mut column = title.pos.column;
        for part in title.value.split('\n') {
            let part_pos = crate::model::SourcePos {
                line: title.pos.line,
                column,
            };
            column += part.chars().count() as u32 + 1;
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let spans = [Span {
                text: part,
                role: Role::XiaoBiaoSong,
                pos: part_pos,
            }];
            let pieces = composer.shape(&spans, style)?;
            let lines = title::title_lines(&pieces, profile.body_width);
            for line in &lines {
                if !first {
                    em_top += profile.title_pitch();
                }
                first = false;
                if em_top + style.size.to_mm() > profile.body_bottom() {
                    // A title runs on one page (§7.3.1); past the 版心 it
                    // would be cut off by the paper's edge.
                    return Err(too_long(composer, title.pos));
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
        }
        last_bottom = Some(em_top + style.size.to_mm());
    }

    // The body (or 主送) starts one blank line below the title.
    // Without a title the body takes the title's line, centred like it.
    composer.next_em_top = match last_bottom {
        Some(bottom) => bottom + gap + pitch,
        None => title_top + (profile.title_size.to_mm() - profile.body_size.to_mm()) / 2.0,
    };
    Ok(())
}

/// A title that does not fit on its page.
fn too_long(composer: &Composer<'_>, pos: crate::model::SourcePos) -> Error {
    let source = composer.source;
    Diagnostic::error(
        source.path,
        source.text,
        pos,
        "标题太长，在一页的版心内排不下",
    )
    .with_help("标题应简明扼要（GB/T 9704 §7.3.1）；请缩短标题，说明性的文字写进正文")
    .into()
}

/// 主送机关 on the next body line, unless it goes to the 版记.
pub(super) fn recipients(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    let profile = composer.profile;

    let in_colophon = meta
        .recipients_in_colophon
        .as_ref()
        .is_some_and(|f| f.value);
    if !meta.recipients.is_empty() && !in_colophon {
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

//! 附件说明 after the text, and attachments bound with the document on
//! pages of their own (GB/T 9704 §7.3.4, §7.3.7; GBT9704.md §6.2, §6.4).

use crate::diag::Error;
use crate::fonts::Role;
use crate::model::{AttachmentOrigin, BoundAttachment, Document, Meta, SourcePos};
use crate::resources::Resources;
use crate::units::Mm;

use super::SourceFile;
use super::compose::Composer;
use super::text::{self, Line, Piece, Span};
use super::{body, header, signature};

/// 附件说明: 下空一行 below the text, 2 字 in: `附件：名称`, or for several
/// `附件：1.名称` with the next items' numbers under `1.`. A wrapped name
/// goes on under the first character of the name, not under the number.
pub(super) fn notice(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    let Some(first) = meta.attachments.first() else {
        return Ok(());
    };
    let profile = composer.profile;
    let style = composer.body_style();
    let cell = profile.char_pitch();
    let shape =
        |composer: &Composer<'_>, text: &str, pos: SourcePos| composer.shape_body(text, pos);
    // The label is our own text; a face that cannot draw it is reported
    // at the 附件 list.
    let label = shape(composer, "附件：", first.name.pos)?;
    let label_line = text::one_line(&label);
    let label_left = profile.body_left() + cell * 2.0;
    let number_left = label_left + label_line.width;
    let numbered = meta.attachments.len() > 1;
    let mut numbers = Vec::new();
    if numbered {
        for (i, item) in meta.attachments.iter().enumerate() {
            let pieces = shape(composer, &format!("{}.", i + 1), item.name.pos)?;
            let line = text::one_line(&pieces);
            numbers.push((pieces, line));
        }
    }
    // Half-width characters take half a cell each on the grid, so `1.` is
    // one 字 (A13) and the names line up at 6 字 (GBT9704.md §13.4).
    let half = cell / 2.0;
    let number_room = numbers
        .iter()
        .map(|(_, line)| half * (line.width / half - 0.01).ceil())
        .fold(Mm(0.0), Mm::max);
    let name_left = number_left + number_room;
    let measure = profile.body_right() - name_left;

    // The notice belongs with the text above it: when it would start a
    // page of its own, the text's last two lines come along (as for the
    // signature block, §7.3.5.5), unless that would empty the page.
    let mut total = 1;
    for (i, item) in meta.attachments.iter().enumerate() {
        let name = item.printed_name(i + 1);
        let pieces = shape(composer, name, item.name.pos)?;
        total += text::break_lines(&pieces, measure, measure, true)
            .len()
            .max(1);
    }
    if !composer.fits(total) && composer.fits(1) {
        let lines = composer.lines_on_page();
        composer.carry_over(2.min(lines.saturating_sub(1)));
    }

    composer.closing = true;
    composer.blank_line();
    for (i, item) in meta.attachments.iter().enumerate() {
        let name = item.printed_name(i + 1);
        let pos = name_pos(&item.name.value, name, item.name.pos);
        let pieces = shape(composer, name, pos)?;
        let mut lines = text::break_lines(&pieces, measure, measure, true);
        if lines.is_empty() {
            lines.push(Line {
                placed: Vec::new(),
                width: Mm(0.0),
            });
        }
        for (n, line) in lines.iter().enumerate() {
            let mut segments: Vec<(&[Piece], &Line, Mm)> = Vec::new();
            if n == 0 && i == 0 {
                segments.push((&label, &label_line, label_left));
            }
            if let (0, Some((number, number_line))) = (n, numbers.get(i)) {
                segments.push((number, number_line, number_left));
            }
            segments.push((&pieces, line, name_left));
            composer.place_segments(&segments, style, Role::FangSong);
        }
    }
    Ok(())
}

/// Where the printed part of a name starts: the item's position moved past
/// what was stripped (a typed number), when the name is written plainly.
fn name_pos(written: &str, printed: &str, pos: SourcePos) -> SourcePos {
    let skipped = written
        .find(printed)
        .and_then(|at| written.get(..at))
        .map_or(0, |before| before.chars().count());
    SourcePos {
        line: pos.line,
        column: pos
            .column
            .saturating_add(u32::try_from(skipped).unwrap_or(0)),
    }
}

/// Each bound attachment on new pages: label, title, 主送, body, its own
/// 附件说明 and signature. Page numbers simply continue.
pub(super) fn bound<'a>(composer: &mut Composer<'a>, doc: &'a Document) -> Result<(), Error> {
    for attachment in &doc.attachments {
        composer.new_page();
        label(composer, doc, attachment)?;
        // Messages about a file attachment's text point into that file.
        let main = composer.source;
        if let AttachmentOrigin::File { path, text } = &attachment.origin {
            composer.source = SourceFile { path, text };
        }
        let result = pages(composer, attachment);
        composer.source = main;
        result?;
    }
    Ok(())
}

/// `附件` (the list has one item) or `附件2` (its number in 附件说明),
/// 3号黑体, flush left on 版心 line 1.
fn label(
    composer: &mut Composer<'_>,
    doc: &Document,
    attachment: &BoundAttachment,
) -> Result<(), Error> {
    let list = &doc.meta.attachments;
    let text = if list.len() == 1 {
        "附件".to_string()
    } else {
        format!("附件{}", attachment.index + 1)
    };
    let pos = list
        .get(attachment.index)
        .map(|a| a.name.pos)
        .unwrap_or_default();
    let style = composer.body_style();
    let pieces = composer.shape(
        &[Span {
            text: &text,
            role: Role::HeiTi,
            pos,
        }],
        style,
    )?;
    let line = text::one_line(&pieces);
    let profile = composer.profile;
    let em_top = profile.grid_em_top(0);
    let baseline = composer.baseline(Role::HeiTi, style, em_top);
    // Not a body line: a tightened page must not move the label.
    let runs = text::runs_for_line(
        &pieces,
        &line,
        profile.body_left(),
        em_top,
        style,
        composer.measurer,
        baseline,
    );
    composer.push_runs(runs);
    Ok(())
}

/// The attachment itself: its title centred on 版心 line 3 (2号小标宋, A14),
/// then the text on the grid lines below it, as the main document's.
fn pages(composer: &mut Composer<'_>, attachment: &BoundAttachment) -> Result<(), Error> {
    let profile = composer.profile;
    let pitch = profile.line_pitch();
    let title_top = profile.body_top() + pitch * 2.0 + (pitch - profile.title_size.to_mm()) / 2.0;
    header::title(composer, &attachment.meta, title_top)?;
    // The title's cell is a grid line, so the text below it is on the grid.
    composer.snap_to_grid();
    header::recipients(composer, &attachment.meta)?;
    body::blocks(composer, &attachment.body)?;
    notice(composer, &attachment.meta)?;
    signature::block(composer, &attachment.meta, &Resources::default())
}

//! 发文机关署名, 成文日期, 印章 and 附注 (GB/T 9704 §7.3.5–7.3.6;
//! GBT9704.md §6.3 a–d, §13.8).
//!
//! The block is planned in millimetres below the line after the last text,
//! for a given line pitch, so that it can be planned again after the page
//! was tightened (§7.3.5.5: the block never stands on a page alone).

use crate::diag::{Diagnostic, Error};
use crate::fonts::Role;
use crate::model::{Located, Meta};
use crate::resources::{ImageAsset, Resources};
use crate::units::Mm;

use super::compose::Composer;
use super::frame::{ImageBox, Item};
use super::text::{self, Line, Piece};

/// Seal diameter when neither `印章尺寸` nor the image says (GBT9704.md §12:
/// the smallest official size, 42 mm).
const DEFAULT_SEAL: Mm = Mm(42.0);
/// 签名章 width when the image does not say.
const DEFAULT_STAMP: Mm = Mm(36.0);
/// Seals of a joint issue may not touch: at least this far apart.
const SEAL_CLEARANCE: Mm = Mm(3.0);

/// A line of the block: where its em box starts below the block top.
struct PlanText {
    dy: Mm,
    left: Mm,
    pieces: Vec<Piece>,
    line: Line,
}

/// An image of the block, its top below the block top.
struct PlanImage {
    image: usize,
    x: Mm,
    dy: Mm,
    width: Mm,
    height: Mm,
}

#[derive(Default)]
struct Plan {
    texts: Vec<PlanText>,
    images: Vec<PlanImage>,
}

impl Plan {
    /// Bottom of the lowest text em box below the block top.
    fn text_height(&self, size: Mm) -> Mm {
        self.texts
            .iter()
            .map(|t| t.dy + size)
            .fold(Mm(0.0), Mm::max)
    }

    fn image_bottom(&self) -> Mm {
        self.images
            .iter()
            .map(|i| i.dy + i.height)
            .fold(Mm(0.0), Mm::max)
    }
}

/// What the block is made of, shaped once.
struct Parts<'m> {
    names: Vec<Vec<Piece>>,
    date: Option<Vec<Piece>>,
    note: Option<Vec<Piece>>,
    title: Option<Vec<Piece>>,
    seals: &'m [ImageAsset],
    stamp: Option<&'m ImageAsset>,
    seal_size: Option<Mm>,
}

/// Lay out the closing block of `meta` after the text placed so far.
pub(super) fn block(
    composer: &mut Composer<'_>,
    meta: &Meta,
    resources: &Resources,
) -> Result<(), Error> {
    let names: &[Located<String>] = if meta.signature.is_empty() {
        &meta.issuers
    } else {
        &meta.signature
    };
    let date_text = meta.date.as_ref().map(|d| (d.value.to_chinese(), d.pos));
    if names.is_empty() && date_text.is_none() && meta.note.is_none() {
        return Ok(());
    }
    if !resources.seals.is_empty() && resources.seals.len() != names.len().max(1) {
        let message = format!(
            "印章有 {} 枚，发文机关署名有 {} 个：联合行文每个署名对应一枚印章",
            resources.seals.len(),
            names.len()
        );
        return Err(Error::single(
            Diagnostic::error(
                composer.source.path,
                composer.source.text,
                resources.seals[0].pos,
                message,
            )
            .with_help("按署名的顺序列出每个机关的印章"),
        ));
    }
    let style = composer.body_style();
    let shape = |composer: &Composer<'_>, text: &str, pos| composer.shape_body(text, pos);
    let mut parts = Parts {
        names: Vec::new(),
        date: None,
        note: None,
        title: None,
        seals: &resources.seals,
        stamp: resources.stamp.as_ref(),
        seal_size: meta.seal_size.as_ref().map(|s| Mm(s.value)),
    };
    for name in names {
        parts.names.push(shape(composer, &name.value, name.pos)?);
    }
    if let Some((text, pos)) = &date_text {
        parts.date = Some(shape(composer, text, *pos)?);
    }
    if let Some(note) = &meta.note {
        let text = parenthesised(&note.value);
        parts.note = Some(shape(composer, &text, note.pos)?);
    }
    if let (Some(_), Some(title)) = (parts.stamp, &meta.signer_title) {
        parts.title = Some(shape(composer, &title.value, title.pos)?);
    }
    let image_ids: Vec<usize> = parts
        .seals
        .iter()
        .chain(parts.stamp)
        .map(|image| composer.add_image(image))
        .collect();

    // Fit the block with the text above it (§7.3.5.5): tighten the page,
    // and only when that is not enough take the last lines along.
    let size = composer.profile.body_size.to_mm();
    let pitch = composer.pitch;
    let first = plan(composer, &parts, &image_ids, pitch);
    let needed = lines_for(first.text_height(size), pitch, size);
    if !composer.fits(needed) {
        let limit = composer.profile.min_tightened_pitch.to_mm();
        if !composer.tighten_for(needed, limit) {
            // Take two lines along (never a lone line), but never all of
            // them: that would leave a page without text (or page 1
            // without 正文), which is worse than a block on its own.
            // A 附件说明 above the block counts as part of it.
            let lines = composer.lines_on_page();
            let wanted = composer.closing_lines_on_page() + 2;
            let carry = wanted.min(lines.saturating_sub(1));
            if composer.carry_over(carry) == 0 {
                composer.new_page();
            }
        }
    }
    let pitch = composer.pitch;
    let plan = plan(composer, &parts, &image_ids, pitch);
    let top = composer.next_em_top;
    for text in &plan.texts {
        composer.next_em_top = top + text.dy;
        let saved_pitch = composer.pitch;
        composer.place_line(&text.pieces, &text.line, text.left, style, Role::FangSong);
        composer.pitch = saved_pitch;
    }
    for image in &plan.images {
        composer.push(Item::Image(ImageBox {
            image: image.image,
            x: image.x,
            top: top + image.dy,
            width: image.width,
            height: image.height,
            multiply: true,
        }));
    }
    let after_text = top + plan.text_height(size) + composer.pitch - size;
    let after_image = top + plan.image_bottom() + composer.profile.line_gap();
    composer.next_em_top = after_text.max(after_image);
    Ok(())
}

/// Whole lines a block of `height` (first em top to last em bottom) needs.
fn lines_for(height: Mm, pitch: Mm, size: Mm) -> usize {
    if height.0 <= 0.0 {
        return 0;
    }
    ((height - size).0 / pitch.0).round() as usize + 1
}

/// 附注 is printed in full-width parentheses.
fn parenthesised(note: &str) -> String {
    let inner = note
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    format!("（{inner}）")
}

fn plan(composer: &Composer<'_>, parts: &Parts<'_>, ids: &[usize], pitch: Mm) -> Plan {
    let mut plan = if parts.stamp.is_some() {
        stamped(composer, parts, ids, pitch)
    } else if !parts.seals.is_empty() {
        sealed(composer, parts, ids, pitch)
    } else {
        unsealed(composer, parts, pitch)
    };
    if let Some(note) = &parts.note {
        // 附注: the line after the date, 2 字 in; wrapped lines flush left.
        let profile = composer.profile;
        let indent = profile.char_pitch() * 2.0;
        let lines = text::break_lines(note, profile.body_width - indent, profile.body_width, true);
        let last = plan.texts.iter().map(|t| t.dy).fold(-pitch, Mm::max);
        for (i, line) in lines.into_iter().enumerate() {
            let left = profile.body_left() + if i == 0 { indent } else { Mm(0.0) };
            plan.texts.push(PlanText {
                dy: last + pitch * (i + 1) as f32,
                left,
                pieces: note.clone(),
                line,
            });
        }
    }
    plan
}

fn text_at(pieces: &[Piece], dy: Mm, left: Mm) -> PlanText {
    PlanText {
        dy,
        left,
        pieces: pieces.to_vec(),
        line: text::one_line(pieces),
    }
}

/// (c) 不加盖印章: 署名 下空一行, right gap 2 字, names stacked; the date
/// on the next line, its first character 2 字 right of the 署名's. A date
/// longer than the 署名 keeps the 2 字 gap and pushes the 署名 left.
fn unsealed(composer: &Composer<'_>, parts: &Parts<'_>, pitch: Mm) -> Plan {
    let profile = composer.profile;
    let cell = profile.char_pitch();
    let name_width = parts
        .names
        .iter()
        .map(|p| text::natural_width(p))
        .fold(Mm(0.0), Mm::max);
    let date_width = parts.date.as_deref().map_or(Mm(0.0), text::natural_width);
    let right = profile.body_right() - cell * 2.0;
    let (name_right, date_left) = if date_width.0 > name_width.0 {
        let date_left = right - date_width;
        (date_left - cell * 2.0 + name_width, date_left)
    } else {
        (right, right - name_width + cell * 2.0)
    };
    let mut plan = Plan::default();
    let mut dy = pitch; // one blank line
    for name in &parts.names {
        plan.texts
            .push(text_at(name, dy, name_right - text::natural_width(name)));
        dy += pitch;
    }
    if let Some(date) = &parts.date {
        plan.texts.push(text_at(date, dy, date_left));
    }
    plan
}

/// Diameter (width) of a seal image and its height.
fn seal_box(image: &ImageAsset, size: Option<Mm>) -> (Mm, Mm) {
    let width = size.or(image.natural_width).unwrap_or(DEFAULT_SEAL);
    (width, width / image.aspect)
}

/// (a)/(b) 加盖印章: the date's right end 4 字 in; each 署名 centred on its
/// seal, the last one on the date; the seal centred on its name a little
/// above the middle of 署名 and date (so they sit in its lower half), its
/// top within one line below the text (§7.3.5.1, §13.8).
fn sealed(composer: &Composer<'_>, parts: &Parts<'_>, ids: &[usize], pitch: Mm) -> Plan {
    let profile = composer.profile;
    let cell = profile.char_pitch();
    let size = profile.body_size.to_mm();
    let (diameter, height) = seal_box(&parts.seals[0], parts.seal_size);
    let date_width = parts.date.as_deref().map_or(Mm(0.0), text::natural_width);
    let date_right = profile.body_right() - cell * 4.0;
    let date_centre = date_right - date_width / 2.0;

    // Joint issue: up to three seals a row, right-aligned on the date.
    let widest = parts
        .names
        .iter()
        .map(|p| text::natural_width(p))
        .fold(Mm(0.0), Mm::max);
    let spacing = (diameter + SEAL_CLEARANCE).max(widest + cell);
    let per_row = 3.min(parts.names.len().max(1));
    let rows = parts.names.len().max(1).div_ceil(per_row);
    let row_lines = ((height + SEAL_CLEARANCE).0 / pitch.0).ceil().max(1.0) as usize;
    // Shift right if the leftmost seal would leave the 版心 (the date keeps
    // its place when it can; the seals never leave the 版心).
    let leftmost = date_centre - spacing * (per_row - 1) as f32 - diameter / 2.0;
    let shift = (profile.body_left() - leftmost).max(Mm(0.0));

    // Blank lines between text and 署名: the fewest (≥ 2) that put the seal
    // top within one line below the text, with the seal centre 0.25–0.5
    // line above the middle of 署名 and date.
    let mut blank = 2usize;
    let mut lift = pitch * 0.5;
    let gap_below_text = pitch - size;
    for n in 2..=5 {
        let middle = pitch * n as f32 + (pitch + size) / 2.0;
        // The gap between text and seal top if the seal were centred on
        // the middle of 署名 and date; lifting it shrinks the gap.
        let base = middle - height / 2.0 + gap_below_text;
        let wanted = (base - pitch / 2.0).max(pitch * 0.25).min(pitch * 0.5);
        let gap = base - wanted;
        blank = n;
        lift = wanted;
        if gap.0 >= 0.0 && gap.0 <= pitch.0 {
            break;
        }
    }

    let mut plan = Plan::default();
    let names_dy = |row: usize| pitch * (blank + row * row_lines) as f32;
    for (i, name) in parts.names.iter().enumerate() {
        let row = i / per_row;
        let in_row = i % per_row;
        let count = (parts.names.len() - row * per_row).min(per_row);
        // The last name of the last row sits on the date; rows align right.
        let from_right = (count - 1 - in_row) as f32;
        let centre = date_centre + shift - spacing * from_right;
        let width = text::natural_width(name);
        let dy = names_dy(row);
        plan.texts.push(text_at(name, dy, centre - width / 2.0));
        let middle = dy + (pitch + size) / 2.0;
        plan.images.push(PlanImage {
            image: ids[i.min(ids.len() - 1)],
            x: centre - diameter / 2.0,
            dy: middle - lift - height / 2.0,
            width: diameter,
            height,
        });
    }
    if let Some(date) = &parts.date {
        let dy = names_dy(rows - 1) + pitch;
        plan.texts.push(text_at(date, dy, date_right - date_width));
    }
    plan
}

/// (d) 签名章: the stamp 下空二行, right edge 4 字 in; 职务 2 字 to its
/// left, centred on it; the date 下空一行 below the stamp, 4 字 in.
fn stamped(composer: &Composer<'_>, parts: &Parts<'_>, ids: &[usize], pitch: Mm) -> Plan {
    let profile = composer.profile;
    let cell = profile.char_pitch();
    let size = profile.body_size.to_mm();
    let gap = pitch - size;
    let Some(stamp) = parts.stamp else {
        return Plan::default();
    };
    let width = stamp.natural_width.unwrap_or(DEFAULT_STAMP);
    let height = width / stamp.aspect;
    let right = profile.body_right() - cell * 4.0;
    let mut plan = Plan::default();
    // Block top is the em top of the line after the text; the text's em
    // bottom is one gap above it. 下空二行: top = bottom + g + 2P.
    let stamp_top = pitch * 2.0;
    plan.images.push(PlanImage {
        image: ids[ids.len() - 1],
        x: right - width,
        dy: stamp_top,
        width,
        height,
    });
    if let Some(title) = &parts.title {
        let title_width = text::natural_width(title);
        let dy = stamp_top + height / 2.0 - size / 2.0;
        plan.texts
            .push(text_at(title, dy, right - width - cell * 2.0 - title_width));
    }
    if let Some(date) = &parts.date {
        let dy = stamp_top + height + gap + pitch;
        let date_width = text::natural_width(date);
        plan.texts.push(text_at(date, dy, right - date_width));
    }
    plan
}

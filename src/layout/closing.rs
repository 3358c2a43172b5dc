//! After the 正文: the unsealed 发文机关署名 and 成文日期 (GB/T 9704
//! §7.3.5.2), and the page numbers of every page (§7.5).

use crate::diag::{Diagnostic, Error};
use crate::fonts::{Measurer, Role};
use crate::model::{Meta, SourcePos};
use crate::template::{Color, Profile};
use crate::units::Mm;

use super::compose::Composer;
use super::frame::{Item, Page, PlacedGlyph, TextRun};
use super::text::{self, Span};

/// 署名 (下空一行, right gap 2 字) with the date on the next line, its
/// first character 2 字 right of the 署名's; a date longer than the 署名
/// keeps the 2 字 right gap and pushes the 署名 left instead.
pub(super) fn signature_unsealed(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    // Without an explicit 署名 the issuing organs sign.
    let names = if meta.signature.is_empty() {
        &meta.issuers
    } else {
        &meta.signature
    };
    let date = meta.date.as_ref().map(|d| (d.value.to_chinese(), d.pos));
    if names.is_empty() && date.is_none() {
        return Ok(());
    }
    let profile = composer.profile;
    let style = composer.body_style();
    let cell = profile.char_pitch();

    let mut name_lines = Vec::new();
    for name in names {
        let spans = [Span {
            text: &name.value,
            role: Role::FangSong,
            pos: name.pos,
        }];
        name_lines.push(composer.shape(&spans, style)?);
    }
    let date_pieces = match &date {
        Some((text, pos)) => {
            let spans = [Span {
                text,
                role: Role::FangSong,
                pos: *pos,
            }];
            Some(composer.shape(&spans, style)?)
        }
        None => None,
    };
    let name_width = name_lines
        .iter()
        .map(|p| text::natural_width(p))
        .fold(Mm(0.0), Mm::max);
    let date_width = date_pieces.as_deref().map_or(Mm(0.0), text::natural_width);
    let right = profile.body_right() - cell * 2.0;
    let (name_right, date_left) = if date_width.0 > name_width.0 {
        let date_left = right - date_width;
        (date_left - cell * 2.0 + name_width, date_left)
    } else {
        let name_left = right - name_width;
        (right, name_left + cell * 2.0)
    };

    composer.skip_line();
    let total = name_lines.len() + usize::from(date_pieces.is_some());
    composer.ensure_room(total);
    for pieces in &name_lines {
        let width = text::natural_width(pieces);
        let lines = text::break_lines(pieces, Mm(f32::MAX), Mm(f32::MAX), false);
        // Names are right-aligned to a common edge.
        let start = name_right - width;
        let indent = start - profile.body_left();
        composer.place_body_lines(pieces, &lines, indent, style, Role::FangSong);
    }
    if let Some(pieces) = &date_pieces {
        let lines = text::break_lines(pieces, Mm(f32::MAX), Mm(f32::MAX), false);
        let indent = date_left - profile.body_left();
        composer.place_body_lines(pieces, &lines, indent, style, Role::FangSong);
    }
    Ok(())
}

/// `— n —` in 4号宋体: the dash line 7 mm below the 版心, odd pages right
/// (1 字 in), even pages left (1 字 in). 1 字 is the 4号 character (A5).
pub(super) fn page_numbers(
    pages: &mut [Page],
    profile: &Profile,
    measurer: &Measurer<'_>,
) -> Result<(), Error> {
    let size = profile.page_number_size;
    let em = size.to_mm();
    let glyph = |ch: char| {
        measurer.glyph(Role::SongTi, ch).ok_or_else(|| {
            Error::single(Diagnostic::file_error(
                std::path::Path::new(""),
                format!("「宋体」字体缺少页码字符「{ch}」"),
            ))
        })
    };
    let dash = glyph('—')?;
    let space = glyph(' ').ok();
    // Place the dash by its ink: its stroke's centre lies on the line.
    let dash_centre_em = measurer
        .ink_extent(dash)
        .map_or(0.38, |(bottom, top)| (bottom + top) / 2.0);
    let dash_line = profile.body_bottom() + profile.page_number_drop;
    let baseline = dash_line + em * dash_centre_em;
    let half = em * 0.5;

    for (index, page) in pages.iter_mut().enumerate() {
        let number = index + 1;
        let digits = number.to_string();
        let mut items: Vec<(char, crate::fonts::GlyphInfo, Mm)> = Vec::new();
        items.push(('—', dash, em * dash.advance_em));
        if let Some(space) = space {
            items.push((' ', space, half));
        }
        for ch in digits.chars() {
            let g = glyph(ch)?;
            items.push((ch, g, em * g.advance_em));
        }
        if let Some(space) = space {
            items.push((' ', space, half));
        }
        items.push(('—', dash, em * dash.advance_em));
        let width: Mm = items.iter().map(|(_, _, w)| *w).sum();
        let left = if number % 2 == 1 {
            profile.body_right() - em - width
        } else {
            profile.body_left() + em
        };
        let mut run = TextRun {
            face: dash.face,
            size,
            color: Color::BLACK,
            baseline,
            scale_x: 1.0,
            glyphs: Vec::new(),
            text: String::new(),
        };
        let mut x = left;
        let mut runs = Vec::new();
        for (ch, g, w) in items {
            if g.face != run.face && !run.glyphs.is_empty() {
                let next = TextRun {
                    face: g.face,
                    glyphs: Vec::new(),
                    text: String::new(),
                    ..run.clone()
                };
                runs.push(std::mem::replace(&mut run, next));
            }
            run.face = g.face;
            let start = run.text.len();
            run.text.push(ch);
            run.glyphs.push(PlacedGlyph {
                glyph: g.glyph,
                x,
                advance: em * g.advance_em,
                text: start..run.text.len(),
            });
            x += w;
        }
        runs.push(run);
        page.items.extend(runs.into_iter().map(Item::Text));
    }
    let _ = SourcePos::default();
    Ok(())
}

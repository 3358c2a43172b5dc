//! Page numbers (GB/T 9704 §7.5).

use crate::diag::{Diagnostic, Error};
use crate::fonts::{Measurer, Role};
use crate::model::SourcePos;
use crate::template::{Color, Profile};
use crate::units::Mm;

use super::frame::{Item, Page, PlacedGlyph, TextRun, Turned};

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
        if page.unnumbered {
            continue;
        }
        // The physical page number: an unnumbered page (the blank page
        // before the 版记) still counts, so duplex sides and numbers agree.
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
        let items: Vec<Item> = runs.into_iter().map(Item::Text).collect();
        if page.landscape && profile.landscape_page_number_turned {
            // A24: turned with the table, about the middle of the number,
            // so that it keeps its place (§8) and reads with the table.
            let centre = left + width / 2.0;
            page.items
                .push(Item::Turned(Turned::about(centre, dash_line, items)));
        } else {
            page.items.extend(items);
        }
    }
    let _ = SourcePos::default();
    Ok(())
}

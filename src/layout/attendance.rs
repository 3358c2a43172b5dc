//! 出席 / 请假 / 列席 of a 纪要 (GB/T 9704 §10.3): 下空一行 below the text
//! (or 附件说明), 2 字 in; the label in 3号黑体 with a full-width `：`, the
//! names in 3号仿宋 joined with `、`; wrapped lines start under the first
//! name, after the `：`; each list on a new line, 出席 → 请假 → 列席.

use crate::diag::Error;
use crate::fonts::Role;
use crate::model::{Located, Meta};
use crate::units::Mm;

use super::compose::Composer;
use super::masthead::span;
use super::text::{self, Line, Piece};

/// A list shaped and broken into lines, ready to place.
struct List {
    label: Vec<Piece>,
    label_line: Line,
    /// Each line's pieces and how they sit on it.
    lines: Vec<(Vec<Piece>, Line)>,
}

/// Lay out the lists that have names, after the text placed so far.
pub(super) fn lists(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    let mut lists = Vec::new();
    for (label, names) in [
        ("出席", &meta.attendees),
        ("请假", &meta.absentees),
        ("列席", &meta.observers),
    ] {
        if let Some(list) = shape_list(composer, label, names)? {
            lists.push(list);
        }
    }
    if lists.is_empty() {
        return Ok(());
    }
    // The lists belong with the text above: when they would start at the
    // foot of a page and run over, the text's last two lines come along
    // (as for 附件说明), unless that would empty the page.
    let total = 1 + lists.iter().map(|l| l.lines.len()).sum::<usize>();
    if !composer.fits(total) && composer.fits(1) {
        let lines = composer.lines_on_page();
        composer.carry_over(2.min(lines.saturating_sub(1)));
    }
    // Part of the closing: a signature after them keeps them with it.
    composer.closing = true;
    composer.blank_line();
    let profile = composer.profile;
    let left = profile.body_left() + profile.char_pitch() * 2.0;
    let style = composer.body_style();
    for list in &lists {
        let names_left = left + list.label_line.width;
        for (n, (pieces, line)) in list.lines.iter().enumerate() {
            let mut segments: Vec<(&[Piece], &Line, Mm)> = Vec::new();
            if n == 0 {
                segments.push((&list.label, &list.label_line, left));
            }
            segments.push((pieces, line, names_left));
            composer.place_segments(&segments, style, Role::FangSong);
        }
    }
    Ok(())
}

/// Shape `label：` and the names, and break the names into lines that
/// keep every name whole; `None` when the list has no names.
fn shape_list(
    composer: &Composer<'_>,
    label: &str,
    names: &[Located<String>],
) -> Result<Option<List>, Error> {
    // Separators the author typed are dropped so they are not doubled.
    let names: Vec<&Located<String>> = names
        .iter()
        .filter(|n| !clean(&n.value).is_empty())
        .collect();
    let Some(first) = names.first() else {
        return Ok(None);
    };
    let profile = composer.profile;
    let style = composer.body_style();
    let label_text = format!("{label}：");
    let label = composer.shape(&[span(&label_text, Role::HeiTi, first.pos)], style)?;
    let label_line = text::one_line(&label);
    let measure = profile.body_width - profile.char_pitch() * 2.0 - text::natural_width(&label);
    let measure = measure.max(profile.char_pitch());

    // Each name with the `、` after it is one unit that stays on one line.
    let mut units = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut text = clean(&name.value).to_string();
        if i + 1 < names.len() {
            text.push('、');
        }
        units.push(composer.shape(&[span(&text, Role::FangSong, name.pos)], style)?);
    }
    let mut lines = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    for unit in units {
        let width = text::natural_width(&current) + text::natural_width(&unit);
        if !current.is_empty() && width.0 > measure.0 + 0.01 {
            lines.push(std::mem::take(&mut current));
        }
        current.extend(unit);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    // A line that is still too long (one very long name) breaks inside
    // by the usual rules; full lines are justified to the measure when
    // that spreads them only a little, the last keeps its natural width.
    let count = lines.len();
    let mut broken = Vec::new();
    for (i, pieces) in lines.into_iter().enumerate() {
        let parts = text::break_lines(&pieces, measure, measure, true);
        let last_of_list = i + 1 == count;
        let parts_count = parts.len();
        for (k, line) in parts.into_iter().enumerate() {
            let line = if !last_of_list && k + 1 == parts_count {
                justify(&pieces, line, measure, profile.char_pitch() / 4.0)
            } else {
                line
            };
            broken.push((pieces.clone(), line));
        }
    }
    Ok(Some(List {
        label,
        label_line,
        lines: broken,
    }))
}

/// A name as printed: trimmed, without a separator typed after it.
fn clean(name: &str) -> &str {
    name.trim()
        .trim_end_matches(['、', '，', ',', '；', ';', '。'])
        .trim_end()
}

/// Spread a line's pieces so it ends at `measure` (its gaps share the
/// difference, as the body's justified lines do) — unless a gap would
/// grow by more than `max_extra`: a line of long names (`县财政局局长秦某某、`)
/// may end well short of the edge, and spreading it would tear the names
/// apart, so it stays ragged.
fn justify(pieces: &[Piece], line: Line, measure: Mm, max_extra: Mm) -> Line {
    let gaps = line.placed.len().saturating_sub(1);
    let width = |i: usize| pieces.get(i).map_or(Mm(0.0), |p| p.width);
    let natural: Mm = line.placed.iter().map(|&(i, _)| width(i)).sum();
    if gaps == 0 || natural.0 >= measure.0 {
        return line;
    }
    let extra = (measure - natural) / gaps as f32;
    if extra.0 > max_extra.0 {
        return line;
    }
    let mut x = Mm(0.0);
    let placed = line
        .placed
        .iter()
        .enumerate()
        .map(|(n, &(i, _))| {
            let at = (i, x + extra * n as f32);
            x += width(i);
            at
        })
        .collect();
    Line {
        placed,
        width: measure,
    }
}

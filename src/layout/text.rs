//! Text on the grid: characters → glyph pieces → break units → lines.
//!
//! A full-width character takes one grid cell; half-width Latin letters and
//! digits take their own advance scaled like the cells (so a Times digit is
//! half a cell). Lines break by the CJK rules (禁则) and are justified to
//! the full measure by spreading the difference over their gaps.

use std::ops::Range;

use crate::fonts::{GlyphInfo, Measurer, Role};
use crate::model::SourcePos;
use crate::template::Color;
use crate::units::{Mm, Pt};

use super::frame::{PlacedGlyph, TextRun};

/// Text in one style, as the caller assembles it from the model.
#[derive(Debug, Clone)]
pub struct Span<'t> {
    pub text: &'t str,
    pub role: Role,
    /// Where the first character came from (for "cannot draw" errors).
    pub pos: SourcePos,
}

/// Size, grid cell and colour shared by a block of text.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub size: Pt,
    /// Width of a full-width character: the grid pitch for body text, the
    /// em for text that is not on the grid (titles, page numbers).
    pub cell: Mm,
    pub color: Color,
}

/// A character nobody can draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Undrawable {
    pub ch: char,
    pub role: Role,
    pub pos: SourcePos,
}

/// One character with its glyph and the room it takes on a line.
#[derive(Debug, Clone)]
pub struct Piece {
    pub ch: char,
    pub glyph: GlyphInfo,
    pub role: Role,
    pub width: Mm,
    /// Where the glyph's advance box starts inside the piece's room.
    pub inset: Mm,
}

/// Turn spans into pieces, picking per character the face that can draw it.
pub fn shape(
    spans: &[Span<'_>],
    measurer: &Measurer<'_>,
    style: TextStyle,
) -> Result<Vec<Piece>, Undrawable> {
    let mut pieces = Vec::new();
    let em = style.size.to_mm();
    for span in spans {
        for (i, ch) in span.text.chars().enumerate() {
            let pos = SourcePos {
                line: span.pos.line,
                column: span.pos.column + i as u32,
            };
            if ch == '\n' || ch == '\r' {
                continue;
            }
            let full = is_full_width(ch);
            // Body text (仿宋) sets Latin letters and digits in the 西文 face
            // (A12); titles and headings keep their own face's figures.
            let latin = !full && span.role == Role::FangSong;
            let latin_glyph = if latin {
                measurer.glyph(Role::Latin, ch)
            } else {
                None
            };
            let (found, role) = match latin_glyph {
                Some(glyph) => (Some(glyph), Role::Latin),
                None => (measurer.glyph(span.role, ch), span.role),
            };
            let Some(glyph) = found else {
                return Err(Undrawable {
                    ch,
                    role: span.role,
                    pos,
                });
            };
            let (width, inset) = if full {
                let advance = em * glyph.advance_em;
                let inset = if glyph.advance_em >= 0.9 {
                    Mm(0.0)
                } else if is_opening(ch) {
                    style.cell - advance
                } else if is_closing(ch) {
                    Mm(0.0)
                } else {
                    (style.cell - advance) / 2.0
                };
                (style.cell, inset)
            } else {
                // Half-width glyphs shrink with the grid like the cells do.
                (style.cell * glyph.advance_em, Mm(0.0))
            };
            pieces.push(Piece {
                ch,
                glyph,
                role,
                width,
                inset,
            });
        }
    }
    Ok(pieces)
}

/// Full-width characters take one grid cell.
pub fn is_full_width(ch: char) -> bool {
    let c = ch as u32;
    c >= 0x2E80
        || matches!(
            ch,
            '‘' | '’'
                | '“'
                | '”'
                | '—'
                | '…'
                | '·'
                | '※'
                | '★'
                | '☆'
                | '○'
                | '●'
                | '□'
                | '■'
                | '△'
                | '▲'
                | '℃'
                | '№'
                | '§'
        )
}

/// Units that stay on the line of the number before them.
fn is_number_unit(ch: char) -> bool {
    matches!(
        ch,
        '年' | '月'
            | '日'
            | '号'
            | '时'
            | '分'
            | '秒'
            | '个'
            | '万'
            | '亿'
            | '元'
            | '％'
            | '℃'
            | '次'
            | '名'
            | '条'
            | '项'
            | '岁'
            | '天'
            | '倍'
    )
}

/// Characters a line may not start with (行首禁则).
fn is_closing(ch: char) -> bool {
    matches!(
        ch,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '”'
            | '’'
            | '）'
            | '》'
            | '」'
            | '』'
            | '〕'
            | '】'
            | '〗'
            | '〉'
            | '…'
            | '·'
            | '%'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
    )
}

/// Characters a line may not end with (行尾禁则).
fn is_opening(ch: char) -> bool {
    matches!(
        ch,
        '“' | '‘' | '（' | '《' | '「' | '『' | '〔' | '【' | '〖' | '〈' | '(' | '['
    )
}

/// A stretch of pieces that never breaks inside: one CJK character, a Latin
/// word or number, `——`, `……`, or a space.
#[derive(Debug, Clone)]
struct Unit {
    pieces: Range<usize>,
    width: Mm,
    is_space: bool,
    no_start: bool,
    no_end: bool,
}

fn units(pieces: &[Piece]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let ch = pieces[i].ch;
        let mut end = i + 1;
        if ch == ' ' {
            // one space unit
        } else if !is_full_width(ch) {
            while end < pieces.len() && !is_full_width(pieces[end].ch) && pieces[end].ch != ' ' {
                end += 1;
            }
            // A number keeps its unit: 2020年, 35个, 3.5亿元 never break.
            while pieces[end - 1].ch.is_ascii_digit() || is_number_unit(pieces[end - 1].ch) {
                match pieces.get(end) {
                    Some(p) if is_number_unit(p.ch) => end += 1,
                    _ => break,
                }
            }
        } else if (ch == '—' || ch == '…') && pieces.get(end).is_some_and(|p| p.ch == ch) {
            end += 1;
        }
        let first = pieces[i].ch;
        let last = pieces[end - 1].ch;
        units.push(Unit {
            pieces: i..end,
            width: pieces[i..end].iter().map(|p| p.width).sum(),
            is_space: ch == ' ',
            no_start: is_closing(first),
            no_end: is_opening(last),
        });
        i = end;
    }
    units
}

/// A broken line: which pieces, and whether it is justified to the measure.
#[derive(Debug, Clone)]
pub struct Line {
    /// Piece index and its left x (relative to the line start).
    pub placed: Vec<(usize, Mm)>,
    /// Natural or justified width.
    pub width: Mm,
}

/// Break pieces into lines. `first` and `rest` are the measures of the
/// first and following lines. With `justify`, every line but the last is
/// spread to its measure; otherwise lines keep their natural width.
pub fn break_lines(pieces: &[Piece], first: Mm, rest: Mm, justify: bool) -> Vec<Line> {
    const EPS: f32 = 0.01;
    let units = units(pieces);
    let mut lines = Vec::new();
    let mut i = 0;
    while i < units.len() {
        while i < units.len() && units[i].is_space {
            i += 1;
        }
        if i == units.len() {
            break;
        }
        let measure = if lines.is_empty() { first } else { rest };
        let mut j = i;
        let mut width = Mm(0.0);
        while j < units.len() && (width + units[j].width).0 <= measure.0 + EPS {
            width += units[j].width;
            j += 1;
        }
        if j == units.len() {
            lines.push(place(pieces, &units[i..j], measure, false));
            break;
        }
        if j == i {
            // A single unit wider than the line (a very long Latin word):
            // it has to stand alone, and it is set on its own line.
            j = i + 1;
        } else {
            let can_break = |k: usize| {
                let before = &units[k - 1];
                let after = &units[k];
                after.is_space || before.is_space || (!after.no_start && !before.no_end)
            };
            let mut k = j;
            while k > i + 1 && !can_break(k) {
                k -= 1;
            }
            if can_break(k) {
                j = k;
            }
        }
        lines.push(place(pieces, &units[i..j], measure, justify));
        i = j;
    }
    lines
}

fn place(pieces: &[Piece], units: &[Unit], measure: Mm, justify: bool) -> Line {
    let mut units = units;
    while let Some((last, rest)) = units.split_last() {
        if last.is_space {
            units = rest;
        } else {
            break;
        }
    }
    let natural: Mm = units.iter().map(|u| u.width).sum();
    let gaps = units.len().saturating_sub(1);
    let extra = if justify && gaps > 0 && natural.0 < measure.0 {
        (measure - natural) / gaps as f32
    } else {
        Mm(0.0)
    };
    let mut x = Mm(0.0);
    let mut placed = Vec::new();
    for (n, unit) in units.iter().enumerate() {
        if n > 0 {
            x += extra;
        }
        for index in unit.pieces.clone() {
            placed.push((index, x));
            x += pieces[index].width;
        }
    }
    Line { placed, width: x }
}

/// Turn a line into text runs at `left`, with the em box top at `em_top`.
///
/// Each CJK face puts its own ideographic em box on the line's em box;
/// Latin glyphs sit on the baseline of the line's main face.
pub fn runs_for_line(
    pieces: &[Piece],
    line: &Line,
    left: Mm,
    em_top: Mm,
    style: TextStyle,
    measurer: &Measurer<'_>,
    main_baseline: Mm,
) -> Vec<TextRun> {
    let em = style.size.to_mm();
    let mut runs: Vec<TextRun> = Vec::new();
    for &(index, x) in &line.placed {
        let piece = &pieces[index];
        let baseline = if piece.role == Role::Latin {
            main_baseline
        } else {
            em_top + em * (1.0 - measurer.em_descent(piece.glyph.face))
        };
        let same = runs
            .last()
            .is_some_and(|r| r.face == piece.glyph.face && (r.baseline - baseline).0.abs() < 1e-4);
        if !same {
            runs.push(TextRun {
                face: piece.glyph.face,
                size: style.size,
                color: style.color,
                baseline,
                scale_x: 1.0,
                glyphs: Vec::new(),
                text: String::new(),
            });
        }
        let Some(run) = runs.last_mut() else { continue };
        let start = run.text.len();
        run.text.push(piece.ch);
        run.glyphs.push(PlacedGlyph {
            glyph: piece.glyph.glyph,
            x: left + x + piece.inset,
            advance: em * piece.glyph.advance_em,
            text: start..run.text.len(),
        });
    }
    runs
}

/// All of `pieces` on one line at their natural width (names, dates,
/// labels: text that never wraps).
pub fn one_line(pieces: &[Piece]) -> Line {
    break_lines(pieces, Mm(f32::MAX), Mm(f32::MAX), false)
        .into_iter()
        .next()
        .unwrap_or(Line {
            placed: Vec::new(),
            width: Mm(0.0),
        })
}

/// The natural width of pieces set on one line.
pub fn natural_width(pieces: &[Piece]) -> Mm {
    pieces.iter().map(|p| p.width).sum()
}

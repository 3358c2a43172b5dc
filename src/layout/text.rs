//! Text on the grid: characters → glyph pieces → break units → lines.
//!
//! A full-width character takes one grid cell; half-width Latin letters and
//! digits take their own advance scaled like the cells (so a Times digit is
//! half a cell). Lines break by the CJK rules (禁则) and are justified to
//! the full measure by spreading the difference over their gaps. Justified
//! text squeezes its punctuation (标点挤压, in `punctuation`) before a line
//! comes out short, and pulls a lone last character (孤字) back.

use std::ops::Range;

use crate::fonts::{GlyphInfo, Measurer, Role};
use crate::model::SourcePos;
use crate::template::Color;
use crate::units::{Mm, Pt};

use super::frame::{PlacedGlyph, TextRun};

mod punctuation;
#[cfg(test)]
mod tests;
mod units;
mod widths;

pub use widths::{max_content_width, min_content_width};

use punctuation::{Blank, Squeeze, blank_half};
use units::{Unit, split_overwide, units};

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

/// A broken line: which pieces, and whether it is justified to the measure.
#[derive(Debug, Clone)]
pub struct Line {
    /// Piece index and the left x (relative to the line start) of its full
    /// room: the glyph goes at `x + inset`. A squeezed opening mark gives up
    /// the left half of its room, so its x lies half a room before the
    /// space it takes, and its ink stays where it is.
    pub placed: Vec<(usize, Mm)>,
    /// Natural or justified width.
    pub width: Mm,
}

/// Tolerance of width comparisons, in mm.
const EPS: f32 = 0.01;

/// Break pieces into lines. `first` and `rest` are the measures of the
/// first and following lines. With `justify`, every line but the last is
/// spread to its measure; otherwise lines keep their natural width.
///
/// Justified text is body text on the grid, and it gets 标点挤压: marks
/// next to each other give up the blank half between them; a line that
/// would come out short (禁则 pushed a character over, or a word did not
/// fit) takes in the next break unit by squeezing its own marks instead;
/// and a last line of one character (孤字) is pulled back the same way.
pub fn break_lines(pieces: &[Piece], first: Mm, rest: Mm, justify: bool) -> Vec<Line> {
    let breaker = Breaker {
        pieces,
        units: split_overwide(units(pieces), pieces, Mm(first.0.min(rest.0))),
        first,
        rest,
        squeeze: justify,
    };
    let mut breaks = breaker.run(0, 0, false);
    if justify {
        breaker.pull_back_orphan(&mut breaks);
    }
    let count = breaks.len();
    breaks
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let last = n + 1 == count;
            breaker.place(b, breaker.measure(n), justify && !last)
        })
        .collect()
}

/// One line of a paragraph before it is placed: units `start..end`, and
/// which of its pieces are squeezed to half their room.
#[derive(Debug, Clone)]
struct Break {
    start: usize,
    end: usize,
    squeeze: Squeeze,
}

struct Breaker<'p> {
    pieces: &'p [Piece],
    units: Vec<Unit>,
    first: Mm,
    rest: Mm,
    /// Whether marks are squeezed (body text on the grid).
    squeeze: bool,
}

impl Breaker<'_> {
    fn measure(&self, line: usize) -> Mm {
        if line == 0 { self.first } else { self.rest }
    }

    /// Whether a line may end before unit `k` (禁则).
    fn can_break(&self, k: usize) -> bool {
        if k == 0 || k >= self.units.len() {
            return true;
        }
        let (before, after) = (&self.units[k - 1], &self.units[k]);
        after.is_space || before.is_space || (!after.no_start && !before.no_end)
    }

    /// The pieces units `start..end` show on a line: trailing spaces go.
    fn pieces_of(&self, start: usize, end: usize) -> Range<usize> {
        let shown = self.units[start..end].iter().rposition(|u| !u.is_space);
        let from = self.units[start].pieces.start;
        match shown {
            Some(k) => from..self.units[start + k].pieces.end,
            None => from..from,
        }
    }

    fn pairs(&self, start: usize, end: usize) -> Squeeze {
        let range = self.pieces_of(start, end);
        if self.squeeze {
            Squeeze::pairs(self.pieces, range)
        } else {
            Squeeze::none(range)
        }
    }

    /// Break the units from `start` on, the first of them opening line
    /// number `line`. `eager` lines take in whatever squeezing lets them,
    /// not only when they would come out short.
    fn run(&self, start: usize, line: usize, eager: bool) -> Vec<Break> {
        let mut breaks = Vec::new();
        let mut i = start;
        loop {
            while i < self.units.len() && self.units[i].is_space {
                i += 1;
            }
            if i == self.units.len() {
                break;
            }
            let measure = self.measure(line + breaks.len());
            let end = self.line_end(i, measure, eager);
            let mut squeeze = self.pairs(i, end);
            squeeze.fit(self.pieces, measure);
            breaks.push(Break {
                start: i,
                end,
                squeeze,
            });
            i = end;
        }
        breaks
    }

    /// Where the line starting at unit `i` ends (exclusive).
    fn line_end(&self, i: usize, measure: Mm, eager: bool) -> usize {
        let units = &self.units;
        let mut j = i;
        let mut width = Mm(0.0);
        while j < units.len() && (width + units[j].width).0 <= measure.0 + EPS {
            width += units[j].width;
            j += 1;
        }
        if j == units.len() {
            return j;
        }
        let mut end = if j == i {
            // A single unit wider than the line (longer words were split
            // into characters, so one glyph wider than a narrow measure):
            // it has to stand alone, and it is set on its own line.
            i + 1
        } else {
            let mut k = j;
            while k > i + 1 && !self.can_break(k) {
                k -= 1;
            }
            if self.can_break(k) { k } else { j }
        };
        if !self.squeeze {
            return end;
        }
        let short = self.pairs(i, end).width(self.pieces).0 < measure.0 - EPS;
        if short || eager {
            // Take in the following units while squeezing the line's marks
            // still makes room, up to the last place a line may end.
            // Adding a unit never makes the narrowest width smaller, so
            // the first that does not fit ends the search.
            for e in end + 1..=units.len() {
                if self.pairs(i, e).min_width(self.pieces).0 > measure.0 + EPS {
                    break;
                }
                if self.can_break(e) {
                    end = e;
                }
            }
        }
        end
    }

    /// Whether a line shows one character and nothing else but punctuation.
    fn is_orphan(&self, b: &Break) -> bool {
        let range = self.pieces_of(b.start, b.end);
        let pieces = &self.pieces[range];
        let text: Vec<&Piece> = pieces.iter().filter(|p| !is_closing(p.ch)).collect();
        text.len() == 1 && is_full_width(text[0].ch) && blank_half(text[0]).is_none()
    }

    /// A 孤字 on the last line goes back up: the lines before it, from the
    /// nearest back, take in what squeezing their marks allows, until the
    /// paragraph loses its last line. Left alone when no squeezing helps.
    fn pull_back_orphan(&self, breaks: &mut Vec<Break>) {
        let count = breaks.len();
        if count < 2 || !breaks.last().is_some_and(|b| self.is_orphan(b)) {
            return;
        }
        // Lines an eager run from the start of line m takes, for the m
        // already tried. A run that reaches the start of such a line goes
        // on as that one did (only line 0 has a measure of its own), so
        // each line is broken once: without marks to squeeze, a paragraph
        // of thousands of lines was otherwise re-broken thousands of times.
        let mut eager_lines = vec![0; count];
        eager_lines[count - 1] = 1;
        for from in (0..count - 1).rev() {
            let lines = self.eager_line_count(breaks, from, &eager_lines);
            eager_lines[from] = lines;
            if from + lines < count {
                let tail = self.run(breaks[from].start, from, true);
                breaks.truncate(from);
                breaks.extend(tail);
                return;
            }
        }
    }

    /// How many lines `run(breaks[from].start, from, true)` gives, using
    /// `eager_lines[m]` (known for every m > `from`) once the run reaches
    /// the start of line m.
    fn eager_line_count(&self, breaks: &[Break], from: usize, eager_lines: &[usize]) -> usize {
        let mut i = breaks[from].start;
        let mut lines = 0;
        loop {
            while i < self.units.len() && self.units[i].is_space {
                i += 1;
            }
            if i == self.units.len() {
                return lines;
            }
            if lines > 0
                && let Ok(m) = breaks.binary_search_by_key(&i, |b| b.start)
                && m > from
            {
                return lines + eager_lines[m];
            }
            i = self.line_end(i, self.measure(from + lines), true);
            lines += 1;
        }
    }

    fn place(&self, b: &Break, measure: Mm, justify: bool) -> Line {
        let pieces = self.pieces;
        let squeeze = &b.squeeze;
        let mut units = &self.units[b.start..b.end];
        while let Some((last, rest)) = units.split_last() {
            if last.is_space {
                units = rest;
            } else {
                break;
            }
        }
        let natural = squeeze.width(pieces);
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
                let room = squeeze.room(pieces, index);
                // An opening mark keeps its ink (right half) in place.
                let shift = match blank_half(&pieces[index]) {
                    Some(Blank::Left) => pieces[index].width - room,
                    _ => Mm(0.0),
                };
                placed.push((index, x - shift));
                x += room;
            }
        }
        Line { placed, width: x }
    }
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

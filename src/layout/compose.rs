//! The page cursor: places lines of body-size text one pitch apart, turns
//! the page when the 版心 is full, and remembers the body lines of the
//! current page so a closing block can tighten or take some of them along
//! (GB/T 9704 §7.3.5.5).

use std::ops::Range;

use crate::diag::{Diagnostic, Error};
use crate::fonts::{Measurer, Role};
use crate::resources::ImageAsset;
use crate::template::{Color, Profile};
use crate::units::Mm;

use super::SourceFile;
use super::frame::{Item, Page, TextRun};
use super::text::{self, Line, Piece, Span, TextStyle, Undrawable};

/// A body line on the current page: its items and em-box top.
#[derive(Debug, Clone)]
struct PlacedLine {
    items: Range<usize>,
    em_top: Mm,
    /// Part of the closing (附件说明), which keeps with the signature.
    closing: bool,
    /// A table (part) with its own row heights: it stays where it is, and
    /// neither tightening nor carrying over moves it or the lines above.
    fixed: bool,
}

pub(super) struct Composer<'a> {
    pub profile: &'a Profile,
    pub measurer: &'a Measurer<'a>,
    pub source: SourceFile<'a>,
    pages: Vec<Page>,
    /// Em-box top of the next body line on the current page.
    pub next_em_top: Mm,
    /// Line pitch on the current page (the grid pitch unless tightened).
    pub pitch: Mm,
    /// Body lines of the current page, top to bottom.
    lines: Vec<PlacedLine>,
    /// Images the pages refer to.
    pub images: Vec<ImageAsset>,
    /// Lines placed from now on belong to the closing (附件说明).
    pub closing: bool,
    /// Whether a paragraph of the 正文 has been placed: page 1 must show
    /// 正文 (§7.3.3), so until then no line is moved off it.
    text_placed: bool,
}

impl<'a> Composer<'a> {
    pub fn new(profile: &'a Profile, measurer: &'a Measurer<'a>, source: SourceFile<'a>) -> Self {
        Composer {
            profile,
            measurer,
            source,
            pages: vec![Page::default()],
            next_em_top: profile.grid_em_top(0),
            pitch: profile.line_pitch(),
            lines: Vec::new(),
            images: Vec::new(),
            closing: false,
            text_placed: false,
        }
    }

    /// The style of body text: 3号, one grid cell per character, black.
    pub fn body_style(&self) -> TextStyle {
        TextStyle {
            size: self.profile.body_size,
            cell: self.profile.char_pitch(),
            color: Color::BLACK,
        }
    }

    pub fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    pub fn push_runs(&mut self, runs: Vec<TextRun>) {
        for run in runs {
            self.push(Item::Text(run));
        }
    }

    /// Register an image; returns its index for [`super::frame::ImageBox`].
    pub fn add_image(&mut self, image: &ImageAsset) -> usize {
        self.images.push(image.clone());
        self.images.len() - 1
    }

    /// Start a new page; body lines continue on the grid from line 1.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.next_em_top = self.profile.grid_em_top(0);
        self.pitch = self.profile.line_pitch();
        self.lines.clear();
    }

    /// 1-based number of the current page.
    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    pub fn current_page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Whether anything at all stands on the current page.
    pub fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.items.is_empty())
    }

    /// How many body lines have been placed on the current page.
    pub fn lines_on_page(&self) -> usize {
        self.lines.len()
    }

    /// How many lines at the end of this page belong to the closing.
    pub fn closing_lines_on_page(&self) -> usize {
        self.lines.iter().rev().take_while(|l| l.closing).count()
    }

    /// Whether `lines` more body lines fit on the current page.
    pub fn fits(&self, lines: usize) -> bool {
        self.fits_from(self.next_em_top, self.pitch, lines)
    }

    fn fits_from(&self, em_top: Mm, pitch: Mm, lines: usize) -> bool {
        if lines == 0 {
            return true;
        }
        let last_bottom = em_top + pitch * (lines - 1) as f32 + self.profile.body_size.to_mm();
        last_bottom.0 <= self.profile.body_bottom().0 + 0.01
    }

    /// Turn the page unless `lines` more lines fit (and the page has any).
    pub fn ensure_room(&mut self, lines: usize) {
        if !self.fits(lines) && !self.lines.is_empty() {
            self.new_page();
        }
    }

    /// Leave one line empty (下空一行).
    pub fn skip_line(&mut self) {
        self.next_em_top += self.pitch;
    }

    /// Shape body text (仿宋, 3号, on the grid) from one source position.
    pub fn shape_body(
        &self,
        text: &str,
        pos: crate::model::SourcePos,
    ) -> Result<Vec<Piece>, Error> {
        let span = Span {
            text,
            role: Role::FangSong,
            pos,
        };
        self.shape(&[span], self.body_style())
    }

    /// Shape spans or report the first character no face can draw.
    pub fn shape(&self, spans: &[Span<'_>], style: TextStyle) -> Result<Vec<Piece>, Error> {
        text::shape(spans, self.measurer, style).map_err(|u| self.undrawable(u))
    }

    fn undrawable(&self, u: Undrawable) -> Error {
        let book = self.measurer.book();
        let tried: Vec<String> = book
            .role(u.role)
            .faces
            .iter()
            .map(|&f| book.face(f).family.clone())
            .collect();
        let message = format!(
            "字符「{}」（U+{:04X}）无法显示：「{}」字体 {} 都没有这个字",
            u.ch,
            u.ch as u32,
            u.role.name(),
            tried.join("、")
        );
        Error::single(
            Diagnostic::error(self.source.path, self.source.text, u.pos, message).with_help(
                "安装收字更全的字体（如 GB18030 仿宋），用 --font-dir 指定；或改用常用字",
            ),
        )
    }

    /// Baseline of a line whose em box starts at `em_top`, for `role`.
    pub fn baseline(&self, role: Role, style: TextStyle, em_top: Mm) -> Mm {
        let descent = self
            .measurer
            .primary(role)
            .map_or(0.12, |face| self.measurer.em_descent(face));
        em_top + style.size.to_mm() * (1.0 - descent)
    }

    /// Place broken lines as body lines, turning pages as needed. `indent`
    /// applies to the first line only.
    pub fn place_body_lines(
        &mut self,
        pieces: &[Piece],
        lines: &[Line],
        indent: Mm,
        style: TextStyle,
        main_role: Role,
    ) {
        for (n, line) in lines.iter().enumerate() {
            if !self.fits(1) {
                self.new_page();
            }
            let left = self.profile.body_left() + if n == 0 { indent } else { Mm(0.0) };
            self.place_line(pieces, line, left, style, main_role);
        }
    }

    /// How many body lines still fit on the current page.
    fn room(&self) -> usize {
        (0..).take_while(|&k| self.fits(k + 1)).count()
    }

    /// Place a paragraph's broken lines with widow and orphan control
    /// (see [`super::keep`]): its first `head` lines stay together at a
    /// page foot and its last page never shows a single line, when moving
    /// lines to the next page avoids it. `indent` applies to the first line.
    pub fn place_kept_lines(
        &mut self,
        pieces: &[Piece],
        lines: &[Line],
        indent: Mm,
        style: TextStyle,
        main_role: Role,
        head: usize,
    ) {
        let first = self.profile.grid_em_top(0);
        let capacity = (0..)
            .take_while(|&k| self.fits_from(first, self.profile.line_pitch(), k + 1))
            .count();
        let breaks = super::keep::page_breaks(
            lines.len(),
            self.room(),
            capacity,
            head,
            !self.lines.is_empty() && (self.text_placed || self.page_number() > 1),
        );
        self.text_placed |= !lines.is_empty();
        for (n, line) in lines.iter().enumerate() {
            if (breaks.contains(&n) && !self.lines.is_empty()) || !self.fits(1) {
                self.new_page();
            }
            let left = self.profile.body_left() + if n == 0 { indent } else { Mm(0.0) };
            self.place_line(pieces, line, left, style, main_role);
        }
    }

    /// Place one line at `left` on the next line of the current page.
    pub fn place_line(
        &mut self,
        pieces: &[Piece],
        line: &Line,
        left: Mm,
        style: TextStyle,
        main_role: Role,
    ) {
        let em_top = self.next_em_top;
        let baseline = self.baseline(main_role, style, em_top);
        let runs = text::runs_for_line(pieces, line, left, em_top, style, self.measurer, baseline);
        let start = self.current_page().items.len();
        self.push_runs(runs);
        let end = self.current_page().items.len();
        self.lines.push(PlacedLine {
            items: start..end,
            em_top,
            closing: self.closing,
            fixed: false,
        });
        self.next_em_top += self.pitch;
    }

    /// Make room for `lines` more lines on this page by tightening the
    /// pitch of the lines already on it, no tighter than `min_pitch`.
    /// Returns whether it worked; nothing changes when it does not.
    pub fn tighten_for(&mut self, lines: usize, min_pitch: Mm) -> bool {
        let fixed = self.fixed_lines();
        let Some(first) = self.lines.get(fixed).map(|l| l.em_top) else {
            return false;
        };
        let placed = self.lines.len() - fixed;
        let total = placed + lines;
        let room = self.profile.body_bottom() - self.profile.body_size.to_mm() - first;
        let pitch = room / (total - 1).max(1) as f32;
        let pitch = pitch.min(self.pitch);
        if pitch.0 < min_pitch.0 - 1e-4 {
            return false;
        }
        let shifts: Vec<(Range<usize>, Mm)> = self.lines[fixed..]
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let target = first + pitch * i as f32;
                (line.items.clone(), target - line.em_top)
            })
            .collect();
        let page = self.current_page();
        for (range, shift) in &shifts {
            for item in &mut page.items[range.clone()] {
                shift_item(item, *shift);
            }
        }
        for (line, (_, shift)) in self.lines[fixed..].iter_mut().zip(&shifts) {
            line.em_top += *shift;
        }
        self.pitch = pitch;
        self.next_em_top = first + pitch * placed as f32;
        true
    }

    /// Move the last `count` body lines of this page to the top of a new
    /// page (they are the last items placed). Returns how many moved.
    pub fn carry_over(&mut self, count: usize) -> usize {
        let count = count.min(self.lines.len() - self.fixed_lines());
        if count == 0 {
            return 0;
        }
        let moving: Vec<PlacedLine> = self.lines.split_off(self.lines.len() - count);
        let start = moving[0].items.start;
        let items: Vec<Item> = self.current_page().items.split_off(start);
        self.new_page();
        let base = self.next_em_top;
        for (i, line) in moving.iter().enumerate() {
            // Keep each line's place relative to the first, on the grid.
            let line_shift = base + self.pitch * i as f32 - line.em_top;
            let range = (line.items.start - start)..(line.items.end - start);
            let placed_start = self.current_page().items.len();
            for item in &items[range] {
                let mut item = item.clone();
                shift_item(&mut item, line_shift);
                self.push(item);
            }
            let placed_end = self.current_page().items.len();
            self.lines.push(PlacedLine {
                items: placed_start..placed_end,
                em_top: line.em_top + line_shift,
                closing: line.closing,
                fixed: false,
            });
        }
        self.next_em_top = base + self.pitch * count as f32;
        count
    }

    /// How many lines, from the top of the page, are held by a table:
    /// those up to and including the last fixed one.
    fn fixed_lines(&self) -> usize {
        self.lines
            .iter()
            .rposition(|l| l.fixed)
            .map_or(0, |i| i + 1)
    }

    /// Top of the grid cell the next body line would take: where a table
    /// starts (on a grid line). Off the grid (below a title of its own
    /// pitch), the nearest grid line, unless that would come within
    /// 0.5 mm of the em box of the line above; then the next one down.
    pub fn block_top(&self) -> Mm {
        let first = self.profile.grid_em_top(0);
        let pitch = self.profile.line_pitch();
        let index = ((self.next_em_top - first) / pitch).round().max(0.0);
        let top = self.profile.body_top() + pitch * index;
        let above = self.next_em_top - self.pitch + self.profile.body_size.to_mm() + Mm(0.5);
        if !self.page_is_empty() && top.0 < above.0 {
            top + pitch
        } else {
            top
        }
    }

    /// A table part placed from `items`, its lowest rule ending at `bottom`:
    /// it holds its place, and body text resumes on the first grid line
    /// whose cell starts at or below `bottom` (the grid never moves).
    pub fn place_fixed(&mut self, items: Vec<Item>, top: Mm, bottom: Mm) {
        let start = self.current_page().items.len();
        for item in items {
            self.push(item);
        }
        let end = self.current_page().items.len();
        self.lines.push(PlacedLine {
            items: start..end,
            em_top: top,
            closing: self.closing,
            fixed: true,
        });
        self.text_placed = true;
        let pitch = self.profile.line_pitch();
        let index = ((bottom - self.profile.body_top()) / pitch - 1e-3)
            .ceil()
            .max(0.0);
        self.next_em_top = self.profile.grid_em_top(index as u32);
    }

    /// A landscape page of the table (`items` in its turned frame). The
    /// page after it is a new one; nothing else goes on this one.
    pub fn place_landscape(&mut self, items: Vec<Item>) {
        if !self.page_is_empty() || !self.lines.is_empty() {
            self.new_page();
        }
        let turned = super::frame::Turned::landscape(self.profile.page_height, items);
        self.current_page().landscape = true;
        self.push(Item::Turned(turned));
        let at = self.current_page().items.len();
        self.lines.push(PlacedLine {
            items: at..at,
            em_top: self.profile.body_top(),
            closing: self.closing,
            fixed: true,
        });
        self.text_placed = true;
        // Full: whatever comes next turns the page first.
        self.next_em_top = self.profile.body_bottom() + self.profile.line_pitch();
    }

    pub fn finish(self) -> (Vec<Page>, Vec<ImageAsset>) {
        (self.pages, self.images)
    }

    /// Place several broken lines side by side as one body line, each at
    /// its own left edge. Parts shaped apart keep their x exactly: a label
    /// and the text after it are never spread apart by justification.
    pub fn place_segments(
        &mut self,
        segments: &[(&[Piece], &Line, Mm)],
        style: TextStyle,
        main_role: Role,
    ) {
        if !self.fits(1) {
            self.new_page();
        }
        let em_top = self.next_em_top;
        let baseline = self.baseline(main_role, style, em_top);
        let start = self.current_page().items.len();
        for &(pieces, line, left) in segments {
            let runs =
                text::runs_for_line(pieces, line, left, em_top, style, self.measurer, baseline);
            self.push_runs(runs);
        }
        let end = self.current_page().items.len();
        self.lines.push(PlacedLine {
            items: start..end,
            em_top,
            closing: self.closing,
            fixed: false,
        });
        self.next_em_top += self.pitch;
    }

    /// Leave one line empty (下空一行) as a line of its own, so that a page
    /// tightened or split later keeps the gap; at the foot of a full page
    /// the gap is the page break.
    pub fn blank_line(&mut self) {
        if !self.fits(1) {
            if !self.lines.is_empty() {
                self.new_page();
            }
            return;
        }
        let at = self.current_page().items.len();
        self.lines.push(PlacedLine {
            items: at..at,
            em_top: self.next_em_top,
            closing: self.closing,
            fixed: false,
        });
        self.skip_line();
    }

    /// Put the next body line on the grid line nearest to where it would
    /// fall, for text below a title that itself sits on a grid line.
    pub fn snap_to_grid(&mut self) {
        let first = self.profile.grid_em_top(0);
        let pitch = self.profile.line_pitch();
        let index = ((self.next_em_top - first) / pitch).round().max(0.0);
        self.next_em_top = self.profile.grid_em_top(index as u32);
    }
}

/// Move an item down by `shift`.
fn shift_item(item: &mut Item, shift: Mm) {
    match item {
        Item::Text(run) => run.baseline += shift,
        Item::Rule(rule) => rule.top += shift,
        Item::Image(image) => image.top += shift,
        Item::Star(star) => star.centre_y += shift,
        Item::Turned(turned) => turned.origin_y += shift,
    }
}

//! The page cursor: places lines of body-size text one pitch apart and
//! turns the page when the 版心 is full.

use crate::diag::{Diagnostic, Error};
use crate::fonts::{Measurer, Role};
use crate::template::{Color, Profile};
use crate::units::Mm;

use super::SourceFile;
use super::frame::{Item, Page, TextRun};
use super::text::{self, Line, Piece, Span, TextStyle, Undrawable};

pub(super) struct Composer<'a> {
    pub profile: &'a Profile,
    pub measurer: &'a Measurer<'a>,
    source: SourceFile<'a>,
    pages: Vec<Page>,
    /// Em-box top of the next body line on the current page.
    pub next_em_top: Mm,
    /// Body lines placed on the current page.
    lines_on_page: usize,
}

impl<'a> Composer<'a> {
    pub fn new(profile: &'a Profile, measurer: &'a Measurer<'a>, source: SourceFile<'a>) -> Self {
        Composer {
            profile,
            measurer,
            source,
            pages: vec![Page::default()],
            next_em_top: profile.grid_em_top(0),
            lines_on_page: 0,
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

    /// Start a new page; body lines continue on the grid from line 1.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.next_em_top = self.profile.grid_em_top(0);
        self.lines_on_page = 0;
    }

    /// Whether `lines` more body lines fit on the current page.
    pub fn fits(&self, lines: usize) -> bool {
        if lines == 0 {
            return true;
        }
        let pitch = self.profile.line_pitch();
        let last_bottom =
            self.next_em_top + pitch * (lines - 1) as f32 + self.profile.body_size.to_mm();
        last_bottom.0 <= self.profile.body_bottom().0 + 0.01
    }

    /// Turn the page unless `lines` more lines fit (and the page has any).
    pub fn ensure_room(&mut self, lines: usize) {
        if !self.fits(lines) && self.lines_on_page > 0 {
            self.new_page();
        }
    }

    /// Leave one line empty (下空一行).
    pub fn skip_line(&mut self) {
        if self.fits(1) {
            self.next_em_top += self.profile.line_pitch();
        }
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

    /// Place broken lines as body lines on the grid, turning pages as
    /// needed. `indent` applies to the first line only.
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
            let em_top = self.next_em_top;
            let left = self.profile.body_left() + if n == 0 { indent } else { Mm(0.0) };
            let baseline = self.baseline(main_role, style, em_top);
            let runs =
                text::runs_for_line(pieces, line, left, em_top, style, self.measurer, baseline);
            self.push_runs(runs);
            self.next_em_top += self.profile.line_pitch();
            self.lines_on_page += 1;
        }
    }

    pub fn finish(self) -> Vec<Page> {
        self.pages
    }
}

//! Format profiles: every number and style the layout uses.
//!
//! The built-in default is the 文件 format of GB/T 9704-2012 exactly (see
//! `GBT9704.md` §13, model G). Loading profiles from `templates/*.yaml`
//! comes with the profile work; until then the numbers live here, named.

use crate::units::{Mm, Pt};

/// A colour as export writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Color {
    /// Device CMYK, each component 0..=1.
    Cmyk(f32, f32, f32, f32),
    /// sRGB, each component 0..=1.
    Rgb(f32, f32, f32),
}

impl Color {
    pub const BLACK: Color = Color::Cmyk(0.0, 0.0, 0.0, 1.0);
    /// GB/T 9704 §6.2: red ink Y80% M80%.
    pub const RED: Color = Color::Cmyk(0.0, 0.8, 0.8, 0.0);
}

/// Page geometry, grid and styles of one format.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// A4: 210 × 297 mm.
    pub page_width: Mm,
    pub page_height: Mm,
    /// 订口: page left edge → 版心 left edge.
    pub margin_left: Mm,
    /// 天头: page top edge → 版心 top edge.
    pub margin_top: Mm,
    /// 版心 width and height.
    pub body_width: Mm,
    pub body_height: Mm,
    /// 22 lines × 28 characters.
    pub lines_per_page: u32,
    pub chars_per_line: u32,
    /// 3号 = 16 pt: body text and most elements.
    pub body_size: Pt,
    /// 2号 = 22 pt: 标题.
    pub title_size: Pt,
    /// Line pitch of multi-line titles; `None` = the body grid pitch.
    pub title_pitch: Option<Mm>,
    /// 4号 = 14 pt: page numbers.
    pub page_number_size: Pt,
    /// 发文机关标志: top of the ink, from the page top (37 + 35 mm).
    pub mark_top: Mm,
    /// 发文机关标志 size before it is condensed to fit the 版心 width.
    pub mark_size: Pt,
    /// How far the mark may be condensed horizontally before it shrinks.
    pub mark_min_scale_x: f32,
    /// Red ink for the mark and the separator.
    pub red: Color,
    /// 版头分隔线 thickness (A8: 0.5 mm) and gap below the 发文字号 (4 mm).
    pub red_line_thickness: Mm,
    pub red_line_gap: Mm,
    /// 页码: the dash line lies this far below the 版心 bottom (7 mm).
    pub page_number_drop: Mm,
    /// §7.3.5.5: how far a page may be tightened to keep the signature
    /// block with its text before lines are carried over (26 pt).
    pub min_tightened_pitch: Pt,
    /// A red ★ interrupting the red line (Party organs' practice, §11).
    pub red_line_star: bool,
    /// 份号/密级/紧急 stack from line 1; with this, line 1 stays empty when
    /// there is no 份号 (A7).
    pub header_reserve_copy_line: bool,
    /// The 版记 goes on an even page (A18).
    pub colophon_on_even_page: bool,
    /// 4号 = 14 pt: 抄送, 印发机关 and 印发日期 in the 版记 (§7.4.2).
    pub colophon_size: Pt,
    /// 版记 rules: the first and last thick, those between thin (§7.4.1).
    pub colophon_thick_rule: Mm,
    pub colophon_thin_rule: Mm,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            page_width: Mm(210.0),
            page_height: Mm(297.0),
            margin_left: Mm(28.0),
            margin_top: Mm(37.0),
            body_width: Mm(156.0),
            body_height: Mm(225.0),
            lines_per_page: 22,
            chars_per_line: 28,
            body_size: Pt(16.0),
            title_size: Pt(22.0),
            title_pitch: None,
            page_number_size: Pt(14.0),
            mark_top: Mm(72.0),
            mark_size: Pt(42.0),
            mark_min_scale_x: 0.6,
            red: Color::RED,
            red_line_thickness: Mm(0.5),
            red_line_gap: Mm(4.0),
            page_number_drop: Mm(7.0),
            min_tightened_pitch: Pt(26.0),
            red_line_star: false,
            header_reserve_copy_line: false,
            colophon_on_even_page: true,
            colophon_size: Pt(14.0),
            colophon_thick_rule: Mm(0.35),
            colophon_thin_rule: Mm(0.25),
        }
    }
}

impl Profile {
    /// Grid line pitch P = 版心 height / lines (225/22 = 10.2273 mm).
    pub fn line_pitch(&self) -> Mm {
        self.body_height / self.lines_per_page as f32
    }

    /// Grid character pitch c = 版心 width / characters (156/28 = 5.5714 mm).
    pub fn char_pitch(&self) -> Mm {
        self.body_width / self.chars_per_line as f32
    }

    /// The normal gap between two body lines, g = P − body size.
    pub fn line_gap(&self) -> Mm {
        self.line_pitch() - self.body_size.to_mm()
    }

    pub fn body_left(&self) -> Mm {
        self.margin_left
    }

    pub fn body_right(&self) -> Mm {
        self.margin_left + self.body_width
    }

    pub fn body_top(&self) -> Mm {
        self.margin_top
    }

    pub fn body_bottom(&self) -> Mm {
        self.margin_top + self.body_height
    }

    pub fn body_centre(&self) -> Mm {
        self.margin_left + self.body_width / 2.0
    }

    /// Top of the em box of a body-size line in grid cell `index` (0-based).
    pub fn grid_em_top(&self, index: u32) -> Mm {
        let pitch = self.line_pitch();
        self.margin_top + pitch * index as f32 + (pitch - self.body_size.to_mm()) / 2.0
    }

    pub fn title_pitch(&self) -> Mm {
        self.title_pitch.unwrap_or_else(|| self.line_pitch())
    }
}

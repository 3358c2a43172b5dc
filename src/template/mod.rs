//! Format profiles (模板): every number and style the layout uses.
//!
//! [`Profile::default()`] is the 文件 format of GB/T 9704-2012 exactly (see
//! `GBT9704.md` §13, model G); `templates/文件.yaml` spells out the same
//! values (a unit test keeps the two equal). Profiles are YAML files: the
//! built-in ones are compiled in ([`BUILTINS`]), a user's is a path. One may
//! `extends:` another and override only what differs ([`load`]); what a
//! user's profile sets beyond the standard's tolerances becomes one warning
//! per departure ([`Loaded::warnings`]).

mod departures;
mod keys;
mod load;
mod values;

pub use load::{BUILTINS, Builtin, Chosen, Loaded, builtin, for_document, listing, load, show};

use crate::fonts::Role;
use crate::model::{NumberStyle, standard_numbering};
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
    /// Body line pitch; `None` = 版心 height / lines (the grid, 28.99 pt).
    /// Local variants print 28, 28.95 or 29.5 pt.
    pub line_pitch: Option<Mm>,
    /// 3号 = 16 pt: body text and most elements.
    pub body_size: Pt,
    /// 2号 = 22 pt: 标题.
    pub title_size: Pt,
    /// Line pitch of multi-line titles; `None` = the body grid pitch.
    pub title_pitch: Option<Mm>,
    /// 4号 = 14 pt: page numbers.
    pub page_number_size: Pt,
    /// The face of each heading level (§7.3.3): 黑体, 楷体, 仿宋, 仿宋.
    pub heading_roles: [Role; 4],
    /// Heading numbers of a document that sets no 编号 (§7.3.3):
    /// `一、` `（一）` `1.` `（1）`.
    pub numbering: [NumberStyle; 4],
    /// 字体: family names a role tries first, before the candidates of
    /// `fonts/candidates.yaml` (a province's 方正仿宋_GBK, say).
    pub font_families: Vec<(Role, Vec<String>)>,
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

    // ---- Special formats (GB/T 9704 §10; GBT9704.md §10, §13.9) ----
    // Each format keeps the geometry above (版心, grid, mark size, red,
    // separator) and adds only these anchors and switches.
    /// 信函 §10.1: 发文机关标志 ink top, from the paper top (30 mm).
    pub letter_mark_top: Mm,
    /// 信函 §10.1: the first red double line's top edge below the mark's
    /// em-box bottom (4 mm).
    pub letter_line_drop: Mm,
    /// 信函 §10.1, A26: length of both red double lines (170 mm), centred
    /// on the 版心 (x 21–191 mm).
    pub letter_line_length: Mm,
    /// 信函 A9: thickness of the thick line of each double line
    /// (0.53 mm = 1.5 pt; the standard gives none).
    pub letter_thick_line: Mm,
    /// 信函 A9: thickness of the thin line (0.26 mm = 0.75 pt).
    pub letter_thin_line: Mm,
    /// 信函 A9: white gap between the thick and the thin line (0.2 mm).
    pub letter_line_gap: Mm,
    /// 信函 §10.1: the second double line (thin over thick) lies this far
    /// above the paper bottom, measured to its lower edge (20 mm → 277 mm).
    pub letter_bottom_line_rise: Mm,
    /// 信函 §10.1: the em top of the first row of 份号/密级/紧急 and of the
    /// 发文字号 below the first double line (7/8 × 3号 = 14 pt = 4.939 mm).
    pub letter_element_gap: Mm,
    /// 信函: the 版记 (抄送 only, no rules, §10.1) goes on an even page
    /// like a 文件's (A18). Off by default: a letter's 抄送 stays at the
    /// foot of its last page.
    pub letter_colophon_on_even_page: bool,
    /// 命令 §10.2: mark (`XX令`) ink top from the page top
    /// (版心 top + 20 = 57 mm).
    pub order_mark_top: Mm,
    /// 纪要 §10.3: mark (`XX纪要`) ink top from the page top
    /// (版心 top + 35 = 72 mm).
    pub minutes_mark_top: Mm,
    /// 纪要 practice (§10.3 "可以根据实际制定"): the 纪要编号 (`发文字号`,
    /// e.g. `第3期`) centred 下空二行 below the mark.
    pub minutes_number: bool,
    /// 纪要 practice: the issuing organ (1 字 from the left) and 成文日期
    /// (1 字 from the right) on one line, 下空一行 below the 纪要编号.
    /// Off: organ and date go to the signature block at the end instead.
    pub minutes_organ_date_line: bool,
    /// 纪要 practice, not in the standard: a red separator 4 mm below the
    /// organ/date line (as §7.2.7 under the 发文字号). Off by default.
    pub minutes_red_line: bool,

    // ---- Tables (表格; GBT9704.md §9: fonts and sizes are practice) ----
    /// Cell text size: 4号 (14 pt) by default; 3号 also common.
    pub table_size: Pt,
    /// Full 版心 width, or the content's own width centred.
    pub table_width: TableWidth,
    /// Thickness of the table's rules (0.5 pt), black.
    pub table_rule: Mm,
    /// Pitch of the lines of text inside a cell (20 pt).
    pub table_line_pitch: Mm,
    /// Room between a cell's rules and its text, left and right (2 mm).
    pub table_cell_padding_x: Mm,
    /// Room between a cell's rules and its text, above and below (1.5 mm).
    pub table_cell_padding_y: Mm,
    /// A24: on a landscape page, turn the page number with the table
    /// (its place stays that of a portrait page). Off: upright.
    pub landscape_page_number_turned: bool,
}

/// 表格宽度: how wide a table is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableWidth {
    /// 通栏: the full 版心 width, extra room spread over the columns.
    Full,
    /// 内容: as wide as the content needs (at most the 版心), centred.
    Content,
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
            line_pitch: None,
            body_size: Pt(16.0),
            title_size: Pt(22.0),
            title_pitch: None,
            page_number_size: Pt(14.0),
            heading_roles: [Role::HeiTi, Role::KaiTi, Role::FangSong, Role::FangSong],
            numbering: standard_numbering(),
            font_families: Vec::new(),
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
            letter_mark_top: Mm(30.0),
            letter_line_drop: Mm(4.0),
            letter_line_length: Mm(170.0),
            letter_thick_line: Mm(0.53),
            letter_thin_line: Mm(0.26),
            letter_line_gap: Mm(0.2),
            letter_bottom_line_rise: Mm(20.0),
            letter_element_gap: Pt(14.0).to_mm(),
            letter_colophon_on_even_page: false,
            order_mark_top: Mm(57.0),
            minutes_mark_top: Mm(72.0),
            minutes_number: true,
            minutes_organ_date_line: true,
            minutes_red_line: false,
            table_size: Pt(14.0),
            table_width: TableWidth::Full,
            table_rule: Pt(0.5).to_mm(),
            table_line_pitch: Pt(20.0).to_mm(),
            table_cell_padding_x: Mm(2.0),
            table_cell_padding_y: Mm(1.5),
            landscape_page_number_turned: false,
        }
    }
}

impl Profile {
    /// Line pitch P: the profile's own, or 版心 height / lines (225/22 =
    /// 10.2273 mm).
    pub fn line_pitch(&self) -> Mm {
        self.line_pitch
            .unwrap_or_else(|| self.body_height / self.lines_per_page as f32)
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

    /// The face of heading `level` (1..=4; deeper levels take the 4th's).
    pub fn heading_role(&self, level: u8) -> Role {
        let index = usize::from(level.clamp(1, 4)) - 1;
        self.heading_roles
            .get(index)
            .copied()
            .unwrap_or(Role::FangSong)
    }

    pub fn title_pitch(&self) -> Mm {
        self.title_pitch.unwrap_or_else(|| self.line_pitch())
    }
}

#[cfg(test)]
mod tests;

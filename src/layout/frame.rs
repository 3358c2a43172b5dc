//! What layout hands to export: pages of placed items, in millimetres from
//! the top-left corner of the page. No 公文 rules and no PDF here.

use std::ops::Range;

use crate::fonts::FaceId;
use crate::template::Color;
use crate::units::{Mm, Pt};

/// One glyph at its place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub glyph: u16,
    /// Left edge of the glyph's advance box.
    pub x: Mm,
    /// The glyph's own advance at the run's size (before any condensing).
    pub advance: Mm,
    /// The characters of [`TextRun::text`] this glyph stands for.
    pub text: Range<usize>,
}

/// Glyphs of one face, size and colour on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: FaceId,
    pub size: Pt,
    pub color: Color,
    pub baseline: Mm,
    /// Horizontal condensing (1.0 = none), used by the issuer mark.
    pub scale_x: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// The source text the glyphs stand for, in reading order.
    pub text: String,
}

/// A filled bar: red separator, 版记 rules, table rules. A vertical bar
/// (a table's column rule) has `x1 − x0` as its thickness and
/// `thickness` as its height.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub x0: Mm,
    pub x1: Mm,
    pub top: Mm,
    pub thickness: Mm,
    pub color: Color,
}

/// An image (seal, stamp) in a box, by index into [`Layout::images`].
#[derive(Debug, Clone, PartialEq)]
pub struct ImageBox {
    pub image: usize,
    pub x: Mm,
    pub top: Mm,
    pub width: Mm,
    pub height: Mm,
    /// Multiply blending, so text under a seal shows through it.
    pub multiply: bool,
}

/// A five-pointed star (the ★ interrupting a Party organ's red line).
#[derive(Debug, Clone, PartialEq)]
pub struct Star {
    pub centre_x: Mm,
    pub centre_y: Mm,
    /// Radius of the circle through the points.
    pub radius: Mm,
    pub color: Color,
}

impl Star {
    /// The ten corners of the five-pointed star, point up, clockwise from
    /// the top point, in page millimetres (y down).
    pub fn outline(&self) -> [(Mm, Mm); 10] {
        let outer = self.radius.0;
        // The inner radius of a regular pentagram: r · sin 18° / sin 126°.
        let inner = outer * 0.381_966;
        std::array::from_fn(|i| {
            let r = if i % 2 == 0 { outer } else { inner };
            let angle = std::f32::consts::PI * (i as f32) / 5.0;
            (
                Mm(self.centre_x.0 + r * angle.sin()),
                Mm(self.centre_y.0 - r * angle.cos()),
            )
        })
    }
}

/// Items set in a frame turned a quarter turn counter-clockwise (a
/// landscape table, GB/T 9704 §8): a point (u, v) of the frame, u to the
/// right and v down as the reader sees it after turning the page clockwise,
/// lands on the page at (origin_x + v, origin_y − u).
#[derive(Debug, Clone, PartialEq)]
pub struct Turned {
    pub origin_x: Mm,
    pub origin_y: Mm,
    pub items: Vec<Item>,
}

impl Turned {
    /// The frame of a whole landscape page: its top edge lies along the
    /// page's left (binding) edge, its left edge along the page's foot.
    pub fn landscape(page_height: Mm, items: Vec<Item>) -> Turned {
        Turned {
            origin_x: Mm(0.0),
            origin_y: page_height,
            items,
        }
    }

    /// Turn items about the point (x, y) of the page.
    pub fn about(x: Mm, y: Mm, items: Vec<Item>) -> Turned {
        Turned {
            origin_x: x - y,
            origin_y: y + x,
            items,
        }
    }
}

/// An item on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rule(Rule),
    Image(ImageBox),
    Star(Star),
    Turned(Turned),
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// No page number (a blank page before the 版记, and that 版记 page).
    pub unnumbered: bool,
    /// A landscape page (横排表格): its content is turned, its page
    /// number stays where a portrait page has it.
    pub landscape: bool,
}

/// What a document says about itself, for the PDF's document information
/// and XMP metadata (export decides where each value goes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    /// 发文机关 (several for 联合行文, 主办机关 first)
    pub issuers: Vec<String>,
    /// 发文字号
    pub doc_number: Option<String>,
    /// 成文日期
    pub date: Option<crate::model::Date>,
    /// 密级和保密期限 as printed (`秘密★1年`; a bare `秘密` without its ★)
    pub secrecy: Option<String>,
}

/// The laid-out document.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: Mm,
    pub height: Mm,
    pub pages: Vec<Page>,
    /// Document title for the PDF metadata.
    pub title: Option<String>,
    /// The other front-matter values the PDF metadata carries.
    pub info: DocInfo,
    /// What the document asks for that this layout could not honour.
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// Images the pages refer to by index.
    pub images: Vec<crate::resources::ImageAsset>,
}

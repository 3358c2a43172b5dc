//! Layout: the model → pages of placed glyphs and rules, in millimetres.
//!
//! Knows the grid and the 公文 rules of GB/T 9704; never PDF operators.

mod attachments;
mod body;
mod closing;
mod colophon;
mod compose;
pub mod frame;
mod header;
mod masthead;
mod signature;
pub mod text;

use std::path::Path;

use crate::diag::{Diagnostic, Error};
use crate::fonts::Measurer;
use crate::model::{Document, Format, Located, Meta, SourcePos};
use crate::resources::Resources;
use crate::template::Profile;

pub use frame::{ImageBox, Item, Layout, Page, PlacedGlyph, Rule, Star, TextRun};

use compose::Composer;

/// The source a document came from, for diagnostics that point into it.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

/// Lay out a whole document: 版头, 主体 (title, 主送, 正文, 附件说明,
/// signature, 附注), bound attachments, 版记, page numbers.
pub fn layout(
    doc: &Document,
    resources: &Resources,
    profile: &Profile,
    measurer: &Measurer<'_>,
    source: SourceFile<'_>,
) -> Result<Layout, Error> {
    unsupported_format(&doc.meta.format, source)?;
    let meta = &doc.meta;
    // Page 1 must show 正文 (§7.3.3): shrink the mark until it does, and
    // if that is not enough, move 主送机关 into the 版记 (§7.3.2, §14.14).
    let mut moved_meta = None;
    let mut composer = 'fit: {
        for move_recipients in [false, true] {
            if move_recipients {
                if meta.recipients.is_empty() {
                    break;
                }
                let mut moved = meta.clone();
                moved.recipients_in_colophon = Some(Located::new(true, SourcePos::default()));
                moved_meta = Some(moved);
            }
            let meta = moved_meta.as_ref().unwrap_or(meta);
            let mut mark_scale = 1.0;
            while mark_scale >= 0.5 {
                let mut composer = Composer::new(profile, measurer, source);
                let title_top = header::head(&mut composer, meta, mark_scale)?;
                header::title_and_recipients(&mut composer, meta, title_top)?;
                if composer.fits(1) {
                    break 'fit composer;
                }
                mark_scale -= 0.1;
            }
        }
        // Nothing makes room (a title of many lines): lay out as asked.
        moved_meta = None;
        let mut composer = Composer::new(profile, measurer, source);
        let title_top = header::head(&mut composer, meta, 0.5)?;
        header::title_and_recipients(&mut composer, meta, title_top)?;
        composer
    };
    let meta = moved_meta.as_ref().unwrap_or(meta);
    body::blocks(&mut composer, &doc.body)?;
    attachments::notice(&mut composer, meta)?;
    signature::block(&mut composer, meta, resources)?;
    attachments::bound(&mut composer, doc)?;
    colophon::place(&mut composer, meta)?;
    let (mut pages, images) = composer.finish();
    closing::page_numbers(&mut pages, profile, measurer)?;
    Ok(Layout {
        width: profile.page_width,
        height: profile.page_height,
        pages,
        title: meta.title.as_ref().map(|t| t.value.clone()),
        warnings: not_laid_out(meta, source)
            .into_iter()
            .chain(resources.warnings.iter().cloned())
            .collect(),
        images,
    })
}

/// 信函, 命令 and 纪要 have layouts of their own that are not built yet:
/// say so rather than print them as something else.
fn unsupported_format(format: &Located<Format>, source: SourceFile<'_>) -> Result<(), Error> {
    let name = match format.value {
        Format::File | Format::Plain => return Ok(()),
        Format::Letter => "信函",
        Format::Order => "命令",
        Format::Minutes => "纪要",
    };
    Err(Error::single(
        Diagnostic::error(
            source.path,
            source.text,
            format.pos,
            format!("版式「{name}」尚未支持：目前可排 文件 与 无版头 两种版式"),
        )
        .with_help("删去 `版式` 一行（有发文机关时按文件格式排版），或写 `版式: 无版头`"),
    ))
}

/// Elements the front matter gives that have no layout yet: each is a
/// warning at its key, so nothing is dropped in silence.
fn not_laid_out(meta: &Meta, source: SourceFile<'_>) -> Vec<Diagnostic> {
    let mut found: Vec<(&str, SourcePos)> = Vec::new();
    let mut one = |name, pos: Option<SourcePos>| {
        if let Some(pos) = pos {
            found.push((name, pos));
        }
    };
    one("出席", meta.attendees.first().map(|v| v.pos));
    one("请假", meta.absentees.first().map(|v| v.pos));
    one("列席", meta.observers.first().map(|v| v.pos));
    one("令号", meta.order_number.as_ref().map(|v| v.pos));
    one("模板", meta.template.as_ref().map(|v| v.pos));
    found
        .into_iter()
        .map(|(name, pos)| {
            Diagnostic::error(
                source.path,
                source.text,
                pos,
                format!("「{name}」已读取，但本版本尚不排版该要素，输出中没有它"),
            )
            .warning()
        })
        .collect()
}

//! Layout: the model → pages of placed glyphs and rules, in millimetres.
//!
//! Knows the grid and the 公文 rules of GB/T 9704; never PDF operators.

mod body;
mod closing;
mod compose;
pub mod frame;
mod header;
pub mod text;

use std::path::Path;

use crate::diag::Error;
use crate::fonts::Measurer;
use crate::model::{Document, Format};
use crate::template::Profile;

pub use frame::{Item, Layout, Page, PlacedGlyph, Rule, TextRun};

use compose::Composer;

/// The source a document came from, for diagnostics that point into it.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

/// Lay out a whole document.
pub fn layout(
    doc: &Document,
    profile: &Profile,
    measurer: &Measurer<'_>,
    source: SourceFile<'_>,
) -> Result<Layout, Error> {
    let mut composer = Composer::new(profile, measurer, source);
    let mark = header::mark_text(&doc.meta);
    let has_red_header = doc.meta.format == Format::File && mark.is_some();
    let title_top = match (has_red_header, mark) {
        (true, Some(mark)) => header::red_header(&mut composer, &doc.meta, &mark)?,
        _ => header::plain_title_top(profile),
    };
    header::title_and_recipients(&mut composer, &doc.meta, title_top)?;
    body::blocks(&mut composer, &doc.body)?;
    closing::signature_unsealed(&mut composer, &doc.meta)?;
    let mut pages = composer.finish();
    closing::page_numbers(&mut pages, profile, measurer)?;
    Ok(Layout {
        width: profile.page_width,
        height: profile.page_height,
        pages,
        title: doc.meta.title.as_ref().map(|t| t.value.clone()),
    })
}

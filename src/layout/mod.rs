//! Layout: the model → pages of placed glyphs and rules, in millimetres.
//!
//! Knows the grid and the 公文 rules of GB/T 9704; never PDF operators.

mod attachments;
mod attendance;
mod body;
mod closing;
mod colophon;
mod compose;
mod formats;
pub mod frame;
mod header;
mod keep;
mod masthead;
mod signature;
mod table;
pub mod text;
mod title;

use std::borrow::Cow;
use std::path::Path;

use crate::diag::{Diagnostic, Error};
use crate::fonts::Measurer;
use crate::model::{Document, Format, Located, Meta, SourcePos};
use crate::resources::Resources;
use crate::template::Profile;

pub use frame::{DocInfo, ImageBox, Item, Layout, Page, PlacedGlyph, Rule, Star, TextRun};

use compose::Composer;

/// Whether the word list for breaking titles has been loaded in this
/// process. It is loaded only when a title does not fit one line; tests and
/// benchmarks check that.
pub fn title_dictionary_loaded() -> bool {
    title::dictionary_loaded()
}

/// A title split into the units it may break between (words, organ and
/// place names, numbers with their units). Loads the word list.
#[doc(hidden)]
pub fn title_words(title: &str) -> Vec<String> {
    title::words(title)
}

/// Parse the title word list afresh, as its first use does; returns the
/// number of words. For benchmarks.
#[doc(hidden)]
pub fn parse_title_dictionary() -> usize {
    title::parse_dictionary()
}

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
    formats::require_mark(&doc.meta, source)?;
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
                // An error (a title too long for the page) may go with a
                // smaller mark; if not, the last try below reports it.
                let fitted = head(&mut composer, meta, mark_scale).is_ok();
                // A long 主送 turns the page by itself: still on page 1?
                if fitted && composer.page_number() == 1 && composer.fits(1) {
                    break 'fit composer;
                }
                mark_scale -= 0.1;
            }
        }
        // Nothing makes room (a title of many lines): lay out as asked,
        // or report why not.
        moved_meta = None;
        let mut composer = Composer::new(profile, measurer, source);
        head(&mut composer, meta, 0.5)?;
        composer
    };
    let meta = moved_meta.as_ref().unwrap_or(meta);
    body::blocks(&mut composer, &doc.body)?;
    let ends_turned = ends_with_landscape(&mut composer, doc, source);
    attachments::notice(&mut composer, meta)?;
    if meta.format.value == Format::Minutes {
        attendance::lists(&mut composer, meta)?;
    }
    signature::block(
        &mut composer,
        &closing_meta(meta, resources, profile),
        resources,
    )?;
    attachments::bound(&mut composer, doc)?;
    colophon::place(&mut composer, meta)?;
    let (mut pages, images) = composer.finish();
    if meta.format.value == Format::Letter
        && let Some(first) = pages.first_mut()
    {
        // §10.1: a letter's first page shows no page number; the others
        // keep their physical numbers (2, 3, …).
        first.unnumbered = true;
    }
    closing::page_numbers(&mut pages, profile, measurer)?;
    Ok(Layout {
        width: profile.page_width,
        height: profile.page_height,
        pages,
        title: meta
            .title
            .as_ref()
            .map(|t| t.value.replace(['\n', '\r'], "")),
        info: doc_info(meta),
        warnings: not_laid_out(meta, profile, source)
            .into_iter()
            .chain(ends_turned)
            .chain(doc.warnings.iter().cloned())
            .chain(resources.warnings.iter().cloned())
            .collect(),
        images,
    })
}

/// The 正文 ends with a landscape table: the closing can only start a page
/// of its own, with no text above it (a warning; the author can add a
/// closing sentence after the table).
fn ends_with_landscape(
    composer: &mut Composer<'_>,
    doc: &Document,
    source: SourceFile<'_>,
) -> Option<Diagnostic> {
    let Some(crate::model::Block::Table(table)) = doc.body.last() else {
        return None;
    };
    let meta = &doc.meta;
    let closing = !meta.signature.is_empty()
        || !meta.issuers.is_empty()
        || meta.date.is_some()
        || !meta.attachments.is_empty();
    if !closing || !composer.current_page().landscape {
        return None;
    }
    Some(
        Diagnostic::error(
            source.path,
            source.text,
            table.pos,
            "正文以横排表格结束：其后的附件说明或落款（署名、成文日期）将单独成页，上面没有正文",
        )
        .with_help("在表格后写一段结束语（如「特此通报。」），使落款与正文同页")
        .warning(),
    )
}

/// Everything above the 正文: the 版头 of the document's format (none for
/// 无版头), 标题 and 主送机关.
fn head(composer: &mut Composer<'_>, meta: &Meta, mark_scale: f32) -> Result<(), Error> {
    match meta.format.value {
        Format::File | Format::Plain => {
            let title_top = header::head(composer, meta, mark_scale)?;
            header::title_and_recipients(composer, meta, title_top)
        }
        Format::Letter | Format::Order | Format::Minutes => {
            formats::head(composer, meta, mark_scale)
        }
    }
}

/// What the signature block prints. A 纪要 has no 署名, date or seal of
/// its own by default (its organ and date stand under the mark; GB/T
/// 9704-1999 said 纪要 are not sealed): only 附注 remains, unless the
/// author asked for the block with 发文机关署名, a seal or a 签名章, or the
/// profile leaves out the organ/date line that would otherwise carry them.
fn closing_meta<'m>(meta: &'m Meta, resources: &Resources, profile: &Profile) -> Cow<'m, Meta> {
    let keep = meta.format.value != Format::Minutes
        || !meta.signature.is_empty()
        || !resources.seals.is_empty()
        || resources.stamp.is_some()
        || !profile.minutes_organ_date_line;
    if keep {
        return Cow::Borrowed(meta);
    }
    Cow::Owned(Meta {
        issuers: Vec::new(),
        date: None,
        ..meta.clone()
    })
}

/// Elements the front matter gives that this document does not print (not
/// laid out yet, or not part of its format): each is a warning at its key,
/// so nothing is dropped in silence.
/// The metadata values of the front matter, as the document prints them.
fn doc_info(meta: &Meta) -> DocInfo {
    let secrecy = masthead::corner_entries(meta)
        .into_iter()
        .map(|(text, _, _)| text)
        .find(|text| text.contains('★'))
        .map(|text| text.trim_end_matches('★').to_string());
    DocInfo {
        issuers: meta.issuers.iter().map(|i| i.value.clone()).collect(),
        doc_number: meta.doc_number.as_ref().map(|n| n.value.clone()),
        date: meta.date.as_ref().map(|d| d.value),
        secrecy,
    }
}

fn not_laid_out(meta: &Meta, profile: &Profile, source: SourceFile<'_>) -> Vec<Diagnostic> {
    let format = meta.format.value;
    let mut found: Vec<(String, SourcePos)> = Vec::new();
    let mut one = |message: &str, pos: Option<SourcePos>| {
        if let Some(pos) = pos {
            found.push((message.to_string(), pos));
        }
    };
    if format != Format::Minutes {
        let why = "只用于纪要（版式: 纪要），本文档没有排出";
        one(
            &format!("「出席」{why}"),
            meta.attendees.first().map(|v| v.pos),
        );
        one(
            &format!("「请假」{why}"),
            meta.absentees.first().map(|v| v.pos),
        );
        one(
            &format!("「列席」{why}"),
            meta.observers.first().map(|v| v.pos),
        );
    }
    if format != Format::Order {
        one(
            "「令号」只用于命令（版式: 命令），本文档没有排出",
            meta.order_number.as_ref().map(|v| v.pos),
        );
    }
    if meta.signature_stamp.is_none() {
        one(
            "「签发人职务」只与签名章一起排版（GB/T 9704 §7.3.5.3），本文档没有排出",
            meta.signer_title.as_ref().map(|v| v.pos),
        );
    }
    match format {
        Format::Letter => {
            let why = "信函的版记不含印发机关和印发日期（GB/T 9704 §10.1），没有排出";
            one(
                &format!("「印发机关」：{why}"),
                meta.printer.as_ref().map(|v| v.pos),
            );
            one(
                &format!("「印发日期」：{why}"),
                meta.print_date.as_ref().map(|v| v.pos),
            );
        }
        Format::Order => {
            one(
                "命令以令号编号，「发文字号」没有排出：请写在「令号」中",
                meta.doc_number.as_ref().map(|v| v.pos),
            );
            if formats::order_mark_top(profile, meta).1 {
                one(
                    "份号、密级、紧急程度占满标志上方的空间，命令标志已下移（GB/T 9704 §10.2 为版心下 20 mm）",
                    meta.urgency
                        .as_ref()
                        .or(meta.secrecy.as_ref())
                        .map(|v| v.pos),
                );
            }
        }
        Format::Minutes if !profile.minutes_number => {
            one(
                "模板不排纪要编号（minutes_number），「发文字号」没有排出",
                meta.doc_number.as_ref().map(|v| v.pos),
            );
        }
        _ => {}
    }
    if format != Format::File && !meta.signers.is_empty() {
        one(
            "「签发人」只排在文件格式的版头（上行文），本版式没有排出",
            meta.signers.first().map(|v| v.pos),
        );
    }
    found
        .into_iter()
        .map(|(message, pos)| Diagnostic::error(source.path, source.text, pos, message).warning())
        .collect()
}

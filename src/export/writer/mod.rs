//! The direct PDF writer: the layout's pages written object by object with
//! `pdf-writer`, fonts embedded as the subsets made here.
//!
//! krilla (src/export/pdf.rs) subsets every font a second time, measures
//! each font's bounding box by drawing all its glyphs and deflates at level
//! 6; on the sample that was two thirds of the export. Here the hint-free
//! CFF made by `cff_flatten` is embedded as it is (FontFile3
//! /CIDFontType0C), TrueType faces are subset once by `subsetter`
//! (FontFile2), font descriptors take the face's own metrics, and the
//! streams are compressed on the machine's cores (see [`jobs`]).
//!
//! Whatever this writer does not support (CFF2 or otherwise unknown font
//! outlines, a CFF that neither `cff_flatten` nor `subsetter` takes) is
//! reported as [`Failure::Unsupported`] and the caller writes the document
//! through krilla instead.

mod cmap;
mod compress;
mod content;
mod fonts;
mod images;
mod jobs;
mod svg;

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{BlendMode, CidFontType, FontFlags, SystemInfo};
use pdf_writer::writers::Resources;
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::PdfOptions;
use crate::diag::Error;
use crate::layout::Layout;
use content::{ExtKey, PageOut};
use fonts::{FaceKind, FacePlan, FontOut};
use images::ImageOut;

/// Why the direct writer did not produce a PDF.
#[derive(Debug)]
pub(super) enum Failure {
    /// Something this writer does not handle; krilla writes the document.
    /// The reason is only read in a debugger (`{:?}`): the fallback is not
    /// an error the user could act on.
    Unsupported(#[allow(dead_code)] &'static str),
    /// A problem with the user's input (an undecodable image), reported as
    /// it is.
    User(Error),
}

/// One unit of parallel work and what it produced.
enum Job {
    Font(usize),
    Page(usize),
    Cmap(usize),
    Image(usize),
}

enum Out {
    Font(FontOut),
    Page(PageOut),
    Cmap(Vec<u8>),
    Image(ImageOut),
}

/// Write `layout` as PDF bytes.
pub(super) fn write(
    layout: &Layout,
    book: &crate::fonts::FontBook,
    options: &PdfOptions,
) -> Result<Vec<u8>, Failure> {
    let faces = fonts::plan(layout, book)?;
    let used_images = images::used(layout);
    let ctx = content::Context {
        height: layout.height.to_pt().0,
        faces: &faces,
        images: &layout.images,
        image_slots: &used_images,
    };

    // The biggest font first: it is the longest job, and the other worker
    // does everything else meanwhile.
    let mut font_order: Vec<usize> = (0..faces.len()).collect();
    font_order.sort_by_key(|&k| std::cmp::Reverse(faces[k].glyphs.len()));
    let mut queue: Vec<Job> = font_order.into_iter().map(Job::Font).collect();
    queue.extend((0..used_images.len()).map(Job::Image));
    queue.extend((0..layout.pages.len()).map(Job::Page));
    queue.extend((0..faces.len()).map(Job::Cmap));
    let results = jobs::run(queue.len(), |k| match queue[k] {
        Job::Font(f) => fonts::program(book, &faces[f]).map(Out::Font),
        Job::Page(p) => content::page(&layout.pages[p], &ctx).map(Out::Page),
        Job::Cmap(f) => Ok(Out::Cmap(compress::deflate(
            &cmap::to_unicode(&faces[f]),
            compress::SMALL,
        ))),
        Job::Image(i) => images::encode(&layout.images, used_images[i]).map(Out::Image),
    });

    let mut font_outs: Vec<Option<FontOut>> = faces.iter().map(|_| None).collect();
    let mut page_outs: Vec<Option<PageOut>> = layout.pages.iter().map(|_| None).collect();
    let mut cmaps: Vec<Option<Vec<u8>>> = faces.iter().map(|_| None).collect();
    let mut image_outs: Vec<Option<ImageOut>> = used_images.iter().map(|_| None).collect();
    for (job, result) in queue.iter().zip(results) {
        match (job, result?) {
            (Job::Font(f), Out::Font(out)) => font_outs[*f] = Some(out),
            (Job::Page(p), Out::Page(out)) => page_outs[*p] = Some(out),
            (Job::Cmap(f), Out::Cmap(out)) => cmaps[*f] = Some(out),
            (Job::Image(i), Out::Image(out)) => image_outs[*i] = Some(out),
            _ => return Err(Failure::Unsupported("并行任务结果错位")),
        }
    }
    let missing = || Failure::Unsupported("并行任务结果缺失");
    let font_outs: Vec<FontOut> = font_outs
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(missing)?;
    let page_outs: Vec<PageOut> = page_outs
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(missing)?;
    let cmaps: Vec<Vec<u8>> = cmaps
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(missing)?;
    let image_outs: Vec<ImageOut> = image_outs
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(missing)?;

    Ok(assemble(
        layout,
        options,
        &faces,
        &font_outs,
        &cmaps,
        &page_outs,
        &image_outs,
    ))
}

/// Hands out object numbers in the order objects are written.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Serialise the finished parts. Object numbers follow a fixed order
/// (catalog, page tree, fonts, images, graphics states, pages, info), so
/// identical input gives identical bytes.
fn assemble(
    layout: &Layout,
    options: &PdfOptions,
    faces: &[FacePlan],
    font_outs: &[FontOut],
    cmaps: &[Vec<u8>],
    pages: &[PageOut],
    image_outs: &[ImageOut],
) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut refs = Refs(0);
    let catalog = refs.next();
    let tree = refs.next();
    pdf.catalog(catalog).pages(tree);

    let font_refs: Vec<Ref> = faces
        .iter()
        .zip(font_outs)
        .zip(cmaps)
        .map(|((face, out), cmap)| write_font(&mut pdf, &mut refs, face, out, cmap))
        .collect();
    let image_refs: Vec<Ref> = image_outs
        .iter()
        .map(|image| images::write(&mut pdf, &mut refs, image))
        .collect();
    let ext_keys: BTreeSet<ExtKey> = pages.iter().flat_map(|p| p.ext.iter().copied()).collect();
    let ext_refs: BTreeMap<ExtKey, Ref> = ext_keys
        .into_iter()
        .map(|key| {
            let id = refs.next();
            let mut state = pdf.ext_graphics(id);
            if key.multiply {
                state.blend_mode(BlendMode::Multiply);
            }
            if let Some(alpha) = key.fill_alpha {
                state.non_stroking_alpha(ExtKey::alpha(alpha));
            }
            if let Some(alpha) = key.stroke_alpha {
                state.stroking_alpha(ExtKey::alpha(alpha));
            }
            (key, id)
        })
        .collect();

    let (width, height) = (layout.width.to_pt().0, layout.height.to_pt().0);
    let mut page_refs = Vec::with_capacity(pages.len());
    for out in pages {
        let page_ref = refs.next();
        let content_ref = refs.next();
        page_refs.push(page_ref);
        let form_refs: Vec<Ref> = out.forms.iter().map(|_| refs.next()).collect();
        let resources = |res: &mut Resources<'_>| {
            let mut fonts = res.fonts();
            for &f in &out.fonts {
                fonts.pair(Name(content::font_name(f).as_bytes()), font_refs[f]);
            }
            fonts.finish();
            let mut xobjects = res.x_objects();
            for &i in &out.images {
                xobjects.pair(Name(content::image_name(i).as_bytes()), image_refs[i]);
            }
            for (k, &form) in form_refs.iter().enumerate() {
                xobjects.pair(Name(content::form_name(k).as_bytes()), form);
            }
            xobjects.finish();
            let mut states = res.ext_g_states();
            for key in &out.ext {
                states.pair(Name(key.name().as_bytes()), ext_refs[key]);
            }
        };
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, width, height))
            .parent(tree)
            .contents(content_ref);
        resources(&mut page.resources());
        page.finish();
        pdf.stream(content_ref, &out.content)
            .filter(Filter::FlateDecode);
        for (form, &id) in out.forms.iter().zip(&form_refs) {
            let mut xobject = pdf.form_xobject(id, &form.content);
            xobject.filter(Filter::FlateDecode);
            xobject.bbox(form.bbox);
            xobject.group().transparency();
            resources(&mut xobject.resources());
        }
    }
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);

    let info = refs.next();
    let mut document_info = pdf.document_info(info);
    if let Some(title) = &layout.title {
        document_info.title(TextStr(title));
    }
    document_info.producer(TextStr("gongwen"));
    if let Some(seconds) = options.creation_time {
        let (year, month, day, hour, minute, second) = super::pdf::civil_from_epoch(seconds);
        document_info.creation_date(
            Date::new(year)
                .month(month)
                .day(day)
                .hour(hour)
                .minute(minute)
                .second(second)
                .utc_offset_hour(0)
                .utc_offset_minute(0),
        );
    }
    document_info.finish();
    pdf.finish()
}

/// The five objects of one embedded face: Type0 font, CIDFont, descriptor,
/// font program and ToUnicode map. Returns the Type0 font's reference.
fn write_font(pdf: &mut Pdf, refs: &mut Refs, face: &FacePlan, out: &FontOut, cmap: &[u8]) -> Ref {
    let type0 = refs.next();
    let cid = refs.next();
    let descriptor = refs.next();
    let program = refs.next();
    let to_unicode = refs.next();
    let m = &out.metrics;
    let name = format!("{}+{}", out.tag, m.postscript_name);
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    // PDF names a CID-keyed CFF's Type0 font after the CIDFont and the CMap.
    let type0_name = match face.kind {
        FaceKind::Cff => format!("{name}-Identity-H"),
        FaceKind::TrueType => name.clone(),
    };
    pdf.type0_font(type0)
        .base_font(Name(type0_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);

    let mut font = pdf.cid_font(cid);
    font.subtype(match face.kind {
        FaceKind::Cff => CidFontType::Type0,
        FaceKind::TrueType => CidFontType::Type2,
    })
    .base_font(Name(name.as_bytes()))
    .system_info(system_info)
    .font_descriptor(descriptor)
    .default_width(face.default_width);
    if face.kind == FaceKind::TrueType {
        font.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    fonts::write_widths(&mut font.widths(), &face.widths, face.default_width);
    font.finish();

    let mut flags = FontFlags::SYMBOLIC;
    if m.serif {
        flags |= FontFlags::SERIF;
    }
    if m.fixed_pitch {
        flags |= FontFlags::FIXED_PITCH;
    }
    if m.italic_angle != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    let mut fd = pdf.font_descriptor(descriptor);
    fd.name(Name(name.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]))
        .italic_angle(m.italic_angle)
        .ascent(m.ascent)
        .descent(m.descent)
        .cap_height(m.cap_height)
        .stem_v(m.stem_v);
    match face.kind {
        FaceKind::Cff => fd.font_file3(program),
        FaceKind::TrueType => fd.font_file2(program),
    };
    fd.finish();

    let mut stream = pdf.stream(program, &out.program);
    stream.filter(Filter::FlateDecode);
    match face.kind {
        FaceKind::Cff => {
            stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        }
        FaceKind::TrueType => {
            stream.pair(Name(b"Length1"), out.raw_len as i32);
        }
    }
    stream.finish();
    pdf.stream(to_unicode, cmap).filter(Filter::FlateDecode);
    type0
}

/// The drawn items of `items`, turned groups (landscape tables) opened:
/// fonts and images are planned from these.
pub(super) fn leaves(items: &[crate::layout::Item]) -> Vec<&crate::layout::Item> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            crate::layout::Item::Turned(turned) => out.extend(leaves(&turned.items)),
            other => out.push(other),
        }
    }
    out
}

//! Document level: the page tree, /MediaBox, content streams, and helpers
//! for reading `lopdf` objects.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::content::Interp;
use super::fonts::FontCache;
use super::{PdfPage, pt_to_mm};

pub(super) fn read_document(doc: &Document, what: &str) -> Vec<PdfPage> {
    if doc.is_encrypted() {
        panic!("{what}: encrypted PDFs are not supported by the test reader");
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        panic!("{what}: the PDF has no pages");
    }
    let mut fonts = FontCache::default();
    pages
        .iter()
        .map(|(&no, &id)| read_page(doc, id, &mut fonts, &format!("{what}, page {no}")))
        .collect()
}

fn read_page(doc: &Document, page_id: ObjectId, fonts: &mut FontCache, what: &str) -> PdfPage {
    let page = doc
        .get_dictionary(page_id)
        .unwrap_or_else(|e| panic!("{what}: page object is not a dictionary: {e}"));
    let media_box = inherited(doc, page, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .map(|a| a.iter().map(|o| num(doc, o)).collect::<Vec<_>>())
        .unwrap_or_else(|| panic!("{what}: no /MediaBox"));
    if media_box.len() != 4 {
        panic!("{what}: malformed /MediaBox {media_box:?}");
    }
    let (llx, lly) = (
        media_box[0].min(media_box[2]),
        media_box[1].min(media_box[3]),
    );
    let (urx, ury) = (
        media_box[0].max(media_box[2]),
        media_box[1].max(media_box[3]),
    );
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());

    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let stream = doc
            .get_object(id)
            .and_then(Object::as_stream)
            .unwrap_or_else(|e| panic!("{what}: content {id:?} is not a stream: {e}"));
        let data = stream
            .get_plain_content()
            .unwrap_or_else(|e| panic!("{what}: cannot decode content stream {id:?}: {e}"));
        content.extend_from_slice(&data);
        content.push(b'\n');
    }

    let out = PdfPage {
        width_mm: pt_to_mm(urx - llx),
        height_mm: pt_to_mm(ury - lly),
        glyphs: Vec::new(),
        rects: Vec::new(),
        lines: Vec::new(),
    };
    let mut interp = Interp::new(doc, fonts, what, llx, ury, out);
    interp.run(&content, resources);
    interp.out
}

/// Looks `key` up in a page dictionary or its /Parent chain.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return deref(doc, v);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| deref(doc, p))?
            .as_dict()
            .ok()?;
    }
    None
}

pub(super) fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

pub(super) fn num(doc: &Document, obj: &Object) -> f64 {
    match deref(doc, obj) {
        Some(Object::Integer(i)) => *i as f64,
        Some(Object::Real(r)) => *r as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

pub(super) fn opt_num(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

pub(super) fn dict_get<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

pub(super) fn name_of(obj: &Object) -> Option<&[u8]> {
    obj.as_name().ok()
}

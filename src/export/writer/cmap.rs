//! ToUnicode maps: each CID to the text its glyph first stood for, so text
//! copies out of the PDF as it was written. A glyph shown elsewhere for
//! other text gets an /ActualText span in the page content (content.rs).

use pdf_writer::types::{SystemInfo, UnicodeCmap};
use pdf_writer::{Name, Str};

use super::fonts::FacePlan;

/// The (uncompressed) ToUnicode CMap of `face`.
pub(super) fn to_unicode(face: &FacePlan) -> Vec<u8> {
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cmap = UnicodeCmap::<u16>::new(Name(b"Custom"), info);
    for (cid, gid) in face.glyphs.iter().enumerate() {
        // A glyph that stood for no text (.notdef, the later glyphs of a
        // cluster) is left out.
        if let Some(text) = face.texts.get(gid).filter(|t| !t.is_empty())
            && let Ok(cid) = u16::try_from(cid)
        {
            cmap.pair_with_multiple(cid, text.chars());
        }
    }
    cmap.finish().into_vec()
}

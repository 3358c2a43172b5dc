//! 附件说明 after the text, and attachments bound with the document on
//! pages of their own (GB/T 9704 §7.3.4, §7.3.7).

use crate::diag::Error;
use crate::model::{Document, Meta};

use super::compose::Composer;

/// 附件说明: 下空一行 below the text, 2 字 in.
pub(super) fn notice(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    let _ = (composer, meta);
    Ok(())
}

/// Each bound attachment on new pages: label, title, body, signature.
pub(super) fn bound(composer: &mut Composer<'_>, doc: &Document) -> Result<(), Error> {
    let _ = (composer, doc);
    Ok(())
}

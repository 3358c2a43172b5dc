//! Bound attachments given as files (`附件: [{名称: …, 文件: path.md}]`).

use std::path::Path;

use crate::diag::Error;
use crate::model::Document;

use super::Origin;

/// Read and parse every attachment file of `doc`, appending each to
/// `doc.attachments`.
pub(super) fn load(doc: &mut Document, base: &Path, origin: Origin<'_>) -> Result<(), Error> {
    let _ = (doc, base, origin);
    Ok(())
}

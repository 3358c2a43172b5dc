//! Resources: the files a document refers to — seal images, bound
//! attachments — read and checked before layout, so that layout does no
//! I/O and every unreadable file is a diagnostic at the key that named it.

mod attachments;
mod images;

use std::path::Path;

use crate::access::Access;
use crate::diag::{Diagnostic, Error};
use crate::model::Document;

pub use images::{ImageAsset, ImageKind};

/// What the source refers to outside itself, loaded.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// 印章: one image per seal, in the order of `印章`.
    pub seals: Vec<ImageAsset>,
    /// 签名章: the signer's stamp.
    pub stamp: Option<ImageAsset>,
    /// What the referred files say that will not be printed.
    pub warnings: Vec<Diagnostic>,
}

/// The source file being rendered: resources are found relative to it.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// Which files the source may name (by default, those in its folder).
    pub access: &'a Access,
}

/// Reads at most `limit` bytes of the regular file `path`: a device or a
/// pipe (`/dev/zero`) reports no size and would never end.
pub(crate) fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other("文件在读取时变大，超出上限"));
    }
    Ok(bytes)
}

/// Load every resource of `doc`; bound attachment files are parsed and
/// appended to `doc.attachments`.
pub fn load(doc: &mut Document, origin: Origin<'_>) -> Result<Resources, Error> {
    let base = origin.path.parent().unwrap_or(Path::new(""));
    let mut errors = Vec::new();
    let mut resources = Resources::default();
    for seal in &doc.meta.seals {
        match images::load(base, seal, origin) {
            Ok(image) => resources.seals.push(image),
            Err(d) => errors.push(d),
        }
    }
    if let Some(stamp) = &doc.meta.signature_stamp {
        match images::load(base, stamp, origin) {
            Ok(image) => resources.stamp = Some(image),
            Err(d) => errors.push(d),
        }
    }
    match attachments::load(doc, base, origin) {
        Ok(warnings) => resources.warnings = warnings,
        Err(e) => errors.extend(e.diagnostics),
    }
    if errors.is_empty() {
        Ok(resources)
    } else {
        Err(Error {
            diagnostics: errors,
        })
    }
}

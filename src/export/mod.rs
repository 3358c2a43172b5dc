//! Export: placed items → PDF bytes. Knows PDF, never 公文 rules.

mod cff_hints;
mod images;
mod pdf;
mod pdf_patch;

pub use pdf::{PdfOptions, write_pdf};

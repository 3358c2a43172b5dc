//! Export: placed items → PDF bytes. Knows PDF, never 公文 rules.

mod cff_flatten;
mod cff_hints;
mod cff_subset;
mod images;
mod pdf;

pub use pdf::{PdfOptions, write_pdf};

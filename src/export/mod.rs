//! Export: placed items → PDF bytes. Knows PDF, never 公文 rules.

mod cff_flatten;
mod cff_hints;
mod cff_index;
mod cff_subset;
mod images;
mod pdf;
mod writer;

pub use pdf::{PdfOptions, PdfWriter, write_pdf};

//! Export: placed items → PDF bytes. Knows PDF, never 公文 rules.

mod pdf;

pub use pdf::{PdfOptions, write_pdf};

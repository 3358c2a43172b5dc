//! Export: placed items → PDF bytes, and PNG previews. Knows PDF and
//! pixels, never 公文 rules.

mod archival;
mod cff_hints;
mod images;
mod pdf;
mod pdf_patch;
mod raster;

pub use pdf::{PdfOptions, write_pdf};
pub use raster::{PNG_DPI_RANGE, write_pngs};

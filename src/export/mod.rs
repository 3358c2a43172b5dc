//! Export: placed items → PDF bytes, and PNG previews. Knows PDF and
//! pixels, never 公文 rules.

mod archival;
mod cff_flatten;
mod cff_hints;
mod cff_index;
mod cff_subset;
mod images;
mod pdf;
mod raster;
mod writer;

pub use pdf::{PdfOptions, PdfWriter, write_pdf};
pub use raster::{PNG_DPI_RANGE, write_pngs};

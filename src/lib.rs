//! gongwen: typesets Chinese official documents (公文) to GB/T 9704-2012.
//!
//! Pipeline: [`source`] (front matter + Markdown → [`model`]) → [`layout`]
//! (model → pages of placed items, in millimetres) → [`export`] (PDF).
//! Fonts are resolved once into a [`fonts::FontBook`] that an [`Engine`]
//! keeps, so many documents can be rendered with one set of mapped fonts.
//!
//! ```
//! use std::path::Path;
//!
//! // The source stage alone needs no fonts: front matter + Markdown → model.
//! let doc = gongwen::source::parse(
//!     Path::new("通知.md"),
//!     "---\n标题: 关于放假的通知\n编号: [一、, （一）, 1、, （1）]\n---\n\n### 放假时间\n",
//! )
//! .unwrap();
//! assert_eq!(doc.meta.title.unwrap().value, "关于放假的通知");
//! let gongwen::model::Block::Heading(heading) = &doc.body[0] else { panic!() };
//! assert_eq!(heading.number, "1、");
//!
//! // Rendering needs the fonts (fonts/install.sh installs open ones):
//! // let engine = gongwen::Engine::new(&gongwen::FontSearch::standard(vec![]))?;
//! // let pdf = engine.render(Path::new("通知.md"), source, &gongwen::PdfOptions::default())?;
//! ```

pub mod diag;
pub mod export;
pub mod fonts;
pub mod layout;
pub mod model;
pub mod output;
pub mod resources;
pub mod source;
pub mod template;
pub mod units;

use std::path::Path;

pub use diag::{Diagnostic, Error, Severity};
pub use export::PdfOptions;
pub use fonts::{FontBook, FontSearch};

use layout::SourceFile;
use template::Profile;

/// Fonts and profile, loaded once; renders any number of documents.
/// Holds no global state and is safe to share between threads.
pub struct Engine {
    fonts: FontBook,
    profile: Profile,
}

impl Engine {
    /// Find the fonts of every role; fails when a CJK role has no face.
    pub fn new(search: &FontSearch) -> Result<Engine, Error> {
        Ok(Engine {
            fonts: FontBook::load(search)?,
            profile: Profile::default(),
        })
    }

    /// The same fonts with another profile.
    pub fn with_profile(mut self, profile: Profile) -> Engine {
        self.profile = profile;
        self
    }

    /// Lines to show the user once: which roles use substitute faces.
    pub fn font_notices(&self) -> &[String] {
        &self.fonts.notices
    }

    pub fn fonts(&self) -> &FontBook {
        &self.fonts
    }

    /// Parse and lay out a document (no PDF).
    pub fn layout(&self, file: &Path, text: &str) -> Result<layout::Layout, Error> {
        let mut document = source::parse(file, text)?;
        let resources = resources::load(&mut document, resources::Origin { path: file, text })?;
        let measurer = self.fonts.measurer();
        layout::layout(
            &document,
            &resources,
            &self.profile,
            &measurer,
            SourceFile { path: file, text },
        )
    }

    /// Render source text to PDF bytes. `file` names the source in messages.
    pub fn render(&self, file: &Path, text: &str, options: &PdfOptions) -> Result<Vec<u8>, Error> {
        self.render_document(file, text, options).map(|r| r.pdf)
    }

    /// Render, keeping the warnings (what the layout could not honour).
    pub fn render_document(
        &self,
        file: &Path,
        text: &str,
        options: &PdfOptions,
    ) -> Result<Rendered, Error> {
        let layout = self.layout(file, text)?;
        let pdf = export::write_pdf(&layout, &self.fonts, options)?;
        Ok(Rendered {
            pdf,
            warnings: layout.warnings,
        })
    }
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// Warnings to show the user; the PDF was written regardless.
    pub warnings: Vec<Diagnostic>,
}

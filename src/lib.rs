//! gongwen: typesets Chinese official documents (公文) to GB/T 9704-2012.
//!
//! Pipeline: [`source`] (front matter + Markdown → [`model`]) → [`layout`]
//! (model → pages of placed items, in millimetres) → [`export`] (PDF).
//! Fonts are resolved once into a [`fonts::FontBook`] that an [`Engine`]
//! keeps, so many documents can be rendered with one set of mapped fonts.
//! [`check`] lints a source against GB/T 9704 and GB/T 15834 (rule ids,
//! positions, fixes); `gongwen render` runs its error-level rules first.
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

pub mod access;
pub mod batch;
pub mod check;
pub mod diag;
pub mod export;
pub mod fonts;
pub mod import;
pub mod layout;
pub mod model;
pub mod output;
pub mod resources;
pub mod source;
pub mod template;
pub mod units;

use std::path::Path;
use std::sync::{Arc, Mutex};

pub use diag::{Diagnostic, Error, Severity};
pub use export::PdfOptions;
pub use fonts::{FontBook, FontSearch};

use layout::SourceFile;
use template::{Chosen, Loaded, Profile};

/// Fonts and profile, loaded once; renders any number of documents.
/// Holds no global state and is safe to share between threads.
pub struct Engine {
    fonts: Arc<FontBook>,
    /// Where the fonts were found, for profiles that name faces of their own.
    search: FontSearch,
    /// Font books of profiles with a `字体` of their own, by those families.
    profile_fonts: Mutex<Vec<(FontFamilies, Arc<FontBook>)>>,
    profile: ProfileChoice,
    /// Whether documents may name files outside their own folder
    /// (`--allow-outside`); see [`access`].
    allow_outside: bool,
}

// Batches share one engine between threads (see [`batch`]).
const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<Engine>();
};

/// A profile's `字体`: families tried first, per role.
type FontFamilies = Vec<(fonts::Role, Vec<String>)>;

/// Which profile a document is laid out with.
#[derive(Debug, Clone)]
enum ProfileChoice {
    /// The document's `模板`, else the built-in profile of its 版式.
    PerDocument,
    /// A profile named from outside (`--template`): wins over `模板`.
    Chosen(Chosen),
    /// A profile the integrator built: used for every document as it is.
    Fixed(Box<Profile>),
}

impl Engine {
    /// Find the fonts of every role; fails when a CJK role has no face.
    /// Each document is laid out with its own profile ([`template::for_document`]).
    pub fn new(search: &FontSearch) -> Result<Engine, Error> {
        Ok(Engine {
            fonts: Arc::new(FontBook::load(search)?),
            search: search.clone(),
            profile_fonts: Mutex::new(Vec::new()),
            profile: ProfileChoice::PerDocument,
            allow_outside: false,
        })
    }

    /// Let documents name files (印章, 签名章, 附件 files, 模板) outside
    /// their own folder. Off by default: a service rendering documents it
    /// did not write must not let them read arbitrary files.
    pub fn allow_outside(mut self, allow: bool) -> Engine {
        self.allow_outside = allow;
        self
    }

    /// Which files the document at `file` may name.
    fn access(&self, file: &Path) -> access::Access {
        if self.allow_outside {
            access::Access::anywhere()
        } else {
            access::Access::within_folder_of(file)
        }
    }

    /// The same fonts with another profile, used for every document (its
    /// `模板` is then not read).
    pub fn with_profile(mut self, profile: Profile) -> Engine {
        self.profile = ProfileChoice::Fixed(Box::new(profile));
        self
    }

    /// The same fonts with the profile `spec` (a built-in name, or a path
    /// relative to `base_dir`) for every document, in place of its `模板`
    /// (`gongwen render --template`). The profile is loaded now, so that a
    /// missing or broken file is reported before any document; a profile
    /// without `extends:` still builds on each document's own 版式.
    pub fn with_template(mut self, spec: &str, base_dir: &Path) -> Result<Engine, Error> {
        template::load(spec, base_dir, model::Format::default())?;
        self.profile = ProfileChoice::Chosen(Chosen {
            spec: spec.to_string(),
            base_dir: base_dir.to_path_buf(),
        });
        Ok(self)
    }

    /// Lines to show the user once: which roles use substitute faces.
    pub fn font_notices(&self) -> &[String] {
        &self.fonts.notices
    }

    pub fn fonts(&self) -> &FontBook {
        &self.fonts
    }

    /// Parse and lay out a document (no PDF). The layout's warnings start
    /// with the profile's departures from GB/T 9704.
    pub fn layout(&self, file: &Path, text: &str) -> Result<layout::Layout, Error> {
        self.prepare(file, text).map(|(layout, _)| layout)
    }

    /// The fonts for `profile`: the engine's own, or — when the profile
    /// names faces of its own (`字体`) — a book with those tried first,
    /// found once and kept for the next document with the same faces.
    fn fonts_for(&self, profile: &Profile) -> Result<Arc<FontBook>, Error> {
        if profile.font_families.is_empty() {
            return Ok(self.fonts.clone());
        }
        let mut books = self
            .profile_fonts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, book)) = books.iter().find(|(f, _)| *f == profile.font_families) {
            return Ok(book.clone());
        }
        let candidates = fonts::CandidateList::builtin().with_preferred(&profile.font_families);
        let book = Arc::new(FontBook::load_with(&self.search, &candidates)?);
        books.push((profile.font_families.clone(), book.clone()));
        Ok(book)
    }

    /// Parse and lay out a document with the fonts of its profile.
    fn prepare(&self, file: &Path, text: &str) -> Result<(layout::Layout, Arc<FontBook>), Error> {
        if text.len() > output::MAX_SOURCE_BYTES {
            return Err(output::too_large(file, text.len() as u64));
        }
        let access = self.access(file);
        let (mut document, loaded) = self.parse(file, text, &access)?;
        let book = self.fonts_for(&loaded.profile)?;
        let origin = resources::Origin {
            path: file,
            text,
            access: &access,
        };
        let resources = resources::load(&mut document, origin)?;
        let measurer = book.measurer();
        let mut layout = layout::layout(
            &document,
            &resources,
            &loaded.profile,
            &measurer,
            SourceFile { path: file, text },
        )?;
        layout.warnings.splice(0..0, loaded.warnings);
        // A face the profile asks for first but that is not installed is
        // announced with the document (the engine's own substitutions were
        // announced once, when it loaded).
        for (role, names) in &loaded.profile.font_families {
            let used = book
                .role(*role)
                .faces
                .first()
                .map(|&f| book.face(f).family.clone());
            let (Some(wanted), Some(used)) = (names.first(), used) else {
                continue;
            };
            if fonts::Candidate::parse(wanted).display_name() != used {
                let message = format!(
                    "{}: 模板指定的字体 {wanted} 未找到，使用 {used}",
                    role.name()
                );
                layout.warnings.push(
                    Diagnostic::file_error(file, message)
                        .warning()
                        .with_help("安装该字体，或用 --font-dir 指定它所在的目录"),
                );
            }
        }
        Ok((layout, book))
    }

    /// The document and its profile. The profile is chosen once the front
    /// matter is read (it names the 模板 and the 版式), before the body,
    /// whose heading numbers follow the profile unless `编号` says otherwise.
    fn parse(
        &self,
        file: &Path,
        text: &str,
        access: &access::Access,
    ) -> Result<(model::Document, Loaded), Error> {
        let mut chosen: Option<Result<Loaded, Error>> = None;
        let parsed = source::parse_with(file, text, |meta| {
            let loaded = match &self.profile {
                ProfileChoice::PerDocument => {
                    template::for_document(file, text, meta, None, access)
                }
                ProfileChoice::Chosen(c) => {
                    template::for_document(file, text, meta, Some(c), access)
                }
                ProfileChoice::Fixed(profile) => Ok(Loaded {
                    profile: Profile::clone(profile),
                    warnings: Vec::new(),
                }),
            };
            let numbering = loaded.as_ref().ok().map(|l| l.profile.numbering.clone());
            chosen = Some(loaded);
            numbering
        });
        match (parsed, chosen) {
            (Ok(document), Some(Ok(loaded))) => Ok((document, loaded)),
            (Err(mut e), Some(Err(p))) => {
                e.diagnostics.extend(p.diagnostics);
                Err(e)
            }
            (Err(e), _) | (Ok(_), Some(Err(e))) => Err(e),
            // The front matter never reached the profile (it cannot happen
            // when parsing succeeds); lay out with the standard one.
            (Ok(document), None) => Ok((
                document,
                Loaded {
                    profile: Profile::default(),
                    warnings: Vec::new(),
                },
            )),
        }
    }

    /// Render source text to PDF bytes. `file` names the source in messages.
    pub fn render(&self, file: &Path, text: &str, options: &PdfOptions) -> Result<Vec<u8>, Error> {
        self.render_document(file, text, options).map(|r| r.pdf)
    }

    /// Render, keeping the warnings (the profile's departures from the
    /// standard, and what the layout could not honour).
    pub fn render_document(
        &self,
        file: &Path,
        text: &str,
        options: &PdfOptions,
    ) -> Result<Rendered, Error> {
        self.render_with_previews(file, text, options, None)
    }

    /// Render, and with `png_dpi` also draw every page as a PNG at that
    /// resolution (`--png`; within [`export::PNG_DPI_RANGE`]) from the same
    /// layout.
    pub fn render_with_previews(
        &self,
        file: &Path,
        text: &str,
        options: &PdfOptions,
        png_dpi: Option<u32>,
    ) -> Result<Rendered, Error> {
        let (layout, book) = self.prepare(file, text)?;
        let pdf = export::write_pdf(&layout, &book, options).map_err(|e| about(e, file))?;
        let previews = match png_dpi {
            Some(dpi) => export::write_pngs(&layout, &book, dpi).map_err(|e| about(e, file))?,
            None => Vec::new(),
        };
        Ok(Rendered {
            pdf,
            previews,
            warnings: layout.warnings,
        })
    }
}

/// Export knows no files: its messages are about the document `file`.
fn about(mut error: Error, file: &Path) -> Error {
    for d in &mut error.diagnostics {
        if d.file.as_os_str().is_empty() {
            d.file = file.to_path_buf();
        }
    }
    error
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// PNG previews, one per page, when asked for (else empty).
    pub previews: Vec<Vec<u8>>,
    /// Warnings to show the user; the PDF was written regardless.
    pub warnings: Vec<Diagnostic>,
}

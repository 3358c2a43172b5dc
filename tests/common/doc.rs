//! Rendering documents for tests through the library, once per process for
//! the fonts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongwen::{Engine, FontSearch, PdfOptions};

use super::pdf::{PdfPage, read_pdf};

/// The engine with the system's fonts (run `fonts/install.sh` first).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(&FontSearch::standard(Vec::new()))
            .unwrap_or_else(|e| panic!("字体缺失，请先运行 fonts/install.sh：\n{e}"))
    })
}

/// A rendered test document: where its PDF is and its pages as read back.
pub struct Rendered {
    pub pdf: PathBuf,
    pub bytes: Vec<u8>,
    pub pages: Vec<PdfPage>,
}

/// A scratch folder for this test binary.
pub fn scratch_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gongwen-tests");
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Render Markdown source `md` (named `name`.md in messages) and read it back.
pub fn render(name: &str, md: &str) -> Rendered {
    let dir = scratch_dir();
    let source = dir.join(format!("{name}.md"));
    std::fs::write(&source, md).expect("write source");
    let bytes = engine()
        .render(&source, md, &PdfOptions::default())
        .unwrap_or_else(|e| panic!("render {name} failed:\n{e}"));
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, &bytes).expect("write pdf");
    let pages = read_pdf(&pdf);
    Rendered { pdf, bytes, pages }
}

/// Render `md` expecting an error; returns the error's text.
pub fn render_error(name: &str, md: &str) -> gongwen::Error {
    let source = scratch_dir().join(format!("{name}.md"));
    match engine().render(&source, md, &PdfOptions::default()) {
        Ok(_) => panic!("{name}: expected an error, got a PDF"),
        Err(e) => e,
    }
}

/// Render `md` with an engine using `profile` instead of the built-in one.
pub fn render_with_profile(name: &str, md: &str, profile: gongwen::template::Profile) -> Rendered {
    let engine = Engine::new(&FontSearch::standard(Vec::new()))
        .unwrap_or_else(|e| panic!("字体缺失，请先运行 fonts/install.sh：\n{e}"))
        .with_profile(profile);
    let dir = scratch_dir();
    let source = dir.join(format!("{name}.md"));
    std::fs::write(&source, md).expect("write source");
    let bytes = engine
        .render(&source, md, &PdfOptions::default())
        .unwrap_or_else(|e| panic!("render {name} failed:\n{e}"));
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, &bytes).expect("write pdf");
    let pages = read_pdf(&pdf);
    Rendered { pdf, bytes, pages }
}

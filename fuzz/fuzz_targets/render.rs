//! Arbitrary bytes as a source file (front matter + Markdown) → a full
//! render to PDF bytes in memory. Any panic, hang or runaway allocation is a
//! bug: every input must end in a PDF or an `Error`.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use gongwen::{Engine, FontSearch, PdfOptions};
use libfuzzer_sys::fuzz_target;

/// The fonts, found and mapped once per fuzzing process.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(&FontSearch::standard(Vec::new()))
            .unwrap_or_else(|e| panic!("字体缺失，请先运行 fonts/install.sh：\n{e}"))
    })
}

/// Where the document pretends to live: an empty folder, so the files it
/// names (seals, attachments, profiles) are missing or outside it.
fn source_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("gongwen-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir.join("fuzz.md")
    })
}

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 is refused before parsing (output::read_source, tested
    // in the bad-input suite); the parser sees the lossy text.
    let text = String::from_utf8_lossy(data);
    let _ = engine().render(source_path(), &text, &PdfOptions::default());
});

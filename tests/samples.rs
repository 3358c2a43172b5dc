//! Every sample in `samples/` renders without errors or warnings; the PDFs
//! are written next to their sources (they are not kept in git).

mod common;

use std::path::Path;

#[test]
fn every_sample_renders_cleanly() {
    let mut rendered = 0;
    for entry in std::fs::read_dir("samples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let result = common::doc::engine()
            .render_document(&path, &text, &gongwen::PdfOptions::default())
            .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        assert!(
            result.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            result
                .warnings
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
        );
        let pdf = path.with_extension("pdf");
        std::fs::write(&pdf, &result.pdf).unwrap();
        let pages = common::pdf::read_pdf(Path::new(&pdf));
        assert!(!pages.is_empty());
        rendered += 1;
    }
    assert!(rendered >= 3, "only {rendered} samples");
}

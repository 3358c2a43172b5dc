//! The direct PDF writer against krilla: every sample must read back with
//! the same text at the same places and rasterise to (nearly) the same
//! pixels, and the direct writer's output must be reproducible.

mod common;

use std::path::{Path, PathBuf};

use common::pdf::read_pdf;
use common::raster::render_page_rgb;
use gongwen::PdfOptions;
use gongwen::export::PdfWriter;

/// Pixels whose colour differs by more than this in some channel count as
/// different (anti-aliasing of the same outline differs by a few levels).
const CHANNEL_TOLERANCE: u8 = 48;
/// At most this fraction of a page's pixels may differ.
const MAX_DIFFERING: f64 = 0.001;

fn samples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("md"))
        .collect();
    paths.sort();
    paths
}

fn render(path: &Path, writer: PdfWriter) -> Vec<u8> {
    let text = std::fs::read_to_string(path).unwrap();
    let options = PdfOptions {
        writer,
        ..PdfOptions::default()
    };
    common::doc::engine()
        .render(path, &text, &options)
        .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()))
}

/// The fraction of pixels that differ between two renderings of a page.
/// A pixel matches when some pixel of the other rendering within one pixel
/// of it has its colour: poppler snaps glyph origins to the pixel grid, so
/// positions a hundredth of a millimetre apart (the glyphs are compared to
/// that precision above) can land one pixel apart.
fn differing(a: &Path, b: &Path, page: usize) -> f64 {
    let (x, y) = (render_page_rgb(a, page, 100), render_page_rgb(b, page, 100));
    assert_eq!((x.width, x.height), (y.width, y.height), "page {page} size");
    let close = |p: (u8, u8, u8), q: (u8, u8, u8)| {
        p.0.abs_diff(q.0) <= CHANNEL_TOLERANCE
            && p.1.abs_diff(q.1) <= CHANNEL_TOLERANCE
            && p.2.abs_diff(q.2) <= CHANNEL_TOLERANCE
    };
    let near = |img: &common::raster::RgbImage, px: (u8, u8, u8), cx: u32, cy: u32| {
        (cy.saturating_sub(1)..=(cy + 1).min(img.height - 1)).any(|yy| {
            (cx.saturating_sub(1)..=(cx + 1).min(img.width - 1))
                .any(|xx| close(px, img.get(xx, yy)))
        })
    };
    let mut differ = 0usize;
    for cy in 0..x.height {
        for cx in 0..x.width {
            let (p, q) = (x.get(cx, cy), y.get(cx, cy));
            let matches = close(p, q) || (near(&y, p, cx, cy) && near(&x, q, cx, cy));
            if !matches {
                differ += 1;
            }
        }
    }
    differ as f64 / (x.width as f64 * x.height as f64)
}

#[test]
fn every_sample_reads_and_looks_the_same_through_both_writers() {
    let dir = common::doc::scratch_dir();
    let mut checked = 0;
    for path in samples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let direct = dir.join(format!("writers-{name}-direct.pdf"));
        let krilla = dir.join(format!("writers-{name}-krilla.pdf"));
        std::fs::write(&direct, render(&path, PdfWriter::Direct)).unwrap();
        std::fs::write(&krilla, render(&path, PdfWriter::Krilla)).unwrap();

        let (ours, theirs) = (read_pdf(&direct), read_pdf(&krilla));
        assert_eq!(ours.len(), theirs.len(), "{name}: page count");
        for (k, (p, q)) in ours.iter().zip(&theirs).enumerate() {
            let at = format!("{name} page {}", k + 1);
            assert_eq!(p.glyphs.len(), q.glyphs.len(), "{at}: glyph count");
            for (g, h) in p.glyphs.iter().zip(&q.glyphs) {
                assert_eq!(g.text, h.text, "{at}: text");
                assert_eq!(g.font, h.font, "{at}: font of {:?}", g.text);
                assert_eq!(g.fill, h.fill, "{at}: colour of {:?}", g.text);
                assert!(
                    (g.x_mm - h.x_mm).abs() < 0.01 && (g.baseline_mm - h.baseline_mm).abs() < 0.01,
                    "{at}: {:?} at ({:.3}, {:.3}) mm, krilla ({:.3}, {:.3})",
                    g.text,
                    g.x_mm,
                    g.baseline_mm,
                    h.x_mm,
                    h.baseline_mm
                );
                assert!(
                    (g.width_mm - h.width_mm).abs() < 0.01,
                    "{at}: width of {:?}",
                    g.text
                );
                assert!(
                    (g.size_pt - h.size_pt).abs() < 0.01,
                    "{at}: size of {:?}",
                    g.text
                );
            }
            assert_eq!(p.rects.len(), q.rects.len(), "{at}: filled rectangles");
            for (r, t) in p.rects.iter().zip(&q.rects) {
                let edges = [
                    (r.x0_mm, t.x0_mm),
                    (r.y0_mm, t.y0_mm),
                    (r.x1_mm, t.x1_mm),
                    (r.y1_mm, t.y1_mm),
                ];
                assert!(
                    edges.iter().all(|(u, v)| (u - v).abs() < 0.01),
                    "{at}: rectangle {r:?}, krilla {t:?}"
                );
                assert_eq!(r.fill, t.fill, "{at}: colour of {r:?}");
            }
            let fraction = differing(&direct, &krilla, k + 1);
            eprintln!("{at}: {:.5} % of pixels differ", fraction * 100.0);
            assert!(
                fraction <= MAX_DIFFERING,
                "{at}: {:.4} % of pixels differ from krilla's ({} and {})",
                fraction * 100.0,
                direct.display(),
                krilla.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} samples");
}

#[test]
fn the_direct_writer_is_reproducible_and_is_the_default() {
    let path = Path::new("samples/naiman-audit-2020.md");
    let a = render(path, PdfWriter::Direct);
    let b = render(path, PdfWriter::Direct);
    assert!(a == b, "two renders of the same input differ");
    // The default is the direct writer, not its fallback: krilla always
    // writes an XMP /Metadata stream, the direct writer none.
    let text = std::fs::read_to_string(path).unwrap();
    let default = common::doc::engine()
        .render(path, &text, &PdfOptions::default())
        .unwrap();
    assert!(
        default == a,
        "the default options do not use the direct writer"
    );
    let has = |pdf: &[u8], what: &[u8]| pdf.windows(what.len()).any(|w| w == what);
    assert!(!has(&a, b"/Metadata"));
    assert!(has(&render(path, PdfWriter::Krilla), b"/Metadata"));
}

//! Archival and preview timings for the 8-page sample
//! `samples/naiman-audit-2020.md` (issue 7):
//!
//! - `archive/write_pngs_150dpi`: `export::write_pngs` of the finished
//!   layout at 150 dpi — all 8 pages drawn and PNG-encoded (divide by 8 for
//!   a page).
//! - `archive/write_pdf_pdfa`: `export::write_pdf` with `pdfa: true`, to
//!   compare with `stages/write_pdf` of `benches/render.rs`.
//!
//! Run with `cargo bench --bench archive`; see `benches/README.md`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use gongwen::{Engine, FontSearch, PdfOptions};

fn bench_archive(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/naiman-audit-2020.md");
    let text = std::fs::read_to_string(&path).expect("sample");
    let engine = Engine::new(&FontSearch::standard(Vec::new())).expect("fonts load");
    let layout = engine.layout(&path, &text).expect("sample lays out");
    let pngs = gongwen::export::write_pngs(&layout, engine.fonts(), 150).expect("PNGs");
    let bytes: usize = pngs.iter().map(Vec::len).sum();
    eprintln!("{} pages, {bytes} bytes of PNG at 150 dpi", pngs.len());
    let pdfa = PdfOptions {
        pdfa: true,
        ..PdfOptions::default()
    };

    let mut group = c.benchmark_group("archive");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("write_pngs_150dpi", |b| {
        b.iter(|| {
            gongwen::export::write_pngs(black_box(&layout), engine.fonts(), 150).expect("PNGs")
        })
    });
    group.bench_function("write_pdf_pdfa", |b| {
        b.iter(|| {
            gongwen::export::write_pdf(black_box(&layout), engine.fonts(), &pdfa).expect("PDF/A")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_archive);
criterion_main!(benches);

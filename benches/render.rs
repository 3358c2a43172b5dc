//! Render timings for the 8-page sample `samples/naiman-audit-2020.md`.
//!
//! - `render/sample_in_process`: fonts already loaded, source text → PDF bytes.
//! - `render/sample_cli_process`: the release `gongwen` binary as a whole
//!   process (start, font discovery, render, atomic write of the PDF).
//! - `fonts/load`: `Engine::new`, i.e. font discovery and mapping alone.
//! - `stages/layout`, `stages/write_pdf`: the two halves of an in-process
//!   render (parse + layout; PDF export of a finished layout).
//! - `stages/write_pdf_krilla`: the same export through krilla (the PDF/A
//!   writer and the direct writer's reference), for comparison.
//!
//! - `title/dictionary_parse`: what the first title that needs breaking
//!   pays once per process: parsing the compiled-in title word list.
//! - `title/words`: segmenting one long title (dictionary loaded).
//! - `title/layout_long`, `title/layout_short`: parse + layout of a one-line
//!   document whose title needs three lines, and of the same document with a
//!   title that fits one line; the difference is the cost of breaking a title.
//!
//! Run with `cargo bench --bench render`; see `benches/README.md`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use gongwen::{Engine, FontSearch, PdfOptions};

const SAMPLE: &str = "samples/naiman-audit-2020.md";

/// The sample, read relative to the package root (where `cargo bench` runs).
fn sample() -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    (path, text)
}

fn engine() -> Engine {
    Engine::new(&FontSearch::standard(Vec::new())).expect("fonts load")
}

fn bench_render(c: &mut Criterion) {
    let (path, text) = sample();
    let options = PdfOptions::default();
    let engine = engine();

    // Fail early, and say what is being rendered.
    let bytes = engine
        .render(&path, &text, &options)
        .expect("sample renders");
    eprintln!("sample PDF (in process): {} bytes", bytes.len());

    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    // 30 linear samples (465 iterations) of a ~18 ms routine need ~9 s.
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("sample_in_process", |b| {
        b.iter(|| {
            engine
                .render(black_box(&path), black_box(&text), &options)
                .expect("render")
        })
    });

    // Whole process: the binary cargo built for this bench (release profile).
    let exe = env!("CARGO_BIN_EXE_gongwen");
    let out_dir = std::env::temp_dir().join(format!("gongwen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("temp dir");
    let out = out_dir.join("sample.pdf");
    let run = || {
        let status = Command::new(exe)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("render")
            .arg(SAMPLE)
            .arg("-o")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("spawn gongwen");
        assert!(status.success(), "gongwen render failed: {status}");
    };
    run();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    eprintln!("sample PDF (CLI): {size} bytes");

    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("sample_cli_process", |b| b.iter(run));
    group.finish();

    let _ = std::fs::remove_dir_all(&out_dir);
}

fn bench_fonts(c: &mut Criterion) {
    let mut group = c.benchmark_group("fonts");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("load", |b| b.iter(engine));
    group.finish();
}

fn bench_stages(c: &mut Criterion) {
    let (path, text) = sample();
    let options = PdfOptions::default();
    let engine = engine();
    let layout = engine.layout(&path, &text).expect("sample lays out");

    let mut group = c.benchmark_group("stages");
    group.sample_size(30);
    // 30 linear samples (465 iterations) of the ~15 ms `write_pdf` need ~7 s.
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("layout", |b| {
        b.iter(|| {
            engine
                .layout(black_box(&path), black_box(&text))
                .expect("layout")
        })
    });
    group.bench_function("write_pdf", |b| {
        b.iter(|| {
            gongwen::export::write_pdf(black_box(&layout), engine.fonts(), &options)
                .expect("write_pdf")
        })
    });
    let krilla = PdfOptions {
        writer: gongwen::export::PdfWriter::Krilla,
        ..PdfOptions::default()
    };
    group.bench_function("write_pdf_krilla", |b| {
        b.iter(|| {
            gongwen::export::write_pdf(black_box(&layout), engine.fonts(), &krilla)
                .expect("write_pdf")
        })
    });
    group.finish();
}

/// A long title (three lines) for the title benchmarks.
const LONG_TITLE: &str =
    "中共奈曼旗委员会办公室 奈曼旗人民政府办公室关于做好2021年元旦春节期间有关工作的通知";

fn bench_title(c: &mut Criterion) {
    let engine = engine();
    let path = Path::new("title.md");
    let doc = |title: &str| format!("---\n标题: {title}\n---\n\n正文。\n");
    let (long, short) = (doc(LONG_TITLE), doc("关于放假的通知"));

    let mut group = c.benchmark_group("title");
    group.sample_size(50);
    group.bench_function("dictionary_parse", |b| {
        b.iter(gongwen::layout::parse_title_dictionary)
    });
    group.bench_function("words", |b| {
        b.iter(|| gongwen::layout::title_words(black_box(LONG_TITLE)))
    });
    group.bench_function("layout_long", |b| {
        b.iter(|| engine.layout(path, black_box(&long)).expect("layout"))
    });
    group.bench_function("layout_short", |b| {
        b.iter(|| engine.layout(path, black_box(&short)).expect("layout"))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_render,
    bench_stages,
    bench_fonts,
    bench_title
);
criterion_main!(benches);

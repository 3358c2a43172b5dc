//! Batch and size timings (issue 7), from documents generated out of the
//! seed sample `samples/naiman-audit-2020.md`:
//!
//! - `batch/1000_documents`: 1,000 seed-sized documents with different
//!   titles, rendered through `gongwen::batch::run` (one engine, one
//!   worker per core) from files to PDF files in a temporary folder.
//! - `size/100_pages`: one document of the seed's body sections repeated
//!   to at least 100 pages, rendered in process to PDF bytes.
//!
//! Run with `cargo bench --bench batch -- --sample-size 10`; see
//! `benches/README.md`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use gongwen::{Engine, FontSearch, PdfOptions, batch};

const SAMPLE: &str = "samples/naiman-audit-2020.md";
const DOCUMENTS: usize = 1_000;

fn sample() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The sample's front matter (with its `---` lines) and body.
fn split(sample: &str) -> (&str, &str) {
    let end = sample[3..].find("\n---\n").expect("front matter") + 3 + 5;
    sample.split_at(end)
}

/// The sample with title number `n`: same length, different text.
fn varied(sample: &str, n: usize) -> String {
    sample.replacen(
        "标题: 奈曼旗审计局党组2020年意识形态工作专题报告",
        &format!("标题: 奈曼旗审计局党组2020年意识形态工作专题报告（第{n}号）"),
        1,
    )
}

/// The sample's body repeated until the document has at least `pages`.
fn long_document(engine: &Engine, sample: &str, pages: usize) -> String {
    let (front, body) = split(sample);
    let mut text = format!("{front}{body}");
    loop {
        let layout = engine.layout(Path::new("long.md"), &text).expect("layout");
        if layout.pages.len() >= pages {
            eprintln!(
                "long document: {} pages, {} bytes",
                layout.pages.len(),
                text.len()
            );
            return text;
        }
        text.push_str("\n\n");
        text.push_str(body);
    }
}

/// Writes the 1,000 documents; returns their jobs (PDFs in `out`).
fn generate(dir: &Path) -> Vec<batch::Job> {
    let sample = sample();
    let (src, out) = (dir.join("src"), dir.join("out"));
    std::fs::create_dir_all(&src).expect("temp dir");
    for n in 0..DOCUMENTS {
        std::fs::write(src.join(format!("{n:04}.md")), varied(&sample, n)).expect("write");
    }
    let plan = batch::plan(&[src], Some(&out)).expect("plan");
    assert_eq!(plan.jobs.len(), DOCUMENTS);
    plan.jobs
}

fn bench_batch(c: &mut Criterion) {
    let engine = Engine::new(&FontSearch::standard(Vec::new())).expect("fonts load");
    let dir: PathBuf =
        std::env::temp_dir().join(format!("gongwen-bench-batch-{}", std::process::id()));
    let jobs = generate(&dir);
    let options = batch::Options::default();
    eprintln!("batch: {} documents, {} workers", jobs.len(), options.jobs);

    let mut group = c.benchmark_group("batch");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("1000_documents", |b| {
        b.iter(|| {
            let summary = batch::run(&engine, &jobs, &options, |_, _| {});
            assert_eq!(summary.failed, 0);
            summary
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);

    let text = long_document(&engine, &sample(), 100);
    let path = Path::new("long.md");
    let pdf = PdfOptions::default();
    let mut group = c.benchmark_group("size");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("100_pages", |b| {
        b.iter(|| engine.render(path, &text, &pdf).expect("render"))
    });
    group.finish();
}

criterion_group!(benches, bench_batch);
criterion_main!(benches);

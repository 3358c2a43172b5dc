//! Batch rendering (批量排版): many documents, one [`Engine`] — the fonts
//! found and mapped once — shared by worker threads that take documents
//! from a common queue. One bad document does not stop the others; every
//! failure is kept with its diagnostics.
//!
//! ```no_run
//! use std::path::PathBuf;
//! use gongwen::{Engine, FontSearch, batch};
//!
//! let engine = Engine::new(&FontSearch::standard(vec![]))?;
//! let plan = batch::plan(&[PathBuf::from("公文")], Some("pdf".as_ref()))?;
//! let summary = batch::run(&engine, &plan.jobs, &batch::Options::default(), |_, _| {});
//! println!("{}", summary.line());
//! # Ok::<(), gongwen::Error>(())
//! ```

mod plan;
mod progress;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use plan::{Job, Plan, plan};
pub use progress::Progress;

use crate::diag::{Diagnostic, Error};
use crate::{Engine, PdfOptions, output};

/// The one source file of a run that is not a batch — a single existing
/// (or missing) file and no `--out-dir` — which renders as it always did,
/// `-o` included. Folders, patterns and several inputs make a batch.
pub fn single_input(inputs: &[PathBuf], out_dir: Option<&Path>) -> Option<PathBuf> {
    match inputs {
        [one] if out_dir.is_none() && !one.is_dir() && !plan::is_glob(one) => Some(one.clone()),
        _ => None,
    }
}

/// The usage error of `-o` in a batch.
pub fn output_with_many_inputs() -> Error {
    Error::single(
        Diagnostic::file_error(Path::new(""), "-o 只能用于单个输入文件").with_help(
            "多个文件、目录或通配符请用 --out-dir 目录，或不给出输出位置，PDF 写在各自的源文件旁",
        ),
    )
}

/// The line telling which found files are not rendered on their own.
pub fn skipped_note(skipped: &[PathBuf]) -> String {
    let names: Vec<String> = skipped.iter().map(|p| p.display().to_string()).collect();
    format!(
        "跳过 {} 个作为附件装订在其他公文中的文件：{}",
        skipped.len(),
        names.join("、")
    )
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads (`-j`); at least one.
    pub jobs: usize,
    pub pdf: PdfOptions,
    /// `--force`: render documents the error-level checks object to.
    pub force: bool,
    /// `--png [DPI]`: previews next to each PDF.
    pub png: Option<u32>,
}

impl Default for Options {
    /// One worker per core.
    fn default() -> Self {
        Options {
            jobs: default_jobs(),
            pdf: PdfOptions::default(),
            force: false,
            png: None,
        }
    }
}

/// One worker per core the process may use.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// How one document ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The PDF was written; the warnings go with it.
    Written { warnings: Vec<Diagnostic> },
    /// Nothing was written.
    Failed {
        error: Error,
        /// The exit status this failure alone would give: 1 for errors in
        /// the document, 2 for files that cannot be read or written.
        status: u8,
    },
}

/// What a finished batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub written: usize,
    pub failed: usize,
    pub elapsed: Duration,
    /// 0 when every document was written, else the highest status of the
    /// failures (1 document errors, 2 files unreadable or unwritable).
    pub status: u8,
}

impl Summary {
    /// `已生成 N 份，失败 M 份，用时 X 秒`.
    pub fn line(&self) -> String {
        format!(
            "已生成 {} 份，失败 {} 份，用时 {:.1} 秒",
            self.written,
            self.failed,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Render every job with `options.jobs` threads. `on_done` is called once
/// per document as it finishes (in finishing order, one call at a time).
pub fn run(
    engine: &Engine,
    jobs: &[Job],
    options: &Options,
    on_done: impl FnMut(&Job, &Outcome) + Send,
) -> Summary {
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let shared = Mutex::new((
        on_done,
        Summary {
            written: 0,
            failed: 0,
            elapsed: Duration::ZERO,
            status: 0,
        },
    ));
    let workers = options.jobs.clamp(1, jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(index) else { break };
                    let outcome = render_one(engine, job, options);
                    let mut guard = shared.lock().unwrap_or_else(|p| p.into_inner());
                    let (on_done, summary) = &mut *guard;
                    match &outcome {
                        Outcome::Written { .. } => summary.written += 1,
                        Outcome::Failed { status, .. } => {
                            summary.failed += 1;
                            summary.status = summary.status.max(*status);
                        }
                    }
                    on_done(job, &outcome);
                }
            });
        }
    });
    let (_, mut summary) = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    summary.elapsed = start.elapsed();
    summary
}

/// Read, render and write one document. A panic (a bug) is caught and
/// reported as this document's failure, so the others still render.
pub fn render_one(engine: &Engine, job: &Job, options: &Options) -> Outcome {
    let attempt = std::panic::catch_unwind(AssertUnwindSafe(|| try_render(engine, job, options)));
    match attempt {
        Ok(Ok(warnings)) => Outcome::Written { warnings },
        Ok(Err((error, status))) => Outcome::Failed { error, status },
        Err(_) => Outcome::Failed {
            error: Error::single(
                Diagnostic::file_error(&job.input, "排版时发生内部错误（程序缺陷）")
                    .with_help("请把这份源文件附在问题报告中提交给 gongwen 的维护者"),
            ),
            status: 2,
        },
    }
}

fn try_render(
    engine: &Engine,
    job: &Job,
    options: &Options,
) -> Result<Vec<Diagnostic>, (Error, u8)> {
    let io = |e: Error| (e, 2);
    output::check_distinct(&job.input, &job.output).map_err(io)?;
    let text = output::read_source(&job.input).map_err(io)?;
    // As for a single document: errors the checks find stop it unless
    // `--force`.
    if !options.force {
        let errors = crate::check::gate(&job.input, &text, &crate::check::CheckOptions::new());
        if !errors.is_empty() {
            let diagnostics = errors.iter().map(|f| f.to_diagnostic()).collect();
            return Err((Error { diagnostics }, 1));
        }
    }
    let rendered = engine
        .render_with_previews(&job.input, &text, &options.pdf, options.png)
        .map_err(|e| (e, 1))?;
    if let Some(dir) = job.output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            io(Error::single(Diagnostic::file_error(
                dir,
                format!("无法创建输出目录：{e}"),
            )))
        })?;
    }
    output::write_atomically(&job.output, &rendered.pdf).map_err(io)?;
    let previews = output::preview_paths(&job.output, rendered.previews.len());
    for (path, png) in previews.iter().zip(&rendered.previews) {
        output::write_atomically(path, png).map_err(io)?;
    }
    Ok(rendered.warnings)
}

//! The `gongwen` command: argument parsing and exit codes only.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongwen::{Engine, Error, FontSearch, PdfOptions, batch, output, template};

#[derive(Parser)]
#[command(
    name = "gongwen",
    version,
    about = "按 GB/T 9704-2012 排版党政机关公文（Markdown + YAML → PDF）"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 将公文源文件排版为 PDF（可一次给出多个文件、目录或通配符）
    Render {
        /// 源文件（Markdown，可带 YAML 前置元数据）、含 .md 文件的目录，或通配符如 '公文/*.md'
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// 输出 PDF 路径（仅限单个输入；默认：与源文件同名、同目录）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 批量输出目录：PDF 写到这里，目录输入保留其下的相对路径
        #[arg(long = "out-dir", value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// 同时排版的文档数（默认：CPU 核数）
        #[arg(short = 'j', long = "jobs", value_name = "N",
              value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// 允许源文件引用其所在目录之外的文件（印章、附件、模板）
        #[arg(long = "allow-outside")]
        allow_outside: bool,
        /// 额外的字体目录（优先于系统字体，可多次给出）
        #[arg(long = "font-dir")]
        font_dirs: Vec<PathBuf>,
        /// 模板：内置模板名称或模板文件路径（优先于前置元数据中的「模板」）
        #[arg(long, value_name = "PATH|NAME")]
        template: Option<String>,
    },
    /// 列出内置模板；`templates show 名称` 输出模板全文
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesAction>,
    },
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// 输出内置模板的 YAML 全文（可复制后修改）
    Show {
        /// 模板名称，如 文件、信函
        name: String,
    },
}

/// Exit codes: 0 ok, 1 document errors, 2 usage or I/O errors.
fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render {
            inputs,
            output,
            out_dir,
            jobs,
            allow_outside,
            font_dirs,
            template,
        } => {
            let setup = Setup {
                font_dirs,
                template,
                allow_outside,
            };
            match (output, batch::single_input(&inputs, out_dir.as_deref())) {
                (output, Some(input)) => render(input, output, &setup),
                (None, None) => render_batch(&inputs, out_dir, jobs, &setup),
                (Some(_), None) => report(&batch::output_with_many_inputs(), 2),
            }
        }
        Command::Templates { action: None } => {
            print!("{}", template::listing());
            ExitCode::SUCCESS
        }
        Command::Templates {
            action: Some(TemplatesAction::Show { name }),
        } => match template::show(&name) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => report(&e, 2),
        },
    }
}

/// What every document of a run shares.
struct Setup {
    font_dirs: Vec<PathBuf>,
    template: Option<String>,
    allow_outside: bool,
}

impl Setup {
    fn engine(&self) -> Result<Engine, Error> {
        let engine = Engine::new(&FontSearch::standard(self.font_dirs.clone()))?
            .allow_outside(self.allow_outside);
        match &self.template {
            // A relative path is the user's, typed in the working folder.
            Some(spec) => engine.with_template(spec, Path::new("")),
            None => Ok(engine),
        }
    }
}

fn pdf_options() -> PdfOptions {
    PdfOptions {
        creation_time: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
    }
}

fn render(input: PathBuf, output: Option<PathBuf>, setup: &Setup) -> ExitCode {
    let output = output.unwrap_or_else(|| output::default_output(&input));
    let prepared = output::check_distinct(&input, &output)
        .and_then(|()| output::read_source(&input))
        .and_then(|text| Ok((text, setup.engine()?)));
    let (text, engine) = match prepared {
        Ok(ready) => ready,
        Err(e) => return report(&e, 2),
    };
    for notice in engine.font_notices() {
        eprintln!("{notice}");
    }
    let rendered = match engine.render_document(&input, &text, &pdf_options()) {
        Ok(rendered) => rendered,
        Err(e) => return report(&e, 1),
    };
    for warning in &rendered.warnings {
        eprintln!("{warning}");
    }
    if let Err(e) = output::write_atomically(&output, &rendered.pdf) {
        return report(&e, 2);
    }
    eprintln!("已生成 {}", output.display());
    ExitCode::SUCCESS
}

/// Many documents: exit 0 when all were written, else the highest status
/// of the failures (1 document errors, 2 unreadable or unwritable files).
fn render_batch(
    inputs: &[PathBuf],
    out_dir: Option<PathBuf>,
    jobs: Option<u16>,
    setup: &Setup,
) -> ExitCode {
    let prepared = batch::plan(inputs, out_dir.as_deref()).and_then(|p| Ok((p, setup.engine()?)));
    let (plan, engine) = match prepared {
        Ok(ready) => ready,
        Err(e) => return report(&e, 2),
    };
    let mut progress = batch::Progress::stderr(plan.jobs.len());
    for line in plan.notes.iter().map(ToString::to_string) {
        progress.note(&line);
    }
    for notice in engine.font_notices() {
        progress.note(notice);
    }
    if !plan.skipped.is_empty() {
        progress.note(&batch::skipped_note(&plan.skipped));
    }
    let options = batch::Options {
        jobs: jobs.map_or_else(batch::default_jobs, usize::from),
        pdf: pdf_options(),
    };
    let summary = batch::run(&engine, &plan.jobs, &options, |job, outcome| {
        progress.record(job, outcome)
    });
    progress.finish(&summary);
    ExitCode::from(summary.status)
}

fn report(error: &Error, code: u8) -> ExitCode {
    eprintln!("{error}");
    ExitCode::from(code)
}

//! The `gongwen` command: argument parsing and exit codes only.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongwen::check::CheckOptions;
use gongwen::{Engine, Error, FontSearch, PdfOptions, batch, fonts, output, template};

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
        /// 即使检查发现错误也照样排版
        #[arg(long)]
        force: bool,
        /// 输出 PDF/A-2b 归档文件（元数据含标题、发文机关、发文字号、成文日期、密级）
        #[arg(long)]
        pdfa: bool,
        /// 同时为每页生成 PNG 预览（名称-1.png、名称-2.png…，与 PDF 同目录），默认 150 dpi
        #[arg(long, value_name = "DPI", num_args = 0..=1, default_missing_value = "150")]
        png: Option<u32>,
    },
    /// 按 GB/T 9704 和 GB/T 15834 检查公文源文件
    Check {
        /// 源文件（Markdown，可带 YAML 前置元数据）
        input: PathBuf,
        /// 把可以自动修正的问题直接改在源文件中
        #[arg(long)]
        fix: bool,
        /// 输出格式：text 或 json
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// 成文日期、印发日期最多可以晚于今天几天
        #[arg(long, default_value_t = 3, value_name = "DAYS")]
        max_future_days: u32,
        /// 以这一天为「今天」（如 2020-12-28；默认为北京时间的今天）
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// 将纯文本公文稿（.txt）转换为 Markdown 源文件
    Import {
        /// 纯文本稿（UTF-8 或 GBK/GB18030）
        input: PathBuf,
        /// 输出 Markdown 路径（默认：与原稿同名、同目录的 .md）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 输出文件已存在时覆盖它
        #[arg(long)]
        force: bool,
    },
    /// 列出各字体角色找到的字体及其文件；给出文档时，再列出文档中无字体可显示的字符
    Fonts {
        /// 要检查的公文源文件（可选）
        document: Option<PathBuf>,
        /// 额外的字体目录（优先于系统字体，可多次给出）
        #[arg(long = "font-dir")]
        font_dirs: Vec<PathBuf>,
    },
    /// 列出内置模板；`templates show 名称` 输出模板全文
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesAction>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
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
            force,
            pdfa,
            png,
        } => {
            let setup = Setup {
                font_dirs,
                template,
                allow_outside,
                force,
                formats: Formats { pdfa, png },
            };
            match (output, batch::single_input(&inputs, out_dir.as_deref())) {
                (output, Some(input)) => render(input, output, &setup),
                (None, None) => render_batch(&inputs, out_dir, jobs, &setup),
                (Some(_), None) => report(&batch::output_with_many_inputs(), 2),
            }
        }
        Command::Check {
            input,
            fix,
            format,
            max_future_days,
            today,
        } => check(input, fix, format, max_future_days, today),
        Command::Import {
            input,
            output,
            force,
        } => import(input, output, force),
        Command::Fonts {
            document,
            font_dirs,
        } => fonts(document, font_dirs),
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
    /// `--force`: render even when the checks find errors.
    force: bool,
    formats: Formats,
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

    fn pdf_options(&self) -> PdfOptions {
        PdfOptions {
            creation_time: std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|s| s.trim().parse().ok()),
            pdfa: self.formats.pdfa,
            ..PdfOptions::default()
        }
    }
}

fn render(input: PathBuf, output: Option<PathBuf>, setup: &Setup) -> ExitCode {
    let output = output.unwrap_or_else(|| output::default_output(&input));
    let text =
        match output::check_distinct(&input, &output).and_then(|()| output::read_source(&input)) {
            Ok(text) => text,
            Err(e) => return report(&e, 2),
        };
    // The error-level checks first: a document with errors is not rendered
    // unless the user insists.
    let errors = gongwen::check::gate(&input, &text, &CheckOptions::new());
    for finding in &errors {
        eprintln!("{finding}");
    }
    if !errors.is_empty() && !setup.force {
        eprintln!(
            "检查发现 {} 个错误，未排版。可用 `gongwen check --fix {}` 自动修正能够修正的问题；确需照样排版时加 `--force`",
            errors.len(),
            input.display()
        );
        return ExitCode::from(1);
    }
    let engine = match setup.engine() {
        Ok(engine) => engine,
        Err(e) => return report(&e, 2),
    };
    for notice in engine.font_notices() {
        eprintln!("{notice}");
    }
    let options = setup.pdf_options();
    let rendered = match engine.render_with_previews(&input, &text, &options, setup.formats.png) {
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
    let previews = output::preview_paths(&output, rendered.previews.len());
    for (path, png) in previews.iter().zip(&rendered.previews) {
        if let Err(e) = output::write_atomically(path, png) {
            return report(&e, 2);
        }
    }
    if let (Some(first), Some(last)) = (previews.first(), previews.last()) {
        eprintln!("已生成 {} … {}", first.display(), last.display());
    }
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
        pdf: setup.pdf_options(),
        force: setup.force,
        png: setup.formats.png,
    };
    let summary = batch::run(&engine, &plan.jobs, &options, |job, outcome| {
        progress.record(job, outcome)
    });
    progress.finish(&summary);
    ExitCode::from(summary.status)
}

fn import(input: PathBuf, output: Option<PathBuf>, force: bool) -> ExitCode {
    let output = output.unwrap_or_else(|| gongwen::import::default_output(&input));
    let imported = match gongwen::import::import_file(&input) {
        Ok(imported) => imported,
        Err(e) => return report(&e, 2),
    };
    for note in imported.notes(&input) {
        eprintln!("{note}");
    }
    if let Err(e) = gongwen::import::save(&input, &output, &imported, force) {
        return report(&e, 2);
    }
    eprintln!(
        "已生成 {}（{}），请核对后再排版",
        output.display(),
        imported.summary.describe()
    );
    ExitCode::SUCCESS
}

/// What `render` writes besides the ordinary PDF.
struct Formats {
    /// `--pdfa`: PDF/A-2b.
    pdfa: bool,
    /// `--png [DPI]`: one PNG per page.
    png: Option<u32>,
}

/// `gongwen fonts`: exit 0 when every CJK role has a face and the document
/// (if any) can be drawn, 1 when the document has characters no face has,
/// 2 when a role has no face or the document cannot be read.
fn fonts(document: Option<PathBuf>, font_dirs: Vec<PathBuf>) -> ExitCode {
    let candidates = fonts::CandidateList::builtin();
    let (book, missing) =
        match fonts::FontBook::discover(&FontSearch::standard(font_dirs), &candidates) {
            Ok(found) => found,
            Err(e) => return report(&e, 2),
        };
    print!("{}", fonts::FontReport::new(&book, &candidates));
    let mut code = if missing.is_empty() { 0 } else { 2 };
    if let Some(path) = document {
        let text = match output::read_source(&path) {
            Ok(text) => text,
            Err(e) => return report(&e, 2),
        };
        let found = fonts::undrawable(&book, &text);
        println!();
        if found.is_empty() {
            println!("{}：所有字符均有字体可显示", path.display());
        } else {
            println!(
                "{}：{} 个字符没有任何已安装的字体能显示",
                path.display(),
                found.len()
            );
            for character in &found {
                eprintln!("{}", character.diagnostic(&path, &text));
            }
            code = code.max(1);
        }
        for notice in &book.notices {
            println!("{notice}");
        }
    }
    ExitCode::from(code)
}

fn report(error: &Error, code: u8) -> ExitCode {
    eprintln!("{error}");
    ExitCode::from(code)
}

fn check(
    input: PathBuf,
    fix: bool,
    format: CheckFormat,
    max_future_days: u32,
    today: Option<String>,
) -> ExitCode {
    let mut options = CheckOptions::new();
    options.max_future_days = max_future_days;
    if let Some(day) = today {
        match gongwen::check::parse_today(&day) {
            Ok(date) => options.today = date,
            Err(e) => return report(&e, 2),
        }
    }
    let text = match output::read_source(&input) {
        Ok(text) => text,
        Err(e) => return report(&e, 2),
    };
    let (report_, applied) = if fix {
        let fixed = match gongwen::check::fix(&input, &text, &options) {
            Ok(fixed) => fixed,
            Err(e) => return report(&e, 2),
        };
        if !fixed.applied.is_empty() {
            let bytes = output::with_original_bom(&input, fixed.text.as_bytes());
            if let Err(e) = output::write_atomically(&input, &bytes) {
                return report(&e, 2);
            }
        }
        (fixed.report, fixed.applied)
    } else {
        (gongwen::check::check(&input, &text, &options), Vec::new())
    };
    match format {
        CheckFormat::Json => print!("{}", gongwen::check::to_json(&report_, &applied)),
        CheckFormat::Text => print!("{}", gongwen::check::to_text(&report_, &applied)),
    }
    if report_.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

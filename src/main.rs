//! The `gongwen` command: argument parsing and exit codes only.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongwen::{Engine, Error, FontSearch, PdfOptions, output, template};

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
    /// 将公文源文件排版为 PDF
    Render {
        /// 源文件（Markdown，可带 YAML 前置元数据）
        input: PathBuf,
        /// 输出 PDF 路径（默认：与源文件同名、同目录）
        #[arg(short, long)]
        output: Option<PathBuf>,
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
            input,
            output,
            font_dirs,
            template,
        } => render(input, output, font_dirs, template),
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

fn render(
    input: PathBuf,
    output: Option<PathBuf>,
    font_dirs: Vec<PathBuf>,
    template: Option<String>,
) -> ExitCode {
    let output = output.unwrap_or_else(|| output::default_output(&input));
    let prepared = output::check_distinct(&input, &output)
        .and_then(|()| output::read_source(&input))
        .and_then(|text| {
            let engine = Engine::new(&FontSearch::standard(font_dirs))?;
            let engine = match &template {
                // A relative path is the user's, typed in the working folder.
                Some(spec) => engine.with_template(spec, Path::new(""))?,
                None => engine,
            };
            Ok((text, engine))
        });
    let (text, engine) = match prepared {
        Ok(ready) => ready,
        Err(e) => return report(&e, 2),
    };
    for notice in engine.font_notices() {
        eprintln!("{notice}");
    }
    let options = PdfOptions {
        creation_time: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
        ..PdfOptions::default()
    };
    let rendered = match engine.render_document(&input, &text, &options) {
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

fn report(error: &Error, code: u8) -> ExitCode {
    eprintln!("{error}");
    ExitCode::from(code)
}

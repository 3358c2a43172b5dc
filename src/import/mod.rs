//! `gongwen import`: a plain-text draft (pasted from WPS, copied from a web
//! page or a PDF) → our source format, Markdown with a YAML front matter.
//!
//! Stages: bytes → text ([`decode`]); lines, with web-page residue dropped
//! and listed ([`lines::residue`]); blocks of lines that belong together
//! (`blocks`); the parts of a 公文 (`classify`); the Markdown (`emit`).
//! Nothing of the document's text is lost: what cannot be classified stays
//! a paragraph and is reported.

mod blocks;
mod classify;
pub mod decode;
mod emit;
mod lines;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error};
use crate::model::SourcePos;

pub use decode::TextEncoding;

use blocks::{Item, Line};
use classify::Part;

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The source text: front matter + Markdown body.
    pub markdown: String,
    /// The encoding the draft was read in.
    pub encoding: TextEncoding,
    /// Lines that are not part of the document, dropped.
    pub dropped: Vec<DroppedLine>,
    /// What the import could not settle: lines kept as paragraphs that may
    /// be something else, parts not found.
    pub warnings: Vec<Diagnostic>,
    /// What was recognised.
    pub summary: Summary,
}

/// A draft line left out of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedLine {
    /// 1-based line number in the draft.
    pub line: u32,
    pub text: String,
    /// Why: `网页信息`, `页码`, `网页导航`, `分隔线`.
    pub reason: &'static str,
}

/// What the import recognised, for the closing message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The front matter keys filled, in order (`标题`, `主送机关` …).
    pub fields: Vec<&'static str>,
    /// Headings per level (一、（一）1.（1）).
    pub headings: [usize; 4],
    pub paragraphs: usize,
}

impl Summary {
    /// `标题、主送机关、一级标题 3 个、……、段落 20 段`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self.fields.iter().map(|f| f.to_string()).collect();
        for (level, count) in ["一级", "二级", "三级", "四级"].iter().zip(self.headings) {
            if count > 0 {
                parts.push(format!("{level}标题 {count} 个"));
            }
        }
        parts.push(format!("正文段落 {} 段", self.paragraphs));
        parts.join("、")
    }
}

/// Imports the draft at `path`.
pub fn import_file(path: &Path) -> Result<Imported, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::single(Diagnostic::file_error(path, format!("无法读取文件：{e}"))))?;
    import_bytes(path, &bytes)
}

/// Imports a draft's bytes; `file` names it in messages.
pub fn import_bytes(file: &Path, bytes: &[u8]) -> Result<Imported, Error> {
    let (text, encoding) = decode::decode(file, bytes)?;
    let mut imported = import_text(file, &text);
    imported.encoding = encoding;
    Ok(imported)
}

/// Imports a draft's text (already decoded; CRLF and CR line ends allowed).
pub fn import_text(file: &Path, text: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut dropped = Vec::new();
    let items: Vec<Item> = normalized
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if let Some(reason) = lines::residue(line) {
                dropped.push(DroppedLine {
                    line: no,
                    text: lines::trimmed(line).to_string(),
                    reason,
                });
                return Item::Dropped;
            }
            Item::Text(Line {
                no,
                text: line.to_string(),
            })
        })
        .collect();
    let blocks = blocks::blocks(items);
    let draft = classify::classify(&blocks);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let markdown = emit::markdown(&draft, &name);
    let warnings = draft
        .doubts
        .iter()
        .map(|d| match d.line {
            0 => Diagnostic::file_error(file, d.message.clone()).warning(),
            line => Diagnostic::error(
                file,
                &normalized,
                SourcePos { line, column: 1 },
                d.message.clone(),
            )
            .warning(),
        })
        .collect();
    let mut summary = Summary {
        fields: draft.fields.iter().map(|f| f.key.name()).collect(),
        ..Summary::default()
    };
    summary.fields.dedup();
    if draft.comma_numbers {
        summary.fields.push("编号");
    }
    for part in &draft.body {
        match part {
            Part::Heading { level, .. } => {
                if let Some(n) = summary
                    .headings
                    .get_mut(usize::from(level.saturating_sub(1)))
                {
                    *n += 1;
                }
            }
            Part::Paragraph { .. } => summary.paragraphs += 1,
        }
    }
    debug_assert!(draft.fields.windows(2).all(|w| w[0].key <= w[1].key));
    Imported {
        markdown,
        encoding: TextEncoding::Utf8,
        dropped,
        warnings,
        summary,
    }
}

impl Imported {
    /// The notes for the user (stderr): encoding, dropped lines, warnings.
    pub fn notes(&self, file: &Path) -> Vec<String> {
        let mut notes = Vec::new();
        let name = file.display();
        if !matches!(self.encoding, TextEncoding::Utf8) {
            notes.push(format!("{name}: 按 {} 编码读取", self.encoding.name()));
        }
        if !self.dropped.is_empty() {
            let mut note = format!(
                "{name}: 删除了 {} 行不属于公文的内容（网页信息、页码等）：",
                self.dropped.len()
            );
            for d in &self.dropped {
                note.push_str(&format!("\n  第 {} 行（{}）：{}", d.line, d.reason, d.text));
            }
            notes.push(note);
        }
        notes.extend(self.warnings.iter().map(ToString::to_string));
        notes
    }
}

/// Where the Markdown goes when no `-o` is given: next to the draft.
pub fn default_output(input: &Path) -> PathBuf {
    input.with_extension("md")
}

/// Writes the imported source to `output` atomically; an existing file is
/// replaced only with `force`, and never the draft itself.
pub fn save(input: &Path, output: &Path, imported: &Imported, force: bool) -> Result<(), Error> {
    crate::output::check_distinct(input, output).map_err(|_| {
        Error::single(
            Diagnostic::file_error(output, "输出文件与导入的文件相同，拒绝覆盖原稿")
                .with_help("用 -o 指定另一个 .md 文件"),
        )
    })?;
    if output.exists() && !force {
        return Err(Error::single(
            Diagnostic::file_error(output, "输出文件已存在，未覆盖")
                .with_help("用 -o 指定另一个文件，或加 --force 覆盖它"),
        ));
    }
    crate::output::write_atomically(output, imported.markdown.as_bytes())
}

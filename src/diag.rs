//! Diagnostics: every user mistake becomes a value naming file, line and
//! column, in Chinese, with the offending source line and a fix when known.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::SourcePos;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One message for the user about one place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the message is about (may be empty for in-memory sources).
    pub file: PathBuf,
    /// Where in the file; `None` when the message is about the file as a whole.
    pub pos: Option<SourcePos>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The text of the source line at `pos`, shown under the message.
    pub source_line: Option<String>,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `pos` in `source` (the whole text of `file`).
    pub fn error(file: &Path, source: &str, pos: SourcePos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pos: Some(pos),
            message: message.into(),
            source_line: line_text(source, pos.line),
            help: None,
        }
    }

    /// An error about a file as a whole (unreadable, missing font, …).
    pub fn file_error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pos: None,
            message: message.into(),
            source_line: None,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }
}

/// The text of 1-based line `line` of `source`, without its line end.
pub fn line_text(source: &str, line: u32) -> Option<String> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    // A BOM is invisible to the author; it must not shift the caret.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    source
        .lines()
        .nth(index)
        .map(|l| l.trim_end_matches('\r').to_string())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        let file = self.file.display();
        match self.pos {
            Some(pos) => write!(
                f,
                "{file}:{}:{}: {label}：{}",
                pos.line, pos.column, self.message
            )?,
            None if self.file.as_os_str().is_empty() => write!(f, "{label}：{}", self.message)?,
            None => write!(f, "{file}: {label}：{}", self.message)?,
        }
        if let (Some(pos), Some(text)) = (self.pos, &self.source_line) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f)?;
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {text}")?;
            // The caret counts display columns: a CJK character is two wide.
            let before: usize = text
                .chars()
                .take(pos.column.saturating_sub(1) as usize)
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum();
            write!(f, "{pad} | {}^", " ".repeat(before))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = 提示：{help}")?;
        }
        Ok(())
    }
}

/// What a library call returns when it cannot produce its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// At least one entry has `Severity::Error`.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn single(diagnostic: Diagnostic) -> Self {
        Error {
            diagnostics: vec![diagnostic],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::single(d)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

//! `gongwen check`: lints a document against GB/T 9704-2012 (公文格式) and
//! GB/T 15834-2011 (标点符号用法). Every finding has a stable rule id
//! ([`rules`]), a severity, the file position of the offending characters,
//! a Chinese message and — when the fix is certain — the edit that fixes it.
//!
//! The lint reads the model the source stage builds (so it sees exactly what
//! will be printed) and maps each character back to its bytes in the file
//! ([`text`]), which is what lets `--fix` rewrite the source.

mod dates;
mod front;
mod headings;
mod json;
mod punct;
pub mod rules;
mod text;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error, Severity, line_text};
use crate::model::{Block, Date, Document, SourcePos};
use crate::{source, template};

pub use dates::today_in_beijing;
pub use json::to_json;
pub use rules::Rule;
pub use text::Edit;

use text::{Src, Text};

/// Settings of a check run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// The day the dates are compared with (injectable for tests).
    pub today: Date,
    /// How many days after `today` a 成文日期 or 印发日期 may be.
    pub max_future_days: u32,
}

impl CheckOptions {
    /// Today in Beijing time, dates up to 3 days ahead accepted (a document
    /// is often dated for the day it will be signed).
    pub fn new() -> Self {
        CheckOptions {
            today: today_in_beijing(),
            max_future_days: 3,
        }
    }
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions::new()
    }
}

/// The edits that fix one finding, applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The text as written and as it will be (for messages), e.g. `[2020]`
    /// and `〔2020〕`.
    pub from: String,
    pub to: String,
    pub edits: Vec<Edit>,
}

/// One thing found in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub file: PathBuf,
    pub pos: Option<SourcePos>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// Advice when there is no certain fix, or beside it.
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// The source line at `pos`, for display.
    pub source_line: Option<String>,
}

impl Finding {
    /// The finding as a [`Diagnostic`] (the rule id leads the message).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut help = self.help.clone();
        if let Some(fix) = &self.fix {
            let change = if fix.to.is_empty() {
                format!("删去 `{}`", fix.from)
            } else {
                format!("修改：`{}` → `{}`", fix.from, fix.to)
            };
            help = Some(match help {
                Some(h) => format!("{h}；{change}"),
                None => change,
            });
        }
        Diagnostic {
            severity: self.severity,
            file: self.file.clone(),
            pos: self.pos,
            message: format!("[{}] {}", self.rule.id, self.message),
            source_line: self.source_line.clone(),
            help,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_diagnostic())
    }
}

/// What a check run found, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub file: PathBuf,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The source stage could not read the document: nothing else was checked.
    pub fn unparsed(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.rule.id == rules::SOURCE.id && f.severity == Severity::Error)
    }
}

/// Lint `text` (the whole source file `file`).
pub fn check(file: &Path, text: &str, options: &CheckOptions) -> Report {
    let src = Src::new(text);
    let mut cx = Cx {
        file,
        src: &src,
        options,
        findings: Vec::new(),
        flagged: HashSet::new(),
    };
    // Heading numbers follow the document's profile, as when rendering; a
    // profile that cannot be loaded is render's to report.
    let parsed = source::parse_with(file, text, |meta| {
        // Only files the document may name (see `access`); a profile out of
        // reach leaves the default numbering, and render reports it.
        let access = crate::access::Access::within_folder_of(file);
        template::for_document(file, text, meta, None, &access)
            .ok()
            .map(|loaded| loaded.profile.numbering)
    });
    match parsed {
        Ok(document) => cx.document(&document),
        Err(e) => cx.source_diagnostics(e.diagnostics),
    }
    let mut findings = cx.findings;
    findings.sort_by_key(|f| {
        let pos = f.pos.unwrap_or_default();
        (pos.line, pos.column, f.rule.id)
    });
    Report {
        file: file.to_path_buf(),
        findings,
    }
}

/// The error-level findings that stop `gongwen render`. The source stage's
/// own errors are left out: rendering reports them itself.
pub fn gate(file: &Path, text: &str, options: &CheckOptions) -> Vec<Finding> {
    check(file, text, options)
        .findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error && f.rule.id != rules::SOURCE.id)
        .collect()
}

/// Reads the `--today` date (`2020-12-28` or `2020年12月28日`).
pub fn parse_today(text: &str) -> Result<Date, Error> {
    crate::source::parse_date(text).map_err(|why| {
        Error::single(
            Diagnostic::file_error(Path::new(""), format!("无法识别的日期 `{text}`（{why}）"))
                .with_help("写作 `2020-12-28`"),
        )
    })
}

/// The report as the `check` command prints it: the fixes applied, then
/// each finding with its source line, then a summary.
pub fn to_text(report: &Report, applied: &[Applied]) -> String {
    let file = report.file.display();
    let mut out = String::new();
    for a in applied {
        let at = a
            .pos
            .map_or(String::new(), |p| format!("{}:{}:", p.line, p.column));
        let change = if a.to.is_empty() {
            format!("删去 `{}`", a.from)
        } else {
            format!("`{}` → `{}`", a.from, a.to)
        };
        out.push_str(&format!("{file}:{at} 已修改 [{}] {change}\n", a.rule.id));
    }
    if !applied.is_empty() {
        out.push_str(&format!("已写回 {file}（{} 处修改）\n\n", applied.len()));
    }
    for f in &report.findings {
        out.push_str(&format!("{f}\n\n"));
    }
    let fixable = report.findings.iter().filter(|f| f.fix.is_some()).count();
    if report.findings.is_empty() {
        out.push_str(&format!("{file}: 未发现问题\n"));
    } else {
        out.push_str(&format!(
            "{file}: {} 个错误，{} 个警告",
            report.errors(),
            report.warnings()
        ));
        if fixable > 0 {
            out.push_str(&format!("（{fixable} 个可用 --fix 自动修正）"));
        }
        out.push('\n');
    }
    out
}

/// A fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub rule: &'static Rule,
    pub pos: Option<SourcePos>,
    pub from: String,
    pub to: String,
}

/// The result of [`fix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The corrected source text.
    pub text: String,
    pub applied: Vec<Applied>,
    /// The check of the corrected text: what is left to do by hand.
    pub report: Report,
}

/// Apply every fixable finding, then check again (a fix may reveal another,
/// and overlapping fixes wait for the next pass). Fails when the corrected
/// text no longer parses — a fix must never break a document.
pub fn fix(file: &Path, text: &str, options: &CheckOptions) -> Result<Fixed, Error> {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut report = check(file, &current, options);
    let was_parsed = !report.unparsed();
    for _pass in 0..8 {
        let mut edits: Vec<(&Finding, &Fix)> = report
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref().map(|fix| (f, fix)))
            .collect();
        if edits.is_empty() {
            break;
        }
        edits.sort_by_key(|(_, fix)| fix.edits.iter().map(|e| e.start).min());
        // Keep fixes whose edits overlap no earlier kept fix.
        let mut taken: Vec<&Edit> = Vec::new();
        for (finding, fix) in edits {
            let clashes = fix.edits.iter().any(|e| {
                taken
                    .iter()
                    .any(|t| e.start < t.end.max(t.start + 1) && t.start < e.end.max(e.start + 1))
            });
            if clashes {
                continue;
            }
            taken.extend(fix.edits.iter());
            applied.push(Applied {
                rule: finding.rule,
                pos: finding.pos,
                from: fix.from.clone(),
                to: fix.to.clone(),
            });
        }
        // From the end, so earlier offsets stay valid.
        taken.sort_by_key(|e| std::cmp::Reverse(e.start));
        for edit in taken {
            if current.is_char_boundary(edit.start)
                && current.is_char_boundary(edit.end)
                && edit.start <= edit.end
                && edit.end <= current.len()
            {
                current.replace_range(edit.start..edit.end, &edit.replacement);
            }
        }
        report = check(file, &current, options);
        if was_parsed && report.unparsed() {
            let mut e = Error::single(Diagnostic::file_error(
                file,
                "自动修改后的文件无法解析，已放弃修改，原文件未改动",
            ));
            e.diagnostics.extend(
                report
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(Finding::to_diagnostic),
            );
            return Err(e);
        }
    }
    Ok(Fixed {
        text: current,
        applied,
        report,
    })
}

/// The running check: where findings go.
pub(crate) struct Cx<'a> {
    file: &'a Path,
    src: &'a Src<'a>,
    options: &'a CheckOptions,
    findings: Vec<Finding>,
    /// Source offsets some rule already reported, so that a character is
    /// reported (and fixed) once, by the most specific rule.
    flagged: HashSet<usize>,
}

impl Cx<'_> {
    /// Report `rule` at character `at` of `text`; `fix` replaces characters
    /// `range` by a string, when the characters can be edited in the file.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        text: &Text,
        at: usize,
        message: String,
        fix: Option<(std::ops::Range<usize>, String)>,
    ) -> &mut Finding {
        let fix = fix.and_then(|(range, to)| {
            let edit = self.src.edit(text, range.clone(), &to)?;
            Some(Fix {
                from: text.string(range),
                to,
                edits: vec![edit],
            })
        });
        self.push(rule, text.pos(at), message, fix)
    }

    /// Report with a fix of several edits (e.g. a pair of brackets).
    pub fn report_edits(
        &mut self,
        rule: &'static Rule,
        pos: SourcePos,
        message: String,
        fix: Option<Fix>,
    ) -> &mut Finding {
        self.push(rule, pos, message, fix)
    }

    fn push(
        &mut self,
        rule: &'static Rule,
        pos: SourcePos,
        message: String,
        fix: Option<Fix>,
    ) -> &mut Finding {
        if let Some(fix) = &fix {
            for e in &fix.edits {
                self.flagged.extend(e.start..e.end.max(e.start + 1));
            }
        }
        if let Some(offset) = self.src.index.offset(pos) {
            self.flagged.insert(offset);
        }
        self.findings.push(Finding {
            rule,
            severity: rule.severity,
            file: self.file.to_path_buf(),
            pos: Some(pos),
            message,
            help: None,
            fix,
            source_line: line_text(self.src.text, pos.line),
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    /// Has a rule already reported the character at `offset`?
    pub fn is_flagged(&self, offset: Option<usize>) -> bool {
        offset.is_some_and(|o| self.flagged.contains(&o))
    }

    pub fn src(&self) -> &Src<'_> {
        self.src
    }

    pub fn options(&self) -> &CheckOptions {
        self.options
    }

    fn source_diagnostics(&mut self, diagnostics: Vec<Diagnostic>) {
        for d in diagnostics {
            self.findings.push(Finding {
                rule: &rules::SOURCE,
                severity: d.severity,
                file: d.file,
                pos: d.pos,
                message: d.message,
                help: d.help,
                fix: None,
                source_line: d.source_line,
            });
        }
    }

    fn document(&mut self, doc: &Document) {
        let meta = &doc.meta;
        // The specific rules first: they mark what they report, and the
        // punctuation rules then leave those characters alone.
        front::check(self, meta);
        headings::check(self, &doc.body, &meta.numbering);
        for attachment in &doc.attachments {
            headings::check(self, &attachment.body, &meta.numbering);
        }
        front::attachment_references(self, &doc.body, meta.attachments.len());
        for value in front::lintable_values(meta) {
            let text = self.src.value(value);
            punct::check(self, &text);
        }
        let attachment_bodies = doc.attachments.iter().map(|a| a.body.as_slice());
        for blocks in std::iter::once(doc.body.as_slice()).chain(attachment_bodies) {
            for text in block_texts(self.src, blocks) {
                punct::check(self, &text);
            }
        }
        for attachment in &doc.attachments {
            if let Some(title) = &attachment.meta.title {
                let text = self.src.value(title);
                punct::check(self, &text);
            }
        }
        self.source_diagnostics(doc.warnings.clone());
    }
}

/// The text of each block, as linted: a heading's text (after its number),
/// its run-in paragraph, paragraphs, chapters and articles, table cells.
fn block_texts(src: &Src, blocks: &[Block]) -> Vec<Text> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(h) => {
                out.push(src.runs(&h.text));
                if let Some(run_in) = &h.run_in {
                    out.push(src.runs(run_in));
                }
            }
            Block::Paragraph { runs, .. } => out.push(src.runs(runs)),
            Block::Chapter(d) | Block::Article(d) => out.push(src.runs(&d.text)),
            Block::Table(table) => {
                let cells = table.header.iter().chain(table.rows.iter().flatten());
                for paragraph in cells.flat_map(|cell| &cell.paragraphs) {
                    out.push(src.runs(paragraph));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;

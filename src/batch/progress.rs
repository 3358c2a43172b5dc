//! What a batch tells the user while it runs: each document's warnings and
//! errors as it finishes, a one-line progress bar when the output is a
//! terminal (nothing of it when it is a log file), and the summary line.

use std::io::{IsTerminal, Write};

use super::{Job, Outcome, Summary};

/// Cells of the bar itself.
const BAR_CELLS: usize = 24;
/// Display columns of the file name shown after the bar.
const NAME_COLUMNS: usize = 30;

/// Writes a batch's messages to `out`.
pub struct Progress<W: Write> {
    out: W,
    /// Whether to draw the bar (the output is a terminal).
    bar: bool,
    total: usize,
    done: usize,
    /// Whether the bar is on screen (and must be cleared before a message).
    shown: bool,
}

impl Progress<std::io::Stderr> {
    /// To standard error, with a bar only when it is a terminal.
    pub fn stderr(total: usize) -> Self {
        let err = std::io::stderr();
        let bar = err.is_terminal();
        Progress::new(err, total, bar)
    }
}

impl<W: Write> Progress<W> {
    pub fn new(out: W, total: usize, bar: bool) -> Self {
        Progress {
            out,
            bar,
            total,
            done: 0,
            shown: false,
        }
    }

    /// A message line that is not about one document (font notices …).
    pub fn note(&mut self, line: &str) {
        self.clear();
        let _ = writeln!(self.out, "{line}");
        self.draw(None);
    }

    /// One document finished: its warnings, or its errors, then the bar.
    pub fn record(&mut self, job: &Job, outcome: &Outcome) {
        self.done += 1;
        self.clear();
        match outcome {
            Outcome::Written { warnings } => {
                for warning in warnings {
                    let _ = writeln!(self.out, "{warning}");
                }
            }
            Outcome::Failed { error, .. } => {
                let _ = writeln!(self.out, "{error}");
                let _ = writeln!(self.out, "未生成 {}", job.output.display());
            }
        }
        self.draw(Some(job));
    }

    /// The bar goes; the summary line stays.
    pub fn finish(&mut self, summary: &Summary) {
        self.clear();
        let _ = writeln!(self.out, "{}", summary.line());
        let _ = self.out.flush();
    }

    fn clear(&mut self) {
        if self.shown {
            // Back to the line start, erase to its end.
            let _ = write!(self.out, "\r\x1b[K");
            self.shown = false;
        }
    }

    fn draw(&mut self, last: Option<&Job>) {
        if !self.bar {
            return;
        }
        let filled = (self.done * BAR_CELLS)
            .checked_div(self.total)
            .unwrap_or(BAR_CELLS);
        let name = last
            .and_then(|j| j.input.file_name())
            .map(|n| truncate(&n.to_string_lossy(), NAME_COLUMNS))
            .unwrap_or_default();
        let _ = write!(
            self.out,
            "\r[{}{}] {}/{} {name}\x1b[K",
            "#".repeat(filled.min(BAR_CELLS)),
            "-".repeat(BAR_CELLS - filled.min(BAR_CELLS)),
            self.done,
            self.total
        );
        let _ = self.out.flush();
        self.shown = true;
    }
}

/// `text` cut to `columns` display columns (a CJK character takes two).
fn truncate(text: &str, columns: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let width = if c.is_ascii() { 1 } else { 2 };
        if used + width > columns {
            out.push('…');
            break;
        }
        used += width;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;
    use crate::diag::{Diagnostic, Error};

    fn job(name: &str) -> Job {
        Job {
            input: PathBuf::from(format!("{name}.md")),
            output: PathBuf::from(format!("{name}.pdf")),
        }
    }

    fn summary() -> Summary {
        Summary {
            written: 1,
            failed: 1,
            elapsed: Duration::from_millis(1240),
            status: 1,
        }
    }

    #[test]
    fn without_a_terminal_only_messages_and_the_summary_are_written() {
        let mut out = Vec::new();
        let mut progress = Progress::new(&mut out, 2, false);
        progress.record(&job("好"), &Outcome::Written { warnings: vec![] });
        let error = Error::single(Diagnostic::file_error(&PathBuf::from("坏.md"), "出错了"));
        progress.record(&job("坏"), &Outcome::Failed { error, status: 1 });
        progress.finish(&summary());
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "坏.md: 错误：出错了\n未生成 坏.pdf\n已生成 1 份，失败 1 份，用时 1.2 秒\n"
        );
    }

    #[test]
    fn on_a_terminal_the_bar_is_drawn_and_cleared_before_messages() {
        let mut out = Vec::new();
        let mut progress = Progress::new(&mut out, 2, true);
        progress.record(&job("甲"), &Outcome::Written { warnings: vec![] });
        progress.note("提示");
        progress.finish(&summary());
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("\r[############------------] 1/2 甲.md\x1b[K"),
            "{text:?}"
        );
        // The note and the summary start on a cleared line.
        assert!(text.contains("\r\x1b[K提示\n"), "{text:?}");
        assert!(
            text.ends_with("\r\x1b[K已生成 1 份，失败 1 份，用时 1.2 秒\n"),
            "{text:?}"
        );
    }

    #[test]
    fn long_names_are_cut_by_display_width() {
        assert_eq!(truncate("通知通知通知", 5), "通知…");
        assert_eq!(truncate("abc", 5), "abc");
    }
}

//! From what the user typed (files, folders, glob patterns) to the list of
//! documents to render and where each PDF goes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error};
use crate::output;

/// One document of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The source file.
    pub input: PathBuf,
    /// Where its PDF goes.
    pub output: PathBuf,
}

/// What a batch will do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// In the order found: inputs as given, a folder's files sorted by path.
    pub jobs: Vec<Job>,
    /// Files found in a folder or by a pattern that another document binds
    /// as an attachment (`附件: {文件: …}`): printed with that document,
    /// not rendered on their own.
    pub skipped: Vec<PathBuf>,
    /// Warnings about the inputs (a pattern that matched nothing).
    pub notes: Vec<Diagnostic>,
}

/// A file to render, with the folder its output path mirrors from.
struct Found {
    input: PathBuf,
    /// The folder or pattern root it was found under; `None` when the user
    /// named the file itself.
    base: Option<PathBuf>,
}

/// Expand `inputs` into jobs. A folder is searched (recursively) for `*.md`
/// files, skipping hidden entries; a path that does not exist but has `*`,
/// `?` or `[` in it is a glob pattern, expanded here for shells that did
/// not. With `out_dir`, PDFs go there, mirroring each file's path below the
/// folder (or the pattern's fixed leading part) it was found in; without it
/// each PDF goes next to its source.
pub fn plan(inputs: &[PathBuf], out_dir: Option<&Path>) -> Result<Plan, Error> {
    let mut found = Vec::new();
    let mut plan = Plan::default();
    for input in inputs {
        if input.is_dir() {
            walk(input, input, &mut found);
        } else if is_glob(input) {
            expand(input, &mut found, &mut plan.notes)?;
        } else {
            // A missing file is reported when it is read, as for one input.
            found.push(Found {
                input: input.clone(),
                base: None,
            });
        }
    }
    let found = dedup(found);
    let bound = bound_attachments(&found);
    let mut outputs: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for file in found {
        if file.base.is_some() && bound.contains(&identity(&file.input)) {
            plan.skipped.push(file.input);
            continue;
        }
        let output = output_path(&file, out_dir);
        if let Some(first) = outputs.get(&output) {
            return Err(Error::single(
                Diagnostic::file_error(
                    &output,
                    format!(
                        "`{}` 与 `{}` 的输出文件相同",
                        first.display(),
                        file.input.display()
                    ),
                )
                .with_help("分两次排版，或不用 --out-dir，让 PDF 写在各自的源文件旁"),
            ));
        }
        outputs.insert(output.clone(), file.input.clone());
        plan.jobs.push(Job {
            input: file.input,
            output,
        });
    }
    if plan.jobs.is_empty() && plan.skipped.is_empty() {
        return Err(Error::single(
            Diagnostic::file_error(Path::new(""), "没有找到要排版的 .md 文件")
                .with_help("给出 .md 文件、含有 .md 文件的目录，或如 `公文/*.md` 的通配符"),
        ));
    }
    Ok(plan)
}

/// Whether an input is a glob pattern the shell left unexpanded (a file
/// whose name really has a `*` in it is a file).
pub(super) fn is_glob(path: &Path) -> bool {
    !path.exists() && is_pattern(path)
}

/// Whether a path has glob characters.
fn is_pattern(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '['])
}

/// A source file by its extension.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Every Markdown file below `dir`, sorted, skipping hidden entries. Linked
/// folders are not followed (they could loop); linked files are.
fn walk(dir: &Path, base: &Path, found: &mut Vec<Found>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<(PathBuf, bool)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !is_hidden(&e.path()))
        .map(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            (e.path(), is_dir)
        })
        .collect();
    paths.sort();
    for (path, is_dir) in paths {
        if is_dir {
            walk(&path, base, found);
        } else if is_markdown(&path) && path.is_file() {
            found.push(Found {
                input: path,
                base: Some(base.to_path_buf()),
            });
        }
    }
}

/// The files `pattern` matches (folders it matches are searched like a
/// folder input); its fixed leading part is the base for `--out-dir`.
fn expand(
    pattern: &Path,
    found: &mut Vec<Found>,
    notes: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let text = pattern.to_string_lossy();
    let paths = glob::glob(&text).map_err(|e| {
        Error::single(
            Diagnostic::file_error(pattern, format!("通配符写法有误：{}", e.msg)).with_help(
                "`*` 匹配任意多个字符，`?` 匹配一个，`**` 匹配任意层目录，`[abc]` 匹配其中之一",
            ),
        )
    })?;
    let base: PathBuf = pattern
        .components()
        .take_while(|c| !is_pattern(Path::new(c.as_os_str())))
        .collect();
    let before = found.len();
    for path in paths.filter_map(|p| p.ok()) {
        if is_hidden(&path) {
            continue;
        }
        if path.is_dir() {
            walk(&path, &base, found);
        } else if is_markdown(&path) {
            found.push(Found {
                input: path,
                base: Some(base.clone()),
            });
        }
    }
    if found.len() == before {
        notes.push(
            Diagnostic::file_error(pattern, "没有与此通配符匹配的 .md 文件")
                .warning()
                .with_help("检查目录和文件名；通配符只匹配 .md 文件"),
        );
    }
    Ok(())
}

/// The same file named twice (as a file and inside a folder, say) is
/// rendered once, where it was first named.
fn dedup(found: Vec<Found>) -> Vec<Found> {
    let mut seen = BTreeSet::new();
    found
        .into_iter()
        .filter(|f| seen.insert(identity(&f.input)))
        .collect()
}

/// A path as the file system knows it, for comparisons.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The attachment files the documents bind (`附件: {文件: …}`), canonical.
fn bound_attachments(found: &[Found]) -> BTreeSet<PathBuf> {
    let mut bound = BTreeSet::new();
    for file in found {
        let Ok(text) = output::read_source(&file.input) else {
            continue;
        };
        let meta = crate::source::front_matter(&file.input, &text);
        let dir = file.input.parent().unwrap_or(Path::new(""));
        for item in &meta.attachments {
            if let Some(named) = &item.file {
                bound.insert(identity(&dir.join(&named.value)));
            }
        }
    }
    bound
}

/// Where the PDF of `file` goes.
fn output_path(file: &Found, out_dir: Option<&Path>) -> PathBuf {
    let Some(out_dir) = out_dir else {
        return output::default_output(&file.input);
    };
    let relative = match &file.base {
        Some(base) => file.input.strip_prefix(base).unwrap_or(&file.input),
        None => file
            .input
            .file_name()
            .map_or(&file.input as &Path, Path::new),
    };
    // A path that does not lie under its base (cannot happen for what was
    // found there) keeps only its name, so nothing is written outside.
    let relative = if relative.is_absolute() || relative.components().count() == 0 {
        file.input
            .file_name()
            .map_or(Path::new("document"), Path::new)
    } else {
        relative
    };
    out_dir.join(relative).with_extension("pdf")
}

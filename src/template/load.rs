//! Reading profiles: built-in or user files, `extends:` chains, merging, and
//! choosing the profile of a document.

use std::path::{Path, PathBuf};

use crate::access::Access;
use crate::diag::{Diagnostic, Error, line_text};
use crate::model::{Format, Meta, SourcePos};
use crate::source::suggest;
use crate::source::yaml::{self, Kind, Value};

use super::Profile;
use super::departures;
use super::keys::{self, Field};

/// A profile compiled into the binary from `templates/`.
#[derive(Debug)]
pub struct Builtin {
    /// The name `模板:`, `--template` and `extends:` use (the file stem).
    pub name: &'static str,
    /// The English name, accepted as well.
    pub english: &'static str,
    /// The 版式 whose default profile this is.
    pub format: Format,
    /// The YAML text, as `gongwen templates show` prints it.
    pub text: &'static str,
}

/// The built-in profiles, all of them GB/T 9704-2012 exactly.
pub const BUILTINS: [Builtin; 5] = [
    Builtin {
        name: "文件",
        english: "file",
        format: Format::File,
        text: include_str!("../../templates/文件.yaml"),
    },
    Builtin {
        name: "信函",
        english: "letter",
        format: Format::Letter,
        text: include_str!("../../templates/信函.yaml"),
    },
    Builtin {
        name: "命令",
        english: "order",
        format: Format::Order,
        text: include_str!("../../templates/命令.yaml"),
    },
    Builtin {
        name: "纪要",
        english: "minutes",
        format: Format::Minutes,
        text: include_str!("../../templates/纪要.yaml"),
    },
    Builtin {
        name: "无版头",
        english: "plain",
        format: Format::Plain,
        text: include_str!("../../templates/无版头.yaml"),
    },
];

/// The built-in profile of that name (Chinese, or English in any case).
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    let name = name.trim();
    BUILTINS
        .iter()
        .find(|b| b.name == name || b.english.eq_ignore_ascii_case(name))
}

fn builtin_of(format: Format) -> &'static Builtin {
    BUILTINS
        .iter()
        .find(|b| b.format == format)
        .unwrap_or(&BUILTINS[0])
}

impl Builtin {
    /// The one-line `说明` of the profile.
    pub fn description(&self) -> String {
        let Ok(root) = yaml::parse_as(self.text, 1, "模板") else {
            return String::new();
        };
        let Kind::Map(entries) = root.kind else {
            return String::new();
        };
        entries
            .iter()
            .find_map(|(k, v)| match (&k.kind, &v.kind) {
                (Kind::Scalar { text: key, .. }, Kind::Scalar { text, .. })
                    if DESCRIPTION.contains(&key.as_str()) =>
                {
                    Some(text.clone())
                }
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// `gongwen templates`: the built-in profiles, one a line, and how to use
/// one of one's own.
pub fn listing() -> String {
    let mut out = String::from("内置模板（均严格符合 GB/T 9704-2012）：\n");
    for b in &BUILTINS {
        let default = if b.format == Format::default() {
            "（默认）"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {}{:<9}{}{default}\n",
            pad(b.name, 8),
            b.english,
            b.description()
        ));
    }
    out.push_str(
        "\n文档按 `版式` 使用同名模板（未写版式时为「文件」）。\n\
         `gongwen templates show 名称` 输出模板全文，可复制后修改；\
         自己的模板用 `extends: 文件` 继承内置模板，只写要改的项。\n\
         使用：前置元数据写 `模板: 路径`（相对于源文件），或 `gongwen render --template 路径`（优先）。\n",
    );
    out
}

/// `gongwen templates show NAME`: the YAML text of a built-in profile.
pub fn show(name: &str) -> Result<&'static str, Error> {
    if let Some(b) = builtin(name) {
        return Ok(b.text);
    }
    let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
    let help = match suggest(name.trim(), &names) {
        Some(s) => format!("你是不是想写 `{s}`？"),
        None => format!("内置模板有：{}", names.join("、")),
    };
    let message = format!("没有名为「{}」的内置模板", name.trim());
    Err(Diagnostic::file_error(Path::new(""), message)
        .with_help(help)
        .into())
}

/// `text` padded with spaces to `columns` terminal columns (a Chinese
/// character takes two), so that the listing's columns line up.
fn pad(text: &str, columns: usize) -> String {
    let width: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(columns.saturating_sub(width)))
}

/// A profile given from outside the document (`--template`), which wins
/// over the document's own `模板`.
#[derive(Debug, Clone)]
pub struct Chosen {
    /// A built-in name or a path.
    pub spec: String,
    /// What a relative path is relative to (the working folder).
    pub base_dir: PathBuf,
}

/// A profile ready for layout, with the warnings it earns.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub profile: Profile,
    /// One warning per departure from GB/T 9704, at the key that makes it.
    pub warnings: Vec<Diagnostic>,
}

/// The profile of a document: `chosen` if given, else its `模板` (a path
/// relative to the source file, or a built-in name), else the built-in
/// profile of its 版式. A profile without `extends:` builds on that
/// built-in as well. The files of `模板` and of its `extends:` chain must be
/// ones `access` lets the document read; `chosen` (`--template`) may be
/// anywhere.
pub fn for_document(
    file: &Path,
    text: &str,
    meta: &Meta,
    chosen: Option<&Chosen>,
    access: &Access,
) -> Result<Loaded, Error> {
    let format = meta.format.value;
    if let Some(chosen) = chosen {
        return load(&chosen.spec, &chosen.base_dir, format);
    }
    let Some(template) = &meta.template else {
        return finish(Loader::new(format).builtin(builtin_of(format))?);
    };
    let base = file.parent().unwrap_or(Path::new(""));
    let named = Place {
        file,
        text,
        pos: template.pos,
    };
    let mut loader = Loader::new(format);
    loader.access = access.clone();
    let layered = loader.named(&template.value, base, Some(named))?;
    finish(layered)
}

/// Loads the profile `spec` (a built-in name, or a path relative to
/// `base_dir`); a profile without `extends:` builds on the built-in profile
/// of `format`.
pub fn load(spec: &str, base_dir: &Path, format: Format) -> Result<Loaded, Error> {
    finish(Loader::new(format).named(spec, base_dir, None)?)
}

fn finish(layered: Layered) -> Result<Loaded, Error> {
    let errors = departures::validate(&layered);
    if !errors.is_empty() {
        return Err(Error {
            diagnostics: errors,
        });
    }
    Ok(Loaded {
        warnings: departures::check(&layered),
        profile: layered.profile,
    })
}

/// Where a key was written, for the warnings about its value.
#[derive(Debug, Clone)]
pub(super) struct Site {
    pub file: PathBuf,
    pub pos: SourcePos,
    pub line: Option<String>,
}

/// A profile with the place each field was last set.
#[derive(Debug, Clone)]
pub(super) struct Layered {
    pub profile: Profile,
    /// In the order applied: later entries override earlier ones.
    pub sites: Vec<(Field, Site)>,
}

impl Layered {
    /// Where `field` was last set.
    pub fn site(&self, field: Field) -> Option<&Site> {
        self.sites
            .iter()
            .rev()
            .find(|(f, _)| *f == field)
            .map(|(_, s)| s)
    }

    /// Of `fields`, the one set last, with its site.
    pub fn latest(&self, fields: &[Field]) -> Option<(Field, &Site)> {
        self.sites
            .iter()
            .rev()
            .find(|(f, _)| fields.contains(f))
            .map(|(f, s)| (*f, s))
    }
}

/// The keys of a profile that are not fields.
const EXTENDS: [&str; 2] = ["继承", "extends"];
const DESCRIPTION: [&str; 2] = ["说明", "description"];

/// A file bigger than this is no profile; refusing it keeps a CI job that
/// renders untrusted input from reading a huge file.
const MAX_BYTES: u64 = 1024 * 1024;

/// How deep `extends:` may go.
const MAX_DEPTH: usize = 16;

/// Where a profile was named, for "cannot find it" messages.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    file: &'a Path,
    text: &'a str,
    pos: SourcePos,
}

impl Place<'_> {
    fn error(&self, message: String, help: String) -> Diagnostic {
        Diagnostic::error(self.file, self.text, self.pos, message).with_help(help)
    }
}

#[derive(Debug, Clone)]
enum Source {
    Builtin(&'static Builtin),
    File(PathBuf),
}

impl Source {
    /// What the message about a cycle calls it, and how cycles are told.
    fn identity(&self) -> String {
        match self {
            Source::Builtin(b) => format!("内置模板「{}」", b.name),
            Source::File(path) => std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
        }
    }
}

/// Follows one `extends:` chain.
struct Loader {
    /// The document's 版式: a user profile without `extends:` builds on it.
    format: Format,
    /// The profiles being loaded, outermost first (identity, shown name).
    stack: Vec<(String, String)>,
    /// Which profile files may be read.
    access: Access,
}

impl Loader {
    fn new(format: Format) -> Loader {
        Loader {
            format,
            stack: Vec::new(),
            access: Access::anywhere(),
        }
    }

    /// Resolves `spec` relative to `base_dir` and loads it; `named` is where
    /// it was written, if in a file.
    fn named(
        &mut self,
        spec: &str,
        base_dir: &Path,
        named: Option<Place<'_>>,
    ) -> Result<Layered, Error> {
        let fail = |message: String, help: String| -> Error {
            match named {
                Some(place) => place.error(message, help),
                None => Diagnostic::file_error(Path::new(""), message).with_help(help),
            }
            .into()
        };
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(fail(
                "模板名称为空".into(),
                "写内置模板名称（如 `文件`）或模板文件的路径".into(),
            ));
        }
        let outside = |path: &Path| {
            self.access
                .check(path, Path::new(spec))
                .map_err(|o| fail(o.message, o.help))
        };
        if builtin(spec).is_none() {
            // Judged before looking, so that the answer does not tell
            // whether a file outside exists.
            outside(&base_dir.join(spec))?;
        }
        let Some(source) = resolve(spec, base_dir) else {
            let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
            let relative_to = if named.is_some() {
                "写它的文件"
            } else {
                "当前工作目录"
            };
            let help = match suggest(spec, &names) {
                Some(s) => format!("你是不是想写内置模板 `{s}`？"),
                None => format!(
                    "内置模板有：{}（`gongwen templates` 列出）；路径相对于{relative_to}所在的文件夹",
                    names.join("、"),
                ),
            };
            let tried = base_dir.join(spec);
            let message = format!(
                "找不到模板「{spec}」：它不是内置模板，也没有文件 {}",
                tried.display()
            );
            return Err(fail(message, help));
        };
        let identity = source.identity();
        if let Some(first) = self.stack.iter().position(|(id, _)| *id == identity) {
            let mut names: Vec<&str> = self
                .stack
                .iter()
                .skip(first)
                .map(|(_, n)| n.as_str())
                .collect();
            names.push(self.stack.get(first).map_or("", |(_, n)| n.as_str()));
            let message = format!("模板的继承形成了循环：{}", names.join(" → "));
            let help = "去掉其中一个 `extends`，让继承链终止于内置模板（如 `文件`）";
            return Err(fail(message, help.into()));
        }
        if self.stack.len() >= MAX_DEPTH {
            let message = format!("模板的继承层次太深（超过 {MAX_DEPTH} 层）");
            return Err(fail(
                message,
                "让模板直接继承内置模板（如 `extends: 文件`）".into(),
            ));
        }
        match source {
            Source::Builtin(b) => self.builtin(b),
            Source::File(path) => {
                outside(&path)?;
                let text = read(&path).map_err(|message| {
                    fail(
                        message,
                        "检查路径和文件权限；模板文件应为 UTF-8 编码的 YAML".into(),
                    )
                })?;
                self.layer(Source::File(path.clone()), &path, &text)
            }
        }
    }

    /// Loads a built-in profile; messages show it as `templates/名称.yaml`.
    fn builtin(&mut self, b: &'static Builtin) -> Result<Layered, Error> {
        let shown = PathBuf::from(format!("templates/{}.yaml", b.name));
        self.layer(Source::Builtin(b), &shown, b.text)
    }

    /// One profile file: its base, then its own keys on top.
    fn layer(&mut self, source: Source, shown: &Path, text: &str) -> Result<Layered, Error> {
        let mut errors = Vec::new();
        let error = |pos: SourcePos, message: String, help: String| {
            Diagnostic::error(shown, text, pos, message).with_help(help)
        };
        let root = yaml::parse_as(text, 1, "模板").map_err(|e| {
            let help = "检查缩进（只用空格）和冒号后的空格；值以 `#` `[` `{` 开头时请加引号";
            error(e.pos, e.message, help.into())
        })?;
        let entries: &[(Value, Value)] = match &root.kind {
            Kind::Null => &[],
            Kind::Map(entries) => entries,
            other => {
                let message = format!("模板应为「键: 值」形式的映射，这里是{}", other.describe());
                let help = "每行写一个「键: 值」，如 `天头: 37mm`";
                return Err(error(root.pos, message, help.into()).into());
            }
        };

        let mut extends: Option<&Value> = None;
        let mut fields: Vec<(Field, &str, &Value, SourcePos)> = Vec::new();
        let mut seen: Vec<(&str, &str, SourcePos)> = Vec::new();
        for (key, value) in entries {
            let Kind::Scalar { text: name, .. } = &key.kind else {
                let message = format!("模板的键应为文字，这里是{}", key.kind.describe());
                errors.push(error(key.pos, message, "每行写一个「键: 值」".into()));
                continue;
            };
            let name = name.as_str();
            // The Chinese key identifies the entry, whichever spelling is used.
            let canonical = if EXTENDS.contains(&name) {
                EXTENDS[0]
            } else if DESCRIPTION.contains(&name) {
                DESCRIPTION[0]
            } else if let Some(field) = keys::lookup(name) {
                keys::chinese(field)
            } else {
                errors.push(unknown_key(shown, text, name, key.pos));
                continue;
            };
            if let Some((_, first, at)) = seen.iter().find(|(c, _, _)| *c == canonical) {
                let message = format!("重复的键 `{name}`：第 {} 行已经写过 `{first}`", at.line);
                let help = "同一个键（中文或英文写法）只能写一次，删掉其中一个".into();
                errors.push(error(key.pos, message, help));
                continue;
            }
            seen.push((canonical, name, key.pos));
            if canonical == EXTENDS[0] {
                extends = Some(value);
            } else if canonical == DESCRIPTION[0] {
                if !matches!(value.kind, Kind::Scalar { .. } | Kind::Null) {
                    let message = format!("`{name}` 应为一行文字，这里是{}", value.kind.describe());
                    errors.push(error(
                        value.pos,
                        message,
                        "写成 `说明: 本单位的公文模板`".into(),
                    ));
                }
            } else if let Some(field) = keys::lookup(name) {
                fields.push((field, name, value, key.pos));
            }
        }

        let shown_name = shown.display().to_string();
        self.stack.push((source.identity(), shown_name));
        let base = match (extends, &source) {
            (Some(value), _) => match &value.kind {
                Kind::Scalar { text: spec, .. } => {
                    let dir = match &source {
                        Source::File(path) => path.parent().unwrap_or(Path::new("")),
                        Source::Builtin(_) => Path::new(""),
                    };
                    let place = Place {
                        file: shown,
                        text,
                        pos: value.pos,
                    };
                    self.named(spec, dir, Some(place))
                }
                other => {
                    let message =
                        format!("`extends` 应为模板名称或路径，这里是{}", other.describe());
                    Err(error(
                        value.pos,
                        message,
                        "写成 `extends: 文件` 或 `extends: 本局.yaml`".into(),
                    )
                    .into())
                }
            },
            // The root of every chain: 文件.yaml spells out every value.
            (None, Source::Builtin(_)) => Ok(Layered {
                profile: Profile::default(),
                sites: Vec::new(),
            }),
            (None, Source::File(_)) => self.builtin(builtin_of(self.format)),
        };
        self.stack.pop();
        let mut layered = match base {
            Ok(layered) => Some(layered),
            Err(e) => {
                errors.extend(e.diagnostics);
                None
            }
        };

        for (field, name, value, key_pos) in fields {
            let Some(layered) = layered.as_mut() else {
                break;
            };
            match keys::apply(&mut layered.profile, field, name, value) {
                Ok(()) => layered.sites.push((
                    field,
                    Site {
                        file: shown.to_path_buf(),
                        pos: key_pos,
                        line: line_text(text, key_pos.line),
                    },
                )),
                Err(bad) => errors.push(error(bad.pos, bad.message, bad.help)),
            }
        }
        match layered {
            Some(layered) if errors.is_empty() => Ok(layered),
            _ => Err(Error {
                diagnostics: errors,
            }),
        }
    }
}

/// A built-in name, or a file: `spec` as given, or with `.yaml` added.
fn resolve(spec: &str, base_dir: &Path) -> Option<Source> {
    if let Some(b) = builtin(spec) {
        return Some(Source::Builtin(b));
    }
    let path = base_dir.join(spec);
    if path.is_file() {
        return Some(Source::File(path));
    }
    if path.extension().is_none() {
        for ext in ["yaml", "yml"] {
            let with = path.with_extension(ext);
            if with.is_file() {
                return Some(Source::File(with));
            }
        }
    }
    None
}

/// The text of a profile file.
fn read(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("无法读取模板文件 {shown}：{e}"))?;
    if meta.len() > MAX_BYTES {
        return Err(format!("模板文件 {shown} 太大（超过 1 MB），不像是模板"));
    }
    let bytes = crate::resources::read_limited(path, MAX_BYTES)
        .map_err(|e| format!("无法读取模板文件 {shown}：{e}"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("模板文件 {shown} 不是 UTF-8 编码的文本"))?;
    // A BOM (editors on Windows add one) is not part of the first key.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn unknown_key(file: &Path, text: &str, name: &str, pos: SourcePos) -> Diagnostic {
    let known: Vec<&str> = keys::FIELDS
        .iter()
        .flat_map(|(_, zh, en)| [*zh, *en])
        .chain(EXTENDS)
        .chain(DESCRIPTION)
        .collect();
    let help = match suggest(name, &known) {
        Some(s) => format!("你是不是想写 `{s}`？"),
        None => "`gongwen templates show 文件` 列出全部可用的键".to_string(),
    };
    Diagnostic::error(file, text, pos, format!("未知的模板键 `{name}`")).with_help(help)
}

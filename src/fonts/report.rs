//! `gongwen fonts [DOC]`: which face each role uses and where it lives, and
//! for a document the characters that no installed face can draw.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::path::PathBuf;

use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

use super::{CandidateList, FontBook, INSTALL_HINT, Measurer, Role};
use crate::diag::Diagnostic;
use crate::model::SourcePos;

/// One installed face of a role.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceEntry {
    /// The family as the candidate list names it (`Noto Serif CJK SC 粗体`).
    pub family: String,
    /// The face's own style name (name table: subfamily), e.g. `Bold`.
    pub style: String,
    /// Face index in a `.ttc` collection (0 for a single font).
    pub index: u32,
    pub path: PathBuf,
}

/// The faces of one role, best first; empty when none is installed.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleEntry {
    pub role: Role,
    pub faces: Vec<FaceEntry>,
    /// The first face is an open substitute (`替代`), not an office face.
    pub substituted: bool,
    /// The candidates of the role, for the "not found" line.
    pub candidates: Vec<String>,
}

/// Every role and its faces, as `gongwen fonts` prints them.
#[derive(Debug, Clone, PartialEq)]
pub struct FontReport {
    pub roles: Vec<RoleEntry>,
}

impl FontReport {
    pub fn new(book: &FontBook, candidates: &CandidateList) -> FontReport {
        let roles = Role::ALL
            .into_iter()
            .map(|role| {
                let faces = book
                    .role(role)
                    .faces
                    .iter()
                    .map(|&id| {
                        let face = book.face(id);
                        FaceEntry {
                            family: face.family.clone(),
                            style: style_name(face.data.as_ref().as_ref(), face.index),
                            index: face.index,
                            path: face.path.clone(),
                        }
                    })
                    .collect();
                RoleEntry {
                    role,
                    faces,
                    substituted: book.role(role).substituted,
                    candidates: candidates
                        .for_role(role)
                        .map(|(c, _)| c.family.clone())
                        .collect(),
                }
            })
            .collect();
        FontReport { roles }
    }

    /// Roles without any installed face (a render cannot start without
    /// the CJK ones; 西文 falls back to the CJK faces).
    pub fn missing(&self) -> impl Iterator<Item = Role> + '_ {
        self.roles
            .iter()
            .filter(|r| r.faces.is_empty())
            .map(|r| r.role)
    }
}

impl fmt::Display for FontReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in &self.roles {
            let Some((first, rest)) = entry.faces.split_first() else {
                writeln!(
                    f,
                    "{}：未找到（候选 {} 均未安装）",
                    entry.role.name(),
                    entry.candidates.join("、")
                )?;
                writeln!(f, "  提示：{INSTALL_HINT}")?;
                continue;
            };
            let kind = if entry.substituted {
                "（替代字体）"
            } else {
                ""
            };
            writeln!(f, "{}：{}{kind}", entry.role.name(), describe(first))?;
            for face in rest {
                writeln!(f, "  缺字时依次取自：{}", describe(face))?;
            }
        }
        Ok(())
    }
}

fn describe(face: &FaceEntry) -> String {
    format!(
        "{}，{}，索引 {}，{}",
        face.family,
        face.style,
        face.index,
        face.path.display()
    )
}

/// The face's style from its name table (`Regular`, `Bold` …).
fn style_name(data: &[u8], index: u32) -> String {
    FontRef::from_index(data, index)
        .ok()
        .and_then(|font| {
            let names = font.localized_strings(StringId::TYPOGRAPHIC_SUBFAMILY_NAME);
            let name = names.english_or_first().or_else(|| {
                font.localized_strings(StringId::SUBFAMILY_NAME)
                    .english_or_first()
            })?;
            Some(name.to_string())
        })
        .unwrap_or_else(|| "?".to_string())
}

/// A character of a document that no installed face can draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undrawable {
    pub ch: char,
    /// Its first occurrence (line and column counted in characters, from 1).
    pub pos: SourcePos,
    /// How often it occurs.
    pub count: usize,
}

impl Undrawable {
    /// The character as a diagnostic at its first occurrence in `file`.
    pub fn diagnostic(&self, file: &Path, text: &str) -> Diagnostic {
        let times = if self.count > 1 {
            format!("，共 {} 处", self.count)
        } else {
            String::new()
        };
        Diagnostic::error(
            file,
            text,
            self.pos,
            format!(
                "字符「{}」（U+{:04X}）没有任何已安装的字体能显示{times}",
                self.ch, self.ch as u32
            ),
        )
        .with_help("安装含该字的字体，用 --font-dir 指定其目录；或改用常用字")
    }
}

/// The characters of `text` that no face of `book` (of any role) has, in
/// order of first occurrence. Every character counts — front matter,
/// Markdown and comments alike — except spaces, line breaks and other
/// control characters, which are never drawn.
pub fn undrawable(book: &FontBook, text: &str) -> Vec<Undrawable> {
    let measurer = Measurer::new(book);
    let faces: Vec<_> = book.faces().map(|(id, _)| id).collect();
    let drawable = |ch: char| faces.iter().any(|&id| measurer.glyph_in(id, ch).is_some());
    let mut found: Vec<Undrawable> = Vec::new();
    let mut fine: HashSet<char> = HashSet::new();
    for (line_index, line) in text.lines().enumerate() {
        for (column_index, ch) in line.chars().enumerate() {
            if ch.is_whitespace() || ch.is_control() || ch == '\u{FEFF}' || fine.contains(&ch) {
                continue;
            }
            if let Some(known) = found.iter_mut().find(|u| u.ch == ch) {
                known.count += 1;
                continue;
            }
            if drawable(ch) {
                fine.insert(ch);
            } else {
                found.push(Undrawable {
                    ch,
                    pos: SourcePos {
                        line: line_index as u32 + 1,
                        column: column_index as u32 + 1,
                    },
                    count: 1,
                });
            }
        }
    }
    found
}

//! Fonts: role → face resolution, discovery, per-glyph fallback, metrics.
//!
//! Fonts are resolved once, before layout, into a [`FontBook`]: for every
//! [`Role`] an ordered list of installed faces. Layout measures with a
//! [`Measurer`]; export embeds the faces (subset) from the same mapped bytes.

mod cache;
mod candidates;
mod measure;
mod report;

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use candidates::{Candidate, CandidateList};
pub use measure::{GlyphInfo, Measurer};
pub use report::{FontReport, Undrawable, undrawable};

use crate::diag::{Diagnostic, Error};

/// A font role of GB/T 9704 §4: which kind of face an element asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 小标宋: title, issuer mark.
    XiaoBiaoSong,
    /// 仿宋: body text and most elements.
    FangSong,
    /// 黑体: level-1 headings, 密级, 紧急程度, `**strong**`.
    HeiTi,
    /// 楷体: level-2 headings, 签发人 names, `*emphasis*`.
    KaiTi,
    /// 宋体: page numbers.
    SongTi,
    /// 西文: ASCII digits and Latin letters (Times New Roman or its twin).
    Latin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::XiaoBiaoSong,
        Role::FangSong,
        Role::HeiTi,
        Role::KaiTi,
        Role::SongTi,
        Role::Latin,
    ];

    /// The role's name as `fonts/candidates.yaml` and messages write it.
    pub fn name(self) -> &'static str {
        match self {
            Role::XiaoBiaoSong => "小标宋",
            Role::FangSong => "仿宋",
            Role::HeiTi => "黑体",
            Role::KaiTi => "楷体",
            Role::SongTi => "宋体",
            Role::Latin => "西文",
        }
    }
}

/// Index of a face in a [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

/// The bytes of a font file, mapped once and shared by every face in it.
pub type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// One installed face (a file and, for collections, an index in it).
pub struct Face {
    /// The family name as it was asked for.
    pub family: String,
    pub path: PathBuf,
    /// Face index within a `.ttc` collection.
    pub index: u32,
    pub data: FontData,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("path", &self.path)
            .field("index", &self.index)
            .finish()
    }
}

/// The faces found for one role, best first.
#[derive(Debug, Clone, Default)]
pub struct RoleFaces {
    pub faces: Vec<FaceId>,
    /// True when the first face is a `替代` (open substitute) face.
    pub substituted: bool,
}

/// Where to look for fonts, in priority order.
#[derive(Debug, Clone, Default)]
pub struct FontSearch {
    /// `--font-dir` folders.
    pub font_dirs: Vec<PathBuf>,
    /// Whether to read `GONGWEN_FONT_PATH` (colon-separated folders).
    pub use_env: bool,
    /// The project's `fonts/` folder, when present.
    pub project_dir: Option<PathBuf>,
    /// Whether to scan the system font folders.
    pub system: bool,
    /// The discovery cache file (see `fonts::cache`); `None` reads every
    /// font file of the folders.
    pub cache: Option<PathBuf>,
}

impl FontSearch {
    /// The usual order: `--font-dir`, `GONGWEN_FONT_PATH`, `./fonts`, system.
    pub fn standard(font_dirs: Vec<PathBuf>) -> Self {
        FontSearch {
            font_dirs,
            use_env: true,
            project_dir: Some(PathBuf::from("fonts")),
            system: true,
            cache: cache::location(),
        }
    }

    fn folders(&self) -> Vec<PathBuf> {
        let mut dirs = self.font_dirs.clone();
        if self.use_env
            && let Some(paths) = std::env::var_os("GONGWEN_FONT_PATH")
        {
            dirs.extend(std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()));
        }
        if let Some(dir) = &self.project_dir {
            dirs.push(dir.clone());
        }
        if self.system {
            dirs.extend(system_font_dirs());
        }
        dirs
    }
}

fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    dirs.push(PathBuf::from("/Library/Fonts"));
    dirs.push(PathBuf::from("/System/Library/Fonts"));
    dirs.push(PathBuf::from("C:\\Windows\\Fonts"));
    dirs
}

/// What to do when a role has no face.
pub const INSTALL_HINT: &str =
    "运行 fonts/install.sh 安装开源字体，或用 --font-dir / GONGWEN_FONT_PATH 指定字体所在目录";

/// Every face gongwen uses, by role. Built once; shared read-only.
pub struct FontBook {
    faces: Vec<Face>,
    roles: HashMap<Role, RoleFaces>,
    /// One line per substituted role, for the CLI to print on stderr.
    pub notices: Vec<String>,
}

impl FontBook {
    /// Find the faces of every role in the folders of `search`.
    pub fn load(search: &FontSearch) -> Result<FontBook, Error> {
        Self::load_with(search, &CandidateList::builtin())
    }

    /// As [`FontBook::load`], with an explicit candidate list.
    pub fn load_with(search: &FontSearch, candidates: &CandidateList) -> Result<FontBook, Error> {
        let (book, missing) = Self::discover(search, candidates)?;
        if missing.is_empty() {
            return Ok(book);
        }
        let diagnostics = missing
            .into_iter()
            .map(|role| {
                let names: Vec<&str> = candidates
                    .for_role(role)
                    .map(|(c, _)| c.family.as_str())
                    .collect();
                Diagnostic::file_error(
                    Path::new(""),
                    format!(
                        "找不到「{}」字体：候选字体 {} 均未安装",
                        role.name(),
                        names.join("、")
                    ),
                )
                .with_help(INSTALL_HINT)
            })
            .collect();
        Err(Error { diagnostics })
    }

    /// The faces found for every role, and the CJK roles that have none
    /// (`gongwen fonts` lists them; rendering refuses to start without them).
    /// Fails only when a font file cannot be read.
    pub fn discover(
        search: &FontSearch,
        candidates: &CandidateList,
    ) -> Result<(FontBook, Vec<Role>), Error> {
        let mut db = fontdb::Database::new();
        let mut order: Vec<PathBuf> = Vec::new();
        for dir in search.folders() {
            if dir.is_dir() {
                order.push(dir);
            }
        }
        cache::load_folders(&mut db, &order, search.cache.as_deref());
        let mut book = FontBook {
            faces: Vec::new(),
            roles: HashMap::new(),
            notices: Vec::new(),
        };
        let mut mapped: HashMap<PathBuf, FontData> = HashMap::new();
        let mut missing = Vec::new();
        for role in Role::ALL {
            let list = candidates.for_role(role);
            let mut found = RoleFaces::default();
            for (candidate, is_substitute) in list {
                let Some((path, index)) = find_face(&db, &order, candidate) else {
                    continue;
                };
                let id = book.intern(&mut mapped, &candidate.display_name(), path, index)?;
                if found.faces.is_empty() {
                    found.substituted = is_substitute;
                }
                if !found.faces.contains(&id) {
                    found.faces.push(id);
                }
            }
            if let (true, Some(first)) = (found.substituted, found.faces.first()) {
                let wanted: Vec<&str> = candidates
                    .preferred(role)
                    .iter()
                    .map(|c| c.family.as_str())
                    .collect();
                book.notices.push(format!(
                    "{}: 使用替代字体 {}（未找到 {}）",
                    role.name(),
                    book.face(*first).family,
                    wanted.join("、")
                ));
            }
            if found.faces.is_empty() && role != Role::Latin {
                missing.push(role);
            }
            book.roles.insert(role, found);
        }
        Ok((book, missing))
    }

    fn intern(
        &mut self,
        mapped: &mut HashMap<PathBuf, FontData>,
        family: &str,
        path: PathBuf,
        index: u32,
    ) -> Result<FaceId, Error> {
        if let Some(i) = self
            .faces
            .iter()
            .position(|f| f.path == path && f.index == index)
        {
            return Ok(FaceId(i as u16));
        }
        let data = match mapped.get(&path) {
            Some(data) => data.clone(),
            None => {
                let data = map_file(&path)?;
                mapped.insert(path.clone(), data.clone());
                data
            }
        };
        self.faces.push(Face {
            family: family.to_string(),
            path,
            index,
            data,
        });
        Ok(FaceId((self.faces.len() - 1) as u16))
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[usize::from(id.0)]
    }

    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FaceId(i as u16), f))
    }

    /// The faces of a role, best first (empty only for [`Role::Latin`]).
    pub fn role(&self, role: Role) -> &RoleFaces {
        static EMPTY: RoleFaces = RoleFaces {
            faces: Vec::new(),
            substituted: false,
        };
        self.roles.get(&role).unwrap_or(&EMPTY)
    }

    /// A measurer borrowing this book's font data.
    pub fn measurer(&self) -> Measurer<'_> {
        Measurer::new(self)
    }
}

fn map_file(path: &Path) -> Result<FontData, Error> {
    let fail = |e: std::io::Error| {
        Error::single(Diagnostic::file_error(
            path,
            format!("无法读取字体文件：{e}"),
        ))
    };
    let file = File::open(path).map_err(fail)?;
    // SAFETY: font files are opened read-only and not expected to change
    // while a render runs; a truncated file would fault, as with any mmap
    // user, which is why the data is parsed defensively by skrifa.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(fail)?;
    Ok(Arc::new(map))
}

/// The first face matching `candidate`, preferring earlier search folders.
fn find_face(
    db: &fontdb::Database,
    folders: &[PathBuf],
    candidate: &Candidate,
) -> Option<(PathBuf, u32)> {
    let wanted = candidate.family.to_lowercase();
    let mut best: Option<(usize, u16, PathBuf, u32)> = None;
    for face in db.faces() {
        let names_match = face
            .families
            .iter()
            .any(|(name, _)| name.to_lowercase() == wanted)
            || face.post_script_name.to_lowercase() == wanted;
        if !names_match {
            continue;
        }
        let path = match &face.source {
            fontdb::Source::File(path) => path.clone(),
            fontdb::Source::SharedFile(path, _) => path.clone(),
            fontdb::Source::Binary(_) => continue,
        };
        let folder = folders
            .iter()
            .position(|d| path.starts_with(d))
            .unwrap_or(usize::MAX);
        // Without a weight the regular face is meant; italics come last.
        let distance = face.weight.0.abs_diff(candidate.weight.unwrap_or(400))
            + if face.style == fontdb::Style::Normal {
                0
            } else {
                1000
            };
        let better = match &best {
            None => true,
            Some((f, d, p, i)) => (folder, distance, &path, face.index) < (*f, *d, p, *i),
        };
        if better {
            best = Some((folder, distance, path, face.index));
        }
    }
    // A named weight must exist: asking for a bold face must not silently
    // return the regular one (it is listed separately when acceptable).
    best.filter(|(_, distance, _, _)| candidate.weight.is_none() || *distance <= 100)
        .map(|(_, _, path, index)| (path, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_font_dir_env_project_then_system() {
        // The only test in this crate that reads GONGWEN_FONT_PATH.
        // SAFETY: no other thread of this test binary touches this variable.
        unsafe { std::env::set_var("GONGWEN_FONT_PATH", "/env/a:/env/b") };
        let search = FontSearch::standard(vec![PathBuf::from("/cli")]);
        let folders = search.folders();
        unsafe { std::env::remove_var("GONGWEN_FONT_PATH") };
        assert_eq!(folders[0], PathBuf::from("/cli"));
        assert_eq!(folders[1], PathBuf::from("/env/a"));
        assert_eq!(folders[2], PathBuf::from("/env/b"));
        assert_eq!(folders[3], PathBuf::from("fonts"));
        assert!(folders[4..].contains(&PathBuf::from("/usr/share/fonts")));
    }

    #[test]
    fn a_search_without_folders_finds_no_font() {
        let search = FontSearch {
            font_dirs: Vec::new(),
            use_env: false,
            project_dir: None,
            system: false,
            cache: None,
        };
        assert!(search.folders().is_empty());
        assert!(FontBook::load(&search).is_err());
    }
}

//! A cache of what the font folders hold, so that a run does not open every
//! installed font file to read its names.
//!
//! Reading the name tables of every face under the system folders costs a
//! CLI run more than the whole in-process render once a machine has a few
//! hundred font files (TeX Live links ~500 into `/usr/share/fonts`). The
//! folders are still walked on every run — a `stat` per file, cheap — and a
//! file is read only when its size or modification time differs from the
//! cached one, or it is new. A missing, unreadable or malformed cache is
//! simply rebuilt; the cache never changes which face a role gets, only how
//! fast it is found.
//!
//! Where: `GONGWEN_FONT_CACHE` (a file path; `off` or empty disables it),
//! else `$XDG_CACHE_HOME/gongwen/fonts-v1.tsv`, else
//! `$HOME/.cache/gongwen/fonts-v1.tsv`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use fontdb::{Database, FaceInfo, Language, Source, Stretch, Style, Weight};

/// First line of the cache file; a file without it is ignored.
const HEADER: &str = "gongwen-font-cache-v1";

/// The cache file to use, or `None` when caching is off.
pub(super) fn location() -> Option<PathBuf> {
    if let Some(value) = std::env::var_os("GONGWEN_FONT_CACHE") {
        if value.is_empty() || value == "off" {
            return None;
        }
        return Some(PathBuf::from(value));
    }
    let base = match std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".cache"),
    };
    Some(base.join("gongwen").join("fonts-v1.tsv"))
}

/// A font file as the walk finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    size: u64,
    mtime_ns: u128,
}

/// One face of a cached file.
#[derive(Debug, Clone)]
struct CachedFace {
    index: u32,
    families: Vec<String>,
    post_script_name: String,
    style: Style,
    weight: u16,
    stretch: u16,
    monospaced: bool,
}

/// What the cache file says: per file, its stamp and its faces (none for a
/// file that holds no readable face).
type Entries = HashMap<PathBuf, (Stamp, Vec<CachedFace>)>;

/// Load the faces of `folders` into `db`, in folder order, reading only the
/// files the cache at `cache` does not know as they are now; then update
/// the cache. With `cache` `None` every file is read.
pub(super) fn load_folders(db: &mut Database, folders: &[PathBuf], cache: Option<&Path>) {
    let known = cache.map(read).unwrap_or_default();
    let mut fresh: Entries = HashMap::new();
    let mut seen = HashSet::new();
    let mut changed = false;
    for folder in folders {
        let mut files = Vec::new();
        walk(folder, &mut seen, &mut files);
        for (path, stamp) in files {
            let faces = match known.get(&path) {
                Some((cached, faces)) if *cached == stamp => faces.clone(),
                _ => {
                    changed = true;
                    read_faces(&path)
                }
            };
            for face in &faces {
                db.push_face_info(face_info(&path, face));
            }
            fresh.insert(path, (stamp, faces));
        }
    }
    // Files gone since the cache was written make it stale too.
    changed |= known.keys().any(|path| !fresh.contains_key(path));
    if let (true, Some(cache)) = (changed, cache) {
        // A cache that cannot be written only costs the next run time.
        let _ = write(cache, &fresh);
    }
}

/// The font files below `dir` (as fontdb would load them: `.ttf` `.ttc`
/// `.otf` `.otc`, either case; symbolic links followed, each real file
/// once), in a stable order.
fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<(PathBuf, Stamp)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // The entry's type comes with the directory listing: plain files that
    // are not fonts (TeX Live's .pfb/.afm/.tfm…) are skipped without a stat.
    let mut entries: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .flatten()
        .map(|e| (e.path(), e.file_type().ok()))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        if kind.is_some_and(|k| k.is_file()) && !is_font_file(&path) {
            continue;
        }
        // A folder is entered without a stat; a link is followed to what it
        // names.
        if kind.is_some_and(|k| k.is_dir()) {
            if seen.insert(path.clone()) {
                walk(&path, seen, out);
            }
            continue;
        }
        let Ok(link) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let (path, meta) = if link.file_type().is_symlink() {
            let Some(real) = resolve(&path) else {
                continue;
            };
            let Ok(meta) = std::fs::metadata(&real) else {
                continue;
            };
            (real, meta)
        } else {
            (path, link)
        };
        if !seen.insert(path.clone()) {
            continue;
        }
        if meta.is_dir() {
            walk(&path, seen, out);
        } else if meta.is_file() && is_font_file(&path) {
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            out.push((
                path,
                Stamp {
                    size: meta.len(),
                    mtime_ns,
                },
            ));
        }
    }
}

/// Where the symbolic link `path` leads. One `readlink` per link in the
/// chain rather than `canonicalize`'s one per path component: TeX Live
/// puts hundreds of links under `/usr/share/fonts`, and those calls were
/// most of a warm run's system time. The target is made absolute and
/// cleaned of `.`/`..` lexically.
fn resolve(path: &Path) -> Option<PathBuf> {
    let mut current = path.to_path_buf();
    // Chains longer than the kernel's own limit (40) are loops.
    for _ in 0..40 {
        let target = match std::fs::read_link(&current) {
            Ok(target) => target,
            Err(_) => return Some(current),
        };
        let joined = match current.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
        current = normalize(&joined);
    }
    None
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn is_font_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("ttf" | "ttc" | "otf" | "otc" | "TTF" | "TTC" | "OTF" | "OTC")
    )
}

/// The faces of one file, read with fontdb.
fn read_faces(path: &Path) -> Vec<CachedFace> {
    let mut db = Database::new();
    if db.load_font_file(path).is_err() {
        return Vec::new();
    }
    let mut faces: Vec<CachedFace> = db
        .faces()
        .map(|f| CachedFace {
            index: f.index,
            families: f.families.iter().map(|(name, _)| name.clone()).collect(),
            post_script_name: f.post_script_name.clone(),
            style: f.style,
            weight: f.weight.0,
            stretch: f.stretch.to_number(),
            monospaced: f.monospaced,
        })
        .collect();
    faces.sort_by_key(|f| f.index);
    faces
}

fn face_info(path: &Path, face: &CachedFace) -> FaceInfo {
    FaceInfo {
        id: fontdb::ID::dummy(),
        source: Source::File(path.to_path_buf()),
        index: face.index,
        // Languages are not kept: family names are matched in any language.
        families: face
            .families
            .iter()
            .map(|name| (name.clone(), Language::English_UnitedStates))
            .collect(),
        post_script_name: face.post_script_name.clone(),
        style: face.style,
        weight: Weight(face.weight),
        stretch: stretch(face.stretch),
        monospaced: face.monospaced,
    }
}

fn stretch(number: u16) -> Stretch {
    match number {
        1 => Stretch::UltraCondensed,
        2 => Stretch::ExtraCondensed,
        3 => Stretch::Condensed,
        4 => Stretch::SemiCondensed,
        6 => Stretch::SemiExpanded,
        7 => Stretch::Expanded,
        8 => Stretch::ExtraExpanded,
        9 => Stretch::UltraExpanded,
        _ => Stretch::Normal,
    }
}

fn style_code(style: Style) -> &'static str {
    match style {
        Style::Normal => "n",
        Style::Italic => "i",
        Style::Oblique => "o",
    }
}

/// One line per face (or one per file without faces, index `-`), fields
/// separated by tabs, family names by U+001F. Paths and names hold no tab
/// or line break in practice; an entry that does is left out, so the file
/// is read again next time.
fn write(cache: &Path, entries: &Entries) -> std::io::Result<()> {
    let mut paths: Vec<&PathBuf> = entries.keys().collect();
    paths.sort();
    let mut out = String::from(HEADER);
    out.push('\n');
    for path in paths {
        let (stamp, faces) = &entries[path];
        let Some(shown) = path.to_str().filter(|p| clean(p)) else {
            continue;
        };
        let head = format!("{shown}\t{}\t{}", stamp.size, stamp.mtime_ns);
        if faces.is_empty() {
            out.push_str(&format!("{head}\t-\n"));
        }
        for face in faces {
            if !clean(&face.post_script_name) || !face.families.iter().all(|f| clean(f)) {
                continue;
            }
            out.push_str(&format!(
                "{head}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                face.index,
                face.weight,
                style_code(face.style),
                face.stretch,
                u8::from(face.monospaced),
                face.post_script_name,
                face.families.join("\u{1f}")
            ));
        }
    }
    if let Some(dir) = cache.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written beside and renamed, so a reader never sees half a file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let partial = cache.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&partial, out)?;
    std::fs::rename(&partial, cache).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

fn clean(text: &str) -> bool {
    !text.contains(['\t', '\n', '\r', '\u{1f}'])
}

/// The cache's entries; empty when the file is missing or not ours. A
/// malformed line drops its file, which is then read again.
fn read(cache: &Path) -> Entries {
    let mut entries = Entries::new();
    let Ok(text) = std::fs::read_to_string(cache) else {
        return entries;
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return entries;
    }
    let mut broken = HashSet::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let parsed = parse_line(&fields);
        let Some(path) = fields.first().map(PathBuf::from) else {
            continue;
        };
        match parsed {
            Some((stamp, face)) => {
                let entry = entries
                    .entry(path)
                    .or_insert_with(|| (stamp.clone(), Vec::new()));
                if entry.0 != stamp {
                    broken.insert(fields[0].to_string());
                }
                entry.1.extend(face);
            }
            None => {
                broken.insert(fields[0].to_string());
            }
        }
    }
    for path in broken {
        entries.remove(Path::new(&path));
    }
    entries
}

fn parse_line(fields: &[&str]) -> Option<(Stamp, Option<CachedFace>)> {
    let stamp = Stamp {
        size: fields.get(1)?.parse().ok()?,
        mtime_ns: fields.get(2)?.parse().ok()?,
    };
    if fields.get(3) == Some(&"-") && fields.len() == 4 {
        return Some((stamp, None));
    }
    if fields.len() != 10 {
        return None;
    }
    let style = match fields[5] {
        "n" => Style::Normal,
        "i" => Style::Italic,
        "o" => Style::Oblique,
        _ => return None,
    };
    let face = CachedFace {
        index: fields[3].parse().ok()?,
        weight: fields[4].parse().ok()?,
        style,
        stretch: fields[6].parse().ok()?,
        monospaced: fields[7] == "1",
        post_script_name: fields[8].to_string(),
        families: fields[9].split('\u{1f}').map(str::to_string).collect(),
    };
    Some((stamp, Some(face)))
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;

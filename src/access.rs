//! Which files a document may make us read (印章, 签名章, 附件 files, 模板).
//!
//! A CI job that renders documents it did not write must not let one of
//! them read `/etc/passwd` as a "profile" and print its lines in an error
//! message. So by default a document may name only files inside its own
//! folder (or below it); `--allow-outside` ([`Access::anywhere`]) lifts
//! that. Paths are compared after `canonicalize`, so `..` and symbolic
//! links that lead out are caught as well as absolute paths.

use std::path::{Component, Path, PathBuf};

/// The rule for the files one document names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The document's folder, canonical; `None`: any file may be read.
    root: Option<PathBuf>,
}

/// Why a named file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside {
    /// What the user should read: the file lies outside the folder.
    pub message: String,
    pub help: String,
}

impl Access {
    /// Any file may be read (`--allow-outside`).
    pub fn anywhere() -> Access {
        Access { root: None }
    }

    /// Only files inside the folder of `document` (the source file).
    pub fn within_folder_of(document: &Path) -> Access {
        let folder = match document.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Access {
            root: Some(resolve(folder)),
        }
    }

    /// Whether files outside the document's folder may be read.
    pub fn allows_outside(&self) -> bool {
        self.root.is_none()
    }

    /// Checks `path` (already joined to the document's folder); `shown` is
    /// how the document wrote it. A missing file is judged by its written
    /// path, so that the answer does not tell whether an outside file exists.
    pub fn check(&self, path: &Path, shown: &Path) -> Result<(), Outside> {
        let Some(root) = &self.root else {
            return Ok(());
        };
        let resolved = resolve(path);
        if resolved.starts_with(root) {
            return Ok(());
        }
        Err(Outside {
            message: format!(
                "`{}` 在源文件所在目录之外，默认不读取（{}）",
                shown.display(),
                resolved.display()
            ),
            help: "把文件放进源文件所在的目录（或其子目录）；确需读取目录外的文件时，\
                   用 `gongwen render --allow-outside` 运行"
                .to_string(),
        })
    }
}

/// `path` canonical; for a path that does not exist, its longest existing
/// ancestor canonical and the rest appended.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return canonical;
    }
    let lexical = lexical_absolute(path);
    let mut rest = Vec::new();
    let mut head = lexical.as_path();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(head) {
            return rest.iter().rev().fold(canonical, |p, part| p.join(part));
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return lexical,
        }
    }
}

/// `path` made absolute against the working folder, with `.` and `..`
/// resolved by name.
fn lexical_absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("gongwen-access-{}-{name}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/seal.png"), b"x").unwrap();
        dir
    }

    #[test]
    fn files_inside_the_folder_are_allowed() {
        let dir = folder("inside");
        let access = Access::within_folder_of(&dir.join("doc.md"));
        let seal = dir.join("sub/seal.png");
        assert_eq!(access.check(&seal, Path::new("sub/seal.png")), Ok(()));
        // A file not yet there, but inside, is judged by its name.
        assert!(
            access
                .check(&dir.join("sub/none.png"), Path::new("x"))
                .is_ok()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn absolute_paths_and_parent_escapes_are_refused() {
        let dir = folder("outside");
        let access = Access::within_folder_of(&dir.join("sub/doc.md"));
        for (path, shown) in [
            (PathBuf::from("/etc/passwd"), "/etc/passwd"),
            (dir.join("sub/../sub/../x.md"), "../x.md"),
            (dir.join("sub/../../nowhere/x.md"), "../../nowhere/x.md"),
        ] {
            let refused = access.check(&path, Path::new(shown)).unwrap_err();
            assert!(refused.message.contains("之外"), "{}", refused.message);
            assert!(refused.help.contains("--allow-outside"));
        }
        assert!(
            Access::anywhere()
                .check(Path::new("/etc/passwd"), Path::new("/etc/passwd"))
                .is_ok()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_that_leads_out_is_refused() {
        let dir = folder("link");
        let link = dir.join("sub/passwd.md");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("/etc/passwd", &link).unwrap();
        let access = Access::within_folder_of(&dir.join("sub/doc.md"));
        assert!(access.check(&link, Path::new("passwd.md")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

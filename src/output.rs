//! Reading sources and writing results: whole files, atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error};

/// The largest source a document may be: about 1,300 pages of 正文, far
/// beyond any 公文; a bigger file is refused before it is read, so a CI
/// rendering untrusted input stays within bounded time and memory.
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// The error for a source of `bytes` bytes over [`MAX_SOURCE_BYTES`].
pub fn too_large(path: &Path, bytes: u64) -> Error {
    Error::single(
        Diagnostic::file_error(
            path,
            format!(
                "源文件过大（{:.1} MB，上限 {} MB）",
                bytes as f64 / (1024.0 * 1024.0),
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
        )
        .with_help("公文源文件通常只有几十 KB；请检查是否选错了文件，过长的材料请拆成附件"),
    )
}

/// Read a source file as UTF-8 (a leading BOM is dropped).
pub fn read_source(path: &Path) -> Result<String, Error> {
    let fail = |message: String| Error::single(Diagnostic::file_error(path, message));
    let meta = fs::metadata(path).map_err(|e| fail(format!("无法读取文件：{e}")))?;
    if meta.is_dir() {
        return Err(fail("这是目录，不是源文件".to_string()));
    }
    if !meta.is_file() {
        return Err(fail(
            "不是普通文件（设备、管道等不能作为源文件）".to_string(),
        ));
    }
    if meta.len() > MAX_SOURCE_BYTES as u64 {
        return Err(too_large(path, meta.len()));
    }
    let bytes = crate::resources::read_limited(path, MAX_SOURCE_BYTES as u64)
        .map_err(|e| fail(format!("无法读取文件：{e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let valid = &bytes[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let column = String::from_utf8_lossy(valid)
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count()) as u32
            + 1;
        Error::single(Diagnostic {
            severity: crate::diag::Severity::Error,
            file: path.to_path_buf(),
            pos: Some(crate::model::SourcePos { line, column }),
            message: "文件不是有效的 UTF-8 文本".to_string(),
            source_line: None,
            help: Some(
                "请将文件另存为 UTF-8 编码（GBK 文本可用 iconv -f GBK -t UTF-8 转换）".to_string(),
            ),
        })
    })
}

/// `bytes` with the UTF-8 BOM that `path` starts with, if it does: a source
/// rewritten in place (`check --fix`) keeps the author's encoding marks.
pub fn with_original_bom(path: &Path, bytes: &[u8]) -> Vec<u8> {
    let mut head = [0u8; 3];
    let has_bom = fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && head == *b"\xEF\xBB\xBF";
    let mut out = Vec::with_capacity(bytes.len() + 3);
    if has_bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    out.extend_from_slice(bytes);
    out
}

/// Where the PDF goes when no `-o` is given: next to the input.
pub fn default_output(input: &Path) -> PathBuf {
    input.with_extension("pdf")
}

/// Where the PNG previews of a PDF go: next to it, `name-1.png`,
/// `name-2.png` … for `name.pdf`, one per page.
pub fn preview_paths(pdf: &Path, pages: usize) -> Vec<PathBuf> {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    (1..=pages)
        .map(|n| pdf.with_file_name(format!("{stem}-{n}.png")))
        .collect()
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// then a rename, so a failed run never leaves a partial file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |e: std::io::Error| {
        Error::single(Diagnostic::file_error(path, format!("无法写入文件：{e}")))
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(())
}

/// Refuse to overwrite the input with the output.
pub fn check_distinct(input: &Path, output: &Path) -> Result<(), Error> {
    let same = match (fs::canonicalize(input), fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => input == output,
    };
    if same {
        return Err(Error::single(
            Diagnostic::file_error(output, "输出文件与输入文件相同，拒绝覆盖源文件")
                .with_help("用 -o 指定另一个 .pdf 文件"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("gongwen-out-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.pdf");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_line() {
        let dir = std::env::temp_dir().join(format!("gongwen-in-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.md");
        fs::write(&path, b"first\nsecond \xB9\xFA\n").unwrap();
        let err = read_source(&path).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.pos.map(|p| (p.line, p.column)), Some((2, 8)));
        assert!(d.message.contains("UTF-8"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn previews_are_numbered_next_to_the_pdf() {
        let paths = preview_paths(Path::new("out/报告.pdf"), 2);
        assert_eq!(
            paths,
            vec![
                PathBuf::from("out/报告-1.png"),
                PathBuf::from("out/报告-2.png")
            ]
        );
    }

    #[test]
    fn output_equal_to_input_is_refused() {
        let err = check_distinct(Path::new("x/doc.md"), Path::new("x/doc.md")).unwrap_err();
        assert!(err.diagnostics[0].message.contains("相同"));
    }
}

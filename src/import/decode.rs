//! The bytes of a draft → text: UTF-8 (with or without BOM), UTF-16 with a
//! BOM (Notepad's “Unicode”), or GB18030/GBK (WPS and older Windows tools
//! save drafts in the ANSI code page, which on Chinese Windows is GBK).

use std::path::Path;

use encoding_rs::{Encoding, GB18030};

use crate::diag::{Diagnostic, Error};
use crate::model::SourcePos;

/// The encoding a draft was read in, for the note to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark (Windows Notepad).
    Utf8Bom,
    /// UTF-16 (little or big endian) with a byte-order mark.
    Utf16,
    /// GB18030, the superset of GBK and GB2312.
    Gb18030,
}

impl TextEncoding {
    /// How the note to the user names it.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8（带 BOM）",
            TextEncoding::Utf16 => "UTF-16",
            TextEncoding::Gb18030 => "GB18030/GBK",
        }
    }
}

/// Decodes a draft; line ends are left as they are.
pub fn decode(file: &Path, bytes: &[u8]) -> Result<(String, TextEncoding), Error> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::single(
            Diagnostic::file_error(file, "暂不支持导入 .docx（Word/WPS 文档）")
                .with_help("在 Word 或 WPS 中「另存为」纯文本（.txt），再导入该文本文件"),
        ));
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let kind = if encoding == encoding_rs::UTF_8 {
            TextEncoding::Utf8Bom
        } else {
            TextEncoding::Utf16
        };
        return match encoding.decode_without_bom_handling_and_without_replacement(rest) {
            Some(text) => Ok((text.into_owned(), kind)),
            None => Err(undecodable(file, bytes, kind.name())),
        };
    }
    let gb = || GB18030.decode_without_bom_handling_and_without_replacement(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        // A short GBK text can also be valid UTF-8 (通知 = CD A8 D6 AA reads
        // as two Latin-extended letters). Chinese in UTF-8 takes three bytes
        // a character; text with two-byte characters only is taken for GBK
        // when it reads as Chinese in GBK.
        let two_byte_only = text.chars().any(|c| ('\u{80}'..'\u{800}').contains(&c))
            && !text.chars().any(|c| c >= '\u{800}');
        if two_byte_only && let Some(gbk) = gb().filter(|t| t.chars().any(is_cjk)) {
            return check_text(file, gbk.into_owned(), TextEncoding::Gb18030);
        }
        return check_text(file, text.to_string(), TextEncoding::Utf8);
    }
    match gb() {
        Some(text) => check_text(file, text.into_owned(), TextEncoding::Gb18030),
        None => Err(undecodable(file, bytes, "UTF-8 或 GB18030/GBK")),
    }
}

/// A CJK unified ideograph of the basic block.
fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Plain text has no NUL characters; a file with them is a binary format
/// (.doc, .pdf, an image) that happens to decode.
fn check_text(
    file: &Path,
    text: String,
    kind: TextEncoding,
) -> Result<(String, TextEncoding), Error> {
    if text.contains('\0') {
        return Err(Error::single(
            Diagnostic::file_error(file, "文件不是纯文本（可能是 .doc、PDF 或图片）")
                .with_help("在 Word 或 WPS 中「另存为」纯文本（.txt），再导入该文本文件"),
        ));
    }
    Ok((text, kind))
}

/// The error for bytes that are text in none of the encodings we read,
/// at the first byte that is not UTF-8.
fn undecodable(file: &Path, bytes: &[u8], tried: &str) -> Error {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes,
        Err(e) => bytes.get(..e.valid_up_to()).unwrap_or_default(),
    };
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(valid)
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 1;
    Error::single(Diagnostic {
        severity: crate::diag::Severity::Error,
        file: file.to_path_buf(),
        pos: Some(SourcePos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }),
        message: format!("无法识别文件的编码：按 {tried} 读取时遇到无效字节"),
        source_line: None,
        help: Some(
            "请把文件另存为 UTF-8 编码的纯文本（在记事本或 WPS 中「另存为」时选择编码 UTF-8）"
                .to_string(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("稿.txt")
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, kind) = decode(path(), "关于放假的通知\n".as_bytes()).unwrap();
        assert_eq!(
            (text.as_str(), kind),
            ("关于放假的通知\n", TextEncoding::Utf8)
        );
        let (text, kind) = decode(path(), b"plain ASCII").unwrap();
        assert_eq!((text.as_str(), kind), ("plain ASCII", TextEncoding::Utf8));
        let (text, kind) = decode(path(), b"\xEF\xBB\xBF\xE9\x80\x9A\xE7\x9F\xA5").unwrap();
        assert_eq!((text.as_str(), kind), ("通知", TextEncoding::Utf8Bom));
    }

    #[test]
    fn gbk_is_detected() {
        // 通知 in GBK.
        let (text, kind) = decode(path(), b"\xCD\xA8\xD6\xAA\r\n").unwrap();
        assert_eq!((text.as_str(), kind), ("通知\r\n", TextEncoding::Gb18030));
    }

    #[test]
    fn utf16_with_bom() {
        let (text, kind) = decode(path(), b"\xFF\xFE\x1A\x90\xE5\x77").unwrap();
        assert_eq!((text.as_str(), kind), ("通知", TextEncoding::Utf16));
    }

    #[test]
    fn binary_and_broken_files_are_refused() {
        let err = decode(path(), b"PK\x03\x04rest").unwrap_err();
        assert!(err.diagnostics[0].message.contains(".docx"));
        let err = decode(path(), b"a\0b").unwrap_err();
        assert!(err.diagnostics[0].message.contains("不是纯文本"));
        // 0x81 followed by 0x20 is neither UTF-8 nor GB18030.
        let err = decode(path(), b"ok\nab\x81 ").unwrap_err();
        let d = &err.diagnostics[0];
        assert!(d.message.contains("编码"), "{d}");
        assert_eq!(d.pos, Some(SourcePos { line: 2, column: 3 }));
    }
}

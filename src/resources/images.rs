//! Seal and stamp images: PNG (with alpha) and SVG, checked when loaded.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::model::{Located, SourcePos};
use crate::units::Mm;

use super::Origin;

/// A seal image larger than this is refused: no seal needs it, and a CI
/// rendering untrusted documents must not be made to decode it.
const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;

/// A PNG with more pixels than this is refused before it is decoded: a
/// 45 mm seal scanned at 1200 dpi has 4.5 million; a forged header claiming
/// 100000 × 100000 would make the decoder allocate 40 GB.
const MAX_PNG_PIXELS: u64 = 25_000_000;

/// The decoded form export draws from.
#[derive(Clone)]
pub enum ImageKind {
    /// PNG bytes (decoded by export).
    Png(Arc<Vec<u8>>),
    /// A parsed SVG drawing (paths only).
    Svg(Arc<usvg::Tree>),
}

impl std::fmt::Debug for ImageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageKind::Png(data) => write!(f, "Png({} bytes)", data.len()),
            ImageKind::Svg(_) => write!(f, "Svg"),
        }
    }
}

/// An image file named in the front matter.
#[derive(Debug, Clone)]
pub struct ImageAsset {
    pub path: PathBuf,
    /// Where the front matter names it.
    pub pos: SourcePos,
    pub kind: ImageKind,
    /// Width / height.
    pub aspect: f32,
    /// Printed size, when the file states it (PNG pHYs, SVG width in mm).
    pub natural_width: Option<Mm>,
}

pub(super) fn load(
    base: &Path,
    named: &Located<PathBuf>,
    origin: Origin<'_>,
) -> Result<ImageAsset, Diagnostic> {
    let path = if named.value.is_absolute() {
        named.value.clone()
    } else {
        base.join(&named.value)
    };
    let fail = |message: String, help: &str| {
        Diagnostic::error(origin.path, origin.text, named.pos, message).with_help(help)
    };
    let shown = named.value.display();
    origin
        .access
        .check(&path, &named.value)
        .map_err(|o| fail(o.message, &o.help))?;
    let meta = std::fs::metadata(&path).map_err(|e| {
        fail(
            format!("无法读取图片 `{shown}`：{e}"),
            "路径相对于源文件所在目录；请检查文件名",
        )
    })?;
    if meta.is_dir() {
        return Err(fail(
            format!("`{shown}` 是目录，不是图片文件"),
            "写出图片文件本身的路径，如 `印章/局章.png`",
        ));
    }
    if !meta.is_file() {
        return Err(fail(
            format!("`{shown}` 不是普通文件"),
            "写出图片文件本身的路径，如 `印章/局章.png`",
        ));
    }
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(fail(
            format!("图片 `{shown}` 过大（{} MB）", meta.len() / (1024 * 1024)),
            "印章图片通常不到 1 MB；请缩小后再用",
        ));
    }
    let bytes = super::read_limited(&path, MAX_IMAGE_BYTES)
        .map_err(|e| fail(format!("无法读取图片 `{shown}`：{e}"), "请检查文件权限"))?;
    let (kind, aspect, natural_width) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let info = png_info(&bytes).ok_or_else(|| {
            fail(
                format!("`{shown}` 不是有效的 PNG 图片（文件头损坏）"),
                "用图像软件重新导出为 PNG",
            )
        })?;
        let pixels = u64::from(info.width) * u64::from(info.height);
        if pixels > MAX_PNG_PIXELS {
            return Err(fail(
                format!(
                    "PNG 图片 `{shown}` 的像素过多（{} × {}），不予解码",
                    info.width, info.height
                ),
                "印章图片 1200 dpi 也只需约 2000 × 2000 像素；请缩小后再用",
            ));
        }
        let natural = info
            .pixels_per_metre
            .map(|ppm| Mm(info.width as f32 / ppm as f32 * 1000.0));
        (
            ImageKind::Png(Arc::new(bytes)),
            info.width as f32 / info.height as f32,
            natural,
        )
    } else if looks_like_svg(&bytes) {
        let text = String::from_utf8_lossy(&bytes);
        if text.contains("<text") {
            return Err(fail(
                format!("SVG 图片 `{shown}` 含有文字（<text>），无法保证印章上的字正确显示"),
                "先把文字转为路径（Inkscape：路径 → 对象转化成路径），或改用 PNG",
            ));
        }
        let tree = usvg::Tree::from_data(&bytes, &usvg::Options::default()).map_err(|e| {
            fail(
                format!("`{shown}` 不是有效的 SVG 图片：{e}"),
                "用矢量软件重新导出为 SVG",
            )
        })?;
        let size = tree.size();
        // usvg measures in CSS pixels, 96 per inch.
        let width = Mm(size.width() * 25.4 / 96.0);
        let declares_size = text
            .split("<svg")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .is_some_and(|tag| tag.contains("width=\"") && tag.contains("mm\""));
        (
            ImageKind::Svg(Arc::new(tree)),
            size.width() / size.height(),
            declares_size.then_some(width),
        )
    } else {
        return Err(fail(
            format!("`{shown}` 不是 PNG 或 SVG 图片"),
            "印章请使用带透明背景的 PNG，或 SVG",
        ));
    };
    if !(aspect.is_finite() && aspect > 0.0) {
        return Err(fail(format!("图片 `{shown}` 的尺寸无效"), "请重新导出图片"));
    }
    Ok(ImageAsset {
        path,
        pos: named.pos,
        kind,
        aspect,
        natural_width,
    })
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('<') && text.contains("<svg")
}

struct PngInfo {
    width: u32,
    height: u32,
    pixels_per_metre: Option<u32>,
}

/// Size and resolution from the PNG chunks (IHDR, pHYs); decoding the
/// pixels is export's job.
fn png_info(bytes: &[u8]) -> Option<PngInfo> {
    let be32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let (width, height) = (be32(16)?, be32(20)?);
    if width == 0 || height == 0 {
        return None;
    }
    let mut pixels_per_metre = None;
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let length = be32(at)? as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        if kind == b"pHYs" {
            let x = be32(at + 8)?;
            let unit = *bytes.get(at + 16)?;
            if unit == 1 && x > 0 {
                pixels_per_metre = Some(x);
            }
        }
        if kind == b"IDAT" || kind == b"IEND" {
            break;
        }
        at = at.checked_add(12 + length)?;
    }
    Some(PngInfo {
        width,
        height,
        pixels_per_metre,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_and_resolution_come_from_its_chunks() {
        // 8×4 px, pHYs 2000 px/m → 4 mm wide.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&8u32.to_be_bytes());
        png.extend_from_slice(&4u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        png.extend_from_slice(&9u32.to_be_bytes());
        png.extend_from_slice(b"pHYs");
        png.extend_from_slice(&2000u32.to_be_bytes());
        png.extend_from_slice(&2000u32.to_be_bytes());
        png.extend_from_slice(&[1, 0, 0, 0, 0]);
        let info = png_info(&png).unwrap();
        assert_eq!((info.width, info.height), (8, 4));
        assert_eq!(info.pixels_per_metre, Some(2000));
        assert!(png_info(&png[..20]).is_none());
    }
}

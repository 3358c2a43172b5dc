//! PNG seals as image XObjects: decoded to 8-bit grey or RGB samples,
//! FlateDecode, alpha as a soft mask, interpolated as krilla had them.
//! (SVG seals are paths: svg.rs.)

use std::collections::BTreeSet;
use std::io::Cursor;

use pdf_writer::{Filter, Finish, Pdf, Ref};

use super::{Failure, Refs, compress};
use crate::diag::{Diagnostic, Error};
use crate::layout::{Item, Layout};
use crate::resources::{ImageAsset, ImageKind};

/// The layout indices of the PNG images the pages draw, ascending; each is
/// embedded once however often it is drawn.
pub(super) fn used(layout: &Layout) -> Vec<usize> {
    let used: BTreeSet<usize> = layout
        .pages
        .iter()
        .flat_map(|page| super::leaves(&page.items))
        .filter_map(|item| match item {
            Item::Image(placed) => Some(placed.image),
            _ => None,
        })
        .filter(|&i| matches!(layout.images.get(i), Some(a) if matches!(a.kind, ImageKind::Png(_))))
        .collect();
    used.into_iter().collect()
}

/// A decoded, deflated image.
pub(super) struct ImageOut {
    width: u32,
    height: u32,
    /// Three components a sample, else one (grey).
    rgb: bool,
    samples: Vec<u8>,
    /// The alpha channel, when the image has one.
    alpha: Option<Vec<u8>>,
}

/// Decode and deflate the PNG `images[index]`.
pub(super) fn encode(images: &[ImageAsset], index: usize) -> Result<ImageOut, Failure> {
    let Some(asset) = images.get(index) else {
        return Err(Failure::Unsupported("图片不存在"));
    };
    let ImageKind::Png(data) = &asset.kind else {
        return Err(Failure::Unsupported("不是 PNG 图片"));
    };
    let fail = |e: String| {
        Failure::User(Error::single(Diagnostic::file_error(
            &asset.path,
            format!("无法解码 PNG 图片：{e}"),
        )))
    };
    let mut decoder = png::Decoder::new(Cursor::new(data.as_slice()));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| fail(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| fail("图片过大".to_string()))?;
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| fail(e.to_string()))?;
    buf.truncate(frame.buffer_size());
    let (channels, rgb) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (2, false),
        png::ColorType::Rgb => (3, true),
        png::ColorType::Rgba => (4, true),
        // normalize_to_color8 expands palettes.
        png::ColorType::Indexed => return Err(fail("未展开的调色板图片".to_string())),
    };
    let has_alpha = channels % 2 == 0;
    let colour = if rgb { 3 } else { 1 };
    let pixels = buf.len() / channels;
    let (samples, alpha) = if has_alpha {
        let mut samples = Vec::with_capacity(pixels * colour);
        let mut alpha = Vec::with_capacity(pixels);
        for px in buf.chunks_exact(channels) {
            samples.extend_from_slice(&px[..colour]);
            alpha.push(px[colour]);
        }
        (samples, Some(alpha))
    } else {
        (buf, None)
    };
    Ok(ImageOut {
        width: frame.width,
        height: frame.height,
        rgb,
        samples: compress::deflate(&samples, compress::SMALL),
        alpha: alpha.map(|a| compress::deflate(&a, compress::SMALL)),
    })
}

/// Write the image (and its soft mask); returns the image's reference.
pub(super) fn write(pdf: &mut Pdf, refs: &mut Refs, image: &ImageOut) -> Ref {
    let id = refs.next();
    let mask = image.alpha.as_ref().map(|alpha| (refs.next(), alpha));
    let (width, height) = (image.width as i32, image.height as i32);
    let mut xobject = pdf.image_xobject(id, &image.samples);
    xobject.filter(Filter::FlateDecode);
    xobject
        .width(width)
        .height(height)
        .bits_per_component(8)
        .interpolate(true);
    if image.rgb {
        xobject.color_space().device_rgb();
    } else {
        xobject.color_space().device_gray();
    }
    if let Some((mask, _)) = mask {
        xobject.s_mask(mask);
    }
    xobject.finish();
    if let Some((mask, alpha)) = mask {
        let mut xobject = pdf.image_xobject(mask, alpha);
        xobject.filter(Filter::FlateDecode);
        xobject
            .width(width)
            .height(height)
            .bits_per_component(8)
            .interpolate(true);
        xobject.color_space().device_gray();
        xobject.finish();
    }
    id
}

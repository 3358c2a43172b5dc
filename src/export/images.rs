//! Seal and stamp images: PNG through krilla's decoder, SVG drawn path by
//! path from usvg's simplified tree (solid fills and strokes, the parts a
//! seal uses). Both are multiplied onto the page so text shows through.

use krilla::blend::BlendMode;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, Paint, Stroke};
use krilla::surface::Surface;

use crate::diag::{Diagnostic, Error};
use crate::layout::ImageBox;
use crate::resources::{ImageAsset, ImageKind};

/// Draw one image box.
pub(super) fn draw(
    surface: &mut Surface<'_>,
    placed: &ImageBox,
    images: &[ImageAsset],
    archival: bool,
) -> Result<(), Error> {
    let Some(asset) = images.get(placed.image) else {
        return Ok(());
    };
    let (x, y) = (placed.x.to_pt().0, placed.top.to_pt().0);
    let (w, h) = (placed.width.to_pt().0, placed.height.to_pt().0);
    if placed.multiply {
        surface.push_blend_mode(BlendMode::Multiply);
    }
    surface.push_transform(&Transform::from_translate(x, y));
    let result = match &asset.kind {
        ImageKind::Png(data) => {
            match Image::from_png(krilla::Data::from(data.clone()), !archival) {
                Ok(image) => {
                    if let Some(size) = Size::from_wh(w, h) {
                        surface.draw_image(image, size);
                    }
                    Ok(())
                }
                Err(e) => Err(Error::single(Diagnostic::file_error(
                    &asset.path,
                    format!("无法解码 PNG 图片：{e}"),
                ))),
            }
        }
        ImageKind::Svg(tree) => {
            let size = tree.size();
            let scale = Transform::from_scale(w / size.width(), h / size.height());
            surface.push_transform(&scale);
            draw_group(surface, tree.root());
            surface.pop();
            Ok(())
        }
    };
    surface.pop();
    if placed.multiply {
        surface.pop();
    }
    result
}

fn transform(t: usvg::Transform) -> Transform {
    Transform::from_row(t.sx, t.ky, t.kx, t.sy, t.tx, t.ty)
}

fn draw_group(surface: &mut Surface<'_>, group: &usvg::Group) {
    surface.push_transform(&transform(group.transform()));
    let opacity = group.opacity().get();
    let faded = opacity < 1.0;
    if faded {
        surface.push_opacity(NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE));
    }
    for node in group.children() {
        match node {
            usvg::Node::Group(child) => draw_group(surface, child),
            usvg::Node::Path(path) => draw_path(surface, path),
            // Embedded rasters and (already refused) text are not drawn.
            usvg::Node::Image(_) | usvg::Node::Text(_) => {}
        }
    }
    if faded {
        surface.pop();
    }
    surface.pop();
}

fn solid(paint: &usvg::Paint) -> Option<Paint> {
    match paint {
        usvg::Paint::Color(c) => Some(rgb::Color::new(c.red, c.green, c.blue).into()),
        // Gradients and patterns do not occur in seals; they are skipped.
        _ => None,
    }
}

fn draw_path(surface: &mut Surface<'_>, path: &usvg::Path) {
    let mut builder = PathBuilder::new();
    for segment in path.data().segments() {
        use usvg::tiny_skia_path::PathSegment as S;
        match segment {
            S::MoveTo(p) => builder.move_to(p.x, p.y),
            S::LineTo(p) => builder.line_to(p.x, p.y),
            S::QuadTo(a, p) => builder.quad_to(a.x, a.y, p.x, p.y),
            S::CubicTo(a, b, p) => builder.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y),
            S::Close => builder.close(),
        }
    }
    let Some(shape) = builder.finish() else {
        return;
    };
    let fill = path.fill().and_then(|f| {
        solid(f.paint()).map(|paint| Fill {
            paint,
            opacity: NormalizedF32::new(f.opacity().get()).unwrap_or(NormalizedF32::ONE),
            rule: match f.rule() {
                usvg::FillRule::NonZero => FillRule::NonZero,
                usvg::FillRule::EvenOdd => FillRule::EvenOdd,
            },
        })
    });
    let stroke = path.stroke().and_then(|s| {
        solid(s.paint()).map(|paint| Stroke {
            paint,
            width: s.width().get(),
            opacity: NormalizedF32::new(s.opacity().get()).unwrap_or(NormalizedF32::ONE),
            ..Stroke::default()
        })
    });
    if fill.is_none() && stroke.is_none() {
        return;
    }
    surface.set_fill(fill);
    surface.set_stroke(stroke);
    surface.draw_path(&shape);
    surface.set_stroke(None);
}

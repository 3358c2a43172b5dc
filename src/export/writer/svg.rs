//! SVG seals drawn path by path from usvg's simplified tree, as the krilla
//! path draws them (src/export/images.rs): solid fills and strokes with
//! their opacity, group transforms, group opacity as a transparency group.
//! Strokes keep PDF's default caps and joins, as before.

use pdf_writer::{Content, Name, Rect};

use super::compress;
use super::content::{Collected, ExtKey, FormOut, Paint, form_name};

/// Draw `group` (its transform, opacity and children) into `content`.
pub(super) fn draw_group(content: &mut Content, res: &mut Collected, group: &usvg::Group) {
    let t = group.transform();
    content.save_state();
    if !t.is_identity() {
        content.transform([t.sx, t.ky, t.kx, t.sy, t.tx, t.ty]);
    }
    let opacity = group.opacity().get();
    if opacity < 1.0 {
        // Group opacity applies to the group as a whole (overlapping
        // children do not show through each other): a transparency group
        // drawn with a constant alpha.
        let mut inner = Content::new();
        draw_children(&mut inner, res, group);
        let b = group.layer_bounding_box();
        // Generous margins: the box only clips.
        let (mx, my) = (b.width(), b.height());
        let bbox = Rect::new(b.left() - mx, b.top() - my, b.right() + mx, b.bottom() + my);
        let form = res.forms.len();
        res.forms.push(FormOut {
            content: compress::deflate(&inner.finish().into_vec(), compress::SMALL),
            bbox,
        });
        let alpha = ExtKey::quantise(opacity);
        let key = ExtKey {
            multiply: false,
            fill_alpha: Some(alpha),
            stroke_alpha: Some(alpha),
        };
        res.ext.insert(key);
        content
            .set_parameters(Name(key.name().as_bytes()))
            .x_object(Name(form_name(form).as_bytes()));
    } else {
        draw_children(content, res, group);
    }
    content.restore_state();
}

fn draw_children(content: &mut Content, res: &mut Collected, group: &usvg::Group) {
    for node in group.children() {
        match node {
            usvg::Node::Group(child) => draw_group(content, res, child),
            usvg::Node::Path(path) => draw_path(content, res, path),
            // Embedded rasters and (already refused) text are not drawn.
            usvg::Node::Image(_) | usvg::Node::Text(_) => {}
        }
    }
}

fn solid(paint: &usvg::Paint) -> Option<Paint> {
    match paint {
        usvg::Paint::Color(c) => Some(Paint::Rgb([c.red, c.green, c.blue])),
        // Gradients and patterns do not occur in seals; they are skipped.
        _ => None,
    }
}

fn draw_path(content: &mut Content, res: &mut Collected, path: &usvg::Path) {
    let fill = path
        .fill()
        .and_then(|f| solid(f.paint()).map(|paint| (paint, f.opacity().get(), f.rule())));
    let stroke = path
        .stroke()
        .and_then(|s| solid(s.paint()).map(|paint| (paint, s.opacity().get(), s.width().get())));
    if fill.is_none() && stroke.is_none() {
        return;
    }
    content.save_state();
    let key = ExtKey {
        multiply: false,
        fill_alpha: fill.filter(|f| f.1 < 1.0).map(|f| ExtKey::quantise(f.1)),
        stroke_alpha: stroke.filter(|s| s.1 < 1.0).map(|s| ExtKey::quantise(s.1)),
    };
    if key != ExtKey::default() {
        content.set_parameters(Name(key.name().as_bytes()));
        res.ext.insert(key);
    }
    if let Some((paint, _, _)) = fill {
        paint.fill(content);
    }
    if let Some((paint, _, width)) = stroke {
        paint.stroke(content);
        content.set_line_width(width);
    }
    trace(content, path);
    let even_odd = fill.is_some_and(|f| f.2 == usvg::FillRule::EvenOdd);
    match (fill.is_some(), stroke.is_some(), even_odd) {
        (true, true, false) => content.fill_nonzero_and_stroke(),
        (true, true, true) => content.fill_even_odd_and_stroke(),
        (true, false, false) => content.fill_nonzero(),
        (true, false, true) => content.fill_even_odd(),
        (false, _, _) => content.stroke(),
    };
    content.restore_state();
}

/// The path's segments; quadratic curves become cubic ones (PDF has none).
fn trace(content: &mut Content, path: &usvg::Path) {
    use usvg::tiny_skia_path::PathSegment as S;
    let mut current = (0.0f32, 0.0f32);
    let mut start = current;
    for segment in path.data().segments() {
        match segment {
            S::MoveTo(p) => {
                content.move_to(p.x, p.y);
                current = (p.x, p.y);
                start = current;
            }
            S::LineTo(p) => {
                content.line_to(p.x, p.y);
                current = (p.x, p.y);
            }
            S::QuadTo(a, p) => {
                let (x0, y0) = current;
                let c1 = (x0 + 2.0 / 3.0 * (a.x - x0), y0 + 2.0 / 3.0 * (a.y - y0));
                let c2 = (p.x + 2.0 / 3.0 * (a.x - p.x), p.y + 2.0 / 3.0 * (a.y - p.y));
                content.cubic_to(c1.0, c1.1, c2.0, c2.1, p.x, p.y);
                current = (p.x, p.y);
            }
            S::CubicTo(a, b, p) => {
                content.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y);
                current = (p.x, p.y);
            }
            S::Close => {
                content.close_path();
                current = start;
            }
        }
    }
}

//! Geometry: affine matrices and path subpaths in page space.

/// An affine matrix `[a b c d e f]` in PDF's row-vector convention.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mat {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl Mat {
    pub(super) const IDENTITY: Mat = Mat {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    pub(super) fn new(v: [f64; 6]) -> Mat {
        Mat {
            a: v[0],
            b: v[1],
            c: v[2],
            d: v[3],
            e: v[4],
            f: v[5],
        }
    }

    pub(super) fn translate(x: f64, y: f64) -> Mat {
        Mat {
            e: x,
            f: y,
            ..Mat::IDENTITY
        }
    }

    /// `self × other`: first apply `self`, then `other`.
    pub(super) fn then(self, o: Mat) -> Mat {
        Mat {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    pub(super) fn apply(self, x: f64, y: f64) -> (f64, f64) {
        (
            x * self.a + y * self.c + self.e,
            x * self.b + y * self.d + self.f,
        )
    }

    pub(super) fn x_scale(self) -> f64 {
        self.a.hypot(self.b)
    }

    pub(super) fn y_scale(self) -> f64 {
        self.c.hypot(self.d)
    }

    /// The angle of the x axis in PDF space (y up), counter-clockwise.
    pub(super) fn x_angle_deg(self) -> f64 {
        self.b.atan2(self.a).to_degrees()
    }

    pub(super) fn mean_scale(self) -> f64 {
        (self.a * self.d - self.b * self.c).abs().sqrt()
    }
}

/// One subpath in page (default user) space.
#[derive(Debug, Default)]
pub(super) struct Subpath {
    pub(super) start: (f64, f64),
    /// End point of each segment and whether it is straight.
    pub(super) segs: Vec<((f64, f64), bool)>,
    pub(super) closed: bool,
}

impl Subpath {
    pub(super) fn current(&self) -> (f64, f64) {
        self.segs.last().map(|s| s.0).unwrap_or(self.start)
    }

    /// The rectangle's corners when this subpath is an axis-aligned quadrilateral.
    pub(super) fn as_rect(&self) -> Option<(f64, f64, f64, f64)> {
        if self.segs.iter().any(|s| !s.1) {
            return None;
        }
        let mut pts = vec![self.start];
        pts.extend(self.segs.iter().map(|s| s.0));
        let same =
            |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs() < 1e-3 && (p.1 - q.1).abs() < 1e-3;
        if pts.len() == 5 && same(pts[0], pts[4]) {
            pts.pop();
        }
        if pts.len() != 4 {
            return None;
        }
        for k in 0..4 {
            let (p, q) = (pts[k], pts[(k + 1) % 4]);
            if (p.0 - q.0).abs() > 1e-3 && (p.1 - q.1).abs() > 1e-3 {
                return None;
            }
        }
        let xs = pts.iter().map(|p| p.0);
        let ys = pts.iter().map(|p| p.1);
        Some((
            xs.clone().fold(f64::INFINITY, f64::min),
            ys.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
            ys.fold(f64::NEG_INFINITY, f64::max),
        ))
    }
}

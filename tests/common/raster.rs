//! Renders PDF pages with poppler's `pdftoppm` and inspects the pixels.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

/// An 8-bit RGB raster of one page.
#[derive(Debug, Clone)]
pub struct RgbImage {
    pub width: u32,
    pub height: u32,
    /// Pixels per millimetre (dpi / 25.4).
    pub px_per_mm: f64,
    /// Row-major RGB triples.
    pub data: Vec<u8>,
}

impl RgbImage {
    /// The pixel at (`x`, `y`), counted from the top-left corner.
    pub fn get(&self, x: u32, y: u32) -> (u8, u8, u8) {
        assert!(
            x < self.width && y < self.height,
            "pixel ({x}, {y}) outside {}×{}",
            self.width,
            self.height
        );
        let i = (y as usize * self.width as usize + x as usize) * 3;
        (self.data[i], self.data[i + 1], self.data[i + 2])
    }

    /// The pixel at the given position in millimetres from the top-left corner.
    pub fn get_mm(&self, x_mm: f64, y_mm: f64) -> (u8, u8, u8) {
        self.get(
            (x_mm * self.px_per_mm) as u32,
            (y_mm * self.px_per_mm) as u32,
        )
    }

    /// Bounding box `(x0, y0, x1, y1)` in mm of the pixels inside `region_mm`
    /// (`(x0, y0, x1, y1)` in mm, top-left origin) for which `pred` holds.
    /// The box spans whole pixels, so it is exact to 1/px_per_mm.
    pub fn ink_bbox_mm(
        &self,
        region_mm: (f64, f64, f64, f64),
        pred: impl Fn((u8, u8, u8)) -> bool,
    ) -> Option<(f64, f64, f64, f64)> {
        let (xs, ys) = self.px_ranges(region_mm);
        let mut found: Option<(u32, u32, u32, u32)> = None;
        for y in ys {
            for x in xs.clone() {
                if pred(self.get(x, y)) {
                    found = Some(match found {
                        None => (x, y, x, y),
                        Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
                    });
                }
            }
        }
        let s = self.px_per_mm;
        found.map(|(a, b, c, d)| {
            (
                a as f64 / s,
                b as f64 / s,
                (c + 1) as f64 / s,
                (d + 1) as f64 / s,
            )
        })
    }

    /// Pixel column and row ranges covering `region_mm` (partly covered pixels included).
    fn px_ranges(
        &self,
        region_mm: (f64, f64, f64, f64),
    ) -> (std::ops::Range<u32>, std::ops::Range<u32>) {
        let (x0, y0, x1, y1) = region_mm;
        let s = self.px_per_mm;
        let px = |v: f64, max: u32| v.clamp(0.0, max as f64) as u32;
        let xs = px((x0.min(x1) * s).floor(), self.width)..px((x0.max(x1) * s).ceil(), self.width);
        let ys =
            px((y0.min(y1) * s).floor(), self.height)..px((y0.max(y1) * s).ceil(), self.height);
        (xs, ys)
    }

    /// Number of pixels inside `region_mm` for which `pred` holds.
    pub fn count_mm(
        &self,
        region_mm: (f64, f64, f64, f64),
        pred: impl Fn((u8, u8, u8)) -> bool,
    ) -> usize {
        let (xs, ys) = self.px_ranges(region_mm);
        let mut n = 0;
        for y in ys {
            for x in xs.clone() {
                n += pred(self.get(x, y)) as usize;
            }
        }
        n
    }
}

/// Red ink, e.g. the red header and separator line.
pub fn is_red(px: (u8, u8, u8)) -> bool {
    px.0 > 150 && px.1 < 120 && px.2 < 120
}

/// Dark (black) ink.
pub fn is_dark(px: (u8, u8, u8)) -> bool {
    px.0 < 100 && px.1 < 100 && px.2 < 100
}

/// Renders page `page` (1-based) of `pdf` at `dpi` with `pdftoppm`.
pub fn render_page_rgb(pdf: &Path, page: usize, dpi: u32) -> RgbImage {
    let page_s = page.to_string();
    let dpi_s = dpi.to_string();
    let output = Command::new("pdftoppm")
        .args(["-r", &dpi_s, "-f", &page_s, "-l", &page_s, "-singlefile"])
        .arg(pdf)
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            panic!("pdftoppm 未安装：请先运行 fonts/install.sh（它会安装 poppler-utils）")
        }
        Err(e) => panic!("cannot run pdftoppm: {e}"),
    };
    if !output.status.success() {
        panic!(
            "pdftoppm failed on {} page {page}: {}\n{}",
            pdf.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut img = parse_ppm(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "cannot parse pdftoppm output for {} page {page}: {e}",
            pdf.display()
        )
    });
    img.px_per_mm = dpi as f64 / 25.4;
    img
}

/// Parses a binary (P6) PPM with maxval 255. `px_per_mm` is left at 0.
pub fn parse_ppm(bytes: &[u8]) -> Result<RgbImage, String> {
    let mut pos = 0;
    let mut header = [0u32; 3];
    let magic = bytes.get(..2).ok_or("empty input")?;
    if magic != b"P6" {
        return Err(format!(
            "not a P6 PPM (starts with {:?})",
            String::from_utf8_lossy(magic)
        ));
    }
    pos += 2;
    for field in &mut header {
        // Skip whitespace and comments.
        loop {
            match bytes.get(pos) {
                Some(b) if b.is_ascii_whitespace() => pos += 1,
                Some(b'#') => {
                    while bytes.get(pos).is_some_and(|&b| b != b'\n') {
                        pos += 1;
                    }
                }
                Some(_) => break,
                None => return Err("truncated header".into()),
            }
        }
        let start = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        *field = std::str::from_utf8(&bytes[start..pos])
            .unwrap()
            .parse()
            .map_err(|e| format!("bad header number: {e}"))?;
    }
    // Exactly one whitespace byte separates the header from the raster.
    pos += 1;
    let [width, height, maxval] = header;
    if maxval != 255 {
        return Err(format!("unsupported maxval {maxval}"));
    }
    let len = width as usize * height as usize * 3;
    let data = bytes
        .get(pos..pos + len)
        .ok_or_else(|| format!("raster truncated: need {len} bytes"))?
        .to_vec();
    Ok(RgbImage {
        width,
        height,
        px_per_mm: 0.0,
        data,
    })
}

//! Checks the test-only PDF reader (tests/common) against a small PDF written
//! by hand here, whose every position was worked out on paper.

mod common;

use common::pdf::{Color, Glyph, PdfPage, lines_of, page_text, pt_to_mm, read_pdf, read_pdf_bytes};
use common::raster::{is_dark, is_red, parse_ppm, render_page_rgb};

const TOL: f64 = 1e-3;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL
}

#[track_caller]
fn assert_mm(actual: f64, expected_pt: f64, what: &str) {
    let expected = pt_to_mm(expected_pt);
    assert!(
        close(actual, expected),
        "{what}: got {actual:.4} mm, expected {expected:.4} mm ({expected_pt} pt)"
    );
}

/// Assembles a PDF from numbered object bodies (object n = `objects[n-1]`),
/// computing the cross-reference table.
fn build_pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, body).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(extra: &str, data: &str) -> String {
    format!(
        "<< /Length {} {extra} >>\nstream\n{data}\nendstream",
        data.len()
    )
}

const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0001> <4E2D>
<0002> <D83DDE00>
endbfchar
2 beginbfrange
<0005> <0007> <0041>
<0010> <0011> [<00660069> <6587>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end";

/// Page 1: 200 × 100 pt. Page 2 inherits a 100 × 50 pt MediaBox and its resources.
fn fixture() -> Vec<u8> {
    let content1 = "q 1 0 0 1 10 20 cm
0 0.8 0.8 0 k
BT /F1 10 Tf 1 0 0 1 5 30 Tm [<0001> -500 <0002> <0005>] TJ ET
Q
q 2 0 0 2 0 0 cm
/CS0 cs 0.5 scn
BT /F1 6 Tf 150 Tz 2 Tc 1 0 0 1 20 10 Tm <00060010> Tj ET
Q";
    let content2 =
        "BT /F1 10 Tf 12 TL 1 0 0 1 100 90 Tm <0007> Tj T* <0001> Tj 0 -5 TD <0001> Tj <0005> ' ET
BT /F2 10 Tf 0 0 1 rg 3 Tw 1 0 0 1 150 50 Tm (A B) Tj ET
q 1 0 0 -1 0 100 cm
0 0.8 0.8 0 k 10 5 50 2 re f
1 0 0 rg 100 10 m 150 10 l 150 12 l 100 12 l h f
0 g 10 10 m 20 10 l 15 20 l h f
0 0 1 RG 0.5 w 10 40 m 190 40 l S
Q
q 2 0 0 2 0 0 cm 1 w 0 0 m 0 10 l S Q
q 1 0 0 1 0 10 cm /X1 Do Q
0 0 2 2 re f";
    let form = "0 1 0 rg 0 0 10 10 re f BT /F1 8 Tf 1 0 0 1 0 20 Tm <0001> Tj ET";
    let mut simple_widths = vec!["500"; 35];
    simple_widths[0] = "278";
    simple_widths[33] = "667";
    simple_widths[34] = "600";
    let objects = vec![
        /* 1 */ "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        /* 2 */
        "<< /Type /Pages /Kids [3 0 R 14 0 R] /Count 2 /MediaBox [0 0 100 50] /Resources 4 0 R >>".to_string(),
        /* 3 */
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Resources 4 0 R /Contents [5 0 R 6 0 R] >>".to_string(),
        /* 4 */
        "<< /Font << /F1 7 0 R /F2 11 0 R >> /XObject << /X1 12 0 R >> /ColorSpace << /CS0 [/ICCBased 13 0 R] >> >>"
            .to_string(),
        /* 5 */ stream("", content1),
        /* 6 */ stream("", content2),
        /* 7 */
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TestSerif-Identity-H /Encoding /Identity-H \
         /DescendantFonts [8 0 R] /ToUnicode 10 0 R >>"
            .to_string(),
        /* 8 */
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+TestSerif \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor 9 0 R /DW 500 /W [1 [1000 600] 5 7 800] >>"
            .to_string(),
        /* 9 */
        "<< /Type /FontDescriptor /FontName /ABCDEF+TestSerif /Flags 4 /FontBBox [0 -120 1000 880] \
         /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
            .to_string(),
        /* 10 */ stream("", TO_UNICODE),
        /* 11 */
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 66 /Widths [{}] >>",
            simple_widths.join(" ")
        ),
        /* 12 */
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 50 0] \
             /Resources << /Font << /F1 7 0 R >> >>",
            form,
        ),
        /* 13 */ stream("/N 1", "0"),
        /* 14 */ "<< /Type /Page /Parent 2 0 R /Contents 15 0 R >>".to_string(),
        /* 15 */ stream("", "BT /F1 20 Tf 1 0 0 1 10 10 Tm <0011> Tj ET"),
    ];
    build_pdf(&objects)
}

fn fixture_pages() -> Vec<PdfPage> {
    read_pdf_bytes(&fixture())
}

const RED_CMYK: Color = Color::Cmyk(0.0, 0.8, 0.8, 0.0);

#[track_caller]
fn check_glyph(
    g: &Glyph,
    text: &str,
    x_pt: f64,
    baseline_pt: f64,
    width_pt: f64,
    size_pt: f64,
    fill: Color,
) {
    assert_eq!(g.text, text, "glyph text ({g:?})");
    assert_mm(g.x_mm, x_pt, &format!("x of {text:?}"));
    assert_mm(g.baseline_mm, baseline_pt, &format!("baseline of {text:?}"));
    assert_mm(g.width_mm, width_pt, &format!("width of {text:?}"));
    assert!(
        close(g.size_pt, size_pt),
        "size of {text:?}: {} pt, expected {size_pt}",
        g.size_pt
    );
    assert!(
        g.fill.approx_eq(&fill, 1e-4),
        "fill of {text:?}: {:?}, expected {fill:?}",
        g.fill
    );
}

#[test]
fn page_sizes_and_inheritance() {
    let pages = fixture_pages();
    assert_eq!(pages.len(), 2);
    assert_mm(pages[0].width_mm, 200.0, "page 1 width");
    assert_mm(pages[0].height_mm, 100.0, "page 1 height");
    assert_mm(pages[1].width_mm, 100.0, "page 2 width (inherited)");
    assert_mm(pages[1].height_mm, 50.0, "page 2 height (inherited)");
    // Page 2 also inherits its resources; its one glyph comes from a bfrange array.
    let g = &pages[1].glyphs;
    assert_eq!(g.len(), 1);
    check_glyph(&g[0], "文", 10.0, 40.0, 10.0, 20.0, Color::Gray(0.0));
}

#[test]
fn glyph_positions_widths_sizes_and_colours() {
    let page = &fixture_pages()[0];
    let g = &page.glyphs;
    assert_eq!(g.len(), 13, "glyphs: {:#?}", g);
    // Nothing on this page is turned: every baseline runs left to right.
    assert!(g.iter().all(|g| g.angle_deg.abs() < 1e-9), "{g:#?}");
    // cm translate (10,20) + Tm (5,30); TJ -500 at 10 pt moves 5 pt right.
    check_glyph(&g[0], "中", 15.0, 50.0, 10.0, 10.0, RED_CMYK);
    check_glyph(&g[1], "😀", 30.0, 50.0, 6.0, 10.0, RED_CMYK);
    check_glyph(&g[2], "A", 36.0, 50.0, 8.0, 10.0, RED_CMYK);
    // cm scale 2, Tz 150, Tc 2: advance (0.8·6 + 2)·1.5·2 = 20.4; ICCBased N=1 → gray.
    check_glyph(&g[3], "B", 40.0, 80.0, 14.4, 12.0, Color::Gray(0.5));
    check_glyph(&g[4], "fi", 60.4, 80.0, 9.0, 12.0, Color::Gray(0.5));
    // Tm, T* with TL 12, TD (sets TL 5), then ' ; colour restored by Q.
    check_glyph(&g[5], "C", 100.0, 10.0, 8.0, 10.0, Color::Gray(0.0));
    check_glyph(&g[6], "中", 100.0, 22.0, 10.0, 10.0, Color::Gray(0.0));
    check_glyph(&g[7], "中", 100.0, 27.0, 10.0, 10.0, Color::Gray(0.0));
    check_glyph(&g[8], "A", 100.0, 32.0, 8.0, 10.0, Color::Gray(0.0));
    // Simple font: /Widths from /FirstChar 32, Tw applies to the space only.
    let blue = Color::Rgb(0.0, 0.0, 1.0);
    check_glyph(&g[9], "A", 150.0, 50.0, 6.67, 10.0, blue);
    check_glyph(&g[10], " ", 156.67, 50.0, 2.78, 10.0, blue);
    check_glyph(&g[11], "B", 162.45, 50.0, 6.0, 10.0, blue);
    // Form XObject: /Matrix translate (50,0) after cm (0,10), own /Resources.
    check_glyph(
        &g[12],
        "中",
        50.0,
        70.0,
        10.0 * 0.8,
        8.0,
        Color::Rgb(0.0, 1.0, 0.0),
    );
    assert_eq!(
        g[0].font, "TestSerif",
        "Type0 font name comes from the descendant, subset tag stripped"
    );
    assert_eq!(g[9].font, "Helvetica");
}

#[test]
fn text_and_lines() {
    let page = &fixture_pages()[0];
    assert_eq!(page_text(page), "中😀ABfiC中中AA B中");
    let lines: Vec<String> = lines_of(page)
        .iter()
        .map(|l| l.iter().map(|g| g.text.as_str()).collect())
        .collect();
    assert_eq!(lines, ["C", "中", "中", "A", "中😀AA B", "中", "Bfi"]);
}

#[test]
fn filled_rects_and_stroked_lines() {
    let page = &fixture_pages()[0];
    let r = &page.rects;
    assert_eq!(
        r.len(),
        4,
        "the triangle must not count as a rectangle: {r:#?}"
    );
    let expect = [
        ((10.0, 5.0, 60.0, 7.0), RED_CMYK), // `re` under a y-flip
        ((100.0, 10.0, 150.0, 12.0), Color::Rgb(1.0, 0.0, 0.0)), // closed 4-point path
        ((50.0, 80.0, 60.0, 90.0), Color::Rgb(0.0, 1.0, 0.0)), // inside the Form XObject
        ((0.0, 98.0, 2.0, 100.0), Color::Rgb(0.0, 0.0, 1.0)), // colour not leaked from the form
    ];
    for (rect, ((x0, y0, x1, y1), fill)) in r.iter().zip(expect) {
        assert_mm(rect.x0_mm, x0, "rect x0");
        assert_mm(rect.y0_mm, y0, "rect y0 (top)");
        assert_mm(rect.x1_mm, x1, "rect x1");
        assert_mm(rect.y1_mm, y1, "rect y1 (bottom)");
        assert!(
            rect.fill.approx_eq(&fill, 1e-4),
            "rect fill {:?}, expected {fill:?}",
            rect.fill
        );
    }

    let l = &page.lines;
    assert_eq!(l.len(), 2, "{l:#?}");
    assert_mm(l[0].x0_mm, 10.0, "line x0");
    assert_mm(l[0].y0_mm, 40.0, "line y0");
    assert_mm(l[0].x1_mm, 190.0, "line x1");
    assert_mm(l[0].y1_mm, 40.0, "line y1");
    assert_mm(l[0].width_mm, 0.5, "line width");
    assert!(l[0].stroke.approx_eq(&Color::Rgb(0.0, 0.0, 1.0), 1e-4));
    // Scaled by cm 2: from (0,0) to (0,20) device, width 2 pt.
    assert_mm(l[1].x0_mm, 0.0, "scaled line x0");
    assert_mm(l[1].y0_mm, 100.0, "scaled line y0");
    assert_mm(l[1].y1_mm, 80.0, "scaled line y1");
    assert_mm(l[1].width_mm, 2.0, "scaled line width");
    assert_eq!(l[1].stroke, Color::Gray(0.0));
}

#[test]
fn reads_from_a_file_and_rasterises() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_reader_selftest.pdf");
    std::fs::write(&path, fixture()).unwrap();
    let pages = read_pdf(&path);
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].rects.len(), 4);

    let img = render_page_rgb(&path, 1, 144);
    assert_eq!((img.width, img.height), (400, 200));
    assert!(close(img.px_per_mm, 144.0 / 25.4));
    // The RGB-red rectangle, 100..150 × 10..12 pt from the top-left corner.
    let bbox = img
        .ink_bbox_mm(
            (
                pt_to_mm(90.0),
                pt_to_mm(8.0),
                pt_to_mm(160.0),
                pt_to_mm(20.0),
            ),
            is_red,
        )
        .unwrap();
    let px = 1.0 / img.px_per_mm;
    let want = (
        pt_to_mm(100.0),
        pt_to_mm(10.0),
        pt_to_mm(150.0),
        pt_to_mm(12.0),
    );
    for (got, want) in [
        (bbox.0, want.0),
        (bbox.1, want.1),
        (bbox.2, want.2),
        (bbox.3, want.3),
    ] {
        assert!(
            (got - want).abs() <= px + 1e-9,
            "red rect bbox {bbox:?}, expected {want:?}"
        );
    }
    // The CMYK red rule renders red too; the black stroke renders dark.
    assert!(
        img.ink_bbox_mm(
            (pt_to_mm(5.0), pt_to_mm(3.0), pt_to_mm(65.0), pt_to_mm(9.0)),
            is_red
        )
        .is_some()
    );
    assert!(
        img.ink_bbox_mm(
            (0.0, pt_to_mm(82.0), pt_to_mm(3.0), pt_to_mm(98.0)),
            is_dark
        )
        .is_some()
    );
    // Nothing red in the empty middle of the page.
    assert!(
        img.ink_bbox_mm(
            (
                pt_to_mm(70.0),
                pt_to_mm(60.0),
                pt_to_mm(95.0),
                pt_to_mm(75.0)
            ),
            is_red
        )
        .is_none()
    );
    assert_eq!(
        img.count_mm(
            (
                pt_to_mm(100.0),
                pt_to_mm(10.0),
                pt_to_mm(150.0),
                pt_to_mm(12.0)
            ),
            is_red
        ),
        100 * 4
    );
}

#[test]
fn ppm_parser() {
    let mut ppm = b"P6\n# comment\n3 2\n255\n".to_vec();
    let pixels: [(u8, u8, u8); 6] = [
        (255, 255, 255),
        (200, 10, 10),
        (255, 255, 255),
        (0, 0, 0),
        (1, 2, 3),
        (120, 8, 7),
    ];
    for p in pixels {
        ppm.extend_from_slice(&[p.0, p.1, p.2]);
    }
    let mut img = parse_ppm(&ppm).unwrap();
    assert_eq!((img.width, img.height), (3, 2));
    assert_eq!(img.get(1, 0), (200, 10, 10));
    assert_eq!(img.get(2, 1), (120, 8, 7));
    img.px_per_mm = 1.0;
    assert_eq!(
        img.ink_bbox_mm((0.0, 0.0, 3.0, 2.0), is_red),
        Some((1.0, 0.0, 2.0, 1.0))
    );
    assert_eq!(
        img.ink_bbox_mm((0.0, 0.0, 3.0, 2.0), is_dark),
        Some((0.0, 1.0, 2.0, 2.0))
    );
    assert_eq!(img.ink_bbox_mm((2.0, 0.0, 3.0, 2.0), is_red), None);
    assert!(parse_ppm(b"P3\n1 1\n255\n0 0 0").is_err());
    assert!(parse_ppm(b"P6\n2 2\n255\n\x00\x00\x00").is_err());
}

//! Archival and previews (issue #7): `--pdfa` (PDF/A-2b with the
//! document's metadata) and `--png` (one PNG per page, drawn without any
//! external program). The PDF/A files are read back with lopdf; the PNGs
//! are decoded with the `png` crate and checked pixel by pixel at positions
//! the independent PDF reader and GBT9704.md give.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::doc::{engine, scratch_dir};
use common::gb::*;
use common::pdf::{Color, FilledRect, PdfPage, read_pdf_bytes};
use common::raster::{RgbImage, is_dark, is_red, render_page_rgb};
use gongwen::PdfOptions;

const SEALED: &str = "---
发文机关: 示例县审计局
发文字号: 示审发〔2026〕7号
密级: 秘密
保密期限: 1年
标题: 示例县审计局关于开展专项审计调查的通知
主送机关: 各乡镇人民政府
成文日期: 2026-11-25
---

为做好有关工作，现将有关事项通知如下。请各单位高度重视，认真组织自查，如实提供有关资料，积极配合检查工作。
";

fn render_with(name: &str, md: &str, options: &PdfOptions) -> Result<Vec<u8>, gongwen::Error> {
    let source = scratch_dir().join(format!("{name}.md"));
    engine().render(&source, md, options)
}

fn pdfa() -> PdfOptions {
    PdfOptions {
        pdfa: true,
        ..PdfOptions::default()
    }
}

/// The Catalog's /Metadata stream (the XMP packet) as text.
fn xmp(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    let catalog = doc.catalog().expect("catalog");
    let id = catalog
        .get(b"Metadata")
        .and_then(|m| m.as_reference())
        .expect("Catalog /Metadata reference");
    let stream = doc
        .get_object(id)
        .and_then(|o| o.as_stream())
        .expect("metadata stream");
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8(bytes).expect("XMP is UTF-8")
}

/// The text of `<tag>…</tag>` in an XMP packet (inner markup kept), or of
/// the attribute `tag="…"`.
fn xmp_value(xmp: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    if let Some(start) = xmp.find(&open) {
        let rest = &xmp[start + open.len()..];
        let end = rest.find(&format!("</{tag}>"))?;
        return Some(rest[..end].to_string());
    }
    let attr = format!("{tag}=\"");
    let start = xmp.find(&attr)? + attr.len();
    let end = xmp[start..].find('"')?;
    Some(xmp[start..start + end].to_string())
}

/// The red separator of page 1: the widest filled rectangle above the title.
fn red_line(page: &PdfPage) -> &FilledRect {
    page.rects
        .iter()
        .filter(|r| r.y0_mm < 140.0 && r.width_mm() > 150.0)
        .max_by(|a, b| a.width_mm().total_cmp(&b.width_mm()))
        .expect("a red line on page 1")
}

#[test]
fn pdfa_passes_krillas_validator_and_identifies_itself() {
    // krilla refuses to finish a PDF/A file that breaks a rule it checks:
    // getting bytes back means its validator passed.
    let bytes =
        render_with("pdfa-id", SEALED, &pdfa()).unwrap_or_else(|e| panic!("PDF/A rejected:\n{e}"));
    let xmp = xmp(&bytes);
    assert_eq!(
        xmp_value(&xmp, "pdfaid:part").as_deref(),
        Some("2"),
        "{xmp}"
    );
    assert_eq!(
        xmp_value(&xmp, "pdfaid:conformance").as_deref(),
        Some("B"),
        "{xmp}"
    );
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(
        catalog.get(b"OutputIntents").is_ok(),
        "PDF/A needs an output intent"
    );
}

#[test]
fn pdfa_metadata_carries_the_front_matter() {
    let bytes = render_with("pdfa-meta", SEALED, &pdfa()).unwrap();
    let xmp = xmp(&bytes);
    let title = xmp_value(&xmp, "dc:title").expect("dc:title");
    assert!(
        title.contains("示例县审计局关于开展专项审计调查的通知"),
        "{title}"
    );
    let creator = xmp_value(&xmp, "dc:creator").expect("dc:creator");
    assert!(creator.contains("示例县审计局"), "{creator}");
    let subject = xmp_value(&xmp, "dc:description").expect("dc:description");
    assert!(subject.contains("示审发〔2026〕7号"), "{subject}");
    let keywords = xmp_value(&xmp, "pdf:Keywords").expect("pdf:Keywords");
    for wanted in [
        "发文机关：示例县审计局",
        "发文字号：示审发〔2026〕7号",
        "成文日期：2026年11月25日",
        "密级：秘密★1年",
    ] {
        assert!(keywords.contains(wanted), "{wanted} not in {keywords}");
    }
    // Dated by the 成文日期, not by the clock.
    let created = xmp_value(&xmp, "xmp:CreateDate").expect("xmp:CreateDate");
    assert!(created.starts_with("2026-11-25"), "{created}");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .expect("document information dictionary");
    let info = doc.get_dictionary(info_id).unwrap();
    let date = info
        .get(b"CreationDate")
        .and_then(|d| d.as_str())
        .expect("/CreationDate");
    assert!(
        date.starts_with(b"D:20261125"),
        "{:?}",
        String::from_utf8_lossy(date)
    );
}

/// Whether each image XObject of the PDF asks viewers to smooth it.
fn image_interpolation(pdf: &[u8]) -> Vec<bool> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .map(|s| {
            s.dict
                .get(b"Interpolate")
                .and_then(|i| i.as_bool())
                .unwrap_or(false)
        })
        .collect()
}

#[test]
fn pdfa_accepts_a_transparent_png_seal_without_smoothing() {
    std::fs::write(
        scratch_dir().join("pdfa-ring.png"),
        common::png::ring(120, None),
    )
    .unwrap();
    let md = SEALED.replace(
        "成文日期: 2026-11-25\n",
        "成文日期: 2026-11-25\n发文机关署名: 示例县审计局\n印章: pdfa-ring.png\n",
    );
    let archival = render_with("pdfa-seal", &md, &pdfa()).unwrap_or_else(|e| panic!("{e}"));
    let smoothing = image_interpolation(&archival);
    assert!(!smoothing.is_empty(), "the seal is an image");
    assert!(
        smoothing.iter().all(|&s| !s),
        "PDF/A forbids /Interpolate true"
    );
    // The ordinary PDF keeps smoothing the seal.
    let plain = render_with("pdfa-seal", &md, &PdfOptions::default()).unwrap();
    assert!(image_interpolation(&plain).iter().any(|&s| s));
}

#[test]
fn source_date_epoch_wins_over_the_date_of_the_document() {
    let options = PdfOptions {
        pdfa: true,
        creation_time: Some(1_609_144_215), // 2020-12-28T08:30:15Z
        ..PdfOptions::default()
    };
    let bytes = render_with("pdfa-epoch", SEALED, &options).unwrap();
    let created = xmp_value(&xmp(&bytes), "xmp:CreateDate").unwrap();
    assert!(created.starts_with("2020-12-28T08:30:15"), "{created}");
}

#[test]
fn pdfa_keeps_the_geometry_and_shows_the_red_in_rgb() {
    let plain = read_pdf_bytes(&render_with("geo-plain", SEALED, &PdfOptions::default()).unwrap());
    let archival = read_pdf_bytes(&render_with("geo-pdfa", SEALED, &pdfa()).unwrap());
    assert_eq!(plain.len(), archival.len());
    let (a, b) = (red_line(&plain[0]), red_line(&archival[0]));
    assert_mm("red line top", b.y0_mm, a.y0_mm, 0.001);
    assert_mm("red line bottom", b.y1_mm, a.y1_mm, 0.001);
    assert_mm("red line left", b.x0_mm, a.x0_mm, 0.001);
    assert!(a.fill.approx_eq(&Color::Cmyk(0.0, 0.8, 0.8, 0.0), 0.01));
    // Device CMYK is not allowed without a CMYK profile: the same red as sRGB.
    assert!(
        b.fill.approx_eq(&Color::Rgb(1.0, 0.2, 0.2), 0.01),
        "{:?}",
        b.fill
    );
    for (p, q) in plain.iter().zip(&archival) {
        assert_eq!(p.glyphs.len(), q.glyphs.len());
        for (g, h) in p.glyphs.iter().zip(&q.glyphs) {
            assert_eq!(g.text, h.text);
            assert_mm("glyph x", h.x_mm, g.x_mm, 0.001);
            assert_mm("glyph baseline", h.baseline_mm, g.baseline_mm, 0.001);
        }
    }
}

#[test]
fn both_kinds_of_pdf_are_reproducible_and_the_plain_one_is_not_pdfa() {
    let plain = render_with("repro-plain", SEALED, &PdfOptions::default()).unwrap();
    assert_eq!(
        plain,
        render_with("repro-plain", SEALED, &PdfOptions::default()).unwrap()
    );
    let archival = render_with("repro-pdfa", SEALED, &pdfa()).unwrap();
    assert_eq!(
        archival,
        render_with("repro-pdfa", SEALED, &pdfa()).unwrap()
    );
    let text = String::from_utf8_lossy(&plain);
    assert!(!text.contains("pdfaid"));
    assert!(
        !text.contains("CreationDate"),
        "no date without SOURCE_DATE_EPOCH"
    );
}

#[test]
fn pdfa_without_a_date_is_an_error_naming_the_fix() {
    let md = "---\n标题: 关于放假的通知\n---\n\n正文。\n";
    let error = render_with("pdfa-undated", md, &pdfa()).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("成文日期"), "{text}");
    assert!(text.contains("SOURCE_DATE_EPOCH"), "{text}");
    assert!(text.contains("pdfa-undated.md"), "{text}");
    // The same document renders as an ordinary PDF.
    render_with("pdfa-undated", md, &PdfOptions::default()).unwrap();
}

// ---- PNG previews -------------------------------------------------------

/// Decode a PNG preview (RGBA or RGB, 8 bits) into the raster type the
/// pdftoppm checks use.
fn decode(png_bytes: &[u8], dpi: u32) -> RgbImage {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let channels = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let data = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    RgbImage {
        width: info.width,
        height: info.height,
        px_per_mm: f64::from(dpi) / 25.4,
        data,
    }
}

fn long_body() -> String {
    let paragraph = "为做好有关工作，现将有关事项通知如下。请各单位高度重视，认真组织自查，如实提供有关资料，积极配合检查工作，对发现的问题立行立改。";
    let mut md = SEALED.replace(
        "为做好有关工作，现将有关事项通知如下。请各单位高度重视，认真组织自查，如实提供有关资料，积极配合检查工作。\n",
        "",
    );
    for _ in 0..12 {
        md.push_str(paragraph);
        md.push_str("\n\n");
    }
    md
}

#[test]
fn previews_show_the_red_line_and_the_text_where_the_pdf_has_them() {
    let dpi = 100;
    let source = scratch_dir().join("preview.md");
    let md = long_body();
    let rendered = engine()
        .render_with_previews(&source, &md, &PdfOptions::default(), Some(dpi))
        .unwrap_or_else(|e| panic!("{e}"));
    let pages = read_pdf_bytes(&rendered.pdf);
    assert!(pages.len() >= 2, "the test wants at least two pages");
    assert_eq!(rendered.previews.len(), pages.len(), "one PNG per page");

    let first = decode(&rendered.previews[0], dpi);
    // A4 at 100 dpi.
    assert_eq!((first.width, first.height), (827, 1169));
    // The red line: where the PDF has it (which GBT9704.md §13.5 puts about
    // 121.5 mm from the top), red across the 版心 and nothing red 3 mm off.
    let line = red_line(&pages[0]);
    assert_mm("red line top (PDF)", line.y0_mm, 121.5, 3.0);
    let y = (line.y0_mm + line.y1_mm) / 2.0;
    for x in [LEFT + 1.0, CENTRE, RIGHT - 1.0] {
        assert!(
            is_red(first.get_mm(x, y)),
            "no red at ({x}, {y:.2}) mm: {:?}",
            first.get_mm(x, y)
        );
        for off in [-3.0, 3.0] {
            let px = first.get_mm(x, y + off);
            assert!(!is_red(px), "red at ({x}, {:.2}) mm: {px:?}", y + off);
        }
    }
    // Beyond the ends of the line (x 28–184) the paper stays white.
    assert_eq!(first.get_mm(LEFT - 2.0, y), (255, 255, 255));
    assert_eq!(first.get_mm(RIGHT + 2.0, y), (255, 255, 255));

    // Page 2: text ink inside the 版心, none in the margins (the page
    // number stands below the 版心).
    let second = decode(&rendered.previews[1], dpi);
    let ink = second
        .ink_bbox_mm((0.0, 0.0, PAGE_W, BOTTOM + 2.0), is_dark)
        .expect("text on page 2");
    assert!(
        ink.0 >= LEFT - 0.5 && ink.2 <= RIGHT + 0.5,
        "ink outside the 版心 width: {ink:?}"
    );
    assert!(ink.1 >= TOP - 0.5, "ink above the 版心: {ink:?}");
    // The first body line of page 2 sits on grid line 1: ink in its cell.
    let body = second
        .ink_bbox_mm((LEFT, TOP, RIGHT, TOP + P), is_dark)
        .expect("ink on the first grid line");
    let glyph = &pages[1].glyphs[0];
    assert_mm("first glyph left (PNG vs PDF)", body.0, glyph.x_mm, 1.0);
    assert!(
        second
            .ink_bbox_mm((0.0, 0.0, LEFT - 1.0, PAGE_H), is_dark)
            .is_none(),
        "ink in the left margin"
    );
    assert!(
        second
            .ink_bbox_mm((RIGHT + 1.0, 0.0, PAGE_W, PAGE_H), is_dark)
            .is_none(),
        "ink in the right margin"
    );
    assert!(
        second
            .ink_bbox_mm((0.0, 0.0, PAGE_W, TOP - 1.0), is_dark)
            .is_none(),
        "ink in the top margin"
    );
}

#[test]
fn previews_refuse_a_resolution_out_of_range() {
    let source = scratch_dir().join("preview-dpi.md");
    let error = engine()
        .render_with_previews(&source, SEALED, &PdfOptions::default(), Some(5000))
        .unwrap_err();
    assert!(error.to_string().contains("dpi"), "{error}");
}

// ---- the command --------------------------------------------------------

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn case_dir(name: &str) -> PathBuf {
    let dir = scratch_dir().join(format!("archive-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&std::ffi::OsStr], dir: &Path) -> std::process::Output {
    let out = gongwen().args(args).current_dir(dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn cli_pdfa_flag_writes_pdfa() {
    let dir = case_dir("pdfa");
    std::fs::write(dir.join("通知.md"), SEALED).unwrap();
    run(
        &["render".as_ref(), "通知.md".as_ref(), "--pdfa".as_ref()],
        &dir,
    );
    let bytes = std::fs::read(dir.join("通知.pdf")).unwrap();
    assert_eq!(xmp_value(&xmp(&bytes), "pdfaid:part").as_deref(), Some("2"));
}

#[test]
fn cli_png_writes_one_numbered_png_per_page_next_to_the_pdf() {
    let dir = case_dir("png");
    std::fs::write(dir.join("报告.md"), long_body()).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    // Without a value: 150 dpi.
    run(
        &[
            "render".as_ref(),
            "报告.md".as_ref(),
            "-o".as_ref(),
            "out/文件.pdf".as_ref(),
            "--png".as_ref(),
        ],
        &dir,
    );
    let pdf = std::fs::read(dir.join("out/文件.pdf")).unwrap();
    let pages = read_pdf_bytes(&pdf).len();
    let mut pngs: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".png"))
        .collect();
    pngs.sort();
    let expected: Vec<String> = (1..=pages).map(|n| format!("文件-{n}.png")).collect();
    assert_eq!(pngs, expected);
    let first = decode(&std::fs::read(dir.join("out/文件-1.png")).unwrap(), 150);
    assert_eq!((first.width, first.height), (1240, 1754), "A4 at 150 dpi");

    // With a value.
    run(
        &[
            "render".as_ref(),
            "报告.md".as_ref(),
            "--png".as_ref(),
            "72".as_ref(),
        ],
        &dir,
    );
    let small = decode(&std::fs::read(dir.join("报告-1.png")).unwrap(), 72);
    assert_eq!((small.width, small.height), (595, 842), "A4 at 72 dpi");
}

/// A landscape table page: the preview draws the turned table where the
/// PDF has it (pdftoppm's raster of the same page gives the reference).
#[test]
fn previews_turn_a_landscape_table_as_the_pdf_does() {
    let dpi = 72;
    let source = scratch_dir().join("preview-landscape.md");
    let md = "---\n标题: 关于报送项目进度的通知\n主送机关: 各股室\n发文机关署名: 示例县审计局\n成文日期: 2026-11-20\n---\n\n\
              请各股室按下表报送。\n\n<!-- 横排 -->\n\n\
              | 项目名称 | 建设单位 | 概算投资（万元） | 已完成投资（万元） | 当前阶段 |\n\
              | --- | --- | --: | --: | --- |\n\
              | 县人民医院门诊综合楼 | 县卫生健康局 | 32,500 | 28,760 | 出具报告 |\n\
              | 城区污水管网改造 | 县住房和城乡建设局 | 18,900 | 15,120 | 征求意见 |\n\n\
              特此通知。\n";
    let rendered = engine()
        .render_with_previews(&source, md, &PdfOptions::default(), Some(dpi))
        .unwrap_or_else(|e| panic!("{e}"));
    let pdf_path = scratch_dir().join("preview-landscape.pdf");
    std::fs::write(&pdf_path, &rendered.pdf).unwrap();
    let pages = read_pdf_bytes(&rendered.pdf);
    let turned = pages
        .iter()
        .position(|p| p.glyphs.iter().any(|g| g.angle_deg.abs() > 45.0))
        .expect("a page with turned text");
    let preview = decode(&rendered.previews[turned], dpi);
    let reference = render_page_rgb(&pdf_path, turned + 1, dpi);
    let whole = (0.0, 0.0, PAGE_W, PAGE_H);
    // The page number stands below the 版心 on both; compare the table.
    let table_area = (0.0, 0.0, PAGE_W, BOTTOM + 1.0);
    let ours = preview
        .ink_bbox_mm(table_area, is_dark)
        .expect("preview ink");
    let theirs = reference
        .ink_bbox_mm(table_area, is_dark)
        .expect("pdftoppm ink");
    for (what, a, b) in [
        ("left", ours.0, theirs.0),
        ("top", ours.1, theirs.1),
        ("right", ours.2, theirs.2),
        ("bottom", ours.3, theirs.3),
    ] {
        assert_mm(
            &format!("turned table ink {what} (PNG vs pdftoppm)"),
            a,
            b,
            1.0,
        );
    }
    // Turned: the table runs down the page, taller than wide.
    assert!(ours.3 - ours.1 > ours.2 - ours.0, "{ours:?}");
    assert!(preview.ink_bbox_mm(whole, is_dark).is_some());
}

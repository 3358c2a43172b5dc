//! Hostile and absurd inputs, through the `gongwen` binary as a CI job
//! would run it: each ends in a clear Chinese error or a correct PDF, in
//! bounded time — never a panic, never a partial output file.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::gb::RIGHT;
use common::pdf::read_pdf;

fn case_dir(name: &str) -> PathBuf {
    let dir = common::doc::scratch_dir().join(format!("bad-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `gongwen render ARGS`; returns the output and how long it took.
fn render(args: &[&Path]) -> (Output, Duration) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("render")
        .args(args)
        .output()
        .unwrap();
    (out, start.elapsed())
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run failed with `code`, said `needle` in its Chinese error, wrote no
/// PDF and left no temporary file in `dir`.
fn assert_refused(out: &Output, code: i32, needle: &str, pdf: &Path) {
    let text = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{text}");
    assert!(text.contains("错误："), "{text}");
    assert!(text.contains(needle), "expected `{needle}` in:\n{text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(!pdf.exists(), "{} was written", pdf.display());
    if let Some(dir) = pdf.parent() {
        let temps: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(temps.is_empty(), "temporary files left: {temps:?}");
    }
}

/// The run succeeded and wrote a readable PDF; returns its pages.
fn assert_pdf(out: &Output, pdf: &Path) -> Vec<common::pdf::PdfPage> {
    assert!(out.status.success(), "{}", stderr(out));
    let pages = read_pdf(pdf);
    assert!(!pages.is_empty());
    pages
}

/// Writes `bytes` as `name` in `dir`; returns the source and its PDF path.
fn source(dir: &Path, name: &str, bytes: &[u8]) -> (PathBuf, PathBuf) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let pdf = path.with_extension("pdf");
    (path, pdf)
}

/// Deterministic noise (a linear congruential generator).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 56) as u8
        })
        .collect()
}

#[test]
fn an_empty_file_gives_a_blank_page() {
    let dir = case_dir("empty");
    let (md, pdf) = source(&dir, "空.md", b"");
    let (out, _) = render(&[&md]);
    let pages = assert_pdf(&out, &pdf);
    assert_eq!(pages.len(), 1);
}

#[test]
fn binary_garbage_is_refused_as_not_utf8() {
    let dir = case_dir("garbage");
    let mut bytes = b"---\n\xff\xfe".to_vec();
    bytes.extend(noise(64 * 1024, 7));
    let (md, pdf) = source(&dir, "garbage.md", &bytes);
    let (out, _) = render(&[&md]);
    assert_refused(&out, 2, "不是有效的 UTF-8", &pdf);
    assert!(stderr(&out).contains("garbage.md:2:1"), "{}", stderr(&out));
}

#[test]
fn invalid_utf8_in_the_body_names_its_line() {
    let dir = case_dir("invalid-utf8");
    let (md, pdf) = source(&dir, "gbk.md", "正文。\n\n第二段".as_bytes());
    let mut bytes = std::fs::read(&md).unwrap();
    bytes.extend_from_slice(b"\xd6\xd0\xce\xc4\n"); // 中文 in GBK
    std::fs::write(&md, bytes).unwrap();
    let (out, _) = render(&[&md]);
    assert_refused(&out, 2, "iconv", &pdf);
    assert!(stderr(&out).contains("gbk.md:3:4"), "{}", stderr(&out));
}

#[test]
fn control_characters_and_unassigned_code_points_end_cleanly() {
    // Valid UTF-8 noise: NUL, controls, private use, astral planes.
    let dir = case_dir("utf8-noise");
    let text: String = noise(20_000, 11)
        .chunks_exact(3)
        .filter_map(|c| {
            let n = u32::from(c[0]) << 12 | u32::from(c[1]) << 4 | u32::from(c[2] >> 4);
            char::from_u32(n % 0x11_0000)
        })
        .collect();
    let (md, pdf) = source(&dir, "noise.md", text.as_bytes());
    let (out, elapsed) = render(&[&md]);
    // Whether the faces draw every character decides which; either way
    // the end is clean.
    if out.status.success() {
        assert_pdf(&out, &pdf);
    } else {
        assert_refused(&out, 1, "无法显示", &pdf);
    }
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[test]
fn a_ten_megabyte_paragraph_is_refused_before_it_is_read() {
    let dir = case_dir("ten-mb");
    let paragraph = "审计局党组始终坚持以习近平新时代中国特色社会主义思想为指导，".repeat(112_000);
    assert!(paragraph.len() > 10_000_000);
    let (md, pdf) = source(&dir, "大.md", paragraph.as_bytes());
    let (out, elapsed) = render(&[&md]);
    assert_refused(&out, 2, "源文件过大", &pdf);
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn a_long_paragraph_within_the_limit_renders_in_linear_time() {
    // ~110 pages in one paragraph, its last line one character that no
    // mark can pull back (the case that used to be quadratic).
    let dir = case_dir("long-paragraph");
    let lines = 2_400;
    let text = "天".repeat(26 + 28 * (lines - 1) + 1);
    let (md, pdf) = source(&dir, "长段.md", text.as_bytes());
    let (out, elapsed) = render(&[&md]);
    let pages = assert_pdf(&out, &pdf);
    // 22 lines a page; the 孤字 stays on a line of its own.
    assert_eq!(pages.len(), (lines + 1).div_ceil(22));
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
}

#[test]
fn a_word_longer_than_a_line_stays_inside_the_type_area() {
    let dir = case_dir("long-word");
    let text = format!("前文{}后文。\n", "x".repeat(3_000));
    let (md, pdf) = source(&dir, "word.md", text.as_bytes());
    let (out, _) = render(&[&md]);
    let pages = assert_pdf(&out, &pdf);
    let glyphs = pages.iter().flat_map(|p| p.glyphs.iter());
    for g in glyphs.filter(|g| g.text == "x") {
        assert!(g.x_mm + g.width_mm <= RIGHT + 0.5, "x at {} mm", g.x_mm);
    }
}

#[test]
fn five_thousand_headings_render() {
    let dir = case_dir("headings");
    let text: String = (0..5_000)
        .map(|i| match i % 4 {
            0 => format!("# 第{i}部分\n\n"),
            1 => format!("## 第{i}方面\n\n"),
            2 => format!("### 第{i}项。正文。\n\n"),
            _ => format!("#### 第{i}点\n\n"),
        })
        .collect();
    let (md, pdf) = source(&dir, "标题.md", text.as_bytes());
    let (out, elapsed) = render(&[&md]);
    let pages = assert_pdf(&out, &pdf);
    assert!(pages.len() > 200, "{} pages", pages.len());
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
}

#[test]
fn a_title_of_500_characters_is_refused_at_its_key() {
    let dir = case_dir("long-title");
    let title = "关于进一步加强审计工作的通知".repeat(36);
    assert!(title.chars().count() >= 500);
    let text = format!("---\n标题: {title}\n---\n\n正文。\n");
    let (md, pdf) = source(&dir, "题.md", text.as_bytes());
    let (out, _) = render(&[&md]);
    assert_refused(&out, 1, "标题太长", &pdf);
    assert!(stderr(&out).contains("题.md:2:5"), "{}", stderr(&out));
}

#[test]
fn deeply_nested_lists_and_quotes_are_refused() {
    let dir = case_dir("nesting");
    let lists: String = (0..200)
        .map(|i| format!("{}- 项目\n", "  ".repeat(i)))
        .collect();
    let quotes = format!("{} 引用\n", ">".repeat(200));
    let mixed: String = (0..100)
        .map(|i| format!("{}> - 项\n", "  ".repeat(i)))
        .collect();
    for (name, text, needle) in [
        ("lists.md", lists, "列表"),
        ("quotes.md", quotes, "引用"),
        ("mixed.md", mixed, "引用"),
    ] {
        let (md, pdf) = source(&dir, name, text.as_bytes());
        let (out, elapsed) = render(&[&md]);
        assert_refused(&out, 1, needle, &pdf);
        assert!(elapsed < Duration::from_secs(10), "{name}: {elapsed:?}");
    }
}

/// A document with a seal, sealed layout.
fn sealed(seal: &str) -> String {
    format!("---\n发文机关署名: 某局\n成文日期: 2026-11-20\n印章: {seal}\n---\n\n正文。\n")
}

/// A PNG of `width` × `height` whose header is all there is.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn bad_seal_files_are_refused_at_the_seal_key() {
    let dir = case_dir("seals");
    std::fs::create_dir_all(dir.join("印章目录")).unwrap();
    std::fs::write(dir.join("notes.png"), "这不是图片").unwrap();
    std::fs::write(dir.join("huge.png"), png_header(100_000, 100_000)).unwrap();
    let mut corrupt = png_header(64, 64);
    corrupt.extend(noise(4096, 3));
    std::fs::write(dir.join("corrupt.png"), corrupt).unwrap();
    for (seal, needle, code) in [
        ("印章目录", "是目录", 1),
        ("notes.png", "不是 PNG 或 SVG", 1),
        ("huge.png", "像素过多", 1),
        ("corrupt.png", "PNG", 1),
    ] {
        let (md, pdf) = source(&dir, "doc.md", sealed(seal).as_bytes());
        let (out, elapsed) = render(&[&md]);
        assert_refused(&out, code, needle, &pdf);
        assert!(stderr(&out).contains(seal), "{}", stderr(&out));
        assert!(elapsed < Duration::from_secs(10), "{seal}: {elapsed:?}");
    }
}

#[test]
fn a_device_is_neither_a_source_nor_a_seal() {
    let dir = case_dir("devices");
    let (out, elapsed) = render(&[Path::new("/dev/zero"), Path::new("-o"), &dir.join("z.pdf")]);
    assert_refused(&out, 2, "不是普通文件", &dir.join("z.pdf"));
    // Even where outside files are allowed, /dev/zero is not read forever.
    let (md, pdf) = source(&dir, "doc.md", sealed("/dev/zero").as_bytes());
    let (out2, elapsed2) = render(&[&md, Path::new("--allow-outside")]);
    assert_refused(&out2, 1, "不是普通文件", &pdf);
    assert!(elapsed + elapsed2 < Duration::from_secs(10));
}

/// A folder `dir/公文` with the document, and a file beside the folder.
fn outside_case(name: &str, front: &str, outside_name: &str, outside: &[u8]) -> (PathBuf, PathBuf) {
    let dir = case_dir(name);
    std::fs::create_dir_all(dir.join("公文")).unwrap();
    std::fs::write(dir.join(outside_name), outside).unwrap();
    let text = format!("---\n发文机关署名: 某局\n成文日期: 2026-11-20\n{front}\n---\n\n正文。\n");
    source(&dir.join("公文"), "通知.md", text.as_bytes())
}

#[test]
fn files_outside_the_document_folder_need_allow_outside() {
    let attachment = "标题: 名单\n---\n\n张某某\n";
    let attachment = format!("---\n{attachment}");
    let svg = std::fs::read("samples/seals/示意印章-甲.svg").unwrap();
    let cases: [(&str, &str, &str, &[u8]); 4] = [
        (
            "outside-attachment",
            "附件:\n  - {名称: 名单, 文件: ../名单.md}",
            "名单.md",
            attachment.as_bytes(),
        ),
        ("outside-seal", "印章: ../seal.svg", "seal.svg", &svg),
        (
            "outside-template",
            "模板: ../本局.yaml",
            "本局.yaml",
            b"extends: \xe6\x96\x87\xe4\xbb\xb6\n",
        ),
        (
            "outside-link",
            "附件:\n  - {名称: 名单, 文件: 链接.md}",
            "名单.md",
            attachment.as_bytes(),
        ),
    ];
    for (name, front, file, bytes) in cases {
        let (md, pdf) = outside_case(name, front, file, bytes);
        if name == "outside-link" {
            // A link inside the folder that leads out of it.
            let folder = md.parent().unwrap();
            std::os::unix::fs::symlink(folder.join("../名单.md"), folder.join("链接.md")).unwrap();
        }
        let (out, _) = render(&[&md]);
        assert_refused(&out, 1, "在源文件所在目录之外", &pdf);
        assert!(stderr(&out).contains("--allow-outside"), "{}", stderr(&out));
        let (out, _) = render(&[&md, Path::new("--allow-outside")]);
        assert_pdf(&out, &pdf);
    }
}

#[test]
fn an_absolute_path_to_a_system_file_is_neither_read_nor_shown() {
    let dir = case_dir("absolute");
    for front in [
        "模板: /etc/passwd",
        "附件:\n  - {名称: 名单, 文件: /etc/passwd}",
        "印章: /etc/passwd",
    ] {
        let text =
            format!("---\n发文机关署名: 某局\n成文日期: 2026-11-20\n{front}\n---\n\n正文。\n");
        let (md, pdf) = source(&dir, "doc.md", text.as_bytes());
        let (out, _) = render(&[&md]);
        assert_refused(&out, 1, "在源文件所在目录之外", &pdf);
        // Not a line of the file is shown.
        assert!(!stderr(&out).contains("root:"), "{}", stderr(&out));
    }
}

#[test]
fn an_output_that_is_the_input_is_refused() {
    let dir = case_dir("same");
    // The default output of a source named *.pdf is the source itself.
    let (md, _) = source(&dir, "doc.pdf", "正文。\n".as_bytes());
    let (out, _) = render(&[&md]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("拒绝覆盖源文件"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "正文。\n");
    // Through a link to the input: the same file.
    let (md, _) = source(&dir, "doc.md", "正文。\n".as_bytes());
    let link = dir.join("link.pdf");
    std::os::unix::fs::symlink(&md, &link).unwrap();
    let (out, _) = render(&[&md, Path::new("-o"), &link]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "正文。\n");
    // In a batch, the document fails and the others are written.
    let (other, other_pdf) = source(&dir, "other.md", "正文。\n".as_bytes());
    let input = dir.join("doc.pdf");
    let (out, _) = render(&[&input, &other]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("拒绝覆盖源文件"), "{}", stderr(&out));
    assert!(other_pdf.exists());
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "正文。\n");
}

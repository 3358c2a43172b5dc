//! Profiles: loading, `extends:`, errors with positions, departures.

use std::path::{Path, PathBuf};

use super::keys::FIELDS;
use super::*;
use crate::access::Access;
use crate::diag::{Diagnostic, Severity};
use crate::model::{Counter, Format, Located, Meta, SourcePos};
use crate::units::{Mm, Pt};

/// A fresh folder for one test's profile files.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongwen-template-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create test folder");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&path, text).expect("write profile");
    path
}

/// Loads the profile text `yaml` (written as `name` in a fresh folder).
fn load_text(test: &str, yaml: &str) -> Result<Loaded, crate::diag::Error> {
    let dir = folder(test);
    write(&dir, "本局.yaml", yaml);
    load("本局.yaml", &dir, Format::File)
}

fn loaded(test: &str, yaml: &str) -> Loaded {
    load_text(test, yaml).unwrap_or_else(|e| panic!("{test}: unexpected errors:\n{e}"))
}

fn errors(test: &str, yaml: &str) -> Vec<Diagnostic> {
    match load_text(test, yaml) {
        Ok(l) => panic!("{test}: expected errors, got {:?}", l.profile),
        Err(e) => e.diagnostics,
    }
}

fn at(line: u32, column: u32) -> Option<SourcePos> {
    Some(SourcePos { line, column })
}

#[test]
fn the_file_profile_is_the_default_profile() {
    let l = load("文件", Path::new(""), Format::File).expect("文件 loads");
    assert_eq!(l.profile, Profile::default());
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn the_file_profile_spells_out_every_key() {
    let text = builtin("文件").expect("built in").text;
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .collect();
    for (_, zh, _) in FIELDS {
        assert!(keys.contains(&zh), "templates/文件.yaml lacks `{zh}`");
    }
    assert!(!keys.iter().any(|k| *k == "extends" || *k == "继承"));
}

/// The top-level field names of `Profile`, read from its `Debug` output.
fn profile_field_names() -> Vec<String> {
    let text = format!("{:?}", Profile::default());
    let inner = text
        .strip_prefix("Profile { ")
        .and_then(|t| t.strip_suffix(" }"))
        .expect("struct debug output");
    let (mut names, mut depth, mut start) = (Vec::new(), 0i32, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ':' if depth == 0 => {
                names.push(inner[start..i].trim().trim_start_matches(", ").to_string());
            }
            ',' if depth == 0 => start = i,
            _ => {}
        }
    }
    names
}

#[test]
fn every_profile_field_has_a_key() {
    // A field added to `Profile` needs a key (in keys.rs and 文件.yaml),
    // or profiles could not set it.
    let names = profile_field_names();
    assert_eq!(names.len(), FIELDS.len(), "{names:?}");
    // English keys are the field names, but where the name is the code's.
    let renamed = [
        ("heading_roles", "heading_fonts"),
        ("font_families", "fonts"),
    ];
    for name in &names {
        let key = renamed
            .iter()
            .find(|(field, _)| field == name)
            .map_or(name.as_str(), |(_, key)| key);
        assert!(
            FIELDS.iter().any(|(_, _, en)| *en == key),
            "no key for `{name}`"
        );
    }
}

#[test]
fn every_builtin_loads_cleanly_and_is_listed() {
    let list = listing();
    for b in &BUILTINS {
        let l = load(b.name, Path::new(""), b.format).expect("built-in loads");
        assert!(l.warnings.is_empty(), "{}: {:?}", b.name, l.warnings);
        assert!(!b.description().is_empty(), "{} has no 说明", b.name);
        assert!(list.contains(b.name) && list.contains(&b.description()));
        assert_eq!(builtin(b.english).map(|x| x.name), Some(b.name));
        if b.name != "文件" {
            assert!(b.text.contains("extends: 文件"), "{}", b.name);
        }
    }
    assert!(
        list.contains("文件    file     GB/T 9704-2012 文件格式"),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.contains("文件") && l.ends_with("（默认）"))
    );
}

#[test]
fn a_local_profile_overrides_only_what_it_says() {
    let l = loaded(
        "override",
        "extends: 文件\n天头: 3.4cm\n订口: 31mm\n行距: 29.5pt\n编号: [一、, （一）, 1、]\n层次字体: [黑体, 黑体]\n正文字号: 三号\n红色: \"#FF0000\"\n",
    );
    let mut expected = Profile {
        margin_top: Mm(34.0),
        margin_left: Mm(31.0),
        line_pitch: Some(Pt(29.5).to_mm()),
        red: Color::Rgb(1.0, 0.0, 0.0),
        ..Profile::default()
    };
    expected.numbering[2].suffix = "、".into();
    expected.heading_roles[1] = crate::fonts::Role::HeiTi;
    assert_eq!(l.profile, expected);
    assert!((l.profile.line_pitch().to_pt().0 - 29.5).abs() < 1e-4);
}

#[test]
fn extends_follows_paths_relative_to_the_file() {
    let dir = folder("chain");
    write(
        &dir,
        "省/基础.yaml",
        "extends: 文件\n天头: 35mm\n订口: 27.5mm\n",
    );
    write(&dir, "本局.yaml", "extends: 省/基础.yaml\n订口: 29mm\n");
    let l = load("本局", &dir, Format::File).expect("chain loads");
    assert_eq!(l.profile.margin_top, Mm(35.0));
    assert_eq!(l.profile.margin_left, Mm(29.0));
    // 35 mm departs; the 订口 of the base is overridden, so only one warning.
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(l.warnings[0].file.ends_with("省/基础.yaml"));
    assert_eq!(l.warnings[0].pos, at(2, 1));
}

#[test]
fn without_extends_a_profile_builds_on_the_documents_format() {
    let dir = folder("no-extends");
    write(&dir, "p.yaml", "天头: 37.5mm\n");
    let l = load("p.yaml", &dir, Format::Letter).expect("loads");
    let base = load("信函", Path::new(""), Format::Letter).expect("信函");
    assert_eq!(
        l.profile,
        Profile {
            margin_top: Mm(37.5),
            ..base.profile
        }
    );
    assert!(l.warnings.is_empty(), "within tolerance: {:?}", l.warnings);
}

#[test]
fn a_cycle_is_an_error_at_the_extends_that_closes_it() {
    let dir = folder("cycle");
    write(&dir, "a.yaml", "extends: b.yaml\n天头: 36mm\n");
    write(&dir, "b.yaml", "天头: 36mm\nextends: a\n");
    let e = load("a.yaml", &dir, Format::File).expect_err("cycle");
    let d = &e.diagnostics[0];
    assert!(d.message.contains("循环"), "{d}");
    assert!(
        d.message.contains("a.yaml → ") && d.message.contains("b.yaml → "),
        "{d}"
    );
    assert!(d.file.ends_with("b.yaml"), "{d}");
    assert_eq!(d.pos, at(2, 10), "{d}");
    // A profile extending itself.
    write(&dir, "self.yaml", "extends: ./self.yaml\n");
    let e = load("self", &dir, Format::File).expect_err("self");
    assert!(e.diagnostics[0].message.contains("循环"), "{e}");
}

#[test]
fn a_missing_base_is_an_error_at_extends() {
    let d = &errors("missing-base", "天头: 37mm\nextends: 省局.yaml\n")[0];
    assert!(d.message.contains("找不到模板「省局.yaml」"), "{d}");
    assert_eq!(d.pos, at(2, 10));
    let d = &errors("near-builtin", "extends: 文件s\n")[0];
    assert_eq!(
        d.help.as_deref(),
        Some("你是不是想写内置模板 `文件`？"),
        "{d}"
    );
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion_and_position() {
    let e = errors(
        "unknown",
        "extends: 文件\n天投: 34mm\nline_pich: 29pt\n随便: 1\n",
    );
    assert_eq!(e.len(), 3, "{e:?}");
    assert_eq!(e[0].message, "未知的模板键 `天投`");
    assert_eq!(e[0].help.as_deref(), Some("你是不是想写 `天头`？"));
    assert_eq!(e[0].pos, at(2, 1));
    assert!(e[0].file.ends_with("本局.yaml"));
    assert_eq!(e[0].source_line.as_deref(), Some("天投: 34mm"));
    assert_eq!(e[1].help.as_deref(), Some("你是不是想写 `line_pitch`？"));
    assert_eq!(e[1].pos, at(3, 1));
    assert!(
        e[2].help
            .as_deref()
            .unwrap_or("")
            .contains("templates show"),
        "{}",
        e[2]
    );
}

#[test]
fn repeated_keys_in_either_spelling_are_errors() {
    let e = errors("repeat", "天头: 37mm\nmargin_top: 36mm\n");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message
            .contains("重复的键 `margin_top`：第 1 行已经写过 `天头`"),
        "{}",
        e[0]
    );
    assert_eq!(e[0].pos, at(2, 1));
}

#[test]
fn bad_values_are_errors_at_the_value() {
    let yaml = "\
extends: 文件
天头: -3mm
订口: 28
版心宽度: [156mm]
层次字体: [黑体, 草书]
红色: 红
页码字号: 大号
每面行数: 22.5
红线五角星: 也许
编号: [一、, 甲]
行距: 0pt
";
    let e = errors("bad-values", yaml);
    let found: Vec<(Option<SourcePos>, &str)> =
        e.iter().map(|d| (d.pos, d.message.as_str())).collect();
    let expect = [
        (at(2, 5), "`天头` 不能为负数：`-3mm`"),
        (at(3, 5), "`订口` 的长度 `28` 缺少单位"),
        (at(4, 7), "`版心宽度` 应为长度，这里是列表"),
        (at(5, 12), "未知的字体 `草书`"),
        (at(6, 5), "`红色` 不是可识别的颜色：`红`"),
        (at(7, 7), "`页码字号` 应为字号，这里是 `大号`"),
        (
            at(8, 7),
            "`每面行数` 应为 1 到 200 之间的整数，这里是 `22.5`",
        ),
        (
            at(9, 8),
            "`红线五角星` 应为 是/否（true/false），这里是 `也许`",
        ),
        (
            at(10, 10),
            "无法识别的编号样式 `甲`：其中应有序数 `一` 或 `1`（写第一个序号）",
        ),
        (at(11, 5), "`行距` 应大于 0：`0pt`"),
    ];
    assert_eq!(found, expect);
    assert!(e.iter().all(|d| d.severity == Severity::Error));
}

#[test]
fn an_unquoted_hex_colour_gets_a_hint() {
    let d = &errors("hex", "红色: #FF0000\n")[0];
    assert_eq!(d.message, "`红色` 缺少值");
    assert!(d.help.as_deref().unwrap_or("").contains("要加引号"), "{d}");
}

#[test]
fn a_yaml_syntax_error_is_placed_in_the_profile() {
    let d = &errors("syntax", "天头: 37mm\n编号: [一、, （一）\n")[0];
    assert!(d.message.starts_with("模板的 YAML 格式有误"), "{d}");
    assert!(d.pos.is_some_and(|p| p.line >= 2), "{d}");
}

#[test]
fn a_type_area_off_the_paper_is_an_error() {
    let d = &errors("off-paper", "订口: 40mm\n版心宽度: 180mm\n")[0];
    assert!(d.message.contains("版心超出纸张"), "{d}");
    assert_eq!(d.pos, at(2, 1), "{d}");
    let d = &errors("overlap", "行距: 12pt\n")[0];
    assert!(d.message.contains("各行会互相重叠"), "{d}");
}

#[test]
fn values_read_in_every_unit() {
    let l = loaded(
        "units",
        "天头: 37毫米\n订口: 2.8厘米\n标题字号: 小二\n版记字号: 14磅\n页码字号: 4号\n红色: Y80 M80\n标题行距: 36pt\nred_line_star: 是\nLINES_PER_PAGE: 22\n",
    );
    let p = &l.profile;
    assert_eq!((p.margin_top, p.margin_left), (Mm(37.0), Mm(28.0)));
    assert_eq!(
        (p.title_size, p.colophon_size, p.page_number_size),
        (Pt(18.0), Pt(14.0), Pt(14.0))
    );
    assert_eq!(p.red, Color::RED);
    assert_eq!(p.title_pitch, Some(Pt(36.0).to_mm()));
    assert!(p.red_line_star);
    // Only the title size departs.
    let messages: Vec<&str> = l.warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["标题字号 小二（18 pt） 不是 GB/T 9704 §7.3.1 规定的 二号（22 pt）"]
    );
}

#[test]
fn each_departure_is_one_warning_naming_the_clause_at_its_key() {
    let yaml = "\
extends: 文件
天头: 34mm
订口: 31mm
行距: 29.5pt
编号: [一、, （一）, 1、]
正文字号: 15pt
页码字号: 小四
页码距版心: 9mm
版记粗线: 0.5mm
版记细线: 0.25mm
红色: \"#FF0000\"
版心宽度: 155.5mm
每行字数: 27
";
    let l = loaded("departures", yaml);
    let found: Vec<(u32, &str)> = l
        .warnings
        .iter()
        .map(|d| (d.pos.map_or(0, |p| p.line), d.message.as_str()))
        .collect();
    let expect = [
        (2, "天头 34 mm 超出 GB/T 9704 §5.2.1 规定的 37 ± 1 mm"),
        (3, "订口 31 mm 超出 GB/T 9704 §5.2.1 规定的 28 ± 1 mm"),
        (
            8,
            "页码一字线距版心下边缘 9 mm 不符合 GB/T 9704 §7.5 规定的 7 mm",
        ),
        (13, "每行 27 字，不符合 GB/T 9704 §5.2.3 规定的每行 28 字"),
        (
            4,
            "行距 29.5 pt（10.41 mm）排 22 行需 228.95 mm，超出 225 mm 的版心，每面只能排 21 行（GB/T 9704 §5.2.3 规定每面 22 行并撑满版心）",
        ),
        (
            6,
            "正文字号 小三（15 pt） 不是 GB/T 9704 §5.2.2 规定的 三号（16 pt）",
        ),
        (
            7,
            "页码字号 小四（12 pt） 不是 GB/T 9704 §7.5 规定的 四号（14 pt）",
        ),
        (
            5,
            "第三层序数 `1、` 不符合 GB/T 9704 §7.3.3 规定的 `1.`（GB/T 15834：阿拉伯数字后用下脚点 `.`，不用顿号）",
        ),
        (
            11,
            "红色 #FF0000 不是 GB/T 9704 §6.2 规定的红色油墨 Y80% M80%（C0 M80 Y80 K0）",
        ),
        (9, "版记粗线 0.5 mm 不同于 GB/T 9704 §7.4.1 推荐的 0.35 mm"),
    ];
    assert_eq!(found, expect);
    assert!(l.warnings.iter().all(|d| d.severity == Severity::Warning));
    assert!(l.warnings.iter().all(|d| d.file.ends_with("本局.yaml")));
    // Within the tolerances: no warning (版心宽度 155.5, 版记细线 as standard).
    let l = loaded(
        "tolerated",
        "天头: 36mm\n订口: 29mm\n版心高度: 224.2mm\n行距: 10.19mm\n",
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn a_short_pitch_that_leaves_the_type_area_unfilled_departs() {
    let l = loaded("short-pitch", "行距: 28pt\n");
    assert_eq!(l.warnings.len(), 1);
    assert!(
        l.warnings[0]
            .message
            .contains("只占 217.31 mm，未撑满 225 mm 的版心"),
        "{}",
        l.warnings[0]
    );
}

#[test]
fn heading_faces_that_depart_are_named_per_level() {
    let l = loaded("faces", "层次字体: [黑体, 仿宋, 仿宋, 楷体]\n");
    let messages: Vec<&str> = l.warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "第二层标题用 仿宋，不符合 GB/T 9704 §7.3.3 规定的 楷体",
            "第四层标题用 楷体，不符合 GB/T 9704 §7.3.3 规定的 仿宋",
        ]
    );
}

fn meta_with(template: Option<&str>, format: Format) -> Meta {
    Meta {
        template: template.map(|t| Located::new(t.to_string(), SourcePos { line: 3, column: 5 })),
        format: Located::new(format, SourcePos::default()),
        ..Meta::default()
    }
}

#[test]
fn a_document_uses_its_template_else_its_format() {
    let dir = folder("document");
    write(&dir, "模板/本局.yaml", "extends: 文件\n天头: 36mm\n");
    let source = dir.join("通知.md");
    let text = "---\n标题: x\n模板: 模板/本局\n---\n";
    let l = for_document(
        &source,
        text,
        &meta_with(Some("模板/本局"), Format::File),
        None,
        &Access::anywhere(),
    )
    .expect("relative to the source");
    assert_eq!(l.profile.margin_top, Mm(36.0));
    // Without 模板: the built-in of the 版式.
    let l = for_document(
        &source,
        text,
        &meta_with(None, Format::Order),
        None,
        &Access::anywhere(),
    )
    .expect("命令");
    assert_eq!(
        l.profile,
        load("命令", Path::new(""), Format::Order)
            .expect("命令")
            .profile
    );
    // The chosen profile wins over 模板.
    let chosen = Chosen {
        spec: "本局.yaml".into(),
        base_dir: dir.join("模板"),
    };
    let l = for_document(
        &source,
        text,
        &meta_with(Some("无版头"), Format::File),
        Some(&chosen),
        &Access::anywhere(),
    )
    .expect("chosen");
    assert_eq!(l.profile.margin_top, Mm(36.0));
}

#[test]
fn a_template_that_is_not_found_is_an_error_at_its_key() {
    let dir = folder("not-found");
    let source = dir.join("通知.md");
    let text = "---\n标题: x\n模板: 省局\n---\n";
    let e = for_document(
        &source,
        text,
        &meta_with(Some("省局"), Format::File),
        None,
        &Access::within_folder_of(&source),
    )
    .expect_err("missing");
    let d = &e.diagnostics[0];
    assert_eq!(d.file, source);
    assert_eq!(d.pos, at(3, 5));
    assert_eq!(d.source_line.as_deref(), Some("模板: 省局"));
    assert!(d.message.starts_with("找不到模板「省局」"), "{d}");
    // From the command line: no position, the working folder in the help.
    let e = load("省局", &dir, Format::File).expect_err("missing");
    assert_eq!(e.diagnostics[0].pos, None);
    assert!(
        e.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("当前工作目录")
    );
}

#[test]
fn a_profiles_numbering_applies_where_the_front_matter_sets_none() {
    let profile = loaded("numbering", "编号: [一、, （一）, 1、]\n").profile;
    let parse = |src: &str| {
        crate::source::parse_with(Path::new("a.md"), src, |_| Some(profile.numbering.clone()))
            .expect("parses")
    };
    let heading = |doc: &crate::model::Document, i: usize| match &doc.body[i] {
        crate::model::Block::Heading(h) => h.number.clone(),
        other => panic!("not a heading: {other:?}"),
    };
    let doc = parse("### 甲\n\n### 乙\n");
    assert_eq!(
        (heading(&doc, 0), heading(&doc, 1)),
        ("1、".into(), "2、".into())
    );
    // 编号 wins for the levels it gives; the others keep the profile's.
    let doc = parse("---\n编号: [一., （一）]\n---\n\n正文。\n\n# 甲\n\n### 乙\n");
    assert_eq!(
        (heading(&doc, 1), heading(&doc, 2)),
        ("一.".into(), "1、".into())
    );
    let doc = parse("---\n编号: [一、, （一）, 1.]\n---\n\n### 乙\n");
    assert_eq!(heading(&doc, 0), "1.");
    assert_eq!(profile.numbering[2].counter, Counter::Arabic);
}

//! `gongwen import`: plain-text drafts → Markdown + front matter, checked
//! through the model the source stage builds from the output.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use gongwen::import::{self, Imported};
use gongwen::model::{Block, Date, Document, Run};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Imports a fixture and parses the result with the source stage.
fn import_fixture(name: &str) -> (Imported, Document) {
    let imported = import::import_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let doc = parse(name, &imported);
    (imported, doc)
}

fn import_str(text: &str) -> (Imported, Document) {
    let imported = import::import_text(Path::new("稿.txt"), text);
    let doc = parse("稿.txt", &imported);
    (imported, doc)
}

fn parse(name: &str, imported: &Imported) -> Document {
    gongwen::source::parse(Path::new(&format!("{name}.md")), &imported.markdown).unwrap_or_else(
        |e| {
            panic!(
                "{name}: the import does not parse:\n{e}\n{}",
                imported.markdown
            )
        },
    )
}

/// Half-width punctuation in Chinese text as the sample corrected it.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            '?' => '？',
            '!' => '！',
            c => c,
        })
        .collect()
}

fn text(runs: &[Run]) -> String {
    full_width(&runs.iter().map(|r| r.text.as_str()).collect::<String>())
}

/// A body block, reduced to what the structure is.
#[derive(Debug, PartialEq)]
enum Shape {
    Heading {
        level: u8,
        number: String,
        text: String,
        run_in: Option<String>,
    },
    Paragraph(String),
}

fn shapes(doc: &Document) -> Vec<Shape> {
    doc.body
        .iter()
        .map(|b| match b {
            Block::Heading(h) => Shape::Heading {
                level: h.level,
                number: h.number.clone(),
                text: text(&h.text),
                run_in: h.run_in.as_deref().map(text),
            },
            Block::Paragraph { runs, .. } => Shape::Paragraph(text(runs)),
            other => panic!("unexpected block {other:?}"),
        })
        .collect()
}

fn heading(level: u8, number: &str, text: &str, run_in: Option<&str>) -> Shape {
    Shape::Heading {
        level,
        number: number.to_string(),
        text: text.to_string(),
        run_in: run_in.map(str::to_string),
    }
}

fn para(text: &str) -> Shape {
    Shape::Paragraph(text.to_string())
}

fn values<T: Clone>(items: &[gongwen::model::Located<T>]) -> Vec<T> {
    items.iter().map(|i| i.value.clone()).collect()
}

fn date(year: u16, month: u8, day: u8) -> Option<Date> {
    Some(Date { year, month, day })
}

/// The characters that carry content: no spaces, no YAML or Markdown marks,
/// and a full-width colon counted as the key's own colon.
fn content(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"#-\\\"'[]>*_`".contains(*c))
        .map(|c| if c == '：' { ':' } else { c })
        .collect()
}

/// Every character of every draft line that was not dropped is in the
/// output: each line within the front matter or the body, and the body
/// lines in the order of the draft. The 主送机关 line may lose the colon
/// that ends it (layout prints it).
fn assert_keeps_every_character(draft: &str, imported: &Imported) {
    keeps_every_character(draft, imported, true);
}

/// [`assert_keeps_every_character`]; `ordered: false` checks only that each
/// line is there (random drafts repeat short lines, which a greedy search
/// for the order cannot tell apart).
fn keeps_every_character(draft: &str, imported: &Imported, ordered: bool) {
    let markdown = &imported.markdown;
    let body_start = markdown
        .match_indices("\n---\n")
        .next()
        .map_or(0, |(i, _)| i + 5);
    let front = content(&markdown[..body_start]);
    let body = content(&markdown[body_start..]);
    let dropped: Vec<u32> = imported.dropped.iter().map(|d| d.line).collect();
    let draft = draft.strip_prefix('\u{feff}').unwrap_or(draft);
    let mut cursor = 0;
    for (i, line) in draft.split('\n').enumerate() {
        let no = u32::try_from(i + 1).unwrap();
        let want = content(line.trim_end_matches('\r'));
        if want.is_empty() || dropped.contains(&no) {
            continue;
        }
        if !ordered && body.contains(&want) {
            continue;
        }
        if let Some(at) = body.get(cursor..).and_then(|b| b.find(&want)) {
            cursor += at + want.len();
            continue;
        }
        assert!(
            !(ordered && body.contains(&want)),
            "line {no} is in the body but out of order: {line}\n{markdown}"
        );
        let recipients = markdown
            .lines()
            .find(|l| l.starts_with("主送机关:"))
            .map(content)
            .unwrap_or_default();
        let found = front.contains(&want)
            || want
                .strip_suffix(':')
                .is_some_and(|w| recipients.contains(w));
        assert!(found, "line {no} is lost: {line}\n{markdown}");
    }
}

#[test]
fn seed_imports_to_the_structure_of_the_sample() {
    let (imported, doc) = import_fixture("naiman-audit-2020-report.txt");
    let sample_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/naiman-audit-2020.md");
    let sample_text = std::fs::read_to_string(&sample_path).unwrap();
    let sample = gongwen::source::parse(&sample_path, &sample_text).unwrap();

    let title = |d: &Document| d.meta.title.as_ref().map(|t| t.value.clone());
    assert_eq!(
        title(&doc).as_deref(),
        Some("奈曼旗审计局党组2020年意识形态工作专题报告")
    );
    assert_eq!(title(&doc), title(&sample));
    assert_eq!(
        values(&doc.meta.recipients),
        values(&sample.meta.recipients)
    );
    assert_eq!(values(&doc.meta.signature), ["中共奈曼旗审计局党组"]);
    assert_eq!(values(&doc.meta.signature), values(&sample.meta.signature));
    assert_eq!(doc.meta.date.as_ref().map(|d| d.value), date(2020, 12, 28));
    assert_eq!(
        doc.meta.date.as_ref().map(|d| d.value),
        sample.meta.date.as_ref().map(|d| d.value)
    );
    assert_eq!(doc.meta.numbering, sample.meta.numbering);

    // Every heading (level, number, text, run-in) and every paragraph, the
    // seed's half-width punctuation read as the sample's full-width.
    let (ours, theirs) = (shapes(&doc), shapes(&sample));
    assert_eq!(ours.len(), theirs.len());
    for (n, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "block {n}");
    }
    // Paragraphs standing alone and run into a heading.
    let paragraphs = ours
        .iter()
        .filter(|s| {
            matches!(
                s,
                Shape::Paragraph(_)
                    | Shape::Heading {
                        run_in: Some(_),
                        ..
                    }
            )
        })
        .count();
    assert_eq!(paragraphs, 15);
    let numbers: Vec<&str> = ours
        .iter()
        .filter_map(|s| match s {
            Shape::Heading { number, .. } => Some(number.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        numbers,
        [
            "一、",
            "（一）",
            "（二）",
            "1、",
            "2、",
            "3、",
            "（三）",
            "（四）",
            "1、",
            "2、",
            "3、",
            "（五）",
            "1、",
            "2、",
            "二、",
            "三、",
            "（一）",
            "（二）",
            "（三）"
        ]
    );

    let dropped: Vec<(u32, &str)> = imported
        .dropped
        .iter()
        .map(|d| (d.line, d.text.as_str()))
        .collect();
    assert_eq!(
        dropped,
        [
            (3, "发布日期:2020-12-30 浏览次数:140"),
            (62, "信息来源:暂无来源"),
            (63, "首页")
        ]
    );
    let draft = std::fs::read_to_string(fixture("naiman-audit-2020-report.txt")).unwrap();
    assert_keeps_every_character(&draft, &imported);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn gbk_with_crlf_and_every_closing_part() {
    let (imported, doc) = import_fixture("gbk-crlf.txt");
    assert_eq!(imported.encoding, import::TextEncoding::Gb18030);
    let m = &doc.meta;
    assert_eq!(values(&m.issuers), ["奈曼旗审计局"]);
    assert_eq!(m.doc_number.as_ref().unwrap().value, "奈审发〔2021〕3号");
    assert_eq!(values(&m.signers), ["张三"]);
    // A title broken over two lines is one title.
    assert_eq!(
        m.title.as_ref().unwrap().value,
        "关于开展2021年度审计项目计划编制工作的通知"
    );
    assert_eq!(values(&m.recipients), ["各股室，局属各单位"]);
    let names: Vec<&str> = m
        .attachments
        .iter()
        .map(|a| a.name.value.as_str())
        .collect();
    assert_eq!(names, ["1.审计项目建议表", "2.审计项目计划编制说明"]);
    assert_eq!(values(&m.signature), ["奈曼旗审计局"]);
    // 二〇二一年一月五日
    assert_eq!(m.date.as_ref().map(|d| d.value), date(2021, 1, 5));
    assert_eq!(
        m.note.as_ref().unwrap().value,
        "（联系人：李四，电话：1234567）"
    );
    assert_eq!(values(&m.cc), ["旗委办公室，旗政府办公室。"]);
    assert_eq!(m.printer.as_ref().unwrap().value, "奈曼旗审计局办公室");
    assert_eq!(m.print_date.as_ref().map(|d| d.value), date(2021, 1, 5));
    assert_eq!(
        shapes(&doc),
        [
            para("为做好2021年度审计项目计划编制工作，现将有关事项通知如下："),
            heading(1, "一、", "总体要求", None),
            heading(
                2,
                "（一）",
                "指导思想。",
                Some("坚持以习近平新时代中国特色社会主义思想为指导，依法全面履行审计监督职责。")
            ),
            heading(2, "（二）", "基本原则", None),
            heading(
                3,
                "1.",
                "突出重点。",
                Some("围绕中心、服务大局，聚焦重大政策措施落实情况。")
            ),
            heading(3, "2.", "统筹兼顾", None),
            heading(4, "（1）", "合理安排审计资源。", None),
            heading(4, "（2）", "避免重复审计、多头审计。", None),
            heading(1, "二、", "时间安排", None),
            para("请各股室于2021年1月15日前报送审计项目建议。"),
        ]
    );
    // The date in Chinese numerals is kept, as a comment, with its line.
    assert!(
        imported
            .markdown
            .contains("# 原文第 20 行：二〇二一年一月五日")
    );
    let bytes = std::fs::read(fixture("gbk-crlf.txt")).unwrap();
    let (draft, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    assert_keeps_every_character(&draft, &imported);
}

#[test]
fn bom_file_with_signer_and_title_set_off_by_a_blank_line() {
    let (imported, doc) = import_fixture("bom.txt");
    assert_eq!(imported.encoding, import::TextEncoding::Utf8Bom);
    let m = &doc.meta;
    assert_eq!(values(&m.signers), ["王五"]);
    assert_eq!(
        m.title.as_ref().unwrap().value,
        "奈曼旗审计局关于增加内设机构编制的请示"
    );
    assert_eq!(values(&m.recipients), ["旗委编办"]);
    let names: Vec<&str> = m
        .attachments
        .iter()
        .map(|a| a.name.value.as_str())
        .collect();
    assert_eq!(names, ["奈曼旗审计局人员编制情况表"]);
    assert_eq!(values(&m.signature), ["奈曼旗审计局"]);
    assert_eq!(m.date.as_ref().map(|d| d.value), date(2021, 3, 8));
    assert_eq!(m.note.as_ref().unwrap().value, "（此件不公开）");
    let s = shapes(&doc);
    assert_eq!(s.len(), 6);
    // A level-1 heading typed as a sentence runs into its text.
    assert_eq!(
        s[1],
        heading(
            1,
            "一、",
            "现状。",
            Some("2020年我局共完成审计项目26个，人均承担审计项目2.6个，任务繁重。")
        )
    );
    assert_eq!(s[5], para("妥否，请批示。"));
    let draft = std::fs::read_to_string(fixture("bom.txt")).unwrap();
    assert_keeps_every_character(&draft, &imported);
}

#[test]
fn web_residue_is_dropped_and_listed() {
    let (imported, doc) = import_fixture("web-residue.txt");
    let dropped: Vec<(u32, &str)> = imported
        .dropped
        .iter()
        .map(|d| (d.line, d.reason))
        .collect();
    assert_eq!(
        dropped,
        [
            (1, "网页导航"),
            (2, "网页信息"),
            (4, "网页信息"),
            (5, "网页信息"),
            (9, "页码"),
            (11, "页码"),
            (14, "网页信息"),
        ]
    );
    let m = &doc.meta;
    assert_eq!(
        m.title.as_ref().unwrap().value,
        "关于做好2021年春节期间安全防范工作的通知"
    );
    assert_eq!(values(&m.recipients), ["各旗县区应急管理局"]);
    assert_eq!(values(&m.signature), ["市应急管理局"]);
    assert_eq!(m.date.as_ref().map(|d| d.value), date(2021, 1, 20));
    assert_eq!(
        shapes(&doc),
        [
            para("春节将至，为确保全市人民度过一个欢乐祥和的节日，现就有关事项通知如下："),
            heading(
                1,
                "一、",
                "加强隐患排查。",
                Some("各地要组织力量对重点行业领域开展拉网式排查，确保不留死角。")
            ),
            heading(
                1,
                "二、",
                "强化应急值守。",
                Some("严格执行24小时值班和领导带班制度，确保信息畅通。")
            ),
        ]
    );
    let notes = imported.notes(Path::new("web.txt")).join("\n");
    assert!(notes.contains("第 9 行（页码）：- 1 -"), "{notes}");
    assert!(
        notes.contains("第 1 行（网页导航）：首页 > 政务公开 > 通知公告"),
        "{notes}"
    );
    let draft = std::fs::read_to_string(fixture("web-residue.txt")).unwrap();
    assert_keeps_every_character(&draft, &imported);
}

#[test]
fn hard_wrapped_lines_are_joined_across_a_page_break() {
    let (imported, doc) = import_fixture("hard-wrapped.txt");
    let m = &doc.meta;
    assert_eq!(
        m.title.as_ref().unwrap().value,
        "关于在全系统开展审计质量提升年活动的通知"
    );
    assert_eq!(values(&m.recipients), ["各股室"]);
    assert_eq!(values(&m.signature), ["奈曼旗审计局"]);
    assert_eq!(m.date.as_ref().map(|d| d.value), date(2020, 12, 28));
    let s = shapes(&doc);
    assert_eq!(s.len(), 6, "{s:?}");
    assert_eq!(
        s[0],
        para(
            "为深入贯彻落实全区审计工作会议精神，进一步提高审计工作质量，推动审计监督全覆盖，经局党组研究，决定在全系统开展审计质量提升年活动。现将有关事项通知如下："
        )
    );
    assert_eq!(
        s[5],
        heading(
            2,
            "（二）",
            "加强审计队伍建设。",
            Some("组织开展业务培训和岗位练兵，提高审计人员发现问题、分析问题和解决问题的能力。")
        )
    );
    let dropped: Vec<u32> = imported.dropped.iter().map(|d| d.line).collect();
    assert_eq!(dropped, [19]);
    let draft = std::fs::read_to_string(fixture("hard-wrapped.txt")).unwrap();
    assert_keeps_every_character(&draft, &imported);
}

#[test]
fn dates_in_every_spelling() {
    for spelling in [
        "2020年12月28日",
        "2020.12.28",
        "二〇二〇年十二月二十八日",
        "2020-12-28",
        "2020/12/28",
        "２０２０年１２月２８日",
    ] {
        let draft =
            format!("关于放假的通知\n\n各单位：\n\n现将有关事项通知如下。\n\n某某局\n{spelling}\n");
        let (imported, doc) = import_str(&draft);
        assert_eq!(
            doc.meta.date.as_ref().map(|d| d.value),
            date(2020, 12, 28),
            "{spelling}"
        );
        assert_eq!(values(&doc.meta.signature), ["某某局"], "{spelling}");
        assert_eq!(shapes(&doc), [para("现将有关事项通知如下。")], "{spelling}");
        assert_keeps_every_character(&draft, &imported);
    }
}

#[test]
fn heading_forms_and_run_ins() {
    let draft = "关于加强管理的通知\n\n各单位：\n\n\
                 一、总体要求。坚持“稳中求进。”总基调。\n\
                 （一）工作目标\n\
                 (二)工作措施。加强领导。\n\
                 1、明确责任\n\
                 2．强化督导。定期检查。\n\
                 （1）每月一次\n\
                 (2)每季一报。\n\
                 3、加强考核\n\
                 二、其他事项\n\
                 1.5亿元专项资金按规定使用。\n\
                 一是加强领导。\n";
    let (imported, doc) = import_str(draft);
    assert_eq!(
        shapes(&doc),
        [
            heading(1, "一、", "总体要求。", Some("坚持“稳中求进。”总基调。")),
            heading(2, "（一）", "工作目标", None),
            heading(2, "（二）", "工作措施。", Some("加强领导。")),
            heading(3, "1、", "明确责任", None),
            heading(3, "2、", "强化督导。", Some("定期检查。")),
            heading(4, "（1）", "每月一次", None),
            heading(4, "（2）", "每季一报。", None),
            heading(3, "3、", "加强考核", None),
            heading(1, "二、", "其他事项", None),
            para("1.5亿元专项资金按规定使用。"),
            para("一是加强领导。"),
        ]
    );
    // Two of the three third-level numbers are typed `1、`: 编号 keeps it.
    assert!(
        imported
            .markdown
            .contains("编号: [一、, （一）, 1、, （1）]")
    );
    assert_keeps_every_character(draft, &imported);
}

#[test]
fn doc_number_signer_cc_and_print_lines() {
    let draft = "奈审发[2021]7号    签发人：张三、李四\n\
                 关于审计工作情况的报告\n\
                 市审计局：\n\
                 现将有关情况报告如下。\n\
                 奈曼旗审计局\n\
                 2021年6月1日\n\
                 （此件主动公开）\n\
                 ————————————————\n\
                 抄送：旗委办公室，\n\
                 旗政府办公室。\n\
                 奈曼旗审计局办公室    2021年6月1日印发\n";
    let (imported, doc) = import_str(draft);
    let m = &doc.meta;
    // Kept as typed: `gongwen check` proposes 〔〕.
    assert_eq!(m.doc_number.as_ref().unwrap().value, "奈审发[2021]7号");
    assert_eq!(values(&m.signers), ["张三", "李四"]);
    assert_eq!(m.note.as_ref().unwrap().value, "（此件主动公开）");
    assert_eq!(values(&m.cc), ["旗委办公室，旗政府办公室。"]);
    assert_eq!(m.printer.as_ref().unwrap().value, "奈曼旗审计局办公室");
    assert_eq!(m.print_date.as_ref().map(|d| d.value), date(2021, 6, 1));
    assert_eq!(
        imported
            .dropped
            .iter()
            .map(|d| d.reason)
            .collect::<Vec<_>>(),
        ["分隔线"]
    );
    assert!(
        imported
            .markdown
            .contains("# 原文第 1 行：奈审发[2021]7号    签发人：张三、李四")
    );
    assert_keeps_every_character(draft, &imported);
}

#[test]
fn a_closing_without_full_stop_is_no_signature() {
    let draft = "关于放假的通知\n各单位：\n放假三天。\n特此通知\n某某局\n2021年2月1日\n";
    let (imported, doc) = import_str(draft);
    assert_eq!(values(&doc.meta.signature), ["某某局"]);
    assert_eq!(shapes(&doc), [para("放假三天。"), para("特此通知")]);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_keeps_every_character(draft, &imported);
}

#[test]
fn what_cannot_be_classified_stays_and_is_reported() {
    let draft = "关于审计工作的讲话\n\
                 ——在全旗审计工作会议上\n\n\
                 同志们：\n\n\
                 今天召开会议，主要任务是总结工作。\n\n\
                 谢谢大家\n";
    let (imported, doc) = import_str(draft);
    let s = shapes(&doc);
    assert!(s.contains(&para("——在全旗审计工作会议上")), "{s:?}");
    assert!(s.contains(&para("谢谢大家")), "{s:?}");
    let reported: Vec<u32> = imported
        .warnings
        .iter()
        .filter_map(|w| w.pos.map(|p| p.line))
        .collect();
    assert_eq!(reported, [2, 8]);
    // No date at the end: said so.
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("未识别到成文日期"))
    );
    assert_keeps_every_character(draft, &imported);
}

#[test]
fn markdown_characters_in_the_text_survive() {
    let draft = "关于*重点*工作的通知\n\n各单位：\n\n# 号、<b>标签</b>、a_b_c 与 [链接](x) 都照原样。\n\n- 不是列表。\n\n2020) 也不是。\n";
    let (imported, doc) = import_str(draft);
    assert_eq!(
        doc.meta.title.as_ref().unwrap().value,
        "关于*重点*工作的通知"
    );
    assert_eq!(
        shapes(&doc),
        [
            para(&full_width(
                "# 号、<b>标签</b>、a_b_c 与 [链接](x) 都照原样。"
            )),
            para("- 不是列表。"),
            para(&full_width("2020) 也不是。")),
        ]
    );
    assert_keeps_every_character(draft, &imported);
}

#[test]
fn undecodable_and_binary_files_are_refused_in_chinese() {
    let err = import::import_bytes(Path::new("坏.txt"), b"\xff\xfe\xff").map(|_| ());
    // UTF-16 BOM then half a character.
    let err = err.unwrap_err().to_string();
    assert!(err.contains("编码"), "{err}");
    let err = import::import_bytes(Path::new("a.docx"), b"PK\x03\x04....")
        .unwrap_err()
        .to_string();
    assert!(err.contains("暂不支持导入 .docx"), "{err}");
}

// ---- the command ----

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn case_dir(name: &str) -> PathBuf {
    let dir = common::doc::scratch_dir().join(format!("import-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cli_writes_next_to_the_draft_and_lists_dropped_lines() {
    let dir = case_dir("default");
    let input = dir.join("稿.txt");
    std::fs::copy(fixture("web-residue.txt"), &input).unwrap();
    let out = gongwen().arg("import").arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("删除了 7 行"), "{stderr}");
    assert!(stderr.contains("第 4 行（网页信息）：发布时间"), "{stderr}");
    let written = std::fs::read_to_string(dir.join("稿.md")).expect("稿.md next to the draft");
    assert!(written.starts_with("---\n"));
    assert!(written.contains("标题: 关于做好2021年春节期间安全防范工作的通知"));
}

#[test]
fn cli_refuses_to_overwrite_without_force() {
    let dir = case_dir("force");
    let input = dir.join("draft.txt");
    std::fs::write(&input, "关于放假的通知\n\n各单位：\n\n放假三天。\n").unwrap();
    let target = dir.join("out.md");
    std::fs::write(&target, "mine").unwrap();
    let out = gongwen()
        .arg("import")
        .arg(&input)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("已存在") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    let out = gongwen()
        .args(["import", "--force", "-o"])
        .arg(&target)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("标题: 关于放假的通知")
    );
    // The draft itself is never the output, even with --force.
    let out = gongwen()
        .args(["import", "--force", "-o"])
        .arg(&input)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        std::fs::read_to_string(&input)
            .unwrap()
            .starts_with("关于放假的通知")
    );
}

#[test]
fn cli_reports_unreadable_drafts() {
    let dir = case_dir("errors");
    let out = gongwen()
        .arg("import")
        .arg(dir.join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取文件"));
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"ok\n\x81 \x81 ").unwrap();
    let out = gongwen().arg("import").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.txt:2:1") && stderr.contains("编码"),
        "{stderr}"
    );
    assert!(!dir.join("bad.md").exists());
}

#[test]
fn cli_imported_seed_renders_after_check_fix() {
    let dir = case_dir("render");
    let input = dir.join("report.txt");
    std::fs::copy(fixture("naiman-audit-2020-report.txt"), &input).unwrap();
    let out = gongwen().arg("import").arg(&input).output().unwrap();
    assert!(out.status.success());
    let md = dir.join("report.md");
    // The seed's half-width punctuation comes through the import as typed,
    // so the render gate refuses the draft until `check --fix` corrects it.
    let out = gongwen().arg("render").arg(&md).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("GW-PUNCT-HALFWIDTH"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.join("report.pdf").exists());
    let out = gongwen()
        .arg("check")
        .arg("--fix")
        .arg(&md)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = gongwen().arg("render").arg(&md).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn marks_above_the_masthead_and_no_recipients() {
    let draft = "000001\n机密★1年　特急\n奈曼旗审计局文件\n奈审发〔2021〕9号\n\
                 关于2021年度预算执行审计的公告\n\
                 根据《中华人民共和国审计法》，现将有关事项公告如下：\n\
                 一、审计范围\n本级预算执行情况。\n\
                 奈曼旗审计局\n2021年9月1日\n";
    let (imported, doc) = import_str(draft);
    let m = &doc.meta;
    assert_eq!(m.copy_number.as_ref().unwrap().value, "000001");
    assert_eq!(m.secrecy.as_ref().unwrap().value, "机密");
    assert_eq!(m.secrecy_period.as_ref().unwrap().value, "1年");
    assert_eq!(m.urgency.as_ref().unwrap().value, "特急");
    assert_eq!(values(&m.issuers), ["奈曼旗审计局"]);
    assert_eq!(
        m.title.as_ref().unwrap().value,
        "关于2021年度预算执行审计的公告"
    );
    // The first sentence ends in `：` but is no list of organs.
    assert!(m.recipients.is_empty());
    assert_eq!(
        shapes(&doc)[0],
        para("根据《中华人民共和国审计法》，现将有关事项公告如下：")
    );
    assert_keeps_every_character(draft, &imported);
}

/// Any text imports without a panic, and what comes out always parses.
#[test]
fn any_draft_gives_a_source_that_parses() {
    let pieces = [
        "一、",
        "（一）",
        "(二)",
        "1.",
        "1、",
        "（1）",
        "。",
        "：",
        ":",
        "，",
        "\n",
        "\n\n",
        " ",
        "\u{3000}\u{3000}",
        "#",
        "*",
        "-",
        "- ",
        "[",
        "]",
        "<",
        ">",
        "`",
        "|",
        "---",
        "=",
        "2020年12月28日",
        "二〇二〇年十二月二十八日",
        "2020.1.2",
        "抄送：",
        "附件：",
        "签发人：",
        "奈审发〔2020〕1号",
        "印发",
        "文件",
        "000001",
        "机密★1年",
        "特急",
        "（此件公开）",
        "发布日期：2020",
        "首页",
        "- 1 -",
        "关于",
        "通知",
        "某某局",
        "\"",
        "'",
        "\\",
        "&amp;",
        "现将有关事项通知如下",
        "审计工作",
        "1234",
        "\r\n",
        "\t",
        "<!-- 附件 -->",
        "——",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..400 {
        let len = 1 + next() % 60;
        let draft: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let imported = import::import_text(Path::new("稿.txt"), &draft);
        if let Err(e) = gongwen::source::parse(Path::new("稿.md"), &imported.markdown) {
            panic!("round {round}: {draft:?}\n{e}\n{}", imported.markdown);
        }
        keeps_every_character(&draft.replace('\r', ""), &imported, false);
    }
    for draft in [
        "",
        "\n\n\n",
        "首页\n- 1 -",
        "一、",
        "：",
        "2020年12月28日",
        "奈审发〔2020〕1号\n奈审发〔2020〕2号\n签发人：甲\n签发人：乙\n标题\n正文。\n某局\n2020年1月1日\n抄送：甲。\n抄送：乙。\n某办 2020年1月2日印发\n某办 2020年1月3日印发\n",
    ] {
        let imported = import::import_text(Path::new("稿.txt"), draft);
        gongwen::source::parse(Path::new("稿.md"), &imported.markdown)
            .unwrap_or_else(|e| panic!("{draft:?}\n{e}\n{}", imported.markdown));
    }
}

#[test]
fn cli_says_which_encoding_and_what_it_doubts() {
    let dir = case_dir("gbk");
    let input = dir.join("gbk.txt");
    std::fs::copy(fixture("gbk-crlf.txt"), &input).unwrap();
    let out = gongwen().arg("import").arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("按 GB18030/GBK 编码读取"), "{stderr}");
    // Written as UTF-8 with LF line ends.
    let written = std::fs::read(dir.join("gbk.md")).unwrap();
    let written = String::from_utf8(written).expect("UTF-8 output");
    assert!(!written.contains('\r'));
    assert!(written.contains("主送机关: 各股室，局属各单位"));

    let odd = dir.join("odd.txt");
    std::fs::write(
        &odd,
        "关于放假的通知\n\n各单位：\n\n放假三天。\n\n值班安排另行通知\n",
    )
    .unwrap();
    let out = gongwen().arg("import").arg(&odd).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("odd.txt:7:1: 警告：未能识别这一行"),
        "{stderr}"
    );
    assert!(stderr.contains("未识别到成文日期"), "{stderr}");
}

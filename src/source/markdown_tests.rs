//! Tests of the body, through the public [`crate::source::parse`].

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::{Block, Document, Heading, Run, RunStyle, SourcePos};
use crate::source::parse;

fn doc(src: &str) -> Document {
    match parse(Path::new("t.md"), src) {
        Ok(doc) => doc,
        Err(e) => panic!("unexpected errors:\n{e}"),
    }
}

fn errors(src: &str) -> Vec<Diagnostic> {
    match parse(Path::new("t.md"), src) {
        Ok(doc) => panic!("expected errors, got {doc:?}"),
        Err(e) => e.diagnostics,
    }
}

fn at(line: u32, column: u32) -> SourcePos {
    SourcePos { line, column }
}

fn run(text: &str, style: RunStyle, line: u32, column: u32) -> Run {
    Run {
        text: text.to_string(),
        style,
        pos: at(line, column),
    }
}

fn text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

fn headings(doc: &Document) -> Vec<&Heading> {
    doc.body
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            Block::Paragraph { .. } | Block::Chapter(_) | Block::Article(_) | Block::Table(_) => {
                None
            }
        })
        .collect()
}

/// (level, number, text) of every heading.
fn outline(doc: &Document) -> Vec<(u8, String, String)> {
    headings(doc)
        .iter()
        .map(|h| (h.level, h.number.clone(), text(&h.text)))
        .collect()
}

fn o(level: u8, number: &str, text: &str) -> (u8, String, String) {
    (level, number.to_string(), text.to_string())
}

#[test]
fn empty_body() {
    assert!(doc("---\n标题: x\n---\n").body.is_empty());
    assert!(doc("\n\n<!-- 备注 -->\n").body.is_empty());
}

#[test]
fn headings_are_numbered_per_level_with_resets() {
    let d = doc("---\n标题: 通知\n---\n# 甲\n## 乙\n## 丙\n### 丁\n#### 戊\n# 己\n## 庚\n### 辛\n");
    assert_eq!(
        outline(&d),
        [
            o(1, "一、", "甲"),
            o(2, "（一）", "乙"),
            o(2, "（二）", "丙"),
            o(3, "1.", "丁"),
            o(4, "（1）", "戊"),
            o(1, "二、", "己"),
            o(2, "（一）", "庚"),
            o(3, "1.", "辛"),
        ]
    );
    assert_eq!(headings(&d)[0].pos, at(4, 1));
    assert_eq!(headings(&d)[0].text[0].pos, at(4, 3));
}

#[test]
fn chinese_numbers_past_ten() {
    let src: String = (0..21).map(|i| format!("## 第{i}项\n\n")).collect();
    let d = doc(&src);
    let numbers: Vec<String> = headings(&d).iter().map(|h| h.number.clone()).collect();
    assert_eq!(numbers[9], "（十）");
    assert_eq!(numbers[10], "（十一）");
    assert_eq!(numbers[19], "（二十）");
    assert_eq!(numbers[20], "（二十一）");
}

#[test]
fn typed_numbers_are_not_doubled() {
    let d = doc("## （三）已有序号\n## 下一项\n### 1、加强组织领导\n### 2. 落实责任\n### (5)x\n");
    assert_eq!(
        outline(&d),
        [
            o(2, "（三）", "已有序号"),
            o(2, "（四）", "下一项"),
            o(3, "1.", "加强组织领导"),
            o(3, "2.", "落实责任"),
            o(3, "5.", "x"),
        ]
    );
    // The text after a stripped number keeps its true column.
    assert_eq!(headings(&d)[0].text[0].pos, at(1, 7));
    assert_eq!(headings(&d)[3].text[0].pos, at(4, 8));
}

#[test]
fn typed_number_in_configured_style_runs_in() {
    let src = "---\n编号: [一、, （一）, 1、, （1）]\n---\n### 1、加强组织领导。\n一是健全机制。\n\n二是强化考核。\n";
    let d = doc(src);
    assert_eq!(d.body.len(), 2);
    let Block::Heading(h) = &d.body[0] else {
        panic!("not a heading: {:?}", d.body[0])
    };
    assert_eq!(h.level, 3);
    assert_eq!(h.number, "1、");
    assert_eq!(h.text, [run("加强组织领导。", RunStyle::Regular, 4, 7)]);
    assert_eq!(
        h.run_in,
        Some(vec![run("一是健全机制。", RunStyle::Regular, 5, 1)])
    );
    assert!(matches!(&d.body[1], Block::Paragraph { pos, .. } if *pos == at(7, 1)));
}

#[test]
fn run_in_only_for_sentence_headings_before_a_paragraph() {
    let d = doc("## 总体要求\n正文。\n## 工作任务！\n## 保障措施？\n段落。\n### 最后一项。\n");
    let h = headings(&d);
    assert_eq!(h[0].run_in, None);
    assert_eq!(h[1].run_in, None, "followed by a heading");
    assert_eq!(h[2].run_in.as_deref().map(text).as_deref(), Some("段落。"));
    assert_eq!(h[3].run_in, None, "nothing follows");
    assert_eq!(d.body.len(), 5);
}

#[test]
fn leading_hash_heading_is_the_title() {
    let d = doc("# 关于开展检查的通知\n\n各单位：\n\n# 总体要求\n");
    let title = d.meta.title.clone().expect("title");
    assert_eq!(title.value, "关于开展检查的通知");
    assert_eq!(title.pos, at(1, 3));
    assert_eq!(outline(&d), [o(1, "一、", "总体要求")]);

    let d = doc("---\n标题: 已有标题\n---\n# 总体要求\n");
    assert_eq!(
        d.meta.title.as_ref().map(|t| t.value.as_str()),
        Some("已有标题")
    );
    assert_eq!(outline(&d), [o(1, "一、", "总体要求")]);

    let d = doc("各单位：\n\n# 总体要求\n");
    assert_eq!(d.meta.title, None);
    assert_eq!(outline(&d), [o(1, "一、", "总体要求")]);

    let d = doc("## 不是标题\n");
    assert_eq!(d.meta.title, None);
}

#[test]
fn strong_and_emphasis_runs_with_positions() {
    let d = doc("---\n标题: x\n---\n正文**重点**和*强调*。\n");
    let Block::Paragraph { runs, pos } = &d.body[0] else {
        panic!("not a paragraph")
    };
    assert_eq!(*pos, at(4, 1));
    assert_eq!(
        runs,
        &[
            run("正文", RunStyle::Regular, 4, 1),
            run("重点", RunStyle::Strong, 4, 5),
            run("和", RunStyle::Regular, 4, 9),
            run("强调", RunStyle::Emphasis, 4, 11),
            run("。", RunStyle::Regular, 4, 14),
        ]
    );
    let d = doc("a ***b*** __c__ _d_\n");
    let Block::Paragraph { runs, .. } = &d.body[0] else {
        panic!("not a paragraph")
    };
    let styles: Vec<_> = runs.iter().map(|r| (r.text.as_str(), r.style)).collect();
    assert_eq!(
        styles,
        [
            ("a ", RunStyle::Regular),
            ("b", RunStyle::Strong),
            (" ", RunStyle::Regular),
            ("c", RunStyle::Strong),
            (" ", RunStyle::Regular),
            ("d", RunStyle::Emphasis),
        ]
    );
}

#[test]
fn line_breaks_end_runs() {
    let d = doc("第一行\n第二行\nword\nnext 中文\n末尾  \n硬换行\n");
    let Block::Paragraph { runs, .. } = &d.body[0] else {
        panic!("not a paragraph")
    };
    assert_eq!(
        runs,
        &[
            run("第一行", RunStyle::Regular, 1, 1),
            run("第二行", RunStyle::Regular, 2, 1),
            run("word ", RunStyle::Regular, 3, 1),
            run("next 中文", RunStyle::Regular, 4, 1),
            run("末尾", RunStyle::Regular, 5, 1),
            run("硬换行", RunStyle::Regular, 6, 1),
        ]
    );
}

#[test]
fn escapes_and_links_keep_text() {
    let d = doc("价格\\*2 见[网站](http://x.cn)。\n");
    let Block::Paragraph { runs, .. } = &d.body[0] else {
        panic!("not a paragraph")
    };
    assert_eq!(text(runs), "价格*2 见网站。");
    let site = runs
        .iter()
        .find(|r| r.text.starts_with("网站"))
        .expect("link text");
    assert_eq!(site.pos, at(1, 9));
}

#[test]
fn crlf_and_full_width_indent() {
    let d = doc("---\r\n标题: x\r\n---\r\n\u{3000}\u{3000}各单位：\r\n下一行\r\n");
    let Block::Paragraph { runs, .. } = &d.body[0] else {
        panic!("not a paragraph")
    };
    assert_eq!(
        runs,
        &[
            run("各单位：", RunStyle::Regular, 4, 3),
            run("下一行", RunStyle::Regular, 5, 1),
        ]
    );
}

#[test]
fn unsupported_constructs_are_errors() {
    let e = errors("段落。\n\n- 甲\n- 乙\n");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.starts_with("暂不支持 Markdown 列表"),
        "{}",
        e[0]
    );
    assert_eq!(e[0].pos, Some(at(3, 1)));
    assert!(e[0].help.is_some());

    let e = errors("1. 加强组织领导\n");
    assert!(e[0].message.contains("有序列表"), "{}", e[0]);

    let e = errors("> 引用\n");
    assert!(e[0].message.contains("引用块"), "{}", e[0]);

    let e = errors("正文\n\n    缩进的行\n");
    assert!(e[0].message.contains("代码块"), "{}", e[0]);
    assert_eq!(e[0].pos, Some(at(3, 5)));

    let e = errors("```\ncode\n```\n");
    assert!(e[0].message.contains("代码块"), "{}", e[0]);

    let e = errors("<div>x</div>\n");
    assert_eq!(e[0].message, "正文中不支持 HTML");

    let e = errors("文字<b>粗</b>\n");
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].pos, Some(at(1, 3)));

    let e = errors("![图](a.png)\n");
    assert!(e[0].message.contains("图片"), "{}", e[0]);

    let e = errors("##### 五级\n");
    assert!(e[0].message.contains("第 5 级"), "{}", e[0]);

    let e = errors("甲\n\n***\n");
    assert!(e[0].message.contains("分隔线"), "{}", e[0]);
}

#[test]
fn html_comments_are_ignored() {
    let d = doc("<!-- 起草说明 -->\n\n正文<!-- 行内 -->。\n");
    assert_eq!(d.body.len(), 1);
    let Block::Paragraph { runs, .. } = &d.body[0] else {
        panic!("not a paragraph")
    };
    assert_eq!(text(runs), "正文。");
}

#[test]
fn front_matter_and_body_errors_together() {
    let e = errors("---\n标提: x\n---\n- 列表\n");
    assert_eq!(e.len(), 2);
    assert_eq!(e[1].pos, Some(at(4, 1)));
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs = [
        "---",
        "---\n",
        "---\n---",
        "\u{feff}",
        "\u{feff}---\n---\n# ",
        "#",
        "# \n## \n### 1.\n",
        "### 一、\n",
        "***",
        "---\n: \n---\n",
        "---\n? [a]\n: b\n---\n",
        "---\n&a x: *a\n---\n",
        "---\n标题: *undefined\n---\n",
        "---\n[a, b]: c\n---\n",
        "---\n\"\\u\": x\n---\n",
        "**未闭合\n",
        "*\n",
        "<!--\n",
        "## 1.5亿元资金\n",
        "## （99）x\n## y\n## （100）z\n## w\n",
    ];
    for input in inputs {
        let _ = parse(Path::new("t.md"), input);
    }
    let d = doc("## （99）x\n## y\n");
    assert_eq!(headings(&d)[1].number, "（100）");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let deep = "[".repeat(100_000);
    assert!(parse(Path::new("t.md"), &format!("---\na: {deep}\n---\n")).is_err());
    let _ = parse(Path::new("t.md"), &">".repeat(100_000));
    let _ = parse(Path::new("t.md"), &"*a ".repeat(50_000));
}

// ---- attachment markers (`<!-- 附件 -->`) ----

const TWO: &str = "---\n附件:\n  - 实施方案\n  - 名单。\n---\n\n正文。\n";

fn paragraphs(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { runs, .. } => text(runs),
            Block::Heading(h) => format!("{}{}", h.number, text(&h.text)),
            Block::Chapter(d) | Block::Article(d) => format!("{}{}", d.label, text(&d.text)),
            Block::Table(t) => format!("表格{}行", t.rows.len()),
        })
        .collect()
}

#[test]
fn a_marker_ends_the_body_and_starts_an_attachment() {
    use crate::model::AttachmentOrigin;
    let src = format!(
        "{TWO}\n## 甲\n\n<!-- 附件 -->\n\n# 工作实施方案\n\n## 目标\n\n方案正文。\n\n<!-- 附件 -->\n\n名单正文。\n"
    );
    let d = doc(&src);
    assert_eq!(paragraphs(&d.body), ["正文。", "（一）甲"]);
    assert_eq!(d.attachments.len(), 2);
    let a = &d.attachments[0];
    assert_eq!(a.index, 0);
    assert_eq!(a.origin, AttachmentOrigin::Inline(at(11, 1)));
    // The first `#` right after the marker is the attachment's title, and
    // its headings are numbered afresh.
    assert_eq!(a.meta.title.as_ref().unwrap().value, "工作实施方案");
    assert_eq!(paragraphs(&a.body), ["（一）目标", "方案正文。"]);
    let b = &d.attachments[1];
    assert_eq!(b.index, 1);
    // Without a heading the title is the list's name, printed without its
    // trailing punctuation.
    assert_eq!(b.meta.title.as_ref().unwrap().value, "名单");
    assert_eq!(paragraphs(&b.body), ["名单正文。"]);
}

#[test]
fn a_marker_may_give_the_number_and_the_name() {
    let src = format!("{TWO}\n<!-- 附件2：名单 -->\n\n名单正文。\n");
    let d = doc(&src);
    assert_eq!(d.attachments.len(), 1);
    assert_eq!(d.attachments[0].index, 1);
    let src = format!("{TWO}\n<!-- 附件：实施方案 -->\n\n方案。\n");
    assert_eq!(doc(&src).attachments[0].index, 0);
}

#[test]
fn an_unnumbered_marker_skips_items_bound_from_files() {
    let src = "---\n附件:\n  - {名称: 方案, 文件: 方案.md}\n  - 名单\n---\n\n正文。\n\n<!-- 附件 -->\n\n名单。\n";
    let d = doc(src);
    assert_eq!(d.attachments[0].index, 1);
    let src =
        "---\n附件:\n  - {名称: 方案, 文件: 方案.md}\n  - 名单\n---\n\n<!-- 附件1 -->\n\n方案。\n";
    let e = errors(src);
    assert!(
        e[0].message.contains("附件1已由文件 `方案.md` 提供"),
        "{}",
        e[0]
    );
    assert_eq!(e[0].pos, Some(at(7, 1)));
}

#[test]
fn ordinary_comments_stay_comments() {
    let d = doc("正文。\n\n<!-- 附件还没定稿 -->\n\n续文。\n");
    assert!(d.attachments.is_empty());
    assert_eq!(paragraphs(&d.body), ["正文。", "续文。"]);
}

#[test]
fn more_attachments_than_names_is_an_error() {
    let src =
        format!("{TWO}\n<!-- 附件 -->\n\n一。\n\n<!-- 附件 -->\n\n二。\n\n<!-- 附件 -->\n\n三。\n");
    let e = errors(&src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.contains("只列了 2 个"), "{}", e[0]);
    assert_eq!(e[0].pos, Some(at(17, 1)));
    assert!(e[0].help.is_some());
    let e = errors(&format!("{TWO}\n<!-- 附件3 -->\n\n三。\n"));
    assert_eq!(e[0].message, "附件说明只列了 2 个附件，没有附件3");
    assert_eq!(e[0].pos, Some(at(9, 8)));
}

#[test]
fn a_marker_without_an_attachment_list_is_an_error() {
    let e = errors("正文。\n\n<!-- 附件 -->\n\n一。\n\n<!-- 附件 -->\n\n二。\n");
    assert_eq!(e.len(), 1, "one message for the cause: {e:?}");
    assert!(e[0].message.contains("没有 `附件`"), "{}", e[0]);
    assert_eq!(e[0].pos, Some(at(3, 1)));
}

#[test]
fn a_name_that_differs_from_the_list_is_an_error() {
    let e = errors(&format!("{TWO}\n<!-- 附件：工作方案 -->\n\n方案。\n"));
    assert_eq!(
        e[0].message,
        "附件标记的名称「工作方案」与附件说明第 1 项「实施方案」不一致"
    );
    assert_eq!(e[0].pos, Some(at(9, 9)));
    assert!(
        e[0].help
            .as_deref()
            .unwrap()
            .contains("<!-- 附件：实施方案 -->")
    );
    // The same name with the trailing punctuation the list had is fine.
    assert_eq!(
        doc(&format!("{TWO}\n<!-- 附件2：名单 -->\n"))
            .attachments
            .len(),
        1
    );
}

#[test]
fn a_marker_twice_or_inside_a_paragraph_is_an_error() {
    let e = errors(&format!(
        "{TWO}\n<!-- 附件1 -->\n\n一。\n\n<!-- 附件1 -->\n\n二。\n"
    ));
    assert_eq!(e[0].message, "附件1在第 9 行已经标出");
    let e = errors("---\n附件: 方案\n---\n\n正文<!-- 附件 -->续。\n");
    assert_eq!(e[0].message, "附件标记要单独成行");
    assert_eq!(e[0].pos, Some(at(5, 3)));
}

#[test]
fn an_indented_multi_line_marker_points_at_its_line() {
    let e = errors(&format!("{TWO}\n  <!--\n  附件：工作方案\n  -->\n"));
    assert_eq!(e[0].pos, Some(at(10, 6)));
}

#[test]
fn odd_markers_never_panic() {
    let inputs = [
        "<!-- 附件99999999999999999999999999 -->\n",
        "---\n附件: a\n---\n<!-- 附件0 -->\n",
        "---\n附件: a\n---\n<!-- 附件：\n",
        "---\n附件: a\n---\n<!--附件--><!--附件-->\n",
        "---\n附件: a\n---\n<!-- 附件 --> 尾巴\n",
        "---\n附件: a\n---\n# 题\n<!-- 附件 -->\n# \n",
        "---\n附件: []\n---\n<!-- attachment -->\n",
        "<!-- 附件１２：名 -->",
    ];
    for input in inputs {
        let _ = parse(Path::new("t.md"), input);
    }
    let e = errors("---\n附件: a\n---\n<!-- 附件0 -->\n");
    assert_eq!(e[0].message, "附件说明只列了 1 个附件，没有附件0");
    // Two markers in one comment block: the first attachment is empty.
    let d = doc("---\n附件: [a, b]\n---\n<!--附件--><!--附件-->\n");
    assert_eq!(d.attachments.len(), 2);
    assert!(d.attachments[0].body.is_empty());
}

#[test]
fn printed_names_drop_a_typed_number_and_trailing_punctuation() {
    let d = doc("---\n附件:\n  - 1.实施方案；\n  - 1.5亿元资金使用情况。\n  - 3、名单\n---\n");
    let names: Vec<&str> = d
        .meta
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| a.printed_name(i + 1))
        .collect();
    assert_eq!(names, ["实施方案", "1.5亿元资金使用情况", "名单"]);
}

//! Tests of the front matter, through the public [`crate::source::parse`] so
//! that positions are file positions.

use std::path::{Path, PathBuf};

use super::{parse_date, suggest};
use crate::diag::Diagnostic;
use crate::model::{Counter, Date, Format, Meta, NumberStyle, SourcePos, standard_numbering};
use crate::source::parse;

fn meta(src: &str) -> Meta {
    match parse(Path::new("t.md"), src) {
        Ok(doc) => doc.meta,
        Err(e) => panic!("unexpected errors:\n{e}"),
    }
}

fn errors(src: &str) -> Vec<Diagnostic> {
    match parse(Path::new("t.md"), src) {
        Ok(doc) => panic!("expected errors, got {doc:?}"),
        Err(e) => e.diagnostics,
    }
}

fn at(line: u32, column: u32) -> Option<SourcePos> {
    Some(SourcePos { line, column })
}

fn texts(list: &[crate::model::Located<String>]) -> Vec<&str> {
    list.iter().map(|l| l.value.as_str()).collect()
}

/// A front matter using every key, in Chinese (`zh`) or English spelling.
fn every_key(zh: bool) -> String {
    let lines = [
        ("版式", "format", "信函"),
        ("份号", "copy_number", "\"000123\""),
        ("密级", "secrecy", "秘密"),
        ("保密期限", "secrecy_period", "1年"),
        ("紧急程度", "urgency", "特急"),
        ("发文机关", "issuer", "[甲局, 乙局]"),
        ("发文机关标志", "issuer_mark", "甲局乙局文件"),
        ("发文字号", "doc_number", "甲发〔2020〕12号"),
        ("签发人", "signers", "[张三, 李四]"),
        ("标题", "title", "关于开展检查的通知"),
        ("主送机关", "recipients", "各区县"),
        (
            "附件",
            "attachments",
            "[名单, {名称: 方案, 文件: fangan.md}]",
        ),
        ("发文机关署名", "signature", "[甲局, 乙局]"),
        ("成文日期", "date", "2020-12-28"),
        ("印章", "seal", "[a.png, b.svg]"),
        ("附注", "note", "此件公开发布"),
        ("抄送", "cc", "[丙局, 丁局]"),
        ("印发机关", "printer", "甲局办公室"),
        ("印发日期", "print_date", "2020年12月29日"),
        ("出席", "attendees", "[王五]"),
        ("请假", "absentees", "赵六"),
        ("列席", "observers", "[钱七, 孙八]"),
        ("令号", "order_number", "第5号"),
        ("签发人职务", "signer_title", "局长"),
        ("签名章", "signature_stamp", "sign.png"),
        ("编号", "numbering", "[一、, （一）, 1、]"),
        ("模板", "template", "省局"),
    ];
    let mut src = String::from("---\n");
    for (cn, en, value) in lines {
        let key = if zh { cn } else { en };
        src.push_str(&format!("{key}: {value}\n"));
    }
    src.push_str("---\n");
    src
}

#[test]
fn every_key_in_both_spellings() {
    for zh in [true, false] {
        let m = meta(&every_key(zh));
        assert_eq!(m.format.value, Format::Letter);
        assert_eq!(
            m.copy_number.as_ref().map(|l| l.value.as_str()),
            Some("000123")
        );
        assert_eq!(m.secrecy.as_ref().map(|l| l.value.as_str()), Some("秘密"));
        assert_eq!(
            m.secrecy_period.as_ref().map(|l| l.value.as_str()),
            Some("1年")
        );
        assert_eq!(m.urgency.as_ref().map(|l| l.value.as_str()), Some("特急"));
        assert_eq!(texts(&m.issuers), ["甲局", "乙局"]);
        assert_eq!(
            m.issuer_mark.as_ref().map(|l| l.value.as_str()),
            Some("甲局乙局文件")
        );
        assert_eq!(
            m.doc_number.as_ref().map(|l| l.value.as_str()),
            Some("甲发〔2020〕12号")
        );
        assert_eq!(texts(&m.signers), ["张三", "李四"]);
        assert_eq!(
            m.title.as_ref().map(|l| l.value.as_str()),
            Some("关于开展检查的通知")
        );
        assert_eq!(texts(&m.recipients), ["各区县"]);
        assert_eq!(m.attachments.len(), 2);
        assert_eq!(m.attachments[0].name.value, "名单");
        assert_eq!(m.attachments[0].file, None);
        assert_eq!(m.attachments[1].name.value, "方案");
        assert_eq!(
            m.attachments[1].file.as_ref().map(|f| f.value.clone()),
            Some(PathBuf::from("fangan.md"))
        );
        assert_eq!(texts(&m.signature), ["甲局", "乙局"]);
        let date = Date {
            year: 2020,
            month: 12,
            day: 28,
        };
        assert_eq!(m.date.as_ref().map(|d| d.value), Some(date));
        let seals: Vec<_> = m.seals.iter().map(|s| s.value.clone()).collect();
        assert_eq!(seals, [PathBuf::from("a.png"), PathBuf::from("b.svg")]);
        assert_eq!(
            m.note.as_ref().map(|l| l.value.as_str()),
            Some("此件公开发布")
        );
        assert_eq!(texts(&m.cc), ["丙局", "丁局"]);
        assert_eq!(
            m.printer.as_ref().map(|l| l.value.as_str()),
            Some("甲局办公室")
        );
        assert_eq!(
            m.print_date.map(|d| d.value.to_chinese()).as_deref(),
            Some("2020年12月29日")
        );
        assert_eq!(texts(&m.attendees), ["王五"]);
        assert_eq!(texts(&m.absentees), ["赵六"]);
        assert_eq!(texts(&m.observers), ["钱七", "孙八"]);
        assert_eq!(
            m.order_number.as_ref().map(|l| l.value.as_str()),
            Some("第5号")
        );
        assert_eq!(
            m.signer_title.as_ref().map(|l| l.value.as_str()),
            Some("局长")
        );
        assert_eq!(
            m.signature_stamp.as_ref().map(|l| l.value.clone()),
            Some(PathBuf::from("sign.png"))
        );
        assert_eq!(m.numbering[2].suffix, "、");
        assert_eq!(m.numbering[3], standard_numbering()[3]);
        assert_eq!(m.template.as_ref().map(|l| l.value.as_str()), Some("省局"));
    }
}

#[test]
fn values_keep_their_positions() {
    let m = meta("---\n标题: 关于x的通知\n抄送:\n  - 丙局\n  - 丁局\n---\n");
    assert_eq!(m.title.map(|t| t.pos), at(2, 5));
    assert_eq!(m.cc[1].pos, SourcePos { line: 5, column: 5 });
}

#[test]
fn formats_in_both_languages() {
    let cases = [
        ("文件", Format::File),
        ("file", Format::File),
        ("信函", Format::Letter),
        ("letter", Format::Letter),
        ("命令", Format::Order),
        ("order", Format::Order),
        ("纪要", Format::Minutes),
        ("minutes", Format::Minutes),
        ("无版头", Format::Plain),
        ("plain", Format::Plain),
    ];
    for (text, format) in cases {
        assert_eq!(
            meta(&format!("---\n版式: {text}\n---\n")).format.value,
            format,
            "{text}"
        );
    }
    assert_eq!(meta("---\n标题: x\n---\n").format.value, Format::File);
    let e = errors("---\n版式: 公函\n---\n");
    assert_eq!(e[0].message, "未知的版式 `公函`");
    assert_eq!(e[0].pos, at(2, 5));
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let e = errors("---\n标题: x\n发文机光: 某某局\n---\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].message, "未知的前置元数据键 `发文机光`");
    assert_eq!(e[0].help.as_deref(), Some("你是不是想写 `发文机关`？"));
    assert_eq!(e[0].pos, at(3, 1));
    assert_eq!(e[0].source_line.as_deref(), Some("发文机光: 某某局"));

    let e = errors("---\nisuer: 某某局\n  \n---\n");
    assert_eq!(e[0].help.as_deref(), Some("你是不是想写 `issuer`？"));
    assert_eq!(e[0].pos, at(2, 1));

    let e = errors("---\n落款: 某某局\n---\n");
    assert!(
        e[0].help.as_deref().unwrap_or("").starts_with("可用的键："),
        "{}",
        e[0]
    );
}

#[test]
fn suggestions_need_to_be_close() {
    let known = ["标题", "title", "附件", "抄送", "cc"];
    assert_eq!(suggest("标提", &known), Some("标题"));
    assert_eq!(suggest("Title", &known), Some("title"));
    assert_eq!(suggest("附键", &known), Some("附件"));
    assert_eq!(suggest("xyz", &known), None);
}

#[test]
fn every_problem_is_reported() {
    let e = errors("---\n标提: x\n抄宋: y\n成文日期: 2020-02-30\n---\n");
    assert_eq!(e.len(), 3);
    assert_eq!(e[1].pos, at(3, 1));
    assert_eq!(e[2].pos, at(4, 7));
}

#[test]
fn same_field_twice_is_an_error() {
    let e = errors("---\n标题: 甲\ntitle: 乙\n---\n");
    assert_eq!(e[0].message, "重复的键 `title`：第 2 行已经写过 `标题`");
    assert_eq!(e[0].pos, at(3, 1));
    let e = errors("---\n标题: 甲\n标题: 乙\n---\n");
    assert_eq!(e[0].pos, at(3, 1));
}

#[test]
fn wrong_type_names_key_and_kind() {
    let e = errors("---\n标题: [甲, 乙]\n---\n");
    assert_eq!(e[0].message, "`标题` 应为字符串，这里是列表");
    assert_eq!(e[0].pos, at(2, 5));

    let e = errors("---\ntitle:\n  a: b\n---\n");
    assert_eq!(e[0].message, "`title` 应为字符串，这里是映射");
    assert_eq!(e[0].pos.map(|p| p.line), Some(3));

    let e = errors("---\n抄送: {a: b}\n---\n");
    assert_eq!(e[0].message, "`抄送` 应为字符串或字符串列表，这里是映射");
    assert_eq!(e[0].pos, at(2, 5));

    let e = errors("---\n抄送: [甲, [乙]]\n---\n");
    assert_eq!(e[0].message, "`抄送` 的第 2 项应为字符串，这里是列表");
    assert_eq!(e[0].pos, at(2, 9));
}

#[test]
fn empty_values_count_as_absent() {
    let m = meta("---\n标题:\n抄送:\n附注: ~\n---\n");
    assert_eq!(m.title, None);
    assert!(m.cc.is_empty());
    assert_eq!(m.note, None);
}

#[test]
fn scalars_are_strings() {
    let m = meta("---\n标题: 2020\n附注: true\n密级: 1.5\n---\n");
    assert_eq!(m.title.map(|t| t.value).as_deref(), Some("2020"));
    assert_eq!(m.note.map(|t| t.value).as_deref(), Some("true"));
    assert_eq!(m.secrecy.map(|t| t.value).as_deref(), Some("1.5"));
}

#[test]
fn copy_number_forms() {
    let number = |v: &str| {
        meta(&format!("---\n份号: {v}\n---\n"))
            .copy_number
            .map(|c| c.value)
    };
    assert_eq!(number("1").as_deref(), Some("000001"));
    assert_eq!(number("000001").as_deref(), Some("000001"));
    assert_eq!(number("\"000123\"").as_deref(), Some("000123"));
    assert_eq!(number("1234567").as_deref(), Some("1234567"));
}

#[test]
fn dates_in_both_forms() {
    let d = |y, m, d| Date {
        year: y,
        month: m,
        day: d,
    };
    assert_eq!(parse_date("2020-12-28"), Ok(d(2020, 12, 28)));
    assert_eq!(parse_date("2020年12月28日"), Ok(d(2020, 12, 28)));
    assert_eq!(parse_date("2021年1月5日"), Ok(d(2021, 1, 5)));
    assert_eq!(parse_date("２０２０年２月２９日"), Ok(d(2020, 2, 29)));
    assert_eq!(parse_date("2020/3/1"), Ok(d(2020, 3, 1)));
    assert!(parse_date("2021-02-29").is_err());
    assert!(parse_date("1900-02-29").is_err());
    assert_eq!(parse_date("2000-02-29"), Ok(d(2000, 2, 29)));
    assert!(parse_date("2020-13-01").is_err());
    assert!(parse_date("2020-00-10").is_err());
    assert!(parse_date("2020-04-31").is_err());
    assert!(parse_date("2020-04-00").is_err());
    assert!(parse_date("20-04-01").is_err());
    assert!(parse_date("2020年4月").is_err());
    assert!(parse_date("明天").is_err());
    assert!(parse_date("").is_err());
    assert!(parse_date("99999999999-1-1").is_err());

    let m = meta("---\n成文日期: 2020年12月28日\nprint_date: 2020-12-29\n---\n");
    assert_eq!(m.date.map(|x| x.value), Some(d(2020, 12, 28)));
    assert_eq!(m.print_date.map(|x| x.pos), at(3, 13));

    let e = errors("---\n成文日期: 2020-13-28\n---\n");
    assert_eq!(
        e[0].message,
        "`成文日期` 不是有效的日期：`2020-13-28`（月份应在 1 到 12 之间，这里是 13）"
    );
    assert_eq!(e[0].pos, at(2, 7));
    let e = errors("---\n印发日期: 2021年2月29日\n---\n");
    assert!(e[0].message.contains("2021年2月只有 28 天"), "{}", e[0]);
    let e = errors("---\ndate: [2020-12-28]\n---\n");
    assert!(e[0].message.starts_with("`date` 应为日期"), "{}", e[0]);
}

#[test]
fn numbering_patterns() {
    let m = meta("---\n编号: [一、, （一）, 1、, （1）]\n---\n");
    assert_eq!(
        m.numbering[2],
        NumberStyle {
            prefix: String::new(),
            counter: Counter::Arabic,
            suffix: "、".into()
        }
    );
    assert_eq!(m.numbering[0], standard_numbering()[0]);

    let m = meta("---\nnumbering:\n  - 第一章\n  - (1)\n---\n");
    assert_eq!(m.numbering[0].prefix, "第");
    assert_eq!(m.numbering[0].suffix, "章");
    assert_eq!(m.numbering[1].prefix, "(");
    assert_eq!(m.numbering[1].counter, Counter::Arabic);
    assert_eq!(m.numbering[2], standard_numbering()[2]);
    assert_eq!(m.numbering[3], standard_numbering()[3]);

    let e = errors("---\n编号: [一、, 甲、]\n---\n");
    assert!(
        e[0].message.starts_with("无法识别的编号样式 `甲、`"),
        "{}",
        e[0]
    );
    assert_eq!(e[0].pos, at(2, 10));

    let e = errors("---\n编号: [一、, （一）, 1., （1）, ①]\n---\n");
    assert_eq!(e[0].message, "`编号` 最多四级，这里是第 5 级");
    assert_eq!(e[0].pos, at(2, 24));

    let e = errors("---\n编号: []\n---\n");
    assert!(e[0].message.contains("至少"), "{}", e[0]);
    let e = errors("---\n编号: 一、\n---\n");
    assert!(e[0].message.starts_with("`编号` 应为列表"), "{}", e[0]);
}

#[test]
fn attachment_items() {
    let m =
        meta("---\n附件:\n  - 名单\n  - 名称: 方案\n    文件: a/方案.md\n  - {name: 表}\n---\n");
    assert_eq!(m.attachments.len(), 3);
    assert_eq!(m.attachments[1].name.pos, SourcePos { line: 4, column: 9 });
    assert_eq!(m.attachments[2].file, None);
    let m = meta("---\nattachments: 单个附件\n---\n");
    assert_eq!(m.attachments[0].name.value, "单个附件");

    let e = errors("---\n附件:\n  - {名称: 方案, 文见: a.md}\n---\n");
    assert_eq!(e[0].message, "附件项中未知的键 `文见`");
    assert_eq!(e[0].help.as_deref(), Some("你是不是想写 `文件`？"));
    assert_eq!(e[0].pos, at(3, 14));

    let e = errors("---\n附件:\n  - 文件: a.md\n---\n");
    assert_eq!(e[0].message, "附件项缺少 `名称`");
}

#[test]
fn top_level_must_be_a_map() {
    let e = errors("---\n- a\n- b\n---\n");
    assert_eq!(
        e[0].message,
        "前置元数据应为「键: 值」形式的映射，这里是列表"
    );
}

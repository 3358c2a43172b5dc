//! Unit tests of the check's pieces; the rules are tested end to end in
//! tests/check.rs.

use std::path::Path;

use super::*;

fn options() -> CheckOptions {
    CheckOptions {
        today: Date {
            year: 2026,
            month: 11,
            day: 27,
        },
        max_future_days: 3,
    }
}

fn ids(text: &str) -> Vec<&'static str> {
    check(Path::new("t.md"), text, &options())
        .findings
        .iter()
        .map(|f| f.rule.id)
        .collect()
}

#[test]
fn latin_numbers_and_addresses_are_left_alone() {
    let md = "正文引用 GB/T 9704-2012 标准，共 3,000 元，增长 3.5%，时间 10:30，见 https://example.com/a,b;c 和 a@b.cn。\n\nHello, world: it's fine (really)!\n";
    assert_eq!(ids(md), Vec::<&str>::new());
}

#[test]
fn values_with_quotes_map_to_their_bytes() {
    let md = "---\n标题: \"关于加强管理,提高效率的通知\"\n---\n\n正文。\n";
    let report = check(Path::new("t.md"), md, &options());
    let f = report
        .findings
        .iter()
        .find(|f| f.rule.id == "GW-PUNCT-HALFWIDTH")
        .expect("comma found");
    assert_eq!(
        f.pos,
        Some(SourcePos {
            line: 2,
            column: 12
        })
    );
    let fixed = fix(Path::new("t.md"), md, &options()).expect("fixed");
    assert!(
        fixed.text.contains("\"关于加强管理，提高效率的通知\""),
        "{}",
        fixed.text
    );
}

/// Marks that trip the rules, inserted all over real documents: the check
/// never panics, and a fix never leaves a parsed document unparseable.
#[test]
fn no_panic_and_fixes_keep_documents_parseable() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let inserts = [
        ",",
        "\"",
        "'",
        "(",
        ")",
        "...",
        "--",
        "—",
        "１２",
        "、",
        "：",
        "\\\"",
        "''",
        "\n# 一.",
        "\n## （一）、",
        "年01月",
        "第0",
        "[",
        "附件9",
    ];
    for name in [
        "naiman-audit-2020.md",
        "qingshi-signers.md",
        "notice-attachments.md",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).expect("sample");
        let stride = (text.chars().count() / 60).max(1);
        let points: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by(stride)
            .collect();
        for (k, &at) in points.iter().enumerate() {
            let insert = inserts[k % inserts.len()];
            let mut mutated = text.clone();
            mutated.insert_str(at, insert);
            let report = check(Path::new(name), &mutated, &options());
            if report.unparsed() {
                continue;
            }
            let fixed = fix(Path::new(name), &mutated, &options())
                .unwrap_or_else(|e| panic!("{name} + {insert:?} at {at}: {e}"));
            assert!(!fixed.report.unparsed(), "{name} + {insert:?} at {at}");
        }
    }
}

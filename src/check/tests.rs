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
    assert_eq!(f.pos, Some(SourcePos { line: 2, column: 12 }));
    let fixed = fix(Path::new("t.md"), md, &options()).expect("fixed");
    assert!(fixed.text.contains("\"关于加强管理，提高效率的通知\""), "{}", fixed.text);
}

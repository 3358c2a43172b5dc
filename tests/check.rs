//! `gongwen check`: each rule on a document with the mistake (rule id, line
//! and column), `--fix` (the corrected text), the JSON output against its
//! schema, exit codes, and the render gate.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use gongwen::check::{self, CheckOptions, Finding, rules};
use gongwen::model::Date;

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn case_dir(name: &str) -> PathBuf {
    let dir = common::doc::scratch_dir().join(format!("check-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Today is fixed: the date rules must not depend on the day the tests run.
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

fn findings(md: &str) -> Vec<Finding> {
    check::check(Path::new("t.md"), md, &options()).findings
}

/// The finding of `rule`, asserted to be at `line`:`column`.
fn assert_at(md: &str, rule: &rules::Rule, line: u32, column: u32) -> Finding {
    let all = findings(md);
    let found: Vec<&Finding> = all.iter().filter(|f| f.rule.id == rule.id).collect();
    let Some(f) = found.first() else {
        panic!(
            "no {} in\n{md}\nfound: {:?}",
            rule.id,
            all.iter()
                .map(|f| (f.rule.id, f.pos.map(|p| (p.line, p.column))))
                .collect::<Vec<_>>()
        );
    };
    let pos = f.pos.expect("a position");
    assert_eq!((pos.line, pos.column), (line, column), "{}\n{md}", f);
    assert_eq!(f.severity, rule.severity, "{f}");
    assert!(!f.message.is_empty());
    (*f).clone()
}

fn fixed(md: &str) -> String {
    check::fix(Path::new("t.md"), md, &options())
        .unwrap_or_else(|e| panic!("fix failed: {e}"))
        .text
}

/// A document with a title and `body` from line 5.
fn doc(body: &str) -> String {
    format!("---\n标题: 关于开展检查的通知\n---\n\n{body}")
}

fn front(lines: &str) -> String {
    format!("---\n{lines}---\n\n正文。\n")
}

#[test]
fn doc_number_brackets() {
    for wrong in ["[2020]", "【2020】", "（2020）", "(2020)", "［2020］"] {
        let md = front(&format!("发文字号: 示审发{wrong}12号\n"));
        let f = assert_at(&md, &rules::DOCNO_BRACKET, 2, 10);
        assert!(f.message.contains("六角括号"), "{f}");
        assert_eq!(
            fixed(&md),
            front("发文字号: 示审发〔2020〕12号\n"),
            "{wrong}"
        );
    }
    let md = front("发文字号: 示审发〔2020〕12号\n");
    assert!(findings(&md).is_empty(), "{:?}", findings(&md));
}

#[test]
fn doc_number_year_di_zero_and_form() {
    let md = front("发文字号: 示审发〔20〕12号\n");
    let f = assert_at(&md, &rules::DOCNO_YEAR, 2, 11);
    assert!(f.fix.is_none(), "the year cannot be guessed");

    let md = front("发文字号: 示审发〔2020〕第12号\n");
    assert_at(&md, &rules::DOCNO_DI, 2, 16);
    assert_eq!(fixed(&md), front("发文字号: 示审发〔2020〕12号\n"));

    let md = front("发文字号: 示审发〔2020〕012号\n");
    assert_at(&md, &rules::DOCNO_ZERO, 2, 16);
    assert_eq!(fixed(&md), front("发文字号: 示审发〔2020〕12号\n"));

    // All at once: the fixes do not step on each other.
    let md = front("发文字号: 示审发[2020]第007号\n");
    assert_eq!(fixed(&md), front("发文字号: 示审发〔2020〕7号\n"));

    let md = front("发文字号: 示审发2020年12号\n");
    assert_at(&md, &rules::DOCNO_FORM, 2, 7);

    // A 纪要's 编号 is not a 发文字号.
    let md = front("版式: 纪要\n发文机关: 某县人民政府办公室\n发文字号: 第15期\n");
    assert!(findings(&md).is_empty(), "{:?}", findings(&md));
}

#[test]
fn dates_written_form_future_and_order() {
    let md = front("成文日期: 2026年01月05日\n");
    let f = assert_at(&md, &rules::DATE_FORMAT, 2, 7);
    assert!(f.message.contains("2026年1月5日"), "{f}");
    assert_eq!(fixed(&md), front("成文日期: 2026年1月5日\n"));

    // Today is 2026-11-27 and three days ahead are allowed.
    assert!(findings(&front("成文日期: 2026-11-30\n")).is_empty());
    let md = front("成文日期: 2026-12-01\n");
    let f = assert_at(&md, &rules::DATE_FUTURE, 2, 7);
    assert!(f.message.contains("4 天"), "{f}");
    let strict = CheckOptions {
        max_future_days: 0,
        ..options()
    };
    let report = check::check(Path::new("t.md"), &front("成文日期: 2026-11-28\n"), &strict);
    assert_eq!(report.findings[0].rule.id, "GW-DATE-FUTURE");

    let md = front("成文日期: 2020-12-28\n印发日期: 2020-12-20\n");
    assert_at(&md, &rules::DATE_ORDER, 3, 7);

    // Dates in the text: no zero padding either.
    let md = doc("会议定于2026年03月05日召开。\n");
    assert_at(&md, &rules::DATE_FORMAT, 5, 10);
    assert_eq!(fixed(&md), doc("会议定于2026年3月5日召开。\n"));
}

#[test]
fn heading_numbers_in_sequence() {
    let md = doc("# 一、总体要求\n\n# 二、工作安排\n\n# 四、工作要求\n");
    let f = assert_at(&md, &rules::HEADING_SEQUENCE, 9, 3);
    assert!(
        f.message.contains("跳号") && f.message.contains("三、"),
        "{f}"
    );
    assert_eq!(
        fixed(&md),
        doc("# 一、总体要求\n\n# 二、工作安排\n\n# 三、工作要求\n")
    );

    let md = doc("# 一、总体要求\n\n## （一）目标\n\n## （一）任务\n");
    let f = assert_at(&md, &rules::HEADING_SEQUENCE, 9, 5);
    assert!(f.message.contains("重号"), "{f}");
    assert_eq!(
        fixed(&md),
        doc("# 一、总体要求\n\n## （一）目标\n\n## （二）任务\n")
    );

    // Deeper levels start again under each heading above them.
    let md = doc("# 一、甲\n\n## （一）乙\n\n# 二、丙\n\n## （一）丁\n");
    assert!(findings(&md).is_empty(), "{:?}", findings(&md));
}

#[test]
fn heading_numbers_in_their_level_form() {
    let md = doc("# 一、总体要求\n\n# （一）工作目标\n");
    let f = assert_at(&md, &rules::HEADING_LEVEL, 7, 3);
    assert!(f.message.contains("第二层"), "{f}");

    let md = doc("# 一、总体要求\n\n## （一）、工作目标\n");
    assert_at(&md, &rules::HEADING_EXTRA_PUNCT, 7, 7);
    assert_eq!(fixed(&md), doc("# 一、总体要求\n\n## （一）工作目标\n"));

    let md = doc("# 一.总体要求\n");
    let f = assert_at(&md, &rules::HEADING_NUMBER_FORM, 5, 3);
    assert!(f.message.contains("一、一."), "{f}");
    assert_eq!(fixed(&md), doc("# 一、总体要求\n"));

    let md = doc("# 一、甲\n\n## （一）乙\n\n### 1、丙\n");
    assert_at(&md, &rules::HEADING_STYLE, 9, 5);
    assert_eq!(fixed(&md), doc("# 一、甲\n\n## （一）乙\n\n### 1.丙\n"));
    let md = doc("# 一、甲\n\n## (一)乙\n");
    assert_at(&md, &rules::HEADING_STYLE, 7, 4);
    assert_eq!(fixed(&md), doc("# 一、甲\n\n## （一）乙\n"));

    // An office that writes `1、` says so in 编号.
    let md = "---\n标题: 关于开展检查的通知\n编号: [一、, （一）, 1、, （1）]\n---\n\n# 一、甲\n\n## （一）乙\n\n### 1、丙\n";
    assert!(findings(md).is_empty(), "{:?}", findings(md));

    let md = doc("# 一、甲\n\n### 1.丙\n");
    assert_at(&md, &rules::HEADING_SKIP, 7, 5);
}

#[test]
fn half_width_punctuation_in_chinese_text() {
    let md = doc("根据安排,现通知如下:请认真执行!有问题吗?请回复;谢谢.\n");
    assert_at(&md, &rules::PUNCT_HALFWIDTH, 5, 5);
    let ids: Vec<_> = findings(&md).iter().map(|f| f.rule.id).collect();
    assert_eq!(
        ids.iter().filter(|id| **id == "GW-PUNCT-HALFWIDTH").count(),
        6,
        "{ids:?}"
    );
    assert_eq!(
        fixed(&md),
        doc("根据安排，现通知如下：请认真执行！有问题吗？请回复；谢谢。\n")
    );

    let md = doc("按照《党政机关公文格式》(GB/T 9704-2012) 执行(试行)。\n");
    assert_at(&md, &rules::PUNCT_HALFWIDTH, 5, 13);
    assert_eq!(
        fixed(&md),
        doc("按照《党政机关公文格式》（GB/T 9704-2012）执行（试行）。\n")
    );

    // Latin text, numbers and addresses are not Chinese punctuation.
    let md = doc(
        "共 3,000 元，增长 3.5%，时间 10:30，见 https://example.com/a,b;c 或 a@b.cn。\n\nHello, world: it's fine (really)!\n",
    );
    assert!(findings(&md).is_empty(), "{:?}", findings(&md));
}

#[test]
fn quotes_ellipses_dashes_and_digits() {
    let md = doc("要增强\"四个意识\"、坚定'四个自信'。\n");
    assert_at(&md, &rules::PUNCT_QUOTES, 5, 4);
    assert_eq!(fixed(&md), doc("要增强“四个意识”、坚定‘四个自信’。\n"));

    // A straight quote closes a curly one typed before it.
    let md = doc("所谓“两个维护\"，就是……\n");
    assert_eq!(fixed(&md), doc("所谓“两个维护”，就是……\n"));

    let md = doc("学习、讨论、总结...\n");
    assert_at(&md, &rules::PUNCT_ELLIPSIS, 5, 9);
    assert_eq!(fixed(&md), doc("学习、讨论、总结……\n"));
    let md = doc("学习等等。。。还有…\n");
    assert_eq!(fixed(&md), doc("学习等等……还有……\n"));

    let md = doc("这是--必须坚持的原则—全面从严。\n");
    assert_at(&md, &rules::PUNCT_DASH, 5, 3);
    assert_eq!(fixed(&md), doc("这是——必须坚持的原则——全面从严。\n"));

    // Between numbers a dash connects a range.
    let md = doc("时间为5月—6月，第一—三季度，2020--2021年。\n");
    assert!(findings(&md).is_empty(), "{:?}", findings(&md));

    let md = doc("全年共开展审计１２项。\n");
    assert_at(&md, &rules::DIGIT_FULLWIDTH, 5, 8);
    assert_eq!(fixed(&md), doc("全年共开展审计12项。\n"));

    let md = doc("完善了《甲制度》、《乙制度》，用好“三会一课”、“学习强国”。\n");
    assert_at(&md, &rules::PUNCT_SERIAL, 5, 9);
    assert_eq!(
        fixed(&md),
        doc("完善了《甲制度》《乙制度》，用好“三会一课”“学习强国”。\n")
    );
}

#[test]
fn punctuation_in_front_matter_values() {
    // Columns count from the value's first character, past the quote.
    let md = front("标题: \"关于加强管理,提高效率的通知\"\n");
    assert_at(&md, &rules::PUNCT_HALFWIDTH, 2, 12);
    assert_eq!(
        fixed(&md),
        front("标题: \"关于加强管理，提高效率的通知\"\n")
    );

    let md = front("附注: 联系人:张某某\n");
    assert_at(&md, &rules::PUNCT_HALFWIDTH, 2, 8);
}

#[test]
fn recipients_cc_and_attachments() {
    let md = front("主送机关: 各单位：\n");
    assert_at(&md, &rules::RECIPIENT_COLON, 2, 10);
    assert_eq!(fixed(&md), front("主送机关: 各单位\n"));

    let md = front("主送机关:\n  - 各乡镇人民政府，\n  - 县直各单位\n");
    assert_at(&md, &rules::RECIPIENT_PUNCT, 3, 12);
    assert_eq!(
        fixed(&md),
        front("主送机关:\n  - 各乡镇人民政府\n  - 县直各单位\n")
    );

    let md = front("抄送: [县委办公室。]\n");
    assert_at(&md, &rules::CC_END, 2, 11);
    assert_eq!(fixed(&md), front("抄送: [县委办公室]\n"));

    let md = front("抄送: [县委办公室；县政府办公室]\n");
    assert_at(&md, &rules::CC_SEPARATOR, 2, 11);
    assert_eq!(fixed(&md), front("抄送: [县委办公室，县政府办公室]\n"));

    let md = front("附件:\n  - 检查方案。\n");
    assert_at(&md, &rules::ATTACH_PUNCT, 3, 9);
    assert_eq!(fixed(&md), front("附件:\n  - 检查方案\n"));

    let md = front("附件:\n  - 2.检查方案\n  - 1.人员名单\n");
    assert_at(&md, &rules::ATTACH_NUMBER, 3, 5);
    assert_eq!(fixed(&md), front("附件:\n  - 检查方案\n  - 人员名单\n"));

    let md = "---\n标题: 关于开展检查的通知\n附件: [检查方案]\n---\n\n详见附件2。\n";
    assert_at(md, &rules::ATTACH_REF, 6, 3);
}

#[test]
fn header_values() {
    let md = front("份号: \"000001\"\n密级: 内部\n");
    assert_at(&md, &rules::SECRECY_VALUE, 3, 5);

    let md = front("份号: \"000001\"\n密级: 秘密\n保密期限: 一年\n");
    assert_at(&md, &rules::SECRECY_PERIOD, 4, 7);
    assert_eq!(
        fixed(&md),
        front("份号: \"000001\"\n密级: 秘密\n保密期限: 1年\n")
    );
    let md = front("保密期限: 1年\n");
    assert_at(&md, &rules::SECRECY_PERIOD, 2, 7);

    let md = front("紧急程度: 平急\n");
    let f = assert_at(&md, &rules::URGENCY_VALUE, 2, 7);
    assert!(f.message.contains("电报"), "{f}");

    let md = front("份号: \"12\"\n");
    assert_at(&md, &rules::COPYNO_VALUE, 2, 6);
    assert_eq!(fixed(&md), front("份号: \"000012\"\n"));

    let md = front("密级: 秘密\n");
    assert_at(&md, &rules::COPYNO_MISSING, 2, 5);

    let md = front("份号: \"000001\"\n密级: 机密\n保密期限: 6个月\n紧急程度: 特急\n");
    assert!(findings(&md).is_empty(), "{:?}", findings(&md));
}

#[test]
fn titles_and_their_genre() {
    let md = front("标题: 关于转发开展检查的通知的通知\n");
    assert_at(&md, &rules::TITLE_GENRE_REPEAT, 2, 18);

    let md = front("标题: 关于开展检查工作\n");
    assert_at(&md, &rules::TITLE_GENRE_MISSING, 2, 12);

    let md = front("标题: 关于开展检查，加强管理的通知\n");
    assert_at(&md, &rules::TITLE_PUNCT, 2, 11);

    // A quoted name may carry its own 文种; 印发 titles and （试行） are fine.
    for title in [
        "关于印发《关于加强管理的意见》的通知",
        "关于印发审计工作方案的通知",
        "某县审计局2020年工作报告",
        "关于开展检查的通知（试行）",
        "示例县审计局关于商请提供有关资料的函",
    ] {
        let md = front(&format!("标题: {title}\n"));
        assert!(findings(&md).is_empty(), "{title}: {:?}", findings(&md));
    }
}

#[test]
fn a_document_that_does_not_parse_is_reported_as_such() {
    let md = "---\n发文机光: 某局\n---\n";
    let report = check::check(Path::new("t.md"), md, &options());
    assert!(report.unparsed());
    let f = &report.findings[0];
    assert_eq!(f.rule.id, "GW-SOURCE");
    assert_eq!(f.pos.map(|p| (p.line, p.column)), Some((2, 1)));
}

#[test]
fn the_samples_have_no_errors() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&samples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let report = check::check(&path, &text, &options());
        let errors: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.severity == gongwen::Severity::Error)
            .map(|f| f.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            path.display(),
            errors.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 7, "{checked} samples");
}

#[test]
fn cli_fix_rewrites_the_file_and_says_what_it_changed() {
    let dir = case_dir("fix");
    let input = dir.join("通知.md");
    let md = "---\n发文字号: 示审发[2026]3号\n标题: 关于开展检查的通知\n---\n\n根据安排,现通知如下:\n\n# 一、总体要求\n\n# 三、工作要求\n";
    std::fs::write(&input, md).unwrap();
    let out = gongwen()
        .args(["check", "--fix", "--today", "2026-11-27"])
        .arg(&input)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        "---\n发文字号: 示审发〔2026〕3号\n标题: 关于开展检查的通知\n---\n\n根据安排，现通知如下：\n\n# 一、总体要求\n\n# 二、工作要求\n"
    );
    assert!(
        stdout.contains("通知.md:2:10: 已修改 [GW-DOCNO-BRACKET] `[2026]` → `〔2026〕`"),
        "{stdout}"
    );
    assert!(stdout.contains("已写回"), "{stdout}");
    assert!(stdout.contains("未发现问题"), "{stdout}");
    // Nothing left behind but the file itself.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn cli_exit_codes() {
    let dir = case_dir("exit");
    let clean = dir.join("clean.md");
    std::fs::write(&clean, doc("正文。\n")).unwrap();
    let code = |args: &[&str], file: &Path| {
        gongwen()
            .arg("check")
            .args(args)
            .arg(file)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code(&[], &clean), Some(0));
    let warned = dir.join("warned.md");
    std::fs::write(&warned, front("标题: 关于开展检查工作\n")).unwrap();
    assert_eq!(code(&[], &warned), Some(0));
    let wrong = dir.join("wrong.md");
    std::fs::write(&wrong, doc("根据安排,现通知如下。\n")).unwrap();
    assert_eq!(code(&[], &wrong), Some(1));
    assert_eq!(code(&[], &dir.join("nowhere.md")), Some(2));
    assert_eq!(code(&["--today", "昨天"], &clean), Some(2));
    // The future is relative to --today and --max-future-days.
    let dated = dir.join("dated.md");
    std::fs::write(&dated, front("成文日期: 2026-12-27\n")).unwrap();
    let out = gongwen()
        .args(["check", "--today", "2026-11-27"])
        .arg(&dated)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("GW-DATE-FUTURE"));
    let out = gongwen()
        .args(["check", "--today", "2026-11-27", "--max-future-days", "30"])
        .arg(&dated)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("GW-DATE-FUTURE"));
}

/// Checks one JSON value against the schema in README.md ("check").
fn assert_schema(json: &serde_json::Value) {
    use serde_json::Value;
    assert_eq!(json["schema"], "gongwen-check/1");
    assert!(json["file"].is_string());
    for key in ["errors", "warnings", "fixed"] {
        assert!(json["summary"][key].is_u64(), "summary.{key}");
    }
    let ids: Vec<&str> = rules::ALL.iter().map(|r| r.id).collect();
    let findings = json["findings"].as_array().expect("findings");
    let count = |s: &str| findings.iter().filter(|f| f["severity"] == s).count() as u64;
    assert_eq!(json["summary"]["errors"].as_u64(), Some(count("error")));
    assert_eq!(json["summary"]["warnings"].as_u64(), Some(count("warning")));
    for f in findings {
        let object = f.as_object().expect("finding object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "column", "fix", "help", "line", "message", "rule", "severity"
            ]
        );
        assert!(ids.contains(&f["rule"].as_str().unwrap()), "{f}");
        assert!(f["line"].is_u64() && f["column"].is_u64(), "{f}");
        assert!(f["message"].is_string());
        assert!(f["help"].is_null() || f["help"].is_string());
        match &f["fix"] {
            Value::Null => {}
            fix => {
                assert!(fix["from"].is_string() && fix["to"].is_string(), "{fix}");
                for e in fix["edits"].as_array().expect("edits") {
                    assert!(e["start"].is_u64() && e["end"].is_u64());
                    assert!(e["start"].as_u64() <= e["end"].as_u64());
                    assert!(e["replacement"].is_string());
                }
            }
        }
    }
    for a in json["fixed"].as_array().expect("fixed") {
        assert!(ids.contains(&a["rule"].as_str().unwrap()));
        assert!(a["from"].is_string() && a["to"].is_string());
    }
}

#[test]
fn cli_json_output_follows_the_schema() {
    let dir = case_dir("json");
    let input = dir.join("a.md");
    let md =
        "---\n发文字号: 示审发[2026]3号\n标题: 关于开展\"检查\"工作\n---\n\n根据安排,现通知如下:\n";
    std::fs::write(&input, md).unwrap();
    let out = gongwen()
        .args(["check", "--format", "json", "--today", "2026-11-27"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_schema(&json);
    let findings = json["findings"].as_array().unwrap();
    let bracket = findings
        .iter()
        .find(|f| f["rule"] == "GW-DOCNO-BRACKET")
        .expect("bracket finding");
    assert_eq!(
        (bracket["line"].as_u64(), bracket["column"].as_u64()),
        (Some(2), Some(10))
    );
    assert_eq!(bracket["severity"], "error");
    // The edits are byte ranges of the file: applying them (from the end)
    // gives what --fix writes.
    let mut edits: Vec<(usize, usize, String)> = findings
        .iter()
        .filter(|f| !f["fix"].is_null())
        .flat_map(|f| f["fix"]["edits"].as_array().unwrap().clone())
        .map(|e| {
            (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
                e["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut text = md.to_string();
    for (start, end, replacement) in edits {
        text.replace_range(start..end, &replacement);
    }
    assert_eq!(
        text,
        "---\n发文字号: 示审发〔2026〕3号\n标题: 关于开展“检查”工作\n---\n\n根据安排，现通知如下：\n"
    );

    // After --fix: what was fixed, and the warning left.
    let out = gongwen()
        .args([
            "check",
            "--fix",
            "--format",
            "json",
            "--today",
            "2026-11-27",
        ])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_schema(&json);
    assert_eq!(json["summary"]["fixed"], 5);
    assert_eq!(json["findings"][0]["rule"], "GW-TITLE-GENRE-MISSING");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
}

#[test]
fn render_refuses_a_document_with_errors_unless_forced() {
    let dir = case_dir("gate");
    let input = dir.join("通知.md");
    std::fs::write(&input, doc("根据安排,现通知如下。\n")).unwrap();
    let out = gongwen().arg("render").arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("通知.md:5:5: 错误：[GW-PUNCT-HALFWIDTH]"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(!dir.join("通知.pdf").exists());

    let out = gongwen()
        .arg("render")
        .arg("--force")
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("GW-PUNCT-HALFWIDTH"), "{stderr}");
    assert!(
        std::fs::read(dir.join("通知.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );

    // Warnings alone do not stop rendering.
    std::fs::write(&input, front("标题: 关于开展检查工作\n")).unwrap();
    let out = gongwen().arg("render").arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn cli_fix_keeps_a_bom_and_crlf_line_ends() {
    let dir = case_dir("bom-crlf");
    let input = dir.join("a.md");
    let md = "\u{feff}---\r\n标题: 关于开展检查的通知\r\n---\r\n\r\n根据安排,现通知如下.\r\n";
    std::fs::write(&input, md).unwrap();
    let report = check::check(&input, md.trim_start_matches('\u{feff}'), &options());
    let pos = report.findings[0].pos.unwrap();
    assert_eq!((pos.line, pos.column), (5, 5));
    let out = gongwen()
        .args(["check", "--fix"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        "\u{feff}---\r\n标题: 关于开展检查的通知\r\n---\r\n\r\n根据安排，现通知如下。\r\n"
    );
}

#[test]
fn table_cells_are_linted_at_their_position() {
    let md = doc("| 单位 | 情况 |\n| --- | --- |\n| 审计局 | 已完成,待复核 |\n");
    // Line 7 is the first body row; `,` is its 12th character.
    assert_at(&md, &rules::PUNCT_HALFWIDTH, 7, 12);
    assert_eq!(
        fixed(&md),
        doc("| 单位 | 情况 |\n| --- | --- |\n| 审计局 | 已完成，待复核 |\n")
    );
}

//! Title line breaking (GB/T 9704 §7.3.1) read back from the PDF.

mod common;

use common::doc::render;
use common::gb::*;
use common::pdf::{Glyph, PdfPage, lines_of, page_text};

fn title_lines(title: &str) -> Vec<String> {
    title_lines_with_widths(title).0
}

/// The title's lines as read back from the PDF, and their widths in mm.
fn title_lines_with_widths(title: &str) -> (Vec<String>, Vec<f64>) {
    let md = format!("---\n标题: {title}\n---\n\n正文。\n");
    let name: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let doc = render(&format!("title-{name}"), &md);
    let lines = title_glyph_lines(&doc.pages[0]);
    let widths = lines
        .iter()
        .map(|l| right(l[l.len() - 1]) - l[0].x_mm)
        .collect();
    (lines.iter().map(|l| text_of(l)).collect(), widths)
}

/// The 2号 lines of a page (the title), each checked to be centred.
fn title_glyph_lines(page: &PdfPage) -> Vec<Vec<&Glyph>> {
    let lines: Vec<Vec<&Glyph>> = lines_of(page)
        .into_iter()
        .filter(|l| (l[0].size_pt - 22.0).abs() < 0.01)
        .collect();
    for line in &lines {
        let centre = (line[0].x_mm + right(line[line.len() - 1])) / 2.0;
        assert_mm("title line centre", centre, CENTRE, 0.5);
    }
    lines
}

#[test]
fn a_book_title_span_is_never_broken() {
    let lines = title_lines("示例县审计局关于印发《审计项目质量控制办法》的通知");
    assert_eq!(
        lines,
        ["示例县审计局关于印发", "《审计项目质量控制办法》的通知"]
    );
}

#[test]
fn joint_organs_stand_on_their_own_line() {
    let lines = title_lines("示例县审计局 示例县财政局关于开展2026年度预算执行情况专项检查的通知");
    assert_eq!(lines[0], "示例县审计局 示例县财政局");
    assert!(lines[1].starts_with("关于"), "{lines:?}");
    assert!(
        lines.iter().all(|l| !l.starts_with("度")),
        "2026年度 stays whole"
    );
}

#[test]
fn two_line_titles_are_trapezoids_without_split_words_or_short_lines() {
    for title in [
        "示例县审计局关于增拨审计信息化建设经费的请示",
        "奈曼旗审计局党组2020年意识形态工作专题报告",
        "关于进一步加强和规范全县政府投资项目审计监督工作的实施意见",
    ] {
        let lines = title_lines(title);
        assert_eq!(lines.concat(), title.replace(' ', ""));
        assert!(lines.len() >= 2, "{lines:?}");
        let counts: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(counts.iter().all(|&c| c >= 3), "{lines:?}");
        if lines.len() == 2 {
            assert!(counts[0] + 1 >= counts[1], "上短下长: {lines:?}");
        }
        for pair in lines.windows(2) {
            let a = pair[0].chars().last().unwrap();
            let b = pair[1].chars().next().unwrap();
            for word in ["审计", "信息", "年度", "意识", "工作", "项目"] {
                assert_ne!(format!("{a}{b}"), word, "{lines:?} splits {word}");
            }
        }
    }
}

#[test]
fn a_line_break_in_the_title_value_forces_a_break() {
    // YAML `|` keeps the line break the author wrote.
    let md = "---\n标题: |\n  示例县审计局\n  关于开展专项检查的通知\n---\n\n正文。\n";
    let doc = render("title-forced", md);
    let lines: Vec<String> = lines_of(&doc.pages[0])
        .into_iter()
        .filter(|l| (l[0].size_pt - 22.0).abs() < 0.01)
        .map(|l| text_of(&l))
        .collect();
    assert_eq!(lines, ["示例县审计局", "关于开展专项检查的通知"]);
}

/// Real and realistic long titles, each with the words, organ names and
/// `《…》` spans a line break must not fall inside (listed by hand, not by
/// the program's dictionary).
const LONG_TITLES: [(&str, &[&str]); 21] = [
    (
        "示例县审计局关于2026年前三季度审计工作情况的通报",
        &[
            "示例县审计局",
            "2026年",
            "前三季度",
            "审计",
            "工作",
            "情况",
            "通报",
        ],
    ),
    (
        "国务院办公厅关于印发国家突发公共事件医疗卫生救援应急预案的通知",
        &[
            "国务院办公厅",
            "印发",
            "突发公共事件",
            "医疗卫生",
            "救援",
            "应急预案",
            "通知",
        ],
    ),
    (
        "中共中央办公厅 国务院办公厅关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见",
        &[
            "中共中央办公厅",
            "国务院办公厅",
            "进一步",
            "减轻",
            "义务教育",
            "阶段",
            "学生",
            "作业",
            "负担",
            "校外培训",
        ],
    ),
    (
        "财政部 国家税务总局关于进一步实施小微企业所得税优惠政策的公告",
        &[
            "国家税务总局",
            "进一步",
            "小微企业",
            "所得税",
            "优惠政策",
            "公告",
        ],
    ),
    (
        "国务院办公厅关于全面实行行政许可事项清单管理的通知",
        &[
            "国务院办公厅",
            "全面",
            "实行",
            "行政许可",
            "事项",
            "清单",
            "管理",
        ],
    ),
    (
        "国务院关于印发“十四五”数字经济发展规划的通知",
        &["国务院", "印发", "“十四五”", "数字经济", "发展规划"],
    ),
    (
        "中共中央 国务院关于全面推进乡村振兴加快农业农村现代化的意见",
        &[
            "中共中央",
            "国务院",
            "全面推进",
            "乡村振兴",
            "加快",
            "农业农村",
            "现代化",
        ],
    ),
    (
        "国务院办公厅关于进一步优化营商环境更好服务市场主体的实施意见",
        &[
            "国务院办公厅",
            "进一步",
            "优化",
            "营商环境",
            "更好",
            "服务",
            "市场主体",
            "实施意见",
        ],
    ),
    (
        "住房和城乡建设部关于加强城市地下市政基础设施建设的指导意见",
        &[
            "住房和城乡建设部",
            "加强",
            "城市",
            "地下",
            "市政",
            "基础设施",
            "指导意见",
        ],
    ),
    (
        "人力资源社会保障部 财政部关于调整2021年退休人员基本养老金的通知",
        &[
            "人力资源社会保障部",
            "财政部",
            "2021年",
            "退休人员",
            "基本养老金",
        ],
    ),
    (
        "教育部办公厅关于做好2022年普通高校招生工作的通知",
        &["教育部办公厅", "做好", "2022年", "普通高校", "招生", "工作"],
    ),
    (
        "内蒙古自治区审计厅关于2020年度自治区本级预算执行和其他财政收支情况的审计工作报告",
        &[
            "内蒙古自治区审计厅",
            "2020年度",
            "自治区",
            "本级",
            "预算执行",
            "其他",
            "财政收支",
            "情况",
            "审计工作报告",
        ],
    ),
    (
        "示例县人民政府办公室关于印发示例县2021年第一季度重点项目建设推进方案的通知",
        &[
            "示例县人民政府办公室",
            "示例县",
            "2021年",
            "第一季度",
            "重点项目",
            "推进方案",
        ],
    ),
    (
        "中共奈曼旗委员会办公室 奈曼旗人民政府办公室关于做好2021年元旦春节期间有关工作的通知",
        &[
            "中共奈曼旗委员会办公室",
            "奈曼旗人民政府办公室",
            "2021年",
            "元旦",
            "春节",
            "期间",
            "有关",
        ],
    ),
    (
        "示例县审计局关于印发《示例县审计局审计项目质量控制办法（试行）》的通知",
        // The 《…》 span is longer than a line: it breaks, between words.
        &["示例县审计局", "审计项目", "质量控制", "办法", "（试行）"],
    ),
    (
        "国家卫生健康委办公厅关于做好新冠肺炎疫情常态化防控下医疗机构感染防控工作的通知",
        &[
            "国家卫生健康委办公厅",
            "新冠肺炎",
            "疫情",
            "常态化",
            "防控",
            "医疗机构",
            "感染",
        ],
    ),
    (
        "自治区人民政府办公厅关于转发自治区财政厅等部门关于加强政府性债务管理意见的通知",
        &[
            "自治区人民政府办公厅",
            "转发",
            "自治区财政厅",
            "部门",
            "政府性债务",
            "管理",
            "意见",
        ],
    ),
    (
        "应急管理部 国家消防救援局关于做好2023年冬春季火灾防控工作的通知",
        &[
            "应急管理部",
            "国家消防救援局",
            "2023年",
            "冬春季",
            "火灾",
            "防控",
        ],
    ),
    (
        "关于进一步加强和规范全县政府投资项目审计监督工作的实施意见",
        &[
            "进一步",
            "加强",
            "规范",
            "全县",
            "政府投资项目",
            "审计监督",
            "实施意见",
        ],
    ),
    (
        "奈曼旗审计局党组2020年意识形态工作专题报告",
        &["奈曼旗审计局党组", "2020年", "意识形态", "专题报告"],
    ),
    (
        "示例县审计局关于增拨审计信息化建设经费的请示",
        &[
            "示例县审计局",
            "增拨",
            "审计",
            "信息化",
            "建设",
            "经费",
            "请示",
        ],
    ),
];

/// Whether a line break after character `at` of `text` falls inside an
/// occurrence of `word`.
fn breaks_inside(text: &[char], at: usize, word: &str) -> bool {
    let word: Vec<char> = word.chars().collect();
    (0..text.len())
        .any(|start| text[start..].starts_with(&word) && start < at && at < start + word.len())
}

#[test]
fn long_titles_break_between_words_in_trapezoids_without_short_lines() {
    let em = SIZE_2;
    for (title, words) in LONG_TITLES {
        let (lines, widths) = title_lines_with_widths(title);
        // The space between joint organs is kept inside a line.
        let lines: Vec<String> = lines.iter().map(|l| l.replace(' ', "")).collect();
        let text: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(lines.concat(), text.iter().collect::<String>());
        assert!(lines.len() >= 2, "{title} fits one line: {lines:?}");
        let mut at = 0;
        for line in &lines[..lines.len() - 1] {
            at += line.chars().count();
            for word in words {
                assert!(
                    !breaks_inside(&text, at, word),
                    "{lines:?} breaks inside {word}"
                );
            }
        }
        for line in &lines {
            assert!(line.chars().count() >= 3, "short line: {lines:?}");
        }
        // 梯形: no line wider than the one above; 菱形 (3 lines or more)
        // may widen in the middle but closes no wider than it opens.
        let last = widths[widths.len() - 1];
        assert!(
            last <= widths[0] + em / 2.0,
            "上短下长: {lines:?} {widths:?}"
        );
        if lines.len() == 2 {
            assert!(widths[1] <= widths[0] + em / 2.0, "{lines:?} {widths:?}");
        }
    }
}

#[test]
fn an_attachment_title_breaks_like_a_document_title() {
    let title = LONG_TITLES[11].0;
    let (alone, _) = title_lines_with_widths(title);
    let md = format!(
        "---\n标题: 关于印发推进方案的通知\n附件: [{title}]\n---\n\n正文。\n\n<!-- 附件 -->\n\n# {title}\n\n附件正文。\n"
    );
    let doc = render("title-attachment", &md);
    let page = doc
        .pages
        .iter()
        .find(|p| page_text(p).contains("附件正文"))
        .expect("attachment page");
    let lines: Vec<String> = title_glyph_lines(page).iter().map(|l| text_of(l)).collect();
    assert_eq!(lines, alone);
}

#[test]
fn a_forced_part_that_is_still_too_long_breaks_between_words() {
    let md = "---\n标题: |\n  中共奈曼旗委员会办公室 奈曼旗人民政府办公室\n  关于做好2021年元旦春节期间有关工作的通知\n---\n\n正文。\n";
    let doc = render("title-forced-long", md);
    let lines: Vec<String> = title_glyph_lines(&doc.pages[0])
        .iter()
        .map(|l| text_of(l))
        .collect();
    assert_eq!(lines[0], "中共奈曼旗委员会办公室");
    assert_eq!(lines[1], "奈曼旗人民政府办公室");
    // The second part is itself too long for one line: the title rules
    // break it, between words.
    let part = "关于做好2021年元旦春节期间有关工作的通知";
    assert_eq!(lines[2..].concat(), part);
    let text: Vec<char> = part.chars().collect();
    let at = lines[2].chars().count();
    for word in ["2021年", "元旦", "春节", "期间", "有关", "工作", "通知"] {
        assert!(!breaks_inside(&text, at, word), "{lines:?}");
    }
}

//! The title dictionary is loaded only when a title needs breaking. One
//! test in its own binary: tests in one process share the dictionary.

mod common;

use common::doc::render;
use gongwen::layout::title_dictionary_loaded;

#[test]
fn the_dictionary_is_loaded_only_for_a_title_that_needs_breaking() {
    assert!(!title_dictionary_loaded());
    // A short title, a short attachment title, a forced break into short
    // parts, and no title at all.
    render("dict-short", "---\n标题: 关于放假的通知\n---\n\n正文。\n");
    render(
        "dict-attachment",
        "---\n标题: 关于印发方案的通知\n附件: [工作方案]\n---\n\n正文。\n\n<!-- 附件 -->\n\n# 工作方案\n\n附件正文。\n",
    );
    render(
        "dict-forced",
        "---\n标题: |\n  示例县审计局\n  关于开展专项检查的通知\n---\n\n正文。\n",
    );
    render("dict-none", "正文。\n");
    assert!(
        !title_dictionary_loaded(),
        "a title that fits one line loaded the dictionary"
    );
    render(
        "dict-long",
        "---\n标题: 示例县审计局关于增拨审计信息化建设经费的请示\n---\n\n正文。\n",
    );
    assert!(title_dictionary_loaded(), "a long title did not load it");
}

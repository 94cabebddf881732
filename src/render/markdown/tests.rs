//! Markdown rendering tests: one per rule the later stages rely on.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod tests;`.
#![cfg(test)]

use super::links::percent_decode;
use super::*;
use proptest::prelude::*;
use std::collections::HashSet;

fn no_pages(_: &str) -> Option<String> {
    None
}

fn render(source: &str) -> RenderedMarkdown {
    render_markdown(source, &no_pages, "")
}

fn site(path: &str) -> Option<String> {
    match path {
        "bases/x.md" => Some("/bases/x/".to_owned()),
        "bases/x/index.md" => Some("/bases/x/".to_owned()),
        "img/a.png" => Some("/img/a.png".to_owned()),
        _ => None,
    }
}

#[test]
fn chinese_lines_join_without_newline() {
    let out = render("第一行中文\n第二行中文");
    assert_eq!(out.html, "<p>第一行中文第二行中文</p>\n");
    assert_eq!(out.text, "第一行中文第二行中文");
}

#[test]
fn chinese_punctuation_and_emphasis_join() {
    assert_eq!(render("你好，\n世界").html, "<p>你好，世界</p>\n");
    assert_eq!(
        render("**重点**\n继续").html,
        "<p><strong>重点</strong>继续</p>\n"
    );
    assert_eq!(render("他说“好”\n然后").html, "<p>他说“好”然后</p>\n");
    assert_eq!(render("かな\nカナ").html, "<p>かなカナ</p>\n");
}

#[test]
fn latin_lines_keep_break() {
    assert_eq!(render("hello\nworld").html, "<p>hello\nworld</p>\n");
}

#[test]
fn mixed_and_korean_lines_keep_break() {
    assert_eq!(render("中文\nEnglish").html, "<p>中文\nEnglish</p>\n");
    assert_eq!(render("English\n中文").html, "<p>English\n中文</p>\n");
    assert_eq!(render("한국어\n문장").html, "<p>한국어\n문장</p>\n");
    assert_eq!(render("中文\nEnglish").text, "中文 English");
}

#[test]
fn heading_id_rules() {
    assert_eq!(heading_id("恐龙 化石"), "恐龙-化石");
    assert_eq!(heading_id("Hello, World!"), "hello-world");
    assert_eq!(heading_id("《三峡》与（工程）"), "三峡与工程");
    assert_eq!(heading_id("  A  -  B  "), "a-b");
    assert_eq!(heading_id("第1章：起源、演化。"), "第1章起源演化");
    assert_eq!(heading_id("snake_case"), "snake_case");
    assert_eq!(heading_id("！？"), "section");
    assert_eq!(heading_id(""), "section");
}

#[test]
fn headings_get_ids_in_html() {
    let out = render("## 恐龙 化石\n\n## Hello, World!\n\n### 《三峡》与（工程）");
    assert!(out.html.contains("<h2 id=\"恐龙-化石\">恐龙 化石</h2>"));
    assert!(
        out.html
            .contains("<h2 id=\"hello-world\">Hello, World!</h2>")
    );
    assert!(out.html.contains("<h3 id=\"三峡与工程\">"));
    assert_eq!(
        out.headings,
        vec![
            Heading {
                level: 2,
                id: "恐龙-化石".into(),
                text: "恐龙 化石".into()
            },
            Heading {
                level: 2,
                id: "hello-world".into(),
                text: "Hello, World!".into()
            },
            Heading {
                level: 3,
                id: "三峡与工程".into(),
                text: "《三峡》与（工程）".into()
            },
        ]
    );
}

#[test]
fn duplicate_headings_get_suffixes() {
    let out = render("## 简介\n\n## 简介\n\n# 简介\n\n## Intro\n\n## Other {#intro}");
    let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["简介", "简介-1", "简介-2", "intro-1", "intro"]);
    assert!(out.html.contains("<h1 id=\"简介-2\">"));
}

#[test]
fn custom_heading_id_is_honoured_and_escaped() {
    let out = render("## 标题 {#custom}\n\n## 二 {#a&b}");
    assert!(out.html.contains("<h2 id=\"custom\">标题</h2>"));
    assert!(out.html.contains("<h2 id=\"a&amp;b\">"));
    assert_eq!(out.headings[0].text, "标题");
    assert_eq!(out.headings[1].id, "a&b");
}

#[test]
fn footnotes_are_prefixed_and_linked_both_ways() {
    let source = "正文[^b]与[^a]，再次[^b]。\n\n[^a]: 注释甲。\n[^b]: 注释乙。\n";
    let out = render_markdown(source, &no_pages, "p1-");
    let html = &out.html;
    // Numbered by first reference: b is 1, a is 2.
    assert!(html.contains("<a href=\"#p1-fn-b\" id=\"p1-fnref-b\">1</a>"));
    assert!(html.contains("<a href=\"#p1-fn-a\" id=\"p1-fnref-a\">2</a>"));
    assert!(html.contains("<a href=\"#p1-fn-b\" id=\"p1-fnref-b-2\">1</a>"));
    assert!(html.contains("<li id=\"p1-fn-b\">"));
    assert!(html.contains("<li id=\"p1-fn-a\">"));
    assert!(html.contains("href=\"#p1-fnref-b\""));
    assert!(html.contains("href=\"#p1-fnref-b-2\""));
    assert!(html.contains("href=\"#p1-fnref-a\""));
    let b = html.find("<li id=\"p1-fn-b\">").unwrap_or(usize::MAX);
    let a = html.find("<li id=\"p1-fn-a\">").unwrap_or(0);
    assert!(b < a, "list follows reference order: {html}");
    // pulldown's bare ids must be gone.
    assert!(!html.contains("id=\"a\"") && !html.contains("href=\"#a\""));
    assert!(!html.contains("footnote-definition"));
}

#[test]
fn undefined_footnote_stays_text() {
    let out = render("见[^nope]。");
    assert!(!out.html.contains("<sup"), "{}", out.html);
    assert!(out.html.contains("[^nope]"));
}

#[test]
fn internal_link_resolved_without_anchor() {
    let source = "参观[科学馆](@/bases/x.md)。";
    let out = render_markdown(source, &site, "");
    assert!(
        out.html.contains("<a href=\"/bases/x/\">科学馆</a>"),
        "{}",
        out.html
    );
    let link = &out.internal_links[0];
    assert_eq!(link.path, "bases/x.md");
    assert_eq!(link.anchor, None);
    assert!(link.resolved);
    assert_eq!(&source[link.span.clone()], "@/bases/x.md");
}

#[test]
fn internal_link_resolved_with_anchor() {
    let source = "[历史](@/bases/x/index.md#历史) [编码](@/bases/x.md#%E5%8E%86%E5%8F%B2)";
    let out = render_markdown(source, &site, "");
    assert!(
        out.html.contains("<a href=\"/bases/x/#历史\">历史</a>"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<a href=\"/bases/x/#%E5%8E%86%E5%8F%B2\">")
    );
    let links = &out.internal_links;
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].path, "bases/x/index.md");
    assert_eq!(links[0].anchor.as_deref(), Some("历史"));
    assert_eq!(links[1].anchor.as_deref(), Some("历史"));
    assert_eq!(&source[links[0].span.clone()], "@/bases/x/index.md#历史");
    assert!(links.iter().all(|l| l.resolved));
}

#[test]
fn unresolved_internal_link_is_recorded_with_span() {
    let source = "前文\n\n见[这里](@/nope.md \"@/nope.md\")和[@/nope.md](@/nope.md)。";
    let out = render_markdown(source, &site, "");
    assert_eq!(out.internal_links.len(), 2);
    for link in &out.internal_links {
        assert!(!link.resolved);
        assert_eq!(link.path, "nope.md");
        assert_eq!(&source[link.span.clone()], "@/nope.md");
    }
    // The destination, not the title or the link text, is what the span marks.
    let first = out.internal_links[0].span.start;
    assert_eq!(&source[first - 1..first], "(");
    let second = out.internal_links[1].span.start;
    assert_eq!(&source[second - 2..second], "](");
    assert!(
        out.html
            .contains("<a href=\"@/nope.md\" title=\"@/nope.md\">这里</a>")
    );
}

#[test]
fn reference_links_and_images_resolve() {
    let source = "[馆][ref]和![图](@/img/a.png)\n\n[ref]: @/bases/x.md#历史\n";
    let out = render_markdown(source, &site, "");
    assert!(
        out.html.contains("<a href=\"/bases/x/#历史\">馆</a>"),
        "{}",
        out.html
    );
    assert!(out.html.contains("<img src=\"/img/a.png\" alt=\"图\" />"));
    let links = &out.internal_links;
    assert_eq!(links.len(), 2);
    assert_eq!(&source[links[0].span.clone()], "@/bases/x.md#历史");
    assert_eq!(&source[links[1].span.clone()], "@/img/a.png");
}

#[test]
fn table_renders() {
    let out = render("| 名称 | 地点 |\n| --- | --- |\n| 科技馆 | 重庆 |\n");
    assert!(out.html.contains("<table>"));
    assert!(out.html.contains("<td>科技馆</td>"));
    assert_eq!(out.text, "名称 地点\n科技馆 重庆");
}

#[test]
fn strikethrough_renders() {
    assert!(render("~~删除~~").html.contains("<del>删除</del>"));
}

#[test]
fn smart_punctuation() {
    let html = render("\"quoted\" and it's -- done...").html;
    assert!(html.contains("“quoted”"), "{html}");
    assert!(html.contains("it’s"));
    assert!(html.contains("–"));
    assert!(html.contains("…"));
}

#[test]
fn raw_html_passes_through() {
    let html = render("<div class=\"note\">提示</div>\n\n文字<span>内联</span>").html;
    assert!(html.contains("<div class=\"note\">提示</div>"));
    assert!(html.contains("<span>内联</span>"));
}

#[test]
fn plain_text_has_no_tags() {
    let source = "# 标题\n\n第一段**加粗**，[链接](@/bases/x.md)。\n接着[^1]\n\n\
                  <div>原始</div>\n\n- 列表项\n- ![图](a.png)第二项\n\n[^1]: 脚注。";
    let out = render_markdown(source, &site, "p-");
    assert!(
        !out.text.contains('<') && !out.text.contains('>'),
        "{}",
        out.text
    );
    assert_eq!(
        out.text,
        "标题\n第一段加粗，链接。接着\n列表项\n第二项\n脚注。"
    );
}

#[test]
fn percent_decode_keeps_malformed_escapes() {
    assert_eq!(percent_decode("a%20b"), "a b");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz%E5"), "%zz\u{FFFD}");
}

fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "中文",
        "English",
        "\n",
        "\n\n",
        " ",
        "#",
        "## ",
        "**",
        "*",
        "~~",
        "`",
        "[",
        "]",
        "(",
        ")",
        "@/",
        "a.md",
        "#锚",
        "[^1]",
        "[^1]: ",
        "{#id}",
        "|",
        "---",
        "> ",
        "- ",
        "<b>",
        "\"",
        "'",
        "\\",
        "&amp;",
        "、",
        "《",
        "\t",
        "1. ",
        "[r]: @/x.md",
        "!",
    ]);
    prop::collection::vec(pieces, 0..48).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn render_never_panics(source in any::<String>()) {
        let out = render_markdown(&source, &site, "p-");
        for link in &out.internal_links {
            prop_assert!(source.get(link.span.clone()).is_some());
        }
    }

    #[test]
    fn render_never_panics_on_markdownish(source in markdownish()) {
        let out = render_markdown(&source, &|p: &str| Some(format!("/{p}/")), "p-");
        for link in &out.internal_links {
            prop_assert!(source.get(link.span.clone()).is_some());
        }
        let mut ids = HashSet::new();
        for h in out.headings.iter().filter(|h| !h.id.contains("id")) {
            prop_assert!(ids.insert(h.id.clone()), "duplicate id {}", h.id);
        }
    }

    #[test]
    fn heading_id_is_clean_and_idempotent(text in any::<String>()) {
        let id = heading_id(&text);
        prop_assert!(!id.is_empty());
        prop_assert!(!id.chars().any(char::is_whitespace));
        prop_assert!(!id.chars().any(|c| c.is_ascii_punctuation() && c != '-' && c != '_'));
        prop_assert!(!id.chars().any(|c| c.is_ascii_uppercase()));
        prop_assert_eq!(heading_id(&id), id);
    }
}

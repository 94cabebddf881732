//! Crawls a built site: every local `href`/`src` (and `#anchor`) must resolve to a generated file
//! and id, and no page may load a script, stylesheet, font, image or frame from another host —
//! tourists in China often can't reach them, and the site must work offline after load.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use lol_html::{HtmlRewriter, Settings, element};
use percent_encoding::percent_decode_str;
use url::Url;

use crate::harness::SiteTest;

#[derive(Default)]
struct Page {
    ids: BTreeSet<String>,
    /// (attribute, value, is it a navigation link rather than a resource?)
    refs: Vec<(String, String, bool)>,
}

fn scan(html: &str) -> Page {
    let page = RefCell::new(Page::default());
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(element!("[id]", |el| {
                page.borrow_mut()
                    .ids
                    .insert(el.get_attribute("id").unwrap_or_default());
                Ok(())
            }))
            .append_element_content_handler(element!("a[name]", |el| {
                page.borrow_mut()
                    .ids
                    .insert(el.get_attribute("name").unwrap_or_default());
                Ok(())
            }))
            .append_element_content_handler(element!("a[href], area[href]", |el| {
                page.borrow_mut().refs.push((
                    "href".into(),
                    el.get_attribute("href").unwrap_or_default(),
                    true,
                ));
                Ok(())
            }))
            .append_element_content_handler(element!("link[href]", |el| {
                // rel=canonical/alternate are navigation; stylesheet/icon/preload are loaded.
                let rel = el.get_attribute("rel").unwrap_or_default();
                let nav = rel.split_whitespace().all(|r| {
                    matches!(
                        r,
                        "canonical" | "alternate" | "author" | "license" | "help" | "next" | "prev"
                    )
                });
                page.borrow_mut().refs.push((
                    "href".into(),
                    el.get_attribute("href").unwrap_or_default(),
                    nav && !rel.is_empty(),
                ));
                Ok(())
            }))
            .append_element_content_handler(element!(
                "[src], [poster], object[data], form[action]",
                |el| {
                    for attr in ["src", "poster", "data"] {
                        if let Some(v) = el.get_attribute(attr) {
                            page.borrow_mut().refs.push((attr.into(), v, false));
                        }
                    }
                    Ok(())
                }
            ))
            .append_element_content_handler(element!("[srcset]", |el| {
                let set = el.get_attribute("srcset").unwrap_or_default();
                for candidate in set.split(',') {
                    if let Some(u) = candidate.split_whitespace().next() {
                        page.borrow_mut()
                            .refs
                            .push(("srcset".into(), u.to_string(), false));
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[style]", |el| {
                for u in css_urls(&el.get_attribute("style").unwrap_or_default()) {
                    page.borrow_mut().refs.push(("style".into(), u, false));
                }
                Ok(())
            })),
        |_: &[u8]| {},
    );
    rewriter.write(html.as_bytes()).unwrap();
    rewriter.end().unwrap();
    page.into_inner()
}

/// `url(...)` and `@import "..."` targets in CSS.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in css.split("url(").skip(1) {
        let inner = part.split(')').next().unwrap_or_default();
        out.push(inner.trim().trim_matches(['"', '\'']).to_string());
    }
    for part in css.split("@import").skip(1) {
        let inner = part.trim_start();
        if inner.starts_with("url(") {
            continue; // counted above
        }
        let quoted: String = inner
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ')' | ';'))
            .collect();
        out.push(quoted);
    }
    out
}

fn page_url(rel: &Path) -> String {
    let s = rel.to_str().unwrap().replace('\\', "/");
    match s.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{s}"),
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Every problem found in the site at `public`.
pub fn crawl(public: &Path) -> Vec<String> {
    let base = Url::parse("http://site.invalid/").unwrap();
    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(public).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(public).unwrap();
        match rel.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages.insert(
                    page_url(rel),
                    scan(&std::fs::read_to_string(entry.path()).unwrap()),
                );
            }
            Some("css") => {
                let css = std::fs::read_to_string(entry.path()).unwrap();
                for u in css_urls(&css) {
                    let resolved = base.join(&page_url(rel)).unwrap().join(&u).unwrap();
                    if resolved.host_str() != Some("site.invalid") {
                        problems.push(format!("{}: loads {u} from another host", rel.display()));
                    }
                }
            }
            _ => {}
        }
    }
    for (url, page) in &pages {
        for (attr, value, navigation) in &page.refs {
            let Ok(resolved) = base.join(url).unwrap().join(value) else {
                problems.push(format!("{url}: {attr}=\"{value}\" is not a URL"));
                continue;
            };
            match resolved.scheme() {
                "http" | "https" if resolved.host_str() == Some("site.invalid") => {}
                "mailto" | "tel" if *navigation => continue,
                _ if *navigation && matches!(resolved.scheme(), "http" | "https") => continue,
                _ => {
                    problems.push(format!(
                        "{url}: {attr}=\"{value}\" is loaded from another host or scheme"
                    ));
                    continue;
                }
            }
            let path = decode(resolved.path());
            let target = if path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.clone()
            };
            let file = public.join(target.trim_start_matches('/'));
            if !file.is_file() {
                problems.push(format!("{url}: {attr}=\"{value}\" → {path} does not exist"));
                continue;
            }
            if let Some(fragment) = resolved.fragment().map(decode).filter(|f| !f.is_empty()) {
                let ids = pages.get(&path).map(|p| &p.ids);
                if !ids.is_some_and(|ids| ids.contains(&fragment)) {
                    problems.push(format!(
                        "{url}: {attr}=\"{value}\" → no id `{fragment}` on {path}"
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn every_local_link_of_the_shipped_site_resolves_and_nothing_loads_from_other_hosts() {
    let t = SiteTest::shipped();
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let problems = crawl(&t.public());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_crawler_catches_broken_links_anchors_and_third_party_resources() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("a")).unwrap();
    std::fs::write(
        p.join("index.html"),
        r##"<h1 id="top">x</h1><a href="/a/">ok</a><a href="/a/#%E5%8E%86%E5%8F%B2">ok</a><a href="#top">ok</a>
        <a href="https://example.com/">external link is fine</a>
        <a href="/missing/">broken</a><a href="/a/#nope">bad anchor</a>
        <script src="https://cdn.example.com/x.js"></script><img src="//img.example.com/y.png">"##,
    )
    .unwrap();
    std::fs::write(p.join("a/index.html"), r#"<h2 id="历史">历史</h2>"#).unwrap();
    std::fs::write(
        p.join("style.css"),
        "@import url(https://fonts.example.com/css);",
    )
    .unwrap();
    let problems = crawl(p);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    for needle in [
        "/missing/",
        "#nope",
        "cdn.example.com",
        "img.example.com",
        "fonts.example.com",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{needle}: {problems:#?}"
        );
    }
}

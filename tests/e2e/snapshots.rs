//! Snapshots of representative HTML fragments of the minimal fixture: the day-by-day schedule,
//! a place's opening hours and a rendered Markdown body (CJK line joining, heading ids, `@/`
//! links). A theme or view change shows up here as a reviewable diff.

use crate::harness::SiteTest;

/// The text from the element opening with `start` to the end of that element, by counting the
/// same tag name in between.
fn fragment<'a>(html: &'a str, start: &str) -> &'a str {
    let begin = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in\n{html}"));
    let tag = start
        .trim_start_matches('<')
        .split([' ', '>'])
        .next()
        .unwrap();
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 0;
    let mut i = begin;
    loop {
        let next_open = html[i + 1..].find(&open).map(|p| p + i + 1);
        let next_close = html[i..].find(&close).map(|p| p + i).unwrap();
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o;
            }
            _ if depth == 0 => return &html[begin..next_close + close.len()],
            _ => {
                depth -= 1;
                i = next_close + 1;
            }
        }
    }
}

fn built() -> SiteTest {
    let t = SiteTest::fixture("minimal");
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    t
}

#[test]
fn route_schedule() {
    let t = built();
    let html = t.read_output("routes/dino-day/index.html");
    insta::assert_snapshot!(fragment(&html, r#"<section class="day" id="day-1">"#));
}

#[test]
fn place_glance_and_hours() {
    let t = built();
    let html = t.read_output("bases/museum/index.html");
    insta::assert_snapshot!(fragment(&html, r#"<section class="glance">"#));
    let hours_start = html.find("<table").unwrap();
    insta::assert_snapshot!(fragment(&html[hours_start..], "<table"));
}

#[test]
fn markdown_body_joins_chinese_lines_and_resolves_links() {
    let t = built();
    let place = t.read_output("bases/museum/index.html");
    assert!(place.contains(r#"<h2 id="恐龙厅">恐龙厅</h2>"#), "{place}");
    assert!(
        place.contains("合川马门溪龙骨架复原。"),
        "a stray line break between Chinese lines: {place}"
    );
    let route = t.read_output("routes/dino-day/index.html");
    assert!(
        route.contains(r#"<a href="/bases/museum/#恐龙厅">博物馆</a>"#),
        "{route}"
    );
    let about = t.read_output("pages/about/index.html");
    assert!(
        about.contains(r#"<a href="/routes/">全部线路</a>"#),
        "{about}"
    );
    assert!(about.contains(r#"<a href="/">首页</a>"#), "{about}");
}

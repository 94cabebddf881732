//! 长辈模式 and phones, measured in Chromium at 390×844 on the shipped site: tap targets, text
//! sizes and the header's height on home, a list, a route, a place and search, in the default
//! look and in 长辈模式 (switched on by its header button and remembered after a reload); the
//! route's summary box at 200% zoom; and axe-core's audit in both modes. The numbers follow the
//! national age-friendly web design norms (MIIT 2021): controls at least 44×44 CSS px (60×60 in
//! the mode), body text at least 18 px (22 in the mode). axe-core comes from npm (`.ci/run`
//! installs it under `target/axe-core`); it is never part of the repository or of a site.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::browser::{open_site_as, wait_for_text};
use crate::harness::SiteTest;

/// The five kinds of page a reader meets, and a phrase each shows once it is ready.
const PAGES: [(&str, &str); 5] = [
    ("/", "精选研学线路"),
    ("/routes/", "条线路"),
    ("/routes/wulong-karst-2day/", "安全须知"),
    ("/bases/cq-natural-history-museum/", "开放时间"),
    ("/search/?q=%E6%81%90%E9%BE%99", "条结果"),
];

/// One script measures a page: see the file for what counts as a control and as text.
const MEASURE: &str = include_str!("senior_measure.js");

/// A phone: 390×844 CSS px.
const PHONE: (u32, u32) = (390, 844);

async fn open(client: &Client, server: &crate::serve::Server, path: &str, ready: &str) {
    client.goto(&server.url(path)).await.unwrap();
    wait_for_text(client, ready, |t| t.contains(ready)).await;
}

async fn measure(client: &Client, floors: &Floors) -> Value {
    client
        .execute(MEASURE, vec![serde_json::json!(floors.target)])
        .await
        .unwrap()
}

fn px(figures: &Value, key: &str) -> f64 {
    figures[key]["px"]
        .as_f64()
        .or_else(|| figures[key].as_f64())
        .unwrap_or_else(|| panic!("no {key} in {figures}"))
}

/// The floors one mode must meet, checked on one page's figures.
struct Floors {
    mode: &'static str,
    target: f64,
    body: f64,
    text: f64,
}

fn assert_floors(figures: &Value, floors: &Floors) {
    let url = figures["url"].as_str().unwrap_or("?");
    eprintln!(
        "senior figures [{}] {url}: smallest target {:.0}×{:.0} px ({} / {}), {} of {} controls under {}; smallest text {:.1} px ({}), {:.0}% of text under 16 px; body {:.1} px × {:.2}; header {:.0} px; search box text {}; drawing labels {}; {:.1} screens",
        floors.mode,
        px(figures, "min_w"),
        px(figures, "min_h"),
        figures["min_w"]["el"],
        figures["min_h"]["el"],
        figures["small"],
        figures["controls"],
        floors.target,
        px(figures, "min_text"),
        figures["min_text"]["el"],
        figures["under16"].as_f64().unwrap_or(1.0) * 100.0,
        px(figures, "body_px"),
        figures["body_line"].as_f64().unwrap_or(0.0),
        px(figures, "header_px"),
        figures["search_px"],
        figures["svg_text"],
        figures["screens"].as_f64().unwrap_or(0.0),
    );
    assert_eq!(figures["mode"], floors.mode, "{url}: wrong mode");
    assert!(
        px(figures, "min_w") >= floors.target && px(figures, "min_h") >= floors.target,
        "{url} [{}]: a control is smaller than {}×{} px: {figures}",
        floors.mode,
        floors.target,
        floors.target
    );
    assert!(
        px(figures, "body_px") >= floors.body,
        "{url}: body text under {} px: {figures}",
        floors.body
    );
    assert!(
        figures["body_line"].as_f64().unwrap_or(0.0) >= 1.5,
        "{url}: line height under 1.5: {figures}"
    );
    assert!(
        px(figures, "min_text") >= floors.text,
        "{url} [{}]: text under {} px: {figures}",
        floors.mode,
        floors.text
    );
    assert!(
        px(figures, "header_px") <= 100.0,
        "{url}: the header is taller than 100 px: {figures}"
    );
    if let Some(search) = figures["search_px"].as_f64() {
        assert!(search >= 16.0, "{url}: search text under 16 px: {figures}");
    }
    assert_eq!(
        figures["sideways"], false,
        "{url}: the page scrolls sideways: {figures}"
    );
}

const DEFAULT: Floors = Floors {
    mode: "default",
    target: 44.0,
    body: 18.0,
    text: 16.0,
};

const SENIOR: Floors = Floors {
    mode: "senior",
    target: 60.0,
    body: 22.0,
    text: 18.0,
};

/// Clicks the header's 长辈模式 button and returns its `aria-pressed` afterwards.
async fn toggle(client: &Client) -> String {
    let button = client
        .find(Locator::Css(".mode-toggle"))
        .await
        .expect("the header has a 长辈模式 button");
    assert_eq!(button.text().await.unwrap().trim(), "长辈模式");
    button.click().await.unwrap();
    button
        .attr("aria-pressed")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_readable_and_tappable_on_a_phone_in_both_modes() {
    let site = SiteTest::shipped();
    let session = open_site_as(&site, Some(PHONE)).await;
    let (client, server) = (&session.client, &session.server);

    for (path, ready) in PAGES {
        open(client, server, path, ready).await;
        assert_floors(&measure(client, &DEFAULT).await, &DEFAULT);
    }

    // Without JavaScript (no `js` class from the inline script) the button is not shown.
    let hidden = client
        .execute(
            "document.documentElement.classList.remove('js'); const d = getComputedStyle(document.querySelector('.mode-toggle')).display; document.documentElement.classList.add('js'); return d;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(hidden, "none");

    // The route's jump links lead to parts of the page that exist (this route has no bookings).
    let (route, ready) = PAGES[2];
    open(client, server, route, ready).await;
    let jumps = client
        .execute(
            "return [...document.querySelectorAll('.jump a')].map(a => [a.textContent, !!document.getElementById(a.hash.slice(1))]);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        jumps,
        serde_json::json!([
            ["日程", true],
            ["集合", true],
            ["费用", true],
            ["安全", true]
        ])
    );

    // Switched on from the route page, the mode holds after a reload and on every other page.
    assert_eq!(toggle(client).await, "true");
    client.refresh().await.unwrap();
    wait_for_text(client, ready, |t| t.contains(ready)).await;
    let pressed = client
        .find(Locator::Css(".mode-toggle"))
        .await
        .unwrap()
        .attr("aria-pressed")
        .await
        .unwrap();
    assert_eq!(
        pressed.as_deref(),
        Some("true"),
        "remembered after a reload"
    );
    for (path, ready) in PAGES {
        open(client, server, path, ready).await;
        assert_floors(&measure(client, &SENIOR).await, &SENIOR);
    }

    // And off again, from the last page (search), also after a reload.
    assert_eq!(toggle(client).await, "false");
    client.refresh().await.unwrap();
    let ready = PAGES[4].1;
    wait_for_text(client, ready, |t| t.contains(ready)).await;
    assert_eq!(measure(client, &DEFAULT).await["mode"], "default");
    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_box_reflows_at_200_percent_zoom() {
    // 200% zoom on a 390 px phone lays the page out 195 CSS px wide. The route's summary box
    // and the place's (and its other term lists) in both modes.
    let site = SiteTest::shipped();
    let session = open_site_as(&site, Some((195, 422))).await;
    let (client, server) = (&session.client, &session.server);
    for mode in ["default", "senior"] {
        for (path, ready) in [PAGES[2], PAGES[3]] {
            open(client, server, path, ready).await;
            if mode == "senior" && path == PAGES[2].0 {
                assert_eq!(toggle(client).await, "true");
            }
            let boxes = client
                .execute(
                    "return { em: parseFloat(getComputedStyle(document.body).fontSize),
                       sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
                       wide: [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5
                         && ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5))
                         .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + e.textContent.trim().slice(0, 20)),
                       dds: [...document.querySelectorAll('.glance dd, .facts dd')].map(dd => [dd.textContent.trim().slice(0, 12),
                         dd.getBoundingClientRect().width, dd.closest('dl').getBoundingClientRect().width]) };",
                    vec![],
                )
                .await
                .unwrap();
            eprintln!("senior figures [{mode}] 195×422 {path} summary box: {boxes}");
            let em = boxes["em"].as_f64().unwrap();
            let dds = boxes["dds"].as_array().unwrap();
            assert!(dds.len() >= 5, "{boxes}");
            for dd in dds {
                let (width, row) = (dd[1].as_f64().unwrap(), dd[2].as_f64().unwrap());
                // At least ~8 characters wide, or the whole row (the term above the value).
                assert!(
                    width >= 8.0 * em || width >= row - 1.0,
                    "[{mode}] {path}: a value is squeezed to {width:.0} px: {boxes}"
                );
                assert!(
                    width <= row + 0.5,
                    "[{mode}] {path}: a value sticks out of its box: {boxes}"
                );
            }
            assert_eq!(
                boxes["sideways"], false,
                "[{mode}] {path} scrolls sideways: {boxes}"
            );
        }
    }
    session.close().await;
}

/// axe-core's browser build, installed by `.ci/run`.
fn axe_source() -> String {
    let path = crate::harness::repo_root().join("target/axe-core/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({}: {e}): run .ci/run, which installs it from npm",
            path.display()
        )
    })
}

/// axe-core's serious and critical findings on the open page.
async fn axe_findings(client: &Client, axe: &str) -> Vec<Value> {
    client
        .execute(&format!("{axe}\n;return typeof axe;"), vec![])
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 6).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) }))))
               .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
            vec![],
        )
        .await
        .unwrap();
    assert!(Instant::now() < deadline, "axe took over 30 s");
    result.as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_serious_in_either_mode() {
    let axe = axe_source();
    let site = SiteTest::shipped();
    let session = open_site_as(&site, Some(PHONE)).await;
    let (client, server) = (&session.client, &session.server);
    let mut found = Vec::new();
    for mode in ["default", "senior"] {
        for (path, ready) in PAGES {
            open(client, server, path, ready).await;
            if mode == "senior" && path == "/" {
                assert_eq!(toggle(client).await, "true");
            }
            let findings = axe_findings(client, &axe).await;
            eprintln!(
                "senior axe [{mode}] {path}: {} serious or critical",
                findings.len()
            );
            for f in findings {
                eprintln!("  {f}");
                found.push(format!("[{mode}] {path}: {f}"));
            }
        }
    }
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
    session.close().await;
}

/// The theme's colour pairs for text, in the light and the dark scheme, from style.css.
fn scheme_colours(css: &str, dark: bool) -> std::collections::HashMap<String, [f64; 3]> {
    let start = if dark {
        css.find("@media (prefers-color-scheme: dark)")
            .and_then(|at| css[at..].find(":root {").map(|r| at + r))
    } else {
        css.find(":root {")
    }
    .expect("a :root block of colours");
    let block = &css[start..start + css[start..].find('}').unwrap()];
    block
        .split([';', '{'])
        .filter_map(|decl| {
            let (name, value) = decl.trim().split_once(':')?;
            let hex = value.trim().strip_prefix('#')?;
            // #fff is #ffffff.
            let hex: String = if hex.len() == 3 {
                hex.chars().flat_map(|c| [c, c]).collect()
            } else {
                hex.to_string()
            };
            let channel =
                |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            Some((
                name.trim().to_string(),
                [channel(0), channel(2), channel(4)],
            ))
        })
        .collect()
}

/// WCAG 2 contrast ratio of two sRGB colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let luminance = |c: [f64; 3]| {
        let lin = |v: f64| {
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    };
    let (x, y) = (luminance(a) + 0.05, luminance(b) + 0.05);
    x.max(y) / x.min(y)
}

#[test]
fn text_colours_keep_4_5_to_1_contrast_in_both_schemes() {
    // axe checks the light scheme in the page; the dark one is checked here on the same pairs.
    let css = std::fs::read_to_string(
        crate::harness::repo_root().join("themes/default/static/style.css"),
    )
    .unwrap();
    let pairs = [
        ("--fg", "--bg"),
        ("--fg", "--card"),
        ("--fg", "--soft"),
        ("--muted", "--bg"),
        ("--muted", "--card"),
        ("--accent", "--bg"),
        ("--accent", "--card"),
        ("--accent", "--soft"),
        ("--on-accent", "--accent"),
        ("--warn-fg", "--warn-bg"),
    ];
    for dark in [false, true] {
        let colours = scheme_colours(&css, dark);
        for (text, background) in pairs {
            let ratio = contrast(colours[text], colours[background]);
            eprintln!("senior contrast [dark: {dark}] {text} on {background}: {ratio:.2}");
            assert!(
                ratio >= 4.5,
                "[dark: {dark}] {text} on {background} is {ratio:.2}:1"
            );
        }
    }
}

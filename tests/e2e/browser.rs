//! Live reload in a real browser: Debian's Chromium driven through chromedriver (W3C WebDriver)
//! against a running `yanxue serve`. The test edits files on disk and only watches the page: the
//! page must update by itself. Also the routes index filters and the calendar script (its .ics
//! escaping checked on the vectors the Rust writer is checked on); the printed handout is in
//! handout.rs. `.ci/run` installs the `chromium`, `chromium-driver` and `poppler-utils` packages.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::harness::SiteTest;
use crate::serve::Server;

/// chromedriver on a free port, stopped on drop.
pub(crate) struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub(crate) fn start() -> Driver {
        let binary = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect("chromedriver is missing: run .ci/run, which installs Debian's chromium and chromium-driver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    pub(crate) async fn browser(&self, profile: &std::path::Path) -> Client {
        self.start_browser(profile, None).await
    }

    /// A browser that lays pages out as a phone of `width`×`height` CSS px does (touch, device
    /// pixel ratio 3), through Chromium's own device emulation.
    pub(crate) async fn phone(&self, profile: &std::path::Path, width: u32, height: u32) -> Client {
        self.start_browser(profile, Some((width, height))).await
    }

    async fn start_browser(&self, profile: &std::path::Path, phone: Option<(u32, u32)>) -> Client {
        let mut options = serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--window-size=1024,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if let Some((width, height)) = phone {
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3.0, "touch": true }
            });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".to_string(), options);
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("starting Chromium through chromedriver")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A served site with a headless Chromium on it; `close` ends the browser session, dropping
/// the rest stops chromedriver and the server.
pub(crate) struct Session {
    pub(crate) client: Client,
    pub(crate) server: Server,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

impl Session {
    pub(crate) async fn close(self) {
        self.client.clone().close().await.unwrap();
    }
}

/// Serves `site` and opens a browser with a fresh profile.
pub(crate) async fn open_site(site: &SiteTest) -> Session {
    open_site_as(site, None).await
}

/// Serves `site` and opens a browser with a fresh profile, laid out as a phone of the given
/// size in CSS px when `phone` is given.
pub(crate) async fn open_site_as(site: &SiteTest, phone: Option<(u32, u32)>) -> Session {
    let server = Server::start(site, &[]);
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let client = match phone {
        Some((width, height)) => driver.phone(profile.path(), width, height).await,
        None => driver.browser(profile.path()).await,
    };
    Session {
        client,
        server,
        _driver: driver,
        _profile: profile,
    }
}

/// Polls the page's body text until `ok` holds (or fails after 15 s).
pub(crate) async fn wait_for_text(
    client: &Client,
    what: &str,
    ok: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = match client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if ok(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; the page says:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Writes `text` the way vim does by default: a new file, then renamed over the original.
pub(crate) fn save_atomically(site: &SiteTest, rel: &str, text: &str) {
    let target = site.root().join(rel);
    let temp = target.with_extension("md.tmp-save");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &target).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_follow_edits_errors_show_in_the_page_and_go_away() {
    let site = SiteTest::fixture("minimal");
    // The site's own stylesheet (a copy of the theme's), to edit in step 6.
    let css = site.root().join("static/style.css");
    let theme_css = std::fs::read_to_string(
        crate::harness::repo_root().join("themes/default/static/style.css"),
    )
    .unwrap();
    site.write("static/style.css", &theme_css);
    let session = open_site(&site).await;
    let (client, server) = (&session.client, &session.server);
    let route = "content/routes/dino-day.md";
    let original = std::fs::read_to_string(site.root().join(route)).unwrap();

    client.goto(&server.url("/routes/dino-day/")).await.unwrap();
    wait_for_text(client, "the route page", |t| t.contains("恐龙一日")).await;
    // Mark this page load: a reload wipes the marker, a stylesheet swap keeps it.
    client
        .execute("window.__marker = 1; return 1;", vec![])
        .await
        .unwrap();

    // 1. An edit to the route's Markdown shows up by itself.
    site.write(route, &original.replace("看恐龙。", "看剑龙的骨板。"));
    wait_for_text(client, "the edited text", |t| t.contains("看剑龙的骨板")).await;

    // 2. Broken YAML: the overlay names the file and line; the last good page stays under it.
    site.write(
        route,
        &original.replace("summary: 看恐龙。", "summary: [看恐龙"),
    );
    let text = wait_for_text(client, "the error overlay", |t| t.contains("build failed")).await;
    assert!(text.contains("content/routes/dino-day.md:"), "{text}");
    let overlay = client
        .find(Locator::Id("__yanxue-overlay"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        overlay.contains("content/routes/dino-day.md:3:10"),
        "{overlay}"
    );
    assert!(
        text.contains("恐龙一日"),
        "the last good page is still shown: {text}"
    );

    // 3. Fixed: the overlay goes away by itself.
    site.write(route, &original);
    wait_for_text(client, "the overlay to go", |t| {
        !t.contains("build failed") && t.contains("看恐龙。")
    })
    .await;

    // 4. Editing a place changes the route page that visits it.
    let place = "content/bases/museum.md";
    let place_text = std::fs::read_to_string(site.root().join(place)).unwrap();
    site.write(
        place,
        &place_text.replace("name: 自然博物馆", "name: 重庆自然博物馆"),
    );
    wait_for_text(client, "the renamed place on the route page", |t| {
        t.contains("重庆自然博物馆")
    })
    .await;

    // 5. A save by rename (vim's default) is picked up too.
    save_atomically(
        &site,
        route,
        &original.replace("看恐龙。", "原子保存之后的文字。"),
    );
    wait_for_text(client, "the atomically saved text", |t| {
        t.contains("原子保存之后的文字")
    })
    .await;

    // 6. A stylesheet edit swaps the stylesheet without reloading the page.
    client
        .execute("window.__marker = 2; return 2;", vec![])
        .await
        .unwrap();
    std::fs::write(
        &css,
        format!("{theme_css}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let outline = client
            .execute(
                "return getComputedStyle(document.body).outlineColor;",
                vec![],
            )
            .await
            .unwrap();
        if outline == serde_json::json!("rgb(1, 2, 3)") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new stylesheet never applied: {outline}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let marker = client
        .execute("return window.__marker || 0;", vec![])
        .await
        .unwrap();
    assert_eq!(
        marker,
        serde_json::json!(2),
        "a CSS-only change must not reload the page"
    );

    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_routes_index_filters_by_url_and_by_choice() {
    let site = SiteTest::shipped();
    let session = open_site(&site).await;
    let (client, server) = (&session.client, &session.server);

    // A shared link opens already filtered: one route is for 初中.
    client
        .goto(&server.url("/routes/?audience=%E5%88%9D%E4%B8%AD"))
        .await
        .unwrap();
    wait_for_text(client, "the filtered count", |t| {
        t.contains("显示 1 / 5 条线路")
    })
    .await;
    let visible = client
        .execute("return [...document.querySelectorAll('[data-route]')].filter(c => !c.hidden).map(c => c.querySelector('h2').textContent);", vec![])
        .await
        .unwrap();
    assert_eq!(
        visible,
        serde_json::json!(["渝中两江“城市里的科学与工程”一日研学"])
    );

    // Choosing another filter updates the list and the URL.
    client
        .find(Locator::Css("button[type=reset]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(client, "all routes again", |t| {
        t.contains("显示 5 / 5 条线路")
    })
    .await;
    client
        .find(Locator::Id("filter-days"))
        .await
        .unwrap()
        .select_by_value("2")
        .await
        .unwrap();
    wait_for_text(client, "the two-day routes", |t| {
        t.contains("显示 1 / 5 条线路")
    })
    .await;
    let url = client.current_url().await.unwrap();
    assert_eq!(url.query(), Some("days=2"), "{url}");
    client
        .find(Locator::Id("filter-audience"))
        .await
        .unwrap()
        .select_by_value("亲子")
        .await
        .unwrap();
    wait_for_text(client, "no route matches both", |t| {
        t.contains("显示 0 / 5 条线路")
    })
    .await;
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .query()
            .unwrap()
            .contains("audience=")
    );

    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paginated_routes_index_filters_every_route() {
    let site = SiteTest::shipped();
    let config = site.root().join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\npaginate_by: 2\n")).unwrap();
    let session = open_site(&site).await;
    let (client, server) = (&session.client, &session.server);

    // The 初中 route is on the last of three pages; filtering finds it from page one.
    client
        .goto(&server.url("/routes/?audience=%E5%88%9D%E4%B8%AD"))
        .await
        .unwrap();
    wait_for_text(client, "the filtered count", |t| {
        t.contains("显示 1 / 5 条线路")
    })
    .await;
    let shown = client
        .execute(
            "return [[...document.querySelectorAll('#route-cards .card-title a')].map(a => a.textContent + ' ' + a.getAttribute('href')), document.querySelector('.pager').hidden];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        shown,
        serde_json::json!([
            ["渝中两江“城市里的科学与工程”一日研学 /routes/yuzhong-city-science/"],
            true
        ])
    );

    // Clearing the filter brings back this page's own two cards and the pager.
    client
        .find(Locator::Css("button[type=reset]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(client, "the first page again", |t| {
        t.contains("共 5 条线路，第 1 / 3 页")
    })
    .await;
    let shown = client
        .execute(
            "return [document.querySelectorAll('#route-cards [data-route]').length, document.querySelector('.pager').hidden];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown, serde_json::json!([2, false]));
    session.close().await;
}

/// The text of a PDF, through poppler's pdftotext (installed by .ci/run).
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is missing: run .ci/run, which installs poppler-utils");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_without_departures_builds_its_calendar_in_the_browser() {
    let site = SiteTest::fixture("minimal");
    let session = open_site(&site).await;
    let (client, server) = (&session.client, &session.server);
    client.goto(&server.url("/routes/dino-day/")).await.unwrap();
    wait_for_text(client, "the date field", |t| t.contains("生成日历文件")).await;
    let ics = client
        .execute(
            "return window.__yanxueCalendar(new Date('2027-04-13T00:00:00Z'));",
            vec![],
        )
        .await
        .unwrap();
    let ics = ics.as_str().unwrap();
    let lines: Vec<&str> = ics.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "{ics}");
    let unfolded = ics.replace("\r\n ", "");
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(
        unfolded.contains("DTSTART;TZID=Asia/Shanghai:20270413T093000\r\n"),
        "{ics}"
    );
    assert!(unfolded.contains("SUMMARY:自然博物馆\r\n"), "{ics}");
    assert!(
        unfolded
            .contains("PRODID:-//yanxue//yanxue//ZH\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"),
        "{ics}"
    );
    assert!(!unfolded.contains("T240000"), "{ics}");
    let again = client
        .execute(
            "return window.__yanxueCalendar(new Date('2027-04-13T00:00:00Z'));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        again.as_str(),
        Some(ics),
        "the same date gives the same file"
    );
    // Served by `serve`, whose base URL is the loopback address.
    assert!(
        unfolded.contains("UID:routes-dino-day-20270413-d1-s1@127.0.0.1\r\n"),
        "{ics}"
    );

    // The page's escaping and folding give the Rust writer's results on the shared vectors
    // (checked against src/render/calendar.rs by its unit test).
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            crate::harness::repo_root().join("tests/fixtures/ics-escape-vectors.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 15);
    let got = client
        .execute(
            "var ics = window.__yanxueIcs; return arguments[0].map(v => [ics.escapeText(v.value), ics.textLine(v.property, v.value)]);",
            vec![file["vectors"].clone()],
        )
        .await
        .unwrap();
    let got: Vec<(String, String)> = serde_json::from_value(got).unwrap();
    assert_eq!(got.len(), vectors.len());
    for (v, (escaped, line)) in vectors.iter().zip(&got) {
        let name = v["name"].as_str().unwrap();
        assert_eq!(
            escaped,
            v["escaped"].as_str().unwrap(),
            "escapeText: {name}"
        );
        assert_eq!(line, v["line"].as_str().unwrap(), "textLine: {name}");
    }

    // Whole calendars from the same event data give the Rust writer's bytes (DTSTAMP included:
    // it comes from the data, not the browser's clock).
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            crate::harness::repo_root().join("tests/fixtures/calendar-event-vectors.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 7);
    let got = client
        .execute(
            "return arguments[0].map(v => window.__yanxueIcs.calendar(v.data, new Date(v.start + 'T00:00:00Z')));",
            vec![file["vectors"].clone()],
        )
        .await
        .unwrap();
    let got: Vec<String> = serde_json::from_value(got).unwrap();
    assert_eq!(got.len(), vectors.len());
    for (v, ics) in vectors.iter().zip(&got) {
        let name = v["name"].as_str().unwrap();
        assert_eq!(ics, v["ics"].as_str().unwrap(), "calendar: {name}");
    }
    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_browser_lays_pages_out_at_the_phone_width() {
    let site = SiteTest::fixture("minimal");
    let session = open_site_as(&site, Some((390, 844))).await;
    let (client, server) = (&session.client, &session.server);
    client.goto(&server.url("/")).await.unwrap();
    let size = client
        .execute(
            "return [window.innerWidth, window.innerHeight, window.devicePixelRatio];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(size, serde_json::json!([390, 844, 3]));
    session.close().await;
}

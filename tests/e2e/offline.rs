//! Offline after one visit: the built site served by a small static server started here, opened
//! in Chromium until the service worker controls the page and holds it, then a real outage (the
//! server stopped: connections are refused). The route page, its notice, its calendar and
//! GeoJSON, its handout, the home page and the routes index must still open; a page never
//! visited gets the worker's fallback; a rebuilt site replaces the worker's cache. Also what the
//! build writes for it: the manifest, the worker's build id, and the links in every page.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use crate::browser::{Driver, pdf_text, wait_for_text};
use crate::harness::SiteTest;

const ROUTE: &str = "/routes/wulong-karst-2day/";
const ROUTE_TITLE: &str = "武隆喀斯特两日地理研学";
const STOP: &str = "天生三桥";

/// A static file server for a built site, as a plain host would serve `public/`: one thread
/// per connection, every answer closing its connection, so that stopping it is a real outage.
struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
    /// Milliseconds every page (HTML) answer waits before it is sent: a weak network.
    page_delay: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` on `port` (0: any free port).
    fn start(root: PathBuf, port: u16) -> StaticServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let page_delay = Arc::new(AtomicU64::new(0));
        let delay = Arc::clone(&page_delay);
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        let delay = Duration::from_millis(delay.load(Ordering::SeqCst));
                        std::thread::spawn(move || answer(stream, &root, delay));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        StaticServer {
            port,
            stop,
            page_delay,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Stops accepting and closes the listening socket: new connections are refused.
    fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
        assert!(
            TcpStream::connect(("127.0.0.1", self.port)).is_err(),
            "the server still answers"
        );
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// One GET or HEAD on `stream`, answered from `root` (`/x/` → `x/index.html`, a folder without
/// its slash redirected, anything else the site's 404.html with status 404); a page after
/// `page_delay`.
fn answer(mut stream: TcpStream, root: &Path, page_delay: Duration) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&request).into_owned();
    let mut words = head.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let rel = path.trim_start_matches('/');
    assert!(!rel.contains(".."), "a path out of the site: {path}");
    let mut file = root.join(rel);
    let (status, location) = if path.ends_with('/') {
        file = file.join("index.html");
        ("200 OK", None)
    } else if file.is_dir() {
        ("301 Moved Permanently", Some(format!("{path}/")))
    } else {
        ("200 OK", None)
    };
    let (status, body, file) = match (location.is_some(), std::fs::read(&file)) {
        (true, _) => (status, Vec::new(), file),
        (false, Ok(body)) => (status, body, file),
        (false, Err(_)) => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            root.join("404.html"),
        ),
    };
    let mime = mime_guess::from_path(&file).first_or_octet_stream();
    if mime.subtype() == "html" {
        std::thread::sleep(page_delay);
    }
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(to) = location {
        head.push_str(&format!("Location: {to}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
}

/// Runs `script` (an async function body) in the page and returns what it returns.
async fn run(client: &Client, script: &str) -> serde_json::Value {
    let wrapped = format!(
        "const done = arguments[arguments.length - 1];
         (async () => {{ {script} }})().then(done, (e) => done('error: ' + e));"
    );
    client.execute_async(&wrapped, vec![]).await.unwrap()
}

/// A Chrome DevTools command without parameters, through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or("")
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.0, "params": {} });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Waits until the service worker controls the page and its cache holds the page and the
/// route's calendar and GeoJSON; returns the cache names.
async fn wait_until_saved(client: &Client, path: &str) -> Vec<String> {
    let script = format!(
        "if (!navigator.serviceWorker.controller) return null;
         const page = await caches.match('{path}');
         if (!page || !(await page.text()).includes('{ROUTE_TITLE}')) return null;
         if (!(await caches.match('{path}route.ics')) || !(await caches.match('{path}route.geojson'))) return null;
         return await caches.keys();"
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let serde_json::Value::Array(names) = run(client, &script).await {
            return names
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect();
        }
        assert!(
            Instant::now() < deadline,
            "the service worker never held {path}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The text of the saved-copy notice, once it shows.
async fn notice(client: &Client) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(note) = client
            .find(Locator::Css("[role=status].offline-note"))
            .await
        {
            let text = note.text().await.unwrap_or_default();
            if !text.is_empty() {
                return text;
            }
        }
        assert!(Instant::now() < deadline, "no saved-copy notice");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `离线副本：保存于 YYYY-MM-DD HH:MM`, with a real date.
fn assert_saved_at(text: &str) {
    let at = text
        .split("保存于 ")
        .nth(1)
        .unwrap_or_else(|| panic!("no save time in {text:?}"));
    let stamp: String = at.chars().take(16).collect();
    let date = &stamp[..10];
    assert!(
        date.parse::<jiff::civil::Date>().is_ok(),
        "not a date: {stamp:?} in {text:?}"
    );
    assert_eq!(&stamp[10..11], " ");
    assert!(
        stamp[11..].parse::<jiff::civil::Time>().is_ok(),
        "not a time: {stamp:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visited_route_page_its_files_and_the_shell_open_during_an_outage() {
    let site = SiteTest::shipped();
    let run_build = site.build();
    assert_eq!(run_build.code, 0, "{}", run_build.stderr);
    let mut server = StaticServer::start(site.public(), 0);
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let client = driver.browser(profile.path()).await;

    client.goto(&server.url(ROUTE)).await.unwrap();
    wait_for_text(&client, "the route page", |t| t.contains(ROUTE_TITLE)).await;
    let caches = wait_until_saved(&client, ROUTE).await;
    assert_eq!(caches.len(), 1, "{caches:?}");
    assert!(caches[0].starts_with("yanxue-"), "{caches:?}");
    // What Chromium needs to offer to install the site (manifest, icon, worker): nothing lacking.
    let installable = client
        .issue_cmd(Cdp("Page.getInstallabilityErrors"))
        .await
        .unwrap();
    assert_eq!(
        installable["installabilityErrors"],
        serde_json::json!([]),
        "{installable}"
    );
    // Online, the page is the network's: no notice.
    assert!(client.find(Locator::Css(".offline-note")).await.is_err());

    server.stop();
    client.refresh().await.unwrap();
    let text = wait_for_text(&client, "the saved route page", |t| {
        t.contains(ROUTE_TITLE) && t.contains(STOP)
    })
    .await;
    assert!(text.contains("第 2 天"), "{text}");
    let note = notice(&client).await;
    assert!(note.starts_with("离线副本：保存于 "), "{note}");
    assert_saved_at(&note);
    assert!(note.contains("信息核实于 2026-11-20"), "{note}");
    // The diagram is in the page itself.
    assert!(client.find(Locator::Css("main svg")).await.is_ok());

    // The downloads the page links to come from the cache too.
    let files = run(
        &client,
        "const ics = await (await fetch('route.ics')).text();
         const geo = await (await fetch('route.geojson')).json();
         return [ics.slice(0, 15), geo.type, geo.features.length];",
    )
    .await;
    assert_eq!(files[0], "BEGIN:VCALENDAR");
    assert_eq!(files[1], "FeatureCollection");
    assert!(files[2].as_u64().unwrap() > 1, "{files}");

    // The handout is the page printed.
    let pdf = client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .unwrap();
    let handout = pdf_text(&pdf);
    for wanted in [ROUTE_TITLE, STOP, "第 1 天"] {
        assert!(
            handout.contains(wanted),
            "the handout lacks {wanted}:\n{handout}"
        );
    }
    assert!(
        !handout.contains("离线副本"),
        "the notice is not for paper:\n{handout}"
    );

    // The shell: home and the routes index.
    client.goto(&server.url("/")).await.unwrap();
    wait_for_text(&client, "the saved home page", |t| {
        t.contains("重庆科普研学")
    })
    .await;
    assert_saved_at(&notice(&client).await);
    client.goto(&server.url("/routes/")).await.unwrap();
    wait_for_text(&client, "the saved routes index", |t| {
        t.contains(ROUTE_TITLE) && t.contains("北碚“恐龙·森林”一日研学")
    })
    .await;
    // Its stylesheet came from the cache as well: the page is styled.
    let styled = run(
        &client,
        "return getComputedStyle(document.querySelector('.site-header')).borderBottomStyle;",
    )
    .await;
    assert_eq!(styled, "solid");

    // A page never opened: the worker's fallback, listing what is saved.
    client.goto(&server.url("/bases/")).await.unwrap();
    let text = wait_for_text(&client, "the offline fallback", |t| {
        t.contains("没有网络，这一页还没有保存")
    })
    .await;
    assert!(
        text.contains(ROUTE_TITLE),
        "the fallback lists no saved page:\n{text}"
    );
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_site_replaces_the_cache_after_a_reload_online() {
    let site = SiteTest::shipped();
    assert_eq!(site.build().code, 0);
    let mut server = StaticServer::start(site.public(), 0);
    let port = server.port;
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let client = driver.browser(profile.path()).await;
    client.goto(&server.url(ROUTE)).await.unwrap();
    let first = wait_until_saved(&client, ROUTE).await;
    let first_sw = std::fs::read_to_string(site.public().join("sw.js")).unwrap();

    // The content changes; the new build is served at the same address.
    server.stop();
    let file = site.root().join("content/routes/wulong-karst-2day.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen(STOP, "天生三桥（新版）", 1)).unwrap();
    assert_eq!(site.build().code, 0);
    let second_sw = std::fs::read_to_string(site.public().join("sw.js")).unwrap();
    assert_ne!(first_sw, second_sw, "the worker must change with the build");
    let mut server = StaticServer::start(site.public(), port);

    client.refresh().await.unwrap();
    wait_for_text(&client, "the rebuilt page", |t| {
        t.contains("天生三桥（新版）")
    })
    .await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let now = loop {
        let state = run(
            &client,
            "const keys = await caches.keys();
             const page = await caches.match(location.pathname);
             return [keys, page ? (await page.text()).includes('天生三桥（新版）') : false];",
        )
        .await;
        let names: Vec<String> = state[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        if names.len() == 1 && names != first && state[1] == true {
            break names;
        }
        assert!(
            Instant::now() < deadline,
            "the cache was not replaced: {state} (first {first:?})"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(second_sw.contains(&now[0]["yanxue-".len()..]), "{now:?}");

    // And offline, the new copy is the one shown.
    server.stop();
    client.refresh().await.unwrap();
    wait_for_text(&client, "the new saved copy", |t| {
        t.contains("天生三桥（新版）")
    })
    .await;
    assert_saved_at(&notice(&client).await);
    client.close().await.unwrap();
}

#[test]
fn the_build_writes_the_manifest_the_worker_and_the_links_to_them() {
    let site = SiteTest::shipped();
    assert_eq!(site.build().code, 0);
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read_output("manifest.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "重庆科普研学");
    assert_eq!(manifest["short_name"], "重庆科普研学");
    assert_eq!(manifest["lang"], "zh-CN");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["icons"][0]["src"], "/icon.svg");
    assert!(site.read_output("icon.svg").starts_with("<svg"));

    let sw = site.read_output("sw.js");
    let build = sw
        .lines()
        .find_map(|l| l.strip_prefix("const BUILD = \""))
        .and_then(|l| l.strip_suffix("\";"))
        .unwrap();
    assert_eq!(build.len(), 16, "{build}");
    assert_ne!(build, "dev");
    let shell = sw
        .lines()
        .find_map(|l| l.strip_prefix("const SHELL = "))
        .and_then(|l| l.strip_suffix(';'))
        .unwrap();
    let shell: Vec<String> = serde_json::from_str(shell).unwrap();
    for url in [
        "/",
        "/routes/",
        "/style.css",
        "/offline.js",
        "/manifest.webmanifest",
    ] {
        assert!(shell.contains(&url.to_string()), "{url} not in {shell:?}");
    }
    for url in &shell {
        assert!(
            site.public().join(url.trim_start_matches('/')).exists()
                || site
                    .public()
                    .join(url.trim_start_matches('/'))
                    .join("index.html")
                    .exists(),
            "the shell names {url}, which the build did not write"
        );
    }
    assert!(!shell.contains(&"/sw.js".to_string()));

    // Every page links the manifest and loads offline.js.
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                html.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">")
                    && html.contains("<script src=\"/offline.js\" defer></script>"),
                "{} lacks the manifest or offline.js",
                entry.path().display()
            );
        }
    }

    // The same input builds the same worker, byte for byte.
    assert_eq!(site.build().code, 0);
    assert_eq!(site.read_output("sw.js"), sw);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&site.read_output("manifest.webmanifest"))
            .unwrap(),
        manifest
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_weak_network_the_saved_copy_shows_after_a_few_seconds() {
    let site = SiteTest::shipped();
    assert_eq!(site.build().code, 0);
    let server = StaticServer::start(site.public(), 0);
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let client = driver.browser(profile.path()).await;
    client.goto(&server.url(ROUTE)).await.unwrap();
    wait_until_saved(&client, ROUTE).await;

    // Pages now take 20 s: the reader gets the saved copy within the worker's wait instead.
    server.page_delay.store(20_000, Ordering::SeqCst);
    let asked = Instant::now();
    client.refresh().await.unwrap();
    wait_for_text(&client, "the saved copy", |t| t.contains(ROUTE_TITLE)).await;
    assert_saved_at(&notice(&client).await);
    let waited = asked.elapsed();
    assert!(
        waited >= Duration::from_secs(3) && waited < Duration::from_secs(10),
        "the saved copy came after {waited:?}"
    );
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_registers_no_service_worker() {
    // Live reload must show every edit: a cache between the preview and the page would not.
    let site = SiteTest::shipped();
    let session = crate::browser::open_site(&site).await;
    let (client, server) = (&session.client, &session.server);
    client.goto(&server.url(ROUTE)).await.unwrap();
    wait_for_text(client, "the route page", |t| t.contains(ROUTE_TITLE)).await;
    let state = run(
        client,
        "await new Promise((done) => setTimeout(done, 1500));
         const loaded = !!document.querySelector('script[src=\"/offline.js\"]');
         const served = (await fetch('/offline.js')).status;
         return [loaded, served, (await navigator.serviceWorker.getRegistrations()).length];",
    )
    .await;
    assert_eq!(state, serde_json::json!([true, 200, 0]));
    session.close().await;
}

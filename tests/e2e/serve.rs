//! `yanxue serve` over real HTTP on loopback: a running server process, requests sent as raw
//! bytes (so `..` reaches the server as written; HTTP clients normalise it away), rebuilds on
//! save, and the last good build kept while the content is broken.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, yanxue_command};

/// A `yanxue serve` child process, stopped on drop.
pub struct Server {
    child: Child,
    pub addr: String,
    /// Kept so the thread draining the server's stderr keeps running.
    _log: mpsc::Receiver<String>,
}

impl Server {
    pub fn start(site: &SiteTest, extra: &[&str]) -> Server {
        let mut child = yanxue_command()
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(extra)
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let Ok(line) = log.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve did not start");
            };
            if let Some(rest) = line.strip_prefix("serving http://") {
                let addr = rest.split('/').next().unwrap().to_string();
                return Server {
                    child,
                    addr,
                    _log: log,
                };
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends `GET <raw_path>` exactly as written; returns (status, head, body).
    pub fn get_raw(&self, method: &str, raw_path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "{method} {raw_path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_lowercase(), body.to_string())
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        self.get_raw("GET", path)
    }

    /// Polls `path` until its body satisfies `ok` (or panics after 15 s).
    pub fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let (_, _, body) = self.get(path);
            if ok(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} on {path}; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn traversal_attempts_never_leave_the_build() {
    let t = SiteTest::fixture("minimal");
    let server = Server::start(&t, &[]);
    for path in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/bases/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fsite.yaml",
        "/%2e%2e%2fsite.yaml",
        "/bases/..%5c..%5csite.yaml",
        "/content/bases/museum.md",
        "/./site.yaml",
        "/%00",
        "/%ff",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.contains("base_url") && !body.contains("root:"),
            "{path} leaked:\n{body}"
        );
    }
}

#[test]
fn serves_pages_with_types_no_cache_and_the_site_404() {
    let t = SiteTest::fixture("minimal");
    let server = Server::start(&t, &[]);
    let (status, head, body) = server.get("/routes/dino-day/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(
        body.contains("恐龙一日") && body.contains("/__yanxue/ws"),
        "{body}"
    );
    let (status, head, _) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (status, head, _) = server.get("/bases/museum");
    assert_eq!(status, 301);
    assert!(head.contains("location: /bases/museum/"), "{head}");
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("<html") && body.contains("/__yanxue/ws"),
        "the site's 404.html: {body}"
    );
    for method in ["POST", "PUT", "DELETE"] {
        assert_eq!(server.get_raw(method, "/").0, 405, "{method}");
    }
    assert_eq!(server.get_raw("HEAD", "/").0, 200);
    // The files on disk are untouched: serve builds in memory.
    assert!(!t.public().exists());
}

#[test]
fn rebuilds_on_save_and_keeps_the_last_good_build_while_broken() {
    let t = SiteTest::fixture("minimal");
    let server = Server::start(&t, &[]);
    let route = "content/routes/dino-day.md";
    let original = std::fs::read_to_string(t.root().join(route)).unwrap();
    t.write(route, &original.replace("看恐龙。", "看剑龙。"));
    server.wait_for("/routes/dino-day/", "the edit", |b| b.contains("看剑龙"));

    t.write(
        route,
        &original.replace("summary: 看恐龙。", "summary: [broken"),
    );
    let page = server.wait_for("/routes/dino-day/", "the overlay", |b| {
        b.contains("build failed")
    });
    assert!(page.contains("看剑龙"), "the last good page stays: {page}");
    assert!(
        page.contains("<code>content/routes/dino-day.md:3:10</code>"),
        "{page}"
    );

    t.write(route, &original);
    let page = server.wait_for("/routes/dino-day/", "the fix", |b| {
        !b.contains("build failed")
    });
    assert!(page.contains("看恐龙"), "{page}");
}

#[test]
fn busy_port_falls_back_to_the_next() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    let t = SiteTest::fixture("minimal");
    let mut child = yanxue_command()
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(t.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut said_busy = false;
    let mut serving = String::new();
    for line in lines.by_ref().map_while(Result::ok) {
        said_busy |= line.contains(&format!("port {port} is busy"));
        if line.starts_with("serving ") {
            serving = line;
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(said_busy, "{serving}");
    assert!(!serving.contains(&format!(":{port}/")), "{serving}");
}

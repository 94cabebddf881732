//! `yanxue serve` never points a browser elsewhere and never answers anyone else: a running
//! server, raw requests (so `//`, a foreign `Host` or `Origin` reach it exactly as written), and
//! one real browser that tries the live-reload socket across origins.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::browser::open_site;
use crate::harness::{SiteTest, tree};
use crate::serve::Server;

/// A response: status, headers (names lower-cased; `date` left out, it changes) and body.
#[derive(Debug, PartialEq, Eq)]
struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: String,
}

/// Sends `request` (request line and header lines, no blank line) as written and reads the
/// response head, then as many body bytes as `content-length` says (none after a `101`: the
/// socket stays open).
fn exchange(server: &Server, request: &str) -> Reply {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "{request}\r\n\r\n").unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(
            stream.read(&mut byte).unwrap(),
            1,
            "closed mid-head: {head:?}"
        );
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    let mut lines = head.trim_end().split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: BTreeMap<String, String> = lines
        .map(|l| {
            let (name, value) = l.split_once(':').unwrap();
            (name.to_ascii_lowercase(), value.trim().to_string())
        })
        .filter(|(name, _)| name != "date")
        .collect();
    let length = headers
        .get("content-length")
        .map_or(0, |n| n.parse().unwrap());
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8(body).unwrap(),
    }
}

/// `request` with `Connection: close`, which the server must echo (checked, then left out of
/// the reply, so expected replies are the same for every kind of request).
fn closing(server: &Server, request: &str) -> Reply {
    let mut reply = exchange(server, &format!("{request}\r\nConnection: close"));
    assert_eq!(
        reply.headers.remove("connection").as_deref(),
        Some("close"),
        "{request}"
    );
    reply
}

fn get(server: &Server, path: &str, host: &str) -> Reply {
    closing(server, &format!("GET {path} HTTP/1.1\r\nHost: {host}"))
}

fn headers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn redirect(location: &str) -> Reply {
    Reply {
        status: 301,
        headers: headers(&[
            ("cache-control", "no-store"),
            ("content-length", "0"),
            ("location", location),
        ]),
        body: String::new(),
    }
}

fn refused(body: String) -> Reply {
    Reply {
        status: 403,
        headers: headers(&[
            ("cache-control", "no-store"),
            ("content-length", &body.len().to_string()),
            ("content-type", "text/plain; charset=utf-8"),
        ]),
        body,
    }
}

fn refused_host(server: &Server) -> Reply {
    let served = &server.addr;
    refused(format!(
        "403 forbidden: the preview server only answers requests for localhost or its own IP \
         address; open http://{served}/ (with --bind, use the IP address, not a host name).\n\
         预览服务器只响应发往 localhost 或其本机 IP 地址的请求，请打开 http://{served}/\
         （使用 --bind 时请用 IP 地址访问，不要用主机名）。\n"
    ))
}

fn refused_origin() -> Reply {
    refused(
        "403 forbidden: the live-reload connection only accepts pages served by this preview \
         server.\n实时刷新连接只接受本预览服务器提供的页面。\n"
            .to_string(),
    )
}

fn not_found(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: headers(&[
            ("cache-control", "no-store"),
            ("content-length", &body.len().to_string()),
            ("content-type", "text/plain; charset=utf-8"),
        ]),
        body: body.to_string(),
    }
}

/// The RFC 6455 example key, and the accept value it must get.
const WS_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
const WS_ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

fn upgrade(server: &Server, host: &str, origin: Option<&str>) -> Reply {
    let origin = origin.map_or(String::new(), |o| format!("\r\nOrigin: {o}"));
    exchange(
        server,
        &format!(
            "GET /__yanxue/ws HTTP/1.1\r\nHost: {host}\r\nConnection: Upgrade\r\n\
             Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {WS_KEY}{origin}"
        ),
    )
}

fn switched() -> Reply {
    Reply {
        status: 101,
        headers: headers(&[
            ("connection", "upgrade"),
            ("sec-websocket-accept", WS_ACCEPT),
            ("upgrade", "websocket"),
        ]),
        body: String::new(),
    }
}

#[test]
fn folder_redirects_never_leave_the_server() {
    let t = SiteTest::fixture("minimal");
    let server = Server::start(&t, &[]);
    let host = server.addr.clone();
    for (path, location) in [
        ("/routes", "/routes/"),
        ("//routes", "/routes/"),
        ("///routes", "/routes/"),
        ("//routes?page=2", "/routes/?page=2"),
        ("/%2Froutes", "/routes/"),
        ("//%2Froutes", "/routes/"),
        ("//bases/museum", "/bases/museum/"),
        (
            "//bases//museum?x=%2F%2Fevil.example",
            "/bases/museum/?x=%2F%2Fevil.example",
        ),
    ] {
        assert_eq!(get(&server, path, &host), redirect(location), "{path}");
    }
    // Paths that name a host-like first segment are just missing folders here.
    for path in [
        "//evil.example",
        "//evil.example/",
        "//evil.example/routes",
        "///evil.example/",
        "//%2Fevil.example",
        "/%09/evil.example",
        "//evil.example%2F..",
    ] {
        let reply = get(&server, path, &host);
        assert_eq!(reply.status, 404, "{path}: {reply:?}");
        assert_eq!(reply.headers.get("location"), None, "{path}");
    }
    // `/\evil.example` is `//evil.example` to a browser: refused before any redirect.
    for path in ["/%5Cevil.example", "/%5C%5Cevil.example/"] {
        assert_eq!(
            get(&server, path, &host),
            not_found(400, "bad path\n"),
            "{path}"
        );
    }
    // `//%2F..` decodes to a `..`: refused, not resolved.
    assert_eq!(
        get(&server, "//%2F..", &host),
        not_found(404, "not found\n")
    );
    // A served folder keeps answering 200 under its doubled-slash spelling, without a redirect.
    let reply = get(&server, "//routes/", &host);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers.get("location"), None);
}

#[test]
fn requests_for_other_hosts_are_refused_and_change_nothing() {
    let t = SiteTest::fixture("minimal");
    let sources = tree(t.root());
    let server = Server::start(&t, &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("10.0.0.7:{port}"),
    ] {
        for path in [
            "/",
            "/routes/dino-day/",
            "/style.css",
            "/no/such/page/",
            "/__yanxue/ws",
        ] {
            assert_eq!(
                get(&server, path, &host),
                refused_host(&server),
                "{host} {path}"
            );
        }
    }
    // The absolute form (as sent to a proxy) names a host too.
    assert_eq!(
        closing(
            &server,
            &format!("GET http://evil.example/ HTTP/1.1\r\nHost: localhost:{port}")
        ),
        refused_host(&server)
    );
    assert_eq!(
        closing(
            &server,
            &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example")
        ),
        refused_host(&server)
    );
    // A websocket with a foreign Host is refused whatever its Origin says.
    assert_eq!(
        upgrade(&server, "evil.example", Some("http://evil.example")),
        refused_host(&server)
    );
    assert_eq!(tree(t.root()), sources, "serve must not touch the site");
    assert!(!t.public().exists());
}

#[test]
fn loopback_hosts_are_served() {
    let t = SiteTest::fixture("minimal");
    let server = Server::start(&t, &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        server.addr.clone(),
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("LOCALHOST:{port}"),
        format!("docs.localhost:{port}"),
        format!("127.0.0.2:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = get(&server, "/routes/dino-day/", &host);
        assert_eq!(reply.status, 200, "{host}: {reply:?}");
        assert_eq!(
            reply.headers.get("content-type").map(String::as_str),
            Some("text/html; charset=utf-8"),
            "{host}"
        );
        assert!(reply.body.contains("恐龙一日"), "{host}: {}", reply.body);
        assert_eq!(
            get(&server, "//routes", &host),
            redirect("/routes/"),
            "{host}"
        );
    }
    // HTTP/1.0 without a Host: no browser sends that, so it can't be a rebinding page; answered.
    let reply = exchange(&server, "GET /routes/dino-day/ HTTP/1.0");
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(reply.body.contains("恐龙一日"));
}

#[test]
fn websocket_upgrades_from_other_origins_are_refused() {
    let t = SiteTest::fixture("minimal");
    let server = Server::start(&t, &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let served = format!("http://{}", server.addr);
    let localhost = format!("localhost:{port}");
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        format!("https://{}", server.addr),
        format!("http://localhost:{port}"),
        "null".to_string(),
    ] {
        assert_eq!(
            upgrade(&server, &server.addr, Some(&origin)),
            refused_origin(),
            "{origin}"
        );
    }
    assert_eq!(upgrade(&server, &server.addr, Some(&served)), switched());
    assert_eq!(
        upgrade(&server, &localhost, Some(&format!("http://{localhost}"))),
        switched()
    );
    // No Origin: not a browser (browsers always send one on a websocket), so nothing to guard.
    assert_eq!(upgrade(&server, &server.addr, None), switched());
}

/// A page served from `localhost:<port>` is another origin than `127.0.0.1:<port>`: Chromium may
/// open the live-reload socket of its own origin, and gets refused at the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_page_reaches_only_its_own_origins_socket() {
    let t = SiteTest::fixture("minimal");
    let session = open_site(&t).await;
    let port = session.server.addr.rsplit(':').next().unwrap().to_string();
    session
        .client
        .goto(&format!("http://localhost:{port}/routes/dino-day/"))
        .await
        .unwrap();
    let title = session.client.title().await.unwrap();
    assert!(title.contains("恐龙一日"), "{title}");
    let outcome = session
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            const probe = url => new Promise(resolve => {
              const ws = new WebSocket(url);
              ws.onopen = () => { ws.close(); resolve("open"); };
              ws.onerror = () => resolve("refused");
            });
            Promise.all([probe(arguments[0]), probe(arguments[1])]).then(done);"#,
            vec![
                format!("ws://localhost:{port}/__yanxue/ws").into(),
                format!("ws://127.0.0.1:{port}/__yanxue/ws").into(),
            ],
        )
        .await
        .unwrap();
    assert_eq!(outcome, serde_json::json!(["open", "refused"]));
    session.close().await;
}

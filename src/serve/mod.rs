//! `yanxue serve`: builds the site in memory, serves the latest good build on loopback, watches
//! the inputs, rebuilds on every save and tells open pages to reload — or, while the content has
//! errors, keeps serving the last good pages with the diagnostics shown over them.
//!
//! Pages are served straight from the in-memory `Output` (swapped as a whole `Arc` after each good
//! build), so a request can never see a half-written site, and a path can only ever name a file
//! of the build: there is no directory on disk to escape from. Redirects are built from that
//! file's name, never from the request's text, so they always stay on this server; and only
//! requests addressed to this server are answered at all (`guard`).

pub mod guard;
pub mod page;
mod rebuild;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::{broadcast, watch as tokio_watch};

use crate::diag::Lang;
use crate::live::LiveSite;
use crate::render::{Output, OutputFile};
use crate::{Build, BuildOptions};

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// The first port to try; the next free one is taken if it is busy. 0 lets the OS choose.
    pub port: u16,
    pub open: bool,
    pub poll: bool,
    pub today: jiff::civil::Date,
    /// The language `--lang` or the locale chose; else the site's own decides.
    pub lang: Option<crate::diag::Lang>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
    #[error("no free port from {first} to {last} on {bind}")]
    NoPort { bind: IpAddr, first: u16, last: u16 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("watching files: {0}")]
    Watch(#[from] notify::Error),
}

impl ServeError {
    /// The error in both languages (`Display` is the English, for logs).
    pub fn text(&self) -> crate::diag::Text {
        use crate::text;
        match self {
            ServeError::Load(e) => e.text(),
            ServeError::NoPort { bind, first, last } => text!(
                "no free port from {first} to {last} on {bind}",
                "{bind} 上从 {first} 到 {last} 的端口都被占用了"
            ),
            ServeError::Io(e) => text!("{e}", "读写出错：{e}"),
            ServeError::Watch(e) => text!("watching files: {e}", "监视文件变化时出错：{e}"),
        }
    }
}

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The rebuild failed: show these (already escaped) diagnostics.
    Errors(String),
}

impl Notice {
    fn to_json(&self) -> String {
        match self {
            Notice::Reload => r#"{"type":"reload"}"#.to_string(),
            Notice::Css => r#"{"type":"css"}"#.to_string(),
            Notice::Errors(html) => {
                serde_json::json!({ "type": "errors", "html": html }).to_string()
            }
        }
    }
}

/// The latest good build, and the overlay to show while the newest build has errors.
#[derive(Default)]
struct Current {
    output: Option<Arc<Output>>,
    overlay: Option<String>,
    /// The language the overlay is in (the page shown before any good build says it too).
    lang: Lang,
}

/// Shared by the request handlers and the rebuild thread. Passed as a parameter, never global.
struct ServerState {
    current: RwLock<Current>,
    notices: broadcast::Sender<Notice>,
    shutdown: tokio_watch::Receiver<bool>,
    /// The language `--lang` or the locale chose for the overlay and the terminal.
    asked: Option<Lang>,
    /// The site's `language`, as last read: kept while `site.yaml` can't be read for a moment.
    site_language: Mutex<Option<Lang>>,
}

impl ServerState {
    /// The language the server speaks in now: the one asked for, else the site's.
    fn lang(&self) -> Lang {
        self.asked
            .or_else(|| {
                *self
                    .site_language
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
            })
            .unwrap_or_default()
    }

    /// Remembers the site's `language` from a build that could read it.
    fn note_site_language(&self, language: Option<Lang>) {
        if language.is_some() {
            *self
                .site_language
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = language;
        }
    }
}

/// Called with each build's result, so the caller can print diagnostics its own way.
pub type BuildReporter = Box<dyn Fn(&Build, Duration) + Send + Sync>;

/// Runs the server until Ctrl-C.
pub fn serve(mut options: ServeOptions, report: BuildReporter) -> Result<(), ServeError> {
    // Watchers report absolute paths; compare them with an absolute root.
    options.root = fs_err::canonicalize(&options.root)?;
    // Until the first build, the site's language as `site.yaml` names it.
    let early = options
        .lang
        .or_else(|| crate::load::site_language(&options.root))
        .unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(bind(options.bind, options.port, early))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        say!(
            early,
            "warning: serving on {addr}, reachable from other machines; the preview server is for local use only",
            "警告：正在 {addr} 上提供预览，其他机器也能访问；预览服务器只供本机使用"
        );
    }
    let base_url = format!("http://{addr}");
    let build_options = BuildOptions {
        base_url: Some(base_url.clone()),
        today: options.today,
        // The preview shows drafts, marked as such, so the editor sees them before publishing.
        drafts: true,
    };

    let (notices, _) = broadcast::channel(16);
    let (stop_tx, stop_rx) = tokio_watch::channel(false);
    let state = Arc::new(ServerState {
        current: RwLock::new(Current::default()),
        notices,
        shutdown: stop_rx,
        asked: options.lang,
        site_language: Mutex::new(crate::load::site_language(&options.root)),
    });
    let mut live = LiveSite::new(&options.root, build_options);
    rebuild::rebuild(&mut live, &state, &report, None)?;

    let (watcher, events) = watch::start_watching(&options.root, options.poll)?;
    let watching = rebuild::Watching {
        watcher,
        events,
        root: options.root.clone(),
    };
    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || {
        rebuild::rebuild_on_changes(live, watching, &rebuild_state, &report)
    });

    let lang = state.lang();
    let root = options.root.display();
    say!(
        lang,
        "serving {base_url}/ — editing files under {root} rebuilds and reloads; Ctrl-C stops",
        "预览地址 {base_url}/ —— 修改 {root} 下的文件会自动重新构建并刷新页面；按 Ctrl-C 停止"
    );
    if options.open
        && let Err(e) = open::that_detached(format!("{base_url}/"))
    {
        say!(
            lang,
            "warning: could not open a browser: {e}",
            "警告：无法打开浏览器：{e}"
        );
    }
    let app = Router::new()
        .route(page::SOCKET_PATH, axum::routing::any(socket))
        .fallback(page_or_file)
        .with_state(Arc::clone(&state))
        // Also wraps the fallback: pages are as private as the diagnostics.
        .layer(axum::middleware::from_fn_with_state(
            addr,
            guard::only_this_server,
        ));
    let stopping = Arc::clone(&state);
    runtime.block_on(async move {
        let shutdown = async move {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!();
            say!(stopping.lang(), "stopping", "正在停止");
            let _ = stop_tx.send(true);
        };
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
    })?;
    Ok(())
}

/// The first free port from `port` on (up to 20 tries), saying so when it isn't `port`.
async fn bind(ip: IpAddr, port: u16, lang: Lang) -> Result<tokio::net::TcpListener, ServeError> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(20)
    };
    for candidate in port..=last {
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, candidate)).await {
            Ok(listener) => {
                if candidate != port {
                    say!(
                        lang,
                        "port {port} is busy; using {candidate}",
                        "端口 {port} 已被占用，改用 {candidate}"
                    );
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ServeError::NoPort {
        bind: ip,
        first: port,
        last,
    })
}

/// The live-reload channel: tells the page about each rebuild.
async fn socket(State(state): State<Arc<ServerState>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |ws| talk(ws, state))
}

async fn talk(mut ws: WebSocket, state: Arc<ServerState>) {
    let mut notices = state.notices.subscribe();
    let mut shutdown = state.shutdown.clone();
    let overlay = state
        .current
        .read()
        .map(|c| c.overlay.clone())
        .unwrap_or_default();
    if let Some(html) = overlay
        && ws
            .send(Message::Text(Notice::Errors(html).to_json().into()))
            .await
            .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            notice = notices.recv() => match notice {
                Ok(n) => if ws.send(Message::Text(n.to_json().into())).await.is_err() { return },
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    if ws.send(Message::Text(Notice::Reload.to_json().into())).await.is_err() { return }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = ws.recv() => if !matches!(incoming, Some(Ok(_))) { return },
            _ = shutdown.changed() => { let _ = ws.send(Message::Close(None)).await; return },
        }
    }
}

/// Why a request path can't name a file of the build.
#[derive(Debug, PartialEq, Eq)]
pub enum BadPath {
    /// Not valid percent-encoding or UTF-8, or a NUL or backslash.
    Malformed,
    /// A `..` or `.` segment.
    Traversal,
}

/// The output file a request path names: percent-decoded, with `..` and `.` refused rather than
/// resolved (a well-behaved client never sends them), and `/dir/` meaning `dir/index.html`.
/// The key is relative and made of plain names only, so joined to any directory it stays inside
/// it (checked by a property test below and by the `serve_path` fuzz target).
pub fn output_key(path: &str) -> Result<PathBuf, BadPath> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| BadPath::Malformed)?;
    if decoded.contains(['\0', '\\']) {
        return Err(BadPath::Malformed);
    }
    let mut key = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." {
            return Err(BadPath::Traversal);
        }
        key.push(segment);
    }
    if key.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(BadPath::Traversal);
    }
    if decoded.ends_with('/') || key.as_os_str().is_empty() {
        key.push("index.html");
    }
    Ok(key)
}

/// Bytes a `Location` path segment keeps as they are: letters, digits and `-._~`. Everything
/// else, controls and `/`, `\`, `%` included, is percent-encoded, so a browser can't read the
/// path as anything but a path (it drops tabs and newlines, and reads `/\x` as `//x`).
const LOCATION_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where a request for the folder `key` (an `output_key`) is sent: `/<key>/`, plus the query.
/// Built from the key, never the raw request path, so it always starts with exactly one `/` and
/// a plain character: `//routes` asks for `routes` and goes to `/routes/`, not to a host called
/// `routes`.
pub fn dir_location(key: &Path, query: Option<&str>) -> String {
    let mut location = String::new();
    for component in key.components() {
        if let Component::Normal(name) = component {
            location.push('/');
            location.extend(percent_encoding::utf8_percent_encode(
                &name.to_string_lossy(),
                LOCATION_SEGMENT,
            ));
        }
    }
    location.push('/');
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    location
}

/// Serves a file of the current build (GET and HEAD only), with the reload script in pages.
async fn page_or_file(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let (output, overlay, lang) = match state.current.read() {
        Ok(c) => (c.output.clone(), c.overlay.clone(), c.lang),
        Err(_) => (None, None, Lang::default()),
    };
    let path = request.uri().path().to_string();
    let key = match output_key(&path) {
        Ok(key) => key,
        Err(BadPath::Malformed) => return plain(StatusCode::BAD_REQUEST, "bad path\n"),
        Err(BadPath::Traversal) => return plain(StatusCode::NOT_FOUND, "not found\n"),
    };
    let Some(output) = output else {
        // No good build yet: every page is the diagnostics.
        let body = page::inject(&page::failed_page(lang), overlay.as_deref());
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            body.into_bytes(),
        );
    };
    if let Some(file) = output.files.get(&key) {
        return serve_file(StatusCode::OK, &key, file, overlay.as_deref()).await;
    }
    // `/bases/x` → `/bases/x/`, as static hosts do, so relative links in the page resolve.
    if output.files.contains_key(&key.join("index.html")) {
        let location = dir_location(&key, request.uri().query());
        let Ok(location) = HeaderValue::from_str(&location) else {
            return plain(StatusCode::BAD_REQUEST, "bad path\n");
        };
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        r.headers_mut().insert(header::LOCATION, location);
        // Browsers keep a 301 for good; the folder may be a file after the next edit.
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return r;
    }
    match output.files.get(Path::new("404.html")) {
        Some(file) => {
            serve_file(
                StatusCode::NOT_FOUND,
                Path::new("404.html"),
                file,
                overlay.as_deref(),
            )
            .await
        }
        None => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

async fn serve_file(
    status: StatusCode,
    key: &Path,
    file: &OutputFile,
    overlay: Option<&str>,
) -> Response {
    let bytes = match file {
        OutputFile::Bytes(b) => b.clone(),
        OutputFile::Copy(source) => match tokio::fs::read(source).await {
            Ok(b) => bytes::Bytes::from(b),
            Err(e) => {
                return plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("reading {}: {e}\n", source.display()),
                );
            }
        },
    };
    let mime = content_type(key);
    if mime.starts_with("text/html") {
        let page = page::inject(&String::from_utf8_lossy(&bytes), overlay);
        return respond(status, &mime, page.into_bytes());
    }
    respond(status, &mime, bytes)
}

/// The Content-Type of an output file, with a charset for text.
fn content_type(key: &Path) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
        || mime
            .suffix()
            .is_some_and(|s| matches!(s.as_str(), "json" | "xml"));
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn respond(status: StatusCode, mime: &str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    let headers = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    // A preview must never show a stale page or stylesheet.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn plain(status: StatusCode, text: &str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn request_paths_map_to_output_files() {
        assert_eq!(output_key("/"), Ok(PathBuf::from("index.html")));
        assert_eq!(
            output_key("/routes/x/"),
            Ok(PathBuf::from("routes/x/index.html"))
        );
        assert_eq!(output_key("/style.css"), Ok(PathBuf::from("style.css")));
        assert_eq!(
            output_key("/%E9%87%8D%E5%BA%86/"),
            Ok(PathBuf::from("重庆/index.html"))
        );
        assert_eq!(output_key("//a//b"), Ok(PathBuf::from("a/b")));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/x",
            "/./a",
        ] {
            assert_eq!(output_key(bad), Err(BadPath::Traversal), "{bad}");
        }
        for bad in ["/%ff", "/a%00b", "/..%5c..%5cx"] {
            assert!(output_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn folder_redirects_stay_on_this_server() {
        let location = |path: &str, query| dir_location(&output_key(path).unwrap(), query);
        assert_eq!(location("/routes", None), "/routes/");
        assert_eq!(location("//routes", None), "/routes/");
        assert_eq!(location("///evil.example", None), "/evil.example/");
        assert_eq!(location("//%2Fevil.example", None), "/evil.example/");
        assert_eq!(location("/%09/evil.example", None), "/%09/evil.example/");
        assert_eq!(location("/a b/c", Some("x=1&y")), "/a%20b/c/?x=1&y");
        assert_eq!(
            location("/%E9%87%8D%E5%BA%86", None),
            "/%E9%87%8D%E5%BA%86/"
        );
        assert_eq!(location("/%25", None), "/%25/");
        // `/\evil.example` (read by browsers as `//evil.example`) never gets as far as a key.
        assert_eq!(output_key("/%5Cevil.example"), Err(BadPath::Malformed));
    }

    /// Request paths built from the pieces that matter to the mapping (separators, dots and their
    /// encodings, drive letters, controls; now and then NUL, a backslash or a bad escape), or
    /// arbitrary text.
    fn request_path() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => prop::sample::select(vec![
                "/", "/", "//", ".", "..", "%2e", "%2E", "%2f", "%2F", "a", "index.html", "重庆",
                "%E9%87%8D", "evil.example", ":", "C:", "~", " ", "%09", "%0a", "\t", "?", "#",
                "@", "%25",
            ]),
            1 => prop::sample::select(vec!["\\", "%5c", "%5C", "%00", "%", "%ff", "%E9%87"]),
        ];
        prop_oneof![
            4 => prop::collection::vec(piece, 0..16).prop_map(|p| p.concat()),
            1 => any::<String>(),
        ]
    }

    proptest! {
        // The same properties as the `serve_path` fuzz target, on every `cargo test`.
        #[test]
        fn request_paths_never_map_outside_the_build(path in request_path()) {
            let Ok(key) = output_key(&path) else { return Ok(()) };
            prop_assert!(key.is_relative(), "{key:?}");
            prop_assert!(key.components().all(|c| matches!(c, Component::Normal(_))), "{key:?}");
            let text = key.to_string_lossy();
            prop_assert!(!text.contains(['\0', '\\']), "{key:?}");
            for root in ["/srv/public", "public", "/"] {
                let joined = Path::new(root).join(&key);
                prop_assert!(joined.starts_with(root) && joined != Path::new(root), "{joined:?}");
            }

            // Its folder redirect is a path on this server, as a browser's URL parser reads it.
            let location = dir_location(&key, Some("q=1"));
            prop_assert!(HeaderValue::from_str(&location).is_ok(), "{location:?}");
            prop_assert!(location.starts_with('/') && !location.starts_with("//"), "{location:?}");
            let base = url::Url::parse("http://127.0.0.1:1111/a/b").unwrap();
            let target = base.join(&location);
            prop_assert!(
                target.as_ref().is_ok_and(|t| t.origin() == base.origin() && t.query() == Some("q=1")),
                "{location:?} → {target:?}"
            );
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("r/route.ics")),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("places.geojson")),
            "application/geo+json; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.png")), "image/png");
        assert_eq!(
            content_type(Path::new("logo.svg")),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("sitemap.xml")),
            "text/xml; charset=utf-8"
        );
    }

    #[test]
    fn notices_are_json() {
        assert_eq!(Notice::Reload.to_json(), r#"{"type":"reload"}"#);
        let v: serde_json::Value =
            serde_json::from_str(&Notice::Errors("<b>\"x\"</b>".into()).to_json()).unwrap();
        assert_eq!(v["html"], "<b>\"x\"</b>");
    }
}

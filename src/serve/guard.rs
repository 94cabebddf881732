//! Which requests the preview server answers at all. It serves unpublished content, and its
//! websocket carries the live diagnostics (file paths, the bad values themselves), so it answers
//! only requests addressed to itself:
//!
//! - every request's `Host` must be a loopback name or address, or the address `--bind` gave:
//!   a page elsewhere that re-points its own domain at 127.0.0.1 (DNS rebinding) still sends its
//!   own domain as `Host`, and is refused;
//! - a websocket upgrade's `Origin`, when sent, must be the served origin: browsers let any page
//!   open a websocket to any address and read what comes back; only the server can say no.
//!
//! The checks are pure functions over header text, so they are unit-tested without a server.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether a `Host` header value (`name`, `name:port`, `1.2.3.4:port`, `[::1]:port`) names this
/// server, which listens on `bound`.
///
/// Accepted: `localhost` and `*.localhost` (browsers resolve them to loopback themselves, and
/// nobody can register a name under `.localhost`), any loopback address (127.0.0.0/8, `[::1]`),
/// and the bound address. When bound to every interface (`0.0.0.0`, `::`) any IP address is
/// accepted: the machine's addresses are not known here, and an address can't be rebound — a
/// browser sends an IP address as `Host` only when the page it shows was itself loaded from that
/// address. Names other than localhost's are refused: they are what DNS rebinding uses.
///
/// Any port is accepted: rebinding doesn't depend on it, and a tunnel or port forward
/// (`ssh -L 8080:localhost:1111`) legitimately changes it.
pub fn allowed_host(host: &str, bound: IpAddr) -> bool {
    let Some((name, port)) = split_host_port(host) else {
        return false;
    };
    if let Some(port) = port
        && !(port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok())
    {
        return false;
    }
    match name {
        HostName::Ip(ip) => allowed_ip(ip, bound),
        HostName::Name(name) => {
            let name = name.to_ascii_lowercase();
            // A fully qualified `localhost.` is the same name.
            let name = name.strip_suffix('.').unwrap_or(&name);
            name == "localhost"
                || name
                    .strip_suffix(".localhost")
                    .is_some_and(|sub| !sub.is_empty() && !sub.ends_with('.'))
        }
    }
}

/// Whether a websocket upgrade's `Origin` is the origin this server serves: `http://` and the
/// request's own `Host` (so the page that opens the socket was loaded from here), which must
/// itself be allowed. Without a `Host` the origin's host must be allowed on its own.
pub fn allowed_origin(origin: &str, host: Option<&str>, bound: IpAddr) -> bool {
    let Some(authority) = origin.strip_prefix("http://") else {
        // `https://…` (the server speaks plain HTTP), `null` (a sandboxed or file: page), …
        return false;
    };
    let same_host = match host {
        // Origins leave out the default port; a Host may carry it.
        Some(host) => {
            without_default_port(authority).eq_ignore_ascii_case(without_default_port(host))
        }
        None => true,
    };
    same_host && allowed_host(authority, bound)
}

fn without_default_port(authority: &str) -> &str {
    authority.strip_suffix(":80").unwrap_or(authority)
}

enum HostName<'a> {
    Ip(IpAddr),
    Name(&'a str),
}

/// `name[:port]` or `[v6][:port]`; None for anything else (an unbracketed IPv6 address, an empty
/// name, a userinfo part, …).
fn split_host_port(host: &str) -> Option<(HostName<'_>, Option<&str>)> {
    if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = inside.parse().ok()?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        return Some((HostName::Ip(IpAddr::V6(ip)), port));
    }
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    if name.is_empty() || name.contains(['@', '/', '\\', ':', '[', ']']) {
        return None;
    }
    match name.parse::<Ipv4Addr>() {
        Ok(ip) => Some((HostName::Ip(IpAddr::V4(ip)), port)),
        Err(_) => Some((HostName::Name(name), port)),
    }
}

fn allowed_ip(ip: IpAddr, bound: IpAddr) -> bool {
    // `::ffff:127.0.0.1` is 127.0.0.1.
    let ip = ip.to_canonical();
    ip.is_loopback() || ip == bound.to_canonical() || bound.is_unspecified()
}

/// Why a request was refused (the 403's body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Host,
    Origin,
}

/// Whether, and why, a request with these headers (and this absolute-form authority) is refused.
fn refusal(headers: &HeaderMap, authority: Option<&str>, bound: IpAddr) -> Option<Refusal> {
    let mut hosts = headers.get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (None, _) => None,
        (Some(value), None) => match value.to_str() {
            Ok(text) => Some(text),
            Err(_) => return Some(Refusal::Host),
        },
        // Two `Host`s: no browser sends that; which one a proxy would believe is anyone's guess.
        (Some(_), Some(_)) => return Some(Refusal::Host),
    };
    // A request without `Host` (HTTP/1.0) is answered: every browser sends `Host`, so such a
    // request comes from a program on a machine that can reach the port, which could as well
    // send any `Host` it likes; refusing it would protect nothing and break simple clients.
    if host.is_some_and(|h| !allowed_host(h, bound)) {
        return Some(Refusal::Host);
    }
    // `GET http://name/… HTTP/1.1` (absolute form, as sent to proxies) names a host too.
    if authority.is_some_and(|a| !allowed_host(a, bound)) {
        return Some(Refusal::Host);
    }
    if headers.contains_key(header::UPGRADE) {
        let mut origins = headers.get_all(header::ORIGIN).iter();
        match (origins.next(), origins.next()) {
            (None, _) => {}
            (Some(origin), None) => {
                let allowed = origin
                    .to_str()
                    .is_ok_and(|origin| allowed_origin(origin, host, bound));
                if !allowed {
                    return Some(Refusal::Origin);
                }
            }
            (Some(_), Some(_)) => return Some(Refusal::Origin),
        }
    }
    None
}

/// Middleware: answers 403 to any request not addressed to this server (see the module doc).
pub async fn only_this_server(
    State(served): State<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let authority = request.uri().authority().map(|a| a.as_str());
    match refusal(request.headers(), authority, served.ip()) {
        None => next.run(request).await,
        Some(why) => {
            let text = match why {
                Refusal::Host => format!(
                    "403 forbidden: the preview server only answers requests for localhost or \
                     its own IP address; open http://{served}/ (with --bind, use the IP address, \
                     not a host name).\n\
                     预览服务器只响应发往 localhost 或其本机 IP 地址的请求，请打开 \
                     http://{served}/（使用 --bind 时请用 IP 地址访问，不要用主机名）。\n"
                ),
                Refusal::Origin => "403 forbidden: the live-reload connection only accepts \
                     pages served by this preview server.\n\
                     实时刷新连接只接受本预览服务器提供的页面。\n"
                    .to_string(),
            };
            super::plain(StatusCode::FORBIDDEN, &text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn loopback_names_and_addresses_are_allowed_with_or_without_a_port() {
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost:1111",
            "localhost.:1111",
            "docs.localhost:1111",
            "a.b.localhost",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:1111",
        ] {
            assert!(allowed_host(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn other_names_and_addresses_are_refused() {
        for host in [
            "",
            ":1111",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            ".localhost",
            "a..localhost",
            "localhost:",
            "localhost:port",
            "localhost:99999",
            "localhost:1111:1111",
            "user@localhost",
            "localhost/x",
            "::1",
            "[::1",
            "[::1]x",
            "[::1]:",
            "[localhost]",
            "10.0.0.5:1111",
            "0.0.0.0:1111",
            "[::]:1111",
            "2130706433",
            "127.1",
            "0x7f.0.0.1",
        ] {
            assert!(!allowed_host(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn the_bound_address_counts_and_bound_to_all_any_address_does() {
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        assert!(allowed_host("192.168.1.5:1111", lan));
        assert!(allowed_host("localhost:1111", lan));
        assert!(!allowed_host("192.168.1.6:1111", lan));
        assert!(!allowed_host("laptop.local:1111", lan));

        let all: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(allowed_host("192.168.1.6:1111", all));
        assert!(allowed_host("[fe80::1]:1111", all));
        assert!(!allowed_host("laptop.local:1111", all));
        assert!(!allowed_host("evil.example", all));

        let v6: IpAddr = "fd00::5".parse().unwrap();
        assert!(allowed_host("[fd00::5]:1111", v6));
        assert!(!allowed_host("[fd00::6]:1111", v6));
    }

    #[test]
    fn origins_must_be_the_served_origin() {
        let host = Some("127.0.0.1:1111");
        assert!(allowed_origin("http://127.0.0.1:1111", host, LOOPBACK));
        assert!(allowed_origin(
            "http://LOCALHOST:1111",
            Some("localhost:1111"),
            LOOPBACK
        ));
        assert!(allowed_origin(
            "http://localhost",
            Some("localhost:80"),
            LOOPBACK
        ));
        assert!(allowed_origin("http://localhost:1111", None, LOOPBACK));
        for origin in [
            "http://evil.example",
            "http://evil.example:1111",
            "https://127.0.0.1:1111",
            "http://127.0.0.1:2222",
            "http://localhost:1111",
            "http://127.0.0.1:1111/",
            "null",
            "",
        ] {
            assert!(!allowed_origin(origin, host, LOOPBACK), "{origin}");
        }
        assert!(!allowed_origin("http://evil.example", None, LOOPBACK));
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn requests_are_judged_by_host_authority_and_for_upgrades_origin() {
        let ok = |h: &[(&'static str, &str)], authority| refusal(&headers(h), authority, LOOPBACK);
        assert_eq!(ok(&[("host", "127.0.0.1:1111")], None), None);
        // HTTP/1.0 without a Host: answered (see `refusal`).
        assert_eq!(ok(&[], None), None);
        assert_eq!(ok(&[("host", "evil.example")], None), Some(Refusal::Host));
        assert_eq!(
            ok(&[("host", "localhost"), ("host", "evil.example")], None),
            Some(Refusal::Host)
        );
        assert_eq!(
            ok(&[("host", "localhost:1111")], Some("evil.example")),
            Some(Refusal::Host)
        );
        // Origin matters only for upgrades: plain page requests from elsewhere can't read the
        // answer (no CORS headers are ever sent).
        let page = [
            ("host", "localhost:1111"),
            ("origin", "http://evil.example"),
        ];
        assert_eq!(ok(&page, None), None);
        let upgrade = |origin: &str| {
            refusal(
                &headers(&[
                    ("host", "localhost:1111"),
                    ("upgrade", "websocket"),
                    ("origin", origin),
                ]),
                None,
                LOOPBACK,
            )
        };
        assert_eq!(upgrade("http://evil.example"), Some(Refusal::Origin));
        assert_eq!(upgrade("http://localhost:1111"), None);
        // No Origin: not a browser (browsers always send it on websocket upgrades).
        assert_eq!(
            ok(
                &[("host", "localhost:1111"), ("upgrade", "websocket")],
                None
            ),
            None
        );
    }
}

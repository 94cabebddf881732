//! Deep links that open a WGS-84 point in the map apps people in China use: Amap (高德), Baidu
//! and Tencent (腾讯地图), plus Amap navigation. We store WGS-84 and pass each provider's own
//! "this is WGS-84" flag instead of converting, because the providers disagree on order
//! (Amap takes `lon,lat`, Baidu and Tencent `lat,lng`) and on datum (GCJ-02 / BD-09 by default).
//! Each provider's URL parameters are written out below, in the one place that knows them.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::model::GeoPoint;

/// Everything but RFC 3986 unreserved characters is encoded, so a name can hold `&`, `=`, `,`,
/// `;` or `:` without breaking the providers' own separators.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Links that open one point in each provider's web page (which offers the app on mobile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapLinks {
    /// Amap marker: `position=lon,lat`, `coordinate=wgs84`.
    pub amap: String,
    /// Baidu marker: `location=lat,lng`, `coord_type=wgs84`, `output=html`.
    pub baidu: String,
    /// Tencent marker: `marker=coord:lat,lng;title:…`, `coord_type=1` (GPS).
    pub tencent: String,
    /// Amap navigation by car from the current position: `to=lon,lat,name`.
    pub amap_navigation: String,
}

/// The links for a WGS-84 `point` called `name`. `source` names the calling site or app
/// (Amap `src`, Baidu `src`, Tencent `referer`); Baidu documents it as `webapp.company.app`,
/// so pass that shape when you have one. Coordinates are written with 6 decimals (≈ 0.1 m).
pub fn map_links(point: GeoPoint, name: &str, source: &str) -> MapLinks {
    let name = utf8_percent_encode(name, COMPONENT).to_string();
    let src = utf8_percent_encode(source, COMPONENT).to_string();
    let (lat, lon) = (point.lat, point.lon);
    MapLinks {
        amap: format!(
            "https://uri.amap.com/marker?position={lon:.6},{lat:.6}&name={name}&src={src}&coordinate=wgs84&callnative=1"
        ),
        baidu: format!(
            "https://api.map.baidu.com/marker?location={lat:.6},{lon:.6}&title={name}&content={name}&output=html&coord_type=wgs84&src={src}"
        ),
        tencent: format!(
            "https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat:.6},{lon:.6};title:{name}&coord_type=1&referer={src}"
        ),
        amap_navigation: format!(
            "https://uri.amap.com/navigation?to={lon:.6},{lat:.6},{name}&mode=car&src={src}&coordinate=wgs84&callnative=1"
        ),
    }
}

/// The host of an absolute base URL (`https://a.org:8080/x` → `a.org`): a stable `source` for
/// map links and the domain part of calendar UIDs.
pub(crate) fn host_of(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if let Some(v6) = host_port.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6);
    }
    host_port.split(':').next().unwrap_or(host_port)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const MUSEUM: GeoPoint = GeoPoint {
        lat: 29.824,
        lon: 106.415,
    };

    /// Host, path and decoded query of a link.
    fn parse(link: &str) -> (String, String, BTreeMap<String, String>) {
        let url = url::Url::parse(link).unwrap();
        let query = url.query_pairs().into_owned().collect();
        (
            url.host_str().unwrap().to_string(),
            url.path().to_string(),
            query,
        )
    }

    #[test]
    fn amap_marker_is_lon_lat_with_the_wgs84_flag() {
        let (host, path, q) = parse(&map_links(MUSEUM, "自然博物馆", "x.org").amap);
        assert_eq!((host.as_str(), path.as_str()), ("uri.amap.com", "/marker"));
        assert_eq!(q["position"], "106.415000,29.824000");
        assert_eq!(q["name"], "自然博物馆");
        assert_eq!(q["src"], "x.org");
        assert_eq!(q["coordinate"], "wgs84");
        assert_eq!(q["callnative"], "1");
        assert_eq!(q.len(), 5);
    }

    #[test]
    fn amap_navigation_goes_to_lon_lat_name_by_car() {
        let (host, path, q) = parse(&map_links(MUSEUM, "自然博物馆", "x.org").amap_navigation);
        assert_eq!(
            (host.as_str(), path.as_str()),
            ("uri.amap.com", "/navigation")
        );
        assert_eq!(q["to"], "106.415000,29.824000,自然博物馆");
        assert_eq!(q["mode"], "car");
        assert_eq!(q["coordinate"], "wgs84");
        assert_eq!(q["callnative"], "1");
        assert_eq!(q["src"], "x.org");
        assert!(!q.contains_key("from"), "from = the phone's own position");
    }

    #[test]
    fn baidu_marker_is_lat_lng_with_the_wgs84_flag() {
        let (host, path, q) = parse(&map_links(MUSEUM, "自然博物馆", "webapp.x.yanxue").baidu);
        assert_eq!(
            (host.as_str(), path.as_str()),
            ("api.map.baidu.com", "/marker")
        );
        assert_eq!(q["location"], "29.824000,106.415000");
        assert_eq!(q["title"], "自然博物馆");
        assert_eq!(q["content"], "自然博物馆");
        assert_eq!(q["output"], "html");
        assert_eq!(q["coord_type"], "wgs84");
        assert_eq!(q["src"], "webapp.x.yanxue");
    }

    #[test]
    fn tencent_marker_is_lat_lng_with_coord_type_gps() {
        let (host, path, q) = parse(&map_links(MUSEUM, "自然博物馆", "x.org").tencent);
        assert_eq!(
            (host.as_str(), path.as_str()),
            ("apis.map.qq.com", "/uri/v1/marker")
        );
        assert_eq!(q["marker"], "coord:29.824000,106.415000;title:自然博物馆");
        assert_eq!(q["coord_type"], "1");
        assert_eq!(q["referer"], "x.org");
    }

    #[test]
    fn names_cannot_break_the_separators() {
        let name = "A&B=C,D;E:F #G/H?";
        let links = map_links(MUSEUM, name, "a&b");
        for link in [
            &links.amap,
            &links.baidu,
            &links.tencent,
            &links.amap_navigation,
        ] {
            let raw_query = link.split_once('?').unwrap().1;
            assert!(
                !raw_query.contains('#') && !raw_query.contains(' '),
                "{link}"
            );
            assert!(raw_query.is_ascii(), "{link}");
        }
        assert_eq!(parse(&links.amap).2["name"], name);
        assert_eq!(parse(&links.amap).2["src"], "a&b");
        // Amap splits `to` on commas and Tencent splits `marker` on `;` and `:`: the name's own
        // separators stay encoded in the raw query.
        assert!(
            links
                .amap_navigation
                .contains(",A%26B%3DC%2CD%3BE%3AF%20%23G%2FH%3F&")
        );
        assert!(
            links
                .tencent
                .contains(";title:A%26B%3DC%2CD%3BE%3AF%20%23G%2FH%3F&")
        );
        assert_eq!(
            parse(&links.tencent).2["marker"],
            format!("coord:29.824000,106.415000;title:{name}")
        );
    }

    #[test]
    fn coordinates_have_six_decimals() {
        let p = GeoPoint {
            lat: 29.123_456_789,
            lon: 106.5,
        };
        let links = map_links(p, "x", "s");
        assert!(links.amap.contains("position=106.500000,29.123457&"));
        assert!(links.baidu.contains("location=29.123457,106.500000&"));
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://example.org"), "example.org");
        assert_eq!(host_of("https://u:p@example.org:8080/sub/"), "example.org");
        assert_eq!(host_of("http://[::1]:3000"), "::1");
        assert_eq!(host_of("example.org/x"), "example.org");
    }

    #[test]
    fn snapshot() {
        let links = map_links(MUSEUM, "重庆自然博物馆", "x.org");
        insta::assert_snapshot!(format!(
            "{}\n{}\n{}\n{}",
            links.amap, links.amap_navigation, links.baidu, links.tencent
        ));
    }
}

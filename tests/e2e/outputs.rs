//! The files beside the pages, checked on the shipped site: per-route GeoJSON and calendars,
//! `places.geojson`, the Atom feed, JSON-LD in every page, and the route page budget.

use std::path::Path;

use crate::harness::SiteTest;

fn built_shipped_site() -> SiteTest {
    let t = SiteTest::shipped();
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    t
}

fn route_dirs(public: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(public.join("routes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn route_geojson_is_rfc7946_in_lon_lat_order() {
    let t = built_shipped_site();
    for dir in route_dirs(&t.public()) {
        let text = std::fs::read_to_string(dir.join("route.geojson")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["type"], "FeatureCollection", "{}", dir.display());
        let features = json["features"].as_array().unwrap();
        assert!(
            features
                .iter()
                .any(|f| f["geometry"]["type"] == "LineString"),
            "{}",
            dir.display()
        );
        for f in features {
            let coords = &f["geometry"]["coordinates"];
            let points: Vec<&serde_json::Value> = match f["geometry"]["type"].as_str().unwrap() {
                "Point" => vec![coords],
                _ => coords.as_array().unwrap().iter().collect(),
            };
            for p in points {
                let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                // Chongqing: longitude 105–110, latitude 28–32; the order is [lon, lat].
                assert!(
                    (105.0..111.0).contains(&lon) && (28.0..33.0).contains(&lat),
                    "{}: {p}",
                    dir.display()
                );
                for n in [p[0].to_string(), p[1].to_string()] {
                    assert!(
                        n.split('.').nth(1).map_or(0, str::len) <= 6,
                        "more than 6 decimals: {n}"
                    );
                }
            }
        }
    }
    let places: serde_json::Value = serde_json::from_str(&t.read_output("places.geojson")).unwrap();
    assert_eq!(places["features"].as_array().unwrap().len(), 16);
}

#[test]
fn route_calendars_are_rfc5545() {
    let t = built_shipped_site();
    let mut calendars = 0;
    for dir in route_dirs(&t.public()) {
        let Ok(text) = std::fs::read_to_string(dir.join("route.ics")) else {
            // Routes without departures build their calendar in the browser.
            let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
            assert!(
                page.contains("id=\"route-calendar-data\""),
                "{}",
                dir.display()
            );
            continue;
        };
        calendars += 1;
        assert!(text.ends_with("\r\n"));
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "a bare LF in {}",
            dir.display()
        );
        for line in &lines {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        let begins = unfolded.matches("BEGIN:VEVENT").count();
        assert_eq!(begins, unfolded.matches("END:VEVENT").count());
        assert!(begins > 0);
        for prop in [
            "UID:",
            "DTSTAMP:",
            "DTSTART;TZID=Asia/Shanghai:",
            "SUMMARY:",
        ] {
            assert_eq!(
                unfolded.matches(&format!("\r\n{prop}")).count(),
                begins,
                "{prop} in {}",
                dir.display()
            );
        }
        assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
    }
    assert!(calendars >= 4);
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(rest.split("</script>").next().unwrap()).unwrap())
        .collect()
}

#[test]
fn every_page_has_parseable_structured_data() {
    let t = built_shipped_site();
    let route = t.read_output("routes/wulong-karst-2day/index.html");
    let blocks = json_ld(&route);
    let text = serde_json::to_string(&blocks).unwrap();
    for wanted in [
        "BreadcrumbList",
        "TouristTrip",
        "itinerary",
        "subTrip",
        "touristType",
        "Offer",
        "CNY",
        "Event",
    ] {
        assert!(
            text.contains(wanted),
            "route JSON-LD lacks {wanted}: {text}"
        );
    }
    let place = t.read_output("spots/furong-cave/index.html");
    let text = serde_json::to_string(&json_ld(&place)).unwrap();
    for wanted in [
        "TouristAttraction",
        "GeoCoordinates",
        "openingHoursSpecification",
        "PostalAddress",
    ] {
        assert!(
            text.contains(wanted),
            "place JSON-LD lacks {wanted}: {text}"
        );
    }
    for entry in walkdir::WalkDir::new(t.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!json_ld(&html).is_empty(), "{}", entry.path().display());
            assert!(
                html.contains("<meta property=\"og:title\""),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn the_feed_lists_routes_newest_first() {
    let t = built_shipped_site();
    let feed = t.read_output("atom.xml");
    assert!(feed.starts_with("<?xml"));
    assert_eq!(feed.matches("<entry>").count(), 5);
    assert!(feed.contains("<link rel=\"self\""), "{feed}");
}

/// Bytes of the scripts `html` loads by `<script src>` from `public`.
fn script_bytes(public: &Path, html: &str) -> usize {
    html.split("<script src=\"")
        .skip(1)
        .map(|rest| {
            let src = rest.split('"').next().unwrap();
            std::fs::metadata(public.join(src.trim_start_matches('/')))
                .unwrap()
                .len() as usize
        })
        .sum()
}

#[test]
fn a_route_page_stays_under_its_budget() {
    // A phone on a weak network: the page, its stylesheet and its scripts, images aside.
    const BUDGET: usize = 80 * 1024;
    let t = built_shipped_site();
    let css = std::fs::metadata(t.public().join("style.css"))
        .unwrap()
        .len() as usize;
    for dir in route_dirs(&t.public()) {
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        let scripts = script_bytes(&t.public(), &html);
        let total = html.len() + css + scripts;
        assert!(
            total <= BUDGET,
            "{}: {total} bytes (html {}, css {css}, js {scripts})",
            dir.display(),
            html.len()
        );
    }
}

#[test]
fn the_scripts_a_page_loads_stay_under_their_budget() {
    // Every page, not only routes: the search page carries the largest script.
    const BUDGET: usize = 20 * 1024;
    let t = built_shipped_site();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(t.public()) {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let scripts = script_bytes(&t.public(), &html);
        assert!(
            scripts <= BUDGET,
            "{}: its scripts weigh {scripts} bytes",
            entry.path().display()
        );
        pages += 1;
    }
    assert!(pages > 40, "only {pages} pages");
}

//! Tests of the route diagram: the SVG as a whole (snapshot, well-formed XML, texts), the
//! truth of its scale bars, the detail box, and the text helpers.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod tests;`.
#![cfg(test)]

use super::drawing::n;
use super::geometry::dist;
use super::inset::Inset;
use super::text::{distance_label, short_name, truncate};
use super::*;
use crate::model::{GeoPoint, geo};
use crate::validate::test_site::{self, LAB, MUSEUM};

const SPOT: &str = "---\nname: 重庆市缙云山国家级自然保护区观景台\ndistrict: 北碚区\nlocation: { lat: 29.8, lon: 106.4 }\n";

/// Day 1: the museum (1), lunch, the lab (2); lodging; day 2: the spot by cableway (3), the
/// museum again (4), back to school by rail.
fn two_day_site() -> Site {
    let extra = "lodging: 营地\nlodging_location: { lat: 29.805, lon: 106.445 }\n";
    let stops = format!(
        "{}  - stops:\n      - {{ at: spots/view, by: cableway, arrive: \"09:00\", leave: \"10:00\" }}\n      - {{ at: bases/museum, by: coach, arrive: \"10:30\", leave: \"11:30\" }}\n      - {{ do: 返回学校，解散, by: rail, location: {{ lat: 29.83, lon: 106.43 }}, arrive: \"12:00\", leave: \"12:10\" }}\n",
        test_site::STOPS
    );
    let route = test_site::route(extra, &stops);
    let mut site = test_site::site(&[
        ("bases/museum", MUSEUM),
        ("bases/lab", LAB),
        ("spots/view", SPOT),
        ("routes/r", &route),
    ]);
    if let Some(region) = &mut site.config.region {
        region.name = Some("重庆".to_string());
    }
    site
}

fn diagram(site: &Site) -> String {
    route_diagram(site, &site.routes[0]).unwrap()
}

/// Checks that `xml` is well-formed: balanced tags, quoted attributes, no stray `<` or `&`.
/// Returns the text content of every `<text>` element.
fn check_xml(xml: &str) -> Vec<String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut texts = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_text(text);
        if stack.last() == Some(&"text") {
            texts.push(text.to_string());
        }
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "{tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().unwrap();
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
            // Attributes: name="value" pairs.
            let mut attrs = body[name.len()..].trim();
            while !attrs.is_empty() {
                let eq = attrs.find("=\"").expect("attribute without =\"");
                let key = &attrs[..eq];
                assert!(
                    key.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
                );
                let end = attrs[eq + 2..].find('"').unwrap() + eq + 2;
                check_text(&attrs[eq + 2..end]);
                attrs = attrs[end + 1..].trim_start();
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed {stack:?}");
    texts
}

fn check_text(text: &str) {
    assert!(!text.contains('>') && !text.contains('<'), "{text}");
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
            "{entity}"
        );
    }
}

/// (x0, x1) of the scale bar and its label.
fn scale_bar(svg: &str) -> ((f64, f64), String) {
    let d = svg
        .split("class=\"scale-bar\" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let (x0, x1) = bar_ends(d);
    let after = svg.split("class=\"scale-bar\"").nth(1).unwrap();
    let label = after
        .split("\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    ((x0, x1), label.to_string())
}

fn km_of(label: &str) -> f64 {
    let (v, unit) = label.split_once(' ').unwrap();
    let v: f64 = v.parse().unwrap();
    if unit == "km" { v } else { v / 1000.0 }
}

#[test]
fn snapshot_two_days() {
    insta::assert_snapshot!(diagram(&two_day_site()));
}

#[test]
fn well_formed_with_numbers_labels_and_scale() {
    let site = two_day_site();
    let svg = diagram(&site);
    let texts = check_xml(&svg);
    // The museum, visited first and fourth, keeps one marker with both numbers.
    for t in [
        "1·4",
        "2",
        "3",
        "集合",
        "住宿",
        "自然博物馆",
        "实验室",
        "第 1 天",
        "第 2 天",
        "索道",
        "铁路",
        "N",
    ] {
        assert!(texts.iter().any(|x| x == t), "{t} not in {texts:?}");
    }
    // Long names are cut; the region prefix goes.
    assert!(texts.iter().any(|x| x == "缙云山国家级自…"), "{texts:?}");
    // The school is both the meeting point and the end: one marker, no number.
    assert_eq!(texts.iter().filter(|x| *x == "集合").count(), 1);
    assert!(!texts.iter().any(|x| x == "5"));
    let (_, label) = scale_bar(&svg);
    assert!(texts.contains(&label));
    assert_eq!(label, "2 km");
    assert!(svg.contains("<title>线路示意图：线路</title>"));
    assert!(svg.contains("<desc>第 1 天：学校 → 1 自然博物馆（大巴） → 2 实验室（步行）。第 2 天：住宿地 → 3 重庆市缙云山国家级自然保护区观景台（索道） → 4 自然博物馆（大巴） → 学校（铁路）。"), "{svg}");
    assert!(svg.contains("role=\"img\""));
    for needle in [
        "href",
        "<image",
        "<script",
        "<use",
        "url(",
        "<style",
        "font-family",
    ] {
        assert!(!svg.contains(needle), "{needle}");
    }
    // Deterministic.
    assert_eq!(svg, diagram(&site));
}

#[test]
fn scale_bar_is_true_to_the_projection() {
    let site = two_day_site();
    let svg = diagram(&site);
    let ((x0, x1), label) = scale_bar(&svg);
    let km_per_unit = km_of(&label) / (x1 - x0);
    // Measure the museum–lab and school–museum distances on the drawing.
    let plan = Plan::collect(&site, &site.routes[0]).unwrap();
    let (proj, _) = layout(&plan).unwrap();
    for (a, b) in [(0, 2), (2, 3), (1, 4)] {
        let (pa, pb) = (proj.xy(plan.markers[a].at), proj.xy(plan.markers[b].at));
        let drawn = ((pa.0 - pb.0).powi(2) + (pa.1 - pb.1).powi(2)).sqrt() * km_per_unit;
        let real = geo::distance_km(plan.markers[a].at, plan.markers[b].at);
        assert!(
            (drawn / real - 1.0).abs() < 0.01,
            "{a}–{b}: {drawn} vs {real}"
        );
    }
    // About a quarter of the width.
    assert!((100.0..260.0).contains(&(x1 - x0)), "{}", x1 - x0);
}

#[test]
fn long_routes_get_round_kilometres() {
    let far = "---\nname: 远方\ndistrict: 武隆区\nlocation: { lat: 29.3, lon: 107.8 }\n";
    let route = test_site::route(
        "",
        "      - { at: bases/far, by: coach, arrive: \"11:00\", leave: \"12:00\" }\n",
    );
    let site = test_site::site(&[("bases/far", far), ("routes/r", &route)]);
    let svg = diagram(&site);
    check_xml(&svg);
    let ((x0, x1), label) = scale_bar(&svg);
    assert_eq!(label, "50 km");
    let units_per_km = (x1 - x0) / 50.0;
    let drawn_km = |svg: &str| -> f64 {
        // Meeting square centre (x + 11) and the badge centre (x + 14).
        let sq: Vec<f64> = svg
            .split("<rect x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .step_by(2)
            .take(2)
            .map(|v| v.parse().unwrap())
            .collect();
        let badge = svg
            .split("rx=\"15\"")
            .next()
            .unwrap()
            .rsplit("<rect x=\"")
            .next()
            .unwrap();
        let bd: Vec<f64> = badge
            .split('"')
            .step_by(2)
            .take(2)
            .map(|v| v.parse().unwrap())
            .collect();
        ((sq[0] + 11.0 - bd[0] - 15.0).powi(2) + (sq[1] + 11.0 - bd[1] - 15.0).powi(2)).sqrt()
            / units_per_km
    };
    let real = geo::distance_km(
        GeoPoint {
            lat: 29.83,
            lon: 106.43,
        },
        GeoPoint {
            lat: 29.3,
            lon: 107.8,
        },
    );
    let drawn = drawn_km(&svg);
    assert!((drawn / real - 1.0).abs() < 0.01, "{drawn} vs {real}");
}

#[test]
fn a_campus_walk_still_has_a_scale() {
    // Meeting point and the lab 50–100 m apart.
    let route = test_site::route(
        "",
        "      - { at: bases/lab, by: walk, arrive: \"08:40\", leave: \"09:00\" }\n",
    )
    .replace("lat: 29.83, lon: 106.43", "lat: 29.8225, lon: 106.4255");
    let site = test_site::site(&[("bases/lab", LAB), ("routes/r", &route)]);
    let svg = diagram(&site);
    check_xml(&svg);
    assert_eq!(scale_bar(&svg).1, "200 m");
}

#[test]
fn one_located_point_is_none() {
    let route = test_site::route(
        "",
        "      - { do: 操场集合, arrive: \"08:40\", leave: \"09:00\" }\n",
    );
    let site = test_site::site(&[("routes/r", &route)]);
    assert!(route_diagram(&site, &site.routes[0]).is_none());
    let no_meeting = test_site::route(
        "",
        "      - { at: bases/lab, by: walk, arrive: \"08:40\", leave: \"09:00\" }\n",
    )
    .replace(
        "meeting: { name: 学校, location: { lat: 29.83, lon: 106.43 }, time: \"08:30\" }\n",
        "",
    );
    let site = test_site::site(&[("bases/lab", LAB), ("routes/r", &no_meeting)]);
    assert!(route_diagram(&site, &site.routes[0]).is_none());
}

/// A school trip by train to three sights and a hotel around one far town.
fn cluster_site() -> Site {
    let place = |name: &str, lat: f64, lon: f64| {
        format!("---\nname: {name}\ndistrict: 武隆区\nlocation: {{ lat: {lat}, lon: {lon} }}\n")
    };
    let (a, b, c) = (
        place("天坑", 29.30, 107.80),
        place("天生桥", 29.33, 107.84),
        place("溶洞", 29.24, 107.82),
    );
    let extra = "lodging: 酒店\nlodging_location: { lat: 29.31, lon: 107.78 }\n";
    let stops = "      - { at: spots/a, by: rail, arrive: \"11:00\", leave: \"12:00\" }\n      - { at: spots/b, by: coach, arrive: \"12:30\", leave: \"14:00\" }\n  - stops:\n      - { at: spots/c, by: coach, arrive: \"09:00\", leave: \"10:00\" }\n      - { do: 返校, by: rail, location: { lat: 29.83, lon: 106.43 }, arrive: \"14:00\", leave: \"14:10\" }\n";
    let route = test_site::route(extra, stops);
    test_site::site(&[
        ("spots/a", &a),
        ("spots/b", &b),
        ("spots/c", &c),
        ("routes/r", &route),
    ])
}

#[test]
fn a_crowded_town_gets_a_true_scale_detail_box() {
    let site = cluster_site();
    let svg = diagram(&site);
    let texts = check_xml(&svg);
    assert!(texts.iter().any(|t| t == "局部放大"), "{texts:?}");
    // Each place is labelled once, in the box.
    for t in ["1", "2", "3", "天坑", "天生桥", "溶洞", "住宿", "集合"] {
        assert_eq!(
            texts.iter().filter(|x| *x == t).count(),
            1,
            "{t} in {texts:?}"
        );
    }
    // The box's own scale bar is true to its projection.
    let plan = Plan::collect(&site, &site.routes[0]).unwrap();
    let (proj, _) = layout(&plan).unwrap();
    let points: Vec<(f64, f64)> = plan.markers.iter().map(|m| proj.xy(m.at)).collect();
    let inset = Inset::find(&plan, &points, &proj).unwrap();
    assert_eq!(inset.members.len(), 4);
    let d = svg.split("class=\"scale-bar-inset\" d=\"").nth(1).unwrap();
    let (x0, x1) = bar_ends(d);
    let label = d.split("\">").nth(1).unwrap().split('<').next().unwrap();
    let km_per_unit = km_of(label) / (x1 - x0);
    let (a, b) = (inset.members[0], inset.members[2]);
    let drawn = dist(inset.points[a], inset.points[b]) * km_per_unit;
    let real = geo::distance_km(plan.markers[a].at, plan.markers[b].at);
    assert!((drawn / real - 1.0).abs() < 0.01, "{drawn} vs {real}");
    // The box sits inside the drawing, clear of the band.
    let r = inset.rect;
    assert!(r.0 >= 0.0 && r.1 >= 0.0 && r.0 + r.2 <= W && r.1 + r.3 <= proj.map_bottom);
}

#[test]
fn names_and_widths() {
    let cq = Some("重庆");
    assert_eq!(short_name("重庆中国三峡博物馆", cq), "三峡博物馆");
    assert_eq!(short_name("重庆市缙云山自然保护区", cq), "缙云山自然保护区");
    assert_eq!(short_name("重庆北站", cq), "重庆北站");
    assert_eq!(
        short_name("返回重庆北站，乘高铁前往奉节", cq),
        "返回重庆北站"
    );
    // Another province's site drops its own name, not Chongqing's.
    let gz = Some("贵州省");
    assert_eq!(short_name("贵州省地质博物馆", gz), "地质博物馆");
    assert_eq!(short_name("贵州地质博物馆", gz), "地质博物馆");
    assert_eq!(short_name("重庆中国三峡博物馆", gz), "重庆中国三峡博物馆");
    assert_eq!(
        short_name("重庆市缙云山自然保护区", None),
        "重庆市缙云山自然保护区"
    );
    assert_eq!(
        truncate("西南大学家蚕基因组生物学国家重点实验室", 7.0),
        "西南大学家蚕…"
    );
    assert_eq!(truncate("白帝城·瞿塘峡", 7.0), "白帝城·瞿塘峡");
    assert_eq!(distance_label(0.2), "200 m");
    assert_eq!(distance_label(50.0), "50 km");
    assert_eq!(n(-0.04), "0.0");
}

/// The two ends of a scale bar drawn as `M{x0} {y}V{y}H{x1}V{y}`.
fn bar_ends(d: &str) -> (f64, f64) {
    let x0: f64 = d[1..].split(' ').next().unwrap().parse().unwrap();
    let x1: f64 = d
        .split('H')
        .nth(1)
        .unwrap()
        .split('V')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (x0, x1)
}

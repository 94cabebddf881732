//! GeoJSON (RFC 7946) data downloads: a route's stops and day paths, and every place. Published as
//! data rather than drawn on our own map (a self-rendered map of China needs official review,
//! 地图审核), so people can open them in any GIS tool. Positions are `[lon, lat]`, WGS-84 (what
//! the model stores), rounded to 6 decimals (≈ 0.1 m). Written with serde structs rather than the
//! `geojson` crate: the output is three fixed shapes, and declared field order keeps the bytes
//! stable whatever serde_json features other crates switch on.

use serde::Serialize;

use crate::model::{Day, GeoPoint, Route, Site, Stop, StopKind};
use crate::render::labels;

#[derive(Serialize)]
struct FeatureCollection {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Feature>,
}

#[derive(Serialize)]
struct Feature {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Geometry,
    properties: Properties,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Geometry {
    Point { coordinates: [f64; 2] },
    LineString { coordinates: Vec<[f64; 2]> },
}

/// The union of the properties of every feature kind; absent ones are left out.
#[derive(Serialize, Default)]
struct Properties {
    /// `base`, `spot`, `activity`, `meeting`, `lodging` (points) or `path` (a day's line).
    kind: &'static str,
    /// The place id.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<usize>,
    /// 1-based position of the stop in its day's schedule (unlocated stops keep their number,
    /// so it matches the route page); 0 for the meeting point.
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    arrive: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leave: Option<String>,
    /// The place page, absolute.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// `x` rounded to 6 decimals: the nearest double to a 6-decimal number, so it prints as one.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn position(p: GeoPoint) -> [f64; 2] {
    [round6(p.lon), round6(p.lat)]
}

fn point(p: GeoPoint, properties: Properties) -> Feature {
    Feature {
        kind: "Feature",
        geometry: Geometry::Point {
            coordinates: position(p),
        },
        properties,
    }
}

fn to_json(features: Vec<Feature>) -> String {
    let collection = FeatureCollection {
        kind: "FeatureCollection",
        features,
    };
    // Plain structs with string keys and finite-or-null numbers: serialising cannot fail.
    serde_json::to_string(&collection).unwrap_or_default()
}

fn absolute(site: &Site, id: &str) -> String {
    crate::render::absolute_url(&site.config.base_url, &crate::render::url_of(id))
}

/// A route as a FeatureCollection: the meeting point (kind `meeting`, day 1, order 0), the
/// lodging when `lodging_location` is given (kind `lodging`), one Point per located stop in
/// visiting order (`base`/`spot` places, located `do:` stops as `activity`), then one LineString
/// per day (kind `path`) through that day's located points, starting from the meeting point on
/// day 1 and from the lodging on later days; a day with fewer than two points has no line.
pub fn route_geojson(site: &Site, route: &Route) -> String {
    let mut features = Vec::new();
    let meeting = route
        .meeting
        .as_ref()
        .and_then(|m| Some((m, m.location.as_ref()?.value)));
    if let Some((m, at)) = meeting {
        features.push(point(
            at,
            Properties {
                kind: "meeting",
                day: Some(1),
                order: Some(0),
                name: Some(m.name.clone()),
                arrive: m.time.as_ref().map(|t| t.value.to_string()),
                ..Properties::default()
            },
        ));
    }
    let lodging = route.lodging_location.as_ref().map(|l| l.value);
    if let Some(at) = lodging.filter(|_| route.days.len() > 1) {
        features.push(point(
            at,
            Properties {
                kind: "lodging",
                name: Some(route.lodging.clone().unwrap_or_else(|| "住宿".to_string())),
                ..Properties::default()
            },
        ));
    }
    let mut paths = Vec::new();
    for (d, day) in route.days.iter().enumerate() {
        let start = if d == 0 {
            meeting.map(|(_, at)| at)
        } else {
            lodging
        };
        let mut line: Vec<[f64; 2]> = start.map(position).into_iter().collect();
        for (s, stop) in day.stops.iter().enumerate() {
            let Some((at, props)) = stop_point(site, d, s, stop) else {
                continue;
            };
            line.push(position(at));
            features.push(point(at, props));
        }
        if line.len() >= 2 {
            paths.push(day_path(d, day, line));
        }
    }
    features.extend(paths);
    to_json(features)
}

/// Stop `s` of day `d` (both 0-based) as a point, or `None` when it has no location.
fn stop_point(site: &Site, d: usize, s: usize, stop: &Stop) -> Option<(GeoPoint, Properties)> {
    let mut props = Properties {
        day: Some(d + 1),
        order: Some(s + 1),
        arrive: Some(stop.arrive.value.to_string()),
        leave: Some(stop.leave.value.to_string()),
        ..Properties::default()
    };
    let at = match &stop.what {
        StopKind::Visit { place, .. } => {
            let place = site.places.get(*place)?;
            props.kind = labels::place_kind(place.kind).0;
            props.id = Some(place.id.clone());
            props.name = Some(place.name.clone());
            props.url = Some(absolute(site, &place.id));
            place.location.value
        }
        StopKind::Activity { what, location, .. } => {
            let location = location.as_ref()?;
            props.kind = "activity";
            props.name = Some(what.clone());
            location.value
        }
    };
    Some((at, props))
}

/// Day `d`'s (0-based) line through its located points, named `第 N 天 <title>`.
fn day_path(d: usize, day: &Day, line: Vec<[f64; 2]>) -> Feature {
    Feature {
        kind: "Feature",
        geometry: Geometry::LineString { coordinates: line },
        properties: Properties {
            kind: "path",
            day: Some(d + 1),
            name: Some(match &day.title {
                Some(t) => format!("第 {} 天 {t}", d + 1),
                None => format!("第 {} 天", d + 1),
            }),
            ..Properties::default()
        },
    }
}

/// Every place as a Point, by id: id, name, name_en, kind (`base`/`spot`), district, url.
pub fn places_geojson(site: &Site) -> String {
    let features = site
        .places
        .iter()
        .map(|p| {
            point(
                p.location.value,
                Properties {
                    kind: labels::place_kind(p.kind).0,
                    id: Some(p.id.clone()),
                    name: Some(p.name.clone()),
                    name_en: p.name_en.clone(),
                    district: Some(p.district.value.clone()),
                    url: Some(absolute(site, &p.id)),
                    ..Properties::default()
                },
            )
        })
        .collect();
    to_json(features)
}

/// A small site shared by the tests of the sibling modules (calendar, feed, JSON-LD): a museum
/// with hours, a closure, booking and an address; an always-open lab; a priced nature reserve;
/// a two-day route with departures, a meeting point, lodging and a located `do:` stop; and two
/// short routes for the feed's order (one undated).
#[cfg(test)]
pub(crate) mod fixture {
    use crate::model::{Route, Site};
    use crate::validate::test_site;

    pub const MUSEUM: &str = r#"---
name: 重庆自然博物馆
name_en: Chongqing Natural History Museum
district: 北碚区
address: 重庆市北碚区金华路398号
location: { lat: 29.824, lon: 106.415 }
category: 知识科普型
audience: [小学, 初中]
hours:
  - { days: tue-sun, open: "09:00", close: "17:00", last_entry: "16:00" }
closures:
  - { from: 2027-06-01, to: 2027-06-03, reason: 检修 }
reservation: { required: true, how: 微信公众号实名预约, url: "https://book.example.org/cmnh?a=1&b=2" }
price: { adult: 0, student: 0, note: 凭证件免费 }
phone: 023-60000000
email: info@example.org
website: https://www.cmnh.org.cn
verified: 2026-11-01
"#;
    pub const RESERVE: &str = r#"---
name: 缙云山国家级自然保护区
district: 北碚区
address: 重庆市北碚区缙云山
location: { lat: 29.8361234567, lon: 106.3791 }
category: 自然观赏型
price: { adult: 30, student: 15 }
hours:
  - { days: mon-sun, open: "08:00", close: "24:00" }
"#;
    pub const TRIP: &str = r#"---
title: '北碚"恐龙·蚕丝"研学, 两日; 营地'
title_en: Beibei dinosaurs & silk
summary: 面向小学高年级的<乡土乡情>科普研学 & 自然观察
audience: [小学4-6, 亲子]
runs_on: [tue, wed]
departures: [2027-05-11, 2027-04-13]
cost: { per_person: 120, includes: [往返大巴, 保险, 午餐] }
meeting: { name: 学校正门, location: { lat: 29.83, lon: 106.43 }, time: "07:30" }
lodging: 缙云山研学营地
lodging_location: { lat: 29.84, lon: 106.39 }
verified: 2026-10-01
days:
  - title: 恐龙与家蚕
    stops:
      - at: bases/museum
        by: coach
        arrive: "09:00"
        leave: "11:30"
        activity: 恐龙世界展厅观察与记录：分组完成化石、地层与古环境三张观察表，并向全班汇报各组的发现
        learning_minutes: 120
      - { do: 午餐, arrive: "11:45", leave: "12:45" }
      - { at: bases/lab, by: walk, arrive: "13:15", leave: "14:15", activity: 观察家蚕生命周期, learning_minutes: 60 }
  - title: 森林
    stops:
      - { do: 晨练, location: { lat: 29.841, lon: 106.391 }, arrive: "07:00", leave: "07:30" }
      - { at: spots/reserve, by: coach, arrive: "09:00", leave: "24:00", activity: 植物识别, learning_minutes: 90 }
"#;
    pub const SHORT_NEW: &str = r#"---
title: 渝中两江城市科学
summary: 初中工程研学
audience: [初中]
verified: 2026-11-20
days:
  - stops:
      - { at: bases/museum, arrive: "09:00", leave: "10:00" }
"#;
    pub const SHORT_SAME_DAY: &str = r#"---
title: 银龄慢游
summary: 一老一小
audience: [银龄, 亲子]
verified: 2026-10-01
days:
  - stops:
      - { at: bases/lab, arrive: "09:00", leave: "10:00" }
"#;
    pub const SHORT_UNDATED: &str = r#"---
title: 未核实线路
summary: 待核实
audience: [公众]
days:
  - stops:
      - { do: 散步, arrive: "09:00", leave: "10:00" }
"#;

    pub fn site() -> Site {
        let mut site = test_site::site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", test_site::LAB),
            ("spots/reserve", RESERVE),
            ("routes/beibei-dino", TRIP),
            ("routes/yuzhong", SHORT_NEW),
            ("routes/silver", SHORT_SAME_DAY),
            ("routes/draft", SHORT_UNDATED),
        ]);
        site.config.title = "重庆科普研学".to_string();
        site.config.base_url = "https://yanxue.example.org".to_string();
        if let Some(region) = &mut site.config.region {
            region.name = Some("重庆".to_string());
        }
        site
    }

    pub fn route<'a>(site: &'a Site, id: &str) -> &'a Route {
        site.routes.iter().find(|r| r.id == id).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{route, site};
    use super::*;
    use serde_json::Value;

    fn features(json: &str) -> Vec<Value> {
        let v: Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        v["features"].as_array().unwrap().clone()
    }

    #[test]
    fn route_points_lines_and_properties() {
        let site = site();
        let json = route_geojson(&site, route(&site, "routes/beibei-dino"));
        let fs = features(&json);
        let kinds: Vec<(&str, &str)> = fs
            .iter()
            .map(|f| {
                (
                    f["geometry"]["type"].as_str().unwrap(),
                    f["properties"]["kind"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("Point", "meeting"),
                ("Point", "lodging"),
                ("Point", "base"),
                ("Point", "base"),
                ("Point", "activity"),
                ("Point", "spot"),
                ("LineString", "path"),
                ("LineString", "path"),
            ]
        );
        // [lon, lat], and day/order follow the schedule (lunch, unlocated, keeps its number).
        let museum = &fs[2];
        assert_eq!(
            museum["geometry"]["coordinates"],
            serde_json::json!([106.415, 29.824])
        );
        let p = &museum["properties"];
        assert_eq!((p["day"].as_u64(), p["order"].as_u64()), (Some(1), Some(1)));
        assert_eq!(p["url"], "https://yanxue.example.org/bases/museum/");
        assert_eq!(
            (p["arrive"].as_str(), p["leave"].as_str()),
            (Some("09:00"), Some("11:30"))
        );
        assert_eq!(fs[3]["properties"]["order"], 3);
        assert!(fs[4]["properties"].get("url").is_none());
        // 29.8361234567 is rounded to 6 decimals.
        assert_eq!(
            fs[5]["geometry"]["coordinates"],
            serde_json::json!([106.3791, 29.836123])
        );
        // Day 1 starts at the meeting point, day 2 at the lodging.
        let day1 = fs[6]["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(day1.len(), 3);
        assert_eq!(day1[0], serde_json::json!([106.43, 29.83]));
        let day2 = fs[7]["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(day2[0], serde_json::json!([106.39, 29.84]));
        assert_eq!(day2.len(), 3);
        assert_eq!(fs[7]["properties"]["name"], "第 2 天 森林");
        insta::assert_snapshot!(json);
    }

    #[test]
    fn a_day_with_one_point_has_no_line() {
        let site = site();
        let fs = features(&route_geojson(&site, route(&site, "routes/yuzhong")));
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0]["properties"]["kind"], "base");
        let fs = features(&route_geojson(&site, route(&site, "routes/draft")));
        assert!(fs.is_empty());
    }

    #[test]
    fn places() {
        let site = site();
        let json = places_geojson(&site);
        let fs = features(&json);
        let ids: Vec<&str> = fs
            .iter()
            .map(|f| f["properties"]["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["bases/lab", "bases/museum", "spots/reserve"]);
        let p = &fs[1]["properties"];
        assert_eq!(p["name_en"], "Chongqing Natural History Museum");
        assert_eq!(p["district"], "北碚区");
        assert_eq!(p["kind"], "base");
        assert_eq!(fs[2]["properties"]["kind"], "spot");
        assert!(fs[0]["properties"].get("name_en").is_none());
        insta::assert_snapshot!(json);
    }

    #[test]
    fn deterministic() {
        let (a, b) = (site(), site());
        assert_eq!(
            route_geojson(&a, route(&a, "routes/beibei-dino")),
            route_geojson(&b, route(&b, "routes/beibei-dino"))
        );
        assert_eq!(places_geojson(&a), places_geojson(&b));
    }
}

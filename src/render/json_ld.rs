//! schema.org JSON-LD for route, place and breadcrumb structured data:
//! `TouristTrip` with per-day `subTrip`s and an `EducationEvent` per dated departure,
//! `TouristAttraction` (+ `Museum`/`Park`) for places, `BreadcrumbList` everywhere. Search
//! engines and other consumers read these instead of scraping the page. Every function returns
//! text that can go straight inside `<script type="application/ld+json">`: serialised with
//! serde_json, then `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026` (they only occur
//! inside JSON strings, where those escapes mean the same characters), so no value can close the
//! script element.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::{Value, json};

use crate::model::time::WEEKDAY_EN;
use crate::model::{Audience, GeoPoint, Place, PlaceKind, Route, Site, StopKind, TimeOfDay};
use crate::render::geojson::round6;
use crate::render::map_links::{host_of, map_links};
use crate::render::view::Link;
use crate::render::{labels, url_of};

const CONTEXT: &str = "https://schema.org";

fn script_safe(value: &Value) -> String {
    crate::render::script_safe_json(value)
}

fn absolute(base_url: &str, url: &str) -> String {
    crate::render::absolute_url(base_url, url)
}

/// A price as a JSON number: `120`, not `120.0`.
fn number(x: f64) -> Value {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

fn geo(p: GeoPoint) -> Value {
    json!({
        "@type": "GeoCoordinates",
        "latitude": round6(p.lat),
        "longitude": round6(p.lon),
    })
}

/// `HH:MM`, with `24:00` as `23:59` (schema.org and Google's reading of "open until midnight").
fn clock(t: TimeOfDay) -> String {
    if t.minutes() >= 24 * 60 {
        "23:59".to_string()
    } else {
        t.to_string()
    }
}

/// ISO 8601 local date-time in China; `24:00` is the next midnight.
fn date_time(date: Date, t: TimeOfDay) -> Option<String> {
    let m = t.minutes();
    let (date, m) = if m >= 24 * 60 {
        (date.tomorrow().ok()?, m - 24 * 60)
    } else {
        (date, m)
    };
    Some(format!("{date}T{:02}:{:02}:00+08:00", m / 60, m % 60))
}

/// An audience as schema.org: school grades are students of an age range, 亲子 and 银龄 are
/// people audiences, 公众 is everyone.
fn audience(a: Audience) -> Value {
    match a {
        Audience::Grades { from, to } => json!({
            "@type": ["EducationalAudience", "PeopleAudience"],
            "educationalRole": "student",
            "audienceType": a.to_string(),
            // First grade starts at 6 in China: grade g is about g+5 to g+6 years old.
            "suggestedMinAge": from + 5,
            "suggestedMaxAge": to + 6,
        }),
        Audience::Family => json!({"@type": "PeopleAudience", "audienceType": a.to_string()}),
        Audience::Senior => json!({
            "@type": "PeopleAudience",
            "audienceType": a.to_string(),
            "suggestedMinAge": 60,
        }),
        Audience::Public => json!({"@type": "Audience", "audienceType": a.to_string()}),
    }
}

/// The `@id` of a place's node, shared by its page and every route that visits it.
fn place_id(site: &Site, place: &Place) -> String {
    format!(
        "{}#place",
        absolute(&site.config.base_url, &url_of(&place.id))
    )
}

fn place_url(site: &Site, place: &Place) -> String {
    absolute(&site.config.base_url, &url_of(&place.id))
}

/// The place's address. The region is `site.yaml`'s `region.name`; a site that names none says
/// none, rather than a province it may not be in.
fn postal_address(site: &Site, place: &Place) -> Value {
    let mut address = json!({
        "@type": "PostalAddress",
        "addressCountry": "CN",
        "addressLocality": place.district.value,
    });
    if let Some(region) = site.config.region.as_ref().and_then(|r| r.name.as_deref()) {
        address["addressRegion"] = json!(region);
    }
    if let Some(street) = &place.address {
        address["streetAddress"] = json!(street);
    }
    address
}

/// A visited place inside a route's itinerary.
fn attraction(site: &Site, place: &Place) -> Value {
    json!({
        "@type": "TouristAttraction",
        "@id": place_id(site, place),
        "name": place.name,
        "url": place_url(site, place),
        "geo": geo(place.location.value),
    })
}

/// An ordered ItemList of places, each once (its first visit), named by its times when given.
fn item_list<'a>(site: &Site, visits: impl Iterator<Item = (&'a Place, Option<String>)>) -> Value {
    let mut seen = BTreeSet::new();
    let items: Vec<Value> = visits
        .filter(|(p, _)| seen.insert(p.id.as_str()))
        .enumerate()
        .map(|(i, (place, times))| {
            let mut item = json!({
                "@type": "ListItem",
                "position": i + 1,
                "item": attraction(site, place),
            });
            if let Some(times) = times {
                item["name"] = json!(times);
            }
            item
        })
        .collect();
    json!({
        "@type": "ItemList",
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": items.len(),
        "itemListElement": items,
    })
}

/// The places a day visits, in order, with `09:00–11:30`.
fn day_visits<'a>(
    site: &'a Site,
    day: &'a crate::model::Day,
) -> impl Iterator<Item = (&'a Place, String)> + 'a {
    day.stops.iter().filter_map(|stop| match &stop.what {
        StopKind::Visit { place, .. } => site
            .places
            .get(*place)
            .map(|p| (p, format!("{}–{}", stop.arrive.value, stop.leave.value))),
        StopKind::Activity { .. } => None,
    })
}

/// The route's JSON-LD: one `@graph` with the site as an Organization, the `TouristTrip`
/// (audiences as `touristType`, the visited places as an ordered `itinerary`, one `subTrip` per
/// day named `第 N 天 <title>`, the per-person price as an Offer in CNY, the site as provider),
/// and one `EducationEvent` per departure date (from the meeting time, or the first arrival, to
/// the last stop's leaving time on the last day; located at the first place visited).
pub fn route_json_ld(site: &Site, route: &Route) -> String {
    let base = site.config.base_url.as_str();
    let url = absolute(base, &url_of(&route.id));
    let trip_id = format!("{url}#trip");
    let org_id = format!("{}#organization", absolute(base, "/"));
    let organization = json!({
        "@type": "Organization",
        "@id": org_id,
        "name": site.config.title,
        "url": absolute(base, "/"),
    });

    let all_visits = route
        .days
        .iter()
        .flat_map(|day| day_visits(site, day))
        .map(|(p, _)| (p, None));
    let sub_trips = sub_trips(site, route, &url);
    let offer = route_offer(route, &url);

    let mut trip = json!({
        "@type": "TouristTrip",
        "@id": trip_id,
        "name": route.title.value,
        "description": route.summary,
        "url": url,
        "inLanguage": site.config.language,
        "touristType": route.audience.iter().map(|a| audience(a.value)).collect::<Vec<_>>(),
        "itinerary": item_list(site, all_visits),
        "subTrip": sub_trips,
        "provider": {"@id": org_id},
    });
    if let Some(en) = &route.title_en {
        trip["alternateName"] = json!(en);
    }
    if let Some(offer) = &offer {
        trip["offers"] = offer.clone();
    }

    let mut graph = vec![organization, trip];
    let departures = Departures {
        url: &url,
        org_id: &org_id,
        location: event_location(site, route),
        offer: offer.as_ref(),
    };
    graph.extend(departures.events(site, route));
    script_safe(&json!({"@context": CONTEXT, "@graph": graph}))
}

/// One `TouristTrip` per day, named `第 N 天 <title>`, with the places it visits and their times.
fn sub_trips(site: &Site, route: &Route, url: &str) -> Vec<Value> {
    route
        .days
        .iter()
        .enumerate()
        .map(|(d, day)| {
            let name = match &day.title {
                Some(t) => format!("第 {} 天 {t}", d + 1),
                None => format!("第 {} 天", d + 1),
            };
            json!({
                "@type": "TouristTrip",
                "@id": format!("{url}#day-{}", d + 1),
                "name": name,
                "itinerary": item_list(site, day_visits(site, day).map(|(p, t)| (p, Some(t)))),
            })
        })
        .collect()
}

/// The per-person price as an Offer in CNY, with what it includes.
fn route_offer(route: &Route, url: &str) -> Option<Value> {
    route.cost.as_ref().map(|c| {
        let mut offer = json!({
            "@type": "Offer",
            "price": number(c.per_person),
            "priceCurrency": "CNY",
            "url": url,
        });
        if !c.includes.is_empty() {
            offer["description"] = json!(format!("含{}", c.includes.join("、")));
        }
        offer
    })
}

/// Where a departure happens: the first place visited, else the meeting point.
fn event_location(site: &Site, route: &Route) -> Option<Value> {
    let first_place = route
        .days
        .iter()
        .flat_map(|day| day_visits(site, day))
        .map(|(p, _)| p)
        .next();
    match (first_place, &route.meeting) {
        (Some(p), _) => Some(json!({
            "@type": "Place",
            "@id": place_id(site, p),
            "name": p.name,
            "address": postal_address(site, p),
            "geo": geo(p.location.value),
        })),
        (None, Some(m)) => {
            let mut place = json!({"@type": "Place", "name": m.name});
            if let Some(l) = &m.location {
                place["geo"] = geo(l.value);
            }
            Some(place)
        }
        (None, None) => None,
    }
}

/// What every departure's `EducationEvent` shares.
struct Departures<'a> {
    url: &'a str,
    org_id: &'a str,
    location: Option<Value>,
    offer: Option<&'a Value>,
}

impl Departures<'_> {
    /// One `EducationEvent` per departure date, from the meeting time (or the first arrival)
    /// to the last stop's leaving time on the last day.
    fn events(&self, site: &Site, route: &Route) -> Vec<Value> {
        let Departures {
            url,
            org_id,
            location,
            offer,
        } = self;
        let mut graph = Vec::new();
        let start_time = route
            .meeting
            .as_ref()
            .and_then(|m| m.time.as_ref().map(|t| t.value))
            .or_else(|| {
                route
                    .days
                    .first()
                    .and_then(|d| d.stops.first())
                    .map(|s| s.arrive.value)
            });
        let end_time = route
            .days
            .last()
            .and_then(|d| d.stops.last())
            .map(|s| s.leave.value);
        let last_day = i64::try_from(route.days.len().saturating_sub(1)).unwrap_or(0);
        let departures: BTreeSet<Date> = route.departures.iter().map(|d| d.value).collect();
        for start in departures {
            let Ok(end) = start.checked_add(last_day.days()) else {
                continue;
            };
            let when = |date: Date, time: Option<TimeOfDay>| {
                time.and_then(|t| date_time(date, t))
                    .unwrap_or_else(|| date.to_string())
            };
            let mut event = json!({
                "@type": "EducationEvent",
                "@id": format!("{url}#departure-{start}"),
                "name": format!("{}（{start}）", route.title.value),
                "description": route.summary,
                "url": url,
                "startDate": when(start, start_time),
                "endDate": when(end, end_time),
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "eventStatus": "https://schema.org/EventScheduled",
                "inLanguage": site.config.language,
                "organizer": {"@id": org_id},
            });
            if let Some(location) = &location {
                event["location"] = location.clone();
            }
            if let Some(offer) = offer {
                event["offers"] = (*offer).clone();
            }
            graph.push(event);
        }
        graph
    }
}

/// The schema.org types of a place: `Museum` for a base named 博物馆/科技馆/展览馆, `Park` for a
/// spot named 山/公园/保护区, and always `TouristAttraction`.
fn place_types(place: &Place) -> Vec<&'static str> {
    let named = |words: &[&str]| words.iter().any(|w| place.name.contains(w));
    let mut types = Vec::new();
    match place.kind {
        PlaceKind::Base if named(&["博物馆", "科技馆", "展览馆"]) => types.push("Museum"),
        PlaceKind::Spot if named(&["山", "公园", "保护区"]) => types.push("Park"),
        _ => {}
    }
    types.push("TouristAttraction");
    types
}

/// A place's JSON-LD: its types, names, a description built from its kind, category, address
/// and designations (the body is not available here), geo, postal address, weekly hours (seven
/// days 00:00–23:59 when it has none: always open), dated closures as special hours, whether it
/// is free, booking page, telephone, email, website, an Amap link and its audiences.
pub fn place_json_ld(site: &Site, place: &Place) -> String {
    let base = site.config.base_url.as_str();
    let url = place_url(site, place);
    let mut ld = json!({
        "@context": CONTEXT,
        "@type": place_types(place),
        "@id": place_id(site, place),
        "name": place.name,
        "description": place_description(place),
        "url": url,
        "geo": geo(place.location.value),
        "address": postal_address(site, place),
        "openingHoursSpecification": opening_hours(place),
        "hasMap": map_links(place.location.value, &place.name, host_of(base)).amap,
    });
    if let Some(en) = &place.name_en {
        ld["alternateName"] = json!(en);
    }
    if let Some(closed) = closures(place) {
        ld["specialOpeningHoursSpecification"] = closed;
    }
    if let Some(price) = &place.price {
        let prices: Vec<f64> = [price.adult, price.student, price.senior]
            .into_iter()
            .flatten()
            .collect();
        if !prices.is_empty() {
            ld["isAccessibleForFree"] = json!(prices.iter().all(|p| *p <= 0.0));
        }
    }
    if let Some(booking) = place
        .reservation
        .as_ref()
        .and_then(|r| r.value.url.as_ref())
    {
        ld["tourBookingPage"] = json!(booking);
    }
    if let Some(phone) = &place.phone {
        ld["telephone"] = json!(phone.value);
    }
    if let Some(email) = &place.email {
        ld["email"] = json!(email.value);
    }
    if let Some(website) = &place.website {
        ld["sameAs"] = json!(website);
    }
    if !place.audience.is_empty() {
        ld["touristType"] = json!(
            place
                .audience
                .iter()
                .map(|a| audience(*a))
                .collect::<Vec<_>>()
        );
    }
    script_safe(&ld)
}

/// A place described from its kind, category, address and designations (the body is not
/// available here).
fn place_description(place: &Place) -> String {
    let (_, kind_label) = labels::place_kind(place.kind);
    let mut description = kind_label.to_string();
    if let Some(category) = place.category {
        description.push('，');
        description.push_str(category);
    }
    description.push_str("，位于");
    description.push_str(place.address.as_deref().unwrap_or(&place.district.value));
    if !place.designations.is_empty() {
        description.push('；');
        description.push_str(&place.designations.join("、"));
    }
    description
}

/// Weekly hours; seven days 00:00–23:59 when the place has none (always open).
fn opening_hours(place: &Place) -> Vec<Value> {
    let day_urls = |days: crate::model::WeekdaySet| -> Vec<String> {
        days.iter()
            .map(|d| {
                // schema.org's day names are the English ones.
                let name = WEEKDAY_EN[crate::model::time::weekday_index(d)];
                format!("https://schema.org/{name}")
            })
            .collect()
    };
    if place.hours.is_empty() {
        vec![json!({
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": day_urls(crate::model::WeekdaySet::ALL),
            "opens": "00:00",
            "closes": "23:59",
        })]
    } else {
        place
            .hours
            .iter()
            .map(|h| {
                json!({
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": day_urls(h.days),
                    "opens": clock(h.open),
                    "closes": clock(h.close),
                })
            })
            .collect()
    }
}

/// Dated closures as special hours, or `None` when there are none.
fn closures(place: &Place) -> Option<Value> {
    if place.closures.is_empty() {
        return None;
    }
    // Closed = opens and closes both 00:00 (schema.org OpeningHoursSpecification).
    let closed: Vec<Value> = place
        .closures
        .iter()
        .map(|c| {
            let mut spec = json!({
                "@type": "OpeningHoursSpecification",
                "validFrom": c.from.to_string(),
                "validThrough": c.to.to_string(),
                "opens": "00:00",
                "closes": "00:00",
            });
            if let Some(reason) = &c.reason {
                spec["description"] = json!(reason);
            }
            spec
        })
        .collect();
    Some(json!(closed))
}

/// A BreadcrumbList of `crumbs` in order, each item's URL made absolute against `base_url`.
pub fn breadcrumb_json_ld(base_url: &str, crumbs: &[Link]) -> String {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": c.title,
                "item": absolute(base_url, &c.url),
            })
        })
        .collect();
    script_safe(&json!({
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::geojson::fixture::{route, site};

    fn parse(text: &str) -> Value {
        for c in ['<', '>', '&'] {
            assert!(!text.contains(c), "raw {c} in {text}");
        }
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn route_graph() {
        let site = site();
        let text = route_json_ld(&site, route(&site, "routes/beibei-dino"));
        let v = parse(&text);
        assert_eq!(v["@context"], "https://schema.org");
        let graph = v["@graph"].as_array().unwrap();
        let types: Vec<&Value> = graph.iter().map(|n| &n["@type"]).collect();
        assert_eq!(
            types,
            [
                "Organization",
                "TouristTrip",
                "EducationEvent",
                "EducationEvent"
            ]
        );
        let org = &graph[0];
        assert_eq!(org["name"], "重庆科普研学");
        let trip = &graph[1];
        let url = "https://yanxue.example.org/routes/beibei-dino/";
        assert_eq!(trip["url"], url);
        assert_eq!(trip["name"], "北碚\"恐龙·蚕丝\"研学, 两日; 营地");
        // Escaped for the script element, and the same text once parsed.
        assert_eq!(
            trip["description"],
            "面向小学高年级的<乡土乡情>科普研学 & 自然观察"
        );
        assert!(text.contains("\\u003c乡土乡情\\u003e科普研学 \\u0026 自然观察"));
        assert_eq!(trip["provider"]["@id"], org["@id"]);
        let audiences = trip["touristType"].as_array().unwrap();
        assert_eq!(audiences[0]["@type"][0], "EducationalAudience");
        assert_eq!(audiences[0]["educationalRole"], "student");
        assert_eq!(audiences[0]["audienceType"], "小学4-6");
        assert_eq!(
            (
                &audiences[0]["suggestedMinAge"],
                &audiences[0]["suggestedMaxAge"]
            ),
            (&json!(9), &json!(12))
        );
        assert_eq!(audiences[1]["@type"], "PeopleAudience");
        assert_eq!(audiences[1]["audienceType"], "亲子");
        let items = trip["itinerary"]["itemListElement"].as_array().unwrap();
        let names: Vec<&Value> = items.iter().map(|i| &i["item"]["name"]).collect();
        assert_eq!(
            names,
            ["重庆自然博物馆", "实验室", "缙云山国家级自然保护区"]
        );
        assert_eq!(items[2]["position"], 3);
        assert_eq!(items[0]["item"]["@type"], "TouristAttraction");
        assert_eq!(
            items[0]["item"]["url"],
            "https://yanxue.example.org/bases/museum/"
        );
        assert_eq!(items[0]["item"]["geo"]["latitude"], 29.824);
        assert_eq!(trip["itinerary"]["numberOfItems"], 3);
        let days = trip["subTrip"].as_array().unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[0]["name"], "第 1 天 恐龙与家蚕");
        assert_eq!(days[1]["itinerary"]["numberOfItems"], 1);
        assert_eq!(
            days[0]["itinerary"]["itemListElement"][0]["name"],
            "09:00–11:30"
        );
        assert_eq!(trip["offers"]["price"], 120);
        assert_eq!(trip["offers"]["priceCurrency"], "CNY");
        // Departures in date order, two days each, from the meeting to the end of day 2.
        let e = &graph[2];
        assert_eq!(e["startDate"], "2027-04-13T07:30:00+08:00");
        assert_eq!(e["endDate"], "2027-04-15T00:00:00+08:00");
        assert_eq!(graph[3]["startDate"], "2027-05-11T07:30:00+08:00");
        assert_eq!(
            e["eventAttendanceMode"],
            "https://schema.org/OfflineEventAttendanceMode"
        );
        assert_eq!(e["organizer"]["@id"], org["@id"]);
        assert_eq!(e["location"]["name"], "重庆自然博物馆");
        assert_eq!(
            e["location"]["address"]["streetAddress"],
            "重庆市北碚区金华路398号"
        );
        assert_eq!(e["offers"]["price"], 120);
        insta::assert_snapshot!(text);
    }

    #[test]
    fn route_without_departures_or_cost() {
        let site = site();
        let v = parse(&route_json_ld(&site, route(&site, "routes/draft")));
        let graph = v["@graph"].as_array().unwrap();
        assert_eq!(graph.len(), 2);
        assert!(graph[1].get("offers").is_none());
        assert_eq!(graph[1]["itinerary"]["numberOfItems"], 0);
        assert_eq!(graph[1]["touristType"][0]["@type"], "Audience");
    }

    #[test]
    fn place_museum() {
        let site = site();
        let museum = site.place("bases/museum").unwrap();
        let text = place_json_ld(&site, museum);
        let v = parse(&text);
        assert_eq!(v["@type"], json!(["Museum", "TouristAttraction"]));
        assert_eq!(v["@id"], "https://yanxue.example.org/bases/museum/#place");
        assert_eq!(v["name"], "重庆自然博物馆");
        assert_eq!(v["alternateName"], "Chongqing Natural History Museum");
        assert_eq!(
            v["description"],
            "科普教育基地，知识科普型，位于重庆市北碚区金华路398号"
        );
        assert_eq!(v["geo"]["longitude"], 106.415);
        let a = &v["address"];
        assert_eq!(a["@type"], "PostalAddress");
        assert_eq!(a["addressRegion"], "重庆");
        assert_eq!(a["addressLocality"], "北碚区");
        assert_eq!(a["streetAddress"], "重庆市北碚区金华路398号");
        // Another province's site says its own region; a site that names none says none.
        let mut other = site.clone();
        let region = other.config.region.as_mut().unwrap();
        region.name = Some("贵州".to_string());
        let museum = other.place("bases/museum").unwrap();
        let v = parse(&place_json_ld(&other, museum));
        assert_eq!(v["address"]["addressRegion"], "贵州");
        other.config.region.as_mut().unwrap().name = None;
        let museum = other.place("bases/museum").unwrap();
        let v = parse(&place_json_ld(&other, museum));
        assert!(v["address"].get("addressRegion").is_none(), "{v}");
        let hours = &v["openingHoursSpecification"][0];
        assert_eq!(hours["dayOfWeek"].as_array().unwrap().len(), 6);
        assert_eq!(hours["dayOfWeek"][0], "https://schema.org/Tuesday");
        assert_eq!(
            (&hours["opens"], &hours["closes"]),
            (&json!("09:00"), &json!("17:00"))
        );
        assert_eq!(
            v["specialOpeningHoursSpecification"][0]["validFrom"],
            "2027-06-01"
        );
        assert_eq!(v["isAccessibleForFree"], true);
        assert_eq!(
            v["tourBookingPage"],
            "https://book.example.org/cmnh?a=1&b=2"
        );
        assert!(text.contains("cmnh?a=1\\u0026b=2"));
        assert_eq!(v["telephone"], "023-60000000");
        assert_eq!(v["email"], "info@example.org");
        assert_eq!(v["sameAs"], "https://www.cmnh.org.cn");
        assert!(
            v["hasMap"]
                .as_str()
                .unwrap()
                .starts_with("https://uri.amap.com/marker?position=106.415000,29.824000&")
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn place_types_and_defaults() {
        let site = site();
        let reserve = parse(&place_json_ld(&site, site.place("spots/reserve").unwrap()));
        assert_eq!(reserve["@type"], json!(["Park", "TouristAttraction"]));
        assert_eq!(reserve["isAccessibleForFree"], false);
        assert_eq!(reserve["openingHoursSpecification"][0]["closes"], "23:59");
        let lab = parse(&place_json_ld(&site, site.place("bases/lab").unwrap()));
        assert_eq!(lab["@type"], json!(["TouristAttraction"]));
        assert_eq!(
            lab["openingHoursSpecification"][0]["dayOfWeek"]
                .as_array()
                .unwrap()
                .len(),
            7
        );
        assert!(lab.get("isAccessibleForFree").is_none());
        assert!(lab.get("alternateName").is_none());
        assert!(lab["address"].get("streetAddress").is_none());
        assert_eq!(lab["description"], "科普教育基地，位于北碚区");
    }

    #[test]
    fn breadcrumbs() {
        let crumbs = [
            Link {
                title: "首页".into(),
                url: "/".into(),
            },
            Link {
                title: "研学线路".into(),
                url: "/routes/".into(),
            },
            Link {
                title: "A&B</script>".into(),
                url: "https://other.example.org/x/".into(),
            },
        ];
        let text = breadcrumb_json_ld("https://yanxue.example.org", &crumbs);
        let v = parse(&text);
        assert_eq!(v["@type"], "BreadcrumbList");
        let items = v["itemListElement"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0]["item"], "https://yanxue.example.org/");
        assert_eq!(items[1]["item"], "https://yanxue.example.org/routes/");
        assert_eq!(items[1]["position"], 2);
        assert_eq!(items[2]["item"], "https://other.example.org/x/");
        assert_eq!(items[2]["name"], "A&B</script>");
        insta::assert_snapshot!(text);
    }
}

//! A route's dated runs as an RFC 5545 iCalendar file, one event per stop per departure, so a
//! teacher or parent can subscribe to or import the schedule. Written by hand (escaping,
//! 75-octet folding on UTF-8 boundaries, CRLF) instead of with the `icalendar` crate, which pulls
//! in chrono and stamps events with the clock: here every value, DTSTAMP included, comes from the
//! content, so the same site always gives the same bytes. Times are local to Asia/Shanghai, with
//! its fixed +08:00 VTIMEZONE (no daylight saving since 1991).

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;

use serde::{Deserialize, Serialize};

use crate::model::{Route, Site, StopKind};
use crate::render::{map_links::host_of, url_of};

const TZID: &str = "Asia/Shanghai";

/// The lines of a calendar, each escaped by its caller, folded and ended with CRLF here.
#[derive(Default)]
struct Ics(String);

impl Ics {
    /// A property whose value is written as is (dates, numbers, URIs, fixed words).
    fn raw(&mut self, name: &str, value: &str) {
        fold(&format!("{name}:{value}"), &mut self.0);
    }

    /// A TEXT property: the value is escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }
}

/// RFC 5545 §3.3.11: backslash, `;`, `,` and newlines are escaped; other control characters
/// are not allowed in TEXT and are dropped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.replace("\r\n", "\n");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded to at most 75 octets per physical line (RFC 5545 §3.1): a continuation
/// starts with one space, and a UTF-8 character is never split. Every line ends with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn ymd(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// Local date-time `YYYYMMDDTHHMMSS`; `24:00` is midnight of the next day.
fn local(date: Date, minutes: u32) -> Option<String> {
    let (date, m) = if minutes >= 24 * 60 {
        (date.tomorrow().ok()?, minutes - 24 * 60)
    } else {
        (date, minutes)
    };
    Some(format!("{}T{:02}{:02}00", ymd(date), m / 60, m % 60))
}

/// One stop of a route as a calendar event, before it is given a date. The same events feed
/// the `.ics` files of routes with departures and the JSON that route pages without departures
/// embed for `calendar.js`, which writes them exactly as [`write_calendar`] does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopEvent {
    /// 1-based day of the route: the event falls `day − 1` days after the start date.
    pub day: usize,
    /// 1-based position of the stop in its day (unlisted stops keep their number: UIDs and the
    /// route page agree).
    pub stop: usize,
    pub summary: String,
    /// The activity and the learning time, one per line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// A place's name and address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<String>,
    /// The place's page, or the route page's day for a `do:` stop.
    pub url: String,
    /// The GEO value as written: `lat;lon`, 6 decimals (kept as text so the browser need not
    /// round floats as Rust does).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub geo: Option<String>,
    /// Minutes after the day's midnight (`24:00` is 1440).
    pub start: u32,
    /// Minutes after the day's midnight; absent for a zero-length stop (DTEND must be later
    /// than DTSTART).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<u32>,
}

/// What a route's calendar is written from, whatever its dates: the JSON a route page embeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarData {
    /// The route id with `/` as `-`, which starts every UID.
    pub id: String,
    /// The site's host, which ends every UID.
    pub host: String,
    pub title: String,
    pub summary: String,
    /// DTSTAMP: the route's `verified` date at 00:00 UTC; without one, the first start date's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stamp: Option<String>,
    pub events: Vec<StopEvent>,
}

/// Every stop of `route` whose place exists, in schedule order.
pub fn stop_events(site: &Site, route: &Route) -> Vec<StopEvent> {
    let base = site.config.base_url.as_str();
    let route_url = format!("{base}{}", url_of(&route.id));
    let mut events = Vec::new();
    for (d, day) in route.days.iter().enumerate() {
        for (s, stop) in day.stops.iter().enumerate() {
            let (summary, location, geo, url) = match &stop.what {
                StopKind::Visit { place, .. } => {
                    let Some(p) = site.places.get(*place) else {
                        continue;
                    };
                    let location = match &p.address {
                        Some(a) => format!("{}，{a}", p.name),
                        None => p.name.clone(),
                    };
                    let url = format!("{base}{}", url_of(&p.id));
                    (&p.name, Some(location), Some(p.location.value), url)
                }
                StopKind::Activity { what, location, .. } => (
                    what,
                    None,
                    location.as_ref().map(|l| l.value),
                    format!("{route_url}#day-{}", d + 1),
                ),
            };
            let description: Vec<String> = stop
                .activity
                .iter()
                .cloned()
                .chain(stop.learning_minutes.map(|m| format!("学习时长：{m} 分钟")))
                .collect();
            events.push(StopEvent {
                day: d + 1,
                stop: s + 1,
                summary: summary.clone(),
                description: (!description.is_empty()).then(|| description.join("\n")),
                location,
                url,
                geo: geo.map(|p| format!("{:.6};{:.6}", p.lat, p.lon)),
                start: stop.arrive.value.minutes(),
                end: (stop.leave.value > stop.arrive.value).then(|| stop.leave.value.minutes()),
            });
        }
    }
    events
}

/// The calendar data of `route`: its events, and what every event and the header share.
pub fn calendar_data(site: &Site, route: &Route) -> CalendarData {
    CalendarData {
        id: route.id.replace('/', "-"),
        host: host_of(&site.config.base_url).to_string(),
        title: route.title.value.clone(),
        summary: route.summary.clone(),
        stamp: route
            .verified
            .as_ref()
            .map(|v| format!("{}T000000Z", ymd(v.value))),
        events: stop_events(site, route),
    }
}

/// The calendar of `route`: one VEVENT per stop per departure date (day N falls N−1 days after
/// the departure). Departures are taken in date order, each once. UIDs are
/// `<route id with dashes>-<departure YYYYMMDD>-d<day>-s<stop>@<host>`, stable across builds.
/// DTSTAMP is the route's `verified` date at 00:00 UTC, else its first departure's. A route
/// without departures gets a valid calendar with no events.
pub fn route_calendar(site: &Site, route: &Route) -> String {
    let departures: Vec<Date> = route
        .departures
        .iter()
        .map(|d| d.value)
        .collect::<BTreeSet<Date>>()
        .into_iter()
        .collect();
    write_calendar(&calendar_data(site, route), &departures)
}

/// The calendar of `data`'s events for each start date in `starts` (in the order given).
pub fn write_calendar(data: &CalendarData, starts: &[Date]) -> String {
    let stamp = data
        .stamp
        .clone()
        .or_else(|| starts.first().map(|d| format!("{}T000000Z", ymd(*d))));
    let mut ics = Ics::default();
    ics.raw("BEGIN", "VCALENDAR");
    ics.raw("VERSION", "2.0");
    ics.raw("PRODID", "-//yanxue//yanxue//ZH");
    ics.raw("CALSCALE", "GREGORIAN");
    ics.raw("METHOD", "PUBLISH");
    ics.text("X-WR-CALNAME", &data.title);
    ics.text("X-WR-CALDESC", &data.summary);
    ics.raw("X-WR-TIMEZONE", TZID);
    ics.raw("BEGIN", "VTIMEZONE");
    ics.raw("TZID", TZID);
    ics.raw("BEGIN", "STANDARD");
    ics.raw("DTSTART", "19700101T000000");
    ics.raw("TZOFFSETFROM", "+0800");
    ics.raw("TZOFFSETTO", "+0800");
    ics.raw("TZNAME", "CST");
    ics.raw("END", "STANDARD");
    ics.raw("END", "VTIMEZONE");
    if let Some(stamp) = &stamp {
        for &start in starts {
            for event in &data.events {
                write_event(&mut ics, data, start, stamp, event);
            }
        }
    }
    ics.raw("END", "VCALENDAR");
    ics.0
}

/// One VEVENT: `event` on its day of the run that starts on `start`.
fn write_event(ics: &mut Ics, data: &CalendarData, start: Date, stamp: &str, event: &StopEvent) {
    let Ok(offset) = i64::try_from(event.day.saturating_sub(1)) else {
        return;
    };
    let Ok(date) = start.checked_add(offset.days()) else {
        return;
    };
    let Some(begin) = local(date, event.start) else {
        return;
    };
    ics.raw("BEGIN", "VEVENT");
    ics.text(
        "UID",
        &format!(
            "{}-{}-d{}-s{}@{}",
            data.id,
            ymd(start),
            event.day,
            event.stop,
            data.host
        ),
    );
    ics.raw("DTSTAMP", stamp);
    ics.raw(&format!("DTSTART;TZID={TZID}"), &begin);
    if let Some(end) = event.end.and_then(|end| local(date, end)) {
        ics.raw(&format!("DTEND;TZID={TZID}"), &end);
    }
    ics.text("SUMMARY", &event.summary);
    if let Some(location) = &event.location {
        ics.text("LOCATION", location);
    }
    if let Some(geo) = &event.geo {
        ics.raw("GEO", geo);
    }
    if let Some(description) = &event.description {
        ics.text("DESCRIPTION", description);
    }
    ics.raw("URL", &event.url);
    ics.raw("END", "VEVENT");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::geojson::fixture::{route, site};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    /// CRLF everywhere, no line over 75 octets, BEGIN/END balanced, the required properties of
    /// each component present, UIDs unique. Returns the unfolded content lines.
    fn validate(ics: &str) -> Vec<String> {
        assert!(ics.ends_with("\r\n"));
        let bytes = ics.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
            }
            if *b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let lines: Vec<String> = unfold(ics)
            .trim_end_matches("\r\n")
            .split("\r\n")
            .map(str::to_string)
            .collect();
        let required: BTreeMap<&str, &[&str]> = [
            ("VCALENDAR", &["VERSION", "PRODID"][..]),
            ("VTIMEZONE", &["TZID"][..]),
            ("STANDARD", &["DTSTART", "TZOFFSETFROM", "TZOFFSETTO"][..]),
            (
                "VEVENT",
                &["UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL"][..],
            ),
        ]
        .into_iter()
        .collect();
        let mut stack: Vec<(String, Vec<String>)> = Vec::new();
        let mut uids = BTreeSet::new();
        for line in &lines {
            let (name, value) = line.split_once(':').unwrap();
            let name = name.split(';').next().unwrap();
            match name {
                "BEGIN" => stack.push((value.to_string(), Vec::new())),
                "END" => {
                    let (component, props) = stack.pop().unwrap();
                    assert_eq!(component, value);
                    for r in required.get(component.as_str()).copied().unwrap_or(&[]) {
                        assert!(props.iter().any(|p| p == r), "{component} lacks {r}");
                    }
                }
                _ => {
                    if name == "UID" {
                        assert!(uids.insert(value.to_string()), "duplicate UID {value}");
                    }
                    stack.last_mut().unwrap().1.push(name.to_string());
                }
            }
        }
        assert!(stack.is_empty());
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        lines
    }

    #[test]
    fn one_event_per_stop_per_departure() {
        let site = site();
        let ics = route_calendar(&site, route(&site, "routes/beibei-dino"));
        let lines = validate(&ics);
        let count = |p: &str| lines.iter().filter(|l| l.starts_with(p)).count();
        assert_eq!(count("BEGIN:VEVENT"), 10);
        assert_eq!(count("DTSTAMP:20261001T000000Z"), 10);
        assert_eq!(count("GEO:"), 8, "lunch has no location");
        let has = |l: &str| lines.iter().any(|x| x == l);
        // Departures in date order; day 2 is the next day; 24:00 is next midnight.
        assert!(has(
            "UID:routes-beibei-dino-20270413-d1-s1@yanxue.example.org"
        ));
        assert!(has(
            "UID:routes-beibei-dino-20270511-d2-s2@yanxue.example.org"
        ));
        assert!(has("DTSTART;TZID=Asia/Shanghai:20270414T090000"));
        assert!(has("DTEND;TZID=Asia/Shanghai:20270415T000000"));
        assert!(has("X-WR-CALNAME:北碚\"恐龙·蚕丝\"研学\\, 两日\\; 营地"));
        assert!(has("LOCATION:重庆自然博物馆，重庆市北碚区金华路398号"));
        assert!(has("GEO:29.824000;106.415000"));
        assert!(has("URL:https://yanxue.example.org/bases/museum/"));
        assert!(has(
            "URL:https://yanxue.example.org/routes/beibei-dino/#day-1"
        ));
        assert!(has("DESCRIPTION:观察家蚕生命周期\\n学习时长：60 分钟"));
        let first = lines.iter().position(|l| l.starts_with("UID:")).unwrap();
        assert_eq!(
            lines[first],
            "UID:routes-beibei-dino-20270413-d1-s1@yanxue.example.org"
        );
        // The long activity line was folded.
        assert!(ics.contains("\r\n "));
        insta::assert_snapshot!(ics.replace("\r\n", "\n"));
    }

    #[test]
    fn stamp_falls_back_to_the_first_departure() {
        let mut site = site();
        let r = site
            .routes
            .iter_mut()
            .find(|r| r.id == "routes/beibei-dino")
            .unwrap();
        r.verified = None;
        let r = route(&site, "routes/beibei-dino");
        let ics = route_calendar(&site, r);
        assert!(ics.contains("\r\nDTSTAMP:20270413T000000Z\r\n"));
        assert_eq!(ics, route_calendar(&site, r), "deterministic");
    }

    #[test]
    fn no_departures_no_events() {
        let site = site();
        let ics = route_calendar(&site, route(&site, "routes/yuzhong"));
        let lines = validate(&ics);
        assert!(!lines.iter().any(|l| l == "BEGIN:VEVENT"));
        assert!(lines.iter().any(|l| l == "BEGIN:VTIMEZONE"));
        assert!(lines.iter().any(|l| l == "X-WR-CALNAME:渝中两江城市科学"));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\nf\rg"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("x\u{7}y\tz"), "xy\tz");
    }

    /// The escaping and folding vectors that the browser's calendar.js is checked against too
    /// (tests/e2e/browser.rs): one set of cases for both writers.
    #[test]
    fn shared_escape_vectors() {
        #[derive(serde::Deserialize)]
        struct Vector {
            name: String,
            property: String,
            value: String,
            escaped: String,
            line: String,
        }
        #[derive(serde::Deserialize)]
        struct Vectors {
            vectors: Vec<Vector>,
        }
        let file: Vectors =
            serde_json::from_str(include_str!("../../tests/fixtures/ics-escape-vectors.json"))
                .unwrap();
        assert!(file.vectors.len() >= 15);
        for v in &file.vectors {
            assert_eq!(escape_text(&v.value), v.escaped, "{}", v.name);
            let mut ics = Ics::default();
            ics.text(&v.property, &v.value);
            assert_eq!(ics.0, v.line, "{}", v.name);
        }
        let has = |name: &str| file.vectors.iter().any(|v| v.value.contains(name));
        assert!(has("\r\n") && has("\n") && has("😀") && has(";") && has(",") && has("\\"));
        assert!(
            file.vectors
                .iter()
                .any(|v| v.value.contains('\r') && !v.value.contains("\r\n")),
            "a lone CR"
        );
    }

    /// Whole calendars from event data, which calendar.js is checked against too
    /// (tests/e2e/browser.rs): the route page's download and the site's .ics files are written
    /// alike.
    #[test]
    fn shared_event_vectors() {
        #[derive(serde::Deserialize)]
        struct Vector {
            name: String,
            start: Date,
            data: CalendarData,
            ics: String,
        }
        #[derive(serde::Deserialize)]
        struct Vectors {
            vectors: Vec<Vector>,
        }
        let file: Vectors = serde_json::from_str(include_str!(
            "../../tests/fixtures/calendar-event-vectors.json"
        ))
        .unwrap();
        assert!(file.vectors.len() >= 7);
        for v in &file.vectors {
            assert_eq!(write_calendar(&v.data, &[v.start]), v.ics, "{}", v.name);
            validate(&v.ics);
        }
        let events = || file.vectors.iter().flat_map(|v| &v.data.events);
        assert!(events().any(|e| e.start == 24 * 60 || e.end == Some(24 * 60)));
        assert!(events().any(|e| e.end.is_none()));
        assert!(events().any(|e| e.url.contains("#day-")));
        assert!(file.vectors.iter().any(|v| v.data.stamp.is_none()));
    }

    #[test]
    fn stop_events_word_each_stop_once() {
        let site = site();
        let events = stop_events(&site, route(&site, "routes/beibei-dino"));
        let numbers: Vec<(usize, usize)> = events.iter().map(|e| (e.day, e.stop)).collect();
        assert_eq!(numbers, [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]);
        let lab = &events[2];
        assert_eq!(
            lab.description.as_deref(),
            Some("观察家蚕生命周期\n学习时长：60 分钟")
        );
        assert_eq!(lab.url, "https://yanxue.example.org/bases/lab/");
        let lunch = &events[1];
        assert_eq!(lunch.summary, "午餐");
        assert_eq!(
            lunch.url,
            "https://yanxue.example.org/routes/beibei-dino/#day-1"
        );
        assert_eq!((lunch.location.as_ref(), lunch.geo.as_ref()), (None, None));
        assert_eq!(events[3].geo.as_deref(), Some("29.841000;106.391000"));
        // 24:00 is kept as 1440 minutes; the writer makes it the next midnight.
        assert_eq!((events[4].start, events[4].end), (9 * 60, Some(24 * 60)));
    }

    #[test]
    fn a_stop_whose_place_is_missing_is_no_event() {
        let mut site = site();
        // The reserve is the last place: day 2's second stop now names no place.
        site.places.retain(|p| p.id != "spots/reserve");
        let events = stop_events(&site, route(&site, "routes/beibei-dino"));
        let numbers: Vec<(usize, usize)> = events.iter().map(|e| (e.day, e.stop)).collect();
        assert_eq!(numbers, [(1, 1), (1, 2), (1, 3), (2, 1)]);
    }

    #[test]
    fn the_page_data_is_what_the_ics_is_written_from() {
        let site = site();
        let r = route(&site, "routes/beibei-dino");
        let data = calendar_data(&site, r);
        let json = serde_json::to_string(&data).unwrap();
        let back: CalendarData = serde_json::from_str(&json).unwrap();
        assert_eq!(back, data);
        let dates = [Date::constant(2027, 4, 13), Date::constant(2027, 5, 11)];
        assert_eq!(write_calendar(&back, &dates), route_calendar(&site, r));
    }

    #[test]
    fn folding_boundaries() {
        let mut out = String::new();
        fold(&"a".repeat(75), &mut out);
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
        out.clear();
        fold(&"a".repeat(76), &mut out);
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));
        out.clear();
        // 25 three-octet characters fill 75 octets exactly; the 26th starts a new line.
        fold(&"中".repeat(26), &mut out);
        assert_eq!(out, format!("{}\r\n {}\r\n", "中".repeat(25), "中"));
    }

    proptest! {
        #[test]
        fn folded_lines_fit_and_unfold_to_the_original(
            s in "[a-z中文é😀 ,;\\\\]{0,200}|\\PC{0,120}"
        ) {
            let mut out = String::new();
            fold(&s, &mut out);
            prop_assert!(out.ends_with("\r\n"));
            let body = &out.as_bytes()[..out.len() - 2];
            for (i, line) in body.split(|b| *b == b'\n').enumerate() {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                prop_assert!(line.len() <= 75);
                prop_assert!(std::str::from_utf8(line).is_ok());
                if i > 0 {
                    prop_assert_eq!(line.first(), Some(&b' '));
                }
            }
            prop_assert_eq!(unfold(&out[..out.len() - 2]), s);
        }
    }
}

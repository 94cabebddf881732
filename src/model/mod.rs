//! The typed site: places (bases and spots), routes with their days and stops, free pages, with
//! every value parsed (times, weekdays, dates, audiences, WGS-84 coordinates) and every reference
//! between documents resolved to an index. Building it reports each bad value at its own line and
//! keeps going; what could not be understood is left out, so later checks never see half values.

pub mod audience;
pub mod geo;
pub mod time;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Pos, codes};
use crate::load::raw::{self, RawLocation};
use crate::load::{DocKind, Document, Front, Section};
use crate::yaml::Located;

pub use crate::load::raw::{
    RawAccess as Access, RawContact as Contact, RawCost as Cost, RawGroup as Group,
    RawPrice as Price, RawReservation as Reservation, RawStaff as Staff, RawWorksheet as Worksheet,
};
pub use audience::Audience;
pub use geo::{Datum, GeoPoint};
pub use time::{TimeOfDay, WeekdaySet};

/// The whole site, ready to validate and render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub home: Option<TextPage>,
    pub intros: BTreeMap<Section, TextPage>,
    /// Sorted by id.
    pub places: Vec<Place>,
    /// Sorted by id.
    pub routes: Vec<Route>,
    /// Free pages, sorted by id.
    pub pages: Vec<TextPage>,
}

impl Site {
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.places[i])
    }
}

/// Markdown text and where it starts in its file.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub markdown: String,
    /// A hash of the whole file (front matter and body): any edit of the file changes it, so
    /// it stands for "this document" when a live rebuild decides what to re-render.
    pub source_hash: u64,
    /// The file line the body starts on (1-based; it always starts at column 1).
    pub line: usize,
}

impl Body {
    /// The file position of byte `offset` of the body.
    pub fn pos_of(&self, offset: usize) -> Pos {
        let p = Pos::of_offset(&self.markdown, offset);
        Pos::new(p.line + self.line.max(1) - 1, p.column)
    }
}

/// The home page text, a section intro or a free page.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub id: String,
    pub file: PathBuf,
    pub title: Option<String>,
    pub description: Option<String>,
    pub extra: serde_json::Value,
    pub body: Body,
    pub assets: Vec<(PathBuf, PathBuf)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Base,
    Spot,
}

/// LB/T 054 resource categories.
pub const CATEGORIES: [&str; 5] = [
    "知识科普型",
    "自然观赏型",
    "体验考察型",
    "励志拓展型",
    "文化康乐型",
];
/// Geographic scopes of the 2016 guideline.
pub const SCOPES: [&str; 3] = ["乡土乡情", "县情市情", "省情国情"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    ByArrangement,
    Closed,
    UnderConstruction,
}

impl Status {
    const NAMES: [(&str, Status); 4] = [
        ("open", Status::Open),
        ("by_arrangement", Status::ByArrangement),
        ("closed", Status::Closed),
        ("under_construction", Status::UnderConstruction),
    ];

    pub fn name(self) -> &'static str {
        Status::NAMES
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("open", |(n, _)| n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    Cave,
    Water,
    Height,
    Steps,
    Enclosed,
    Heat,
}

impl Risk {
    pub const NAMES: [(&str, Risk); 6] = [
        ("cave", Risk::Cave),
        ("water", Risk::Water),
        ("height", Risk::Height),
        ("steps", Risk::Steps),
        ("enclosed", Risk::Enclosed),
        ("heat", Risk::Heat),
    ];
}

/// How a stop is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Coach,
    Walk,
    Rail,
    Metro,
    Boat,
    Cableway,
}

impl Mode {
    pub const NAMES: [(&str, Mode); 6] = [
        ("coach", Mode::Coach),
        ("walk", Mode::Walk),
        ("rail", Mode::Rail),
        ("metro", Mode::Metro),
        ("boat", Mode::Boat),
        ("cableway", Mode::Cableway),
    ];

    pub fn speed_kmh(self, speeds: &crate::config::Speeds) -> f64 {
        match self {
            Mode::Coach => speeds.coach,
            Mode::Walk => speeds.walk,
            Mode::Rail => speeds.rail,
            Mode::Metro => speeds.metro,
            Mode::Boat => speeds.boat,
            Mode::Cableway => speeds.cableway,
        }
    }
}

/// One `hours` entry: open `days` from `open` to `close`.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningHours {
    pub days: WeekdaySet,
    pub open: TimeOfDay,
    pub close: TimeOfDay,
    pub last_entry: Option<TimeOfDay>,
    pub pos: Pos,
}

/// A dated closure, both ends inclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub from: Date,
    pub to: Date,
    pub reason: Option<String>,
    pub pos: Pos,
}

/// A 科普教育基地 or a 景区.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub kind: PlaceKind,
    pub file: PathBuf,
    pub name: String,
    pub name_en: Option<String>,
    pub district: Located<String>,
    pub zone: Option<String>,
    pub address: Option<String>,
    /// WGS-84.
    pub location: Located<GeoPoint>,
    pub category: Option<&'static str>,
    pub designations: Vec<String>,
    pub subjects: Vec<String>,
    pub audience: Vec<Audience>,
    /// Empty: always open.
    pub hours: Vec<OpeningHours>,
    pub open_on_holidays: bool,
    pub closures: Vec<Closure>,
    pub status: Status,
    pub reservation: Option<Located<Reservation>>,
    pub price: Option<Price>,
    pub visit_minutes: Option<u32>,
    pub access: Option<Access>,
    pub risks: Located<Vec<Risk>>,
    pub risk_note: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub verified: Option<Located<Date>>,
    pub sources: Vec<String>,
    pub body: Body,
    pub assets: Vec<(PathBuf, PathBuf)>,
}

impl Place {
    /// Weekdays on which no `hours` entry opens the place.
    pub fn weekly_closed_days(&self) -> WeekdaySet {
        if self.hours.is_empty() {
            return WeekdaySet::default();
        }
        self.hours
            .iter()
            .fold(WeekdaySet::default(), |acc, h| acc.union(h.days))
            .complement()
    }

    /// The hours entries that apply on a weekday (several for a split opening).
    pub fn hours_on(&self, day: jiff::civil::Weekday) -> impl Iterator<Item = &OpeningHours> {
        self.hours.iter().filter(move |h| h.days.contains(day))
    }
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub name: String,
    pub location: Option<Located<GeoPoint>>,
    pub time: Option<Located<TimeOfDay>>,
    pub pos: Pos,
}

/// A 研学线路.
#[derive(Debug, Clone)]
pub struct Route {
    pub id: String,
    pub file: PathBuf,
    pub title: Located<String>,
    pub title_en: Option<String>,
    pub summary: String,
    pub audience: Vec<Located<Audience>>,
    pub category: Option<&'static str>,
    pub subjects: Vec<String>,
    pub scope: Option<&'static str>,
    /// None: the route may run any day.
    pub runs_on: Option<Located<WeekdaySet>>,
    pub months: Vec<Located<u8>>,
    pub departures: Vec<Located<Date>>,
    pub group: Option<Located<Group>>,
    pub staff: Option<Located<Staff>>,
    pub cost: Option<Cost>,
    pub meeting: Option<Meeting>,
    pub insurance: Vec<String>,
    pub contacts: Vec<Contact>,
    pub objectives: Vec<String>,
    pub safety: Option<String>,
    pub guardianship: Option<String>,
    pub bring: Vec<String>,
    pub worksheet: Option<Worksheet>,
    pub rainy_day: Option<String>,
    pub lodging: Option<String>,
    pub lodging_location: Option<Located<GeoPoint>>,
    pub days: Vec<Day>,
    pub days_pos: Pos,
    /// False when a stop had to be left out (its error is reported): sums and gaps over the
    /// day would then be wrong, so checks that need the whole day skip it.
    pub complete: bool,
    pub verified: Option<Located<Date>>,
    pub body: Body,
    pub assets: Vec<(PathBuf, PathBuf)>,
}

impl Route {
    /// A school route is one whose audience names any grade.
    pub fn is_school(&self) -> bool {
        self.audience.iter().any(|a| a.value.is_school())
    }

    /// The places the route visits (indexes into `site.places`), in stop order, repeats kept.
    pub fn visited_places(&self) -> impl Iterator<Item = usize> + '_ {
        self.days
            .iter()
            .flat_map(|d| &d.stops)
            .filter_map(|s| match s.what {
                StopKind::Visit { place, .. } => Some(place),
                StopKind::Activity { .. } => None,
            })
    }
}

#[derive(Debug, Clone)]
pub struct Day {
    pub title: Option<String>,
    pub stops: Vec<Stop>,
}

#[derive(Debug, Clone)]
pub struct Stop {
    pub pos: Pos,
    pub what: StopKind,
    pub arrive: Located<TimeOfDay>,
    pub leave: Located<TimeOfDay>,
    pub activity: Option<String>,
    pub learning_minutes: Option<u32>,
}

#[derive(Debug, Clone)]
pub enum StopKind {
    /// A visit to `site.places[place]`.
    Visit {
        place: usize,
        at_pos: Pos,
        by: Option<Located<Mode>>,
        travel_minutes: Option<u32>,
    },
    /// A `do:` stop (lunch, rest), located or not.
    Activity {
        what: String,
        location: Option<Located<GeoPoint>>,
        by: Option<Located<Mode>>,
        travel_minutes: Option<u32>,
    },
}

/// Builds the typed site from the loaded documents.
pub fn build_site(config: SiteConfig, documents: Vec<Document>) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut site = Site {
        config,
        home: None,
        intros: BTreeMap::new(),
        places: Vec::new(),
        routes: Vec::new(),
        pages: Vec::new(),
    };
    // Every id, including those of files that failed to parse: a reference to them is not an
    // "unknown place" (the file's own error says what is wrong).
    let known: BTreeMap<String, DocKind> =
        documents.iter().map(|d| (d.id.clone(), d.kind)).collect();
    let mut raw_routes = Vec::new();
    for doc in documents {
        let body = Body {
            markdown: doc.body,
            source_hash: doc.source_hash,
            line: doc.body_line,
        };
        match (doc.kind, doc.front) {
            (_, Front::Broken) => {}
            (DocKind::Entry(section), Front::Place(raw)) => {
                let kind = if section == Section::Bases {
                    PlaceKind::Base
                } else {
                    PlaceKind::Spot
                };
                let mut p = Parser {
                    file: &doc.file,
                    diags: &mut diags,
                };
                if let Some(place) = p.place(doc.id, kind, *raw, body, doc.assets) {
                    site.places.push(place);
                }
            }
            (DocKind::Entry(_), Front::Route(raw)) => {
                raw_routes.push((doc.id, doc.file, raw, body, doc.assets))
            }
            (kind, Front::Text(raw)) => {
                let page = TextPage {
                    id: doc.id,
                    file: doc.file,
                    title: raw.title,
                    description: raw.description,
                    extra: raw.extra.unwrap_or(serde_json::Value::Null),
                    body,
                    assets: doc.assets,
                };
                if page.title.is_none() && kind == DocKind::Entry(Section::Pages) {
                    diags.push(
                        Diagnostic::new(
                            codes::MISSING_FIELD,
                            &page.file,
                            Pos::START,
                            "missing required field `title`",
                        )
                        .with_help("add `title:` to the front matter"),
                    );
                }
                match kind {
                    DocKind::Home => site.home = Some(page),
                    DocKind::SectionIntro(s) => {
                        site.intros.insert(s, page);
                    }
                    DocKind::Entry(_) => site.pages.push(page),
                }
            }
            (_, Front::Place(_) | Front::Route(_)) => {}
        }
    }
    site.places.sort_by(|a, b| a.id.cmp(&b.id));
    for (id, file, raw, body, assets) in raw_routes {
        let mut p = Parser {
            file: &file,
            diags: &mut diags,
        };
        if let Some(route) = p.route(id, *raw, body, assets, &site.places, &known) {
            site.routes.push(route);
        }
    }
    site.routes.sort_by(|a, b| a.id.cmp(&b.id));
    site.pages.sort_by(|a, b| a.id.cmp(&b.id));
    (site, diags)
}

/// Taxonomy terms as the model keeps them: in NFC, so that one term typed two ways is one
/// term. Loaded text is NFC already; this covers YAML escapes (`"cafe\u0301"`), decoded later.
fn terms(raw: Vec<Located<String>>) -> Vec<String> {
    raw.into_iter()
        .map(|t| crate::slug::into_nfc(t.value))
        .collect()
}

/// Turns one file's raw values into typed ones, recording each problem.
struct Parser<'a> {
    file: &'a Path,
    diags: &'a mut Vec<Diagnostic>,
}

impl Parser<'_> {
    fn error(&mut self, code: codes::Code, pos: Pos, message: String, help: Option<String>) {
        let mut d = Diagnostic::new(code, self.file, pos, message);
        d.help = help;
        self.diags.push(d);
    }

    fn time(&mut self, raw: &Located<String>) -> Option<Located<TimeOfDay>> {
        match TimeOfDay::parse(raw.value.trim()) {
            Ok(t) => Some(Located::new(t, raw.pos)),
            Err(message) => {
                let help = "quote it and use 24-hour HH:MM, e.g. \"09:30\"".to_string();
                self.error(codes::BAD_TIME, raw.pos, message, Some(help));
                None
            }
        }
    }

    fn date(&mut self, raw: &Located<String>) -> Option<Located<Date>> {
        match raw.value.trim().parse::<Date>() {
            Ok(d) => Some(Located::new(d, raw.pos)),
            Err(_) => {
                let message = format!("`{}` is not a date", raw.value);
                self.error(
                    codes::BAD_DATE,
                    raw.pos,
                    message,
                    Some("write dates as YYYY-MM-DD, e.g. 2027-04-15".into()),
                );
                None
            }
        }
    }

    fn weekdays(&mut self, raw: &Located<String>) -> Option<WeekdaySet> {
        match WeekdaySet::parse(raw.value.trim()) {
            Ok(set) => Some(set),
            Err((message, help)) => {
                self.error(codes::BAD_WEEKDAYS, raw.pos, message, help);
                None
            }
        }
    }

    fn audiences(&mut self, raw: &[Located<String>]) -> Vec<Located<Audience>> {
        raw.iter()
            .filter_map(|a| match Audience::parse(a.value.trim()) {
                Ok(aud) => Some(Located::new(aud, a.pos)),
                Err((message, help)) => {
                    self.error(codes::BAD_AUDIENCE, a.pos, message, Some(help));
                    None
                }
            })
            .collect()
    }

    /// One of a fixed set of names, with a did-you-mean when it isn't.
    fn choice<T: Copy>(
        &mut self,
        raw: &Located<String>,
        what: &str,
        names: &[(&'static str, T)],
    ) -> Option<T> {
        let text = raw.value.trim();
        if let Some((_, v)) = names.iter().find(|(n, _)| *n == text) {
            return Some(*v);
        }
        let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let help = crate::diag::did_you_mean(text, all.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| format!("one of: {}", all.join(", ")));
        self.error(
            codes::NOT_AN_ALLOWED_NAME,
            raw.pos,
            format!("`{text}` is not a valid {what}"),
            Some(help),
        );
        None
    }

    fn named(
        &mut self,
        raw: &Located<String>,
        what: &str,
        names: &'static [&'static str],
    ) -> Option<&'static str> {
        let pairs: Vec<(&'static str, &'static str)> = names.iter().map(|n| (*n, *n)).collect();
        self.choice(raw, what, &pairs)
    }

    fn location(&mut self, raw: &Located<RawLocation>) -> Option<Located<GeoPoint>> {
        let loc = &raw.value;
        let datum = match &loc.datum {
            None => Datum::Wgs84,
            Some(d) => {
                let names: Vec<(&'static str, Datum)> = Datum::NAMES
                    .iter()
                    .filter_map(|n| Datum::parse(n).map(|v| (*n, v)))
                    .collect();
                self.choice(d, "datum (wgs84 | gcj02 | bd09)", &names)?
            }
        };
        let (lat, lon) = (loc.lat.value, loc.lon.value);
        if !(-90.0..=90.0).contains(&lat) {
            self.error(
                codes::COORDINATES_OUT_OF_RANGE,
                loc.lat.pos,
                format!("latitude {lat} is out of range"),
                Some("latitude is −90…90; did you swap lat and lon?".into()),
            );
            return None;
        }
        if !(-180.0..=180.0).contains(&lon) {
            self.error(
                codes::COORDINATES_OUT_OF_RANGE,
                loc.lon.pos,
                format!("longitude {lon} is out of range"),
                Some("longitude is −180…180".into()),
            );
            return None;
        }
        Some(Located::new(
            geo::to_wgs84(GeoPoint { lat, lon }, datum),
            raw.pos,
        ))
    }

    fn place(
        &mut self,
        id: String,
        kind: PlaceKind,
        raw: raw::RawPlace,
        body: Body,
        assets: Vec<(PathBuf, PathBuf)>,
    ) -> Option<Place> {
        let location = self.location(&raw.location);
        let category = raw
            .category
            .as_ref()
            .and_then(|c| self.named(c, "category", &CATEGORIES));
        let audience = self
            .audiences(&raw.audience)
            .into_iter()
            .map(|a| a.value)
            .collect();
        let mut hours = Vec::new();
        for h in &raw.hours {
            let (days, open, close) = (
                self.weekdays(&h.days),
                self.time(&h.open),
                self.time(&h.close),
            );
            // `None` when absent, `Some(None)` when present but invalid.
            let last_entry = h.last_entry.as_ref().map(|t| self.time(t).map(|t| t.value));
            if let (Some(days), Some(open), Some(close), Some(last_entry)) = (
                days,
                open,
                close,
                last_entry.map_or(Some(None), |t| t.map(Some)),
            ) {
                hours.push(OpeningHours {
                    days,
                    open: open.value,
                    close: close.value,
                    last_entry,
                    pos: h.days.pos,
                });
            }
        }
        let mut closures = Vec::new();
        for c in &raw.closures {
            if let (Some(from), Some(to)) = (self.date(&c.from), self.date(&c.to)) {
                closures.push(Closure {
                    from: from.value,
                    to: to.value,
                    reason: c.reason.clone(),
                    pos: c.from.pos,
                });
            }
        }
        let status = match &raw.status {
            Some(s) => self.choice(s, "status", &Status::NAMES)?,
            None => Status::Open,
        };
        let risks_pos = raw.risks.first().map_or(raw.name.pos, |r| r.pos);
        let risks = raw
            .risks
            .iter()
            .filter_map(|r| self.choice(r, "risk", &Risk::NAMES))
            .collect();
        let verified = raw.verified.as_ref().and_then(|v| self.date(v));
        Some(Place {
            id,
            kind,
            file: self.file.to_path_buf(),
            name: raw.name.value,
            name_en: raw.name_en,
            // Terms again in NFC: a YAML escape (`\u0301`) is decoded after loading.
            district: Located::new(crate::slug::into_nfc(raw.district.value), raw.district.pos),
            zone: raw.zone,
            address: raw.address,
            location: location?,
            category,
            designations: raw.designations,
            subjects: terms(raw.subjects),
            audience,
            hours,
            open_on_holidays: raw.open_on_holidays,
            closures,
            status,
            reservation: raw.reservation,
            price: raw.price,
            visit_minutes: raw.visit_minutes,
            access: raw.access,
            risks: Located::new(risks, risks_pos),
            risk_note: raw.risk_note,
            phone: raw.phone,
            website: raw.website,
            verified,
            sources: raw.sources,
            body,
            assets,
        })
    }

    fn route(
        &mut self,
        id: String,
        raw: raw::RawRoute,
        body: Body,
        assets: Vec<(PathBuf, PathBuf)>,
        places: &[Place],
        known: &BTreeMap<String, DocKind>,
    ) -> Option<Route> {
        let audience = self.audiences(&raw.audience);
        if raw.audience.is_empty() {
            self.error(
                codes::MISSING_FIELD,
                raw.title.pos,
                "`audience` is empty".into(),
                Some("name who the route is for, e.g. `audience: [小学4-6]`".into()),
            );
        }
        let category = raw
            .category
            .as_ref()
            .and_then(|c| self.named(c, "category", &CATEGORIES));
        let scope = raw
            .scope
            .as_ref()
            .and_then(|c| self.named(c, "scope", &SCOPES));
        let runs_on = raw.runs_on.as_ref().map(|list| {
            let set = list
                .value
                .iter()
                .filter_map(|d| self.weekdays(d))
                .fold(WeekdaySet::default(), WeekdaySet::union);
            Located::new(set, list.pos)
        });
        for m in &raw.months {
            if !(1..=12).contains(&m.value) {
                self.error(
                    codes::WRONG_VALUE,
                    m.pos,
                    format!("month {} is not 1–12", m.value),
                    None,
                );
            }
        }
        let departures = raw.departures.iter().filter_map(|d| self.date(d)).collect();
        let meeting = raw.meeting.as_ref().map(|m| Meeting {
            name: m.value.name.clone(),
            location: m.value.location.as_ref().and_then(|l| self.location(l)),
            time: m.value.time.as_ref().and_then(|t| self.time(t)),
            pos: m.pos,
        });
        let lodging_location = raw.lodging_location.as_ref().and_then(|l| self.location(l));
        if raw.days.value.is_empty() {
            self.error(
                codes::NO_STOPS,
                raw.days.pos,
                "the route has no days".into(),
                Some("add at least one day with `stops:`".into()),
            );
        }
        let mut days = Vec::new();
        let mut complete = true;
        for day in &raw.days.value {
            if day.stops.is_empty() {
                self.error(
                    codes::NO_STOPS,
                    raw.days.pos,
                    "a day has no stops".into(),
                    None,
                );
            }
            let stops: Vec<Stop> = day
                .stops
                .iter()
                .filter_map(|s| self.stop(s, places, known))
                .collect();
            complete &= stops.len() == day.stops.len();
            days.push(Day {
                title: day.title.clone(),
                stops,
            });
        }
        let verified = raw.verified.as_ref().and_then(|v| self.date(v));
        Some(Route {
            id,
            file: self.file.to_path_buf(),
            title: raw.title,
            title_en: raw.title_en,
            summary: raw.summary,
            audience,
            category,
            subjects: terms(raw.subjects),
            scope,
            runs_on,
            months: raw.months,
            departures,
            group: raw.group,
            staff: raw.staff,
            cost: raw.cost,
            meeting,
            insurance: raw.insurance,
            contacts: raw.contacts,
            objectives: raw.objectives,
            safety: raw.safety,
            guardianship: raw.guardianship,
            bring: raw.bring,
            worksheet: raw.worksheet,
            rainy_day: raw.rainy_day,
            lodging: raw.lodging,
            lodging_location,
            days,
            days_pos: raw.days.pos,
            complete,
            verified,
            body,
            assets,
        })
    }

    fn stop(
        &mut self,
        raw: &Located<raw::RawStop>,
        places: &[Place],
        known: &BTreeMap<String, DocKind>,
    ) -> Option<Stop> {
        let s = &raw.value;
        let arrive = self.time(&s.arrive);
        let leave = self.time(&s.leave);
        let by = s.by.as_ref().and_then(|b| {
            self.choice(b, "transport mode", &Mode::NAMES)
                .map(|m| Located::new(m, b.pos))
        });
        let what = match (&s.at, &s.doing) {
            (Some(at), None) => {
                let target = at
                    .value
                    .trim()
                    .trim_end_matches(".md")
                    .trim_end_matches("/index");
                match places.binary_search_by(|p| p.id.as_str().cmp(target)) {
                    Ok(place) => {
                        if s.location.is_some() {
                            self.error(
                                codes::STOP_PLACE_OR_ACTIVITY,
                                raw.pos,
                                "`location` is for `do:` stops; a place stop uses the place's own"
                                    .into(),
                                Some("remove `location` from this stop".into()),
                            );
                        }
                        StopKind::Visit {
                            place,
                            at_pos: at.pos,
                            by,
                            travel_minutes: s.travel_minutes,
                        }
                    }
                    // A place whose file failed to parse: its own error says why.
                    Err(_)
                        if matches!(
                            known.get(target),
                            Some(DocKind::Entry(Section::Bases | Section::Spots))
                        ) =>
                    {
                        return None;
                    }
                    Err(_) => {
                        let (message, help) = match known.get(target) {
                            Some(_) => (
                                format!("`{target}` is not a base or a spot"),
                                "`at:` names a place under bases/ or spots/".to_string(),
                            ),
                            None => {
                                let ids = places.iter().map(|p| p.id.as_str());
                                let help = crate::diag::did_you_mean(target, ids)
                                    .map(|s| format!("did you mean `{s}`?"))
                                    .unwrap_or_else(|| {
                                        "`at:` takes a place id like `bases/cq-science-museum`"
                                            .to_string()
                                    });
                                (format!("unknown place `{target}`"), help)
                            }
                        };
                        self.error(codes::UNKNOWN_PLACE, at.pos, message, Some(help));
                        return None;
                    }
                }
            }
            (None, Some(what)) => StopKind::Activity {
                what: what.clone(),
                location: s.location.as_ref().and_then(|l| self.location(l)),
                by,
                travel_minutes: s.travel_minutes,
            },
            (Some(_), Some(_)) | (None, None) => {
                self.error(
                    codes::STOP_PLACE_OR_ACTIVITY,
                    raw.pos,
                    "a stop needs exactly one of `at:` (a place) or `do:` (an activity)".into(),
                    None,
                );
                return None;
            }
        };
        Some(Stop {
            pos: raw.pos,
            what,
            arrive: arrive?,
            leave: leave?,
            activity: s.activity.clone(),
            learning_minutes: s.learning_minutes,
        })
    }
}

/// The way to one stop from the previous located point of its day.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    pub mode: Mode,
    /// Straight-line distance.
    pub straight_km: f64,
    /// Road distance estimate: straight line × the detour factor.
    pub road_km: f64,
    /// `travel_minutes` when given, else road distance ÷ the mode's speed.
    pub minutes: u32,
    /// Minutes between leaving the previous point and arriving here, not counting unlocated `do:`
    /// stops in between; None when the start time is unknown (a later day from the lodging).
    pub gap: Option<i64>,
}

impl Route {
    /// The leg before each stop, day by day (same shape as `days[d].stops`). Legs run between
    /// located stops: from the meeting point on day 1, from `lodging_location` on later days;
    /// a `do:` stop without a location is transparent and its time is taken out of the gap.
    pub fn legs(&self, places: &[Place], rules: &crate::config::Rules) -> Vec<Vec<Option<Leg>>> {
        self.days
            .iter()
            .enumerate()
            .map(|(d, day)| {
                let mut prev: Option<(GeoPoint, Option<TimeOfDay>)> = if d == 0 {
                    self.meeting.as_ref().and_then(|m| {
                        Some((m.location.as_ref()?.value, m.time.as_ref().map(|t| t.value)))
                    })
                } else {
                    self.lodging_location.as_ref().map(|l| (l.value, None))
                };
                let mut skipped = 0i64;
                day.stops
                    .iter()
                    .map(|stop| {
                        let (point, by, travel) = match &stop.what {
                            StopKind::Visit {
                                place,
                                by,
                                travel_minutes,
                                ..
                            } => (
                                places.get(*place).map(|p| p.location.value),
                                by,
                                travel_minutes,
                            ),
                            StopKind::Activity {
                                location,
                                by,
                                travel_minutes,
                                ..
                            } => (location.as_ref().map(|l| l.value), by, travel_minutes),
                        };
                        let Some(point) = point else {
                            skipped += i64::from(stop.leave.value.minutes())
                                - i64::from(stop.arrive.value.minutes());
                            return None;
                        };
                        let leg = prev.map(|(from, left)| {
                            let mode = by.as_ref().map_or(Mode::Coach, |b| b.value);
                            let straight_km = geo::distance_km(from, point);
                            let road_km = straight_km * rules.detour_factor;
                            let estimate =
                                (road_km / mode.speed_kmh(&rules.speed_kmh) * 60.0).ceil();
                            Leg {
                                mode,
                                straight_km,
                                road_km,
                                minutes: travel
                                    .unwrap_or(estimate.clamp(0.0, f64::from(u32::MAX)) as u32),
                                gap: left.map(|t| {
                                    i64::from(stop.arrive.value.minutes())
                                        - i64::from(t.minutes())
                                        - skipped
                                }),
                            }
                        });
                        prev = Some((point, Some(stop.leave.value)));
                        skipped = 0;
                        leg
                    })
                    .collect()
            })
            .collect()
    }
}

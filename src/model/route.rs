//! Routes, the 研学线路: their typed values (audience, schedule, group, meeting point, days of
//! stops) and the steps that turn one route file's raw front matter into a `Route`, resolving
//! each stop's `at:` to a place index.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use super::parse::{Parser, terms};
use super::place::{CATEGORIES, Place};
use super::{
    Audience, Body, Contact, Cost, GeoPoint, Group, Staff, TimeOfDay, WeekdaySet, Worksheet,
};
use crate::diag::{Pos, codes};
use crate::load::raw;
use crate::load::{DocKind, Section};
use crate::yaml::Located;

/// Geographic scopes of the 2016 guideline 《关于推进中小学生研学旅行的意见》.
pub const SCOPES: [&str; 3] = ["乡土乡情", "县情市情", "省情国情"];

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

impl Parser<'_> {
    pub(super) fn route(
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
        let runs_on = raw.runs_on.as_ref().map(|list| self.runs_on(list));
        self.check_months(&raw.months);
        let departures = raw.departures.iter().filter_map(|d| self.date(d)).collect();
        let meeting = raw.meeting.as_ref().map(|m| self.meeting(m));
        let lodging_location = raw.lodging_location.as_ref().and_then(|l| self.location(l));
        let (days, complete) = self.days(&raw.days, places, known);
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
                let place = self.resolve_place(at, places, known)?;
                if s.location.is_some() {
                    self.error(
                        codes::STOP_PLACE_OR_ACTIVITY,
                        raw.pos,
                        "`location` is for `do:` stops; a place stop uses the place's own".into(),
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

    /// The weekdays a route runs on: the union of every `runs_on` entry that parses.
    fn runs_on(&mut self, list: &Located<Vec<Located<String>>>) -> Located<WeekdaySet> {
        let set = list
            .value
            .iter()
            .filter_map(|d| self.weekdays(d))
            .fold(WeekdaySet::default(), WeekdaySet::union);
        Located::new(set, list.pos)
    }

    /// Reports each `months` entry that is not a month; the list itself is kept as written.
    fn check_months(&mut self, months: &[Located<u8>]) {
        for m in months {
            if !(1..=12).contains(&m.value) {
                self.error(
                    codes::WRONG_VALUE,
                    m.pos,
                    format!("month {} is not 1–12", m.value),
                    None,
                );
            }
        }
    }

    fn meeting(&mut self, m: &Located<raw::RawMeeting>) -> Meeting {
        Meeting {
            name: m.value.name.clone(),
            location: m.value.location.as_ref().and_then(|l| self.location(l)),
            time: m.value.time.as_ref().and_then(|t| self.time(t)),
            pos: m.pos,
        }
    }

    /// The route's days with the stops that could be understood, and whether every stop could.
    fn days(
        &mut self,
        raw_days: &Located<Vec<raw::RawDay>>,
        places: &[Place],
        known: &BTreeMap<String, DocKind>,
    ) -> (Vec<Day>, bool) {
        if raw_days.value.is_empty() {
            self.error(
                codes::NO_STOPS,
                raw_days.pos,
                "the route has no days".into(),
                Some("add at least one day with `stops:`".into()),
            );
        }
        let mut days = Vec::new();
        let mut complete = true;
        for day in &raw_days.value {
            if day.stops.is_empty() {
                self.error(
                    codes::NO_STOPS,
                    raw_days.pos,
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
        (days, complete)
    }

    /// The index in `places` of the place an `at:` names. None, with an error, when it names no
    /// place; None without one when it names a place whose file failed to parse (that file's own
    /// error says why).
    fn resolve_place(
        &mut self,
        at: &Located<String>,
        places: &[Place],
        known: &BTreeMap<String, DocKind>,
    ) -> Option<usize> {
        let target = at
            .value
            .trim()
            .trim_end_matches(".md")
            .trim_end_matches("/index");
        match places.binary_search_by(|p| p.id.as_str().cmp(target)) {
            Ok(place) => Some(place),
            // A place whose file failed to parse: its own error says why.
            Err(_)
                if matches!(
                    known.get(target),
                    Some(DocKind::Entry(Section::Bases | Section::Spots))
                ) =>
            {
                None
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
                                "`at:` takes a place id like `bases/cq-science-museum`".to_string()
                            });
                        (format!("unknown place `{target}`"), help)
                    }
                };
                self.error(codes::UNKNOWN_PLACE, at.pos, message, Some(help));
                None
            }
        }
    }
}

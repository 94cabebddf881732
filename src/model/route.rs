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
use crate::diag::{Pos, Text, codes};
use crate::load::raw;
use crate::load::{DocKind, Section};
use crate::text;
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
                text!("`audience` is empty", "`audience` 是空的"),
                Some(text!(
                    "name who the route is for, e.g. `audience: [小学4-6, 亲子]`",
                    "写明线路面向谁，如 `audience: [小学4-6, 亲子]`"
                )),
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
            self.choice(b, "by", &Mode::NAMES)
                .map(|m| Located::new(m, b.pos))
        });
        let what = match (&s.at, &s.doing) {
            (Some(at), None) => {
                let place = self.resolve_place(at, places, known)?;
                if s.location.is_some() {
                    self.error(
                        codes::STOP_PLACE_OR_ACTIVITY,
                        raw.pos,
                        text!(
                            "`location` is for `do:` stops; an `at:` stop uses its place's own",
                            "`location` 只用于 `do:` 站点；`at:` 站点用的是地点自己的坐标"
                        ),
                        Some(text!(
                            "remove `location` from this stop",
                            "删去这个站点的 `location`"
                        )),
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
                let (message, help) = if s.at.is_some() {
                    (
                        text!(
                            "a stop has both `at:` (a place) and `do:` (an activity)",
                            "一个站点同时写了 `at:`（地点）和 `do:`（活动）"
                        ),
                        text!(
                            "keep one: a visit is `at: <section>/<id>`, lunch or a rest is `do: 午餐`; describe what happens at a place in `activity:`",
                            "只保留一个：参观地点写 `at: <栏目>/<id>`，午餐、休息等写 `do: 午餐`；在地点做什么写在 `activity:` 里"
                        ),
                    )
                } else {
                    (
                        text!(
                            "a stop needs `at:` (a place) or `do:` (an activity)",
                            "站点缺少 `at:`（地点）或 `do:`（活动）"
                        ),
                        text!(
                            "add `at: <section>/<id>` for a visit, or `do: 午餐` for lunch or a rest",
                            "参观地点加 `at: <栏目>/<id>`，午餐、休息等加 `do: 午餐`"
                        ),
                    )
                };
                self.error(codes::STOP_PLACE_OR_ACTIVITY, raw.pos, message, Some(help));
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
                let month = m.value;
                self.error(
                    codes::WRONG_VALUE,
                    m.pos,
                    text!(
                        "month `{month}` is not 1–12",
                        "月份 `{month}` 不在 1–12 之间"
                    ),
                    Some(text!(
                        "`months` lists the best months by number, e.g. `months: [4, 5, 10]`",
                        "`months` 用数字列出适宜的月份，如 `months: [4, 5, 10]`"
                    )),
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
                text!("the route has no days", "线路没有任何一天的安排"),
                Some(text!(
                    "add at least one day with `stops:`",
                    "至少加一天，并在其中写 `stops:`"
                )),
            );
        }
        let mut days = Vec::new();
        let mut complete = true;
        for (d, day) in raw_days.value.iter().enumerate() {
            if day.stops.is_empty() {
                let n = d + 1;
                self.error(
                    codes::NO_STOPS,
                    raw_days.pos,
                    text!("day {n} has no stops", "第 {n} 天没有站点"),
                    Some(text!(
                        "give day {n} its `stops:`, or remove the day",
                        "给第 {n} 天写上 `stops:`，或删去这一天"
                    )),
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
                let value = &at.value;
                let places: Vec<&str> = known
                    .iter()
                    .filter(|(_, kind)| {
                        matches!(kind, DocKind::Entry(Section::Bases | Section::Spots))
                    })
                    .map(|(id, _)| id.as_str())
                    .collect();
                let (message, help) = match known.get(target) {
                    Some(_) => (
                        text!(
                            "`{target}` is not a base or a spot",
                            "`{target}` 不是基地或景区"
                        ),
                        place_suggestion(target, &places).unwrap_or_else(|| {
                            text!(
                                "`at:` names a place under `bases/` or `spots/`",
                                "`at:` 只能写 `bases/` 或 `spots/` 下的地点"
                            )
                        }),
                    ),
                    None => (
                        text!("unknown place `{value}`", "找不到地点 `{value}`"),
                        place_suggestion(target, &places)
                            .unwrap_or_else(|| place_id_example(&places)),
                    ),
                };
                self.error(codes::UNKNOWN_PLACE, at.pos, message, Some(help));
                None
            }
        }
    }
}

/// The id after a section (`bases/x` → `x`; `x` → `x`).
fn id_tail(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// What an `at:` that names no place probably meant, among this site's place ids: the same id
/// in the other section (`bases/x` when `x` is a spot, or `x` written without its section), else
/// the closest id of any section, by the part after the section.
fn place_suggestion(target: &str, places: &[&str]) -> Option<Text> {
    let tail = id_tail(target);
    let same_tail: Vec<&str> = places
        .iter()
        .copied()
        .filter(|p| *p != target && id_tail(p) == tail)
        .collect();
    match same_tail.as_slice() {
        [one] if target.contains('/') => {
            let section = one.split('/').next().unwrap_or_default();
            let (kind_en, kind_zh) = if section == Section::Spots.dir() {
                ("a spot", "景区")
            } else {
                ("a base", "基地")
            };
            return Some(text!(
                "`{tail}` is {kind_en}: write `{one}`",
                "`{tail}` 是{kind_zh}：写成 `{one}`"
            ));
        }
        [one] => {
            return Some(text!(
                "`at:` names a place with its section: write `{one}`",
                "`at:` 要带上栏目：写成 `{one}`"
            ));
        }
        [first, second, ..] => {
            return Some(text!(
                "did you mean `{first}` or `{second}`?",
                "是不是想写 `{first}` 或 `{second}`？"
            ));
        }
        [] => {}
    }
    let best = closest_id(target, places)?;
    Some(text!("did you mean `{best}`?", "是不是想写 `{best}`？"))
}

/// The id among `ids` an unknown `target` most likely meant: by the id after the section (the
/// shared `bases/` would make every base look close), preferring the section the editor wrote.
/// Used for `at:` stops and for `@/` links.
pub(crate) fn closest_id<'a>(target: &str, ids: &[&'a str]) -> Option<&'a str> {
    let tails: Vec<&str> = ids.iter().map(|p| id_tail(p)).collect();
    let best = crate::diag::did_you_mean(id_tail(target), tails.iter().copied())?;
    let section = target.rsplit_once('/').map(|(s, _)| s);
    let mut same = ids.iter().copied().filter(|p| id_tail(p) == best);
    let first = same.next()?;
    Some(
        std::iter::once(first)
            .chain(same)
            .find(|p| p.rsplit_once('/').map(|(s, _)| s) == section)
            .unwrap_or(first),
    )
}

/// How `at:` is written, with one of this site's own places as the example.
fn place_id_example(places: &[&str]) -> Text {
    match places.first() {
        Some(first) => text!(
            "`at:` takes a place id as `<section>/<id>`, e.g. `{first}`",
            "`at:` 写地点的 id，格式为 `<栏目>/<id>`，如 `{first}`"
        ),
        None => text!(
            "`at:` takes a place id as `bases/<id>` or `spots/<id>`, and this site has no places yet: add one under `content/bases/` or `content/spots/`",
            "`at:` 写地点的 id，格式为 `bases/<id>` 或 `spots/<id>`；本站还没有地点，请先在 `content/bases/` 或 `content/spots/` 下添加"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{place_id_example, place_suggestion};

    const PLACES: [&str; 4] = [
        "bases/museum",
        "bases/silk-lab",
        "spots/cave",
        "spots/museum",
    ];

    fn suggest(target: &str) -> Option<(String, String)> {
        place_suggestion(target, &PLACES).map(|t| (t.en().to_string(), t.zh().to_string()))
    }

    #[test]
    fn a_place_in_the_other_section_is_suggested_there() {
        assert_eq!(
            suggest("bases/cave"),
            Some((
                "`cave` is a spot: write `spots/cave`".into(),
                "`cave` 是景区：写成 `spots/cave`".into()
            ))
        );
        assert_eq!(
            suggest("spots/silk-lab").map(|t| t.0),
            Some("`silk-lab` is a base: write `bases/silk-lab`".into())
        );
    }

    #[test]
    fn a_place_without_its_section_gets_it() {
        assert_eq!(
            suggest("cave").map(|t| t.0),
            Some("`at:` names a place with its section: write `spots/cave`".into())
        );
        // An id in both sections: both are offered.
        assert_eq!(
            suggest("museum").map(|t| t.0),
            Some("did you mean `bases/museum` or `spots/museum`?".into())
        );
    }

    #[test]
    fn a_typo_finds_the_closest_id_of_any_section() {
        assert_eq!(
            suggest("bases/musuem").map(|t| t.0),
            Some("did you mean `bases/museum`?".into())
        );
        assert_eq!(
            suggest("bases/cavee").map(|t| t.0),
            Some("did you mean `spots/cave`?".into())
        );
        assert_eq!(
            suggest("silklab").map(|t| t.1),
            Some("是不是想写 `bases/silk-lab`？".into())
        );
        assert_eq!(suggest("bases/zoo"), None);
    }

    #[test]
    fn the_example_is_one_of_this_sites_places() {
        assert!(
            place_id_example(&PLACES)
                .en()
                .ends_with("e.g. `bases/museum`")
        );
        assert!(place_id_example(&[]).zh().contains("还没有地点"));
    }
}

//! The diagram's plan: the route read into markers (one per distinct place, carrying its visit
//! numbers), the legs between them by day and mode, the per-day text for `<desc>` and the legend
//! entries — everything the drawing needs before any geometry.

use crate::model::{GeoPoint, Mode, Route, Site, Stop, StopKind, geo};

use super::LABEL_MAX_EM;
use super::drawing::Style;
use super::text::{short_name, truncate};

/// Points closer than this are one marker.
const MERGE_KM: f64 = 0.05;

/// Markers, legs and the text description, before any geometry.
#[derive(Debug)]
pub(super) struct Plan {
    pub(super) markers: Vec<Marker>,
    pub(super) segments: Vec<Segment>,
    /// Per day, the points in visiting order as described in `<desc>`.
    pub(super) desc_days: Vec<Vec<String>>,
    pub(super) days_with_legs: usize,
    /// `site.yaml`'s `region.name`: a prefix labels leave out.
    pub(super) region: Option<String>,
}

#[derive(Debug)]
pub(super) struct Marker {
    pub(super) at: GeoPoint,
    pub(super) place: Option<usize>,
    pub(super) meeting: bool,
    pub(super) lodging: bool,
    /// Visit numbers, in order; empty for a plain meeting point or lodging.
    pub(super) numbers: Vec<u32>,
    /// The place's name or the `do:` text.
    pub(super) name: Option<String>,
    /// Whether a place (not only a `do:` stop) is visited here.
    pub(super) visit: bool,
}

impl Marker {
    fn new(at: GeoPoint) -> Marker {
        Marker {
            at,
            place: None,
            meeting: false,
            lodging: false,
            numbers: Vec::new(),
            name: None,
            visit: false,
        }
    }

    pub(super) fn label(&self, region: Option<&str>) -> String {
        let mut parts = Vec::new();
        if self.meeting {
            parts.push("集合".to_string());
        }
        if self.lodging {
            parts.push("住宿".to_string());
        }
        if let Some(name) = &self.name {
            parts.push(truncate(&short_name(name, region), LABEL_MAX_EM));
        }
        parts.join(" · ")
    }

    pub(super) fn badge(&self) -> String {
        self.numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("·")
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) day: usize,
    pub(super) mode: Mode,
}

impl Plan {
    /// The plan of `route`, or None when fewer than two of its points are located.
    pub(super) fn collect(site: &Site, route: &Route) -> Option<Plan> {
        let legs = route.legs(&site.places, &site.config.rules);
        let mut markers: Vec<Marker> = Vec::new();
        let mut located = 0usize;
        let (meeting, lodging) = start_markers(route, &mut markers, &mut located);

        let mut number = 0u32;
        let mut segments: Vec<Segment> = Vec::new();
        let mut desc_days = Vec::new();
        for (d, day) in route.days.iter().enumerate() {
            let mut prev = if d == 0 {
                meeting.as_ref().map(|(i, _)| *i)
            } else {
                lodging
            };
            let mut desc: Vec<String> = prev
                .map(|i| describe(&markers, &meeting, i))
                .into_iter()
                .collect();
            for (s, stop) in day.stops.iter().enumerate() {
                let (point, place, what) = stop_point(site, stop);
                let Some(point) = point else { continue };
                located += 1;
                let (i, text) = match place {
                    Some((place, name)) => {
                        visit_marker(&mut markers, &mut number, place, name, point)
                    }
                    None => match near(&markers, point) {
                        Some(i) => (i, describe(&markers, &meeting, i)),
                        None => activity_marker(&mut markers, &mut number, point, what),
                    },
                };
                let mode = legs
                    .get(d)
                    .and_then(|day| day.get(s))
                    .and_then(|leg| leg.as_ref())
                    .map(|leg| leg.mode);
                match (prev, mode) {
                    (Some(p), Some(mode)) if p != i => {
                        add_leg(
                            &mut segments,
                            Segment {
                                from: p,
                                to: i,
                                day: d,
                                mode,
                            },
                        );
                        desc.push(format!("{}（{}）", text, crate::render::labels::mode(mode)));
                    }
                    (Some(p), _) if p == i => {}
                    _ => desc.push(text),
                }
                prev = Some(i);
            }
            desc_days.push(desc);
        }
        if located < 2 {
            return None;
        }
        let mut days: Vec<usize> = segments.iter().map(|s| s.day).collect();
        days.sort_unstable();
        days.dedup();
        Some(Plan {
            markers,
            segments,
            desc_days,
            days_with_legs: days.len(),
            region: site.config.region.as_ref().and_then(|r| r.name.clone()),
        })
    }

    /// Legend entries: one per day when more than one day has legs, then one per special mode.
    pub(super) fn legend(&self) -> Vec<(String, Style)> {
        let mut out = Vec::new();
        if self.days_with_legs > 1 {
            let mut days: Vec<usize> = self.segments.iter().map(|s| s.day).collect();
            days.sort_unstable();
            days.dedup();
            for d in days {
                out.push((format!("第 {} 天", d + 1), Style::new(d, Mode::Coach)));
            }
        }
        let has = |modes: &[Mode]| self.segments.iter().any(|s| modes.contains(&s.mode));
        let rail = match (has(&[Mode::Rail]), has(&[Mode::Metro])) {
            (true, true) => Some("铁路、轨道"),
            (true, false) => Some("铁路"),
            (false, true) => Some("轨道交通"),
            (false, false) => None,
        };
        if let Some(text) = rail {
            out.push((text.to_string(), Style::neutral(Mode::Rail)));
        }
        if has(&[Mode::Boat]) {
            out.push(("乘船".to_string(), Style::neutral(Mode::Boat)));
        }
        if has(&[Mode::Cableway]) {
            out.push(("索道".to_string(), Style::neutral(Mode::Cableway)));
        }
        out
    }
}

/// The marker within [`MERGE_KM`] of `at`, if any.
fn near(markers: &[Marker], at: GeoPoint) -> Option<usize> {
    markers
        .iter()
        .position(|m| geo::distance_km(m.at, at) < MERGE_KM)
}

/// The first markers: the meeting point (its marker and name) and the lodging (its marker,
/// shared with the meeting point when they are the same place), each counted as located.
fn start_markers(
    route: &Route,
    markers: &mut Vec<Marker>,
    located: &mut usize,
) -> (Option<(usize, String)>, Option<usize>) {
    let meeting = route.meeting.as_ref().and_then(|m| {
        let at = m.location.as_ref()?.value;
        *located += 1;
        let mut marker = Marker::new(at);
        marker.meeting = true;
        markers.push(marker);
        Some((markers.len() - 1, m.name.clone()))
    });
    let lodging = route.lodging_location.as_ref().map(|l| {
        *located += 1;
        let i = match near(markers, l.value) {
            Some(i) => i,
            None => {
                markers.push(Marker::new(l.value));
                markers.len() - 1
            }
        };
        markers[i].lodging = true;
        i
    });
    (meeting, lodging)
}

/// How `<desc>` names marker `i` when a stop returns to it: the meeting point by its name, the
/// lodging as such, anything else by its own name.
fn describe(markers: &[Marker], meeting: &Option<(usize, String)>, i: usize) -> String {
    match (meeting, markers[i].lodging) {
        (Some((m, name)), _) if *m == i => name.clone(),
        (_, true) => "住宿地".to_string(),
        _ => markers[i].name.clone().unwrap_or_default(),
    }
}

/// A stop's point if it is located, its place (index and name) for a visit, its text for a
/// `do:` stop.
fn stop_point<'a>(
    site: &'a Site,
    stop: &'a Stop,
) -> (Option<GeoPoint>, Option<(usize, &'a str)>, Option<&'a str>) {
    match &stop.what {
        StopKind::Visit { place, .. } => (
            site.places.get(*place).map(|p| p.location.value),
            site.places.get(*place).map(|p| (*place, p.name.as_str())),
            None,
        ),
        StopKind::Activity { what, location, .. } => (
            location.as_ref().map(|l| l.value),
            None,
            Some(what.as_str()),
        ),
    }
}

/// The marker of a visit to `place` — the place's own from an earlier visit, else one at the same
/// point that no place has claimed (the meeting point, the lodging, a `do:` stop), else a new
/// one — given the next number; with the visit's text for `<desc>`.
fn visit_marker(
    markers: &mut Vec<Marker>,
    number: &mut u32,
    place: usize,
    name: &str,
    point: GeoPoint,
) -> (usize, String) {
    let found = markers
        .iter()
        .position(|m| m.place == Some(place))
        .or_else(|| near(markers, point).filter(|&i| markers[i].place.is_none()));
    let i = found.unwrap_or_else(|| {
        markers.push(Marker::new(point));
        markers.len() - 1
    });
    *number += 1;
    let m = &mut markers[i];
    m.numbers.push(*number);
    m.place = Some(place);
    m.visit = true;
    m.name = Some(name.to_string());
    (i, format!("{number} {name}"))
}

/// A new numbered marker for a located `do:` stop away from every other marker, with its text
/// for `<desc>`.
fn activity_marker(
    markers: &mut Vec<Marker>,
    number: &mut u32,
    point: GeoPoint,
    what: Option<&str>,
) -> (usize, String) {
    *number += 1;
    let mut m = Marker::new(point);
    m.numbers.push(*number);
    let text = what.unwrap_or_default();
    m.name = Some(text.to_string());
    markers.push(m);
    (markers.len() - 1, format!("{number} {text}"))
}

/// Adds a leg, unless the same day already has it between the same two markers by the same mode:
/// an out-and-back on the same day and mode is drawn once.
fn add_leg(segments: &mut Vec<Segment>, seg: Segment) {
    let drawn = segments.iter().any(|o| {
        o.day == seg.day
            && o.mode == seg.mode
            && ((o.from, o.to) == (seg.from, seg.to) || (o.from, o.to) == (seg.to, seg.from))
    });
    if !drawn {
        segments.push(seg);
    }
}

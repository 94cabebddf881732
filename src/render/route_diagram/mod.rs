//! The route diagram: an inline SVG drawn at build time from the stops' coordinates — numbered
//! stops joined by straight legs, labels, a scale bar and a north arrow — with no base-map tiles.
//! A self-rendered map of China needs official review (domain research §3.4); a diagram of points
//! and lines does not pretend to be one, and says so in its description.
//!
//! Geometry: a local equirectangular projection (x = lon·cos φ₀, y = −lat, φ₀ the centre latitude
//! of the points) fitted into a fixed viewBox without stretching, so the scale bar is honest.
//! Places that crowd together at the whole-route scale (a train ride to a group of sights around
//! one town) are drawn again in a detail box at a larger, equally true scale with its own scale
//! bar; markers that still touch move apart, a dot and a leader line keeping the true place.
//!
//! Colours are fixed attributes on a white panel, so the figure reads the same on a dark page and
//! on paper; every leg style also differs by dash pattern for black-and-white printing. Text is
//! real `<text>` in the page's font, sized for a 360-px-wide phone.

use std::fmt::Write as _;

use crate::model::{GeoPoint, Mode, Route, Site, StopKind, geo};
use crate::render::escape_html;

/// The viewBox.
const W: f64 = 640.0;
const H: f64 = 420.0;
/// Space kept free around the fitted points (labels may use it).
const MARGIN_X: f64 = 44.0;
const MARGIN_TOP: f64 = 40.0;
const MARGIN_BOTTOM: f64 = 34.0;
/// Points closer than this are one marker.
const MERGE_KM: f64 = 0.05;
/// The smallest extent the map area shows across its width, so a walk around one campus still
/// gets a sensible scale (about 200 m).
const MIN_SPAN_KM: f64 = 0.8;

/// Font sizes (viewBox units; the SVG is about 330 px wide on a phone, so ×0.51).
const LABEL_SIZE: f64 = 24.0;
const BADGE_SIZE: f64 = 20.0;
const SMALL_SIZE: f64 = 22.0;
/// Labels longer than this (in em) are cut with "…".
const LABEL_MAX_EM: f64 = 8.0;
const BADGE_R: f64 = 15.0;

const INK: &str = "#1b2522";
const MUTED: &str = "#4a5954";
const PAPER: &str = "#fff";
/// The theme's teal accent.
const ACCENT: &str = "#0b6e63";
/// Day colours (the first is the accent) and day dash patterns, cycled.
const DAY_COLOURS: [&str; 4] = [ACCENT, "#b45309", "#4338ca", "#be185d"];
const DAY_DASHES: [&str; 4] = ["", "12 6", "16 5 3 5", "5 5"];

/// The route's diagram, or None when it has fewer than two located points.
pub fn route_diagram(site: &Site, route: &Route) -> Option<String> {
    let plan = Plan::collect(site, route)?;
    let (proj, band) = layout(&plan)?;
    Some(draw(route, &plan, &proj, &band))
}

/// Markers, legs and the text description, before any geometry.
#[derive(Debug)]
struct Plan {
    markers: Vec<Marker>,
    segments: Vec<Segment>,
    /// Per day, the points in visiting order as described in `<desc>`.
    desc_days: Vec<Vec<String>>,
    days_with_legs: usize,
}

#[derive(Debug)]
struct Marker {
    at: GeoPoint,
    place: Option<usize>,
    meeting: bool,
    lodging: bool,
    /// Visit numbers, in order; empty for a plain meeting point or lodging.
    numbers: Vec<u32>,
    /// The place's name or the `do:` text.
    name: Option<String>,
    /// Whether a place (not only a `do:` stop) is visited here.
    visit: bool,
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

    fn label(&self) -> String {
        let mut parts = Vec::new();
        if self.meeting {
            parts.push("集合".to_string());
        }
        if self.lodging {
            parts.push("住宿".to_string());
        }
        if let Some(name) = &self.name {
            parts.push(truncate(&short_name(name), LABEL_MAX_EM));
        }
        parts.join(" · ")
    }

    fn badge(&self) -> String {
        self.numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("·")
    }
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    from: usize,
    to: usize,
    day: usize,
    mode: Mode,
}

impl Plan {
    fn collect(site: &Site, route: &Route) -> Option<Plan> {
        let legs = route.legs(&site.places, &site.config.rules);
        let mut markers: Vec<Marker> = Vec::new();
        let mut located = 0usize;
        let meeting = route.meeting.as_ref().and_then(|m| {
            let at = m.location.as_ref()?.value;
            located += 1;
            let mut marker = Marker::new(at);
            marker.meeting = true;
            markers.push(marker);
            Some((markers.len() - 1, m.name.clone()))
        });
        let lodging = route.lodging_location.as_ref().map(|l| {
            located += 1;
            let i = match near(&markers, l.value) {
                Some(i) => i,
                None => {
                    markers.push(Marker::new(l.value));
                    markers.len() - 1
                }
            };
            markers[i].lodging = true;
            i
        });
        let describe = |markers: &[Marker], i: usize| -> String {
            match (&meeting, markers[i].lodging) {
                (Some((m, name)), _) if *m == i => name.clone(),
                (_, true) => "住宿地".to_string(),
                _ => markers[i].name.clone().unwrap_or_default(),
            }
        };

        let mut number = 0u32;
        let mut segments: Vec<Segment> = Vec::new();
        let mut desc_days = Vec::new();
        for (d, day) in route.days.iter().enumerate() {
            let mut prev = if d == 0 {
                meeting.as_ref().map(|(i, _)| *i)
            } else {
                lodging
            };
            let mut desc: Vec<String> = prev.map(|i| describe(&markers, i)).into_iter().collect();
            for (s, stop) in day.stops.iter().enumerate() {
                let (point, place, what) = match &stop.what {
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
                };
                let Some(point) = point else { continue };
                located += 1;
                let (i, text) = match place {
                    Some((place, name)) => {
                        let found =
                            markers
                                .iter()
                                .position(|m| m.place == Some(place))
                                .or_else(|| {
                                    near(&markers, point).filter(|&i| markers[i].place.is_none())
                                });
                        let i = found.unwrap_or_else(|| {
                            markers.push(Marker::new(point));
                            markers.len() - 1
                        });
                        number += 1;
                        let m = &mut markers[i];
                        m.numbers.push(number);
                        m.place = Some(place);
                        m.visit = true;
                        m.name = Some(name.to_string());
                        (i, format!("{number} {name}"))
                    }
                    None => match near(&markers, point) {
                        Some(i) => (i, describe(&markers, i)),
                        None => {
                            number += 1;
                            let mut m = Marker::new(point);
                            m.numbers.push(number);
                            let text = what.unwrap_or_default();
                            m.name = Some(text.to_string());
                            markers.push(m);
                            (markers.len() - 1, format!("{number} {text}"))
                        }
                    },
                };
                let mode = legs
                    .get(d)
                    .and_then(|day| day.get(s))
                    .and_then(|leg| leg.as_ref())
                    .map(|leg| leg.mode);
                match (prev, mode) {
                    (Some(p), Some(mode)) if p != i => {
                        let seg = Segment {
                            from: p,
                            to: i,
                            day: d,
                            mode,
                        };
                        // An out-and-back on the same day and mode is drawn once.
                        let drawn = segments.iter().any(|o| {
                            o.day == d
                                && o.mode == mode
                                && ((o.from, o.to) == (p, i) || (o.from, o.to) == (i, p))
                        });
                        if !drawn {
                            segments.push(seg);
                        }
                        desc.push(format!("{}（{}）", text, super::labels::mode(mode)));
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
        })
    }

    /// Legend entries: one per day when more than one day has legs, then one per special mode.
    fn legend(&self) -> Vec<(String, Style)> {
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

/// The label for a name: region prefixes and parentheses dropped, `do:` text cut at its first
/// clause ("返回重庆北站，乘高铁…" → "返回重庆北站").
fn short_name(name: &str) -> String {
    let mut s = name.trim();
    if let Some(i) = s.find(['，', ',', '（', '(', '；', ';', '：', ':'])
        && i > 0
    {
        s = s[..i].trim();
    }
    for prefix in ["重庆市", "重庆中国", "重庆"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            // Keep names that would become too short to recognise ("重庆北站").
            if rest.chars().count() >= 3 && !rest.ends_with('站') {
                s = rest;
            }
            break;
        }
    }
    s.to_string()
}

/// Width of one character in em: CJK and full-width forms 1, the rest about 0.6.
fn char_em(c: char) -> f64 {
    if c.is_ascii() {
        if c == ' ' { 0.3 } else { 0.6 }
    } else if ('\u{00b7}'..='\u{02ff}').contains(&c) {
        0.6
    } else {
        1.0
    }
}

fn text_em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// `text`, cut with "…" to at most `max_em`.
fn truncate(text: &str, max_em: f64) -> String {
    if text_em(text) <= max_em {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = 1.0;
    for c in text.chars() {
        width += char_em(c);
        if width > max_em {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Leg styles: a day colour, and a dash pattern per day for roads or a symbol per mode.
#[derive(Debug, Clone, Copy)]
struct Style {
    colour: &'static str,
    dash: &'static str,
    mode: Mode,
}

impl Style {
    fn new(day: usize, mode: Mode) -> Style {
        Style {
            colour: DAY_COLOURS[day % DAY_COLOURS.len()],
            dash: DAY_DASHES[day % DAY_DASHES.len()],
            mode,
        }
    }

    fn neutral(mode: Mode) -> Style {
        Style {
            colour: MUTED,
            dash: "",
            mode,
        }
    }

    /// The SVG elements drawing a line from `a` to `b` in this style.
    fn line(&self, a: (f64, f64), b: (f64, f64)) -> String {
        let d = format!("M{} {}L{} {}", n(a.0), n(a.1), n(b.0), n(b.1));
        let c = self.colour;
        match self.mode {
            Mode::Coach | Mode::Walk => {
                let dash = if self.dash.is_empty() {
                    String::new()
                } else {
                    format!(" stroke-dasharray=\"{}\"", self.dash)
                };
                format!("<path d=\"{d}\" stroke=\"{c}\" stroke-width=\"4\"{dash}/>")
            }
            // The railway symbol: a line with white dashes inside.
            Mode::Rail | Mode::Metro => format!(
                "<path d=\"{d}\" stroke=\"{c}\" stroke-width=\"7\"/><path d=\"{d}\" stroke=\"{PAPER}\" stroke-width=\"3\" stroke-dasharray=\"9 9\"/>"
            ),
            // A row of dots.
            Mode::Boat => format!(
                "<path d=\"{d}\" stroke=\"{c}\" stroke-width=\"5\" stroke-linecap=\"round\" stroke-dasharray=\"0.1 8\"/>"
            ),
            // A thin cable with cabins on it.
            Mode::Cableway => format!(
                "<path d=\"{d}\" stroke=\"{c}\" stroke-width=\"1.5\"/><path d=\"{d}\" stroke=\"{c}\" stroke-width=\"7\" stroke-dasharray=\"5 11\"/>"
            ),
        }
    }
}

/// A number with one decimal, never `-0.0`.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    format!("{:.1}", r + 0.0)
}

/// The bottom band: north arrow and scale bar on the left, legend rows right-aligned (the first
/// row at the bottom, more rows above it when the entries do not fit beside the scale bar).
const ROW_H: f64 = 36.0;
const SAMPLE_W: f64 = 32.0;
const BAND_PAD: f64 = 16.0;
const SCALE_X: f64 = 58.0;

#[derive(Debug)]
struct Band {
    rows: Vec<Vec<(String, Style, f64)>>,
    /// Where the scale block ends.
    scale_end: f64,
    scale_km: f64,
    scale_len: f64,
}

impl Band {
    fn height(rows: usize) -> f64 {
        // At least the north arrow's height.
        (rows as f64 * ROW_H + 8.0).max(56.0)
    }

    fn new(plan: &Plan, proj: &Projection) -> Band {
        let (scale_km, scale_len) = proj.scale_bar(W / 4.0);
        let scale_end = SCALE_X + scale_len + 8.0 + text_em(&distance_label(scale_km)) * SMALL_SIZE;
        // Filled from the last entry backwards so that, read top to bottom, the entries keep
        // their order and the bottom row (beside the scale bar) is the one that may be short.
        let mut rows: Vec<Vec<(String, Style, f64)>> = vec![Vec::new()];
        let mut used = 0.0;
        for (text, style) in plan.legend().into_iter().rev() {
            let w = SAMPLE_W + 8.0 + text_em(&text) * SMALL_SIZE + 18.0;
            let room = if rows.len() == 1 {
                W - BAND_PAD - scale_end - 16.0
            } else {
                W - 2.0 * BAND_PAD
            };
            if used + w - 18.0 > room && used > 0.0 {
                rows.push(Vec::new());
                used = 0.0;
            }
            used += w;
            if let Some(row) = rows.last_mut() {
                row.push((text, style, w));
            }
        }
        for row in &mut rows {
            row.reverse();
        }
        Band {
            rows,
            scale_end,
            scale_km,
            scale_len,
        }
    }

    /// Boxes the labels must keep clear of.
    fn boxes(&self) -> Vec<Rect> {
        let base = H - 12.0;
        let mut out = vec![Rect(14.0, base - 44.0, self.scale_end - 14.0 + 4.0, 48.0)];
        for (r, row) in self.rows.iter().enumerate() {
            let y = base - r as f64 * ROW_H;
            let total: f64 = row.iter().map(|(_, _, w)| w).sum::<f64>() - 18.0;
            if total > 0.0 {
                out.push(Rect(
                    W - BAND_PAD - total - 4.0,
                    y - SMALL_SIZE - 2.0,
                    total + 8.0,
                    SMALL_SIZE + 8.0,
                ));
            }
        }
        out
    }
}

/// Fits the points above the band, growing the band until the legend fits in it.
fn layout(plan: &Plan) -> Option<(Projection, Band)> {
    let at: Vec<GeoPoint> = plan.markers.iter().map(|m| m.at).collect();
    let (lat0, lat1) = at.iter().fold((f64::MAX, f64::MIN), |(a, b), p| {
        (a.min(p.lat), b.max(p.lat))
    });
    let cos0 = ((lat0 + lat1) / 2.0).to_radians().cos();
    let mut rows = 1;
    loop {
        let bottom = H - Band::height(rows);
        let area = Rect(
            MARGIN_X,
            MARGIN_TOP,
            W - 2.0 * MARGIN_X,
            bottom - MARGIN_TOP - MARGIN_BOTTOM,
        );
        let proj = Projection::fit(&at, cos0, area, (0.5, 0.5), bottom)?;
        let band = Band::new(plan, &proj);
        if band.rows.len() <= rows || rows >= 4 {
            return Some((proj, band));
        }
        rows = band.rows.len();
    }
}

/// Degrees → viewBox units: x = lon·cos φ₀, y = −lat, scaled and moved.
#[derive(Debug, Clone)]
struct Projection {
    cos0: f64,
    /// Units per projected degree.
    scale: f64,
    /// Projected x, y of the fitted points' centre and the viewBox point it lands on.
    centre: (f64, f64),
    to: (f64, f64),
    /// km per viewBox unit.
    km_per_unit: f64,
    /// The bottom of the area markers may use.
    map_bottom: f64,
}

impl Projection {
    /// Fits `points` into `area`, never showing less than [`MIN_SPAN_KM`] across it; `align`
    /// places them in the room left over (0: left or top, 0.5: centred, 1: right or bottom).
    fn fit(
        points: &[GeoPoint],
        cos0: f64,
        area: Rect,
        align: (f64, f64),
        map_bottom: f64,
    ) -> Option<Projection> {
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in points {
            x0 = x0.min(p.lon * cos0);
            x1 = x1.max(p.lon * cos0);
            y0 = y0.min(-p.lat);
            y1 = y1.max(-p.lat);
        }
        // km along a meridian per degree (the same everywhere on a sphere).
        let km_per_degree = geo::distance_km(
            GeoPoint {
                lat: -y0 - 0.5,
                lon: 0.0,
            },
            GeoPoint {
                lat: -y0 + 0.5,
                lon: 0.0,
            },
        );
        let mut scale = area.2 / (MIN_SPAN_KM / km_per_degree);
        if x1 > x0 {
            scale = scale.min(area.2 / (x1 - x0));
        }
        if y1 > y0 {
            scale = scale.min(area.3 / (y1 - y0));
        }
        if !(scale.is_finite() && scale > 0.0 && km_per_degree > 0.0) {
            return None;
        }
        let (w, h) = ((x1 - x0) * scale, (y1 - y0) * scale);
        Some(Projection {
            cos0,
            scale,
            centre: ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
            to: (
                area.0 + w / 2.0 + (area.2 - w) * align.0,
                area.1 + h / 2.0 + (area.3 - h) * align.1,
            ),
            km_per_unit: km_per_degree / scale,
            map_bottom,
        })
    }

    fn xy(&self, p: GeoPoint) -> (f64, f64) {
        let (x, y) = (p.lon * self.cos0, -p.lat);
        (
            self.to.0 + (x - self.centre.0) * self.scale,
            self.to.1 + (y - self.centre.1) * self.scale,
        )
    }

    /// A round scale-bar distance (1-2-5 steps) about `target` units long: (km, units).
    fn scale_bar(&self, target: f64) -> (f64, f64) {
        let target_km = target * self.km_per_unit;
        let mut best = (1.0, f64::MAX);
        for exp in -3..=5 {
            for m in [1.0, 2.0, 5.0] {
                let km = m * 10f64.powi(exp);
                let off = (km / target_km).ln().abs();
                if off < best.1 {
                    best = (km, off);
                }
            }
        }
        (best.0, best.0 / self.km_per_unit)
    }
}

/// `50 km`, `200 m`.
fn distance_label(km: f64) -> String {
    if km >= 1.0 {
        format!("{km:.0} km")
    } else {
        format!("{:.0} m", km * 1000.0)
    }
}

/// An axis-aligned box: x, y, width, height.
#[derive(Debug, Clone, Copy)]
struct Rect(f64, f64, f64, f64);

impl Rect {
    fn overlap(&self, o: &Rect) -> f64 {
        let w = (self.0 + self.2).min(o.0 + o.2) - self.0.max(o.0);
        let h = (self.1 + self.3).min(o.1 + o.3) - self.1.max(o.1);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    fn grow(&self, by: f64) -> Rect {
        Rect(
            self.0 - by,
            self.1 - by,
            self.2 + 2.0 * by,
            self.3 + 2.0 * by,
        )
    }

    /// The part of the segment a–b inside the box, if any (Liang–Barsky clipping).
    fn clip(&self, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.0),
            (dx, self.0 + self.2 - a.0),
            (-dy, a.1 - self.1),
            (dy, self.1 + self.3 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 > t1 {
                    return None;
                }
            }
        }
        Some((
            (a.0 + t0 * dx, a.1 + t0 * dy),
            (a.0 + t1 * dx, a.1 + t1 * dy),
        ))
    }

    fn hit_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        self.clip(a, b).is_some()
    }
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// For each point, the smallest index of the points within `within` units of it, transitively.
fn close_groups(points: &[(f64, f64)], within: f64) -> Vec<usize> {
    let mut group: Vec<usize> = (0..points.len()).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..points.len() {
            for j in 0..points.len() {
                if dist(points[i], points[j]) < within && group[j] < group[i] {
                    group[i] = group[j];
                    changed = true;
                }
            }
        }
    }
    group
}

/// Half width and half height of a marker's symbol.
fn marker_half(m: &Marker) -> (f64, f64) {
    if m.numbers.is_empty() {
        (13.0, 13.0)
    } else {
        let w = text_em(&m.badge()) * BADGE_SIZE + 14.0;
        ((w / 2.0).max(BADGE_R), BADGE_R)
    }
}

/// Moves the markers `which` apart until their symbols no longer overlap, keeping them inside
/// `bounds` (deterministic).
fn spread(plan: &Plan, which: &[usize], at: &mut [(f64, f64)], bounds: Rect) {
    const GAP: f64 = 6.0;
    let true_at = at.to_vec();
    let half: Vec<(f64, f64)> = plan.markers.iter().map(marker_half).collect();
    for _ in 0..200 {
        let mut moved = false;
        for (a, &i) in which.iter().enumerate() {
            for &j in &which[a + 1..] {
                let (dx, dy) = (at[j].0 - at[i].0, at[j].1 - at[i].1);
                let over_x = half[i].0 + half[j].0 + GAP - dx.abs();
                let over_y = half[i].1 + half[j].1 + GAP - dy.abs();
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                // Apart along the line between them, or between their true places, or at a
                // fixed angle when they coincide.
                let (tx, ty) = (true_at[j].0 - true_at[i].0, true_at[j].1 - true_at[i].1);
                let (ux, uy) = if dx.hypot(dy) > 0.5 {
                    (dx / dx.hypot(dy), dy / dx.hypot(dy))
                } else if tx.hypot(ty) > 0.01 {
                    (tx / tx.hypot(ty), ty / tx.hypot(ty))
                } else {
                    let a = (i * 5 + j * 3) as f64 * 2.4;
                    (a.cos(), a.sin())
                };
                // How far along (ux, uy) until the boxes clear on one axis.
                let along = |over: f64, u: f64| {
                    if u.abs() > 1e-6 {
                        over / u.abs()
                    } else {
                        f64::MAX
                    }
                };
                let step = along(over_x, ux).min(along(over_y, uy)).min(4.0 * BADGE_R) / 2.0 + 0.5;
                at[i] = (at[i].0 - ux * step, at[i].1 - uy * step);
                at[j] = (at[j].0 + ux * step, at[j].1 + uy * step);
                moved = true;
            }
        }
        for &i in which {
            let h = half[i];
            at[i].0 = at[i].0.clamp(bounds.0 + h.0, bounds.0 + bounds.2 - h.0);
            at[i].1 = at[i].1.clamp(bounds.1 + h.1, bounds.1 + bounds.3 - h.1);
        }
        if !moved {
            break;
        }
    }
}

#[derive(Debug)]
struct Label {
    text: String,
    x: f64,
    baseline: f64,
    anchor: &'static str,
    rect: Rect,
}

/// Where labels go: markers `which` at `at`, inside `bounds`, clear of `obstacles` and `lines`.
struct LabelArea<'a> {
    which: &'a [usize],
    at: &'a [(f64, f64)],
    lines: &'a [Ends],
    obstacles: &'a [Rect],
    bounds: Rect,
}

/// Places each marker's label beside it: eight positions each, chosen greedily (longest label
/// first, it has the fewest good places) and then revised twice with the others fixed. A
/// position costs by its overlap with other labels, markers, obstacles and the edges, and by the
/// legs it crosses. Returns the labels in marker order and the total cost.
fn place_labels(plan: &Plan, area: &LabelArea) -> (Vec<Label>, f64) {
    let marker_boxes: Vec<(usize, Rect)> = area
        .which
        .iter()
        .map(|&i| {
            let (hw, hh) = marker_half(&plan.markers[i]);
            let (x, y) = area.at[i];
            (i, Rect(x - hw, y - hh, 2.0 * hw, 2.0 * hh).grow(2.0))
        })
        .collect();
    // Each marker's candidates with the cost that does not depend on the other labels.
    let mut options: Vec<Vec<(f64, Label)>> = Vec::new();
    for &i in area.which {
        let m = &plan.markers[i];
        let text = m.label();
        if text.is_empty() {
            continue;
        }
        let (cx, cy) = area.at[i];
        let (hw, hh) = marker_half(m);
        let (tw, th) = (text_em(&text) * LABEL_SIZE, LABEL_SIZE * 1.2);
        let gap = 5.0;
        let (right, left) = (cx + hw + gap, cx - hw - gap);
        let (above, below) = (cy - hh - gap - th, cy + hh + gap);
        let mid = cy - th / 2.0;
        let candidates: [(f64, f64, &str); 8] = [
            (right, mid, "start"),
            (left, mid, "end"),
            (cx, above, "middle"),
            (cx, below, "middle"),
            (cx + hw * 0.6, above + 4.0, "start"),
            (cx + hw * 0.6, below - 4.0, "start"),
            (cx - hw * 0.6, above + 4.0, "end"),
            (cx - hw * 0.6, below - 4.0, "end"),
        ];
        let mut mine = Vec::new();
        for (k, &(x, top, anchor)) in candidates.iter().enumerate() {
            let left_x = match anchor {
                "start" => x,
                "end" => x - tw,
                _ => x - tw / 2.0,
            };
            let rect = Rect(left_x, top, tw, th);
            let mut cost = k as f64;
            cost += (tw * th - rect.overlap(&area.bounds)) * 50.0;
            cost += marker_boxes
                .iter()
                .filter(|(j, _)| *j != i)
                .map(|(_, b)| b.overlap(&rect))
                .sum::<f64>()
                * 100.0;
            cost += area.obstacles.iter().map(|b| b.overlap(&rect)).sum::<f64>() * 100.0;
            cost += area
                .lines
                .iter()
                .filter(|(a, b)| rect.hit_by(*a, *b))
                .count() as f64
                * 120.0;
            let label = Label {
                text: text.clone(),
                x,
                baseline: top + th / 2.0 + LABEL_SIZE * 0.36,
                anchor,
                rect,
            };
            mine.push((cost, label));
        }
        options.push(mine);
    }
    let mut order: Vec<usize> = (0..options.len()).collect();
    order.sort_by(|&a, &b| {
        let width = |o: &Vec<(f64, Label)>| o.first().map_or(0.0, |(_, l)| l.rect.2);
        width(&options[b])
            .total_cmp(&width(&options[a]))
            .then(a.cmp(&b))
    });
    let mut chosen: Vec<Option<usize>> = vec![None; options.len()];
    let cost_of = |chosen: &[Option<usize>], i: usize, k: usize| -> f64 {
        let rect = options[i][k].1.rect;
        let crowding: f64 = chosen
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .filter_map(|(j, c)| c.map(|c| options[j][c].1.rect.overlap(&rect)))
            .sum();
        options[i][k].0 + crowding * 200.0
    };
    for _ in 0..3 {
        for &i in &order {
            let best = (0..options[i].len())
                .map(|k| (cost_of(&chosen, i, k), k))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            chosen[i] = best.map(|(_, k)| k);
        }
    }
    let total = (0..options.len())
        .filter_map(|i| chosen[i].map(|k| cost_of(&chosen, i, k)))
        .sum();
    let labels = options
        .into_iter()
        .zip(chosen)
        .filter_map(|(mut o, c)| c.map(|k| o.swap_remove(k).1))
        .collect();
    (labels, total)
}

/// Margins inside the detail box (caption above, scale bar below).
const INSET_PAD_X: f64 = 36.0;
const INSET_PAD_TOP: f64 = 44.0;
const INSET_PAD_BOTTOM: f64 = 44.0;
const INSET_CAPTION: &str = "局部放大";
/// Markers within this many units of each other (transitively) form a cluster.
const CLUSTER_UNITS: f64 = 60.0;

/// A detail box at a larger scale for places that crowd together on the whole-route scale
/// (a long train ride to a group of sights around one town). Both scales are true.
#[derive(Debug)]
struct Inset {
    members: Vec<usize>,
    rect: Rect,
    /// The cluster's extent on the main map.
    region: Rect,
    /// Every marker's true place in the box's projection, and where the members are drawn.
    points: Vec<(f64, f64)>,
    at: Vec<(f64, f64)>,
    lines: Vec<Line>,
    labels: Vec<Label>,
    /// Scale bar: km, length, left end, baseline.
    bar: (f64, f64, f64, f64),
}

impl Inset {
    fn find(plan: &Plan, points: &[(f64, f64)], main: &Projection) -> Option<Inset> {
        let groups = close_groups(points, CLUSTER_UNITS);
        let mut best: Option<Vec<usize>> = None;
        for g in 0..points.len() {
            let members: Vec<usize> = (0..points.len()).filter(|&i| groups[i] == g).collect();
            if members.len() < 2 || members.len() == points.len() {
                continue;
            }
            let closest = members
                .iter()
                .flat_map(|&i| {
                    members
                        .iter()
                        .filter(move |&&j| j > i)
                        .map(move |&j| (i, j))
                })
                .map(|(i, j)| dist(points[i], points[j]))
                .fold(f64::MAX, f64::min);
            // Two symbols that merely touch are moved apart instead.
            let crowded = members.len() >= 3 || closest < 24.0;
            if crowded && best.as_ref().is_none_or(|b| members.len() > b.len()) {
                best = Some(members);
            }
        }
        let members = best?;
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &i in &members {
            x0 = x0.min(points[i].0);
            y0 = y0.min(points[i].1);
            x1 = x1.max(points[i].0);
            y1 = y1.max(points[i].1);
        }
        let region = Rect(x0, y0, x1 - x0, y1 - y0).grow(10.0);
        let others: Vec<Rect> = (0..points.len())
            .filter(|i| !members.contains(i))
            .map(|i| Rect(points[i].0, points[i].1, 0.0, 0.0).grow(18.0))
            .collect();
        // Every box shape and size in every corner, laid out in full; the cheapest wins.
        let mut best: Option<(f64, Inset)> = None;
        for (w, h) in [(300.0, 210.0), (240.0, 240.0), (210.0, 280.0)] {
            for size in [1.0, 0.85, 0.72] {
                let (bw, bh) = (w * size, h * size);
                let (left, right) = (8.0, W - 8.0 - bw);
                let (top, bottom) = (8.0, main.map_bottom - bh - 4.0);
                if bottom < top {
                    continue;
                }
                for (k, (x, y)) in [(right, bottom), (left, top), (right, top), (left, bottom)]
                    .into_iter()
                    .enumerate()
                {
                    let rect = Rect(x, y, bw, bh);
                    let mut cost = k as f64 * 2.0 - bw * bh / 1000.0;
                    cost +=
                        others.iter().filter(|o| o.overlap(&rect) > 0.0).count() as f64 * 1000.0;
                    if region.overlap(&rect) > 0.0 {
                        cost += 1000.0;
                    }
                    if cost >= 1000.0 {
                        continue;
                    }
                    // A leg hidden under the box reads as if it ran into the detail.
                    cost += plan
                        .segments
                        .iter()
                        .filter(|s| rect.hit_by(points[s.from], points[s.to]))
                        .count() as f64
                        * 2000.0;
                    // The cluster left, centred or right (top, middle, bottom) in the box,
                    // whichever leaves its labels room.
                    for align in [0.5, 0.0, 1.0]
                        .into_iter()
                        .flat_map(|x| [0.5, 0.0, 1.0].map(|y| (x, y)))
                    {
                        let Some((label_cost, inset)) =
                            Inset::lay_out(plan, &members, rect, align, region, main)
                        else {
                            continue;
                        };
                        let cost = cost + label_cost;
                        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                            best = Some((cost, inset));
                        }
                    }
                }
            }
        }
        best.map(|(_, inset)| inset)
    }

    /// The box's contents at `rect`, with the cost of its labels; None when the box would not
    /// separate the markers.
    fn lay_out(
        plan: &Plan,
        members: &[usize],
        rect: Rect,
        align: (f64, f64),
        region: Rect,
        main: &Projection,
    ) -> Option<(f64, Inset)> {
        let inner = Rect(
            rect.0 + INSET_PAD_X,
            rect.1 + INSET_PAD_TOP,
            rect.2 - 2.0 * INSET_PAD_X,
            rect.3 - INSET_PAD_TOP - INSET_PAD_BOTTOM,
        );
        let at: Vec<GeoPoint> = members.iter().map(|&i| plan.markers[i].at).collect();
        let bottom = inner.1 + inner.3;
        let proj = Projection::fit(&at, main.cos0, inner, align, bottom)?;
        let points: Vec<(f64, f64)> = plan.markers.iter().map(|m| proj.xy(m.at)).collect();
        let closest = members
            .iter()
            .enumerate()
            .flat_map(|(a, &i)| members[a + 1..].iter().map(move |&j| (i, j)))
            .map(|(i, j)| dist(points[i], points[j]))
            .fold(f64::MAX, f64::min);
        if closest < 16.0 || proj.scale < 1.5 * main.scale {
            return None;
        }
        let lines = leg_lines(plan, &points, Some(rect.grow(-2.0)));
        let mut drawn = points.clone();
        let bounds = rect.grow(-4.0);
        // Markers stay between the caption and the scale bar.
        let room = Rect(
            rect.0 + 4.0,
            rect.1 + INSET_PAD_TOP - 8.0,
            rect.2 - 8.0,
            rect.3 - INSET_PAD_TOP - INSET_PAD_BOTTOM + 16.0,
        );
        spread(plan, members, &mut drawn, room);
        let (km, len) = proj.scale_bar(rect.2 / 3.0);
        let bar = (km, len, rect.0 + 12.0, rect.1 + rect.3 - 16.0);
        let bar_end = bar.2 + len + 8.0 + text_em(&distance_label(km)) * SMALL_SIZE;
        let obstacles = [
            Rect(
                rect.0,
                rect.1,
                text_em(INSET_CAPTION) * SMALL_SIZE + 16.0,
                SMALL_SIZE + 14.0,
            ),
            Rect(rect.0, bar.3 - 14.0, bar_end - rect.0 + 4.0, 30.0),
        ];
        let mut avoid = ends(&lines);
        avoid.extend(ends(&leader_lines(&points, &drawn, members)));
        let (labels, cost) = place_labels(
            plan,
            &LabelArea {
                which: members,
                at: &drawn,
                lines: &avoid,
                obstacles: &obstacles,
                bounds,
            },
        );
        Some((
            cost,
            Inset {
                members: members.to_vec(),
                rect,
                region,
                points,
                at: drawn,
                lines,
                labels,
                bar,
            },
        ))
    }
}

fn draw(route: &Route, plan: &Plan, proj: &Projection, band: &Band) -> String {
    let points: Vec<(f64, f64)> = plan.markers.iter().map(|m| proj.xy(m.at)).collect();
    let inset = Inset::find(plan, &points, proj);
    let mut out = String::new();
    let title = format!("线路示意图：{}", route.title.value);
    let mut desc = String::new();
    let many_days = plan.desc_days.iter().filter(|d| !d.is_empty()).count() > 1;
    for (d, day) in plan.desc_days.iter().enumerate() {
        if day.is_empty() {
            continue;
        }
        if many_days {
            let _ = write!(desc, "第 {} 天：", d + 1);
        }
        desc.push_str(&day.join(" → "));
        desc.push('。');
    }
    desc.push_str("各点之间以直线示意，不代表实际道路；示意图，非地图。");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" class=\"route-diagram\" fill=\"none\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape_html(&title));
    let _ = writeln!(out, "<desc>{}</desc>", escape_html(&desc));
    let _ = writeln!(
        out,
        "<rect width=\"{W}\" height=\"{H}\" rx=\"8\" fill=\"{PAPER}\" stroke=\"#d3ddd9\"/>"
    );

    let members: &[usize] = inset.as_ref().map_or(&[], |i| &i.members);
    let others: Vec<usize> = (0..points.len()).filter(|i| !members.contains(i)).collect();
    let lines = leg_lines(plan, &points, None);
    draw_legs(&mut out, plan, &lines);
    let mut at = points.clone();
    let bounds = Rect(4.0, 4.0, W - 8.0, proj.map_bottom - 4.0);
    spread(plan, &others, &mut at, bounds);
    draw_leaders(&mut out, &points, &at, &others);
    let mut avoid = ends(&lines);
    avoid.extend(ends(&leader_lines(&points, &at, &others)));
    let mut obstacles = band.boxes();
    if let Some(inset) = &inset {
        // The cluster: true places as dots in a dashed box, drawn again in the detail box.
        let r = inset.region;
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" stroke=\"{INK}\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>",
            n(r.0),
            n(r.1),
            n(r.2),
            n(r.3)
        );
        for &i in &inset.members {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"1.5\"/>",
                n(points[i].0),
                n(points[i].1)
            );
        }
        obstacles.push(inset.rect.grow(4.0));
        obstacles.push(r);
    }
    draw_markers(&mut out, plan, &others, &at);
    let (labels, _) = place_labels(
        plan,
        &LabelArea {
            which: &others,
            at: &at,
            lines: &avoid,
            obstacles: &obstacles,
            bounds,
        },
    );
    draw_labels(&mut out, &labels);
    if let Some(inset) = &inset {
        draw_inset(&mut out, plan, inset);
    }
    draw_band(&mut out, band);
    out.push_str("</svg>\n");
    out
}

/// A leg as drawn: its index in `plan.segments` and its ends.
type Line = (usize, (f64, f64), (f64, f64));
/// A line's two ends.
type Ends = ((f64, f64), (f64, f64));

/// The legs at `points` (clipped to `clip` when given), with legs between the same two places, or
/// places drawn close together, side by side.
fn leg_lines(plan: &Plan, points: &[(f64, f64)], clip: Option<Rect>) -> Vec<Line> {
    let group = close_groups(points, 2.0 * BADGE_R);
    let pair_of = |s: &Segment| {
        let (a, b) = (group[s.from], group[s.to]);
        (a.min(b), a.max(b))
    };
    let mut lines = Vec::new();
    for (k, seg) in plan.segments.iter().enumerate() {
        let pair = pair_of(seg);
        let same: Vec<usize> = plan
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| pair_of(s) == pair)
            .map(|(j, _)| j)
            .collect();
        let rank = same.iter().position(|&j| j == k).unwrap_or(0) as f64;
        let offset = (rank - (same.len() as f64 - 1.0) / 2.0) * 9.0;
        let (a, b) = (points[pair.0], points[pair.1]);
        let len = dist(a, b);
        let (nx, ny) = if len > 0.0 {
            (-(b.1 - a.1) / len * offset, (b.0 - a.0) / len * offset)
        } else {
            (0.0, 0.0)
        };
        let (a, b) = (
            (points[seg.from].0 + nx, points[seg.from].1 + ny),
            (points[seg.to].0 + nx, points[seg.to].1 + ny),
        );
        let Some((a, b)) = clip.map_or(Some((a, b)), |c| c.clip(a, b)) else {
            continue;
        };
        if dist(a, b) >= 1.0 {
            lines.push((k, a, b));
        }
    }
    lines
}

fn draw_legs(out: &mut String, plan: &Plan, lines: &[Line]) {
    let _ = writeln!(out, "<g stroke-linejoin=\"round\">");
    for &(k, a, b) in lines {
        if let Some(seg) = plan.segments.get(k) {
            let _ = writeln!(out, "{}", Style::new(seg.day, seg.mode).line(a, b));
        }
    }
    let _ = writeln!(out, "</g>");
}

/// Lines for label placement to keep clear of.
fn ends(lines: &[Line]) -> Vec<Ends> {
    lines.iter().map(|&(_, a, b)| (a, b)).collect()
}

/// A dot at the true place and a thin line to each marker that had to move.
fn draw_leaders(out: &mut String, points: &[(f64, f64)], at: &[(f64, f64)], which: &[usize]) {
    for &i in which {
        let (p, c) = (points[i], at[i]);
        if dist(p, c) > 2.0 {
            let _ = writeln!(
                out,
                "<path d=\"M{} {}L{} {}\" stroke=\"{INK}\" stroke-width=\"1.5\"/><circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"1.5\"/>",
                n(p.0),
                n(p.1),
                n(c.0),
                n(c.1),
                n(p.0),
                n(p.1)
            );
        }
    }
}

/// The leader lines of the markers `which` that moved.
fn leader_lines(points: &[(f64, f64)], at: &[(f64, f64)], which: &[usize]) -> Vec<Line> {
    which
        .iter()
        .filter(|&&i| dist(points[i], at[i]) > 2.0)
        .map(|&i| (usize::MAX, points[i], at[i]))
        .collect()
}

fn draw_markers(out: &mut String, plan: &Plan, which: &[usize], at: &[(f64, f64)]) {
    let _ = writeln!(
        out,
        "<g font-size=\"{BADGE_SIZE}\" font-weight=\"700\" text-anchor=\"middle\">"
    );
    for &i in which {
        let m = &plan.markers[i];
        let (x, y) = at[i];
        if m.numbers.is_empty() {
            if m.meeting {
                // A square with a dot: the starting point.
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"22\" fill=\"{PAPER}\" stroke=\"{INK}\" stroke-width=\"3\"/><rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{INK}\"/>",
                    n(x - 11.0),
                    n(y - 11.0),
                    n(x - 5.0),
                    n(y - 5.0),
                );
            } else {
                // A house: the lodging.
                let _ = writeln!(
                    out,
                    "<path d=\"M{} {}v-13l11-11 11 11v13z\" fill=\"{PAPER}\" stroke=\"{INK}\" stroke-width=\"3\" stroke-linejoin=\"round\"/>",
                    n(x - 11.0),
                    n(y + 12.0),
                );
            }
            continue;
        }
        // A numbered badge: filled for a place, outlined for a located `do:` stop.
        let (hw, hh) = marker_half(m);
        let (fill, ink) = if m.visit {
            (ACCENT, PAPER)
        } else {
            (PAPER, ACCENT)
        };
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{BADGE_R}\" fill=\"{fill}\" stroke=\"{ACCENT}\" stroke-width=\"3\"/><text x=\"{}\" y=\"{}\" fill=\"{ink}\">{}</text>",
            n(x - hw),
            n(y - hh),
            n(2.0 * hw),
            n(2.0 * hh),
            n(x),
            n(y + BADGE_SIZE * 0.35),
            escape_html(&m.badge()),
        );
    }
    let _ = writeln!(out, "</g>");
}

/// Labels in the page's font, with a white halo over the legs.
fn draw_labels(out: &mut String, labels: &[Label]) {
    let _ = writeln!(
        out,
        "<g font-size=\"{LABEL_SIZE}\" fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"5\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
    );
    for l in labels {
        let anchor = if l.anchor == "start" {
            String::new()
        } else {
            format!(" text-anchor=\"{}\"", l.anchor)
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\"{anchor}>{}</text>",
            n(l.x),
            n(l.baseline),
            escape_html(&l.text)
        );
    }
    let _ = writeln!(out, "</g>");
}

/// A scale bar from (x0, y) with its distance after it; returns where the text ends.
fn draw_scale_bar(out: &mut String, class: &str, x0: f64, y: f64, km: f64, len: f64) -> f64 {
    let x1 = x0 + len;
    let label = distance_label(km);
    let _ = writeln!(
        out,
        "<path class=\"{class}\" d=\"M{} {}V{}H{}V{}\" stroke=\"{INK}\" stroke-width=\"2.5\" fill=\"none\"/><text x=\"{}\" y=\"{}\" fill=\"{INK}\" font-size=\"{SMALL_SIZE}\">{}</text>",
        n(x0),
        n(y - 8.0),
        n(y),
        n(x1),
        n(y - 8.0),
        n(x1 + 8.0),
        n(y + 7.0),
        label
    );
    x1 + 8.0 + text_em(&label) * SMALL_SIZE
}

/// The detail box: its own legs (cut at the frame), markers, labels and scale bar.
fn draw_inset(out: &mut String, plan: &Plan, inset: &Inset) {
    let r = inset.rect;
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{PAPER}\" stroke=\"{INK}\" stroke-width=\"1.5\"/>",
        n(r.0),
        n(r.1),
        n(r.2),
        n(r.3)
    );
    draw_legs(out, plan, &inset.lines);
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" fill=\"{MUTED}\" font-size=\"{SMALL_SIZE}\" stroke=\"{PAPER}\" stroke-width=\"5\" stroke-linejoin=\"round\" paint-order=\"stroke\">{INSET_CAPTION}</text>",
        n(r.0 + 10.0),
        n(r.1 + 8.0 + SMALL_SIZE)
    );
    draw_leaders(out, &inset.points, &inset.at, &inset.members);
    draw_markers(out, plan, &inset.members, &inset.at);
    let (km, len, x, y) = inset.bar;
    draw_scale_bar(out, "scale-bar-inset", x, y, km, len);
    draw_labels(out, &inset.labels);
}

/// The north arrow, the scale bar and the legend along the bottom.
fn draw_band(out: &mut String, band: &Band) {
    let base = H - 12.0;
    let line_y = base - 7.0;
    let _ = writeln!(
        out,
        "<g font-size=\"{SMALL_SIZE}\" fill=\"{INK}\" stroke=\"none\">"
    );
    // North arrow: a half-filled arrowhead with N on top.
    let ax = n(30.0);
    let _ = writeln!(
        out,
        "<path d=\"M{ax} {}l-8 18 8-5z\" fill=\"{INK}\"/><path d=\"M{ax} {}l8 18-8-5z\" fill=\"{PAPER}\" stroke=\"{INK}\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/><text x=\"{ax}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"700\">N</text>",
        n(base - 18.0),
        n(base - 18.0),
        n(base - 22.0),
    );
    draw_scale_bar(
        out,
        "scale-bar",
        SCALE_X,
        line_y,
        band.scale_km,
        band.scale_len,
    );
    // Legend rows, right-aligned, the first row at the bottom.
    for (r, row) in band.rows.iter().enumerate() {
        let y = base - r as f64 * ROW_H;
        let total: f64 = row.iter().map(|(_, _, w)| w).sum::<f64>() - 18.0;
        let mut x = W - BAND_PAD - total;
        for (text, style, w) in row {
            let sy = y - SMALL_SIZE * 0.35;
            let _ = writeln!(out, "{}", style.line((x, sy), (x + SAMPLE_W, sy)));
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                n(x + SAMPLE_W + 8.0),
                n(y),
                escape_html(text)
            );
            x += w;
        }
    }
    let _ = writeln!(out, "</g>");
}

#[cfg(test)]
mod tests;

//! The diagram's geometry: the projection from degrees to viewBox units, boxes and their overlaps
//! and clipping, groups of points drawn close together, and the legs as lines on the drawing
//! (side by side where they share their ends) with the leader lines of moved markers.

use crate::model::{GeoPoint, geo};

use super::BADGE_R;
use super::plan::{Plan, Segment};

/// The smallest extent the map area shows across its width, so a walk around one campus still
/// gets a sensible scale (about 200 m).
const MIN_SPAN_KM: f64 = 0.8;

/// Degrees → viewBox units: x = lon·cos φ₀, y = −lat, scaled and moved.
#[derive(Debug, Clone)]
pub(super) struct Projection {
    pub(super) cos0: f64,
    /// Units per projected degree.
    pub(super) scale: f64,
    /// Projected x, y of the fitted points' centre and the viewBox point it lands on.
    pub(super) centre: (f64, f64),
    pub(super) to: (f64, f64),
    /// km per viewBox unit.
    pub(super) km_per_unit: f64,
    /// The bottom of the area markers may use.
    pub(super) map_bottom: f64,
}

impl Projection {
    /// Fits `points` into `area`, never showing less than [`MIN_SPAN_KM`] across it; `align`
    /// places them in the room left over (0: left or top, 0.5: centred, 1: right or bottom).
    pub(super) fn fit(
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

    pub(super) fn xy(&self, p: GeoPoint) -> (f64, f64) {
        let (x, y) = (p.lon * self.cos0, -p.lat);
        (
            self.to.0 + (x - self.centre.0) * self.scale,
            self.to.1 + (y - self.centre.1) * self.scale,
        )
    }

    /// A round scale-bar distance (1-2-5 steps) about `target` units long: (km, units).
    pub(super) fn scale_bar(&self, target: f64) -> (f64, f64) {
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

/// An axis-aligned box: x, y, width, height.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rect(
    pub(super) f64,
    pub(super) f64,
    pub(super) f64,
    pub(super) f64,
);

impl Rect {
    pub(super) fn overlap(&self, o: &Rect) -> f64 {
        let w = (self.0 + self.2).min(o.0 + o.2) - self.0.max(o.0);
        let h = (self.1 + self.3).min(o.1 + o.3) - self.1.max(o.1);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    pub(super) fn grow(&self, by: f64) -> Rect {
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

    pub(super) fn hit_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        self.clip(a, b).is_some()
    }
}

pub(super) fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// For each point, the smallest index of the points within `within` units of it, transitively.
pub(super) fn close_groups(points: &[(f64, f64)], within: f64) -> Vec<usize> {
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

/// A leg as drawn: its index in `plan.segments` and its ends.
pub(super) type Line = (usize, (f64, f64), (f64, f64));
/// A line's two ends.
pub(super) type Ends = ((f64, f64), (f64, f64));

/// The legs at `points` (clipped to `clip` when given), with legs between the same two places, or
/// places drawn close together, side by side.
pub(super) fn leg_lines(plan: &Plan, points: &[(f64, f64)], clip: Option<Rect>) -> Vec<Line> {
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

/// Lines for label placement to keep clear of.
pub(super) fn ends(lines: &[Line]) -> Vec<Ends> {
    lines.iter().map(|&(_, a, b)| (a, b)).collect()
}

/// The leader lines of the markers `which` that moved.
pub(super) fn leader_lines(points: &[(f64, f64)], at: &[(f64, f64)], which: &[usize]) -> Vec<Line> {
    which
        .iter()
        .filter(|&&i| dist(points[i], at[i]) > 2.0)
        .map(|&i| (usize::MAX, points[i], at[i]))
        .collect()
}

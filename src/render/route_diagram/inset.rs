//! The detail box: which cluster of markers crowds at the whole-route scale, and where a box
//! showing it at a larger, equally true scale fits best — every shape, size, corner and alignment
//! laid out in full (legs, spread markers, labels, scale bar) and the cheapest kept.

use crate::model::GeoPoint;

use super::geometry::{Line, Projection, Rect, close_groups, dist, ends, leader_lines, leg_lines};
use super::placement::{Label, LabelArea, place_labels, spread};
use super::plan::Plan;
use super::text::{distance_label, text_em};
use super::{SMALL_SIZE, W};

/// Margins inside the detail box (caption above, scale bar below).
const INSET_PAD_X: f64 = 36.0;
const INSET_PAD_TOP: f64 = 44.0;
const INSET_PAD_BOTTOM: f64 = 44.0;
pub(super) const INSET_CAPTION: &str = "局部放大";
/// Markers within this many units of each other (transitively) form a cluster.
const CLUSTER_UNITS: f64 = 60.0;

/// A detail box at a larger scale for places that crowd together on the whole-route scale
/// (a long train ride to a group of sights around one town). Both scales are true.
#[derive(Debug)]
pub(super) struct Inset {
    pub(super) members: Vec<usize>,
    pub(super) rect: Rect,
    /// The cluster's extent on the main map.
    pub(super) region: Rect,
    /// Every marker's true place in the box's projection, and where the members are drawn.
    pub(super) points: Vec<(f64, f64)>,
    pub(super) at: Vec<(f64, f64)>,
    pub(super) lines: Vec<Line>,
    pub(super) labels: Vec<Label>,
    /// Scale bar: km, length, left end, baseline.
    pub(super) bar: (f64, f64, f64, f64),
}

impl Inset {
    /// The detail box for the largest crowded cluster of `points` (the markers on the main map),
    /// or None when nothing crowds or no box fits.
    pub(super) fn find(plan: &Plan, points: &[(f64, f64)], main: &Projection) -> Option<Inset> {
        let members = crowded_cluster(points)?;
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

/// The largest group of markers within [`CLUSTER_UNITS`] of each other that is crowded (three or
/// more, or two closer than 24 units) and is not every marker.
fn crowded_cluster(points: &[(f64, f64)]) -> Option<Vec<usize>> {
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
    best
}

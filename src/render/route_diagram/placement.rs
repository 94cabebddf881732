//! Keeping the diagram readable where it crowds: markers moved apart until their symbols clear
//! (a leader line keeps the true place), and each marker's label placed beside it where it
//! covers the least of the other labels, markers, legs and boxes.

use super::geometry::{Ends, Rect};
use super::plan::{Marker, Plan};
use super::text::text_em;
use super::{BADGE_R, BADGE_SIZE, LABEL_SIZE};

/// Half width and half height of a marker's symbol.
pub(super) fn marker_half(m: &Marker) -> (f64, f64) {
    if m.numbers.is_empty() {
        (13.0, 13.0)
    } else {
        let w = text_em(&m.badge()) * BADGE_SIZE + 14.0;
        ((w / 2.0).max(BADGE_R), BADGE_R)
    }
}

/// Moves the markers `which` apart until their symbols no longer overlap, keeping them inside
/// `bounds` (deterministic).
pub(super) fn spread(plan: &Plan, which: &[usize], at: &mut [(f64, f64)], bounds: Rect) {
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
pub(super) struct Label {
    pub(super) text: String,
    pub(super) x: f64,
    pub(super) baseline: f64,
    pub(super) anchor: &'static str,
    pub(super) rect: Rect,
}

/// Where labels go: markers `which` at `at`, inside `bounds`, clear of `obstacles` and `lines`.
pub(super) struct LabelArea<'a> {
    pub(super) which: &'a [usize],
    pub(super) at: &'a [(f64, f64)],
    pub(super) lines: &'a [Ends],
    pub(super) obstacles: &'a [Rect],
    pub(super) bounds: Rect,
}

/// Places each marker's label beside it: eight positions each, chosen greedily (longest label
/// first, it has the fewest good places) and then revised twice with the others fixed. A
/// position costs by its overlap with other labels, markers, obstacles and the edges, and by the
/// legs it crosses. Returns the labels in marker order and the total cost.
pub(super) fn place_labels(plan: &Plan, area: &LabelArea) -> (Vec<Label>, f64) {
    let marker_boxes: Vec<(usize, Rect)> = area
        .which
        .iter()
        .map(|&i| {
            let (hw, hh) = marker_half(&plan.markers[i]);
            let (x, y) = area.at[i];
            (i, Rect(x - hw, y - hh, 2.0 * hw, 2.0 * hh).grow(2.0))
        })
        .collect();
    let mut options: Vec<Vec<(f64, Label)>> = Vec::new();
    for &i in area.which {
        if let Some(mine) = label_options(plan, area, &marker_boxes, i) {
            options.push(mine);
        }
    }
    let (chosen, total) = choose_labels(&options);
    let labels = options
        .into_iter()
        .zip(chosen)
        .filter_map(|(mut o, c)| c.map(|k| o.swap_remove(k).1))
        .collect();
    (labels, total)
}

/// Marker `i`'s eight label positions, each with the cost that does not depend on the other
/// labels (the order of preference, the edges, markers, obstacles and legs); None when the marker
/// has no label.
fn label_options(
    plan: &Plan,
    area: &LabelArea,
    marker_boxes: &[(usize, Rect)],
    i: usize,
) -> Option<Vec<(f64, Label)>> {
    let m = &plan.markers[i];
    let text = m.label(plan.region.as_deref());
    if text.is_empty() {
        return None;
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
    Some(mine)
}

/// Picks one position per label: longest label first, then all revised twice with the others
/// fixed, a position costing also by its overlap with the labels already placed. Returns the
/// choice per label and the total cost.
fn choose_labels(options: &[Vec<(f64, Label)>]) -> (Vec<Option<usize>>, f64) {
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
    (chosen, total)
}

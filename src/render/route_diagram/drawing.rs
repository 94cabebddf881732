//! Drawing the diagram as SVG text: leg styles per day and mode, markers, labels with a halo, the
//! detail box, the bottom band, and the `<title>`/`<desc>` that say in words what it shows.
//! Numbers are written with one decimal so the output is byte-stable.

use std::fmt::Write as _;

use crate::model::{Mode, Route};
use crate::render::escape_html;

use super::band::{BAND_PAD, Band, ROW_H, SAMPLE_W, SCALE_X};
use super::geometry::{Line, Projection, Rect, dist, ends, leader_lines, leg_lines};
use super::inset::{INSET_CAPTION, Inset};
use super::placement::{Label, LabelArea, marker_half, place_labels, spread};
use super::plan::Plan;
use super::text::{distance_label, text_em};
use super::{BADGE_R, BADGE_SIZE, H, LABEL_SIZE, SMALL_SIZE, W};

const INK: &str = "#1b2522";
const MUTED: &str = "#4a5954";
const PAPER: &str = "#fff";
/// The theme's teal accent.
const ACCENT: &str = "#0b6e63";
/// Day colours (the first is the accent) and day dash patterns, cycled.
const DAY_COLOURS: [&str; 4] = [ACCENT, "#b45309", "#4338ca", "#be185d"];
const DAY_DASHES: [&str; 4] = ["", "12 6", "16 5 3 5", "5 5"];

/// Leg styles: a day colour, and a dash pattern per day for roads or a symbol per mode.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    colour: &'static str,
    dash: &'static str,
    mode: Mode,
}

impl Style {
    pub(super) fn new(day: usize, mode: Mode) -> Style {
        Style {
            colour: DAY_COLOURS[day % DAY_COLOURS.len()],
            dash: DAY_DASHES[day % DAY_DASHES.len()],
            mode,
        }
    }

    pub(super) fn neutral(mode: Mode) -> Style {
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
pub(super) fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    format!("{:.1}", r + 0.0)
}

/// The whole SVG, in drawing order (later on top): the legs, the main map's markers and labels,
/// the detail box, then the band.
pub(super) fn draw(route: &Route, plan: &Plan, proj: &Projection, band: &Band) -> String {
    let points: Vec<(f64, f64)> = plan.markers.iter().map(|m| proj.xy(m.at)).collect();
    let inset = Inset::find(plan, &points, proj);
    let mut out = String::new();
    let title = format!("线路示意图：{}", route.title.value);
    let desc = description(plan);
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
        draw_cluster(&mut out, inset, &points);
        obstacles.push(inset.rect.grow(4.0));
        obstacles.push(inset.region);
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

/// The `<desc>`: each day's points in visiting order, and what the figure is not.
fn description(plan: &Plan) -> String {
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
    desc
}

/// The cluster on the main map: true places as dots in a dashed box, drawn again in the detail
/// box.
fn draw_cluster(out: &mut String, inset: &Inset, points: &[(f64, f64)]) {
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

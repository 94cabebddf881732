//! The bottom band — north arrow, scale bar and legend rows — and the layout that fits the map
//! above it, growing the band while the legend needs more rows.

use crate::model::GeoPoint;

use super::drawing::Style;
use super::geometry::{Projection, Rect};
use super::plan::Plan;
use super::text::{distance_label, text_em};
use super::{H, SMALL_SIZE, W};

/// Space kept free around the fitted points (labels may use it).
const MARGIN_X: f64 = 44.0;
const MARGIN_TOP: f64 = 40.0;
const MARGIN_BOTTOM: f64 = 34.0;

/// The bottom band: north arrow and scale bar on the left, legend rows right-aligned (the first
/// row at the bottom, more rows above it when the entries do not fit beside the scale bar).
pub(super) const ROW_H: f64 = 36.0;
pub(super) const SAMPLE_W: f64 = 32.0;
pub(super) const BAND_PAD: f64 = 16.0;
pub(super) const SCALE_X: f64 = 58.0;

#[derive(Debug)]
pub(super) struct Band {
    pub(super) rows: Vec<Vec<(String, Style, f64)>>,
    /// Where the scale block ends.
    pub(super) scale_end: f64,
    pub(super) scale_km: f64,
    pub(super) scale_len: f64,
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
    pub(super) fn boxes(&self) -> Vec<Rect> {
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
pub(super) fn layout(plan: &Plan) -> Option<(Projection, Band)> {
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

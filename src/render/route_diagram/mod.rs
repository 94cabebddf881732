//! The route diagram: an inline SVG drawn at build time from the stops' coordinates — numbered
//! stops joined by straight legs, labels, a scale bar and a north arrow — with no base-map tiles.
//! A self-rendered map of China needs official review (地图审核, under the 地图管理条例); a diagram of points
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
//!
//! The work runs in steps, one file each: `plan` reads the route into markers, legs and the
//! text description; `band` fits the map above the bottom band (north arrow, scale bar,
//! legend) using the projection and boxes of `geometry`; `inset` picks the detail box;
//! `placement` moves crowded markers apart and places the labels; `drawing` writes the SVG.
//! `text` measures and shortens the words on it. This file keeps the sizes they share.

mod band;
mod drawing;
mod geometry;
mod inset;
mod placement;
mod plan;
mod text;

use crate::model::{Route, Site};
use band::layout;
use drawing::draw;
use plan::Plan;

/// The viewBox.
const W: f64 = 640.0;
const H: f64 = 420.0;

/// Font sizes (viewBox units; the SVG is about 330 px wide on a phone, so ×0.51).
const LABEL_SIZE: f64 = 24.0;
const BADGE_SIZE: f64 = 20.0;
const SMALL_SIZE: f64 = 22.0;
/// Labels longer than this (in em) are cut with "…".
const LABEL_MAX_EM: f64 = 8.0;
const BADGE_R: f64 = 15.0;

/// The route's diagram, or None when it has fewer than two located points.
pub fn route_diagram(site: &Site, route: &Route) -> Option<String> {
    let plan = Plan::collect(site, route)?;
    let (proj, band) = layout(&plan)?;
    Some(draw(route, &plan, &proj, &band))
}

#[cfg(test)]
mod tests;

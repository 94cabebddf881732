//! The legs of a route: the way to each stop from the previous located point of its day, with
//! distance, estimated travel time and the gap the timetable leaves for it.

use super::route::{Mode, Route, StopKind};
use super::{GeoPoint, Place, TimeOfDay, geo};

/// The way to one stop from the previous located point of its day.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    pub mode: Mode,
    /// Straight-line distance.
    pub straight_km: f64,
    /// Road distance estimate: straight line × the detour factor.
    pub road_km: f64,
    /// `travel_minutes` when given, else road distance ÷ the mode's speed.
    pub minutes: u32,
    /// Minutes between leaving the previous point and arriving here, not counting unlocated `do:`
    /// stops in between; None when the start time is unknown (a later day from the lodging).
    pub gap: Option<i64>,
}

impl Route {
    /// The leg before each stop, day by day (same shape as `days[d].stops`). Legs run between
    /// located stops: from the meeting point on day 1, from `lodging_location` on later days;
    /// a `do:` stop without a location is transparent and its time is taken out of the gap.
    pub fn legs(&self, places: &[Place], rules: &crate::config::Rules) -> Vec<Vec<Option<Leg>>> {
        self.days
            .iter()
            .enumerate()
            .map(|(d, day)| {
                let mut prev: Option<(GeoPoint, Option<TimeOfDay>)> = if d == 0 {
                    self.meeting.as_ref().and_then(|m| {
                        Some((m.location.as_ref()?.value, m.time.as_ref().map(|t| t.value)))
                    })
                } else {
                    self.lodging_location.as_ref().map(|l| (l.value, None))
                };
                let mut skipped = 0i64;
                day.stops
                    .iter()
                    .map(|stop| {
                        let (point, by, travel) = match &stop.what {
                            StopKind::Visit {
                                place,
                                by,
                                travel_minutes,
                                ..
                            } => (
                                places.get(*place).map(|p| p.location.value),
                                by,
                                travel_minutes,
                            ),
                            StopKind::Activity {
                                location,
                                by,
                                travel_minutes,
                                ..
                            } => (location.as_ref().map(|l| l.value), by, travel_minutes),
                        };
                        let Some(point) = point else {
                            skipped += i64::from(stop.leave.value.minutes())
                                - i64::from(stop.arrive.value.minutes());
                            return None;
                        };
                        let leg = prev.map(|(from, left)| {
                            let mode = by.as_ref().map_or(Mode::Coach, |b| b.value);
                            let straight_km = geo::distance_km(from, point);
                            let road_km = straight_km * rules.detour_factor;
                            let estimate =
                                (road_km / mode.speed_kmh(&rules.speed_kmh) * 60.0).ceil();
                            Leg {
                                mode,
                                straight_km,
                                road_km,
                                minutes: travel
                                    .unwrap_or(estimate.clamp(0.0, f64::from(u32::MAX)) as u32),
                                gap: left.map(|t| {
                                    i64::from(stop.arrive.value.minutes())
                                        - i64::from(t.minutes())
                                        - skipped
                                }),
                            }
                        });
                        prev = Some((point, Some(stop.leave.value)));
                        skipped = 0;
                        leg
                    })
                    .collect()
            })
            .collect()
    }
}

//! Domain rules over a resolved `Site`: the checks listed in README, "What `check` reports",
//! one small module per rule, each named for what it checks and reporting under a stable code.
//! Thresholds come from `site.yaml` `rules`. Nothing here reads files or knows about YAML. What
//! several rules need (the places a day visits, the weekdays a day falls on, opening hours as
//! text) lives here, once.

mod audience_fit;
mod closed_days;
mod coach_leg;
mod contact_values;
mod departures;
mod district;
mod learning_time;
mod lodging;
mod opening_hours;
mod place_status;
mod region_box;
mod reservation;
mod risk_note;
mod school_declarations;
mod staffing;
mod staleness;
mod time_order;
mod travel_time;

#[cfg(test)]
pub(crate) mod test_site;

use jiff::civil::{Date, Weekday};

use crate::diag::{Diagnostic, Pos, Text};
// The weekdays day 1 may fall on, read as the planner reads them.
use crate::model::run_dates::runs_on;
use crate::model::{Day, Leg, Place, Route, Site, Stop, StopKind, WeekdaySet};
use crate::text;

/// Every rule over the whole site, in the order of the README table. `today` only decides the
/// staleness warning. The order of the diagnostics doesn't matter: the caller sorts them.
pub fn check_site(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let d = &mut diags;
    // Errors: the clock, the calendar and the places a route may visit.
    time_order::check(site, d); // E030
    opening_hours::check(site, d); // E031
    closed_days::check(site, d); // E032 on a weekly closed day
    departures::check(site, d); // E032 on a departure date, E033, W006
    place_status::check(site, d); // E034, W004
    // Errors: places.
    region_box::check(site, d); // E035
    district::check(site, d); // E036
    risk_note::check(site, d); // E040
    reservation::check(site, d); // E041
    // Errors: what a route must declare and staff.
    lodging::check(site, d); // E042
    school_declarations::check(site, d); // E043
    staffing::check(site, d); // E044
    coach_leg::check(site, d); // E045
    // Warnings.
    travel_time::check(site, d); // W001
    learning_time::check(site, d); // W002
    audience_fit::check(site, d); // W003
    staleness::check(site, today, d); // W005
    contact_values::check(site, d); // W009, W010
    diags
}

/// Empty or only spaces: a text field that says nothing.
fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// The stops of a day that visit a place, with the place and the position of their `at:`.
fn visits<'s>(site: &'s Site, day: &'s Day) -> impl Iterator<Item = (&'s Stop, &'s Place, Pos)> {
    day.stops.iter().filter_map(|stop| match &stop.what {
        StopKind::Visit { place, at_pos, .. } => {
            site.places.get(*place).map(|p| (stop, p, *at_pos))
        }
        StopKind::Activity { .. } => None,
    })
}

/// For each weekday day 1 may fall on, the weekday day `d` (0-based) then falls on: day N is
/// N−1 days after day 1. As (day 1, day `d`) pairs, so a help can name the `runs_on` day.
fn weekdays_of_day(runs_on: WeekdaySet, d: usize) -> impl Iterator<Item = (Weekday, Weekday)> {
    let shift = i64::try_from(d % 7).unwrap_or(0);
    runs_on.iter().map(move |w| (w, w.wrapping_add(shift)))
}

/// `day 1` / `第 1 天`, for a 0-based day index.
fn day_note(d: usize) -> Text {
    let n = d + 1;
    text!("day {n}", "第 {n} 天")
}

/// A place's opening hours: `Tuesday to Sunday 09:00–17:00 (last entry 16:00)` /
/// `周二至周日 09:00–17:00（16:00 停止入场）`.
fn hours_text(place: &Place) -> Text {
    if place.hours.is_empty() {
        return text!("every day", "每天开放");
    }
    let (en, zh): (Vec<String>, Vec<String>) = place
        .hours
        .iter()
        .map(|h| {
            let (open, close) = (h.open, h.close);
            let (days_en, days_zh) = (h.days.label_en(), h.days.label_zh());
            match h.last_entry {
                Some(last) => (
                    format!("{days_en} {open}–{close} (last entry {last})"),
                    format!("{days_zh} {open}–{close}（{last} 停止入场）"),
                ),
                None => (
                    format!("{days_en} {open}–{close}"),
                    format!("{days_zh} {open}–{close}"),
                ),
            }
        })
        .unzip();
    Text::new(en.join("; "), zh.join("；"))
}

/// Each located stop of a route with the leg that reaches it. Empty for a route with a
/// left-out stop (its error is reported): the legs would join the wrong stops, so every later
/// distance and gap would be wrong.
fn legs<'s>(site: &Site, route: &'s Route) -> Vec<(&'s Stop, Leg)> {
    if !route.complete {
        return Vec::new();
    }
    route
        .days
        .iter()
        .zip(route.legs(&site.places, &site.config.rules))
        .flat_map(|(day, legs)| day.stops.iter().zip(legs))
        .filter_map(|(stop, leg)| leg.map(|leg| (stop, leg)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::test_site::*;
    use crate::diag::codes::{
        OUTSIDE_REGION, RESERVATION_WITHOUT_HOW, RISKS_WITHOUT_NOTE, STALE, UNKNOWN_DISTRICT,
    };

    #[test]
    fn good_place_passes() {
        assert_eq!(codes(&site(&[("bases/museum", MUSEUM)])), vec![]);
    }

    #[test]
    fn good_route_passes() {
        let r = route("", STOPS);
        assert_eq!(
            codes(&site(&[
                ("bases/museum", MUSEUM),
                ("bases/lab", LAB),
                ("routes/r", &r)
            ])),
            vec![]
        );
    }

    /// Every place rule runs, each problem at its own line.
    #[test]
    fn place_rules() {
        let bad = r#"---
name: x
district: 北培区
location: { lat: 39.9, lon: 116.4 }
risks: [cave]
reservation: { required: true }
verified: 2025-01-01
"#;
        assert_eq!(
            codes(&site(&[("spots/x", bad)])),
            vec![
                (UNKNOWN_DISTRICT, 3),
                (OUTSIDE_REGION, 4),
                (RISKS_WITHOUT_NOTE, 5),
                (RESERVATION_WITHOUT_HOW, 6),
                (STALE, 7)
            ]
        );
    }

    #[test]
    fn a_day_falls_days_after_day_one() {
        use jiff::civil::Weekday::*;
        let tue_sun = crate::model::WeekdaySet::parse("tue,sun").unwrap();
        let day3: Vec<_> = super::weekdays_of_day(tue_sun, 2).collect();
        assert_eq!(day3, vec![(Tuesday, Thursday), (Sunday, Tuesday)]);
        let day8: Vec<_> = super::weekdays_of_day(tue_sun, 7).collect();
        assert_eq!(day8, vec![(Tuesday, Tuesday), (Sunday, Sunday)]);
    }
}

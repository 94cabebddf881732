//! Whether a route can run from a given start date, and why not: the one date rule of the site.
//! The build's departure check (`validate::departures`: E033, W006, E032) and the route page's
//! date planner (its embedded data, read by `planner.js`) both follow it, so the page never tells
//! a teacher something the build would not.
//!
//! The verdict ranks its reasons the way the build weighs them: a start date off the route's
//! `runs_on` weekdays is the whole answer (E033; the days are not looked at, as the build does
//! not). Otherwise every stop's place is judged on the date its day falls on (E032), and the
//! date being outside the route's best `months` (W006, only a warning) is carried beside them:
//! the trip may be possible, the planner says it is not the best time and still lists each stop.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use super::{Closure, Place, Route, Site, StopKind, WeekdaySet};

/// For one start date: does the route run, and is each place open on its day?
#[derive(Debug, Clone)]
pub enum RunVerdict<'s> {
    /// The start date falls on a weekday the route does not run (`runs_on`).
    OffWeekday(Weekday),
    /// The route runs that weekday; each visit of each day on its date.
    Runs {
        /// The start month is not one of the route's `months` (when it names any).
        outside_months: bool,
        stops: Vec<StopOnDate<'s>>,
    },
}

/// A visit of a route on the date its day falls on.
#[derive(Debug, Clone)]
pub struct StopOnDate<'s> {
    /// 0-based day of the route.
    pub day: usize,
    /// 0-based stop of that day (activities count too: it is the stop's index in the day).
    pub stop: usize,
    pub place: &'s Place,
    pub date: Date,
    /// None: open that day.
    pub closed: Option<ClosedBecause<'s>>,
}

/// Why a place does not receive the route on a date.
#[derive(Debug, Clone, PartialEq)]
pub enum ClosedBecause<'s> {
    /// One of its dated `closures`.
    Closure(&'s Closure),
    /// A weekly closed day (no `hours` entry opens it), not lifted by a holiday.
    WeeklyClosed(Weekday),
    /// A site.yaml holiday and the place has `groups_on_holidays: false`: a route is a group trip.
    NoGroupsOnHoliday,
}

impl ClosedBecause<'_> {
    /// A short stable name of the reason: `closure`, `weekly`, `holiday` (the planner's codes).
    pub fn code(&self) -> &'static str {
        match self {
            ClosedBecause::Closure(_) => "closure",
            ClosedBecause::WeeklyClosed(_) => "weekly",
            ClosedBecause::NoGroupsOnHoliday => "holiday",
        }
    }
}

impl RunVerdict<'_> {
    /// The verdict's reason, most serious first: `weekday` (E033), `closed` (a stop closed,
    /// E032), `months` (outside the best months, W006), else `ok` (the build would take this
    /// date as a departure without a word).
    pub fn reason(&self) -> &'static str {
        match self {
            RunVerdict::OffWeekday(_) => "weekday",
            RunVerdict::Runs { stops, .. } if stops.iter().any(|s| s.closed.is_some()) => "closed",
            RunVerdict::Runs {
                outside_months: true,
                ..
            } => "months",
            RunVerdict::Runs { .. } => "ok",
        }
    }

    pub fn is_ok(&self) -> bool {
        self.reason() == "ok"
    }
}

/// The weekdays day 1 may fall on: `runs_on`, or any day when the route doesn't say.
pub fn runs_on(route: &Route) -> WeekdaySet {
    route.runs_on.as_ref().map_or(WeekdaySet::ALL, |r| r.value)
}

/// Whether `route` can run starting on `start`, and each stop's place on its day's date.
pub fn route_on<'s>(site: &'s Site, route: &Route, start: Date) -> RunVerdict<'s> {
    if !runs_on(route).contains(start.weekday()) {
        return RunVerdict::OffWeekday(start.weekday());
    }
    let outside_months = !route.months.is_empty()
        && !route
            .months
            .iter()
            .any(|m| i8::try_from(m.value).is_ok_and(|m| m == start.month()));
    let holidays = &site.config.holidays;
    let mut stops = Vec::new();
    for (d, day) in route.days.iter().enumerate() {
        // Day N is N−1 days after the start; a date past the calendar's end has nothing to judge.
        let Some(date) = i64::try_from(d)
            .ok()
            .and_then(|d| start.checked_add(d.days()).ok())
        else {
            continue;
        };
        for (s, stop) in day.stops.iter().enumerate() {
            let StopKind::Visit { place, .. } = &stop.what else {
                continue;
            };
            let Some(place) = site.places.get(*place) else {
                continue;
            };
            stops.push(StopOnDate {
                day: d,
                stop: s,
                place,
                date,
                closed: closed_on(place, date, holidays),
            });
        }
    }
    RunVerdict::Runs {
        outside_months,
        stops,
    }
}

/// Why `place` does not receive a group on `date`, if it does not. A dated closure comes first
/// (it says the most), then the weekly closed day (lifted on a holiday for a place
/// `open_on_holidays`), then a holiday on which the place takes no groups.
pub fn closed_on<'p>(place: &'p Place, date: Date, holidays: &[Date]) -> Option<ClosedBecause<'p>> {
    if let Some(c) = place
        .closures
        .iter()
        .find(|c| c.from <= date && date <= c.to)
    {
        return Some(ClosedBecause::Closure(c));
    }
    let holiday = holidays.contains(&date);
    let weekly_closed = !place.hours.is_empty() && place.hours_on(date.weekday()).next().is_none();
    if weekly_closed && !(holiday && place.open_on_holidays) {
        return Some(ClosedBecause::WeeklyClosed(date.weekday()));
    }
    (holiday && !place.groups_on_holidays).then_some(ClosedBecause::NoGroupsOnHoliday)
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Weekday, date};

    use super::{ClosedBecause, RunVerdict, closed_on, route_on};
    use crate::validate::test_site::{LAB, MUSEUM, STOPS, route, site};

    /// The shared test site (holiday 2027-10-01, a Friday) with a museum closed on Mondays, a
    /// lab always open and a route running Tuesdays and Wednesdays; `extra` goes into the route.
    fn verdict_codes(museum: &str, extra: &str, start: jiff::civil::Date) -> (String, Vec<String>) {
        let s = site(&[
            ("bases/museum", museum),
            ("bases/lab", LAB),
            ("routes/r", &route(extra, STOPS)),
        ]);
        let v = route_on(&s, &s.routes[0], start);
        let stops = match &v {
            RunVerdict::OffWeekday(_) => vec![],
            RunVerdict::Runs { stops, .. } => stops
                .iter()
                .map(|st| {
                    let why = st.closed.as_ref().map_or("open", ClosedBecause::code);
                    format!(
                        "{}/{} {} {}: {why}",
                        st.day, st.stop, st.place.name, st.date
                    )
                })
                .collect(),
        };
        (v.reason().to_string(), stops)
    }

    #[test]
    fn a_start_date_off_the_weekdays_is_the_whole_answer() {
        // 2027-04-12 is a Monday; the route runs Tuesdays and Wednesdays.
        let (reason, stops) = verdict_codes(MUSEUM, "months: [5]\n", date(2027, 4, 12));
        assert_eq!((reason.as_str(), stops.len()), ("weekday", 0));
    }

    #[test]
    fn each_visit_is_judged_on_its_date_and_activities_are_left_out() {
        let (reason, stops) = verdict_codes(MUSEUM, "", date(2027, 4, 13));
        assert_eq!(reason, "ok");
        assert_eq!(
            stops,
            vec![
                "0/0 自然博物馆 2027-04-13: open",
                "0/2 实验室 2027-04-13: open"
            ]
        );
    }

    #[test]
    fn outside_the_months_ranks_below_a_closed_stop() {
        let (reason, _) = verdict_codes(MUSEUM, "months: [5]\n", date(2027, 4, 13));
        assert_eq!(reason, "months");
        let museum =
            format!("{MUSEUM}closures: [{{ from: 2027-04-01, to: 2027-04-30, reason: 检修 }}]\n");
        let (reason, stops) = verdict_codes(&museum, "months: [5]\n", date(2027, 4, 13));
        assert_eq!(reason, "closed");
        assert_eq!(stops[0], "0/0 自然博物馆 2027-04-13: closure");
    }

    #[test]
    fn a_multi_day_route_judges_day_two_on_the_next_date() {
        // Day 2 of a start on Sunday 2027-04-11 is Monday, the museum's closed day.
        let two_days = format!(
            "{STOPS}  - stops:\n      - {{ at: bases/museum, by: coach, arrive: \"09:00\", leave: \"10:00\" }}\n"
        );
        let s = site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            (
                "routes/r",
                &route("", &two_days).replace("[tue, wed]", "[sun]"),
            ),
        ]);
        let v = route_on(&s, &s.routes[0], date(2027, 4, 11));
        let RunVerdict::Runs { stops, .. } = &v else {
            panic!("{v:?}");
        };
        assert_eq!(stops.len(), 3);
        assert_eq!((stops[2].day, stops[2].date), (1, date(2027, 4, 12)));
        assert_eq!(
            stops[2].closed,
            Some(ClosedBecause::WeeklyClosed(Weekday::Monday))
        );
        assert_eq!(v.reason(), "closed");
    }

    #[test]
    fn holidays_lift_weekly_closed_days_but_not_a_no_groups_rule() {
        let mut museum = site(&[("bases/museum", MUSEUM)]).places.remove(0);
        let (monday, holidays) = (date(2027, 10, 4), [date(2027, 10, 4)]);
        assert_eq!(
            closed_on(&museum, monday, &holidays),
            Some(ClosedBecause::WeeklyClosed(Weekday::Monday))
        );
        museum.open_on_holidays = true;
        assert_eq!(closed_on(&museum, monday, &holidays), None);
        museum.groups_on_holidays = false;
        assert_eq!(
            closed_on(&museum, monday, &holidays),
            Some(ClosedBecause::NoGroupsOnHoliday)
        );
        // Not a holiday: the weekly rule again, and a Tuesday is open.
        assert_eq!(
            closed_on(&museum, date(2027, 10, 11), &holidays),
            Some(ClosedBecause::WeeklyClosed(Weekday::Monday))
        );
        assert_eq!(closed_on(&museum, date(2027, 10, 12), &holidays), None);
    }

    #[test]
    fn a_closure_is_inclusive_at_both_ends_and_comes_before_a_weekly_day() {
        let museum = format!(
            "{MUSEUM}closures: [{{ from: 2027-12-27, to: 2028-01-03, reason: 跨年检修 }}]\n"
        );
        let place = site(&[("bases/museum", &museum)]).places.remove(0);
        let code = |d| closed_on(&place, d, &[]).map(|c| c.code());
        assert_eq!(code(date(2027, 12, 26)), None);
        assert_eq!(code(date(2027, 12, 27)), Some("closure")); // a Monday too
        assert_eq!(code(date(2028, 1, 3)), Some("closure"));
        assert_eq!(code(date(2028, 1, 4)), None);
        assert_eq!(code(date(2028, 1, 10)), Some("weekly"));
    }
}

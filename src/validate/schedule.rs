//! Does the schedule fit the clock and the calendar? Times in order; every visit inside the
//! place's opening hours (after opening, by last entry, out by closing) on every weekday the
//! route runs; no visit on a weekly closed day or in a dated closure; departures on a `runs_on`
//! weekday (and in `months`). Day N of a run falls N−1 days after day 1.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::diag::Diagnostic;
use crate::model::time::weekday_zh;
use crate::model::{Place, Route, Site, Stop, StopKind, WeekdaySet};

pub(super) fn check_schedule(site: &Site, route: &Route, diags: &mut Vec<Diagnostic>) {
    let file = route.file.as_path();
    check_order(route, diags);
    let runs_on = route.runs_on.as_ref().map_or(WeekdaySet::ALL, |r| r.value);
    let runs_pos = route.runs_on.as_ref().map(|r| r.pos);

    for (d, day) in route.days.iter().enumerate() {
        let shift = i64::try_from(d % 7).unwrap_or(0);
        for stop in &day.stops {
            let Some((place, at_pos)) = visit(site, stop) else {
                continue;
            };
            // Weekly: every weekday this day can fall on.
            let closed_days: Vec<Weekday> = runs_on
                .iter()
                .map(|w| w.wrapping_add(shift))
                .filter(|w| place.hours_on(*w).next().is_none() && !place.hours.is_empty())
                .collect();
            let shown_days = |days: &[Weekday]| {
                days.iter()
                    .map(|w| weekday_zh(*w))
                    .collect::<Vec<_>>()
                    .join("、")
            };
            if let Some(first) = closed_days.first() {
                let when = if runs_pos.is_some() {
                    "the route runs"
                } else {
                    "the route may run (no `runs_on`)"
                };
                diags.push(
                    Diagnostic::error(
                        "E032",
                        file,
                        at_pos,
                        format!(
                            "{} is closed on {} ({}), when {when}",
                            place.name,
                            shown_days(&closed_days),
                            day_note(d)
                        ),
                    )
                    .with_help(format!(
                        "{} opens {}; {}",
                        place.name,
                        hours_text(place),
                        if runs_pos.is_some() {
                            format!("take {} out of `runs_on`", weekday_name(*first))
                        } else {
                            "say `runs_on` with the weekdays the route runs".to_string()
                        }
                    )),
                );
            }
            let open_days: Vec<Weekday> = runs_on
                .iter()
                .map(|w| w.wrapping_add(shift))
                .filter(|w| !closed_days.contains(w))
                .collect();
            if let Some((weekday, problem)) = open_days
                .iter()
                .find_map(|w| fits_hours(place, *w, stop).err().map(|p| (*w, p)))
            {
                diags.push(
                    Diagnostic::error(
                        "E031",
                        file,
                        stop.arrive.pos,
                        format!(
                            "{}–{} at {} {problem} on {}",
                            stop.arrive.value,
                            stop.leave.value,
                            place.name,
                            weekday_zh(weekday)
                        ),
                    )
                    .with_help(format!(
                        "{} opens {}",
                        place.name,
                        hours_text(place)
                    )),
                );
            }
        }
    }
    check_departures(site, route, runs_on, diags);
}

/// The place a stop visits, with the position of its `at:`.
fn visit<'s>(site: &'s Site, stop: &Stop) -> Option<(&'s Place, crate::diag::Pos)> {
    match &stop.what {
        StopKind::Visit { place, at_pos, .. } => site.places.get(*place).map(|p| (p, *at_pos)),
        StopKind::Activity { .. } => None,
    }
}

fn day_note(d: usize) -> String {
    if d == 0 {
        "day 1".to_string()
    } else {
        format!("day {}", d + 1)
    }
}

fn weekday_name(w: Weekday) -> &'static str {
    crate::model::time::WEEKDAY_NAMES[crate::model::time::weekday_index(w)]
}

/// `周二至周日 09:00–17:00 (last entry 16:00)`
fn hours_text(place: &Place) -> String {
    if place.hours.is_empty() {
        return "every day".to_string();
    }
    place
        .hours
        .iter()
        .map(|h| {
            let last = h
                .last_entry
                .map(|t| format!(" (last entry {t})"))
                .unwrap_or_default();
            format!("{} {}–{}{last}", h.days.label_zh(), h.open, h.close)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Ok when one of the day's hours entries holds the whole visit; else what is wrong.
fn fits_hours(place: &Place, weekday: Weekday, stop: &Stop) -> Result<(), String> {
    let (arrive, leave) = (stop.arrive.value, stop.leave.value);
    let mut entries = place.hours_on(weekday).peekable();
    if entries.peek().is_none() {
        return Ok(()); // always open, or closed (reported separately)
    }
    let mut problem = String::new();
    for h in entries {
        if arrive < h.open {
            problem = format!("arrives before opening ({})", h.open);
        } else if h.last_entry.is_some_and(|last| arrive > last) {
            problem = format!(
                "arrives after last entry ({})",
                h.last_entry.map(|t| t.to_string()).unwrap_or_default()
            );
        } else if leave > h.close {
            problem = format!("leaves after closing ({})", h.close);
        } else {
            return Ok(());
        }
    }
    Err(problem)
}

fn check_order(route: &Route, diags: &mut Vec<Diagnostic>) {
    let file = route.file.as_path();
    for day in &route.days {
        let mut prev_leave = None;
        for stop in &day.stops {
            if stop.leave.value < stop.arrive.value {
                diags.push(
                    Diagnostic::error(
                        "E030",
                        file,
                        stop.leave.pos,
                        format!(
                            "leaves at {} before arriving at {}",
                            stop.leave.value, stop.arrive.value
                        ),
                    )
                    .with_help("`leave` must be at or after `arrive`"),
                );
            }
            if let Some(prev) = prev_leave
                && stop.arrive.value < prev
            {
                diags.push(
                    Diagnostic::error(
                        "E030",
                        file,
                        stop.arrive.pos,
                        format!(
                            "arrives at {} before the previous stop ends ({prev})",
                            stop.arrive.value
                        ),
                    )
                    .with_help("stops are listed in time order"),
                );
            }
            prev_leave = Some(stop.leave.value);
        }
    }
    if let (Some(meeting), Some(first)) = (
        route.meeting.as_ref().and_then(|m| m.time.as_ref()),
        route.days.first().and_then(|d| d.stops.first()),
    ) && first.arrive.value < meeting.value
    {
        diags.push(Diagnostic::error(
            "E030",
            file,
            first.arrive.pos,
            format!(
                "the first stop starts at {} before the meeting time {}",
                first.arrive.value, meeting.value
            ),
        ));
    }
}

fn check_departures(site: &Site, route: &Route, runs_on: WeekdaySet, diags: &mut Vec<Diagnostic>) {
    let file = route.file.as_path();
    let holidays = &site.config.holidays;
    for dep in &route.departures {
        let start = dep.value;
        if !runs_on.contains(start.weekday()) {
            diags.push(
                Diagnostic::error(
                    "E033",
                    file,
                    dep.pos,
                    format!(
                        "{start} is a {}, not a `runs_on` day",
                        weekday_zh(start.weekday())
                    ),
                )
                .with_help(format!("the route runs {}", runs_on.label_zh())),
            );
            continue;
        }
        if !route.months.is_empty()
            && !route
                .months
                .iter()
                .any(|m| i8::try_from(m.value).is_ok_and(|m| m == start.month()))
        {
            diags.push(Diagnostic::warning(
                "W006",
                file,
                dep.pos,
                format!("{start} is outside the route's best `months`"),
            ));
        }
        for (d, day) in route.days.iter().enumerate() {
            let Some(date) = start.checked_add(i64::try_from(d).unwrap_or(0).days()).ok() else {
                continue;
            };
            for stop in &day.stops {
                let Some((place, _)) = visit(site, stop) else {
                    continue;
                };
                if let Some(reason) = closed_on(place, date, holidays) {
                    diags.push(
                        Diagnostic::error(
                            "E032",
                            file,
                            dep.pos,
                            format!(
                                "departure {start}: {} is closed on {date} ({}, {})",
                                place.name,
                                day_note(d),
                                reason
                            ),
                        )
                        .with_help("pick another date, or another place for that day"),
                    );
                }
            }
        }
    }
}

/// Why `place` is closed on `date`, if it is.
fn closed_on(place: &Place, date: Date, holidays: &[Date]) -> Option<String> {
    if let Some(c) = place
        .closures
        .iter()
        .find(|c| c.from <= date && date <= c.to)
    {
        return Some(format!(
            "closure {}–{}{}",
            c.from,
            c.to,
            c.reason
                .as_deref()
                .map(|r| format!(" {r}"))
                .unwrap_or_default()
        ));
    }
    let weekly_closed = !place.hours.is_empty() && place.hours_on(date.weekday()).next().is_none();
    let holiday_open = place.open_on_holidays && holidays.contains(&date);
    (weekly_closed && !holiday_open).then(|| format!("closed every {}", weekday_zh(date.weekday())))
}

#[cfg(test)]
mod tests {
    use crate::validate::test_site::*;

    fn check(extra: &str, stops: &str) -> Vec<(&'static str, usize)> {
        let r = route(extra, stops);
        codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]))
    }

    #[test]
    fn times_in_order() {
        let stops = STOPS
            .replace("leave: \"11:00\"", "leave: \"08:50\"")
            .replace("arrive: \"12:20\"", "arrive: \"11:50\"");
        assert_eq!(check("", &stops), vec![("E030", 15), ("E030", 17)]);
    }

    #[test]
    fn opening_hours_and_last_entry() {
        let early = STOPS.replace("arrive: \"09:00\"", "arrive: \"08:50\"");
        assert_eq!(check("", &early), vec![("E031", 15)]);
        let late = STOPS.replace(
            "arrive: \"09:00\", leave: \"11:00\"",
            "arrive: \"16:10\", leave: \"16:50\"",
        );
        assert!(check("", &late).contains(&("E031", 15)));
    }

    #[test]
    fn closed_weekday_in_runs_on() {
        let r = route("", STOPS).replace("runs_on: [tue, wed]", "runs_on: [mon-wed]");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![("E032", 15)]);
        // Without runs_on the route may run on Monday too.
        let r = route("", STOPS).replace("runs_on: [tue, wed]\n", "");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![("E032", 14)]);
    }

    #[test]
    fn departures() {
        // 2027-04-13 is a Tuesday, 2027-04-12 a Monday, 2027-10-01 a Friday (a holiday).
        assert_eq!(
            check("departures: [2027-04-13]\nmonths: [4]\n", STOPS),
            vec![]
        );
        assert_eq!(
            check("departures: [2027-04-12]\n", STOPS),
            vec![("E033", 13)]
        );
        assert_eq!(
            check("departures: [2027-04-13]\nmonths: [5]\n", STOPS),
            vec![("W006", 13)]
        );
        let museum =
            format!("{MUSEUM}closures: [{{ from: 2027-04-01, to: 2027-04-30, reason: 检修 }}]\n");
        let r = route("departures: [2027-04-13]\n", STOPS);
        let got = codes(&site(&[
            ("bases/museum", &museum),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![("E032", 13)]);
    }
}

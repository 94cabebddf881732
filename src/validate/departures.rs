//! Dated runs (the content format, "Days of a route"): a departure must fall on a `runs_on`
//! weekday (E033) and in `months` when given (W006), and on the date each day falls on, every
//! stop's place must be open (E032): not in one of its `closures`, not on a weekly closed day
//! unless the date is a site.yaml holiday and the place is `open_on_holidays`, and not on a
//! holiday for a place with `groups_on_holidays: false`. The rule itself is the model's
//! (`model::run_dates`, which the route page's date planner follows too); this check only says
//! what each verdict means for a departure.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::diag::{Diagnostic, Text, codes};
use crate::model::run_dates::{ClosedBecause, RunVerdict, route_on, runs_on};
use crate::model::time::{WEEKDAY_NAMES, weekday_en, weekday_index, weekday_zh};
use crate::model::{Route, Site, WeekdaySet};
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        let file = route.file.as_path();
        for dep in &route.departures {
            let start = dep.value;
            let (outside_months, stops) = match route_on(site, route, start) {
                RunVerdict::OffWeekday(weekday) => {
                    let (wd_en, wd_zh) = (weekday_en(weekday), weekday_zh(weekday));
                    diags.push(
                        Diagnostic::new(
                            codes::DEPARTURE_OFF_WEEKDAY,
                            file,
                            dep.pos,
                            text!(
                                "{start} is a {wd_en}, not a day the route runs (`runs_on`)",
                                "{start} 是{wd_zh}，不在线路出行的星期（`runs_on`）里"
                            ),
                        )
                        .with_help(off_weekday_help(start, runs_on(route))),
                    );
                    continue;
                }
                RunVerdict::Runs {
                    outside_months,
                    stops,
                } => (outside_months, stops),
            };
            if outside_months {
                diags.push(
                    Diagnostic::new(
                        codes::DEPARTURE_OUTSIDE_MONTHS,
                        file,
                        dep.pos,
                        text!(
                            "{start} is outside the route's best `months`",
                            "{start} 不在线路适宜出行的月份（`months`）里"
                        ),
                    )
                    .with_help(outside_months_help(route, start)),
                );
            }
            for stop in stops {
                let Some(why) = &stop.closed else { continue };
                let (name, date) = (&stop.place.name, stop.date);
                let day = super::day_note(stop.day);
                let (day_en, day_zh) = (day.en(), day.zh());
                let reason = why_closed(why, date);
                let (why_en, why_zh) = (reason.en(), reason.zh());
                diags.push(
                    Diagnostic::new(
                        codes::CLOSED_ON_ROUTE_DAY,
                        file,
                        dep.pos,
                        text!(
                            "departure {start}: `{name}` is closed on {date} ({day_en}): {why_en}",
                            "{start} 出发的这一期：{name} 在 {date}（{day_zh}）不开放：{why_zh}"
                        ),
                    )
                    .with_help(text!(
                        "pick another date, or another place for {day_en}",
                        "换一个出发日期，或{day_zh}换一个开放的地点"
                    )),
                );
            }
        }
    }
}

/// For a departure on a weekday the route doesn't run: the nearest dates before and after it
/// that do fall on a `runs_on` weekday, or adding its weekday to `runs_on`.
fn off_weekday_help(start: Date, runs_on: WeekdaySet) -> Text {
    let day = WEEKDAY_NAMES[weekday_index(start.weekday())];
    let nearest = |step: i64| {
        (1..7)
            .filter_map(|n| start.checked_add((n * step).days()).ok())
            .find(|d| runs_on.contains(d.weekday()))
    };
    let dates: Vec<Date> = [nearest(-1), nearest(1)].into_iter().flatten().collect();
    if dates.is_empty() {
        return text!("add `{day}` to `runs_on`", "把 `{day}` 加进 `runs_on`");
    }
    let dates_en = dates
        .iter()
        .map(|d| format!("{d} ({})", weekday_en(d.weekday())))
        .collect::<Vec<_>>()
        .join(" or ");
    let dates_zh = dates
        .iter()
        .map(|d| format!("{d}（{}）", weekday_zh(d.weekday())))
        .collect::<Vec<_>>()
        .join("或 ");
    let (runs_en, runs_zh) = (runs_on.label_en(), runs_on.label_zh());
    text!(
        "the route runs {runs_en}: the nearest dates that fit are {dates_en}; or add `{day}` to `runs_on`",
        "线路在{runs_zh}出行，最近的可行日期是 {dates_zh}；也可以把 `{day}` 加进 `runs_on`"
    )
}

/// For a departure outside `months`: which months those are, and the two ways out.
fn outside_months_help(route: &Route, start: Date) -> Text {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = |m: u8| MONTHS.get(usize::from(m).wrapping_sub(1)).copied();
    let months_en = route
        .months
        .iter()
        .filter_map(|m| name(m.value))
        .collect::<Vec<_>>()
        .join(", ");
    let months_zh = route
        .months
        .iter()
        .map(|m| format!("{} 月", m.value))
        .collect::<Vec<_>>()
        .join("、");
    let month = start.month();
    let month_en = u8::try_from(month).ok().and_then(name).unwrap_or_default();
    text!(
        "the route is best in {months_en}: move the departure, or add `{month}` to `months` if {month_en} suits it too",
        "线路最适宜在 {months_zh}出行：换一个出发日期；如果 {month} 月也合适，就把 `{month}` 加进 `months`"
    )
}

/// What E032 says of why a place is closed on `date`.
fn why_closed(why: &ClosedBecause, date: Date) -> Text {
    match why {
        ClosedBecause::Closure(c) => {
            let (from, to) = (c.from, c.to);
            match c.reason.as_deref() {
                Some(reason) => text!(
                    "it is closed from {from} to {to} (`{reason}`)",
                    "{from} 至 {to} 闭馆（{reason}）"
                ),
                None => text!("it is closed from {from} to {to}", "{from} 至 {to} 闭馆"),
            }
        }
        ClosedBecause::WeeklyClosed(_) => {
            let (wd_en, wd_zh) = (weekday_en(date.weekday()), weekday_zh(date.weekday()));
            text!("it is closed every {wd_en}", "每{wd_zh}闭馆")
        }
        ClosedBecause::NoGroupsOnHoliday => text!(
            "{date} is a holiday and it takes no school groups on holidays (`groups_on_holidays: false`)",
            "{date} 是节假日，该地点节假日不接待团队（`groups_on_holidays: false`）"
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::{
        CLOSED_ON_ROUTE_DAY, DEPARTURE_OFF_WEEKDAY, DEPARTURE_OUTSIDE_MONTHS,
    };
    use crate::validate::test_site::*;

    #[test]
    fn departures() {
        // 2027-04-13 is a Tuesday, 2027-04-12 a Monday, 2027-10-01 a Friday (a holiday).
        assert_eq!(
            route_codes("departures: [2027-04-13]\nmonths: [4]\n", STOPS),
            vec![]
        );
        assert_eq!(
            route_codes("departures: [2027-04-12]\n", STOPS),
            vec![(DEPARTURE_OFF_WEEKDAY, 13)]
        );
        assert_eq!(
            route_codes("departures: [2027-04-13]\nmonths: [5]\n", STOPS),
            vec![(DEPARTURE_OUTSIDE_MONTHS, 13)]
        );
        let museum =
            format!("{MUSEUM}closures: [{{ from: 2027-04-01, to: 2027-04-30, reason: 检修 }}]\n");
        let r = route("departures: [2027-04-13]\n", STOPS);
        let got = codes(&site(&[
            ("bases/museum", &museum),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![(CLOSED_ON_ROUTE_DAY, 13)]);
    }

    #[test]
    fn a_departure_off_its_weekdays_is_told_the_nearest_dates_that_fit() {
        // Runs on Tuesdays and Wednesdays; 2027-04-12 is a Monday.
        let got = diagnostics(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &route("departures: [2027-04-12]\n", STOPS)),
        ]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].message.zh(),
            "2027-04-12 是周一，不在线路出行的星期（`runs_on`）里"
        );
        let help = got[0].help.as_ref().unwrap();
        assert_eq!(
            help.en(),
            "the route runs Tuesday, Wednesday: the nearest dates that fit are 2027-04-07 (Wednesday) or 2027-04-13 (Tuesday); or add `mon` to `runs_on`"
        );
        assert_eq!(
            help.zh(),
            "线路在周二、周三出行，最近的可行日期是 2027-04-07（周三）或 2027-04-13（周二）；也可以把 `mon` 加进 `runs_on`"
        );
    }

    #[test]
    fn holidays_lift_weekly_closed_days_for_places_open_on_holidays() {
        use crate::model::run_dates::closed_on;
        use jiff::civil::date;
        let mut museum = site(&[("bases/museum", MUSEUM)]).places.remove(0);
        // 2027-10-04 is a Monday; the museum is closed on Mondays.
        let monday = date(2027, 10, 4);
        let holidays = [monday];
        let closed = super::why_closed(&closed_on(&museum, monday, &holidays).unwrap(), monday);
        assert_eq!(
            (closed.en(), closed.zh()),
            ("it is closed every Monday", "每周一闭馆")
        );
        museum.open_on_holidays = true;
        assert_eq!(closed_on(&museum, monday, &holidays), None);
        let next = date(2027, 10, 11);
        assert_eq!(
            closed_on(&museum, next, &holidays)
                .map(|c| super::why_closed(&c, next).zh().to_string()),
            Some("每周一闭馆".to_string())
        );
    }

    #[test]
    fn a_place_that_takes_no_groups_on_holidays_closes_a_departure_on_one() {
        // 2027-10-01, the test site's holiday, is a Friday: the museum is open on Fridays.
        let museum = format!("{MUSEUM}groups_on_holidays: false\n");
        let r =
            route("departures: [2027-10-01, 2027-10-08]\n", STOPS).replace("[tue, wed]", "[fri]");
        let got = diagnostics(&site(&[
            ("bases/museum", &museum),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].code, CLOSED_ON_ROUTE_DAY);
        assert_eq!(
            got[0].message.zh(),
            "2027-10-01 出发的这一期：自然博物馆 在 2027-10-01（第 1 天）不开放：2027-10-01 是节假日，该地点节假日不接待团队（`groups_on_holidays: false`）"
        );
        assert_eq!(
            got[0].message.en(),
            "departure 2027-10-01: `自然博物馆` is closed on 2027-10-01 (day 1): 2027-10-01 is a holiday and it takes no school groups on holidays (`groups_on_holidays: false`)"
        );
    }
}

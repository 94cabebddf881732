//! Dated runs (the content format, "Days of a route"): a departure must fall on a `runs_on`
//! weekday (E033) and in `months` when given (W006), and on the date each day falls on, every
//! stop's place must be open (E032): not in one of its `closures`, and not on a weekly closed
//! day unless the date is a site.yaml holiday and the place is `open_on_holidays`.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::diag::{Diagnostic, codes};
use crate::model::time::weekday_zh;
use crate::model::{Place, Site};

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let holidays = &site.config.holidays;
    for route in &site.routes {
        let file = route.file.as_path();
        let runs_on = super::runs_on(route);
        for dep in &route.departures {
            let start = dep.value;
            if !runs_on.contains(start.weekday()) {
                diags.push(
                    Diagnostic::new(
                        codes::DEPARTURE_OFF_WEEKDAY,
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
                diags.push(Diagnostic::new(
                    codes::DEPARTURE_OUTSIDE_MONTHS,
                    file,
                    dep.pos,
                    format!("{start} is outside the route's best `months`"),
                ));
            }
            for (d, day) in route.days.iter().enumerate() {
                let Some(date) = start.checked_add(i64::try_from(d).unwrap_or(0).days()).ok()
                else {
                    continue;
                };
                for (_, place, _) in super::visits(site, day) {
                    if let Some(reason) = closed_on(place, date, holidays) {
                        diags.push(
                            Diagnostic::new(
                                codes::CLOSED_ON_ROUTE_DAY,
                                file,
                                dep.pos,
                                format!(
                                    "departure {start}: {} is closed on {date} ({}, {})",
                                    place.name,
                                    super::day_note(d),
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
    fn holidays_lift_weekly_closed_days_for_places_open_on_holidays() {
        use jiff::civil::date;
        let mut museum = site(&[("bases/museum", MUSEUM)]).places.remove(0);
        // 2027-10-04 is a Monday; the museum is closed on Mondays.
        let monday = date(2027, 10, 4);
        let holidays = [monday];
        assert_eq!(
            super::closed_on(&museum, monday, &holidays).as_deref(),
            Some("closed every 周一")
        );
        museum.open_on_holidays = true;
        assert_eq!(super::closed_on(&museum, monday, &holidays), None);
        assert_eq!(
            super::closed_on(&museum, date(2027, 10, 11), &holidays).as_deref(),
            Some("closed every 周一")
        );
    }
}

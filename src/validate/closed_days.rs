//! E032 for weekly closed days (the content format, "Days of a route"): a stop's place must be
//! open on every weekday its day can fall on — day 1 on a `runs_on` weekday, day N falling
//! N−1 days later. Without `runs_on` a route may run any day, so every weekly closed day counts.
//! Dated closures and holidays are checked per departure (`departures`).

use jiff::civil::Weekday;

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::model::time::{WEEKDAY_NAMES, weekday_index, weekday_zh};

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        let runs_on = super::runs_on(route);
        let said = route.runs_on.is_some();
        for (d, day) in route.days.iter().enumerate() {
            for (_, place, at_pos) in super::visits(site, day) {
                if place.hours.is_empty() {
                    continue; // always open
                }
                // (the `runs_on` weekday, the weekday of this day) when the place is closed.
                let closed: Vec<(Weekday, Weekday)> = super::weekdays_of_day(runs_on, d)
                    .filter(|(_, w)| place.hours_on(*w).next().is_none())
                    .collect();
                let Some((first_start, _)) = closed.first() else {
                    continue;
                };
                let shown = closed
                    .iter()
                    .map(|(_, w)| weekday_zh(*w))
                    .collect::<Vec<_>>()
                    .join("、");
                let when = if said {
                    "the route runs"
                } else {
                    "the route may run (no `runs_on`)"
                };
                let fix = if said {
                    // Name the day-1 weekday: that is what `runs_on` lists.
                    let name = WEEKDAY_NAMES[weekday_index(*first_start)];
                    format!("take {name} out of `runs_on`")
                } else {
                    "say `runs_on` with the weekdays the route runs".to_string()
                };
                diags.push(
                    Diagnostic::new(
                        codes::CLOSED_ON_ROUTE_DAY,
                        &route.file,
                        at_pos,
                        format!(
                            "{} is closed on {shown} ({}), when {when}",
                            place.name,
                            super::day_note(d)
                        ),
                    )
                    .with_help(format!(
                        "{} opens {}; {fix}",
                        place.name,
                        super::hours_text(place)
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::CLOSED_ON_ROUTE_DAY;
    use crate::validate::test_site::*;

    #[test]
    fn closed_weekday_in_runs_on() {
        let r = route("", STOPS).replace("runs_on: [tue, wed]", "runs_on: [mon-wed]");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![(CLOSED_ON_ROUTE_DAY, 15)]);
        // Without runs_on the route may run on Monday too.
        let r = route("", STOPS).replace("runs_on: [tue, wed]\n", "");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![(CLOSED_ON_ROUTE_DAY, 14)]);
    }

    #[test]
    fn a_later_day_falls_on_a_later_weekday() {
        // Runs on Sunday: day 2 is a Monday, when the museum is closed.
        let two_days = format!(
            "{STOPS}  - stops:\n      - {{ at: bases/museum, by: coach, arrive: \"09:00\", leave: \"11:00\", learning_minutes: 90 }}\n"
        );
        let r =
            route("lodging: 营地\n", &two_days).replace("runs_on: [tue, wed]", "runs_on: [sun]");
        let got = diagnostics(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(
            got.iter().map(|d| (d.code, d.pos.line)).collect::<Vec<_>>(),
            vec![(CLOSED_ON_ROUTE_DAY, 20)]
        );
        assert_eq!(
            got[0].message,
            "自然博物馆 is closed on 周一 (day 2), when the route runs"
        );
        assert!(
            got[0]
                .help
                .as_ref()
                .is_some_and(|h| h.en().ends_with("take sun out of `runs_on`")),
            "{got:?}"
        );
    }
}

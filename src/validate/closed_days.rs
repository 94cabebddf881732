//! E032 for weekly closed days (the content format, "Days of a route"): a stop's place must be
//! open on every weekday its day can fall on — day 1 on a `runs_on` weekday, day N falling
//! N−1 days later. Without `runs_on` a route may run any day, so every weekly closed day counts.
//! Dated closures and holidays are checked per departure (`departures`).

use jiff::civil::Weekday;

use crate::diag::{Diagnostic, codes};
use crate::model::time::{WEEKDAY_NAMES, weekday_en, weekday_index, weekday_zh};
use crate::model::{Site, WeekdaySet};
use crate::text;

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
                if closed.is_empty() {
                    continue;
                }
                let name = &place.name;
                let day = super::day_note(d);
                let (day_en, day_zh) = (day.en(), day.zh());
                let shown_en = closed
                    .iter()
                    .map(|(_, w)| format!("{}s", weekday_en(*w)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let shown_zh = closed
                    .iter()
                    .map(|(_, w)| format!("每{}", weekday_zh(*w)))
                    .collect::<Vec<_>>()
                    .join("、");
                let hours = super::hours_text(place);
                let (hours_en, hours_zh) = (hours.en(), hours.zh());
                let (message, help) = if said {
                    // Name the day-1 weekdays: that is what `runs_on` lists.
                    let starts = closed
                        .iter()
                        .map(|(start, _)| format!("`{}`", WEEKDAY_NAMES[weekday_index(*start)]))
                        .collect::<Vec<_>>();
                    let (starts_en, starts_zh) = (starts.join(", "), starts.join("、"));
                    (
                        text!(
                            "`{name}` is closed on {shown_en} ({day_en}), and the route runs then",
                            "{name} {shown_zh}闭馆（{day_zh}），而线路在这一天出行"
                        ),
                        text!(
                            "`{name}` opens {hours_en}; take {starts_en} out of `runs_on`, or visit another place that day",
                            "{name} 的开放时间：{hours_zh}；从 `runs_on` 中去掉 {starts_zh}，或这一天换一个开放的地点"
                        ),
                    )
                } else {
                    let fits = fitting_starts(place, d).spelled();
                    (
                        text!(
                            "`{name}` is closed on {shown_en} ({day_en}), and the route may run then: it has no `runs_on`",
                            "{name} {shown_zh}闭馆（{day_zh}），而线路没写 `runs_on`，可能在这一天出行"
                        ),
                        text!(
                            "`{name}` opens {hours_en}; say on which weekdays the route starts, e.g. `runs_on: [{fits}]`",
                            "{name} 的开放时间：{hours_zh}；用 `runs_on` 写明线路在星期几出发，如 `runs_on: [{fits}]`"
                        ),
                    )
                };
                diags.push(
                    Diagnostic::new(codes::CLOSED_ON_ROUTE_DAY, &route.file, at_pos, message)
                        .with_help(help),
                );
            }
        }
    }
}

/// The weekdays day 1 may fall on for `place` to be open on day `d` (0-based).
fn fitting_starts(place: &crate::model::Place, d: usize) -> WeekdaySet {
    let mut fits = WeekdaySet::default();
    for (start, day) in super::weekdays_of_day(WeekdaySet::ALL, d) {
        if place.hours_on(day).next().is_some() {
            fits.insert(start);
        }
    }
    fits
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
        let got = diagnostics(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        let help = got[0].help.as_ref().unwrap();
        assert!(help.en().ends_with("e.g. `runs_on: [tue-sun]`"), "{help:?}");
        assert_eq!(
            got[0].message.zh(),
            "自然博物馆 每周一闭馆（第 1 天），而线路没写 `runs_on`，可能在这一天出行"
        );
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
            "`自然博物馆` is closed on Mondays (day 2), and the route runs then"
        );
        assert_eq!(
            got[0].message.zh(),
            "自然博物馆 每周一闭馆（第 2 天），而线路在这一天出行"
        );
        let help = got[0].help.as_ref().unwrap();
        assert_eq!(
            help.en(),
            "`自然博物馆` opens Tuesday to Sunday 09:00–17:00 (last entry 16:00); take `sun` out of `runs_on`, or visit another place that day"
        );
        assert_eq!(
            help.zh(),
            "自然博物馆 的开放时间：周二至周日 09:00–17:00（16:00 停止入场）；从 `runs_on` 中去掉 `sun`，或这一天换一个开放的地点"
        );
    }
}

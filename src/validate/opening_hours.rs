//! E031: a visit outside its place's opening hours (the content format, "Opening hours"): a
//! stop arrives at or after `open`, no later than `last_entry` when given, and leaves by
//! `close`, on every weekday the route may run. Split openings (several `hours` entries for one
//! day) are fine when one entry holds the whole visit. Closed days are `closed_days`' business.

use jiff::civil::Weekday;

use crate::diag::{Diagnostic, Text, codes};
use crate::model::time::{weekday_en, weekday_zh};
use crate::model::{Place, Site, Stop, TimeOfDay};
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        let runs_on = super::runs_on(route);
        for (d, day) in route.days.iter().enumerate() {
            for (stop, place, _) in super::visits(site, day) {
                let Some((weekday, problem)) = super::weekdays_of_day(runs_on, d)
                    .find_map(|(_, w)| fits_hours(place, w, stop).err().map(|p| (w, p)))
                else {
                    continue;
                };
                let name = &place.name;
                let hours = super::hours_text(place);
                let (hours_en, hours_zh) = (hours.en(), hours.zh());
                diags.push(
                    Diagnostic::new(
                        codes::OUTSIDE_OPENING_HOURS,
                        &route.file,
                        stop.arrive.pos,
                        problem.message(name, weekday, stop),
                    )
                    .with_help(text!(
                        "`{name}` opens {hours_en}: move the visit inside these hours",
                        "{name} 的开放时间：{hours_zh}；请把参观安排在开放时间内"
                    )),
                );
            }
        }
    }
}

/// Why a visit does not fit an hours entry.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Problem {
    BeforeOpening(TimeOfDay),
    AfterLastEntry(TimeOfDay),
    AfterClosing(TimeOfDay),
}

impl Problem {
    fn message(self, name: &str, weekday: Weekday, stop: &Stop) -> Text {
        let (arrive, leave) = (stop.arrive.value, stop.leave.value);
        let (wd_en, wd_zh) = (weekday_en(weekday), weekday_zh(weekday));
        match self {
            Problem::BeforeOpening(open) => text!(
                "`{name}` opens at {open} on {wd_en}s, but this stop arrives at {arrive}",
                "{name} {wd_zh} {open} 才开门，而这一站 {arrive} 就到达"
            ),
            Problem::AfterLastEntry(last) => text!(
                "`{name}` admits no one after {last} on {wd_en}s, but this stop arrives at {arrive}",
                "{name} {wd_zh} {last} 停止入场，而这一站 {arrive} 才到达"
            ),
            Problem::AfterClosing(close) => text!(
                "`{name}` closes at {close} on {wd_en}s, but this stop leaves at {leave}",
                "{name} {wd_zh} {close} 闭馆，而这一站 {leave} 才离开"
            ),
        }
    }
}

/// Ok when one of the day's hours entries holds the whole visit; else what is wrong (with the
/// last entry tried).
fn fits_hours(place: &Place, weekday: Weekday, stop: &Stop) -> Result<(), Problem> {
    let (arrive, leave) = (stop.arrive.value, stop.leave.value);
    let mut problem = None;
    for h in place.hours_on(weekday) {
        problem = Some(if arrive < h.open {
            Problem::BeforeOpening(h.open)
        } else if let Some(last) = h.last_entry.filter(|last| arrive > *last) {
            Problem::AfterLastEntry(last)
        } else if leave > h.close {
            Problem::AfterClosing(h.close)
        } else {
            return Ok(());
        });
    }
    // No entry that day: always open, or closed (reported by `closed_days`).
    problem.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::OUTSIDE_OPENING_HOURS;
    use crate::validate::test_site::*;

    #[test]
    fn opening_hours_and_last_entry() {
        let early = STOPS.replace("arrive: \"09:00\"", "arrive: \"08:50\"");
        assert_eq!(route_codes("", &early), vec![(OUTSIDE_OPENING_HOURS, 15)]);
        let late = STOPS.replace(
            "arrive: \"09:00\", leave: \"11:00\"",
            "arrive: \"16:10\", leave: \"16:50\"",
        );
        assert!(route_codes("", &late).contains(&(OUTSIDE_OPENING_HOURS, 15)));
    }

    #[test]
    fn leaving_after_closing() {
        let long = STOPS
            .replace(
                "arrive: \"09:00\", leave: \"11:00\"",
                "arrive: \"15:00\", leave: \"17:30\"",
            )
            .replace("\"11:10\", leave: \"12:00\"", "\"17:40\", leave: \"18:00\"")
            .replace("\"12:20\", leave: \"13:00\"", "\"18:30\", leave: \"19:00\"");
        let got = diagnostics(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &route("", &long)),
        ]));
        let e031: Vec<_> = got
            .iter()
            .filter(|d| d.code == OUTSIDE_OPENING_HOURS)
            .collect();
        assert_eq!(e031.len(), 1, "{got:?}");
        assert_eq!(
            e031[0].message,
            "`自然博物馆` closes at 17:00 on Tuesdays, but this stop leaves at 17:30"
        );
        assert_eq!(
            e031[0].message.zh(),
            "自然博物馆 周二 17:00 闭馆，而这一站 17:30 才离开"
        );
        assert_eq!(
            e031[0].help.as_ref().unwrap().zh(),
            "自然博物馆 的开放时间：周二至周日 09:00–17:00（16:00 停止入场）；请把参观安排在开放时间内"
        );
    }

    #[test]
    fn a_split_opening_holds_a_visit_in_either_part() {
        let split = MUSEUM.replace(
            "  - { days: tue-sun, open: \"09:00\", close: \"17:00\", last_entry: \"16:00\" }\n",
            "  - { days: tue-sun, open: \"08:00\", close: \"08:45\" }\n  - { days: tue-sun, open: \"09:00\", close: \"12:00\" }\n",
        );
        let r = route("", STOPS);
        assert_eq!(
            codes(&site(&[
                ("bases/museum", &split),
                ("bases/lab", LAB),
                ("routes/r", &r)
            ])),
            vec![]
        );
    }
}

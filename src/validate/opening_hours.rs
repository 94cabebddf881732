//! E031: a visit outside its place's opening hours (the content format, "Opening hours"): a
//! stop arrives at or after `open`, no later than `last_entry` when given, and leaves by
//! `close`, on every weekday the route may run. Split openings (several `hours` entries for one
//! day) are fine when one entry holds the whole visit. Closed days are `closed_days`' business.

use jiff::civil::Weekday;

use crate::diag::{Diagnostic, codes};
use crate::model::time::weekday_zh;
use crate::model::{Place, Site, Stop};

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
                diags.push(
                    Diagnostic::new(
                        codes::OUTSIDE_OPENING_HOURS,
                        &route.file,
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
                        super::hours_text(place)
                    )),
                );
            }
        }
    }
}

/// Ok when one of the day's hours entries holds the whole visit; else what is wrong.
fn fits_hours(place: &Place, weekday: Weekday, stop: &Stop) -> Result<(), String> {
    let (arrive, leave) = (stop.arrive.value, stop.leave.value);
    let mut entries = place.hours_on(weekday).peekable();
    if entries.peek().is_none() {
        return Ok(()); // always open, or closed (reported by `closed_days`)
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
            "15:00–17:30 at 自然博物馆 leaves after closing (17:00) on 周二"
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

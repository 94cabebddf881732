//! What a route may visit, by the place's `status` (the content format): a `closed` or
//! `under_construction` place is an error (E034); a `by_arrangement` one a warning (W004), since
//! the visit must be arranged with the place first.

use crate::diag::{Diagnostic, codes};
use crate::model::{Site, Status};
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        let file = route.file.as_path();
        for day in &route.days {
            for (_, place, at_pos) in super::visits(site, day) {
                let name = &place.name;
                let status = place.status.name();
                match place.status {
                    Status::Closed | Status::UnderConstruction => diags.push(
                        Diagnostic::new(
                            codes::PLACE_NOT_OPEN,
                            file,
                            at_pos,
                            text!(
                                "`{name}` is `{status}`, and a route may only visit open places",
                                "{name} 的状态是 `{status}`，线路只能安排正在开放的地点"
                            ),
                        )
                        .with_help(text!(
                            "take this stop out of the route, or set the place's `status` back to `open` once it reopens",
                            "从线路中去掉这一站；地点重新开放后，再把它的 `status` 改回 `open`"
                        )),
                    ),
                    Status::ByArrangement => diags.push(
                        Diagnostic::new(
                            codes::BY_ARRANGEMENT,
                            file,
                            at_pos,
                            text!(
                                "`{name}` is open by arrangement only (`by_arrangement`)",
                                "{name} 只接受预先约定的参观（`by_arrangement`）"
                            ),
                        )
                        .with_help(text!(
                            "arrange the visit with the place before each trip, or mention the place in the text instead of as a stop",
                            "每次出行前先和地点约好参观；或者不把它作为站点，只在正文中介绍"
                        )),
                    ),
                    Status::Open => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::{BY_ARRANGEMENT, Code, PLACE_NOT_OPEN};
    use crate::validate::test_site::*;

    fn with_lab_status(status: &str) -> Vec<(Code, usize)> {
        let lab = format!("{LAB}status: {status}\n");
        codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", &lab),
            ("routes/r", &route("", STOPS)),
        ]))
    }

    #[test]
    fn status_of_visited_places() {
        assert_eq!(
            with_lab_status("by_arrangement"),
            vec![(BY_ARRANGEMENT, 17)]
        );
        assert_eq!(with_lab_status("closed"), vec![(PLACE_NOT_OPEN, 17)]);
        assert_eq!(
            with_lab_status("under_construction"),
            vec![(PLACE_NOT_OPEN, 17)]
        );
        assert_eq!(with_lab_status("open"), vec![]);
    }
}

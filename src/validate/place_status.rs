//! What a route may visit, by the place's `status` (the content format): a `closed` or
//! `under_construction` place is an error (E034); a `by_arrangement` one a warning (W004), since
//! the visit must be arranged with the place first.

use crate::diag::{Diagnostic, codes};
use crate::model::{Site, Status};

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        let file = route.file.as_path();
        for day in &route.days {
            for (_, place, at_pos) in super::visits(site, day) {
                match place.status {
                    Status::Closed | Status::UnderConstruction => diags.push(
                        Diagnostic::new(
                            codes::PLACE_NOT_OPEN,
                            file,
                            at_pos,
                            format!("{} is {}", place.name, place.status.name()),
                        )
                        .with_help("a route may only visit places that are open"),
                    ),
                    Status::ByArrangement => diags.push(
                        Diagnostic::new(
                            codes::BY_ARRANGEMENT,
                            file,
                            at_pos,
                            format!("{} is open by arrangement only", place.name),
                        )
                        .with_help(
                            "make sure the visit is arranged, or mention the place in the text instead",
                        ),
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

//! W003: a stop whose place does not list the route's audience (the content format,
//! "Audiences": `小学` covers `小学4-6`, which covers `小学5`). A place without `audience` fits
//! everyone.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        for day in &route.days {
            for (_, place, at_pos) in super::visits(site, day) {
                if place.audience.is_empty() {
                    continue;
                }
                for a in route.audience.iter().map(|a| a.value) {
                    if !place.audience.iter().any(|p| p.covers(a)) {
                        let listed: Vec<String> =
                            place.audience.iter().map(ToString::to_string).collect();
                        diags.push(
                            Diagnostic::new(
                                codes::AUDIENCE_NOT_LISTED,
                                &route.file,
                                at_pos,
                                format!("{} does not list the audience {a}", place.name),
                            )
                            .with_help(format!("the place lists {}", listed.join("、"))),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::AUDIENCE_NOT_LISTED;
    use crate::validate::test_site::*;

    #[test]
    fn audience_of_visited_places() {
        let r = route("", STOPS).replace("audience: [小学4-6]", "audience: [小学4-6, 亲子]");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(
            got,
            vec![(AUDIENCE_NOT_LISTED, 15), (AUDIENCE_NOT_LISTED, 17)]
        );
        // The museum's 小学 and the lab's 小学4-6 both cover 小学5.
        let r = route("", STOPS).replace("audience: [小学4-6]", "audience: [小学5]");
        assert_eq!(
            codes(&site(&[
                ("bases/museum", MUSEUM),
                ("bases/lab", LAB),
                ("routes/r", &r)
            ])),
            vec![]
        );
    }
}

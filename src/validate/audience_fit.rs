//! W003: a stop whose place does not list the route's audience (the content format,
//! "Audiences": `小学` covers `小学4-6`, which covers `小学5`). A place without `audience` fits
//! everyone.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

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
                            place.audience.iter().map(|a| format!("`{a}`")).collect();
                        let (listed_en, listed_zh) = (listed.join(", "), listed.join("、"));
                        let name = &place.name;
                        diags.push(
                            Diagnostic::new(
                                codes::AUDIENCE_NOT_LISTED,
                                &route.file,
                                at_pos,
                                text!(
                                    "`{name}` does not list the route's audience `{a}`",
                                    "{name} 的受众里没有线路面向的 `{a}`"
                                ),
                            )
                            .with_help(text!(
                                "the place lists {listed_en}: check that it suits `{a}`, then add `{a}` to its `audience`, or visit another place",
                                "该地点的受众是 {listed_zh}：确认它适合 `{a}` 后，把 `{a}` 加进它的 `audience`，或换一个地点"
                            )),
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

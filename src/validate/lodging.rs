//! E042: a route of more than one day must say in `lodging` where the group sleeps and how it
//! is supervised (README, "What `check` reports"; after LB/T 054's requirements for
//! accommodation).

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        if route.days.len() > 1 && super::blank(&route.lodging) {
            diags.push(
                Diagnostic::new(
                    codes::NO_LODGING,
                    &route.file,
                    route.days_pos,
                    text!(
                        "a {days}-day route needs `lodging`",
                        "{days} 天的线路需要写 `lodging`（住宿安排）",
                        days = route.days.len()
                    ),
                )
                .with_help(text!(
                    "say where the group sleeps and how it is supervised, e.g. `lodging: 营地宿舍，男女分楼层，带队老师每晚查房`",
                    "写明住在哪里、晚上怎样管理，如 `lodging: 营地宿舍，男女分楼层，带队老师每晚查房`"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::NO_LODGING;
    use crate::validate::test_site::*;

    const DAY_2: &str = "  - stops:\n      - { at: bases/lab, by: walk, arrive: \"09:00\", leave: \"10:00\", learning_minutes: 60 }\n";

    #[test]
    fn a_multi_day_route_needs_lodging() {
        let two_days = format!("{STOPS}{DAY_2}");
        // At the `days` list (line 14), the line after `days:`.
        assert_eq!(route_codes("", &two_days), vec![(NO_LODGING, 14)]);
        assert_eq!(
            route_codes("lodging: \" \"\n", &two_days),
            vec![(NO_LODGING, 15)]
        );
        assert_eq!(
            route_codes("lodging: 营地，男女分楼层\n", &two_days),
            vec![]
        );
        assert_eq!(route_codes("", STOPS), vec![]);
    }
}

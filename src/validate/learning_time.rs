//! W002: a school day with fewer `learning_minutes` than `min_learning_minutes_per_day` (the
//! 2016 guideline: a study trip is teaching outside school, not an outing). Only for a route
//! with every stop understood — a left-out stop would make the sum wrong.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let min = site.config.rules.min_learning_minutes_per_day;
    for route in site.routes.iter().filter(|r| r.complete && r.is_school()) {
        for (d, day) in route.days.iter().enumerate() {
            let learning =
                (day.stops.iter().filter_map(|s| s.learning_minutes)).fold(0, u32::saturating_add);
            if learning < min {
                let pos = day.stops.first().map_or(route.days_pos, |s| s.pos);
                let n = d + 1;
                diags.push(
                    Diagnostic::new(
                        codes::LEARNING_TIME_SHORT,
                        &route.file,
                        pos,
                        text!(
                            "day {n} has {learning} learning minutes; a school day needs at least {min}",
                            "第 {n} 天只有 {learning} 分钟研学时间，学校线路每天至少要 {min} 分钟"
                        ),
                    )
                    .with_help(text!(
                        "give the day's stops their `learning_minutes`, or plan another learning activity",
                        "给这一天的站点写上 `learning_minutes`，或再安排一项研学活动"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::LEARNING_TIME_SHORT;
    use crate::validate::test_site::*;

    #[test]
    fn a_school_day_needs_learning_time() {
        let short = STOPS.replace("learning_minutes: 90", "learning_minutes: 10");
        assert_eq!(route_codes("", &short), vec![(LEARNING_TIME_SHORT, 15)]);
        let day_2 = format!(
            "{STOPS}  - stops:\n      - {{ do: 参观, arrive: \"09:00\", leave: \"10:00\", learning_minutes: 10 }}\n"
        );
        assert_eq!(
            route_codes("lodging: 营地\n", &day_2),
            vec![(LEARNING_TIME_SHORT, 20)]
        );
    }
}

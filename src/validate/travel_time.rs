//! W001: too little time between stops (the content format, "Travel"): the gap between
//! consecutive located stops must cover the estimated travel time — straight line × the detour
//! factor ÷ the mode's speed (`rules`), or the stop's `travel_minutes` when it says.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        for (stop, leg) in super::legs(site, route) {
            let (road_km, minutes) = (leg.road_km, leg.minutes);
            if let Some(gap) = leg.gap
                && gap < i64::from(minutes)
            {
                diags.push(
                    Diagnostic::new(
                        codes::TRAVEL_TIME_SHORT,
                        &route.file,
                        stop.arrive.pos,
                        text!(
                            "{gap} min to travel about {road_km:.1} km, which takes about {minutes} min",
                            "路程约 {road_km:.1} 公里，大约要 {minutes} 分钟，但只留了 {gap} 分钟"
                        ),
                    )
                    .with_help(text!(
                        "leave more time between the stops, or set `travel_minutes` if you know the real time",
                        "在两站之间多留些时间；如果知道实际用时，写在 `travel_minutes` 里"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::TRAVEL_TIME_SHORT;
    use crate::validate::test_site::*;

    #[test]
    fn gaps_cover_travel() {
        // Museum → lab is about 1 km straight, 1.4 km road: 21 min on foot; lunch is transparent.
        let tight = STOPS.replace("arrive: \"12:20\"", "arrive: \"12:10\"");
        assert_eq!(route_codes("", &tight), vec![(TRAVEL_TIME_SHORT, 17)]);
        let told = tight.replace("by: walk,", "by: walk, travel_minutes: 10,");
        assert_eq!(route_codes("", &told), vec![]);
        // The meeting point (08:30) to the museum (09:00) is ~1.7 km by coach: fine.
        assert_eq!(route_codes("", STOPS), vec![]);
    }
}

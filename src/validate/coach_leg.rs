//! E045: a coach leg longer than `max_coach_leg_km` (LB/T 054: longer trips go by rail, the
//! coach only for the last part). The distance is the straight line × `detour_factor`, whatever
//! `travel_minutes` says.

use crate::diag::{Diagnostic, codes};
use crate::model::{Mode, Site};
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let max_km = site.config.rules.max_coach_leg_km;
    for route in &site.routes {
        for (stop, leg) in super::legs(site, route) {
            if leg.mode == Mode::Coach && leg.road_km > max_km {
                diags.push(
                    Diagnostic::new(
                        codes::COACH_LEG_TOO_LONG,
                        &route.file,
                        stop.pos,
                        text!(
                            "a coach leg of about {km:.0} km, longer than `max_coach_leg_km` ({max_km:.0} km)",
                            "大巴单程约 {km:.0} 公里，超过了 `max_coach_leg_km`（{max_km:.0} 公里）",
                            km = leg.road_km
                        ),
                    )
                    .with_help(text!(
                        "go the long way by rail (`by: rail`) and take the coach only for the last part; or raise `rules.max_coach_leg_km` in `site.yaml`",
                        "长途改乘火车（`by: rail`），大巴只走最后一段；或在 `site.yaml` 的 `rules.max_coach_leg_km` 中调高上限"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::{COACH_LEG_TOO_LONG, Code};
    use crate::validate::test_site::*;

    const FAR: &str = r#"---
name: 远方
district: 北碚区
location: { lat: 31.9, lon: 110.1 }
"#;

    fn far_trip(by: &str) -> Vec<(Code, usize)> {
        let stops = format!(
            "      - {{ at: bases/museum, by: coach, arrive: \"09:00\", leave: \"11:00\", learning_minutes: 90 }}\n      - {{ at: spots/far, by: {by}, travel_minutes: 300, arrive: \"16:00\", leave: \"16:30\" }}\n"
        );
        let r = route("", &stops);
        codes(&site(&[
            ("bases/museum", MUSEUM),
            ("spots/far", FAR),
            ("routes/r", &r),
        ]))
    }

    #[test]
    fn long_coach_leg() {
        // The museum → (31.9, 110.1) is about 420 km straight, 590 km by road.
        assert_eq!(far_trip("coach"), vec![(COACH_LEG_TOO_LONG, 16)]);
        assert_eq!(far_trip("rail"), vec![]);
    }
}

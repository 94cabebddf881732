//! Can the group get there in time? Between consecutive located stops, the gap must cover the
//! estimated travel time (straight line × detour factor ÷ the mode's speed, or `travel_minutes`),
//! and no coach leg may exceed `max_coach_leg_km` (LB/T 054: longer trips go by rail).

use crate::diag::Diagnostic;
use crate::model::{Leg, Mode, Route, Site};

pub(super) fn check_travel(site: &Site, route: &Route, diags: &mut Vec<Diagnostic>) {
    let file = route.file.as_path();
    let rules = &site.config.rules;
    check_region(site, route, diags);
    if !route.complete {
        return; // a left-out stop would make every later gap wrong
    }
    for (day, legs) in route.days.iter().zip(route.legs(&site.places, rules)) {
        for (stop, leg) in day.stops.iter().zip(legs) {
            let Some(Leg {
                mode,
                road_km,
                minutes,
                gap,
                ..
            }) = leg
            else {
                continue;
            };
            if mode == Mode::Coach && road_km > rules.max_coach_leg_km {
                diags.push(
                    Diagnostic::error(
                        "E045",
                        file,
                        stop.pos,
                        format!(
                            "a coach leg of about {road_km:.0} km (over {:.0} km)",
                            rules.max_coach_leg_km
                        ),
                    )
                    .with_help("long legs go by rail (`by: rail`), then coach"),
                );
            }
            if let Some(gap) = gap
                && gap < i64::from(minutes)
            {
                diags.push(
                        Diagnostic::warning("W001", file, stop.arrive.pos, format!("{gap} min to travel about {road_km:.1} km, but it takes about {minutes} min"))
                            .with_help("leave more time, or set `travel_minutes` if you know the real time"),
                    );
            }
        }
    }
}

/// The meeting point, the lodging and located `do:` stops must be in the region too.
fn check_region(site: &Site, route: &Route, diags: &mut Vec<Diagnostic>) {
    let Some(bbox) = site.config.region.as_ref().and_then(|r| r.bbox) else {
        return;
    };
    let mut points: Vec<_> = route
        .meeting
        .iter()
        .filter_map(|m| m.location.as_ref())
        .collect();
    points.extend(route.lodging_location.as_ref());
    for day in &route.days {
        for stop in &day.stops {
            if let crate::model::StopKind::Activity {
                location: Some(l), ..
            } = &stop.what
            {
                points.push(l);
            }
        }
    }
    for p in points {
        if !bbox.contains(p.value.lat, p.value.lon) {
            diags.push(
                Diagnostic::error("E035", &route.file, p.pos, format!("({:.4}, {:.4}) is outside the region", p.value.lat, p.value.lon))
                    .with_help("check the coordinates (lat/lon swapped? from Amap or Baidu? then add `datum: gcj02` or `bd09`)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_site::*;

    fn check(stops: &str) -> Vec<(&'static str, usize)> {
        let r = route("", stops);
        codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]))
    }

    #[test]
    fn gaps_cover_travel() {
        // Museum → lab is about 1 km straight, 1.4 km road: 21 min on foot; lunch is transparent.
        let tight = STOPS.replace("arrive: \"12:20\"", "arrive: \"12:10\"");
        assert_eq!(check(&tight), vec![("W001", 17)]);
        let told = tight.replace("by: walk,", "by: walk, travel_minutes: 10,");
        assert_eq!(check(&told), vec![]);
        // The meeting point (08:30) to the museum (09:00) is ~1.7 km by coach: fine.
        assert_eq!(check(STOPS), vec![]);
    }

    #[test]
    fn long_coach_leg_and_outside_region() {
        let far = "---\nname: 远方\ndistrict: 北碚区\nlocation: { lat: 31.9, lon: 110.1 }\n";
        let stops = "      - { at: bases/museum, by: coach, arrive: \"09:00\", leave: \"11:00\", learning_minutes: 90 }\n      - { at: spots/far, by: coach, travel_minutes: 300, arrive: \"16:00\", leave: \"16:30\" }\n";
        let r = route("", stops).replace(
            "location: { lat: 29.83, lon: 106.43 }",
            "location: { lat: 39.9, lon: 116.4 }",
        );
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("spots/far", far),
            ("routes/r", &r),
        ]));
        assert!(got.contains(&("E045", 16)), "{got:?}");
        assert!(got.contains(&("E035", 12)), "{got:?}");
    }
}

//! E035: a point outside `region.bbox`, the sanity box of the content format (site.yaml
//! `region`). It catches swapped latitude and longitude and coordinates picked on Amap or Baidu
//! without a `datum`. Every point is checked: places, and a route's meeting point, lodging and
//! located `do:` stops.

use crate::diag::{Diagnostic, codes};
use crate::model::{Site, StopKind};

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let Some(region) = &site.config.region else {
        return;
    };
    let Some(bbox) = region.bbox else {
        return;
    };
    let name = region.name.as_deref().unwrap_or("the region");
    for place in &site.places {
        let p = place.location.value;
        if !bbox.contains(p.lat, p.lon) {
            diags.push(
                Diagnostic::new(codes::OUTSIDE_REGION, &place.file, place.location.pos, format!("({:.4}, {:.4}) is outside {name}", p.lat, p.lon))
                    .with_help("check the coordinates (lat/lon swapped? picked on Amap or Baidu? then say `datum: gcj02` or `bd09`)"),
            );
        }
    }
    for route in &site.routes {
        let mut points: Vec<_> = route
            .meeting
            .iter()
            .filter_map(|m| m.location.as_ref())
            .collect();
        points.extend(route.lodging_location.as_ref());
        for stop in route.days.iter().flat_map(|day| &day.stops) {
            if let StopKind::Activity {
                location: Some(l), ..
            } = &stop.what
            {
                points.push(l);
            }
        }
        for p in points {
            if !bbox.contains(p.value.lat, p.value.lon) {
                diags.push(
                    Diagnostic::new(codes::OUTSIDE_REGION, &route.file, p.pos, format!("({:.4}, {:.4}) is outside the region", p.value.lat, p.value.lon))
                        .with_help("check the coordinates (lat/lon swapped? from Amap or Baidu? then add `datum: gcj02` or `bd09`)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::OUTSIDE_REGION;
    use crate::validate::test_site::*;

    #[test]
    fn a_place_outside_the_region() {
        let beijing = SPOT.replace("{ lat: 29.8, lon: 106.4 }", "{ lat: 39.9, lon: 116.4 }");
        assert_eq!(
            codes(&site(&[("spots/x", &beijing)])),
            vec![(OUTSIDE_REGION, 4)]
        );
    }

    #[test]
    fn the_meeting_point_and_the_lodging_are_checked_too() {
        let r = route("", STOPS).replace(
            "location: { lat: 29.83, lon: 106.43 }",
            "location: { lat: 39.9, lon: 116.4 }",
        );
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert!(got.contains(&(OUTSIDE_REGION, 12)), "{got:?}");
        // A one-day route never travels from its lodging, so only the box speaks.
        assert_eq!(
            route_codes("lodging_location: { lat: 39.9, lon: 116.4 }\n", STOPS),
            vec![(OUTSIDE_REGION, 13)]
        );
    }

    #[test]
    fn a_located_do_stop_is_checked() {
        let stops = STOPS.replace(
            "{ do: 午餐,",
            "{ do: 午餐, location: { lat: 39.9, lon: 116.4 },",
        );
        let got = route_codes("", &stops);
        assert!(got.contains(&(OUTSIDE_REGION, 16)), "{got:?}");
    }
}

//! E035: a point outside `region.bbox`, the sanity box of the content format (site.yaml
//! `region`). It catches swapped latitude and longitude and coordinates picked on Amap or Baidu
//! without a `datum`. Every point is checked: places, and a route's meeting point, lodging and
//! located `do:` stops.

use crate::config::BBox;
use crate::diag::{Diagnostic, Text, codes};
use crate::model::{GeoPoint, Site, StopKind};
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let Some(region) = &site.config.region else {
        return;
    };
    let Some(bbox) = region.bbox else {
        return;
    };
    let name = region.name.as_deref();
    let mut outside = |file: &std::path::Path, p: GeoPoint, pos| {
        if !bbox.contains(p.lat, p.lon) {
            diags.push(
                Diagnostic::new(codes::OUTSIDE_REGION, file, pos, message(p, name))
                    .with_help(help(p, &bbox)),
            );
        }
    };
    for place in &site.places {
        outside(&place.file, place.location.value, place.location.pos);
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
            outside(&route.file, p.value, p.pos);
        }
    }
}

/// `(39.9116, 116.3778) is outside `重庆``, naming the site's own region when it has a name.
fn message(p: GeoPoint, region: Option<&str>) -> Text {
    let point = format!("({:.4}, {:.4})", p.lat, p.lon);
    match region {
        Some(name) => text!(
            "{point} is outside `{name}` (`region.bbox` in `site.yaml`)",
            "坐标 {point} 不在 {name} 的范围内（`site.yaml` 的 `region.bbox`）"
        ),
        None => text!(
            "{point} is outside the site's region (`region.bbox` in `site.yaml`)",
            "坐标 {point} 不在本站的区域范围内（`site.yaml` 的 `region.bbox`）"
        ),
    }
}

/// Swapped numbers are certain when swapping them lands inside the box; otherwise the likely
/// causes in turn.
fn help(p: GeoPoint, bbox: &BBox) -> Text {
    if bbox.contains(p.lon, p.lat) {
        let (lat, lon) = (p.lon, p.lat);
        return text!(
            "`lat` and `lon` look swapped: write `lat: {lat}, lon: {lon}`",
            "`lat` 和 `lon` 像是写反了：改成 `lat: {lat}, lon: {lon}`"
        );
    }
    text!(
        "check the coordinates: are `lat` and `lon` swapped? Picked on Amap or Tencent Maps? then add `datum: gcj02`; on Baidu Maps, `datum: bd09`",
        "检查坐标：`lat` 和 `lon` 是否写反？如果是在高德或腾讯地图上取的点，加上 `datum: gcj02`；百度地图取的点加 `datum: bd09`"
    )
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
        let got = diagnostics(&site(&[("spots/x", &beijing)]));
        assert_eq!(
            got[0].message.zh(),
            "坐标 (39.9000, 116.4000) 不在本站的区域范围内（`site.yaml` 的 `region.bbox`）"
        );
        assert!(
            got[0]
                .help
                .as_ref()
                .unwrap()
                .en()
                .contains("`datum: gcj02`")
        );
    }

    #[test]
    fn swapped_numbers_are_called_swapped() {
        // A region west of 90° E (Xinjiang), where a swapped point is still a valid one.
        let bbox = crate::config::BBox {
            south: 34.3,
            west: 73.5,
            north: 49.2,
            east: 96.4,
        };
        let swapped = crate::model::GeoPoint {
            lat: 87.6,
            lon: 43.8,
        };
        let help = super::help(swapped, &bbox);
        assert_eq!(
            help.en(),
            "`lat` and `lon` look swapped: write `lat: 43.8, lon: 87.6`"
        );
        assert_eq!(
            help.zh(),
            "`lat` 和 `lon` 像是写反了：改成 `lat: 43.8, lon: 87.6`"
        );
        let message = super::message(swapped, Some("新疆"));
        assert_eq!(
            message.en(),
            "(87.6000, 43.8000) is outside `新疆` (`region.bbox` in `site.yaml`)"
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

//! Checks on one place: region box, district list, risk notes, reservation details, staleness.

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::model::{Place, Site};

pub(super) fn check_place(site: &Site, place: &Place, today: Date, diags: &mut Vec<Diagnostic>) {
    let file = place.file.as_path();
    if let Some(region) = &site.config.region {
        if let Some(bbox) = region.bbox {
            let p = place.location.value;
            if !bbox.contains(p.lat, p.lon) {
                let name = region.name.as_deref().unwrap_or("the region");
                diags.push(
                    Diagnostic::error("E035", file, place.location.pos, format!("({:.4}, {:.4}) is outside {name}", p.lat, p.lon))
                        .with_help("check the coordinates (lat/lon swapped? picked on Amap or Baidu? then say `datum: gcj02` or `bd09`)"),
                );
            }
        }
        let district = &place.district;
        if !region.districts.is_empty() && !region.districts.contains(&district.value) {
            diags.push(
                Diagnostic::error(
                    "E036",
                    file,
                    district.pos,
                    format!("`{}` is not a district listed in site.yaml", district.value),
                )
                .with_suggestion(&district.value, region.districts.iter().map(String::as_str))
                .or_help(
                    "functional areas (两江新区, 西部科学城) go in `zone`; `district` is the 区/县",
                ),
            );
        }
    }
    if !place.risks.value.is_empty()
        && place
            .risk_note
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
    {
        diags.push(
            Diagnostic::error(
                "E040",
                file,
                place.risks.pos,
                "`risks` are listed but there is no `risk_note`",
            )
            .with_help("add `risk_note:` saying what visitors must do (e.g. 洞内湿滑，需穿防滑鞋)"),
        );
    }
    if let Some(res) = &place.reservation {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        if res.value.required && blank(&res.value.how) && blank(&res.value.url) {
            diags.push(
                Diagnostic::error(
                    "E041",
                    file,
                    res.pos,
                    "a reservation is required but neither `how` nor `url` says how to book",
                )
                .with_help("add `how:` (e.g. 微信公众号实名预约) or `url:`"),
            );
        }
    }
    super::check_stale(site, file, place.verified.as_ref(), today, diags);
}

#[cfg(test)]
mod tests {
    use crate::validate::test_site::*;

    #[test]
    fn good_place_passes() {
        assert_eq!(codes(&site(&[("bases/museum", MUSEUM)])), vec![]);
    }

    #[test]
    fn place_rules() {
        let bad = "---\nname: x\ndistrict: 北培区\nlocation: { lat: 39.9, lon: 116.4 }\nrisks: [cave]\nreservation: { required: true }\nverified: 2025-01-01\n";
        assert_eq!(
            codes(&site(&[("spots/x", bad)])),
            vec![
                ("E036", 3),
                ("E035", 4),
                ("E040", 5),
                ("E041", 6),
                ("W005", 7)
            ]
        );
    }
}

//! E036: a `district` that is not one of site.yaml `region.districts` (the content format; for
//! Chongqing its 38 区县), with a did-you-mean for typos like 北培区.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let Some(region) = &site.config.region else {
        return;
    };
    if region.districts.is_empty() {
        return;
    }
    // An example from this site's own list, so the help fits any province.
    let example = region.districts.first().map_or("", String::as_str);
    for place in &site.places {
        let district = &place.district;
        if !region.districts.contains(&district.value) {
            let value = &district.value;
            diags.push(
                Diagnostic::new(
                    codes::UNKNOWN_DISTRICT,
                    &place.file,
                    district.pos,
                    text!(
                        "`{value}` is not one of the districts in `site.yaml` (`region.districts`)",
                        "`{value}` 不在 `site.yaml` 列出的区县（`region.districts`）中"
                    ),
                )
                .with_suggestion(value, region.districts.iter().map(String::as_str))
                .or_help(text!(
                    "`district` is the 区 or 县 as listed in `region.districts` (e.g. `{example}`); a development zone or scenic area goes in `zone`; or add the district to `site.yaml`",
                    "`district` 写 `region.districts` 里列出的区县（如 `{example}`）；新区、开发区、景区等写在 `zone`；也可以把这个区县加进 `site.yaml`"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::UNKNOWN_DISTRICT;
    use crate::validate::test_site::*;

    #[test]
    fn a_district_typo_gets_a_suggestion() {
        let typo = SPOT.replace("北碚区", "北培区");
        let got = diagnostics(&site(&[("spots/x", &typo)]));
        assert_eq!(
            got.iter().map(|d| (d.code, d.pos.line)).collect::<Vec<_>>(),
            vec![(UNKNOWN_DISTRICT, 3)]
        );
        assert_eq!(
            got[0].help.as_ref().map(|h| h.en()),
            Some("did you mean `北碚区`?")
        );
    }

    #[test]
    fn a_functional_area_is_not_a_district() {
        let zone = SPOT.replace("北碚区", "两江新区");
        let got = diagnostics(&site(&[("spots/x", &zone)]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0]
                .help
                .as_ref()
                .map(|h| h.en())
                .is_some_and(|h| h.contains("`zone`")),
            "{got:?}"
        );
    }
}

//! E041: `reservation.required: true` without `how` or `url` (the content format: many places
//! book only through WeChat, so either one is enough).

use crate::diag::{Diagnostic, codes};
use crate::model::Site;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for place in &site.places {
        let Some(res) = &place.reservation else {
            continue;
        };
        if res.value.required && super::blank(&res.value.how) && super::blank(&res.value.url) {
            diags.push(
                Diagnostic::new(
                    codes::RESERVATION_WITHOUT_HOW,
                    &place.file,
                    res.pos,
                    "a reservation is required but neither `how` nor `url` says how to book",
                )
                .with_help("add `how:` (e.g. 微信公众号实名预约) or `url:`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::RESERVATION_WITHOUT_HOW;
    use crate::validate::test_site::*;

    #[test]
    fn a_required_reservation_says_how_to_book() {
        let bare = format!("{SPOT}reservation: {{ required: true }}\n");
        assert_eq!(
            codes(&site(&[("spots/x", &bare)])),
            vec![(RESERVATION_WITHOUT_HOW, 5)]
        );
        for fine in [
            "reservation: { required: true, how: 微信公众号实名预约 }\n",
            "reservation: { required: true, url: \"https://x.org/book\" }\n",
            "reservation: { required: false }\n",
        ] {
            let place = format!("{SPOT}{fine}");
            assert_eq!(codes(&site(&[("spots/x", &place)])), vec![], "{fine}");
        }
    }
}

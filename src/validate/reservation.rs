//! E041: `reservation.required: true` without `how` or `url` (the content format: many places
//! book only through WeChat, so either one is enough).

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

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
                    text!(
                        "a reservation is required, but neither `how` nor `url` says how to book",
                        "需要预约，但 `how` 和 `url` 都没有说明怎样预约"
                    ),
                )
                .with_help(text!(
                    "add `how:` (e.g. `how: 微信公众号实名预约，提前 3 天`) or `url:` with the booking page",
                    "加上 `how:`（如 `how: 微信公众号实名预约，提前 3 天`）或预约页面的 `url:`"
                )),
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

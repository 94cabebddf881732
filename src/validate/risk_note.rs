//! E040: a place that lists `risks` (cave, water, height, …) must say in `risk_note` what
//! visitors have to do about them (README, "What `check` reports"; the safety duty of LB/T 054).

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for place in &site.places {
        if !place.risks.value.is_empty() && super::blank(&place.risk_note) {
            diags.push(
                Diagnostic::new(
                    codes::RISKS_WITHOUT_NOTE,
                    &place.file,
                    place.risks.pos,
                    text!(
                        "`risks` are listed but there is no `risk_note`",
                        "列出了 `risks`，但没有写 `risk_note`"
                    ),
                )
                .with_help(text!(
                    "add `risk_note:` saying what visitors must do, e.g. `risk_note: 洞内湿滑，需穿防滑鞋`",
                    "加上 `risk_note:`，写明游客要注意什么，如 `risk_note: 洞内湿滑，需穿防滑鞋`"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::RISKS_WITHOUT_NOTE;
    use crate::validate::test_site::*;

    #[test]
    fn risks_need_a_note() {
        let bare = format!("{SPOT}risks: [cave]\n");
        assert_eq!(
            codes(&site(&[("spots/x", &bare)])),
            vec![(RISKS_WITHOUT_NOTE, 5)]
        );
        let blank = format!("{SPOT}risks: [cave]\nrisk_note: \"  \"\n");
        assert_eq!(
            codes(&site(&[("spots/x", &blank)])),
            vec![(RISKS_WITHOUT_NOTE, 5)]
        );
        let noted = format!("{SPOT}risks: [cave]\nrisk_note: 洞内湿滑，需穿防滑鞋\n");
        assert_eq!(codes(&site(&[("spots/x", &noted)])), vec![]);
    }
}

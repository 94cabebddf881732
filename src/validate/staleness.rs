//! W005: `verified` older than `stale_after_days` (the content format): hours, prices and
//! booking rules change, so a place or route not checked for months may mislead. `today` comes
//! from the caller (SOURCE_DATE_EPOCH in tests), never from the output.

use jiff::civil::Date;

use crate::diag::{Diagnostic, codes};
use crate::model::Site;

pub(super) fn check(site: &Site, today: Date, diags: &mut Vec<Diagnostic>) {
    let places = site.places.iter().map(|p| (&p.file, &p.verified));
    let routes = site.routes.iter().map(|r| (&r.file, &r.verified));
    let limit = i64::from(site.config.rules.stale_after_days);
    for (file, verified) in places.chain(routes) {
        let Some(verified) = verified else {
            continue;
        };
        let age = verified
            .value
            .until(today)
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0);
        if age > limit {
            diags.push(
                Diagnostic::new(
                    codes::STALE,
                    file,
                    verified.pos,
                    format!("verified {} days ago (older than {limit} days)", age),
                )
                .with_help("check hours, prices and booking rules again, then update `verified`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::STALE;
    use crate::validate::test_site::*;

    #[test]
    fn stale_after_the_limit_not_on_it() {
        // The tests judge on 2026-11-29: 2026-06-02 is 180 days before, 2026-06-01 is 181.
        let on_limit = format!("{SPOT}verified: 2026-06-02\n");
        assert_eq!(codes(&site(&[("spots/x", &on_limit)])), vec![]);
        let over = format!("{SPOT}verified: 2026-06-01\n");
        let got = diagnostics(&site(&[("spots/x", &over)]));
        assert_eq!(
            got.iter().map(|d| (d.code, d.pos.line)).collect::<Vec<_>>(),
            vec![(STALE, 5)]
        );
        assert_eq!(
            got[0].message,
            "verified 181 days ago (older than 180 days)"
        );
    }

    #[test]
    fn routes_go_stale_too() {
        assert_eq!(
            route_codes("verified: 2025-01-01\n", STOPS),
            vec![(STALE, 13)]
        );
    }
}

//! W005: `verified` older than `stale_after_days` (the content format): hours, prices and
//! booking rules change, so a place or route not checked for months may mislead. `today` comes
//! from the caller (SOURCE_DATE_EPOCH in tests), never from the output.

use jiff::civil::Date;

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

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
                    text!(
                        "last verified {age} days ago, more than the {limit} days of `stale_after_days`",
                        "上次核实（`verified`）已是 {age} 天前，超过了 `stale_after_days` 的 {limit} 天"
                    ),
                )
                .with_help(text!(
                    "check the hours, prices and booking rules again, then set `verified` to the day you checked",
                    "重新核实开放时间、票价和预约规则，再把 `verified` 改成核实的日期"
                )),
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
            "last verified 181 days ago, more than the 180 days of `stale_after_days`"
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

//! `/atom.xml`: an Atom 1.0 (RFC 4287) feed of the study routes, so schools and partners can
//! follow new and re-checked routes. Written in code like the sitemap: a few fixed lines that
//! must stay valid whatever a theme does. The only date a route has is `verified` (when its
//! facts were last checked), so that is an entry's `updated`; no clock is read.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::model::{Route, Site};
use crate::render::{escape_html, url_of};

/// Text escaped for XML, without the characters XML 1.0 does not allow at all (C0 controls
/// other than tab, newline and carriage return; U+FFFE, U+FFFF).
fn xml(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || !(c.is_control() && u32::from(*c) < 0x20))
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect();
    escape_html(&allowed)
}

/// RFC 3339 at the start of the day in China.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00+08:00")
}

/// Routes newest `verified` first, ties by id; routes without `verified` come last, by id.
fn ordered(site: &Site) -> Vec<&Route> {
    let mut routes: Vec<&Route> = site.routes.iter().collect();
    routes.sort_by(|a, b| {
        let (da, db) = (
            a.verified.as_ref().map(|v| v.value),
            b.verified.as_ref().map(|v| v.value),
        );
        // `Some` sorts after `None`, so comparing b with a puts dated, newest routes first.
        db.cmp(&da).then_with(|| a.id.cmp(&b.id))
    });
    routes
}

/// The Atom feed of the routes (the newest `feed_limit` of them). An entry's `updated` is its route's `verified` date at
/// 00:00+08:00. A route without `verified` is listed last and gets the oldest route date in
/// the feed (it never looks newer than checked content); when no route is dated, the newest
/// place `verified` date; when nothing is dated, 1970-01-01. The feed's `updated` is its
/// newest entry's (that same fallback when there are no routes).
pub fn atom_feed(site: &Site) -> String {
    let base = site.config.base_url.as_str();
    let title = xml(&site.config.title);
    let routes = ordered(site);
    let fallback = site
        .routes
        .iter()
        .filter_map(|r| r.verified.as_ref().map(|v| v.value))
        .min()
        .or_else(|| {
            site.places
                .iter()
                .filter_map(|p| p.verified.as_ref().map(|v| v.value))
                .max()
        })
        .unwrap_or(jiff::civil::date(1970, 1, 1));
    let updated = |r: &Route| r.verified.as_ref().map_or(fallback, |v| v.value);
    let newest = routes.iter().map(|r| updated(r)).max().unwrap_or(fallback);

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml(&site.config.language)
    );
    let _ = writeln!(out, "  <title>{title}</title>");
    if !site.config.description.trim().is_empty() {
        let _ = writeln!(
            out,
            "  <subtitle>{}</subtitle>",
            xml(&site.config.description)
        );
    }
    let base_xml = xml(base);
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base_xml}/atom.xml\"/>"
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{base_xml}/routes/\"/>"
    );
    let _ = writeln!(out, "  <id>{base_xml}/</id>");
    let _ = writeln!(out, "  <updated>{}</updated>", timestamp(newest));
    out.push_str("  <generator>yanxue</generator>\n");
    let limit = match site.config.feed_limit {
        0 => routes.len(),
        n => n,
    };
    for r in routes.into_iter().take(limit) {
        let url = xml(&format!("{base}{}", url_of(&r.id)));
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", xml(&r.title.value));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>"
        );
        let _ = writeln!(out, "    <id>{url}</id>");
        let _ = writeln!(out, "    <updated>{}</updated>", timestamp(updated(r)));
        let _ = writeln!(out, "    <summary>{}</summary>", xml(&r.summary));
        let _ = writeln!(
            out,
            "    <author><name>{title}</name><uri>{base_xml}/</uri></author>"
        );
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::geojson::fixture::site;

    /// (id, updated) of each entry, in order.
    fn entries(feed: &str) -> Vec<(String, String)> {
        let inside = |text: &str, tag: &str| {
            let open = format!("<{tag}>");
            let from = text.find(&open).unwrap() + open.len();
            let to = text[from..].find(&format!("</{tag}>")).unwrap();
            text[from..from + to].to_string()
        };
        feed.split("<entry>")
            .skip(1)
            .map(|e| (inside(e, "id"), inside(e, "updated")))
            .collect()
    }

    #[test]
    fn newest_first_ties_by_id_undated_last() {
        let site = site();
        let feed = atom_feed(&site);
        let got = entries(&feed);
        let b = "https://yanxue.example.org/routes";
        assert_eq!(
            got,
            [
                (format!("{b}/yuzhong/"), "2026-11-20T00:00:00+08:00".into()),
                (
                    format!("{b}/beibei-dino/"),
                    "2026-10-01T00:00:00+08:00".into()
                ),
                (format!("{b}/silver/"), "2026-10-01T00:00:00+08:00".into()),
                (format!("{b}/draft/"), "2026-10-01T00:00:00+08:00".into()),
            ]
        );
        assert!(feed.contains("\n  <updated>2026-11-20T00:00:00+08:00</updated>\n"));
        // Escaped: the title's quotes and the summary's angle brackets and ampersand.
        assert!(feed.contains("<title>北碚&quot;恐龙·蚕丝&quot;研学, 两日; 营地</title>"));
        assert!(feed.contains(
            "<summary>面向小学高年级的&lt;乡土乡情&gt;科普研学 &amp; 自然观察</summary>"
        ));
        assert_eq!(feed.matches("<author><name>重庆科普研学</name>").count(), 4);
        insta::assert_snapshot!(feed);
    }

    #[test]
    fn fallback_dates() {
        let mut site = site();
        for r in &mut site.routes {
            r.verified = None;
        }
        // No route is dated: the newest place date (the museum's).
        let feed = atom_feed(&site);
        assert_eq!(
            feed.matches("<updated>2026-11-01T00:00:00+08:00</updated>")
                .count(),
            5
        );
        // Order by id when nothing is dated.
        let ids: Vec<String> = entries(&feed).into_iter().map(|(id, _)| id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        site.routes.clear();
        for p in &mut site.places {
            p.verified = None;
        }
        let feed = atom_feed(&site);
        assert!(feed.contains("<updated>1970-01-01T00:00:00+08:00</updated>"));
        assert!(!feed.contains("<entry>"));
    }

    #[test]
    fn the_feed_keeps_the_newest_feed_limit_routes() {
        let mut site = site();
        site.config.feed_limit = 2;
        let ids: Vec<String> = entries(&atom_feed(&site))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let b = "https://yanxue.example.org/routes";
        assert_eq!(ids, [format!("{b}/yuzhong/"), format!("{b}/beibei-dino/")]);
        site.config.feed_limit = 0;
        assert_eq!(entries(&atom_feed(&site)).len(), 4);
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(xml("a\u{1}b\u{FFFF}<c>\n"), "ab&lt;c&gt;\n");
    }
}

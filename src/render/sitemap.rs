//! `sitemap.xml` and `robots.txt`: written in code rather than templates because they are a few
//! lines, never themed, and must stay valid whatever a theme does.

use std::fmt::Write as _;

/// One page in the sitemap: its path and, when known, the date its facts were last checked.
#[derive(Hash)]
pub struct SitemapEntry {
    pub path: String,
    pub lastmod: Option<String>,
}

pub fn sitemap_xml(base_url: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in entries {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}{}</loc>\n",
            super::escape_html(base_url),
            super::escape_html(&e.path)
        );
        if let Some(date) = &e.lastmod {
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", super::escape_html(date));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots_txt(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_absolute_escaped_urls() {
        let xml = sitemap_xml(
            "https://x.org",
            &[
                SitemapEntry {
                    path: "/".into(),
                    lastmod: None,
                },
                SitemapEntry {
                    path: "/a&b/".into(),
                    lastmod: Some("2026-11-20".into()),
                },
            ],
        );
        insta::assert_snapshot!(xml);
        assert!(robots_txt("https://x.org").contains("Sitemap: https://x.org/sitemap.xml"));
    }
}

//! Pages every site has that show no document of their own: `/404.html` and `/search/`.

use super::{Builder, Page};
use crate::model::PlaceKind;
use crate::render::url_of;
use crate::render::view::Link;

/// `/404.html`: the same for every state of the site but the navigation.
pub(super) fn not_found<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    let url = "/404.html";
    pages.push(Page {
        template: "404.html",
        url: url.to_string(),
        listed: false,
        lastmod: None,
        fingerprint: b.reads(url).finish(),
        context: Box::new(|| b.not_found()),
    });
}

/// `/search/`, which lists every place and route by name.
pub(super) fn search<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    let url = "/search/";
    let mut reads = b.reads(url);
    for p in &b.site.places {
        reads.value((&p.id, &p.name, p.kind));
    }
    for r in &b.site.routes {
        reads.value((&r.id, &r.title.value));
    }
    pages.push(Page {
        template: "search.html",
        url: url.to_string(),
        listed: false,
        lastmod: None,
        fingerprint: reads.finish(),
        context: Box::new(|| b.search_page()),
    });
}

impl Builder<'_> {
    fn not_found(&self) -> tera::Context {
        let common = self.common(
            "/404.html",
            "页面未找到",
            None,
            vec![Link {
                title: "页面未找到".into(),
                url: "/404.html".into(),
            }],
        );
        self.page(common, |_| {})
    }

    /// `/search/`: the search form, and every route and place as plain links for browsers
    /// without JavaScript (search.js hides the list while it shows results).
    fn search_page(&self) -> tera::Context {
        let url = "/search/".to_string();
        let common = self.common(
            &url,
            "搜索",
            None,
            vec![Link {
                title: "搜索".into(),
                url: url.clone(),
            }],
        );
        let links = |kind: PlaceKind| -> Vec<Link> {
            self.site
                .places
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| Link {
                    title: p.name.clone(),
                    url: url_of(&p.id),
                })
                .collect()
        };
        let routes: Vec<Link> = self
            .site
            .routes
            .iter()
            .map(|r| Link {
                title: r.title.value.clone(),
                url: url_of(&r.id),
            })
            .collect();
        let (bases, spots) = (links(PlaceKind::Base), links(PlaceKind::Spot));
        self.page(common, |c| {
            c.insert("routes", &routes);
            c.insert("bases", &bases);
            c.insert("spots", &spots);
        })
    }
}

//! Which pages the site has and what each template sees. Each kind of page has a file here that
//! holds, side by side, the pages of that kind the site has, what each of them reads (its
//! fingerprint, which decides what a live rebuild re-renders) and the builder of its context: the
//! view structs of `view.rs`, with display-ready labels, URLs and rendered Markdown. [`KINDS`]
//! lists the kinds; the rest of the build sees only [`Page`]s. What several kinds share is here
//! (the values every template gets, pagination, [`Reads`]) and in `cards.rs`. Lists and taxonomy
//! pages are built once from indexes, not by rescanning.

mod cards;
mod free_page;
mod lists;
mod place;
mod route;
mod site_files;
mod taxonomy;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use super::markdown::RenderedMarkdown;
use super::sitemap::SitemapEntry;
use super::taxonomy::{Taxonomies, Taxonomy};
use super::view::*;
use super::{absolute_url, json_ld, url_of};
use crate::model::{Body, Site, TextPage};

use cards::AUDIENCE_GROUPS;
pub(super) use cards::audience_groups;
use place::reservation_view;

/// A kind of page: adds the pages of that kind the site has to `pages`, in a stable order.
type PageKind = for<'b, 'a> fn(&'b Builder<'a>, &mut Vec<Page<'b>>);

/// Every kind of page, in the order the sitemap lists them. A new kind is a file in this folder
/// (a [`PageKind`] function listing its pages with what each reads, beside the builder of their
/// context), its `mod` line above and a line here. Its template goes into the default theme, and
/// into `compile_templates`' list if every theme must have it (else themes without it get no
/// such pages).
const KINDS: [PageKind; 8] = [
    lists::home,
    site_files::not_found,
    lists::sections,
    site_files::search,
    place::places,
    route::routes,
    free_page::free_pages,
    taxonomy::taxonomies,
];

/// One page of the site, described before its context is built: what the build renders one by
/// one, and what a live rebuild re-renders when its fingerprint changed.
pub struct Page<'b> {
    /// The template it renders with: a page whose template the theme lacks is left out.
    pub template: &'static str,
    pub url: String,
    /// Whether the sitemap lists it (a list's later pages it doesn't).
    pub listed: bool,
    /// For the sitemap: the date its facts were last checked, when known.
    pub lastmod: Option<String>,
    /// A hash of everything the page reads ([`Reads`]). Two states of the site with the same
    /// fingerprint for a page render it to the same bytes (with the same template); the live
    /// rebuild re-renders only pages whose fingerprint changed.
    pub fingerprint: u64,
    /// Builds what its template sees; called only for the pages rendered.
    context: Box<dyn Fn() -> tera::Context + Send + Sync + 'b>,
}

impl Page<'_> {
    /// What its template sees.
    pub fn context(&self) -> tera::Context {
        (self.context)()
    }

    /// Its line in the sitemap, if it has one.
    pub fn sitemap_entry(&self) -> Option<SitemapEntry> {
        self.listed.then(|| SitemapEntry {
            path: self.url.clone(),
            lastmod: self.lastmod.clone(),
        })
    }
}

/// Builds the pages of one state of the site. Indexes over the whole site (taxonomies, which
/// routes visit a place) and the hashes pages' fingerprints are made of are built once here,
/// not per page.
pub struct Builder<'a> {
    site: &'a Site,
    bodies: &'a BTreeMap<String, RenderedMarkdown>,
    taxonomies: Taxonomies,
    /// place index → routes visiting it (indexes, ascending).
    visits: Vec<Vec<usize>>,
    /// What every page shows of the whole site (the navigation, the taxonomy slugs), hashed.
    global: u64,
    /// Per route, a hash of what its card shows: the route and the places it visits.
    card_prints: Vec<u64>,
    /// Per taxonomy, a hash of its terms' names and counts.
    count_prints: BTreeMap<Taxonomy, u64>,
}

impl<'a> Builder<'a> {
    pub fn new(site: &'a Site, bodies: &'a BTreeMap<String, RenderedMarkdown>) -> Self {
        let taxonomies = Taxonomies::build(site);
        Builder {
            site,
            bodies,
            visits: place::visits(site),
            global: global_print(site, &taxonomies),
            card_prints: cards::card_prints(site),
            count_prints: taxonomy::count_prints(&taxonomies),
            taxonomies,
        }
    }

    /// Every page of the site, in a stable order (the sitemap's).
    pub fn pages(&self) -> Vec<Page<'_>> {
        let mut pages = Vec::new();
        for kind in KINDS {
            kind(self, &mut pages);
        }
        pages
    }

    /// What the page at `url` reads, to be fed by its kind; it starts with what every page shows.
    fn reads(&self, url: &str) -> Reads<'_, 'a> {
        let mut hash = DefaultHasher::new();
        (self.global, url).hash(&mut hash);
        Reads {
            builder: self,
            hash,
        }
    }

    /// Pages a list of `len` cards takes (at least one, for the empty list's page).
    fn page_count(&self, len: usize) -> usize {
        match self.site.config.paginate_by {
            0 => 1,
            n => len.div_ceil(n).max(1),
        }
    }

    /// The cards of page `page` (1-based) of a list of `len`.
    fn page_range(&self, len: usize, page: usize) -> std::ops::Range<usize> {
        match self.site.config.paginate_by {
            0 => 0..len,
            n => {
                let start = (page.saturating_sub(1) * n).min(len);
                start..(start + n).min(len)
            }
        }
    }

    fn paginator(&self, list_url: &str, len: usize, page: usize) -> Paginator {
        let total = self.page_count(len);
        let url = |n: usize| list_page_url(list_url, n);
        let mut links = Vec::new();
        for n in 1..=total {
            if n == 1 || n == total || n.abs_diff(page) <= 2 {
                links.push(PagerLink {
                    number: Some(n),
                    url: Some(url(n)),
                    current: n == page,
                });
            } else if links.last().is_some_and(|l: &PagerLink| l.number.is_some()) {
                links.push(PagerLink {
                    number: None,
                    url: None,
                    current: false,
                });
            }
        }
        Paginator {
            number: page,
            total_pages: total,
            items: len,
            prev_url: (page > 1).then(|| url(page - 1)),
            next_url: (page < total).then(|| url(page + 1)),
            links,
        }
    }
}

/// What one page reads, hashed into its fingerprint as its kind lists it. Each kind feeds it
/// what its builder shows: documents, other pages' cards, term counts, site-wide values. The
/// fingerprint tests (`tests.rs`) fail when a builder shows something its kind doesn't feed here.
struct Reads<'b, 'a> {
    builder: &'b Builder<'a>,
    hash: DefaultHasher,
}

impl Reads<'_, '_> {
    /// A document's whole source: its `Body::source_hash` covers its whole file.
    fn document(&mut self, body: &Body) {
        body.source_hash.hash(&mut self.hash);
    }

    /// A text page's source, when the site has the page.
    fn text_page(&mut self, page: Option<&TextPage>) {
        if let Some(p) = page {
            self.document(&p.body);
        }
    }

    /// What the card of route `r` (an index into `site.routes`) shows.
    fn route_card(&mut self, r: usize) {
        self.builder.card_prints.get(r).hash(&mut self.hash);
    }

    /// The names and counts of the terms of `taxonomy`.
    fn term_counts(&mut self, taxonomy: Taxonomy) {
        self.builder
            .count_prints
            .get(&taxonomy)
            .hash(&mut self.hash);
    }

    /// Any other value the page shows.
    fn value(&mut self, value: impl Hash) {
        value.hash(&mut self.hash);
    }

    fn finish(&self) -> u64 {
        self.hash.finish()
    }
}

/// Page `n` (1-based) of the list at `list_url`: the list's own URL, then `page/<n>/` under it.
fn list_page_url(list_url: &str, n: usize) -> String {
    if n <= 1 {
        list_url.to_string()
    } else {
        format!("{list_url}page/{n}/")
    }
}

fn some_text(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The first sentence-ish of a text, at most `max` characters.
fn excerpt(text: &str, max: usize) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let end = first
        .find(['。', '！', '？'])
        .map(|i| i + '。'.len_utf8())
        .unwrap_or(first.len());
    let sentence = &first[..end];
    if sentence.chars().count() <= max {
        sentence.to_string()
    } else {
        let cut: String = sentence.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Values every template gets.
#[derive(Serialize)]
struct Common<'a> {
    site: SiteView<'a>,
    page_url: String,
    page_title: String,
    page_description: Option<String>,
    breadcrumbs: Vec<Link>,
}

/// What every page shows of the whole site, hashed: the navigation (`common` below) and the
/// taxonomy slugs every term link uses.
fn global_print(site: &Site, taxonomies: &Taxonomies) -> u64 {
    let mut h = DefaultHasher::new();
    for p in &site.pages {
        (&p.id, &p.title).hash(&mut h);
    }
    for (_, terms) in taxonomies.iter() {
        for term in terms {
            (&term.name, &term.slug).hash(&mut h);
        }
    }
    h.finish()
}

impl<'a> Builder<'a> {
    fn common(
        &self,
        url: &str,
        title: &str,
        description: Option<String>,
        trail: Vec<Link>,
    ) -> Common<'a> {
        let c = &self.site.config;
        let mut nav = vec![
            Link {
                title: "研学线路".into(),
                url: "/routes/".into(),
            },
            Link {
                title: "科普基地".into(),
                url: "/bases/".into(),
            },
            Link {
                title: "景区".into(),
                url: "/spots/".into(),
            },
        ];
        nav.extend(Taxonomy::ALL.map(|t| Link {
            title: t.title().into(),
            url: t.url(),
        }));
        nav.extend(self.site.pages.iter().map(|p| Link {
            title: p.title.clone().unwrap_or_default(),
            url: url_of(&p.id),
        }));
        let mut breadcrumbs = vec![Link {
            title: "首页".into(),
            url: "/".into(),
        }];
        breadcrumbs.extend(trail);
        let page_title = if url == "/" {
            c.title.clone()
        } else {
            format!("{title} · {}", c.title)
        };
        Common {
            site: SiteView {
                title: &c.title,
                title_en: c.title_en.as_deref(),
                description: &c.description,
                base_url: &c.base_url,
                language: &c.language,
                nav,
                emergency: &c.emergency,
                extra: &c.extra,
            },
            page_url: url.to_string(),
            page_title,
            page_description: description
                .or_else(|| Some(c.description.clone()).filter(|d| !d.is_empty())),
            breadcrumbs,
        }
    }

    /// What a page's template sees: the common values, then whatever `fill` inserts. Values go
    /// into the Tera context directly (no intermediate JSON), once per page.
    fn page(&self, common: Common<'a>, fill: impl FnOnce(&mut tera::Context)) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("site", &common.site);
        context.insert("page_url", &common.page_url);
        context.insert("page_title", &common.page_title);
        context.insert("page_description", &common.page_description);
        context.insert("breadcrumbs", &common.breadcrumbs);
        // Only `serve` renders drafts; the theme marks them.
        let id = common.page_url.trim_matches('/');
        context.insert("draft", &(!id.is_empty() && self.site.is_draft(id)));
        let base = &self.site.config.base_url;
        context.insert("canonical_url", &absolute_url(base, &common.page_url));
        context.insert(
            "breadcrumb_json_ld",
            &json_ld::breadcrumb_json_ld(base, &common.breadcrumbs),
        );
        fill(&mut context);
        context
    }

    fn body_html(&self, id: &str) -> String {
        self.bodies
            .get(id)
            .map(|b| b.html.clone())
            .unwrap_or_default()
    }

    fn text_view(&self, page: Option<&TextPage>, url: &str, default_title: &str) -> TextView {
        TextView {
            url: url.to_string(),
            title: page
                .and_then(|p| p.title.clone())
                .unwrap_or_else(|| default_title.to_string()),
            description: page.and_then(|p| some_text(&p.description)),
            body_html: page.map(|p| self.body_html(&p.id)).unwrap_or_default(),
        }
    }

    /// Who the map apps are told sent the visitor (they ask for an app or site name).
    fn source_name(&self) -> &str {
        crate::render::map_links::host_of(&self.site.config.base_url)
    }
}

//! Which pages the site has and what each template sees: builds the view structs of `view.rs`
//! from the model (display-ready labels, URLs, rendered Markdown) and pairs each with its
//! template and URL. Lists and taxonomy pages are built once from indexes, not by rescanning.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use super::map_links::map_links;
use super::markdown::{self, RenderedMarkdown};
use super::sitemap::SitemapEntry;
use super::taxonomy::{Taxonomy, build_taxonomies};
use super::view::*;
use super::{absolute_url, json_ld, labels, qr, route_diagram, script_safe_json, url_of};
use crate::load::Section;
use crate::model::{Place, Route, Site, StopKind, TextPage};

/// One page to render.
pub struct PageContext {
    pub template: &'static str,
    pub url: String,
    pub context: tera::Context,
}

/// A page of the site, named before its context is built: what the build renders one by one
/// and what a live rebuild re-renders when the inputs it reads change. Indexes are into the
/// site's lists (`site.places`, `site.routes`, `site.pages`) and the taxonomies; list pages are
/// numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKey {
    Home,
    NotFound,
    Section {
        section: Section,
        page: usize,
    },
    Search,
    Place(usize),
    Route(usize),
    Free(usize),
    Taxonomy(usize),
    Term {
        taxonomy: usize,
        term: usize,
        page: usize,
    },
}

impl PageKey {
    pub fn template(self) -> &'static str {
        match self {
            PageKey::Home => "index.html",
            PageKey::NotFound => "404.html",
            PageKey::Section { .. } => "section.html",
            PageKey::Search => "search.html",
            PageKey::Place(_) => "place.html",
            PageKey::Route(_) => "route.html",
            PageKey::Free(_) => "page.html",
            PageKey::Taxonomy(_) => "taxonomy.html",
            PageKey::Term { .. } => "term.html",
        }
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

/// Builds the pages of one state of the site. Indexes over the whole site (taxonomies, which
/// routes visit a place) are built once here, not per page.
pub struct Builder<'a> {
    site: &'a Site,
    bodies: &'a BTreeMap<String, RenderedMarkdown>,
    taxonomies: Vec<Taxonomy>,
    /// place index → routes visiting it (indexes, ascending).
    visits: Vec<Vec<usize>>,
    /// What every page shows of the whole site (the navigation, the taxonomy slugs), hashed.
    global: u64,
    /// Per route, a hash of what its card shows: the route and the places it visits.
    card_prints: Vec<u64>,
    /// Per taxonomy, a hash of its terms' names and counts.
    count_prints: Vec<u64>,
}

impl<'a> Builder<'a> {
    pub fn new(site: &'a Site, bodies: &'a BTreeMap<String, RenderedMarkdown>) -> Self {
        let mut visits = vec![Vec::new(); site.places.len()];
        for (r, route) in site.routes.iter().enumerate() {
            for place in route.visited_places() {
                if let Some(v) = visits.get_mut(place)
                    && v.last() != Some(&r)
                {
                    v.push(r);
                }
            }
        }
        let taxonomies = build_taxonomies(site);
        let mut h = DefaultHasher::new();
        for p in &site.pages {
            (&p.id, &p.title).hash(&mut h);
        }
        for t in &taxonomies {
            for term in &t.terms {
                (&term.name, &term.slug).hash(&mut h);
            }
        }
        let card_prints = site
            .routes
            .iter()
            .map(|r| {
                // A card shows the districts of the places the route visits.
                let mut h = DefaultHasher::new();
                r.body.source_hash.hash(&mut h);
                for place in r.visited_places() {
                    site.places
                        .get(place)
                        .map(|p| p.body.source_hash)
                        .hash(&mut h);
                }
                h.finish()
            })
            .collect();
        let count_prints = taxonomies
            .iter()
            .map(|tax| {
                let mut h = DefaultHasher::new();
                for term in &tax.terms {
                    (&term.name, term.places.len(), term.routes.len()).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        Builder {
            site,
            bodies,
            taxonomies,
            visits,
            global: h.finish(),
            card_prints,
            count_prints,
        }
    }

    /// Every page of the site, in a stable order.
    pub fn keys(&self) -> Vec<PageKey> {
        let site = self.site;
        let mut keys = vec![PageKey::Home, PageKey::NotFound];
        for section in Section::ALL {
            if section != Section::Pages || !site.pages.is_empty() {
                let pages = self.page_count(self.section_len(section));
                keys.extend((1..=pages).map(|page| PageKey::Section { section, page }));
            }
        }
        keys.push(PageKey::Search);
        keys.extend((0..site.places.len()).map(PageKey::Place));
        keys.extend((0..site.routes.len()).map(PageKey::Route));
        keys.extend((0..site.pages.len()).map(PageKey::Free));
        for (t, tax) in self.taxonomies.iter().enumerate() {
            keys.push(PageKey::Taxonomy(t));
            for (i, term) in tax.terms.iter().enumerate() {
                let pages = self.page_count(term.routes.len() + term.places.len());
                keys.extend((1..=pages).map(|page| PageKey::Term {
                    taxonomy: t,
                    term: i,
                    page,
                }));
            }
        }
        keys
    }

    pub fn context(&self, key: PageKey) -> Option<PageContext> {
        let site = self.site;
        Some(match key {
            PageKey::Home => self.home(),
            PageKey::NotFound => self.not_found(),
            PageKey::Section { section, page } => self.section(section, page),
            PageKey::Search => self.search_page(),
            PageKey::Place(i) => self.place(i, site.places.get(i)?),
            PageKey::Route(i) => self.route(site.routes.get(i)?),
            PageKey::Free(i) => self.free_page(site.pages.get(i)?),
            PageKey::Taxonomy(t) => self.taxonomy(self.taxonomies.get(t)?),
            PageKey::Term {
                taxonomy,
                term,
                page,
            } => {
                let tax = self.taxonomies.get(taxonomy)?;
                self.term(tax, tax.terms.get(term)?, page)
            }
        })
    }

    /// A hash of everything the page of `key` reads: its documents' sources (each document's
    /// `Body::source_hash` covers its whole file), the documents its cards and lists show, and
    /// the site-wide values it shows. Two states of the site with the same fingerprint for a
    /// page render it to the same bytes; the live rebuild re-renders only pages whose
    /// fingerprint changed. Each arm mirrors the builder of that page below: whatever the
    /// builder reads, the fingerprint hashes (the incremental-equals-full test holds them
    /// together).
    pub fn fingerprint(&self, key: PageKey) -> u64 {
        let site = self.site;
        let mut h = DefaultHasher::new();
        (self.global, key).hash(&mut h);
        let source = |h: &mut DefaultHasher, body: &crate::model::Body| body.source_hash.hash(h);
        let route_card = |h: &mut DefaultHasher, r: usize| self.card_prints.get(r).hash(h);
        let text = |h: &mut DefaultHasher, page: Option<&TextPage>| {
            if let Some(p) = page {
                source(h, &p.body);
            }
        };
        match key {
            PageKey::Home => {
                text(&mut h, site.home.as_ref());
                for r in self.featured_routes() {
                    r.id.hash(&mut h);
                    if let Ok(i) = site.routes.binary_search_by(|x| x.id.cmp(&r.id)) {
                        route_card(&mut h, i);
                    }
                }
                (site.places.len(), site.routes.len()).hash(&mut h);
                for p in &site.places {
                    p.kind.hash(&mut h);
                }
                self.hash_term_counts(&mut h, None);
            }
            PageKey::NotFound => {}
            PageKey::Section { section, page } => {
                text(&mut h, site.intros.get(&section));
                let len = self.section_len(section);
                len.hash(&mut h);
                let range = self.page_range(len, page);
                match section {
                    Section::Bases | Section::Spots => {
                        for p in self
                            .section_places(section)
                            .take(range.end)
                            .skip(range.start)
                        {
                            source(&mut h, &p.body);
                        }
                    }
                    Section::Routes => {
                        range.clone().for_each(|r| route_card(&mut h, r));
                        if page == 1 {
                            // The filters count every route.
                            self.card_prints.hash(&mut h);
                        }
                    }
                    Section::Pages => {
                        for p in site.pages.get(range).unwrap_or_default() {
                            source(&mut h, &p.body);
                        }
                    }
                }
            }
            PageKey::Search => {
                for p in &site.places {
                    (&p.id, &p.name, p.kind).hash(&mut h);
                }
                for r in &site.routes {
                    (&r.id, &r.title.value).hash(&mut h);
                }
            }
            PageKey::Place(i) => {
                if let Some(p) = site.places.get(i) {
                    source(&mut h, &p.body);
                }
                for r in self.visits.get(i).into_iter().flatten() {
                    route_card(&mut h, *r);
                }
            }
            PageKey::Route(i) => route_card(&mut h, i),
            PageKey::Free(i) => text(&mut h, site.pages.get(i)),
            PageKey::Taxonomy(t) => self.hash_term_counts(&mut h, Some(t)),
            PageKey::Term {
                taxonomy,
                term,
                page,
            } => {
                self.hash_term_counts(&mut h, Some(taxonomy));
                let Some(term) = self
                    .taxonomies
                    .get(taxonomy)
                    .and_then(|t| t.terms.get(term))
                else {
                    return h.finish();
                };
                let (routes, places) = self.term_slices(term, page);
                for r in routes {
                    route_card(&mut h, *r);
                }
                for p in places.iter().filter_map(|p| site.places.get(*p)) {
                    source(&mut h, &p.body);
                }
            }
        }
        h.finish()
    }

    /// The URL of a page, and whether and with which date it goes into the sitemap: what
    /// `context` would say, without building the context.
    pub fn sitemap_entry(&self, key: PageKey) -> (String, Option<SitemapEntry>) {
        let site = self.site;
        let verified =
            |d: Option<&crate::yaml::Located<jiff::civil::Date>>| d.map(|d| d.value.to_string());
        let (url, listed, lastmod) = match key {
            PageKey::Home => ("/".to_string(), true, None),
            PageKey::NotFound => ("/404.html".to_string(), false, None),
            PageKey::Section { section, page } => (
                list_page_url(&format!("/{}/", section.dir()), page),
                page == 1,
                None,
            ),
            PageKey::Search => ("/search/".to_string(), false, None),
            PageKey::Place(i) => match site.places.get(i) {
                Some(p) => (url_of(&p.id), true, verified(p.verified.as_ref())),
                None => (String::new(), false, None),
            },
            PageKey::Route(i) => match site.routes.get(i) {
                Some(r) => (url_of(&r.id), true, verified(r.verified.as_ref())),
                None => (String::new(), false, None),
            },
            PageKey::Free(i) => (
                site.pages.get(i).map(|p| url_of(&p.id)).unwrap_or_default(),
                true,
                None,
            ),
            PageKey::Taxonomy(t) => (
                self.taxonomies
                    .get(t)
                    .map(Taxonomy::url)
                    .unwrap_or_default(),
                true,
                None,
            ),
            PageKey::Term {
                taxonomy,
                term,
                page,
            } => {
                let url = self
                    .taxonomies
                    .get(taxonomy)
                    .and_then(|t| Some(t.term_url(t.terms.get(term)?)))
                    .unwrap_or_default();
                (list_page_url(&url, page), page == 1, None)
            }
        };
        let entry = listed.then(|| SitemapEntry {
            path: url.clone(),
            lastmod,
        });
        (url, entry)
    }

    /// The names and counts of the terms of one taxonomy (or all), which taxonomy and term pages
    /// and the home page show.
    fn hash_term_counts(&self, h: &mut DefaultHasher, taxonomy: Option<usize>) {
        match taxonomy {
            Some(t) => self.count_prints.get(t).hash(h),
            None => self.count_prints.hash(h),
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

    fn section_places(&self, section: Section) -> impl Iterator<Item = &'a Place> + use<'a> {
        let kind = match section {
            Section::Bases => Some(crate::model::PlaceKind::Base),
            Section::Spots => Some(crate::model::PlaceKind::Spot),
            _ => None,
        };
        self.site
            .places
            .iter()
            .filter(move |p| Some(p.kind) == kind)
    }

    fn section_len(&self, section: Section) -> usize {
        match section {
            Section::Bases | Section::Spots => self.section_places(section).count(),
            Section::Routes => self.site.routes.len(),
            Section::Pages => self.site.pages.len(),
        }
    }

    /// The routes, then the places, of page `page` of a term's list.
    fn term_slices<'t>(
        &self,
        term: &'t super::taxonomy::Term,
        page: usize,
    ) -> (&'t [usize], &'t [usize]) {
        let (r, p) = (term.routes.len(), term.places.len());
        let range = self.page_range(r + p, page);
        let routes = &term.routes[range.start.min(r)..range.end.min(r)];
        let places =
            &term.places[range.start.saturating_sub(r).min(p)..range.end.saturating_sub(r).min(p)];
        (routes, places)
    }

    /// Every route's card as JSON: what the filters of a paginated routes list search.
    pub fn route_cards_json(&self) -> String {
        let cards: Vec<RouteCard> = self
            .site
            .routes
            .iter()
            .map(|r| self.route_card(r))
            .collect();
        serde_json::to_string(&cards).unwrap_or_default()
    }

    /// The routes the home page features: the most recently checked.
    fn featured_routes(&self) -> Vec<&'a Route> {
        let mut featured: Vec<&Route> = self.site.routes.iter().collect();
        featured.sort_by(|a, b| {
            let verified = |r: &Route| r.verified.as_ref().map(|d| d.value);
            verified(b).cmp(&verified(a)).then_with(|| a.id.cmp(&b.id))
        });
        featured.truncate(FEATURED_ROUTES);
        featured
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

/// How many routes the home page features.
const FEATURED_ROUTES: usize = 6;

/// The groups a teacher or a family picks from, in this order.
const AUDIENCE_GROUPS: [&str; 6] = ["小学", "初中", "高中", "亲子", "银龄", "公众"];

/// The school stages an audience touches (`初中2-高中1` would touch two), or its group.
pub(super) fn audience_groups(a: crate::model::Audience) -> Vec<&'static str> {
    use crate::model::Audience;
    match a {
        Audience::Grades { from, to } => [("小学", 1, 6), ("初中", 7, 9), ("高中", 10, 12)]
            .into_iter()
            .filter(|(_, first, last)| from <= *last && to >= *first)
            .map(|(name, ..)| name)
            .collect(),
        Audience::Family => vec!["亲子"],
        Audience::Senior => vec!["银龄"],
        Audience::Public => vec!["公众"],
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
            Link {
                title: "学科".into(),
                url: "/subjects/".into(),
            },
            Link {
                title: "区县".into(),
                url: "/districts/".into(),
            },
            Link {
                title: "适合人群".into(),
                url: "/audiences/".into(),
            },
        ];
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
                extra: &c.extra,
            },
            page_url: url.to_string(),
            page_title,
            page_description: description
                .or_else(|| Some(c.description.clone()).filter(|d| !d.is_empty())),
            breadcrumbs,
        }
    }

    /// A page for `template`: the common values, then whatever `fill` inserts. Values go into
    /// the Tera context directly (no intermediate JSON), once per page.
    fn page(
        &self,
        template: &'static str,
        url: String,
        common: Common<'a>,
        fill: impl FnOnce(&mut tera::Context),
    ) -> PageContext {
        let mut context = tera::Context::new();
        context.insert("site", &common.site);
        context.insert("page_url", &common.page_url);
        context.insert("page_title", &common.page_title);
        context.insert("page_description", &common.page_description);
        context.insert("breadcrumbs", &common.breadcrumbs);
        let base = &self.site.config.base_url;
        context.insert("canonical_url", &absolute_url(base, &common.page_url));
        context.insert(
            "breadcrumb_json_ld",
            &json_ld::breadcrumb_json_ld(base, &common.breadcrumbs),
        );
        fill(&mut context);
        PageContext {
            template,
            url,
            context,
        }
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

    fn term_link(&self, taxonomy: usize, name: &str) -> TermLink {
        let tax = &self.taxonomies[taxonomy];
        let url = tax
            .term(name)
            .map_or_else(|| tax.url(), |t| tax.term_url(t));
        TermLink {
            name: name.to_string(),
            url,
        }
    }

    fn home(&self) -> PageContext {
        let home = self.text_view(self.site.home.as_ref(), "/", &self.site.config.title);
        // The home page features the most recently checked routes; /routes/ lists them all.
        let routes: Vec<RouteCard> = self
            .featured_routes()
            .into_iter()
            .map(|r| self.route_card(r))
            .collect();
        let count = |kind| self.site.places.iter().filter(|p| p.kind == kind).count();
        let counts = [
            ("bases", count(crate::model::PlaceKind::Base)),
            ("spots", count(crate::model::PlaceKind::Spot)),
            ("routes", self.site.routes.len()),
        ];
        let counts: BTreeMap<&str, usize> = counts.into_iter().collect();
        let taxonomies: Vec<TaxonomyView> = self
            .taxonomies
            .iter()
            .map(|t| self.taxonomy_view(t))
            .collect();
        let common = self.common("/", &home.title, home.description.clone(), Vec::new());
        self.page("index.html", "/".into(), common, |c| {
            c.insert("home", &home);
            c.insert("routes", &routes);
            c.insert("counts", &counts);
            c.insert("taxonomies", &taxonomies);
        })
    }

    fn not_found(&self) -> PageContext {
        let common = self.common(
            "/404.html",
            "页面未找到",
            None,
            vec![Link {
                title: "页面未找到".into(),
                url: "/404.html".into(),
            }],
        );
        self.page("404.html", "/404.html".into(), common, |_| {})
    }

    fn section(&self, section: Section, page: usize) -> PageContext {
        let list_url = format!("/{}/", section.dir());
        let default = match section {
            Section::Bases => "科普教育基地",
            Section::Spots => "景区",
            Section::Routes => "研学线路",
            Section::Pages => "更多",
        };
        let view = self.text_view(self.site.intros.get(&section), &list_url, default);
        let len = self.section_len(section);
        let paginator = self.paginator(&list_url, len, page);
        let range = self.page_range(len, page);
        let places: Vec<PlaceCard> = self
            .section_places(section)
            .take(range.end)
            .skip(range.start)
            .map(|p| self.place_card(p))
            .collect();
        let (routes, pages) = match section {
            Section::Routes => (self.site.routes.get(range).unwrap_or_default(), &[][..]),
            Section::Pages => (&[][..], self.site.pages.get(range).unwrap_or_default()),
            _ => (&[][..], &[][..]),
        };
        let routes: Vec<RouteCard> = routes.iter().map(|r| self.route_card(r)).collect();
        let pages: Vec<PageCard> = pages
            .iter()
            .map(|p| PageCard {
                url: url_of(&p.id),
                title: p.title.clone().unwrap_or_default(),
                description: some_text(&p.description),
            })
            .collect();
        let url = list_page_url(&list_url, page);
        let mut trail = vec![Link {
            title: view.title.clone(),
            url: list_url.clone(),
        }];
        let mut title = view.title.clone();
        if page > 1 {
            title = format!("{title}（第 {page} 页）");
            trail.push(Link {
                title: format!("第 {page} 页"),
                url: url.clone(),
            });
        }
        let common = self.common(&url, &title, view.description.clone(), trail);
        // The filters count every route, so they sit on the first page; on a paginated list
        // they filter `/routes/cards.json` (filters.js).
        let filters = if section == Section::Routes && page == 1 {
            let all: Vec<RouteFilterValues> = self
                .site
                .routes
                .iter()
                .map(|r| self.filter_values(r))
                .collect();
            self.route_filters(&all)
        } else {
            Vec::new()
        };
        self.page("section.html", url, common, |c| {
            c.insert("filters", &filters);
            c.insert("section", &view);
            c.insert("kind", section.dir());
            c.insert("places", &places);
            c.insert("routes", &routes);
            c.insert("pages", &pages);
            c.insert("paginator", &paginator);
        })
    }

    /// `/search/`: the search form, and every route and place as plain links for browsers
    /// without JavaScript (search.js hides the list while it shows results).
    fn search_page(&self) -> PageContext {
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
        let links = |kind: crate::model::PlaceKind| -> Vec<Link> {
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
        let (bases, spots) = (
            links(crate::model::PlaceKind::Base),
            links(crate::model::PlaceKind::Spot),
        );
        self.page("search.html", url, common, |c| {
            c.insert("routes", &routes);
            c.insert("bases", &bases);
            c.insert("spots", &spots);
        })
    }

    fn place_card(&self, p: &Place) -> PlaceCard {
        let (_, kind_label) = labels::place_kind(p.kind);
        PlaceCard {
            url: url_of(&p.id),
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            kind_label,
            district: self.term_link(1, &p.district.value),
            category: p.category.map(str::to_string),
            subjects: p.subjects.iter().map(|s| self.term_link(0, s)).collect(),
            excerpt: self
                .bodies
                .get(&p.id)
                .map(|b| excerpt(&b.text, 80))
                .unwrap_or_default(),
        }
    }

    /// A route's audiences as links to their taxonomy terms.
    fn audience_links(&self, r: &Route) -> Vec<TermLink> {
        r.audience
            .iter()
            .map(|a| self.term_link(2, &a.value.to_string()))
            .collect()
    }

    fn route_card(&self, r: &Route) -> RouteCard {
        RouteCard {
            url: url_of(&r.id),
            title: r.title.value.clone(),
            title_en: r.title_en.clone(),
            summary: r.summary.clone(),
            audience: self.audience_links(r),
            days_label: format!("{} 天", r.days.len()),
            days: r.days.len(),
            price_label: r.cost.as_ref().map(|c| match labels::price(c.per_person) {
                free if c.per_person <= 0.0 => free,
                price => format!("{price}/人"),
            }),
            category: r.category.map(str::to_string),
            filter: self.filter_values(r),
        }
    }

    /// Who the map apps are told sent the visitor (they ask for an app or site name).
    fn source_name(&self) -> &str {
        crate::render::map_links::host_of(&self.site.config.base_url)
    }

    /// The schedule as the page's calendar script reads it (script-safe JSON): for routes
    /// without dated departures, whose calendar the reader builds for a date of their own.
    fn calendar_data(&self, r: &Route) -> String {
        script_safe_json(&crate::render::calendar::calendar_data(self.site, r))
    }

    /// The values the routes index filters this route by.
    fn filter_values(&self, r: &Route) -> RouteFilterValues {
        let mut audience: Vec<String> = r
            .audience
            .iter()
            .flat_map(|a| audience_groups(a.value))
            .map(str::to_string)
            .collect();
        audience.dedup();
        let mut district: Vec<String> = r
            .days
            .iter()
            .flat_map(|d| &d.stops)
            .filter_map(|s| match s.what {
                StopKind::Visit { place, .. } => self
                    .site
                    .places
                    .get(place)
                    .map(|p| p.district.value.clone()),
                StopKind::Activity { .. } => None,
            })
            .collect();
        district.sort();
        district.dedup();
        let mut month: Vec<u8> = r.months.iter().map(|m| m.value).collect();
        month.sort_unstable();
        month.dedup();
        RouteFilterValues {
            audience,
            subject: r.subjects.clone(),
            days: r.days.len().to_string(),
            district,
            month: month.iter().map(u8::to_string).collect(),
        }
    }

    /// The filters of the routes index, each option with the number of routes it keeps.
    fn route_filters(&self, routes: &[RouteFilterValues]) -> Vec<FilterGroup> {
        fn group(
            name: &'static str,
            label: &'static str,
            values: Vec<Vec<String>>,
            order: impl Fn(&str) -> String,
            show: impl Fn(&str) -> String,
        ) -> FilterGroup {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for list in values {
                for v in list {
                    *counts.entry(v).or_default() += 1;
                }
            }
            let mut options: Vec<FilterOption> = counts
                .into_iter()
                .map(|(value, count)| FilterOption {
                    label: format!("{}（{count}）", show(&value)),
                    value,
                    count,
                })
                .collect();
            options.sort_by_key(|o| order(&o.value));
            FilterGroup {
                name,
                label,
                options,
            }
        }
        let pick =
            |f: fn(&RouteFilterValues) -> Vec<String>| routes.iter().map(f).collect::<Vec<_>>();
        let numeric = |v: &str| format!("{:>4}", v);
        let stage_order = |v: &str| {
            AUDIENCE_GROUPS
                .iter()
                .position(|g| *g == v)
                .unwrap_or(99)
                .to_string()
        };
        vec![
            group(
                "audience",
                "适合人群",
                pick(|f| f.audience.clone()),
                stage_order,
                str::to_string,
            ),
            group(
                "subject",
                "学科",
                pick(|f| f.subject.clone()),
                str::to_string,
                str::to_string,
            ),
            group(
                "days",
                "天数",
                pick(|f| vec![f.days.clone()]),
                numeric,
                |v| format!("{v} 天"),
            ),
            group(
                "district",
                "区县",
                pick(|f| f.district.clone()),
                str::to_string,
                str::to_string,
            ),
            group(
                "month",
                "适宜月份",
                pick(|f| f.month.clone()),
                numeric,
                |v| format!("{v} 月"),
            ),
        ]
    }

    fn place(&self, index: usize, p: &Place) -> PageContext {
        let url = url_of(&p.id);
        let (kind, kind_label) = labels::place_kind(p.kind);
        let closed = p.weekly_closed_days();
        let view = PlaceView {
            id: p.id.clone(),
            url: url.clone(),
            kind,
            kind_label,
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            district: self.term_link(1, &p.district.value),
            zone: some_text(&p.zone),
            address: some_text(&p.address),
            lat: format!("{:.6}", p.location.value.lat),
            lon: format!("{:.6}", p.location.value.lon),
            category: p.category.map(str::to_string),
            designations: p.designations.clone(),
            subjects: p.subjects.iter().map(|s| self.term_link(0, s)).collect(),
            audience: p
                .audience
                .iter()
                .map(|a| self.term_link(2, &a.to_string()))
                .collect(),
            hours: p
                .hours
                .iter()
                .map(|h| HoursRow {
                    days_label: h.days.label_zh(),
                    open: h.open.to_string(),
                    close: h.close.to_string(),
                    last_entry: h.last_entry.map(|t| t.to_string()),
                })
                .collect(),
            closed_days_label: (!closed.is_empty())
                .then(|| format!("每{}闭馆", closed.label_zh().replace("、", "、每"))),
            open_on_holidays: p.open_on_holidays,
            closures: p
                .closures
                .iter()
                .map(|c| ClosureRow {
                    from: c.from.to_string(),
                    to: c.to.to_string(),
                    reason: c.reason.clone(),
                })
                .collect(),
            status: p.status.name(),
            status_label: labels::status(p.status),
            reservation: p.reservation.as_ref().map(|r| reservation_view(&r.value)),
            price: p.price.as_ref().map(|pr| {
                let rows: Vec<(String, String)> = [
                    ("成人", pr.adult),
                    ("学生", pr.student),
                    ("老年人", pr.senior),
                ]
                .into_iter()
                .filter_map(|(who, v)| v.map(|v| (who.to_string(), labels::price(v))))
                .collect();
                PriceView {
                    free: !rows.is_empty()
                        && [pr.adult, pr.student, pr.senior]
                            .iter()
                            .flatten()
                            .all(|v| *v <= 0.0),
                    rows,
                    note: some_text(&pr.note),
                }
            }),
            visit_label: p.visit_minutes.map(labels::duration),
            access: p.access.as_ref().map(|a| AccessView {
                wheelchair: a.wheelchair,
                lift: a.lift,
                steps: a.steps,
                note: some_text(&a.note),
            }),
            risks: p.risks.value.iter().map(|r| labels::risk(*r)).collect(),
            risk_note: some_text(&p.risk_note),
            phone: some_text(&p.phone),
            website: some_text(&p.website),
            verified: p.verified.as_ref().map(|d| d.value.to_string()),
            sources: p.sources.clone(),
            body_html: self.body_html(&p.id),
            routes: self
                .visits
                .get(index)
                .into_iter()
                .flatten()
                .filter_map(|r| self.site.routes.get(*r))
                .map(|r| self.route_card(r))
                .collect(),
            map_links: map_links(p.location.value, &p.name, self.source_name()),
            json_ld: json_ld::place_json_ld(self.site, p),
        };
        let section = if p.kind == crate::model::PlaceKind::Base {
            ("科普教育基地", "/bases/")
        } else {
            ("景区", "/spots/")
        };
        let trail = vec![
            Link {
                title: section.0.into(),
                url: section.1.into(),
            },
            Link {
                title: p.name.clone(),
                url: url.clone(),
            },
        ];
        let description = self
            .bodies
            .get(&p.id)
            .map(|b| excerpt(&b.text, 120))
            .filter(|s| !s.is_empty());
        let common = self.common(&url, &p.name, description, trail);
        self.page("place.html", url, common, |c| {
            c.insert("place", &view);
        })
    }

    fn route(&self, r: &Route) -> PageContext {
        let url = url_of(&r.id);
        let absolute = absolute_url(&self.site.config.base_url, &url);
        let legs = r.legs(&self.site.places, &self.site.config.rules);
        let mut bookings = Vec::new();
        let schedule: Vec<DayView> = r
            .days
            .iter()
            .zip(legs)
            .enumerate()
            .map(|(d, (day, legs))| {
                let stops = day
                    .stops
                    .iter()
                    .zip(legs)
                    .filter_map(|(stop, leg)| {
                        let (name, url, kind_label) = match &stop.what {
                            StopKind::Visit { place, .. } => {
                                let p = self.site.places.get(*place)?;
                                if let Some(res) =
                                    p.reservation.as_ref().filter(|r| r.value.required)
                                    && !bookings
                                        .iter()
                                        .any(|b: &BookingRow| b.place.url == url_of(&p.id))
                                {
                                    let v = reservation_view(&res.value);
                                    bookings.push(BookingRow {
                                        place: Link {
                                            title: p.name.clone(),
                                            url: url_of(&p.id),
                                        },
                                        how: v.how,
                                        url: v.url,
                                        lead_label: v.lead_label,
                                    });
                                }
                                (
                                    p.name.clone(),
                                    Some(url_of(&p.id)),
                                    Some(labels::place_kind(p.kind).1),
                                )
                            }
                            StopKind::Activity { what, .. } => (what.clone(), None, None),
                        };
                        Some(StopView {
                            arrive: stop.arrive.value.to_string(),
                            leave: stop.leave.value.to_string(),
                            name,
                            url,
                            kind_label,
                            activity: some_text(&stop.activity),
                            learning_minutes: stop.learning_minutes,
                            // Staying put (a `do:` at the lodging) is no journey worth showing.
                            leg: leg.filter(|l| l.straight_km >= 0.05).map(|l| LegView {
                                mode_label: labels::mode(l.mode),
                                distance_label: format!("{:.1} km", l.road_km),
                                time_label: labels::duration(l.minutes),
                            }),
                        })
                    })
                    .collect();
                let learning: u32 = day.stops.iter().filter_map(|s| s.learning_minutes).sum();
                DayView {
                    number: d + 1,
                    label: format!("第 {} 天", d + 1),
                    title: some_text(&day.title),
                    anchor: format!("day-{}", d + 1),
                    stops,
                    learning_label: (learning > 0)
                        .then(|| format!("学习时长{}", labels::duration(learning))),
                }
            })
            .collect();
        let markdown_field = |field: &Option<String>, prefix: &str| {
            some_text(field).map(|text| markdown::render_markdown(&text, &|_| None, prefix).html)
        };
        let total_learning: u32 = r
            .days
            .iter()
            .flat_map(|d| &d.stops)
            .filter_map(|s| s.learning_minutes)
            .sum();
        let staff = r.staff.as_ref().map(|s| {
            let s = &s.value;
            [
                ("项目组长", s.leader),
                ("安全员", s.safety_officer),
                ("研学导师", s.tutor),
                ("导游", s.guide),
                ("带队老师", s.teacher),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(role, count)| StaffRow {
                role: role.into(),
                count,
            })
            .collect()
        });
        let mut months: Vec<u8> = r.months.iter().map(|m| m.value).collect();
        months.sort_unstable();
        months.dedup();
        let view = RouteView {
            id: r.id.clone(),
            url: url.clone(),
            title: r.title.value.clone(),
            title_en: r.title_en.clone(),
            summary: r.summary.clone(),
            audience: self.audience_links(r),
            category: r.category.map(str::to_string),
            subjects: r.subjects.iter().map(|s| self.term_link(0, s)).collect(),
            scope: r.scope.map(str::to_string),
            days_label: format!("{} 天", r.days.len()),
            runs_on_label: r.runs_on.as_ref().map(|w| w.value.label_zh()),
            months_label: (!months.is_empty()).then(|| {
                format!(
                    "{} 月",
                    months
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join("、")
                )
            }),
            departures: r
                .departures
                .iter()
                .map(|d| {
                    format!(
                        "{}（{}）",
                        d.value,
                        crate::model::time::weekday_zh(d.value.weekday())
                    )
                })
                .collect(),
            group_label: r
                .group
                .as_ref()
                .map(|g| format!("{}–{} 人", g.value.min, g.value.max)),
            staff: staff.unwrap_or_default(),
            cost: r.cost.as_ref().map(|c| CostView {
                per_person: labels::price(c.per_person),
                includes: c.includes.clone(),
                excludes: c.excludes.clone(),
                waiver: some_text(&c.waiver),
            }),
            meeting: r.meeting.as_ref().map(|m| MeetingView {
                name: m.name.clone(),
                time: m.time.as_ref().map(|t| t.value.to_string()),
                map_links: m
                    .location
                    .as_ref()
                    .map(|l| map_links(l.value, &m.name, self.source_name())),
            }),
            insurance: r.insurance.clone(),
            contacts: r
                .contacts
                .iter()
                .map(|c| ContactView {
                    role: c.role.clone(),
                    name: some_text(&c.name),
                    phone: some_text(&c.phone),
                })
                .collect(),
            objectives: r.objectives.clone(),
            safety_html: markdown_field(&r.safety, "safety-"),
            guardianship_html: markdown_field(&r.guardianship, "guardianship-"),
            bring: r.bring.clone(),
            worksheet: r
                .worksheet
                .as_ref()
                .filter(|w| !(w.before.is_empty() && w.during.is_empty() && w.after.is_empty()))
                .map(|w| WorksheetView {
                    before: w.before.clone(),
                    during: w.during.clone(),
                    after: w.after.clone(),
                }),
            rainy_day: some_text(&r.rainy_day),
            lodging: some_text(&r.lodging),
            bookings,
            schedule,
            learning_label: (total_learning > 0).then(|| labels::duration(total_learning)),
            verified: r.verified.as_ref().map(|d| d.value.to_string()),
            body_html: self.body_html(&r.id),
            diagram_svg: route_diagram::route_diagram(self.site, r),
            qr_svg: qr::qr_svg(&absolute),
            absolute_url: absolute.clone(),
            geojson_url: format!("{url}route.geojson"),
            ics_url: (!r.departures.is_empty()).then(|| format!("{url}route.ics")),
            calendar_data: r.departures.is_empty().then(|| self.calendar_data(r)),
            json_ld: json_ld::route_json_ld(self.site, r),
        };
        let trail = vec![
            Link {
                title: "研学线路".into(),
                url: "/routes/".into(),
            },
            Link {
                title: r.title.value.clone(),
                url: url.clone(),
            },
        ];
        let common = self.common(&url, &r.title.value, Some(r.summary.clone()), trail);
        self.page("route.html", url, common, |c| {
            c.insert("route", &view);
        })
    }

    fn free_page(&self, p: &TextPage) -> PageContext {
        let url = url_of(&p.id);
        let view = self.text_view(Some(p), &url, "");
        let common = self.common(
            &url,
            &view.title,
            view.description.clone(),
            vec![Link {
                title: view.title.clone(),
                url: url.clone(),
            }],
        );
        self.page("page.html", url, common, |c| {
            c.insert("page", &view);
        })
    }

    fn taxonomy_view(&self, tax: &Taxonomy) -> TaxonomyView {
        TaxonomyView {
            name: tax.name,
            title: tax.title,
            url: tax.url(),
            terms: tax
                .terms
                .iter()
                .map(|t| TermCount {
                    name: t.name.clone(),
                    url: tax.term_url(t),
                    count: t.places.len() + t.routes.len(),
                })
                .collect(),
        }
    }

    fn taxonomy(&self, tax: &Taxonomy) -> PageContext {
        let view = self.taxonomy_view(tax);
        let trail = vec![Link {
            title: tax.title.into(),
            url: view.url.clone(),
        }];
        let common = self.common(&view.url, tax.title, None, trail);
        self.page("taxonomy.html", view.url.clone(), common, |c| {
            c.insert("taxonomy", &view);
        })
    }

    fn term(&self, tax: &Taxonomy, term: &super::taxonomy::Term, page: usize) -> PageContext {
        let list_url = tax.term_url(term);
        let (routes, places) = self.term_slices(term, page);
        let paginator = self.paginator(&list_url, term.routes.len() + term.places.len(), page);
        let url = list_page_url(&list_url, page);
        let view = TermView {
            name: term.name.clone(),
            url: list_url.clone(),
            places: places
                .iter()
                .filter_map(|i| self.site.places.get(*i))
                .map(|p| self.place_card(p))
                .collect(),
            routes: routes
                .iter()
                .filter_map(|i| self.site.routes.get(*i))
                .map(|r| self.route_card(r))
                .collect(),
            place_count: term.places.len(),
            route_count: term.routes.len(),
        };
        let mut trail = vec![
            Link {
                title: tax.title.into(),
                url: tax.url(),
            },
            Link {
                title: term.name.clone(),
                url: list_url.clone(),
            },
        ];
        let mut title = format!("{}：{}", tax.title, term.name);
        if page > 1 {
            title = format!("{title}（第 {page} 页）");
            trail.push(Link {
                title: format!("第 {page} 页"),
                url: url.clone(),
            });
        }
        let common = self.common(&url, &title, None, trail);
        self.page("term.html", url, common, |c| {
            c.insert("taxonomy", &self.taxonomy_view(tax));
            c.insert("term", &view);
            c.insert("paginator", &paginator);
        })
    }
}

fn reservation_view(r: &crate::model::Reservation) -> ReservationView {
    ReservationView {
        required: r.required,
        how: some_text(&r.how),
        url: some_text(&r.url),
        lead_label: r
            .lead_days
            .filter(|d| *d > 0)
            .map(|d| format!("需提前 {d} 天预约")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_stop_at_the_first_sentence() {
        assert_eq!(
            excerpt("\n重庆科技馆位于江北嘴。馆内有六个展厅。\n", 80),
            "重庆科技馆位于江北嘴。"
        );
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
        assert_eq!(excerpt("", 3), "");
    }
}

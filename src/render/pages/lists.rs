//! List pages: the home page and each section's list (`/bases/`, `/spots/`, `/routes/` with its
//! filters, `/pages/`), paginated by `paginate_by`.

use std::collections::BTreeMap;

use super::{AUDIENCE_GROUPS, Builder, Page, list_page_url, some_text};
use crate::load::Section;
use crate::model::{Place, Route};
use crate::render::taxonomy::Taxonomy;
use crate::render::url_of;
use crate::render::view::*;

/// The home page.
pub(super) fn home<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    let site = b.site;
    let mut reads = b.reads("/");
    reads.text_page(site.home.as_ref());
    for r in b.featured_routes() {
        reads.value(&r.id);
        if let Ok(i) = site.routes.binary_search_by(|x| x.id.cmp(&r.id)) {
            reads.route_card(i);
        }
    }
    reads.value((site.places.len(), site.routes.len()));
    for p in &site.places {
        reads.value(p.kind);
    }
    for t in Taxonomy::ALL {
        reads.term_counts(t);
    }
    pages.push(Page {
        template: "index.html",
        url: "/".to_string(),
        listed: true,
        lastmod: None,
        fingerprint: reads.finish(),
        context: Box::new(|| b.home()),
    });
}

/// Each section's list, page by page; `/pages/` only when the site has free pages.
pub(super) fn sections<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    for section in Section::ALL {
        if section == Section::Pages && b.site.pages.is_empty() {
            continue;
        }
        for page in 1..=b.page_count(b.section_len(section)) {
            let url = list_page_url(&format!("/{}/", section.dir()), page);
            pages.push(Page {
                template: "section.html",
                fingerprint: b.section_reads(section, page, &url),
                url,
                listed: page == 1,
                lastmod: None,
                context: Box::new(move || b.section(section, page)),
            });
        }
    }
}

/// How many routes the home page features.
const FEATURED_ROUTES: usize = 6;

impl<'a> Builder<'a> {
    fn home(&self) -> tera::Context {
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
        let taxonomies: Vec<TaxonomyView> = Taxonomy::ALL
            .into_iter()
            .map(|t| self.taxonomy_view(t))
            .collect();
        let common = self.common("/", &home.title, home.description.clone(), Vec::new());
        self.page(common, |c| {
            c.insert("home", &home);
            c.insert("routes", &routes);
            c.insert("counts", &counts);
            c.insert("taxonomies", &taxonomies);
        })
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

    /// What page `page` of a section's list reads: the section's intro, the documents and cards
    /// it lists, and (for the routes' first page, whose filters count every route) every route.
    fn section_reads(&self, section: Section, page: usize, url: &str) -> u64 {
        let site = self.site;
        let mut reads = self.reads(url);
        reads.text_page(site.intros.get(&section));
        let len = self.section_len(section);
        reads.value(len);
        let range = self.page_range(len, page);
        match section {
            Section::Bases | Section::Spots => {
                for p in self
                    .section_places(section)
                    .take(range.end)
                    .skip(range.start)
                {
                    reads.document(&p.body);
                }
            }
            Section::Routes => {
                range.clone().for_each(|r| reads.route_card(r));
                if page == 1 {
                    // The filters count every route.
                    reads.value(&self.card_prints);
                }
            }
            Section::Pages => {
                for p in site.pages.get(range).unwrap_or_default() {
                    reads.document(&p.body);
                }
            }
        }
        reads.finish()
    }

    fn section(&self, section: Section, page: usize) -> tera::Context {
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
        self.page(common, |c| {
            c.insert("filters", &filters);
            c.insert("section", &view);
            c.insert("kind", section.dir());
            c.insert("places", &places);
            c.insert("routes", &routes);
            c.insert("pages", &pages);
            c.insert("paginator", &paginator);
        })
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
}

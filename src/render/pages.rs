//! Which pages the site has and what each template sees: builds the view structs of `view.rs`
//! from the model (display-ready labels, URLs, rendered Markdown) and pairs each with its
//! template and URL. Lists and taxonomy pages are built once from indexes, not by rescanning.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::map_links::map_links;
use super::markdown::{self, RenderedMarkdown};
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
    pub in_sitemap: bool,
    pub lastmod: Option<String>,
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

struct Builder<'a> {
    site: &'a Site,
    bodies: &'a BTreeMap<String, RenderedMarkdown>,
    taxonomies: Vec<Taxonomy>,
    /// place index → routes visiting it (indexes, ascending).
    visits: Vec<Vec<usize>>,
}

pub fn page_contexts(site: &Site, bodies: &BTreeMap<String, RenderedMarkdown>) -> Vec<PageContext> {
    let mut visits = vec![Vec::new(); site.places.len()];
    for (r, route) in site.routes.iter().enumerate() {
        for stop in route.days.iter().flat_map(|d| &d.stops) {
            if let StopKind::Visit { place, .. } = stop.what
                && let Some(v) = visits.get_mut(place)
                && v.last() != Some(&r)
            {
                v.push(r);
            }
        }
    }
    let b = Builder {
        site,
        bodies,
        taxonomies: build_taxonomies(site),
        visits,
    };
    let mut pages = vec![b.home(), b.not_found()];
    for section in Section::ALL {
        if section != Section::Pages || !site.pages.is_empty() {
            pages.push(b.section(section));
        }
    }
    pages.push(b.search_page());
    // The many pages are built in parallel; order stays as listed (rayon keeps it).
    let places: Vec<PageContext> = site
        .places
        .par_iter()
        .enumerate()
        .map(|(i, p)| b.place(i, p))
        .collect();
    let routes: Vec<PageContext> = site.routes.par_iter().map(|r| b.route(r)).collect();
    pages.extend(places);
    pages.extend(routes);
    pages.extend(site.pages.iter().map(|p| b.free_page(p)));
    for tax in &b.taxonomies {
        pages.push(b.taxonomy(tax));
        let terms: Vec<PageContext> = tax.terms.par_iter().map(|t| b.term(tax, t)).collect();
        pages.extend(terms);
    }
    pages
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
        lastmod: Option<String>,
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
            in_sitemap: template != "404.html",
            url,
            context,
            lastmod,
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
        let mut featured: Vec<&Route> = self.site.routes.iter().collect();
        featured.sort_by(|a, b| {
            let verified = |r: &Route| r.verified.as_ref().map(|d| d.value);
            verified(b).cmp(&verified(a)).then_with(|| a.id.cmp(&b.id))
        });
        let routes: Vec<RouteCard> = featured
            .into_iter()
            .take(FEATURED_ROUTES)
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
        self.page("index.html", "/".into(), common, None, |c| {
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
        self.page("404.html", "/404.html".into(), common, None, |_| {})
    }

    fn section(&self, section: Section) -> PageContext {
        let url = format!("/{}/", section.dir());
        let default = match section {
            Section::Bases => "科普教育基地",
            Section::Spots => "景区",
            Section::Routes => "研学线路",
            Section::Pages => "更多",
        };
        let view = self.text_view(self.site.intros.get(&section), &url, default);
        let kind = match section {
            Section::Bases => crate::model::PlaceKind::Base,
            _ => crate::model::PlaceKind::Spot,
        };
        let places: Vec<PlaceCard> = match section {
            Section::Bases | Section::Spots => self
                .site
                .places
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| self.place_card(p))
                .collect(),
            _ => Vec::new(),
        };
        let routes: Vec<RouteCard> = match section {
            Section::Routes => self
                .site
                .routes
                .iter()
                .map(|r| self.route_card(r))
                .collect(),
            _ => Vec::new(),
        };
        let pages: Vec<PageCard> = match section {
            Section::Pages => self
                .site
                .pages
                .iter()
                .map(|p| PageCard {
                    url: url_of(&p.id),
                    title: p.title.clone().unwrap_or_default(),
                    description: some_text(&p.description),
                })
                .collect(),
            _ => Vec::new(),
        };
        let common = self.common(
            &url,
            &view.title,
            view.description.clone(),
            vec![Link {
                title: view.title.clone(),
                url: url.clone(),
            }],
        );
        let filters = if section == Section::Routes {
            self.route_filters(&routes)
        } else {
            Vec::new()
        };
        self.page("section.html", url, common, None, |c| {
            c.insert("filters", &filters);
            c.insert("section", &view);
            c.insert("kind", section.dir());
            c.insert("places", &places);
            c.insert("routes", &routes);
            c.insert("pages", &pages);
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
        let mut page = self.page("search.html", url, common, None, |c| {
            c.insert("routes", &routes);
            c.insert("bases", &bases);
            c.insert("spots", &spots);
        });
        page.in_sitemap = false;
        page
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
        let base = &self.site.config.base_url;
        let days: Vec<Vec<serde_json::Value>> = r
            .days
            .iter()
            .map(|day| {
                day.stops
                    .iter()
                    .map(|stop| {
                        let place = match stop.what {
                            StopKind::Visit { place, .. } => self.site.places.get(place),
                            StopKind::Activity { .. } => None,
                        };
                        let (summary, location, geo) = match (place, &stop.what) {
                            (Some(p), _) => (
                                p.name.clone(),
                                Some(p.address.clone().map_or(p.name.clone(), |a| format!("{}，{a}", p.name))),
                                Some([p.location.value.lat, p.location.value.lon]),
                            ),
                            (None, StopKind::Activity { what, location, .. }) => {
                                (what.clone(), None, location.as_ref().map(|l| [l.value.lat, l.value.lon]))
                            }
                            (None, StopKind::Visit { .. }) => (String::new(), None, None),
                        };
                        let description = [
                            stop.activity.clone(),
                            stop.learning_minutes.map(|m| format!("学习 {m} 分钟")),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join("；");
                        serde_json::json!({
                            "summary": summary,
                            "location": location,
                            "geo": geo.map(|[lat, lon]| [crate::render::geojson::round6(lat), crate::render::geojson::round6(lon)]),
                            "arrive": stop.arrive.value.to_string(),
                            "leave": stop.leave.value.to_string(),
                            "description": description,
                            "url": place.map(|p| absolute_url(base, &url_of(&p.id))),
                        })
                    })
                    .collect()
            })
            .collect();
        script_safe_json(&serde_json::json!({
            "id": r.id.replace('/', "-"),
            "host": crate::render::map_links::host_of(base),
            "title": r.title.value,
            "days": days,
        }))
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
    fn route_filters(&self, cards: &[RouteCard]) -> Vec<FilterGroup> {
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
        let pick = |f: fn(&RouteFilterValues) -> Vec<String>| {
            cards.iter().map(|c| f(&c.filter)).collect::<Vec<_>>()
        };
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
        let lastmod = view.verified.clone();
        self.page("place.html", url, common, lastmod, |c| {
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
        let lastmod = view.verified.clone();
        self.page("route.html", url, common, lastmod, |c| {
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
        self.page("page.html", url, common, None, |c| {
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
        self.page("taxonomy.html", view.url.clone(), common, None, |c| {
            c.insert("taxonomy", &view);
        })
    }

    fn term(&self, tax: &Taxonomy, term: &super::taxonomy::Term) -> PageContext {
        let url = tax.term_url(term);
        let view = TermView {
            name: term.name.clone(),
            url: url.clone(),
            places: term
                .places
                .iter()
                .filter_map(|i| self.site.places.get(*i))
                .map(|p| self.place_card(p))
                .collect(),
            routes: term
                .routes
                .iter()
                .filter_map(|i| self.site.routes.get(*i))
                .map(|r| self.route_card(r))
                .collect(),
        };
        let trail = vec![
            Link {
                title: tax.title.into(),
                url: tax.url(),
            },
            Link {
                title: term.name.clone(),
                url: url.clone(),
            },
        ];
        let common = self.common(&url, &format!("{}：{}", tax.title, term.name), None, trail);
        self.page("term.html", url, common, None, |c| {
            c.insert("taxonomy", &self.taxonomy_view(tax));
            c.insert("term", &view);
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

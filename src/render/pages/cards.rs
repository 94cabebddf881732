//! Cards: what lists show of a place or a route (section and term pages, the home page, a
//! place's routes, `/routes/cards.json`), and the hash of what a route's card shows, which every
//! page listing the route reads.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Builder, excerpt};
use crate::model::{Place, Route, Site, StopKind};
use crate::render::labels;
use crate::render::taxonomy::Taxonomy;
use crate::render::url_of;
use crate::render::view::{PlaceCard, RouteCard, RouteFilterValues, TermLink};

/// Per route, a hash of what its card shows: the route and the places it visits.
pub(super) fn card_prints(site: &Site) -> Vec<u64> {
    site.routes
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
        .collect()
}

/// The groups a teacher or a family picks from, in this order.
pub(super) const AUDIENCE_GROUPS: [&str; 6] = ["小学", "初中", "高中", "亲子", "银龄", "公众"];

/// The school stages an audience touches (`初中2-高中1` would touch two), or its group.
pub(in crate::render) fn audience_groups(a: crate::model::Audience) -> Vec<&'static str> {
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

impl Builder<'_> {
    pub(super) fn place_card(&self, p: &Place) -> PlaceCard {
        let (_, kind_label) = labels::place_kind(p.kind);
        PlaceCard {
            url: url_of(&p.id),
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            kind_label,
            district: self.term_link(Taxonomy::Districts, &p.district.value),
            category: p.category.map(str::to_string),
            subjects: p
                .subjects
                .iter()
                .map(|s| self.term_link(Taxonomy::Subjects, s))
                .collect(),
            excerpt: self
                .bodies
                .get(&p.id)
                .map(|b| excerpt(&b.text, 80))
                .unwrap_or_default(),
        }
    }

    /// A route's audiences as links to their taxonomy terms.
    pub(super) fn audience_links(&self, r: &Route) -> Vec<TermLink> {
        r.audience
            .iter()
            .map(|a| self.term_link(Taxonomy::Audiences, &a.value.to_string()))
            .collect()
    }

    pub(super) fn route_card(&self, r: &Route) -> RouteCard {
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

    /// The values the routes index filters this route by.
    pub(super) fn filter_values(&self, r: &Route) -> RouteFilterValues {
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
}

//! Place pages (`/bases/<id>/`, `/spots/<id>/`): a base or a scenic spot with its hours,
//! prices, access, map links and the routes that visit it.

use super::{Builder, Page, excerpt, some_text};
use crate::model::{Closure, OpeningHours, Place, Price, Site, contact_value};
use crate::render::map_links::map_links;
use crate::render::taxonomy::Taxonomy;
use crate::render::view::*;
use crate::render::{json_ld, labels, url_of};
use crate::yaml::Located;

/// Place index → the routes visiting it (indexes, ascending): what its page lists.
pub(super) fn visits(site: &Site) -> Vec<Vec<usize>> {
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
    visits
}

/// A page per place; its fingerprint reads the place and the cards of the routes visiting it.
pub(super) fn places<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    for (i, p) in b.site.places.iter().enumerate() {
        let url = url_of(&p.id);
        let mut reads = b.reads(&url);
        reads.document(&p.body);
        for r in b.visits.get(i).into_iter().flatten() {
            reads.route_card(*r);
        }
        pages.push(Page {
            template: "place.html",
            fingerprint: reads.finish(),
            url,
            listed: true,
            lastmod: p.verified.as_ref().map(|d| d.value.to_string()),
            context: Box::new(move || b.place(i, p)),
        });
    }
}

impl Builder<'_> {
    fn place(&self, index: usize, p: &Place) -> tera::Context {
        let url = url_of(&p.id);
        let view = self.place_view(index, p, &url);
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
        self.page(common, |c| {
            c.insert("place", &view);
        })
    }

    /// Place `p` (at `index` in `site.places`) as its template shows it.
    fn place_view(&self, index: usize, p: &Place, url: &str) -> PlaceView {
        let (kind, kind_label) = labels::place_kind(p.kind);
        let closed = p.weekly_closed_days();
        PlaceView {
            id: p.id.clone(),
            url: url.to_string(),
            kind,
            kind_label,
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            district: self.term_link(Taxonomy::Districts, &p.district.value),
            zone: some_text(&p.zone),
            address: some_text(&p.address),
            lat: format!("{:.6}", p.location.value.lat),
            lon: format!("{:.6}", p.location.value.lon),
            category: p.category.map(str::to_string),
            designations: p.designations.clone(),
            subjects: p
                .subjects
                .iter()
                .map(|s| self.term_link(Taxonomy::Subjects, s))
                .collect(),
            audience: p
                .audience
                .iter()
                .map(|a| self.term_link(Taxonomy::Audiences, &a.to_string()))
                .collect(),
            hours: p.hours.iter().map(hours_row).collect(),
            closed_days_label: (!closed.is_empty())
                .then(|| format!("每{}闭馆", closed.label_zh().replace("、", "、每"))),
            open_on_holidays: p.open_on_holidays,
            groups_on_holidays: p.groups_on_holidays,
            closures: p.closures.iter().map(closure_row).collect(),
            status: p.status.name(),
            status_label: labels::status(p.status),
            reservation: p.reservation.as_ref().map(|r| reservation_view(&r.value)),
            price: p.price.as_ref().map(price_view),
            visit_label: p.visit_minutes.map(labels::duration),
            access: p.access.as_ref().map(|a| AccessView {
                wheelchair: a.wheelchair,
                lift: a.lift,
                steps: a.steps,
                note: some_text(&a.note),
            }),
            risks: p.risks.value.iter().map(|r| labels::risk(*r)).collect(),
            risk_note: some_text(&p.risk_note),
            phone: written(&p.phone),
            phone_links: phone_links(&p.phone),
            email: written(&p.email),
            email_links: email_links(&p.email),
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
        }
    }
}

fn hours_row(h: &OpeningHours) -> HoursRow {
    HoursRow {
        days_label: h.days.label_zh(),
        open: h.open.to_string(),
        close: h.close.to_string(),
        last_entry: h.last_entry.map(|t| t.to_string()),
    }
}

fn closure_row(c: &Closure) -> ClosureRow {
    ClosureRow {
        from: c.from.to_string(),
        to: c.to.to_string(),
        reason: c.reason.clone(),
    }
}

fn price_view(pr: &Price) -> PriceView {
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
}

pub(super) fn reservation_view(r: &crate::model::Reservation) -> ReservationView {
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

/// A phone or email value as written, unless blank.
pub(super) fn written(value: &Option<Located<String>>) -> Option<String> {
    value
        .as_ref()
        .map(|v| v.value.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A phone value in pieces, each number that can be dialled with its `tel:` link.
pub(super) fn phone_links(value: &Option<Located<String>>) -> Vec<ReachPiece> {
    pieces(written(value).map(|v| contact_value::read_phones(&v)))
}

/// An email value in pieces, each address with its `mailto:` link.
pub(super) fn email_links(value: &Option<Located<String>>) -> Vec<ReachPiece> {
    pieces(written(value).map(|v| contact_value::read_emails(&v)))
}

fn pieces(reading: Option<contact_value::Reading>) -> Vec<ReachPiece> {
    reading
        .map(|r| {
            r.pieces
                .into_iter()
                .map(|p| ReachPiece {
                    text: p.text,
                    href: p.href,
                })
                .collect()
        })
        .unwrap_or_default()
}

//! Route pages (`/routes/<id>/`): the schedule day by day, the route diagram, bookings, staff,
//! costs, a QR code and the data of the page's calendar script. A route's downloads (GeoJSON,
//! calendar) are redone with its page: they read the same.

use super::place::{email_links, phone_links, written};
use super::{Builder, Page, reservation_view, some_text};
use crate::model::run_dates::runs_on;
use crate::model::time::weekday_index;
use crate::model::{Contact, Cost, Leg, Place, Route, Staff, Stop, StopKind, Worksheet};
use crate::render::map_links::map_links;
use crate::render::taxonomy::Taxonomy;
use crate::render::view::*;
use crate::render::{
    absolute_url, json_ld, labels, markdown, qr, route_diagram, script_safe_json, url_of,
};

/// A page per route.
pub(super) fn routes<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    for (i, r) in b.site.routes.iter().enumerate() {
        pages.push(Page {
            template: "route.html",
            url: url_of(&r.id),
            listed: true,
            lastmod: r.verified.as_ref().map(|d| d.value.to_string()),
            fingerprint: b.route_fingerprint(i),
            context: Box::new(move || b.route(r)),
        });
    }
}

impl Builder<'_> {
    /// What the page of route `i` reads: what its card shows (the route and the places it
    /// visits). Its downloads read the same.
    pub fn route_fingerprint(&self, i: usize) -> u64 {
        let url = self.site.routes.get(i).map(|r| url_of(&r.id));
        let mut reads = self.reads(url.as_deref().unwrap_or_default());
        reads.route_card(i);
        reads.finish()
    }

    fn route(&self, r: &Route) -> tera::Context {
        let url = url_of(&r.id);
        let view = self.route_view(r, &url);
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
        self.page(common, |c| {
            c.insert("route", &view);
        })
    }

    /// Route `r` as its template shows it.
    fn route_view(&self, r: &Route, url: &str) -> RouteView {
        let absolute = absolute_url(&self.site.config.base_url, url);
        let (schedule, bookings) = self.schedule(r);
        let total_learning: u32 = r
            .days
            .iter()
            .flat_map(|d| &d.stops)
            .filter_map(|s| s.learning_minutes)
            .sum();
        RouteView {
            id: r.id.clone(),
            url: url.to_string(),
            title: r.title.value.clone(),
            title_en: r.title_en.clone(),
            summary: r.summary.clone(),
            audience: self.audience_links(r),
            category: r.category.map(str::to_string),
            subjects: r
                .subjects
                .iter()
                .map(|s| self.term_link(Taxonomy::Subjects, s))
                .collect(),
            scope: r.scope.map(str::to_string),
            days_label: format!("{} 天", r.days.len()),
            runs_on_label: r.runs_on.as_ref().map(|w| w.value.label_zh()),
            months_label: months_label(r),
            departures: r
                .departures
                .iter()
                .map(|d| departure_label(d.value))
                .collect(),
            group_label: r
                .group
                .as_ref()
                .map(|g| format!("{}–{} 人", g.value.min, g.value.max)),
            staff: r
                .staff
                .as_ref()
                .map(|s| staff_rows(&s.value))
                .unwrap_or_default(),
            cost: r.cost.as_ref().map(cost_view),
            meeting: r.meeting.as_ref().map(|m| MeetingView {
                name: m.name.clone(),
                time: m.time.as_ref().map(|t| t.value.to_string()),
                map_links: m
                    .location
                    .as_ref()
                    .map(|l| map_links(l.value, &m.name, self.source_name())),
            }),
            insurance: r.insurance.clone(),
            contacts: r.contacts.iter().map(contact_view).collect(),
            objectives: r.objectives.clone(),
            safety_html: markdown_field(&r.safety, "safety-"),
            guardianship_html: markdown_field(&r.guardianship, "guardianship-"),
            bring: r.bring.clone(),
            worksheet: r.worksheet.as_ref().and_then(worksheet_view),
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
            planner_data: self.planner_data(r),
            json_ld: json_ld::route_json_ld(self.site, r),
        }
    }

    /// The days of route `r` with their stops, and the places on the way that must be booked
    /// (each once, in the order the route reaches them).
    fn schedule(&self, r: &Route) -> (Vec<DayView>, Vec<BookingRow>) {
        let legs = r.legs(&self.site.places, &self.site.config.rules);
        let mut bookings = Vec::new();
        let schedule = r
            .days
            .iter()
            .zip(legs)
            .enumerate()
            .map(|(d, (day, legs))| {
                let stops = day
                    .stops
                    .iter()
                    .zip(legs)
                    .filter_map(|(stop, leg)| self.stop_view(stop, leg, &mut bookings))
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
        (schedule, bookings)
    }

    /// One stop of a day, reached by `leg`; a place that must be booked goes into `bookings`
    /// the first time the route reaches it.
    fn stop_view(
        &self,
        stop: &Stop,
        leg: Option<Leg>,
        bookings: &mut Vec<BookingRow>,
    ) -> Option<StopView> {
        let (name, url, kind_label) = match &stop.what {
            StopKind::Visit { place, .. } => {
                let p = self.site.places.get(*place)?;
                if let Some(res) = p.reservation.as_ref().filter(|r| r.value.required)
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
                        link: booking_link(p, v.url.as_deref()),
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
    }

    /// The schedule as the page's calendar script reads it (script-safe JSON): for routes
    /// without dated departures, whose calendar the reader builds for a date of their own.
    fn calendar_data(&self, r: &Route) -> String {
        script_safe_json(&crate::render::calendar::calendar_data(self.site, r))
    }
}

impl Builder<'_> {
    /// The data of the page's date planner (`planner.js`), which judges a start date by
    /// `model::run_dates`'s rule: weekdays are 0 = Monday … 6 = Sunday, dates `YYYY-MM-DD`.
    /// Each place once (`places`), each day as its visits' `[stop index, place index]` pairs;
    /// `open` is null for a place without `hours` (always open). The fixed `departures` become
    /// dates to pick.
    fn planner_data(&self, r: &Route) -> String {
        let mut places: Vec<usize> = Vec::new();
        let days: Vec<Vec<[usize; 2]>> = r
            .days
            .iter()
            .map(|day| {
                day.stops
                    .iter()
                    .enumerate()
                    .filter_map(|(s, stop)| match &stop.what {
                        StopKind::Visit { place, .. } if *place < self.site.places.len() => {
                            let at = places.iter().position(|p| p == place).unwrap_or_else(|| {
                                places.push(*place);
                                places.len() - 1
                            });
                            Some([s, at])
                        }
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let places: Vec<serde_json::Value> = places
            .iter()
            .filter_map(|i| self.site.places.get(*i))
            .map(|p| {
                let open = (!p.hours.is_empty()).then(|| {
                    p.weekly_closed_days()
                        .complement()
                        .iter()
                        .map(weekday_index)
                        .collect::<Vec<_>>()
                });
                let closures: Vec<serde_json::Value> = p
                    .closures
                    .iter()
                    .map(|c| serde_json::json!([c.from.to_string(), c.to.to_string(), c.reason]))
                    .collect();
                serde_json::json!({
                    "id": p.id,
                    "name": p.name,
                    "url": url_of(&p.id),
                    "open": open,
                    "closures": closures,
                    "oh": p.open_on_holidays,
                    "gh": p.groups_on_holidays,
                })
            })
            .collect();
        let mut months: Vec<u8> = r.months.iter().map(|m| m.value).collect();
        months.sort_unstable();
        months.dedup();
        script_safe_json(&serde_json::json!({
            "runs_on": runs_on(r).iter().map(weekday_index).collect::<Vec<_>>(),
            "departures": r.departures.iter().map(|d| d.value.to_string()).collect::<Vec<_>>(),
            "months": months,
            "holidays": self.site.config.holidays.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "places": places,
            "days": days,
        }))
    }
}

/// A Markdown field of a route (safety, guardianship) as HTML; `prefix` keeps its heading ids
/// apart from the body's.
fn markdown_field(field: &Option<String>, prefix: &str) -> Option<String> {
    some_text(field).map(|text| markdown::render_markdown(&text, &|_| None, prefix).html)
}

/// `3、4、10 月`: the months a route suits, once each, in order.
fn months_label(r: &Route) -> Option<String> {
    let mut months: Vec<u8> = r.months.iter().map(|m| m.value).collect();
    months.sort_unstable();
    months.dedup();
    (!months.is_empty()).then(|| {
        format!(
            "{} 月",
            months
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join("、")
        )
    })
}

/// `2027-05-12（周三）`: a dated departure with its weekday.
fn departure_label(date: jiff::civil::Date) -> String {
    format!(
        "{}（{}）",
        date,
        crate::model::time::weekday_zh(date.weekday())
    )
}

fn cost_view(c: &Cost) -> CostView {
    CostView {
        per_person: labels::price(c.per_person),
        includes: c.includes.clone(),
        excludes: c.excludes.clone(),
        waiver: some_text(&c.waiver),
    }
}

fn contact_view(c: &Contact) -> ContactView {
    ContactView {
        role: c.role.clone(),
        name: some_text(&c.name),
        phone: written(&c.phone),
        phone_links: phone_links(&c.phone),
        email: written(&c.email),
        email_links: email_links(&c.email),
    }
}

/// Where a booking row of place `p` leads, best first: its booking page (`booking_url`), its
/// website, a number to call, else the reservation section of its own page, which says how to
/// book. Only web addresses are linked as pages: a `javascript:` or relative "URL" is not a
/// booking page.
fn booking_link(p: &Place, booking_url: Option<&str>) -> BookingLink {
    if let Some(href) = booking_url.and_then(web_address) {
        return BookingLink {
            kind: "booking",
            label: "在线预约".into(),
            href,
        };
    }
    if let Some(href) = p.website.as_deref().and_then(web_address) {
        return BookingLink {
            kind: "website",
            label: "官网".into(),
            href,
        };
    }
    if let Some(number) = phone_links(&p.phone).into_iter().find(|n| n.href.is_some())
        && let Some(href) = number.href
    {
        return BookingLink {
            kind: "phone",
            label: number.text,
            href,
        };
    }
    BookingLink {
        kind: "page",
        label: "预约说明".into(),
        href: format!("{}#sec-reservation", url_of(&p.id)),
    }
}

/// `url` when it is an `http(s)://` address.
fn web_address(url: &str) -> Option<String> {
    let url = url.trim();
    (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_string())
}

/// The staff a route takes, by role; roles it takes none of are left out.
fn staff_rows(s: &Staff) -> Vec<StaffRow> {
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
}

/// A worksheet, unless it asks nothing.
fn worksheet_view(w: &Worksheet) -> Option<WorksheetView> {
    (!(w.before.is_empty() && w.during.is_empty() && w.after.is_empty())).then(|| WorksheetView {
        before: w.before.clone(),
        during: w.during.clone(),
        after: w.after.clone(),
    })
}

//! View structs: what templates see. They are built from the model by `render::pages` and hold
//! display-ready values (formatted times, labels, URLs), so a theme never has to know the domain
//! types and the model can change without breaking themes. Every field is documented because this
//! file *is* the theme contract (see README, "Writing a theme").

use serde::Serialize;

pub use super::map_links::MapLinks;

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub title_en: Option<&'a str>,
    pub description: &'a str,
    /// Absolute base URL without trailing slash, e.g. `https://yanxue.example.org`.
    pub base_url: &'a str,
    /// BCP 47 language tag for `<html lang>`, e.g. `zh-CN`.
    pub language: &'a str,
    /// Main navigation, in order.
    pub nav: Vec<Link>,
    /// `site.yaml` `emergency`: numbers to call (`name`, `phone`), printed on route handouts.
    pub emergency: &'a [crate::config::EmergencyNumber],
    /// `site.yaml` `extra`, free-form.
    pub extra: &'a serde_json::Value,
}

/// A titled link.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A taxonomy term as shown on a page: `name` links to `url`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TermLink {
    pub name: String,
    pub url: String,
}

/// One card in a list of places.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceCard {
    pub url: String,
    pub name: String,
    pub name_en: Option<String>,
    /// `科普教育基地` or `景区`.
    pub kind_label: &'static str,
    pub district: TermLink,
    pub category: Option<String>,
    pub subjects: Vec<TermLink>,
    /// First sentence or so of the body, plain text.
    pub excerpt: String,
}

/// One card in a list of routes.
#[derive(Debug, Clone, Serialize)]
pub struct RouteCard {
    pub url: String,
    pub title: String,
    pub title_en: Option<String>,
    pub summary: String,
    pub audience: Vec<TermLink>,
    /// `1 天` / `3 天`.
    pub days_label: String,
    pub days: usize,
    /// `¥120/人`, or None when the route has no cost.
    pub price_label: Option<String>,
    pub category: Option<String>,
    /// What the routes index filters on (rendered as `data-*` attributes of the card).
    pub filter: RouteFilterValues,
}

/// A route's values for each filter of the routes index; a value list is joined with `|`.
#[derive(Debug, Clone, Serialize)]
pub struct RouteFilterValues {
    /// Stages and groups the route is for: `小学`, `初中`, `高中`, `亲子`, `银龄`, `公众`.
    pub audience: Vec<String>,
    pub subject: Vec<String>,
    /// Number of days, as text (`1`, `2`, …).
    pub days: String,
    /// Districts of the places it visits.
    pub district: Vec<String>,
    /// Best months (`3`, `4`, …); empty means any month.
    pub month: Vec<String>,
}

/// One filter of the routes index (a `<select name="{name}">`).
#[derive(Debug, Clone, Serialize)]
pub struct FilterGroup {
    /// The query key: `audience`, `subject`, `days`, `district`, `month`.
    pub name: &'static str,
    pub label: &'static str,
    pub options: Vec<FilterOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterOption {
    pub value: String,
    /// `初中（3）`
    pub label: String,
    pub count: usize,
}

/// A free page in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PageCard {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
}

/// A place's page (`place.html`, as `place`).
#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    pub id: String,
    pub url: String,
    /// `base` or `spot`.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub name: String,
    pub name_en: Option<String>,
    pub district: TermLink,
    pub zone: Option<String>,
    pub address: Option<String>,
    /// WGS-84, 6 decimals, as text.
    pub lat: String,
    pub lon: String,
    pub category: Option<String>,
    pub designations: Vec<String>,
    pub subjects: Vec<TermLink>,
    pub audience: Vec<TermLink>,
    /// Weekly hours, one row per entry; empty when the place is always open.
    pub hours: Vec<HoursRow>,
    /// `每周一闭馆`, or None when open every day.
    pub closed_days_label: Option<String>,
    pub open_on_holidays: bool,
    /// False when the place takes no school groups on the site's `holidays`.
    pub groups_on_holidays: bool,
    pub closures: Vec<ClosureRow>,
    /// `open`, `by_arrangement`, `closed`, `under_construction`.
    pub status: &'static str,
    pub status_label: &'static str,
    pub reservation: Option<ReservationView>,
    pub price: Option<PriceView>,
    /// `约 2 小时 30 分钟`.
    pub visit_label: Option<String>,
    pub access: Option<AccessView>,
    /// Chinese labels of the risks, e.g. `溶洞`, `涉水`.
    pub risks: Vec<&'static str>,
    pub risk_note: Option<String>,
    /// The enquiry phone as written (`023-61234567、023-67654321`).
    pub phone: Option<String>,
    /// `phone` in pieces, each number that can be dialled with its `tel:` link.
    pub phone_links: Vec<ReachPiece>,
    /// The email as written.
    pub email: Option<String>,
    /// `email` in pieces, each address with its `mailto:` link.
    pub email_links: Vec<ReachPiece>,
    pub website: Option<String>,
    /// `2026-11-20`.
    pub verified: Option<String>,
    pub sources: Vec<String>,
    pub body_html: String,
    /// Routes that visit this place.
    pub routes: Vec<RouteCard>,
    /// Web links that open the place in Chinese map apps (WGS-84 passed with each one's flag).
    pub map_links: MapLinks,
    /// schema.org JSON-LD, safe to put inside `<script type="application/ld+json">` as is.
    pub json_ld: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HoursRow {
    /// `周二至周日`.
    pub days_label: String,
    pub open: String,
    pub close: String,
    pub last_entry: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClosureRow {
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReservationView {
    pub required: bool,
    pub how: Option<String>,
    pub url: Option<String>,
    /// `需提前 1 天预约`.
    pub lead_label: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriceView {
    /// Rows like (`成人`, `免费`), (`学生`, `¥25`).
    pub rows: Vec<(String, String)>,
    pub note: Option<String>,
    pub free: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessView {
    pub wheelchair: Option<bool>,
    pub lift: Option<bool>,
    pub steps: Option<u32>,
    pub note: Option<String>,
}

/// A route's page (`route.html`, as `route`).
#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub title_en: Option<String>,
    pub summary: String,
    pub audience: Vec<TermLink>,
    pub category: Option<String>,
    pub subjects: Vec<TermLink>,
    pub scope: Option<String>,
    pub days_label: String,
    /// `周二、周三、周四、周五`, or None when every day.
    pub runs_on_label: Option<String>,
    /// `3、4、5、9、10、11 月`.
    pub months_label: Option<String>,
    /// `2027-04-15（周四）`.
    pub departures: Vec<String>,
    /// `20–45 人`.
    pub group_label: Option<String>,
    pub staff: Vec<StaffRow>,
    pub cost: Option<CostView>,
    pub meeting: Option<MeetingView>,
    pub insurance: Vec<String>,
    pub contacts: Vec<ContactView>,
    pub objectives: Vec<String>,
    pub safety_html: Option<String>,
    pub guardianship_html: Option<String>,
    pub bring: Vec<String>,
    pub worksheet: Option<WorksheetView>,
    pub rainy_day: Option<String>,
    pub lodging: Option<String>,
    /// Places on this route that need booking ahead.
    pub bookings: Vec<BookingRow>,
    pub schedule: Vec<DayView>,
    /// Sum of learning minutes over all days, `约 6 小时`.
    pub learning_label: Option<String>,
    pub verified: Option<String>,
    pub body_html: String,
    /// An inline `<svg>` of the stops and legs (no base map), when two or more stops are located.
    pub diagram_svg: Option<String>,
    /// An inline `<svg>` QR code of the page's absolute URL, for the printed handout.
    pub qr_svg: Option<String>,
    /// The absolute URL of the page (printed under the QR code).
    pub absolute_url: String,
    /// `/routes/<id>/route.geojson`
    pub geojson_url: String,
    /// `/routes/<id>/route.ics`, when the route has dated departures.
    pub ics_url: Option<String>,
    /// For routes without departures: the schedule as JSON (script-safe) from which the page's
    /// script builds a calendar for a date the reader picks.
    pub calendar_data: Option<String>,
    /// What the page's date planner judges a start date by (script-safe JSON): the route's
    /// weekdays and months, the site's holidays, each day's visits and their places' opening
    /// weekdays, closures and holiday rules; see `planner_data` in `pages/route.rs`.
    pub planner_data: String,
    /// schema.org JSON-LD, script-safe.
    pub json_ld: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaffRow {
    pub role: String,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostView {
    /// `¥120`.
    pub per_person: String,
    pub includes: Vec<String>,
    pub excludes: Vec<String>,
    pub waiver: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub name: String,
    pub time: Option<String>,
    pub map_links: Option<MapLinks>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub role: String,
    pub name: Option<String>,
    /// As written.
    pub phone: Option<String>,
    /// `phone` in pieces, each number that can be dialled with its `tel:` link.
    pub phone_links: Vec<ReachPiece>,
    /// As written.
    pub email: Option<String>,
    /// `email` in pieces, each address with its `mailto:` link.
    pub email_links: Vec<ReachPiece>,
}

/// A piece of a phone or email value, in the order written: `text` exactly as the editor wrote
/// it, and `href` (`tel:02361234567`, `tel:+862361234567`, `mailto:office@example.org`) when it
/// is a number that can be dialled or an address; separators, notes and placeholders have none.
/// A theme shows every piece's text, linking those with an `href`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReachPiece {
    pub text: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorksheetView {
    pub before: Vec<String>,
    pub during: Vec<String>,
    pub after: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BookingRow {
    pub place: Link,
    pub how: Option<String>,
    /// The place's `reservation.url`.
    pub url: Option<String>,
    pub lead_label: Option<String>,
    /// Where to book: the booking page, else the place's website, else its phone, else the
    /// place page's reservation section. Always there: a row is a place that must be booked.
    pub link: BookingLink,
}

/// The link of a booking row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BookingLink {
    /// `booking` (`reservation.url`), `website`, `phone` or `page` (the place's own page).
    pub kind: &'static str,
    /// `在线预约`, `官网`, the number as written, `预约说明`.
    pub label: String,
    pub href: String,
}

/// One day of a route's schedule.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    /// 1-based.
    pub number: usize,
    /// `第 1 天`.
    pub label: String,
    pub title: Option<String>,
    /// `id` attribute for the day's section, `day-1`.
    pub anchor: String,
    pub stops: Vec<StopView>,
    /// `学习时长 2 小时 30 分钟`.
    pub learning_label: Option<String>,
}

/// One stop in a day.
#[derive(Debug, Clone, Serialize)]
pub struct StopView {
    pub arrive: String,
    pub leave: String,
    /// The place's name, or the `do:` text.
    pub name: String,
    /// The place's page, None for a `do:` stop.
    pub url: Option<String>,
    /// `科普教育基地` / `景区`, None for a `do:` stop.
    pub kind_label: Option<&'static str>,
    pub activity: Option<String>,
    pub learning_minutes: Option<u32>,
    /// How you get here from the previous located stop, when known.
    pub leg: Option<LegView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegView {
    /// `大巴`, `步行`, `高铁`, …
    pub mode_label: &'static str,
    /// `12.3 km` (straight line × detour factor, rounded).
    pub distance_label: String,
    /// `约 25 分钟`.
    pub time_label: String,
}

/// A section intro, a free page or the home page text (`section.html`, `page.html`, `index.html`).
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub body_html: String,
}

/// A taxonomy (`taxonomy.html` as `taxonomy`, and in `term.html`).
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView {
    /// `subjects`, `districts`, `audiences`.
    pub name: &'static str,
    /// `学科`, `区县`, `适合人群`.
    pub title: &'static str,
    pub url: String,
    pub terms: Vec<TermCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermCount {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// One term's page (`term.html`, as `term`). A long term is paginated: its routes come first,
/// then its places, `paginate_by` cards per page.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub name: String,
    pub url: String,
    /// The places on this page.
    pub places: Vec<PlaceCard>,
    /// The routes on this page.
    pub routes: Vec<RouteCard>,
    /// Places and routes with the term, on all pages.
    pub place_count: usize,
    pub route_count: usize,
}

/// Where a list page sits among the pages of its list (`section.html` and `term.html`, as
/// `paginator`). Page 1 is the list's own URL; page n is `<list URL>page/<n>/`.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// 1-based.
    pub number: usize,
    pub total_pages: usize,
    /// Cards in the whole list, on all pages.
    pub items: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// The page links to show: the first, the last and two either side of this one, with a
    /// gap (`number` None) where pages are left out.
    pub links: Vec<PagerLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
}

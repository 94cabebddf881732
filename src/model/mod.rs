//! The typed site: places (bases and spots), routes with their days and stops, free pages, with
//! every value parsed (times, weekdays, dates, audiences, WGS-84 coordinates) and every reference
//! between documents resolved to an index. Building it reports each bad value at its own line and
//! keeps going; what could not be understood is left out, so later checks never see half values.

pub mod audience;
pub mod contact_value;
pub mod drafts;
pub mod geo;
mod legs;
mod parse;
mod place;
mod route;
pub mod run_dates;
pub mod time;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Pos, codes};
use crate::load::{DocKind, Document, Front, Section};

use parse::Parser;

pub use crate::load::raw::{
    RawAccess as Access, RawContact as Contact, RawCost as Cost, RawGroup as Group,
    RawPrice as Price, RawReservation as Reservation, RawStaff as Staff, RawWorksheet as Worksheet,
};
pub use audience::Audience;
pub use geo::{Datum, GeoPoint};
pub use legs::Leg;
pub use place::{CATEGORIES, Closure, OpeningHours, Place, PlaceKind, Risk, Status};
pub(crate) use route::closest_id;
pub use route::{Day, Meeting, Mode, Route, SCOPES, Stop, StopKind};
pub use time::{TimeOfDay, WeekdaySet};

/// The whole site, ready to validate and render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub home: Option<TextPage>,
    pub intros: BTreeMap<Section, TextPage>,
    /// Sorted by id.
    pub places: Vec<Place>,
    /// Sorted by id.
    pub routes: Vec<Route>,
    /// Free pages, sorted by id.
    pub pages: Vec<TextPage>,
    /// Every draft of the content, by id, whether the site still holds it (`serve`) or left
    /// it out ([`Site::leave_out_drafts`]); see [`drafts`].
    pub drafts: BTreeMap<String, drafts::Draft>,
}

impl Site {
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.places[i])
    }
}

/// Markdown text and where it starts in its file.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub markdown: String,
    /// A hash of the whole file (front matter and body): any edit of the file changes it, so
    /// it stands for "this document" when a live rebuild decides what to re-render.
    pub source_hash: u64,
    /// The file line the body starts on (1-based; it always starts at column 1).
    pub line: usize,
}

impl Body {
    /// The file position of byte `offset` of the body.
    pub fn pos_of(&self, offset: usize) -> Pos {
        let p = Pos::of_offset(&self.markdown, offset);
        Pos::new(p.line + self.line.max(1) - 1, p.column)
    }
}

/// The home page text, a section intro or a free page.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub id: String,
    pub file: PathBuf,
    pub title: Option<String>,
    pub description: Option<String>,
    pub extra: serde_json::Value,
    pub body: Body,
    pub assets: Vec<(PathBuf, PathBuf)>,
}

/// Builds the typed site from the loaded documents. Places come first: a route's stops are
/// resolved against the sorted places.
pub fn build_site(config: SiteConfig, documents: Vec<Document>) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut site = Site {
        config,
        home: None,
        intros: BTreeMap::new(),
        places: Vec::new(),
        routes: Vec::new(),
        pages: Vec::new(),
        drafts: drafts::of_documents(&documents),
    };
    // Every id, including those of files that failed to parse: a reference to them is not an
    // "unknown place" (the file's own error says what is wrong).
    let known: BTreeMap<String, DocKind> =
        documents.iter().map(|d| (d.id.clone(), d.kind)).collect();
    let mut raw_routes = Vec::new();
    for doc in documents {
        let body = Body {
            markdown: doc.body,
            source_hash: doc.source_hash,
            line: doc.body_line,
        };
        match (doc.kind, doc.front) {
            (_, Front::Broken) => {}
            (DocKind::Entry(section), Front::Place(raw)) => {
                let mut p = Parser {
                    file: &doc.file,
                    diags: &mut diags,
                };
                let kind = place_kind(section);
                if let Some(place) = p.place(doc.id, kind, *raw, body, doc.assets) {
                    site.places.push(place);
                }
            }
            (DocKind::Entry(_), Front::Route(raw)) => {
                raw_routes.push((doc.id, doc.file, raw, body, doc.assets))
            }
            (kind, Front::Text(raw)) => {
                let page = TextPage {
                    id: doc.id,
                    file: doc.file,
                    title: raw.title,
                    description: raw.description,
                    extra: raw.extra.unwrap_or(serde_json::Value::Null),
                    body,
                    assets: doc.assets,
                };
                site.add_text_page(kind, page, &mut diags);
            }
            (_, Front::Place(_) | Front::Route(_)) => {}
        }
    }
    site.places.sort_by(|a, b| a.id.cmp(&b.id));
    diags.extend(drafts::stops_at_unbuilt_drafts(&raw_routes, &site));
    site.routes = build_routes(raw_routes, &site.places, &known, &mut diags);
    site.routes.sort_by(|a, b| a.id.cmp(&b.id));
    site.pages.sort_by(|a, b| a.id.cmp(&b.id));
    (site, diags)
}

fn place_kind(section: Section) -> PlaceKind {
    if section == Section::Bases {
        PlaceKind::Base
    } else {
        PlaceKind::Spot
    }
}

/// A route file's parts, kept until every place is known.
pub(crate) type RawRouteDoc = (
    String,
    PathBuf,
    Box<crate::load::RawRoute>,
    Body,
    Vec<(PathBuf, PathBuf)>,
);

/// The routes that could be understood, in the order given, with their stops resolved.
fn build_routes(
    raw_routes: Vec<RawRouteDoc>,
    places: &[Place],
    known: &BTreeMap<String, DocKind>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Route> {
    let mut routes = Vec::new();
    for (id, file, raw, body, assets) in raw_routes {
        let mut p = Parser { file: &file, diags };
        if let Some(route) = p.route(id, *raw, body, assets, places, known) {
            routes.push(route);
        }
    }
    routes
}

impl Site {
    /// Files the home page, a section intro or a free page; a free page must have a title.
    fn add_text_page(&mut self, kind: DocKind, page: TextPage, diags: &mut Vec<Diagnostic>) {
        if page.title.is_none() && kind == DocKind::Entry(Section::Pages) {
            diags.push(
                Diagnostic::new(
                    codes::MISSING_FIELD,
                    &page.file,
                    Pos::START,
                    crate::text!("missing required field `title`", "缺少必填字段 `title`"),
                )
                .with_help(crate::text!(
                    "add `title:` to the front matter, e.g. `title: 关于我们`",
                    "在文件开头两行 `---` 之间加上 `title:`，如 `title: 关于我们`"
                )),
            );
        }
        match kind {
            DocKind::Home => self.home = Some(page),
            DocKind::SectionIntro(s) => {
                self.intros.insert(s, page);
            }
            DocKind::Entry(_) => self.pages.push(page),
        }
    }
}

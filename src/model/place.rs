//! Places, the 科普教育基地 and 景区 of the site: their typed values (kind, category, opening
//! hours, closures, status, risks) and the step that turns one place file's raw front matter into
//! a `Place`, reporting each bad value at its own line.

use std::path::PathBuf;

use jiff::civil::Date;

use super::parse::{Parser, terms};
use super::{Access, Audience, Body, GeoPoint, Price, Reservation, TimeOfDay, WeekdaySet};
use crate::diag::Pos;
use crate::load::raw;
use crate::yaml::Located;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Base,
    Spot,
}

/// LB/T 054 resource categories.
pub const CATEGORIES: [&str; 5] = [
    "知识科普型",
    "自然观赏型",
    "体验考察型",
    "励志拓展型",
    "文化康乐型",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    ByArrangement,
    Closed,
    UnderConstruction,
}

impl Status {
    pub const NAMES: [(&str, Status); 4] = [
        ("open", Status::Open),
        ("by_arrangement", Status::ByArrangement),
        ("closed", Status::Closed),
        ("under_construction", Status::UnderConstruction),
    ];

    pub fn name(self) -> &'static str {
        Status::NAMES
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("open", |(n, _)| n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    Cave,
    Water,
    Height,
    Steps,
    Enclosed,
    Heat,
}

impl Risk {
    pub const NAMES: [(&str, Risk); 6] = [
        ("cave", Risk::Cave),
        ("water", Risk::Water),
        ("height", Risk::Height),
        ("steps", Risk::Steps),
        ("enclosed", Risk::Enclosed),
        ("heat", Risk::Heat),
    ];
}

/// One `hours` entry: open `days` from `open` to `close`.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningHours {
    pub days: WeekdaySet,
    pub open: TimeOfDay,
    pub close: TimeOfDay,
    pub last_entry: Option<TimeOfDay>,
    pub pos: Pos,
}

/// A dated closure, both ends inclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub from: Date,
    pub to: Date,
    pub reason: Option<String>,
    pub pos: Pos,
}

/// A 科普教育基地 or a 景区.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub kind: PlaceKind,
    pub file: PathBuf,
    pub name: String,
    pub name_en: Option<String>,
    pub district: Located<String>,
    pub zone: Option<String>,
    pub address: Option<String>,
    /// WGS-84.
    pub location: Located<GeoPoint>,
    pub category: Option<&'static str>,
    pub designations: Vec<String>,
    pub subjects: Vec<String>,
    pub audience: Vec<Audience>,
    /// Empty: always open.
    pub hours: Vec<OpeningHours>,
    pub open_on_holidays: bool,
    /// `false`: no school groups on the site's holidays (a route is a group trip).
    pub groups_on_holidays: bool,
    pub closures: Vec<Closure>,
    pub status: Status,
    pub reservation: Option<Located<Reservation>>,
    pub price: Option<Price>,
    pub visit_minutes: Option<u32>,
    pub access: Option<Access>,
    pub risks: Located<Vec<Risk>>,
    pub risk_note: Option<String>,
    /// As written; may hold several numbers (see [`super::contact_value`]).
    pub phone: Option<Located<String>>,
    /// As written; may hold several addresses.
    pub email: Option<Located<String>>,
    pub website: Option<String>,
    pub verified: Option<Located<Date>>,
    pub sources: Vec<String>,
    pub body: Body,
    pub assets: Vec<(PathBuf, PathBuf)>,
}

impl Place {
    /// Weekdays on which no `hours` entry opens the place.
    pub fn weekly_closed_days(&self) -> WeekdaySet {
        if self.hours.is_empty() {
            return WeekdaySet::default();
        }
        self.hours
            .iter()
            .fold(WeekdaySet::default(), |acc, h| acc.union(h.days))
            .complement()
    }

    /// The hours entries that apply on a weekday (several for a split opening).
    pub fn hours_on(&self, day: jiff::civil::Weekday) -> impl Iterator<Item = &OpeningHours> {
        self.hours.iter().filter(move |h| h.days.contains(day))
    }
}

impl Parser<'_> {
    pub(super) fn place(
        &mut self,
        id: String,
        kind: PlaceKind,
        raw: raw::RawPlace,
        body: Body,
        assets: Vec<(PathBuf, PathBuf)>,
    ) -> Option<Place> {
        let location = self.location(&raw.location);
        let category = raw
            .category
            .as_ref()
            .and_then(|c| self.named(c, "category", &CATEGORIES));
        let audience = self
            .audiences(&raw.audience)
            .into_iter()
            .map(|a| a.value)
            .collect();
        let hours = self.opening_hours(&raw.hours);
        let closures = self.closures(&raw.closures);
        let status = match &raw.status {
            Some(s) => self.choice(s, "status", &Status::NAMES)?,
            None => Status::Open,
        };
        let risks_pos = raw.risks.first().map_or(raw.name.pos, |r| r.pos);
        let risks = raw
            .risks
            .iter()
            .filter_map(|r| self.choice(r, "risks", &Risk::NAMES))
            .collect();
        let verified = raw.verified.as_ref().and_then(|v| self.date(v));
        Some(Place {
            id,
            kind,
            file: self.file.to_path_buf(),
            name: raw.name.value,
            name_en: raw.name_en,
            // Terms again in NFC: a YAML escape (`\u0301`) is decoded after loading.
            district: Located::new(crate::slug::into_nfc(raw.district.value), raw.district.pos),
            zone: raw.zone,
            address: raw.address,
            location: location?,
            category,
            designations: raw.designations,
            subjects: terms(raw.subjects),
            audience,
            hours,
            open_on_holidays: raw.open_on_holidays,
            groups_on_holidays: raw.groups_on_holidays,
            closures,
            status,
            reservation: raw.reservation,
            price: raw.price,
            visit_minutes: raw.visit_minutes,
            access: raw.access,
            risks: Located::new(risks, risks_pos),
            risk_note: raw.risk_note,
            phone: raw.phone,
            email: raw.email,
            website: raw.website,
            verified,
            sources: raw.sources,
            body,
            assets,
        })
    }

    /// The `hours` entries whose days and times all parse; each bad value is reported.
    fn opening_hours(&mut self, raw: &[raw::RawHours]) -> Vec<OpeningHours> {
        let mut hours = Vec::new();
        for h in raw {
            let (days, open, close) = (
                self.weekdays(&h.days),
                self.time(&h.open),
                self.time(&h.close),
            );
            // `None` when absent, `Some(None)` when present but invalid.
            let last_entry = h.last_entry.as_ref().map(|t| self.time(t).map(|t| t.value));
            if let (Some(days), Some(open), Some(close), Some(last_entry)) = (
                days,
                open,
                close,
                last_entry.map_or(Some(None), |t| t.map(Some)),
            ) {
                hours.push(OpeningHours {
                    days,
                    open: open.value,
                    close: close.value,
                    last_entry,
                    pos: h.days.pos,
                });
            }
        }
        hours
    }

    /// The `closures` whose both dates parse; each bad date is reported.
    fn closures(&mut self, raw: &[raw::RawClosure]) -> Vec<Closure> {
        let mut closures = Vec::new();
        for c in raw {
            if let (Some(from), Some(to)) = (self.date(&c.from), self.date(&c.to)) {
                closures.push(Closure {
                    from: from.value,
                    to: to.value,
                    reason: c.reason.clone(),
                    pos: c.from.pos,
                });
            }
        }
        closures
    }
}

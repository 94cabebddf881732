//! The front matter exactly as written: serde structs that reject unknown fields. Values that
//! need our own parsing (times, weekdays, dates, audiences) stay located strings here, so the
//! model can report every bad one in a file, each at its own line, instead of only the first.

use serde::Deserialize;

use crate::yaml::Located;

type Text = Located<String>;

/// `bases/*.md` and `spots/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub name: Text,
    #[serde(default)]
    pub name_en: Option<String>,
    pub district: Text,
    #[serde(default)]
    pub zone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub location: Located<RawLocation>,
    #[serde(default)]
    pub category: Option<Text>,
    #[serde(default)]
    pub designations: Vec<String>,
    #[serde(default)]
    pub subjects: Vec<Text>,
    #[serde(default)]
    pub audience: Vec<Text>,
    #[serde(default)]
    pub hours: Vec<RawHours>,
    #[serde(default)]
    pub open_on_holidays: bool,
    /// `false`: takes no school groups on the site's `holidays`.
    #[serde(default = "yes")]
    pub groups_on_holidays: bool,
    #[serde(default)]
    pub closures: Vec<RawClosure>,
    #[serde(default)]
    pub status: Option<Text>,
    #[serde(default)]
    pub reservation: Option<Located<RawReservation>>,
    #[serde(default)]
    pub price: Option<RawPrice>,
    #[serde(default)]
    pub visit_minutes: Option<u32>,
    #[serde(default)]
    pub access: Option<RawAccess>,
    #[serde(default)]
    pub risks: Vec<Text>,
    #[serde(default)]
    pub risk_note: Option<String>,
    #[serde(default)]
    pub phone: Option<Text>,
    #[serde(default)]
    pub email: Option<Text>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub verified: Option<Text>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub draft: Option<Located<bool>>,
}

/// The default of a yes/no field that holds unless a file says otherwise.
fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    pub lat: Located<f64>,
    pub lon: Located<f64>,
    #[serde(default)]
    pub datum: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    pub days: Text,
    pub open: Text,
    pub close: Text,
    #[serde(default)]
    pub last_entry: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClosure {
    pub from: Text,
    pub to: Text,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReservation {
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub how: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub lead_days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrice {
    #[serde(default)]
    pub adult: Option<f64>,
    #[serde(default)]
    pub student: Option<f64>,
    #[serde(default)]
    pub senior: Option<f64>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccess {
    #[serde(default)]
    pub wheelchair: Option<bool>,
    #[serde(default)]
    pub lift: Option<bool>,
    #[serde(default)]
    pub steps: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `routes/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub title: Text,
    #[serde(default)]
    pub title_en: Option<String>,
    pub summary: String,
    pub audience: Vec<Text>,
    #[serde(default)]
    pub category: Option<Text>,
    #[serde(default)]
    pub subjects: Vec<Text>,
    #[serde(default)]
    pub scope: Option<Text>,
    #[serde(default)]
    pub runs_on: Option<Located<Vec<Text>>>,
    #[serde(default)]
    pub months: Vec<Located<u8>>,
    #[serde(default)]
    pub departures: Vec<Text>,
    #[serde(default)]
    pub group: Option<Located<RawGroup>>,
    #[serde(default)]
    pub staff: Option<Located<RawStaff>>,
    #[serde(default)]
    pub cost: Option<RawCost>,
    #[serde(default)]
    pub meeting: Option<Located<RawMeeting>>,
    #[serde(default)]
    pub insurance: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<RawContact>,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub safety: Option<String>,
    #[serde(default)]
    pub guardianship: Option<String>,
    #[serde(default)]
    pub bring: Vec<String>,
    #[serde(default)]
    pub worksheet: Option<RawWorksheet>,
    #[serde(default)]
    pub rainy_day: Option<String>,
    #[serde(default)]
    pub lodging: Option<String>,
    #[serde(default)]
    pub lodging_location: Option<Located<RawLocation>>,
    pub days: Located<Vec<RawDay>>,
    #[serde(default)]
    pub verified: Option<Text>,
    #[serde(default)]
    pub draft: Option<Located<bool>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub min: u32,
    pub max: u32,
}

/// Staff roles of LB/T 054; any other role name is an unknown field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaff {
    #[serde(rename = "项目组长", default)]
    pub leader: u32,
    #[serde(rename = "安全员", default)]
    pub safety_officer: u32,
    #[serde(rename = "研学导师", default)]
    pub tutor: u32,
    #[serde(rename = "导游", default)]
    pub guide: u32,
    #[serde(rename = "带队老师", default)]
    pub teacher: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCost {
    pub per_person: f64,
    #[serde(default)]
    pub includes: Vec<String>,
    #[serde(default)]
    pub excludes: Vec<String>,
    #[serde(default)]
    pub waiver: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeeting {
    pub name: String,
    #[serde(default)]
    pub location: Option<Located<RawLocation>>,
    #[serde(default)]
    pub time: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub role: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<Text>,
    #[serde(default)]
    pub email: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorksheet {
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub during: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDay {
    #[serde(default)]
    pub title: Option<String>,
    pub stops: Vec<Located<RawStop>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStop {
    #[serde(default)]
    pub at: Option<Text>,
    #[serde(default, rename = "do")]
    pub doing: Option<String>,
    #[serde(default)]
    pub by: Option<Text>,
    #[serde(default)]
    pub travel_minutes: Option<u32>,
    pub arrive: Text,
    pub leave: Text,
    #[serde(default)]
    pub activity: Option<String>,
    #[serde(default)]
    pub learning_minutes: Option<u32>,
    #[serde(default)]
    pub location: Option<Located<RawLocation>>,
}

/// `_index.md` files and `pages/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawText {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    #[serde(default)]
    pub draft: Option<Located<bool>>,
}

/// Only the `draft` flag of a front matter, read when the whole front matter can't be: a draft
/// whose fields are still wrong is still a draft. Unknown fields are ignored here on purpose.
#[derive(Debug, Clone, Deserialize)]
pub struct RawDraftFlag {
    #[serde(default)]
    pub draft: Option<Located<bool>>,
}

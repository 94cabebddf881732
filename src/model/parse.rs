//! The value parsers shared by place and route files: times, dates, weekdays, audiences,
//! names from a fixed list and coordinates, each turned into a typed value or into a
//! diagnostic at the value's own line.

use std::path::Path;

use jiff::civil::Date;

use super::{Audience, Datum, GeoPoint, TimeOfDay, WeekdaySet, geo};
use crate::diag::{Diagnostic, Pos, codes};
use crate::load::raw::RawLocation;
use crate::yaml::Located;

/// Taxonomy terms as the model keeps them: in NFC, so that one term typed two ways is one
/// term. Loaded text is NFC already; this covers YAML escapes (`"cafe\u0301"`), decoded later.
pub(super) fn terms(raw: Vec<Located<String>>) -> Vec<String> {
    raw.into_iter()
        .map(|t| crate::slug::into_nfc(t.value))
        .collect()
}

/// Turns one file's raw values into typed ones, recording each problem.
pub(super) struct Parser<'a> {
    pub(super) file: &'a Path,
    pub(super) diags: &'a mut Vec<Diagnostic>,
}

impl Parser<'_> {
    pub(super) fn error(
        &mut self,
        code: codes::Code,
        pos: Pos,
        message: String,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(code, self.file, pos, message);
        d.help = help.map(crate::diag::Text::from);
        self.diags.push(d);
    }

    pub(super) fn time(&mut self, raw: &Located<String>) -> Option<Located<TimeOfDay>> {
        match TimeOfDay::parse(raw.value.trim()) {
            Ok(t) => Some(Located::new(t, raw.pos)),
            Err(message) => {
                let help = "quote it and use 24-hour HH:MM, e.g. \"09:30\"".to_string();
                self.error(codes::BAD_TIME, raw.pos, message, Some(help));
                None
            }
        }
    }

    pub(super) fn date(&mut self, raw: &Located<String>) -> Option<Located<Date>> {
        match raw.value.trim().parse::<Date>() {
            Ok(d) => Some(Located::new(d, raw.pos)),
            Err(_) => {
                let message = format!("`{}` is not a date", raw.value);
                self.error(
                    codes::BAD_DATE,
                    raw.pos,
                    message,
                    Some("write dates as YYYY-MM-DD, e.g. 2027-04-15".into()),
                );
                None
            }
        }
    }

    pub(super) fn weekdays(&mut self, raw: &Located<String>) -> Option<WeekdaySet> {
        match WeekdaySet::parse(raw.value.trim()) {
            Ok(set) => Some(set),
            Err((message, help)) => {
                self.error(codes::BAD_WEEKDAYS, raw.pos, message, help);
                None
            }
        }
    }

    pub(super) fn audiences(&mut self, raw: &[Located<String>]) -> Vec<Located<Audience>> {
        raw.iter()
            .filter_map(|a| match Audience::parse(a.value.trim()) {
                Ok(aud) => Some(Located::new(aud, a.pos)),
                Err((message, help)) => {
                    self.error(codes::BAD_AUDIENCE, a.pos, message, Some(help));
                    None
                }
            })
            .collect()
    }

    /// One of a fixed set of names, with a did-you-mean when it isn't.
    pub(super) fn choice<T: Copy>(
        &mut self,
        raw: &Located<String>,
        what: &str,
        names: &[(&'static str, T)],
    ) -> Option<T> {
        let text = raw.value.trim();
        if let Some((_, v)) = names.iter().find(|(n, _)| *n == text) {
            return Some(*v);
        }
        let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let help = crate::diag::did_you_mean(text, all.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| format!("one of: {}", all.join(", ")));
        self.error(
            codes::NOT_AN_ALLOWED_NAME,
            raw.pos,
            format!("`{text}` is not a valid {what}"),
            Some(help),
        );
        None
    }

    pub(super) fn named(
        &mut self,
        raw: &Located<String>,
        what: &str,
        names: &'static [&'static str],
    ) -> Option<&'static str> {
        let pairs: Vec<(&'static str, &'static str)> = names.iter().map(|n| (*n, *n)).collect();
        self.choice(raw, what, &pairs)
    }

    pub(super) fn location(&mut self, raw: &Located<RawLocation>) -> Option<Located<GeoPoint>> {
        let loc = &raw.value;
        let datum = match &loc.datum {
            None => Datum::Wgs84,
            Some(d) => {
                let names: Vec<(&'static str, Datum)> = Datum::NAMES
                    .iter()
                    .filter_map(|n| Datum::parse(n).map(|v| (*n, v)))
                    .collect();
                self.choice(d, "datum (wgs84 | gcj02 | bd09)", &names)?
            }
        };
        let (lat, lon) = (loc.lat.value, loc.lon.value);
        if !(-90.0..=90.0).contains(&lat) {
            self.error(
                codes::COORDINATES_OUT_OF_RANGE,
                loc.lat.pos,
                format!("latitude {lat} is out of range"),
                Some("latitude is −90…90; did you swap lat and lon?".into()),
            );
            return None;
        }
        if !(-180.0..=180.0).contains(&lon) {
            self.error(
                codes::COORDINATES_OUT_OF_RANGE,
                loc.lon.pos,
                format!("longitude {lon} is out of range"),
                Some("longitude is −180…180".into()),
            );
            return None;
        }
        Some(Located::new(
            geo::to_wgs84(GeoPoint { lat, lon }, datum),
            raw.pos,
        ))
    }
}

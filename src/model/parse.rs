//! The value parsers shared by place and route files: times, dates, weekdays, audiences,
//! names from a fixed list and coordinates, each turned into a typed value or into a
//! diagnostic at the value's own line.

use std::path::Path;

use jiff::civil::Date;

use super::{Audience, Datum, GeoPoint, TimeOfDay, WeekdaySet, geo};
use crate::diag::{Diagnostic, Pos, Text, codes};
use crate::load::raw::RawLocation;
use crate::text;
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
    pub(super) fn error(&mut self, code: codes::Code, pos: Pos, message: Text, help: Option<Text>) {
        let mut d = Diagnostic::new(code, self.file, pos, message);
        d.help = help;
        self.diags.push(d);
    }

    pub(super) fn time(&mut self, raw: &Located<String>) -> Option<Located<TimeOfDay>> {
        match TimeOfDay::parse(raw.value.trim()) {
            Ok(t) => Some(Located::new(t, raw.pos)),
            Err(message) => {
                let help = text!(
                    "write the time in quotes as 24-hour HH:MM, e.g. `\"09:30\"` or `\"14:00\"`",
                    "时间加引号，写成 24 小时制的 HH:MM，如 `\"09:30\"`、`\"14:00\"`"
                );
                self.error(codes::BAD_TIME, raw.pos, message, Some(help));
                None
            }
        }
    }

    pub(super) fn date(&mut self, raw: &Located<String>) -> Option<Located<Date>> {
        match raw.value.trim().parse::<Date>() {
            Ok(d) => Some(Located::new(d, raw.pos)),
            Err(_) => {
                let value = &raw.value;
                self.error(
                    codes::BAD_DATE,
                    raw.pos,
                    text!("`{value}` is not a date", "`{value}` 不是有效的日期"),
                    Some(text!(
                        "write dates as YYYY-MM-DD with a real month and day, e.g. `2027-04-15`",
                        "日期写成 YYYY-MM-DD，月和日要真实存在，如 `2027-04-15`"
                    )),
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

    /// One of a fixed set of names for `field`, with a did-you-mean when it isn't. The help lists
    /// every allowed name: the lists are short, and written nowhere else an editor would look.
    pub(super) fn choice<T: Copy>(
        &mut self,
        raw: &Located<String>,
        field: &str,
        names: &[(&'static str, T)],
    ) -> Option<T> {
        let value = raw.value.trim();
        if let Some((_, v)) = names.iter().find(|(n, _)| *n == value) {
            return Some(*v);
        }
        let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let listed_en = all
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let listed_zh = all
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join("、");
        let help = match crate::diag::did_you_mean(value, all.iter().copied()) {
            Some(best) => text!(
                "did you mean `{best}`? `{field}` is one of {listed_en}",
                "是不是想写 `{best}`？`{field}` 可选：{listed_zh}"
            ),
            None => text!(
                "`{field}` is one of {listed_en}",
                "`{field}` 只能是以下之一：{listed_zh}"
            ),
        };
        self.error(
            codes::NOT_AN_ALLOWED_NAME,
            raw.pos,
            text!(
                "`{value}` is not an allowed `{field}`",
                "`{value}` 不是 `{field}` 允许的值"
            ),
            Some(help),
        );
        None
    }

    pub(super) fn named(
        &mut self,
        raw: &Located<String>,
        field: &str,
        names: &'static [&'static str],
    ) -> Option<&'static str> {
        let pairs: Vec<(&'static str, &'static str)> = names.iter().map(|n| (*n, *n)).collect();
        self.choice(raw, field, &pairs)
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
                self.choice(d, "datum", &names)?
            }
        };
        let (lat, lon) = (loc.lat.value, loc.lon.value);
        if !(-90.0..=90.0).contains(&lat) {
            let swapped = (-90.0..=90.0).contains(&lon);
            let help = if swapped {
                text!(
                    "latitude is −90…90 and this looks like a longitude: swap `lat` and `lon` (`lat: {lon}`, `lon: {lat}`)",
                    "纬度在 −90…90 之间，这个数像是经度：把 `lat` 和 `lon` 对调（`lat: {lon}`，`lon: {lat}`）"
                )
            } else {
                text!("latitude is −90…90", "纬度应在 −90…90 之间")
            };
            self.error(
                codes::COORDINATES_OUT_OF_RANGE,
                loc.lat.pos,
                text!("latitude `{lat}` is out of range", "纬度 `{lat}` 超出范围"),
                Some(help),
            );
            return None;
        }
        if !(-180.0..=180.0).contains(&lon) {
            self.error(
                codes::COORDINATES_OUT_OF_RANGE,
                loc.lon.pos,
                text!("longitude `{lon}` is out of range", "经度 `{lon}` 超出范围"),
                Some(text!("longitude is −180…180", "经度应在 −180…180 之间")),
            );
            return None;
        }
        Some(Located::new(
            geo::to_wgs84(GeoPoint { lat, lon }, datum),
            raw.pos,
        ))
    }
}

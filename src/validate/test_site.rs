//! Builds small sites from YAML snippets for the rule tests (and the taxonomy tests): a museum
//! closed on Mondays, a lab that is always open, and a one-day school route that visits both.
#![cfg(test)] // a test helper module: declared `#[cfg(test)]` in validate/mod.rs as well

use std::path::PathBuf;

use crate::config::parse_config;
use crate::diag::{Code, Diagnostic};
use crate::load::{DocKind, Document, Front, Section};
use crate::model::{Site, build_site};
use crate::yaml;

pub const CONFIG: &str = r#"title: t
base_url: https://x.org
region: { bbox: { south: 28.16, west: 105.18, north: 32.22, east: 110.19 }, districts: [北碚区, 江北区, 武隆区] }
holidays: [2027-10-01]
"#;

pub const MUSEUM: &str = r#"---
name: 自然博物馆
district: 北碚区
location: { lat: 29.824, lon: 106.415 }
audience: [小学, 初中]
hours:
  - { days: tue-sun, open: "09:00", close: "17:00", last_entry: "16:00" }
verified: 2026-11-01
"#;

pub const LAB: &str = r#"---
name: 实验室
district: 北碚区
location: { lat: 29.822, lon: 106.425 }
audience: [小学4-6]
"#;

/// A place with only the required fields; a rule's test adds the one line it is about.
pub const SPOT: &str = r#"---
name: x
district: 北碚区
location: { lat: 29.8, lon: 106.4 }
"#;

/// A school route (lines 1–12), then `extra`, then `days:` with `stops` as day 1.
pub fn route(extra: &str, stops: &str) -> String {
    format!(
        r#"---
title: 线路
summary: s
audience: [小学4-6]
runs_on: [tue, wed]
group: {{ min: 20, max: 40 }}
staff: {{ 项目组长: 1, 安全员: 1, 研学导师: 1, 带队老师: 2 }}
safety: s
guardianship: g
insurance: [意外险]
objectives: [o]
meeting: {{ name: 学校, location: {{ lat: 29.83, lon: 106.43 }}, time: "08:30" }}
{extra}days:
  - stops:
{stops}"#
    )
}

/// Day 1 of [`route`]: the museum, lunch, the lab (lines 15–17 when there is no `extra`).
pub const STOPS: &str = r#"      - { at: bases/museum, by: coach, arrive: "09:00", leave: "11:00", learning_minutes: 90 }
      - { do: 午餐, arrive: "11:10", leave: "12:00" }
      - { at: bases/lab, by: walk, arrive: "12:20", leave: "13:00", learning_minutes: 30 }
"#;

/// A site from (id, front matter text) pairs; every file is parsed as the loader would.
pub fn site(docs: &[(&str, &str)]) -> Site {
    let config = parse_config(CONFIG, std::path::Path::new("site.yaml")).unwrap();
    let documents = docs
        .iter()
        .map(|(id, text)| {
            let section = match id.split('/').next() {
                Some("bases") => Section::Bases,
                Some("spots") => Section::Spots,
                _ => Section::Routes,
            };
            let file = PathBuf::from(format!("content/{id}.md"));
            let front = match section {
                Section::Routes => Front::Route(Box::new(yaml::parse(text, &file).unwrap())),
                _ => Front::Place(Box::new(yaml::parse(text, &file).unwrap())),
            };
            Document {
                id: id.to_string(),
                kind: DocKind::Entry(section),
                file,
                front,
                body: String::new(),
                body_line: 1,
                source_hash: 0,
                assets: vec![],
                draft: None,
            }
        })
        .collect();
    let (site, diags) = build_site(config, documents);
    assert!(diags.is_empty(), "{diags:#?}");
    site
}

/// Every rule's diagnostics, sorted, judged on 2026-11-29.
pub fn diagnostics(site: &Site) -> Vec<Diagnostic> {
    let today = jiff::civil::date(2026, 11, 29);
    let mut d = super::check_site(site, today);
    crate::diag::sort(&mut d);
    d
}

/// (code, line) of every diagnostic: what most rule tests compare.
pub fn codes(site: &Site) -> Vec<(Code, usize)> {
    diagnostics(site)
        .iter()
        .map(|d| (d.code, d.pos.line))
        .collect()
}

/// [`codes`] of the museum, the lab and `route(extra, stops)`.
pub fn route_codes(extra: &str, stops: &str) -> Vec<(Code, usize)> {
    let r = route(extra, stops);
    codes(&site(&[
        ("bases/museum", MUSEUM),
        ("bases/lab", LAB),
        ("routes/r", &r),
    ]))
}

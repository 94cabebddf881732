//! One content file of arbitrary bytes through the whole in-memory pipeline: the loader's
//! `parse_document` (UTF-8 and BOM handling, front matter split, YAML into the raw structs), the
//! model (`build_site`), every rule (`validate::check_site`), the rendering of every diagnostic
//! against its source (rich and short forms) and the Markdown renderer.
//!
//! Input: the first byte picks where the file lives, the rest are its bytes.
//!   0 → `content/bases/fuzzed.md` (a place), 1 → `content/routes/fuzzed.md` (a route),
//!   2 → `content/pages/fuzzed.md` (a free page), 3 → `content/_index.md` (the home page);
//!   other values wrap around (byte % 4).
//! The site always also holds one valid place, `bases/museum`, so a fuzzed route can visit it,
//! and the config names a region bbox, districts and holidays so that every rule runs.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use yanxue::config::SiteConfig;
use yanxue::diag::{Diagnostic, Lang};
use yanxue::load::{self, Document};

const SITE_YAML: &str = "\
title: 重庆科普研学
base_url: https://yanxue.example.org
region:
  name: 重庆
  bbox: { south: 28.16, west: 105.18, north: 32.22, east: 110.19 }
  districts: [北碚区, 江北区, 渝中区, 武隆区]
holidays: [2027-01-01, 2027-10-01, 2027-10-02]
rules:
  stale_after_days: 180
";

const MUSEUM: &str = "\
---
name: 自然博物馆
district: 北碚区
location: { lat: 29.824, lon: 106.415 }
audience: [小学, 初中]
hours:
  - { days: tue-sun, open: \"09:00\", close: \"17:00\", last_entry: \"16:00\" }
closures:
  - { from: 2027-02-05, to: 2027-02-07, reason: 春节 }
reservation: { required: true, how: 电话预约, lead_days: 1 }
visit_minutes: 120
risks: [steps]
risk_note: 恐龙厅有台阶，请扶好扶手。
verified: 2026-11-01
---
# 自然博物馆

见 [线路](@/routes/fuzzed.md#day-1)。
";

const PATHS: [&str; 4] = [
    "bases/fuzzed.md",
    "routes/fuzzed.md",
    "pages/fuzzed.md",
    "_index.md",
];

/// Places a file as the loader does (`content/<rel>`) and parses its bytes; its problems and
/// text are kept so the diagnostics can be rendered against the source too.
fn document(
    rel: &str,
    bytes: Vec<u8>,
    diagnostics: &mut Vec<Diagnostic>,
    texts: &mut BTreeMap<PathBuf, String>,
) -> Option<Document> {
    let rel = Path::new(rel);
    let file = Path::new("content").join(rel);
    let (id, kind) = load::classify(rel, &file, diagnostics)?;
    let (document, text) = load::parse_document(id, kind, file.clone(), bytes, diagnostics);
    if let Some(text) = text {
        texts.insert(file, text);
    }
    Some(document)
}

/// The fixed config, parsed once.
fn config() -> &'static SiteConfig {
    static CONFIG: OnceLock<SiteConfig> = OnceLock::new();
    CONFIG.get_or_init(|| {
        yanxue::config::parse_config(SITE_YAML, Path::new("site.yaml"))
            .unwrap_or_else(|problems| panic!("the fixed site.yaml must parse: {problems:?}"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let config = config().clone();
    let mut diagnostics = Vec::new();
    let mut texts = BTreeMap::new();
    let documents: Vec<Document> = [
        document(PATHS[usize::from(selector % 4)], rest.to_vec(), &mut diagnostics, &mut texts),
        document("bases/museum.md", MUSEUM.as_bytes().to_vec(), &mut diagnostics, &mut texts),
    ]
    .into_iter()
    .flatten()
    .collect();

    let bodies: Vec<String> = documents.iter().map(|d| d.body.clone()).collect();
    let ids: BTreeSet<String> = documents.iter().map(|d| d.id.clone()).collect();

    let (site, model_diagnostics) = yanxue::model::build_site(config, documents);
    let today = jiff::civil::date(2026, 11, 29);
    diagnostics.extend(model_diagnostics);
    diagnostics.extend(yanxue::validate::check_site(&site, today));
    // Every diagnostic is shown against its source, as `check` does (positions in characters
    // against a snippet renderer: a classic place for an out-of-range panic).
    for d in &diagnostics {
        for lang in [Lang::En, Lang::Zh] {
            let _ = d.rich(texts.get(&d.file).map(String::as_str), false, lang);
            let _ = d.short(lang);
        }
    }

    let resolve = |path: &str| -> Option<String> {
        let id = path.trim_end_matches(".md").trim_end_matches("/index");
        ids.contains(id).then(|| format!("/{id}/"))
    };
    for body in &bodies {
        let _ = yanxue::render::markdown::render_markdown(body, &resolve, "p-");
    }
});

//! The hot functions of a build, one at a time, on fixed inputs: a shipped route file, a ~4 KB
//! mixed Chinese/English body (`fixtures/body.md`), a 200-document search index, the route
//! diagram of a shipped route and a QR code. `cargo bench --bench functions`.

// Like the tests, a benchmark may stop at the first surprise (the shipped site must load); the
// no-unwrap rule is for the generator itself.
#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use yanxue::diag::Diagnostic;
use yanxue::load::{self, DocKind, Front, Section};
use yanxue::model;
use yanxue::render::{markdown, qr, route_diagram, search};

// As in the binary: the allocator is part of what is measured.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The shipped route with the most front matter (three days, rail legs, lodging).
const ROUTE_ID: &str = "routes/three-gorges-hydrology-3day";
const ROUTE_FILE: &str = include_str!("../content/routes/three-gorges-hydrology-3day.md");
const BODY: &str = include_str!("fixtures/body.md");
const INDEX_DOCS: usize = 200;

/// Resolves every `@/` link, as the site's resolver does for known pages.
fn resolve(path: &str) -> Option<String> {
    let id = path.trim_end_matches(".md").trim_end_matches("/_index");
    Some(format!("/{id}/"))
}

/// The parsed route, its text and the problems found (all returned: dropping is not measured).
fn parse_route(bytes: Vec<u8>) -> (load::Document, Option<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (document, text) = load::parse_document(
        ROUTE_ID.to_string(),
        DocKind::Entry(Section::Routes),
        PathBuf::from("content/routes/three-gorges-hydrology-3day.md"),
        bytes,
        &mut diagnostics,
    );
    (document, text, diagnostics)
}

fn parse_document(c: &mut Criterion) {
    let (document, _, diagnostics) = parse_route(ROUTE_FILE.as_bytes().to_vec());
    assert!(
        diagnostics.is_empty() && matches!(document.front, Front::Route(_)),
        "the shipped route parses cleanly: {diagnostics:?}"
    );
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Bytes(ROUTE_FILE.len() as u64));
    group.bench_function("parse_document/route", |b| {
        b.iter_batched(
            || ROUTE_FILE.as_bytes().to_vec(),
            parse_route,
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

fn markdown_and_search(c: &mut Criterion) {
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(BODY.len() as u64));
    group.bench_function("render_markdown/4k", |b| {
        b.iter(|| markdown::render_markdown(black_box(BODY), &resolve, ""));
    });
    group.bench_function("tokenize/4k", |b| {
        b.iter(|| search::tokenize(black_box(BODY)));
    });
    group.finish();

    let docs = index_docs();
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("build_index/200-docs", |b| {
        b.iter(|| search::build_index(black_box(&docs)));
    });
    group.finish();
}

/// 200 documents of about a kilobyte each: a unique title and three paragraphs of the fixture's
/// plain text, picked differently for each document so posting lists vary in length.
fn index_docs() -> Vec<search::SearchDoc> {
    let text = markdown::render_markdown(BODY, &resolve, "").text;
    let paragraphs: Vec<&str> = text.split('\n').filter(|p| !p.is_empty()).collect();
    let n = paragraphs.len();
    (0..INDEX_DOCS)
        .map(|i| {
            let body = [i, i * 7 + 3, i * 13 + 5]
                .map(|k| paragraphs[k % n])
                .join("\n");
            search::SearchDoc {
                url: format!("/routes/route-{i:03}/"),
                title: format!("长江研学线路 {i} · Yangtze study route {i}"),
                kind: "route",
                kind_label: "研学线路",
                audience: vec!["高中".to_string()],
                groups: vec!["高中".to_string()],
                fields: vec![
                    format!("Yangtze route {i}"),
                    "奉节县".to_string(),
                    "水文 地理 地质".to_string(),
                ],
                text: body.clone(),
                body,
            }
        })
        .collect()
}

fn svg(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = load::load_site(root).expect("the shipped site loads");
    let base_url = loaded.config.base_url.clone();
    let (site, _) = model::build_site(loaded.config, loaded.documents);
    let route = site
        .routes
        .iter()
        .find(|r| r.id == ROUTE_ID)
        .expect("the shipped site has the three-gorges route");
    let url = format!("{base_url}/{ROUTE_ID}/");
    // Measure the drawing, not an early "no diagram" / "URL too long".
    route_diagram::route_diagram(&site, route).expect("the three-gorges route has a diagram");
    qr::qr_svg(&url).expect("the route's URL fits a printable QR code");

    let mut group = c.benchmark_group("svg");
    group.bench_function("route_diagram/three-gorges", |b| {
        b.iter(|| route_diagram::route_diagram(black_box(&site), black_box(route)));
    });
    group.bench_function("qr_svg/route-url", |b| {
        b.iter(|| qr::qr_svg(black_box(&url)));
    });
    group.finish();
}

criterion_group!(benches, parse_document, markdown_and_search, svg);
criterion_main!(benches);

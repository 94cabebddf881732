//! Site → `Output`, all in memory: Markdown bodies (with `@/` links resolved and checked), view
//! structs for the theme, every page through Tera, taxonomies, `sitemap.xml`, `robots.txt`, and
//! the static files and bundle assets to copy. Nothing here writes to disk.

pub mod calendar;
pub mod feed;
pub mod geojson;
pub mod json_ld;
pub mod labels;
pub mod map_links;
pub mod markdown;
pub mod offline;
mod pages;
pub mod qr;
pub mod route_diagram;
pub mod search;
pub mod sitemap;
mod taxonomy;
pub mod view;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos, Text, codes};
use crate::load::{StaticFile, ThemeFiles};
use crate::model::{Body, Site};
use crate::text;
use markdown::RenderedMarkdown;
use pages::Page;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// Rendered bytes (shared: a live rebuild keeps the files it did not re-render).
    Bytes(bytes::Bytes),
    /// A file copied as is (static files, bundle assets).
    Copy(PathBuf),
}

impl OutputFile {
    fn text(text: String) -> Self {
        OutputFile::Bytes(bytes::Bytes::from(text))
    }
}

/// The whole built site, by path relative to the output root (`routes/x/index.html`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<PathBuf, OutputFile>,
}

/// Where rendered files go as they are rendered: into memory (serve, tests) or straight to disk
/// (build), so a large site never has to be held whole. Called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, path: PathBuf, file: OutputFile) -> std::io::Result<()>;
    /// How many pages are about to be rendered, for a progress display.
    fn expect_pages(&self, _pages: usize) {}
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(Mutex<Output>);

impl Collect {
    pub fn into_output(self) -> Output {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for Collect {
    fn put(&self, path: PathBuf, file: OutputFile) -> std::io::Result<()> {
        let mut output = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        output.files.insert(path, file);
        Ok(())
    }
}

/// A sink that drops every file: rendering only to find problems (`yanxue check`).
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: PathBuf, _file: OutputFile) -> std::io::Result<()> {
        Ok(())
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// Broken `@/` links, template errors.
    Problems(Vec<Diagnostic>),
    /// The sink could not take a file.
    Write(std::io::Error),
}

impl From<Vec<Diagnostic>> for RenderError {
    fn from(problems: Vec<Diagnostic>) -> Self {
        RenderError::Problems(problems)
    }
}

/// What one render leaves for the next, so a live rebuild redoes only what changed: each
/// document's rendered Markdown (by the hash of its source) and, for each output file, a
/// fingerprint of the inputs it was rendered from. Empty for a full build.
#[derive(Debug, Default, Clone)]
pub struct RenderMemo {
    /// Shared, so the whole-site indexes can be built from a snapshot while pages render.
    bodies: std::sync::Arc<Bodies>,
    /// The `source_hash` each body was rendered from.
    body_sources: HashMap<String, u64>,
    /// By URL (`/routes/x/`, `/routes/x/route.geojson`, `/style.css`).
    fingerprints: HashMap<String, u64>,
    /// The files of the whole-site indexes (search), whose names change with their content.
    index_files: BTreeSet<PathBuf>,
    /// The compiled templates, with a hash of the template texts they were compiled from.
    templates: Option<(u64, std::sync::Arc<tera::Tera>)>,
}

/// What changed in the output: files not in it are unchanged, and `removed` are gone.
#[derive(Debug, Default)]
pub struct Rendered {
    pub removed: Vec<PathBuf>,
    /// Pages rendered (all of them on a full build).
    pub pages: usize,
}

/// Renders every page into `sink`, all in memory. Errors (broken `@/` links, template errors)
/// come back as diagnostics.
pub fn render_site(
    site: &Site,
    theme: &ThemeFiles,
    sink: &dyn Sink,
) -> Result<Rendered, RenderError> {
    let mut memo = RenderMemo::default();
    let mut rendered = render_pages(site, theme, &mut memo, sink)?;
    rendered
        .removed
        .extend(render_indexes(site, &mut memo, sink)?);
    Ok(rendered)
}

/// Renders the pages and per-page files whose inputs changed since the render `memo` remembers
/// (everything, with an empty memo), and updates `memo`. The whole-site indexes are
/// [`render_indexes`]'s: a live rebuild serves the edited page before it rebuilds them.
pub fn render_pages(
    site: &Site,
    theme: &ThemeFiles,
    memo: &mut RenderMemo,
    sink: &dyn Sink,
) -> Result<Rendered, RenderError> {
    let tera = compiled_templates(theme, memo)?;
    render_bodies(
        site,
        std::sync::Arc::make_mut(&mut memo.bodies),
        &mut memo.body_sources,
    )?;
    let builder = pages::Builder::new(site, &memo.bodies);
    // A theme may leave out an optional template (a site's own theme without `search.html`, so
    // no /search/); the others `compile_templates` requires.
    let pages: Vec<Page> = builder
        .pages()
        .into_iter()
        .filter(|p| theme.templates.contains_key(p.template))
        .collect();
    let mut plan = plan_pages(&pages, theme, &memo.fingerprints);
    sink.expect_pages(plan.todo.len());
    render_planned_pages(&tera, theme, &plan.todo, sink)?;
    render_site_files(site, &plan.sitemap, memo, &mut plan.fingerprints, sink)?;
    // A route's downloads read what its page reads, without the template.
    let route_prints = (0..site.routes.len())
        .map(|i| builder.route_fingerprint(i))
        .collect();
    render_route_files(site, route_prints, memo, &mut plan.fingerprints, sink)?;

    // Static files and bundle assets are few: always handed on. The service worker goes out
    // with the build's id (every fingerprint so far) and its shell filled in.
    let mut worker = offline::published_worker(&theme.static_files, &plan.fingerprints)
        .map_err(RenderError::Write)?;
    for (path, file) in static_and_assets(site, theme) {
        let file = if offline::is_service_worker(&path) {
            worker.take().map_or(file, OutputFile::text)
        } else {
            file
        };
        plan.fingerprints
            .insert(format!("/{}", path.to_string_lossy()), 0);
        sink.put(path, file).map_err(RenderError::Write)?;
    }

    let removed: Vec<PathBuf> = memo
        .fingerprints
        .keys()
        .filter(|url| !plan.fingerprints.contains_key(*url))
        .map(|url| output_path(url))
        .collect();
    let pages = plan.todo.len();
    memo.fingerprints = plan.fingerprints;
    Ok(Rendered { removed, pages })
}

/// The theme's templates compiled, reusing the memo's when the template texts are unchanged.
fn compiled_templates(
    theme: &ThemeFiles,
    memo: &mut RenderMemo,
) -> Result<std::sync::Arc<tera::Tera>, RenderError> {
    let theme_version = hash_of(&theme.templates);
    Ok(match &memo.templates {
        Some((version, tera)) if *version == theme_version => std::sync::Arc::clone(tera),
        _ => {
            let tera = std::sync::Arc::new(compile_templates(theme)?);
            memo.templates = Some((theme_version, std::sync::Arc::clone(&tera)));
            tera
        }
    })
}

/// Which pages to render this time, and what the render leaves for the next.
struct PagePlan<'p, 'b> {
    /// Every output file's fingerprint so far, by URL (the site and route files are added later).
    fingerprints: HashMap<String, u64>,
    sitemap: Vec<sitemap::SitemapEntry>,
    /// Pages whose fingerprint changed since the memo's render.
    todo: Vec<&'p Page<'b>>,
}

/// Fingerprints every page and picks those whose fingerprint differs from `previous`.
fn plan_pages<'p, 'b>(
    pages: &'p [Page<'b>],
    theme: &ThemeFiles,
    previous: &HashMap<String, u64>,
) -> PagePlan<'p, 'b> {
    let templates = template_versions(theme);
    let mut plan = PagePlan {
        fingerprints: HashMap::with_capacity(pages.len() * 2),
        sitemap: Vec::new(),
        todo: Vec::new(),
    };
    for page in pages {
        plan.sitemap.extend(page.sitemap_entry());
        let template = templates.get(page.template).copied().unwrap_or_default();
        let print = hash_of(&(template, page.fingerprint));
        if previous.get(&page.url) != Some(&print) {
            plan.todo.push(page);
        }
        plan.fingerprints.insert(page.url.clone(), print);
    }
    plan
}

/// Renders the `todo` pages in parallel into `sink`; template errors come back once each.
fn render_planned_pages(
    tera: &tera::Tera,
    theme: &ThemeFiles,
    todo: &[&Page],
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let problems: Vec<Vec<Diagnostic>> = todo
        .par_iter()
        .map(|page| {
            // Each page is rendered and handed on right after its context is built, so contexts
            // and pages never pile up.
            match tera.render(page.template, &page.context()) {
                Ok(html) => sink
                    .put(output_path(&page.url), OutputFile::text(html))
                    .map(|()| Vec::new()),
                Err(e) => Ok(template_diagnostics(&e, theme)),
            }
        })
        .collect::<std::io::Result<_>>()
        .map_err(RenderError::Write)?;
    let mut problems: Vec<Diagnostic> = problems.into_iter().flatten().collect();
    if !problems.is_empty() {
        // A template error repeats on every page that uses the template: say it once.
        crate::diag::sort(&mut problems);
        problems.dedup();
        return Err(RenderError::Problems(problems));
    }
    Ok(())
}

/// Site-wide files, each redone when what it lists changed.
fn render_site_files(
    site: &Site,
    sitemap: &[sitemap::SitemapEntry],
    memo: &RenderMemo,
    fingerprints: &mut HashMap<String, u64>,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let places_print = hash_of(
        &site
            .places
            .iter()
            .map(|p| p.body.source_hash)
            .collect::<Vec<_>>(),
    );
    let site_files: [(&str, u64, &(dyn Fn() -> String + Sync)); 5] = [
        ("/sitemap.xml", hash_of(sitemap), &|| {
            sitemap::sitemap_xml(&site.config.base_url, sitemap)
        }),
        ("/robots.txt", 0, &|| {
            sitemap::robots_txt(&site.config.base_url)
        }),
        ("/atom.xml", feed_print(site), &|| feed::atom_feed(site)),
        ("/places.geojson", places_print, &|| {
            geojson::places_geojson(site)
        }),
        (
            offline::MANIFEST_URL,
            offline::manifest_print(site),
            &|| offline::manifest(site),
        ),
    ];
    for (url, print, make) in site_files {
        if memo.fingerprints.get(url) != Some(&print) {
            sink.put(output_path(url), OutputFile::text(make()))
                .map_err(RenderError::Write)?;
        }
        fingerprints.insert(url.to_string(), print);
    }
    Ok(())
}

/// What the Atom feed reads: each route's id, title, summary and date, and each place's date.
fn feed_print(site: &Site) -> u64 {
    let routes: Vec<_> = site
        .routes
        .iter()
        .map(|r| {
            (
                &r.id,
                &r.title.value,
                &r.summary,
                r.verified.as_ref().map(|v| v.value),
            )
        })
        .collect();
    let places: Vec<_> = site
        .places
        .iter()
        .map(|p| p.verified.as_ref().map(|v| v.value))
        .collect();
    hash_of(&(routes, places))
}

/// Each route's GeoJSON and (with departures) its calendar, redone when its page's inputs
/// (`route_prints`, by route index) changed.
fn render_route_files(
    site: &Site,
    route_prints: Vec<u64>,
    memo: &RenderMemo,
    fingerprints: &mut HashMap<String, u64>,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let route_files: Vec<(usize, u64)> = route_prints.into_iter().enumerate().collect();
    route_files
        .par_iter()
        .try_for_each(|(i, print)| -> std::io::Result<()> {
            let Some(route) = site.routes.get(*i) else {
                return Ok(());
            };
            let dir = url_of(&route.id);
            let geojson = format!("{dir}route.geojson");
            if memo.fingerprints.get(&geojson) != Some(print) {
                sink.put(
                    output_path(&geojson),
                    OutputFile::text(geojson::route_geojson(site, route)),
                )?;
            }
            if !route.departures.is_empty() {
                let ics = format!("{dir}route.ics");
                if memo.fingerprints.get(&ics) != Some(print) {
                    let calendar = calendar::route_calendar(site, route);
                    sink.put(output_path(&ics), OutputFile::text(calendar))?;
                }
            }
            Ok(())
        })
        .map_err(RenderError::Write)?;
    for (i, print) in route_files {
        if let Some(route) = site.routes.get(i) {
            let dir = url_of(&route.id);
            fingerprints.insert(format!("{dir}route.geojson"), print);
            if !route.departures.is_empty() {
                fingerprints.insert(format!("{dir}route.ics"), print);
            }
        }
    }
    Ok(())
}

/// Every document's rendered Markdown, by id.
pub type Bodies = BTreeMap<String, RenderedMarkdown>;

impl RenderMemo {
    /// The rendered Markdown of the last render.
    pub fn bodies(&self) -> &std::sync::Arc<Bodies> {
        &self.bodies
    }

    /// Records the index files now in the output; returns those that are gone.
    pub fn replace_index_files(&mut self, now: BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let removed = self.index_files.difference(&now).cloned().collect();
        self.index_files = now;
        removed
    }
}

/// Renders the whole-site indexes into `sink`: the search index, and (for a paginated routes
/// list) every route card as JSON for the routes filters. Returns the index files that are gone.
pub fn render_indexes(
    site: &Site,
    memo: &mut RenderMemo,
    sink: &dyn Sink,
) -> Result<Vec<PathBuf>, RenderError> {
    let files = index_files(site, &memo.bodies);
    let now = files.iter().map(|(path, _)| path.clone()).collect();
    for (path, file) in files {
        sink.put(path, file).map_err(RenderError::Write)?;
    }
    Ok(memo.replace_index_files(now))
}

/// The files of the whole-site indexes, from the site and its rendered Markdown alone (so a
/// live rebuild can make them on another thread).
pub fn index_files(site: &Site, bodies: &Bodies) -> Vec<(PathBuf, OutputFile)> {
    let docs = search::site_docs(site, bodies, pages::audience_groups);
    let mut files: Vec<(String, String)> = search::build_index(&docs);
    if site.config.paginate_by > 0 && site.routes.len() > site.config.paginate_by {
        let builder = pages::Builder::new(site, bodies);
        files.push(("/routes/cards.json".into(), builder.route_cards_json()));
    }
    files
        .into_iter()
        .map(|(url, text)| (output_path(&url), OutputFile::text(text)))
        .collect()
}

/// Static files of the theme and the site, and the files of page bundles.
fn static_and_assets(site: &Site, theme: &ThemeFiles) -> Vec<(PathBuf, OutputFile)> {
    let mut files = Vec::new();
    for (rel, source) in &theme.static_files {
        let file = match source {
            StaticFile::Disk(path) => OutputFile::Copy(path.clone()),
            StaticFile::Embedded(bytes) => OutputFile::Bytes(bytes::Bytes::from_static(bytes)),
        };
        files.push((rel.clone(), file));
    }
    let with_assets = site
        .places
        .iter()
        .map(|p| (p.id.as_str(), &p.assets))
        .chain(site.routes.iter().map(|r| (r.id.as_str(), &r.assets)))
        .chain(site.pages.iter().map(|p| (p.id.as_str(), &p.assets)));
    for (id, assets) in with_assets {
        for (source, inside) in assets {
            files.push((Path::new(id).join(inside), OutputFile::Copy(source.clone())));
        }
    }
    files
}

fn hash_of(value: &(impl Hash + ?Sized)) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// For each template, a hash of its text, of every template it names (extends, includes,
/// imports), transitively, and of every template that defines components (Tera 2 components are
/// global: any template may use them without naming their file). A page's fingerprint includes
/// its template's, so an edited template re-renders exactly the pages that may use it.
fn template_versions(theme: &ThemeFiles) -> HashMap<String, u64> {
    let names: HashMap<&str, Vec<&str>> = theme
        .templates
        .iter()
        .map(|(name, (_, text))| {
            let named = theme
                .templates
                .keys()
                .map(String::as_str)
                .filter(|other| *other != name && text.contains(&format!("\"{other}\"")))
                .collect();
            (name.as_str(), named)
        })
        .collect();
    let components: Vec<&str> = theme
        .templates
        .iter()
        .filter(|(_, (_, text))| text.contains("{% component") || text.contains("{%- component"))
        .map(|(name, _)| name.as_str())
        .collect();
    let mut versions = HashMap::new();
    for name in theme.templates.keys() {
        let mut seen = BTreeSet::new();
        let mut stack = vec![name.as_str()];
        stack.extend(&components);
        while let Some(n) = stack.pop() {
            if seen.insert(n) {
                stack.extend(names.get(n).into_iter().flatten());
            }
        }
        let texts: Vec<(&str, &str)> = seen
            .into_iter()
            .filter_map(|n| theme.templates.get(n).map(|(_, t)| (n, t.as_str())))
            .collect();
        versions.insert(name.clone(), hash_of(&texts));
    }
    versions
}

/// Text escaped for HTML or XML content and double-quoted attributes.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// `/routes/x/` → `routes/x/index.html`; `/sitemap.xml` → `sitemap.xml`.
pub fn output_path(url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        Path::new(trimmed).join("index.html")
    } else {
        PathBuf::from(trimmed)
    }
}

/// A site path (or an already absolute URL) as an absolute URL on `base_url`.
pub fn absolute_url(base_url: &str, url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        return url.to_string();
    }
    let base = base_url.trim_end_matches('/');
    match url.strip_prefix('/') {
        Some(path) => format!("{base}/{path}"),
        None => format!("{base}/{url}"),
    }
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` as `\u` escapes, so no text
/// in it can close the element or start a comment.
pub fn script_safe_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The URL of a document id: `bases/x` → `/bases/x/`.
pub fn url_of(id: &str) -> String {
    format!("/{id}/")
}

/// The theme's templates, compiled once. A syntax error points into the template file.
fn compile_templates(theme: &ThemeFiles) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    let required = [
        "base.html",
        "index.html",
        "section.html",
        "place.html",
        "route.html",
        "taxonomy.html",
        "term.html",
        "page.html",
        "404.html",
    ];
    let missing: Vec<Diagnostic> = required
        .iter()
        .filter(|name| !theme.templates.contains_key(**name))
        .map(|name| {
            Diagnostic::new(
                codes::TEMPLATE_ERROR,
                Path::new("templates"),
                Pos::START,
                text!(
                    "the theme has no template `{name}`",
                    "主题缺少模板 `{name}`"
                ),
            )
            .with_suggestion(name, theme.templates.keys().map(String::as_str))
            .or_help(text!(
                "add `{name}` to the theme's `templates/` or to the site's own `templates/`",
                "在主题的 `templates/` 或站点自己的 `templates/` 下添加 `{name}`"
            ))
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str())),
    )
    .map_err(|e| template_diagnostics(&e, theme))?;
    Ok(tera)
}

/// A Tera error as diagnostics located in the template files.
fn template_diagnostics(err: &tera::Error, theme: &ThemeFiles) -> Vec<Diagnostic> {
    let file_of = |name: &str| {
        theme
            .templates
            .get(name)
            .map_or_else(|| PathBuf::from(name), |(file, _)| file.clone())
    };
    // Rendering errors may be wrapped (an include inside a block): use the innermost report.
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(te) = e.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                te.kind()
        {
            let span = report.span();
            let pos = Pos::new(span.start_line.max(1), span.start_col + 1);
            return vec![
                Diagnostic::new(
                    codes::TEMPLATE_ERROR,
                    &file_of(report.filename()),
                    pos,
                    template_error(report.message()),
                )
                .with_help(template_help()),
            ];
        }
        current = e.source();
    }
    // Checks made after parsing (unknown filters, functions, components, includes) arrive as
    // ready-made reports in one message: `error: …` then ` --> name:line:col`.
    let text = err.to_string();
    let mut found = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.trim());
        } else if let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = at.rsplitn(3, ':');
            let (col, line_no, name) = (parts.next(), parts.next(), parts.next());
            if let (Some(col), Some(line_no), Some(name)) = (col, line_no, name) {
                let pos = Pos::new(line_no.parse().unwrap_or(1), col.parse().unwrap_or(1));
                found.push(
                    Diagnostic::new(
                        codes::TEMPLATE_ERROR,
                        &file_of(name),
                        pos,
                        template_error(m),
                    )
                    .with_help(template_help()),
                );
                message = None;
            }
        }
    }
    if found.is_empty() {
        found.push(
            Diagnostic::new(
                codes::TEMPLATE_ERROR,
                Path::new("templates"),
                Pos::START,
                template_error(&text),
            )
            .with_help(template_help()),
        );
    }
    found
}

/// Tera's own message (English only) inside ours.
fn template_error(tera_message: &str) -> Text {
    text!("template error: {tera_message}", "模板错误：{tera_message}")
}

fn template_help() -> Text {
    text!(
        "templates are written in Tera 2; the values a template may use are listed in the README, \"Writing a theme\"",
        "模板使用 Tera 2 语法；模板里可用的值见 README 的“Writing a theme”一节"
    )
}

/// The document id an `@/` path names: `bases/x.md`, `bases/x/index.md` and `bases/x/` are all
/// `bases/x`; `_index.md` is the home page and `routes/_index.md` the routes section.
fn link_target(path: &str) -> &str {
    path.trim_start_matches('/')
        .trim_end_matches(".md")
        .trim_end_matches("/index")
        .trim_end_matches('/')
}

/// Every Markdown body into `bodies`, by document id, with broken `@/` links and anchors
/// reported. A body already in `bodies` from the same source (`hashes`) is kept: its HTML
/// depends only on its text, as long as its links resolved (they are checked again below).
fn render_bodies(
    site: &Site,
    bodies: &mut BTreeMap<String, RenderedMarkdown>,
    hashes: &mut HashMap<String, u64>,
) -> Result<(), Vec<Diagnostic>> {
    let sources = body_sources(site);
    // Sections are pages even without an `_index.md`.
    let sections = crate::load::Section::ALL.map(|s| format!("{}/_index", s.dir()));
    let known: BTreeSet<&str> = sources
        .iter()
        .map(|(id, ..)| *id)
        .chain(sections.iter().map(String::as_str))
        .chain(["_index"])
        .collect();
    let resolve = |path: &str| -> Option<String> {
        let id = link_target(path);
        if id == "_index" {
            return Some("/".to_string());
        }
        known
            .get(id)
            .map(|id| url_of(id.strip_suffix("/_index").unwrap_or(id)))
    };

    let stale: Vec<(&str, &Body)> = sources
        .iter()
        .filter(|(id, _, body)| {
            hashes.get(*id) != Some(&body.source_hash)
                || bodies
                    .get(*id)
                    .is_none_or(|md| md.internal_links.iter().any(|l| !l.resolved))
        })
        .map(|(id, _, body)| (*id, *body))
        .collect();
    let fresh: Vec<(&str, u64, RenderedMarkdown)> = stale
        .into_par_iter()
        .map(|(id, body)| {
            let md = markdown::render_markdown(&body.markdown, &resolve, "");
            (id, body.source_hash, md)
        })
        .collect();
    for (id, hash, md) in fresh {
        hashes.insert(id.to_string(), hash);
        bodies.insert(id.to_string(), md);
    }
    if bodies.len() > sources.len() {
        let ids: BTreeSet<&str> = sources.iter().map(|(id, ..)| *id).collect();
        bodies.retain(|id, _| ids.contains(id.as_str()));
        hashes.retain(|id, _| ids.contains(id.as_str()));
    }
    // The example in a broken link's help: one of this site's own places.
    let example = site.places.first().map(|p| p.id.as_str());
    let problems = link_problems(&sources, bodies, &known, &site.drafts, example);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Every document with a Markdown body: its id, its file and the body.
fn body_sources(site: &Site) -> Vec<(&str, &Path, &Body)> {
    let mut sources: Vec<(&str, &Path, &Body)> = Vec::new();
    sources.extend(
        site.home
            .iter()
            .map(|h| (h.id.as_str(), h.file.as_path(), &h.body)),
    );
    sources.extend(
        site.intros
            .values()
            .map(|p| (p.id.as_str(), p.file.as_path(), &p.body)),
    );
    sources.extend(
        site.pages
            .iter()
            .map(|p| (p.id.as_str(), p.file.as_path(), &p.body)),
    );
    sources.extend(
        site.places
            .iter()
            .map(|p| (p.id.as_str(), p.file.as_path(), &p.body)),
    );
    sources.extend(
        site.routes
            .iter()
            .map(|r| (r.id.as_str(), r.file.as_path(), &r.body)),
    );
    sources
}

/// Broken `@/` links (no such document) and anchors (no such heading in it), in every body.
fn link_problems(
    sources: &[(&str, &Path, &Body)],
    bodies: &BTreeMap<String, RenderedMarkdown>,
    known: &BTreeSet<&str>,
    drafts: &BTreeMap<String, crate::model::drafts::Draft>,
    example: Option<&str>,
) -> Vec<Diagnostic> {
    let ids: Vec<&str> = known.iter().copied().filter(|id| *id != "_index").collect();
    let mut problems = Vec::new();
    for (id, file, body) in sources {
        let Some(md) = bodies.get(*id) else { continue };
        for link in &md.internal_links {
            // Positions are found only for problems: finding one scans the body.
            let pos = || body.pos_of(link.span.start);
            let target = link_target(&link.path);
            // A draft left out of this build: say so rather than "names no page".
            if let Some(draft) = drafts.get(target).filter(|_| !known.contains(target)) {
                problems.push(crate::model::drafts::link_to_draft(
                    file,
                    pos(),
                    target,
                    draft,
                ));
                continue;
            }
            if !link.resolved || !(target == "_index" || known.contains(target)) {
                let path = &link.path;
                problems.push(
                    Diagnostic::new(
                        codes::BROKEN_LINK,
                        file,
                        pos(),
                        text!("`@/{path}` names no page", "`@/{path}` 指向的页面不存在"),
                    )
                    .with_help(missing_page_help(target, &ids, example)),
                );
                continue;
            }
            let Some(anchor) = &link.anchor else { continue };
            let headings = bodies
                .get(target)
                .map(|md| md.headings.as_slice())
                .unwrap_or_default();
            if !headings.iter().any(|h| h.id == *anchor) {
                problems.push(
                    Diagnostic::new(
                        codes::BROKEN_LINK,
                        file,
                        pos(),
                        text!(
                            "`{target}` has no heading `#{anchor}`",
                            "`{target}` 中没有标题 `#{anchor}`"
                        ),
                    )
                    .with_help(missing_heading_help(target, anchor, headings)),
                );
            }
        }
    }
    problems
}

/// What a broken `@/` link probably meant, as a link: the closest page of this site (the same id
/// in another section counts), else how such a link is written, with one of this site's places.
fn missing_page_help(target: &str, ids: &[&str], example: Option<&str>) -> Text {
    if let Some(best) = crate::model::closest_id(target, ids) {
        return text!("did you mean `@/{best}.md`?", "是不是想写 `@/{best}.md`？");
    }
    let example = example.unwrap_or("bases/<id>");
    text!(
        "an `@/` link names a content file by its path under `content/`, e.g. `@/{example}.md`",
        "`@/` 链接写的是 `content/` 下内容文件的路径，如 `@/{example}.md`"
    )
}

/// What a link to a missing heading probably meant: the closest heading id, else the page's
/// heading ids when they are few enough to list, else how heading ids are made.
fn missing_heading_help(target: &str, anchor: &str, headings: &[markdown::Heading]) -> Text {
    let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
    if let Some(best) = crate::diag::did_you_mean(anchor, ids.iter().copied()) {
        return text!("did you mean `#{best}`?", "是不是想写 `#{best}`？");
    }
    if ids.is_empty() {
        return text!(
            "`{target}` has no headings: link to the page without `#{anchor}`",
            "`{target}` 没有任何标题：去掉 `#{anchor}`，直接链接到页面"
        );
    }
    if ids.len() <= 10 {
        let listed: Vec<String> = ids.iter().map(|id| format!("`#{id}`")).collect();
        let (en, zh) = (listed.join(", "), listed.join("、"));
        return text!("its headings are {en}", "该页面的标题有 {zh}");
    }
    text!(
        "an anchor is a heading's id: its text with spaces as `-`, or the id set with `{{#id}}`",
        "`#` 后面写标题的 id：即标题文字（空格换成 `-`），或用 `{{#id}}` 指定的 id"
    )
}

#[cfg(test)]
mod tests;

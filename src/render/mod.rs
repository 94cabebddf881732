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
mod pages;
pub mod qr;
pub mod route_diagram;
pub mod search;
pub mod sitemap;
mod taxonomy;
pub mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos};
use crate::load::{StaticFile, ThemeFiles};
use crate::model::{Body, Site};
use markdown::RenderedMarkdown;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A file copied as is (static files, bundle assets).
    Copy(PathBuf),
}

/// The whole built site, by path relative to the output root (`routes/x/index.html`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<PathBuf, OutputFile>,
}

impl Output {
    fn add(&mut self, url_path: &str, bytes: String) {
        self.files
            .insert(output_path(url_path), OutputFile::Bytes(bytes.into_bytes()));
    }
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

/// Renders every page. Errors (broken `@/` links, template errors) come back as diagnostics.
pub fn render_site(site: &Site, theme: &ThemeFiles) -> Result<Output, Vec<Diagnostic>> {
    let tera = compile_templates(theme)?;
    let bodies = render_bodies(site)?;
    let mut pages = pages::page_contexts(site, &bodies);
    // A theme without a search page (a site's own theme) gets no /search/.
    pages.retain(|p| p.template != "search.html" || theme.templates.contains_key("search.html"));

    let rendered: Vec<Result<(String, String), Vec<Diagnostic>>> = pages
        .par_iter()
        .map(|page| {
            tera.render(page.template, &page.context)
                .map(|html| (page.url.clone(), html))
                .map_err(|e| template_diagnostics(&e, theme))
        })
        .collect();
    let mut output = Output::default();
    let mut problems = Vec::new();
    for r in rendered {
        match r {
            Ok((url, html)) => output.add(&url, html),
            Err(ds) => problems.extend(ds),
        }
    }
    if !problems.is_empty() {
        // A template error repeats on every page that uses the template: say it once.
        crate::diag::sort(&mut problems);
        problems.dedup();
        return Err(problems);
    }

    let entries: Vec<sitemap::SitemapEntry> = pages
        .iter()
        .filter(|p| p.in_sitemap)
        .map(|p| sitemap::SitemapEntry {
            path: p.url.clone(),
            lastmod: p.lastmod.clone(),
        })
        .collect();
    output.add(
        "/sitemap.xml",
        sitemap::sitemap_xml(&site.config.base_url, &entries),
    );
    output.add("/robots.txt", sitemap::robots_txt(&site.config.base_url));
    output.add("/atom.xml", feed::atom_feed(site));
    output.add("/places.geojson", geojson::places_geojson(site));
    let docs = search::site_docs(site, &bodies, pages::audience_groups);
    for (url, json) in search::build_index(&docs) {
        output.add(&url, json);
    }
    for route in &site.routes {
        let dir = url_of(&route.id);
        output.add(
            &format!("{dir}route.geojson"),
            geojson::route_geojson(site, route),
        );
        if !route.departures.is_empty() {
            output.add(
                &format!("{dir}route.ics"),
                calendar::route_calendar(site, route),
            );
        }
    }

    for (rel, source) in &theme.static_files {
        let file = match source {
            StaticFile::Disk(path) => OutputFile::Copy(path.clone()),
            StaticFile::Embedded(bytes) => OutputFile::Bytes(bytes.to_vec()),
        };
        output.files.insert(rel.clone(), file);
    }
    let with_assets = site
        .places
        .iter()
        .map(|p| (p.id.as_str(), &p.assets))
        .chain(site.routes.iter().map(|r| (r.id.as_str(), &r.assets)))
        .chain(site.pages.iter().map(|p| (p.id.as_str(), &p.assets)));
    for (id, assets) in with_assets {
        for (source, inside) in assets {
            output
                .files
                .insert(Path::new(id).join(inside), OutputFile::Copy(source.clone()));
        }
    }
    Ok(output)
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
            Diagnostic::error(
                "E050",
                Path::new("templates"),
                Pos::START,
                format!("the theme has no template `{name}`"),
            )
            .with_suggestion(name, theme.templates.keys().map(String::as_str))
            .or_help("add it to the theme's templates/ or the site's templates/")
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
            let message = format!("template: {}", report.message());
            return vec![Diagnostic::error(
                "E050",
                &file_of(report.filename()),
                pos,
                message,
            )];
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
                found.push(Diagnostic::error(
                    "E050",
                    &file_of(name),
                    pos,
                    format!("template: {m}"),
                ));
                message = None;
            }
        }
    }
    if found.is_empty() {
        found.push(Diagnostic::error(
            "E050",
            Path::new("templates"),
            Pos::START,
            format!("template: {text}"),
        ));
    }
    found
}

/// The document id an `@/` path names: `bases/x.md`, `bases/x/index.md` and `bases/x/` are all
/// `bases/x`; `_index.md` is the home page and `routes/_index.md` the routes section.
fn link_target(path: &str) -> &str {
    path.trim_start_matches('/')
        .trim_end_matches(".md")
        .trim_end_matches("/index")
        .trim_end_matches('/')
}

/// Every Markdown body, by document id, with broken `@/` links and anchors reported.
fn render_bodies(site: &Site) -> Result<BTreeMap<String, RenderedMarkdown>, Vec<Diagnostic>> {
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

    let rendered: Vec<(&str, &Path, &Body, RenderedMarkdown)> = sources
        .into_par_iter()
        .map(|(id, file, body)| {
            (
                id,
                file,
                body,
                markdown::render_markdown(&body.markdown, &resolve, ""),
            )
        })
        .collect();
    let headings: BTreeMap<&str, Vec<&str>> = rendered
        .iter()
        .map(|(id, .., md)| (*id, md.headings.iter().map(|h| h.id.as_str()).collect()))
        .collect();

    let mut problems = Vec::new();
    for (_, file, body, md) in &rendered {
        for link in &md.internal_links {
            let pos = body.pos_of(link.span.start);
            let target = link_target(&link.path);
            if !link.resolved {
                problems.push(
                    Diagnostic::error(
                        "E021",
                        file,
                        pos,
                        format!("`@/{}` names no page", link.path),
                    )
                    .with_suggestion(target, known.iter().copied())
                    .or_help("`@/` links name a content file: `@/bases/cq-science-museum.md`"),
                );
                continue;
            }
            let Some(anchor) = &link.anchor else { continue };
            let ids = headings.get(target).map(Vec::as_slice).unwrap_or_default();
            if !ids.contains(&anchor.as_str()) {
                problems.push(
                    Diagnostic::error(
                        "E021",
                        file,
                        pos,
                        format!("`{target}` has no heading `#{anchor}`"),
                    )
                    .with_suggestion(anchor, ids.iter().copied())
                    .or_help(
                        "anchors are heading ids: the heading text with spaces as `-`, or `{#id}`",
                    ),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(rendered
        .into_iter()
        .map(|(id, _, _, md)| (id.to_string(), md))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> ThemeFiles {
        let mut t = ThemeFiles::default();
        for (name, text) in templates {
            t.templates.insert(
                name.to_string(),
                (Path::new("themes/t/templates").join(name), text.to_string()),
            );
        }
        t
    }

    #[test]
    fn template_errors_point_into_the_template_file() {
        let cases = [
            ("{% if %}", "x.html", 1),
            ("a\n{{ <nope /> }}", "x.html", 2),
            ("a\nb\n{{ missing.field }}", "x.html", 3),
        ];
        for (text, file, line) in cases {
            let t = theme(&[("x.html", text)]);
            let err = match tera::Tera::default().add_raw_templates([("x.html", text)]) {
                Err(e) => e,
                Ok(()) => {
                    let mut tera = tera::Tera::default();
                    tera.add_raw_templates([("x.html", text)]).unwrap();
                    tera.render("x.html", &tera::Context::new()).unwrap_err()
                }
            };
            let ds = template_diagnostics(&err, &t);
            assert_eq!(ds.len(), 1, "{ds:?}");
            let d = &ds[0];
            assert_eq!(d.code, "E050");
            assert_eq!(
                d.file,
                Path::new("themes/t/templates").join(file),
                "{text}: {d:?}"
            );
            assert_eq!(d.pos.line, line, "{text}: {d:?}");
            assert!(!d.message.contains("-->"), "{text}: {d:?}");
        }
    }

    #[test]
    fn link_targets_and_output_paths() {
        for path in ["bases/x.md", "bases/x/index.md", "/bases/x/", "bases/x"] {
            assert_eq!(link_target(path), "bases/x", "{path}");
        }
        assert_eq!(link_target("_index.md"), "_index");
        assert_eq!(link_target("routes/_index.md"), "routes/_index");
        assert_eq!(output_path("/"), Path::new("index.html"));
        assert_eq!(output_path("/routes/x/"), Path::new("routes/x/index.html"));
        assert_eq!(output_path("/sitemap.xml"), Path::new("sitemap.xml"));
    }
}

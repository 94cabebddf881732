//! A site kept in memory between builds, for `serve`. After an edit it re-reads only the files
//! that changed, remodels the site only when front matter changed, and re-renders only the
//! output whose inputs changed (`render::RenderMemo`, `pages::Page::fingerprint`). What it
//! can't narrow down — `site.yaml`, a file created, removed or renamed — is a full rebuild. Either
//! way the output is what a full build would write, byte for byte (`tests/e2e/live.rs` applies
//! random edits and compares).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::diag::{self, Diagnostic};
use crate::load::{self, Document, Front, LoadError, ThemeFiles};
use crate::model::{Body, Site};
use crate::render::{self, Bodies, Collect, Output, OutputFile, RenderError, RenderMemo};
use crate::{Build, BuildOptions, model_site};

/// A site in memory, rebuilt edit by edit.
pub struct LiveSite {
    root: PathBuf,
    options: BuildOptions,
    state: Option<State>,
    /// Counts rebuilds, so index files made from an older state are not applied.
    generation: u64,
}

/// What the whole-site indexes (search, route cards) are made from: a snapshot of the site,
/// to build on another thread while edits go on.
pub struct IndexJob {
    generation: u64,
    site: Arc<Site>,
    bodies: Arc<Bodies>,
}

impl IndexJob {
    pub fn run(self) -> IndexFiles {
        IndexFiles {
            generation: self.generation,
            files: render::index_files(&self.site, &self.bodies),
        }
    }
}

/// The index files of one state of the site.
pub struct IndexFiles {
    generation: u64,
    files: Vec<(PathBuf, OutputFile)>,
}

/// Everything the last build read and made.
struct State {
    config: SiteConfig,
    documents: Vec<Document>,
    /// Content file (relative to the root) → index in `documents`.
    by_file: HashMap<PathBuf, usize>,
    theme: ThemeFiles,
    sources: BTreeMap<PathBuf, String>,
    load_problems: Vec<Diagnostic>,
    site: Arc<Site>,
    model_problems: Vec<Diagnostic>,
    render_problems: Vec<Diagnostic>,
    /// What the last good render left; `output` is that render's files.
    memo: RenderMemo,
    output: Output,
    /// Whether the search index and route cards lag behind the pages.
    indexes_stale: bool,
    /// Pages the last rebuild rendered.
    pages_rendered: usize,
}

/// What a set of changed paths asks for.
#[derive(Debug, PartialEq, Eq)]
enum Scope {
    /// Only existing content files changed (relative paths).
    Content(Vec<PathBuf>),
    /// Templates or static files, and maybe content files.
    Theme(Vec<PathBuf>),
    Everything,
}

impl LiveSite {
    pub fn new(root: &Path, options: BuildOptions) -> LiveSite {
        LiveSite {
            root: root.to_path_buf(),
            options,
            state: None,
            generation: 0,
        }
    }

    /// How many pages the last rebuild rendered (all of them after a full rebuild).
    pub fn pages_rendered(&self) -> usize {
        self.state.as_ref().map_or(0, |s| s.pages_rendered)
    }

    /// The output of the last good build.
    pub fn output(&self) -> Option<&Output> {
        self.state.as_ref().map(|s| &s.output)
    }

    /// Rebuilds after `changed` (paths under the root, absolute or relative; None: everything
    /// may have changed). The pages come up to date now; the whole-site indexes may lag until
    /// [`LiveSite::finish_indexes`]. The returned build's `output` is the whole current output
    /// when the build is good, and `sources` holds the files its diagnostics name.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Result<Build, LoadError> {
        self.generation += 1;
        let scope = match (&self.state, changed) {
            (Some(state), Some(paths)) => self.scope(state, paths),
            _ => Scope::Everything,
        };
        match (scope, self.state.take()) {
            (Scope::Content(files), Some(state)) => self.update(state, &files, false),
            (Scope::Theme(files), Some(state)) => self.update(state, &files, true),
            (_, old) => self.full(old),
        }
    }

    /// Brings the search index and the route cards up to date here and now; the new output
    /// when anything changed.
    pub fn finish_indexes(&mut self) -> Option<&Output> {
        let files = self.index_job()?.run();
        self.apply_indexes(files)
    }

    /// The work of bringing the indexes up to date, when they lag behind the pages.
    pub fn index_job(&self) -> Option<IndexJob> {
        let state = self.state.as_ref()?;
        if !state.indexes_stale || state.problems().iter().any(|d| d.is_error()) {
            return None;
        }
        Some(IndexJob {
            generation: self.generation,
            site: Arc::clone(&state.site),
            bodies: Arc::clone(state.memo.bodies()),
        })
    }

    /// Puts index files in the output, unless the site changed since their job was made; the
    /// new output when they were applied.
    pub fn apply_indexes(&mut self, index: IndexFiles) -> Option<&Output> {
        let state = self.state.as_mut()?;
        if index.generation != self.generation {
            return None;
        }
        let now = index.files.iter().map(|(p, _)| p.clone()).collect();
        let removed = state.memo.replace_index_files(now);
        let mut changed = Output::default();
        changed.files.extend(index.files);
        state.apply(changed, &removed);
        state.indexes_stale = false;
        Some(&state.output)
    }

    /// Whether the indexes lag behind the pages.
    pub fn indexes_stale(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.indexes_stale)
    }

    fn scope(&self, state: &State, paths: &[PathBuf]) -> Scope {
        let mut content = Vec::new();
        let mut theme = false;
        for path in paths {
            let rel = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
            let mut parts = rel.iter().filter_map(|p| p.to_str());
            let first = parts.next();
            let in_theme = match first {
                Some("templates" | "static") => true,
                Some("themes") => {
                    parts.next() == Some(state.config.theme.as_str())
                        && matches!(parts.next(), Some("templates" | "static"))
                }
                _ => false,
            };
            if in_theme {
                theme = true;
            } else if first == Some("content")
                && state.by_file.contains_key(&rel)
                // Not through a link: a file that became a link is judged by the loader.
                && std::fs::symlink_metadata(self.root.join(&rel)).is_ok_and(|m| m.is_file())
            {
                content.push(rel);
            } else {
                return Scope::Everything;
            }
        }
        content.sort();
        content.dedup();
        if theme {
            Scope::Theme(content)
        } else {
            Scope::Content(content)
        }
    }

    /// Everything from disk. A failed build keeps the last good output (and the memo that
    /// describes it).
    fn full(&mut self, old: Option<State>) -> Result<Build, LoadError> {
        let loaded = match load::load_site(&self.root) {
            Ok(loaded) => loaded,
            Err(e) => return Build::from_load_error(e),
        };
        let (site, model_problems) = model_site(
            loaded.config.clone(),
            loaded.documents.clone(),
            &self.options,
        );
        let by_file = loaded
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.file.clone(), i))
            .collect();
        let (memo, output) = match old {
            Some(old) => (old.memo, old.output),
            None => Default::default(),
        };
        let mut state = State {
            config: loaded.config,
            documents: loaded.documents,
            by_file,
            theme: loaded.theme,
            sources: loaded.sources,
            load_problems: loaded.diagnostics,
            site: Arc::new(site),
            model_problems,
            render_problems: Vec::new(),
            memo,
            output,
            indexes_stale: false,
            pages_rendered: 0,
        };
        if state.problems().iter().all(|d| !d.is_error()) {
            // A fresh memo: `site.yaml` may have changed, and fingerprints don't cover it.
            let mut memo = RenderMemo::default();
            let collected = Collect::default();
            let result = render::render_pages(&state.site, &state.theme, &mut memo, &collected)
                .and_then(|rendered| {
                    render::render_indexes(&state.site, &mut memo, &collected)
                        .map(|_| rendered.pages)
                });
            match result {
                Ok(pages) => {
                    state.pages_rendered = pages;
                    state.memo = memo;
                    state.output = collected.into_output();
                }
                Err(RenderError::Problems(problems)) => state.render_problems = problems,
                Err(RenderError::Write(e)) => return Err(e.into()),
            }
        }
        let build = state.build();
        self.state = Some(state);
        Ok(build)
    }

    /// Re-reads `files` (and the theme), then re-renders what depends on them.
    fn update(
        &mut self,
        mut state: State,
        files: &[PathBuf],
        theme: bool,
    ) -> Result<Build, LoadError> {
        if theme {
            match load::load_theme(&self.root, &state.config.theme) {
                Ok(t) => state.theme = t,
                // Keep the last good state: the next save may fix the theme.
                Err(e) => {
                    self.state = Some(state);
                    return Err(e);
                }
            }
        }
        let mut remodel = false;
        for file in files {
            match state.reread(&self.root, file) {
                Ok(Reread::Body) => {}
                Ok(Reread::FrontMatter) => remodel = true,
                // The file went away between the event and now: a full rebuild sees it.
                Err(_) => return self.full(Some(state)),
            }
        }
        if remodel {
            let (site, problems) =
                model_site(state.config.clone(), state.documents.clone(), &self.options);
            state.site = Arc::new(site);
            state.model_problems = problems;
        }
        state.render_problems.clear();
        if state.problems().iter().all(|d| !d.is_error()) {
            let collected = Collect::default();
            match render::render_pages(&state.site, &state.theme, &mut state.memo, &collected) {
                Ok(rendered) => {
                    state.pages_rendered = rendered.pages;
                    state.apply(collected.into_output(), &rendered.removed);
                    state.indexes_stale = true;
                }
                Err(RenderError::Problems(problems)) => state.render_problems = problems,
                Err(RenderError::Write(e)) => return Err(e.into()),
            }
        }
        let build = state.build();
        self.state = Some(state);
        Ok(build)
    }
}

/// What re-reading a content file changed.
enum Reread {
    /// Only the Markdown after the front matter: the model stands, with the new body.
    Body,
    FrontMatter,
}

impl State {
    /// Every problem, a draft's as notes (`model::drafts`), so a draft never holds back the
    /// pages that are ready.
    fn problems(&self) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = self
            .load_problems
            .iter()
            .chain(&self.theme.diagnostics)
            .chain(&self.model_problems)
            .chain(&self.render_problems)
            .cloned()
            .collect();
        crate::model::drafts::demote(
            &mut problems,
            &crate::model::drafts::draft_files(&self.documents),
        );
        problems
    }

    /// The build as `serve` reports it.
    fn build(&self) -> Build {
        let mut diagnostics = self.problems();
        diag::sort(&mut diagnostics);
        let sources = diagnostics
            .iter()
            .filter_map(|d| {
                let text = self.sources.get(&d.file).or_else(|| {
                    self.theme
                        .templates
                        .values()
                        .find(|(file, _)| *file == d.file)
                        .map(|(_, text)| text)
                })?;
                Some((d.file.clone(), text.clone()))
            })
            .collect();
        let good = !diagnostics.iter().any(Diagnostic::is_error);
        Build {
            diagnostics,
            sources,
            output: good.then(|| self.output.clone()),
            language: diag::Lang::from_tag(&self.config.language),
        }
    }

    fn apply(&mut self, changed: Output, removed: &[PathBuf]) {
        for path in removed {
            self.output.files.remove(path);
        }
        self.output.files.extend(changed.files);
    }

    /// Reads content file `file` again and puts it in place of its old document.
    fn reread(&mut self, root: &Path, file: &Path) -> std::io::Result<Reread> {
        let Some(&i) = self.by_file.get(file) else {
            return Err(std::io::Error::other("not a known content file"));
        };
        let bytes = fs_err::read(root.join(file))?;
        let old = &self.documents[i];
        let mut problems = Vec::new();
        let (mut doc, text) = load::parse_document(
            old.id.clone(),
            old.kind,
            old.file.clone(),
            bytes,
            &mut problems,
        );
        doc.assets = old.assets.clone();
        let front_of = |text: &str, body: &str| {
            text.len()
                .checked_sub(body.len())
                .map(|n| text[..n].to_string())
        };
        let unbroken = |d: &Document| !matches!(d.front, Front::Broken);
        let same_front = unbroken(old)
            && unbroken(&doc)
            && match (self.sources.get(file), &text) {
                (Some(old_text), Some(new_text)) => {
                    front_of(old_text, &old.body) == front_of(new_text, &doc.body)
                }
                _ => false,
            };
        let body_patched = same_front && patch_body(Arc::make_mut(&mut self.site), &doc);
        self.load_problems.retain(|d| d.file != file);
        self.load_problems.extend(problems);
        match text {
            Some(text) => self.sources.insert(file.to_path_buf(), text),
            None => self.sources.remove(file),
        };
        self.documents[i] = doc;
        Ok(if body_patched {
            Reread::Body
        } else {
            Reread::FrontMatter
        })
    }
}

/// Gives the document's page in `site` the document's body; false when it has no page there.
fn patch_body(site: &mut Site, doc: &Document) -> bool {
    let body = Body {
        markdown: doc.body.clone(),
        source_hash: doc.source_hash,
        line: doc.body_line,
    };
    let id = doc.id.as_str();
    let slot = if let Ok(i) = site.places.binary_search_by(|p| p.id.as_str().cmp(id)) {
        Some(&mut site.places[i].body)
    } else if let Ok(i) = site.routes.binary_search_by(|r| r.id.as_str().cmp(id)) {
        Some(&mut site.routes[i].body)
    } else if let Some(p) = site.pages.iter_mut().find(|p| p.id == id) {
        Some(&mut p.body)
    } else if let Some(h) = site.home.as_mut().filter(|h| h.id == id) {
        Some(&mut h.body)
    } else {
        site.intros
            .values_mut()
            .find(|p| p.id == id)
            .map(|p| &mut p.body)
    };
    match slot {
        Some(slot) => {
            *slot = body;
            true
        }
        None => false,
    }
}

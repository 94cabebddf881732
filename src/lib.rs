//! yanxue (研学) turns Markdown + YAML about science-education bases, scenic spots and study
//! routes into a static website. The build is a pipeline of plain values, read top to bottom in
//! [`build_site`]: `load` → `model` → `validate` → `render` → `write`; `serve` and `cli` sit on top.

/// Prints a line of the tool's own to stderr in `lang` (a [`diag::Lang`]), with control
/// characters in the paths and values it names escaped (a file name must not be able to rewrite
/// the terminal). Written in both languages where it is said, like a diagnostic:
/// `say!(lang, "built {n} files", "已生成 {n} 个文件")`, or `say!(lang, text)` for a
/// [`diag::Text`] made elsewhere (an error's `text()`).
///
/// `say!("{line}")` prints a line that is already in the chosen language (a line of a
/// [`diag::Text`] picked with `get(lang)`); anything said in words is written in both.
macro_rules! say {
    ($fmt:literal $($arg:tt)*) => {
        eprintln!("{}", $crate::diag::shown(&format!($fmt $($arg)*)))
    };
    ($lang:expr, $en:literal, $zh:literal $($arg:tt)*) => {
        say!($lang, $crate::text!($en, $zh $($arg)*))
    };
    ($lang:expr, $text:expr $(,)?) => {
        eprintln!("{}", $crate::diag::shown(($text).get($lang)))
    };
}

/// `error: …` / `错误：…`: a line of the tool's own about `message`, in each language.
pub(crate) fn error_line(message: &diag::Text) -> diag::Text {
    diag::Text::new(
        format!("error: {}", message.en()),
        format!("错误：{}", message.zh()),
    )
}

pub mod cli;
pub mod config;
pub mod diag;
pub mod live;
pub mod load;
pub mod model;
pub mod photos;
pub mod render;
pub mod serve;
pub mod slug;
pub mod validate;
pub mod write;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use diag::Diagnostic;
use render::Output;

/// What a build needs besides the site itself.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Overrides `site.yaml` `base_url` (e.g. for a preview deployment).
    pub base_url: Option<String>,
    /// The date staleness is judged against; never affects the output.
    pub today: jiff::civil::Date,
    /// Whether drafts are built (`serve`, to preview them) or left out (`build`, `check`); see
    /// `model::drafts`.
    pub drafts: bool,
}

/// The result of running the pipeline over a site.
#[derive(Debug)]
pub struct Build {
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of each content file, for showing diagnostics with their source line.
    pub sources: BTreeMap<PathBuf, String>,
    /// The rendered site, when it was rendered into memory; None when there were errors.
    pub output: Option<Output>,
    /// The language of the site's `language`, when it is one the tool speaks: the tool's own
    /// messages are in it unless `--lang` or the locale says otherwise.
    pub language: Option<diag::Lang>,
}

impl Build {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The build of a site whose `site.yaml` can't be used: a failed build like any other
    /// (located diagnostics, exit 1, the preview's overlay). Only a site that can't be read at all
    /// stays an environment error.
    pub fn from_load_error(err: load::LoadError) -> Result<Build, load::LoadError> {
        match err {
            load::LoadError::BadConfig(diagnostics, text) => {
                // The site's language still picks how its problems are told, when it can be read.
                let language = config::language_in(&text);
                let mut sources = BTreeMap::new();
                // Not text (not UTF-8): no source line to show.
                if !text.is_empty() {
                    sources.insert(PathBuf::from(config::CONFIG_FILE), text);
                }
                Ok(Build {
                    diagnostics,
                    sources,
                    output: None,
                    language,
                })
            }
            other => Err(other),
        }
    }
}

/// Loads, models, validates and renders the site at `root`, all in memory.
pub fn build_site(root: &Path, options: &BuildOptions) -> Result<Build, load::LoadError> {
    let collected = render::Collect::default();
    let mut build = build_site_into(root, options, &collected)?;
    if !build.has_errors() {
        build.output = Some(collected.into_output());
    }
    Ok(build)
}

/// Loads, models and validates the site at `root` and, when nothing is wrong, renders it into
/// `sink` file by file (the output is not kept).
pub fn build_site_into(
    root: &Path,
    options: &BuildOptions,
    sink: &dyn render::Sink,
) -> Result<Build, load::LoadError> {
    let loaded = match load::load_site(root) {
        Ok(loaded) => loaded,
        Err(e) => return Build::from_load_error(e),
    };
    let language = diag::Lang::from_tag(&loaded.config.language);
    let drafts = model::drafts::draft_files(&loaded.documents);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(loaded.theme.diagnostics.iter().cloned());
    let (site, model_problems) = model_site(loaded.config, loaded.documents, options);
    diagnostics.extend(model_problems);
    // A draft's problems are notes: they must not stop the pages that are ready.
    model::drafts::demote(&mut diagnostics, &drafts);
    if !diagnostics.iter().any(Diagnostic::is_error) {
        match render::render_site(&site, &loaded.theme, sink) {
            Ok(_) => {}
            Err(render::RenderError::Problems(problems)) => {
                diagnostics.extend(problems);
                model::drafts::demote(&mut diagnostics, &drafts);
            }
            Err(render::RenderError::Write(e)) => return Err(e.into()),
        }
    }
    diag::sort(&mut diagnostics);
    let mut sources = loaded.sources;
    sources.extend(loaded.theme.templates.into_values());
    Ok(Build {
        diagnostics,
        sources,
        output: None,
        language,
    })
}

/// The typed, checked site: `model` then `validate`, with their problems. Drafts are modeled
/// and validated too (their problems are what they still lack), then left out unless
/// `options.drafts`.
fn model_site(
    mut config: config::SiteConfig,
    documents: Vec<load::Document>,
    options: &BuildOptions,
) -> (model::Site, Vec<Diagnostic>) {
    if let Some(url) = &options.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let (mut site, mut problems) = model::build_site(config, documents);
    problems.extend(validate::check_site(&site, options.today));
    if !options.drafts {
        problems.extend(site.leave_out_drafts());
    }
    (site, problems)
}

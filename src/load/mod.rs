//! Reads a project from disk: `site.yaml`, every file under `content/`, the theme's and the site's
//! templates and static files. It splits front matter from Markdown and parses the front matter into
//! raw structs, and it never stops at the first bad file: each problem becomes a diagnostic and the
//! file still registers its id, so references to it don't cascade into "unknown place" errors.
//! Nothing outside the site is read: folders are walked by [`walk`], which follows a link only
//! while it stays inside the site (or, for a theme, inside that theme's folder).

#[cfg(test)]
mod doc_examples;
mod document;
#[cfg(test)]
mod fields;
pub mod placeholder;
pub mod raw;
pub mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::diag::{Diagnostic, Lang, Pos, Text, codes};
use crate::text;

use document::normalize;
pub use document::{MAX_FILE_BYTES, classify, is_valid_id, parse_document};
pub use raw::{RawPlace, RawRoute, RawText};

/// Content sections, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Bases,
    Spots,
    Routes,
    Pages,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Bases,
        Section::Spots,
        Section::Routes,
        Section::Pages,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            Section::Bases => "bases",
            Section::Spots => "spots",
            Section::Routes => "routes",
            Section::Pages => "pages",
        }
    }

    fn from_dir(dir: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.dir() == dir)
    }
}

/// Which kind of file a content document is, decided by where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// `content/_index.md`
    Home,
    /// `content/<section>/_index.md`
    SectionIntro(Section),
    /// `content/<section>/<id>.md` or `content/<section>/<id>/index.md`
    Entry(Section),
}

/// The parsed front matter of a document.
#[derive(Debug, Clone)]
pub enum Front {
    Place(Box<RawPlace>),
    Route(Box<RawRoute>),
    Text(RawText),
    /// The front matter did not parse; the id is still registered.
    Broken,
}

/// One Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct Document {
    /// `bases/cq-science-museum`; `_index` for the home page, `<section>/_index` for intros.
    pub id: String,
    pub kind: DocKind,
    /// Relative to the site root: `content/bases/cq-science-museum.md`.
    pub file: PathBuf,
    pub front: Front,
    /// The Markdown after the closing `---`.
    pub body: String,
    /// The file line `body` starts on (for positions of body diagnostics).
    pub body_line: usize,
    /// A hash of the file's bytes (see `model::Body::source_hash`).
    pub source_hash: u64,
    /// Files beside a bundle's `index.md`: (source path, path relative to the page's directory).
    pub assets: Vec<(PathBuf, PathBuf)>,
    /// Where `draft: true` is written, when the page is a draft (see `model::drafts`).
    pub draft: Option<Pos>,
}

/// Templates and static files of the theme, with the site's own overriding by name.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// Template name (`route.html`) → (file shown in errors, text).
    pub templates: BTreeMap<String, (PathBuf, String)>,
    /// Output path relative to the output root → where its bytes come from.
    pub static_files: BTreeMap<PathBuf, StaticFile>,
    /// Files of the theme and the site's `templates/` and `static/` that were left out (links
    /// out of the theme or the site, named pipes), as warnings.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticFile {
    /// A file on disk, copied as is.
    Disk(PathBuf),
    /// A file of the default theme built into the binary.
    Embedded(&'static [u8]),
}

/// The default theme, built into the binary so that any site of this format builds without
/// carrying a copy of it; a site's own `themes/default/` takes precedence.
mod embedded {
    macro_rules! theme_files {
        ($($name:literal),* $(,)?) => {
            &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
        };
    }
    pub const TEMPLATES: &[(&str, &str)] = theme_files!(
        "404.html",
        "base.html",
        "components.html",
        "index.html",
        "page.html",
        "place.html",
        "route.html",
        "search.html",
        "section.html",
        "taxonomy.html",
        "term.html",
    );
    pub const STATIC: &[(&str, &[u8])] = &[
        (
            "calendar.js",
            include_bytes!("../../themes/default/static/calendar.js"),
        ),
        (
            "filters.js",
            include_bytes!("../../themes/default/static/filters.js"),
        ),
        (
            "icon.svg",
            include_bytes!("../../themes/default/static/icon.svg"),
        ),
        (
            "offline.js",
            include_bytes!("../../themes/default/static/offline.js"),
        ),
        (
            "planner.js",
            include_bytes!("../../themes/default/static/planner.js"),
        ),
        (
            "search.js",
            include_bytes!("../../themes/default/static/search.js"),
        ),
        (
            "site.js",
            include_bytes!("../../themes/default/static/site.js"),
        ),
        (
            "style.css",
            include_bytes!("../../themes/default/static/style.css"),
        ),
        ("sw.js", include_bytes!("../../themes/default/static/sw.js")),
    ];
}

/// Everything read from disk.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub documents: Vec<Document>,
    pub theme: ThemeFiles,
    /// The text of every content file and `site.yaml`, by relative path, for rich diagnostics.
    pub sources: BTreeMap<PathBuf, String>,
    /// Problems in site.yaml and content (the theme's are in `theme.diagnostics`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Problems that stop a run before content can be judged: the site itself can't be read.
/// Shown with [`LoadError::text`] in the chosen language; `Display` is its English.
#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    NoConfig(PathBuf),
    /// `site.yaml` is a named pipe, a folder, …: never opened, as a pipe would block the read.
    NotAFile {
        path: PathBuf,
        kind: &'static str,
    },
    /// `site.yaml` or a theme's folder is a link to somewhere outside the site.
    Outside {
        link: PathBuf,
        target: PathBuf,
    },
    NoTheme {
        name: String,
        dir: PathBuf,
    },
    /// A theme name that is not a plain folder name (`site.yaml` reports it as E017 first).
    ThemeName(String),
    BadConfig(Vec<Diagnostic>, String),
}

impl From<std::io::Error> for LoadError {
    fn from(e: std::io::Error) -> Self {
        LoadError::Io(e)
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // The error's own words, without the Chinese prefix's English twin.
            LoadError::Io(e) => e.fmt(f),
            other => f.write_str(other.text().en()),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl LoadError {
    /// The message in both languages, for the terminal and the preview's overlay (`Display`
    /// stays English, for logs). An I/O error's own words come from the system.
    pub fn text(&self) -> Text {
        match self {
            LoadError::Io(e) => text!("{e}", "读写文件出错：{e}"),
            LoadError::NoConfig(dir) => {
                let dir = dir.display();
                text!(
                    "no `site.yaml` in {dir} (is --root the site's directory?)",
                    "{dir} 里没有 `site.yaml`（--root 是网站的目录吗？）"
                )
            }
            LoadError::NotAFile { path, kind } => {
                let (path, kind_zh) = (path.display(), walk::kind_of_zh(kind));
                text!(
                    "{path} is not a regular file (it is {kind})",
                    "{path} 不是普通文件（它是{kind_zh}）"
                )
            }
            LoadError::Outside { link, target } => {
                let (link, target) = (link.display(), target.display());
                text!(
                    "{link} is a link to {target}, outside the site's folder: it is not read (copy it into the site instead of linking to it)",
                    "{link} 是指向网站文件夹之外 {target} 的链接，不会读取（请把它复制到网站里，不要用链接）"
                )
            }
            LoadError::NoTheme { name, dir } => {
                let dir = dir.display();
                text!(
                    "theme `{name}` not found: no directory {dir}",
                    "找不到主题 `{name}`：没有文件夹 {dir}"
                )
            }
            LoadError::ThemeName(name) => text!(
                "theme `{name}` is not a folder name under themes/",
                "主题 `{name}` 不是 themes/ 下的文件夹名"
            ),
            LoadError::BadConfig(problems, _) => {
                let n = problems.len();
                text!("{n} problem(s) in site.yaml", "site.yaml 中有 {n} 处问题")
            }
        }
    }
}

/// Reads the site at `root`.
pub fn load_site(root: &Path) -> Result<Loaded, LoadError> {
    let config_path = root.join(config::CONFIG_FILE);
    let site = match std::fs::canonicalize(root) {
        Ok(site) => site,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(LoadError::NoConfig(root.to_path_buf()));
        }
        Err(e) => return Err(with_path(root, e).into()),
    };
    check_config_file(&config_path, &site)?;
    let config_text = normalize(fs_err::read(&config_path)?).map_err(|d| {
        LoadError::BadConfig(vec![d.at(Path::new(config::CONFIG_FILE))], String::new())
    })?;
    let config = config::parse_config(&config_text, Path::new(config::CONFIG_FILE))
        .map_err(|ds| LoadError::BadConfig(ds, config_text.clone()))?;
    let theme = load_theme(root, &config.theme)?;

    // All of `site.yaml` is YAML: no line of it is Markdown.
    let mut diagnostics =
        placeholder::placeholders(Path::new(config::CONFIG_FILE), &config_text, usize::MAX);
    let mut sources = BTreeMap::new();
    sources.insert(PathBuf::from(config::CONFIG_FILE), config_text);
    let mut documents = Vec::new();
    read_content(
        root,
        &walk::Fence::site(&site),
        &mut documents,
        &mut sources,
        &mut diagnostics,
    )?;
    Ok(Loaded {
        root: root.to_path_buf(),
        config,
        documents,
        theme,
        sources,
        diagnostics,
    })
}

/// The language of the tool's own messages that the site at `root` names in `site.yaml`, read
/// before the site is loaded (with the same care: a `site.yaml` that is a link out of the site
/// or a named pipe is not opened), so the lines a run prints before loading are in the language
/// of the rest. None when there is no readable `site.yaml` or it names neither language.
pub fn site_language(root: &Path) -> Option<Lang> {
    let site = std::fs::canonicalize(root).ok()?;
    let path = root.join(config::CONFIG_FILE);
    check_config_file(&path, &site).ok()?;
    let text = normalize(fs_err::read(&path).ok()?).ok()?;
    config::language_in(&text)
}

/// Every file and folder a site at `root` is read from, whether or not it exists yet: what a
/// build must never write into.
pub fn source_paths(root: &Path) -> Vec<PathBuf> {
    [
        config::CONFIG_FILE,
        "content",
        "themes",
        "templates",
        "static",
    ]
    .iter()
    .map(|name| root.join(name))
    .collect()
}

/// `e`, saying which path it is about.
fn with_path(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// `site.yaml` must be a regular file inside the site (`site` is the canonical root). Its type
/// is looked at before it is opened: opening a named pipe would wait for a writer forever.
fn check_config_file(path: &Path, site: &Path) -> Result<(), LoadError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(LoadError::NoConfig(
                path.parent().unwrap_or(path).to_path_buf(),
            ));
        }
        Err(e) => return Err(with_path(path, e).into()),
    };
    let file_type = if meta.is_symlink() {
        let target = fs_err::canonicalize(path)?;
        if !walk::is_inside(&target, site) {
            return Err(LoadError::Outside {
                link: path.to_path_buf(),
                target,
            });
        }
        fs_err::metadata(&target)?.file_type()
    } else {
        meta.file_type()
    };
    if file_type.is_file() {
        Ok(())
    } else {
        Err(LoadError::NotAFile {
            path: path.to_path_buf(),
            kind: walk::kind_of(file_type),
        })
    }
}

/// Reads every file under `content/`: Markdown files become documents (each id once), other
/// files become assets of the page bundle that holds them.
fn read_content(
    root: &Path,
    fence: &walk::Fence,
    documents: &mut Vec<Document>,
    sources: &mut BTreeMap<PathBuf, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), LoadError> {
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    for found in walk::files_under(root, &root.join("content"), fence, diagnostics)? {
        if found.rel.extension().is_some_and(|e| e == "md") {
            markdown.push(found);
        } else {
            others.push(found);
        }
    }
    let to_parse = claim_ids(markdown, diagnostics);
    // Reading and parsing front matter into typed structs is most of loading, and files are
    // independent.
    let parsed: Vec<(Document, Option<String>, Vec<Diagnostic>)> = to_parse
        .into_par_iter()
        .map(|(id, kind, file, source)| {
            let bytes = fs_err::read(&source)?;
            let mut problems = Vec::new();
            let (document, text) = parse_document(id, kind, file, bytes, &mut problems);
            Ok((document, text, problems))
        })
        .collect::<std::io::Result<_>>()?;
    for (document, text, problems) in parsed {
        diagnostics.extend(problems);
        if let Some(text) = text {
            sources.insert(document.file.clone(), text);
        }
        documents.push(document);
    }
    attach_assets(others, documents, diagnostics);
    Ok(())
}

/// Places each Markdown file and gives it its id; a second file with an id already taken is
/// reported and left out. Returns (id, kind, file, source) of each file to parse.
fn claim_ids(
    markdown: Vec<walk::Found>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, DocKind, PathBuf, PathBuf)> {
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut to_parse = Vec::new();
    for walk::Found { rel, file, source } in markdown {
        let Some((id, kind)) = classify(&rel, &file, diagnostics) else {
            continue;
        };
        if let Some(first) = ids.get(&id) {
            diagnostics.push(
                Diagnostic::new(
                    codes::DUPLICATE_ID,
                    &file,
                    Pos::START,
                    text!(
                        "duplicate id `{id}`: {} has it already",
                        "id `{id}` 重复了：{} 已经用了这个 id",
                        first.display()
                    ),
                )
                .with_help(text!(
                    "a page is either `<id>.md` or `<id>/index.md`, not both: remove or rename one",
                    "一个页面要么是 `<id>.md`，要么是 `<id>/index.md`，不能两个都有：请删除或改名其中一个"
                )),
            );
            continue;
        }
        ids.insert(id.clone(), file.clone());
        to_parse.push((id, kind, file, source));
    }
    to_parse
}

/// Non-Markdown files belong to the page bundle whose directory holds them.
fn attach_assets(
    others: Vec<walk::Found>,
    documents: &mut [Document],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let bundles: BTreeMap<PathBuf, usize> = documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.file.ends_with("index.md"))
        .map(|(i, d)| (d.file.clone(), i))
        .collect();
    for walk::Found { rel, file, source } in others {
        let owner = rel
            .ancestors()
            .skip(1)
            .filter(|dir| !dir.as_os_str().is_empty())
            .find_map(|dir| {
                let index = Path::new("content").join(dir).join("index.md");
                bundles.get(&index).copied().map(|i| (i, dir.to_path_buf()))
            });
        match owner {
            Some((i, dir)) => {
                let inside = rel.strip_prefix(&dir).unwrap_or(&rel).to_path_buf();
                documents[i].assets.push((source, inside));
            }
            None => diagnostics.push(
                Diagnostic::new(
                    codes::STRAY_FILE,
                    &file,
                    Pos::START,
                    text!("this file belongs to no page", "这个文件不属于任何页面"),
                )
                .with_help(text!(
                    "put images beside a page bundle's index.md (content/<section>/<id>/index.md), or site-wide files in static/",
                    "图片请放在页面包的 index.md 旁边（content/<栏目>/<id>/index.md），全站共用的文件放在 static/ 中"
                )),
            ),
        }
    }
}

/// The templates and static files of theme `name` (a folder under `themes/`, or the built-in
/// default theme), with the site's own `templates/` and `static/` over them. Files left out
/// for safety are warnings in the returned [`ThemeFiles::diagnostics`].
pub fn load_theme(root: &Path, name: &str) -> Result<ThemeFiles, LoadError> {
    if !config::is_theme_name(name) {
        return Err(LoadError::ThemeName(name.to_string()));
    }
    let site = fs_err::canonicalize(root)?;
    let theme_dir = root.join("themes").join(name);
    let mut theme = ThemeFiles::default();
    let mut diagnostics = Vec::new();
    match std::fs::canonicalize(&theme_dir) {
        Ok(dir) if !walk::is_inside(&dir, &site) => {
            // Without its theme the site can't be built as meant: an error, not a warning.
            return Err(LoadError::Outside {
                link: theme_dir,
                target: dir,
            });
        }
        Ok(dir) if dir.is_dir() => {
            let fence = walk::Fence::theme(&dir, name);
            let templates =
                walk::files_under(root, &theme_dir.join("templates"), &fence, &mut diagnostics)?;
            for found in templates {
                add_template(&mut theme, &found)?;
            }
            let statics =
                walk::files_under(root, &theme_dir.join("static"), &fence, &mut diagnostics)?;
            for found in statics {
                theme
                    .static_files
                    .insert(found.rel, StaticFile::Disk(found.source));
            }
        }
        _ if name == "default" => {
            let dir = Path::new("themes/default/templates");
            for (file, text) in embedded::TEMPLATES {
                theme
                    .templates
                    .insert(file.to_string(), (dir.join(file), text.to_string()));
            }
            for (file, bytes) in embedded::STATIC {
                theme
                    .static_files
                    .insert(PathBuf::from(file), StaticFile::Embedded(bytes));
            }
        }
        _ => {
            return Err(LoadError::NoTheme {
                name: name.to_string(),
                dir: theme_dir,
            });
        }
    }
    // The site's own files win over the theme's of the same name.
    let fence = walk::Fence::site(&site);
    for found in walk::files_under(root, &root.join("templates"), &fence, &mut diagnostics)? {
        add_template(&mut theme, &found)?;
    }
    for found in walk::files_under(root, &root.join("static"), &fence, &mut diagnostics)? {
        theme
            .static_files
            .insert(found.rel, StaticFile::Disk(found.source));
    }
    theme.diagnostics = diagnostics;
    Ok(theme)
}

fn add_template(theme: &mut ThemeFiles, found: &walk::Found) -> Result<(), LoadError> {
    let text = normalize(fs_err::read(&found.source)?)
        .map_err(|e| std::io::Error::other(format!("{}: {}", found.file.display(), e.0)))?;
    let name = found.rel.to_string_lossy().replace('\\', "/");
    theme.templates.insert(name, (found.file.clone(), text));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_is_the_whole_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let names = |sub: &str| -> Vec<String> {
            let mut ds = Vec::new();
            let fence = walk::Fence::theme(&dir.canonicalize().unwrap(), "default");
            let found = walk::files_under(&dir, &dir.join(sub), &fence, &mut ds).unwrap();
            assert!(ds.is_empty(), "{ds:?}");
            found
                .into_iter()
                .map(|f| f.rel.to_string_lossy().into_owned())
                .collect()
        };
        let built_in: Vec<&str> = embedded::TEMPLATES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names("templates"), built_in);
        assert_eq!(
            names("static"),
            embedded::STATIC.iter().map(|(n, _)| *n).collect::<Vec<_>>()
        );
    }

    #[test]
    fn load_errors_are_told_in_both_languages() {
        let errors = [
            LoadError::Io(std::io::Error::other("disk on fire")),
            LoadError::NoConfig(PathBuf::from("site")),
            LoadError::NotAFile {
                path: PathBuf::from("site.yaml"),
                kind: "a named pipe",
            },
            LoadError::Outside {
                link: PathBuf::from("static"),
                target: PathBuf::from("/etc"),
            },
            LoadError::NoTheme {
                name: "x".into(),
                dir: PathBuf::from("themes/x"),
            },
            LoadError::ThemeName("../x".into()),
            LoadError::BadConfig(vec![], String::new()),
        ];
        for e in &errors {
            let text = e.text();
            assert_eq!(e.to_string(), text.en(), "Display is the English");
            assert!(
                text.zh()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{e:?} has no Chinese: {}",
                text.zh()
            );
        }
        assert_eq!(
            errors[2].text().zh(),
            "site.yaml 不是普通文件（它是命名管道）"
        );
        assert_eq!(
            errors[1].text().zh(),
            "site 里没有 `site.yaml`（--root 是网站的目录吗？）"
        );
    }

    #[test]
    fn site_yaml_and_the_theme_folder_must_be_inside_the_site() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        let config = r#"title: t
base_url: https://x.org
theme: t
"#;
        std::fs::write(outside.path().join("site.yaml"), config).unwrap();
        symlink(outside.path().join("site.yaml"), root.join("site.yaml")).unwrap();
        assert!(matches!(load_site(root), Err(LoadError::Outside { .. })));

        // A link inside the site is read.
        std::fs::remove_file(root.join("site.yaml")).unwrap();
        std::fs::write(root.join("config.yaml"), config).unwrap();
        symlink("config.yaml", root.join("site.yaml")).unwrap();
        std::fs::create_dir(root.join("themes")).unwrap();
        symlink(outside.path(), root.join("themes/t")).unwrap();
        match load_site(root) {
            Err(LoadError::Outside { link, target }) => {
                assert_eq!(link, root.join("themes/t"));
                assert_eq!(target, outside.path().canonicalize().unwrap());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            load_theme(root, "../t"),
            Err(LoadError::ThemeName(_))
        ));

        std::fs::remove_file(root.join("site.yaml")).unwrap();
        std::fs::create_dir(root.join("site.yaml")).unwrap();
        match load_site(root) {
            Err(e @ LoadError::NotAFile { .. }) => {
                assert!(
                    e.to_string()
                        .ends_with("site.yaml is not a regular file (it is a folder)")
                )
            }
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir(root.join("site.yaml")).unwrap();
        assert!(matches!(load_site(root), Err(LoadError::NoConfig(_))));
    }
}

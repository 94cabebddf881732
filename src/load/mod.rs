//! Reads a project from disk: `site.yaml`, every file under `content/`, the theme's and the site's
//! templates and static files. It splits front matter from Markdown and parses the front matter into
//! raw structs, and it never stops at the first bad file: each problem becomes a diagnostic and the
//! file still registers its id, so references to it don't cascade into "unknown place" errors.

pub mod raw;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::{self, SiteConfig};
use crate::diag::{Diagnostic, Pos};
use crate::yaml;

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
}

/// Templates and static files of the theme, with the site's own overriding by name.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// Template name (`route.html`) → (file shown in errors, text).
    pub templates: BTreeMap<String, (PathBuf, String)>,
    /// Output path relative to the output root → where its bytes come from.
    pub static_files: BTreeMap<PathBuf, StaticFile>,
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
            "search.js",
            include_bytes!("../../themes/default/static/search.js"),
        ),
        (
            "style.css",
            include_bytes!("../../themes/default/static/style.css"),
        ),
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
    pub diagnostics: Vec<Diagnostic>,
}

/// Problems that stop a run before content can be judged: the site itself can't be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("no `site.yaml` in {0} (is --root the site's directory?)")]
    NoConfig(PathBuf),
    #[error("theme `{name}` not found: no directory {dir}")]
    NoTheme { name: String, dir: PathBuf },
    #[error("{} problem(s) in site.yaml", .0.len())]
    BadConfig(Vec<Diagnostic>, String),
}

/// Reads the site at `root`.
pub fn load_site(root: &Path) -> Result<Loaded, LoadError> {
    let config_path = root.join(config::CONFIG_FILE);
    if !config_path.is_file() {
        return Err(LoadError::NoConfig(root.to_path_buf()));
    }
    let config_text = normalize(fs_err::read(&config_path)?).map_err(|d| {
        LoadError::BadConfig(vec![d.at(Path::new(config::CONFIG_FILE))], String::new())
    })?;
    let config = config::parse_config(&config_text, Path::new(config::CONFIG_FILE))
        .map_err(|ds| LoadError::BadConfig(ds, config_text.clone()))?;
    let theme = load_theme(root, &config.theme)?;

    let mut sources = BTreeMap::new();
    sources.insert(PathBuf::from(config::CONFIG_FILE), config_text);
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    let content = root.join("content");
    if content.is_dir() {
        read_content(
            root,
            &content,
            &mut documents,
            &mut sources,
            &mut diagnostics,
        )?;
    }
    Ok(Loaded {
        root: root.to_path_buf(),
        config,
        documents,
        theme,
        sources,
        diagnostics,
    })
}

/// A file that is not valid text, found before it could be located more precisely.
#[derive(Debug)]
struct NotText(String);

impl NotText {
    fn at(self, file: &Path) -> Diagnostic {
        Diagnostic::error("E006", file, Pos::START, self.0)
            .with_help("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)")
    }
}

/// Bytes → text with LF line endings, no BOM, in Unicode NFC (so a term typed two ways is one
/// term; see `slug::nfc`). CRLF → LF keeps every line and column.
fn normalize(bytes: Vec<u8>) -> Result<String, NotText> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(NotText("the file is UTF-16, not UTF-8".into()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        NotText(format!(
            "the file is not UTF-8 (invalid byte at offset {}; GBK?)",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    Ok(crate::slug::into_nfc(text))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn read_content(
    root: &Path,
    content: &Path,
    documents: &mut Vec<Document>,
    sources: &mut BTreeMap<PathBuf, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), LoadError> {
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let walk = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().map(Path::to_path_buf).unwrap_or_default();
            std::io::Error::other(format!("reading {}: {e}", path.display()))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content)
            .unwrap_or(entry.path())
            .to_path_buf();
        if rel.extension().is_some_and(|e| e == "md") {
            markdown.push(rel);
        } else {
            others.push(rel);
        }
    }

    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut to_parse = Vec::new();
    for rel in markdown {
        let file = Path::new("content").join(&rel);
        let Some((id, kind)) = classify(&rel, &file, diagnostics) else {
            continue;
        };
        if let Some(first) = ids.get(&id) {
            diagnostics.push(
                Diagnostic::error(
                    "E008",
                    &file,
                    Pos::START,
                    format!("duplicate id `{id}`: {} has it already", first.display()),
                )
                .with_help(
                    "a page is either `<id>.md` or `<id>/index.md`, not both: remove or rename one",
                ),
            );
            continue;
        }
        ids.insert(id.clone(), file.clone());
        to_parse.push((id, kind, file));
    }
    // Reading and parsing front matter into typed structs is most of loading, and files are
    // independent.
    let parsed: Vec<(Document, Option<String>, Vec<Diagnostic>)> = to_parse
        .into_par_iter()
        .map(|(id, kind, file)| {
            let bytes = fs_err::read(root.join(&file))?;
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

    // Non-Markdown files belong to the page bundle whose directory holds them.
    let bundles: BTreeMap<PathBuf, usize> = documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.file.ends_with("index.md"))
        .map(|(i, d)| (d.file.clone(), i))
        .collect();
    for rel in others {
        let file = Path::new("content").join(&rel);
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
                documents[i].assets.push((root.join(&file), inside));
            }
            None => diagnostics.push(
                Diagnostic::error("E009", &file, Pos::START, "this file belongs to no page")
                    .with_help("put images beside a page bundle's index.md (content/<section>/<id>/index.md), or site-wide files in static/"),
            ),
        }
    }
    Ok(())
}

/// Larger content files are refused: a Markdown page this big is a pasted image or a data dump,
/// and reading it would only slow every build and preview.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Parses the bytes of one content file, already placed by [`classify`]. Problems go to
/// `diagnostics`; the document is always returned (as `Front::Broken` when its front matter
/// can't be read) so its id stays known. Also returns the file's text, when it is text.
pub fn parse_document(
    id: String,
    kind: DocKind,
    file: PathBuf,
    bytes: Vec<u8>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Document, Option<String>) {
    let source_hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        bytes.hash(&mut h);
        h.finish()
    };
    let broken = |id, file| Document {
        id,
        kind,
        file,
        front: Front::Broken,
        body: String::new(),
        body_line: 1,
        source_hash,
        assets: Vec::new(),
    };
    if bytes.len() > MAX_FILE_BYTES {
        diagnostics.push(
            Diagnostic::error(
                "E016",
                &file,
                Pos::START,
                format!(
                    "the file is {:.1} MB; content files may be at most 2 MB",
                    bytes.len() as f64 / 1_048_576.0
                ),
            )
            .with_help(
                "put images and data beside the page (a page bundle) instead of inside the text",
            ),
        );
        return (broken(id, file), None);
    }
    let text = match normalize(bytes) {
        Ok(text) => text,
        Err(e) => {
            diagnostics.push(e.at(&file));
            return (broken(id, file), None);
        }
    };
    let (front, body, body_line) = match split_front_matter(&text) {
        Ok((yaml, body_offset)) => {
            let front = parse_front(kind, yaml, &file).unwrap_or_else(|d| {
                diagnostics.push(d);
                Front::Broken
            });
            let body = text.get(body_offset..).unwrap_or_default().to_string();
            (front, body, Pos::of_offset(&text, body_offset).line)
        }
        Err(d) => {
            diagnostics.push(d.at(&file));
            (Front::Broken, String::new(), 1)
        }
    };
    let document = Document {
        id,
        kind,
        file,
        front,
        body,
        body_line,
        source_hash,
        assets: Vec::new(),
    };
    (document, Some(text))
}

/// The id and kind of a Markdown file from its path under `content/`.
pub fn classify(
    rel: &Path,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, DocKind)> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    if parts.len() != rel.iter().count() {
        diagnostics.push(Diagnostic::error(
            "E007",
            file,
            Pos::START,
            "the file name is not valid Unicode",
        ));
        return None;
    }
    let unknown_section = |dir: &str| {
        Diagnostic::error(
            "E009",
            file,
            Pos::START,
            format!("`{dir}` is not a content section"),
        )
        .with_suggestion(dir, Section::ALL.iter().map(|s| s.dir()))
        .or_help("content lives in bases/, spots/, routes/ or pages/")
    };
    let (section, stem) = match parts.as_slice() {
        ["_index.md"] => return Some(("_index".to_string(), DocKind::Home)),
        [dir, "_index.md"] => {
            return match Section::from_dir(dir) {
                Some(s) => Some((format!("{dir}/_index"), DocKind::SectionIntro(s))),
                None => {
                    diagnostics.push(unknown_section(dir));
                    None
                }
            };
        }
        [dir, name] => (*dir, name.strip_suffix(".md").unwrap_or(name)),
        [dir, name, "index.md"] => (*dir, *name),
        _ => {
            diagnostics.push(
                Diagnostic::error(
                    "E009",
                    file,
                    Pos::START,
                    "a page must be content/<section>/<id>.md or content/<section>/<id>/index.md",
                )
                .with_help("move the file up, or make it a page bundle"),
            );
            return None;
        }
    };
    let Some(section) = Section::from_dir(section) else {
        diagnostics.push(unknown_section(section));
        return None;
    };
    if !is_valid_id(stem) {
        let fixed = crate::slug::ascii_slug(stem);
        diagnostics.push(
            Diagnostic::error(
                "E007",
                file,
                Pos::START,
                format!("`{stem}` is not a valid id: ids are lowercase a-z, 0-9 and -"),
            )
            .with_help(format!("rename the file to `{fixed}` (ids become URLs)")),
        );
    }
    Some((format!("{}/{stem}", section.dir()), DocKind::Entry(section)))
}

pub fn is_valid_id(stem: &str) -> bool {
    !stem.is_empty()
        && !stem.starts_with('-')
        && !stem.ends_with('-')
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Problems with the front matter delimiters, located later once the file is known.
#[derive(Debug)]
struct Delimiter(Pos, &'static str, &'static str);

impl Delimiter {
    fn at(self, file: &Path) -> Diagnostic {
        Diagnostic::error("E005", file, self.0, self.1).with_help(self.2)
    }
}

/// Finds the front matter: the text from the opening `---` up to (not including) the closing
/// `---` line, and the byte offset where the body starts.
fn split_front_matter(text: &str) -> Result<(&str, usize), Delimiter> {
    if text.trim().is_empty() {
        return Err(Delimiter(
            Pos::START,
            "the file is empty",
            "start the file with front matter between `---` lines",
        ));
    }
    let first_line = text.split('\n').next().unwrap_or_default();
    if first_line.trim_end() != "---" {
        return Err(Delimiter(
            Pos::START,
            "the file does not start with front matter (`---`)",
            "the first line must be `---`, then YAML fields, then a closing `---`",
        ));
    }
    let mut offset = first_line.len() + 1;
    while offset <= text.len() {
        let rest = &text[offset..];
        let line = rest.split('\n').next().unwrap_or_default();
        if line.trim_end() == "---" {
            let body = (offset + line.len() + 1).min(text.len());
            return Ok((&text[..offset], body));
        }
        if rest.is_empty() {
            break;
        }
        offset += line.len() + 1;
    }
    Err(Delimiter(
        Pos::START,
        "the front matter is never closed",
        "add a line with `---` after the last YAML field",
    ))
}

fn parse_front(kind: DocKind, yaml_text: &str, file: &Path) -> Result<Front, Diagnostic> {
    fn boxed<T: DeserializeOwned>(text: &str, file: &Path) -> Result<Box<T>, Diagnostic> {
        yaml::parse::<T>(text, file).map(Box::new)
    }
    Ok(match kind {
        DocKind::Entry(Section::Bases | Section::Spots) => Front::Place(boxed(yaml_text, file)?),
        DocKind::Entry(Section::Routes) => Front::Route(boxed(yaml_text, file)?),
        DocKind::Home | DocKind::SectionIntro(_) | DocKind::Entry(Section::Pages) => {
            Front::Text(yaml::parse(yaml_text, file)?)
        }
    })
}

pub fn load_theme(root: &Path, name: &str) -> Result<ThemeFiles, LoadError> {
    let theme_dir = root.join("themes").join(name);
    let mut theme = ThemeFiles::default();
    if theme_dir.is_dir() {
        for (rel, path) in files_under(&theme_dir.join("templates"))? {
            add_template(&mut theme, root, &rel, &path)?;
        }
        for (rel, path) in files_under(&theme_dir.join("static"))? {
            theme.static_files.insert(rel, StaticFile::Disk(path));
        }
    } else if name == "default" {
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
    } else {
        return Err(LoadError::NoTheme {
            name: name.to_string(),
            dir: theme_dir,
        });
    }
    // The site's own files win over the theme's of the same name.
    for (rel, path) in files_under(&root.join("templates"))? {
        add_template(&mut theme, root, &rel, &path)?;
    }
    for (rel, path) in files_under(&root.join("static"))? {
        theme.static_files.insert(rel, StaticFile::Disk(path));
    }
    Ok(theme)
}

fn add_template(
    theme: &mut ThemeFiles,
    root: &Path,
    rel: &Path,
    path: &Path,
) -> Result<(), LoadError> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let text = normalize(fs_err::read(path)?)
        .map_err(|e| std::io::Error::other(format!("{}: {}", shown.display(), e.0)))?;
    let name = rel.to_string_lossy().replace('\\', "/");
    theme.templates.insert(name, (shown, text));
    Ok(())
}

/// Every non-hidden file below `dir` (none if it doesn't exist), sorted, as (relative, full) paths.
fn files_under(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, LoadError> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walk {
        let entry =
            entry.map_err(|e| std::io::Error::other(format!("reading {}: {e}", dir.display())))?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_path_buf();
            files.push((rel, entry.path().to_path_buf()));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split_keeps_file_lines() {
        let text = "---\ntitle: a\n---\n# Body\n";
        let (yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(yaml, "---\ntitle: a\n");
        assert_eq!(&text[body..], "# Body\n");
        let (_, body) = split_front_matter("---\ntitle: a\n---").unwrap();
        assert_eq!(body, "---\ntitle: a\n---".len());
    }

    #[test]
    fn front_matter_problems() {
        assert!(split_front_matter("").is_err());
        assert!(split_front_matter("title: a\n").is_err());
        assert!(split_front_matter("---\ntitle: a\n").is_err());
    }

    #[test]
    fn text_is_normalized() {
        assert_eq!(
            normalize(b"\xef\xbb\xbf---\r\na: 1\r\n".to_vec())
                .ok()
                .unwrap(),
            "---\na: 1\n"
        );
        assert!(normalize(vec![0xFF, 0xFE, b'a', 0]).is_err());
        assert!(normalize("重庆".encode_utf16().flat_map(u16::to_le_bytes).collect()).is_err());
        assert!(normalize(vec![0xD6, 0xD8, 0xC7, 0xEC]).is_err()); // 重庆 in GBK
    }

    #[test]
    fn ids_and_suggestions() {
        assert!(is_valid_id("cq-science-museum"));
        assert!(!is_valid_id("CQ"));
        assert!(!is_valid_id("重庆"));
    }

    #[test]
    fn the_built_in_theme_is_the_whole_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = files_under(&dir.join("templates"))
            .unwrap()
            .into_iter()
            .map(|(rel, _)| rel.to_string_lossy().into_owned())
            .collect();
        let built_in: Vec<&str> = embedded::TEMPLATES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, built_in);
        let statics: Vec<String> = files_under(&dir.join("static"))
            .unwrap()
            .into_iter()
            .map(|(rel, _)| rel.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            statics,
            embedded::STATIC.iter().map(|(n, _)| *n).collect::<Vec<_>>()
        );
    }

    #[test]
    fn classification() {
        let mut ds = Vec::new();
        let f = Path::new("x");
        assert_eq!(
            classify(Path::new("_index.md"), f, &mut ds),
            Some(("_index".into(), DocKind::Home))
        );
        assert_eq!(
            classify(Path::new("bases/a/index.md"), f, &mut ds),
            Some(("bases/a".into(), DocKind::Entry(Section::Bases)))
        );
        assert_eq!(classify(Path::new("base/a.md"), f, &mut ds), None);
        assert_eq!(ds[0].help.as_deref(), Some("did you mean `bases`?"));
    }
}

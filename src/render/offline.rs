//! What lets a site work offline after one visit: the web app manifest, written from
//! `site.yaml`, and the theme's service worker (`sw.js`) with this build's id and its shell
//! (the files it stores on install) filled in. The worker itself is a hand-written theme file;
//! the build only replaces its `const BUILD = …;` and `const SHELL = …;` lines, so a theme's own
//! worker without them is copied as is.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::load::StaticFile;
use crate::model::Site;

/// The worker's file, at the site root so that its scope is the whole site.
pub const SERVICE_WORKER: &str = "sw.js";
/// The manifest's URL, as `base.html` links it.
pub const MANIFEST_URL: &str = "/manifest.webmanifest";
/// The icon the manifest names: a theme (or the site's `static/`) file.
const ICON: &str = "icon.svg";
/// The theme's colours (`style.css`: `--accent` and `--bg`), for the browser's window frame and
/// the splash screen of an installed site.
const THEME_COLOR: &str = "#0b6e63";
const BACKGROUND_COLOR: &str = "#f5f7f6";
/// Launchers cut names longer than this (Chromium's own advice is 12 characters).
const SHORT_NAME_CHARS: usize = 12;

/// `/manifest.webmanifest`: the site's title, language and colours, opening at `/`.
pub fn manifest(site: &Site) -> String {
    let c = &site.config;
    let short_name: String = c.title.chars().take(SHORT_NAME_CHARS).collect();
    let manifest = serde_json::json!({
        "name": c.title,
        "short_name": short_name,
        "description": c.description,
        "lang": c.language,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            { "src": format!("/{ICON}"), "sizes": "any", "type": "image/svg+xml", "purpose": "any" }
        ]
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// What the manifest is written from, so it is redone only when that changes.
pub fn manifest_print(site: &Site) -> u64 {
    let c = &site.config;
    hash_of(&(&c.title, &c.description, &c.language))
}

/// The shell the worker stores on install: the home page, the routes index, the manifest and
/// the static styles, scripts and icon (not the worker itself), by URL, sorted.
pub fn shell(static_files: &[(&Path, &StaticFile)]) -> Vec<String> {
    let mut urls = vec![
        "/".to_string(),
        "/routes/".to_string(),
        MANIFEST_URL.to_string(),
    ];
    for (path, _) in static_files {
        if is_shell_file(path) {
            urls.push(format!("/{}", path.to_string_lossy().replace('\\', "/")));
        }
    }
    urls.sort();
    urls
}

fn is_shell_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    path != Path::new(SERVICE_WORKER) && (matches!(ext, "css" | "js") || path == Path::new(ICON))
}

/// The build's id: a hash of every output file's fingerprint and of the shell's static files'
/// bytes. Identical input gives the same id (no clock in it); any change to a page, a download
/// or a shell file gives a new one, so the worker is replaced and its old cache dropped.
pub fn build_id(
    fingerprints: &HashMap<String, u64>,
    static_files: &[(&Path, &StaticFile)],
) -> std::io::Result<String> {
    let mut prints: Vec<(&String, &u64)> = fingerprints.iter().collect();
    prints.sort();
    let mut h = DefaultHasher::new();
    prints.hash(&mut h);
    for (path, file) in static_files {
        if !is_shell_file(path) {
            continue;
        }
        path.hash(&mut h);
        match file {
            StaticFile::Embedded(bytes) => bytes.hash(&mut h),
            StaticFile::Disk(source) => fs_err::read(source)?.hash(&mut h),
        }
    }
    Ok(format!("{:016x}", h.finish()))
}

/// The worker's text with this build's id and shell in its `const BUILD` and `const SHELL`
/// lines; other lines as they are.
pub fn service_worker(text: &str, build: &str, shell: &[String]) -> String {
    let shell_json = serde_json::to_string(shell).unwrap_or_else(|_| "[]".into());
    let mut out = String::with_capacity(text.len() + shell_json.len());
    for line in text.split_inclusive('\n') {
        let end = if line.ends_with('\n') { "\n" } else { "" };
        if line.starts_with("const BUILD = ") {
            out.push_str(&format!("const BUILD = \"{build}\";{end}"));
        } else if line.starts_with("const SHELL = ") {
            out.push_str(&format!("const SHELL = {shell_json};{end}"));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The worker's bytes from the theme or site file it is.
pub fn service_worker_source(file: &StaticFile) -> std::io::Result<String> {
    let bytes = match file {
        StaticFile::Embedded(bytes) => bytes.to_vec(),
        StaticFile::Disk(source) => fs_err::read(source)?,
    };
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// The theme's (or site's) worker as this build publishes it, when there is one: its text with
/// the build's id and shell filled in.
pub fn published_worker(
    static_files: &BTreeMap<PathBuf, StaticFile>,
    fingerprints: &HashMap<String, u64>,
) -> std::io::Result<Option<String>> {
    let Some(source) = static_files.get(Path::new(SERVICE_WORKER)) else {
        return Ok(None);
    };
    let statics: Vec<(&Path, &StaticFile)> = static_files
        .iter()
        .map(|(path, file)| (path.as_path(), file))
        .collect();
    let build = build_id(fingerprints, &statics)?;
    let text = service_worker_source(source)?;
    Ok(Some(service_worker(&text, &build, &shell(&statics))))
}

/// Whether `path` (relative to the output root) is the worker.
pub fn is_service_worker(path: &Path) -> bool {
    path == Path::new(SERVICE_WORKER)
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_gets_the_build_and_shell_and_keeps_every_other_line() {
        let text = "// a comment\nconst BUILD = \"dev\";\nconst SHELL = [\"/\"];\nconst CACHE = \"yanxue-\" + BUILD;\n";
        let shell = vec!["/".to_string(), "/style.css".to_string()];
        let out = service_worker(text, "00ff", &shell);
        assert_eq!(
            out,
            "// a comment\nconst BUILD = \"00ff\";\nconst SHELL = [\"/\",\"/style.css\"];\nconst CACHE = \"yanxue-\" + BUILD;\n"
        );
        // A worker without the two lines is copied as it is.
        assert_eq!(service_worker("self.x = 1;", "00ff", &shell), "self.x = 1;");
    }

    #[test]
    fn the_shell_is_the_pages_styles_scripts_and_icon_but_not_the_worker() {
        let css = StaticFile::Embedded(b"a{}");
        let files = [
            (Path::new("style.css"), &css),
            (Path::new("sw.js"), &css),
            (Path::new("offline.js"), &css),
            (Path::new("icon.svg"), &css),
            (Path::new("photos/big.jpg"), &css),
            (Path::new("diagram.svg"), &css),
        ];
        assert_eq!(
            shell(&files),
            [
                "/",
                "/icon.svg",
                "/manifest.webmanifest",
                "/offline.js",
                "/routes/",
                "/style.css"
            ]
        );
    }

    #[test]
    fn the_build_id_changes_with_a_page_or_a_shell_file_and_only_then() {
        let (a, b) = (StaticFile::Embedded(b"a{}"), StaticFile::Embedded(b"b{}"));
        let prints = HashMap::from([("/".to_string(), 1), ("/routes/x/".to_string(), 2)]);
        let same = HashMap::from([("/routes/x/".to_string(), 2), ("/".to_string(), 1)]);
        let edited = HashMap::from([("/".to_string(), 1), ("/routes/x/".to_string(), 3)]);
        let style = |f| [(Path::new("style.css"), f)];
        let photo = |f| [(Path::new("photo.jpg"), f)];
        let id = |p, f: &[(&Path, &StaticFile)]| build_id(p, f).unwrap();
        assert_eq!(id(&prints, &style(&a)), id(&same, &style(&a)));
        assert_ne!(id(&prints, &style(&a)), id(&edited, &style(&a)));
        assert_ne!(id(&prints, &style(&a)), id(&prints, &style(&b)));
        assert_eq!(id(&prints, &photo(&a)), id(&prints, &photo(&b)));
        assert_eq!(id(&prints, &style(&a)).len(), 16);
    }
}

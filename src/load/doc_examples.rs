//! Test-only (`#![cfg(test)]`; `mod.rs` declares it so): the complete examples in `docs/` are
//! real. A fenced block whose info string names a file — ```` ```yaml title="site.yaml" ```` or
//! ```` ```markdown title="content/bases/example.md" ```` — is a whole file of one example site;
//! the blocks of each language's pages are written into a temporary site, which must build with
//! no error and no warning. Editors copy examples: one that fails `check` would teach the mistake.
//! Snippets without a title (a bad example, a single field) are not checked.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod doc_examples;`.
#![cfg(test)]
#![cfg(test)]

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Lang;
use crate::{BuildOptions, build_site};

/// The languages of `docs/`, Chinese first.
const LANGS: [&str; 2] = ["zh-CN", "en"];

/// The kinds of file the example site of each language must have, so none can go unchecked
/// by being left out.
const REQUIRED: [&str; 5] = [
    "site.yaml",
    "content/bases/",
    "content/spots/",
    "content/routes/",
    "content/pages/",
];

/// The titled blocks of one page: (file, text).
fn titled_blocks(page: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in page.lines() {
        let fence = line.trim_start().starts_with("```");
        match &mut open {
            Some((_, text)) if !fence => {
                text.push_str(line);
                text.push('\n');
            }
            Some(_) => blocks.extend(open.take()),
            None if fence => {
                // Any fence opens a block; only a titled one is kept.
                let title = line
                    .split("title=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default();
                open = Some((title.to_string(), String::new()));
            }
            None => {}
        }
    }
    blocks.retain(|(title, _)| !title.is_empty());
    blocks
}

/// The example files of `docs/<lang>/`: file → (page it comes from, text). Two blocks naming
/// one file, or a title that is not a plain relative path, are problems.
fn example_site(docs: &Path) -> (BTreeMap<String, (String, String)>, Vec<String>) {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    let mut pages: Vec<_> = std::fs::read_dir(docs)
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    pages.sort();
    for page in pages
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        let name = page.file_name().unwrap_or_default().to_string_lossy();
        for (file, body) in titled_blocks(&text) {
            let plain = Path::new(&file)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !plain {
                problems.push(format!(
                    "{name}: `title=\"{file}\"` is not a path inside a site"
                ));
            } else if let Some((first, _)) = files.get(&file) {
                problems.push(format!(
                    "{name}: a second example of `{file}` (the first is in {first}): give it another file name, or drop `title=`"
                ));
            } else {
                files.insert(file, (name.to_string(), body));
            }
        }
    }
    (files, problems)
}

/// What is wrong with the example site of `docs/<lang>/` under `root`: missing kinds of file,
/// and every diagnostic `check` gives it (notes aside), each with the page its file comes from.
fn example_problems(root: &Path, lang: &str) -> Vec<String> {
    let docs = root.join("docs").join(lang);
    let (files, mut problems) = example_site(&docs);
    for kind in REQUIRED {
        if !files.keys().any(|f| f.starts_with(kind)) {
            problems.push(format!(
                "docs/{lang}/ has no complete example of `{kind}`: add a fenced block with `title=\"{kind}…\"`"
            ));
        }
    }
    let site = tempfile::tempdir().unwrap();
    for (file, (_, text)) in &files {
        let path = site.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = BuildOptions {
        base_url: None,
        // The examples say `verified: 2026-11-20`; a fixed today keeps W005 away for good.
        today: jiff::civil::date(2026, 12, 1),
        drafts: false,
    };
    match build_site(site.path(), &options) {
        Ok(build) => {
            for d in build
                .diagnostics
                .iter()
                .filter(|d| d.is_error() || d.is_warning())
            {
                let page = files
                    .get(&d.file.to_string_lossy().replace('\\', "/"))
                    .map_or("?", |(page, _)| page.as_str());
                problems.push(format!(
                    "docs/{lang}/{page}: its example {}",
                    d.short(Lang::En)
                ));
            }
        }
        Err(e) => problems.push(format!("docs/{lang}/: the example site can't be read: {e}")),
    }
    problems
}

#[test]
fn the_complete_examples_pass_check_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let problems: Vec<String> = LANGS
        .iter()
        .flat_map(|lang| example_problems(root, lang))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn titled_blocks_are_whole_files_and_untitled_ones_are_left_alone() {
    let page = "text\n```yaml title=\"site.yaml\"\ntitle: t\n```\n\n```yaml\nbad: [\n```\n````markdown title=\"content/pages/a.md\"\n---\ntitle: a\n---\n````\n";
    assert_eq!(
        titled_blocks(page),
        [
            ("site.yaml".to_string(), "title: t\n".to_string()),
            (
                "content/pages/a.md".to_string(),
                "---\ntitle: a\n---\n".to_string()
            ),
        ]
    );
}

#[test]
fn a_bad_example_is_reported_with_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs/en");
    std::fs::create_dir_all(&docs).unwrap();
    let site = "```yaml title=\"site.yaml\"\ntitle: t\nbase_url: https://example.org\n```\n";
    let place = "```markdown title=\"content/bases/a.md\"\n---\nname: A\ndistrict: X\nlocation: { lat: 26.6, lon: 106.6 }\nstatus: opened\n---\n```\n";
    std::fs::write(docs.join("site.md"), site).unwrap();
    std::fs::write(docs.join("places.md"), format!("{place}{place}")).unwrap();
    let problems = example_problems(dir.path(), "en");
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert_eq!(
        problems[0],
        "places.md: a second example of `content/bases/a.md` (the first is in places.md): give it another file name, or drop `title=`"
    );
    assert!(problems[1].starts_with("docs/en/ has no complete example of `content/spots/`"));
    assert!(
        problems[4]
            .starts_with("docs/en/places.md: its example content/bases/a.md:5:9: error[E015]"),
        "{problems:#?}"
    );
}

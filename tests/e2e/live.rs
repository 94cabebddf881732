//! The live rebuild behind `serve` re-renders only what an edit touches; this proves it renders
//! the same bytes as a full build. Random edits (seeded, so a failure can be replayed) go to a
//! copy of the shipped site with two cards per list page, so pagination, taxonomies, the home
//! page's featured routes, the feed, the sitemap and the search index all move; after each edit
//! the live output must equal a fresh full build's, file for file.

use std::path::{Path, PathBuf};

use yanxue::live::LiveSite;
use yanxue::render::Output;
use yanxue::{BuildOptions, build_site};

use crate::harness::{Rng, SiteTest};

fn options() -> BuildOptions {
    BuildOptions {
        base_url: None,
        today: jiff::civil::date(2026, 11, 29),
        drafts: false,
    }
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Replaces the first front-matter line starting with `key:` (a top-level key).
fn set_key(text: &str, key: &str, value: &str) -> Option<String> {
    let prefix = format!("{key}:");
    let end = text[3..].find("\n---")? + 3;
    let (front, rest) = text.split_at(end);
    let mut found = false;
    let lines: Vec<String> = front
        .lines()
        .map(|l| {
            if !found && l.starts_with(&prefix) {
                found = true;
                format!("{prefix} {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    found.then(|| format!("{}{rest}", lines.join("\n")))
}

/// Lines of a `key: value` front-matter entry.
fn value_of(text: &str, key: &str) -> Option<String> {
    let prefix = format!("{key}:");
    text.lines()
        .find(|l| l.starts_with(&prefix))
        .map(|l| l[prefix.len()..].trim().to_string())
}

/// One random edit of the site; returns the paths it touched and what it did.
fn edit(rng: &mut Rng, root: &Path, n: usize) -> (Vec<PathBuf>, String) {
    let content = root.join("content");
    let docs: Vec<PathBuf> = files_under(&content, "md");
    let of = |dir: &str| -> Vec<PathBuf> {
        docs.iter()
            .filter(|p| p.starts_with(content.join(dir)) && !p.ends_with("_index.md"))
            .cloned()
            .collect()
    };
    let (routes, places) = (of("routes"), [of("bases"), of("spots")].concat());
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let write = |p: &Path, text: &str| std::fs::write(p, text).unwrap();
    match rng.below(12) {
        0 | 1 => {
            // A body edit, sometimes with a heading: the page, its place or route cards'
            // excerpts and the search index change.
            let file = rng.pick(&docs).clone();
            let extra = if rng.below(2) == 0 {
                format!("\n\n## 补充说明 {n}\n\n第 {n} 次修改的段落，含 karst{n}。\n")
            } else {
                format!("\n\n第 {n} 次修改：新增一句说明。\n")
            };
            write(&file, &(read(&file) + &extra));
            (vec![file], "body".into())
        }
        2 => {
            // A body edit at the start of the body: a place card's excerpt is its first line.
            let file = rng.pick(&places).clone();
            let text = read(&file);
            let at = text[3..].find("\n---\n").unwrap() + 8;
            let edited = format!("{}第 {n} 版导语。\n\n{}", &text[..at], &text[at..]);
            write(&file, &edited);
            (vec![file], "body start".into())
        }
        3 => {
            let file = rng.pick(&routes).clone();
            let text = read(&file);
            let title = value_of(&text, "title").unwrap();
            write(
                &file,
                &set_key(&text, "title", &format!("{title}·{n}")).unwrap(),
            );
            (vec![file], "route title".into())
        }
        4 => {
            let file = rng.pick(&places).clone();
            let text = read(&file);
            let name = value_of(&text, "name").unwrap();
            write(
                &file,
                &set_key(&text, "name", &format!("{name}{n}号")).unwrap(),
            );
            (vec![file], "place name".into())
        }
        5 => {
            // The home page features the most recently checked routes; the feed orders by it.
            let file = rng.pick(&routes).clone();
            let text = read(&file);
            let day = 1 + rng.below(28);
            let month = 1 + rng.below(10);
            let edited = set_key(&text, "verified", &format!("2026-{month:02}-{day:02}")).unwrap();
            write(&file, &edited);
            (vec![file], "route verified".into())
        }
        6 => {
            // Taxonomy membership: a new subject term, or one dropped.
            let file = rng.pick(&[routes.clone(), places.clone()].concat()).clone();
            let text = read(&file);
            let subjects = value_of(&text, "subjects").unwrap_or_else(|| "[]".into());
            let inner = subjects.trim_matches(['[', ']']);
            let new = if rng.below(2) == 0 || inner.is_empty() {
                format!("[{inner}, 测试学{}]", n % 3)
            } else {
                format!(
                    "[{}]",
                    inner.split(',').skip(1).collect::<Vec<_>>().join(",")
                )
            };
            let edited = set_key(&text, "subjects", new.replace("[, ", "[").as_str()).unwrap();
            write(&file, &edited);
            (vec![file], "subjects".into())
        }
        7 => {
            // A place moves district: term pages, place cards and route cards' filters change.
            let file = rng.pick(&places).clone();
            let text = read(&file);
            let districts = ["渝中区", "北碚区", "江北区", "沙坪坝区"];
            let district: &&str = rng.pick(&districts);
            let edited = set_key(&text, "district", district).unwrap();
            write(&file, &edited);
            (vec![file], "district".into())
        }
        8 => {
            // A template edit re-renders the pages that use it.
            let templates = files_under(&root.join("themes/default/templates"), "html");
            let file = rng.pick(&templates).clone();
            let text = read(&file);
            // A visible change where the template has markup (components included), so a page
            // left stale would differ.
            let edited = if text.contains("class=\"") {
                text.replacen("class=\"", &format!("class=\"e{n} "), 1)
            } else if text.contains("研学") {
                text.replacen("研学", &format!("研学{n}"), 1)
            } else {
                format!("{text}{{# edit {n} #}}\n")
            };
            write(&file, &edited);
            (vec![file], "template".into())
        }
        9 => {
            // A new route (a copy under a new id): a full rebuild.
            let from = rng.pick(&routes).clone();
            let to = from.with_file_name(format!("copy-{n}.md"));
            let text = read(&from);
            let title = value_of(&text, "title").unwrap();
            write(
                &to,
                &set_key(&text, "title", &format!("{title}（副本 {n}）")).unwrap(),
            );
            (vec![to], "new route".into())
        }
        10 => {
            // A copied route goes away again (or, with none, a free page's body changes).
            match routes
                .iter()
                .find(|p| p.to_string_lossy().contains("copy-"))
            {
                Some(copy) => {
                    std::fs::remove_file(copy).unwrap();
                    (vec![copy.clone()], "route removed".into())
                }
                None => {
                    let file = content.join("pages/about.md");
                    write(&file, &(read(&file) + "\n补充一句。\n"));
                    (vec![file], "free page body".into())
                }
            }
        }
        _ => {
            // Broken front matter (an error the live site must report), then fixed.
            let file = rng.pick(&docs).clone();
            let text = read(&file);
            write(&file, &text.replacen("---\n", "---\n: [\n", 1));
            (vec![file], "broken yaml".into())
        }
    }
}

/// Paths whose bytes differ between two outputs (or that only one has).
fn differences(live: &Output, full: &Output) -> Vec<String> {
    let mut diffs = Vec::new();
    for (path, file) in &full.files {
        match live.files.get(path) {
            None => diffs.push(format!("missing {}", path.display())),
            Some(f) if f != file => diffs.push(format!("differs {}", path.display())),
            Some(_) => {}
        }
    }
    for path in live.files.keys() {
        if !full.files.contains_key(path) {
            diffs.push(format!("extra {}", path.display()));
        }
    }
    diffs
}

fn run(seed: u64, edits: usize) {
    let t = SiteTest::shipped();
    let root = t.root().to_path_buf();
    let config = root.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\npaginate_by: 2\nfeed_limit: 3\n")).unwrap();

    let mut live = LiveSite::new(&root, options());
    let first = live.rebuild(None).unwrap();
    assert!(!first.has_errors(), "{:#?}", first.diagnostics);
    let mut rng = Rng(seed);
    let mut broken: Option<(PathBuf, String)> = None;
    for n in 0..edits {
        let (paths, what) = match broken.take() {
            // Fix what the last edit broke.
            Some((file, text)) => {
                std::fs::write(&file, text).unwrap();
                (vec![file], "fixed".to_string())
            }
            None => {
                let snapshot: Vec<(PathBuf, String)> = files_under(&root.join("content"), "md")
                    .into_iter()
                    .map(|p| {
                        let text = std::fs::read_to_string(&p).unwrap();
                        (p, text)
                    })
                    .collect();
                let (paths, what) = if n == 2 {
                    // Components are used without naming their file: one edit of them always.
                    let file = root.join("themes/default/templates/components.html");
                    let text = std::fs::read_to_string(&file).unwrap();
                    let edited =
                        text.replacen("class=\"card\"", &format!("class=\"card e{n}\""), 1);
                    assert_ne!(edited, text);
                    std::fs::write(&file, edited).unwrap();
                    (vec![file], "components".to_string())
                } else {
                    edit(&mut rng, &root, n)
                };
                if what == "broken yaml" {
                    let original = snapshot.iter().find(|(p, _)| *p == paths[0]).unwrap();
                    broken = Some(original.clone());
                }
                (paths, what)
            }
        };
        let step = format!("seed {seed}, edit {n} ({what} of {})", paths[0].display());
        let got = live.rebuild(Some(&paths)).unwrap();
        live.finish_indexes();
        let full = build_site(&root, &options()).unwrap();
        assert_eq!(
            got.has_errors(),
            full.has_errors(),
            "{step}: live {:#?}\nfull {:#?}",
            got.diagnostics,
            full.diagnostics
        );
        assert_eq!(got.diagnostics, full.diagnostics, "{step}");
        if let Some(full) = full.output {
            let diffs = differences(live.output().unwrap(), &full);
            assert!(diffs.is_empty(), "{step}: {diffs:#?}");
            // And it was a live rebuild, not a full one in disguise: an edit of one page's
            // body re-renders that page and the lists showing it, not the site.
            if what == "body" && paths[0].to_string_lossy().contains("/routes/") {
                let pages = full
                    .files
                    .keys()
                    .filter(|p| p.extension().is_some_and(|e| e == "html"));
                let all = pages.count();
                assert!(
                    live.pages_rendered() * 4 < all,
                    "{step}: {} of {all} pages re-rendered",
                    live.pages_rendered()
                );
            }
        }
    }
}

#[test]
fn live_rebuilds_equal_full_builds_under_random_edits() {
    for seed in [1, 2, 3] {
        run(seed, 25);
    }
}

//! Test-only (`#![cfg(test)]`; `mod.rs` declares it so): the reference in `docs/` names every
//! field the loader accepts and every allowed value, in both languages. The fields are read from
//! the raw serde structs themselves, not from a list kept by hand: serde names a struct's fields
//! in its "unknown field `x`, expected one of …" error, so a probe document with one unknown key
//! at a path lists the struct found there, nested ones included. A field added to a struct fails
//! the test until both languages document it; a field documented but not accepted fails too.
//!
//! The rule for the docs: each field is a row of a table in its page whose first cell is its
//! whole path in backticks — `` | `location.lat` | … `` or `` | `days[].stops[].at` | … `` — in
//! `site.md` (`site.yaml`), `places.md`, `routes.md` and `pages.md` (home, section intros and
//! free pages). Whole paths keep one row per field, and a row can't be mistaken for a mention.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod fields;`.
#![cfg(test)]
#![cfg(test)]

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::config::RawConfig;
use crate::load::Section;
use crate::load::raw::{RawPlace, RawRoute, RawText};
use crate::model::audience::{OTHERS, STAGES};
use crate::model::time::WEEKDAY_NAMES;
use crate::model::{CATEGORIES, Datum, Mode, Risk, SCOPES, Status};

/// The languages of `docs/`, Chinese first.
const LANGS: [&str; 2] = ["zh-CN", "en"];

/// A key no struct has.
const PROBE: &str = "zz_no_such_field";

/// One step of a path into a document: a key of a mapping, or an item of a list.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Item,
}

/// A document holding `leaf` at `path`: `{"days": [{"stops": [leaf]}]}`.
fn nest(path: &[Step], leaf: Value) -> Value {
    path.iter().rev().fold(leaf, |inner, step| match step {
        Step::Key(key) => json!({ key.as_str(): inner }),
        Step::Item => json!([inner]),
    })
}

/// The fields of the struct `T` has at `path`, if a struct is there. JSON is YAML, so the probe
/// is written with serde_json. The YAML library is called directly, not through `crate::yaml`:
/// the field list is in the library's own error, which `yaml` rewords for editors.
fn fields_at<T: DeserializeOwned>(path: &[Step]) -> Option<Vec<String>> {
    let probe = nest(path, json!({ PROBE: 1 }));
    let text = serde_json::to_string(&probe).ok()?;
    let message = serde_saphyr::from_str::<T>(&text).err()?.to_string();
    let rest = message.split(&format!("unknown field `{PROBE}`")).nth(1)?;
    // ", expected one of a, b, c", perhaps followed by where (" at line 1 …"): each name is
    // the word that starts its piece.
    let list = rest.split("expected one of ").nth(1).unwrap_or_default();
    let list = list.lines().next().unwrap_or_default();
    Some(
        list.split(", ")
            .map(|piece| {
                piece
                    .trim_matches('`')
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .collect(),
    )
}

/// Every field `T` accepts, by path: `location`, `location.lat`, `hours[].days`.
fn accepted<T: DeserializeOwned>() -> Vec<String> {
    fn walk<T: DeserializeOwned>(path: &mut Vec<Step>, shown: &str, out: &mut Vec<String>) {
        for field in fields_at::<T>(path).unwrap_or_default() {
            let name = if shown.is_empty() {
                field.clone()
            } else {
                format!("{shown}.{field}")
            };
            out.push(name.clone());
            path.push(Step::Key(field));
            if fields_at::<T>(path).is_some() {
                walk::<T>(path, &name, out);
            } else {
                path.push(Step::Item);
                if fields_at::<T>(path).is_some() {
                    walk::<T>(path, &format!("{name}[]"), out);
                }
                path.pop();
            }
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk::<T>(&mut Vec::new(), "", &mut out);
    out
}

/// Each page of `docs/<lang>/` that documents a kind of file, with the fields it must name and
/// where in the code they come from.
fn field_pages() -> Vec<(&'static str, Vec<String>, &'static str)> {
    vec![
        ("site.md", accepted::<RawConfig>(), "src/config.rs"),
        ("places.md", accepted::<RawPlace>(), "src/load/raw.rs"),
        ("routes.md", accepted::<RawRoute>(), "src/load/raw.rs"),
        ("pages.md", accepted::<RawText>(), "src/load/raw.rs"),
    ]
}

/// The allowed values of each field with a fixed list, and the pages that must list them all.
fn value_lists() -> Vec<(
    &'static str,
    Vec<&'static str>,
    &'static [&'static str],
    &'static str,
)> {
    let audiences = STAGES
        .iter()
        .map(|(name, ..)| *name)
        .chain(OTHERS.iter().map(|(name, _)| *name))
        .collect();
    vec![
        (
            "category",
            CATEGORIES.to_vec(),
            &["places.md", "routes.md"],
            "src/model/place.rs `CATEGORIES`",
        ),
        (
            "status",
            Status::NAMES.iter().map(|(n, _)| *n).collect(),
            &["places.md"],
            "src/model/place.rs `Status::NAMES`",
        ),
        (
            "risks",
            Risk::NAMES.iter().map(|(n, _)| *n).collect(),
            &["places.md"],
            "src/model/place.rs `Risk::NAMES`",
        ),
        (
            "datum",
            Datum::NAMES.to_vec(),
            &["places.md"],
            "src/model/geo.rs `Datum::NAMES`",
        ),
        (
            "weekdays",
            WEEKDAY_NAMES.to_vec(),
            &["places.md", "routes.md"],
            "src/model/time.rs `WEEKDAY_NAMES`",
        ),
        (
            "audience",
            audiences,
            &["places.md", "routes.md"],
            "src/model/audience.rs `STAGES` and `OTHERS`",
        ),
        (
            "scope",
            SCOPES.to_vec(),
            &["routes.md"],
            "src/model/route.rs `SCOPES`",
        ),
        (
            "by",
            Mode::NAMES.iter().map(|(n, _)| *n).collect(),
            &["routes.md"],
            "src/model/route.rs `Mode::NAMES`",
        ),
        (
            "sections",
            Section::ALL.iter().map(|s| s.dir()).collect(),
            &["files.md"],
            "src/load/mod.rs `Section`",
        ),
    ]
}

/// The paths written as the first cell of a table row, in backticks.
fn documented_paths(page: &str) -> BTreeSet<String> {
    page.lines()
        .filter_map(|line| {
            let cell = line.trim().strip_prefix('|')?.split('|').next()?.trim();
            let path = cell.strip_prefix('`')?.strip_suffix('`')?;
            (!path.contains('`')).then(|| path.to_string())
        })
        .collect()
}

/// What `root/docs/` fails to say about the fields and allowed values, each problem saying
/// where to add what.
fn docs_problems(
    root: &Path,
    pages: &[(&str, Vec<String>, &str)],
    lists: &[(&str, Vec<&str>, &[&str], &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for lang in LANGS {
        let read = |page: &str| std::fs::read_to_string(root.join("docs").join(lang).join(page));
        for (page, fields, source) in pages {
            let file = format!("docs/{lang}/{page}");
            let Ok(text) = read(page) else {
                problems.push(format!("{file} is missing"));
                continue;
            };
            let documented = documented_paths(&text);
            for field in fields {
                if !documented.contains(field) {
                    problems.push(format!(
                        "{file}: the loader accepts `{field}` ({source}), but no table row documents it: add a row `| `{field}` | type | required? | meaning, allowed values, example |`"
                    ));
                }
            }
            for path in &documented {
                if !fields.contains(path) {
                    problems.push(format!(
                        "{file}: a table row documents `{path}`, which the loader does not accept ({source}): correct the path or remove the row"
                    ));
                }
            }
        }
        for (what, values, in_pages, source) in lists {
            for page in *in_pages {
                let file = format!("docs/{lang}/{page}");
                let text = read(page).unwrap_or_default();
                for value in values {
                    if !text.contains(&format!("`{value}`")) {
                        problems.push(format!(
                            "{file}: `{value}` is an allowed value of {what} ({source}) but is not listed: write it in backticks where {what} is described"
                        ));
                    }
                }
            }
        }
    }
    problems
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_probe_finds_nested_structs_and_lists_of_them() {
    let route = accepted::<RawRoute>();
    for path in [
        "title",
        "days",
        "days[].title",
        "days[].stops",
        "days[].stops[].at",
        "days[].stops[].do",
        "days[].stops[].location.datum",
        "staff.带队老师",
        "meeting.location.lat",
        "contacts[].role",
        "worksheet.during",
    ] {
        assert!(route.iter().any(|p| p == path), "{path} in {route:?}");
    }
    // A list of text is a field, not a struct: nothing below it.
    assert!(!route.iter().any(|p| p.starts_with("objectives.")));
    let site = accepted::<RawConfig>();
    for path in [
        "region.bbox.south",
        "rules.speed_kmh.cableway",
        "slugs",
        "extra",
    ] {
        assert!(site.iter().any(|p| p == path), "{path} in {site:?}");
    }
    // Free-form values (`extra`, `slugs`) have no fields of their own.
    assert!(!site.iter().any(|p| p.starts_with("extra.")));
    assert_eq!(
        accepted::<RawText>(),
        ["title", "description", "extra", "draft"]
    );
}

#[test]
fn docs_name_every_field_and_allowed_value_in_both_languages() {
    let problems = docs_problems(repo_root(), &field_pages(), &value_lists());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_docs_check_names_what_is_missing_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [(
        "places.md",
        vec!["name".to_string(), "location.lat".to_string()],
        "src/load/raw.rs",
    )];
    let lists: [(&str, Vec<&str>, &[&str], &str); 1] =
        [("status", vec!["open", "closed"], &["places.md"], "here")];
    for lang in LANGS {
        std::fs::create_dir_all(dir.path().join("docs").join(lang)).unwrap();
    }
    let good = "| field | type |\n|---|---|\n| `name` | text |\n| `location.lat` | number |\n\n`open` or `closed`\n";
    std::fs::write(dir.path().join("docs/zh-CN/places.md"), good).unwrap();
    let bad = "| `name` | text |\n| `location.lng` | number |\nsee `location.lat`; `open`\n";
    std::fs::write(dir.path().join("docs/en/places.md"), bad).unwrap();
    assert_eq!(
        docs_problems(dir.path(), &pages, &lists),
        [
            "docs/en/places.md: the loader accepts `location.lat` (src/load/raw.rs), but no table row documents it: add a row `| `location.lat` | type | required? | meaning, allowed values, example |`",
            "docs/en/places.md: a table row documents `location.lng`, which the loader does not accept (src/load/raw.rs): correct the path or remove the row",
            "docs/en/places.md: `closed` is an allowed value of status (here) but is not listed: write it in backticks where status is described",
        ]
    );
}

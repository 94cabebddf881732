//! The files `init` and `new` write, built into the binary from the repository's `starter/`
//! folder through one table: `starter/site/` is the site `init` makes, `starter/skeletons/` the
//! commented skeletons `new` starts a page from. They are plain files so they can be read,
//! built and checked like any site (the tests below do), and a site can replace a skeleton
//! with its own `skeletons/<kind>.md`.
//!
//! A few `{{name}}` slots are filled when a file is written, so what is written builds in the
//! site it is written into: `{{today}}` (the `verified` date), and for `new` `{{id}}`,
//! `{{district}}` (the site's first district), `{{lat}}`/`{{lon}}` (the middle of its region)
//! and `{{place}}` (a place of the site a new route can stop at).

/// Every file under `starter/`, by its path there.
macro_rules! starter_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../starter/", $path)))),*]
    };
}

pub(super) const FILES: &[(&str, &str)] = starter_files!(
    "site/.gitignore",
    "site/content/_index.md",
    "site/content/bases/example-base.md",
    "site/content/pages/about.md",
    "site/content/routes/example-route.md",
    "site/content/spots/example-spot.md",
    "site/site.yaml",
    "skeletons/base.md",
    "skeletons/page.md",
    "skeletons/route.md",
    "skeletons/spot.md",
);

/// The files of the site `init` makes: (path in the new site, text).
pub(super) fn site() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES
        .iter()
        .filter_map(|(path, text)| Some((path.strip_prefix("site/")?, *text)))
}

/// The built-in skeleton named `name` (`route.md`).
pub(super) fn skeleton(name: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(path, _)| path.strip_prefix("skeletons/") == Some(name))
        .map(|(_, text)| *text)
}

/// `text` with each `{{name}}` of `slots` replaced by its value; other text stays as it is.
pub(super) fn fill(text: &str, slots: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in slots {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    out
}

/// Today, as the `verified` date of what is written.
pub(super) fn today_slot(today: jiff::civil::Date) -> String {
    today.to_string()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{CATEGORIES, Mode, Risk, SCOPES, Status};

    #[test]
    fn the_table_lists_every_file_of_the_starter_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("starter");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&root).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let mut listed: Vec<String> = FILES.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        let mut on_disk_sorted = on_disk.clone();
        on_disk_sorted.sort();
        assert_eq!(listed, on_disk_sorted);
    }

    #[test]
    fn slots_are_filled_and_other_braces_stay() {
        assert_eq!(
            fill("at: {{place}} {x} {{other}}", &[("place", "bases/a")]),
            "at: bases/a {x} {{other}}"
        );
    }

    /// The skeletons are static files: what their comments say is allowed must be what the code
    /// allows, name for name.
    #[test]
    fn skeleton_comments_list_the_allowed_values_of_the_code() {
        let comments = |name: &str| -> String {
            skeleton(name)
                .unwrap()
                .lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let audiences = ["小学", "初中", "高中", "亲子", "银龄", "公众"];
        for audience in audiences {
            assert!(
                crate::model::Audience::parse(audience).is_ok(),
                "{audience}"
            );
        }
        let mut wanted: Vec<(&str, Vec<&str>)> = Vec::new();
        let places: Vec<&str> = CATEGORIES
            .iter()
            .copied()
            .chain(Status::NAMES.iter().map(|(n, _)| *n))
            .chain(Risk::NAMES.iter().map(|(n, _)| *n))
            .chain(audiences)
            .chain([
                "mon", "tue", "wed", "thu", "fri", "sat", "sun", "gcj02", "bd09",
            ])
            .collect();
        wanted.push(("base.md", places.clone()));
        wanted.push(("spot.md", places));
        let route: Vec<&str> = CATEGORIES
            .iter()
            .copied()
            .chain(SCOPES)
            .chain(Mode::NAMES.iter().map(|(n, _)| *n))
            .chain(audiences)
            .chain(["项目组长", "安全员", "研学导师", "导游", "带队老师"])
            .chain([
                "safety",
                "guardianship",
                "insurance",
                "objectives",
                "group",
                "staff",
            ])
            .collect();
        wanted.push(("route.md", route));
        for (name, values) in wanted {
            let text = comments(name);
            for value in values {
                assert!(text.contains(value), "{name} does not mention `{value}`");
            }
        }
        for name in ["base.md", "spot.md", "route.md", "page.md"] {
            let text = skeleton(name).unwrap();
            assert!(text.contains("\ndraft: true\n"), "{name}");
            assert!(comments(name).contains("删掉"), "{name}");
        }
    }
}

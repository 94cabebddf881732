//! Every code in the registry (`src/diag/codes/mod.rs`) is seen in the real binary's output by some
//! test: in the snapshot of a fixture under `tests/fixtures/invalid/` or `warnings/` (which
//! `diagnostics.rs` checks against the output), or asserted as `error[E0xx]` / `warning[W0xx]` /
//! `note[N0xx]` by an end-to-end test. A code no test shows is one whose message, place and exit code nobody has
//! looked at. `serve`'s E000 has its test here.

use std::collections::BTreeMap;

use yanxue::diag::{Code, Severity, codes};

use crate::harness::{SiteTest, repo_root};
use crate::serve::Server;

/// Each `severity[code]` in `text`, e.g. ("warning", "W007"); a code is a letter and 3 digits.
fn shown_codes(text: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    for severity in ["error", "warning", "note"] {
        let opening = format!("{severity}[");
        for (at, _) in text.match_indices(&opening) {
            let rest = &text[at + opening.len()..];
            let Some((id, _)) = rest.split_once(']') else {
                continue;
            };
            let digits = id.get(1..).unwrap_or_default();
            if id.len() == 4
                && id.starts_with(['E', 'N', 'W'])
                && digits.bytes().all(|b| b.is_ascii_digit())
            {
                found.push((severity, id));
            }
        }
    }
    found
}

fn names_in(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn every_code_is_shown_by_an_end_to_end_test() {
    // id → the first test file or snapshot that shows it.
    let mut seen = BTreeMap::<String, String>::new();
    let mut record = |place: String, text: &str| {
        for (severity, id) in shown_codes(text) {
            let code = Code::by_id(id);
            assert!(
                code.is_some(),
                "{place} shows {id}, which is not in the registry"
            );
            let expected = match code.map(Code::severity) {
                Some(Severity::Warning) => "warning",
                Some(Severity::Note) => "note",
                _ => "error",
            };
            assert_eq!(severity, expected, "{place} shows {id} as a {severity}");
            seen.entry(id.to_string()).or_insert_with(|| place.clone());
        }
    };
    // Only the snapshots of fixtures that exist: a left-over snapshot is checked by no test.
    for (group, prefix) in [("invalid", ""), ("warnings", "warning-")] {
        for name in names_in(&format!("tests/fixtures/{group}")) {
            let snapshot = format!("tests/e2e/snapshots/e2e__diagnostics__{prefix}{name}.snap");
            let text = std::fs::read_to_string(repo_root().join(&snapshot)).unwrap();
            record(snapshot, &text);
        }
    }
    for name in names_in("tests/e2e") {
        if let Some(module) = name.strip_suffix(".rs") {
            let path = format!("tests/e2e/{module}.rs");
            let text = std::fs::read_to_string(repo_root().join(&path)).unwrap();
            record(path, &text);
        }
    }
    let unseen: Vec<String> = codes::ALL
        .iter()
        .filter(|c| !seen.contains_key(c.id()))
        .map(|c| format!("{} {}", c.id(), c.title()))
        .collect();
    assert!(
        unseen.is_empty(),
        "codes no end-to-end test shows (add a fixture under tests/fixtures/invalid or warnings): {unseen:?}"
    );
}

#[test]
fn shown_codes_reads_severity_and_id() {
    assert_eq!(
        shown_codes(
            "a:1:1: error[E001]: x\nb: warning[W007]: y; error[E0]; error[E0xx] warning[W0012] note[N001]"
        ),
        vec![("error", "E001"), ("warning", "W007"), ("note", "N001")]
    );
}

/// E000: `serve` keeps serving when the site can't be read at all, shows why in the page, and
/// recovers once `site.yaml` is back.
#[test]
fn serve_shows_a_site_it_cannot_read_until_it_can() {
    let t = SiteTest::fixture("minimal");
    let server = Server::start(&t, &[]);
    let config = t.root().join("site.yaml");
    let kept = std::fs::read_to_string(&config).unwrap();
    let first = server.wait_for("/", "the first build", |b| b.contains("</html>"));
    let title = first
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();

    std::fs::remove_file(&config).unwrap();
    let page = server.wait_for("/", "the overlay", |b| b.contains("build failed"));
    assert!(
        page.contains("<code>site.yaml:1:1</code> error[E000]: no `site.yaml` in"),
        "{page}"
    );
    assert!(page.contains(title), "the last good page stays: {page}");

    t.write("site.yaml", &kept);
    server.wait_for("/", "the fix", |b| !b.contains("build failed"));
}

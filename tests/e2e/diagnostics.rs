//! Bad input of every kind ends in located diagnostics and exit 1, and the previous output is
//! left alone. One fixture per case under `tests/fixtures/invalid/`, each with a snapshot of the
//! short (`path:line:col: error[code]: …`) form in English and then in Chinese: a message or help
//! reads right in both, or the snapshot shows it doesn't. Warnings have their own fixtures under
//! `tests/fixtures/warnings/`: they are reported but pass, unless denied.

use crate::harness::{Run, SiteTest, repo_root, tree};

/// The fixture names under `tests/fixtures/<group>/`, sorted.
fn fixtures(group: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("tests/fixtures").join(group))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Every diagnostic line is `path:line:col: severity[code]: message`, in a file of the site.
fn assert_located(name: &str, run: &Run) {
    for line in run
        .stderr
        .lines()
        .filter(|l| l.contains("error[") || l.contains("warning["))
    {
        let mut parts = line.splitn(4, ':');
        let (file, l, c) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(
            file.starts_with("content/") || file.starts_with("templates/") || file == "site.yaml",
            "{name}: {line}"
        );
        assert!(
            l.parse::<usize>().unwrap() >= 1 && c.parse::<usize>().unwrap() >= 1,
            "{name}: {line}"
        );
    }
}

/// `english` (a `check --format short` run) and the same check in Chinese, one after the other.
fn in_both_languages(t: &SiteTest, english: &Run) -> String {
    let chinese = t.run(&["check", "--format", "short", "--lang", "zh-CN"]);
    assert_eq!(chinese.code, english.code, "{}", chinese.stderr);
    assert_located("zh-CN", &chinese);
    format!("{}--- zh-CN ---\n{}", english.stderr, chinese.stderr)
}

#[test]
fn each_invalid_fixture_reports_located_errors_and_keeps_the_output() {
    let names = fixtures("invalid");
    assert!(names.len() >= 15, "{names:?}");
    for name in names {
        let t = SiteTest::fixture(&format!("invalid/{name}"));
        let run = t.check_short();
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        insta::assert_snapshot!(name.clone(), in_both_languages(&t, &run));
        assert_located(&name, &run);

        // A build over existing output fails and leaves it byte-for-byte as it was.
        std::fs::create_dir_all(t.public()).unwrap();
        std::fs::write(t.public().join("index.html"), "previous build").unwrap();
        let before = tree(&t.public());
        assert_eq!(t.build().code, 1, "{name}");
        assert_eq!(before, tree(&t.public()), "{name}");
    }
}

#[test]
fn each_warning_fixture_passes_unless_warnings_are_denied() {
    let names = fixtures("warnings");
    assert!(names.len() >= 6, "{names:?}");
    for name in names {
        let t = SiteTest::fixture(&format!("warnings/{name}"));
        let run = t.check_short();
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        insta::assert_snapshot!(format!("warning-{name}"), in_both_languages(&t, &run));
        assert_located(&name, &run);
        let warnings = run
            .stderr
            .lines()
            .filter(|l| l.contains(": warning["))
            .count();
        assert_eq!(warnings, 1, "{name}: {}", run.stderr);
        assert!(!run.stderr.contains(": error["), "{name}: {}", run.stderr);

        let denied = t.run(&["check", "--deny-warnings", "--format", "short"]);
        assert_eq!(denied.code, 1, "{name}: {}", denied.stderr);
        let built = t.build();
        assert_eq!(built.code, 0, "{name}: {}", built.stderr);
        assert!(t.public().join("index.html").is_file(), "{name}");
    }
}

#[test]
fn rich_form_shows_the_source_line_and_help() {
    let t = SiteTest::fixture("invalid/unknown-field");
    let run = t.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/bases/museum.md:5:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("adress: 金华路398号"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `address`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 error, 0 warnings in 1 file"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_form_is_one_object_per_diagnostic() {
    let t = SiteTest::fixture("invalid/unknown-place");
    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let first: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["code"], "E020");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/routes/dino-day.md");
    assert_eq!(first["help"], "did you mean `bases/museum`?");
}

#[test]
fn warnings_pass_unless_denied() {
    let t = SiteTest::fixture("minimal");
    let stale = std::fs::read_to_string(t.root().join("content/bases/museum.md"))
        .unwrap()
        .replace("verified: 2026-11-01", "verified: 2025-01-01");
    t.write("content/bases/museum.md", &stale);
    let run = t.check_short();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[W005]"), "{}", run.stderr);
    assert_eq!(t.run(&["check", "--deny-warnings"]).code, 1);
}

/// N001: an editor's backup and swap files are left out with a note, never published nor taken
/// for a page's image, and a note fails nothing.
#[test]
fn editor_leftovers_are_left_out_with_a_note() {
    let t = SiteTest::fixture("minimal");
    let page = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    t.write("content/bases/museum.md~", &page);
    t.write("content/bases/#museum.md#", &page);
    t.write("static/style.css.bak", "body{}");
    t.write("content/routes/x.swp", "swap");
    let run = t.run(&["check", "--deny-warnings", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "content/bases/#museum.md#",
        "content/bases/museum.md~",
        "content/routes/x.swp",
        "static/style.css.bak",
    ] {
        assert!(
            run.stderr.contains(&format!(
                "{file}:1:1: note[N001]: an editor's backup or temporary file: left out of the site"
            )),
            "{file}: {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("E009"), "{}", run.stderr);
    let built = t.build();
    assert_eq!(built.code, 0, "{}", built.stderr);
    let published = tree(&t.public());
    assert!(
        published
            .keys()
            .filter_map(|p| p.to_str())
            .all(|p| !p.ends_with('~') && !p.ends_with(".bak") && !p.ends_with(".swp")),
        "{:?}",
        published.keys()
    );
}

#[test]
fn the_shipped_site_passes_check_with_warnings_denied() {
    let t = SiteTest::shipped();
    let run = t.run(&["check", "--deny-warnings", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "checked 16 places, 5 routes, 2 pages: no problems\n"
    );
    let chinese = t.run(&["check", "--deny-warnings", "--lang", "zh-CN"]);
    assert_eq!(
        chinese.stderr,
        "已检查 16 个地点、5 条线路、2 个页面：没有问题\n"
    );
}

#[test]
fn an_oversized_file_is_refused_quickly() {
    let t = SiteTest::fixture("minimal");
    let mut text = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    let line = "重庆的山城步道连接着江边与山顶，记录了城市的地形与历史。\n";
    while text.len() <= 5 * 1024 * 1024 {
        text.push_str(line);
    }
    t.write("content/bases/museum.md", &text);
    let run = t.check_short();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/bases/museum.md:1:1: error[E016]: the file is 5.0 MB"),
        "{}",
        run.stderr
    );
}

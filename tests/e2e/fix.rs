//! `yanxue check --fix`: the typing mistakes whose fix is certain (full-width punctuation in
//! YAML syntax, Chinese times and dates, tabs) are fixed in place, and nothing else changes.
//! Each case under `tests/fixtures/fix/<case>/` is a site, and `expected/` beside it holds the
//! files as they must be after the fix, written by hand.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::harness::{SiteTest, repo_root, tree};

/// The site's files (the copy's `expected/` left out), by relative path.
fn site_files(t: &SiteTest) -> BTreeMap<PathBuf, Vec<u8>> {
    tree(t.root())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("expected"))
        .collect()
}

/// The files `--fix` must write, with their expected bytes.
fn expected(case: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    tree(
        &repo_root()
            .join("tests/fixtures/fix")
            .join(case)
            .join("expected"),
    )
}

/// Runs `check --fix` over a copy of the case and asserts that the files in `expected/` are now
/// those bytes and every other file is as it was. Returns the copy and the run.
fn fix_case(case: &str, args: &[&str]) -> (SiteTest, crate::harness::Run) {
    let t = SiteTest::fixture(&format!("fix/{case}"));
    let before = site_files(&t);
    let run = t.run(&[&["check", "--fix", "--format", "short"], args].concat());
    let after = site_files(&t);
    let expected = expected(case);
    assert!(!expected.is_empty(), "{case}");
    for (path, bytes) in &after {
        match expected.get(path) {
            Some(want) => assert!(
                want == bytes,
                "{case}: {} differs from expected/:\n{}",
                path.display(),
                String::from_utf8_lossy(bytes)
            ),
            None => assert!(
                before.get(path) == Some(bytes),
                "{case}: {} was changed",
                path.display()
            ),
        }
    }
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{case}: files were added or removed (a temporary file left behind?)"
    );
    (t, run)
}

#[test]
fn every_certain_fix_is_applied_byte_for_byte_and_a_second_run_changes_nothing() {
    #[cfg(unix)]
    let mode = |t: &SiteTest| {
        use std::os::unix::fs::PermissionsExt;
        let path = t.root().join("content/bases/museum.md");
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    };
    let (t, run) = fix_case("certain", &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The diff of each changed file, with its own lines.
    for line in [
        "fixed site.yaml:",
        "fixed content/bases/museum.md:",
        "fixed content/routes/dino-day.md:",
        "--- content/bases/museum.md",
        "+++ content/bases/museum.md",
        "-district：北碚区",
        "+district: 北碚区",
        "-        arrive: 上午9时30分",
        "+        arrive: \"09:30\"",
        "+  - 2027-10-01",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "no line `{line}` in:\n{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains("# 站点设置") && !run.stdout.contains("馆内有合川马门溪龙"),
        "only changed lines and their context are shown:\n{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "checked 1 place, 1 route, 1 page: no problems\n\
         --fix: applied 24 fixes in 3 files; 0 findings left that could not be fixed for sure\n"
    );
    // Comments, quoted values, block scalars and the Markdown body keep their full-width
    // punctuation; CRLF line ends stay.
    let museum = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    assert!(museum.contains("# 注释：不改，也不改“引号”\n"), "{museum}");
    assert!(
        museum.contains("note: \"凭证件免费，节假日：照常\""),
        "{museum}"
    );
    assert!(
        museum.contains("how: 微信公众号实名预约，电话：023-0000,"),
        "{museum}"
    );
    assert!(
        museum.ends_with("馆内有合川马门溪龙：district：x，[a，b]。\n"),
        "{museum}"
    );
    let route = std::fs::read_to_string(t.root().join("content/routes/dino-day.md")).unwrap();
    assert!(
        route.contains("  分组活动：每组一名老师，\r\n  不离开步道；\r\n"),
        "{route}"
    );
    let site = std::fs::read_to_string(t.root().join("site.yaml")).unwrap();
    assert!(site.starts_with("# 站点设置：标题、地址，语言\n"), "{site}");

    // Again: nothing to do, nothing changed, no diff.
    let before = site_files(&t);
    let again = t.run(&["check", "--fix", "--format", "short"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, "");
    assert!(
        again.stderr.ends_with(
            "--fix: applied 0 fixes in 0 files; 0 findings left that could not be fixed for sure\n"
        ),
        "{}",
        again.stderr
    );
    assert_eq!(before, site_files(&t));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let t = SiteTest::fixture("fix/certain");
        let path = t.root().join("content/bases/museum.md");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        t.run(&["check", "--fix"]);
        assert_eq!(mode(&t), 0o640, "the file keeps its permissions");
    }
}

#[test]
fn what_is_not_certain_is_left_and_said() {
    let (t, run) = fix_case("uncertain", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "content/routes/dino-day.md:6:14: error[E062]: `5/1` is not a date written YYYY-MM-DD \
             (help: write the year too, as YYYY-MM-DD, e.g. `2027-05-01`)",
            "content/routes/dino-day.md:20:16: error[E061]: `晚上12点` is not a time written \"HH:MM\" \
             (help: write the 24-hour time in quotes, e.g. \"21:00\" for 9 in the evening)",
            "2 errors, 0 warnings in 1 file",
            "--fix: applied 1 fix in 1 file; 2 findings left that could not be fixed for sure",
        ]
    );
    assert!(
        run.stdout.contains("+        arrive: \"09:30\"\n"),
        "{}",
        run.stdout
    );
    let before = site_files(&t);
    let again = t.run(&["check", "--fix", "--format", "short"]);
    assert_eq!(again.code, 1);
    assert_eq!(again.stdout, "");
    assert_eq!(before, site_files(&t));
}

#[test]
fn the_fix_speaks_chinese_too() {
    let (_, run) = fix_case("uncertain", &["--lang", "zh-CN"]);
    assert!(
        run.stdout
            .starts_with("已修正 content/routes/dino-day.md：\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "content/routes/dino-day.md:20:16: error[E061]: `晚上12点` 不是 \"HH:MM\" 格式的时间"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "--fix：在 1 个文件中修正了 1 处；还有 2 处无法确定怎样修正，需要手动修改\n"
        ),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_file_outside_the_site_is_never_fixed() {
    let outside = tempfile::tempdir().unwrap();
    let theirs = outside.path().join("notes.md");
    let text = "---\nname: x\ndistrict：北碚区\n---\n";
    std::fs::write(&theirs, text).unwrap();
    let t = SiteTest::fixture("minimal");
    std::os::unix::fs::symlink(&theirs, t.root().join("content/bases/notes.md")).unwrap();
    let run = t.run(&["check", "--fix", "--format", "short"]);
    assert!(run.stderr.contains("warning[W007]"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), text);
    assert_eq!(run.stdout, "");
}

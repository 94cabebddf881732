//! The output directory can never cost an editor their work: `--out` that names sources, a file
//! or someone else's directory is refused with nothing touched; two builds take turns; Ctrl-C,
//! SIGTERM and leftovers of killed builds are cleaned up; and a previous output that can't be
//! removed is a warning, not a failure.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, assert_same_tree, tree, yanxue_command};

/// Every file under the site's directory, sources and output alike.
fn everything(t: &SiteTest) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    tree(t.root())
}

/// The names beside the output (the site's directory listing), sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A shipped site already built once, with a `static/` folder of its own.
fn built_site() -> SiteTest {
    let t = SiteTest::shipped();
    t.write("static/robots-extra.txt", "kept\n");
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    t
}

#[test]
fn an_out_inside_the_sources_is_refused_and_nothing_is_touched() {
    let t = built_site();
    let before = everything(&t);
    for rel in [
        "content/routes",
        "content",
        "content/",
        "themes",
        "themes/default/templates",
        "static",
        "templates",
        "site.yaml",
        "content/routes/new-folder",
    ] {
        let out = t.root().join(rel);
        let run = t.run(&["build", "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{rel}: {}", run.stderr);
        assert!(
            run.stderr.contains("lies in the site's sources")
                && run.stderr.contains("Choose a directory outside content/"),
            "{rel}: {}",
            run.stderr
        );
        assert_same_tree(
            &before,
            &everything(&t),
            &format!("{rel} changed something"),
        );
    }
    // Relative to the working directory, as a user types it.
    let run = yanxue_command()
        .args(["build", "--out", "content/routes"])
        .current_dir(t.root())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_same_tree(&before, &everything(&t), "unchanged");
}

#[test]
fn an_out_that_is_a_file_is_refused() {
    let t = built_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let notes = elsewhere.path().join("notes.txt");
    std::fs::write(&notes, "an editor's notes").unwrap();
    let before = everything(&t);
    let run = t.run(&["build", "--out", notes.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is a file, not a directory"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "an editor's notes"
    );
    assert_eq!(names_in(elsewhere.path()), ["notes.txt"]);
    assert_same_tree(&before, &everything(&t), "unchanged");
}

#[test]
fn a_directory_yanxue_did_not_write_needs_force() {
    let t = built_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let photos = elsewhere.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    std::fs::write(photos.join("trip.jpg"), "a photo").unwrap();
    let before = tree(elsewhere.path());
    let run = t.run(&["build", "--out", photos.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("was not written by yanxue") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(elsewhere.path()), "unchanged");
    assert_eq!(names_in(elsewhere.path()), ["photos"]);

    let run = t.run(&["build", "--out", photos.to_str().unwrap(), "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!photos.join("trip.jpg").exists());
    assert!(photos.join(".yanxue-output").is_file());
    // From now on it is the build's own.
    let run = t.run(&["build", "--out", photos.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(names_in(elsewhere.path()), ["photos"]);
}

#[test]
fn the_default_output_and_a_new_directory_need_no_force() {
    let t = SiteTest::shipped();
    // A public/ made by hand (or by an older version) is still the site's own output.
    t.write("public/old.html", "old");
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!t.public().join("old.html").exists());
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("deep/new/site");
    let run = t.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tree(&out), tree(&t.public()));
}

#[test]
fn a_second_build_waits_for_the_first_and_says_who_holds_it() {
    let t = built_site();
    let expected = tree(&t.public());
    // Stand in for a first build by holding the output's lock.
    let lock = std::fs::File::create(t.root().join(".public.lock")).unwrap();
    lock.lock().unwrap();
    std::fs::write(t.root().join(".public.lock"), "4242").unwrap();
    let mut second = yanxue_command()
        .args(["build", "--root"])
        .arg(t.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(second.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.contains("waiting for another build into") && line.contains("(process 4242)"),
        "{line}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(second.try_wait().unwrap().is_none(), "it must wait");
    drop(lock);
    assert!(second.wait().unwrap().success());
    assert_same_tree(&expected, &tree(&t.public()), "unchanged");
    assert!(!names_in(t.root()).iter().any(|n| n.starts_with(".public")));
}

#[test]
fn two_builds_at_once_both_succeed() {
    let t = built_site();
    let expected = tree(&t.public());
    let start = || {
        yanxue_command()
            .args(["build", "--root"])
            .arg(t.root())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (start(), start());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_same_tree(&expected, &tree(&t.public()), "unchanged");
    assert!(!names_in(t.root()).iter().any(|n| n.starts_with(".public")));
}

/// Starts a build of `t` and waits until it is writing pages into its staging directory.
fn build_caught_writing(t: &SiteTest) -> std::process::Child {
    let child = yanxue_command()
        .args(["build", "--root"])
        .arg(t.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = t.root().join(format!(".public.staging-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    while !staging.join("routes").is_dir() {
        assert!(Instant::now() < deadline, "the build never wrote a page");
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

#[test]
fn ctrl_c_and_sigterm_remove_the_unfinished_build() {
    let t = SiteTest::shipped_with_routes(300, &std::env::temp_dir());
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = everything(&t);
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let child = build_caught_writing(&t);
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {stderr}");
        assert!(
            stderr.contains("interrupted: the unfinished build was removed"),
            "SIG{signal}: {stderr}"
        );
        assert_same_tree(
            &before,
            &everything(&t),
            &format!("SIG{signal} left something"),
        );
    }
}

#[test]
fn leftovers_of_killed_builds_are_removed_with_a_note() {
    let t = built_site();
    let expected = tree(&t.public());
    for leftover in [".public.staging-999999", ".public.old-999998"] {
        t.write(&format!("{leftover}/index.html"), "half a build");
    }
    t.write(".public.lock", "999999");
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for leftover in [".public.staging-999999", ".public.old-999998"] {
        assert!(
            run.stderr.contains(&format!(
                "note: removed {}, left by an interrupted build",
                t.root().join(leftover).display()
            )),
            "{}",
            run.stderr
        );
    }
    assert_same_tree(&expected, &tree(&t.public()), "unchanged");
    assert!(!names_in(t.root()).iter().any(|n| n.starts_with(".public")));
}

/// Makes `file` impossible to delete (root ignores permissions, so it gets the immutable flag).
fn pin(file: &Path, pinned: bool) {
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let ok = if root {
        let flag = if pinned { "+i" } else { "-i" };
        Command::new("chattr").arg(flag).arg(file).status()
    } else {
        let mode = if pinned { "555" } else { "755" };
        Command::new("chmod")
            .arg(mode)
            .arg(file.parent().unwrap())
            .status()
    };
    assert!(ok.unwrap().success(), "can't pin {}", file.display());
}

#[test]
fn an_old_output_that_cant_be_removed_is_a_warning() {
    let t = built_site();
    let pinned = t.public().join("routes/index.html");
    pin(&pinned, true);
    t.write(
        "content/pages/new-page.md",
        "---\ntitle: 新页面\n---\n正文\n",
    );
    let run = t.build();
    let left: Vec<_> = names_in(t.root())
        .into_iter()
        .filter(|n| n.starts_with(".public.staging-"))
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    let pinned = t.root().join(&left[0]).join("routes/index.html");
    // Still pinned: the next build can't remove it either, and goes on all the same.
    let next = t.build();
    pin(&pinned, false);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert!(next.stderr.contains("can't be removed"), "{}", next.stderr);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: the new build is in")
            && run.stderr.contains("could not be removed")
            && run.stderr.contains("it is still at"),
        "{}",
        run.stderr
    );
    assert!(t.public().join("pages/new-page/index.html").is_file());
    // The next build finishes the job.
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("note: removed"), "{}", run.stderr);
    assert!(!names_in(t.root()).iter().any(|n| n.starts_with(".public")));
}

//! Nothing outside the site is read or published, and nothing in it can hang a build: links
//! out of the site (or out of a theme's folder), a `theme:` that is a path, named pipes, and
//! linked content files. Each case builds once first, then checks that the bad run left every
//! source and the previous output byte for byte as they were, and that no byte from outside
//! reached the output.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use crate::harness::{ENGLISH, Run, SiteTest, copy_dir, repo_root, tree};
use crate::serve::Server;

/// Written into every file outside the site, to look for in the output.
const SECRET: &str = "TOP-SECRET-外部机密";

/// A folder outside the site holding a secret file, a secret page and a whole theme whose
/// files carry the secret.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(
        dir.path().join("secret.md"),
        format!("---\ntitle: {SECRET}\n---\n{SECRET}\n"),
    )
    .unwrap();
    let theme = dir.path().join("theme");
    copy_dir(&repo_root().join("themes/default"), &theme);
    std::fs::write(theme.join("static/secret.txt"), SECRET).unwrap();
    dir
}

/// `yanxue <args…> --root <site>` that gives up after a minute: a run that blocks on a named
/// pipe fails the test instead of hanging it.
fn run(t: &SiteTest, args: &[&str]) -> Run {
    let output = assert_cmd::Command::cargo_bin("yanxue")
        .unwrap()
        .env("LC_ALL", ENGLISH)
        .args(args)
        .arg("--root")
        .arg(t.root())
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env_remove("CLICOLOR_FORCE")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    Run::from(output)
}

fn build(t: &SiteTest) -> Run {
    run(t, &["build", "--format", "short"])
}

/// The minimal site, built once; with the site's tree (sources and output) as it is now.
fn built_site() -> (SiteTest, Tree) {
    let t = SiteTest::fixture("minimal");
    let first = build(&t);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = tree(t.root());
    (t, before)
}

type Tree = std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>;

fn assert_no_secret_in(public: &Path) {
    for (file, bytes) in tree(public) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "{} holds a file from outside the site",
            file.display()
        );
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn links_out_of_the_site_or_the_theme_are_warned_and_not_published() {
    let out = outside();
    let t = SiteTest::fixture("minimal");
    // The default theme on disk (the same as the built-in one), to link out of.
    copy_dir(
        &repo_root().join("themes/default"),
        &t.root().join("themes/default"),
    );
    t.write("shared.css", "/* the site's, not the theme's */");
    assert_eq!(build(&t).code, 0);
    let public_before = tree(&t.public());
    let sources_before = tree(t.root());

    let secret = out.path().join("secret.txt");
    symlink(out.path(), t.root().join("static")).unwrap();
    let theme = t.root().join("themes/default");
    symlink(&secret, theme.join("static/leak.txt")).unwrap();
    symlink(&secret, theme.join("templates/leak.html")).unwrap();
    // Inside the site, but outside the theme's own folder.
    symlink("../../../shared.css", theme.join("static/shared.css")).unwrap();

    let run = build(&t);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outside_dir = out.path().canonicalize().unwrap();
    for expected in [
        format!(
            "static:1:1: warning[W007]: this link points to `{}`, outside the site's folder: it is not read or published (help: copy the file into the site instead of linking to it)",
            outside_dir.display()
        ),
        format!(
            "themes/default/static/leak.txt:1:1: warning[W007]: this link points to `{}`, outside the theme's folder `themes/default/`",
            outside_dir.join("secret.txt").display()
        ),
        "themes/default/templates/leak.html:1:1: warning[W007]".to_string(),
        "themes/default/static/shared.css:1:1: warning[W007]".to_string(),
        "0 errors, 4 warnings in 4 files".to_string(),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert_eq!(public_before, tree(&t.public()));
    assert_no_secret_in(&t.public());
    // The links themselves are not followed by `tree`: everything else is as it was.
    assert_eq!(sources_before, tree(t.root()));
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), SECRET);
}

#[test]
fn a_theme_given_as_a_path_is_a_located_error() {
    let out = outside();
    let (t, before) = built_site();
    let config = std::fs::read_to_string(t.root().join("site.yaml")).unwrap();
    assert!(config.lines().nth(4) == Some("theme: default"), "{config}");
    let theme = out.path().join("theme");
    for value in [theme.display().to_string(), "../../x".to_string()] {
        t.write(
            "site.yaml",
            &config.replace("theme: default", &format!("theme: {value}")),
        );
        let run = build(&t);
        assert_eq!(run.code, 1, "{value}: {}", run.stderr);
        let expected = format!(
            "site.yaml:5:8: error[E017]: `{value}` is not a theme name: themes are read only from the site's themes/ folder (help: a theme is a folder name under themes/, e.g. `theme: default`)"
        );
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
        t.write("site.yaml", &config);
        assert_eq!(before, tree(t.root()), "{value}");
    }
    assert_no_secret_in(&t.public());
}

#[test]
fn a_named_pipe_never_blocks_and_is_said_to_be_one() {
    let (t, before) = built_site();
    let config = t.root().join("site.yaml");
    let kept = std::fs::read(&config).unwrap();
    std::fs::remove_file(&config).unwrap();
    mkfifo(&config);
    for command in ["build", "check"] {
        let run = run(&t, &[command]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("site.yaml is not a regular file (it is a named pipe)"),
            "{command}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("no `site.yaml`"), "{}", run.stderr);
    }
    std::fs::remove_file(&config).unwrap();
    std::fs::create_dir(&config).unwrap();
    let run = build(&t);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("site.yaml is not a regular file (it is a folder)"),
        "{}",
        run.stderr
    );
    std::fs::remove_dir(&config).unwrap();
    std::fs::write(&config, kept).unwrap();
    assert_eq!(before, tree(t.root()));

    // Under content/: skipped with a located warning, the rest of the site built as before.
    let pipe = t.root().join("content/bases/pipe.md");
    mkfifo(&pipe);
    let run = build(&t);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = "content/bases/pipe.md:1:1: warning[W008]: not a regular file (it is a named pipe): it is skipped";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert_eq!(before, tree(t.root()));
}

#[test]
fn linked_content_files_are_followed_inside_the_site_and_refused_outside() {
    let out = outside();
    let (t, before) = built_site();

    symlink(
        out.path().join("secret.md"),
        t.root().join("content/pages/leak.md"),
    )
    .unwrap();
    let run = build(&t);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = format!(
        "content/pages/leak.md:1:1: warning[W007]: this link points to `{}`, outside the site's folder: it is not read or published",
        out.path()
            .canonicalize()
            .unwrap()
            .join("secret.md")
            .display()
    );
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    assert_eq!(before, tree(t.root()));
    assert!(!t.public().join("pages/leak").exists());
    assert_no_secret_in(&t.public());
    std::fs::remove_file(t.root().join("content/pages/leak.md")).unwrap();

    // A link that stays inside the site is followed; the page's id is the link's name.
    t.write(
        "shared/about.md",
        "---\ntitle: 共享页面\n---\n共享的正文。\n",
    );
    let shared_before = std::fs::read(t.root().join("shared/about.md")).unwrap();
    let link = t.root().join("content/pages/about-us.md");
    symlink("../../shared/about.md", &link).unwrap();
    let run = build(&t);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
    let page = t.read_output("pages/about-us/index.html");
    assert!(
        page.contains("共享页面") && page.contains("共享的正文"),
        "{page}"
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("../../shared/about.md")
    );
    assert_eq!(
        std::fs::read(t.root().join("shared/about.md")).unwrap(),
        shared_before
    );
}

#[test]
fn serve_never_answers_with_a_file_from_outside() {
    let out = outside();
    let t = SiteTest::fixture("minimal");
    copy_dir(
        &repo_root().join("themes/default"),
        &t.root().join("themes/default"),
    );
    symlink(out.path(), t.root().join("static")).unwrap();
    let server = Server::start(&t, &[]);
    assert_eq!(server.get("/style.css").0, 200);
    let (status, _, body) = server.get("/secret.txt");
    assert_eq!(status, 404);
    assert!(!body.contains(SECRET), "{body}");

    // A link made while serving goes through the live rebuild, not the first load: the theme's
    // static folder becomes a link to the theme outside. The page edited after it shows when
    // the link has been seen.
    let theme_static = t.root().join("themes/default/static");
    std::fs::remove_dir_all(&theme_static).unwrap();
    symlink(out.path().join("theme/static"), &theme_static).unwrap();
    let about = t.root().join("content/pages/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    t.write("content/pages/about.md", &format!("{text}\n链接之后。\n"));
    server.wait_for("/pages/about/", "the edit", |b| b.contains("链接之后"));
    for path in ["/secret.txt", "/style.css"] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains(SECRET), "{path}: {body}");
    }
    assert!(!t.public().exists());
}

//! `yanxue init`, `yanxue new` and drafts, as an editor meets them: a new site that builds, a
//! new page that starts as a draft and is published once filled in as its comments say, drafts
//! left out of `build` but shown by `serve`, and what `check` says about them.

use std::path::{Path, PathBuf};

use crate::harness::{Run, SiteTest, tree, yanxue_command};
use crate::serve::Server;

/// `yanxue <args>` in `dir`, in English, on the harness's fixed date.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = yanxue_command()
        .current_dir(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1795000000") // 2026-11-19
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    Run::from(output)
}

/// A new site made by `init` in a fresh temporary folder: (the temp dir, the site's folder).
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.path().join("site");
    (dir, site)
}

/// Lines of `text` that are warnings or errors.
fn warnings_and_errors(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains(": warning[") || l.contains(": error["))
        .collect()
}

#[test]
fn init_makes_a_site_that_passes_check_deny_warnings_and_builds() {
    let (_dir, site) = new_site();
    for file in [
        "site.yaml",
        ".gitignore",
        "content/_index.md",
        "content/bases/example-base.md",
        "content/spots/example-spot.md",
        "content/routes/example-route.md",
        "content/pages/about.md",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "public/\n"
    );
    let check = run_in(&site, &["check", "--deny-warnings", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(warnings_and_errors(&check.stderr), Vec::<&str>::new());
    // What is left to write is listed, located, as notes.
    assert!(
        check.stderr.contains(
            "content/bases/example-base.md:5:12: note[N012]: placeholder still to replace: 请改成你的基地名称 (help: write the real value in place of the example, then delete `（请改成…）`)"
        ),
        "{}",
        check.stderr
    );
    let build = run_in(&site, &["build", "--format", "short"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(warnings_and_errors(&build.stderr), Vec::<&str>::new());
    let route =
        std::fs::read_to_string(site.join("public/routes/example-route/index.html")).unwrap();
    assert!(route.contains("示例科技馆"), "the route shows its stops");
    // The site.yaml explains each field in Chinese first, then in English.
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    for field in [
        "title:",
        "base_url:",
        "language:",
        "region:",
        "districts:",
        "rules:",
    ] {
        let at = config
            .find(&format!("\n{field}"))
            .or_else(|| config.find(&format!("  {field}")));
        let before = &config[..at.unwrap_or_else(|| panic!("{field}"))];
        let comment = before.lines().last().unwrap().trim_start();
        assert!(comment.starts_with("# "), "{field}: {comment}");
    }
}

#[test]
fn init_says_the_next_steps_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "a"]);
    assert!(
        run.stderr.contains("made a new site in a. Next:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("  cd a\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("yanxue new route my-route"),
        "{}",
        run.stderr
    );
    let run = run_in(dir.path(), &["init", "b", "--lang", "zh-CN"]);
    assert!(
        run.stderr.contains("已在 b 建好新网站。接下来："),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("  yanxue serve "), "{}", run.stderr);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("notes");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("todo.txt"), "mine").unwrap();
    let before = tree(dir.path());
    let run = run_in(dir.path(), &["init", "notes"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: notes is not empty (it holds `todo.txt`): `init` makes a site only in a new or empty folder, so nothing of yours is overwritten; name a new folder, e.g. `yanxue init my-site`\n"
    );
    assert_eq!(tree(dir.path()), before, "nothing was written");
    let run = run_in(dir.path(), &["init", "notes", "--lang", "zh-CN"]);
    assert!(
        run.stderr
            .starts_with("错误：notes 不是空文件夹（里面有 `todo.txt`）"),
        "{}",
        run.stderr
    );
    // Hidden files alone (a fresh `git init`) leave a folder empty.
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let run = run_in(&repo, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.join("site.yaml").is_file());
}

/// Follows the comments of a file `new` wrote: each example value marked `（请改成X）` is
/// replaced by a value of what X asks for, and the `draft: true` line the comments say to delete
/// is deleted.
fn fill_in_as_the_comments_say(text: &str) -> String {
    assert!(
        text.contains("写完后删掉下面这行 `draft: true`"),
        "the comments say how to publish"
    );
    let mut out = Vec::new();
    for line in text.lines() {
        if line == "draft: true" {
            continue;
        }
        let mut line = line.to_string();
        while let Some(at) = line.find("（请改成") {
            if line.trim_start().starts_with('#') {
                break;
            }
            let end = at + line[at..].find('）').unwrap() + '）'.len_utf8();
            let asked = &line[at + "（请改成".len()..end - '）'.len_utf8()];
            // The example is the value written just before the bracket.
            let start = line[..at]
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, ':' | ',' | '[' | '{' | '-'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let start = start + line[start..at].len() - line[start..at].trim_start().len();
            line = format!("{}已填写的{asked}{}", &line[..start], &line[end..]);
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

#[test]
fn a_new_route_is_a_draft_until_filled_in_as_its_comments_say() {
    let (_dir, site) = new_site();
    let new = run_in(&site, &["new", "route", "x"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert_eq!(
        new.stderr,
        "wrote content/routes/x.md (from the built-in skeleton; a site can use its own: skeletons/route.md)\n\
         it is a draft: `yanxue serve` shows it at /routes/x/, `yanxue build` leaves it out until you delete `draft: true`\n\
         fill it in as its comments say; `yanxue check` lists what it still lacks\n"
    );
    let build = run_in(&site, &["build", "--format", "short"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains(
            "content/routes/x.md:4:8: note[N010]: draft `routes/x` is left out of the build (help: `yanxue serve` shows it; delete `draft: true` when it is ready to publish)"
        ),
        "{}",
        build.stderr
    );
    assert!(!site.join("public/routes/x").exists());
    let cards = std::fs::read_to_string(site.join("public/routes/index.html")).unwrap();
    assert!(!cards.contains("/routes/x/"), "not in the list");
    let sitemap = std::fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/routes/x/"), "not in the sitemap");

    let file = site.join("content/routes/x.md");
    let filled = fill_in_as_the_comments_say(&std::fs::read_to_string(&file).unwrap());
    assert!(!filled.contains("\ndraft: true\n"), "{filled}");
    assert!(filled.contains("title: 已填写的线路名称\n"), "{filled}");
    assert!(
        filled.contains("- { role: 项目组长, name: 已填写的姓名 }"),
        "{filled}"
    );
    std::fs::write(&file, filled).unwrap();
    let check = run_in(&site, &["check", "--deny-warnings", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(warnings_and_errors(&check.stderr), Vec::<&str>::new());
    assert!(
        !check.stderr.contains("content/routes/x.md"),
        "{}",
        check.stderr
    );
    let build = run_in(&site, &["build", "--format", "short"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(warnings_and_errors(&build.stderr), Vec::<&str>::new());
    let page = std::fs::read_to_string(site.join("public/routes/x/index.html")).unwrap();
    assert!(page.contains("已填写的线路名称"));
    assert!(
        !page.contains("draft-mark"),
        "a published page has no draft mark"
    );
}

#[test]
fn new_writes_a_draft_of_each_kind_and_refuses_taken_and_bad_ids() {
    let (_dir, site) = new_site();
    for kind in ["base", "spot", "route", "page"] {
        let id = format!("new-{kind}");
        let run = run_in(&site, &["new", kind, &id]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
    }
    let check = run_in(&site, &["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for (section, kind) in [
        ("bases", "base"),
        ("spots", "spot"),
        ("routes", "route"),
        ("pages", "page"),
    ] {
        // Each parses and models (no N011): a draft, left out of the build.
        let left_out = format!(
            "content/{section}/new-{kind}.md:4:8: note[N010]: draft `{section}/new-{kind}` is left out of the build"
        );
        assert!(
            check.stderr.contains(&left_out),
            "{left_out}\n{}",
            check.stderr
        );
    }
    assert!(!check.stderr.contains("N011"), "{}", check.stderr);

    let file = site.join("content/routes/new-route.md");
    let before = std::fs::read(&file).unwrap();
    let taken = run_in(&site, &["new", "route", "new-route"]);
    assert_eq!(taken.code, 2);
    assert_eq!(
        taken.stderr,
        "error: `routes/new-route` exists already (content/routes/new-route.md): choose another id, or edit that file\n"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // A page bundle takes its id too.
    std::fs::create_dir_all(site.join("content/bases/lab")).unwrap();
    std::fs::write(site.join("content/bases/lab/index.md"), "").unwrap();
    assert_eq!(run_in(&site, &["new", "base", "lab"]).code, 2);
    let bad = run_in(&site, &["new", "spot", "天坑"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.starts_with(
            "error: `天坑` is not a valid id: ids are lowercase a-z, 0-9 and `-`, and become the page's URL; e.g. `yanxue new spot tian-keng`"
        ),
        "{}",
        bad.stderr
    );
    assert!(!site.join("content/spots/天坑.md").exists());
    // Outside a site: says what to do.
    let nowhere = tempfile::tempdir().unwrap();
    let run = run_in(nowhere.path(), &["new", "page", "a"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("help: run `yanxue init` to make a site first"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sites_own_skeleton_overrides_the_built_in_one() {
    let (_dir, site) = new_site();
    let own = include_str!("../../starter/skeletons/route.md")
        .replace("summary: ", "# 本站线路模板\nsummary: ");
    std::fs::create_dir(site.join("skeletons")).unwrap();
    std::fs::write(site.join("skeletons/route.md"), own).unwrap();
    let run = run_in(&site, &["new", "route", "ours"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("wrote content/routes/ours.md (from this site's skeletons/route.md)\n"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(site.join("content/routes/ours.md")).unwrap();
    assert!(text.contains("# 本站线路模板\n"), "{text}");
    // Its slots are filled as the built-in one's are: a place of this site.
    assert!(text.contains("      - at: bases/example-base\n"), "{text}");
    // Other kinds still use the built-in skeleton.
    let run = run_in(&site, &["new", "page", "faq"]);
    assert!(run.stderr.contains("built-in skeleton"), "{}", run.stderr);
}

/// The minimal fixture with a draft page, linked from nowhere.
fn site_with_a_draft_page() -> SiteTest {
    let t = SiteTest::fixture("minimal");
    t.write(
        "content/pages/plan.md",
        "---\ntitle: 下学期计划\ndraft: true\n---\n还在写。\n",
    );
    t
}

#[test]
fn serve_shows_drafts_with_a_mark_and_build_leaves_them_out_everywhere() {
    let t = site_with_a_draft_page();
    // A draft that can't be modeled yet (no `district`) is in no build, serve's included.
    t.write(
        "content/bases/lab.md",
        "---\nname: 新实验室\ndraft: true\nlocation: { lat: 29.8, lon: 106.4 }\n---\n",
    );
    let server = Server::start(&t, &[]);
    let (status, _, body) = server.get("/pages/plan/");
    assert_eq!(status, 200);
    assert!(body.contains("<strong>草稿 · draft</strong>"), "{body}");
    let (_, _, about) = server.get("/pages/about/");
    assert!(!about.contains("draft-mark"));
    // In the preview, the draft is in the navigation like any page.
    assert!(about.contains("下学期计划"));
    assert_eq!(server.get("/bases/lab/").0, 404);
    // Its notes are no errors: the preview shows the current build, with no overlay.
    assert!(!about.contains("__yanxue-overlay\">"), "{about}");
    // Publishing it in the preview takes the mark away.
    t.write(
        "content/pages/plan.md",
        "---\ntitle: 下学期计划\n---\n写好了。\n",
    );
    server.wait_for("/pages/plan/", "the published page", |body| {
        body.contains("写好了") && !body.contains("草稿 · draft")
    });
    drop(server);
    t.write(
        "content/pages/plan.md",
        "---\ntitle: 下学期计划\ndraft: true\n---\n还在写。\n",
    );

    let build = t.run(&["build", "--format", "short"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("content/pages/plan.md:3:8: note[N010]"),
        "{}",
        build.stderr
    );
    assert!(!t.public().join("pages/plan").exists());
    for file in [
        "index.html",
        "pages/about/index.html",
        "sitemap.xml",
        "search/manifest.json",
    ] {
        assert!(!t.read_output(file).contains("下学期计划"), "{file}");
    }
    for (path, bytes) in tree(&t.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("下学期计划") && !text.contains("/pages/plan/"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn check_lists_what_a_draft_lacks_as_notes_and_passes() {
    let t = SiteTest::fixture("minimal");
    t.write(
        "content/bases/lab.md",
        "---\nname: 新实验室\ndraft: true\nlocation: { lat: 29.8, lon: 106.4 }\ncategory: 科普型\n---\n",
    );
    let run = t.check_short();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "content/bases/lab.md:1:1: note[N011]: draft: [E003] missing required field `district` (help: add the line `district: …` (text) to the front matter)\n\
         content/bases/lab.md:3:8: note[N010]: draft `bases/lab` is left out of the build (help: `yanxue serve` shows it; delete `draft: true` when it is ready to publish)\n\
         0 errors, 0 warnings, 2 notes in 1 file\n"
    );
    let deny = t.run(&["check", "--deny-warnings", "--format", "short"]);
    assert_eq!(deny.code, 0, "notes never fail: {}", deny.stderr);
    // Once it models, its next problem shows, still as a note with its own code.
    t.write(
        "content/bases/lab.md",
        "---\nname: 新实验室\ndraft: true\ndistrict: 北碚区\nlocation: { lat: 29.8, lon: 106.4 }\ncategory: 科普型\n---\n",
    );
    let run = t.check_short();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/bases/lab.md:6:11: note[N011]: draft: [E015] `科普型` is not an allowed `category`"
        ),
        "{}",
        run.stderr
    );
    // Published, the same problem is an error again.
    let text = std::fs::read_to_string(t.root().join("content/bases/lab.md")).unwrap();
    t.write("content/bases/lab.md", &text.replace("draft: true\n", ""));
    let run = t.check_short();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("content/bases/lab.md:5:11: error[E015]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_published_page_that_needs_a_draft_is_an_error_naming_it() {
    let t = site_with_a_draft_page();
    t.write(
        "content/pages/about.md",
        "---\ntitle: 关于\n---\n看看[计划](@/pages/plan.md)。\n",
    );
    let run = t.check_short();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/pages/about.md:4:8: error[E080]: `pages/plan` is a draft (content/pages/plan.md), left out of the build: this link would lead nowhere (help: publish `pages/plan` by deleting `draft: true` (content/pages/plan.md:3), or take this out until it is ready)"
        ),
        "{}",
        run.stderr
    );
    // serve has the draft, so the link works there.
    let server = Server::start(&t, &[]);
    let (_, _, about) = server.get("/pages/about/");
    assert!(about.contains("href=\"/pages/plan/\""), "{about}");
    drop(server);

    // A published route stopping at a draft place.
    let t = SiteTest::fixture("minimal");
    let museum = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    t.write(
        "content/bases/museum.md",
        &museum.replacen("---\n", "---\ndraft: true\n", 1),
    );
    let run = t.check_short();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/routes/dino-day.md:16:13: error[E080]: this stop visits `bases/museum`, a draft (content/bases/museum.md) left out of the build"
        ),
        "{}",
        run.stderr
    );
    // … or at a draft that can't be modeled yet: the stop would silently vanish otherwise.
    t.write(
        "content/bases/museum.md",
        &museum
            .replacen("---\n", "---\ndraft: true\n", 1)
            .replace("district: 北碚区\n", ""),
    );
    let run = t.check_short();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/routes/dino-day.md:16:13: error[E080]: this stop visits `bases/museum`, a draft (content/bases/museum.md) that can't be built yet"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn only_pages_can_be_drafts() {
    let t = SiteTest::fixture("minimal");
    t.write(
        "content/routes/_index.md",
        "---\ntitle: 线路\ndraft: true\n---\n",
    );
    let run = t.check_short();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "content/routes/_index.md:3:8: error[E081]: only a base, spot, route or page can be a draft; `content/routes/_index.md` is always built (help: delete `draft: true` here)\n\
         1 error, 0 warnings in 1 file\n"
    );
}

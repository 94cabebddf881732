//! `yanxue build`: the shipped site, other sites with the default theme, determinism and
//! atomic output.

use crate::harness::{SiteTest, tree};

#[test]
fn shipped_site_builds_every_page_without_warnings() {
    let t = SiteTest::shipped();
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "bases/index.html",
        "spots/index.html",
        "routes/index.html",
        "subjects/index.html",
        "districts/index.html",
        "audiences/index.html",
        "subjects/gu-sheng-wu/index.html",
        "districts/bei-bei-qu/index.html",
        "audiences/gao-zhong/index.html",
    ] {
        assert!(t.public().join(page).is_file(), "missing {page}");
    }
    // A page for every content file.
    for entry in walkdir::WalkDir::new(t.root().join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(t.root().join("content")).unwrap();
        let Some(name) = rel.to_str().and_then(|s| s.strip_suffix(".md")) else {
            continue;
        };
        let page = name
            .strip_suffix("_index")
            .or(name.strip_suffix("/index"))
            .map_or(format!("{name}/index.html"), |dir| {
                format!("{dir}index.html")
            });
        assert!(
            t.public().join(&page).is_file(),
            "no page {page} for {}",
            rel.display()
        );
    }
    let sitemap = t.read_output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://yanxue.example.org/routes/wulong-karst-2day/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404"));
}

#[test]
fn route_page_links_each_stop_and_place_page_lists_its_routes() {
    let t = SiteTest::fixture("minimal");
    assert_eq!(t.build().code, 0);
    let route = t.read_output("routes/dino-day/index.html");
    assert!(route.contains(r#"href="/bases/museum/""#), "{route}");
    assert!(route.contains("09:30"), "{route}");
    let place = t.read_output("bases/museum/index.html");
    assert!(place.contains(r#"href="/routes/dino-day/""#), "{place}");
}

#[test]
fn any_site_builds_with_the_default_theme_and_options() {
    let t = SiteTest::fixture("minimal");
    let out = t.root().join("elsewhere/out");
    let run = t.run(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        "https://preview.example.com/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://preview.example.com/bases/museum/</loc>"),
        "{sitemap}"
    );
    assert!(!t.public().exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let t = SiteTest::shipped();
    assert_eq!(t.build().code, 0);
    let first = tree(&t.public());
    assert_eq!(t.build().code, 0);
    assert_eq!(first, tree(&t.public()));
    assert!(first.len() > 50);
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let t = SiteTest::fixture("minimal");
    assert_eq!(t.build().code, 0);
    std::fs::write(t.public().join("marker.txt"), "kept").unwrap();
    let before = tree(&t.public());
    t.write("content/bases/museum.md", "---\nname: [broken\n---\n");
    let run = t.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/bases/museum.md:2"),
        "{}",
        run.stderr
    );
    assert_eq!(before, tree(&t.public()));
    // And nothing is left beside it.
    let names: Vec<_> = std::fs::read_dir(t.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".public")), "{names:?}");
}

#[test]
fn output_never_replaces_the_site() {
    let t = SiteTest::fixture("minimal");
    for out in [
        t.root().to_path_buf(),
        t.root().parent().unwrap().to_path_buf(),
    ] {
        let run = t.run(&["build", "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("would replace the site"),
            "{}",
            run.stderr
        );
    }
    assert!(t.root().join("site.yaml").is_file());
}

#[test]
fn environment_problems_exit_2() {
    let t = SiteTest::fixture("minimal");
    std::fs::remove_file(t.root().join("site.yaml")).unwrap();
    let run = t.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no `site.yaml`"), "{}", run.stderr);
    let t = SiteTest::fixture("minimal");
    t.write(
        "site.yaml",
        &std::fs::read_to_string(t.root().join("site.yaml"))
            .unwrap()
            .replace("theme: default", "theme: nope"),
    );
    let run = t.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("theme `nope` not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn bundle_assets_and_static_files_are_copied() {
    let t = SiteTest::fixture("minimal");
    t.write("content/spots/cave/index.md", "---\nname: 洞\ndistrict: 北碚区\nlocation: { lat: 29.8, lon: 106.4 }\n---\n![钟乳石](stalactite.svg)\n");
    t.write(
        "content/spots/cave/stalactite.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    t.write("static/robots-extra.txt", "x");
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(t.public().join("spots/cave/stalactite.svg").is_file());
    assert!(t.public().join("robots-extra.txt").is_file());
    assert!(
        t.read_output("spots/cave/index.html")
            .contains(r#"src="stalactite.svg""#)
    );
}

#[test]
fn site_templates_override_the_theme() {
    let t = SiteTest::fixture("minimal");
    t.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>迷路了</p>{% endblock %}",
    );
    assert_eq!(t.build().code, 0);
    assert!(t.read_output("404.html").contains("迷路了"));
}

#[test]
fn the_home_page_features_the_six_most_recently_checked_routes() {
    let t = SiteTest::fixture("minimal");
    let route = std::fs::read_to_string(t.root().join("content/routes/dino-day.md")).unwrap();
    for day in 1..=7 {
        let text = route
            .replace("title: 恐龙一日", &format!("title: 恐龙线路{day}"))
            .replace(
                "verified: 2026-11-01",
                &format!("verified: 2026-11-{day:02}"),
            );
        t.write(&format!("content/routes/dino-{day}.md"), &text);
    }
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = t.read_output("index.html");
    assert_eq!(home.matches("data-route").count(), 6, "{home}");
    let (newest, oldest_shown) = (
        home.find("恐龙线路7").unwrap(),
        home.find("恐龙线路2").unwrap(),
    );
    assert!(newest < oldest_shown, "newest verified first");
    assert!(
        !home.contains("恐龙线路1<"),
        "the oldest is only on /routes/"
    );
    assert_eq!(
        t.read_output("routes/index.html")
            .matches("data-route")
            .count(),
        8
    );
}

//! Every diagnostic in both languages. Each fixture under `tests/fixtures/invalid/` and
//! `warnings/` is checked with `--format json` in English and in Chinese: the same problems at
//! the same places, a Chinese message and help that are really Chinese (not the English text,
//! not only the file's own values), and an English one with no Chinese of its own. Then a few
//! helps that must fit the site being checked, not the shipped one.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::harness::{SiteTest, repo_root};

/// Every code a fixture can show: each must be seen, in both languages, in some fixture. (The
/// others — `serve`'s E000, the oversized file, links and pipes, drafts, editors' leftovers — need
/// a running server or a file a fixture can't hold, and their own end-to-end tests read them.)
const FIXTURE_CODES: &[&str] = &[
    "E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008", "E009", "E010", "E011", "E012",
    "E013", "E014", "E015", "E018", "E020", "E021", "E022", "E023", "E030", "E031", "E032", "E033",
    "E034", "E035", "E036", "E040", "E041", "E042", "E043", "E044", "E045", "E050", "E060", "E061",
    "E062", "E063", "E064", "E070", "E071", "E072", "E073", "E074", "W001", "W002", "W003", "W004",
    "W005", "W006",
];

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Chinese text of any kind: Han characters, CJK punctuation (`，。：`), full-width forms.
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// `text` without its quoted values: what is between backticks or in `《》`.
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut in_ticks = false;
    let mut in_title = 0usize;
    for c in text.chars() {
        match c {
            '`' => in_ticks = !in_ticks,
            '《' if !in_ticks => in_title += 1,
            '》' if !in_ticks && in_title > 0 => in_title -= 1,
            _ if in_ticks || in_title > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// The maximal runs of CJK characters in `text`.
fn cjk_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Every text file of a fixture site, joined: where its own values (names, places) come from.
fn site_text(dir: &Path) -> String {
    let mut text = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                text.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
                text.push('\n');
            }
        }
    }
    text
}

/// What is wrong with one English/Chinese pair of texts (a message or a help), if anything.
/// `values` is the fixture's own text: Chinese the English text may quote without backticks.
fn pair_problem(en: &str, zh: &str, values: &str) -> Option<String> {
    if en == zh {
        return Some(format!("the same text in both languages: {en:?}"));
    }
    let foreign: Vec<String> = cjk_runs(&unquoted(en))
        .into_iter()
        .filter(|run| !values.contains(run.as_str()))
        .collect();
    if !foreign.is_empty() {
        return Some(format!("Chinese {foreign:?} in the English text {en:?}"));
    }
    // Chinese of the message's own, not only values it shares with the English text.
    let own_chinese = cjk_runs(&unquoted(zh))
        .into_iter()
        .filter(|run| !en.contains(run.as_str()))
        .any(|run| run.chars().any(is_han));
    if !own_chinese {
        return Some(format!("no Chinese words in the Chinese text {zh:?}"));
    }
    None
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Both languages' diagnostics of `t`, paired (the order is the same: sorted by place).
fn both_languages(t: &SiteTest) -> Vec<(Value, Value)> {
    let en = t.run(&["check", "--format", "json", "--lang", "en"]);
    let zh = t.run(&["check", "--format", "json", "--lang", "zh-CN"]);
    assert_eq!(en.code, zh.code, "{}\n{}", en.stderr, zh.stderr);
    let (en, zh) = (json_lines(&en.stdout), json_lines(&zh.stdout));
    assert_eq!(en.len(), zh.len(), "{en:?}\n{zh:?}");
    en.into_iter().zip(zh).collect()
}

#[test]
fn every_fixture_diagnostic_reads_in_english_and_in_chinese() {
    let mut checked: BTreeSet<String> = BTreeSet::new();
    let mut problems = Vec::new();
    for group in ["invalid", "warnings"] {
        let dir = repo_root().join("tests/fixtures").join(group);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        for name in names {
            let values = site_text(&dir.join(&name));
            let t = SiteTest::fixture(&format!("{group}/{name}"));
            for (en, zh) in both_languages(&t) {
                let code = en["code"].as_str().unwrap().to_string();
                for key in ["code", "severity", "file", "line", "column"] {
                    assert_eq!(en[key], zh[key], "{group}/{name}: {en} vs {zh}");
                }
                let mut problem = None;
                let (en_help, zh_help) = (en["help"].as_str(), zh["help"].as_str());
                if en_help.is_some() != zh_help.is_some() {
                    problem = Some("a help in one language only".to_string());
                }
                let message = pair_problem(
                    en["message"].as_str().unwrap(),
                    zh["message"].as_str().unwrap(),
                    &values,
                );
                let help = en_help
                    .zip(zh_help)
                    .and_then(|(en, zh)| pair_problem(en, zh, &values));
                problem = problem.or(message).or(help);
                match problem {
                    Some(p) => problems.push(format!("{group}/{name} {code}: {p}")),
                    None => {
                        checked.insert(code);
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let missing: Vec<&&str> = FIXTURE_CODES
        .iter()
        .filter(|c| !checked.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture shows {missing:?} in both languages"
    );
}

#[test]
fn the_checker_catches_untranslated_and_mixed_texts() {
    let values = "name: 自然博物馆\n";
    // Good: values quoted or taken from the file, Chinese words of its own.
    assert_eq!(
        pair_problem(
            "`自然博物馆` is closed on Mondays",
            "自然博物馆 每周一闭馆",
            values
        ),
        None
    );
    assert_eq!(
        pair_problem("自然博物馆 is closed", "自然博物馆 每周一闭馆", values),
        None
    );
    assert!(pair_problem("bad time", "bad time", values).is_some());
    // Generated Chinese in the English text.
    assert!(pair_problem("closed on 周一", "周一闭馆", values).is_some());
    // A "Chinese" text that only repeats the values.
    assert!(pair_problem("`x` at 自然博物馆", "`x` 自然博物馆", values).is_some());
    assert!(pair_problem("`x` is bad", "`x` is 《坏》", values).is_some());
}

/// E020 looks across sections: a spot written as a base, an id without its section.
#[test]
fn an_unknown_place_is_looked_for_in_every_section() {
    let t = SiteTest::fixture("minimal");
    let museum = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    t.write("content/spots/karst-cave.md", &museum);
    let route = std::fs::read_to_string(t.root().join("content/routes/dino-day.md")).unwrap();
    for (at, en, zh) in [
        (
            "bases/karst-cave",
            "`karst-cave` is a spot: write `spots/karst-cave`",
            "`karst-cave` 是景区：写成 `spots/karst-cave`",
        ),
        (
            "museum",
            "`at:` names a place with its section: write `bases/museum`",
            "`at:` 要带上栏目：写成 `bases/museum`",
        ),
        (
            "spots/karst-cav",
            "did you mean `spots/karst-cave`?",
            "是不是想写 `spots/karst-cave`？",
        ),
        (
            "bases/zoo",
            "`at:` takes a place id as `<section>/<id>`, e.g. `bases/museum`",
            "`at:` 写地点的 id，格式为 `<栏目>/<id>`，如 `bases/museum`",
        ),
    ] {
        t.write(
            "content/routes/dino-day.md",
            &route.replace("at: bases/museum", &format!("at: {at}")),
        );
        let found = both_languages(&t);
        assert_eq!(found.len(), 1, "{at}: {found:?}");
        let (e, z) = &found[0];
        assert_eq!(e["code"], "E020");
        assert_eq!((&e["line"], &e["column"]), (&16.into(), &13.into()), "{e}");
        assert_eq!(e["message"], format!("unknown place `{at}`"));
        assert_eq!(z["message"], format!("找不到地点 `{at}`"));
        assert_eq!(
            (e["help"].as_str(), z["help"].as_str()),
            (Some(en), Some(zh))
        );
    }
}

/// E021's help names a page of the site being checked, never one of the shipped site.
#[test]
fn a_broken_link_is_helped_with_this_sites_own_pages() {
    let t = SiteTest::fixture("minimal");
    let page = std::fs::read_to_string(t.root().join("content/pages/about.md")).unwrap();
    for (link, en, zh) in [
        (
            "@/bases/musuem.md",
            "did you mean `@/bases/museum.md`?",
            "是不是想写 `@/bases/museum.md`？",
        ),
        (
            "@/spots/museum.md",
            "did you mean `@/bases/museum.md`?",
            "是不是想写 `@/bases/museum.md`？",
        ),
        (
            "@/bases/zoo.md",
            "an `@/` link names a content file by its path under `content/`, e.g. `@/bases/museum.md`",
            "`@/` 链接写的是 `content/` 下内容文件的路径，如 `@/bases/museum.md`",
        ),
    ] {
        t.write(
            "content/pages/about.md",
            &format!("{page}\n见[这里]({link})。\n"),
        );
        let found = both_languages(&t);
        assert_eq!(found.len(), 1, "{link}: {found:?}");
        let (e, z) = &found[0];
        assert_eq!(e["code"], "E021");
        assert_eq!(e["file"], "content/pages/about.md");
        assert_eq!(e["message"], format!("`{link}` names no page"));
        assert_eq!(z["message"], format!("`{link}` 指向的页面不存在"));
        assert_eq!(
            (e["help"].as_str(), z["help"].as_str()),
            (Some(en), Some(zh))
        );
        assert!(!e["help"].as_str().unwrap().contains("cq-"), "{e}");
    }
}

/// E015 lists every allowed value, with the closest first; several audiences typed as one
/// value are called that.
#[test]
fn allowed_names_are_listed_and_run_together_audiences_named() {
    let t = SiteTest::fixture("minimal");
    let museum = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    t.write(
        "content/bases/museum.md",
        &museum.replace("category: 知识科普型", "category: 科普型"),
    );
    let route = std::fs::read_to_string(t.root().join("content/routes/dino-day.md")).unwrap();
    t.write(
        "content/routes/dino-day.md",
        &route.replace("audience: [小学4-6]", "audience: [\"初中，高中\"]"),
    );
    let found = both_languages(&t);
    let codes: Vec<&str> = found
        .iter()
        .map(|(e, _)| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["E015", "E013"], "{found:?}");
    let (e, z) = &found[0];
    assert_eq!((&e["line"], &e["column"]), (&6.into(), &11.into()), "{e}");
    assert_eq!(e["message"], "`科普型` is not an allowed `category`");
    assert_eq!(
        e["help"],
        "`category` is one of `知识科普型`, `自然观赏型`, `体验考察型`, `励志拓展型`, `文化康乐型`"
    );
    assert_eq!(z["message"], "`科普型` 不是 `category` 允许的值");
    assert_eq!(
        z["help"],
        "`category` 只能是以下之一：`知识科普型`、`自然观赏型`、`体验考察型`、`励志拓展型`、`文化康乐型`"
    );
    let (e, z) = &found[1];
    assert_eq!(e["file"], "content/routes/dino-day.md");
    assert_eq!(
        e["message"],
        "`初中，高中` looks like several audiences run together in one value"
    );
    assert_eq!(
        e["help"],
        "write each audience as its own item, separated by an ASCII comma: `[初中, 高中]`"
    );
    assert_eq!(z["message"], "`初中，高中` 像是把几个受众写成了一个值");
    assert!(!z["message"].as_str().unwrap().contains("年级"), "{z}");
}

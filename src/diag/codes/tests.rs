//! Tests of the registry: ids, severities and texts, and the README table and `docs/` kept in
//! step with it.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod tests;`.
#![cfg(test)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The code ids (`E020`, `W007`) written in `text`, as whole words.
fn ids_in(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_');
    (0..chars.len().saturating_sub(3))
        .filter(|&i| {
            matches!(chars[i], 'E' | 'N' | 'W')
                && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
                && !word(i.checked_sub(1).and_then(|j| chars.get(j)))
                && !word(chars.get(i + 4))
        })
        .map(|i| chars[i..i + 4].iter().collect())
        .collect()
}

/// The rows of the README's table "What `check` reports": id → the whole row.
fn readme_rows(readme: &str) -> BTreeMap<String, String> {
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("What `check` reports"))
        .unwrap_or_default();
    section
        .lines()
        .filter_map(|line| {
            let id = line.strip_prefix("| ")?.split(' ').next()?;
            (ids_in(id).len() == 1).then(|| (id.to_string(), line.to_string()))
        })
        .collect()
}

/// The two languages of `docs/`, each with its code page's labels and the title a code's
/// heading must carry: `### E020 站点引用了不存在的地点` / `### E020 unknown place`.
const DOC_LANGS: [DocLang; 2] = [
    DocLang {
        dir: "zh-CN",
        bad: "**错误示例**",
        fix: "**改正**",
        title: Code::title_zh,
    },
    DocLang {
        dir: "en",
        bad: "**Bad example**",
        fix: "**Fix**",
        title: Code::title,
    },
];

/// One language of `docs/`: its folder, the labels of a code's bad example and fix, and
/// the registry's title in that language.
struct DocLang {
    dir: &'static str,
    bad: &'static str,
    fix: &'static str,
    title: fn(Code) -> &'static str,
}

/// The `### E0xx …` sections of a code page: (id, heading after the id, the lines below it
/// up to the next heading).
fn code_sections(page: &str) -> Vec<(String, String, Vec<&str>)> {
    let mut sections: Vec<(String, String, Vec<&str>)> = Vec::new();
    let mut in_fence = false;
    let mut current: Option<usize> = None;
    for line in page.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with('#') {
            current = None;
            if let Some(rest) = line.strip_prefix("### ") {
                let (id, title) = rest.split_once(' ').unwrap_or((rest, ""));
                if ids_in(id).len() == 1 {
                    sections.push((id.to_string(), title.trim().to_string(), Vec::new()));
                    current = Some(sections.len() - 1);
                }
            }
            continue;
        }
        if let Some(i) = current {
            sections[i].2.push(line);
        }
    }
    sections
}

/// Whether some text follows the line `label` in `lines`, before the next bold label.
fn has_text_after(lines: &[&str], label: &str) -> bool {
    let Some(at) = lines.iter().position(|l| l.trim() == label) else {
        return false;
    };
    lines[at + 1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with("**"))
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("```"))
}

/// What is wrong between the registry and `root/docs/`: a code without its section in
/// `docs/<lang>/codes.md` (a heading with its title, a bad example and a fix), sections out
/// of order or for codes that don't exist, and any page naming a code the registry lacks.
fn docs_problems(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let docs = root.join("docs");
    // No docs/ at all: each code page is reported missing below.
    for entry in walkdir::WalkDir::new(&docs)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let page = entry.path().strip_prefix(root).unwrap().display();
            for id in ids_in(&text) {
                if Code::by_id(&id).is_none() {
                    problems.push(format!(
                        "{page} names {id}, which is not a code in src/diag/codes/mod.rs"
                    ));
                }
            }
        }
    }
    for DocLang {
        dir,
        bad,
        fix,
        title,
    } in DOC_LANGS
    {
        let file = format!("docs/{dir}/codes.md");
        let Ok(page) = std::fs::read_to_string(root.join(&file)) else {
            problems.push(format!("{file} is missing: it documents every code"));
            continue;
        };
        let sections = code_sections(&page);
        for pair in sections.windows(2) {
            let (before, after) = (&pair[0].0, &pair[1].0);
            if before >= after {
                problems.push(format!(
                    "{file}: `### {after}` comes after `### {before}`: keep the sections in id order, each once"
                ));
            }
        }
        for code in ALL {
            let Some((_, heading, lines)) = sections.iter().find(|(id, ..)| id == code.id()) else {
                problems.push(format!(
                    "{file}: no section for {code}: add `### {code} {}`, then what it means, `{bad}` with a bad example and `{fix}` with the fix",
                    title(*code)
                ));
                continue;
            };
            if heading != title(*code) {
                problems.push(format!(
                    "{file}: the heading of {code} must be `### {code} {}` (its title in src/diag/codes/mod.rs), not `### {code} {heading}`",
                    title(*code)
                ));
            }
            for label in [bad, fix] {
                if !has_text_after(lines, label) {
                    problems.push(format!(
                        "{file}: {code} needs a line `{label}` followed by its text"
                    ));
                }
            }
        }
        for (id, ..) in &sections {
            if Code::by_id(id).is_none() {
                problems.push(format!("{file}: a section for {id}, which is not a code"));
            }
        }
    }
    problems
}

#[test]
fn ids_are_unique_in_order_and_say_their_severity() {
    for pair in ALL.windows(2) {
        assert!(
            pair[0].id() < pair[1].id(),
            "{:?} then {:?}",
            pair[0],
            pair[1]
        );
    }
    for code in ALL {
        assert_eq!(ids_in(code.id()).len(), 1, "{code:?}");
        let expected = match code.id().as_bytes()[0] {
            b'E' => Severity::Error,
            b'N' => Severity::Note,
            _ => Severity::Warning,
        };
        assert_eq!(
            code.severity(),
            expected,
            "{code:?}: E is an error, W a warning, N a note"
        );
        assert_eq!(Code::by_id(code.id()), Some(*code));
    }
    assert_eq!(Code::by_id("E999"), None);
}

#[test]
fn every_code_is_documented() {
    for code in ALL {
        let texts = [
            code.title(),
            code.title_zh(),
            code.means(),
            code.means_zh(),
            code.example(),
            code.fix(),
            code.fix_zh(),
        ];
        for text in texts {
            assert!(!text.trim().is_empty(), "{code:?}");
            assert!(
                !text.ends_with('.'),
                "{code:?}: `{text}` (the docs add their own)"
            );
        }
        // A Chinese editor reads these: each is Chinese, not an English text copied over.
        for text in [code.title_zh(), code.means_zh(), code.fix_zh()] {
            assert!(
                text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code:?}: `{text}` has no Chinese: write `title_zh`, `means_zh` and `fix_zh` in Chinese"
            );
            assert!(
                !text.ends_with(['.', '。']),
                "{code:?}: `{text}` (the docs add their own full stop)"
            );
        }
    }
}

/// The README's table is the registry's `means` and `example`, row for row, in id order:
/// a code added, removed or re-worded in one must be in the other.
#[test]
fn the_readme_table_lists_every_code_as_the_registry_does() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let rows = readme_rows(&readme);
    assert!(rows.len() >= 40, "the table was not found: {rows:?}");
    for id in rows.keys() {
        assert!(
            Code::by_id(id).is_some(),
            "README lists {id}, which is not in the registry"
        );
    }
    for code in ALL {
        let expected = format!("| {} | {} | {} |", code.id(), code.means(), code.example());
        assert_eq!(
            rows.get(code.id()),
            Some(&expected),
            "README row of {code:?}"
        );
    }
    let order: Vec<&String> = rows.keys().collect();
    let in_readme: Vec<&str> = readme
        .lines()
        .filter_map(|l| order.iter().find(|id| l.starts_with(&format!("| {id} |"))))
        .map(|id| id.as_str())
        .collect();
    let ids: Vec<&str> = ALL.iter().map(|c| c.id()).collect();
    assert_eq!(in_readme, ids, "the README lists the codes in id order");
}

#[test]
fn docs_document_every_code_in_both_languages() {
    let problems = docs_problems(repo_root());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A code page that documents `ids`, each as the docs check asks.
fn code_page(lang: usize, ids: &[&str]) -> String {
    let DocLang {
        bad, fix, title, ..
    } = DOC_LANGS[lang];
    ids.iter()
        .map(|id| {
            let code = Code::by_id(id).unwrap();
            format!(
                "### {id} {}\n\n{}\n\n{bad}\n\n```yaml\nx: 1\n```\n\n{fix}\n\nDo this.\n\n",
                title(code),
                code.means()
            )
        })
        .collect()
}

#[test]
fn the_docs_check_finds_missing_wrong_and_unknown_codes() {
    let dir = tempfile::tempdir().unwrap();
    let all: Vec<&str> = ALL.iter().map(|c| c.id()).collect();
    let write = |lang: usize, text: &str| {
        let folder = dir.path().join("docs").join(DOC_LANGS[lang].dir);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("codes.md"), text).unwrap();
    };
    write(0, &code_page(0, &all));
    write(1, &code_page(1, &all));
    assert_eq!(docs_problems(dir.path()), Vec::<String>::new());

    let fewer: Vec<&str> = all.iter().copied().filter(|id| *id != "W008").collect();
    let mut zh = code_page(0, &fewer);
    // A fix that is only a code block, and a title that is not the registry's.
    zh = zh.replacen("**改正**\n\nDo this.", "**改正**\n\n```\n```", 1);
    zh = zh.replacen("### E001 YAML 语法错误", "### E001 语法", 1);
    write(0, &zh);
    let mut en = code_page(1, &all);
    en.push_str("### E099 nothing\n\n**Bad example**\n\nx\n\n**Fix**\n\ny\n");
    write(1, &en);
    std::fs::write(dir.path().join("docs/old.md"), "`E098` and E0123 and xE001").unwrap();
    std::fs::write(dir.path().join("docs/notes.txt"), "E097").unwrap();
    let problems = docs_problems(dir.path());
    // E099 comes after the last code, whichever that is.
    let last = all.last().copied().unwrap_or_default();
    let expected = [
        "docs/en/codes.md names E099, which is not a code in src/diag/codes/mod.rs".to_string(),
        "docs/old.md names E098, which is not a code in src/diag/codes/mod.rs".to_string(),
        "docs/zh-CN/codes.md: E000 needs a line `**改正**` followed by its text".to_string(),
        "docs/zh-CN/codes.md: the heading of E001 must be `### E001 YAML 语法错误` (its title in src/diag/codes/mod.rs), not `### E001 语法`".to_string(),
        "docs/zh-CN/codes.md: no section for W008: add `### W008 不是普通文件`, then what it means, `**错误示例**` with a bad example and `**改正**` with the fix".to_string(),
        format!("docs/en/codes.md: `### E099` comes after `### {last}`: keep the sections in id order, each once"),
        "docs/en/codes.md: a section for E099, which is not a code".to_string(),
    ];
    assert_eq!(problems, expected, "{problems:#?}");
}

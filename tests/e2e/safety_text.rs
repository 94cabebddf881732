//! Text that must not turn against the editor: control characters and bidi controls in file
//! names and values are printed escaped (the terminal is never told to retitle, clear or
//! reorder anything), and one term typed in two Unicode spellings (NFC, NFD) is one term with
//! one page. The hostile files are written by the tests over `tests/fixtures/text-safety`, so the
//! bytes are visible here as escapes and the repository holds no file name with ESC in it.

use crate::harness::{SiteTest, tree};

/// Characters that act on a terminal or reorder a line when printed raw.
const RAW: [char; 6] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\r'];

/// The fixture with a file name that tries to retitle the terminal (OSC 0), a value that tries
/// to clear the screen (ESC, C1 CSI, a lone CR, bidi override and isolate), and a front matter
/// line with raw ESC, BEL and CR in it (which YAML refuses, so the rich form shows that line).
fn hostile_site() -> SiteTest {
    let t = SiteTest::fixture("text-safety");
    let museum = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    t.write("content/bases/mu\u{1b}]0;owned\u{7}seum.md", &museum);
    t.write(
        "content/spots/odd.md",
        "---\nname: 石林\ndistrict: 北碚区\nlocation: { lat: 29.8, lon: 106.4 }\n\
         category: \"知识\\e[2J\\x9b31m\\u202E型\\r\\u2066x\"\n---\n",
    );
    t.write(
        "content/pages/note.md",
        "---\ntitle: 说明\u{1b}]0;owned\u{7}恐龙\r。\n---\n",
    );
    t
}

fn assert_nothing_raw(form: &str, out: &str) {
    for c in RAW {
        assert!(
            !out.contains(c),
            "{form}: raw {} in:\n{out:?}",
            c.escape_unicode()
        );
    }
}

#[test]
fn control_characters_in_names_and_values_are_printed_escaped() {
    let t = hostile_site();

    let short = t.check_short();
    assert_eq!(short.code, 1, "{}", short.stderr);
    assert_nothing_raw("short", &short.stderr);
    for expected in [
        // The file name, in the path and in the message about it.
        "content/bases/mu\\u{1b}]0;owned\\u{7}seum.md:1:1: error[E007]: `mu\\u{1b}]0;owned\\u{7}seum` is not a valid id",
        // The value, in the message and in the did-you-mean.
        "content/spots/odd.md:5:11: error[E015]: `知识\\u{1b}[2J\\u{9b}31m\\u{202e}型\\u{d}\\u{2066}x` is not an allowed `category`",
        "content/pages/note.md:2:8: error[E001]: an invisible control character `\\u{1b}` in the text",
    ] {
        assert!(
            short.stderr.contains(expected),
            "{expected}\n{}",
            short.stderr
        );
    }
    // One line per diagnostic: a lone CR could not hide the start of one.
    for line in short.stderr.lines().filter(|l| l.contains("error[")) {
        assert!(line.starts_with("content/"), "{line}");
    }

    let rich = t.run(&["check"]);
    assert_eq!(rich.code, 1, "{}", rich.stderr);
    assert_nothing_raw("rich", &rich.stderr);
    for expected in [
        "--> content/bases/mu\\u{1b}]0;owned\\u{7}seum.md:1:1",
        "`知识\\u{1b}[2J\\u{9b}31m\\u{202e}型\\u{d}\\u{2066}x` is not an allowed `category`",
        // The source line: one visible character for each raw one, so the column holds.
        "--> content/pages/note.md:2:8",
        "title: 说明␛]0;owned␇恐龙␍。",
    ] {
        assert!(
            rich.stderr.contains(expected),
            "{expected}\n{}",
            rich.stderr
        );
    }

    // JSON: the serializer escapes C0 control characters, and the data stays as written.
    // (DEL, C1 and bidi controls are escaped by `Diagnostic::json`, unit-tested in diag.rs.)
    let json = t.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    assert!(
        !json.stdout.contains(['\u{1b}', '\u{7}', '\r']),
        "{:?}",
        json.stdout
    );
    let files: Vec<String> = json
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        files.contains(&"content/bases/mu\u{1b}]0;owned\u{7}seum.md".to_string()),
        "{files:?}"
    );
}

#[test]
fn a_failed_build_over_hostile_names_changes_nothing() {
    let t = hostile_site();
    std::fs::create_dir_all(t.public()).unwrap();
    std::fs::write(t.public().join("index.html"), "previous build").unwrap();
    let before = tree(t.root());
    let run = t.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_nothing_raw("build", &run.stderr);
    assert_eq!(
        before,
        tree(t.root()),
        "sources and previous output are untouched"
    );
}

#[test]
fn one_term_typed_in_nfc_and_nfd_is_one_page() {
    let t = SiteTest::fixture("text-safety");
    // The museum writes café with é (NFC); this spot with e + U+0301 (NFD, as macOS and some
    // input methods do), and links to the museum's `## café` heading in NFD too.
    t.write(
        "content/spots/garden.md",
        "---\nname: 植物园\ndistrict: 北碚区\nlocation: { lat: 29.8, lon: 106.4 }\n\
         subjects: [cafe\u{301}]\n---\n去[咖啡角](@/bases/museum.md#cafe\u{301})。\n",
    );
    // The route names it with a YAML escape, decoded only after loading.
    let route = std::fs::read_to_string(t.root().join("content/routes/dino-day.md")).unwrap();
    t.write(
        "content/routes/dino-day.md",
        &route.replace("audience:", "subjects: [\"cafe\\u0301\"]\naudience:"),
    );

    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let subjects: Vec<String> = std::fs::read_dir(t.public().join("subjects"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "index.html")
        .collect();
    let mut subjects = subjects;
    subjects.sort();
    assert_eq!(subjects, ["cafe", "gu-sheng-wu"], "one page per term");
    let term = t.read_output("subjects/cafe/index.html");
    for name in ["自然博物馆", "植物园", "恐龙一日"] {
        assert!(term.contains(name), "{name} is missing from the café page");
    }
    let index = t.read_output("subjects/index.html");
    assert_eq!(index.matches("/subjects/cafe/").count(), 1, "{index}");
    assert!(!index.contains("e\u{301}"), "the term is shown in NFC");
    let garden = t.read_output("spots/garden/index.html");
    assert!(garden.contains("/bases/museum/#caf\u{e9}"), "{garden}");
    assert!(!garden.contains("e\u{301}"), "{garden}");
}

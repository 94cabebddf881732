//! Runs the binary over a copy of a fixture site in a temporary directory. Fixtures carry no theme:
//! they use the default theme built into the binary, as any user's site may.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// What a finished run of the binary said and how it ended.
    pub fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> SiteTest {
        SiteTest::copy_of(&repo_root().join("tests/fixtures").join(name))
    }

    /// A copy of the shipped site (site.yaml, content/, themes/).
    pub fn shipped() -> SiteTest {
        SiteTest::shipped_in(&std::env::temp_dir())
    }

    /// A copy of the shipped site in a new directory under `parent`.
    pub fn shipped_in(parent: &Path) -> SiteTest {
        let t = SiteTest {
            dir: tempfile::tempdir_in(parent).unwrap(),
        };
        let root = repo_root();
        std::fs::copy(root.join("site.yaml"), t.root().join("site.yaml")).unwrap();
        copy_dir(&root.join("content"), &t.root().join("content"));
        copy_dir(&root.join("themes"), &t.root().join("themes"));
        t
    }

    /// The shipped site with each of its routes copied until there are `routes` of them: a
    /// realistic large site (its pages, diagrams, calendars and search index all grow).
    pub fn shipped_with_routes(routes: usize, parent: &Path) -> SiteTest {
        let t = SiteTest::shipped_in(parent);
        let dir = t.root().join("content/routes");
        let mut originals: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
            .collect();
        originals.sort();
        let mut count = originals.len();
        for copy in 1.. {
            for original in &originals {
                if count >= routes {
                    return t;
                }
                let stem = original.file_stem().unwrap().to_str().unwrap();
                std::fs::copy(original, dir.join(format!("{stem}-{copy}.md"))).unwrap();
                count += 1;
            }
        }
        t
    }

    fn copy_of(fixture: &Path) -> SiteTest {
        assert!(fixture.is_dir(), "no fixture {}", fixture.display());
        let t = SiteTest {
            dir: tempfile::tempdir().unwrap(),
        };
        copy_dir(fixture, t.root());
        // Fixtures that only test content share one site.yaml.
        if !t.root().join("site.yaml").exists() {
            std::fs::copy(
                repo_root().join("tests/fixtures/default-site.yaml"),
                t.root().join("site.yaml"),
            )
            .unwrap();
        }
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read_output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `yanxue <args…> --root <copy>`, with a fixed date so staleness warnings are stable.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::cargo_bin("yanxue")
            .unwrap()
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("SOURCE_DATE_EPOCH", "1795000000") // 2026-11-19
            .env("LC_ALL", ENGLISH)
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        Run::from(output)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `check --format short`, with the temp path taken out.
    pub fn check_short(&self) -> Run {
        self.run(&["check", "--format", "short"])
    }
}

/// The `yanxue` binary under test.
pub fn yanxue() -> PathBuf {
    assert_cmd::cargo::cargo_bin("yanxue")
}

/// The locale tests run the binary in unless they test another: the messages they read are the
/// English ones, whatever the machine's locale and the site's `language` say.
pub const ENGLISH: &str = "en_US.UTF-8";

/// A command running the binary under test in English.
pub fn yanxue_command() -> std::process::Command {
    let mut command = std::process::Command::new(yanxue());
    command.env("LC_ALL", ENGLISH);
    command
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by relative path: for comparing whole output trees.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    tree_of(dir, |bytes| bytes)
}

/// Every file under `dir`, by relative path, with what `summary` makes of its bytes.
pub fn tree_of<T>(
    dir: &Path,
    summary: impl Fn(Vec<u8>) -> T,
) -> std::collections::BTreeMap<PathBuf, T> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                summary(std::fs::read(e.path()).unwrap()),
            )
        })
        .collect()
}

/// Asserts two trees (from [`tree`]) are equal, naming the paths that differ rather than
/// printing megabytes of bytes.
#[track_caller]
pub fn assert_same_tree(
    expected: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
    actual: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    let differing: Vec<_> = expected
        .keys()
        .chain(actual.keys())
        .filter(|p| expected.get(*p) != actual.get(*p))
        .take(10)
        .collect();
    assert!(differing.is_empty(), "{what}: differs at {differing:?}");
}

/// SplitMix64: a small seeded generator, so a failing case can be made again from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

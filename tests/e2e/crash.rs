//! A build killed with SIGKILL at any moment — loading, writing pages, swapping, removing the old
//! output — leaves the output a whole build, the previous one or the new one, byte for byte; and
//! the next build removes what the killed one left beside it.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, tree_of, yanxue_command};

/// Each file's length and hash, by relative path: two builds of 130 MB compared cheaply.
fn digest(dir: &Path) -> BTreeMap<PathBuf, (usize, u64)> {
    tree_of(dir, |bytes| {
        let mut hasher = DefaultHasher::new();
        hasher.write(&bytes);
        (bytes.len(), hasher.finish())
    })
}

/// A small seeded generator (xorshift64*), so a failing run can be repeated with its seed.
struct Moments(u64);

impl Moments {
    fn next_fraction(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Writes version `v` of one route, so the two versions' builds differ (its page, the lists
/// that show it, the search index).
fn set_version(t: &SiteTest, v: usize) {
    let path = t.root().join("content/routes/beibei-dino-forest.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let body_start = text.match_indices("\n---\n").next().unwrap().0 + 5;
    let (front, body) = text.split_at(body_start);
    let body = body.split_once("\n\n<!-- version").map_or(body, |(b, _)| b);
    std::fs::write(
        &path,
        format!("{front}{body}\n\n<!-- version {v} -->\n本版本：第 {v} 版。\n"),
    )
    .unwrap();
}

fn full_build(t: &SiteTest) -> Duration {
    let started = Instant::now();
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    started.elapsed()
}

fn beside_the_output(t: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(t.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".public"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    let kills = 20;
    let seed = std::env::var("YANXUE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_207_u64);
    // In memory where there is a tmpfs: the property is the same on any file system that can
    // exchange two directories, and 40 builds of 130 MB go faster without a disk's metadata work.
    let shm = Path::new("/dev/shm");
    let parent = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let t = SiteTest::shipped_with_routes(2000, &parent);
    let mut versions = Vec::new();
    let mut took = Duration::ZERO;
    for v in 0..2 {
        set_version(&t, v);
        took = full_build(&t);
        versions.push(digest(&t.public()));
    }
    assert_ne!(versions[0], versions[1]);
    let files = versions[1].len();
    assert!(files > 5000, "a 2,000-route site has {files} files");

    let mut moments = Moments(seed);
    let mut current = 1;
    let mut seen = [0usize; 3]; // killed while the output was old, new, and with leftovers beside it
    for kill in 0..kills {
        let next = 1 - current;
        set_version(&t, next);
        // Most moments anywhere in the build; the last few near its end, where the swap and the
        // removal of the previous output happen.
        let fraction = if kill < kills - 6 {
            moments.next_fraction() * 1.05
        } else {
            0.85 + moments.next_fraction() * 0.3
        };
        let delay = took.mul_f64(fraction);
        let mut child = yanxue_command()
            .args(["build", "--root"])
            .arg(t.root())
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL: nothing of the build runs after it
        child.wait().unwrap();

        let left = beside_the_output(&t);
        let now = digest(&t.public());
        let which = versions.iter().position(|v| *v == now);
        assert!(
            which.is_some(),
            "kill {kill} (seed {seed}, {delay:?} into a {took:?} build): the output is neither build"
        );
        seen[usize::from(which == Some(next))] += 1;
        seen[2] += usize::from(!left.is_empty());

        let run = t.build();
        assert_eq!(run.code, 0, "kill {kill}: {}", run.stderr);
        assert_eq!(
            digest(&t.public()),
            versions[next],
            "kill {kill}: the next build"
        );
        assert!(
            beside_the_output(&t).is_empty(),
            "kill {kill}: the next build left {:?}",
            beside_the_output(&t)
        );
        current = next;
    }
    eprintln!(
        "{kills} kills (seed {seed}, builds of {took:?}): {} left the previous output, {} the new one; {} left files beside it for the next build to remove",
        seen[0], seen[1], seen[2]
    );
    // The moments must have caught builds both before and after their swap.
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
}

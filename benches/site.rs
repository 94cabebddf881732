//! Whole builds, in memory (`yanxue::build_site`: load, model, validate, render; nothing written):
//! the shipped Chongqing site, and a 1,000-page synthetic site made once by the shared generator
//! (`../shared/bench/gen_yanxue.py`, or `$SHARED_BENCH/gen_yanxue.py`). Without python3 or the
//! generator the synthetic site is skipped with a message. `cargo bench --bench site`.

// Like the tests, a benchmark may stop at the first surprise (the shipped site must build); the
// no-unwrap rule is for the generator itself.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use yanxue::{BuildOptions, build_site};

// As in the binary: the allocator is part of what is measured.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SYNTHETIC_PAGES: u32 = 1000;

fn options() -> BuildOptions {
    BuildOptions {
        base_url: None,
        // Fixed, so staleness checks never change what is built.
        today: jiff::civil::date(2026, 12, 1),
        drafts: false,
    }
}

/// Builds `root` once, to be sure the benchmark measures a build that succeeds.
fn check(root: &Path, options: &BuildOptions) -> Result<(), String> {
    let build = build_site(root, options).map_err(|e| e.to_string())?;
    if build.has_errors() || build.output.is_none() {
        let errors = build.diagnostics.iter().filter(|d| d.is_error()).count();
        return Err(format!("{errors} error(s)"));
    }
    Ok(())
}

fn shipped(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = options();
    check(root, &options).expect("the shipped site builds without errors");
    let mut group = c.benchmark_group("build_site");
    group.bench_function("chongqing", |b| b.iter(|| build_site(root, &options)));
    group.finish();
}

/// The synthetic site in a fresh temporary directory, or why there is none.
fn generate(pages: u32) -> Result<tempfile::TempDir, String> {
    let shared = std::env::var_os("SHARED_BENCH").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"),
        PathBuf::from,
    );
    let generator = shared.join("gen_yanxue.py");
    if !generator.is_file() {
        return Err(format!("no generator at {}", generator.display()));
    }
    let dir = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
    let out = Command::new("python3")
        .arg(&generator)
        .args(["--pages", &pages.to_string(), "--force", "--out"])
        .arg(dir.path())
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed: {}",
            generator.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(dir)
}

fn synthetic(c: &mut Criterion) {
    let options = options();
    let site = generate(SYNTHETIC_PAGES).and_then(|dir| {
        check(dir.path(), &options)
            .map(|_| dir)
            .map_err(|e| format!("the synthetic site does not build: {e}"))
    });
    let dir = match site {
        Ok(dir) => dir,
        Err(why) => {
            eprintln!("skipping build_site/synthetic-{SYNTHETIC_PAGES}: {why}");
            return;
        }
    };
    let mut group = c.benchmark_group("build_site");
    group.bench_function(format!("synthetic-{SYNTHETIC_PAGES}"), |b| {
        b.iter(|| build_site(dir.path(), &options));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Whole builds take from tens of milliseconds to seconds: ten samples are enough.
    config = Criterion::default().sample_size(10);
    targets = shipped, synthetic
}
criterion_main!(benches);

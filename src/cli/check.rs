//! `yanxue check`: every check, rendering included (templates and links can fail), with
//! nothing written — or, with `--fix`, the typing mistakes whose fix is certain (full-width
//! punctuation in YAML syntax, Chinese times and dates, tabs; `yaml::typing`) fixed in place
//! first, each changed file shown as a diff, then everything checked again.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{ReportArgs, cannot_read_site, lang_before_loading, print_diagnostics};
use crate::diag::{self, Diagnostic, Lang, Text};
use crate::load::walk;
use crate::yaml::typing;
use crate::{Build, BuildOptions, build_site_into, config, text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's directory (holds site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Fix in place what is certain (full-width punctuation in YAML, `9点`, `2027/5/1`, tabs),
    /// show what changed, then check again.
    #[arg(long)]
    fix: bool,
    #[command(flatten)]
    report: ReportArgs,
}

pub(super) fn run(args: Args, today: jiff::civil::Date, lang: Option<Lang>) -> ExitCode {
    let options = BuildOptions {
        base_url: None,
        today,
        drafts: false,
    };
    let early = lang_before_loading(lang, &args.root);
    let check = || build_site_into(&args.root, &options, &crate::render::Discard);
    // Rendered too (templates can fail), but nothing is kept.
    let mut build = match check() {
        Ok(build) => build,
        Err(e) => return cannot_read_site(&e, early),
    };
    let mut fixed = None;
    if args.fix {
        let lang = lang.or(build.language).unwrap_or_default();
        let mut applied = Applied::default();
        // A `site.yaml` that could not be read hid the content files: once it is fixed, the
        // next round sees them. Each round only fixes, so it ends.
        for _ in 0..3 {
            let before = applied.fixes;
            if let Err(e) = fix_sources(&args.root, &build, lang, &mut applied) {
                say!(lang, "error: {e}", "错误：{e}");
                return ExitCode::from(2);
            }
            build = match check() {
                Ok(build) => build,
                Err(e) => return cannot_read_site(&e, early),
            };
            if applied.fixes == before {
                break;
            }
        }
        fixed = Some(applied);
    }
    let lang = lang.or(build.language).unwrap_or_default();
    print_diagnostics(&build.diagnostics, &build.sources, args.report.format, lang);
    if build.diagnostics.is_empty() && args.report.format != super::Format::Json {
        say!(lang, no_problems(&build));
    }
    if let Some(applied) = fixed {
        let left = build
            .diagnostics
            .iter()
            .filter(|d| typing::CODES.contains(&d.code))
            .count();
        say!(lang, applied.summary(left));
    }
    let failed = build.has_errors()
        || (args.deny_warnings && build.diagnostics.iter().any(Diagnostic::is_warning));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// "checked 16 places, 5 routes, 2 pages: no problems", counted from the files that were read.
fn no_problems(build: &Build) -> Text {
    let (mut places, mut routes, mut pages) = (0, 0, 0);
    for file in build.sources.keys() {
        let parts: Vec<&str> = file.iter().filter_map(|p| p.to_str()).collect();
        let entry = match parts.as_slice() {
            ["content", section, name] if *name != "_index.md" => section,
            ["content", section, _, "index.md"] => section,
            _ => continue,
        };
        match *entry {
            "bases" | "spots" => places += 1,
            "routes" => routes += 1,
            "pages" => pages += 1,
            _ => {}
        }
    }
    let en = format!(
        "checked {}, {}, {}: no problems",
        plural(places, "place", "places"),
        plural(routes, "route", "routes"),
        plural(pages, "page", "pages")
    );
    Text::new(
        en,
        format!("已检查 {places} 个地点、{routes} 条线路、{pages} 个页面：没有问题"),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What `--fix` did.
#[derive(Debug, Default)]
struct Applied {
    /// Findings whose edits were applied.
    fixes: usize,
    files: usize,
}

impl Applied {
    /// One line: how many fixes were applied and how many typing findings are left.
    fn summary(&self, left: usize) -> Text {
        let (fixes, files) = (self.fixes, self.files);
        let en = format!(
            "--fix: applied {} in {}; {} left that could not be fixed for sure",
            plural(fixes, "fix", "fixes"),
            plural(files, "file", "files"),
            plural(left, "finding", "findings"),
        );
        let zh = format!(
            "--fix：在 {files} 个文件中修正了 {fixes} 处；还有 {left} 处无法确定怎样修正，需要手动修改"
        );
        Text::new(en, zh)
    }
}

/// Applies the certain typing fixes to `site.yaml` and every content file the loader read, and
/// prints a diff of each changed file.
fn fix_sources(
    root: &Path,
    build: &Build,
    lang: Lang,
    applied: &mut Applied,
) -> std::io::Result<()> {
    let site = fs_err::canonicalize(root)?;
    for rel in build.sources.keys() {
        let is_content = rel.starts_with("content") && rel.extension().is_some_and(|e| e == "md");
        if !(is_content || rel == Path::new(config::CONFIG_FILE)) {
            continue;
        }
        // The file itself, where a link inside the site leads; never a file outside it.
        let Ok(path) = std::fs::canonicalize(root.join(rel)) else {
            continue;
        };
        if !walk::is_inside(&path, &site) {
            continue;
        }
        let Ok(text) = String::from_utf8(fs_err::read(&path)?) else {
            continue;
        };
        let yaml_len = if is_content {
            match typing::front_matter_len(&text) {
                Some(len) => len,
                None => continue,
            }
        } else {
            text.len()
        };
        let findings = typing::scan(&text[..yaml_len], rel);
        let edits: Vec<&typing::Edit> = findings.iter().flat_map(|f| &f.edits).collect();
        if edits.is_empty() {
            continue;
        }
        let new_text = typing::apply(&text, &edits);
        if new_text == text {
            continue;
        }
        write_atomically(&path, &new_text)?;
        applied.fixes += findings.iter().filter(|f| !f.edits.is_empty()).count();
        applied.files += 1;
        print_diff(rel, &text, &new_text, lang);
    }
    Ok(())
}

/// A unified diff of one file's change, on stdout; the file's lines are printed escaped, as every
/// value the tool prints is.
fn print_diff(rel: &Path, old: &str, new: &str, lang: Lang) {
    let shown_path = rel.display().to_string();
    let header = text!("fixed {shown_path}:", "已修正 {shown_path}：");
    println!("{}", diag::shown(header.get(lang)));
    let diff = similar::TextDiff::from_lines(old, new);
    let unified = diff
        .unified_diff()
        .context_radius(1)
        .header(&shown_path, &shown_path)
        .to_string();
    for line in unified.lines() {
        println!("{}", diag::shown(line));
    }
}

/// Replaces `path` with `text` all at once: written beside it, then renamed over it, keeping its
/// permissions, so an editor or the preview never reads half a file.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let permissions = fs_err::metadata(path)?.permissions();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.fix-{}.tmp", std::process::id()));
    let written = fs_err::write(&temp, text)
        .and_then(|()| fs_err::set_permissions(&temp, permissions))
        .and_then(|()| fs_err::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

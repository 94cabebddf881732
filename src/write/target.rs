//! Which directories a build may replace. A build swaps a whole directory for its output, so a
//! mistyped `--out` must never name the site's sources, the site itself, a file, or a directory of
//! someone else's: each is refused before anything on disk is touched.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The file every build writes at the top of its output, so a later build knows the directory is
/// its own to replace (a directory without it may hold someone's work).
pub const MARKER: &str = ".yanxue-output";

/// What the marker says to whoever opens it.
pub const MARKER_TEXT: &str =
    "Written by `yanxue build`: every build replaces this directory whole.\n";

/// Why a build won't write to an output directory.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The path exists and is a file (or a device, a pipe…), not a directory.
    NotADirectory(PathBuf),
    /// The output would replace the site's directory or one of its ancestors.
    ContainsSite { out: PathBuf, root: PathBuf },
    /// The output is, or lies inside, a file or folder the site is read from.
    InsideSources { out: PathBuf, source: PathBuf },
    /// A non-empty directory that no build wrote.
    NotOurs(PathBuf),
    /// The path can't be resolved (a parent is unreadable, a link loops…).
    Unresolvable(PathBuf, String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().en())
    }
}

impl Refusal {
    /// The refusal in both languages (`Display` is the English, for logs).
    pub fn text(&self) -> crate::diag::Text {
        use crate::text;
        match self {
            Refusal::NotADirectory(out) => {
                let out = out.display();
                text!(
                    "--out {out} is a file, not a directory: a build would replace it. Name a directory (the default is <root>/public)",
                    "--out {out} 是一个文件，不是文件夹：构建会把它替换掉。请指定一个文件夹（默认是 <root>/public）"
                )
            }
            Refusal::ContainsSite { out, root } => {
                let (out, public) = (out.display(), root.join("public"));
                let (root, public) = (root.display(), public.display());
                text!(
                    "--out {out} would replace the site itself ({root}): choose an output directory inside or beside it, such as {public}",
                    "--out {out} 会替换网站本身（{root}）：请选择网站里面或旁边的输出文件夹，例如 {public}"
                )
            }
            Refusal::InsideSources { out, source } => {
                let (out, source) = (out.display(), source.display());
                text!(
                    "--out {out} lies in the site's sources ({source}): a build replaces its output directory whole and would delete them. Choose a directory outside content/, themes/, templates/ and static/, such as the default <root>/public",
                    "--out {out} 位于网站的源文件中（{source}）：构建会整体替换输出文件夹，会把它们删掉。请选择 content/、themes/、templates/ 和 static/ 之外的文件夹，例如默认的 <root>/public"
                )
            }
            Refusal::NotOurs(out) => {
                let out = out.display();
                text!(
                    "--out {out} is not empty and was not written by yanxue (it has no {MARKER} file): a build would delete what is in it. Empty it, choose another directory, or pass --force to replace it",
                    "--out {out} 不是空的，也不是 yanxue 生成的（里面没有 {MARKER} 文件）：构建会删掉其中的内容。请清空它、换一个文件夹，或加上 --force 强制替换"
                )
            }
            Refusal::Unresolvable(out, why) => {
                let out = out.display();
                text!(
                    "--out {out}: can't resolve the path: {why}",
                    "--out {out}：无法解析这个路径：{why}"
                )
            }
        }
    }
}

/// Checks that a build may replace `out`, and returns the directory it really names (links
/// followed, so the staging directory is made beside the real one, on the same file system).
///
/// `sources` are the site's files and folders (site.yaml, content/, themes/, …); `root`'s own
/// `public/` is always the build's to replace, and `force` allows any other non-empty directory.
pub fn check_out_dir(
    out: &Path,
    root: &Path,
    sources: &[PathBuf],
    force: bool,
) -> Result<PathBuf, Refusal> {
    let resolved = resolve(out).map_err(|e| Refusal::Unresolvable(out.into(), e.to_string()))?;
    let root_resolved =
        resolve(root).map_err(|e| Refusal::Unresolvable(root.into(), e.to_string()))?;
    if root_resolved.starts_with(&resolved) {
        return Err(Refusal::ContainsSite {
            out: out.into(),
            root: root.into(),
        });
    }
    for source in sources {
        let Ok(source_resolved) = resolve(source) else {
            continue;
        };
        // Replacing a folder that holds a source deletes it as surely as replacing the source.
        if resolved.starts_with(&source_resolved) || source_resolved.starts_with(&resolved) {
            return Err(Refusal::InsideSources {
                out: out.into(),
                source: source.clone(),
            });
        }
    }
    match std::fs::metadata(&resolved) {
        Ok(meta) if !meta.is_dir() => Err(Refusal::NotADirectory(out.into())),
        Ok(_) => {
            let default = resolve(&root.join("public")).is_ok_and(|p| p == resolved);
            if force || default || resolved.join(MARKER).is_file() || is_empty_dir(&resolved) {
                Ok(resolved)
            } else {
                Err(Refusal::NotOurs(out.into()))
            }
        }
        Err(_) => Ok(resolved),
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `path` made absolute with every link in it followed, whether or not its last parts exist:
/// `..` after a link goes up from where the link points, as the file system does.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut resolved = PathBuf::new();
    for component in std::path::absolute(path)?.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if std::fs::symlink_metadata(&resolved).is_ok_and(|m| m.is_symlink()) {
                    resolved = std::fs::canonicalize(&resolved)?;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site {
        dir: tempfile::TempDir,
    }

    impl Site {
        fn new() -> Site {
            let dir = tempfile::tempdir().unwrap();
            for d in ["content/routes", "themes/default/templates", "static"] {
                std::fs::create_dir_all(dir.path().join(d)).unwrap();
            }
            std::fs::write(dir.path().join("site.yaml"), "title: t\n").unwrap();
            Site { dir }
        }
        fn root(&self) -> &Path {
            self.dir.path()
        }
        fn sources(&self) -> Vec<PathBuf> {
            ["site.yaml", "content", "themes", "templates", "static"]
                .iter()
                .map(|s| self.root().join(s))
                .collect()
        }
        fn check(&self, out: &Path, force: bool) -> Result<PathBuf, Refusal> {
            check_out_dir(out, self.root(), &self.sources(), force)
        }
    }

    #[test]
    fn refusals_are_told_in_both_languages() {
        let out = PathBuf::from("out");
        for refusal in [
            Refusal::NotADirectory(out.clone()),
            Refusal::ContainsSite {
                out: out.clone(),
                root: PathBuf::from("site"),
            },
            Refusal::InsideSources {
                out: out.clone(),
                source: PathBuf::from("site/content"),
            },
            Refusal::NotOurs(out.clone()),
            Refusal::Unresolvable(out.clone(), "loop".into()),
        ] {
            let text = refusal.text();
            assert_eq!(refusal.to_string(), text.en());
            assert!(text.en().starts_with("--out out"), "{}", text.en());
            assert!(text.zh().starts_with("--out out"), "{}", text.zh());
            assert!(
                text.zh()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}",
                text.zh()
            );
        }
    }

    #[test]
    fn sources_and_the_site_are_refused() {
        let site = Site::new();
        let root = site.root();
        for rel in [
            "content",
            "content/routes",
            "content/new",
            "themes",
            "themes/default/templates",
            "static",
            "templates/x",
            "site.yaml",
        ] {
            let err = site.check(&root.join(rel), true).unwrap_err();
            assert!(
                matches!(err, Refusal::InsideSources { .. }),
                "{rel}: {err:?}"
            );
        }
        for out in [root.to_path_buf(), root.join(".."), root.join("content/..")] {
            let err = site.check(&out, true).unwrap_err();
            assert!(matches!(err, Refusal::ContainsSite { .. }), "{err:?}");
        }
    }

    #[test]
    fn links_are_followed_before_judging() {
        let site = Site::new();
        let link = site.root().join("out-link");
        std::os::unix::fs::symlink(site.root().join("content"), &link).unwrap();
        assert!(matches!(
            site.check(&link.join("routes"), false),
            Err(Refusal::InsideSources { .. })
        ));
        // `..` after a link climbs from where the link points.
        let elsewhere = tempfile::tempdir().unwrap();
        let deep = elsewhere.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::os::unix::fs::symlink(&deep, site.root().join("up")).unwrap();
        assert_eq!(
            site.check(&site.root().join("up/../out"), false).unwrap(),
            std::fs::canonicalize(elsewhere.path())
                .unwrap()
                .join("a/out")
        );
    }

    #[test]
    fn files_and_foreign_directories_are_refused() {
        let site = Site::new();
        let elsewhere = tempfile::tempdir().unwrap();
        let file = elsewhere.path().join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        assert!(matches!(
            site.check(&file, true),
            Err(Refusal::NotADirectory(_))
        ));
        let foreign = elsewhere.path().join("photos");
        std::fs::create_dir(&foreign).unwrap();
        assert!(site.check(&foreign, false).is_ok(), "empty is fine");
        std::fs::write(foreign.join("a.jpg"), "x").unwrap();
        assert!(matches!(
            site.check(&foreign, false),
            Err(Refusal::NotOurs(_))
        ));
        assert!(site.check(&foreign, true).is_ok());
        std::fs::write(foreign.join(MARKER), MARKER_TEXT).unwrap();
        assert!(site.check(&foreign, false).is_ok());
    }

    #[test]
    fn the_sites_own_public_is_always_its_own() {
        let site = Site::new();
        let public = site.root().join("public");
        std::fs::create_dir(&public).unwrap();
        std::fs::write(public.join("index.html"), "old").unwrap();
        assert!(site.check(&public, false).is_ok());
        assert!(
            site.check(&site.root().join("public/preview"), false)
                .is_ok()
        );
    }
}

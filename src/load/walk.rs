//! Finds the files of one folder of a site without ever leaving the site. A link is followed
//! only when where it leads stays inside its fence — the site's folder, or for a theme's files
//! that theme's own folder — and only regular files are handed on. Everything else (a link out,
//! a link to nowhere, a link back up to a folder that holds it, a named pipe, a socket) becomes
//! a warning and is neither read nor published: a `static -> /etc` link must not publish
//! `/etc/shadow`, and a named pipe under `content/` must not hang the build.

use std::fs::FileType;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Pos, codes};
use crate::text;

/// Where the files of a walk must stay.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The fence's folder, canonical (links resolved), so a resolved path can be compared.
    dir: PathBuf,
    /// Whose files are walked: said in the warnings.
    owner: Owner,
}

#[derive(Debug, Clone)]
enum Owner {
    Site,
    Theme(String),
}

impl Fence {
    /// The site's own folders (`content/`, `static/`, `templates/`): anything inside the site.
    /// `site` must be canonical.
    pub fn site(site: &Path) -> Fence {
        Fence {
            dir: site.to_path_buf(),
            owner: Owner::Site,
        }
    }

    /// A theme's folders: anything inside `themes/<name>/`. `theme_dir` must be canonical.
    pub fn theme(theme_dir: &Path, name: &str) -> Fence {
        Fence {
            dir: theme_dir.to_path_buf(),
            owner: Owner::Theme(name.to_string()),
        }
    }

    fn outside(&self, shown: &Path, target: &Path) -> Diagnostic {
        let target = target.display();
        let (message, help) = match &self.owner {
            Owner::Site => (
                text!(
                    "this link points to `{target}`, outside the site's folder: it is not read or published",
                    "这个链接指向网站文件夹之外的 `{target}`：不会读取，也不会发布"
                ),
                text!(
                    "copy the file into the site instead of linking to it",
                    "请把文件复制到网站里，不要用链接"
                ),
            ),
            Owner::Theme(name) => (
                text!(
                    "this link points to `{target}`, outside the theme's folder `themes/{name}/`: it is not read or published",
                    "这个链接指向主题文件夹 `themes/{name}/` 之外的 `{target}`：不会读取，也不会发布"
                ),
                text!(
                    "copy the file into the theme's folder instead of linking to it",
                    "请把文件复制到主题文件夹里，不要用链接"
                ),
            ),
        };
        Diagnostic::new(codes::LINK_NOT_FOLLOWED, shown, Pos::START, message).with_help(help)
    }
}

/// Whether `path` is `dir` or lies below it. Both must be canonical: compared component by
/// component, so `/site-old` is not inside `/site`.
pub fn is_inside(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir)
}

/// What a file that is not a regular file or a folder is, in words.
pub fn kind_of(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a link"
    } else {
        "neither a file nor a folder"
    }
}

/// [`kind_of`]'s words in Chinese.
pub fn kind_of_zh(kind: &str) -> &'static str {
    match kind {
        "a named pipe" => "命名管道",
        "a socket" => "套接字",
        "a device" => "设备文件",
        "a folder" => "文件夹",
        "a link" => "链接",
        _ => "既不是文件也不是文件夹的东西",
    }
}

/// Whether `name` is a file an editor leaves beside the one being edited: a backup (`x.md~`,
/// `x.md.bak`, `x.orig`), Emacs's autosave (`#x.md#`) or Vim's swap (`x.swp`, when not hidden).
/// They are never content: publishing one would leak a draft, and reading one as an image or a
/// page would only confuse. (Hidden files, `.x.swp` and `.#x.md` among them, are skipped before.)
fn is_editor_leftover(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#') && name.len() > 1)
        || [".bak", ".orig", ".swp", ".swo", ".tmp"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// A regular file found by [`files_under`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Relative to the walked folder, by the names in the site: a link's own name, not its
    /// target's (a linked page takes its id from the link).
    pub rel: PathBuf,
    /// The same, relative to the site root (`templates/route.html`): for messages.
    pub file: PathBuf,
    /// The file to read: where the path leads, links resolved and checked against the fence.
    /// Reading this and not the link keeps what was checked and what is read the same file.
    pub source: PathBuf,
}

/// Every regular, non-hidden file below `dir` (none if it doesn't exist), sorted by name as a
/// depth-first walk meets them. `root` is the site's folder as given, for showing paths
/// relative to it in the warnings, which go to `diagnostics`.
pub fn files_under(
    root: &Path,
    dir: &Path,
    fence: &Fence,
    diagnostics: &mut Vec<Diagnostic>,
) -> std::io::Result<Vec<Found>> {
    let mut walk = Walk {
        fence,
        found: Vec::new(),
        diagnostics,
    };
    let shown = dir.strip_prefix(root).unwrap_or(dir).to_path_buf();
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(super::with_path(dir, e)),
    };
    let target = if meta.is_symlink() {
        match walk.follow(dir, &shown) {
            Some(target) => target,
            None => return Ok(Vec::new()),
        }
    } else {
        // Not a link itself, but a folder above it may be one.
        let target = fs_err::canonicalize(dir)?;
        if !is_inside(&target, &fence.dir) {
            walk.diagnostics.push(fence.outside(&shown, &target));
            return Ok(Vec::new());
        }
        target
    };
    // A `static` that is a file, say, holds no files; as before links were checked.
    if fs_err::metadata(&target)?.is_dir() {
        let mut holders = vec![target.clone()];
        walk.dir(&target, Path::new(""), &shown, &mut holders)?;
    }
    Ok(walk.found)
}

struct Walk<'a> {
    fence: &'a Fence,
    found: Vec<Found>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    /// Where the link at `path` leads, when that is inside the fence; a warning otherwise.
    fn follow(&mut self, path: &Path, shown: &Path) -> Option<PathBuf> {
        match std::fs::canonicalize(path) {
            Ok(target) if is_inside(&target, &self.fence.dir) => Some(target),
            Ok(target) => {
                self.diagnostics.push(self.fence.outside(shown, &target));
                None
            }
            Err(e) => {
                let to = std::fs::read_link(path).unwrap_or_default();
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::LINK_NOT_FOLLOWED,
                        shown,
                        Pos::START,
                        text!(
                            "this link points to `{}`, which can't be reached ({e}): it is not read or published",
                            "这个链接指向的 `{}` 无法访问（{e}）：不会读取，也不会发布",
                            to.display()
                        ),
                    )
                    .with_help(text!("fix the link, or remove it", "请修正或删除这个链接")),
                );
                None
            }
        }
    }

    /// Walks the folder `resolved` (canonical), named `rel` below the walk's top and `shown`
    /// below the site root. `holders` are the canonical folders being walked, outermost first.
    fn dir(
        &mut self,
        resolved: &Path,
        rel: &Path,
        shown: &Path,
        holders: &mut Vec<PathBuf>,
    ) -> std::io::Result<()> {
        let mut entries = fs_err::read_dir(resolved)?.collect::<std::io::Result<Vec<_>>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            // Hidden: version control, editors' lock and swap files.
            if name.to_str().is_some_and(|n| n.starts_with('.')) {
                continue;
            }
            let path = resolved.join(&name);
            let rel = rel.join(&name);
            let shown = shown.join(&name);
            // The type of the entry itself (links not followed), from the folder listing.
            let file_type = entry.file_type().map_err(|e| super::with_path(&path, e))?;
            let (file_type, target) = if file_type.is_symlink() {
                let Some(target) = self.follow(&path, &shown) else {
                    continue;
                };
                (fs_err::metadata(&target)?.file_type(), target)
            } else {
                (file_type, path)
            };
            if file_type.is_dir() {
                // A link to a folder that holds it would repeat that folder without end.
                if holders.iter().any(|holder| is_inside(holder, &target)) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::LINK_NOT_FOLLOWED,
                            &shown,
                            Pos::START,
                            text!(
                                "this link points to `{}`, a folder that holds it: it is not followed",
                                "这个链接指向包含它自己的文件夹 `{}`：不会跟随",
                                target.display()
                            ),
                        )
                        .with_help(text!(
                            "remove the link: following it would repeat the folder without end",
                            "请删除这个链接：跟随它会无休止地重复这个文件夹"
                        )),
                    );
                    continue;
                }
                holders.push(target.clone());
                self.dir(&target, &rel, &shown, holders)?;
                holders.pop();
            } else if file_type.is_file() && is_editor_leftover(&name) {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::EDITOR_FILE_LEFT_OUT,
                        &shown,
                        Pos::START,
                        text!(
                            "an editor's backup or temporary file: left out of the site",
                            "编辑器的备份或临时文件：不会发布"
                        ),
                    )
                    .with_help(text!(
                        "nothing to do; delete it when you no longer need it",
                        "无需处理；不再需要时可以删除它"
                    )),
                );
            } else if file_type.is_file() {
                self.found.push(Found {
                    rel,
                    file: shown,
                    source: target,
                });
            } else {
                self.diagnostics.push(
                    Diagnostic::new(codes::NOT_A_REGULAR_FILE, &shown, Pos::START, {
                        let kind = kind_of(file_type);
                        crate::diag::Text::new(
                            format!("not a regular file (it is {kind}): it is skipped"),
                            format!("不是普通文件（它是{}）：已跳过", kind_of_zh(kind)),
                        )
                    })
                    .with_help(text!(
                        "only ordinary files and folders belong to a site: remove it",
                        "网站里只能有普通文件和文件夹：请删除它"
                    )),
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::codes::LINK_NOT_FOLLOWED;
    use std::os::unix::fs::symlink;

    #[test]
    fn containment_is_by_whole_components() {
        let site = Path::new("/srv/site");
        assert!(is_inside(Path::new("/srv/site"), site));
        assert!(is_inside(Path::new("/srv/site/static/a.css"), site));
        assert!(!is_inside(Path::new("/srv/site-old/a.css"), site));
        assert!(!is_inside(Path::new("/srv"), site));
        assert!(!is_inside(Path::new("/etc/shadow"), site));
    }

    struct Site {
        _outside: tempfile::TempDir,
        outside: PathBuf,
        _dir: tempfile::TempDir,
        root: PathBuf,
    }

    fn site() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let out = outside.path().canonicalize().unwrap();
        std::fs::write(out.join("secret.txt"), "secret").unwrap();
        Site {
            _outside: outside,
            outside: out,
            _dir: dir,
            root,
        }
    }

    fn walk(root: &Path, dir: &str, fence: &Fence) -> (Vec<String>, Vec<String>) {
        let mut ds = Vec::new();
        let found = files_under(root, &root.join(dir), fence, &mut ds).unwrap();
        let found = found
            .into_iter()
            .map(|f| {
                assert!(is_inside(&f.source, &fence.dir), "{f:?}");
                f.rel.display().to_string()
            })
            .collect();
        let ds = ds
            .iter()
            .map(|d| format!("{} {}", d.code, d.file.display()))
            .collect();
        (found, ds)
    }

    #[test]
    fn links_inside_are_followed_and_links_out_are_warned() {
        let s = site();
        let static_dir = s.root.join("static");
        std::fs::create_dir_all(static_dir.join("img")).unwrap();
        std::fs::create_dir_all(s.root.join("shared")).unwrap();
        std::fs::write(s.root.join("shared/logo.svg"), "<svg/>").unwrap();
        std::fs::write(static_dir.join("img/a.png"), "png").unwrap();
        std::fs::write(static_dir.join(".hidden"), "x").unwrap();
        symlink("../shared/logo.svg", static_dir.join("logo.svg")).unwrap();
        symlink("../shared", static_dir.join("shared")).unwrap();
        symlink(s.outside.join("secret.txt"), static_dir.join("secret.txt")).unwrap();
        symlink(&s.outside, static_dir.join("out")).unwrap();
        symlink("nowhere", static_dir.join("dangling")).unwrap();
        symlink("..", static_dir.join("img/up")).unwrap();
        // A hidden link (an editor's lock file) is not even looked at.
        symlink("nowhere", static_dir.join(".#lock")).unwrap();

        let (found, ds) = walk(&s.root, "static", &Fence::site(&s.root));
        assert_eq!(found, ["img/a.png", "logo.svg", "shared/logo.svg"]);
        assert_eq!(
            ds,
            [
                "W007 static/dangling",
                "W007 static/img/up",
                "W007 static/out",
                "W007 static/secret.txt"
            ]
        );
    }

    #[test]
    fn a_linked_top_folder_is_checked_too() {
        let s = site();
        symlink(&s.outside, s.root.join("static")).unwrap();
        let mut ds = Vec::new();
        let found = files_under(
            &s.root,
            &s.root.join("static"),
            &Fence::site(&s.root),
            &mut ds,
        )
        .unwrap();
        assert!(found.is_empty());
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].code, LINK_NOT_FOLLOWED);
        assert_eq!(ds[0].file, Path::new("static"));
        assert!(
            ds[0].message.contains(&s.outside.to_string_lossy()),
            "{}",
            ds[0].message
        );
        assert!(ds[0].message.contains("outside the site's folder"));

        // A missing folder holds nothing, without a word.
        let (found, ds) = walk(&s.root, "templates", &Fence::site(&s.root));
        assert!(found.is_empty() && ds.is_empty());
    }

    #[test]
    fn a_theme_stays_in_its_own_folder() {
        let s = site();
        let theme = s.root.join("themes/t");
        std::fs::create_dir_all(theme.join("static")).unwrap();
        std::fs::create_dir_all(s.root.join("static")).unwrap();
        std::fs::write(s.root.join("static/site.css"), "a").unwrap();
        std::fs::write(theme.join("own.css"), "b").unwrap();
        symlink("../own.css", theme.join("static/own.css")).unwrap();
        symlink("../../../static/site.css", theme.join("static/site.css")).unwrap();
        let (found, ds) = walk(&s.root, "themes/t/static", &Fence::theme(&theme, "t"));
        assert_eq!(found, ["own.css"]);
        assert_eq!(ds, ["W007 themes/t/static/site.css"]);
    }

    #[test]
    fn named_pipes_are_skipped_not_opened() {
        let s = site();
        let content = s.root.join("content/bases");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.md"), "---\n---\n").unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(content.join("pipe.md"))
            .status()
            .unwrap();
        assert!(status.success());
        let (found, ds) = walk(&s.root, "content", &Fence::site(&s.root));
        assert_eq!(found, ["bases/a.md"]);
        assert_eq!(ds, ["W008 content/bases/pipe.md"]);
    }

    #[test]
    fn loops_between_folders_end() {
        let s = site();
        let content = s.root.join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::create_dir_all(content.join("b")).unwrap();
        std::fs::write(content.join("b/x.md"), "").unwrap();
        symlink("../b", content.join("a/to-b")).unwrap();
        symlink("../a", content.join("b/to-a")).unwrap();
        symlink("self", content.join("self")).unwrap();
        let (found, ds) = walk(&s.root, "content", &Fence::site(&s.root));
        assert_eq!(found, ["a/to-b/x.md", "b/x.md"]);
        assert_eq!(
            ds,
            [
                "W007 content/a/to-b/to-a",
                "W007 content/b/to-a/to-b",
                "W007 content/self"
            ]
        );
    }

    #[test]
    fn editor_leftovers_are_known_by_name() {
        for name in [
            "x.md~",
            "#x.md#",
            "x.md.bak",
            "a.PNG.BAK",
            "x.orig",
            "x.swp",
            "x.tmp",
        ] {
            assert!(is_editor_leftover(std::ffi::OsStr::new(name)), "{name}");
        }
        for name in ["x.md", "#", "photo.jpg", "backup.md", "x~y.md", "#x.md"] {
            assert!(!is_editor_leftover(std::ffi::OsStr::new(name)), "{name}");
        }
    }
}

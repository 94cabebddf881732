//! Which file changes matter, and watching for them. Directories are watched, not files: editors
//! save by writing a temp file and renaming it over the original (vim, JetBrains, helix), and a
//! watch on the file itself would go silent after the first save. Editor temp files are ignored
//! and the output directory is never watched, so a build can't trigger itself.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

/// What kind of input changed; decides what must be rebuilt and how the browser updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Content,
    Template,
    /// A static file; `css` when it is a stylesheet (the browser can swap it without a reload).
    Static {
        css: bool,
    },
    Config,
}

/// Whether an event can change a file's contents. Reads (our own build opens every file) and
/// metadata-only changes (a copy's timestamps) must not trigger a rebuild, or a build would
/// trigger the next one forever. Every kind is named so a notify upgrade forces a review.
pub fn is_edit(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(
            ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any | ModifyKind::Other,
        ) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

/// Editor and OS droppings that are not part of the site.
fn is_temp_file(name: &str) -> bool {
    name.starts_with('.') // .#lock files, .DS_Store, .swp of hidden files, .git
        || name.starts_with('#') && name.ends_with('#') // emacs autosave
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bck") // helix
        || name.ends_with(".kate-swp")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || name == "4913" // vim's write test
}

/// The change a path stands for, or None when it doesn't affect the site. `out_dir` is ignored
/// wherever it is.
pub fn classify_change(root: &Path, out_dir: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(out_dir) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_str()?;
    if is_temp_file(name)
        || rel
            .components()
            .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')))
    {
        return None;
    }
    let mut parts = rel.iter().filter_map(|p| p.to_str());
    let css = rel.extension().is_some_and(|e| e == "css");
    match parts.next()? {
        "site.yaml" if rel.components().count() == 1 => Some(Change::Config),
        "content" => Some(Change::Content),
        "templates" => Some(Change::Template),
        "static" => Some(Change::Static { css }),
        "themes" => match (parts.next(), parts.next()) {
            (Some(_theme), Some("templates")) => Some(Change::Template),
            (Some(_theme), Some("static")) => Some(Change::Static { css }),
            _ => None,
        },
        _ => None,
    }
}

const INPUT_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// The directories to watch: the root itself (not recursively, for `site.yaml`) and each input
/// directory that exists.
pub fn watched_dirs(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut dirs = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in INPUT_DIRS {
        let path = root.join(dir);
        if is_site_dir(root, &path) {
            dirs.push((path, RecursiveMode::Recursive));
        }
    }
    dirs
}

/// A directory of the site itself: one linked from elsewhere (`static -> /etc`) is neither read
/// nor published, so it is not worth a watch on every file below it either.
fn is_site_dir(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(dir)) => dir.is_dir() && crate::load::walk::is_inside(&dir, &root),
        _ => false,
    }
}

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    Native(
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    ),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, notify_debouncer_full::NoCache>),
}

impl Watcher {
    fn watch(&mut self, dir: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(dir, mode),
            Watcher::Poll(d) => d.watch(dir, mode),
        }
    }

    /// Starts watching an input directory created after the server started (a first `static/`).
    pub fn watch_new_dir(&mut self, root: &Path, path: &Path) -> notify::Result<()> {
        let is_input = path.parent() == Some(root)
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| INPUT_DIRS.contains(&n));
        if is_input && is_site_dir(root, path) {
            self.watch(path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }
}

/// Starts watching `root`; batches of debounced events arrive on the returned channel.
/// `poll` uses a polling watcher, for file systems without change events (NFS, WSL's /mnt/c).
pub fn start_watching(
    root: &Path,
    poll: bool,
) -> notify::Result<(Watcher, mpsc::Receiver<DebounceEventResult>)> {
    let (tx, rx) = mpsc::channel();
    // Short enough to feel instant (it is most of an edit's latency), long enough to see an
    // editor's write+rename, microseconds apart, as one save.
    let debounce = Duration::from_millis(20);
    let mut watcher = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
        Watcher::Poll(new_debouncer_opt(
            debounce,
            None,
            tx,
            notify_debouncer_full::NoCache,
            config,
        )?)
    } else {
        Watcher::Native(new_debouncer(debounce, None, tx)?)
    };
    for (dir, mode) in watched_dirs(root) {
        watcher.watch(&dir, mode)?;
    }
    Ok((watcher, rx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_linked_from_outside_the_site_are_not_watched() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        std::fs::create_dir(site.path().join("shared")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join("static")).unwrap();
        std::os::unix::fs::symlink(site.path().join("shared"), site.path().join("templates"))
            .unwrap();
        let watched: Vec<_> = watched_dirs(site.path())
            .into_iter()
            .map(|(p, _)| p.strip_prefix(site.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            watched,
            [PathBuf::new(), "content".into(), "templates".into()]
        );
    }

    #[test]
    fn only_edits_count() {
        use notify::EventKind;
        use notify::event::{
            AccessKind, CreateKind, DataChange, MetadataKind, ModifyKind, RenameMode,
        };
        assert!(!is_edit(&EventKind::Access(AccessKind::Any)));
        assert!(!is_edit(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::WriteTime
        ))));
        assert!(is_edit(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
        assert!(is_edit(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(is_edit(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn classifies_inputs_and_ignores_noise() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let c = |p: &str| classify_change(root, out, Path::new(p));
        assert_eq!(c("/site/site.yaml"), Some(Change::Config));
        assert_eq!(c("/site/content/routes/a.md"), Some(Change::Content));
        assert_eq!(c("/site/content/bases/x/photo.jpg"), Some(Change::Content));
        assert_eq!(c("/site/templates/route.html"), Some(Change::Template));
        assert_eq!(
            c("/site/themes/default/templates/base.html"),
            Some(Change::Template)
        );
        assert_eq!(
            c("/site/themes/default/static/style.css"),
            Some(Change::Static { css: true })
        );
        assert_eq!(
            c("/site/static/logo.svg"),
            Some(Change::Static { css: false })
        );
        for noise in [
            "/site/public/index.html",
            "/site/content/routes/.a.md.swp",
            "/site/content/routes/a.md~",
            "/site/content/routes/4913",
            "/site/content/routes/#a.md#",
            "/site/content/routes/a.md___jb_tmp___",
            "/site/content/routes/a.md.bck",
            "/site/content/.git/index",
            "/site/README.md",
            "/site/target/debug/x",
            "/elsewhere/site.yaml",
        ] {
            assert_eq!(c(noise), None, "{noise}");
        }
        // The output may live anywhere.
        assert_eq!(
            classify_change(
                root,
                Path::new("/site/content/out"),
                Path::new("/site/content/out/a.html")
            ),
            None
        );
    }
}

//! The rebuild loop of `serve`: waits for batches of file events, rebuilds what they touch,
//! publishes each good build to the server (or the diagnostics of a failed one), and brings the
//! search index up to date on its own thread once edits pause.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use notify_debouncer_full::DebounceEventResult;

use super::watch::{self, Change, Watcher};
use super::{BuildReporter, Notice, ServeError, ServerState, page};
use crate::diag::{Diagnostic, Lang, codes};
use crate::live::{IndexFiles, LiveSite};
use crate::render::Output;

/// How long edits must pause before the search index is brought up to date.
const INDEX_AFTER_IDLE: Duration = Duration::from_millis(150);
/// How often a running index job is looked at while waiting for edits.
const INDEX_POLL: Duration = Duration::from_millis(25);

/// The watcher and its channel of debounced event batches.
pub(super) struct Watching {
    /// Kept alive as long as the loop runs; the loop ends when its channel closes.
    pub watcher: Watcher,
    pub events: mpsc::Receiver<DebounceEventResult>,
    pub root: PathBuf,
}

/// Rebuilds on every batch of changes until the watcher stops.
pub(super) fn rebuild_on_changes(
    mut live: LiveSite,
    mut watching: Watching,
    state: &ServerState,
    report: &BuildReporter,
) {
    let out_dir = watching.root.join("public");
    let mut indexing = Indexing::new();
    loop {
        let wait = if indexing.running() {
            Some(INDEX_POLL)
        } else if live.indexes_stale() {
            Some(INDEX_AFTER_IDLE)
        } else {
            None
        };
        let batch = match next_batch(&watching.events, wait) {
            Ok(batch) => batch,
            Err(Closed) => break,
        };
        if let Some(files) = indexing.finished()
            && let Some(output) = live.apply_indexes(files)
        {
            publish(state, output);
        }
        let Some(batch) = batch else {
            indexing.start_when_idle(&mut live);
            continue;
        };
        let (changes, paths) = changes_in(batch, &mut watching, &out_dir, state.lang());
        if changes.is_empty() {
            continue;
        }
        if let Err(e) = rebuild(&mut live, state, report, Some((&changes, paths.as_deref()))) {
            say!(state.lang(), crate::error_line(&e.text()));
        }
        // The edited page is served; now the search index catches up (no reload needed:
        // a page fetches the index when a search is made).
        if let Some(output) = live.finish_indexes() {
            publish(state, output);
        }
    }
}

/// The watcher's channel closed.
struct Closed;

/// The next batch of events, or None when `wait` passed without one.
fn next_batch(
    events: &mpsc::Receiver<DebounceEventResult>,
    wait: Option<Duration>,
) -> Result<Option<DebounceEventResult>, Closed> {
    match wait {
        Some(wait) => match events.recv_timeout(wait) {
            Ok(batch) => Ok(Some(batch)),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Closed),
        },
        None => events.recv().map(Some).map_err(|_| Closed),
    }
}

/// What a batch changed, with the paths it names (None when events were lost). New input
/// folders start being watched.
fn changes_in(
    batch: DebounceEventResult,
    watching: &mut Watching,
    out_dir: &Path,
    state_lang: Lang,
) -> (Vec<Change>, Option<Vec<PathBuf>>) {
    let root = &watching.root;
    let lang = state_lang;
    match batch {
        Ok(events) => {
            for path in events.iter().flat_map(|e| e.paths.iter()) {
                if let Err(e) = watching.watcher.watch_new_dir(root, path) {
                    let path = path.display();
                    say!(
                        lang,
                        "warning: not watching {path}: {e}",
                        "警告：没有监视 {path} 的变化：{e}"
                    );
                }
            }
            let (mut changes, paths): (Vec<Change>, Vec<PathBuf>) = events
                .iter()
                .filter(|e| watch::is_edit(&e.kind))
                .flat_map(|e| e.paths.iter())
                .filter_map(|p| Some((watch::classify_change(root, out_dir, p)?, p.clone())))
                .unzip();
            changes.sort();
            changes.dedup();
            (changes, Some(paths))
        }
        // Events were lost (a rescan, an overflow): rebuild everything to be safe.
        Err(_) => (vec![Change::Config], None),
    }
}

/// Serves `output` from now on (pages are unchanged: no reload).
fn publish(state: &ServerState, output: &Output) {
    let output = Arc::new(output.clone());
    let mut current = state.current.write().unwrap_or_else(|e| e.into_inner());
    current.output = Some(output);
}

/// The search index, rebuilt on its own thread (and its own one-thread pool, so page rebuilds
/// never queue behind it) once edits pause; an edit meanwhile makes its result stale, and it is
/// redone at the next pause.
struct Indexing {
    pool: Option<Arc<rayon::ThreadPool>>,
    job: Option<mpsc::Receiver<IndexFiles>>,
}

impl Indexing {
    fn new() -> Self {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .ok()
            .map(Arc::new);
        Indexing { pool, job: None }
    }

    fn running(&self) -> bool {
        self.job.is_some()
    }

    /// The index files of a finished job, once.
    fn finished(&mut self) -> Option<IndexFiles> {
        let files = self.job.as_ref().and_then(|rx| rx.try_recv().ok())?;
        self.job = None;
        Some(files)
    }

    fn start_when_idle(&mut self, live: &mut LiveSite) {
        if self.job.is_some() {
            return;
        }
        let Some(job) = live.index_job() else {
            return;
        };
        let (tx, rx) = mpsc::channel();
        let pool = self.pool.clone();
        std::thread::spawn(move || {
            let files = match pool {
                Some(pool) => pool.install(|| job.run()),
                None => job.run(),
            };
            let _ = tx.send(files);
        });
        self.job = Some(rx);
    }
}

/// Builds the site in memory and publishes the result: a good build replaces the served output
/// and reloads pages; a failed one keeps the last good output and shows its diagnostics.
pub(super) fn rebuild(
    live: &mut LiveSite,
    state: &ServerState,
    report: &BuildReporter,
    changes: Option<(&[Change], Option<&[PathBuf]>)>,
) -> Result<(), ServeError> {
    let started = Instant::now();
    let build = live.rebuild(changes.and_then(|(_, paths)| paths));
    let changes = changes.map(|(c, _)| c);
    let notice = match build {
        Ok(mut b) => {
            state.note_site_language(b.language);
            report(&b, started.elapsed());
            match (b.output.take(), b.has_errors()) {
                (Some(output), false) => {
                    let output = Arc::new(output);
                    let mut current = state.current.write().unwrap_or_else(|e| e.into_inner());
                    current.output = Some(output);
                    current.overlay = None;
                    let css_only = changes
                        .is_some_and(|c| c.iter().all(|c| *c == Change::Static { css: true }));
                    if css_only {
                        Notice::Css
                    } else {
                        Notice::Reload
                    }
                }
                (_, _) => errors_notice(state, &b.diagnostics, b.language),
            }
        }
        // A site that can't be read at all (site.yaml deleted mid-edit): show it, keep serving.
        Err(e) => {
            say!(state.lang(), crate::error_line(&e.text()));
            let unreadable = Diagnostic::new(
                codes::SITE_UNREADABLE,
                Path::new("site.yaml"),
                crate::diag::Pos::START,
                e.text(),
            );
            errors_notice(state, &[unreadable], None)
        }
    };
    if changes.is_some() {
        let _ = state.notices.send(notice);
    }
    Ok(())
}

fn errors_notice(
    state: &ServerState,
    diagnostics: &[Diagnostic],
    site_language: Option<Lang>,
) -> Notice {
    state.note_site_language(site_language);
    let lang = state.lang();
    let html = page::overlay_html(diagnostics, lang);
    let mut current = state.current.write().unwrap_or_else(|e| e.into_inner());
    current.overlay = Some(html.clone());
    current.lang = lang;
    Notice::Errors(html)
}

//! `yanxue build`: checks the output directory may be replaced, renders the site into a staging
//! directory beside it while showing progress, and swaps it in, or leaves the previous output as
//! it was when anything goes wrong, including Ctrl-C and SIGTERM.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use super::{Format, ReportArgs, cannot_read_site, lang_before_loading, print_diagnostics};
use crate::diag::Lang;
use crate::render::{OutputFile, Sink};
use crate::{BuildOptions, build_site_into, load, write};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's directory (holds site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output directory [default: <root>/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Override site.yaml's base_url (absolute URL used in the sitemap).
    #[arg(long)]
    base_url: Option<String>,
    /// Replace --out even when it is a non-empty directory that yanxue did not write.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    report: ReportArgs,
}

/// Builds the site at `--root` into `--out` (default `<root>/public`).
pub(super) fn run(
    args: Args,
    today: jiff::civil::Date,
    lang: Option<Lang>,
    exit_now: fn(i32) -> !,
) -> ExitCode {
    let started = Instant::now();
    let (root, format) = (&args.root, args.report.format);
    let early = lang_before_loading(lang, root);
    let shown = args.out.unwrap_or_else(|| root.join("public"));
    let out = match write::check_out_dir(&shown, root, &load::source_paths(root), args.force) {
        Ok(out) => out,
        Err(refusal) => {
            say!(early, crate::error_line(&refusal.text()));
            return ExitCode::from(2);
        }
    };
    let abandon: Abandon = Arc::default();
    if let Err(e) = stop_on_signals(Arc::clone(&abandon), shown.clone(), early, exit_now) {
        say!(
            early,
            "warning: Ctrl-C will not clean up after this build: {e}",
            "警告：按 Ctrl-C 中断时将无法清理这次构建：{e}"
        );
    }
    let Some(staging) = open_staging(&out, &shown, early) else {
        return ExitCode::from(2);
    };
    *abandon.lock().unwrap_or_else(PoisonError::into_inner) = Some(staging.gate());
    let options = BuildOptions {
        base_url: args.base_url,
        today,
        drafts: false,
    };
    let progress = Progress::new(&staging, format != Format::Json, early);
    let build = build_site_into(root, &options, &progress);
    progress.finish();
    let build = match build {
        Ok(build) => build,
        Err(e) => return cannot_read_site(&e, early),
    };
    let lang = lang.or(build.language).unwrap_or_default();
    print_diagnostics(&build.diagnostics, &build.sources, format, lang);
    let out_shown = shown.display();
    if build.has_errors() {
        drop(staging);
        say!(
            lang,
            "build failed: {out_shown} was left as it was",
            "构建失败：{out_shown} 保持原样，没有改动"
        );
        return ExitCode::from(1);
    }
    let files = staging.files();
    if !commit(staging, &shown, lang) {
        return ExitCode::from(2);
    }
    if format != Format::Json {
        let ms = started.elapsed().as_millis();
        say!(
            lang,
            "built {files} files into {out_shown} in {ms} ms",
            "已生成 {files} 个文件到 {out_shown}，用时 {ms} 毫秒"
        );
    }
    ExitCode::SUCCESS
}

/// The staging directory beside `out`, once this build holds the output's lock; says what it
/// waits for and what it cleans up. None (after saying why) when it can't be made.
fn open_staging(out: &Path, shown: &Path, lang: Lang) -> Option<write::Staging> {
    let shown = shown.display();
    let mut waiting = |holder: Option<u32>| match holder {
        Some(pid) => say!(
            lang,
            "waiting for another build into {shown} (process {pid}) to finish…",
            "正在等待另一个构建（进程 {pid}）写完 {shown}……"
        ),
        None => say!(
            lang,
            "waiting for another build into {shown} to finish…",
            "正在等待另一个构建写完 {shown}……"
        ),
    };
    let staging = match write::Staging::new(out, &mut waiting) {
        Ok(staging) => staging,
        Err(e) => {
            say!(
                lang,
                "error: writing {shown}: {e}",
                "错误：写入 {shown} 时出错：{e}"
            );
            return None;
        }
    };
    for leftover in &staging.leftovers().removed {
        let leftover = leftover.display();
        say!(
            lang,
            "note: removed {leftover}, left by an interrupted build",
            "提示：已删除 {leftover}（上次构建被中断时留下的）"
        );
    }
    for (leftover, e) in &staging.leftovers().kept {
        let leftover = leftover.display();
        say!(
            lang,
            "warning: {leftover} was left by an interrupted build and can't be removed: {e}; delete it by hand",
            "警告：{leftover} 是上次构建被中断时留下的，无法删除：{e}；请手动删除"
        );
    }
    Some(staging)
}

/// Swaps the new output in; false (after saying why) when it could not be.
fn commit(staging: write::Staging, shown: &Path, lang: Lang) -> bool {
    let shown = shown.display();
    match staging.commit() {
        Ok(committed) => {
            if let Some((old, e)) = committed.old_left {
                let old = old.display();
                say!(
                    lang,
                    "warning: the new build is in {shown}, but the previous one could not be removed: {e}; it is still at {old} (delete it, or the next build will)",
                    "警告：新的构建已在 {shown}，但上一次的构建无法删除：{e}；它还在 {old}（请删除它，或者下次构建时会自动删除）"
                );
            }
            true
        }
        Err(e) => {
            say!(
                lang,
                "error: writing {shown}: {e}",
                "错误：写入 {shown} 时出错：{e}"
            );
            false
        }
    }
}

/// The build a signal should abandon, once there is one.
type Abandon = Arc<Mutex<Option<Arc<write::Gate>>>>;

/// At Ctrl-C or SIGTERM, removes the unfinished output and ends the process with 130 or 143
/// (128 + the signal, as shells report it). The handlers are in place before this returns.
fn stop_on_signals(
    abandon: Abandon,
    shown: PathBuf,
    lang: Lang,
    exit_now: fn(i32) -> !,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    let signals = {
        let _inside = runtime.enter();
        Signals::new()?
    };
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let code = runtime.block_on(signals.next());
            let gate = abandon
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            let shown = shown.display();
            match gate.map(|gate| gate.abandon_before_exit()) {
                Some(Some(_)) => say!(
                    lang,
                    "interrupted: the unfinished build was removed; {shown} was left as it was",
                    "已中断：未完成的构建已删除，{shown} 保持原样，没有改动"
                ),
                Some(None) => say!(
                    lang,
                    "interrupted after the new build was put in {shown}",
                    "已中断，但新的构建已经放进了 {shown}"
                ),
                None => say!(
                    lang,
                    "interrupted before anything was written",
                    "已中断，还没有写入任何文件"
                ),
            }
            exit_now(code)
        })?;
    Ok(())
}

#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn new() -> std::io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Waits for one; gives the exit code it calls for.
    async fn next(mut self) -> i32 {
        tokio::select! {
            _ = self.interrupt.recv() => 130,
            _ = self.terminate.recv() => 143,
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> std::io::Result<Signals> {
        Ok(Signals)
    }

    async fn next(self) -> i32 {
        let _ = tokio::signal::ctrl_c().await;
        130
    }
}

/// A progress bar over the pages of a build, on a terminal and only once the build has taken
/// a second: a quick build stays silent, and so does a build whose stderr is a file or a pipe.
struct Progress<'a> {
    sink: &'a dyn Sink,
    lang: Lang,
    started: Instant,
    shown: bool,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
    pages: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicUsize,
}

impl<'a> Progress<'a> {
    fn new(sink: &'a dyn Sink, wanted: bool, lang: Lang) -> Self {
        Progress {
            sink,
            lang,
            started: Instant::now(),
            shown: wanted && std::io::stderr().is_terminal(),
            bar: std::sync::OnceLock::new(),
            pages: Default::default(),
            done: Default::default(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl Sink for Progress<'_> {
    fn put(&self, path: PathBuf, file: OutputFile) -> std::io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let page = path.extension().is_some_and(|e| e == "html");
        self.sink.put(path, file)?;
        if page && self.shown {
            let done = self.done.fetch_add(1, Relaxed) + 1;
            if self.started.elapsed() > std::time::Duration::from_secs(1) {
                let bar = self.bar.get_or_init(|| {
                    let bar = indicatif::ProgressBar::new(self.pages.load(Relaxed) as u64);
                    let template = match self.lang {
                        Lang::En => "{bar:30} {pos}/{len} pages, {elapsed}",
                        Lang::Zh => "{bar:30} {pos}/{len} 个页面，{elapsed}",
                    };
                    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                        bar.set_style(style);
                    }
                    bar
                });
                bar.set_position(done as u64);
            }
        }
        Ok(())
    }

    fn expect_pages(&self, pages: usize) {
        self.pages
            .fetch_add(pages, std::sync::atomic::Ordering::Relaxed);
        self.sink.expect_pages(pages);
    }
}

//! The command line: arguments → pipeline → printed diagnostics → exit code
//! (0 ok, 1 content errors, 2 usage or environment problems). One file per subcommand, each
//! with its arguments and its `run`; this file dispatches and holds what they share.

mod build;
mod check;
mod init;
mod new;
mod serve;
mod starter;
mod zh_help;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diag::{self, Diagnostic, Lang};
use crate::load::LoadError;

#[derive(Debug, Parser)]
#[command(
    name = "yanxue",
    version,
    about = "Static site generator for science study routes (科普研学)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages: `zh-CN` or `en` (default: the locale, else the site's `language`).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory (replaced atomically; untouched on errors).
    Build(build::Args),
    /// Build in memory, serve on loopback, rebuild and reload the browser on every save.
    Serve(serve::Args),
    /// Check the content without writing anything.
    Check(check::Args),
    /// Make a new site (a commented site.yaml, a base, a spot, a route, the pages) in an empty folder.
    Init(init::Args),
    /// Start a base, spot, route or page from a commented skeleton, as a draft.
    New(new::Args),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// How to print problems: `rich` (source line and help), `short` (path:line:col: …), `json`.
    #[arg(long, value_enum, default_value_t = Format::Rich)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Rich,
    Short,
    Json,
}

/// The command line to parse `args` with, its help in the language they (or the locale) ask
/// for: `yanxue --help --lang zh-CN` is in Chinese.
pub fn command_line(args: &[OsString]) -> clap::Command {
    let lang = zh_help::lang_of_args(args, |name| std::env::var(name).ok());
    zh_help::in_language(Cli::command(), lang)
}

/// Runs a parsed command line. `exit_now` ends the process from a signal handler (only
/// `main` may end the process: everywhere else, errors are values).
///
/// The language of what it prints: `--lang`, else the locale; when neither names one, the
/// site's `language` — once the site is loaded, and before that as `site.yaml` names it (see
/// [`lang_before_loading`]); English when there is no site to ask.
pub fn run(cli: Cli, exit_now: fn(i32) -> !) -> ExitCode {
    let today = today();
    let lang = cli
        .lang
        .or_else(|| Lang::from_locale(|name| std::env::var(name).ok()));
    match cli.command {
        Command::Build(args) => build::run(args, today, lang, exit_now),
        Command::Serve(args) => serve::run(args, today, lang),
        Command::Check(args) => check::run(args, today, lang),
        Command::Init(args) => init::run(args, today, lang),
        Command::New(args) => new::run(args, today, lang),
    }
}

/// The language of lines printed before the site at `root` is loaded (a refused `--out`, the
/// wait for another build, a `site.yaml` that can't be found): the one asked for, else the one
/// its `site.yaml` names, so that a run does not start in English and go on in Chinese.
fn lang_before_loading(asked: Option<Lang>, root: &Path) -> Lang {
    asked
        .or_else(|| crate::load::site_language(root))
        .unwrap_or_default()
}

/// A site that can't be read at all (no `site.yaml`, no theme): an environment error, told in
/// `lang`.
fn cannot_read_site(err: &LoadError, lang: Lang) -> ExitCode {
    say!(lang, crate::error_line(&err.text()));
    ExitCode::from(2)
}

fn print_diagnostics(
    diags: &[Diagnostic],
    sources: &std::collections::BTreeMap<PathBuf, String>,
    format: Format,
    lang: Lang,
) {
    match format {
        Format::Json => {
            for d in diags {
                println!("{}", d.json(lang));
            }
        }
        Format::Short => {
            for d in diags {
                eprintln!("{}", d.short(lang));
            }
        }
        Format::Rich => {
            let color = std::io::stderr().is_terminal();
            for d in diags {
                eprintln!(
                    "{}\n",
                    d.rich(
                        sources.get(Path::new(&d.file)).map(String::as_str),
                        color,
                        lang
                    )
                );
            }
        }
    }
    if !diags.is_empty() && format != Format::Json {
        eprintln!("{}", diag::summary(diags, lang));
    }
}

/// Today in China (UTC+8, no daylight saving since 1991), or SOURCE_DATE_EPOCH's day when set,
/// so reproducible-build setups get reproducible warnings too.
fn today() -> jiff::civil::Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let offset = jiff::tz::Offset::constant(8);
    offset.to_datetime(now).date()
}

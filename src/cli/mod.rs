//! The command line: arguments → pipeline → printed diagnostics → exit code
//! (0 ok, 1 content errors, 2 usage or environment problems).

mod build;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{self, Diagnostic};
use crate::load::LoadError;
use crate::{BuildOptions, build_site_into};

#[derive(Debug, Parser)]
#[command(
    name = "yanxue",
    version,
    about = "Static site generator for science study routes (科普研学)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory (replaced atomically; untouched on errors).
    Build {
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
    },
    /// Build in memory, serve on loopback, rebuild and reload the browser on every save.
    Serve {
        /// The site's directory (holds site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (the next free one is used if it is busy; 0: any).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of using file-system events (NFS, WSL's /mnt/c, containers).
        #[arg(long)]
        poll: bool,
    },
    /// Check the content without writing anything.
    Check {
        /// The site's directory (holds site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        report: ReportArgs,
    },
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

/// Runs a parsed command line. `exit_now` ends the process from a signal handler (only
/// `main` may end the process: everywhere else, errors are values).
pub fn run(cli: Cli, exit_now: fn(i32) -> !) -> ExitCode {
    let today = today();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            force,
            report,
        } => build::run(
            &root,
            out,
            BuildOptions { base_url, today },
            force,
            report.format,
            exit_now,
        ),
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
        } => {
            let options = crate::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                poll,
                today,
            };
            let reporter: crate::serve::BuildReporter = Box::new(|build, took| {
                print_diagnostics(&build.diagnostics, &build.sources, Format::Rich);
                match &build.output {
                    Some(output) if !build.has_errors() => {
                        say!(
                            "built {} files in {} ms",
                            output.files.len(),
                            took.as_millis()
                        );
                    }
                    _ => say!("build failed: still serving the last good build"),
                }
            });
            match crate::serve::serve(options, reporter) {
                Ok(()) => ExitCode::SUCCESS,
                Err(crate::serve::ServeError::Load(e)) => environment_failure(e, Format::Rich),
                Err(e) => {
                    say!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check {
            root,
            deny_warnings,
            report,
        } => {
            let options = BuildOptions {
                base_url: None,
                today,
            };
            // Rendered too (templates can fail), but nothing is kept.
            let build = match build_site_into(&root, &options, &crate::render::Discard) {
                Ok(build) => build,
                Err(e) => return environment_failure(e, report.format),
            };
            print_diagnostics(&build.diagnostics, &build.sources, report.format);
            let failed = build.has_errors() || (deny_warnings && !build.diagnostics.is_empty());
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// A problem before content could be judged. A bad `site.yaml` is a content error (exit 1);
/// a missing site or theme is an environment error (exit 2).
fn environment_failure(err: LoadError, format: Format) -> ExitCode {
    match err {
        LoadError::BadConfig(diags, text) => {
            let mut sources = std::collections::BTreeMap::new();
            if let Some(d) = diags.first() {
                sources.insert(d.file.clone(), text);
            }
            print_diagnostics(&diags, &sources, format);
            ExitCode::from(1)
        }
        other => {
            say!("error: {other}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(
    diags: &[Diagnostic],
    sources: &std::collections::BTreeMap<PathBuf, String>,
    format: Format,
) {
    match format {
        Format::Json => {
            for d in diags {
                println!("{}", d.json());
            }
        }
        Format::Short => {
            for d in diags {
                eprintln!("{}", d.short());
            }
        }
        Format::Rich => {
            let color = std::io::stderr().is_terminal();
            for d in diags {
                eprintln!(
                    "{}\n",
                    d.rich(sources.get(Path::new(&d.file)).map(String::as_str), color)
                );
            }
        }
    }
    if !diags.is_empty() && format != Format::Json {
        eprintln!("{}", diag::summary(diags));
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

//! `yanxue check`: every check, rendering included (templates and links can fail), with
//! nothing written.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{ReportArgs, environment_failure, print_diagnostics};
use crate::diag::{Diagnostic, Lang};
use crate::{BuildOptions, build_site_into};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's directory (holds site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    report: ReportArgs,
}

pub(super) fn run(args: Args, today: jiff::civil::Date, lang: Option<Lang>) -> ExitCode {
    let options = BuildOptions {
        base_url: None,
        today,
        drafts: false,
    };
    // Rendered too (templates can fail), but nothing is kept.
    let build = match build_site_into(&args.root, &options, &crate::render::Discard) {
        Ok(build) => build,
        Err(e) => return environment_failure(e),
    };
    let lang = lang.or(build.language).unwrap_or_default();
    print_diagnostics(&build.diagnostics, &build.sources, args.report.format, lang);
    let failed = build.has_errors()
        || (args.deny_warnings && build.diagnostics.iter().any(Diagnostic::is_warning));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

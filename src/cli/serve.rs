//! `yanxue serve`: the preview server's arguments, and how its rebuilds are reported in the
//! terminal (the server itself is `crate::serve`).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Format, cannot_read_site, lang_before_loading, print_diagnostics};
use crate::diag::Lang;
use crate::serve::{BuildReporter, ServeError, ServeOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
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
}

pub(super) fn run(args: Args, today: jiff::civil::Date, lang: Option<Lang>) -> ExitCode {
    let root = args.root.clone();
    let options = ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        poll: args.poll,
        today,
        lang,
    };
    let reporter: BuildReporter = Box::new(move |build, took| {
        let lang = lang.or(build.language).unwrap_or_default();
        print_diagnostics(&build.diagnostics, &build.sources, Format::Rich, lang);
        match &build.output {
            Some(output) if !build.has_errors() => {
                let (files, ms) = (output.files.len(), took.as_millis());
                say!(
                    lang,
                    "built {files} files in {ms} ms",
                    "已生成 {files} 个文件，用时 {ms} 毫秒"
                );
            }
            _ => say!(
                lang,
                "build failed: still serving the last good build",
                "构建失败：预览仍显示上一次成功的构建"
            ),
        }
    });
    match crate::serve::serve(options, reporter) {
        Ok(()) => ExitCode::SUCCESS,
        Err(ServeError::Load(e)) => cannot_read_site(&e, lang_before_loading(lang, &root)),
        Err(e) => {
            say!(
                lang_before_loading(lang, &root),
                crate::error_line(&e.text())
            );
            ExitCode::from(2)
        }
    }
}

use clap::FromArgMatches;

// A build allocates and frees millions of small strings and maps across rayon's threads; glibc's
// allocator spent about a fifth of a build's time in malloc and free (perf, 1,000 pages).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Parsed from a command whose help is in the language asked for; clap prints help and
    // usage errors and ends the process itself, as `Cli::parse` would.
    let matches = yanxue::cli::command_line(&args).get_matches_from(&args);
    let cli = yanxue::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    yanxue::cli::run(cli, std::process::exit)
}

use clap::Parser;

// A build allocates and frees millions of small strings and maps across rayon's threads; glibc's
// allocator spent about a fifth of a build's time in malloc and free (perf, 1,000 pages).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    yanxue::cli::run(yanxue::cli::Cli::parse(), std::process::exit)
}

use clap::Parser;

fn main() -> std::process::ExitCode {
    yanxue::cli::run(yanxue::cli::Cli::parse())
}

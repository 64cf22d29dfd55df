//! `slimfile`: the command line and the GitHub Action's engine. It reads files and presents what
//! the core returns; every decision about a Dockerfile is the core's.

mod cli;
mod commands;
mod discover;
mod github;
mod output;
mod proposal;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match &cli.command {
        cli::Command::Check(args) => commands::check::run(args),
        cli::Command::Explain(args) => commands::explain::run(args),
        cli::Command::Github(args) => commands::github::run(args),
    }
}

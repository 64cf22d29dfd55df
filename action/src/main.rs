//! `slimfile`: the command line and the GitHub Action's engine. It reads files and presents what
//! the core returns; every decision about a Dockerfile is the core's.

mod atomic_write;
mod build_context;
mod cli;
mod commands;
mod config_file;
mod dependency_sizes;
mod diff;
mod discover;
mod docker;
mod file_outcome;
mod github;
mod input_file;
mod output;
mod project_facts;
mod proposal_summary;
mod verification;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match &cli.command {
        cli::Command::Check(args) => commands::check::run(args),
        cli::Command::Fix(args) => commands::fix::run(args),
        cli::Command::Explain(args) => commands::explain::run(args),
        cli::Command::Verify(args) => commands::verify::run(args),
        cli::Command::Github(args) => commands::github::run(args),
    }
}

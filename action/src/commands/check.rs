//! `slimfile check`: read Dockerfiles, print findings, exit by `--fail-on`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::cli::{CheckArgs, Format};
use crate::discover::{self, Input};
use crate::input_file;
use crate::output::{self, FileOutcome};

/// Runs `check` and returns the exit status: 0 clean, 1 findings at or above `--fail-on`,
/// 2 when a file could not be read.
pub fn run(args: &CheckArgs) -> ExitCode {
    let inputs = discover::inputs(&args.paths);
    if inputs.is_empty() {
        eprintln!("slimfile: no Dockerfile found in {}", list(&args.paths));
        return ExitCode::from(2);
    }
    let rewrite = args.rewrite.options();
    let outcomes: Vec<FileOutcome> = inputs.iter().map(|input| check_input(input, &rewrite)).collect();
    let rendered = match args.format {
        Format::Human => output::human::render(&outcomes, use_color()),
        Format::Json => output::json::render(&outcomes),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(rendered.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    let mut io_failed = false;
    for outcome in &outcomes {
        if let Some(error) = &outcome.io_error {
            eprintln!("slimfile: {}: {error}", outcome.path);
            io_failed = true;
        }
    }
    if io_failed {
        ExitCode::from(2)
    } else if outcomes.iter().flat_map(|o| &o.findings).any(|f| args.fail_on.fails(f.severity)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn list(paths: &[std::path::PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn check_input(input: &Input, rewrite: &slimfile_core::rewrite::RewriteOptions) -> FileOutcome {
    let path = input.display_path();
    match input_file::read(input) {
        Ok(bytes) => {
            let result = slimfile_core::check_configured(&bytes, &slimfile_core::rules::Facts::default(), rewrite);
            let text = slimfile_core::input::decode(&bytes).ok().map(str::to_owned);
            FileOutcome { path, text, findings: result.findings, io_error: None }
        }
        Err(error) => {
            FileOutcome { path, text: None, findings: Vec::new(), io_error: Some(input_file::describe(&error)) }
        }
    }
}

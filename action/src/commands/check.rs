//! `slimfile check`: read Dockerfiles, print findings, exit by `--fail-on`.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use crate::cli::{CheckArgs, Format};
use crate::discover::{self, Input};
use crate::output::markdown::{FileSection, Options};
use crate::output::{self, FileOutcome};
use crate::proposal::{self, FileProposal};

/// Runs `check` and returns the exit status: 0 clean, 1 findings at or above `--fail-on`,
/// 2 when a file could not be read.
pub fn run(args: &CheckArgs) -> ExitCode {
    let inputs = discover::inputs(&args.paths);
    if inputs.is_empty() {
        eprintln!("slimfile: no Dockerfile found in {}", list(&args.paths));
        return ExitCode::from(2);
    }
    let outcomes: Vec<FileOutcome> = inputs.iter().map(check_input).collect();
    let rendered = match args.format {
        Format::Human => output::human::render(&outcomes, use_color()),
        Format::Json => output::json::render(&outcomes),
        Format::Github => output::github::render(&outcomes),
        Format::Markdown => markdown(&outcomes),
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

fn markdown(outcomes: &[FileOutcome]) -> String {
    let proposals: Vec<Option<FileProposal>> =
        outcomes.iter().map(|o| o.text.as_deref().and_then(proposal::propose)).collect();
    let sections: Vec<FileSection<'_>> = outcomes
        .iter()
        .zip(&proposals)
        .map(|(outcome, proposal)| FileSection { outcome, sizes: None, proposal: proposal.as_ref() })
        .collect();
    output::markdown::render(&sections, &Options { limit: usize::MAX, ..Options::default() })
}

fn list(paths: &[std::path::PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn read(input: &Input) -> std::io::Result<Vec<u8>> {
    // Read one byte past the core's limit: enough to know a file is too large without loading
    // a huge one whole.
    let limit = u64::try_from(slimfile_core::input::MAX_INPUT_BYTES + 1).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    match input {
        Input::Stdin => {
            std::io::stdin().lock().take(limit).read_to_end(&mut bytes)?;
        }
        Input::File(path) => {
            if path.is_dir() {
                return Err(std::io::Error::other("is a directory"));
            }
            std::fs::File::open(path)?.take(limit).read_to_end(&mut bytes)?;
        }
    }
    Ok(bytes)
}

/// Reads one input and checks it with the core.
pub fn check_input(input: &Input) -> FileOutcome {
    let path = input.display_path();
    match read(input) {
        Ok(bytes) => {
            let result = slimfile_core::check(&bytes);
            let text = slimfile_core::input::decode(&bytes).ok().map(str::to_owned);
            FileOutcome { path, text, findings: result.findings, io_error: None }
        }
        Err(error) => FileOutcome { path, text: None, findings: Vec::new(), io_error: Some(describe(&error)) },
    }
}

fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

//! `slimfile check`: read Dockerfiles and their configuration, print findings, exit by
//! `--fail-on`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use slimfile_core::Config;
use slimfile_core::estimate::SizeInputs;

use crate::build_context::ContextCache;
use crate::cli::{CheckArgs, Format};
use crate::config_file;
use crate::discover::{self, Input};
use crate::file_outcome::FileOutcome;
use crate::input_file;
use crate::output;
use crate::output::markdown::{FileSection, Options};
use crate::project_facts;
use crate::proposal_summary::{self, FileProposal};

/// Runs `check` and returns the exit status: 0 clean, 1 findings at or above `--fail-on`,
/// 2 when a file or its configuration could not be read.
pub fn run(args: &CheckArgs) -> ExitCode {
    let inputs = discover::inputs(&args.paths);
    if inputs.is_empty() {
        eprintln!("slimfile: no Dockerfile found in {}", list(&args.paths));
        return ExitCode::from(2);
    }
    let Some(configs) = config_file::for_inputs_or_report(args.config.as_deref(), &inputs) else {
        return ExitCode::from(2);
    };
    let configs: Vec<Config> = configs.iter().map(|config| args.rewrite.apply(config)).collect();
    let mut contexts = ContextCache::default();
    let outcomes: Vec<FileOutcome> =
        inputs.iter().zip(&configs).map(|(input, config)| check_input(input, config, &mut contexts)).collect();
    let rendered = match args.format {
        Format::Human => output::human::render(&outcomes, use_color()),
        Format::Json => output::json::render(&outcomes),
        Format::Sarif => output::sarif::render(&outcomes),
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

/// The Markdown report, with each file's proposal (made under its own configuration).
fn markdown(outcomes: &[FileOutcome]) -> String {
    let proposals: Vec<Option<FileProposal>> = outcomes.iter().map(proposal_summary::for_report).collect();
    let sections: Vec<FileSection<'_>> = outcomes
        .iter()
        .zip(&proposals)
        .map(|(outcome, proposal)| FileSection { outcome, proposal: proposal.as_ref() })
        .collect();
    output::markdown::render(&sections, &Options { limit: usize::MAX, ..Options::default() })
}

fn list(paths: &[std::path::PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// Reads one input and checks it with the core under `config`.
pub fn check_input(input: &Input, config: &Config, contexts: &mut ContextCache) -> FileOutcome {
    let path = input.display_path();
    match input_file::read(input) {
        Ok(bytes) => {
            // Standard input has no build context: the core states its assumption instead.
            let context = match input {
                Input::File(file) => contexts.list(file),
                Input::Stdin => None,
            };
            let facts = project_facts::facts_for(input, context.as_ref());
            let dependencies = match input {
                Input::File(file) => crate::dependency_sizes::for_context(crate::build_context::context_root(file)),
                Input::Stdin => Vec::new(),
            };
            let sizes = SizeInputs {
                context,
                packages: slimfile_core::estimate::debian_closures::shipped(),
                dependencies,
                ..SizeInputs::default()
            };
            let options = slimfile_core::CheckOptions { facts, config: config.clone(), sizes, ..Default::default() };
            let result = slimfile_core::check(&bytes, &options);
            let text = slimfile_core::input::decode(&bytes).ok();
            let fingerprints =
                slimfile_core::fingerprint::fingerprints(text, result.dockerfile.as_ref(), &result.findings);
            FileOutcome {
                path,
                text: text.map(str::to_owned),
                findings: result.findings,
                fingerprints,
                estimate: result.estimate,
                io_error: None,
                proposal: result.proposal,
            }
        }
        Err(error) => FileOutcome {
            path,
            text: None,
            findings: Vec::new(),
            fingerprints: Vec::new(),
            estimate: None,
            io_error: Some(input_file::describe(&error)),
            proposal: None,
        },
    }
}

//! `slimfile fix`: show, print or write the proposed Dockerfile at the chosen fix level (rule
//! fixes plus the multi-stage rewrite), explain a rewrite that was declined, and say what the
//! level held back.

use std::io::Write;
use std::process::ExitCode;

use slimfile_core::estimate::SizeInputs;
use slimfile_core::rewrite::RewriteOutcome;
use slimfile_core::{CheckOptions, FixLevel, Proposal};

use crate::atomic_write;
use crate::build_context::ContextCache;
use crate::cli::FixArgs;
use crate::config_file;
use crate::diff;
use crate::discover::{self, Input};
use crate::input_file;
use crate::project_facts;

/// Runs `fix`: 0 when every file was handled (changed or not, rewrite declined or not), 2 when
/// a file could not be read, parsed or written.
pub fn run(args: &FixArgs) -> ExitCode {
    let inputs = discover::inputs(&args.paths);
    if inputs.is_empty() {
        eprintln!("slimfile: no Dockerfile found");
        return ExitCode::from(2);
    }
    if args.stdout && inputs.len() > 1 {
        eprintln!("slimfile: --stdout prints one Dockerfile; {} were given", inputs.len());
        return ExitCode::from(2);
    }
    if args.write && inputs.contains(&Input::Stdin) {
        eprintln!("slimfile: --write cannot replace standard input; use --stdout");
        return ExitCode::from(2);
    }
    let Some(configs) = config_file::for_inputs_or_report(args.config.as_deref(), &inputs) else {
        return ExitCode::from(2);
    };
    let mut failed = false;
    let mut stdout = std::io::stdout().lock();
    let mut contexts = ContextCache::default();
    for (input, config) in inputs.iter().zip(&configs) {
        let path = input.display_path();
        let listing = match input {
            Input::File(file) => contexts.list(file),
            Input::Stdin => None,
        };
        let options = CheckOptions {
            level: args.level(),
            config: args.rewrite.apply(config),
            facts: project_facts::facts_for(input, listing.as_ref()),
            sizes: SizeInputs::default(),
        };
        match fix_one(input, &options, args) {
            Ok(output) => {
                if stdout.write_all(output.as_bytes()).is_err() {
                    return ExitCode::from(2);
                }
            }
            Err(Failure::At { line, column, message }) => {
                eprintln!("slimfile: {path}:{line}:{column}: {message}");
                failed = true;
            }
            Err(Failure::Other(message)) => {
                eprintln!("slimfile: {path}: {message}");
                failed = true;
            }
        }
    }
    if stdout.flush().is_err() || failed { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

/// Why a file was not handled.
enum Failure {
    /// At a place in the file.
    At { line: u32, column: u32, message: String },
    /// Anything else (I/O).
    Other(String),
}

/// Handles one file; returns what goes to standard output.
fn fix_one(input: &Input, options: &CheckOptions, args: &FixArgs) -> Result<String, Failure> {
    let path = input.display_path();
    let bytes = input_file::read(input).map_err(|e| Failure::Other(input_file::describe(&e)))?;
    // The one result `check` gives every front end: its proposal at the asked level, or the
    // error that kept the file from being modelled. Syntax problems in a file that could still be
    // modelled do not stop it: fix leaves what it does not touch alone.
    let result = slimfile_core::check(&bytes, options);
    let (Some(doc), Some(proposal)) = (&result.dockerfile, result.proposal.clone()) else {
        return Err(match result.input_error() {
            Some(error) => {
                let at = error.range.start;
                Failure::At { line: at.line, column: at.column, message: error.message.clone() }
            }
            None => Failure::Other("the file could not be modelled".to_owned()),
        });
    };
    let text = doc.text();
    if let Some(error) = &proposal.error {
        return Err(Failure::Other(error.clone()));
    }
    if args.write {
        // Written first, so that a file that cannot be written is not said to be rewritten.
        if proposal.changed {
            let Input::File(file) = input else {
                return Err(Failure::Other("cannot write standard input".to_owned()));
            };
            atomic_write::replace(file, proposal.text.as_bytes())
                .map_err(|e| Failure::Other(format!("not written: {}", input_file::describe(&e))))?;
        }
        explain(&path, &proposal);
        if proposal.changed {
            eprintln!("slimfile: {path}: written");
        }
        return Ok(String::new());
    }
    explain(&path, &proposal);
    if args.stdout {
        return Ok(proposal.text);
    }
    Ok(diff::unified(&path, text, &proposal.text))
}

/// Says on standard error what the rewrite did, and what the level held back with how to opt
/// in, so the diff or text on standard output stays clean for a pipe.
fn explain(path: &str, proposal: &Proposal) {
    let mut err = std::io::stderr().lock();
    match &proposal.rewrite {
        RewriteOutcome::Rewritten(rewrite) if proposal.rewrite_applied => {
            let _ = writeln!(
                err,
                "slimfile: {path}: rewritten as a multi-stage build ({} → {}, confidence {})",
                rewrite.ecosystem.name(),
                rewrite.runtime_image,
                rewrite.confidence.word()
            );
            for line in &rewrite.trail {
                let _ = writeln!(err, "  - {line}");
            }
            for assumption in &rewrite.assumptions {
                let _ = writeln!(err, "  - assumes {assumption}");
            }
        }
        RewriteOutcome::Rewritten(rewrite) => {
            let why = if proposal.level == FixLevel::SafeOnly {
                "--safe-only applies no rewrite".to_owned()
            } else {
                "it rests on the assumptions below, so it is applied only on request".to_owned()
            };
            let _ = writeln!(
                err,
                "slimfile: {path}: a multi-stage rewrite ({} → {}, confidence {}) is not applied: {why}; \
                 `slimfile fix --unsafe-fixes` applies it",
                rewrite.ecosystem.name(),
                rewrite.runtime_image,
                rewrite.confidence.word()
            );
            for assumption in &rewrite.assumptions {
                let _ = writeln!(err, "  - it assumes {assumption}");
            }
        }
        RewriteOutcome::Declined { reason, .. } => {
            let _ = writeln!(err, "slimfile: {path}: not rewritten as a multi-stage build: {reason}");
        }
        RewriteOutcome::Unchanged => {}
    }
    let fixes = proposal.fixes_applied;
    if fixes > 0 {
        let _ = writeln!(err, "slimfile: {path}: {fixes} rule fix{} applied", if fixes == 1 { "" } else { "es" });
    }
    let held = proposal.fixes_withheld;
    if held > 0 {
        let _ = writeln!(
            err,
            "slimfile: {path}: {held} unsafe rule fix{} not applied (each may change what the image contains or how \
             it behaves); `slimfile fix --unsafe-fixes` applies {}",
            if held == 1 { "" } else { "es" },
            if held == 1 { "it" } else { "them" }
        );
    }
}

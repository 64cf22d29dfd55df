//! `slimfile verify`: the command around `crate::verification`: finds the files, runs the
//! verification on each and reports it in the chosen format.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{VerifyArgs, VerifyFormat};
use crate::config_file;
use crate::discover::{self, Input};
use crate::docker::cli::Docker;
use crate::input_file;
use crate::verification::{Checks, exit_status, run_id, verify_files};

/// Runs `verify`: 0 when every proposal is verified (or there is nothing to verify), 1 when one
/// fails (does not build, behaves differently, is not smaller, loses its dependency layer), 2 when
/// a file cannot be read or verified at all (no Docker engine, the original does not build).
pub fn run(args: &VerifyArgs) -> ExitCode {
    let docker = Docker::new(args.docker.clone(), run_id());
    if let Err(error) = docker.engine_version() {
        eprintln!("slimfile: verify needs a Docker engine (DOCKER_HOST or the default socket): {error}");
        return ExitCode::from(2);
    }
    if args.cleanup {
        return match docker.remove_labelled() {
            Ok((containers, images)) => {
                eprintln!("slimfile: removed {containers} container(s) and {images} image(s) left by earlier runs");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("slimfile: {error}");
                ExitCode::from(2)
            }
        };
    }
    let inputs = discover::inputs(&args.paths);
    if inputs.is_empty() {
        eprintln!("slimfile: no Dockerfile found");
        return ExitCode::from(2);
    }
    if inputs.contains(&Input::Stdin) {
        eprintln!("slimfile: verify builds from the Dockerfile's directory; standard input has none");
        return ExitCode::from(2);
    }
    let Some(configs) = config_file::for_inputs_or_report(args.config.as_deref(), &inputs) else {
        return ExitCode::from(2);
    };
    let files: Vec<(String, PathBuf, slimfile_core::Config)> = inputs
        .iter()
        .zip(&configs)
        .filter_map(|(input, config)| match input {
            Input::File(path) => Some((input.display_path(), path.clone(), args.rewrite.apply(config))),
            Input::Stdin => None,
        })
        .collect();
    let reports = verify_files(&files, &Checks::from_args(args), &docker);
    let rendered = match args.format {
        VerifyFormat::Human => crate::output::verify::human::render(&reports),
        VerifyFormat::Json => crate::output::verify::json::render(&reports),
        VerifyFormat::Markdown => crate::output::verify::markdown::render(&reports),
    };
    if let Some(file) = &args.json_report
        && let Err(e) = std::fs::write(file, crate::output::verify::json::render(&reports))
    {
        eprintln!("slimfile: {}: {}", file.display(), input_file::describe(&e));
        return ExitCode::from(2);
    }
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(rendered.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    let status = reports.iter().map(|r| exit_status(&r.outcome)).max().unwrap_or(0);
    ExitCode::from(status)
}

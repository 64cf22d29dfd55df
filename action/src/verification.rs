//! The verification `slimfile verify` and the Action's `verify` input share: build the original
//! and the proposed Dockerfile from the same context, run both, measure both, rebuild the
//! proposal after a source-only change. The docker side only observes (`crate::docker`); the core
//! decides (`slimfile_core::verify`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use slimfile_core::FixLevel;
use slimfile_core::estimate::{FileEstimate, SizeInputs};
use slimfile_core::verify::{
    Behaviour, BehaviourCheck, BuildOutcome, CacheReuse, DependencyLayer, FinalBase, ImageSizes, MeasuredSize,
    SizeComparison, Verdict, Verification,
};

use crate::build_context::ContextCache;
use crate::cli::VerifyArgs;
use crate::discover::Input;
use crate::docker::buildkit_progress::build_steps;
use crate::docker::cli::{BuildLog, Docker};
use crate::docker::http_probe;
use crate::docker::leftovers::Leftovers;
use crate::input_file;
use crate::output::verify::{FileReport, VerifyOutcome};
use crate::project_facts;

/// What a verification checks besides the builds: how both images are run, and whether the
/// dependency layer is checked. `verify` takes it from its flags, the Action from its inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checks {
    /// A command to run in place of `CMD`.
    pub smoke: Option<String>,
    /// An HTTP path to probe instead of running a command.
    pub probe: Option<String>,
    /// The container port to probe (default: the first the final stage exposes).
    pub port: Option<u16>,
    /// How long a command may run or a server may take to answer.
    pub timeout: Duration,
    /// Whether to rebuild after a source-only change to check the dependency layer is reused.
    pub cache_check: bool,
    /// Which proposal to build: the one `slimfile fix` writes at this level.
    pub level: FixLevel,
}

impl Checks {
    /// The checks `verify`'s flags ask for.
    #[must_use]
    pub fn from_args(args: &VerifyArgs) -> Self {
        Self {
            smoke: args.smoke.clone(),
            probe: args.probe.clone(),
            port: args.port,
            timeout: Duration::from_secs(args.timeout),
            cache_check: !args.no_cache_check,
            level: if args.unsafe_fixes { FixLevel::Unsafe } else { FixLevel::Default },
        }
    }
}

/// Verifies each of `files` (the path to show, the Dockerfile, its configuration) with
/// `docker`, one report each, in order.
pub fn verify_files(
    files: &[(String, PathBuf, slimfile_core::Config)],
    checks: &Checks,
    docker: &Docker,
) -> Vec<FileReport> {
    let mut contexts = ContextCache::default();
    let mut reports = Vec::new();
    for (index, (shown, path, config)) in files.iter().enumerate() {
        eprintln!("slimfile: verifying {shown} ...");
        let started = Instant::now();
        let outcome = verify_file(path, config, checks, docker, &mut contexts, index);
        reports.push(FileReport { path: shown.clone(), seconds: started.elapsed().as_secs(), outcome });
    }
    reports
}

/// The exit status a verification outcome asks for: 0 verified or nothing to verify, 1 failed,
/// 2 not verifiable.
#[must_use]
pub fn exit_status(outcome: &VerifyOutcome) -> u8 {
    match outcome {
        VerifyOutcome::Checked(verification) => match verification.verdict {
            Verdict::Verified => 0,
            Verdict::Failed { .. } => 1,
            Verdict::Unverifiable { .. } => 2,
        },
        VerifyOutcome::NothingToVerify { .. } => 0,
        VerifyOutcome::Error { .. } => 2,
    }
}

/// A name unique to this run, for tags, container names and the label.
pub fn run_id() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{}-{nanos:09}", std::process::id())
}

fn verify_file(
    path: &Path,
    config: &slimfile_core::Config,
    checks: &Checks,
    docker: &Docker,
    contexts: &mut ContextCache,
    index: usize,
) -> VerifyOutcome {
    let error = |message: String| VerifyOutcome::Error { message };
    let bytes = match input_file::read(&Input::File(path.to_path_buf())) {
        Ok(bytes) => bytes,
        Err(e) => return error(input_file::describe(&e)),
    };
    let input = Input::File(path.to_path_buf());
    let listing = contexts.list(path);
    let sizes = SizeInputs {
        context: listing.clone(),
        packages: slimfile_core::estimate::debian_closures::shipped(),
        dependencies: crate::dependency_sizes::for_context(crate::build_context::context_root(path)),
        ..SizeInputs::default()
    };
    let facts = project_facts::facts_for(&input, listing.as_ref());
    let options = slimfile_core::CheckOptions { facts, config: config.clone(), sizes, level: checks.level };
    // One result: the proposal to build and the estimate to measure it against.
    let result = slimfile_core::check(&bytes, &options);
    if result.dockerfile.is_none()
        && let Some(e) = result.input_error()
    {
        return error(format!("{}:{}: {}", e.range.start.line, e.range.start.column, e.message));
    }
    let (Some(proposal), Some(estimate)) = (result.proposal, result.estimate) else {
        return error("the file cannot be modelled".to_owned());
    };
    if let Some(message) = proposal.error {
        return error(message);
    }
    if !proposal.changed {
        let reason = match &proposal.rewrite {
            slimfile_core::rewrite::RewriteOutcome::Declined { reason, .. } => {
                format!("slimfile proposes no change (the rewrite was declined: {reason})")
            }
            _ => "slimfile proposes no change".to_owned(),
        };
        return VerifyOutcome::NothingToVerify { reason };
    }
    let Ok(proposed) = slimfile_core::parse(&proposal.text) else {
        return error("the proposal does not parse".to_owned());
    };
    let context = crate::build_context::context_root(path).to_path_buf();
    let scratch = match tempfile::Builder::new().prefix("slimfile-verify-").tempdir() {
        Ok(dir) => dir,
        Err(e) => return error(format!("cannot make a temporary directory: {e}")),
    };
    let proposed_file = scratch.path().join("Dockerfile");
    if let Err(e) = std::fs::write(&proposed_file, &proposal.text) {
        return error(format!("cannot write the proposal: {e}"));
    }
    let mut leftovers = Leftovers::new(docker);
    let tag = |side: &str| format!("slimfile-verify:{}-{index}-{side}", docker.run_id());
    // Container names allow no `:`.
    let container = |side: &str| format!("slimfile-verify-{}-{index}-{side}", docker.run_id());

    let before_image = leftovers.image(tag("before"));
    let original_build = build_outcome(docker.build(&context, path, &before_image));
    let after_image = leftovers.image(tag("after"));
    let slim_build = if matches!(original_build, BuildOutcome::Built) {
        build_outcome(docker.build(&context, &proposed_file, &after_image))
    } else {
        BuildOutcome::Failed { reason: "not built: the original did not build".to_owned() }
    };
    if !matches!((&original_build, &slim_build), (BuildOutcome::Built, BuildOutcome::Built)) {
        return VerifyOutcome::Checked(Box::new(Verification::new(original_build, slim_build, None, None, None)));
    }

    let smoke = Smoke::from_checks(checks, &proposed);
    let behaviour = Some(BehaviourCheck::new(
        smoke.describe(),
        smoke.run(docker, &mut leftovers, &before_image, &container("before")),
        smoke.run(docker, &mut leftovers, &after_image, &container("after")),
    ));
    let sizes = measure(docker, &mut leftovers, &estimate, &before_image, &after_image);
    let cache = checks.cache_check.then(|| {
        let layer = slimfile_core::verify::dependency_layer(&proposed);
        check_cache(docker, &mut leftovers, &layer, listing.as_ref(), &context, scratch.path(), &tag("rebuild"))
    });
    let sizes = match sizes {
        Ok(sizes) => Some(sizes),
        Err(message) => return error(format!("the images were built but not measured: {message}")),
    };
    VerifyOutcome::Checked(Box::new(Verification::new(original_build, slim_build, behaviour, sizes, cache)))
}

fn build_outcome(result: std::io::Result<BuildLog>) -> BuildOutcome {
    match result {
        Ok(build) if build.succeeded => BuildOutcome::Built,
        Ok(build) => BuildOutcome::Failed { reason: last_lines(&build.log, 15) },
        Err(e) => BuildOutcome::Failed { reason: format!("docker could not be run: {e}") },
    }
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// What both images are asked to do.
enum Smoke {
    /// Their own command, or the user's in place of `CMD`.
    Command { args: Vec<String>, time: Duration },
    /// `GET path` on a container port.
    Probe { path: String, port: Option<u16>, time: Duration },
}

impl Smoke {
    fn from_checks(checks: &Checks, proposed: &slimfile_core::Dockerfile) -> Self {
        let time = checks.timeout;
        match (&checks.probe, &checks.smoke) {
            (Some(path), _) => Self::Probe {
                path: path.clone(),
                port: checks.port.or_else(|| slimfile_core::verify::exposed_port(proposed)),
                time,
            },
            (None, Some(command)) => Self::Command { args: split_words(command), time },
            (None, None) => Self::Command { args: Vec::new(), time },
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Command { args, time } if args.is_empty() => {
                format!("their own command, for at most {} s", time.as_secs())
            }
            Self::Command { args, .. } => format!("`{}` in place of CMD", args.join(" ")),
            Self::Probe { path, port: Some(port), .. } => format!("GET {path} on port {port}"),
            Self::Probe { path, port: None, .. } => format!("GET {path}"),
        }
    }

    fn run(&self, docker: &Docker, leftovers: &mut Leftovers<'_>, image: &str, name: &str) -> Behaviour {
        let name = leftovers.container(name.to_owned());
        match self {
            Self::Command { args, time } => match docker.run(image, &name, args, *time) {
                Ok(seen) => seen,
                Err(e) => Behaviour::Failed { reason: format!("docker run could not be started: {e}") },
            },
            Self::Probe { port: None, .. } => {
                Behaviour::Failed { reason: "the final stage exposes no TCP port: give one with --port".to_owned() }
            }
            Self::Probe { path, port: Some(port), time } => {
                let host_port = match docker.start_published(image, &name, *port) {
                    Ok(host_port) => host_port,
                    Err(reason) => return Behaviour::Failed { reason },
                };
                let address = std::net::SocketAddr::from(([127, 0, 0, 1], host_port));
                let answer = http_probe::get(address, path, Instant::now() + *time, || docker.is_running(&name));
                let behaviour = match answer {
                    Ok(answer) => Behaviour::Http { status: answer.status, body: answer.body },
                    Err(reason) => {
                        let logs = docker.logs(&name);
                        let logs = logs.trim();
                        Behaviour::Failed {
                            reason: if logs.is_empty() { reason } else { format!("{reason}; its output: {logs}") },
                        }
                    }
                };
                docker.remove_container(&name);
                behaviour
            }
        }
    }
}

/// Splits a command line on blanks; single and double quotes group, a backslash escapes the next
/// character. No expansion: the words go to the container as they are.
fn split_words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (q, '\\') if q != Some('\'') => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (_, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

fn measure(
    docker: &Docker,
    leftovers: &mut Leftovers<'_>,
    estimate: &FileEstimate,
    before_image: &str,
    after_image: &str,
) -> Result<SizeComparison, String> {
    let mut side = |image: &str, estimated: &slimfile_core::estimate::ImageEstimate| -> Result<ImageSizes, String> {
        let measured =
            MeasuredSize { disk_bytes: docker.disk_size(image)?, compressed_bytes: docker.saved_gzip_size(image)? };
        let base = slimfile_core::verify::final_base(estimated);
        let measured_base = match &base {
            Some(FinalBase::Image { reference, .. }) => measure_base(docker, leftovers, reference),
            _ => None,
        };
        Ok(slimfile_core::verify::image_sizes(estimated, base.as_ref(), measured, measured_base))
    };
    let before = side(before_image, &estimate.before)?;
    let after = side(after_image, &estimate.after)?;
    Ok(SizeComparison::new(before, after))
}

/// Measures a base image; one the engine does not hold (BuildKit may keep the bases it pulled to
/// itself) is pulled for the measurement and removed afterwards. `None` when it cannot be had.
fn measure_base(docker: &Docker, leftovers: &mut Leftovers<'_>, reference: &str) -> Option<MeasuredSize> {
    if !docker.has_image(reference) {
        docker.pull(reference).ok()?;
        leftovers.image(reference.to_owned());
    }
    Some(MeasuredSize {
        disk_bytes: docker.disk_size(reference).ok()?,
        compressed_bytes: docker.saved_gzip_size(reference).ok()?,
    })
}

/// Rebuilds the proposal from a copy of the context in which one source file was changed, and
/// reads from BuildKit's report whether the dependency steps came from the cache.
fn check_cache(
    docker: &Docker,
    leftovers: &mut Leftovers<'_>,
    layer: &DependencyLayer,
    listing: Option<&slimfile_core::estimate::BuildContext>,
    context: &Path,
    scratch: &Path,
    tag: &str,
) -> CacheReuse {
    let inconclusive = |reason: String| CacheReuse::Inconclusive { reason };
    let DependencyLayer::Found { manifests, .. } = layer else {
        return slimfile_core::verify::cache_reuse(layer, None, &[]);
    };
    let Some(listing) = listing else { return inconclusive("the build context could not be listed".to_owned()) };
    let files: Vec<String> = listing.files.iter().map(|f| f.path.clone()).collect();
    let changed = slimfile_core::verify::source_file_to_touch(&files, manifests);
    let copy = scratch.join("context");
    for file in &files {
        let target = copy.join(file);
        let copied = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::copy(context.join(file), &target).map(drop));
        if let Err(e) = copied {
            return inconclusive(format!("cannot copy the build context ({file}: {e})"));
        }
    }
    // The listing leaves out what `.dockerignore` excludes, which may include the file itself;
    // the copy needs it so the rebuild sends the same context.
    let _ = std::fs::copy(context.join(".dockerignore"), copy.join(".dockerignore"));
    if let Some(changed) = changed {
        let marker = slimfile_core::verify::change_marker(changed, docker.run_id());
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .open(copy.join(changed))
            .and_then(|mut file| file.write_all(marker.as_bytes()));
        if let Err(e) = appended {
            return inconclusive(format!("cannot change {changed}: {e}"));
        }
    }
    let image = leftovers.image(tag.to_owned());
    match docker.build(&copy, &scratch.join("Dockerfile"), &image) {
        Ok(build) if build.succeeded => slimfile_core::verify::cache_reuse(layer, changed, &build_steps(&build.log)),
        Ok(build) => inconclusive(format!("the rebuild failed: {}", last_lines(&build.log, 5))),
        Err(e) => inconclusive(format!("docker could not be run: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::split_words;

    #[test]
    fn smoke_commands_split_like_a_shell_without_expansion() {
        assert_eq!(split_words("/app/server --version"), ["/app/server", "--version"]);
        assert_eq!(split_words(r#"sh -c 'echo $HOME' "a b"\ c"#), ["sh", "-c", "echo $HOME", "a b c"]);
        assert_eq!(split_words("  ''  "), [""]);
        assert!(split_words("   ").is_empty());
    }
}

//! `slimfile github`: the GitHub Action's engine. It checks the run's Dockerfiles and reports
//! through every channel the run allows: annotations, the job summary and step outputs always;
//! on pull requests, one review with inline suggestions and one sticky summary comment when the
//! token may write. A read-only token (a pull request from a fork) only narrows the channels:
//! it never fails the run, and `--fail-on` alone decides the exit status.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Duration;

use slimfile_core::Config;

use crate::build_context::ContextCache;
use crate::cli::GithubArgs;
use crate::commands::check::check_input;
use crate::config_file;
use crate::discover::Input;
use crate::docker::cli::Docker;
use crate::file_outcome::FileOutcome;
use crate::github::client::{Api, ApiError};
use crate::github::files::{self, ChangedFiles, FileFilter};
use crate::github::hunks::DiffLines;
use crate::github::identity::RunIdentity;
use crate::github::inputs::{FilterMode, Inputs, VerifyInputs};
use crate::github::reporter::Reporter;
use crate::github::run_environment::{PullRequest, Repository, RunEnvironment};
use crate::github::summary_comment::{self, Upserted};
use crate::github::{author, filter, head_files, review, review_plan, step_files};
use crate::output::markdown::{self, FileSection, Options};
use crate::output::{self, counted};
use crate::proposal_summary::{self, FileProposal};
use crate::verification::Checks;

/// Runs the Action's engine and returns its exit status: 1 when a finding is at or above
/// `--fail-on`, 2 when the run cannot work (bad input, unreadable file), else 0.
pub fn run(args: &GithubArgs) -> ExitCode {
    let context = RunEnvironment::read(&|name| std::env::var(name).ok(), &|path| std::fs::read_to_string(path));
    let inputs = match Inputs::resolve(args) {
        Ok(inputs) => inputs,
        Err(error) => {
            eprintln!("slimfile: {error}");
            return ExitCode::from(2);
        }
    };
    let filter = match FileFilter::parse(&inputs.files) {
        Ok(filter) => filter,
        Err(error) => {
            eprintln!("slimfile: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("slimfile: could not start the network runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let identity = RunIdentity::new(inputs.id.as_deref(), context.workflow.as_deref(), context.job.as_deref());
    runtime.block_on(Run { inputs: &inputs, context: &context, filter: &filter, identity: &identity }.go())
}

fn log(message: &str) {
    println!("slimfile: {message}");
}

/// One run: its inputs and what it learned so far.
struct Run<'a> {
    inputs: &'a Inputs,
    context: &'a RunEnvironment,
    filter: &'a FileFilter,
    identity: &'a RunIdentity,
}

/// Where the pull request's own channels go, when they can be used.
struct PullRequestTarget<'a> {
    api: Api,
    repo: &'a Repository,
    pr: &'a PullRequest,
}

impl Run<'_> {
    async fn go(self) -> ExitCode {
        let root = self.inputs.workspace.clone();
        if let Some(problem) = &self.context.payload_problem {
            log(&format!("{problem}; checking every matching file"));
        }
        let target = self.pull_request_target();
        let changed = match &target {
            Some(target) => {
                match files::changed_files(&target.api, target.repo, target.pr.number, target.pr.changed_files).await {
                    Ok(changed) => Some(changed),
                    Err(error) => {
                        log(&format!(
                            "could not list the pull request's files ({error}); checking every matching file"
                        ));
                        None
                    }
                }
            }
            None => None,
        };
        let paths = self.select(&root, changed.as_ref());
        // Kept until the run ends: the pull request's head files, on a pull_request_target run.
        let head = match &target {
            Some(target) => self.head_files(target, &root, &paths).await,
            None => None,
        };
        let root = head.as_ref().map_or(root, |dir| dir.path().to_path_buf());
        let inputs: Vec<Input> = paths.iter().map(|path| Input::File(root.join(path))).collect();
        let configs = match config_file::for_inputs(self.inputs.config.as_deref(), &inputs) {
            Ok(configs) if self.inputs.ignore.is_empty() => configs,
            Ok(configs) => configs
                .into_iter()
                .map(|config| {
                    let mut config = Config::clone(&config);
                    config.ignore.extend(self.inputs.ignore.iter().cloned());
                    Rc::new(config)
                })
                .collect(),
            Err(errors) => {
                for error in errors {
                    eprintln!("slimfile: {error}");
                }
                return ExitCode::from(2);
            }
        };
        let mut contexts = ContextCache::default();
        let mut outcomes: Vec<FileOutcome> = paths
            .iter()
            .zip(&inputs)
            .zip(&configs)
            .map(|((path, input), config)| check_file(path, input, config, &mut contexts))
            .collect();
        // The proposals weigh every finding of a file; what is reported and counted is filtered.
        let proposals: Vec<Option<FileProposal>> = outcomes.iter().map(proposal_summary::for_report).collect();
        let dropped = filter::apply(self.inputs.filter_mode, &mut outcomes, changed.as_ref());
        if dropped > 0 {
            log(&format!(
                "filter-mode: {} outside the pull request's {} not reported",
                counted(dropped, "finding", "findings"),
                if self.inputs.filter_mode == FilterMode::Added { "added lines" } else { "diff" }
            ));
        }
        let findings: usize = outcomes.iter().map(|o| o.findings.len()).sum();
        log(&format!(
            "{} in {}",
            counted(findings, "finding", "findings"),
            counted(outcomes.len(), "Dockerfile", "Dockerfiles")
        ));
        if self.inputs.annotations {
            print!("{}", output::github::render(&outcomes));
        }
        let sections: Vec<FileSection<'_>> = outcomes
            .iter()
            .zip(&proposals)
            .map(|(outcome, proposal)| FileSection { outcome, proposal: proposal.as_ref() })
            .collect();
        let verification = self.inputs.verify.as_ref().and_then(|verify| {
            let files: Vec<(String, PathBuf, Config)> = paths
                .iter()
                .zip(&inputs)
                .zip(configs.iter().zip(&proposals))
                .filter_map(|((path, input), (config, proposal))| match (input, proposal) {
                    (Input::File(file), Some(_)) => Some((path.clone(), file.clone(), Config::clone(config))),
                    _ => None,
                })
                .collect();
            if files.is_empty() {
                return None;
            }
            let target_run = self.context.pull_request().is_some_and(|pr| pr.target);
            Some(if target_run && !verify.on_pull_request_target {
                refused_on_pull_request_target()
            } else {
                verify_proposals(verify, &files)
            })
        });
        let table = verification.as_ref().map(|v| v.table.as_str());
        let blob_url = self.blob_url();
        let mut notes = Vec::new();
        let mut links = Links::default();
        if let Some(target) = &target {
            let channels = Channels { outcomes: &outcomes, sections: &sections, verification: table };
            links =
                self.pull_request_channels(target, &channels, changed.as_ref(), blob_url.as_deref(), &mut notes).await;
        }
        if let Some(path) = &self.context.step_summary {
            let options = Options {
                marker: None,
                notes: &notes,
                limit: markdown::STEP_SUMMARY_LIMIT,
                blob_url: blob_url.as_deref(),
                verification: table,
            };
            if let Err(error) = step_files::write_summary(path, &markdown::render(&sections, &options)) {
                log(&format!("could not write the job summary: {error}"));
            }
        }
        let sarif_file = self.inputs.sarif.as_deref().and_then(|path| write_sarif(path, &outcomes));
        self.write_outputs(&outcomes, sarif_file.as_deref(), verification.as_ref().map(|v| v.all_verified), &links);
        self.exit_status(&outcomes)
    }

    /// The pull request's channels need a pull-request event, the repository and a token.
    fn pull_request_target(&self) -> Option<PullRequestTarget<'_>> {
        let pr = self.context.pull_request()?;
        let Some(repo) = self.context.repository.as_ref() else {
            log("GITHUB_REPOSITORY is not set: reporting through annotations and the job summary only");
            return None;
        };
        let Some(token) = self.context.token.as_deref() else {
            log("no GitHub token: reporting through annotations and the job summary only");
            return None;
        };
        match Api::new(&self.context.api_url, &self.context.graphql_url, token) {
            Ok(api) => Some(PullRequestTarget { api, repo, pr }),
            Err(error) => {
                log(&format!("{error}: reporting through annotations and the job summary only"));
                None
            }
        }
    }

    /// The Dockerfiles to check: on a pull request (unless told otherwise) those it changes,
    /// else every matching file of the checkout. A listing GitHub capped at 3,000 files may
    /// miss some, so then every matching file is checked.
    fn select(&self, root: &Path, changed: Option<&ChangedFiles>) -> Vec<String> {
        match changed {
            Some(changed) if self.inputs.changed_only && !changed.complete => {
                log(&format!(
                    "GitHub lists only the first {} files of this pull request; checking every matching file",
                    changed.files.len()
                ));
                files::in_checkout(root, self.filter)
            }
            Some(ChangedFiles { files: changed, .. }) if self.inputs.changed_only => {
                let paths: Vec<String> = changed
                    .iter()
                    .filter(|f| f.status != "removed" && self.filter.matches(&f.filename))
                    .map(|f| f.filename.clone())
                    .collect();
                log(&format!(
                    "the pull request changes {} ({} matching)",
                    counted(changed.len(), "file", "files"),
                    paths.len()
                ));
                paths
            }
            _ => files::in_checkout(root, self.filter),
        }
    }

    async fn pull_request_channels(
        &self,
        target: &PullRequestTarget<'_>,
        channels: &Channels<'_>,
        changed: Option<&ChangedFiles>,
        blob_url: Option<&str>,
        notes: &mut Vec<String>,
    ) -> Links {
        let Channels { outcomes, sections, verification } = *channels;
        let mut links = Links::default();
        if !self.inputs.review && !self.inputs.comment {
            return links;
        }
        let login = author::login(&target.api).await;
        let reporter =
            Reporter { api: &target.api, repo: target.repo, pr: target.pr, identity: self.identity, login: &login };
        log(&format!("reporting as {login}, run \"{}\"", self.identity.id()));
        let mut read_only = false;
        if self.inputs.review {
            let diffs: HashMap<&str, DiffLines> = changed
                .map(|c| c.files.as_slice())
                .unwrap_or_default()
                .iter()
                .filter_map(|f| Some((f.filename.as_str(), DiffLines::parse(f.patch.as_deref()?))))
                .collect();
            let reviewed: Vec<review_plan::Reviewed<'_>> =
                outcomes.iter().map(|o| (o, diffs.get(o.path.as_str()))).collect();
            let plan = review_plan::plan(&reviewed);
            let summary = if self.inputs.comment { "the summary comment" } else { "the job summary" };
            match review::publish(&reporter, &plan, changed, summary).await {
                Ok(done) => {
                    links.review = done.review_url.clone();
                    log(&format!(
                        "review: {} posted, {} kept from earlier runs, {} outdated deleted, {} with replies resolved, \
                     {} kept unjudged (their diff is unknown), {} earlier reviews marked outdated, {} file \
                     comments posted{}",
                        counted(done.posted, "inline comment", "inline comments"),
                        done.kept,
                        done.deleted,
                        done.resolved,
                        done.unjudged,
                        done.superseded,
                        done.file_comments,
                        if done.fell_back {
                            "; GitHub refused the inline comments, so the review lists them"
                        } else {
                            ""
                        }
                    ));
                }
                Err(error) => read_only |= self.channel_failed("the review", &error),
            }
        }
        if self.inputs.comment && !read_only {
            let marker = self.identity.summary_marker();
            let options =
                Options { marker: Some(&marker), notes: &[], limit: markdown::COMMENT_LIMIT, blob_url, verification };
            let body = markdown::render(sections, &options);
            let worth_posting = outcomes.iter().any(|o| !o.findings.is_empty() || o.io_error.is_some());
            match summary_comment::upsert(&reporter, &body, worth_posting).await {
                Ok(Upserted::Created(c)) => {
                    log(&format!("summary comment {} posted", c.id));
                    links.comment = c.url;
                }
                Ok(Upserted::Updated(c)) => {
                    log(&format!("summary comment {} updated{}", c.id, duplicates(&c)));
                    links.comment = c.url;
                }
                Ok(Upserted::Unchanged(c)) => {
                    log(&format!("summary comment {} is already up to date{}", c.id, duplicates(&c)));
                    links.comment = c.url;
                }
                Ok(Upserted::NotNeeded) => log("no findings: no summary comment needed"),
                Err(error) => read_only |= self.channel_failed("the summary comment", &error),
            }
        }
        if read_only {
            let from_fork = self.context.pull_request().is_some_and(|pr| pr.from_fork);
            let note = if from_fork {
                "The GitHub token cannot write to this pull request (pull requests from forks get a read-only \
                 token), so the findings are in the annotations and this job summary instead of a review and a \
                 comment."
            } else {
                "The GitHub token cannot write to this pull request: the job needs `permissions: pull-requests: \
                 write` (or a token that has it), so the findings are in the annotations and this job summary \
                 instead of a review and a comment."
            };
            log(note);
            notes.push(note.to_owned());
        }
        links
    }

    /// On a `pull_request_target` run whose checkout is not the pull request's head, the head's
    /// versions of `paths`, read through the API into a directory of their own.
    async fn head_files(
        &self,
        target: &PullRequestTarget<'_>,
        root: &Path,
        paths: &[String],
    ) -> Option<tempfile::TempDir> {
        if !target.pr.target || head_files::checkout_is_at(root, &target.pr.head_sha) {
            return None;
        }
        let dir = match tempfile::Builder::new().prefix("slimfile-head-").tempdir() {
            Ok(dir) => dir,
            Err(error) => {
                log(&format!("could not make a directory for the pull request's files: {error}"));
                return None;
            }
        };
        log(&format!(
            "pull_request_target: the checkout is not the pull request's head, so {} read at {} through the API",
            counted(paths.len(), "Dockerfile is", "Dockerfiles are"),
            target.pr.head_sha
        ));
        for (path, why) in head_files::fetch(&target.api, target.repo, &target.pr.head_sha, paths, dir.path()).await {
            log(&format!("{path} could not be read at the head commit: {why}"));
        }
        Some(dir)
    }

    /// Logs a channel's failure; says whether it was for lack of permission.
    fn channel_failed(&self, channel: &str, error: &ApiError) -> bool {
        if error.is_forbidden() {
            let why = if self.context.pull_request().is_some_and(|pr| pr.from_fork) {
                " (a fork's pull request)".to_owned()
            } else {
                ": it lacks `pull-requests: write` (add it to the job's `permissions:`)".to_owned()
            };
            log(&format!("{channel} was not posted: the token may not write here{why}: {error}"));
            true
        } else if error.rate_limited {
            log(&format!("{channel} was not posted: GitHub's rate limit held through every retry: {error}"));
            false
        } else {
            log(&format!("{channel} was not posted: {error}"));
            false
        }
    }

    fn blob_url(&self) -> Option<String> {
        let repo = self.context.repository.as_ref()?;
        let commit = self.context.commit()?;
        Some(format!("{}/{}/blob/{commit}/", self.context.server_url.trim_end_matches('/'), repo.full_name()))
    }

    /// The step outputs; the sizes are on disk, summed over the Dockerfiles whose estimate has a
    /// size on both sides (an unknown base image has none, and is left out rather than summed as
    /// its layers alone).
    fn write_outputs(
        &self,
        outcomes: &[FileOutcome],
        sarif_file: Option<&Path>,
        verified: Option<bool>,
        links: &Links,
    ) {
        let Some(path) = &self.context.output else { return };
        let findings: usize = outcomes.iter().map(|o| o.findings.len()).sum();
        let estimates: Vec<_> =
            outcomes.iter().filter_map(|o| o.estimate.as_ref()).filter(|e| e.change_is_known()).collect();
        let before = estimates.iter().fold(0u64, |sum, e| sum.saturating_add(e.before.size.uncompressed_bytes));
        let after = estimates.iter().fold(0u64, |sum, e| sum.saturating_add(e.after.size.uncompressed_bytes));
        let (before, after, percent) = if estimates.is_empty() {
            (String::new(), String::new(), String::new())
        } else {
            (
                before.to_string(),
                after.to_string(),
                slimfile_core::estimate::units::savings_percent(before, after).to_string(),
            )
        };
        let outputs = [
            ("findings", findings.to_string()),
            ("size-before", before),
            ("size-after", after),
            ("savings-percent", percent),
            ("sarif-file", sarif_file.map(|p| p.display().to_string()).unwrap_or_default()),
            ("verified", verified.map(|v| v.to_string()).unwrap_or_default()),
            ("review-url", links.review.clone().unwrap_or_default()),
            ("comment-url", links.comment.clone().unwrap_or_default()),
        ];
        if let Err(error) = step_files::write_outputs(path, &outputs) {
            log(&format!("could not write the step outputs: {error}"));
        }
    }

    fn exit_status(&self, outcomes: &[FileOutcome]) -> ExitCode {
        if outcomes.iter().any(|o| o.io_error.is_some()) {
            for outcome in outcomes {
                if let Some(error) = &outcome.io_error {
                    eprintln!("slimfile: {}: {error}", outcome.path);
                }
            }
            ExitCode::from(2)
        } else if outcomes.iter().flat_map(|o| &o.findings).any(|f| self.inputs.fail_on.fails(f.severity)) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// The pages of what this run posted or updated on the pull request.
#[derive(Default)]
struct Links {
    /// The review this run posted.
    review: Option<String>,
    /// The summary comment.
    comment: Option<String>,
}

/// Why a `pull_request_target` run does not build: it holds a write token and the base's
/// secrets, and a build runs the pull request's code (`RUN`), which could take them.
fn refused_on_pull_request_target() -> ActionVerification {
    let why = "The proposals were not verified: this is a `pull_request_target` run, which holds a write token \
               and the repository's secrets, and building the pull request's Dockerfiles would run its code with \
               them in reach. Verify on `pull_request` instead, or set `verify-pull-request-target: true` if every \
               pull request here is trusted.";
    log(why);
    ActionVerification { table: format!("### slimfile verify\n\n{why}\n"), all_verified: false }
}

/// What the log says of duplicate summary comments deleted.
fn duplicates(comment: &summary_comment::Comment) -> String {
    match comment.duplicates_deleted {
        0 => String::new(),
        n => format!(" ({} from overlapping runs deleted)", counted(n, "duplicate", "duplicates")),
    }
}

/// What the pull request's review and comment report.
#[derive(Clone, Copy)]
struct Channels<'a> {
    outcomes: &'a [FileOutcome],
    sections: &'a [FileSection<'a>],
    /// The measured table, when the run verified the proposals.
    verification: Option<&'a str>,
}

/// The proposals proven (or not) by real builds.
struct ActionVerification {
    /// The measured table, as `slimfile verify --format markdown` prints it.
    table: String,
    /// Whether every proposal was verified.
    all_verified: bool,
}

/// Builds, runs and measures the original and the proposal of each of `files` with Docker, as
/// `slimfile verify` does. A missing engine is said in place of the table.
fn verify_proposals(verify: &VerifyInputs, files: &[(String, PathBuf, Config)]) -> ActionVerification {
    let docker = Docker::new(verify.docker.clone(), crate::verification::run_id()).on_builder(verify.builder.clone());
    if let Err(error) = docker.engine_version() {
        log(&format!("verify: no Docker engine ({error})"));
        return ActionVerification {
            table: format!(
                "### slimfile verify\n\nThe proposals were not verified: verify needs a Docker engine on the runner ({}).\n",
                error.to_string().replace('|', "\\|")
            ),
            all_verified: false,
        };
    }
    let checks = Checks {
        smoke: verify.smoke.clone(),
        probe: verify.probe.clone(),
        port: None,
        timeout: Duration::from_secs(VERIFY_TIMEOUT_SECONDS),
        cache_check: true,
        // The Action proves what it proposes: the default level's proposal.
        level: slimfile_core::FixLevel::Default,
    };
    let reports = crate::verification::verify_files(files, &checks, &docker);
    let verified = reports.iter().filter(|r| crate::verification::exit_status(&r.outcome) == 0).count();
    log(&format!("verify: {verified} of {} verified", counted(reports.len(), "proposal", "proposals")));
    ActionVerification { table: output::verify::markdown::render(&reports), all_verified: verified == reports.len() }
}

/// How long a verified image's command may run, or its server take to answer.
const VERIFY_TIMEOUT_SECONDS: u64 = 60;

/// Checks one file, reported under its repository-relative path.
fn check_file(path: &str, input: &Input, config: &Config, contexts: &mut ContextCache) -> FileOutcome {
    let mut outcome = check_input(input, config, contexts);
    path.clone_into(&mut outcome.path);
    outcome
}

/// Writes the SARIF report for `github/codeql-action/upload-sarif`; the path on success.
fn write_sarif(path: &Path, outcomes: &[FileOutcome]) -> Option<PathBuf> {
    match std::fs::write(path, output::sarif::render(outcomes)) {
        Ok(()) => Some(path.to_path_buf()),
        Err(error) => {
            log(&format!("could not write {}: {error}", path.display()));
            None
        }
    }
}

//! `slimfile verify --format json`: the stable, versioned report. These DTOs are the contract:
//! fields are only ever added, never renamed; they are apart from the core's types so the core
//! can change shape freely.

use serde::Serialize;
use slimfile_core::verify::{
    AddedSize, Behaviour, BehaviourMatch, BuildOutcome, CacheReuse, ImageSizes, MeasuredSize, Verdict, Verification,
};

use super::{FileReport, VerifyOutcome};

/// The version of the JSON contract.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    seconds: u64,
    /// `verified`, `failed`, `unverifiable`, `nothing-to-verify` or `error`.
    result: &'static str,
    /// Why it is not verified, one sentence each.
    problems: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    builds: Option<Builds<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    behaviour: Option<BehaviourDto<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sizes: Option<Sizes<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cache: Option<Cache<'a>>,
}

#[derive(Serialize)]
struct Builds<'a> {
    original: Build<'a>,
    proposed: Build<'a>,
}

#[derive(Serialize)]
struct Build<'a> {
    built: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    log_tail: Option<&'a str>,
}

#[derive(Serialize)]
struct BehaviourDto<'a> {
    check: &'a str,
    same: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    difference: Option<&'a str>,
    original: Run<'a>,
    slim: Run<'a>,
}

#[derive(Serialize)]
struct Run<'a> {
    /// `exited`, `still-running`, `http` or `failed`.
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stdout: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stderr: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Sizes<'a> {
    /// Whether the slim image is smaller on disk.
    smaller: bool,
    before: Image<'a>,
    after: Image<'a>,
}

#[derive(Serialize)]
struct Image<'a> {
    /// `disk_bytes`: `docker image inspect` Size; `compressed_bytes`: gzip of `docker save`.
    measured: Bytes,
    /// slimfile's estimate, in the same two measures.
    estimated: Bytes,
    base: &'a str,
    measured_base: Option<Bytes>,
    added: Option<Added>,
}

#[derive(Serialize)]
struct Bytes {
    disk_bytes: u64,
    compressed_bytes: u64,
}

#[derive(Serialize)]
struct Added {
    measured: Bytes,
    estimated: Bytes,
    disk_error_percent: Option<f64>,
    compressed_error_percent: Option<f64>,
}

#[derive(Serialize)]
struct Cache<'a> {
    /// `reused`, `not-reused`, `no-dependency-layer` or `inconclusive`.
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    steps: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changed_file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Renders the reports as one JSON document.
pub fn render(reports: &[FileReport]) -> String {
    let report = Report { version: VERSION, files: reports.iter().map(file).collect() };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn file(report: &FileReport) -> File<'_> {
    let mut file = File {
        path: &report.path,
        seconds: report.seconds,
        result: "error",
        problems: Vec::new(),
        builds: None,
        behaviour: None,
        sizes: None,
        cache: None,
    };
    match &report.outcome {
        VerifyOutcome::Checked(verification) => checked(&mut file, verification),
        VerifyOutcome::NothingToVerify { reason } => {
            file.result = "nothing-to-verify";
            file.problems = vec![reason];
        }
        VerifyOutcome::Error { message } => file.problems = vec![message],
    }
    file
}

fn checked<'a>(file: &mut File<'a>, verification: &'a Verification) {
    (file.result, file.problems) = match &verification.verdict {
        Verdict::Verified => ("verified", Vec::new()),
        Verdict::Failed { problems } => ("failed", problems.iter().map(String::as_str).collect()),
        Verdict::Unverifiable { reason } => ("unverifiable", vec![reason.as_str()]),
    };
    let build = |outcome: &'a BuildOutcome| match outcome {
        BuildOutcome::Built => Build { built: true, log_tail: None },
        BuildOutcome::Failed { reason } => Build { built: false, log_tail: Some(reason) },
    };
    file.builds =
        Some(Builds { original: build(&verification.original_build), proposed: build(&verification.slim_build) });
    file.behaviour = verification.behaviour.as_ref().map(|check| BehaviourDto {
        check: &check.check,
        same: check.result.is_same(),
        difference: match &check.result {
            BehaviourMatch::Same => None,
            BehaviourMatch::Different { reason } => Some(reason),
        },
        original: run(&check.before),
        slim: run(&check.after),
    });
    file.sizes = verification.sizes.as_ref().map(|sizes| Sizes {
        smaller: sizes.smaller,
        before: image(&sizes.before),
        after: image(&sizes.after),
    });
    file.cache = verification.cache.as_ref().map(cache);
}

fn run(behaviour: &Behaviour) -> Run<'_> {
    let empty = Run { kind: "failed", status: None, stdout: None, stderr: None, body: None, reason: None };
    match behaviour {
        Behaviour::Exited { status, stdout, stderr } => Run {
            kind: "exited",
            status: Some(i64::from(*status)),
            stdout: Some(stdout),
            stderr: Some(stderr),
            ..empty
        },
        Behaviour::StillRunning { stdout, stderr } => {
            Run { kind: "still-running", stdout: Some(stdout), stderr: Some(stderr), ..empty }
        }
        Behaviour::Http { status, body } => {
            Run { kind: "http", status: Some(i64::from(*status)), body: Some(body), ..empty }
        }
        Behaviour::Failed { reason } => Run { reason: Some(reason), ..empty },
    }
}

fn bytes(size: MeasuredSize) -> Bytes {
    Bytes { disk_bytes: size.disk_bytes, compressed_bytes: size.compressed_bytes }
}

fn estimated(size: slimfile_core::estimate::Size) -> Bytes {
    Bytes { disk_bytes: size.uncompressed_bytes, compressed_bytes: size.compressed_bytes }
}

fn image(sizes: &ImageSizes) -> Image<'_> {
    Image {
        measured: bytes(sizes.measured),
        estimated: estimated(sizes.estimated),
        base: &sizes.base_reference,
        measured_base: sizes.measured_base.map(bytes),
        added: sizes.added.as_ref().map(|added: &AddedSize| Added {
            measured: bytes(added.measured),
            estimated: estimated(added.estimated),
            disk_error_percent: added.disk_error_percent,
            compressed_error_percent: added.compressed_error_percent,
        }),
    }
}

fn cache(cache: &CacheReuse) -> Cache<'_> {
    let none = Cache { result: "", steps: None, changed_file: None, reason: None };
    match cache {
        CacheReuse::Reused { steps, changed_file } => {
            Cache { result: "reused", steps: Some(steps), changed_file: Some(changed_file), ..none }
        }
        CacheReuse::NotReused { steps, changed_file } => {
            Cache { result: "not-reused", steps: Some(steps), changed_file: Some(changed_file), ..none }
        }
        CacheReuse::NoDependencyLayer { reason } => {
            Cache { result: "no-dependency-layer", reason: Some(reason), ..none }
        }
        CacheReuse::Inconclusive { reason } => Cache { result: "inconclusive", reason: Some(reason), ..none },
    }
}

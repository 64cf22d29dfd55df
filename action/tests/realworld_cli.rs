//! The real binary over `../shared/realworld`: 50 single-stage application Dockerfiles from public
//! repositories, each in a copy of its build context (the manifests as committed, every other
//! file of `CONTEXT.txt` recreated at its size with no content).
//!
//! For every case: `check` and `fix` finish without a panic, every output parses with BuildKit's
//! parser, a second `fix` changes nothing, and the outcome (rewritten and at which confidence,
//! declined and why, unchanged) is the one judged right after reading the case
//! (`realworld/expectations.toml`, each with its reason).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One case's judged outcome.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    /// `rewrite`, `offer` (a rewrite proposed but not applied by default), `decline` or `unchanged`.
    outcome: String,
    /// For `rewrite` and `offer`: `high` or `medium`.
    confidence: Option<String>,
    /// For `decline`: words the message must contain (its true reason).
    says: Option<String>,
    /// Why this is the right outcome, from reading the case.
    why: String,
}

/// What the binary did with one case.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    outcome: String,
    confidence: Option<String>,
    message: String,
}

#[test]
fn every_realworld_case_gets_the_outcome_judged_right_and_valid_output() {
    let Some(shared) = slimfile_tests::shared_tier("realworld_cli") else { return };
    let cases_dir = shared.join("realworld");
    let expectations: BTreeMap<String, Expectation> = toml::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld/expectations.toml"))
            .expect("expectations file"),
    )
    .expect("expectations parse");
    let mut cases: Vec<String> = std::fs::read_dir(&cases_dir)
        .expect("realworld folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("Dockerfile").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 50, "the realworld set has 50 cases");
    let listed: Vec<&String> = expectations.keys().collect();
    assert_eq!(listed, cases.iter().collect::<Vec<_>>(), "every case, and only those, has an expectation");

    let root = common::scratch("realworld-cli");
    let mut problems = Vec::new();
    let mut outputs = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut table = String::new();
    for case in &cases {
        let context = materialise(&cases_dir.join(case), &root.join(case));
        let check =
            common::slimfile(&context, &["check", "--format", "json", "--fail-on", "never", "Dockerfile"], None);
        if check.status.code() != Some(0) {
            problems.push(format!("{case}: check exited {:?}: {}", check.status.code(), common::stderr(&check)));
        }
        let fix = common::slimfile(&context, &["fix", "--stdout", "Dockerfile"], None);
        let stderr = common::stderr(&fix);
        if fix.status.code() != Some(0) || stderr.contains("panicked") {
            problems.push(format!("{case}: fix exited {:?}: {stderr}", fix.status.code()));
            continue;
        }
        let proposed = common::stdout(&fix);
        std::fs::write(context.join("Dockerfile.again"), &proposed).expect("write proposal");
        let again = common::slimfile(&context, &["fix", "--stdout", "Dockerfile.again"], None);
        if common::stdout(&again) != proposed {
            problems.push(format!("{case}: not idempotent: a second fix changes the proposal"));
        }
        outputs.push((case.clone(), proposed));

        let got = outcome(&stderr);
        let want = &expectations[case];
        *counts.entry(format!("{} {}", got.outcome, got.confidence.as_deref().unwrap_or(""))).or_default() += 1;
        let _ =
            writeln!(table, "{case}: {} {} | {}", got.outcome, got.confidence.as_deref().unwrap_or(""), got.message);
        let agrees = got.outcome == want.outcome
            && got.confidence == want.confidence
            && want.says.as_deref().is_none_or(|words| got.message.contains(words));
        if !agrees {
            problems.push(format!(
                "{case}: expected {} {} {} (because {}), got {} {} | {}",
                want.outcome,
                want.confidence.as_deref().unwrap_or(""),
                want.says.as_deref().map(|s| format!("saying {s:?}")).unwrap_or_default(),
                want.why,
                got.outcome,
                got.confidence.as_deref().unwrap_or(""),
                got.message
            ));
        }
    }
    problems.extend(
        slimfile_tests::rewrite_validity::buildkit_rejects(&shared, &outputs)
            .into_iter()
            .map(|rejected| format!("BuildKit's parser rejects the proposal of {rejected}")),
    );
    println!("{table}");
    println!("realworld outcomes: {counts:?}");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Copies the case's files into `to`, then recreates every other file its `CONTEXT.txt` lists,
/// at its size (sparse, no content), so that the binary sees the build context's names and sizes.
fn materialise(case: &Path, to: &Path) -> PathBuf {
    copy_dir(case, to);
    let listing = std::fs::read_to_string(case.join("CONTEXT.txt")).expect("CONTEXT.txt");
    let mut listed_own = Vec::new();
    for line in listing.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let Some((bytes, path)) = line.split_once('\t') else { continue };
        if path == "CONTEXT.txt" || path == "SOURCE" {
            listed_own.push(path.to_owned());
        }
        let target = to.join(path);
        if target.exists() {
            continue;
        }
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        let file = std::fs::File::create(&target).expect("create context file");
        file.set_len(bytes.trim().parse().unwrap_or(0)).expect("size context file");
    }
    // The collection's own files are not the repository's.
    for own in ["CONTEXT.txt", "SOURCE"] {
        if !listed_own.iter().any(|p| p == own) {
            let _ = std::fs::remove_file(to.join(own));
        }
    }
    to.to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read case").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy case file");
        }
    }
}

/// The rewrite's outcome, as `fix` reports it on standard error.
fn outcome(stderr: &str) -> Outcome {
    for line in stderr.lines() {
        if let Some((_, rest)) = line.split_once("not rewritten as a multi-stage build: ") {
            return Outcome { outcome: "decline".into(), confidence: None, message: rest.to_owned() };
        }
        for (marker, outcome) in
            [("rewritten as a multi-stage build (", "rewrite"), ("a multi-stage rewrite (", "offer")]
        {
            if let Some((_, rest)) = line.split_once(marker) {
                let confidence =
                    rest.split("confidence ").nth(1).and_then(|c| c.split(')').next()).map(|c| c.trim().to_owned());
                return Outcome { outcome: outcome.into(), confidence, message: rest.to_owned() };
            }
        }
    }
    Outcome { outcome: "unchanged".into(), confidence: None, message: String::new() }
}

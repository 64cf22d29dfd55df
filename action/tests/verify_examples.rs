//! The real-build verification suite: `slimfile verify` on every example, against a Docker engine
//! that holds the stand-in base images. `scripts/verify-builds` starts that engine, builds the
//! stand-ins and runs this test with `--ignored`; plain `cargo test` lists it as ignored, since
//! it needs the engine.

mod common;

use std::path::Path;
use std::process::Command;

/// What each example's verification must show. A proposal that is wrong today is written down as
/// such, with the reason, so the suite fails the day it changes either way.
struct Expected {
    example: &'static str,
    /// `verified` or `failed`.
    result: &'static str,
    /// `reused`, `no-dependency-layer`, or `None` when the proposal does not build.
    cache: Option<&'static str>,
    /// Why a result is not `verified`.
    known_problem: Option<&'static str>,
}

const EXPECTED: &[Expected] = &[
    Expected { example: "go", result: "verified", cache: Some("reused"), known_problem: None },
    // The rewrite keeps `COPY . .` before `mvn package`: there is no dependency layer to reuse.
    Expected { example: "java-maven", result: "verified", cache: Some("no-dependency-layer"), known_problem: None },
    Expected { example: "node-typescript", result: "verified", cache: Some("reused"), known_problem: None },
    // requirements.txt installs `./fastsum`, a folder of the context, but the rewrite copies only
    // requirements.txt before `pip install`: the proposal does not build.
    Expected {
        example: "python",
        result: "failed",
        cache: None,
        known_problem: Some("the proposed Dockerfile does not build"),
    },
    // The rewrite keeps `COPY . .` before `cargo build`: there is no dependency layer to reuse.
    Expected { example: "rust", result: "verified", cache: Some("no-dependency-layer"), known_problem: None },
];

#[test]
#[ignore = "needs a Docker engine holding the stand-in images: run scripts/verify-builds"]
fn every_example_s_rewrite_is_proven_by_a_real_build() {
    let docker = std::env::var("SLIMFILE_VERIFY_DOCKER")
        .expect("SLIMFILE_VERIFY_DOCKER names the docker CLI; scripts/verify-builds sets it");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let report_dir = common::scratch("verify-examples");
    let report = report_dir.join("report.json");
    let mut command = Command::new(env!("CARGO_BIN_EXE_slimfile"));
    command
        .args(["verify", "--probe", "/", "--timeout", "120", "--docker", &docker, "--json-report"])
        .arg(&report)
        .args(EXPECTED.iter().map(|e| examples.join(e.example).join("Dockerfile")));
    let output = command.output().expect("run slimfile verify");
    println!("{}", common::stdout(&output));
    eprintln!("{}", common::stderr(&output));

    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("JSON report written")).expect("JSON report");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), EXPECTED.len());
    for (file, expected) in files.iter().zip(EXPECTED) {
        let name = expected.example;
        assert!(file["path"].as_str().is_some_and(|p| p.contains(name)), "{name}: {file}");
        assert_eq!(file["result"], expected.result, "{name}: {:#}", file["problems"]);
        if let Some(problem) = expected.known_problem {
            assert!(
                file["problems"][0].as_str().is_some_and(|p| p.starts_with(problem)),
                "{name}: {:#}",
                file["problems"]
            );
            continue;
        }
        assert_eq!(file["builds"]["proposed"]["built"], true, "{name}");
        assert_eq!(file["behaviour"]["same"], true, "{name}: {:#}", file["behaviour"]);
        assert_eq!(file["behaviour"]["slim"]["kind"], "http", "{name}");
        assert_eq!(file["behaviour"]["slim"]["status"], 200, "{name}");
        assert_eq!(file["sizes"]["smaller"], true, "{name}");
        assert_eq!(file["cache"]["result"], expected.cache.unwrap_or_default(), "{name}: {:#}", file["cache"]);
    }
    let failing = EXPECTED.iter().any(|e| e.result != "verified");
    assert_eq!(output.status.code(), Some(if failing { 1 } else { 0 }), "exit status");
}

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
    // Hazards 1 and 4: templates/ is read at run time and carried; a local replaced module uses
    // cgo, so cgo stays and the runtime is glibc (distroless cc).
    Expected { example: "go-cgo", result: "verified", cache: Some("reused"), known_problem: None },
    // The rewrite keeps `COPY . .` before `mvn package`: there is no dependency layer to reuse.
    Expected { example: "java-maven", result: "verified", cache: Some("no-dependency-layer"), known_problem: None },
    // `CMD serve` runs a tool installed with `npm install -g`: the runtime repeats that install.
    // copy-before-dependency-install's fix gives `npm install` its own layer before the sources.
    Expected { example: "node-global-tool", result: "verified", cache: Some("reused"), known_problem: None },
    // server.js requires `ms`, listed under devDependencies: the rewrite keeps them.
    Expected { example: "node-dev-dependency", result: "verified", cache: Some("reused"), known_problem: None },
    Expected { example: "node-typescript", result: "verified", cache: Some("reused"), known_problem: None },
    // requirements.txt installs `./fastsum`, a folder of the context: the rewrite copies it with
    // requirements.txt before `pip install`.
    // Composer's binary and the apt-installed git and unzip stay in the builder; composer.json
    // runs no install scripts, so the install moves before the sources and `composer
    // dump-autoload` follows them.
    Expected { example: "php-composer", result: "verified", cache: Some("reused"), known_problem: None },
    Expected { example: "python", result: "verified", cache: Some("reused"), known_problem: None },
    // uv builds /app/.venv on the image's own Python, which the slim runtime has at the same path;
    // the sync runs with --no-install-project on pyproject.toml and uv.lock before the sources.
    Expected { example: "python-uv", result: "verified", cache: Some("reused"), known_problem: None },
    // Cargo.toml is a plain package: the crates are fetched before the sources are copied.
    Expected { example: "rust", result: "verified", cache: Some("reused"), known_problem: None },
    // Hazards 5 and 1: rust:latest is Debian 13, so the runtime is distroless cc-debian13; static/
    // is read at run time and carried.
    Expected { example: "rust-trixie", result: "verified", cache: Some("reused"), known_problem: None },
];

/// Examples the suite cannot build here, and why.
const NOT_VERIFIED: &[(&str, &str)] = &[(
    "dotnet",
    "the .NET SDK and ASP.NET runtime are not packaged in Debian and nothing can be pulled, so there is no \
     stand-in for mcr.microsoft.com/dotnet/sdk or aspnet",
)];

#[test]
fn every_example_is_verified_or_said_not_to_be() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut found: Vec<String> = std::fs::read_dir(&examples)
        .expect("examples/")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("Dockerfile").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut listed: Vec<String> = EXPECTED
        .iter()
        .map(|e| e.example)
        .chain(NOT_VERIFIED.iter().map(|(name, _)| *name))
        .map(str::to_owned)
        .collect();
    listed.sort();
    assert_eq!(found, listed, "every example needs an entry in EXPECTED or NOT_VERIFIED");
}

#[test]
#[ignore = "needs a Docker engine holding the stand-in images: run scripts/verify-builds"]
fn every_example_s_rewrite_is_proven_by_a_real_build() {
    let docker = std::env::var("SLIMFILE_VERIFY_DOCKER")
        .expect("SLIMFILE_VERIFY_DOCKER names the docker CLI; scripts/verify-builds sets it");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let report_dir = common::scratch("verify-examples");
    let mut unexpected = Vec::new();
    // SLIMFILE_VERIFY_ONLY=go,rust proves only those examples (while working on one); CI proves all.
    let only = std::env::var("SLIMFILE_VERIFY_ONLY").ok();
    let wanted = |name: &str| only.as_deref().is_none_or(|list| list.split(',').any(|n| n.trim() == name));
    for expected in EXPECTED.iter().filter(|e| wanted(e.example)) {
        let name = expected.example;
        let report = report_dir.join(format!("{name}.json"));
        // `--unsafe-fixes`: every change slimfile can propose is proved, a medium-confidence
        // rewrite included (the default's changes are a part of it).
        let output = Command::new(env!("CARGO_BIN_EXE_slimfile"))
            .args([
                "verify",
                "--unsafe-fixes",
                "--probe",
                "/",
                "--timeout",
                "120",
                "--docker",
                &docker,
                "--json-report",
            ])
            .arg(&report)
            .arg(examples.join(name).join("Dockerfile"))
            .output()
            .expect("run slimfile verify");
        println!("{}", common::stdout(&output));
        eprintln!("{}", common::stderr(&output));
        if std::env::var_os("SLIMFILE_VERIFY_PRUNE").is_some() {
            // With the vfs driver every cached layer is a whole copy of its filesystem: the
            // suite's own engine drops its build cache between examples to bound the disk used.
            let _ = Command::new(&docker).args(["builder", "prune", "--all", "--force"]).output();
        }
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).expect("JSON report written")).expect("JSON report");
        let file = &report["files"][0];
        if let Err(problem) = check(file, expected, output.status.code()) {
            unexpected.push(format!("{name}: {problem}"));
        }
    }
    for (name, why) in NOT_VERIFIED {
        println!("{name}: NOT verified: {why}");
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}

/// Whether one example's report is what [`EXPECTED`] says.
fn check(file: &serde_json::Value, expected: &Expected, status: Option<i32>) -> Result<(), String> {
    let want = |what: &str, got: &serde_json::Value, want: serde_json::Value| {
        if *got == want {
            Ok(())
        } else {
            Err(format!("{what} is {got}, expected {want}; problems: {}", file["problems"]))
        }
    };
    want("the result", &file["result"], expected.result.into())?;
    let want_status = if expected.result == "verified" { 0 } else { 1 };
    if status != Some(want_status) {
        return Err(format!("exit status {status:?}, expected {want_status}"));
    }
    if let Some(problem) = expected.known_problem {
        return if file["problems"][0].as_str().is_some_and(|p| p.starts_with(problem)) {
            Ok(())
        } else {
            Err(format!("expected the known problem {problem:?}, got {}", file["problems"]))
        };
    }
    want("the proposed build", &file["builds"]["proposed"]["built"], true.into())?;
    want("the behaviour", &file["behaviour"]["same"], true.into())?;
    want("the slim image's answer", &file["behaviour"]["slim"]["status"], 200.into())?;
    want("smaller", &file["sizes"]["smaller"], true.into())?;
    want("the cache check", &file["cache"]["result"], expected.cache.unwrap_or_default().into())
}

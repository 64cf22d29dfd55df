//! Runs the real `slimfile fix`: the diff, `--stdout`, atomic `--write`, the fix levels (the
//! default, `--safe-only`, `--unsafe-fixes`), a declined rewrite, and the errors that must leave
//! the file untouched.

mod common;

use common::{scratch, slimfile, stderr, stdout};

/// A Go build that leaves cgo unsaid: its rewrite assumes a static binary (medium confidence).
const GO: &str =
    "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nEXPOSE 8080\nCMD [\"/app/server\"]\n";
/// The same build with cgo off: its rewrite assumes nothing (high confidence).
const GO_STATIC: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/server .\nEXPOSE 8080\nCMD [\"/app/server\"]\n";
/// An apt install with a safe fix (remove the lists) and an unsafe one (skip recommends).
const APT_BOTH: &str = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
const DECLINED: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build\nCMD [\"./app\"]\n";
const APT: &str = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n";

#[test]
fn prints_a_unified_diff_and_explains_on_stderr() {
    let dir = scratch("fix-diff");
    std::fs::write(dir.join("Dockerfile"), GO_STATIC).expect("write");
    let out = slimfile(&dir, &["fix"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n"), "{diff}");
    assert!(diff.contains("-FROM golang:1.22\n+FROM golang:1.22 AS builder\n"), "{diff}");
    assert!(diff.contains("+FROM gcr.io/distroless/static-debian12 AS runtime\n"), "{diff}");
    assert!(diff.contains("+COPY --from=builder /app/server /app/server\n"), "{diff}");
    let explanation = stderr(&out);
    assert!(
        explanation.contains("rewritten as a multi-stage build (Go → gcr.io/distroless/static-debian12"),
        "{explanation}"
    );
    assert!(explanation.contains("confidence high)"), "{explanation}");
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).expect("read"),
        GO_STATIC,
        "a diff must not touch the file"
    );
}

#[test]
fn stdout_prints_the_whole_proposal_and_write_replaces_the_file() {
    let dir = scratch("fix-write");
    std::fs::write(dir.join("Dockerfile"), GO_STATIC).expect("write");
    let printed = slimfile(&dir, &["fix", "--stdout"], None);
    assert_eq!(printed.status.code(), Some(0));
    let proposal = stdout(&printed);
    assert!(
        proposal.starts_with(
            "FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\n"
        ),
        "{proposal}"
    );
    let written = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).expect("read"), proposal);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("list").flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind: {leftovers:?}");
    // Idempotent: a second run proposes nothing.
    let again = slimfile(&dir, &["fix"], None);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty(), "{}", stdout(&again));
}

#[test]
fn safe_only_skips_the_rewrite_and_unsafe_fixes() {
    let dir = scratch("fix-safe-only");
    std::fs::write(dir.join("Dockerfile"), GO_STATIC).expect("write");
    let out = slimfile(&dir, &["fix", "--safe-only", "--stdout"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), GO_STATIC, "not even a high-confidence rewrite");
    assert!(
        stderr(&out).contains("confidence high) is not applied: --safe-only applies no rewrite"),
        "{}",
        stderr(&out)
    );
    std::fs::write(dir.join("Dockerfile"), APT).expect("write");
    let out = slimfile(&dir, &["fix", "--safe-only", "--stdout"], None);
    assert_eq!(
        stdout(&out),
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
    );
}

#[test]
fn the_default_applies_no_unsafe_fix_and_no_medium_rewrite_and_says_how_to_opt_in() {
    let dir = scratch("fix-default-level");
    std::fs::write(dir.join("Dockerfile"), GO).expect("write");
    for args in [&["fix", "--stdout"][..], &["fix"], &["fix", "--write"]] {
        let out = slimfile(&dir, args, None);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let printed = stdout(&out);
        assert!(!printed.contains("AS builder") && !printed.contains("+FROM"), "{args:?}: {printed}");
        let said = stderr(&out);
        assert!(said.contains("(Go → gcr.io/distroless/static-debian12, confidence medium) is not applied"), "{said}");
        assert!(said.contains("`slimfile fix --unsafe-fixes` applies it"), "{said}");
        assert!(said.contains("/app/server is built with CGO_ENABLED=0"), "{said}");
        assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).expect("read"), GO, "{args:?}");
    }
    std::fs::write(dir.join("Dockerfile"), APT_BOTH).expect("write");
    let out = slimfile(&dir, &["fix", "--stdout"], None);
    assert_eq!(
        stdout(&out),
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    );
    assert!(stderr(&out).contains("1 rule fix applied"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 unsafe rule fix not applied (each may change what the image contains or how it behaves); `slimfile fix --unsafe-fixes` applies it"),
        "{}",
        stderr(&out)
    );
    let written = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(written.status.code(), Some(0));
    assert!(!std::fs::read_to_string(dir.join("Dockerfile")).expect("read").contains("--no-install-recommends"));
}

#[test]
fn unsafe_fixes_apply_the_medium_rewrite_and_the_unsafe_fixes() {
    let dir = scratch("fix-unsafe-level");
    std::fs::write(dir.join("Dockerfile"), GO).expect("write");
    let out = slimfile(&dir, &["fix", "--unsafe-fixes", "--stdout"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("FROM gcr.io/distroless/static-debian12 AS runtime\n"), "{}", stdout(&out));
    assert!(
        stderr(&out)
            .contains("rewritten as a multi-stage build (Go → gcr.io/distroless/static-debian12, confidence medium)")
    );
    assert!(stderr(&out).contains("/app/server is built with CGO_ENABLED=0"), "{}", stderr(&out));
    std::fs::write(dir.join("Dockerfile"), APT_BOTH).expect("write");
    let written = slimfile(&dir, &["fix", "--unsafe-fixes", "--write"], None);
    assert_eq!(written.status.code(), Some(0));
    assert!(!stderr(&written).contains("not applied"), "{}", stderr(&written));
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).expect("read"),
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n"
    );
    let both = slimfile(&dir, &["fix", "--unsafe-fixes", "--safe-only"], None);
    assert_eq!(both.status.code(), Some(2), "the levels' flags conflict");
}

#[test]
fn a_declined_rewrite_is_explained_and_exits_zero() {
    let dir = scratch("fix-declined");
    std::fs::write(dir.join("Dockerfile"), DECLINED).expect("write");
    let out = slimfile(&dir, &["fix"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains("AS builder"), "{}", stdout(&out));
    assert!(stderr(&out).contains("not rewritten as a multi-stage build: `go build` without `-o`"), "{}", stderr(&out));
}

#[test]
fn runtime_and_cache_mount_options_shape_the_output() {
    let dir = scratch("fix-options");
    let out = slimfile(
        &dir,
        // From standard input the build context is unknown, so the rewrite is medium: opted in.
        &["fix", "--stdout", "--unsafe-fixes", "--runtime", "alpine", "--cache-mounts", "--non-root", "-"],
        Some(GO_STATIC.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let proposal = stdout(&out);
    assert!(proposal.starts_with("# syntax=docker/dockerfile:1\n"), "{proposal}");
    assert!(proposal.contains("RUN --mount=type=cache,target=/go/pkg/mod go mod download\n"), "{proposal}");
    assert!(proposal.contains("RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build"), "{proposal}");
    assert!(proposal.contains("FROM alpine:3.21 AS runtime\n"), "{proposal}");
    assert!(proposal.contains("USER nobody\n"), "{proposal}");
}

#[test]
fn errors_leave_the_file_untouched() {
    let dir = scratch("fix-errors");
    std::fs::write(dir.join("Dockerfile"), "FROM golang:1.22\nRUN <<EOF\ngo build\n").expect("write");
    let out = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(out.status.code(), Some(0), "a file with syntax problems is left alone: {}", stderr(&out));
    std::fs::write(dir.join("Dockerfile"), [0xff, 0xfe, b'F']).expect("write");
    let out = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Dockerfile:1:1:"), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.join("Dockerfile")).expect("read"), [0xff, 0xfe, b'F']);
    let missing = slimfile(&dir, &["fix", "nope/Dockerfile"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope/Dockerfile: no such file"), "{}", stderr(&missing));
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("fix-read-only");
    let path = dir.join("Dockerfile");
    std::fs::write(&path, GO_STATIC).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not written"), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("rewritten as") && !stderr(&out).contains("applied"),
        "a file that was not written is not said to be rewritten: {}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), GO_STATIC);
}

const PYTHON: &str =
    "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
const RUST: &str =
    "FROM rust:1.83\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/hello\"]\n";

/// `fix` beside a build context reads its manifests: a requirements file that installs a local
/// package gets that package copied with it, one that installs the project itself keeps the
/// install after the sources, and an unread one is an assumption said in the output.
#[test]
fn the_dependency_layer_follows_the_manifests_of_the_build_context() {
    let dir = scratch("fix-manifests-python");
    std::fs::write(dir.join("Dockerfile"), PYTHON).expect("write");
    std::fs::create_dir_all(dir.join("requirements")).expect("mkdir");
    std::fs::write(dir.join("requirements.txt"), "-r requirements/base.txt\n./libs/fastsum\n").expect("write");
    std::fs::write(dir.join("requirements/base.txt"), "flask==3.0\n").expect("write");
    let out = slimfile(&dir, &["fix", "--stdout", "Dockerfile"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "COPY requirements.txt ./\nCOPY requirements/base.txt ./requirements/base.txt\nCOPY libs/fastsum ./libs/fastsum\nRUN pip install -r requirements.txt\nCOPY . .\n"
        ),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("slimfile: assumes"), "{}", stdout(&out));

    std::fs::write(dir.join("requirements.txt"), "-e .\n").expect("write");
    let out = slimfile(&dir, &["fix", "--stdout", "Dockerfile"], None);
    assert!(stdout(&out).contains("COPY . .\nRUN pip install -r requirements.txt\n"), "{}", stdout(&out));
    assert!(stderr(&out).contains("requirements.txt installs `.`, the project itself"), "{}", stderr(&out));

    // Standard input has no build context: the same file gets the assumption instead, so the
    // rewrite is medium and applied only on request.
    let out = slimfile(&dir, &["fix", "--stdout", "-"], Some(PYTHON.as_bytes()));
    assert_eq!(stdout(&out), PYTHON.replace("pip install", "pip install --no-cache-dir"), "only the safe fix");
    assert!(
        stderr(&out).contains("it assumes requirements.txt installs nothing from the build context"),
        "{}",
        stderr(&out)
    );
    let out = slimfile(&dir, &["fix", "--stdout", "--unsafe-fixes", "-"], Some(PYTHON.as_bytes()));
    assert!(stdout(&out).contains("COPY requirements.txt ./\nRUN pip install -r requirements.txt\n"));
    assert!(stdout(&out).contains("# slimfile: assumes requirements.txt installs nothing from the build context"));
}

/// A plain package gets its crates fetched before the sources; a workspace does not.
#[test]
fn the_crates_are_fetched_first_only_for_a_plain_package() {
    let dir = scratch("fix-manifests-rust");
    std::fs::write(dir.join("Dockerfile"), RUST).expect("write");
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"hello\"\nversion = \"0.1.0\"\n").expect("write");
    let out = slimfile(&dir, &["fix", "--stdout", "Dockerfile"], None);
    assert!(
        stdout(&out).contains(
            "COPY Cargo.toml Cargo.lock* ./\nRUN mkdir src && touch src/main.rs && cargo fetch && rm -r src\nCOPY . .\n"
        ),
        "{}",
        stdout(&out)
    );
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = [\"api\", \"core\"]\n").expect("write");
    let out = slimfile(&dir, &["fix", "--stdout", "Dockerfile"], None);
    assert!(!stdout(&out).contains("cargo fetch"), "{}", stdout(&out));
    assert!(stderr(&out).contains("one of the workspace's members"), "{}", stderr(&out));
}

/// A package.json with workspaces keeps the install after the sources: `npm ci` on the root
/// manifests alone would miss the workspaces'.
#[test]
fn node_workspaces_keep_the_install_after_the_sources() {
    let dir = scratch("fix-manifests-node");
    let dockerfile = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n";
    std::fs::write(dir.join("Dockerfile"), dockerfile).expect("write");
    std::fs::write(dir.join("package.json"), "{\"name\": \"shop\", \"workspaces\": [\"packages/*\"]}\n")
        .expect("write");
    let out = slimfile(&dir, &["fix", "--stdout", "Dockerfile"], None);
    assert!(stdout(&out).contains("COPY . .\nRUN npm ci\n"), "{}", stdout(&out));
    assert!(stderr(&out).contains("package.json declares workspaces"), "{}", stderr(&out));
    std::fs::write(dir.join("package.json"), "{\"name\": \"shop\", \"dependencies\": {\"express\": \"4\"}}\n")
        .expect("write");
    let out = slimfile(&dir, &["fix", "--stdout", "Dockerfile"], None);
    assert!(
        stdout(&out).contains("COPY package.json package-lock.json* ./\nRUN npm ci\nCOPY . .\n"),
        "{}",
        stdout(&out)
    );
}

//! Runs the real `slimfile fix`: the diff, `--stdout`, atomic `--write`, `--safe-only`, a
//! declined rewrite, and the errors that must leave the file untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn slimfile(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_slimfile"));
    command.args(args).current_dir(dir).env_clear().env("NO_COLOR", "1");
    command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn slimfile");
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("run slimfile")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fix-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

const GO: &str =
    "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nEXPOSE 8080\nCMD [\"/app/server\"]\n";
const DECLINED: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build\nCMD [\"./app\"]\n";
const APT: &str = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n";

#[test]
fn prints_a_unified_diff_and_explains_on_stderr() {
    let dir = scratch("diff");
    std::fs::write(dir.join("Dockerfile"), GO).expect("write");
    let out = slimfile(&dir, &["fix"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let diff = text(&out.stdout);
    assert!(diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n"), "{diff}");
    assert!(diff.contains("-FROM golang:1.22\n+FROM golang:1.22 AS builder\n"), "{diff}");
    assert!(diff.contains("+FROM gcr.io/distroless/static-debian12 AS runtime\n"), "{diff}");
    assert!(diff.contains("+COPY --from=builder /app/server /app/server\n"), "{diff}");
    let explanation = text(&out.stderr);
    assert!(
        explanation.contains("rewritten as a multi-stage build (Go → gcr.io/distroless/static-debian12"),
        "{explanation}"
    );
    assert!(explanation.contains("assumes /app/server is built with CGO_ENABLED=0"), "{explanation}");
    assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).expect("read"), GO, "a diff must not touch the file");
}

#[test]
fn stdout_prints_the_whole_proposal_and_write_replaces_the_file() {
    let dir = scratch("write");
    std::fs::write(dir.join("Dockerfile"), GO).expect("write");
    let printed = slimfile(&dir, &["fix", "--stdout"], None);
    assert_eq!(printed.status.code(), Some(0));
    let proposal = text(&printed.stdout);
    assert!(
        proposal.starts_with(
            "FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\n"
        ),
        "{proposal}"
    );
    let written = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).expect("read"), proposal);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("list").flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind: {leftovers:?}");
    // Idempotent: a second run proposes nothing.
    let again = slimfile(&dir, &["fix"], None);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty(), "{}", text(&again.stdout));
}

#[test]
fn safe_only_skips_the_rewrite_and_unsafe_fixes() {
    let dir = scratch("safe-only");
    std::fs::write(dir.join("Dockerfile"), GO).expect("write");
    let out = slimfile(&dir, &["fix", "--safe-only", "--stdout"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), GO);
    std::fs::write(dir.join("Dockerfile"), APT).expect("write");
    let out = slimfile(&dir, &["fix", "--safe-only", "--stdout"], None);
    assert_eq!(
        text(&out.stdout),
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
    );
}

#[test]
fn a_declined_rewrite_is_explained_and_exits_zero() {
    let dir = scratch("declined");
    std::fs::write(dir.join("Dockerfile"), DECLINED).expect("write");
    let out = slimfile(&dir, &["fix"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(!text(&out.stdout).contains("AS builder"), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("not rewritten as a multi-stage build: `go build` without `-o`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn runtime_and_cache_mount_options_shape_the_output() {
    let dir = scratch("options");
    let out = slimfile(
        &dir,
        &["fix", "--stdout", "--runtime", "alpine", "--cache-mounts", "--non-root", "-"],
        Some(GO.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let proposal = text(&out.stdout);
    assert!(proposal.starts_with("# syntax=docker/dockerfile:1\n"), "{proposal}");
    assert!(proposal.contains("RUN --mount=type=cache,target=/go/pkg/mod go mod download\n"), "{proposal}");
    assert!(proposal.contains("RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build"), "{proposal}");
    assert!(proposal.contains("FROM alpine:3.21 AS runtime\n"), "{proposal}");
    assert!(proposal.contains("USER nobody\n"), "{proposal}");
}

#[test]
fn errors_leave_the_file_untouched() {
    let dir = scratch("errors");
    std::fs::write(dir.join("Dockerfile"), "FROM golang:1.22\nRUN <<EOF\ngo build\n").expect("write");
    let out = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(out.status.code(), Some(0), "a file with syntax problems is left alone: {}", text(&out.stderr));
    std::fs::write(dir.join("Dockerfile"), [0xff, 0xfe, b'F']).expect("write");
    let out = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Dockerfile:1:1:"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(dir.join("Dockerfile")).expect("read"), [0xff, 0xfe, b'F']);
    let missing = slimfile(&dir, &["fix", "nope/Dockerfile"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nope/Dockerfile: no such file"), "{}", text(&missing.stderr));
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("read-only");
    let path = dir.join("Dockerfile");
    std::fs::write(&path, GO).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = slimfile(&dir, &["fix", "--write"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not written"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), GO);
}

//! Snapshots of what people and tools read, through the real binary and its real renderers: every
//! `check --format` on a few files (an example with its build context, a file with nothing to say,
//! a file that does not parse, standard input), `fix`'s diff and its account on standard error,
//! and `--help` of every command. A change to any of them shows up as a snapshot diff to review
//! (`INSTA_UPDATE=always cargo test -p slimfile --test output_snapshots` rewrites them; read the
//! diff before committing it).

mod common;

use std::path::{Path, PathBuf};

use common::{slimfile, stderr, stdout};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const FORMATS: [&str; 5] = ["human", "json", "sarif", "github", "markdown"];

/// A file with nothing to report: a pinned, slim, multi-stage build.
const CLEAN: &str = "FROM golang:1.22-bookworm@sha256:1111111111111111111111111111111111111111111111111111111111111111 AS build\n\
WORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n\
FROM gcr.io/distroless/static-debian12@sha256:2222222222222222222222222222222222222222222222222222222222222222\n\
COPY --from=build /out/app /app\nUSER nonroot\nCMD [\"/app\"]\n";

/// A file BuildKit would refuse.
const BROKEN: &str = "FROM debian:12\nRUN apt-get update\nCOPY app.py\n";

/// A file whose findings point at a second place: the layer that wrote what a later one deletes
/// or rewrites.
const RELATED: &str = "FROM debian:12-slim\nRUN curl -o /tmp/go.tgz https://example.com/go.tgz\nCOPY app /app\n\
RUN chown -R app /app && rm /tmp/go.tgz\n";

/// A file with findings and no build context, read from standard input as the playground reads it.
const APT: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl git\nCMD [\"bash\"]\n";

/// Runs `slimfile` from the repository's root, so paths in the output are relative and stable.
fn run(args: &[&str], stdin: Option<&str>) -> String {
    let output = slimfile(&repo(), args, stdin.map(str::as_bytes));
    let code = output.status.code().map_or_else(|| "signal".to_owned(), |c| c.to_string());
    format!("exit: {code}\n--- stdout\n{}--- stderr\n{}", stdout(&output), stderr(&output))
}

fn scratch_file(name: &str, text: &str) -> String {
    let dir = common::scratch(&format!("output-snapshots-{name}"));
    let path = dir.join("Dockerfile");
    std::fs::write(&path, text).expect("write the fixture");
    path.to_string_lossy().into_owned()
}

#[test]
fn check_in_every_format_on_an_example_with_its_build_context() {
    for format in FORMATS {
        let shown = run(&["check", "--format", format, "--fail-on", "never", "examples/go/Dockerfile"], None);
        insta::assert_snapshot!(format!("check-go-{format}"), shown);
    }
}

#[test]
fn check_in_every_format_from_standard_input() {
    for format in FORMATS {
        insta::assert_snapshot!(format!("check-stdin-{format}"), run(&["check", "--format", format, "-"], Some(APT)));
    }
}

#[test]
fn check_in_every_format_on_a_clean_file_a_broken_one_and_one_with_related_places() {
    for (name, text) in [("clean", CLEAN), ("broken", BROKEN), ("related", RELATED)] {
        let path = scratch_file(name, text);
        for format in FORMATS {
            let shown = run(&["check", "--format", format, &path], None).replace(&path, "DOCKERFILE");
            insta::assert_snapshot!(format!("check-{name}-{format}"), shown);
        }
    }
}

#[test]
fn fix_shows_its_diff_and_says_what_the_rewrite_did() {
    insta::assert_snapshot!("fix-go-diff", run(&["fix", "examples/go/Dockerfile"], None));
    insta::assert_snapshot!("fix-stdin-stdout", run(&["fix", "--stdout", "-"], Some(APT)));
}

#[test]
fn help_of_every_command() {
    insta::assert_snapshot!("help", run(&["--help"], None));
    for command in ["check", "fix", "explain", "verify", "github"] {
        insta::assert_snapshot!(format!("help-{command}"), run(&[command, "--help"], None));
    }
}

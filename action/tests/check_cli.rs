//! Runs the real `slimfile` binary: formats, exit codes, directory discovery, standard input and
//! unreadable paths.

mod common;

use std::path::Path;
use std::process::Output;

use common::{json, scratch, slimfile, stderr, stdout};

const GOOD: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN CGO_ENABLED=0 go build -o /out/server .\n\
    FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /server\nCMD [\"/server\"]\n";
const BROKEN: &str = "FROM golang:1.22\nFNTRYPOINT [\"x\"]\nENV lonely\n";

#[test]
fn defaults_to_dockerfile_in_the_current_directory() {
    let dir = scratch("default");
    std::fs::write(dir.join("Dockerfile"), GOOD).expect("write");
    let out = slimfile(&dir, &["check"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("No findings in 1 file."), "{}", stdout(&out));
}

#[test]
fn human_format_shows_snippets_and_fails_on_errors() {
    let dir = scratch("human");
    std::fs::write(dir.join("Dockerfile"), BROKEN).expect("write");
    let out = slimfile(&dir, &["check"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error: unknown instruction 'FNTRYPOINT' [syntax-error]"), "{text}");
    assert!(text.contains("--> Dockerfile:2:1"), "{text}");
    assert!(text.contains("2 | FNTRYPOINT [\"x\"]"), "{text}");
    assert!(text.contains("^^^^^^^^^^"), "{text}");
    assert!(text.contains("ENV must have two arguments"), "{text}");
    assert!(text.contains("2 findings (2 errors, 0 warnings, 0 info) in 1 file."), "{text}");
}

#[test]
fn json_format_is_the_versioned_contract() {
    let dir = scratch("json");
    std::fs::write(dir.join("Dockerfile"), BROKEN).expect("write");
    let out = slimfile(&dir, &["check", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    assert_eq!(file["path"], "Dockerfile");
    let finding = &file["findings"][0];
    assert_eq!(finding["rule"], "syntax-error");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "unknown instruction 'FNTRYPOINT'");
    assert_eq!(finding["range"]["start"]["line"], 2);
    assert_eq!(finding["range"]["start"]["column"], 1);
    assert_eq!(finding["range"]["end"]["line"], 2);
    assert_eq!(finding["range"]["end"]["column"], 11);
    assert_eq!(file["findings"].as_array().map(Vec::len), Some(2));
}

#[test]
fn fail_on_sets_the_exit_status() {
    let dir = scratch("fail-on");
    std::fs::write(dir.join("Dockerfile"), BROKEN).expect("write");
    assert_eq!(slimfile(&dir, &["check", "--fail-on", "never"], None).status.code(), Some(0));
    assert_eq!(slimfile(&dir, &["check", "--fail-on", "warning"], None).status.code(), Some(1));
    assert_eq!(slimfile(&dir, &["check", "--fail-on", "info"], None).status.code(), Some(1));
    std::fs::write(dir.join("Dockerfile"), GOOD).expect("write");
    assert_eq!(slimfile(&dir, &["check", "--fail-on", "info"], None).status.code(), Some(0));
}

#[test]
fn directories_are_searched_and_gitignore_is_honoured() {
    let dir = scratch("discovery");
    for (path, text) in [
        ("Dockerfile", GOOD),
        ("api/api.Dockerfile", GOOD),
        ("web/Dockerfile.dev", BROKEN),
        ("tools/Containerfile", GOOD),
        ("web/Dockerfile.dockerignore", "node_modules\n"),
        ("notes/README.md", "not a dockerfile"),
        ("vendor/Dockerfile", BROKEN),
        (".devcontainer/Dockerfile", GOOD),
        // Docker reads a lower-case `dockerfile` when there is no `Dockerfile` beside it.
        ("svc/dockerfile", GOOD),
        ("both/Dockerfile", GOOD),
        ("both/dockerfile", BROKEN),
    ] {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    std::fs::write(dir.join(".gitignore"), "vendor/\n").expect("write");
    let out = slimfile(&dir, &["check", "--format", "json", "."], None);
    let report = json(&out);
    let paths: Vec<&str> =
        report["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(
        paths,
        [
            "./.devcontainer/Dockerfile",
            "./Dockerfile",
            "./api/api.Dockerfile",
            "./both/Dockerfile",
            "./svc/dockerfile",
            "./tools/Containerfile",
            "./web/Dockerfile.dev"
        ]
    );
    let fixed = slimfile(&dir, &["fix", "--stdout", "svc"], None);
    assert_eq!(fixed.status.code(), Some(0), "fix finds the lower-case dockerfile: {}", stderr(&fixed));
    assert!(stdout(&fixed).starts_with("FROM golang:1.22 AS build\n"), "{}", stdout(&fixed));
    assert_eq!(out.status.code(), Some(1), "web/Dockerfile.dev is broken");
}

#[test]
fn dash_reads_standard_input() {
    let dir = scratch("stdin");
    let out = slimfile(&dir, &["check", "--format", "json", "-"], Some(BROKEN.as_bytes()));
    let report = json(&out);
    assert_eq!(report["files"][0]["path"], "<stdin>");
    assert_eq!(report["files"][0]["findings"][0]["range"]["start"]["line"], 2);
    let out = slimfile(&dir, &["check", "-"], Some(GOOD.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_missing_file_is_a_clear_error_with_exit_2() {
    let dir = scratch("missing");
    let out = slimfile(&dir, &["check", "does-not-exist"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("slimfile: does-not-exist: no such file"), "{}", stderr(&out));
    let out = slimfile(&dir, &["check"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Dockerfile: no such file"), "{}", stderr(&out));
    let out = slimfile(&dir, &["check", "--format", "json", "does-not-exist"], None);
    assert_eq!(json(&out)["files"][0]["error"]["message"], "no such file");
}

#[test]
fn binary_and_empty_input_get_located_errors_not_panics() {
    let dir = scratch("binary");
    std::fs::write(dir.join("Dockerfile"), b"FROM a\nRUN \xff\xfe\n").expect("write");
    let out = slimfile(&dir, &["check", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1));
    let finding = &json(&out)["files"][0]["findings"][0];
    assert_eq!(finding["rule"], "unreadable-input");
    assert_eq!(finding["range"]["start"]["line"], 2);
    assert_eq!(finding["range"]["start"]["column"], 5);
    let out = slimfile(&dir, &["check", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("file with no instructions"), "{}", stdout(&out));
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("usage");
    assert_eq!(slimfile(&dir, &["check", "--format", "xml"], None).status.code(), Some(2));
    assert_eq!(slimfile(&dir, &["check", "--no-such-flag"], None).status.code(), Some(2));
    assert_eq!(slimfile(&dir, &["frobnicate"], None).status.code(), Some(2));
}

#[test]
fn the_examples_have_no_errors() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let out = slimfile(&examples, &["check", "--format", "json", "."], None);
    let report = json(&out);
    assert_eq!(report["files"].as_array().map(Vec::len), Some(12), "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn json_findings_carry_fixes_as_edits_and_human_output_previews_them() {
    let dir = scratch("fixes");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.19\nRUN apk add curl\n").expect("write");
    let out = slimfile(&dir, &["check", "--format", "json", "--fail-on", "never"], None);
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    let finding = &report["files"][0]["findings"][0];
    assert_eq!(finding["rule"], "package-cache-in-layer");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["fix"]["applicability"], "safe");
    let edit = &finding["fix"]["edits"][0];
    assert_eq!(edit["replacement"], " --no-cache");
    assert_eq!(edit["span"]["start"], 28);
    assert_eq!(edit["range"]["start"]["line"], 2);
    assert_eq!(edit["range"]["start"]["column"], 12);
    assert!(finding.get("bytes").is_some());
    let out = slimfile(&dir, &["check", "--fail-on", "warning"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("help: Use apk add --no-cache (safe fix)"), "{text}");
    assert!(text.contains("RUN apk add --no-cache curl"), "{text}");
}

const COPIES_CONTEXT: &str = "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nCMD [\"./run\"]\n";

fn rules_reported(output: &Output) -> Vec<String> {
    json(output)["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| f["rule"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn copying_the_context_without_a_dockerignore_is_reported_when_the_cli_can_tell() {
    const RULE: &str = "copy-context-without-dockerignore";
    let dir = scratch("dockerignore");
    std::fs::write(dir.join("Dockerfile"), COPIES_CONTEXT).expect("write");
    let check = |args: &[&str], stdin: Option<&[u8]>| slimfile(&dir, args, stdin);
    let out = check(&["check", "--format", "json"], None);
    assert!(rules_reported(&out).contains(&RULE.to_owned()), "{}", stdout(&out));

    std::fs::write(dir.join(".dockerignore"), ".git\n").expect("write");
    let out = check(&["check", "--format", "json"], None);
    assert!(!rules_reported(&out).contains(&RULE.to_owned()), "{}", stdout(&out));

    // BuildKit prefers `<Dockerfile>.dockerignore` beside the Dockerfile.
    std::fs::remove_file(dir.join(".dockerignore")).expect("remove");
    std::fs::write(dir.join("api.Dockerfile"), COPIES_CONTEXT).expect("write");
    std::fs::write(dir.join("api.Dockerfile.dockerignore"), ".git\n").expect("write");
    let out = check(&["check", "--format", "json", "Dockerfile", "api.Dockerfile"], None);
    let report = json(&out);
    let per_file: Vec<(String, bool)> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let fired = f["findings"].as_array().is_some_and(|list| list.iter().any(|x| x["rule"] == RULE));
            (f["path"].as_str().unwrap_or_default().to_owned(), fired)
        })
        .collect();
    assert_eq!(per_file, [("Dockerfile".to_owned(), true), ("api.Dockerfile".to_owned(), false)]);

    // Standard input has no directory: whether a .dockerignore exists is unknown.
    let out = check(&["check", "--format", "json", "-"], Some(COPIES_CONTEXT.as_bytes()));
    assert!(!rules_reported(&out).contains(&RULE.to_owned()), "{}", stdout(&out));
}

#[test]
fn github_format_prints_workflow_commands_with_severities() {
    let dir = scratch("github-format");
    std::fs::create_dir_all(dir.join("svc")).expect("mkdir");
    std::fs::write(dir.join("svc/Dockerfile"), "FROM alpine:3.19\nRUN apk add curl\n").expect("write");
    std::fs::write(dir.join("Dockerfile"), BROKEN).expect("write");
    let out = slimfile(&dir, &["check", "--format", "github", "."], None);
    assert_eq!(out.status.code(), Some(1), "the syntax errors fail the run");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("::error file=Dockerfile,line=2,endLine=2,col=1,endColumn=10,"), "{text}");
    assert!(lines[1].starts_with("::error file=Dockerfile,line=3,"), "{text}");
    assert!(
        lines[2].starts_with(
            "::warning file=svc/Dockerfile,line=2,endLine=2,col=5,endColumn=16,title=slimfile%3A package-cache-in-layer::"
        ),
        "{text}"
    );
    assert!(lines[2].ends_with("%0AFix (safe): Use apk add --no-cache"), "{text}");
}

#[test]
fn markdown_format_shows_findings_by_severity_and_the_proposed_dockerfile() {
    let dir = scratch("markdown-format");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.19\nRUN apk add curl\n").expect("write");
    let out = slimfile(&dir, &["check", "--format", "markdown"], None);
    assert_eq!(out.status.code(), Some(0), "warnings do not fail by default");
    let text = stdout(&out);
    assert!(text.starts_with("## slimfile: 1 finding in 1 Dockerfile\n\n0 errors, 1 warning, 0 notices\n"), "{text}");
    assert!(
        text.contains(
            "### Warnings (1)\n\n| Where | Rule | Finding | Costs (estimated) | Fix |\n| --- | --- | --- | --- | --- |\n\
             | `Dockerfile:2` | `package-cache-in-layer` |"
        ),
        "{text}"
    );
    assert!(text.contains("| `Dockerfile` | ~"), "the size table: {text}");
    assert!(text.contains("-RUN apk add curl\n+RUN apk add --no-cache curl\n"), "the diff: {text}");
    assert!(
        text.contains(
            "<summary><code>Dockerfile</code>: 1 rule fix</summary>\n\n```dockerfile\nFROM alpine:3.19\n\
             RUN apk add --no-cache curl\n```\n"
        ),
        "{text}"
    );
}

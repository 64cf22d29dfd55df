//! `.slimfile.toml` and `--config`, run as the real binary: discovery from each Dockerfile up to
//! the repository root, ignores and severity overrides, allowed registries, and located errors.

mod common;

use std::path::Path;

use common::{json, repository, slimfile, stderr, stdout, write};
use serde_json::Value;

/// Unpinned (warning), apt lists left in the layer (warning) and recommends (warning).
const DOCKERFILE: &str = "FROM ubuntu\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n";

/// A finding as `(rule, severity)`.
type RuleSeverity = (String, String);

/// Each file's path and findings.
type Files = Vec<(String, Vec<RuleSeverity>)>;

fn rules_by_file(dir: &Path, args: &[&str]) -> (Option<i32>, Files) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = slimfile(dir, &all, None);
    let report = json(&out);
    let files = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| {
            let findings = file["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(|f: &Value| (text(&f["rule"]), text(&f["severity"])))
                .collect();
            (text(&file["path"]), findings)
        })
        .collect();
    (out.status.code(), files)
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn pair(rule: &str, severity: &str) -> RuleSeverity {
    (rule.to_owned(), severity.to_owned())
}

#[test]
fn the_nearest_file_up_to_the_repository_root_applies_to_each_dockerfile() {
    let dir = repository("config-nearest");
    write(&dir, ".slimfile.toml", "ignore = [\"unpinned-base-image\"]\n");
    write(&dir, "api/Dockerfile", DOCKERFILE);
    write(&dir, "web/Dockerfile", DOCKERFILE);
    write(&dir, "web/.slimfile.toml", "[severity]\npackage-cache-in-layer = \"error\"\n");
    let (code, files) = rules_by_file(&dir, &["api/Dockerfile", "web/Dockerfile"]);
    assert_eq!(code, Some(1), "web's override makes the cache finding an error");
    assert_eq!(files[0], ("api/Dockerfile".to_owned(), vec![pair("package-cache-in-layer", "warning")]));
    // The nearest file wins whole: web's file does not ignore unpinned-base-image.
    assert_eq!(
        files[1],
        (
            "web/Dockerfile".to_owned(),
            vec![pair("unpinned-base-image", "warning"), pair("package-cache-in-layer", "error")]
        )
    );

    // Found the same way when the directory is searched, or the file is named from inside it.
    let (_, files) = rules_by_file(&dir, &["."]);
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].1, vec![pair("package-cache-in-layer", "warning")]);
    let (_, files) = rules_by_file(&dir.join("api"), &["Dockerfile"]);
    assert_eq!(files[0].1, vec![pair("package-cache-in-layer", "warning")]);
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let outer = repository("config-outer");
    std::fs::remove_dir_all(outer.join(".git")).expect("not a repository itself");
    // Broken on purpose: reading it would be exit 2.
    write(&outer, ".slimfile.toml", "this is not toml\n");
    let dir = outer.join("repo");
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir");
    write(&dir, "Dockerfile", DOCKERFILE);
    let (code, files) = rules_by_file(&dir, &[]);
    assert_eq!(code, Some(0), "the file above the repository is not read");
    assert_eq!(files[0].1, vec![pair("unpinned-base-image", "warning"), pair("package-cache-in-layer", "warning")]);

    // A `.git` file (worktrees, submodules) marks a root too.
    std::fs::remove_dir_all(dir.join(".git")).expect("rm");
    write(&dir, ".git", "gitdir: elsewhere\n");
    assert_eq!(rules_by_file(&dir, &[]).0, Some(0));
    // Without a root, the search goes on up and finds the broken file.
    std::fs::remove_file(dir.join(".git")).expect("rm");
    let out = slimfile(&dir, &["check"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn the_config_flag_replaces_discovery() {
    let dir = repository("config-flag");
    write(&dir, ".slimfile.toml", "ignore = [\"unpinned-base-image\"]\n");
    write(&dir, "ci/strict.toml", "allowed-registries = [\"registry.example.com\"]\n");
    write(&dir, "Dockerfile", DOCKERFILE);
    let (code, files) = rules_by_file(&dir, &["--config", "ci/strict.toml"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        files[0].1,
        vec![
            pair("registry-not-allowed", "error"),
            pair("unpinned-base-image", "warning"),
            pair("package-cache-in-layer", "warning")
        ]
    );
    let out = slimfile(&dir, &["check", "--format", "json", "--config", "ci/strict.toml"], None);
    let message = &json(&out)["files"][0]["findings"][0]["message"];
    assert_eq!(
        message,
        "`ubuntu` is pulled from Docker Hub (`docker.io`), which allowed-registries does not list (registry.example.com)"
    );

    let out = slimfile(&dir, &["check", "--config", "ci/missing.toml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "ci/missing.toml: no such file\n");
    assert!(stdout(&out).is_empty(), "nothing is checked under a configuration that cannot be read");
}

#[test]
fn standard_input_uses_the_working_directory_configuration() {
    let dir = repository("config-stdin");
    write(&dir, ".slimfile.toml", "ignore = [\"unpinned-base-image\", \"package-cache-in-layer\"]\n");
    let out = slimfile(&dir, &["check", "--fail-on", "info", "-"], Some(DOCKERFILE.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("No findings in 1 file."), "{}", stdout(&out));
}

#[test]
fn configuration_errors_are_located_and_exit_2() {
    let dir = repository("config-errors");
    write(&dir, "Dockerfile", DOCKERFILE);
    for (config, expected) in [
        ("ignore = []\nrumtime = \"alpine\"\n", ".slimfile.toml:2:1: unknown field `rumtime`"),
        (
            "ignore = [\"unpinned-base-image\", \"no-such-rule\"]\n",
            ".slimfile.toml:1:34: unknown rule `no-such-rule` in ignore",
        ),
        ("[severity]\nunpinned-base-image = \"fatal\"\n", ".slimfile.toml:2:23: unknown variant `fatal`"),
        ("runtime = \"ubuntu\"\n", ".slimfile.toml:1:11: unknown variant `ubuntu`"),
        (
            "allowed-registries = [\"ghcr.io/team\"]\n",
            ".slimfile.toml:1:23: `ghcr.io/team` in allowed-registries is not",
        ),
        ("ignore = [\n", ".slimfile.toml:1:11: unclosed array"),
    ] {
        write(&dir, ".slimfile.toml", config);
        let out = slimfile(&dir, &["check", "--format", "sarif"], None);
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = stderr(&out);
        assert!(err.starts_with(expected), "{config:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    }
}

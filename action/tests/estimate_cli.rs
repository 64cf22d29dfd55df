//! The size estimate as the real binary reports it: the human size line, the JSON `estimate`
//! fields, build-context sizes read from disk (honouring .dockerignore, skipping .git), and the
//! estimates of every example (printed with `--nocapture`).

mod common;

use std::path::{Path, PathBuf};

use common::{json, scratch, slimfile, stdout};

const MB: u64 = 1_000_000;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// A copy of `examples/go` whose build says `CGO_ENABLED=0`: the rewrite then assumes nothing,
/// its confidence is high, and the estimate's "after" (what `slimfile fix` writes by default) is
/// the split. The example itself leaves cgo unsaid, so by default it is not split.
fn static_go_example(name: &str) -> PathBuf {
    let dir = scratch(name);
    for entry in std::fs::read_dir(examples().join("go")).expect("examples/go") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().expect("a name"))).expect("copy");
        }
    }
    let dockerfile = dir.join("Dockerfile");
    let text = std::fs::read_to_string(&dockerfile).expect("read");
    assert!(text.contains("RUN go build"), "{text}");
    std::fs::write(&dockerfile, text.replace("RUN go build", "RUN CGO_ENABLED=0 go build")).expect("write");
    dir
}

fn bytes(value: &serde_json::Value) -> u64 {
    value.as_u64().unwrap_or_else(|| panic!("not a byte count: {value}"))
}

/// The items of every layer of every stage.
fn items(image: &serde_json::Value) -> Vec<serde_json::Value> {
    let stages = image["stages"].as_array().expect("stages");
    stages
        .iter()
        .flat_map(|s| s["layers"].as_array().expect("layers").iter())
        .flat_map(|l| l["items"].as_array().expect("items").iter().cloned())
        .collect()
}

#[test]
fn human_output_ends_the_file_with_its_size_line() {
    let out = slimfile(&static_go_example("estimate-human-go"), &["check"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let line = text.lines().find(|l| l.starts_with("Dockerfile: ~")).unwrap_or_else(|| panic!("{text}"));
    // `Dockerfile: ~838 MB → ~17 MB on disk (−98%), ~305 MB → ~6.5 MB compressed; low confidence`:
    // the "after" is the multi-stage rewrite, near the article's ~18 MB.
    let number = |s: &str| -> f64 { s.split(' ').next().and_then(|n| n.parse().ok()).expect("a number") };
    let before = number(&line["Dockerfile: ~".len()..]);
    assert!((800.0..=850.0).contains(&before), "{line}");
    let after = number(&line[line.find("→ ~").expect("arrow") + "→ ~".len()..]);
    assert!((15.0..=25.0).contains(&after), "{line}");
    assert!(line.contains(" MB on disk (−9"), "{line}");
    assert!(text.contains("Go binary /app/server from stage builder"), "{text}");
    assert!(text.contains("[multi-stage-build]") && text.ends_with(" in 1 file.\n"), "{text}");
}

#[test]
fn the_size_line_shows_what_the_fixes_save_with_a_real_minus_sign() {
    let dir = scratch("estimate-fixes");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n",
    )
    .expect("write");
    let text = stdout(&slimfile(&dir, &["check"], None));
    let line = text.lines().find(|l| l.starts_with("Dockerfile: ~")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(" on disk (−"), "{line}");
    let report = json(&slimfile(&dir, &["check", "--format", "json"], None));
    let estimate = &report["files"][0]["estimate"];
    assert!(bytes(&estimate["after"]["uncompressed_bytes"]) < bytes(&estimate["before"]["uncompressed_bytes"]));
}

#[test]
fn json_carries_the_estimate_for_examples_go() {
    let dir = static_go_example("estimate-json-go");
    let report = json(&slimfile(&dir, &["check", "--format", "json"], None));
    assert_eq!(report["version"], 1);
    let estimate = &report["files"][0]["estimate"];
    let before = &estimate["before"];
    let disk = bytes(&before["uncompressed_bytes"]);
    assert!((800 * MB..=850 * MB).contains(&disk), "before: {disk}");
    assert!(bytes(&before["compressed_bytes"]) < disk);
    assert_eq!(before["confidence"]["level"], "medium");
    // "after" is the multi-stage rewrite: distroless static plus the assumed 15 MB binary.
    let after = &estimate["after"];
    let slim = bytes(&after["uncompressed_bytes"]);
    assert!((15 * MB..=25 * MB).contains(&slim), "after: {slim}");
    assert_eq!(after["confidence"]["level"], "low");
    assert_eq!(estimate["confidence"], "low");
    let base = &estimate["before"]["stages"][0]["base"];
    assert_eq!(base["kind"], "catalog");
    assert_eq!(base["catalog"]["image"], "golang");
    assert_eq!(base["catalog"]["tag"], "1.22");
    assert_eq!(base["catalog"]["grade"], "exact");
    assert!(base["catalog"]["source"].as_str().is_some_and(|s| s.contains("repos/golang/remote/1.22.md")));
    // `COPY . .` is sized from the files beside the Dockerfile.
    let on_disk: u64 = std::fs::read_dir(&dir)
        .expect("read the copy of examples/go")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .sum();
    let all = items(&estimate["before"]);
    let copy = all.iter().find(|i| i["what"] == "`.` from the build context").expect("the COPY item");
    assert_eq!(copy["evidence"], "measured");
    assert_eq!(bytes(&copy["uncompressed_bytes"]), on_disk);
    let binary = all.iter().find(|i| i["what"] == "Go binary /app/server").expect("the binary item");
    assert_eq!(binary["evidence"], "assumption");
    assert!(all.iter().any(|i| i["evidence"] == "unknown" && i["uncompressed_bytes"].is_null()));
}

#[test]
fn the_context_honours_dockerignore_and_skips_git() {
    let dir = scratch("estimate-context");
    let dockerfile = "FROM scratch\nCOPY . /app\n";
    std::fs::write(dir.join("Dockerfile"), dockerfile).expect("write");
    std::fs::write(dir.join("a.txt"), vec![b'a'; 100]).expect("write");
    std::fs::write(dir.join("big.bin"), vec![0; 5_000]).expect("write");
    std::fs::create_dir_all(dir.join(".git/objects")).expect("mkdir");
    std::fs::write(dir.join(".git/objects/pack"), vec![0; 9_999]).expect("write");
    std::fs::create_dir_all(dir.join("logs")).expect("mkdir");
    std::fs::write(dir.join("logs/x.log"), vec![0; 700]).expect("write");
    std::fs::write(dir.join("logs/keep.log"), vec![0; 30]).expect("write");
    let ignore = "# build outputs\nbig.bin\n*.log\nlogs/x.log\n";
    std::fs::write(dir.join(".dockerignore"), ignore).expect("write");
    let report = json(&slimfile(&dir, &["check", "--format", "json"], None));
    let estimate = &report["files"][0]["estimate"]["before"];
    // Dockerfile, .dockerignore, a.txt, logs/keep.log (`*.log` is anchored at the root).
    let expected = (dockerfile.len() + ignore.len() + 100 + 30) as u64;
    assert_eq!(bytes(&estimate["uncompressed_bytes"]), expected);
    assert_eq!(estimate["confidence"]["level"], "high", "{estimate}");
    // Standard input has no context: the stated assumption applies.
    let report = json(&slimfile(&dir, &["check", "--format", "json", "-"], Some(dockerfile.as_bytes())));
    let item = &items(&report["files"][0]["estimate"]["before"])[0];
    assert_eq!(item["evidence"], "assumption");
    assert!(item["basis"].as_str().is_some_and(|b| b.contains("assumed to be 1 MB")), "{item}");
}

#[test]
fn unreadable_files_have_a_null_estimate() {
    let dir = scratch("estimate-unreadable");
    std::fs::write(dir.join("Dockerfile"), b"FROM a\nRUN \xff\n").expect("write");
    let report = json(&slimfile(&dir, &["check", "--format", "json"], None));
    assert!(report["files"][0]["estimate"].is_null());
    let text = stdout(&slimfile(&dir, &["check"], None));
    assert!(!text.contains("on disk"), "{text}");
}

/// Examples whose base image the catalog has no published figure for, and why.
const BASES_NOT_IN_THE_CATALOG: &[(&str, &str)] =
    &[("php-composer", "the shared size data has php:fpm-alpine only, no php:*-cli figure")];

#[test]
fn every_example_gets_an_estimate() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(examples())
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("Dockerfile").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5);
    for dir in dirs {
        let report = json(&slimfile(&dir, &["check", "--format", "json", "--fail-on", "never"], None));
        let estimate = &report["files"][0]["estimate"];
        let (before, after) = (&estimate["before"], &estimate["after"]);
        let base = &before["stages"][0]["base"];
        println!(
            "{:<16} {:>5} MB -> {:>5} MB on disk, {:>4} MB -> {:>4} MB compressed, {} confidence; base {}:{} ({})",
            dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            bytes(&before["uncompressed_bytes"]) / MB,
            bytes(&after["uncompressed_bytes"]) / MB,
            bytes(&before["compressed_bytes"]) / MB,
            bytes(&after["compressed_bytes"]) / MB,
            estimate["confidence"].as_str().unwrap_or("?"),
            base["catalog"]["image"].as_str().unwrap_or("?"),
            base["catalog"]["tag"].as_str().unwrap_or("?"),
            base["catalog"]["grade"].as_str().unwrap_or("?"),
        );
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if let Some((_, why)) = BASES_NOT_IN_THE_CATALOG.iter().find(|(example, _)| *example == name) {
            // Said as unknown, never sized as 0 B, and no percentage against it.
            assert_eq!(base["kind"], "unknown", "{name} ({why}): {base}");
            assert!(base["basis"].as_str().is_some_and(|b| b.contains("size is unknown")), "{base}");
            continue;
        }
        assert_eq!(base["kind"], "catalog", "{}: {base}", dir.display());
        assert!(bytes(&before["uncompressed_bytes"]) > 100 * MB);
        assert!(bytes(&after["uncompressed_bytes"]) <= bytes(&before["uncompressed_bytes"]));
    }
}

#[test]
fn an_unknown_base_is_shown_as_unknown_without_a_percentage_and_stand_ins_are_named() {
    let dir = scratch("estimate-unknown-base");
    std::fs::write(dir.join("app.js"), "console.log(1)\n").expect("write");
    std::fs::write(dir.join("Dockerfile"), "FROM registry.example.com/team/node-base:1\nCOPY app.js /app/\n")
        .expect("write");
    let text = stdout(&slimfile(&dir, &["check"], None));
    let line = text.lines().find(|l| l.starts_with("Dockerfile: ")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("Dockerfile: unknown → unknown on disk, unknown → unknown compressed;"), "{line}");
    assert!(!line.contains('%'), "no percentage against an unknown: {line}");
    let report = json(&slimfile(&dir, &["check", "--format", "json"], None));
    assert_eq!(report["files"][0]["estimate"]["before"]["extent"], "unknown");

    std::fs::write(dir.join("Dockerfile"), "FROM node:8-alpine\nCOPY app.js /app/\n").expect("write");
    let text = stdout(&slimfile(&dir, &["check"], None));
    let line = text.lines().find(|l| l.starts_with("Dockerfile: ")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("; node:8-alpine sized as node:"), "the headline names the stand-in: {line}");
    let report = json(&slimfile(&dir, &["check", "--format", "json"], None));
    let substitutions = report["files"][0]["estimate"]["before"]["substitutions"].as_array().expect("a list").clone();
    assert_eq!(substitutions.len(), 1, "{substitutions:?}");
}

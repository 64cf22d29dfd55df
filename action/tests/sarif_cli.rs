//! `slimfile check --format sarif`, run as the real binary: schema validity, regions in UTF-16
//! columns, line-independent fingerprints, rule help from the docs pages, unreadable files and
//! exit codes.

mod common;

use std::path::Path;

use common::{json, repository, slimfile, stderr, stdout, write};
use serde_json::Value;

/// Two findings with fixes on line 2 (after non-ASCII text), one on line 1, and `bytes`.
const BLOATED: &str = "FROM ubuntu\nRUN echo \"é😀\" && apt-get update && apt-get install -y curl\n";

fn sarif(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = slimfile(dir, &all, None);
    (out.status.code(), json(&out))
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn region(result: &Value) -> [u64; 4] {
    let r = &result["locations"][0]["physicalLocation"]["region"];
    ["startLine", "startColumn", "endLine", "endColumn"].map(|k| r[k].as_u64().expect(k))
}

/// A defect of the published schema: the `language` pattern of `run` and `toolComponent` has a
/// stray `]`, so it is not a valid regular expression and the draft-07 meta-schema check refuses
/// the whole schema. slimfile never writes `language`, so the keyword is dropped in memory; the
/// vendored file stays as published.
const BROKEN_LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn drop_broken_patterns(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let dropped = usize::from(map.get("pattern").is_some_and(|p| p == BROKEN_LANGUAGE_PATTERN));
            if dropped == 1 {
                map.remove("pattern");
            }
            dropped + map.values_mut().map(drop_broken_patterns).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(drop_broken_patterns).sum(),
        _ => 0,
    }
}

fn schema_errors(log: &Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read schema")).expect("schema is JSON");
    assert_eq!(drop_broken_patterns(&mut schema), 2, "the schema changed: revisit BROKEN_LANGUAGE_PATTERN");
    // Formats are checked: `uri-reference` matters for artifact URIs.
    let validator =
        jsonschema::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles");
    validator.iter_errors(log).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn output_is_valid_sarif_2_1_0() {
    let dir = repository("sarif-valid");
    write(&dir, "Dockerfile", BLOATED);
    write(&dir, "my app/Dockerfile", "FROM alpine:3.19\nRUN apk add curl\nFNTRYPOINT x\n");
    let out = slimfile(&dir, &["check", "--format", "sarif", "Dockerfile", "my app/Dockerfile", "missing"], None);
    let log = json(&out);
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
    let uris: Vec<&str> = results(&log)
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains(&"Dockerfile") && uris.contains(&"my%20app/Dockerfile"), "{uris:?}");

    // The schema must be able to fail: a region starting at column 0 is rejected.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0.into();
    assert!(!schema_errors(&broken).is_empty());
    // And formats are checked: an unencoded space is not a URI reference.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "my app/x".into();
    assert!(!schema_errors(&broken).is_empty());
}

#[test]
fn related_places_are_valid_related_locations() {
    let dir = repository("sarif-related");
    write(
        &dir,
        "Dockerfile",
        "FROM debian:12-slim\nRUN curl -o /tmp/go.tgz https://example.com/go.tgz\nRUN rm /tmp/go.tgz\n",
    );
    let log = json(&slimfile(&dir, &["check", "--format", "sarif", "Dockerfile"], None));
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let deleted = results(&log).iter().find(|r| r["ruleId"] == "deleted-in-later-layer").expect("the finding");
    let related = &deleted["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "writes /tmp/go.tgz");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 2);
    assert_eq!(deleted["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
}

#[test]
fn unreadable_files_are_notifications_and_exit_2() {
    let dir = repository("sarif-unreadable");
    write(&dir, "Dockerfile", "FROM alpine:3.19\n");
    let out = slimfile(&dir, &["check", "--format", "sarif", "Dockerfile", "missing"], None);
    assert_eq!(out.status.code(), Some(2));
    let log = json(&out);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["message"]["text"], "missing: could not be read: no such file");
    assert_eq!(notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "missing");
    assert!(stderr(&out).contains("missing: no such file"), "{}", stderr(&out));

    let (code, log) = sarif(&dir, &["Dockerfile"]);
    assert_eq!(code, Some(0));
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
    assert!(log["runs"][0]["invocations"][0].get("toolExecutionNotifications").is_none());
}

#[test]
fn regions_match_the_findings_and_count_utf16_code_units() {
    let dir = repository("sarif-regions");
    write(&dir, "Dockerfile", BLOATED);
    let (_, log) = sarif(&dir, &[]);
    let report = json(&slimfile(&dir, &["check", "--format", "json"], None));
    let findings = report["files"][0]["findings"].as_array().expect("findings");
    assert_eq!(results(&log).len(), findings.len());
    for (result, finding) in results(&log).iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"]);
        let range = &finding["range"];
        let chars =
            [&range["start"]["line"], &range["start"]["column"], &range["end"]["line"], &range["end"]["column"]]
                .map(|v| v.as_u64().expect("number"));
        let units = region(result);
        if chars[0] == 1 {
            // Line 1 is ASCII: characters and UTF-16 code units agree.
            assert_eq!(units, chars);
        } else {
            // Line 2 has `😀` (one character, two UTF-16 code units) before the finding.
            assert_eq!(units, [chars[0], chars[1] + 1, chars[2], chars[3] + 1]);
        }
    }
    let install = results(&log).iter().find(|r| r["ruleId"] == "apt-install-recommends").expect("apt finding");
    // `RUN echo "é😀" && apt-get update && ` is 36 UTF-16 code units: `apt-get install` starts at 37.
    assert_eq!(region(install), [2, 37, 2, 60]);
    assert!(install["properties"]["bytes"].as_u64().is_some_and(|b| b > 0), "{install}");
    let replacement = &install["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startColumn"], 52);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 52);
    assert_eq!(replacement["insertedContent"]["text"], " --no-install-recommends");
    assert_eq!(install["fixes"][0]["properties"]["applicability"], "unsafe");
}

#[test]
fn a_byte_order_mark_is_not_a_column() {
    let dir = repository("sarif-bom");
    write(&dir, "Dockerfile", "\u{feff}FROM ubuntu\n");
    let (_, log) = sarif(&dir, &[]);
    assert_eq!(region(&results(&log)[0]), [1, 6, 1, 12]);
}

#[test]
fn fingerprints_survive_a_blank_line_inserted_above() {
    let dir = repository("sarif-fingerprints");
    write(&dir, "Dockerfile", BLOATED);
    let (_, before) = sarif(&dir, &[]);
    write(&dir, "Dockerfile", &format!("\n# moved down\n{BLOATED}"));
    let (_, after) = sarif(&dir, &[]);
    let prints = |log: &Value| -> Vec<(String, String, u64)> {
        results(log)
            .iter()
            .map(|r| {
                let print = r["partialFingerprints"]["slimfile/v1"].as_str().expect("fingerprint").to_owned();
                (r["ruleId"].as_str().unwrap_or_default().to_owned(), print, region(r)[0])
            })
            .collect()
    };
    let (before, after) = (prints(&before), prints(&after));
    assert_eq!(before.len(), 3);
    for ((rule_a, print_a, line_a), (rule_b, print_b, line_b)) in before.iter().zip(&after) {
        assert_eq!((rule_a, print_a), (rule_b, print_b));
        assert_eq!(line_a + 2, *line_b, "the regions moved, the fingerprints did not");
    }
    let mut distinct: Vec<&String> = before.iter().map(|(_, p, _)| p).collect();
    distinct.dedup();
    assert_eq!(distinct.len(), 3);

    write(&dir, "Dockerfile", &BLOATED.replace("curl", "wget"));
    let (_, changed) = sarif(&dir, &[]);
    assert_ne!(prints(&changed)[1].1, before[1].1, "a changed instruction is a new finding");
}

#[test]
fn every_rule_carries_its_docs_page_as_help() {
    let dir = repository("sarif-rules");
    write(&dir, "Dockerfile", BLOATED);
    let (_, log) = sarif(&dir, &[]);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "slimfile");
    let rules = driver["rules"].as_array().expect("rules");
    let listed = stdout(&slimfile(&dir, &["explain"], None));
    assert_eq!(rules.len(), listed.lines().count(), "{listed}");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        let docs = stdout(&slimfile(&dir, &["explain", id], None));
        assert!(docs.starts_with(&format!("# {id}\n")), "{id}: {docs}");
        assert_eq!(rule["help"]["markdown"], docs.as_str(), "{id}");
        assert_eq!(rule["help"]["text"], docs.as_str(), "{id}");
        let uri = rule["helpUri"].as_str().expect("helpUri");
        assert!(uri.starts_with("https://github.com/") && uri.ends_with(&format!("/docs/rules/{id}.md")), "{uri}");
        assert!(repo.join(format!("docs/rules/{id}.md")).is_file(), "{id}: no docs page");
        let short = rule["shortDescription"]["text"].as_str().expect("short");
        let full = rule["fullDescription"]["text"].as_str().expect("full");
        assert!(!short.is_empty() && !full.is_empty() && full.len() <= 1024 * 4, "{id}");
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap_or("")));
    }
    let recommends = rules.iter().find(|r| r["id"] == "apt-install-recommends").expect("rule");
    assert_eq!(recommends["name"], "AptInstallRecommends");
    assert_eq!(recommends["properties"]["hadolint"][0], "DL3015");
    for result in results(&log) {
        let index = usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("index");
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = repository("sarif-exit");
    write(&dir, "Dockerfile", "FROM ubuntu:24.04\nFNTRYPOINT x\n");
    let (code, log) = sarif(&dir, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(results(&log)[0]["level"], "error");
    assert_eq!(sarif(&dir, &["--fail-on", "never"]).0, Some(0));
    write(&dir, "Dockerfile", "FROM ubuntu\n");
    let (code, log) = sarif(&dir, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(results(&log)[0]["level"], "warning");
    assert_eq!(sarif(&dir, &["--fail-on", "warning"]).0, Some(1));
    write(&dir, "Dockerfile", "FROM ubuntu:24.04\n");
    let (code, log) = sarif(&dir, &["--fail-on", "info"]);
    assert_eq!(code, Some(0));
    assert!(results(&log).is_empty());
}

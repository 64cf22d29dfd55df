//! Files generated from the code, and hand-kept text that repeats what the code declares, must not
//! drift: the rule index in `docs/rules/README.md` is rendered from the registry (refresh it with
//! `SLIMFILE_BLESS=1`), every rule has exactly one page, whose header line is rendered from its
//! metadata, and the size catalog is what `scripts/gen-catalog` makes of `core/data/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use slimfile_core::builtin_rules;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The index page, as the registry describes the rules.
fn rule_index() -> String {
    let mut out = String::from(
        "# Rules\n\n\
         Generated from the rule registry (`core/src/rules/mod.rs` and `core/src/builtin_rules.rs`) by\n\
         `tests/generated_docs.rs`; refresh it with `SLIMFILE_BLESS=1 cargo test -p slimfile-tests --test\n\
         generated_docs`. Each page is also what `slimfile explain RULE` prints.\n\n\
         | rule | default severity | best fix | what it flags |\n|---|---|---|---|\n",
    );
    for meta in builtin_rules::every_rule() {
        let fix = meta.fix.map_or("none", slimfile_core::fix::Applicability::as_str);
        out.push_str(&format!(
            "| [`{id}`]({id}.md) | {severity} | {fix} | {summary} |\n",
            id = meta.id,
            severity = meta.severity.as_str(),
            summary = meta.summary
        ));
    }
    out
}

#[test]
fn the_rule_index_is_rendered_from_the_registry() {
    let path = repo().join("docs/rules/README.md");
    let expected = rule_index();
    if std::env::var_os("SLIMFILE_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write the index");
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == expected,
        "docs/rules/README.md is not the registry's index: run SLIMFILE_BLESS=1 cargo test -p slimfile-tests \
         --test generated_docs\n--- expected ---\n{expected}"
    );
}

#[test]
fn every_rule_has_one_page_and_every_page_a_rule() {
    let mut pages: Vec<String> = std::fs::read_dir(repo().join("docs/rules"))
        .expect("docs/rules")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "README.md")
        .map(|name| name.trim_end_matches(".md").to_owned())
        .collect();
    pages.sort();
    let mut ids: Vec<String> = builtin_rules::every_rule().iter().map(|meta| meta.id.to_owned()).collect();
    ids.sort();
    assert_eq!(pages, ids, "docs/rules/*.md and the registry name different rules");
}

#[test]
fn the_header_line_is_rendered_from_the_metadata_not_written_in_the_page() {
    for meta in builtin_rules::every_rule() {
        assert!(!meta.docs.contains("**Default severity:**"), "docs/rules/{}.md writes its own header line", meta.id);
        let page = meta.page();
        let header = page.lines().nth(2).unwrap_or_default();
        let fix = meta.fix.map_or("none", slimfile_core::fix::Applicability::as_str);
        assert!(
            header.starts_with(&format!(
                "**Default severity:** {} · **Fix:** {fix} · **hadolint:** ",
                meta.severity.as_str()
            )),
            "{}: {header}",
            meta.id
        );
        for code in meta.hadolint {
            assert!(header.contains(code), "{}: {header}", meta.id);
        }
    }
}

#[test]
fn the_size_catalog_is_generated_from_its_data() {
    let output = Command::new("python3")
        .arg(repo().join("scripts/gen-catalog"))
        .arg("--check")
        .output()
        .expect("python3 runs scripts/gen-catalog");
    assert!(
        output.status.success(),
        "scripts/gen-catalog --check: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

//! Per-rule fixtures: `tests/rules/<rule>/fires/*.Dockerfile` must produce exactly the findings in
//! the `.findings` snapshot beside them, and their applicable (not display-only) fixes must
//! converge to the `.fixed.Dockerfile` snapshot, which must still parse and no longer trigger
//! them; `quiet/*.Dockerfile` must produce no finding of the rule. Every rule has both kinds of
//! fixture and a docs page. A fixture runs under the `.slimfile.toml` configuration beside it,
//! named `<name>.slimfile.toml`, when there is one (for rules that take policy from
//! configuration).
//!
//! Set `SLIMFILE_BLESS=1` to write missing or changed snapshots.

use std::path::{Path, PathBuf};

use slimfile_core::Config;
use slimfile_core::fix::{Applicability, apply_to_fixpoint};
use slimfile_core::rules::{self, Facts};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

fn dockerfiles(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    out.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.ends_with(".Dockerfile") && !name.ends_with(".fixed.Dockerfile")
    });
    out.sort();
    out
}

/// Facts a fixture declares about its build context, since a fixture has no directory of its own:
/// a line `# fixture: dockerignore=absent` (or `=present`) means the caller looked and found none
/// (or one); without it the facts are unknown.
fn facts_of(text: &str) -> Facts {
    let dockerignore = text.lines().find_map(|line| line.strip_prefix("# fixture: dockerignore="));
    Facts { has_dockerignore: dockerignore.map(|value| value.trim() == "present"), ..Facts::default() }
}

fn findings_of(rule: &str, text: &str, config: &Config) -> Vec<slimfile_core::Finding> {
    slimfile_core::check(
        text.as_bytes(),
        &slimfile_core::CheckOptions {
            facts: facts_of(text),
            config: config.clone(),
            ..slimfile_core::CheckOptions::default()
        },
    )
    .findings
    .into_iter()
    .filter(|f| f.rule == rule)
    .collect()
}

/// The configuration beside a fixture (`<name>.slimfile.toml`), or none.
fn config_of(fixture: &Path) -> Config {
    let name = fixture.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
    let path = fixture.with_file_name(format!("{name}.slimfile.toml"));
    match std::fs::read_to_string(&path) {
        Ok(text) => slimfile_core::config::parse(&text).unwrap_or_else(|e| panic!("{}:{e}", path.display())),
        Err(_) => Config::default(),
    }
}

fn snapshot(path: &Path, actual: &str, failures: &mut Vec<String>) {
    let bless = std::env::var_os("SLIMFILE_BLESS").is_some();
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => {}
        _ if bless => std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        Ok(expected) => failures
            .push(format!("{}: snapshot differs\n--- expected\n{expected}\n--- actual\n{actual}", path.display())),
        Err(_) => failures.push(format!("{}: snapshot missing (run with SLIMFILE_BLESS=1)\n{actual}", path.display())),
    }
}

fn render(findings: &[slimfile_core::Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let fix =
                f.fix.as_ref().map_or(String::new(), |x| format!(" [fix: {} ({})]", x.title, x.applicability.as_str()));
            format!(
                "{}:{}-{}:{} {} {}{fix}\n",
                f.range.start.line,
                f.range.start.column,
                f.range.end.line,
                f.range.end.column,
                f.severity.as_str(),
                f.message
            )
        })
        .collect()
}

#[test]
fn every_rule_fires_where_it_should_and_fixes_converge() {
    let mut failures = Vec::new();
    for rule in rules::all() {
        let id = rule.meta().id;
        for path in dockerfiles(&rules_dir().join(id).join("fires")) {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let config = config_of(&path);
            let findings = findings_of(id, &text, &config);
            if findings.is_empty() {
                failures.push(format!("{}: {id} did not fire", path.display()));
                continue;
            }
            snapshot(&path.with_extension("findings"), &render(&findings), &mut failures);
            // Display-only fixes are shown, never applied: nothing to converge.
            let applicable = |f: &slimfile_core::Finding| {
                f.fix.as_ref().is_some_and(|x| x.applicability != Applicability::DisplayOnly)
            };
            if !findings.iter().any(applicable) {
                continue;
            }
            let fixes_for = |t: &str| {
                findings_of(id, t, &config)
                    .into_iter()
                    .filter_map(|f| f.fix)
                    .filter(|f| f.applicability != Applicability::DisplayOnly)
                    .collect()
            };
            match apply_to_fixpoint(&text, &fixes_for) {
                Ok((fixed, _)) => {
                    if let Err(e) = slimfile_core::parse(&fixed) {
                        failures.push(format!("{}: fixed text no longer parses: {e}", path.display()));
                    }
                    let left: Vec<_> = findings_of(id, &fixed, &config).into_iter().filter(applicable).collect();
                    if !left.is_empty() {
                        failures.push(format!(
                            "{}: fixable findings remain after fixing:\n{}",
                            path.display(),
                            render(&left)
                        ));
                    }
                    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("x").to_owned();
                    snapshot(&path.with_file_name(format!("{name}.fixed.Dockerfile")), &fixed, &mut failures);
                }
                Err(e) => failures.push(format!("{}: fixes do not converge: {e:?}", path.display())),
            }
        }
        for path in dockerfiles(&rules_dir().join(id).join("quiet")) {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let findings = findings_of(id, &text, &config_of(&path));
            if !findings.is_empty() {
                failures.push(format!("{}: {id} fired where it must not:\n{}", path.display(), render(&findings)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rule_has_fixtures_and_a_docs_page() {
    for rule in rules::all() {
        let meta = rule.meta();
        assert!(
            !dockerfiles(&rules_dir().join(meta.id).join("fires")).is_empty(),
            "{} has no `fires` fixture",
            meta.id
        );
        assert!(
            !dockerfiles(&rules_dir().join(meta.id).join("quiet")).is_empty(),
            "{} has no `quiet` fixture",
            meta.id
        );
        assert!(
            meta.docs.starts_with(&format!("# {}\n\n## ", meta.id)),
            "{}: docs page must start with its id, then its sections (the header line is rendered)",
            meta.id
        );
        for heading in
            ["## What it does", "## Why is this bad", "## Example", "## Use instead", "## Fix safety", "## References"]
        {
            assert!(meta.docs.contains(heading), "{}: docs page lacks `{heading}`", meta.id);
        }
        for code in meta.hadolint {
            assert!(meta.page().contains(code), "{}: docs page does not name {code}", meta.id);
        }
        let id_ok = meta.id.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !meta.id.starts_with('-');
        assert!(id_ok, "{}: ids are kebab-case", meta.id);
    }
}

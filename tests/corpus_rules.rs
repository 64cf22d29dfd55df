//! Every rule over every corpus file: no panic, fixes converge and the fixed text still parses.
//! Prints the finding count per rule (the figure for the issue notes).

use std::collections::BTreeMap;

use slimfile_core::fix::{Applicability, apply_to_fixpoint};
use slimfile_core::rules::Facts;
use slimfile_tests::{corpus_files, shared_tier};

#[test]
fn rules_run_on_the_whole_corpus_and_fixes_converge() {
    if shared_tier("corpus_rules::rules_run_on_the_whole_corpus_and_fixes_converge").is_none() {
        return;
    }
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut files_with_findings = 0;
    let mut fixed_files = 0;
    let mut failures = Vec::new();
    let files = corpus_files();
    let options = slimfile_core::CheckOptions {
        facts: Facts { has_dockerignore: Some(false), ..Facts::default() },
        ..slimfile_core::CheckOptions::default()
    };
    for (path, bytes) in &files {
        // The corpus holds Dockerfiles alone, without their .dockerignore files: say so, so that
        // the rules that depend on it run too.
        let result = slimfile_core::check(bytes, &options);
        if !result.findings.is_empty() {
            files_with_findings += 1;
        }
        for finding in &result.findings {
            *counts.entry(finding.rule).or_default() += 1;
        }
        let Some(doc) = &result.dockerfile else { continue };
        let fixes_for = |text: &str| {
            slimfile_core::check(text.as_bytes(), &options)
                .findings
                .into_iter()
                .filter_map(|f| f.fix)
                .filter(|f| f.applicability != Applicability::DisplayOnly)
                .collect()
        };
        match apply_to_fixpoint(doc.text(), &fixes_for) {
            Ok((fixed, applied)) => {
                if applied > 0 {
                    fixed_files += 1;
                    if let Err(e) = slimfile_core::parse(&fixed) {
                        failures.push(format!("{path}: fixed text no longer parses: {e}"));
                    }
                }
            }
            Err(e) => failures.push(format!("{path}: fixes do not converge: {e:?}")),
        }
    }
    println!(
        "rules over {} corpus files: {files_with_findings} with findings, {fixed_files} changed by fixes",
        files.len()
    );
    for (rule, count) in &counts {
        println!("  {rule:<34} {count}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

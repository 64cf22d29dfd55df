//! The default `slimfile fix` over the real-world set: for every case, the default level applies
//! the multi-stage rewrite only when its confidence is high and no `unsafe` rule fix at all.
//!
//! The proposal is checked against an oracle built from the public pieces (the rewrite, the
//! findings, the fix loop) with the level's rule written out here: the rewrite if high, then
//! `safe` fixes to rest. Prints how many cases the default rewrites, how many rewrites it offers
//! without applying, and how many unsafe fixes it holds back (run with `--nocapture`).

use std::path::Path;

use slimfile_core::fix::{Applicability, Fix, apply_once, apply_to_fixpoint};
use slimfile_core::rewrite::{Confidence, RewriteOutcome};
use slimfile_core::rules::Facts;
use slimfile_core::{CheckOptions, FixLevel, ProposalOptions, check, propose};
use slimfile_tests::{project_files_in, shared_tier};

fn facts_for(case: &Path) -> Facts {
    Facts {
        has_dockerignore: Some(case.join(".dockerignore").is_file()),
        project: project_files_in(case),
        context_files: Some(slimfile_tests::realworld_context(case)),
    }
}

/// What the default level must write: the rewrite when high, then only `safe` fixes.
fn oracle(text: &str, facts: &Facts) -> String {
    let start = match propose(
        text,
        &ProposalOptions { level: FixLevel::Unsafe, facts: facts.clone(), ..ProposalOptions::default() },
    )
    .rewrite
    {
        RewriteOutcome::Rewritten(rewrite) if rewrite.confidence == Confidence::High => {
            apply_once(text, &[&rewrite.fix]).0
        }
        _ => text.to_owned(),
    };
    let safe = |current: &str| -> Vec<Fix> {
        check(current.as_bytes(), &CheckOptions { facts: facts.clone(), ..CheckOptions::default() })
            .findings
            .into_iter()
            .filter(|f| f.rule != slimfile_core::proposal::REWRITE_RULE)
            .filter_map(|f| f.fix)
            .filter(|f| f.applicability == Applicability::Safe)
            .collect()
    };
    apply_to_fixpoint(&start, &safe).map_or_else(|_| text.to_owned(), |(fixed, _)| fixed)
}

#[test]
fn the_default_fix_applies_no_unsafe_fix_and_only_a_high_rewrite() {
    let Some(shared) =
        shared_tier("realworld_default_fix::the_default_fix_applies_no_unsafe_fix_and_only_a_high_rewrite")
    else {
        return;
    };
    let mut cases: Vec<_> = std::fs::read_dir(shared.join("realworld"))
        .expect("realworld/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Dockerfile").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let (mut by_default, mut by_old_default, mut offered, mut withheld, mut unsafe_applied_before) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(case.join("Dockerfile")).expect("read");
        let facts = facts_for(case);
        let at = |level| propose(&text, &ProposalOptions { level, facts: facts.clone(), ..ProposalOptions::default() });
        let default = at(FixLevel::Default);
        let every = at(FixLevel::Unsafe);
        if let Some(error) = &default.error {
            failures.push(format!("{name}: {error}"));
            continue;
        }
        let high = matches!(&default.rewrite, RewriteOutcome::Rewritten(r) if r.confidence == Confidence::High);
        if default.rewrite_applied != high {
            failures.push(format!("{name}: rewrite applied {} with {:?}", default.rewrite_applied, default.rewrite));
        }
        if default.text != oracle(&text, &facts) {
            failures.push(format!("{name}: the default proposal is not the high rewrite plus safe fixes"));
        }
        by_default += usize::from(default.rewrite_applied);
        by_old_default += usize::from(every.rewrite_applied);
        offered += usize::from(default.withheld_rewrite().is_some());
        withheld += default.fixes_withheld;
        unsafe_applied_before += every.fixes_applied.saturating_sub(default.fixes_applied);
        println!(
            "{name}: default {}{} fix(es), {} unsafe withheld; --unsafe-fixes {}{} fix(es)",
            if default.rewrite_applied { "rewrite + " } else { "" },
            default.fixes_applied,
            default.fixes_withheld,
            if every.rewrite_applied { "rewrite + " } else { "" },
            every.fixes_applied,
        );
    }
    println!(
        "{} cases: rewritten by default {by_default} (by `--unsafe-fixes`, the old default, {by_old_default}); \
         rewrites offered but not applied {offered}; unsafe rule fixes withheld on the default's output {withheld}; \
         rule fixes `--unsafe-fixes` applies beyond the default {unsafe_applied_before}",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

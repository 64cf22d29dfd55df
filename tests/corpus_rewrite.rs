//! The rewrite over the shared corpus: no panic; every output parses in BuildKit, passes the
//! sanity checks and is idempotent; and a report of how many files were rewritten, left
//! unchanged or declined (by reason), by ecosystem.

use std::collections::BTreeMap;

use slimfile_core::propose;
use slimfile_core::rewrite::RewriteOutcome;
use slimfile_tests::rewrite_validity::{buildkit_rejects, fix_options, problems};
use slimfile_tests::{corpus_files, shared_dir, shared_tier};

#[test]
fn corpus_rewrites_are_valid() {
    if shared_tier("corpus_rewrite::corpus_rewrites_are_valid").is_none() {
        return;
    }
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut outputs = Vec::new();
    let files = corpus_files();
    for (path, bytes) in &files {
        let Ok(text) = slimfile_core::input::decode(bytes) else { continue };
        if slimfile_core::parse(text).is_err() {
            continue;
        }
        let proposal = propose(text, &fix_options());
        let key = match &proposal.rewrite {
            RewriteOutcome::Rewritten(r) => format!("rewritten {}", r.ecosystem.name()),
            RewriteOutcome::Declined { ecosystem, reason, .. } => {
                let general: String = reason.split(':').next().unwrap_or(reason).chars().take(90).collect();
                *reasons.entry(general).or_default() += 1;
                format!("declined {}", ecosystem.map_or("(unknown)", |e| e.name()))
            }
            RewriteOutcome::Unchanged => "unchanged".to_owned(),
        };
        *outcomes.entry(key).or_default() += 1;
        if let Some(error) = &proposal.error {
            failures.push(format!("{path}: {error}"));
        }
        if matches!(proposal.rewrite, RewriteOutcome::Rewritten(_)) {
            failures.extend(problems(text, &proposal.text).into_iter().map(|p| format!("{path}: {p}")));
            outputs.push((path.clone(), proposal.text));
        }
    }
    println!("rewrite over {} corpus files:", files.len());
    for (outcome, count) in &outcomes {
        println!("  {outcome:<28} {count}");
    }
    println!("declined, by reason:");
    let mut by_count: Vec<_> = reasons.into_iter().collect();
    by_count.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    for (reason, count) in by_count {
        println!("  {count:>4}  {reason}");
    }
    failures.extend(buildkit_rejects(&shared_dir(), &outputs));
    failures.truncate(20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

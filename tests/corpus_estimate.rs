//! The size model over every corpus file: no panic, an estimate for every file that can be
//! modelled, "after" never larger than "before" beyond the manifests a reordering copies twice, and the
//! share of final bases the catalog knows (printed for the issue notes).

use std::collections::BTreeMap;

use slimfile_core::estimate::{BaseKind, ConfidenceLevel, MANIFEST_FILES};
use slimfile_tests::{corpus_files, shared_tier};

#[test]
fn every_modelled_corpus_file_gets_an_estimate() {
    if shared_tier("corpus_estimate::every_modelled_corpus_file_gets_an_estimate").is_none() {
        return;
    }
    let mut levels: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut modelled, mut known_base, mut smaller_after) = (0, 0, 0);
    // Percent saved on disk, for files whose proposal changes the estimate, and for the ones
    // the multi-stage rewrite splits.
    let (mut savings, mut rewritten_savings): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    let mut failures = Vec::new();
    for (path, bytes) in &corpus_files() {
        let result = slimfile_core::check(bytes, &slimfile_core::CheckOptions::default());
        if result.dockerfile.is_none() {
            continue;
        }
        modelled += 1;
        let Some(estimate) = &result.estimate else {
            failures.push(format!("{path}: modelled but no estimate"));
            continue;
        };
        *levels.entry(estimate.confidence().as_str()).or_default() += 1;
        let before = &estimate.before;
        if let Some(last) = before.final_stage.and_then(|i| before.stages.get(i)) {
            let root = before.stages.iter().rev().find(|s| s.ships && !matches!(s.base.kind, BaseKind::Stage { .. }));
            if root.is_some_and(|s| matches!(s.base.kind, BaseKind::Catalog { .. } | BaseKind::Scratch)) {
                known_base += 1;
            }
            if before.size != last.size {
                failures.push(format!("{path}: the image is not its final stage"));
            }
        }
        // Fixes remove files (recommends, caches, toolchains); the one thing they add is a copy of
        // the dependency manifests ahead of the install, so the cache survives source edits.
        let (b, a) = (before.size.uncompressed_bytes, estimate.after.size.uncompressed_bytes);
        let copies = |image: &slimfile_core::estimate::ImageEstimate| {
            image.stages.iter().filter(|s| s.ships).flat_map(|s| &s.layers).filter(|l| l.keyword == "COPY").count()
        };
        let added_copies = copies(&estimate.after).saturating_sub(copies(before)) as u64;
        if a > b + added_copies * MANIFEST_FILES.bytes {
            failures.push(format!("{path}: after ({a}) larger than before ({b})"));
        } else if a < b {
            smaller_after += 1;
            let percent = 100.0 * (b - a) as f64 / b as f64;
            savings.push(percent);
            let rewritten = result
                .proposal
                .as_ref()
                .is_some_and(|p| matches!(p.rewrite, slimfile_core::rewrite::RewriteOutcome::Rewritten(_)));
            if rewritten {
                rewritten_savings.push(percent);
            }
        }
        if estimate.before.confidence.level == ConfidenceLevel::High
            && estimate.before.confidence.reasons.iter().any(|r| r.contains("not in the catalog"))
        {
            failures.push(format!("{path}: high confidence with an unknown base"));
        }
    }
    println!(
        "estimates over {modelled} modelled corpus files: final base known for {known_base}, smaller after fixes for {smaller_after}"
    );
    for (what, list) in [("all changed files", &mut savings), ("rewritten as multi-stage", &mut rewritten_savings)] {
        list.sort_by(f64::total_cmp);
        if let Some(median) = list.get(list.len() / 2) {
            println!("  median estimated saving on disk, {what}: {median:.0}% over {} files", list.len());
        }
    }
    for (level, count) in &levels {
        println!("  confidence {level:<8} {count}");
    }
    assert!(modelled > 1000, "{modelled}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The size model over every corpus file: no panic, an estimate for every file that can be
//! modelled, "after" never larger than "before" beyond the manifests a reordering copies twice, and the
//! share of final bases the catalog knows (printed for the issue notes).

use std::collections::BTreeMap;

use slimfile_core::estimate::{BaseKind, ConfidenceLevel, MANIFEST_FILES};
use slimfile_tests::corpus_files;

#[test]
fn every_modelled_corpus_file_gets_an_estimate() {
    let mut levels: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut modelled, mut known_base, mut smaller_after) = (0, 0, 0);
    let mut failures = Vec::new();
    for (path, bytes) in &corpus_files() {
        let result = slimfile_core::check(bytes);
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
    for (level, count) in &levels {
        println!("  confidence {level:<8} {count}");
    }
    assert!(modelled > 1000, "{modelled}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

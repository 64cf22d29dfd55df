//! The size model against the project's sanity anchor: a single-stage `golang:1.22` service is
//! about 800-850 MB on disk, and the two-stage version (`golang:1.22-alpine` builder,
//! `alpine:3.19` runtime, a 15 MB binary) about 18-25 MB.

use std::path::Path;

use slimfile_core::estimate::{BaseKind, ConfidenceLevel, Evidence, FileEstimate};

const MB: u64 = 1_000_000;

fn estimate(fixture: &str) -> FileEstimate {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/estimate").join(fixture).join("Dockerfile");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // "After" is the proposal at the unsafe level: the anchor is about what the split saves,
    // and this fixture's split assumes cgo is off (medium), which the default does not apply.
    let options = slimfile_core::CheckOptions {
        level: slimfile_core::FixLevel::Unsafe,
        ..slimfile_core::CheckOptions::default()
    };
    slimfile_core::check(&bytes, &options).estimate.expect("the fixture parses")
}

#[test]
fn single_stage_golang_service_is_800_to_850_mb_on_disk() {
    let estimate = estimate("go-single-stage");
    let disk = estimate.before.size.uncompressed_bytes;
    println!(
        "single-stage golang:1.22: {} MB on disk, {} MB download",
        disk / MB,
        estimate.before.size.compressed_bytes / MB
    );
    assert!((800 * MB..=850 * MB).contains(&disk), "{disk}");
    // The download size is smaller than what it unpacks to.
    assert!(estimate.before.size.compressed_bytes < disk / 2);
    let stage = &estimate.before.stages[0];
    match &stage.base.kind {
        BaseKind::Catalog { entry, mapping, .. } => {
            assert_eq!((entry.image, entry.tag_name()), ("golang", "1.22"));
            assert_eq!(*mapping, None);
        }
        other => panic!("golang:1.22 is in the catalog, got {other:?}"),
    }
    // The binary is an assumption, the module and build caches are unknown, nothing is invented.
    let evidences: Vec<Evidence> = stage.layers.iter().flat_map(|l| &l.contributions).map(|c| c.evidence).collect();
    assert!(evidences.contains(&Evidence::Assumption) && evidences.contains(&Evidence::Unknown), "{evidences:?}");
    assert_eq!(estimate.before.confidence.level, ConfidenceLevel::Medium, "{:?}", estimate.before.confidence);
    // "After" is the multi-stage rewrite: distroless static plus the binary, the article's
    // two-stage figure.
    let after = estimate.after.size.uncompressed_bytes;
    println!("after the rewrite: {} MB on disk", after / MB);
    assert!((15 * MB..=25 * MB).contains(&after), "{after}");
}

#[test]
fn two_stage_golang_service_is_18_to_25_mb_on_disk() {
    let estimate = estimate("go-two-stage");
    let disk = estimate.before.size.uncompressed_bytes;
    println!(
        "two-stage golang:1.22-alpine -> alpine:3.19: {} MB on disk, {} MB download",
        disk / MB,
        estimate.before.size.compressed_bytes / MB
    );
    assert!((18 * MB..=25 * MB).contains(&disk), "{disk}");
    // The builder's toolchain does not ship: only the copied binary does.
    let builder = &estimate.before.stages[0];
    assert!(!builder.ships && builder.size.uncompressed_bytes > 200 * MB);
    let runtime = &estimate.before.stages[1];
    assert!(runtime.ships);
    let copied: Vec<_> = runtime.layers.iter().flat_map(|l| &l.contributions).collect();
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0].uncompressed_bytes, Some(slimfile_core::estimate::GO_BINARY.bytes));
    assert_eq!(copied[0].evidence, Evidence::Assumption);
    // Most of this image is the assumed binary: the scale says so.
    assert_eq!(estimate.before.confidence.level, ConfidenceLevel::Low);
    assert!(
        estimate.before.confidence.reasons.iter().any(|r| r.contains("Go binary /out/server")),
        "{:?}",
        estimate.before.confidence
    );
}

#[test]
fn the_two_directions_are_far_apart() {
    let single = estimate("go-single-stage").before.size;
    let double = estimate("go-two-stage").before.size;
    assert!(double.uncompressed_bytes * 30 < single.uncompressed_bytes);
    assert!(double.compressed_bytes * 20 < single.compressed_bytes);
}

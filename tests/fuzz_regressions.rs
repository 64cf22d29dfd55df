//! Every input the fuzzer once broke slimfile with (`fuzz-regressions/`), run through the same
//! invariants the fuzz targets assert.

use std::path::Path;

#[test]
fn every_fuzz_finding_keeps_the_invariants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz-regressions folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_none_or(|ext| ext != "md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no regression inputs in {}", dir.display());
    for path in inputs {
        let bytes = std::fs::read(&path).expect("read input");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let outcome = std::panic::catch_unwind(|| slimfile_tests::invariants::all(&bytes));
        assert!(outcome.is_ok(), "{name}: an invariant broke (see the panic above)");
    }
}

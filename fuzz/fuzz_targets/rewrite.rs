//! Fuzzes the multi-stage rewrite: its output parses cleanly and is not split again.
//! The properties live in `slimfile_tests::invariants`, shared with the regression tests.

#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| slimfile_tests::invariants::rewrite(bytes));

//! Fuzzes fixing (`slimfile fix`, with and without unsafe fixes): clean input stays clean, fixes converge.
//! The properties live in `slimfile_tests::invariants`, shared with the regression tests.

#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| slimfile_tests::invariants::fix(bytes));

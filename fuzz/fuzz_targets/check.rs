//! Fuzzes analysis (`slimfile check`): findings and fixes point inside the input.
//! The properties live in `slimfile_tests::invariants`, shared with the regression tests.

#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| slimfile_tests::invariants::check(bytes));

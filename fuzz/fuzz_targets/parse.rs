//! Fuzzes parsing: the model prints back the input and every span lies inside it.
//! The properties live in `slimfile_tests::invariants`, shared with the regression tests.

#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| slimfile_tests::invariants::parse(bytes));

//! `slimfile explain`, run as the real binary.

use std::process::Command;

fn slimfile(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_slimfile")).args(args).env_clear().output().expect("run slimfile")
}

#[test]
fn explain_prints_the_rule_docs_page() {
    let out = slimfile(&["explain", "package-cache-in-layer"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# package-cache-in-layer\n"), "{text}");
    assert!(text.contains("## Fix safety") && text.contains("DL3009"), "{text}");
}

#[test]
fn explain_lists_rules_and_rejects_unknown_ones() {
    let out = slimfile(&["explain"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("apt-install-recommends") && l.contains("warning")), "{text}");
    let out = slimfile(&["explain", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule 'no-such-rule'"));
}

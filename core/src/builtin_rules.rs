//! The findings the core reports itself, outside the rule registry: `syntax-error` and
//! `unreadable-input`.
//!
//! They cannot be ignored or configured, but every output that describes rules (SARIF's rule
//! list, `slimfile explain`, the playground) needs their id, severity and docs page like any
//! rule's.

use crate::finding::{SYNTAX_ERROR, Severity, UNREADABLE_INPUT};
use crate::rules::{self, RuleMeta};

static SYNTAX_ERROR_META: RuleMeta = RuleMeta {
    id: SYNTAX_ERROR,
    severity: Severity::Error,
    summary: "the file would not build: unknown instruction, bad arguments, missing stage",
    docs: include_str!("../../docs/rules/syntax-error.md"),
    hadolint: &[],
    fix: None,
};

static UNREADABLE_INPUT_META: RuleMeta = RuleMeta {
    id: UNREADABLE_INPUT,
    severity: Severity::Error,
    summary: "the input is not a text Dockerfile: too large, not UTF-8, or binary",
    docs: include_str!("../../docs/rules/unreadable-input.md"),
    hadolint: &[],
    fix: None,
};

/// The built-in findings' metadata.
#[must_use]
pub fn builtin() -> [&'static RuleMeta; 2] {
    [&SYNTAX_ERROR_META, &UNREADABLE_INPUT_META]
}

/// Whether `id` is one of the core's own findings, which cannot be ignored or configured.
#[must_use]
pub fn is_builtin(id: &str) -> bool {
    builtin().iter().any(|meta| meta.id == id)
}

/// The metadata of every id a finding can carry: the registry's rules in order, then the
/// built-in ones. Indices into this list are stable within one build (SARIF's `ruleIndex`).
#[must_use]
pub fn every_rule() -> Vec<&'static RuleMeta> {
    rules::all().iter().map(|rule| rule.meta()).chain(builtin()).collect()
}

/// The metadata of `id`, whether a registry rule or a built-in finding.
#[must_use]
pub fn describe(id: &str) -> Option<&'static RuleMeta> {
    rules::by_id(id).map(|rule| rule.meta()).or_else(|| builtin().into_iter().find(|meta| meta.id == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_findings_are_described_with_their_docs_pages() {
        for id in [SYNTAX_ERROR, UNREADABLE_INPUT] {
            let meta = describe(id).expect("described");
            assert!(meta.page().starts_with(&format!("# {id}\n\n**Default severity:** error · **Fix:** none")), "{id}");
            assert_eq!(meta.severity, Severity::Error);
        }
        assert_eq!(describe("package-cache-in-layer").map(|m| m.id), Some("package-cache-in-layer"));
        assert!(describe("no-such-rule").is_none());
        let ids: Vec<&str> = every_rule().iter().map(|m| m.id).collect();
        assert_eq!(ids.len(), rules::all().len() + 2);
        assert_eq!(ids.last(), Some(&UNREADABLE_INPUT));
    }
}

//! The page's only door into the core: a Dockerfile in, everything the page shows out.
//!
//! Components present what [`analyse`] returns and never decide anything about a Dockerfile
//! themselves, so the page and the CLI cannot disagree.

use slimfile_core::finding::{SYNTAX_ERROR, UNREADABLE_INPUT};
use slimfile_core::fix::{self, Applicability, Fix};
use slimfile_core::{Finding, check};

/// Everything the page shows for one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// The text this is about.
    pub input: String,
    /// The core's findings, sorted by position.
    pub findings: Vec<Finding>,
    /// The first finding that means the file cannot be read or built: the page shows it at its
    /// line and keeps the last good result.
    pub error: Option<Finding>,
    /// The proposed Dockerfile, when there is one.
    pub proposal: Option<Proposal>,
}

/// What the result pane shows: the proposed Dockerfile and how it came about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// The proposed Dockerfile, exactly as `slimfile fix --stdout` prints it.
    pub text: String,
    /// How many fixes went into it.
    pub fixes_applied: usize,
    /// The core's account of the rewrite (or of why it made none).
    pub explanation: String,
}

/// Analyses `input` and proposes its rewrite.
#[must_use]
pub fn analyse(input: &str) -> Analysis {
    let result = check(input.as_bytes());
    let error = result.findings.iter().find(|f| f.rule == SYNTAX_ERROR || f.rule == UNREADABLE_INPUT).cloned();
    let proposal = if error.is_some() {
        None
    } else {
        match fix::apply_to_fixpoint(input, &safe_fixes) {
            Ok((text, fixes_applied)) => Some(Proposal {
                explanation: format!(
                    "{fixes_applied} safe fix(es) applied; the multi-stage rewrite is not available yet."
                ),
                text,
                fixes_applied,
            }),
            Err(fix::FixError::NoFixpoint(passes)) => Some(Proposal {
                text: input.to_owned(),
                fixes_applied: 0,
                explanation: format!("The fixes did not settle after {passes} passes; nothing was changed."),
            }),
        }
    };
    Analysis { input: input.to_owned(), findings: result.findings, error, proposal }
}

/// Applies one fix to the text it was computed for.
#[must_use]
pub fn apply_fix(input: &str, fix: &Fix) -> String {
    fix::apply_once(input, &[fix]).0
}

/// Applies every safe fix, re-checking until none is left (what "apply all safe fixes" does).
#[must_use]
pub fn apply_safe_fixes(input: &str) -> String {
    fix::apply_to_fixpoint(input, &safe_fixes).map_or_else(|_| input.to_owned(), |(text, _)| text)
}

/// Whether the page offers an "apply" button for `fix`: display-only fixes are shown, never
/// applied.
#[must_use]
pub fn can_apply(fix: &Fix) -> bool {
    fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty()
}

fn safe_fixes(text: &str) -> Vec<Fix> {
    check(text.as_bytes())
        .findings
        .into_iter()
        .filter_map(|f| f.fix)
        .filter(|f| f.applicability == Applicability::Safe)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const APT: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";

    #[test]
    fn proposes_a_rewrite_and_reports_findings() {
        let analysis = analyse(APT);
        assert_eq!(analysis.input, APT);
        assert!(analysis.error.is_none());
        let rules: Vec<&str> = analysis.findings.iter().map(|f| f.rule).collect();
        assert!(rules.contains(&"apt-install-recommends"), "{rules:?}");
        let proposal = analysis.proposal.expect("a proposal");
        assert!(proposal.text.contains("rm -rf /var/lib/apt/lists/*"), "{}", proposal.text);
    }

    #[test]
    fn an_unparsable_file_is_an_error_without_a_proposal() {
        let analysis = analyse("FROM alpine\nCOPY a\n");
        let error = analysis.error.expect("an error");
        assert_eq!(error.rule, SYNTAX_ERROR);
        assert_eq!(error.range.start.line, 2);
        assert!(analysis.proposal.is_none());
    }

    #[test]
    fn applies_one_fix_or_all_safe_ones() {
        let analysis = analyse(APT);
        let recommends = analysis.findings.iter().find(|f| f.rule == "apt-install-recommends").expect("finding");
        let fix = recommends.fix.as_ref().expect("a fix");
        assert!(can_apply(fix));
        assert!(apply_fix(APT, fix).contains("install --no-install-recommends -y curl"));
        let safe = apply_safe_fixes(APT);
        assert!(safe.contains("rm -rf /var/lib/apt/lists/*") && !safe.contains("--no-install-recommends"));
    }
}

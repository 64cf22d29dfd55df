//! The page's only door into the core: a Dockerfile in, everything the page shows out.
//!
//! Components present what [`analyse`] returns and never decide anything about a Dockerfile
//! themselves, so the page and the CLI cannot disagree: the output pane is the proposal
//! `slimfile fix --stdout` prints, and the size panel is the estimate `slimfile check` reports
//! (with the build context unknown, as for standard input).

use slimfile_core::estimate::{FileEstimate, SizeInputs, debian_closures};
use slimfile_core::fix::{self, Applicability, Fix};
use slimfile_core::fix_level::Change;
use slimfile_core::rewrite::RewriteOutcome;
use slimfile_core::{CheckOptions, Finding, FixLevel, Proposal, ProposalOptions, check, propose};

/// Everything the page shows for one input.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The text this is about.
    pub input: String,
    /// The core's findings, sorted by position.
    pub findings: Vec<Finding>,
    /// The first finding that means the file cannot be read or built: the page shows it at its
    /// line and keeps the last good result.
    pub error: Option<Finding>,
    /// The proposed Dockerfile at the default fix level (a high-confidence rewrite and the safe
    /// fixes, as `slimfile fix --stdout` prints it), when the input has no error.
    pub proposal: Option<Proposal>,
    /// The image's size as written and as proposed, when the input has no error.
    pub estimate: Option<FileEstimate>,
}

/// Analyses `input`, proposes its rewrite and estimates both images.
#[must_use]
pub fn analyse(input: &str) -> Analysis {
    // The same Debian closures as the CLI's, so the size panel is `slimfile check -`'s estimate.
    let sizes = SizeInputs { packages: debian_closures::shipped(), ..SizeInputs::default() };
    let result = check(input.as_bytes(), &CheckOptions { sizes, ..CheckOptions::default() });
    let error = result.input_error().cloned();
    // The page keeps the last good result while the input cannot be built.
    let (proposal, estimate) = if error.is_none() { (result.proposal, result.estimate) } else { (None, None) };
    Analysis { input: input.to_owned(), findings: result.findings, error, proposal, estimate }
}

/// Applies one fix to the text it was computed for.
#[must_use]
pub fn apply_fix(input: &str, fix: &Fix) -> String {
    fix::apply_once(input, &[fix]).0
}

/// Applies every safe fix, re-checking until none is left: `slimfile fix --safe-only`.
#[must_use]
pub fn apply_safe_fixes(input: &str) -> String {
    propose(input, &ProposalOptions { level: FixLevel::SafeOnly, ..ProposalOptions::default() }).text
}

/// Whether `finding`'s fix is one the default level applies (so it is in the output pane), as
/// the core decides: the page marks the others "unsafe: opt-in".
#[must_use]
pub fn applied_by_default(analysis: &Analysis, finding: &Finding) -> bool {
    let rewrite = analysis.proposal.as_ref().map_or(&RewriteOutcome::Unchanged, |p| &p.rewrite);
    FixLevel::Default.applies_finding(finding, rewrite)
}

/// Whether "Apply all safe fixes" applies `fix` (`slimfile fix --safe-only`).
#[must_use]
pub fn is_safe(fix: &Fix) -> bool {
    FixLevel::SafeOnly.applies(Change::Rule(fix.applicability)) && !fix.edits.is_empty()
}

/// Whether the page offers an "apply" button for `fix`: display-only fixes are shown, never
/// applied; an unsafe one is applied only by a click on a button that says so.
#[must_use]
pub fn can_apply(fix: &Fix) -> bool {
    fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    const APT: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";

    #[test]
    fn proposes_what_slimfile_fix_proposes() {
        let go = include_str!("../../examples/go/Dockerfile");
        let analysis = analyse(go);
        assert_eq!(analysis.input, go);
        assert!(analysis.error.is_none());
        assert!(analysis.findings.iter().any(|f| f.rule == "multi-stage-build"));
        let proposal = analysis.proposal.expect("a proposal");
        // Exactly what `slimfile fix --stdout` prints: the default level's proposal.
        assert_eq!(proposal, propose(go, &ProposalOptions::default()));
        let estimate = analysis.estimate.expect("an estimate");
        assert!(estimate.after.size.uncompressed_bytes <= estimate.before.size.uncompressed_bytes);
        let RewriteOutcome::Rewritten(rewrite) = &proposal.rewrite else { panic!("{:?}", proposal.rewrite) };
        // With the build context unknown the Go split assumes a static binary: medium, so the
        // output pane leaves it to `--unsafe-fixes`, and the finding's button says so.
        assert_eq!(rewrite.confidence, slimfile_core::rewrite::Confidence::Medium);
        assert!(!proposal.rewrite_applied && proposal.text.matches("FROM ").count() == 1, "{}", proposal.text);
        let split = analysis.findings.iter().find(|f| f.rule == "multi-stage-build").expect("finding");
        let shown = Analysis { proposal: Some(proposal.clone()), ..analyse(go) };
        assert!(!applied_by_default(&shown, split));
    }

    #[test]
    fn an_unparsable_file_is_an_error_without_a_proposal() {
        let analysis = analyse("FROM alpine\nCOPY a\n");
        let error = analysis.error.expect("an error");
        assert_eq!(error.rule, slimfile_core::finding::SYNTAX_ERROR);
        assert_eq!(error.range.start.line, 2);
        assert!(analysis.proposal.is_none() && analysis.estimate.is_none());
    }

    #[test]
    fn applies_one_fix_or_all_safe_ones() {
        let analysis = analyse(APT);
        let recommends = analysis.findings.iter().find(|f| f.rule == "apt-install-recommends").expect("finding");
        let fix = recommends.fix.as_ref().expect("a fix");
        assert!(can_apply(fix) && !is_safe(fix) && !applied_by_default(&analysis, recommends));
        assert!(apply_fix(APT, fix).contains("install --no-install-recommends -y curl"));
        let lists = analysis.findings.iter().find(|f| f.rule == "package-cache-in-layer").expect("finding");
        assert!(applied_by_default(&analysis, lists) && is_safe(lists.fix.as_ref().expect("a fix")));
        let output = &analysis.proposal.as_ref().expect("a proposal").text;
        assert!(output.contains("rm -rf /var/lib/apt/lists/*") && !output.contains("--no-install-recommends"));
        let safe = apply_safe_fixes(APT);
        assert!(safe.contains("rm -rf /var/lib/apt/lists/*") && !safe.contains("--no-install-recommends"));
    }
}

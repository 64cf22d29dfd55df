//! The proposed Dockerfile as the summary comment, the job summary and `--format markdown` show
//! it: the core's proposal at the default level (as `slimfile fix` writes it: a high-confidence
//! rewrite, then the safe rule fixes), one line on what it did and what it held back, and its
//! diff.

use slimfile_core::Proposal;
use slimfile_core::rewrite::RewriteOutcome;

use crate::diff;
use crate::file_outcome::FileOutcome;

/// What slimfile proposes for one Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProposal {
    /// The proposed Dockerfile, whole.
    pub text: String,
    /// One line on what the proposal changes and how far to trust it.
    pub status: String,
    /// The unified diff from the current text to the proposal.
    pub diff: String,
}

/// How the reports show the proposal the core made for `outcome`; `None` when the file could
/// not be read or modelled, or nothing would change.
#[must_use]
pub fn for_report(outcome: &FileOutcome) -> Option<FileProposal> {
    let text = outcome.text.as_deref()?;
    let proposal = outcome.proposal.as_ref()?;
    if proposal.error.is_some() || !proposal.changed {
        return None;
    }
    Some(FileProposal {
        status: status(proposal),
        diff: diff::unified(outcome.path.trim_start_matches("./"), text, &proposal.text),
        text: proposal.text.clone(),
    })
}

fn status(proposal: &Proposal) -> String {
    let fixes = match proposal.fixes_applied {
        0 => String::new(),
        1 => "1 rule fix".to_owned(),
        n => format!("{n} rule fixes"),
    };
    let mut status = match &proposal.rewrite {
        RewriteOutcome::Rewritten(rewrite) if proposal.rewrite_applied => {
            let with = if fixes.is_empty() { String::new() } else { format!(" and {fixes}") };
            format!(
                "multi-stage build ({} → {}, {} confidence){with}; review it before use",
                rewrite.ecosystem.name(),
                rewrite.runtime_image,
                rewrite.confidence.word()
            )
        }
        RewriteOutcome::Rewritten(rewrite) => format!(
            "{fixes} (a {} confidence multi-stage build to {} is not applied: it assumes {}; \
             `slimfile fix --unsafe-fixes` applies it)",
            rewrite.confidence.word(),
            rewrite.runtime_image,
            rewrite.assumptions.join("; ")
        ),
        RewriteOutcome::Declined { reason, .. } => format!("{fixes} (not split into stages: {reason})"),
        RewriteOutcome::Unchanged => fixes,
    };
    if proposal.fixes_withheld > 0 {
        let held = match proposal.fixes_withheld {
            1 => "1 unsafe rule fix".to_owned(),
            n => format!("{n} unsafe rule fixes"),
        };
        status.push_str(&format!("; {held} not applied (`slimfile fix --unsafe-fixes`)"));
    }
    status.trim_start().to_owned()
}

#[cfg(test)]
mod tests {
    use super::for_report;
    use crate::file_outcome::FileOutcome;

    fn outcome(text: &str) -> FileOutcome {
        let result = slimfile_core::check(text.as_bytes(), &slimfile_core::CheckOptions::default());
        FileOutcome {
            path: "./Dockerfile".to_owned(),
            text: Some(text.to_owned()),
            findings: result.findings,
            fingerprints: Vec::new(),
            estimate: result.estimate,
            io_error: None,
            proposal: result.proposal,
        }
    }

    #[test]
    fn the_proposal_its_status_and_its_diff() {
        let text = "FROM alpine:3.19\nRUN apk add curl\n";
        let proposal = for_report(&outcome(text)).expect("a proposal");
        assert_eq!(proposal.text, "FROM alpine:3.19\nRUN apk add --no-cache curl\n");
        assert_eq!(proposal.status, "1 rule fix");
        assert!(proposal.diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n"), "{}", proposal.diff);
        assert!(proposal.diff.contains("-RUN apk add curl\n+RUN apk add --no-cache curl\n"), "{}", proposal.diff);
        assert_eq!(for_report(&outcome("FROM scratch\nCOPY app /app\n")), None);
        assert_eq!(for_report(&outcome("FNORD\n")), None);
    }
}

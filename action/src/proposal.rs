//! The proposed Dockerfile that the summary comment, the job summary and `--format markdown`
//! show next to the findings.

use slimfile_core::fix::{Applicability, Fix, apply_to_fixpoint};

/// What slimfile proposes for one Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProposal {
    /// The proposed Dockerfile, whole.
    pub text: String,
    /// One line on what the proposal changes and how safe that is.
    pub status: String,
    /// The unified diff from the current text to the proposal, when one was made.
    pub diff: Option<String>,
}

/// The proposal for `text`: every safe fix applied until none is left. `None` when nothing
/// would change.
#[must_use]
pub fn propose(text: &str) -> Option<FileProposal> {
    let safe_fixes = |current: &str| -> Vec<Fix> {
        slimfile_core::check(current.as_bytes())
            .findings
            .into_iter()
            .filter_map(|finding| finding.fix)
            .filter(|fix| fix.applicability == Applicability::Safe)
            .collect()
    };
    let (proposed, applied) = apply_to_fixpoint(text, &safe_fixes).ok()?;
    (applied > 0 && proposed != text).then(|| FileProposal {
        text: proposed,
        status: format!("{applied} safe fix{} applied", if applied == 1 { "" } else { "es" }),
        diff: None,
    })
}

#[cfg(test)]
mod tests {
    use super::propose;

    #[test]
    fn applies_safe_fixes_only() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";
        let proposal = propose(text).expect("a proposal");
        assert_eq!(
            proposal.text,
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
        );
        assert_eq!(proposal.status, "1 safe fix applied");
        assert_eq!(propose("FROM scratch\nCOPY app /app\n"), None);
    }
}

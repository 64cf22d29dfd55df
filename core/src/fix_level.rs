//! Which fixes a proposal applies: one decision, asked by every front end (`slimfile fix`, the
//! Action's suggestions and summary, the page's buttons and output pane), so that none of them
//! can apply more than another.

use serde::Serialize;

use crate::finding::Finding;
use crate::fix::Applicability;
use crate::proposal::REWRITE_RULE;
use crate::rewrite::{Confidence, Rewrite, RewriteOutcome};

/// How much a proposal may change, from least to most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixLevel {
    /// Only `safe` rule fixes: the image behaves the same. No multi-stage rewrite
    /// (`slimfile fix --safe-only`).
    SafeOnly,
    /// `safe` rule fixes, and the multi-stage rewrite when its confidence is high (every hazard
    /// check could be made and passed): what `slimfile fix` writes, what the Action suggests and
    /// what the page shows. Nothing here should break a build that worked.
    #[default]
    Default,
    /// Everything short of `display-only`: also `unsafe` rule fixes (which may change the image's
    /// contents or behaviour) and a medium-confidence rewrite, which rests on assumptions
    /// (`slimfile fix --unsafe-fixes`).
    Unsafe,
}

/// Something a proposal may apply.
#[derive(Clone, Copy, Debug)]
pub enum Change<'a> {
    /// A rule's fix, of this applicability.
    Rule(Applicability),
    /// The multi-stage rewrite.
    Rewrite(&'a Rewrite),
}

impl FixLevel {
    /// Whether this level applies `change`: the one place that decides.
    #[must_use]
    pub fn applies(self, change: Change<'_>) -> bool {
        match change {
            Change::Rule(applicability) => match applicability {
                Applicability::DisplayOnly => false,
                Applicability::Unsafe => self == Self::Unsafe,
                Applicability::Safe => true,
            },
            Change::Rewrite(rewrite) => match self {
                Self::SafeOnly => false,
                Self::Default => rewrite.confidence == Confidence::High,
                Self::Unsafe => true,
            },
        }
    }

    /// Whether this level applies `finding`'s fix, given what the rewrite made of the file (the
    /// multi-stage finding's fix is the rewrite, decided by its confidence).
    #[must_use]
    pub fn applies_finding(self, finding: &Finding, rewrite: &RewriteOutcome) -> bool {
        if finding.rule == REWRITE_RULE {
            return matches!(rewrite, RewriteOutcome::Rewritten(r) if self.applies(Change::Rewrite(r)));
        }
        finding.fix.as_ref().is_some_and(|fix| self.applies(Change::Rule(fix.applicability)))
    }

    /// The kebab-case name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SafeOnly => "safe-only",
            Self::Default => "default",
            Self::Unsafe => "unsafe",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_applies_what_its_doc_says() {
        let levels = [FixLevel::SafeOnly, FixLevel::Default, FixLevel::Unsafe];
        let rule = |a| levels.map(|level| level.applies(Change::Rule(a)));
        assert_eq!(rule(Applicability::Safe), [true, true, true]);
        assert_eq!(rule(Applicability::Unsafe), [false, false, true]);
        assert_eq!(rule(Applicability::DisplayOnly), [false, false, false]);
        // The rewrite's side is tested through proposals (`proposal.rs`), on real rewrites.
    }
}

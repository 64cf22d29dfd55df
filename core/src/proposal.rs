//! The proposed Dockerfile: the multi-stage rewrite, then the rule fixes, brought to rest. One
//! function so the CLI's `fix`, the Action's summary and the page propose the same text.

use serde::Serialize;

use crate::check::analyse;
use crate::config::Config;
use crate::fix::{self, Applicability, Fix, FixError};
use crate::rewrite::{self, RewriteOutcome};
use crate::rules::Facts;
use crate::stages::StageModel;

/// The rule whose fix is the rewrite.
pub const REWRITE_RULE: &str = "multi-stage-build";

/// What to apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProposalOptions {
    /// Apply `unsafe` fixes and the rewrite too; otherwise only `safe` fixes.
    pub unsafe_fixes: bool,
    /// The author's configuration (rules, severities, and how the rewrite should come out).
    pub config: Config,
    /// Facts about the build context.
    pub facts: Facts,
}

/// The proposal for one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The proposed text (the input, when nothing applies or the input cannot be read).
    pub text: String,
    /// Whether it differs from the input.
    pub changed: bool,
    /// How many rule fixes were applied (the rewrite not counted).
    pub fixes_applied: usize,
    /// What the rewrite made of the input (`Unchanged` when it was not asked for).
    pub rewrite: RewriteOutcome,
    /// Why the fixes could not be brought to rest, if they could not.
    pub error: Option<String>,
}

/// Proposes the fixed Dockerfile for `text`.
#[must_use]
pub fn propose(text: &str, options: &ProposalOptions) -> Proposal {
    let unchanged = |error: Option<String>| Proposal {
        text: text.to_owned(),
        changed: false,
        fixes_applied: 0,
        rewrite: RewriteOutcome::Unchanged,
        error,
    };
    let Ok(doc) = crate::parse(text) else { return unchanged(None) };
    let stages = StageModel::new(&doc);
    let outcome = if options.unsafe_fixes {
        rewrite::rewrite(&doc, &stages, &options.config.rewrite_options())
    } else {
        RewriteOutcome::Unchanged
    };
    let start = match &outcome {
        RewriteOutcome::Rewritten(rewrite) => fix::apply_once(text, &[&rewrite.fix]).0,
        _ => text.to_owned(),
    };
    let minimum = if options.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let fixes_for = |current: &str| -> Vec<Fix> {
        analyse(current.as_bytes(), &options.facts, &options.config)
            .findings
            .into_iter()
            .filter(|f| f.rule != REWRITE_RULE)
            .filter_map(|f| f.fix)
            .filter(|f| f.applicability >= minimum)
            .collect()
    };
    match fix::apply_to_fixpoint(&start, &fixes_for) {
        Ok((proposed, applied)) => Proposal {
            changed: proposed != text,
            text: proposed,
            fixes_applied: applied,
            rewrite: outcome,
            error: None,
        },
        Err(FixError::NoFixpoint(passes)) => {
            unchanged(Some(format!("the fixes still changed the file after {passes} passes; nothing was applied")))
        }
    }
}

//! The proposed Dockerfile: the multi-stage rewrite, then the rule fixes, brought to rest. One
//! function so the CLI's `fix`, the Action's summary and the page propose the same text.

use serde::Serialize;

use std::cell::RefCell;

use crate::check::{CheckResult, analyse};
use crate::config::Config;
use crate::document::Dockerfile;
use crate::finding::Finding;
use crate::fix::{self, Applicability, Fix, FixError};
use crate::rewrite::{self, RewriteOutcome};
use crate::rules::{Facts, RuleMeta};
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
    let Ok(doc) = crate::parse(text) else { return unchanged(text, None) };
    let stages = StageModel::new(&doc);
    propose_parsed(text, &doc, &stages, None, None, options).proposal
}

/// A proposal, with the model of its text from the fix loop's last pass when that pass read a
/// text other than the original: the estimate of "after" reads it instead of parsing again.
pub(crate) struct Settled {
    /// The proposal.
    pub proposal: Proposal,
    /// The last pass's analysis of `proposal.text`, if there was one.
    pub model: Option<CheckResult>,
}

/// [`propose`] for a file `check` has just read: its model, and its findings for the first fix
/// pass, are reused rather than computed again.
#[must_use]
pub(crate) fn propose_checked(
    text: &str,
    doc: &Dockerfile,
    stages: &StageModel,
    findings: &[Finding],
    rewrite: Option<RewriteOutcome>,
    options: &ProposalOptions,
) -> Settled {
    propose_parsed(text, doc, stages, Some(findings), rewrite, options)
}

fn unchanged(text: &str, error: Option<String>) -> Proposal {
    Proposal { text: text.to_owned(), changed: false, fixes_applied: 0, rewrite: RewriteOutcome::Unchanged, error }
}

fn propose_parsed(
    text: &str,
    doc: &Dockerfile,
    stages: &StageModel,
    known: Option<&[Finding]>,
    known_rewrite: Option<RewriteOutcome>,
    options: &ProposalOptions,
) -> Settled {
    let outcome = if options.unsafe_fixes {
        known_rewrite
            .unwrap_or_else(|| rewrite::rewrite(doc, stages, &options.config.rewrite_options(), &options.facts))
    } else {
        RewriteOutcome::Unchanged
    };
    let start = match &outcome {
        RewriteOutcome::Rewritten(rewrite) => fix::apply_once(text, &[&rewrite.fix]).0,
        _ => text.to_owned(),
    };
    let last_pass: RefCell<Option<CheckResult>> = RefCell::new(None);
    let minimum = if options.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    // Only rules that declare fixes this loop applies are run on its passes (a rule's fixes
    // never exceed what it declares), and never the rewrite's rule: the rewrite is applied once,
    // before the loop.
    let can_give_a_fix = |meta: &RuleMeta| meta.id != REWRITE_RULE && meta.fix.is_some_and(|best| best >= minimum);
    let fixes_for = |current: &str| -> Vec<Fix> {
        let fixes = |findings: Vec<Finding>| -> Vec<Fix> {
            findings
                .into_iter()
                .filter(|f| f.rule != REWRITE_RULE)
                .filter_map(|f| f.fix)
                .filter(|f| f.applicability >= minimum)
                .collect()
        };
        match known {
            Some(findings) if current == text => fixes(findings.to_vec()),
            _ => {
                let mut analysis = analyse(current.as_bytes(), &options.facts, &options.config, &can_give_a_fix);
                let found = std::mem::take(&mut analysis.findings);
                *last_pass.borrow_mut() = Some(analysis);
                fixes(found)
            }
        }
    };
    match fix::apply_to_fixpoint(&start, &fixes_for) {
        Ok((proposed, applied)) => {
            // The loop's last pass read the text it returns.
            let model = last_pass.into_inner().filter(|m| m.dockerfile.as_ref().is_some_and(|d| d.text() == proposed));
            let proposal = Proposal {
                changed: proposed != text,
                text: proposed,
                fixes_applied: applied,
                rewrite: outcome,
                error: None,
            };
            Settled { proposal, model }
        }
        Err(FixError::NoFixpoint(passes)) => Settled {
            proposal: unchanged(
                text,
                Some(format!("the fixes still changed the file after {passes} passes; nothing was applied")),
            ),
            model: None,
        },
    }
}

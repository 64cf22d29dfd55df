//! The proposed Dockerfile: the multi-stage rewrite, then the rule fixes, brought to rest. One
//! function so the CLI's `fix`, the Action's summary and the page propose the same text.

use serde::Serialize;

use std::cell::RefCell;

use crate::check::{CheckResult, analyse};
use crate::config::Config;
use crate::document::Dockerfile;
use crate::finding::Finding;
use crate::fix::{self, Fix, FixError};
use crate::fix_level::{Change, FixLevel};
use crate::rewrite::{self, Rewrite, RewriteOutcome};
use crate::rules::{Facts, RuleMeta};
use crate::stages::StageModel;

/// The rule whose fix is the rewrite.
pub const REWRITE_RULE: &str = "multi-stage-build";

/// What to apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProposalOptions {
    /// Which fixes, and whether the rewrite (see [`FixLevel`]).
    pub level: FixLevel,
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
    /// What the rewrite made of the input, whether or not the level applied it.
    pub rewrite: RewriteOutcome,
    /// Whether the level applied the rewrite (a medium-confidence rewrite waits for
    /// [`FixLevel::Unsafe`]; [`FixLevel::SafeOnly`] applies none).
    pub rewrite_applied: bool,
    /// How many rule fixes the proposed text still offers that the level does not apply
    /// (`unsafe` ones, below [`FixLevel::Unsafe`]): what opting in would add.
    pub fixes_withheld: usize,
    /// The level it was made at.
    pub level: FixLevel,
    /// Why the fixes could not be brought to rest, if they could not.
    pub error: Option<String>,
}

/// Proposes the fixed Dockerfile for `text`.
#[must_use]
pub fn propose(text: &str, options: &ProposalOptions) -> Proposal {
    let Ok(doc) = crate::parse(text) else { return unchanged(text, options.level, None) };
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

impl Proposal {
    /// The rewrite, when the level applied it.
    #[must_use]
    pub fn applied_rewrite(&self) -> Option<&Rewrite> {
        match &self.rewrite {
            RewriteOutcome::Rewritten(rewrite) if self.rewrite_applied => Some(rewrite),
            _ => None,
        }
    }

    /// The rewrite, when one was made and the level did not apply it.
    #[must_use]
    pub fn withheld_rewrite(&self) -> Option<&Rewrite> {
        match &self.rewrite {
            RewriteOutcome::Rewritten(rewrite) if !self.rewrite_applied => Some(rewrite),
            _ => None,
        }
    }
}

fn unchanged(text: &str, level: FixLevel, error: Option<String>) -> Proposal {
    Proposal {
        text: text.to_owned(),
        changed: false,
        fixes_applied: 0,
        rewrite: RewriteOutcome::Unchanged,
        rewrite_applied: false,
        fixes_withheld: 0,
        level,
        error,
    }
}

fn propose_parsed(
    text: &str,
    doc: &Dockerfile,
    stages: &StageModel,
    known: Option<&[Finding]>,
    known_rewrite: Option<RewriteOutcome>,
    options: &ProposalOptions,
) -> Settled {
    let level = options.level;
    // Made at every level, so that a level that does not apply it can say what it holds back.
    let outcome = known_rewrite
        .unwrap_or_else(|| rewrite::rewrite(doc, stages, &options.config.rewrite_options(), &options.facts));
    let rewrite_applied = matches!(&outcome, RewriteOutcome::Rewritten(r) if level.applies(Change::Rewrite(r)));
    let start = match &outcome {
        RewriteOutcome::Rewritten(rewrite) if rewrite_applied => fix::apply_once(text, &[&rewrite.fix]).0,
        _ => text.to_owned(),
    };
    // The fixes the latest pass found and the level does not apply; the loop's last pass read
    // the text it returns.
    let withheld = std::cell::Cell::new(0);
    let last_pass: RefCell<Option<CheckResult>> = RefCell::new(None);
    // Only rules that declare fixes are run on the loop's passes (a rule's fixes never exceed
    // what it declares; those the level does not apply are counted as withheld), and never the
    // rewrite's rule: the rewrite is applied once, before the loop.
    let can_give_a_fix = |meta: &RuleMeta| {
        meta.id != REWRITE_RULE && meta.fix.is_some_and(|best| FixLevel::Unsafe.applies(Change::Rule(best)))
    };
    let fixes_for = |current: &str| -> Vec<Fix> {
        let fixes = |findings: Vec<Finding>| -> Vec<Fix> {
            let offered = findings.into_iter().filter(|f| f.rule != REWRITE_RULE).filter_map(|f| f.fix);
            let (applied, held): (Vec<Fix>, Vec<Fix>) =
                offered.partition(|f| level.applies(Change::Rule(f.applicability)));
            withheld.set(held.iter().filter(|f| FixLevel::Unsafe.applies(Change::Rule(f.applicability))).count());
            applied
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
                rewrite_applied,
                fixes_withheld: withheld.get(),
                level,
                error: None,
            };
            Settled { proposal, model }
        }
        Err(FixError::NoFixpoint(passes)) => Settled {
            proposal: unchanged(
                text,
                level,
                Some(format!("the fixes still changed the file after {passes} passes; nothing was applied")),
            ),
            model: None,
        },
    }
}

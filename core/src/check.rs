//! The core's front door for a linter run: bytes in, findings and a size estimate out.

use crate::document::Dockerfile;
use crate::estimate::{FileEstimate, SizeInputs, estimate_file};
use crate::finding::{Finding, SYNTAX_ERROR, Severity, UNREADABLE_INPUT};
use crate::fix::{self, Applicability, Fix};
use crate::input;
use crate::parser;
use crate::rules::{self, Context, Facts};
use crate::source::{Range, Span};
use crate::stages::StageModel;

/// Everything `check` learned about one file.
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// The model, when the text could be modelled.
    pub dockerfile: Option<Dockerfile>,
    /// The stage model, alongside.
    pub stages: Option<StageModel>,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// The image's size as written and once the fixes are applied, when the text could be
    /// modelled.
    pub estimate: Option<FileEstimate>,
}

/// Reads `bytes` as a Dockerfile and reports what is wrong with it, knowing nothing of the
/// build context.
#[must_use]
pub fn check(bytes: &[u8]) -> CheckResult {
    check_with(bytes, &Facts::default())
}

/// Like [`check`], with what the caller knows of the build context (the CLI can look at the
/// filesystem; the core cannot).
#[must_use]
pub fn check_with(bytes: &[u8], facts: &Facts) -> CheckResult {
    check_with_sizes(bytes, facts, &SizeInputs::default())
}

/// Like [`check_with`], with sizes the caller measured (the files of the build context), which
/// replace the estimate's assumptions.
#[must_use]
pub fn check_with_sizes(bytes: &[u8], facts: &Facts, sizes: &SizeInputs) -> CheckResult {
    let mut result = analyse(bytes, facts);
    if let (Some(doc), Some(stages)) = (&result.dockerfile, &result.stages) {
        let after = fixed_text(doc.text(), facts);
        result.estimate = Some(estimate_file(doc, stages, after.as_deref(), sizes));
    }
    result
}

/// The text with every safe and unsafe fix applied, repeatedly, until none applies: the file the
/// "after" estimate describes. `None` when the fixes do not settle.
#[must_use]
pub fn fixed_text(text: &str, facts: &Facts) -> Option<String> {
    let fixes_for = |current: &str| -> Vec<Fix> {
        analyse(current.as_bytes(), facts)
            .findings
            .into_iter()
            .filter_map(|f| f.fix)
            .filter(|f| f.applicability != Applicability::DisplayOnly)
            .collect()
    };
    fix::apply_to_fixpoint(text, &fixes_for).ok().map(|(fixed, _)| fixed)
}

/// Findings only: what [`check_with_sizes`] and the fix loop share.
fn analyse(bytes: &[u8], facts: &Facts) -> CheckResult {
    let text = match input::decode(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = Range { start: error.position, end: error.position };
            let finding = Finding {
                rule: UNREADABLE_INPUT,
                severity: Severity::Error,
                message: error.message,
                span: Span::empty(error.offset),
                range: at,
                bytes: None,
                fix: None,
            };
            return CheckResult { dockerfile: None, stages: None, findings: vec![finding], estimate: None };
        }
    };
    let doc = match parser::parse(text) {
        Ok(doc) => doc,
        Err(error) => {
            let end = if error.span.is_empty() {
                error.position
            } else {
                crate::source::LineIndex::new(text).position(text, error.span.end)
            };
            let finding = Finding {
                rule: SYNTAX_ERROR,
                severity: Severity::Error,
                message: error.message,
                span: error.span,
                range: Range { start: error.position, end: end.max(error.position) },
                bytes: None,
                fix: None,
            };
            return CheckResult { dockerfile: None, stages: None, findings: vec![finding], estimate: None };
        }
    };
    let stages = StageModel::new(&doc);
    let mut findings: Vec<Finding> = doc
        .problems()
        .iter()
        .map(|p| (p.message.clone(), p.span))
        .chain(stages.problems.iter().map(|p| (p.message.clone(), p.span)))
        .map(|(message, span)| Finding {
            rule: SYNTAX_ERROR,
            severity: Severity::Error,
            message,
            span,
            range: doc.range(span),
            bytes: None,
            fix: None,
        })
        .collect();
    findings.extend(rules::run(&Context::new(&doc, &stages, facts)));
    findings.sort_by_key(|f| (f.span.start, f.rule));
    CheckResult { dockerfile: Some(doc), stages: Some(stages), findings, estimate: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_after_estimate_is_the_file_with_its_fixes_applied() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
        let fixed = fixed_text(text, &Facts::default()).expect("the fixes settle");
        assert!(fixed.contains("install --no-install-recommends -y curl"), "{fixed}");
        assert!(fixed.contains("&& rm -rf /var/lib/apt/lists/*"), "{fixed}");
        let estimate = check(text.as_bytes()).estimate.expect("modelled");
        assert!(estimate.after.size.uncompressed_bytes < estimate.before.size.uncompressed_bytes);
        assert_eq!(estimate.after_note, None);
        // Removing the lists in the same RUN takes the unknown lists out of the "after" image.
        let unknowns = |e: &crate::estimate::ImageEstimate| {
            e.stages
                .iter()
                .flat_map(|s| &s.layers)
                .flat_map(|l| &l.contributions)
                .filter(|c| c.uncompressed_bytes.is_none())
                .count()
        };
        assert_eq!((unknowns(&estimate.before), unknowns(&estimate.after)), (1, 0));
    }

    #[test]
    fn unreadable_input_has_no_estimate_and_scratch_is_empty() {
        assert!(check(b"FROM a\nRUN \xff\n").estimate.is_none());
        let clean = check(b"FROM scratch\n").estimate.expect("modelled");
        assert_eq!(clean.before.size.uncompressed_bytes, 0);
        assert_eq!(clean.before, clean.after);
    }
}

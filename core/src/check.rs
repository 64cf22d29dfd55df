//! The core's front door for a linter run: bytes in, findings out.

use crate::document::Dockerfile;
use crate::finding::{Finding, SYNTAX_ERROR, Severity, UNREADABLE_INPUT};
use crate::input;
use crate::parser;
use crate::rewrite::RewriteOptions;
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
    check_configured(bytes, facts, &RewriteOptions::default())
}

/// Like [`check_with`], with the author's choices for the multi-stage rewrite.
#[must_use]
pub fn check_configured(bytes: &[u8], facts: &Facts, rewrite: &RewriteOptions) -> CheckResult {
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
            return CheckResult { dockerfile: None, stages: None, findings: vec![finding] };
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
            return CheckResult { dockerfile: None, stages: None, findings: vec![finding] };
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
    let mut context = Context::new(&doc, &stages, facts);
    context.rewrite = *rewrite;
    findings.extend(rules::run(&context));
    findings.sort_by_key(|f| (f.span.start, f.rule));
    CheckResult { dockerfile: Some(doc), stages: Some(stages), findings }
}

//! What must hold for any input bytes at all, whatever they are: the properties the fuzz targets
//! (`fuzz/`) assert on every generated input, and the regression tests assert on every input the
//! fuzzer once broke them with. One copy, so that a regression test checks exactly what the
//! fuzzer checked.
//!
//! Each function panics with a message naming the broken property; returning means it held.

use slimfile_core::document::Dockerfile;
use slimfile_core::fix;
use slimfile_core::rewrite::{self, RewriteOptions, RewriteOutcome};
use slimfile_core::rules::Facts;
use slimfile_core::source::Span;
use slimfile_core::stages::StageModel;
use slimfile_core::{FixLevel, ProposalOptions, input, propose};

/// Parsing: the model prints back the original text byte for byte, and every span it holds lies
/// inside the text on character boundaries (so slicing it can never panic).
pub fn parse(bytes: &[u8]) {
    let Ok(text) = input::decode(bytes) else { return };
    let Ok(doc) = slimfile_core::parse(text) else { return };
    assert_eq!(doc.print(), text, "the model does not print back the original text");
    for instruction in doc.instructions() {
        span_is_valid(text, instruction.span, "an instruction");
        span_is_valid(text, instruction.keyword_span, "a keyword");
        for flag in &instruction.flags {
            span_is_valid(text, flag.span, "a flag");
        }
        for word in instruction.words() {
            span_is_valid(text, word.span, "a word");
        }
        for heredoc in &instruction.heredocs {
            span_is_valid(text, heredoc.span, "a heredoc");
        }
    }
    for problem in doc.problems() {
        span_is_valid(text, problem.span, "a syntax problem");
    }
}

/// Analysis (`slimfile check`): every finding points inside the text, its range starts no later
/// than it ends, every fix's edits lie inside the text, and input that cannot be modelled gets
/// exactly one finding saying why.
pub fn check(bytes: &[u8]) {
    let result = slimfile_core::check(bytes, &slimfile_core::CheckOptions::default());
    let Ok(text) = input::decode(bytes) else {
        assert_eq!(result.findings.len(), 1, "unreadable input must get exactly one finding");
        assert_eq!(result.findings[0].rule, "unreadable-input");
        return;
    };
    if result.dockerfile.is_none() {
        assert_eq!(result.findings.len(), 1, "a file without a model must get exactly one finding");
        assert_eq!(result.findings[0].rule, "syntax-error");
        assert!(result.estimate.is_none(), "a file without a model has no estimate");
    }
    for finding in &result.findings {
        span_is_valid(text, finding.span, finding.rule);
        assert!(finding.range.start <= finding.range.end, "{}: its range ends before it starts", finding.rule);
        for edit in finding.fix.iter().flat_map(|f| &f.edits) {
            span_is_valid(text, edit.span, "a fix's edit");
        }
    }
}

/// Fixing (`slimfile fix --unsafe-fixes`, then `slimfile fix`, then `--safe-only`): a file that parses
/// without problems still does after fixing, and fixing the result again changes nothing (the
/// fixes converge).
pub fn fix(bytes: &[u8]) {
    let Ok(text) = input::decode(bytes) else { return };
    for level in [FixLevel::Unsafe, FixLevel::Default, FixLevel::SafeOnly] {
        let options = ProposalOptions { level, ..ProposalOptions::default() };
        let proposal = propose(text, &options);
        if proposal.error.is_some() {
            assert_eq!(proposal.text, text, "a proposal that failed must leave the text alone");
            continue;
        }
        if parses_cleanly(text) {
            assert!(parses_cleanly(&proposal.text), "the fixed text no longer parses cleanly:\n{}", proposal.text);
        }
        let again = propose(&proposal.text, &options);
        assert_eq!(again.text, proposal.text, "the fixes do not converge: a second run changes the text");
    }
}

/// Rewriting (the multi-stage split on its own): its output parses without problems, and
/// rewriting that output again makes no further split (the rewrite is idempotent).
pub fn rewrite(bytes: &[u8]) {
    let Ok(text) = input::decode(bytes) else { return };
    let Ok(doc) = slimfile_core::parse(text) else { return };
    let RewriteOutcome::Rewritten(split) = rewrite_of(&doc) else { return };
    for edit in &split.fix.edits {
        span_is_valid(text, edit.span, "a rewrite edit");
    }
    let (output, applied) = fix::apply_once(text, &[&split.fix]);
    assert_eq!(applied, 1, "the rewrite's own edits do not apply to its input");
    let Ok(output_doc) = slimfile_core::parse(&output) else {
        panic!("the rewritten text does not parse:\n{output}");
    };
    assert!(
        output_doc.problems().is_empty() && StageModel::new(&output_doc).problems.is_empty(),
        "the rewritten text has syntax problems:\n{output}"
    );
    assert!(
        !matches!(rewrite_of(&output_doc), RewriteOutcome::Rewritten(_)),
        "the rewrite is not idempotent: it splits its own output again:\n{output}"
    );
}

/// All four, in order: what a regression test runs on an input the fuzzer found.
pub fn all(bytes: &[u8]) {
    parse(bytes);
    check(bytes);
    fix(bytes);
    rewrite(bytes);
}

fn rewrite_of(doc: &Dockerfile) -> RewriteOutcome {
    rewrite::rewrite(doc, &StageModel::new(doc), &RewriteOptions::default(), &Facts::default())
}

fn parses_cleanly(text: &str) -> bool {
    slimfile_core::parse(text).is_ok_and(|doc| doc.problems().is_empty() && StageModel::new(&doc).problems.is_empty())
}

fn span_is_valid(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} has a span {span:?} outside the text ({} bytes) or inside a character",
        text.len()
    );
}

//! Fingerprints: an identity for a finding that survives edits elsewhere in the file.
//!
//! Code scanning and pull-request reviews match a new run's findings against the last run's.
//! Line numbers move whenever a line is added above, so the identity is built from what the
//! finding is about instead: the rule, the instruction's text with whitespace and line
//! continuations normalized, and which occurrence of that pair it is in the file (two identical
//! `RUN` lines flagged by the same rule stay two findings).

use crate::document::Dockerfile;
use crate::finding::Finding;
use crate::source::LineIndex;

/// The name and version of the scheme, as SARIF's `partialFingerprints` key. Changing what is
/// hashed means a new version, so that consumers do not match incomparable values.
pub const SCHEME: &str = "slimfile/v1";

/// One fingerprint per finding, in the same order: 16 lower-case hex digits.
///
/// `text` is the file's text when it could be decoded, `doc` its model when it could be parsed;
/// without a model, a finding is anchored to the lines it spans.
#[must_use]
pub fn fingerprints(text: Option<&str>, doc: Option<&Dockerfile>, findings: &[Finding]) -> Vec<String> {
    let escape = doc.map_or('\\', Dockerfile::escape);
    let mut seen: Vec<(&str, String)> = Vec::new();
    findings
        .iter()
        .map(|finding| {
            let anchor = normalize(anchor_text(text, doc, finding), escape);
            let occurrence = seen.iter().filter(|(rule, a)| *rule == finding.rule && *a == anchor).count();
            let hash =
                fnv1a64(&[finding.rule.as_bytes(), &[0], anchor.as_bytes(), &[0], occurrence.to_string().as_bytes()]);
            seen.push((finding.rule, anchor));
            format!("{hash:016x}")
        })
        .collect()
}

/// The instruction the finding starts in, or else the whole lines its span touches.
fn anchor_text<'t>(text: Option<&'t str>, doc: Option<&Dockerfile>, finding: &Finding) -> &'t str {
    let Some(text) = text else { return "" };
    let start = finding.span.start.min(text.len());
    let instruction = doc.and_then(|doc| {
        doc.instructions().iter().find(|i| i.span.start <= start && (start < i.span.end || i.span.is_empty()))
    });
    if let Some(instruction) = instruction {
        return instruction.span.slice(text);
    }
    let index = LineIndex::new(text);
    let first = index.line_span(text, index.line_of(start));
    let last = index.line_span(text, index.line_of(finding.span.end.clamp(start, text.len())));
    text.get(first.start..last.end).unwrap_or("")
}

/// Drops line continuations (the escape character, trailing blanks, the line break) and
/// collapses every run of whitespace to one space.
fn normalize(text: &str, escape: char) -> String {
    let mut joined = String::with_capacity(text.len());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        match trimmed.strip_suffix(escape) {
            Some(before) if lines.peek().is_some() => joined.push_str(before),
            _ => joined.push_str(line),
        }
        joined.push(' ');
    }
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64 bits: tiny, dependency-free and fixed forever, unlike `std`'s hasher, whose
/// output may change between Rust releases. Collisions only merge two findings' identities.
fn fnv1a64(parts: &[&[u8]]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    parts.iter().flat_map(|part| part.iter()).fold(OFFSET, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;

    fn of(text: &str) -> Vec<(&'static str, String)> {
        let result = check(text.as_bytes(), &crate::CheckOptions::default());
        let prints = fingerprints(Some(text), result.dockerfile.as_ref(), &result.findings);
        result.findings.iter().map(|f| f.rule).zip(prints).collect()
    }

    #[test]
    fn survives_lines_moving_and_reformatting() {
        let before = of("FROM node\nRUN apt-get update && apt-get install -y curl\n");
        let after = of("# a comment\n\nFROM   node\nRUN apt-get update \\\n    && apt-get install -y curl\n");
        assert!(!before.is_empty());
        assert_eq!(before, after);
    }

    #[test]
    fn identical_instructions_get_distinct_fingerprints() {
        let prints: Vec<_> =
            of("FROM node\nFROM node\n").into_iter().filter(|(rule, _)| *rule == "unpinned-base-image").collect();
        assert_eq!(prints.len(), 2);
        assert_eq!(prints[0].0, prints[1].0);
        assert_ne!(prints[0].1, prints[1].1);
        assert!(prints.iter().all(|(_, p)| p.len() == 16 && p.chars().all(|c| c.is_ascii_hexdigit())));
    }

    #[test]
    fn changes_when_the_instruction_changes() {
        assert_ne!(of("FROM node\n"), of("FROM nodejs\n"));
    }

    #[test]
    fn syntax_problems_are_anchored_like_rule_findings() {
        assert_eq!(of("FROM a:1\nFNTRYPOINT x\n"), of("\nFROM a:1\nFNTRYPOINT   x\n"));
    }

    #[test]
    fn files_without_a_model_are_anchored_to_lines() {
        let a = of("# escape=ab\nFROM a:1\n");
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a, of("# escape=ab\nFROM b:2\n"));
        assert_ne!(a, of("# escape=cd\nFROM a:1\n"));
        assert_eq!(fingerprints(None, None, &check(b"\xff", &crate::CheckOptions::default()).findings).len(), 1);
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        // Test vectors from the FNV reference (draft-eastlake-fnv): "" and "a".
        assert_eq!(fnv1a64(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
    }
}

//! One module per output format. Each only presents what the core returned.

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod verify;

use slimfile_core::Finding;

/// `3 findings`, `1 finding`: a count with its noun.
#[must_use]
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first and last 1-based lines a finding covers. A span that ends just after a newline
/// (column 1 of the next line) stops on its own line: annotations and review comments must not
/// reach into a line the finding is not about.
#[must_use]
pub fn lines_of(finding: &Finding) -> (u32, u32) {
    let (start, end) = (finding.range.start, finding.range.end);
    let last = if end.line > start.line && end.column == 1 { end.line - 1 } else { end.line.max(start.line) };
    (start.line.max(1), last.max(1))
}

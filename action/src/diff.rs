//! Unified diffs of a proposed Dockerfile against the original, as `git apply` reads them.

/// The unified diff from `old` to `new` for `path` (empty when they are equal).
#[must_use]
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

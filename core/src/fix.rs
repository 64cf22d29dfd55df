//! Fixes as data: byte-range edits with a safety level, applied in one pass and iterated to a
//! fixpoint.
//!
//! A rule never rewrites text itself. It describes the edits, and the caller decides which
//! applicability it accepts: the CLI's `--safe-only`, a pull-request suggestion, or the page's
//! "apply" button all apply the same data.

use serde::Serialize;

use crate::limits::MAX_FIX_PASSES;
use crate::source::Span;
use crate::stable_sort;

/// How safe a fix is to apply without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied: it needs a decision only the author can make.
    DisplayOnly,
    /// Valid, but the image's contents or behaviour may change (the multi-stage split, dropping
    /// recommended packages): apply only when asked.
    Unsafe,
    /// The image behaves the same: apply automatically, offer as a one-click suggestion.
    Safe,
}

impl Applicability {
    /// The kebab-case name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DisplayOnly => "display-only",
            Self::Unsafe => "unsafe",
            Self::Safe => "safe",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What goes there.
    pub replacement: String,
}

impl Edit {
    /// Replaces `span`.
    #[must_use]
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self { span, replacement: replacement.into() }
    }

    /// Inserts at `offset`.
    #[must_use]
    pub fn insert(offset: usize, text: impl Into<String>) -> Self {
        Self { span: Span::empty(offset), replacement: text.into() }
    }

    /// Deletes `span`.
    #[must_use]
    pub fn delete(span: Span) -> Self {
        Self { span, replacement: String::new() }
    }
}

/// A titled set of edits that belong together.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    /// What applying it does, in a few words.
    pub title: String,
    /// How safe it is.
    pub applicability: Applicability,
    /// The edits, sorted by position, not overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix from edits (sorted here).
    #[must_use]
    pub fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        stable_sort::by_key(&mut edits, |e| (e.span.start, e.span.end));
        Self { title: title.into(), applicability, edits }
    }

    /// The span from the first edit to the last.
    #[must_use]
    pub fn span(&self) -> Span {
        let start = self.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.span.end).max().unwrap_or(start);
        Span::new(start, end)
    }

    fn overlaps(&self, taken: &[Span]) -> bool {
        self.edits.iter().any(|e| {
            taken.iter().any(|t| {
                // Two insertions at the same place conflict too: their order would be arbitrary.
                (e.span.start < t.end && t.start < e.span.end)
                    || (e.span.start == t.start && (e.span.is_empty() || t.is_empty()))
            })
        })
    }
}

/// Applies as many of `fixes` as fit in one pass: a fix whose edits overlap one already taken is
/// skipped (it will be offered again on the next pass). Returns the text and how many applied.
#[must_use]
pub fn apply_once(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut ordered: Vec<&Fix> = fixes.iter().copied().filter(|f| !f.edits.is_empty()).collect();
    stable_sort::by_key(&mut ordered, |f| (f.span().start, f.span().end));
    let mut taken: Vec<Span> = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in ordered {
        let in_bounds = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        if !in_bounds || fix.overlaps(&taken) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.span));
        edits.extend(fix.edits.iter());
        applied += 1;
    }
    stable_sort::by_key(&mut edits, |e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Why fixes could not be brought to rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum FixError {
    /// The fixes kept changing the text after this many passes.
    NoFixpoint(usize),
}

/// Applies fixes, recomputes them on the result, and repeats until none applies.
///
/// `fixes_for` returns the fixes to apply for a text (already filtered by applicability).
///
/// # Errors
/// [`FixError::NoFixpoint`] when the text still changes after [`MAX_FIX_PASSES`] passes.
pub fn apply_to_fixpoint(text: &str, fixes_for: &dyn Fn(&str) -> Vec<Fix>) -> Result<(String, usize), FixError> {
    let mut current = text.to_owned();
    let mut total = 0;
    for _ in 0..MAX_FIX_PASSES {
        let fixes = fixes_for(&current);
        let refs: Vec<&Fix> = fixes.iter().collect();
        let (next, applied) = apply_once(&current, &refs);
        if applied == 0 || next == current {
            return Ok((current, total));
        }
        total += applied;
        current = next;
    }
    Err(FixError::NoFixpoint(MAX_FIX_PASSES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::new("t", Applicability::Safe, edits)
    }

    #[test]
    fn applies_in_one_pass_skipping_overlaps() {
        let text = "abcdef";
        let a = fix(vec![Edit::replace(Span::new(0, 2), "X")]);
        let b = fix(vec![Edit::replace(Span::new(1, 3), "Y")]);
        let c = fix(vec![Edit::insert(6, "!"), Edit::delete(Span::new(3, 4))]);
        let (out, applied) = apply_once(text, &[&b, &a, &c]);
        assert_eq!(applied, 2);
        assert_eq!(out, "Xcef!");
    }

    #[test]
    fn out_of_bounds_edits_are_skipped() {
        let (out, applied) = apply_once("ab", &[&fix(vec![Edit::replace(Span::new(1, 9), "x")])]);
        assert_eq!((out.as_str(), applied), ("ab", 0));
    }

    #[test]
    fn converges_or_reports_no_fixpoint() {
        let once = |t: &str| if t.contains('!') { vec![] } else { vec![fix(vec![Edit::insert(t.len(), "!")])] };
        assert_eq!(apply_to_fixpoint("hi", &once), Ok(("hi!".to_owned(), 1)));
        let forever = |t: &str| vec![fix(vec![Edit::insert(t.len(), "!")])];
        assert_eq!(apply_to_fixpoint("hi", &forever), Err(FixError::NoFixpoint(MAX_FIX_PASSES)));
    }
}

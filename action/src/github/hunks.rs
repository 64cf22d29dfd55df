//! Which lines of a pull request's new file a review comment may sit on: the lines of its diff
//! hunks (added and context lines), read from the `patch` GitHub gives for each changed file.
//!
//! GitHub refuses (422) a review comment outside the hunks, and a multi-line comment whose first
//! and last lines are in different hunks.

use std::collections::BTreeMap;

/// The new file's lines that appear in the diff, with their text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffLines {
    /// 1-based line number → (hunk index, the line's text without its newline).
    lines: BTreeMap<u32, (usize, String)>,
    /// The lines the diff adds (the others in `lines` are context).
    added: std::collections::BTreeSet<u32>,
}

impl DiffLines {
    /// Reads a unified-diff `patch` (hunks only, as in GitHub's pull-request files API).
    #[must_use]
    pub fn parse(patch: &str) -> Self {
        let mut lines = BTreeMap::new();
        let mut added = std::collections::BTreeSet::new();
        let mut hunk = 0;
        let mut next: Option<u32> = None;
        for line in patch.lines() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.starts_with("@@") {
                next = new_start(line);
                hunk += 1;
                continue;
            }
            let Some(number) = next else { continue };
            match line.as_bytes().first() {
                Some(b'+' | b' ') => {
                    if line.starts_with('+') {
                        added.insert(number);
                    }
                    lines.insert(number, (hunk, line[1..].to_owned()));
                    next = Some(number + 1);
                }
                // GitHub writes an empty context line as a lone space, but tolerate editors that
                // strip it.
                None => {
                    lines.insert(number, (hunk, String::new()));
                    next = Some(number + 1);
                }
                // Removed lines and "\ No newline at end of file" are not in the new file.
                _ => {}
            }
        }
        Self { lines, added }
    }

    /// Whether any of lines `first..=last` is one the diff adds.
    #[must_use]
    pub fn adds_any(&self, first: u32, last: u32) -> bool {
        self.added.range(first..=last).next().is_some()
    }

    /// Whether any of lines `first..=last` is in the diff's hunks (added or context).
    #[must_use]
    pub fn touches_any(&self, first: u32, last: u32) -> bool {
        self.lines.range(first..=last).next().is_some()
    }

    /// Whether lines `first..=last` are all in the diff, in one hunk.
    #[must_use]
    pub fn covers(&self, first: u32, last: u32) -> bool {
        let Some((hunk, _)) = self.lines.get(&first) else { return false };
        first <= last && (first..=last).all(|line| self.lines.get(&line).is_some_and(|(h, _)| h == hunk))
    }

    /// The text the diff shows for 1-based `line`.
    #[must_use]
    pub fn text(&self, line: u32) -> Option<&str> {
        self.lines.get(&line).map(|(_, text)| text.as_str())
    }
}

/// The new file's first line in a hunk header `@@ -a,b +c,d @@`.
fn new_start(header: &str) -> Option<u32> {
    let plus = header.split_whitespace().find(|part| part.starts_with('+'))?;
    let start = plus[1..].split(',').next()?;
    start.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_and_context_lines_are_commentable_removed_ones_are_not() {
        let patch = "@@ -1,4 +1,5 @@\n FROM debian:12\n-RUN old\n+RUN apt-get update\n+RUN new\n \n WORKDIR /app\n\
                     @@ -20,2 +21,3 @@ CMD\n COPY . .\n+RUN make\n CMD [\"x\"]\n\\ No newline at end of file";
        let diff = DiffLines::parse(patch);
        assert_eq!(diff.text(1), Some("FROM debian:12"));
        assert_eq!(diff.text(2), Some("RUN apt-get update"));
        assert_eq!(diff.text(3), Some("RUN new"));
        assert_eq!(diff.text(4), Some(""));
        assert_eq!(diff.text(5), Some("WORKDIR /app"));
        assert_eq!(diff.text(6), None);
        assert_eq!(diff.text(22), Some("RUN make"));
        assert_eq!(diff.text(23), Some("CMD [\"x\"]"));
        assert!(diff.covers(2, 5));
        assert!(!diff.covers(5, 21), "two hunks");
        assert!(!diff.covers(6, 6));
        assert!(diff.covers(21, 23));
        assert!(diff.adds_any(2, 2) && !diff.adds_any(4, 5) && diff.adds_any(4, 22));
        assert!(diff.touches_any(5, 5) && !diff.touches_any(6, 20));
    }

    #[test]
    fn a_new_file_is_all_added_lines() {
        let diff = DiffLines::parse("@@ -0,0 +1,2 @@\n+FROM alpine\n+RUN apk add curl");
        assert!(diff.covers(1, 2));
        assert_eq!(diff.text(2), Some("RUN apk add curl"));
        assert_eq!(DiffLines::parse(""), DiffLines::default());
        assert!(!DiffLines::default().covers(1, 1));
    }
}

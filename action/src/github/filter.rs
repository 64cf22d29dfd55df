//! `filter-mode`: which findings of a pull request count. Touching one line of a legacy
//! Dockerfile must not fail the pull request on the file's old problems, so with `added` (or
//! `diff-context`) only findings on the lines the diff adds (or shows) are reported and weighed
//! by `fail-on`. A file whose diff is unknown (GitHub left its patch out) keeps every finding:
//! nothing can be told apart there.

use super::files::ChangedFiles;
use super::hunks::DiffLines;
use super::inputs::FilterMode;
use crate::file_outcome::FileOutcome;
use crate::output::lines_of;

/// Drops the findings `mode` does not count from `outcomes` (with their fingerprints); returns
/// how many were dropped. `changed` is the pull request's files (`None`: not a pull request,
/// or its files are unknown, and every finding counts).
pub fn apply(mode: FilterMode, outcomes: &mut [FileOutcome], changed: Option<&ChangedFiles>) -> usize {
    let Some(changed) = changed.filter(|_| mode != FilterMode::File) else { return 0 };
    let mut dropped = 0;
    for outcome in outcomes {
        let file = changed.files.iter().find(|f| f.filename == outcome.path);
        let diff = match file {
            Some(file) => match file.patch.as_deref() {
                Some(patch) => DiffLines::parse(patch),
                None if file.changes == 0 => DiffLines::default(),
                None => continue,
            },
            // Not among the changed files: no line of it is in the diff (unless the listing is
            // capped, when it may be).
            None if changed.complete => DiffLines::default(),
            None => continue,
        };
        let keep: Vec<bool> = outcome
            .findings
            .iter()
            .map(|finding| {
                let (first, last) = lines_of(finding);
                match mode {
                    FilterMode::Added => diff.adds_any(first, last),
                    FilterMode::DiffContext => diff.touches_any(first, last),
                    FilterMode::File => true,
                }
            })
            .collect();
        dropped += keep.iter().filter(|k| !**k).count();
        let mut flags = keep.iter();
        outcome.findings.retain(|_| *flags.next().unwrap_or(&true));
        if outcome.fingerprints.len() == keep.len() {
            let mut flags = keep.iter();
            outcome.fingerprints.retain(|_| *flags.next().unwrap_or(&true));
        }
    }
    dropped
}

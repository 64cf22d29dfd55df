//! `add-instead-of-copy`: `ADD` of local files or directories, which `COPY` does plainly.

use super::written_paths::is_archive;
use super::{Context, Report, Rule, RuleMeta};
use crate::document::Keyword;
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};

/// See `docs/rules/add-instead-of-copy.md`.
pub struct AddInsteadOfCopy;

static META: RuleMeta = RuleMeta {
    id: "add-instead-of-copy",
    severity: Severity::Info,
    summary: "ADD copies plain local files, which COPY says plainly",
    docs: include_str!("../../../docs/rules/add-instead-of-copy.md"),
    hadolint: &["DL3020"],
    fix: Some(Applicability::Safe),
};

/// Flags only `ADD` has: with one of them the instruction is not a plain copy.
const ADD_ONLY_FLAGS: &[&str] = &["checksum", "keep-git-dir", "unpack"];

/// Single-file compressions: `ADD` extracts a tar archive compressed this way whatever its
/// name says, so a file named like this may be one.
const COMPRESSED_SUFFIXES: &[&str] = &[".gz", ".bz2", ".xz", ".lz", ".lzma", ".z", ".zst", ".tb2", ".tlz", ".tz"];

/// Whether `ADD` would do more than copy `source`: a URL, a Git repository, a tar archive (or a
/// name that may be one), or a pattern or variable whose files are not known.
fn more_than_a_copy(source: &str) -> bool {
    let name = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source).to_ascii_lowercase();
    let pattern = name.contains(['*', '?', '[']);
    // A pattern is known only by a literal extension that no archive has (`*.conf`).
    let unknown_pattern = pattern && name.rsplit_once('.').is_none_or(|(_, ext)| ext.contains(['*', '?', '[']));
    let base = source.split('#').next().unwrap_or(source);
    source.contains("://")
        || source.starts_with("git@")
        || base.ends_with(".git")
        || source.contains('$')
        || unknown_pattern
        || is_archive(&name)
        || COMPRESSED_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for (i, instruction) in context.instructions() {
            if instruction.keyword != Keyword::Add || !instruction.heredocs.is_empty() {
                continue;
            }
            let Some((_, sources)) = instruction.words().split_last() else { continue };
            if sources.is_empty()
                || sources.iter().any(|s| more_than_a_copy(&s.value))
                || instruction.flags.iter().any(|f| ADD_ONLY_FLAGS.contains(&f.name.as_str()))
            {
                continue;
            }
            let written = context.doc.slice(instruction.keyword_span);
            let copy = if written.chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
            let fix = Fix::new("Use COPY", Applicability::Safe, vec![Edit::replace(instruction.keyword_span, copy)]);
            report.add(
                i,
                instruction.keyword_span,
                "`ADD` of local files only copies them here: `COPY` says so, and does not start unpacking or downloading if a source changes".into(),
                None,
                Some(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::more_than_a_copy;

    #[test]
    fn plain_sources_and_the_rest() {
        for plain in [".", "src/", "app.py", "conf/*.conf", "bin/tool", "data.zip", "app.jar"] {
            assert!(!more_than_a_copy(plain), "{plain}");
        }
        for more in [
            "https://example.com/a",
            "git@github.com:a/b.git",
            "{{.ServerURL}}/.git#v0.0.1",
            "vendor.tar.gz",
            "rootfs.tar",
            "data.gz",
            "files/*",
            "*.t?z",
            "$SRC",
        ] {
            assert!(more_than_a_copy(more), "{more}");
        }
    }
}

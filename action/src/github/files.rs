//! Which Dockerfiles a run checks: the `files` globs, applied to the files a pull request
//! changed (from the pull-request files API) or to the whole checkout.

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use super::client::{Api, ApiError};
use super::run_environment::Repository;
use crate::discover;

/// The `files` input: globs over repository-relative paths (`*` stays within a directory, `**`
/// crosses them), separated by newlines or commas; a leading `!` excludes. Without any
/// including glob, the usual Dockerfile names are matched anywhere.
#[derive(Debug)]
pub struct FileFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl FileFilter {
    /// Parses the `files` input.
    ///
    /// # Errors
    /// A glob that does not parse, with the reason.
    pub fn parse(patterns: &str) -> Result<Self, String> {
        let mut include = GlobSetBuilder::new();
        let mut exclude = GlobSetBuilder::new();
        let mut any_include = false;
        for pattern in patterns.split(['\n', ',']).map(str::trim).filter(|p| !p.is_empty() && !p.starts_with('#')) {
            let (set, glob) = match pattern.strip_prefix('!') {
                Some(rest) => (&mut exclude, rest.trim()),
                None => {
                    any_include = true;
                    (&mut include, pattern)
                }
            };
            let glob = glob.trim_start_matches("./");
            let compiled = GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map_err(|error| format!("the files glob '{pattern}' does not parse: {error}"))?;
            set.add(compiled);
        }
        let build = |builder: GlobSetBuilder| builder.build().map_err(|error| format!("the files globs: {error}"));
        Ok(Self { include: if any_include { Some(build(include)?) } else { None }, exclude: build(exclude)? })
    }

    /// Whether the repository-relative `path` (with `/` separators) is to be checked.
    #[must_use]
    pub fn matches(&self, path: &str) -> bool {
        let included = match &self.include {
            Some(globs) => globs.is_match(path),
            None => discover::is_dockerfile_name(path.rsplit('/').next().unwrap_or(path)),
        };
        included && !self.exclude.is_match(path)
    }
}

/// One file of a pull request, as `GET /repos/{o}/{r}/pulls/{n}/files` lists it.
#[derive(Clone, Debug, Deserialize)]
pub struct ChangedFile {
    /// The path in the new tree.
    pub filename: String,
    /// `added`, `modified`, `renamed`, `removed`, ...
    pub status: String,
    /// The diff hunks; GitHub leaves it out for very large diffs and binary files.
    pub patch: Option<String>,
    /// The path before a rename.
    pub previous_filename: Option<String>,
    /// Lines added plus lines removed (0 for a rename that changes nothing).
    #[serde(default)]
    pub changes: u64,
}

/// The most files GitHub's pull-request files API lists.
pub const FILES_API_CAP: usize = 3_000;

/// What the pull request changes, as far as GitHub lists it.
#[derive(Clone, Debug)]
pub struct ChangedFiles {
    /// The listed files.
    pub files: Vec<ChangedFile>,
    /// Whether that is every file: GitHub lists at most 3,000, and the payload says how many
    /// there are.
    pub complete: bool,
}

impl ChangedFiles {
    /// Whether this run knows the diff of `path` (its new or its old name), so that earlier
    /// comments on it can be judged again. A file whose patch GitHub left out, or one beyond
    /// the listing's cap, is unknown: its comments are kept.
    #[must_use]
    pub fn diff_known(&self, path: &str) -> bool {
        let entry = self.files.iter().find(|f| f.filename == path || f.previous_filename.as_deref() == Some(path));
        match entry {
            // The old name of a rename has no lines left to comment on.
            Some(file) if file.filename != path => true,
            Some(file) => file.patch.is_some() || file.changes == 0,
            None => self.complete,
        }
    }
}

/// Every file the pull request changes (all pages); `expected` is the payload's count.
///
/// # Errors
/// The API error.
pub async fn changed_files(
    api: &Api,
    repo: &Repository,
    number: u64,
    expected: Option<u64>,
) -> Result<ChangedFiles, ApiError> {
    let files: Vec<ChangedFile> =
        api.get_all(&format!("/repos/{}/{}/pulls/{number}/files", repo.owner, repo.name)).await?;
    let listed = u64::try_from(files.len()).unwrap_or(u64::MAX);
    let complete = files.len() < FILES_API_CAP && expected.is_none_or(|expected| expected <= listed);
    Ok(ChangedFiles { files, complete })
}

/// The repository-relative paths under `root` that `filter` matches, sorted.
#[must_use]
pub fn in_checkout(root: &Path, filter: &FileFilter) -> Vec<String> {
    discover::walk(root, &|path| relative(root, path).is_some_and(|p| filter.matches(&p)))
        .iter()
        .filter_map(|path| relative(root, path))
        .collect()
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rest.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{ChangedFile, ChangedFiles, FileFilter};

    #[test]
    fn unknown_diffs_are_omitted_patches_and_files_beyond_the_cap() {
        let file = |name: &str, patch: Option<&str>, previous: Option<&str>, changes| ChangedFile {
            filename: name.to_owned(),
            status: if previous.is_some() { "renamed" } else { "modified" }.to_owned(),
            patch: patch.map(str::to_owned),
            previous_filename: previous.map(str::to_owned),
            changes,
        };
        let listed = vec![
            file("a/Dockerfile", Some("@@ -1 +1 @@\n-x\n+y"), None, 2),
            file("big/Dockerfile", None, None, 40_000),
            file("new/Dockerfile", None, Some("old/Dockerfile"), 0),
        ];
        let complete = ChangedFiles { files: listed.clone(), complete: true };
        assert!(complete.diff_known("a/Dockerfile"));
        assert!(!complete.diff_known("big/Dockerfile"), "GitHub left the patch out");
        assert!(complete.diff_known("new/Dockerfile"), "a pure rename has an empty diff");
        assert!(complete.diff_known("old/Dockerfile"));
        assert!(complete.diff_known("elsewhere/Dockerfile"));
        let capped = ChangedFiles { files: listed, complete: false };
        assert!(!capped.diff_known("elsewhere/Dockerfile"), "maybe beyond the 3,000 listed");
    }

    #[test]
    fn default_names_anywhere() {
        let filter = FileFilter::parse("").expect("parses");
        assert!(filter.matches("Dockerfile"));
        assert!(filter.matches("services/api/Dockerfile.prod"));
        assert!(filter.matches("web/app.Dockerfile"));
        assert!(!filter.matches("web/Dockerfile.dockerignore"));
        assert!(!filter.matches("README.md"));
    }

    #[test]
    fn globs_with_exclusions() {
        let filter = FileFilter::parse("services/**/Dockerfile*, ./Containerfile\n!services/legacy/**\n# a comment")
            .expect("parses");
        assert!(filter.matches("services/api/Dockerfile"));
        assert!(filter.matches("services/a/b/Dockerfile.dev"));
        assert!(filter.matches("Containerfile"));
        assert!(!filter.matches("services/legacy/Dockerfile"));
        assert!(!filter.matches("Dockerfile"), "only what the globs name");
        assert!(!filter.matches("other/Containerfile"), "* and names stay in their directory");
        let error = FileFilter::parse("a/[b").expect_err("unclosed class");
        assert!(error.contains("'a/[b'"), "{error}");
    }
}

//! Which Dockerfiles a run checks: the `files` globs, applied to the files a pull request
//! changed (from the pull-request files API) or to the whole checkout.

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use super::client::{Api, ApiError};
use super::context::Repository;
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
}

/// Every file the pull request changes (all pages).
///
/// # Errors
/// The API error.
pub async fn changed_files(api: &Api, repo: &Repository, number: u64) -> Result<Vec<ChangedFile>, ApiError> {
    api.get_all(&format!("/repos/{}/{}/pulls/{number}/files", repo.owner, repo.name)).await
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
    use super::FileFilter;

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

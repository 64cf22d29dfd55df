//! Lists the build context next to a Dockerfile, so the core can size `COPY` instructions from
//! real files instead of an assumption.
//!
//! The context is taken to be the Dockerfile's directory (what `docker build .` beside it sends).
//! Files its `.dockerignore` excludes are left out, read roughly: each line is a pattern anchored
//! at the context root, `!` re-includes, and an ignored directory is not entered. BuildKit's
//! per-Dockerfile `<name>.dockerignore` wins over `.dockerignore`. `.git` is always skipped: it is
//! nearly always ignored, and a `COPY . .` that ships history deserves its own finding, not a
//! silent gigabyte here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use slimfile_core::estimate::{BuildContext, ContextFile};

/// Past this many files the listing stops and the estimate falls back to its assumption: a
/// context this large is probably not the one the Dockerfile is built with (a repository root),
/// and walking it would make `check` slow.
pub const MAX_FILES: usize = 100_000;

/// Listings already made in this run, so Dockerfiles sharing a context walk it once.
#[derive(Debug, Default)]
pub struct ContextCache {
    listed: HashMap<(PathBuf, Option<PathBuf>), Option<BuildContext>>,
}

impl ContextCache {
    /// The files of the context of the Dockerfile at `dockerfile`; `None` when the directory
    /// cannot be read or holds more than [`MAX_FILES`] files.
    pub fn list(&mut self, dockerfile: &Path) -> Option<BuildContext> {
        let root = context_root(dockerfile).to_path_buf();
        let ignore_file = ignore_file(&root, dockerfile);
        self.listed
            .entry((root.clone(), ignore_file.clone()))
            .or_insert_with(|| walk(&root, ignore_file.as_deref()))
            .clone()
    }
}

/// The build context of the Dockerfile at `dockerfile`: its directory, what `docker build .`
/// beside it sends. Every command that reads or builds the context takes it from here.
#[must_use]
pub fn context_root(dockerfile: &Path) -> &Path {
    match dockerfile.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The ignore file that applies: `<Dockerfile name>.dockerignore` beside the Dockerfile, else
/// `.dockerignore` at the root.
fn ignore_file(root: &Path, dockerfile: &Path) -> Option<PathBuf> {
    let own = dockerfile.file_name().map(|name| {
        let mut name = name.to_os_string();
        name.push(".dockerignore");
        root.join(name)
    });
    own.filter(|p| p.is_file()).or_else(|| Some(root.join(".dockerignore")).filter(|p| p.is_file()))
}

fn walk(root: &Path, ignore_file: Option<&Path>) -> Option<BuildContext> {
    let ignore = dockerignore(root, ignore_file);
    let filter_root = root.to_path_buf();
    let walker = WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let Ok(relative) = entry.path().strip_prefix(&filter_root) else { return true };
            if relative.as_os_str().is_empty() {
                return true;
            }
            if relative.components().next().is_some_and(|c| c.as_os_str() == ".git") {
                return false;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !ignore.matched(relative, is_dir).is_ignore()
        })
        .build();
    let mut files = Vec::new();
    for entry in walker {
        let entry = entry.ok()?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else { continue };
        let path = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        files.push(ContextFile { path, bytes });
        if files.len() > MAX_FILES {
            return None;
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Some(BuildContext { files })
}

/// The rules of `ignore_file`, each line anchored at the context root; none when it is absent
/// or unreadable.
fn dockerignore(root: &Path, ignore_file: Option<&Path>) -> Gitignore {
    let text = ignore_file.and_then(|path| std::fs::read_to_string(path).ok()).unwrap_or_default();
    let mut builder = GitignoreBuilder::new(root);
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negated, pattern) = match line.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
        if pattern.is_empty() {
            continue;
        }
        // Anchored, as Docker reads every pattern from the context root.
        let anchored = format!("{}/{pattern}", if negated { "!" } else { "" });
        // A pattern the matcher cannot read is skipped, as a rough reader should.
        let _ = builder.add_line(None, &anchored);
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

//! Finding the Dockerfiles a run should read.

use std::path::{Path, PathBuf};

/// Where a Dockerfile's text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// The name shown in reports.
    #[must_use]
    pub fn display_path(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Stdin => "<stdin>".to_owned(),
        }
    }
}

/// Whether a `.dockerignore` filters the build context of a Dockerfile, taking the context to be
/// the Dockerfile's directory: `<Dockerfile name>.dockerignore` (which BuildKit prefers) or
/// `.dockerignore` beside it. `None` when that cannot be known: standard input, or a directory
/// that cannot be read.
#[must_use]
pub fn dockerignore_beside(input: &Input) -> Option<bool> {
    let Input::File(path) = input else { return None };
    let directory = crate::build_context::context_root(path);
    let mut specific = path.file_name()?.to_os_string();
    specific.push(".dockerignore");
    for candidate in [directory.join(specific), directory.join(".dockerignore")] {
        match candidate.try_exists() {
            Ok(true) => return Some(true),
            Ok(false) => {}
            Err(_) => return None,
        }
    }
    Some(false)
}

/// Whether a file name is one of the Dockerfile names we look for in directories: `docker build`
/// reads a lower-case `dockerfile` when there is no `Dockerfile`, so that name counts too.
#[must_use]
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    name == "Dockerfile"
        || name == LOWER_CASE
        || name == "Containerfile"
        || name.ends_with(".Dockerfile")
        || name.strip_prefix("Dockerfile.").is_some_and(|rest| !rest.is_empty())
}

/// Expands the command-line paths: files as given, directories searched (honouring .gitignore),
/// `-` as standard input. Directory results are sorted so that output is stable.
#[must_use]
pub fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if path.is_dir() {
            out.extend(search(path).into_iter().map(Input::File));
        } else {
            out.push(Input::File(path.clone()));
        }
    }
    out
}

/// The lower-case name Docker falls back to.
const LOWER_CASE: &str = "dockerfile";

fn search(dir: &Path) -> Vec<PathBuf> {
    walk(dir, &|path| {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
        // Beside a `Dockerfile`, Docker never reads `dockerfile` (on a case-insensitive file
        // system they are one file, listed once under its own name).
        is_dockerfile_name(name) && !(name == LOWER_CASE && path.with_file_name("Dockerfile").is_file())
    })
}

/// Every file under `dir` that `keep` accepts, honouring .gitignore and skipping `.git`, sorted.
#[must_use]
pub fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(true)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .filter(|entry| keep(entry.path()))
        .map(ignore::DirEntry::into_path)
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::{Input, dockerignore_beside, is_dockerfile_name};

    #[test]
    fn dockerfile_names() {
        for yes in ["Dockerfile", "dockerfile", "Containerfile", "api.Dockerfile", "Dockerfile.dev"] {
            assert!(is_dockerfile_name(yes), "{yes}");
        }
        for no in ["Dockerfile.dockerignore", "dockerfile.txt", "Dockerfile.", "README.md", "docker-compose.yml"] {
            assert!(!is_dockerfile_name(no), "{no}");
        }
    }

    #[test]
    fn standard_input_has_no_known_dockerignore() {
        assert_eq!(dockerignore_beside(&Input::Stdin), None);
    }
}

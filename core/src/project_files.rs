//! The text of the project's dependency manifests, which only the caller can read (the core does
//! no I/O) and which the rewrite needs to plan a dependency layer that still builds.
//!
//! Copying the manifests before the sources is only safe when installing from them needs nothing
//! else: a `requirements.txt` line `./fastsum` installs a folder of the build context, a Cargo
//! workspace needs every member's manifest, and a Maven project with `<modules>` needs every
//! module's `pom.xml`. The CLI and the Action read the files [`ProjectFiles::wants`] names from
//! the build context; the playground has no build context and passes none, so the rewrite falls
//! back to what the Dockerfile alone shows and says what it assumes.

use std::collections::BTreeMap;

use crate::limits::{MAX_PROJECT_FILE_BYTES, MAX_PROJECT_FILES};

/// Manifests of the build context, by path relative to the context root (`/`-separated, no
/// leading `./`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectFiles {
    files: BTreeMap<String, String>,
}

impl ProjectFiles {
    /// Whether the rewrite reads the file at `path` (relative to the context root): `Cargo.toml`,
    /// `go.mod`, `pom.xml`, `package.json`, `composer.json`, `pyproject.toml` and `.python-version` at the root, and pip requirement and constraint files
    /// (`requirements*.txt`, `requirements/*.in`, `constraints.txt`) and .NET project files
    /// (`*.csproj`) up to three folders deep.
    #[must_use]
    pub fn wants(path: &str) -> bool {
        let path = normalise_owned(path);
        let mut parts: Vec<&str> = path.split('/').collect();
        let Some(name) = parts.pop() else { return false };
        if parts.is_empty()
            && matches!(
                name,
                "Cargo.toml"
                    | "go.mod"
                    | "pom.xml"
                    | "package.json"
                    | "composer.json"
                    | "pyproject.toml"
                    | ".python-version"
            )
        {
            return true;
        }
        // .NET project files, which say whether the app needs ASP.NET Core.
        if parts.len() <= 3 && [".csproj", ".fsproj", ".vbproj"].iter().any(|ext| name.ends_with(ext)) {
            return true;
        }
        let requirement_like = |s: &str| s.contains("requirements") || s.contains("constraints");
        parts.len() <= 3
            && (name.ends_with(".txt") || name.ends_with(".in"))
            && (requirement_like(name) || parts.last().is_some_and(|dir| requirement_like(dir)))
    }

    /// Adds the text of the file at `path`. Returns `false`, and keeps nothing, when the file is
    /// not one [`ProjectFiles::wants`] names, is larger than [`MAX_PROJECT_FILE_BYTES`], or
    /// [`MAX_PROJECT_FILES`] files are already held: such a file stays unknown, as in the
    /// playground.
    pub fn insert(&mut self, path: &str, text: String) -> bool {
        if !Self::wants(path) || text.len() > MAX_PROJECT_FILE_BYTES || self.files.len() >= MAX_PROJECT_FILES {
            return false;
        }
        self.files.insert(normalise_owned(path), text);
        true
    }

    /// The text of the file at `path` (relative to the context root; `./` and `//` are ignored),
    /// or `None` when the caller did not read it.
    #[must_use]
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(&normalise_owned(path)).map(String::as_str)
    }

    /// Whether no file is known (the playground, or a context without manifests).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// `a/./b//c` → `a/b/c`, and `a/../b` → `b`; a path that leaves the context keeps its `..`, so
/// it matches nothing.
pub(crate) fn normalise_owned(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wants_the_manifests_the_rewrite_reads() {
        for path in [
            "Cargo.toml",
            "go.mod",
            "pom.xml",
            "package.json",
            "pyproject.toml",
            ".python-version",
            "requirements.txt",
            "./requirements-dev.txt",
            "requirements/base.in",
            "requirements/prod.txt",
            "backend/requirements.txt",
            "constraints.txt",
            "src/Api/Api.csproj",
        ] {
            assert!(ProjectFiles::wants(path), "{path}");
        }
        for path in ["src/main.rs", "crates/a/Cargo.toml", "web/package.json", "notes.txt", "a/b/c/d/requirements.txt"]
        {
            assert!(!ProjectFiles::wants(path), "{path}");
        }
    }

    #[test]
    fn keeps_only_what_it_wants_within_the_limits() {
        let mut files = ProjectFiles::default();
        assert!(files.insert("./requirements.txt", "flask\n".into()));
        assert!(!files.insert("app.py", "print()".into()));
        assert!(!files.insert("pom.xml", "x".repeat(MAX_PROJECT_FILE_BYTES + 1)));
        assert_eq!(files.get("requirements.txt"), Some("flask\n"));
        assert_eq!(files.get("./sub/../requirements.txt"), Some("flask\n"));
        assert_eq!(files.get("app.py"), None);
        assert_eq!(files.get("pom.xml"), None);
    }
}

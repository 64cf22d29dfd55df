//! The names of the files in the build context, which only the caller can list (the core does no
//! I/O) and which the rewrite needs to see what a compiled app may read beside its binary
//! (`templates/`, a `config.yaml`, an SQLite file) and whether a manifest such as `go.mod` is
//! there at all.
//!
//! The CLI lists the context as `docker build` sends it, `.dockerignore` honoured; the playground
//! and standard input have no context, and pass none: the rewrite then says what it assumes.

/// The files of a build context, by path relative to its root (`/`-separated, no leading `./`),
/// sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextFiles {
    paths: Vec<String>,
}

impl ContextFiles {
    /// The context holding `paths` (in any order, `./` and `//` ignored).
    #[must_use]
    pub fn new<I, S>(paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut paths: Vec<String> = paths
            .into_iter()
            .map(|p| crate::project_files::normalise_owned(p.as_ref()))
            .filter(|p| !p.is_empty())
            .collect();
        paths.sort();
        paths.dedup();
        Self { paths }
    }

    /// Every file, sorted.
    #[must_use]
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Whether the file at `path` is in the context.
    #[must_use]
    pub fn contains(&self, path: &str) -> bool {
        let path = crate::project_files::normalise_owned(path);
        self.paths.binary_search(&path).is_ok()
    }

    /// Whether some file lies under the folder `dir`.
    #[must_use]
    pub fn has_dir(&self, dir: &str) -> bool {
        let prefix = format!("{}/", crate::project_files::normalise_owned(dir));
        self.paths.iter().any(|p| p.starts_with(&prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_folders_are_found_by_normalised_path() {
        let files = ContextFiles::new(["./go.mod", "templates//index.html", "main.go", "go.mod"]);
        assert_eq!(files.paths(), ["go.mod", "main.go", "templates/index.html"]);
        assert!(files.contains("go.mod") && files.contains("./main.go"));
        assert!(!files.contains("templates"));
        assert!(files.has_dir("templates") && files.has_dir("./templates/"));
        assert!(!files.has_dir("static"));
    }
}

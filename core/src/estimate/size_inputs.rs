//! What the caller measured outside the Dockerfile: the files of the build context and, when it
//! has them, the real sizes of build artifacts. The core does no I/O, so these come in as data;
//! without them the estimate falls back to stated assumptions.

use std::collections::BTreeMap;

/// Measurements that replace assumptions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SizeInputs {
    /// The files of the build context, when the caller could list them.
    pub context: Option<BuildContext>,
    /// On-disk bytes of files copied out of other stages, keyed by the source path a
    /// `COPY --from` names (`/out/server`), for callers that built the image.
    pub artifacts: BTreeMap<String, u64>,
    /// Debian's package closures per release (`scripts/gen-debian-closures`), when the caller
    /// carries them; without them the core's small Debian 12 table stands in.
    pub packages: Option<std::sync::Arc<super::package_index::PackageIndex>>,
    /// What the build context's lock files install, sized by the caller, per installer.
    pub dependencies: Vec<super::dependencies::DependencySizes>,
}

/// The files of a build context, as `docker build` would send them (ignored files left out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildContext {
    /// Every file, with its path relative to the context root, `/`-separated.
    pub files: Vec<ContextFile>,
}

/// One file of the build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextFile {
    /// Path relative to the context root, `/`-separated, without a leading `./`.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What a `COPY` or `ADD` reads from the context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Measured {
    /// Total bytes of the matched files, each counted once.
    pub bytes: u64,
    /// How many files.
    pub files: usize,
}

impl BuildContext {
    /// The files `sources` (as a `COPY` writes them) select: a source names a file, a directory
    /// (everything under it) or a pattern with `*` and `?` per path segment, as BuildKit matches
    /// them. `None` when a source matches nothing or cannot be read offline (`$VAR`): the
    /// context is then probably not this one, and the caller falls back to an assumption.
    #[must_use]
    pub fn measure(&self, sources: &[&str]) -> Option<Measured> {
        let mut selected = vec![false; self.files.len()];
        for source in sources {
            if source.contains('$') {
                return None;
            }
            let pattern = normalize(source);
            let mut any = false;
            for (file, chosen) in self.files.iter().zip(selected.iter_mut()) {
                if selects(&pattern, &file.path) {
                    *chosen = true;
                    any = true;
                }
            }
            if !any {
                return None;
            }
        }
        let mut measured = Measured { bytes: 0, files: 0 };
        for (file, chosen) in self.files.iter().zip(&selected) {
            if *chosen {
                measured.bytes = measured.bytes.saturating_add(file.bytes);
                measured.files += 1;
            }
        }
        Some(measured)
    }
}

/// A source as a path pattern relative to the context root: `./src/` → `src`, `.` → ``.
fn normalize(source: &str) -> String {
    let mut rest = source.trim();
    loop {
        let trimmed = rest.trim_start_matches('/').trim_start_matches("./");
        if trimmed == rest {
            break;
        }
        rest = trimmed;
    }
    let rest = rest.trim_end_matches('/');
    if rest == "." { String::new() } else { rest.to_owned() }
}

/// Whether `pattern` selects `path`: it matches the path or one of its parent directories.
fn selects(pattern: &str, path: &str) -> bool {
    if pattern.is_empty() {
        return true;
    }
    let wanted: Vec<&str> = pattern.split('/').collect();
    let have: Vec<&str> = path.split('/').collect();
    have.len() >= wanted.len() && wanted.iter().zip(&have).all(|(w, h)| segment_matches(w, h))
}

/// `*` (any run of characters) and `?` (one character) within one path segment.
fn segment_matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                backtrack = Some((p, n));
                p += 1;
            }
            Some(&c) if c == '?' || c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match backtrack {
                Some((star, at)) => {
                    p = star + 1;
                    n = at + 1;
                    backtrack = Some((star, at + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> BuildContext {
        let files =
            [("go.mod", 34), ("main.go", 1165), ("cmd/api/main.go", 500), ("cmd/api/util.go", 200), ("README.md", 10)];
        BuildContext {
            files: files.iter().map(|(path, bytes)| ContextFile { path: (*path).to_owned(), bytes: *bytes }).collect(),
        }
    }

    #[test]
    fn whole_context_directories_files_and_patterns() {
        let ctx = context();
        assert_eq!(ctx.measure(&["."]), Some(Measured { bytes: 1909, files: 5 }));
        assert_eq!(ctx.measure(&["./"]), Some(Measured { bytes: 1909, files: 5 }));
        assert_eq!(ctx.measure(&["cmd/"]), Some(Measured { bytes: 700, files: 2 }));
        assert_eq!(ctx.measure(&["/go.mod", "./main.go"]), Some(Measured { bytes: 1199, files: 2 }));
        assert_eq!(ctx.measure(&["*.go"]), Some(Measured { bytes: 1165, files: 1 }));
        assert_eq!(ctx.measure(&["cmd/*/m?in.go"]), Some(Measured { bytes: 500, files: 1 }));
        // Overlapping sources count each file once.
        assert_eq!(ctx.measure(&["cmd", "cmd/api/main.go"]), Some(Measured { bytes: 700, files: 2 }));
    }

    #[test]
    fn missing_or_variable_sources_are_not_measured() {
        let ctx = context();
        assert_eq!(ctx.measure(&["go.sum"]), None);
        assert_eq!(ctx.measure(&["go.mod", "go.sum"]), None);
        assert_eq!(ctx.measure(&["$SRC"]), None);
        assert_eq!(ctx.measure(&["main"]), None);
    }

    #[test]
    fn segment_patterns() {
        assert!(segment_matches("*", ""));
        assert!(segment_matches("a*b*c", "axxbyyc"));
        assert!(!segment_matches("a*b", "axxc"));
        assert!(segment_matches("*.json", "package-lock.json"));
        assert!(!segment_matches("?", "ab"));
    }
}

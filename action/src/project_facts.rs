//! What the CLI knows of a Dockerfile's build context that the core cannot read for itself:
//! whether an ignore file sits there, the names of its files (as `docker build` sends them,
//! `.dockerignore` honoured), and the text of the dependency manifests the rewrite plans its
//! dependency layer from. Every command builds its facts here, so `check`, `fix`, `verify`
//! and the Action propose the same Dockerfile for the same file.

use std::io::Read;
use std::path::Path;

use slimfile_core::context_files::ContextFiles;
use slimfile_core::estimate::BuildContext;
use slimfile_core::limits::MAX_PROJECT_FILE_BYTES;
use slimfile_core::project_files::ProjectFiles;
use slimfile_core::rules::Facts;

use crate::build_context::context_root;
use crate::discover::{self, Input};

/// The facts of `input`, whose build context is listed in `listing` (`None` for standard input,
/// or when the context could not be listed: the core then states its assumptions instead).
#[must_use]
pub fn facts_for(input: &Input, listing: Option<&BuildContext>) -> Facts {
    let (project, context_files) = match (input, listing) {
        (Input::File(path), Some(listing)) => (
            project_files(context_root(path), listing),
            Some(ContextFiles::new(listing.files.iter().map(|file| file.path.as_str()))),
        ),
        _ => (ProjectFiles::default(), None),
    };
    Facts { has_dockerignore: discover::dockerignore_beside(input), project, context_files }
}

/// Reads the manifests the core asks for. A file that cannot be read, is not UTF-8 or is too
/// large stays unknown, exactly as if the context had not been seen.
fn project_files(root: &Path, listing: &BuildContext) -> ProjectFiles {
    let mut project = ProjectFiles::default();
    let wanted = listing
        .files
        .iter()
        .filter(|file| ProjectFiles::wants(&file.path) && file.bytes <= MAX_PROJECT_FILE_BYTES as u64);
    for file in wanted {
        if let Some(text) = read_bounded(&root.join(&file.path)) {
            project.insert(&file.path, text);
        }
    }
    project
}

fn read_bounded(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_PROJECT_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_context::ContextCache;

    #[test]
    fn reads_the_manifests_beside_the_dockerfile_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("Dockerfile"), "FROM python:3.12\n").expect("write");
        std::fs::write(root.join("requirements.txt"), "./fastsum\n").expect("write");
        std::fs::create_dir(root.join("fastsum")).expect("mkdir");
        std::fs::write(root.join("fastsum/setup.py"), "setup()\n").expect("write");
        std::fs::write(root.join("pom.xml"), [0xff, 0xfe]).expect("write");
        let dockerfile = root.join("Dockerfile");
        let listing = ContextCache::default().list(&dockerfile);
        let facts = facts_for(&Input::File(dockerfile), listing.as_ref());
        assert_eq!(facts.project.get("requirements.txt"), Some("./fastsum\n"));
        assert_eq!(facts.project.get("fastsum/setup.py"), None);
        // Not UTF-8: unknown, as if unread.
        assert_eq!(facts.project.get("pom.xml"), None);
        assert_eq!(facts.has_dockerignore, Some(false));
        assert!(facts_for(&Input::Stdin, listing.as_ref()).project.is_empty());
        assert_eq!(facts_for(&Input::Stdin, listing.as_ref()).context_files, None);
    }

    #[test]
    fn lists_the_context_files_as_docker_sends_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("Dockerfile"), "FROM golang:1.22\n").expect("write");
        std::fs::write(root.join(".dockerignore"), "secrets/\n*.log\n").expect("write");
        std::fs::create_dir_all(root.join("templates")).expect("mkdir");
        std::fs::create_dir_all(root.join("secrets")).expect("mkdir");
        std::fs::write(root.join("templates/index.html"), "<p>").expect("write");
        std::fs::write(root.join("secrets/key"), "k").expect("write");
        std::fs::write(root.join("debug.log"), "x").expect("write");
        let dockerfile = root.join("Dockerfile");
        let listing = ContextCache::default().list(&dockerfile);
        let facts = facts_for(&Input::File(dockerfile), listing.as_ref());
        let files = facts.context_files.expect("listed");
        assert!(files.contains("templates/index.html") && files.contains("Dockerfile"));
        assert!(!files.contains("secrets/key") && !files.contains("debug.log"));
    }
}

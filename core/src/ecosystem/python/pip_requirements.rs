//! What `pip install -r FILE` needs from the build context besides FILE: the requirement files
//! it includes (`-r`, `-c`) and the local paths it installs (`./pkg`, `-e ./lib`, a wheel, a
//! `--find-links` folder). The dependency layer copies exactly these before the install; without
//! them the install fails in a build that has not copied the sources yet.
//!
//! pip reads a nested `-r`/`-c` file relative to the file that names it, and a local path
//! relative to the working directory (pip's `req_file.py`); `--find-links` is tried relative to
//! the file first, which is where we take it from.

use crate::project_files::{ProjectFiles, normalise_owned};

/// The most requirement files one install may include, directly or not.
const MAX_FILES: usize = 64;

/// What an install from requirement files needs from the build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ContextNeeds {
    /// These files and folders, relative to the context root: the requirement files (those the
    /// command names first) and the local paths they install.
    Paths {
        /// Every requirement and constraint file, included ones too.
        files: Vec<String>,
        /// Local packages, wheels and `--find-links` folders.
        local: Vec<String>,
    },
    /// The install needs the project's own sources (`.`, `-e .`, a path outside the context or
    /// one slimfile cannot place); the sentence says which line.
    Sources(String),
    /// A requirement file the caller did not read (the playground, or a file over the limits).
    Unread(String),
}

/// Follows the requirement files `roots` (as the command names them, relative to the context
/// root, which is where the install runs) through `project`.
pub(crate) fn context_needs(project: &ProjectFiles, roots: &[String]) -> ContextNeeds {
    let mut files: Vec<String> = Vec::new();
    let mut local: Vec<String> = Vec::new();
    let mut queue: Vec<String> = roots.iter().map(|r| normalise_owned(r)).collect();
    while let Some(file) = queue.pop() {
        if files.contains(&file) {
            continue;
        }
        if files.len() >= MAX_FILES {
            return ContextNeeds::Unread(format!("{file} (more than {MAX_FILES} requirement files are included)"));
        }
        let Some(text) = project.get(&file) else { return ContextNeeds::Unread(file) };
        let base = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        for line in logical_lines(text) {
            match read_line(&line) {
                Line::Include(path) if !is_url(&path) => queue.push(normalise_owned(&join(base, &path))),
                Line::Local { path, relative_to_file } => {
                    let joined = if relative_to_file { join(base, &path) } else { path.clone() };
                    match context_path(&joined) {
                        Ok(path) if !local.contains(&path) => local.push(path),
                        Ok(_) => {}
                        Err(why) => return ContextNeeds::Sources(format!("{file} installs `{path}`, {why}")),
                    }
                }
                Line::Include(_) | Line::Other => {}
            }
        }
        files.push(file);
    }
    // The roots first, in the command's order, then what they include.
    crate::stable_sort::by_key(&mut files, |f| {
        roots.iter().position(|r| normalise_owned(r) == *f).unwrap_or(usize::MAX)
    });
    ContextNeeds::Paths { files, local }
}

/// One line of a requirements file, as far as the build context is concerned.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// `-r FILE` or `-c FILE`.
    Include(String),
    /// A path pip reads from disk.
    Local {
        /// As written.
        path: String,
        /// Whether pip resolves it against the requirement file's folder.
        relative_to_file: bool,
    },
    /// A package from an index or a URL, or an option that reads nothing local.
    Other,
}

/// The lines of `text` with continuations joined and comments removed (pip's rules: `#` at the
/// start or after a blank starts a comment; a line ending in `\` continues).
fn logical_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for raw in text.lines() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(head) = raw.strip_suffix('\\') {
            current.push_str(head);
            continue;
        }
        current.push_str(raw);
        let line = strip_comment(&current).trim().to_owned();
        if !line.is_empty() {
            lines.push(line);
        }
        current.clear();
    }
    let line = strip_comment(&current).trim().to_owned();
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

fn read_line(line: &str) -> Line {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else { return Line::Other };
    let value = |short: &str, long: &str| -> Option<String> {
        if first == short || first == long {
            return words.clone().next().map(str::to_owned);
        }
        if let Some(rest) = first.strip_prefix(&format!("{long}=")) {
            return Some(rest.to_owned());
        }
        first.strip_prefix(short).filter(|rest| !rest.is_empty() && !short.is_empty()).map(str::to_owned)
    };
    if let Some(path) = value("-r", "--requirement").or_else(|| value("-c", "--constraint")) {
        return Line::Include(path);
    }
    if let Some(path) = value("-e", "--editable") {
        return if is_url(&path) {
            Line::Other
        } else {
            Line::Local { path: strip_extras(&path), relative_to_file: false }
        };
    }
    if let Some(path) = value("-f", "--find-links") {
        return if is_url(&path) { Line::Other } else { Line::Local { path, relative_to_file: true } };
    }
    if first.starts_with('-') {
        return Line::Other;
    }
    // A requirement: `name==1.0`, `name @ https://...`, or a path. The marker after `;` and the
    // extras in brackets are not part of the path.
    let requirement = first.split(';').next().unwrap_or(first);
    let path = strip_extras(requirement);
    let looks_local = path.starts_with('.') || path.starts_with('/') || path.contains('/') || is_archive(&path);
    if looks_local && !is_url(&path) && !line.contains(" @ ") {
        return Line::Local { path, relative_to_file: false };
    }
    if line.contains("@ file:") || path.starts_with("file:") {
        return Line::Local { path: line.to_owned(), relative_to_file: false };
    }
    Line::Other
}

/// Whether `path` names a package archive (a wheel or an sdist) rather than a folder.
pub(crate) fn is_archive(path: &str) -> bool {
    [".whl", ".tar.gz", ".zip", ".tar.bz2"].iter().any(|ext| path.ends_with(ext))
}

fn strip_extras(path: &str) -> String {
    match path.find('[') {
        Some(at) if path.ends_with(']') => path[..at].to_owned(),
        _ => path.to_owned(),
    }
}

fn is_url(path: &str) -> bool {
    path.contains("://") || path.starts_with("git+") || path.starts_with("hg+") || path.starts_with("svn+")
}

fn join(base: &str, path: &str) -> String {
    if base.is_empty() || path.starts_with('/') { path.to_owned() } else { format!("{base}/{path}") }
}

/// A local path as a context path, or why the install needs the sources for it.
fn context_path(path: &str) -> Result<String, &'static str> {
    if path.contains("file:") {
        return Err("a `file:` reference slimfile does not place in the build context");
    }
    if path.starts_with('/') {
        return Err("an absolute path, which slimfile cannot place in the build context");
    }
    if path.contains('$') {
        return Err("a path with a variable");
    }
    let normal = normalise_owned(path);
    if normal.is_empty() {
        return Err("the project itself");
    }
    if normal.starts_with("..") {
        return Err("a path outside the build context");
    }
    Ok(normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> ProjectFiles {
        let mut project = ProjectFiles::default();
        for (path, text) in files {
            assert!(project.insert(path, (*text).to_owned()), "{path}");
        }
        project
    }

    fn needs(files: &[(&str, &str)], roots: &[&str]) -> ContextNeeds {
        let roots: Vec<String> = roots.iter().map(|r| (*r).to_owned()).collect();
        context_needs(&project(files), &roots)
    }

    #[test]
    fn index_packages_need_nothing_more() {
        let text =
            "flask==3.0  # web\n--index-url https://pypi.org/simple\nrequests[socks] ; python_version >= '3.8'\n";
        assert_eq!(
            needs(&[("requirements.txt", text)], &["requirements.txt"]),
            ContextNeeds::Paths { files: vec!["requirements.txt".into()], local: vec![] }
        );
    }

    #[test]
    fn local_packages_and_included_files_are_needed() {
        let files = [
            ("requirements.txt", "-r requirements/base.txt\n./fastsum[fast]\n-e ./libs/core\n"),
            ("requirements/base.txt", "-c constraints.txt\n--find-links wheels\nnumpy\n"),
            ("requirements/constraints.txt", "numpy<2\n"),
        ];
        assert_eq!(
            needs(&files, &["./requirements.txt"]),
            ContextNeeds::Paths {
                files: vec![
                    "requirements.txt".into(),
                    "requirements/base.txt".into(),
                    "requirements/constraints.txt".into()
                ],
                local: vec!["fastsum".into(), "libs/core".into(), "requirements/wheels".into()],
            }
        );
    }

    #[test]
    fn the_project_itself_or_a_path_outside_needs_the_sources() {
        for (text, why) in [
            ("-e .\n", "the project itself"),
            (".[dev]\n", "the project itself"),
            ("../shared\n", "outside the build context"),
            ("/opt/pkgs/x.whl\n", "an absolute path"),
            ("pkg @ file:///src/pkg\n", "`file:`"),
        ] {
            match needs(&[("requirements.txt", text)], &["requirements.txt"]) {
                ContextNeeds::Sources(reason) => assert!(reason.contains(why), "{text:?}: {reason}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_unread_file_is_said_to_be_unread() {
        assert_eq!(needs(&[], &["requirements.txt"]), ContextNeeds::Unread("requirements.txt".into()));
        assert_eq!(
            needs(&[("requirements.txt", "-r extra.txt\n")], &["requirements.txt"]),
            ContextNeeds::Unread("extra.txt".into())
        );
    }

    #[test]
    fn continuations_comments_and_urls() {
        let text =
            "git+https://github.com/a/b.git#egg=b\n-e git+https://x/y.git#egg=y\nrequests \\\n  ==2.0\n#./not-this\n";
        assert_eq!(
            needs(&[("requirements.txt", text)], &["requirements.txt"]),
            ContextNeeds::Paths { files: vec!["requirements.txt".into()], local: vec![] }
        );
    }
}

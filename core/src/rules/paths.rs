//! Paths as rules compare them: resolved against the working directory, cleaned of `.` and
//! `..`, and matched segment by segment with `*` wildcards.

/// `path` made absolute and clean: relative paths are taken from `cwd`, `~`, `$HOME` and
/// `${HOME}` are root's home when `root` is set. `None` when that cannot be told: a variable or
/// a command substitution in it, a relative path with no known `cwd`, or another user's home.
#[must_use]
pub(crate) fn resolve(cwd: Option<&str>, path: &str, root: bool) -> Option<String> {
    let home_relative = ["~", "$HOME", "${HOME}"].iter().find_map(|home| {
        let rest = path.strip_prefix(home)?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    });
    let joined = match home_relative {
        Some(rest) if root => format!("/root{rest}"),
        Some(_) => return None,
        None if path.starts_with('/') => path.to_owned(),
        None => format!("{}/{path}", cwd?),
    };
    if joined.contains(['$', '`']) || path.is_empty() {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    Some(format!("/{}", segments.join("/")))
}

/// Whether `inner` is `outer` or under it, segment by segment; `*` in a segment of either
/// matches any one segment.
pub(crate) fn path_within(inner: &str, outer: &str) -> bool {
    let inner: Vec<&str> = inner.split('/').collect();
    let outer: Vec<&str> = outer.split('/').collect();
    outer.len() <= inner.len() && outer.iter().zip(&inner).all(|(o, i)| segment_matches(o, i) || segment_matches(i, o))
}

/// `pattern` (with `*` wildcards) against one path segment.
fn segment_matches(pattern: &str, segment: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else { return pattern == segment };
    let Some(mut rest) = segment.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else { return pattern == segment };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_home_and_dotted_paths() {
        assert_eq!(resolve(Some("/app"), "node_modules/.cache", true).as_deref(), Some("/app/node_modules/.cache"));
        assert_eq!(resolve(Some("/app/"), "./x/../y/", true).as_deref(), Some("/app/y"));
        assert_eq!(resolve(None, "/tmp//go.tgz", true).as_deref(), Some("/tmp/go.tgz"));
        assert_eq!(resolve(None, "x", true), None);
        assert_eq!(resolve(Some("/"), "~/.npm", true).as_deref(), Some("/root/.npm"));
        assert_eq!(resolve(Some("/"), "$HOME/.npm", false), None);
        assert_eq!(resolve(Some("/"), "$APP/x", true), None);
        assert_eq!(resolve(Some("/"), "/..", true).as_deref(), Some("/"));
    }

    #[test]
    fn paths_within_match_segments_and_wildcards() {
        assert!(path_within("/tmp/go.tgz", "/tmp"));
        assert!(path_within("/tmp/go.tgz", "/tmp/*"));
        assert!(path_within("/tmp", "/tmp"));
        assert!(!path_within("/tmp", "/tmp/*"));
        assert!(!path_within("/tmpx/a", "/tmp"));
        assert!(path_within("/usr/local/bundle/ruby/3.3.0/cache", "/usr/local/bundle/ruby/*/cache"));
        assert!(segment_matches("a*c", "abc") && !segment_matches("a*c", "abd") && segment_matches("*.tgz", "go.tgz"));
    }
}

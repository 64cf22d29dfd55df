//! Whether `cargo fetch` can run on a `Cargo.toml` (and its lock file) alone, before the sources
//! are copied: a single package whose targets cargo finds by itself and whose dependencies all
//! come from a registry or git. A workspace, a path dependency or a target with its own path
//! needs more files than the manifest, so the download cannot go in a layer of its own.
//!
//! Read line by line rather than with a TOML parser: the playground ships this code to every
//! visitor, and the answer only needs table headers and a few keys. Anything unusual (multi-line
//! strings) is a "no", which leaves the Dockerfile as the author ordered it.

/// `Ok` when `cargo fetch` works on `manifest` with a placeholder `src/main.rs`; otherwise why
/// not, as a clause ("Cargo.toml declares a workspace with members").
pub(super) fn fetch_alone(manifest: &str) -> Result<(), String> {
    if manifest.contains("'''") || manifest.contains("\"\"\"") {
        return Err("Cargo.toml has multi-line strings, which slimfile does not read".to_owned());
    }
    let mut table = String::new();
    let mut has_package = false;
    for raw in manifest.lines() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = header(line) {
            table = header;
            has_package |= table == "package";
            if let Some(target) = ["lib", "bin", "example", "test", "bench"].iter().find(|t| table == **t) {
                return Err(format!("Cargo.toml declares a [{target}] target, whose source cargo would look for"));
            }
            if table.starts_with("patch") || table == "replace" {
                return Err(format!("Cargo.toml has a [{table}] section, which may point at local paths"));
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim().trim_matches('"');
        let value = value.trim();
        let dependency_table = table.ends_with("dependencies") || table.contains("dependencies.");
        if dependency_table && (key == "path" || key.ends_with(".path") || has_inline_key(value, "path")) {
            return Err("Cargo.toml has path dependencies, which live outside the manifest".to_owned());
        }
        match (table.as_str(), key) {
            ("workspace", "members") => {
                return Err("Cargo.toml declares a workspace with members, whose manifests it needs too".to_owned());
            }
            ("package", "workspace") => {
                return Err("the package belongs to a workspace declared elsewhere".to_owned());
            }
            ("package", "build") if value != "false" => {
                return Err("Cargo.toml names a build script by path".to_owned());
            }
            _ => {}
        }
    }
    if has_package { Ok(()) } else { Err("Cargo.toml has no [package] section".to_owned()) }
}

/// The binaries a `Cargo.toml` declares, as far as its text shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Binaries {
    /// A package: its `[[bin]]` names, and its package name when it builds the default binary
    /// (`src/main.rs`, or when it declares no `[[bin]]`).
    Package(Vec<String>),
    /// A workspace root without a package: the binaries are in member manifests slimfile did not
    /// read.
    Workspace,
}

/// The binaries of `manifest`; `src_main` says whether `src/main.rs` is known to exist (`None`:
/// unknown, counted as present). `None` when the text is not one slimfile reads.
pub(super) fn binaries(manifest: &str, src_main: Option<bool>) -> Option<Binaries> {
    let mut table = String::new();
    let mut package_name = None;
    let mut bins = Vec::new();
    let mut autobins = true;
    let mut workspace = false;
    for raw in manifest.lines() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = header(line) {
            table = header;
            workspace |= table == "workspace";
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim().trim_matches('"');
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        match (table.as_str(), key) {
            ("package", "name") => package_name = Some(value.to_owned()),
            ("package", "autobins") => autobins = value != "false",
            ("bin", "name") => bins.push(value.to_owned()),
            _ => {}
        }
    }
    match package_name {
        None if workspace => Some(Binaries::Workspace),
        None => None,
        Some(name) => {
            // Cargo builds src/main.rs as the package's binary unless a [[bin]] claims that name.
            if autobins && src_main != Some(false) && !bins.contains(&name) {
                bins.push(name);
            }
            Some(Binaries::Package(bins))
        }
    }
}

/// The table a header line opens, quotes and blanks removed: `[target.'cfg(unix)'.dependencies]`
/// → `target.cfg(unix).dependencies`, `[[bin]]` → `bin`.
fn header(line: &str) -> Option<String> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let inner = inner.strip_prefix('[').and_then(|i| i.strip_suffix(']')).unwrap_or(inner);
    Some(inner.chars().filter(|c| !matches!(c, '"' | '\'' | ' ' | '\t')).collect())
}

/// Whether the inline table `value` (`{ version = "1", path = "../x" }`) sets `key`.
fn has_inline_key(value: &str, key: &str) -> bool {
    value.starts_with('{')
        && value
            .trim_matches(|c| c == '{' || c == '}')
            .split(',')
            .any(|pair| pair.split_once('=').is_some_and(|(k, _)| k.trim().trim_matches('"') == key))
}

fn strip_comment(line: &str) -> &str {
    let mut in_string: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (in_string, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => in_string = Some(c),
            (Some(q), c) if c == q => in_string = None,
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_package_can_be_fetched_alone() {
        let manifest = "[package]\nname = \"hello\" # the service\nversion = \"0.1.0\"\nbuild = false\n\n\
                        [dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n\
                        tokio.version = \"1\"\nrand = { git = \"https://github.com/rust-random/rand\" }\n\n\
                        [target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n\n[workspace]\n";
        assert_eq!(fetch_alone(manifest), Ok(()));
    }

    #[test]
    fn binaries_come_from_bin_targets_and_the_package_name() {
        let package = "[package]\nname = \"sutom-api\"\n[dependencies]\nname = \"x\"\n";
        assert_eq!(binaries(package, None), Some(Binaries::Package(vec!["sutom-api".into()])));
        let bins = "[package]\nname = \"tool\"\n[[bin]]\nname = \"server\"\npath = \"src/server.rs\"\n";
        assert_eq!(binaries(bins, Some(false)), Some(Binaries::Package(vec!["server".into()])));
        assert_eq!(binaries(bins, Some(true)), Some(Binaries::Package(vec!["server".into(), "tool".into()])));
        assert_eq!(binaries("[workspace]\nmembers = [\"a\"]\n", None), Some(Binaries::Workspace));
        assert_eq!(binaries("[dependencies]\n", None), None);
    }

    #[test]
    fn what_needs_more_than_the_manifest_is_named() {
        for (manifest, why) in [
            ("[workspace]\nmembers = [\"a\", \"b\"]\n", "workspace with members"),
            ("[package]\nname = \"a\"\n[dependencies]\ncore = { path = \"../core\" }\n", "path dependencies"),
            ("[package]\nname = \"a\"\n[dev-dependencies.helper]\npath = \"helper\"\n", "path dependencies"),
            ("[package]\nname = \"a\"\n[dependencies]\nhelper.path = \"helper\"\n", "path dependencies"),
            ("[package]\nname = \"a\"\n[[bin]]\nname = \"tool\"\npath = \"tools/main.rs\"\n", "[bin] target"),
            ("[package]\nname = \"a\"\n[lib]\nproc-macro = true\n", "[lib] target"),
            ("[package]\nname = \"a\"\nworkspace = \"..\"\n", "workspace declared elsewhere"),
            ("[package]\nname = \"a\"\nbuild = \"gen.rs\"\n", "build script"),
            ("[package]\nname = \"a\"\n[patch.crates-io]\nfoo = { path = \"foo\" }\n", "[patch.crates-io]"),
            ("[dependencies]\nfoo = \"1\"\n", "no [package]"),
            ("[package]\ndescription = '''\nmulti\n'''\n", "multi-line"),
        ] {
            match fetch_alone(manifest) {
                Err(reason) => assert!(reason.contains(why), "{manifest:?}: {reason}"),
                Ok(()) => panic!("{manifest:?} was accepted"),
            }
        }
    }
}

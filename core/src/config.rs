//! `.slimfile.toml`: which rules run, how severe they are, which runtime the rewrite aims for and
//! which registries images may come from.
//!
//! Parsing only: the caller finds and reads the file (the core does no I/O) and hands the text
//! here. Every mistake in the file is an error that names the key or rule id and its line and
//! column, so a typo never silently turns a rule back on.
//!
//! ```toml
//! ignore = ["unpinned-base-image"]
//! runtime = "distroless"
//! cache-mounts = true
//! non-root = true
//! allowed-registries = ["docker.io", "ghcr.io"]
//!
//! [severity]
//! package-cache-in-layer = "error"
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::builtin_rules;
use crate::finding::Severity;
use crate::image_ref::{DOCKER_HUB, normalize_registry};
use crate::rules;
use crate::source::{LineIndex, Position, Span};

/// The file name searched for next to, and above, each Dockerfile.
pub const FILE_NAME: &str = ".slimfile.toml";

pub use crate::rewrite::RuntimeFamily;

/// A parsed, validated configuration. The default is what a run without a file does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Rule ids whose findings are dropped.
    pub ignore: Vec<String>,
    /// Severity overrides, by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// The runtime family the rewrite should aim for, when the author chose one.
    pub runtime: Option<RuntimeFamily>,
    /// Registry hosts images may come from (`docker.io` for bare names such as `node`),
    /// normalized; empty means any registry.
    pub allowed_registries: Vec<String>,
    /// Whether the rewrite adds BuildKit cache mounts (`cache-mounts = true`).
    pub cache_mounts: bool,
    /// Whether the rewrite's runtime runs as a non-root user (`non-root = true`).
    pub non_root: bool,
}

impl Config {
    /// No file: every rule at its default severity, any registry.
    pub const EMPTY: Self = Self {
        ignore: Vec::new(),
        severity: BTreeMap::new(),
        runtime: None,
        allowed_registries: Vec::new(),
        cache_mounts: false,
        non_root: false,
    };

    /// The multi-stage rewrite's options this configuration asks for.
    #[must_use]
    pub fn rewrite_options(&self) -> crate::rewrite::RewriteOptions {
        crate::rewrite::RewriteOptions {
            runtime: self.runtime,
            cache_mounts: self.cache_mounts,
            non_root: self.non_root,
        }
    }

    /// Whether findings of `rule` are dropped.
    #[must_use]
    pub fn ignores(&self, rule: &str) -> bool {
        self.ignore.iter().any(|id| id == rule)
    }

    /// The severity findings of `rule` get: the override, or `default`.
    #[must_use]
    pub fn severity_of(&self, rule: &str, default: Severity) -> Severity {
        self.severity.get(rule).copied().unwrap_or(default)
    }

    /// Whether an image from `registry` (as written; `None` for Docker Hub) is allowed.
    #[must_use]
    pub fn allows_registry(&self, registry: Option<&str>) -> bool {
        if self.allowed_registries.is_empty() {
            return true;
        }
        let host = normalize_registry(registry.unwrap_or(DOCKER_HUB));
        self.allowed_registries.contains(&host)
    }
}

/// What is wrong with a configuration file, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    /// A plain sentence naming the key or rule id.
    pub message: String,
    /// The bytes it is about.
    pub span: Span,
    /// Where it starts, 1-based (the column counts characters).
    pub position: Position,
}

impl std::fmt::Display for ConfigError {
    /// `line:column: message`, so that a caller only prefixes the path.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.position.line, self.position.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The file as written, with spans kept for error positions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    runtime: Option<RuntimeFamily>,
    #[serde(default)]
    allowed_registries: Vec<Spanned<String>>,
    #[serde(default)]
    cache_mounts: bool,
    #[serde(default)]
    non_root: bool,
}

/// Parses and validates the text of a `.slimfile.toml`.
///
/// # Errors
/// On TOML syntax errors, unknown keys, unknown rule ids, severities or runtimes, and registry
/// entries that are not host names, with the position of the offending text.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let index = LineIndex::new(text);
    let error = |message: String, span: Span| ConfigError { message, span, position: index.position(text, span.start) };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let span = e.span().map_or(Span::empty(0), |r| Span::new(r.start, r.end));
        error(e.message().trim_end().to_owned(), span)
    })?;
    let mut config =
        Config { runtime: raw.runtime, cache_mounts: raw.cache_mounts, non_root: raw.non_root, ..Config::default() };
    for id in raw.ignore {
        check_rule_id(id.get_ref(), "ignore").map_err(|m| error(m, span_of(&id)))?;
        config.ignore.push(id.into_inner());
    }
    for (id, severity) in raw.severity {
        check_rule_id(id.get_ref(), "[severity]").map_err(|m| error(m, span_of(&id)))?;
        config.severity.insert(id.into_inner(), severity);
    }
    for entry in raw.allowed_registries {
        let host = entry.get_ref().trim();
        if host.is_empty() || host.contains(['/', '@']) || host.contains(char::is_whitespace) {
            return Err(error(
                format!(
                    "`{}` in allowed-registries is not a registry host: write a host such as `docker.io`, `ghcr.io` \
                     or `registry.example.com:5000`",
                    entry.get_ref()
                ),
                span_of(&entry),
            ));
        }
        config.allowed_registries.push(normalize_registry(host));
    }
    Ok(config)
}

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

fn check_rule_id(id: &str, key: &str) -> Result<(), String> {
    if rules::by_id(id).is_some() {
        return Ok(());
    }
    if builtin_rules::describe(id).is_some() {
        return Err(format!(
            "`{id}` in {key} cannot be configured: a file slimfile cannot read or that would not build is always an \
             error"
        ));
    }
    let known: Vec<&str> = rules::all().iter().map(|r| r.meta().id).collect();
    Err(format!("unknown rule `{id}` in {key}; the rules are: {}", known.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let config = parse(
            "ignore = [\"unpinned-base-image\"]\nruntime = \"distroless\"\nallowed-registries = [\"Docker.io\", \
             \"ghcr.io\"]\n[severity]\npackage-cache-in-layer = \"error\"\n",
        )
        .expect("valid config");
        assert!(config.ignores("unpinned-base-image"));
        assert!(!config.ignores("package-cache-in-layer"));
        assert_eq!(config.severity_of("package-cache-in-layer", Severity::Warning), Severity::Error);
        assert_eq!(config.severity_of("apt-install-recommends", Severity::Warning), Severity::Warning);
        assert_eq!(config.runtime, Some(RuntimeFamily::Distroless));
        assert_eq!(config.allowed_registries, ["docker.io", "ghcr.io"]);
        assert!(config.allows_registry(None));
        assert!(config.allows_registry(Some("index.docker.io")));
        assert!(!config.allows_registry(Some("quay.io")));
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse(""), Ok(Config::default()));
        assert_eq!(Config::EMPTY, Config::default());
        assert!(Config::EMPTY.allows_registry(Some("anything.example")));
    }

    #[test]
    fn unknown_key_names_it_with_its_position() {
        let err = parse("ignore = []\nrumtime = \"alpine\"\n").expect_err("unknown key");
        assert!(err.message.contains("rumtime"), "{err}");
        assert_eq!(err.position, Position { line: 2, column: 1 });
    }

    #[test]
    fn unknown_rule_ids_are_errors_at_the_id() {
        let err = parse("ignore = [\"unpinned-base-image\", \"no-such-rule\"]\n").expect_err("unknown id");
        assert!(err.message.contains("unknown rule `no-such-rule` in ignore"), "{err}");
        assert_eq!(err.position, Position { line: 1, column: 34 });

        let err = parse("[severity]\n\"apt-install-recommend\" = \"error\"\n").expect_err("unknown id");
        assert!(err.message.contains("unknown rule `apt-install-recommend` in [severity]"), "{err}");
        assert_eq!(err.position.line, 2);

        let err = parse("ignore = [\"syntax-error\"]").expect_err("built-in");
        assert!(err.message.contains("cannot be configured"), "{err}");
    }

    #[test]
    fn bad_values_are_errors_at_the_value() {
        let err = parse("[severity]\nunpinned-base-image = \"fatal\"\n").expect_err("bad severity");
        assert!(err.message.contains("fatal"), "{err}");
        assert_eq!(err.position.line, 2);
        let err = parse("runtime = \"ubuntu\"").expect_err("bad runtime");
        assert!(err.message.contains("ubuntu") && err.message.contains("distroless"), "{err}");
        let err = parse("allowed-registries = [\"ghcr.io/team\"]").expect_err("not a host");
        assert!(err.message.contains("`ghcr.io/team`"), "{err}");
        assert_eq!(err.position, Position { line: 1, column: 23 });
        let err = parse("ignore = [").expect_err("syntax");
        assert_eq!(err.position.line, 1);
        assert!(err.to_string().starts_with("1:"), "{err}");
    }
}

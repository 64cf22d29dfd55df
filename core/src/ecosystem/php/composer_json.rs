//! What a `composer.json` says about installing it before the sources are copied, and which
//! packages it installs only for development.

use serde_json::Value;

/// The events `composer install` fires besides the autoload dump: a script on one of them would
/// be skipped by `--no-scripts`, and `composer dump-autoload` does not fire it (Composer's
/// "Scripts" documentation lists the events per command).
const INSTALL_EVENTS: &[&str] = &[
    "pre-install-cmd",
    "post-install-cmd",
    "pre-operations-exec",
    "pre-package-install",
    "post-package-install",
    "pre-package-update",
    "post-package-update",
    "pre-package-uninstall",
    "post-package-uninstall",
    "pre-pool-create",
    "pre-dependencies-solving",
    "post-dependencies-solving",
    "pre-file-download",
    "post-file-download",
    "pre-command-run",
    "command",
];

/// Repository types that install from the build context rather than from the lock's sources.
const LOCAL_REPOSITORIES: &[&str] = &["path", "artifact"];

/// What the rewrite reads of a `composer.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct ComposerJson {
    /// The names under `require-dev`.
    pub require_dev: Vec<String>,
    /// The names under `scripts`.
    scripts: Vec<String>,
    /// The `type` of each entry of `repositories`.
    repository_types: Vec<String>,
}

/// Whether the install can move before the sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Reorder {
    /// Yes: installing from composer.json and composer.lock alone installs the same.
    Move,
    /// No, for this reason.
    Keep(String),
}

impl ComposerJson {
    /// Reads `text`, or says why it cannot.
    pub(super) fn parse(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let keys = |name: &str| -> Vec<String> {
            value.get(name).and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default()
        };
        // `repositories` is a list, or an object keyed by name.
        let repositories: Vec<&Value> = match value.get("repositories") {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(Value::Object(map)) => map.values().collect(),
            _ => Vec::new(),
        };
        let repository_types =
            repositories.iter().filter_map(|r| r.get("type").and_then(Value::as_str)).map(str::to_owned).collect();
        Ok(Self { require_dev: keys("require-dev"), scripts: keys("scripts"), repository_types })
    }

    /// Whether `composer install` may run on composer.json and composer.lock alone, with the
    /// autoload dump after the sources.
    pub(super) fn reorder(&self) -> Reorder {
        if let Some(kind) = self.repository_types.iter().find(|t| LOCAL_REPOSITORIES.contains(&t.as_str())) {
            return Reorder::Keep(format!(
                "composer.json has a `{kind}` repository, which installs packages from the build context"
            ));
        }
        if let Some(event) = self.scripts.iter().find(|s| INSTALL_EVENTS.contains(&s.as_str())) {
            return Reorder::Keep(format!(
                "composer.json runs `{event}` scripts during the install, which may need the sources"
            ));
        }
        Reorder::Move
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autoload_scripts_allow_the_move_and_install_scripts_or_local_repositories_do_not() {
        let laravel = r#"{"require-dev": {"phpunit/phpunit": "^11"}, "scripts": {"post-autoload-dump": ["@php artisan package:discover"], "test": "phpunit"}}"#;
        let manifest = ComposerJson::parse(laravel).expect("JSON");
        assert_eq!(manifest.require_dev, ["phpunit/phpunit"]);
        assert_eq!(manifest.reorder(), Reorder::Move);
        let install = ComposerJson::parse(r#"{"scripts": {"post-install-cmd": "bin/setup"}}"#).expect("JSON");
        assert!(matches!(install.reorder(), Reorder::Keep(why) if why.contains("post-install-cmd")));
        let local = ComposerJson::parse(r#"{"repositories": [{"type": "path", "url": "packages/*"}]}"#).expect("JSON");
        assert!(matches!(local.reorder(), Reorder::Keep(why) if why.contains("`path`")));
        let keyed = ComposerJson::parse(r#"{"repositories": {"mine": {"type": "artifact", "url": "dist/"}}}"#);
        assert!(matches!(keyed.expect("JSON").reorder(), Reorder::Keep(_)));
        assert!(ComposerJson::parse("{").is_err());
    }
}

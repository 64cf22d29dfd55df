//! What a `package.json` says about installing it before the sources are copied.

/// What in `package.json` makes the install read more than the manifests: workspaces, or
/// dependencies on local folders (`file:`, `link:`, `workspace:`). Read as text, not JSON: a
/// false alarm only keeps the author's order.
pub(crate) fn needs_more_than_manifests(package_json: &str) -> Option<&'static str> {
    if package_json.contains("\"workspaces\"") {
        return Some("declares workspaces, and the install needs their package.json files too");
    }
    ["\"file:", "\"link:", "\"workspace:", "\"portal:"]
        .iter()
        .any(|protocol| package_json.contains(protocol))
        .then_some("depends on local folders (`file:`, `link:`), which the install needs too")
}

#[cfg(test)]
mod tests {
    use super::needs_more_than_manifests;

    #[test]
    fn workspaces_and_local_folders_need_more_than_the_manifests() {
        assert!(
            needs_more_than_manifests(r#"{"workspaces": ["packages/*"]}"#).is_some_and(|w| w.contains("workspaces"))
        );
        assert!(needs_more_than_manifests(r#"{"dependencies": {"ui": "file:../ui"}}"#).is_some());
        assert_eq!(needs_more_than_manifests(r#"{"dependencies": {"express": "^4.19.0"}}"#), None);
    }
}

/// What the rewrite reads of a `package.json`: its scripts and its dependency names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PackageJson {
    /// `scripts`, by name.
    pub scripts: std::collections::BTreeMap<String, String>,
    /// The names under `dependencies`.
    pub dependencies: Vec<String>,
    /// The names under `devDependencies`.
    pub dev_dependencies: Vec<String>,
}

impl PackageJson {
    /// Parses `text`; `None` when it is not a JSON object (then nothing is known of it).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let object = value.as_object()?;
        let names = |key: &str| -> Vec<String> {
            object.get(key).and_then(|v| v.as_object()).map(|m| m.keys().cloned().collect()).unwrap_or_default()
        };
        let scripts = object
            .get("scripts")
            .and_then(|v| v.as_object())
            .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
            .unwrap_or_default();
        Some(Self { scripts, dependencies: names("dependencies"), dev_dependencies: names("devDependencies") })
    }
}

#[cfg(test)]
mod parse_tests {
    use super::PackageJson;

    #[test]
    fn reads_scripts_and_dependency_names() {
        let p = PackageJson::parse(
            r#"{"scripts": {"start": "node a.js"}, "dependencies": {"x": "1"}, "devDependencies": {"ts-node": "1"}}"#,
        )
        .expect("parses");
        assert_eq!(p.scripts.get("start").map(String::as_str), Some("node a.js"));
        assert_eq!(p.dependencies, vec!["x"]);
        assert_eq!(p.dev_dependencies, vec!["ts-node"]);
        assert_eq!(PackageJson::parse("not json"), None);
    }
}

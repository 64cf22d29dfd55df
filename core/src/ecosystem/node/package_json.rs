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

//! Image references: `[registry/]repository[:tag][@digest]`, split the way registries read them.

use serde::Serialize;

/// The registry of references without one (`node` is `docker.io/library/node`).
pub const DOCKER_HUB: &str = "docker.io";

/// A registry host as compared: lower-cased (host names are case-insensitive), and Docker Hub's
/// other names (`index.docker.io`, `registry-1.docker.io`) as `docker.io`.
#[must_use]
pub fn normalize_registry(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    match host.as_str() {
        "index.docker.io" | "registry-1.docker.io" => DOCKER_HUB.to_owned(),
        _ => host,
    }
}

/// An image reference as written in `FROM` or `COPY --from`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// The registry host, when one is written (`ghcr.io`, `localhost:5000`); Docker Hub otherwise.
    pub registry: Option<String>,
    /// The repository path (`golang`, `library/golang`, `distroless/static-debian12`).
    pub repository: String,
    /// The tag, when written.
    pub tag: Option<String>,
    /// The digest (`sha256:...`), when written.
    pub digest: Option<String>,
}

impl ImageRef {
    /// Splits a reference. Returns `None` for text that cannot be a reference (empty, blanks,
    /// upper-case repository, a dangling `:` or `@`).
    #[must_use]
    pub fn parse(reference: &str) -> Option<Self> {
        if reference.is_empty() || reference.contains(char::is_whitespace) {
            return None;
        }
        let (name_and_tag, digest) = match reference.split_once('@') {
            Some((left, digest)) if digest.contains(':') && !left.is_empty() => (left, Some(digest.to_owned())),
            Some(_) => return None,
            None => (reference, None),
        };
        // A tag is a ':' after the last '/', so that `localhost:5000/app` keeps its port.
        let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
            Some(i) => {
                let tag = &name_and_tag[last_slash + i + 1..];
                if tag.is_empty() {
                    return None;
                }
                (&name_and_tag[..last_slash + i], Some(tag.to_owned()))
            }
            None => (name_and_tag, None),
        };
        let (registry, repository) = match name.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first.to_owned()), rest.to_owned())
            }
            _ => (None, name.to_owned()),
        };
        if repository.is_empty() || repository.chars().any(|c| c.is_ascii_uppercase()) {
            return None;
        }
        Some(Self { registry, repository, tag, digest })
    }

    /// The repository without Docker Hub's `library/` prefix: the name the size catalog uses.
    #[must_use]
    pub fn short_name(&self) -> String {
        let repo = self.repository.strip_prefix("library/").unwrap_or(&self.repository);
        match &self.registry {
            Some(registry) if registry != "docker.io" && registry != "index.docker.io" => {
                format!("{registry}/{repo}")
            }
            _ => repo.to_owned(),
        }
    }

    /// The registry the image is pulled from, normalized: `docker.io` when none is written.
    #[must_use]
    pub fn registry_host(&self) -> String {
        normalize_registry(self.registry.as_deref().unwrap_or(DOCKER_HUB))
    }

    /// Whether this is the empty `scratch` image.
    #[must_use]
    pub fn is_scratch(&self) -> bool {
        self.registry.is_none() && self.repository == "scratch" && self.tag.is_none() && self.digest.is_none()
    }
}

impl std::fmt::Display for ImageRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(registry) = &self.registry {
            write!(f, "{registry}/")?;
        }
        f.write_str(&self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_registry_repository_tag_and_digest() {
        let r = ImageRef::parse("localhost:5000/team/app:1.2@sha256:abc").expect("valid");
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(r.to_string(), "localhost:5000/team/app:1.2@sha256:abc");

        let hub = ImageRef::parse("golang:1.22-alpine").expect("valid");
        assert_eq!((hub.registry, hub.repository.as_str(), hub.tag.as_deref()), (None, "golang", Some("1.22-alpine")));
        assert_eq!(
            ImageRef::parse("gcr.io/distroless/static-debian12").expect("valid").short_name(),
            "gcr.io/distroless/static-debian12"
        );
        assert_eq!(ImageRef::parse("docker.io/library/node:20").expect("valid").short_name(), "node");
        assert!(ImageRef::parse("scratch").expect("valid").is_scratch());
        assert_eq!(ImageRef::parse("node:20").expect("valid").registry_host(), "docker.io");
        assert_eq!(ImageRef::parse("index.docker.io/library/node").expect("valid").registry_host(), "docker.io");
        assert_eq!(ImageRef::parse("GHCR.io/team/app").expect("valid").registry_host(), "ghcr.io");
        assert_eq!(ImageRef::parse("Golang"), None);
        assert_eq!(ImageRef::parse("golang:"), None);
    }
}

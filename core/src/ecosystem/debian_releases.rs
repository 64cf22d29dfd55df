//! Which Debian release a builder image's tag means, so a native binary's runtime carries the
//! glibc (and the sonames) it was linked against: the one place that knows it.
//!
//! Sources: the Docker Official Images' tag lists (`docker-library/golang`, `docker-library/rust`
//! `versions.json`): an image's tag without a codename points at the release that was the
//! image's default when that tag was last built. The images move to a new default a few weeks
//! after a Debian release (bullseye 2021-08-14, bookworm 2023-06-10, trixie 2025-08-09); a
//! version keeps the default of its last build. At a switch the newer release is chosen: glibc
//! runs binaries linked against an older glibc, not the reverse.

use crate::image_ref::ImageRef;

/// A Debian release a runtime can be based on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DebianRelease {
    /// Its codename, as tags write it (`trixie`).
    pub codename: &'static str,
    /// The distroless images' suffix for it (`debian13`), where distroless publishes it.
    pub distroless: Option<&'static str>,
}

/// Oldest first. Distroless stopped publishing `debian10`.
const RELEASES: &[DebianRelease] = &[
    DebianRelease { codename: "stretch", distroless: None },
    DebianRelease { codename: "buster", distroless: None },
    DebianRelease { codename: "bullseye", distroless: Some("debian11") },
    DebianRelease { codename: "bookworm", distroless: Some("debian12") },
    DebianRelease { codename: "trixie", distroless: Some("debian13") },
];

/// The newest release the official images default to today (`latest`, untagged).
const NEWEST: &str = "trixie";

/// Per toolchain repository: the first version (major, minor) whose untagged-release images are
/// built on each release, newest first.
/// From which version (major, minor) a repository's untagged-release images use a release.
type Switches = &'static [((u32, u32), &'static str)];

const DEFAULTS: &[(&str, Switches)] = &[
    // Go supports two versions at a time, and both move to a new default together.
    ("golang", &[((1, 23), "trixie"), ((1, 19), "bookworm"), ((1, 16), "bullseye"), ((0, 0), "buster")]),
    ("rust", &[((1, 88), "trixie"), ((1, 69), "bookworm"), ((1, 53), "bullseye"), ((0, 0), "buster")]),
];

/// The release `codename` names, if it is one slimfile knows.
pub(crate) fn release(codename: &str) -> Option<&'static DebianRelease> {
    RELEASES.iter().find(|r| r.codename == codename)
}

/// The Debian release a Debian-based builder image runs on: the codename in its tag
/// (`rust:1.56-slim-buster`), else its repository's default for the version in the tag
/// (`golang:1.21` → bookworm), else the newest (`rust:latest`, `golang`).
pub(crate) fn builder_release(image: Option<&ImageRef>) -> &'static DebianRelease {
    let newest = release(NEWEST).unwrap_or(&RELEASES[RELEASES.len() - 1]);
    let Some(image) = image else { return newest };
    let tag = image.tag.as_deref().unwrap_or("latest");
    if let Some(named) = tag.split(['-', '.', '_']).find_map(release) {
        return named;
    }
    let version = version_of(tag);
    let repository = image.short_name();
    DEFAULTS
        .iter()
        .find(|(name, _)| *name == repository)
        .zip(version)
        .and_then(|((_, switches), version)| switches.iter().find(|(from, _)| version >= *from))
        .and_then(|(_, codename)| release(codename))
        .unwrap_or(newest)
}

/// `1.21.3-bookworm` → (1, 21); `1` → (1, 0); `latest` → none.
fn version_of(tag: &str) -> Option<(u32, u32)> {
    let mut parts = tag.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(reference: &str) -> &'static str {
        builder_release(Some(&ImageRef::parse(reference).expect("valid"))).codename
    }

    #[test]
    fn tags_name_their_release_or_the_version_default() {
        assert_eq!(of("rust:latest"), "trixie");
        assert_eq!(of("golang"), "trixie");
        assert_eq!(of("rust:1.56-slim-buster"), "buster");
        assert_eq!(of("golang:1.22-bookworm"), "bookworm");
        assert_eq!(of("rust:1.82.0"), "bookworm");
        assert_eq!(of("rust:1.75"), "bookworm");
        assert_eq!(of("rust:1.90"), "trixie");
        assert_eq!(of("rust:1.60"), "bullseye");
        assert_eq!(of("golang:1.21"), "bookworm");
        assert_eq!(of("golang:1.24.1"), "trixie");
        assert_eq!(of("golang:1.15"), "buster");
        assert_eq!(of("docker.io/library/golang:1.19"), "bookworm");
        assert_eq!(of("debian:bullseye-slim"), "bullseye");
        assert_eq!(release("buster").and_then(|r| r.distroless), None);
        assert_eq!(release("trixie").and_then(|r| r.distroless), Some("debian13"));
    }
}

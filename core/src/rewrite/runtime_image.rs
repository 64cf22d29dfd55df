//! The runtime stage's base: per ecosystem, per the author's preferred family, and safe for
//! what runs on it (a shell when a command needs one, glibc for glibc binaries, no musl for
//! native modules built against glibc).

use crate::image_ref::ImageRef;

use super::build_plan::{Linkage, RuntimeNeed, is_alpine};
use super::options::RuntimeFamily;

/// The Alpine release used for static binaries (the catalog's alpine entry).
const ALPINE: &str = "alpine:3.21";

/// How the runtime installs packages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PackageManager {
    /// Debian or Ubuntu.
    Apt,
    /// Alpine.
    Apk,
    /// None (distroless, scratch).
    None,
}

/// What the runtime must offer.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Requirements {
    /// A shell: shell-form commands, or `RUN`s in the runtime.
    pub shell: bool,
    /// A package manager, for runtime packages.
    pub packages: bool,
}

/// The chosen base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RuntimeImage {
    /// The reference written in `FROM`.
    pub image: String,
    /// How it installs packages.
    pub packages: PackageManager,
    /// Whether it is scratch (no CA bundle unless copied).
    pub scratch: bool,
    /// A non-root user the image already has, for the non-root option.
    pub non_root_user: &'static str,
    /// Why it differs from what the author asked for, if it does.
    pub notes: Vec<String>,
}

impl RuntimeImage {
    fn new(image: impl Into<String>, packages: PackageManager, non_root_user: &'static str) -> Self {
        Self { image: image.into(), packages, scratch: false, non_root_user, notes: Vec::new() }
    }

    fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// Picks the runtime base for `need`.
pub(super) fn choose(need: &RuntimeNeed, family: Option<RuntimeFamily>, requires: Requirements) -> RuntimeImage {
    let bare = !requires.shell && !requires.packages;
    match need {
        RuntimeNeed::Binary { linkage: Linkage::Static, debian } => {
            let slim = || RuntimeImage::new(format!("debian:{debian}-slim"), PackageManager::Apt, "nobody");
            match family {
                Some(RuntimeFamily::Scratch) if bare => {
                    let mut image = RuntimeImage::new("scratch", PackageManager::None, "65532:65532");
                    image.scratch = true;
                    image
                }
                Some(RuntimeFamily::Slim) => slim(),
                Some(RuntimeFamily::Alpine) => RuntimeImage::new(ALPINE, PackageManager::Apk, "nobody"),
                _ if bare => match distroless("static", debian) {
                    Some(image) => RuntimeImage::new(image, PackageManager::None, "nonroot"),
                    None => slim(),
                },
                _ if requires.packages => slim().note(why_not_bare(family)),
                // A static binary runs anywhere; Alpine is the smallest base with a shell.
                _ => RuntimeImage::new(ALPINE, PackageManager::Apk, "nobody").note(why_not_bare(family)),
            }
        }
        RuntimeNeed::Binary { linkage: Linkage::Glibc, debian } => {
            let slim = RuntimeImage::new(format!("debian:{debian}-slim"), PackageManager::Apt, "nobody");
            match family {
                Some(RuntimeFamily::Slim) => slim,
                Some(RuntimeFamily::Alpine) => slim.note(
                    "the binary links against glibc, so it cannot run on Alpine (musl): a Debian slim runtime is used instead",
                ),
                _ if bare && distroless("cc", debian).is_some() => {
                    let image = RuntimeImage::new(
                        distroless("cc", debian).unwrap_or_default(),
                        PackageManager::None,
                        "nonroot",
                    );
                    if family == Some(RuntimeFamily::Scratch) {
                        image.note("the binary links against glibc, so scratch cannot run it: distroless cc carries glibc and little else")
                    } else {
                        image
                    }
                }
                _ => slim.note(why_not_bare(family)),
            }
        }
        RuntimeNeed::SlimOf(builder) => slim_of(builder, family),
        RuntimeNeed::Jre(version) => {
            if family == Some(RuntimeFamily::Alpine) {
                RuntimeImage::new(format!("eclipse-temurin:{version}-jre-alpine"), PackageManager::Apk, "nobody")
                    .note("the JRE on Alpine uses musl: native libraries loaded through JNI may not work")
            } else {
                let image = RuntimeImage::new(format!("eclipse-temurin:{version}-jre"), PackageManager::Apt, "nobody");
                match family {
                    Some(RuntimeFamily::Distroless | RuntimeFamily::Scratch) => image.note(
                        "a JRE image is used: distroless java would make `java` the entrypoint and change the command",
                    ),
                    _ => image,
                }
            }
        }
        RuntimeNeed::Own(image) => {
            let packages = if is_alpine(Some(image)) { PackageManager::Apk } else { PackageManager::Apt };
            let kept = RuntimeImage::new(image.to_string(), packages, "www-data");
            match family {
                Some(other) => kept.note(format!(
                    "the {} runtime chosen by configuration is not used: the extensions and vendor/ were built for the PHP of `{image}`, and the official php images have no slimmer variant of it",
                    other.as_str()
                )),
                None => kept,
            }
        }
        RuntimeNeed::Dotnet(reference) => {
            let image = RuntimeImage::new(reference.clone(), PackageManager::Apt, "app");
            if reference.rsplit(':').next().is_some_and(|tag| tag.contains("alpine")) {
                RuntimeImage { packages: PackageManager::Apk, ..image }
            } else {
                image
            }
        }
    }
}

/// The distroless image `flavour` (`static`, `cc`, `base`) for the Debian release `debian`, where
/// distroless publishes one.
pub(super) fn distroless(flavour: &str, debian: &str) -> Option<String> {
    let suffix = crate::ecosystem::debian_releases::release(debian)?.distroless?;
    Some(format!("gcr.io/distroless/{flavour}-{suffix}"))
}

fn why_not_bare(family: Option<RuntimeFamily>) -> String {
    match family {
        Some(RuntimeFamily::Distroless | RuntimeFamily::Scratch) | None => {
            "the runtime needs a shell or system packages, which distroless and scratch do not have".to_owned()
        }
        Some(other) => format!("{} runtime chosen by configuration", other.as_str()),
    }
}

/// The runtime for an interpreter: `slim`, the slim variant of the builder's image (the plan
/// found it in the images table, which every part of slimfile asks), with the image's user.
fn slim_of(slim: &ImageRef, family: Option<RuntimeFamily>) -> RuntimeImage {
    let user = if slim.repository.ends_with("node") { "node" } else { "nobody" };
    let packages = if is_alpine(Some(slim)) { PackageManager::Apk } else { PackageManager::Apt };
    let image = RuntimeImage::new(slim.to_string(), packages, user);
    if packages == PackageManager::Apk {
        return image;
    }
    match family {
        Some(RuntimeFamily::Alpine) => image.note(
            "Alpine (musl) is not used: native modules were built against glibc in the builder and may not load on musl",
        ),
        Some(RuntimeFamily::Distroless | RuntimeFamily::Scratch) => {
            image.note("a slim image is used: the interpreter needs its runtime files, and distroless would change the command")
        }
        _ => image,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slim(reference: &str) -> Option<String> {
        let builder = ImageRef::parse(reference).expect("valid");
        crate::ecosystem::slim_runtime_of(&builder).map(|s| slim_of(&s, None).image)
    }

    #[test]
    fn slim_variants_keep_version_and_release() {
        assert_eq!(slim("python:3.12").as_deref(), Some("python:3.12-slim"));
        assert_eq!(slim("python:3.12-bookworm").as_deref(), Some("python:3.12-slim-bookworm"));
        assert_eq!(slim("python:3.14-forky").as_deref(), Some("python:3.14-slim-forky"));
        assert_eq!(slim("node:20").as_deref(), Some("node:20-slim"));
        assert_eq!(slim("node:20-bookworm").as_deref(), Some("node:20-bookworm-slim"));
        assert_eq!(slim("node:iron").as_deref(), Some("node:iron-slim"));
        assert_eq!(slim("node").as_deref(), Some("node:slim"));
        assert_eq!(slim("node:20-alpine").as_deref(), Some("node:20-alpine"));
        assert_eq!(slim("python:3.12-slim").as_deref(), Some("python:3.12-slim"));
        assert_eq!(slim("python:3.13-windowsservercore"), None);
    }
}

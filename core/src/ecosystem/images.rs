//! Base images: which ecosystem each belongs to, whether it carries a build toolchain, which
//! image a built program can run on instead, and the slimmer variant of the same image.
//!
//! Tag shapes come from the official images' own build files (`docker-library/python`:
//! `3.12-slim-bookworm`; `nodejs/docker-node`: `22-bookworm-slim`; `adoptium/containers`:
//! `21/jre/ubuntu/noble`), which the shared corpus holds.

use serde::Serialize;

use super::Ecosystem;
use crate::image_ref::ImageRef;

/// What a base image is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageRole {
    /// It exists to build software: compilers, SDKs, build tools (`golang`, `maven`, a JDK).
    Toolchain,
    /// It exists to run software (`node`, `python`, a JRE, `debian`).
    Runtime,
}

/// What slimfile knows about a base image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BaseImage {
    /// The language it serves, if any (`gcc` serves none in particular).
    pub ecosystem: Option<Ecosystem>,
    /// Toolchain or runtime, for this tag (`eclipse-temurin:21-jre` is a runtime).
    pub role: ImageRole,
    /// An image the program built here can run on instead, at the same version where versions
    /// matter (`mcr.microsoft.com/dotnet/sdk:8.0` → `mcr.microsoft.com/dotnet/aspnet:8.0`):
    /// what a multi-stage rewrite moves to, and what size comparisons are made against.
    pub runtime: Option<String>,
    /// The runtime for a statically linked program (Go built with `CGO_ENABLED=0`), when it
    /// differs.
    pub static_runtime: Option<&'static str>,
    /// Whether this tag already contains a C compiler and development headers, so that
    /// installing them adds next to nothing.
    pub has_compilers: bool,
}

/// A tag condition: always, never, or unless the tag has one of these `-`-separated words.
#[derive(Clone, Copy)]
pub(super) enum When {
    Always,
    Never,
    UnlessTagHas(&'static [&'static str]),
}

impl When {
    fn holds(self, tag_words: &[&str]) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::UnlessTagHas(words) => !tag_words.iter().any(|w| words.contains(w)),
        }
    }
}

/// The image a program built on a toolchain image runs on.
#[derive(Clone, Copy)]
pub(super) enum Runtime {
    /// This reference, whatever the tag.
    Fixed(&'static str),
    /// This repository at the toolchain image's tag (`dotnet/sdk:8.0` → `dotnet/aspnet:8.0`).
    SameTag(&'static str),
    /// `debian:<release>-slim` for the Debian release in the tag, bookworm when it names none.
    DebianSlim,
    /// The Eclipse Temurin JRE of the Java major in the tag (`maven:3.9-eclipse-temurin-17`,
    /// `gradle:8.5-jdk21`, `eclipse-temurin:17-jdk`), 21 when the tag names none.
    TemurinJre,
}

/// Where an image puts `slim` in its tags.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SlimAt {
    /// Before the Debian release: `python:3.12-slim-bookworm`.
    BeforeRelease,
    /// At the end: `node:22-bookworm-slim`, `debian:bookworm-20240110-slim`.
    End,
}

/// How to get a slimmer variant of an image.
#[derive(Clone, Copy)]
pub(super) enum Slimmer {
    /// The `-slim` tag of the same image.
    Slim {
        at: SlimAt,
        /// The slim tag for an untagged or `latest` reference.
        bare: &'static str,
        /// Words that stand for a version (`lts`).
        version_words: &'static [&'static str],
        /// Whether Debian suite names (`stable`, `sid`) are releases in this image's tags.
        suites: bool,
        /// Whether an `-alpine` variant exists too.
        alpine: bool,
    },
    /// A JRE of the same Java version, from `image`, for the majors it publishes.
    Jre { image: &'static str, majors: &'static [u32] },
}

pub(super) struct Row {
    /// The repository as [`ImageRef::short_name`] gives it.
    pub(super) repository: &'static str,
    pub(super) toolchain: When,
    pub(super) runtime: Option<Runtime>,
    pub(super) static_runtime: Option<&'static str>,
    pub(super) compilers: When,
    pub(super) slimmer: Option<Slimmer>,
}

pub(super) const SLIM_VARIANTS: &[&str] = &["slim", "alpine"];
const DEBIAN_RELEASES: &[&str] = &["stretch", "buster", "bullseye", "bookworm", "trixie", "forky"];
const DEBIAN_SUITES: &[&str] = &["oldoldstable", "oldstable", "stable", "testing", "unstable", "sid"];
const UBUNTU_RELEASES: &[&str] = &["focal", "jammy", "noble", "resolute"];
/// The Java majors Eclipse Temurin publishes JRE images for (long-term-support releases).
pub(super) const TEMURIN_JRE_MAJORS: &[u32] = &[8, 11, 17, 21, 25];
pub(super) const DISTROLESS_BASE: &str = "gcr.io/distroless/base-debian12";
pub(super) const DISTROLESS_STATIC: &str = "gcr.io/distroless/static-debian12";
pub(super) const DISTROLESS_CC: &str = "gcr.io/distroless/cc-debian12";
pub(super) const DEBIAN_SLIM: &str = "debian:bookworm-slim";

/// The full Debian-based variants of these images are built on `buildpack-deps`, which carries
/// gcc, make and the common `-dev` packages.
pub(super) const FULL_ONLY: When = When::UnlessTagHas(SLIM_VARIANTS);

/// Images of no one ecosystem, tried after every ecosystem's own rows.
const GENERIC_ROWS: &[Row] = &[
    Row {
        repository: "gcc",
        toolchain: When::Always,
        runtime: Some(Runtime::Fixed(DEBIAN_SLIM)),
        static_runtime: Some(DISTROLESS_STATIC),
        compilers: When::Always,
        slimmer: None,
    },
    Row {
        repository: "buildpack-deps",
        toolchain: When::UnlessTagHas(&["curl", "scm"]),
        runtime: Some(Runtime::DebianSlim),
        static_runtime: None,
        compilers: When::UnlessTagHas(&["curl", "scm"]),
        slimmer: None,
    },
    Row {
        repository: "perl",
        toolchain: When::Never,
        runtime: None,
        static_runtime: None,
        compilers: FULL_ONLY,
        slimmer: Some(Slimmer::Slim {
            at: SlimAt::BeforeRelease,
            bare: "slim",
            version_words: &[],
            suites: false,
            alpine: false,
        }),
    },
    Row {
        repository: "debian",
        toolchain: When::Never,
        runtime: None,
        static_runtime: None,
        compilers: When::Never,
        slimmer: Some(Slimmer::Slim {
            at: SlimAt::End,
            bare: "stable-slim",
            version_words: &[],
            suites: true,
            alpine: false,
        }),
    },
];

/// The repository name as the table writes it: Docker Hub's `library/` and official-image
/// mirrors (`public.ecr.aws/docker/library/golang`) reduce to the short name.
fn table_name(image: &ImageRef) -> String {
    let name = image.short_name();
    match name.rsplit_once("/library/") {
        Some((_, official)) if !official.contains('/') => official.to_owned(),
        _ => name,
    }
}

fn row(image: &ImageRef) -> Option<(Option<Ecosystem>, &'static Row)> {
    let name = table_name(image);
    let own =
        super::LANGUAGES.iter().flat_map(|language| language.images.iter().map(|row| (Some(language.ecosystem), row)));
    own.chain(GENERIC_ROWS.iter().map(|row| (None, row))).find(|(_, r)| r.repository == name)
}

fn tag_words(image: &ImageRef) -> Vec<&str> {
    image.tag.as_deref().map(|t| t.split('-').collect()).unwrap_or_default()
}

/// What slimfile knows about `image`, if it is one of the images in its table.
#[must_use]
pub fn base_image(image: &ImageRef) -> Option<BaseImage> {
    let (ecosystem, row) = row(image)?;
    let words = tag_words(image);
    Some(BaseImage {
        ecosystem,
        role: if row.toolchain.holds(&words) { ImageRole::Toolchain } else { ImageRole::Runtime },
        runtime: row.runtime.map(|runtime| runtime_reference(runtime, image)),
        static_runtime: row.static_runtime,
        has_compilers: row.compilers.holds(&words),
    })
}

fn runtime_reference(runtime: Runtime, image: &ImageRef) -> String {
    match runtime {
        Runtime::Fixed(reference) => reference.to_owned(),
        Runtime::SameTag(repository) => match &image.tag {
            Some(tag) => format!("{repository}:{tag}"),
            None => repository.to_owned(),
        },
        Runtime::DebianSlim => {
            let release = tag_words(image).into_iter().find(|w| DEBIAN_RELEASES.contains(w)).unwrap_or("bookworm");
            format!("debian:{release}-slim")
        }
        Runtime::TemurinJre => format!("eclipse-temurin:{}-jre", super::java::jdk_major(image).unwrap_or(21)),
    }
}

/// The image an interpreter's app runs on when its builder is `image`: the image itself when it
/// is already slim or Alpine, else its slim variant; `None` when slimfile does not know one (a
/// tag word it cannot read, a digest). The rewrite and `fat-base-image` give the same answer.
#[must_use]
pub fn slim_runtime_of(image: &ImageRef) -> Option<ImageRef> {
    let words = tag_words(image);
    // Alpine tags may carry the release (`14.17.3-alpine3.14`).
    if words.iter().any(|w| *w == "slim" || w.starts_with("alpine")) {
        return Some(image.clone());
    }
    slimmer_image(image).filter(|s| s.kind == "slim").map(|s| s.reference)
}

/// A slimmer variant of an image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlimmerImage {
    /// The reference to use instead (`python:3.12-slim`, `eclipse-temurin:17-jre`).
    pub reference: ImageRef,
    /// What makes it slimmer, for messages: `slim` or `JRE`.
    pub kind: &'static str,
    /// The Alpine (musl) variant of the same version, where one exists: smaller still, but
    /// native modules built for glibc may not load.
    pub alpine: Option<ImageRef>,
}

/// The slimmer variant of `image` when it is a full image whose slim (or JRE) variant exists:
/// `python:3.12` → `python:3.12-slim`, `node:20-bookworm` → `node:20-bookworm-slim`,
/// `openjdk:17` → `eclipse-temurin:17-jre`. `None` for tags that are already slim, that carry
/// words slimfile does not know, or that are pinned by digest.
#[must_use]
pub fn slimmer_image(image: &ImageRef) -> Option<SlimmerImage> {
    if image.digest.is_some() {
        return None;
    }
    let slimmer = row(image)?.1.slimmer?;
    let tag = image.tag.as_deref().unwrap_or("latest");
    let with_tag = |repository: Option<&str>, tag: String| ImageRef {
        registry: if repository.is_some() { None } else { image.registry.clone() },
        repository: repository.map_or_else(|| image.repository.clone(), str::to_owned),
        tag: Some(tag),
        digest: None,
    };
    match slimmer {
        Slimmer::Slim { at, bare, version_words, suites, alpine } => {
            let (slim, alpine_tag) = slim_tag(tag, at, bare, version_words, suites)?;
            Some(SlimmerImage {
                reference: with_tag(None, slim),
                kind: "slim",
                alpine: alpine.then(|| with_tag(None, alpine_tag)),
            })
        }
        Slimmer::Jre { image: jre_image, majors } => {
            let same_image = table_name(image) == jre_image;
            let tag = jre_tag(tag, majors, same_image)?;
            let repository = (!same_image).then_some(jre_image);
            Some(SlimmerImage { reference: with_tag(repository, tag), kind: "JRE", alpine: None })
        }
    }
}

fn is_version(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+'))
}

/// The slim tag and the Alpine tag for `tag`, or `None` when a word of the tag is not a version
/// or a release (it is already slim, or a variant slimfile does not know).
fn slim_tag(tag: &str, at: SlimAt, bare: &str, version_words: &[&str], suites: bool) -> Option<(String, String)> {
    if tag == "latest" {
        return Some((bare.to_owned(), "alpine".to_owned()));
    }
    let words: Vec<&str> = tag.split('-').collect();
    let mut release = None;
    for (k, word) in words.iter().enumerate() {
        if is_version(word) || version_words.contains(word) {
            continue;
        }
        let is_release = DEBIAN_RELEASES.contains(word) || (suites && DEBIAN_SUITES.contains(word));
        if !is_release || release.is_some() {
            return None;
        }
        release = Some(k);
    }
    let mut slim = words.clone();
    match (at, release) {
        (SlimAt::BeforeRelease, Some(k)) => slim.insert(k, "slim"),
        _ => slim.push("slim"),
    }
    let mut alpine: Vec<&str> =
        words.iter().enumerate().filter(|(k, _)| Some(*k) != release).map(|(_, w)| *w).collect();
    alpine.push("alpine");
    Some((slim.join("-"), alpine.join("-")))
}

/// The JRE tag for a JDK tag. With `same_image` the tag keeps its version and OS words
/// (`21-jdk-jammy` → `21-jre-jammy`); moving to another image keeps only the Java major
/// (`openjdk:17-jdk-slim` → `17-jre`), which must be one `majors` lists.
fn jre_tag(tag: &str, majors: &[u32], same_image: bool) -> Option<String> {
    let words: Vec<&str> = tag.split('-').collect();
    let first = *words.first()?;
    if !is_version(first) {
        return None;
    }
    let os_words: &[&str] = if same_image { UBUNTU_RELEASES } else { &["slim"] };
    for word in &words[1..] {
        let known = is_version(word) || *word == "jdk" || os_words.contains(word) || DEBIAN_RELEASES.contains(word);
        if !known || (same_image && DEBIAN_RELEASES.contains(word)) {
            return None;
        }
    }
    let major: u32 = first.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()?;
    if !majors.contains(&major) {
        return None;
    }
    if !same_image {
        return Some(format!("{major}-jre"));
    }
    let mut out: Vec<&str> = words.iter().map(|w| if *w == "jdk" { "jre" } else { w }).collect();
    if !words.contains(&"jdk") {
        let after_versions = out.iter().take_while(|w| is_version(w)).count();
        out.insert(after_versions, "jre");
    }
    Some(out.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(reference: &str) -> ImageRef {
        ImageRef::parse(reference).expect("valid reference")
    }

    fn slimmer(reference: &str) -> Option<(String, Option<String>)> {
        slimmer_image(&image(reference)).map(|s| (s.reference.to_string(), s.alpine.map(|a| a.to_string())))
    }

    #[test]
    fn roles_and_runtimes() {
        let golang = base_image(&image("golang:1.22")).expect("known");
        assert_eq!((golang.ecosystem, golang.role), (Some(Ecosystem::Go), ImageRole::Toolchain));
        assert_eq!(golang.runtime.as_deref(), Some(DISTROLESS_BASE));
        let runtime = |r: &str| base_image(&image(r)).and_then(|b| b.runtime);
        assert_eq!(
            runtime("mcr.microsoft.com/dotnet/sdk:8.0-alpine").as_deref(),
            Some("mcr.microsoft.com/dotnet/aspnet:8.0-alpine")
        );
        assert_eq!(runtime("maven:3.9-eclipse-temurin-17").as_deref(), Some("eclipse-temurin:17-jre"));
        assert_eq!(runtime("gradle:8.5-jdk17-jammy").as_deref(), Some("eclipse-temurin:17-jre"));
        assert_eq!(runtime("eclipse-temurin:11.0.22_7-jdk").as_deref(), Some("eclipse-temurin:11-jre"));
        assert_eq!(runtime("maven:latest").as_deref(), Some("eclipse-temurin:21-jre"));
        assert_eq!(runtime("buildpack-deps:trixie").as_deref(), Some("debian:trixie-slim"));
        assert!(golang.has_compilers);
        assert!(!base_image(&image("golang:1.22-alpine")).expect("known").has_compilers);
        assert_eq!(base_image(&image("eclipse-temurin:21-jre")).expect("known").role, ImageRole::Runtime);
        assert_eq!(base_image(&image("eclipse-temurin:21")).expect("known").role, ImageRole::Toolchain);
        assert_eq!(base_image(&image("node:20")).expect("known").role, ImageRole::Runtime);
        assert!(base_image(&image("python:3.12")).expect("known").has_compilers);
        assert!(!base_image(&image("python:3.12-slim")).expect("known").has_compilers);
        assert!(base_image(&image("public.ecr.aws/docker/library/rust:1.83")).is_some());
        assert_eq!(base_image(&image("example.com/golang:1")), None);
        assert_eq!(base_image(&image("alpine:3.20")), None);
    }

    #[test]
    fn slim_variants_follow_each_image_tag_style() {
        assert_eq!(slimmer("python:3.12"), Some(("python:3.12-slim".into(), Some("python:3.12-alpine".into()))));
        assert_eq!(slimmer("python:3.12-bookworm").map(|s| s.0), Some("python:3.12-slim-bookworm".into()));
        assert_eq!(slimmer("python").map(|s| s.0), Some("python:slim".into()));
        assert_eq!(slimmer("node:20-bookworm").map(|s| s.0), Some("node:20-bookworm-slim".into()));
        assert_eq!(slimmer("node:lts"), Some(("node:lts-slim".into(), Some("node:lts-alpine".into()))));
        assert_eq!(slimmer("node:iron-bookworm").map(|s| s.0), Some("node:iron-bookworm-slim".into()));
        assert_eq!(slimmer("python:3.14-forky").map(|s| s.0), Some("python:3.14-slim-forky".into()));
        assert_eq!(slimmer("debian:bookworm"), Some(("debian:bookworm-slim".into(), None)));
        assert_eq!(slimmer("debian:12.5").map(|s| s.0), Some("debian:12.5-slim".into()));
        assert_eq!(slimmer("debian:bookworm-20240110").map(|s| s.0), Some("debian:bookworm-20240110-slim".into()));
        assert_eq!(slimmer("debian:latest").map(|s| s.0), Some("debian:stable-slim".into()));
        assert_eq!(slimmer("ruby:3.3.1-bookworm").map(|s| s.0), Some("ruby:3.3.1-slim-bookworm".into()));
        assert_eq!(slimmer("docker.io/library/node:20").map(|s| s.0), Some("docker.io/library/node:20-slim".into()));
    }

    #[test]
    fn slim_and_unknown_tags_have_no_slimmer_variant() {
        for reference in [
            "python:3.12-slim",
            "python:3.12-slim-bookworm",
            "node:20-alpine",
            "node:20-bookworm-slim",
            "debian:bookworm-slim",
            "python:3.13-windowsservercore-ltsc2022",
            "ruby:3.3-onbuild",
            "python:3.12@sha256:0123456789abcdef",
            "golang:1.22",
            "ubuntu:24.04",
            "eclipse-temurin:21-jre",
            "eclipse-temurin:latest",
            "openjdk:19",
            "openjdk:17-jdk-alpine",
        ] {
            assert_eq!(slimmer(reference), None, "{reference}");
        }
    }

    #[test]
    fn jdk_images_move_to_a_jre() {
        assert_eq!(slimmer("eclipse-temurin:21").map(|s| s.0), Some("eclipse-temurin:21-jre".into()));
        assert_eq!(slimmer("eclipse-temurin:21-jdk-jammy").map(|s| s.0), Some("eclipse-temurin:21-jre-jammy".into()));
        assert_eq!(slimmer("eclipse-temurin:17.0.9_9-jdk").map(|s| s.0), Some("eclipse-temurin:17.0.9_9-jre".into()));
        assert_eq!(slimmer("openjdk:17-jdk-slim").map(|s| s.0), Some("eclipse-temurin:17-jre".into()));
        assert_eq!(slimmer("openjdk:8u342-jdk").map(|s| s.0), Some("eclipse-temurin:8-jre".into()));
        assert_eq!(slimmer("openjdk:11"), Some(("eclipse-temurin:11-jre".into(), None)));
    }
}

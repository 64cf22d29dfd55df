//! What an ecosystem's analysis hands to the writer: the artifacts, the builder's tweaks and
//! the runtime it needs.

use crate::fix::Edit;
use crate::image_ref::ImageRef;

pub use crate::ecosystem::Ecosystem;

/// How a compiled binary links, which decides what it can run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Linkage {
    /// No shared libraries: scratch or distroless static.
    Static,
    /// Linked against glibc: a Debian-based runtime.
    Glibc,
}

/// What the runtime stage starts from, before the family is chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RuntimeNeed {
    /// A native binary.
    Binary {
        /// How it links.
        linkage: Linkage,
        /// The Debian release the builder uses (`bookworm`), for a matching glibc.
        debian: &'static str,
    },
    /// The slim variant of the builder's own image (node, python), as the images table gives it.
    SlimOf(ImageRef),
    /// A Java runtime of this major version.
    Jre(String),
    /// This .NET runtime image (`mcr.microsoft.com/dotnet/aspnet:8.0`), as the .NET plan chose it.
    Dotnet(String),
    /// The builder's own image (`php:8.3-apache`): PHP's extensions are built for the PHP of that
    /// image, and the official php images have no slimmer variant of the same PHP.
    Own(ImageRef),
}

/// The dependency install, for copying its manifests before the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DependencyInstall {
    /// The `RUN` that installs, or `None` when the rewrite adds one (`go mod download`).
    pub instruction: Option<usize>,
    /// The manifests, as `COPY` sources relative to the context root (a trailing `*` makes an
    /// optional file optional). One in a folder is copied to the same folder.
    pub manifests: Vec<String>,
    /// Files and folders of the context the install reads besides the manifests (a local
    /// package a requirements file installs), each copied to the same path.
    pub local_paths: Vec<String>,
    /// The command to add when the author's own install needs the sources (`go mod download`,
    /// or uv's sync without the project): it runs on the manifests alone, before the source copy.
    pub added_command: Option<String>,
    /// What the install leaves for when the sources are in, when it moves before them.
    pub deferred: Option<Deferred>,
    /// Cache directories a BuildKit cache mount can keep between builds.
    pub cache_dirs: &'static [&'static str],
}

/// Work an install defers to after the source copy when it moves before it: Composer installs
/// with `--no-scripts --no-autoloader` and `composer dump-autoload` follows the sources. Made
/// only where the move is made, so an install that stays keeps the author's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Deferred {
    /// Flags added to the install command.
    pub install_flags: &'static str,
    /// The instruction written right after the source copy.
    pub after_source: String,
}

/// An ecosystem's plan for the split.
#[derive(Clone, Debug)]
pub(crate) struct BuildPlan {
    /// The ecosystem.
    pub ecosystem: Ecosystem,
    /// What the runtime stage is based on.
    pub runtime: RuntimeNeed,
    /// Absolute paths the runtime copies from the builder, to the same place (a glob in the file
    /// name, `target/*.jar`, to the same folder).
    pub artifacts: Vec<String>,
    /// Edits inside the builder (a flag on the build command, a virtualenv).
    pub builder_edits: Vec<Edit>,
    /// Instructions added at the end of the builder (pruning dev dependencies).
    pub builder_tail: Vec<String>,
    /// Instructions the runtime needs before the artifacts (`ENV PATH=...`).
    pub runtime_setup: Vec<String>,
    /// Instructions the runtime repeats after its packages and artifacts are in (`a2enmod
    /// rewrite`, which needs the modules the packages bring).
    pub runtime_tail: Vec<String>,
    /// The dependency install, when it can go before the source.
    pub dependencies: Option<DependencyInstall>,
    /// The build commands (instruction indices), for cache mounts.
    pub build_instructions: Vec<usize>,
    /// Cache directories of the build step.
    pub build_cache_dirs: &'static [&'static str],
    /// What the plan assumes, said in the output as comments.
    pub assumptions: Vec<String>,
    /// What moved where and why.
    pub trail: Vec<String>,
}

impl BuildPlan {
    /// An empty plan for `ecosystem` with `runtime`.
    pub(crate) fn new(ecosystem: Ecosystem, runtime: RuntimeNeed) -> Self {
        Self {
            ecosystem,
            runtime,
            artifacts: Vec::new(),
            builder_edits: Vec::new(),
            builder_tail: Vec::new(),
            runtime_setup: Vec::new(),
            runtime_tail: Vec::new(),
            dependencies: None,
            build_instructions: Vec::new(),
            build_cache_dirs: &[],
            assumptions: Vec::new(),
            trail: Vec::new(),
        }
    }
}

/// Why the rewrite will not touch a file: said to the author, never a guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decline(pub String);

impl Decline {
    pub(crate) fn new(reason: impl Into<String>) -> Self {
        Self(reason.into())
    }
}

/// The Debian release (codename) a builder image runs on, as the releases table reads its tag.
pub(crate) fn debian_release(image: Option<&ImageRef>) -> &'static str {
    crate::ecosystem::debian_releases::builder_release(image).codename
}

/// Whether an image tag is an Alpine variant.
pub(crate) fn is_alpine(image: Option<&ImageRef>) -> bool {
    image.is_some_and(|i| i.repository.ends_with("alpine") || i.tag.as_deref().is_some_and(|t| t.contains("alpine")))
}

//! What the author can choose about the rewrite (config file and command-line flags).

use serde::{Deserialize, Serialize};

/// The family of the runtime stage's base image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuntimeFamily {
    /// `gcr.io/distroless/*`: no shell, no package manager.
    Distroless,
    /// Alpine (musl): only where musl is safe; otherwise slim is used and the output says why.
    Alpine,
    /// Debian slim variants (`python:3.12-slim`, `node:20-slim`, `debian:bookworm-slim`).
    Slim,
    /// The empty image, for static binaries only.
    Scratch,
}

impl RuntimeFamily {
    /// The name used in config files, flags and messages.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Distroless => "distroless",
            Self::Alpine => "alpine",
            Self::Slim => "slim",
            Self::Scratch => "scratch",
        }
    }

    /// Parses a name written in a config file or a flag.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "distroless" => Some(Self::Distroless),
            "alpine" => Some(Self::Alpine),
            "slim" => Some(Self::Slim),
            "scratch" => Some(Self::Scratch),
            _ => None,
        }
    }
}

/// Options of the multi-stage rewrite. The default is what most authors want: the smallest
/// runtime that is safe for the ecosystem, no BuildKit-only syntax, the author's own user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct RewriteOptions {
    /// The preferred runtime family; `None` picks per ecosystem.
    pub runtime: Option<RuntimeFamily>,
    /// Add BuildKit cache mounts to the dependency install and the build (adds a `# syntax=`
    /// line, since they need the Dockerfile 1.2+ frontend).
    pub cache_mounts: bool,
    /// Run the runtime stage as a non-root user when the original does not choose one.
    pub non_root: bool,
}

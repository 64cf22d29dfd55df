//! Rust: what slimfile knows about Rust with Cargo: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

mod cargo_manifest;
mod plan;

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// Rust, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Rust,
    name: "Rust",
    programs: &["cargo", "rustc", "rustup"],
    manifests: &["Cargo.toml"],
    lock_files: &["Cargo.lock"],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: Some(plan::plan),
};

/// A stage that builds or installs with cargo.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    if signals.runs(&["cargo"], &["build", "install"]) { Trigger::Split } else { Trigger::NotThis }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    const RUST_HINT: &str = "copy Cargo.toml and Cargo.lock and build the dependencies first, with a stub `src/main.rs` (Cargo needs a build target) or cargo-chef, then copy the source";

    pub(in super::super) const ROWS: &[Row] = &[Row {
        programs: &["cargo"],
        form: Form::Subcommand(&["fetch", "build"]),
        operands: Operands::Any,
        value_flags: &["--manifest-path", "-p", "--package", "--bin", "--target", "-j", "--jobs", "--features", "-F"],
        dir_flags: &["--manifest-path"],
        reads: ReadsSpec::Unlisted { hint: RUST_HINT },
        dev: Dev::None,
        no_dev_fix_with: &[],
    }];
}

/// The commands that build.
mod builds {
    use super::super::build::*;

    pub(in super::super) const ROWS: &[Row] =
        &[Row { programs: &["cargo"], form: Form::Subcommand(&["build", "install", "rustc"]) }];
}

/// Its base images.
mod images {
    use super::super::images::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        repository: "rust",
        toolchain: When::Always,
        runtime: Some(Runtime::Fixed(DISTROLESS_CC)),
        static_runtime: Some(DISTROLESS_STATIC),
        compilers: When::Always,
        slimmer: Some(Slimmer::Slim {
            at: SlimAt::BeforeRelease,
            bare: "slim",
            version_words: &[],
            suites: false,
            alpine: true,
        }),
    }];
}

/// The package managers' caches.
mod caches {
    use crate::fix::Applicability;
    use crate::rules::package_caches::*;

    pub(in super::super) const CACHES: &[PackageCache] = &[
        // The Cargo Book, "Cargo Home": the registry cache is $CARGO_HOME/registry (default
        // ~/.cargo); the rust image sets CARGO_HOME=/usr/local/cargo.
        PackageCache {
            programs: &["cargo"],
            fills: &[
                &["build"],
                &["b"],
                &["install"],
                &["fetch"],
                &["run"],
                &["r"],
                &["test"],
                &["t"],
                &["check"],
                &["c"],
                &["doc"],
                &["bench"],
                &["vendor"],
                &["chef", "cook"],
            ],
            dirs: &[CacheDir {
                what: "Cargo's registry cache",
                moved_by: &[("CARGO_HOME", "/registry")],
                in_images: &[("rust", "/usr/local/cargo/registry")],
                defaults: &["~/.cargo/registry"],
            }],
            off_flags: &["--offline", "--frozen"],
            off_env: &["CARGO_NET_OFFLINE"],
            cleanups: &[],
            remedy: Remedy::CacheMount,
            applicability: Applicability::Unsafe,
            skip_in_images: &[],
            not_after: &[],
        },
    ];
}

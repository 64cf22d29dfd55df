//! Go: what slimfile knows about Go modules: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

mod cgo_modules;
mod go_mod;
mod plan;

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// The working directory the Go images set (`WORKDIR /go` in docker-library/golang), where a
/// stage without its own `WORKDIR` builds.
pub(super) const IMAGE_WORKDIRS: &[(&str, &str)] = &[("golang", "/go")];

/// Go, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Go,
    name: "Go",
    programs: &["go"],
    manifests: &["go.mod"],
    lock_files: &["go.sum"],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: Some(plan::plan),
};

/// A stage that runs `go` on the golang image, or that builds or installs with it.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    let go =
        signals.program(&["go"]) && (signals.repository == "golang" || signals.runs(&["go"], &["build", "install"]));
    if go { Trigger::Split } else { Trigger::NotThis }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        programs: &["go"],
        form: Form::Path(&["mod", "download"]),
        operands: Operands::Any,
        value_flags: &["-modfile"],
        dir_flags: &["-C", "-modfile"],
        reads: ReadsSpec::Files { required: &["go.mod"], optional: &["go.sum"] },
        dev: Dev::None,
        no_dev_fix_with: &[],
    }];
}

/// The commands that build.
mod builds {
    use super::super::build::*;

    pub(in super::super) const ROWS: &[Row] =
        &[Row { programs: &["go"], form: Form::Subcommand(&["build", "install"]) }];
}

/// Its base images.
mod images {
    use super::super::images::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        repository: "golang",
        toolchain: When::Always,
        runtime: Some(Runtime::Fixed(DISTROLESS_BASE)),
        static_runtime: Some(DISTROLESS_STATIC),
        // docker-library/golang installs gcc, g++, make on Debian, not on Alpine.
        compilers: When::UnlessTagHas(&["alpine"]),
        slimmer: None,
    }];
}

/// The package managers' caches.
mod caches {
    use crate::fix::Applicability;
    use crate::rules::package_caches::*;

    pub(in super::super) const CACHES: &[PackageCache] = &[
        // The Go command's documentation: GOCACHE defaults to $XDG_CACHE_HOME/go-build or
        // ~/.cache/go-build; GOMODCACHE to $GOPATH/pkg/mod, and the golang image sets GOPATH=/go.
        PackageCache {
            programs: &["go"],
            fills: &[
                &["build"],
                &["install"],
                &["test"],
                &["run"],
                &["get"],
                &["vet"],
                &["mod", "download"],
                &["mod", "tidy"],
            ],
            dirs: &[
                CacheDir {
                    what: "Go's build cache",
                    moved_by: &[("GOCACHE", ""), ("XDG_CACHE_HOME", "/go-build")],
                    in_images: &[],
                    defaults: &["~/.cache/go-build"],
                },
                CacheDir {
                    what: "Go's module cache",
                    moved_by: &[("GOMODCACHE", ""), ("GOPATH", "/pkg/mod")],
                    in_images: &[("golang", "/go/pkg/mod")],
                    defaults: &["~/go/pkg/mod"],
                },
            ],
            off_flags: &[],
            off_env: &[],
            cleanups: &[],
            remedy: Remedy::CacheMount,
            applicability: Applicability::Unsafe,
            skip_in_images: &[],
            not_after: &[],
        },
    ];
}
